/*
 * cat.c: the hardware catalog, read from the JSON files compiled into
 * herbie (models/catalog/, tools/embed.sh).
 *
 * The reading is as strict as the scenario reader's (STYLE.md 9): every
 * object's children are walked in document order, so an unknown or
 * duplicate key, a figure without a source, a bad unit or an implausible
 * value is an error that names its file, line:col and JSON path. The
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
 * one list (cat.own) and released with the cat. Error paths just return:
 * cat_free releases whatever was built.
 *
 * Workload: one load per run (a few tens of entries, a few tens of KB);
 * lookups are linear scans, which at this size beat building a hash table.
 */
#include "cat.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "scenario/jloc.h"
#include "scenario/unit.h"

#define PATH_CAP	512
#define MAX_ENTRIES	10000	/* per file; the catalog has tens */
#define MAX_WHOLE	1000000	/* cores, MPS clients, MIG partitions */
#define MAX_SLICES	64	/* MIG compute or memory slices of a card */
#define MAX_ID		63	/* characters of an id or a preset's name */

struct cat {
	cat_device *dev;
	int ndev;
	cat_link *lnk;
	int nlnk;
	cat_preset *pre;
	int npre;
	void **own;		/* strings and arrays the entries point to */
	int nown, capown;
};

/* One file being read. path always names the value being read. */
typedef struct rd {
	cat *c;
	diag *d;
	const char *file, *text;
	size_t len;
	size_t plen;
	char path[PATH_CAP];
} rd;

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
/* Ownership                                                           */

static int oom(rd *r)
{
	return diag_msg(r->d, "", "out of memory");
}

/* Record p (from hb_malloc) as owned by the cat. On failure p is freed
 * and -1 returned with the diag filled. */
