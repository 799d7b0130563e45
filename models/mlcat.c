/*
 * mlcat.c: the ML catalog (models and runtimes), read from the JSON files
 * compiled into herbie (models/catalog/, tools/embed.sh).
 *
 * The reading is as strict as cat.c's (STYLE.md 9): every object's
 * children are walked in document order, so an unknown or duplicate key,
 * a figure without a source, a bad unit or an implausible value is an
 * error naming its file, line:col and JSON path. The data is herbie's own,
 * so such an error is a defect in a data edit; t_ml.c loads the real files
 * and feeds broken copies to check that each is caught.
 *
 * Invariants once mlcat_load returns 0: every figure present has a value
 * > 0, finite, in SI base units, under its kind's ceiling, with a
 * non-blank source; efficiencies are in (0, 1]; whole figures (layers,
 * heads, sizes) are whole; a model's transformer shape is all there or
 * all absent, with layers when there, and kv_heads x head_dim <= hidden;
 * a runtime's id is "<runtime>-<precision>" with a precision cat.h knows.
 *
 * Ownership: every string the entries point to is recorded in one list
 * (mlcat.own) and released with the catalog; error paths just return and
 * mlcat_free releases whatever was built.
 *
 * Workload: one load per run, a handful of entries; lookups are linear.
 * The helpers repeat a few of cat.c's (paths, figures): they are static
 * there, and the two catalogs are read by different modules.
 */
#include "mlcat.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "scenario/jloc.h"
#include "scenario/unit.h"

#define PATH_CAP	512
#define MAX_ENTRIES	10000	/* per file; the catalog has a few */
#define MAX_ID		63

struct mlcat {
	mlcat_model *mod;
	int nmod;
	mlcat_runtime *rt;
	int nrt;
	void **own;
	int nown, capown;
};

/* One file being read; path always names the value being read. */
typedef struct rd {
	mlcat *c;
	diag *d;
	const char *file, *text;
	size_t len, plen;
	char path[PATH_CAP];
} rd;

static const char *const prec_names[CAT_NPREC] = {
	"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4",
};

