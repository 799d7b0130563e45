/*
 * trace.c: the Chrome trace of replication 0 (see trace.h), written by a
 * sink of the run (its engine hooks) as the replication runs.
 *
 * State: per sampled item, where its last service's slice is (for the
 * next flow) and whether it is in the line; per counter track, the value
 * pending at the current instant and the last one written. Memory is
 * O(items + stations + links), never O(events).
 *
 * Pids and tids: 1 "stations", 2 + k device k, 2 + ndevices "links".
 * Server k of station i is thread 1 + (servers of stations before i) + k,
 * unique across processes, so a test can key slices by (pid, tid).
 */
#include "view/trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "line/line.h"
#include "report/jw.h"
#include "run/res.h"
#include "view/ofile.h"

enum { SEEN_NOT, SEEN_IN, SEEN_GONE };

typedef struct titem {
	simtime mid;		/* its last slice: a time inside it */
	int32_t pid, tid;	/* ... and its thread; pid 0: none yet */
	uint8_t seen;
} titem;

typedef struct track {
	simtime t;		/* the pending value's instant */
	double v, last;		/* pending, last written */
	uint8_t pending, written;
	int pid;
	char *name;		/* Perfetto names the track "<name> <key>" */
	const char *key;
} track;

struct trace {
	const scen *s;
	jw w;
	FILE *f;
	int64_t n;		/* items 1..n are sampled */
	titem *it;
	int64_t live;		/* sampled items seen and not gone */
	uint64_t maxid;
	int64_t budget, written;
	uint64_t flows;
	int closed;
	int *tid0;		/* station i's server k: thread tid0[i] + k */
	unsigned char *named;	/* bit per thread: its name is written (a
				 * thread is named at its first slice, so a
				 * station of 50,000 servers costs only those
				 * that served a sampled item) */
	track *trk;		/* stations' queues, then 2 per link */
	int ntrk;
	ofile of;
	const char *path;	/* the caller's */
	int err;		/* errno: the file could not be opened */
	int done;		/* replication 0 ran to the trace's end */
	volatile sig_atomic_t *user;	/* trace_write's Ctrl-C */
	volatile sig_atomic_t flag;	/* trace_write's run's stop flag: closed
					 * or user */
};

static int stn_pid(const scen *s, int i, int64_t k)
{
	const scen_station *sc = &s->stations[i];

	return sc->ndevices ? 2 + sc->device_idx[k % sc->ndevices] : 1;
}

static double us(simtime ns)
{
	return (double)ns / 1e3;
}

/* Every event goes through here: one per line, counted for the budget. */
static void ev_begin(trace *t, const char *ph, const char *name, int pid)
{
	jw_begin_obj(&t->w, NULL);
	jw_str(&t->w, "ph", ph);
	jw_str(&t->w, "name", name);
	jw_int(&t->w, "pid", pid);
	t->written++;
}

static void ev_end(trace *t)
{
	jw_end_obj(&t->w);
	fputc('\n', t->f);
}

static void meta(trace *t, const char *what, int pid, int tid, const char *name,
		 int order)
{
	ev_begin(t, "M", what, pid);
	jw_int(&t->w, "tid", tid);
	jw_begin_obj(&t->w, "args");
	jw_str(&t->w, "name", name);
	jw_end_obj(&t->w);
	ev_end(t);
	ev_begin(t, "M", tid == 0 ? "process_sort_index" : "thread_sort_index",
		 pid);
	jw_int(&t->w, "tid", tid);
	jw_begin_obj(&t->w, "args");
	jw_int(&t->w, "sort_index", order);
	jw_end_obj(&t->w);
	ev_end(t);
}

static void names(trace *t)
{
	const scen *s = t->s;
	char buf[512];
	int host = 0;

	for (int i = 0; i < s->nstations; i++)
		host |= s->stations[i].ndevices == 0;
	if (host)
		meta(t, "process_name", 1, 0, "stations", 1);
	for (int k = 0; k < s->ndevices; k++) {
		const scen_device *dv = &s->devices[k];

		if (dv->type)
			snprintf(buf, sizeof buf, "%s (%s)", dv->name, dv->type);
		else
			snprintf(buf, sizeof buf, "%s", dv->name);
		meta(t, "process_name", 2 + k, 0, buf, 2 + k);
	}
	if (s->nlinks)
		meta(t, "process_name", 2 + s->ndevices, 0, "links", 2 + s->ndevices);
}

