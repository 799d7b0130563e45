/*
 * line_impl.h: the line's insides, shared by line.c (build, run, figures),
 * stn.c (stations: buffers, servers, blocking, routing, periodic turns) and
 * src.c (sources). Nothing outside sim/line includes it.
 *
 * Invariants (line_check tests them):
 * - A station's occupancy is nq + nincoming + nheld: items waiting, items
 *   in transport toward it (they took their place when they set out), and
 *   servers busy or blocked. It never exceeds cap + nsrv (cap >= 0).
 * - A server is IDLE (on the station's idle stack, it == NULL), BUSY (its
 *   done event queued) or BLOCKED (on exactly one station's blocked list,
 *   holding its item). A source's holder is IDLE or BLOCKED.
 * - WIP counts root items (parent == NULL) from entering to leaving or
 *   being dropped, wherever they are: buffers, servers, transports, forks.
 */
#ifndef LINE_IMPL_H
#define LINE_IMPL_H

#include "core/eq.h"
#include "core/hb.h"
#include "core/pool.h"
#include "core/ps.h"
#include "core/rng.h"
#include "line/line.h"
#include "stats/hist.h"
#include "stats/stat.h"
#include "stats/tw.h"

/* The closed set of event kinds, dispatched by one switch in line.c. */
enum ev_kind {
	EV_END,			/* the measured window closes */
	EV_WARM,		/* the warm-up ends: statistics restart */
	EV_ARRIVAL,		/* obj = source: the next open arrival */
	EV_THINK,		/* obj = item: a closed client stops thinking */
	EV_DONE,		/* obj = server: service complete */
	EV_DELIVER,		/* obj = item: a transport arrives */
	EV_TICK,		/* obj = station: a periodic station's turn */
	EV_DEV,			/* obj = device: its next processor-sharing completion */
	EV_HOP,			/* obj = item: a transfer's latency is over */
	EV_LINK,		/* obj = lnk, arg = direction: next transfer done */
	EV_BATCH,		/* obj = station: its oldest item's max_delay is up */
	EV_ROPE,		/* the rope slackened: gated sources release */
};

typedef struct item {
	event ev;		/* EV_DELIVER or EV_THINK; first: pool link */
	struct item *next;	/* FIFO link in a buffer or a source's queue */
	struct item *parent;	/* fork child: the item it was split from */
	simtime t_enter;	/* entered the line (latency clock) */
	simtime t_queued;	/* entered its current buffer (wait clock) */
	double units;		/* what it counts for in throughput (its source's) */
	int32_t src;		/* source index */
	int32_t dest;		/* EV_DELIVER: station it travels to */
	int32_t join;		/* parent: station where its parts meet */
	int32_t to_route;	/* parent: parts not yet sent to the join */
	int32_t to_arrive;	/* parent: parts not yet arrived there */
	uint8_t lost;		/* parent: a part was dropped */
	uint8_t reserved;	/* parent: its last part holds a place at join */
	uint8_t closed;		/* a closed client's request: thinks again */
	uint8_t roped;		/* root: counted by the rope until the drum
				 * finishes it (or it leaves the line) */
	/* a transport over links */
	ps_job job;		/* its transfer on the current link */
	int32_t from;		/* station whose transport it is on */
	int16_t hop;		/* index into that station's via list */
	int8_t dir;		/* direction on the current link */
	int32_t at;		/* device (top level) where it is: -1 none */
	uint64_t id;		/* 1, 2, ... in the order items enter the line
				 * (fork parts: as they are made); observers */
} item;

enum srv_state {
	SRV_IDLE, SRV_BUSY, SRV_BLOCKED, SRV_WAITING,
	SRV_SYNC,		/* in a barrier's collective: its item went in */
};

struct station;
struct source;
struct device;

/* A server, or a source's holder: anything that can hold an item while it
 * waits for a place downstream. */
