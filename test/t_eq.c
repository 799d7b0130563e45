/*
 * t_eq.c: the event queue against an oracle.
 *
 * The oracle is the simplest thing that is obviously right: an array of
 * (t, seq, event) kept sorted by (t, seq), whose first element is the next
 * event to pop (sqlite3BitvecBuiltinTest runs the bitvec next to a plain
 * array the same way). Random pushes, pops, cancels and clears go to both,
 * and after every operation the two must agree and eq_check must pass.
 * Delays are drawn so that many events tie (0..3 ns) and many are pushed
 * at the current instant (the ring's fast path).
 *
 * In the HB_TEST_SMALL build the queue starts with room for one event and
 * grows one slot at a time, so the ring wraps, fills with tombstones and
 * is repacked far more often than in a real run.
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/eq.h"
#include "core/hb.h"

Suite *eq_suite(void);

/* SplitMix64: the tests' own generator, so they depend on nothing but eq
 * (and a failure replays exactly from its seed). */
static uint64_t sm_next(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t sm_below(uint64_t *x, uint64_t n)
{
	return sm_next(x) % n;	/* the bias is irrelevant here */
}

/* Check's ck_assert reports every passing check to the runner through a
 * pipe, which would dominate the random walk's millions of checks; this
 * one speaks only on failure. */
#define REQUIRE(c) \
	do { \
		if (!(c)) \
			ck_abort_msg("%s:%d: failed: %s", __FILE__, \
				     __LINE__, #c); \
	} while (0)

/* ---- the oracle -------------------------------------------------- */

typedef struct rec {
	simtime t;
	uint64_t seq;
	event *ev;
} rec;

typedef struct model {
	rec *r;
	size_t n;
	simtime now;
	uint64_t seq, popped;
} model;

static void model_push(model *m, event *ev, simtime t)
{
	size_t i = m->n;

	/* The new seq is the largest, so it goes after every t' <= t. */
	while (i > 0 && m->r[i - 1].t > t) {
		m->r[i] = m->r[i - 1];
		i--;
	}
	m->r[i] = (rec){ t, m->seq++, ev };
	m->n++;
}

static int model_cancel(model *m, event *ev)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->r[i].ev == ev) {
			memmove(&m->r[i], &m->r[i + 1],
				(m->n - i - 1) * sizeof m->r[0]);
			m->n--;
			return 1;
		}
	}
	return 0;
}

static int model_has(const model *m, const event *ev)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].ev == ev)
			return 1;
	return 0;
}

static void agree(const eq *q, const model *m)
{
	REQUIRE(eq_check(q) == 0);
	REQUIRE(eq_size(q) == m->n);
	REQUIRE(eq_now(q) == m->now);
	REQUIRE(eq_popped(q) == m->popped);
	REQUIRE(eq_peek(q) == (m->n ? m->r[0].t : ST_MAX));
}

/* One step of the random walk. push_pct is the chance of a push; the
 * rest is split between pops and cancels. */
static void oracle_step(eq *q, model *m, event *evs, size_t nev,
			size_t *reserved, unsigned push_pct, uint64_t *x)
{
	unsigned op = (unsigned)sm_below(x, 100);
	event *ev = &evs[sm_below(x, nev)];

	if (op < push_pct) {
		uint64_t kind = sm_below(x, 100);
		simtime d;

		if (event_queued(ev))
			return;
		if (kind < 35)
			d = 0;				/* the ring */
		else if (kind < 70)
			d = (simtime)sm_below(x, 4);	/* ties */
		else
			d = (simtime)sm_below(x, 1000);
		if (eq_size(q) == *reserved) {
#ifdef HB_TEST_SMALL
			size_t grow = *reserved + 1;
#else
			size_t grow = *reserved * 2;
#endif
			REQUIRE(eq_reserve(q, grow) == 0);
			*reserved = grow;
			agree(q, m);
		}
		eq_push(q, ev, m->now + d);
		model_push(m, ev, m->now + d);
		REQUIRE(ev->t == m->now + d);
		REQUIRE(ev->seq == m->seq - 1);
		REQUIRE(event_queued(ev));
	} else if (op < push_pct + (100 - push_pct) * 3 / 4) {
		event *got = eq_pop(q);

		if (m->n == 0) {
			REQUIRE(got == NULL);
		} else {
			rec want = m->r[0];

			REQUIRE(got == want.ev);
			REQUIRE(got->t == want.t);
			REQUIRE(got->seq == want.seq);
			REQUIRE(want.t >= m->now);  /* never back */
			REQUIRE(!event_queued(got));
			model_cancel(m, got);
			m->now = want.t;
			m->popped++;
		}
	} else {
		int want = model_has(m, ev);

		REQUIRE(eq_cancel(q, ev) == want);
		model_cancel(m, ev);
		REQUIRE(!event_queued(ev));
	}
	agree(q, m);
}

