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
#include "stats/mser.h"
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
	EV_MID,			/* the middle of a timed window: trend snapshots */
};

typedef struct item {
	/* what a pass through a station reads and writes, first: one
	 * 64-byte line (the pool places items on lines) */
	struct item *next;	/* FIFO link in a buffer or a source's queue;
				 * first: the pool's link while it is free */
	struct item *parent;	/* fork child: the item it was split from */
	simtime t_enter;	/* entered the line (latency clock) */
	simtime t_queued;	/* entered its current buffer (wait clock) */
	double units;		/* what it counts for in throughput (its source's) */
	uint64_t id;		/* 1, 2, ... in the order items enter the line
				 * (fork parts: as they are made); observers */
	int32_t src;		/* source index */
	int32_t at;		/* device (top level) where it is: -1 none */
	uint8_t lost;		/* parent: a part was dropped */
	uint8_t reserved;	/* parent: its last part holds a place at join */
	uint8_t closed;		/* a closed client's request: thinks again */
	uint8_t roped;		/* root: counted by the rope until the drum
				 * finishes it (or it leaves the line) */
	int32_t dest;		/* EV_DELIVER: station it travels to */

	event ev;		/* EV_DELIVER or EV_THINK */
	int32_t join;		/* parent: station where its parts meet */
	int32_t to_route;	/* parent: parts not yet sent to the join */
	int32_t to_arrive;	/* parent: parts not yet arrived there */
	/* a transport over links */
	ps_job job;		/* its transfer on the current link */
	int32_t from;		/* station whose transport it is on */
	int16_t hop;		/* index into that station's via list */
	int8_t dir;		/* direction on the current link */
} item;

enum srv_state {
	SRV_IDLE, SRV_BUSY, SRV_BLOCKED, SRV_WAITING,
	SRV_SYNC,		/* in a barrier's collective: its item went in */
};

struct station;
struct source;
struct device;
typedef struct wire wire;	/* a barrier's collective on the links (wire.c) */

/* A server, or a source's holder: anything that can hold an item while it
 * waits for a place downstream. */
