/*
 * html.c: a run's page and a comparison's, and the pieces that are
 * neither charts nor the diagram: the label and how the line was run,
 * the constraint in words, the tables of results and of changes (html.h).
 *
 * The page is written straight to the FILE as it is computed, never held
 * in memory; only the diagram's layout (diagram.h) and the ranking of the
 * busiest allocate. Figures are printed in the C locale, which herbie
 * never changes: the same results give the same bytes on every machine.
 * The writers do not stop at a failed write: the page's last step reads
 * f's error flag.
 */
#include "view/html.h"

#include <errno.h>
#include <string.h>

#include "core/hb.h"
#include "input/unit.h"
#include "report/rtext.h"
#include "view/chart.h"
#include "view/diagram.h"
#include "view/page.h"

/* A fraction as a percentage with its interval in percentage points, as
 * `herbie run` prints it. */
static void pct_ci(char *buf, size_t n, const stat_acc *s, int64_t reps)
{
	double h = 100 * stat_ci95(s);

	/* a figure the same in every replication may still differ by the
	 * last bits of its sums: no interval of 1e-15 */
	if (reps < 2 || !(h > 1e-9))
		snprintf(buf, n, "%.1f%%", 100 * stat_mean(s));
	else
		snprintf(buf, n, "%.1f%% \xc2\xb1%.2g", 100 * stat_mean(s), h);
}

/* The constraint's peers: the entities it shifts among, itself left out. */
static int npeers(const res *r, int c)
{
	int n = 0;

	for (int e = 0; e < res_nentities(r); e++)
		n += e != c && res_constraint_peer(r, c, e);
	return n;
}

int html_diagram(FILE *f, const res *r)
{
	diagram *dg = diagram_new(r->s);

	if (!dg) {
		errno = ENOMEM;
		return -1;
	}
	fputs("<div class=\"scroll\">\n", f);
	diagram_svg(f, dg, r);
	fputs("</div>\n", f);
	diagram_free(dg);
	return ferror(f) ? -1 : 0;
}

/* "5 replications of 1h measured after a 5min warm-up, seed 1, N events" */
static void run_meta(FILE *f, const res *r)
{
	char win[32], t[32];

	page_dur(win, sizeof win, stat_mean(&r->window_s));
	fprintf(f, "<p class=\"meta\">%lld replication%s of %s measured",
		(long long)r->reps, r->reps == 1 ? "" : "s", win);
	if (r->warm_items >= 0) {
		fprintf(f, " after a warm-up of %lld items (MSER-5)", (long long)r->warm_items);
	} else if (r->s->run.warm == WARM_TIME) {
		page_dur(t, sizeof t, st_to_s(r->s->run.warm_time));
		fprintf(f, " after a %s warm-up", t);
	} else if (r->s->run.warm == WARM_ITEMS) {
		fprintf(f, " after a warm-up of %lld items", (long long)r->s->run.warm_items);
	}
	fprintf(f, ", seed %llu, %llu events; every figure with its 95%% interval "
		"over the replications.</p>\n", (unsigned long long)r->seed,
		(unsigned long long)r->events);
	if (r->partial)
		fputs("<p class=\"warn\">Partial: stopped before every replication ran.</p>\n", f);
	if (r->capped)
		fputs("<p class=\"warn\">A replication ended early: its work in "
		      "progress reached the memory budget (--max-memory): the line "
		      "is unstable or too large.</p>\n", f);
	else if (r->early)
		fputs("<p class=\"warn\">A replication ended early: the sources ran "
		      "dry or items never left.</p>\n", f);
	if (r->warm_short || (r->warm_items >= 0 && !res_steady(r)))
		fputs("<p class=\"warn\">MSER-5 found no steady state: the run may "
		      "be too short.</p>\n", f);
}

