/*
 * t_run.c: whole runs: replications and their streams, overrides of seed
 * and replications, the MSER-5 warm-up, stopping early (between and in the
 * middle of replications), progress reports, and backing out of every
 * allocation failure.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "run/res.h"
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

START_TEST(test_auto_warmup_of_nothing_measures_from_time_0)
{
	/* A line with no transient: one arrival every 10 ms, 4 ms at a, 100
	 * ms on a belt, 1 ms at b, nothing ever waits: every latency is
	 * 105 ms, so MSER-5 cuts nothing and the window must open at time 0,
	 * as with no warm-up at all, not at the first departure (105 ms).
	 * From time 0 to the 1000th departure, at 999 x 10 + 105 = 10095 ms:
	 * the arrivals at 0, 10, ..., 10090 ms entered (1010), and the work
	 * in progress integrates the 1000 departed items' 105 ms each plus
	 * the 10 still in the line, there for 95, 85, ..., 5 ms (500 ms in
	 * all). Opened at 105 ms instead, the window would hold 1000
	 * arrivals and last 10 s. Both replications are the same line. */
	scen *s = parse("{\"name\": \"t\", \"run\": {\"items\": 1000, \"warmup\": \"auto\", \"replications\": 2},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"10ms\"}],"
			" \"stations\": [{\"name\": \"a\", \"service\": \"4ms\", \"next\": \"b\", \"transport\": {\"delay\": \"100ms\"}},"
			"  {\"name\": \"b\", \"service\": \"1ms\"}]}");
	run_opts o = { 0 };
	res *r = run(s, &o);
	double T = 10.095;

	ck_assert_int_eq(r->warm_items, 0);
	ck_assert(!r->warm_short);
	ck_assert_int_eq(r->reps, 2);
	ck_assert_double_eq_tol(stat_mean(&r->window_s), T, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_OFFERED]), 1010, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_DEPARTED]), 1000, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_THROUGHPUT]), 1000 / T, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_LAT_MEAN]), 0.105, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->line[LF_WIP]),
				(1000 * 0.105 + 0.5) / T, 1e-9);
	/* a worked 4 ms for each of the 1010 that entered, the last of them
	 * from 10090 to 10094 ms */
	ck_assert_double_eq_tol(stat_mean(&r->st[0][SF_UTILIZATION]),
				1010 * 0.004 / T, 1e-9);
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

/* What a progress callback saw; it raises stop at (stop_rep, stop_events). */
typedef struct seen {
	int calls, bad_order, not_done;
	int64_t rep;
	uint64_t events, max_gap;
	double last_done, last_total;
	volatile sig_atomic_t *stop;
	int64_t stop_rep;
	uint64_t stop_events, stopped_at;
} seen;

static void on_progress(void *ctx, const run_progress *p)
{
	seen *w = ctx;

	if (w->calls && (p->rep < w->rep || p->events < w->events))
		w->bad_order++;
	/* a new replication: the one before ended with all of it done */
	if (w->calls && p->rep != w->rep && w->last_done != 1)
		w->not_done++;
	if (w->calls && p->events - w->events > w->max_gap)
		w->max_gap = p->events - w->events;
	w->calls++;
	w->rep = p->rep;
	w->events = p->events;
	w->last_done = p->done;
	w->last_total = p->total;
	if (w->stop && !*w->stop && p->rep == w->stop_rep &&
	    p->events >= w->stop_events) {
		*w->stop = 1;
		w->stopped_at = p->events;
	}
}

static const char *mm1_long =
	"{\"name\": \"t\", \"seed\": 5, \"run\": {\"items\": 200000, \"replications\": 3},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
	" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";

