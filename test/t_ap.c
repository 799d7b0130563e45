/*
 * t_ap.c: the active-period method on schedules worked by hand, and on
 * random traces against a brute-force oracle that reads ap.h's contract
 * instant by instant.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "core/rng.h"
#include "stats/ap.h"

Suite *ap_suite(void);

#define MS(x) ((simtime)(x) * 1000000)

START_TEST(test_one_station_always_active)
{
	ap *a = ap_new(2);

	ap_set(a, 0, 1, 0);
	ck_assert_int_eq(ap_finish(a, MS(100)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 0), 0, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 1), 0, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_a_shifting_schedule)
{
	/* A active [0,10) [30,40); B active [5,30) [38,45). The longest
	 * period covering t: A on [0,5), B on [5,30), A on [30,40), B on
	 * [40,45). Shifting: A's [0,10) and B's [5,30) overlap on [5,10);
	 * A's [30,40) and B's [38,45) on [38,40). So A is the sole
	 * bottleneck 5 + (10 - 2) = 13 ms and shifts 5 + 2 = 7 ms; B is
	 * sole (25 - 5) + 5 = 25 ms and shifts 7 ms; of 45 ms */
	ap *a = ap_new(2);

	ap_set(a, 0, 1, MS(0));
	ap_set(a, 1, 1, MS(5));
	ap_set(a, 0, 0, MS(10));
	ap_set(a, 1, 0, MS(30));
	ap_set(a, 0, 1, MS(30));
	ap_set(a, 1, 1, MS(38));
	ap_set(a, 0, 0, MS(40));
	ap_set(a, 1, 0, MS(45));
	ck_assert_int_eq(ap_finish(a, MS(45)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 13.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 0), 7.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 1), 25.0 / 45, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 1), 7.0 / 45, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_window_counts_only_its_time)
{
	/* A active [0, 100) whole; the window opens at 50 */
	ap *a = ap_new(1);

	ap_set(a, 0, 1, 0);
	ap_window(a, MS(50));
	ck_assert_int_eq(ap_finish(a, MS(100)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-12);
	ap_free(a);
}
END_TEST

START_TEST(test_memory_stays_bounded)
{
	/* station 0 active all along; station 1 flickers 10^5 times in
	 * short periods that station 0 outlasts: they are dropped as they
	 * come, so the tracker allocates a bounded number of times */
	ap *a = ap_new(2);
	long before;

	ap_set(a, 0, 1, 0);
	before = hb_alloc_count();
	for (int i = 0; i < 100000; i++) {
		ap_set(a, 1, 1, MS(2 * i + 1));
		ck_assert_int_eq(ap_set(a, 1, 0, MS(2 * i + 2)), 0);
	}
	ck_assert(hb_alloc_count() - before < 10);
	ck_assert_int_eq(ap_finish(a, MS(200001)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 1, 1e-9);
	ap_free(a);
}
END_TEST

START_TEST(test_a_tie_under_way_waits_for_its_end)
{
	/* P (entity 1) active [0,10); Q (0) [5,15); S (2) [7,19); of
	 * [0,20). At 15, when Q goes off, the tracker may settle with Q
	 * still under way (it could come back at 15): Q has lasted 10 like
	 * P, so the bottleneck on [5,7) is not known yet. Q ends at 15 and
	 * P wins the tie (higher index): P on [0,7), S on [7,19), Q never.
	 * Shifting: P and S overlap on [7,10). So P is sole 7 and shifts
	 * 3, S sole 9 and shifts 3, Q nothing. The tracker settles once
	 * enough periods have finished: short periods of Q's entity come
	 * first (in a window of their own), and their count goes over
	 * every threshold up to 200, to reach the settling at 15 whatever
	 * the threshold. */
	for (int nfill = 0; nfill <= 200; nfill++) {
		simtime b = 2 * nfill + 10;
		ap *a = ap_new(3);

		for (int i = 0; i < nfill; i++) {
			ap_set(a, 0, 1, MS(2 * i));
			ck_assert_int_eq(ap_set(a, 0, 0, MS(2 * i + 1)), 0);
		}
		ap_window(a, MS(b));
		ap_set(a, 1, 1, MS(b));
		ap_set(a, 0, 1, MS(b + 5));
		ap_set(a, 2, 1, MS(b + 7));
		ck_assert_int_eq(ap_set(a, 1, 0, MS(b + 10)), 0);
		ck_assert_int_eq(ap_set(a, 0, 0, MS(b + 15)), 0);
		ck_assert_int_eq(ap_set(a, 2, 0, MS(b + 19)), 0);
		ck_assert_int_eq(ap_finish(a, MS(b + 20)), 0);
		ck_assert_double_eq_tol(ap_sole(a, 1), 7.0 / 20, 1e-12);
		ck_assert_double_eq_tol(ap_shifting(a, 1), 3.0 / 20, 1e-12);
		ck_assert_double_eq_tol(ap_sole(a, 2), 9.0 / 20, 1e-12);
		ck_assert_double_eq_tol(ap_shifting(a, 2), 3.0 / 20, 1e-12);
		ck_assert_double_eq_tol(ap_sole(a, 0), 0, 1e-12);
		ck_assert_double_eq_tol(ap_shifting(a, 0), 0, 1e-12);
		ap_free(a);
	}
}
END_TEST

START_TEST(test_overlaps_that_meet_count_once)
{
	/* 0 active [0,12), 2 [2,16), 1 [7,20); of [0,20). Lengths 12, 14,
	 * 13: the bottleneck is 0 on [0,2), 2 on [2,16) (it covers all
	 * of 1's time till 16 and outlasts it), 1 on [16,20). Overlaps: 0
	 * and 2 on [2,12), 2 and 1 on [7,16). They meet on [7,12), which
	 * counts once: 2 shifts on [2,16), 14, and is never sole. 0 is
	 * sole on [0,2) and shifts 10; 1 is sole on [16,20) and shifts 9
	 * (from 7, before it is the bottleneck: its period's overlap). */
	ap *a = ap_new(3);

	ap_set(a, 0, 1, MS(0));
	ap_set(a, 2, 1, MS(2));
	ap_set(a, 1, 1, MS(7));
	ap_set(a, 0, 0, MS(12));
	ap_set(a, 2, 0, MS(16));
	ck_assert_int_eq(ap_finish(a, MS(20)), 0);
	ck_assert_double_eq_tol(ap_sole(a, 0), 2.0 / 20, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 0), 10.0 / 20, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 1), 4.0 / 20, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 1), 9.0 / 20, 1e-12);
	ck_assert_double_eq_tol(ap_sole(a, 2), 0, 1e-12);
	ck_assert_double_eq_tol(ap_shifting(a, 2), 14.0 / 20, 1e-12);
	ap_free(a);
}
END_TEST

