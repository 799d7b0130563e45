/*
 * cmd_toc.c: `herbie toc`, the five focusing steps.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "htmlrep.h"
#include "progress.h"
#include "core/hb.h"
#include "report/rtoc.h"
#include "run/toc.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Run the steps with Ctrl-C stopping them at once, and each run's
 * progress on stderr when it is a terminal (a toc is many runs). */
static int run_steps(const cli_opts *o, const scen *s, const char *text,
		     size_t len, toc_res **out)
{
	toc_opts to = { { 0 }, 0, 0 };
	prog pg;
	struct sigaction sa, old;
	diag d;
	int rc;

	to.run.reps = o->reps;
	to.run.have_seed = o->have_seed;
	to.run.seed = o->seed;
	to.run.stop = &interrupted;
	to.steps = (int)o->steps;
	to.until_goal = o->until_goal;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		prog_start(&pg, s);
		to.run.progress = prog_update;
		to.run.progress_ctx = &pg;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	diag_clear(&d);
	rc = toc_run(o->file, text, len, o->sets, o->nsets, &to, out, &d);
	sigaction(SIGINT, &old, NULL);
	if (to.run.progress)
		prog_end(&pg);
	if (rc == RUN_OK)
		return CLI_OK;
	cli_print_diag(&d);
	return rc == RUN_BAD_INPUT ? CLI_USAGE : CLI_FAIL;
}

int cmd_toc(int argc, char **argv)
{
	cli_opts o;
	scen *s = NULL;
	toc_res *t = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = cli_parse(argc, argv, "toc", "json reps seed set steps until-goal report quiet", &o);

	if (rc)
		goto out;
	/* read it once to report a bad scenario as `run` would */
	if ((rc = cli_load(&o, &s)))
		goto out;
	if (o.until_goal && s->goals.throughput <= 0 && s->goals.latency_p99 <= 0) {
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
	rc = fflush(stdout) ? cli_error(CLI_FAIL, "cannot write the steps") : CLI_OK;
	if (rc == CLI_OK)
		rc = htmlrep_toc(&o, t);
out:
	toc_free(t);
	hb_free(text);
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}