static int own(rd *r, void *p)
{
	cat *c = r->c;

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

/* A copy of s owned by the cat, or NULL (diag filled). */
static const char *keep(rd *r, const char *s)
{
	char *t = hb_strdup(s);

	return own(r, t) < 0 ? NULL : t;
}

/* ------------------------------------------------------------------ */
/* Paths and errors                                                    */

/* A key that can stand bare in a path; others are written ["key"]. */
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

static void path_put(rd *r, char ch)
{
	if (r->plen + 1 < sizeof r->path) {
		r->path[r->plen++] = ch;
		r->path[r->plen] = '\0';
	}
}

/* Append key k to the path (jloc.h's syntax); returns the mark to pop
 * back to. A path that does not fit is cut: only the message's place
 * suffers. */
static size_t path_key(rd *r, const char *k)
{
	size_t mark = r->plen;

	if (plain_key(k)) {
		if (r->plen)
			path_put(r, '.');
		for (; *k; k++)
			path_put(r, *k);
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

static size_t path_index(rd *r, int i)
{
	size_t mark = r->plen;
	char b[24];

	snprintf(b, sizeof b, "[%d]", i);
	for (const char *p = b; *p; p++)
		path_put(r, *p);
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

static void join(char *buf, size_t n, const char *const *names)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; names[i] && o + 1 < n; i++) {
		int w = snprintf(buf + o, n - o, "%s%s", i ? " " : "",
				 names[i]);

		if (w < 0)
			break;
		o += (size_t)w;
	}
}

static int in_list(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return 1;
	return 0;
}

/* Every key of obj is in names (NULL: any key), and none repeats. The
 * repeat check compares each key with those before it: quadratic in the
 * keys of one object, which are a few tens at most. */
static int check_keys(rd *r, const cJSON *obj, const char *const *names)
{
	const cJSON *ch, *e;

	cJSON_ArrayForEach(ch, obj) {
		size_t mark;

		if (names && !in_list(ch->string, names)) {
			char list[400];

			join(list, sizeof list, names);
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

/* v as a value of kind k, in base units, > 0 and finite. */
static int get_value(rd *r, const cJSON *v, enum fk k, double *out)
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
			return fail(r, "\"%.60s\" %s", v->valuestring, err);
	} else if (k == FK_WHOLE || k == FK_HZ) {
		return fail(r, "expected %s, got %s", k == FK_WHOLE ?
			    "a whole number" : "a number of hertz",
			    type_name(v));
	} else {
		return fail(r, "expected a number or a string with a unit, "
			    "got %s", type_name(v));
	}
	if (!isfinite(x) || x <= 0)
		return fail(r, "must be more than 0");
	if (k == FK_WHOLE && (x != floor(x) || x > MAX_WHOLE))
		return fail(r, "must be a whole number from 1 to %d",
			    MAX_WHOLE);
	*out = x;
	return 0;
}

/* A plain JSON integer in [lo, hi] (MIG slice counts). */
static int get_int(rd *r, const cJSON *v, int lo, int hi, int *out)
{
	double x;

	if (!cJSON_IsNumber(v))
		return fail(r, "expected a whole number, got %s", type_name(v));
	x = v->valuedouble;
	if (x != floor(x) || x < lo || x > hi)
		return fail(r, "must be a whole number from %d to %d", lo, hi);
	*out = (int)x;
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
		return fail(r, "a figure needs a \"source\": the document or "
			    "measurement it comes from");
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

/* An id or a name inside a preset: letters, digits, '.', '_', '-' and
 * '+', at most MAX_ID of them ('/' is kept for MIG partitions, "gpu0/1"). */
static int check_id(rd *r, const char *s, const char *what)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= MAX_ID;

	for (const char *p = s; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		     *p == '-' || *p == '+';
	if (!ok)
		return fail_key(r, "\"%.60s\" is not a valid %s (1 to %d "
				"letters, digits, '.', '_', '-', '+')", s,
				what, MAX_ID);
	return 0;
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

static int read_tflops(rd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = {
		"fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4",
		NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v) || !v->child)
		return fail(r, "expected an object of figures by precision "
			    "(fp64 fp32 tf32 bf16 fp16 fp8 int8 int4), got %s",
			    cJSON_IsObject(v) ? "an empty object" :
			    type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		int p = 0;
		size_t mark = path_key(r, ch->string);

		while (strcmp(prec_names[p], ch->string))
			p++;
		if (get_fig(r, ch, FK_OPS, &dv->tflops[p]) < 0)
			return -1;
		path_pop(r, mark);
	}
	return 0;
}

static int read_mps(rd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = { "max_clients", NULL };
	const cJSON *m;
	size_t mark;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	if (!(m = cJSON_GetObjectItemCaseSensitive(v, "max_clients")))
		return missing(r, "max_clients");
	mark = path_key(r, "max_clients");
	if (get_fig(r, m, FK_WHOLE, &dv->mps_clients) < 0)
		return -1;
	path_pop(r, mark);
	return 0;
}

/* One MIG profile. It must fit the card even when used as often as its
 * max allows: that catches a slice count or a max typed wrong. */
static int read_profile(rd *r, const cJSON *v, const cat_device *dv,
			cat_mig *pr)
{
	static const char *const keys[] = {
		"compute_slices", "memory_slices", "memory", "max", NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = path_key(r, ch->string);
		int rc;

		if (!strcmp(ch->string, "compute_slices"))
			rc = get_int(r, ch, 1, dv->mig_compute_slices,
				     &pr->compute_slices);
		else if (!strcmp(ch->string, "memory_slices"))
			rc = get_int(r, ch, 1, dv->mig_memory_slices,
				     &pr->memory_slices);
		else if (!strcmp(ch->string, "memory"))
			rc = get_value(r, ch, FK_SIZE, &pr->memory);
		else
			rc = get_int(r, ch, 1, (int)dv->mig_max.v, &pr->max);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return missing(r, keys[i]);
	if (pr->max * pr->compute_slices > dv->mig_compute_slices ||
	    pr->max * pr->memory_slices > dv->mig_memory_slices)
		return fail(r, "%d of these need %d compute and %d memory "
			    "slices, more than the card's %d and %d",
			    pr->max, pr->max * pr->compute_slices,
			    pr->max * pr->memory_slices,
			    dv->mig_compute_slices, dv->mig_memory_slices);
	pr->compute = (double)pr->compute_slices / dv->mig_compute_slices;
	return 0;
}

static int read_profiles(rd *r, const cJSON *v, cat_device *dv)
{
	const cJSON *ch;
	cat_mig *a;
	int n = cJSON_GetArraySize(v), i = 0;

	if (!cJSON_IsObject(v) || n == 0)
		return fail(r, "expected an object of profiles by name, got %s",
			    cJSON_IsObject(v) ? "an empty object" :
			    type_name(v));
	if (n > MAX_SLICES * MAX_SLICES)
		return fail(r, "too many profiles");
	if (check_keys(r, v, NULL) < 0)
		return -1;
	a = hb_calloc((size_t)n, sizeof *a);
	if (own(r, a) < 0)
		return -1;
	dv->mig = a;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = path_key(r, ch->string);

		if (check_id(r, ch->string, "profile name") < 0)
			return -1;
		if (!(a[i].name = keep(r, ch->string)))
			return -1;
		if (read_profile(r, ch, dv, &a[i]) < 0)
			return -1;
		path_pop(r, mark);
		dv->nmig = ++i;
	}
	return 0;
}

/* The card-level fields first (profiles are checked against them), then
 * the profiles. */
static int read_mig(rd *r, const cJSON *v, cat_device *dv)
{
	static const char *const keys[] = {
		"max_partitions", "compute_slices", "memory_slices", "source",
		"profiles", NULL,
	};
	const cJSON *f;
	size_t mark;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return missing(r, keys[i]);
	f = cJSON_GetObjectItemCaseSensitive(v, "compute_slices");
	mark = path_key(r, "compute_slices");
	if (get_int(r, f, 1, MAX_SLICES, &dv->mig_compute_slices) < 0)
		return -1;
	path_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "memory_slices");
	mark = path_key(r, "memory_slices");
	if (get_int(r, f, 1, MAX_SLICES, &dv->mig_memory_slices) < 0)
		return -1;
	path_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "max_partitions");
	mark = path_key(r, "max_partitions");
	if (get_fig(r, f, FK_WHOLE, &dv->mig_max) < 0)
		return -1;
	if (dv->mig_max.v > dv->mig_compute_slices)
		return fail(r, "more partitions than compute slices (%d)",
			    dv->mig_compute_slices);
	path_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "source");
	mark = path_key(r, "source");
	if (get_text(r, f, &dv->mig_source) < 0)
		return -1;
	path_pop(r, mark);
	f = cJSON_GetObjectItemCaseSensitive(v, "profiles");
	mark = path_key(r, "profiles");
	if (read_profiles(r, f, dv) < 0)
		return -1;
	path_pop(r, mark);
	return 0;
}

static int read_kind(rd *r, const cJSON *v, enum cat_kind *out)
{
	size_t mark = path_key(r, "kind");

	if (!cJSON_IsString(v))
		return fail(r, "expected a string, got %s", type_name(v));
	for (int k = 0; k < NKINDS; k++)
		if (!strcmp(v->valuestring, kind_names[k])) {
			*out = (enum cat_kind)k;
			path_pop(r, mark);
			return 0;
		}
	return fail(r, "unknown kind \"%.60s\" (expected one of: cpu gpu "
		    "nic switch storage)", v->valuestring);
}

/* Which figures a device of this kind must have. */
static int device_complete(rd *r, const cat_device *dv)
{
	int any = 0;

	if (!dv->name)
		return missing(r, "name");
	if (dv->kind == CAT_CPU && isnan(dv->cores.v))
		return missing(r, "cores");
	if (dv->kind != CAT_GPU)
		return 0;
	if (isnan(dv->memory.v))
		return missing(r, "memory");
	if (isnan(dv->memory_bandwidth.v))
		return missing(r, "memory_bandwidth");
	for (int p = 0; p < CAT_NPREC; p++)
		any |= !isnan(dv->tflops[p].v);
	if (!any)
		return missing(r, "tflops");
	if (isnan(dv->mps_clients.v))
		return missing(r, "mps");
	return 0;
}

static int read_device(rd *r, const cJSON *v, cat_device *dv)
{
	const cJSON *ch, *kind;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object (the device's fields), got "
			    "%s", type_name(v));
	if (check_keys(r, v, dev_keys) < 0)
		return -1;
	if (!(kind = cJSON_GetObjectItemCaseSensitive(v, "kind")))
		return missing(r, "kind");
	if (read_kind(r, kind, &dv->kind) < 0)
		return -1;
	cJSON_ArrayForEach(ch, v) {
		const dfield *f = dfield_find(ch->string);
		unsigned kinds = f ? f->kinds : nested_kinds(ch->string);
		size_t mark = path_key(r, ch->string);
		int rc = 0;

		if (!(kinds & K(dv->kind)))
			return fail_key(r, "\"%s\" does not apply to a %s",
					ch->string, kind_names[dv->kind]);
		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)dv + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = get_text(r, ch, &dv->name);
		else if (!strcmp(ch->string, "tflops"))
			rc = read_tflops(r, ch, dv);
		else if (!strcmp(ch->string, "mps"))
			rc = read_mps(r, ch, dv);
		else if (!strcmp(ch->string, "mig"))
			rc = read_mig(r, ch, dv);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	return device_complete(r, dv);
}

static void device_init(cat_device *dv)
{
	memset(dv, 0, sizeof *dv);
	dv->cores = dv->clock = dv->memory = dv->memory_bandwidth = no_fig();
	dv->gflops_per_core = dv->mps_clients = dv->mig_max = no_fig();
	dv->bandwidth = dv->capacity = no_fig();
	for (int p = 0; p < CAT_NPREC; p++)
		dv->tflops[p] = no_fig();
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

static int get_bool(rd *r, const cJSON *v, int *out)
{
	if (!cJSON_IsBool(v))
		return fail(r, "expected true or false, got %s", type_name(v));
	*out = cJSON_IsTrue(v);
	return 0;
}

/* Measured above nominal means one of the two was typed wrong. */
static int effective_fits(rd *r, double eff, double nominal)
{
	char a[32], b[32];

	if (isnan(eff) || eff <= nominal)
		return 0;
	unit_format(UNIT_BANDWIDTH, eff, a, sizeof a);
	unit_format(UNIT_BANDWIDTH, nominal, b, sizeof b);
	return fail(r, "effective bandwidth %s is more than the nominal %s",
		    a, b);
}

static int read_link(rd *r, const cJSON *v, cat_link *lk)
{
	static const char *const keys[] = {
		"name", "bandwidth", "effective_bandwidth", "latency",
		"duplex", NULL,
	};
	const cJSON *ch;
	size_t mark;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object (the link's fields), got %s",
			    type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	lk->duplex = -1;
	cJSON_ArrayForEach(ch, v) {
		const lfield *f = lfield_find(ch->string);
		int rc;

		mark = path_key(r, ch->string);
		if (f)
			rc = get_fig(r, ch, f->k,
				     (cat_fig *)((char *)lk + f->off));
		else if (!strcmp(ch->string, "name"))
			rc = get_text(r, ch, &lk->name);
		else
			rc = get_bool(r, ch, &lk->duplex);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	if (!lk->name)
		return missing(r, "name");
	if (isnan(lk->bandwidth.v))
		return missing(r, "bandwidth");
	if (isnan(lk->latency.v))
		return missing(r, "latency");
	if (lk->duplex < 0)
		return missing(r, "duplex");
	mark = path_key(r, "effective_bandwidth");
	if (effective_fits(r, lk->effective_bandwidth.v, lk->bandwidth.v) < 0)
		return -1;
	path_pop(r, mark);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Presets                                                             */

/* obj without the keys in skip, as compact JSON owned by the cat, or
 * NULL (out of memory, diag filled). */
static const char *overrides(rd *r, const cJSON *obj,
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
		if (in_list(ch->string, skip))
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
		oom(r);
		return NULL;
	}
	kept = keep(r, t);
	cJSON_free(t);
	return kept;
}

/* An override of a catalog field: the scenario's plain value, checked as
 * the catalog checks its own (units, > 0, whole where it must be). */
static int read_dev_override(rd *r, const cJSON *ch, const cat_device *type)
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
		return fail_key(r, "unknown key \"%.60s\" (a %s's overrides:"
				"%s)", ch->string, kind_names[type->kind],
				list);
	}
	return get_value(r, ch, f->k, &x);
}

static int read_pdev(rd *r, const cJSON *v, cat_pdev *pd)
{
	static const char *const skip[] = { "type", NULL };
	const cJSON *t, *ch;
	const cat_device *type;
	size_t mark;

	if (check_id(r, v->string, "device name") < 0)
		return -1;
	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, NULL) < 0)
		return -1;
	if (!(t = cJSON_GetObjectItemCaseSensitive(v, "type")))
		return missing(r, "type");
	mark = path_key(r, "type");
	if (!cJSON_IsString(t))
		return fail(r, "expected a string, got %s", type_name(t));
	if (!(type = cat_device_find(r->c, t->valuestring)))
		return fail(r, "no device type \"%.60s\" in the catalog",
			    t->valuestring);
	path_pop(r, mark);
	cJSON_ArrayForEach(ch, v) {
		if (!strcmp(ch->string, "type"))
			continue;
		mark = path_key(r, ch->string);
		if (read_dev_override(r, ch, type) < 0)
			return -1;
		path_pop(r, mark);
	}
	if (!(pd->name = keep(r, v->string)) || !(pd->type = type->id))
		return -1;
	return (pd->overrides = overrides(r, v, skip)) ? 0 : -1;
}

