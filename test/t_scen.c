/*
 * t_scen.c: the scenario reader (suite "scen").
 *
 * Oracles: the scenario sketches of test/valid/cases.json must all read,
 * with spot checks of typed values against the numbers written in them;
 * every distribution form and every unit reads to the value worked out by
 * hand here; --set edits read as if the file had said so; and the
 * bad-input corpus test/bad/NNN-*.json (with optional .set arguments, one
 * per line) must fail with exactly the text of its .err file. Run with
 * HB_UPDATE=1 to rewrite the .err files (golden files, as cimba does) and
 * then read the diff: a golden file is only as good as its review.
 *
 * Fault injection fails the 1st, 2nd, ... allocation of a realistic parse
 * until one succeeds; every failure must come back as -1 with "out of
 * memory" and, under ASan, leak nothing. cJSON's own allocations do not go
 * through hb_*, so they are not covered here.
 *
 * The tests run from the repository root (make unit does).
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "scenario/scen.h"

Suite *scen_suite(void);

#define BAD_DIR "test/bad"
#define CASES "test/valid/cases.json"

/* The whole file in a NUL-terminated heap buffer (malloc, not hb_: the
 * fault-injection test must not fail here), or NULL if it is missing. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Parse text with sets; fail the test with the message if it does not
 * read. */
static scen *parse_ok(const char *text, const char *const *sets, int nsets)
{
	char msg[2048];
	scen *s = NULL;
	diag d;

	if (scen_parse("t.json", text, strlen(text), sets, nsets, &s, &d) < 0) {
		diag_format(&d, msg, sizeof msg);
		ck_abort_msg("scenario did not read:\n%s\n%s", text, msg);
	}
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Parse text that must fail; the formatted message goes to out. */
static void parse_bad(const char *text, const char *const *sets, int nsets,
		      char *out, size_t n)
{
	scen *s = (scen *)1;
	diag d;

	ck_assert_int_eq(scen_parse("t.json", text, strlen(text), sets, nsets,
				    &s, &d), -1);
	ck_assert_ptr_null(s);
	diag_format(&d, out, n);
}

static int close_to(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(1, fabs(b));
}

#define ck_near(a, b) \
	ck_assert_msg(close_to((a), (b)), "%s = %.17g, expected %.17g", #a, \
		      (double)(a), (double)(b))

/* ------------------------------------------------------------------ */
/* Good scenarios                                                      */

static scen *case_scenario(const char *id)
{
	char *text = slurp(CASES, NULL), *one;
	cJSON *root, *c;
	scen *s = NULL;

	ck_assert_msg(text != NULL, "cannot read %s (run from the repo root)",
		      CASES);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases")) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");

		if (!cJSON_IsString(cid) || strcmp(cid->valuestring, id) != 0)
			continue;
		one = cJSON_Print(cJSON_GetObjectItemCaseSensitive(c,
								   "scenario"));
		ck_assert_ptr_nonnull(one);
		s = parse_ok(one, NULL, 0);
		cJSON_free(one);
	}
	cJSON_Delete(root);
	free(text);
	ck_assert_msg(s != NULL, "no case %s in %s", id, CASES);
	return s;
}

START_TEST(test_cases_json)
{
	char *text = slurp(CASES, NULL);
	cJSON *root, *c;
	int n = 0;

	ck_assert_msg(text != NULL, "cannot read %s", CASES);
	root = cJSON_Parse(text);
	ck_assert_ptr_nonnull(root);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "cases")) {
		const cJSON *sc = cJSON_GetObjectItemCaseSensitive(c,
								   "scenario");
		char *one;
		scen *s;

		if (!sc)
			continue;
		one = cJSON_Print(sc);
		s = parse_ok(one, NULL, 0);
		ck_assert_str_eq(s->name, cJSON_GetObjectItemCaseSensitive(
					  sc, "name")->valuestring);
		scen_free(s);
		cJSON_free(one);
		n++;
	}
	cJSON_Delete(root);
	free(text);
	/* 17 sketches in the public subset today; fewer means the file or
	 * this loop broke. */
	ck_assert_int_ge(n, 17);
}
END_TEST

START_TEST(test_little_mixed_line)
{
	scen *s = case_scenario("little-mixed-line");
	const scen_station *dec, *det;

	ck_assert_int_eq(s->nstations, 3);
	dec = &s->stations[scen_station_index(s, "decode")];
	det = &s->stations[scen_station_index(s, "detect")];
	ck_assert_int_eq(dec->servers, 2);
	ck_assert_int_eq(dec->capacity, 10);
	ck_assert_int_eq(dec->on_full, FULL_DROP);
	ck_assert_int_eq(dec->service.kind, DIST_GAMMA);
	ck_near(dist_mean(&dec->service), 0.015);
	ck_near(dec->service.b, 0.7);
	ck_assert_int_eq(dec->next, NEXT_ONE);
	ck_assert_int_eq(dec->routes[0].to, scen_station_index(s, "detect"));
	ck_assert_int_eq(dec->transport, TRANSPORT_DELAY);
	ck_assert_int_eq(dec->transport_delay.kind, DIST_EXP);
	ck_near(dist_mean(&dec->transport_delay), 0.001);
	ck_assert_int_eq(det->on_full, FULL_BLOCK);
	ck_assert_int_eq(det->capacity, 3);
	ck_assert_int_eq(det->service.kind, DIST_LOGNORMAL);
	ck_near(dist_mean(&det->service), 0.008);
	ck_assert_int_eq(s->stations[2].service.kind, DIST_UNIFORM);
	ck_assert_int_eq(s->stations[2].next, NEXT_NONE);
	ck_assert_int_eq(s->run.items, 1000000);
	ck_assert_int_eq(s->run.duration, 0);
	ck_assert_int_eq(s->run.warm, WARM_ITEMS);
	ck_assert_int_eq(s->run.warm_items, 10000);
	ck_assert_int_eq(s->run.replications, 10);
	ck_assert_int_eq(s->nsources, 1);
	ck_assert_int_eq(s->sources[0].kind, SCEN_SRC_OPEN);
	ck_assert_int_eq(s->sources[0].arrival.kind, DIST_EXP);
	ck_near(dist_mean(&s->sources[0].arrival), 0.01);	/* 100/s */
	ck_assert_int_eq(s->sources[0].to, scen_station_index(s, "decode"));
	ck_assert_int_eq(scen_source_index(s, "arrivals"), 0);
	ck_assert_int_eq(scen_source_index(s, "nobody"), -1);
	ck_assert_int_eq(scen_station_index(s, "nobody"), -1);
	scen_free(s);
}
END_TEST

