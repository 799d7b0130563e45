/*
 * diagram.c: the line's diagram (diagram.h).
 *
 * The layout: sources stand in the first column and each station one
 * column right of its furthest predecessor, so the flow reads left to
 * right; a route that closes a cycle (found by a depth-first search from
 * the sources) is drawn as a loop below the boxes instead of pushing its
 * target right. Within a column, stations are ordered by the mean height
 * of their predecessors, which keeps forks fanning out from their
 * station. Then the hardware: the devices work runs on and the links that
 * carried something, in rows.
 *
 * Only the layout allocates: a few numbers per source, station and route,
 * held by the diagram; the search runs without recursion, so a long line
 * cannot overflow the stack. Drawing writes straight to the FILE, with
 * one decimal in the C locale: the same results, the same bytes.
 */
#include "view/diagram.h"

#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/unit.h"
#include "view/page.h"

#define NW 164			/* a box, px */
#define NH 64
#define SH 44			/* a source's */
#define GX 112			/* between columns: room for an edge's label */
#define GY 34			/* between rows: room for the tags over a box */
#define PAD 20
#define HGAP 26			/* between hardware boxes */

struct diagram {
	const scen *s;
	int ns, n;		/* sources, nodes: sources, then stations */
	int *col;		/* per node */
	double *y;		/* per node: its center, px */
	int *eoff;		/* node u's edges: eoff[u] .. eoff[u + 1] - 1 */
	unsigned char *back;	/* per edge: it closes a cycle */
	int ncols, maxrows, anyback;
	double width, height;	/* the flow's part */
};

static int nsucc(const diagram *L, int u)
{
	const scen_station *st;

	if (u < L->ns)
		return 1;
	st = &L->s->stations[u - L->ns];
	return st->next == NEXT_NONE ? 0 : st->nroutes;
}

/* The node edge j of u leads to; -1 for a route out of the line (drawn
 * as a stub, not laid out). */
static int succ(const diagram *L, int u, int j)
{
	int to = u < L->ns ? L->s->sources[u].to :
		 L->s->stations[u - L->ns].routes[j].to;

	return to == SCEN_OUT ? -1 : L->ns + to;
}

/* Depth-first from root, without recursion (a line may be long): marks
 * the edges that reach a node still on the stack, appends nodes to post
 * as they finish. */
static void lay_dfs(diagram *L, int root, unsigned char *state, int *stack,
		    int *it, int *post, int *np)
{
	int sp = 0;

	if (state[root])
		return;
	state[root] = 1;
	it[root] = 0;
	stack[sp++] = root;
	while (sp) {
		int u = stack[sp - 1];

		if (it[u] < nsucc(L, u)) {
			int j = it[u]++, v = succ(L, u, j);

			if (v < 0)
				continue;
			if (state[v] == 1) {
				L->back[L->eoff[u] + j] = 1;
				L->anyback = 1;
			} else if (state[v] == 0) {
				state[v] = 1;
				it[v] = 0;
				stack[sp++] = v;
			}
		} else {
			state[u] = 2;
			post[(*np)++] = u;
			sp--;
		}
	}
}

typedef struct slot { double key; int u; } slot;

static int slot_cmp(const void *pa, const void *pb)
{
	const slot *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->u > b->u) - (a->u < b->u);
}

/* Rows within each column, by the mean height of the predecessors
 * (already placed: they stand in earlier columns). rel: height relative
 * to the column's middle. */
static void lay_rows(diagram *L, double *rel, double *sum, int *cnt, slot *sl)
{
	double pitch = NH + GY;

	for (int c = 0; c < L->ncols; c++) {
		int m = 0;

		for (int u = 0; u < L->n; u++)
			sum[u] = 0, cnt[u] = 0;
		for (int u = 0; u < L->n; u++)
			for (int j = 0; j < nsucc(L, u); j++) {
				int v = succ(L, u, j);

				if (v >= 0 && L->col[v] == c && L->col[u] < c) {
					sum[v] += rel[u];
					cnt[v]++;
				}
			}
		for (int u = 0; u < L->n; u++)
			if (L->col[u] == c) {
				sl[m].key = cnt[u] ? sum[u] / cnt[u] : 1e9 + u;
				sl[m++].u = u;
			}
		qsort(sl, (size_t)m, sizeof *sl, slot_cmp);
		for (int i = 0; i < m; i++)
			rel[sl[i].u] = (i - (m - 1) / 2.0) * pitch;
		if (m > L->maxrows)
			L->maxrows = m;
	}
	for (int u = 0; u < L->n; u++)
		L->y[u] = PAD + 16 + (L->maxrows - 1) / 2.0 * pitch + rel[u] + NH / 2.0;
}

