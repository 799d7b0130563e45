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
	if (!r->st || !r->dev || !r->lnk) {
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

int res_constraint(const res *r)
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

enum res_verdict res_verdict(const res *r)
{
	int c = res_constraint(r);

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
		"none", "one", "shifting", "market", "statistical"
	};

	return names[v];
}