START_TEST(test_progress_changes_nothing)
{
	/* The same run with and without progress: slicing the replications
	 * with line_run_until must give bit-identical figures. The calls come
	 * in order, each replication's last says all of it is done (a run to
	 * 200000 departures after no warm-up: done = left / items = 1), and
	 * the slices hold about RUN_PROGRESS_EVENTS events: one is doubled
	 * only while it held fewer than half, so a slice holds about that
	 * many (Poisson, sd 256); 4x cannot happen by chance. */
	scen *s = parse(mm1_long);
	run_opts plain = { 0 }, with = { .progress = on_progress };
	seen w = { 0 };
	res *a, *b;

	with.progress_ctx = &w;
	a = run(s, &plain);
	b = run(s, &with);
	ck_assert_int_eq(a->events, b->events);
	for (int k = 0; k < LF_N; k++) {
		ck_assert(stat_mean(&a->line[k]) == stat_mean(&b->line[k]));
		ck_assert(stat_ci95(&a->line[k]) == stat_ci95(&b->line[k]));
	}
	for (int k = 0; k < SF_N; k++)
		ck_assert(stat_mean(&a->st[0][k]) == stat_mean(&b->st[0][k]));
	ck_assert(!b->partial);
	ck_assert_int_eq(w.bad_order, 0);
	ck_assert_int_eq(w.not_done, 0);
	ck_assert_int_eq(w.rep, 2);
	ck_assert(w.last_done == 1 && w.last_total == 1);
	ck_assert_int_eq(w.events, b->events);
	ck_assert(w.calls >= 3 * 5);
	ck_assert_msg(w.max_gap <= 4 * RUN_PROGRESS_EVENTS, "a slice of %llu events",
		      (unsigned long long)w.max_gap);
	res_free(a);
	res_free(b);
	scen_free(s);
}
END_TEST

START_TEST(test_stop_drops_the_cut_replication)
{
	/* Stopped in the middle of replication 1: replication 0 is whole, so
	 * the cut one is dropped and the results are replication 0's alone,
	 * the same as a run of one replication. */
	scen *s = parse(mm1_long);
	volatile sig_atomic_t stop = 0;
	run_opts o = { .stop = &stop, .progress = on_progress }, one = { .reps = 1 };
	seen w = { .stop = &stop, .stop_rep = 1, .stop_events = 0 };
	res *r, *r1;

	o.progress_ctx = &w;
	r = run(s, &o);
	r1 = run(s, &one);
	ck_assert(stop);
	ck_assert(r->partial);
	ck_assert_int_eq(r->reps, 1);
	ck_assert(stat_mean(&r->line[LF_LAT_MEAN]) == stat_mean(&r1->line[LF_LAT_MEAN]));
	ck_assert(stat_mean(&r->line[LF_DEPARTED]) == 200000);
	res_free(r);
	res_free(r1);
	scen_free(s);
}
END_TEST

START_TEST(test_stop_in_the_warm_up_measures_nothing)
{
	/* Stopped after 100000 events of replication 0, in the middle of a
	 * warm-up of 100000 departures (about 200000 events): nothing was
	 * measured, so every figure is 0, the window too; the warm-up's
	 * latencies and arrivals must not leak into the partial results. */
	static const char *warm_long =
		"{\"name\": \"t\", \"seed\": 5, \"run\": {\"items\": 1000, \"warmup\": 100000},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";
	scen *s = parse(warm_long);
	volatile sig_atomic_t stop = 0;
	run_opts o = { .stop = &stop, .progress = on_progress };
	seen w = { .stop = &stop, .stop_rep = 0, .stop_events = 100000 };
	res *r;

	o.progress_ctx = &w;
	r = run(s, &o);
	ck_assert(stop);
	ck_assert(r->partial);
	ck_assert_int_eq(r->reps, 1);
	ck_assert(stat_mean(&r->window_s) == 0);
	for (int k = 0; k < LF_N; k++)
		ck_assert_msg(stat_mean(&r->line[k]) == 0, "line figure %d: %g", k,
			      stat_mean(&r->line[k]));
	for (int k = 0; k < SF_N; k++)
		ck_assert_msg(stat_mean(&r->st[0][k]) == 0, "station figure %d: %g",
			      k, stat_mean(&r->st[0][k]));
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_stop_keeps_the_only_replication)
{
	/* Stopped in replication 0 after 100000 events (of about 400000):
	 * its figures so far are the results, marked partial, and the run
	 * stopped at once: within a few thousand events of the flag (line.h's
	 * contract), not at the end of the replication. */
	scen *s = parse(mm1_long);
	volatile sig_atomic_t stop = 0;
	run_opts o = { .stop = &stop, .progress = on_progress };
	seen w = { .stop = &stop, .stop_rep = 0, .stop_events = 100000 };
	res *r;
	double dep;

	o.progress_ctx = &w;
	r = run(s, &o);
	dep = stat_mean(&r->line[LF_DEPARTED]);
	ck_assert(r->partial);
	ck_assert_int_eq(r->reps, 1);
	ck_assert_msg(r->events >= w.stopped_at && r->events - w.stopped_at <= 10000,
		      "flag at %llu events, stopped at %llu",
		      (unsigned long long)w.stopped_at, (unsigned long long)r->events);
	ck_assert_msg(dep > 0 && dep < 200000, "%g departures", dep);
	ck_assert(stat_mean(&r->line[LF_THROUGHPUT]) > 0);
	/* the window ends where it stopped, so the active-period shares are
	 * settled over what ran: one server is the bottleneck exactly while
	 * it works */
	ck_assert_double_eq_tol(stat_mean(&r->st[0][SF_SOLE]),
				stat_mean(&r->st[0][SF_UTILIZATION]), 1e-9);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_stop_in_the_pilot_keeps_its_figures)
{
	/* Warm-up "auto" stopped in its pilot (400000 events or so, stopped
	 * after 50000): nothing else ran, so the pilot's figures so far are
	 * the results, measured from time 0 (a warm-up of 0 items). */
	static const char *text =
		"{\"name\": \"t\", \"seed\": 5, \"run\": {\"items\": 200000, \"warmup\": \"auto\", \"replications\": 3},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";
	scen *s = parse(text);
	volatile sig_atomic_t stop = 0;
	run_opts o = { .stop = &stop, .progress = on_progress };
	seen w = { .stop = &stop, .stop_rep = 0, .stop_events = 50000 };
	res *r;

	o.progress_ctx = &w;
	r = run(s, &o);
	ck_assert(r->partial);
	ck_assert_int_eq(r->reps, 1);
	ck_assert_int_eq(r->warm_items, 0);
	ck_assert(r->events < 100000);
	ck_assert(stat_mean(&r->line[LF_DEPARTED]) > 0);
	res_free(r);
	scen_free(s);
}
END_TEST

