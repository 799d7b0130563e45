/*
 * t_html.c: the HTML report. Pages are written to memory and read back:
 * the elements nest and close (a tag scanner, the style sheet skipped),
 * every chart is one <svg> whose first child is its <title>, the charts
 * number what the scenario calls for, user text is escaped, the
 * constraint the results name is the one outlined, and the same results
 * give the same bytes. The browser's own verdict is test/browser/run.sh.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "run/diff.h"
#include "run/run.h"
#include "run/toc.h"
#include "view/html.h"
#include "view/htoc.h"
#include "view/tl.h"
#include "tutil.h"

Suite *html_suite(void);

/* Names that need every escape: quotes, '<', '&', '>', an apostrophe. */
static const char hw_line[] =
	"{\"name\": \"x<y&\\\"z\", \"description\": \"a <b>bold</b> & \\\"quoted\\\" line\","
	" \"notes\": \"notes < & > end\","
	" \"run\": {\"duration\": \"20s\", \"warmup\": \"2s\", \"replications\": 3},"
	" \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\", \"cores\": 2},"
	"   \"gpu0\": {\"type\": \"t4\"}},"
	"   \"links\": {\"pcie0\": {\"type\": \"pcie3-x16\", \"between\": [\"cpu0\", \"gpu0\"]}}},"
	" \"sources\": [{\"name\": \"cam<\", \"to\": \"<i>&\\\"a'\", \"rate\": \"50/s\","
	"   \"unit\": \"frames&\", \"bytes\": \"100KB\"}],"
	" \"stations\": ["
	"  {\"name\": \"<i>&\\\"a'\", \"device\": \"gpu0\", \"service\": {\"exponential\": \"12ms\"},"
	"   \"next\": \"b\", \"transport\": {\"via\": [\"pcie0\"], \"bytes\": \"1MB\"}},"
	"  {\"name\": \"b\", \"device\": \"cpu0\", \"capacity\": 4, \"service\": \"5ms\","
	"   \"next\": [{\"to\": \"b\", \"p\": 0.2}, {\"to\": \"c\", \"p\": 0.8}]},"
	"  {\"name\": \"c\", \"service\": {\"exponential\": \"4ms\"}}]}";

/* The coffee line: a saturated source, label the one constraint. */
#define COFFEE(source) \
	"{\"name\": \"coffee\", \"run\": {\"duration\": \"10min\", \"warmup\": \"1min\"," \
	"  \"replications\": 3}," \
	" \"sources\": [{\"name\": \"empties\", \"to\": \"fill\", " source "," \
	"   \"unit\": \"bottles\"}]," \
	" \"stations\": [" \
	"  {\"name\": \"fill\", \"service\": {\"exponential\": \"0.8s\"}, \"next\": \"cap\", \"capacity\": 6}," \
	"  {\"name\": \"cap\", \"service\": {\"exponential\": \"0.66s\"}, \"next\": \"label\", \"capacity\": 6}," \
	"  {\"name\": \"label\", \"service\": {\"exponential\": \"1s\"}, \"next\": \"pack\", \"capacity\": 6}," \
	"  {\"name\": \"pack\", \"service\": {\"exponential\": \"0.75s\"}, \"capacity\": 6}]}"
static const char coffee[] = COFFEE("\"saturate\": true");
/* A line fed one bottle every 2 s that serves one a second at most, all
 * times constant: it keeps up (every bottle offered enters and leaves,
 * exactly), so the market constrains it. */
static const char coffee_slow[] =
	"{\"name\": \"slow\", \"run\": {\"duration\": \"10min\", \"warmup\": \"1min\"},"
	" \"sources\": [{\"name\": \"empties\", \"to\": \"fill\", \"arrival\": \"2s\"}],"
	" \"stations\": [{\"name\": \"fill\", \"service\": \"0.8s\", \"next\": \"label\"},"
	"  {\"name\": \"label\", \"service\": \"1s\"}]}";
static scen *parse(const char *text, const char *set)
{
	const char *sets[1] = { set };
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_msg(scen_parse("t", text, strlen(text), sets, set ? 1 : 0,
				 &s, &d) == 0, "%s", d.msg);
	return s;
}

