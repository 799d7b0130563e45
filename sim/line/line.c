/*
 * line.c: the line as a whole. Builds stations and sources from a checked
 * scenario, runs one replication (the event loop is one switch over a
 * closed set of kinds, as Lua's luaV_execute), keeps the monitors of the
 * whole line (WIP, latency, offered and dropped items), opens and closes
 * the measured window, and reads the figures out.
 *
 * The measured window is half-open, [end of warm-up, end of run): the end
 * and warm-up events are queued before any other event of their instant,
 * so an item that departs exactly at the end is not counted.
 */
#include "line/line_impl.h"

#include <math.h>
#include <string.h>

#include "stats/ap.h"
#include "stats/mser.h"

/* Lines of this many stations or more fetch ahead (prefetch_ahead). */
#define LINE_PREFETCH_STATIONS 256

/* Events that can be pending besides those embedded in items. */
static size_t fixed_events(const line *ln)
{
	size_t n = 4 + (size_t)ln->nsrc + (size_t)ln->s->ndevices +
		   2 * (size_t)ln->s->nlinks;

	for (int i = 0; i < ln->nst; i++)
		n += (size_t)ln->st[i].nsrv + 2;	/* servers, tick, batch */
	return n;
}

static int64_t servers_of(const scen_station *sc);

_Static_assert(sizeof(item) + 2 * sizeof(void *) <= LINE_ITEM_BYTES,
	       "LINE_ITEM_BYTES: an item and its event slot");

/* The pool is empty: it grows, and the queue with it (line_item_new_at's
 * rare path). */
HB_COLD item *line_item_grow_(line *ln)
{
	item *it = pool_get(&ln->items);

	if (!it || eq_reserve(ln->q, fixed_events(ln) + ln->items.total) < 0) {
		if (it)
			pool_put(&ln->items, it);
		line_oom(ln);
		return NULL;
	}
	/* past the budget the replication ends after this event: this item
	 * is made, so that the event finishes as it would */
	if (ln->max_items > 0 && (int64_t)ln->items.total > ln->max_items &&
	    !ln->capped) {
		ln->capped = 1;
		line_end_early(ln);
	}
	return it;
}

void line_max_items(line *ln, int64_t n)
{
	ln->max_items = n;
}

int line_capped(const line *ln)
{
	return ln->capped;
}

double line_bytes(const scen *s)
{
	double b = (double)sizeof(line) + (double)s->nstations * (sizeof(station) + 1024) +
		   (double)s->ndevices * sizeof(device) + (double)s->nlinks * sizeof(lnk);

	for (int i = 0; i < s->nstations; i++)
		b += (double)(servers_of(&s->stations[i]) + 1) *
		     (sizeof(server) + sizeof(int64_t) + 16);
	return b;
}

void line_oom(line *ln)
{
	ln->oom = 1;
	ln->ended = 1;
}

static void open_window(line *ln);
static void close_window(line *ln);
static void set_check_at(line *ln);

/* The waits still in the stations' wbuf, into their histograms
 * (note_wait, line_impl.h): whenever the run returns (line_run,
 * line_run_until: ended, stopped or at its horizon) and where it is cut
 * (line_cut), so that line_figures only reads. Not in close_window: the
 * event that closes the window goes on, and may start services whose
 * waits count. */
static HB_COLD void flush_waits(line *ln)
{
	for (int i = 0; i < ln->nst; i++)
		stn_flush_waits(&ln->st[i]);
}

/* Item it (a root, or a part of one) is done with: the drum finished it,
 * or it left the line. The rope slackens by one; the sources that wait
 * on it release at this instant, after the event under way. */
void line_rope_pass(line *ln, item *it)
{
	item *root = it->parent ? it->parent : it;

	if (!root->roped)
		return;
	root->roped = 0;
	ln->rope_wip--;
	if (!event_queued(&ln->ev_rope))
		eq_push(ln->q, &ln->ev_rope, eq_now(ln->q));
}

/* line_leave, the departures counted: the warm-up ends, or the window. */
void line_edges_(line *ln)
{
	if (!ln->in_window) {
		if (ln->warm_items >= 0 && ln->all_out >= ln->warm_items)
			open_window(ln);
	} else if (ln->target > 0 && ln->departed >= ln->target) {
		close_window(ln);
	}
}

/* A run counted in departures (its warm-up or its window) where a
 * million items were dropped and none left: every item is dropped, and
 * the count it waits for will never come. */
#define LINE_DROPS_NONE_OUT 1000000

void line_drop(line *ln, item *it)
{
	ln->all_drop++;
	ln->dropped++;
	line_gone_(ln, it, eq_now(ln->q));
	if (HB_UNLIKELY(ln->all_out == 0 && ln->all_drop >= LINE_DROPS_NONE_OUT) &&
	    (ln->target > 0 || ln->warm_items > 0) && !ln->ended)
		line_end_early(ln);
}

