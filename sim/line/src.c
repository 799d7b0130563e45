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
 */
#include "line/line_impl.h"

static int exhausted(const source *so)
{
	return so->sc->limit >= 0 && so->made >= so->sc->limit;
}

int src_can_pull(const source *so)
{
	return !exhausted(so);
}

static item *make(line *ln, source *so)
{
	item *it = line_item_new(ln, so->idx);

	if (!it)
		return NULL;
	so->made++;
	line_enter(ln, it);
	return it;
}

item *src_pull(line *ln, source *so)
{
	return make(ln, so);
}

static void next_arrival(line *ln, source *so)
{
	double dt;

	if (exhausted(so))
		return;
	dt = dist_draw(&so->sc->arrival, &so->r_arrival);
	eq_push(ln->q, &so->hold.ev, eq_now(ln->q) + st_from_s(dt));
}

void src_start(line *ln, source *so)
{
	const scen_source *sc = so->sc;

	so->made = 0;
	so->pend_head = so->pend_tail = NULL;
	so->hold.it = NULL;
	so->hold.state = SRV_IDLE;
	so->hold.wnext = NULL;
	switch (sc->kind) {
	case SRC_OPEN:
		if (!exhausted(so))
			eq_push(ln->q, &so->hold.ev, eq_now(ln->q));
		break;
	case SRC_CLOSED:
		for (int64_t c = 0; c < sc->clients; c++) {
			item *it = line_item_new(ln, so->idx);

			if (!it)
				return;
			src_back(ln, it);
		}
		break;
	case SRC_SATURATE:
		break;	/* stations pull */
	}
}

/* The holder is free: the open source draws its next arrival; a closed
 * source lets its waiting clients in until one blocks. */
void src_unblocked(line *ln, source *so)
{
	if (so->sc->kind == SRC_OPEN) {
		next_arrival(ln, so);
		return;
	}
	while (so->pend_head) {
		item *it = so->pend_head;

		so->pend_head = it->next;
		if (!so->pend_head)
			so->pend_tail = NULL;
		so->hold.it = it;
		if (!stn_offer(ln, &so->hold, so->sc->to))
			return;
		so->hold.it = NULL;
		so->hold.state = SRV_IDLE;
	}
}

void src_arrival(line *ln, source *so)
{
	item *it = make(ln, so);

	if (!it)
		return;
	so->hold.it = it;
	if (!stn_offer(ln, &so->hold, so->sc->to))
		return;
	so->hold.it = NULL;
	src_unblocked(ln, so);
}

void src_think_over(line *ln, item *it)
{
	source *so = &ln->src[it->src];

	if (exhausted(so)) {
		line_item_free(ln, it);
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
	if (stn_offer(ln, &so->hold, so->sc->to)) {
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
	eq_push(ln->q, &it->ev, eq_now(ln->q) + st_from_s(think));
}
