/*
 * dist.h: the distributions of a scenario (spec: "Distributions").
 *
 * A dist is a small value built once by a dist_* constructor, which does
 * the per-distribution arithmetic (lognormal's mu and sigma from mean and
 * CV, gamma's shape and scale, ...) so that dist_draw does none. Values are
 * in base units: seconds for times, plain numbers for counts. Times are
 * non-negative: every draw of a time distribution is >= 0.
 *
 * Ownership: an empirical dist points at its values; the caller (the
 * scenario) owns them and must outlive the dist.
 */
#ifndef DIST_H
#define DIST_H

#include <math.h>
#include <stddef.h>

#include "core/rng.h"

typedef enum dist_kind {
	DIST_CONST,
	DIST_EXP,		/* exponential, a = mean */
	DIST_UNIFORM,		/* continuous on [a, b] */
	DIST_UNIFORM_INT,	/* integers a..b, both included */
	DIST_NORMAL,		/* mean a, sd b, truncated at 0 (resampled) */
	DIST_LOGNORMAL,		/* by mean and CV; p0 = mu, p1 = sigma */
	DIST_ERLANG,		/* mean a, k phases */
	DIST_GAMMA,		/* by mean and CV; p0 = shape, p1 = scale */
	DIST_TRIANGULAR,	/* min a, mode c, max b */
	DIST_EMPIRICAL,		/* resample v[0..n-1] uniformly */
} dist_kind;

typedef struct dist {
	dist_kind kind;
	int k;			/* erlang phases */
	double a, b, c;		/* as listed per kind above */
	double p0, p1;		/* precomputed by the constructor */
	const double *v;	/* empirical values, not owned */
	size_t n;
} dist;

/* Constructors. Arguments are checked by the scenario reader, not here:
 * the contract is mean >= 0, cv >= 0, lo <= hi, k >= 1, n >= 1. */
dist dist_const(double x);
dist dist_exp(double mean);
dist dist_uniform(double lo, double hi);
dist dist_uniform_int(long lo, long hi);
dist dist_normal(double mean, double sd);
dist dist_lognormal(double mean, double cv);
dist dist_erlang(double mean, int k);
dist dist_gamma(double mean, double cv);
dist dist_triangular(double lo, double mode, double hi);
dist dist_empirical(const double *v, size_t n);

/* One draw, any kind. Deterministic given the stream's state. */
double dist_draw_any(const dist *d, rng *r);

/* One draw. Constants and exponentials, most of a line's draws, are done
 * here inline (a draw is on every event's path); the rest go through the
 * switch in dist.c. The same numbers either way. */
static inline double dist_draw(const dist *d, rng *r)
{
	if (d->kind == DIST_EXP)
		return d->a * -log(rng_u01(r));
	if (d->kind == DIST_CONST)
		return d->a;
	return dist_draw_any(d, r);
}

/* The exact mean and variance of what dist_draw returns (for the normal,
 * those of the normal truncated at 0). Tests and cost models use them. */
double dist_mean(const dist *d);
double dist_var(const dist *d);

/* Largest value a draw can take, or INFINITY when unbounded. */
double dist_max(const dist *d);

/* True when every draw is the same number (a constant, or a degenerate
 * uniform/empirical): lets the engine skip the stream. */
int dist_is_const(const dist *d);

#endif
