/*
 * rtext.c: the results table (see rtext.h).
 */
#include "report/rtext.h"

#include <math.h>
#include <string.h>

#include "core/hb.h"
#include "input/unit.h"

/* A number with about four significant digits, no exponent for the values
 * people meet (counts, rates, fractions). */
static void num(char *buf, size_t n, double v)
{
	double a = fabs(v);

	if (a >= 1e4 || a == 0)
		snprintf(buf, n, "%.0f", v);
	else if (a >= 100)
		snprintf(buf, n, "%.1f", v);
	else if (a >= 0.001)
		snprintf(buf, n, "%.4g", v);
	else
		snprintf(buf, n, "%.2e", v);
}

/* An interval's half-width to two significant digits: more would claim a
 * precision the interval itself does not have. */
static double two_digits(double h)
{
	double p;

	if (h <= 0 || !isfinite(h))
		return h;
	p = pow(10, floor(log10(h)) - 1);
	return round(h / p) * p;
}

static void dur(char *buf, size_t n, double s)
{
	unit_format(UNIT_DURATION, s, buf, n);
}

void rtext_value(char *buf, size_t n, double mean, double h, int duration)
{
	void (*fmt)(char *, size_t, double) = duration ? dur : num;
	char a[32], b[32];

	fmt(a, sizeof a, mean);
	if (!(h > 0)) {
		snprintf(buf, n, "%s", a);
		return;
	}
	fmt(b, sizeof b, two_digits(h));
	snprintf(buf, n, "%s ±%s", a, b);
}

/* A figure's mean and, with replications, its interval. */
static void fig_ci(char *buf, size_t n, const stat_acc *s, int reps,
		   int duration)
{
	rtext_value(buf, n, stat_mean(s), reps < 2 ? 0 : stat_ci95(s), duration);
}

static void with_ci(char *buf, size_t n, const stat_acc *s, int reps)
{
	fig_ci(buf, n, s, reps, 0);
}

static void dur_ci(char *buf, size_t n, const stat_acc *s, int reps)
{
	fig_ci(buf, n, s, reps, 1);
}

static void pct(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.1f%%", 100 * v);
}

/* A fraction as a percentage, with its interval in percentage points. */
static void pct_ci(char *buf, size_t n, const stat_acc *s, int reps)
{
	double h = two_digits(100 * stat_ci95(s));

	if (reps < 2 || h == 0)
		snprintf(buf, n, "%.1f%%", 100 * stat_mean(s));
	else
		snprintf(buf, n, "%.1f%% ±%.2g", 100 * stat_mean(s), h);
}

static int name_width(const res *r)
{
	int w = 7;

	for (int k = 0; k < r->nst; k++) {
		int len = (int)strlen(r->s->stations[k].name);

		if (len > w)
			w = len;
	}
	return w > 24 ? 24 : w;
}

static void header(const res *r, FILE *f)
{
	char win[32], warm[64] = "";

	dur(win, sizeof win, stat_mean(&r->window_s));
	if (r->warm_items >= 0)
		snprintf(warm, sizeof warm, ", after a warm-up of %lld items (MSER-5)",
			 (long long)r->warm_items);
	else if (r->s->run.warm == WARM_TIME) {
		char t[32];

		dur(t, sizeof t, st_to_s(r->s->run.warm_time));
		snprintf(warm, sizeof warm, ", after a %s warm-up", t);
	} else if (r->s->run.warm == WARM_ITEMS)
		snprintf(warm, sizeof warm, ", after a warm-up of %lld items",
			 (long long)r->s->run.warm_items);
	fprintf(f, "%s: %lld replication%s of %s measured%s, seed %llu, %llu events\n",
		r->s->name, (long long)r->reps, r->reps == 1 ? "" : "s", win,
		warm, (unsigned long long)r->seed,
		(unsigned long long)r->events);
	if (r->partial)
		fputs("  (partial: stopped before every replication ran)\n", f);
	if (r->capped)
		fputs("  (a replication ended early: its work in progress reached "
		      "the memory budget\n  (--max-memory): the line is unstable "
		      "or too large)\n", f);
	if (r->jams > 0)
		fprintf(f, "  (%lld replication%s ended early: the line deadlocked)\n",
			(long long)r->jams, r->jams == 1 ? "" : "s");
	else if (r->early && !r->capped)
		fputs("  (a replication ended early: the sources ran dry or items never left)\n", f);
	if (r->warm_short || (r->warm_items >= 0 && !res_steady(r)))
		fputs("  (MSER-5 found no steady state: the run may be too short)\n", f);
}

