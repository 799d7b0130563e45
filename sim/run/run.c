/*
 * run.c: replications in one process, one line reused for all of them;
 * the one place that builds, seeds and starts a line (run.h).
 *
 * With a progress callback a replication runs in slices of simulated time
 * (line_run_until), each resized to hold about RUN_PROGRESS_EVENTS events:
 * the events' density is not known in advance and changes as the line
 * fills. Without one, and with no sink asking for instants, it runs in
 * one call (line_run, no peek per event).
 *
 * Sinks watch replication 0 only: a sink's instants cut the run's steps
 * (line_run_until up to the instant less 1 ns), which changes no result,
 * and their engine hooks are attached for replication 0 alone, so the
 * other replications keep the engine's fast paths. Several sinks with
 * hooks share the line's one observer slot through a fan-out here.
 */
#include "run/run.h"

#include "core/hb.h"
#include "run/res.h"
#include "stats/mser.h"

enum phase { IDLE, PILOT, REP };

struct runner {
	const scen *s;
	const run_opts *o;
	line *ln;
	res *r;
	line_figs f;
	mser *m;		/* the pilot's, while it runs */
	int64_t reps;		/* replications asked for */
	int64_t next;		/* the next replication to set up */
	int64_t warm;		/* departures discarded; -1: the scenario's */
	enum phase phase;	/* what is set up */
	int aut;		/* warm-up "auto" with its pilot */
	int pilot_due;
	int cut;		/* a stopped replication's figures were kept */
	int watching;		/* replication 0's pilot or measured run is
				 * set up, sinks watching (sees) */
	int hooked;		/* ... and some of their hooks attached */
	run_progress p;
	uint64_t events_before;	/* events of the replications before this one */
};

/* Test hook (run.h); the only state outside a runner, as hb's counts. */
static uint64_t n_starts;

uint64_t run_count_starts(void)
{
	return n_starts;
}

uint64_t run_seed(const scen *s, const run_opts *o)
{
	return o->have_seed ? o->seed : s->seed;
}

static int stopped(const run_opts *o)
{
	return o->stop && *o->stop;
}

