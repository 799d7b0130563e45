/*
 * t_dist.c: the dist suite.
 *
 * Oracles: every case carries its mean, variance and fourth central
 * moment mu4 computed here from textbook formulas, independently of
 * dist.c (the truncated normal by the moment recursion, not by dist.c's
 * closed form; discrete kinds by enumerating their values). dist_mean and
 * dist_var must match them to rounding; samples must match them within
 * 5 standard errors; the continuous kinds also pass a Kolmogorov-Smirnov
 * test against their exact CDF, the discrete ones a chi-square test.
 *
 * Tolerances, for n draws with a correct sampler (two-sided, normal
 * approximation, false alarm ~6e-7 per check):
 *   sample mean:     5 sqrt(var / n)
 *   sample variance: 5 sqrt(Var s^2), Var s^2 = mu4/n - var^2 (n-3)/(n(n-1))
 *   KS:              D_n < 1.95 / sqrt(n), the asymptotic 0.001 level
 *                    (Kolmogorov: P(sqrt(n) D > 1.949) = 0.001)
 *   chi-square:      the 0.9999 quantile for the degrees of freedom.
 * Seeds are fixed, so results are reproducible; the sizes were chosen for
 * power and speed (about a second in an optimized build), not for
 * passing. Loops count violations and assert once: every ck_assert
 * writes to Check's pipe.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"

Suite *dist_suite(void);

#define N_MOM 1000000	/* draws per moment check */
#define N_KS 100000	/* draws per KS / chi-square check */
#define PI 3.14159265358979323846

/* One distribution with its independently computed moments. */
struct mcase {
	const char *label;
	dist d;
	double mean, var, mu4;
	double lo;	/* no draw below this (0 for times) */
	int time;	/* a time: draws must be >= 0 and never -0 */
};

static const double emp_v[] = { 3, 4, 9 };
static const double die_v[] = { 1, 2, 3, 4, 5, 6 };

/* Moments of a finite set of equally likely values, by enumeration. */
static void discrete_moments(struct mcase *c, const double *v, size_t n)
{
	double m = 0, m2 = 0, m4 = 0;

	for (size_t i = 0; i < n; i++)
		m += v[i] / n;
	for (size_t i = 0; i < n; i++) {
		double e = (v[i] - m) * (v[i] - m);

		m2 += e / n;
		m4 += e * e / n;
	}
	c->mean = m;
	c->var = m2;
	c->mu4 = m4;
}

/* Gamma(shape, scale): mean k theta, var k theta^2 and, from the excess
 * kurtosis 6/k, mu4 = (3 + 6/k) var^2 = 3 k (k + 2) theta^4. */
static void gamma_moments(struct mcase *c, double k, double theta)
{
	c->mean = k * theta;
	c->var = k * theta * theta;
	c->mu4 = 3 * k * (k + 2) * pow(theta, 4);
}

/*
 * N(mu, sd^2) conditioned on X >= 0. With Z standard normal conditioned
 * on Z >= alpha = -mu/sd, integration by parts of z^j phi(z) gives
 *   m_0 = 1, m_1 = lambda, m_j = (j-1) m_{j-2} + alpha^(j-1) lambda,
 * lambda = phi(alpha) / (1 - Phi(alpha)). X - E X = (mu - E X) + sd Z,
 * so the central moments follow by the binomial theorem.
 */
static void tnorm_moments(struct mcase *c, double mu, double sd)
{
	double alpha = -mu / sd, m[5], mean, dev, cm[5] = { 0 };
	static const double binom[5][5] = {
		{ 1 }, { 1, 1 }, { 1, 2, 1 }, { 1, 3, 3, 1 }, { 1, 4, 6, 4, 1 },
	};

	m[0] = 1;
	m[1] = exp(-alpha * alpha / 2) / sqrt(2 * PI) /
	       (0.5 * erfc(alpha / sqrt(2)));
	for (int j = 2; j <= 4; j++)
		m[j] = (j - 1) * m[j - 2] + pow(alpha, j - 1) * m[1];
	mean = mu + sd * m[1];
	dev = mu - mean;
	for (int j = 2; j <= 4; j++)
		for (int i = 0; i <= j; i++)
			cm[j] += binom[j][i] * pow(dev, j - i) *
				 pow(sd, i) * m[i];
	c->mean = mean;
	c->var = cm[2];
	c->mu4 = cm[4];
}