START_TEST(test_other_cases)
{
	scen *s = case_scenario("closed-interactive");

	ck_assert_int_eq(s->sources[0].kind, SCEN_SRC_CLOSED);
	ck_assert_int_eq(s->sources[0].clients, 10);
	ck_assert_int_eq(s->sources[0].think.kind, DIST_EXP);
	ck_near(dist_mean(&s->sources[0].think), 0.1);
	scen_free(s);

	s = case_scenario("batching-saturated");
	ck_assert_int_eq(s->sources[0].kind, SCEN_SRC_SATURATE);
	ck_assert(s->stations[0].batching.on);
	ck_assert_int_eq(s->stations[0].batching.max_batch, 8);
	ck_assert_int_eq(s->stations[0].batching.max_delay, 0);
	ck_assert_int_eq(s->stations[0].batching.max_queue, -1);
	ck_near(s->stations[0].batching.base, 0.003);
	ck_near(s->stations[0].batching.per_item, 0.0007);
	ck_assert_int_eq(s->stations[0].has_service, 0);
	ck_assert_int_eq(s->run.duration, 60 * ST_S);
	ck_assert_int_eq(s->run.warm, WARM_TIME);
	ck_assert_int_eq(s->run.warm_time, ST_S);
	scen_free(s);

	s = case_scenario("det-stopsign-open");
	ck_assert_int_eq(s->run.warm, WARM_NONE);
	ck_assert_int_eq(s->run.replications, 1);
	ck_assert_int_eq(s->stations[0].ndevices, 1);
	ck_assert_str_eq(s->stations[0].devices[0], "gpu0");
	ck_assert_int_eq(s->stations[0].transport, TRANSPORT_VIA);
	ck_assert_int_eq(s->stations[0].nvia, 1);
	ck_assert_str_eq(s->stations[0].via[0], "pcie0");
	ck_near(s->stations[0].transport_bytes, 1.2e6);
	ck_near(s->stations[1].transport_bytes, 240e3);
	ck_assert_int_eq(s->sources[0].arrival.kind, DIST_CONST);
	ck_near(s->sources[0].arrival.a, 0.015);
	ck_assert_ptr_nonnull(s->hardware);
	ck_assert_ptr_nonnull(strstr(s->hardware, "\"pcie0\":{"));
	ck_assert_ptr_null(s->goal_text);
	ck_assert_ptr_null(s->levers_text);
	scen_free(s);

	s = case_scenario("erlangb-lognormal-c3");
	ck_assert_int_eq(s->stations[0].capacity, 0);
	ck_assert_int_eq(s->stations[0].servers, 3);
	scen_free(s);
}
END_TEST

/* The smallest scenario, and what every default is. */
static const char *minimal =
	"{\"name\": \"m\", \"run\": {\"duration\": 10},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": 4}],"
	" \"stations\": [{\"name\": \"a\", \"service\": 0.1}]}";

START_TEST(test_defaults)
{
	scen *s = parse_ok(minimal, NULL, 0);
	const scen_station *st = &s->stations[0];
	const scen_source *src = &s->sources[0];

	ck_assert_str_eq(s->description, "");
	ck_assert_str_eq(s->notes, "");
	ck_assert_uint_eq(s->seed, 1);
	ck_assert_int_eq(s->run.duration, 10 * ST_S);
	ck_assert_int_eq(s->run.items, 0);
	ck_assert_int_eq(s->run.warm, WARM_NONE);
	ck_assert_int_eq(s->run.replications, 1);
	ck_assert_int_eq(src->kind, SCEN_SRC_OPEN);
	ck_near(dist_mean(&src->arrival), 0.25);
	ck_assert_int_eq(src->limit, -1);
	ck_near(src->items_per_unit, 1);
	ck_assert_str_eq(src->unit, "items");
	ck_near(src->bytes, 0);
	ck_assert_int_eq(st->kind, SCEN_STN_PROCESS);
	ck_assert_int_eq(st->servers, 1);
	ck_assert_int_eq(st->capacity, -1);
	ck_assert_int_eq(st->on_full, FULL_BLOCK);
	ck_assert(st->has_service);
	ck_assert_int_eq(st->service.kind, DIST_CONST);
	ck_assert_int_eq(st->batching.on, 0);
	ck_assert_int_eq(st->ndevices, 0);
	ck_assert_int_eq(st->next, NEXT_NONE);
	ck_assert_int_eq(st->join, -1);
	ck_assert_int_eq(st->transport, TRANSPORT_NONE);
	ck_assert_int_eq(st->initial, 0);
	ck_assert_ptr_null(s->hardware);
	ck_assert_int_eq(s->nowned, 0);
	scen_free(s);
	scen_free(NULL);
}
END_TEST

/* Every form of a time distribution, with the values the spec's table
 * gives, in a line of one station per form. */
