/*
 * hist.c: a log-linear histogram (the layout of HdrHistogram, with one
 * precision and no configuration).
 *
 * Buckets, with S = HIST_SUB = 2^B:
 *   v < 2S:   bucket v, one value each (exact).
 *   v >= 2S:  with b = floor(log2 v) >= B+1 and e = b - B >= 1, the top B+1
 *             bits of v, (v >> e) in [S, 2S), pick one of S sub-buckets of
 *             width 2^e in the power of two [2^b, 2^(b+1)):
 *               index = (e + 1) S + ((v >> e) - S).
 *   e = 1 continues right after the exact buckets (index 2S), and each e
 *   adds S indices. INT64_MAX has b = 62, so e <= 62 - B and the array
 *   needs (62 - B + 2) S = (64 - B) S counters: 7296 for B = 7 (57 KiB).
 *
 * A bucket [lo, hi] holds values no further than (2^e - 1)/2 from its
 * midpoint, and lo >= S 2^e, so the midpoint is within 1/(2S) of any value
 * in it: the relative error hist_rel_error() promises.
 *
 * Invariants: n = sum of all counts; every count outside [lo, hi] is 0;
 * lo = NBUCKET and hi = -1 when nothing was added since the last clear.
 * Keeping [lo, hi] makes hist_clear and hist_quantile cost the range in
 * use, not the 57 KiB: latencies of one line span a few powers of two.
 *
 * Workload: hist_add once per item (hot: one clz, one increment, two
 * compares); quantiles and merges once per replication.
 */
#include "stats/hist.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/hb.h"

#define NBUCKET ((64 - HIST_SUB_BITS) * HIST_SUB)

/* Owns its counters: one allocation, made by hist_new. */
struct hist {
	int64_t n;		/* values added since the last clear */
	int lo, hi;		/* lowest and highest touched bucket */
	int64_t min, max;	/* exact extremes since the last clear */
	uint64_t count[NBUCKET];
};

static int bucket_of(uint64_t v)
{
	int e;

	if (v < 2 * HIST_SUB)
		return (int)v;
	e = 63 - __builtin_clzll(v) - HIST_SUB_BITS;
	return (e + 1) * HIST_SUB + (int)((v >> e) - HIST_SUB);
}

/* Midpoint of bucket i: the value itself for an exact bucket. Computed in
 * double so that the top bucket, whose hi is INT64_MAX, cannot overflow. */
static double bucket_mid(int i)
{
	int e;
	uint64_t lo, width;

	if (i < 2 * HIST_SUB)
		return (double)i;
	e = i / HIST_SUB - 1;
	lo = (uint64_t)(HIST_SUB + i % HIST_SUB) << e;
	width = (uint64_t)1 << e;
	return (double)lo + (double)(width - 1) / 2;
}

hist *hist_new(void)
{
	/* calloc: fresh zero pages from the system cost no memset. */
	hist *h = hb_calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->lo = NBUCKET;
	h->hi = -1;
	h->min = INT64_MAX;
	return h;
}

void hist_free(hist *h)
{
	hb_free(h);
}

void hist_clear(hist *h)
{
	if (h->hi >= h->lo)
		memset(&h->count[h->lo], 0,
		       (size_t)(h->hi - h->lo + 1) * sizeof h->count[0]);
	h->n = 0;
	h->lo = NBUCKET;
	h->hi = -1;
	h->min = INT64_MAX;
	h->max = 0;
}

void hist_add(hist *h, int64_t v)
{
	int i;

	if (v < 0)
		v = 0;
	i = bucket_of((uint64_t)v);
	h->count[i]++;
	h->n++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	if (i < h->lo)
		h->lo = i;
	if (i > h->hi)
		h->hi = i;
}

int64_t hist_count(const hist *h)
{
	return h->n;
}

/* No quantile lies outside the values seen: clamping the midpoint into
 * [min, max] makes the edge buckets exact, and a constant (a deterministic
 * line's latency) exact to the nanosecond. */
static double clamp(double x, const hist *h)
{
	return x < (double)h->min ? (double)h->min :
	       x > (double)h->max ? (double)h->max : x;
}

double hist_quantile(const hist *h, double q)
{
	double r;
	int64_t k;
	uint64_t seen = 0;

	HB_ASSERT(q >= 0 && q <= 1);	/* also rejects NaN */
	if (h->n == 0)
		return 0;
	/* Nearest rank, clamped: q*n may round a hair above n. */
	r = ceil(q * (double)h->n);
	k = r < 1 ? 1 : r >= (double)h->n ? h->n : (int64_t)r;
	if (k == 1)
		return (double)h->min;	/* the first and last ranks are known */
	if (k == h->n)
		return (double)h->max;
	for (int i = h->lo; i <= h->hi; i++) {
		seen += h->count[i];
		if (seen >= (uint64_t)k)
			return clamp(bucket_mid(i), h);
	}
	HB_BUG("hist: counts sum to %llu, below n = %lld",
	       (unsigned long long)seen, (long long)h->n);
}

double hist_rel_error(void)
{
	return 1.0 / (2 * HIST_SUB);
}

void hist_merge(hist *into, const hist *from)
{
	for (int i = from->lo; i <= from->hi; i++)
		into->count[i] += from->count[i];
	if (from->n == 0)
		return;
	into->n += from->n;
	if (from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	if (from->lo < into->lo)
		into->lo = from->lo;
	if (from->hi > into->hi)
		into->hi = from->hi;
}