static void lay_free(diagram *L)
{
	hb_free(L->col);
	hb_free(L->y);
	hb_free(L->eoff);
	hb_free(L->back);
}

/* 0, or -1 when out of memory (L is then freed). */
static int lay_build(diagram *L, const scen *s)
{
	int n = s->nsources + s->nstations, ne = 0, np = 0, rc = -1;
	unsigned char *state = hb_calloc((size_t)n + 1, 1);
	int *stack = hb_calloc((size_t)n + 1, sizeof(int));
	int *it = hb_calloc((size_t)n + 1, sizeof(int));
	int *post = hb_calloc((size_t)n + 1, sizeof(int));
	int *cnt = hb_calloc((size_t)n + 1, sizeof(int));
	double *rel = hb_calloc((size_t)n + 1, sizeof(double));
	double *sum = hb_calloc((size_t)n + 1, sizeof(double));
	slot *sl = hb_calloc((size_t)n + 1, sizeof(slot));

	memset(L, 0, sizeof *L);
	L->s = s;
	L->ns = s->nsources;
	L->n = n;
	L->col = hb_calloc((size_t)n + 1, sizeof(int));
	L->y = hb_calloc((size_t)n + 1, sizeof(double));
	L->eoff = hb_calloc((size_t)n + 1, sizeof(int));
	if (!state || !stack || !it || !post || !cnt || !rel || !sum || !sl ||
	    !L->col || !L->y || !L->eoff)
		goto out;
	for (int u = 0; u < n; u++) {
		L->eoff[u] = ne;
		ne += nsucc(L, u);
	}
	L->eoff[n] = ne;
	if (!(L->back = hb_calloc((size_t)ne + 1, 1)))
		goto out;
	for (int u = 0; u < n; u++)
		lay_dfs(L, u, state, stack, it, post, &np);
	for (int u = 0; u < n; u++)
		L->col[u] = u < L->ns ? 0 : 1;
	for (int i = np - 1; i >= 0; i--) {
		int u = post[i];

		for (int j = 0; j < nsucc(L, u); j++) {
			int v = succ(L, u, j);

			if (v >= 0 && !L->back[L->eoff[u] + j] &&
			    L->col[v] < L->col[u] + 1)
				L->col[v] = L->col[u] + 1;
		}
	}
	for (int u = 0; u < n; u++)
		if (L->col[u] + 1 > L->ncols)
			L->ncols = L->col[u] + 1;
	lay_rows(L, rel, sum, cnt, sl);
	L->width = 2 * PAD + L->ncols * NW + (L->ncols - 1) * GX + 48;
	L->height = PAD + 16 + L->maxrows * (NH + GY) - GY + (L->anyback ? 60 : 10);
	rc = 0;
out:
	hb_free(state);
	hb_free(stack);
	hb_free(it);
	hb_free(post);
	hb_free(cnt);
	hb_free(rel);
	hb_free(sum);
	hb_free(sl);
	if (rc)
		lay_free(L);
	return rc;
}

static double node_x(const diagram *L, int u)
{
	return PAD + L->col[u] * (NW + GX);
}

static double node_h(const diagram *L, int u)
{
	return u < L->ns ? SH : NH;
}

static void arrow(FILE *f, double x, double y, double dx, double dy)
{
	/* a head at (x, y) pointing along (dx, dy), a unit vector */
	fprintf(f, "<path fill=\"#666\" d=\"M%.1f,%.1fL%.1f,%.1fL%.1f,%.1fZ\"/>\n",
		x, y, x - 8 * dx - 4.5 * dy, y - 8 * dy + 4.5 * dx,
		x - 8 * dx + 4.5 * dy, y - 8 * dy - 4.5 * dx);
}