/* Lognormal by mean m and cv: with w = exp(sigma^2) = 1 + cv^2,
 * var = m^2 (w - 1) and the kurtosis is w^4 + 2 w^3 + 3 w^2 - 3. */
static void lognormal_moments(struct mcase *c, double m, double cv)
{
	double w = 1 + cv * cv;

	c->mean = m;
	c->var = m * m * (w - 1);
	c->mu4 = c->var * c->var * (pow(w, 4) + 2 * pow(w, 3) + 3 * w * w - 3);
}

/* Uniform on [a, b]: var (b-a)^2 / 12, mu4 (b-a)^4 / 80. */
static void uniform_moments(struct mcase *c, double a, double b)
{
	c->mean = (a + b) / 2;
	c->var = (b - a) * (b - a) / 12;
	c->mu4 = pow(b - a, 4) / 80;
}

/* Triangular: the kurtosis is 12/5 whatever the mode (excess -3/5). */
static void triangular_moments(struct mcase *c, double a, double m, double b)
{
	c->mean = (a + m + b) / 3;
	c->var = (a * a + b * b + m * m - a * b - a * m - b * m) / 18;
	c->mu4 = 2.4 * c->var * c->var;
}

/* Case i of the moment table, for every kind and the sampler branches
 * (gamma shape < 1, = 1, > 1; erlang by product and by gamma; the
 * normal barely, half and hardly truncated). Returns 0 past the end. */
static int moment_case(int i, struct mcase *c)
{
	memset(c, 0, sizeof *c);
	c->time = 1;
	switch (i) {
	case 0:
		c->label = "const";
		c->d = dist_const(0.008);
		c->mean = 0.008;
		c->lo = 0.008;
		return 1;
	case 1:
		c->label = "exp(2)";
		c->d = dist_exp(2);
		c->mean = 2;
		c->var = 4;
		c->mu4 = 9 * 16;	/* 9 s^4 */
		return 1;
	case 2:
		c->label = "uniform(1,3)";
		c->d = dist_uniform(1, 3);
		uniform_moments(c, 1, 3);
		c->lo = 1;
		return 1;
	case 3:
		c->label = "uniform(0,2)";
		c->d = dist_uniform(0, 2);
		uniform_moments(c, 0, 2);
		return 1;
	case 4:
		c->label = "uniform_int(1,6)";
		c->d = dist_uniform_int(1, 6);
		discrete_moments(c, die_v, 6);
		c->lo = 1;
		c->time = 0;
		return 1;
	case 5:
		c->label = "normal(1,1)";
		c->d = dist_normal(1, 1);
		tnorm_moments(c, 1, 1);
		return 1;
	case 6:
		c->label = "normal(0,2) half";
		c->d = dist_normal(0, 2);
		tnorm_moments(c, 0, 2);
		return 1;
	case 7:
		c->label = "normal(5,1)";
		c->d = dist_normal(5, 1);
		tnorm_moments(c, 5, 1);
		return 1;
	case 8:
		c->label = "lognormal(2,0.5)";
		c->d = dist_lognormal(2, 0.5);
		lognormal_moments(c, 2, 0.5);
		return 1;
	case 9:
		c->label = "erlang(3,4)";
		c->d = dist_erlang(3, 4);
		gamma_moments(c, 4, 0.75);
		return 1;
	case 10:
		c->label = "erlang(3,40)";
		c->d = dist_erlang(3, 40);
		gamma_moments(c, 40, 0.075);
		return 1;
	case 11:
		c->label = "gamma(2,0.5) shape 4";
		c->d = dist_gamma(2, 0.5);
		gamma_moments(c, 4, 0.5);
		return 1;
	case 12:
		c->label = "gamma(2,1) shape 1";
		c->d = dist_gamma(2, 1);
		gamma_moments(c, 1, 2);
		return 1;
	case 13:
		c->label = "gamma(2,2) shape 0.25";
		c->d = dist_gamma(2, 2);
		gamma_moments(c, 0.25, 8);
		return 1;
	case 14:
		c->label = "triangular(1,2,6)";
		c->d = dist_triangular(1, 2, 6);
		triangular_moments(c, 1, 2, 6);
		c->lo = 1;
		return 1;
	case 15:
		c->label = "triangular(0,0,1)";
		c->d = dist_triangular(0, 0, 1);
		triangular_moments(c, 0, 0, 1);
		return 1;
	case 16:
		c->label = "empirical{3,4,9}";
		c->d = dist_empirical(emp_v, 3);
		discrete_moments(c, emp_v, 3);
		c->lo = 3;
		return 1;
	}
	return 0;
}

