/*
 * t_coll.c: the collectives' cost models (models/coll.c): the double
 * binary tree is two trees in which no rank is inner twice (for an even
 * count, the property that gives the tree its full bandwidth), the
 * formulas reduce to their known cases, and a plan's flows move what the
 * formula says each rank sends.
 */
#include <check.h>
#include <math.h>

#include "coll.h"

Suite *coll_suite(void);

static coll_hop hop(double bw, double lat)
{
	coll_hop h;

	coll_hop_init(&h);
	coll_hop_add(&h, bw, lat);
	return h;
}

START_TEST(test_the_two_trees_share_no_inner_rank)
{
	for (int64_t n = 2; n <= 64; n++) {
		int64_t inner[2][64] = { { 0 } }, roots = 0;

		for (int t = 0; t < 2; t++)
			for (int64_t r = 0; r < n; r++) {
				int64_t up = coll_tree_parent(n, t, r), steps = 0;

				roots += up < 0;
				if (up >= 0)
					inner[t][up] = 1;
				/* every rank reaches the root within the depth */
				for (int64_t q = r; q >= 0; q = coll_tree_parent(n, t, q))
					ck_assert_int_le(++steps, coll_tree_depth(n) + 1);
			}
		ck_assert_int_eq(roots, 2);
		if (n % 2 == 0)
			for (int64_t r = 0; r < n; r++)
				ck_assert_msg(!(inner[0][r] && inner[1][r]),
					      "n %lld: rank %lld is inner in both trees",
					      (long long)n, (long long)r);
		/* the depth is logarithmic: a binary tree under a root */
		ck_assert_int_le(coll_tree_depth(n), 1 + (int64_t)ceil(log2((double)n)));
	}
}
END_TEST

START_TEST(test_the_formulas_reduce_to_their_known_cases)
{
	coll_hop h = hop(100e9, 2e-6), x = hop(50e9, 5e-6);

	/* the ring: 2(N-1)/N x S / B + 2(N-1) a */
	ck_assert_double_eq_tol(coll_ring_allreduce(&h, 1e9, 8),
				1.75e9 / 100e9 + 14 * 2e-6, 1e-15);
	/* the tree: an inner rank sends S/2 to its parent and to two
	 * children, and S/2 to its parent in the other tree: 2S; two ranks
	 * only exchange S */
	ck_assert_double_eq_tol(coll_tree_allreduce(&h, 1e9, 8),
				2e9 / 100e9 + 2 * 3 * 2e-6, 1e-15);
	ck_assert_double_eq_tol(coll_tree_allreduce(&h, 1e9, 2),
				1e9 / 100e9 + 2 * 1 * 2e-6, 1e-15);
	/* NVLS: S up to the switch and S down, one hop's latency */
	ck_assert_double_eq_tol(coll_nvls_allreduce(&h, 1e9, 8), 1e9 / 100e9 + 2e-6, 1e-15);
	/* two levels on one node are a ring; G ranks on M nodes add the
	 * shards' ring across the nodes */
	ck_assert_double_eq_tol(coll_hier_allreduce(&h, &x, 1e9, 8, 1),
				coll_ring_allreduce(&h, 1e9, 8), 1e-15);
	ck_assert_double_eq_tol(coll_hier_allreduce(&h, &x, 1e9, 8, 4),
				coll_ring_allreduce(&h, 1e9, 8) +
				2 * 3.0 / 4 * (1e9 / 8) / 50e9 + 6 * 5e-6, 1e-15);
}
END_TEST

/* The most bytes a rank sends and receives in the plan's stage s. */
static void rank_load(const coll_plan *p, int s, double *out, double *in)
{
	coll_flow f[512];
	int64_t n = coll_plan_flows(p, f), ranks = p->g * p->m;
	double o[64] = { 0 }, i[64] = { 0 };

	ck_assert_int_le(n, 512);
	*out = *in = 0;
	for (int64_t k = 0; k < n; k++) {
		if (f[k].stage != s)
			continue;
		if (f[k].from >= 0)
			o[f[k].from] += f[k].frac;
		if (f[k].to >= 0)
			i[f[k].to] += f[k].frac;
	}
	for (int64_t r = 0; r < ranks; r++) {
		*out = fmax(*out, o[r]);
		*in = fmax(*in, i[r]);
	}
}

START_TEST(test_a_plan_moves_what_its_formula_counts)
{
	coll_plan p;
	double o, i;

	coll_plan_init(&p, COLL_RING, 8, 1);
	rank_load(&p, 0, &o, &i);
	ck_assert_double_eq_tol(o, 1.75, 1e-12);
	ck_assert_double_eq_tol(i, 1.75, 1e-12);
	ck_assert_int_eq(p.steps[0], 14);
	coll_plan_init(&p, COLL_TREE, 8, 1);
	rank_load(&p, 0, &o, &i);
	ck_assert_double_eq_tol(o, 2, 1e-12);
	ck_assert_double_eq_tol(i, 2, 1e-12);
	coll_plan_init(&p, COLL_NVLS, 8, 1);
	rank_load(&p, 0, &o, &i);
	ck_assert_double_eq_tol(o, 1, 1e-12);
	ck_assert_int_eq(coll_plan_flows(&p, NULL), 16);
	coll_plan_init(&p, COLL_HIER, 4, 2);
	rank_load(&p, 0, &o, &i);
	ck_assert_double_eq_tol(o, 0.75, 1e-12);
	rank_load(&p, 1, &o, &i);
	ck_assert_double_eq_tol(o, 2 * 0.5 / 4, 1e-12);
	rank_load(&p, 2, &o, &i);
	ck_assert_double_eq_tol(i, 0.75, 1e-12);
	ck_assert_int_eq(p.steps[1], 2);
}
END_TEST

Suite *coll_suite(void)
{
	Suite *s = suite_create("coll");
	TCase *tc = tcase_create("coll");

	tcase_add_test(tc, test_the_two_trees_share_no_inner_rank);
	tcase_add_test(tc, test_the_formulas_reduce_to_their_known_cases);
	tcase_add_test(tc, test_a_plan_moves_what_its_formula_counts);
	suite_add_tcase(s, tc);
	return s;
}
