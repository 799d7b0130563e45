/*
 * t_tl.c: utilization timelines. Oracles: identities (a station's four
 * states sum to 1 in every bucket; with no warm-up the buckets, weighted
 * by their widths, give back the run's own figures), queueing theory for
 * M/M/1 with a tolerance from the buckets' own spread (batch means), and
 * the bounds the header promises (bucket counts, round widths, errors).
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/res.h"
#include "run/run.h"
#include "scenario/scen.h"
#include "view/tl.h"

#include "tutil.h"

Suite *tl_suite(void);

static tl *collect(const scen *s, simtime width)
{
	tl *t = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_msg(tl_collect(s, 0, 0, width, &t, &d) == 0, "%s", d.msg);
	return t;
}

static simtime bucket_width(const tl *t, int b)
{
	simtime a = (simtime)b * tl_width(t), e = a + tl_width(t);

	return (e < tl_end(t) ? e : tl_end(t)) - a;
}

/* The width-weighted mean of field f of entity e over every bucket. */
static double whole(const tl *t, int e, enum tl_field f)
{
	double sum = 0;

	for (int b = 0; b < tl_nbuckets(t); b++)
		sum += tl_value(t, b, e, f) * (double)bucket_width(t, b);
	return sum / (double)tl_end(t);
}

static void states_sum_to_1(const tl *t)
{
	for (int e = 0; e < tl_nentities(t); e++) {
		if (strcmp(tl_kind(t, e), "station"))
			continue;
		for (int b = 0; b < tl_nbuckets(t); b++) {
			double sum = 0;

			for (int f = TL_WORKING; f <= TL_WAITING; f++) {
				double v = tl_value(t, b, e, (enum tl_field)f);

				ck_assert(v >= 0 && v <= 1 + 1e-12);
				sum += v;
			}
			ck_assert_msg(fabs(sum - 1) <= 1e-12, "%s bucket %d: %.17g",
				      tl_name(t, e), b, sum);
		}
	}
}

START_TEST(test_states_sum_to_1)
{
	const char *files[] = { "scenarios/stop-sign.json",
				"scenarios/coffee-line.json",
				"scenarios/dice-game.json",
				"scenarios/data-parallel-dgx.json" };
	const char *sets[] = { "run.duration=20s" };

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		scen *s = tu_load(files[i], sets, 1);
		tl *t = collect(s, 0);

		ck_assert(tl_nbuckets(t) > 0);
		states_sum_to_1(t);
		tl_free(t);
		scen_free(s);
	}
}
END_TEST

#define NEAR(x, y) ck_assert_msg(fabs((x) - (y)) <= 1e-9 * fmax(1, fabs(y)), \
				 "%s = %.17g, want %.17g", #x, (double)(x), (double)(y))

/* With one replication and no warm-up the window is the whole run, so the
 * buckets weighted by width are the run's figures (exact but for
 * rounding: 1e-9 relative). */
static void totals_match(const scen *s, simtime width)
{
	run_opts o = { 0 };
	res *r = NULL;
	tl *t = collect(s, width);
	diag d;
	int e = 0;

	o.reps = 1;
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	ck_assert_int_eq(tl_warm(t), 0);
	NEAR(st_to_s(tl_end(t)), r->window_s.mean);
	NEAR(whole(t, 0, TL_THROUGHPUT), r->line[LF_THROUGHPUT].mean);
	NEAR(whole(t, 0, TL_WIP), r->line[LF_WIP].mean);
	for (int i = 0; i < s->nstations; i++) {
		e++;
		if (s->stations[i].kind != SCEN_STN_PERIODIC) {
			NEAR(whole(t, e, TL_WORKING), r->st[i][SF_WORKING].mean);
			NEAR(whole(t, e, TL_BLOCKED), r->st[i][SF_BLOCKED].mean);
			NEAR(whole(t, e, TL_WAITING), r->st[i][SF_WAITING].mean);
			NEAR(whole(t, e, TL_STARVED), r->st[i][SF_STARVED].mean);
			NEAR(whole(t, e, TL_UTILIZATION), r->st[i][SF_UTILIZATION].mean);
		}
		NEAR(whole(t, e, TL_QUEUE), r->st[i][SF_QUEUE].mean);
		NEAR(whole(t, e, TL_THROUGHPUT), r->st[i][SF_THROUGHPUT].mean);
	}
	for (int k = 0; k < s->ndevices; k++)
		NEAR(whole(t, ++e, TL_UTILIZATION), r->dev[k][DF_UTILIZATION].mean);
	for (int k = 0; k < s->nlinks; k++) {
		e++;
		/* the busier direction bucket by bucket may differ from the
		 * busier one over the run: only one-way links compare */
		if (!s->links[k].duplex)
			NEAR(whole(t, e, TL_UTILIZATION), r->lnk[k][KF_UTILIZATION].mean);
		NEAR(whole(t, e, TL_BYTES_PER_S), r->lnk[k][KF_BYTES_PER_S].mean);
	}
	ck_assert_int_eq(e + 1, tl_nentities(t));
	res_free(r);
	tl_free(t);
}

