/*
 * t_toc.c: the five focusing steps against lines whose answers are known.
 *
 * Deterministic lines have exact answers (the slowest station, capacities
 * as 1/service); stochastic ones are judged by the runs' own paired
 * intervals, as herbie judges them.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "core/hb.h"
#include "report/rtoc.h"
#include "run/diff.h"
#include "run/res.h"
#include "run/toc.h"
#include "tutil.h"

Suite *toc_suite(void);

static toc_res *toc_text(const char *text, const char *const *sets, int n,
			 int steps, int until_goal)
{
	toc_opts o = { { 0 }, steps, until_goal };
	toc_res *t = NULL;
	diag d;
	int rc = toc_run("t.json", text, strlen(text), sets, n, &o, &t, &d);

	ck_assert_msg(rc == RUN_OK, "toc_run: %d %s", rc, d.msg);
	return t;
}

static res *run_text(const char *text, const char *const *sets, int n)
{
	run_opts o = { 0 };
	scen *s = NULL;
	res *r = NULL;
	diag d;

	ck_assert_msg(scen_parse("t.json", text, strlen(text), sets, n, &s, &d) == 0,
		      "%s", d.msg);
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	return r;
}

static void run_free(res *r)
{
	scen *s = (scen *)r->s;

	res_free(r);
	scen_free(s);
}

/* A saturated tandem of constant services 1, 3 and 2 ms: capacities
 * 1000, 333.3 and 500 a second. b is the constraint; one more server
 * there makes 666.7, and c (500) is next; then a (1000) would be, were
 * c doubled. */
static const char tandem[] =
	"{\"name\": \"tandem\", \"seed\": 1,"
	" \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\", \"replications\": 3},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
	" \"stations\": ["
	"  {\"name\": \"a\", \"service\": \"1ms\", \"next\": \"b\"},"
	"  {\"name\": \"b\", \"capacity\": 4, \"service\": \"3ms\", \"next\": \"c\"},"
	"  {\"name\": \"c\", \"capacity\": 4, \"service\": \"2ms\"}]}";

START_TEST(test_the_slowest_station_is_the_constraint)
{
	toc_res *t = toc_text(tandem, NULL, 0, 3, 0);
	const toc_step *s0 = &t->steps[0], *s1 = &t->steps[1];

	ck_assert_int_eq(s0->constraint, 1);
	ck_assert_int_eq(s0->verdict, RES_ONE);
	ck_assert_int_eq(s0->drum, 1);
	/* b is always busy: sole bottleneck the whole window */
	ck_assert_double_eq_tol(stat_mean(res_entity_sole(s0->r, 1)), 1, 1e-9);
	ck_assert_double_eq_tol(toc_throughput(s0), 1000.0 / 3, 0.1);
	/* the default lever, one more server at b, helps and is applied */
	ck_assert_int_ge(s0->best, 0);
	ck_assert_str_eq(s0->tries[s0->best].set, "stations.b.servers=2");
	ck_assert_int_eq(s1->constraint, 2);
	ck_assert_double_eq_tol(toc_throughput(s1), 500, 0.1);
	ck_assert_int_eq(t->steps[2].constraint, 1);	/* b again: 666.7 < 1000 */
	ck_assert_int_eq(t->nsteps, 3);
	ck_assert_int_eq(t->stop, TOC_STOP_STEPS);
	toc_free(t);
}
END_TEST

/* One client circulating through a (3 ms) and b (1 ms): a is active 3 ms
 * of every 4, then b 1 ms, and no period of one overlaps the other's.
 * The bottleneck alternates on that schedule: a sole 3/4, b sole 1/4,
 * nothing shifting. */
static const char alternating[] =
	"{\"name\": \"alt\", \"seed\": 3,"
	" \"run\": {\"duration\": \"10s\", \"replications\": 2},"
	" \"sources\": [{\"name\": \"one\", \"to\": \"a\","
	"   \"closed\": {\"clients\": 1, \"think\": \"0s\"}}],"
	" \"stations\": ["
	"  {\"name\": \"a\", \"service\": \"3ms\", \"next\": \"b\"},"
	"  {\"name\": \"b\", \"service\": \"1ms\"}]}";

START_TEST(test_an_alternating_schedule)
{
	res *r = run_text(alternating, NULL, 0);

	ck_assert_double_eq_tol(stat_mean(&r->st[0][SF_SOLE]), 0.75, 1e-6);
	ck_assert_double_eq_tol(stat_mean(&r->st[1][SF_SOLE]), 0.25, 1e-6);
	ck_assert_double_eq_tol(stat_mean(&r->st[0][SF_SHIFTING]), 0, 1e-9);
	ck_assert_double_eq_tol(stat_mean(&r->st[1][SF_SHIFTING]), 0, 1e-9);
	ck_assert_int_eq(res_constraint(r), 0);
	run_free(r);
}
END_TEST

/* The same loop through toc: a, the first station (entity 0), is the
 * constraint and the drum. It works 3 ms of every 4, so a quarter of its
 * time is lost, each hour of it worth a third of an hour's output (the
 * line moves at a's pace: throughput x 3600 x 0.25 / 0.75 an hour); the
 * report names a in the exploit and subordinate steps. The window
 * [0, 10 s) holds a's 2500 services of 3 ms whole (the last from 9996 to
 * 9999 ms): 7.5 s of 10, a quarter lost, exact in a double but for a
 * rounding or two (1e-12 fails a lost 1 ms spell, 1e-4). */