static void free_parts(line *ln)
{
	for (int i = 0; ln->st && i < ln->nst; i++) {
		hist_free(ln->st[i].wait_h);
		hist_free(ln->st[i].batch_h);
	}
	dev_free(ln);
	hb_free(ln->st_mem);
	hb_free(ln->srv_all);
	hb_free(ln->idle_all);
	hb_free(ln->src);
	hist_free(ln->lat_h);
	ap_free(ln->ap);
	hb_free(ln->dirty);
	hb_free(ln->jam);
	hb_free(ln->jam_seen);
	hb_free(ln->jam_bad);
	hb_free(ln->jam_list);
	eq_free(ln->q);
	pool_release(&ln->items);
}

void line_free(line *ln)
{
	if (!ln)
		return;
	free_parts(ln);
	hb_free(ln);
}

/* What this engine cannot run yet, said plainly (later parts of herbie
 * give these fields their meaning). */
static int unsupported(const scen *s, diag *d)
{
	for (int i = 0; i < s->nstations; i++) {
		const scen_station *sc = &s->stations[i];

		if (sc->kind == SCEN_STN_PERIODIC && sc->next == NEXT_FORK)
			return diag_msg(d, "", "stations[%d].next: a periodic station cannot fork", i);
		if (sc->kind == SCEN_STN_PROCESS && !sc->has_service && !sc->batching.on)
			return diag_msg(d, "", "stations[%d]: a process station needs a service time", i);
	}
	return 0;
}

/* Servers of a station: a periodic one has none, a barrier one. */
static int64_t servers_of(const scen_station *sc)
{
	return sc->kind == SCEN_STN_PERIODIC ? 0 : sc->kind == SCEN_STN_BARRIER ? 1 : sc->servers;
}

/* Station i, its servers and idle stack at srv and idle (nsrv + 1 each,
 * zeroed; owned by the line). */
static int build_station(line *ln, station *st, int i, server *srv,
			 int64_t *idle)
{
	const scen_station *sc = &ln->s->stations[i];

	memset(st, 0, sizeof *st);
	st->sc = sc;
	st->idx = i;
	st->kind = (uint8_t)sc->kind;
	st->batching = (uint8_t)sc->batching.on;
	st->max_queue = sc->batching.max_queue;
	st->service = sc->service;
	st->nsrv = servers_of(sc);
	st->cap = sc->kind == SCEN_STN_BARRIER ? 0 : sc->capacity;
	st->srv = srv;
	st->idle = idle;
	st->wait_h = hist_new();
	st->per_server = sc->batching.on ? sc->batching.max_batch :
			 sc->kind == SCEN_STN_BARRIER ? sc->group : 1;
	if (sc->batching.on && !(st->batch_h = hist_new()))
		return -1;
	if (!st->wait_h)
		return -1;
	for (int64_t k = 0; k < st->nsrv; k++) {
		event_init(&st->srv[k].ev, EV_DONE, 0, &st->srv[k]);
		st->srv[k].st = st;
	}
	event_init(&st->tick, EV_TICK, 0, st);
	event_init(&st->batch_ev, EV_BATCH, 0, st);
	return 0;
}

