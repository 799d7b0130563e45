/*
 * coll.h: the cost of collectives (issue 4, "collectives"): how long a
 * data-parallel all-reduce takes over the links it crosses.
 *
 * A ring all-reduce over N replicas takes 2(N-1) steps (N-1 of
 * reduce-scatter, N-1 of all-gather), each moving bytes/N across one hop
 * of the ring, so
 *
 *     t = 2(N-1)/N * bytes / bandwidth + 2(N-1) * latency
 *
 * where a hop is the chain of links between two neighbours (GPU to
 * NVSwitch to GPU): its bandwidth is the narrowest link's, its latency
 * the links' sum (Patarasuk & Yuan, "Bandwidth optimal all-reduce
 * algorithms for clusters of workstations", JPDC 2009; NCCL's ring).
 *
 * Everything in SI base units: bytes, bytes per second, seconds. No
 * allocation, no I/O.
 */
#ifndef COLL_H
#define COLL_H

#include <stdint.h>

/* One hop of a ring, link by link: coll_hop_init, then coll_hop_add for
 * each link it crosses. An embedded struct. */
typedef struct coll_hop {
	double bandwidth;	/* the narrowest so far; INFINITY for none */
	double latency;		/* the sum so far */
} coll_hop;

void coll_hop_init(coll_hop *h);
void coll_hop_add(coll_hop *h, double bandwidth, double latency);

/* Seconds for a ring all-reduce of `bytes` (> 0) among n >= 2 replicas
 * whose every hop is h (one link added at least). */
double coll_ring_allreduce(const coll_hop *h, double bytes, int64_t n);

#endif