START_TEST(test_the_first_station_as_constraint_is_exploited)
{
	toc_res *t = toc_text(alternating, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	char buf[2048];

	ck_assert_int_eq(s0->constraint, 0);
	ck_assert_int_eq(s0->verdict, RES_ONE);
	ck_assert_int_eq(s0->drum, 0);
	ck_assert_msg(tu_near(s0->lost, 0.25, 1e-12), "%.17g", s0->lost);
	ck_assert(toc_throughput(s0) > 0);
	ck_assert_msg(tu_near(s0->lost_units_h, toc_throughput(s0) * 3600 / 3,
			      1e-12), "%.17g", s0->lost_units_h);
	rtoc_paragraph(t, 0, 2, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "a lost 25% of its time not working: ", 36),
		      "%s", buf);
	rtoc_paragraph(t, 0, 3, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "Work in progress: ", 18) &&
		      strstr(buf, " items wait in front of a, "), "%s", buf);
	toc_free(t);
}
END_TEST

/* The dice game: five stations that each move a die's roll (mean 3.5) a
 * round. */
static const char dice[] =
	"{\"name\": \"dice\", \"seed\": 1,"
	" \"run\": {\"duration\": \"100s\", \"replications\": 10},"
	" \"sources\": [{\"name\": \"box\", \"to\": \"s1\", \"saturate\": true}],"
	" \"stations\": ["
	"  {\"name\": \"s1\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"next\": \"s2\"},"
	"  {\"name\": \"s2\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"initial\": 4, \"next\": \"s3\"},"
	"  {\"name\": \"s3\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"initial\": 4, \"next\": \"s4\"},"
	"  {\"name\": \"s4\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"initial\": 4, \"next\": \"s5\"},"
	"  {\"name\": \"s5\", \"kind\": \"periodic\", \"period\": \"1s\", \"per_period\": {\"uniform_int\": [1, 6]}, \"initial\": 4}]}";

START_TEST(test_the_dice_games_constraint_is_statistical)
{
	static const char *const longer[] = { "run.duration=\"10000s\"" };
	res *r = run_text(dice, NULL, 0), *l = run_text(dice, longer, 1);
	const stat_acc *x = &r->line[LF_THROUGHPUT], *xl = &l->line[LF_THROUGHPUT];

	/* no station has less capacity than another: the verdict says so */
	ck_assert_int_eq(res_verdict(r), RES_STATISTICAL);
	ck_assert_int_eq(res_verdict(l), RES_STATISTICAL);
	/* every station but the first loses turns for want of matches, and
	 * the first never does: the loss is spread by chance, not made by
	 * one station */
	ck_assert_double_eq_tol(stat_mean(&l->st[0][SF_STARVED]), 0, 1e-12);
	for (int k = 1; k < 5; k++)
		ck_assert(stat_mean(&l->st[k][SF_STARVED]) > 0);
	/* what the method says against the long run: it names s1, which
	 * never loses a turn, in every replication of 10,000 rounds ... */
	ck_assert_int_eq(res_constraint(l), 0);
	ck_assert_double_eq_tol(stat_mean(&l->st[0][SF_SOLE]), 1, 1e-9);
	/* ... and the long run bears it out: the line's output climbs
	 * toward s1's pace, 3.5 a round, but never above it. Over 100 rounds
	 * it falls well short (upper end of its interval below 3.5). */
	ck_assert(stat_mean(x) + stat_ci95(x) < 3.5);
	ck_assert(stat_mean(xl) - stat_ci95(xl) > stat_mean(x) + stat_ci95(x));
	ck_assert(stat_mean(xl) - stat_ci95(xl) < 3.5);
	run_free(r);
	run_free(l);
}
END_TEST

/* The report of a statistical constraint: over 10,000 rounds s1 is the
 * sole bottleneck in every replication (as above), and the paragraph
 * says so: 100% of the time. */
START_TEST(test_a_statistical_constraint_in_words)
{
	static const char *const longer[] = { "run.duration=\"10000s\"" };
	toc_res *t = toc_text(dice, longer, 1, 1, 0);
	const toc_step *s0 = &t->steps[0];
	char buf[2048];

	ck_assert_int_eq(s0->verdict, RES_STATISTICAL);
	ck_assert_int_eq(s0->constraint, 0);
	ck_assert_double_eq_tol(stat_mean(res_entity_sole(s0->r, 0)), 1, 1e-9);
	ck_assert_double_eq_tol(stat_mean(res_entity_shifting(s0->r, 0)), 0, 1e-9);
	rtoc_paragraph(t, 0, 1, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "The constraint is statistical, not a station. "
			     "The active-period method names s1 (the "
			     "bottleneck 100% of the time)"), "%s", buf);
	toc_free(t);
}
END_TEST

/* Dollars per 1000 units: the cost of an hour over the units it makes,
 * times 1000. 36 $/h at 10 a second (36000 an hour) is 1 $ per 1000 (a
 * few roundings: 1e-15); nothing made, no price. */
START_TEST(test_the_price_per_1000_units)
{
	ck_assert_msg(tu_near(rtoc_per_1000(36, 10), 1, 1e-15), "%.17g",
		      rtoc_per_1000(36, 10));
	ck_assert_msg(tu_near(rtoc_per_1000(9, 0.5), 5, 1e-15), "%.17g",
		      rtoc_per_1000(9, 0.5));
	ck_assert(rtoc_per_1000(0, 10) == 0);
	ck_assert(isnan(rtoc_per_1000(36, 0)));
}
END_TEST

