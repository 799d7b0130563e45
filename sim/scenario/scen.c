/*
 * scen.c: the scenario reader's entry points. JSON text and --set
 * overrides in, a checked scen out (shared/spec/scenario.md is the
 * contract); scen_impl.h says how the reading goes and which file does
 * what. Here: scen_read (against catalogs the caller holds), scen_parse
 * (against the builtin ones, loaded once per process), scen_free, the
 * lookups by name, and scen_value, which walks the tree the scen keeps.
 *
 * Workload: one call per run (toc: one per lever value tried), on files
 * of a few kilobytes; clarity wins over speed, except that nothing is
 * quadratic in the size of the input (the fuzzer feeds 64 KB lists).
 */
#include "scenario/scen.h"

#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "core/hb.h"
#include "input/jrd.h"
#include "mlcat.h"
#include "scenario/scen_impl.h"

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

static int read_(const scen_cat *c, const char *file, const char *text,
		 size_t len, const char *const *sets, int nsets, scen **out,
		 diag *d, int levers);

/* Every value of every lever must apply to the line as given: each read
 * once more with it as a last --set (without this check again), so that
 * `check` refuses a bad one at its place, not `toc` later. */
static int check_levers(rd *r, const scen_cat *c, const char *text,
			size_t len, const char *const *sets, int nsets)
{
	const char **all = hb_calloc((size_t)nsets + 1, sizeof *all);
	int rc = 0;

	if (!all)
		return jrd_oom(&r->j);
	for (int i = 0; i < nsets; i++)
		all[i] = sets[i];
	for (int i = 0; rc == 0 && i < r->s->nlevers; i++)
		for (int j = 0; rc == 0 && j < r->s->lever[i].nvalues; j++) {
			const scen_lever *lv = &r->s->lever[i];
			char *set = hb_malloc(strlen(lv->set) + strlen(lv->values[j]) + 2);
			char path[64];
			scen *v = NULL;
			diag d2;

			if (!set) {
				rc = jrd_oom(&r->j);
				break;
			}
			sprintf(set, "%s=%s", lv->set, lv->values[j]);
			all[nsets] = set;
			diag_clear(&d2);
			rc = read_(c, r->j.file, text, len, all, nsets + 1, &v, &d2, 0);
			scen_free(v);
			if (rc < 0 && d2.code == HB_NOMEM) {
				rc = jrd_oom(&r->j);
			} else if (rc < 0) {
				snprintf(path, sizeof path, "levers[%d].values[%d]", i, j);
				rc = jrd_fail_at(&r->j, path, path, 0, "%s does not apply: "
						 "%s", set, d2.msg);
			}
			hb_free(set);
		}
	hb_free(all);
	return rc;
}

int scen_read(const scen_cat *c, const char *file, const char *text,
	      size_t len, const char *const *sets, int nsets, scen **out,
	      diag *d)
{
	return read_(c, file, text, len, sets, nsets, out, d, 1);
}

