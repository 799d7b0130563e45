/*
 * cat.c: the hardware catalog, read from the JSON files compiled into
 * herbie (models/catalog/, tools/embed.sh).
 *
 * The reading (catjson.h, on the toolkit input/jrd.h) is as strict as the
 * scenario reader's: every object's children are walked in document
 * order, so an unknown or duplicate key, a figure without a source, a bad
 * unit or an implausible value is an error that names its file, line:col
 * and JSON path. The
 * catalog is herbie's own data, so such an error is a defect in a data
 * edit; t_cat.c loads the real catalog and feeds broken copies to make
 * sure each of these is caught.
 *
 * Files are read in dependency order: devices.json and links.json first,
 * then presets.json, whose machines may only name types that exist. Other
 * files in the embedded set are ignored (the catalog folder will also hold
 * ML model descriptions, which are not hardware).
 *
 * Invariants once cat_load returns 0: every figure present has v > 0,
 * finite, in SI base units, and a non-blank source; integer figures
 * (cores, MPS clients, MIG partitions) are whole; a link's effective
 * bandwidth is at most its nominal one; a MIG profile fits its card, also
 * when used its maximum number of times; a preset names existing types,
 * valid override values, and links between two distinct devices of its
 * own.
 *
 * Ownership: every string and array the entries point to is recorded in
 * one list (cat.own, a jrd_own) and released with the cat. Error paths
 * just return: cat_free releases whatever was built.
 *
 * Workload: one load per run (a few tens of entries, a few tens of KB);
 * lookups are linear scans, which at this size beat building a hash table.
 */
#include "cat.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "catjson.h"
#include "core/hb.h"
#include "input/names.h"
#include "input/unit.h"

#define MAX_WHOLE	1000000	/* cores, MPS clients, MIG partitions */
#define MAX_SLICES	64	/* MIG compute or memory slices of a card */

struct cat {
	cat_device *dev;
	int ndev;
	cat_link *lnk;
	int nlnk;
	cat_preset *pre;
	int npre;
	jrd_own own;		/* strings and arrays the entries point to */
};

static const char *const prec_names[CAT_NPREC] = {
	"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4",
};

static const char *const kind_names[] = {
	[CAT_CPU] = "cpu", [CAT_GPU] = "gpu", [CAT_NIC] = "nic",
	[CAT_SWITCH] = "switch", [CAT_STORAGE] = "storage",
};
#define NKINDS ((int)(sizeof kind_names / sizeof kind_names[0]))

const char *cat_prec_name(enum cat_prec p)
{
	return (unsigned)p < CAT_NPREC ? prec_names[p] : "?";
}

const char *cat_kind_name(enum cat_kind k)
{
	return (int)k >= 0 && (int)k < NKINDS ? kind_names[k] : "?";
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* What a figure measures, and so which units its value may carry. */
enum fk {
	FK_WHOLE,	/* a whole count: cores, clients, partitions */
	FK_HZ,		/* a number of hertz */
	FK_OPS,		/* operations per second: a number or "989.4T" */
	FK_SIZE,	/* bytes */
	FK_BW,		/* bytes per second */
	FK_TIME,	/* seconds */
};

/* v as a value of kind k (an enum fk), in base units, > 0 and finite. */
static int get_value(jrd *r, const cJSON *v, int k, double *out)
{
	static const unit_kind uk[] = {
		[FK_OPS] = UNIT_COUNT, [FK_SIZE] = UNIT_SIZE,
		[FK_BW] = UNIT_BANDWIDTH, [FK_TIME] = UNIT_DURATION,
	};
	char err[200];
	double x;

	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
	} else if (cJSON_IsString(v) && k != FK_WHOLE && k != FK_HZ) {
		if (unit_parse(uk[k], v->valuestring, &x, err, sizeof err) < 0)
			return jrd_fail(r, "\"%.60s\" %s", v->valuestring, err);
	} else if (k == FK_WHOLE || k == FK_HZ) {
		return jrd_fail(r, "expected %s, got %s", k == FK_WHOLE ?
				"a whole number" : "a number of hertz",
				names_type(v));
	} else {
		return jrd_fail(r, "expected a number or a string with a unit, "
				"got %s", names_type(v));
	}
	if (!isfinite(x) || x <= 0)
		return jrd_fail(r, "must be more than 0");
	if (k == FK_WHOLE && (x != floor(x) || x > MAX_WHOLE))
		return jrd_fail(r, "must be a whole number from 1 to %d",
				MAX_WHOLE);
	*out = x;
	return 0;
}

