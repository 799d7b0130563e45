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
	stat line[LF_N];
	stat (*st)[SF_N];	/* one row per station */
	stat (*dev)[DF_N];	/* per device */
	stat (*lnk)[KF_N];	/* per link */
	int nst, ndev, nlk;
	stat window_s;		/* measured window, s */
	uint64_t events;	/* over all replications */
	int64_t warm_items;	/* chosen by MSER-5; -1 when not "auto" */
	int warm_short;		/* MSER-5 found no steady state */
	int early;		/* a replication ended before its end */
	int partial;		/* stopped by the user */
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
const stat *res_entity_sole(const res *r, int e);
const stat *res_entity_shifting(const res *r, int e);

/* The line's constraint by the active-period method: the entity most
 * often the bottleneck, sole or shifting (on average over replications);
 * -1 when none ever was. */
int res_constraint(const res *r);

/* Is entity e a peer of the constraint c: the bottleneck at least half as
 * often as c (replicas of one stage share it, shifting among them)? */
int res_constraint_peer(const res *r, int c, int e);

/* Bytes the stations keep resident on device k: each station's memory once
 * per device its servers run on (a MIG GPU: its partitions' sum). */
double res_memory_placed(const res *r, int k);

#endif