/* The bottling line: label (1 s) is the constraint; pack (0.75 s) is not. */
static const char bottling[] =
	"{\"name\": \"bottling\", \"seed\": 1,"
	" \"run\": {\"duration\": \"1h\", \"warmup\": \"5min\", \"replications\": 5},"
	" \"sources\": [{\"name\": \"empties\", \"to\": \"fill\", \"saturate\": true}],"
	" \"stations\": ["
	"  {\"name\": \"fill\", \"service\": {\"lognormal\": {\"mean\": \"800ms\", \"cv\": 0.3}}, \"next\": \"cap\", \"transport\": {\"delay\": \"2s\"}},"
	"  {\"name\": \"cap\", \"capacity\": 6, \"service\": {\"lognormal\": {\"mean\": \"667ms\", \"cv\": 0.2}}, \"next\": \"label\", \"transport\": {\"delay\": \"2s\"}},"
	"  {\"name\": \"label\", \"capacity\": 6, \"service\": {\"gamma\": {\"mean\": \"1s\", \"cv\": 0.5}}, \"next\": \"pack\", \"transport\": {\"delay\": \"2s\"}},"
	"  {\"name\": \"pack\", \"capacity\": 6, \"service\": {\"lognormal\": {\"mean\": \"750ms\", \"cv\": 0.3}}}],"
	" \"goal\": {\"throughput\": \"1.2/s\"},"
	" \"levers\": ["
	"  {\"set\": \"stations.pack.servers\", \"values\": [1, 2], \"cost\": \"8$/h per unit\"},"
	"  {\"set\": \"stations.label.servers\", \"values\": [1, 2], \"cost\": \"12$/h per unit\"}]}";

START_TEST(test_levers_that_help_and_levers_that_do_not)
{
	toc_res *t = toc_text(bottling, NULL, 0, 3, 0);
	const toc_step *s0 = &t->steps[0];
	const toc_try *best, *other;

	ck_assert_str_eq(s0->r->s->stations[s0->constraint].name, "label");
	ck_assert_int_eq(s0->ntries, 2);
	best = &s0->tries[s0->rank[0]];
	other = &s0->tries[s0->rank[1]];
	ck_assert_str_eq(best->set, "stations.label.servers=2");
	ck_assert(best->helps);
	/* a second packer adds capacity where none is missing */
	ck_assert_str_eq(other->set, "stations.pack.servers=2");
	ck_assert(!other->helps);
	ck_assert(!diff_significant(&other->d->d_line[LF_THROUGHPUT]));
	/* costs: 8 + 12 $/h as given, 12 more with a second labeller */
	ck_assert_double_eq_tol(s0->cost_h, 20, 1e-12);
	ck_assert_double_eq_tol(best->dcost_h, 12, 1e-12);
	/* the second line reaches the goal of 1.2 a second: the steps stop */
	ck_assert_int_eq(t->nsteps, 2);
	ck_assert(t->steps[1].goal_met);
	ck_assert_int_eq(t->stop, TOC_STOP_GOAL);
	toc_free(t);
}
END_TEST

/* The protective buffer is the smallest of 1, 2, 4, ... that keeps the
 * throughput of a large one: the next smaller one must not. */
