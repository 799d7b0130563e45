/*
 * tl.c: utilization timelines (see tl.h).
 *
 * Replication 0 runs edge to edge: the run asks on_next for the next
 * edge, runs every event before it (line_run_until(edge - 1)) and calls
 * on_at, where line_snapshot_at(edge) integrates up to it, and the
 * difference with the snapshot at the last edge is the bucket. So a
 * bucket [a, b) holds exactly the time and the events in it, and the
 * buckets add up to the run's own totals. The timeline runs nothing
 * itself: the same replication feeds the results, the trace and the
 * report.
 *
 * Invariants: buckets 0..nb-1 all have width `width` except perhaps the
 * last, which ends at `end`; v holds nb rows of ncol values, the columns
 * being the fields that apply to each entity in turn (col maps entity and
 * field to a column, -1 when the field does not apply).
 *
 * Memory: nb * ncol doubles. A run of unknown length keeps nb under
 * GROW_CAP by merging (tl.h): the cost is a snapshot per bucket, O(entities),
 * and a merge each time nb reaches the cap, O(GROW_CAP * ncol).
 */
#include "view/tl.h"

#include <math.h>
#include <string.h>

#include "core/hb.h"
#include "input/unit.h"
#include "line/line.h"
#include "report/jw.h"
#include "run/res.h"
#include "stats/hist.h"

#define TL_DEFAULT_BUCKETS 200
#define GROW_CAP 1000		/* divisible by 2 and 5: merges are exact */

enum tl_kind { K_LINE, K_STATION, K_DEVICE, K_LINK };

/* Where a timeline is in the run it watches. */
enum tl_state { WAITING, RUNNING, DONE, STOPPED, FAILED };

struct tl {
	const scen *s;
	enum tl_state state;
	int rc;			/* FAILED: -1 (err says why) or -2 (no memory) */
	diag err;
	line_snap a, b;		/* the line at the last edge, and at this one */
	hist *lat;		/* replication 0's latencies in its window, ns
				 * (the line goes on to the next replication) */
	simtime width, warm, end;
	int grow;		/* the width grows as the run goes */
	int nb, room;		/* buckets, and rows allocated */
	int ne, ncol;
	int *col;		/* ne * TL_NFIELDS */
	double *v;		/* nb * ncol */
};

static const char *const field_names[TL_NFIELDS] = {
	"working", "starved", "blocked", "waiting", "utilization", "queue",
	"wip", "throughput", "bytes_per_s",
};

static const char *const kind_names[] = { "line", "station", "device", "link" };

const char *tl_field_name(enum tl_field f)
{
	return field_names[f];
}

static enum tl_kind kind_of(const scen *s, int e)
{
	if (e == 0)
		return K_LINE;
	if (e <= s->nstations)
		return K_STATION;
	return e <= s->nstations + s->ndevices ? K_DEVICE : K_LINK;
}

static int applies(enum tl_kind k, enum tl_field f)
{
	switch (k) {
	case K_LINE:
		return f == TL_WIP || f == TL_THROUGHPUT;
	case K_STATION:
		return f != TL_BYTES_PER_S;
	case K_DEVICE:
		return f == TL_UTILIZATION;
	case K_LINK:
		return f == TL_UTILIZATION || f == TL_BYTES_PER_S;
	}
	return 0;
}

/* ---- the run's length and the width ------------------------------- */

/* The run's length when it is known before it runs; -1 when not. */
static simtime known_length(const scen *s)
{
	const scen_run *r = &s->run;

	if (r->duration <= 0)
		return -1;
	if (r->warm == WARM_NONE)
		return r->duration;
	if (r->warm == WARM_TIME)
		return r->warm_time > ST_MAX - r->duration ? ST_MAX :
		       r->warm_time + r->duration;
	return -1;
}

/* The smallest of 1, 2, 5, 10, 20, 50, ... ns that is >= x. */
static simtime round_width(simtime x)
{
	for (simtime p = 1;; p *= 10) {
		if (p >= x)
			return p;
		if (2 * p >= x)
			return 2 * p;
		if (5 * p >= x || p > ST_MAX / 50)
			return 5 * p;
	}
}

