/*
 * sgraph.c: the line's structure once every station is read. Names
 * resolve to indices (sources' `to`, stations' `next`, forks and joins)
 * and are each used once; then, with the hardware placed (shw.c), the
 * line is taken as a graph: every station is fed, every item can leave,
 * every fork branch reaches its join. Nothing here is quadratic in the
 * number of stations (the fuzzer feeds lists of thousands).
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"


typedef struct stn_index {
	jrd_keyref *sorted;		/* station names in order; owned */
	int *branch_of;		/* fork i + 1 that has station j as a branch */
	int n;
} stn_index;

static int cmp_name(const void *pa, const void *pb)
{
	return strcmp(((const jrd_keyref *)pa)->k, ((const jrd_keyref *)pb)->k);
}

/* Names must be unique: the first repeat, at its name. */
static int unique_names(rd *r, const char *list, const char *noun,
			const char *const *nm, int n)
{
	char path[64], q[96];
	int dup, orig;

	if (jrd_first_dup(&r->j, nm, n, &dup, &orig) < 0)
		return -1;
	if (dup < 0)
		return 0;
	snprintf(path, sizeof path, "%s[%d].name", list, dup);
	return jrd_fail_at(&r->j, path, path, 0, "duplicate %s name %s (%s[%d] has "
			   "it too)", noun, names_quote(q, sizeof q, nm[dup]), list,
			   orig);
}

/* Index of the station named by node v (a string), or an error at path. */
static int resolve(rd *r, const stn_index *nm, const cJSON *v, const char *path,
		   int *out)
{
	const char *all[64];
	char q[96], list[400], h[128];
	jrd_keyref key = { v->valuestring, 0 }, *hit;
	int i, n = nm->n < 64 ? nm->n : 64;

	hit = bsearch(&key, nm->sorted, (size_t)nm->n, sizeof key, cmp_name);
	if (hit) {
		*out = hit->i;
		return 0;
	}
	/* The first 64 names are candidates for "did you mean"; the
	 * message lists the first NAMES_SHOWN of them. */
	for (i = 0; i < n; i++)
		all[i] = r->s->stations[i].name;
	names_join(list, sizeof list, ", ", all, n, NAMES_SHOWN);
	return jrd_fail_at(&r->j, path, path, 0, "no station named %s (stations: "
			   "%s)%s", names_quote(q, sizeof q, v->valuestring), list,
			   strcmp(v->valuestring, "out") ?
			   names_hint(h, sizeof h, v->valuestring, all, n) :
			   "; \"out\" leaves the line only from a list of routes "
			   "[{\"to\": \"out\", \"p\": ...}]");
}

/* A probabilistic route's `to`: a station, or "out" (SCEN_OUT), which
 * leaves the line. A station named "out" keeps the name: scenarios
 * written before "out" existed mean it. */
static int resolve_route(rd *r, const stn_index *nm, const cJSON *v,
			 const char *path, int *out)
{
	jrd_keyref key = { v->valuestring, 0 };

	if (!strcmp(v->valuestring, "out") &&
	    !bsearch(&key, nm->sorted, (size_t)nm->n, sizeof key, cmp_name)) {
		*out = SCEN_OUT;
		return 0;
	}
	return resolve(r, nm, v, path, out);
}

