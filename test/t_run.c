/*
 * t_run.c: whole runs: replications and their streams, overrides of seed
 * and replications, the MSER-5 warm-up, stopping early, and backing out of
 * every allocation failure.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "core/hb.h"
#include "run/run.h"
#include "scenario/scen.h"
#include "stats/mser.h"

Suite *run_suite(void);
Suite *mser_suite(void);

static scen *parse(const char *text)
{
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("t", text, strlen(text), NULL, 0, &s, &d), 0);
	return s;
}

static const char *mm1 =
	"{\"name\": \"t\", \"seed\": 5, \"run\": {\"items\": 20000, \"replications\": 4},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
	" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";

static res *run(const scen *s, const run_opts *o)
{
	res *r = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(run_scenario(s, o, &r, &d), RUN_OK);
	return r;
}

START_TEST(test_replications_and_overrides)
{
	scen *s = parse(mm1);
	run_opts o = { 0 };
	res *a = run(s, &o), *b;

	ck_assert_int_eq(a->reps, 4);
	ck_assert_int_eq(a->seed, 5);
	ck_assert(stat_ci95(&a->line[LF_LAT_MEAN]) > 0);
	o.reps = 7;
	o.have_seed = 1;
	o.seed = 9;
	b = run(s, &o);
	ck_assert_int_eq(b->reps, 7);
	ck_assert_int_eq(b->seed, 9);
	ck_assert(stat_mean(&a->line[LF_LAT_MEAN]) != stat_mean(&b->line[LF_LAT_MEAN]));
	res_free(a);
	res_free(b);
	scen_free(s);
}
END_TEST

START_TEST(test_same_options_same_results)
{
	scen *s = parse(mm1);
	run_opts o = { 0 };
	res *a = run(s, &o), *b = run(s, &o);

	ck_assert(memcmp(a->line, b->line, sizeof a->line) == 0);
	ck_assert(memcmp(a->st[0], b->st[0], sizeof a->st[0]) == 0);
	ck_assert_int_eq(a->events, b->events);
	res_free(a);
	res_free(b);
	scen_free(s);
}
END_TEST

START_TEST(test_replications_are_independent)
{
	/* replication k's streams do not depend on how many replications
	 * run: the first 2 of a 4-replication run equal a 2-replication run */
	scen *s = parse(mm1);
	run_opts two = { .reps = 2 }, one = { .reps = 1 };
	res *a = run(s, &two), *b = run(s, &one);

	ck_assert(stat_mean(&a->line[LF_LAT_MEAN]) != stat_mean(&b->line[LF_LAT_MEAN]));
	ck_assert(a->line[LF_LAT_MEAN].min == b->line[LF_LAT_MEAN].min ||
		  a->line[LF_LAT_MEAN].max == b->line[LF_LAT_MEAN].max);
	res_free(a);
	res_free(b);
	scen_free(s);
}
END_TEST

