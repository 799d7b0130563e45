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
 * Storage: one array of all the counters, allocated by hist_new and not
 * cleared; it is used in groups of HIST_SUB, one group per power of two
 * (group g holds buckets g*S .. g*S + S-1; groups 0 and 1 are the exact
 * buckets), and a group is zeroed the first time a value falls in it
 * (a bit of `live` per group). One line's latencies span a few powers of
 * two, so a histogram touches a few KiB of its 57: a histogram per
 * station (its waits) in a line of 10^4 stations must not touch them all.
 * Measured here, zeroing them at hist_new made a tandem of 10^4 stations
 * peak at 500 MiB and spend more time in calloc than in its 2 * 10^6
 * events.
 *
 * Invariants: n = sum of all live counts; a group whose bit is clear
 * counts 0 everywhere, whatever its memory holds; every count outside
 * [lo, hi] is 0, where lo and hi are the buckets of min and max (they
 * need not be kept by hist_add: bucket_of is monotonic); min = INT64_MAX
 * and max = 0 when nothing was added since the last clear. hist_clear
 * clears the bits, O(1); the quantiles cost the groups in [lo, hi].
 *
 * Workload: hist_add once per item (hot: one clz, a bit test, one
 * increment, two compares); quantiles and merges once per replication.
 */
#include "stats/hist.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/hb.h"

#define NBUCKET HIST_NBUCKET
#define bucket_of hist_bucket_

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
	/* not calloc: a group is zeroed when it is first used */
	hist *h = hb_malloc(sizeof *h);

	if (!h)
		return NULL;
	h->n = 0;
	h->min = INT64_MAX;
	h->max = 0;
	h->live = 0;
	return h;
}

void hist_free(hist *h)
{
	hb_free(h);
}

#define live(h, g) hist_live_(h, g)

/* The groups that may hold counts, [*lo, *hi]; lo > hi when none. */
static void range(const hist *h, int *lo, int *hi)
{
	if (h->n == 0) {
		*lo = 0;
		*hi = -1;
		return;
	}
	*lo = bucket_of((uint64_t)h->min) / HIST_SUB;
	*hi = bucket_of((uint64_t)h->max) / HIST_SUB;
}

void hist_clear(hist *h)
{
	h->n = 0;
	h->min = INT64_MAX;
	h->max = 0;
	h->live = 0;
}

/* Group g comes into use: its counters are zeroed. */
void hist_use_(hist *h, int g)
{
	memset(&h->count[g * HIST_SUB], 0, HIST_SUB * sizeof h->count[0]);
	h->live |= (uint64_t)1 << g;
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

/* The nearest rank of q among n values, 1 .. n. */
static int64_t rank(const hist *h, double q)
{
	/* q*n may round a hair above n */
	double r = ceil(q * (double)h->n);

	return r < 1 ? 1 : r >= (double)h->n ? h->n : (int64_t)r;
}

void hist_quantiles(const hist *h, const double *q, int nq, double *out)
{
	int64_t k[HIST_MAXQ];
	uint64_t seen = 0;
	int lo, hi, j = 0;

	HB_ASSERT(nq >= 0 && nq <= HIST_MAXQ);
	for (int a = 0; a < nq; a++) {
		HB_ASSERT(q[a] >= 0 && q[a] <= 1);	/* also rejects NaN */
		HB_ASSERT(a == 0 || q[a] >= q[a - 1]);
		if (h->n > 0)
			k[a] = rank(h, q[a]);
	}
	if (h->n == 0) {
		for (int a = 0; a < nq; a++)
			out[a] = 0;
		return;
	}
	/* the first and last ranks are known */
	for (; j < nq && k[j] == 1; j++)
		out[j] = (double)h->min;
	range(h, &lo, &hi);
	for (int g = lo; g <= hi && j < nq; g++) {
		uint64_t sum = 0;

		if (!live(h, g))
			continue;
		/* a group short of the next rank is passed whole: one
		 * vectorized sum instead of a test per bucket */
		for (int i = g * HIST_SUB; i < (g + 1) * HIST_SUB; i++)
			sum += h->count[i];
		if (seen + sum < (uint64_t)k[j] && k[j] != h->n) {
			seen += sum;
			continue;
		}
		for (int i = g * HIST_SUB; i < (g + 1) * HIST_SUB && j < nq; i++) {
			seen += h->count[i];
			while (j < nq && (k[j] == h->n || seen >= (uint64_t)k[j])) {
				out[j] = k[j] == h->n ? (double)h->max :
					 clamp(bucket_mid(i), h);
				j++;
			}
		}
	}
	if (j < nq)
		HB_BUG("hist: counts sum to %llu, below n = %lld",
		       (unsigned long long)seen, (long long)h->n);
}

double hist_quantile(const hist *h, double q)
{
	double x;

	hist_quantiles(h, &q, 1, &x);
	return x;
}

double hist_rel_error(void)
{
	return 1.0 / (2 * HIST_SUB);
}

void hist_merge(hist *into, const hist *from)
{
	int lo, hi;

	range(from, &lo, &hi);
	for (int g = lo; g <= hi; g++) {
		if (!live(from, g))
			continue;
		if (!live(into, g))
			hist_use_(into, g);
		for (int i = g * HIST_SUB; i < (g + 1) * HIST_SUB; i++)
			into->count[i] += from->count[i];
	}
	if (from->n == 0)
		return;
	into->n += from->n;
	if (from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
}
