/*
 * scoll.c: a barrier's all-reduce placed on the hardware (coll.h has the
 * algorithms and the sources of their costs).
 *
 * The rule for links. A barrier's ranks are the stations that feed it
 * (whose `next` names it), in the file's order; a rank's device is the
 * first device its station runs on (for a MIG partition, its GPU: where
 * links end). When exactly `group` stations feed it, each on a device,
 * the collective goes on the wire: each of the algorithm's flows goes
 * from one rank's device to another's (or, for nvls, to the switch that
 * reduces) over the route an idle transfer finds fastest: the least sum
 * over its links of 1 / bandwidth, then the fewest links, then the
 * links' order in the file (Dijkstra, O(devices^2) a source device: a
 * machine has tens). A flow is one transfer on each link direction of
 * its route, all under way together: a pipelined flow moves at its
 * narrowest link's share, which is what the fluid model keeps (a link
 * done early frees its share at once, which a real pipeline would not).
 * A stage adds its steps times its slowest route's latency (coll.h), the
 * stages' latencies once its last stage is over.
 *
 * Otherwise (a source feeds it, a replica has no device, or more
 * stations feed it than a round takes, so the ranks change from round to
 * round) the collective takes the formula's time over one hop of the
 * links `via` names, as before it went on the wire. When the routing is
 * possible, a `via` given must name the route of the first hop (rank 0
 * to rank 1): it then says what the routing finds, and one that
 * contradicts the placement is an error, never silently ignored.
 *
 * Nodes (hierarchical): two ranks share a node when their devices are
 * joined without passing through a NIC (the catalog's kind nic).
 *
 * Owns nothing past a call: its scratch is freed on every path; what it
 * makes (st->ar_xfer) the scen owns.
 */
#include "scenario/scen_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coll.h"
#include "core/hb.h"
#include "input/jrd.h"

/* Scratch of one barrier's placing. */
typedef struct place {
	rd *r;
	int bi;			/* the barrier's station index */
	const scen *s;
	int nranks;
	int *rank_st;		/* station of each rank, in rank order */
	int *rank_dev;		/* its device (a top-level one) */
	/* Dijkstra from `src` (-1: none yet) */
	int src;
	double *cost;
	int *hops, *came, *done;	/* came: the link that reached a device */
	int *path;		/* a route's links, from its source */
	double *load;		/* bytes per link direction in one stage */
	scen_xfer *x;		/* what is made */
	int nx, capx;
} place;

static int top(const scen *s, int d)
{
	return s->devices[d].parent >= 0 ? s->devices[d].parent : d;
}

/* Is device a better reached by (c, h) than it is? */
static int better(const place *p, int a, double c, int h)
{
	return c < p->cost[a] || (c == p->cost[a] && h < p->hops[a]);
}

static void dijkstra(place *p, int src)
{
	const scen *s = p->s;

	p->src = src;
	for (int d = 0; d < s->ndevices; d++) {
		p->cost[d] = INFINITY;
		p->hops[d] = 0;
		p->came[d] = -1;
		p->done[d] = 0;
	}
	p->cost[src] = 0;
	for (;;) {
		int u = -1;

		for (int d = 0; d < s->ndevices; d++)
			if (!p->done[d] && isfinite(p->cost[d]) &&
			    (u < 0 || better(p, u, p->cost[d], p->hops[d])))
				u = d;
		if (u < 0)
			return;
		p->done[u] = 1;
		for (int k = 0; k < s->nlinks; k++) {
			const scen_link *l = &s->links[k];
			int v = l->ends[0] == u ? l->ends[1] : l->ends[1] == u ? l->ends[0] : -1;
			double c;

			if (v < 0 || p->done[v] || l->ends[0] < 0 || l->ends[1] < 0 ||
			    !(l->bandwidth > 0))
				continue;
			c = p->cost[u] + 1 / l->bandwidth;
			if (better(p, v, c, p->hops[u] + 1)) {
				p->cost[v] = c;
				p->hops[v] = p->hops[u] + 1;
				p->came[v] = k;
			}
		}
	}
}

/* The route from device a to device b into p->path: its length, or -1
 * when no links join them. */
static int route(place *p, int a, int b)
{
	int n = 0, d = b;

	if (p->src != a)
		dijkstra(p, a);
	if (!isfinite(p->cost[b]))
		return -1;
	n = p->hops[b];
	for (int i = n - 1; i >= 0; i--) {
		const scen_link *l = &p->s->links[p->came[d]];

		p->path[i] = p->came[d];
		d = l->ends[0] == d ? l->ends[1] : l->ends[0];
	}
	return n;
}

/* Place the error at stations[bi].allreduce, or at its key when the file
 * has it (the algorithm, via). */
