/*
 * t_line.c: the engine on lines whose answers are exact by construction
 * (constant times), and on the mechanics every figure depends on: blocking
 * after service, transports that do not hold the server, drops, forks and
 * joins, closed clients, limits, periodic turns, the rope's gate, warm-up
 * and determinism. Station 0 is a destination like any other: lines route
 * back to it, and joins come before their branches.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "line/line.h"
#include "run/run.h"
#include "scenario/scen.h"

Suite *line_suite(void);

static scen *parse(const char *text)
{
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	if (scen_parse("t", text, strlen(text), NULL, 0, &s, &d) < 0) {
		char buf[2048];

		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("%s", buf);
	}
	return s;
}

typedef struct one_run {
	scen *s;
	line *ln;
	line_figs f;
	double *lf;
	double (*sf)[SF_N];
} one_run;

/* Run replication 0 of text and keep its figures; with items >= 0 the
 * run's item count and warm-up items set on the scen, past what the
 * reader accepts. */
static void run1_items(one_run *o, const char *text, int64_t items,
		       int64_t warm)
{
	diag d;

	o->s = parse(text);
	if (items >= 0) {
		o->s->run.items = items;
		o->s->run.warm_items = warm;
	}
	diag_clear(&d);
	ck_assert_int_eq(line_new(o->s, &o->ln, &d), 0);
	ck_assert_int_eq(line_start(o->ln, o->s->seed, 0, -1), 0);
	ck_assert_int_eq(line_run(o->ln), 0);
	ck_assert_int_eq(line_check(o->ln), 0);
	ck_assert_int_eq(line_figs_new(&o->f, o->s), 0);
	line_figures(o->ln, &o->f);
	o->lf = o->f.line;
	o->sf = o->f.st;
}

static void run1(one_run *o, const char *text)
{
	run1_items(o, text, -1, -1);
}

static void done(one_run *o)
{
	line_figs_free(&o->f);
	line_free(o->ln);
	scen_free(o->s);
}

/* One item over a window of T seconds: the edge effect of a deterministic
 * line's throughput. */
#define EDGE(T) (1.0 / (T) + 1e-9)

/* A state's share on a deterministic line whose window holds whole
 * cycles is exact: its area is a whole number of ns below 2^53, exact in
 * a double, and one division by the window's ns (1e10 for 10 s) rounds it
 * to the double nearest the fraction, the one the literal names. So
 * 1e-12 is only the latency asserts' margin for a sum of a few such
 * roundings (1 - working - blocked); the shortest spell in these tests is
 * 1 ms, 1e-4 of a 10 s window, so a spell or a cycle lost or counted
 * twice at an edge of the window fails. */
#define EXACT 1e-12

START_TEST(test_saturated_tandem_runs_at_its_slowest)
{
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"2ms\", \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"service\": \"5ms\", \"capacity\": 0, \"next\": \"c\"},"
		 "  {\"name\": \"c\", \"service\": \"1ms\", \"capacity\": 0}]}");
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 200, EDGE(10));
	ck_assert_double_eq_tol(o.sf[1][SF_WORKING], 1, 1e-9);
	/* a works 2 ms and waits 3 ms for b each cycle: blocked 3/5; c
	 * works 1 ms of each 5. The pattern repeats every 5 ms from 2 ms
	 * on, and the window [1 s, 11 s) holds 2000 whole cycles: exact. */
	ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 0.4, EXACT);
	ck_assert_double_eq_tol(o.sf[0][SF_BLOCKED], 0.6, EXACT);
	ck_assert_double_eq_tol(o.sf[2][SF_STARVED], 0.8, EXACT);
	ck_assert_double_eq_tol(o.sf[2][SF_BLOCKED], 0, 1e-12);
	/* the active-period method: b works without a break, the others in
	 * 2 ms and 1 ms spells: b is the sole bottleneck all along */
	ck_assert_double_eq_tol(o.sf[1][SF_SOLE], 1, 1e-9);
	ck_assert_double_eq_tol(o.sf[0][SF_SOLE] + o.sf[0][SF_SHIFTING], 0, 1e-9);
	done(&o);
}
END_TEST

START_TEST(test_transport_does_not_hold_the_server)
{
	one_run o;

	/* 100 ms on the conveyor, yet a keeps its 8 ms pace: 125/s */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"8ms\", \"next\": \"b\", \"transport\": {\"delay\": \"100ms\"}},"
		 "  {\"name\": \"b\", \"service\": \"4ms\"}]}");
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 125, EDGE(20));
	ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 1, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.112, 1e-9);
	/* the 12.5 items on the belt count as work in progress */
	ck_assert_double_eq_tol(o.lf[LF_WIP], 125 * 0.112, 0.05);
	done(&o);
}
END_TEST

START_TEST(test_transport_holds_a_place_downstream)
{
	one_run o;

	/* b has one place and one server; the belt takes 50 ms: a may only
	 * send when b's place is free, so the belt never carries two */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"1ms\", \"next\": \"b\", \"transport\": {\"delay\": \"50ms\"}},"
		 "  {\"name\": \"b\", \"service\": \"10ms\", \"capacity\": 1}]}");
	/* cycle: b's two places are its server and one buffer place; an item
	 * takes a place when it sets out, so at most two are between a's
	 * exit and b's exit: throughput = 2 / (50 ms + 10 ms) */
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 2 / 0.060, EDGE(20) * 2);
	done(&o);
}
END_TEST

START_TEST(test_drops_are_counted)
{
	one_run o;

	/* one arrival a millisecond at time 0, 1, 2, ...; a 3 ms server with
	 * no buffer takes one in three */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"3s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"1ms\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"3ms\", \"capacity\": 0, \"on_full\": \"drop\"}]}");
	ck_assert_double_eq_tol(o.lf[LF_OFFERED], 3000, 0.5);
	ck_assert_double_eq_tol(o.lf[LF_DROPPED], 2000, 0.5);
	ck_assert_double_eq_tol(o.sf[0][SF_DROPPED], 2000, 0.5);
	ck_assert_double_eq_tol(o.lf[LF_DROP_FRACTION], 2.0 / 3, 1e-12);
	/* the departure at exactly 3 s is outside the half-open window */
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 999, 0.5);
	done(&o);
}
END_TEST

