/*
 * ps.h: a processor-sharing resource, weighted (generalized processor
 * sharing), for CPU cores, MPS and time-sliced GPUs, and links.
 *
 * n jobs are active; job i has weight w_i and gets the share w_i / W of the
 * resource's total rate R(n), W the sum of the active weights. R(n) is
 *
 *     min(n, cores) / n * n ... per job at most one core:  R = min(n, cores)
 *     a link:                                             R = bandwidth
 *     a time-sliced GPU (two or more contexts switch):    R = q / (q + s)
 *
 * (per-job rates: core-limited PS gives each of n equal jobs min(1, c/n)).
 *
 * One virtual clock makes every event O(log n): V advances at R(n) / W per
 * second of real time, so every active job receives w_i dV of work in dt;
 * a job that arrives with work x at virtual time V finishes when the clock
 * reaches its tag V + x / w_i. Jobs sit in a heap by tag; the next
 * completion is the smallest tag, (tag - V) * W / R(n) seconds away. An
 * arrival or a departure only moves the clock and the heap (Demers,
 * Keshav & Shenker's virtual time, as fair queueing does it).
 *
 * With cores: each job runs on at most one core, so R(n) = min(n, cores)
 * with unit weights. (Weights and a core limit together are not used.)
 *
 * Jobs are owned by the caller and embedded where the work is (a server, an
 * item); ps never allocates except to grow its heap (ps_reserve).
 */
#ifndef PS_H
#define PS_H

#include <stddef.h>
#include <stdint.h>

#include "core/simtime.h"

typedef struct ps_job {
	double tag;		/* virtual finishing time */
	uint64_t seq;		/* ties: first come first served */
	double w;		/* weight */
	int32_t pos;		/* heap index; -1 when not active */
	void *owner;		/* what the work is for */
} ps_job;

typedef struct ps {
	ps_job **heap;
	size_t n, cap;
	double V;		/* virtual clock */
	simtime last;		/* when V was last advanced */
	double W;		/* sum of active weights */
	double rate;		/* the resource's total rate (1, or bytes/s) */
	int64_t cores;		/* > 0: at most one unit of rate per job */
	double slice_eff;	/* < 1: total rate when two or more share it */
	uint64_t seq;
} ps;

/* rate: total service rate (work units per second); cores: 0 for none;
 * slice_eff: 1 for none. */
void ps_init(ps *p, double rate, int64_t cores, double slice_eff);
void ps_release(ps *p);
void ps_clear(ps *p);			/* no jobs, V = 0, at time 0 */
int ps_reserve(ps *p, size_t n);	/* room for n jobs: 0, or -1 (OOM) */

/* Start job j (not active) with `work` units and weight w > 0 at now.
 * Needs room (ps_reserve). */
void ps_add(ps *p, simtime now, ps_job *j, double work, double w);

/* The job that finishes first, taken out at now (its completion time). */
ps_job *ps_take(ps *p, simtime now);

/* When the first job finishes if nothing changes; ST_MAX when idle. */
simtime ps_next(const ps *p, simtime now);

/* The total rate in use with n jobs: min(n, cores) for a core pool; the
 * rate, times slice_eff when n >= 2; 0 when idle. */
double ps_total(const ps *p, size_t n);

int ps_check(const ps *p);	/* heap order and positions; 0 when sound */

#endif
