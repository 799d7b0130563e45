/*
 * jrd.c: the strict JSON reader toolkit (jrd.h): parsing with a reason,
 * the path stack, errors placed by path, key checks, the blocks a result
 * keeps, and the typed getters.
 *
 * Invariants: r->path[0..r->plen) is the path of the value being read,
 * NUL-terminated; a mark from jrd_key or jrd_index restores the path as
 * it was. Nothing here keeps a pointer into the cJSON tree past a call,
 * except jrd_get_string's result, which lives as long as the tree.
 *
 * Workload: one reader per file of a few kilobytes (a scenario, a catalog
 * file); positions are found only for the one error that stops a read.
 */
#include "input/jrd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/jloc.h"
#include "input/names.h"
#include "input/utf8.h"

void jrd_init(jrd *r, const char *file, const char *text, size_t len,
	      diag *d)
{
	memset(r, 0, sizeof *r);
	r->d = d;
	r->file = file ? file : "";
	r->text = text ? text : "";
	r->len = text ? len : 0;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

static int syntax_error(jrd *r, const char *end)
{
	char msg[sizeof r->d->msg];
	const char *nul = memchr(r->text, '\0', r->len);
	long off;

	if (r->brief)
		goto plain;
	if (nul)
		return diag_at(r->d, r->file, r->text, r->len,
			       (long)(nul - r->text), "",
			       "invalid JSON: a NUL byte in the text");
	if (jloc_diagnose(r->text, r->len, r->bom, msg, sizeof msg, &off) < 0)
		return diag_at(r->d, r->file, r->text, r->len, off, "", "%s",
			       msg);
plain:
	/* cJSON's buffer holds the text and a NUL: end is within it. */
	return diag_at(r->d, r->file, r->text, r->len,
		       end ? (long)(end - r->text) : -1, "", "invalid JSON");
}

/* Every string, key or value, is one herbie can hold and print
 * (jloc_check_strings): cJSON takes any bytes, and cuts at \u0000. */
static int check_strings(jrd *r)
{
	char msg[sizeof r->d->msg], path[JRD_PATH_CAP], shown[sizeof path];
	long off;

	if (jloc_check_strings(r->text, r->len, r->bom, path, sizeof path,
			       msg, sizeof msg, &off) == 0)
		return 0;
	jrd_show_path(shown, sizeof shown, path);
	return diag_at(r->d, r->file, r->text, r->len, off, shown, "%s", msg);
}

/* cJSON says NULL for bad text and for memory it could not get alike;
 * its allocator, watched, tells them apart (a large array of numbers
 * takes about 40 times its text). Allocation stays malloc's. */
static int json_oom;

static void *json_alloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		json_oom = 1;
	return p;
}

static void json_watch(void)
{
	static cJSON_Hooks hooks = { json_alloc, free };

	cJSON_InitHooks(&hooks);
	json_oom = 0;
}

int jrd_parse(jrd *r, cJSON **root)
{
	const char *end = NULL;
	char *buf;

	*root = NULL;
	if (r->len >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
		r->bom = 3;	/* cJSON skips it; jloc must too */
	if (memchr(r->text, '\0', r->len))
		return syntax_error(r, NULL);
	if (!(buf = hb_malloc(r->len + 1)))
		return jrd_oom(r);
	memcpy(buf, r->text, r->len);
	buf[r->len] = '\0';
	/* The length counts the NUL: with len alone 1.7.15 rejects valid
	 * input. */
	json_watch();
	*root = cJSON_ParseWithLengthOpts(buf, r->len + 1, &end, 1);
	if (!*root && json_oom) {
		hb_free(buf);
		return jrd_oom(r);	/* not bad input: a tree too big to hold */
	}
	if (!*root) {
		end = end ? r->text + (end - buf) : NULL;
		hb_free(buf);
		return syntax_error(r, end);
	}
	hb_free(buf);
	if (check_strings(r) < 0) {
		cJSON_Delete(*root);
		*root = NULL;
		return -1;
	}
	return 0;
}



/* ------------------------------------------------------------------ */
/* Paths                                                               */

size_t jrd_key(jrd *r, const char *k)
{
	size_t mark = r->plen;

	jloc_path_key(r->path, sizeof r->path, &r->plen, k);
	return mark;
}

size_t jrd_index(jrd *r, long i)
{
	size_t mark = r->plen;

	jloc_path_index(r->path, sizeof r->path, &r->plen, i);
	return mark;
}

void jrd_pop(jrd *r, size_t mark)
{
	r->plen = mark;
	r->path[mark] = '\0';
}

void jrd_goto(jrd *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->path, sizeof r->path, fmt, ap);
	va_end(ap);
	r->plen = n < 0 ? 0 : (size_t)n >= sizeof r->path ?
		  sizeof r->path - 1 : (size_t)n;
}

