/*
 * cmd_run.c: `herbie run` and `herbie check`.
 *
 * `run` runs the scenario once: --timeline, --trace and the report's
 * charts are sinks of that run (run.h), watching its replication 0, so
 * that replication 0 runs once (after the pilot when the warm-up is
 * "auto") however many of them are asked for. Their files are written
 * after the results are printed, as before.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "htmlrep.h"
#include "intr.h"
#include "progress.h"
#include "report/rjson.h"
#include "report/rtext.h"
#include "run/res.h"
#include "run/run.h"
#include "input/unit.h"
#include "view/ofile.h"
#include "view/tl.h"
#include "view/trace.h"

/* The options, in the order of the help. */
static const opt_item run_opts_table[] = {
	CLI_OPT_JSON("print the results as JSON (the spec's results object)"),
	CLI_OPT_REPS("run N replications instead of the scenario's"),
	CLI_OPT_MAX_MEMORY,
	CLI_OPT_SEED("use seed N instead of the scenario's"),
	CLI_OPT_SET("override a field, e.g. --set stations.detect.servers=2\n"
		    "(repeatable; VALUE is JSON, or else a string)"),
	CLI_OPT_QUIET("no progress on stderr (shown only on a terminal)"),
	CLI_OPT("timeline", OPT_PATH, timeline, 0, 0, 0, "FILE", NULL,
		"also write replication 0 over time, per bucket: each\n"
		"station's working/starved/blocked/waiting shares,\n"
		"queue, WIP, throughput; devices' and links'\n"
		"utilization (CSV, or JSON when FILE ends in .json)", 0),
	CLI_OPT("bucket", OPT_PATH, bucket, 0, 0, 0, "TIME", NULL,
		"the bucket of the timeline and the report, e.g. 100ms\n"
		"(default: about 200 buckets of a round width)", 0),
	CLI_OPT("trace", OPT_PATH, trace, 0, 0, 0, "FILE", NULL,
		"also write replication 0 as a Chrome trace to open\n"
		"in ui.perfetto.dev: a slice per service, arrows\n"
		"following items, queue and link counters", 0),
	CLI_OPT("trace-items", OPT_WHOLE, trace_items, 0, 1, 1000000, "N",
		"a whole number from 1 to 1000000",
		"trace the first N items (default 1000): the file\n"
		"stays under about N x (8 x (stations + links) + 16)\n"
		"events", 0),
	CLI_OPT_REPORT("also write a self-contained HTML report: the line\n"
		       "drawn with its constraint, the results, and charts\n"
		       "over time of replication 0 (stations' states,\n"
		       "devices, links, queues, the latency distribution)"),
	CLI_OPT_END
};

const opt_cmd cmd_run_opts = {
	"run",
	"usage: herbie run <scenario.json> [options]\n\n"
	"Run the scenario's replications and print, per station, throughput,\n"
	"utilization, the split of its time into working, starved and blocked,\n"
	"mean queue and wait; then the line's throughput, latency (mean, p50,\n"
	"p90, p99), work in progress and dropped items, each with its 95%\n"
	"interval when there is more than one replication.\n",
	run_opts_table,
	"When stderr is a terminal a progress line shows the replication, the\n"
	"simulated time reached, events per second and the time left. Ctrl-C\n"
	"stops at once and prints the results so far, marked partial: the\n"
	"replication cut short is dropped unless it is the only one. Output\n"
	"files are then not written.\n\n"
	"An output FILE is written where it points (a link's target, the\n"
	"mode kept), whole or not at all; a FIFO or a device in place; - is\n"
	"standard output.\n\n"
	"exit status: 0 ran (partial results too), 2 bad usage or bad scenario,\n"
	"1 any other failure\n",
	1,
};

static const opt_item check_opts_table[] = {
	CLI_OPT_SET("override a field (repeatable)"),
	CLI_OPT_QUIET("print nothing when the scenario is valid"),
	CLI_OPT_END
};

