/*
 * chart.h: the charts of the HTML pages, drawn from a timeline (tl.h) of
 * replication 0: each station's time split into working, starved,
 * blocked and waiting; the devices' and links' utilization; queue
 * lengths; the line's throughput and work in progress; and the latency
 * distribution as a CDF with p50, p90 and p99 marked.
 *
 * Every chart is one <svg> with a <title>, axes with labelled ticks and a
 * legend, in page.h's colors; the constraint's charts are outlined (page.h
 * page_mark). These are pieces of a page (page.h): they write sections,
 * never the page's head or foot, and report no error (the page's writer
 * reads f's error flag at the end).
 */
#ifndef CHART_H
#define CHART_H

#include <stdio.h>

#include "run/diff.h"
#include "run/res.h"
#include "view/tl.h"

/* The timeline charts of t (NULL: a note that there is none). r names the
 * constraint. other: when not NULL, the timeline drawn beside this one (a
 * comparison): the charts of entities with the same name share their
 * scales, so that heights compare. */
void chart_timelines(FILE *f, const res *r, const tl *t, const tl *other);

/* The latency distribution of t's replication as a CDF with p50, p90 and
 * p99 marked (NULL: a note that there is none), and the same percentiles
 * over all of r's replications. */
void chart_latency(FILE *f, const res *r, const tl *t);

/* A comparison's: before's (ta) and after's (tb) CDFs on one axis (either
 * NULL: a note that there are none). */
void chart_latency_pair(FILE *f, const diff_res *d, const tl *ta,
			const tl *tb);

#endif