static void oracle_run(uint64_t seed, size_t nev, long steps)
{
	event *evs = calloc(nev, sizeof *evs);
	model m = { calloc(nev, sizeof(rec)), 0, 0, 0, 0 };
	size_t reserved = 1;
	eq *q = eq_new(reserved);
	uint64_t x = seed;
	size_t max_size = 0;
	long same_instant = 0;

	REQUIRE(evs != NULL);
	REQUIRE(m.r != NULL);
	REQUIRE(q != NULL);
	for (size_t i = 0; i < nev; i++)
		event_init(&evs[i], (uint16_t)i, 0, NULL);
	for (long s = 0; s < steps; s++) {
		/* Phases of growth and drain, so the queue runs the whole
		 * range from empty to every event pending. */
		unsigned push_pct = (s / 2000) % 2 ? 30 : 75;
		simtime before = m.now;
		uint64_t popped = m.popped;

		oracle_step(q, &m, evs, nev, &reserved, push_pct, &x);
		/* A pop that leaves the clock where it was: the ring's or
		 * a tie's; the walk must produce plenty of them. */
		if (m.popped != popped && m.now == before)
			same_instant++;
		if (m.n > max_size)
			max_size = m.n;
		if (sm_below(&x, 5000) == 0) {
			eq_clear(q);
			for (size_t i = 0; i < nev; i++)
				REQUIRE(!event_queued(&evs[i]));
			m.n = 0;
			m.now = 0;
			m.seq = 0;
			m.popped = 0;
			agree(q, &m);
		}
	}
	/* The walk must have reached the cases it is meant to test. */
	REQUIRE(max_size >= nev * 3 / 4);
	REQUIRE(same_instant > steps / 50);
	eq_free(q);
	free(m.r);
	free(evs);
}

START_TEST(t_oracle)
{
	oracle_run(UINT64_C(0x5eed0001), 8, 100000);
	oracle_run(UINT64_C(0x5eed0002), 64, 300000);
	oracle_run(UINT64_C(0x5eed0003), 300, 300000);
}
END_TEST

/* An oracle that cannot see a fault proves nothing: break the queue on
 * purpose, as sqlite3BitvecBuiltinTest does, and eq_check must notice. */
START_TEST(t_check_detects)
{
	event h[6], r[3];
	eq *q = eq_new(16);
	int32_t pos;
	simtime t;
	uint64_t seq;

	for (int i = 0; i < 6; i++) {
		event_init(&h[i], 0, 0, NULL);
		eq_push(q, &h[i], 10 + i);
	}
	for (int i = 0; i < 3; i++) {
		event_init(&r[i], 0, 0, NULL);
		eq_push(q, &r[i], 0);
	}
	ck_assert_int_eq(eq_check(q), 0);

	pos = h[4].pos;
	h[4].pos = pos == 0 ? 1 : 0;
	ck_assert_int_ne(eq_check(q), 0);	/* wrong back-pointer */
	h[4].pos = pos;
	t = h[2].t;
	h[2].t = 3;
	ck_assert_int_ne(eq_check(q), 0);	/* key out of sync */
	h[2].t = t;
	pos = r[1].pos;
	r[1].pos = r[2].pos;
	ck_assert_int_ne(eq_check(q), 0);	/* wrong ring slot */
	r[1].pos = pos;
	seq = r[2].seq;
	r[2].seq = r[0].seq;
	ck_assert_int_ne(eq_check(q), 0);	/* ring not FIFO */
	r[2].seq = seq;
	ck_assert_int_eq(eq_check(q), 0);
	eq_free(q);
}
END_TEST

