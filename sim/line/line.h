/*
 * line.h: a conveyor line built from a scenario, and one replication of it.
 *
 * Workload: every event of a run passes through line_step, so the engine
 * is tuned for it: stations, servers and sources embed their events (as
 * libev's watchers), items come from a pool, hand-offs at the same instant
 * are direct calls, and statistics are streaming. Nothing allocates during
 * a replication except the item pool growing to the largest work in
 * progress seen so far.
 *
 * A line is built once and run for many replications: line_start resets it
 * to time 0 with the streams of replication `rep`; line_run runs to the
 * end; line_figures reads what was measured.
 */
#ifndef LINE_H
#define LINE_H

#include <stdint.h>

#include "core/simtime.h"
#include "scenario/diag.h"
#include "scenario/scen.h"

typedef struct line line;

/* Per-replication figures of the whole line (results JSON names). */
enum line_fig {
	LF_THROUGHPUT,		/* units leaving per second */
	LF_OFFERED,		/* items entering the line in the window */
	LF_DROPPED,		/* items dropped anywhere in the window */
	LF_DROP_FRACTION,	/* dropped / offered */
	LF_LAT_MEAN,		/* s, entering to leaving */
	LF_LAT_P50,
	LF_LAT_P90,
	LF_LAT_P99,
	LF_WIP,			/* time-average items in the line */
	LF_DEPARTED,		/* items that left in the window */
	LF_N
};

/* Per-replication figures of one station. */
enum stn_fig {
	SF_THROUGHPUT,		/* units passed on per second */
	SF_UTILIZATION,		/* working server-time / (servers * time) */
	SF_WORKING,
	SF_STARVED,
	SF_BLOCKED,
	SF_WAITING,		/* holding an item, waiting for a busy device */
	SF_QUEUE,		/* time-average items waiting in the buffer */
	SF_WAIT_MEAN,		/* s in the buffer before service */
	SF_WAIT_P50,
	SF_WAIT_P90,
	SF_WAIT_P99,
	SF_P_WAIT,		/* fraction of items that waited at all */
	SF_DROPPED,		/* items this station rejected */
	SF_BATCH_MEAN,		/* items per batch (1 without batching) */
	SF_BATCH_FILL,		/* batching: mean batch / max_batch */
	SF_BATCH_P50,		/* batching: median batch size */
	SF_BATCH_P90,
	SF_SOLE,		/* share of the window it was the sole bottleneck */
	SF_SHIFTING,		/* ... a shifting bottleneck (active-period method) */
	SF_N
};

/* Per-replication figures of one device. */
enum dev_fig {
	DF_UTILIZATION,		/* share of its compute in use (a CPU: busy
				 * cores / cores; a MIG GPU: its partitions'
				 * use weighted by their compute) */
	DF_SOLE,		/* share of the window it was the sole bottleneck */
	DF_SHIFTING,
	DF_N
};

/* Per-replication figures of one link. */
enum lnk_fig {
	KF_UTILIZATION,		/* share of time its busier direction moved
				 * bytes (latency does not count) */
	KF_BYTES_PER_S,		/* bytes delivered per second, both ways */
	KF_SOLE,		/* share of the window it was the sole bottleneck */
	KF_SHIFTING,
	KF_N
};

/* What a replication measured: arrays sized by the scenario's stations,
 * devices and links (line_figs_new). */
typedef struct line_figs {
	double line[LF_N];
	double (*st)[SF_N];
	double (*dev)[DF_N];
	double (*lnk)[KF_N];
} line_figs;

int line_figs_new(line_figs *f, const scen *s);	/* 0, or -1 (OOM) */
void line_figs_free(line_figs *f);

/* Build the line for s (which must outlive it) into *out. 0; -1 with d
 * filled when the scenario asks for something this engine cannot run; -2
 * when out of memory. */
int line_new(const scen *s, line **out, diag *d);
void line_free(line *ln);		/* line_free(NULL) is a no-op */

/* Reset to time 0 for replication rep (0-based) with seed. 0, or -1 when
 * out of memory. warm_items overrides the scenario's warm-up when >= 0
 * (herbie's MSER-5 pilot decides it). */
int line_start(line *ln, uint64_t seed, uint64_t rep, int64_t warm_items);

/* Run the replication until its end. 0, or -1 when out of memory. */
int line_run(line *ln);

/* Run until the clock would pass t (for the live view); returns 1 when the
 * replication has ended, 0 when not yet, -1 when out of memory. */
int line_run_until(line *ln, simtime t);

/* After the run: the figures of the measured window. */
void line_figures(const line *ln, line_figs *f);

simtime line_now(const line *ln);
simtime line_window(const line *ln);	/* length of the measured window */
uint64_t line_events(const line *ln);	/* events in this replication */
int line_ended_early(const line *ln);	/* sources ran dry before the end */
int line_nstations(const line *ln);

/* Conservation, counted from time 0 of the replication (tests): items that
 * entered the line, left it, were dropped, and are in it now. */
void line_counts(const line *ln, int64_t *entered, int64_t *left,
		 int64_t *dropped, int64_t *wip);

/* Warm-up detection: departures' latencies are fed to a collector when one
 * is attached (NULL detaches). */
struct mser;
void line_attach_mser(line *ln, struct mser *m);

/* Check every invariant (counts, buffers, blocked lists); 0 when sound. */
int line_check(const line *ln);

#endif
