/*
 * dist.c: constructors, draws and exact moments of the scenario's
 * distributions.
 *
 * Field use per kind (dist.h lists a, b, c; p0, p1 are ours):
 *   const        a = value
 *   exp          a = mean
 *   uniform      a = lo, b = hi
 *   uniform_int  a = lo, b = hi, p0 = number of values (hi - lo + 1)
 *   normal       a = mean, b = sd (of the normal before truncation)
 *   lognormal    a = mean, b = cv, p0 = mu, p1 = sigma (of the log)
 *   erlang       a = mean, k = phases, p0 = phase mean a / k
 *   gamma        a = mean, b = cv, p0 = shape, p1 = scale
 *   triangular   a = lo, c = mode, b = hi,
 *                p0 = (hi - lo)(mode - lo), p1 = (hi - lo)(hi - mode)
 *   empirical    v, n; a = min, b = max, p0 = mean, p1 = variance of v
 *
 * Invariants: a degenerate dist (dist_is_const) draws exactly its value,
 * bit for bit, so that "lognormal with cv 0" and the constant it stands
 * for give identical runs; time draws are never negative, and never -0.
 *
 * Workload: dist_draw is in the hot path, so constructors do the
 * arithmetic once and draws use at most a few libm calls. Draws keep no
 * state outside the rng (no cached second normal from Box-Muller): the
 * number of rng outputs a draw consumes depends only on the stream, which
 * keeps runs reproducible and streams independent of call order.
 * dist_mean, dist_var and dist_max are not hot and favour clarity.
 */
#include "core/dist.h"

#include <math.h>

#include "core/hb.h"

/* math.h has M_PI only under XSI or default-source feature macros, and
 * herbie builds with _POSIX_C_SOURCE alone. */
#define DIST_2PI 6.283185307179586476925
#define DIST_SQRT1_2 0.7071067811865475244008	/* 1 / sqrt(2) */
#define DIST_1_SQRT2PI 0.3989422804014326779399	/* 1 / sqrt(2 pi) */

/* Erlang phases up to this count are drawn as -log of a product of
 * uniforms: each factor is >= 2^-54, so the product of 16 is >= 2^-864
 * and never underflows, which keeps the method exact. Above it, the gamma
 * sampler costs O(1) instead of O(k). */
#define DIST_ERLANG_PRODUCT_MAX 16

dist dist_const(double x)
{
	return (dist){ .kind = DIST_CONST, .a = x };
}

dist dist_exp(double mean)
{
	return (dist){ .kind = DIST_EXP, .a = mean };
}

dist dist_uniform(double lo, double hi)
{
	return (dist){ .kind = DIST_UNIFORM, .a = lo, .b = hi };
}

/* Ranges of up to 2^53 values are exact; the count is computed in
 * unsigned arithmetic so that hi - lo cannot overflow a long. */
dist dist_uniform_int(long lo, long hi)
{
	uint64_t count = (uint64_t)hi - (uint64_t)lo + 1u;

	return (dist){ .kind = DIST_UNIFORM_INT, .a = (double)lo,
		       .b = (double)hi, .p0 = (double)count };
}

dist dist_normal(double mean, double sd)
{
	return (dist){ .kind = DIST_NORMAL, .a = mean, .b = sd };
}

/* If log X ~ N(mu, sigma^2), then E X = exp(mu + sigma^2 / 2) and
 * CV^2 = exp(sigma^2) - 1; solve for mu and sigma. log1p keeps small CVs
 * accurate. */
dist dist_lognormal(double mean, double cv)
{
	double s2 = log1p(cv * cv);

	return (dist){ .kind = DIST_LOGNORMAL, .a = mean, .b = cv,
		       .p0 = log(mean) - s2 / 2, .p1 = sqrt(s2) };
}

dist dist_erlang(double mean, int k)
{
	return (dist){ .kind = DIST_ERLANG, .k = k, .a = mean, .p0 = mean / k };
}

/* Gamma(shape, scale) has mean shape * scale and CV 1 / sqrt(shape). With
 * cv 0 the shape is infinite and the scale 0: the draw is the mean. */
dist dist_gamma(double mean, double cv)
{
	double shape = cv > 0 ? 1 / (cv * cv) : INFINITY;

	/* A cv so small that cv^2 underflows (1e-160) gives an infinite shape
	 * with a scale that is not quite 0; such a gamma is its mean. */
	if (!isfinite(shape))
		return (dist){ .kind = DIST_GAMMA, .a = mean, .b = 0,
			       .p0 = INFINITY, .p1 = 0 };
	return (dist){ .kind = DIST_GAMMA, .a = mean, .b = cv, .p0 = shape,
		       .p1 = mean * cv * cv };
}