START_TEST(test_every_distribution)
{
	static const char *text =
		"{\"name\": \"dists\", \"run\": {\"items\": \"1M\"},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"s0\","
		"   \"arrival\": {\"exponential\": \"8ms\"}}],"
		" \"stations\": ["
		"  {\"name\": \"s0\", \"service\": \"8ms\", \"next\": \"s1\"},"
		"  {\"name\": \"s1\", \"service\": 0.008, \"next\": \"s2\"},"
		"  {\"name\": \"s2\", \"service\": {\"uniform\": [\"1ms\", \"3ms\"]}, \"next\": \"s3\"},"
		"  {\"name\": \"s3\", \"service\": {\"uniform_int\": [1, 6]}, \"next\": \"s4\"},"
		"  {\"name\": \"s4\", \"service\": {\"normal\": {\"mean\": \"8ms\", \"sd\": \"1ms\"}}, \"next\": \"s5\"},"
		"  {\"name\": \"s5\", \"service\": {\"lognormal\": {\"mean\": \"8ms\", \"cv\": 0.5}}, \"next\": \"s6\"},"
		"  {\"name\": \"s6\", \"service\": {\"erlang\": {\"mean\": \"8ms\", \"k\": 4}}, \"next\": \"s7\"},"
		"  {\"name\": \"s7\", \"service\": {\"gamma\": {\"mean\": \"8ms\", \"cv\": 0.7}}, \"next\": \"s8\"},"
		"  {\"name\": \"s8\", \"service\": {\"triangular\": [\"1ms\", \"2ms\", \"6ms\"]}, \"next\": \"s9\"},"
		"  {\"name\": \"s9\", \"service\": {\"empirical\": [\"3ms\", \"4ms\", \"9ms\"]}}"
		" ]}";
	scen *s = parse_ok(text, NULL, 0);
	const scen_station *st = s->stations;

	ck_assert_int_eq(s->run.items, 1000000);
	ck_assert_int_eq(s->sources[0].arrival.kind, DIST_EXP);
	ck_near(s->sources[0].arrival.a, 0.008);
	ck_assert_int_eq(st[0].service.kind, DIST_CONST);
	ck_near(st[0].service.a, 0.008);
	ck_assert_int_eq(st[1].service.kind, DIST_CONST);
	ck_near(st[1].service.a, 0.008);
	ck_assert_int_eq(st[2].service.kind, DIST_UNIFORM);
	ck_near(st[2].service.a, 0.001);
	ck_near(st[2].service.b, 0.003);
	ck_assert_int_eq(st[3].service.kind, DIST_UNIFORM_INT);
	ck_near(st[3].service.a, 1);
	ck_near(st[3].service.b, 6);
	ck_assert_int_eq(st[4].service.kind, DIST_NORMAL);
	ck_near(st[4].service.a, 0.008);
	ck_near(st[4].service.b, 0.001);
	ck_assert_int_eq(st[5].service.kind, DIST_LOGNORMAL);
	ck_near(dist_mean(&st[5].service), 0.008);
	ck_near(st[5].service.b, 0.5);
	ck_assert_int_eq(st[6].service.kind, DIST_ERLANG);
	ck_assert_int_eq(st[6].service.k, 4);
	ck_near(dist_mean(&st[6].service), 0.008);
	ck_assert_int_eq(st[7].service.kind, DIST_GAMMA);
	ck_near(dist_mean(&st[7].service), 0.008);
	ck_near(st[7].service.b, 0.7);
	ck_assert_int_eq(st[8].service.kind, DIST_TRIANGULAR);
	ck_near(st[8].service.a, 0.001);
	ck_near(st[8].service.c, 0.002);
	ck_near(st[8].service.b, 0.006);
	ck_assert_int_eq(st[9].service.kind, DIST_EMPIRICAL);
	ck_assert_uint_eq(st[9].service.n, 3);
	ck_near(st[9].service.v[0], 0.003);
	ck_near(st[9].service.v[2], 0.009);
	ck_near(dist_mean(&st[9].service), 0.016 / 3);
	ck_assert_int_eq(s->nowned, 1);
	ck_assert_ptr_eq(s->owned[0], st[9].service.v);
	scen_free(s);
}
END_TEST

/* Every unit of the spec's table, through the field that takes it. */
START_TEST(test_every_unit)
{
	static const struct { const char *text; double s; } times[] = {
		{ "\"250ns\"", 250e-9 }, { "\"3us\"", 3e-6 },
		{ "\"8ms\"", 0.008 }, { "\"1.5 s\"", 1.5 },
		{ "\"2min\"", 120 }, { "\"1h\"", 3600 }, { "0.25", 0.25 },
	};
	static const struct { const char *text; double b; } sizes[] = {
		{ "\"600B\"", 600 }, { "\"600KB\"", 600e3 },
		{ "\"1.2MB\"", 1.2e6 }, { "\"2GB\"", 2e9 }, { "\"1TB\"", 1e12 },
		{ "\"1KiB\"", 1024 }, { "\"1MiB\"", 1048576 },
		{ "\"1.5GiB\"", 1.5 * 1073741824.0 },
		{ "\"1TiB\"", 1099511627776.0 }, { "4096", 4096 },
	};
	static const struct { const char *text; double mean; } rates[] = {
		{ "\"300/s\"", 1 / 300.0 }, { "\"12/min\"", 5 },
		{ "\"7200/h\"", 0.5 }, { "50", 0.02 },
	};
	char text[1024];
	size_t i;
	scen *s;

	for (i = 0; i < sizeof times / sizeof times[0]; i++) {
		snprintf(text, sizeof text,
			 "{\"name\": \"u\", \"run\": {\"duration\": %s},"
			 " \"sources\": [{\"name\": \"in\", \"to\": \"a\","
			 " \"arrival\": %s}], \"stations\": [{\"name\": \"a\","
			 " \"kind\": \"periodic\", \"period\": %s,"
			 " \"per_period\": 1}]}",
			 times[i].text, times[i].text, times[i].text);
		s = parse_ok(text, NULL, 0);
		ck_assert_int_eq(s->run.duration, st_from_s(times[i].s));
		ck_near(s->sources[0].arrival.a, times[i].s);
		ck_assert_int_eq(s->stations[0].period, st_from_s(times[i].s));
		scen_free(s);
	}
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		snprintf(text, sizeof text,
			 "{\"name\": \"u\", \"run\": {\"duration\": 1},"
			 " \"sources\": [{\"name\": \"in\", \"to\": \"a\","
			 " \"rate\": 1, \"bytes\": %s}],"
			 " \"stations\": [{\"name\": \"a\", \"service\": 0,"
			 " \"memory\": %s}]}", sizes[i].text, sizes[i].text);
		s = parse_ok(text, NULL, 0);
		ck_near(s->sources[0].bytes, sizes[i].b);
		ck_near(s->stations[0].memory, sizes[i].b);
		scen_free(s);
	}
	for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		snprintf(text, sizeof text,
			 "{\"name\": \"u\", \"run\": {\"duration\": 1},"
			 " \"goal\": {\"throughput\": %s},"
			 " \"sources\": [{\"name\": \"in\", \"to\": \"a\","
			 " \"rate\": %s, \"limit\": \"7B\"}],"
			 " \"stations\": [{\"name\": \"a\", \"service\": 0}]}",
			 rates[i].text, rates[i].text);
		s = parse_ok(text, NULL, 0);
		ck_near(dist_mean(&s->sources[0].arrival), rates[i].mean);
		ck_assert_int_eq(s->sources[0].limit, INT64_C(7000000000));
		ck_assert_ptr_nonnull(s->goal_text);
		scen_free(s);
	}
}
END_TEST