static void go(place *p, const char *key)
{
	const cJSON *ar = jrd_member(cJSON_GetArrayItem(p->r->jstations, p->bi),
				     "allreduce");

	if (key && jrd_member(ar, key))
		jrd_goto(&p->r->j, "stations[%d].allreduce.%s", p->bi, key);
	else
		jrd_goto(&p->r->j, "stations[%d].allreduce", p->bi);
}

static int add_xfer(place *p, int link, int dir, int stage, double bytes)
{
	if (p->nx == p->capx) {
		int cap = p->capx ? 2 * p->capx : 64;
		scen_xfer *x = hb_realloc(p->x, (size_t)cap * sizeof *x);

		if (!x)
			return jrd_oom(&p->r->j);
		p->x = x;
		p->capx = cap;
	}
	p->x[p->nx].link = link;
	p->x[p->nx].dir = dir;
	p->x[p->nx].stage = stage;
	p->x[p->nx].bytes = bytes;
	p->nx++;
	return 0;
}

static const char *dev_name(const place *p, int d)
{
	return p->s->devices[d].name;
}

/* One flow from device a to device b: a transfer on each link direction
 * of the route, in the direction a transport over it would take. Its
 * route's latency into *lat. */
static int add_flow(place *p, int a, int b, int stage, double bytes,
		    simtime *lat)
{
	int n = route(p, a, b), at = a;

	*lat = 0;
	if (n < 0) {
		go(p, NULL);
		return jrd_fail(&p->r->j, "no route over the hardware links from %s "
				"to %s, which its replicas run on", dev_name(p, a),
				dev_name(p, b));
	}
	for (int i = 0; i < n; i++) {
		const scen_link *l = &p->s->links[p->path[i]];
		int d = at == l->ends[1];

		at = d ? l->ends[0] : l->ends[1];
		*lat += l->latency;
		if (add_xfer(p, p->path[i], l->duplex ? d : 0, stage, bytes) < 0)
			return -1;
	}
	return 0;
}

/* ---- the ranks ------------------------------------------------------ */

static int feeds(const scen_station *st, int b)
{
	for (int k = 0; k < st->nroutes; k++)
		if (st->routes[k].to == b)
			return 1;
	return 0;
}

/* The stations that feed the barrier, in file order; and why the
 * collective cannot go on the wire (NULL when it can) into why. */
static int find_ranks(place *p, char *why, size_t n)
{
	const scen *s = p->s;
	int nsrc = 0, nodev = -1;

	why[0] = 0;
	p->nranks = 0;
	for (int j = 0; j < s->nsources; j++)
		nsrc += s->sources[j].to == p->bi;
	for (int j = 0; j < s->nstations; j++)
		if (j != p->bi && feeds(&s->stations[j], p->bi)) {
			const scen_station *st = &s->stations[j];

			if (st->ndevices == 0 && nodev < 0)
				nodev = j;
			p->rank_st[p->nranks] = j;
			p->rank_dev[p->nranks++] = st->ndevices ?
				top(s, st->device_idx[0]) : -1;
		}
	if (nsrc > 0)
		snprintf(why, n, "a source feeds it");
	else if (p->nranks != s->stations[p->bi].group)
		snprintf(why, n, "%d stations feed it and a round takes %lld", p->nranks,
			 (long long)s->stations[p->bi].group);
	else if (nodev >= 0)
		snprintf(why, n, "%s runs on no device", s->stations[nodev].name);
	return 0;
}

/* Each device's node: its component once the NICs are taken out. */
static void nodes(const scen *s, int *node, int *queue)
{
	for (int d = 0; d < s->ndevices; d++)
		node[d] = -1;
	for (int d0 = 0; d0 < s->ndevices; d0++) {
		int head = 0, tail = 0;

		if (node[d0] >= 0 || s->devices[d0].cat_kind == CAT_NIC)
			continue;
		node[d0] = d0;
		queue[tail++] = d0;
		while (head < tail) {
			int u = queue[head++];

			for (int k = 0; k < s->nlinks; k++) {
				const scen_link *l = &s->links[k];
				int v = l->ends[0] == u ? l->ends[1] :
					l->ends[1] == u ? l->ends[0] : -1;

				if (v >= 0 && node[v] < 0 &&
				    s->devices[v].cat_kind != CAT_NIC) {
					node[v] = d0;
					queue[tail++] = v;
				}
			}
		}
	}
}

/* Hierarchical: ranks node by node (nodes in order of their first rank),
 * as many on each. *g, *m. */
