/*
 * toc.c: the five focusing steps (see toc.h), as runs of lines that differ
 * from the scenario by --set overrides.
 */
#include "run/toc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"

#define TOC_MAX_STEPS	20		/* --until-goal stops here too */
#define TOC_STEPS_CAP	100		/* --steps: at most */
#define TOC_STOPPED	(-3)		/* a run saw Ctrl-C: the step is void */
#define TOC_BUFFER_MAX	1024		/* as good as unbounded for the search */
#define TOC_ROPE_MAX	(INT64_C(1) << 20)

/* What every line of a toc run is built from. */
typedef struct ctx {
	const char *file, *text;
	size_t len;
	const char *const *base_sets;	/* the user's own --set */
	int nbase;
	const toc_opts *o;
	diag *d;
} ctx;

/* ------------------------------------------------------------------ */
/* Lines as overrides                                                  */

/* The line of step st plus one more override (NULL: none). */
static int build(const ctx *c, const toc_step *st, const char *extra,
		 scen **out)
{
	int n = c->nbase + (st ? st->nsets : 0) + 1, k = 0, rc;
	const char **sets = hb_calloc((size_t)n, sizeof *sets);

	if (!sets) {
		diag_nomem(c->d);
		return RUN_FAILED;
	}
	for (int i = 0; i < c->nbase; i++)
		sets[k++] = c->base_sets[i];
	for (int i = 0; st && i < st->nsets; i++)
		sets[k++] = st->sets[i];
	if (extra)
		sets[k++] = extra;
	rc = scen_parse(c->file, c->text, c->len, sets, k, out, c->d);
	hb_free(sets);
	if (rc == 0)
		return RUN_OK;
	return c->d->code == HB_NOMEM ? RUN_FAILED : RUN_BAD_INPUT;
}

static int stopped(const ctx *c)
{
	return c->o->run.stop && *c->o->run.stop;
}

/* Run the step's line against the same line with `extra`: *out. A run cut
 * short by Ctrl-C is no comparison: TOC_STOPPED. */
static int versus(const ctx *c, const toc_step *st, const char *extra,
		  diff_res **out)
{
	scen *b = NULL;
	int rc = build(c, st, extra, &b);

	*out = NULL;
	if (rc == RUN_OK)
		rc = diff_run(st->s, b, &c->o->run, out, c->d);
	if (rc == RUN_OK && stopped(c)) {
		diff_free(*out);
		*out = NULL;
		rc = TOC_STOPPED;
	}
	/* on success b lives as long as the results that point at it
	 * (drop_diff frees both) */
	if (rc != RUN_OK)
		scen_free(b);
	return rc;
}

/* The diff's second line was built here: free it with the results. */
static void drop_diff(diff_res *d)
{
	if (d) {
		scen_free((scen *)d->b->s);
		diff_free(d);
	}
}

static char *fmt(const char *f, const char *a, long long v)
{
	char buf[512];

	snprintf(buf, sizeof buf, f, a, v);
	return hb_strdup(buf);
}

/* ------------------------------------------------------------------ */
/* Figures                                                             */

double toc_throughput(const toc_step *st)
{
	return stat_mean(&st->r->line[LF_THROUGHPUT]);
}

int toc_equal(const diff_res *d)
{
	const stat_acc *x = &d->d_line[LF_THROUGHPUT];
	double base = stat_mean(&d->a->line[LF_THROUGHPUT]);
	double loss = -stat_mean(x);

	if (base <= 0 || loss <= 0.005 * base)
		return 1;
	return !diff_significant(x) && loss <= 0.02 * base;
}

static int goal_met(const toc_step *st)
{
	const scen_goal *g = &st->s->goal;

	if (g->throughput <= 0 && g->latency_p99 <= 0)
		return 0;
	if (g->throughput > 0 && toc_throughput(st) < g->throughput)
		return 0;
	return !(g->latency_p99 > 0 &&
		 stat_mean(&st->r->line[LF_LAT_P99]) > g->latency_p99);
}

/* ------------------------------------------------------------------ */
/* Identify                                                            */

static double busy_time(const res *r, int k)
{
	return stat_mean(&r->st[k][SF_WORKING]) * (double)r->s->stations[k].servers;
}

/* The station that sets the pace: the constraint itself, the busiest
 * station on a constraining device, or the one sending over a link. */