int line_new(const scen *s, line **out, diag *d)
{
	line *ln;
	size_t nsrv_all = 0;

	*out = NULL;
	if (unsupported(s, d) < 0)
		return HB_BAD_INPUT;
	ln = hb_calloc(1, sizeof *ln);
	if (!ln)
		goto oom;
	ln->s = s;
	ln->nst = s->nstations;
	ln->nsrc = s->nsources;
	/* items on 64-byte lines (192 bytes each): an item's hot fields,
	 * first, in one line (line_impl.h) */
	pool_init_aligned(&ln->items, sizeof(item), 1024, 64);
	/* One array each for the stations (on 64-byte lines: the hot part of
	 * a station is its first lines), all their servers, and their idle
	 * stacks: a line of many stations is read at random, station by
	 * station, and a station's server in a heap block of its own sat a
	 * page away from the next (line_impl.h). */
	ln->st_mem = hb_calloc((size_t)ln->nst * sizeof *ln->st + 64, 1);
	for (int i = 0; i < ln->nst; i++)
		nsrv_all += (size_t)servers_of(&s->stations[i]) + 1;
	ln->srv_all = hb_calloc(nsrv_all, sizeof *ln->srv_all);
	ln->idle_all = hb_calloc(nsrv_all, sizeof *ln->idle_all);
	ln->src = hb_calloc((size_t)ln->nsrc, sizeof *ln->src);
	ln->lat_h = hist_new();
	ln->ap = ap_new(ln->nst + s->ndevices + s->nlinks);
	ln->dirty = hb_calloc((size_t)ln->nst + 1, sizeof *ln->dirty);
	ln->jam = hb_calloc((size_t)ln->nst + 1, sizeof *ln->jam);
	ln->jam_seen = hb_calloc((size_t)ln->nst + 1, sizeof *ln->jam_seen);
	ln->jam_bad = hb_calloc((size_t)ln->nst + 1, sizeof *ln->jam_bad);
	ln->jam_list = hb_calloc((size_t)ln->nst + 1, sizeof *ln->jam_list);
	if (!ln->st_mem || !ln->srv_all || !ln->idle_all || !ln->src ||
	    !ln->lat_h || !ln->ap || !ln->dirty || !ln->jam || !ln->jam_seen ||
	    !ln->jam_bad || !ln->jam_list)
		goto oom;
	ln->st = (station *)(((uintptr_t)ln->st_mem + 63) & ~(uintptr_t)63);
	for (size_t i = 0, k = 0; i < (size_t)ln->nst; i++) {
		if (build_station(ln, &ln->st[i], (int)i, &ln->srv_all[k],
				  &ln->idle_all[k]) < 0)
			goto oom;
		k += (size_t)ln->st[i].nsrv + 1;
	}
	if (dev_build(ln) < 0)
		goto oom;
	for (int i = 0; i < ln->nsrc; i++) {
		source *so = &ln->src[i];

		so->sc = &s->sources[i];
		so->idx = i;
		so->to = so->sc->to;
		so->limit = so->sc->limit;
		so->units = so->sc->items_per_unit;
		so->closed = so->sc->kind == SCEN_SRC_CLOSED;
		so->arrival = so->sc->arrival;
		event_init(&so->hold.ev, EV_ARRIVAL, 0, so);
		so->hold.src = so;
		if (so->sc->kind == SCEN_SRC_SATURATE)
			ln->st[so->to].pull = so;
	}
	event_init(&ln->ev_end, EV_END, 0, NULL);
	event_init(&ln->ev_warm, EV_WARM, 0, NULL);
	event_init(&ln->ev_rope, EV_ROPE, 0, NULL);
	event_init(&ln->ev_mid, EV_MID, 0, NULL);
	for (int i = 0; i < ln->nst; i++)
		if (ln->st[i].sc->rope > 0)
			ln->drum = &ln->st[i];
	/* measured: below a few hundred stations all fits in the caches and
	 * the prefetches only cost instructions */
	ln->prefetch = ln->nst >= LINE_PREFETCH_STATIONS;
	for (int i = 0; i < ln->nst; i++) {
		station *st = &ln->st[i];

		st->to = st->sc->next == NEXT_ONE ? st->sc->routes[0].to :
			 LINE_DEST_OUT;
		st->plain = (uint8_t)stn_plain(ln, st);
	}
	ln->q = eq_new(fixed_events(ln) + 1024);
	if (!ln->q)
		goto oom;
	*out = ln;
	return 0;
oom:
	line_free(ln);
	diag_nomem(d);
	return HB_NOMEM;
}

static void reset_line_stats(line *ln, simtime now)
{
	tw_reset(&ln->wip, now);
	ln->lat_sum = 0;
	hist_clear(ln->lat_h);
	ln->offered = ln->departed = ln->dropped = 0;
	ln->units_before += ln->units;
	ln->units = 0;
	for (int i = 0; i < ln->nst; i++)
		stn_reset_stats(&ln->st[i], now);
	dev_reset_stats(ln, now);
	ap_window(ln->ap, now);
}

/* What the trend figures compare: the levels as the window opens. */
static void trend_open(line *ln)
{
	ln->wip_open = ln->wip.v;
	ln->wip_mid = -1;
	for (int i = 0; i < ln->nst; i++) {
		ln->st[i].nq_open = ln->st[i].nq;
		ln->st[i].q_mid = -1;
	}
}

/* The middle of a timed window: the areas so far, the first half's. */
static void trend_mid(line *ln)
{
	simtime now = eq_now(ln->q);

	ln->wip_mid = tw_area(&ln->wip, now);
	for (int i = 0; i < ln->nst; i++)
		ln->st[i].q_mid = tw_area(&ln->st[i].queue, now);
}

static void open_window(line *ln)
{
	simtime now = eq_now(ln->q);

	ln->in_window = 1;
	ln->t_warm = now;
	ln->ev_warm_at = eq_popped(ln->q);
	reset_line_stats(ln, now);
	trend_open(ln);
	if (ln->s->run.duration > 0) {
		simtime end = now > ST_MAX - ln->s->run.duration ?
			      ST_MAX : now + ln->s->run.duration;

		eq_push(ln->q, &ln->ev_end, end);
		if (end < ST_MAX)
			eq_push(ln->q, &ln->ev_mid, now + ln->s->run.duration / 2);
	}
}

static void close_window(line *ln)
{
	ln->t_end = eq_now(ln->q);
	ln->ended = 1;
	stn_settle_activity(ln);
	if (ap_finish(ln->ap, ln->t_end) < 0)
		line_oom(ln);
}

void line_cut(line *ln)
{
	if (!ln->ended && ln->in_window)
		close_window(ln);
	flush_waits(ln);
}

