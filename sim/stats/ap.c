/*
 * ap.c: the active-period method, streaming (see ap.h).
 *
 * Invariant: time before `fin` is settled (each instant credited to its
 * bottleneck, or to none when no station was active); `done` holds the
 * finished periods that may still be the longest somewhere at or after
 * fin. Settling runs when done has grown (amortized) and at the end.
 */
#include "stats/ap.h"

#include <stdlib.h>

#include "core/hb.h"

typedef struct per {
	simtime s, e;		/* [s, e) */
	int k;
} per;

struct ap {
	int n;
	simtime *cur;		/* start of station k's period under way; -1 */
	int *onext, *oprev;	/* the periods under way, a list in the order
				 * they started (so by start: periods start
				 * at now); -1 ends it */
	int ohead, otail;
	simtime *off;		/* it went inactive at off[k] (-1: it did not):
				 * active again at that instant, it goes on */
	int *pend;		/* the stations with off[k] >= 0 */
	int npend;
	per *done;
	size_t ndone, cap, settle_at;
	simtime *pts;		/* scratch: the sweep's boundaries, room for
				 * 2 cap + 3 */
	size_t *cov;		/* scratch: the periods covering the sweep's
				 * instant, room for cap */
	simtime origin, fin, end;
	double *sole, *shift;	/* ns in the window */
	simtime *shend;		/* where entity k's shifting time credited so
				 * far ends (-1: none): its overlaps come in
				 * order of start, so what lies before is
				 * credited already (see credit) */
	int last;		/* the last settled bottleneck; -1 */
	simtime ls, le;		/* its period; le -1 while under way */
};

#define SETTLE_MIN 64

ap *ap_new(int nstations)
{
	ap *a = hb_calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->n = nstations;
	a->cur = hb_calloc((size_t)nstations + 1, sizeof *a->cur);
	a->onext = hb_calloc((size_t)nstations + 1, sizeof *a->onext);
	a->oprev = hb_calloc((size_t)nstations + 1, sizeof *a->oprev);
	a->off = hb_calloc((size_t)nstations + 1, sizeof *a->off);
	a->pend = hb_calloc((size_t)nstations + 1, sizeof *a->pend);
	a->sole = hb_calloc((size_t)nstations + 1, sizeof *a->sole);
	a->shift = hb_calloc((size_t)nstations + 1, sizeof *a->shift);
	a->shend = hb_calloc((size_t)nstations + 1, sizeof *a->shend);
	if (!a->cur || !a->off || !a->pend || !a->sole || !a->shift ||
	    !a->onext || !a->oprev || !a->shend) {
		ap_free(a);
		return NULL;
	}
	ap_clear(a);
	return a;
}

void ap_free(ap *a)
{
	if (!a)
		return;
	hb_free(a->cur);
	hb_free(a->onext);
	hb_free(a->oprev);
	hb_free(a->off);
	hb_free(a->pend);
	hb_free(a->done);
	hb_free(a->pts);
	hb_free(a->cov);
	hb_free(a->sole);
	hb_free(a->shift);
	hb_free(a->shend);
	hb_free(a);
}

void ap_clear(ap *a)
{
	for (int k = 0; k < a->n; k++)
		a->cur[k] = a->off[k] = a->shend[k] = -1;
	a->ohead = a->otail = -1;
	a->npend = 0;
	a->ndone = 0;
	a->settle_at = SETTLE_MIN;
	a->origin = a->fin = a->end = 0;
	a->last = -1;
	a->ls = a->le = -1;
	ap_window(a, 0);
}

void ap_window(ap *a, simtime now)
{
	a->origin = now;
	for (int k = 0; k < a->n; k++)
		a->sole[k] = a->shift[k] = 0;
}

/* The length of [x, y) inside the window. */
static double in_window(const ap *a, simtime x, simtime y)
{
	if (x < a->origin)
		x = a->origin;
	return y > x ? (double)(y - x) : 0;
}

