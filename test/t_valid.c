/*
 * t_valid.c: herbie against known answers (test/valid/cases.json, a copy of
 * the project's validation cases: closed forms, exact numerical solutions,
 * deterministic lines, identities).
 *
 * Data-driven: each case's own scenario sketch runs with the case's run
 * protocol, and each metric is checked against its exact value within the
 * case's tolerance (4 standard errors of a replication-mean, measured by
 * 100 independent replications of the same protocol). Nothing is typed in
 * here but the mapping from a metric's result_field to herbie's figure.
 *
 * Percentiles come from a log-bucketed histogram: as the cases' README
 * says, such a simulator adds its bucket's relative half-width times the
 * value to the statistical tolerance.
 *
 * The simulator's own 95% interval is checked too: with R = 10
 * replications its half-width over the case's expected half-width follows
 * sqrt(chi2_9 / 9); the bounds [0.19, 2.13] hold with probability
 * 1 - 1e-5 each (computed from the chi-square distribution), so over the
 * hundred-odd checks the suite false-alarms about once in a thousand runs.
 *
 * HB_VALID_SCALE=f (0 < f <= 1) runs f times the stated items and widens
 * each statistical tolerance by sqrt(1/f), the README's rescaling rule; the
 * sanitizer build uses it to stay fast. Deterministic cases always run in
 * full.
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "line/line.h"
#include "run/res.h"
#include "run/run.h"
#include "scenario/scen.h"
#include "stats/hist.h"

Suite *valid_suite(void);

#define CASES "test/valid/cases.json"
#define CI_RATIO_LO 0.19
#define CI_RATIO_HI 2.13

static cJSON *cases;

static cJSON *load_cases(void)
{
	FILE *f = fopen(CASES, "rb");
	char *buf;
	long n;
	cJSON *j;

	ck_assert_msg(f != NULL, "cannot open %s (run from the repo root)", CASES);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = 0;
	fclose(f);
	j = cJSON_Parse(buf);
	free(buf);
	ck_assert(j != NULL);
	return j;
}

static void setup(void)
{
	cases = load_cases();
}

static void teardown(void)
{
	cJSON_Delete(cases);
}

static cJSON *case_by_id(const char *id)
{
	cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(cases, "cases")) {
		cJSON *i = cJSON_GetObjectItemCaseSensitive(c, "id");

		if (cJSON_IsString(i) && !strcmp(i->valuestring, id))
			return c;
	}
	ck_abort_msg("no case %s in %s", id, CASES);
	return NULL;
}

static double scale(void)
{
	const char *e = getenv("HB_VALID_SCALE");
	double f = e ? atof(e) : 1;

	return f > 0 && f <= 1 ? f : 1;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Parse a case's scenario sketch, with its run shortened by f. */
static scen *sketch(const cJSON *c, double f)
{
	cJSON *sc = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c, "scenario"), 1);
	cJSON *run = cJSON_GetObjectItemCaseSensitive(sc, "run");
	cJSON *items = cJSON_GetObjectItemCaseSensitive(run, "items");
	char *text;
	scen *s = NULL;
	diag d;

	if (items && f < 1)
		cJSON_SetNumberValue(items, floor(items->valuedouble * f));
	text = cJSON_Print(sc);
	cJSON_Delete(sc);
	diag_clear(&d);
	if (scen_parse("case", text, strlen(text), NULL, 0, &s, &d) < 0) {
		char buf[2048];

		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("sketch does not parse: %s", buf);
	}
	free(text);
	return s;
}

static int station_named(const scen *s, const char *field)
{
	char name[64];
	const char *a = strchr(field, '['), *b = a ? strchr(a, ']') : NULL;

	ck_assert(a && b && b - a - 1 < (long)sizeof name);
	memcpy(name, a + 1, (size_t)(b - a - 1));
	name[b - a - 1] = 0;
	return scen_station_index(s, name);
}

