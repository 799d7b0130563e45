/*
 * floor.c: the floor under herbie's engine benchmark. The same two queues
 * herbie runs, hand-written with nothing but what an event-scheduling
 * simulation needs: a binary heap of (time, kind, station), one
 * xoshiro256** stream per purpose, exponential draws, and a running mean
 * of the time in system. No pools, no monitors, no ring for "now", no
 * statistics beyond the one mean, so its events/s bounds what any engine
 * on this machine can do for these models; herbie's cost is measured as
 * its distance from here.
 *
 *   floor mm1 N [seed]     M/M/1, lambda 90/s, mean service 10 ms (rho 0.9)
 *   floor tandem N [seed]  ten such exponential stations in series,
 *                          unlimited buffers, arrivals 90/s
 *
 * stdout: one TSV line, name customers events wall_s cpu_s events_per_s
 * mean_latency_s (as bench.c's: events_per_s from the CPU time). stderr: the mean against queueing theory (M/M/1:
 * W = 1/(mu - lambda) = 0.1 s; tandem, by Jackson's theorem, ten
 * independent M/M/1 stations: 1.0 s), with a batch-means standard error.
 *
 * Events: one arrival per customer plus one departure per customer and
 * station (M/M/1: 2N, tandem: 11N). A departure hands the customer to the
 * next station in the same event; there is no separate zero-delay arrival
 * event downstream, which an engine with explicit hand-offs would count.
 *
 * Time is an int64 count of nanoseconds, as in herbie, so both quantize
 * draws the same way. Stations are FIFO single servers and customers
 * cannot overtake, so the order of departures from the last station is
 * the order of arrivals: one FIFO of arrival times gives each customer's
 * time in system without any per-customer record in the events.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rng.h"

#define MAX_STN 10
#define NBATCH 20

enum { EV_ARRIVE, EV_DEPART };

typedef struct ent {
	int64_t t;
	int32_t kind;
	int32_t stn;
} ent;

typedef struct sim {
	ent heap[MAX_STN + 1];	/* at most one pending event per station,
				 * plus the next arrival */
	int n;
	int64_t now;
	int nstn;
	int64_t inq[MAX_STN];	/* customers at each station */
	rng arr, svc[MAX_STN];	/* one stream per purpose and station */
	double arr_mean_ns, svc_mean_ns;
	int64_t *fifo;		/* arrival times, owned, a ring of fcap */
	size_t fhead, flen, fcap;
	long arrived, done, ncust;
	uint64_t events;
	double mean;		/* running mean of time in system, s */
	double bsum[NBATCH];	/* per-batch sums, for the check only */
} sim;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void seed_stream(rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1b54a32d192ed03));

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline int64_t draw_exp(rng *r, double mean_ns)
{
	return (int64_t)(-mean_ns * log(rng_u01(r)) + 0.5);
}

static inline int ent_less(const ent *a, const ent *b)
{
	return a->t < b->t;
}

static void heap_push(sim *s, int64_t t, int kind, int stn)
{
	ent e = { t, kind, stn };
	int i = s->n++;

	while (i > 0) {
		int p = (i - 1) / 2;

		if (!ent_less(&e, &s->heap[p]))
			break;
		s->heap[i] = s->heap[p];
		i = p;
	}
	s->heap[i] = e;
}

