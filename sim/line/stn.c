/*
 * stn.c: stations. A station is a buffer in front of servers; a periodic
 * station is a buffer that moves a random number of items each period (the
 * dice game).
 *
 * Moving an item from one place to the next is the heart of the line:
 *
 *   take a place  (dest->nincoming++)  when the item sets out; a transport
 *                 keeps that place while the item travels
 *   enter         (nincoming-- ; a server or the buffer)  when it arrives
 *
 * so an item in transport already holds its place downstream and never
 * holds the upstream server (spec: "a transport never holds the upstream
 * server"). A server that finds no place downstream is blocked: it keeps
 * its item and waits, FIFO, on the downstream station's blocked list
 * (blocking after service). Each time a place opens, the first waiting
 * holder moves in, which frees its own server, which opens a place
 * upstream: the cascade runs as direct calls, no events.
 *
 * Fork and join: a fork splits an item into parts, one per branch; the
 * parent waits, in no buffer, until every part reaches the join station,
 * then enters it. Only the part sent last toward the join takes a place
 * there (earlier ones are absorbed), so a join never needs more room than
 * one item. A part that is dropped, or leaves the line, loses its parent.
 */
#include "line/line_impl.h"

#include "stats/ap.h"

#include <math.h>

static void batch_try(line *ln, station *st);
static void server_idles(line *ln, station *st, server *sv);
static void holder_freed(line *ln, server *h, item *next);
static void place_freed(line *ln, station *st);
static void arrive(line *ln, station *d, item *it);
static void drop_item(line *ln, station *at, item *it);
static void drop_lost(line *ln, item *p);

/* The waits in wbuf into the histogram. */
void stn_flush_waits(station *st)
{
	for (int32_t k = 0; k < st->nw; k++)
		hist_add(st->wait_h, st->wbuf[k]);
	st->nw = 0;
}

void stn_settle_activity(line *ln)
{
	simtime now = eq_now(ln->q);

	for (int i = 0; i < ln->ndirty; i++) {
		station *st = &ln->st[ln->dirty[i]];
		uint8_t active = st->busy.v == st->nsrv;

		st->dirty = 0;
		if (active != st->active && ap_set(ln->ap, st->idx, active, now) < 0)
			line_oom(ln);
		st->active = active;
	}
	ln->ndirty = 0;
}

/* enter() at a periodic or batching station. */
void stn_enter_other_(line *ln, station *st, item *it, simtime now)
{
	if (st->kind == SCEN_STN_PERIODIC) {
		if (st->t_now_in != now) {
			st->t_now_in = now;
			st->n_now_in = 0;
		}
		st->n_now_in++;
		enqueue(ln, st, it, now);
		return;
	}
	enqueue(ln, st, it, now);
	batch_try(ln, st);
}

/* ---- dynamic batching ---------------------------------------------- */

/* The time of a batch of n: a table (linear between its sizes, and along
 * its end segments beyond them), base + per_item * n, or the station's
 * service time drawn for the batch. */
static double batch_time(station *st, int64_t n)
{
	const scen_batching *b = &st->sc->batching;
	int k = 1;

	if (b->ntable == 1)
		return b->table_t[0];
	if (b->ntable > 1) {
		while (k < b->ntable - 1 && b->table_n[k] < n)
			k++;
		return fmax(0, b->table_t[k - 1] + (b->table_t[k] - b->table_t[k - 1]) *
			    (double)(n - b->table_n[k - 1]) /
			    (double)(b->table_n[k] - b->table_n[k - 1]));
	}
	if (st->sc->has_service)
		return dist_draw(&st->service, &st->r_service);
	return b->base + b->per_item * (double)n;
}

/* How many items to send now, out of avail, as an inference server's
 * dynamic batcher decides: a full batch at once; else the largest
 * preferred size that can be formed; else, with no max_delay or once the
 * oldest item has waited max_delay, all there is; else none yet (wait). */