/* Routes by probability, a fork with its join, periodic stations, and the
 * fields that only matter to later parts (kept as text). */
START_TEST(test_structure)
{
	static const char *text =
		"{\"name\": \"shapes\", \"seed\": 42, \"notes\": \"n\","
		" \"description\": \"d\","
		" \"run\": {\"duration\": \"1min\", \"warmup\": \"auto\", \"replications\": 5},"
		" \"hardware\": {\"preset\": \"dgx-h100\", \"devices\": {\"gpu0\": {\"type\": \"a100-80gb\"}}, \"links\": {}},"
		" \"goal\": {\"throughput\": \"1000/s\", \"latency_p99\": \"50ms\"},"
		" \"levers\": [{\"set\": \"stations.split.servers\", \"values\": [1, 2], \"cost\": \"2$/h\"}],"
		" \"sources\": [{\"name\": \"users\", \"to\": \"split\", \"closed\": {\"clients\": 64, \"think\": {\"exponential\": \"50ms\"}}},"
		"   {\"name\": \"loader\", \"to\": \"route\", \"saturate\": true, \"items_per_unit\": 256, \"unit\": \"images\", \"limit\": 100}],"
		" \"stations\": ["
		"  {\"name\": \"route\", \"service\": \"1ms\", \"next\": [{\"to\": \"split\", \"p\": 0.7}, {\"to\": \"out\", \"p\": 0.3}]},"
		"  {\"name\": \"split\", \"service\": \"1ms\", \"device\": [\"gpu0\", \"gpu1\"], \"next\": {\"fork\": [\"left\", \"right\"], \"join\": \"merge\"}},"
		"  {\"name\": \"left\", \"service\": \"4ms\", \"next\": \"merge\"},"
		"  {\"name\": \"right\", \"service\": \"6ms\", \"next\": \"merge\"},"
		"  {\"name\": \"merge\", \"service\": \"1ms\", \"batching\": {\"max_batch\": 8, \"max_delay\": \"2ms\", \"preferred\": [4, 8], \"max_queue\": 100}, \"next\": \"p1\"},"
		"  {\"name\": \"p1\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"simultaneous\", \"initial\": 4, \"next\": \"out\"},"
		"  {\"name\": \"out\", \"on_full\": \"drop\", \"capacity\": 0, \"batching\": {\"max_batch\": 4, \"time\": {\"table\": [[1, \"2ms\"], [4, \"5ms\"]]}}}"
		" ]}";
	scen *s = parse_ok(text, NULL, 0);
	const scen_station *st;

	ck_assert_uint_eq(s->seed, 42);
	ck_assert_str_eq(s->notes, "n");
	ck_assert_str_eq(s->description, "d");
	ck_assert_int_eq(s->run.warm, WARM_AUTO);
	ck_assert_int_eq(s->run.replications, 5);
	ck_assert_int_eq(s->run.duration, 60 * ST_S);
	ck_assert_str_eq(s->goal_text,
			 "{\"throughput\":\"1000/s\",\"latency_p99\":\"50ms\"}");
	ck_assert_str_eq(s->levers_text, "[{\"set\":\"stations.split.servers\","
			 "\"values\":[1,2],\"cost\":\"2$/h\"}]");
	ck_assert_ptr_nonnull(strstr(s->hardware, "\"preset\":\"dgx-h100\""));
	ck_assert_int_eq(s->sources[1].kind, SCEN_SRC_SATURATE);
	ck_near(s->sources[1].items_per_unit, 256);
	ck_assert_str_eq(s->sources[1].unit, "images");
	ck_assert_int_eq(s->sources[1].limit, 100);
	ck_assert_int_eq(s->sources[0].clients, 64);

	st = &s->stations[0];
	ck_assert_int_eq(st->next, NEXT_PROB);
	ck_assert_int_eq(st->nroutes, 2);
	ck_assert_int_eq(st->routes[0].to, 1);
	ck_near(st->routes[0].p, 0.7);
	ck_assert_int_eq(st->routes[1].to, 6);
	ck_near(st->routes[1].p, 0.3);

	st = &s->stations[1];
	ck_assert_int_eq(st->next, NEXT_FORK);
	ck_assert_int_eq(st->nroutes, 2);
	ck_assert_int_eq(st->routes[0].to, 2);
	ck_assert_int_eq(st->routes[1].to, 3);
	ck_assert_int_eq(st->join, 4);
	ck_assert_int_eq(st->ndevices, 2);
	ck_assert_str_eq(st->devices[1], "gpu1");

	st = &s->stations[4];
	ck_assert(st->batching.on);
	ck_assert_int_eq(st->batching.max_batch, 8);
	ck_assert_int_eq(st->batching.max_delay, 2 * ST_MS);
	ck_assert_int_eq(st->batching.npreferred, 2);
	ck_assert_int_eq(st->batching.preferred[1], 8);
	ck_assert_int_eq(st->batching.max_queue, 100);
	ck_assert(st->has_service);

	st = &s->stations[5];
	ck_assert_int_eq(st->kind, SCEN_STN_PERIODIC);
	ck_assert_int_eq(st->period, ST_S);
	ck_assert_int_eq(st->per_period.kind, DIST_UNIFORM_INT);
	ck_near(st->per_period.b, 6);
	ck_assert_int_eq(st->turns, TURNS_SIMULTANEOUS);
	ck_assert_int_eq(st->initial, 4);

	st = &s->stations[6];
	ck_assert_int_eq(st->on_full, FULL_DROP);
	ck_assert_int_eq(st->capacity, 0);
	ck_assert_int_eq(st->batching.ntable, 2);
	ck_assert_int_eq(st->batching.table_n[1], 4);
	ck_near(st->batching.table_t[1], 0.005);
	ck_assert_int_eq(st->has_service, 0);
	scen_free(s);
}
END_TEST

