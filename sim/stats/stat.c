/*
 * stat.c: streaming mean and variance by Welford's update, merged with the
 * pairwise formula of Chan, Golub and LeVeque, and the Student-t interval.
 *
 * Invariants of a stat after n values x1..xn:
 *   mean = (x1 + ... + xn) / n        (0 when n = 0)
 *   m2   = sum (xi - mean)^2          (0 when n < 2)
 *   min, max over the xi              (both 0 when n = 0)
 *
 * Why Welford and not sums of x and x^2: a wait of 1e9 ns with a spread of
 * microseconds gives sum x^2 ~ 1e23 per value, and the variance is then the
 * difference of two huge, nearly equal numbers; every digit cancels.
 * Welford keeps deviations from the running mean, whose size is the spread.
 *
 * Workload: stat_add runs once per item (hot: one division, a few compares);
 * stat_merge and the interval run once per replication or report.
 */
#include "stats/stat.h"

#include <math.h>

#include "core/hb.h"

void stat_init(stat_acc *s)
{
	s->n = 0;
	s->mean = 0;
	s->m2 = 0;
	s->min = 0;	/* 0, not +-inf, so an empty stat prints as zeros */
	s->max = 0;
}

void stat_add(stat_acc *s, double x)
{
	double d = x - s->mean;

	s->n++;
	s->mean += d / (double)s->n;
	/* d * (x - new mean) = d^2 (n-1)/n, the exact increase of m2. */
	s->m2 += d * (x - s->mean);
	if (s->n == 1) {
		s->min = s->max = x;
	} else {
		if (x < s->min)
			s->min = x;
		if (x > s->max)
			s->max = x;
	}
}

/*
 * Chan et al.: with d = mean_b - mean_a and n = na + nb,
 *   mean = mean_a + d nb / n,   m2 = m2_a + m2_b + d^2 na nb / n.
 * Exact in real arithmetic; the d^2 term is what a naive sum of the two m2
 * would miss when the halves have different means.
 */
void stat_merge(stat_acc *a, const stat_acc *b)
{
	double na, nb, n, d;

	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	na = (double)a->n;
	nb = (double)b->n;
	n = na + nb;
	d = b->mean - a->mean;
	a->mean += d * (nb / n);
	a->m2 += b->m2 + d * d * (na * (nb / n));
	a->n += b->n;
	if (b->min < a->min)
		a->min = b->min;
	if (b->max > a->max)
		a->max = b->max;
}

double stat_mean(const stat_acc *s)
{
	return s->n > 0 ? s->mean : 0;
}

double stat_var(const stat_acc *s)
{
	return s->n < 2 ? 0 : s->m2 / (double)(s->n - 1);
}

double stat_sd(const stat_acc *s)
{
	return sqrt(stat_var(s));
}

double stat_ci95(const stat_acc *s)
{
	if (s->n < 2)
		return 0;
	return stat_t975(s->n - 1) * stat_sd(s) / sqrt((double)s->n);
}

/* t(0.975, df) for df = 1..30, to 9 significant digits. Below 31 degrees of
 * freedom the expansion in 1/df is too coarse (at df = 1 it is off by a
 * factor of 3), and replication counts of 2..31 are the common case. */
static const double t975_table[30] = {
	12.7062047, 4.30265273, 3.18244631, 2.77644511, 2.57058184,
	2.44691185, 2.36462425, 2.30600414, 2.26215716, 2.22813885,
	2.20098516, 2.17881283, 2.16036866, 2.14478669, 2.13144955,
	2.11990530, 2.10981558, 2.10092204, 2.09302405, 2.08596345,
	2.07961384, 2.07387307, 2.06865761, 2.06389856, 2.05953855,
	2.05552944, 2.05183052, 2.04840714, 2.04522964, 2.04227246,
};

/*
 * Above 30: the Cornish-Fisher expansion of t around the normal quantile
 * z = Phi^-1(0.975), through the 1/df^4 term (Abramowitz and Stegun
 * 26.7.5). Its error at df = 31 is below 1e-7 and falls as df^-5, which is
 * better than the 6 digits the header promises, with no table to search.
 */
double stat_t975(int64_t df)
{
	const double z = 1.959963984540054;
	double z2, z3, z5, z7, z9, g1, g2, g3, g4, x;

	HB_ASSERT(df >= 1);
	if (df <= 30)
		return t975_table[df - 1];
	z2 = z * z;
	z3 = z2 * z;
	z5 = z3 * z2;
	z7 = z5 * z2;
	z9 = z7 * z2;
	g1 = (z3 + z) / 4;
	g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
	g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
	g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
	x = 1 / (double)df;
	return z + x * (g1 + x * (g2 + x * (g3 + x * g4)));
}