static int read_(const scen_cat *c, const char *file, const char *text,
		 size_t len, const char *const *sets, int nsets, scen **out,
		 diag *d, int levers)
{
	rd r = { 0 };
	cJSON *root = NULL;
	int i, rc;

	*out = NULL;
	diag_clear(d);
	jrd_init(&r.j, file, text, len, d);
	r.j.place = setp_place;
	r.j.place_ctx = &r;
	r.sets = sets;
	r.cat = c->hw;
	r.ml = c->ml;
	if (!sets)
		nsets = 0;
	if ((rc = jrd_parse(&r.j, &root)) < 0)
		return rc;
	if (nsets > 0 && !(r.ov = hb_calloc((size_t)nsets, sizeof *r.ov))) {
		rc = jrd_oom(&r.j);
		goto out;
	}
	for (i = 0; i < nsets; i++)
		if ((rc = setp_apply(&r, root, i)) < 0)
			goto out;
	if (!(r.s = hb_calloc(1, sizeof *r.s))) {
		rc = jrd_oom(&r.j);
		goto out;
	}
	rc = sread_top(&r, root);
	if (rc == 0)
		rc = sgraph_names(&r);
	if (rc == 0)
		rc = shw_resolve(&r);
	if (rc == 0)
		rc = sgraph_check(&r);
	if (rc == 0 && levers)
		rc = check_levers(&r, c, text, len, sets, nsets);
	if (rc == 0) {
		char *t = cJSON_PrintUnformatted(root);

		r.s->json = t ? hb_strdup(t) : NULL;
		cJSON_free(t);
		if (!r.s->json)
			rc = jrd_oom(&r.j);
	}
	if (rc == 0) {
		r.s->tree = root;	/* the scen's now */
		root = NULL;
		*out = r.s;
		r.s = NULL;
	}
out:
	scen_free(r.s);
	for (i = 0; i < nsets && r.ov; i++)
		setp_release(&r.ov[i]);
	hb_free(r.ov);
	cJSON_Delete(root);
	return rc;
}

/* The builtin catalogs: loaded once per process, never freed (a global,
 * against STYLE.md 3, so that scen_parse keeps its signature for its many
 * callers; a caller that holds its own catalogs uses scen_read). Two
 * threads may both load on a first call: the first to publish wins and
 * the other frees its copy. */
static _Atomic(scen_cat *) builtin;

int scen_builtin_cat(const scen_cat **out, diag *d)
{
	scen_cat *c = atomic_load_explicit(&builtin, memory_order_acquire);
	scen_cat *none = NULL;
	cat *hw = NULL;
	mlcat *ml = NULL;

	if (c) {
		*out = c;
		return 0;
	}
	if (cat_load(&hw, d) < 0 || mlcat_load(&ml, d) < 0) {
		cat_free(hw);
		return -1;
	}
	if (!(c = hb_malloc(sizeof *c))) {
		cat_free(hw);
		mlcat_free(ml);
		return diag_nomem(d);
	}
	c->hw = hw;
	c->ml = ml;
	if (!atomic_compare_exchange_strong_explicit(&builtin, &none, c,
						     memory_order_acq_rel,
						     memory_order_acquire)) {
		cat_free(hw);
		mlcat_free(ml);
		hb_free(c);
		c = none;
	}
	*out = c;
	return 0;
}

int scen_parse(const char *file, const char *text, size_t len,
	       const char *const *sets, int nsets, scen **out, diag *d)
{
	const scen_cat *c;

	*out = NULL;
	diag_clear(d);
	if (scen_builtin_cat(&c, d) < 0)
		return -1;
	return scen_read(c, file, text, len, sets, nsets, out, d);
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
		hb_free(st->ar_xfer);
		hb_free(st->work_model);
		hb_free(st->work_runtime);
		hb_free(st->work_precision);
		hb_free(st->device_idx);
		hb_free(st->via_idx);
	}
	hb_free(s->stations);
	shw_free(s);
	hb_free(s->hardware);
	hb_free(s->goal_text);
	hb_free(s->levers_text);
	hb_free(s->json);
	cJSON_Delete(s->tree);
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
	const cJSON *cur = s->tree;
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
	return cur ? rc : value_default(s, path, out, n);
}

int scen_device_index(const scen *s, const char *name)
{
	for (int i = 0; i < s->ndevices; i++)
		if (!strcmp(s->devices[i].name, name))
			return i;
	return -1;
}

int scen_link_index(const scen *s, const char *name)
{
	for (int i = 0; i < s->nlinks; i++)
		if (!strcmp(s->links[i].name, name))
			return i;
	return -1;
}

/* Does station st keep memory on device k? Once per device, however many
 * of its servers run there. */
int scen_station_on(const scen_station *st, int k)
{
	for (int j = 0; j < st->ndevices; j++)
		if (st->device_idx[j] == k)
			return 1;
	return 0;
}