static int drum_of(const toc_step *st, int e)
{
	const scen *s = st->s;
	int best = -1;

	if (e < 0)
		return -1;
	if (e < s->nstations)
		return s->stations[e].kind == SCEN_STN_PROCESS ? e : -1;
	e -= s->nstations;
	for (int k = 0; k < s->nstations; k++) {
		const scen_station *ss = &s->stations[k];
		int on = 0;

		if (ss->kind != SCEN_STN_PROCESS)
			continue;
		if (e < s->ndevices)
			on = scen_station_on(ss, e);
		for (int v = 0; e >= s->ndevices && v < ss->nvia; v++)
			on |= ss->via_idx[v] == e - s->ndevices;
		if (on && (best < 0 || busy_time(st->r, k) > busy_time(st->r, best)))
			best = k;
	}
	return best;
}

static void identify(toc_step *st)
{
	int c = res_constraint(st->r);

	st->constraint = c;
	st->verdict = res_verdict(st->r);
	st->drum = drum_of(st, c);
	st->goal_met = goal_met(st);
}

/* ------------------------------------------------------------------ */
/* Exploit                                                             */

/* The share of the constraint's time it did not work, and its worth. */
static void lost_time(toc_step *st)
{
	const res *r = st->r;
	const scen *s = st->s;
	int e = st->constraint;
	double working;

	if (e < 0)
		return;
	if (e < s->nstations)
		working = stat_mean(&r->st[e][SF_WORKING]);
	else if (e < s->nstations + s->ndevices)
		working = stat_mean(&r->dev[e - s->nstations][DF_UTILIZATION]);
	else
		working = stat_mean(&r->lnk[e - s->nstations - s->ndevices][KF_UTILIZATION]);
	st->lost = fmax(0, 1 - working);
	/* the line moves at the constraint's pace: each hour it loses is
	 * an hour of the line's output */
	st->lost_units_h = working > 0 ?
			   toc_throughput(st) * 3600 * st->lost / working : 0;
}

/* The smallest buffer in front of the drum that keeps the throughput of
 * a large one (TOC_BUFFER_MAX places, or the line's own if unbounded). */
static int protective_buffer(const ctx *c, toc_step *st)
{
	const scen_station *dr = &st->s->stations[st->drum];
	toc_step ref = *st;
	char *set = NULL, *refset = NULL;
	diff_res *d = NULL;
	int rc = RUN_OK;

	if (dr->capacity >= 0 && dr->capacity < TOC_BUFFER_MAX) {
		refset = fmt("stations.%s.capacity=%lld", dr->name, TOC_BUFFER_MAX);
		ref.s = NULL;
		if (!refset)
			return RUN_FAILED;
		if ((rc = build(c, st, refset, &ref.s)) != RUN_OK) {
			hb_free(refset);
			return rc;
		}
	}
	for (int64_t b = 1; rc == RUN_OK && b <= TOC_BUFFER_MAX; b *= 2) {
		hb_free(set);
		if (!(set = fmt("stations.%s.capacity=%lld", dr->name, b))) {
			rc = RUN_FAILED;
			break;
		}
		/* a: the reference (the line with a large buffer); b: the
		 * line with b places, whose override replaces the large one */
		rc = versus(c, &ref, set, &d);
		if (rc == RUN_OK && (toc_equal(d) || b == TOC_BUFFER_MAX))
			st->buffer = b;
		drop_diff(d);
		d = NULL;
		if (st->buffer >= 0)
			break;
	}
	if (rc == RUN_OK && st->buffer >= 0 && st->buffer != dr->capacity)
		rc = versus(c, st, set, &st->buffer_d);
	if (refset)
		scen_free(ref.s);
	hb_free(refset);
	hb_free(set);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Subordinate                                                         */

/* reach[k]: station k can reach station `to` (forward), or is reached
 * from it (backward). */
static void reach(const scen *s, int from, int forward, char *seen)
{
	memset(seen, 0, (size_t)s->nstations);
	seen[from] = 1;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int k = 0; k < s->nstations; k++) {
			const scen_station *ss = &s->stations[k];

			for (int i = 0; i < ss->nroutes; i++) {
				int a = k, b = ss->routes[i].to;

				if (b == SCEN_OUT)
					continue;
				if (!forward) {
					a = b;
					b = k;
				}
				if (seen[a] && !seen[b])
					changed = seen[b] = 1;
			}
			if (ss->next == NEXT_FORK && ss->join >= 0) {
				int a = forward ? k : ss->join;
				int b = forward ? ss->join : k;

				if (seen[a] && !seen[b])
					changed = seen[b] = 1;
			}
		}
	}
}

