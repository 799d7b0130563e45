/*
 * sread.c: the typed reading of the top level and of run, sources, goal
 * and levers (stations are sstn.c's, hardware shw.c's). Names a source
 * sends to are kept as text here and resolved in sgraph.c once every
 * station is read; goal and levers are also kept as compact text.
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"

/* ------------------------------------------------------------------ */
/* run                                                                 */

static int read_warmup(rd *r, const cJSON *v, scen_run *run)
{
	static const char *const keys[] = { "items", NULL };
	double x;

	if (cJSON_IsString(v) && v->valuestring &&
	    strcmp(v->valuestring, "auto") == 0) {
		run->warm = WARM_AUTO;
		return 0;
	}
	if (cJSON_IsObject(v)) {
		const cJSON *c = jrd_member(v, "items");
		size_t mark;

		if (jrd_check_keys(&r->j, v, keys) < 0)
			return -1;
		if (!c)
			return jrd_missing(&r->j, "items");
		mark = jrd_key(&r->j, "items");
		if (jrd_get_int(&r->j, c, 0, MAX_RUN_ITEMS, &run->warm_items) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		run->warm = run->warm_items ? WARM_ITEMS : WARM_NONE;
		return 0;
	}
	if (cJSON_IsString(v) && v->valuestring &&
	    unit_parse(UNIT_DURATION, v->valuestring, &x, NULL, 0) < 0) {
		char q[96];

		return jrd_fail(&r->j, "%s is not a duration (units: %s), "
				"{\"items\": N} or \"auto\"",
				names_quote(q, sizeof q, v->valuestring),
				unit_list(UNIT_DURATION));
	}
	if (!cJSON_IsString(v) && !cJSON_IsNumber(v))
		return jrd_fail(&r->j, "expected a duration, {\"items\": N} or "
				"\"auto\", got %s", names_type(v));
	if (sget_simtime(r, v, 0, &run->warm_time) < 0)
		return -1;
	run->warm = run->warm_time ? WARM_TIME : WARM_NONE;
	return 0;
}

static int read_run(rd *r, const cJSON *v)
{
	static const char *const keys[] = {
		"duration", "items", "warmup", "replications", NULL
	};
	scen_run *run = &r->s->run;
	const cJSON *c, *length = NULL;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"duration\": "
				"\"60s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		if (!strcmp(c->string, "duration") ||
		    !strcmp(c->string, "items")) {
			char q[96];

			if (length)
				return jrd_fail_key(&r->j, "%s and %s cannot both be "
						    "given",
						    names_quote(q, sizeof q,
							    length->string),
						    c->string[0] == 'd' ?
						    "\"duration\"" : "\"items\"");
			length = c;
		}
		if (!strcmp(c->string, "duration"))
			rc = sget_simtime(r, c, 1, &run->duration);
		else if (!strcmp(c->string, "items"))
			rc = jrd_get_int(&r->j, c, 1, MAX_RUN_ITEMS, &run->items);
		else if (!strcmp(c->string, "warmup"))
			rc = read_warmup(r, c, run);
		else
			rc = jrd_get_int(&r->j, c, 1, MAX_REPS, &run->replications);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!length)
		return jrd_fail(&r->j, "missing \"duration\" or \"items\" (how long "
				"to run)");
	return 0;
}

/* ------------------------------------------------------------------ */
/* sources                                                             */

static const char *const source_keys[] = {
	"name", "to", "rate", "arrival", "closed", "saturate", "limit",
	"items_per_unit", "unit", "bytes", NULL
};

