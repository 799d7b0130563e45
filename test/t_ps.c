/*
 * t_ps.c: processor sharing against its known results: equal jobs started
 * together finish together at n times the time of one; weights and core
 * limits split the rate exactly; an M/M/1-PS queue's mean sojourn is
 * 1/(mu - lambda).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "core/ps.h"
#include "core/rng.h"
#include "stats/stat.h"

Suite *ps_suite(void);

/* Run p until it is empty from now; record each job's finish time. */
static simtime drain(ps *p, simtime now, simtime *done, ps_job *base)
{
	while (p->n > 0) {
		ps_job *j;

		now = ps_next(p, now);
		j = ps_take(p, now);
		done[j - base] = now;
		ck_assert_int_eq(ps_check(p), 0);
	}
	return now;
}

START_TEST(test_equal_transfers_finish_together)
{
	/* two 1.2 MB transfers on a 24 GB/s link: 50 us alone, 100 us
	 * together */
	ps p;
	ps_job j[2] = { { .pos = -1 }, { .pos = -1 } };
	simtime done[2];

	ps_init(&p, 24e9, 0, 1);
	ck_assert_int_eq(ps_reserve(&p, 2), 0);
	ps_add(&p, 0, &j[0], 1.2e6, 1);
	ck_assert_int_eq(ps_next(&p, 0), 50000);
	ps_add(&p, 0, &j[1], 1.2e6, 1);
	drain(&p, 0, done, j);
	ck_assert_int_eq(done[0], 100000);
	ck_assert_int_eq(done[1], 100000);
	ps_release(&p);
}
END_TEST

/* Work left, however little, takes at least one tick of the clock: a
 * job of 10^-12 s rounds to 0 ns, and finishes 1 ns after it starts,
 * never at the instant it starts (a service of no time would let the
 * line run events forever at one instant). With none left it is due now. */
START_TEST(test_tiny_work_takes_a_tick)
{
	ps p;
	ps_job j = { .pos = -1 };

	ps_init(&p, 1, 0, 1);
	ck_assert_int_eq(ps_reserve(&p, 1), 0);
	ps_add(&p, 5, &j, 1e-12, 1);
	ck_assert_int_eq(ps_next(&p, 5), 6);
	ck_assert_ptr_eq(ps_take(&p, 6), &j);
	ps_add(&p, 6, &j, 0, 1);
	ck_assert_int_eq(ps_next(&p, 6), 6);
	ps_release(&p);
}
END_TEST

START_TEST(test_weights_split_the_rate)
{
	/* weights 1 and 3, work 1 each, rate 1: the heavy one gets 3/4 and
	 * ends at 4/3 s; the light one has done 1/3 by then and ends at 2 s */
	ps p;
	ps_job j[2] = { { .pos = -1 }, { .pos = -1 } };
	simtime done[2];

	ps_init(&p, 1, 0, 1);
	ck_assert_int_eq(ps_reserve(&p, 2), 0);
	ps_add(&p, 0, &j[0], 1, 1);
	ps_add(&p, 0, &j[1], 1, 3);
	drain(&p, 0, done, j);
	ck_assert_int_eq(done[1], 1333333333);
	ck_assert(llabs(done[0] - 2 * ST_S) <= 1);
	ps_release(&p);
}
END_TEST

START_TEST(test_cores_limit_each_job)
{
	/* 2 cores, 3 jobs of 1 s: each gets 2/3 of a core: all end at 1.5 s;
	 * one job alone on 2 cores still takes 1 s */
	ps p;
	ps_job j[3] = { { .pos = -1 }, { .pos = -1 }, { .pos = -1 } };
	simtime done[3];

	ps_init(&p, 1, 2, 1);
	ck_assert_int_eq(ps_reserve(&p, 3), 0);
	for (int i = 0; i < 3; i++)
		ps_add(&p, 0, &j[i], 1, 1);
	drain(&p, 0, done, j);
	for (int i = 0; i < 3; i++)
		ck_assert(llabs(done[i] - 1500000000) <= 1);
	ps_add(&p, done[2], &j[0], 1, 1);
	drain(&p, done[2], done, j);
	ck_assert(llabs(done[0] - done[2] - ST_S) <= 1);
	ps_release(&p);
}
END_TEST