START_TEST(test_open_source_waits_when_blocked)
{
	one_run o;
	int64_t in, out, dropped, wip;

	/* the same arrivals into a blocking station: the source holds its
	 * item and pauses, so the line runs at the station's pace */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"3s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"1ms\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"3ms\", \"capacity\": 0}]}");
	/* departures at 3, 6, ... ms; the one at exactly 3 s falls outside
	 * the half-open window */
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 999, 0.5);
	ck_assert_double_eq_tol(o.lf[LF_DROPPED], 0, 0.5);
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, out + dropped + wip);
	done(&o);
}
END_TEST

START_TEST(test_fork_join_waits_for_the_slowest_part)
{
	one_run o;

	/* every 10 ms a frame is split into two regions, read in 3 and 5 ms
	 * in parallel, then joined: 1 + 5 + 1 ms */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"arrival\": \"10ms\"}],"
		 " \"stations\": [{\"name\": \"split\", \"service\": \"1ms\", \"next\": {\"fork\": [\"r1\", \"r2\"], \"join\": \"merge\"}},"
		 "  {\"name\": \"r1\", \"service\": \"3ms\", \"next\": \"merge\"},"
		 "  {\"name\": \"r2\", \"service\": \"5ms\", \"next\": \"merge\"},"
		 "  {\"name\": \"merge\", \"service\": \"1ms\"}]}");
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.007, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_LAT_P99], 0.007, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 100, EDGE(10));
	ck_assert_double_eq_tol(o.sf[3][SF_THROUGHPUT], 100, EDGE(10));
	/* parts are not items of the line: WIP is frames, 0.7 on average */
	ck_assert_double_eq_tol(o.lf[LF_WIP], 0.7, 1e-3);
	done(&o);
}
END_TEST

START_TEST(test_fork_saturated_runs_at_the_slowest_branch)
{
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"split\", \"service\": \"1ms\", \"next\": {\"fork\": [\"r1\", \"r2\"], \"join\": \"merge\"}},"
		 "  {\"name\": \"r1\", \"service\": \"3ms\", \"capacity\": 2, \"next\": \"merge\"},"
		 "  {\"name\": \"r2\", \"service\": \"5ms\", \"capacity\": 2, \"next\": \"merge\"},"
		 "  {\"name\": \"merge\", \"service\": \"1ms\", \"capacity\": 2}]}");
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 200, EDGE(10));
	ck_assert_double_eq_tol(o.sf[2][SF_WORKING], 1, 1e-9);
	done(&o);
}
END_TEST

START_TEST(test_routes_split_by_probability)
{
	one_run o;
	double n, p, se;

	run1(&o, "{\"name\": \"t\", \"run\": {\"items\": 100000},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"100/s\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"1ms\", \"next\": [{\"to\": \"b\", \"p\": 0.3}, {\"to\": \"c\", \"p\": 0.7}]},"
		 "  {\"name\": \"b\", \"service\": \"1ms\"}, {\"name\": \"c\", \"service\": \"1ms\"}]}");
	n = o.sf[1][SF_THROUGHPUT] + o.sf[2][SF_THROUGHPUT];
	p = o.sf[1][SF_THROUGHPUT] / n;
	se = sqrt(0.3 * 0.7 / 1e5);
	ck_assert_msg(fabs(p - 0.3) <= 5 * se, "share to b %.5f, want 0.3 +- %.5f", p, 5 * se);
	done(&o);
}
END_TEST

START_TEST(test_closed_client_cycles)
{
	one_run o;

	/* one client: think 10 ms, served 5 ms: a cycle of 15 ms */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"15s\"},"
		 " \"sources\": [{\"name\": \"u\", \"to\": \"a\", \"closed\": {\"clients\": 1, \"think\": \"10ms\"}}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"5ms\"}]}");
	/* departures at 15, 30, ... ms; the one at exactly 15 s is outside */
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 999, 0.5);
	ck_assert_double_eq_tol(o.lf[LF_WIP], 1.0 / 3, 1e-3);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.005, 1e-12);
	done(&o);
}
END_TEST

START_TEST(test_limit_stops_the_source)
{
	one_run o;
	int64_t in, out, dropped, wip;

	run1(&o, "{\"name\": \"t\", \"run\": {\"items\": 1000},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"100/s\", \"limit\": 100}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"5ms\"}}]}");
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, 100);
	ck_assert_int_eq(out, 100);
	ck_assert_int_eq(wip, 0);
	ck_assert(line_ended_early(o.ln));
	done(&o);
}
END_TEST

START_TEST(test_periodic_moves_what_it_holds)
{
	one_run o;

	/* a moves 2 a round from 5 initial items: rounds 0, 1 move 2 each,
	 * round 2 moves the last one; b (sequential turns) passes on what
	 * arrives in the same round */
	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"5s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"1/h\", \"limit\": 1}],"
		 " \"stations\": [{\"name\": \"a\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": 2, \"initial\": 5, \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": 3}]}");
	/* 5 initial items + the source's one at time 0 */
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 6, 0.5);
	ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 6.0 / 10, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], (0 + 0 + 1 + 1 + 2 + 2) / 6.0, 1e-12);
	done(&o);
}
END_TEST

START_TEST(test_warmup_by_time_sets_the_window)
{
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"7s\", \"warmup\": \"3s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"10ms\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"4ms\"}]}");
	ck_assert_int_eq(line_window(o.ln), 7 * INT64_C(1000000000));
	ck_assert_double_eq_tol(o.lf[LF_OFFERED], 700, 0.5);
	ck_assert_double_eq_tol(o.sf[0][SF_UTILIZATION], 0.4, 1e-9);
	/* a starved line: a is the bottleneck only while it works, 40% */
	ck_assert_double_eq_tol(o.sf[0][SF_SOLE], 0.4, 1e-9);
	done(&o);
}
END_TEST

static void figures_of(const char *text, uint64_t seed, uint64_t rep,
		       double lf[LF_N])
{
	scen *s = parse(text);
	line_figs f;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	ck_assert_int_eq(line_start(ln, seed, rep, -1), 0);
	ck_assert_int_eq(line_run(ln), 0);
	ck_assert_int_eq(line_figs_new(&f, s), 0);
	line_figures(ln, &f);
	memcpy(lf, f.line, sizeof f.line);
	line_figs_free(&f);
	line_free(ln);
	scen_free(s);
}

