/*
 * t_diff.c: comparing two lines over paired replications: a line against
 * itself changes nothing; two lines that differ only in their random
 * streams differ significantly about 5% of the time (the paired interval
 * is right); and common random numbers give the stop-sign line's change a
 * tighter interval than independent runs would. Stations are paired by
 * name: a line against itself with its stations listed in another order
 * changes nothing, and a station one side lacks is shown removed or added,
 * alike in the text, the JSON and the page.
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/rdiff.h"
#include "report/rtext.h"
#include "run/diff.h"
#include "view/html.h"
#include "tutil.h"

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
	const stat_acc *ch;

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

/* A tandem line a -> b -> c whose stations differ (so pairing the wrong
 * ones shows); the same line with its stations listed c, a, b; and one
 * where b gave way to d, listed c, d, a (a and c kept, at other places). */
#define TANDEM_HEAD \
	"{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"2s\", \"replications\": 5}," \
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
#define ST_A(next) "{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}, \"next\": \"" next "\"}"
#define ST_B "{\"name\": \"b\", \"service\": {\"exponential\": \"15ms\"}, \"next\": \"c\"}"
#define ST_C "{\"name\": \"c\", \"service\": {\"exponential\": \"5ms\"}}"
#define ST_D "{\"name\": \"d\", \"service\": {\"exponential\": \"2ms\"}, \"next\": \"c\"}"

static scen *tandem(const char *first, const char *second, const char *third)
{
	char text[2048];

	snprintf(text, sizeof text, TANDEM_HEAD " \"stations\": [%s, %s, %s]}",
		 first, second, third);
	return parse(text, NULL, 0);
}

/* What a report writer wrote for r, NUL-terminated (the caller frees). */
static char *report_of(void (*fn)(const diff_res *, const char *, const char *, FILE *),
		       const diff_res *r)
{
	tu_mem m;

	fn(r, "before.json", "after.json", tu_mem_open(&m));
	return tu_mem_close(&m);
}

static char *changes_of(const diff_res *r)
{
	tu_mem m;

	html_changes(tu_mem_open(&m), r);
	return tu_mem_close(&m);
}

/* The needles are in hay, each after the one before. */
static void in_order(const char *hay, const char *const *needles, int n)
{
	const char *at = hay;

	for (int i = 0; i < n; i++) {
		const char *p = strstr(hay, needles[i]);

		ck_assert_msg(p != NULL, "no %s in\n%s", needles[i], hay);
		ck_assert_msg(p >= at, "%s out of order in\n%s", needles[i], hay);
		at = p;
	}
}

static const cJSON *key(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	ck_assert_msg(v != NULL, "no key %s", k);
	return v;
}

static const char *name_at(const cJSON *arr, int i)
{
	return key(cJSON_GetArrayItem(arr, i), "name")->valuestring;
}