typedef struct server {
	event ev;		/* EV_DONE (servers) or EV_ARRIVAL (sources) */
	item *it;		/* in service, or held while blocked; a batch is
				 * a chain through item.next */
	struct station *st;	/* owner; NULL for a source's holder */
	struct source *src;	/* owner when st == NULL */
	struct server *wnext;	/* link in a station's blocked list, or in
				 * its device's queue while waiting */
	int32_t dest;		/* while blocked: where the item goes */
	uint8_t state;
	struct device *dev;	/* where its work runs; NULL: a private server */
	ps_job job;		/* its kernel on a processor-sharing device */
	double work;		/* the kernel's work, s on a whole device */
	simtime t0;		/* the work under way started (observers) */
} server;

/* A device: exclusive GPUs and MIG partitions run one kernel at a time
 * (FIFO across stations); CPUs, MPS and time-sliced GPUs share by weighted
 * processor sharing. */
typedef struct device {
	const scen_device *sc;
	int idx;
	int top;		/* the device links see: a partition's GPU */
	int fifo;
	double speed;		/* FIFO: work per second */
	server *running;	/* FIFO: the kernel on it */
	server *whead, *wtail;	/* FIFO: kernels waiting */
	ps ps;			/* shared devices */
	event ev;		/* shared devices: the next completion */
	tw busy;		/* busy cores (CPU), else 0/1 */
	int64_t nsrv;		/* servers placed on it */
	int station;		/* a station that runs on it; -1 none */
	int shared;		/* two stations or more run on it: only then is
				 * it a bottleneck of its own (otherwise it is
				 * that station's machine) */
} device;

/* A link, one processor-sharing channel per direction ("lnk": link() is
 * POSIX's). */
typedef struct lnk {
	const scen_link *sc;
	int idx;
	ps ch[2];
	event ev[2];
	tw busy[2];
	double bytes;		/* delivered in the window */
	double all_bytes;	/* delivered since time 0 (snapshots) */
} lnk;

typedef struct station {
	const scen_station *sc;
	int idx;
	int64_t nsrv;
	int64_t cap;		/* -1: unbounded */
	server *srv;
	int64_t *idle;		/* stack of idle server indices */
	int64_t nidle;
	item *qhead, *qtail;	/* the buffer, FIFO */
	int64_t nq, nincoming, nheld;
	server *bhead, *btail;	/* upstream holders waiting for a place */
	server *round;		/* barrier: the holders in the collective */
	struct source *pull;	/* a saturating source feeding this station */
	rng r_service, r_route, r_transport, r_count;
	int64_t per_server;	/* items a server takes at once: max_batch, or 1 */
	uint8_t active;		/* last told to the active-period tracker */
	uint8_t dirty;		/* its working servers changed in this event */
	event batch_ev;		/* batching: the oldest item's delay runs out */
	event tick;		/* periodic stations */
	simtime t_now_in;	/* periodic: time of the arrivals counted in */
	int64_t n_now_in;	/* ... items that arrived at that instant */

	/* monitors: reset at the end of warm-up */
	tw busy, blocked, queue;
	tw waiting;
	double wait_sum;
	int64_t started, waited;
	hist *wait_h;
	int64_t passed, dropped;
	double units;		/* units passed on */
	int64_t batches;
	hist *batch_h;		/* batching: sizes of the batches */
	int64_t drawn, moved, cut_block;	/* periodic capacity */

	/* snapshots: what the resets above dropped, and a periodic station's
	 * turns as shares of its time (never reset) */
	int64_t passed_before;
	double units_before;
	double turn_work, turn_block;	/* the last turn's shares of its draw */
	simtime turn_t;		/* when it began; -1 before the first */
	double work_area, block_area;	/* share-ns up to turn_t */
} station;

typedef struct source {
	const scen_source *sc;
	int idx;
	server hold;		/* the arrival event and a blocked entry */
	item *pend_head, *pend_tail;	/* closed clients waiting to enter */
	int64_t made;		/* items created (for limit) */
	uint8_t gated;		/* open: an arrival waits for the rope */
	item *gate_head, *gate_tail;	/* closed: clients waiting for it */
	rng r_arrival;
} source;