static int64_t batch_size(const station *st, int64_t avail, simtime now)
{
	const scen_batching *b = &st->sc->batching;

	if (avail >= st->per_server)
		return st->per_server;	/* max_batch */
	for (int i = b->npreferred; i-- > 0;)
		if (b->preferred[i] <= avail)
			return b->preferred[i];
	if (b->max_delay == 0 || (st->qhead && now - st->qhead->t_queued >= b->max_delay))
		return avail;
	return 0;
}

/* Form batches while a server is idle and the batcher says go; otherwise
 * wake up when the oldest item's delay runs out. */
static void batch_try(line *ln, station *st)
{
	simtime now = eq_now(ln->q);

	while (st->nidle > 0) {
		int64_t pull = st->pull ? src_can_pull(ln, st->pull) : 0;
		int64_t avail = pull ? (pull < st->per_server ?
					pull : st->per_server) : st->nq;
		int64_t n = avail > 0 ? batch_size(st, avail, now) : 0;
		server *sv;
		item *head = NULL, **tail = &head;

		if (n == 0)
			break;
		sv = &st->srv[st->idle[--st->nidle]];
		for (int64_t k = 0; k < n; k++) {
			item *it = st->nq > 0 ? dequeue(ln, st, now) : src_pull(ln, st->pull);

			if (!it)
				return;		/* out of memory: the run stops */
			note_wait(st, it, now);
			*tail = it;
			tail = &it->next;
		}
		*tail = NULL;
		sv->it = head;
		hist_add(st->batch_h, n);
		run_kernel(ln, st, sv, batch_time(st, n), now, 1);
	}
	if (event_queued(&st->batch_ev))
		eq_cancel(ln->q, &st->batch_ev);
	if (st->nidle > 0 && st->qhead && st->sc->batching.max_delay > 0)
		eq_push(ln->q, &st->batch_ev,
			st_after(st->qhead->t_queued, st->sc->batching.max_delay));
}

void stn_batch_due(line *ln, station *st)
{
	batch_try(ln, st);
}

int32_t stn_route(station *st)
{
	const scen_station *sc = st->sc;
	double u, acc = 0;

	switch (sc->next) {
	case NEXT_NONE:
		return LINE_DEST_OUT;
	case NEXT_ONE:
		return sc->routes[0].to;
	case NEXT_FORK:
		return LINE_DEST_FORK;
	case NEXT_PROB:
		u = rng_u01(&st->r_route);
		for (int i = 0; i < sc->nroutes - 1; i++) {
			acc += sc->routes[i].p;
			if (u < acc)
				return sc->routes[i].to;
		}
		return sc->routes[sc->nroutes - 1].to;
	}
	HB_BUG("unknown next kind %d", (int)sc->next);
}

/* Is it a part that joins at d without needing a place of its own? */
static int absorbed_part(const item *it, int32_t d)
{
	return it->parent && it->parent->join == d && it->parent->to_route > 1;
}

/* Set it on its way from `from` (NULL: a source) to station d, which has
 * room for it or does not need it. */
static void move(line *ln, station *from, item *it, int32_t d)
{
	station *ds = &ln->st[d];
	double delay;

	if (ln->obs)
		line_obs_move(ln, it, from ? from->idx : -1, d);
	if (it->parent && it->parent->join == d) {
		if (it->parent->to_route-- == 1) {
			it->parent->reserved = 1;
			ds->nincoming++;
		}
	} else {
		ds->nincoming++;
	}
	if (from && from->sc->transport == TRANSPORT_VIA) {
		it->dest = d;
		it->from = from->idx;
		dev_link_send(ln, it);
		return;
	}
	if (from && from->sc->transport == TRANSPORT_DELAY) {
		delay = dist_draw(&from->sc->transport_delay,
				  &from->r_transport);
		it->dest = d;
		eq_push(ln->q, &it->ev, st_after(eq_now(ln->q), st_from_s(delay)));
		return;
	}
	arrive(ln, ds, it);
}

/* Try to send it from `from` to dest. Returns -1 when it went (or was
 * dropped, or left the line), else the index of the full station that
 * blocks it. */