START_TEST(test_stations_pair_by_name_in_any_order)
{
	/* the streams go by name, so the reordered line draws the same
	 * numbers for each station and every paired difference is exactly 0;
	 * by position, a would meet c (10 ms against 5 ms of service) */
	static const struct { const char *key; int fig; } shown[] = {
		{ "throughput_per_s", SF_THROUGHPUT }, { "utilization", SF_UTILIZATION },
		{ "wait_mean_s", SF_WAIT_MEAN },
	};
	scen *a = tandem(ST_A("b"), ST_B, ST_C), *b = tandem(ST_C, ST_A("b"), ST_B);
	run_opts o = { 0 };
	diff_res *r;
	diag d;
	char *text, *json, *page, v[64], head[3][16], want[3][256], cell[3][256];
	cJSON *j;

	ck_assert_int_eq(diff_run(a, b, &o, &r, &d), RUN_OK);
	for (int k = 0; k < a->nstations; k++) {
		int kb = r->st_b[k];

		ck_assert_int_ge(kb, 0);
		ck_assert_str_eq(b->stations[kb].name, a->stations[k].name);
		ck_assert_int_eq(r->st_a[kb], k);
		for (int i = 0; i < SF_N; i++) {
			ck_assert_msg(stat_mean(&r->d_st[k][i]) == 0 && stat_ci95(&r->d_st[k][i]) == 0,
				      "station %s, figure %d changed by %g", a->stations[k].name, i,
				      stat_mean(&r->d_st[k][i]));
			ck_assert(stat_mean(&r->a->st[k][i]) == stat_mean(&r->b->st[kb][i]));
		}
	}
	/* the test has teeth: the stations at the same place differ */
	ck_assert(stat_mean(&r->a->st[0][SF_UTILIZATION]) >
		  1.5 * stat_mean(&r->b->st[0][SF_UTILIZATION]));
	for (int i = 0; i < LF_N; i++)
		ck_assert(stat_mean(&r->d_line[i]) == 0 && stat_ci95(&r->d_line[i]) == 0);

	/* the reports: the stations in before's order, none removed or added */
	text = report_of(rdiff_text, r);
	ck_assert_ptr_null(strstr(text, "only before"));
	ck_assert_ptr_null(strstr(text, "only after"));
	ck_assert_ptr_null(strstr(text, "  *\n"));
	/* each station's section shows its own wait on both sides */
	for (int k = 0; k < 3; k++) {
		const stat_acc *w = &r->a->st[k][SF_WAIT_MEAN];

		rtext_value(v, sizeof v, stat_mean(w), stat_ci95(w), 1);
		snprintf(head[k], sizeof head[k], "\n  %s\n", a->stations[k].name);
		snprintf(want[k], sizeof want[k], "\n  %-22s %20s %20s %22s\n", "  wait", v, v, "0s");
		snprintf(cell[k], sizeof cell[k], "<th scope=\"row\">wait</th><td>%s</td><td>%s</td>", v, v);
	}
	in_order(text, (const char *[]){ head[0], want[0], head[1], want[1], head[2], want[2] }, 6);
	json = report_of(rdiff_json, r);
	j = cJSON_Parse(json);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetArraySize(key(j, "stations")), 3);
	for (int k = 0; k < 3; k++) {
		const cJSON *st = cJSON_GetArrayItem(key(j, "stations"), k);

		ck_assert_str_eq(name_at(key(j, "stations"), k), a->stations[k].name);
		for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
			const cJSON *fig = key(st, shown[i].key);

			ck_assert(key(key(fig, "before"), "mean")->valuedouble ==
				  stat_mean(&r->a->st[k][shown[i].fig]));
			ck_assert(key(key(fig, "after"), "mean")->valuedouble ==
				  stat_mean(&r->a->st[k][shown[i].fig]));
			ck_assert(key(key(fig, "change"), "mean")->valuedouble == 0);
		}
	}
	ck_assert_int_eq(cJSON_GetArraySize(key(j, "stations_removed")), 0);
	ck_assert_int_eq(cJSON_GetArraySize(key(j, "stations_added")), 0);
	page = changes_of(r);
	ck_assert_int_eq(tu_count(page, "<tr class=\"group station\" data-station="), 3);
	in_order(page, (const char *[]){ "data-station=\"a\"", cell[0], "data-station=\"b\"",
					 cell[1], "data-station=\"c\"", cell[2] }, 6);
	ck_assert_int_eq(tu_count(page, "<tr class=\"group station removed\""), 0);
	ck_assert_int_eq(tu_count(page, "<tr class=\"group station added\""), 0);
	free(page);
	cJSON_Delete(j);
	free(json);
	free(text);
	diff_free(r);
	scen_free(a);
	scen_free(b);
}
END_TEST