const opt_cmd cmd_check_opts = {
	"check",
	"usage: herbie check <scenario.json> [options]\n\n"
	"Read and check the scenario without running it: every error is\n"
	"reported with its file:line:column, its JSON path and what was\n"
	"expected. Exit status 0 when it is valid, 2 when it is not.\n",
	check_opts_table, NULL, 1,
};

/* --bucket as a scenario writes a time ("100ms"), checked against the
 * run before anything runs. 0 and *width (0: not given); else the exit
 * code after printing why. */
static int bucket_width(const cli_opts *o, const scen *s, simtime *width)
{
	char err[128];
	double sec;
	diag d;

	*width = 0;
	if (o->trace_items && !o->trace)
		return cli_error(CLI_USAGE, "run: --trace-items goes with --trace");
	if (!o->bucket)
		return 0;
	if (!o->timeline && !o->report)
		return cli_error(CLI_USAGE, "run: --bucket goes with --timeline or --report");
	if (unit_parse(UNIT_DURATION, o->bucket, &sec, err, sizeof err) < 0)
		return cli_error(CLI_USAGE, "run: --bucket: \"%s\" %s", o->bucket, err);
	if (!((*width = st_from_s(sec)) > 0))
		return cli_error(CLI_USAGE, "run: --bucket: \"%s\" is not a duration of 1ns or more", o->bucket);
	diag_clear(&d);
	if (tl_check_width(s, *width, &d) < 0)
		return cli_error(CLI_USAGE, "run: %s: %s", d.path, d.msg);
	return 0;
}

/* What watches replication 0: --timeline and the report's timeline (one
 * timeline for both), --trace. They are sinks of the run, so that it runs
 * replication 0 once for all of them; each says after the run whether
 * it is whole, and its files are written then, after the results. */
typedef struct views {
	tl *t;
	trace *tr;
	run_sink k[2];
	int n;
} views;

/* 0, or -1 out of memory. */
static int views_open(views *v, const cli_opts *o, const scen *s,
		      simtime width, run_opts *ro)
{
	diag d;

	memset(v, 0, sizeof *v);
	diag_clear(&d);
	if (o->timeline || o->report) {
		if (tl_new(s, width, &v->t, &d) < 0)
			return -1;	/* the width was checked: no memory */
		tl_sink(v->t, &v->k[v->n++]);
	}
	if (o->trace) {
		if (trace_new(s, run_seed(s, ro), o->trace_items, o->trace, &v->tr) < 0)
			return -1;
		trace_sink(v->tr, &v->k[v->n++]);
	}
	ro->sinks = v->k;
	ro->nsinks = v->n;
	return 0;
}

static void views_close(views *v)
{
	tl_free(v->t);
	trace_free(v->tr);
}

/* Write --timeline from the timeline the run filled; *done when it is
 * written. */
static int write_timeline(const cli_opts *o, const tl *t, int *done)
{
	size_t n = strlen(o->timeline);
	int json = n >= 5 && !strcmp(o->timeline + n - 5, ".json");
	ofile of;
	diag d;
	int rc;

	diag_clear(&d);
	rc = tl_status(t, &d);
	if (rc == 1)
		return 0;
	if (rc < 0)
		return cli_error(cli_exit(rc), "run: %s%s%s",
				 d.path, d.path[0] ? ": " : "", d.msg);
	if (ofile_open(&of, o->timeline) < 0)
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->timeline, strerror(errno));
	errno = 0;
	if ((json ? tl_json(t, of.f) : tl_csv(t, of.f)) < 0) {
		int e = errno;

		ofile_abort(&of);
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->timeline,
				 e ? strerror(e) : "write error");
	}
	if (ofile_commit(&of) < 0)
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->timeline, strerror(errno));
	*done = 1;
	return 0;
}

/* The timeline the report draws: the one the run filled, in *t, or NULL
 * when there is none whole (the run was cut short). 0; else the exit
 * code after printing why. */
static int report_timeline(const views *v, const tl **t)
{
	diag d;
	int rc;

	*t = NULL;
	diag_clear(&d);
	rc = tl_status(v->t, &d);
	if (rc == -1)
		return cli_error(CLI_USAGE, "--report: %s%s%s", d.path,
				 d.path[0] ? ": " : "", d.msg);
	if (rc < 0)
		return cli_error(CLI_FAIL, "--report: out of memory");
	if (rc == 0)
		*t = v->t;
	return 0;
}