/* herbie's figure for a metric, from the hint in its result_field. */
static const stat_acc *figure(const res *r, const char *field, int *is_pct)
{
	static const struct { const char *suffix; int sf; int pct; } st[] = {
		{ "].utilization.mean", SF_UTILIZATION, 0 },
		{ "].wait_s.mean", SF_WAIT_MEAN, 0 },
		{ "].wait_s.p50", SF_WAIT_P50, 1 },
		{ "].wait_s.p90", SF_WAIT_P90, 1 },
		{ "].wait_s.p99", SF_WAIT_P99, 1 },
		{ "].queue.mean", SF_QUEUE, 0 },
		{ "].states.working", SF_WORKING, 0 },
		{ "].states.blocked", SF_BLOCKED, 0 },
		{ "].batch_size.mean", SF_BATCH_MEAN, 0 },
		{ "].throughput_per_s.mean", SF_THROUGHPUT, 0 },
	};
	static const struct { const char *prefix; int lf; int pct; } ln[] = {
		{ "throughput_per_s.mean", LF_THROUGHPUT, 0 },
		{ "latency_s.mean.mean", LF_LAT_MEAN, 0 },
		{ "latency_s.p50.mean", LF_LAT_P50, 1 },
		{ "latency_s.p90.mean", LF_LAT_P90, 1 },
		{ "latency_s.p99.mean", LF_LAT_P99, 1 },
		{ "wip.mean", LF_WIP, 0 },
		{ "dropped / (offered items)", LF_DROP_FRACTION, 0 },
	};

	*is_pct = 0;
	if (!strncmp(field, "stations[", 9)) {
		size_t n = strlen(field);

		for (size_t i = 0; i < sizeof st / sizeof st[0]; i++) {
			size_t m = strlen(st[i].suffix);

			if (n > m && !strcmp(field + n - m, st[i].suffix)) {
				int k = station_named(r->s, field);

				ck_assert_msg(k >= 0, "no station in %s", field);
				*is_pct = st[i].pct;
				return &r->st[k][st[i].sf];
			}
		}
	}
	if (!strncmp(field, "devices[", 8) || !strncmp(field, "links[", 6)) {
		int dev = field[0] == 'd', k;
		char name[64];
		const char *a = strchr(field, '['), *b = strchr(field, ']');

		ck_assert(b && b - a - 1 < (long)sizeof name);
		memcpy(name, a + 1, (size_t)(b - a - 1));
		name[b - a - 1] = 0;
		k = dev ? scen_device_index(r->s, name) : scen_link_index(r->s, name);
		ck_assert_msg(k >= 0, "no %s in %s", name, field);
		if (dev)
			return &r->dev[k][DF_UTILIZATION];
		return strstr(field, "bytes_per_s") ? &r->lnk[k][KF_BYTES_PER_S] :
		       &r->lnk[k][KF_UTILIZATION];
	}
	if (strstr(field, "fraction of items with wait_s > 0"))
		return &r->st[0][SF_P_WAIT];	/* single-station cases */
	for (size_t i = 0; i < sizeof ln / sizeof ln[0]; i++)
		if (!strncmp(field, ln[i].prefix, strlen(ln[i].prefix))) {
			*is_pct = ln[i].pct;
			return &r->line[ln[i].lf];
		}
	return NULL;
}

/* Every station's figure must be within tol of exact (stations[*]). */
static void check_all_stations(const res *r, const char *field, double exact,
			       double tol)
{
	int sf = strstr(field, "wait_s") ? SF_WAIT_MEAN : SF_BLOCKED;

	for (int k = 0; k < r->nst; k++)
		ck_assert_msg(fabs(stat_mean(&r->st[k][sf]) - exact) <= tol,
			      "%s: station %s is %.9g, want %.9g +- %g", field,
			      r->s->stations[k].name, stat_mean(&r->st[k][sf]),
			      exact, tol);
}

