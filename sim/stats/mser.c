/*
 * mser.c: MSER-5 with batch means kept in a fixed array (see mser.h).
 */
#include "stats/mser.h"

#include "core/hb.h"

struct mser {
	double y[MSER_MAX];	/* complete batch means */
	int k;			/* how many */
	int64_t size;		/* observations per batch */
	double part;		/* sum of the batch being filled */
	int64_t npart;
	int64_t n;
};

mser *mser_new(void)
{
	mser *m = hb_calloc(1, sizeof *m);

	if (m)
		m->size = 5;
	return m;
}

void mser_free(mser *m)
{
	hb_free(m);
}

/* Halve the number of batch means by merging neighbours. */
static void coarsen(mser *m)
{
	for (int i = 0; i < m->k / 2; i++)
		m->y[i] = (m->y[2 * i] + m->y[2 * i + 1]) / 2;
	m->k /= 2;
	m->size *= 2;
	/* the partial batch was filling a batch of the old size; it now
	 * fills one of the new size, so it simply goes on accumulating */
}

void mser_add(mser *m, double x)
{
	m->n++;
	m->part += x;
	if (++m->npart < m->size)
		return;
	m->y[m->k++] = m->part / (double)m->npart;
	m->part = 0;
	m->npart = 0;
	if (m->k == MSER_MAX)
		coarsen(m);
}

int64_t mser_count(const mser *m)
{
	return m->n;
}

int64_t mser_cut(const mser *m)
{
	int k = m->k, best = 0;
	double sum = 0, sumsq = 0, best_v = -1;

	if (k < 2)
		return -1;
	/* Walk d from the end backwards, keeping sums of the tail, so the
	 * whole search is O(k). */
	for (int d = k - 1; d >= 0; d--) {
		int n = k - d;
		double mean, ss;

		sum += m->y[d];
		sumsq += m->y[d] * m->y[d];
		if (d > k / 2 || n < 2)
			continue;
		mean = sum / n;
		ss = sumsq - n * mean * mean;
		if (ss < 0)
			ss = 0;
		if (best_v < 0 || ss / ((double)n * n) <= best_v) {
			best_v = ss / ((double)n * n);
			best = d;
		}
	}
	if (best >= k / 2)
		return -1;
	return (int64_t)best * m->size;
}