/* What an edge's label says: its probability, the conveyor or the links
 * it crosses, "fork". Raw text: escaped when written. */
static void edge_label(char *buf, size_t n, const scen_station *st, int j)
{
	size_t len = 0;

	buf[0] = 0;
	if (st->next == NEXT_PROB)
		len += (size_t)snprintf(buf, n, "%.3g%%", 100 * st->routes[j].p);
	else if (st->next == NEXT_FORK)
		len += (size_t)snprintf(buf, n, "fork");
	if (st->transport == TRANSPORT_DELAY && len < n) {
		char d[32];

		page_dur(d, sizeof d, dist_mean(&st->transport_delay));
		len += (size_t)snprintf(buf + len, n - len, "%sconveyor %s",
					len ? " \xc2\xb7 " : "", d);
	} else if (st->transport == TRANSPORT_VIA && len < n) {
		len += (size_t)snprintf(buf + len, n - len, "%svia ",
					len ? " \xc2\xb7 " : "");
		for (int i = 0; i < st->nvia && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						i ? "+" : "", st->via[i]);
	}
}

/* Characters of UTF-8 text. */
static int nchars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

#define ELAB_MAX 20		/* an edge label's characters: about a gap's width */

/* An edge's label centered near x, kept between lo and hi (the boxes on
 * either side) when it fits there. */