static void check_metric(const char *id, const res *r, const cJSON *m,
			 double f)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(m, "kind");
	/* exact metrics keep their tolerance (window edges), whatever f */
	int stochastic = !cJSON_IsString(kind) || strcmp(kind->valuestring, "exact");
	const char *name = cJSON_GetObjectItemCaseSensitive(m, "name")->valuestring;
	const cJSON *rf = cJSON_GetObjectItemCaseSensitive(m, "result_field");
	double exact = num(m, "exact"), tol = num(m, "tolerance_abs");
	double want_ci = num(m, "expected_ci95_halfwidth");
	const stat_acc *s;
	int pct;

	if (isnan(tol))
		tol = num(m, "tolerance_rel") * fabs(exact);
	ck_assert_msg(!isnan(tol), "%s.%s: no tolerance", id, name);
	if (stochastic)
		tol /= sqrt(f);
	if (strstr(rf->valuestring, "stations[*]")) {
		check_all_stations(r, rf->valuestring, exact, tol);
		return;
	}
	s = figure(r, rf->valuestring, &pct);
	ck_assert_msg(s != NULL, "%s.%s: no figure for '%s'", id, name, rf->valuestring);
	if (pct)
		tol += hist_rel_error() * fabs(exact);
	ck_assert_msg(fabs(stat_mean(s) - exact) <= tol,
		      "%s.%s: herbie %.9g, exact %.9g, tolerance %.3g (|diff| %.3g)",
		      id, name, stat_mean(s), exact, tol, fabs(stat_mean(s) - exact));
	if (want_ci == 0) {
		/* exact in every replication: no spread at all */
		ck_assert_msg(stat_ci95(s) <= tol, "%s.%s: half-width %.3g, want 0",
			      id, name, stat_ci95(s));
	} else if (stochastic && !isnan(want_ci) && r->reps == 10 && f == 1) {
		double ratio = stat_ci95(s) / want_ci;

		ck_assert_msg(ratio >= CI_RATIO_LO && ratio <= CI_RATIO_HI,
			      "%s.%s: 95%% half-width %.3g is %.2f x the expected %.3g",
			      id, name, stat_ci95(s), ratio, want_ci);
	}
}

/* The case's expected constraint (its field's first word: "gpu0 (device,
 * 80% busy) ..." names gpu0) is what the active-period method finds. */
static void check_constraint(const char *id, const cJSON *c, const res *r)
{
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(c, "expected_constraint");
	char name[64];
	int e;

	if (!cJSON_IsString(want))
		return;
	sscanf(want->valuestring, "%63s", name);
	e = res_constraint(r);
	ck_assert_msg(e >= 0, "%s: no constraint found, want %s", id, name);
	ck_assert_msg(!strcmp(res_entity_name(r, e), name),
		      "%s: the constraint is %s %s, want %s", id,
		      res_entity_kind(r, e), res_entity_name(r, e), name);
}

/* The cases whose metrics are all plain result figures. */
static const char *const plain[] = {
	"mm1-rho050", "mm1-rho080", "md1-rho080", "mg1-uniform",
	"mmc4-rho080", "mm1k5-rho090", "mm1k5-rho150",
	"erlangb-lognormal-c3", "jackson5", "tandem2-block-saturated",
	"tandem3-block-saturated", "closed-interactive",
	"det-stopsign-open", "det-stopsign-saturated-shared-gpu",
	"det-two-gpus-saturated", "batching-saturated",
};
#define NPLAIN ((int)(sizeof plain / sizeof plain[0]))

START_TEST(test_plain_case)
{
	const cJSON *c = case_by_id(plain[_i]), *m;
	double f = scale();
	run_opts o = { 0 };
	scen *s = sketch(c, f);
	res *r = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	ck_assert_int_eq(r->early, 0);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "metrics"))
		check_metric(plain[_i], r, m, f);
	check_constraint(plain[_i], c, r);
	res_free(r);
	scen_free(s);
}
END_TEST

/* dice3-small: The Goal's dice game on three stations, ten rounds, by
 * dynamic programming; 100 000 games. */
static scen *dice(const char *turns, int initial)
{
	char text[1536];
	scen *s = NULL;
	diag d;

	snprintf(text, sizeof text,
		 "{\"name\": \"dice3\", \"seed\": 1,"
		 " \"run\": {\"duration\": \"10s\", \"replications\": 100000},"
		 " \"sources\": [{\"name\": \"matches\", \"to\": \"s1\", \"saturate\": true}],"
		 " \"stations\": ["
		 "  {\"name\": \"s1\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"%s\", \"next\": \"s2\"},"
		 "  {\"name\": \"s2\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"%s\", \"initial\": %d, \"next\": \"s3\"},"
		 "  {\"name\": \"s3\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"%s\", \"initial\": %d}]}",
		 turns, turns, initial, turns, initial);
	diag_clear(&d);
	ck_assert_int_eq(scen_parse("dice3", text, strlen(text), NULL, 0, &s, &d), 0);
	return s;
}