/* [x, y) belongs to station w, whose period is [ps, pe) (pe -1: under
 * way). A change of bottleneck makes the overlap of the two periods
 * shifting time for both, and not sole time.
 *
 * An entity's shifting time is the measure of the union of its overlaps,
 * not their sum: one period of it can overlap both the bottleneck before
 * it and the one after it, and those two overlaps can meet (0 on [0,12),
 * 2 on [2,16), 1 on [7,20): 2 shifts on [2,12) and [7,16), 14 units, not
 * 19). Its overlaps come in order of their start (the one with the
 * bottleneck before a period starts where the period does, or ends
 * where it becomes the bottleneck; the one after starts no earlier), so
 * shend[k], the end of the union so far, is all it takes: only the part
 * of a new overlap past it counts. The alternative, a list of the
 * overlaps per entity to merge, costs memory the order makes needless.
 *
 * Sole time follows from the same mark. While w is the bottleneck, its
 * time before shend[w] lies in its overlap with the bottleneck before
 * it, so it gets sole time only past the mark. When it hands over, the
 * new overlap takes back the sole time it was given: the part past the
 * old mark and before the hand-off. The sole time is never taken back
 * twice, so it stays >= 0 (ap_sole needs no clamp). */
static void credit(ap *a, int w, simtime ps, simtime pe, simtime x, simtime y)
{
	if (w < 0)
		return;		/* nobody active: no bottleneck */
	if (a->last >= 0 && a->last != w) {
		int v = a->last;
		simtime lo = ps > a->ls ? ps : a->ls;
		simtime hi = a->le;	/* ended: see ap_set */

		if (pe >= 0 && pe < hi)
			hi = pe;
		if (hi > lo) {
			simtime lv = lo > a->shend[v] ? lo : a->shend[v];
			simtime lw = lo > a->shend[w] ? lo : a->shend[w];

			a->shift[v] += in_window(a, lv, hi);
			a->shift[w] += in_window(a, lw, hi);
			a->sole[v] -= in_window(a, lv, x < hi ? x : hi);
			if (hi > a->shend[v])
				a->shend[v] = hi;
			if (hi > a->shend[w])
				a->shend[w] = hi;
		}
	}
	a->last = w;
	a->ls = ps;
	a->le = pe;
	a->sole[w] += in_window(a, x > a->shend[w] ? x : a->shend[w], y);
}

static int cmp_time(const void *pa, const void *pb)
{
	simtime x = *(const simtime *)pa, y = *(const simtime *)pb;

	return (x > y) - (x < y);
}

static int cmp_start(const void *pa, const void *pb)
{
	const per *x = pa, *y = pb;

	return (x->s > y->s) - (x->s < y->s);
}

/* The boundaries and periods arrive nearly in order (periods end roughly
 * as they start): insertion sort, linear then, for the usual few hundred;
 * qsort beyond, where a bad order would cost more. */
