/*
 * t_tw.c: the time-weighted level against hand-worked step functions and
 * an exact integer oracle over long runs.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "core/hb.h"
#include "stats/tw.h"

Suite *tw_suite(void);

/*
 * From t = 10: level 2 until 15, 5 until 18, 0 until 30, then 1.
 * Area at 40 = 2*5 + 5*3 + 0*12 + 1*10 = 35 over 30 ns. Every number is a
 * small integer, so the comparisons are exact.
 */
START_TEST(test_step_function)
{
	tw w;

	tw_init(&w, 10, 2);
	ck_assert(tw_area(&w, 10) == 0 && tw_mean(&w, 10) == 2);
	ck_assert(tw_area(&w, 13) == 6 && tw_mean(&w, 13) == 2);
	tw_set(&w, 15, 5);
	ck_assert(tw_area(&w, 16) == 15);
	ck_assert(tw_mean(&w, 16) == 15.0 / 6);
	tw_add(&w, 18, -5);
	ck_assert(w.v == 0 && w.vmax == 5);
	ck_assert(tw_area(&w, 25) == 25);
	tw_add(&w, 30, 1);
	ck_assert(tw_area(&w, 30) == 25);
	ck_assert(tw_area(&w, 40) == 35);
	ck_assert(tw_mean(&w, 40) == 35.0 / 30);
	ck_assert(w.v == 1 && w.vmax == 5);
	/* Reading does not fold the open stretch in: read again, same. */
	ck_assert(tw_area(&w, 40) == 35);
}
END_TEST

/* Changes at one instant weigh nothing; an empty window reads as the
 * current level. */
START_TEST(test_zero_length)
{
	tw w;

	tw_init(&w, 7, 4);
	ck_assert(tw_mean(&w, 7) == 4);
	tw_set(&w, 7, 100);
	tw_set(&w, 7, 9);
	ck_assert(tw_area(&w, 7) == 0);
	ck_assert(tw_mean(&w, 7) == 9);
	ck_assert(w.vmax == 100);
	ck_assert(tw_mean(&w, 8) == 9);
}
END_TEST

/*
 * Warm-up: level 10 over [0, 100), then 1; reset at 150 (end of warm-up),
 * then 3 from 200. Over [150, 250): 1*50 + 3*50 = 200 / 100 = 2. The
 * warm-up's peak of 10 is dropped; the level of 1 carries over.
 */
START_TEST(test_reset)
{
	tw w;

	tw_init(&w, 0, 10);
	tw_set(&w, 100, 1);
	ck_assert(tw_mean(&w, 150) == (10.0 * 100 + 50) / 150);
	tw_reset(&w, 150);
	ck_assert(w.origin == 150 && w.v == 1 && w.vmax == 1);
	ck_assert(tw_mean(&w, 150) == 1);
	ck_assert(tw_area(&w, 170) == 20);
	tw_set(&w, 200, 3);
	ck_assert(tw_area(&w, 250) == 200);
	ck_assert(tw_mean(&w, 250) == 2);
	ck_assert(w.vmax == 3);
	/* A reset right at a change, and twice at one instant. */
	tw_reset(&w, 250);
	tw_reset(&w, 250);
	ck_assert(tw_mean(&w, 250) == 3 && tw_area(&w, 260) == 30);
	/* tw_total keeps what the resets moved out: since 0, 10*100 +
	 * 1*100 + 3*60 */
	ck_assert(tw_total(&w, 260) == 1000 + 100 + 180);
}
END_TEST

/* 3 for 1e15 ns, then 1 for 1e15 ns (31.7 days each, at an origin a year
 * in): the mean is 2 within 1e-12. */
START_TEST(test_long_levels)
{
	const simtime t0 = 365 * 24 * 3600 * ST_S, d = INT64_C(1000000000000000);
	tw w;

	tw_init(&w, t0, 3);
	tw_set(&w, t0 + d, 1);
	ck_assert(fabs(tw_mean(&w, t0 + 2 * d) - 2) <= 1e-12);
	ck_assert(fabs(tw_area(&w, t0 + 2 * d) - 4e15) <= 4e15 * 1e-12);
}
END_TEST

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * 10^6 changes to levels in [0, 1000] after gaps in [0, 1e9) ns, from an
 * origin near 2^62. The oracle is the exact integral in int64 (at most
 * 1000 * 1e9 * 1e6 = 1e18 < 2^63). The double area is exact up to 2^53
 * and past it each of the n additions rounds by at most 2^-53 of the
 * running total, so |error| <= n 2^-53 area: 1.1e-10 relative.
 */
START_TEST(test_long_run_oracle)
{
	const int n = 1000000;
	const simtime t0 = INT64_C(1) << 62;
	uint64_t seed = 11;
	simtime t = t0;
	int64_t level = 0, vmax = 0, exact = 0;
	tw w;

	tw_init(&w, t0, 0);
	for (int i = 0; i < n; i++) {
		simtime gap = (simtime)(splitmix64(&seed) % 1000000000);
		int64_t v = (int64_t)(splitmix64(&seed) % 1001);

		exact += level * gap;
		t += gap;
		level = v;
		vmax = v > vmax ? v : vmax;
		tw_set(&w, t, v);
	}
	exact += level * 12345;
	t += 12345;
	ck_assert(w.vmax == vmax && w.v == level);
	ck_assert_msg(fabs(tw_area(&w, t) - (double)exact)
		      <= n * 0x1p-53 * (double)exact,
		      "area %.17g vs %lld", tw_area(&w, t), (long long)exact);
	/* The mean adds the division's rounding and the oracle's two. */
	ck_assert(fabs(tw_mean(&w, t) - (double)exact / (double)(t - t0))
		  <= (n + 3) * 0x1p-53 * ((double)exact / (double)(t - t0)));
}
END_TEST

Suite *tw_suite(void)
{
	Suite *s = suite_create("tw");
	TCase *c = tcase_create("tw");

	tcase_add_test(c, test_step_function);
	tcase_add_test(c, test_zero_length);
	tcase_add_test(c, test_reset);
	tcase_add_test(c, test_long_levels);
	tcase_add_test(c, test_long_run_oracle);
	suite_add_tcase(s, c);
	return s;
}
