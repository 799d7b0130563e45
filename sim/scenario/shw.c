/*
 * shw.c: the `hardware` section, read against the catalog, and the
 * placing of stations on it.
 *
 * Reading order, whatever the order of the keys: the preset (a whole
 * machine from the catalog), then `devices` (a name already in the preset
 * is overridden field by field, a new name is added), then `links`. A GPU
 * split by MIG is followed in the device list by its partitions, named
 * "gpu0/0", "gpu0/1", ... Placing stations (their `device`, transports'
 * `via`, MPS shares, memory) waits until the stations are read:
 * shw_resolve, between sgraph_names and sgraph_check. The costs that
 * follow from the placing are models/' (coll.h: a barrier's all-reduce,
 * routed over the links by scoll.c;
 * roof.h: a station's work; mem.h: what fits a device's memory).
 */
#include "scenario/scen_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cat.h"
#include "core/hb.h"
#include "input/jrd.h"
#include "input/names.h"
#include "input/unit.h"
#include "mem.h"
#include "mlcat.h"
#include "roof.h"

#define MAX_DEVICES	4096
#define MAX_CORES	100000
/* Time-slicing: NVIDIA does not publish the quantum or the cost of a
 * context switch; these are assumptions a scenario should override
 * (sharing.quantum, sharing.switch) when it has measurements. */
#define TIMESLICE_QUANTUM	(2 * ST_MS)
#define TIMESLICE_SWITCH	(50 * ST_US)
/* MPS's client limit when the catalog has none (Volta and later: 48). */
#define MPS_CLIENTS_DEFAULT	48

static const char *const device_keys[] = {
	"type", "cores", "memory", "sharing", "bandwidth", NULL
};
static const char *const sharing_keys[] = {
	"mode", "partitions", "quantum", "switch", "shares", NULL
};
static const char *const share_modes[] = {
	"exclusive", "timeslice", "mps", "mig", NULL
};
static const char *const link_keys[] = {
	"type", "between", "bandwidth", "effective_bandwidth", "latency",
	"duplex", NULL
};

/* ------------------------------------------------------------------ */
/* Devices, links and presets                                          */

/* A catalog's ids of one table, NULL-terminated, for did-you-mean; owned
 * by the caller (hb_free). */
static const char **catalog_ids(const cat *c, int devices)
{
	int n = devices ? cat_ndevices(c) : cat_nlinks(c);
	const char **ids = hb_calloc((size_t)n + 1, sizeof *ids);

	for (int i = 0; ids && i < n; i++)
		ids[i] = devices ? cat_device_at(c, i)->id : cat_link_at(c, i)->id;
	return ids;
}

static int unknown_type(rd *r, const char *type, int devices)
{
	const char **ids = catalog_ids(r->cat, devices);
	char q[96], list[600], h[128];
	int n;

	if (!ids)
		return jrd_oom(&r->j);
	n = names_count(ids);
	jrd_fail(&r->j, "no %s type %s in the catalog (it has: %s)%s",
		 devices ? "device" : "link", names_quote(q, sizeof q, type),
		 names_join(list, sizeof list, ", ", ids, n, 0),
		 names_hint(h, sizeof h, type, ids, n));
	hb_free(ids);
	return -1;
}

/* Append a device named name; its index, or -1 (out of memory, or too
 * many). */
static int add_device(rd *r, const char *name)
{
	scen *s = r->s;
	scen_device *dv;

	if (s->ndevices >= MAX_DEVICES)
		return jrd_fail(&r->j, "at most %d devices", MAX_DEVICES);
	dv = hb_realloc(s->devices, ((size_t)s->ndevices + 1) * sizeof *dv);
	if (!dv)
		return jrd_oom(&r->j);
	s->devices = dv;
	dv = &s->devices[s->ndevices];
	memset(dv, 0, sizeof *dv);
	dv->parent = -1;
	dv->speed = 1;
	if (!(dv->name = hb_strdup(name)))
		return jrd_oom(&r->j);
	return s->ndevices++;
}

