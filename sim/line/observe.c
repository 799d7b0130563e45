/*
 * observe.c: watching a replication as it runs (line.h, "Watching a
 * replication"): snapshots, the observer, the stop flag's reader and the
 * latency quantiles.
 *
 * Snapshots cost nothing per event: the monitors they read already keep
 * integrals (tw), and tw_total adds back what the warm-up's reset moved
 * out of the window. The observer's hooks sit in stn.c, src.c, dev.c and
 * line.c behind `if (ln->obs)`; the calls below run only when one is
 * attached, so they may walk a batch or look things up.
 */
#include "line/line_impl.h"

#include <string.h>

#include "stats/ap.h"

int line_snap_new(line_snap *sn, const scen *s)
{
	memset(sn, 0, sizeof *sn);
	sn->st = hb_calloc((size_t)s->nstations + 1, sizeof *sn->st);
	sn->dev = hb_calloc((size_t)s->ndevices + 1, sizeof *sn->dev);
	sn->lnk = hb_calloc((size_t)s->nlinks + 1, sizeof *sn->lnk);
	if (!sn->st || !sn->dev || !sn->lnk) {
		line_snap_free(sn);
		return -1;
	}
	return 0;
}

void line_snap_free(line_snap *sn)
{
	hb_free(sn->st);
	hb_free(sn->dev);
	hb_free(sn->lnk);
	sn->st = NULL;
	sn->dev = NULL;
	sn->lnk = NULL;
}

/* A periodic station as one server whose time its turns split (line.h). */
static void snap_periodic(const station *st, simtime t, line_snap_stn *o)
{
	double dt = st->turn_t >= 0 ? (double)(t - st->turn_t) : 0;

	o->servers = 1;
	o->working = st->turn_t >= 0 && st->turn_work > 0;
	o->blocked = !o->working && st->turn_block > 0;
	o->waiting = 0;
	o->working_area = st->work_area + st->turn_work * dt;
	o->blocked_area = st->block_area + st->turn_block * dt;
	o->waiting_area = 0;
}

static void snap_station(const line *ln, const station *st, simtime t,
			 line_snap_stn *o)
{
	/* the queue monitor, not nq: a barrier's holds the replicas that
	 * wait for the others, as its figures count them */
	o->queue = st->queue.v;
	o->queue_area = tw_total(&st->queue, t);
	o->passed = st->passed_before + st->passed;
	o->units = st->units_before + st->units;
	o->active_since = ap_active_since(ln->ap, st->idx);
	if (st->kind == SCEN_STN_PERIODIC) {
		snap_periodic(st, t, o);
		return;
	}
	o->servers = st->nsrv;
	o->working = st->busy.v;
	o->blocked = st->blocked.v;
	o->waiting = st->waiting.v;
	o->working_area = tw_total(&st->busy, t);
	o->blocked_area = tw_total(&st->blocked, t);
	o->waiting_area = tw_total(&st->waiting, t);
}

static void snap_devices(const line *ln, simtime t, line_snap *sn)
{
	for (int i = 0; i < ln->ndev; i++) {
		const device *dv = &ln->dev[i];
		line_snap_dev *o = &sn->dev[i];

		o->capacity = dv->sc->kind == SCEN_DEV_CPU ? (double)dv->sc->cores : 1;
		o->busy = (double)dv->busy.v;
		o->busy_area = tw_total(&dv->busy, t);
	}
	/* a GPU split by MIG is as busy as its partitions, by their compute
	 * (as line_figures counts it) */
	for (int i = 0; i < ln->ndev; i++) {
		const scen_device *sc = ln->dev[i].sc;

		if (sc->parent >= 0) {
			sn->dev[sc->parent].busy += sn->dev[i].busy * sc->speed;
			sn->dev[sc->parent].busy_area += sn->dev[i].busy_area * sc->speed;
		}
	}
	for (int i = 0; i < ln->nlk; i++) {
		const lnk *lk = &ln->lk[i];
		line_snap_lnk *o = &sn->lnk[i];

		for (int d = 0; d < 2; d++) {
			o->transfers[d] = (int)lk->ch[d].n;
			o->busy_area[d] = tw_total(&lk->busy[d], t);
		}
		o->bytes = lk->all_bytes;
	}
}