static void sort_times(simtime *t, size_t n)
{
	if (n > 512) {
		qsort(t, n, sizeof *t, cmp_time);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		simtime x = t[i];
		size_t j = i;

		for (; j > 0 && t[j - 1] > x; j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
}

static void sort_periods(per *p, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		per x = p[i];
		size_t j = i;

		for (; j > 0 && p[j - 1].s > x.s; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

/* Period k starts now, after every period under way: to the list's
 * tail. */
static void link_period(ap *a, int k, simtime now)
{
	a->cur[k] = now;
	a->onext[k] = -1;
	a->oprev[k] = a->otail;
	if (a->otail >= 0)
		a->onext[a->otail] = k;
	else
		a->ohead = k;
	a->otail = k;
}

static void unlink_period(ap *a, int k)
{
	if (a->oprev[k] >= 0)
		a->onext[a->oprev[k]] = a->onext[k];
	else
		a->ohead = a->onext[k];
	if (a->onext[k] >= 0)
		a->oprev[a->onext[k]] = a->oprev[k];
	else
		a->otail = a->oprev[k];
	a->cur[k] = -1;
}

/* The two earliest periods under way: their starts (-1 when fewer), the
 * first two of the list. Between periods that started at one instant
 * the list's order is theirs, not the stations' (a scan of the stations
 * would name the lowest index k1): it does not matter, as o1 == o2 then
 * and settle reads k1 only when o1 < o2. */
static void ongoing(const ap *a, int *k1, simtime *o1, simtime *o2)
{
	int k = a->ohead;

	*k1 = k;
	*o1 = k >= 0 ? a->cur[k] : -1;
	*o2 = k >= 0 && a->onext[k] >= 0 ? a->cur[a->onext[k]] : -1;
}

/* Drop the finished periods that can matter no more: ended before fin, or
 * covered and outlasted by the earliest period under way. */
static void prune(ap *a, int k1, simtime o1, simtime now)
{
	size_t j = 0;

	for (size_t i = 0; i < a->ndone; i++) {
		per p = a->done[i];

		if (p.e <= a->fin)
			continue;
		if (k1 >= 0 && p.s >= o1 && p.e - p.s < now - o1)
			continue;
		a->done[j++] = p;
	}
	a->ndone = j;
}

/* The sweep's order: the longer period first, between equal lengths the
 * higher index (no two periods of one entity overlap). */
static int cov_before(const per *p, const per *q)
{
	simtime lp = p->e - p->s, lq = q->e - q->s;

	return lp > lq || (lp == lq && p->k > q->k);
}

/* A binary heap of indices into done, in cov[0..*n). */
static void cov_push(ap *a, size_t *n, size_t d)
{
	size_t i = (*n)++;

	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (!cov_before(&a->done[d], &a->done[a->cov[up]]))
			break;
		a->cov[i] = a->cov[up];
		i = up;
	}
	a->cov[i] = d;
}

static void cov_pop(ap *a, size_t *n)
{
	size_t d = a->cov[--*n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && cov_before(&a->done[a->cov[c + 1]], &a->done[a->cov[c]]))
			c++;
		if (!cov_before(&a->done[a->cov[c]], &a->done[d]))
			break;
		a->cov[i] = a->cov[c];
		i = c;
	}
	if (*n > 0)
		a->cov[i] = d;
}

/* Settle time from fin up to where the bottleneck is known. */
static int settle(ap *a, simtime now)
{
	int k1;
	simtime o1, o2, F = now;
	size_t m = 0;

	ongoing(a, &k1, &o1, &o2);
	prune(a, k1, o1, now);
	if (o2 >= 0 && o2 < F)
		F = o2;
	if (F <= a->fin || !a->pts) {
		/* nothing to settle yet: wait for as many periods again,
		 * or every period that ends would call for a settle that
		 * cannot move (measured here: 1400 instructions an event
		 * in a tandem of 10^4 stations, where the two earliest
		 * periods under way last most of the run) */
		a->settle_at = 2 * a->ndone > SETTLE_MIN ? 2 * a->ndone : SETTLE_MIN;
		return 0;
	}
	a->pts[m++] = a->fin;
	a->pts[m++] = F;
	if (k1 >= 0 && o1 > a->fin && o1 < F)
		a->pts[m++] = o1;
	for (size_t i = 0; i < a->ndone; i++) {
		if (a->done[i].s > a->fin && a->done[i].s < F)
			a->pts[m++] = a->done[i].s;
		if (a->done[i].e > a->fin && a->done[i].e < F)
			a->pts[m++] = a->done[i].e;
	}
	sort_times(a->pts, m);
	if (a->ndone > 512)
		qsort(a->done, a->ndone, sizeof *a->done, cmp_start);
	else
		sort_periods(a->done, a->ndone);
	/* Sweep the boundaries, keeping the periods that cover the current
	 * instant in a heap, the longest on top (between equals, the
	 * highest index: a link or a device before the stations it serves,
	 * whose periods it holds all of). A period that is over leaves the
	 * heap when it comes to the top. A line of many stations has many
	 * periods covering each instant: a scan of them all at every
	 * boundary cost 700 million instructions at the end of a run of a
	 * tandem of 10^4 stations, measured here. */
	for (size_t i = 0, next = 0, ncov = 0; i + 1 < m; i++) {
		simtime x = a->pts[i], y = a->pts[i + 1];
		simtime best = -1, bs = -1, be = -1;
		int w = -1;

		if (y == x)
			continue;
		while (next < a->ndone && a->done[next].s <= x)
			cov_push(a, &ncov, next++);
		while (ncov > 0 && a->done[a->cov[0]].e <= x)
			cov_pop(a, &ncov);	/* over: drop it */
		if (ncov > 0) {
			const per *p = &a->done[a->cov[0]];

			best = p->e - p->s;
			w = p->k;
			bs = p->s;
			be = p->e;
		}
		if (k1 >= 0 && o1 <= x) {
			if (now - o1 <= best) {
				F = x;	/* it may yet outlast them: wait */
				break;
			}
			w = k1;
			bs = o1;
			be = -1;
		}
		credit(a, w, bs, be, x, y);
	}
	a->fin = F;
	prune(a, k1, o1, now);
	a->settle_at = 2 * a->ndone > SETTLE_MIN ? 2 * a->ndone : SETTLE_MIN;
	return 0;
}

/* Station k's period under way ends at `end`. */
static int close_period(ap *a, int k, simtime end)
{
	per p;

	p.s = a->cur[k];
	p.e = end;
	p.k = k;
	unlink_period(a, k);
	if (a->last == k && a->ls == p.s)
		a->le = end;	/* the settled bottleneck's period has ended */
	if (p.e <= p.s)
		return 0;
	if (a->ndone == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		per *d = hb_realloc(a->done, cap * sizeof *d);
		simtime *t;

		if (!d)
			return -1;
		a->done = d;
		size_t *c;

		if (!(t = hb_realloc(a->pts, (2 * cap + 3) * sizeof *t)))
			return -1;
		a->pts = t;
		if (!(c = hb_realloc(a->cov, cap * sizeof *c)))
			return -1;
		a->cov = c;
		a->cap = cap;
	}
	a->done[a->ndone++] = p;
	return 0;
}

/* Periods whose station went inactive before now and did not come back at
 * that instant have ended there. */
static int flush(ap *a, simtime now)
{
	int j = 0;

	for (int i = 0; i < a->npend; i++) {
		int k = a->pend[i];

		if (a->off[k] < 0)
			continue;		/* came back: dropped */
		if (a->off[k] == now) {
			a->pend[j++] = k;	/* may yet come back */
			continue;
		}
		if (close_period(a, k, a->off[k]) < 0)
			return -1;
		a->off[k] = -1;
	}
	a->npend = j;
	return 0;
}

int ap_set(ap *a, int k, int active, simtime now)
{
	if (a->npend > 0 && flush(a, now) < 0)
		return -1;
	if (active) {
		if (a->off[k] == now)
			a->off[k] = -1;		/* a hand-off at one instant */
		else if (a->cur[k] < 0)
			link_period(a, k, now);
		return 0;
	}
	if (a->cur[k] < 0 || a->off[k] >= 0)
		return 0;
	a->off[k] = now;
	a->pend[a->npend++] = k;
	return a->ndone >= a->settle_at ? settle(a, now) : 0;
}

simtime ap_active_since(const ap *a, int k)
{
	return a->off[k] >= 0 ? -1 : a->cur[k];
}

int ap_finish(ap *a, simtime now)
{
	for (int k = 0; k < a->n; k++) {
		if (a->off[k] >= 0 && close_period(a, k, a->off[k]) < 0)
			return -1;
		a->off[k] = -1;
		if (a->cur[k] >= 0 && close_period(a, k, now) < 0)
			return -1;
	}
	a->npend = 0;
	a->end = now;
	return settle(a, now);
}

double ap_sole(const ap *a, int k)
{
	double w = (double)(a->end - a->origin);

	return w > 0 ? a->sole[k] / w : 0;
}

double ap_shifting(const ap *a, int k)
{
	double w = (double)(a->end - a->origin);

	return w > 0 ? a->shift[k] / w : 0;
}