static int32_t send_item(line *ln, station *from, item *it, int32_t dest)
{
	station *d;

	if (dest == LINE_DEST_OUT) {
		if (ln->obs)
			line_obs_move(ln, it, from ? from->idx : -1,
				      it->parent ? -2 : -1);
		if (it->parent)
			drop_item(ln, NULL, it);	/* a part never joined */
		else
			line_leave(ln, it);
		return -1;
	}
	d = &ln->st[dest];
	if (d->max_queue >= 0 && d->nq + d->nincoming >= d->max_queue) {
		if (ln->obs)
			line_obs_move(ln, it, from ? from->idx : -1, -2);
		drop_item(ln, d, it);	/* an inference server's queue limit */
		return -1;
	}
	if (!absorbed_part(it, dest) && !stn_room(d)) {
		if (d->sc->on_full == FULL_BLOCK)
			return dest;
		if (ln->obs)
			line_obs_move(ln, it, from ? from->idx : -1, -2);
		drop_item(ln, d, it);
		return -1;
	}
	move(ln, from, it, dest);
	return -1;
}

/* Split it into one part per branch of from's fork. Every blocking branch
 * must have room first, so that a fork is all or nothing. */
static int32_t send_fork(line *ln, station *from, item *it)
{
	const scen_station *sc = from->sc;
	int n = sc->nroutes;

	for (int i = 0; i < n; i++) {
		station *d = &ln->st[sc->routes[i].to];
		int last_to_join = d->idx == sc->join && i == n - 1;

		if (d->sc->on_full == FULL_BLOCK && !stn_room(d) &&
		    (d->idx != sc->join || last_to_join))
			return d->idx;
	}
	it->join = sc->join;
	it->to_route = n;
	it->to_arrive = n;
	it->lost = 0;
	it->reserved = 0;
	if (ln->obs)
		line_obs_move(ln, it, from->idx, sc->join);
	for (int i = 0; i < n; i++) {
		item *part = line_item_new(ln, it->src);

		if (!part)
			return -1;	/* out of memory: the run stops */
		part->id = ++ln->next_id;
		part->parent = it;
		part->t_enter = it->t_enter;
		part->at = it->at;
		if (send_item(ln, from, part, sc->routes[i].to) >= 0)
			HB_BUG("fork part blocked after the room check");
	}
	return -1;
}

int stn_send(line *ln, server *sv, int32_t dest)
{
	station *from = sv->st;

	if (dest == LINE_DEST_FORK)
		return send_fork(ln, from, sv->it);
	return send_item(ln, from, sv->it, dest);
}

/* A server of st passes on `it`, the first item it holds. Returns -1 when
 * it went (or was dropped, or left the line), else the full station. */
static int32_t pass_on(line *ln, server *sv, int32_t dest)
{
	station *st = sv->st;
	double units = sv->it->units;
	int32_t on;

	sv->it->at = sv->dev ? sv->dev->top : -1;
	on = stn_send(ln, sv, dest);
	if (on < 0) {
		st->passed++;
		st->units += units;
	}
	return on;
}

static void enlist(station *b, server *sv)
{
	sv->wnext = NULL;
	if (b->btail)
		b->btail->wnext = sv;
	else
		b->bhead = sv;
	b->btail = sv;
}

static void barrier_try(line *ln, station *b);

/* sv holds an item for dest, and station `on` has no place for it (a
 * barrier never has: every replica waits there for the others). */
static void block(line *ln, server *sv, int32_t dest, int32_t on)
{
	station *b = &ln->st[on];
	simtime now = eq_now(ln->q);

	if (sv->st)
		tw_add(&sv->st->blocked, now, 1);
	sv->state = SRV_BLOCKED;
	sv->dest = dest;
	enlist(b, sv);
	if (b->kind == SCEN_STN_BARRIER) {
		sv->it->t_queued = now;		/* the wait for the others */
		tw_add(&b->queue, now, 1);
		if (ln->obs) {
			line_obs_move(ln, sv->it, sv->st ? sv->st->idx : -1, on);
			line_obs_queue(ln, b);
		}
		barrier_try(ln, b);
	} else if (sv->st && sv->st->blocked.v >= sv->st->nsrv) {
		jam_check(ln, sv->st);
	}
}