START_TEST(test_same_seed_same_figures)
{
	const char *text =
		"{\"name\": \"t\", \"run\": {\"items\": 20000},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}, \"next\": \"b\"},"
		"  {\"name\": \"b\", \"service\": {\"gamma\": {\"mean\": \"5ms\", \"cv\": 2}}}]}";
	double a[LF_N], b[LF_N], c[LF_N];

	figures_of(text, 7, 0, a);
	figures_of(text, 7, 0, b);
	figures_of(text, 7, 1, c);
	ck_assert(memcmp(a, b, sizeof a) == 0);
	ck_assert(a[LF_LAT_MEAN] != c[LF_LAT_MEAN]);
}
END_TEST

START_TEST(test_adding_a_station_keeps_the_others_draws)
{
	/* common random numbers: station a's arrivals and service times come
	 * from streams named for it and its source, so adding a source zz and
	 * a station z elsewhere in the line leaves a's figures bit for bit
	 * what they were over the same 100 s */
	one_run x, y;
	int ka;

	run1(&x, "{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"100s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}");
	run1(&y, "{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"100s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}, {\"name\": \"zz\", \"to\": \"z\", \"rate\": \"1/s\"}],"
		 " \"stations\": [{\"name\": \"z\", \"service\": {\"exponential\": \"1ms\"}}, {\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}");
	ka = scen_station_index(y.s, "a");
	ck_assert_int_eq(ka, 1);
	ck_assert(x.sf[0][SF_WAIT_MEAN] > 0);
	ck_assert(x.sf[0][SF_WAIT_MEAN] == y.sf[ka][SF_WAIT_MEAN]);
	ck_assert(x.sf[0][SF_THROUGHPUT] == y.sf[ka][SF_THROUGHPUT]);
	ck_assert(x.sf[0][SF_UTILIZATION] == y.sf[ka][SF_UTILIZATION]);
	/* and z did run: the line's figures differ */
	ck_assert(y.sf[0][SF_THROUGHPUT] > 0);
	done(&x);
	done(&y);
}
END_TEST

START_TEST(test_time_standing_still_ends_the_run)
{
	/* one client, no think time, no service time: every event happens at
	 * time 0; the run must end (early), not spin for ever. (The reader
	 * refuses the plain form, a zero-time loop; this one escapes its
	 * check by a route to a timed station it all but never takes, and
	 * the engine's guard is what stops it.) */
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"1s\"},"
		 " \"sources\": [{\"name\": \"u\", \"to\": \"a\", \"closed\": {\"clients\": 1, \"think\": 0}}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": 0, \"next\": [{\"to\": \"b\", \"p\": 1e-15}, {\"to\": \"out\", \"p\": 0.999999999999999}]},"
		 " {\"name\": \"b\", \"service\": \"1ms\"}]}");
	ck_assert(line_ended_early(o.ln));
	done(&o);
}
END_TEST


/* Items the line holds, counted where they are: in buffers and held by
 * servers (working, blocked, or waiting for a device); a periodic
 * station holds only its buffer. For lines without forks (a fork's parts
 * are not items) or conveyors. */
static int64_t in_place(const one_run *o)
{
	line_snap sn;
	int64_t n = 0;

	ck_assert_int_eq(line_snap_new(&sn, o->s), 0);
	line_snapshot(o->ln, &sn);
	for (int i = 0; i < o->s->nstations; i++) {
		n += sn.st[i].queue;
		if (o->s->stations[i].kind != SCEN_STN_PERIODIC)
			n += sn.st[i].working + sn.st[i].blocked +
			     sn.st[i].waiting;
	}
	line_snap_free(&sn);
	return n;
}

/* What entered is what left, was dropped, or is still in the line: as
 * the line counts it, and as found in place. */
static void check_conservation(const one_run *o)
{
	int64_t in, out, dropped, wip;

	line_counts(o->ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, out + dropped + wip);
	ck_assert_int_eq(wip, in_place(o));
}

START_TEST(test_closed_limit_counts_returning_clients)
{
	/* 5 clients think 1 s and are served 100 ms, with a limit of 20
	 * requests: the source stops after exactly 20, however many times
	 * each client comes back. Round 1 enters at
	 * 1 s and queues: latencies 0.1, 0.2, ..., 0.5 s; from then on the
	 * clients come back 100 ms apart and never wait: 15 more of 0.1 s.
	 * Mean (1.5 + 1.5) / 20 = 0.15 s. */
	one_run o;
	int64_t in, out, dropped, wip;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"1h\"},"
		 " \"sources\": [{\"name\": \"u\", \"to\": \"a\", \"limit\": 20, \"closed\": {\"clients\": 5, \"think\": \"1s\"}}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"100ms\"}]}");
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, 20);
	ck_assert_int_eq(out, 20);
	ck_assert_int_eq(wip, 0);
	ck_assert_double_eq_tol(o.lf[LF_OFFERED], 20, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 20, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.15, 1e-12);
	/* a run of a duration runs to its end, idle once the source is
	 * spent */
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 20 / 3600.0, 1e-12);
	done(&o);
}
END_TEST

START_TEST(test_periodic_blocked_by_the_first_station)
{
	/* A periodic station b (index 1) moves one item a second to station
	 * 0, a (2 s, no buffer), fed one item a second. Turns at 0, 1, ...,
	 * 100 s in the window [0, 101 s): at 0 b holds nothing (starved);
	 * at 1 s a is free and takes the item of time 0; at 2 s a is busy
	 * and blocks b's turn; at 3 s a has just finished (its end was
	 * scheduled first) and takes the next; and so on: of 101 draws, 50
	 * moved (odd seconds), 50 cut by the full station 0 (even), 1
	 * starved. a works from 1 s on and lets out at 3, 5, ..., 99 s. No
	 * item is lost: b keeps what it could not move. */
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"101s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"b\", \"arrival\": \"1s\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"2s\", \"capacity\": 0},"
		 "  {\"name\": \"b\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": 1, \"next\": \"a\"}]}");
	ck_assert_double_eq_tol(o.sf[1][SF_WORKING], 50.0 / 101, 1e-12);
	ck_assert_double_eq_tol(o.sf[1][SF_BLOCKED], 50.0 / 101, 1e-12);
	ck_assert_double_eq_tol(o.sf[1][SF_STARVED], 1.0 / 101, 1e-12);
	ck_assert_double_eq_tol(o.sf[1][SF_THROUGHPUT], 50.0 / 101, 1e-12);
	ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 100.0 / 101, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_OFFERED], 101, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 49, 1e-9);
	/* at the end: 1 at a, 101 - 50 = 51 waiting in b */
	check_conservation(&o);
	ck_assert_int_eq(in_place(&o), 52);
	done(&o);
}
END_TEST