static int read_closed(rd *r, const cJSON *v, scen_source *src)
{
	static const char *const keys[] = { "clients", "think", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"clients\": 10, "
				"\"think\": \"1s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "clients"))
		return jrd_missing(&r->j, "clients");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (!strcmp(c->string, "clients")) {
			if (jrd_get_int(&r->j, c, 1, MAX_CLIENTS, &src->clients) < 0)
				return -1;
			if ((r->clients += src->clients) > MAX_CLIENTS)
				return jrd_fail(&r->j, "too many closed clients: at "
						"most %d in all sources",
						MAX_CLIENTS);
		} else if (sdist_get(r, c, 1, &src->think) < 0) {
			return -1;
		}
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* The one source kind given: rate, arrival, closed or saturate. */
static int read_source_kind(rd *r, const cJSON *c, scen_source *src)
{
	double x;
	int on = 0;

	if (!strcmp(c->string, "rate")) {
		if (sget_rate(r, c, &x) < 0)
			return -1;
		src->arrival = dist_exp(1 / x);
	} else if (!strcmp(c->string, "arrival")) {
		if (sdist_get(r, c, 1, &src->arrival) < 0)
			return -1;
		/* Arrivals that all come at one instant never let the
		 * clock move. */
		if (dist_mean(&src->arrival) < 1e-9)
			return jrd_fail(&r->j, "the mean time between arrivals must "
					"be at least 1ns");
	} else if (!strcmp(c->string, "closed")) {
		src->kind = SCEN_SRC_CLOSED;
		return read_closed(r, c, src);
	} else {
		if (jrd_get_bool(&r->j, c, &on) < 0)
			return -1;
		if (!on)
			return jrd_fail(&r->j, "must be true (leave it out for a "
					"source that is not saturated)");
		src->kind = SCEN_SRC_SATURATE;
	}
	return 0;
}

static int read_source_field(rd *r, const cJSON *c, scen_source *src)
{
	const char *k = c->string;
	double x;

	if (!strcmp(k, "name"))
		return sget_name(r, c, &src->name);
	if (!strcmp(k, "to")) {
		if (!cJSON_IsString(c))
			return jrd_fail(&r->j, "expected a station name, got %s",
					names_type(c));
		return 0;	/* resolved once all stations are read */
	}
	if (!strcmp(k, "limit"))
		return jrd_get_int(&r->j, c, 1, MAX_ITEMS, &src->limit);
	if (!strcmp(k, "items_per_unit")) {
		if (jrd_get_qty(&r->j, c, UNIT_COUNT, &x) < 0)
			return -1;
		if (x <= 0)
			return jrd_fail(&r->j, "must be greater than 0");
		if (x > MAX_PER_UNIT)
			return jrd_fail(&r->j, "must be at most 1000000000000");
		src->items_per_unit = x;
		return 0;
	}
	if (!strcmp(k, "unit"))
		return sget_string(r, c, 1, &src->unit);
	if (!strcmp(k, "bytes"))
		return sget_size(r, c, &src->bytes);
	return read_source_kind(r, c, src);
}

/* Source i of the scen. */
static int read_source(rd *r, const cJSON *v, int i)
{
	static const char *const kinds[] = {
		"rate", "arrival", "closed", "saturate", NULL
	};
	scen_source *src = &r->s->sources[i];
	const cJSON *c, *kind = NULL;
	char list[100], q[96];

	src->to = -1;
	src->limit = -1;
	src->items_per_unit = 1;
	if (!(src->unit = hb_strdup("items")))
		return jrd_oom(&r->j);
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (a source), got %s",
				names_type(v));
	if (jrd_check_keys(&r->j, v, source_keys) < 0)
		return -1;
	names_join(list, sizeof list, ", ", kinds, 4, 0);
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (names_index(c->string, kinds) >= 0) {
			if (kind)
				return jrd_fail_key(&r->j, "%s and \"%s\" cannot both "
						    "be given (a source has one "
						    "of: %s)",
						    names_quote(q, sizeof q,
							    kind->string),
						    c->string, list);
			kind = c;
		}
		if (read_source_field(r, c, src) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "name"))
		return jrd_missing(&r->j, "name");
	if (!jrd_member(v, "to"))
		return jrd_missing(&r->j, "to");
	if (!kind)
		return jrd_fail(&r->j, "missing how items arrive: one of %s", list);
	return 0;
}

static int read_sources(rd *r, const cJSON *v)
{
	int n = 0;

	if (jrd_get_list(&r->j, v, "sources", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->sources = hb_calloc((size_t)n, sizeof *r->s->sources)))
		return jrd_oom(&r->j);
	r->s->nsources = n;
	r->jsources = v;
	return sget_elements(r, v, read_source);
}

/* ------------------------------------------------------------------ */
/* goal, levers                                                        */

static int read_goal(rd *r, const cJSON *v)
{
	static const char *const keys[] = {
		"throughput", "latency_p99", NULL
	};
	const cJSON *c;
	double x;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"throughput\": "
				"\"1000/s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (!strcmp(c->string, "throughput") ? sget_rate(r, c, &x) < 0
		    : sget_time(r, c, 1, &x) < 0)
			return -1;
		*(c->string[0] == 't' ? &r->s->goal.throughput :
		  &r->s->goal.latency_p99) = x;
		jrd_pop(&r->j, mark);
	}
	return sget_text(r, v, &r->s->goal_text);
}

/* A cost per hour: 2.10, "2.10$/h", "$2.10/h", each maybe followed by
 * " per unit" (the lever's value counts the units). */
