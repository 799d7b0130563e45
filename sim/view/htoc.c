/*
 * htoc.c: the five focusing steps as a page (htoc.h). Everything drawn is
 * html.h's and chart.h's, on page.h's page; the words are rtoc.h's,
 * escaped.
 */
#include "view/htoc.h"

#include "report/rjson.h"
#include "report/rtext.h"
#include "report/rtoc.h"
#include "view/chart.h"
#include "view/html.h"
#include "view/page.h"

/* The goal, as the text report states it. */
static void goal(FILE *f, const toc_res *t)
{
	const scen_goal *g = &t->base->goal;
	char a[64];

	fputs("<p class=\"description\">Goal: ", f);
	if (g->throughput <= 0 && g->latency_p99 <= 0)
		fputs("none given: the steps raise the throughput", f);
	if (g->throughput > 0) {
		rtext_value(a, sizeof a, g->throughput, 0, 0);
		fprintf(f, "throughput at least %s ", a);
		page_text(f, rjson_unit(t->base));
		fputs("/s", f);
	}
	if (g->latency_p99 > 0) {
		rtext_value(a, sizeof a, g->latency_p99, 0, 1);
		fprintf(f, "%slatency p99 at most %s", g->throughput > 0 ? ", " : "", a);
	}
	fputs(".</p>\n", f);
}

/* The chain of constraints, step by step, and why it stopped. */
static void chain(FILE *f, const toc_res *t)
{
	fputs("<p class=\"description\">Chain of constraints: ", f);
	for (int k = 0; k < t->nsteps; k++) {
		fputs(k ? " &rarr; " : "", f);
		fputs("<strong>", f);
		page_text(f, rtoc_chain_name(&t->steps[k]));
		fputs("</strong>", f);
	}
	fputs(". Stopped: ", f);
	page_text(f, rtoc_stop_words(t));
	fputs(".</p>\n", f);
	if (t->stop == TOC_STOP_OUTSIDE && t->nsteps > 1)
		fputs("<p class=\"warn\">The constraint has moved outside the line.</p>\n", f);
}

static void cell(FILE *f, const stat_acc *s, int duration)
{
	char a[64];

	rtext_value(a, sizeof a, stat_mean(s), stat_ci95(s), duration);
	fputs("<td>", f);
	page_text(f, a);
	fputs("</td>", f);
}

static void money(FILE *f, double v)
{
	char a[64];

	rtoc_money(a, sizeof a, v);
	fputs("<td>", f);
	page_text(f, a);
	fputs("</td>", f);
}

/* The levers tried, best first; the one applied next marked. */
static void elevate(FILE *f, const toc_step *st)
{
	int by = toc_latency_goal(st->s) ? LF_LAT_P99 : LF_THROUGHPUT;
	double base = stat_mean(&st->r->line[by]);
	char lab[256];

	if (st->ntries == 0) {
		fputs("<p class=\"note\">No lever to try: give the scenario "
		      "\"levers\".</p>\n", f);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n<caption>Levers, against this "
	      "line with common random numbers, best first</caption>\n<thead>"
	      "<tr><th class=\"left\">lever</th><th>throughput/s</th>"
	      "<th>change of the goal's figure</th><th></th><th>p99 latency</th><th>$/h</th>"
	      "<th>$ per 1000</th></tr></thead>\n<tbody>\n", f);
	for (int i = 0; i < st->ntries; i++) {
		const toc_try *t = &st->tries[st->rank[i]];
		const stat_acc *d = &t->d->d_line[by];

		fprintf(f, "<tr%s><th scope=\"row\">", st->rank[i] == st->best ?
			" class=\"constraint\"" : "");
		rtoc_set_label(t->set, lab, sizeof lab);
		page_text(f, lab);
		if (st->rank[i] == st->best)
			fputs(" (applied)", f);
		fputs("</th>", f);
		cell(f, &t->d->b->line[LF_THROUGHPUT], 0);
		if (base > 0)
			fprintf(f, "<td>%+.1f%% &plusmn;%.1f%%</td>",
				100 * stat_mean(d) / base, 100 * stat_ci95(d) / base);
		else
			cell(f, d, 0);
		fprintf(f, "<td class=\"sig\">%s</td>", diff_significant(d) ? "*" : "");
		cell(f, &t->d->b->line[LF_LAT_P99], 1);
		money(f, t->cost_h);
		money(f, rtoc_per_1000(t->cost_h, stat_mean(&t->d->b->line[LF_THROUGHPUT])));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static void paragraph(FILE *f, const toc_res *t, int k, int which,
		      const char *name)
{
	char buf[2048];

	rtoc_paragraph(t, k, which, buf, sizeof buf);
	if (!buf[0])
		return;
	fprintf(f, "<p><strong>%s.</strong> ", name);
	page_text(f, buf);
	fputs("</p>\n", f);
}

static int step(FILE *f, const toc_res *t, int k, const tl *tl_k)
{
	const toc_step *st = &t->steps[k];
	char lab[256];
	int rc;

	fprintf(f, "<h2>Step %d: ", k + 1);
	if (st->nsets == 0) {
		fputs("the line as given", f);
	} else {
		rtoc_set_label(st->sets[st->nsets - 1], lab, sizeof lab);
		fputs("with ", f);
		page_text(f, lab);
	}
	fputs("</h2>\n", f);
	rc = html_diagram(f, st->r);
	paragraph(f, t, k, 1, "1. Identify");
	paragraph(f, t, k, 2, "2. Exploit");
	paragraph(f, t, k, 3, "3. Subordinate");
	if (st->verdict != RES_DEADLOCK) {
		fputs("<p><strong>4. Elevate.</strong></p>\n", f);
		elevate(f, st);
		paragraph(f, t, k, 5, "5. Repeat");
	}
	html_results(f, st->r);
	chart_timelines(f, st->r, tl_k, NULL);
	return rc;
}

int htoc_page(FILE *f, const toc_res *t, tl *const *tls, const char *label)
{
	int rc = 0;

	page_begin(f, t->base->name, 0);
	fputs("<h1>The five focusing steps: ", f);
	page_text(f, t->base->name);
	fputs("</h1>\n", f);
	html_about(f, t->steps[0].r, label);
	goal(f, t);
	chain(f, t);
	for (int k = 0; k < t->nsteps; k++)
		rc |= step(f, t, k, tls ? tls[k] : NULL);
	if (page_end(f) < 0 || rc < 0)
		return -1;
	return 0;
}
