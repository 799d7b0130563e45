/*
 * toc.h: Goldratt's five focusing steps, each measured by runs of the line
 * (herbie toc).
 *
 * A step of the chain is one line: the scenario with the overrides applied
 * so far. On it:
 *   1. Identify: run it; the constraint by the active-period method, and a
 *      verdict: one constraint, a shifting set, or none inside the line
 *      (the line keeps up with its sources: the market is the constraint).
 *   2. Exploit: the time the constraint lost (starved, blocked, waiting)
 *      and what it was worth to the whole line; its batches' fill; the
 *      smallest protective buffer in front of the drum that keeps the
 *      throughput of an unbounded one, found by runs, and the run with it.
 *   3. Subordinate: work in progress in front of the drum, upstream and
 *      after it; the shortest rope (sources release only while fewer than
 *      R items are on their way to the drum) that keeps the throughput, and
 *      its effect on WIP and latency.
 *   4. Elevate: every value of every lever (the scenario's, or the obvious
 *      ones) run against the line with common random numbers; ranked by
 *      gain in throughput per added cost.
 *   5. Repeat: the best lever that helps is applied and the next step
 *      starts, until the goal is met, no lever helps, the constraint is no
 *      longer inside the line, or the steps run out.
 *
 * "Equal throughput" (buffer and rope searches): the paired change is a
 * loss below 0.5%, or a loss that is not significant at 95% and below 2%.
 * Every run uses the step's replications and seed, so all comparisons are
 * paired with common random numbers.
 */
#ifndef TOC_H
#define TOC_H

#include <stdint.h>

#include "run/diff.h"
#include "run/run.h"

enum toc_stop {
	TOC_STOP_NONE = -1,	/* (not stopped yet) */
	TOC_STOP_GOAL,		/* the goal is met */
	TOC_STOP_NO_LEVER,	/* no lever helps */
	TOC_STOP_STEPS,		/* --steps reached */
	TOC_STOP_OUTSIDE,	/* the constraint is outside the line */
	TOC_STOP_INTERRUPTED,	/* the user stopped it (Ctrl-C) */
	TOC_STOP_DEADLOCK,	/* the line deadlocks: no lever is tried */
};

/* One value of one lever, tried against the step's line. */
typedef struct toc_try {
	char *set;		/* "path=value", as --set takes it */
	const char *why;	/* a default lever: what it is; else NULL */
	int lever;		/* index into scen.lever; -1: a default lever */
	diff_res *d;		/* the step's line (a) against it (b) */
	double cost_h;		/* the line's cost per hour with it; NAN */
	double dcost_h;		/* added cost per hour; NAN when unknown */
	int helps;		/* throughput up (or p99 down), significantly */
} toc_try;

typedef struct toc_step {
	char **sets;		/* overrides from the scenario: this line */
	int nsets;
	scen *s;
	res *r;			/* the line's own run */
	double cost_h;		/* its cost per hour by the levers' costs; NAN */
	/* identify */
	int constraint;		/* entity (res_nentities), -1: none */
	enum res_verdict verdict;
	int drum;		/* the station that sets the pace; -1 */
	int goal_met;
	/* exploit */
	double lost;		/* share of the constraint's time not working */
	double lost_units_h;	/* what that time was worth: units per hour */
	int64_t buffer;		/* protective buffer in front of the drum; -1 */
	diff_res *buffer_d;	/* the line against the line with it */
	/* subordinate */
	double wip_front;	/* items waiting in the drum's buffer */
	double wip_up;		/* in stations upstream of the drum */
	double wip_down;	/* in stations after it */
	int64_t rope;		/* -1: none tried */
	diff_res *rope_d;	/* the line against the line with the rope */
	const char *no_rope;	/* why no rope was tried; NULL */
	/* elevate */
	toc_try *tries;
	int ntries;
	int *rank;		/* tries, best first */
	int best;		/* the try applied to make the next line; -1
				 * (always on the last line) */
} toc_step;

typedef struct toc_res {
	const scen *base;	/* step 0's line; NULL when no step ran (Ctrl-C
				 * before the first line was measured) */
	toc_step *steps;
	int nsteps;
	enum toc_stop stop;
} toc_res;

typedef struct toc_opts {
	run_opts run;		/* replications and seed of every run */
	int steps;		/* at most this many lines (100 at most); 0: 3,
				 * or 20 with until_goal */
	int until_goal;
} toc_opts;

/* Run the five steps on the scenario text (file names it in messages)
 * with overrides sets. RUN_OK and *out; RUN_BAD_INPUT with d filled (a
 * bad scenario, a lever that does not apply); RUN_FAILED out of memory. */
int toc_run(const char *file, const char *text, size_t len,
	    const char *const *sets, int nsets, const toc_opts *o,
	    toc_res **out, diag *d);
void toc_free(toc_res *t);	/* toc_free(NULL) is a no-op */

/* The units per second the line delivered, and its p99 latency (s). */
double toc_throughput(const toc_step *st);

/* Does the goal ask only for a lower p99 latency? Then levers are judged
 * and ranked by the p99 they take off, else by the throughput they add. */
int toc_latency_goal(const scen *s);

/* Is the change in throughput of d "equal" (see above)? */
int toc_equal(const diff_res *d);

/* Test hook: the ranking's order of tries i and j of step st, as qsort
 * takes it (negative: i ranks first). The ranking must not depend on
 * how the C library's qsort uses it. */
int toc_rank_cmp(const toc_step *st, int i, int j);

#endif
