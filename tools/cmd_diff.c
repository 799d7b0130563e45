/*
 * cmd_diff.c: `herbie diff`, two lines over paired replications.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "htmlrep.h"
#include "report/rdiff.h"
#include "run/diff.h"

static const opt_item diff_opts_table[] = {
	CLI_OPT_SET("override a field of the second line (repeatable)"),
	CLI_OPT_REPS("paired replications (default: the first line's)"),
	CLI_OPT_MAX_MEMORY,
	CLI_OPT_SEED("the seed of both"),
	CLI_OPT_JSON("print the comparison as JSON"),
	CLI_OPT_REPORT("also write an HTML page: the changes, both lines'\n"
		       "diagrams, results and charts over time side by side"),
	CLI_OPT_END
};

const opt_cmd cmd_diff_opts = {
	"diff",
	"usage: herbie diff <before.json> [<after.json>] [options]\n\n"
	"Run two lines over the same replications with common random numbers\n"
	"(stations and sources with the same names draw the same numbers) and\n"
	"print, for the line and for each station both have, every figure\n"
	"before and after and its change with the 95% interval of the paired\n"
	"differences; '*' marks a significant change. Stations are paired by\n"
	"name, in any order; one only a line has is shown as removed (only\n"
	"before) or added (only after). Without <after.json>, the second line\n"
	"is the first with the --set overrides.\n",
	diff_opts_table,
	"exit status: 0 ran, 2 bad usage or bad scenario, 1 any other failure\n",
	2,
};

/* "file" or "file (with --set a, --set b)" for the report's header. */
static void label(char *buf, size_t n, const char *file, const cli_opts *o)
{
	size_t len = (size_t)snprintf(buf, n, "%s", file);

	for (int i = 0; i < o->nsets && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s--set %s%s",
					i ? ", " : " (", o->sets[i],
					i == o->nsets - 1 ? ")" : "");
}

int cmd_diff(int argc, char **argv)
{
	cli_opts o;
	run_opts ro = { 0 };
	scen *a = NULL, *b = NULL;
	diff_res *r = NULL;
	char la[1024], lb[1024];
	diag d;
	int rc = cli_parse(argc, argv, &cmd_diff_opts, &o);

	if (rc)
		goto out;
	if (!o.file2 && o.nsets == 0) {
		rc = cli_error(CLI_USAGE, "diff: what changes? give a second scenario or --set PATH=VALUE");
		goto out;
	}
	if ((rc = cli_load_file(o.file, NULL, 0, &a)) ||
	    (rc = cli_load_file(o.file2 ? o.file2 : o.file, o.sets, o.nsets, &b)))
		goto out;
	if ((rc = cli_memory(&o, &ro.max_memory)))
		goto out;
	ro.reps = o.reps;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	diag_clear(&d);
	rc = diff_run(a, b, &ro, &r, &d);
	if (rc != RUN_OK) {
		cli_print_diag(&d);
		rc = cli_exit(rc);
		goto out;
	}
	snprintf(la, sizeof la, "%s", o.file);
	label(lb, sizeof lb, o.file2 ? o.file2 : o.file, &o);
	if (o.json)
		rdiff_json(r, la, lb, stdout);
	else
		rdiff_text(r, la, lb, stdout);
	rc = cli_flush("the comparison");
	if (!rc)
		rc = htmlrep_diff(&o, r, la, lb);
out:
	diff_free(r);
	scen_free(a);
	scen_free(b);
	cli_opts_free(&o);
	return rc;
}