/* A plain JSON integer in [lo, hi] (MIG slice counts), into an int. */
static int get_count(jrd *r, const cJSON *v, int lo, int hi, int *out)
{
	int64_t x;

	if (jrd_get_int(r, v, lo, hi, &x) < 0)
		return -1;
	*out = (int)x;
	return 0;
}

/* A figure: {"value": V, "source": "where it comes from"}. */
static int get_fig(jrd *r, const cJSON *v, enum fk k, cat_fig *out)
{
	return cj_get_fig(r, v, get_value, (int)k, "the document or "
			  "measurement", out);
}

/* ------------------------------------------------------------------ */
/* Devices                                                             */

/* The figures a device has directly, where they live, and which kinds of
 * device have them. The same table checks a preset's overrides. */
typedef struct dfield {
	const char *key;
	enum fk k;
	size_t off;
	unsigned kinds;		/* bit (1 << kind) */
} dfield;

#define K(x) (1u << (x))
static const dfield dfields[] = {
	{ "cores", FK_WHOLE, offsetof(cat_device, cores), K(CAT_CPU) },
	{ "clock", FK_HZ, offsetof(cat_device, clock),
	  K(CAT_CPU) | K(CAT_GPU) },
	{ "memory", FK_SIZE, offsetof(cat_device, memory),
	  K(CAT_CPU) | K(CAT_GPU) },
	{ "memory_bandwidth", FK_BW, offsetof(cat_device, memory_bandwidth),
	  K(CAT_CPU) | K(CAT_GPU) },
	{ "gflops_per_core", FK_OPS, offsetof(cat_device, gflops_per_core),
	  K(CAT_CPU) },
	{ "bandwidth", FK_BW, offsetof(cat_device, bandwidth),
	  K(CAT_NIC) | K(CAT_SWITCH) | K(CAT_STORAGE) },
	{ "capacity", FK_SIZE, offsetof(cat_device, capacity),
	  K(CAT_STORAGE) },
};
#define NDFIELDS ((int)(sizeof dfields / sizeof dfields[0]))

static const dfield *dfield_find(const char *key)
{
	for (int i = 0; i < NDFIELDS; i++)
		if (!strcmp(dfields[i].key, key))
			return &dfields[i];
	return NULL;
}

static const char *const dev_keys[] = {
	"kind", "name", "cores", "clock", "memory", "memory_bandwidth",
	"gflops_per_core", "tflops", "mps", "mig", "bandwidth", "capacity",
	NULL,
};

/* Which of the nested objects each kind may have. */
static unsigned nested_kinds(const char *key)
{
	if (!strcmp(key, "tflops"))
		return K(CAT_CPU) | K(CAT_GPU);
	if (!strcmp(key, "mps") || !strcmp(key, "mig"))
		return K(CAT_GPU);
	return ~0u;		/* kind, name */
}

static int read_tflops(jrd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = {
		"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4",
		NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v) || !v->child)
		return jrd_fail(r, "expected an object of figures by precision "
				"(fp64 fp32 tf32 bf16 fp16 fp8 int8 int4), "
				"got %s", cJSON_IsObject(v) ?
				"an empty object" : names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		int p = 0;
		size_t mark = jrd_key(r, ch->string);

		while (strcmp(prec_names[p], ch->string))
			p++;
		if (get_fig(r, ch, FK_OPS, &dv->tflops[p]) < 0)
			return -1;
		jrd_pop(r, mark);
	}
	return 0;
}

static int read_mps(jrd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = { "max_clients", NULL };
	const cJSON *m;
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	if (!(m = cJSON_GetObjectItemCaseSensitive(v, "max_clients")))
		return jrd_missing(r, "max_clients");
	mark = jrd_key(r, "max_clients");
	if (get_fig(r, m, FK_WHOLE, &dv->mps_clients) < 0)
		return -1;
	jrd_pop(r, mark);
	return 0;
}