static int order_by_node(place *p, int64_t *g, int64_t *m)
{
	const scen *s = p->s;
	int *node = p->hops, *queue = p->came, *st = p->path, *dv = p->done;
	int k = 0, per = -1;

	nodes(s, node, queue);
	*m = 0;
	for (int i = 0; i < p->nranks; i++) {
		int nd = node[p->rank_dev[i]], here = 0, seen = 0;

		for (int j = 0; j < i; j++)
			seen |= node[p->rank_dev[j]] == nd;
		if (seen)
			continue;
		for (int j = i; j < p->nranks; j++)
			if (node[p->rank_dev[j]] == nd) {
				st[k] = p->rank_st[j];
				dv[k++] = p->rank_dev[j];
				here++;
			}
		if (per >= 0 && here != per) {
			go(p, "algorithm");
			return jrd_fail(&p->r->j, "hierarchical needs as many replicas on "
					"every node: %d on %s's node, %d on %s's", per,
					dev_name(p, p->rank_dev[0]), here,
					dev_name(p, p->rank_dev[i]));
		}
		per = here;
		(*m)++;
	}
	memcpy(p->rank_st, st, (size_t)p->nranks * sizeof *st);
	memcpy(p->rank_dev, dv, (size_t)p->nranks * sizeof *dv);
	*g = per;
	p->src = -1;	/* the scratch Dijkstra uses was borrowed */
	return 0;
}

/* nvls: the switch on the route from rank 0 to rank 1, which every
 * rank reaches inside its node. */
static int find_switch(place *p, int *sw)
{
	int n = route(p, p->rank_dev[0], p->rank_dev[1]), at = p->rank_dev[0];

	*sw = -1;
	for (int i = 0; i < n && *sw < 0; i++) {
		const scen_link *l = &p->s->links[p->path[i]];

		at = at == l->ends[0] ? l->ends[1] : l->ends[0];
		if (p->s->devices[at].cat_kind == CAT_SWITCH)
			*sw = at;
	}
	if (*sw >= 0) {
		int64_t g, m;

		if (order_by_node(p, &g, &m) < 0)
			return -1;
		if (m == 1)
			return 0;
	}
	go(p, "algorithm");
	return jrd_fail(&p->r->j, "nvls reduces in a switch that joins all the "
			"replicas inside one node, and %s", *sw < 0 ?
			"the route from the first replica's device to the second's "
			"crosses none" : "they are on several nodes");
}

/* ---- on the wire ---------------------------------------------------- */

/* The device of a flow's end: a rank's, or the switch. */
static int end_dev(const place *p, int64_t e, int sw)
{
	return e == COLL_SWITCH ? sw : p->rank_dev[e];
}

/* Time of a stage on idle links: its busiest link direction's bytes at
 * its bandwidth (every transfer there starts at once, and processor
 * sharing is work-conserving). */
static double stage_time(place *p, int stage)
{
	double t = 0;

	memset(p->load, 0, 2 * (size_t)p->s->nlinks * sizeof *p->load);
	for (int i = 0; i < p->nx; i++)
		if (p->x[i].stage == stage)
			p->load[2 * p->x[i].link + p->x[i].dir] += p->x[i].bytes;
	for (int k = 0; k < 2 * p->s->nlinks; k++)
		t = fmax(t, p->load[k] / p->s->links[k / 2].bandwidth);
	return t;
}

static int check_via(place *p)
{
	const scen_station *st = &p->s->stations[p->bi];
	int n = route(p, p->rank_dev[0], p->rank_dev[1]), same = n == st->nar_via;
	char list[400] = "";
	size_t len = 0;

	for (int i = 0; i < st->nar_via && same; i++)
		same = scen_link_index(p->s, st->ar_via[i]) == p->path[i];
	if (same)
		return 0;
	for (int i = 0; i < n && len < sizeof list - 80; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
					i ? ", " : "", p->s->links[p->path[i]].name);
	go(p, "via");
	return jrd_fail(&p->r->j, "the collective is routed over the hardware links "
			"between its replicas' devices, and from %s to %s that is %s; "
			"list those links or leave \"via\" out", dev_name(p, p->rank_dev[0]),
			dev_name(p, p->rank_dev[1]), n ? list : "no link");
}

static int wire_flows(place *p, const coll_plan *plan, int sw, simtime *lat)
{
	scen_station *st = &p->s->stations[p->bi];
	int64_t nf = coll_plan_flows(plan, NULL);
	coll_flow *f = hb_calloc((size_t)nf + 1, sizeof *f);
	simtime worst[COLL_MAX_STAGES] = { 0 };

	if (!f)
		return jrd_oom(&p->r->j);
	coll_plan_flows(plan, f);
	for (int64_t i = 0; i < nf; i++) {
		simtime l;

		if (add_flow(p, end_dev(p, f[i].from, sw), end_dev(p, f[i].to, sw),
			     f[i].stage, f[i].frac * st->allreduce_bytes, &l) < 0) {
			hb_free(f);
			return -1;
		}
		if (l > worst[f[i].stage])
			worst[f[i].stage] = l;
	}
	hb_free(f);
	*lat = 0;
	for (int s = 0; s < plan->nstages; s++)
		*lat += plan->steps[s] * worst[s];
	return 0;
}

