/*
 * dev.c: the hardware under a line: devices that run the stations' work
 * and links that carry their transports.
 *
 * A station's service time is stated for a whole, unshared device; sharing
 * stretches it:
 *
 *   exclusive GPU, MIG partition   one kernel at a time, FIFO across the
 *                                  stations placed there, at the device's
 *                                  speed (a partition: its slices / 7); a
 *                                  server whose kernel waits is WAITING,
 *                                  not working
 *   CPU                            processor sharing over its cores: n busy
 *                                  servers each get min(1, cores / n)
 *   MPS GPU                        weighted processor sharing, each
 *                                  station's weight its share
 *   time-sliced GPU                processor sharing that, with two or more
 *                                  contexts, keeps quantum/(quantum+switch)
 *                                  of the GPU for work
 *
 * A transport over links crosses them one after the other: on each, the
 * link's latency, then its bytes at the bandwidth shared fairly by the
 * transfers under way in that direction. A barrier's collective on the
 * wire puts its transfers on the same channels (wire.c). Processor
 * sharing runs on a virtual clock (ps.h), so an event costs O(log n) in
 * the active jobs.
 */
#include "line/line_impl.h"

#include "stats/ap.h"

/* ---- devices ------------------------------------------------------- */

static void fifo_start(line *ln, device *dv, server *sv)
{
	simtime now = eq_now(ln->q);

	dv->running = sv;
	if (dv->shared)
		ap_set(ln->ap, ln->nst + dv->idx, 1, now);
	if (sv->state == SRV_WAITING)
		tw_add(&sv->st->waiting, now, -1);
	sv->state = SRV_BUSY;
	sv->t0 = now;
	tw_add(&sv->st->busy, now, 1);
	activity(ln, sv->st);
	tw_set(&dv->busy, now, 1);
	eq_push(ln->q, &sv->ev, st_after(now, st_from_s(sv->work / dv->speed)));
}

/* The next completion of a shared device, after its jobs changed. */
static void dev_resched(line *ln, device *dv)
{
	simtime now = eq_now(ln->q), t;
	int64_t n = (int64_t)dv->ps.n;

	if (event_queued(&dv->ev))
		eq_cancel(ln->q, &dv->ev);
	t = ps_next(&dv->ps, now);
	if (t != ST_MAX)
		eq_push(ln->q, &dv->ev, t);
	if (dv->sc->kind == SCEN_DEV_CPU)
		tw_set(&dv->busy, now, n < dv->sc->cores ? n : dv->sc->cores);
	else
		tw_set(&dv->busy, now, n > 0);
	/* active: every core busy (a CPU), busy at all (a shared GPU) */
	if (dv->shared)
		ap_set(ln->ap, ln->nst + dv->idx,
		       dv->sc->kind == SCEN_DEV_CPU ? n >= dv->sc->cores : n > 0, now);
}

/* sv starts a kernel of `work` seconds (on the whole device). */
void dev_submit(line *ln, server *sv, double work)
{
	device *dv = sv->dev;
	simtime now = eq_now(ln->q);

	sv->work = work;
	if (dv->fifo) {
		if (!dv->running) {
			fifo_start(ln, dv, sv);
			return;
		}
		sv->state = SRV_WAITING;
		tw_add(&sv->st->waiting, now, 1);
		sv->wnext = NULL;
		if (dv->wtail)
			dv->wtail->wnext = sv;
		else
			dv->whead = sv;
		dv->wtail = sv;
		return;
	}
	sv->state = SRV_BUSY;
	tw_add(&sv->st->busy, now, 1);
	activity(ln, sv->st);
	ps_add(&dv->ps, now, &sv->job, work, sv->st->sc->share);
	dev_resched(ln, dv);
}

/* sv's kernel on a FIFO device is over: the next waiting kernel starts. */
void dev_done(line *ln, server *sv)
{
	device *dv = sv->dev;
	server *next = dv->whead;

	dv->running = NULL;
	tw_set(&dv->busy, eq_now(ln->q), 0);
	if (dv->shared)
		ap_set(ln->ap, ln->nst + dv->idx, 0, eq_now(ln->q));
	if (!next)
		return;
	dv->whead = next->wnext;
	if (!dv->whead)
		dv->wtail = NULL;
	next->wnext = NULL;
	fifo_start(ln, dv, next);
}

/* A shared device's first kernel is over. */
void dev_ps_done(line *ln, device *dv)
{
	ps_job *j = ps_take(&dv->ps, eq_now(ln->q));

	dev_resched(ln, dv);
	stn_done(ln, j->owner);
}

/* ---- links --------------------------------------------------------- */

static const station *carrier(const line *ln, const item *it)
{
	return &ln->st[it->from];
}

