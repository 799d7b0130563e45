/*
 * res.c: folding replications into results.
 */
#include "run/res.h"

#include <math.h>

#include "core/hb.h"

res *res_new(const scen *s, uint64_t seed)
{
	res *r = hb_calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->st = hb_calloc((size_t)s->nstations + 1, sizeof *r->st);
	r->dev = hb_calloc((size_t)s->ndevices + 1, sizeof *r->dev);
	r->lnk = hb_calloc((size_t)s->nlinks + 1, sizeof *r->lnk);
	r->jam = hb_calloc((size_t)s->nstations + 1, sizeof *r->jam);
	if (!r->st || !r->dev || !r->lnk || !r->jam) {
		res_free(r);
		return NULL;
	}
	r->s = s;
	r->seed = seed;
	r->nst = s->nstations;
	r->ndev = s->ndevices;
	r->nlk = s->nlinks;
	r->warm_items = -1;
	for (int i = 0; i < LF_N; i++)
		stat_init(&r->line[i]);
	for (int k = 0; k < r->nst; k++)
		for (int i = 0; i < SF_N; i++)
			stat_init(&r->st[k][i]);
	for (int k = 0; k < r->ndev; k++)
		for (int i = 0; i < DF_N; i++)
			stat_init(&r->dev[k][i]);
	for (int k = 0; k < r->nlk; k++)
		for (int i = 0; i < KF_N; i++)
			stat_init(&r->lnk[k][i]);
	stat_init(&r->window_s);
	return r;
}

void res_free(res *r)
{
	if (!r)
		return;
	hb_free(r->st);
	hb_free(r->dev);
	hb_free(r->lnk);
	hb_free(r->jam);
	hb_free(r);
}

void res_add(res *r, const line_figs *f, double window_s, uint64_t events,
	     int early)
{
	for (int i = 0; i < LF_N; i++)
		stat_add(&r->line[i], f->line[i]);
	for (int k = 0; k < r->nst; k++)
		for (int i = 0; i < SF_N; i++)
			stat_add(&r->st[k][i], f->st[k][i]);
	for (int k = 0; k < r->ndev; k++)
		for (int i = 0; i < DF_N; i++)
			stat_add(&r->dev[k][i], f->dev[k][i]);
	for (int k = 0; k < r->nlk; k++)
		for (int i = 0; i < KF_N; i++)
			stat_add(&r->lnk[k][i], f->lnk[k][i]);
	stat_add(&r->window_s, window_s);
	if (f->njam > 0 && r->jams++ == 0) {
		r->jam_s = f->jam_s;
		r->njam = f->njam;
		for (int i = 0; i < f->njam; i++)
			r->jam[i] = f->jam[i];
	}
	r->events += events;
	r->early |= early;
	r->reps++;
}

static double placed_on(const scen *s, int k)
{
	double sum = 0;

	for (int i = 0; i < s->nstations; i++) {
		if (scen_station_on(&s->stations[i], k))
			sum += s->stations[i].memory;
	}
	return sum;
}

double res_memory_placed(const res *r, int k)
{
	double sum = placed_on(r->s, k);

	for (int i = 0; i < r->s->ndevices; i++)
		if (r->s->devices[i].parent == k)
			sum += placed_on(r->s, i);
	return sum;
}

int res_link_idle(const res *r, int k)
{
	return r->lnk[k][KF_BYTES_PER_S].max == 0 &&
	       r->lnk[k][KF_UTILIZATION].max == 0;
}

int res_nentities(const res *r)
{
	return r->nst + r->ndev + r->nlk;
}

const char *res_entity_kind(const res *r, int e)
{
	return e < r->nst ? "station" : e < r->nst + r->ndev ? "device" : "link";
}

const char *res_entity_name(const res *r, int e)
{
	if (e < r->nst)
		return r->s->stations[e].name;
	if (e < r->nst + r->ndev)
		return r->s->devices[e - r->nst].name;
	return r->s->links[e - r->nst - r->ndev].name;
}

