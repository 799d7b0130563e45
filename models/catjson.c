/*
 * catjson.c: the JSON reading that cat.c and mlcat.c share (catjson.h).
 *
 * The reading is as strict as the scenario reader's (STYLE.md 9): every
 * object's children are walked in document order, unknown and duplicate
 * keys are errors, and each error names its file, line:col and JSON path.
 * Positions are found only when an error is made: jloc re-scans the text
 * along r->path, which each reader keeps as a stack while it descends.
 *
 * Workload: one load per run of files of a few tens of KB; the key checks
 * are quadratic in the keys of one object, a few tens at most.
 */
#include "catjson.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "input/jloc.h"
#include "input/names.h"

/* ------------------------------------------------------------------ */
/* Files                                                               */

int cj_find_files(const struct embed_file *files, int n,
		  const char *const *names, int nnames,
		  const struct embed_file **found, diag *d)
{
	diag_clear(d);
	for (int w = 0; w < nnames; w++)
		found[w] = NULL;
	for (int i = 0; i < n; i++)
		for (int w = 0; w < nnames; w++) {
			if (strcmp(files[i].name, names[w]))
				continue;
			if (found[w])
				return diag_msg(d, "", "catalog file %s is "
						"there twice", names[w]);
			found[w] = &files[i];
		}
	for (int w = 0; w < nnames; w++)
		if (!found[w])
			return diag_msg(d, "", "catalog file %s is missing",
					names[w]);
	return 0;
}

static int read_one(const struct embed_file *f, int i, cj_own *own, diag *d,
		    cj_file_fn read, void *ctx)
{
	cj_rd r = { .own = own, .d = d, .file = f->name, .text = f->text };
	const char *end = NULL;
	cJSON *root;
	int rc;

	r.len = strlen(f->text);
	/* The length counts the NUL (STYLE.md 9: 1.7.15 rejects valid input
	 * without it). */
	root = cJSON_ParseWithLengthOpts(f->text, r.len + 1, &end, 1);
	if (!root)
		return diag_at(d, f->name, f->text, r.len,
			       end ? (long)(end - f->text) : -1, "",
			       "invalid JSON");
	rc = read(&r, root, i, ctx);
	cJSON_Delete(root);
	return rc;
}

int cj_read_files(const struct embed_file *const *f, int nf, cj_own *own,
		  diag *d, cj_file_fn read, void *ctx)
{
	for (int i = 0; i < nf; i++)
		if (read_one(f[i], i, own, d, read, ctx) < 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Ownership                                                           */

void cj_own_release(cj_own *o)
{
	for (int i = 0; i < o->n; i++)
		hb_free(o->p[i]);
	hb_free(o->p);
	o->p = NULL;
	o->n = o->cap = 0;
}

int cj_oom(cj_rd *r)
{
	return diag_msg(r->d, "", "out of memory");
}

int cj_adopt(cj_rd *r, void *p)
{
	cj_own *o = r->own;

	if (!p)
		return cj_oom(r);
	if (o->n == o->cap) {
		int cap = o->cap ? 2 * o->cap : 64;
		void **a = hb_realloc(o->p, (size_t)cap * sizeof *a);

		if (!a) {
			hb_free(p);
			return cj_oom(r);
		}
		o->p = a;
		o->cap = cap;
	}
	o->p[o->n++] = p;
	return 0;
}

const char *cj_keep(cj_rd *r, const char *s)
{
	char *t = hb_strdup(s);

	return cj_adopt(r, t) < 0 ? NULL : t;
}

/* ------------------------------------------------------------------ */
/* Paths and errors                                                    */

size_t cj_path_key(cj_rd *r, const char *k)
{
	size_t mark = r->plen;

	jloc_path_key(r->path, sizeof r->path, &r->plen, k);
	return mark;
}

size_t cj_path_index(cj_rd *r, int i)
{
	size_t mark = r->plen;

	jloc_path_index(r->path, sizeof r->path, &r->plen, i);
	return mark;
}

void cj_path_pop(cj_rd *r, size_t mark)
{
	r->plen = mark;
	r->path[mark] = '\0';
}

static int vfail(cj_rd *r, int want_key, const char *fmt, va_list ap)
{
	char msg[sizeof r->d->msg];
	long off;

	vsnprintf(msg, sizeof msg, fmt, ap);
	off = jloc_find(r->text, r->len, r->path, want_key);
	return diag_at(r->d, r->file, r->text, r->len, off, r->path, "%s",
		       msg);
}

int cj_fail(cj_rd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, 0, fmt, ap);
	va_end(ap);
	return rc;
}

int cj_fail_key(cj_rd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, 1, fmt, ap);
	va_end(ap);
	return rc;
}