/* The catalog's figures for device i of type `type`. */
static int apply_type(rd *r, int i, const char *type)
{
	const cat_device *cd = cat_device_find(r->cat, type);
	scen_device *dv = &r->s->devices[i];

	if (!cd)
		return unknown_type(r, type, 1);
	hb_free(dv->type);
	if (!(dv->type = hb_strdup(type)))
		return jrd_oom(&r->j);
	dv->kind = cd->kind == CAT_CPU ? SCEN_DEV_CPU :
		   cd->kind == CAT_GPU ? SCEN_DEV_GPU : SCEN_DEV_ENDPOINT;
	dv->cat_kind = (int)cd->kind;
	dv->cores = cd->kind == CAT_CPU && isfinite(cd->cores.v) ?
		    (int64_t)cd->cores.v : 1;
	dv->memory = isfinite(cd->memory.v) ? cd->memory.v : 0;
	dv->max_clients = isfinite(cd->mps_clients.v) ?
			  (int64_t)cd->mps_clients.v : MPS_CLIENTS_DEFAULT;
	dv->sharing = SHARE_EXCLUSIVE;
	return 0;
}

/* The partitions of a MIG GPU: checked against the card's profiles
 * always, and with `create` added right after it in the device list. */
static int read_partitions(rd *r, int gpu, const cJSON *v, int create)
{
	const cat_device *cd = cat_device_find(r->cat, r->s->devices[gpu].type);
	const char *prof[8];
	char err[300], name[300];
	const cJSON *e;
	int n = 0;

	if (!cd || cd->nmig == 0)
		return jrd_fail(&r->j, "%s has no MIG (the catalog lists no MIG profiles "
				"for %s)", r->s->devices[gpu].name,
				r->s->devices[gpu].type);
	if (jrd_get_list(&r->j, v, "MIG profiles", 1, 7, &n) < 0)
		return -1;
	n = 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !e->valuestring) {
			size_t mark = jrd_index(&r->j, n);

			jrd_fail(&r->j, "expected a MIG profile name like \"3g.40gb\", "
				 "got %s", names_type(e));
			jrd_pop(&r->j, mark);
			return -1;
		}
		prof[n++] = e->valuestring;
	}
	if (cat_mig_check(cd, prof, n, err, sizeof err) < 0)
		return jrd_fail(&r->j, "%s", err);
	if (!create)
		return 0;
	r->s->devices[gpu].npartitions = n;
	for (int k = 0; k < n; k++) {
		const cat_mig *m = NULL;
		scen_device *p;
		int j;

		for (int q = 0; q < cd->nmig; q++)
			if (!strcmp(cd->mig[q].name, prof[k]))
				m = &cd->mig[q];
		snprintf(name, sizeof name, "%s/%d", r->s->devices[gpu].name, k);
		if ((j = add_device(r, name)) < 0)
			return -1;
		p = &r->s->devices[j];
		p->kind = SCEN_DEV_GPU;
		p->cat_kind = CAT_GPU;
		p->parent = gpu;
		p->speed = m->compute;
		p->memory = m->memory;
		p->sharing = SHARE_EXCLUSIVE;
		if (!(p->type = hb_strdup(r->s->devices[gpu].type)) ||
		    !(p->profile = hb_strdup(prof[k])))
			return jrd_oom(&r->j);
	}
	return 0;	/* the card's partitions are the last n devices now */
}