/* One MIG profile. It must fit the card even when used as often as its
 * max allows: that catches a slice count or a max typed wrong. */
static int read_profile(jrd *r, const cJSON *v, const cat_device *dv,
			cat_mig *pr)
{
	static const char *const keys[] = {
		"compute_slices", "memory_slices", "memory", "max", NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = jrd_key(r, ch->string);
		int rc;

		if (!strcmp(ch->string, "compute_slices"))
			rc = get_count(r, ch, 1, dv->mig_compute_slices,
				       &pr->compute_slices);
		else if (!strcmp(ch->string, "memory_slices"))
			rc = get_count(r, ch, 1, dv->mig_memory_slices,
				       &pr->memory_slices);
		else if (!strcmp(ch->string, "memory"))
			rc = get_value(r, ch, FK_SIZE, &pr->memory);
		else
			rc = get_count(r, ch, 1, (int)dv->mig_max.v, &pr->max);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return jrd_missing(r, keys[i]);
	if (pr->max * pr->compute_slices > dv->mig_compute_slices ||
	    pr->max * pr->memory_slices > dv->mig_memory_slices)
		return jrd_fail(r, "%d of these need %d compute and %d memory "
				"slices, more than the card's %d and %d",
				pr->max, pr->max * pr->compute_slices,
				pr->max * pr->memory_slices,
				dv->mig_compute_slices, dv->mig_memory_slices);
	pr->compute = (double)pr->compute_slices / dv->mig_compute_slices;
	return 0;
}

static int profile_entry(jrd *r, const cJSON *v, void *entry,
			 const char *key, void *dv)
{
	cat_mig *pr = entry;

	pr->name = key;
	return read_profile(r, v, dv, pr);
}

static int read_profiles(jrd *r, const cJSON *v, cat_device *dv)
{
	static const cj_table profiles = {
		"profiles", "name", "profile name", 1, sizeof(cat_mig),
		profile_entry,
	};

	/* Tighter than cj_entries's bound, so checked first; on an object
	 * only, as anything else is cj_entries's type error. */
	if (cJSON_IsObject(v) &&
	    cJSON_GetArraySize(v) > MAX_SLICES * MAX_SLICES)
		return jrd_fail(r, "too many profiles");
	dv->mig = cj_entries(r, v, &profiles, dv, &dv->nmig);
	return dv->mig ? 0 : -1;
}

/* The card-level fields first (profiles are checked against them), then
 * the profiles. */
static int read_mig(jrd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = {
		"max_partitions", "compute_slices", "memory_slices", "source",
		"profiles", NULL,
	};
	const cJSON *f;
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return jrd_missing(r, keys[i]);
	f = cJSON_GetObjectItemCaseSensitive(v, "compute_slices");
	mark = jrd_key(r, "compute_slices");
	if (get_count(r, f, 1, MAX_SLICES, &dv->mig_compute_slices) < 0)
		return -1;
	jrd_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "memory_slices");
	mark = jrd_key(r, "memory_slices");
	if (get_count(r, f, 1, MAX_SLICES, &dv->mig_memory_slices) < 0)
		return -1;
	jrd_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "max_partitions");
	mark = jrd_key(r, "max_partitions");
	if (get_fig(r, f, FK_WHOLE, &dv->mig_max) < 0)
		return -1;
	if (dv->mig_max.v > dv->mig_compute_slices)
		return jrd_fail(r, "more partitions than compute slices (%d)",
				dv->mig_compute_slices);
	jrd_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "source");
	mark = jrd_key(r, "source");
	if (cj_get_text(r, f, &dv->mig_source) < 0)
		return -1;
	jrd_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "profiles");
	mark = jrd_key(r, "profiles");
	if (read_profiles(r, f, dv) < 0)
		return -1;
	jrd_pop(r, mark);
	return 0;
}