/* What a timed run's progress reports said: the share done is the clock
 * over the replication's end, between 0 and 1. */
typedef struct timed {
	double end, last;
	int calls, wrong, inside;
} timed;

static void on_timed(void *ctx, const run_progress *p)
{
	timed *w = ctx;
	double x = (double)p->now / w->end;

	w->calls++;
	w->wrong += p->done != (x > 1 ? 1 : x);
	w->inside += p->done > 0 && p->done < 1;
	w->last = p->done;
}

START_TEST(test_progress_of_a_timed_run_is_its_clock)
{
	/* 2000 s of M/M/1 at 80/s, about 480000 events: slices of about
	 * RUN_PROGRESS_EVENTS end all along the way, and each report's share
	 * is its clock over the 2000 s (0 before the first arrival); the
	 * last says 1 */
	scen *s = parse("{\"name\": \"t\", \"seed\": 5, \"run\": {\"duration\": \"2000s\", \"replications\": 1},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
			" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}");
	timed w = { .end = 2000e9 };
	run_opts o = { .progress = on_timed, .progress_ctx = &w };
	res *r = run(s, &o);

	ck_assert_int_eq(w.wrong, 0);
	ck_assert_msg(w.inside >= 3, "%d of %d reports inside (0, 1)",
		      w.inside, w.calls);
	ck_assert(w.last == 1);
	res_free(r);
	scen_free(s);
}
END_TEST

/* A closed loop of one client through a (2 ms) and b (3 ms): b is the
 * bottleneck 3 ms of every 5, a the other 2. a's share (0.4) is more than
 * half of b's (0.6): the bottleneck shifts between them, even though a is
 * entity 0. The window [0, 10 s) holds 2000 whole rounds: the shares are
 * exact but for a rounding (1e-12; one 1 ms spell more is 1e-4). */
START_TEST(test_the_bottleneck_shifts_to_the_first_station)
{
	scen *s = parse("{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"10s\", \"replications\": 2},"
			" \"sources\": [{\"name\": \"one\", \"to\": \"a\","
			"   \"closed\": {\"clients\": 1, \"think\": \"0s\"}}],"
			" \"stations\": [{\"name\": \"a\", \"service\": \"2ms\", \"next\": \"b\"},"
			"  {\"name\": \"b\", \"service\": \"3ms\"}]}");
	run_opts o = { 0 };
	res *r = run(s, &o);

	ck_assert_double_eq_tol(stat_mean(&r->st[0][SF_SOLE]), 0.4, 1e-12);
	ck_assert_double_eq_tol(stat_mean(&r->st[1][SF_SOLE]), 0.6, 1e-12);
	ck_assert_int_eq(res_constraint(r), 1);
	ck_assert(res_constraint_peer(r, 1, 0));
	ck_assert_int_eq(res_verdict(r), RES_SHIFTING);
	res_free(r);
	scen_free(s);
}
END_TEST