START_TEST(test_rework_loop_back_to_the_first_station)
{
	/* Inspection b sends half its items back to station 0, a (10 ms, 2
	 * places), for rework. Each item visits a a geometric number of
	 * times, 1 / (1 - 0.5) = 2 on average (variance 2), so 40 arrivals a
	 * second load a to 0.8, and its 3 places fill up now and then: the
	 * source and b must then wait for a place there, holding their item
	 * (blocking after service), and nothing may be lost on the way
	 * round. In 100 s the N ~ 4000 items that leave made 2N visits to a,
	 * give or take sqrt(2N) ~ 90: 5 sd is 4.5 a second. b takes what a
	 * passes on, and the line keeps up with its source. */
	one_run o;
	double T = 100, n = 40 * T;

	run1(&o, "{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"100s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"25ms\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"10ms\", \"capacity\": 2, \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"service\": \"5ms\", \"next\": [{\"to\": \"a\", \"p\": 0.5}, {\"to\": \"c\", \"p\": 0.5}]},"
		 "  {\"name\": \"c\", \"service\": \"1ms\"}]}");
	ck_assert_double_eq_tol(o.sf[0][SF_THROUGHPUT], 2 * o.lf[LF_THROUGHPUT],
				5 * sqrt(2 * n) / T);
	ck_assert_double_eq_tol(o.sf[1][SF_THROUGHPUT], o.sf[0][SF_THROUGHPUT], 10 / T);
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT] * T, o.lf[LF_OFFERED], 10);
	ck_assert(o.sf[1][SF_BLOCKED] > 0);
	ck_assert(o.sf[0][SF_BLOCKED] == 0);	/* b always has room */
	ck_assert_double_eq_tol(o.sf[1][SF_WORKING] + o.sf[1][SF_BLOCKED] +
				o.sf[1][SF_STARVED], 1, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_DROPPED], 0, 1e-12);
	check_conservation(&o);
	done(&o);
}
END_TEST

START_TEST(test_a_route_out_leaves_the_line)
{
	/* The loop above, with inspection b sending the good half straight
	 * out of the line ("to": "out") instead of to a station: the same
	 * known answer, a passes 2 visits per item, give or take 5 sd. */
	one_run o;
	double T = 100, n = 40 * T;

	run1(&o, "{\"name\": \"t\", \"seed\": 3, \"run\": {\"duration\": \"100s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"25ms\"}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"10ms\", \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"service\": \"5ms\", \"next\": [{\"to\": \"a\", \"p\": 0.5}, {\"to\": \"out\", \"p\": 0.5}]}]}");
	ck_assert_double_eq_tol(o.sf[0][SF_THROUGHPUT], 2 * o.lf[LF_THROUGHPUT],
				5 * sqrt(2 * n) / T);
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 40, 5 * sqrt(n) / T);
	check_conservation(&o);
	done(&o);
}
END_TEST

START_TEST(test_two_station_cycle_deadlocks_at_its_time)
{
	/* No room in front of a (1.5 s) or b (1 s); b sends its item back to
	 * a (all but surely). Item 1 arrives at 0 and is in a until 1.5,
	 * item 2 arrives at 1 and waits in the source's hands; at 1.5 item 1
	 * goes to b and item 2 into a. At 2.5 b finishes item 1, whose way
	 * back into a is taken: b blocks. At 3.0 a finishes item 2, whose way
	 * into b is taken: a blocks, and no event can free either: the
	 * replication ends at 3 s with the cycle a -> b, marked early. */
	one_run o;

	run1(&o, "{\"name\": \"t\", \"seed\": 1, \"run\": {\"duration\": \"100s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"1s\"}],"
		 " \"stations\": [{\"name\": \"a\", \"capacity\": 0, \"service\": \"1.5s\", \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"capacity\": 0, \"service\": \"1s\", \"next\": [{\"to\": \"a\", \"p\": 0.999999}, {\"to\": \"out\", \"p\": 0.000001}]}]}");
	ck_assert_double_eq(o.f.jam_s, 3.0);
	ck_assert_int_eq(o.f.njam, 2);
	ck_assert_int_eq(o.f.jam[0], 0);
	ck_assert_int_eq(o.f.jam[1], 1);
	ck_assert(line_ended_early(o.ln));
	ck_assert_double_eq_tol(o.sf[0][SF_BLOCKED], 0, 1e-12);	/* only at the end */
	{
		/* items 1 and 2 held by b and a, item 3 (arrived at 2 s) in
		 * the source's hands: all three still in the line */
		int64_t in, out, dropped, wip;

		line_counts(o.ln, &in, &out, &dropped, &wip);
		ck_assert_int_eq(in, 3);
		ck_assert_int_eq(out + dropped, 0);
		ck_assert_int_eq(wip, 3);
	}
	done(&o);
}
END_TEST

/* The same loop with room for an item in front of b keeps moving: a
 * deadlock needs every server of the cycle blocked. */
START_TEST(test_room_in_the_cycle_keeps_it_moving)
{
	one_run o;

	run1(&o, "{\"name\": \"t\", \"seed\": 1, \"run\": {\"duration\": \"100s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"2s\"}],"
		 " \"stations\": [{\"name\": \"a\", \"capacity\": 0, \"service\": \"0.5s\", \"next\": \"b\"},"
		 "  {\"name\": \"b\", \"service\": \"0.5s\", \"next\": [{\"to\": \"a\", \"p\": 0.5}, {\"to\": \"out\", \"p\": 0.5}]}]}");
	ck_assert_double_eq(o.f.jam_s, -1);
	ck_assert_int_eq(o.f.njam, 0);
	ck_assert(!line_ended_early(o.ln));
	done(&o);
}
END_TEST