static void stations(const res *r, FILE *f)
{
	int w = name_width(r), reps = (int)r->reps, dev = r->ndev > 0;

	fprintf(f, "\n  %-*s %16s %7s %7s %7s %7s", w, "station", "throughput/s",
		"util", "working", "starved", "blocked");
	if (dev)
		fprintf(f, " %7s", "waiting");
	fprintf(f, " %10s %16s\n", "queue", "wait");
	for (int k = 0; k < r->nst; k++) {
		const stat_acc *s = r->st[k];
		char th[80], u[16], wk[16], sv[16], bl[16], wt2[16], q[48], wt[80];

		with_ci(th, sizeof th, &s[SF_THROUGHPUT], reps);
		pct(u, sizeof u, stat_mean(&s[SF_UTILIZATION]));
		pct(wk, sizeof wk, stat_mean(&s[SF_WORKING]));
		pct(sv, sizeof sv, stat_mean(&s[SF_STARVED]));
		pct(bl, sizeof bl, stat_mean(&s[SF_BLOCKED]));
		pct(wt2, sizeof wt2, stat_mean(&s[SF_WAITING]));
		num(q, sizeof q, stat_mean(&s[SF_QUEUE]));
		dur_ci(wt, sizeof wt, &s[SF_WAIT_MEAN], reps);
		fprintf(f, "  %-*.*s %16s %7s %7s %7s %7s", w, w,
			r->s->stations[k].name, th, u, wk, sv, bl);
		if (dev)
			fprintf(f, " %7s", wt2);
		fprintf(f, " %10s %16s\n", q, wt);
	}
}

static void whole_line(const res *r, FILE *f)
{
	const stat_acc *l = r->line;
	int reps = (int)r->reps;
	char a[80], b[80], c[80], d[80], e[80];

	fputc('\n', f);
	with_ci(a, sizeof a, &l[LF_THROUGHPUT], reps);
	fprintf(f, "  throughput        %s %s/s\n", a, r->s->sources[0].unit);
	dur_ci(a, sizeof a, &l[LF_LAT_MEAN], reps);
	dur_ci(b, sizeof b, &l[LF_LAT_P50], reps);
	dur_ci(c, sizeof c, &l[LF_LAT_P90], reps);
	dur_ci(d, sizeof d, &l[LF_LAT_P99], reps);
	fprintf(f, "  latency           mean %s   p50 %s   p90 %s   p99 %s\n",
		a, b, c, d);
	with_ci(a, sizeof a, &l[LF_WIP], reps);
	fprintf(f, "  work in progress  %s items\n", a);
	with_ci(a, sizeof a, &l[LF_DROPPED], reps);
	num(e, sizeof e, stat_mean(&l[LF_OFFERED]));
	pct(b, sizeof b, stat_mean(&l[LF_DROP_FRACTION]));
	fprintf(f, "  dropped           %s of %s offered (%s)\n", a, e, b);
}

/* Batching stations: how full their batches ran. */
static void batches(const res *r, FILE *f)
{
	int reps = (int)r->reps, header = 0;

	for (int k = 0; k < r->nst; k++) {
		const scen_station *sc = &r->s->stations[k];
		const stat_acc *s = r->st[k];
		char mean[64], fill[48];

		if (!sc->batching.on)
			continue;
		if (!header++)
			fprintf(f, "\n  %-12s %16s %10s %6s %6s %10s\n", "batching",
				"mean batch", "fill", "p50", "p90", "max_batch");
		with_ci(mean, sizeof mean, &s[SF_BATCH_MEAN], reps);
		pct_ci(fill, sizeof fill, &s[SF_BATCH_FILL], reps);
		fprintf(f, "  %-12.12s %16s %10s %6.0f %6.0f %10lld\n", sc->name, mean,
			fill, stat_mean(&s[SF_BATCH_P50]), stat_mean(&s[SF_BATCH_P90]),
			(long long)sc->batching.max_batch);
	}
}

