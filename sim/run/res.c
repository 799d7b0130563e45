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
		const scen_station *st = &s->stations[i];

		for (int j = 0; j < st->ndevices; j++)
			if (st->device_idx[j] == k) {
				sum += st->memory;
				break;
			}
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