START_TEST(test_time_slices_cost_switches)
{
	/* quantum 2 ms, switch 2 ms: two contexts share half the GPU's time;
	 * two 1 s kernels end at 4 s, a lone kernel takes 1 s */
	ps p;
	ps_job j[2] = { { .pos = -1 }, { .pos = -1 } };
	simtime done[2];

	ps_init(&p, 1, 0, 0.5);
	ck_assert_int_eq(ps_reserve(&p, 2), 0);
	ps_add(&p, 0, &j[0], 1, 1);
	ps_add(&p, 0, &j[1], 1, 1);
	drain(&p, 0, done, j);
	ck_assert(llabs(done[0] - 4 * ST_S) <= 1 && llabs(done[1] - 4 * ST_S) <= 1);
	ps_add(&p, done[1], &j[0], 1, 1);
	drain(&p, done[1], done, j);
	ck_assert(llabs(done[0] - 5 * ST_S) <= 1);
	ps_release(&p);
}
END_TEST

START_TEST(test_late_arrival_shares_what_is_left)
{
	/* work 1 at 0, work 1 at 0.5 s, rate 1: the first has 0.5 left and
	 * gets half the rate: ends at 1.5 s; the second then runs alone with
	 * 0.5 left: ends at 2 s */
	ps p;
	ps_job j[2] = { { .pos = -1 }, { .pos = -1 } };
	simtime done[2];

	ps_init(&p, 1, 0, 1);
	ck_assert_int_eq(ps_reserve(&p, 2), 0);
	ps_add(&p, 0, &j[0], 1, 1);
	ps_add(&p, 500000000, &j[1], 1, 1);
	drain(&p, 500000000, done, j);
	ck_assert(llabs(done[0] - 1500000000) <= 1);
	ck_assert(llabs(done[1] - 2 * ST_S) <= 1);
	ps_release(&p);
}
END_TEST

/* M/M/1-PS: Poisson arrivals at 0.8/s, exponential work of mean 1 s, rate
 * 1: mean sojourn 1/(mu - lambda) = 5 s whatever the discipline. 10
 * replications of 100 000 jobs; the check uses their own 95% interval
 * widened to 4 standard errors. */
static double mm1ps_mean(uint64_t rep, ps_job *jobs, simtime *arr, int n)
{
	ps p;
	rng ra, rs;
	simtime now = 0, next_arr = 0;
	int made = 0, done = 0;
	double sum = 0;

	rng_seed(&ra, 11, rep, "ps", "arrival");
	rng_seed(&rs, 11, rep, "ps", "work");
	ps_init(&p, 1, 0, 1);
	ck_assert_int_eq(ps_reserve(&p, (size_t)n), 0);
	next_arr = st_from_s(-log(rng_u01(&ra)) / 0.8);
	while (done < n) {
		simtime nd = ps_next(&p, now);

		if (made < n && next_arr < nd) {
			now = next_arr;
			jobs[made].pos = -1;
			arr[made] = now;
			ps_add(&p, now, &jobs[made], -log(rng_u01(&rs)), 1);
			made++;
			next_arr = now + st_from_s(-log(rng_u01(&ra)) / 0.8);
		} else {
			ps_job *j;

			now = nd;
			j = ps_take(&p, now);
			sum += st_to_s(now - arr[j - jobs]);
			done++;
		}
	}
	ps_release(&p);
	return sum / n;
}

START_TEST(test_mm1_ps_sojourn)
{
	enum { N = 100000, R = 10 };
	static ps_job jobs[N];
	static simtime arr[N];
	stat_acc s;

	stat_init(&s);
	for (uint64_t r = 0; r < R; r++)
		stat_add(&s, mm1ps_mean(r, jobs, arr, N));
	ck_assert_msg(fabs(stat_mean(&s) - 5) <= 4 * stat_sd(&s) / sqrt(R),
		      "mean sojourn %.4f +- %.4f, want 5", stat_mean(&s),
		      4 * stat_sd(&s) / sqrt(R));
}
END_TEST

Suite *ps_suite(void)
{
	Suite *s = suite_create("ps");
	TCase *tc = tcase_create("ps");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_equal_transfers_finish_together);
	tcase_add_test(tc, test_tiny_work_takes_a_tick);
	tcase_add_test(tc, test_weights_split_the_rate);
	tcase_add_test(tc, test_cores_limit_each_job);
	tcase_add_test(tc, test_time_slices_cost_switches);
	tcase_add_test(tc, test_late_arrival_shares_what_is_left);
	tcase_add_test(tc, test_mm1_ps_sojourn);
	suite_add_tcase(s, tc);
	return s;
}
