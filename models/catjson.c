/*
 * catjson.c: the catalog reading that cat.c and mlcat.c share
 * (catjson.h), on the JSON toolkit the scenario reader uses too
 * (input/jrd.h): as strict as it (STYLE.md 9), every object's children
 * walked in document order, unknown and duplicate keys errors, each error
 * naming its file, line:col and JSON path.
 *
 * Workload: one load per run of files of a few tens of KB; the key checks
 * are quadratic in the keys of one object, a few tens at most.
 */
#include "catjson.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
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

static int read_one(const struct embed_file *f, int i, jrd_own *own,
		    diag *d, cj_file_fn read, void *ctx)
{
	cJSON *root;
	jrd r;
	int rc;

	jrd_init(&r, f->name, f->text, strlen(f->text), d);
	r.brief = 1;
	r.own = own;
	if (jrd_parse(&r, &root) < 0)
		return -1;
	rc = read(&r, root, i, ctx);
	cJSON_Delete(root);
	return rc;
}

int cj_read_files(const struct embed_file *const *f, int nf, jrd_own *own,
		  diag *d, cj_file_fn read, void *ctx)
{
	for (int i = 0; i < nf; i++)
		if (read_one(f[i], i, own, d, read, ctx) < 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Keys and values                                                     */

/* s, named by its key, is an id: 1 to CJ_MAX_ID letters, digits, '.',
 * '_', '-' or '+' ('/' is kept for MIG partitions, "gpu0/1"); what says
 * which kind in the message ("id", "device name"). */
static int cj_check_id(jrd *r, const char *s, const char *what)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= CJ_MAX_ID;

	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		     *p == '-' || *p == '+';
	if (!ok)
		return jrd_fail_key(r, "\"%.60s\" is not a valid %s (1 to %d "
				    "letters, digits, '.', '_', '-', '+')", s,
				    what, CJ_MAX_ID);
	return 0;
}

int cj_get_text(jrd *r, const cJSON *v, const char **out)
{
	const char *s;

	if (jrd_get_string(r, v, JRD_NONBLANK, &s) < 0)
		return -1;
	*out = jrd_keep(r, s);
	return *out ? 0 : -1;
}

int cj_get_fig(jrd *r, const cJSON *v, cj_value_fn get, int kind,
	       const char *what, cat_fig *out)
{
	static const char *const keys[] = { "value", "source", NULL };
	const cJSON *val, *src;
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected a figure {\"value\": ..., "
				"\"source\": \"...\"}, got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	val = cJSON_GetObjectItemCaseSensitive(v, "value");
	src = cJSON_GetObjectItemCaseSensitive(v, "source");
	if (!val)
		return jrd_missing(r, "value");
	if (!src)
		return jrd_fail(r, "a figure needs a \"source\": %s it comes "
				"from", what);
	mark = jrd_key(r, "value");
	if (get(r, val, kind, &out->v) < 0)
		return -1;
	jrd_pop(r, mark);
	mark = jrd_key(r, "source");
	if (cj_get_text(r, src, &out->source) < 0)
		return -1;
	jrd_pop(r, mark);
	return 0;
}

cat_fig cj_no_fig(void)
{
	return (cat_fig){ NAN, NULL };
}

/* ------------------------------------------------------------------ */
/* Objects of entries                                                  */

void *cj_entries(jrd *r, const cJSON *v, const cj_table *t, void *ctx,
		 int *n)
{
	int count = cJSON_GetArraySize(v), i = 0;
	const cJSON *ch;
	char *a;

	if (!cJSON_IsObject(v) || (t->nonempty && count == 0)) {
		jrd_fail(r, "expected an object of %s by %s, got %s", t->what,
			 t->by, cJSON_IsObject(v) ? "an empty object" :
			 names_type(v));
		return NULL;
	}
	if (count > CJ_MAX_ENTRIES) {
		jrd_fail(r, "more than %d %s", CJ_MAX_ENTRIES, t->what);
		return NULL;
	}
	if (jrd_check_keys(r, v, NULL) < 0)
		return NULL;
	/* One element at least: calloc(0) may return NULL. */
	a = hb_calloc((size_t)(count ? count : 1), t->size);
	if (jrd_adopt(r, a) < 0)
		return NULL;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = jrd_key(r, ch->string);
		const char *key;

		if (cj_check_id(r, ch->string, t->key) < 0 ||
		    !(key = jrd_keep(r, ch->string)) ||
		    t->read(r, ch, a + (size_t)i * t->size, key, ctx) < 0)
			return NULL;
		jrd_pop(r, mark);
		i++;
	}
	*n = count;
	return a;
}
