/*
 * rjson.h: the results object of `herbie run --json`
 * (shared/spec/scenario.md, "Results"): every figure that varies between
 * replications as {"mean": x, "ci95": h}, h the half-width (0 with one
 * replication). Fields beyond the spec's: "seed", "unit", "warmup",
 * "ended_early", "partial", per station "kind", "servers", "p_wait", and
 * the constraint's verdict and utilization ranking.
 */
#ifndef RJSON_H
#define RJSON_H

#include <stdio.h>

#include "report/jw.h"
#include "run/res.h"

void rjson_write(const res *r, FILE *f);

/* "constraint": the entity (when there is one), the method, the verdict
 * ("one", "shifting", "market" or "none"), its sole and shifting
 * fractions, its peers, and every entity ranked by utilization. */
void rjson_constraint(jw *w, const res *r);

/* key: {"mean": x, "ci95": h}, how every varying figure is written. */
void rjson_fig(jw *w, const char *key, const stat_acc *s);

/* What the line's throughput counts ("items" when sources disagree). */
const char *rjson_unit(const scen *s);

#endif
