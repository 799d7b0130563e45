/*
 * sget.c: the scenario's values on top of jrd's typed getters: times,
 * sizes and rates within the scenario's limits, strings and names that
 * the scen owns, lists of names, the loop over a list's elements, and
 * sections kept as compact JSON text.
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"

/* A duration in seconds: >= 0 (positive: >= 1 ns), at most MAX_SECONDS. */
int sget_time(rd *r, const cJSON *v, int positive, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_DURATION, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_SECONDS)
		return jrd_fail(&r->j, "must be at most " MAX_SECONDS_TEXT);
	if (positive && *out == 0)
		return jrd_fail(&r->j, "must be greater than 0");
	if (positive && st_from_s(*out) < 1)
		return jrd_fail(&r->j, "must be at least 1ns");
	return 0;
}

int sget_simtime(rd *r, const cJSON *v, int positive, simtime *out)
{
	double x;

	if (sget_time(r, v, positive, &x) < 0)
		return -1;
	*out = st_from_s(x);
	return 0;
}

int sget_size(rd *r, const cJSON *v, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_SIZE, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_BYTES)
		return jrd_fail(&r->j, "must be at most " MAX_BYTES_TEXT);
	return 0;
}

int sget_rate(rd *r, const cJSON *v, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_RATE, out) < 0)
		return -1;
	if (*out <= 0)
		return jrd_fail(&r->j, "must be greater than 0");
	if (*out > MAX_RATE)
		return jrd_fail(&r->j, "must be at most 1000000000/s");
	if (1 / *out > MAX_SECONDS)	/* the mean gap must be a time */
		return jrd_fail(&r->j, "must be at least 1/" MAX_SECONDS_TEXT);
	return 0;
}

/* A string, copied into *out (owned by the scen). need is a kind of
 * jrd_get_string's: 1 is JRD_NONEMPTY (names, units), 0 JRD_ANY (one
 * line, maybe empty), or JRD_TEXT (free text: line breaks allowed). */
_Static_assert(JRD_ANY == 0 && JRD_NONEMPTY == 1,
	       "sget_string's callers pass 0 and 1");
int sget_string(rd *r, const cJSON *v, int need, char **out)
{
	const char *t;

	if (jrd_get_string(&r->j, v, need, &t) < 0)
		return -1;
	hb_free(*out);
	if (!(*out = hb_strdup(t)))
		return jrd_oom(&r->j);
	return 0;
}

/* A name of a source or station: it will appear in --set paths. The
 * characters are checked before the copy (a string with one of them is
 * neither empty nor of another type, so sget_string's errors come out
 * the same), and the copy's result is the result. */
int sget_name(rd *r, const cJSON *v, char **out)
{
	const char *bad;
	char q[96];

	if (cJSON_IsString(v) && v->valuestring &&
	    (bad = strpbrk(v->valuestring, ".[]=")) != NULL)
		return jrd_fail(&r->j, "%s may not contain '%c' (names are used in "
				"--set paths like stations.detect.servers)",
				names_quote(q, sizeof q, v->valuestring), *bad);
	return sget_string(r, v, 1, out);
}

/* Each element of the list v, read by fn with its index and its path
 * pushed: the loop of the readers of sources and stations. */
int sget_elements(rd *r, const cJSON *v,
		  int (*fn)(rd *, const cJSON *, int))
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (fn(r, e, i++) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* Names (devices, links) as a non-empty list of non-empty strings, or
 * with one_ok a single string. */
int sget_names(rd *r, const cJSON *v, int one_ok, char ***out,
	       int *n)
{
	const cJSON *e;
	int i = 0;

	if (one_ok && cJSON_IsString(v)) {
		if (!(*out = hb_calloc(1, sizeof **out)))
			return jrd_oom(&r->j);
		*n = 1;
		return sget_string(r, v, 1, &(*out)[0]);
	}
	if (one_ok && !cJSON_IsArray(v))
		return jrd_fail(&r->j, "expected a name or a list of names, got %s",
				names_type(v));
	if (jrd_get_list(&r->j, v, "names", 1, MAX_LIST, &i) < 0)
		return -1;
	if (!(*out = hb_calloc((size_t)i, sizeof **out)))
		return jrd_oom(&r->j);
	*n = i;
	i = 0;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (sget_string(r, e, 1, &(*out)[i++]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* Keep v as compact JSON text in *out. */
int sget_text(rd *r, const cJSON *v, char **out)
{
	char *t = cJSON_PrintUnformatted(v);

	if (!t)
		return jrd_oom(&r->j);
	*out = hb_strdup(t);
	cJSON_free(t);
	return *out ? 0 : jrd_oom(&r->j);
}
