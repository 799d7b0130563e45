/*
 * t_report.c: the results as JSON (the spec's results object, read back
 * with cJSON and compared with what was measured) and as text, and the
 * JSON writer's numbers.
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/jw.h"
#include "report/rjson.h"
#include "report/rtext.h"
#include "run/run.h"

Suite *report_suite(void);

START_TEST(test_numbers_round_trip)
{
	static const double v[] = { 0.1, 1.0 / 3, 1e-300, 1e300, 123456789.0,
				    0.99999999999999989, 5e-324, -2.5, 66.666666666666671 };
	char buf[40];

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		jw_fmt_double(v[i], buf, sizeof buf);
		ck_assert_msg(strtod(buf, NULL) == v[i], "%s", buf);
	}
	jw_fmt_double(0.1, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.1");		/* the shortest form */
	jw_fmt_double(-0.0, buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	jw_fmt_double(NAN, buf, sizeof buf);
	ck_assert_str_eq(buf, "null");
	jw_fmt_double(INFINITY, buf, sizeof buf);
	ck_assert_str_eq(buf, "null");
}
END_TEST

START_TEST(test_strings_are_escaped)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	cJSON *j;
	jw w;

	jw_init(&w, f, 0);
	jw_begin_obj(&w, NULL);
	jw_str(&w, "s", "a\"b\\c\n\t\x01");
	jw_begin_arr(&w, "l");
	jw_end_arr(&w);
	jw_end_obj(&w);
	fclose(f);
	j = cJSON_Parse(text);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(j, "s")->valuestring, "a\"b\\c\n\t\x01");
	cJSON_Delete(j);
	free(text);
}
END_TEST

/* Whatever a string holds, --json stays JSON a strict reader takes: DEL
 * and C1 controls escaped, bytes that are not UTF-8 as U+FFFD. */
START_TEST(test_strings_that_are_not_text_are_escaped)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	jw w;

	jw_init(&w, f, 0);
	jw_begin_obj(&w, NULL);
	jw_str(&w, "s", "a\x7f\xc2\x9b\xff\xc0\xaf caf\xc3\xa9");
	jw_end_obj(&w);
	fclose(f);
	ck_assert_str_eq(text, "{\"s\":\"a\\u007f\\u009b\\ufffd\\ufffd\\ufffd "
			 "caf\xc3\xa9\"}");
	free(text);
}
END_TEST

static res *sample(scen **s)
{
	const char *text =
		"{\"name\": \"two \\\"stations\\\"\", \"run\": {\"items\": 5000, \"replications\": 3},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\", \"unit\": \"frames\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}, \"next\": \"b\"},"
		"  {\"name\": \"b\", \"capacity\": 2, \"on_full\": \"drop\", \"service\": \"5ms\"}]}";
	run_opts o = { 0 };
	res *r = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("t", text, strlen(text), NULL, 0, s, &d), 0);
	ck_assert_int_eq(run_scenario(*s, &o, &r, &d), RUN_OK);
	return r;
}

static void same_fig(const cJSON *o, const char *key, const stat_acc *s)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, key);

	ck_assert_msg(cJSON_IsObject(f), "no %s", key);
	ck_assert_msg(cJSON_GetObjectItemCaseSensitive(f, "mean")->valuedouble == stat_mean(s), "%s.mean", key);
	ck_assert_msg(cJSON_GetObjectItemCaseSensitive(f, "ci95")->valuedouble == stat_ci95(s), "%s.ci95", key);
}

