/*
 * src.c: where work enters the line.
 *
 * open       a renewal process: the first arrival at time 0, then one every
 *            `arrival` draw. When the first station is full and blocks, the
 *            source holds its item and pauses (back-pressure): the next
 *            interarrival is drawn once the held item gets in.
 * closed     `clients` requests circulate: each thinks (outside the line),
 *            enters, and when it leaves or is dropped starts thinking
 *            again. A client's item is allocated once and reused.
 * saturate   work is always waiting: the station pulls a new item whenever
 *            it would otherwise starve, so a saturated line measures its
 *            capacity without an infinite pile in front of it.
 *
 * `limit` stops a source after that many items.
 *
 * A rope (drum-buffer-rope) gates every source: while it is taut an open
 * source's arrival waits at the gate (its clock paused, as when blocked),
 * a closed client's request queues there, and a saturating source is not
 * pulled. Time at the gate is outside the line: latency starts at release.
 * When the rope slackens the sources release in index order.
 */
#include "line/line_impl.h"

static int exhausted(const source *so)
{
	return so->limit >= 0 && so->made >= so->limit;
}

int64_t src_can_pull(const line *ln, const source *so)
{
	int64_t n = so->limit >= 0 ? so->limit - so->made : INT64_MAX;

	if (ln->drum && ln->drum->sc->rope - ln->rope_wip < n)
		n = ln->drum->sc->rope - ln->rope_wip;
	return n > 0 ? n : 0;
}

static item *make(line *ln, source *so)
{
	simtime now = eq_now(ln->q);
	item *it = line_item_new_at(ln, so->idx, now);

	if (!it)
		return NULL;
	so->made++;
	line_enter_at(ln, it, now);
	return it;
}

/* The station pulls the item straight in: no move of its own. */
item *src_pull(line *ln, source *so)
{
	item *it = make(ln, so);

	if (it && ln->obs)
		line_obs_move(ln, it, -1, so->to);
	return it;
}

static void next_arrival(line *ln, source *so)
{
	double dt;

	if (exhausted(so))
		return;
	dt = dist_draw(&so->arrival, &so->r_arrival);
	eq_push(ln->q, &so->hold.ev, st_after(eq_now(ln->q), st_from_s(dt)));
}

void src_start(line *ln, source *so)
{
	const scen_source *sc = so->sc;

	so->made = 0;
	so->pend_head = so->pend_tail = NULL;
	so->gate_head = so->gate_tail = NULL;
	so->gated = 0;
	so->hold.it = NULL;
	so->hold.state = SRV_IDLE;
	so->hold.wnext = NULL;
	switch (sc->kind) {
	case SCEN_SRC_OPEN:
		if (!exhausted(so))
			eq_push(ln->q, &so->hold.ev, eq_now(ln->q));
		break;
	case SCEN_SRC_CLOSED:
		for (int64_t c = 0; c < sc->clients; c++) {
			item *it = line_item_new(ln, so->idx);

			if (!it)
				return;
			src_back(ln, it);
		}
		break;
	case SCEN_SRC_SATURATE:
		break;	/* stations pull */
	}
}

/* The holder is free: the open source draws its next arrival; a closed
 * source lets its waiting clients in until one blocks. (A saturating
 * source holds nothing: its stations pull.) */
void src_unblocked(line *ln, source *so)
{
	if (!so->closed) {
		next_arrival(ln, so);
		return;
	}
	while (so->pend_head) {
		item *it = so->pend_head;

		so->pend_head = it->next;
		if (!so->pend_head)
			so->pend_tail = NULL;
		so->hold.it = it;
		if (!stn_offer(ln, &so->hold, so->to))
			return;
		so->hold.it = NULL;
		so->hold.state = SRV_IDLE;
	}
}

void src_arrival(line *ln, source *so)
{
	item *it;

	if (line_rope_taut(ln)) {
		so->gated = 1;
		return;
	}
	if (!(it = make(ln, so)))
		return;
	so->hold.it = it;
	if (!stn_offer(ln, &so->hold, so->to))
		return;
	so->hold.it = NULL;
	next_arrival(ln, so);	/* src_unblocked, for an open source */
}

void src_think_over(line *ln, item *it)
{
	source *so = &ln->src[it->src];

	if (exhausted(so)) {
		line_item_free(ln, it);
		return;
	}
	if (line_rope_taut(ln)) {
		it->next = NULL;
		if (so->gate_tail)
			so->gate_tail->next = it;
		else
			so->gate_head = it;
		so->gate_tail = it;
		return;
	}
	so->made++;
	line_enter(ln, it);
	if (so->hold.state == SRV_BLOCKED) {
		it->next = NULL;
		if (so->pend_tail)
			so->pend_tail->next = it;
		else
			so->pend_head = it;
		so->pend_tail = it;
		return;
	}
	so->hold.it = it;
	if (stn_offer(ln, &so->hold, so->to)) {
		so->hold.it = NULL;
		so->hold.state = SRV_IDLE;
	}
}

/* A closed client's request left the line (or was dropped): think again. */
void src_back(line *ln, item *it)
{
	source *so = &ln->src[it->src];
	double think = dist_draw(&so->sc->think, &so->r_arrival);

	it->ev.kind = EV_THINK;
	it->ev.obj = it;
	eq_push(ln->q, &it->ev, st_after(eq_now(ln->q), st_from_s(think)));
}

/* One source releases what waits at its gate while the rope allows. */
static void release(line *ln, source *so)
{
	switch (so->sc->kind) {
	case SCEN_SRC_OPEN:
		if (so->gated) {
			so->gated = 0;
			src_arrival(ln, so);
		}
		break;
	case SCEN_SRC_CLOSED:
		while (so->gate_head && !line_rope_taut(ln)) {
			item *it = so->gate_head;

			if (!(so->gate_head = it->next))
				so->gate_tail = NULL;
			src_think_over(ln, it);
		}
		break;
	case SCEN_SRC_SATURATE:
		if (ln->st[so->to].kind == SCEN_STN_PROCESS)
			stn_start_all(ln, &ln->st[so->to]);
		break;	/* a periodic station pulls at its turn */
	}
}

void src_rope_slack(line *ln)
{
	for (int i = 0; i < ln->nsrc && !line_rope_taut(ln); i++)
		release(ln, &ln->src[i]);
}
