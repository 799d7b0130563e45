/*
 * t_trace.c: the Chrome trace. Oracles: the event format's own rules (a
 * JSON object with traceEvents; "X" slices with ts, dur, pid, tid; flows
 * in "s"/"f" pairs by id, each end inside a slice of its thread), the
 * engine's (a server serves one thing at a time: its slices never
 * overlap), and trace.h's bounds (sampled items, event budget, no file
 * after a stop, same bytes for the same seed); a trace watching a run
 * with other sinks writes what it writes alone, and runs nothing more.
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/res.h"
#include "run/run.h"
#include "scenario/scen.h"
#include "view/tl.h"
#include "view/trace.h"

#include "tutil.h"

Suite *trace_suite(void);

static char dir[64];

static void mkdir_tmp(void)
{
	snprintf(dir, sizeof dir, "/tmp/herbie-trace.XXXXXX");
	ck_assert(mkdtemp(dir) != NULL);
}

/* The directory holds exactly `want` files; then it is removed. */
static void rm_tmp(int want)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	char path[400];

	ck_assert(d != NULL);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
	ck_assert_int_eq(n, want);
}

static int64_t ns_of(const cJSON *ev, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(ev, key);

	ck_assert_msg(cJSON_IsNumber(x), "an event without %s", key);
	return llround(x->valuedouble * 1e3);	/* us -> ns, as written */
}

static int num(const cJSON *ev, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(ev, key);

	ck_assert_msg(cJSON_IsNumber(x), "an event without %s", key);
	return x->valueint;
}

static const char *ph(const cJSON *ev)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(ev, "ph");

	ck_assert(cJSON_IsString(x));
	return x->valuestring;
}

typedef struct slice { int pid, tid; int64_t t0, t1; } slice;

static int by_thread(const void *a, const void *b)
{
	const slice *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid - y->pid;
	if (x->tid != y->tid)
		return x->tid - y->tid;
	return (x->t0 > y->t0) - (x->t0 < y->t0);
}

/* Is (pid, tid, t) inside one of the slices (sorted by by_thread)? */
static int inside(const slice *sl, int n, int pid, int tid, int64_t t)
{
	slice key = { pid, tid, t, t };
	int lo = 0, hi = n;

	/* the last slice that starts at or before t on that thread */
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (by_thread(&sl[mid], &key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && sl[lo - 1].pid == pid && sl[lo - 1].tid == tid &&
	       sl[lo - 1].t1 >= t;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Check one trace file against the format and trace.h; returns the
 * number of "X" slices. */
static int check_trace(const char *path, const scen *s, int64_t items)
{
	size_t len;
	char *text = tu_slurp(path, &len);
	cJSON *root = cJSON_Parse(text), *evs, *ev;
	int nev, nx = 0, ns = 0, nf = 0, *sampled, *starts, *ends;
	slice *sl;
	int64_t budget = items * (8 * ((int64_t)s->nstations + s->nlinks) + 16);
	int64_t ncounted = 0;

	ck_assert_msg(root != NULL, "%s is not JSON", path);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(root, "displayTimeUnit")->valuestring, "ns");
	evs = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
	ck_assert(cJSON_IsArray(evs));
	nev = cJSON_GetArraySize(evs);
	sl = calloc((size_t)nev + 1, sizeof *sl);
	sampled = calloc((size_t)items + 2, sizeof *sampled);
	starts = calloc((size_t)nev + 1, sizeof *starts);
	ends = calloc((size_t)nev + 1, sizeof *ends);
	cJSON_ArrayForEach(ev, evs) {
		const char *p = ph(ev);
		const cJSON *args = cJSON_GetObjectItemCaseSensitive(ev, "args");

		ncounted += strcmp(p, "M") != 0;
		if (strcmp(p, "X"))
			continue;
		sl[nx].pid = num(ev, "pid");
		sl[nx].tid = num(ev, "tid");
		sl[nx].t0 = ns_of(ev, "ts");
		sl[nx].t1 = sl[nx].t0 + ns_of(ev, "dur");
		ck_assert(sl[nx].t1 >= sl[nx].t0);
		{
			int id = num(args, "item");

			ck_assert(num(args, "n") >= 1);
			ck_assert_msg(id >= 1 && id <= items, "item %d is not sampled", id);
			sampled[id] = 1;
		}
		nx++;
	}
	qsort(sl, (size_t)nx, sizeof *sl, by_thread);
	for (int i = 1; i < nx; i++)
		if (sl[i].pid == sl[i - 1].pid && sl[i].tid == sl[i - 1].tid)
			ck_assert_msg(sl[i - 1].t1 <= sl[i].t0,
				      "slices overlap on %d/%d at %lld", sl[i].pid,
				      sl[i].tid, (long long)sl[i].t0);
	/* flows: one "s" and one "f" per id, each inside a slice of its
	 * thread (so that a viewer binds the arrow to the slices) */
	cJSON_ArrayForEach(ev, evs) {
		const char *p = ph(ev);

		if (strcmp(p, "s") && strcmp(p, "f"))
			continue;
		ck_assert(inside(sl, nx, num(ev, "pid"), num(ev, "tid"), ns_of(ev, "ts")));
		if (!strcmp(p, "f"))
			ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(ev, "bp")->valuestring, "e");
		(p[0] == 's' ? starts : ends)[p[0] == 's' ? ns++ : nf++] = num(ev, "id");
	}
	ck_assert_int_eq(ns, nf);
	qsort(starts, (size_t)ns, sizeof *starts, cmp_int);
	qsort(ends, (size_t)nf, sizeof *ends, cmp_int);
	for (int i = 0; i < ns; i++) {
		ck_assert_int_eq(starts[i], ends[i]);
		ck_assert(i == 0 || starts[i] != starts[i - 1]);
	}
	ck_assert_msg(ncounted <= budget, "%lld events, more than %lld",
		      (long long)ncounted, (long long)budget);
	cJSON_Delete(root);
	free(text);
	free(sl);
	free(sampled);
	free(starts);
	free(ends);
	return nx;
}

static int trace_file(const scen *s, int64_t items, const char *name)
{
	char path[400];
	diag d;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	diag_clear(&d);
	rc = trace_write(s, 0, 0, items, path, NULL, &d);
	ck_assert_msg(rc == TRACE_OK, "%s", d.msg);
	return check_trace(path, s, items ? items : TRACE_ITEMS_DEFAULT);
}

/* Devices, a fork and join, a link (stop-sign); blocking (coffee-line);
 * batches (triton-batching); MIG partitions (gpu-sharing); a barrier
 * over NVLink (data-parallel-dgx). */
START_TEST(test_format)
{
	const char *files[] = { "scenarios/stop-sign.json",
				"scenarios/coffee-line.json",
				"scenarios/triton-batching.json",
				"scenarios/gpu-sharing.json",
				"scenarios/data-parallel-dgx.json" };

	mkdir_tmp();
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		scen *s = tu_load(files[i], NULL, 0);

		ck_assert(trace_file(s, 50, "a.json") > 0);
		scen_free(s);
	}
	rm_tmp(1);
}
END_TEST