static ent heap_pop(sim *s)
{
	ent top = s->heap[0], e = s->heap[--s->n];
	int i = 0, n = s->n;

	for (;;) {
		int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && ent_less(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!ent_less(&s->heap[c], &e))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	s->heap[i] = e;
	return top;
}

static void fifo_push(sim *s, int64_t t)
{
	if (s->flen == s->fcap) {
		size_t cap = s->fcap ? 2 * s->fcap : 1024;
		int64_t *f = malloc(cap * sizeof *f);

		if (!f) {
			perror("floor");
			exit(1);
		}
		for (size_t i = 0; i < s->flen; i++)
			f[i] = s->fifo[(s->fhead + i) % s->fcap];
		free(s->fifo);
		s->fifo = f;
		s->fhead = 0;
		s->fcap = cap;
	}
	s->fifo[(s->fhead + s->flen) & (s->fcap - 1)] = t;
	s->flen++;
}

static int64_t fifo_pop(sim *s)
{
	int64_t t = s->fifo[s->fhead];

	s->fhead = (s->fhead + 1) & (s->fcap - 1);
	s->flen--;
	return t;
}

static void arrive_at(sim *s, int stn)
{
	if (++s->inq[stn] == 1)
		heap_push(s, s->now + draw_exp(&s->svc[stn], s->svc_mean_ns),
			  EV_DEPART, stn);
}

static void finish(sim *s)
{
	double w = (double)(s->now - fifo_pop(s)) * 1e-9;

	s->done++;
	s->mean += (w - s->mean) / (double)s->done;
	s->bsum[(s->done - 1) * NBATCH / s->ncust] += w;
}

static void run(sim *s)
{
	heap_push(s, draw_exp(&s->arr, s->arr_mean_ns), EV_ARRIVE, 0);
	while (s->n > 0) {
		ent e = heap_pop(s);

		s->now = e.t;
		s->events++;
		switch (e.kind) {
		case EV_ARRIVE:
			fifo_push(s, s->now);
			if (++s->arrived < s->ncust)
				heap_push(s, s->now + draw_exp(&s->arr,
							       s->arr_mean_ns),
					  EV_ARRIVE, 0);
			arrive_at(s, 0);
			break;
		case EV_DEPART:
			if (--s->inq[e.stn] > 0)
				heap_push(s, s->now + draw_exp(&s->svc[e.stn],
							       s->svc_mean_ns),
					  EV_DEPART, e.stn);
			if (e.stn + 1 < s->nstn)
				arrive_at(s, e.stn + 1);
			else
				finish(s);
			break;
		}
	}
}

static double seconds(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int usage(void)
{
	fprintf(stderr, "usage: floor (mm1|tandem) customers [seed]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static sim s;
	const char *name;
	double theory, t0, c0, wall, cpu, bm = 0, bvar = 0, se;
	uint64_t seed = 1;
	char *end;

	if (argc < 3 || argc > 4)
		return usage();
	if (strcmp(argv[1], "mm1") == 0) {
		name = "floor-mm1";
		s.nstn = 1;
	} else if (strcmp(argv[1], "tandem") == 0) {
		name = "floor-tandem";
		s.nstn = MAX_STN;
	} else {
		return usage();
	}
	s.ncust = strtol(argv[2], &end, 10);
	if (*end || s.ncust < NBATCH)
		return usage();
	if (argc == 4) {
		seed = strtoull(argv[3], &end, 10);
		if (*end)
			return usage();
	}
	s.arr_mean_ns = 1e9 / 90.0;
	s.svc_mean_ns = 10e6;
	seed_stream(&s.arr, seed, 0);
	for (int i = 0; i < s.nstn; i++)
		seed_stream(&s.svc[i], seed, 1 + (uint64_t)i);
	fifo_push(&s, 0);	/* allocate the ring outside the timing */
	fifo_pop(&s);

	t0 = seconds(CLOCK_MONOTONIC);
	c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	run(&s);
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	wall = seconds(CLOCK_MONOTONIC) - t0;

	printf("%s\t%ld\t%llu\t%.6f\t%.6f\t%.0f\t%.9f\n", name, s.ncust,
	       (unsigned long long)s.events, wall, cpu,
	       (double)s.events / cpu, s.mean);

	/* The check: 20 batch means of N/20 customers each. At rho 0.9
	 * the sojourn times are correlated over a few hundred customers,
	 * so batches of 5e4 (N = 1e6) are nearly independent; the se is
	 * a rough guide, not a confidence interval we rely on. */
	for (int b = 0; b < NBATCH; b++) {
		long lo = (long)((long long)b * s.ncust / NBATCH);
		long hi = (long)((long long)(b + 1) * s.ncust / NBATCH);
		double m = s.bsum[b] / (double)(hi - lo);
		double d = m - bm;

		bm += d / (b + 1);
		bvar += d * (m - bm);
	}
	se = sqrt(bvar / (NBATCH - 1) / NBATCH);
	theory = 0.1 * s.nstn;	/* 1/(mu - lambda) = 1/(100 - 90) per station */
	fprintf(stderr, "%s: mean latency %.6f s, theory %.3f s, "
		"diff %+.2f%% = %+.2f se (se %.6f s, %d batch means)\n",
		name, s.mean, theory, 100 * (s.mean - theory) / theory,
		(s.mean - theory) / se, se, NBATCH);
	free(s.fifo);
	return 0;
}
