/*
 * t_stat.c: Welford against a two-pass oracle, the exact merge, the
 * Student-t table and expansion against quantiles computed here, and the
 * 95% interval: its degrees of freedom and its coverage.
 *
 * The normals come from a private splitmix64 + Box-Muller, not core/rng:
 * this suite must not depend on the generator it will one day judge.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "core/hb.h"
#include "stats/stat.h"

Suite *stat_suite(void);

#define NBIG 100000

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform on [0, 1), 53 bits. */
static double unif(uint64_t *s)
{
	return (double)(splitmix64(s) >> 11) * 0x1p-53;
}

/* Standard normal, Box-Muller; 1 - u keeps log away from 0. */
static double normal(uint64_t *s)
{
	double u = 1 - unif(s), v = unif(s);

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static double rel(double got, double want)
{
	return fabs(got - want) / fabs(want);
}

/* The oracle: mean and sample variance by two passes in long double. The
 * second pass is insensitive to the first's rounding (an error d in the
 * mean adds only n d^2 to the sum of squares). */
static void two_pass(const double *x, int n, double *mean, double *var)
{
	long double sum = 0, ss = 0, m;

	for (int i = 0; i < n; i++)
		sum += x[i];
	m = sum / n;
	for (int i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = (double)m;
	*var = (double)(ss / (n - 1));
}

static double xs[NBIG];

/* Fill xs with offset + sd * N(0,1); return the number of values. */
static int fill(uint64_t seed, double offset, double sd)
{
	for (int i = 0; i < NBIG; i++)
		xs[i] = offset + sd * normal(&seed);
	return NBIG;
}

static void check_against_oracle(const stat_acc *s, int n, double tol)
{
	double mean, var, lo = xs[0], hi = xs[0];

	two_pass(xs, n, &mean, &var);
	for (int i = 1; i < n; i++) {
		lo = fmin(lo, xs[i]);
		hi = fmax(hi, xs[i]);
	}
	ck_assert_int_eq(s->n, n);
	ck_assert_msg(rel(stat_mean(s), mean) <= tol, "mean %.17g vs %.17g",
		      stat_mean(s), mean);
	ck_assert_msg(rel(stat_var(s), var) <= tol, "var %.17g vs %.17g",
		      stat_var(s), var);
	ck_assert(stat_sd(s) == sqrt(stat_var(s)));
	ck_assert(s->min == lo && s->max == hi);
}

START_TEST(test_empty_and_one)
{
	stat_acc s;

	stat_init(&s);
	ck_assert(stat_mean(&s) == 0 && stat_var(&s) == 0);
	ck_assert(stat_sd(&s) == 0 && stat_ci95(&s) == 0);
	ck_assert(s.min == 0 && s.max == 0);
	stat_add(&s, -7.5);
	ck_assert(s.n == 1 && stat_mean(&s) == -7.5);
	ck_assert(stat_var(&s) == 0 && stat_ci95(&s) == 0);
	ck_assert(s.min == -7.5 && s.max == -7.5);
}
END_TEST

/* 1..5 by hand: mean 3, squares of deviations 4+1+0+1+4 = 10, var 10/4,
 * ci95 = t(4) sqrt(2.5) / sqrt(5) = t(4) sqrt(0.5). */
START_TEST(test_hand_worked)
{
	stat_acc s;

	stat_init(&s);
	for (int i = 1; i <= 5; i++)
		stat_add(&s, i);
	ck_assert(stat_mean(&s) == 3);
	ck_assert(stat_var(&s) == 2.5);
	ck_assert(s.min == 1 && s.max == 5);
	ck_assert(rel(stat_ci95(&s), 2.77644511 * sqrt(0.5)) < 1e-15);
}
END_TEST

/* 10^5 standard-ish values: Welford within 1e-12 of the two-pass oracle. */
START_TEST(test_welford_plain)
{
	stat_acc s;
	int n = fill(1, 5, 2);

	stat_init(&s);
	for (int i = 0; i < n; i++)
		stat_add(&s, xs[i]);
	check_against_oracle(&s, n, 1e-12);
}
END_TEST

/* Naive one-pass variance from sums of x and x^2. */
static double naive_var(int n)
{
	double a = 0, b = 0;

	for (int i = 0; i < n; i++) {
		a += xs[i];
		b += xs[i] * xs[i];
	}
	return (b - a * a / n) / (n - 1);
}

/*
 * An offset of 1e9 with a spread of 1e5 (condition number mean/sd = 1e4):
 * the sums of x^2 reach 1e23, and the naive formula loses about 7 digits
 * (measured: 5e-7), so an implementation built on sums fails the 1e-12
 * that Welford meets (measured: 5e-14). The naive check below keeps the
 * data honest: if it ever got within 1e-9 the test would prove nothing.
 */
START_TEST(test_welford_offset)
{
	stat_acc s;
	int n = fill(2, 1e9, 1e5);
	double mean, var;

	stat_init(&s);
	for (int i = 0; i < n; i++)
		stat_add(&s, xs[i]);
	check_against_oracle(&s, n, 1e-12);
	two_pass(xs, n, &mean, &var);
	ck_assert_msg(rel(naive_var(n), var) > 1e-9,
		      "the data are too easy: naive error %g",
		      rel(naive_var(n), var));
}
END_TEST

/*
 * An offset of 1e9 with a spread of 1: no method that keeps the mean in
 * one double reaches 1e-12 here. Each update rounds the mean by up to
 * ulp(1e9)/2 = 6e-8 (sd r = 2^-23/sqrt(12) = 3.4e-8), the stored mean
 * drifts as e_k ~ r sqrt(k/3), and the m2 updates pick up the cross terms
 * 2 (x_k - mean) e_k: relative error of var ~ 2 r / (sqrt(6) sd)
 * = 2.8e-8 for sd = 1, whatever n (measured: 2.5e-8). The bound is five
 * times that. The naive formula returns garbage (relative error ~1e4).
 */
START_TEST(test_welford_offset_tight)
{
	stat_acc s;
	int n = fill(3, 1e9, 1);
	double mean, var, r = 0x1p-23 / sqrt(12);

	stat_init(&s);
	for (int i = 0; i < n; i++)
		stat_add(&s, xs[i]);
	check_against_oracle(&s, n, 5 * 2 * r / sqrt(6));
	two_pass(xs, n, &mean, &var);
	ck_assert(rel(naive_var(n), var) > 1e-3);
}
END_TEST

static void add_range(stat_acc *s, int from, int to)
{
	stat_init(s);
	for (int i = from; i < to; i++)
		stat_add(s, xs[i]);
}

/* Halves with different means and spreads, so the d^2 nb na / n term of
 * the merge matters: without it the even cut would give a variance near
 * (1 + 9)/2 = 5 instead of 5 + 5^2 = 30. */
START_TEST(test_merge_halves)
{
	stat_acc a, b, whole;
	uint64_t seed = 4;
	int n = NBIG, cut[] = { 1, NBIG / 2, NBIG / 3, NBIG - 1 };

	for (int i = 0; i < n; i++)
		xs[i] = i < n / 2 ? normal(&seed) : 10 + 3 * normal(&seed);
	add_range(&whole, 0, n);
	for (int c = 0; c < 4; c++) {
		add_range(&a, 0, cut[c]);
		add_range(&b, cut[c], n);
		stat_merge(&a, &b);
		check_against_oracle(&a, n, 1e-12);
		ck_assert(rel(stat_mean(&a), stat_mean(&whole)) < 1e-12);
		ck_assert(rel(stat_var(&a), stat_var(&whole)) < 1e-12);
		ck_assert(b.n == n - cut[c]);	/* b untouched */
	}
}
END_TEST

START_TEST(test_merge_empty)
{
	stat_acc a, b, e;

	stat_init(&a);
	stat_init(&e);
	stat_add(&a, 3);
	stat_add(&a, -4);
	b = a;
	stat_merge(&a, &e);
	ck_assert(a.n == b.n && a.mean == b.mean && a.m2 == b.m2);
	ck_assert(a.min == b.min && a.max == b.max);
	stat_merge(&e, &a);
	ck_assert(e.n == 2 && e.mean == -0.5 && e.m2 == 24.5);
	ck_assert(e.min == -4 && e.max == 3);
}
END_TEST

/*
 * The reference quantile, computed here from the t distribution itself and
 * not from a table: P(|T| <= t) for integer df in closed form (Abramowitz
 * and Stegun 26.7.3 and 26.7.4, with theta = atan(t / sqrt(df))):
 *   df odd:  (2 / pi) (theta + sin theta (cos theta + 2/3 cos^3 theta
 *            + ... + (2 4 ... (df-3)) / (1 3 ... (df-2)) cos^(df-2) theta))
 *            (just 2 theta / pi for df = 1);
 *   df even: sin theta (1 + 1/2 cos^2 theta + ...
 *            + (1 3 ... (df-3)) / (2 4 ... (df-2)) cos^(df-2) theta);
 * then bisected for 0.95. The sums have at most df / 2 positive terms, so
 * P is off by at most df / 2 roundings (6e-14 at df = 1000), and t by
 * that over twice the density at the quantile (0.0019 at df = 1, 0.058
 * at df = 1000): within 1e-12 for every df used here, which the closed
 * forms for df = 1 and 2 confirm below.
 */
static double t_two_sided(double t, int df)
{
	double c2 = df / (df + t * t), sn = t / sqrt(df + t * t);
	double th = atan(t / sqrt(df)), pi = 4 * atan(1.0);
	double sum = 0, term;

	if (df % 2) {
		if (df == 1)
			return 2 * th / pi;
		term = sqrt(c2);	/* cos theta */
		for (int k = 1; 2 * k - 1 <= df - 2; k++) {
			sum += term;
			term *= c2 * (2 * k) / (2 * k + 1);
		}
		return 2 / pi * (th + sn * sum);
	}
	term = 1;
	for (int k = 1; 2 * k - 2 <= df - 2; k++) {
		sum += term;
		term *= c2 * (2 * k - 1) / (2 * k);
	}
	return sn * sum;
}

static double t975_ref(int df)
{
	double lo = 0, hi = 64;

	while (hi - lo > 0) {
		double mid = lo + (hi - lo) / 2;

		if (mid == lo || mid == hi)
			break;
		if (t_two_sided(mid, df) < 0.95)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* What stat.h's quantile owes, above the reference's own 1e-12: the table
 * (df <= 30) is rounded to 9 significant digits, so within half a unit
 * of the ninth; above it the expansion stops at 1/df^4 and the first term
 * it drops, g5(z) / df^5 = 0.733 / df^5 (A&S 26.7.5), is nearly all of
 * the rest: within 1 / df^5. */
static double t975_owed(int df)
{
	double t = t975_ref(df);

	if (df <= 30)
		return 0.5 * pow(10, floor(log10(t)) - 8) + 1e-12;
	return pow(df, -5) + 1e-12;
}

START_TEST(test_t975_reference_is_exact)
{
	double pi = 4 * atan(1.0);

	/* df = 1 is Cauchy: t = tan(pi (0.975 - 1/2)); for df = 2,
	 * t = (2p - 1) / sqrt(2 p (1 - p)) */
	ck_assert(rel(t975_ref(1), tan(pi * 0.475)) < 1e-13);
	ck_assert(rel(t975_ref(2), 0.95 / sqrt(2 * 0.975 * 0.025)) < 1e-13);
}
END_TEST

/* Every entry of the table is the reference rounded to its 9 digits: one
 * wrong last digit is off by more than half a unit (the closest entry to
 * a half, df = 4, is 0.48 of a unit from the reference). */
START_TEST(test_t975_table)
{
	for (int df = 1; df <= 30; df++) {
		double want = t975_ref(df);

		ck_assert_msg(fabs(stat_t975(df) - want) <= t975_owed(df),
			      "df %d: %.10g, the reference %.12g", df,
			      stat_t975(df), want);
	}
}
END_TEST

/* The expansion above the table, within its first dropped term. */
START_TEST(test_t975_expansion)
{
	static const int dfs[] = { 31, 32, 35, 40, 60, 120, 500, 1000 };

	for (size_t i = 0; i < sizeof dfs / sizeof dfs[0]; i++) {
		int df = dfs[i];
		double want = t975_ref(df);

		ck_assert_msg(fabs(stat_t975(df) - want) <= t975_owed(df),
			      "df %d: %.12g, the reference %.12g", df,
			      stat_t975(df), want);
	}
	/* The limit is the normal quantile. */
	ck_assert(rel(stat_t975(INT64_C(1000000000000)), 1.959963984540054)
		  < 1e-11);
}
END_TEST

/*
 * The interval's degrees of freedom: n values 1..n have mean (n + 1) / 2
 * and sample variance n (n + 1) / 12, so ci95 = t(0.975, n - 1)
 * sqrt((n + 1) / 12) exactly. The quantile owes t975_owed; the rest is
 * a few roundings (1e-15 relative). With n degrees instead of n - 1, t
 * moves by 1.3e-4 relative even at n = 100, far more than that.
 */
START_TEST(test_ci95_has_n_minus_1_degrees)
{
	static const int ns[] = { 2, 3, 5, 10, 30, 31, 32, 100 };

	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		int n = ns[i];
		double scale = sqrt((n + 1) / 12.0);
		double want = t975_ref(n - 1) * scale;
		stat_acc s;

		stat_init(&s);
		for (int x = 1; x <= n; x++)
			stat_add(&s, x);
		ck_assert_msg(fabs(stat_ci95(&s) - want) <=
			      t975_owed(n - 1) * scale + 1e-14 * want,
			      "n %d: ci95 %.12g, want %.12g", n, stat_ci95(&s),
			      want);
	}
}
END_TEST

/* t falls strictly with df, including across the table's end. */
START_TEST(test_t975_monotone)
{
	for (int64_t df = 1; df < 5000; df++)
		ck_assert_msg(stat_t975(df + 1) < stat_t975(df), "df %lld",
			      (long long)df);
}
END_TEST

/*
 * Coverage: 4000 experiments of 10 N(mu, 1) values; the interval
 * mean +- ci95 must hold mu in a fraction p within 0.95 +- 4 sqrt(0.95 *
 * 0.05 / 4000) = 0.95 +- 0.0138 (4 standard errors of a binomial
 * proportion). Using z = 1.96 instead of t(9) = 2.262 would cover only
 * 0.918 and fail, so the check sees a wrong quantile.
 */
START_TEST(test_ci95_coverage)
{
	const int experiments = 4000, k = 10;
	const double mu = 42;
	uint64_t seed = 5;
	int covered = 0;
	double p, tol = 4 * sqrt(0.95 * 0.05 / experiments);

	for (int e = 0; e < experiments; e++) {
		stat_acc s;

		stat_init(&s);
		for (int i = 0; i < k; i++)
			stat_add(&s, mu + normal(&seed));
		if (fabs(stat_mean(&s) - mu) <= stat_ci95(&s))
			covered++;
	}
	p = (double)covered / experiments;
	ck_assert_msg(fabs(p - 0.95) <= tol, "coverage %.4f", p);
}
END_TEST

Suite *stat_suite(void)
{
	Suite *s = suite_create("stat");
	TCase *welford = tcase_create("welford");
	TCase *merge = tcase_create("merge");
	TCase *t = tcase_create("t975");

	tcase_add_test(welford, test_empty_and_one);
	tcase_add_test(welford, test_hand_worked);
	tcase_add_test(welford, test_welford_plain);
	tcase_add_test(welford, test_welford_offset);
	tcase_add_test(welford, test_welford_offset_tight);
	tcase_add_test(merge, test_merge_halves);
	tcase_add_test(merge, test_merge_empty);
	tcase_add_test(t, test_t975_reference_is_exact);
	tcase_add_test(t, test_t975_table);
	tcase_add_test(t, test_t975_expansion);
	tcase_add_test(t, test_t975_monotone);
	tcase_add_test(t, test_ci95_has_n_minus_1_degrees);
	tcase_add_test(t, test_ci95_coverage);
	suite_add_tcase(s, welford);
	suite_add_tcase(s, merge);
	suite_add_tcase(s, t);
	return s;
}
