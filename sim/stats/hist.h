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
 * 100 000 short replications must not memset 64 KiB each time), and a
 * histogram's memory is touched only where its values fall: the counters
 * of a power of two are zeroed when the first value falls in it.
 */
#ifndef HIST_H
#define HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1 << HIST_SUB_BITS)	/* 128 buckets per power of two */

/*
 * Shown only so that hist_add, once an item, inlines into the engine's
 * hot path; the fields are private to hist.c (invariants there).
 */
#define HIST_NGROUP (64 - HIST_SUB_BITS)
#define HIST_NBUCKET (HIST_NGROUP * HIST_SUB)

typedef struct hist {
	int64_t n;		/* values added since the last clear */
	int64_t min, max;	/* exact extremes since the last clear */
	uint64_t live;		/* bit g: group g's counters are in use */
	uint64_t count[HIST_NBUCKET];
} hist;

hist *hist_new(void);		/* NULL when out of memory */
void hist_free(hist *h);	/* hist_free(NULL) is a no-op */
void hist_clear(hist *h);
void hist_use_(hist *h, int g);		/* hist.c, for hist_add */

/* The bucket of v (hist.c's header). */
static inline int hist_bucket_(uint64_t v)
{
	int e;

	if (v < 2 * HIST_SUB)
		return (int)v;
	e = 63 - __builtin_clzll(v) - HIST_SUB_BITS;
	return (e + 1) * HIST_SUB + (int)((v >> e) - HIST_SUB);
}

/* Is group g in use? */
static inline int hist_live_(const hist *h, int g)
{
	return (h->live >> g) & 1;
}

/* Count v; v < 0 counts as 0. */
static inline void hist_add(hist *h, int64_t v)
{
	int i;

	if (v < 0)
		v = 0;
	i = hist_bucket_((uint64_t)v);
	if (__builtin_expect(!hist_live_(h, i / HIST_SUB), 0))
		hist_use_(h, i / HIST_SUB);
	h->count[i]++;
	h->n++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}
int64_t hist_count(const hist *h);
/* The q-quantile (0 <= q <= 1) by the nearest-rank rule (the smallest value
 * v with at least ceil(q*n) values <= v), read as the midpoint of v's
 * bucket, clamped into [min, max] of the values seen; exact below
 * 2*HIST_SUB and when every value is the same. 0 when empty. */
double hist_quantile(const hist *h, double q);
/* hist_quantile of each q[0..nq) (ascending, nq <= HIST_MAXQ) into
 * out[0..nq), in one pass over the buckets. */
#define HIST_MAXQ 8
void hist_quantiles(const hist *h, const double *q, int nq, double *out);
double hist_rel_error(void);
void hist_merge(hist *into, const hist *from);

#endif
