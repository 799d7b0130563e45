/*
 * chart.c: the charts of the HTML pages (chart.h).
 *
 * A chart is a frame (the data shown and the plot area in px), axes with
 * ticks at round steps (1, 2 or 5 times a power of ten; quarters on a
 * percent axis), and its series; the charts are CW px wide, each as tall
 * as its kind needs. Coordinates are printed
 * with one decimal in the C locale, which herbie never changes: the same
 * timeline gives the same bytes on every machine. Nothing allocates: a
 * series is written straight from the timeline, bucket by bucket.
 */
#include "view/chart.h"

#include <math.h>
#include <string.h>

#include "view/page.h"

/*
 * Chart frames: data coordinates to pixels, axes with ticks.
 */

#define CW 560			/* chart width, px */
#define ML 52			/* margins: left (tick labels) */
#define MR 16
#define MT 42			/* title and legend rows */
#define MB 34			/* tick labels and the axis' name */

typedef struct frame {
	double x0, x1, y0, y1;	/* the data shown */
	double left, top, w, h;	/* the plot area, px */
} frame;

static double fx(const frame *fr, double x)
{
	return fr->left + (x - fr->x0) / (fr->x1 - fr->x0) * fr->w;
}

static double fy(const frame *fr, double y)
{
	if (y > fr->y1)
		y = fr->y1;
	if (!(y > fr->y0))
		y = fr->y0;
	return fr->top + fr->h - (y - fr->y0) / (fr->y1 - fr->y0) * fr->h;
}

static void frame_init(frame *fr, int height, double x0, double x1,
		       double y0, double y1)
{
	fr->x0 = x0;
	fr->x1 = x1 > x0 ? x1 : x0 + 1;
	fr->y0 = y0;
	fr->y1 = y1 > y0 ? y1 : y0 + 1;
	fr->left = ML;
	fr->top = MT;
	fr->w = CW - ML - MR;
	fr->h = height - MT - MB;
}

/* 1, 2 or 5 times a power of ten, near span / n. */
static double nice_step(double span, int n)
{
	double raw = span / n, mag, norm;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/* The top of a value axis: v rounded up to a tick (at least 1 when v is
 * 0, so that an empty series still gets an axis). */
static double nice_top(double v)
{
	double step;

	if (!(v > 0) || !isfinite(v))
		return 1;
	step = nice_step(v, 4);
	return ceil(v / step - 1e-9) * step;
}

/* A tick's label: as many decimals as the step needs, thousands as k,
 * millions as M. */
static void tick_label(char *buf, size_t n, double v, double step)
{
	const char *suffix = "";
	int dec;

	if (step >= 1e9) {
		v /= 1e9, step /= 1e9, suffix = "G";
	} else if (step >= 1e6) {
		v /= 1e6, step /= 1e6, suffix = "M";
	} else if (step >= 1e4) {
		v /= 1e3, step /= 1e3, suffix = "k";
	}
	dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	if (fabs(v) < step * 1e-6)
		v = 0;
	snprintf(buf, n, "%.*f%s", dec, v, suffix);
}

/* Durations on an axis: the largest unit that still counts to 2. */
static const struct tunit { const char *name; double s; } tunits[] = {
	{ "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 },
	{ "min", 60 }, { "h", 3600 },
};

static const struct tunit *time_unit(double span_s)
{
	const struct tunit *u = &tunits[0];

	for (size_t i = 0; i < sizeof tunits / sizeof tunits[0]; i++)
		if (span_s / tunits[i].s >= 2)
			u = &tunits[i];
	return u;
}

/* Horizontal grid lines and the value axis' ticks; percent: the values
 * are fractions shown as 0% to 100%. */
static void y_axis(FILE *f, const frame *fr, int percent)
{
	double step = percent ? 0.25 : nice_step(fr->y1 - fr->y0, 4);
	char buf[32];

	for (int i = 0;; i++) {
		double v = fr->y0 + i * step, y;

		if (v > fr->y1 + step * 1e-6)
			break;
		y = fy(fr, v);
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
			fr->left, y, fr->left + fr->w, y);
		if (percent)
			snprintf(buf, sizeof buf, "%.0f%%", 100 * v);
		else
			tick_label(buf, sizeof buf, v, step);
		fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			fr->left - 6, y + 3.5, buf);
	}
	fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		fr->left, fr->top, fr->left, fr->top + fr->h);
}