static double hop_bytes(const line *ln, const item *it)
{
	const scen_station *sc = carrier(ln, it)->sc;

	return sc->transport_bytes > 0 ? sc->transport_bytes :
	       ln->s->sources[it->src].bytes;
}

/* A transfer goes from ends[0] to ends[1] unless it comes from ends[1]'s
 * side; the item is then at the other end. */
static int direction(const scen_link *l, int32_t *at)
{
	int d = l->ends[1] >= 0 && *at == l->ends[1];

	*at = d ? l->ends[0] : l->ends[1];
	return l->duplex ? d : 0;
}

static void lnk_resched(line *ln, lnk *lk, int d)
{
	simtime now = eq_now(ln->q), t;
	int64_t was = lk->busy[d].v;

	if (event_queued(&lk->ev[d]))
		eq_cancel(ln->q, &lk->ev[d]);
	t = ps_next(&lk->ch[d], now);
	if (t != ST_MAX)
		eq_push(ln->q, &lk->ev[d], t);
	tw_set(&lk->busy[d], now, lk->ch[d].n > 0);
	if (ln->obs && lk->busy[d].v != was)
		line_obs_link(ln, lk, d);
	ap_set(ln->ap, ln->nst + ln->ndev + lk->idx,
	       lk->ch[0].n > 0 || lk->ch[1].n > 0, now);
}

static lnk *hop_link(line *ln, const item *it)
{
	return &ln->lk[carrier(ln, it)->sc->via_idx[it->hop]];
}

/* Start the item's current hop: the latency first. */
static void hop_start(line *ln, item *it)
{
	lnk *lk = hop_link(ln, it);

	it->dir = (int8_t)direction(lk->sc, &it->at);
	if (lk->sc->latency > 0) {
		it->ev.kind = EV_HOP;
		eq_push(ln->q, &it->ev, st_after(eq_now(ln->q), lk->sc->latency));
		return;
	}
	dev_link_hop(ln, it);
}

/* it sets out from station it->from toward it->dest over its links. */
void dev_link_send(line *ln, item *it)
{
	it->hop = 0;
	hop_start(ln, it);
}

static void hop_over(line *ln, item *it)
{
	if (++it->hop < carrier(ln, it)->sc->nvia) {
		hop_start(ln, it);
		return;
	}
	it->ev.kind = EV_DELIVER;
	stn_deliver(ln, it);
}

/* Job j (pos -1, its owner set) starts moving `bytes` on lk's channel d,
 * sharing it with the jobs under way there. */
void dev_link_add(line *ln, lnk *lk, int d, ps_job *j, double bytes)
{
	ps *ch = &lk->ch[d];

	if (ch->n == ch->cap && ps_reserve(ch, ch->cap ? 2 * ch->cap : 16) < 0) {
		line_oom(ln);
		return;
	}
	ps_add(ch, eq_now(ln->q), j, bytes, 1);
	lnk_resched(ln, lk, d);
}

/* The latency is over: the bytes start to move. */
void dev_link_hop(line *ln, item *it)
{
	double bytes = hop_bytes(ln, it);

	if (bytes <= 0) {
		hop_over(ln, it);
		return;
	}
	it->job.pos = -1;
	it->job.owner = it;
	dev_link_add(ln, hop_link(ln, it), it->dir, &it->job, bytes);
}

void dev_link_done(line *ln, lnk *lk, int d)
{
	ps_job *j = ps_take(&lk->ch[d], eq_now(ln->q));
	int coll = wire_owns(j);
	double bytes = coll ? wire_job_bytes(j) : hop_bytes(ln, j->owner);

	lk->all_bytes += bytes;
	if (ln->in_window)
		lk->bytes += bytes;
	lnk_resched(ln, lk, d);
	if (coll)
		wire_job_done(ln, j);
	else
		hop_over(ln, j->owner);
}

/* ---- building, resetting, measuring -------------------------------- */

static void build_device(line *ln, device *dv, int i)
{
	const scen_device *sc = &ln->s->devices[i];
	double eff = 1;

	dv->sc = sc;
	dv->idx = i;
	dv->top = sc->parent >= 0 ? sc->parent : i;
	dv->station = -1;
	dv->fifo = sc->kind == SCEN_DEV_GPU &&
		   (sc->parent >= 0 || sc->sharing == SHARE_EXCLUSIVE);
	dv->speed = sc->speed > 0 ? sc->speed : 1;
	if (sc->sharing == SHARE_TIMESLICE && sc->quantum > 0)
		eff = (double)sc->quantum / (double)(sc->quantum + sc->switch_cost);
	ps_init(&dv->ps, dv->speed, sc->kind == SCEN_DEV_CPU ? sc->cores : 0, eff);
	event_init(&dv->ev, EV_DEV, 0, dv);
}

