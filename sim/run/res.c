/*
 * res.c: folding replications into results.
 */
#include "run/res.h"

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

const stat *res_entity_sole(const res *r, int e)
{
	if (e < r->nst)
		return &r->st[e][SF_SOLE];
	if (e < r->nst + r->ndev)
		return &r->dev[e - r->nst][DF_SOLE];
	return &r->lnk[e - r->nst - r->ndev][KF_SOLE];
}

const stat *res_entity_shifting(const res *r, int e)
{
	if (e < r->nst)
		return &r->st[e][SF_SHIFTING];
	if (e < r->nst + r->ndev)
		return &r->dev[e - r->nst][DF_SHIFTING];
	return &r->lnk[e - r->nst - r->ndev][KF_SHIFTING];
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