/* Who a holder is, for a barrier's count of distinct replicas. */
static int32_t replica(const server *h)
{
	return h->st ? h->st->idx : -2 - h->src->idx;
}

/* A barrier starts its collective once holders from `group` distinct
 * upstream stations wait on it: their items become its batch, and they
 * stay held (SRV_SYNC, counted as blocked) until the collective ends. */
static void barrier_try(line *ln, station *b)
{
	int64_t need = b->sc->group, got = 0;
	simtime now = eq_now(ln->q);
	server *sv, **pp, *taken = NULL, **ttail = &taken;
	item *head = NULL, **tail = &head;

	if (b->nidle == 0)
		return;
	for (server *h = b->bhead; h && got < need; h = h->wnext) {
		int seen = 0;

		for (server *t = b->bhead; t != h; t = t->wnext)
			seen |= replica(t) == replica(h);
		got += !seen;
	}
	if (got < need)
		return;
	/* take the first holder of each replica, in arrival order */
	got = 0;
	for (pp = &b->bhead; *pp && got < need;) {
		server *h = *pp;
		int seen = 0;

		for (server *t = taken; t; t = t->wnext)
			seen |= replica(t) == replica(h);
		if (seen) {
			pp = &h->wnext;
			continue;
		}
		*pp = h->wnext;
		h->wnext = NULL;
		*ttail = h;
		ttail = &h->wnext;
		note_wait(b, h->it, now);
		if (h->st) {
			/* the item has left its station: it counts there */
			h->st->passed++;
			h->st->units += h->it->units;
		}
		*tail = h->it;
		tail = &h->it->next;
		h->it = NULL;
		h->state = SRV_SYNC;
		got++;
	}
	*tail = NULL;
	b->btail = NULL;
	for (server *h = b->bhead; h; h = h->wnext)
		b->btail = h;
	tw_add(&b->queue, now, -need);
	if (ln->obs)
		line_obs_queue(ln, b);
	b->round = taken;
	sv = &b->srv[b->idle[--b->nidle]];
	sv->it = head;
	if (b->wire)	/* on the links: its transfers end the kernel */
		wire_start(ln, b, sv, now);
	else
		run_kernel(ln, b, sv, dist_draw(&b->service, &b->r_service), now, 1);
}

/* The collective is over: its replicas go back to work. */
static void barrier_release(line *ln, station *b)
{
	server *h = b->round;

	b->round = NULL;
	while (h) {
		server *next = h->wnext;

		h->wnext = NULL;
		holder_freed(ln, h, NULL);
		h = next;
	}
}

/* stn_offer (line_impl.h) off its fast path. */
int stn_offer_slow_(line *ln, server *h, int32_t dest)
{
	int32_t on = stn_send(ln, h, dest);

	if (on >= 0) {
		block(ln, h, dest, on);
		return 0;
	}
	return 1;
}

/* sv, which passed its item on, takes the next in st's buffer (nq > 0);
 * then the holders waiting upstream for the place that opened move in.
 * busy: as run_kernel's (line_impl.h); done_plain passes 0. */
HB_INLINE void restart(line *ln, station *st, server *sv, simtime now,
		       int busy)
{
	start(ln, st, sv, dequeue(ln, st, now), now, busy);
	if (st->bhead)
		place_freed(ln, st);
}

/* sv passed its item on: it takes the next, or goes idle; either way one
 * place opened at st. */
HB_INLINE void freed(line *ln, station *st, server *sv)
{
	sv->it = NULL;
	st->nheld--;
	if (HB_LIKELY(!st->batching && st->kind != SCEN_STN_BARRIER && st->nq > 0)) {
		restart(ln, st, sv, eq_now(ln->q), 1);
		return;
	}
	server_idles(ln, st, sv);
}