START_TEST(test_the_protective_buffer_is_the_smallest_that_keeps_the_pace)
{
	toc_res *t = toc_text(bottling, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	char half[64];
	const char *sets[] = { "stations.label.capacity=1024", half };
	scen *ref = NULL, *b = NULL;
	run_opts o = { 0 };
	diff_res *d = NULL;
	diag dg;

	ck_assert_int_gt(s0->buffer, 1);
	snprintf(half, sizeof half, "stations.label.capacity=%lld",
		 (long long)s0->buffer / 2);
	ck_assert_int_eq(scen_parse("t", bottling, strlen(bottling), sets, 1, &ref, &dg), 0);
	ck_assert_int_eq(scen_parse("t", bottling, strlen(bottling), sets + 1, 1, &b, &dg), 0);
	ck_assert_int_eq(diff_run(ref, b, &o, &d, &dg), RUN_OK);
	ck_assert(!toc_equal(d));
	diff_free(d);
	scen_free(ref);
	scen_free(b);
	/* and the run with it keeps the throughput by the same rule */
	ck_assert_ptr_nonnull(s0->buffer_d);
	ck_assert(toc_equal(s0->buffer_d));
	toc_free(t);
}
END_TEST

/* Drum-buffer-rope: releasing at the drum's pace keeps the throughput and
 * cuts the work in progress, significantly. */
/* Does a rope of n at label keep the bottling line's throughput? */
static int rope_equal(int64_t n)
{
	char set[64];
	const char *sets[] = { set };
	scen *a = NULL, *b = NULL;
	run_opts o = { 0 };
	diff_res *d = NULL;
	diag dg;
	int eq;

	snprintf(set, sizeof set, "stations.label.rope=%lld", (long long)n);
	ck_assert_int_eq(scen_parse("t", bottling, strlen(bottling), NULL, 0, &a, &dg), 0);
	ck_assert_int_eq(scen_parse("t", bottling, strlen(bottling), sets, 1, &b, &dg), 0);
	ck_assert_int_eq(diff_run(a, b, &o, &d, &dg), RUN_OK);
	eq = toc_equal(d);
	diff_free(d);
	scen_free(a);
	scen_free(b);
	return eq;
}

START_TEST(test_a_rope_cuts_wip_at_equal_throughput)
{
	toc_res *t = toc_text(bottling, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	const stat_acc *dw;

	ck_assert_int_gt(s0->rope, 1);
	ck_assert_ptr_nonnull(s0->rope_d);
	/* the search keeps only an equal rope, so asking again would prove
	 * nothing; instead a run of its own shows a rope an eighth shorter
	 * (at least one) loses throughput: the one found is near shortest */
	ck_assert(!rope_equal(s0->rope - (s0->rope >= 16 ? s0->rope / 8 : 1)));
	dw = &s0->rope_d->d_line[LF_WIP];
	ck_assert(diff_significant(dw) && stat_mean(dw) < 0);
	ck_assert(stat_mean(&s0->rope_d->d_line[LF_LAT_MEAN]) < 0);
	/* WIP around the drum: its buffer holds items; upstream too */
	ck_assert(s0->wip_front > 0 && s0->wip_up > 0);
	toc_free(t);
}
END_TEST

/* A rope of n: never more than n items released and not yet past the
 * drum. With one server at the drum and a rope of 1 the line is a closed
 * loop of one item up to it: a (1 ms) then b (3 ms), 4 ms a round. */
START_TEST(test_the_rope_holds_the_source)
{
	static const char *const rope[] = { "stations.b.rope=1" };
	res *r = run_text(tandem, rope, 1);

	ck_assert_double_eq_tol(stat_mean(&r->line[LF_THROUGHPUT]), 250, 0.1);
	ck_assert(stat_mean(&r->st[1][SF_QUEUE]) < 1e-9);
	run_free(r);
}
END_TEST

/* A line that keeps up with its source has its constraint outside. */
START_TEST(test_a_line_that_keeps_up_has_the_market_for_constraint)
{
	static const char open[] =
		"{\"name\": \"open\", \"seed\": 2,"
		" \"run\": {\"duration\": \"200s\", \"replications\": 3},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
		" \"stations\": ["
		"  {\"name\": \"a\", \"service\": {\"exponential\": \"10ms\"}}]}";
	toc_res *t = toc_text(open, NULL, 0, 3, 0);

	ck_assert_int_eq(t->steps[0].verdict, RES_MARKET);
	ck_assert_int_eq(t->nsteps, 1);
	ck_assert_int_eq(t->stop, TOC_STOP_OUTSIDE);
	toc_free(t);
}
END_TEST

/* A line that keeps up with its source, but answers too slowly: a
 * latency goal is pursued all the same, and levers are judged by p99.
 * M/D/1 at rho 0.8 waits tens of ms at p99; two servers (rho 0.4) bring
 * it near the 10 ms service. */
START_TEST(test_a_latency_goal_is_pursued_in_a_line_that_keeps_up)
{
	static const char slow[] =
		"{\"name\": \"slow\", \"seed\": 4,"
		" \"run\": {\"duration\": \"300s\", \"warmup\": \"10s\", \"replications\": 3},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"80/s\"}],"
		" \"stations\": [{\"name\": \"a\", \"service\": \"10ms\"}],"
		" \"goal\": {\"latency_p99\": \"30ms\"},"
		" \"levers\": [{\"set\": \"stations.a.servers\", \"values\": [1, 2]}]}";
	toc_res *t = toc_text(slow, NULL, 0, 0, 1);

	ck_assert_int_eq(t->steps[0].verdict, RES_MARKET);
	ck_assert(!t->steps[0].goal_met);
	ck_assert_int_eq(t->nsteps, 2);
	ck_assert_str_eq(t->steps[1].sets[0], "stations.a.servers=2");
	ck_assert(t->steps[1].goal_met);
	ck_assert_int_eq(t->stop, TOC_STOP_GOAL);
	toc_free(t);
}
END_TEST

START_TEST(test_a_lever_that_does_not_apply_is_named)
{
	static const char *const bad[] = {
		"levers[0].set=\"stations.nosuch.servers\""
	};
	toc_opts o = { { 0 }, 1, 0 };
	toc_res *t = NULL;
	diag d;

	ck_assert_int_eq(toc_run("t.json", bottling, strlen(bottling), bad, 1,
				 &o, &t, &d), RUN_BAD_INPUT);
	ck_assert_ptr_null(t);
	/* the reader finds it first, at its place */
	ck_assert_str_eq(d.path, "levers[0].values[0]");
	ck_assert_msg(strstr(d.msg, "nosuch"), "%s", d.msg);
}
END_TEST

/* Levers ranked by gain per added dollar an hour. A saturated tandem of
 * constant services: a 0.5 ms, b 4 ms (the constraint, 250 a second),
 * c 1.6 ms (625 a second: the most any lever at b can reach). Every line
 * is deterministic, so each gain is exact and has no spread: a gain is
 * significant as soon as it is not zero. A gain is (departures in the
 * 2 s window - 500) / 2 s, a whole number over 2, exact in a double.
 * Where the pace (4, 2, 2.5 or c's 1.6 ms) divides 2 s the count is
 * 2 s / pace whatever the phase. At 3 ms it is not: b ends its k-th item
 * at 0.5 + 3k ms and c lets it out at 2.1 + 3k ms, inside [100, 2100) ms
 * for k = 33 to 699: 667 items, 333.5 a second, a gain of 83.5 (not
 * 250/3: the window's edge). The tries, in the scenario's order
 * (b.servers=1 is the line's own value, 20$/h: not a try):
 *   0 b.capacity=8        free            gain 0     +inf     no help
 *   1 c.servers=2         1$/h            gain 0     0/$      no help
 *   2 b.servers=4         20$/h per unit  gain 375   375/60 = 6.25/$
 *   3 b.servers=2         20$/h per unit  gain 250   250/20 = 12.5/$
 *   4 b.servers=3         20$/h per unit  gain 375   375/40 = 9.375/$
 *   5 b.service="3ms"     free            gain 83.5  +inf
 *   6 b.service="2000us"  free            gain 250   +inf
 *   7 b.service="2ms"     free            gain 250   +inf (6's line: a tie)
 *   8 b.service="2500us"  free            gain 150   +inf
 *   9 c.capacity=8        free            gain 0     +inf     no help (as
 *                                                    0: a tie)
 * Ranked: what helps first; then by gain per dollar (free is +inf), then
 * by gain, then the scenario's order: 6 7 8 5 3 4 2, then 0 9 1. Each
 * rule decides pairs that come both ways round in the scenario: by cost,
 * 2 before 3 ranks after it and 3 before 4 before it (and 1 before 9
 * after it, 0 before 1 before it); by gain among the free, 5 before 6
 * after it and 7 before 8 before it. A qsort that keeps the scenario's
 * order, or reverses it, on any one of these gets the order wrong. */
static const char priced[] =
	"{\"name\": \"priced\", \"seed\": 1,"
	" \"run\": {\"duration\": \"2s\", \"warmup\": \"100ms\", \"replications\": 2},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
	" \"stations\": ["
	"  {\"name\": \"a\", \"service\": \"0.5ms\", \"next\": \"b\"},"
	"  {\"name\": \"b\", \"servers\": 1, \"capacity\": 4, \"service\": \"4ms\", \"next\": \"c\"},"
	"  {\"name\": \"c\", \"servers\": 1, \"capacity\": 4, \"service\": \"1.6ms\"}],"
	" \"levers\": ["
	"  {\"set\": \"stations.b.capacity\", \"values\": [8]},"
	"  {\"set\": \"stations.c.servers\", \"values\": [2], \"cost\": \"1$/h\"},"
	"  {\"set\": \"stations.b.servers\", \"values\": [4, 1, 2, 3], \"cost\": \"20$/h per unit\"},"
	"  {\"set\": \"stations.b.service\", \"values\": [\"3ms\", \"2000us\", \"2ms\", \"2500us\"]},"
	"  {\"set\": \"stations.c.capacity\", \"values\": [8]}]}";

START_TEST(test_levers_rank_by_gain_per_added_dollar)
{
	static const char *const set[] = {
		"stations.b.capacity=8", "stations.c.servers=2",
		"stations.b.servers=4", "stations.b.servers=2",
		"stations.b.servers=3", "stations.b.service=\"3ms\"",
		"stations.b.service=\"2000us\"", "stations.b.service=\"2ms\"",
		"stations.b.service=\"2500us\"", "stations.c.capacity=8",
	};
	static const double gain[] = {
		0, 0, 375, 250, 375, 83.5, 250, 250, 150, 0
	};
	static const double dcost[] = { 0, 1, 60, 20, 40, 0, 0, 0, 0, 0 };
	static const int order[] = { 6, 7, 8, 5, 3, 4, 2, 0, 9, 1 };
	enum { N = sizeof order / sizeof order[0] };
	toc_res *t = toc_text(priced, NULL, 0, 2, 0);
	const toc_step *s0 = &t->steps[0];
	char got[128] = "", want[128] = "";

	ck_assert_str_eq(s0->r->s->stations[s0->constraint].name, "b");
	ck_assert(toc_throughput(s0) == 250);	/* 500 items in 2 s */
	/* the line's own cost: one server at b, 20$/h */
	ck_assert_double_eq_tol(s0->cost_h, 20, 1e-12);
	ck_assert_int_eq(s0->ntries, N);
	for (int i = 0; i < N; i++) {
		const toc_try *tr = &s0->tries[i];
		const stat_acc *g = &tr->d->d_line[LF_THROUGHPUT];

		ck_assert_str_eq(tr->set, set[i]);
		ck_assert_msg(stat_mean(g) == gain[i],
			      "%s: gain %g, not %g", tr->set, stat_mean(g), gain[i]);
		ck_assert_double_eq_tol(tr->dcost_h, dcost[i], 1e-9);
		ck_assert_int_eq(tr->helps, gain[i] > 0);
	}
	/* the ties are exact, not within a tolerance: 6 and 7 are one line,
	 * and neither 0 nor 9 changes anything */
	ck_assert(stat_mean(&s0->tries[6].d->d_line[LF_THROUGHPUT]) ==
		  stat_mean(&s0->tries[7].d->d_line[LF_THROUGHPUT]));
	ck_assert(stat_mean(&s0->tries[0].d->d_line[LF_THROUGHPUT]) == 0);
	ck_assert(stat_mean(&s0->tries[9].d->d_line[LF_THROUGHPUT]) == 0);
	for (int i = 0; i < N; i++) {
		size_t a = strlen(got), b = strlen(want);

		snprintf(got + a, sizeof got - a, " %d", s0->rank[i]);
		snprintf(want + b, sizeof want - b, " %d", order[i]);
	}
	ck_assert_str_eq(got, want);
	/* glibc's qsort is a merge sort that only asks "not after?", so a
	 * comparator that answers 0 for "first" would still rank right here
	 * and wrong with another C library's: every pair, both ways round,
	 * must say which comes first, and agree with the order above */
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			int c = toc_rank_cmp(s0, order[i], order[j]);

			ck_assert_msg(i < j ? c < 0 : i > j ? c > 0 : c == 0,
				      "tries %d and %d: %d", order[i], order[j], c);
		}
	/* the lever applied to make the next line is the first ranked */
	ck_assert_int_eq(s0->best, 6);
	ck_assert_int_eq(t->nsteps, 2);
	ck_assert_str_eq(t->steps[1].sets[0], "stations.b.service=\"2000us\"");
	toc_free(t);
}
END_TEST

/* A closed loop of one client: a (2 ms) and b (3 ms) on one exclusive
 * GPU, c (1 ms) on a CPU between them. Each round of 6 ms keeps the GPU
 * busy 5 ms: it is the bottleneck 5/6 of the time (a device before the
 * stations it serves when their periods tie), c the other 1/6. The
 * window [0, 1200 ms) holds 200 whole rounds, so the GPU is busy
 * 1000 ms of 1200 (5/6), but only 199 items leave in it: round k ends at
 * 6k ms, and the 200th at 1200 ms, outside the half-open window. The
 * constraint is device 0, entity nstations, the first after the
 * stations: its figures are the GPU's (r->dev[0]), and no station row
 * may be read for it (there is none at that index). */
static const char gpu_first[] =
	"{\"name\": \"gpu-first\", \"seed\": 1,"
	" \"run\": {\"duration\": \"1200ms\", \"replications\": 2},"
	" \"hardware\": {\"devices\": {"
	"   \"gpu0\": {\"type\": \"t4\"},"
	"   \"cpu0\": {\"type\": \"cpu\", \"cores\": 1}}},"
	" \"sources\": [{\"name\": \"one\", \"to\": \"a\","
	"   \"closed\": {\"clients\": 1, \"think\": \"0s\"}}],"
	" \"stations\": ["
	"  {\"name\": \"a\", \"device\": \"gpu0\", \"service\": \"2ms\", \"next\": \"c\"},"
	"  {\"name\": \"c\", \"device\": \"cpu0\", \"service\": \"1ms\", \"next\": \"b\"},"
	"  {\"name\": \"b\", \"device\": \"gpu0\", \"service\": \"3ms\"}]}";

/* storage-bound: the constraint is a link (nvme-read0) on a machine with
 * devices, so its row in the results is entity - stations - devices. The
 * time it lost is one less its utilization, read from that row. */
START_TEST(test_a_link_as_constraint_loses_its_idle_time)
{
	const char *sets[] = { "run.duration=10s", "run.replications=2" };
	scen *sc = tu_load("scenarios/storage-bound.json", sets, 2);
	toc_res *t = toc_text(sc->json, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	const res *r = s0->r;
	int k = s0->constraint - r->nst - r->ndev;

	ck_assert_str_eq(res_entity_kind(r, s0->constraint), "link");
	ck_assert_str_eq(res_entity_name(r, s0->constraint), "nvme-read0");
	ck_assert_int_gt(r->ndev, 0);
	ck_assert_int_ge(k, 0);
	ck_assert_int_lt(k, r->s->nlinks);
	ck_assert_double_eq_tol(s0->lost, 1 - stat_mean(&r->lnk[k][KF_UTILIZATION]),
				1e-12);
	toc_free(t);
	scen_free(sc);
}
END_TEST

START_TEST(test_the_constraint_is_the_first_device)
{
	toc_res *t = toc_text(gpu_first, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	const res *r = s0->r;
	char buf[2048];

	ck_assert_int_eq(r->nst, 3);
	ck_assert_int_eq(s0->constraint, 3);
	ck_assert_str_eq(res_entity_kind(r, s0->constraint), "device");
	ck_assert_str_eq(res_entity_name(r, s0->constraint), "gpu0");
	ck_assert_int_eq(s0->verdict, RES_ONE);
	/* Each figure is a ratio of whole numbers of items or ns, exact but
	 * for a few roundings of one part in 2^53 each: 1e-12 relative
	 * allows for them, and one 1 ms spell or one item more or less
	 * (1e-3 of the figure at least) fails. */
	ck_assert_msg(tu_near(toc_throughput(s0), 199 / 1.2, 1e-12), "%.17g",
		      toc_throughput(s0));
	ck_assert_msg(tu_near(stat_mean(&r->dev[0][DF_UTILIZATION]), 5.0 / 6,
			      1e-12), "%.17g",
		      stat_mean(&r->dev[0][DF_UTILIZATION]));
	/* the time lost is the GPU's: 1/6, worth 199/1.2 x 3600 x (1/6) /
	 * (5/6) = 119 400 items an hour */
	ck_assert_double_eq_tol(s0->lost, 1 - stat_mean(&r->dev[0][DF_UTILIZATION]), 1e-12);
	ck_assert_double_eq_tol(s0->lost_units_h, toc_throughput(s0) * 3600 * s0->lost /
				(1 - s0->lost), 1e-6);
	ck_assert_msg(tu_near(s0->lost_units_h, 119400, 1e-12), "%.17g",
		      s0->lost_units_h);
	/* its busiest station sets the pace: b, 3 ms of every 6 */
	ck_assert_int_ge(s0->drum, 0);
	ck_assert_str_eq(r->s->stations[s0->drum].name, "b");
	/* and the report says so, in the words a user reads */
	rtoc_paragraph(t, 0, 1, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "The drum is the GPU gpu0 (t4, running a, b): "
			     "busy 83% of the time.") &&
		      strstr(buf, "Its busiest station, b, sets the pace"),
		      "%s", buf);
	rtoc_paragraph(t, 0, 2, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "gpu0 lost 17% of its time not working: ", 39),
		      "%s", buf);
	toc_free(t);
}
END_TEST

/* A CPU as the constraint: a (2 ms) and b (1 ms) share cpu0's one core,
 * 3 ms an item, so the CPU is busy all the time and each station only
 * part of it. With no levers, toc's obvious lever for a CPU the
 * scenario sizes itself ("cores": 1) is twice its cores, and it helps; a
 * CPU whose cores come from the catalog (the type "cpu": one core, the
 * same line) is a part as bought, and no lever is made up for it. */
static const char cpu_bound[] =
	"{\"name\": \"cpu-bound\", \"seed\": 1,"
	" \"run\": {\"duration\": \"1s\", \"replications\": 2},"
	" \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\", \"cores\": 1}}},"
	" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
	" \"stations\": ["
	"  {\"name\": \"a\", \"device\": \"cpu0\", \"service\": \"2ms\", \"next\": \"b\"},"
	"  {\"name\": \"b\", \"device\": \"cpu0\", \"capacity\": 4, \"service\": \"1ms\"}]}";

START_TEST(test_a_cpu_the_scenario_sizes_gets_twice_the_cores)
{
	toc_res *t = toc_text(cpu_bound, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];

	ck_assert_str_eq(res_entity_kind(s0->r, s0->constraint), "device");
	ck_assert_str_eq(res_entity_name(s0->r, s0->constraint), "cpu0");
	ck_assert_int_eq(s0->ntries, 1);
	ck_assert_str_eq(s0->tries[0].set, "hardware.devices.cpu0.cores=2");
	ck_assert_str_eq(s0->tries[0].why, "twice the cores");
	ck_assert_int_eq(s0->tries[0].lever, -1);
	ck_assert(s0->tries[0].helps);
	toc_free(t);
}
END_TEST

START_TEST(test_a_cpu_from_the_catalog_gets_no_made_up_lever)
{
	static const char *const catalog[] = {
		"hardware.devices.cpu0={\"type\": \"cpu\"}"
	};
	toc_res *t = toc_text(cpu_bound, catalog, 1, 1, 0);
	const toc_step *s0 = &t->steps[0];

	ck_assert_int_eq(s0->r->s->devices[0].cores, 1);
	ck_assert_str_eq(res_entity_name(s0->r, s0->constraint), "cpu0");
	ck_assert_int_eq(s0->ntries, 0);
	ck_assert_int_eq(s0->best, -1);
	ck_assert_int_eq(t->stop, TOC_STOP_NO_LEVER);
	toc_free(t);
}
END_TEST

/* A line that keeps up (M/M/1 at 50/s in front of a: rho 0.75, then b
 * at 0.25): the market sets the pace, so no buffer or rope is sought,
 * but the drum is still the busiest station, a, the first one (entity
 * 0), and the work in progress around it is the run's own: a's queue in
 * front of it, nothing upstream, b's items (its queue and the server
 * holding one) after it; the report says so. */
START_TEST(test_a_line_that_keeps_up_shows_the_wip_around_its_first_station)
{
	static const char open2[] =
		"{\"name\": \"open2\", \"seed\": 2,"
		" \"run\": {\"duration\": \"200s\", \"replications\": 3},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
		" \"stations\": ["
		"  {\"name\": \"a\", \"service\": {\"exponential\": \"15ms\"}, \"next\": \"b\"},"
		"  {\"name\": \"b\", \"service\": {\"exponential\": \"5ms\"}}]}";
	toc_res *t = toc_text(open2, NULL, 0, 1, 0);
	const toc_step *s0 = &t->steps[0];
	const res *r = s0->r;
	double qa = stat_mean(&r->st[0][SF_QUEUE]);
	double in_b = stat_mean(&r->st[1][SF_QUEUE]) +
		      (1 - stat_mean(&r->st[1][SF_STARVED]));
	char buf[2048];

	ck_assert_int_eq(s0->verdict, RES_MARKET);
	ck_assert_int_eq(s0->constraint, 0);
	ck_assert_int_eq(s0->drum, 0);
	ck_assert(qa > 0 && in_b > 0);
	ck_assert(s0->wip_front == qa);
	ck_assert(s0->wip_up == 0);
	ck_assert(s0->wip_down == in_b);
	ck_assert_int_eq(s0->buffer, -1);
	ck_assert_int_eq(s0->rope, -1);
	rtoc_paragraph(t, 0, 3, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "Work in progress: ", 18) &&
		      strstr(buf, " items wait in front of a, 0.0 are upstream "
			     "of it and ") &&
		      strstr(buf, "No rope: the line keeps up with its sources"),
		      "%s", buf);
	toc_free(t);
}
END_TEST