/* Each corruption below breaks one invariant of eq.c's header and nothing
 * else, so that eq_check must fail on that invariant's own test; then the
 * queue is put back and must pass again. The queue's fields are in eq.h
 * only for inlining: a test is the one other place that writes them. */
static void expect_fails(const eq *q, const char *what)
{
	ck_assert_msg(eq_check(q) != 0, "eq_check missed %s", what);
}

static void expect_caught(eq *q, const eq *sound, const char *what)
{
	expect_fails(q, what);
	*q = *sound;
	ck_assert_msg(eq_check(q) == 0, "%s: not put back", what);
}

START_TEST(t_check_detects_queue_corruption)
{
	/* heap: t 10 10 11 12 12 13 (ties, so seq orders some pairs);
	 * ring: three events at now = 0 */
	static const simtime ht[6] = { 10, 10, 11, 12, 12, 13 };
	event h[6], r[3], *ev, **big;
	eq *q = eq_new(16);
	eq sound;
	eq_ent e0, e1;
	size_t c, tail;
	uint64_t seq;

	for (int i = 0; i < 6; i++) {
		event_init(&h[i], 0, 0, NULL);
		eq_push(q, &h[i], ht[i]);
	}
	for (int i = 0; i < 3; i++) {
		event_init(&r[i], 0, 0, NULL);
		eq_push(q, &r[i], 0);
	}
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_uint_eq(q->n, 6);
	ck_assert_uint_eq(q->rlive, 3);
	sound = *q;

	/* the arrays and the size */
	q->heap = NULL;
	expect_caught(q, &sound, "a missing heap");
	q->ring = NULL;
	expect_caught(q, &sound, "a missing ring");
	/* more than an int32 position can address (rcap still >= 2 cap) */
	q->cap = SIZE_MAX / 4;
	q->rcap = SIZE_MAX / 2 + 1;
	expect_caught(q, &sound, "a capacity past the positions' range");
	/* rcap is the least power of two >= 2 cap: its half is a power of
	 * two too, but short of 2 cap (and still holds the 3 ring slots) */
	q->rcap /= 2;
	expect_caught(q, &sound, "a ring shorter than 2 cap");
	q->rcap += q->rcap / 2;
	expect_caught(q, &sound, "a ring size not a power of two");
	q->cap = q->n + q->rlive - 1;	/* rcap is still >= 2 cap */
	expect_caught(q, &sound, "more pending events than reserved");

	/* the heap's placement: one entry further on, same contents */
	memmove(q->heap + 1, q->heap, q->n * sizeof *q->heap);
	q->heap++;
	for (size_t i = 0; i < q->n; i++)
		q->heap[i].ev->pos = (int32_t)i;
	expect_fails(q, "a heap off its line");
	memmove(q->heap - 1, q->heap, q->n * sizeof *q->heap);
	*q = sound;
	for (size_t i = 0; i < q->n; i++)
		q->heap[i].ev->pos = (int32_t)i;
	ck_assert_int_eq(eq_check(q), 0);

	/* heap order: the root and its first child change places (their
	 * positions follow, so only the order is wrong) */
	e0 = q->heap[0];
	e1 = q->heap[1];
	q->heap[0] = e1;
	q->heap[1] = e0;
	e1.ev->pos = 0;
	e0.ev->pos = 1;
	expect_fails(q, "a heap out of order");
	q->heap[0] = e0;
	q->heap[1] = e1;
	e0.ev->pos = 0;
	e1.ev->pos = 1;
	ck_assert_int_eq(eq_check(q), 0);

	/* heap order on a tie of times: the root (t 10) and its child at
	 * t 10 trade seqs, so the child now comes first */
	for (c = 1; c <= 4 && q->heap[c].t != q->heap[0].t; c++)
		;
	ck_assert_uint_le(c, 4);
	seq = q->heap[0].ev->seq;
	q->heap[0].ev->seq = q->heap[c].ev->seq;
	q->heap[c].ev->seq = seq;
	expect_fails(q, "a tie out of order");
	q->heap[c].ev->seq = q->heap[0].ev->seq;
	q->heap[0].ev->seq = seq;
	ck_assert_int_eq(eq_check(q), 0);

	/* a heap entry in the past (the root, so the order still holds) */
	q->heap[0].t = q->heap[0].ev->t = -1;
	expect_fails(q, "an entry before now");
	q->heap[0].t = q->heap[0].ev->t = 10;
	ck_assert_int_eq(eq_check(q), 0);

	/* a seq not yet handed out, in the heap (an entry whose time ties
	 * with no other, so the order holds) and at the ring's tail (so the
	 * ring stays FIFO) */
	for (c = 0; c < q->n && q->heap[c].t != 13; c++)
		;
	ck_assert_uint_lt(c, q->n);
	seq = q->heap[c].ev->seq;
	q->heap[c].ev->seq = q->seq;
	expect_fails(q, "a heap seq from the future");
	q->heap[c].ev->seq = seq;
	seq = r[2].seq;
	r[2].seq = q->seq;
	expect_fails(q, "a ring seq from the future");
	r[2].seq = seq;
	ck_assert_int_eq(eq_check(q), 0);

	/* the ring's bounds and counts. A head one lap on (rcap) names the
	 * same slots once masked; the queue is lent a ring twice as long,
	 * holding the live part at both places, so that only the bound on
	 * the head can tell (and nothing reads past an array) */
	ck_assert_uint_eq(q->rhead, 0);
	big = calloc(2 * q->rcap, sizeof *big);
	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < q->rlen; i++)
		big[i] = big[q->rcap + i] = q->ring[i];
	q->ring = big;
	ck_assert_int_eq(eq_check(q), 0);
	q->rhead = q->rcap;
	expect_caught(q, &sound, "a ring head past the ring");
	free(big);
	q->rlen = q->rcap + 1;
	expect_caught(q, &sound, "a live part longer than the ring");
	q->rlive = q->rlen + 1;
	expect_caught(q, &sound, "more live entries than the live part");
	q->rlive--;
	expect_caught(q, &sound, "a live count one short");
	/* a live part that ends in a tombstone, at either end (counted as
	 * one, so only the ends are wrong) */
	ev = q->ring[q->rhead];
	q->ring[q->rhead] = NULL;
	q->rlive--;
	expect_fails(q, "a tombstone at the head");
	q->ring[q->rhead] = ev;
	*q = sound;
	ck_assert_int_eq(eq_check(q), 0);
	tail = (q->rhead + q->rlen - 1) & (q->rcap - 1);
	ev = q->ring[tail];
	q->ring[tail] = NULL;
	q->rlive--;
	expect_fails(q, "a tombstone at the tail");
	q->ring[tail] = ev;
	*q = sound;
	ck_assert_int_eq(eq_check(q), 0);
	/* a ring event that is not due now */
	r[1].t = 5;
	expect_fails(q, "a ring event not at now");
	r[1].t = 0;
	ck_assert_int_eq(eq_check(q), 0);
	eq_free(q);

	/* an empty queue claiming no room at all */
	q = eq_new(1);
	sound = *q;
	ck_assert_int_eq(eq_check(q), 0);
	q->cap = 0;
	expect_caught(q, &sound, "a capacity of 0");
	eq_free(q);
}
END_TEST