#define N_MOMENT_CASES 17

/* Relative agreement to a few ulps' worth of formula rounding. */
static int close_rel(double got, double want)
{
	return fabs(got - want) <= 1e-12 * fmax(1, fabs(want));
}

START_TEST(test_exact_moments)
{
	struct mcase c;

	ck_assert(moment_case(_i, &c));
	ck_assert_msg(close_rel(dist_mean(&c.d), c.mean),
		      "%s: dist_mean %.17g, want %.17g", c.label,
		      dist_mean(&c.d), c.mean);
	ck_assert_msg(close_rel(dist_var(&c.d), c.var),
		      "%s: dist_var %.17g, want %.17g", c.label,
		      dist_var(&c.d), c.var);
}
END_TEST

/* Table values, not formulas: the half-normal has mean sd sqrt(2/pi) and
 * variance sd^2 (1 - 2/pi); a fair die has variance 35/12. */
START_TEST(test_table_moments)
{
	dist h = dist_normal(0, 1), die = dist_uniform_int(1, 6);
	dist sym = dist_uniform_int(-2, 2);

	ck_assert(close_rel(dist_mean(&h), 0.79788456080286535588));
	ck_assert(close_rel(dist_var(&h), 0.36338022763241865692));
	ck_assert(close_rel(dist_mean(&die), 3.5));
	ck_assert(close_rel(dist_var(&die), 35.0 / 12));
	ck_assert(close_rel(dist_mean(&sym), 0));
	ck_assert(close_rel(dist_var(&sym), 2));
}
END_TEST

/* The parameters dist.h documents: lognormal p0 = mu, p1 = sigma of the
 * log; gamma p0 = shape, p1 = scale. */
START_TEST(test_constructor_params)
{
	dist ln = dist_lognormal(2, 0.5), g = dist_gamma(2, 0.5);
	double s2 = log(1 + 0.25);

	ck_assert(close_rel(ln.p1, sqrt(s2)));
	ck_assert(close_rel(ln.p0, log(2) - s2 / 2));
	ck_assert(close_rel(g.p0, 4));
	ck_assert(close_rel(g.p1, 0.5));
}
END_TEST

/* 10^6 draws of case _i: sample mean and variance within 5 SE of the
 * oracle, every draw in [lo, dist_max], times never negative or -0. */
START_TEST(test_sample_moments)
{
	struct mcase c;
	rng r;
	double mean = 0, m2 = 0, max, var, se_var, n = N_MOM;
	long outside = 0, neg = 0;

	ck_assert(moment_case(_i, &c));
	max = dist_max(&c.d);
	rng_seed(&r, 11, 0, "t_dist", c.label);
	for (long i = 0; i < N_MOM; i++) {
		double x = dist_draw(&c.d, &r), delta = x - mean;

		outside += !(x >= c.lo && x <= max);
		neg += c.time && (x < 0 || signbit(x));
		mean += delta / (i + 1);	/* Welford */
		m2 += delta * (x - mean);
	}
	var = m2 / (n - 1);
	ck_assert_msg(outside == 0, "%s: %ld draws outside [%g, %g]",
		      c.label, outside, c.lo, max);
	ck_assert_msg(neg == 0, "%s: %ld negative time draws", c.label, neg);
	if (c.var == 0) {	/* a constant: exact */
		ck_assert_double_eq(mean, c.mean);
		ck_assert_double_eq(var, 0);
		return;
	}
	ck_assert_msg(fabs(mean - c.mean) <= 5 * sqrt(c.var / n),
		      "%s: sample mean %.9g, want %.9g +- %.3g", c.label, mean,
		      c.mean, 5 * sqrt(c.var / n));
	se_var = sqrt(c.mu4 / n - c.var * c.var * (n - 3) / (n * (n - 1)));
	ck_assert_msg(fabs(var - c.var) <= 5 * se_var,
		      "%s: sample variance %.9g, want %.9g +- %.3g", c.label,
		      var, c.var, 5 * se_var);
}
END_TEST

/* --- Kolmogorov-Smirnov against exact CDFs --- */

static double phi_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2));
}

