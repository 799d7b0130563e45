/*
 * run.h: a whole run: replications of a line, each with its own streams
 * derived from (seed, replication, name), folded into results.
 *
 * Warm-up "auto" runs replication 0 once as a pilot with no warm-up, finds
 * the truncation point of its departures' latencies by MSER-5, and then
 * runs every replication (0 included, afresh) discarding that many
 * departures.
 */
#ifndef RUN_H
#define RUN_H

#include <signal.h>
#include <stdint.h>

#include "core/hb.h"
#include "run/res.h"
#include "input/diag.h"
#include "scenario/scen.h"

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
} run_opts;

/* The run's results, as core/hb.h's codes (the names stay for the
 * callers that know them). */
enum run_status {
	RUN_OK = HB_OK,
	RUN_BAD_INPUT = HB_BAD_INPUT,	/* the scenario asks for what cannot run: d says why */
	RUN_FAILED = HB_NOMEM,		/* out of memory */
};

/* Warm-up "auto": run replication 0 of ln with no warm-up and return, by
 * MSER-5 on its departures' latencies, the departures to discard (found
 * is 0 when no steady state showed: then 0). 0, or -1 when out of memory. */
struct line;
int run_pilot(struct line *ln, uint64_t seed, int64_t *warm_items, int *found);

/* Run s. On RUN_OK *out holds the results (the caller frees them).
 * When o->stop becomes non-zero the replication under way stops within a
 * few thousand events: it is dropped when a complete one exists, else its
 * figures so far are kept; either way the results are marked partial. */
int run_scenario(const scen *s, const run_opts *o, res **out, diag *d);

#endif