static int read_kind(jrd *r, const cJSON *v, enum cat_kind *out)
{
	size_t mark = jrd_key(r, "kind");

	if (!cJSON_IsString(v))
		return jrd_fail(r, "expected a string, got %s", names_type(v));
	for (int k = 0; k < NKINDS; k++)
		if (!strcmp(v->valuestring, kind_names[k])) {
			*out = (enum cat_kind)k;
			jrd_pop(r, mark);
			return 0;
		}
	return jrd_fail(r, "unknown kind \"%.60s\" (expected one of: cpu gpu "
			"nic switch storage)", v->valuestring);
}

/* Which figures a device of this kind must have. */
static int device_complete(jrd *r, const cat_device *dv)
{
	int any = 0;

	if (!dv->name)
		return jrd_missing(r, "name");
	if (dv->kind == CAT_CPU && isnan(dv->cores.v))
		return jrd_missing(r, "cores");
	if (dv->kind != CAT_GPU)
		return 0;
	if (isnan(dv->memory.v))
		return jrd_missing(r, "memory");
	if (isnan(dv->memory_bandwidth.v))
		return jrd_missing(r, "memory_bandwidth");
	for (int p = 0; p < CAT_NPREC; p++)
		any |= !isnan(dv->tflops[p].v);
	if (!any)
		return jrd_missing(r, "tflops");
	if (isnan(dv->mps_clients.v))
		return jrd_missing(r, "mps");
	return 0;
}

static int read_device(jrd *r, const cJSON *v, cat_device *dv)
{
	const cJSON *ch, *kind;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object (the device's fields), "
				"got %s", names_type(v));
	if (jrd_check_keys(r, v, dev_keys) < 0)
		return -1;
	if (!(kind = cJSON_GetObjectItemCaseSensitive(v, "kind")))
		return jrd_missing(r, "kind");
	if (read_kind(r, kind, &dv->kind) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const dfield *f = dfield_find(ch->string);
		unsigned kinds = f ? f->kinds : nested_kinds(ch->string);
		size_t mark = jrd_key(r, ch->string);
		int rc = 0;

		if (!(kinds & K(dv->kind)))
			return jrd_fail_key(r, "\"%s\" does not apply to a %s",
					    ch->string, kind_names[dv->kind]);
		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)dv + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = cj_get_text(r, ch, &dv->name);
		else if (!strcmp(ch->string, "tflops"))
			rc = read_tflops(r, ch, dv);
		else if (!strcmp(ch->string, "mps"))
			rc = read_mps(r, ch, dv);
		else if (!strcmp(ch->string, "mig"))
			rc = read_mig(r, ch, dv);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	return device_complete(r, dv);
}

static void device_init(cat_device *dv)
{
	memset(dv, 0, sizeof *dv);
	dv->cores = dv->clock = dv->memory = dv->memory_bandwidth = cj_no_fig();
	dv->gflops_per_core = dv->mps_clients = dv->mig_max = cj_no_fig();
	dv->bandwidth = dv->capacity = cj_no_fig();
	for (int p = 0; p < CAT_NPREC; p++)
		dv->tflops[p] = cj_no_fig();
}

/* ------------------------------------------------------------------ */
/* Links                                                               */

typedef struct lfield {
	const char *key;
	enum fk k;
	size_t off;
} lfield;

static const lfield lfields[] = {
	{ "bandwidth", FK_BW, offsetof(cat_link, bandwidth) },
	{ "effective_bandwidth", FK_BW,
	  offsetof(cat_link, effective_bandwidth) },
	{ "latency", FK_TIME, offsetof(cat_link, latency) },
};
#define NLFIELDS ((int)(sizeof lfields / sizeof lfields[0]))

static const lfield *lfield_find(const char *key)
{
	for (int i = 0; i < NLFIELDS; i++)
		if (!strcmp(lfields[i].key, key))
			return &lfields[i];
	return NULL;
}

/* Measured above nominal means one of the two was typed wrong. */
static int effective_fits(jrd *r, double eff, double nominal)
{
	char a[32], b[32];

	if (isnan(eff) || eff <= nominal)
		return 0;
	unit_format(UNIT_BANDWIDTH, eff, a, sizeof a);
	unit_format(UNIT_BANDWIDTH, nominal, b, sizeof b);
	return jrd_fail(r, "effective bandwidth %s is more than the nominal %s",
			a, b);
}