static void reset_station(line *ln, station *st, uint64_t seed)
{
	const char *name = st->sc->name;

	st->qhead = st->qtail = NULL;
	st->nq = st->nincoming = st->nheld = 0;
	st->bhead = st->btail = NULL;
	st->round = NULL;
	st->nidle = 0;
	for (int64_t k = st->nsrv; k-- > 0;) {
		server *sv = &st->srv[k];

		sv->it = NULL;
		sv->state = SRV_IDLE;
		sv->wnext = NULL;
		sv->ev.pos = -1;
		st->idle[st->nidle++] = k;
	}
	st->tick.pos = -1;
	st->batch_ev.pos = -1;
	st->t_now_in = -1;
	st->n_now_in = 0;
	st->active = st->dirty = 0;
	rng_seed(&st->r_service, seed, ln->rep, name, "service");
	rng_seed(&st->r_route, seed, ln->rep, name, "route");
	rng_seed(&st->r_transport, seed, ln->rep, name, "transport");
	rng_seed(&st->r_count, seed, ln->rep, name, "count");
	tw_init(&st->busy, 0, 0);
	tw_init(&st->blocked, 0, 0);
	tw_init(&st->queue, 0, 0);
	tw_init(&st->waiting, 0, 0);
	stn_reset_stats(st, 0);
	st->passed_before = 0;
	st->units_before = 0;
	st->turn_work = st->turn_block = 0;
	st->turn_t = -1;
	st->work_area = st->block_area = 0;
}

/* Initial items: in the buffer at time 0, in the line from time 0. */
static int fill_initial(line *ln, station *st)
{
	for (int64_t k = 0; k < st->sc->initial; k++) {
		/* they belong to no source: counted in source 0's unit, but
		 * never a closed client that would think and come back */
		item *it = line_item_new(ln, 0);

		if (!it)
			return -1;
		it->closed = 0;
		line_enter(ln, it);
		if (ln->obs)
			line_obs_move(ln, it, -1, st->idx);
		st->nincoming++;
		enter(ln, st, it);
	}
	/* the stock was there before the first turn began: with
	 * simultaneous turns it moves in round one, not as this instant's
	 * arrivals */
	st->n_now_in = 0;
	return 0;
}

/* a * b and a + b, or UINT64_MAX where they would not fit: a guard too
 * big to count to is no guard, where a product that wrapped would be a
 * small one and cut a valid run short. */
static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

int line_start(line *ln, uint64_t seed, uint64_t rep, int64_t warm_items)
{
	const scen_run *r = &ln->s->run;

	eq_clear(ln->q);
	pool_reset(&ln->items);	/* every item is free again */
	ln->rep = rep;
	ln->ended = ln->early = ln->oom = 0;
	ln->in_window = 0;
	ln->t_warm = ln->t_end = 0;
	ln->all_in = ln->all_out = ln->all_drop = 0;
	ln->ndirty = 0;
	ap_clear(ln->ap);
	ln->ev_end.pos = ln->ev_warm.pos = ln->ev_rope.pos = ln->ev_mid.pos = -1;
	ln->t_jam = -1;
	ln->njam = 0;
	ln->capped = 0;
	ln->rope_wip = 0;
	ln->warm_items = -1;
	ln->target = r->items;
	/* The runaway guard: 1000 events an item per station, and nst^2
	 * more for the line to fill. An item crosses every station, and
	 * while the first ones cross a long line, the items behind them
	 * make events in proportion to nst^2: a tandem of 10^4 stations at
	 * rho 0.9, empty at first and asked for 200 items, takes 2.8 * 10^7
	 * events, and a guard of 1000 events an item cut it at 1.02 * 10^7
	 * events with none out. */
	if (r->items > 0) {
		uint64_t items = sat_add((uint64_t)r->items,
					 r->warm == WARM_ITEMS ? (uint64_t)r->warm_items : 0);
		uint64_t nst = (uint64_t)ln->nst;

		ln->ev_cap = sat_add(sat_add(sat_mul(sat_mul(items, 1000u), nst),
					     sat_mul(nst, nst)), 10000000u);
	} else {
		ln->ev_cap = UINT64_MAX;
	}
	set_check_at(ln);
	for (int i = 0; i < ln->nst; i++)
		reset_station(ln, &ln->st[i], seed);
	dev_reset(ln);
	tw_init(&ln->wip, 0, 0);
	reset_line_stats(ln, 0);
	ln->units_before = 0;	/* the last replication's, just folded in */
	ln->next_id = 0;
	ln->stopped = 0;
	for (int i = 0; i < ln->nsrc; i++)
		rng_seed(&ln->src[i].r_arrival, seed, rep, ln->src[i].sc->name,
			 "arrival");

	/* The window's edges go first among the events of their instant. */
	if (warm_items >= 0) {
		ln->warm_items = warm_items;
	} else if (r->warm == WARM_ITEMS) {
		ln->warm_items = r->warm_items;
	} else if (r->warm == WARM_TIME && r->warm_time > 0) {
		eq_push(ln->q, &ln->ev_warm, r->warm_time);
	}
	if (ln->warm_items == 0)
		ln->warm_items = -1;
	if (ln->warm_items < 0 && !event_queued(&ln->ev_warm))
		open_window(ln);

	for (int i = 0; i < ln->nst; i++) {
		station *st = &ln->st[i];

		if (st->kind == SCEN_STN_PERIODIC)
			eq_push(ln->q, &st->tick, 0);
	}
	for (int i = 0; i < ln->nst; i++)
		if (fill_initial(ln, &ln->st[i]) < 0)
			return -1;
	for (int i = 0; i < ln->nsrc; i++)
		src_start(ln, &ln->src[i]);
	for (int i = 0; i < ln->nst; i++)
		if (ln->st[i].kind == SCEN_STN_PROCESS)
			stn_start_all(ln, &ln->st[i]);
	stn_settle_activity(ln);
	return ln->oom ? -1 : 0;
}

