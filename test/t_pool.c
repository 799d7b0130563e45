/*
 * t_pool.c: pools hand out distinct, aligned objects, reuse what comes
 * back before allocating, count exactly, and survive a failed allocation.
 *
 * The HB_TEST_SMALL build has one object per slab, so there every get past
 * the free list is a grow and the slabs array doubles often; the tests read
 * p.per_slab instead of assuming a value, and hold in both builds.
 */
#include <check.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "core/pool.h"

Suite *pool_suite(void);

START_TEST(t_init_size)
{
	static const struct { size_t in, out; } c[] = {
		{ 0, sizeof(void *) },
		{ 1, sizeof(void *) },
		{ sizeof(void *) - 1, sizeof(void *) },
		{ sizeof(void *), sizeof(void *) },
		{ sizeof(void *) + 1, 2 * sizeof(void *) },
		{ 24, 24 },
		{ 25, 24 + sizeof(void *) },
	};
	pool p;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		pool_init(&p, c[i].in, 8);
		ck_assert_uint_eq(p.size, c[i].out);
		ck_assert_uint_eq(p.total, 0);
		ck_assert_uint_eq(p.nfree, 0);
		ck_assert_ptr_null(p.free);
#ifdef HB_TEST_SMALL
		ck_assert_uint_eq(p.per_slab, 1);
#else
		ck_assert_uint_eq(p.per_slab, 8);
#endif
		pool_release(&p);
	}
	pool_init(&p, 40, 0);			/* per_slab: the pool's choice */
	ck_assert_uint_ge(p.per_slab, 1);
	pool_release(&p);
}
END_TEST

/* What comes back is handed out again, last in first out, and without
 * touching the allocator. */
START_TEST(t_reuse)
{
	pool p;
	void *a, *b, *c;
	long allocs;

	pool_init(&p, 16, 4);
	a = pool_get(&p);
	b = pool_get(&p);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
	allocs = hb_alloc_count();
	pool_put(&p, a);
	ck_assert_ptr_eq(pool_get(&p), a);
	pool_put(&p, b);
	pool_put(&p, a);
	ck_assert_ptr_eq(pool_get(&p), a);
	ck_assert_ptr_eq(pool_get(&p), b);
	ck_assert_int_eq(hb_alloc_count(), allocs);
	c = pool_get(&p);			/* new, distinct */
	ck_assert_ptr_ne(c, a);
	ck_assert_ptr_ne(c, b);
	pool_release(&p);
}
END_TEST

/* N objects held at once: each is distinct (a byte pattern written over
 * its whole size survives every other write), the counts follow
 * total == nslabs * per_slab and nfree == total - held, and a second
 * round after putting them all back allocates nothing. */
START_TEST(t_accounting)
{
	enum { N = 1000, SIZE = 20 };
	static unsigned char *o[N];
	pool p;
	long allocs = 0;
	int bad;

	pool_init(&p, SIZE, 7);
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			allocs = hb_alloc_count();
		for (int i = 0; i < N; i++) {
			o[i] = pool_get(&p);
			ck_assert_ptr_nonnull(o[i]);
			memset(o[i], i & 0xff, SIZE);
			ck_assert_uint_eq(p.total, p.nslabs * p.per_slab);
			ck_assert_uint_eq(p.nfree, p.total - (size_t)(i + 1));
			ck_assert_uint_le(p.nslabs, p.capslabs);
		}
		bad = 0;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < SIZE; k++)
				bad += o[i][k] != (i & 0xff);
		ck_assert_int_eq(bad, 0);
		/* The least number of slabs that holds N objects. */
		ck_assert_uint_eq(p.nslabs, (N + p.per_slab - 1) / p.per_slab);
		for (int i = 0; i < N; i++) {
			pool_put(&p, o[i]);
			ck_assert_uint_eq(p.nfree,
					  p.total - (size_t)(N - 1 - i));
		}
		ck_assert_uint_eq(p.nfree, p.total);
		if (round == 1)
			ck_assert_int_eq(hb_alloc_count(), allocs);
	}
	pool_release(&p);
	ck_assert_uint_eq(p.total, 0);
	ck_assert_uint_eq(p.nfree, 0);
	ck_assert_uint_eq(p.nslabs, 0);
	/* Released, the pool is as new and works again. */
	ck_assert_ptr_nonnull(pool_get(&p));
	ck_assert_uint_eq(p.total, p.per_slab);
	pool_release(&p);
}
END_TEST

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a;
	uintptr_t y = (uintptr_t)*(void *const *)b;

	return (x > y) - (x < y);
}

/* Walk the free list into buf (room for cap) and return how many
 * distinct objects it holds; a list longer than cap, or one that repeats
 * an object, returns cap + 1. */
static size_t free_list_distinct(const pool *p, void **buf, size_t cap)
{
	size_t n = 0;

	for (void *o = p->free; o; o = *(void **)o) {
		if (n == cap)
			return cap + 1;
		buf[n++] = o;
	}
	qsort(buf, n, sizeof buf[0], cmp_ptr);
	for (size_t i = 1; i < n; i++)
		if (buf[i - 1] == buf[i])
			return cap + 1;
	return n;
}

