/*
 * run.h: a whole run: replications of a line, each with its own streams
 * derived from (seed, replication, name), folded into results.
 *
 * The run owns every replication (DESIGN.md): it alone builds a line,
 * seeds it (run_seed) and starts it. Whatever watches a replication (a
 * timeline, a trace, the live view) is handed to the run, as a sink
 * (run_sink) or as the caller of the stepping API (runner), and never
 * runs a line of its own. So `herbie run --timeline --trace --report`
 * runs replication 0 once, the sinks all watching it.
 *
 * Warm-up "auto" runs replication 0 once as a pilot with no warm-up, finds
 * the truncation point of its departures' latencies by MSER-5, and then
 * runs every replication (0 included, afresh) discarding that many
 * departures. Sinks watch replication 0 as it is measured, after the
 * pilot, or the pilot itself when they ask (run_sink).
 */
#ifndef RUN_H
#define RUN_H

#include <signal.h>
#include <stdint.h>

#include "core/hb.h"
#include "input/diag.h"
#include "line/line.h"
#include "scenario/scen.h"

/* The results (run/res.h), named only: the run's interface needs no more
 * of them. */
struct res;

/* Where a run is, for a progress display (run_opts.progress). */
typedef struct run_progress {
	int64_t rep;		/* replication under way, 0-based */
	int64_t reps;		/* replications in all */
	int pilot;		/* warm-up "auto": the pilot runs, before rep 0 */
	simtime now;		/* the replication's simulated clock */
	double done;		/* share of this replication done, 0 to 1; -1
				 * when it cannot be told (a number of items
				 * after a timed warm-up) */
	double total;		/* share of the whole run done (the pilot
				 * counts as one replication); -1 likewise */
	uint64_t events;	/* events so far, over the whole run */
} run_progress;

/* Events between two progress calls, roughly: the replication runs in
 * slices of simulated time resized to hold about this many. */
#define RUN_PROGRESS_EVENTS 65536

/*
 * A sink watches replication 0 as it runs (a timeline, a trace), fed by
 * the run (ROSS's tw_lptype: a table of callbacks, any of them NULL). It
 * never stops or fails the run: it keeps its own failure (out of memory,
 * a file it cannot write) and tells it to its caller afterwards.
 *
 * Calls, in order: start once its replication is set up at time 0; then,
 * while it runs, at(t) for each t that next() asks for, when every event
 * before t has run and none at t; then end once it is over. A sink whose
 * replication never started (a stop, a pilot that ran out of memory) gets
 * no call at all.
 *
 * Which replication: the measured replication 0; or, for a sink that
 * sets `pilot`, replication 0's first run, which is the pilot when the
 * warm-up is "auto": the same streams from time 0 with nothing discarded.
 * The warm-up changes what is measured and where the run ends, not what
 * happens before; a trace shows what happens, and watching the pilot it
 * shows what a run without a pilot would (its end included) at no cost.
 */
typedef struct run_sink {
	void *ctx;		/* handed to start, next, at and end */
	line_obs obs;		/* the engine's hooks (line.h), attached with
				 * their own ctx before its replication
				 * starts when any is set, detached after */
	int pilot;		/* watch the pilot when there is one */
	void (*start)(void *ctx, const line *ln);
	/* The next instant it would see the line at (> the last one, > 0);
	 * -1 when none. Read before every step of the run, so keep it
	 * cheap. */
	simtime (*next)(void *ctx);
	void (*at)(void *ctx, const line *ln, simtime t);
	/* ended: it ran to its end; 0: it was stopped (Ctrl-C), and is
	 * incomplete. */
	void (*end)(void *ctx, const line *ln, int ended);
} run_sink;

