/*
 * coll.c: the cost of collectives (coll.h).
 *
 * Pure arithmetic, kept in the order the formulas are written so that a
 * scenario's barrier time is the same double whatever calls it. The
 * sources of each formula are in coll.h; the busbw that nccl-tests
 * reports (github.com/NVIDIA/nccl-tests, doc/PERFORMANCE.md) is
 * 2(N-1)/N x S / t for an all-reduce whatever the algorithm, which is
 * why a ring's busbw is its hop's bandwidth and the others' may exceed it.
 */
#include "coll.h"

#include <math.h>
#include <stddef.h>

#include "core/hb.h"

const char *const coll_algo_names[] = {
	"ring", "tree", "nvls", "hierarchical", NULL
};

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

static void check_hop(const coll_hop *h)
{
	HB_ASSERT(h->bandwidth > 0 && isfinite(h->bandwidth));
}

double coll_ring_allreduce(const coll_hop *h, double bytes, int64_t n)
{
	double N = (double)n;

	HB_ASSERT(n >= 2 && bytes > 0);
	check_hop(h);
	return 2 * (N - 1) / N * bytes / h->bandwidth + 2 * (N - 1) * h->latency;
}

/*
 * The double binary tree. Tree 0 has rank 0 at its root with one child:
 * the top of an in-order binary tree over positions 1..n-1 in which a
 * position's height is its count of trailing zero bits (Sanders, Speck &
 * Traeff 2009, section 3: in-order numbering). Its leaves are the odd
 * positions, its inner nodes the even ones. In the unbounded tree the
 * parent of p, whose lowest set bit is b, is p + b or p - b, whichever
 * has lowest bit 2b; a parent beyond n-1 is skipped for its own, and the
 * largest power of two below n is the top. Tree 1 is tree 0 with the
 * ranks mirrored (r -> n-1-r) for even n, so that its leaves are the even
 * ranks and no rank is inner in both; for odd n, shifted by one
 * (r -> r+1 mod n).
 */
typedef struct tree_at {
	int64_t parent;		/* position; -1 for the root */
	int nchild;
	int64_t depth;		/* edges from the root */
} tree_at;

static int64_t lowbit(int64_t p)
{
	return p & -p;
}

/* p's parent in the unbounded in-order tree. */
static int64_t up_from(int64_t p)
{
	int64_t b = lowbit(p);

	return (p / b) % 4 == 1 ? p + b : p - b;
}

static int64_t top_of(int64_t n)
{
	int64_t t = 1;

	while (2 * t <= n - 1)
		t *= 2;
	return t;
}

/* Position p (0..n-1) in tree 0. */
static tree_at tree0(int64_t n, int64_t p)
{
	tree_at a = { -1, n >= 2, 0 };
	int64_t b, top = top_of(n);

	if (p == 0)
		return a;
	b = lowbit(p);
	/* a left subtree (p - b, p) is all there; a right one (p, p + b) has
	 * a node below n when p + 1 does */
	a.nchild = (b >= 2) + (b >= 2 && p + 1 <= n - 1);
	for (int64_t q = p; ; ) {
		int64_t u = q == top ? 0 : up_from(q);

		while (u >= n)
			u = up_from(u);
		if (q == p)
			a.parent = u;
		a.depth++;
		if (u == 0)
			return a;
		q = u;
	}
}

/* Rank r's position in tree t, and back. */
static int64_t tree_pos(int64_t n, int t, int64_t r)
{
	if (t == 0)
		return r;
	return n % 2 == 0 ? n - 1 - r : (r + n - 1) % n;
}

static int64_t tree_rank(int64_t n, int t, int64_t p)
{
	if (t == 0)
		return p;
	return n % 2 == 0 ? n - 1 - p : (p + 1) % n;
}

int64_t coll_tree_parent(int64_t n, int t, int64_t r)
{
	tree_at a = tree0(n, tree_pos(n, t, r));

	return a.parent < 0 ? -1 : tree_rank(n, t, a.parent);
}

int64_t coll_tree_depth(int64_t n)
{
	int64_t d = 0;

	for (int64_t p = 0; p < n; p++) {
		tree_at a = tree0(n, p);

		if (a.depth > d)
			d = a.depth;
	}
	return d;
}

/* The most edges a rank has in both trees: each carries S/2 each way. */
static int64_t tree_max_edges(int64_t n)
{
	int64_t most = 0;

	for (int64_t r = 0; r < n; r++) {
		int64_t e = 0;

		for (int t = 0; t < 2; t++) {
			tree_at a = tree0(n, tree_pos(n, t, r));

			e += (a.parent >= 0) + a.nchild;
		}
		if (e > most)
			most = e;
	}
	return most;
}