/* The output files, in order: --timeline, --trace, --report. A signal
 * stops before the next file: the one being written when it came is
 * finished (its content is whole; writing it takes a moment, and a file
 * written in place, a FIFO or stdout, could not be taken back), the ones
 * after it are not written, and each is said to be written or not. */
static int write_outputs(const cli_opts *o, const views *v, const res *r,
			 simtime width)
{
	volatile sig_atomic_t *stop = intr_flag();
	const char *const path[] = { o->timeline, o->trace, o->report };
	const char *const name[] = { "--timeline", "--trace", "--report" };
	int done[3] = { 0, 0, 0 };
	int rc = 0;
	const tl *t;
	diag d;

	if (o->timeline && !*stop)
		rc = write_timeline(o, v->t, &done[0]);
	if (!rc && o->trace && !*stop) {
		diag_clear(&d);
		rc = trace_finish(v->tr, &d);
		done[1] = rc == TRACE_OK;
		if (rc == TRACE_STOPPED)
			rc = 0;
		else if (rc < 0)
			rc = cli_error(cli_exit(rc), "run: %s", d.msg);
	}
	if (!rc && o->report && !*stop && !r->partial &&
	    !(rc = report_timeline(v, &t)) && t)
		done[2] = !(rc = htmlrep_run(o, r, t, width, 0));
	if (!*stop && !r->partial)
		return rc;
	for (int i = 0; i < 3; i++)
		if (path[i])
			fprintf(stderr, "herbie: run: interrupted: the %s file %s %s\n",
				name[i], path[i], done[i] ? "written in full" : "not written");
	return rc;
}

int cmd_run(int argc, char **argv)
{
	cli_opts o;
	run_opts ro = { 0 };
	prog pg;
	scen *s = NULL;
	res *r = NULL;
	diag d;
	int rc;
	simtime width = 0;
	views v = { 0 };

	/* Ctrl-C (or a kill) from here on stops at once and still reports
	 * what was measured, marked partial; the exit status stays 0 (it
	 * ran). */
	intr_catch(0);
	rc = cli_parse(argc, argv, &cmd_run_opts, &o);
	if (rc || (rc = cli_load(&o, &s)) || (rc = bucket_width(&o, s, &width)) ||
	    (rc = cli_memory(&o, &ro.max_memory)))
		goto out;
	ro.reps = o.reps;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	ro.stop = intr_flag();
	if (views_open(&v, &o, s, width, &ro) < 0) {
		rc = cli_error(CLI_FAIL, "run: out of memory");
		goto out;
	}
	if (!o.quiet && isatty(STDERR_FILENO)) {
		prog_start(&pg, s);
		ro.progress = prog_update;
		ro.progress_ctx = &pg;
	}
	diag_clear(&d);
	rc = run_scenario(s, &ro, &r, &d);
	if (ro.progress)
		prog_end(&pg);
	if (rc != RUN_OK) {
		cli_print_diag(&d);
		rc = cli_exit(rc);
		goto out;
	}
	if (o.json)
		rjson_write(r, stdout);
	else
		rtext_write(r, stdout);
	if (!(rc = cli_flush("the results")))
		rc = write_outputs(&o, &v, r, width);
	if (!rc && r->capped)
		rc = cli_error(CLI_FAIL, "run: the work in progress reached the "
			       "memory budget: the line is unstable or too large "
			       "(the results above end there; --max-memory)");
out:
	views_close(&v);
	res_free(r);
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	cli_opts o;
	scen *s = NULL;
	int rc = cli_parse(argc, argv, &cmd_check_opts, &o);

	if (rc || (rc = cli_load(&o, &s)))
		goto out;
	if (!o.quiet)
		printf("%s: ok: %d station%s, %d source%s\n", o.file,
		       s->nstations, s->nstations == 1 ? "" : "s",
		       s->nsources, s->nsources == 1 ? "" : "s");
out:
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}