typedef struct server {
	/* what a service's start and end touch, first: 64 bytes */
	event ev;		/* EV_DONE (servers) or EV_ARRIVAL (sources) */
	item *it;		/* in service, or held while blocked; a batch is
				 * a chain through item.next */
	struct station *st;	/* owner; NULL for a source's holder */
	struct device *dev;	/* where its work runs; NULL: a private server */
	simtime t0;		/* the work under way started (observers) */

	struct source *src;	/* owner when st == NULL */
	struct server *wnext;	/* link in a station's blocked list, or in
				 * its device's queue while waiting */
	int32_t dest;		/* while blocked: where the item goes */
	uint8_t state;
	ps_job job;		/* its kernel on a processor-sharing device */
	double work;		/* the kernel's work, s on a whole device */
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
 * POSIX's). Its jobs are items' transfers (owned by their item) and
 * collectives' (wire.c: a job that owns itself). */
typedef struct lnk {
	const scen_link *sc;
	int idx;
	ps ch[2];
	event ev[2];
	tw busy[2];
	double bytes;		/* delivered in the window */
	double all_bytes;	/* delivered since time 0 (snapshots) */
} lnk;

#define STN_WBUF 8

typedef struct station {
	/* Hot: what an item's pass through the station reads and writes,
	 * first and together, in five lines (a line of 10^4 stations does
	 * not fit in the caches: each event should touch few lines of a
	 * station; enter() at a station reads its first three). The
	 * scenario's fields the hot path needs are copied here from sc. */
	int64_t nq, nincoming, nheld;
	int64_t nidle;
	int64_t cap;		/* -1: unbounded */
	int64_t per_server;	/* items a server takes at once: max_batch, or 1 */
	int32_t max_queue;	/* sc->batching.max_queue: -1 none */
	int32_t to;		/* plain: the next station, or LINE_DEST_OUT */
	int32_t nw;		/* waits in wbuf */
	uint8_t kind;		/* sc->kind */
	uint8_t batching;	/* sc->batching.on */
	uint8_t plain;		/* its servers finish by done_plain (stn.c) */
	uint8_t dirty;		/* its working servers changed in this event */

	item *qhead, *qtail;	/* the buffer, FIFO */
	server *bhead;		/* upstream holders waiting for a place */
	server *srv;
	int64_t *idle;		/* stack of idle server indices */
	hist *wait_h;
	int64_t passed;
	double units;		/* units passed on */

	tw queue;
	double wait_sum;
	int64_t started;

	tw busy;
	int64_t waited;
	int64_t batches;

	rng r_service;
	const scen_station *sc;
	int32_t idx;
	uint8_t active;		/* last told to the active-period tracker */
	dist service;		/* sc->service; its kind and mean end the
				 * fifth line */
	_Alignas(64) int64_t wbuf[STN_WBUF];	/* the last waits, not yet in
				 * wait_h: a line of its own (note_wait) */

	/* the rest */
	int64_t nsrv;
	server *btail;
	server *round;		/* barrier: the holders in the collective */
	wire *wire;		/* barrier: its collective on the links; NULL:
				 * it takes its service time (owned) */
	struct source *pull;	/* a saturating source feeding this station */
	rng r_route, r_transport, r_count;
	event batch_ev;		/* batching: the oldest item's delay runs out */
	event tick;		/* periodic stations */
	simtime t_now_in;	/* periodic: time of the arrivals counted in */
	int64_t n_now_in;	/* ... items that arrived at that instant */

	/* monitors: reset at the end of warm-up (with busy, queue, wait_sum,
	 * started, waited, wait_h, passed, units and batches above) */
	tw blocked;
	tw waiting;
	int64_t dropped;
	hist *batch_h;		/* batching: sizes of the batches */
	int64_t drawn, moved, cut_block;	/* periodic capacity */

	/* snapshots: what the resets above dropped, and a periodic station's
	 * turns as shares of its time (never reset) */
	int64_t passed_before;
	double units_before;
	double turn_work, turn_block;	/* the last turn's shares of its draw */
	simtime turn_t;		/* when it began; -1 before the first */
	double work_area, block_area;	/* share-ns up to turn_t */

	/* the queue's trend over the window: does work pile up here? */
	int64_t nq_open;	/* items in the buffer when the window opened */
	double q_mid;		/* the buffer's area at its middle; -1 none */
} station;

typedef struct source {
	/* what an arrival reads, copied from sc */
	const scen_source *sc;
	int idx;
	int32_t to;		/* sc->to */
	int64_t limit;		/* sc->limit: -1 none */
	double units;		/* sc->items_per_unit */
	uint8_t closed;		/* sc->kind == SCEN_SRC_CLOSED */
	dist arrival;		/* sc->arrival */
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
	station *st;		/* nst, in st_mem */
	int nst;
	void *st_mem;		/* owned */
	server *srv_all;	/* owned: every station's servers, in order */
	int64_t *idle_all;	/* owned: their idle stacks */
	source *src;
	int nsrc;
	device *dev;
	int ndev;
	lnk *lk;
	int nlk;
	event ev_end, ev_warm;
	int ended, early, oom;
	int prefetch;		/* a line too big for the caches: fetch ahead */
	uint64_t rep;

	/* the measured window */
	simtime t_warm;		/* start of the window */
	simtime t_end;
	int in_window;		/* warm-up is over */
	int64_t warm_items;	/* departures that end the warm-up; -1 none */
	int64_t target;		/* departures in the window that end it; 0 */
	uint64_t ev_warm_at;	/* events popped when the window opened */
	uint64_t ev_cap;	/* runaway guard for item-count runs */
	uint64_t check_at;	/* events taken when step looks at the two
				 * guards above and time standing still */

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

	int64_t max_items;	/* line_max_items; 0: none */
	int capped;		/* this replication reached it */

	/* the trend of the whole line's WIP (station.nq_open, q_mid) */
	event ev_mid;
	int64_t wip_open;
	double wip_mid;		/* -1: no middle (an item-count window) */

	/* deadlock (jam.c): stations that hold one another for ever */
	simtime t_jam;		/* when it closed; -1 none */
	int32_t *jam;		/* its cycle, njam stations in order */
	int njam;
	int32_t *jam_seen;	/* per station: jam_mark when reached, */
	int32_t *jam_bad;	/* ... and when found able to move */
	int32_t *jam_list;	/* the stations reached */
	int32_t jam_mark;
};

/* jam.c */
void jam_check(line *ln, station *st);

/* line.c: the replication ends where it stands (a deadlock) */
void line_end_early(line *ln);

/* stn.c */
int stn_plain(const line *ln, const station *st);
void stn_done(line *ln, server *sv);
void stn_tick(line *ln, station *st);
void stn_batch_due(line *ln, station *st);
void stn_settle_activity(line *ln);
void stn_deliver(line *ln, item *it);
void stn_start_all(line *ln, station *st);
int stn_send(line *ln, server *sv, int32_t dest);
int stn_offer_slow_(line *ln, server *h, int32_t dest);
int32_t stn_route(station *st);
void stn_reset_stats(station *st, simtime now);

/* dev.c */
void dev_submit(line *ln, server *sv, double work);
void dev_done(line *ln, server *sv);
void dev_ps_done(line *ln, device *dv);
void dev_link_send(line *ln, item *it);
void dev_link_hop(line *ln, item *it);
void dev_link_done(line *ln, lnk *lk, int dir);
void dev_link_add(line *ln, lnk *lk, int dir, ps_job *j, double bytes);
int dev_build(line *ln);
void dev_reset(line *ln);
void dev_reset_stats(line *ln, simtime now);
void dev_figures(const line *ln, double T, simtime end, line_figs *f);
void dev_free(line *ln);

/* wire.c */
int wire_build(line *ln);
void wire_free(line *ln);
void wire_reset(line *ln);
void wire_start(line *ln, station *b, server *sv, simtime now);
double wire_job_bytes(const ps_job *j);
void wire_job_done(line *ln, ps_job *j);

/* Is j a collective's (wire.c), not an item's? */
static inline int wire_owns(const ps_job *j)
{
	return j->owner == j;
}

/* src.c */
void src_start(line *ln, source *so);
void src_arrival(line *ln, source *so);
void src_think_over(line *ln, item *it);
void src_unblocked(line *ln, source *so);
item *src_pull(line *ln, source *so);
int64_t src_can_pull(const line *ln, const source *so);
void src_rope_slack(line *ln);
void src_back(line *ln, item *it);

/* line.c: shared bookkeeping (the hot part inline below) */
HB_COLD item *line_item_grow_(line *ln);
void line_edges_(line *ln);
void line_drop(line *ln, item *it);
void line_oom(line *ln);
void line_rope_pass(line *ln, item *it);

/* Is the rope taut: may no source release an item now? */
static inline int line_rope_taut(const line *ln)
{
	return ln->drum && ln->rope_wip >= ln->drum->sc->rope;
}

/* observe.c: tell the observer (call only when ln->obs is set, so that a
 * line with none pays one branch per site) */
void line_obs_move(line *ln, const item *it, int from, int to);
void line_obs_service(line *ln, const server *sv);
void line_obs_queue(line *ln, const station *st);
void line_obs_link(line *ln, const lnk *lk, int dir);

#define LINE_DEST_OUT SCEN_OUT	/* leaves the line: a route's own value */
#define LINE_DEST_FORK (-2)	/* splits into parts */

/*
 * The line's bookkeeping of items, inline: an item is made, enters,
 * leaves and is freed once in a run of a line, from stn.c, src.c and
 * line.c, and as calls across files they cost as much as their work
 * (measured here on M/M/1: 2.4% of the instructions).
 */

/* A new item of source src, at now; NULL when out of memory (the run
 * stops: line_oom). */
HB_INLINE item *line_item_new_at(line *ln, int32_t src, simtime now)
{
	item *it = ln->items.free ? pool_get(&ln->items) : line_item_grow_(ln);

	if (!it)
		return NULL;
	event_init(&it->ev, EV_DELIVER, 0, it);
	it->next = NULL;
	it->parent = NULL;
	it->t_enter = it->t_queued = now;
	it->src = src;
	it->units = ln->src[src].units;
	it->closed = ln->src[src].closed;
	it->dest = -1;
	it->at = -1;
	it->job.pos = -1;
	it->join = -1;
	it->to_route = it->to_arrive = 0;
	it->lost = it->reserved = 0;
	it->roped = 0;
	return it;
}

HB_INLINE item *line_item_new(line *ln, int32_t src)
{
	return line_item_new_at(ln, src, eq_now(ln->q));
}

HB_INLINE void line_item_free(line *ln, item *it)
{
	pool_put(&ln->items, it);
}

/* A root item enters the line, at now. */
HB_INLINE void line_enter_at(line *ln, item *it, simtime now)
{
	it->t_enter = now;
	it->id = ++ln->next_id;
	ln->all_in++;
	ln->offered++;
	if (ln->drum) {
		it->roped = 1;
		ln->rope_wip++;
	}
	tw_add(&ln->wip, it->t_enter, 1);
}

HB_INLINE void line_enter(line *ln, item *it)
{
	line_enter_at(ln, it, eq_now(ln->q));
}

/* A root item is out of the line: it left, or was dropped. */
HB_INLINE void line_gone_(line *ln, item *it, simtime now)
{
	if (ln->drum)
		line_rope_pass(ln, it);
	tw_add(&ln->wip, now, -1);
	if (it->closed)
		src_back(ln, it);
	else
		line_item_free(ln, it);
}

/* A root item leaves the line at its end, at now. */
HB_INLINE void line_leave_at(line *ln, item *it, simtime now)
{
	simtime lat = now - it->t_enter;

	ln->all_out++;
	ln->departed++;
	ln->units += it->units;
	ln->lat_sum += (double)lat;
	hist_add(ln->lat_h, lat);
	if (ln->mser)
		mser_add(ln->mser, st_to_s(lat));
	line_gone_(ln, it, now);
	if (!ln->in_window ? ln->warm_items >= 0 && ln->all_out >= ln->warm_items :
	    ln->target > 0 && ln->departed >= ln->target)
		line_edges_(ln);
}

HB_INLINE void line_leave(line *ln, item *it)
{
	line_leave_at(ln, it, eq_now(ln->q));
}


/*
 * A station's hot steps, inline (stn.c's, used by src.c too): an item's
 * pass through a station is a few of them, and calls across files cost
 * as much as their work.
 */
void stn_flush_waits(station *st);
void stn_enter_other_(line *ln, station *st, item *it, simtime now);

/* A place for one more item: the buffer's places, plus what the idle
 * servers would take at once. */
HB_INLINE int stn_room(const station *st)
{
	if (st->kind == SCEN_STN_BARRIER)
		return 0;	/* replicas wait at a barrier, holding their items */
	return st->cap < 0 ||
	       st->nq + st->nincoming < st->cap + st->nidle * st->per_server;
}

/* May an item move from a source or a plain station straight into d? The
 * tests of send_item that can fail for an item that is no fork's part. */
HB_INLINE int plain_move(const station *d)
{
	return (d->max_queue < 0 || d->nq + d->nincoming < d->max_queue) &&
	       stn_room(d);
}

HB_INLINE void enqueue(line *ln, station *st, item *it, simtime now)
{
	it->next = NULL;
	if (st->qtail)
		st->qtail->next = it;
	else
		st->qhead = it;
	st->qtail = it;
	st->nq++;
	tw_set(&st->queue, now, st->nq);
	if (ln->obs)
		line_obs_queue(ln, st);
}

HB_INLINE item *dequeue(line *ln, station *st, simtime now)
{
	item *it = st->qhead;

	st->qhead = it->next;
	if (!st->qhead)
		st->qtail = NULL;
	st->nq--;
	tw_set(&st->queue, now, st->nq);
	if (ln->obs)
		line_obs_queue(ln, st);
	return it;
}

/* An item is taken from the buffer (or straight from arrival) into
 * service or, for a periodic station, moved on: its wait ends.
 *
 * The wait goes to the histogram STN_WBUF at a time. In a line of 10^4
 * stations the histograms do not fit in the caches, each touched a few
 * KiB apart from the rest, and a wait counted at once cost a miss on the
 * histogram's header and one on its counter, one after the other, event
 * after event (measured here on a tandem of 10^4 stations started full:
 * without the waits' histograms at all, the run took 40% less time).
 * wbuf is a line of the station, fetched with it (line.c,
 * prefetch_ahead); counted eight at a time, the waits share the header's
 * miss and their counters' misses overlap: the same run takes 20% less
 * time than with each wait counted at once. Every reader of the
 * histogram flushes first (line_figures), and a reset empties wbuf with
 * it; the histogram's counts come out the same. */
HB_INLINE void note_wait(station *st, const item *it, simtime now)
{
	simtime w = now - it->t_queued;

	st->wait_sum += (double)w;
	st->started++;
	st->waited += w > 0;
	st->wbuf[st->nw++] = w;
	if (st->nw == STN_WBUF)
		stn_flush_waits(st);
}

/* A station is active, for the active-period method, while every server
 * works (for one server: while it works, as the method defines it for a
 * machine): a station with a server starved, blocked or waiting for a
 * device has slack. Called where the count of working servers changes; the
 * tracker hears of it once, at the end of the event (stn_settle_activity),
 * so that a server that finishes and starts again at one instant costs
 * nothing: that is every item on a busy station. */
HB_INLINE void activity(line *ln, station *st)
{
	if (!st->dirty && st->kind != SCEN_STN_PERIODIC) {
		st->dirty = 1;
		ln->dirty[ln->ndirty++] = st->idx;
	}
}

/* sv starts work of s seconds on what it holds. busy: the busy count
 * rises and the station's activity is marked; 0 only for a plain
 * station's server that takes its next item at the instant it finished
 * one (done_plain, stn.c): its count never fell, it is still SRV_BUSY,
 * and it has no device. A constant at every call: the test folds away. */
HB_INLINE void run_kernel(line *ln, station *st, server *sv, double s,
			  simtime now, int busy)
{
	st->batches++;
	st->nheld++;
	sv->t0 = now;	/* a store costs less than testing for an observer */
	if (busy) {
		if (sv->dev) {
			dev_submit(ln, sv, s);
			return;
		}
		sv->state = SRV_BUSY;
		tw_add(&st->busy, now, 1);
		activity(ln, st);
	}
	eq_push(ln->q, &sv->ev, st_after(now, st_from_s(s)));
}

/* sv takes it into service (busy: as run_kernel's). */
HB_INLINE void start(line *ln, station *st, server *sv, item *it,
		     simtime now, int busy)
{
	note_wait(st, it, now);
	it->next = NULL;
	sv->it = it;
	run_kernel(ln, st, sv, dist_draw(&st->service, &st->r_service), now,
		   busy);
}

/* it has a place at st (nincoming counts it) and now arrives. */
HB_INLINE void enter(line *ln, station *st, item *it)
{
	simtime now = eq_now(ln->q);

	st->nincoming--;
	it->t_queued = now;
	if (HB_UNLIKELY(st->kind == SCEN_STN_PERIODIC || st->batching)) {
		stn_enter_other_(ln, st, it, now);
		return;
	}
	if (st->nidle > 0) {
		/* an idle server means an empty buffer: FIFO is kept */
		start(ln, st, &st->srv[st->idle[--st->nidle]], it, now, 1);
		return;
	}
	enqueue(ln, st, it, now);
}




/* Send the item that holder h holds, or block h on the station that is
 * full. Returns 1 when it went, 0 when h is now blocked. Inline, a
 * source's item into a plain station (stn.c's fast path): send_item's
 * move, its tests passed. */
HB_INLINE int stn_offer(line *ln, server *h, int32_t dest)
{
	if (!h->st && dest >= 0 && !ln->obs && !h->it->parent &&
	    plain_move(&ln->st[dest])) {
		station *d = &ln->st[dest];

		d->nincoming++;
		enter(ln, d, h->it);
		return 1;
	}
	return stn_offer_slow_(ln, h, dest);
}

#endif
