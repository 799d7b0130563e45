/*
 * scen.c: the scenario reader. JSON text and --set overrides in, a checked
 * scen out (shared/spec/scenario.md is the contract).
 *
 * The reading goes in four passes over one cJSON tree:
 *
 *   1. parse: cJSON builds the tree; if it refuses, json_diagnose scans the
 *      text itself to say where and why (cJSON's end offset is a few bytes
 *      late for some errors, and it never says why);
 *   2. --set: each `path=value` edits the tree, in order, and leaves an
 *      ovr record of the subtree it made;
 *   3. typed reading: every object's children are walked in document
 *      order, so that unknown and duplicate keys are errors and the first
 *      problem in the file is the one reported;
 *   4. structure: names resolve, every station is fed, every item can
 *      leave, every fork branch reaches its join.
 *
 * Errors know their JSON path (r->j.path, kept as a stack while reading) and
 * nothing else: the position is found only when the error is reported,
 * by jloc re-scanning the text along the path, or, when the path lies in a
 * subtree that an override made, by scanning that --set argument instead.
 *
 * Invariants: r->j.path always names the value being read; every pointer in
 * a half-built scen is NULL or owned, so scen_free can release it at any
 * point, which is how every error path cleans up. Memory that the input
 * can make large is bounded by the input's size (lists) or by the limits
 * below (what the engine will allocate or run through).
 *
 * Workload: one call per run, on files of a few kilobytes; clarity wins
 * over speed, except that nothing is quadratic in the size of the input
 * (the fuzzer feeds 64 KB lists).
 */
#include "scenario/scen.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "coll.h"
#include "core/hb.h"
#include "mem.h"
#include "mlcat.h"
#include "roof.h"
#include "input/jloc.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"

/*
 * Limits. They refuse values that would make the engine allocate or run
 * without end, not values that are merely unusual; each message names its
 * bound.
 */
#define MAX_SERVERS	100000		/* per station */
#define MAX_CAPACITY	1000000000	/* buffer places; also max_queue */
#define MAX_INITIAL	10000000	/* initial items, all stations together */
#define MAX_CLIENTS	10000000	/* closed clients, all sources together */
#define MAX_REPS	1000000
#define MAX_ITEMS	INT64_C(1000000000000000)	/* run.items, limit */
#define MAX_SEED	(INT64_C(1) << 53)	/* exact in a double */
#define MAX_LIST	10000		/* stations, sources, levers, routes, ... */
#define MAX_EMPIRICAL	1000000		/* values of one empirical dist */
#define MAX_ERLANG_K	1000
#define MAX_COUNT	1e9		/* a value of a count distribution */
#define MAX_BATCH	100000
#define MAX_CV		100.0
#define MAX_RATE	1e9		/* per second: 1 ns between arrivals */
#define MAX_PER_UNIT	1e12		/* items_per_unit */
#define MAX_BYTES	1e15
#define MAX_BYTES_TEXT	"1000TB"
/* Every time fits in int64 ns (292 years) with room for sums. */
#define MAX_SECONDS	(87660.0 * 3600)
#define MAX_SECONDS_TEXT "87660h (10 years)"

#define NAMES_SHOWN	8		/* names listed in "no station named" */

/* What one --set made: the tree under path[0..ends[fresh]) is its work. */
typedef struct ovr {
	const char *arg;	/* sets[i], not owned */
	size_t vpos;		/* offset of the value in arg */
	int is_json;		/* the value parsed as JSON (else a string) */
	char *path;		/* normalized: "stations[1].capacity"; owned */
	size_t *ends;		/* strlen of path after each step; owned */
	size_t *cols;		/* offset in arg where each step starts; owned */
	int nsteps;
	int fresh;		/* first step whose node this override made */
} ovr;

typedef struct rd {
	jrd j;			/* the text, the diag, the path being read */
	const char *const *sets;
	ovr *ov;		/* the overrides applied so far; owned */
	int nov;
	scen *s;
	const cJSON *jsources, *jstations;
	const cJSON *jhardware;	/* the hardware object, once read */
	cat *cat;		/* the catalog: device and link types */
	mlcat *ml;		/* the catalog's models and runtimes */
	int64_t initial, clients;	/* totals so far */
} rd;

/* path lies in the subtree at pre[0..n): it is pre, or goes on with a key
 * or an index. */
