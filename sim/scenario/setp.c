/*
 * setp.c: --set. Each `path=value` argument edits the scenario's tree
 * before the typed reading, in order: keys separated by '.', list
 * positions as [i], a source or station by its name (stations.detect);
 * objects on the way that do not exist are made. Each override leaves an
 * ovr record of the subtree it made, so that an error found later in that
 * subtree is placed in the argument, not in the file (setp_place, the
 * reader's jrd place hook).
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "input/jloc.h"
#include "input/jrd.h"
#include "input/names.h"

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
int setp_place(void *ctx, const char *path, int want_key, int member,
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
	/* The position as written: set_steps stops counting past 10^8. */
	if (*idx >= (size = cJSON_GetArraySize(cur)))
		return set_fail(r, arg, st[k].off + 1, upto, "%.*s has %d "
				"element%s: there is no %.*s", before, arg,
				size, size == 1 ? "" : "s", (int)st[k].klen,
				arg + st[k].off);
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
int setp_apply(rd *r, cJSON *root, int i)
{
	const char *arg = r->sets[i] ? r->sets[i] : "";
	const char *eq = strchr(arg, '=');
	ovr *o = &r->ov[i];
	size_t plen;
	step *st;
	char *key;
	cJSON *value;
	const char *end;
	char inner[JRD_PATH_CAP], msg[sizeof r->j.d->msg];
	long bad;
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
	/* As jrd_parse checks the file's strings ("a\u0000b" would be read
	 * as "a"); a value that is not JSON is a plain string, which
	 * jrd_get_string checks when it is read. */
	if (value && jloc_check_strings(arg, strlen(arg), o->vpos, inner,
					sizeof inner, msg, sizeof msg,
					&bad) < 0) {
		cJSON_Delete(value);
		rc = set_fail(r, arg, (size_t)bad, plen, "%s", msg);
		goto out;
	}
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

void setp_release(ovr *o)
{
	hb_free(o->path);
	hb_free(o->ends);
	hb_free(o->cols);
}