/* Pass on what sv holds, item by item (a batch's items each find their own
 * way); a server that finds no place for one is blocked holding the rest. */
static void drain(line *ln, server *sv)
{
	station *st = sv->st;

	while (sv->it) {
		item *next = sv->it->next;	/* sending may reuse the link */
		int32_t dest = stn_route(st);
		int32_t on = pass_on(ln, sv, dest);

		if (on >= 0) {
			block(ln, sv, dest, on);
			return;
		}
		sv->it = next;
	}
	freed(ln, st, sv);
}

/* ---- the fast path ------------------------------------------------ */

/*
 * Most stations of most lines are plain (stn_plain): a process station
 * with private servers, no batching, no transport, the line's end or one
 * fixed next station, and not the rope's drum. The item a plain station's
 * server finishes, with no observer attached and no fork behind it, would
 * go through drain, pass_on, stn_send, send_item, move and arrive, each
 * testing for what a plain station never has. done_plain takes the same
 * steps in the same order, testing only what can vary (the item's parent,
 * room downstream); when the move is not a plain one it leaves everything
 * to drain before it has changed anything. The same for an item a source
 * offers (stn_offer). Measured here on M/M/1: 8% fewer instructions; 32%
 * fewer with these steps inline (line_impl.h) and a restart that leaves
 * the busy count alone (below).
 */

/* Is st plain? Fixed once the line is built (line_new, st->to set). */
int stn_plain(const line *ln, const station *st)
{
	const scen_station *sc = st->sc;

	return st->kind == SCEN_STN_PROCESS && !st->batching &&
	       sc->ndevices == 0 && sc->transport == TRANSPORT_NONE &&
	       (sc->next == NEXT_NONE || sc->next == NEXT_ONE) &&
	       st->to != st->idx && st != ln->drum;
}

/* A plain station's server finished its one item: stn_done's steps.
 *
 * One step is put off: the busy count's fall. The server takes the next
 * item in the buffer at this same instant nine times out of ten on a busy
 * station, and the count then rises back: the count and the station's
 * activity end the event as they began, and done_plain leaves both alone
 * (tw_flush takes the area up to now; the fall and the rise at one
 * instant would add nothing to it). When the server goes idle instead,
 * the fall comes after all, at the same instant. Between the two, the
 * item leaves or enters the next station, which may close or open the
 * measured window: the count is read then by tw_reset, which keeps
 * whatever level it finds (the server is taken busy; its level at the
 * end of the event is the one the window starts from either way), and
 * by stn_settle_activity, which reads only the stations marked changed in
 * this event, and this one is not (a plain station does not send to
 * itself). ap_finish then ends the station's period at the window's end,
 * as it would the period a fall had marked ending there. */
static void done_plain(line *ln, station *st, server *sv)
{
	item *it = sv->it;
	int32_t dest = st->to;
	double units = it->units;
	simtime now = eq_now(ln->q);

	if (it->parent || (dest >= 0 && !plain_move(&ln->st[dest]))) {
		tw_add(&st->busy, now, -1);
		activity(ln, st);
		drain(ln, sv);
		return;
	}
	tw_flush(&st->busy, now);
	it->at = -1;
	if (dest == LINE_DEST_OUT) {
		line_leave_at(ln, it, now);
	} else {
		station *d = &ln->st[dest];

		d->nincoming++;
		enter(ln, d, it);
	}
	st->passed++;
	st->units += units;
	sv->it = NULL;
	st->nheld--;
	if (st->nq > 0) {
		restart(ln, st, sv, now, 0);	/* the count stays up */
		return;
	}
	tw_add(&st->busy, now, -1);
	activity(ln, st);
	server_idles(ln, st, sv);
}

void stn_done(line *ln, server *sv)
{
	if (sv->st->plain && !ln->obs) {
		done_plain(ln, sv->st, sv);
		return;
	}
	if (sv->st == ln->drum)
		for (item *it = sv->it; it; it = it->next)
			line_rope_pass(ln, it);
	tw_add(&sv->st->busy, eq_now(ln->q), -1);
	if (ln->obs)
		line_obs_service(ln, sv);
	activity(ln, sv->st);
	if (sv->st->kind == SCEN_STN_BARRIER)
		barrier_release(ln, sv->st);
	drain(ln, sv);
}