/* ROSS's splay_order_test: tied timestamps pushed out of order; time
 * never decreases, ties leave in push order, and the count is exact. */
START_TEST(t_ties_out_of_order)
{
	enum { N = 5000 };
	static event ev[N];
	eq *q = eq_new(N);
	uint64_t x = 42;
	simtime last = -1;
	uint64_t last_seq = 0;
	size_t got = 0;
	event *e;

	for (int i = 0; i < N; i++) {
		event_init(&ev[i], 0, 0, NULL);
		/* 20 distinct times in random order: ~250 ties each. */
		eq_push(q, &ev[i], 1 + (simtime)sm_below(&x, 20) * 7);
	}
	ck_assert_uint_eq(eq_size(q), N);
	while ((e = eq_pop(q))) {
		ck_assert_int_ge(e->t, last);
		if (e->t == last)
			ck_assert_uint_gt(e->seq, last_seq);
		ck_assert_int_eq(eq_now(q), e->t);
		last = e->t;
		last_seq = e->seq;
		got++;
		ck_assert_int_eq(eq_check(q), 0);
	}
	ck_assert_uint_eq(got, N);
	ck_assert_uint_eq(eq_popped(q), N);
	ck_assert_uint_eq(eq_size(q), 0);
	eq_free(q);
}
END_TEST