/* Draws longer than the clock's 292 years, from inputs check accepts: a
 * lognormal of mean 87,000 h and cv 100 has about one draw in 60,000
 * beyond 2^63 ns, which st_from_s caps at ST_MAX; added to a clock past 0
 * it used to overflow (eq.c's "t >= q->now" aborted, or under UBSan the
 * addition trapped). One line per site that adds a draw to the clock:
 * a service (1000 servers: it aborted), a transport's delay (10 h at 2/s:
 * about one draw past the clock's end expected), an open
 * arrival (1000 sources), a closed client's think time, and a roofline
 * batch on a FIFO GPU (10^5 items of 10^18 flop: about 4 * 10^10 s).
 * Each must run to its end, its invariants intact. */
/* The clock ran forward to the run's end, and what entered left, was
 * dropped or is still inside (items on conveyors and in batches too). */
static void check_counts(const one_run *o)
{
	int64_t in, out, dropped, wip;

	line_counts(o->ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, out + dropped + wip);
	ck_assert_int_ge(line_now(o->ln), 0);
	ck_assert_int_ge(line_window(o->ln), o->s->run.duration);
}

#define HUGE_LOGN "{\"lognormal\": {\"mean\": \"87000h\", \"cv\": 100}}"
static const char *const huge_lines[] = {
	"{\"name\": \"service\", \"run\": {\"duration\": \"1h\"},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"100/s\"}],"
	" \"stations\": [{\"name\": \"a\", \"servers\": 1000, \"service\": " HUGE_LOGN "}]}",
	"{\"name\": \"transport\", \"run\": {\"duration\": \"10h\"},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"2/s\"}],"
	" \"stations\": [{\"name\": \"a\", \"service\": \"1ms\", \"next\": \"b\","
	" \"transport\": {\"delay\": " HUGE_LOGN "}}, {\"name\": \"b\", \"service\": \"1ms\"}]}",
	"{\"name\": \"think\", \"run\": {\"duration\": \"87000h\"},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"closed\": {\"clients\": 1000, \"think\": " HUGE_LOGN "}}],"
	" \"stations\": [{\"name\": \"a\", \"service\": \"1ms\"}]}",
	"{\"name\": \"roofline\", \"run\": {\"duration\": \"1h\"},"
	" \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"t4\"}}},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
	" \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\","
	" \"batching\": {\"max_batch\": 100000, \"max_delay\": \"1s\"},"
	" \"work\": {\"flops\": \"1e18\", \"params\": \"1M\", \"runtime\": \"onnx\", \"precision\": \"fp32\"}}]}",
};

START_TEST(test_huge_draws_saturate_the_clock)
{
	one_run o;

	run1(&o, huge_lines[_i]);
	check_counts(&o);
	done(&o);
}
END_TEST

/* An open arrival of the same law at each of 1000 sources. */
START_TEST(test_huge_arrivals_saturate_the_clock)
{
	char *text = malloc(200000);
	size_t at;
	one_run o;

	ck_assert_ptr_nonnull(text);
	at = (size_t)sprintf(text, "{\"name\": \"arrivals\", \"run\": {\"duration\": \"87000h\"},"
			     " \"stations\": [{\"name\": \"a\", \"service\": \"1ms\"}], \"sources\": [");
	for (int i = 0; i < 1000; i++)
		at += (size_t)sprintf(text + at, "%s{\"name\": \"s%d\", \"to\": \"a\", \"arrival\": "
				      HUGE_LOGN "}", i ? ", " : "", i);
	sprintf(text + at, "]}");
	run1(&o, text);
	check_counts(&o);
	done(&o);
	free(text);
}
END_TEST

START_TEST(test_fork_part_waits_for_the_first_station)
{
	/* split (index 1) forks every item into a part for station 0, a
	 * (5 ms, no buffer), and one for r (3 ms, no buffer), joined at m.
	 * Whichever branch is listed first, split must wait until both have
	 * room (a fork is all or nothing): it finishes 1 ms after a fork,
	 * finds r busy until +3 ms and a until +5 ms, and forks again at +5:
	 * a works all the time, 200 items a second, split works 1 ms and is
	 * blocked 4 ms in 5. An item pulled at T is done at T + 1, forked at
	 * T + 5, joined when a's part is done at T + 10 (r's came at T + 8),
	 * and leaves m at T + 11: latency 11 ms. */
	static const char *const forks[] = { "[\"a\", \"r\"]", "[\"r\", \"a\"]" };

	for (int k = 0; k < 2; k++) {
		char text[1024];
		one_run o;

		snprintf(text, sizeof text,
			 "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
			 " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"saturate\": true}],"
			 " \"stations\": [{\"name\": \"a\", \"service\": \"5ms\", \"capacity\": 0, \"next\": \"m\"},"
			 "  {\"name\": \"split\", \"service\": \"1ms\", \"next\": {\"fork\": %s, \"join\": \"m\"}},"
			 "  {\"name\": \"r\", \"service\": \"3ms\", \"capacity\": 0, \"next\": \"m\"},"
			 "  {\"name\": \"m\", \"service\": \"1ms\"}]}", forks[k]);
		run1(&o, text);
		ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 200, EDGE(10));
		ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 1, 1e-9);
		/* from 1 ms on, split works [5i + 1, 5i + 2) and is blocked
		 * [5i + 2, 5i + 6), r works [5i + 1, 5i + 4): the window
		 * holds 2000 whole 5 ms cycles, so 0.2, 0.8 and 0.6 exactly */
		ck_assert_double_eq_tol(o.sf[1][SF_WORKING], 0.2, EXACT);
		ck_assert_double_eq_tol(o.sf[1][SF_BLOCKED], 0.8, EXACT);
		ck_assert_double_eq_tol(o.sf[2][SF_WORKING], 0.6, EXACT);
		ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.011, 1e-12);
		ck_assert_double_eq_tol(o.lf[LF_LAT_P99], 0.011, 1e-12);
		done(&o);
	}
}
END_TEST