static void devices(const res *r, FILE *f)
{
	int reps = (int)r->reps;

	if (r->ndev == 0)
		return;
	fprintf(f, "\n  %-12s %-14s %16s %24s\n", "device", "type", "utilization",
		"memory placed / has");
	for (int k = 0; k < r->ndev; k++) {
		const scen_device *dv = &r->s->devices[k];
		char u[48], used[32], has[32], mem[80];

		if (dv->kind == SCEN_DEV_ENDPOINT)
			continue;
		pct_ci(u, sizeof u, &r->dev[k][DF_UTILIZATION], reps);
		unit_format(UNIT_SIZE, res_memory_placed(r, k), used, sizeof used);
		unit_format(UNIT_SIZE, dv->memory, has, sizeof has);
		snprintf(mem, sizeof mem, "%s / %s", used, dv->memory > 0 ? has : "-");
		fprintf(f, "  %-12.12s %-14.14s %16s %24s\n", dv->name,
			dv->profile ? dv->profile : dv->type, u, mem);
	}
}

static void links(const res *r, FILE *f)
{
	int reps = (int)r->reps, idle = 0;

	if (r->nlk == 0)
		return;
	fprintf(f, "\n  %-12s %-18s %16s %18s\n", "link", "type", "utilization",
		"bytes/s");
	for (int k = 0; k < r->nlk; k++) {
		const scen_link *lk = &r->s->links[k];
		char u[48], b[32];

		/* a machine preset has dozens of links; list those in use */
		if (res_link_idle(r, k)) {
			idle++;
			continue;
		}
		pct_ci(u, sizeof u, &r->lnk[k][KF_UTILIZATION], reps);
		unit_format(UNIT_BANDWIDTH, stat_mean(&r->lnk[k][KF_BYTES_PER_S]), b, sizeof b);
		fprintf(f, "  %-12.12s %-18.18s %16s %18s\n", lk->name,
			lk->type ? lk->type : "-", u, b);
	}
	if (idle)
		fprintf(f, "  (and %d link%s that carried nothing)\n", idle,
			idle == 1 ? "" : "s");
}

/* For a device: " (running a, b)", the stations placed on it. */
static void running_on(const res *r, int e, FILE *f)
{
	int dev = e - r->nst, n = 0;

	if (dev < 0 || dev >= r->ndev)
		return;
	for (int k = 0; k < r->nst; k++) {
		if (scen_station_on(&r->s->stations[k], dev))
			fprintf(f, "%s%s", n++ ? ", " : " (running ", r->s->stations[k].name);
	}
	if (n)
		fputc(')', f);
}

/* The three busiest, by utilization: where the constraint will be. */
static void ranking(const res *r, FILE *f)
{
	int n = res_nentities(r);
	int *order = hb_calloc((size_t)n + 1, sizeof *order);

	if (!order || n == 0) {
		hb_free(order);
		return;
	}
	res_ranking(r, order);
	fprintf(f, "  busiest:");
	for (int i = 0; i < n && i < 3; i++)
		fprintf(f, "%s %s %s %.1f%%", i ? "," : "", res_entity_kind(r, order[i]),
			res_entity_name(r, order[i]),
			100 * stat_mean(res_entity_utilization(r, order[i])));
	fputc('\n', f);
	hb_free(order);
}

/* "a -> b -> a": a deadlock's cycle, back to where it began. */
static void cycle(char *buf, size_t n, const res *r)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i <= r->njam && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? " -> " : "",
					r->s->stations[r->jam[i % r->njam]].name);
}

static void deadlock(const res *r, FILE *f)
{
	char c[256], t[32];

	cycle(c, sizeof c, r);
	dur(t, sizeof t, r->jam_s);
	fprintf(f, "\n  constraint: deadlock: %s. Each of these stations holds an "
		"item for the next,\n  whose places are all taken, so none can "
		"ever pass one on: the line stopped at %s\n  (in %lld of %lld "
		"replications; each ended there). Give one of them room in its "
		"buffer.\n", c, t, (long long)r->jams, (long long)r->reps);
}

/* Work piles up without bound: where, how fast, what is offered and
 * done, and who overproduces. */