/* ---- progress ------------------------------------------------------ */

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Share of the replication done, or -1 when it cannot be told. */
static double share(const runner *u)
{
	const scen_run *sr = &u->s->run;
	const line *ln = u->ln;
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

static void report(runner *u)
{
	run_progress *p = &u->p;
	int aut = u->aut;

	p->now = line_now(u->ln);
	p->events = u->events_before + line_events(u->ln);
	p->done = share(u);
	if (p->done < 0)
		p->total = -1;
	else
		p->total = ((p->pilot ? 0 : aut + (double)p->rep) + p->done) /
			   (double)(p->reps + aut);
	u->o->progress(u->o->progress_ctx, p);
}

/* ---- the sinks ----------------------------------------------------- */

/* Does sink k watch the replication set up? Replication 0's first run:
 * the pilot for a sink that asks for it (run_sink.pilot), else the
 * measured replication 0. */
static int sees(const runner *u, const run_sink *k)
{
	if (!u->watching)
		return 0;
	return u->phase == PILOT ? k->pilot : !(k->pilot && u->aut);
}

/* The fan-out: several sinks' hooks on the line's one observer slot. */
#define FAN(call, ...)							\
	do {								\
		const runner *u = ctx;					\
									\
		for (int i = 0; i < u->o->nsinks; i++) {		\
			const run_sink *s_ = &u->o->sinks[i];		\
									\
			if (s_->obs.call && sees(u, s_))		\
				s_->obs.call(s_->obs.ctx, __VA_ARGS__);	\
		}							\
	} while (0)

static void fan_service(void *ctx, int st, int64_t k, simtime t0, simtime t1,
			uint64_t id, int64_t n)
{
	FAN(service, st, k, t0, t1, id, n);
}

static void fan_move(void *ctx, uint64_t id, int from, int to, simtime t)
{
	FAN(move, id, from, to, t);
}

static void fan_queue(void *ctx, int st, simtime t, int64_t n)
{
	FAN(queue, st, t, n);
}

static void fan_link(void *ctx, int k, int dir, simtime t, double bytes_per_s)
{
	FAN(link, k, dir, t, bytes_per_s);
}

static int has_hooks(const run_sink *k)
{
	return k->obs.service || k->obs.move || k->obs.queue || k->obs.link;
}

/* Before the replication starts: the engine's hooks of the sinks that
 * watch it, one sink's directly (no cost but its own), several through
 * the fan-out; none, and the engine keeps its fast paths. */
static void attach(runner *u)
{
	line_obs fan = { u, fan_service, fan_move, fan_queue, fan_link };
	const line_obs *one = NULL;
	int n = 0;

	for (int i = 0; i < u->o->nsinks; i++)
		if (sees(u, &u->o->sinks[i]) && has_hooks(&u->o->sinks[i])) {
			one = &u->o->sinks[i].obs;
			n++;
		}
	u->hooked = n > 0;
	if (n)
		line_observe(u->ln, n == 1 ? one : &fan);
}

/* The earliest instant a sink asks for; -1 when none. */
static simtime sinks_next(const runner *u)
{
	simtime e = -1;

	for (int i = 0; i < u->o->nsinks; i++) {
		const run_sink *k = &u->o->sinks[i];
		simtime t = k->next && sees(u, k) ? k->next(k->ctx) : -1;

		if (t >= 0 && (e < 0 || t < e))
			e = t;
	}
	return e;
}

static void sinks_at(const runner *u, simtime t)
{
	for (int i = 0; i < u->o->nsinks; i++) {
		const run_sink *k = &u->o->sinks[i];

		/* only those that asked for t: another's instant is not theirs */
		if (k->at && k->next && sees(u, k) && k->next(k->ctx) == t)
			k->at(k->ctx, u->ln, t);
	}
}

static void sinks_start(const runner *u)
{
	for (int i = 0; i < u->o->nsinks; i++) {
		const run_sink *k = &u->o->sinks[i];

		if (k->start && sees(u, k))
			k->start(k->ctx, u->ln);
	}
}

static void sinks_end(runner *u)
{
	int ended = !line_stopped(u->ln);

	for (int i = 0; i < u->o->nsinks; i++) {
		const run_sink *k = &u->o->sinks[i];

		if (k->end && sees(u, k))
			k->end(k->ctx, u->ln, ended);
	}
	if (u->hooked)
		line_observe(u->ln, NULL);
	u->hooked = u->watching = 0;
}

/* ---- running ------------------------------------------------------- */

/* line_run_until, or line_run when there is no horizon. */
static int run_line_to(line *ln, simtime t)
{
	if (t < ST_MAX)
		return line_run_until(ln, t);
	if (line_run(ln) < 0)
		return -1;
	return !line_stopped(ln);
}

int run_until(runner *u, simtime t)
{
	HB_ASSERT(u->phase != IDLE);
	for (;;) {
		simtime e = u->watching ? sinks_next(u) : -1;
		int rc;

		/* every event before e, and e's turn, when e - 1 <= t */
		if (e <= 0 || e - 1 > t)
			return run_line_to(u->ln, t);
		rc = line_run_until(u->ln, e - 1);
		if (rc != 0 || line_stopped(u->ln))
			return rc;
		sinks_at(u, e);
		if (e - 1 == t)
			return 0;
	}
}

int run_rep(runner *u)
{
	simtime t, w = ST_MS;
	int rc;

	if (!u->o->progress)
		return run_until(u, ST_MAX) < 0 ? -1 : 0;
	t = line_now(u->ln);
	do {
		uint64_t e0 = line_events(u->ln), e;

		t = t < ST_MAX - w ? t + w : ST_MAX;
		rc = run_until(u, t);
		e = line_events(u->ln) - e0;
		if (e < RUN_PROGRESS_EVENTS / 2 && w < ST_MAX / 4) {
			w *= 2;
		} else if (e > RUN_PROGRESS_EVENTS * 2) {
			/* halved, but never below 1 ns (simtime's tick): a
			 * slice of 0 would run no event, so it would neither
			 * grow nor see the stop flag (read after an event),
			 * and the loop would spin */
			w /= 2;
			if (w < 1)
				w = 1;
		}
		report(u);
	} while (rc == 0 && !line_stopped(u->ln));
	return rc < 0 ? -1 : 0;
}

/* Set up the replication u->next at time 0 (the pilot: replication 0
 * with no warm-up). */
static int start(runner *u, int pilot)
{
	n_starts++;
	u->phase = pilot ? PILOT : REP;
	u->p.pilot = pilot;
	u->p.rep = pilot ? 0 : u->next;
	u->watching = u->p.rep == 0 && u->o->nsinks > 0;
	if (u->watching)
		attach(u);
	if (line_start(u->ln, u->r->seed, (uint64_t)u->p.rep, pilot ? 0 : u->warm) < 0)
		return -1;
	if (u->o->max_memory > 0)
		line_max_items(u->ln, (int64_t)((u->o->max_memory - line_bytes(u->s)) /
						LINE_ITEM_BYTES) + 1);
	if (u->watching)
		sinks_start(u);
	return 0;
}

static void fold(runner *u)
{
	line_figures(u->ln, &u->f);
	res_add(u->r, &u->f, st_to_s(line_window(u->ln)), line_events(u->ln),
		line_ended_early(u->ln));
	u->r->capped |= line_capped(u->ln);
}

/* The pilot has run: its MSER-5 cut is the warm-up. Stopped, its figures
 * so far are the run's (measured from time 0: it discards nothing). */
static void pilot_end(runner *u)
{
	int64_t cut;

	line_attach_mser(u->ln, NULL);
	cut = mser_cut(u->m);
	mser_free(u->m);
	u->m = NULL;
	u->r->warm_items = cut < 0 ? 0 : cut;
	u->r->warm_short = cut < 0;
	if (line_stopped(u->ln)) {
		u->cut = 1;
		u->r->warm_items = 0;
		line_cut(u->ln);
		fold(u);
		return;
	}
	u->warm = u->r->warm_items;
}

static int pilot(runner *u)
{
	u->pilot_due = 0;
	if (!(u->m = mser_new()))
		return -1;
	line_attach_mser(u->ln, u->m);
	if (start(u, 1) < 0 || run_rep(u) < 0)
		return -1;
	run_end(u);
	return 0;
}

int run_next(runner *u)
{
	HB_ASSERT(u->phase == IDLE);
	if (u->pilot_due && !stopped(u->o) && pilot(u) < 0)
		return -1;
	if (u->next >= u->reps || u->cut || stopped(u->o))
		return 0;
	return start(u, 0) < 0 ? -1 : 1;
}

void run_end(runner *u)
{
	enum phase ph = u->phase;

	HB_ASSERT(ph != IDLE);
	u->events_before += line_events(u->ln);
	if (u->watching)
		sinks_end(u);	/* while sees() can tell which watched */
	u->phase = IDLE;
	if (ph == PILOT) {
		pilot_end(u);
		return;
	}
	u->next++;
	if (line_stopped(u->ln)) {
		if (u->r->reps > 0)
			return;
		u->cut = 1;
		line_cut(u->ln);
	}
	fold(u);
}

/* ---- the runner ---------------------------------------------------- */

int run_open(const scen *s, const run_opts *o, runner **out, diag *d)
{
	runner *u = hb_calloc(1, sizeof *u);
	int rc;

	*out = NULL;
	if (!u)
		goto oom;
	u->s = s;
	u->o = o;
	u->reps = o->reps > 0 ? o->reps : s->run.replications;
	u->warm = -1;
	u->aut = u->pilot_due = s->run.warm == WARM_AUTO && !o->no_pilot;
	u->p.reps = u->reps;
	if (o->max_memory > 0 && line_bytes(s) > o->max_memory) {
		run_close(u);
		diag_msg(d, "", "the line needs about %.3g GB before any item "
			 "enters (its stations' servers), past the memory budget "
			 "of %.3g GB (--max-memory)", line_bytes(s) * 1e-9,
			 o->max_memory * 1e-9);
		d->code = HB_NOMEM;
		return RUN_FAILED;
	}
	rc = line_new(s, &u->ln, d);
	if (rc < 0) {
		run_close(u);
		return rc;	/* line_new's code: RUN_BAD_INPUT, RUN_FAILED */
	}
	line_stop_flag(u->ln, o->stop);
	u->r = res_new(s, run_seed(s, o));
	if (!u->r || line_figs_new(&u->f, s) < 0)
		goto oom;
	*out = u;
	return RUN_OK;
oom:
	run_close(u);
	diag_nomem(d);
	return RUN_FAILED;
}

void run_close(runner *u)
{
	if (!u)
		return;
	if (u->m) {
		line_attach_mser(u->ln, NULL);
		mser_free(u->m);
	}
	line_figs_free(&u->f);
	res_free(u->r);
	line_free(u->ln);
	hb_free(u);
}

const line *run_line(const runner *u)
{
	return u->ln;
}

const line_figs *run_figs(const runner *u)
{
	return &u->f;
}

const res *run_res(const runner *u)
{
	return u->r;
}

res *run_take(runner *u)
{
	res *r = u->r;

	r->partial = r->reps < u->reps || u->cut;
	u->r = NULL;
	return r;
}

int run_scenario(const scen *s, const run_opts *o, res **out, diag *d)
{
	runner *u;
	int rc = run_open(s, o, &u, d);

	*out = NULL;
	if (rc != RUN_OK)
		return rc;
	while ((rc = run_next(u)) > 0) {
		if (run_rep(u) < 0) {
			rc = -1;
			break;
		}
		run_end(u);
	}
	if (rc < 0) {
		run_close(u);
		diag_nomem(d);
		return RUN_FAILED;
	}
	*out = run_take(u);
	run_close(u);
	return RUN_OK;
}