/* Items in station k: waiting, plus servers holding one. */
static double wip_at(const res *r, int k)
{
	double held = 1 - stat_mean(&r->st[k][SF_STARVED]);

	return stat_mean(&r->st[k][SF_QUEUE]) +
	       held * (double)r->s->stations[k].servers;
}

static int wip_around(toc_step *st)
{
	const scen *s = st->s;
	char *up = hb_calloc((size_t)s->nstations, 1);
	char *down = hb_calloc((size_t)s->nstations, 1);

	if (!up || !down) {
		hb_free(up);
		hb_free(down);
		return RUN_FAILED;
	}
	reach(s, st->drum, 0, up);
	reach(s, st->drum, 1, down);
	st->wip_front = stat_mean(&st->r->st[st->drum][SF_QUEUE]);
	for (int k = 0; k < s->nstations; k++) {
		if (k == st->drum)
			continue;
		if (up[k])
			st->wip_up += wip_at(st->r, k);
		else if (down[k])
			st->wip_down += wip_at(st->r, k);
	}
	hb_free(up);
	hb_free(down);
	return RUN_OK;
}

/* Is a rope of n at the drum "equal"? 1 yes, 0 no, or a run's failure
 * (negative). The diff is kept in *keep when asked. */
static int rope_ok(const ctx *c, toc_step *st, int64_t n, diff_res **keep)
{
	char *set = fmt("stations.%s.rope=%lld", st->s->stations[st->drum].name, n);
	diff_res *d = NULL;
	int rc;

	if (!set)
		return RUN_FAILED;
	rc = versus(c, st, set, &d);
	hb_free(set);
	if (rc != RUN_OK)
		return rc;
	rc = toc_equal(d);
	if (keep && rc) {
		drop_diff(*keep);
		*keep = d;
	} else {
		drop_diff(d);
	}
	return rc;
}

/* The shortest rope that keeps the throughput: doubling until one does,
 * then halving the interval to within an eighth. */
static int shortest_rope(const ctx *c, toc_step *st)
{
	int64_t lo = 0, hi = 1;
	int ok;

	for (int k = 0; k < st->s->nstations; k++)
		if (st->s->stations[k].rope > 0 && k != st->drum) {
			st->no_rope = "the line has a rope at another station";
			return RUN_OK;
		}
	while ((ok = rope_ok(c, st, hi, &st->rope_d)) == 0) {
		if (hi >= TOC_ROPE_MAX) {
			st->no_rope = "no rope up to 2^20 keeps the throughput";
			return RUN_OK;
		}
		lo = hi;
		hi *= 2;
	}
	while (ok >= 0 && hi - lo > 1 && hi - lo > hi / 8) {
		int64_t mid = lo + (hi - lo) / 2;

		if ((ok = rope_ok(c, st, mid, &st->rope_d)) == 1)
			hi = mid;
		else if (ok == 0)
			lo = mid;
	}
	if (ok < 0)
		return ok;
	st->rope = hi;
	return RUN_OK;
}

/* ------------------------------------------------------------------ */
/* Elevate                                                             */

/* The cost per hour of line s by its levers' costs; NAN when none has a
 * cost. base: the scenario as given (a flat cost is paid once a lever's
 * value differs from its value there). */
static double line_cost(const scen *s, const scen *base)
{
	double sum = 0;
	int any = 0;
	char v[256], v0[256];

	for (int i = 0; i < s->nlevers; i++) {
		const scen_lever *lv = &s->lever[i];

		if (lv->cost <= 0 || scen_value(s, lv->set, v, sizeof v) < 0)
			continue;
		any = 1;
		if (lv->per_unit)
			sum += lv->cost * strtod(v, NULL);
		else if (scen_value(base, lv->set, v0, sizeof v0) < 0 || strcmp(v, v0))
			sum += lv->cost;
	}
	return any ? sum : NAN;
}

/* Is JSON text a the same value as b ("2" and "2.0" are)? */
static int same_value(const char *a, const char *b)
{
	char *ea, *eb;
	double x = strtod(a, &ea), y = strtod(b, &eb);

	if (ea != a && !*ea && eb != b && !*eb)
		return x == y;
	return !strcmp(a, b);
}

static int add_try(toc_step *st, char *set, int lever, const char *why)
{
	toc_try *t;

	if (!set)
		return RUN_FAILED;
	t = &st->tries[st->ntries++];
	memset(t, 0, sizeof *t);
	t->set = set;
	t->lever = lever;
	t->why = why;
	return RUN_OK;
}

