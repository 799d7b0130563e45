/*
 * diff.c: paired replications of two lines (see diff.h).
 */
#include "run/diff.h"

#include <math.h>
#include <string.h>

#include "core/hb.h"
#include "line/line.h"
#include "run/res.h"

void diff_free(diff_res *r)
{
	if (!r)
		return;
	res_free(r->a);
	res_free(r->b);
	hb_free(r->d_st);
	hb_free(r->st_b);
	hb_free(r->st_a);
	hb_free(r);
}

int diff_significant(const stat_acc *s)
{
	return s->n >= 2 && fabs(stat_mean(s)) > stat_ci95(s);
}

double diff_independent_ci95(const stat_acc *a, const stat_acc *b)
{
	return sqrt(stat_ci95(a) * stat_ci95(a) + stat_ci95(b) * stat_ci95(b));
}

/* One side's next replication (its pilot first, the first time) run and
 * folded into its results. 0, or -1 out of memory. */
static int side_rep(runner *u)
{
	if (run_next(u) <= 0 || run_rep(u) < 0)
		return -1;
	run_end(u);
	return 0;
}

static void fold(diff_res *dr, const line_figs *a, const line_figs *b, int nst)
{
	for (int i = 0; i < LF_N; i++)
		stat_add(&dr->d_line[i], b->line[i] - a->line[i]);
	for (int k = 0; k < nst; k++) {
		if (dr->st_b[k] < 0)
			continue;
		for (int i = 0; i < SF_N; i++)
			stat_add(&dr->d_st[k][i], b->st[dr->st_b[k]][i] - a->st[k][i]);
	}
}

static diff_res *diff_new(const scen *a, const scen *b)
{
	diff_res *dr = hb_calloc(1, sizeof *dr);

	if (!dr)
		return NULL;
	dr->d_st = hb_calloc((size_t)a->nstations + 1, sizeof *dr->d_st);
	dr->st_b = hb_calloc((size_t)a->nstations + 1, sizeof *dr->st_b);
	dr->st_a = hb_calloc((size_t)b->nstations + 1, sizeof *dr->st_a);
	if (!dr->d_st || !dr->st_b || !dr->st_a) {
		diff_free(dr);
		return NULL;
	}
	for (int i = 0; i < LF_N; i++)
		stat_init(&dr->d_line[i]);
	for (int k = 0; k < a->nstations; k++) {
		dr->st_b[k] = scen_station_index(b, a->stations[k].name);
		for (int i = 0; i < SF_N; i++)
			stat_init(&dr->d_st[k][i]);
	}
	/* by name, as the streams are: names are unique within a line */
	for (int kb = 0; kb < b->nstations; kb++)
		dr->st_a[kb] = scen_station_index(a, b->stations[kb].name);
	return dr;
}

int diff_run(const scen *a, const scen *b, const run_opts *o, diff_res **out,
	     diag *d)
{
	/* both sides on a's seed; stopped between replications only, so the
	 * pair of each is whole (neither runner sees the flag) */
	run_opts ro = { .reps = o->reps > 0 ? o->reps : a->run.replications,
			.have_seed = 1, .seed = run_seed(a, o) };
	runner *ua = NULL, *ub = NULL;
	diff_res *dr = diff_new(a, b);
	int rc = dr ? RUN_OK : RUN_FAILED;

	*out = NULL;
	if (rc == RUN_OK)
		rc = run_open(a, &ro, &ua, d);
	if (rc == RUN_OK)
		rc = run_open(b, &ro, &ub, d);
	for (int64_t k = 0; rc == RUN_OK && k < ro.reps && !(o->stop && *o->stop); k++) {
		if (side_rep(ua) < 0 || side_rep(ub) < 0)
			rc = RUN_FAILED;
		else
			fold(dr, run_figs(ua), run_figs(ub), a->nstations);
	}
	if (rc == RUN_OK) {
		dr->a = run_take(ua);
		dr->b = run_take(ub);
	}
	run_close(ua);
	run_close(ub);
	if (rc != RUN_OK) {
		if (rc == RUN_FAILED)
			diag_nomem(d);
		diff_free(dr);
		return rc;
	}
	dr->a->partial = dr->b->partial = dr->a->reps < ro.reps;
	*out = dr;
	return RUN_OK;
}
