/*
 * html.h: a run, or a comparison of two, as one self-contained HTML page:
 * inline CSS and SVG, no script, no font or file fetched, so the page
 * opens anywhere, offline, and prints. What it shows: the scenario's
 * description and notes; the line drawn as a diagram (diagram.h) with
 * the constraint outlined in red; the results table with 95% intervals;
 * and, from a timeline (tl.h) of replication 0, the charts over time and
 * the latency distribution (chart.h). page.h holds what the parts share:
 * the head and style sheet, escaping, colors, the constraint's outline.
 *
 * Errors: the writers do not stop at a failed write; they return -1 at
 * the end when f's error flag is set (or, for those that lay out the
 * diagram, when out of memory: errno ENOMEM), else 0.
 */
#ifndef HTML_H
#define HTML_H

#include <stdio.h>

#include "run/diff.h"
#include "run/res.h"
#include "view/tl.h"

/* A run's page. t: the timeline of the same scenario, or NULL (the
 * timeline sections then say there is none). label: where the results
 * come from (the file name and overrides), shown under the title. */
int html_run(FILE *f, const res *r, const tl *t, const char *label);

/* A comparison's page: before and after side by side (diagrams with
 * their constraints, results, timelines), and the table of changes with
 * the paired intervals, marked when significant. ta, tb may be NULL. */
int html_diff(FILE *f, const diff_res *d, const tl *ta, const tl *tb,
	      const char *la, const char *lb);

/*
 * The pieces pages are built of, for other pages (herbie toc), between
 * page.h's page_begin and page_end; with chart.h's charts.
 */
/* The label, the scenario's description and notes, and how it was run
 * (replications, window, warm-up, seed; a partial or short run flagged). */
void html_about(FILE *f, const res *r, const char *label);

/* The line's diagram (diagram.h), in a box that scrolls sideways when the
 * window is narrower. 0, or -1 (out of memory: nothing written). */
int html_diagram(FILE *f, const res *r);

/* The constraint in a sentence, as `herbie run` prints it, and the three
 * busiest entities. 0, or -1 (out of memory). */
int html_constraint(FILE *f, const res *r);

/* The tables: the line, the stations, batching, devices, links. */
void html_results(FILE *f, const res *r);

/* The table of changes of a comparison. */
void html_changes(FILE *f, const diff_res *d);

#endif