static int read_link(jrd *r, const cJSON *v, cat_link *lk)
{
	static const char *const keys[] = {
		"name", "bandwidth", "effective_bandwidth", "latency",
		"duplex", NULL,
	};
	const cJSON *ch;
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object (the link's fields), "
				"got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	lk->duplex = -1;
	cJSON_ArrayForEach(ch, v) {
		const lfield *f = lfield_find(ch->string);
		int rc;

		mark = jrd_key(r, ch->string);
		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)lk + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = cj_get_text(r, ch, &lk->name);
		else
			rc = jrd_get_bool(r, ch, &lk->duplex);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	if (!lk->name)
		return jrd_missing(r, "name");
	if (isnan(lk->bandwidth.v))
		return jrd_missing(r, "bandwidth");
	if (isnan(lk->latency.v))
		return jrd_missing(r, "latency");
	if (lk->duplex < 0)
		return jrd_missing(r, "duplex");
	mark = jrd_key(r, "effective_bandwidth");
	if (effective_fits(r, lk->effective_bandwidth.v, lk->bandwidth.v) < 0)
		return -1;
	jrd_pop(r, mark);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Presets                                                             */

/* obj without the keys in skip, as compact JSON owned by the cat, or
 * NULL (out of memory, diag filled). */
static const char *overrides(jrd *r, const cJSON *obj,
			     const char *const *skip)
{
	cJSON *o = cJSON_CreateObject();
	const cJSON *ch;
	char *t = NULL;
	const char *kept = NULL;

	cJSON_ArrayForEach(ch, obj) {
		cJSON *dup;

		if (!o)
			break;
		if (names_index(ch->string, skip) >= 0)
			continue;
		if (!(dup = cJSON_Duplicate(ch, 1))) {
			cJSON_Delete(o);
			o = NULL;
			break;
		}
		cJSON_AddItemToObject(o, ch->string, dup);
	}
	if (o)
		t = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!t) {
		jrd_oom(r);
		return NULL;
	}
	kept = jrd_keep(r, t);
	cJSON_free(t);
	return kept;
}

/* An override of a catalog field: the scenario's plain value, checked as
 * the catalog checks its own (units, > 0, whole where it must be). */
static int read_dev_override(jrd *r, const cJSON *ch, const cat_device *type)
{
	const dfield *f = dfield_find(ch->string);
	double x;

	if (!f || !(f->kinds & K(type->kind))) {
		char list[256];
		size_t o = 0;

		list[0] = '\0';
		for (int i = 0; i < NDFIELDS && o < sizeof list; i++)
			if (dfields[i].kinds & K(type->kind))
				o += (size_t)snprintf(list + o,
					sizeof list - o, " %s", dfields[i].key);
		return jrd_fail_key(r, "unknown key \"%.60s\" (a %s's overrides:"
				    "%s)", ch->string, kind_names[type->kind],
				    list);
	}
	return get_value(r, ch, f->k, &x);
}

/* What a preset's device and link begin with: an object whose "type"
 * (and a link's "between") is there, and whose type the catalog has. dev
 * is NULL for a link; *id is the type's id (owned by c). */
static int read_part_type(jrd *r, const cat *c, const cJSON *v,
			  const cat_device **dev, const char **id)
{
	const cat_link *lk = NULL;
	const cJSON *t;
	size_t mark;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(r, v, NULL) < 0)
		return -1;
	if (!(t = cJSON_GetObjectItemCaseSensitive(v, "type")))
		return jrd_missing(r, "type");
	if (!dev && !cJSON_GetObjectItemCaseSensitive(v, "between"))
		return jrd_missing(r, "between");
	mark = jrd_key(r, "type");
	if (!cJSON_IsString(t))
		return jrd_fail(r, "expected a string, got %s", names_type(t));
	if (dev ? !(*dev = cat_device_find(c, t->valuestring)) :
		  !(lk = cat_link_find(c, t->valuestring)))
		return jrd_fail(r, "no %s type \"%.60s\" in the catalog",
				dev ? "device" : "link", t->valuestring);
	jrd_pop(r, mark);
	*id = dev ? (*dev)->id : lk->id;
	return 0;
}