static int within(const char *path, const char *pre, size_t n)
{
	return strncmp(path, pre, n) == 0 &&
	       (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

/* If path lies in what override o made, its offset in o's argument: in
 * the value when the path is inside it, else at the step of the path that
 * names it. -1 when the path is not o's. */
static long ovr_locate(const ovr *o, const char *path, int want_key,
		       int member)
{
	size_t full = o->ends[o->nsteps - 1], plen = strlen(path);
	const char *v = o->arg + o->vpos;
	long off;
	int k;

	if (!within(path, o->path, o->ends[o->fresh]))
		return -1;
	if (within(path, o->path, full) && !(plen == full && want_key)) {
		if (!o->is_json)
			return (long)o->vpos;
		off = jrd_locate(v, strlen(v), path + full, want_key, member);
		return (long)o->vpos + (off > 0 ? off : 0);
	}
	for (k = o->fresh; k < o->nsteps; k++)
		if (o->ends[k] == plen)
			return (long)o->cols[k];
	return (long)o->cols[o->fresh];
}

/* Where an error lies when an override made its path (jrd_place_fn):
 * in the last --set whose subtree holds it. */
static int ovr_place(void *ctx, const char *path, int want_key, int member,
		     const char **file, const char **text, long *off)
{
	const rd *r = ctx;
	int i;

	for (i = r->nov - 1; i >= 0; i--) {
		const ovr *o = &r->ov[i];

		if ((*off = ovr_locate(o, path, want_key, member)) >= 0) {
			*file = "--set";
			*text = o->arg;
			return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* --set                                                               */

typedef struct step {
	int is_key;
	size_t off, klen;	/* the key is arg[off..off+klen) */
	long index;
} step;

/* An error in the argument itself, at offset at, with the path as the
 * user wrote it up to plen. */
__attribute__((format(printf, 5, 6)))
static int set_fail(rd *r, const char *arg, size_t at, size_t plen,
		    const char *fmt, ...)
{
	char raw[sizeof r->j.d->path], path[sizeof raw], msg[sizeof r->j.d->msg];
	va_list ap;

	snprintf(raw, sizeof raw, "%.*s", (int)plen, arg);
	jrd_show_path(path, sizeof path, raw);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return diag_at(r->j.d, "--set", arg, strlen(arg), (long)at, path, "%s",
		       msg);
}

/* Split arg[0..plen) into steps: keys separated by '.', each followed by
 * any number of [N]. */
static int set_steps(rd *r, const char *arg, size_t plen, step *st, int *n)
{
	size_t p = 0;

	*n = 0;
	for (;;) {
		size_t k = p;

		while (p < plen && !strchr(".[]", arg[p]))
			p++;
		if (p == k)
			return set_fail(r, arg, k, p, "expected a key here");
		st[(*n)++] = (step){ 1, k, p - k, 0 };
		while (p < plen && arg[p] == '[') {
			size_t b = p++;
			long i = 0;

			if (p >= plen || arg[p] < '0' || arg[p] > '9')
				return set_fail(r, arg, b, b, "expected a list "
						"position like [0]");
			for (; p < plen && arg[p] >= '0' && arg[p] <= '9'; p++)
				i = i < 100000000 ? i * 10 + (arg[p] - '0') : i;
			if (p >= plen || arg[p] != ']')
				return set_fail(r, arg, p, b, "expected ']'");
			p++;
			st[(*n)++] = (step){ 0, b, p - b, i };
		}
		if (p == plen)
			return 0;
		if (arg[p] != '.')
			return set_fail(r, arg, p, p, "unexpected '%c' in the "
					"path", arg[p]);
		p++;
	}
}

/* The element of a sources or stations list whose name is key, or -1. */
static int find_named(const cJSON *list, const char *key)
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, list) {
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");

		if (cJSON_IsString(nm) && nm->valuestring &&
		    strcmp(nm->valuestring, key) == 0)
			return i;
		i++;
	}
	return -1;
}

/* "no station named "x" (stations: a, b); did you mean "a"?" for the
 * names in a list of cJSON objects. */
static int set_no_name(rd *r, const char *arg, const step *st,
		       const cJSON *list, const char *noun, const char *key)
{
	const char *names[NAMES_SHOWN + 1], *all[64];
	char q[96], list_text[400], h[128];
	const cJSON *e;
	int n = 0, na = 0;

	cJSON_ArrayForEach(e, list) {
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");

		if (!cJSON_IsString(nm) || !nm->valuestring)
			continue;
		if (n <= NAMES_SHOWN)
			names[n++] = nm->valuestring;
		if (na < 64)
			all[na++] = nm->valuestring;
	}
	names_join(list_text, sizeof list_text, ", ", names, n, NAMES_SHOWN);
	return set_fail(r, arg, st->off, st->off + st->klen,
			"no %s named %s (%ss: %s)%s", noun,
			names_quote(q, sizeof q, key), noun, list_text,
			names_hint(h, sizeof h, key, all, na));
}

/* Put value at the end of the path; the tree owns it afterwards, also on
 * failure (then it is freed here). */
static int set_put(rd *r, cJSON *cur, const char *key, long idx, cJSON *value)
{
	cJSON *old;

	if (!key) {
		if (!cJSON_ReplaceItemInArray(cur, (int)idx, value)) {
			cJSON_Delete(value);
			return jrd_oom(&r->j);
		}
		return 0;
	}
	/* ReplaceItemInObject, unlike ReplaceItemViaPointer, gives the new
	 * item its key. */
	old = cJSON_GetObjectItemCaseSensitive(cur, key);
	if (old ? !cJSON_ReplaceItemInObjectCaseSensitive(cur, key, value)
		: !cJSON_AddItemToObject(cur, key, value)) {
		cJSON_Delete(value);
		return jrd_oom(&r->j);
	}
	/* cJSON's own copy of the key failed: the tree owns value now. */
	return value->string ? 0 : jrd_oom(&r->j);
}

/* Can step k be taken from cur? *idx is the list position it names, and
 * *named says a key named a source or station (stations.detect). Messages
 * show the path as the user wrote it, up to the step before. */
static int set_check_step(rd *r, const char *arg, const step *st, int k,
			  const cJSON *cur, const ovr *o, const char *key,
			  long *idx, int *named)
{
	int before = k > 0 ? (int)(st[k - 1].off + st[k - 1].klen) : 0;
	size_t upto = st[k].off + st[k].klen;
	int size;

	*idx = st[k].index;
	*named = 0;
	if (st[k].is_key && cJSON_IsArray(cur) && k == 1 &&
	    (!strcmp(o->path, "sources") || !strcmp(o->path, "stations"))) {
		const char *noun = strcmp(o->path, "sources") == 0 ? "source"
								   : "station";

		if ((*idx = find_named(cur, key)) < 0)
			return set_no_name(r, arg, &st[k], cur, noun, key);
		*named = 1;
		return 0;
	}
	if (st[k].is_key && cJSON_IsArray(cur))
		return set_fail(r, arg, st[k].off, upto, "%.*s is a list: give "
				"a position, like %.*s[0]", before, arg,
				before, arg);
	if (st[k].is_key && !cJSON_IsObject(cur))
		return set_fail(r, arg, st[k].off, upto, "%.*s is %s, not an "
				"object", before, arg, names_type(cur));
	if (st[k].is_key)
		return 0;
	if (!cJSON_IsArray(cur))
		return set_fail(r, arg, st[k].off, upto, "%.*s is %s, not a "
				"list", before, arg, names_type(cur));
	if (*idx >= (size = cJSON_GetArraySize(cur)))
		return set_fail(r, arg, st[k].off + 1, upto, "%.*s has %d "
				"element%s: there is no [%ld]", before, arg,
				size, size == 1 ? "" : "s", *idx);
	return 0;
}

/* The child that step k leads to, made (an empty object) if missing and
 * not the last step. NULL with r->j.d filled on failure. */
static cJSON *set_descend(rd *r, const char *arg, const step *st, int k,
			  cJSON *cur, ovr *o, const char *key, long idx,
			  int by_key)
{
	cJSON *next = by_key ? cJSON_GetObjectItemCaseSensitive(cur, key)
			     : cJSON_GetArrayItem(cur, (int)idx);

	if (next)
		return next;
	/* Only objects are made: a list position that does not exist has
	 * no meaning to fill in. */
	if (!st[k + 1].is_key) {
		set_fail(r, arg, st[k].off, st[k].off + st[k].klen, "%.*s does "
			 "not exist, so it has no positions",
			 (int)(st[k].off + st[k].klen), arg);
		return NULL;
	}
	if (!(next = cJSON_CreateObject()) ||
	    !cJSON_AddItemToObject(cur, key, next)) {
		cJSON_Delete(next);
		jrd_oom(&r->j);
		return NULL;
	}
	if (o->fresh < 0)
		o->fresh = k;
	return next;
}

/* Walk the steps from the root, creating missing objects, and put value
 * at the end; fill o's normalized path. value is always consumed. */
static int set_walk(rd *r, cJSON *root, const char *arg, step *st, int n,
		    ovr *o, cJSON *value, char *key)
{
	cJSON *cur = root;
	size_t plen = 0;
	long idx;
	int k, named, by_key;

	o->fresh = -1;
	for (k = 0; k < n; k++) {
		o->cols[k] = st[k].off;
		if (st[k].is_key) {
			memcpy(key, arg + st[k].off, st[k].klen);
			key[st[k].klen] = '\0';
		}
		if (set_check_step(r, arg, st, k, cur, o, key, &idx,
				   &named) < 0)
			break;
		by_key = st[k].is_key && !named;
		if (by_key)
			jloc_path_key(o->path, JRD_PATH_CAP, &plen, key);
		else
			jloc_path_index(o->path, JRD_PATH_CAP, &plen, idx);
		o->ends[k] = plen;
		if (k == n - 1) {
			if (o->fresh < 0)
				o->fresh = k;
			return set_put(r, cur, by_key ? key : NULL, idx, value);
		}
		if (!(cur = set_descend(r, arg, st, k, cur, o, key, idx,
					by_key)))
			break;
	}
	cJSON_Delete(value);
	return -1;
}

/* Apply sets[i] to the tree and record it in r->ov[i]. */
static int apply_set(rd *r, cJSON *root, int i)
{
	const char *arg = r->sets[i] ? r->sets[i] : "";
	const char *eq = strchr(arg, '=');
	ovr *o = &r->ov[i];
	size_t plen;
	step *st;
	char *key;
	cJSON *value;
	const char *end;
	int n, rc;

	o->arg = arg;
	if (!eq)
		return set_fail(r, arg, strlen(arg), strlen(arg),
				"expected path=value, like "
				"stations.detect.servers=2");
	if (eq == arg)
		return set_fail(r, arg, 0, 0, "expected a path before '='");
	plen = (size_t)(eq - arg);
	o->vpos = plen + 1;
	o->path = hb_malloc(JRD_PATH_CAP);
	o->ends = hb_calloc(plen, sizeof *o->ends);
	o->cols = hb_calloc(plen, sizeof *o->cols);
	st = hb_calloc(plen, sizeof *st);
	key = hb_malloc(plen + 1);
	if (!o->path || !o->ends || !o->cols || !st || !key) {
		rc = jrd_oom(&r->j);
		goto out;
	}
	o->path[0] = '\0';
	if ((rc = set_steps(r, arg, plen, st, &n)) < 0)
		goto out;
	o->nsteps = n;
	value = cJSON_ParseWithLengthOpts(eq + 1, strlen(eq + 1) + 1, &end, 1);
	o->is_json = value != NULL;
	if (!value && !(value = cJSON_CreateString(eq + 1))) {
		rc = jrd_oom(&r->j);
		goto out;
	}
	rc = set_walk(r, root, arg, st, n, o, value, key);
	if (rc == 0)
		r->nov = i + 1;
out:
	hb_free(st);
	hb_free(key);
	return rc;
}

static void ovr_release(ovr *o)
{
	hb_free(o->path);
	hb_free(o->ends);
	hb_free(o->cols);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* A duration in seconds: >= 0 (positive: >= 1 ns), at most MAX_SECONDS. */
static int get_time(rd *r, const cJSON *v, int positive, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_DURATION, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_SECONDS)
		return jrd_fail(&r->j, "must be at most " MAX_SECONDS_TEXT);
	if (positive && *out == 0)
		return jrd_fail(&r->j, "must be greater than 0");
	if (positive && st_from_s(*out) < 1)
		return jrd_fail(&r->j, "must be at least 1ns");
	return 0;
}

static int get_simtime(rd *r, const cJSON *v, int positive, simtime *out)
{
	double x;

	if (get_time(r, v, positive, &x) < 0)
		return -1;
	*out = st_from_s(x);
	return 0;
}

static int get_size(rd *r, const cJSON *v, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_SIZE, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_BYTES)
		return jrd_fail(&r->j, "must be at most " MAX_BYTES_TEXT);
	return 0;
}

static int get_rate(rd *r, const cJSON *v, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_RATE, out) < 0)
		return -1;
	if (*out <= 0)
		return jrd_fail(&r->j, "must be greater than 0");
	if (*out > MAX_RATE)
		return jrd_fail(&r->j, "must be at most 1000000000/s");
	if (1 / *out > MAX_SECONDS)	/* the mean gap must be a time */
		return jrd_fail(&r->j, "must be at least 1/" MAX_SECONDS_TEXT);
	return 0;
}

/* A string, copied into *out (owned by the scen). */
static int get_string(rd *r, const cJSON *v, int nonempty, char **out)
{
	const char *t;

	if (jrd_get_string(&r->j, v, nonempty ? JRD_NONEMPTY : JRD_ANY,
			   &t) < 0)
		return -1;
	hb_free(*out);
	if (!(*out = hb_strdup(t)))
		return jrd_oom(&r->j);
	return 0;
}

/* A name of a source or station: it will appear in --set paths. */
static int get_name(rd *r, const cJSON *v, char **out)
{
	const char *bad;
	char q[96];

	if (get_string(r, v, 1, out) < 0)
		return -1;
	if ((bad = strpbrk(*out, ".[]=")) != NULL)
		return jrd_fail(&r->j, "%s may not contain '%c' (names are used in "
			    "--set paths like stations.detect.servers)",
			    names_quote(q, sizeof q, *out), *bad);
	return 0;
}

/* Each element of the list v, read by fn with its index and its path
 * pushed: the loop of the readers of sources and stations. */