/* Station st's server k gets its thread's name before its first slice. */
static void name_thread(trace *t, int st, int64_t k, int pid, int tid)
{
	const scen_station *sc = &t->s->stations[st];
	char buf[512];

	if (t->named[tid / 8] & (1u << (tid % 8)))
		return;
	t->named[tid / 8] |= (unsigned char)(1u << (tid % 8));
	if (sc->kind == SCEN_STN_BARRIER || sc->servers == 1)
		snprintf(buf, sizeof buf, "%s", sc->name);
	else
		snprintf(buf, sizeof buf, "%s #%lld", sc->name, (long long)k);
	meta(t, "thread_name", pid, tid, buf, tid);
}

/* ---- counters ------------------------------------------------------ */

static void ctr_write(trace *t, track *c)
{
	ev_begin(t, "C", c->name, c->pid);
	jw_num(&t->w, "ts", us(c->t));
	jw_begin_obj(&t->w, "args");
	jw_num(&t->w, c->key, c->v);
	jw_end_obj(&t->w);
	ev_end(t);
	c->last = c->v;
	c->written = 1;
}

static void ctr_flush(trace *t, track *c)
{
	if (c->pending && (!c->written || c->v != c->last))
		ctr_write(t, c);
	c->pending = 0;
}

/* The value becomes v at time tm; of an instant only the last counts. */
static void ctr_set(trace *t, track *c, simtime tm, double v)
{
	if (c->pending && c->t != tm)
		ctr_flush(t, c);
	c->t = tm;
	c->v = v;
	c->pending = 1;
}

/* ---- the window ---------------------------------------------------- */

/* Nothing more is written: the replication may stop. */
static void close_trace(trace *t)
{
	if (t->closed)
		return;
	for (int i = 0; i < t->ntrk; i++)
		ctr_flush(t, &t->trk[i]);
	t->closed = 1;
	t->flag = 1;
}

/* Called by every hook first: 1 when the hook has nothing to do. */
static int quiet(trace *t)
{
	if (t->user && *t->user)
		t->flag = 1;
	if (!t->closed && t->written >= t->budget)
		close_trace(t);
	return t->closed;
}

static void saw(trace *t, uint64_t id)
{
	if (id > t->maxid)
		t->maxid = id;
	if (id >= 1 && id <= (uint64_t)t->n && t->it[id].seen == SEEN_NOT) {
		t->it[id].seen = SEEN_IN;
		t->live++;
	}
}

/* ---- the hooks ----------------------------------------------------- */

static void on_service(void *ctx, int st, int64_t k, simtime t0, simtime t1,
		       uint64_t id, int64_t n)
{
	trace *t = ctx;
	int pid, tid;
	simtime mid = t0 + (t1 - t0) / 2;
	titem *ti;

	if (quiet(t) || id < 1 || id > (uint64_t)t->n)
		return;
	saw(t, id);
	ti = &t->it[id];
	pid = stn_pid(t->s, st, k);
	tid = t->tid0[st] + (int)k;
	name_thread(t, st, k, pid, tid);
	ev_begin(t, "X", t->s->stations[st].name, pid);
	jw_str(&t->w, "cat", "service");
	jw_int(&t->w, "tid", tid);
	jw_num(&t->w, "ts", us(t0));
	jw_num(&t->w, "dur", us(t1 - t0));
	jw_begin_obj(&t->w, "args");
	jw_int(&t->w, "item", (int64_t)id);
	jw_int(&t->w, "n", n);
	jw_end_obj(&t->w);
	ev_end(t);
	if (ti->pid) {
		char name[32];

		snprintf(name, sizeof name, "item %llu", (unsigned long long)id);
		t->flows++;
		ev_begin(t, "s", name, ti->pid);
		jw_str(&t->w, "cat", "item");
		jw_int(&t->w, "tid", ti->tid);
		jw_num(&t->w, "ts", us(ti->mid));
		jw_int(&t->w, "id", (int64_t)t->flows);
		ev_end(t);
		ev_begin(t, "f", name, pid);
		jw_str(&t->w, "cat", "item");
		jw_str(&t->w, "bp", "e");
		jw_int(&t->w, "tid", tid);
		jw_num(&t->w, "ts", us(mid));
		jw_int(&t->w, "id", (int64_t)t->flows);
		ev_end(t);
	}
	ti->pid = pid;
	ti->tid = tid;
	ti->mid = mid;
}