static int resolve_next(rd *r, stn_index *nm, int i, const cJSON *next)
{
	scen_station *st = &r->s->stations[i];
	const cJSON *e;
	char path[96];
	int k = 0;

	if (st->next == NEXT_ONE) {
		snprintf(path, sizeof path, "stations[%d].next", i);
		return resolve(r, nm, next, path, &st->routes[0].to);
	}
	if (st->next == NEXT_PROB) {
		cJSON_ArrayForEach(e, next) {
			snprintf(path, sizeof path, "stations[%d].next[%d].to",
				 i, k);
			if (resolve_route(r, nm, jrd_member(e, "to"), path,
					  &st->routes[k++].to) < 0)
				return -1;
		}
		return 0;
	}
	cJSON_ArrayForEach(e, jrd_member(next, "fork")) {
		char q[96];

		snprintf(path, sizeof path, "stations[%d].next.fork[%d]", i,
			 k);
		if (resolve(r, nm, e, path, &st->routes[k].to) < 0)
			return -1;
		if (nm->branch_of[st->routes[k].to] == i + 1)
			return jrd_fail_at(&r->j, path, path, 0, "%s is already a "
					   "branch of this fork",
					   names_quote(q, sizeof q,
						   e->valuestring));
		nm->branch_of[st->routes[k++].to] = i + 1;
	}
	snprintf(path, sizeof path, "stations[%d].next.join", i);
	return resolve(r, nm, jrd_member(next, "join"), path, &st->join);
}