static int read_elements(rd *r, const cJSON *v,
			 int (*fn)(rd *, const cJSON *, int))
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (fn(r, e, i++) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* Names (devices, links) as a non-empty list of non-empty strings, or
 * with one_ok a single string. */
static int get_names(rd *r, const cJSON *v, int one_ok, char ***out,
		     int *n)
{
	const cJSON *e;
	int i = 0;

	if (one_ok && cJSON_IsString(v)) {
		if (!(*out = hb_calloc(1, sizeof **out)))
			return jrd_oom(&r->j);
		*n = 1;
		return get_string(r, v, 1, &(*out)[0]);
	}
	if (one_ok && !cJSON_IsArray(v))
		return jrd_fail(&r->j, "expected a name or a list of names, got %s",
			    names_type(v));
	if (jrd_get_list(&r->j, v, "names", 1, MAX_LIST, &i) < 0)
		return -1;
	if (!(*out = hb_calloc((size_t)i, sizeof **out)))
		return jrd_oom(&r->j);
	*n = i;
	i = 0;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (get_string(r, e, 1, &(*out)[i++]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Distributions                                                       */

static const char *const dist_names[] = {
	"exponential", "uniform", "uniform_int", "normal", "lognormal",
	"erlang", "gamma", "triangular", "empirical", NULL
};

enum { D_EXP, D_UNIFORM, D_UNIFORM_INT, D_NORMAL, D_LOGNORMAL, D_ERLANG,
       D_GAMMA, D_TRIANGULAR, D_EMPIRICAL };

/* One value of a distribution: a duration (is_time) or a plain count. */
static int dist_value(rd *r, const cJSON *v, int is_time, double *out)
{
	char b[40];

	if (is_time)
		return get_time(r, v, 0, out);
	if (jrd_get_qty(&r->j, v, UNIT_COUNT, out) < 0)
		return -1;
	if (*out < 0)
		return jrd_fail(&r->j, "must not be negative");
	if (*out > MAX_COUNT)
		return jrd_fail(&r->j, "must be at most %s", jrd_num(b, sizeof b,
							  MAX_COUNT));
	return 0;
}

static const char *value_text(char *buf, size_t n, int is_time, double x)
{
	if (is_time)
		unit_format(UNIT_DURATION, x, buf, n);
	else
		jrd_num(buf, n, x);
	return buf;
}

/* The values of the list v into x[], which has room for all of them. */
static int dist_values(rd *r, const cJSON *v, int is_time, double *x)
{
	const cJSON *e;
	int i = 0;

	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (dist_value(r, e, is_time, &x[i]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* The n values of a list form ([lo, hi], [min, mode, max]). */
static int dist_tuple(rd *r, const cJSON *v, int is_time, const char *form,
		      double *x, int n)
{
	if (!cJSON_IsArray(v))
		return jrd_fail(&r->j, "expected a list %s, got %s", form,
			    names_type(v));
	if (cJSON_GetArraySize(v) != n)
		return jrd_fail(&r->j, "expected a list %s of %d values, got %d", form,
			    n, cJSON_GetArraySize(v));
	return dist_values(r, v, is_time, x);
}

/* The fields of {"normal": {"mean", "sd"}} and its kind: each key read
 * by the callback in order, every key required. */
typedef struct dfield {
	const char *key;
	int what;		/* 0 value, 1 cv, 2 k */
	double x;
} dfield;

static int dist_fields(rd *r, const cJSON *v, int is_time, dfield *f, int n)
{
	const char *names[4];
	const cJSON *c;
	int i;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object {\"%s\": ..., \"%s\": ...}, "
			    "got %s", f[0].key, f[1].key, names_type(v));
	for (i = 0; i < n; i++)
		names[i] = f[i].key;
	names[n] = NULL;
	if (jrd_check_keys(&r->j, v, names) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t mark;
		int64_t k;

		if (!(c = jrd_member(v, f[i].key)))
			return jrd_missing(&r->j, f[i].key);
		mark = jrd_key(&r->j, f[i].key);
		if (f[i].what == 0 && dist_value(r, c, is_time, &f[i].x) < 0)
			return -1;
		if (f[i].what == 1 && jrd_get_num(&r->j, c, 0, MAX_CV, &f[i].x) < 0)
			return -1;
		if (f[i].what == 2) {
			if (jrd_get_int(&r->j, c, 1, MAX_ERLANG_K, &k) < 0)
				return -1;
			f[i].x = (double)k;
		}
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* Keep an empirical list in the scen (dists only point at it). */
static int own(rd *r, double *v)
{
	double **o = hb_realloc(r->s->owned,
				(size_t)(r->s->nowned + 1) * sizeof *o);

	if (!o) {
		hb_free(v);
		return jrd_oom(&r->j);
	}
	r->s->owned = o;
	o[r->s->nowned++] = v;
	return 0;
}

static int dist_empirical_list(rd *r, const cJSON *v, int is_time, dist *out)
{
	double *x;
	int n = 0;

	if (jrd_get_list(&r->j, v, "values", 1, MAX_EMPIRICAL, &n) < 0)
		return -1;
	if (!(x = hb_malloc((size_t)n * sizeof *x)))
		return jrd_oom(&r->j);
	if (own(r, x) < 0 || dist_values(r, v, is_time, x) < 0)
		return -1;
	*out = dist_empirical(x, (size_t)n);
	return 0;
}

/* uniform_int: integer bounds (for a time, whole seconds). */
static int dist_die(rd *r, const cJSON *v, int is_time, dist *out)
{
	double x[2];
	char b[40];
	int i;

	if (dist_tuple(r, v, is_time, "[lo, hi]", x, 2) < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (x[i] != floor(x[i])) {
			size_t mark = jrd_index(&r->j, i);

			jrd_fail(&r->j, "expected %s, got %s (uniform_int draws whole "
			     "numbers)", is_time ? "whole seconds" :
			     "an integer", value_text(b, sizeof b, is_time,
						      x[i]));
			jrd_pop(&r->j, mark);
			return -1;
		}
	if (x[0] > x[1])
		return jrd_fail(&r->j, "lo (%.0f) is greater than hi (%.0f)", x[0],
			    x[1]);
	*out = dist_uniform_int((long)x[0], (long)x[1]);
	return 0;
}

static int dist_form(rd *r, int form, const cJSON *v, int is_time,
		     dist *out)
{
	char b0[40], b1[40], b2[40];
	dfield f[2];
	double x[3];

	switch (form) {
	case D_EXP:
		if (dist_value(r, v, is_time, &x[0]) < 0)
			return -1;
		*out = dist_exp(x[0]);
		return 0;
	case D_UNIFORM:
		if (dist_tuple(r, v, is_time, "[lo, hi]", x, 2) < 0)
			return -1;
		if (x[0] > x[1])
			return jrd_fail(&r->j, "lo (%s) is greater than hi (%s)",
				    value_text(b0, sizeof b0, is_time, x[0]),
				    value_text(b1, sizeof b1, is_time, x[1]));
		*out = dist_uniform(x[0], x[1]);
		return 0;
	case D_UNIFORM_INT:
		return dist_die(r, v, is_time, out);
	case D_TRIANGULAR:
		if (dist_tuple(r, v, is_time, "[min, mode, max]", x, 3) < 0)
			return -1;
		if (x[0] > x[1] || x[1] > x[2])
			return jrd_fail(&r->j, "expected min <= mode <= max, got %s, "
				    "%s, %s",
				    value_text(b0, sizeof b0, is_time, x[0]),
				    value_text(b1, sizeof b1, is_time, x[1]),
				    value_text(b2, sizeof b2, is_time, x[2]));
		*out = dist_triangular(x[0], x[1], x[2]);
		return 0;
	case D_EMPIRICAL:
		return dist_empirical_list(r, v, is_time, out);
	}
	f[0] = (dfield){ "mean", 0, 0 };
	f[1] = form == D_NORMAL ? (dfield){ "sd", 0, 0 }
	     : form == D_ERLANG ? (dfield){ "k", 2, 0 }
	     : (dfield){ "cv", 1, 0 };
	if (dist_fields(r, v, is_time, f, 2) < 0)
		return -1;
	if (form == D_NORMAL)
		*out = dist_normal(f[0].x, f[1].x);
	else if (form == D_LOGNORMAL)
		*out = dist_lognormal(f[0].x, f[1].x);
	else if (form == D_ERLANG)
		*out = dist_erlang(f[0].x, (int)f[1].x);
	else
		*out = dist_gamma(f[0].x, f[1].x);
	return 0;
}

/* A distribution of times (seconds) or of counts (per_period). */
static int get_dist(rd *r, const cJSON *v, int is_time, dist *out)
{
	char q[96], q2[96], list[200], h[128];
	const cJSON *c;
	size_t mark;
	int form, rc;

	if (cJSON_IsNumber(v) || cJSON_IsString(v)) {
		double x;

		if (dist_value(r, v, is_time, &x) < 0)
			return -1;
		*out = dist_const(x);
		return 0;
	}
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected %s, got %s", is_time ?
			    "a time: a duration like \"8ms\" or a distribution "
			    "like {\"exponential\": \"8ms\"}" :
			    "a count: a number like 3 or a distribution like "
			    "{\"uniform_int\": [1, 6]}", names_type(v));
	names_join(list, sizeof list, ", ", dist_names,
		   names_count(dist_names), 0);
	if (!(c = v->child))
		return jrd_fail(&r->j, "expected a distribution (one of: %s), got an "
			    "empty object", list);
	if (c->next) {
		if (strcmp(c->string, c->next->string) == 0)
			return jrd_check_keys(&r->j, v, NULL);
		jrd_key(&r->j, c->next->string);
		return jrd_fail_key(&r->j, "a distribution has one key, got %s and %s",
				names_quote(q, sizeof q, c->string),
				names_quote(q2, sizeof q2, c->next->string));
	}
	mark = jrd_key(&r->j, c->string);
	if ((form = names_index(c->string, dist_names)) < 0)
		return jrd_fail_key(&r->j, "unknown distribution %s (expected one of: "
				"%s)%s", names_quote(q, sizeof q, c->string),
				list, names_hint(h, sizeof h, c->string,
						 dist_names,
						 names_count(dist_names)));
	rc = dist_form(r, form, c, is_time, out);
	jrd_pop(&r->j, mark);
	return rc;
}

/* ------------------------------------------------------------------ */
/* run                                                                 */

static int read_warmup(rd *r, const cJSON *v, scen_run *run)
{
	static const char *const keys[] = { "items", NULL };
	double x;

	if (cJSON_IsString(v) && v->valuestring &&
	    strcmp(v->valuestring, "auto") == 0) {
		run->warm = WARM_AUTO;
		return 0;
	}
	if (cJSON_IsObject(v)) {
		const cJSON *c = jrd_member(v, "items");
		size_t mark;

		if (jrd_check_keys(&r->j, v, keys) < 0)
			return -1;
		if (!c)
			return jrd_missing(&r->j, "items");
		mark = jrd_key(&r->j, "items");
		if (jrd_get_int(&r->j, c, 0, MAX_ITEMS, &run->warm_items) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		run->warm = run->warm_items ? WARM_ITEMS : WARM_NONE;
		return 0;
	}
	if (cJSON_IsString(v) && v->valuestring &&
	    unit_parse(UNIT_DURATION, v->valuestring, &x, NULL, 0) < 0) {
		char q[96];

		return jrd_fail(&r->j, "%s is not a duration (units: %s), "
			    "{\"items\": N} or \"auto\"",
			    names_quote(q, sizeof q, v->valuestring),
			    unit_list(UNIT_DURATION));
	}
	if (!cJSON_IsString(v) && !cJSON_IsNumber(v))
		return jrd_fail(&r->j, "expected a duration, {\"items\": N} or "
			    "\"auto\", got %s", names_type(v));
	if (get_simtime(r, v, 0, &run->warm_time) < 0)
		return -1;
	run->warm = run->warm_time ? WARM_TIME : WARM_NONE;
	return 0;
}

static int read_run(rd *r, const cJSON *v)
{
	static const char *const keys[] = {
		"duration", "items", "warmup", "replications", NULL
	};
	scen_run *run = &r->s->run;
	const cJSON *c, *length = NULL;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"duration\": "
			    "\"60s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		if (!strcmp(c->string, "duration") ||
		    !strcmp(c->string, "items")) {
			char q[96];

			if (length)
				return jrd_fail_key(&r->j, "%s and %s cannot both be "
						"given",
						names_quote(q, sizeof q,
							    length->string),
						c->string[0] == 'd' ?
						"\"duration\"" : "\"items\"");
			length = c;
		}
		if (!strcmp(c->string, "duration"))
			rc = get_simtime(r, c, 1, &run->duration);
		else if (!strcmp(c->string, "items"))
			rc = jrd_get_int(&r->j, c, 1, MAX_ITEMS, &run->items);
		else if (!strcmp(c->string, "warmup"))
			rc = read_warmup(r, c, run);
		else
			rc = jrd_get_int(&r->j, c, 1, MAX_REPS, &run->replications);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!length)
		return jrd_fail(&r->j, "missing \"duration\" or \"items\" (how long "
			    "to run)");
	return 0;
}

/* ------------------------------------------------------------------ */
/* sources                                                             */

static const char *const source_keys[] = {
	"name", "to", "rate", "arrival", "closed", "saturate", "limit",
	"items_per_unit", "unit", "bytes", NULL
};

static int read_closed(rd *r, const cJSON *v, scen_source *src)
{
	static const char *const keys[] = { "clients", "think", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"clients\": 10, "
			    "\"think\": \"1s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "clients"))
		return jrd_missing(&r->j, "clients");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (!strcmp(c->string, "clients")) {
			if (jrd_get_int(&r->j, c, 1, MAX_CLIENTS, &src->clients) < 0)
				return -1;
			if ((r->clients += src->clients) > MAX_CLIENTS)
				return jrd_fail(&r->j, "too many closed clients: at "
					    "most %d in all sources",
					    MAX_CLIENTS);
		} else if (get_dist(r, c, 1, &src->think) < 0) {
			return -1;
		}
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* The one source kind given: rate, arrival, closed or saturate. */
static int read_source_kind(rd *r, const cJSON *c, scen_source *src)
{
	double x;
	int on = 0;

	if (!strcmp(c->string, "rate")) {
		if (get_rate(r, c, &x) < 0)
			return -1;
		src->arrival = dist_exp(1 / x);
	} else if (!strcmp(c->string, "arrival")) {
		if (get_dist(r, c, 1, &src->arrival) < 0)
			return -1;
		/* Arrivals that all come at one instant never let the
		 * clock move. */
		if (dist_mean(&src->arrival) < 1e-9)
			return jrd_fail(&r->j, "the mean time between arrivals must "
				    "be at least 1ns");
	} else if (!strcmp(c->string, "closed")) {
		src->kind = SRC_CLOSED;
		return read_closed(r, c, src);
	} else {
		if (jrd_get_bool(&r->j, c, &on) < 0)
			return -1;
		if (!on)
			return jrd_fail(&r->j, "must be true (leave it out for a "
				    "source that is not saturated)");
		src->kind = SRC_SATURATE;
	}
	return 0;
}

static int read_source_field(rd *r, const cJSON *c, scen_source *src)
{
	const char *k = c->string;
	double x;

	if (!strcmp(k, "name"))
		return get_name(r, c, &src->name);
	if (!strcmp(k, "to")) {
		if (!cJSON_IsString(c))
			return jrd_fail(&r->j, "expected a station name, got %s",
				    names_type(c));
		return 0;	/* resolved once all stations are read */
	}
	if (!strcmp(k, "limit"))
		return jrd_get_int(&r->j, c, 1, MAX_ITEMS, &src->limit);
	if (!strcmp(k, "items_per_unit")) {
		if (jrd_get_qty(&r->j, c, UNIT_COUNT, &x) < 0)
			return -1;
		if (x <= 0)
			return jrd_fail(&r->j, "must be greater than 0");
		if (x > MAX_PER_UNIT)
			return jrd_fail(&r->j, "must be at most 1000000000000");
		src->items_per_unit = x;
		return 0;
	}
	if (!strcmp(k, "unit"))
		return get_string(r, c, 1, &src->unit);
	if (!strcmp(k, "bytes"))
		return get_size(r, c, &src->bytes);
	return read_source_kind(r, c, src);
}

/* Source i of the scen. */
static int read_source(rd *r, const cJSON *v, int i)
{
	static const char *const kinds[] = {
		"rate", "arrival", "closed", "saturate", NULL
	};
	scen_source *src = &r->s->sources[i];
	const cJSON *c, *kind = NULL;
	char list[100], q[96];

	src->to = -1;
	src->limit = -1;
	src->items_per_unit = 1;
	if (!(src->unit = hb_strdup("items")))
		return jrd_oom(&r->j);
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (a source), got %s",
			    names_type(v));
	if (jrd_check_keys(&r->j, v, source_keys) < 0)
		return -1;
	names_join(list, sizeof list, ", ", kinds, 4, 0);
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (names_index(c->string, kinds) >= 0) {
			if (kind)
				return jrd_fail_key(&r->j, "%s and \"%s\" cannot both "
						"be given (a source has one "
						"of: %s)",
						names_quote(q, sizeof q,
							    kind->string),
						c->string, list);
			kind = c;
		}
		if (read_source_field(r, c, src) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "name"))
		return jrd_missing(&r->j, "name");
	if (!jrd_member(v, "to"))
		return jrd_missing(&r->j, "to");
	if (!kind)
		return jrd_fail(&r->j, "missing how items arrive: one of %s", list);
	return 0;
}

static int read_sources(rd *r, const cJSON *v)
{
	int n = 0;

	if (jrd_get_list(&r->j, v, "sources", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->sources = hb_calloc((size_t)n, sizeof *r->s->sources)))
		return jrd_oom(&r->j);
	r->s->nsources = n;
	r->jsources = v;
	return read_elements(r, v, read_source);
}

/* ------------------------------------------------------------------ */
/* stations                                                            */

static const char *const station_keys[] = {
	"name", "kind", "servers", "capacity", "on_full", "service",
	"device", "memory", "batching", "next", "transport", "period",
	"per_period", "turns", "initial", "group", "allreduce", "work", "rope",
	NULL
};

/* preferred: ascending batch sizes in 1..max_batch. */
static int read_preferred(rd *r, const cJSON *v, scen_batching *b)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "batch sizes", 0, MAX_LIST, &n) < 0)
		return -1;
	if (!(b->preferred = hb_calloc((size_t)n, sizeof *b->preferred)))
		return jrd_oom(&r->j);
	b->npreferred = n;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (jrd_get_int(&r->j, e, 1, b->max_batch, &b->preferred[i]) < 0)
			return -1;
		if (i > 0 && b->preferred[i] <= b->preferred[i - 1])
			return jrd_fail(&r->j, "batch sizes must ascend (%lld comes "
				    "after %lld)", (long long)b->preferred[i],
				    (long long)b->preferred[i - 1]);
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* One row [n, time] of a batch-time table. */
static int read_table_row(rd *r, const cJSON *v, scen_batching *b, int i)
{
	const cJSON *n = cJSON_GetArrayItem(v, 0);
	size_t mark;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return jrd_fail(&r->j, "expected a pair [batch size, time], got %s",
			    cJSON_IsArray(v) ? "a list of another length" :
			    names_type(v));
	mark = jrd_index(&r->j, 0);
	if (jrd_get_int(&r->j, n, 1, b->max_batch, &b->table_n[i]) < 0)
		return -1;
	if (i > 0 && b->table_n[i] <= b->table_n[i - 1])
		return jrd_fail(&r->j, "batch sizes must ascend (%lld comes after "
			    "%lld)", (long long)b->table_n[i],
			    (long long)b->table_n[i - 1]);
	jrd_pop(&r->j, mark);
	mark = jrd_index(&r->j, 1);
	if (get_time(r, n->next, 0, &b->table_t[i]) < 0)
		return -1;
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_table(rd *r, const cJSON *v, scen_batching *b)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "[batch size, time] pairs", 1, MAX_LIST, &n) < 0)
		return -1;
	b->table_n = hb_calloc((size_t)n, sizeof *b->table_n);
	b->table_t = hb_calloc((size_t)n, sizeof *b->table_t);
	if (!b->table_n || !b->table_t)
		return jrd_oom(&r->j);
	b->ntable = n;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		if (read_table_row(r, e, b, i) < 0)
			return -1;
		jrd_pop(&r->j, mark);
		i++;
	}
	return 0;
}

/* time: {"base", "per_item"} or {"table": [[n, time], ...]}. */
static int read_batch_time(rd *r, const cJSON *v, scen_batching *b)
{
	static const char *const keys[] = { "base", "per_item", "table", NULL };
	const cJSON *c, *lin = NULL, *tab = NULL;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"base\": \"3ms\", "
			    "\"per_item\": \"1ms\"} or {\"table\": [[1, "
			    "\"3ms\"], ...]}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int is_tab = !strcmp(c->string, "table");

		if (is_tab ? lin != NULL : tab != NULL)
			return jrd_fail_key(&r->j, "\"table\" cannot be given with "
					"\"base\" or \"per_item\"");
		if (is_tab) {
			tab = c;
			if (read_table(r, c, b) < 0)
				return -1;
		} else {
			lin = c;
			if (get_time(r, c, 0, c->string[0] == 'b' ? &b->base
				     : &b->per_item) < 0)
				return -1;
		}
		jrd_pop(&r->j, mark);
	}
	if (!lin && !tab)
		return jrd_fail(&r->j, "expected \"base\" and \"per_item\", or a "
			    "\"table\"");
	return 0;
}

static int read_batching(rd *r, const cJSON *v, scen_batching *b,
			 int *has_time)
{
	static const char *const keys[] = {
		"max_batch", "max_delay", "preferred", "max_queue", "time", NULL
	};
	const cJSON *c;

	b->on = 1;
	b->max_queue = -1;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"max_batch\": 8}, "
			    "got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!(c = jrd_member(v, "max_batch")))
		return jrd_missing(&r->j, "max_batch");
	/* max_batch first: preferred and table are checked against it. */
	{
		size_t mark = jrd_key(&r->j, "max_batch");

		if (jrd_get_int(&r->j, c, 1, MAX_BATCH, &b->max_batch) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		if (!strcmp(c->string, "max_delay"))
			rc = get_simtime(r, c, 0, &b->max_delay);
		else if (!strcmp(c->string, "preferred"))
			rc = read_preferred(r, c, b);
		else if (!strcmp(c->string, "max_queue"))
			rc = jrd_get_int(&r->j, c, 0, MAX_CAPACITY, &b->max_queue);
		else if (!strcmp(c->string, "time")) {
			rc = read_batch_time(r, c, b);
			*has_time = 1;
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* next, in form only: the names resolve later, in resolve_next. */
static int read_route(rd *r, const cJSON *v, scen_route *rt)
{
	static const char *const keys[] = { "to", "p", NULL };
	const cJSON *to = jrd_member(v, "to"), *p = jrd_member(v, "p");
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"to\": \"a\", "
			    "\"p\": 0.5}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!to)
		return jrd_missing(&r->j, "to");
	if (!p)
		return jrd_missing(&r->j, "p");
	mark = jrd_key(&r->j, "to");
	if (!cJSON_IsString(to))
		return jrd_fail(&r->j, "expected a station name, got %s",
			    names_type(to));
	jrd_pop(&r->j, mark);
	mark = jrd_key(&r->j, "p");
	if (jrd_get_num(&r->j, p, 0, 1, &rt->p) < 0)
		return -1;
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_routes(rd *r, const cJSON *v, scen_station *st)
{
	const cJSON *e;
	double sum = 0;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "routes", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(st->routes = hb_calloc((size_t)n, sizeof *st->routes)))
		return jrd_oom(&r->j);
	st->nroutes = n;
	st->next = NEXT_PROB;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		st->routes[i].to = -1;
		if (read_route(r, e, &st->routes[i]) < 0)
			return -1;
		sum += st->routes[i++].p;
		jrd_pop(&r->j, mark);
	}
	if (fabs(sum - 1) > 1e-9) {
		char b[40];

		return jrd_fail(&r->j, "the probabilities add up to %s, not 1",
			    jrd_num(b, sizeof b, sum));
	}
	return 0;
}

static int read_fork(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "fork", "join", NULL };
	const cJSON *fork = jrd_member(v, "fork"), *join = jrd_member(v, "join"), *e;
	size_t mark;
	int n = 0, i = 0;

	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!fork)
		return jrd_missing(&r->j, "fork");
	if (!join)
		return jrd_missing(&r->j, "join");
	mark = jrd_key(&r->j, "fork");
	if (jrd_get_list(&r->j, fork, "branches", 2, MAX_LIST, &n) < 0)
		return -1;
	if (!(st->routes = hb_calloc((size_t)n, sizeof *st->routes)))
		return jrd_oom(&r->j);
	st->nroutes = n;
	st->next = NEXT_FORK;
	cJSON_ArrayForEach(e, fork) {
		size_t m = jrd_index(&r->j, i);

		st->routes[i++] = (scen_route){ -1, 1 };
		if (!cJSON_IsString(e))
			return jrd_fail(&r->j, "expected a station name, got %s",
				    names_type(e));
		jrd_pop(&r->j, m);
	}
	jrd_pop(&r->j, mark);
	mark = jrd_key(&r->j, "join");
	if (!cJSON_IsString(join))
		return jrd_fail(&r->j, "expected a station name, got %s",
			    names_type(join));
	jrd_pop(&r->j, mark);
	return 0;
}

static int read_next(rd *r, const cJSON *v, scen_station *st)
{
	if (cJSON_IsString(v)) {
		if (!(st->routes = hb_calloc(1, sizeof *st->routes)))
			return jrd_oom(&r->j);
		st->routes[0] = (scen_route){ -1, 1 };
		st->nroutes = 1;
		st->next = NEXT_ONE;
		return 0;
	}
	if (cJSON_IsArray(v))
		return read_routes(r, v, st);
	if (cJSON_IsObject(v))
		return read_fork(r, v, st);
	return jrd_fail(&r->j, "expected a station name, a list of {\"to\", \"p\"} "
		    "or {\"fork\": [...], \"join\": ...}, got %s",
		    names_type(v));
}

static int read_transport(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "delay", "via", "bytes", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected {\"delay\": ...} or {\"via\": [...], "
			    "\"bytes\": ...}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "delay")) {
			if (jrd_member(v, "via") || jrd_member(v, "bytes"))
				return jrd_fail_key(&r->j, "\"delay\" cannot be given "
						"with \"via\" or \"bytes\"");
			st->transport = TRANSPORT_DELAY;
			rc = get_dist(r, c, 1, &st->transport_delay);
		} else if (!strcmp(c->string, "via")) {
			st->transport = TRANSPORT_VIA;
			rc = get_names(r, c, 0, &st->via, &st->nvia);
		} else {
			rc = get_size(r, c, &st->transport_bytes);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "delay") && !jrd_member(v, "via"))
		return jrd_fail(&r->j, "missing \"delay\" or \"via\"");
	return 0;
}

/* Fields that only a periodic station has, or only a process one. */
static int kind_check(rd *r, const char *k, stn_kind kind)
{
	static const char *const periodic_only[] = {
		"period", "per_period", "turns", NULL
	};
	static const char *const process_only[] = {
		"service", "batching", "work", "rope", NULL
	};
	static const char *const barrier_only[] = {
		"group", "allreduce", NULL
	};
	static const char *const not_barrier[] = {
		"servers", "capacity", "on_full", "batching", "device", "memory",
		"initial", "period", "per_period", "turns", "work", "rope", NULL
	};

	if (kind != STN_BARRIER && names_index(k, barrier_only) >= 0)
		return jrd_fail_key(&r->j, "\"%s\" is only for barrier stations "
				"(add \"kind\": \"barrier\")", k);
	if (kind == STN_BARRIER && names_index(k, not_barrier) >= 0)
		return jrd_fail_key(&r->j, "a barrier station has no \"%s\": it holds "
				"the replicas that reach it until all %s", k,
				"are there, then runs the collective");
	if (kind == STN_BARRIER)
		return 0;

	if (kind == STN_PROCESS && names_index(k, periodic_only) >= 0)
		return jrd_fail_key(&r->j, "\"%s\" is only for periodic stations "
				"(add \"kind\": \"periodic\")", k);
	if (kind == STN_PERIODIC && names_index(k, process_only) >= 0)
		return jrd_fail_key(&r->j, "a periodic station has no \"%s\": it "
				"moves per_period items each period", k);
	return 0;
}

/* A station's work: a catalog model (or its own figures) under a runtime
 * at a precision; hw_resolve turns it into time on the station's device. */
static int read_work(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = {
		"model", "runtime", "precision", "flops", "params", "bytes", NULL
	};
	const cJSON *c;

	st->has_work = 1;
	st->work_flops = st->work_params = st->work_bytes = NAN;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"model\": \"resnet50\", "
			    "\"runtime\": \"tensorrt\", \"precision\": \"fp16\"}, "
			    "got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "runtime"))
		return jrd_missing(&r->j, "runtime");
	if (!jrd_member(v, "precision"))
		return jrd_missing(&r->j, "precision");
	if (!jrd_member(v, "model") && (!jrd_member(v, "flops") || !jrd_member(v, "params")))
		return jrd_fail(&r->j, "a work needs a \"model\" from the catalog, or its "
			    "\"flops\" (per item) and \"params\"");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		const char *k = c->string;
		int rc;

		if (!strcmp(k, "model"))
			rc = get_string(r, c, 1, &st->work_model);
		else if (!strcmp(k, "runtime"))
			rc = get_string(r, c, 1, &st->work_runtime);
		else if (!strcmp(k, "precision"))
			rc = get_string(r, c, 1, &st->work_precision);
		else if (!strcmp(k, "bytes"))
			rc = get_size(r, c, &st->work_bytes);
		else {
			double *x = k[0] == 'f' ? &st->work_flops : &st->work_params;

			rc = jrd_get_qty(&r->j, c, UNIT_COUNT, x);
			if (rc == 0 && !(*x >= 0 && *x <= 1e18))
				rc = jrd_fail(&r->j, "must be from 0 to 1e18");
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* A barrier's collective: {"bytes": size, "via": [links]}: the ring
 * all-reduce's time over one hop of those links (hw_resolve). */
static int read_allreduce(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const keys[] = { "bytes", "via", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"bytes\": \"1GB\", "
			    "\"via\": [\"nvlink0\", \"nvlink1\"]}, got %s",
			    names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	if (!jrd_member(v, "bytes"))
		return jrd_missing(&r->j, "bytes");
	if (!jrd_member(v, "via"))
		return jrd_missing(&r->j, "via");
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "bytes")) {
			rc = get_size(r, c, &st->allreduce_bytes);
			if (rc == 0 && !(st->allreduce_bytes > 0))
				rc = jrd_fail(&r->j, "must be more than 0");
		} else {
			rc = get_names(r, c, 0, &st->ar_via, &st->nar_via);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* One station sets the pace of the whole line's releases: two ropes would
 * leave an item's release waiting on whichever is tighter, which is no
 * longer drum-buffer-rope. */
static int read_rope(rd *r, const cJSON *c, scen_station *st)
{
	char q[96];

	if (jrd_get_int(&r->j, c, 1, MAX_CAPACITY, &st->rope) < 0)
		return -1;
	for (scen_station *o = r->s->stations; o < st; o++)
		if (o->rope > 0)
			return jrd_fail(&r->j, "only one station can hold the rope; "
				    "%s has one already",
				    names_quote(q, sizeof q, o->name));
	return 0;
}

static int read_station_field(rd *r, const cJSON *c, scen_station *st,
			      int *has_btime)
{
	static const char *const full[] = { "block", "drop", NULL };
	static const char *const turns[] = {
		"sequential", "simultaneous", NULL
	};
	const char *k = c->string;
	int w;

	if (!strcmp(k, "name"))
		return get_name(r, c, &st->name);
	if (!strcmp(k, "kind"))
		return 0;	/* read first, in read_station */
	if (!strcmp(k, "servers"))
		return jrd_get_int(&r->j, c, 1, MAX_SERVERS, &st->servers);
	if (!strcmp(k, "capacity"))
		return jrd_get_int(&r->j, c, 0, MAX_CAPACITY, &st->capacity);
	if (!strcmp(k, "on_full")) {
		if (jrd_get_word(&r->j, c, full, &w) < 0)
			return -1;
		st->on_full = w ? FULL_DROP : FULL_BLOCK;
		return 0;
	}
	if (!strcmp(k, "service")) {
		st->has_service = 1;
		return get_dist(r, c, 1, &st->service);
	}
	if (!strcmp(k, "device"))
		return get_names(r, c, 1, &st->devices, &st->ndevices);
	if (!strcmp(k, "memory"))
		return get_size(r, c, &st->memory);
	if (!strcmp(k, "batching"))
		return read_batching(r, c, &st->batching, has_btime);
	if (!strcmp(k, "next"))
		return read_next(r, c, st);
	if (!strcmp(k, "transport"))
		return read_transport(r, c, st);
	if (!strcmp(k, "period"))
		return get_simtime(r, c, 1, &st->period);
	if (!strcmp(k, "per_period"))
		return get_dist(r, c, 0, &st->per_period);
	if (!strcmp(k, "turns")) {
		if (jrd_get_word(&r->j, c, turns, &w) < 0)
			return -1;
		st->turns = w ? TURNS_SIMULTANEOUS : TURNS_SEQUENTIAL;
		return 0;
	}
	if (!strcmp(k, "group"))
		return jrd_get_int(&r->j, c, 2, MAX_SERVERS, &st->group);
	if (!strcmp(k, "work"))
		return read_work(r, c, st);
	if (!strcmp(k, "allreduce"))
		return read_allreduce(r, c, st);
	if (!strcmp(k, "rope"))
		return read_rope(r, c, st);
	if (jrd_get_int(&r->j, c, 0, MAX_INITIAL, &st->initial) < 0)
		return -1;
	if ((r->initial += st->initial) > MAX_INITIAL)
		return jrd_fail(&r->j, "too many initial items: at most %d in all "
			    "stations", MAX_INITIAL);
	return 0;
}

static int read_kind(rd *r, const cJSON *v, scen_station *st)
{
	static const char *const kinds[] = {
		"process", "periodic", "barrier", NULL
	};
	const cJSON *c = jrd_member(v, "kind");
	size_t mark;
	int w;

	if (!c)
		return 0;
	mark = jrd_key(&r->j, "kind");
	if (jrd_get_word(&r->j, c, kinds, &w) < 0)
		return -1;
	st->kind = w == 2 ? STN_BARRIER : w ? STN_PERIODIC : STN_PROCESS;
	jrd_pop(&r->j, mark);
	return 0;
}

/* What a station needs once all its fields are read. */
static int station_complete(rd *r, const cJSON *v, scen_station *st,
			    int has_btime)
{
	if (!jrd_member(v, "name"))
		return jrd_missing(&r->j, "name");
	if (st->kind == STN_PERIODIC) {
		if (!jrd_member(v, "period"))
			return jrd_missing(&r->j, "period");
		if (!jrd_member(v, "per_period"))
			return jrd_missing(&r->j, "per_period");
	} else if (st->kind == STN_BARRIER) {
		if (!jrd_member(v, "group"))
			return jrd_missing(&r->j, "group");
		if (!jrd_member(v, "service") == !jrd_member(v, "allreduce"))
			return jrd_fail(&r->j, "a barrier needs its collective's time: "
				    "\"service\", or \"allreduce\" (bytes over "
				    "links), one of the two");
	} else if (st->has_work) {
		if (st->has_service || has_btime)
			return jrd_fail(&r->j, "\"work\" gives the time already: drop "
				    "\"service\" and batching.time");
		if (!jrd_member(v, "device"))
			return jrd_fail(&r->j, "\"work\" needs a \"device\" to run on");
	} else if (!st->has_service && !has_btime) {
		return jrd_fail(&r->j, "missing \"service\" (the time to serve one "
			    "item%s)", st->batching.on ?
			    ", or give batching a \"time\"" : "");
	} else if (st->has_service && has_btime) {
		size_t mark = jrd_key(&r->j, "service");

		jrd_fail_key(&r->j, "\"service\" cannot be given with batching.time "
			 "(both say how long a batch takes)");
		jrd_pop(&r->j, mark);
		return -1;
	}
	if (st->transport != TRANSPORT_NONE && st->next == NEXT_NONE) {
		size_t mark = jrd_key(&r->j, "transport");

		jrd_fail_key(&r->j, "a transport needs a \"next\" station (items "
			 "that leave the line are not moved)");
		jrd_pop(&r->j, mark);
		return -1;
	}
	return 0;
}

/* Station i of the scen. */
static int read_station(rd *r, const cJSON *v, int i)
{
	scen_station *st = &r->s->stations[i];
	const cJSON *c;
	int has_btime = 0;

	st->servers = 1;
	st->capacity = -1;
	st->join = -1;
	st->batching.max_queue = -1;
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (a station), got %s",
			    names_type(v));
	if (jrd_check_keys(&r->j, v, station_keys) < 0 || read_kind(r, v, st) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (kind_check(r, c->string, st->kind) < 0 ||
		    read_station_field(r, c, st, &has_btime) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return station_complete(r, v, st, has_btime);
}

static int read_stations(rd *r, const cJSON *v)
{
	int n = 0;

	if (jrd_get_list(&r->j, v, "stations", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->stations = hb_calloc((size_t)n, sizeof *r->s->stations)))
		return jrd_oom(&r->j);
	r->s->nstations = n;
	r->jstations = v;
	return read_elements(r, v, read_station);
}

/* ------------------------------------------------------------------ */
#include "scenario/scen_hw.inc"

/* ------------------------------------------------------------------ */
/* hardware, goal, levers: their form now, their meaning later         */

/* Keep v as compact JSON text in *out. */
static int keep_text(rd *r, const cJSON *v, char **out)
{
	char *t = cJSON_PrintUnformatted(v);

	if (!t)
		return jrd_oom(&r->j);
	*out = hb_strdup(t);
	cJSON_free(t);
	return *out ? 0 : jrd_oom(&r->j);
}

/* devices or links: an object of objects, each named once. */
static int read_named_objects(rd *r, const cJSON *v, const char *what)
{
	const cJSON *c;
	int n = 0;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object of %ss by name, got %s",
			    what, names_type(v));
	cJSON_ArrayForEach(c, v)
		if (++n > MAX_LIST)
			return jrd_fail(&r->j, "must have at most %d %ss", MAX_LIST,
				    what);
	if (jrd_check_unique(&r->j, v, n) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (!cJSON_IsObject(c))
			return jrd_fail(&r->j, "expected an object (the %s's fields), "
				    "got %s", what, names_type(c));
		jrd_pop(&r->j, mark);
	}
	return 0;
}

static int read_hardware(rd *r, const cJSON *v)
{
	static const char *const keys[] = { "preset", "devices", "links", NULL };
	const cJSON *c;
	char *preset = NULL;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "preset")) {
			rc = get_string(r, c, 1, &preset);
			hb_free(preset);
			preset = NULL;
		} else {
			rc = read_named_objects(r, c, c->string[0] == 'd' ?
						"device" : "link");
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	r->jhardware = v;
	if (read_hardware_typed(r, v) < 0)
		return -1;
	return keep_text(r, v, &r->s->hardware);
}

static int read_goal(rd *r, const cJSON *v)
{
	static const char *const keys[] = {
		"throughput", "latency_p99", NULL
	};
	const cJSON *c;
	double x;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"throughput\": "
			    "\"1000/s\"}, got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if (!strcmp(c->string, "throughput") ? get_rate(r, c, &x) < 0
		    : get_time(r, c, 1, &x) < 0)
			return -1;
		*(c->string[0] == 't' ? &r->s->goals.throughput :
		  &r->s->goals.latency_p99) = x;
		jrd_pop(&r->j, mark);
	}
	return keep_text(r, v, &r->s->goal);
}

/* A cost per hour: 2.10, "2.10$/h", "$2.10/h", each maybe followed by
 * " per unit" (the lever's value counts the units). */
static int get_cost(rd *r, const cJSON *v, scen_lever *lv)
{
	static const char hint[] = "expected a cost like \"2.10$/h\" or "
				   "\"2.10$/h per unit\"";
	const char *p;
	char *end;

	if (cJSON_IsNumber(v)) {
		lv->cost = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring) {
		p = v->valuestring;
		p += *p == '$';
		lv->cost = strtod(p, &end);
		if (end == p)
			return jrd_fail(&r->j, "%s", hint);
		p = end;
		while (*p == ' ')
			p++;
		p += *p == '$';
		if (strncmp(p, "/h", 2))
			return jrd_fail(&r->j, "%s", hint);
		for (p += 2; *p == ' '; p++)
			;
		if (!strcmp(p, "per unit"))
			lv->per_unit = 1;
		else if (*p)
			return jrd_fail(&r->j, "%s", hint);
	} else {
		return jrd_fail(&r->j, "%s, got %s", hint, names_type(v));
	}
	if (!isfinite(lv->cost) || lv->cost < 0 || lv->cost > 1e12)
		return jrd_fail(&r->j, "a cost must be a number from 0 to 1e12 $/h");
	return 0;
}

/* The values a lever tries, kept as --set text. */
static int read_lever_values(rd *r, const cJSON *v, scen_lever *lv)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "values", 1, MAX_LIST, &n) < 0)
		return -1;
	if (!(lv->values = hb_calloc((size_t)n, sizeof *lv->values)))
		return jrd_oom(&r->j);
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);
		char *t;

		if (!cJSON_IsString(e) && !cJSON_IsNumber(e))
			return jrd_fail(&r->j, "expected a string or a number, got %s",
				    names_type(e));
		if (!(t = cJSON_PrintUnformatted(e)))
			return jrd_oom(&r->j);
		lv->values[i] = hb_strdup(t);
		cJSON_free(t);
		if (!lv->values[i++])
			return jrd_oom(&r->j);
		lv->nvalues = i;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