static int on_wire(place *p)
{
	scen_station *st = &p->s->stations[p->bi];
	int64_t g = p->nranks, m = 1;
	int sw = -1;
	coll_plan plan;
	simtime lat = 0;
	double t = 0;

	if (st->nar_via > 0 && check_via(p) < 0)
		return -1;
	if (st->ar_algo == COLL_HIER && order_by_node(p, &g, &m) < 0)
		return -1;
	if (st->ar_algo == COLL_NVLS && find_switch(p, &sw) < 0)
		return -1;
	coll_plan_init(&plan, (coll_algo)st->ar_algo, g, m);
	if (wire_flows(p, &plan, sw, &lat) < 0)
		return -1;
	for (int s = 0; s < plan.nstages; s++)
		t += stage_time(p, s);
	st->ar_xfer = p->x;
	st->nar_xfer = p->nx;
	p->x = NULL;
	st->ar_nstages = plan.nstages;
	st->ar_latency = lat;
	st->service = dist_const(t + st_to_s(lat));
	st->has_service = 1;
	return 0;
}

/* ---- by the formula ------------------------------------------------- */

static int by_formula(place *p, const char *why)
{
	scen_station *st = &p->s->stations[p->bi];
	coll_hop hop;
	double t;

	if (st->nar_via == 0 || st->ar_algo == COLL_HIER) {
		go(p, st->nar_via ? "algorithm" : NULL);
		return jrd_fail(&p->r->j, "the collective cannot be routed over the "
				"hardware links (%s)%s", why, st->nar_via ? ", and "
				"hierarchical needs the nodes they would show" :
				": give \"via\", the links of one hop, for its time by "
				"the formula");
	}
	coll_hop_init(&hop);
	for (int j = 0; j < st->nar_via; j++) {
		int k = scen_link_index(p->s, st->ar_via[j]);

		jrd_goto(&p->r->j, "stations[%d].allreduce.via[%d]", p->bi, j);
		if (k < 0)
			return jrd_fail(&p->r->j, "no link named \"%s\"%s", st->ar_via[j],
					p->s->nlinks ? "" : " (the scenario has no hardware links)");
		coll_hop_add(&hop, p->s->links[k].bandwidth,
			     st_to_s(p->s->links[k].latency));
	}
	t = st->ar_algo == COLL_TREE ? coll_tree_allreduce(&hop, st->allreduce_bytes, st->group) :
	    st->ar_algo == COLL_NVLS ? coll_nvls_allreduce(&hop, st->allreduce_bytes, st->group) :
	    coll_ring_allreduce(&hop, st->allreduce_bytes, st->group);
	st->service = dist_const(t);
	st->has_service = 1;
	return 0;
}

static void place_free(place *p)
{
	hb_free(p->rank_st);
	hb_free(p->rank_dev);
	hb_free(p->cost);
	hb_free(p->hops);
	hb_free(p->came);
	hb_free(p->done);
	hb_free(p->path);
	hb_free(p->load);
	hb_free(p->x);
}

int scoll_resolve(rd *r, int i)
{
	const scen *s = r->s;
	size_t nd = (size_t)s->ndevices + 1, ns = (size_t)s->nstations + 1;
	size_t big = (nd > ns ? nd : ns) + (size_t)s->nlinks;
	place p = { .r = r, .bi = i, .s = s, .src = -1 };
	char why[200];
	int rc;

	p.rank_st = hb_calloc(big, sizeof *p.rank_st);
	p.rank_dev = hb_calloc(big, sizeof *p.rank_dev);
	p.cost = hb_calloc(nd, sizeof *p.cost);
	p.hops = hb_calloc(big, sizeof *p.hops);
	p.came = hb_calloc(big, sizeof *p.came);
	p.done = hb_calloc(big, sizeof *p.done);
	p.path = hb_calloc(big, sizeof *p.path);
	p.load = hb_calloc(2 * (size_t)s->nlinks + 1, sizeof *p.load);
	if (!p.rank_st || !p.rank_dev || !p.cost || !p.hops || !p.came ||
	    !p.done || !p.path || !p.load) {
		place_free(&p);
		return jrd_oom(&r->j);
	}
	find_ranks(&p, why, sizeof why);
	rc = why[0] ? by_formula(&p, why) : on_wire(&p);
	place_free(&p);
	return rc;
}