START_TEST(test_a_station_one_side_lacks_is_removed_or_added)
{
	/* b gave way to d: b is removed, d added; a and c are paired by name
	 * though both moved. a's buffer is unbounded, so nothing downstream
	 * slows it, and the window is a time: its own figures do not change
	 * at all (its share as the bottleneck does: the others changed) */
	static const int own[] = { SF_THROUGHPUT, SF_UTILIZATION, SF_WORKING, SF_STARVED,
				   SF_BLOCKED, SF_QUEUE, SF_WAIT_MEAN, SF_WAIT_P99 };
	scen *a = tandem(ST_A("b"), ST_B, ST_C), *b = tandem(ST_C, ST_D, ST_A("d"));
	run_opts o = { 0 };
	diff_res *r;
	diag d;
	char *text, *json, *page, v[64], want[256];
	const char *removed, *added;
	const cJSON *st, *only;
	cJSON *j;

	ck_assert_int_eq(diff_run(a, b, &o, &r, &d), RUN_OK);
	ck_assert_int_eq(r->st_b[0], 2);	/* a */
	ck_assert_int_eq(r->st_b[1], -1);	/* b: removed */
	ck_assert_int_eq(r->st_b[2], 0);	/* c */
	ck_assert_int_eq(r->st_a[0], 2);
	ck_assert_int_eq(r->st_a[1], -1);	/* d: added */
	ck_assert_int_eq(r->st_a[2], 0);
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		ck_assert_msg(stat_mean(&r->d_st[0][own[i]]) == 0 &&
			      stat_ci95(&r->d_st[0][own[i]]) == 0, "a's figure %d changed", own[i]);

	/* the text: b's section after a's, with its figures before and none
	 * after; d's at the end, the other way round */
	text = report_of(rdiff_text, r);
	in_order(text, (const char *[]){ "\n  a\n", "\n  b  (removed: only before)\n", "\n  c\n",
					 "\n  d  (added: only after)\n", "\n* the change" }, 5);
	removed = strstr(text, "\n  b  (removed: only before)\n");
	added = strstr(text, "\n  d  (added: only after)\n");
	ck_assert_int_eq(tu_count(text, "only before"), 1);
	ck_assert_int_eq(tu_count(text, "only after"), 1);
	ck_assert_int_eq(tu_count(text, "                      -\n"), 3 + 3);	/* no change */
	rtext_value(v, sizeof v, stat_mean(&r->a->st[1][SF_UTILIZATION]),
		    stat_ci95(&r->a->st[1][SF_UTILIZATION]), 0);
	snprintf(want, sizeof want, "\n  %-22s %20s %20s %22s\n", "  utilization", v, "-", "-");
	ck_assert_msg(strstr(removed, want) && strstr(removed, want) < added, "no %s", want);
	rtext_value(v, sizeof v, stat_mean(&r->b->st[1][SF_WAIT_MEAN]),
		    stat_ci95(&r->b->st[1][SF_WAIT_MEAN]), 1);
	snprintf(want, sizeof want, "\n  %-22s %20s %20s %22s\n", "  wait", "-", v, "-");
	ck_assert_msg(strstr(added, want) != NULL, "no %s", want);
	/* the JSON: "stations" keeps the pairs, the others beside it */
	json = report_of(rdiff_json, r);
	j = cJSON_Parse(json);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetArraySize(key(j, "stations")), 2);
	ck_assert_str_eq(name_at(key(j, "stations"), 0), "a");
	ck_assert_str_eq(name_at(key(j, "stations"), 1), "c");
	only = key(j, "stations_removed");
	ck_assert_int_eq(cJSON_GetArraySize(only), 1);
	ck_assert_str_eq(name_at(only, 0), "b");
	st = key(cJSON_GetArrayItem(only, 0), "utilization");
	ck_assert(key(key(st, "before"), "mean")->valuedouble ==
		  stat_mean(&r->a->st[1][SF_UTILIZATION]));
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(st, "after"));
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(st, "change"));
	only = key(j, "stations_added");
	ck_assert_int_eq(cJSON_GetArraySize(only), 1);
	ck_assert_str_eq(name_at(only, 0), "d");
	st = key(cJSON_GetArrayItem(only, 0), "wait_mean_s");
	ck_assert(key(key(st, "after"), "mean")->valuedouble ==
		  stat_mean(&r->b->st[1][SF_WAIT_MEAN]));
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(st, "before"));
	/* the page: the same four groups, in the same order */
	page = changes_of(r);
	ck_assert_int_eq(tu_count(page, "<tr class=\"group station\" data-station="), 2);
	in_order(page, (const char *[]){
		"<tr class=\"group station\" data-station=\"a\"><th colspan=\"6\">a</th>",
		"<tr class=\"group station removed\" data-station=\"b\"><th colspan=\"6\">"
		"b (removed: only before)</th>",
		"<tr class=\"group station\" data-station=\"c\"><th colspan=\"6\">c</th>",
		"<tr class=\"group station added\" data-station=\"d\"><th colspan=\"6\">"
		"d (added: only after)</th>" }, 4);
	ck_assert_int_eq(tu_count(page, "<tr class=\"change only\">"), 2 * 3);
	free(page);
	cJSON_Delete(j);
	free(json);
	free(text);
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
	tcase_add_test(tc, test_stations_pair_by_name_in_any_order);
	tcase_add_test(tc, test_a_station_one_side_lacks_is_removed_or_added);
	suite_add_tcase(s, tc);
	return s;
}
