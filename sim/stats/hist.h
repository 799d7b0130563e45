/*
 * hist.h: a log-linear histogram of non-negative integers (nanoseconds),
 * for percentiles in memory independent of the number of values.
 *
 * Values below 2*HIST_SUB are counted exactly; above, each power of two is
 * cut into HIST_SUB equal buckets, so a bucket's width is at most
 * 1/HIST_SUB of its lower edge. A quantile is read as its bucket's midpoint:
 * relative error at most hist_rel_error() = 1/(2*HIST_SUB) (0.39%).
 *
 * Clearing costs only the buckets touched since the last clear (a run of
 * 100 000 short replications must not memset 64 KiB each time).
 */
#ifndef HIST_H
#define HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1 << HIST_SUB_BITS)	/* 128 buckets per power of two */

typedef struct hist hist;

hist *hist_new(void);		/* NULL when out of memory */
void hist_free(hist *h);	/* hist_free(NULL) is a no-op */
void hist_clear(hist *h);
void hist_add(hist *h, int64_t v);	/* v < 0 counts as 0 */
int64_t hist_count(const hist *h);
/* The q-quantile (0 <= q <= 1) by the nearest-rank rule (the smallest value
 * v with at least ceil(q*n) values <= v), read as the midpoint of v's
 * bucket, clamped into [min, max] of the values seen; exact below
 * 2*HIST_SUB and when every value is the same. 0 when empty. */
double hist_quantile(const hist *h, double q);
double hist_rel_error(void);
void hist_merge(hist *into, const hist *from);

#endif