/* "between": two different devices of this preset. */
static int read_between(rd *r, const cJSON *v, const cJSON *devs,
			cat_plink *pl)
{
	const char *end[2];
	const cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
		return fail(r, "expected a list of two device names, got %s",
			    cJSON_IsArray(v) ? "another count" : type_name(v));
	cJSON_ArrayForEach(e, v) {
		size_t mark = path_index(r, i);

		if (!cJSON_IsString(e))
			return fail(r, "expected a device name, got %s",
				    type_name(e));
		if (!cJSON_GetObjectItemCaseSensitive(devs, e->valuestring))
			return fail(r, "no device \"%.60s\" in this preset",
				    e->valuestring);
		end[i++] = e->valuestring;
		path_pop(r, mark);
	}
	if (!strcmp(end[0], end[1]))
		return fail(r, "a link joins two different devices");
	pl->from = cJSON_GetObjectItemCaseSensitive(devs, end[0])->string;
	pl->to = cJSON_GetObjectItemCaseSensitive(devs, end[1])->string;
	return 0;
}

static int read_plink(rd *r, const cJSON *v, const cJSON *devs,
		      cat_plink *pl)
{
	static const char *const skip[] = { "type", "between", NULL };
	const cJSON *t, *ch;
	const cat_link *type;
	size_t mark;

	if (check_id(r, v->string, "link name") < 0)
		return -1;
	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, NULL) < 0)
		return -1;
	if (!(t = cJSON_GetObjectItemCaseSensitive(v, "type")))
		return missing(r, "type");
	if (!cJSON_GetObjectItemCaseSensitive(v, "between"))
		return missing(r, "between");
	mark = path_key(r, "type");
	if (!cJSON_IsString(t))
		return fail(r, "expected a string, got %s", type_name(t));
	if (!(type = cat_link_find(r->c, t->valuestring)))
		return fail(r, "no link type \"%.60s\" in the catalog",
			    t->valuestring);
	path_pop(r, mark);
	cJSON_ArrayForEach(ch, v) {
		const lfield *f = lfield_find(ch->string);
		double x;
		int b, rc;

		if (!strcmp(ch->string, "type"))
			continue;
		mark = path_key(r, ch->string);
		if (!strcmp(ch->string, "between"))
			rc = read_between(r, ch, devs, pl);
		else if (f)
			rc = get_value(r, ch, f->k, &x);
		else if (!strcmp(ch->string, "duplex"))
			rc = get_bool(r, ch, &b);
		else
			rc = fail_key(r, "unknown key \"%.60s\" (expected "
				      "one of: type between bandwidth "
				      "effective_bandwidth latency duplex)",
				      ch->string);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	/* The borrowed names in pl point into the tree: keep copies. */
	if (!(pl->from = keep(r, pl->from)) || !(pl->to = keep(r, pl->to)) ||
	    !(pl->name = keep(r, v->string)))
		return -1;
	pl->type = type->id;
	return (pl->overrides = overrides(r, v, skip)) ? 0 : -1;
}

