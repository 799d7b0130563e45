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

static void server_freed(line *ln, station *st, server *sv);
static void holder_freed(line *ln, server *h, item *next);
static void place_freed(line *ln, station *st);
static void arrive(line *ln, station *d, item *it);
static void drop_item(line *ln, station *at, item *it);
static void drop_lost(line *ln, item *p);

/* A place for one more item: the buffer's places, plus what the idle
 * servers would take at once. */
int stn_room(const station *st)
{
	if (st->sc->kind == STN_BARRIER)
		return 0;	/* replicas wait at a barrier, holding their items */
	return st->cap < 0 ||
	       st->nq + st->nincoming < st->cap + st->nidle * st->per_server;
}

static void enqueue(line *ln, station *st, item *it)
{
	it->next = NULL;
	if (st->qtail)
		st->qtail->next = it;
	else
		st->qhead = it;
	st->qtail = it;
	st->nq++;
	tw_set(&st->queue, eq_now(ln->q), st->nq);
	if (ln->obs)
		line_obs_queue(ln, st);
}

static item *dequeue(line *ln, station *st)
{
	item *it = st->qhead;

	st->qhead = it->next;
	if (!st->qhead)
		st->qtail = NULL;
	st->nq--;
	tw_set(&st->queue, eq_now(ln->q), st->nq);
	if (ln->obs)
		line_obs_queue(ln, st);
	return it;
}

/* An item is taken from the buffer (or straight from arrival) into
 * service or, for a periodic station, moved on: its wait ends. */
static void note_wait(station *st, const item *it, simtime now)
{
	simtime w = now - it->t_queued;

	st->wait_sum += (double)w;
	st->started++;
	st->waited += w > 0;
	hist_add(st->wait_h, w);
}

/* A station is active, for the active-period method, while every server
 * works (for one server: while it works, as the method defines it for a
 * machine): a station with a server starved, blocked or waiting for a
 * device has slack. Called where the count of working servers changes; the
 * tracker hears of it once, at the end of the event (stn_settle_activity),
 * so that a server that finishes and starts again at one instant costs
 * nothing: that is every item on a busy station. */
void stn_activity(line *ln, station *st)
{
	if (!st->dirty && st->sc->kind != STN_PERIODIC) {
		st->dirty = 1;
		ln->dirty[ln->ndirty++] = st->idx;
	}
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

/* sv starts work of s seconds on what it holds. */
static void run_kernel(line *ln, station *st, server *sv, double s)
{
	simtime now = eq_now(ln->q);

	st->batches++;
	st->nheld++;
	sv->t0 = now;	/* a store costs less than testing for an observer */
	if (sv->dev) {
		dev_submit(ln, sv, s);
		return;
	}
	sv->state = SRV_BUSY;
	tw_add(&st->busy, now, 1);
	stn_activity(ln, st);
	eq_push(ln->q, &sv->ev, now + st_from_s(s));
}

static void start(line *ln, station *st, server *sv, item *it)
{
	note_wait(st, it, eq_now(ln->q));
	it->next = NULL;
	sv->it = it;
	run_kernel(ln, st, sv, dist_draw(&st->sc->service, &st->r_service));
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
		return dist_draw(&st->sc->service, &st->r_service);
	return b->base + b->per_item * (double)n;
}

/* How many items to send now, out of avail, as an inference server's
 * dynamic batcher decides: a full batch at once; else the largest
 * preferred size that can be formed; else, with no max_delay or once the
 * oldest item has waited max_delay, all there is; else none yet (wait). */
static int64_t batch_size(const station *st, int64_t avail, simtime now)
{
	const scen_batching *b = &st->sc->batching;

	if (avail >= b->max_batch)
		return b->max_batch;
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
		int64_t avail = pull ? (pull < st->sc->batching.max_batch ?
					pull : st->sc->batching.max_batch) :
				       st->nq;
		int64_t n = avail > 0 ? batch_size(st, avail, now) : 0;
		server *sv;
		item *head = NULL, **tail = &head;

		if (n == 0)
			break;
		sv = &st->srv[st->idle[--st->nidle]];
		for (int64_t k = 0; k < n; k++) {
			item *it = st->nq > 0 ? dequeue(ln, st) : src_pull(ln, st->pull);

			if (!it)
				return;		/* out of memory: the run stops */
			note_wait(st, it, now);
			*tail = it;
			tail = &it->next;
		}
		*tail = NULL;
		sv->it = head;
		hist_add(st->batch_h, n);
		run_kernel(ln, st, sv, batch_time(st, n));
	}
	if (event_queued(&st->batch_ev))
		eq_cancel(ln->q, &st->batch_ev);
	if (st->nidle > 0 && st->qhead && st->sc->batching.max_delay > 0)
		eq_push(ln->q, &st->batch_ev, st->qhead->t_queued + st->sc->batching.max_delay);
}