static void edge_text(FILE *f, double x, double y, double lo, double hi,
		      const char *label)
{
	int n = nchars(label);
	double hw = 2.9 * (n < ELAB_MAX ? n : ELAB_MAX);

	if (!label[0])
		return;
	if (hi - lo >= 2 * hw)
		x = x < lo + hw ? lo + hw : x > hi - hw ? hi - hw : x;
	else
		x = (lo + hi) / 2;
	fprintf(f, "<text class=\"elab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		x, y);
	page_text_cut(f, label, ELAB_MAX);
	fputs("</text>\n", f);
}

/* A cubic Bezier's coordinate at t from its four control values. */
static double cubic(double p0, double p1, double p2, double p3, double t)
{
	double m = 1 - t;

	return m * m * m * p0 + 3 * m * m * t * p1 + 3 * m * t * t * p2 + t * t * t * p3;
}

/* A short arrow out of the line from u's right side, dy below its middle,
 * tagged "out" and the route's label. */
static void out_stub(FILE *f, const diagram *L, int u, double dy,
		     const char *label)
{
	double x = node_x(L, u) + NW, y = L->y[u] + dy;

	fprintf(f, "<path stroke=\"#666\" stroke-width=\"1.4\" d=\"M%.1f,%.1fH%.1f\"/>\n",
		x, y, x + 28);
	arrow(f, x + 35, y, 1, 0);
	fprintf(f, "<text class=\"tag\" x=\"%.1f\" y=\"%.1f\">out%s",
		x + 8, y - 6, label[0] ? " " : "");
	page_text_cut(f, label, ELAB_MAX);
	fputs("</text>\n", f);
}

static void draw_edges(FILE *f, const diagram *L)
{
	char label[256];

	fputs("<g class=\"edges\" fill=\"none\">\n", f);
	for (int u = 0; u < L->n; u++)
		for (int j = 0; j < nsucc(L, u); j++) {
			int v = succ(L, u, j);
			double ax, ay, bx, by, d, bez;

			label[0] = 0;
			if (u >= L->ns)
				edge_label(label, sizeof label,
					   &L->s->stations[u - L->ns], j);
			if (v < 0) {
				out_stub(f, L, u, 14, label);
				continue;
			}
			if (!L->back[L->eoff[u] + j]) {
				ax = node_x(L, u) + NW, ay = L->y[u];
				bx = node_x(L, v), by = L->y[v];
				d = (bx - ax) / 2;
				fprintf(f, "<path stroke=\"#666\" stroke-width=\"1.4\" "
					"d=\"M%.1f,%.1fC%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
					ax, ay, ax + d, ay, bx - d, by, bx - 7, by);
				arrow(f, bx, by, 1, 0);
				/* where a station fans out, labels at the
				 * middles would pile up: put them near the
				 * targets */
				bez = nsucc(L, u) > 1 ? 0.78 : 0.5;
				edge_text(f, cubic(ax, ax + d, bx - d, bx - 7, bez),
					  cubic(ay, ay, by, by, bez) - 5, ax + 4, bx - 10,
					  label);
				continue;
			}
			/* a cycle: a loop under the boxes, up into the target */
			ax = node_x(L, u) + NW * (u == v ? 0.68 : 0.5);
			ay = L->y[u] + node_h(L, u) / 2;
			bx = node_x(L, v) + NW * (u == v ? 0.32 : 0.5);
			by = L->y[v] + node_h(L, v) / 2;
			d = (ay > by ? ay : by) + 44;
			fprintf(f, "<path stroke=\"#666\" stroke-width=\"1.4\" "
				"d=\"M%.1f,%.1fC%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
				ax, ay, ax, d, bx, d, bx, by + 7);
			arrow(f, bx, by, 0, -1);
			edge_text(f, (ax + bx) / 2, d - 6, 0, 1e9, label);
		}
	for (int k = 0; k < L->s->nstations; k++)
		if (L->s->stations[k].next == NEXT_NONE)
			out_stub(f, L, L->ns + k, 0, "");
	fputs("</g>\n", f);
}

/* A box's outline and the tags over it: red and labelled when it is the
 * constraint. */
static void box(FILE *f, double x, double y, double w, double h, double rx,
		const char *fill, enum page_mark m)
{
	fprintf(f, "<rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"rx=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
		x, y, w, h, rx, fill, m ? PAGE_COL_CONSTRAINT : "#777", m ? "3" : "1.2");
	if (m)
		fprintf(f, "<text class=\"ctag constraint-label\" x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"end\">%s</text>\n", x + w, y - 6, page_mark_label(m));
}

/* Up to three lines of text in a box: the name, then raw lines (escaped
 * and cut to fit). */
static void box_text(FILE *f, double x, double y, const char *name,
		     const char *l2, const char *l3)
{
	fprintf(f, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\">", x + 8, y + 16);
	page_text_cut(f, name, 22);
	fputs("</text>\n", f);
	if (l2 && *l2) {
		fprintf(f, "<text class=\"sub\" x=\"%.1f\" y=\"%.1f\">", x + 8, y + 31);
		page_text_cut(f, l2, 27);
		fputs("</text>\n", f);
	}
	if (l3 && *l3) {
		fprintf(f, "<text class=\"sub\" x=\"%.1f\" y=\"%.1f\">", x + 8, y + 45);
		page_text_cut(f, l3, 27);
		fputs("</text>\n", f);
	}
}

/* A thin bar along a box's foot: shares v[0..n-1] in their colors. */
static void share_bar(FILE *f, double x, double y, const double *v,
		      const char *const *color, int n)
{
	double w = NW - 16, at = x + 8;

	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#eee\"/>",
		at, y, w);
	for (int i = 0; i < n; i++) {
		double s = v[i] > 0 ? (v[i] < 1 ? v[i] : 1) * w : 0;

		if (at + s > x + 8 + w)
			s = x + 8 + w - at;
		if (s >= 0.05)
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"%s\"/>",
				at, y, s, color[i]);
		at += s;
	}
	fputc('\n', f);
}

/* "a, b, c" of the names of the stations on device k, raw. */
static void running(char *buf, size_t n, const scen *s, int k)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < s->nstations && len < n; i++)
		if (scen_station_on(&s->stations[i], k))
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? ", " : "runs ",
						s->stations[i].name);
}

