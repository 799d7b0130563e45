/*
 * rtoc.c: herbie toc's report (see rtoc.h). Every number printed is read
 * from the runs in the toc_res; nothing here measures.
 */
#include "report/rtoc.h"

#include <math.h>
#include <string.h>

#include "report/jw.h"
#include "report/rjson.h"
#include "core/hb.h"
#include "report/rtext.h"

/* ------------------------------------------------------------------ */
/* Words                                                               */

static size_t put(char *buf, size_t n, size_t at, const char *f, const char *a,
		  const char *b)
{
	if (at < n)
		at += (size_t)snprintf(buf + at, n - at, f, a, b);
	return at;
}

void rtoc_entity(const res *r, int e, char *buf, size_t n)
{
	const scen *s = r->s;
	size_t at = 0;
	int k, on = 0;

	if (e < r->nst) {
		const scen_station *st = &s->stations[e];

		at = put(buf, n, 0, "station %s%s", st->name, "");
		for (int i = 0; i < st->ndevices; i++)
			at = put(buf, n, at, "%s%s", i ? ", " : " (on ",
				 st->devices[i]);
		if (st->ndevices)
			put(buf, n, at, ")%s%s", "", "");
		return;
	}
	if (e >= r->nst + r->ndev) {
		const scen_link *lk = &s->links[e - r->nst - r->ndev];

		put(buf, n, 0, "link %s (%s)", lk->name, lk->type ? lk->type : "given by its figures");
		return;
	}
	k = e - r->nst;
	at = put(buf, n, 0, "%s %s (",
		 s->devices[k].kind == SCEN_DEV_CPU ? "CPU" :
		 s->devices[k].kind == SCEN_DEV_GPU ? "GPU" : "device",
		 s->devices[k].name);
	at = put(buf, n, at, "%s%s", s->devices[k].type, "");
	for (int i = 0; i < r->nst; i++)
		if (scen_station_on(&s->stations[i], k))
			at = put(buf, n, at, "%s%s", on++ ? ", " : ", running ",
				 s->stations[i].name);
	put(buf, n, at, ")%s%s", "", "");
}

void rtoc_set_label(const char *set, char *buf, size_t n)
{
	const char *eq = strchr(set, '=');
	size_t len = strlen(set);

	if (eq && len >= 2 && eq[1] == '"' && set[len - 1] == '"')
		snprintf(buf, n, "%.*s=%.*s", (int)(eq - set), set,
			 (int)(len - (size_t)(eq - set) - 3), eq + 2);
	else
		snprintf(buf, n, "%s", set);
}

static double mean(const stat_acc *s)
{
	return stat_mean(s);
}

static void value(char *buf, size_t n, const stat_acc *s, int duration)
{
	rtext_value(buf, n, stat_mean(s), stat_ci95(s), duration);
}

/* A change as "+12% ±1.5%" of its base, marked "*" when significant. */
static void change(char *buf, size_t n, const stat_acc *d, double base)
{
	if (!(base > 0)) {
		rtext_value(buf, n, stat_mean(d), stat_ci95(d), 0);
		return;
	}
	snprintf(buf, n, "%+.1f%% ±%.1f%%%s", 100 * stat_mean(d) / base,
		 100 * stat_ci95(d) / base, diff_significant(d) ? " *" : "");
}