/* A catalog device without a memory figure (the generic "cpu") has
 * memory 0, unknown: whatever the stations on it keep is not checked
 * against it. Given a figure, the same placement is checked and refused. */
START_TEST(test_device_memory_unknown)
{
	static const char *fmt =
		"{\"name\": \"m\", \"run\": {\"duration\": 1},"
		" \"hardware\": {\"devices\": {\"host\": {\"type\": \"cpu\"%s}}},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": 1}],"
		" \"stations\": [{\"name\": \"a\", \"service\": 0.1,"
		" \"device\": \"host\", \"memory\": \"2GB\"}]}";
	char text[1024], msg[2048];
	scen *s;

	snprintf(text, sizeof text, fmt, "");
	s = parse_ok(text, NULL, 0);
	ck_assert_int_eq(s->ndevices, 1);
	ck_assert_int_eq(s->devices[0].kind, SCEN_DEV_CPU);
	ck_near(s->devices[0].memory, 0);
	ck_near(s->stations[0].memory, 2e9);
	scen_free(s);

	snprintf(text, sizeof text, fmt, ", \"memory\": \"1GB\"");
	parse_bad(text, NULL, 0, msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "stations[0].memory: does not fit: "
				     "host holds 1GB, but the stations placed "
				     "on it need 2GB (a: 2GB)"));
}
END_TEST

/* Without a trailing NUL, with a BOM, and with a NULL text. */
START_TEST(test_text_edges)
{
	size_t n = strlen(minimal);
	char *buf = malloc(n + 10), msg[1024];
	scen *s;
	diag d;

	/* The byte after the text is not a NUL: the reader must not care. */
	memcpy(buf, minimal, n);
	memset(buf + n, '}', 10);
	ck_assert_int_eq(scen_parse("x", buf, n, NULL, 0, &s, &d), 0);
	scen_free(s);
	/* ... nor read it when the text is cut short. */
	ck_assert_int_eq(scen_parse("x", buf, n - 1, NULL, 0, &s, &d), -1);
	diag_format(&d, msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "ends before the scenario does"));
	free(buf);

	/* A UTF-8 BOM is skipped, and positions still find their place. */
	buf = malloc(n + 4);
	memcpy(buf, "\xEF\xBB\xBF", 3);
	strcpy(buf + 3, minimal);
	ck_assert_int_eq(scen_parse("x", buf, n + 3, NULL, 0, &s, &d), 0);
	scen_free(s);
	strstr(buf, "0.1")[0] = '-';
	ck_assert_int_eq(scen_parse("x", buf, n + 3, NULL, 0, &s, &d), -1);
	ck_assert_str_eq(d.path, "stations[0].service");
	ck_assert_str_eq(d.msg, "must not be negative");
	ck_assert_int_eq(d.col, (int)(strstr(buf, "-.1") - buf) + 1);
	free(buf);

	ck_assert_int_eq(scen_parse(NULL, NULL, 0, NULL, 0, &s, &d), -1);
	ck_assert_str_eq(d.msg, "invalid JSON: the text is empty");
	/* cJSON would stop at a NUL and accept what came before it. */
	ck_assert_int_eq(scen_parse("x", "{}\0{", 4, NULL, 0, &s, &d), -1);
	ck_assert_str_eq(d.msg, "invalid JSON: a NUL byte in the text");
	ck_assert_int_eq(d.col, 3);
}
END_TEST

/* Messages and places for the corners of the syntax scanner and of key
 * quoting, checked field by field (the corpus checks whole reports). */