/*
 * The oracle. A trace is a list of ap_set calls at integer times on a
 * coarse grid (many calls share an instant, so periods often start, end
 * and last alike: ties everywhere). It is read independently of ap.c, by
 * ap.h's contract, one unit cell [u, u + 1) at a time:
 *
 *  - entity k is active on a cell when the last call for k at or before u
 *    set it active (calls at one instant settle among themselves: off and
 *    on again at t is no gap, on and off at t is no period);
 *  - its period is the maximal run of active cells, cut at the finish;
 *  - the momentary bottleneck on a cell is the active entity whose period
 *    is the longest, the higher index between equals;
 *  - walking the cells, each time the bottleneck's period changes to one
 *    of another entity, the overlap of the two periods is shifting for
 *    both (a cell is shifting for k when any such overlap with k covers
 *    it); a cell is sole for k when k is the bottleneck there and it is
 *    not shifting for k;
 *  - the fractions count the window's cells [w, end) over end - w.
 *
 * An instant in two of an entity's overlaps (its period overlaps both the
 * bottleneck before it and the one after it, and the two overlaps meet)
 * counts once: the oracle counts cells, so it checks that ap.c takes the
 * union of the overlaps, not their sum (test_overlaps_that_meet_count_once
 * works such a case by hand). check_against_oracle counts the entities
 * with such an instant, so that a change of the traces that lost them
 * would show.
 */
enum { OR_MAXK = 5, OR_MAXT = 16384, OR_MAXEV = 5000 };

typedef struct call {
	int k, on;
	simtime t;
} call;

typedef struct trace {
	int n, nc;
	int wi;			/* ap_window before call wi; -1: none */
	simtime w, end;
	call c[OR_MAXEV];
} trace;

/* A random trace: n in 1..maxn entities, minc to maxc calls, each at the
 * previous instant half the time, else 1..3 cells later (at most
 * 3 maxc + 3 cells). */