static void dice_check(const char *metric, const char *turns, int initial)
{
	const cJSON *c = case_by_id("dice3-small"), *m;
	run_opts o = { 0 };
	scen *s = dice(turns, initial);
	res *r = NULL;
	diag d;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "metrics")) {
		const char *name = cJSON_GetObjectItemCaseSensitive(m, "name")->valuestring;
		double exact = num(m, "exact"), tol = num(m, "tolerance_abs");

		if (strcmp(name, metric))
			continue;
		diag_clear(&d);
		ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
		/* a period of 1 s: throughput per second is output per round */
		ck_assert_msg(fabs(stat_mean(&r->line[LF_THROUGHPUT]) - exact) <= tol,
			      "%s: herbie %.6f per round, exact %.6f +- %g", name,
			      stat_mean(&r->line[LF_THROUGHPUT]), exact, tol);
		ck_assert(fabs(stat_mean(&r->window_s) - 10) < 1e-12);
		res_free(r);
		scen_free(s);
		return;
	}
	ck_abort_msg("dice3-small has no metric %s", metric);
}

START_TEST(test_dice_sequential)
{
	dice_check("throughput_per_round[sequential,four_each,10]", "sequential", 4);
}
END_TEST

START_TEST(test_dice_simultaneous)
{
	dice_check("throughput_per_round[simultaneous,empty,10]", "simultaneous", 0);
}
END_TEST

/* Mean matches a round out of `text`'s line over its replications. */
static double dice_mean(const char *text)
{
	run_opts o = { 0 };
	scen *s = NULL;
	res *r = NULL;
	diag d;
	double m;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("dice", text, strlen(text), NULL, 0, &s, &d), 0);
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	m = stat_mean(&r->line[LF_THROUGHPUT]);
	res_free(r);
	scen_free(s);
	return m;
}

/* One station, one round, four matches in its bowl at the start: with
 * either turn order it moves min(roll, 4) of them, expectation
 * (1 + 2 + 3 + 4 + 4 + 4) / 6 = 3 exactly, variance 62/6 - 9 = 4/3 (the
 * line needs a source: its one item spends the hour in `hold`). Over
 * 40 000 games the mean's sd is 0.0058; 5 sd is 0.029. The stock must
 * move in the first round: it was there when the round began. */
START_TEST(test_dice_initial_stock_moves_in_round_one)
{
	static const char *const turns[] = { "sequential", "simultaneous" };

	for (int i = 0; i < 2; i++) {
		char text[768];

		snprintf(text, sizeof text,
			 "{\"name\": \"d\", \"seed\": 2,"
			 " \"run\": {\"duration\": \"1s\", \"replications\": 40000},"
			 " \"sources\": [{\"name\": \"none\", \"to\": \"hold\", \"arrival\": \"1h\"}],"
			 " \"stations\": [{\"name\": \"hold\", \"service\": \"1h\", \"next\": \"s\"},"
			 " {\"name\": \"s\", \"kind\": \"periodic\","
			 " \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]},"
			 " \"turns\": \"%s\", \"initial\": 4}]}", turns[i]);
		ck_assert_msg(fabs(dice_mean(text) - 3) <= 5 * sqrt(4.0 / 3 / 40000),
			      "%s turns: %g matches, not 3", turns[i],
			      dice_mean(text));
	}
}
END_TEST

/* Exact mean output a round of two stations with simultaneous turns over
 * `rounds` rounds: the first always moves its roll (its supply never runs
 * dry), the second min(roll, what its bowl held when the round began),
 * starting from `stock`. By enumeration of the second bowl's distribution
 * round by round. */