static void draw_source(FILE *f, const diagram *L, const res *r, int u)
{
	const scen_source *so = &L->s->sources[u];
	enum page_mark m = res_verdict(r) == RES_MARKET ? PAGE_MARK_MARKET :
			   PAGE_MARK_NONE;
	double x = node_x(L, u), y = L->y[u] - SH / 2.0;
	char l2[160], rate[32];

	if (so->kind == SCEN_SRC_OPEN && dist_mean(&so->arrival) > 0) {
		unit_format(UNIT_RATE, 1 / dist_mean(&so->arrival), rate, sizeof rate);
		snprintf(l2, sizeof l2, "%s %s", rate, so->unit);
	} else if (so->kind == SCEN_SRC_CLOSED) {
		snprintf(l2, sizeof l2, "%lld client%s", (long long)so->clients,
			 so->clients == 1 ? "" : "s");
	} else {
		snprintf(l2, sizeof l2, "%s always waiting", so->unit);
	}
	fprintf(f, "<g class=\"node source%s\"><title>source ", m ? " constraint" : "");
	page_text(f, so->name);
	fputs(": ", f);
	page_text(f, l2);
	if (m)
		fputs("; the line keeps up with it: the market is the constraint", f);
	fputs("</title>\n", f);
	box(f, x, y, NW, SH, SH / 2.0, "#f3f6fa", m);
	box_text(f, x + 6, y - 1, so->name, l2, NULL);
	fputs("</g>\n", f);
}

/* A station box's second and third lines, raw: its servers and buffer;
 * its working share and the devices it runs on. */
static void station_lines(char *l2, size_t n2, char *l3, size_t n3,
			  const scen_station *st, const stat_acc *fs)
{
	size_t len;
	char u[16];

	if (st->kind == SCEN_STN_BARRIER)
		len = (size_t)snprintf(l2, n2, "all-reduce of %lld", (long long)st->group);
	else
		len = (size_t)snprintf(l2, n2, "%s%lld server%s",
				       st->kind == SCEN_STN_PERIODIC ? "periodic, " : "",
				       (long long)st->servers, st->servers == 1 ? "" : "s");
	if (st->capacity >= 0 && len < n2)
		len += (size_t)snprintf(l2 + len, n2 - len, ", buffer %lld%s",
					(long long)st->capacity,
					st->on_full == FULL_DROP ? " (drops)" : "");
	if (st->batching.on && len < n2)
		snprintf(l2 + len, n2 - len, ", batches of %lld",
			 (long long)st->batching.max_batch);
	page_pct(u, sizeof u, stat_mean(&fs[SF_WORKING]));
	len = (size_t)snprintf(l3, n3, "%s working", u);
	for (int i = 0; i < st->ndevices && len < n3; i++)
		len += (size_t)snprintf(l3 + len, n3 - len, "%s%s",
					i ? ", " : " \xc2\xb7 on ", st->devices[i]);
}

/* The tag over a station that forks ("fork, joined at j") or joins
 * another's fork ("join of s"). */
static void fork_tag(FILE *f, const scen *s, int k, double x, double y)
{
	const scen_station *st = &s->stations[k];

	if (st->next == NEXT_FORK && st->join >= 0) {
		fprintf(f, "<text class=\"tag\" x=\"%.1f\" y=\"%.1f\">fork, joined at ", x, y - 6);
		page_text_cut(f, s->stations[st->join].name, 14);
		fputs("</text>\n", f);
		return;
	}
	for (int i = 0; i < s->nstations; i++)
		if (s->stations[i].next == NEXT_FORK && s->stations[i].join == k) {
			fprintf(f, "<text class=\"tag\" x=\"%.1f\" y=\"%.1f\">join of ", x, y - 6);
			page_text_cut(f, s->stations[i].name, 14);
			fputs("</text>\n", f);
			return;
		}
}

/* A station: its box (outlined when it is the constraint), its lines,
 * the bar of its time's shares, and the full figures as its tooltip. */
static void draw_station(FILE *f, const diagram *L, const res *r, int k)
{
	const scen_station *st = &L->s->stations[k];
	const stat_acc *fs = r->st[k];
	int u = L->ns + k, n = 0;
	double x = node_x(L, u), y = L->y[u] - NH / 2.0, v[PAGE_NSTATES];
	const char *col[PAGE_NSTATES];
	enum page_mark m = page_mark(r, k);
	char l2[160], l3[256], share[16];

	station_lines(l2, sizeof l2, l3, sizeof l3, st, fs);
	fprintf(f, "<g class=\"node station%s\"><title>", m ? " constraint" : "");
	page_text(f, st->name);
	fputs(": ", f);
	page_text(f, l2);
	fputs("; ", f);
	page_text(f, l3);
	for (int i = 0; i < PAGE_NSTATES; i++) {
		if (page_states[i].sf == SF_WAITING && r->ndev == 0)
			continue;
		page_pct(share, sizeof share, stat_mean(&fs[page_states[i].sf]));
		fprintf(f, ", %s %s", page_states[i].name, share);
		v[n] = stat_mean(&fs[page_states[i].sf]);
		col[n++] = page_states[i].color;
	}
	if (m)
		fprintf(f, "; the %s", page_mark_label(m));
	fputs("</title>\n", f);
	box(f, x, y, NW, NH, 6, "#fff", m);
	fork_tag(f, L->s, k, x, y);
	box_text(f, x, y, st->name, l2, l3);
	share_bar(f, x, y + NH - 12, v, col, n);
	fputs("</g>\n", f);
}

