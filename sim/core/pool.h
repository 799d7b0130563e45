/*
 * pool.h: fixed-size objects from slabs, with a free list threaded through
 * the objects themselves (ROSS's free_q). pool_get and pool_put are O(1)
 * and allocate only when every object is in use, so memory grows with work
 * in progress, never with the number of items simulated. Objects are not
 * returned to the system until pool_release.
 *
 * Test builds (HB_TEST_SMALL) make every slab hold one object, "to give
 * some bugs a chance" (Lua's ltests.h).
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

typedef struct pool {
	size_t size;		/* object size, rounded up to hold a pointer */
	size_t per_slab;	/* objects per slab */
	void *free;		/* free list */
	void **slabs;
	size_t nslabs, capslabs;
	size_t total;		/* objects in all slabs */
	size_t nfree;
	size_t align;		/* objects start on multiples of it (a power
				 * of two); 0: malloc's alignment */
} pool;

void pool_init(pool *p, size_t size, size_t per_slab);

/* pool_init, with every object at a multiple of align bytes (a power of
 * two, at most 4096): the size is rounded up to a multiple of align. */
void pool_init_aligned(pool *p, size_t size, size_t per_slab, size_t align);
void pool_release(pool *p);	/* frees every slab */

/* Make every object free again, keeping the slabs (a new replication:
 * whatever was in use is abandoned, not returned one by one). */
void pool_reset(pool *p);

/* Add a slab. 0, or -1 when out of memory. */
int pool_grow(pool *p);

/* An object (contents undefined), or NULL when out of memory. */
static inline void *pool_get(pool *p)
{
	void *o;

	if (!p->free && pool_grow(p) < 0)
		return NULL;
	o = p->free;
	p->free = *(void **)o;
	p->nfree--;
	return o;
}

static inline void pool_put(pool *p, void *o)
{
	*(void **)o = p->free;
	p->free = o;
	p->nfree++;
}

#endif