/* What a preset's devices and links are read against: the catalog's
 * types, and for links the preset's devices. */
typedef struct hw_ctx {
	const cat *c;
	const cJSON *devs;
} hw_ctx;

static int read_pdev(jrd *r, const cJSON *v, void *entry, const char *name,
		     void *ctx)
{
	static const char *const skip[] = { "type", NULL };
	const hw_ctx *h = ctx;
	cat_pdev *pd = entry;
	const cat_device *type;
	const cJSON *ch;

	if (read_part_type(r, h->c, v, &type, &pd->type) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		size_t mark;

		if (!strcmp(ch->string, "type"))
			continue;
		mark = jrd_key(r, ch->string);
		if (read_dev_override(r, ch, type) < 0)
			return -1;
		jrd_pop(r, mark);
	}
	pd->name = name;
	return (pd->overrides = overrides(r, v, skip)) ? 0 : -1;
}

/* "between": two different devices of this preset. */
static int read_between(jrd *r, const cJSON *v, const cJSON *devs,
			cat_plink *pl)
{
	const char *end[2];
	const cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return jrd_fail(r, "expected a list of two device names, got %s",
				cJSON_IsArray(v) ? "another count" :
				names_type(v));
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(r, i);

		if (!cJSON_IsString(e))
			return jrd_fail(r, "expected a device name, got %s",
					names_type(e));
		if (!cJSON_GetObjectItemCaseSensitive(devs, e->valuestring))
			return jrd_fail(r, "no device \"%.60s\" in this preset",
					e->valuestring);
		end[i++] = e->valuestring;
		jrd_pop(r, mark);
	}
	if (!strcmp(end[0], end[1]))
		return jrd_fail(r, "a link joins two different devices");
	pl->from = cJSON_GetObjectItemCaseSensitive(devs, end[0])->string;
	pl->to = cJSON_GetObjectItemCaseSensitive(devs, end[1])->string;
	return 0;
}