/* The obvious levers when the scenario gives none: one more server at a
 * constraining station, and its protective buffer. */
static int default_tries(toc_step *st)
{
	const scen *s = st->s;
	const scen_station *dr;

	int dev = st->constraint - s->nstations;
	char v[64];

	if (!(st->tries = hb_calloc(2, sizeof *st->tries)))
		return RUN_FAILED;
	/* a CPU that the scenario sizes itself: twice the cores */
	if (dev >= 0 && dev < s->ndevices && s->devices[dev].kind == SCEN_DEV_CPU) {
		char path[300];

		snprintf(path, sizeof path, "hardware.devices.%s.cores",
			 s->devices[dev].name);
		if (scen_value(s, path, v, sizeof v) == 0)
			return add_try(st, fmt("hardware.devices.%s.cores=%lld",
					       s->devices[dev].name,
					       2 * s->devices[dev].cores),
				       -1, "twice the cores");
		return RUN_OK;
	}
	if (st->constraint < 0 || st->constraint >= s->nstations || st->drum < 0)
		return RUN_OK;
	dr = &s->stations[st->drum];
	if (add_try(st, fmt("stations.%s.servers=%lld", dr->name, dr->servers + 1),
		    -1, "one more server at the constraint") != RUN_OK)
		return RUN_FAILED;
	if (st->buffer > 0 && dr->capacity >= 0 && st->buffer > dr->capacity &&
	    add_try(st, fmt("stations.%s.capacity=%lld", dr->name, st->buffer),
		    -1, "a protective buffer in front of it") != RUN_OK)
		return RUN_FAILED;
	return RUN_OK;
}

/* "path=value" for value j of lever lv, allocated. */
static char *lever_set(const scen_lever *lv, int j)
{
	size_t a = strlen(lv->set), b = strlen(lv->values[j]);
	char *s = hb_malloc(a + b + 2);

	if (s) {
		memcpy(s, lv->set, a);
		s[a] = '=';
		memcpy(s + a + 1, lv->values[j], b + 1);
	}
	return s;
}

static int lever_tries(toc_step *st)
{
	const scen *s = st->s;
	int n = 0;
	char cur[4096];

	for (int i = 0; i < s->nlevers; i++)
		n += s->lever[i].nvalues;
	if (!(st->tries = hb_calloc((size_t)n + 1, sizeof *st->tries)))
		return RUN_FAILED;
	for (int i = 0; i < s->nlevers; i++) {
		const scen_lever *lv = &s->lever[i];
		int have = scen_value(s, lv->set, cur, sizeof cur) == 0;

		for (int j = 0; j < lv->nvalues; j++) {
			if (have && same_value(cur, lv->values[j]))
				continue;
			if (add_try(st, lever_set(lv, j), i, NULL) != RUN_OK)
				return RUN_FAILED;
		}
	}
	return RUN_OK;
}

int toc_latency_goal(const scen *s)
{
	return s->goal.throughput <= 0 && s->goal.latency_p99 > 0;
}

/* The change a try brings toward the goal, positive when it helps: more
 * throughput, or less p99 latency (s) for a latency-only goal. */
static const stat_acc *gain_stat(const toc_try *t, int latency)
{
	return &t->d->d_line[latency ? LF_LAT_P99 : LF_THROUGHPUT];
}

static double gain(const toc_try *t, int latency)
{
	return latency ? -stat_mean(gain_stat(t, 1)) : stat_mean(gain_stat(t, 0));
}

/* Does the try help the goal, significantly? */
static int helps(const toc_step *st, const toc_try *t)
{
	int lat = toc_latency_goal(st->s);

	return diff_significant(gain_stat(t, lat)) && gain(t, lat) > 0;
}

/* qsort has no context argument in C11: the tries being ranked, and
 * whether the goal is latency. */
static const toc_try *sort_tries;
static int sort_latency;

/* Gain per dollar an hour; +inf when it costs nothing more (or no cost is
 * known), so free help ranks first, by gain. */
static double per_cost(const toc_try *t)
{
	return t->dcost_h > 0 ? gain(t, sort_latency) / t->dcost_h : INFINITY;
}

static int by_rank(const void *pa, const void *pb)
{
	const toc_try *a = &sort_tries[*(const int *)pa];
	const toc_try *b = &sort_tries[*(const int *)pb];
	double ga = gain(a, sort_latency), gb = gain(b, sort_latency);
	double ca = per_cost(a), cb = per_cost(b);

	if (a->helps != b->helps)
		return b->helps - a->helps;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	if (ga != gb)
		return ga > gb ? -1 : 1;
	return (int)(a - b);	/* stable: the scenario's order */
}