/* An allocation failure that passes, as when memory runs out for a moment
 * and another process gives some back: armed for the n-th allocation from
 * `base`, it ends at the first progress report after the run has made
 * n - 1 of them. If the run asked for the n-th in the slice just
 * reported, that allocation failed; if not, none ever fails. */
typedef struct blip {
	long base, n;
	int healed;
} blip;

static void blip_progress(void *ctx, const run_progress *p)
{
	blip *b = ctx;

	(void)p;
	if (b->n > 0 && !b->healed && hb_alloc_count() - b->base == b->n - 1) {
		hb_fail_after(0);
		b->healed = 1;
	}
}

/* Run s with its n-th allocation failing (0: none); a failed run must say
 * "out of memory" and give no results. */
static int run_failing(const scen *s, const run_opts *o, long n, res **out)
{
	blip *b = o->progress_ctx;
	diag d;
	int rc;

	diag_clear(&d);
	*out = NULL;
	if (b)
		*b = (blip){ hb_alloc_count(), n, 0 };
	hb_fail_after(n);
	rc = run_scenario(s, o, out, &d);
	hb_fail_after(0);
	if (rc != RUN_OK) {
		ck_assert_int_eq(rc, RUN_FAILED);
		ck_assert_ptr_null(*out);
		ck_assert_str_eq(d.msg, "out of memory");
	}
	return rc;
}

/* r is the clean run's results, bit for bit. */
static void check_same(const res *r, const res *clean, long n)
{
	ck_assert_msg(r->reps == clean->reps && r->events == clean->events &&
		      r->warm_items == clean->warm_items &&
		      r->warm_short == clean->warm_short &&
		      memcmp(r->line, clean->line, sizeof r->line) == 0 &&
		      memcmp(r->st[0], clean->st[0], 2 * sizeof r->st[0]) == 0,
		      "allocation %ld failed and the run went on: %lld "
		      "replications, %llu events, a warm-up of %lld items "
		      "(clean: %lld, %llu, %lld)", n, (long long)r->reps,
		      (unsigned long long)r->events, (long long)r->warm_items,
		      (long long)clean->reps, (unsigned long long)clean->events,
		      (long long)clean->warm_items);
}

/* One rule for the seed (run_seed): the options' when they have one,
 * 0 included, else the scenario's; and the results carry the seed that
 * ran. */
START_TEST(test_seed_rule)
{
	scen *s = parse(mm1);
	run_opts o = { .reps = 1, .seed = 9 };
	res *r;

	ck_assert_uint_eq(run_seed(s, &o), 5);	/* no have_seed: not 9 */
	o.have_seed = 1;
	ck_assert_uint_eq(run_seed(s, &o), 9);
	o.seed = 0;
	ck_assert_uint_eq(run_seed(s, &o), 0);	/* 0 is a seed, not "none" */
	r = run(s, &o);
	ck_assert_uint_eq(r->seed, 0);
	res_free(r);
	scen_free(s);
}
END_TEST

/* The stepping API paced from outside (live's way: run_until in steps of
 * 1 ms, checked between them) gives run_scenario's results bit for bit,
 * with no pilot when asked (warm-up "auto" measured from 0); and it
 * starts one replication, the line and its results built once. */
START_TEST(test_stepping_is_run_scenario)
{
	static const char *text =
		"{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"2s\", \"warmup\": \"auto\"},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";
	scen *s = parse(text);
	run_opts o = { .reps = 1, .no_pilot = 1 };
	res *whole = run(s, &o);
	const res *r;
	uint64_t n0 = run_count_starts();
	runner *u;
	simtime t = 0;
	int rc = 0;
	diag d;

	ck_assert_int_eq(run_open(s, &o, &u, &d), RUN_OK);
	ck_assert_int_eq(run_next(u), 1);
	while (rc == 0) {
		t += ST_MS;
		rc = run_until(u, t);
		ck_assert_int_ge(rc, 0);
		/* every event up to t has run, none after it */
		ck_assert(line_now(run_line(u)) <= t);
		ck_assert(line_check(run_line(u)) == 0);
	}
	run_end(u);
	ck_assert_int_eq(run_next(u), 0);
	r = run_res(u);
	ck_assert_int_eq(r->reps, 1);
	ck_assert_int_eq(r->warm_items, -1);
	ck_assert_int_eq(r->events, whole->events);
	ck_assert(memcmp(r->line, whole->line, sizeof r->line) == 0);
	ck_assert(memcmp(r->st[0], whole->st[0], sizeof r->st[0]) == 0);
	ck_assert_uint_eq(run_count_starts() - n0, 1);
	run_close(u);
	res_free(whole);
	scen_free(s);
}
END_TEST