static simtime buckets_over(simtime len, simtime width)
{
	return len / width + (len % width != 0);
}

/* Buckets a timeline of s may hold: TL_MAX_BUCKETS, fewer on a line of
 * many entities, so that the table (buckets x entities x fields) stays
 * under TL_MAX_CELLS numbers (1 GB). */
static simtime max_buckets(const scen *s)
{
	simtime ne = 1 + s->nstations + s->ndevices + s->nlinks;
	simtime m = TL_MAX_CELLS / (ne * TL_NFIELDS);

	return m < TL_MAX_BUCKETS ? (m > 0 ? m : 1) : TL_MAX_BUCKETS;
}

static int too_many(diag *d, const scen *s, simtime width, const char *over)
{
	char w[32];

	unit_format(UNIT_DURATION, st_to_s(width), w, sizeof w);
	return diag_msg(d, "--bucket", "buckets of %s are more than %lld over %s "
			"(the most a timeline of %d stations, devices and links "
			"holds): choose a wider bucket", w,
			(long long)max_buckets(s), over,
			s->nstations + s->ndevices + s->nlinks);
}

int tl_check_width(const scen *s, simtime width, diag *d)
{
	simtime len = known_length(s);
	char l[32], over[64];

	if (width < 0)
		return diag_msg(d, "--bucket", "a bucket must be longer than 0");
	if (width == 0 || len < 0 || buckets_over(len, width) <= max_buckets(s))
		return 0;
	unit_format(UNIT_DURATION, st_to_s(len), l, sizeof l);
	snprintf(over, sizeof over, "the run's %s", l);
	return too_many(d, s, width, over);
}

/* ---- building ------------------------------------------------------ */

static int fail(tl *t, int rc)
{
	if (rc == -2)
		diag_nomem(&t->err);
	t->state = FAILED;
	t->rc = rc;
	return rc;
}

int tl_new(const scen *s, simtime width, tl **out, diag *d)
{
	simtime len = known_length(s);
	tl *t;

	*out = NULL;
	if (tl_check_width(s, width, d) < 0)
		return -1;
	if (!(t = hb_calloc(1, sizeof *t)))
		goto oom;
	t->s = s;
	t->ne = 1 + s->nstations + s->ndevices + s->nlinks;
	t->col = hb_calloc((size_t)t->ne * TL_NFIELDS, sizeof *t->col);
	t->lat = hist_new();
	if (!t->col || !t->lat || line_snap_new(&t->a, s) < 0 ||
	    line_snap_new(&t->b, s) < 0)
		goto oom;
	for (int e = 0; e < t->ne; e++)
		for (int f = 0; f < TL_NFIELDS; f++)
			t->col[e * TL_NFIELDS + f] =
				applies(kind_of(s, e), (enum tl_field)f) ? t->ncol++ : -1;
	t->grow = width == 0 && len < 0;
	t->width = width > 0 ? width : len > 0 ?
		   round_width(buckets_over(len, TL_DEFAULT_BUCKETS)) : 1;
	*out = t;
	return 0;
oom:
	tl_free(t);
	diag_nomem(d);
	return -2;
}

void tl_free(tl *t)
{
	if (!t)
		return;
	line_snap_free(&t->a);
	line_snap_free(&t->b);
	hist_free(t->lat);
	hb_free(t->col);
	hb_free(t->v);
	hb_free(t);
}

/* A row for one more bucket; NULL when out of memory. */
static double *new_row(tl *t)
{
	if (t->nb == t->room) {
		int room = t->room ? 2 * t->room : 256;
		double *v = hb_realloc(t->v, (size_t)room * (size_t)t->ncol * sizeof *v);

		if (!v)
			return NULL;
		t->v = v;
		t->room = room;
	}
	return &t->v[(size_t)t->nb++ * (size_t)t->ncol];
}