START_TEST(test_fork_straight_to_its_join)
{
	/* split forks every item into a part for r (1 ms, no buffer) and one
	 * that goes straight to the join m (5 ms, no buffer), listed last:
	 * that part is the last routed, so it needs m's place like any item,
	 * and split waits for it. Forked at T, the part for m is there at
	 * once, r's at T + 1; m works [T + 1, T + 6). split, done with its
	 * next item at T + 1, is blocked until m frees at T + 6 and forks
	 * then: a cycle of 6 ms, split working 1 and blocked 5, m working 5;
	 * 1000/6 items a second. The window [1 s, 11 s) cuts a cycle at each
	 * end: a share may be off by 6 ms in 10 s. */
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"split\", \"service\": \"1ms\", \"next\": {\"fork\": [\"r\", \"m\"], \"join\": \"m\"}},"
		 "  {\"name\": \"r\", \"service\": \"1ms\", \"capacity\": 0, \"next\": \"m\"},"
		 "  {\"name\": \"m\", \"service\": \"5ms\", \"capacity\": 0}]}");
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 1000.0 / 6, EDGE(10));
	ck_assert_double_eq_tol(o.sf[0][SF_WORKING], 1.0 / 6, 6e-3 / 10);
	ck_assert_double_eq_tol(o.sf[0][SF_BLOCKED], 5.0 / 6, 6e-3 / 10);
	ck_assert_double_eq_tol(o.sf[2][SF_WORKING], 5.0 / 6, 6e-3 / 10);
	check_conservation(&o);
	done(&o);
}
END_TEST

START_TEST(test_join_before_its_branches)
{
	/* The join station need not come last: here merge is index 1, before
	 * the branches r1 -> r1b and r2, so only the join station itself,
	 * not every station after it, takes a fork's parts. r1b (5 ms, no
	 * buffer) paces the line at 200 items a second; r1 (no buffer) works
	 * 1 ms and waits 4 ms for r1b each cycle, and so does split for r1.
	 * An item pulled at T is split by T + 1, forked at T + 5 when r1b
	 * takes the part before it, read by r1 by T + 6, blocked there
	 * until r1b frees at T + 10, done at T + 15 and joined to r2's part
	 * (in since T + 6); merge lets it out at T + 16. */
	one_run o;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"split\", \"service\": \"1ms\", \"next\": {\"fork\": [\"r1\", \"r2\"], \"join\": \"merge\"}},"
		 "  {\"name\": \"merge\", \"service\": \"1ms\"},"
		 "  {\"name\": \"r1\", \"service\": \"1ms\", \"capacity\": 0, \"next\": \"r1b\"},"
		 "  {\"name\": \"r1b\", \"service\": \"5ms\", \"capacity\": 0, \"next\": \"merge\"},"
		 "  {\"name\": \"r2\", \"service\": \"1ms\", \"next\": \"merge\"}]}");
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 200, EDGE(10));
	ck_assert_double_eq_tol(o.sf[1][SF_THROUGHPUT], 200, EDGE(10));
	ck_assert_double_eq_tol(o.sf[3][SF_WORKING], 1, 1e-9);
	/* from 2 ms on, r1 and split (which waits for r1's room) work
	 * [5i + 2, 5i + 3) and are blocked [5i + 3, 5i + 7), r2 works
	 * [5i + 2, 5i + 3): the window [1 s, 11 s) cuts the spells
	 * [998, 1002) and [10998, 11002) ms, so blocked is 2 + 1999 * 4 + 2
	 * = 8000 ms of 10 000: 0.8 exactly */
	ck_assert_double_eq_tol(o.sf[2][SF_WORKING], 0.2, EXACT);
	ck_assert_double_eq_tol(o.sf[2][SF_BLOCKED], 0.8, EXACT);
	ck_assert_double_eq_tol(o.sf[0][SF_BLOCKED], 0.8, EXACT);
	ck_assert_double_eq_tol(o.sf[4][SF_WORKING], 0.2, EXACT);
	ck_assert_double_eq_tol(o.sf[4][SF_BLOCKED], 0, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.016, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_LAT_P99], 0.016, 1e-12);
	/* Little: 200 a second for 16 ms each */
	ck_assert_double_eq_tol(o.lf[LF_WIP], 3.2, 1e-3);
	done(&o);
}
END_TEST

START_TEST(test_rope_gate_queues_waiting_clients)
{
	/* A rope of 1 on a (1 ms): one request in the line at a time. Three
	 * clients end their 10 ms think at once: the first goes in, two
	 * queue at the gate, and each is let in as the one before finishes
	 * at a: releases at 10, 11, 12 ms; then each client thinks 10 ms
	 * after it left, so they come back 1 ms apart, each as the one before
	 * it finishes, and round k (k >= 1) leaves at 11k, 11k + 1, 11k + 2
	 * ms. Latency starts at release: 1 ms for everyone. In the window
	 * [0, 1100 ms): rounds 1 to 99 leave (297), round 100 leaves from
	 * 1100 ms on; 298 entered, the last at 1099 ms. */
	one_run o;
	int64_t in, out, dropped, wip;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"1100ms\"},"
		 " \"sources\": [{\"name\": \"u\", \"to\": \"a\", \"closed\": {\"clients\": 3, \"think\": \"10ms\"}}],"
		 " \"stations\": [{\"name\": \"a\", \"service\": \"1ms\", \"rope\": 1}]}");
	ck_assert_double_eq_tol(o.lf[LF_DEPARTED], 297, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_OFFERED], 298, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 297 / 1.1, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.001, 1e-12);
	ck_assert_double_eq_tol(o.lf[LF_LAT_P99], 0.001, 1e-12);
	ck_assert_double_eq_tol(o.sf[0][SF_WAIT_MEAN], 0, 1e-12);
	ck_assert_double_eq_tol(o.sf[0][SF_UTILIZATION], 298 * 0.001 / 1.1, 1e-9);
	/* the one request in the line at 1100 ms: rounds never overlap */
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(wip, 1);
	ck_assert_int_eq(in, out + wip);
	done(&o);
}
END_TEST

/* ---- dynamic batching, rule by rule, with arrivals every millisecond */

