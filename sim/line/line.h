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

#include <signal.h>
#include <stdint.h>

#include "core/simtime.h"
#include "input/diag.h"
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
	LF_WIP_GROWTH,		/* items a second the WIP rose, open to end */
	LF_WIP_TREND,		/* WIP's mean in the window's second half less
				 * its first's (items): > 0 when it piles up */
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
	SF_QUEUE_GROWTH,	/* items a second its buffer rose, open to end */
	SF_QUEUE_TREND,		/* the buffer's mean, second half less first */
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
	int32_t *jam;		/* a deadlock's cycle of stations, in order */
	int njam;		/* 0: no deadlock */
	double jam_s;		/* when the deadlock closed (s); -1 none */
} line_figs;

int line_figs_new(line_figs *f, const scen *s);	/* 0, or -1 (OOM) */
void line_figs_free(line_figs *f);

/* Build the line for s (which must outlive it) into *out. HB_OK;
 * HB_BAD_INPUT with d filled when the scenario asks for something this
 * engine cannot run; HB_NOMEM (d says so too). */
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

/* After the run (ended, or cut by line_cut): the figures of the measured
 * window. */
void line_figures(const line *ln, line_figs *f);

/* The q-quantile of the latencies of the items that left in the window,
 * s (the histogram's resolution); 0 when none left. */
double line_latency_quantile(const line *ln, double q);

/* The histogram behind it (ns), for an observer that keeps replication
 * 0's latencies while the line goes on to the next one. */
struct hist;
const struct hist *line_latency_hist(const line *ln);

simtime line_now(const line *ln);
simtime line_window(const line *ln);	/* length of the measured window */
uint64_t line_events(const line *ln);	/* events in this replication */
int line_ended_early(const line *ln);	/* sources ran dry before the end */

/* The memory budget. Items in the line at most n (0: no bound): past it
 * the replication ends where it stands, early, and line_capped says so;
 * work in progress that grows without bound (an unstable line) is what
 * reaches it. LINE_ITEM_BYTES is what an item costs, its event slot
 * with it. */
#define LINE_ITEM_BYTES 224
void line_max_items(line *ln, int64_t n);
int line_capped(const line *ln);

/* Bytes s's line holds before any item enters: its stations, servers,
 * devices and links (an estimate within a few percent, for refusing a
 * line that cannot fit before it is built). */
double line_bytes(const scen *s);

/* Conservation, counted from time 0 of the replication (tests): items that
 * entered the line, left it, were dropped, and are in it now. */
void line_counts(const line *ln, int64_t *entered, int64_t *left,
		 int64_t *dropped, int64_t *wip);

/* Warm-up detection: departures' latencies are fed to a collector when one
 * is attached (NULL detaches). */
struct mser;
void line_attach_mser(line *ln, struct mser *m);

/*
 * Watching a replication as it runs (timelines, the live view). A snapshot
 * gives each entity's level now and its integrals since time 0 of the
 * replication; these are never reset at the end of warm-up, so the
 * difference of two snapshots is exact over any interval. Reading one
 * costs O(stations + devices + links) and nothing per event.
 */
typedef struct line_snap_stn {
	int64_t servers;
	int64_t queue;		/* items in the buffer now */
	int64_t working, blocked, waiting;	/* servers in each state now */
	double working_area;	/* server-ns spent working since time 0 */
	double blocked_area, waiting_area;
	double queue_area;	/* item-ns in the buffer since time 0 */
	int64_t passed;		/* items passed on since time 0 */
	double units;		/* ... and the units they count for */
	simtime active_since;	/* start of its active period under way; -1 */
} line_snap_stn;

typedef struct line_snap_dev {
	double capacity;	/* cores (CPU) or 1 */
	double busy;		/* in use now, in the same units */
	double busy_area;	/* capacity-ns in use since time 0 */
} line_snap_dev;

typedef struct line_snap_lnk {
	int transfers[2];	/* under way now, per direction */
	double busy_area[2];	/* ns each direction moved bytes since time 0 */
	double bytes;		/* delivered since time 0, both ways */
} line_snap_lnk;

typedef struct line_snap {
	simtime now;
	int64_t wip;
	double wip_area;	/* item-ns since time 0 */
	int64_t entered, left, dropped;	/* since time 0 */
	double units;		/* units that left since time 0 */
	line_snap_stn *st;
	line_snap_dev *dev;
	line_snap_lnk *lnk;
} line_snap;

int line_snap_new(line_snap *sn, const scen *s);	/* 0, or -1 (OOM) */
void line_snap_free(line_snap *sn);
void line_snapshot(const line *ln, line_snap *sn);

/* The snapshot at t >= line_now, when no event before t is pending (after
 * line_run_until(ln, t - 1) returned 0): the levels hold from now to t,
 * and the integrals run to t. Timelines read bucket edges this way, so a
 * bucket [a, b) counts exactly the events before b.
 *
 * A periodic station (the dice game) has no servers: it reads as one
 * (servers 1) whose time each turn splits as its draw was used: the share
 * it moved counts as working, the share cut for want of room downstream
 * as blocked, the rest as starved (a draw of 0 counts as working: it used
 * all it had). Its levels now are those of its last turn, rounded to 0/1.
 * Over a window whose draws are all equal these shares are line_figures'. */
void line_snapshot_at(const line *ln, simtime t, line_snap *sn);

/*
 * Observing every service and move (the trace). With an observer attached
 * the engine calls it as things happen, in time order; with none it costs
 * one predictable branch per call site. Items are numbered from 1 in the
 * order they enter the line in a replication (a closed client's request
 * anew each time it enters; fork parts as they are made).
 *
 * A move is told when the item sets out: one in transport has moved
 * already. An item put into a station without a move (a saturating
 * source's, or one there at time 0) moves from -1. A periodic station
 * (the dice game) serves nothing: its items only move.
 */
typedef struct line_obs {
	void *ctx;
	/* server k of station st served items id (n of them: a batch) from
	 * t0 to t1 (called at t1) */
	void (*service)(void *ctx, int st, int64_t k, simtime t0, simtime t1,
			uint64_t id, int64_t n);
	/* item id moved at t from station `from` (-1: a source, or nowhere:
	 * a fork's item waiting for its parts) to station `to` (-1: it left
	 * the line, -2: it was dropped, -3: a fork's part reached its join
	 * and is gone into its item) */
	void (*move)(void *ctx, uint64_t id, int from, int to, simtime t);
	/* station st's buffer holds n items from t on */
	void (*queue)(void *ctx, int st, simtime t, int64_t n);
	/* link k moves bytes at bytes_per_s in direction dir from t on
	 * (told when it starts and stops moving: its transfers share it) */
	void (*link)(void *ctx, int k, int dir, simtime t, double bytes_per_s);
} line_obs;

/* Attach o (copied; its callbacks may be NULL), or NULL to detach. Attach
 * before line_start to see the items there at time 0. */
void line_observe(line *ln, const line_obs *o);

/* Stop the run soon when *flag becomes non-zero (Ctrl-C): line_run and
 * line_run_until return within a few thousand events, the replication
 * marked stopped. NULL detaches. */
void line_stop_flag(line *ln, volatile sig_atomic_t *flag);
int line_stopped(const line *ln);

/* A stopped replication whose figures are kept: its window ends now, so
 * the active-period shares are settled over what ran. */
void line_cut(line *ln);

/* Check every invariant (counts, buffers, blocked lists); 0 when sound. */
int line_check(const line *ln);

#endif