static double per(double x, double y)
{
	return y > 0 ? x / y : 0;
}

/* Station i's fields over [a, b), dt ns. */
static void station_row(const line_snap_stn *a, const line_snap_stn *b,
			double dt, int periodic, double *v, const int *col)
{
	double cap = (double)b->servers * dt;
	double w = per(b->working_area - a->working_area, cap);
	double bl = per(b->blocked_area - a->blocked_area, cap);
	double wt = per(b->waiting_area - a->waiting_area, cap);
	double q = b->queue_area - a->queue_area;

	v[col[TL_WORKING]] = w;
	v[col[TL_BLOCKED]] = bl;
	v[col[TL_WAITING]] = wt;
	v[col[TL_STARVED]] = fmax(0, 1 - w - bl - wt);
	v[col[TL_UTILIZATION]] = w;
	v[col[TL_QUEUE]] = q / dt;
	/* a periodic station's shares are not items held */
	v[col[TL_WIP]] = periodic ? q / dt :
			 (q + (b->working_area - a->working_area) +
			  (b->blocked_area - a->blocked_area) +
			  (b->waiting_area - a->waiting_area)) / dt;
	v[col[TL_THROUGHPUT]] = (b->units - a->units) / (dt * 1e-9);
}

/* The bucket [a->now, b->now). */
static int add_bucket(tl *t, const line_snap *a, const line_snap *b)
{
	const scen *s = t->s;
	double dt = (double)(b->now - a->now), dts = dt * 1e-9;
	double *v = new_row(t);
	const int *col;
	int e = 0;

	if (!v)
		return -1;
	col = &t->col[0];
	v[col[TL_WIP]] = (b->wip_area - a->wip_area) / dt;
	v[col[TL_THROUGHPUT]] = (b->units - a->units) / dts;
	for (int i = 0; i < s->nstations; i++) {
		col = &t->col[(size_t)++e * TL_NFIELDS];
		station_row(&a->st[i], &b->st[i], dt,
			    s->stations[i].kind == SCEN_STN_PERIODIC, v, col);
	}
	for (int i = 0; i < s->ndevices; i++) {
		col = &t->col[(size_t)++e * TL_NFIELDS];
		v[col[TL_UTILIZATION]] = (b->dev[i].busy_area - a->dev[i].busy_area) /
					 (b->dev[i].capacity * dt);
	}
	for (int i = 0; i < s->nlinks; i++) {
		const line_snap_lnk *x = &a->lnk[i], *y = &b->lnk[i];
		double u0 = y->busy_area[0] - x->busy_area[0];
		double u1 = y->busy_area[1] - x->busy_area[1];

		col = &t->col[(size_t)++e * TL_NFIELDS];
		v[col[TL_UTILIZATION]] = (u0 > u1 ? u0 : u1) / dt;
		v[col[TL_BYTES_PER_S]] = (y->bytes - x->bytes) / dts;
	}
	return 0;
}

/* nb reached GROW_CAP: merge groups of f = 2 (from a width 1 x 10^k) or
 * 5 (from 2 x 10^k) equal buckets into one, their plain mean (every field
 * is a time-average or a rate over equal widths). */
static void merge(tl *t)
{
	simtime m = t->width;
	int f, n;

	while (m % 10 == 0)
		m /= 10;
	f = m == 2 ? 5 : 2;	/* 1, 2, 10, 20, 100, ... */
	n = t->nb / f;
	for (int j = 0; j < n; j++)
		for (int c = 0; c < t->ncol; c++) {
			double sum = 0;

			for (int k = 0; k < f; k++)
				sum += t->v[(size_t)(j * f + k) * (size_t)t->ncol + (size_t)c];
			t->v[(size_t)j * (size_t)t->ncol + (size_t)c] = sum / f;
		}
	t->nb = n;
	t->width *= f;
}

static void swap(line_snap *a, line_snap *b)
{
	line_snap x = *a;

	*a = *b;
	*b = x;
}

