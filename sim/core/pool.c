/*
 * pool.c: slabs of fixed-size objects and the free list through them.
 *
 * Invariants:
 *   - size is a multiple of sizeof(void *) and at least one pointer, so
 *     every object can hold the free list's link and, since each slab
 *     comes from hb_malloc (aligned for any type) and objects sit at
 *     multiples of size from its start, every object is pointer-aligned.
 *   - total == nslabs * per_slab; nfree objects are on the free list;
 *     total - nfree are held by callers.
 *   - slabs[0..nslabs) are owned by the pool; the objects in them are
 *     lent to callers by pool_get and come back through pool_put, or all
 *     at once by pool_reset. Nothing is returned to the system before
 *     pool_release.
 *
 * Workload: pool_get / pool_put run once per item or event and are inline
 * in pool.h; this file holds only the slow path, which runs as many times
 * as the work in progress reaches a new high.
 */
#include "core/pool.h"

#include "core/hb.h"

#include <stdint.h>

/* With per_slab 0 the caller leaves the choice to us: about 4 KiB of
 * objects, and never fewer than 16. */
#define POOL_SLAB_BYTES 4096
#define POOL_MIN_PER_SLAB 16

void pool_init(pool *p, size_t size, size_t per_slab)
{
	size_t ptr = sizeof(void *);

	size = size < ptr ? ptr : size;
	HB_ASSERT(size <= SIZE_MAX - ptr);
	size = (size + ptr - 1) / ptr * ptr;
	if (per_slab == 0) {
		per_slab = POOL_SLAB_BYTES / size;
		if (per_slab < POOL_MIN_PER_SLAB)
			per_slab = POOL_MIN_PER_SLAB;
	}
#ifdef HB_TEST_SMALL
	per_slab = 1;	/* every get past the first grows: bugs show sooner */
#endif
	p->size = size;
	p->per_slab = per_slab;
	p->free = NULL;
	p->slabs = NULL;
	p->nslabs = p->capslabs = 0;
	p->total = p->nfree = 0;
	p->align = 0;
}

void pool_init_aligned(pool *p, size_t size, size_t per_slab, size_t align)
{
	HB_ASSERT(align > 0 && align <= 4096 && (align & (align - 1)) == 0);
	HB_ASSERT(size <= SIZE_MAX - align);
	pool_init(p, (size + align - 1) / align * align, per_slab);
	p->align = align;
}

/* Where a slab's objects start: slabs[i] is the block malloc gave. */
static char *slab_base(const pool *p, void *block)
{
	uintptr_t a = (uintptr_t)block;

	if (p->align)
		a = (a + p->align - 1) & ~(uintptr_t)(p->align - 1);
	return (char *)a;
}

void pool_release(pool *p)
{
	for (size_t i = 0; i < p->nslabs; i++)
		hb_free(p->slabs[i]);
	hb_free(p->slabs);
	/* Back to the state pool_init left: the pool can be used again. */
	p->free = NULL;
	p->slabs = NULL;
	p->nslabs = p->capslabs = 0;
	p->total = p->nfree = 0;
}

/* Put a slab's objects in front of the free list. Back to front, so that
 * pool_get hands them out in address order, which keeps a fresh run's
 * objects adjacent in memory. */
static void thread_slab(pool *p, char *slab)
{
	void *next = p->free;

	for (size_t i = p->per_slab; i-- > 0;) {
		void *o = slab + i * p->size;

		*(void **)o = next;
		next = o;
	}
	p->free = next;
}

/* The slab is allocated before the slabs array grows, so that whichever
 * allocation fails, the pool is exactly as it was. */
int pool_grow(pool *p)
{
	char *slab;

	if (p->per_slab > (SIZE_MAX - p->align) / p->size)
		return -1;
	slab = hb_malloc(p->size * p->per_slab + p->align);
	if (!slab)
		return -1;
	if (p->nslabs == p->capslabs) {
		size_t cap = p->capslabs ? p->capslabs * 2 : 4;
		void **slabs;

		if (cap > SIZE_MAX / sizeof *slabs) {
			hb_free(slab);
			return -1;
		}
		slabs = hb_realloc(p->slabs, cap * sizeof *slabs);
		if (!slabs) {
			hb_free(slab);
			return -1;
		}
		p->slabs = slabs;
		p->capslabs = cap;
	}
	p->slabs[p->nslabs++] = slab;
	thread_slab(p, slab_base(p, slab));
	p->total += p->per_slab;
	p->nfree += p->per_slab;
	return 0;
}

/* Every object goes back on the free list whatever its holder thought;
 * the slabs are threaded last to first so that gets then run through
 * memory in address order, as from a fresh pool. */
void pool_reset(pool *p)
{
	p->free = NULL;
	for (size_t i = p->nslabs; i-- > 0;)
		thread_slab(p, slab_base(p, p->slabs[i]));
	p->nfree = p->total;
}