static void dispatch_other(line *ln, event *ev)
{
	switch ((enum ev_kind)ev->kind) {
	case EV_END:
		close_window(ln);
		break;
	case EV_WARM:
		open_window(ln);
		break;
	case EV_ARRIVAL:
		src_arrival(ln, ev->obj);
		break;
	case EV_THINK:
		src_think_over(ln, ev->obj);
		break;
	case EV_DONE: {
		server *sv = ev->obj;

		if (sv->dev)
			dev_done(ln, sv);	/* a FIFO device frees up */
		stn_done(ln, sv);
		break;
	}
	case EV_DEV:
		dev_ps_done(ln, ev->obj);
		break;
	case EV_HOP:
		dev_link_hop(ln, ev->obj);
		break;
	case EV_LINK:
		dev_link_done(ln, ev->obj, ev->arg);
		break;
	case EV_BATCH:
		stn_batch_due(ln, ev->obj);
		break;
	case EV_ROPE:
		src_rope_slack(ln);
		break;
	case EV_MID:
		trend_mid(ln);
		break;
	case EV_DELIVER:
		stn_deliver(ln, ev->obj);
		break;
	case EV_TICK:
		stn_tick(ln, ev->obj);
		break;
	default:
		HB_BUG("unknown event kind %u", (unsigned)ev->kind);
	}
}

/* The two kinds of every line first: a service ends, an item arrives. */
HB_INLINE void dispatch(line *ln, event *ev)
{
	if (ev->kind == EV_DONE) {
		server *sv = ev->obj;

		if (sv->dev)
			dev_done(ln, sv);	/* a FIFO device frees up */
		stn_done(ln, sv);
	} else if (ev->kind == EV_ARRIVAL) {
		src_arrival(ln, ev->obj);
	} else {
		dispatch_other(ln, ev);
	}
}

/* No event left (the sources ran dry), an item-count run whose items
 * never leave, or a deadlock: end the replication where it stands. */
void line_end_early(line *ln)
{
	ln->early = 1;
	if (!ln->in_window && ln->t_jam >= 0) {
		/* a deadlock in the warm-up: its figures are those of the
		 * whole run, which is all there is to see of how it stopped */
		ln->in_window = 1;
		ln->t_warm = 0;
		ln->ev_warm_at = 0;
		trend_open(ln);
		ln->wip_open = 0;
	} else if (!ln->in_window) {
		open_window(ln);
	}
	close_window(ln);
}


/* Time that stands still: a closed loop whose think and service times are
 * all 0 would run events at one instant for ever. After this many events
 * in a row at one instant the replication ends, marked early. */
#define LINE_MAX_INSTANT 100000000

/* The events taken, by the queue's count, at which step next looks at
 * the runaway guard and at time standing still: the first of ev_cap + 1
 * and LINE_MAX_INSTANT + 2 events at the current instant. The instant
 * can only move on, which puts the second later: a stale check_at is
 * early, never late. */
static void set_check_at(line *ln)
{
	uint64_t cap = ln->ev_cap == UINT64_MAX ? UINT64_MAX : ln->ev_cap + 1;
	uint64_t still = ln->q->since + LINE_MAX_INSTANT + 2;

	ln->check_at = cap < still ? cap : still;
}

/* Has the clock stayed at now for too many events (more than
 * LINE_MAX_INSTANT after the first at this instant)? */
static int stuck(line *ln)
{
	if (eq_at_now(ln->q) - 1 > LINE_MAX_INSTANT)
		return 1;
	set_check_at(ln);
	return 0;
}

/* The lines an item's pass through st reads first. */
HB_INLINE void prefetch_station(const station *st, int lines)
{
	for (int i = 0; i < lines; i++)
		__builtin_prefetch((const char *)st + 64 * i);
}

/*
 * A line of thousands of stations does not fit in the caches, and an
 * event's loads depend on one another (event, server, station, its next
 * station, its histogram, the items): one miss after another. Before
 * each event, fetch ahead along that chain for the events due next, one
 * stage each: for the one after next (most likely the least child of the
 * heap's root) its station and item, whose server came in a step ago; for
 * the next one (the root), the next station and the first item in the
 * buffer of its station, which came in a step ago; and the servers of
 * the root's grandchildren, for the events after those. Each load waits
 * then a whole event or two, not a few instructions. Measured here on a
 * tandem of 10^4 stations started full: 25% less time.
 * Prefetches are hints: a wrong guess costs a fetch, never a result.
 * (noipa: GCC finds a function that only prefetches pure, and drops its
 * calls.)
 */
