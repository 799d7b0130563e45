/*
 * sstn.c: the typed reading of stations: their kind (process, periodic,
 * barrier) first, then each field in document order, checked against the
 * kind; batching, routes and forks, transports, work (a model's cost,
 * resolved in shw.c) and the rope. Station names in `next` are kept in
 * form only and resolved in sgraph.c.
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "coll.h"
#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"

static const char *const station_keys[] = {
	"name", "kind", "servers", "capacity", "on_full", "service",
	"device", "memory", "batching", "next", "transport", "period",
	"per_period", "turns", "initial", "group", "allreduce", "work", "rope",
	NULL
};

/* preferred: ascending batch sizes in 1..max_batch. */
static int read_preferred(rd *r, const cJSON *v, scen_batching *b)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "batch sizes", 0, MAX_LIST, &n) < 0)
		return -1;
	if (!(b->preferred = hb_calloc((size_t)n, sizeof *b->preferred)))
		return jrd_oom(&r->j);
	b->npreferred = n;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (jrd_get_int(&r->j, e, 1, b->max_batch, &b->preferred[i]) < 0)
			return -1;
		if (i > 0 && b->preferred[i] <= b->preferred[i - 1])
			return jrd_fail(&r->j, "batch sizes must ascend (%lld comes "
					"after %lld)", (long long)b->preferred[i],
					(long long)b->preferred[i - 1]);
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* One row [n, time] of a batch-time table. */
static int read_table_row(rd *r, const cJSON *v, scen_batching *b, int i)
{
	const cJSON *n = cJSON_GetArrayItem(v, 0);
	size_t mark;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return jrd_fail(&r->j, "expected a pair [batch size, time], got %s",
				cJSON_IsArray(v) ? "a list of another length" :
				names_type(v));
	mark = jrd_index(&r->j, 0);
	if (jrd_get_int(&r->j, n, 1, b->max_batch, &b->table_n[i]) < 0)
		return -1;
	if (i > 0 && b->table_n[i] <= b->table_n[i - 1])
		return jrd_fail(&r->j, "batch sizes must ascend (%lld comes after "
				"%lld)", (long long)b->table_n[i],
				(long long)b->table_n[i - 1]);
	jrd_pop(&r->j, mark);
	mark = jrd_index(&r->j, 1);
	if (sget_time(r, n->next, 0, &b->table_t[i]) < 0)
		return -1;
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_table(rd *r, const cJSON *v, scen_batching *b)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "[batch size, time] pairs", 1, MAX_LIST, &n) < 0)
		return -1;
	b->table_n = hb_calloc((size_t)n, sizeof *b->table_n);
	b->table_t = hb_calloc((size_t)n, sizeof *b->table_t);
	if (!b->table_n || !b->table_t)
		return jrd_oom(&r->j);
	b->ntable = n;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (read_table_row(r, e, b, i) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* time: {"base", "per_item"} or {"table": [[n, time], ...]}. */
static int read_batch_time(rd *r, const cJSON *v, scen_batching *b)
{
	static const char *const keys[] = { "base", "per_item", "table", NULL };
	const cJSON *c, *lin = NULL, *tab = NULL;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"base\": \"3ms\", "
				"\"per_item\": \"1ms\"} or {\"table\": [[1, "
				"\"3ms\"], ...]}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int is_tab = !strcmp(c->string, "table");

		if (is_tab ? lin != NULL : tab != NULL)
			return jrd_fail_key(&r->j, "\"table\" cannot be given with "
					    "\"base\" or \"per_item\"");
		if (is_tab) {
			tab = c;
			if (read_table(r, c, b) < 0)
				return -1;
		} else {
			lin = c;
			if (sget_time(r, c, 0, c->string[0] == 'b' ? &b->base
				      : &b->per_item) < 0)
				return -1;
		}
		jrd_pop(&r->j, mark);
	}
	if (!lin && !tab)
		return jrd_fail(&r->j, "expected \"base\" and \"per_item\", or a "
				"\"table\"");
	return 0;
}

