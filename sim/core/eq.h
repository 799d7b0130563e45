/*
 * eq.h: the future event list. A 4-ary heap of (time, seq, event*) entries
 * (libev's ANHE: the key sits beside the pointer, so sifting never touches
 * the event), plus a FIFO ring for events due at the current instant.
 *
 * Order: by time, then by seq, the order of eq_push calls: two events at
 * the same instant run in the order they were scheduled, every time.
 *
 * Fast path: zero-delay hand-offs between stations are common. An event
 * pushed for t == now goes to the ring, not the heap. That keeps the order
 * exact: every heap entry with t == now was pushed before the clock reached
 * now, so its seq is smaller than any ring entry's; eq_pop takes heap
 * entries at now first, then the ring, then advances the clock.
 *
 * Events are owned by the caller and embedded in stations, sources and
 * items (libev's watchers); eq never allocates during a run: eq_reserve
 * sizes it for the most events that can be pending at once, and eq_push
 * asserts that bound. Measured on another engine, a calendar queue fell
 * from 2.2 M to 0.09 M events/s at 100 k pending; a heap degrades gently.
 */
#ifndef EQ_H
#define EQ_H

#include <stddef.h>
#include <stdint.h>

#include "core/simtime.h"

typedef struct event {
	simtime t;		/* when it fires; set by eq_push */
	uint64_t seq;		/* set by eq_push */
	int32_t pos;		/* private to eq: -1 when not queued */
	uint16_t kind;		/* the engine's closed enum */
	uint16_t arg;		/* a small argument of the kind's choosing */
	void *obj;		/* what the event concerns */
} event;

typedef struct eq eq;

/* A new empty queue at time 0, room for `reserve` pending events; NULL
 * when out of memory. */
eq *eq_new(size_t reserve);
void eq_free(eq *q);			/* eq_free(NULL) is a no-op */

/* Make room for n pending events at once. 0, or -1 when out of memory
 * (the queue is unchanged). */
int eq_reserve(eq *q, size_t n);

/* Empty the queue and set the clock to 0 (a new replication); every event
 * still queued is marked not queued. */
void eq_clear(eq *q);

static inline void event_init(event *ev, uint16_t kind, uint16_t arg,
			      void *obj)
{
	ev->t = 0;
	ev->seq = 0;
	ev->pos = -1;
	ev->kind = kind;
	ev->arg = arg;
	ev->obj = obj;
}

static inline int event_queued(const event *ev)
{
	return ev->pos != -1;
}

/* Schedule ev (not queued) at t >= eq_now(q). */
void eq_push(eq *q, event *ev, simtime t);

/* Take the next event and advance the clock to its time; NULL when none. */
event *eq_pop(eq *q);

/* Time of the next event without taking it; ST_MAX when none. */
simtime eq_peek(const eq *q);

/* Unschedule ev if queued (O(log n)). Returns 1 if it was queued. */
int eq_cancel(eq *q, event *ev);

simtime eq_now(const eq *q);
size_t eq_size(const eq *q);		/* pending events */
uint64_t eq_popped(const eq *q);	/* events taken since eq_clear */

/* Check every invariant (heap order, positions, ring); 0 when sound. For
 * tests. */
int eq_check(const eq *q);

#endif
