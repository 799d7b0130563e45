/*
 * cmd_toc.c: `herbie toc`, the five focusing steps.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "htmlrep.h"
#include "intr.h"
#include "progress.h"
#include "core/hb.h"
#include "report/rtoc.h"
#include "run/toc.h"

static const opt_item toc_opts_table[] = {
	CLI_OPT("steps", OPT_WHOLE, steps, 0, 1, 1000000, "N",
		"a whole number from 1 to 1000000",
		"at most N lines in the chain (default 3, at most 100)", 0),
	CLI_OPT("until-goal", OPT_FLAG, until_goal, 0, 0, 0, NULL, NULL,
		"go on until the scenario's \"goal\" is met (at most 20)", 0),
	CLI_OPT_REPS("replications of every run (default: the scenario's)"),
	CLI_OPT_MAX_MEMORY,
	CLI_OPT_SEED("the seed of every run"),
	CLI_OPT_SET("override a field of the line (repeatable)"),
	CLI_OPT_JSON("print the steps as JSON"),
	CLI_OPT_QUIET("no progress on stderr (shown only on a terminal)"),
	CLI_OPT_REPORT("also write the steps as a self-contained HTML page:\n"
		       "each line's diagram, the paragraphs, the levers, the\n"
		       "timelines"),
	CLI_OPT_END
};

const opt_cmd cmd_toc_opts = {
	"toc",
	"usage: herbie toc <scenario.json> [options]\n\n"
	"Goldratt's five focusing steps, each measured by runs of the line:\n"
	"1 identify the constraint (active-period method) and say plainly\n"
	"whether it is one station, device or link, a shifting set, or outside\n"
	"the line; 2 exploit it: the time it lost and what that was worth, and\n"
	"the smallest protective buffer in front of it; 3 subordinate: work in\n"
	"progress around it and the shortest rope (drum-buffer-rope) that keeps\n"
	"the throughput; 4 elevate: every value of the scenario's \"levers\" (or\n"
	"one more server and a buffer at the constraint) run against the line\n"
	"with common random numbers, ranked by gain per cost; 5 repeat with the\n"
	"best one applied, printing the chain of constraints, until the goal is\n"
	"met, no lever helps, or the constraint leaves the line.\n",
	toc_opts_table,
	"exit status: 0 ran, 2 bad usage, bad scenario or a lever that does not\n"
	"apply, 1 any other failure\n",
	1,
};

/* Run the steps with Ctrl-C stopping them at once (intr.h), and each run's
 * progress on stderr when it is a terminal (a toc is many runs). */
static int run_steps(const cli_opts *o, const scen *s, const char *text,
		     size_t len, toc_res **out)
{
	toc_opts to = { { 0 }, 0, 0 };
	prog pg;
	diag d;
	int rc;

	if ((rc = cli_memory(o, &to.run.max_memory)))
		return rc;
	to.run.reps = o->reps;
	to.run.have_seed = o->have_seed;
	to.run.seed = o->seed;
	to.run.stop = intr_flag();
	to.steps = (int)o->steps;
	to.until_goal = o->until_goal;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		prog_start(&pg, s);
		to.run.progress = prog_update;
		to.run.progress_ctx = &pg;
	}
	diag_clear(&d);
	rc = toc_run(o->file, text, len, o->sets, o->nsets, &to, out, &d);
	if (to.run.progress)
		prog_end(&pg);
	if (rc == RUN_OK)
		return CLI_OK;
	cli_print_diag(&d);
	return cli_exit(rc);
}

int cmd_toc(int argc, char **argv)
{
	cli_opts o;
	scen *s = NULL;
	toc_res *t = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	/* first of all: Ctrl-C at any moment keeps the steps measured */
	intr_catch(0);
	if ((rc = cli_parse(argc, argv, &cmd_toc_opts, &o)))
		goto out;
	/* read it once to report a bad scenario as `run` would */
	if ((rc = cli_load(&o, &s)))
		goto out;
	if (o.until_goal && s->goal.throughput <= 0 && s->goal.latency_p99 <= 0) {
		rc = cli_error(CLI_USAGE, "toc: --until-goal needs a \"goal\" in the scenario (or --set 'goal={\"throughput\": \"100/s\"}')");
		goto out;
	}
	if ((rc = cli_slurp(o.file, &text, &len)) ||
	    (rc = run_steps(&o, s, text, len, &t)))
		goto out;
	if (t->nsteps == 0) {
		/* interrupted before the first line was measured */
		fputs("herbie: interrupted: no line was measured\n", stderr);
		goto out;
	}
	if (o.json)
		rtoc_json(t, o.file, stdout);
	else
		rtoc_text(t, o.file, stdout);
	rc = cli_flush("the steps");
	if (rc == CLI_OK)
		rc = htmlrep_toc(&o, t);
out:
	toc_free(t);
	hb_free(text);
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}