START_TEST(t_peek)
{
	event a, b, c;
	eq *q = eq_new(4);

	event_init(&a, 0, 0, NULL);
	event_init(&b, 0, 0, NULL);
	event_init(&c, 0, 0, NULL);
	ck_assert_int_eq(eq_peek(q), ST_MAX);
	ck_assert_ptr_null(eq_pop(q));
	eq_push(q, &a, 50);
	ck_assert_int_eq(eq_peek(q), 50);
	eq_push(q, &b, 20);
	ck_assert_int_eq(eq_peek(q), 20);
	ck_assert_int_eq(eq_now(q), 0);		/* peek does not move time */
	ck_assert_ptr_eq(eq_pop(q), &b);
	ck_assert_int_eq(eq_now(q), 20);
	ck_assert_int_eq(eq_peek(q), 50);
	eq_push(q, &c, 20);			/* at now: the ring */
	ck_assert_int_eq(eq_peek(q), 20);
	ck_assert_ptr_eq(eq_pop(q), &c);
	ck_assert_int_eq(eq_peek(q), 50);
	ck_assert_ptr_eq(eq_pop(q), &a);
	ck_assert_int_eq(eq_peek(q), ST_MAX);
	ck_assert_ptr_null(eq_pop(q));
	ck_assert_int_eq(eq_now(q), 50);	/* empty pop keeps time */
	eq_free(q);
}
END_TEST

/* A pop cascade: events pushed at now while handling events at now come
 * after the heap events at now that were scheduled before. */
START_TEST(t_cascade)
{
	event a, b, c, d, e, f;
	eq *q = eq_new(8);

	event_init(&a, 1, 0, NULL);
	event_init(&b, 2, 0, NULL);
	event_init(&c, 3, 0, NULL);
	event_init(&d, 4, 0, NULL);
	event_init(&e, 5, 0, NULL);
	event_init(&f, 6, 0, NULL);
	eq_push(q, &a, 10);
	eq_push(q, &e, 15);
	eq_push(q, &b, 10);
	ck_assert_ptr_eq(eq_pop(q), &a);	/* now = 10 */
	eq_push(q, &c, 10);			/* ring, after b */
	eq_push(q, &d, 10);
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_ptr_eq(eq_pop(q), &b);	/* heap at now first */
	eq_push(q, &f, 10);			/* after d */
	ck_assert_ptr_eq(eq_pop(q), &c);
	ck_assert_ptr_eq(eq_pop(q), &d);
	ck_assert_ptr_eq(eq_pop(q), &f);
	ck_assert_int_eq(eq_now(q), 10);
	ck_assert_ptr_eq(eq_pop(q), &e);
	ck_assert_int_eq(eq_now(q), 15);
	ck_assert_uint_eq(eq_popped(q), 6);
	eq_free(q);
}
END_TEST

static event *pop_checked(eq *q)
{
	event *e = eq_pop(q);

	ck_assert_int_eq(eq_check(q), 0);
	return e;
}

