/*
 * coll.h: the cost of collectives (issue 4, "collectives"; issue 11,
 * "collectives on the wire"): how long a data-parallel all-reduce takes,
 * and which transfers it makes, by the algorithms NCCL uses.
 *
 * Two views of one algorithm, kept side by side so that each checks the
 * other:
 *
 * - a formula (coll_*_allreduce): the time over hops that all have one
 *   bandwidth and one latency, nothing else on the links. A hop is the
 *   chain of links between two neighbours (GPU to NVSwitch to GPU): its
 *   bandwidth is the narrowest link's, its latency the links' sum.
 * - a plan (coll_plan): the transfers a fluid model puts on the links,
 *   flow by flow (from one rank to another, a share of the bytes, in a
 *   stage), and the latency terms of each stage. Run on idle links of one
 *   bandwidth, the plan takes the formula's time; on links that carry
 *   other traffic it takes longer, by processor sharing.
 *
 * The algorithms (N ranks, S bytes, B a hop's bandwidth, a its latency):
 *
 *   ring   2(N-1)/N x S / B + 2(N-1) a: N-1 steps of reduce-scatter and
 *          N-1 of all-gather, each moving S/N over every hop of the ring
 *          (Patarasuk & Yuan, "Bandwidth optimal all-reduce algorithms
 *          for clusters of workstations", JPDC 69(2), 2009); the busbw
 *          of nccl-tests (doc/PERFORMANCE.md) is 2(N-1)/N x S / t, so a
 *          ring's busbw tends to B.
 *   tree   NCCL's double binary tree (Sanders, Speck & Traeff, "Two-tree
 *          algorithms for full bandwidth broadcast, reduction and scan",
 *          Parallel Computing 35(12), 2009; NVIDIA's NCCL 2.4 blog,
 *          "Massively scale your deep learning training with NCCL 2.4"):
 *          half the bytes are reduced up one tree and broadcast down it,
 *          half over a second tree in which the inner ranks of the first
 *          are leaves. A rank sends S/2 to its parent and S/2 to each
 *          child, per tree: for N >= 4, 2S in all, so t = 2S / B (NCCL's
 *          tuning model counts a tree's algbw as half its busbw), plus
 *          2 x depth latencies (up, then down).
 *   nvls   NVLink SHARP (NCCL 2.17 and later on NVSwitch systems): the
 *          switch reduces (multimem.ld_reduce) and multicasts the result,
 *          so each GPU sends S and receives S once: t = S / B + a (up to
 *          the switch and back down). The maintainers measure less than
 *          this bound on 8 H100 (busbw ~480 GB/s, algbw ~275 GB/s where
 *          NVLink carries ~370 GB/s: github.com/NVIDIA/nccl-tests issue
 *          212, github.com/NVIDIA/nccl issue 1455): the switch, not the
 *          wire, limits NVLS there, and this model does not know it.
 *   hier   two levels for M nodes of G ranks: a ring reduce-scatter inside
 *          each node (NVLink), a ring all-reduce of each 1/G shard across
 *          the nodes among the ranks of one local index (their NICs), a
 *          ring all-gather inside each node (the 2D/hierarchical
 *          all-reduce of Jia et al., "Highly scalable deep learning
 *          training system with mixed-precision", arXiv:1807.11205, 2018,
 *          and of Horovod):
 *          2(G-1)/G x S / Bn + 2(M-1)/M x S/G / Bx + 2(G-1) an + 2(M-1) ax.
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

typedef enum coll_algo {
	COLL_RING,		/* the default: NCCL's figure for large messages */
	COLL_TREE,		/* double binary tree */
	COLL_NVLS,		/* NVLink SHARP: the switch reduces */
	COLL_HIER,		/* two levels: in the node, across the nodes */
	COLL_NALGOS
} coll_algo;

/* "ring", "tree", "nvls", "hierarchical": the scenario's words, NULL-
 * terminated in this order. */
extern const char *const coll_algo_names[];

/* Seconds for an all-reduce of `bytes` (> 0) among n >= 2 replicas whose
 * every hop is h (one link added at least), nothing else on the links. */
double coll_ring_allreduce(const coll_hop *h, double bytes, int64_t n);
double coll_tree_allreduce(const coll_hop *h, double bytes, int64_t n);
double coll_nvls_allreduce(const coll_hop *h, double bytes, int64_t n);
/* m nodes of g ranks (m >= 1, g >= 1, m x g >= 2): hops inside a node
 * are in, across nodes x. */
double coll_hier_allreduce(const coll_hop *in, const coll_hop *x,
			   double bytes, int64_t g, int64_t m);

/* The double binary tree: rank r's parent in tree t (0 or 1) of n ranks,
 * -1 for the root; and the depth (edges) of the deeper tree. */
int64_t coll_tree_parent(int64_t n, int t, int64_t r);
int64_t coll_tree_depth(int64_t n);

#define COLL_SWITCH	(-1)	/* a flow's end that is the reducing switch */
#define COLL_MAX_STAGES	3

/* One flow: frac x bytes from rank `from` to rank `to` (or COLL_SWITCH),
 * in stage `stage`; a stage starts when the one before has ended. */
typedef struct coll_flow {
	int64_t from, to;
	double frac;
	int stage;
} coll_flow;

/* What an algorithm puts on the links. Ranks are numbered node by node:
 * rank r is on node r / g, at local index r % g (COLL_HIER; the others
 * take g = n, m = 1). steps[s]: how many latencies of its slowest flow
 * stage s adds. */
typedef struct coll_plan {
	coll_algo algo;
	int64_t g, m;		/* ranks per node, nodes */
	int nstages;
	int64_t steps[COLL_MAX_STAGES];
} coll_plan;

void coll_plan_init(coll_plan *p, coll_algo a, int64_t g, int64_t m);

/* The plan's flows, in a fixed order, into out (NULL: only count them).
 * Returns how many there are. */
int64_t coll_plan_flows(const coll_plan *p, coll_flow *out);

#endif