void stn_batch_due(line *ln, station *st)
{
	batch_try(ln, st);
}

/* it has a place at st (nincoming counts it) and now arrives. */
void stn_enter(line *ln, station *st, item *it)
{
	simtime now = eq_now(ln->q);

	st->nincoming--;
	it->t_queued = now;
	if (st->sc->kind == STN_PERIODIC) {
		if (st->t_now_in != now) {
			st->t_now_in = now;
			st->n_now_in = 0;
		}
		st->n_now_in++;
		enqueue(ln, st, it);
		return;
	}
	if (st->sc->batching.on) {
		enqueue(ln, st, it);
		batch_try(ln, st);
		return;
	}
	if (st->nidle > 0) {
		/* an idle server means an empty buffer: FIFO is kept */
		start(ln, st, &st->srv[st->idle[--st->nidle]], it);
		return;
	}
	enqueue(ln, st, it);
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
		lnk_send(ln, it);
		return;
	}
	if (from && from->sc->transport == TRANSPORT_DELAY) {
		delay = dist_draw(&from->sc->transport_delay,
				  &from->r_transport);
		it->dest = d;
		eq_push(ln->q, &it->ev, eq_now(ln->q) + st_from_s(delay));
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
	if (d->sc->batching.max_queue >= 0 &&
	    d->nq + d->nincoming >= d->sc->batching.max_queue) {
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
	if (b->sc->kind == STN_BARRIER) {
		sv->it->t_queued = now;		/* the wait for the others */
		tw_add(&b->queue, now, 1);
		if (ln->obs) {
			line_obs_move(ln, sv->it, sv->st ? sv->st->idx : -1, on);
			line_obs_queue(ln, b);
		}
		barrier_try(ln, b);
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
	run_kernel(ln, b, sv, dist_draw(&b->sc->service, &b->r_service));
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

/* Send the item that holder h holds, or block h on the station that is
 * full. Returns 1 when it went, 0 when h is now blocked. */
int stn_offer(line *ln, server *h, int32_t dest)
{
	int32_t on = stn_send(ln, h, dest);

	if (on >= 0) {
		block(ln, h, dest, on);
		return 0;
	}
	return 1;
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
	server_freed(ln, st, sv);
}

void stn_done(line *ln, server *sv)
{
	if (sv->st == ln->drum)
		for (item *it = sv->it; it; it = it->next)
			line_rope_pass(ln, it);
	tw_add(&sv->st->busy, eq_now(ln->q), -1);
	if (ln->obs)
		line_obs_service(ln, sv);
	stn_activity(ln, sv->st);
	if (sv->st->sc->kind == STN_BARRIER)
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

/* sv passed its item on: it takes the next, or goes idle; either way one
 * place opened at st. */
static void server_freed(line *ln, station *st, server *sv)
{
	sv->it = NULL;
	st->nheld--;
	if (st->sc->batching.on || st->sc->kind == STN_BARRIER) {
		sv->state = SRV_IDLE;
		st->idle[st->nidle++] = sv - st->srv;
		stn_activity(ln, st);
		if (st->sc->kind == STN_BARRIER) {
			barrier_try(ln, st);
			return;
		}
		place_freed(ln, st);
		batch_try(ln, st);
		return;
	}
	if (st->nq > 0) {
		start(ln, st, sv, dequeue(ln, st));
		place_freed(ln, st);
		return;
	}
	sv->state = SRV_IDLE;
	st->idle[st->nidle++] = sv - st->srv;
	stn_activity(ln, st);
	place_freed(ln, st);
	if (st->nidle > 0 && st->nq == 0 && st->pull &&
	    src_can_pull(ln, st->pull)) {
		item *it = src_pull(ln, st->pull);

		if (it) {
			it->t_queued = eq_now(ln->q);
			start(ln, st, &st->srv[st->idle[--st->nidle]], it);
		}
	}
}

/* Give every idle server work from a saturating source (start of a run). */
void stn_start_all(line *ln, station *st)
{
	if (st->sc->batching.on) {
		batch_try(ln, st);
		return;
	}
	while (st->nidle > 0 && st->pull && src_can_pull(ln, st->pull)) {
		item *it = src_pull(ln, st->pull);

		if (!it)
			return;
		it->t_queued = eq_now(ln->q);
		start(ln, st, &st->srv[st->idle[--st->nidle]], it);
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
	stn_enter(ln, d, p);
}

static void arrive(line *ln, station *d, item *it)
{
	if (it->parent && it->parent->join == d->idx)
		join_part(ln, d, it);
	else
		stn_enter(ln, d, it);
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
			it = dequeue(ln, st);
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
	eq_push(ln->q, &st->tick, now + sc->period);
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
	hist_clear(st->wait_h);
	st->passed = st->dropped = 0;
	st->units = 0;
	st->batches = 0;
	if (st->batch_h)
		hist_clear(st->batch_h);
	st->drawn = st->moved = st->cut_block = 0;
}