int toc_rank_cmp(const toc_step *st, int i, int j)
{
	sort_tries = st->tries;
	sort_latency = toc_latency_goal(st->s);
	return by_rank(&i, &j);
}

static int elevate(const ctx *c, toc_step *st, const scen *base)
{
	int rc = st->s->nlevers ? lever_tries(st) : default_tries(st);

	for (int i = 0; rc == RUN_OK && i < st->ntries; i++) {
		toc_try *t = &st->tries[i];

		rc = versus(c, st, t->set, &t->d);
		if (rc == RUN_BAD_INPUT && t->lever >= 0) {
			char msg[sizeof c->d->msg + 1024];

			snprintf(msg, sizeof msg, "levers[%d] (%s): %s", t->lever,
				 t->set, c->d->msg);
			diag_msg(c->d, c->file, "%s", msg);
		}
		if (rc != RUN_OK)
			break;
		t->cost_h = line_cost(t->d->b->s, base);
		t->dcost_h = t->cost_h - st->cost_h;
		t->helps = helps(st, t);
	}
	if (rc != RUN_OK)
		return rc;
	if (!(st->rank = hb_calloc((size_t)st->ntries + 1, sizeof *st->rank)))
		return RUN_FAILED;
	for (int i = 0; i < st->ntries; i++)
		st->rank[i] = i;
	sort_tries = st->tries;
	sort_latency = toc_latency_goal(st->s);
	qsort(st->rank, (size_t)st->ntries, sizeof *st->rank, by_rank);
	st->best = st->ntries > 0 && st->tries[st->rank[0]].helps ? st->rank[0] : -1;
	return RUN_OK;
}

/* ------------------------------------------------------------------ */
/* The steps                                                           */

static void step_free(toc_step *st)
{
	for (int i = 0; i < st->nsets; i++)
		hb_free(st->sets[i]);
	hb_free(st->sets);
	for (int i = 0; i < st->ntries; i++) {
		hb_free(st->tries[i].set);
		drop_diff(st->tries[i].d);
	}
	hb_free(st->tries);
	hb_free(st->rank);
	drop_diff(st->buffer_d);
	drop_diff(st->rope_d);
	res_free(st->r);
	scen_free(st->s);
}

void toc_free(toc_res *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->nsteps; i++)
		step_free(&t->steps[i]);
	hb_free(t->steps);
	hb_free(t);
}

/* Step k's overrides: step k-1's and its best try. */
static int inherit(toc_step *st, const toc_step *prev)
{
	int n = prev ? prev->nsets + 1 : 0;

	st->sets = hb_calloc((size_t)n + 1, sizeof *st->sets);
	if (!st->sets)
		return RUN_FAILED;
	for (int i = 0; i < n; i++) {
		const char *s = i < prev->nsets ? prev->sets[i] :
				prev->tries[prev->best].set;

		if (!(st->sets[i] = hb_strdup(s)))
			return RUN_FAILED;
		st->nsets = i + 1;
	}
	return RUN_OK;
}

/* Does a saturating source feed station k itself? Then there is no buffer
 * to size and nothing for a rope to hold back. */
static int fed_by_saturation(const scen *s, int k)
{
	for (int i = 0; i < s->nsources; i++)
		if (s->sources[i].kind == SCEN_SRC_SATURATE && s->sources[i].to == k)
			return 1;
	return 0;
}

static int one_step(const ctx *c, toc_step *st, const scen *base)
{
	int rc = build(c, st, NULL, &st->s);

	st->constraint = st->drum = st->best = -1;
	st->buffer = st->rope = -1;
	if (rc == RUN_OK)
		rc = run_scenario(st->s, &c->o->run, &st->r, c->d);
	if (rc == RUN_OK && stopped(c))
		rc = TOC_STOPPED;
	if (rc != RUN_OK)
		return rc;
	st->cost_h = line_cost(st->s, base ? base : st->s);
	identify(st);
	lost_time(st);
	if (st->verdict == RES_DEADLOCK) {
		/* a stopped line has no pace to protect or raise: room in
		 * the cycle comes first, and it is a change to the line */
		st->no_rope = "the line deadlocks";
		return RUN_OK;
	}
	if (st->verdict == RES_MARKET) {
		/* the pace is set outside: a buffer or a rope inside would
		 * protect nothing that limits the line */
		st->no_rope = "the line keeps up with its sources: the market "
			      "sets the pace";
		if (st->drum >= 0)
			rc = wip_around(st);
	} else if (st->drum >= 0 && fed_by_saturation(st->s, st->drum)) {
		st->no_rope = "a saturating source feeds the drum itself: work "
			      "is always waiting in front of it";
		rc = wip_around(st);
	} else if (st->drum >= 0) {
		if ((rc = protective_buffer(c, st)) != RUN_OK ||
		    (rc = wip_around(st)) != RUN_OK ||
		    (rc = shortest_rope(c, st)) != RUN_OK)
			return rc;
	} else {
		st->no_rope = "no station sets the pace";
	}
	return elevate(c, st, base ? base : st->s);
}