/* coffee-line's four stations serve each item once: 200 sampled items
 * make 800 slices (and 600 flows) until they are through; the default
 * samples 1000. */
START_TEST(test_sampling)
{
	const char *sets[] = { "run.duration=1h" };
	scen *s = tu_load("scenarios/coffee-line.json", sets, 1);

	mkdir_tmp();
	ck_assert_int_eq(trace_file(s, 200, "a.json"), 4 * 200);
	ck_assert_int_eq(trace_file(s, 0, "b.json"), 4 * TRACE_ITEMS_DEFAULT);
	scen_free(s);
	rm_tmp(2);
}
END_TEST

START_TEST(test_deterministic)
{
	scen *s = tu_load("scenarios/stop-sign.json", NULL, 0);
	char a[128], b[128];
	size_t na, nb;
	char *x, *y;
	diag d;

	mkdir_tmp();
	snprintf(a, sizeof a, "%s/a.json", dir);
	snprintf(b, sizeof b, "%s/b.json", dir);
	ck_assert_int_eq(trace_write(s, 0, 0, 100, a, NULL, &d), TRACE_OK);
	ck_assert_int_eq(trace_write(s, 0, 0, 100, b, NULL, &d), TRACE_OK);
	x = tu_slurp(a, &na);
	y = tu_slurp(b, &nb);
	ck_assert(na == nb && memcmp(x, y, na) == 0);
	/* and the bytes themselves, pinned: tracks, slices, flows, counters */
	tu_golden("trace-stop-sign.json", x);
	free(x);
	free(y);
	/* another seed, another trace */
	ck_assert_int_eq(trace_write(s, 1, 99, 100, b, NULL, &d), TRACE_OK);
	x = tu_slurp(a, &na);
	y = tu_slurp(b, &nb);
	ck_assert(na != nb || memcmp(x, y, na) != 0);
	free(x);
	free(y);
	scen_free(s);
	rm_tmp(2);
}
END_TEST

/* Stopped: no file, no temporary file; a path that cannot be written: a
 * failure that says why. */