void html_about(FILE *f, const res *r, const char *label)
{
	if (label && *label) {
		fputs("<p class=\"label\">", f);
		page_text(f, label);
		fputs("</p>\n", f);
	}
	if (r->s->description && *r->s->description) {
		fputs("<p class=\"description\">", f);
		page_text(f, r->s->description);
		fputs("</p>\n", f);
	}
	if (r->s->notes && *r->s->notes) {
		fputs("<p class=\"notes\">", f);
		page_text(f, r->s->notes);
		fputs("</p>\n", f);
	}
	run_meta(f, r);
}

/* " (running a, b)": the stations on device e, when e is one. */
static void running_on(FILE *f, const res *r, int e)
{
	int dev = e - r->nst, n = 0;

	if (dev < 0 || dev >= r->ndev)
		return;
	for (int k = 0; k < r->nst; k++)
		if (scen_station_on(&r->s->stations[k], dev)) {
			fputs(n++ ? ", " : " (running ", f);
			page_text(f, r->s->stations[k].name);
		}
	if (n)
		fputc(')', f);
}

/* The three busiest, by utilization: where the constraint will be. 0, or
 * -1 when out of memory. */
static int busiest(FILE *f, const res *r)
{
	int n = res_nentities(r);
	int *order = hb_calloc((size_t)n + 1, sizeof *order);
	char u[16];

	if (!order)
		return -1;
	if (n > 0) {
		res_ranking(r, order);
		fputs("<p class=\"note busiest\">Busiest:", f);
		for (int i = 0; i < n && i < 3; i++) {
			page_pct(u, sizeof u, stat_mean(res_entity_utilization(r, order[i])));
			fprintf(f, "%s %s <strong>", i ? "," : "", res_entity_kind(r, order[i]));
			page_text(f, res_entity_name(r, order[i]));
			fprintf(f, "</strong> %s", u);
		}
		fputs(".</p>\n", f);
	}
	hb_free(order);
	return 0;
}

static void strong_name(FILE *f, const res *r, int e)
{
	fprintf(f, "%s <strong>", res_entity_kind(r, e));
	page_text(f, res_entity_name(r, e));
	fputs("</strong>", f);
}

/* The sentences of rtext.c's constraint(), in markup: the names stand
 * out and are escaped, which a sentence printed to a string would not
 * allow. */
int html_constraint(FILE *f, const res *r)
{
	int c = res_constraint(r);
	char a[16], b[16], t[32];

	fputs("<p class=\"constraint-sentence\">", f);
	switch (res_verdict(r)) {
	case RES_DEADLOCK:
		fputs("Constraint: <strong>deadlock</strong>: ", f);
		for (int i = 0; i <= r->njam; i++) {
			fputs(i ? " &rarr; " : "", f);
			page_text(f, r->s->stations[r->jam[i % r->njam]].name);
		}
		page_dur(t, sizeof t, r->jam_s);
		fprintf(f, ". Each holds an item for the next, whose places are all "
			"taken, so none can ever pass one on: the line stopped at %s "
			"(in %lld of %lld replications).", t, (long long)r->jams,
			(long long)r->reps);
		break;
	case RES_UNSTABLE:
		fputs("Constraint: <strong>unstable</strong>: work piles up in front "
		      "of ", f);
		strong_name(f, r, c);
		running_on(f, r, c);
		fprintf(f, ", which cannot keep up; the work in progress grows by "
			"%.0f items an hour, so latency and queues depend on how "
			"long the line runs.",
			3600 * stat_mean(&r->line[LF_WIP_GROWTH]));
		break;
	case RES_MARKET:
		fputs("Constraint: <strong>none inside the line</strong>: it keeps "
		      "up with its sources, so the market is the constraint.", f);
		break;
	case RES_STATISTICAL:
		fputs("Constraint: <strong>statistical</strong>: every station has "
		      "the same capacity, and the line loses what it loses to "
		      "fluctuations passed down dependent stations", f);
		if (c >= 0) {
			page_pct(a, sizeof a, stat_mean(res_entity_sole(r, c)) +
			    stat_mean(res_entity_shifting(r, c)));
			fputs(" (the method names ", f);
			strong_name(f, r, c);
			fprintf(f, ", the bottleneck %s of the time)", a);
		}
		fputc('.', f);
		break;
	case RES_NONE:
		fputs("No constraint: no station, device or link was ever the "
		      "bottleneck.", f);
		break;
	case RES_ONE:
		page_pct(a, sizeof a, stat_mean(res_entity_sole(r, c)));
		page_pct(b, sizeof b, stat_mean(res_entity_shifting(r, c)));
		fputs("Constraint: ", f);
		strong_name(f, r, c);
		running_on(f, r, c);
		fprintf(f, ", the sole bottleneck %s of the time and a shifting one "
			"%s (active-period method).", a, b);
		break;
	case RES_SHIFTING:
		fprintf(f, "Constraint: the bottleneck shifts among %d (active-period "
			"method):", npeers(r, c) + 1);
		for (int e = 0, n = 0; e < res_nentities(r); e++)
			if (e == c || res_constraint_peer(r, c, e)) {
				fputs(n++ ? ", " : " ", f);
				strong_name(f, r, e);
			}
		fputc('.', f);
		break;
	}
	fputs("</p>\n", f);
	return busiest(f, r);
}