static res *run(const scen *s)
{
	run_opts o = { 0 };
	res *r = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	return r;
}

static tl *timeline(const scen *s, uint64_t seed)
{
	tl *t = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(tl_collect(s, 1, seed, 0, &t, &d), 0);
	return t;
}

/* A page written by fn into a NUL-terminated string (the caller frees). */
static char *page_of_run(const res *r, const tl *t, const char *label, int *rc)
{
	tu_mem m;

	*rc = html_run(tu_mem_open(&m), r, t, label);
	return tu_mem_close(&m);
}

static char *page_of_diff(const diff_res *d, const tl *ta, const tl *tb,
			  int *rc)
{
	tu_mem m;

	*rc = html_diff(tu_mem_open(&m), d, ta, tb, "before.json",
			"after <&> .json");
	return tu_mem_close(&m);
}

static int is_void(const char *name)
{
	return !strcmp(name, "meta") || !strcmp(name, "br");
}

/*
 * The page's elements nest: each tag opened is closed, in order (void
 * elements and "/>" aside); every <svg> is a chart, not nested in
 * another, with its <title> first. NULL, or what is wrong and where (in
 * buf). *nsvg: the charts.
 */
static const char *check_markup(const char *page, int *nsvg, char *buf,
				size_t bn)
{
	char stack[64][16];
	int sp = 0;
	const char *p = page;

	*nsvg = 0;
	while ((p = strchr(p, '<'))) {
		int closing = p[1] == '/', quotes = 0;
		const char *name = p + 1 + closing, *end, *start;
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		char tag[16];

		if (!strncmp(p, "<!DOCTYPE html>", 15)) {
			p += 15;
			continue;
		}
		if (len == 0 || len >= sizeof tag) {
			snprintf(buf, bn, "a '<' that starts no tag at %d: %.30s",
				 (int)(p - page), p);
			return buf;
		}
		if (!(end = strchr(name, '>'))) {
			snprintf(buf, bn, "an unterminated tag at %d", (int)(p - page));
			return buf;
		}
		for (const char *c = name; c < end; c++)
			quotes += *c == '"';
		if (quotes % 2) {
			snprintf(buf, bn, "odd quotes in a tag at %d: %.60s", (int)(p - page), p);
			return buf;
		}
		memcpy(tag, name, len);
		tag[len] = 0;
		start = p;
		p = end + 1;
		if (closing) {
			if (sp == 0 || strcmp(stack[sp - 1], tag)) {
				snprintf(buf, bn, "</%s> closes <%s> at %d", tag,
					 sp ? stack[sp - 1] : "nothing", (int)(end - page));
				return buf;
			}
			sp--;
			continue;
		}
		if (end[-1] == '/' || is_void(tag))
			continue;
		if (!strcmp(tag, "svg")) {
			for (int i = 0; i < sp; i++)
				if (!strcmp(stack[i], "svg"))
					return "an <svg> inside another";
			if (strncmp(p, "\n<title>", 8) && strncmp(p, "<title>", 7)) {
				snprintf(buf, bn, "an <svg> without its <title> first at %d",
					 (int)(p - page));
				return buf;
			}
			if (strncmp(start, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ", 53))
				return "an <svg> that is not a chart";
			++*nsvg;
		}
		if (sp == 64)
			return "elements nest too deep";
		strcpy(stack[sp++], tag);
		if (!strcmp(tag, "style")) {
			/* CSS: no markup inside, and no '<' in ours */
			if (!(p = strstr(p, "</style>")))
				return "an unclosed <style>";
		}
	}
	if (sp) {
		snprintf(buf, bn, "<%s> never closed", stack[sp - 1]);
		return buf;
	}
	return NULL;
}

/* Every '&' starts one of the entities the writer emits. */
static int entities_only(const char *page)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;",
					  "&#39;", "&#xFFFD;" };

	for (const char *p = page; (p = strchr(p, '&')); p++) {
		size_t i;

		for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
			if (!strncmp(p, ok[i], strlen(ok[i])))
				break;
		if (i == sizeof ok / sizeof ok[0])
			return 0;
	}
	return 1;
}