static double dice2_exact(int stock, int rounds)
{
	enum { MAXB = 64 };
	double p[MAXB] = { 0 }, q[MAXB], out = 0;

	p[stock] = 1;
	for (int k = 0; k < rounds; k++) {
		memset(q, 0, sizeof q);
		for (int b = 0; b < MAXB; b++)
			for (int r1 = 1; r1 <= 6 && p[b] > 0; r1++)
				for (int r2 = 1; r2 <= 6; r2++) {
					int m = r2 < b ? r2 : b;
					double w = p[b] / 36;

					out += w * m;
					ck_assert_int_lt(b - m + r1, MAXB);
					q[b - m + r1] += w;
				}
		memcpy(p, q, sizeof p);
	}
	return out / rounds;
}

/* The two-station game of The Goal with a starting stock of 4 in the
 * second bowl and simultaneous turns, three rounds, against the exact
 * enumeration above. A round's output is between 0 and 6, so the mean of
 * three has sd at most 3; over 40 000 games, 0.015; 5 sd is 0.075. (The
 * stock moving a round late costs about 1 match a round here.) */
START_TEST(test_dice_two_stations_simultaneous_exact)
{
	double exact = dice2_exact(4, 3), got = dice_mean(
		"{\"name\": \"d2\", \"seed\": 5,"
		" \"run\": {\"duration\": \"3s\", \"replications\": 40000},"
		" \"sources\": [{\"name\": \"m\", \"to\": \"s1\", \"saturate\": true}],"
		" \"stations\": ["
		"  {\"name\": \"s1\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"simultaneous\", \"next\": \"s2\"},"
		"  {\"name\": \"s2\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"turns\": \"simultaneous\", \"initial\": 4}]}");

	ck_assert_msg(fabs(got - exact) <= 5 * 3 / sqrt(40000),
		      "herbie %.4f a round, exact %.4f", got, exact);
}
END_TEST

/* The results of text's scenario, run in full (the caller frees both). */
static res *run_text(const char *text, scen **s)
{
	run_opts o = { 0 };
	res *r = NULL;
	diag d;

	diag_clear(&d);
	*s = NULL;
	ck_assert_int_eq(scen_parse("t", text, strlen(text), NULL, 0, s, &d), 0);
	ck_assert_int_eq(run_scenario(*s, &o, &r, &d), RUN_OK);
	return r;
}

static const char *constraint_name(const res *r)
{
	int c = res_constraint(r);

	return c < 0 ? "" : res_entity_name(r, c);
}

/* The scout hike's class: a supply that never runs dry, five stations,
 * the middle one slowest. With unbounded buffers work piles up in front
 * of it (and of every station that outruns the one after it): the verdict
 * is unstable and names the slow one, never the first, which is never
 * starved or blocked; with room for 5 in front of each the same line is
 * stable, and the same station is its constraint. Several seeds, and
 * service times constant, exponential and lognormal. */
START_TEST(test_scout_hike_class)
{
	static const char *const svc[] = {
		"\"%s\"", "{\"exponential\": \"%s\"}",
		"{\"lognormal\": {\"mean\": \"%s\", \"cv\": 0.5}}"
	};
	static const char *const mean[] = { "0.8s", "0.9s", "1.25s", "0.95s", "0.85s" };
	static const char *const name[] = { "ron", "david", "herbie", "evan", "andy" };

	for (int k = 0; k < 3; k++)
		for (int seed = 1; seed <= 3; seed++)
			for (int bounded = 0; bounded < 2; bounded++) {
				char text[2048], one[160], s1[96];
				size_t at;
				scen *s;
				res *r;

				at = (size_t)snprintf(text, sizeof text,
					"{\"name\": \"hike\", \"seed\": %d,"
					" \"run\": {\"duration\": \"1h\", \"warmup\": \"2min\", \"replications\": 3},"
					" \"sources\": [{\"name\": \"trail\", \"to\": \"ron\", \"saturate\": true}],"
					" \"stations\": [", seed);
				for (int i = 0; i < 5; i++) {
					snprintf(s1, sizeof s1, svc[k], mean[i]);
					snprintf(one, sizeof one, "%s{\"name\": \"%s\", \"service\": %s%s%s%s%s}",
						 i ? ", " : "", name[i], s1,
						 bounded && i ? ", \"capacity\": 5" : "",
						 i < 4 ? ", \"next\": \"" : "", i < 4 ? name[i + 1] : "",
						 i < 4 ? "\"" : "");
					at += (size_t)snprintf(text + at, sizeof text - at, "%s", one);
				}
				snprintf(text + at, sizeof text - at, "]}");
				r = run_text(text, &s);
				ck_assert_msg(!strcmp(constraint_name(r), "herbie"),
					      "service %d seed %d bounded %d: %s, not herbie",
					      k, seed, bounded, constraint_name(r));
				ck_assert_str_eq(res_verdict_name(res_verdict(r)),
						 bounded ? "one" : "unstable");
				ck_assert_int_eq(res_overproducing(r, 0), !bounded);
				res_free(r);
				scen_free(s);
			}
}
END_TEST

