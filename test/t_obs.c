/*
 * t_obs.c: watching a replication as it runs (line.h): snapshots, the
 * observer and the stop flag. The oracles are the run's own figures and
 * counts: a snapshot's integrals differenced over the measured window are
 * the window's figures (an identity: tolerance a few ulps of the totals,
 * 1e-9 relative), and an observer sees each service once.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "line/line.h"
#include "scenario/scen.h"

#include "tutil.h"

Suite *obs_suite(void);

/* Equal to 1e-9 relative; absolute below 1 (fractions, empty queues). */
#define NEAR(x, y) ck_assert_msg(fabs((x) - (y)) <= 1e-9 * fmax(1, fabs(y)), \
				 "%s = %.17g, want %.17g", #x, (double)(x), (double)(y))

/* Run replication 0 of s with its timed warm-up, snapshot at the window's
 * edges, and compare the differences with line_figures. */
static void window_identity(const scen *s)
{
	line *ln;
	line_snap a, b;
	line_figs f;
	simtime warm = s->run.warm_time;
	double T, Ts;
	diag d;

	ck_assert_int_eq(s->run.warm, WARM_TIME);
	diag_clear(&d);
	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_snap_new(&a, s), 0);
	ck_assert_int_eq(line_snap_new(&b, s), 0);
	ck_assert_int_eq(line_figs_new(&f, s), 0);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	/* every event before the warm-up's edge; EV_WARM runs first at it */
	ck_assert_int_eq(line_run_until(ln, warm - 1), 0);
	line_snapshot_at(ln, warm, &a);
	ck_assert_int_eq(line_run(ln), 0);
	line_snapshot(ln, &b);
	line_figures(ln, &f);
	ck_assert(b.now - a.now == line_window(ln));
	T = (double)(b.now - a.now);
	Ts = T * 1e-9;

	NEAR((b.units - a.units) / Ts, f.line[LF_THROUGHPUT]);
	NEAR((b.wip_area - a.wip_area) / T, f.line[LF_WIP]);
	NEAR((double)(b.left - a.left), f.line[LF_DEPARTED]);
	NEAR((double)(b.entered - a.entered), f.line[LF_OFFERED]);
	NEAR((double)(b.dropped - a.dropped), f.line[LF_DROPPED]);
	for (int i = 0; i < s->nstations; i++) {
		const line_snap_stn *x = &a.st[i], *y = &b.st[i];
		double cap = (double)y->servers * T;

		ck_assert_int_eq(y->servers, s->stations[i].kind == SCEN_STN_BARRIER ? 1 :
				 s->stations[i].servers);
		NEAR((y->working_area - x->working_area) / cap, f.st[i][SF_WORKING]);
		NEAR((y->blocked_area - x->blocked_area) / cap, f.st[i][SF_BLOCKED]);
		NEAR((y->waiting_area - x->waiting_area) / cap, f.st[i][SF_WAITING]);
		NEAR((y->queue_area - x->queue_area) / T, f.st[i][SF_QUEUE]);
		NEAR((y->units - x->units) / Ts, f.st[i][SF_THROUGHPUT]);
		ck_assert(y->working + y->blocked + y->waiting <= y->servers);
	}
	for (int k = 0; k < s->ndevices; k++)
		NEAR((b.dev[k].busy_area - a.dev[k].busy_area) /
		     (b.dev[k].capacity * T), f.dev[k][DF_UTILIZATION]);
	for (int k = 0; k < s->nlinks; k++) {
		double u0 = b.lnk[k].busy_area[0] - a.lnk[k].busy_area[0];
		double u1 = b.lnk[k].busy_area[1] - a.lnk[k].busy_area[1];

		NEAR(fmax(u0, u1) / T, f.lnk[k][KF_UTILIZATION]);
		NEAR((b.lnk[k].bytes - a.lnk[k].bytes) / Ts, f.lnk[k][KF_BYTES_PER_S]);
	}
	line_figs_free(&f);
	line_snap_free(&a);
	line_snap_free(&b);
	line_free(ln);
}

/* Devices, a link, a fork and join (stop-sign); blocking (coffee-line);
 * MIG partitions, whose GPU is as busy as they are (gpu-sharing); a
 * barrier over NVLink (data-parallel-dgx). Shortened runs: the identity
 * does not depend on the length. */
START_TEST(test_snapshots_difference_to_the_figures)
{
	const char *files[] = { "scenarios/stop-sign.json",
				"scenarios/coffee-line.json",
				"scenarios/gpu-sharing.json",
				"scenarios/data-parallel-dgx.json" };
	const char *sets[] = { "run.duration=20s", "run.warmup=3s" };

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		scen *s = tu_load(files[i], sets, 2);

		window_identity(s);
		scen_free(s);
	}
}
END_TEST