static const char *batch_line =
	"{\"name\": \"t\", \"run\": {\"duration\": \"30s\", \"warmup\": \"3s\"},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"m\", \"arrival\": \"1ms\"}],"
	" \"stations\": [{\"name\": \"m\", \"batching\": %s}]}";

static void run_batching(one_run *o, const char *batching)
{
	char text[1024];

	snprintf(text, sizeof text, batch_line, batching);
	run1(o, text);
}

START_TEST(test_batch_waits_max_delay)
{
	/* max_delay 2.5 ms: the item at 0 waits until 2.5 ms, when those of
	 * 1 and 2 ms have joined it: batches of 3 every 3 ms, each 1 ms;
	 * latencies 3.5, 2.5 and 1.5 ms */
	one_run o;

	run_batching(&o, "{\"max_batch\": 8, \"max_delay\": \"2.5ms\", \"time\": {\"base\": \"1ms\", \"per_item\": 0}}");
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_MEAN], 3, 1e-3);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.0025, 1e-7);
	ck_assert_double_eq_tol(o.sf[0][SF_UTILIZATION], 1.0 / 3, 1e-3);
	done(&o);
}
END_TEST

START_TEST(test_batch_preferred_size_goes_at_once)
{
	/* preferred 4 of at most 8, delay 10 ms: the 4th arrival completes a
	 * preferred batch and it leaves at once: latencies 3, 2, 1, 0 ms plus
	 * the 0.5 ms batch */
	one_run o;

	run_batching(&o, "{\"max_batch\": 8, \"preferred\": [4], \"max_delay\": \"10ms\", \"time\": {\"base\": \"0.5ms\", \"per_item\": 0}}");
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_MEAN], 4, 1e-3);
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_P90], 4, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.002, 1e-7);
	done(&o);
}
END_TEST

START_TEST(test_full_batch_goes_at_once)
{
	/* at most 2, delay 10 ms: the second arrival fills the batch */
	one_run o;

	run_batching(&o, "{\"max_batch\": 2, \"max_delay\": \"10ms\", \"time\": {\"base\": \"0.5ms\", \"per_item\": 0}}");
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_MEAN], 2, 1e-3);
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_FILL], 1, 1e-3);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.001, 1e-7);
	done(&o);
}
END_TEST

START_TEST(test_no_delay_takes_what_is_there)
{
	/* no max_delay, a 2.5 ms batch: a free server takes what waits: after
	 * the first lone item, batches of the 2 or 3 that came meanwhile, 5
	 * items every 5 ms in steady state (2 then 3, or 3 then 2) */
	one_run o;

	run_batching(&o, "{\"max_batch\": 8, \"time\": {\"base\": \"2.5ms\", \"per_item\": 0}}");
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_MEAN], 2.5, 1e-3);
	ck_assert_double_eq_tol(o.sf[0][SF_UTILIZATION], 1, 1e-3);
	done(&o);
}
END_TEST

START_TEST(test_batch_table_interpolates)
{
	/* a table of 1 -> 2 ms and 3 -> 4 ms: a batch of 2 takes 3 ms. One
	 * arrival every 2 ms, preferred size 2, a long max_delay: every batch
	 * is the pair (0, 2 ms), (4, 6 ms), ..., leaving at 2 + 3 = 5 ms, so
	 * latencies alternate 5 and 3 ms: mean 4 ms */
	one_run o;
	char text[1024];

	snprintf(text, sizeof text,
		 "{\"name\": \"t\", \"run\": {\"duration\": \"30s\", \"warmup\": \"3s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"m\", \"arrival\": \"2ms\"}],"
		 " \"stations\": [{\"name\": \"m\", \"batching\": {\"max_batch\": 3, \"preferred\": [2], \"max_delay\": \"1s\","
		 "   \"time\": {\"table\": [[1, \"2ms\"], [3, \"4ms\"]]}}}]}");
	run1(&o, text);
	ck_assert_double_eq_tol(o.sf[0][SF_BATCH_MEAN], 2, 1e-9);
	ck_assert_double_eq_tol(o.lf[LF_LAT_MEAN], 0.004, 1e-7);
	ck_assert_double_eq_tol(o.sf[0][SF_UTILIZATION], 0.75, 1e-3);
	done(&o);
}
END_TEST

START_TEST(test_max_queue_rejects)
{
	/* one item per 10 ms served, at most 2 waiting: of each 10 arrivals
	 * one gets in and nine are rejected */
	one_run o;

	run_batching(&o, "{\"max_batch\": 1, \"max_queue\": 2, \"time\": {\"base\": \"10ms\", \"per_item\": 0}}");
	ck_assert_double_eq_tol(o.lf[LF_DROP_FRACTION], 0.9, 2.0 / 27000);
	ck_assert_double_eq_tol(o.sf[0][SF_DROPPED], o.lf[LF_DROPPED], 0.5);
	done(&o);
}
END_TEST

START_TEST(test_batch_blocks_part_way)
{
	/* batches of 4 every 4 ms into a station that takes one item each
	 * 1 ms with no buffer: each batch leaves one item at a time, the
	 * batching server blocked meanwhile; nothing is lost or made */
	one_run o;
	int64_t in, out, dropped, wip;

	run1(&o, "{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		 " \"sources\": [{\"name\": \"in\", \"to\": \"m\", \"saturate\": true}],"
		 " \"stations\": [{\"name\": \"m\", \"next\": \"n\", \"batching\": {\"max_batch\": 4, \"time\": {\"base\": \"1ms\", \"per_item\": 0}}},"
		 "  {\"name\": \"n\", \"capacity\": 0, \"service\": \"1ms\"}]}");
	/* a cycle: the batch (1 ms), then n takes one item at once and the
	 * other three as it frees: 4 items per 4 ms */
	ck_assert_double_eq_tol(o.lf[LF_THROUGHPUT], 1000, 5 * EDGE(10));
	ck_assert_double_eq_tol(o.sf[0][SF_BLOCKED], 0.75, 1e-3);
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(in, out + dropped + wip);
	done(&o);
}
END_TEST