/* M/M/1 at rho 1.2 (arrivals 12 a second, service 10): the queue grows at
 * 12 - 10 = 2 items a second once the server is always busy, which it is
 * long before the 100 s warm-up ends. The measured growth rate is within
 * its own 95% interval of 2 over the replications, and the verdict is
 * unstable at the server. */
START_TEST(test_overload_growth_rate)
{
	scen *s;
	res *r = run_text("{\"name\": \"mm1\", \"seed\": 4,"
			  " \"run\": {\"duration\": \"1000s\", \"warmup\": \"100s\", \"replications\": 10},"
			  " \"sources\": [{\"name\": \"in\", \"to\": \"q\", \"arrival\": {\"exponential\": \"83.333333ms\"}}],"
			  " \"stations\": [{\"name\": \"q\", \"service\": {\"exponential\": \"100ms\"}}]}", &s);
	const stat_acc *g = &r->line[LF_WIP_GROWTH];

	ck_assert_str_eq(res_verdict_name(res_verdict(r)), "unstable");
	ck_assert_str_eq(constraint_name(r), "q");
	ck_assert_msg(fabs(stat_mean(g) - 2) <= stat_ci95(g),
		      "growth %g ±%g items/s, not 2", stat_mean(g), stat_ci95(g));
	ck_assert(!res_steady(r));
	res_free(r);
	scen_free(s);
}
END_TEST

/* A line that is merely slow is neither deadlocked nor unstable: a
 * rework loop with no room in front of b, so that a is blocked whenever b
 * is busy, and a does about 0.745 items a second (measured): offered
 * 0.67 a second, it keeps up, slowly. (At 0.77 a second the same line is
 * unstable, as it is.) */