static void assert_markup(const char *page, int want_svg)
{
	char buf[160];
	const char *why;
	int nsvg;

	why = check_markup(page, &nsvg, buf, sizeof buf);
	ck_assert_msg(why == NULL, "%s", why);
	ck_assert_msg(entities_only(page), "a bare '&' in the page");
	ck_assert_int_eq(nsvg, want_svg);
	ck_assert_int_eq(tu_count(page, "<svg "), want_svg);
}

/* The charts a run's page has with a timeline: the diagram, the line's
 * throughput and work in progress, per station its states and its queue,
 * per device (not an endpoint) and per link that carried something its
 * utilization, and the latency distribution. */
static int charts_for(const res *r)
{
	int n = 1 + 2 + 2 * r->nst + 1;

	for (int k = 0; k < r->ndev; k++)
		n += r->s->devices[k].kind != SCEN_DEV_ENDPOINT;
	for (int k = 0; k < r->nlk; k++)
		n += r->lnk[k][KF_BYTES_PER_S].max > 0;
	return n;
}

START_TEST(test_markup_and_charts)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	tl *t = timeline(s, r->seed);
	int rc;
	char *page = page_of_run(r, t, "t.json", &rc);

	ck_assert_int_eq(rc, 0);
	/* the scenario's hardware: 2 devices, 1 link, all in use */
	ck_assert_int_eq(charts_for(r), 1 + 2 + 6 + 2 + 1 + 1);
	assert_markup(page, charts_for(r));
	ck_assert_int_eq(tu_count(page, "class=\"chart diagram\""), 1);
	ck_assert_int_eq(tu_count(page, "class=\"chart timeline states"), r->nst);
	ck_assert_int_eq(tu_count(page, "class=\"chart latency"), 1);
	/* the diagram's cycle (b to itself) and its probabilities */
	ck_assert_ptr_nonnull(strstr(page, ">20%</text>"));
	ck_assert_ptr_nonnull(strstr(page, ">80%</text>"));
	free(page);
	tl_free(t);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_escapes)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	tl *t = timeline(s, r->seed);
	int rc;
	char *page = page_of_run(r, t, "a \"q1\" <&>", &rc);

	ck_assert_int_eq(rc, 0);
	/* nothing the user wrote comes through raw ... */
	ck_assert_ptr_null(strstr(page, "x<y"));
	ck_assert_ptr_null(strstr(page, "<i>"));
	ck_assert_ptr_null(strstr(page, "<b>bold"));
	ck_assert_ptr_null(strstr(page, "cam<"));
	ck_assert_ptr_null(strstr(page, "\"q1\""));
	/* ... and all of it comes through escaped: the title, the station in
	 * its table row's attribute and head, the notes */
	ck_assert_ptr_nonnull(strstr(page, "<title>x&lt;y&amp;&quot;z</title>"));
	ck_assert_ptr_nonnull(strstr(page, "data-station=\"&lt;i&gt;&amp;&quot;a&#39;\""));
	ck_assert_ptr_nonnull(strstr(page, "notes &lt; &amp; &gt; end"));
	ck_assert_ptr_nonnull(strstr(page, "a &quot;q1&quot; &lt;&amp;&gt;"));
	ck_assert_ptr_nonnull(strstr(page, "frames&amp;"));
	ck_assert(entities_only(page));
	free(page);
	tl_free(t);
	res_free(r);
	scen_free(s);
}
END_TEST

/* The one outlined is the one the results name: coffee's label (a sole
 * constraint, by the verdict), in the diagram, its table row and its
 * charts, and no other. */