/* A periodic station reads as one server whose turns split its time by
 * the share of the draw it used; with a constant draw of 3 the shares
 * over the window are exactly the figures' moved/drawn and cut/drawn. */
START_TEST(test_periodic_shares)
{
	scen *s = tu_parse("{\"name\": \"t\", \"run\": {\"duration\": \"50s\", \"warmup\": \"10s\"},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": {\"exponential\": \"500ms\"}}],"
			" \"stations\": [{\"name\": \"a\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": 3, \"next\": \"b\"},"
			"  {\"name\": \"b\", \"service\": {\"exponential\": \"600ms\"}, \"capacity\": 1}]}");

	window_identity(s);
	scen_free(s);
}
END_TEST

typedef struct counts {
	int nst;
	int64_t *services;	/* per station */
	int64_t items;		/* items in services, batches counted whole */
	int64_t left, dropped, merged, from_source;
	uint64_t max_id, next_new;	/* ids entering from -1 come in order */
	simtime last_t;		/* callbacks come in time order */
	simtime *busy_until;	/* per station * 64 servers: no overlap */
	const scen *s;
	double link_on[16][2];	/* the rate told last, per link direction */
	int64_t link_calls;
	int bad;
} counts;

static void note_time(counts *c, simtime t)
{
	if (t < c->last_t)
		c->bad = 1;
	c->last_t = t;
}

static void c_service(void *ctx, int st, int64_t k, simtime t0, simtime t1,
		      uint64_t id, int64_t n)
{
	counts *c = ctx;
	simtime *u = &c->busy_until[st * 64 + k];

	note_time(c, t1);
	if (t0 > t1 || t0 < *u || id == 0 || n < 1 || k >= 64)
		c->bad = 1;
	*u = t1;
	c->services[st]++;
	c->items += n;
}

static void c_move(void *ctx, uint64_t id, int from, int to, simtime t)
{
	counts *c = ctx;

	note_time(c, t);
	if (id > c->max_id)
		c->max_id = id;
	if (from == -1 && to >= 0 && id > c->next_new) {
		c->from_source++;
		c->next_new = id;
	}
	c->left += to == -1;
	c->dropped += to == -2;
	c->merged += to == -3;
}

static void c_queue(void *ctx, int st, simtime t, int64_t n)
{
	counts *c = ctx;

	note_time(c, t);
	if (st < 0 || st >= c->nst || n < 0)
		c->bad = 1;
}

/* A link direction is told when it starts moving (at its bandwidth) and
 * when it stops: never the same twice in a row. */
static void c_link(void *ctx, int k, int dir, simtime t, double bps)
{
	counts *c = ctx;

	note_time(c, t);
	if (k >= 16 || (bps != 0 && bps != c->s->links[k].bandwidth) ||
	    bps == c->link_on[k][dir])
		c->bad = 1;
	c->link_on[k][dir] = bps;
	c->link_calls++;
}

/* The observer sees each finished service once, in time order, never two
 * at once on a server; every completed service has passed its item on or
 * holds it blocked; departures are the line's. All counted from time 0,
 * with and without a warm-up: the snapshot's counts carry over the
 * window's opening, where the figures start afresh. */
START_TEST(test_observer_sees_every_service)
{
	const char *files[] = { "scenarios/stop-sign.json",
				"scenarios/coffee-line.json" };
	const char *sets[][2] = {
		{ "run.duration=20s", "run.warmup=0s" },
		{ "run.duration=20s", "run.warmup=5s" },
	};

	for (size_t i = 0; i < 2 * sizeof files / sizeof files[0]; i++) {
		scen *s = tu_load(files[i / 2], sets[i % 2], 2);
		counts c = { 0 };
		line_obs o = { &c, c_service, c_move, c_queue, c_link };
		line *ln;
		line_snap sn;
		int64_t in, out, drop, wip;
		diag d;

		c.nst = s->nstations;
		c.s = s;
		c.services = calloc((size_t)s->nstations, sizeof *c.services);
		c.busy_until = calloc((size_t)s->nstations * 64, sizeof *c.busy_until);
		ck_assert_int_eq(line_new(s, &ln, &d), 0);
		ck_assert_int_eq(line_snap_new(&sn, s), 0);
		line_observe(ln, &o);
		ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
		ck_assert_int_eq(line_run(ln), 0);
		line_snapshot(ln, &sn);
		line_counts(ln, &in, &out, &drop, &wip);
		ck_assert(!c.bad);
		ck_assert(s->nlinks == 0 || c.link_calls > 0);
		ck_assert_int_eq(c.left, out);
		ck_assert_int_eq(c.from_source, in);
		for (int k = 0; k < s->nstations; k++)
			ck_assert_int_eq(c.services[k], sn.st[k].passed + sn.st[k].blocked);
		line_snap_free(&sn);
		line_free(ln);
		free(c.services);
		free(c.busy_until);
		scen_free(s);
	}
}
END_TEST

/* Every item the line drops, the observer sees dropped (to -2): those an
 * inference server's queue limit rejects (one served every 10 ms, at most
 * 2 waiting, an arrival each 1 ms) and those a full station with
 * "on_full": "drop" turns away. */
START_TEST(test_observer_sees_every_drop)
{
	static const char *const lines[] = {
		"{\"name\": \"t\", \"run\": {\"duration\": \"2s\"},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"m\", \"arrival\": \"1ms\"}],"
		" \"stations\": [{\"name\": \"m\", \"batching\": {\"max_batch\": 1,"
		" \"max_queue\": 2, \"time\": {\"base\": \"10ms\", \"per_item\": 0}}}]}",
		"{\"name\": \"t\", \"run\": {\"duration\": \"2s\"},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"m\", \"arrival\": \"1ms\"}],"
		" \"stations\": [{\"name\": \"m\", \"service\": \"10ms\", \"capacity\": 2,"
		" \"on_full\": \"drop\"}]}",
	};

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		scen *s = tu_parse(lines[i]);
		counts c = { 0 };
		line_obs o = { &c, c_service, c_move, c_queue, c_link };
		int64_t in, out, drop, wip;
		line *ln;
		diag d;

		c.nst = s->nstations;
		c.s = s;
		c.services = calloc((size_t)s->nstations, sizeof *c.services);
		c.busy_until = calloc((size_t)s->nstations * 64, sizeof *c.busy_until);
		ck_assert_int_eq(line_new(s, &ln, &d), 0);
		line_observe(ln, &o);
		ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
		ck_assert_int_eq(line_run(ln), 0);
		line_counts(ln, &in, &out, &drop, &wip);
		ck_assert(!c.bad);
		ck_assert_int_gt(drop, 1000);	/* about 9 of each 10 */
		ck_assert_int_eq(c.dropped, drop);
		line_free(ln);
		free(c.services);
		free(c.busy_until);
		scen_free(s);
	}
}
END_TEST