long jrd_locate(const char *text, size_t len, const char *path,
		int want_key, int member)
{
	long off = jloc_find(text, len, path, member >= 0 ? 0 : want_key);

	if (off >= 0 && member >= 0)
		off = jloc_member(text, len, off, member);
	return off;
}

void jrd_show_path(char *buf, size_t n, const char *path)
{
	size_t i, k, len;
	unsigned cp = 0;

	snprintf(buf, n, "%s", path);
	len = strlen(buf);
	len = utf8_cut(buf, len, len);
	for (i = 0; i < len; i += k) {
		k = utf8_char(buf + i, len - i, &cp);
		if (k == 0 || utf8_is_control(cp)) {
			k = k ? k : 1;
			memset(buf + i, '?', k);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

int jrd_vfail(jrd *r, const char *path, const char *show, int want_key,
	      int member, const char *fmt, va_list ap)
{
	char msg[sizeof r->d->msg], shown[sizeof r->d->path];
	const char *file, *text;
	long off;

	vsnprintf(msg, sizeof msg, fmt, ap);
	jrd_show_path(shown, sizeof shown, show);
	if (r->place && r->place(r->place_ctx, path, want_key, member, &file,
				 &text, &off))
		return diag_at(r->d, file, text, strlen(text), off, shown,
			       "%s", msg);
	off = jrd_locate(r->text + r->bom, r->len - r->bom, path, want_key,
			 member);
	return diag_at(r->d, r->file, r->text, r->len,
		       off < 0 ? off : off + (long)r->bom, shown, "%s", msg);
}

int jrd_fail(jrd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = jrd_vfail(r, r->path, r->path, 0, -1, fmt, ap);
	va_end(ap);
	return rc;
}

int jrd_fail_key(jrd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = jrd_vfail(r, r->path, r->path, 1, -1, fmt, ap);
	va_end(ap);
	return rc;
}

int jrd_fail_at(jrd *r, const char *path, const char *show, int want_key,
		const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = jrd_vfail(r, path, show, want_key, -1, fmt, ap);
	va_end(ap);
	return rc;
}

/* At member number `member` of the object being read (a repeated key,
 * which jloc cannot find by path: the path names the first of the two). */
__attribute__((format(printf, 4, 5)))
static int fail_member(jrd *r, const char *show, int member,
		       const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = jrd_vfail(r, r->path, show, 0, member, fmt, ap);
	va_end(ap);
	return rc;
}

int jrd_oom(jrd *r)
{
	return diag_nomem(r->d);
}

int jrd_missing(jrd *r, const char *key)
{
	return jrd_fail(r, "missing required key \"%s\"", key);
}

/* ------------------------------------------------------------------ */
/* Keys: known ones only, each once                                    */

static int unknown_key(jrd *r, const cJSON *c, const char *const *names)
{
	char q[96], list[400], h[128];
	size_t mark = jrd_key(r, c->string);
	int n = names_count(names);

	if (r->brief)
		jrd_fail_key(r, "unknown key \"%.60s\" (expected one of: %s)",
			     c->string, names_join(list, sizeof list, " ",
						   names, n, 0));
	else
		jrd_fail_key(r, "unknown key %s (expected one of: %s)%s",
			     names_quote(q, sizeof q, c->string),
			     names_join(list, sizeof list, ", ", names, n, 0),
			     names_hint(h, sizeof h, c->string, names, n));
	jrd_pop(r, mark);
	return -1;
}

/* Key c->string, member number `member` of the object being read, repeats
 * an earlier one: at the repeat, shown by its own path (brief: at the
 * object). */
static int dup_key(jrd *r, const cJSON *c, int member)
{
	char show[JRD_PATH_CAP], q[96];
	size_t slen = r->plen;

	if (r->brief)
		return jrd_fail(r, "duplicate key \"%.60s\"", c->string);
	memcpy(show, r->path, r->plen + 1);
	jloc_path_key(show, sizeof show, &slen, c->string);
	return fail_member(r, show, member, "duplicate key %s",
			   names_quote(q, sizeof q, c->string));
}

/* Comparing each key with those before it: with names, quadratic only in
 * the number of known keys (with more children than that, a repeat has
 * been met already); without, in the object's keys, which only herbie's
 * own catalogs read so (tens of entries). */
int jrd_check_keys(jrd *r, const cJSON *obj, const char *const *names)
{
	const cJSON *c, *e;
	int i = 0;

	cJSON_ArrayForEach(c, obj) {
		if (names && names_index(c->string, names) < 0)
			return unknown_key(r, c, names);
		for (e = obj->child; e != c; e = e->next)
			if (strcmp(e->string, c->string) == 0)
				return dup_key(r, c, i);
		i++;
	}
	return 0;
}

int jrd_keyref_cmp(const void *pa, const void *pb)
{
	const jrd_keyref *a = pa, *b = pb;
	int c = strcmp(a->k, b->k);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Sorting keeps this O(n log n) for the lists the user makes long. */
int jrd_first_dup(jrd *r, const char *const *keys, int n, int *dup,
		  int *orig)
{
	jrd_keyref *a;
	int i;

	*dup = *orig = -1;
	if (n < 2)
		return 0;
	if (!(a = hb_malloc((size_t)n * sizeof *a)))
		return jrd_oom(r);
	for (i = 0; i < n; i++)
		a[i] = (jrd_keyref){ keys[i], i };
	qsort(a, (size_t)n, sizeof *a, jrd_keyref_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(a[i].k, a[i - 1].k) == 0 &&
		    (i == 1 || strcmp(a[i - 1].k, a[i - 2].k) != 0) &&
		    (*dup < 0 || a[i].i < *dup)) {
			*dup = a[i].i;
			*orig = a[i - 1].i;
		}
	hb_free(a);
	return 0;
}

int jrd_check_unique(jrd *r, const cJSON *obj, int n)
{
	const char **keys;
	const cJSON *c;
	int i = 0, dup, orig, rc;

	if (!(keys = hb_malloc((size_t)(n ? n : 1) * sizeof *keys)))
		return jrd_oom(r);
	cJSON_ArrayForEach(c, obj)
		keys[i++] = c->string;
	rc = jrd_first_dup(r, keys, n, &dup, &orig);
	hb_free(keys);
	if (rc < 0 || dup < 0)
		return rc;
	for (c = obj->child, i = 0; i < dup; i++)
		c = c->next;
	return dup_key(r, c, dup);
}

/* ------------------------------------------------------------------ */
/* Ownership                                                           */

void jrd_own_release(jrd_own *o)
{
	for (int i = 0; i < o->n; i++)
		hb_free(o->p[i]);
	hb_free(o->p);
	o->p = NULL;
	o->n = o->cap = 0;
}

int jrd_adopt(jrd *r, void *p)
{
	jrd_own *o = r->own;

	HB_ASSERT(o != NULL);
	if (!p)
		return jrd_oom(r);
	if (o->n == o->cap) {
		int cap = o->cap ? 2 * o->cap : 64;
		void **a = hb_realloc(o->p, (size_t)cap * sizeof *a);

		if (!a) {
			hb_free(p);
			return jrd_oom(r);
		}
		o->p = a;
		o->cap = cap;
	}
	o->p[o->n++] = p;
	return 0;
}

const char *jrd_keep(jrd *r, const char *s)
{
	char *t = hb_strdup(s);

	return jrd_adopt(r, t) < 0 ? NULL : t;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

const char *jrd_num(char *buf, size_t n, double x)
{
	snprintf(buf, n, "%.15g", x);
	return buf;
}

static const char *const qty_hint[] = {
	[UNIT_DURATION] = "a number of seconds or a string like \"8ms\"",
	[UNIT_SIZE] = "a number of bytes or a string like \"600KB\"",
	[UNIT_BANDWIDTH] = ("a number of bytes per second or a string like "
			    "\"64GB/s\""),
	[UNIT_RATE] = "a number per second or a string like \"300/s\"",
	[UNIT_COUNT] = "a number or a string like \"7B\"",
};

int jrd_get_qty(jrd *r, const cJSON *v, unit_kind k, double *out)
{
	char err[160], q[96];

	if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return jrd_fail(r, "the number is out of range");
		*out = v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v) && v->valuestring) {
		if (unit_parse(k, v->valuestring, out, err, sizeof err) < 0)
			return jrd_fail(r, "%s %s",
					names_quote(q, sizeof q,
						    v->valuestring), err);
		return 0;
	}
	return jrd_fail(r, "expected %s (%s), got %s", unit_noun(k),
			qty_hint[k], names_type(v));
}

/* The catalogs' integers: plain JSON numbers, whole, in [lo, hi]. */
static int get_whole(jrd *r, const cJSON *v, int64_t lo, int64_t hi,
		     int64_t *out)
{
	double x;

	if (!cJSON_IsNumber(v))
		return jrd_fail(r, "expected a whole number, got %s",
				names_type(v));
	x = v->valuedouble;
	if (x != floor(x) || x < (double)lo || x > (double)hi)
		return jrd_fail(r, "must be a whole number from %lld to %lld",
				(long long)lo, (long long)hi);
	*out = (int64_t)x;
	return 0;
}

int jrd_get_int(jrd *r, const cJSON *v, int64_t lo, int64_t hi,
		int64_t *out)
{
	char b[40], q[96];
	double x;

	/* From 2^53 on, two integers can read as one double (2^53 + 1 as
	 * 2^53): a bound there would take a number that is not the one
	 * written. */
	HB_ASSERT(lo > -(INT64_C(1) << 53) && hi < (INT64_C(1) << 53));
	if (r->brief)
		return get_whole(r, v, lo, hi, out);
	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring) {
		if (unit_parse(UNIT_COUNT, v->valuestring, &x, NULL, 0) < 0)
			return jrd_fail(r, "%s is not an integer",
					names_quote(q, sizeof q,
						    v->valuestring));
	} else {
		return jrd_fail(r, "expected an integer, got %s",
				names_type(v));
	}
	if (!isfinite(x))
		return jrd_fail(r, "the number is out of range");
	if (x != floor(x))
		return jrd_fail(r, "expected an integer, got %s",
				jrd_num(b, sizeof b, x));
	if (x < (double)lo)
		return lo == 0 ? jrd_fail(r, "must not be negative")
			       : jrd_fail(r, "must be at least %lld",
					  (long long)lo);
	if (x > (double)hi)
		return jrd_fail(r, "must be at most %lld", (long long)hi);
	*out = (int64_t)x;
	return 0;
}

int jrd_get_num(jrd *r, const cJSON *v, double lo, double hi, double *out)
{
	char b[40];

	if (!cJSON_IsNumber(v))
		return jrd_fail(r, "expected a number, got %s", names_type(v));
	*out = v->valuedouble;
	if (!isfinite(*out))
		return jrd_fail(r, "the number is out of range");
	if (lo == 0 && hi == 1 && (*out < 0 || *out > 1))
		return jrd_fail(r, "must be between 0 and 1");
	if (*out < lo)
		return lo == 0 ? jrd_fail(r, "must not be negative")
			       : jrd_fail(r, "must be at least %s",
					  jrd_num(b, sizeof b, lo));
	if (*out > hi)
		return jrd_fail(r, "must be at most %s",
				jrd_num(b, sizeof b, hi));
	return 0;
}

int jrd_get_bool(jrd *r, const cJSON *v, int *out)
{
	if (!cJSON_IsBool(v))
		return jrd_fail(r, "expected true or false, got %s",
				names_type(v));
	*out = cJSON_IsTrue(v);
	return 0;
}

/* At the value being read, or at its key. */
__attribute__((format(printf, 3, 4)))
static int fail_here(jrd *r, int at_key, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = jrd_vfail(r, r->path, r->path, at_key, -1, fmt, ap);
	va_end(ap);
	return rc;
}

/* s is UTF-8 (jrd_parse checked the file's strings; --set's come from
 * the command line) and holds no control character that its kind need
 * refuses: 0, or -1 placed at the value (at its key with at_key). */
static int check_text(jrd *r, const char *s, int need, int at_key)
{
	size_t n = strlen(s);
	char q[96];
	long cp;

	if (utf8_check(s, n) != n)
		return fail_here(r, at_key, "%s is not UTF-8 text",
				 names_quote(q, sizeof q, s));
	if ((cp = utf8_find_control(s, need == JRD_TEXT ? "\n\t" : "",
				    NULL)) < 0)
		return 0;
	if (need == JRD_TEXT)
		return fail_here(r, at_key, "%s holds a control character "
				 "(U+%04lX): this text may hold line breaks "
				 "(\\n) and tabs, no other",
				 names_quote(q, sizeof q, s), cp);
	return fail_here(r, at_key, "%s holds a control character (U+%04lX): "
			 "herbie prints it as it is, so it must be printable "
			 "text on one line", names_quote(q, sizeof q, s), cp);
}

int jrd_check_name(jrd *r, const char *s)
{
	return check_text(r, s, JRD_NONEMPTY, 1);
}

int jrd_get_string(jrd *r, const cJSON *v, int need, const char **out)
{
	const char *s;

	if (!cJSON_IsString(v) || !v->valuestring)
		return jrd_fail(r, "expected a string, got %s", names_type(v));
	s = v->valuestring;
	if (need == JRD_NONBLANK)
		while (*s == ' ' || *s == '\t')
			s++;
	if (need != JRD_ANY && need != JRD_TEXT && !*s)
		return jrd_fail(r, "must not be empty");
	if (check_text(r, v->valuestring, need, 0) < 0)
		return -1;
	*out = v->valuestring;
	return 0;
}

int jrd_get_word(jrd *r, const cJSON *v, const char *const *names,
		 int *out)
{
	char q[96], list[200], h[128];
	int n = names_count(names);

	if (!cJSON_IsString(v) || !v->valuestring)
		return jrd_fail(r, "expected one of: %s; got %s",
				names_join(list, sizeof list, ", ", names, n, 0),
				names_type(v));
	if ((*out = names_index(v->valuestring, names)) < 0)
		return jrd_fail(r, "unknown value %s (expected one of: %s)%s",
				names_quote(q, sizeof q, v->valuestring),
				names_join(list, sizeof list, ", ", names, n,
					   0),
				names_hint(h, sizeof h, v->valuestring, names,
					   n));
	return 0;
}

int jrd_get_list(jrd *r, const cJSON *v, const char *what, int min,
		 int max, int *n)
{
	const cJSON *e;

	if (!cJSON_IsArray(v))
		return jrd_fail(r, "expected a list of %s, got %s", what,
				names_type(v));
	*n = 0;
	cJSON_ArrayForEach(e, v)
		if (++*n > max)
			return jrd_fail(r, "must have at most %d %s", max,
					what);
	if (*n < min)
		return min == 1 ? jrd_fail(r, "must not be empty")
				: jrd_fail(r, "must have at least %d %s", min,
					   what);
	return 0;
}