START_TEST(test_constraint_marked)
{
	scen *s = parse(coffee, NULL);
	res *r = run(s);
	tl *t = timeline(s, r->seed);
	int rc, c = res_constraint(r);
	char *page = page_of_run(r, t, NULL, &rc);
	const char *g;

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(res_verdict(r), RES_ONE);
	ck_assert_str_eq(res_entity_name(r, c), "label");
	g = strstr(page, "<g class=\"node station constraint\"><title>");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(strncmp(g + strlen("<g class=\"node station constraint\"><title>"),
				 "label:", 6), 0);
	ck_assert_int_eq(tu_count(page, "class=\"node station constraint\""), 1);
	ck_assert_int_eq(tu_count(page, "class=\"node source constraint\""), 0);
	ck_assert_int_eq(tu_count(page, ">constraint</text>"), 1);
	ck_assert_int_eq(tu_count(page, "<tr class=\"station constraint\" data-station=\"label\">"), 1);
	ck_assert_int_eq(tu_count(page, "<tr class=\"station constraint\""), 1);
	/* its two charts: states and queue */
	ck_assert_int_eq(tu_count(page, " constraint\" role=\"img\""), 2);
	ck_assert_ptr_nonnull(strstr(page, "Constraint: station <strong>label</strong>"));
	assert_markup(page, charts_for(r));
	free(page);
	tl_free(t);
	res_free(r);
	scen_free(s);
}
END_TEST

/* A line that keeps up with its source: the market is the constraint,
 * so the source is outlined and no station. */
START_TEST(test_market_marked)
{
	scen *s = parse(coffee_slow, NULL);
	res *r = run(s);
	int rc;
	char *page = page_of_run(r, NULL, NULL, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(res_verdict(r), RES_MARKET);
	ck_assert_int_eq(tu_count(page, "class=\"node source constraint\""), 1);
	ck_assert_int_eq(tu_count(page, "class=\"node station constraint\""), 0);
	ck_assert_int_eq(tu_count(page, "<tr class=\"station constraint\""), 0);
	ck_assert_ptr_nonnull(strstr(page, "none inside the line"));
	free(page);
	res_free(r);
	scen_free(s);
}
END_TEST

/* Without a timeline: the diagram only, and notes where the charts were. */
START_TEST(test_without_timeline)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	int rc;
	char *page = page_of_run(r, NULL, "t.json", &rc);

	ck_assert_int_eq(rc, 0);
	assert_markup(page, 1);
	ck_assert_ptr_nonnull(strstr(page, "No timeline"));
	/* a table row for every station */
	ck_assert_int_eq(tu_count(page, "<tr class=\"station"), r->nst);
	ck_assert_int_eq(tu_count(page, "data-station=\"&lt;i&gt;&amp;&quot;a&#39;\""), 1);
	ck_assert_int_eq(tu_count(page, "data-station=\"b\""), 1);
	ck_assert_int_eq(tu_count(page, "data-station=\"c\""), 1);
	free(page);
	res_free(r);
	scen_free(s);
}
END_TEST

/* The same results and timeline give the same bytes; so does collecting
 * the timeline afresh. */
START_TEST(test_deterministic)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	tl *t1 = timeline(s, r->seed), *t2 = timeline(s, r->seed);
	int rc1, rc2;
	char *a = page_of_run(r, t1, "t", &rc1), *b = page_of_run(r, t2, "t", &rc2);

	ck_assert_int_eq(rc1, 0);
	ck_assert_int_eq(rc2, 0);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	tl_free(t1);
	tl_free(t2);
	res_free(r);
	scen_free(s);
}
END_TEST

/* A comparison: two diagrams, two timeline sets and one latency chart
 * that overlays both; a row group per station both lines have; a '*' for
 * exactly the changes diff_significant calls significant (the figures
 * rdiff.c's table shows: 5 of the line, 3 per station). */