START_TEST(test_runaway_guard_saturates_for_huge_runs)
{
	/* The guard is (items + warm-up) * 1000 * stations + stations^2 +
	 * 10^7 events. Here the first product is 1844674407370956 * 10^4 =
	 * 2^64 + 8384: wrapped, the guard was 10008484 events and cut this
	 * run of 11 * 10^6 (10^6 items, one arrival and ten services each)
	 * short, about 91% of its items out. Saturated, it is no guard, and
	 * the run goes on until the source runs dry. (The reader now refuses
	 * more than 10^10 items; the figures are set on the scen, as a line
	 * of 10^6 stations would reach the same product.) */
	one_run o;
	int64_t in, out, dropped, wip;
	char text[2048];
	int n;

	n = snprintf(text, sizeof text,
		     "{\"name\": \"t\", \"run\": {\"items\": 1000,"
		     " \"warmup\": {\"items\": 1000}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"s0\", \"arrival\": \"2ms\", \"limit\": 1000000}],"
		     " \"stations\": [");
	for (int i = 0; i < 10; i++) {
		char next[32] = "";

		if (i < 9)
			snprintf(next, sizeof next, ", \"next\": \"s%d\"", i + 1);
		n += snprintf(text + n, sizeof text - (size_t)n,
			      "%s{\"name\": \"s%d\", \"service\": \"1ms\"%s}",
			      i ? ", " : "", i, next);
	}
	snprintf(text + n, sizeof text - (size_t)n, "]}");
	run1_items(&o, text, INT64_C(1000000000000000), INT64_C(844674407370956));
	line_counts(o.ln, &in, &out, &dropped, &wip);
	ck_assert_int_eq(out, 1000000);
	ck_assert_uint_eq(line_events(o.ln), 11000000);
	done(&o);
}
END_TEST

/* Out of memory in the middle of a replication ends it there: line_run
 * says -1 at once, with the clock where the allocation failed, rather
 * than going on with a line that lost an item. A queue that grows (an
 * arrival every 1 ms, a service of 2 ms, for 10 s) allocates as it runs
 * (its first items' room at 0, its pools again at 2 s, 4 s ...); failing
 * the first allocation after line_start must stop the run before its
 * end. */
START_TEST(test_out_of_memory_ends_the_replication)
{
	scen *s = parse("{\"name\": \"t\", \"run\": {\"duration\": \"10s\"},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"1ms\"}],"
			" \"stations\": [{\"name\": \"a\", \"service\": \"2ms\"}]}");
	long before, at_start, in_run;
	line *ln;
	diag d;

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	before = hb_alloc_count();
	ck_assert_int_eq(line_start(ln, 1, 0, -1), 0);
	at_start = hb_alloc_count() - before;
	ck_assert_int_eq(line_run(ln), 0);
	in_run = hb_alloc_count() - before - at_start;
	ck_assert_int_gt(in_run, 0);
	ck_assert_int_eq(line_now(ln), st_from_s(10));
	line_free(ln);

	ck_assert_int_eq(line_new(s, &ln, &d), 0);
	hb_fail_after(at_start + 1);
	ck_assert_int_eq(line_start(ln, 1, 0, -1), 0);
	ck_assert_int_eq(line_run(ln), -1);
	hb_fail_after(0);
	ck_assert_int_lt(line_now(ln), st_from_s(10));
	line_free(ln);
	scen_free(s);
}
END_TEST

Suite *line_suite(void)
{
	Suite *s = suite_create("line");
	TCase *tc = tcase_create("exact");

	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_saturated_tandem_runs_at_its_slowest);
	tcase_add_test(tc, test_transport_does_not_hold_the_server);
	tcase_add_test(tc, test_transport_holds_a_place_downstream);
	tcase_add_test(tc, test_drops_are_counted);
	tcase_add_test(tc, test_open_source_waits_when_blocked);
	tcase_add_test(tc, test_fork_join_waits_for_the_slowest_part);
	tcase_add_test(tc, test_fork_saturated_runs_at_the_slowest_branch);
	tcase_add_test(tc, test_routes_split_by_probability);
	tcase_add_test(tc, test_closed_client_cycles);
	tcase_add_test(tc, test_limit_stops_the_source);
	tcase_add_test(tc, test_periodic_moves_what_it_holds);
	tcase_add_test(tc, test_warmup_by_time_sets_the_window);
	tcase_add_test(tc, test_same_seed_same_figures);
	tcase_add_test(tc, test_adding_a_station_keeps_the_others_draws);
	tcase_add_test(tc, test_time_standing_still_ends_the_run);
	tcase_add_test(tc, test_closed_limit_counts_returning_clients);
	tcase_add_test(tc, test_periodic_blocked_by_the_first_station);
	tcase_add_test(tc, test_rework_loop_back_to_the_first_station);
	tcase_add_test(tc, test_a_route_out_leaves_the_line);
	tcase_add_test(tc, test_two_station_cycle_deadlocks_at_its_time);
	tcase_add_test(tc, test_room_in_the_cycle_keeps_it_moving);
	tcase_add_test(tc, test_fork_part_waits_for_the_first_station);
	tcase_add_test(tc, test_join_before_its_branches);
	tcase_add_test(tc, test_fork_straight_to_its_join);
	tcase_add_test(tc, test_rope_gate_queues_waiting_clients);
	tcase_add_test(tc, test_runaway_guard_saturates_for_huge_runs);
	tcase_add_test(tc, test_out_of_memory_ends_the_replication);
	suite_add_tcase(s, tc);
	/* long lines of draws (10^5 to 10^6 events): seconds under ASan */
	tc = tcase_create("huge");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_huge_draws_saturate_the_clock, 0,
			    (int)(sizeof huge_lines / sizeof huge_lines[0]));
	tcase_add_test(tc, test_huge_arrivals_saturate_the_clock);
	suite_add_tcase(s, tc);
	tc = tcase_create("batching");
	tcase_add_test(tc, test_batch_waits_max_delay);
	tcase_add_test(tc, test_batch_preferred_size_goes_at_once);
	tcase_add_test(tc, test_full_batch_goes_at_once);
	tcase_add_test(tc, test_no_delay_takes_what_is_there);
	tcase_add_test(tc, test_batch_table_interpolates);
	tcase_add_test(tc, test_max_queue_rejects);
	tcase_add_test(tc, test_batch_blocks_part_way);
	suite_add_tcase(s, tc);
	return s;
}