/* What the hardware's rows show: the devices work runs on (not NICs,
 * switches or drives), and the links that carried something. */
static int hw_shown(const res *r, int k, int *idle)
{
	const scen *s = r->s;

	if (k < s->ndevices)
		return s->devices[k].kind != SCEN_DEV_ENDPOINT;
	if (r->lnk[k - s->ndevices][KF_BYTES_PER_S].max > 0)
		return 1;
	if (idle)
		++*idle;
	return 0;
}

static int hw_per_row(double width)
{
	int per = (int)((width - 2 * PAD + HGAP) / (NW + HGAP));

	return per < 4 ? 4 : per;
}

/* The height the hardware's rows take (0: nothing to show). */
static double hw_height(const res *r, double width)
{
	int n = 0, idle = 0, per = hw_per_row(width);

	for (int k = 0; k < r->s->ndevices + r->s->nlinks; k++)
		n += hw_shown(r, k, &idle);
	if (n == 0)
		return 0;
	return 30 + ((n + per - 1) / per) * (NH + GY) - GY + (idle ? 20 : 0) + 8;
}

/* One device or link of the hardware's rows. */
static void draw_hw(FILE *f, const res *r, int k, double x, double y)
{
	const scen *s = r->s;
	int e = s->nstations + k;
	enum page_mark m = page_mark(r, e);
	const char *c = PAGE_COL_WORKING;
	char l2[256], l3[256], u1[16], bw[32];
	double v;

	if (k < s->ndevices) {
		const scen_device *dv = &s->devices[k];

		v = stat_mean(&r->dev[k][DF_UTILIZATION]);
		page_pct(u1, sizeof u1, v);
		snprintf(l2, sizeof l2, "%s \xc2\xb7 %s in use",
			 dv->profile ? dv->profile : dv->type, u1);
		running(l3, sizeof l3, s, k);
	} else {
		int kl = k - s->ndevices;
		const scen_link *lk = &s->links[kl];

		v = stat_mean(&r->lnk[kl][KF_UTILIZATION]);
		page_pct(u1, sizeof u1, v);
		unit_format(UNIT_BANDWIDTH, stat_mean(&r->lnk[kl][KF_BYTES_PER_S]),
			    bw, sizeof bw);
		if (lk->ends[0] >= 0 && lk->ends[1] >= 0)
			snprintf(l2, sizeof l2, "link %s \xe2\x80\x93 %s",
				 s->devices[lk->ends[0]].name,
				 s->devices[lk->ends[1]].name);
		else
			snprintf(l2, sizeof l2, "link %s", lk->type ? lk->type : "");
		snprintf(l3, sizeof l3, "%s busy \xc2\xb7 %s", u1, bw);
	}
	fprintf(f, "<g class=\"node %s%s\"><title>", k < s->ndevices ? "device" : "link",
		m ? " constraint" : "");
	page_text(f, res_entity_name(r, e));
	fputs(": ", f);
	page_text(f, l2);
	fputs("; ", f);
	page_text(f, l3);
	if (m)
		fprintf(f, "; the %s", page_mark_label(m));
	fputs("</title>\n", f);
	box(f, x, y, NW, NH, 3, "#fbfbf8", m);
	box_text(f, x, y, res_entity_name(r, e), l2, l3);
	share_bar(f, x, y + NH - 12, &v, &c, 1);
	fputs("</g>\n", f);
}