START_TEST(test_diff_page)
{
	static const int lf[] = { LF_THROUGHPUT, LF_LAT_MEAN, LF_LAT_P99, LF_WIP,
				  LF_DROP_FRACTION };
	static const int sf[] = { SF_THROUGHPUT, SF_UTILIZATION, SF_WAIT_MEAN };
	scen *a = parse(coffee, NULL), *b = parse(coffee, "stations.label.servers=2");
	run_opts o = { 0 };
	diff_res *d = NULL;
	tl *ta, *tb;
	diag dg;
	int rc, sig = 0;
	char *page, *again;

	diag_clear(&dg);
	ck_assert_int_eq(diff_run(a, b, &o, &d, &dg), RUN_OK);
	ta = timeline(a, d->a->seed);
	tb = timeline(b, d->b->seed);
	page = page_of_diff(d, ta, tb, &rc);
	ck_assert_int_eq(rc, 0);
	tu_golden("diff-coffee.html", page);
	assert_markup(page, 2 * (charts_for(d->a) - 1) + 1);
	ck_assert_int_eq(tu_count(page, "class=\"chart diagram\""), 2);
	ck_assert_int_eq(tu_count(page, "class=\"chart latency"), 1);
	for (size_t i = 0; i < sizeof lf / sizeof lf[0]; i++)
		sig += diff_significant(&d->d_line[lf[i]]);
	for (int k = 0; k < d->a->nst; k++) {
		char grp[96];

		snprintf(grp, sizeof grp, "<tr class=\"group station\" data-station=\"%s\">",
			 a->stations[k].name);
		ck_assert_int_eq(tu_count(page, grp), 1);
		for (size_t i = 0; i < sizeof sf / sizeof sf[0]; i++)
			sig += diff_significant(&d->d_st[k][sf[i]]);
	}
	ck_assert_int_gt(sig, 0);	/* a second labeler changes throughput */
	ck_assert_int_eq(tu_count(page, "<td class=\"sig\">*</td>"), sig);
	ck_assert_int_eq(tu_count(page, "<tr class=\"change significant\">"), sig);
	ck_assert_ptr_nonnull(strstr(page, "after &lt;&amp;&gt; .json"));
	again = page_of_diff(d, ta, tb, &rc);
	ck_assert_str_eq(page, again);
	free(page);
	free(again);
	tl_free(ta);
	tl_free(tb);
	diff_free(d);
	scen_free(a);
	scen_free(b);
}
END_TEST

/* A failed write is reported: /dev/full takes nothing. */
START_TEST(test_write_error)
{
	scen *s = parse(coffee, NULL);
	res *r = run(s);
	FILE *f = fopen("/dev/full", "w");

	if (!f) {
		res_free(r);
		scen_free(s);
		return;		/* no /dev/full here: nothing to test */
	}
	ck_assert_int_eq(html_run(f, r, NULL, "x"), -1);
	fclose(f);
	res_free(r);
	scen_free(s);
}
END_TEST

/* The x of station name's box in a diagram. */
static double box_x(const char *svg, const char *name)
{
	char title[64];
	const char *p;

	snprintf(title, sizeof title, "<title>%s:", name);
	p = strstr(svg, title);
	ck_assert_msg(p, "no station %s", name);
	p = strstr(p, "class=\"box\" x=\"");
	ck_assert_ptr_nonnull(p);
	return strtod(p + strlen("class=\"box\" x=\""), NULL);
}

/* Columns follow the routes: coffee's four stations left to right in
 * their order. A route back to the start (a rework loop) closes a cycle:
 * it is drawn as a loop, and the columns still follow the forward
 * routes. */
START_TEST(test_diagram_columns_follow_routes)
{
	static const char *const lines[] = {
		coffee,
		"{\"name\": \"loop\", \"run\": {\"duration\": \"1min\"},"
		" \"sources\": [{\"name\": \"in\", \"to\": \"fill\", \"arrival\": \"2s\"}],"
		" \"stations\": [{\"name\": \"fill\", \"service\": \"0.1s\", \"next\": \"cap\"},"
		"  {\"name\": \"cap\", \"service\": \"0.1s\", \"next\": \"label\"},"
		"  {\"name\": \"label\", \"service\": \"0.1s\", \"next\": \"pack\"},"
		"  {\"name\": \"pack\", \"service\": \"0.1s\","
		"   \"next\": [{\"to\": \"fill\", \"p\": 0.1}, {\"to\": \"ship\", \"p\": 0.9}]},"
		"  {\"name\": \"ship\", \"service\": \"0.1s\"}]}",
	};
	static const char *const order[] = { "fill", "cap", "label", "pack" };

	for (int k = 0; k < 2; k++) {
		scen *s = parse(lines[k], NULL);
		res *r = run(s);
		tu_mem m;
		FILE *f = tu_mem_open(&m);
		char *svg;

		ck_assert_int_eq(html_diagram(f, r), 0);
		svg = tu_mem_close(&m);
		for (int i = 1; i < 4; i++)
			ck_assert_msg(box_x(svg, order[i - 1]) < box_x(svg, order[i]),
				      "%s is not left of %s", order[i - 1], order[i]);
		free(svg);
		res_free(r);
		scen_free(s);
	}
}
END_TEST

