/*
 * diff.h: two lines compared over paired replications (herbie diff).
 *
 * Replication k of both lines uses the streams of (seed, k, name,
 * purpose): stations and sources that keep their names draw the same
 * numbers in both (common random numbers), so the difference of a figure
 * in one replication holds little noise, and the paired Student-t interval
 * of the mean difference is much tighter than the two lines' own intervals
 * combined. A figure's change is significant when that interval excludes 0.
 *
 * Stations are paired by name, never by position: the two files may list
 * them in any order. A station only a has was removed (st_b[k] is -1), one
 * only b has was added (st_a[kb] is -1); reports show both, with the
 * figures of the one side that has them. Devices and links are not
 * compared entity by entity; the constraint is named on each side.
 */
#ifndef DIFF_H
#define DIFF_H

#include "run/res.h"
#include "run/run.h"

typedef struct diff_res {
	res *a, *b;		/* each line's own results */
	stat_acc d_line[LF_N];	/* b - a, per replication */
	stat_acc (*d_st)[SF_N];	/* per station of a that b has too */
	int *st_b;		/* station k of a is station st_b[k] of b;
				 * -1: only a has it (removed) */
	int *st_a;		/* station kb of b is station st_a[kb] of a;
				 * -1: only b has it (added) */
} diff_res;

/* Run a and b over the same replications (o: their number and seed, as for
 * run_scenario; by default a's). RUN_OK and *out, or as run_scenario. */
int diff_run(const scen *a, const scen *b, const run_opts *o, diff_res **out,
	     diag *d);
void diff_free(diff_res *r);	/* diff_free(NULL) is a no-op */

/* Is the change of s significant at 95%? (its interval excludes 0) */
int diff_significant(const stat_acc *s);

/* The half-width of the 95% interval the difference would have if the two
 * lines had been run with independent streams: sqrt(ha^2 + hb^2). */
double diff_independent_ci95(const stat_acc *a, const stat_acc *b);

#endif
