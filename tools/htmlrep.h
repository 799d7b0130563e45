/*
 * htmlrep.h: --report FILE.html for `herbie run` and `herbie diff`: the
 * timelines the page draws (replication 0 of the run's seed, the default
 * bucket), then the page (view/html.h), written to a temporary file
 * renamed over FILE at the end (view/ofile.h). Ctrl-C while the timeline
 * runs stops it and writes nothing; Ctrl-C while the page is written
 * lets it be finished (it is whole in memory, and a FIFO or stdout could
 * not take it back), and toc and diff then say it was written in full.
 */
#ifndef HTMLREP_H
#define HTMLREP_H

#include "cli.h"
#include "run/diff.h"
#include "run/res.h"

/* Write r's report to o->report with timeline t (the one --timeline
 * wrote), or, when t is NULL, one collected in buckets of width (0: the
 * default). partial: the run was interrupted, so no report is written
 * (a message says so). 0, or the exit code after
 * printing why (1: cannot write, out of memory; 2: the timeline cannot
 * be collected from this scenario). */
struct tl;
int htmlrep_run(const cli_opts *o, const res *r, const struct tl *t,
		simtime width, int partial);

/* The same for the five focusing steps: a timeline per line of the
 * chain. */
struct toc_res;
int htmlrep_toc(const cli_opts *o, const struct toc_res *t);

/* The same for a comparison; la and lb label the two lines. */
int htmlrep_diff(const cli_opts *o, const diff_res *d, const char *la,
		 const char *lb);

#endif