/* The time (or latency) axis at the bottom: ticks in the unit that suits
 * the span, named under them ("time (s)"). */
static void x_axis(FILE *f, const frame *fr, const char *what)
{
	const struct tunit *u = time_unit(fr->x1 - fr->x0);
	double a = fr->x0 / u->s, b = fr->x1 / u->s;
	double step = nice_step(b - a, 6);
	double y = fr->top + fr->h;
	char buf[32];

	fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		fr->left, y, fr->left + fr->w, y);
	for (double v = ceil(a / step - 1e-9) * step; v <= b + step * 1e-6; v += step) {
		double x = fx(fr, v * u->s);

		tick_label(buf, sizeof buf, v, step);
		fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			x, y, x, y + 4, x, y + 15, buf);
	}
	fprintf(f, "<text class=\"sub\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s (%s)</text>\n",
		fr->left + fr->w / 2, y + 29, what, u->name);
}

/* A chart's <svg>, its <title> (name and what, for screen readers and as
 * the tooltip) and its visible heading; mark outlines the constraint's
 * charts. The caller closes it with chart_end. */
static void chart_begin(FILE *f, int height, const char *cls,
			const char *name, const char *what, enum page_mark m)
{
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s%s\" "
		"role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n<title>",
		cls, m ? " constraint" : "", CW, height, CW, height);
	if (name) {
		page_text(f, name);
		fputs(": ", f);
	}
	page_text(f, what);
	fprintf(f, "%s</title>\n<text x=\"%d\" y=\"14\">",
		m ? " (the constraint)" : "", ML - 40);
	if (name) {
		fputs("<tspan class=\"name\">", f);
		page_text_cut(f, name, 40);
		fputs("</tspan> ", f);
	}
	fputs("<tspan class=\"sub\">", f);
	page_text(f, what);
	fputs("</tspan>", f);
	if (m)
		fprintf(f, "<tspan class=\"ctag\" dx=\"8\">%s</tspan>", page_mark_label(m));
	fputs("</text>\n", f);
	if (m)
		fprintf(f, "<rect x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" rx=\"4\" "
			"fill=\"none\" stroke=\"" PAGE_COL_CONSTRAINT "\" stroke-width=\"1.5\"/>\n",
			CW - 1, height - 1);
}

static void chart_end(FILE *f)
{
	fputs("</svg>\n", f);
}

/* The legend's row under the heading: a swatch and a name per series. */
typedef struct entry { const char *name, *color; } entry;

static void legend(FILE *f, const entry *e, int n)
{
	double x = ML - 40;

	fputs("<g class=\"legend\">", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<rect x=\"%.1f\" y=\"21\" width=\"10\" height=\"10\" rx=\"2\" fill=\"%s\"/>"
			"<text x=\"%.1f\" y=\"30\">", x, e[i].color, x + 14);
		page_text(f, e[i].name);
		fputs("</text>", f);
		x += 14 + 6.2 * (double)strlen(e[i].name) + 14;
	}
	fputs("</g>\n", f);
}

/* The warm-up, shaded: it is run but not measured. */
static void warmup(FILE *f, const frame *fr, double warm_s)
{
	double x;

	if (!(warm_s > fr->x0))
		return;
	x = fx(fr, warm_s < fr->x1 ? warm_s : fr->x1);
	fprintf(f, "<rect class=\"warmup\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"#000\" fill-opacity=\"0.07\"><title>warm-up (not measured)</title></rect>\n",
		fr->left, fr->top, x - fr->left, fr->h);
	if (x - fr->left >= 46)
		fprintf(f, "<text class=\"tag\" x=\"%.1f\" y=\"%.1f\">warm-up</text>\n",
			fr->left + 4, fr->top + 11);
}

/*
 * Timelines.
 */

