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
	r->st = hb_calloc((size_t)s->nstations, sizeof *r->st);
	if (!r->st) {
		hb_free(r);
		return NULL;
	}
	r->s = s;
	r->seed = seed;
	r->nst = s->nstations;
	r->warm_items = -1;
	for (int i = 0; i < LF_N; i++)
		stat_init(&r->line[i]);
	for (int k = 0; k < r->nst; k++)
		for (int i = 0; i < SF_N; i++)
			stat_init(&r->st[k][i]);
	stat_init(&r->window_s);
	return r;
}

void res_free(res *r)
{
	if (!r)
		return;
	hb_free(r->st);
	hb_free(r);
}

void res_add(res *r, const double lf[LF_N], double (*sf)[SF_N],
	     double window_s, uint64_t events, int early)
{
	for (int i = 0; i < LF_N; i++)
		stat_add(&r->line[i], lf[i]);
	for (int k = 0; k < r->nst; k++)
		for (int i = 0; i < SF_N; i++)
			stat_add(&r->st[k][i], sf[k][i]);
	stat_add(&r->window_s, window_s);
	r->events += events;
	r->early |= early;
	r->reps++;
}