/* Ctrl-C raises the stop flag; a step it cuts short says nothing, so toc
 * leaves it out and says it was interrupted. */
typedef struct stopper {
	volatile sig_atomic_t *stop;
	int calls;
} stopper;

static void stop_at_once(void *ctx, const run_progress *p)
{
	stopper *w = ctx;

	(void)p;
	w->calls++;
	*w->stop = 1;
}

/* The dice game's first line stopped at its first progress report: a
 * statistical constraint has no drum and no obvious lever, so nothing
 * else runs in the step that could notice the stop; the line's own run
 * is cut short, and the step is left out all the same: no line was
 * measured. */
START_TEST(test_a_stop_in_a_lines_own_run_leaves_the_step_out)
{
	volatile sig_atomic_t stop = 0;
	stopper w = { &stop, 0 };
	toc_opts o = { { .stop = &stop, .progress = stop_at_once,
			 .progress_ctx = &w }, 3, 0 };
	toc_res *t = NULL;
	diag d;

	ck_assert_int_eq(toc_run("t.json", dice, strlen(dice), NULL, 0, &o, &t, &d),
			 RUN_OK);
	ck_assert_int_ge(w.calls, 1);
	ck_assert_int_eq(t->stop, TOC_STOP_INTERRUPTED);
	ck_assert_int_eq(t->nsteps, 0);
	ck_assert_ptr_null(t->base);
	toc_free(t);
	/* and with the flag up from the start */
	stop = 1;
	w.calls = 0;
	ck_assert_int_eq(toc_run("t.json", dice, strlen(dice), NULL, 0, &o, &t, &d),
			 RUN_OK);
	ck_assert_int_eq(t->stop, TOC_STOP_INTERRUPTED);
	ck_assert_int_eq(t->nsteps, 0);
	toc_free(t);
}
END_TEST