dist dist_triangular(double lo, double mode, double hi)
{
	return (dist){ .kind = DIST_TRIANGULAR, .a = lo, .b = hi, .c = mode,
		       .p0 = (hi - lo) * (mode - lo),
		       .p1 = (hi - lo) * (hi - mode) };
}

/* The summary is taken once here so that dist_is_const, dist_max and the
 * moments are O(1); the values must not change while the dist lives (the
 * scenario owns them and keeps them constant). Two passes for the
 * variance: one pass (sum of squares) cancels badly for values like
 * 1000.001, 1000.002. */
dist dist_empirical(const double *v, size_t n)
{
	dist d = { .kind = DIST_EMPIRICAL, .v = v, .n = n };
	double sum = 0, ss = 0;

	d.a = d.b = v[0];
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		d.a = fmin(d.a, v[i]);
		d.b = fmax(d.b, v[i]);
	}
	d.p0 = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - d.p0) * (v[i] - d.p0);
	d.p1 = ss / (double)n;	/* population variance: we resample v */
	return d;
}

/* A standard normal by Box-Muller: exactly two uniforms, no rejection, no
 * cached partner. u1 > 0, so log(u1) is finite. */
static double dist_std_normal(rng *r)
{
	double u1 = rng_u01(r), u2 = rng_u01(r);

	return sqrt(-2 * log(u1)) * cos(DIST_2PI * u2);
}

/* Gamma(shape, 1) by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables": a transformed normal, accepted with
 * probability > 0.95 for shape >= 1. For shape < 1 it draws
 * Gamma(shape + 1) and multiplies by U^(1/shape) (their section 6). */
static double dist_std_gamma(rng *r, double shape)
{
	if (shape < 1) {
		double g = dist_std_gamma(r, shape + 1);

		return g * pow(rng_u01(r), 1 / shape);
	}
	double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);

	for (;;) {
		double x = dist_std_normal(r), v = 1 + c * x, u;

		if (v <= 0)
			continue;
		v = v * v * v;
		u = rng_u01(r);
		/* The squeeze avoids the two logs most of the time. */
		if (u < 1 - 0.0331 * (x * x) * (x * x))
			return d * v;
		if (log(u) < 0.5 * x * x + d * (1 - v + log(v)))
			return d * v;
	}
}

/* The normal truncated at 0 by rejection. The reader guarantees
 * mean >= 0, so each try is accepted with probability >= 1/2. */
static double dist_draw_normal(const dist *d, rng *r)
{
	for (;;) {
		double x = d->a + d->b * dist_std_normal(r);

		if (x > 0)
			return x;
		if (x == 0)
			return 0.0;	/* never -0: it would print as "-0" */
	}
}

/* Triangular by inversion of its CDF: below the mode F(x) =
 * (x - lo)^2 / p0, above it 1 - F(x) = (hi - x)^2 / p1, and
 * F(mode) = p0 / (p0 + p1) because p0 + p1 = (hi - lo)^2. sqrt((hi-lo)^2)
 * can round one ulp above hi - lo, so each branch is clamped to [lo, hi]:
 * with lo = 0 a draw could otherwise be -1e-17, a negative time. */
static double dist_draw_triangular(const dist *d, rng *r)
{
	double u = rng_u01(r);

	if (u * (d->p0 + d->p1) < d->p0)
		return fmin(d->a + sqrt(u * d->p0), d->b);
	return fmax(d->b - sqrt((1 - u) * d->p1), d->a);
}

static double dist_draw_erlang(const dist *d, rng *r)
{
	if (d->k <= DIST_ERLANG_PRODUCT_MAX) {
		double prod = 1;

		for (int i = 0; i < d->k; i++)
			prod *= rng_u01(r);
		return d->p0 * -log(prod);
	}
	return d->p0 * dist_std_gamma(r, d->k);
}

double dist_draw_any(const dist *d, rng *r)
{
	switch (d->kind) {
	case DIST_CONST:
		return d->a;
	case DIST_EXP:
		return d->a * -log(rng_u01(r));
	case DIST_UNIFORM:
		/* lo + (hi - lo) u can round one ulp past hi. */
		return fmin(d->a + (d->b - d->a) * rng_u01(r), d->b);
	case DIST_UNIFORM_INT:
		return d->a + (double)rng_below(r, (uint64_t)d->p0);
	case DIST_NORMAL:
		return dist_draw_normal(d, r);
	case DIST_LOGNORMAL:
		if (d->p1 == 0 || d->a == 0)
			return d->a;	/* exp(log(m)) need not be m */
		return exp(d->p0 + d->p1 * dist_std_normal(r));
	case DIST_ERLANG:
		return dist_draw_erlang(d, r);
	case DIST_GAMMA:
		if (d->p1 == 0)
			return d->a;	/* cv 0 or mean 0 */
		return d->p1 * dist_std_gamma(r, d->p0);
	case DIST_TRIANGULAR:
		return dist_draw_triangular(d, r);
	case DIST_EMPIRICAL:
		return d->v[rng_below(r, d->n)];
	}
	HB_BUG("dist_draw: unknown kind %d", (int)d->kind);
}

