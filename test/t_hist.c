/*
 * t_hist.c: the histogram against an oracle of a sorted array (exact
 * nearest-rank quantiles), hand-worked bucket edges, clear and reuse,
 * merge, and the ends of int64.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/hb.h"
#include "stats/hist.h"

Suite *hist_suite(void);

#define NVAL 100000

static const double qs[] = { 0, 0.01, 0.5, 0.9, 0.99, 0.999, 1 };
#define NQ (sizeof qs / sizeof qs[0])

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double unif(uint64_t *s)
{
	return (double)(splitmix64(s) >> 11) * 0x1p-53;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The oracle: the nearest-rank quantile of a sorted array, negatives read
 * as 0 as the histogram counts them. */
static double exact_quantile(const int64_t *sorted, int n, double q)
{
	double r = ceil(q * n);
	int k = r < 1 ? 1 : r > n ? n : (int)r;
	int64_t v = sorted[k - 1];

	return v < 0 ? 0 : (double)v;
}

/* Every q of qs within the promised error: exact below 2*HIST_SUB, else
 * within hist_rel_error() of the true value. */
static void check_quantiles(const hist *h, int64_t *vals, int n)
{
	qsort(vals, (size_t)n, sizeof vals[0], cmp_i64);
	ck_assert_int_eq(hist_count(h), n);
	for (size_t i = 0; i < NQ; i++) {
		double want = exact_quantile(vals, n, qs[i]);
		double got = hist_quantile(h, qs[i]);

		if (want < 2 * HIST_SUB)
			ck_assert_msg(got == want, "q %g: %.17g, want %.17g",
				      qs[i], got, want);
		else
			ck_assert_msg(fabs(got - want)
				      <= hist_rel_error() * want,
				      "q %g: %.17g, want %.17g", qs[i], got,
				      want);
	}
}

static int64_t vals[NVAL];

enum shape { UNIFORM, EXPON, WIDE };

/* Uniform integers in [0, 1e4]; exponential with mean 10 ms; log-uniform
 * over 1 ns .. 1e15 ns (every power of two from 2^0 to 2^49). */
static void fill(enum shape sh, uint64_t seed)
{
	for (int i = 0; i < NVAL; i++) {
		switch (sh) {
		case UNIFORM:
			vals[i] = (int64_t)(splitmix64(&seed) % 10001);
			break;
		case EXPON:
			vals[i] = llround(-1e7 * log(1 - unif(&seed)));
			break;
		case WIDE:
			vals[i] = llround(exp(unif(&seed) * log(1e15)));
			break;
		}
	}
}

START_TEST(test_oracle_shapes)
{
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	for (int sh = UNIFORM; sh <= WIDE; sh++) {
		fill(sh, 100 + (uint64_t)sh);
		hist_clear(h);
		for (int i = 0; i < NVAL; i++)
			hist_add(h, vals[i]);
		check_quantiles(h, vals, NVAL);
	}
	hist_free(h);
}
END_TEST

/*
 * Bucket edges worked by hand from hist.h with HIST_SUB = 128:
 *   255        exact
 *   256, 257   e = 1: bucket [256, 257], midpoint 256.5
 *   511        e = 1: [510, 511] -> 510.5
 *   512        e = 2: [512, 515] -> 513.5
 *   1000       e = 2: 1000 >> 2 = 250: [1000, 1003] -> 1001.5
 *   INT64_MAX  e = 55: [2^63 - 2^55, 2^63 - 1], midpoint 2^63 - 2^54 - 0.5,
 *              which rounds to the double 2^63 - 2^54
 */
START_TEST(test_bucket_edges)
{
	static const struct { int64_t v; double mid; } e[] = {
		{ 0, 0 }, { 1, 1 }, { 255, 255 }, { 256, 256.5 },
		{ 257, 256.5 }, { 511, 510.5 }, { 512, 513.5 },
		{ 1000, 1001.5 }, { 1003, 1001.5 },
		{ INT64_MAX, 0x1p63 - 0x1p54 },
	};
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
		/* v between 0 and INT64_MAX, so the clamp into [min, max]
		 * leaves the median's midpoint alone */
		hist_clear(h);
		hist_add(h, 0);
		hist_add(h, e[i].v);
		hist_add(h, INT64_MAX);
		ck_assert_msg(hist_quantile(h, 0.5) == e[i].mid,
			      "%lld: %.17g, want %.17g", (long long)e[i].v,
			      hist_quantile(h, 0.5), e[i].mid);
	}
	ck_assert(hist_rel_error() == 1.0 / 256);
	hist_free(h);
}
END_TEST

/* Quantiles never leave [min, max]: a constant is exact (a deterministic
 * line's latency to the nanosecond), and so are the extremes. */
START_TEST(test_clamped_to_extremes)
{
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	for (int i = 0; i < 1000; i++)
		hist_add(h, 7000000);
	ck_assert(hist_quantile(h, 0.01) == 7000000);
	ck_assert(hist_quantile(h, 0.99) == 7000000);
	hist_add(h, 14080000);
	ck_assert(hist_quantile(h, 1) == 14080000);
	hist_clear(h);
	hist_add(h, 300);
	ck_assert(hist_quantile(h, 0.5) == 300);
	hist_free(h);
}
END_TEST