/* Ctrl-C as it comes: a signal whose handler raises the flag, here
 * SIGPROF once the process has used 1 ms of CPU after the tandem's first
 * line ended its own run (its last progress report: all of it done).
 * What is left of the step then is its runs against other lines
 * (protective buffer, rope, levers), hundreds of ms of CPU, and what
 * comes before them microseconds: the flag rises while one runs, and the
 * step is left out, not finished with runs cut short. */
static volatile sig_atomic_t *prof_flag;

static void on_prof(int sig)
{
	(void)sig;
	*prof_flag = 1;
}

static void arm_at_the_end(void *ctx, const run_progress *p)
{
	stopper *w = ctx;
	struct itimerval it = { { 0, 0 }, { 0, 1000 } };

	if (p->total == 1 && !w->calls++)
		ck_assert_int_eq(setitimer(ITIMER_PROF, &it, NULL), 0);
}

START_TEST(test_a_stop_in_a_steps_comparisons_leaves_the_step_out)
{
	volatile sig_atomic_t stop = 0;
	stopper w = { &stop, 0 };
	toc_opts o = { { .stop = &stop, .progress = arm_at_the_end,
			 .progress_ctx = &w }, 1, 0 };
	struct sigaction sa, old;
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	toc_res *t = NULL;
	diag d;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_prof;
	sigemptyset(&sa.sa_mask);
	prof_flag = &stop;
	ck_assert_int_eq(sigaction(SIGPROF, &sa, &old), 0);
	rc = toc_run("t.json", tandem, strlen(tandem), NULL, 0, &o, &t, &d);
	setitimer(ITIMER_PROF, &off, NULL);
	sigaction(SIGPROF, &old, NULL);
	ck_assert_int_eq(rc, RUN_OK);
	ck_assert_int_eq(w.calls, 1);
	ck_assert_msg(stop, "the signal never came while toc ran");
	ck_assert_int_eq(t->stop, TOC_STOP_INTERRUPTED);
	ck_assert_int_eq(t->nsteps, 0);
	ck_assert_ptr_null(t->base);
	toc_free(t);
}
END_TEST