static enum toc_stop stop_after(const toc_res *t, const toc_step *st,
				int max)
{
	if (st->verdict == RES_DEADLOCK)
		return TOC_STOP_DEADLOCK;
	if (st->goal_met)
		return TOC_STOP_GOAL;
	/* a line that keeps up can still be made faster to answer */
	if (st->verdict == RES_MARKET && !toc_latency_goal(st->s))
		return TOC_STOP_OUTSIDE;
	if (st->best < 0)
		return TOC_STOP_NO_LEVER;
	return t->nsteps >= max ? TOC_STOP_STEPS : TOC_STOP_NONE;
}

/* Every value of every lever applies to the line as given: checked
 * before anything runs, so a bad one is named at once. */
static int check_levers(const ctx *c)
{
	scen *s = NULL, *v = NULL;
	int rc = build(c, NULL, NULL, &s);

	for (int i = 0; rc == RUN_OK && i < s->nlevers; i++)
		for (int j = 0; rc == RUN_OK && j < s->lever[i].nvalues; j++) {
			char *set = lever_set(&s->lever[i], j);

			rc = set ? build(c, NULL, set, &v) : RUN_FAILED;
			scen_free(v);
			v = NULL;
			if (rc == RUN_BAD_INPUT) {
				char msg[sizeof c->d->msg + 1024];

				snprintf(msg, sizeof msg, "levers[%d].values[%d] "
					 "(%s): %s", i, j, set, c->d->msg);
				diag_msg(c->d, c->file, "%s", msg);
			}
			hb_free(set);
		}
	scen_free(s);
	return rc;
}

int toc_run(const char *file, const char *text, size_t len,
	    const char *const *sets, int nsets, const toc_opts *o,
	    toc_res **out, diag *d)
{
	ctx c = { file, text, len, sets, nsets, o, d };
	int max = o->steps > 0 ? o->steps : o->until_goal ? TOC_MAX_STEPS : 3;
	toc_res *t = hb_calloc(1, sizeof *t);
	int rc = RUN_OK;

	*out = NULL;
	if (max > TOC_STEPS_CAP)
		max = TOC_STEPS_CAP;
	if (!t || !(t->steps = hb_calloc((size_t)max, sizeof *t->steps))) {
		hb_free(t);
		diag_nomem(d);
		return RUN_FAILED;
	}
	if ((rc = check_levers(&c)) != RUN_OK) {
		toc_free(t);
		return rc;
	}
	for (;;) {
		toc_step *st = &t->steps[t->nsteps];
		toc_step *prev = t->nsteps ? st - 1 : NULL;
		enum toc_stop stop;

		t->nsteps++;
		rc = inherit(st, prev);
		if (rc == RUN_OK)
			rc = one_step(&c, st, t->nsteps > 1 ? t->steps[0].s : NULL);
		if (rc == TOC_STOPPED) {
			/* a step cut short says nothing: it is left out */
			step_free(st);
			memset(st, 0, sizeof *st);
			t->nsteps--;
			t->stop = TOC_STOP_INTERRUPTED;
			rc = RUN_OK;
			break;
		}
		if (rc != RUN_OK)
			break;
		if ((stop = stop_after(t, st, max)) != TOC_STOP_NONE) {
			t->stop = stop;
			break;
		}
	}
	t->base = t->nsteps ? t->steps[0].s : NULL;
	/* the last line's best lever was ranked, not applied */
	if (t->nsteps)
		t->steps[t->nsteps - 1].best = -1;
	if (rc != RUN_OK) {
		if (rc == RUN_FAILED)
			diag_nomem(d);
		toc_free(t);
		return rc;
	}
	*out = t;
	return RUN_OK;
}