/* Ring cancels: tombstones at the head, the tail and the middle, and a
 * ring that fills with tombstones and has to be repacked. */
START_TEST(t_cancel_ring)
{
	enum { M = 40 };
	event v[M], never;
	eq *q = eq_new(4);

	for (int i = 0; i < M; i++)
		event_init(&v[i], (uint16_t)i, 0, NULL);
	event_init(&never, 0, 0, NULL);
	ck_assert_int_eq(eq_cancel(q, &never), 0);

	for (int i = 0; i < 4; i++)
		eq_push(q, &v[i], 0);
	ck_assert_int_eq(eq_cancel(q, &v[1]), 1);	/* middle */
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_int_eq(eq_cancel(q, &v[2]), 1);
	ck_assert_int_eq(eq_cancel(q, &v[2]), 0);	/* twice */
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_uint_eq(eq_size(q), 2);
	/* Keep v[0] at the head and cancel each entry once the next one
	 * is behind it: every cancel leaves a tombstone in the middle, and
	 * M pushes cannot fit a ring sized for 4 pending events unless it
	 * is repacked, several times over. */
	for (int i = 4; i < M; i++) {
		eq_push(q, &v[i], 0);
		ck_assert_int_eq(eq_check(q), 0);
		ck_assert_int_eq(eq_cancel(q, &v[i - 1]), 1);
		ck_assert_int_eq(eq_check(q), 0);
		ck_assert_uint_eq(eq_size(q), 2);
	}
	eq_push(q, &v[1], 0);
	ck_assert_int_eq(eq_cancel(q, &v[0]), 1);	/* head */
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_int_eq(eq_cancel(q, &v[1]), 1);	/* tail */
	ck_assert_int_eq(eq_check(q), 0);
	eq_push(q, &v[2], 0);
	ck_assert_ptr_eq(pop_checked(q), &v[M - 1]);
	ck_assert_ptr_eq(pop_checked(q), &v[2]);
	ck_assert_ptr_null(pop_checked(q));
	ck_assert_uint_eq(eq_popped(q), 2);

	/* A tombstone behind the head is skipped by pop, and cancelling
	 * the last live entry empties the ring. */
	eq_push(q, &v[0], 0);
	eq_push(q, &v[1], 0);
	eq_push(q, &v[2], 0);
	ck_assert_int_eq(eq_cancel(q, &v[1]), 1);
	ck_assert_ptr_eq(pop_checked(q), &v[0]);
	ck_assert_ptr_eq(pop_checked(q), &v[2]);
	eq_push(q, &v[3], 0);
	ck_assert_int_eq(eq_cancel(q, &v[3]), 1);
	ck_assert_uint_eq(eq_size(q), 0);
	ck_assert_int_eq(eq_peek(q), ST_MAX);
	ck_assert_int_eq(eq_check(q), 0);
	eq_free(q);
}
END_TEST

/* Heap cancels: the root, a leaf, and a hole whose filler must go up
 * because it came from another subtree. */
