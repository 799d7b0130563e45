/*
 * run.c: replications in one process, one line reused for all of them.
 */
#include "run/run.h"

#include "core/hb.h"
#include "line/line.h"
#include "stats/mser.h"

static int stopped(const run_opts *o)
{
	return o->stop && *o->stop;
}

/* One replication, its figures folded into r. */
static int one(line *ln, res *r, uint64_t rep, int64_t warm, line_figs *f)
{
	if (line_start(ln, r->seed, rep, warm) < 0 || line_run(ln) < 0)
		return -1;
	line_figures(ln, f);
	res_add(r, f, st_to_s(line_window(ln)), line_events(ln),
		line_ended_early(ln));
	return 0;
}

int run_pilot(line *ln, uint64_t seed, int64_t *warm_items, int *found)
{
	mser *m = mser_new();
	int64_t cut;

	if (!m)
		return -1;
	line_attach_mser(ln, m);
	if (line_start(ln, seed, 0, 0) < 0 || line_run(ln) < 0) {
		line_attach_mser(ln, NULL);
		mser_free(m);
		return -1;
	}
	line_attach_mser(ln, NULL);
	cut = mser_cut(m);
	mser_free(m);
	*found = cut >= 0;
	*warm_items = cut < 0 ? 0 : cut;
	return 0;
}

static int pilot(line *ln, res *r)
{
	int found;

	if (run_pilot(ln, r->seed, &r->warm_items, &found) < 0)
		return -1;
	r->warm_short = !found;
	return 0;
}

int run_scenario(const scen *s, const run_opts *o, res **out, diag *d)
{
	int64_t reps = o->reps > 0 ? o->reps : s->run.replications;
	uint64_t seed = o->have_seed ? o->seed : s->seed;
	line_figs f = { 0 };
	res *r = NULL;
	line *ln;
	int64_t warm = -1;
	int rc = line_new(s, &ln, d);

	*out = NULL;
	if (rc < 0)
		return rc == -1 ? RUN_BAD_INPUT : RUN_FAILED;
	r = res_new(s, seed);
	if (!r || line_figs_new(&f, s) < 0)
		goto oom;
	if (s->run.warm == WARM_AUTO) {
		if (pilot(ln, r) < 0)
			goto oom;
		warm = r->warm_items;
	}
	for (int64_t k = 0; k < reps && !stopped(o); k++)
		if (one(ln, r, (uint64_t)k, warm, &f) < 0)
			goto oom;
	r->partial = r->reps < reps;
	line_figs_free(&f);
	line_free(ln);
	*out = r;
	return RUN_OK;
oom:
	line_figs_free(&f);
	res_free(r);
	line_free(ln);
	diag_msg(d, "", "out of memory");
	return RUN_FAILED;
}