/* pool_reset frees every object at once: the objects handed out after it
 * are exactly the ones the slabs held before, with no allocation, and
 * the next get past them grows the pool again. */
START_TEST(t_reset)
{
	enum { N = 50 };
	static void *a[N + 8], *b[N + 8];
	pool p;
	size_t total;
	long allocs;

	pool_init(&p, 24, 3);
	for (int i = 0; i < N; i++)
		a[i] = pool_get(&p);
	total = p.total;
	ck_assert_uint_le(total, N + 8);
	for (size_t i = N; i < total; i++)	/* hold every object */
		a[i] = pool_get(&p);
	ck_assert_uint_eq(p.nfree, 0);
	ck_assert_ptr_null(p.free);

	pool_reset(&p);
	ck_assert_uint_eq(p.total, total);
	ck_assert_uint_eq(p.nfree, total);
	allocs = hb_alloc_count();
	for (size_t i = 0; i < total; i++)
		b[i] = pool_get(&p);
	ck_assert_int_eq(hb_alloc_count(), allocs);
	ck_assert_uint_eq(p.nfree, 0);
	ck_assert_ptr_eq(b[0], p.slabs[0]);	/* address order again */
	qsort(a, total, sizeof a[0], cmp_ptr);
	qsort(b, total, sizeof b[0], cmp_ptr);
	for (size_t i = 0; i < total; i++) {
		ck_assert_ptr_eq(a[i], b[i]);
		if (i > 0)
			ck_assert_ptr_ne(b[i - 1], b[i]);
	}
	ck_assert_ptr_nonnull(pool_get(&p));
	ck_assert_uint_eq(p.total, total + p.per_slab);
	/* Reset with part of the pool already free: the free list must
	 * then hold every object exactly once, not the old list again. */
	pool_put(&p, b[0]);
	pool_reset(&p);
	ck_assert_uint_eq(p.nfree, p.total);
	ck_assert_uint_eq(free_list_distinct(&p, b, N + 8), p.total);
	pool_release(&p);

	pool_init(&p, 8, 4);			/* an empty pool resets too */
	pool_reset(&p);
	ck_assert_uint_eq(p.nfree, 0);
	ck_assert_ptr_null(p.free);
	pool_release(&p);
}
END_TEST

static void same_pool(const pool *a, const pool *b)
{
	ck_assert_ptr_eq(a->free, b->free);
	ck_assert_ptr_eq(a->slabs, b->slabs);
	ck_assert_uint_eq(a->nslabs, b->nslabs);
	ck_assert_uint_eq(a->capslabs, b->capslabs);
	ck_assert_uint_eq(a->total, b->total);
	ck_assert_uint_eq(a->nfree, b->nfree);
}

/* A failed grow leaves the pool exactly as it was, whether the slab
 * (allocation 1) or the slabs array (allocation 2) fails; pool_get then
 * returns NULL; with failures off, the same pool works. */
START_TEST(t_grow_fails)
{
	pool p, before;
	void *o;

	pool_init(&p, 32, 2);
	/* Fill every slot of the slabs array, so the next grow needs both
	 * allocations. */
	while (p.nslabs == 0 || p.nslabs < p.capslabs)
		ck_assert_int_eq(pool_grow(&p), 0);
	while (p.free)
		(void)pool_get(&p);
	before = p;

	hb_fail_after(1);
	ck_assert_int_eq(pool_grow(&p), -1);
	same_pool(&p, &before);
	ck_assert_ptr_null(pool_get(&p));
	same_pool(&p, &before);
	hb_fail_after(2);
	ck_assert_int_eq(pool_grow(&p), -1);
	same_pool(&p, &before);
	hb_fail_after(0);

	o = pool_get(&p);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(p.nslabs, before.nslabs + 1);
	ck_assert_uint_eq(p.capslabs, 2 * before.capslabs);
	ck_assert_uint_eq(p.total, before.total + p.per_slab);
	ck_assert_uint_eq(p.nfree, p.per_slab - 1);
	pool_release(&p);
}
END_TEST

/* Every object is aligned for a pointer and for the 8-byte scalars items
 * and events hold, whatever size was asked for. */
START_TEST(t_alignment)
{
	static const size_t sizes[] = { 1, 3, 8, 13, 24, 31, 40, 100 };
	size_t need = sizeof(void *);

	if (alignof(double) > need)
		need = alignof(double);
	if (alignof(int64_t) > need)
		need = alignof(int64_t);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		pool p;

		pool_init(&p, sizes[s], 5);
		for (int i = 0; i < 50; i++) {
			void *o = pool_get(&p);

			ck_assert_ptr_nonnull(o);
			ck_assert_uint_eq((uintptr_t)o % need, 0);
		}
		pool_release(&p);
	}
}
END_TEST

Suite *pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = tcase_create("pool");

	tcase_add_test(tc, t_init_size);
	tcase_add_test(tc, t_reuse);
	tcase_add_test(tc, t_accounting);
	tcase_add_test(tc, t_reset);
	tcase_add_test(tc, t_grow_fails);
	tcase_add_test(tc, t_alignment);
	suite_add_tcase(s, tc);
	return s;
}