/* An observer only watches: the figures are bit for bit those of a run
 * without one. */
START_TEST(test_observer_changes_nothing)
{
	const char *sets[] = { "run.duration=10s" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 1);
	counts c = { 0 };
	line_obs o = { &c, c_service, c_move, c_queue, NULL };
	line_figs f1, f2;
	line *ln;
	diag d;

	c.nst = s->nstations;
	c.services = calloc((size_t)s->nstations, sizeof *c.services);
	c.busy_until = calloc((size_t)s->nstations * 64, sizeof *c.busy_until);
	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_figs_new(&f1, s), 0);
	ck_assert_int_eq(line_figs_new(&f2, s), 0);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	line_figures(ln, &f1);
	line_observe(ln, &o);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	line_figures(ln, &f2);
	ck_assert(c.services[0] > 0);
	ck_assert(memcmp(f1.line, f2.line, sizeof f1.line) == 0);
	ck_assert(memcmp(f1.st, f2.st, (size_t)s->nstations * sizeof f1.st[0]) == 0);
	ck_assert(memcmp(f1.dev, f2.dev, (size_t)s->ndevices * sizeof f1.dev[0]) == 0);
	line_figs_free(&f1);
	line_figs_free(&f2);
	line_free(ln);
	free(c.services);
	free(c.busy_until);
	scen_free(s);
}
END_TEST

/* Items are numbered 1, 2, ... as they enter: the ids that come from a
 * source are exactly 1..entered, once each, in order (no forks here). */
START_TEST(test_items_numbered_in_order)
{
	const char *sets[] = { "run.duration=30s" };
	scen *s = tu_load("scenarios/coffee-line.json", sets, 1);
	counts c = { 0 };
	line_obs o = { &c, NULL, c_move, NULL, NULL };
	int64_t in, out, drop, wip;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	line_observe(ln, &o);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	line_counts(ln, &in, &out, &drop, &wip);
	ck_assert(in > 20);
	ck_assert_int_eq(c.from_source, in);	/* each a new, larger id */
	ck_assert_uint_eq(c.max_id, (uint64_t)in);	/* and no gap */
	ck_assert(!c.bad);
	line_free(ln);
	scen_free(s);
}
END_TEST

