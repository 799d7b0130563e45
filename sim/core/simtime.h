/*
 * simtime.h: simulated time is an int64 count of nanoseconds. Exact,
 * comparable, the same on every machine, and 292 years of range.
 */
#ifndef SIMTIME_H
#define SIMTIME_H

#include <stdint.h>

typedef int64_t simtime;

#define ST_NS  INT64_C(1)
#define ST_US  INT64_C(1000)
#define ST_MS  INT64_C(1000000)
#define ST_S   INT64_C(1000000000)
#define ST_MAX INT64_MAX

static inline double st_to_s(simtime t)
{
	return (double)t * 1e-9;
}

/* Seconds to the nearest nanosecond (halves away from zero), saturating at
 * the ends of the range: a draw from a long tail must never wrap around.
 * Inline arithmetic, not llround(): this runs for every draw. */
static inline simtime st_from_s(double s)
{
	double ns = s * 1e9;

	if (!(ns < 9.2e18))
		return ns != ns ? 0 : ST_MAX;	/* NaN: 0 */
	if (ns <= -9.2e18)
		return -ST_MAX;
	return ns >= 0 ? (simtime)(ns + 0.5) : -(simtime)(0.5 - ns);
}

/* now + d for a delay d >= 0, saturating at ST_MAX: the time of an event
 * d after now. A draw from a long tail can be capped at ST_MAX by
 * st_from_s; added to the clock it must not wrap (an event at ST_MAX
 * never comes before the run's end). */
static inline simtime st_after(simtime now, simtime d)
{
	return d > ST_MAX - now ? ST_MAX : now + d;
}

#endif
