/*
 * summ.h: the short summary of a run that `watch` and `live` print:
 * throughput, latency p50 and p99, work in progress and the constraint,
 * each the mean over the replications (no intervals: a glance, not a
 * report).
 */
#ifndef SUMM_H
#define SUMM_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "input/diag.h"
#include "scenario/scen.h"

typedef struct summ {
	double thr, p50, p99, wip;
	char unit[32];		/* what throughput counts: "bottles" */
	char constraint[160];	/* the verdict (rtext_verdict): "station label" */
	int64_t reps;		/* replications behind the figures */
	uint64_t seed;
} summ;

/* Run s as `herbie run` would (reps > 0 and have_seed override the
 * scenario's), stopping soon when *stop becomes non-zero, and summarize
 * it. 0, or run_scenario's code with d filled: HB_BAD_INPUT when s
 * cannot run, HB_NOMEM. */
int summ_run(const scen *s, int64_t reps, int have_seed, uint64_t seed,
	     volatile sig_atomic_t *stop, summ *sm, diag *d);

/* The summary of results r (run/res.h; named only, as run.h does): what
 * `live` prints of the replication it ran, through its runner. */
struct res;
void summ_res(summ *sm, const struct res *r);

/* One figure a line; with before, each figure before -> after and the
 * change ("=" when the same to the digits shown). */
void summ_print(FILE *f, const summ *now, const summ *before);

/* All of it on one line, for `live`'s last words. */
void summ_line(FILE *f, const summ *sm);

#endif