static __attribute__((noinline, noipa)) void prefetch_ahead(line *ln)
{
	const eq *q = ln->q;
	const eq_ent *h = q->heap;
	size_t n = q->n, c;

	if (n == 0)
		return;
	if (h[0].ev->kind == EV_DONE) {
		const station *st = ((const server *)h[0].ev->obj)->st;

		if (st->to >= 0)
			prefetch_station(&ln->st[st->to], 3);
		__builtin_prefetch(st->qhead);
	}
	if (n < 2)
		return;
	c = 1;
	for (size_t i = 2; i <= 4 && i < n; i++)
		if (h[i].t < h[c].t)
			c = i;
	if (h[c].ev->kind == EV_DONE) {
		const server *sv = h[c].ev->obj;

		prefetch_station(sv->st, 5);
		__builtin_prefetch(sv->st->wbuf);
		__builtin_prefetch(sv->it);
	}
	for (size_t i = 4 * c + 1; i <= 4 * c + 4 && i < n; i++)
		__builtin_prefetch(h[i].ev);
}

/* One event: 1 while the replication goes on. Inlined into both loops. */
HB_INLINE int step(line *ln)
{
	event *ev = eq_pop(ln->q);
	int still = 0;

	/* one test an event for the guards (set_check_at) */
	if (HB_UNLIKELY(!ev || eq_popped(ln->q) >= ln->check_at)) {
		if (!ev || eq_popped(ln->q) > ln->ev_cap) {
			line_end_early(ln);
			return 0;
		}
		still = stuck(ln);
	}
	if (ln->prefetch)
		prefetch_ahead(ln);
	dispatch(ln, ev);
	if (ln->ndirty)
		stn_settle_activity(ln);
	if (HB_UNLIKELY(still))
		line_end_early(ln);	/* after the event, as the guard always was */
	return !ln->ended;
}

/* Has the stop flag been raised? Read every LINE_STOP_EVERY events (a
 * power of two), so that a run without a flag pays one predictable branch
 * an event, and one with a flag a mask besides. */
#define LINE_STOP_EVERY 4096

static inline int stop_now(line *ln)
{
	if ((eq_popped(ln->q) & (LINE_STOP_EVERY - 1)) != 0 || !*ln->stop)
		return 0;
	ln->stopped = 1;
	return 1;
}

/* A stopped replication stays stopped while the flag is up; once it is
 * down again the replication may go on. */
static int still_stopped(line *ln)
{
	if (ln->stop && *ln->stop)
		return 1;
	ln->stopped = 0;
	return 0;
}

int line_run_until(line *ln, simtime t)
{
	int over = 0;	/* the replication ended, neither stopped nor at t */

	if (ln->stopped && still_stopped(ln))
		return 0;
	for (;;) {
		if (ln->ended) {
			over = 1;
			break;
		}
		if (eq_peek(ln->q) > t)
			break;
		step(ln);
		if (ln->stop && stop_now(ln))
			break;
	}
	flush_waits(ln);
	return ln->oom ? -1 : over;
}

/* line_run_until without a horizon: the loop every event goes through,
 * so it does not peek before it pops. */
int line_run(line *ln)
{
	if (ln->stopped && still_stopped(ln))
		return 0;
	while (!ln->ended && step(ln))
		if (ln->stop && stop_now(ln))
			break;
	flush_waits(ln);
	return ln->oom ? -1 : 0;
}

simtime line_now(const line *ln)
{
	return eq_now(ln->q);
}

simtime line_window(const line *ln)
{
	simtime end = ln->ended ? ln->t_end : eq_now(ln->q);

	return ln->in_window ? end - ln->t_warm : 0;
}

uint64_t line_events(const line *ln)
{
	return eq_popped(ln->q);
}

int line_ended_early(const line *ln)
{
	return ln->early;
}

void line_counts(const line *ln, int64_t *entered, int64_t *left,
		 int64_t *dropped, int64_t *wip)
{
	*entered = ln->all_in;
	*left = ln->all_out;
	*dropped = ln->all_drop;
	*wip = ln->wip.v;
}

void line_attach_mser(line *ln, struct mser *m)
{
	ln->mser = m;
}

/* The quantiles the figures give, ascending (hist_quantiles). */
static const double pq[3] = { 0.50, 0.90, 0.99 };

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* The trend of a level over the window: the second half's mean less the
 * first's, from the area at the middle (mid, level*ns; -1 none) and at
 * the end. Without a middle (an item-count window, or one a deadlock cut
 * short) half the change from open to end, which a level growing at a
 * steady rate makes the same. */
