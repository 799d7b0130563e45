/*
 * t_diff.c: comparing two lines over paired replications: a line against
 * itself changes nothing; two lines that differ only in their random
 * streams differ significantly about 5% of the time (the paired interval
 * is right); and common random numbers give the stop-sign line's change a
 * tighter interval than independent runs would.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "run/diff.h"

Suite *diff_suite(void);

static scen *parse(const char *text, const char *const *sets, int nsets)
{
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("t", text, strlen(text), sets, nsets, &s, &d), 0);
	return s;
}

static const char *mm1 =
	"{\"name\": \"t\", \"run\": {\"items\": 1000, \"warmup\": {\"items\": 100}, \"replications\": 10},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
	" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";

START_TEST(test_a_line_against_itself)
{
	scen *a = parse(mm1, NULL, 0), *b = parse(mm1, NULL, 0);
	run_opts o = { 0 };
	diff_res *r;
	diag d;

	ck_assert_int_eq(diff_run(a, b, &o, &r, &d), RUN_OK);
	for (int i = 0; i < LF_N; i++) {
		ck_assert(stat_mean(&r->d_line[i]) == 0 && stat_ci95(&r->d_line[i]) == 0);
		ck_assert(!diff_significant(&r->d_line[i]));
	}
	diff_free(r);
	scen_free(a);
	scen_free(b);
}
END_TEST

START_TEST(test_false_alarms_near_five_percent)
{
	/* renaming the source and the station gives them other streams: the
	 * two lines are the same system with independent noise, so a 95%
	 * interval excludes 0 in about 5% of 200 seeds: 10 expected, sd 3.1;
	 * [3, 20] holds with probability above 0.99 */
	const char *mm1_renamed =
		"{\"name\": \"t\", \"run\": {\"items\": 1000, \"warmup\": {\"items\": 100}, \"replications\": 10},"
		" \"sources\": [{\"name\": \"in2\", \"to\": \"a2\", \"rate\": \"50/s\"}],"
		" \"stations\": [{\"name\": \"a2\", \"service\": {\"exponential\": \"10ms\"}}]}";
	scen *a = parse(mm1, NULL, 0), *b = parse(mm1_renamed, NULL, 0);
	int alarms = 0;

	for (uint64_t seed = 1; seed <= 200; seed++) {
		run_opts o = { .have_seed = 1, .seed = seed };
		diff_res *r;
		diag d;

		ck_assert_int_eq(diff_run(a, b, &o, &r, &d), RUN_OK);
		alarms += diff_significant(&r->d_line[LF_LAT_MEAN]);
		diff_free(r);
	}
	ck_assert_msg(alarms >= 3 && alarms <= 20, "%d significant of 200", alarms);
	scen_free(a);
	scen_free(b);
}
END_TEST

START_TEST(test_common_random_numbers_tighten_the_interval)
{
	const char *more[] = { "stations.recognize.servers=3" };
	FILE *f = fopen("scenarios/stop-sign.json", "rb");
	char text[16384];
	size_t n = fread(text, 1, sizeof text - 1, f);
	scen *a, *b;
	run_opts o = { 0 };
	diff_res *r;
	diag d;
	const stat *ch;

	fclose(f);
	text[n] = 0;
	a = parse(text, NULL, 0);
	b = parse(text, more, 1);
	ck_assert_int_eq(diff_run(a, b, &o, &r, &d), RUN_OK);
	ch = &r->d_line[LF_LAT_MEAN];
	ck_assert(diff_significant(ch) && stat_mean(ch) < 0);
	ck_assert_msg(stat_ci95(ch) < diff_independent_ci95(&r->a->line[LF_LAT_MEAN],
							    &r->b->line[LF_LAT_MEAN]) / 2,
		      "paired %.3g, independent %.3g", stat_ci95(ch),
		      diff_independent_ci95(&r->a->line[LF_LAT_MEAN], &r->b->line[LF_LAT_MEAN]));
	diff_free(r);
	scen_free(a);
	scen_free(b);
}
END_TEST

Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_a_line_against_itself);
	tcase_add_test(tc, test_false_alarms_near_five_percent);
	tcase_add_test(tc, test_common_random_numbers_tighten_the_interval);
	suite_add_tcase(s, tc);
	return s;
}