static int read_hw_devices(rd *r, const cJSON *v, cat_preset *p)
{
	const cJSON *ch;
	cat_pdev *a;
	int n = cJSON_GetArraySize(v);

	if (!cJSON_IsObject(v) || n == 0)
		return fail(r, "expected an object of devices by name, got %s",
			    cJSON_IsObject(v) ? "an empty object" :
			    type_name(v));
	if (n > MAX_ENTRIES)
		return fail(r, "more than %d devices", MAX_ENTRIES);
	if (check_keys(r, v, NULL) < 0)
		return -1;
	a = hb_calloc((size_t)n, sizeof *a);
	if (own(r, a) < 0)
		return -1;
	p->devices = a;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = path_key(r, ch->string);

		if (read_pdev(r, ch, &a[p->ndevices]) < 0)
			return -1;
		p->ndevices++;
		path_pop(r, mark);
	}
	return 0;
}

static int read_hw_links(rd *r, const cJSON *v, const cJSON *devs,
			 cat_preset *p)
{
	const cJSON *ch;
	cat_plink *a;
	int n = cJSON_GetArraySize(v);

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object of links by name, got %s",
			    type_name(v));
	if (n > MAX_ENTRIES)
		return fail(r, "more than %d links", MAX_ENTRIES);
	if (check_keys(r, v, NULL) < 0)
		return -1;
	a = hb_calloc((size_t)(n ? n : 1), sizeof *a);
	if (own(r, a) < 0)
		return -1;
	p->links = a;
	cJSON_ArrayForEach(ch, v) {
		size_t mark = path_key(r, ch->string);

		if (read_plink(r, ch, devs, &a[p->nlinks]) < 0)
			return -1;
		p->nlinks++;
		path_pop(r, mark);
	}
	return 0;
}