static int read_batching(rd *r, const cJSON *v, scen_batching *b,
			 int *has_time)
{
	static const char *const keys[] = {
		"max_batch", "max_delay", "preferred", "max_queue", "time", NULL
	};
	const cJSON *c;

	b->on = 1;
	b->max_queue = -1;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"max_batch\": 8}, "
				"got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!(c = jrd_member(v, "max_batch")))
		return jrd_missing(&r->j, "max_batch");
	/* max_batch first: preferred and table are checked against it. */
	{
		size_t mark = jrd_key(&r->j, "max_batch");

		if (jrd_get_int(&r->j, c, 1, MAX_BATCH, &b->max_batch) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		if (!strcmp(c->string, "max_delay"))
			rc = sget_simtime(r, c, 0, &b->max_delay);
		else if (!strcmp(c->string, "preferred"))
			rc = read_preferred(r, c, b);
		else if (!strcmp(c->string, "max_queue"))
			rc = jrd_get_int(&r->j, c, 0, MAX_CAPACITY, &b->max_queue);
		else if (!strcmp(c->string, "time")) {
			rc = read_batch_time(r, c, b);
			*has_time = 1;
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* next, in form only: the names resolve later, in resolve_next. */
static int read_route(rd *r, const cJSON *v, scen_route *rt)
{
	static const char *const keys[] = { "to", "p", NULL };
	const cJSON *to = jrd_member(v, "to"), *p = jrd_member(v, "p");
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"to\": \"a\", "
				"\"p\": 0.5}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!to)
		return jrd_missing(&r->j, "to");
	if (!p)
		return jrd_missing(&r->j, "p");
	mark = jrd_key(&r->j, "to");
	if (!cJSON_IsString(to))
		return jrd_fail(&r->j, "expected a station name, got %s",
				names_type(to));
	jrd_pop(&r->j, mark);
	mark = jrd_key(&r->j, "p");
	if (jrd_get_num(&r->j, p, 0, 1, &rt->p) < 0)
		return -1;
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_routes(rd *r, const cJSON *v, scen_station *st)
{
	const cJSON *e;
	double sum = 0;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "routes", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(st->routes = hb_calloc((size_t)n, sizeof *st->routes)))
		return jrd_oom(&r->j);
	st->nroutes = n;
	st->next = NEXT_PROB;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		st->routes[i].to = -1;
		if (read_route(r, e, &st->routes[i]) < 0)
			return -1;
		sum += st->routes[i++].p;
		jrd_pop(&r->j, mark);
	}
	if (fabs(sum - 1) > 1e-9) {
		char b[40];

		return jrd_fail(&r->j, "the probabilities add up to %s, not 1",
				jrd_num(b, sizeof b, sum));
	}
	return 0;
}

static int read_fork(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "fork", "join", NULL };
	const cJSON *fork = jrd_member(v, "fork"), *join = jrd_member(v, "join"), *e;
	size_t mark;
	int n = 0, i = 0;

	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!fork)
		return jrd_missing(&r->j, "fork");
	if (!join)
		return jrd_missing(&r->j, "join");
	mark = jrd_key(&r->j, "fork");
	if (jrd_get_list(&r->j, fork, "branches", 2, MAX_LIST, &n) < 0)
		return -1;
	if (!(st->routes = hb_calloc((size_t)n, sizeof *st->routes)))
		return jrd_oom(&r->j);
	st->nroutes = n;
	st->next = NEXT_FORK;
	cJSON_ArrayForEach(e, fork) {
		size_t m = jrd_index(&r->j, i);

		st->routes[i++] = (scen_route){ -1, 1 };
		if (!cJSON_IsString(e))
			return jrd_fail(&r->j, "expected a station name, got %s",
					names_type(e));
		jrd_pop(&r->j, m);
	}
	jrd_pop(&r->j, mark);
	mark = jrd_key(&r->j, "join");
	if (!cJSON_IsString(join))
		return jrd_fail(&r->j, "expected a station name, got %s",
				names_type(join));
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_next(rd *r, const cJSON *v, scen_station *st)
{
	if (cJSON_IsString(v)) {
		if (!(st->routes = hb_calloc(1, sizeof *st->routes)))
			return jrd_oom(&r->j);
		st->routes[0] = (scen_route){ -1, 1 };
		st->nroutes = 1;
		st->next = NEXT_ONE;
		return 0;
	}
	if (cJSON_IsArray(v))
		return read_routes(r, v, st);
	if (cJSON_IsObject(v))
		return read_fork(r, v, st);
	return jrd_fail(&r->j, "expected a station name, a list of {\"to\", \"p\"} "
			"or {\"fork\": [...], \"join\": ...}, got %s",
			names_type(v));
}

static int read_transport(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "delay", "via", "bytes", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected {\"delay\": ...} or {\"via\": [...], "
				"\"bytes\": ...}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "delay")) {
			if (jrd_member(v, "via") || jrd_member(v, "bytes"))
				return jrd_fail_key(&r->j, "\"delay\" cannot be given "
						    "with \"via\" or \"bytes\"");
			st->transport = TRANSPORT_DELAY;
			rc = sdist_get(r, c, 1, &st->transport_delay);
		} else if (!strcmp(c->string, "via")) {
			st->transport = TRANSPORT_VIA;
			rc = sget_names(r, c, 0, &st->via, &st->nvia);
		} else {
			rc = sget_size(r, c, &st->transport_bytes);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "delay") && !jrd_member(v, "via"))
		return jrd_fail(&r->j, "missing \"delay\" or \"via\"");
	return 0;
}

/* Fields that only a periodic station has, or only a process one. */
static int kind_check(rd *r, const char *k, scen_stn_kind kind)
{
	static const char *const periodic_only[] = {
		"period", "per_period", "turns", NULL
	};
	static const char *const process_only[] = {
		"service", "batching", "work", "rope", NULL
	};
	static const char *const barrier_only[] = {
		"group", "allreduce", NULL
	};
	static const char *const not_barrier[] = {
		"servers", "capacity", "on_full", "batching", "device", "memory",
		"initial", "period", "per_period", "turns", "work", "rope", NULL
	};

	if (kind != SCEN_STN_BARRIER && names_index(k, barrier_only) >= 0)
		return jrd_fail_key(&r->j, "\"%s\" is only for barrier stations "
				    "(add \"kind\": \"barrier\")", k);
	if (kind == SCEN_STN_BARRIER && names_index(k, not_barrier) >= 0)
		return jrd_fail_key(&r->j, "a barrier station has no \"%s\": it holds "
				    "the replicas that reach it until all %s", k,
				    "are there, then runs the collective");
	if (kind == SCEN_STN_BARRIER)
		return 0;

	if (kind == SCEN_STN_PROCESS && names_index(k, periodic_only) >= 0)
		return jrd_fail_key(&r->j, "\"%s\" is only for periodic stations "
				    "(add \"kind\": \"periodic\")", k);
	if (kind == SCEN_STN_PERIODIC && names_index(k, process_only) >= 0)
		return jrd_fail_key(&r->j, "a periodic station has no \"%s\": it "
				    "moves per_period items each period", k);
	return 0;
}

/* A station's work: a catalog model (or its own figures) under a runtime
 * at a precision; shw_resolve turns it into time on the station's device. */
static int read_work(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = {
		"model", "runtime", "precision", "flops", "params", "bytes", NULL
	};
	const cJSON *c;

	st->has_work = 1;
	st->work_flops = st->work_params = st->work_bytes = NAN;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"model\": \"resnet50\", "
				"\"runtime\": \"tensorrt\", \"precision\": \"fp16\"}, "
				"got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "runtime"))
		return jrd_missing(&r->j, "runtime");
	if (!jrd_member(v, "precision"))
		return jrd_missing(&r->j, "precision");
	if (!jrd_member(v, "model") && (!jrd_member(v, "flops") || !jrd_member(v, "params")))
		return jrd_fail(&r->j, "a work needs a \"model\" from the catalog, or its "
				"\"flops\" (per item) and \"params\"");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		const char *k = c->string;
		int rc;

		if (!strcmp(k, "model"))
			rc = sget_string(r, c, 1, &st->work_model);
		else if (!strcmp(k, "runtime"))
			rc = sget_string(r, c, 1, &st->work_runtime);
		else if (!strcmp(k, "precision"))
			rc = sget_string(r, c, 1, &st->work_precision);
		else if (!strcmp(k, "bytes"))
			rc = sget_size(r, c, &st->work_bytes);
		else {
			double *x = k[0] == 'f' ? &st->work_flops : &st->work_params;

			rc = jrd_get_qty(&r->j, c, UNIT_COUNT, x);
			if (rc == 0 && !(*x >= 0 && *x <= 1e18))
				rc = jrd_fail(&r->j, "must be from 0 to 1e18");
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* A barrier's collective: {"bytes": size, "algorithm": word, "via":
 * [links]}: an all-reduce, routed over the hardware links between its
 * replicas' devices, or, when "via" names the links of one hop and the
 * replicas run on no devices joined by links, the algorithm's formula
 * over that hop (scoll.c decides, once the stations are placed). */
static int read_allreduce(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "bytes", "via", "algorithm", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"bytes\": \"1GB\", "
				"\"algorithm\": \"ring\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "bytes"))
		return jrd_missing(&r->j, "bytes");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "bytes")) {
			rc = sget_size(r, c, &st->allreduce_bytes);
			if (rc == 0 && !(st->allreduce_bytes > 0))
				rc = jrd_fail(&r->j, "must be more than 0");
		} else if (!strcmp(c->string, "algorithm")) {
			rc = jrd_get_word(&r->j, c, coll_algo_names, &st->ar_algo);
		} else {
			rc = sget_names(r, c, 0, &st->ar_via, &st->nar_via);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* One station sets the pace of the whole line's releases: two ropes would
 * leave an item's release waiting on whichever is tighter, which is no
 * longer drum-buffer-rope. */
static int read_rope(rd *r, const cJSON *c, scen_station *st)
{
	char q[96];

	if (jrd_get_int(&r->j, c, 1, MAX_CAPACITY, &st->rope) < 0)
		return -1;
	for (scen_station *o = r->s->stations; o < st; o++)
		if (o->rope > 0)
			return jrd_fail(&r->j, "only one station can hold the rope; "
					"%s has one already",
					names_quote(q, sizeof q, o->name));
	return 0;
}

static int read_station_field(rd *r, const cJSON *c, scen_station *st,
			      int *has_btime)
{
	static const char *const full[] = { "block", "drop", NULL };
	static const char *const turns[] = {
		"sequential", "simultaneous", NULL
	};
	const char *k = c->string;
	int w;

	if (!strcmp(k, "name"))
		return sget_name(r, c, &st->name);
	if (!strcmp(k, "kind"))
		return 0;	/* read first, in read_station */
	if (!strcmp(k, "servers"))
		return jrd_get_int(&r->j, c, 1, MAX_SERVERS, &st->servers);
	if (!strcmp(k, "capacity"))
		return jrd_get_int(&r->j, c, 0, MAX_CAPACITY, &st->capacity);
	if (!strcmp(k, "on_full")) {
		if (jrd_get_word(&r->j, c, full, &w) < 0)
			return -1;
		st->on_full = w ? FULL_DROP : FULL_BLOCK;
		return 0;
	}
	if (!strcmp(k, "service")) {
		st->has_service = 1;
		return sdist_get(r, c, 1, &st->service);
	}
	if (!strcmp(k, "device"))
		return sget_names(r, c, 1, &st->devices, &st->ndevices);
	if (!strcmp(k, "memory"))
		return sget_size(r, c, &st->memory);
	if (!strcmp(k, "batching"))
		return read_batching(r, c, &st->batching, has_btime);
	if (!strcmp(k, "next"))
		return read_next(r, c, st);
	if (!strcmp(k, "transport"))
		return read_transport(r, c, st);
	if (!strcmp(k, "period"))
		return sget_simtime(r, c, 1, &st->period);
	if (!strcmp(k, "per_period"))
		return sdist_get(r, c, 0, &st->per_period);
	if (!strcmp(k, "turns")) {
		if (jrd_get_word(&r->j, c, turns, &w) < 0)
			return -1;
		st->turns = w ? TURNS_SIMULTANEOUS : TURNS_SEQUENTIAL;
		return 0;
	}
	if (!strcmp(k, "group"))
		return jrd_get_int(&r->j, c, 2, MAX_SERVERS, &st->group);
	if (!strcmp(k, "work"))
		return read_work(r, c, st);
	if (!strcmp(k, "allreduce"))
		return read_allreduce(r, c, st);
	if (!strcmp(k, "rope"))
		return read_rope(r, c, st);
	if (jrd_get_int(&r->j, c, 0, MAX_INITIAL, &st->initial) < 0)
		return -1;
	if ((r->initial += st->initial) > MAX_INITIAL)
		return jrd_fail(&r->j, "too many initial items: at most %d in all "
				"stations", MAX_INITIAL);
	return 0;
}

static int read_kind(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const kinds[] = {
		"process", "periodic", "barrier", NULL
	};
	const cJSON *c = jrd_member(v, "kind");
	size_t mark;
	int w;

	if (!c)
		return 0;
	mark = jrd_key(&r->j, "kind");
	if (jrd_get_word(&r->j, c, kinds, &w) < 0)
		return -1;
	st->kind = w == 2 ? SCEN_STN_BARRIER : w ? SCEN_STN_PERIODIC : SCEN_STN_PROCESS;
	jrd_pop(&r->j, mark);
	return 0;
}

/* What a station needs once all its fields are read. */
static int station_complete(rd *r, const cJSON *v, scen_station *st,
			    int has_btime)
{
	if (!jrd_member(v, "name"))
		return jrd_missing(&r->j, "name");
	if (st->kind == SCEN_STN_PERIODIC) {
		if (!jrd_member(v, "period"))
			return jrd_missing(&r->j, "period");
		if (!jrd_member(v, "per_period"))
			return jrd_missing(&r->j, "per_period");
	} else if (st->kind == SCEN_STN_BARRIER) {
		if (!jrd_member(v, "group"))
			return jrd_missing(&r->j, "group");
		if (!jrd_member(v, "service") == !jrd_member(v, "allreduce"))
			return jrd_fail(&r->j, "a barrier needs its collective's time: "
					"\"service\", or \"allreduce\" (bytes over "
					"links), one of the two");
	} else if (st->has_work) {
		if (st->has_service || has_btime)
			return jrd_fail(&r->j, "\"work\" gives the time already: drop "
					"\"service\" and batching.time");
		if (!jrd_member(v, "device"))
			return jrd_fail(&r->j, "\"work\" needs a \"device\" to run on");
	} else if (!st->has_service && !has_btime) {
		return jrd_fail(&r->j, "missing \"service\" (the time to serve one "
				"item%s)", st->batching.on ?
				", or give batching a \"time\"" : "");
	} else if (st->has_service && has_btime) {
		size_t mark = jrd_key(&r->j, "service");

		jrd_fail_key(&r->j, "\"service\" cannot be given with batching.time "
			     "(both say how long a batch takes)");
		jrd_pop(&r->j, mark);
		return -1;
	}
	if (st->transport != TRANSPORT_NONE && st->next == NEXT_NONE) {
		size_t mark = jrd_key(&r->j, "transport");

		jrd_fail_key(&r->j, "a transport needs a \"next\" station (items "
			     "that leave the line are not moved)");
		jrd_pop(&r->j, mark);
		return -1;
	}
	return 0;
}

/* Station i of the scen. */
static int read_station(rd *r, const cJSON *v, int i)
{
	scen_station *st = &r->s->stations[i];
	const cJSON *c;
	int has_btime = 0;

	st->servers = 1;
	st->capacity = -1;
	st->join = -1;
	st->batching.max_queue = -1;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (a station), got %s",
				names_type(v));
	if (jrd_check_keys(&r->j, v, station_keys) < 0 || read_kind(r, v, st) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (kind_check(r, c->string, st->kind) < 0 ||
		    read_station_field(r, c, st, &has_btime) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return station_complete(r, v, st, has_btime);
}

int sstn_read(rd *r, const cJSON *v)
{
	int n = 0;

	if (jrd_get_list(&r->j, v, "stations", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->stations = hb_calloc((size_t)n, sizeof *r->s->stations)))
		return jrd_oom(&r->j);
	r->s->nstations = n;
	r->jstations = v;
	return sget_elements(r, v, read_station);
}