int mlcat_prec_parse(const char *name, enum cat_prec *out)
{
	for (int p = 0; p < CAT_NPREC; p++)
		if (name && !strcmp(name, prec_names[p])) {
			*out = (enum cat_prec)p;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Ownership                                                           */

static int oom(rd *r)
{
	return diag_msg(r->d, "", "out of memory");
}

/* Record p (from hb_malloc) as owned; on failure p is freed, -1. */
static int own(rd *r, void *p)
{
	mlcat *c = r->c;

	if (!p)
		return oom(r);
	if (c->nown == c->capown) {
		int cap = c->capown ? 2 * c->capown : 64;
		void **a = hb_realloc(c->own, (size_t)cap * sizeof *a);

		if (!a) {
			hb_free(p);
			return oom(r);
		}
		c->own = a;
		c->capown = cap;
	}
	c->own[c->nown++] = p;
	return 0;
}

static const char *keep(rd *r, const char *s)
{
	char *t = hb_strdup(s);

	return own(r, t) < 0 ? NULL : t;
}

/* ------------------------------------------------------------------ */
/* Paths and errors                                                    */

static void path_put(rd *r, char ch)
{
	if (r->plen + 1 < sizeof r->path) {
		r->path[r->plen++] = ch;
		r->path[r->plen] = '\0';
	}
}

/* A key that can stand bare in a path (jloc.h); others are ["key"]. */
static int plain_key(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

/* Append key k; returns the mark to pop back to. */
static size_t path_key(rd *r, const char *k)
{
	size_t mark = r->plen;

	if (plain_key(k)) {
		if (r->plen)
			path_put(r, '.');
		while (*k)
			path_put(r, *k++);
		return mark;
	}
	path_put(r, '[');
	path_put(r, '"');
	for (; *k; k++) {
		if (*k == '"' || *k == '\\')
			path_put(r, '\\');
		path_put(r, *k);
	}
	path_put(r, '"');
	path_put(r, ']');
	return mark;
}

static void path_pop(rd *r, size_t mark)
{
	r->plen = mark;
	r->path[mark] = '\0';
}

static int vfail(rd *r, int want_key, const char *fmt, va_list ap)
{
	char msg[sizeof r->d->msg];
	long off;

	vsnprintf(msg, sizeof msg, fmt, ap);
	off = jloc_find(r->text, r->len, r->path, want_key);
	return diag_at(r->d, r->file, r->text, r->len, off, r->path, "%s",
		       msg);
}

/* At the value being read. */
__attribute__((format(printf, 2, 3)))
static int fail(rd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, 0, fmt, ap);
	va_end(ap);
	return rc;
}

/* At the key of the value being read. */
__attribute__((format(printf, 2, 3)))
static int fail_key(rd *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(r, 1, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *type_name(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsArray(v))
		return "a list";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	return "null";
}

static int in_list(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return 1;
	return 0;
}

/* Every key of obj is in names (NULL: any key) and none repeats; the
 * repeat check is quadratic in one object's keys, a dozen at most. */
static int check_keys(rd *r, const cJSON *obj, const char *const *names)
{
	const cJSON *ch, *e;

	cJSON_ArrayForEach(ch, obj) {
		if (names && !in_list(ch->string, names)) {
			char list[400];
			size_t o = 0, mark;

			list[0] = '\0';
			for (int i = 0; names[i] && o + 1 < sizeof list; i++)
				o += (size_t)snprintf(list + o, sizeof list - o,
						      "%s%s", i ? " " : "",
						      names[i]);
			mark = path_key(r, ch->string);
			fail_key(r, "unknown key \"%.60s\" (expected one of: "
				 "%s)", ch->string, list);
			path_pop(r, mark);
			return -1;
		}
		for (e = obj->child; e != ch; e = e->next)
			if (!strcmp(e->string, ch->string))
				return fail(r, "duplicate key \"%.60s\"",
					    ch->string);
	}
	return 0;
}

static int missing(rd *r, const char *key)
{
	return fail(r, "missing required key \"%s\"", key);
}

/* An id: letters, digits, '.', '_', '-', '+', at most MAX_ID. */
static int check_id(rd *r, const char *s)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= MAX_ID;

	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		     *p == '-' || *p == '+';
	if (!ok)
		return fail_key(r, "\"%.60s\" is not a valid id (1 to %d "
				"letters, digits, '.', '_', '-', '+')", s,
				MAX_ID);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* What a figure measures: its units and its range. The ceilings catch a
 * value typed in the wrong unit (a model of 1e16 parameters), not a
 * physical law. */
enum fk {
	FK_COUNT,	/* a count: a number or "25.6M" */
	FK_WHOLE,	/* a whole count: layers, heads, widths */
	FK_SIZE,	/* bytes */
	FK_TIME,	/* seconds */
	FK_FRAC,	/* a fraction in (0, 1] */
};

static const struct {
	unit_kind unit;
	double max;
	const char *what;
} fkinds[] = {
	[FK_COUNT] = { UNIT_COUNT, 1e16, "a count" },
	[FK_WHOLE] = { UNIT_COUNT, 1e6, "a whole number" },
	[FK_SIZE] = { UNIT_SIZE, 1e13, "a size" },
	[FK_TIME] = { UNIT_DURATION, 10, "a duration" },
	[FK_FRAC] = { UNIT_COUNT, 1, "a fraction" },
};

/* v as a value of kind k, in base units: > 0, finite, at most the
 * kind's ceiling, whole where it must be. */
static int get_value(rd *r, const cJSON *v, enum fk k, double *out)
{
	char err[200];
	double x;

	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
	} else if (cJSON_IsString(v) && k != FK_FRAC && k != FK_WHOLE) {
		if (unit_parse(fkinds[k].unit, v->valuestring, &x, err,
			       sizeof err) < 0)
			return fail(r, "\"%.60s\" %s", v->valuestring, err);
	} else {
		return fail(r, "expected %s, got %s", fkinds[k].what,
			    type_name(v));
	}
	if (!isfinite(x) || x <= 0)
		return fail(r, "must be more than 0");
	if (k == FK_FRAC && x > 1)
		return fail(r, "must be a fraction in (0, 1], got %g", x);
	if (x > fkinds[k].max)
		return fail(r, "%g is implausibly large for %s (at most %g)", x,
			    fkinds[k].what, fkinds[k].max);
	if (k == FK_WHOLE && x != floor(x))
		return fail(r, "must be a whole number, got %g", x);
	*out = x;
	return 0;
}

/* A non-blank string, kept. */
static int get_text(rd *r, const cJSON *v, const char **out)
{
	const char *s;

	if (!cJSON_IsString(v))
		return fail(r, "expected a string, got %s", type_name(v));
	for (s = v->valuestring; *s == ' ' || *s == '\t'; s++)
		;
	if (!*s)
		return fail(r, "must not be empty");
	*out = keep(r, v->valuestring);
	return *out ? 0 : -1;
}

/* A figure: {"value": V, "source": "where it comes from"}. */
static int get_fig(rd *r, const cJSON *v, enum fk k, cat_fig *out)
{
	static const char *const keys[] = { "value", "source", NULL };
	const cJSON *val, *src;
	size_t mark;

	if (!cJSON_IsObject(v))
		return fail(r, "expected a figure {\"value\": ..., \"source\": "
			    "\"...\"}, got %s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	val = cJSON_GetObjectItemCaseSensitive(v, "value");
	src = cJSON_GetObjectItemCaseSensitive(v, "source");
	if (!val)
		return missing(r, "value");
	if (!src)
		return fail(r, "a figure needs a \"source\": the document, "
			    "measurement or derivation it comes from");
	mark = path_key(r, "value");
	if (get_value(r, val, k, &out->v) < 0)
		return -1;
	path_pop(r, mark);
	mark = path_key(r, "source");
	if (get_text(r, src, &out->source) < 0)
		return -1;
	path_pop(r, mark);
	return 0;
}

static cat_fig no_fig(void)
{
	return (cat_fig){ NAN, NULL };
}

/* ------------------------------------------------------------------ */
/* Models                                                              */

typedef struct field {
	const char *key;
	enum fk k;
	size_t off;
	int required;
} field;

static const field mfields[] = {
	{ "params", FK_COUNT, offsetof(mlcat_model, params), 1 },
	{ "flops_per_item", FK_COUNT, offsetof(mlcat_model, flops_per_item),
	  1 },
	{ "activation_bytes_per_item", FK_SIZE,
	  offsetof(mlcat_model, activation_bytes_per_item), 1 },
	{ "layers", FK_WHOLE, offsetof(mlcat_model, layers), 0 },
	{ "kv_heads", FK_WHOLE, offsetof(mlcat_model, kv_heads), 0 },
	{ "head_dim", FK_WHOLE, offsetof(mlcat_model, head_dim), 0 },
	{ "hidden", FK_WHOLE, offsetof(mlcat_model, hidden), 0 },
};
#define NMFIELDS ((int)(sizeof mfields / sizeof mfields[0]))

static const char *const model_keys[] = {
	"name", "item", "params", "flops_per_item",
	"activation_bytes_per_item", "layers", "kv_heads", "head_dim",
	"hidden", NULL,
};

static const field *field_find(const field *f, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return &f[i];
	return NULL;
}

/* The transformer shape: all of kv_heads, head_dim and hidden or none;
 * layers with them; the key/value width within the hidden width. The
 * error sits at the model (its path is the entry's). */
static int model_shape(rd *r, const mlcat_model *m)
{
	int have = !isnan(m->kv_heads.v) + !isnan(m->head_dim.v) +
		   !isnan(m->hidden.v);

	if (have != 0 && have != 3)
		return fail(r, "a transformer's shape needs all of kv_heads, "
			    "head_dim and hidden (%d of 3 given)", have);
	if (have && isnan(m->layers.v))
		return missing(r, "layers");
	if (have && m->kv_heads.v * m->head_dim.v > m->hidden.v)
		return fail(r, "kv_heads x head_dim = %g is more than hidden "
			    "%g", m->kv_heads.v * m->head_dim.v, m->hidden.v);
	return 0;
}

static int read_model(rd *r, const cJSON *v, mlcat_model *m)
{
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object (the model's fields), got "
			    "%s", type_name(v));
	if (check_keys(r, v, model_keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const field *f = field_find(mfields, NMFIELDS, ch->string);
		size_t mark = path_key(r, ch->string);
		int rc;

		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)m + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = get_text(r, ch, &m->name);
		else
			rc = get_text(r, ch, &m->item);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	if (!m->name)
		return missing(r, "name");
	if (!m->item)
		return missing(r, "item");
	for (int i = 0; i < NMFIELDS; i++)
		if (mfields[i].required &&
		    isnan(((cat_fig *)((char *)m + mfields[i].off))->v))
			return missing(r, mfields[i].key);
	return model_shape(r, m);
}

static void model_init(mlcat_model *m, const char *id)
{
	memset(m, 0, sizeof *m);
	m->id = id;
	for (int i = 0; i < NMFIELDS; i++)
		*(cat_fig *)((char *)m + mfields[i].off) = no_fig();
}

/* ------------------------------------------------------------------ */
/* Runtimes                                                            */

static const field rfields[] = {
	{ "compute_efficiency", FK_FRAC,
	  offsetof(mlcat_runtime, compute_efficiency), 1 },
	{ "memory_efficiency", FK_FRAC,
	  offsetof(mlcat_runtime, memory_efficiency), 1 },
	{ "launch_overhead", FK_TIME,
	  offsetof(mlcat_runtime, launch_overhead), 1 },
};
#define NRFIELDS ((int)(sizeof rfields / sizeof rfields[0]))

static const char *const runtime_keys[] = {
	"name", "compute_efficiency", "memory_efficiency", "launch_overhead",
	NULL,
};

/* "<runtime>-<precision>", split at the last '-'. */
static int runtime_id(rd *r, mlcat_runtime *rt)
{
	const char *dash = strrchr(rt->id, '-');
	char *name;

	if (!dash || dash == rt->id ||
	    mlcat_prec_parse(dash + 1, &rt->prec) < 0)
		return fail_key(r, "\"%.60s\" is not <runtime>-<precision> "
				"(precisions: fp64 fp32 tf32 bf16 fp16 fp8 "
				"int8 int4)", rt->id);
	rt->precision = prec_names[rt->prec];
	if (!(name = hb_malloc((size_t)(dash - rt->id) + 1)) ||
	    own(r, name) < 0)
		return oom(r);
	memcpy(name, rt->id, (size_t)(dash - rt->id));
	name[dash - rt->id] = '\0';
	rt->runtime = name;
	return 0;
}

static int read_runtime(rd *r, const cJSON *v, mlcat_runtime *rt)
{
	const cJSON *ch;

	if (runtime_id(r, rt) < 0)
		return -1;
	if (!cJSON_IsObject(v))
		return fail(r, "expected an object (the runtime's fields), got "
			    "%s", type_name(v));
	if (check_keys(r, v, runtime_keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const field *f = field_find(rfields, NRFIELDS, ch->string);
		size_t mark = path_key(r, ch->string);
		int rc = f ? get_fig(r, ch, f->k,
				     (cat_fig *)((char *)rt + f->off)) :
			     get_text(r, ch, &rt->name);

		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	if (!rt->name)
		return missing(r, "name");
	for (int i = 0; i < NRFIELDS; i++)
		if (isnan(((cat_fig *)((char *)rt + rfields[i].off))->v))
			return missing(r, rfields[i].key);
	return 0;
}

static void runtime_init(mlcat_runtime *rt, const char *id)
{
	memset(rt, 0, sizeof *rt);
	rt->id = id;
	for (int i = 0; i < NRFIELDS; i++)
		*(cat_fig *)((char *)rt + rfields[i].off) = no_fig();
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

enum { F_MODELS, F_RUNTIMES, NFILES };
static const char *const file_names[NFILES] = {
	"models.json", "runtimes.json",
};

static int read_entries(rd *r, const cJSON *root, int which)
{
	mlcat *c = r->c;
	const cJSON *ch;
	int n = cJSON_GetArraySize(root), i = 0;
	size_t esz = which == F_MODELS ? sizeof *c->mod : sizeof *c->rt;
	void *a;

	if (!cJSON_IsObject(root))
		return fail(r, "expected an object of entries by id, got %s",
			    type_name(root));
	if (n > MAX_ENTRIES)
		return fail(r, "more than %d entries", MAX_ENTRIES);
	if (check_keys(r, root, NULL) < 0)
		return -1;
	if (!(a = hb_calloc((size_t)(n ? n : 1), esz)))
		return oom(r);
	if (which == F_MODELS)
		c->mod = a;
	else
		c->rt = a;
	cJSON_ArrayForEach(ch, root) {
		size_t mark = path_key(r, ch->string);
		const char *id;
		int rc;

		if (check_id(r, ch->string) < 0 ||
		    !(id = keep(r, ch->string)))
			return -1;
		if (which == F_MODELS) {
			model_init(&c->mod[i], id);
			c->nmod = i + 1;
			rc = read_model(r, ch, &c->mod[i]);
		} else {
			runtime_init(&c->rt[i], id);
			c->nrt = i + 1;
			rc = read_runtime(r, ch, &c->rt[i]);
		}
		if (rc < 0)
			return -1;
		path_pop(r, mark);
		i++;
	}
	return 0;
}

static int read_file(mlcat *c, const struct embed_file *f, int which,
		     diag *d)
{
	rd r = { .c = c, .d = d, .file = f->name, .text = f->text };
	const char *end = NULL;
	cJSON *root;
	int rc;

	r.len = strlen(f->text);
	/* The length counts the NUL (STYLE.md 9). */
	root = cJSON_ParseWithLengthOpts(f->text, r.len + 1, &end, 1);
	if (!root)
		return diag_at(d, f->name, f->text, r.len,
			       end ? (long)(end - f->text) : -1, "",
			       "invalid JSON");
	rc = read_entries(&r, root, which);
	cJSON_Delete(root);
	return rc;
}

int mlcat_load_files(mlcat **out, const struct embed_file *files, int n,
		     diag *d)
{
	const struct embed_file *f[NFILES] = { NULL };
	mlcat *c;

	*out = NULL;
	diag_clear(d);
	for (int i = 0; i < n; i++)
		for (int w = 0; w < NFILES; w++) {
			if (strcmp(files[i].name, file_names[w]))
				continue;
			if (f[w])
				return diag_msg(d, "", "catalog file %s is "
						"there twice", file_names[w]);
			f[w] = &files[i];
		}
	for (int w = 0; w < NFILES; w++)
		if (!f[w])
			return diag_msg(d, "", "catalog file %s is missing",
					file_names[w]);
	if (!(c = hb_calloc(1, sizeof *c)))
		return diag_msg(d, "", "out of memory");
	for (int w = 0; w < NFILES; w++)
		if (read_file(c, f[w], w, d) < 0) {
			mlcat_free(c);
			return -1;
		}
	*out = c;
	return 0;
}

int mlcat_load(mlcat **out, diag *d)
{
	return mlcat_load_files(out, embed_files, embed_nfiles, d);
}

void mlcat_free(mlcat *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nown; i++)
		hb_free(c->own[i]);
	hb_free(c->own);
	hb_free(c->mod);
	hb_free(c->rt);
	hb_free(c);
}

/* ------------------------------------------------------------------ */
/* Lookups                                                             */

int mlcat_nmodels(const mlcat *c)
{
	return c->nmod;
}

const mlcat_model *mlcat_model_at(const mlcat *c, int i)
{
	HB_ASSERT(i >= 0 && i < c->nmod);
	return &c->mod[i];
}

int mlcat_nruntimes(const mlcat *c)
{
	return c->nrt;
}

const mlcat_runtime *mlcat_runtime_at(const mlcat *c, int i)
{
	HB_ASSERT(i >= 0 && i < c->nrt);
	return &c->rt[i];
}

const mlcat_model *mlcat_model_find(const mlcat *c, const char *id)
{
	for (int i = 0; i < c->nmod; i++)
		if (!strcmp(c->mod[i].id, id))
			return &c->mod[i];
	return NULL;
}

const mlcat_runtime *mlcat_runtime_find(const mlcat *c, const char *runtime,
					const char *precision)
{
	for (int i = 0; i < c->nrt; i++)
		if (!strcmp(c->rt[i].runtime, runtime) &&
		    !strcmp(c->rt[i].precision, precision))
			return &c->rt[i];
	return NULL;
}

const mlcat_runtime *mlcat_runtime_find_id(const mlcat *c, const char *id)
{
	for (int i = 0; i < c->nrt; i++)
		if (!strcmp(c->rt[i].id, id))
			return &c->rt[i];
	return NULL;
}