/* The machine itself: devices first (links refer to them). */
static int read_hardware(rd *r, const cJSON *v, cat_preset *p)
{
	static const char *const keys[] = { "devices", "links", NULL };
	const cJSON *devs, *links;
	size_t mark;
	char *t;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object, got %s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	if (!(devs = cJSON_GetObjectItemCaseSensitive(v, "devices")))
		return missing(r, "devices");
	mark = path_key(r, "devices");
	if (read_hw_devices(r, devs, p) < 0)
		return -1;
	path_pop(r, mark);
	if ((links = cJSON_GetObjectItemCaseSensitive(v, "links"))) {
		mark = path_key(r, "links");
		if (read_hw_links(r, links, devs, p) < 0)
			return -1;
		path_pop(r, mark);
	}
	if (!(t = cJSON_PrintUnformatted(v)))
		return oom(r);
	p->hardware_json = keep(r, t);
	cJSON_free(t);
	return p->hardware_json ? 0 : -1;
}

static int read_preset(rd *r, const cJSON *v, cat_preset *p)
{
	static const char *const keys[] = {
		"name", "source", "hardware", NULL,
	};
	const cJSON *ch;

	if (!cJSON_IsObject(v))
		return fail(r, "expected an object (the preset's fields), got "
			    "%s", type_name(v));
	if (check_keys(r, v, keys) < 0)
		return -1;
	for (int i = 0; keys[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(v, keys[i]))
			return missing(r, keys[i]);
	cJSON_ArrayForEach(ch, v) {
		size_t mark = path_key(r, ch->string);
		int rc;

		if (!strcmp(ch->string, "name"))
			rc = get_text(r, ch, &p->name);
		else if (!strcmp(ch->string, "source"))
			rc = get_text(r, ch, &p->source);
		else
			rc = read_hardware(r, ch, p);
		if (rc < 0)
			return -1;
		path_pop(r, mark);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

enum { F_DEVICES, F_LINKS, F_PRESETS, NFILES };
static const char *const file_names[NFILES] = {
	"devices.json", "links.json", "presets.json",
};

/* Read the entries of one file: an object of entries by id. */
static int read_entries(rd *r, const cJSON *root, int which)
{
	cat *c = r->c;
	const cJSON *ch;
	int n = cJSON_GetArraySize(root), i = 0;
	size_t esz = which == F_DEVICES ? sizeof *c->dev :
		     which == F_LINKS ? sizeof *c->lnk : sizeof *c->pre;
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
	if (which == F_DEVICES)
		c->dev = a;
	else if (which == F_LINKS)
		c->lnk = a;
	else
		c->pre = a;
	cJSON_ArrayForEach(ch, root) {
		size_t mark = path_key(r, ch->string);
		const char *id;
		int rc;

		if (check_id(r, ch->string, "id") < 0)
			return -1;
		if (!(id = keep(r, ch->string)))
			return -1;
		if (which == F_DEVICES) {
			device_init(&c->dev[i]);
			c->dev[i].id = id;
			c->ndev = i + 1;
			rc = read_device(r, ch, &c->dev[i]);
		} else if (which == F_LINKS) {
			c->lnk[i] = (cat_link){ .id = id };
			c->lnk[i].bandwidth = no_fig();
			c->lnk[i].effective_bandwidth = no_fig();
			c->lnk[i].latency = no_fig();
			c->nlnk = i + 1;
			rc = read_link(r, ch, &c->lnk[i]);
		} else {
			c->pre[i] = (cat_preset){ .id = id };
			c->npre = i + 1;
			rc = read_preset(r, ch, &c->pre[i]);
		}
		if (rc < 0)
			return -1;
		path_pop(r, mark);
		i++;
	}
	return 0;
}

static int read_file(cat *c, const struct embed_file *f, int which, diag *d)
{
	rd r = { .c = c, .d = d, .file = f->name, .text = f->text };
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
	rc = read_entries(&r, root, which);
	cJSON_Delete(root);
	return rc;
}

int cat_load_files(cat **out, const struct embed_file *files, int n,
		   diag *d)
{
	const struct embed_file *f[NFILES] = { NULL };
	cat *c;

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
	for (int i = 0; i < c->nown; i++)
		hb_free(c->own[i]);
	hb_free(c->own);
	hb_free(c->dev);
	hb_free(c->lnk);
	hb_free(c->pre);
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

__attribute__((format(printf, 3, 4)))
static int mig_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

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
		return mig_err(err, errlen, "%s does not support MIG", dv->id);
	if (n <= 0)
		return mig_err(err, errlen, "MIG on %s needs at least one "
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
			return mig_err(err, errlen, "unknown MIG profile "
				       "\"%.40s\" for %s (profiles: %s)",
				       profiles[i], dv->id, list);
		}
	if (n > dv->mig_max.v)
		return mig_err(err, errlen, "%d partitions, but %s has at most "
			       "%.0f", n, dv->id, dv->mig_max.v);
	for (int j = 0; j < dv->nmig; j++) {
		int used = 0;

		for (int i = 0; i < n; i++)
			used += !strcmp(profiles[i], dv->mig[j].name);
		if (used > dv->mig[j].max)
			return mig_err(err, errlen, "\"%s\" used %d times, but "
				       "%s allows at most %d", dv->mig[j].name,
				       used, dv->id, dv->mig[j].max);
		cs += used * dv->mig[j].compute_slices;
		ms += used * dv->mig[j].memory_slices;
	}
	if (cs > dv->mig_compute_slices)
		return mig_err(err, errlen, "the partitions need %d compute "
			       "slices, but %s has %d", cs, dv->id,
			       dv->mig_compute_slices);
	if (ms > dv->mig_memory_slices)
		return mig_err(err, errlen, "the partitions need %d memory "
			       "slices, but %s has %d", ms, dv->id,
			       dv->mig_memory_slices);
	return 0;
}