static int read_sharing(rd *r, int i, const cJSON *v)
{
	const cJSON *c;
	int mode = SHARE_EXCLUSIVE;
	scen_device *dv = &r->s->devices[i];

	if (dv->kind != SCEN_DEV_GPU)
		return jrd_fail(&r->j, "only a GPU is shared this way (%s is a %s)",
				dv->name, dv->kind == SCEN_DEV_CPU ? "CPU" : "endpoint");
	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object like {\"mode\": \"mps\"}, got %s",
				names_type(v));
	if (jrd_check_keys(&r->j, v, sharing_keys) < 0)
		return -1;
	if (!(c = jrd_member(v, "mode")))
		return jrd_missing(&r->j, "mode");
	{
		size_t mark = jrd_key(&r->j, "mode");

		if (jrd_get_word(&r->j, c, share_modes, &mode) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	dv->sharing = (share_mode)mode;
	dv->quantum = TIMESLICE_QUANTUM;
	dv->switch_cost = TIMESLICE_SWITCH;
	/* Every field is checked whatever the mode and used by its own, so
	 * that one --set of sharing.mode switches a card between them. */
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		if (!strcmp(c->string, "partitions"))
			rc = read_partitions(r, i, c, mode == SHARE_MIG);
		else if (!strcmp(c->string, "quantum"))
			rc = sget_simtime(r, c, 1, &r->s->devices[i].quantum);
		else if (!strcmp(c->string, "switch"))
			rc = sget_simtime(r, c, 0, &r->s->devices[i].switch_cost);
		else if (!strcmp(c->string, "shares") && !cJSON_IsObject(c))
			rc = jrd_fail(&r->j, "expected an object of weights by station, "
				      "like {\"detect\": 2, \"recognize\": 1}, got %s",
				      names_type(c));
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	if (mode == SHARE_MIG && !jrd_member(v, "partitions"))
		return jrd_missing(&r->j, "partitions");
	return 0;
}

/* Device `name` from v: new, or overriding a preset's device. */
static int read_device(rd *r, const char *name, const cJSON *v)
{
	const cJSON *c;
	int i = scen_device_index(r->s, name), created = i < 0;
	int64_t cores;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (the device's fields), got %s",
				names_type(v));
	if (strchr(name, '/') || strpbrk(name, ".[]="))
		return jrd_fail_key(&r->j, "a device name may not contain '/', '.', "
				    "'[', ']' or '=' (\"%s\")", name);
	if (jrd_check_keys(&r->j, v, device_keys) < 0)
		return -1;
	if (created && !jrd_member(v, "type"))
		return jrd_missing(&r->j, "type");
	if (created && (i = add_device(r, name)) < 0)
		return -1;
	if ((c = jrd_member(v, "type"))) {
		size_t mark = jrd_key(&r->j, "type");
		char *type = NULL;
		int rc = sget_string(r, c, 1, &type);

		if (rc == 0)
			rc = apply_type(r, i, type);
		hb_free(type);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		scen_device *dv = &r->s->devices[i];
		int rc = 0;

		if (!strcmp(c->string, "cores")) {
			rc = dv->kind != SCEN_DEV_CPU ?
			     jrd_fail_key(&r->j, "cores applies to a CPU (%s is a %s)",
					  name, dv->kind == SCEN_DEV_GPU ? "GPU" : "endpoint") :
			     jrd_get_int(&r->j, c, 1, MAX_CORES, &cores);
			if (rc == 0)
				r->s->devices[i].cores = cores;
		} else if (!strcmp(c->string, "memory")) {
			rc = sget_size(r, c, &r->s->devices[i].memory);
		} else if (!strcmp(c->string, "bandwidth")) {
			/* what a switch, NIC or drive is rated for: shown,
			 * not simulated (the links carry the transfers) */
			rc = dv->kind != SCEN_DEV_ENDPOINT ?
			     jrd_fail_key(&r->j, "bandwidth applies to a NIC, switch or drive; "
					  "%s's transfers go over its links", name) :
			     jrd_get_qty(&r->j, c, UNIT_BANDWIDTH, &r->s->devices[i].bandwidth);
		} else if (!strcmp(c->string, "sharing")) {
			rc = read_sharing(r, i, c);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

static int add_link(rd *r, const char *name)
{
	scen *s = r->s;
	scen_link *lk;

	if (s->nlinks >= MAX_DEVICES)
		return jrd_fail(&r->j, "at most %d links", MAX_DEVICES);
	lk = hb_realloc(s->links, ((size_t)s->nlinks + 1) * sizeof *lk);
	if (!lk)
		return jrd_oom(&r->j);
	s->links = lk;
	lk = &s->links[s->nlinks];
	memset(lk, 0, sizeof *lk);
	lk->ends[0] = lk->ends[1] = -1;
	lk->duplex = 1;
	if (!(lk->name = hb_strdup(name)))
		return jrd_oom(&r->j);
	return s->nlinks++;
}

static int no_device(rd *r, const char *name)
{
	const char **names = hb_calloc((size_t)r->s->ndevices + 1, sizeof *names);
	char q[96], list[400], h[128];

	if (!names)
		return jrd_oom(&r->j);
	for (int i = 0; i < r->s->ndevices; i++)
		names[i] = r->s->devices[i].name;
	if (r->s->ndevices == 0)
		jrd_fail(&r->j, "no device named %s (the scenario has no hardware devices)",
			 names_quote(q, sizeof q, name));
	else
		jrd_fail(&r->j, "no device named %s (devices: %s)%s", names_quote(q, sizeof q, name),
			 names_join(list, sizeof list, ", ", names, r->s->ndevices, 0),
			 names_hint(h, sizeof h, name, names, r->s->ndevices));
	hb_free(names);
	return -1;
}

static int read_between(rd *r, int i, const cJSON *v)
{
	const cJSON *e;
	int n = 0;

	if (jrd_get_list(&r->j, v, "device names", 2, 2, &n) < 0)
		return -1;
	n = 0;
	cJSON_ArrayForEach(e, v) {
		size_t mark = jrd_index(&r->j, n);
		int k;

		if (!cJSON_IsString(e) || !e->valuestring)
			return jrd_fail(&r->j, "expected a device name, got %s", names_type(e));
		if ((k = scen_device_index(r->s, e->valuestring)) < 0)
			return no_device(r, e->valuestring);
		r->s->links[i].ends[n++] = r->s->devices[k].parent >= 0 ?
					    r->s->devices[k].parent : k;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

static int link_bandwidth(rd *r, const cJSON *v, double *out)
{
	if (jrd_get_qty(&r->j, v, UNIT_BANDWIDTH, out) < 0)
		return -1;
	if (!(*out > 0 && *out <= 1e15))
		return jrd_fail(&r->j, "must be more than 0 and at most 1PB/s");
	return 0;
}

/* Link `name` from v: new, or overriding a preset's link. The bandwidth
 * the engine uses is the catalog's effective figure (else its nominal
 * one), replaced by the scenario's `bandwidth`, then by its
 * `effective_bandwidth`. */
static int read_link(rd *r, const char *name, const cJSON *v)
{
	const cJSON *c;
	int i = scen_link_index(r->s, name);
	scen_link *lk;

	if (!cJSON_IsObject(v))
		return jrd_fail(&r->j, "expected an object (the link's fields), got %s",
				names_type(v));
	if (strpbrk(name, ".[]="))
		return jrd_fail_key(&r->j, "a link name may not contain '.', '[', ']' "
				    "or '=' (\"%s\")", name);
	if (jrd_check_keys(&r->j, v, link_keys) < 0)
		return -1;
	if (i < 0 && !jrd_member(v, "type") && !jrd_member(v, "bandwidth"))
		return jrd_fail(&r->j, "a link needs a \"type\" from the catalog or its "
				"\"bandwidth\"");
	if (i < 0 && (i = add_link(r, name)) < 0)
		return -1;
	if ((c = jrd_member(v, "type"))) {
		size_t mark = jrd_key(&r->j, "type");
		const cat_link *cl;

		if (!cJSON_IsString(c) || !c->valuestring)
			return jrd_fail(&r->j, "expected a link type, got %s", names_type(c));
		if (!(cl = cat_link_find(r->cat, c->valuestring)))
			return unknown_type(r, c->valuestring, 0);
		lk = &r->s->links[i];
		hb_free(lk->type);
		if (!(lk->type = hb_strdup(cl->id)))
			return jrd_oom(&r->j);
		lk->bandwidth = isfinite(cl->effective_bandwidth.v) ?
				cl->effective_bandwidth.v : cl->bandwidth.v;
		lk->latency = isfinite(cl->latency.v) ? st_from_s(cl->latency.v) : 0;
		lk->duplex = cl->duplex;
		jrd_pop(&r->j, mark);
	}
	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);
		int rc = 0;

		lk = &r->s->links[i];
		if (!strcmp(c->string, "bandwidth")) {
			rc = link_bandwidth(r, c, &lk->bandwidth);
		} else if (!strcmp(c->string, "latency")) {
			rc = sget_simtime(r, c, 0, &lk->latency);
		} else if (!strcmp(c->string, "duplex")) {
			rc = jrd_get_bool(&r->j, c, &lk->duplex);
		} else if (!strcmp(c->string, "between")) {
			rc = read_between(r, i, c);
		}
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	/* what a link achieves beats what it is rated for */
	if ((c = jrd_member(v, "effective_bandwidth"))) {
		size_t mark = jrd_key(&r->j, "effective_bandwidth");

		if (link_bandwidth(r, c, &r->s->links[i].bandwidth) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* devices or links of v, each by its name. */
static int read_each(rd *r, const cJSON *v, int devices)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, v) {
		size_t mark = jrd_key(&r->j, c->string);

		if ((devices ? read_device(r, c->string, c) :
			       read_link(r, c->string, c)) < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* A preset: the catalog's machine, read like a scenario's hardware. */
static int read_preset(rd *r, const cJSON *v)
{
	const cat_preset *p;
	cJSON *hw;
	char q[96];
	int rc;

	if (!cJSON_IsString(v) || !v->valuestring)
		return jrd_fail(&r->j, "expected a preset name like \"dgx-h100\", got %s",
				names_type(v));
	if (!(p = cat_preset_find(r->cat, v->valuestring))) {
		const char *ids[64];
		char list[600], h[128];
		int n = 0;

		for (int i = 0; i < cat_npresets(r->cat) && n < 63; i++)
			ids[n++] = cat_preset_at(r->cat, i)->id;
		ids[n] = NULL;
		return jrd_fail(&r->j, "no preset %s in the catalog (it has: %s)%s",
				names_quote(q, sizeof q, v->valuestring),
				names_join(list, sizeof list, ", ", ids, n, 0),
				names_hint(h, sizeof h, v->valuestring, ids, n));
	}
	if (!(hw = cJSON_Parse(p->hardware_json)))
		return jrd_fail(&r->j, "the catalog's preset %s is not valid JSON", p->id);
	rc = read_each(r, jrd_member(hw, "devices"), 1);
	if (rc == 0)
		rc = read_each(r, jrd_member(hw, "links"), 0);
	cJSON_Delete(hw);
	return rc;
}

/* The typed hardware: preset, devices, links, in that order. */
static int read_hardware_typed(rd *r, const cJSON *v)
{
	static const char *const order[] = { "preset", "devices", "links" };

	for (int k = 0; k < 3; k++) {
		const cJSON *c = jrd_member(v, order[k]);
		size_t mark;
		int rc;

		if (!c)
			continue;
		mark = jrd_key(&r->j, order[k]);
		rc = k == 0 ? read_preset(r, c) : read_each(r, c, k == 1);
		if (rc < 0)
			return -1;
		jrd_pop(&r->j, mark);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Placing the stations                                                */

/* A station placed on a GPU split by MIG takes the next partition that no
 * earlier station took: seven models on "gpu0" fill seven partitions, and
 * the same scenario runs under MPS or time-slicing by changing the mode. */
static int next_partition(rd *r, int i, int gpu)
{
	const scen_device *dv = &r->s->devices[gpu];
	int taken = 0;

	for (int p = 0; p < i; p++) {
		const scen_station *q = &r->s->stations[p];

		for (int j = 0; j < q->ndevices; j++)
			taken += r->s->devices[q->device_idx[j]].parent == gpu &&
				 !strcmp(q->devices[j], dv->name);
	}
	if (taken >= dv->npartitions)
		return jrd_fail(&r->j, "%s is split into %d MIG partitions and earlier "
				"stations took them all (place stations on %s/0 .. "
				"%s/%d to share one)", dv->name, dv->npartitions,
				dv->name, dv->name, dv->npartitions - 1);
	return gpu + 1 + taken;
}

static int place_station(rd *r, int i)
{
	scen_station *st = &r->s->stations[i];

	if (st->ndevices == 0)
		return 0;
	if (!(st->device_idx = hb_calloc((size_t)st->ndevices, sizeof *st->device_idx)))
		return jrd_oom(&r->j);
	for (int j = 0; j < st->ndevices; j++) {
		int k = scen_device_index(r->s, st->devices[j]);
		const scen_device *dv;

		if (st->ndevices == 1)
			jrd_goto(&r->j, "stations[%d].device", i);
		else
			jrd_goto(&r->j, "stations[%d].device[%d]", i, j);
		if (k < 0)
			return no_device(r, st->devices[j]);
		dv = &r->s->devices[k];
		if (dv->kind == SCEN_DEV_ENDPOINT)
			return jrd_fail(&r->j, "%s (%s) is a NIC, switch or drive: links end "
					"there, but no station runs on it", dv->name,
					dv->type);
		if (dv->sharing == SHARE_MIG && (k = next_partition(r, i, k)) < 0)
			return -1;
		st->device_idx[j] = k;
	}
	return 0;
}

static int route_station(rd *r, int i)
{
	scen_station *st = &r->s->stations[i];

	if (st->transport != TRANSPORT_VIA)
		return 0;
	if (!(st->via_idx = hb_calloc((size_t)st->nvia, sizeof *st->via_idx)))
		return jrd_oom(&r->j);
	for (int j = 0; j < st->nvia; j++) {
		int k = scen_link_index(r->s, st->via[j]);

		jrd_goto(&r->j, "stations[%d].transport.via[%d]", i, j);
		if (k < 0) {
			const char **names = hb_calloc((size_t)r->s->nlinks + 1, sizeof *names);
			char q[96], list[400], h[128];

			if (!names)
				return jrd_oom(&r->j);
			for (int l = 0; l < r->s->nlinks; l++)
				names[l] = r->s->links[l].name;
			jrd_fail(&r->j, "no link named %s (%s)%s", names_quote(q, sizeof q, st->via[j]),
				 r->s->nlinks ?
				 names_join(list, sizeof list, ", ", names, r->s->nlinks, 0) :
				 "the scenario has no hardware links",
				 names_hint(h, sizeof h, st->via[j], names, r->s->nlinks));
			hb_free(names);
			return -1;
		}
		st->via_idx[j] = k;
	}
	return 0;
}

/* What is placed on device k must fit (mem_fit: MPS and time-slicing
 * share one memory, a MIG partition has its own): refused before anything
 * runs, with the sum that does not fit. */
static int check_memory(rd *r, int k)
{
	const scen_device *dv = &r->s->devices[k];
	char have[32], need[32], parts[400] = "";
	int last = -1, shown = 0;
	size_t len = 0;
	mem_fit f;

	if (dv->memory <= 0)
		return 0;	/* unknown: nothing to check against */
	mem_fit_init(&f, dv->memory);
	for (int i = 0; i < r->s->nstations; i++) {
		const scen_station *st = &r->s->stations[i];
		char one[32];

		if (st->memory <= 0 || !scen_station_on(st, k))
			continue;
		mem_fit_add(&f, st->memory);
		last = i;
		unit_format(UNIT_SIZE, st->memory, one, sizeof one);
		if (shown++ < 8 && len < sizeof parts - 64)
			len += (size_t)snprintf(parts + len, sizeof parts - len, "%s%s: %s",
						len ? ", " : "", st->name, one);
	}
	if (mem_fit_ok(&f))
		return 0;
	unit_format(UNIT_SIZE, f.have, have, sizeof have);
	unit_format(UNIT_SIZE, f.need, need, sizeof need);
	jrd_goto(&r->j, "stations[%d].memory", last);
	return jrd_fail(&r->j, "does not fit: %s%s%s%s holds %s, but the stations placed "
			"on it need %s (%s)", dv->name, dv->profile ? " (MIG " : "",
			dv->profile ? dv->profile : "", dv->profile ? ")" : "", have,
			need, parts);
}

/* MPS: each station's weight, and the client limit. */
static int check_mps(rd *r, int k, const cJSON *jdev)
{
	const scen_device *dv = &r->s->devices[k];
	const cJSON *shares = jdev ? jrd_member(jrd_member(jdev, "sharing"), "shares") : NULL;
	const cJSON *c;
	int clients = 0;

	if (dv->sharing != SHARE_MPS)
		return 0;
	for (int i = 0; i < r->s->nstations; i++)
		clients += scen_station_on(&r->s->stations[i], k);
	if (clients > dv->max_clients) {
		jrd_goto(&r->j, "hardware.devices.%s.sharing", dv->name);
		return jrd_fail(&r->j, "%d stations share %s by MPS, more than its %lld "
				"clients", clients, dv->name, (long long)dv->max_clients);
	}
	cJSON_ArrayForEach(c, shares) {
		int i = scen_station_index(r->s, c->string);
		double w;

		jrd_goto(&r->j, "hardware.devices.%s.sharing.shares", dv->name);
		jrd_key(&r->j, c->string);
		if (i < 0)
			return jrd_fail_key(&r->j, "no station named \"%s\"", c->string);
		if (jrd_get_num(&r->j, c, 1e-9, 1e9, &w) < 0)
			return -1;
		if (!scen_station_on(&r->s->stations[i], k))
			return jrd_fail_key(&r->j, "%s does not run on %s", c->string, dv->name);
		r->s->stations[i].share = w;
	}
	return 0;
}

static int no_work_entry(rd *r, const char *what, const char *name,
			 int models)
{
	int n = models ? mlcat_nmodels(r->ml) : mlcat_nruntimes(r->ml);
	const char **ids = hb_calloc((size_t)n + 1, sizeof *ids);
	char list[600], h[128];

	if (!ids)
		return jrd_oom(&r->j);
	for (int i = 0; i < n; i++)
		ids[i] = models ? mlcat_model_at(r->ml, i)->id : mlcat_runtime_at(r->ml, i)->id;
	jrd_fail(&r->j, "no %s \"%s\" in the catalog (it has: %s)%s", what, name,
		 names_join(list, sizeof list, ", ", ids, n, 0),
		 names_hint(h, sizeof h, name, ids, n));
	hb_free(ids);
	return -1;
}

/* The batch times of a station's work: the roofline at the sizes where
 * interpolating between rows is exact (roof_table). */
static int work_table(rd *r, scen_station *st, const roof_in *in)
{
	scen_batching *b = &st->batching;
	int64_t pts[ROOF_TABLE_MAX];
	int n = roof_table(in, b->max_batch, pts);

	hb_free(b->table_n);
	hb_free(b->table_t);
	b->table_n = hb_calloc((size_t)n, sizeof *b->table_n);
	b->table_t = hb_calloc((size_t)n, sizeof *b->table_t);
	if (!b->table_n || !b->table_t)
		return jrd_oom(&r->j);
	for (int k = 0; k < n; k++) {
		b->table_n[k] = pts[k];
		b->table_t[k] = roof_batch_time(in, pts[k]);
	}
	b->ntable = n;
	return 0;
}

/* A station's `work` on its (first) device: the roofline time of one item,
 * or with batching the batch times; and, when no `memory` is given, the
 * weights as what it keeps resident. */
static int work_resolve(rd *r, int i)
{
	scen_station *st = &r->s->stations[i];
	const mlcat_model *m = NULL;
	const mlcat_runtime *rt;
	const cat_device *cd;
	char err[400];
	roof_in in;

	if (!st->has_work)
		return 0;
	jrd_goto(&r->j, "stations[%d].work", i);
	cd = cat_device_find(r->cat, r->s->devices[st->device_idx[0]].type);
	if (st->work_model && !(m = mlcat_model_find(r->ml, st->work_model)))
		return no_work_entry(r, "model", st->work_model, 1);
	if (!(rt = mlcat_runtime_find(r->ml, st->work_runtime, st->work_precision))) {
		char id[200];

		snprintf(id, sizeof id, "%s-%s", st->work_runtime, st->work_precision);
		return no_work_entry(r, "runtime", id, 0);
	}
	if (!cd || roof_prepare(&in, cd, m, rt, st->work_precision, err, sizeof err) < 0)
		return jrd_fail(&r->j, "%s", cd ? err : "the station's device is not in the catalog");
	if (isfinite(st->work_flops))
		in.flops_per_item = st->work_flops;
	if (isfinite(st->work_params))
		in.weight_bytes = st->work_params * mem_bytes_per_param(rt->prec);
	if (isfinite(st->work_bytes))
		in.act_bytes_per_item = st->work_bytes;
	if (roof_check(&in, err, sizeof err) < 0)
		return jrd_fail(&r->j, "%s", err);
	if (st->memory <= 0)
		st->memory = in.weight_bytes;
	if (st->batching.on)
		return work_table(r, st, &in);
	st->service = dist_const(roof_batch_time(&in, 1));
	st->has_service = 1;
	return 0;
}

/* After the stations are read: place them on their devices, route their
 * transports, and check memory and MPS clients. */
int shw_resolve(rd *r)
{
	const cJSON *jdevs = jrd_member(r->jhardware, "devices");

	for (int i = 0; i < r->s->nstations; i++) {
		r->s->stations[i].share = 1;
		if (place_station(r, i) < 0 || route_station(r, i) < 0)
			return -1;
		if (r->s->stations[i].allreduce_bytes > 0 && scoll_resolve(r, i) < 0)
			return -1;
		if (work_resolve(r, i) < 0)
			return -1;
	}
	for (int k = 0; k < r->s->ndevices; k++)
		if (check_memory(r, k) < 0 ||
		    check_mps(r, k, jrd_member(jdevs, r->s->devices[k].name)) < 0)
			return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The section                                                         */

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

		if (jrd_check_name(&r->j, c->string) < 0)
			return -1;
		if (!cJSON_IsObject(c))
			return jrd_fail(&r->j, "expected an object (the %s's fields), "
					"got %s", what, names_type(c));
		jrd_pop(&r->j, mark);
	}
	return 0;
}

int shw_read(rd *r, const cJSON *v)
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
			rc = sget_string(r, c, 1, &preset);
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
	return sget_text(r, v, &r->s->hardware);
}

void shw_free(scen *s)
{
	for (int i = 0; s->devices && i < s->ndevices; i++) {
		hb_free(s->devices[i].name);
		hb_free(s->devices[i].type);
		hb_free(s->devices[i].profile);
	}
	for (int i = 0; s->links && i < s->nlinks; i++) {
		hb_free(s->links[i].name);
		hb_free(s->links[i].type);
	}
	hb_free(s->devices);
	hb_free(s->links);
}