/* ---- the sink ------------------------------------------------------ */

static void on_start(void *ctx, const line *ln)
{
	tl *t = ctx;

	line_snapshot_at(ln, 0, &t->a);
	t->state = RUNNING;
}

/* The next bucket's end; a run of unknown length merges buckets first
 * when they reach the cap. */
static simtime on_next(void *ctx)
{
	tl *t = ctx;

	if (t->state != RUNNING)
		return -1;
	if (t->grow && t->nb == GROW_CAP)
		merge(t);
	return ((simtime)t->nb + 1) * t->width;
}

/* The bucket [t->a.now, edge): every event before edge has run. */
static void bucket(tl *t, const line *ln, simtime edge)
{
	if (!t->grow && t->nb == max_buckets(t->s)) {
		too_many(&t->err, t->s, t->width, "this run");
		fail(t, -1);
		return;
	}
	line_snapshot_at(ln, edge, &t->b);
	if (add_bucket(t, &t->a, &t->b) < 0) {
		fail(t, -2);
		return;
	}
	swap(&t->a, &t->b);	/* this bucket's end starts the next */
}

static void on_at(void *ctx, const line *ln, simtime edge)
{
	bucket(ctx, ln, edge);
}

/* The run ended: a last, short bucket up to its end. */
static void on_end(void *ctx, const line *ln, int ended)
{
	tl *t = ctx;
	simtime edge = line_now(ln);

	if (t->state != RUNNING)
		return;
	if (!ended) {
		t->state = STOPPED;
		return;
	}
	if (edge > t->a.now)
		bucket(t, ln, edge);
	if (t->state != RUNNING)
		return;
	t->end = edge;
	t->warm = t->end - line_window(ln);
	hist_merge(t->lat, line_latency_hist(ln));
	t->state = DONE;
}

void tl_sink(tl *t, run_sink *k)
{
	*k = (run_sink){ .ctx = t, .start = on_start, .next = on_next,
			 .at = on_at, .end = on_end };
}

int tl_status(const tl *t, diag *d)
{
	switch (t->state) {
	case DONE:
		return 0;
	case FAILED:
		*d = t->err;
		return t->rc;
	case WAITING:
	case RUNNING:
	case STOPPED:
		break;
	}
	return 1;
}