const stat_acc *res_entity_sole(const res *r, int e)
{
	if (e < r->nst)
		return &r->st[e][SF_SOLE];
	if (e < r->nst + r->ndev)
		return &r->dev[e - r->nst][DF_SOLE];
	return &r->lnk[e - r->nst - r->ndev][KF_SOLE];
}

const stat_acc *res_entity_shifting(const res *r, int e)
{
	if (e < r->nst)
		return &r->st[e][SF_SHIFTING];
	if (e < r->nst + r->ndev)
		return &r->dev[e - r->nst][DF_SHIFTING];
	return &r->lnk[e - r->nst - r->ndev][KF_SHIFTING];
}

const stat_acc *res_entity_utilization(const res *r, int e)
{
	if (e < r->nst)
		return &r->st[e][SF_UTILIZATION];
	if (e < r->nst + r->ndev)
		return &r->dev[e - r->nst][DF_UTILIZATION];
	return &r->lnk[e - r->nst - r->ndev][KF_UTILIZATION];
}

void res_ranking(const res *r, int *order)
{
	int n = res_nentities(r);

	/* insertion sort: a line has tens of entities, and it is stable */
	for (int i = 0; i < n; i++) {
		double u = stat_mean(res_entity_utilization(r, i));
		int j = i;

		for (; j > 0 && stat_mean(res_entity_utilization(r, order[j - 1])) < u; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

static double bottleneck_share(const res *r, int e)
{
	return stat_mean(res_entity_sole(r, e)) + stat_mean(res_entity_shifting(r, e));
}

/* The active-period method's pick: most often the bottleneck. */
static int most_often(const res *r)
{
	int best = -1;
	double most = 0;

	for (int e = 0; e < res_nentities(r); e++) {
		double b = bottleneck_share(r, e);

		if (b > most) {
			most = b;
			best = e;
		}
	}
	return best;
}

int res_piling(const res *r, int k)
{
	const stat_acc *d = &r->st[k][SF_QUEUE_TREND];
	double m = stat_mean(d), q = stat_mean(&r->st[k][SF_QUEUE]);

	if (r->reps >= 2)
		return m >= 2 && m >= 0.25 * q && m - stat_ci95(d) > 0;
	return m >= 5 && m >= 0.5 * q;
}

/* Does station k send items, by a route it takes, to station j? */
static int feeds(const scen_station *st, int j)
{
	for (int i = 0; st->next != NEXT_NONE && i < st->nroutes; i++)
		if (st->routes[i].to == j && st->routes[i].p > 0)
			return 1;
	return st->next == NEXT_FORK && st->join == j;
}

int res_overproducing(const res *r, int k)
{
	/* one that waits for work part of its time makes what it is given,
	 * as a rework station sending parts back does */
	if (stat_mean(&r->st[k][SF_STARVED]) >= 0.01)
		return 0;
	for (int j = 0; j < r->nst; j++)
		if (j != k && feeds(&r->s->stations[k], j) && res_piling(r, j))
			return 1;
	return 0;
}

/* Station k's busiest next station: the one that holds k up when k is
 * blocked. -1 when it has none. */
static int busiest_next(const res *r, int k)
{
	int best = -1;
	double most = -1;

	for (int j = 0; j < r->nst; j++) {
		double u = stat_mean(&r->st[j][SF_WORKING]);

		if (j != k && feeds(&r->s->stations[k], j) && u > most) {
			most = u;
			best = j;
		}
	}
	return best;
}

/* Where work piles up: of the stations it piles up in front of, the one
 * that does not itself overproduce (its output does not pile up further
 * on), the fastest-growing when several do. When that one is blocked most
 * of its time, a full buffer further on holds it up: the constraint is
 * there, down the chain of busiest next stations. Then the device it runs
 * on when that is the busier bottleneck (stations that share a card pile
 * up in front of it). -1 when nothing piles up. */
static int piling_point(const res *r)
{
	int best = -1;
	double most = 0;

	for (int k = 0; k < r->nst; k++) {
		double m = stat_mean(&r->st[k][SF_QUEUE_TREND]);

		if (res_piling(r, k) && !res_overproducing(r, k) && m > most) {
			most = m;
			best = k;
		}
	}
	if (best < 0)
		return -1;
	for (int n = 0; n < r->nst && stat_mean(&r->st[best][SF_BLOCKED]) > 0.5; n++) {
		int j = busiest_next(r, best);

		if (j < 0)
			break;
		best = j;
	}
	for (int i = 0; i < r->ndev; i++) {
		int e = r->nst + i;

		if (scen_station_on(&r->s->stations[best], i) &&
		    bottleneck_share(r, e) > bottleneck_share(r, best))
			return e;
	}
	return best;
}

int res_constraint(const res *r)
{
	switch (res_verdict(r)) {
	case RES_DEADLOCK:
		return r->jam[0];
	case RES_UNSTABLE:
		return piling_point(r);
	default:
		return most_often(r);
	}
}

int res_steady(const res *r)
{
	enum res_verdict v = res_verdict(r);

	return !r->warm_short && v != RES_UNSTABLE && v != RES_DEADLOCK;
}

int res_constraint_peer(const res *r, int c, int e)
{
	return e != c && bottleneck_share(r, e) >= 0.5 * bottleneck_share(r, c);
}

int res_keeps_up(const res *r)
{
	const scen *s = r->s;
	double rate = 0, T = stat_mean(&r->window_s);
	double offered = stat_mean(&r->line[LF_OFFERED]);

	for (int i = 0; i < s->nsources; i++) {
		if (s->sources[i].kind != SCEN_SRC_OPEN)
			return 0;
		if (s->sources[i].limit < 0)	/* a limited one stops by design */
			rate += 1 / dist_mean(&s->sources[i].arrival);
	}
	/* 2% slack: a window of a few hundred arrivals varies by more than
	 * 1% by chance alone */
	return T > 0 && stat_mean(&r->line[LF_DROPPED]) == 0 &&
	       offered >= 0.98 * rate * T &&
	       stat_mean(&r->line[LF_DEPARTED]) >= 0.98 * offered;
}

/* A station's capacity in items per second by its own figures; 0 when it
 * has none of its own (batching, a device it may share, a barrier). */
static double capacity(const scen_station *st)
{
	if (st->kind == SCEN_STN_PERIODIC)
		return dist_mean(&st->per_period) / st_to_s(st->period);
	if (st->kind != SCEN_STN_PROCESS || st->batching.on || st->ndevices > 0 ||
	    !st->has_service || !(dist_mean(&st->service) > 0))
		return 0;
	return (double)st->servers / dist_mean(&st->service);
}

int res_balanced(const scen *s)
{
	double lo = INFINITY, hi = 0;

	for (int k = 0; k < s->nstations; k++) {
		double c = capacity(&s->stations[k]);

		if (c <= 0)
			return 0;
		lo = c < lo ? c : lo;
		hi = c > hi ? c : hi;
	}
	return s->nstations >= 2 && hi <= 1.01 * lo;
}

/* Does any source offer at a rate of its own (open arrivals)? */
static int open_sources(const scen *s)
{
	for (int i = 0; i < s->nsources; i++)
		if (s->sources[i].kind == SCEN_SRC_OPEN)
			return 1;
	return 0;
}

enum res_verdict res_verdict(const res *r)
{
	int c = most_often(r);

	if (r->jams > 0)
		return RES_DEADLOCK;
	/* a balanced line fed from a supply that never runs dry has queues
	 * that wander without a drift (the dice game): statistical, not
	 * unstable */
	if (res_balanced(r->s) && !open_sources(r->s))
		return RES_STATISTICAL;
	if (piling_point(r) >= 0)
		return RES_UNSTABLE;
	if (res_keeps_up(r))
		return RES_MARKET;
	if (res_balanced(r->s))
		return RES_STATISTICAL;
	if (c < 0)
		return RES_NONE;
	for (int e = 0; e < res_nentities(r); e++)
		if (res_constraint_peer(r, c, e))
			return RES_SHIFTING;
	return RES_ONE;
}

const char *res_verdict_name(enum res_verdict v)
{
	static const char *const names[] = {
		"none", "one", "shifting", "market", "statistical", "unstable",
		"deadlock"
	};

	return names[v];
}
