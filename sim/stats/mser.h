/*
 * mser.h: warm-up detection by MSER-5 (White 1997; Franklin & White 2008).
 *
 * The output series (here: departures' latencies, in order) is averaged in
 * batches of 5; MSER picks the truncation point d that minimises the
 * squared standard error of the mean of what is left,
 *
 *     MSER(d) = sum_{i>d} (Y_i - mean_d)^2 / (k - d)^2,   d <= k/2,
 *
 * and the warm-up is d batches. To keep memory fixed whatever the run's
 * length, when MSER_MAX batch means are held, neighbours are merged and the
 * batch size doubles (5, 10, 20, ...): the rule then works on coarser
 * batches, which MSER tolerates (it is MSER-5 on 5-batches of those).
 */
#ifndef MSER_H
#define MSER_H

#include <stdint.h>

#define MSER_MAX 4096

typedef struct mser mser;

mser *mser_new(void);		/* NULL when out of memory */
void mser_free(mser *m);	/* mser_free(NULL) is a no-op */
void mser_add(mser *m, double x);
int64_t mser_count(const mser *m);	/* observations added */

/* The number of observations to discard, a multiple of the batch size;
 * -1 when the best cut lies past half the series (the run is too short to
 * see a steady state) or there are fewer than 2 batches. */
int64_t mser_cut(const mser *m);

#endif