static double trend(const line *ln, const tw *t, double mid, int64_t open,
		    int64_t now, simtime end, double T)
{
	double half = T * 1e9 / 2;

	if (mid < 0 || ln->early || !(half > 0))
		return (double)(now - open) / 2;
	return (tw_area(t, end) - 2 * mid) / half;
}

static void station_figures(const line *ln, const station *st, double T,
			    simtime end, double f[SF_N])
{
	double cap = (double)st->nsrv * T * 1e9, x[3];

	memset(f, 0, SF_N * sizeof f[0]);
	f[SF_THROUGHPUT] = ratio(st->units, T);
	if (st->kind == SCEN_STN_PERIODIC) {
		/* a periodic station's capacity is its draws: the share it
		 * used, lost for want of input, or lost to a full next */
		f[SF_WORKING] = ratio((double)st->moved, (double)st->drawn);
		f[SF_BLOCKED] = ratio((double)st->cut_block, (double)st->drawn);
	} else {
		f[SF_WORKING] = ratio(tw_area(&st->busy, end), cap);
		f[SF_BLOCKED] = ratio(tw_area(&st->blocked, end), cap);
		f[SF_WAITING] = ratio(tw_area(&st->waiting, end), cap);
	}
	f[SF_UTILIZATION] = f[SF_WORKING];
	f[SF_STARVED] = fmax(0, 1 - f[SF_WORKING] - f[SF_BLOCKED] - f[SF_WAITING]);
	f[SF_QUEUE] = T > 0 ? tw_mean(&st->queue, end) : 0;
	f[SF_QUEUE_GROWTH] = ratio((double)(st->nq - st->nq_open), T);
	f[SF_QUEUE_TREND] = trend(ln, &st->queue, st->q_mid, st->nq_open,
				  st->nq, end, T);
	f[SF_WAIT_MEAN] = ratio(st->wait_sum, (double)st->started) * 1e-9;
	hist_quantiles(st->wait_h, pq, 3, x);
	f[SF_WAIT_P50] = x[0] * 1e-9;
	f[SF_WAIT_P90] = x[1] * 1e-9;
	f[SF_WAIT_P99] = x[2] * 1e-9;
	f[SF_P_WAIT] = ratio((double)st->waited, (double)st->started);
	f[SF_DROPPED] = (double)st->dropped;
	f[SF_BATCH_MEAN] = ratio((double)st->started, (double)st->batches);
	f[SF_SOLE] = ap_sole(ln->ap, st->idx);
	f[SF_SHIFTING] = ap_shifting(ln->ap, st->idx);
	if (st->batch_h) {
		f[SF_BATCH_FILL] = f[SF_BATCH_MEAN] / (double)st->per_server;
		hist_quantiles(st->batch_h, pq, 2, x);
		f[SF_BATCH_P50] = x[0];
		f[SF_BATCH_P90] = x[1];
	}
}

int line_figs_new(line_figs *f, const scen *s)
{
	f->st = hb_calloc((size_t)s->nstations + 1, sizeof *f->st);
	f->dev = hb_calloc((size_t)s->ndevices + 1, sizeof *f->dev);
	f->lnk = hb_calloc((size_t)s->nlinks + 1, sizeof *f->lnk);
	f->jam = hb_calloc((size_t)s->nstations + 1, sizeof *f->jam);
	f->njam = 0;
	if (!f->st || !f->dev || !f->lnk || !f->jam) {
		line_figs_free(f);
		return -1;
	}
	return 0;
}

void line_figs_free(line_figs *f)
{
	hb_free(f->st);
	hb_free(f->dev);
	hb_free(f->lnk);
	hb_free(f->jam);
	f->jam = NULL;
	f->st = NULL;
	f->dev = NULL;
	f->lnk = NULL;
}

/* Nothing measured: a replication stopped before its warm-up ended. Its
 * counts so far are the warm-up's, which the figures never show. */
static void no_figures(const line *ln, line_figs *f)
{
	memset(f->line, 0, LF_N * sizeof f->line[0]);
	memset(f->st, 0, (size_t)ln->nst * sizeof *f->st);
	memset(f->dev, 0, (size_t)ln->s->ndevices * sizeof *f->dev);
	memset(f->lnk, 0, (size_t)ln->s->nlinks * sizeof *f->lnk);
	f->njam = 0;
	f->jam_s = -1;
}