static void td(FILE *f, const char *text)
{
	fprintf(f, "<td>%s</td>", text);
}

/* "98.9% sole, 0.9% shifting": how often it was the bottleneck. */
static void td_bottleneck(FILE *f, const stat_acc *sole, const stat_acc *shift)
{
	char a[16], b[16];

	if (stat_mean(sole) == 0 && stat_mean(shift) == 0) {
		fputs("<td>-</td>", f);
		return;
	}
	page_pct(a, sizeof a, stat_mean(sole));
	page_pct(b, sizeof b, stat_mean(shift));
	fprintf(f, "<td>%s sole, %s shifting</td>", a, b);
}

/* A row's head: its name, and the constraint's color. */
static void row_head(FILE *f, const char *cls, const char *name,
		     enum page_mark m)
{
	fprintf(f, "<tr class=\"%s%s\" data-%s=\"", cls, m ? " constraint" : "", cls);
	page_text(f, name);
	fputs("\"><th scope=\"row\">", f);
	page_text(f, name);
	if (m)
		fprintf(f, " <small>(%s)</small>", page_mark_label(m));
	fputs("</th>", f);
}

static void table_line(FILE *f, const res *r)
{
	const stat_acc *l = r->line;
	char a[80], b[80];

	fputs("<table class=\"line\"><caption>The line</caption>\n<thead><tr>"
	      "<th class=\"left\">throughput</th><th>latency mean</th><th>p50</th>"
	      "<th>p90</th><th>p99</th><th>work in progress</th><th>dropped</th>"
	      "</tr></thead>\n<tbody><tr>", f);
	page_fig(a, sizeof a, &l[LF_THROUGHPUT], r->reps, 0);
	fprintf(f, "<td>%s ", a);
	page_text(f, r->s->nsources ? r->s->sources[0].unit : "items");
	fputs("/s</td>", f);
	page_fig(a, sizeof a, &l[LF_LAT_MEAN], r->reps, 1);
	td(f, a);
	page_fig(a, sizeof a, &l[LF_LAT_P50], r->reps, 1);
	td(f, a);
	page_fig(a, sizeof a, &l[LF_LAT_P90], r->reps, 1);
	td(f, a);
	page_fig(a, sizeof a, &l[LF_LAT_P99], r->reps, 1);
	td(f, a);
	page_fig(a, sizeof a, &l[LF_WIP], r->reps, 0);
	td(f, a);
	page_fig(a, sizeof a, &l[LF_DROPPED], r->reps, 0);
	page_pct(b, sizeof b, stat_mean(&l[LF_DROP_FRACTION]));
	fprintf(f, "<td>%s (%s)</td></tr></tbody>\n</table>\n", a, b);
}

/* The stations' table leaves out utilization: it is the working share,
 * the first of the states' columns. */
