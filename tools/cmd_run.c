/*
 * cmd_run.c: `herbie run` and `herbie check`.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report/rjson.h"
#include "report/rtext.h"
#include "run/run.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

int cmd_run(int argc, char **argv)
{
	cli_opts o;
	run_opts ro = { 0 };
	struct sigaction sa, old;
	scen *s = NULL;
	res *r = NULL;
	diag d;
	int rc = cli_parse(argc, argv, "run", "json reps seed set quiet", &o);

	if (rc || (rc = cli_load(&o, &s)))
		goto out;
	ro.reps = o.reps;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	ro.stop = &interrupted;
	/* Ctrl-C stops after the replication under way and still reports
	 * what was measured, marked partial. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	diag_clear(&d);
	rc = run_scenario(s, &ro, &r, &d);
	sigaction(SIGINT, &old, NULL);
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
out:
	res_free(r);
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	cli_opts o;
	scen *s = NULL;
	int rc = cli_parse(argc, argv, "check", "set quiet", &o);

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