/* The hardware's rows from y0 down (hw_height tall). */
static void draw_hardware(FILE *f, const res *r, double y0, double width)
{
	int per = hw_per_row(width), i = 0, idle = 0;

	if (hw_height(r, width) == 0)
		return;
	fprintf(f, "<text class=\"sub\" x=\"%d\" y=\"%.1f\">hardware: the devices "
		"stations run on, the links that carried something</text>\n",
		PAD, y0 + 12);
	for (int k = 0; k < r->s->ndevices + r->s->nlinks; k++) {
		if (!hw_shown(r, k, &idle))
			continue;
		draw_hw(f, r, k, PAD + (i % per) * (NW + HGAP),
			y0 + 30 + (i / per) * (NH + GY));
		i++;
	}
	if (idle)
		fprintf(f, "<text class=\"tag\" x=\"%d\" y=\"%.1f\">and %d link%s "
			"that carried nothing</text>\n", PAD,
			y0 + 30 + ((i + per - 1) / per) * (NH + GY) - GY + 16, idle,
			idle == 1 ? "" : "s");
}

/* The colors of the stations' bars, and the constraint's outline. */
static void diagram_legend(FILE *f, double y, int devices)
{
	double x = PAD + 72;

	fprintf(f, "<g class=\"legend\"><text class=\"sub\" x=\"%d\" y=\"%.1f\">time shares:</text>",
		PAD, y + 9);
	for (int i = 0; i < PAGE_NSTATES; i++) {
		const struct page_state *ps = &page_states[i];

		if (ps->sf == SF_WAITING && !devices)
			continue;
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" rx=\"2\" fill=\"%s\"/>"
			"<text x=\"%.1f\" y=\"%.1f\">%s</text>", x, y, ps->color, x + 14,
			y + 9, ps->name);
		x += 14 + 6.2 * (double)strlen(ps->name) + 14;
	}
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"10\" rx=\"2\" fill=\"none\" "
		"stroke=\"" PAGE_COL_CONSTRAINT "\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\">"
		"the constraint</text></g>\n", x + 10, y, x + 30, y + 9);
}

/* The diagram's title: what it shows and where the constraint is. */
static void diagram_title(FILE *f, const res *r)
{
	enum res_verdict v = res_verdict(r);
	int c = res_constraint(r);

	fputs("<title>The line ", f);
	page_text(f, r->s->name);
	fprintf(f, ": %d source%s and %d station%s", r->s->nsources,
		r->s->nsources == 1 ? "" : "s", r->s->nstations,
		r->s->nstations == 1 ? "" : "s");
	if (v == RES_ONE || v == RES_SHIFTING) {
		fprintf(f, "; the constraint%s %s ", v == RES_ONE ? " is" :
			" shifts among a few, the one most often the bottleneck:",
			res_entity_kind(r, c));
		page_text(f, res_entity_name(r, c));
		fputs(", outlined in red", f);
	} else if (v == RES_MARKET) {
		fputs("; the line keeps up with its sources: the market is the "
		      "constraint, its sources outlined in red", f);
	} else if (v == RES_STATISTICAL) {
		fputs("; a balanced line: what it loses it loses to fluctuations", f);
	}
	fputs("</title>\n", f);
}

diagram *diagram_new(const scen *s)
{
	diagram *L = hb_calloc(1, sizeof *L);

	if (L && lay_build(L, s) < 0) {
		hb_free(L);
		return NULL;
	}
	return L;
}

void diagram_free(diagram *L)
{
	if (!L)
		return;
	lay_free(L);
	hb_free(L);
}

void diagram_svg(FILE *f, const diagram *L, const res *r)
{
	double width, height, hw;

	width = L->width;
	if (width < 2 * PAD + 4 * NW + 3 * HGAP)
		width = 2 * PAD + 4 * NW + 3 * HGAP;
	hw = hw_height(r, width);
	height = L->height + hw + 30;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"class=\"chart diagram\" role=\"img\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\">\n", width, height, width, height);
	diagram_title(f, r);
	draw_edges(f, L);
	for (int u = 0; u < L->ns; u++)
		draw_source(f, L, r, u);
	for (int k = 0; k < r->s->nstations; k++)
		draw_station(f, L, r, k);
	draw_hardware(f, r, L->height, width);
	diagram_legend(f, L->height + hw + 8, r->ndev > 0);
	fputs("</svg>\n", f);
}
