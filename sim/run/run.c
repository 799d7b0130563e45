/*
 * run.c: replications in one process, one line reused for all of them.
 *
 * With a progress callback a replication runs in slices of simulated time
 * (line_run_until), each resized to hold about RUN_PROGRESS_EVENTS events:
 * the events' density is not known in advance and changes as the line
 * fills. Without one it runs in one call (line_run, no peek per event).
 */
#include "run/run.h"

#include "core/hb.h"
#include "line/line.h"
#include "stats/mser.h"

/* The run under way, as progress reports see it. */
typedef struct runner {
	const run_opts *o;	/* NULL: no progress (run_pilot) */
	const scen_run *sr;
	run_progress p;
	uint64_t events_before;	/* events of the replications before this one */
	int64_t warm;		/* departures discarded; -1: the scenario's */
} runner;

static int stopped(const run_opts *o)
{
	return o->stop && *o->stop;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Share of the replication done, or -1 when it cannot be told. */
static double share(const line *ln, const runner *u)
{
	const scen_run *sr = u->sr;
	int64_t in, left, drop, wip, w;

	if (sr->duration > 0) {
		/* a timed warm-up (or none) ends at a known instant */
		if (!u->p.pilot && (sr->warm == WARM_TIME || sr->warm == WARM_NONE)) {
			simtime end = sr->duration +
				      (sr->warm == WARM_TIME ? sr->warm_time : 0);

			return clamp01((double)line_now(ln) / (double)end);
		}
		return clamp01((double)line_window(ln) / (double)sr->duration);
	}
	if (sr->items <= 0 || (!u->p.pilot && sr->warm == WARM_TIME))
		return -1;
	line_counts(ln, &in, &left, &drop, &wip);
	w = u->p.pilot ? 0 : u->warm >= 0 ? u->warm :
	    sr->warm == WARM_ITEMS ? sr->warm_items : 0;
	return clamp01((double)(left - w) / (double)sr->items);
}

static void report(const line *ln, runner *u)
{
	run_progress *p = &u->p;
	int aut = u->sr->warm == WARM_AUTO;

	p->now = line_now(ln);
	p->events = u->events_before + line_events(ln);
	p->done = share(ln, u);
	if (p->done < 0)
		p->total = -1;
	else
		p->total = ((p->pilot ? 0 : aut + (double)p->rep) + p->done) /
			   (double)(p->reps + aut);
	u->o->progress(u->o->progress_ctx, p);
}

/* Run the replication started on ln to its end, or until it is stopped.
 * 0, or -1 when out of memory. */
static int run_rep(line *ln, runner *u)
{
	simtime t, w = ST_MS;
	int rc;

	if (!u || !u->o->progress)
		return line_run(ln);
	t = line_now(ln);
	do {
		uint64_t e0 = line_events(ln), e;

		t = t < ST_MAX - w ? t + w : ST_MAX;
		rc = line_run_until(ln, t);
		e = line_events(ln) - e0;
		if (e < RUN_PROGRESS_EVENTS / 2 && w < ST_MAX / 4)
			w *= 2;
		else if (e > RUN_PROGRESS_EVENTS * 2 && w > 1)
			w /= 2;
		report(ln, u);
	} while (rc == 0 && !line_stopped(ln));
	return rc < 0 ? -1 : 0;
}

/* One replication, its figures folded into r; a stopped one only when no
 * complete replication exists (*cut is then set). */
static int one(line *ln, res *r, runner *u, line_figs *f, int *cut)
{
	if (line_start(ln, r->seed, (uint64_t)u->p.rep, u->warm) < 0 ||
	    run_rep(ln, u) < 0)
		return -1;
	u->events_before += line_events(ln);
	if (line_stopped(ln)) {
		if (r->reps > 0)
			return 0;
		*cut = 1;
		line_cut(ln);
	}
	line_figures(ln, f);
	res_add(r, f, st_to_s(line_window(ln)), line_events(ln),
		line_ended_early(ln));
	return 0;
}

static int pilot_run(line *ln, uint64_t seed, runner *u, int64_t *warm_items,
		     int *found)
{
	mser *m = mser_new();
	int64_t cut;

	if (!m)
		return -1;
	line_attach_mser(ln, m);
	if (line_start(ln, seed, 0, 0) < 0 || run_rep(ln, u) < 0) {
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

int run_pilot(line *ln, uint64_t seed, int64_t *warm_items, int *found)
{
	return pilot_run(ln, seed, NULL, warm_items, found);
}

/* Warm-up "auto": the pilot decides the warm-up. Stopped, its figures so
 * far are the run's (measured from time 0: it discards nothing). */
static int pilot(line *ln, res *r, runner *u, line_figs *f, int *cut)
{
	int found;

	u->p.pilot = 1;
	if (pilot_run(ln, r->seed, u, &r->warm_items, &found) < 0)
		return -1;
	u->p.pilot = 0;
	u->events_before += line_events(ln);
	r->warm_short = !found;
	if (line_stopped(ln)) {
		*cut = 1;
		r->warm_items = 0;
		line_cut(ln);
		line_figures(ln, f);
		res_add(r, f, st_to_s(line_window(ln)), line_events(ln),
			line_ended_early(ln));
		return 0;
	}
	u->warm = r->warm_items;
	return 0;
}

int run_scenario(const scen *s, const run_opts *o, res **out, diag *d)
{
	int64_t reps = o->reps > 0 ? o->reps : s->run.replications;
	uint64_t seed = o->have_seed ? o->seed : s->seed;
	runner u = { .o = o, .sr = &s->run, .warm = -1, .p = { .reps = reps } };
	line_figs f = { 0 };
	res *r = NULL;
	line *ln;
	int cut = 0;
	int rc = line_new(s, &ln, d);

	*out = NULL;
	if (rc < 0)
		return rc == -1 ? RUN_BAD_INPUT : RUN_FAILED;
	r = res_new(s, seed);
	if (!r || line_figs_new(&f, s) < 0)
		goto oom;
	line_stop_flag(ln, o->stop);
	if (s->run.warm == WARM_AUTO && !stopped(o) &&
	    pilot(ln, r, &u, &f, &cut) < 0)
		goto oom;
	for (int64_t k = 0; k < reps && !cut && !stopped(o); k++) {
		u.p.rep = k;
		if (one(ln, r, &u, &f, &cut) < 0)
			goto oom;
	}
	r->partial = r->reps < reps || cut;
	line_figs_free(&f);
	line_free(ln);
	*out = r;
	return RUN_OK;
oom:
	line_figs_free(&f);
	res_free(r);
	line_free(ln);
	diag_nomem(d);
	return RUN_FAILED;
}
