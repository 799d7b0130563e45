/*
 * coll.c: the cost of collectives (coll.h).
 *
 * Pure arithmetic, kept in the order the formula is written so that a
 * scenario's barrier time is the same double whatever calls it.
 */
#include "coll.h"

#include <math.h>

#include "core/hb.h"

void coll_hop_init(coll_hop *h)
{
	h->bandwidth = INFINITY;
	h->latency = 0;
}

void coll_hop_add(coll_hop *h, double bandwidth, double latency)
{
	h->bandwidth = fmin(h->bandwidth, bandwidth);
	h->latency += latency;
}

double coll_ring_allreduce(const coll_hop *h, double bytes, int64_t n)
{
	double N = (double)n;

	HB_ASSERT(n >= 2 && bytes > 0 && h->bandwidth > 0 &&
		  isfinite(h->bandwidth));
	return 2 * (N - 1) / N * bytes / h->bandwidth + 2 * (N - 1) * h->latency;
}