static int read_lever(rd *r, const cJSON *v, scen_lever *lv)
{
	static const char *const keys[] = { "set", "values", "cost", NULL };
	const cJSON *c;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"set\": "
			    "\"stations.a.servers\", \"values\": [1, 2]}, "
			    "got %s", names_type(v));
	if (jrd_check_keys(&r->j, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc;

		if (!strcmp(c->string, "set"))
			rc = get_string(r, c, 1, &lv->set);
		else if (!strcmp(c->string, "values"))
			rc = read_lever_values(r, c, lv);
		else
			rc = get_cost(r, c, lv);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (!jrd_member(v, "set"))
		return jrd_missing(&r->j, "set");
	if (!jrd_member(v, "values"))
		return jrd_missing(&r->j, "values");
	return 0;
}

static int read_levers(rd *r, const cJSON *v)
{
	const cJSON *e;
	int n = 0, i = 0;

	if (jrd_get_list(&r->j, v, "levers", 0, MAX_LIST, &n) < 0)
		return -1;
	if (!(r->s->lever = hb_calloc((size_t)n + 1, sizeof *r->s->lever)))
		return jrd_oom(&r->j);
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, i);

		r->s->nlevers = i + 1;
		if (read_lever(r, e, &r->s->lever[i++]) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return keep_text(r, v, &r->s->levers);
}

/* ------------------------------------------------------------------ */
/* The top level                                                       */

static const char *const top_keys[] = {
	"name", "description", "notes", "seed", "run", "hardware", "sources",
	"stations", "goal", "levers", NULL
};

static int read_top_field(rd *r, const cJSON *c)
{
	const char *k = c->string;
	int64_t seed;

	if (!strcmp(k, "name"))
		return get_string(r, c, 1, &r->s->name);
	if (!strcmp(k, "description"))
		return get_string(r, c, 0, &r->s->description);
	if (!strcmp(k, "notes"))
		return get_string(r, c, 0, &r->s->notes);
	if (!strcmp(k, "seed")) {
		if (jrd_get_int(&r->j, c, 0, MAX_SEED, &seed) < 0)
			return -1;
		r->s->seed = (uint64_t)seed;
		return 0;
	}
	if (!strcmp(k, "run"))
		return read_run(r, c);
	if (!strcmp(k, "hardware"))
		return read_hardware(r, c);
	if (!strcmp(k, "sources"))
		return read_sources(r, c);
	if (!strcmp(k, "stations"))
		return read_stations(r, c);
	if (!strcmp(k, "goal"))
		return read_goal(r, c);
	return read_levers(r, c);
}

static int read_top(rd *r, const cJSON *root)
{
	static const char *const required[] = {
		"name", "run", "sources", "stations", NULL
	};
	static const char *const what[] = {
		"what to call the scenario",
		"how long to run: {\"duration\": \"60s\"} or {\"items\": N}",
		"where items come from", "the stations of the line"
	};
	const cJSON *c;
	int i;

	if (!cJSON_IsObject(root))
		return jrd_fail(&r->j, "expected an object (the scenario), got %s",
			    names_type(root));
	r->s->seed = 1;
	r->s->run.replications = 1;
	r->s->description = hb_strdup("");
	r->s->notes = hb_strdup("");
	if (!r->s->description || !r->s->notes)
		return jrd_oom(&r->j);
	if (jrd_check_keys(&r->j, root, top_keys) < 0)
		return -1;
	cJSON_ArrayForEach(c, root) {
		size_t mark = jrd_key(&r->j, c->string);

		if (read_top_field(r, c) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	for (i = 0; required[i]; i++)
		if (!jrd_member(root, required[i]))
			return jrd_fail(&r->j, "missing required key \"%s\" (%s)",
				    required[i], what[i]);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */

typedef struct keyref {
	const char *k;
	int i;
} keyref;

static int cmp_keyref(const void *pa, const void *pb)
{
	const keyref *a = pa, *b = pb;
	int c = strcmp(a->k, b->k);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

typedef struct stn_index {
	keyref *sorted;		/* station names in order; owned */
	int *branch_of;		/* fork i + 1 that has station j as a branch */
	int n;
} stn_index;

static int cmp_name(const void *pa, const void *pb)
{
	return strcmp(((const keyref *)pa)->k, ((const keyref *)pb)->k);
}

/* Names must be unique: the first repeat, at its name. */
static int unique_names(rd *r, const char *list, const char *noun,
			const char *const *nm, int n)
{
	char path[64], q[96];
	int dup, orig;

	if (jrd_first_dup(&r->j, nm, n, &dup, &orig) < 0)
		return -1;
	if (dup < 0)
		return 0;
	snprintf(path, sizeof path, "%s[%d].name", list, dup);
	return jrd_fail_at(&r->j, path, path, 0, "duplicate %s name %s (%s[%d] has "
		       "it too)", noun, names_quote(q, sizeof q, nm[dup]), list,
		       orig);
}

/* Index of the station named by node v (a string), or an error at path. */
static int resolve(rd *r, const stn_index *nm, const cJSON *v, const char *path,
		   int *out)
{
	const char *all[64];
	char q[96], list[400], h[128];
	keyref key = { v->valuestring, 0 }, *hit;
	int i, n = nm->n < 64 ? nm->n : 64;

	hit = bsearch(&key, nm->sorted, (size_t)nm->n, sizeof key, cmp_name);
	if (hit) {
		*out = hit->i;
		return 0;
	}
	/* The first 64 names are candidates for "did you mean"; the
	 * message lists the first NAMES_SHOWN of them. */
	for (i = 0; i < n; i++)
		all[i] = r->s->stations[i].name;
	names_join(list, sizeof list, ", ", all, n, NAMES_SHOWN);
	return jrd_fail_at(&r->j, path, path, 0, "no station named %s (stations: "
		       "%s)%s", names_quote(q, sizeof q, v->valuestring), list,
		       names_hint(h, sizeof h, v->valuestring, all, n));
}

static int resolve_next(rd *r, stn_index *nm, int i, const cJSON *next)
{
	scen_station *st = &r->s->stations[i];
	const cJSON *e;
	char path[96];
	int k = 0;

	if (st->next == NEXT_ONE) {
		snprintf(path, sizeof path, "stations[%d].next", i);
		return resolve(r, nm, next, path, &st->routes[0].to);
	}
	if (st->next == NEXT_PROB) {
		cJSON_ArrayForEach(e, next) {
			snprintf(path, sizeof path, "stations[%d].next[%d].to",
				 i, k);
			if (resolve(r, nm, jrd_member(e, "to"), path,
				    &st->routes[k++].to) < 0)
				return -1;
		}
		return 0;
	}
	cJSON_ArrayForEach(e, jrd_member(next, "fork")) {
		char q[96];

		snprintf(path, sizeof path, "stations[%d].next.fork[%d]", i,
			 k);
		if (resolve(r, nm, e, path, &st->routes[k].to) < 0)
			return -1;
		if (nm->branch_of[st->routes[k].to] == i + 1)
			return jrd_fail_at(&r->j, path, path, 0, "%s is already a "
				       "branch of this fork",
				       names_quote(q, sizeof q,
						   e->valuestring));
		nm->branch_of[st->routes[k++].to] = i + 1;
	}
	snprintf(path, sizeof path, "stations[%d].next.join", i);
	return resolve(r, nm, jrd_member(next, "join"), path, &st->join);
}

/* Names to indices: sources' `to`, stations' next, fork and join. */
static int resolve_all(rd *r, stn_index *nm)
{
	const char **list;
	const cJSON *e;
	char path[64];
	int i, rc;

	if (!(list = hb_malloc((size_t)r->s->nsources * sizeof *list)))
		return jrd_oom(&r->j);
	for (i = 0; i < r->s->nsources; i++)
		list[i] = r->s->sources[i].name;
	rc = unique_names(r, "sources", "source", list, r->s->nsources);
	hb_free(list);
	if (rc < 0)
		return -1;
	nm->sorted = hb_malloc((size_t)r->s->nstations * sizeof *nm->sorted);
	nm->branch_of = hb_calloc((size_t)r->s->nstations,
				  sizeof *nm->branch_of);
	if (!nm->sorted || !nm->branch_of)
		return jrd_oom(&r->j);
	nm->n = r->s->nstations;
	for (i = 0; i < nm->n; i++)
		nm->sorted[i] = (keyref){ r->s->stations[i].name, i };
	qsort(nm->sorted, (size_t)nm->n, sizeof *nm->sorted, cmp_keyref);
	{
		const char **sn = hb_malloc((size_t)nm->n * sizeof *sn);

		if (!sn)
			return jrd_oom(&r->j);
		for (i = 0; i < nm->n; i++)
			sn[i] = r->s->stations[i].name;
		rc = unique_names(r, "stations", "station", sn, nm->n);
		hb_free(sn);
		if (rc < 0)
			return -1;
	}
	i = 0;
	cJSON_ArrayForEach(e, r->jsources) {
		snprintf(path, sizeof path, "sources[%d].to", i);
		if (resolve(r, nm, jrd_member(e, "to"), path,
			    &r->s->sources[i].to) < 0)
			return -1;
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(e, r->jstations) {
		if (r->s->stations[i].next != NEXT_NONE &&
		    resolve_next(r, nm, i, jrd_member(e, "next")) < 0)
			return -1;
		i++;
	}
	return 0;
}

/* The line as a graph: an edge for every route an item can take (p > 0)
 * and every fork branch, both ways, in CSR arrays. A search marks what it
 * reaches with a fresh mark, so seen[] is never cleared between searches. */
typedef struct graph {
	int n, mark;
	int *off, *to;		/* out-edges of i: to[off[i]..off[i+1]) */
	int *roff, *from;	/* in-edges, likewise */
	int *seen, *queue;
} graph;

static void graph_release(graph *g)
{
	hb_free(g->off);
	hb_free(g->to);
	hb_free(g->roff);
	hb_free(g->from);
	hb_free(g->seen);
	hb_free(g->queue);
}

/* A counting sort of the edges by source and by target. */
static int graph_build(rd *r, graph *g)
{
	const scen *s = r->s;
	int i, k, m = 0;

	g->n = s->nstations;
	for (i = 0; i < g->n; i++)
		m += s->stations[i].nroutes;
	g->off = hb_calloc((size_t)g->n + 1, sizeof *g->off);
	g->roff = hb_calloc((size_t)g->n + 1, sizeof *g->roff);
	g->to = hb_calloc((size_t)m + 1, sizeof *g->to);
	g->from = hb_calloc((size_t)m + 1, sizeof *g->from);
	g->seen = hb_calloc((size_t)g->n, sizeof *g->seen);
	g->queue = hb_calloc((size_t)g->n, sizeof *g->queue);
	if (!g->off || !g->roff || !g->to || !g->from || !g->seen || !g->queue)
		return jrd_oom(&r->j);
	for (i = 0; i < g->n; i++)
		for (k = 0; k < s->stations[i].nroutes; k++)
			if (s->stations[i].routes[k].p > 0) {
				g->off[i + 1]++;
				g->roff[s->stations[i].routes[k].to + 1]++;
			}
	for (i = 0; i < g->n; i++) {
		g->off[i + 1] += g->off[i];
		g->roff[i + 1] += g->roff[i];
	}
	for (i = 0; i < g->n; i++) {
		int e = g->off[i];

		for (k = 0; k < s->stations[i].nroutes; k++) {
			int j = s->stations[i].routes[k].to;

			if (s->stations[i].routes[k].p <= 0)
				continue;
			g->to[e++] = j;
			g->from[g->roff[j] + g->seen[j]++] = i;	/* fill count */
		}
	}
	memset(g->seen, 0, (size_t)g->n * sizeof *g->seen);
	return 0;
}

static void graph_push(graph *g, int *tail, int i)
{
	if (g->seen[i] != g->mark) {
		g->seen[i] = g->mark;
		g->queue[(*tail)++] = i;
	}
}

/* Mark all that the queued stations reach, forward or backward. */
static void graph_search(graph *g, int tail, int backward)
{
	const int *off = backward ? g->roff : g->off;
	const int *adj = backward ? g->from : g->to;
	int head = 0, e;

	while (head < tail) {
		int i = g->queue[head++];

		for (e = off[i]; e < off[i + 1]; e++)
			graph_push(g, &tail, adj[e]);
	}
}

/* An error about station i as a whole: shown as stations[i], placed at
 * its name. */
__attribute__((format(printf, 3, 4)))
static int fail_station(rd *r, int i, const char *fmt, ...)
{
	char path[64], show[64];
	va_list ap;
	int rc;

	snprintf(path, sizeof path, "stations[%d].name", i);
	snprintf(show, sizeof show, "stations[%d]", i);
	va_start(ap, fmt);
	rc = jrd_vfail(&r->j, path, show, 1, -1, fmt, ap);
	va_end(ap);
	return rc;
}

/* Every branch of a fork can reach its join: a backward search from each
 * join, shared by consecutive forks to the same join. */
static int check_forks(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[80], q[96], q2[96];
	int i, k, last = -1, tail;

	for (i = 0; i < g->n; i++) {
		const scen_station *st = &s->stations[i];

		if (st->next != NEXT_FORK)
			continue;
		if (st->join != last) {
			g->mark++;
			tail = 0;
			graph_push(g, &tail, st->join);
			graph_search(g, tail, 1);
			last = st->join;
		}
		for (k = 0; k < st->nroutes; k++) {
			if (g->seen[st->routes[k].to] == g->mark)
				continue;
			snprintf(path, sizeof path,
				 "stations[%d].next.fork[%d]", i, k);
			return jrd_fail_at(&r->j, path, path, 0, "fork branch %s never "
				       "reaches the join %s",
				       names_quote(q, sizeof q,
						   s->stations[st->routes[k].to]
						   .name),
				       names_quote(q2, sizeof q2,
						   s->stations[st->join].name));
		}
	}
	return 0;
}

/* Every station gets items: from a source, from another station, or from
 * its own initial items; and whatever feeds it gets items in turn. */
static int check_fed(rd *r, graph *g)
{
	const scen *s = r->s;
	char q[96];
	int i, tail = 0;

	g->mark++;
	for (i = 0; i < s->nsources; i++)
		graph_push(g, &tail, s->sources[i].to);
	for (i = 0; i < g->n; i++)
		if (s->stations[i].initial > 0)
			graph_push(g, &tail, i);
	for (i = 0; i < g->n; i++)
		if (g->roff[i + 1] == g->roff[i] && g->seen[i] != g->mark)
			return fail_station(r, i, "station %s is fed by no "
					    "source and no station",
					    names_quote(q, sizeof q,
							s->stations[i].name));
	graph_search(g, tail, 0);
	for (i = 0; i < g->n; i++)
		if (g->seen[i] != g->mark)
			return fail_station(r, i, "no item can ever reach "
					    "station %s: what feeds it gets "
					    "no items itself",
					    names_quote(q, sizeof q,
							s->stations[i].name));
	return 0;
}

/* From every station some route leads out of the line: a backward search
 * from the stations whose items leave. */
static int check_drains(rd *r, graph *g)
{
	const scen *s = r->s;
	char path[64], q[96];
	int i, tail = 0;

	g->mark++;
	for (i = 0; i < g->n; i++)
		if (s->stations[i].next == NEXT_NONE)
			graph_push(g, &tail, i);
	graph_search(g, tail, 1);
	for (i = 0; i < g->n; i++)
		if (g->seen[i] != g->mark) {
			snprintf(path, sizeof path, "stations[%d].next", i);
			return jrd_fail_at(&r->j, path, path, 0, "items that reach %s "
				       "can never leave the line: every route "
				       "from it loops back",
				       names_quote(q, sizeof q,
						   s->stations[i].name));
		}
	return 0;
}

static int check_structure(rd *r)
{
	stn_index nm = { NULL, NULL, 0 };
	graph g = { 0 };
	int rc;

	rc = resolve_all(r, &nm);
	if (rc == 0)
		rc = hw_resolve(r);
	if (rc == 0)
		rc = graph_build(r, &g);
	if (rc == 0)
		rc = check_forks(r, &g);
	if (rc == 0)
		rc = check_fed(r, &g);
	if (rc == 0)
		rc = check_drains(r, &g);
	graph_release(&g);
	hb_free(nm.sorted);
	hb_free(nm.branch_of);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

int scen_parse(const char *file, const char *text, size_t len,
	       const char *const *sets, int nsets, scen **out, diag *d)
{
	rd r = { 0 };
	cJSON *root = NULL;
	int i, rc;

	*out = NULL;
	diag_clear(d);
	jrd_init(&r.j, file, text, len, d);
	r.j.place = ovr_place;
	r.j.place_ctx = &r;
	r.sets = sets;
	if (!sets)
		nsets = 0;
	if ((rc = jrd_parse(&r.j, &root)) < 0)
		return rc;
	if ((rc = cat_load(&r.cat, d)) < 0 || (rc = mlcat_load(&r.ml, d)) < 0)
		goto out;
	if (nsets > 0 && !(r.ov = hb_calloc((size_t)nsets, sizeof *r.ov))) {
		rc = jrd_oom(&r.j);
		goto out;
	}
	for (i = 0; i < nsets; i++)
		if ((rc = apply_set(&r, root, i)) < 0)
			goto out;
	if (!(r.s = hb_calloc(1, sizeof *r.s))) {
		rc = jrd_oom(&r.j);
		goto out;
	}
	rc = read_top(&r, root);
	if (rc == 0)
		rc = check_structure(&r);
	if (rc == 0) {
		char *t = cJSON_PrintUnformatted(root);

		r.s->json = t ? hb_strdup(t) : NULL;
		cJSON_free(t);
		if (!r.s->json)
			rc = jrd_oom(&r.j);
	}
	if (rc == 0) {
		*out = r.s;
		r.s = NULL;
	}
out:
	scen_free(r.s);
	for (i = 0; i < nsets && r.ov; i++)
		ovr_release(&r.ov[i]);
	hb_free(r.ov);
	cat_free(r.cat);
	mlcat_free(r.ml);
	cJSON_Delete(root);
	return rc;
}

static void free_strings(char **v, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		hb_free(v[i]);
	hb_free(v);
}

void scen_free(scen *s)
{
	int i;

	if (!s)
		return;
	hb_free(s->name);
	hb_free(s->description);
	hb_free(s->notes);
	for (i = 0; s->sources && i < s->nsources; i++) {
		hb_free(s->sources[i].name);
		hb_free(s->sources[i].unit);
	}
	hb_free(s->sources);
	for (i = 0; s->stations && i < s->nstations; i++) {
		scen_station *st = &s->stations[i];

		hb_free(st->name);
		hb_free(st->batching.preferred);
		hb_free(st->batching.table_n);
		hb_free(st->batching.table_t);
		free_strings(st->devices, st->ndevices);
		hb_free(st->routes);
		free_strings(st->via, st->nvia);
		free_strings(st->ar_via, st->nar_via);
		hb_free(st->work_model);
		hb_free(st->work_runtime);
		hb_free(st->work_precision);
		hb_free(st->device_idx);
		hb_free(st->via_idx);
	}
	hb_free(s->stations);
	free_hardware(s);
	hb_free(s->hardware);
	hb_free(s->goal);
	hb_free(s->levers);
	hb_free(s->json);
	for (i = 0; i < s->nlevers; i++) {
		for (int j = 0; j < s->lever[i].nvalues; j++)
			hb_free(s->lever[i].values[j]);
		hb_free(s->lever[i].values);
		hb_free(s->lever[i].set);
	}
	hb_free(s->lever);
	for (i = 0; i < s->nowned; i++)
		hb_free(s->owned[i]);
	hb_free(s->owned);
	hb_free(s);
}

int scen_station_index(const scen *s, const char *name)
{
	int i;

	for (i = 0; i < s->nstations; i++)
		if (s->stations[i].name && strcmp(s->stations[i].name, name) == 0)
			return i;
	return -1;
}

int scen_source_index(const scen *s, const char *name)
{
	int i;

	for (i = 0; i < s->nsources; i++)
		if (s->sources[i].name && strcmp(s->sources[i].name, name) == 0)
			return i;
	return -1;
}

/* One step of a path: a key, or a list element by name or [index]. */
static const cJSON *value_step(const cJSON *cur, const char *tok, size_t n)
{
	const cJSON *e;
	char key[256];

	if (n == 0 || n >= sizeof key || !cur)
		return NULL;
	memcpy(key, tok, n);
	key[n] = '\0';
	if (cJSON_IsObject(cur))
		return cJSON_GetObjectItemCaseSensitive(cur, key);
	if (!cJSON_IsArray(cur))
		return NULL;
	cJSON_ArrayForEach(e, cur) {
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");

		if (cJSON_IsString(nm) && !strcmp(nm->valuestring, key))
			return e;
	}
	return NULL;
}

/* A station field the file leaves out has its default: servers 1. */
static int value_default(const scen *s, const char *path, char *out, size_t n)
{
	const char *dot = strrchr(path, '.');
	char name[256];
	size_t len;
	int k;

	if (strncmp(path, "stations.", 9) || !dot || strcmp(dot, ".servers"))
		return -1;
	len = (size_t)(dot - path - 9);
	if (len >= sizeof name)
		return -1;
	memcpy(name, path + 9, len);
	name[len] = '\0';
	if ((k = scen_station_index(s, name)) < 0)
		return -1;
	return snprintf(out, n, "%lld", (long long)s->stations[k].servers) < (int)n ? 0 : -1;
}

int scen_value(const scen *s, const char *path, char *out, size_t n)
{
	cJSON *root = s->json ? cJSON_Parse(s->json) : NULL;
	const cJSON *cur = root;
	const char *p = path;
	char *t;
	int rc = -1;

	while (cur && *p) {
		size_t k = strcspn(p, ".[");

		if (k > 0)
			cur = value_step(cur, p, k);
		p += k;
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);

			cur = *end == ']' && i >= 0 && cJSON_IsArray(cur) ?
			      cJSON_GetArrayItem(cur, (int)i) : NULL;
			p = *end == ']' ? end + 1 : end;
		}
		p += *p == '.';
	}
	if (cur && (t = cJSON_PrintUnformatted(cur))) {
		if (strlen(t) < n) {
			strcpy(out, t);
			rc = 0;
		}
		cJSON_free(t);
	}
	cJSON_Delete(root);
	return cur ? rc : value_default(s, path, out, n);
}