/* hw_line's edges: the one over the link says which ("via pcie0"), b's
 * loop to itself closes a cycle, and every edge ends in an arrowhead one
 * can see: a triangle of 8 by 9 (area 36), none collapsed to a point. */
START_TEST(test_diagram_edges)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	tu_mem m;
	FILE *f = tu_mem_open(&m);
	const char *head = "<path fill=\"#666\" d=\"M";
	char *svg;
	int heads = 0;

	ck_assert_int_eq(html_diagram(f, r), 0);
	svg = tu_mem_close(&m);
	ck_assert_ptr_nonnull(strstr(svg, ">via pcie0<"));
	for (const char *p = strstr(svg, head); p; p = strstr(p + 1, head)) {
		double x[3], y[3], area;

		ck_assert_int_eq(sscanf(p + strlen(head), "%lf,%lfL%lf,%lfL%lf,%lf",
					&x[0], &y[0], &x[1], &y[1], &x[2], &y[2]), 6);
		area = fabs((x[1] - x[0]) * (y[2] - y[0]) -
			    (x[2] - x[0]) * (y[1] - y[0])) / 2;
		/* 36, give or take the one decimal the points are written with */
		ck_assert_msg(fabs(area - 36) < 1, "arrowhead of area %g", area);
		heads++;
	}
	ck_assert_int_ge(heads, 4);	/* source, a to b, b's loop, b to c */
	free(svg);
	res_free(r);
	scen_free(s);
}
END_TEST

/* A route out of the line is a stub tagged with its share, not an edge
 * to a node: two boxes, the source's arrow, a to b, b back to a and the
 * stub's arrowhead. */
START_TEST(test_diagram_route_out)
{
	scen *s = parse("{\"name\": \"r\", \"run\": {\"items\": 100},"
			" \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"10/s\"}],"
			" \"stations\": [{\"name\": \"a\", \"service\": \"10ms\", \"next\": \"b\"},"
			" {\"name\": \"b\", \"service\": \"10ms\", \"next\": [{\"to\": \"a\", \"p\": 0.25},"
			" {\"to\": \"out\", \"p\": 0.75}]}]}", NULL);
	res *r = run(s);
	tu_mem m;
	FILE *f = tu_mem_open(&m);
	const char *head = "<path fill=\"#666\" d=\"M";
	char *svg;
	int heads = 0;

	ck_assert_int_eq(html_diagram(f, r), 0);
	svg = tu_mem_close(&m);
	ck_assert_ptr_nonnull(strstr(svg, ">out 75%<"));
	ck_assert_ptr_nonnull(strstr(svg, ">25%<"));
	for (const char *p = strstr(svg, head); p; p = strstr(p + 1, head))
		heads++;
	ck_assert_int_eq(heads, 4);
	free(svg);
	res_free(r);
	scen_free(s);
}
END_TEST

/* The diagram and the run's page, byte for byte, against test/golden/
 * (diagram-*.svg, run-*.html): the drawing is deterministic (the layout from the scenario, the bars from
 * the results of a seeded run), so any change to what it draws, a
 * coordinate, a label or a missing node, shows here; one that was meant
 * is accepted by running the suite with HERBIE_GOLDEN=update and
 * reviewing the new files. Three lines: hw_line (devices, a link, a loop
 * to itself), coffee (a tandem with its constraint) and a fork joined
 * downstream. */