START_TEST(test_buckets_add_up_to_the_run)
{
	const char *files[] = { "scenarios/stop-sign.json",
				"scenarios/coffee-line.json",
				"scenarios/gpu-sharing.json",
				"scenarios/storage-bound.json" };
	const char *sets[] = { "run.duration=20s", "run.warmup=0s" };

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		scen *s = tu_load(files[i], sets, 2);

		totals_match(s, 0);
		/* a width that does not divide the run: a last, short bucket */
		totals_match(s, 3 * ST_S);
		scen_free(s);
	}
}
END_TEST

/* M/M/1 at rho = 0.5 (arrivals every 2 s, service 1 s, both exponential)
 * over 20000 s in 200 buckets of 100 s, each about nine times the
 * queue's relaxation time 1/(mu (1 - sqrt(rho))^2) = 11.7 s, so that the
 * buckets are nearly independent batch means. Utilization 0.5, queue
 * rho^2/(1 - rho) = 0.5, throughput 0.5/s, each within 4 standard errors
 * of the bucket means (a correct engine fails one of three such checks
 * about 2 times in 10^4). */
START_TEST(test_mm1)
{
	scen *s = tu_parse("{\"name\": \"mm1\", \"seed\": 7, \"run\": {\"duration\": \"20000s\"},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"q\", \"arrival\": {\"exponential\": \"2s\"}}],"
			" \"stations\": [{\"name\": \"q\", \"service\": {\"exponential\": \"1s\"}}]}");
	tl *t = collect(s, 100 * ST_S);
	enum tl_field fs[] = { TL_UTILIZATION, TL_QUEUE, TL_THROUGHPUT };
	double want[] = { 0.5, 0.5, 0.5 };
	int n = tl_nbuckets(t);

	ck_assert_int_eq(n, 200);
	for (int j = 0; j < 3; j++) {
		double sum = 0, ss = 0, mean, se;

		for (int b = 0; b < n; b++)
			sum += tl_value(t, b, 1, fs[j]);
		mean = sum / n;
		for (int b = 0; b < n; b++)
			ss += pow(tl_value(t, b, 1, fs[j]) - mean, 2);
		se = sqrt(ss / (n - 1) / n);
		ck_assert_msg(fabs(mean - want[j]) <= 4 * se, "%s: %g, want %g +- %g",
			      tl_field_name(fs[j]), mean, want[j], 4 * se);
	}
	/* one station, no transport: the line holds what the buffer and the
	 * server hold, bucket by bucket */
	for (int b = 0; b < n; b++)
		NEAR(tl_value(t, b, 0, TL_WIP),
		     tl_value(t, b, 1, TL_QUEUE) + tl_value(t, b, 1, TL_WORKING));
	tl_free(t);
	scen_free(s);
}
END_TEST

/* A run of items has no length beforehand: buckets start at 1 ns and
 * merge, 1 -> 2 -> 10 -> 20 ns ..., ending with 200 to 1000 of a round
 * width; the totals still add up. */
START_TEST(test_unknown_length_merges)
{
	scen *s = tu_parse("{\"name\": \"mm1\", \"run\": {\"items\": 20000},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"q\", \"arrival\": {\"exponential\": \"2ms\"}}],"
			" \"stations\": [{\"name\": \"q\", \"service\": {\"exponential\": \"1ms\"}}]}");
	tl *t = collect(s, 0);
	simtime w = tl_width(t);
	int n = tl_nbuckets(t);

	ck_assert_msg(n >= 200 && n <= 1000, "%d buckets", n);
	while (w % 10 == 0)
		w /= 10;
	ck_assert(w == 1 || w == 2);
	ck_assert_int_eq(tl_end(t) > (simtime)(n - 1) * tl_width(t), 1);
	ck_assert_int_eq(tl_end(t) <= (simtime)n * tl_width(t), 1);
	states_sum_to_1(t);
	tl_free(t);
	totals_match(s, 0);
	scen_free(s);
}
END_TEST

/* A known length: about 200 buckets of the smallest round width at least
 * length / 200 (65 s -> 500 ms: 130 buckets). */
START_TEST(test_default_width)
{
	const char *sets[] = { "run.duration=60s" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 1);
	tl *t = collect(s, 0);

	ck_assert_int_eq(tl_width(t), 500 * ST_MS);
	ck_assert_int_eq(tl_nbuckets(t), 130);
	ck_assert_int_eq(tl_warm(t), 5 * ST_S);
	ck_assert_int_eq(tl_end(t), 65 * ST_S);
	tl_free(t);
	scen_free(s);
}
END_TEST