/*
 * Mean and variance of N(mu, sd^2) truncated to [0, inf). With
 * alpha = -mu/sd and lambda = phi(alpha) / (1 - Phi(alpha)) (the inverse
 * Mills ratio), mean = mu + sd lambda and
 * var = sd^2 (1 + alpha lambda - lambda^2). 1 - Phi(alpha) is taken as
 * erfc(alpha / sqrt 2) / 2, which stays accurate in the tail where
 * 1 - Phi would cancel.
 */
static void dist_trunc_normal(const dist *d, double *mean, double *var)
{
	double mu = d->a, sd = d->b, alpha, lambda;

	if (sd == 0) {
		*mean = mu;
		*var = 0;
		return;
	}
	alpha = -mu / sd;
	lambda = DIST_1_SQRT2PI * exp(-alpha * alpha / 2) /
		 (0.5 * erfc(alpha * DIST_SQRT1_2));
	*mean = mu + sd * lambda;
	*var = sd * sd * (1 + alpha * lambda - lambda * lambda);
}

double dist_mean(const dist *d)
{
	double mean, var;

	switch (d->kind) {
	case DIST_CONST:
	case DIST_EXP:
	case DIST_LOGNORMAL:
	case DIST_ERLANG:
	case DIST_GAMMA:
		return d->a;
	case DIST_UNIFORM:
	case DIST_UNIFORM_INT:
		return (d->a + d->b) / 2;
	case DIST_NORMAL:
		dist_trunc_normal(d, &mean, &var);
		return mean;
	case DIST_TRIANGULAR:
		return (d->a + d->b + d->c) / 3;
	case DIST_EMPIRICAL:
		return d->p0;
	}
	HB_BUG("dist_mean: unknown kind %d", (int)d->kind);
}

double dist_var(const dist *d)
{
	double mean, var, a = d->a, b = d->b, c = d->c;

	switch (d->kind) {
	case DIST_CONST:
		return 0;
	case DIST_EXP:
		return a * a;
	case DIST_UNIFORM:
		return (b - a) * (b - a) / 12;
	case DIST_UNIFORM_INT:
		/* Discrete: N equally likely integers, (N^2 - 1) / 12. */
		return (d->p0 * d->p0 - 1) / 12;
	case DIST_NORMAL:
		dist_trunc_normal(d, &mean, &var);
		return var;
	case DIST_LOGNORMAL:
	case DIST_GAMMA:
		return (a * b) * (a * b);
	case DIST_ERLANG:
		return a * a / d->k;
	case DIST_TRIANGULAR:
		return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
	case DIST_EMPIRICAL:
		return d->p1;
	}
	HB_BUG("dist_var: unknown kind %d", (int)d->kind);
}

double dist_max(const dist *d)
{
	if (dist_is_const(d))
		return dist_mean(d);
	switch (d->kind) {
	case DIST_CONST:
		return d->a;
	case DIST_UNIFORM:
	case DIST_UNIFORM_INT:
	case DIST_TRIANGULAR:
	case DIST_EMPIRICAL:
		return d->b;
	case DIST_EXP:
	case DIST_NORMAL:
	case DIST_LOGNORMAL:
	case DIST_ERLANG:
	case DIST_GAMMA:
		return INFINITY;
	}
	HB_BUG("dist_max: unknown kind %d", (int)d->kind);
}

/* Beyond the obvious cases, a zero mean (exp, erlang, gamma, lognormal)
 * or a zero spread (normal sd 0, cv 0) also makes every draw the same. */
int dist_is_const(const dist *d)
{
	switch (d->kind) {
	case DIST_CONST:
		return 1;
	case DIST_EXP:
	case DIST_ERLANG:
		return d->a == 0;
	case DIST_UNIFORM:
	case DIST_UNIFORM_INT:
	case DIST_TRIANGULAR:
	case DIST_EMPIRICAL:
		return d->a == d->b;
	case DIST_NORMAL:
		return d->b == 0;
	case DIST_LOGNORMAL:
	case DIST_GAMMA:
		return d->a == 0 || d->b == 0;
	}
	HB_BUG("dist_is_const: unknown kind %d", (int)d->kind);
}