START_TEST(test_allocation_failures_back_out)
{
	/* A clean run makes `need` allocations, every one of which it needs:
	 * the line, the results, the pilot's MSER, and the item pool growing
	 * with the work in progress while a replication runs. So failing any
	 * of them, the 1st to the need-th, must end the run with RUN_FAILED
	 * and free what it took (the sanitizer build checks the leaks): a
	 * replication cut short by a failed allocation must never count as a
	 * success with truncated figures. Failing the (need + 1)-th, never
	 * asked for, changes nothing: the figures are the clean run's, bit
	 * for bit.
	 *
	 * The same line with warm-up "auto" (the pool grows in the pilot,
	 * which the replications then reuse) and without (it grows in
	 * replication 0); each run whole (line_run) with a failure that
	 * lasts, and in slices for a progress display (line_run_until) with
	 * one that passes at the next report (blip): a failure that lasts
	 * also strikes the next replication, and would hide a pilot that ran
	 * out of memory and was taken for complete; one that passes does
	 * not. There, a run either fails, or never met its failure and is
	 * the clean run; and some failures must strike inside a slice. */
	static const char *text =
		"{\"name\": \"t\", \"run\": {\"items\": 3000%s, \"replications\": 2},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}, \"next\": \"b\"},"
		"  {\"name\": \"b\", \"service\": \"5ms\", \"capacity\": 3}]}";
	static const char *const warm[] = { ", \"warmup\": \"auto\"", "" };
	blip b;
	run_opts plain = { 0 }, sliced = { .progress = blip_progress,
					   .progress_ctx = &b };
	const run_opts *ways[] = { &plain, &sliced };

	for (int k = 0; k < 4; k++) {
		const run_opts *o = ways[k % 2];
		char buf[1024];
		long before, need;
		int struck = 0;
		res *clean, *r;
		scen *s;

		snprintf(buf, sizeof buf, text, warm[k / 2]);
		s = parse(buf);
		before = hb_alloc_count();
		ck_assert_int_eq(run_failing(s, o, 0, &clean), RUN_OK);
		need = hb_alloc_count() - before;
		ck_assert_int_eq(clean->reps, 2);
		ck_assert_msg(need > 3, "%ld allocations", need);
		for (long n = 1; n <= need; n++) {
			int rc = run_failing(s, o, n, &r);

			if (o == &plain) {
				ck_assert_msg(rc == RUN_FAILED, "case %d: "
					      "allocation %ld of %ld failed, "
					      "yet the run succeeded", k, n,
					      need);
				continue;
			}
			if (rc == RUN_OK)
				check_same(r, clean, n);
			struck += rc == RUN_FAILED && b.healed;
			res_free(r);
		}
		if (o == &sliced)
			ck_assert_msg(struck > 0, "case %d: no failure struck "
				      "inside a replication", k);
		ck_assert_int_eq(run_failing(s, o, need + 1, &r), RUN_OK);
		check_same(r, clean, need + 1);
		res_free(r);
		res_free(clean);
		scen_free(s);
	}
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
	tcase_add_test(tc, test_auto_warmup_of_nothing_measures_from_time_0);
	tcase_add_test(tc, test_stop_flag_gives_partial_results);
	tcase_add_test(tc, test_progress_changes_nothing);
	tcase_add_test(tc, test_stop_drops_the_cut_replication);
	tcase_add_test(tc, test_stop_keeps_the_only_replication);
	tcase_add_test(tc, test_stop_in_the_warm_up_measures_nothing);
	tcase_add_test(tc, test_stop_in_the_pilot_keeps_its_figures);
	tcase_add_test(tc, test_seed_rule);
	tcase_add_test(tc, test_stepping_is_run_scenario);
	tcase_add_test(tc, test_allocation_failures_back_out);
	tcase_add_test(tc, test_progress_of_a_timed_run_is_its_clock);
	tcase_add_test(tc, test_the_bottleneck_shifts_to_the_first_station);
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