/* Regularized lower incomplete gamma P(a, x) by its power series
 * P = x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n)), which
 * converges for every x; fine for the x < 200 met here. */
static double gamma_p(double a, double x)
{
	double term = 1, sum = 1;

	if (x <= 0)
		return 0;
	for (int n = 1; n < 10000 && term > sum * 1e-17; n++) {
		term *= x / (a + n);
		sum += term;
	}
	return sum * exp(a * log(x) - x - lgamma(a + 1));
}

struct kcase {
	const char *label;
	dist d;
	double p[3];
	double (*cdf)(const double *p, double x);
};

static double cdf_exp(const double *p, double x)
{
	return x <= 0 ? 0 : -expm1(-x / p[0]);
}

static double cdf_uniform(const double *p, double x)
{
	return fmin(1, fmax(0, (x - p[0]) / (p[1] - p[0])));
}

static double cdf_triangular(const double *p, double x)
{
	double a = p[0], m = p[1], b = p[2];

	if (x <= a)
		return 0;
	if (x >= b)
		return 1;
	if (x <= m)
		return (x - a) * (x - a) / ((b - a) * (m - a));
	return 1 - (b - x) * (b - x) / ((b - a) * (b - m));
}

/* p = {mean, cv}: log X ~ N(mu, s^2), s^2 = ln(1 + cv^2). */
static double cdf_lognormal(const double *p, double x)
{
	double s2 = log(1 + p[1] * p[1]), mu = log(p[0]) - s2 / 2;

	return x <= 0 ? 0 : phi_cdf((log(x) - mu) / sqrt(s2));
}

/* p = {shape, scale}. */
static double cdf_gamma(const double *p, double x)
{
	return gamma_p(p[0], x / p[1]);
}

/* p = {mu, sd}: (Phi((x-mu)/sd) - Phi(-mu/sd)) / (1 - Phi(-mu/sd)). */
static double cdf_tnormal(const double *p, double x)
{
	double f0 = phi_cdf(-p[0] / p[1]);

	return x <= 0 ? 0 : (phi_cdf((x - p[0]) / p[1]) - f0) / (1 - f0);
}

static int kcase(int i, struct kcase *k)
{
	switch (i) {
	case 0:
		*k = (struct kcase){ "exp(2)", dist_exp(2), { 2 }, cdf_exp };
		return 1;
	case 1:
		*k = (struct kcase){ "uniform(1,3)", dist_uniform(1, 3),
				     { 1, 3 }, cdf_uniform };
		return 1;
	case 2:
		*k = (struct kcase){ "triangular(1,2,6)",
				     dist_triangular(1, 2, 6), { 1, 2, 6 },
				     cdf_triangular };
		return 1;
	case 3:
		*k = (struct kcase){ "lognormal(2,0.5)", dist_lognormal(2, 0.5),
				     { 2, 0.5 }, cdf_lognormal };
		return 1;
	case 4:	/* a large cv: the moment test avoids it, KS does not care */
		*k = (struct kcase){ "lognormal(1,3)", dist_lognormal(1, 3),
				     { 1, 3 }, cdf_lognormal };
		return 1;
	case 5:
		*k = (struct kcase){ "erlang(3,4)", dist_erlang(3, 4),
				     { 4, 0.75 }, cdf_gamma };
		return 1;
	case 6:
		*k = (struct kcase){ "erlang(3,40)", dist_erlang(3, 40),
				     { 40, 0.075 }, cdf_gamma };
		return 1;
	case 7:
		*k = (struct kcase){ "gamma(2,0.5)", dist_gamma(2, 0.5),
				     { 4, 0.5 }, cdf_gamma };
		return 1;
	case 8:
		*k = (struct kcase){ "gamma(2,2)", dist_gamma(2, 2),
				     { 0.25, 8 }, cdf_gamma };
		return 1;
	case 9:
		*k = (struct kcase){ "normal(1,1)", dist_normal(1, 1),
				     { 1, 1 }, cdf_tnormal };
		return 1;
	}
	return 0;
}

#define N_KS_CASES 10

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