START_TEST(t_cancel_heap)
{
	enum { N = 200 };
	/* Pushed in this order, each key is >= its parent's (index
	 * (i - 1) / 4), so nothing sifts and the heap array is this list.
	 * Cancelling 51 (index 5, parent 50) moves the last entry, 6, into
	 * its hole: 6 < 50, so it has to sift up. */
	static const simtime keys[] = { 1, 50, 2, 60, 70, 51, 52, 53, 54,
					3, 4, 5, 6 };
	static const simtime order[] = { 1, 2, 3, 4, 5, 6, 50, 52, 53, 54,
					 60, 70 };
	enum { K = sizeof keys / sizeof keys[0] };
	static event v[N];
	int gone[N] = { 0 };
	eq *q = eq_new(N);
	uint64_t x = 7;
	simtime last = 0;
	int left = 0;
	event *e;

	for (int i = 0; i < K; i++) {
		event_init(&v[i], 0, 0, NULL);
		eq_push(q, &v[i], keys[i]);
	}
	ck_assert_int_eq(eq_cancel(q, &v[5]), 1);
	ck_assert_int_eq(eq_check(q), 0);
	for (int i = 0; i < K - 1; i++)
		ck_assert_int_eq(pop_checked(q)->t, order[i]);
	ck_assert_ptr_null(eq_pop(q));
	eq_clear(q);

	for (int i = 0; i < N; i++) {
		event_init(&v[i], 0, 0, NULL);
		eq_push(q, &v[i], 1 + (simtime)sm_below(&x, 100000));
	}
	for (int i = 0; i < N; i += 3) {
		ck_assert_int_eq(eq_cancel(q, &v[i]), 1);
		ck_assert_int_eq(eq_check(q), 0);
		gone[i] = 1;
	}
	for (int k = 0; k < 10; k++) {
		/* The root is the least (t, seq) left; seq is push order. */
		int root = -1;

		for (int i = 0; i < N; i++)
			if (!gone[i] && (root < 0 || v[i].t < v[root].t))
				root = i;
		ck_assert_int_eq(eq_peek(q), v[root].t);
		ck_assert_int_eq(eq_cancel(q, &v[root]), 1);
		ck_assert_int_eq(eq_check(q), 0);
		gone[root] = 1;
	}
	for (int i = 0; i < N; i++)
		left += !gone[i];
	ck_assert_uint_eq(eq_size(q), (size_t)left);
	while ((e = pop_checked(q))) {
		ck_assert(!gone[e - v]);
		ck_assert_int_ge(e->t, last);
		last = e->t;
		left--;
	}
	ck_assert_int_eq(left, 0);
	eq_free(q);
}
END_TEST

START_TEST(t_clear_reuse)
{
	event v[6];
	eq *q = eq_new(6);

	for (int i = 0; i < 6; i++)
		event_init(&v[i], 0, 0, NULL);
	eq_push(q, &v[0], 5);
	eq_push(q, &v[1], 9);
	eq_push(q, &v[2], 7);
	ck_assert_ptr_eq(eq_pop(q), &v[0]);
	eq_push(q, &v[3], 5);			/* ring */
	eq_push(q, &v[4], 5);
	eq_clear(q);
	for (int i = 0; i < 6; i++)
		ck_assert(!event_queued(&v[i]));
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_int_eq(eq_now(q), 0);
	ck_assert_uint_eq(eq_size(q), 0);
	ck_assert_uint_eq(eq_popped(q), 0);
	ck_assert_int_eq(eq_peek(q), ST_MAX);
	ck_assert_ptr_null(eq_pop(q));

	/* Reuse: the same events, a fresh clock and seq. */
	eq_push(q, &v[4], 3);
	ck_assert_uint_eq(v[4].seq, 0);
	eq_push(q, &v[1], 0);
	eq_push(q, &v[2], 3);
	eq_push(q, &v[0], 1);
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_ptr_eq(eq_pop(q), &v[1]);
	ck_assert_ptr_eq(eq_pop(q), &v[0]);
	ck_assert_ptr_eq(eq_pop(q), &v[4]);
	ck_assert_ptr_eq(eq_pop(q), &v[2]);
	ck_assert_int_eq(eq_now(q), 3);
	ck_assert_uint_eq(eq_popped(q), 4);
	eq_free(q);
}
END_TEST

/* Out of memory in eq_reserve leaves the queue as it was, including a
 * wrapped ring; eq_new fails cleanly; a reserve that is already met
 * allocates nothing. */
