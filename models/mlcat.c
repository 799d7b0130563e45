/*
 * mlcat.c: the ML catalog (models and runtimes), read from the JSON files
 * compiled into herbie (models/catalog/, tools/embed.sh).
 *
 * The reading (catjson.h) is as strict as cat.c's: every object's
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
 * Ownership: every string and array the entries point to is recorded in
 * one list (mlcat.own, a jrd_own) and released with the catalog; error
 * paths just return and mlcat_free releases whatever was built.
 *
 * Workload: one load per run, a handful of entries; lookups are linear.
 */
#include "mlcat.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "catjson.h"
#include "core/hb.h"
#include "input/names.h"
#include "input/unit.h"

struct mlcat {
	mlcat_model *mod;
	int nmod;
	mlcat_runtime *rt;
	int nrt;
	jrd_own own;
};

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

/* v as a value of kind k (an enum fk), in base units: > 0, finite, at
 * most the kind's ceiling, whole where it must be. */
static int get_value(jrd *r, const cJSON *v, int k, double *out)
{
	char err[200];
	double x;

	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
	} else if (cJSON_IsString(v) && k != FK_FRAC && k != FK_WHOLE) {
		if (unit_parse(fkinds[k].unit, v->valuestring, &x, err,
			       sizeof err) < 0)
			return jrd_fail(r, "\"%.60s\" %s", v->valuestring, err);
	} else {
		return jrd_fail(r, "expected %s, got %s", fkinds[k].what,
				names_type(v));
	}
	if (!isfinite(x) || x <= 0)
		return jrd_fail(r, "must be more than 0");
	if (k == FK_FRAC && x > 1)
		return jrd_fail(r, "must be a fraction in (0, 1], got %g", x);
	if (x > fkinds[k].max)
		return jrd_fail(r, "%g is implausibly large for %s (at most "
				"%g)", x, fkinds[k].what, fkinds[k].max);
	if (k == FK_WHOLE && x != floor(x))
		return jrd_fail(r, "must be a whole number, got %g", x);
	*out = x;
	return 0;
}

