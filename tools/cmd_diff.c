/*
 * cmd_diff.c: `herbie diff`, two lines over paired replications.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "htmlrep.h"
#include "report/rdiff.h"
#include "run/diff.h"

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
	int rc = cli_parse(argc, argv, "diff", "file2 json reps seed set report", &o);

	if (rc)
		goto out;
	if (!o.file2 && o.nsets == 0) {
		rc = cli_error(CLI_USAGE, "diff: what changes? give a second scenario or --set PATH=VALUE");
		goto out;
	}
	if ((rc = cli_load_file(o.file, NULL, 0, &a)) ||
	    (rc = cli_load_file(o.file2 ? o.file2 : o.file, o.sets, o.nsets, &b)))
		goto out;
	ro.reps = o.reps;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	diag_clear(&d);
	rc = diff_run(a, b, &ro, &r, &d);
	if (rc != RUN_OK) {
		cli_print_diag(&d);
		rc = rc == RUN_BAD_INPUT ? CLI_USAGE : CLI_FAIL;
		goto out;
	}
	snprintf(la, sizeof la, "%s", o.file);
	label(lb, sizeof lb, o.file2 ? o.file2 : o.file, &o);
	if (o.json)
		rdiff_json(r, la, lb, stdout);
	else
		rdiff_text(r, la, lb, stdout);
	rc = fflush(stdout) ? cli_error(CLI_FAIL, "cannot write the comparison") : CLI_OK;
	if (!rc)
		rc = htmlrep_diff(&o, r, la, lb);
out:
	diff_free(r);
	scen_free(a);
	scen_free(b);
	cli_opts_free(&o);
	return rc;
}