Suite *toc_suite(void)
{
	Suite *s = suite_create("toc");
	TCase *tc = tcase_create("toc");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_the_slowest_station_is_the_constraint);
	tcase_add_test(tc, test_an_alternating_schedule);
	tcase_add_test(tc, test_the_dice_games_constraint_is_statistical);
	tcase_add_test(tc, test_levers_that_help_and_levers_that_do_not);
	tcase_add_test(tc, test_the_protective_buffer_is_the_smallest_that_keeps_the_pace);
	tcase_add_test(tc, test_a_rope_cuts_wip_at_equal_throughput);
	tcase_add_test(tc, test_the_rope_holds_the_source);
	tcase_add_test(tc, test_a_line_that_keeps_up_has_the_market_for_constraint);
	tcase_add_test(tc, test_a_latency_goal_is_pursued_in_a_line_that_keeps_up);
	tcase_add_test(tc, test_a_lever_that_does_not_apply_is_named);
	tcase_add_test(tc, test_levers_rank_by_gain_per_added_dollar);
	tcase_add_test(tc, test_the_constraint_is_the_first_device);
	tcase_add_test(tc, test_a_link_as_constraint_loses_its_idle_time);
	tcase_add_test(tc, test_the_first_station_as_constraint_is_exploited);
	tcase_add_test(tc, test_a_statistical_constraint_in_words);
	tcase_add_test(tc, test_the_price_per_1000_units);
	tcase_add_test(tc, test_a_cpu_the_scenario_sizes_gets_twice_the_cores);
	tcase_add_test(tc, test_a_cpu_from_the_catalog_gets_no_made_up_lever);
	tcase_add_test(tc, test_a_line_that_keeps_up_shows_the_wip_around_its_first_station);
	tcase_add_test(tc, test_a_stop_in_a_lines_own_run_leaves_the_step_out);
	tcase_add_test(tc, test_a_stop_in_a_steps_comparisons_leaves_the_step_out);
	suite_add_tcase(s, tc);
	return s;
}