static int read_plink(jrd *r, const cJSON *v, void *entry,
		      const char *name, void *ctx)
{
	static const char *const skip[] = { "type", "between", NULL };
	const hw_ctx *h = ctx;
	cat_plink *pl = entry;
	const cJSON *ch;

	if (read_part_type(r, h->c, v, NULL, &pl->type) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const lfield *f = lfield_find(ch->string);
		size_t mark;
		double x;
		int b, rc;

		if (!strcmp(ch->string, "type"))
			continue;
		mark = jrd_key(r, ch->string);
		if (!strcmp(ch->string, "between"))
			rc = read_between(r, ch, h->devs, pl);
		else if (f)
			rc = get_value(r, ch, f->k, &x);
		else if (!strcmp(ch->string, "duplex"))
			rc = jrd_get_bool(r, ch, &b);
		else
			rc = jrd_fail_key(r, "unknown key \"%.60s\" (expected "
					  "one of: type between bandwidth "
					  "effective_bandwidth latency duplex)",
					  ch->string);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	/* The borrowed names in pl point into the tree: keep copies. */
	if (!(pl->from = jrd_keep(r, pl->from)) ||
	    !(pl->to = jrd_keep(r, pl->to)))
		return -1;
	pl->name = name;
	return (pl->overrides = overrides(r, v, skip)) ? 0 : -1;
}

/* The machine itself: devices first (links refer to them). */
static int read_hardware(jrd *r, const cat *c, const cJSON *v,
			 cat_preset *p)
{
	static const char *const keys[] = { "devices", "links", NULL };
	static const cj_table devices = {
		"devices", "name", "device name", 1, sizeof(cat_pdev),
		read_pdev,
	};
	static const cj_table links = {
		"links", "name", "link name", 0, sizeof(cat_plink),
		read_plink,
	};
	hw_ctx h = { c, NULL };
	const cJSON *jl;
	size_t mark;
	char *t;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object, got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	if (!(h.devs = cJSON_GetObjectItemCaseSensitive(v, "devices")))
		return jrd_missing(r, "devices");
	mark = jrd_key(r, "devices");
	if (!(p->devices = cj_entries(r, h.devs, &devices, &h, &p->ndevices)))
		return -1;
	jrd_pop(r, mark);
	if ((jl = cJSON_GetObjectItemCaseSensitive(v, "links"))) {
		mark = jrd_key(r, "links");
		if (!(p->links = cj_entries(r, jl, &links, &h, &p->nlinks)))
			return -1;
		jrd_pop(r, mark);
	}
	if (!(t = cJSON_PrintUnformatted(v)))
		return jrd_oom(r);
	p->hardware_json = jrd_keep(r, t);
	cJSON_free(t);
	return p->hardware_json ? 0 : -1;
}

static int read_preset(jrd *r, const cat *c, const cJSON *v,
		       cat_preset *p)
{
	static const char *const keys[] = {
		"name", "source", "hardware", NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return jrd_fail(r, "expected an object (the preset's fields), "
				"got %s", names_type(v));
	if (jrd_check_keys(r, v, keys) < 0)
		return -1;
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return jrd_missing(r, keys[i]);
	cJSON_ArrayForEach(ch, v) {
		size_t mark = jrd_key(r, ch->string);
		int rc;

		if (!strcmp(ch->string, "name"))
			rc = cj_get_text(r, ch, &p->name);
		else if (!strcmp(ch->string, "source"))
			rc = cj_get_text(r, ch, &p->source);
		else
			rc = read_hardware(r, c, ch, p);
		if (rc < 0)
			return -1;
		jrd_pop(r, mark);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

enum { F_DEVICES, F_LINKS, F_PRESETS, NFILES };
static const char *const file_names[NFILES] = {
	"devices.json", "links.json", "presets.json",
};

static int device_entry(jrd *r, const cJSON *v, void *entry,
			const char *id, void *ctx)
{
	cat_device *dv = entry;

	(void)ctx;
	device_init(dv);
	dv->id = id;
	return read_device(r, v, dv);
}

static int link_entry(jrd *r, const cJSON *v, void *entry, const char *id,
		      void *ctx)
{
	cat_link *lk = entry;

	(void)ctx;
	lk->id = id;
	lk->bandwidth = lk->effective_bandwidth = lk->latency = cj_no_fig();
	return read_link(r, v, lk);
}

static int preset_entry(jrd *r, const cJSON *v, void *entry,
			const char *id, void *c)
{
	cat_preset *p = entry;

	p->id = id;
	return read_preset(r, c, v, p);
}

/* The entries of file `which`, an object of entries by id, into c. */
static int read_entries(jrd *r, const cJSON *root, int which, void *ctx)
{
	static const cj_table tables[NFILES] = {
		[F_DEVICES] = { "entries", "id", "id", 0, sizeof(cat_device),
				device_entry },
		[F_LINKS] = { "entries", "id", "id", 0, sizeof(cat_link),
			      link_entry },
		[F_PRESETS] = { "entries", "id", "id", 0, sizeof(cat_preset),
				preset_entry },
	};
	cat *c = ctx;
	int n;
	void *a = cj_entries(r, root, &tables[which], c, &n);

	if (!a)
		return -1;
	if (which == F_DEVICES) {
		c->dev = a;
		c->ndev = n;
	} else if (which == F_LINKS) {
		c->lnk = a;
		c->nlnk = n;
	} else {
		c->pre = a;
		c->npre = n;
	}
	return 0;
}

int cat_load_files(cat **out, const struct embed_file *files, int n,
		   diag *d)
{
	const struct embed_file *f[NFILES];
	cat *c;

	*out = NULL;
	if (cj_find_files(files, n, file_names, NFILES, f, d) < 0)
		return -1;
	if (!(c = hb_calloc(1, sizeof *c)))
		return diag_nomem(d);
	if (cj_read_files(f, NFILES, &c->own, d, read_entries, c) < 0) {
		cat_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int cat_load(cat **out, diag *d)
{
	return cat_load_files(out, embed_files, embed_nfiles, d);
}

void cat_free(cat *c)
{
	if (!c)
		return;
	jrd_own_release(&c->own);	/* the entries' arrays too */
	hb_free(c);
}

/* ------------------------------------------------------------------ */
/* Lookups                                                             */

int cat_ndevices(const cat *c)
{
	return c->ndev;
}

const cat_device *cat_device_at(const cat *c, int i)
{
	HB_ASSERT(i >= 0 && i < c->ndev);
	return &c->dev[i];
}

int cat_nlinks(const cat *c)
{
	return c->nlnk;
}

const cat_link *cat_link_at(const cat *c, int i)
{
	HB_ASSERT(i >= 0 && i < c->nlnk);
	return &c->lnk[i];
}

int cat_npresets(const cat *c)
{
	return c->npre;
}

const cat_preset *cat_preset_at(const cat *c, int i)
{
	HB_ASSERT(i >= 0 && i < c->npre);
	return &c->pre[i];
}

const cat_device *cat_device_find(const cat *c, const char *id)
{
	for (int i = 0; i < c->ndev; i++)
		if (!strcmp(c->dev[i].id, id))
			return &c->dev[i];
	return NULL;
}

const cat_link *cat_link_find(const cat *c, const char *id)
{
	for (int i = 0; i < c->nlnk; i++)
		if (!strcmp(c->lnk[i].id, id))
			return &c->lnk[i];
	return NULL;
}

const cat_preset *cat_preset_find(const cat *c, const char *id)
{
	for (int i = 0; i < c->npre; i++)
		if (!strcmp(c->pre[i].id, id))
			return &c->pre[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* MIG                                                                 */

static int mig_index(const cat_device *dv, const char *name)
{
	for (int i = 0; i < dv->nmig; i++)
		if (!strcmp(dv->mig[i].name, name))
			return i;
	return -1;
}

/* The checks go from the most specific message to the most general: a
 * name that is not a profile, then the partition count, then one profile
 * used too often, then the slice sums. */
int cat_mig_check(const cat_device *dv, const char *const *profiles, int n,
		  char *err, size_t errlen)
{
	int cs = 0, ms = 0;

	HB_ASSERT(dv);
	if (dv->nmig == 0)
		return hb_errf(err, errlen, "%s does not support MIG", dv->id);
	if (n <= 0)
		return hb_errf(err, errlen, "MIG on %s needs at least one "
			       "partition", dv->id);
	for (int i = 0; i < n; i++)
		if (mig_index(dv, profiles[i]) < 0) {
			char list[256];
			size_t o = 0;

			list[0] = '\0';
			for (int j = 0; j < dv->nmig && o < sizeof list; j++)
				o += (size_t)snprintf(list + o, sizeof list - o,
						      "%s%s", j ? " " : "",
						      dv->mig[j].name);
			return hb_errf(err, errlen, "unknown MIG profile "
				       "\"%.40s\" for %s (profiles: %s)",
				       profiles[i], dv->id, list);
		}
	if (n > dv->mig_max.v)
		return hb_errf(err, errlen, "%d partitions, but %s has at most "
			       "%.0f", n, dv->id, dv->mig_max.v);
	for (int j = 0; j < dv->nmig; j++) {
		int used = 0;

		for (int i = 0; i < n; i++)
			used += !strcmp(profiles[i], dv->mig[j].name);
		if (used > dv->mig[j].max)
			return hb_errf(err, errlen, "\"%s\" used %d times, but "
				       "%s allows at most %d", dv->mig[j].name,
				       used, dv->id, dv->mig[j].max);
		cs += used * dv->mig[j].compute_slices;
		ms += used * dv->mig[j].memory_slices;
	}
	if (cs > dv->mig_compute_slices)
		return hb_errf(err, errlen, "the partitions need %d compute "
			       "slices, but %s has %d", cs, dv->id,
			       dv->mig_compute_slices);
	if (ms > dv->mig_memory_slices)
		return hb_errf(err, errlen, "the partitions need %d memory "
			       "slices, but %s has %d", ms, dv->id,
			       dv->mig_memory_slices);
	return 0;
}
