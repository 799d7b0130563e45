/*
 * t_ap.c: the active-period method on schedules worked by hand.
 */
#include <check.h>

#include "core/hb.h"
#include "stats/ap.h"

Suite *ap_suite(void);

#define MS(x) ((simtime)(x) * 1000000)

START_TEST(test_one_station_always_active)
{
	ap *a = ap_new(2);

	ap_set(a, 0, 1, 0);
	ck_assert_int_eq(ap_finish(a, MS(100)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 0), 0, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 1), 0, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_a_shifting_schedule)
{
	/* A active [0,10) [30,40); B active [5,30) [38,45). The longest
	 * period covering t: A on [0,5), B on [5,30), A on [30,40), B on
	 * [40,45). Shifting: A's [0,10) and B's [5,30) overlap on [5,10);
	 * A's [30,40) and B's [38,45) on [38,40). So A is the sole
	 * bottleneck 5 + (10 - 2) = 13 ms and shifts 5 + 2 = 7 ms; B is
	 * sole (25 - 5) + 5 = 25 ms and shifts 7 ms; of 45 ms */
	ap *a = ap_new(2);

	ap_set(a, 0, 1, MS(0));
	ap_set(a, 1, 1, MS(5));
	ap_set(a, 0, 0, MS(10));
	ap_set(a, 1, 0, MS(30));
	ap_set(a, 0, 1, MS(30));
	ap_set(a, 1, 1, MS(38));
	ap_set(a, 0, 0, MS(40));
	ap_set(a, 1, 0, MS(45));
	ck_assert_int_eq(ap_finish(a, MS(45)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 13.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 0), 7.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 1), 25.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 1), 7.0 / 45, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_window_counts_only_its_time)
{
	/* A active [0, 100) whole; the window opens at 50 */
	ap *a = ap_new(1);

	ap_set(a, 0, 1, 0);
	ap_window(a, MS(50));
	ck_assert_int_eq(ap_finish(a, MS(100)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_memory_stays_bounded)
{
	/* station 0 active all along; station 1 flickers 10^5 times in
	 * short periods that station 0 outlasts: they are dropped as they
	 * come, so the tracker allocates a bounded number of times */
	ap *a = ap_new(2);
	long before;

	ap_set(a, 0, 1, 0);
	before = hb_alloc_count();
	for (int i = 0; i < 100000; i++) {
		ap_set(a, 1, 1, MS(2 * i + 1));
		ck_assert_int_eq(ap_set(a, 1, 0, MS(2 * i + 2)), 0);
	}
	ck_assert(hb_alloc_count() - before < 10);
	ck_assert_int_eq(ap_finish(a, MS(200001)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-9);
	ap_free(a);
}
END_TEST

Suite *ap_suite(void)
{
	Suite *s = suite_create("ap");
	TCase *tc = tcase_create("ap");

	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_one_station_always_active);
	tcase_add_test(tc, test_a_shifting_schedule);
	tcase_add_test(tc, test_window_counts_only_its_time);
	tcase_add_test(tc, test_memory_stays_bounded);
	suite_add_tcase(s, tc);
	return s;
}
