/*
 * rjson.c: results as JSON (see rjson.h).
 */
#include "report/rjson.h"

#include <string.h>

#include "core/hb.h"
#include "report/jw.h"

void rjson_fig(jw *w, const char *key, const stat_acc *s)
{
	jw_begin_obj(w, key);
	jw_num(w, "mean", stat_mean(s));
	jw_num(w, "ci95", stat_ci95(s));
	jw_end_obj(w);
}

/* The shares of the window an entity was the bottleneck. */
static void bottleneck(jw *w, const stat_acc *sole, const stat_acc *shifting)
{
	jw_begin_obj(w, "bottleneck");
	rjson_fig(w, "sole", sole);
	rjson_fig(w, "shifting", shifting);
	jw_end_obj(w);
}

static void wait_like(jw *w, const char *key, const stat_acc *mean,
		      const stat_acc *p50, const stat_acc *p90, const stat_acc *p99)
{
	jw_begin_obj(w, key);
	rjson_fig(w, "mean", mean);
	rjson_fig(w, "p50", p50);
	rjson_fig(w, "p90", p90);
	rjson_fig(w, "p99", p99);
	jw_end_obj(w);
}

static void station(jw *w, const res *r, int k)
{
	const scen_station *sc = &r->s->stations[k];
	const stat_acc *f = r->st[k];

	jw_begin_obj(w, NULL);
	jw_str(w, "name", sc->name);
	jw_str(w, "kind", sc->kind == SCEN_STN_PERIODIC ? "periodic" :
			  sc->kind == SCEN_STN_BARRIER ? "barrier" : "process");
	jw_int(w, "servers", sc->kind == SCEN_STN_PERIODIC ? 0 : sc->servers);
	rjson_fig(w, "throughput_per_s", &f[SF_THROUGHPUT]);
	rjson_fig(w, "utilization", &f[SF_UTILIZATION]);
	jw_begin_obj(w, "states");
	jw_num(w, "working", stat_mean(&f[SF_WORKING]));
	jw_num(w, "starved", stat_mean(&f[SF_STARVED]));
	jw_num(w, "blocked", stat_mean(&f[SF_BLOCKED]));
	if (sc->ndevices > 0)
		jw_num(w, "waiting", stat_mean(&f[SF_WAITING]));
	jw_end_obj(w);
	rjson_fig(w, "queue", &f[SF_QUEUE]);
	if (sc->batching.on) {
		rjson_fig(w, "batch_size", &f[SF_BATCH_MEAN]);
		rjson_fig(w, "batch_fill", &f[SF_BATCH_FILL]);
		rjson_fig(w, "batch_size_p50", &f[SF_BATCH_P50]);
		rjson_fig(w, "batch_size_p90", &f[SF_BATCH_P90]);
	}
	rjson_fig(w, "dropped", &f[SF_DROPPED]);
	wait_like(w, "wait_s", &f[SF_WAIT_MEAN], &f[SF_WAIT_P50],
		  &f[SF_WAIT_P90], &f[SF_WAIT_P99]);
	rjson_fig(w, "p_wait", &f[SF_P_WAIT]);
	bottleneck(w, &f[SF_SOLE], &f[SF_SHIFTING]);
	jw_end_obj(w);
}

static const char *share_name(share_mode m)
{
	static const char *const names[] = { "exclusive", "timeslice", "mps", "mig" };

	return names[m];
}

static void device(jw *w, const res *r, int k)
{
	const scen_device *dv = &r->s->devices[k];

	jw_begin_obj(w, NULL);
	jw_str(w, "name", dv->name);
	jw_str(w, "type", dv->type);
	if (dv->kind == SCEN_DEV_GPU)
		jw_str(w, "sharing", dv->parent >= 0 ? "mig" : share_name(dv->sharing));
	rjson_fig(w, "utilization", &r->dev[k][DF_UTILIZATION]);
	jw_num(w, "memory_bytes", res_memory_placed(r, k));
	jw_num(w, "memory_capacity_bytes", dv->memory);
	bottleneck(w, &r->dev[k][DF_SOLE], &r->dev[k][DF_SHIFTING]);
	jw_end_obj(w);
}

static void link(jw *w, const res *r, int k)
{
	const scen_link *lk = &r->s->links[k];

	jw_begin_obj(w, NULL);
	jw_str(w, "name", lk->name);
	if (lk->type)
		jw_str(w, "type", lk->type);
	rjson_fig(w, "utilization", &r->lnk[k][KF_UTILIZATION]);
	rjson_fig(w, "bytes_per_s", &r->lnk[k][KF_BYTES_PER_S]);
	bottleneck(w, &r->lnk[k][KF_SOLE], &r->lnk[k][KF_SHIFTING]);
	jw_end_obj(w);
}

const char *rjson_unit(const scen *s)
{
	/* throughput counts the first source's unit; sources that disagree
	 * are summed as plain items */
	for (int i = 1; i < s->nsources; i++)
		if (strcmp(s->sources[i].unit, s->sources[0].unit) != 0)
			return "items";
	return s->sources[0].unit;
}