static void on_move(void *ctx, uint64_t id, int from, int to, simtime tm)
{
	trace *t = ctx;

	(void)from, (void)tm;
	if (quiet(t))
		return;
	saw(t, id);
	if (to < 0 && id <= (uint64_t)t->n && t->it[id].seen == SEEN_IN) {
		t->it[id].seen = SEEN_GONE;
		t->live--;
	}
	if (t->maxid > (uint64_t)t->n && t->live == 0)
		close_trace(t);
}

static void on_queue(void *ctx, int st, simtime tm, int64_t n)
{
	trace *t = ctx;

	if (!quiet(t))
		ctr_set(t, &t->trk[st], tm, (double)n);
}

static void on_link(void *ctx, int k, int dir, simtime tm, double bps)
{
	trace *t = ctx;

	if (!quiet(t))
		ctr_set(t, &t->trk[t->s->nstations + 2 * k + dir], tm, bps);
}

/* ---- setting up ---------------------------------------------------- */

static int link_track_name(const scen *s, int k, int d, char *buf, size_t n)
{
	const scen_link *l = &s->links[k];
	int a = l->ends[d], b = l->ends[1 - d];

	if (a >= 0 && b >= 0)
		return snprintf(buf, n, "link %s %s->%s", l->name,
				s->devices[a].name, s->devices[b].name);
	return snprintf(buf, n, "link %s %s", l->name, d ? "back" : "forth");
}

static int tr_init(trace *t, const scen *s, int64_t items)
{
	char buf[768];
	int tid = 1;

	memset(t, 0, sizeof *t);
	t->s = s;
	t->n = items > 0 ? items : TRACE_ITEMS_DEFAULT;
	t->ntrk = s->nstations + 2 * s->nlinks;
	/* trace.h's bound, strictly: a hook that finds room writes 5 events
	 * at most (a thread's 2 names, then 3), and closing flushes every
	 * counter once */
	t->budget = t->n * (8 * ((int64_t)s->nstations + s->nlinks) + 16) -
		    t->ntrk - 5;
	t->it = hb_calloc((size_t)t->n + 1, sizeof *t->it);
	t->tid0 = hb_calloc((size_t)s->nstations + 1, sizeof *t->tid0);
	t->trk = hb_calloc((size_t)t->ntrk + 1, sizeof *t->trk);
	if (!t->it || !t->tid0 || !t->trk)
		return -1;
	for (int i = 0; i < s->nstations; i++) {
		const scen_station *sc = &s->stations[i];

		t->tid0[i] = tid;
		tid += sc->kind == SCEN_STN_PERIODIC ? 0 : sc->kind == SCEN_STN_BARRIER ? 1 :
		       (int)sc->servers;
		snprintf(buf, sizeof buf, "%s queue", sc->name);
		t->trk[i].pid = stn_pid(s, i, 0);
		t->trk[i].key = "items";
		if (!(t->trk[i].name = hb_strdup(buf)))
			return -1;
	}
	if (!(t->named = hb_calloc((size_t)tid / 8 + 1, 1)))
		return -1;
	for (int k = 0; k < s->nlinks; k++)
		for (int d = 0; d < 2; d++) {
			track *c = &t->trk[s->nstations + 2 * k + d];

			link_track_name(s, k, d, buf, sizeof buf);
			c->pid = 2 + s->ndevices;
			c->key = "bytes_per_s";
			if (!(c->name = hb_strdup(buf)))
				return -1;
		}
	return 0;
}

static void tr_release(trace *t)
{
	for (int i = 0; t->trk && i < t->ntrk; i++)
		hb_free(t->trk[i].name);
	hb_free(t->trk);
	hb_free(t->it);
	hb_free(t->tid0);
	hb_free(t->named);
}

