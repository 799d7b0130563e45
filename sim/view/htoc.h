/*
 * htoc.h: herbie toc as one self-contained HTML page, built from html.h's
 * and chart.h's pieces: the goal and the chain of constraints at the top,
 * then for each line of the chain its diagram with the constraint
 * outlined, the five focusing steps in words (the same paragraphs as the
 * text report), the levers tried as a table, and the line's timelines.
 */
#ifndef HTOC_H
#define HTOC_H

#include <stdio.h>

#include "run/toc.h"
#include "view/tl.h"

/* tls[k]: the timeline of step k's line (t->nsteps of them; any may be
 * NULL). label: the file and overrides. 0, or -1 as html.h's writers. */
int htoc_page(FILE *f, const toc_res *t, tl *const *tls, const char *label);

#endif
