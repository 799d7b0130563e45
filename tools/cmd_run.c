/*
 * cmd_run.c: `herbie run` and `herbie check`.
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
#include "run/run.h"
#include "input/unit.h"
#include "view/ofile.h"
#include "view/tl.h"
#include "view/trace.h"

/* The options, in the order of the help. */
static const opt_item run_opts_table[] = {
	CLI_OPT_JSON("print the results as JSON (the spec's results object)"),
	CLI_OPT_REPS("run N replications instead of the scenario's"),
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

/* Write --timeline; the timeline is kept in *kept for the report (NULL
 * when stopped or failed). */
static int write_timeline(const cli_opts *o, const scen *s, simtime width,
			  tl **kept)
{
	size_t n = strlen(o->timeline);
	int json = n >= 5 && !strcmp(o->timeline + n - 5, ".json");
	ofile of;
	tl *t;
	diag d;
	int rc;

	diag_clear(&d);
	rc = tl_collect_stop(s, o->have_seed, o->seed, width, intr_flag(), &t, &d);
	if (rc == 1)
		return 0;
	if (rc < 0)
		return cli_error(rc == -1 ? CLI_USAGE : CLI_FAIL, "run: %s%s%s",
				 d.path, d.path[0] ? ": " : "", d.msg);
	if (ofile_open(&of, o->timeline) < 0) {
		tl_free(t);
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->timeline, strerror(errno));
	}
	if ((json ? tl_json(t, of.f) : tl_csv(t, of.f)) < 0) {
		ofile_abort(&of);
		tl_free(t);
		return cli_error(CLI_FAIL, "cannot write %s", o->timeline);
	}
	if (ofile_commit(&of) < 0) {
		tl_free(t);
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->timeline, strerror(errno));
	}
	*kept = t;
	return 0;
}

/* The timeline and the trace: replication 0 run again, once for each,
 * Ctrl-C still stopping it (then no file is written). The timeline is
 * kept in *t for the report, which draws the same one. */
static int write_views(const cli_opts *o, const scen *s, simtime width,
		       tl **t)
{
	int rc = 0, tl_done = 0;
	diag d;

	if (!o->timeline && !o->trace)
		return 0;
	if (!*intr_flag()) {
		if (o->timeline)
			tl_done = !(rc = write_timeline(o, s, width, t)) && !*intr_flag();
		diag_clear(&d);
		if (!rc && o->trace && !*intr_flag()) {
			rc = trace_write(s, o->have_seed, o->seed, o->trace_items,
					 o->trace, intr_flag(), &d);
			if (rc == TRACE_STOPPED)
				rc = 0;
			else if (rc < 0)
				rc = cli_error(rc == TRACE_BAD_INPUT ? CLI_USAGE : CLI_FAIL,
					       "run: %s", d.msg);
		}
	}
	if (*intr_flag())
		fprintf(stderr, "herbie: run: interrupted: %s not written\n",
			o->timeline && !tl_done ?
			(o->trace ? "the --timeline and --trace files" : "the --timeline file") :
			"the --trace file");
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
	tl *t = NULL;

	/* Ctrl-C (or a kill) from here on stops at once and still reports
	 * what was measured, marked partial; the exit status stays 0 (it
	 * ran). */
	intr_catch(0);
	rc = cli_parse(argc, argv, &cmd_run_opts, &o);
	if (rc || (rc = cli_load(&o, &s)) || (rc = bucket_width(&o, s, &width)))
		goto out;
	ro.reps = o.reps;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	ro.stop = intr_flag();
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
		rc = rc == RUN_BAD_INPUT ? CLI_USAGE : CLI_FAIL;
		goto out;
	}
	if (o.json)
		rjson_write(r, stdout);
	else
		rtext_write(r, stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = cli_error(CLI_FAIL, "cannot write the results");
	if (!rc)
		rc = write_views(&o, s, width, &t);
	if (!rc)
		rc = htmlrep_run(&o, r, t, width, r->partial || *intr_flag());
out:
	tl_free(t);
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
