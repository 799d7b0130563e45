/*
 * diagram.h: the line drawn as one SVG: sources, stations following their
 * routes (probabilities, forks and joins, conveyors and links on the
 * edges, loops for routes that close a cycle), each station with the bar
 * of its time's shares; then the hardware: the devices work runs on and
 * the links that carried something. The constraint (and the stations,
 * devices or links it shifts among) is outlined in red; when the line
 * keeps up with its sources (res_verdict: the market), the sources are.
 *
 * The layout depends only on the scenario, the drawing on its results:
 * lay out once with diagram_new, draw with diagram_svg. The bytes depend
 * only on the arguments.
 */
#ifndef DIAGRAM_H
#define DIAGRAM_H

#include <stdio.h>

#include "run/res.h"
#include "scenario/scen.h"

typedef struct diagram diagram;

/* s laid out: columns by the routes, rows within them. The caller owns
 * the result and frees it with diagram_free; s must outlive it. NULL when
 * out of memory. */
diagram *diagram_new(const scen *s);
void diagram_free(diagram *dg);		/* diagram_free(NULL) is a no-op */

/* The <svg>, with its <title> first, sized to hold the line and the
 * hardware. r: results of the scenario dg was laid out for. Write errors
 * stay in f's error flag. */
void diagram_svg(FILE *f, const diagram *dg, const res *r);

#endif