START_TEST(test_bad_widths)
{
	const char *sets[] = { "run.duration=60s" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 1);
	scen *items = tu_parse("{\"name\": \"t\", \"run\": {\"items\": 1000},"
			    " \"sources\": [{\"name\": \"in\", \"to\": \"q\", \"arrival\": \"1ms\"}],"
			    " \"stations\": [{\"name\": \"q\", \"service\": \"0.5ms\"}]}");
	tl *t = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(tl_check_width(s, -1, &d), -1);
	ck_assert_str_eq(d.path, "--bucket");
	diag_clear(&d);
	/* 65 s in buckets of 650 us: exactly 100000, the most */
	ck_assert_int_eq(tl_check_width(s, 650 * ST_US, &d), 0);
	ck_assert_int_eq(tl_check_width(s, 649 * ST_US, &d), -1);
	ck_assert_msg(strstr(d.msg, "100000") != NULL, "%s", d.msg);
	diag_clear(&d);
	ck_assert_int_eq(tl_collect(s, 0, 0, 1, &t, &d), -1);
	ck_assert(t == NULL);
	/* a run of items learns it only as it goes: 1 s in 1 ns buckets */
	ck_assert_int_eq(tl_check_width(items, 1, &d), 0);
	diag_clear(&d);
	ck_assert_int_eq(tl_collect(items, 0, 0, 1, &t, &d), -1);
	ck_assert(t == NULL);
	ck_assert_str_eq(d.path, "--bucket");
	scen_free(items);
	scen_free(s);
}
END_TEST

static char *write_to_string(const tl *t, int json, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert(f != NULL);
	ck_assert_int_eq(json ? tl_json(t, f) : tl_csv(t, f), 0);
	fclose(f);
	return buf;
}

/* CSV: a header, then one row per bucket and entity, 13 columns each;
 * JSON: every field an array of one value per bucket. Twice the same
 * bytes for the same seed. */
START_TEST(test_writers)
{
	const char *sets[] = { "run.duration=10s" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 1);
	tl *t = collect(s, 0), *t2 = collect(s, 0);
	size_t n, n2, rows = 0;
	char *csv = write_to_string(t, 0, &n), *csv2 = write_to_string(t2, 0, &n2);
	char *json = write_to_string(t, 1, &n);
	cJSON *root = cJSON_Parse(json), *ents, *e;

	ck_assert(strncmp(csv, "t_start_s,t_end_s,kind,name,working,starved,", 44) == 0);
	for (char *p = csv; (p = strchr(p, '\n')); p++) {
		rows++;
	}
	ck_assert_int_eq(rows, 1 + (size_t)tl_nbuckets(t) * (size_t)tl_nentities(t));
	for (char *row = strchr(csv, '\n') + 1; *row; row = strchr(row, '\n') + 1) {
		int commas = 0;

		for (char *p = row; *p != '\n'; p++)
			commas += *p == ',';
		ck_assert_int_eq(commas, 12);
	}
	ck_assert(strcmp(csv, csv2) == 0);
	/* and the bytes themselves, pinned */
	tu_golden("timeline-stop-sign.csv", csv);
	tu_golden("timeline-stop-sign.json", json);
	ck_assert(root != NULL);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "t_s")),
			 tl_nbuckets(t));
	ents = cJSON_GetObjectItemCaseSensitive(root, "entities");
	ck_assert_int_eq(cJSON_GetArraySize(ents), tl_nentities(t));
	cJSON_ArrayForEach(e, ents) {
		cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "throughput");
		const char *kind = cJSON_GetObjectItemCaseSensitive(e, "kind")->valuestring;

		if (!strcmp(kind, "line") || !strcmp(kind, "station"))
			ck_assert_int_eq(cJSON_GetArraySize(w), tl_nbuckets(t));
		else
			ck_assert(w == NULL);
	}
	cJSON_Delete(root);
	free(csv);
	free(csv2);
	free(json);
	tl_free(t);
	tl_free(t2);
	scen_free(s);
}
END_TEST

/* A raised stop flag gives up: 1, and no timeline. */
START_TEST(test_stop)
{
	scen *s = tu_parse("{\"name\": \"t\", \"run\": {\"duration\": \"1h\"},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"q\", \"arrival\": {\"exponential\": \"2ms\"}}],"
			" \"stations\": [{\"name\": \"q\", \"service\": {\"exponential\": \"1ms\"}}]}");
	volatile sig_atomic_t flag = 1;
	tl *t = NULL;
	diag d;

	ck_assert_int_eq(tl_collect_stop(s, 0, 0, 0, &flag, &t, &d), 1);
	ck_assert(t == NULL);
	scen_free(s);
}
END_TEST

Suite *tl_suite(void)
{
	Suite *s = suite_create("tl");
	TCase *tc = tcase_create("tl");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_states_sum_to_1);
	tcase_add_test(tc, test_buckets_add_up_to_the_run);
	tcase_add_test(tc, test_mm1);
	tcase_add_test(tc, test_unknown_length_merges);
	tcase_add_test(tc, test_default_width);
	tcase_add_test(tc, test_bad_widths);
	tcase_add_test(tc, test_writers);
	tcase_add_test(tc, test_stop);
	suite_add_tcase(s, tc);
	return s;
}