START_TEST(test_slow_line_is_neither)
{
	scen *s;
	res *r = run_text("{\"name\": \"slow\", \"seed\": 6,"
			  " \"run\": {\"duration\": \"2h\", \"warmup\": \"10min\", \"replications\": 4},"
			  " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": {\"exponential\": \"1.5s\"}}],"
			  " \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"900ms\"}, \"next\": \"b\"},"
			  " {\"name\": \"b\", \"capacity\": 0, \"service\": {\"exponential\": \"800ms\"}, \"next\": [{\"to\": \"a\", \"p\": 0.05}, {\"to\": \"out\", \"p\": 0.95}]}]}", &s);
	const char *v = res_verdict_name(res_verdict(r));

	ck_assert_msg(strcmp(v, "deadlock") && strcmp(v, "unstable"), "verdict %s", v);
	ck_assert_int_eq(r->jams, 0);
	res_free(r);
	scen_free(s);
}
END_TEST

/* little-mixed-line: identities every correct simulator satisfies on its
 * own output, checked per replication. */
START_TEST(test_little_mixed_line)
{
	const cJSON *c = case_by_id("little-mixed-line");
	double f = scale();
	scen *s = sketch(c, f);
	line_figs fig;
	double *lf, (*sf)[SF_N];
	line *ln;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_figs_new(&fig, s), 0);
	lf = fig.line;
	sf = fig.st;
	for (uint64_t rep = 0; rep < (uint64_t)s->run.replications; rep++) {
		int64_t in, out, dropped, wip;
		double T;

		ck_assert_int_eq(line_start(ln, s->seed, rep, -1), 0);
		ck_assert_int_eq(line_run(ln), 0);
		ck_assert_int_eq(line_check(ln), 0);
		line_figures(ln, &fig);
		T = (double)line_window(ln) * 1e-9;

		/* Little's law for the whole line, within 0.2% */
		ck_assert_double_eq_tol(lf[LF_WIP] / (lf[LF_THROUGHPUT] * lf[LF_LAT_MEAN]), 1, 0.002);
		/* conservation, exactly, from time 0 */
		line_counts(ln, &in, &out, &dropped, &wip);
		ck_assert_int_eq(in, out + dropped + wip);
		for (int k = 0; k < s->nstations; k++) {
			const scen_station *st = &s->stations[k];
			double x = sf[k][SF_THROUGHPUT];

			/* Little's law for each buffer, within 0.2% */
			ck_assert_double_eq_tol(sf[k][SF_QUEUE] / (x * sf[k][SF_WAIT_MEAN]), 1, 0.002);
			/* the utilization law, within 0.5% (>= 4 sigma of the
			 * sample mean of S over 1e6 items, per the case) */
			ck_assert_double_eq_tol(sf[k][SF_WORKING] * (double)st->servers /
						(x * dist_mean(&st->service)), 1, 0.005 / sqrt(f));
		}
		/* flow balance: nothing is lost after decode, so decode and crop
		 * differ only by what sits between them at the window's edges:
		 * at most detect's and crop's places, servers and held items
		 * (3 + 1 + 2 + 1 + 2 blocked) plus one: 10 items over T */
		ck_assert(fabs(sf[0][SF_THROUGHPUT] - sf[2][SF_THROUGHPUT]) <= 10 / T);
	}
	line_free(ln);
	line_figs_free(&fig);
	scen_free(s);
}
END_TEST

/* The intervals themselves: over many short independent experiments on
 * M/M/1 at rho 0.5, the 95% interval of utilization must cover 0.5 about
 * 95% of the time. 400 experiments of 10 replications x 5 000 items: the
 * coverage's sd is sqrt(.95 .05 / 400) = 0.011, so [0.906, 0.994] is 4 sd. */
START_TEST(test_interval_coverage)
{
	const char *text =
		"{\"name\": \"cover\", \"run\": {\"items\": 5000, \"warmup\": {\"items\": 500}, \"replications\": 10},"
		" \"sources\": [{\"name\": \"a\", \"to\": \"s\", \"rate\": \"50/s\"}],"
		" \"stations\": [{\"name\": \"s\", \"service\": {\"exponential\": \"10ms\"}}]}";
	int covered = 0, n = 400;
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("cover", text, strlen(text), NULL, 0, &s, &d), 0);
	for (int k = 0; k < n; k++) {
		run_opts o = { .have_seed = 1, .seed = 1000 + (uint64_t)k };
		res *r = NULL;
		const stat_acc *u;

		ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
		u = &r->st[0][SF_UTILIZATION];
		covered += fabs(stat_mean(u) - 0.5) <= stat_ci95(u);
		res_free(r);
	}
	scen_free(s);
	ck_assert_msg(covered >= 0.906 * n && covered <= 0.994 * n,
		      "the 95%% interval covered the truth %d times of %d", covered, n);
}
END_TEST

Suite *valid_suite(void)
{
	Suite *s = suite_create("valid");
	TCase *tc = tcase_create("cases");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 900);
	tcase_add_loop_test(tc, test_plain_case, 0, NPLAIN);
	tcase_add_test(tc, test_dice_sequential);
	tcase_add_test(tc, test_dice_simultaneous);
	tcase_add_test(tc, test_dice_initial_stock_moves_in_round_one);
	tcase_add_test(tc, test_dice_two_stations_simultaneous_exact);
	tcase_add_test(tc, test_scout_hike_class);
	tcase_add_test(tc, test_overload_growth_rate);
	tcase_add_test(tc, test_slow_line_is_neither);
	tcase_add_test(tc, test_little_mixed_line);
	tcase_add_test(tc, test_interval_coverage);
	suite_add_tcase(s, tc);
	return s;
}