START_TEST(test_no_file_left)
{
	scen *s = tu_load("scenarios/stop-sign.json", NULL, 0);
	volatile sig_atomic_t flag = 1;
	char a[128];
	diag d;

	mkdir_tmp();
	snprintf(a, sizeof a, "%s/a.json", dir);
	ck_assert_int_eq(trace_write(s, 0, 0, 100, a, &flag, &d), TRACE_STOPPED);
	ck_assert_int_eq(access(a, F_OK), -1);
	snprintf(a, sizeof a, "%s/no/such/dir.json", dir);
	diag_clear(&d);
	ck_assert_int_eq(trace_write(s, 0, 0, 100, a, NULL, &d), TRACE_IO);	/* I/O, not memory */
	ck_assert_msg(strstr(d.msg, "cannot write") != NULL, "%s", d.msg);
	rm_tmp(0);
	scen_free(s);
}
END_TEST

/* What a timeline writes, as a string (the caller frees it). */
static char *csv_of(const tl *t)
{
	tu_mem m;

	ck_assert_int_eq(tl_csv(t, tu_mem_open(&m)), 0);
	return tu_mem_close(&m);
}

/* The run owns every replication. A timeline and two traces watching one
 * run of 3 replications with warm-up "auto" start no replication of
 * their own: the run starts 4 (the pilot, then 3), as it does with no
 * sink at all. And each writes what it writes alone, by a run of its own
 * (tl_collect: the pilot and replication 0; trace_write: replication 0
 * with no pilot): the timeline watches the measured replication 0, the
 * traces the pilot, which runs it from time 0 to the end a run with no
 * warm-up has (5 s; the pilot finds a warm-up of 45 items, and the
 * sampled items outlast the run, so a trace of the measured replication
 * 0 would run 5 s after them). The two traces share the line's one
 * observer through the run's fan-out. */
START_TEST(test_one_run_feeds_every_sink)
{
	const char *sets[] = { "run.duration=5s", "run.warmup=auto" };
	scen *s = tu_load("scenarios/stop-sign.json", sets, 2);
	run_sink k[3];
	run_opts o = { .reps = 3, .sinks = k, .nsinks = 3 };
	char a[128], b[128], c[128];
	char *x, *y, *z, *ca, *cb;
	size_t na, nb, nc;
	trace *ta, *tb;
	tl *t, *alone;
	res *r = NULL;
	uint64_t n0;
	diag d;

	mkdir_tmp();
	snprintf(a, sizeof a, "%s/a.json", dir);
	snprintf(b, sizeof b, "%s/b.json", dir);
	snprintf(c, sizeof c, "%s/c.json", dir);
	diag_clear(&d);
	n0 = run_count_starts();
	ck_assert_int_eq(run_scenario(s, &(run_opts){ .reps = 3 }, &r, &d), RUN_OK);
	ck_assert_uint_eq(run_count_starts() - n0, 4);
	res_free(r);
	ck_assert_int_eq(tl_new(s, 0, &t, &d), 0);
	ck_assert_int_eq(trace_new(s, run_seed(s, &o), 100000, a, &ta), 0);
	ck_assert_int_eq(trace_new(s, run_seed(s, &o), 100000, b, &tb), 0);
	tl_sink(t, &k[0]);
	trace_sink(ta, &k[1]);
	trace_sink(tb, &k[2]);
	n0 = run_count_starts();
	ck_assert_int_eq(run_scenario(s, &o, &r, &d), RUN_OK);
	ck_assert_uint_eq(run_count_starts() - n0, 4);
	ck_assert_int_eq(r->reps, 3);
	ck_assert_int_gt(r->warm_items, 0);	/* else pilot and rep 0 are one */
	ck_assert_int_eq(tl_status(t, &d), 0);
	ck_assert_int_eq(trace_finish(ta, &d), TRACE_OK);
	ck_assert_int_eq(trace_finish(tb, &d), TRACE_OK);
	n0 = run_count_starts();
	ck_assert_int_eq(tl_collect(s, 0, 0, 0, &alone, &d), 0);
	ck_assert_uint_eq(run_count_starts() - n0, 2);
	ck_assert_int_eq(trace_write(s, 0, 0, 100000, c, NULL, &d), TRACE_OK);
	ck_assert_uint_eq(run_count_starts() - n0, 3);
	ca = csv_of(t);
	cb = csv_of(alone);
	ck_assert_str_eq(ca, cb);
	ck_assert(tl_latency_quantile(t, 0.99) == tl_latency_quantile(alone, 0.99));
	x = tu_slurp(a, &na);
	y = tu_slurp(b, &nb);
	z = tu_slurp(c, &nc);
	ck_assert(na == nc && memcmp(x, z, na) == 0);
	ck_assert(nb == nc && memcmp(y, z, nb) == 0);
	free(x);
	free(y);
	free(z);
	free(ca);
	free(cb);
	trace_free(ta);
	trace_free(tb);
	tl_free(t);
	tl_free(alone);
	res_free(r);
	scen_free(s);
	rm_tmp(3);
}
END_TEST

Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("trace");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_sampling);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_no_file_left);
	tcase_add_test(tc, test_one_run_feeds_every_sink);
	suite_add_tcase(s, tc);
	return s;
}
