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

/*
 * The queue's fields are shown only so that eq_push, eq_pop and eq_now,
 * which every event goes through, inline into the engine's loop: at a few
 * pending events a call costs as much as the work (measured here on
 * M/M/1: 58 instructions a push as a call, 46 inlined). They are private
 * to eq.c: nothing else reads or writes them (tests aside). Invariants:
 * eq.c's header.
 */
typedef struct eq_ent {
	simtime t;		/* a copy of ev->t */
	struct event *ev;
} eq_ent;

typedef struct eq {
	eq_ent *heap;		/* cap entries, in heap_mem */
	size_t n;		/* heap entries in use */
	size_t rlen;		/* the ring's live part, tombstones included */
	size_t rlive;		/* non-NULL ring entries */
	size_t cap;		/* most pending events (eq_reserve) */
	simtime now;
	uint64_t seq;		/* the next push's seq */
	uint64_t popped;
	uint64_t since;		/* popped when the clock last moved */
	void *heap_mem;		/* owned: the allocation heap is placed in */
	struct event **ring;	/* owned, rcap slots */
	size_t rcap;		/* a power of two, >= 2 * cap */
	size_t rhead;
} eq;

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

/* eq.c's slow paths, called from the inline functions below only. */
_Noreturn void eq_push_bug_(const eq *q, const event *ev, simtime t);
void eq_ring_push_(eq *q, event *ev, simtime t);
event *eq_ring_pop_(eq *q);
void eq_sift_down_(eq_ent *h, size_t n, size_t i, eq_ent e);

#define EQ_HEAP_D 4

/* (t, seq) order; the seq is read from the events only when times tie. */
static inline int eq_ent_less_(const eq_ent *a, const eq_ent *b)
{
	if (__builtin_expect(a->t != b->t, 1))
		return a->t < b->t;
	return a->ev->seq < b->ev->seq;
}

/* Move e up from the hole at i: parents slide down into the hole until
 * e's place is found (one store per level instead of a swap). */
static inline void eq_sift_up_(eq_ent *h, size_t i, eq_ent e)
{
	while (i > 0) {
		size_t p = (i - 1) / EQ_HEAP_D;

		if (!eq_ent_less_(&e, &h[p]))
			break;
		h[i] = h[p];
		h[i].ev->pos = (int32_t)i;
		i = p;
	}
	h[i] = e;
	e.ev->pos = (int32_t)i;
}

/* Schedule ev (not queued) at t >= eq_now(q). Every push pays for the
 * tests of its preconditions: t <= now is the ring's test as well (and
 * eq_ring_push_ checks t == now), the room and the position one branch. */
static inline void eq_push(eq *q, event *ev, simtime t)
{
	if (__builtin_expect(t <= q->now, 0)) {
		eq_ring_push_(q, ev, t);
		return;
	}
	if (__builtin_expect((ev->pos != -1) | (q->n + q->rlive >= q->cap), 0))
		eq_push_bug_(q, ev, t);
	ev->t = t;
	ev->seq = q->seq++;
	eq_sift_up_(q->heap, q->n++, (eq_ent){ t, ev });
}

/* Take the next event and advance the clock to its time; NULL when none. */
static inline event *eq_pop(eq *q)
{
	event *ev;

	/* the ring, once the heap holds nothing at now: the heap's events at
	 * now were pushed before the clock got there, and go first */
	if (q->rlen > 0 && (q->n == 0 || q->heap[0].t != q->now))
		return eq_ring_pop_(q);
	if (q->n == 0)
		return NULL;
	/* the heap's root (the common case: the ring is empty) */
	if (q->heap[0].t != q->now) {
		q->now = q->heap[0].t;
		q->since = q->popped;
	}
	ev = q->heap[0].ev;
	if (--q->n > 1) {
		eq_sift_down_(q->heap, q->n, 0, q->heap[q->n]);
	} else if (q->n == 1) {
		q->heap[0] = q->heap[1];	/* a root without children */
		q->heap[0].ev->pos = 0;
	}
	ev->pos = -1;
	q->popped++;
	return ev;
}

/* Time of the next event without taking it; ST_MAX when none. */
simtime eq_peek(const eq *q);

/* Unschedule ev if queued (O(log n)). Returns 1 if it was queued. */
int eq_cancel(eq *q, event *ev);

static inline simtime eq_now(const eq *q)
{
	return q->now;
}

static inline size_t eq_size(const eq *q)	/* pending events */
{
	return q->n + q->rlive;
}

static inline uint64_t eq_popped(const eq *q)	/* events taken since eq_clear */
{
	return q->popped;
}

/* Events taken at the current instant since the clock last moved (the
 * first event at an instant counts 1). */
static inline uint64_t eq_at_now(const eq *q)
{
	return q->popped - q->since;
}

/* Check every invariant (heap order, positions, ring); 0 when sound. For
 * tests. */
int eq_check(const eq *q);

#endif