struct line {
	const scen *s;
	eq *q;
	pool items;
	station *st;
	int nst;
	source *src;
	int nsrc;
	device *dev;
	int ndev;
	lnk *lk;
	int nlk;
	event ev_end, ev_warm;
	int ended, early, oom;
	uint64_t rep;

	/* the measured window */
	simtime t_warm;		/* start of the window */
	simtime t_end;
	int in_window;		/* warm-up is over */
	int64_t warm_items;	/* departures that end the warm-up; -1 none */
	int64_t target;		/* departures in the window that end it; 0 */
	uint64_t ev_warm_at;	/* events popped when the window opened */
	uint64_t ev_cap;	/* runaway guard for item-count runs */
	simtime t_last;		/* guard against time standing still: */
	int64_t same;		/* events in a row at t_last */

	/* monitors of the whole line */
	tw wip;
	double lat_sum;
	hist *lat_h;
	int64_t offered, departed, dropped;
	double units;
	int64_t all_in, all_out, all_drop;	/* from time 0: conservation */
	double units_before;	/* units that left before the window */
	uint64_t next_id;	/* the last item number given */
	const line_obs *obs;	/* NULL, or &obs_set: one branch per site */
	line_obs obs_set;
	volatile sig_atomic_t *stop;	/* line_stop_flag; NULL none */
	int stopped;
	struct mser *mser;
	station *drum;		/* the station holding the rope; NULL none */
	int64_t rope_wip;	/* roped items: released, not yet past the drum */
	event ev_rope;
	struct ap *ap;		/* the bottleneck by the active-period method */
	int *dirty;		/* stations whose activity may have changed */
	int ndirty;
};

/* stn.c */
int stn_room(const station *st);
void stn_enter(line *ln, station *st, item *it);
void stn_done(line *ln, server *sv);
void stn_tick(line *ln, station *st);
void stn_batch_due(line *ln, station *st);
void stn_activity(line *ln, station *st);
void stn_settle_activity(line *ln);
void stn_deliver(line *ln, item *it);
void stn_start_all(line *ln, station *st);
int stn_send(line *ln, server *sv, int32_t dest);
int stn_offer(line *ln, server *h, int32_t dest);
int32_t stn_route(station *st);
void stn_reset_stats(station *st, simtime now);

/* dev.c */
void dev_submit(line *ln, server *sv, double work);
void dev_done(line *ln, server *sv);
void dev_ps_done(line *ln, device *dv);
void lnk_send(line *ln, item *it);
void lnk_hop(line *ln, item *it);
void lnk_done(line *ln, lnk *lk, int dir);
int dev_build(line *ln);
void dev_reset(line *ln);
void dev_reset_stats(line *ln, simtime now);
void dev_figures(const line *ln, double T, simtime end, line_figs *f);
void dev_free(line *ln);

/* src.c */
void src_start(line *ln, source *so);
void src_arrival(line *ln, source *so);
void src_think_over(line *ln, item *it);
void src_unblocked(line *ln, source *so);
item *src_pull(line *ln, source *so);
int64_t src_can_pull(const line *ln, const source *so);
void src_rope_slack(line *ln);
void src_back(line *ln, item *it);

/* line.c: shared bookkeeping */
item *line_item_new(line *ln, int32_t src);
void line_item_free(line *ln, item *it);
void line_enter(line *ln, item *it);
void line_leave(line *ln, item *it);
void line_drop(line *ln, item *it);
void line_oom(line *ln);
void line_rope_pass(line *ln, item *it);

/* Is the rope taut: may no source release an item now? */
static inline int line_rope_taut(const line *ln)
{
	return ln->drum && ln->rope_wip >= ln->drum->sc->rope;
}

/* watch.c: tell the observer (call only when ln->obs is set, so that a
 * line with none pays one branch per site) */
void line_obs_move(line *ln, const item *it, int from, int to);
void line_obs_service(line *ln, const server *sv);
void line_obs_queue(line *ln, const station *st);
void line_obs_link(line *ln, const lnk *lk, int dir);

#define LINE_DEST_OUT (-1)	/* leaves the line */
#define LINE_DEST_FORK (-2)	/* splits into parts */

#endif