START_TEST(test_auto_warmup)
{
	/* A known transient: 2000 items wait at time 0 in front of a server
	 * of mean 1 ms fed at 500/s. The backlog drains at about 500 a second,
	 * so the first 4000 or so departures carry its latency (up to 4 s);
	 * after that the line is M/M/1 at rho 0.5 with W = 1/(1000 - 500) =
	 * 2 ms. MSER-5 must cut more than the backlog and less than half the
	 * run, and what is left must be at steady state: W within 5 sd of the
	 * mean of 10 replications. One replication's sd: case mm1-rho050
	 * measured 0.33% of W over 10^6 items, so 1.1% over 10^5; 1.5% allows
	 * for the items the cut removes. */
	scen *s = parse("{\"name\": \"t\", \"run\": {\"items\": 100000, \"warmup\": \"auto\", \"replications\": 10},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"500/s\"}],"
			" \"stations\": [{\"name\": \"a\", \"initial\": 2000, \"service\": {\"exponential\": \"1ms\"}}]}");
	run_opts o = { 0 };
	res *r = run(s, &o);

	ck_assert_msg(r->warm_items >= 2000 && r->warm_items < 50000,
		      "cut %lld", (long long)r->warm_items);
	ck_assert(!r->warm_short);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_LAT_MEAN]), 0.002,
				5 * 0.015 * 0.002 / sqrt(10));
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_stop_flag_gives_partial_results)
{
	scen *s = parse(mm1);
	volatile sig_atomic_t stop = 1;
	run_opts o = { .stop = &stop };
	res *r = run(s, &o);

	ck_assert_int_eq(r->reps, 0);
	ck_assert(r->partial);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_allocation_failures_back_out)
{
	/* fail the 1st, 2nd, ... allocation of a run until one succeeds:
	 * every failure must report RUN_FAILED and free what it took (the
	 * sanitizer build checks the leaks) */
	scen *s = parse("{\"name\": \"t\", \"run\": {\"items\": 3000, \"warmup\": \"auto\", \"replications\": 2},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
			" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}, \"next\": \"b\"},"
			"  {\"name\": \"b\", \"service\": \"5ms\", \"capacity\": 3}]}");
	run_opts o = { 0 };
	int n, rc = RUN_FAILED;

	for (n = 1; n < 10000 && rc == RUN_FAILED; n++) {
		res *r = NULL;
		diag d;

		diag_clear(&d);
		hb_fail_after(n);
		rc = run_scenario(s, &o, &r, &d);
		hb_fail_after(0);
		if (rc == RUN_FAILED) {
			ck_assert_ptr_null(r);
			ck_assert_str_eq(d.msg, "out of memory");
		}
		res_free(r);
	}
	ck_assert_int_eq(rc, RUN_OK);
	ck_assert(n > 3);
	scen_free(s);
}
END_TEST

Suite *run_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("run");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_replications_and_overrides);
	tcase_add_test(tc, test_same_options_same_results);
	tcase_add_test(tc, test_replications_are_independent);
	tcase_add_test(tc, test_auto_warmup);
	tcase_add_test(tc, test_stop_flag_gives_partial_results);
	tcase_add_test(tc, test_allocation_failures_back_out);
	suite_add_tcase(s, tc);
	return s;
}

/* MSER-5 on series whose truncation point is known. */
START_TEST(test_mser_finds_a_step)
{
	/* 1000 values at 10, then 9000 alternating 0 and 1: the transient is
	 * exactly 1000 observations, 200 batches of 5 */
	mser *m = mser_new();

	for (int i = 0; i < 1000; i++)
		mser_add(m, 10);
	for (int i = 0; i < 9000; i++)
		mser_add(m, i & 1);
	ck_assert_int_eq(mser_cut(m), 1000);
	ck_assert_int_eq(mser_count(m), 10000);
	mser_free(m);
}
END_TEST

START_TEST(test_mser_no_transient)
{
	mser *m = mser_new();

	for (int i = 0; i < 10000; i++)
		mser_add(m, (i * 7919) % 13);
	ck_assert(mser_cut(m) < 500);
	mser_free(m);
}
END_TEST

START_TEST(test_mser_too_short_or_trending)
{
	mser *m = mser_new();

	ck_assert_int_eq(mser_cut(m), -1);	/* nothing yet */
	for (int i = 0; i < 10000; i++)
		mser_add(m, i);			/* never settles */
	ck_assert_int_eq(mser_cut(m), -1);
	mser_free(m);
}
END_TEST

START_TEST(test_mser_memory_is_fixed)
{
	/* 10^7 observations in MSER_MAX batch means: the transient (the first
	 * 10^6 at 5) is found to within one (coarsened) batch */
	mser *m = mser_new();
	int64_t cut, batch;

	for (int i = 0; i < 1000000; i++)
		mser_add(m, 5);
	for (int i = 0; i < 9000000; i++)
		mser_add(m, i & 1);
	cut = mser_cut(m);
	batch = 10000000 / MSER_MAX + 1;
	ck_assert_msg(cut >= 1000000 - 4 * batch && cut <= 1000000 + 4 * batch,
		      "cut %lld", (long long)cut);
	mser_free(m);
}
END_TEST

Suite *mser_suite(void)
{
	Suite *s = suite_create("mser");
	TCase *tc = tcase_create("mser");

	tcase_add_test(tc, test_mser_finds_a_step);
	tcase_add_test(tc, test_mser_no_transient);
	tcase_add_test(tc, test_mser_too_short_or_trending);
	tcase_add_test(tc, test_mser_memory_is_fixed);
	suite_add_tcase(s, tc);
	return s;
}