int cj_missing(cj_rd *r, const char *key)
{
	return cj_fail(r, "missing required key \"%s\"", key);
}

/* ------------------------------------------------------------------ */
/* Keys and values                                                     */

/* The repeat check compares each key with those before it: quadratic in
 * the keys of one object, which are a few tens at most. */
int cj_check_keys(cj_rd *r, const cJSON *obj, const char *const *names)
{
	const cJSON *ch, *e;

	cJSON_ArrayForEach(ch, obj) {
		if (names && names_index(ch->string, names) < 0) {
			char list[400];
			size_t mark = cj_path_key(r, ch->string);

			cj_fail_key(r, "unknown key \"%.60s\" (expected one "
				    "of: %s)", ch->string,
				    names_join(list, sizeof list, " ", names,
					       names_count(names), 0));
			cj_path_pop(r, mark);
			return -1;
		}
		for (e = obj->child; e != ch; e = e->next)
			if (!strcmp(e->string, ch->string))
				return cj_fail(r, "duplicate key \"%.60s\"",
					       ch->string);
	}
	return 0;
}

int cj_check_id(cj_rd *r, const char *s, const char *what)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= CJ_MAX_ID;

	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		     *p == '-' || *p == '+';
	if (!ok)
		return cj_fail_key(r, "\"%.60s\" is not a valid %s (1 to %d "
				   "letters, digits, '.', '_', '-', '+')", s,
				   what, CJ_MAX_ID);
	return 0;
}

int cj_get_text(cj_rd *r, const cJSON *v, const char **out)
{
	const char *s;

	if (!cJSON_IsString(v))
		return cj_fail(r, "expected a string, got %s", names_type(v));
	for (s = v->valuestring; *s == ' ' || *s == '\t'; s++)
		;
	if (!*s)
		return cj_fail(r, "must not be empty");
	*out = cj_keep(r, v->valuestring);
	return *out ? 0 : -1;
}

int cj_get_fig(cj_rd *r, const cJSON *v, cj_value_fn get, int kind,
	       const char *what, cat_fig *out)
{
	static const char *const keys[] = { "value", "source", NULL };
	const cJSON *val, *src;
	size_t mark;

	if (!cJSON_IsObject(v))
		return cj_fail(r, "expected a figure {\"value\": ..., "
			       "\"source\": \"...\"}, got %s", names_type(v));
	if (cj_check_keys(r, v, keys) < 0)
		return -1;
	val = cJSON_GetObjectItemCaseSensitive(v, "value");
	src = cJSON_GetObjectItemCaseSensitive(v, "source");
	if (!val)
		return cj_missing(r, "value");
	if (!src)
		return cj_fail(r, "a figure needs a \"source\": %s it comes "
			       "from", what);
	mark = cj_path_key(r, "value");
	if (get(r, val, kind, &out->v) < 0)
		return -1;
	cj_path_pop(r, mark);
	mark = cj_path_key(r, "source");
	if (cj_get_text(r, src, &out->source) < 0)
		return -1;
	cj_path_pop(r, mark);
	return 0;
}

cat_fig cj_no_fig(void)
{
	return (cat_fig){ NAN, NULL };
}

/* ------------------------------------------------------------------ */
/* Objects of entries                                                  */

void *cj_entries(cj_rd *r, const cJSON *v, const cj_table *t, void *ctx,
		 int *n)
{
	int count = cJSON_GetArraySize(v), i = 0;
	const cJSON *ch;
	char *a;

	if (!cJSON_IsObject(v) || (t->nonempty && count == 0)) {
		cj_fail(r, "expected an object of %s by %s, got %s", t->what,
			t->by, cJSON_IsObject(v) ? "an empty object" :
			names_type(v));
		return NULL;
	}
	if (count > CJ_MAX_ENTRIES) {
		cj_fail(r, "more than %d %s", CJ_MAX_ENTRIES, t->what);
		return NULL;
	}
	if (cj_check_keys(r, v, NULL) < 0)
		return NULL;
	/* One element at least: calloc(0) may return NULL. */
	a = hb_calloc((size_t)(count ? count : 1), t->size);
	if (cj_adopt(r, a) < 0)
		return NULL;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = cj_path_key(r, ch->string);
		const char *key;

		if (cj_check_id(r, ch->string, t->key) < 0 ||
		    !(key = cj_keep(r, ch->string)) ||
		    t->read(r, ch, a + (size_t)i * t->size, key, ctx) < 0)
			return NULL;
		cj_path_pop(r, mark);
		i++;
	}
	*n = count;
	return a;
}