void line_figures(const line *ln, line_figs *f)
{
	simtime end = ln->ended ? ln->t_end : eq_now(ln->q);
	double T = st_to_s(line_window(ln));
	double *lf = f->line, x[3];

	if (!ln->in_window) {
		no_figures(ln, f);
		return;
	}
	memset(lf, 0, LF_N * sizeof lf[0]);
	lf[LF_THROUGHPUT] = ratio(ln->units, T);
	lf[LF_OFFERED] = (double)ln->offered;
	lf[LF_DROPPED] = (double)ln->dropped;
	lf[LF_DROP_FRACTION] = ratio((double)ln->dropped, (double)ln->offered);
	lf[LF_LAT_MEAN] = ratio(ln->lat_sum, (double)ln->departed) * 1e-9;
	hist_quantiles(ln->lat_h, pq, 3, x);
	lf[LF_LAT_P50] = x[0] * 1e-9;
	lf[LF_LAT_P90] = x[1] * 1e-9;
	lf[LF_LAT_P99] = x[2] * 1e-9;
	lf[LF_WIP] = T > 0 ? tw_mean(&ln->wip, end) : 0;
	lf[LF_DEPARTED] = (double)ln->departed;
	lf[LF_WIP_GROWTH] = ratio((double)(ln->wip.v - ln->wip_open), T);
	lf[LF_WIP_TREND] = trend(ln, &ln->wip, ln->wip_mid, ln->wip_open,
				 ln->wip.v, end, T);
	f->jam_s = ln->t_jam < 0 ? -1 : st_to_s(ln->t_jam);
	f->njam = ln->njam;
	memcpy(f->jam, ln->jam, (size_t)ln->njam * sizeof *f->jam);
	for (int i = 0; i < ln->nst; i++)
		station_figures(ln, &ln->st[i], T, end, f->st[i]);
	dev_figures(ln, T, end, f);
	for (int i = 0; i < ln->ndev; i++) {
		f->dev[i][DF_SOLE] = ap_sole(ln->ap, ln->nst + i);
		f->dev[i][DF_SHIFTING] = ap_shifting(ln->ap, ln->nst + i);
	}
	for (int i = 0; i < ln->nlk; i++) {
		f->lnk[i][KF_SOLE] = ap_sole(ln->ap, ln->nst + ln->ndev + i);
		f->lnk[i][KF_SHIFTING] = ap_shifting(ln->ap, ln->nst + ln->ndev + i);
	}
}

/* Are two dists the same, bit for bit (a copy of the other)? */
static int same_dist(const dist *a, const dist *b)
{
	return a->kind == b->kind && a->k == b->k && a->v == b->v &&
	       a->n == b->n && !memcmp(&a->a, &b->a, sizeof a->a) &&
	       !memcmp(&a->b, &b->b, sizeof a->b) &&
	       !memcmp(&a->c, &b->c, sizeof a->c) &&
	       !memcmp(&a->p0, &b->p0, sizeof a->p0) &&
	       !memcmp(&a->p1, &b->p1, sizeof a->p1);
}

/* The scenario's fields copied into the station for the hot path
 * (build_station, line_new) still say what sc says. */
static int check_copies(const station *st)
{
	const scen_station *sc = st->sc;

	if (st->kind != (uint8_t)sc->kind ||
	    st->batching != (uint8_t)sc->batching.on ||
	    st->max_queue != sc->batching.max_queue ||
	    !same_dist(&st->service, &sc->service))
		return -1;
	if (st->per_server != (sc->batching.on ? sc->batching.max_batch :
			       sc->kind == SCEN_STN_BARRIER ? sc->group : 1))
		return -1;
	if (st->to != (sc->next == NEXT_ONE ? sc->routes[0].to : LINE_DEST_OUT))
		return -1;
	return 0;
}

static int check_source(const source *so)
{
	const scen_source *sc = so->sc;

	if (so->to != sc->to || so->limit != sc->limit ||
	    memcmp(&so->units, &sc->items_per_unit, sizeof so->units) ||
	    so->closed != (sc->kind == SCEN_SRC_CLOSED) ||
	    !same_dist(&so->arrival, &sc->arrival))
		return -1;
	return 0;
}

static int check_station(const line *ln, const station *st)
{
	int64_t idle = 0, held = 0, nq = 0;

	if (check_copies(st) != 0)
		return -1;

	for (const item *it = st->qhead; it; it = it->next)
		nq++;
	if (nq != st->nq)
		return -1;
	for (int64_t k = 0; k < st->nsrv; k++) {
		const server *sv = &st->srv[k];

		idle += sv->state == SRV_IDLE;
		held += sv->state != SRV_IDLE;
		if ((sv->state == SRV_IDLE || sv->state == SRV_SYNC) != (sv->it == NULL))
			return -1;
		if (sv->state == SRV_BUSY && sv->dev && !sv->dev->fifo ?
		    sv->job.pos < 0 :
		    (sv->state == SRV_BUSY) != event_queued(&sv->ev))
			return -1;
	}
	if (idle != st->nidle || held != st->nheld)
		return -1;
	if (st->nidle > 0 && st->nq > 0 && !st->batching)
		return -1;	/* an idle server beside a waiting item */
	if (st->cap >= 0 && st->nq + st->nincoming > st->cap + st->nidle * st->per_server)
		return -1;
	(void)ln;
	return 0;
}

int line_check(const line *ln)
{
	if (eq_check(ln->q) != 0)
		return -1;
	for (int i = 0; i < ln->nst; i++)
		if (check_station(ln, &ln->st[i]) != 0)
			return -1;
	for (int i = 0; i < ln->nsrc; i++)
		if (check_source(&ln->src[i]) != 0)
			return -1;
	return 0;
}