static int get_cost(rd *r, const cJSON *v, scen_lever *lv)
{
	static const char hint[] = "expected a cost like \"2.10$/h\" or "
				   "\"2.10$/h per unit\"";
	const char *p;
	char *end;

	if (cJSON_IsNumber(v)) {
		lv->cost = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring) {
		p = v->valuestring;
		p += *p == '$';
		lv->cost = strtod(p, &end);
		if (end == p)
			return jrd_fail(&r->j, "%s", hint);
		p = end;
		while (*p == ' ')
			p++;
		p += *p == '$';
		if (strncmp(p, "/h", 2))
			return jrd_fail(&r->j, "%s", hint);
		for (p += 2; *p == ' '; p++)
			;
		if (!strcmp(p, "per unit"))
			lv->per_unit = 1;
		else if (*p)
			return jrd_fail(&r->j, "%s", hint);
	} else {
		return jrd_fail(&r->j, "%s, got %s", hint, names_type(v));
	}
	if (!isfinite(lv->cost) || lv->cost < 0 || lv->cost > 1e12)
		return jrd_fail(&r->j, "a cost must be a number from 0 to 1e12 $/h");
	return 0;
}

/* The values a lever tries, kept as --set text. */
static int read_lever_values(rd *r, const cJSON *v, scen_lever *lv)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "values", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(lv->values = hb_calloc((size_t)n, sizeof *lv->values)))
		return jrd_oom(&r->j);
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);
		char *t;

		if (!cJSON_IsString(e) && !cJSON_IsNumber(e))
			return jrd_fail(&r->j, "expected a string or a number, got %s",
					names_type(e));
		if (!(t = cJSON_PrintUnformatted(e)))
			return jrd_oom(&r->j);
		lv->values[i] = hb_strdup(t);
		cJSON_free(t);
		if (!lv->values[i++])
			return jrd_oom(&r->j);
		lv->nvalues = i;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

static int read_lever(rd *r, const cJSON *v, scen_lever *lv)
{
	static const char *const keys[] = { "set", "values", "cost", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"set\": "
				"\"stations.a.servers\", \"values\": [1, 2]}, "
				"got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "set"))
			rc = sget_string(r, c, 1, &lv->set);
		else if (!strcmp(c->string, "values"))
			rc = read_lever_values(r, c, lv);
		else
			rc = get_cost(r, c, lv);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "set"))
		return jrd_missing(&r->j, "set");
	if (!jrd_member(v, "values"))
		return jrd_missing(&r->j, "values");
	return 0;
}

static int read_levers(rd *r, const cJSON *v)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "levers", 0, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->lever = hb_calloc((size_t)n + 1, sizeof *r->s->lever)))
		return jrd_oom(&r->j);
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		r->s->nlevers = i + 1;
		if (read_lever(r, e, &r->s->lever[i++]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return sget_text(r, v, &r->s->levers_text);
}

/* ------------------------------------------------------------------ */
/* The top level                                                       */

static const char *const top_keys[] = {
	"name", "description", "notes", "seed", "run", "hardware", "sources",
	"stations", "goal", "levers", NULL
};

static int read_top_field(rd *r, const cJSON *c)
{
	const char *k = c->string;
	int64_t seed;

	if (!strcmp(k, "name"))
		return sget_string(r, c, 1, &r->s->name);
	if (!strcmp(k, "description"))
		return sget_string(r, c, 0, &r->s->description);
	if (!strcmp(k, "notes"))
		return sget_string(r, c, JRD_TEXT, &r->s->notes);
	if (!strcmp(k, "seed")) {
		if (jrd_get_int(&r->j, c, 0, MAX_SEED, &seed) < 0)
			return -1;
		r->s->seed = (uint64_t)seed;
		return 0;
	}
	if (!strcmp(k, "run"))
		return read_run(r, c);
	if (!strcmp(k, "hardware"))
		return shw_read(r, c);
	if (!strcmp(k, "sources"))
		return read_sources(r, c);
	if (!strcmp(k, "stations"))
		return sstn_read(r, c);
	if (!strcmp(k, "goal"))
		return read_goal(r, c);
	return read_levers(r, c);
}

int sread_top(rd *r, const cJSON *root)
{
	static const char *const required[] = {
		"name", "run", "sources", "stations", NULL
	};
	static const char *const what[] = {
		"what to call the scenario",
		"how long to run: {\"duration\": \"60s\"} or {\"items\": N}",
		"where items come from", "the stations of the line"
	};
	const cJSON *c;
	int i;

	if (!cJSON_IsObject(root))
		return jrd_fail(&r->j, "expected an object (the scenario), got %s",
				names_type(root));
	r->s->seed = 1;
	r->s->run.replications = 1;
	r->s->description = hb_strdup("");
	r->s->notes = hb_strdup("");
	if (!r->s->description || !r->s->notes)
		return jrd_oom(&r->j);
	if (jrd_check_keys(&r->j, root, top_keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, root) {
		size_t mark = jrd_key(&r->j, c->string);

		if (read_top_field(r, c) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	for (i = 0; required[i]; i++)
		if (!jrd_member(root, required[i]))
			return jrd_fail(&r->j, "missing required key \"%s\" (%s)",
					required[i], what[i]);
	return 0;
}