/* Names to indices: sources' `to`, stations' next, fork and join. */
static int resolve_all(rd *r, stn_index *nm)
{
	const char **list;
	const cJSON *e;
	char path[64];
	int i, rc;

	if (!(list = hb_malloc((size_t)r->s->nsources * sizeof *list)))
		return jrd_oom(&r->j);
	for (i = 0; i < r->s->nsources; i++)
		list[i] = r->s->sources[i].name;
	rc = unique_names(r, "sources", "source", list, r->s->nsources);
	hb_free(list);
	if (rc < 0)
		return -1;
	nm->sorted = hb_malloc((size_t)r->s->nstations * sizeof *nm->sorted);
	nm->branch_of = hb_calloc((size_t)r->s->nstations,
				  sizeof *nm->branch_of);
	if (!nm->sorted || !nm->branch_of)
		return jrd_oom(&r->j);
	nm->n = r->s->nstations;
	for (i = 0; i < nm->n; i++)
		nm->sorted[i] = (jrd_keyref){ r->s->stations[i].name, i };
	qsort(nm->sorted, (size_t)nm->n, sizeof *nm->sorted, jrd_keyref_cmp);
	{
		const char **sn = hb_malloc((size_t)nm->n * sizeof *sn);

		if (!sn)
			return jrd_oom(&r->j);
		for (i = 0; i < nm->n; i++)
			sn[i] = r->s->stations[i].name;
		rc = unique_names(r, "stations", "station", sn, nm->n);
		hb_free(sn);
		if (rc < 0)
			return -1;
	}
	i = 0;
	cJSON_ArrayForEach(e, r->jsources) {
		snprintf(path, sizeof path, "sources[%d].to", i);
		if (resolve(r, nm, jrd_member(e, "to"), path,
			    &r->s->sources[i].to) < 0)
			return -1;
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(e, r->jstations) {
		if (r->s->stations[i].next != NEXT_NONE &&
		    resolve_next(r, nm, i, jrd_member(e, "next")) < 0)
			return -1;
		i++;
	}
	return 0;
}

/* The line as a graph: an edge for every route an item can take (p > 0)
 * and every fork branch, both ways, in CSR arrays. A search marks what it
 * reaches with a fresh mark, so seen[] is never cleared between searches. */
typedef struct graph {
	int n, mark;
	int *off, *to;		/* out-edges of i: to[off[i]..off[i+1]) */
	int *roff, *from;	/* in-edges, likewise */
	int *seen, *queue;
} graph;

static void graph_release(graph *g)
{
	hb_free(g->off);
	hb_free(g->to);
	hb_free(g->roff);
	hb_free(g->from);
	hb_free(g->seen);
	hb_free(g->queue);
}

/* A counting sort of the edges by source and by target. */
static int graph_build(rd *r, graph *g)
{
	const scen *s = r->s;
	int i, k, m = 0;

	g->n = s->nstations;
	for (i = 0; i < g->n; i++)
		m += s->stations[i].nroutes;
	g->off = hb_calloc((size_t)g->n + 1, sizeof *g->off);
	g->roff = hb_calloc((size_t)g->n + 1, sizeof *g->roff);
	g->to = hb_calloc((size_t)m + 1, sizeof *g->to);
	g->from = hb_calloc((size_t)m + 1, sizeof *g->from);
	g->seen = hb_calloc((size_t)g->n, sizeof *g->seen);
	g->queue = hb_calloc((size_t)g->n, sizeof *g->queue);
	if (!g->off || !g->roff || !g->to || !g->from || !g->seen || !g->queue)
		return jrd_oom(&r->j);
	for (i = 0; i < g->n; i++)
		for (k = 0; k < s->stations[i].nroutes; k++)
			if (s->stations[i].routes[k].p > 0 &&
			    s->stations[i].routes[k].to != SCEN_OUT) {
				g->off[i + 1]++;
				g->roff[s->stations[i].routes[k].to + 1]++;
			}
	for (i = 0; i < g->n; i++) {
		g->off[i + 1] += g->off[i];
		g->roff[i + 1] += g->roff[i];
	}
	for (i = 0; i < g->n; i++) {
		int e = g->off[i];

		for (k = 0; k < s->stations[i].nroutes; k++) {
			int j = s->stations[i].routes[k].to;

			if (s->stations[i].routes[k].p <= 0 || j == SCEN_OUT)
				continue;
			g->to[e++] = j;
			g->from[g->roff[j] + g->seen[j]++] = i;	/* fill count */
		}
	}
	memset(g->seen, 0, (size_t)g->n * sizeof *g->seen);
	return 0;
}

static void graph_push(graph *g, int *tail, int i)
{
	if (g->seen[i] != g->mark) {
		g->seen[i] = g->mark;
		g->queue[(*tail)++] = i;
	}
}

/* Mark all that the queued stations reach, forward or backward. */
static void graph_search(graph *g, int tail, int backward)
{
	const int *off = backward ? g->roff : g->off;
	const int *adj = backward ? g->from : g->to;
	int head = 0, e;

	while (head < tail) {
		int i = g->queue[head++];

		for (e = off[i]; e < off[i + 1]; e++)
			graph_push(g, &tail, adj[e]);
	}
}

/* An error about station i as a whole: shown as stations[i], placed at
 * its name. */
__attribute__((format(printf, 3, 4)))
static int fail_station(rd *r, int i, const char *fmt, ...)
{
	char path[64], show[64];
	va_list ap;
	int rc;

	snprintf(path, sizeof path, "stations[%d].name", i);
	snprintf(show, sizeof show, "stations[%d]", i);
	va_start(ap, fmt);
	rc = jrd_vfail(&r->j, path, show, 1, -1, fmt, ap);
	va_end(ap);
	return rc;
}

/* Every branch of a fork can reach its join: a backward search from each
 * join, shared by consecutive forks to the same join. */
static int check_forks(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[80], q[96], q2[96];
	int i, k, last = -1, tail;

	for (i = 0; i < g->n; i++) {
		const scen_station *st = &s->stations[i];

		if (st->next != NEXT_FORK)
			continue;
		if (st->join != last) {
			g->mark++;
			tail = 0;
			graph_push(g, &tail, st->join);
			graph_search(g, tail, 1);
			last = st->join;
		}
		for (k = 0; k < st->nroutes; k++) {
			if (g->seen[st->routes[k].to] == g->mark)
				continue;
			snprintf(path, sizeof path,
				 "stations[%d].next.fork[%d]", i, k);
			return jrd_fail_at(&r->j, path, path, 0, "fork branch %s never "
					   "reaches the join %s",
					   names_quote(q, sizeof q,
						   s->stations[st->routes[k].to]
						   .name),
					   names_quote(q2, sizeof q2,
						   s->stations[st->join].name));
		}
	}
	return 0;
}

/* Every station gets items: from a source, from another station, or from
 * its own initial items; and whatever feeds it gets items in turn. */
static int check_fed(rd *r, graph *g)
{
	const scen *s = r->s;
	char q[96];
	int i, tail = 0;

	g->mark++;
	for (i = 0; i < s->nsources; i++)
		graph_push(g, &tail, s->sources[i].to);
	for (i = 0; i < g->n; i++)
		if (s->stations[i].initial > 0)
			graph_push(g, &tail, i);
	for (i = 0; i < g->n; i++)
		if (g->roff[i + 1] == g->roff[i] && g->seen[i] != g->mark)
			return fail_station(r, i, "station %s is fed by no "
					    "source and no station",
					    names_quote(q, sizeof q,
							s->stations[i].name));
	graph_search(g, tail, 0);
	for (i = 0; i < g->n; i++)
		if (g->seen[i] != g->mark)
			return fail_station(r, i, "no item can ever reach "
					    "station %s: what feeds it gets "
					    "no items itself",
					    names_quote(q, sizeof q,
							s->stations[i].name));
	return 0;
}

/* Does some of st's items leave the line from it? */
static int leaves(const scen_station *st)
{
	if (st->next == NEXT_NONE)
		return 1;
	for (int k = 0; st->next == NEXT_PROB && k < st->nroutes; k++)
		if (st->routes[k].to == SCEN_OUT && st->routes[k].p > 0)
			return 1;
	return 0;
}

/* From every station some route leads out of the line: a backward search
 * from the stations whose items leave. */
static int check_drains(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[64], q[96];
	int i, tail = 0;

	g->mark++;
	for (i = 0; i < g->n; i++)
		if (leaves(&s->stations[i]))
			graph_push(g, &tail, i);
	graph_search(g, tail, 1);
	for (i = 0; i < g->n; i++)
		if (g->seen[i] != g->mark) {
			snprintf(path, sizeof path, "stations[%d].next", i);
			return jrd_fail_at(&r->j, path, path, 0, "items that reach %s "
					   "can never leave the line: every route "
					   "from it loops back",
					   names_quote(q, sizeof q,
						   s->stations[i].name));
		}
	return 0;
}

/* How many distinct stations and sources feed station b. */
static int feeders(const scen *s, const graph *g, int b)
{
	int n = 0;

	for (int e = g->roff[b]; e < g->roff[b + 1]; e++) {
		int dup = 0;

		for (int f = g->roff[b]; f < e; f++)
			dup |= g->from[f] == g->from[e];
		n += !dup;
	}
	for (int i = 0; i < s->nsources; i++)
		n += s->sources[i].to == b;
	return n;
}

/* A fork inside fork f's branches (not past its join) that joins where f
 * does: its parts and f's would meet at one join, which counts one kind
 * of part. The inner fork's index, or -1. */
static int same_join_inside(graph *g, const scen *s, int f)
{
	int tail = 0, head = 0, join = s->stations[f].join;

	g->mark++;
	g->seen[join] = g->mark;	/* the search stops at the join */
	for (int k = 0; k < s->stations[f].nroutes; k++)
		graph_push(g, &tail, s->stations[f].routes[k].to);
	while (head < tail) {
		int i = g->queue[head++];

		if (s->stations[i].next == NEXT_FORK && s->stations[i].join == join)
			return i;
		for (int e = g->off[i]; e < g->off[i + 1]; e++)
			graph_push(g, &tail, g->to[e]);
	}
	return -1;
}

/* Does station st take no time: a process station whose service, or
 * batch time, rounds to 0 ns (the clock counts whole nanoseconds)? */
static int takes_no_time(const scen_station *st)
{
	const scen_batching *b = &st->batching;
	double t = 0;

	if (st->kind != SCEN_STN_PROCESS || st->ndevices > 0)
		return 0;
	if (st->has_service)
		t = dist_mean(&st->service);
	else if (b->on && b->ntable > 0)
		for (int i = 0; i < b->ntable; i++)
			t = fmax(t, b->table_t[i]);
	else if (b->on)
		t = b->base + b->per_item * (double)b->max_batch;
	return t < 0.5e-9;
}

/* A supply that never runs dry feeding work that takes no time: the run
 * would make events at one instant until a guard stopped it, and report
 * nothing measured. A saturating source into such a station; closed
 * clients that do not think, every station they can reach taking none. */
static int check_zero_time(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[64], q[96];

	for (int i = 0; i < s->nsources; i++) {
		const scen_source *so = &s->sources[i];
		int tail = 0, all = 1;

		if (so->kind == SCEN_SRC_OPEN || !takes_no_time(&s->stations[so->to]))
			continue;
		if (so->kind == SCEN_SRC_CLOSED) {
			if (!(dist_mean(&so->think) < 0.5e-9))
				continue;
			g->mark++;
			graph_push(g, &tail, so->to);
			graph_search(g, tail, 0);
			for (int k = 0; k < g->n; k++)
				if (g->seen[k] == g->mark)
					all &= takes_no_time(&s->stations[k]);
			if (!all)
				continue;
		}
		snprintf(path, sizeof path, "sources[%d]", i);
		return jrd_fail_at(&r->j, path, path, 0, "station %s takes no time "
				   "(under half a nanosecond) and %s: the line would "
				   "run for ever at one instant", names_quote(q, sizeof q,
				   s->stations[so->to].name), so->kind == SCEN_SRC_CLOSED ?
				   "these clients never think, nor does anything they "
				   "reach take time" : "its supply never runs dry");
	}
	return 0;
}

/* Shapes the engine cannot honour, refused here so that check finds
 * them and not run: a periodic station that forks, a process station
 * without a time, a barrier waiting for more replicas than feed it, two
 * nested forks joining at one station. */
static int check_shapes(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[64], q[96], q2[96];

	for (int i = 0; i < g->n; i++) {
		const scen_station *st = &s->stations[i];
		int n, in;

		snprintf(path, sizeof path, "stations[%d].next", i);
		if (st->kind == SCEN_STN_PERIODIC && st->next == NEXT_FORK)
			return jrd_fail_at(&r->j, path, path, 0, "a periodic station "
					   "cannot fork: it moves a count of items "
					   "a turn, not copies of them");
		if (st->kind == SCEN_STN_PROCESS && !st->has_service &&
		    !st->batching.on)
			return fail_station(r, i, "station %s needs a service "
					    "time (\"service\") or its model's "
					    "cost (\"work\")",
					    names_quote(q, sizeof q, st->name));
		if (st->kind == SCEN_STN_BARRIER &&
		    (n = feeders(s, g, i)) < st->group) {
			snprintf(path, sizeof path, "stations[%d].group", i);
			return jrd_fail_at(&r->j, path, path, 0, "the barrier waits "
					   "for %lld replicas, but only %d station%s "
					   "and source%s feed it: it would wait for "
					   "ever", (long long)st->group, n,
					   n == 1 ? "" : "s", n == 1 ? "" : "s");
		}
		if (st->next == NEXT_FORK && (in = same_join_inside(g, s, i)) >= 0) {
			snprintf(path, sizeof path, "stations[%d].next.join", in);
			return jrd_fail_at(&r->j, path, path, 0, "the fork of %s, "
					   "inside the fork of %s, joins at the same "
					   "station: give the inner fork a join of "
					   "its own",
					   names_quote(q, sizeof q, s->stations[in].name),
					   names_quote(q2, sizeof q2, st->name));
		}
	}
	return 0;
}

int sgraph_names(rd *r)
{
	stn_index nm = { NULL, NULL, 0 };
	int rc = resolve_all(r, &nm);

	hb_free(nm.sorted);
	hb_free(nm.branch_of);
	return rc;
}

int sgraph_check(rd *r)
{
	graph g = { 0 };
	int rc;

	rc = graph_build(r, &g);
	if (rc == 0)
		rc = check_forks(r, &g);
	if (rc == 0)
		rc = check_fed(r, &g);
	if (rc == 0)
		rc = check_drains(r, &g);
	if (rc == 0)
		rc = check_shapes(r, &g);
	if (rc == 0)
		rc = check_zero_time(r, &g);
	graph_release(&g);
	return rc;
}
