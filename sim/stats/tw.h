/*
 * tw.h: a time-weighted average of an integer level (queue length, busy
 * servers, WIP): the integral of the level over the window, divided by the
 * window's length. Exact in time (ns), one multiply-add per change.
 */
#ifndef TW_H
#define TW_H

#include <stdint.h>

#include "core/simtime.h"

typedef struct tw {
	/* what a change reads and writes, first and together */
	double area;		/* integral of v dt over [origin, last), in level*ns */
	simtime last;		/* time of the last change */
	int64_t v;		/* current level */
	int64_t vmax;		/* largest level seen in the window */
	simtime origin;		/* start of the window */
	double before;		/* the area tw_reset dropped: the integral
				 * over [tw_init's time, origin) */
} tw;

/* Start at level v at time now. */
void tw_init(tw *w, simtime now, int64_t v);

/* The level becomes v at time now (now >= the last change). */
static inline void tw_set(tw *w, simtime now, int64_t v)
{
	w->area += (double)w->v * (double)(now - w->last);
	w->last = now;
	w->v = v;
	if (v > w->vmax)
		w->vmax = v;
}

static inline void tw_add(tw *w, simtime now, int64_t dv)
{
	tw_set(w, now, w->v + dv);
}

/* The area up to now, the level unchanged: what tw_set does before it
 * changes the level. A tw_set at the same instant then adds v * 0 and
 * gives the same area, bit for bit, as if it had come first. */
static inline void tw_flush(tw *w, simtime now)
{
	w->area += (double)w->v * (double)(now - w->last);
	w->last = now;
}

/* Start a new window at now, keeping the current level (end of warm-up). */
void tw_reset(tw *w, simtime now);

/* Average level over [origin, now); the current level if the window is
 * empty. */
double tw_mean(const tw *w, simtime now);

/* The integral over [origin, now), in level * ns. */
double tw_area(const tw *w, simtime now);

/* The integral since tw_init, across every tw_reset (snapshots of a
 * replication under way: never reset, so two readings differ by exactly
 * the area between them). now >= the last change. */
double tw_total(const tw *w, simtime now);

#endif
