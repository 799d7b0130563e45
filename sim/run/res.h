/*
 * res.h: the results of a run across replications. Every figure that
 * varies between replications is a `stat` over one value per replication:
 * reports print its mean and the 95% interval of that mean (Student t).
 */
#ifndef RES_H
#define RES_H

#include <stdint.h>

#include "line/line.h"
#include "scenario/scen.h"
#include "stats/stat.h"

typedef struct res {
	const scen *s;		/* not owned; outlives the res */
	uint64_t seed;
	int64_t reps;		/* replications folded in */
	stat_acc line[LF_N];
	stat_acc (*st)[SF_N];	/* one row per station */
	stat_acc (*dev)[DF_N];	/* per device */
	stat_acc (*lnk)[KF_N];	/* per link */
	int nst, ndev, nlk;
	stat_acc window_s;		/* measured window, s */
	uint64_t events;	/* over all replications */
	int64_t warm_items;	/* chosen by MSER-5; -1 when not "auto" */
	int warm_short;		/* MSER-5 found no steady state */
	int early;		/* a replication ended before its end */
	int partial;		/* stopped by the user */
	int capped;		/* a replication reached the memory budget
				 * (run_opts.max_memory) and ended there */
	int64_t jams;		/* replications a deadlock ended */
	double jam_s;		/* the first one's time (s) */
	int32_t *jam;		/* ... and its cycle of stations */
	int njam;
} res;

res *res_new(const scen *s, uint64_t seed);	/* NULL when out of memory */
void res_free(res *r);				/* res_free(NULL) is a no-op */

/* Fold in one replication's figures. */
void res_add(res *r, const line_figs *f, double window_s, uint64_t events,
	     int early);

/* The active-period method's entities: stations, then devices, then
 * links (index e in 0 .. res_nentities - 1). */
int res_nentities(const res *r);
const char *res_entity_name(const res *r, int e);
const char *res_entity_kind(const res *r, int e);	/* "station", "device", "link" */
const stat_acc *res_entity_sole(const res *r, int e);
const stat_acc *res_entity_shifting(const res *r, int e);
const stat_acc *res_entity_utilization(const res *r, int e);

/* Entities in order of utilization, highest first (ties: index order):
 * order[0 .. res_nentities - 1]. */
void res_ranking(const res *r, int *order);

/* The line's constraint, the entity the verdict names: in a deadlock the
 * first station of its cycle; on an unstable line the one in front of
 * which work piles up (res_piling); else the active-period method's, the
 * entity most often the bottleneck, sole or shifting (on average over
 * replications). -1 when there is none. Every command names this one. */
int res_constraint(const res *r);

/* The plain verdict on the constraint: one function, which every output
 * prints. */
enum res_verdict {
	RES_NONE,		/* nothing was ever a bottleneck */
	RES_ONE,		/* one clear constraint */
	RES_SHIFTING,		/* it shifts among the constraint's peers */
	RES_MARKET,		/* the line keeps up with its sources: the
				 * constraint is outside it (the market) */
	RES_STATISTICAL,	/* a balanced line: every station has the same
				 * capacity, and what the line loses it loses to
				 * fluctuations passed between dependent
				 * stations, not to one of them (the dice game) */
	RES_UNSTABLE,		/* work piles up without bound in front of the
				 * constraint: more is offered than it can do */
	RES_DEADLOCK,		/* stations hold one another's places for
				 * ever: the line stopped (res.jam) */
};
enum res_verdict res_verdict(const res *r);
const char *res_verdict_name(enum res_verdict v);	/* "one", ... */

/* Does work pile up in front of station k: its buffer's mean in the
 * window's second half above the first's, by at least 2 items and a
 * quarter of its mean (a level that grows at a steady rate from empty
 * has the difference equal to its mean, one at rest about 0), and, over
 * two replications or more, beyond the 95% interval of that difference
 * (with one, by half its mean and 5 items)? */
int res_piling(const res *r, int k);

/* Is station k overproducing: never starved (under 1% of its time), it
 * feeds, by a route it takes, another station where work piles up? */
int res_overproducing(const res *r, int k);

/* Did the line run with a steady state: MSER-5 found one (or was not
 * asked) and the line is neither unstable nor deadlocked? */
int res_steady(const res *r);

/* Is the line balanced: two stations or more, every one with the same
 * nominal capacity (servers / mean service, or mean draw / period) within
 * 1%, none on shared hardware or batching? */
int res_balanced(const scen *s);

/* Does the line keep up with what its sources offer? Only open sources
 * offer a rate of their own: the line keeps up when none was held back
 * (they entered at their rate), nothing was dropped, and what entered
 * also left. */
int res_keeps_up(const res *r);

/* Is entity e a peer of the constraint c: the bottleneck at least half as
 * often as c (replicas of one stage share it, shifting among them)? */
int res_constraint_peer(const res *r, int c, int e);

/* Did link k neither carry a byte nor work at all (a transfer under way
 * that never finished is work)? The tables leave such links out. */
int res_link_idle(const res *r, int k);

/* Bytes the stations keep resident on device k: each station's memory once
 * per device its servers run on (a MIG GPU: its partitions' sum). */
double res_memory_placed(const res *r, int k);

#endif