START_TEST(test_json_is_the_spec_results_object)
{
	scen *s;
	res *r = sample(&s);
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	const cJSON *st, *lat, *states, *rank;
	cJSON *j;

	rjson_write(r, f);
	fclose(f);
	j = cJSON_Parse(text);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(j, "scenario")->valuestring, "two \"stations\"");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(j, "replications")->valueint, 3);
	ck_assert(cJSON_GetObjectItemCaseSensitive(j, "events")->valuedouble == (double)r->events);
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "simulated_s")));
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(j, "unit")->valuestring, "frames");
	same_fig(j, "throughput_per_s", &r->line[LF_THROUGHPUT]);
	same_fig(j, "offered", &r->line[LF_OFFERED]);
	same_fig(j, "dropped", &r->line[LF_DROPPED]);
	same_fig(j, "drop_fraction", &r->line[LF_DROP_FRACTION]);
	same_fig(j, "wip", &r->line[LF_WIP]);
	lat = cJSON_GetObjectItemCaseSensitive(j, "latency_s");
	same_fig(lat, "mean", &r->line[LF_LAT_MEAN]);
	same_fig(lat, "p50", &r->line[LF_LAT_P50]);
	same_fig(lat, "p90", &r->line[LF_LAT_P90]);
	same_fig(lat, "p99", &r->line[LF_LAT_P99]);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "stations")), 2);
	st = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "stations"), 1);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(st, "name")->valuestring, "b");
	same_fig(st, "throughput_per_s", &r->st[1][SF_THROUGHPUT]);
	same_fig(st, "utilization", &r->st[1][SF_UTILIZATION]);
	same_fig(st, "queue", &r->st[1][SF_QUEUE]);
	same_fig(st, "dropped", &r->st[1][SF_DROPPED]);
	same_fig(st, "p_wait", &r->st[1][SF_P_WAIT]);
	same_fig(cJSON_GetObjectItemCaseSensitive(st, "wait_s"), "p99", &r->st[1][SF_WAIT_P99]);
	states = cJSON_GetObjectItemCaseSensitive(st, "states");
	ck_assert(cJSON_GetObjectItemCaseSensitive(states, "working")->valuedouble == stat_mean(&r->st[1][SF_WORKING]));
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(states, "starved")));
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(states, "blocked")));
	ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "devices")));
	ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "links")));
	ck_assert(stat_mean(&r->line[LF_DROPPED]) > 0);	/* b's 2 places do fill */
	/* the constraint's utilization ranking: every entity once, busiest
	 * first, each with its kind, name and mean utilization */
	rank = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "constraint"), "utilization_ranking");
	ck_assert_int_eq(cJSON_GetArraySize(rank), res_nentities(r));
	ck_assert_int_eq(res_nentities(r), 2);
	for (int i = 0; i < 2; i++) {
		const cJSON *e = cJSON_GetArrayItem(rank, i);
		int k = strcmp(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, "a") ? 1 : 0;

		ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "kind")->valuestring, "station");
		ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring, k ? "b" : "a");
		ck_assert(cJSON_GetObjectItemCaseSensitive(e, "utilization")->valuedouble ==
			  stat_mean(&r->st[k][SF_UTILIZATION]));
	}
	/* a (10 ms at 80/s: 0.8) is busier than b (5 ms: 0.4) */
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rank, 0), "name")->valuestring, "a");
	cJSON_Delete(j);
	free(text);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_text_names_every_station)
{
	scen *s;
	res *r = sample(&s);
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	rtext_write(r, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "3 replications"));
	ck_assert_ptr_nonnull(strstr(text, "\n  a "));
	ck_assert_ptr_nonnull(strstr(text, "\n  b "));
	ck_assert_ptr_nonnull(strstr(text, "frames/s"));
	ck_assert_ptr_nonnull(strstr(text, "p99"));
	ck_assert_ptr_nonnull(strstr(text, "±"));	/* intervals with 3 replications */
	/* the line's WIP, as rtext prints an interval */
	{
		char want[128], num[64];

		rtext_value(num, sizeof num, stat_mean(&r->line[LF_WIP]),
			    stat_ci95(&r->line[LF_WIP]), 0);
		snprintf(want, sizeof want, "\n  work in progress  %s items\n", num);
		ck_assert_msg(strstr(text, want), "no \"%s\" in\n%s", want, text);
	}
	free(text);
	res_free(r);
	scen_free(s);
}
END_TEST

/* Figures in text have about four significant digits and no exponent in
 * the range people meet; each band starts where the last ends. */
START_TEST(test_text_numbers_by_size)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "0" }, { 12345.6, "12346" }, { 1e4, "10000" },
		{ 9999.94, "9999.9" }, { 100, "100.0" }, { 99.99, "99.99" },
		{ 0.5, "0.5" }, { 0.001, "0.001" }, { 0.000999, "9.99e-04" },
		{ -250, "-250.0" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rtext_value(buf, sizeof buf, cases[i].v, 0, 0);
		ck_assert_str_eq(buf, cases[i].want);
	}
	rtext_value(buf, sizeof buf, 100, 0.123, 0);
	ck_assert_str_eq(buf, "100.0 ±0.12");
}
END_TEST

Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, test_numbers_round_trip);
	tcase_add_test(tc, test_strings_are_escaped);
	tcase_add_test(tc, test_strings_that_are_not_text_are_escaped);
	tcase_add_test(tc, test_json_is_the_spec_results_object);
	tcase_add_test(tc, test_text_names_every_station);
	tcase_add_test(tc, test_text_numbers_by_size);
	suite_add_tcase(s, tc);
	return s;
}