START_TEST(test_messages)
{
	static const struct {
		const char *text, *path, *msg;
		int col;
	} t[] = {
		{ "{\"name\": \"\\u12\"}", "",
		  "invalid JSON: \\u needs 4 hex digits", 11 },
		{ "{\"name\": \"\\udc00\"}", "",
		  "invalid JSON: a lone \\u surrogate", 11 },
		{ "{\"name\": \"\\ud800x\"}", "",
		  "invalid JSON: a lone \\u surrogate", 11 },
		{ "{\"name\": \"\\ud83d\\ude00\"} x", "",
		  "invalid JSON: unexpected text after the scenario", 26 },
		{ "{\"name\": \"abc", "",
		  "invalid JSON: this string has no closing '\"'", 10 },
		{ "{\"name\": tru}", "", "invalid JSON: expected a value, "
		  "got tru (a string needs double quotes)", 10 },
		/* every kind of character a bare word is read with, to its end */
		{ "{\"name\": AZaz09_./%$,}", "", "invalid JSON: expected a value, "
		  "got AZaz09_./%$ (a string needs double quotes)", 10 },
		/* a long bare word is cut at 40 characters */
		{ "{\"name\": aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}", "", "invalid JSON: expected a value, "
		  "got aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a string needs double quotes)", 10 },
		{ "{\"name\": -}", "",
		  "invalid JSON: expected a number after '-'", 10 },
		{ "{\"name\": 'x'}", "", "invalid JSON: a string needs double "
		  "quotes, not single ones", 10 },
		{ "{\"name\": 1e5x}", "", "invalid JSON: 1e5x is not a number "
		  "(a quantity with a unit is a string: \"1e5x\")", 10 },
		{ "{\"name\": .5}", "", "invalid JSON: a number needs a digit "
		  "before its '.' (0.5, not .5)", 10 },
		{ "{\"seed\": 1234567890123456789012345678901234567890123456789"
		  "0123456789012345}", "seed", "must be at most "
		  "9007199254740991", 10 },
		{ "{\"name\": @}", "", "invalid JSON: expected a value, got '@'",
		  10 },
		{ "{\"name\": \xff}", "",
		  "invalid JSON: expected a value, got byte 0xff", 10 },
		{ "[1, 2,]", "", "invalid JSON: a comma before ']' (JSON "
		  "allows no trailing comma)", 6 },
		{ "{\"a\": [1, 2}", "", "invalid JSON: expected ',' or ']' "
		  "before this (is a comma missing?)", 12 },
		{ "{\"a\" 1}", "",
		  "invalid JSON: expected ':' after the key, got '1'", 6 },
		{ "{\"a\": 1, 5}", "",
		  "invalid JSON: expected a key in double quotes, got '5'", 10 },
		{ "{\"a\": \"x\ny\" 1}", "", "invalid JSON: this string runs on "
		  "past the end of its line: is its closing '\"' missing?", 7 },
		{ "  \n ", "", "invalid JSON: the text is empty", 1 },
		{ "{", "", "invalid JSON: the text ends before the scenario "
		  "does (a '}' is missing)", 2 },
		/* keys that need quoting in a path, and in a message */
		{ "{\"sta tions\": 1}", "[\"sta tions\"]", "unknown key \"sta "
		  "tions\" (expected one of: name, description, notes, seed, "
		  "run, hardware, sources, stations, goal, levers); did you "
		  "mean \"stations\"?", 2 },
		{ "{\"x\\\"\\u0001\": 1}", "[\"x\\\"?\"]", "unknown key "
		  "\"x\\\"\\x01\" (expected one of: name, description, notes, "
		  "seed, run, hardware, sources, stations, goal, levers)", 2 },
		{ "{\"hardware\": {\"devices\": {\"gpu 0\": 1}}}",
		  "hardware.devices[\"gpu 0\"]", "expected an object (the "
		  "device's fields), got a number", 36 },
		{ "{\"k123456789012345678901234567890123456789012345678901234"
		  "567890123456789\": 1}", "k12345678901234567890123456789012"
		  "3456789012345678901234567890123456789", "unknown key "
		  "\"k12345678901234567890123456789012345678901234567890123456"
		  "789...\" (expected one of: name, description, notes, seed, "
		  "run, hardware, sources, stations, goal, levers)", 2 },
		{ "{\"name\": null}", "name", "expected a string, got null", 10 },
		{ "{\"seed\": false}", "seed", "expected an integer, got false",
		  10 },
		/* a station's name is checked for its characters before it is
		 * copied; an empty one is still refused as empty */
		{ "{\"stations\": [{\"name\": \"\"}]}", "stations[0].name",
		  "must not be empty", 24 },
		/* a warm-up that is neither a duration, {"items": N} nor "auto" */
		{ "{\"run\": {\"warmup\": true}}", "run.warmup", "expected a "
		  "duration, {\"items\": N} or \"auto\", got true", 20 },
		/* preferred batch sizes that are not a list */
		{ "{\"stations\": [{\"name\": \"a\", \"batching\": {\"max_batch\": "
		  "4, \"preferred\": 4}}]}", "stations[0].batching.preferred",
		  "expected a list of batch sizes, got a number", 71 },
		/* a fork's join that is not a name: the path ends in .join */
		{ "{\"stations\": [{\"name\": \"a\", \"next\": {\"fork\": [\"b\", "
		  "\"c\"], \"join\": 5}}]}", "stations[0].next.join",
		  "expected a station name, got a number", 66 },
	};
	size_t i;
	scen *s;
	diag d;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ck_assert_int_eq(scen_parse("m", t[i].text, strlen(t[i].text),
					    NULL, 0, &s, &d), -1);
		ck_assert_msg(strcmp(d.msg, t[i].msg) == 0, "%zu: %s", i,
			      d.msg);
		ck_assert_msg(strcmp(d.path, t[i].path) == 0, "%zu: %s", i,
			      d.path);
		ck_assert_msg(d.col == t[i].col, "%zu: col %d", i, d.col);
	}
}
END_TEST