typedef struct run_opts {
	int64_t reps;			/* > 0: instead of the scenario's */
	int have_seed;
	uint64_t seed;			/* with have_seed: instead of the scenario's */
	volatile sig_atomic_t *stop;	/* non-zero: stop soon (Ctrl-C); may be NULL */
	/* Called about every RUN_PROGRESS_EVENTS events and at the end of
	 * each replication. The library measures no wall time: the caller
	 * does. NULL: none, and replications run unsliced. Slicing never
	 * changes the results. */
	void (*progress)(void *ctx, const run_progress *p);
	void *progress_ctx;
	const run_sink *sinks;		/* nsinks of them, watching rep 0 */
	int nsinks;
	int no_pilot;			/* warm-up "auto" measures from time 0
					 * and runs no pilot (live) */
	double max_memory;		/* bytes a line may hold (0: no bound):
					 * a line that needs more is refused
					 * before it runs (RUN_FAILED); one
					 * whose items pile past it ends its
					 * replication there (res.capped) */
} run_opts;

/* The run's results, as core/hb.h's codes (the names stay for the
 * callers that know them). */
enum run_status {
	RUN_OK = HB_OK,
	RUN_BAD_INPUT = HB_BAD_INPUT,	/* the scenario asks for what cannot run: d says why */
	RUN_FAILED = HB_NOMEM,		/* out of memory */
};

/* The seed a run of s with o uses: o's when it has one, else s's. The one
 * place that says so. */
uint64_t run_seed(const scen *s, const run_opts *o);

/* Run s. On RUN_OK *out holds the results (the caller frees them).
 * When o->stop becomes non-zero the replication under way stops within a
 * few thousand events: it is dropped when a complete one exists, else its
 * figures so far are kept; either way the results are marked partial.
 * This is the loop over the stepping API below. */
int run_scenario(const scen *s, const run_opts *o, struct res **out, diag *d);

/*
 * Stepping through a run, for callers that pace it themselves (`live`
 * runs replication 0 by the wall clock) or interleave two (`diff`):
 *
 *	run_open(s, &o, &u, d);
 *	while (run_next(u) > 0) {	// the pilot, then replication k set up
 *		run_rep(u);		// or run_until(u, t) in steps
 *		run_end(u);		// folded into the results
 *	}
 *	r = run_take(u);
 *	run_close(u);
 *
 * (The type is `runner`, not `run`: the word names the scenario's run
 * section and many a local already.) o and s must outlive u.
 */
typedef struct runner runner;

/* Build s's line. RUN_OK and *out; RUN_BAD_INPUT with d filled when the
 * scenario asks for something the engine cannot run; RUN_FAILED (out of
 * memory, d says so). */
int run_open(const scen *s, const run_opts *o, runner **out, diag *d);
void run_close(runner *u);		/* run_close(NULL) is a no-op */

/* Set up the next replication at time 0, after running the warm-up pilot
 * first when one is due. 1; 0 when none is left (all ran, or o->stop);
 * -1 out of memory. */
int run_next(runner *u);

/* Run the replication set up until the clock would pass t, feeding the
 * sinks on the way. 1 when it has ended, 0 when not yet (or stopped:
 * line_stopped), -1 out of memory. */
int run_until(runner *u, simtime t);

/* Run it to its end, or until stopped, with progress reports when o asks
 * for them. 0, or -1 out of memory. */
int run_rep(runner *u);

/* The replication run (ended, or stopped) is over: tell the sinks, fold
 * its figures into the results (a stopped one only when no complete one
 * exists). */
void run_end(runner *u);

/* The line under way (snapshots, the live view). */
const line *run_line(const runner *u);

/* The figures of the replication run_end folded last. */
const line_figs *run_figs(const runner *u);

/* The results so far; run_take hands them over (marked partial when the
 * run was stopped), after which u has none. */
const struct res *run_res(const runner *u);
struct res *run_take(runner *u);

/* Test hook (as hb_alloc_count): replications started in this process,
 * pilots included. Nothing else starts one, so a test can tell that
 * watching a run ran nothing more. */
uint64_t run_count_starts(void);

#endif