START_TEST(test_ks)
{
	struct kcase k;
	double *x = malloc(N_KS * sizeof *x), d = 0;
	rng r;

	ck_assert(kcase(_i, &k) && x);
	rng_seed(&r, 12, 0, "t_dist-ks", k.label);
	for (int i = 0; i < N_KS; i++)
		x[i] = dist_draw(&k.d, &r);
	qsort(x, N_KS, sizeof *x, cmp_double);
	for (int i = 0; i < N_KS; i++) {
		double f = k.cdf(k.p, x[i]);

		d = fmax(d, fmax(f - (double)i / N_KS,
				 (double)(i + 1) / N_KS - f));
	}
	free(x);
	ck_assert_msg(d < 1.95 / sqrt(N_KS), "%s: KS D = %g, limit %g",
		      k.label, d, 1.95 / sqrt(N_KS));
}
END_TEST

/* Discrete kinds: Pearson's chi-square on 10^5 draws. uniform_int(1,6)
 * has 5 degrees of freedom, 0.9999 quantile 25.745; empirical {3,4,9}
 * has 2, quantile -2 ln(1e-4) = 18.421. */
START_TEST(test_discrete_chi2)
{
	dist die = dist_uniform_int(1, 6), emp = dist_empirical(emp_v, 3);
	long cd[6] = { 0 }, ce[3] = { 0 }, bad = 0;
	double chi_d = 0, chi_e = 0;
	rng r;

	rng_seed(&r, 13, 0, "t_dist", "chi2");
	for (int i = 0; i < N_KS; i++) {
		double x = dist_draw(&die, &r), y = dist_draw(&emp, &r);
		int j = (int)x - 1;

		if (x != floor(x) || j < 0 || j > 5) {
			bad++;
			continue;
		}
		cd[j]++;
		ce[y == 3 ? 0 : y == 4 ? 1 : 2]++;
		bad += y != 3 && y != 4 && y != 9;
	}
	ck_assert_int_eq(bad, 0);
	for (int j = 0; j < 6; j++)
		chi_d += pow(cd[j] - N_KS / 6.0, 2) / (N_KS / 6.0);
	for (int j = 0; j < 3; j++)
		chi_e += pow(ce[j] - N_KS / 3.0, 2) / (N_KS / 3.0);
	ck_assert_double_lt(chi_d, 25.745);
	ck_assert_double_lt(chi_e, 18.421);
}
END_TEST

/* --- determinism --- */

/* Same key, same draws, bit for bit, for every case. Then draws keep no
 * hidden state outside the rng (no cached Box-Muller partner): a stream's
 * draws are the same whether or not another stream is drawn in between. */
START_TEST(test_determinism)
{
	struct mcase c, other;
	int mismatch = 0;

	ck_assert(moment_case(_i, &c));
	moment_case((_i + 5) % N_MOMENT_CASES, &other);
	for (int pass = 0; pass < 2; pass++) {
		rng a, b, o;

		rng_seed(&a, 3, 1, "det", c.label);
		rng_seed(&b, 3, 1, "det", c.label);
		rng_seed(&o, 4, 0, "det", "other");
		for (int i = 0; i < 2000; i++) {
			double x = dist_draw(&c.d, &a), y;

			if (pass == 1)
				(void)dist_draw(&other.d, &o);
			y = dist_draw(&c.d, &b);
			mismatch += memcmp(&x, &y, sizeof x) != 0;
		}
	}
	ck_assert_int_eq(mismatch, 0);
}
END_TEST

/* --- edge cases of dist_max and dist_is_const --- */

/* A degenerate dist: constant, maximum and every draw exactly v. */
static void check_degenerate(const char *label, dist d, double v)
{
	rng r;

	rng_seed(&r, 1, 0, "edge", label);
	ck_assert_msg(dist_is_const(&d), "%s: not const", label);
	ck_assert_msg(dist_max(&d) == v, "%s: max %.17g", label, dist_max(&d));
	ck_assert_msg(dist_mean(&d) == v, "%s: mean %.17g", label,
		      dist_mean(&d));
	ck_assert_msg(dist_var(&d) == 0, "%s: var %.17g", label, dist_var(&d));
	for (int i = 0; i < 100; i++) {
		double x = dist_draw(&d, &r);

		if (x != v || signbit(x) != signbit(v))
			ck_abort_msg("%s: draw %.17g, want %.17g", label, x, v);
	}
}

static void check_spread(const char *label, dist d, double max)
{
	ck_assert_msg(!dist_is_const(&d), "%s: const", label);
	ck_assert_msg(dist_max(&d) == max, "%s: max %g, want %g", label,
		      dist_max(&d), max);
}