/* A figure: {"value": V, "source": "where it comes from"}. */
static int get_fig(jrd *r, const cJSON *v, enum fk k, cat_fig *out)
{
	return cj_get_fig(r, v, get_value, (int)k, "the document, "
			  "measurement or derivation", out);
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
static int model_shape(jrd *r, const mlcat_model *m)
{
	int have = !isnan(m->kv_heads.v) + !isnan(m->head_dim.v) +
		   !isnan(m->hidden.v);

	if (have != 0 && have != 3)
		return jrd_fail(r, "a transformer's shape needs all of "
				"kv_heads, head_dim and hidden (%d of 3 given)",
				have);
	if (have && isnan(m->layers.v))
		return jrd_missing(r, "layers");
	if (have && m->kv_heads.v * m->head_dim.v > m->hidden.v)
		return jrd_fail(r, "kv_heads x head_dim = %g is more than "
				"hidden %g", m->kv_heads.v * m->head_dim.v,
				m->hidden.v);
	return 0;
}

static int read_model(jrd *r, const cJSON *v, mlcat_model *m)
{
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object (the model's fields), "
				"got %s", names_type(v));
	if (jrd_check_keys(r, v, model_keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const field *f = field_find(mfields, NMFIELDS, ch->string);
		size_t mark = jrd_key(r, ch->string);
		int rc;

		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)m + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = cj_get_text(r, ch, &m->name);
		else
			rc = cj_get_text(r, ch, &m->item);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	if (!m->name)
		return jrd_missing(r, "name");
	if (!m->item)
		return jrd_missing(r, "item");
	for (int i = 0; i < NMFIELDS; i++)
		if (mfields[i].required &&
		    isnan(((cat_fig *)((char *)m + mfields[i].off))->v))
			return jrd_missing(r, mfields[i].key);
	return model_shape(r, m);
}

static void model_init(mlcat_model *m, const char *id)
{
	memset(m, 0, sizeof *m);
	m->id = id;
	for (int i = 0; i < NMFIELDS; i++)
		*(cat_fig *)((char *)m + mfields[i].off) = cj_no_fig();
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
static int runtime_id(jrd *r, mlcat_runtime *rt)
{
	const char *dash = strrchr(rt->id, '-');
	char *name;

	if (!dash || dash == rt->id ||
	    mlcat_prec_parse(dash + 1, &rt->prec) < 0)
		return jrd_fail_key(r, "\"%.60s\" is not <runtime>-<precision> "
				    "(precisions: fp64 fp32 tf32 bf16 fp16 fp8 "
				    "int8 int4)", rt->id);
	rt->precision = prec_names[rt->prec];
	name = hb_malloc((size_t)(dash - rt->id) + 1);
	if (jrd_adopt(r, name) < 0)
		return -1;
	memcpy(name, rt->id, (size_t)(dash - rt->id));
	name[dash - rt->id] = '\0';
	rt->runtime = name;
	return 0;
}

static int read_runtime(jrd *r, const cJSON *v, mlcat_runtime *rt)
{
	const cJSON *ch;

	if (runtime_id(r, rt) < 0)
		return -1;
	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object (the runtime's "
				"fields), got %s", names_type(v));
	if (jrd_check_keys(r, v, runtime_keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const field *f = field_find(rfields, NRFIELDS, ch->string);
		size_t mark = jrd_key(r, ch->string);
		int rc = f ? get_fig(r, ch, f->k,
				     (cat_fig *)((char *)rt + f->off)) :
			     cj_get_text(r, ch, &rt->name);

		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	if (!rt->name)
		return jrd_missing(r, "name");
	for (int i = 0; i < NRFIELDS; i++)
		if (isnan(((cat_fig *)((char *)rt + rfields[i].off))->v))
			return jrd_missing(r, rfields[i].key);
	return 0;
}

static void runtime_init(mlcat_runtime *rt, const char *id)
{
	memset(rt, 0, sizeof *rt);
	rt->id = id;
	for (int i = 0; i < NRFIELDS; i++)
		*(cat_fig *)((char *)rt + rfields[i].off) = cj_no_fig();
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

enum { F_MODELS, F_RUNTIMES, NFILES };
static const char *const file_names[NFILES] = {
	"models.json", "runtimes.json",
};

static int model_entry(jrd *r, const cJSON *v, void *entry,
		       const char *id, void *ctx)
{
	(void)ctx;
	model_init(entry, id);
	return read_model(r, v, entry);
}

static int runtime_entry(jrd *r, const cJSON *v, void *entry,
			 const char *id, void *ctx)
{
	(void)ctx;
	runtime_init(entry, id);
	return read_runtime(r, v, entry);
}

/* The entries of file `which`, an object of entries by id, into c. */
static int read_entries(jrd *r, const cJSON *root, int which, void *ctx)
{
	static const cj_table tables[NFILES] = {
		[F_MODELS] = { "entries", "id", "id", 0, sizeof(mlcat_model),
			       model_entry },
		[F_RUNTIMES] = { "entries", "id", "id", 0,
				 sizeof(mlcat_runtime), runtime_entry },
	};
	mlcat *c = ctx;
	int n;
	void *a = cj_entries(r, root, &tables[which], c, &n);

	if (!a)
		return -1;
	if (which == F_MODELS) {
		c->mod = a;
		c->nmod = n;
	} else {
		c->rt = a;
		c->nrt = n;
	}
	return 0;
}

int mlcat_load_files(mlcat **out, const struct embed_file *files, int n,
		     diag *d)
{
	const struct embed_file *f[NFILES];
	mlcat *c;

	*out = NULL;
	if (cj_find_files(files, n, file_names, NFILES, f, d) < 0)
		return -1;
	if (!(c = hb_calloc(1, sizeof *c)))
		return diag_nomem(d);
	if (cj_read_files(f, NFILES, &c->own, d, read_entries, c) < 0) {
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
	jrd_own_release(&c->own);	/* the entries' arrays too */
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