/* A raised flag stops the run after exactly 4096 events, not ended; with
 * the flag down it goes on, and the figures are those of a run never
 * stopped. */
START_TEST(test_stop_flag)
{
	const char *sets[] = { "run.duration=10min" };
	scen *s = tu_load("scenarios/coffee-line.json", sets, 1);
	volatile sig_atomic_t flag = 1;
	line_figs f1, f2;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_figs_new(&f1, s), 0);
	ck_assert_int_eq(line_figs_new(&f2, s), 0);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	line_figures(ln, &f1);

	line_stop_flag(ln, &flag);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_stopped(ln), 0);
	ck_assert_int_eq(line_run(ln), 0);
	ck_assert_int_eq(line_stopped(ln), 1);
	ck_assert_uint_eq(line_events(ln), 4096);
	/* still stopped while the flag is up: no event runs */
	ck_assert_int_eq(line_run_until(ln, ST_MAX), 0);
	ck_assert_uint_eq(line_events(ln), 4096);
	flag = 0;
	ck_assert_int_eq(line_run_until(ln, ST_MAX), 1);
	ck_assert_int_eq(line_stopped(ln), 0);
	line_figures(ln, &f2);
	ck_assert(memcmp(f1.line, f2.line, sizeof f1.line) == 0);
	ck_assert(memcmp(f1.st, f2.st, (size_t)s->nstations * sizeof f1.st[0]) == 0);
	line_stop_flag(ln, NULL);
	line_figs_free(&f1);
	line_figs_free(&f2);
	line_free(ln);
	scen_free(s);
}
END_TEST

/* active_since: a station fed without end (service 1 ms) works from time
 * 0; the next (0.5 ms) works half of each millisecond: at 1.7 ms it is
 * starved, at 2.2 ms it has worked since 2 ms. */
START_TEST(test_active_since)
{
	scen *s = tu_parse("{\"name\": \"t\", \"run\": {\"duration\": \"1s\"},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
			" \"stations\": [{\"name\": \"a\", \"service\": \"1ms\", \"next\": \"b\"},"
			"  {\"name\": \"b\", \"service\": \"0.5ms\"}]}");
	line_snap sn;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_snap_new(&sn, s), 0);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run_until(ln, 1700 * ST_US - 1), 0);
	line_snapshot_at(ln, 1700 * ST_US, &sn);
	ck_assert_int_eq(sn.st[0].active_since, 0);
	ck_assert_int_eq(sn.st[1].active_since, -1);
	ck_assert_int_eq(sn.st[1].working, 0);
	ck_assert_int_eq(line_run_until(ln, 2200 * ST_US - 1), 0);
	line_snapshot_at(ln, 2200 * ST_US, &sn);
	ck_assert_int_eq(sn.st[0].active_since, 0);
	ck_assert_int_eq(sn.st[1].active_since, 2 * ST_MS);
	ck_assert_int_eq(sn.st[1].working, 1);
	/* b worked [1, 1.5) and [2, 2.2) ms */
	ck_assert(sn.st[1].working_area == 700 * ST_US);
	ck_assert_int_eq(sn.st[0].passed, 2);
	line_snap_free(&sn);
	line_free(ln);
	scen_free(s);
}
END_TEST

/* The latency quantiles are the figures' (the same histogram). */
START_TEST(test_latency_quantile)
{
	const char *sets[] = { "run.duration=10s" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 1);
	line_figs f;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_figs_new(&f, s), 0);
	ck_assert_int_eq(line_start(ln, s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	line_figures(ln, &f);
	ck_assert(f.line[LF_LAT_P50] > 0);
	ck_assert(line_latency_quantile(ln, 0.5) == f.line[LF_LAT_P50]);
	ck_assert(line_latency_quantile(ln, 0.99) == f.line[LF_LAT_P99]);
	line_figs_free(&f);
	line_free(ln);
	scen_free(s);
}
END_TEST

Suite *obs_suite(void)
{
	Suite *s = suite_create("obs");
	TCase *tc = tcase_create("obs");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_snapshots_difference_to_the_figures);
	tcase_add_test(tc, test_periodic_shares);
	tcase_add_test(tc, test_observer_sees_every_service);
	tcase_add_test(tc, test_observer_sees_every_drop);
	tcase_add_test(tc, test_observer_changes_nothing);
	tcase_add_test(tc, test_items_numbered_in_order);
	tcase_add_test(tc, test_stop_flag);
	tcase_add_test(tc, test_latency_quantile);
	tcase_add_test(tc, test_active_since);
	suite_add_tcase(s, tc);
	return s;
}