/* The sum of fields fl[0..n-1] of entity e in bucket b (NaN counts 0). */
static double sum_fields(const tl *t, int b, int e, const enum tl_field *fl,
			 int n)
{
	double s = 0;

	for (int i = 0; i < n; i++) {
		double v = tl_value(t, b, e, fl[i]);

		if (v == v)
			s += v;
	}
	return s;
}

/* A step area from the time axis up to the sum of fields fl[0..n-1],
 * bucket by bucket: each bucket holds an average over its width, so the
 * honest drawing is a step, not a line through the middles. */
static void step_area(FILE *f, const frame *fr, const tl *t, int e,
		      const enum tl_field *fl, int n, const char *fill,
		      const char *stroke)
{
	double w = st_to_s(tl_width(t)), end = st_to_s(tl_end(t));
	int nb = tl_nbuckets(t);

	fprintf(f, "<path fill=\"%s\"", fill);
	if (stroke)
		fprintf(f, " fill-opacity=\"0.3\" stroke=\"%s\" stroke-width=\"1.2\" "
			"stroke-linejoin=\"round\"", stroke);
	fprintf(f, " d=\"M%.1f,%.1f", fx(fr, 0), fy(fr, 0));
	for (int b = 0; b < nb; b++)
		fprintf(f, "V%.1fH%.1f", fy(fr, sum_fields(t, b, e, fl, n)),
			fx(fr, (b + 1) * w < end ? (b + 1) * w : end));
	fprintf(f, "V%.1fZ\"/>\n", fy(fr, 0));
}

static double series_max(const tl *t, int e, enum tl_field fl)
{
	double m = 0;

	for (int b = 0; b < tl_nbuckets(t); b++) {
		double v = tl_value(t, b, e, fl);

		if (v > m)
			m = v;
	}
	return m;
}

/* Entity e of t in other, by kind and name; -1 when other has none. */
static int same_entity(const tl *t, int e, const tl *other)
{
	if (!other)
		return -1;
	for (int o = 0; o < tl_nentities(other); o++)
		if (!strcmp(tl_kind(other, o), tl_kind(t, e)) &&
		    !strcmp(tl_name(other, o), tl_name(t, e)))
			return o;
	return -1;
}

/* The top of the axis for field fl of e: its largest bucket, and the
 * largest of the same entity in the timeline drawn beside it. */
static double shared_top(const tl *t, int e, const tl *other,
			 enum tl_field fl)
{
	double m = series_max(t, e, fl);
	int o = same_entity(t, e, other);

	if (o >= 0 && tl_has(other, o, fl)) {
		double mo = series_max(other, o, fl);

		if (mo > m)
			m = mo;
	}
	return nice_top(m);
}

/* The time axis: from 0 to the run's end (the last bucket may be short). */
static double time_span(const tl *t)
{
	return st_to_s(tl_end(t));
}

/* A station's time as stacked areas: working at the bottom, then
 * starved, blocked and waiting (on a line with devices to wait for, as
 * the tables show it), summing to 100%. The cumulative areas are painted
 * from the tallest down, each over the last, so each path needs only its
 * top edge. */
static void chart_states(FILE *f, const tl *t, int e, int devices,
			 enum page_mark m)
{
	enum tl_field fl[PAGE_NSTATES];
	entry le[PAGE_NSTATES];
	int n = 0, height = 200;
	frame fr;

	for (int i = 0; i < PAGE_NSTATES; i++) {
		if (!tl_has(t, e, page_states[i].tf) ||
		    (page_states[i].tf == TL_WAITING && !devices))
			continue;
		fl[n] = page_states[i].tf;
		le[n].name = page_states[i].name;
		le[n].color = page_states[i].color;
		n++;
	}
	frame_init(&fr, height, 0, time_span(t), 0, 1);
	chart_begin(f, height, "timeline states", tl_name(t, e),
		    "share of server time by state", m);
	legend(f, le, n);
	for (int i = n; i > 0; i--)
		step_area(f, &fr, t, e, fl, i, le[i - 1].color, NULL);
	warmup(f, &fr, st_to_s(tl_warm(t)));
	y_axis(f, &fr, 1);
	x_axis(f, &fr, "time");
	chart_end(f);
}