/* Each of 0 .. 2*HIST_SUB-1 once: the k-th of n quantile is exactly k-1. */
START_TEST(test_exact_range)
{
	const int n = 2 * HIST_SUB;
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	for (int v = n - 1; v >= 0; v--)
		hist_add(h, v);
	for (int k = 1; k <= n; k++)
		ck_assert(hist_quantile(h, (double)k / n) == k - 1);
	hist_free(h);
}
END_TEST

START_TEST(test_empty_zero_negative)
{
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	ck_assert(hist_count(h) == 0 && hist_quantile(h, 0.5) == 0);
	hist_add(h, -5);
	hist_add(h, INT64_MIN);
	hist_add(h, 0);
	ck_assert(hist_count(h) == 3);
	ck_assert(hist_quantile(h, 0) == 0 && hist_quantile(h, 1) == 0);
	/* {0, 0, 0, INT64_MAX}: the top only at q > 3/4. */
	hist_add(h, INT64_MAX);
	ck_assert(hist_count(h) == 4);
	ck_assert(hist_quantile(h, 0.75) == 0);
	/* the last rank is the exact maximum, INT64_MAX as a double */
	ck_assert(hist_quantile(h, 0.76) == 0x1p63);
	ck_assert(hist_quantile(h, 1) == 0x1p63);
	hist_free(h);
	hist_free(NULL);
}
END_TEST

/*
 * Clear, then reuse for smaller values. The extra INT64_MAX stretches the
 * scanned range over every bucket the first round touched, so a count
 * that hist_clear forgot would shift the quantiles and fail the oracle.
 */
START_TEST(test_clear_reuse)
{
	hist *h = hist_new();
	uint64_t seed = 7;

	ck_assert_ptr_nonnull(h);
	fill(WIDE, 200);
	for (int i = 0; i < NVAL; i++)
		hist_add(h, vals[i]);
	hist_clear(h);
	ck_assert(hist_count(h) == 0 && hist_quantile(h, 1) == 0);
	for (int i = 0; i < 1000; i++) {
		vals[i] = (int64_t)(splitmix64(&seed) % 5000);
		hist_add(h, vals[i]);
	}
	vals[1000] = INT64_MAX;
	hist_add(h, INT64_MAX);
	check_quantiles(h, vals, 1001);
	hist_free(h);
}
END_TEST

/* Merge equals adding both, to the last bit, over a fine grid of q;
 * merging leaves the source alone. */
START_TEST(test_merge)
{
	hist *a = hist_new(), *b = hist_new(), *both = hist_new();
	hist *e = hist_new();

	ck_assert(a && b && both && e);
	fill(UNIFORM, 300);
	for (int i = 0; i < NVAL; i++) {
		hist_add(a, vals[i]);
		hist_add(both, vals[i]);
	}
	fill(EXPON, 301);
	for (int i = 0; i < NVAL; i++) {
		hist_add(b, vals[i]);
		hist_add(both, vals[i]);
	}
	double b_median = hist_quantile(b, 0.5);

	hist_merge(a, e);		/* from empty: no change */
	ck_assert(hist_count(a) == NVAL);
	hist_merge(a, b);
	ck_assert(hist_count(a) == 2 * NVAL);
	ck_assert(hist_count(b) == NVAL && hist_quantile(b, 0.5) == b_median);
	for (int i = 0; i <= 1000; i++)
		ck_assert(hist_quantile(a, i / 1000.0)
			  == hist_quantile(both, i / 1000.0));

	/* Into empty; then the merged range must be cleared too: with 5 and
	 * INT64_MAX twice after the clear, the median (rank 2 of 3) is the
	 * top bucket unless b's counts linger in between. */
	hist_merge(e, b);
	ck_assert(hist_count(e) == NVAL && hist_quantile(e, 0.5) == b_median);
	hist_clear(e);
	hist_add(e, 5);
	hist_add(e, INT64_MAX);
	hist_add(e, INT64_MAX);
	ck_assert(hist_quantile(e, 0) == 5);
	ck_assert(hist_quantile(e, 0.5) == 0x1p63 - 0x1p54);
	hist_free(a);
	hist_free(b);
	hist_free(both);
	hist_free(e);
}
END_TEST

/* Memory does not grow with values: one allocation, at hist_new. */
START_TEST(test_one_allocation)
{
	long before = hb_alloc_count();
	hist *h = hist_new();

	ck_assert_ptr_nonnull(h);
	fill(WIDE, 400);
	for (int i = 0; i < NVAL; i++)
		hist_add(h, vals[i]);
	(void)hist_quantile(h, 0.99);
	hist_clear(h);
	ck_assert(hb_alloc_count() - before == 1);
	hist_free(h);

	hb_fail_after(1);
	ck_assert_ptr_null(hist_new());
	hb_fail_after(0);
}
END_TEST

Suite *hist_suite(void)
{
	Suite *s = suite_create("hist");
	TCase *oracle = tcase_create("oracle");
	TCase *life = tcase_create("lifecycle");

	tcase_add_test(oracle, test_oracle_shapes);
	tcase_add_test(oracle, test_bucket_edges);
	tcase_add_test(oracle, test_clamped_to_extremes);
	tcase_add_test(oracle, test_exact_range);
	tcase_add_test(oracle, test_empty_zero_negative);
	tcase_add_test(life, test_clear_reuse);
	tcase_add_test(life, test_merge);
	tcase_add_test(life, test_one_allocation);
	suite_add_tcase(s, oracle);
	suite_add_tcase(s, life);
	return s;
}
