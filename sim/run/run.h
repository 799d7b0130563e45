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

#include "run/res.h"
#include "scenario/diag.h"
#include "scenario/scen.h"

typedef struct run_opts {
	int64_t reps;			/* > 0: instead of the scenario's */
	int have_seed;
	uint64_t seed;			/* with have_seed: instead of the scenario's */
	volatile sig_atomic_t *stop;	/* non-zero: stop soon (Ctrl-C); may be NULL */
} run_opts;

enum run_status {
	RUN_OK = 0,
	RUN_BAD_INPUT = -1,	/* the scenario asks for what cannot run: d says why */
	RUN_FAILED = -2,	/* out of memory */
};

/* Warm-up "auto": run replication 0 of ln with no warm-up and return, by
 * MSER-5 on its departures' latencies, the departures to discard (found
 * is 0 when no steady state showed: then 0). 0, or -1 when out of memory. */
struct line;
int run_pilot(struct line *ln, uint64_t seed, int64_t *warm_items, int *found);

/* Run s. On RUN_OK *out holds the results (the caller frees them). */
int run_scenario(const scen *s, const run_opts *o, res **out, diag *d);

#endif