int tl_collect_stop(const scen *s, int have_seed, uint64_t seed,
		    simtime width, volatile sig_atomic_t *stop, tl **out,
		    diag *d)
{
	run_sink k;
	run_opts o = { .reps = 1, .have_seed = have_seed, .seed = seed,
		       .stop = stop, .sinks = &k, .nsinks = 1 };
	struct res *r = NULL;
	tl *t;
	int rc = tl_new(s, width, &t, d);

	*out = NULL;
	if (rc < 0)
		return rc;
	tl_sink(t, &k);
	rc = run_scenario(s, &o, &r, d);
	res_free(r);
	if (rc != RUN_OK) {
		tl_free(t);
		return rc;	/* HB_BAD_INPUT (-1) or HB_NOMEM (-2) */
	}
	rc = tl_status(t, d);
	if (rc != 0) {
		tl_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int tl_collect(const scen *s, int have_seed, uint64_t seed, simtime width,
	       tl **out, diag *d)
{
	return tl_collect_stop(s, have_seed, seed, width, NULL, out, d);
}

/* ---- reading ------------------------------------------------------- */

int tl_nbuckets(const tl *t) { return t->nb; }
simtime tl_width(const tl *t) { return t->width; }
simtime tl_warm(const tl *t) { return t->warm; }
simtime tl_end(const tl *t) { return t->end; }
int tl_nentities(const tl *t) { return t->ne; }

const char *tl_kind(const tl *t, int e)
{
	return kind_names[kind_of(t->s, e)];
}

const char *tl_name(const tl *t, int e)
{
	const scen *s = t->s;

	switch (kind_of(s, e)) {
	case K_LINE:
		return s->name;
	case K_STATION:
		return s->stations[e - 1].name;
	case K_DEVICE:
		return s->devices[e - 1 - s->nstations].name;
	case K_LINK:
		break;
	}
	return s->links[e - 1 - s->nstations - s->ndevices].name;
}

int tl_has(const tl *t, int e, enum tl_field f)
{
	return t->col[e * TL_NFIELDS + f] >= 0;
}

double tl_value(const tl *t, int b, int e, enum tl_field f)
{
	int c = t->col[e * TL_NFIELDS + f];

	HB_ASSERT(b >= 0 && b < t->nb);
	return c < 0 ? NAN : t->v[(size_t)b * (size_t)t->ncol + (size_t)c];
}

/* line_latency_quantile's reading, of the copy */
double tl_latency_quantile(const tl *t, double q)
{
	return hist_quantile(t->lat, q) * 1e-9;
}

/* ---- writing ------------------------------------------------------- */

/* ns as seconds, exactly, without trailing zeros: "0.1", "3600.000000001" */
static void fmt_s(simtime ns, char *buf, size_t n)
{
	int len = snprintf(buf, n, "%lld.%09lld", (long long)(ns / ST_S),
			   (long long)(ns % ST_S));

	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
}

static simtime bucket_end(const tl *t, int b)
{
	simtime e = ((simtime)b + 1) * t->width;

	return e < t->end ? e : t->end;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_str(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int tl_csv(const tl *t, FILE *f)
{
	char a[32], b[32], num[40];

	fputs("t_start_s,t_end_s,kind,name", f);
	for (int k = 0; k < TL_NFIELDS; k++)
		fprintf(f, ",%s", field_names[k]);
	fputc('\n', f);
	for (int i = 0; i < t->nb; i++) {
		fmt_s((simtime)i * t->width, a, sizeof a);
		fmt_s(bucket_end(t, i), b, sizeof b);
		for (int e = 0; e < t->ne; e++) {
			fprintf(f, "%s,%s,%s,", a, b, tl_kind(t, e));
			csv_str(f, tl_name(t, e));
			for (int k = 0; k < TL_NFIELDS; k++) {
				fputc(',', f);
				if (!tl_has(t, e, (enum tl_field)k))
					continue;
				jw_fmt_double(tl_value(t, i, e, (enum tl_field)k), num, sizeof num);
				fputs(num, f);
			}
			fputc('\n', f);
		}
	}
	return ferror(f) ? -1 : 0;
}

/* ns as the double nearest to the seconds (st_to_s multiplies by 1e-9,
 * which rounds twice: 7.5 s would print as 7.500000000000001) */
static double secs(simtime ns)
{
	return (double)ns / 1e9;
}

/* One line per entity: the file stays readable and diffable. */
int tl_json(const tl *t, FILE *f)
{
	jw w;

	jw_init(&w, f, 0);
	jw_begin_obj(&w, NULL);
	jw_num(&w, "bucket_s", secs(t->width));
	jw_num(&w, "warmup_s", secs(t->warm));
	jw_num(&w, "end_s", secs(t->end));
	jw_begin_arr(&w, "t_s");
	for (int i = 0; i < t->nb; i++)
		jw_num(&w, NULL, secs((simtime)i * t->width));
	jw_end_arr(&w);
	jw_begin_arr(&w, "entities");
	for (int e = 0; e < t->ne; e++) {
		fputc('\n', f);
		jw_begin_obj(&w, NULL);
		jw_str(&w, "kind", tl_kind(t, e));
		jw_str(&w, "name", tl_name(t, e));
		for (int k = 0; k < TL_NFIELDS; k++) {
			if (!tl_has(t, e, (enum tl_field)k))
				continue;
			jw_begin_arr(&w, field_names[k]);
			for (int i = 0; i < t->nb; i++)
				jw_num(&w, NULL, tl_value(t, i, e, (enum tl_field)k));
			jw_end_arr(&w);
		}
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_end_obj(&w);
	jw_finish(&w);
	return ferror(f) ? -1 : 0;
}