void line_snapshot_at(const line *ln, simtime t, line_snap *sn)
{
	HB_ASSERT(t >= eq_now(ln->q));
	sn->now = t;
	sn->wip = ln->wip.v;
	sn->wip_area = tw_total(&ln->wip, t);
	sn->entered = ln->all_in;
	sn->left = ln->all_out;
	sn->dropped = ln->all_drop;
	sn->units = ln->units_before + ln->units;
	for (int i = 0; i < ln->nst; i++)
		snap_station(ln, &ln->st[i], t, &sn->st[i]);
	snap_devices(ln, t, sn);
}

void line_snapshot(const line *ln, line_snap *sn)
{
	line_snapshot_at(ln, eq_now(ln->q), sn);
}

/* ---- the observer -------------------------------------------------- */

static void no_service(void *ctx, int st, int64_t k, simtime t0, simtime t1,
		       uint64_t id, int64_t n)
{
	(void)ctx, (void)st, (void)k, (void)t0, (void)t1, (void)id, (void)n;
}

static void no_move(void *ctx, uint64_t id, int from, int to, simtime t)
{
	(void)ctx, (void)id, (void)from, (void)to, (void)t;
}

static void no_queue(void *ctx, int st, simtime t, int64_t n)
{
	(void)ctx, (void)st, (void)t, (void)n;
}

static void no_link(void *ctx, int k, int dir, simtime t, double bytes_per_s)
{
	(void)ctx, (void)k, (void)dir, (void)t, (void)bytes_per_s;
}

/* Callbacks left NULL become no-ops, so that a hook site tests one
 * pointer, not two. */
void line_observe(line *ln, const line_obs *o)
{
	if (!o) {
		ln->obs = NULL;
		return;
	}
	ln->obs_set = *o;
	if (!ln->obs_set.service)
		ln->obs_set.service = no_service;
	if (!ln->obs_set.move)
		ln->obs_set.move = no_move;
	if (!ln->obs_set.queue)
		ln->obs_set.queue = no_queue;
	if (!ln->obs_set.link)
		ln->obs_set.link = no_link;
	ln->obs = &ln->obs_set;
}

void line_obs_move(line *ln, const item *it, int from, int to)
{
	ln->obs->move(ln->obs->ctx, it->id, from, to, eq_now(ln->q));
}

/* sv's work is over: the items it served, a batch chained through next. */
void line_obs_service(line *ln, const server *sv)
{
	int64_t n = 0;

	for (const item *it = sv->it; it; it = it->next)
		n++;
	ln->obs->service(ln->obs->ctx, sv->st->idx, sv - sv->st->srv, sv->t0,
			 eq_now(ln->q), sv->it ? sv->it->id : 0, n);
}

void line_obs_queue(line *ln, const station *st)
{
	ln->obs->queue(ln->obs->ctx, st->idx, eq_now(ln->q), st->queue.v);
}

/* A direction moves at the link's bandwidth whenever a transfer is under
 * way (processor sharing splits it among them), else not at all. */
void line_obs_link(line *ln, const lnk *lk, int dir)
{
	ln->obs->link(ln->obs->ctx, lk->idx, dir, eq_now(ln->q),
		      lk->busy[dir].v > 0 ? lk->sc->bandwidth : 0);
}

/* ---- stopping, latency --------------------------------------------- */

void line_stop_flag(line *ln, volatile sig_atomic_t *flag)
{
	ln->stop = flag;
}

int line_stopped(const line *ln)
{
	return ln->stopped;
}

double line_latency_quantile(const line *ln, double q)
{
	return hist_quantile(ln->lat_h, q) * 1e-9;
}

const hist *line_latency_hist(const line *ln)
{
	return ln->lat_h;
}