/* Holder h's first item went where it waited to go. */
static void holder_freed(line *ln, server *h, item *next)
{
	if (h->st) {
		tw_add(&h->st->blocked, eq_now(ln->q), -1);
		h->it = next;
		drain(ln, h);
	} else {
		h->it = NULL;
		h->state = SRV_IDLE;
		src_unblocked(ln, h->src);
	}
}

/* A place opened at st: let waiting holders in, first come first served. */
static void place_freed(line *ln, station *st)
{
	while (st->bhead && stn_room(st)) {
		server *h = st->bhead;
		/* a source's item may sit in its queue's chain: only a
		 * server's batch is linked through next */
		item *next = h->st ? h->it->next : NULL;
		int32_t on;

		st->bhead = h->wnext;
		if (!st->bhead)
			st->btail = NULL;
		h->wnext = NULL;
		on = h->st ? pass_on(ln, h, h->dest) : stn_send(ln, h, h->dest);
		if (on >= 0) {
			/* a fork found another branch full: wait there; it
			 * stays blocked, so its time is not counted twice */
			enlist(&ln->st[on], h);
			continue;
		}
		holder_freed(ln, h, next);
	}
}

/* freed at a batching station or a barrier, or when the server
 * goes idle. */
static void server_idles(line *ln, station *st, server *sv)
{
	if (st->batching || st->kind == SCEN_STN_BARRIER) {
		sv->state = SRV_IDLE;
		st->idle[st->nidle++] = sv - st->srv;
		activity(ln, st);
		if (st->kind == SCEN_STN_BARRIER) {
			barrier_try(ln, st);
			return;
		}
		place_freed(ln, st);
		batch_try(ln, st);
		return;
	}
	sv->state = SRV_IDLE;
	st->idle[st->nidle++] = sv - st->srv;
	activity(ln, st);
	place_freed(ln, st);
	if (st->nidle > 0 && st->nq == 0 && st->pull &&
	    src_can_pull(ln, st->pull)) {
		item *it = src_pull(ln, st->pull);

		if (it) {
			it->t_queued = eq_now(ln->q);
			start(ln, st, &st->srv[st->idle[--st->nidle]], it, eq_now(ln->q), 1);
		}
	}
}

/* Give every idle server work from a saturating source (start of a run). */
void stn_start_all(line *ln, station *st)
{
	if (st->batching) {
		batch_try(ln, st);
		return;
	}
	while (st->nidle > 0 && st->pull && src_can_pull(ln, st->pull)) {
		item *it = src_pull(ln, st->pull);

		if (!it)
			return;
		it->t_queued = eq_now(ln->q);
		start(ln, st, &st->srv[st->idle[--st->nidle]], it, eq_now(ln->q), 1);
	}
}

/* The part `it` reached its join station d. */
static void join_part(line *ln, station *d, item *it)
{
	item *p = it->parent;

	if (ln->obs)
		line_obs_move(ln, it, d->idx, -3);
	line_item_free(ln, it);
	if (--p->to_arrive > 0)
		return;
	if (p->lost) {
		if (p->reserved) {
			d->nincoming--;
			place_freed(ln, d);
		}
		drop_lost(ln, p);
		return;
	}
	enter(ln, d, p);
}

static void arrive(line *ln, station *d, item *it)
{
	if (it->parent && it->parent->join == d->idx)
		join_part(ln, d, it);
	else
		enter(ln, d, it);
}

void stn_deliver(line *ln, item *it)
{
	arrive(ln, &ln->st[it->dest], it);
}

/* it is lost: rejected by a full station `at` (NULL: elsewhere, e.g. a
 * part whose sibling was lost). A part loses its parent with it. */