/* The document's head, the names, and every counter at 0 at time 0 (a
 * one-way link's return direction has none). */
static void head(trace *t, uint64_t seed)
{
	const scen *s = t->s;

	jw_init(&t->w, t->f, 0);
	jw_begin_obj(&t->w, NULL);
	jw_str(&t->w, "displayTimeUnit", "ns");
	jw_begin_obj(&t->w, "otherData");
	jw_str(&t->w, "scenario", s->name);
	jw_int(&t->w, "seed", (int64_t)seed);
	jw_int(&t->w, "replication", 0);
	jw_int(&t->w, "sampled_items", t->n);
	jw_end_obj(&t->w);
	jw_begin_arr(&t->w, "traceEvents");
	fputc('\n', t->f);
	names(t);
	t->written = 0;		/* the budget is for what happens */
	for (int i = 0; i < t->ntrk; i++) {
		int k = (i - s->nstations) / 2;

		if (i >= s->nstations && (i - s->nstations) % 2 && !s->links[k].duplex)
			continue;
		ctr_set(t, &t->trk[i], 0, 0);
	}
}

static int failed(diag *d, const char *path, int e)
{
	diag_msg(d, "", "cannot write %s: %s", path, strerror(e));
	return TRACE_IO;
}

/* ---- the sink ------------------------------------------------------ */

/* Replication 0 is over: the trace is whole if it ran to the end or the
 * trace had closed already (a stopped run cut it short otherwise). */
static void on_end(void *ctx, const line *ln, int ended)
{
	trace *t = ctx;

	(void)ln;
	if (!ended && !t->closed)
		return;
	close_trace(t);
	t->done = 1;
}

int trace_new(const scen *s, uint64_t seed, int64_t items, const char *path,
	      trace **out)
{
	trace *t = hb_calloc(1, sizeof *t);

	*out = NULL;
	if (!t || tr_init(t, s, items) < 0) {
		trace_free(t);
		return -1;
	}
	t->path = path;
	if (ofile_open(&t->of, path) < 0) {
		t->err = errno;
		t->closed = 1;	/* every hook quiet */
	} else {
		t->f = t->of.f;
		head(t, seed);
	}
	*out = t;
	return 0;
}

void trace_sink(trace *t, run_sink *k)
{
	/* the pilot, when there is one: replication 0 from time 0 to the
	 * end a run with no warm-up has (run.h) */
	*k = (run_sink){ .ctx = t, .end = on_end, .pilot = 1,
			 .obs = { t, on_service, on_move, on_queue, on_link } };
}

int trace_finish(trace *t, diag *d)
{
	if (t->err)
		return failed(d, t->path, t->err);
	if ((t->user && *t->user) || !t->done)
		return TRACE_STOPPED;
	jw_end_arr(&t->w);
	jw_end_obj(&t->w);
	jw_finish(&t->w);
	if (ofile_commit(&t->of) < 0)
		return failed(d, t->path, errno);
	return TRACE_OK;
}

void trace_free(trace *t)
{
	if (!t)
		return;
	ofile_abort(&t->of);	/* nothing left when committed */
	tr_release(t);
	hb_free(t);
}

int trace_write(const scen *s, int have_seed, uint64_t seed, int64_t items,
		const char *path, volatile sig_atomic_t *stop, diag *d)
{
	run_sink k;
	run_opts o = { .reps = 1, .have_seed = have_seed, .seed = seed,
		       .sinks = &k, .nsinks = 1, .no_pilot = 1 };
	struct res *r = NULL;
	trace *t;
	int rc;

	if (trace_new(s, run_seed(s, &o), items, path, &t) < 0) {
		diag_nomem(d);
		return TRACE_FAILED;
	}
	/* a run of its own stops once the trace has all it samples: the
	 * trace raises the run's stop flag as it closes, and passes Ctrl-C
	 * on to it */
	t->user = stop;
	t->flag = stop && *stop;
	o.stop = &t->flag;
	trace_sink(t, &k);
	rc = run_scenario(s, &o, &r, d);
	res_free(r);
	if (rc == RUN_OK)	/* else run_scenario's code, one of ours */
		rc = trace_finish(t, d);
	trace_free(t);
	return rc;
}