START_TEST(test_diagram_golden)
{
	static const struct { const char *name, *text; } lines[] = {
		{ "hw", hw_line },
		{ "coffee", coffee },
		{ "fork",
		  "{\"name\": \"fork\", \"run\": {\"duration\": \"10s\"},"
		  " \"sources\": [{\"name\": \"in\", \"to\": \"split\", \"arrival\": \"5ms\"}],"
		  " \"stations\": [{\"name\": \"split\", \"service\": \"1ms\","
		  "   \"next\": {\"fork\": [\"r1\", \"r2\"], \"join\": \"merge\"}},"
		  "  {\"name\": \"r1\", \"service\": \"2ms\", \"next\": \"merge\"},"
		  "  {\"name\": \"r2\", \"service\": \"3ms\", \"next\": \"merge\"},"
		  "  {\"name\": \"merge\", \"service\": \"1ms\"}]}" },
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		scen *s = parse(lines[i].text, NULL);
		res *r = run(s);
		tl *t = timeline(s, r->seed);
		tu_mem m;
		FILE *f = tu_mem_open(&m);
		char name[64], *text;
		int rc;

		ck_assert_int_eq(html_diagram(f, r), 0);
		text = tu_mem_close(&m);
		snprintf(name, sizeof name, "diagram-%s.svg", lines[i].name);
		tu_golden(name, text);
		free(text);
		/* the whole page: tables, charts over time, the constraint */
		text = page_of_run(r, t, NULL, &rc);
		ck_assert_int_eq(rc, 0);
		snprintf(name, sizeof name, "run-%s.html", lines[i].name);
		tu_golden(name, text);
		free(text);
		tl_free(t);
		res_free(r);
		scen_free(s);
	}
}
END_TEST

/* toc's page for coffee, two steps of two replications, byte for byte
 * against test/golden/toc-coffee.html: each step's line, its paragraphs
 * and its levers (no timelines: the page says so). */
START_TEST(test_toc_page_golden)
{
	toc_opts o = { { .reps = 2 }, 2, 0 };
	tl *tls[4] = { NULL };
	toc_res *t = NULL;
	tu_mem m;
	char *page;
	diag d;

	ck_assert_int_eq(toc_run("coffee.json", coffee, strlen(coffee), NULL, 0,
				 &o, &t, &d), RUN_OK);
	ck_assert_int_le(t->nsteps, 4);
	ck_assert_int_eq(htoc_page(tu_mem_open(&m), t, tls, NULL), 0);
	page = tu_mem_close(&m);
	tu_golden("toc-coffee.html", page);
	free(page);
	toc_free(t);
}
END_TEST

/* Out of memory at each allocation of the diagram's layout in turn: -1
 * and ENOMEM, nothing leaked (the sanitizer build checks), until there
 * are enough to succeed. */
START_TEST(test_diagram_out_of_memory)
{
	scen *s = parse(hw_line, NULL);
	res *r = run(s);
	int ok = 0;

	for (long n = 1; n < 100 && !ok; n++) {
		tu_mem m;
		FILE *f = tu_mem_open(&m);
		int rc;

		hb_fail_after(n);
		errno = 0;
		rc = html_diagram(f, r);
		hb_fail_after(0);
		free(tu_mem_close(&m));
		ck_assert(rc == 0 || (rc == -1 && errno == ENOMEM));
		ok = rc == 0;
	}
	ck_assert(ok);
	res_free(r);
	scen_free(s);
}
END_TEST

Suite *html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("html");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_markup_and_charts);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_constraint_marked);
	tcase_add_test(tc, test_market_marked);
	tcase_add_test(tc, test_without_timeline);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_diff_page);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_diagram_out_of_memory);
	tcase_add_test(tc, test_diagram_columns_follow_routes);
	tcase_add_test(tc, test_diagram_edges);
	tcase_add_test(tc, test_diagram_route_out);
	tcase_add_test(tc, test_diagram_golden);
	tcase_add_test(tc, test_toc_page_golden);
	suite_add_tcase(s, tc);
	return s;
}