static void gen_trace(rng *r, trace *tr, int maxn, int minc, int maxc)
{
	simtime t = 0;

	tr->n = 1 + (int)rng_below(r, (uint64_t)maxn);
	tr->nc = minc + (int)rng_below(r, (uint64_t)(maxc - minc + 1));
	for (int i = 0; i < tr->nc; i++) {
		if (i > 0 && rng_below(r, 2))
			t += 1 + (simtime)rng_below(r, 3);
		tr->c[i].k = (int)rng_below(r, (uint64_t)tr->n);
		tr->c[i].on = (int)rng_below(r, 2);
		tr->c[i].t = t;
	}
	tr->end = t + (simtime)rng_below(r, 4);
	if (tr->end == 0)
		tr->end = 1;
	tr->wi = -1;
	tr->w = 0;
	if (rng_below(r, 2)) {
		tr->wi = (int)rng_below(r, (uint64_t)tr->nc);
		tr->w = tr->c[tr->wi].t;
		if (tr->w >= tr->end)	/* an empty window reads 0: not here */
			tr->wi = -1, tr->w = 0;
	}
}

typedef struct oracle {
	signed char act[OR_MAXK][OR_MAXT];
	simtime ps[OR_MAXK][OR_MAXT], pe[OR_MAXK][OR_MAXT];	/* its period */
	int sh[OR_MAXK][OR_MAXT];	/* the overlaps with k covering u */
	double sole[OR_MAXK], shift[OR_MAXK];
	int twice[OR_MAXK];	/* an instant of the window in two of them */
} oracle;

static void run_oracle(const trace *tr, oracle *o)
{
	int st[OR_MAXK] = { 0 }, bk = -1;
	simtime bs = -1, be = -1;

	ck_assert_int_le(tr->end, OR_MAXT);
	memset(o, 0, sizeof *o);
	/* activity: the state after the last call at or before each cell */
	for (simtime u = 0, i = 0; u < tr->end; u++) {
		while (i < tr->nc && tr->c[i].t <= u) {
			st[tr->c[i].k] = tr->c[i].on;
			i++;
		}
		for (int k = 0; k < tr->n; k++)
			o->act[k][u] = (signed char)st[k];
	}
	/* periods: maximal runs */
	for (int k = 0; k < tr->n; k++) {
		for (simtime u = 0; u < tr->end;) {
			simtime v = u;

			if (!o->act[k][u]) {
				u++;
				continue;
			}
			while (v < tr->end && o->act[k][v])
				v++;
			for (simtime x = u; x < v; x++) {
				o->ps[k][x] = u;
				o->pe[k][x] = v;
			}
			u = v;
		}
	}
	for (simtime u = 0; u < tr->end; u++) {
		int b = -1;
		simtime len = -1;

		for (int k = 0; k < tr->n; k++) {
			simtime l = o->pe[k][u] - o->ps[k][u];

			if (o->act[k][u] && (l > len || (l == len && k > b))) {
				b = k;
				len = l;
			}
		}
		if (b < 0)
			continue;	/* nobody active: no bottleneck */
		if (bk >= 0 && bk != b) {
			simtime lo = bs > o->ps[b][u] ? bs : o->ps[b][u];
			simtime hi = be < o->pe[b][u] ? be : o->pe[b][u];

			for (simtime x = lo; x < hi; x++) {
				o->sh[bk][x]++;
				o->sh[b][x]++;
			}
		}
		bk = b;
		bs = o->ps[b][u];
		be = o->pe[b][u];
		/* sole is known once every overlap is marked: tallied below */
		o->act[b][u] = 2;
	}
	for (int k = 0; k < tr->n; k++) {
		long sole = 0, shift = 0;

		for (simtime u = tr->w; u < tr->end; u++) {
			sole += o->act[k][u] == 2 && !o->sh[k][u];
			shift += o->sh[k][u] > 0;
			o->twice[k] |= o->sh[k][u] > 1;
		}
		/* whole numbers of cells over a whole number: the same
		 * division ap.c makes, so the results match exactly */
		o->sole[k] = (double)sole / (double)(tr->end - tr->w);
		o->shift[k] = (double)shift / (double)(tr->end - tr->w);
	}
}

/* Feed the trace to a, checking ap_active_since after every call against
 * the trace's own reading; then finish. */