START_TEST(test_edges)
{
	static const double same[] = { 5, 5, 5 }, mixed[] = { 5, 6, 1 };

	check_degenerate("const", dist_const(0.008), 0.008);
	check_degenerate("const 0", dist_const(0), 0);
	check_degenerate("uniform lo==hi", dist_uniform(2, 2), 2);
	check_degenerate("uniform_int lo==hi", dist_uniform_int(3, 3), 3);
	check_degenerate("empirical equal", dist_empirical(same, 3), 5);
	check_degenerate("empirical one", dist_empirical(mixed, 1), 5);
	/* exp(log(0.008)) is not 0.008: cv 0 must not go through exp. */
	check_degenerate("lognormal cv 0", dist_lognormal(0.008, 0), 0.008);
	check_degenerate("gamma cv 0", dist_gamma(0.008, 0), 0.008);
	check_degenerate("lognormal mean 0", dist_lognormal(0, 0.5), 0);
	check_degenerate("gamma mean 0", dist_gamma(0, 0.5), 0);
	check_degenerate("exp mean 0", dist_exp(0), 0);
	check_degenerate("erlang mean 0", dist_erlang(0, 3), 0);
	check_degenerate("normal sd 0", dist_normal(3, 0), 3);
	check_degenerate("triangular lo==hi", dist_triangular(4, 4, 4), 4);

	check_spread("exp", dist_exp(2), INFINITY);
	check_spread("normal", dist_normal(1, 1), INFINITY);
	check_spread("lognormal", dist_lognormal(2, 1), INFINITY);
	check_spread("erlang", dist_erlang(2, 3), INFINITY);
	check_spread("gamma", dist_gamma(2, 1), INFINITY);
	check_spread("uniform", dist_uniform(1, 3), 3);
	check_spread("uniform_int", dist_uniform_int(-2, 2), 2);
	check_spread("triangular", dist_triangular(1, 2, 6), 6);
	check_spread("triangular mode=hi", dist_triangular(1, 6, 6), 6);
	check_spread("empirical", dist_empirical(mixed, 3), 6);
}
END_TEST

/* uniform_int over negatives: integers only, every value reached. */
START_TEST(test_uniform_int_values)
{
	dist d = dist_uniform_int(-2, 2);
	long seen[5] = { 0 }, bad = 0;
	rng r;

	rng_seed(&r, 8, 0, "t_dist", "uniform_int");
	for (int i = 0; i < 10000; i++) {
		double x = dist_draw(&d, &r);

		if (x != floor(x) || x < -2 || x > 2)
			bad++;
		else
			seen[(int)x + 2]++;
	}
	ck_assert_int_eq(bad, 0);
	/* P(a value missed in 10^4 draws) = 5 (4/5)^10000, about 0. */
	for (int j = 0; j < 5; j++)
		ck_assert_int_gt(seen[j], 0);
}
END_TEST

/* A cv whose square underflows must still draw the mean, not inf. */
START_TEST(test_gamma_tiny_cv)
{
	dist d = dist_gamma(0.008, 1e-160);
	rng r;

	rng_seed(&r, 1, 0, "tiny", "cv");
	for (int i = 0; i < 100; i++)
		ck_assert(dist_draw(&d, &r) == 0.008);
	ck_assert(dist_is_const(&d));
	ck_assert(dist_mean(&d) == 0.008 && dist_var(&d) == 0);
}
END_TEST

Suite *dist_suite(void)
{
	Suite *s = suite_create("dist");
	TCase *exact = tcase_create("exact");
	TCase *sample = tcase_create("sample");
	TCase *edge = tcase_create("edges");

	tcase_add_loop_test(exact, test_exact_moments, 0, N_MOMENT_CASES);
	tcase_add_test(exact, test_table_moments);
	tcase_add_test(exact, test_constructor_params);
	tcase_add_test(exact, test_gamma_tiny_cv);
	tcase_set_timeout(sample, 60);
	tcase_add_loop_test(sample, test_sample_moments, 0, N_MOMENT_CASES);
	tcase_add_loop_test(sample, test_ks, 0, N_KS_CASES);
	tcase_add_test(sample, test_discrete_chi2);
	tcase_add_loop_test(edge, test_determinism, 0, N_MOMENT_CASES);
	tcase_add_test(edge, test_edges);
	tcase_add_test(edge, test_uniform_int_values);
	suite_add_tcase(s, exact);
	suite_add_tcase(s, sample);
	suite_add_tcase(s, edge);
	return s;
}
