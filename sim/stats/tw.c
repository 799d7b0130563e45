/*
 * tw.c: the cold half of the time-weighted level; tw_set and tw_add, the
 * hot half, are inline in tw.h.
 *
 * Invariants: origin <= last; area is the integral of the level over
 * [origin, last), the stretch [last, now) at level v is added only when it
 * is read or when the level changes; vmax >= v; before is the area over
 * [the tw_init time, origin), moved there by tw_reset.
 *
 * The area is a double in level*ns: exact while it stays below 2^53 (a
 * level of 1 for 104 days), then each change rounds it by one part in
 * 2^53, a relative error far below anything a report prints. An int64
 * would overflow at a level of 1000 for 107 days; __int128 is not C11.
 */
#include "stats/tw.h"

#include "core/hb.h"

void tw_init(tw *w, simtime now, int64_t v)
{
	w->area = 0;
	w->origin = now;
	w->last = now;
	w->v = v;
	w->vmax = v;
	w->before = 0;
}

/* Whatever happened before now is dropped from the window, including the
 * peak (a warm-up maximum is not a steady-state one); its area goes to
 * `before`, for tw_total. */
void tw_reset(tw *w, simtime now)
{
	double before = w->before + tw_area(w, now);

	tw_init(w, now, w->v);
	w->before = before;
}

double tw_area(const tw *w, simtime now)
{
	HB_ASSERT(now >= w->last);
	return w->area + (double)w->v * (double)(now - w->last);
}

double tw_total(const tw *w, simtime now)
{
	return w->before + tw_area(w, now);
}

double tw_mean(const tw *w, simtime now)
{
	if (now == w->origin)
		return (double)w->v;
	return tw_area(w, now) / (double)(now - w->origin);
}