/* The text of the paragraphs wrapped at 78 columns, indented. */
static void para(FILE *f, const char *label, const char *text)
{
	int col = fprintf(f, "  %s", label), indent = col;

	while (*text) {
		const char *sp = strchr(text, ' ');
		int w = sp ? (int)(sp - text) : (int)strlen(text);

		if (col > indent && col + 1 + w > 78) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		col += fprintf(f, "%.*s", w, text);
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

/* ------------------------------------------------------------------ */
/* The steps in words                                                  */

/* The set the bottleneck shifts among, each with its share: the replicas
 * of one stage that share the load. */
static size_t shifting_text(const res *r, int c, char *b, size_t n)
{
	size_t at = (size_t)snprintf(b, n, "The bottleneck shifts among "
				     "peers that share the load, each the "
				     "bottleneck for a share of the time "
				     "(active-period method):");

	for (int e = 0, k = 0; e < res_nentities(r) && at < n; e++)
		if (e == c || res_constraint_peer(r, c, e))
			at += (size_t)snprintf(b + at, n - at, "%s %s %.0f%%",
					       k++ ? "," : "", res_entity_name(r, e),
					       100 * (mean(res_entity_sole(r, e)) +
						      mean(res_entity_shifting(r, e))));
	if (at < n)
		at += (size_t)snprintf(b + at, n - at, ". Together they are the "
				       "constraint.");
	return at;
}

/* The line keeps up with its sources: the busiest resource is the one
 * that will bind first. */
static void market_text(const res *r, char *b, size_t n)
{
	int nn = res_nentities(r), *order = hb_calloc((size_t)nn + 1, sizeof *order);
	int top = -1;
	char other[256];

	if (order && nn > 0) {
		res_ranking(r, order);
		top = order[0];
		rtoc_entity(r, top, other, sizeof other);
	}
	hb_free(order);
	if (top < 0) {
		snprintf(b, n, "No constraint inside the line: it keeps up with "
			 "what its sources offer, so the market sets the pace.");
		return;
	}
	snprintf(b, n, "No constraint inside the line: it keeps up with what "
		 "its sources offer, so the market sets the pace. The busiest "
		 "resource is %s at %.0f%%: it is the one to watch as demand "
		 "grows.", other, 100 * mean(res_entity_utilization(r, top)));
}

static void identify_text(const toc_step *st, char *b, size_t n)
{
	const res *r = st->r;
	int c = st->constraint;
	char what[256];
	size_t at = 0;

	if (st->verdict == RES_MARKET) {
		market_text(r, b, n);
		return;
	}
	if (st->verdict == RES_DEADLOCK || st->verdict == RES_UNSTABLE) {
		char v[256];

		rtext_verdict(v, sizeof v, r);
		snprintf(b, n, st->verdict == RES_DEADLOCK ?
			 "The line deadlocks (%s): each of these stations holds "
			 "an item for the next, whose places are all taken, and "
			 "none can ever move again." :
			 "The line is %s: more is offered than it can do, and "
			 "the work waiting there grows for as long as it runs. "
			 "It is the drum.", v);
		return;
	}
	if (c < 0) {
		snprintf(b, n, "Nothing in the line was ever a bottleneck: the "
			 "line is starved.");
		return;
	}
	rtoc_entity(r, c, what, sizeof what);
	if (st->verdict == RES_STATISTICAL) {
		snprintf(b, n, "The line is balanced: every station has the same "
			 "capacity, yet the line delivers less, because "
			 "fluctuations are passed down dependent stations and "
			 "what one loses the next cannot make up. The constraint "
			 "is statistical, not a station. The active-period "
			 "method names %s (the bottleneck %.0f%% of the time): "
			 "it is the one that never loses a turn.",
			 res_entity_name(r, c),
			 100 * (mean(res_entity_sole(r, c)) +
				mean(res_entity_shifting(r, c))));
		return;
	}
	if (st->verdict == RES_SHIFTING) {
		at = shifting_text(r, c, b, n);
		what[0] = '\0';	/* the figures below are the leader's */
	}
	if (at >= n)
		return;
	if (c < r->nst)
		at += (size_t)snprintf(b + at, n - at, "%s%s%s %s works %.1f%% "
				       "of the time, starved %.1f%%, blocked %.1f%%%s.",
				       at ? " " : "The drum is ", what, at ? "" : ":",
				       at ? res_entity_name(r, c) : "it",
				       100 * mean(&r->st[c][SF_WORKING]),
				       100 * mean(&r->st[c][SF_STARVED]),
				       100 * mean(&r->st[c][SF_BLOCKED]),
				       mean(&r->st[c][SF_WAITING]) > 0.005 ?
				       ", waiting for its device" : "");
	else
		at += (size_t)snprintf(b + at, n - at, "%s%s%s busy %.0f%% of "
				       "the time.", at ? " " : "The drum is the ",
				       at ? res_entity_name(r, c) : what,
				       at ? " is" : ":",
				       100 * mean(res_entity_utilization(r, c)));
	if (st->verdict != RES_SHIFTING && at < n)
		at += (size_t)snprintf(b + at, n - at, " It was the sole "
				       "bottleneck %.0f%% of the time and a "
				       "shifting one %.0f%% (active-period method).",
				       100 * mean(res_entity_sole(r, c)),
				       100 * mean(res_entity_shifting(r, c)));
	if (st->drum >= 0 && st->drum != c && at < n)
		snprintf(b + at, n - at, " Its busiest station, %s, sets the "
			 "pace of releases.", r->s->stations[st->drum].name);
}

static void exploit_text(const toc_step *st, const char *unit, char *b,
			 size_t n)
{
	const res *r = st->r;
	size_t at;
	char x[64], cap[32];

	if (st->constraint < 0) {
		snprintf(b, n, "Nothing to exploit inside the line.");
		return;
	}
	if (st->verdict == RES_MARKET) {
		snprintf(b, n, "Nothing to exploit: %s idles %.1f%% of the time "
			 "because no work comes, and an hour saved where there "
			 "is spare capacity is a mirage.",
			 res_entity_name(r, st->constraint), 100 * st->lost);
		return;
	}
	/* below a part in a million it is rounding in the shares, not time */
	rtext_value(x, sizeof x, st->lost > 1e-6 ? st->lost_units_h : 0, 0, 0);
	at = (size_t)snprintf(b, n, "%s lost %.2g%% of its time not working: "
			      "%s %s an hour for the whole line (an hour "
			      "lost at the constraint is an hour lost for the "
			      "line).", res_entity_name(r, st->constraint),
			      st->lost > 1e-6 ? 100 * st->lost : 0, x, unit);
	if (st->drum >= 0 && r->s->stations[st->drum].batching.on && at < n)
		at += (size_t)snprintf(b + at, n - at, " Its batches are %.0f%% "
				       "full (max_batch %lld).",
				       100 * mean(&r->st[st->drum][SF_BATCH_FILL]),
				       (long long)r->s->stations[st->drum].batching.max_batch);
	if (st->buffer < 0 || at >= n)
		return;
	at += (size_t)snprintf(b + at, n - at, " A protective buffer of %lld "
			       "in front of %s is the smallest whose throughput "
			       "equals a large one's", (long long)st->buffer,
			       r->s->stations[st->drum].name);
	if (!st->buffer_d || at >= n) {
		snprintf(b + at, n - at, ", and it has that already. (Equal: "
			 "a loss under 0.5%%, or not significant and under 2%%.)");
		return;
	}
	change(x, sizeof x, &st->buffer_d->d_line[LF_THROUGHPUT],
	       mean(&r->line[LF_THROUGHPUT]));
	if (r->s->stations[st->drum].capacity < 0)
		snprintf(cap, sizeof cap, "no bound");
	else
		snprintf(cap, sizeof cap, "%lld places",
			 (long long)r->s->stations[st->drum].capacity);
	snprintf(b + at, n - at, " (it has %s); with it throughput changes "
		 "%s, WIP %.1f -> %.1f, mean latency %.3gs -> %.3gs. (Equal: a "
		 "loss under 0.5%%, or not significant and under 2%%.)", cap, x, mean(&r->line[LF_WIP]), mean(&st->buffer_d->b->line[LF_WIP]),
		 mean(&r->line[LF_LAT_MEAN]),
		 mean(&st->buffer_d->b->line[LF_LAT_MEAN]));
}

static int forks(const scen *s)
{
	for (int k = 0; k < s->nstations; k++)
		if (s->stations[k].next == NEXT_FORK)
			return 1;
	return 0;
}

static int closed(const scen *s)
{
	for (int i = 0; i < s->nsources; i++)
		if (s->sources[i].kind == SCEN_SRC_CLOSED)
			return 1;
	return 0;
}

/* WIP counts items (a fork's parts each), not the units of throughput. */
static void subordinate_text(const toc_step *st, char *b, size_t n)
{
	const res *r = st->r;
	const char *drum = st->drum >= 0 ? r->s->stations[st->drum].name : "";
	size_t at;
	char x[64];

	if (st->drum < 0) {
		snprintf(b, n, "No rope: %s.", st->no_rope ? st->no_rope :
			 "no station sets the pace");
		return;
	}
	at = (size_t)snprintf(b, n, "Work in progress: %.1f items wait in front "
			      "of %s, %.1f are upstream of it and %.1f after "
			      "it%s.", st->wip_front, drum, st->wip_up,
			      st->wip_down, forks(r->s) ? " (a fork's parts "
			      "count one each here, not in the line's WIP)" : "");
	if (!st->rope_d || at >= n) {
		snprintf(b + at, n - at, " No rope: %s.",
			 st->no_rope ? st->no_rope : "none tried");
		return;
	}
	change(x, sizeof x, &st->rope_d->d_line[LF_THROUGHPUT],
	       mean(&r->line[LF_THROUGHPUT]));
	at += (size_t)snprintf(b + at, n - at, " The shortest rope that keeps "
			       "the throughput (the same rule) is %lld: the "
			       "sources release only while fewer than %lld are "
			       "on their way through %s. With it throughput "
			       "changes %s, WIP goes %.1f -> %.1f and mean "
			       "latency from release %.3gs -> %.3gs.",
			       (long long)st->rope, (long long)st->rope, drum,
			       x, mean(&r->line[LF_WIP]),
			       mean(&st->rope_d->b->line[LF_WIP]),
			       mean(&r->line[LF_LAT_MEAN]),
			       mean(&st->rope_d->b->line[LF_LAT_MEAN]));
	if (closed(r->s) && at < n)
		snprintf(b + at, n - at, " Closed clients wait at the gate "
			 "instead: their response time does not fall (Little's "
			 "law), but the line holds less.");
}

void rtoc_money(char *buf, size_t n, double v)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else if (v != 0 && fabs(v) < 0.01)
		snprintf(buf, n, "%.2g", v);	/* fractions of a cent */
	else
		snprintf(buf, n, "%.2f", v);
}

double rtoc_per_1000(double c, double x)
{
	return x > 0 ? c / (x * 3600) * 1000 : NAN;
}

static void elevate_table(const toc_step *st, FILE *f)
{
	int lat = toc_latency_goal(st->s);
	int by = lat ? LF_LAT_P99 : LF_THROUGHPUT;	/* what the goal moves */
	double base = mean(&st->r->line[by]);
	char a[64], b[64], c[64], d[64], e[64], lab[160];

	if (st->ntries == 0) {
		para(f, "4. Elevate. ", st->s->nlevers ? "Every lever is at its "
		     "only value." : "No lever to try: give the scenario "
		     "\"levers\" (e.g. a faster card, more cores, another "
		     "device for a station).");
		return;
	}
	para(f, "4. Elevate. ", "Each lever tried against this line with "
	     "common random numbers; '*' marks a significant change, best "
	     "first.");
	fprintf(f, "     %-34s %14s %16s %14s %8s %9s\n", "lever", "throughput/s",
		lat ? "p99 change" : "change", "p99", "$/h", "$/1000");
	for (int i = 0; i < st->ntries; i++) {
		const toc_try *t = &st->tries[st->rank[i]];

		rtoc_set_label(t->set, lab, sizeof lab);
		value(a, sizeof a, &t->d->b->line[LF_THROUGHPUT], 0);
		change(b, sizeof b, &t->d->d_line[by], base);
		value(c, sizeof c, &t->d->b->line[LF_LAT_P99], 1);
		rtoc_money(d, sizeof d, t->cost_h);
		rtoc_money(e, sizeof e, rtoc_per_1000(t->cost_h, mean(&t->d->b->line[LF_THROUGHPUT])));
		fprintf(f, "   %s %-34s %14s %16s %14s %8s %9s\n",
			st->rank[i] == st->best ? ">" : " ", lab, a, b, c, d, e);
	}
}

static void repeat_text(const toc_res *t, int k, char *b, size_t n)
{
	const toc_step *st = &t->steps[k];
	char lab[160];

	b[0] = '\0';
	if (k + 1 < t->nsteps) {
		rtoc_set_label(st->tries[st->best].set, lab, sizeof lab);
		snprintf(b, n, "Apply %s, the best gain per cost, and start "
			 "again on the new line.", lab);
	}
}

void rtoc_paragraph(const toc_res *t, int k, int which, char *buf, size_t n)
{
	const toc_step *st = &t->steps[k];
	const char *unit = rjson_unit(t->base);

	buf[0] = '\0';
	if (st->verdict == RES_DEADLOCK && which > 1)
		return;		/* a stopped line: identify is all there is */
	switch (which) {
	case 1:
		identify_text(st, buf, n);
		break;
	case 2:
		exploit_text(st, unit, buf, n);
		break;
	case 3:
		subordinate_text(st, buf, n);
		break;
	case 5:
		repeat_text(t, k, buf, n);
		break;
	}
}

const char *rtoc_chain_name(const toc_step *st)
{
	return st->verdict == RES_MARKET ? "(the market)" :
	       st->verdict == RES_DEADLOCK ? "(deadlock)" :
	       st->constraint >= 0 ? res_entity_name(st->r, st->constraint) :
	       "(none)";
}

const char *rtoc_stop_words(const toc_res *t)
{
	switch (t->stop) {
	case TOC_STOP_GOAL:
		return "the goal is met";
	case TOC_STOP_NO_LEVER:
		return "no lever helps any more";
	case TOC_STOP_STEPS:
		return "the steps ran out (--steps)";
	case TOC_STOP_OUTSIDE:
		return t->nsteps > 1 ?
		       "the constraint has moved outside the line (the market): "
		       "no change inside it raises the throughput" :
		       "the constraint is outside the line (the market): no "
		       "change inside it raises the throughput";
	case TOC_STOP_INTERRUPTED:
		return "interrupted (the step under way is left out)";
	case TOC_STOP_DEADLOCK:
		return "the line deadlocks: give a station of its cycle room "
		       "in its buffer before anything else";
	case TOC_STOP_NONE:
		break;
	}
	return "";
}

static void goal_line(const toc_res *t, const char *unit, FILE *f)
{
	const scen_goal *g = &t->base->goal;
	char a[64];

	if (g->throughput <= 0 && g->latency_p99 <= 0) {
		fprintf(f, "goal: none given: the steps raise the throughput\n");
		return;
	}
	fprintf(f, "goal:");
	if (g->throughput > 0) {
		rtext_value(a, sizeof a, g->throughput, 0, 0);
		fprintf(f, " throughput >= %s %s/s", a, unit);
	}
	if (g->latency_p99 > 0) {
		rtext_value(a, sizeof a, g->latency_p99, 0, 1);
		fprintf(f, "%s latency p99 <= %s", g->throughput > 0 ? "," : "", a);
	}
	fputc('\n', f);
}

static void step_text(const toc_res *t, int k, const char *unit, FILE *f)
{
	static const char *const label[] = {
		"", "1. Identify. ", "2. Exploit. ", "3. Subordinate. "
	};
	const toc_step *st = &t->steps[k];
	char buf[2048], a[64], b[64], lab[160];

	fprintf(f, "\nStep %d: ", k + 1);
	if (st->nsets == 0) {
		fprintf(f, "the line as given\n");
	} else {
		rtoc_set_label(st->sets[st->nsets - 1], lab, sizeof lab);
		fprintf(f, "with %s\n", lab);
	}
	value(a, sizeof a, &st->r->line[LF_THROUGHPUT], 0);
	value(b, sizeof b, &st->r->line[LF_LAT_P99], 1);
	rtoc_money(lab, sizeof lab, st->cost_h);
	fprintf(f, "  throughput %s %s/s, latency p99 %s, WIP %.1f%s%s%s\n",
		a, unit, b, mean(&st->r->line[LF_WIP]),
		isnan(st->cost_h) ? "" : ", $", isnan(st->cost_h) ? "" : lab,
		isnan(st->cost_h) ? "" : "/h");
	/* a deadlocked line stops at identify: there is no pace to exploit,
	 * subordinate to or elevate */
	for (int w = 1; w <= (st->verdict == RES_DEADLOCK ? 1 : 3); w++) {
		rtoc_paragraph(t, k, w, buf, sizeof buf);
		para(f, label[w], buf);
	}
	if (st->verdict == RES_DEADLOCK)
		return;
	elevate_table(st, f);
	rtoc_paragraph(t, k, 5, buf, sizeof buf);
	if (buf[0])
		para(f, "5. Repeat. ", buf);
}

void rtoc_text(const toc_res *t, const char *file, FILE *f)
{
	const char *unit = rjson_unit(t->base);

	fprintf(f, "herbie toc: %s (%s), %lld replications per run, seed %llu\n",
		t->base->name, file, (long long)t->steps[0].r->reps,
		(unsigned long long)t->steps[0].r->seed);
	goal_line(t, unit, f);
	for (int k = 0; k < t->nsteps; k++)
		step_text(t, k, unit, f);
	fprintf(f, "\nChain of constraints: ");
	for (int k = 0; k < t->nsteps; k++)
		fprintf(f, "%s%s", k ? " -> " : "", rtoc_chain_name(&t->steps[k]));
	fprintf(f, "\nStopped: %s.\n", rtoc_stop_words(t));
	if (t->stop == TOC_STOP_OUTSIDE && t->nsteps > 1)
		fprintf(f, "warning: the constraint has moved outside the line\n");
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

/* A comparison: the other line's figures and the paired changes. */
static void versus_json(jw *w, const char *key, const diff_res *d)
{
	static const struct {
		const char *name;
		int fig;
	} figs[] = {
		{ "throughput_per_s", LF_THROUGHPUT }, { "wip", LF_WIP },
		{ "latency_mean_s", LF_LAT_MEAN }, { "latency_p99_s", LF_LAT_P99 },
	};

	jw_begin_obj(w, key);
	for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		jw_begin_obj(w, figs[i].name);
		rjson_fig(w, "after", &d->b->line[figs[i].fig]);
		rjson_fig(w, "change", &d->d_line[figs[i].fig]);
		jw_bool(w, "significant", diff_significant(&d->d_line[figs[i].fig]));
		jw_end_obj(w);
	}
	jw_end_obj(w);
}

static void num_or_null(jw *w, const char *key, double v)
{
	if (isnan(v))
		jw_raw(w, key, "null");
	else
		jw_num(w, key, v);
}

static void step_json(jw *w, const toc_step *st)
{
	const res *r = st->r;

	jw_begin_obj(w, NULL);
	jw_begin_arr(w, "sets");
	for (int i = 0; i < st->nsets; i++)
		jw_str(w, NULL, st->sets[i]);
	jw_end_arr(w);
	rjson_fig(w, "throughput_per_s", &r->line[LF_THROUGHPUT]);
	rjson_fig(w, "latency_p99_s", &r->line[LF_LAT_P99]);
	rjson_fig(w, "wip", &r->line[LF_WIP]);
	num_or_null(w, "cost_per_h", st->cost_h);
	jw_bool(w, "goal_met", st->goal_met);
	rjson_constraint(w, r);
	if (st->drum >= 0)
		jw_str(w, "drum", r->s->stations[st->drum].name);
	jw_begin_obj(w, "exploit");
	jw_num(w, "lost_fraction", st->lost);
	jw_num(w, "lost_units_per_h", st->lost_units_h);
	if (st->drum >= 0 && r->s->stations[st->drum].batching.on)
		rjson_fig(w, "batch_fill", &r->st[st->drum][SF_BATCH_FILL]);
	if (st->buffer >= 0)
		jw_int(w, "protective_buffer", st->buffer);
	if (st->buffer_d)
		versus_json(w, "with_buffer", st->buffer_d);
	jw_end_obj(w);
	jw_begin_obj(w, "subordinate");
	jw_num(w, "wip_in_front", st->wip_front);
	jw_num(w, "wip_upstream", st->wip_up);
	jw_num(w, "wip_downstream", st->wip_down);
	if (st->rope >= 0)
		jw_int(w, "rope", st->rope);
	if (st->rope_d)
		versus_json(w, "with_rope", st->rope_d);
	if (st->no_rope)
		jw_str(w, "no_rope", st->no_rope);
	jw_end_obj(w);
	jw_begin_arr(w, "elevate");
	for (int i = 0; i < st->ntries; i++) {
		const toc_try *t = &st->tries[st->rank[i]];

		jw_begin_obj(w, NULL);
		jw_str(w, "set", t->set);
		if (t->why)
			jw_str(w, "lever", t->why);
		versus_json(w, "run", t->d);
		num_or_null(w, "cost_per_h", t->cost_h);
		num_or_null(w, "added_cost_per_h", t->dcost_h);
		jw_bool(w, "helps", t->helps);
		jw_bool(w, "applied", st->rank[i] == st->best);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

void rtoc_json(const toc_res *t, const char *file, FILE *f)
{
	static const char *const stops[] = {
		"goal met", "no lever helps", "steps", "outside the line",
		"interrupted", "deadlock"
	};
	jw w;

	jw_init(&w, f, 1);
	jw_begin_obj(&w, NULL);
	jw_str(&w, "scenario", t->base->name);
	jw_str(&w, "file", file);
	jw_str(&w, "unit", rjson_unit(t->base));
	jw_int(&w, "replications", t->steps[0].r->reps);
	jw_int(&w, "seed", (int64_t)t->steps[0].r->seed);
	jw_begin_obj(&w, "goal");
	if (t->base->goal.throughput > 0)
		jw_num(&w, "throughput_per_s", t->base->goal.throughput);
	if (t->base->goal.latency_p99 > 0)
		jw_num(&w, "latency_p99_s", t->base->goal.latency_p99);
	jw_end_obj(&w);
	jw_begin_arr(&w, "steps");
	for (int k = 0; k < t->nsteps; k++)
		step_json(&w, &t->steps[k]);
	jw_end_arr(&w);
	jw_begin_arr(&w, "chain");
	for (int k = 0; k < t->nsteps; k++)
		jw_str(&w, NULL, rtoc_chain_name(&t->steps[k]));
	jw_end_arr(&w);
	jw_str(&w, "stopped", stops[t->stop]);
	jw_end_obj(&w);
	jw_finish(&w);
}
