/*
 * tl.h: utilization timelines. A timeline is a sink of the run (run.h):
 * it watches replication 0 of the run (from time 0, warm-up included),
 * which shows it the line at each bucket's end, and a snapshot there is
 * differenced with the one before, so each bucket holds exact
 * time-averages over it. Memory is the number of buckets times the number
 * of entities, never the number of events.
 *
 * Entities: the line itself (entity 0, kind "line"), then every station,
 * device and link in scenario order.
 */
#ifndef TL_H
#define TL_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "core/simtime.h"
#include "input/diag.h"
#include "run/run.h"
#include "scenario/scen.h"

enum tl_field {
	TL_WORKING,		/* stations: share of server-time in each state */
	TL_STARVED,		/* (the four sum to 1) */
	TL_BLOCKED,
	TL_WAITING,
	TL_UTILIZATION,		/* stations: = working; devices, links: busy share */
	TL_QUEUE,		/* stations: mean items in the buffer */
	TL_WIP,			/* line: mean items in the line; stations: in
				 * the station (buffer + servers holding one) */
	TL_THROUGHPUT,		/* line, stations: units (items) per second */
	TL_BYTES_PER_S,		/* links */
	TL_NFIELDS
};

typedef struct tl tl;

#define TL_MAX_BUCKETS 100000
#define TL_MAX_CELLS INT64_C(125000000)	/* buckets x entities x fields */

/* A timeline of s in buckets of width (0: the run's length / 200,
 * rounded to a round number), empty until a run feeds it (tl_sink). 0 and
 * *out; -1 with d filled (a bad width: tl_check_width); -2 out of memory.
 * s must outlive *out. */
int tl_new(const scen *s, simtime width, tl **out, diag *d);
void tl_free(tl *t);	/* tl_free(NULL) is a no-op */

/* The sink that fills t; hand it to the run (run_opts.sinks), which must
 * not outlive t. */
void tl_sink(tl *t, run_sink *k);

/* After the run: 0 when t is whole; 1 when the run stopped before
 * replication 0 ended (Ctrl-C), or never ran it; -1 with d filled (too
 * many buckets) or -2 out of memory, when collecting failed. */
int tl_status(const tl *t, diag *d);

/* A run of one replication (the seed: run_seed's rule) fed to a new
 * timeline: tl_new, tl_sink, run_scenario, tl_status. 0 and *out; -1
 * with d filled (bad bucket, too many buckets, the scenario cannot run);
 * -2 out of memory. */
int tl_collect(const scen *s, int have_seed, uint64_t seed, simtime width,
	       tl **out, diag *d);

/* tl_collect that gives up when *stop (may be NULL) becomes non-zero
 * (Ctrl-C): then 1, and nothing in *out. */
int tl_collect_stop(const scen *s, int have_seed, uint64_t seed,
		    simtime width, volatile sig_atomic_t *stop, tl **out,
		    diag *d);

/* Would tl_collect take this width for s? 0; -1 with d filled (path
 * "--bucket"): below 0, or more than TL_MAX_BUCKETS over a run whose
 * length is known beforehand (a duration after no warm-up or a timed
 * one). Checked before anything runs; a run whose length shows only as it
 * goes (a number of items) fails in tl_collect instead.
 *
 * The default width: a run of known length in about 200 buckets of a
 * round width (1, 2 or 5 times a power of ten ns, the smallest at least
 * length / 200); otherwise buckets from 1 ns that double, then
 * quintuple, ... (1, 2, 10, 20, 100 ns ...), merging as they go, so that
 * a run ends with 200 to 1000 of them (fewer when it is shorter than
 * 200 ns) however long it turns out to be. */
int tl_check_width(const scen *s, simtime width, diag *d);

int tl_nbuckets(const tl *t);
simtime tl_width(const tl *t);
simtime tl_warm(const tl *t);		/* where the measured window began */
simtime tl_end(const tl *t);		/* where the run ended: bucket b is
					 * [b w, min((b + 1) w, end)) */
int tl_nentities(const tl *t);
const char *tl_name(const tl *t, int e);
const char *tl_kind(const tl *t, int e);	/* "line", "station", "device", "link" */
/* Does field f apply to entity e? (NaN values are never stored) */
int tl_has(const tl *t, int e, enum tl_field f);
double tl_value(const tl *t, int b, int e, enum tl_field f);
const char *tl_field_name(enum tl_field f);	/* "working", ... */

/* The q-quantile of replication 0's latencies in its measured window, s. */
double tl_latency_quantile(const tl *t, double q);

/* One tidy row per bucket and entity:
 * t_start_s,t_end_s,kind,name,<every field; empty where it does not apply> */
int tl_csv(const tl *t, FILE *f);
/* {"bucket_s": w, "warmup_s": x, "end_s": e, "t_s": [bucket starts],
 *  "entities": [{"kind", "name", "<field>": [one value per bucket], ...}]} */
int tl_json(const tl *t, FILE *f);

#endif