static void feed(ap *a, const trace *tr)
{
	int st[OR_MAXK] = { 0 }, before[OR_MAXK] = { 0 };
	simtime since[OR_MAXK], now = 0;

	for (int k = 0; k < tr->n; k++)
		since[k] = -1;
	for (int i = 0; i < tr->nc; i++) {
		const call *c = &tr->c[i];

		if (c->t > now) {	/* the instant now is over */
			for (int k = 0; k < tr->n; k++) {
				if (st[k] && !before[k])
					since[k] = now;
				before[k] = st[k];
			}
			now = c->t;
		}
		if (i == tr->wi)
			ap_window(a, c->t);
		/* plain ifs: a passing ck_assert costs a write in fork mode */
		if (ap_set(a, c->k, c->on, c->t) != 0)
			ck_abort_msg("ap_set failed at call %d", i);
		st[c->k] = c->on;
		for (int k = 0; k < tr->n; k++) {
			simtime want = !st[k] ? -1 : before[k] ? since[k] : now;

			if (ap_active_since(a, k) != want)
				ck_abort_msg("call %d: entity %d active since "
					     "%lld, want %lld", i, k,
					     (long long)ap_active_since(a, k),
					     (long long)want);
		}
	}
	ck_assert_int_eq(ap_finish(a, tr->end), 0);
}

/* A failing trace, for the log: "k+t" and "k-t" calls, then the end. */
static void dump_trace(const trace *tr)
{
	fprintf(stderr, "trace: n %d window %lld at call %d:", tr->n,
		(long long)tr->w, tr->wi);
	for (int i = 0; i < tr->nc; i++)
		fprintf(stderr, " %d%c%lld", tr->c[i].k,
			tr->c[i].on ? '+' : '-', (long long)tr->c[i].t);
	fprintf(stderr, " end %lld\n", (long long)tr->end);
}

/* Random traces against the oracle, every entity of every trace; returns
 * how many of them had an instant in two of their overlaps (see the
 * oracle). */
static long check_against_oracle(uint64_t seed, int ntraces, int maxn,
				 int minc, int maxc)
{
	static trace tr;
	static oracle o;
	long twice = 0;
	rng r;

	rng_seed(&r, seed, 0, "t_ap", "traces");
	for (int i = 0; i < ntraces; i++) {
		ap *a;

		gen_trace(&r, &tr, maxn, minc, maxc);
		run_oracle(&tr, &o);
		a = ap_new(tr.n);
		ck_assert_ptr_nonnull(a);
		/* twice on one tracker: ap_clear forgets the first run */
		for (int pass = 0; pass < 2; pass++) {
			if (pass)
				ap_clear(a);
			feed(a, &tr);
			for (int k = 0; k < tr.n; k++) {
				twice += !pass && o.twice[k];
				if (ap_sole(a, k) == o.sole[k] &&
				    ap_shifting(a, k) == o.shift[k])
					continue;
				dump_trace(&tr);
				ck_abort_msg("trace %d (seed %llu) entity %d: "
					     "sole %.17g shifting %.17g, "
					     "want %.17g %.17g", i,
					     (unsigned long long)seed, k,
					     ap_sole(a, k), ap_shifting(a, k),
					     o.sole[k], o.shift[k]);
			}
		}
		ap_free(a);
	}
	return twice;
}

START_TEST(test_short_tied_traces_match_the_oracle)
{
	/* settled all at once, at the finish; overlaps that meet are
	 * among them */
	ck_assert_int_gt(check_against_oracle(1, 2000, OR_MAXK, 1, 24), 0);
}
END_TEST

START_TEST(test_long_tied_traces_match_the_oracle)
{
	/* past 64 finished periods: settled as they go, so the tracker
	 * decides ties between a period under way and finished ones */
	ck_assert_int_gt(check_against_oracle(2, 300, OR_MAXK, 1, 512), 0);
	/* and a hundred times over in one trace; with two entities no
	 * instant is in two overlaps (the bottlenecks before and after a
	 * period are two periods of the other one), so all is compared */
	ck_assert_int_eq(check_against_oracle(3, 12, 2, OR_MAXEV / 2,
					      OR_MAXEV), 0);
}
END_TEST

Suite *ap_suite(void)
{
	Suite *s = suite_create("ap");
	TCase *tc = tcase_create("ap");

	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, test_one_station_always_active);
	tcase_add_test(tc, test_a_shifting_schedule);
	tcase_add_test(tc, test_window_counts_only_its_time);
	tcase_add_test(tc, test_memory_stays_bounded);
	tcase_add_test(tc, test_a_tie_under_way_waits_for_its_end);
	tcase_add_test(tc, test_overlaps_that_meet_count_once);
	tcase_add_test(tc, test_short_tied_traces_match_the_oracle);
	tcase_add_test(tc, test_long_tied_traces_match_the_oracle);
	suite_add_tcase(s, tc);
	return s;
}