/* One field of one entity as a step area; percent: a fraction on a 0 to
 * 100% axis, else the axis reaches the largest bucket (shared with
 * other's entity of the same name). */
static void chart_series(FILE *f, const tl *t, int e, const tl *other,
			 enum tl_field fl, const char *what, const char *lname,
			 const char *color, int percent, enum page_mark m)
{
	entry le = { lname, color };
	int height = 170;
	frame fr;

	frame_init(&fr, height, 0, time_span(t), 0,
		   percent ? 1 : shared_top(t, e, other, fl));
	chart_begin(f, height, "timeline", tl_name(t, e), what, m);
	legend(f, &le, 1);
	step_area(f, &fr, t, e, &fl, 1, color, color);
	warmup(f, &fr, st_to_s(tl_warm(t)));
	y_axis(f, &fr, percent);
	x_axis(f, &fr, "time");
	chart_end(f);
}

/* res's entity for t's entity e (t numbers the line first), when both
 * describe the same scenario; -1 otherwise. */
static int res_index(const res *r, const tl *t, int e)
{
	if (e < 1 || tl_nentities(t) != res_nentities(r) + 1)
		return -1;
	return strcmp(res_entity_name(r, e - 1), tl_name(t, e)) ? -1 : e - 1;
}

static int is_kind(const tl *t, int e, const char *kind)
{
	return !strcmp(tl_kind(t, e), kind);
}

/* A link that carried nothing in any bucket is left out, as the tables
 * leave it out: a machine preset has dozens. */
static int link_used(const tl *t, int e)
{
	return !tl_has(t, e, TL_BYTES_PER_S) || series_max(t, e, TL_BYTES_PER_S) > 0;
}

/* A device herbie does not run work on (a NIC, a switch, a drive): its
 * links tell its story. */
static int endpoint(const res *r, const tl *t, int e)
{
	int k = res_index(r, t, e) - r->nst;

	return k >= 0 && k < r->ndev && r->s->devices[k].kind == SCEN_DEV_ENDPOINT;
}

static void charts_open(FILE *f, const char *h)
{
	fprintf(f, "<h3>%s</h3>\n<div class=\"charts\">\n", h);
}

static void timeline_line(FILE *f, const res *r, const tl *t, const tl *other)
{
	char what[160];

	charts_open(f, "The line");
	snprintf(what, sizeof what, "throughput (%s per second)",
		 r->s->nsources ? r->s->sources[0].unit : "items");
	chart_series(f, t, 0, other, TL_THROUGHPUT, what, "throughput",
		     PAGE_COL_FLOW, 0, PAGE_MARK_NONE);
	chart_series(f, t, 0, other, TL_WIP, "work in progress (items in the line)",
		     "items in the line", PAGE_COL_QUEUE, 0, PAGE_MARK_NONE);
	fputs("</div>\n", f);
}