/* A long list of stations is cut short in a message. */
START_TEST(test_many_names)
{
	char text[4096], msg[2048];
	size_t o;
	int i;

	o = (size_t)snprintf(text, sizeof text, "{\"name\": \"n\", \"run\": "
			     "{\"items\": 1}, \"sources\": [{\"name\": \"in\", "
			     "\"to\": \"s12\", \"rate\": 1}], \"stations\": [");
	for (i = 0; i < 12; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%s{\"name\": "
				      "\"s%d\", \"service\": 0%s}", i ? ", " : "",
				      i, i < 11 ? ", \"next\": \"s11\"" : "");
	snprintf(text + o, sizeof text - o, "]}");
	parse_bad(text, NULL, 0, msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "sources[0].to: no station named "
				     "\"s12\" (stations: s0, s1, s2, s3, s4, "
				     "s5, s6, s7, ...); did you mean \"s1\"?"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* --set                                                               */

static const char *line3 =
	"{\"name\": \"l\", \"run\": {\"duration\": \"1s\", \"replications\": 2},"
	" \"sources\": [{\"name\": \"camera\", \"to\": \"detect\", \"rate\": \"50/s\"}],"
	" \"stations\": [{\"name\": \"detect\", \"service\": \"8ms\", \"next\": \"crop\"},"
	"  {\"name\": \"crop\", \"service\": \"2ms\"}]}";

START_TEST(test_set_examples)
{
	const char *sets[] = {
		"stations.detect.servers=2",
		"stations[0].service={\"exponential\":\"5ms\"}",
		"run.replications=5",
		"stations.detect.capacity=4",		/* absent before */
		"stations.crop.service=8ms",		/* not JSON: a string */
		"sources.camera.rate=\"100/s\"",
		"hardware.devices.gpu0.type=a100-80gb",	/* all made */
		"hardware.devices.gpu0.sharing.mode=mps",
		"stations[1].on_full=drop",
		"stations.crop.capacity=1",
		"stations.crop.capacity=3",		/* the later one wins */
		"name=renamed",
	};
	scen *s = parse_ok(line3, sets, (int)(sizeof sets / sizeof sets[0]));

	ck_assert_int_eq(s->stations[0].servers, 2);
	ck_assert_int_eq(s->stations[0].service.kind, DIST_EXP);
	ck_near(s->stations[0].service.a, 0.005);
	ck_assert_int_eq(s->run.replications, 5);
	ck_assert_int_eq(s->stations[0].capacity, 4);
	ck_assert_int_eq(s->stations[1].service.kind, DIST_CONST);
	ck_near(s->stations[1].service.a, 0.008);
	ck_near(dist_mean(&s->sources[0].arrival), 0.01);
	ck_assert_str_eq(s->hardware,
			 "{\"devices\":{\"gpu0\":{\"type\":\"a100-80gb\",\"sharing\":{\"mode\":\"mps\"}}}}");
	ck_assert_int_eq(s->ndevices, 1);
	ck_assert_int_eq(s->devices[0].sharing, SHARE_MPS);
	ck_assert_int_eq(s->stations[1].on_full, FULL_DROP);
	ck_assert_int_eq(s->stations[1].capacity, 3);
	ck_assert_str_eq(s->name, "renamed");
	scen_free(s);
}
END_TEST

/* An error that an override caused is reported against the override, at
 * the place in its value; one it did not cause stays in the file. */
START_TEST(test_set_blame)
{
	const char *deep[] = {
		"stations[1]={\"name\": \"crop\", \"service\": {\"gamma\": "
		"{\"mean\": \"1ms\", \"cv\": -1}}}"
	};
	const char *ok[] = { "run.replications=3" };
	char msg[2048], text[1024], want[2048];

	int col = (int)(strstr(deep[0], "-1") - deep[0]) + 1;

	parse_bad(line3, deep, 1, msg, sizeof msg);
	snprintf(want, sizeof want, "--set:1:%d: stations[1].service.gamma.cv: "
		 "must not be negative\n    1 | %s\n      | %*s^\n", col,
		 deep[0], col - 1, "");
	ck_assert_str_eq(msg, want);
	snprintf(text, sizeof text, "%s", line3);
	memcpy(strstr(text, "\"2ms\""), "\"-2s\"", 5);
	parse_bad(text, ok, 1, msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "t.json:1:"));
	ck_assert_ptr_nonnull(strstr(msg, "stations[1].service: must not be "
				     "negative"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* The bad-input corpus                                                */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of test/bad/ *.json, sorted; *n of them. */
static char **bad_names(int *n)
{
	DIR *dir = opendir(BAD_DIR);
	struct dirent *e;
	char **v = NULL;
	int cap = 0;

	ck_assert_msg(dir != NULL, "cannot open %s (run from the repo root)",
		      BAD_DIR);
	*n = 0;
	while ((e = readdir(dir)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, (size_t)cap * sizeof *v);
			ck_assert_ptr_nonnull(v);
		}
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(v, (size_t)*n, sizeof *v, cmp_str);
	return v;
}

/* The --set arguments of one case: the lines of its .set file. */
static int read_sets(const char *path, char **buf, const char **sets,
		     int max)
{
	int n = 0;
	char *p;

	*buf = slurp(path, NULL);
	if (!*buf)
		return 0;
	for (p = *buf; *p && n < max; ) {
		char *nl = strchr(p, '\n');

		sets[n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return n;
}

/* Run one case; returns 0 when it matched (or was rewritten). */
static int run_bad(const char *name, int update, char *why, size_t nwhy)
{
	char json[512], set[512], err[512], got[4096], *text, *setbuf = NULL;
	const char *sets[16];
	char *want;
	size_t len;
	int nsets, rc;
	scen *s = NULL;
	diag d;

	snprintf(json, sizeof json, "%s/%s", BAD_DIR, name);
	snprintf(set, sizeof set, "%.*s.set", (int)strlen(json) - 5, json);
	snprintf(err, sizeof err, "%.*s.err", (int)strlen(json) - 5, json);
	text = slurp(json, &len);
	ck_assert_ptr_nonnull(text);
	nsets = read_sets(set, &setbuf, sets, 16);
	rc = scen_parse(json, text, len, sets, nsets, &s, &d);
	free(text);
	free(setbuf);
	if (rc != -1 || s) {
		scen_free(s);
		snprintf(why, nwhy, "%s: read without an error", json);
		return -1;
	}
	diag_format(&d, got, sizeof got);
	if (update) {
		FILE *f = fopen(err, "wb");

		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
		return 0;
	}
	want = slurp(err, NULL);
	if (!want) {
		snprintf(why, nwhy, "%s is missing (HB_UPDATE=1 makes it); "
			 "got:\n%s", err, got);
		return -1;
	}
	rc = strcmp(want, got) == 0 ? 0 : -1;
	if (rc)
		snprintf(why, nwhy, "%s differs:\nwant:\n%sgot:\n%s", err, want,
			 got);
	free(want);
	return rc;
}

START_TEST(test_bad_corpus)
{
	const char *u = getenv("HB_UPDATE");
	int update = u && strcmp(u, "1") == 0, n, i, failed = 0;
	char **names = bad_names(&n), why[8192], first[8192] = "";

	/* the corpus covers every class of mistake: at least 45 cases */
	ck_assert_int_ge(n, 45);
	for (i = 0; i < n; i++) {
		if (run_bad(names[i], update, why, sizeof why) < 0) {
			if (!failed++)
				snprintf(first, sizeof first, "%s", why);
			fprintf(stderr, "t_scen: %s\n", why);
		}
		free(names[i]);
	}
	free(names);
	ck_assert_msg(failed == 0, "%d of %d bad cases failed; first: %s",
		      failed, n, first);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Out of memory                                                       */

START_TEST(test_fault_injection)
{
	/* Everything that allocates: sets that make objects, empirical
	 * values, devices, via, batching arrays, hardware text, forks. */
	static const char *text =
		"{\"name\": \"f\", \"description\": \"d\", \"notes\": \"n\","
		" \"run\": {\"items\": 100, \"warmup\": {\"items\": 10}},"
		" \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"a100-80gb\"}, \"gpu1\": {\"type\": \"a100-80gb\"}},"
		"  \"links\": {\"l0\": {\"type\": \"pcie4-x16\", \"between\": [\"gpu0\", \"gpu1\"]}}},"
		" \"goal\": {\"throughput\": \"10/s\"},"
		" \"levers\": [{\"set\": \"stations.a.servers\", \"values\": [1, 2]}],"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": 5, \"unit\": \"img\"}],"
		" \"stations\": ["
		"  {\"name\": \"a\", \"service\": {\"empirical\": [1, 2, 3]}, \"device\": [\"gpu0\", \"gpu1\"],"
		"   \"next\": {\"fork\": [\"b\", \"c\"], \"join\": \"d\"}},"
		"  {\"name\": \"b\", \"service\": 1, \"next\": \"d\", \"transport\": {\"via\": [\"l0\"], \"bytes\": 10}},"
		"  {\"name\": \"c\", \"service\": 1, \"next\": [{\"to\": \"d\", \"p\": 1}]},"
		"  {\"name\": \"d\", \"batching\": {\"max_batch\": 4, \"preferred\": [2, 4],"
		"   \"time\": {\"table\": [[1, 1], [4, 2]]}}}"
		" ]}";
	const char *sets[] = {
		"stations.a.capacity=3",
		"hardware.devices.gpu2={\"type\": \"l4\", \"sharing\": {\"mode\": \"mps\"}}",
		"stations[1].service={\"empirical\": [1, 2]}",
	};
	long n, before, need;
	int rc;
	const scen_cat *cat;
	scen *s;
	diag d;

	/* The pattern of t_run.c's test_allocation_failures_back_out: a clean
	 * read makes `need` allocations, every one of which it needs, so
	 * failing any of them, the 1st to the need-th, must fail the read
	 * with "out of memory" and free what it took (the sanitizer build
	 * checks the leaks); failing the (need + 1)-th, never asked for,
	 * changes nothing. A reader that ignored one failed allocation, or
	 * took a short read for a whole one, would succeed at that n.
	 *
	 * The catalogs are loaded once per process: load them first, so the
	 * failures below land in the reader's own allocations. */
	ck_assert_int_eq(scen_builtin_cat(&cat, &d), 0);
	before = hb_alloc_count();
	ck_assert_int_eq(scen_read(cat, "f.json", text, strlen(text), sets, 3,
				   &s, &d), 0);
	need = hb_alloc_count() - before;
	scen_free(s);
	ck_assert_int_gt(need, 0);
	for (n = 1; n <= need; n++) {
		hb_fail_after(n);
		rc = scen_read(cat, "f.json", text, strlen(text), sets, 3, &s, &d);
		hb_fail_after(0);
		ck_assert_msg(rc == -1, "allocation %ld of %ld failed, yet the "
			      "read succeeded", n, need);
		ck_assert_ptr_null(s);
		ck_assert_msg(strcmp(d.msg, "out of memory") == 0,
			      "allocation %ld: %s: %s", n, d.path, d.msg);
	}
	hb_fail_after(need + 1);
	rc = scen_read(cat, "f.json", text, strlen(text), sets, 3, &s, &d);
	hb_fail_after(0);
	ck_assert_msg(rc == 0, "allocation %ld, never asked for, failed the "
		      "read: %s: %s", need + 1, d.path, d.msg);
	ck_assert_int_eq(s->stations[0].capacity, 3);
	scen_free(s);
}
END_TEST

Suite *scen_suite(void)
{
	Suite *s = suite_create("scen");
	TCase *good = tcase_create("good"), *set = tcase_create("set");
	TCase *bad = tcase_create("bad"), *fault = tcase_create("fault");

	tcase_add_test(good, test_cases_json);
	tcase_add_test(good, test_little_mixed_line);
	tcase_add_test(good, test_other_cases);
	tcase_add_test(good, test_defaults);
	tcase_add_test(good, test_every_distribution);
	tcase_add_test(good, test_every_unit);
	tcase_add_test(good, test_structure);
	tcase_add_test(good, test_text_edges);
	tcase_add_test(good, test_device_memory_unknown);
	tcase_add_test(bad, test_messages);
	tcase_add_test(bad, test_many_names);
	tcase_add_test(set, test_set_examples);
	tcase_add_test(set, test_set_blame);
	tcase_add_test(bad, test_bad_corpus);
	/* a parse per allocation, each loading the catalogs: seconds under
	 * the sanitizers, more on a loaded machine than Check's default 4 */
	tcase_set_timeout(fault, 60);
	tcase_add_test(fault, test_fault_injection);
	suite_add_tcase(s, good);
	suite_add_tcase(s, set);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, fault);
	return s;
}