double coll_tree_allreduce(const coll_hop *h, double bytes, int64_t n)
{
	HB_ASSERT(n >= 2 && bytes > 0);
	check_hop(h);
	return (double)tree_max_edges(n) * (bytes / 2) / h->bandwidth +
	       2 * (double)coll_tree_depth(n) * h->latency;
}

double coll_nvls_allreduce(const coll_hop *h, double bytes, int64_t n)
{
	HB_ASSERT(n >= 2 && bytes > 0);
	check_hop(h);
	return bytes / h->bandwidth + h->latency;
}

double coll_hier_allreduce(const coll_hop *in, const coll_hop *x,
			   double bytes, int64_t g, int64_t m)
{
	double G = (double)g, M = (double)m, t = 0;

	HB_ASSERT(g >= 1 && m >= 1 && g * m >= 2 && bytes > 0);
	if (g >= 2) {
		check_hop(in);
		t += 2 * (G - 1) / G * bytes / in->bandwidth + 2 * (G - 1) * in->latency;
	}
	if (m >= 2) {
		check_hop(x);
		t += 2 * (M - 1) / M * (bytes / G) / x->bandwidth + 2 * (M - 1) * x->latency;
	}
	return t;
}

/* ---- plans --------------------------------------------------------- */

void coll_plan_init(coll_plan *p, coll_algo a, int64_t g, int64_t m)
{
	p->algo = a;
	p->g = a == COLL_HIER ? g : g * m;
	p->m = a == COLL_HIER ? m : 1;
	p->nstages = a == COLL_HIER ? 3 : 1;
	for (int s = 0; s < COLL_MAX_STAGES; s++)
		p->steps[s] = 0;
	switch (a) {
	case COLL_RING:
		p->steps[0] = 2 * (p->g - 1);
		break;
	case COLL_TREE:
		p->steps[0] = 2 * coll_tree_depth(p->g);
		break;
	case COLL_NVLS:
		p->steps[0] = 2;	/* up to the switch, back down */
		break;
	default:
		p->steps[0] = p->steps[2] = p->g - 1;
		p->steps[1] = 2 * (p->m - 1);
		break;
	}
}

static void put(coll_flow *out, int64_t *k, int64_t from, int64_t to,
		double frac, int stage)
{
	if (out) {
		out[*k].from = from;
		out[*k].to = to;
		out[*k].frac = frac;
		out[*k].stage = stage;
	}
	(*k)++;
}

/* Each node's ring, in stage s: (G-1)/G of the bytes to the next rank. */
static void node_rings(const coll_plan *p, coll_flow *out, int64_t *k, int s)
{
	double G = (double)p->g;

	if (p->g < 2)
		return;
	for (int64_t nd = 0; nd < p->m; nd++)
		for (int64_t l = 0; l < p->g; l++)
			put(out, k, nd * p->g + l, nd * p->g + (l + 1) % p->g,
			    (G - 1) / G, s);
}

int64_t coll_plan_flows(const coll_plan *p, coll_flow *out)
{
	int64_t k = 0, n = p->g * p->m;
	double N = (double)n, M = (double)p->m;

	switch (p->algo) {
	case COLL_RING:
		for (int64_t r = 0; r < n; r++)
			put(out, &k, r, (r + 1) % n, 2 * (N - 1) / N, 0);
		break;
	case COLL_TREE:
		for (int t = 0; t < 2; t++)
			for (int64_t r = 0; r < n; r++) {
				int64_t up = coll_tree_parent(n, t, r);

				if (up < 0)
					continue;
				put(out, &k, r, up, 0.5, 0);	/* reduce */
				put(out, &k, up, r, 0.5, 0);	/* broadcast */
			}
		break;
	case COLL_NVLS:
		for (int64_t r = 0; r < n; r++) {
			put(out, &k, r, COLL_SWITCH, 1, 0);
			put(out, &k, COLL_SWITCH, r, 1, 0);
		}
		break;
	default:
		node_rings(p, out, &k, 0);		/* reduce-scatter */
		if (p->m >= 2)
			for (int64_t l = 0; l < p->g; l++)
				for (int64_t nd = 0; nd < p->m; nd++)
					put(out, &k, nd * p->g + l,
					    (nd + 1) % p->m * p->g + l,
					    2 * (M - 1) / M / (double)p->g, 1);
		node_rings(p, out, &k, 2);		/* all-gather */
		break;
	}
	return k;
}