void chart_timelines(FILE *f, const res *r, const tl *t, const tl *other)
{
	char w[32];
	int idle = 0, any;

	if (!t) {
		fputs("<p class=\"note\">No timeline: the report was written "
		      "without one, so the charts over time are left out.</p>\n", f);
		return;
	}
	if (tl_nbuckets(t) < 1) {
		fputs("<p class=\"note\">The timeline is empty: the run ended "
		      "before its first bucket.</p>\n", f);
		return;
	}
	page_dur(w, sizeof w, st_to_s(tl_width(t)));
	fprintf(f, "<p class=\"caption\">Replication 0, from time 0, in %d "
		"buckets of %s; each bucket shows the average over its width. "
		"The shaded start is the warm-up, which is run but not "
		"measured.</p>\n", tl_nbuckets(t), w);
	timeline_line(f, r, t, other);
	charts_open(f, "Stations: where their servers' time goes");
	for (int e = 1; e < tl_nentities(t); e++)
		if (is_kind(t, e, "station"))
			chart_states(f, t, e, r->ndev > 0,
				     page_mark(r, res_index(r, t, e)));
	fputs("</div>\n", f);
	charts_open(f, "Queues: items waiting in each station's buffer");
	for (int e = 1; e < tl_nentities(t); e++)
		if (is_kind(t, e, "station") && tl_has(t, e, TL_QUEUE))
			chart_series(f, t, e, other, TL_QUEUE, "items waiting (mean)",
				     "queue", PAGE_COL_QUEUE, 0,
				     page_mark(r, res_index(r, t, e)));
	fputs("</div>\n", f);
	any = 0;
	for (int e = 1; e < tl_nentities(t); e++) {
		if (!is_kind(t, e, "device") || endpoint(r, t, e) ||
		    !tl_has(t, e, TL_UTILIZATION))
			continue;
		if (!any++)
			charts_open(f, "Devices: utilization");
		chart_series(f, t, e, other, TL_UTILIZATION, "share of its compute in use",
			     "utilization", PAGE_COL_WORKING, 1,
			     page_mark(r, res_index(r, t, e)));
	}
	if (any)
		fputs("</div>\n", f);
	any = 0;
	for (int e = 1; e < tl_nentities(t); e++) {
		if (!is_kind(t, e, "link") || !tl_has(t, e, TL_UTILIZATION))
			continue;
		if (!link_used(t, e)) {
			idle++;
			continue;
		}
		if (!any++)
			charts_open(f, "Links: utilization");
		chart_series(f, t, e, other, TL_UTILIZATION,
			     "share of time its busier direction moved bytes",
			     "utilization", PAGE_COL_WORKING, 1,
			     page_mark(r, res_index(r, t, e)));
	}
	if (any)
		fputs("</div>\n", f);
	if (idle)
		fprintf(f, "<p class=\"note\">%d link%s carried nothing and %s not drawn.</p>\n",
			idle, idle == 1 ? "" : "s", idle == 1 ? "is" : "are");
}

/*
 * The latency distribution: the CDF of the latencies of replication 0's
 * measured window, from its histogram (tl_latency_quantile), with p50,
 * p90 and p99 marked.
 */

/* The quantiles drawn: every half percent, then the tail per mille. */
static double q_at(int i)
{
	return i <= 198 ? i / 200.0 : i <= 207 ? 0.99 + (i - 198) / 1000.0 : 1;
}
#define NQ 209

/* Where the axis stops: the largest latency, unless it lies far beyond
 * p99.9 (a lone straggler would squeeze the curve into a corner). */
static double lat_top(const tl *t, int *clipped)
{
	double q999 = tl_latency_quantile(t, 0.999);
	double qmax = tl_latency_quantile(t, 1);

	*clipped = qmax > 1.25 * q999;
	return *clipped ? q999 : qmax;
}

static void lat_marks(FILE *f, const frame *fr, const tl *t,
		      const char *color, int side)
{
	static const struct { double q; const char *name; } marks[] = {
		{ 0.5, "p50" }, { 0.9, "p90" }, { 0.99, "p99" },
	};
	char v[32];

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		double lat = tl_latency_quantile(t, marks[i].q);
		double x = fx(fr, lat), y = fy(fr, marks[i].q);
		int right = side > 0 || (side == 0 && x < fr->left + 0.7 * fr->w);

		if (lat > fr->x1)
			continue;
		page_dur(v, sizeof v, lat);
		fprintf(f, "<g class=\"mark\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"%s\" stroke-dasharray=\"3 3\"/>"
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>"
			"<text class=\"elab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s %s</text></g>\n",
			x, fr->top + fr->h, x, y, color, x, y, color,
			right ? x + 6 : x - 6, y + (right ? 12 : -5),
			right ? "start" : "end", marks[i].name, v);
	}
}

/* One CDF per timeline, on one axis (a comparison overlays before and
 * after). */