START_TEST(t_reserve)
{
	event v[8];
	eq *q = eq_new(4);
	long before;

	for (int i = 0; i < 8; i++)
		event_init(&v[i], 0, 0, NULL);
	/* Wrap the ring: six push-pop rounds move its head six slots on,
	 * then four entries fill the last slots and wrap to the first
	 * (eq_new(4) has a ring of 8; the test holds for any larger one). */
	for (int i = 0; i < 6; i++) {
		eq_push(q, &v[0], 0);
		ck_assert_ptr_eq(eq_pop(q), &v[0]);
	}
	for (int i = 2; i < 6; i++)
		eq_push(q, &v[i], 0);
	ck_assert_int_eq(eq_check(q), 0);

	before = hb_alloc_count();
	ck_assert_int_eq(eq_reserve(q, 3), 0);
	ck_assert_int_eq(eq_reserve(q, 4), 0);
	ck_assert_int_eq(hb_alloc_count(), before);

	hb_fail_after(1);			/* the new ring */
	ck_assert_int_eq(eq_reserve(q, 8), -1);
	hb_fail_after(2);			/* the heap's realloc */
	ck_assert_int_eq(eq_reserve(q, 8), -1);
	hb_fail_after(1);
	ck_assert_ptr_null(eq_new(4));
	hb_fail_after(2);
	ck_assert_ptr_null(eq_new(4));
	hb_fail_after(0);
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_uint_eq(eq_size(q), 4);

	ck_assert_int_eq(eq_reserve(q, 8), 0);	/* repacks the ring */
	ck_assert_int_eq(eq_check(q), 0);
	eq_push(q, &v[6], 0);
	eq_push(q, &v[0], 1);
	eq_push(q, &v[7], 0);
	ck_assert_int_eq(eq_check(q), 0);
	ck_assert_ptr_eq(eq_pop(q), &v[2]);
	ck_assert_ptr_eq(eq_pop(q), &v[3]);
	ck_assert_ptr_eq(eq_pop(q), &v[4]);
	ck_assert_ptr_eq(eq_pop(q), &v[5]);
	ck_assert_ptr_eq(eq_pop(q), &v[6]);
	ck_assert_ptr_eq(eq_pop(q), &v[7]);
	ck_assert_ptr_eq(eq_pop(q), &v[0]);
	ck_assert_ptr_null(eq_pop(q));
	eq_free(q);
	eq_free(NULL);
}
END_TEST

/* Contract violations are bugs, and bugs abort (forked tests only). */
START_TEST(t_push_full)
{
	event a, b;
	eq *q = eq_new(1);

	event_init(&a, 0, 0, NULL);
	event_init(&b, 0, 0, NULL);
	eq_push(q, &a, 5);
	eq_push(q, &b, 6);			/* no room: aborts */
}
END_TEST

START_TEST(t_push_past)
{
	event a, b;
	eq *q = eq_new(4);

	event_init(&a, 0, 0, NULL);
	event_init(&b, 0, 0, NULL);
	eq_push(q, &a, 5);
	eq_pop(q);
	eq_push(q, &b, 4);			/* before now: aborts */
}
END_TEST

START_TEST(t_push_twice)
{
	event a;
	eq *q = eq_new(4);

	event_init(&a, 0, 0, NULL);
	eq_push(q, &a, 5);
	eq_push(q, &a, 6);			/* already queued: aborts */
}
END_TEST

Suite *eq_suite(void)
{
	Suite *s = suite_create("eq");
	TCase *tc = tcase_create("order");
	const char *ck_fork = getenv("CK_FORK");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_oracle);
	tcase_add_test(tc, t_check_detects);
	tcase_add_test(tc, t_check_detects_queue_corruption);
	tcase_add_test(tc, t_ties_out_of_order);
	tcase_add_test(tc, t_peek);
	tcase_add_test(tc, t_cascade);
	tcase_add_test(tc, t_cancel_ring);
	tcase_add_test(tc, t_cancel_heap);
	tcase_add_test(tc, t_clear_reuse);
	tcase_add_test(tc, t_reserve);
	suite_add_tcase(s, tc);
	/* An abort can only be observed from a forked child. */
	if (!(ck_fork && strcmp(ck_fork, "no") == 0)) {
		TCase *ta = tcase_create("abort");

		tcase_add_test_raise_signal(ta, t_push_full, SIGABRT);
		tcase_add_test_raise_signal(ta, t_push_past, SIGABRT);
		tcase_add_test_raise_signal(ta, t_push_twice, SIGABRT);
		suite_add_tcase(s, ta);
	}
	return s;
}