static void table_stations(FILE *f, const res *r)
{
	int dev = r->ndev > 0;
	char a[80];

	fputs("<table class=\"stations\"><caption>Stations</caption>\n<thead><tr>"
	      "<th class=\"left\">station</th><th>throughput/s</th>", f);
	for (int i = 0; i < PAGE_NSTATES; i++)
		if (page_states[i].sf != SF_WAITING || dev)
			fprintf(f, "<th>%s</th>", page_states[i].name);
	fputs("<th>queue</th><th>wait</th><th>bottleneck</th></tr></thead>\n<tbody>\n", f);
	for (int k = 0; k < r->nst; k++) {
		const stat_acc *s = r->st[k];

		row_head(f, "station", r->s->stations[k].name, page_mark(r, k));
		page_fig(a, sizeof a, &s[SF_THROUGHPUT], r->reps, 0);
		td(f, a);
		for (int i = 0; i < PAGE_NSTATES; i++)
			if (page_states[i].sf != SF_WAITING || dev) {
				pct_ci(a, sizeof a, &s[page_states[i].sf], r->reps);
				td(f, a);
			}
		page_fig(a, sizeof a, &s[SF_QUEUE], r->reps, 0);
		td(f, a);
		page_fig(a, sizeof a, &s[SF_WAIT_MEAN], r->reps, 1);
		td(f, a);
		td_bottleneck(f, &s[SF_SOLE], &s[SF_SHIFTING]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

static void table_batches(FILE *f, const res *r)
{
	int any = 0;
	char a[80];

	for (int k = 0; k < r->nst; k++) {
		const scen_station *sc = &r->s->stations[k];
		const stat_acc *s = r->st[k];

		if (!sc->batching.on)
			continue;
		if (!any++)
			fputs("<table class=\"batching\"><caption>Batching</caption>\n"
			      "<thead><tr><th class=\"left\">station</th><th>mean batch</th>"
			      "<th>fill</th><th>p50</th><th>p90</th><th>max_batch</th>"
			      "</tr></thead>\n<tbody>\n", f);
		row_head(f, "batching", sc->name, PAGE_MARK_NONE);
		page_fig(a, sizeof a, &s[SF_BATCH_MEAN], r->reps, 0);
		td(f, a);
		pct_ci(a, sizeof a, &s[SF_BATCH_FILL], r->reps);
		td(f, a);
		fprintf(f, "<td>%.0f</td><td>%.0f</td><td>%lld</td></tr>\n",
			stat_mean(&s[SF_BATCH_P50]), stat_mean(&s[SF_BATCH_P90]),
			(long long)sc->batching.max_batch);
	}
	if (any)
		fputs("</tbody>\n</table>\n", f);
}

static void table_devices(FILE *f, const res *r)
{
	int any = 0;
	char a[80], used[32], has[32];

	for (int k = 0; k < r->ndev; k++) {
		const scen_device *dv = &r->s->devices[k];

		if (dv->kind == SCEN_DEV_ENDPOINT)
			continue;
		if (!any++)
			fputs("<table class=\"devices\"><caption>Devices</caption>\n"
			      "<thead><tr><th class=\"left\">device</th><th>type</th>"
			      "<th>utilization</th><th>memory placed / has</th>"
			      "<th>bottleneck</th></tr></thead>\n<tbody>\n", f);
		row_head(f, "device", dv->name, page_mark(r, r->nst + k));
		fputs("<td>", f);
		page_text(f, dv->profile ? dv->profile : dv->type);
		fputs("</td>", f);
		pct_ci(a, sizeof a, &r->dev[k][DF_UTILIZATION], r->reps);
		td(f, a);
		unit_format(UNIT_SIZE, res_memory_placed(r, k), used, sizeof used);
		unit_format(UNIT_SIZE, dv->memory, has, sizeof has);
		fprintf(f, "<td>%s / %s</td>", used, dv->memory > 0 ? has : "-");
		td_bottleneck(f, &r->dev[k][DF_SOLE], &r->dev[k][DF_SHIFTING]);
		fputs("</tr>\n", f);
	}
	if (any)
		fputs("</tbody>\n</table>\n", f);
}

static void table_links(FILE *f, const res *r)
{
	int any = 0, idle = 0;
	char a[80], b[32];

	for (int k = 0; k < r->nlk; k++) {
		const scen_link *lk = &r->s->links[k];

		/* a machine preset has dozens of links; list those in use */
		if (res_link_idle(r, k)) {
			idle++;
			continue;
		}
		if (!any++)
			fputs("<table class=\"links\"><caption>Links</caption>\n"
			      "<thead><tr><th class=\"left\">link</th><th>type</th>"
			      "<th>utilization</th><th>bytes/s</th><th>bottleneck</th>"
			      "</tr></thead>\n<tbody>\n", f);
		row_head(f, "link", lk->name, page_mark(r, r->nst + r->ndev + k));
		fputs("<td>", f);
		page_text(f, lk->type ? lk->type : "-");
		fputs("</td>", f);
		pct_ci(a, sizeof a, &r->lnk[k][KF_UTILIZATION], r->reps);
		td(f, a);
		unit_format(UNIT_BANDWIDTH, stat_mean(&r->lnk[k][KF_BYTES_PER_S]), b, sizeof b);
		td(f, b);
		td_bottleneck(f, &r->lnk[k][KF_SOLE], &r->lnk[k][KF_SHIFTING]);
		fputs("</tr>\n", f);
	}
	if (any)
		fputs("</tbody>\n</table>\n", f);
	if (idle)
		fprintf(f, "<p class=\"note\">and %d link%s that carried nothing.</p>\n",
			idle, idle == 1 ? "" : "s");
}

void html_results(FILE *f, const res *r)
{
	fputs("<div class=\"scroll results\">\n", f);
	table_line(f, r);
	table_stations(f, r);
	table_batches(f, r);
	table_devices(f, r);
	table_links(f, r);
	fputs("</div>\n", f);
}

/* The figures a comparison shows, as rdiff.c's table does; fractions as
 * percentages, their changes in percentage points. */
enum vkind { V_NUM, V_DUR, V_FRAC };

static const struct { const char *label; int fig; enum vkind k; } line_rows[] = {
	{ "throughput/s", LF_THROUGHPUT, V_NUM },
	{ "latency mean", LF_LAT_MEAN, V_DUR },
	{ "latency p99", LF_LAT_P99, V_DUR },
	{ "work in progress", LF_WIP, V_NUM },
	{ "dropped", LF_DROP_FRACTION, V_FRAC },
};
static const struct { const char *label; int fig; enum vkind k; } stn_rows[] = {
	{ "throughput/s", SF_THROUGHPUT, V_NUM },
	{ "utilization", SF_UTILIZATION, V_FRAC },
	{ "wait", SF_WAIT_MEAN, V_DUR },
};

/* mean and interval h as the kind reads; change: a difference (pp). */
static void value(char *buf, size_t n, double mean, double h, enum vkind k,
		  int change)
{
	if (k != V_FRAC) {
		rtext_value(buf, n, mean, h, k == V_DUR);
		return;
	}
	if (!(h > 0))
		snprintf(buf, n, change ? "%.3g pp" : "%.1f%%", 100 * mean);
	else
		snprintf(buf, n, change ? "%.3g pp \xc2\xb1%.2g" : "%.1f%% \xc2\xb1%.2g",
			 100 * mean, 100 * h);
}

static void change_row(FILE *f, const char *label, const stat_acc *a,
		       const stat_acc *b, const stat_acc *d, enum vkind k)
{
	int sig = diff_significant(d);
	char x[64], y[64], z[64], w[64];

	value(x, sizeof x, stat_mean(a), stat_ci95(a), k, 0);
	value(y, sizeof y, stat_mean(b), stat_ci95(b), k, 0);
	value(z, sizeof z, stat_mean(d), stat_ci95(d), k, 1);
	value(w, sizeof w, 0, diff_independent_ci95(a, b), k, 1);
	/* the interval alone: what follows the 0 */
	fprintf(f, "<tr class=\"change%s\"><th scope=\"row\">%s</th><td>%s</td><td>%s</td>"
		"<td>%s</td><td>%s</td><td class=\"sig\">%s</td></tr>\n",
		sig ? " significant" : "", label, x, y, z,
		strstr(w, "\xc2\xb1") ? strstr(w, "\xc2\xb1") : "-", sig ? "*" : "");
}

/* A figure of a station only one line has: its value on that side. */
static void one_side_row(FILE *f, const char *label, const stat_acc *s,
			 enum vkind k, int before)
{
	char x[64];

	value(x, sizeof x, stat_mean(s), stat_ci95(s), k, 0);
	fprintf(f, "<tr class=\"change only\"><th scope=\"row\">%s</th><td>%s</td>"
		"<td>%s</td><td>-</td><td>-</td><td class=\"sig\"></td></tr>\n",
		label, before ? x : "-", before ? "-" : x);
}

/* The group of a station only one line has (its index k there), marked
 * removed or added as rdiff.c's text marks it. */
static void one_side(FILE *f, const res *r, int k, int before)
{
	const char *how = before ? "removed" : "added";

	fprintf(f, "<tr class=\"group station %s\" data-station=\"", how);
	page_text(f, r->s->stations[k].name);
	fputs("\"><th colspan=\"6\">", f);
	page_text(f, r->s->stations[k].name);
	fprintf(f, " (%s: only %s)</th></tr>\n", how, before ? "before" : "after");
	for (size_t i = 0; i < sizeof stn_rows / sizeof stn_rows[0]; i++)
		one_side_row(f, stn_rows[i].label, &r->st[k][stn_rows[i].fig],
			     stn_rows[i].k, before);
}

/* The line's figures, then before's stations in its order, each paired
 * by name or removed, then the stations after added, in its order. */
void html_changes(FILE *f, const diff_res *d)
{
	const res *a = d->a, *b = d->b;

	fputs("<div class=\"scroll\">\n<table class=\"changes\"><caption>Changes "
	      "(after minus before, paired replications)</caption>\n<thead><tr>"
	      "<th class=\"left\">figure</th><th>before</th><th>after</th>"
	      "<th>change</th><th>if independent</th><th></th></tr></thead>\n<tbody>\n"
	      "<tr class=\"group\"><th colspan=\"6\">the line</th></tr>\n", f);
	for (size_t i = 0; i < sizeof line_rows / sizeof line_rows[0]; i++)
		change_row(f, line_rows[i].label, &a->line[line_rows[i].fig],
			   &b->line[line_rows[i].fig], &d->d_line[line_rows[i].fig],
			   line_rows[i].k);
	for (int k = 0; k < a->nst; k++) {
		int kb = d->st_b[k];

		if (kb < 0) {
			one_side(f, a, k, 1);
			continue;
		}
		fputs("<tr class=\"group station\" data-station=\"", f);
		page_text(f, a->s->stations[k].name);
		fputs("\"><th colspan=\"6\">", f);
		page_text(f, a->s->stations[k].name);
		fputs("</th></tr>\n", f);
		for (size_t i = 0; i < sizeof stn_rows / sizeof stn_rows[0]; i++)
			change_row(f, stn_rows[i].label, &a->st[k][stn_rows[i].fig],
				   &b->st[kb][stn_rows[i].fig], &d->d_st[k][stn_rows[i].fig],
				   stn_rows[i].k);
	}
	for (int kb = 0; kb < b->nst; kb++)
		if (d->st_a[kb] < 0)
			one_side(f, b, kb, 0);
	fputs("</tbody>\n</table>\n</div>\n<p class=\"caption\">* the change is "
	      "significant: its 95% interval excludes 0. Both lines ran the same "
	      "replications with common random numbers, so the change's interval "
	      "is tighter than the one the two lines' own intervals would give "
	      "(the column \"if independent\"). Stations are paired by name; one "
	      "only a line has is marked removed or added.</p>\n", f);
}

/*
 * Pages.
 */

/* The diagram, then the constraint in words: -1 when either failed. */
static int with_constraint(FILE *f, const res *r)
{
	int rc = html_diagram(f, r);

	return html_constraint(f, r) < 0 ? -1 : rc;
}

int html_run(FILE *f, const res *r, const tl *t, const char *label)
{
	int rc;

	page_begin(f, r->s->name, 0);
	fputs("<h1>", f);
	page_text(f, r->s->name);
	fputs("</h1>\n", f);
	html_about(f, r, label);
	fputs("<h2>The line</h2>\n", f);
	rc = with_constraint(f, r);
	fputs("<h2>Results</h2>\n", f);
	html_results(f, r);
	fputs("<h2>Over time</h2>\n", f);
	chart_timelines(f, r, t, NULL);
	fputs("<h2>Latency</h2>\n", f);
	chart_latency(f, r, t);
	if (page_end(f) < 0 || rc < 0)
		return -1;
	return 0;
}

/* One side of a comparison: its label, how it ran, its diagram and
 * constraint. */
static int side(FILE *f, const res *r, const char *h, const char *label)
{
	int rc;

	fprintf(f, "<div class=\"col %s\">\n<h3>%s</h3>\n<p class=\"label\">", h, h);
	page_text(f, label);
	fputs("</p>\n", f);
	run_meta(f, r);
	rc = with_constraint(f, r);
	fputs("</div>\n", f);
	return rc;
}

int html_diff(FILE *f, const diff_res *d, const tl *ta, const tl *tb,
	      const char *la, const char *lb)
{
	const res *a = d->a, *b = d->b;
	int rc = 0;

	page_begin(f, a->s->name, 1);
	fputs("<h1>", f);
	page_text(f, a->s->name);
	if (strcmp(a->s->name, b->s->name)) {
		fputs(" \xe2\x86\x92 ", f);
		page_text(f, b->s->name);
	}
	fputs(": before and after</h1>\n<p class=\"label\">before: ", f);
	page_text(f, la);
	fputs("<br>after: ", f);
	page_text(f, lb);
	fprintf(f, "</p>\n<p class=\"meta\">%lld paired replications, seed %llu, "
		"common random numbers: stations and sources that keep their "
		"names draw the same numbers in both lines.</p>\n",
		(long long)a->reps, (unsigned long long)a->seed);
	if (a->s->description && *a->s->description) {
		fputs("<p class=\"description\">", f);
		page_text(f, a->s->description);
		fputs("</p>\n", f);
	}
	fputs("<h2>What changed</h2>\n", f);
	html_changes(f, d);
	/* pairs stand side by side where the window is wide enough for
	 * two diagrams, one over the other where it is not */
	fputs("<h2>The lines</h2>\n<div class=\"pair\">\n", f);
	if (side(f, a, "before", la) < 0 || side(f, b, "after", lb) < 0)
		rc = -1;
	fputs("</div>\n<h2>Results</h2>\n<div class=\"pair\">\n"
	      "<div class=\"col before\">\n<h3>before</h3>\n", f);
	html_results(f, a);
	fputs("</div>\n<div class=\"col after\">\n<h3>after</h3>\n", f);
	html_results(f, b);
	fputs("</div>\n</div>\n<h2>Over time</h2>\n<div class=\"cols\">\n"
	      "<div class=\"col before\">\n<h3>before</h3>\n", f);
	chart_timelines(f, a, ta, tb);
	fputs("</div>\n<div class=\"col after\">\n<h3>after</h3>\n", f);
	chart_timelines(f, b, tb, ta);
	fputs("</div>\n</div>\n<h2>Latency</h2>\n", f);
	chart_latency_pair(f, d, ta, tb);
	if (page_end(f) < 0 || rc < 0)
		return -1;
	return 0;
}
