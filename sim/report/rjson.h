/*
 * rjson.h: the results object of `herbie run --json`
 * (shared/spec/scenario.md, "Results"): every figure that varies between
 * replications as {"mean": x, "ci95": h}, h the half-width (0 with one
 * replication). Fields beyond the spec's: "seed", "unit", "warmup",
 * "ended_early", "partial", and per station "kind", "servers", "p_wait".
 */
#ifndef RJSON_H
#define RJSON_H

#include <stdio.h>

#include "run/res.h"

void rjson_write(const res *r, FILE *f);

#endif