static void unstable(const res *r, int c, FILE *f)
{
	const stat_acc *g = &r->line[LF_WIP_GROWTH];
	double T = stat_mean(&r->window_s);
	char a[64], b[64], o[64];
	int n = 0;

	rtext_value(a, sizeof a, 3600 * stat_mean(g), 3600 * stat_ci95(g), 0);
	num(o, sizeof o, T > 0 ? stat_mean(&r->line[LF_OFFERED]) / T : 0);
	num(b, sizeof b, T > 0 ? stat_mean(&r->line[LF_DEPARTED]) / T : 0);
	fprintf(f, "\n  constraint: unstable: work piles up in front of %s %s",
		res_entity_kind(r, c), res_entity_name(r, c));
	running_on(r, c, f);
	fprintf(f, ",\n  which cannot keep up: %s items/s entered the line and %s "
		"left; its work in progress\n  grows by %s items an hour, so "
		"latency and queues depend on how long you run it\n", o, b, a);
	for (int k = 0; k < r->nst; k++)
		if (res_overproducing(r, k))
			fprintf(f, "%s%s", n++ ? ", " : "  overproducing: ",
				r->s->stations[k].name);
	if (n)
		fputs(" (they make more than the constraint takes: a rope\n"
		      "  that releases work at its pace closes the gaps)\n", f);
}

void rtext_verdict(char *buf, size_t n, const res *r)
{
	int c = res_constraint(r), peers = 0;
	char cy[200];

	switch (res_verdict(r)) {
	case RES_DEADLOCK:
		cycle(cy, sizeof cy, r);
		snprintf(buf, n, "deadlock: %s", cy);
		return;
	case RES_UNSTABLE:
		snprintf(buf, n, "unstable: work piles up at %s %s",
			 res_entity_kind(r, c), res_entity_name(r, c));
		return;
	case RES_MARKET:
		snprintf(buf, n, "the market (the line keeps up with its sources)");
		return;
	case RES_STATISTICAL:
		snprintf(buf, n, "statistical (a balanced line)");
		return;
	case RES_NONE:
		snprintf(buf, n, "none");
		return;
	case RES_SHIFTING:
		for (int e = 0; e < res_nentities(r); e++)
			peers += res_constraint_peer(r, c, e);
		snprintf(buf, n, "%s %s, shifting among %d", res_entity_kind(r, c),
			 res_entity_name(r, c), peers + 1);
		return;
	case RES_ONE:
		snprintf(buf, n, "%s %s", res_entity_kind(r, c), res_entity_name(r, c));
		return;
	}
	HB_BUG("unknown verdict %d", (int)res_verdict(r));
}

/* The constraint, in a sentence; or what the bottleneck shifts among,
 * when replicas of one stage share it. */
static void constraint(const res *r, FILE *f)
{
	int c = res_constraint(r), peers = 0;

	if (res_verdict(r) == RES_DEADLOCK) {
		deadlock(r, f);
		return;
	}
	if (res_verdict(r) == RES_UNSTABLE) {
		unstable(r, c, f);
		return;
	}
	if (res_verdict(r) == RES_MARKET) {
		fprintf(f, "\n  constraint: none inside the line: it keeps up with its "
			"sources, so the market is the constraint\n");
		return;
	}
	if (res_verdict(r) == RES_STATISTICAL) {
		fprintf(f, "\n  constraint: statistical: every station has the same "
			"capacity, and the line loses\n  what it loses to "
			"fluctuations passed down dependent stations");
		if (c >= 0)
			fprintf(f, " (the method names\n  %s, the bottleneck %.1f%% "
				"of the time)", res_entity_name(r, c),
				100 * (stat_mean(res_entity_sole(r, c)) +
				       stat_mean(res_entity_shifting(r, c))));
		fputc('\n', f);
		return;
	}
	if (c < 0)
		return;
	for (int e = 0; e < res_nentities(r); e++)
		peers += res_constraint_peer(r, c, e);
	if (peers == 0) {
		fprintf(f, "\n  constraint: %s %s", res_entity_kind(r, c),
			res_entity_name(r, c));
		running_on(r, c, f);
		fprintf(f, ", the sole bottleneck %.1f%% of the time and a shifting "
			"one %.1f%% (active-period method)\n",
			100 * stat_mean(res_entity_sole(r, c)),
			100 * stat_mean(res_entity_shifting(r, c)));
		return;
	}
	fprintf(f, "\n  constraint: the bottleneck shifts among %d (active-period method):",
		peers + 1);
	for (int e = 0; e < res_nentities(r); e++)
		if (e == c || res_constraint_peer(r, c, e))
			fprintf(f, " %s", res_entity_name(r, e));
	fputc('\n', f);
}

void rtext_write(const res *r, FILE *f)
{
	header(r, f);
	stations(r, f);
	batches(r, f);
	devices(r, f);
	links(r, f);
	whole_line(r, f);
	constraint(r, f);
	ranking(r, f);
}