int dev_build(line *ln)
{
	const scen *s = ln->s;

	ln->ndev = s->ndevices;
	ln->nlk = s->nlinks;
	ln->dev = hb_calloc((size_t)ln->ndev + 1, sizeof *ln->dev);
	ln->lk = hb_calloc((size_t)ln->nlk + 1, sizeof *ln->lk);
	if (!ln->dev || !ln->lk)
		return -1;
	for (int i = 0; i < ln->ndev; i++)
		build_device(ln, &ln->dev[i], i);
	for (int k = 0; k < ln->nst; k++) {
		station *st = &ln->st[k];

		if (st->sc->ndevices == 0)
			continue;
		for (int j = 0; j < st->sc->ndevices; j++) {
			device *dv = &ln->dev[st->sc->device_idx[j]];

			if (dv->station >= 0 && dv->station != k)
				dv->shared = 1;
			dv->station = k;
		}
		for (int64_t j = 0; j < st->nsrv; j++) {
			device *dv = &ln->dev[st->sc->device_idx[j % st->sc->ndevices]];

			st->srv[j].dev = dv;
			st->srv[j].job.owner = &st->srv[j];
			st->srv[j].job.pos = -1;
			dv->nsrv++;
		}
	}
	for (int i = 0; i < ln->ndev; i++)
		if (ps_reserve(&ln->dev[i].ps, (size_t)ln->dev[i].nsrv + 1) < 0)
			return -1;
	for (int i = 0; i < ln->nlk; i++) {
		lnk *lk = &ln->lk[i];

		lk->sc = &s->links[i];
		lk->idx = i;
		for (int d = 0; d < 2; d++) {
			ps_init(&lk->ch[d], lk->sc->bandwidth, 0, 1);
			event_init(&lk->ev[d], EV_LINK, (uint16_t)d, lk);
		}
	}
	return wire_build(ln);
}

void dev_free(line *ln)
{
	wire_free(ln);
	for (int i = 0; ln->dev && i < ln->ndev; i++)
		ps_release(&ln->dev[i].ps);
	for (int i = 0; ln->lk && i < ln->nlk; i++) {
		ps_release(&ln->lk[i].ch[0]);
		ps_release(&ln->lk[i].ch[1]);
	}
	hb_free(ln->dev);
	hb_free(ln->lk);
}

void dev_reset(line *ln)
{
	for (int i = 0; i < ln->ndev; i++) {
		device *dv = &ln->dev[i];

		dv->running = dv->whead = dv->wtail = NULL;
		ps_clear(&dv->ps);
		dv->ev.pos = -1;
		tw_init(&dv->busy, 0, 0);
	}
	for (int i = 0; i < ln->nlk; i++) {
		ln->lk[i].all_bytes = 0;
		for (int d = 0; d < 2; d++) {
			ps_clear(&ln->lk[i].ch[d]);
			ln->lk[i].ev[d].pos = -1;
			tw_init(&ln->lk[i].busy[d], 0, 0);
		}
	}
	wire_reset(ln);
	dev_reset_stats(ln, 0);
}

void dev_reset_stats(line *ln, simtime now)
{
	for (int i = 0; i < ln->ndev; i++)
		tw_reset(&ln->dev[i].busy, now);
	for (int i = 0; i < ln->nlk; i++) {
		tw_reset(&ln->lk[i].busy[0], now);
		tw_reset(&ln->lk[i].busy[1], now);
		ln->lk[i].bytes = 0;
	}
}

void dev_figures(const line *ln, double T, simtime end, line_figs *f)
{
	double ns = T * 1e9;

	for (int i = 0; i < ln->ndev; i++) {
		const device *dv = &ln->dev[i];
		double cap = dv->sc->kind == SCEN_DEV_CPU ? (double)dv->sc->cores : 1;

		f->dev[i][DF_UTILIZATION] = ns > 0 ? tw_area(&dv->busy, end) / (cap * ns) : 0;
	}
	/* a GPU split by MIG is as busy as its partitions, by their compute */
	for (int i = 0; i < ln->ndev; i++) {
		const scen_device *sc = ln->dev[i].sc;

		if (sc->parent >= 0)
			f->dev[sc->parent][DF_UTILIZATION] +=
				f->dev[i][DF_UTILIZATION] * sc->speed;
	}
	for (int i = 0; i < ln->nlk; i++) {
		const lnk *lk = &ln->lk[i];
		double u0 = ns > 0 ? tw_area(&lk->busy[0], end) / ns : 0;
		double u1 = ns > 0 ? tw_area(&lk->busy[1], end) / ns : 0;

		f->lnk[i][KF_UTILIZATION] = u0 > u1 ? u0 : u1;
		f->lnk[i][KF_BYTES_PER_S] = T > 0 ? lk->bytes / T : 0;
	}
}
