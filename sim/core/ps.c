/*
 * ps.c: weighted processor sharing on a virtual clock (see ps.h).
 */
#include "core/ps.h"

#include "core/hb.h"

void ps_init(ps *p, double rate, int64_t cores, double slice_eff)
{
	p->heap = NULL;
	p->n = p->cap = 0;
	p->rate = rate;
	p->cores = cores;
	p->slice_eff = slice_eff;
	ps_clear(p);
}

void ps_release(ps *p)
{
	hb_free(p->heap);
	p->heap = NULL;
	p->n = p->cap = 0;
}

void ps_clear(ps *p)
{
	for (size_t i = 0; i < p->n; i++)
		p->heap[i]->pos = -1;
	p->n = 0;
	p->V = 0;
	p->W = 0;
	p->last = 0;
	p->seq = 0;
}

int ps_reserve(ps *p, size_t n)
{
	ps_job **h;

	if (n <= p->cap)
		return 0;
	h = hb_realloc(p->heap, n * sizeof *h);
	if (!h)
		return -1;
	p->heap = h;
	p->cap = n;
	return 0;
}

double ps_total(const ps *p, size_t n)
{
	if (n == 0)
		return 0;
	if (p->cores > 0)
		return (double)((int64_t)n < p->cores ? (int64_t)n : p->cores) * p->rate;
	return n >= 2 ? p->rate * p->slice_eff : p->rate;
}

/* Bring V up to now at the rate of the current n. */
static void advance(ps *p, simtime now)
{
	if (p->n > 0)
		p->V += ps_total(p, p->n) / p->W * st_to_s(now - p->last);
	p->last = now;
}

static int before(const ps_job *a, const ps_job *b)
{
	return a->tag < b->tag || (a->tag == b->tag && a->seq < b->seq);
}

static void place(ps *p, size_t i, ps_job *j)
{
	p->heap[i] = j;
	j->pos = (int32_t)i;
}

static void sift_up(ps *p, size_t i, ps_job *j)
{
	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (!before(j, p->heap[up]))
			break;
		place(p, i, p->heap[up]);
		i = up;
	}
	place(p, i, j);
}

static void sift_down(ps *p, size_t i, ps_job *j)
{
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= p->n)
			break;
		if (c + 1 < p->n && before(p->heap[c + 1], p->heap[c]))
			c++;
		if (!before(p->heap[c], j))
			break;
		place(p, i, p->heap[c]);
		i = c;
	}
	place(p, i, j);
}

void ps_add(ps *p, simtime now, ps_job *j, double work, double w)
{
	HB_ASSERT(j->pos == -1 && w > 0 && p->n < p->cap);
	advance(p, now);
	j->w = w;
	j->tag = p->V + work / w;
	j->seq = p->seq++;
	p->W += w;
	sift_up(p, p->n++, j);
}

ps_job *ps_take(ps *p, simtime now)
{
	ps_job *j;

	HB_ASSERT(p->n > 0);
	advance(p, now);
	j = p->heap[0];
	if (--p->n > 0)
		sift_down(p, 0, p->heap[p->n]);
	j->pos = -1;
	p->W -= j->w;
	if (p->n == 0)
		p->W = 0;	/* no drift from repeated float sums */
	/* the event was rounded to the ns: the clock is at the tag */
	if (p->V < j->tag)
		p->V = j->tag;
	return j;
}

simtime ps_next(const ps *p, simtime now)
{
	double dv, dt;
	simtime d;

	if (p->n == 0)
		return ST_MAX;
	dv = p->heap[0]->tag - p->V - ps_total(p, p->n) / p->W * st_to_s(now - p->last);
	if (dv <= 0)
		return now;
	dt = dv * p->W / ps_total(p, p->n);
	d = st_from_s(dt);
	return d >= ST_MAX - now ? ST_MAX : now + (d > 0 ? d : 1);
}

int ps_check(const ps *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->heap[i]->pos != (int32_t)i)
			return -1;
		if (i > 0 && before(p->heap[i], p->heap[(i - 1) / 2]))
			return -1;
	}
	return 0;
}
