/*
 * diff.c: paired replications of two lines (see diff.h).
 */
#include "run/diff.h"

#include <math.h>
#include <string.h>

#include "core/hb.h"
#include "line/line.h"

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

int diff_significant(const stat *s)
{
	return s->n >= 2 && fabs(stat_mean(s)) > stat_ci95(s);
}

double diff_independent_ci95(const stat *a, const stat *b)
{
	return sqrt(stat_ci95(a) * stat_ci95(a) + stat_ci95(b) * stat_ci95(b));
}

/* One side: its line, its warm-up and its figures of one replication. */
typedef struct side {
	line *ln;
	res *r;
	line_figs f;
	int64_t warm;
} side;

static int side_open(side *sd, const scen *s, uint64_t seed, diag *d)
{
	int rc = line_new(s, &sd->ln, d), found;

	if (rc < 0)
		return rc;	/* line_new's code: RUN_BAD_INPUT, RUN_FAILED */
	sd->r = res_new(s, seed);
	if (!sd->r || line_figs_new(&sd->f, s) < 0)
		return RUN_FAILED;
	sd->warm = -1;
	if (s->run.warm == WARM_AUTO) {
		if (run_pilot(sd->ln, seed, &sd->warm, &found) < 0)
			return RUN_FAILED;
		sd->r->warm_items = sd->warm;
		sd->r->warm_short = !found;
	}
	return RUN_OK;
}

static void side_close(side *sd)
{
	line_figs_free(&sd->f);
	line_free(sd->ln);
}

static int side_rep(side *sd, uint64_t rep)
{
	if (line_start(sd->ln, sd->r->seed, rep, sd->warm) < 0 || line_run(sd->ln) < 0)
		return -1;
	line_figures(sd->ln, &sd->f);
	res_add(sd->r, &sd->f, st_to_s(line_window(sd->ln)), line_events(sd->ln),
		line_ended_early(sd->ln));
	return 0;
}

static void fold(diff_res *dr, const side *a, const side *b)
{
	for (int i = 0; i < LF_N; i++)
		stat_add(&dr->d_line[i], b->f.line[i] - a->f.line[i]);
	for (int k = 0; k < a->r->nst; k++) {
		if (dr->st_b[k] < 0)
			continue;
		for (int i = 0; i < SF_N; i++)
			stat_add(&dr->d_st[k][i], b->f.st[dr->st_b[k]][i] - a->f.st[k][i]);
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
	int64_t reps = o->reps > 0 ? o->reps : a->run.replications;
	uint64_t seed = o->have_seed ? o->seed : a->seed;
	side sa = { 0 }, sb = { 0 };
	diff_res *dr = diff_new(a, b);
	int rc = dr ? RUN_OK : RUN_FAILED;

	*out = NULL;
	if (rc == RUN_OK)
		rc = side_open(&sa, a, seed, d);
	if (rc == RUN_OK)
		rc = side_open(&sb, b, seed, d);
	for (int64_t k = 0; rc == RUN_OK && k < reps && !(o->stop && *o->stop); k++) {
		if (side_rep(&sa, (uint64_t)k) < 0 || side_rep(&sb, (uint64_t)k) < 0)
			rc = RUN_FAILED;
		else
			fold(dr, &sa, &sb);
	}
	if (dr) {
		dr->a = sa.r;
		dr->b = sb.r;
		sa.r = sb.r = NULL;
	}
	side_close(&sa);
	side_close(&sb);
	if (rc != RUN_OK) {
		if (rc == RUN_FAILED)
			diag_nomem(d);
		diff_free(dr);
		return rc;
	}
	dr->a->partial = dr->b->partial = dr->a->reps < reps;
	*out = dr;
	return RUN_OK;
}