static void chart_cdf(FILE *f, const tl *const *ts, const entry *le,
			  int n)
{
	double top = 0, low = INFINITY, x0 = 0;
	int height = 250, clipped = 0;
	frame fr;

	for (int i = 0; i < n; i++) {
		int c;
		double v = lat_top(ts[i], &c), q0 = tl_latency_quantile(ts[i], 0);

		clipped |= c;
		top = v > top ? v : top;
		low = q0 < low ? q0 : low;
	}
	if (!(top > 0)) {
		fputs("<p class=\"note\">No item left the line in the measured "
		      "window of replication 0: there is no latency to draw.</p>\n", f);
		return;
	}
	/* a distribution far from 0 is drawn from just below its least */
	if (low > 0.5 * top)
		x0 = floor(low / nice_step(top - low, 6)) * nice_step(top - low, 6);
	frame_init(&fr, height, x0, top, 0, 1);
	chart_begin(f, height, "latency", NULL, "latency distribution: the "
		    "share of items that left within a time", PAGE_MARK_NONE);
	legend(f, le, n);
	y_axis(f, &fr, 1);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
			"stroke-linejoin=\"round\" d=\"", le[i].color);
		for (int k = 0; k < NQ; k++) {
			double lat = tl_latency_quantile(ts[i], q_at(k));

			if (lat > fr.x1)
				break;
			fprintf(f, "%c%.1f,%.1f", k ? 'L' : 'M', fx(&fr, lat),
				fy(&fr, q_at(k)));
		}
		fputs("\"/>\n", f);
		lat_marks(f, &fr, ts[i], le[i].color, n == 1 ? 0 : i ? 1 : -1);
	}
	x_axis(f, &fr, "latency");
	chart_end(f);
	if (clipped)
		fputs("<p class=\"caption\">The axis stops at p99.9: the slowest "
		      "items lie beyond it.</p>\n", f);
}

/* "p50 88ms, p90 120ms, p99 170ms" of one timeline */
static void lat_sentence(FILE *f, const tl *t)
{
	char a[32], b[32], c[32];

	page_dur(a, sizeof a, tl_latency_quantile(t, 0.5));
	page_dur(b, sizeof b, tl_latency_quantile(t, 0.9));
	page_dur(c, sizeof c, tl_latency_quantile(t, 0.99));
	fprintf(f, "p50 %s, p90 %s, p99 %s", a, b, c);
}

/* The same percentiles over all replications, with their intervals. */
static void lat_all(FILE *f, const res *r)
{
	char m[64], a[64], b[64], c[64];

	page_fig(m, sizeof m, &r->line[LF_LAT_MEAN], r->reps, 1);
	page_fig(a, sizeof a, &r->line[LF_LAT_P50], r->reps, 1);
	page_fig(b, sizeof b, &r->line[LF_LAT_P90], r->reps, 1);
	page_fig(c, sizeof c, &r->line[LF_LAT_P99], r->reps, 1);
	fprintf(f, "over all %lld replication%s: mean %s, p50 %s, p90 %s, p99 %s",
		(long long)r->reps, r->reps == 1 ? "" : "s", m, a, b, c);
}

void chart_latency(FILE *f, const res *r, const tl *t)
{
	entry le = { "share of items", PAGE_COL_FLOW };

	if (!t) {
		fputs("<p class=\"note\">No timeline: the distribution is left "
		      "out.</p>\n<p class=\"caption\">Latency ", f);
		lat_all(f, r);
		fputs(".</p>\n", f);
		return;
	}
	chart_cdf(f, &t, &le, 1);
	fputs("<p class=\"caption\">Replication 0: ", f);
	lat_sentence(f, t);
	fputs("; ", f);
	lat_all(f, r);
	fputs(".</p>\n", f);
}


void chart_latency_pair(FILE *f, const diff_res *d, const tl *ta,
			const tl *tb)
{
	const tl *ts[2] = { ta, tb };
	entry le[2] = {
		{ "before", PAGE_COL_BEFORE }, { "after", PAGE_COL_AFTER },
	};

	if (!ta || !tb) {
		fputs("<p class=\"note\">No timelines: the distributions are left "
		      "out.</p>\n", f);
		return;
	}
	chart_cdf(f, ts, le, 2);
	fputs("<p class=\"caption\">Replication 0, before: ", f);
	lat_sentence(f, ta);
	fputs("; after: ", f);
	lat_sentence(f, tb);
	fputs(". Before, ", f);
	lat_all(f, d->a);
	fputs("; after, ", f);
	lat_all(f, d->b);
	fputs(".</p>\n", f);
}