static void drop_item(line *ln, station *at, item *it)
{
	item *p = it->parent;

	if (at && ln->in_window)
		at->dropped++;
	if (!p) {
		line_drop(ln, it);
		return;
	}
	p->lost = 1;
	p->to_route--;
	line_item_free(ln, it);
	if (--p->to_arrive > 0)
		return;
	if (p->reserved) {
		station *j = &ln->st[p->join];

		j->nincoming--;
		place_freed(ln, j);
	}
	drop_lost(ln, p);
}

/* A fork's item p, all its parts in, is lost with the one that was. */
static void drop_lost(line *ln, item *p)
{
	if (ln->obs)
		line_obs_move(ln, p, -1, -2);
	drop_item(ln, NULL, p);
}

/* The turn that begins now splits the station's time, until the next, as
 * its draw of n was used: m moved (working), cut lost to a full next
 * (blocked). Snapshots read these (line_snapshot_at); figures count
 * draws instead. */
static void turn_shares(station *st, simtime now, int64_t n, int64_t m,
			int64_t cut)
{
	if (st->turn_t >= 0) {
		st->work_area += st->turn_work * (double)(now - st->turn_t);
		st->block_area += st->turn_block * (double)(now - st->turn_t);
	}
	st->turn_t = now;
	st->turn_work = n > 0 ? (double)m / (double)n : 1;
	st->turn_block = n > 0 ? (double)cut / (double)n : 0;
}

/* A periodic station is active through a turn in which it moved its
 * whole draw: it lost none of its capacity to want of input or to a full
 * next station, the counterpart of a process station's servers all
 * working. */
static void turn_activity(line *ln, station *st, int active)
{
	if (active != st->active &&
	    ap_set(ln->ap, st->idx, active, eq_now(ln->q)) < 0)
		line_oom(ln);
	st->active = (uint8_t)active;
}

/* A periodic station's turn: it may move a random number of items, as
 * many as it holds (sequential turns: this instant's arrivals count;
 * simultaneous: only what it held when the period began), while there is
 * room downstream. */
void stn_tick(line *ln, station *st)
{
	const scen_station *sc = st->sc;
	simtime now = eq_now(ln->q);
	double draw = dist_draw(&sc->per_period, &st->r_count);
	int64_t n = draw > 0 ? (int64_t)llround(draw) : 0;
	int64_t avail = st->nq, m, cut = st->cut_block;

	if (sc->turns == TURNS_SIMULTANEOUS && st->t_now_in == now)
		avail -= st->n_now_in;
	for (m = 0; m < n; m++) {
		int32_t dest;
		item *it;

		if (avail == 0 && !(st->pull && src_can_pull(ln, st->pull)))
			break;
		dest = stn_route(st);
		if (dest >= 0 && !stn_room(&ln->st[dest]) &&
		    ln->st[dest].sc->on_full == FULL_BLOCK) {
			st->cut_block += n - m;
			break;
		}
		if (avail > 0) {
			it = dequeue(ln, st, now);
			avail--;
		} else if (!(it = src_pull(ln, st->pull))) {
			return;
		} else {
			it->t_queued = now;
		}
		note_wait(st, it, now);
		st->passed++;
		st->units += it->units;
		send_item(ln, st, it, dest);
		place_freed(ln, st);
	}
	st->drawn += n;
	st->moved += m;
	turn_shares(st, now, n, m, st->cut_block - cut);
	turn_activity(ln, st, m == n);
	eq_push(ln->q, &st->tick, st_after(now, sc->period));
}

void stn_reset_stats(station *st, simtime now)
{
	st->passed_before += st->passed;
	st->units_before += st->units;
	tw_reset(&st->busy, now);
	tw_reset(&st->blocked, now);
	tw_reset(&st->queue, now);
	tw_reset(&st->waiting, now);
	st->wait_sum = 0;
	st->started = st->waited = 0;
	st->nw = 0;
	hist_clear(st->wait_h);
	st->passed = st->dropped = 0;
	st->units = 0;
	st->batches = 0;
	if (st->batch_h)
		hist_clear(st->batch_h);
	st->drawn = st->moved = st->cut_block = 0;
}
