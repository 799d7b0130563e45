/*
 * sdist.c: distributions of times (seconds) and of counts: a constant, or
 * one of exponential, uniform, uniform_int, normal, lognormal, erlang,
 * gamma, triangular and empirical, each in its own JSON form, checked
 * before core/dist.h builds it. An empirical list is kept by the scen
 * (s->owned), as dists only point at their values.
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"

static const char *const dist_names[] = {
	"exponential", "uniform", "uniform_int", "normal", "lognormal",
	"erlang", "gamma", "triangular", "empirical", NULL
};

enum { D_EXP, D_UNIFORM, D_UNIFORM_INT, D_NORMAL, D_LOGNORMAL, D_ERLANG,
       D_GAMMA, D_TRIANGULAR, D_EMPIRICAL };

/* One value of a distribution: a duration (is_time) or a plain count. */
static int dist_value(rd *r, const cJSON *v, int is_time, double *out)
{
	char b[40];

	if (is_time)
		return sget_time(r, v, 0, out);
	if (jrd_get_qty(&r->j, v, UNIT_COUNT, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_COUNT)
		return jrd_fail(&r->j, "must be at most %s", jrd_num(b, sizeof b,
							  MAX_COUNT));
	return 0;
}

static const char *value_text(char *buf, size_t n, int is_time, double x)
{
	if (is_time)
		unit_format(UNIT_DURATION, x, buf, n);
	else
		jrd_num(buf, n, x);
	return buf;
}

/* The values of the list v into x[], which has room for all of them. */
static int dist_values(rd *r, const cJSON *v, int is_time, double *x)
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (dist_value(r, e, is_time, &x[i]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* The n values of a list form ([lo, hi], [min, mode, max]). */
static int dist_tuple(rd *r, const cJSON *v, int is_time, const char *form,
		      double *x, int n)
{
	if (!cJSON_IsArray(v))
		return jrd_fail(&r->j, "expected a list %s, got %s", form,
				names_type(v));
	if (cJSON_GetArraySize(v) != n)
		return jrd_fail(&r->j, "expected a list %s of %d values, got %d", form,
				n, cJSON_GetArraySize(v));
	return dist_values(r, v, is_time, x);
}

/* The fields of {"normal": {"mean", "sd"}} and its kind: each key read
 * by the callback in order, every key required. */
typedef struct dfield {
	const char *key;
	int what;		/* 0 value, 1 cv, 2 k */
	double x;
} dfield;

static int dist_fields(rd *r, const cJSON *v, int is_time, dfield *f, int n)
{
	const char *names[4];
	const cJSON *c;
	int i;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object {\"%s\": ..., \"%s\": ...}, "
				"got %s", f[0].key, f[1].key, names_type(v));
	for (i = 0; i < n; i++)
		names[i] = f[i].key;
	names[n] = NULL;
	if (jrd_check_keys(&r->j, v, names) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t mark;
		int64_t k;

		if (!(c = jrd_member(v, f[i].key)))
			return jrd_missing(&r->j, f[i].key);
		mark = jrd_key(&r->j, f[i].key);
		if (f[i].what == 0 && dist_value(r, c, is_time, &f[i].x) < 0)
			return -1;
		if (f[i].what == 1 && jrd_get_num(&r->j, c, 0, MAX_CV, &f[i].x) < 0)
			return -1;
		if (f[i].what == 2) {
			if (jrd_get_int(&r->j, c, 1, MAX_ERLANG_K, &k) < 0)
				return -1;
			f[i].x = (double)k;
		}
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* Keep an empirical list in the scen (dists only point at it). */
static int own(rd *r, double *v)
{
	double **o = hb_realloc(r->s->owned,
				(size_t)(r->s->nowned + 1) * sizeof *o);

	if (!o) {
		hb_free(v);
		return jrd_oom(&r->j);
	}
	r->s->owned = o;
	o[r->s->nowned++] = v;
	return 0;
}

static int dist_empirical_list(rd *r, const cJSON *v, int is_time, dist *out)
{
	double *x;
	int n = 0;

	if (jrd_get_list(&r->j, v, "values", 1, MAX_EMPIRICAL, &n) < 0)
		return -1;
	if (!(x = hb_malloc((size_t)n * sizeof *x)))
		return jrd_oom(&r->j);
	if (own(r, x) < 0 || dist_values(r, v, is_time, x) < 0)
		return -1;
	*out = dist_empirical(x, (size_t)n);
	return 0;
}

/* uniform_int: integer bounds (for a time, whole seconds). */
static int dist_die(rd *r, const cJSON *v, int is_time, dist *out)
{
	double x[2];
	char b[40];
	int i;

	if (dist_tuple(r, v, is_time, "[lo, hi]", x, 2) < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (x[i] != floor(x[i])) {
			size_t mark = jrd_index(&r->j, i);

			jrd_fail(&r->j, "expected %s, got %s (uniform_int draws whole "
				 "numbers)", is_time ? "whole seconds" :
				 "an integer", value_text(b, sizeof b, is_time,
						      x[i]));
			jrd_pop(&r->j, mark);
			return -1;
		}
	if (x[0] > x[1])
		return jrd_fail(&r->j, "lo (%.0f) is greater than hi (%.0f)", x[0],
				x[1]);
	*out = dist_uniform_int((long)x[0], (long)x[1]);
	return 0;
}

static int dist_form(rd *r, int form, const cJSON *v, int is_time,
		     dist *out)
{
	char b0[40], b1[40], b2[40];
	dfield f[2];
	double x[3];

	switch (form) {
	case D_EXP:
		if (dist_value(r, v, is_time, &x[0]) < 0)
			return -1;
		*out = dist_exp(x[0]);
		return 0;
	case D_UNIFORM:
		if (dist_tuple(r, v, is_time, "[lo, hi]", x, 2) < 0)
			return -1;
		if (x[0] > x[1])
			return jrd_fail(&r->j, "lo (%s) is greater than hi (%s)",
					value_text(b0, sizeof b0, is_time, x[0]),
					value_text(b1, sizeof b1, is_time, x[1]));
		*out = dist_uniform(x[0], x[1]);
		return 0;
	case D_UNIFORM_INT:
		return dist_die(r, v, is_time, out);
	case D_TRIANGULAR:
		if (dist_tuple(r, v, is_time, "[min, mode, max]", x, 3) < 0)
			return -1;
		if (x[0] > x[1] || x[1] > x[2])
			return jrd_fail(&r->j, "expected min <= mode <= max, got %s, "
					"%s, %s",
					value_text(b0, sizeof b0, is_time, x[0]),
					value_text(b1, sizeof b1, is_time, x[1]),
					value_text(b2, sizeof b2, is_time, x[2]));
		*out = dist_triangular(x[0], x[1], x[2]);
		return 0;
	case D_EMPIRICAL:
		return dist_empirical_list(r, v, is_time, out);
	}
	f[0] = (dfield){ "mean", 0, 0 };
	f[1] = form == D_NORMAL ? (dfield){ "sd", 0, 0 }
	     : form == D_ERLANG ? (dfield){ "k", 2, 0 }
	     : (dfield){ "cv", 1, 0 };
	if (dist_fields(r, v, is_time, f, 2) < 0)
		return -1;
	if (form == D_NORMAL)
		*out = dist_normal(f[0].x, f[1].x);
	else if (form == D_LOGNORMAL)
		*out = dist_lognormal(f[0].x, f[1].x);
	else if (form == D_ERLANG)
		*out = dist_erlang(f[0].x, (int)f[1].x);
	else
		*out = dist_gamma(f[0].x, f[1].x);
	return 0;
}

/* A distribution of times (seconds) or of counts (per_period). */
int sdist_get(rd *r, const cJSON *v, int is_time, dist *out)
{
	char q[96], q2[96], list[200], h[128];
	const cJSON *c;
	size_t mark;
	int form, rc;

	if (cJSON_IsNumber(v) || cJSON_IsString(v)) {
		double x;

		if (dist_value(r, v, is_time, &x) < 0)
			return -1;
		*out = dist_const(x);
		return 0;
	}
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected %s, got %s", is_time ?
				"a time: a duration like \"8ms\" or a distribution "
				"like {\"exponential\": \"8ms\"}" :
				"a count: a number like 3 or a distribution like "
				"{\"uniform_int\": [1, 6]}", names_type(v));
	names_join(list, sizeof list, ", ", dist_names,
		   names_count(dist_names), 0);
	if (!(c = v->child))
		return jrd_fail(&r->j, "expected a distribution (one of: %s), got an "
				"empty object", list);
	if (c->next) {
		if (strcmp(c->string, c->next->string) == 0)
			return jrd_check_keys(&r->j, v, NULL);
		jrd_key(&r->j, c->next->string);
		return jrd_fail_key(&r->j, "a distribution has one key, got %s and %s",
				    names_quote(q, sizeof q, c->string),
				    names_quote(q2, sizeof q2, c->next->string));
	}
	mark = jrd_key(&r->j, c->string);
	if ((form = names_index(c->string, dist_names)) < 0)
		return jrd_fail_key(&r->j, "unknown distribution %s (expected one of: "
				    "%s)%s", names_quote(q, sizeof q, c->string),
				    list, names_hint(h, sizeof h, c->string,
						 dist_names,
						 names_count(dist_names)));
	rc = dist_form(r, form, c, is_time, out);
	jrd_pop(&r->j, mark);
	return rc;
}