/* How fast work piles up, and who overproduces. */
static void unstable(jw *w, const res *r)
{
	double T = stat_mean(&r->window_s);
	int c = res_constraint(r);

	jw_begin_obj(w, "unstable");
	jw_num(w, "wip_growth_per_h", 3600 * stat_mean(&r->line[LF_WIP_GROWTH]));
	jw_num(w, "wip_growth_per_h_ci95", 3600 * stat_ci95(&r->line[LF_WIP_GROWTH]));
	if (c < r->nst)
		jw_num(w, "queue_growth_per_h",
		       3600 * stat_mean(&r->st[c][SF_QUEUE_GROWTH]));
	jw_num(w, "offered_per_s", T > 0 ? stat_mean(&r->line[LF_OFFERED]) / T : 0);
	jw_num(w, "departed_per_s", T > 0 ? stat_mean(&r->line[LF_DEPARTED]) / T : 0);
	jw_begin_arr(w, "overproducing");
	for (int k = 0; k < r->nst; k++)
		if (res_overproducing(r, k))
			jw_str(w, NULL, r->s->stations[k].name);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* Where and when the line stopped for good. */
static void deadlock(jw *w, const res *r)
{
	jw_begin_obj(w, "deadlock");
	jw_num(w, "at_s", r->jam_s);
	jw_int(w, "replications", r->jams);
	jw_begin_arr(w, "cycle");
	for (int i = 0; i < r->njam; i++)
		jw_str(w, NULL, r->s->stations[r->jam[i]].name);
	jw_end_arr(w);
	jw_end_obj(w);
}

void rjson_constraint(jw *w, const res *r)
{
	int c = res_constraint(r), n = res_nentities(r);
	enum res_verdict v = res_verdict(r);	/* once: it walks the stations */
	int *order = hb_calloc((size_t)n + 1, sizeof *order);

	jw_begin_obj(w, "constraint");
	if (c >= 0 && c < r->nst)
		jw_str(w, "station", res_entity_name(r, c));
	if (c >= 0) {
		jw_str(w, "kind", res_entity_kind(r, c));
		jw_str(w, "name", res_entity_name(r, c));
	}
	jw_str(w, "method", "active-period");
	jw_str(w, "verdict", res_verdict_name(v));
	if (c >= 0) {
		jw_num(w, "sole_fraction", stat_mean(res_entity_sole(r, c)));
		jw_num(w, "shifting_fraction", stat_mean(res_entity_shifting(r, c)));
	}
	jw_begin_arr(w, "shifting_with");
	for (int e = 0; c >= 0 && e < n && v <= RES_STATISTICAL; e++)
		if (res_constraint_peer(r, c, e))
			jw_str(w, NULL, res_entity_name(r, e));
	jw_end_arr(w);
	if (v == RES_UNSTABLE)
		unstable(w, r);
	if (r->jams > 0)
		deadlock(w, r);
	if (order) {
		/* the ranking is a convenience: without memory it is left out */
		res_ranking(r, order);
		jw_begin_arr(w, "utilization_ranking");
		for (int i = 0; i < n; i++) {
			jw_begin_obj(w, NULL);
			jw_str(w, "kind", res_entity_kind(r, order[i]));
			jw_str(w, "name", res_entity_name(r, order[i]));
			jw_num(w, "utilization", stat_mean(res_entity_utilization(r, order[i])));
			jw_end_obj(w);
		}
		jw_end_arr(w);
	}
	hb_free(order);
	jw_end_obj(w);
}

void rjson_write(const res *r, FILE *f)
{
	const stat_acc *l = r->line;
	jw w;

	jw_init(&w, f, 1);
	jw_begin_obj(&w, NULL);
	jw_str(&w, "scenario", r->s->name);
	jw_int(&w, "seed", (int64_t)r->seed);
	jw_int(&w, "replications", r->reps);
	jw_num(&w, "simulated_s", stat_mean(&r->window_s));
	jw_int(&w, "events", (int64_t)r->events);
	jw_str(&w, "unit", rjson_unit(r->s));
	if (r->warm_items >= 0) {
		jw_begin_obj(&w, "warmup");
		jw_str(&w, "method", "mser-5");
		jw_int(&w, "items", r->warm_items);
		jw_bool(&w, "steady_state_found", res_steady(r));
		jw_end_obj(&w);
	}
	rjson_fig(&w, "throughput_per_s", &l[LF_THROUGHPUT]);
	rjson_fig(&w, "offered", &l[LF_OFFERED]);
	rjson_fig(&w, "dropped", &l[LF_DROPPED]);
	rjson_fig(&w, "drop_fraction", &l[LF_DROP_FRACTION]);
	wait_like(&w, "latency_s", &l[LF_LAT_MEAN], &l[LF_LAT_P50],
		  &l[LF_LAT_P90], &l[LF_LAT_P99]);
	rjson_fig(&w, "wip", &l[LF_WIP]);
	jw_begin_arr(&w, "stations");
	for (int k = 0; k < r->nst; k++)
		station(&w, r, k);
	jw_end_arr(&w);
	jw_begin_arr(&w, "devices");
	for (int k = 0; k < r->ndev; k++)
		device(&w, r, k);
	jw_end_arr(&w);
	jw_begin_arr(&w, "links");
	for (int k = 0; k < r->nlk; k++)
		link(&w, r, k);
	jw_end_arr(&w);
	rjson_constraint(&w, r);
	jw_bool(&w, "ended_early", r->early);
	jw_bool(&w, "memory_budget_reached", r->capped);
	jw_bool(&w, "partial", r->partial);
	jw_end_obj(&w);
	jw_finish(&w);
}
