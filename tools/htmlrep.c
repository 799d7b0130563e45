/*
 * htmlrep.c: --report (htmlrep.h).
 */
#include "htmlrep.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "intr.h"
#include "run/toc.h"
#include "view/html.h"
#include "view/htoc.h"
#include "view/ofile.h"
#include "view/tl.h"

/* "file" or "file (with --set a, --set b)": what the page is about (as
 * cmd_diff.c labels its lines). */
static void label(char *buf, size_t n, const cli_opts *o)
{
	size_t len = (size_t)snprintf(buf, n, "%s", o->file);

	for (int i = 0; i < o->nsets && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s--set %s%s",
					i ? ", " : " (with ", o->sets[i],
					i == o->nsets - 1 ? ")" : "");
}

/* The timeline of r's scenario with r's seed into *t. HB_OK,
 * HB_STOPPED (Ctrl-C), or an error after printing why. */
static int timeline(const res *r, simtime width, tl **t)
{
	diag d;
	int rc;

	diag_clear(&d);
	rc = tl_collect_stop(r->s, 1, r->seed, width, intr_flag(), t, &d);
	if (rc == HB_BAD_INPUT)
		cli_error(0, "--report: %s%s%s", d.path, d.path[0] ? ": " : "", d.msg);
	else if (rc < 0)
		cli_error(0, "--report: out of memory");
	return rc;
}

/* Said when Ctrl-C stopped the timelines: the report is not written, and
 * the run still succeeded. */
static int stopped(const cli_opts *o)
{
	fprintf(stderr, "herbie: interrupted: the --report file %s not written\n", o->report);
	return CLI_OK;
}

/* Said when a signal came while the page was written: it was finished
 * (htmlrep.h), and the command ends as it documents. */
static int written(const cli_opts *o, int rc)
{
	if (rc == CLI_OK && *intr_flag())
		fprintf(stderr, "herbie: interrupted: the --report file %s written in full\n", o->report);
	return rc;
}

/* Collect the timelines (one, or two for a comparison) and write the page
 * with them. */
static int report(const cli_opts *o, const res *a, const res *b,
		  const tl *given, simtime width,
		  int (*page)(FILE *, const void *, const tl *, const tl *,
			      const char *, const char *),
		  const void *ctx, const char *la, const char *lb)
{
	tl *ta = NULL, *tb = NULL;
	ofile of;
	int rc;

	/* diff catches nothing before: from here Ctrl-C stops the
	 * timelines and no page is written (run has caught it already) */
	intr_catch(0);
	rc = given ? 0 : timeline(a, width, &ta);
	if (!rc && b)
		rc = timeline(b, width, &tb);
	if (rc) {
		rc = rc == HB_STOPPED ? stopped(o) : cli_exit(rc);
		goto out;
	}
	if (ofile_open(&of, o->report) < 0) {
		rc = cli_error(CLI_FAIL, "cannot write %s: %s", o->report, strerror(errno));
		goto out;
	}
	errno = 0;
	if (page(of.f, ctx, given ? given : ta, tb, la, lb) < 0) {
		int e = errno;

		ofile_abort(&of);
		rc = cli_error(CLI_FAIL, "cannot write %s: %s", o->report,
			       e ? strerror(e) : "write error");
		goto out;
	}
	if (ofile_commit(&of) < 0)
		rc = cli_error(CLI_FAIL, "cannot write %s: %s", o->report, strerror(errno));
out:
	tl_free(ta);
	tl_free(tb);
	return rc;
}

static int run_page(FILE *f, const void *ctx, const tl *ta, const tl *tb,
		    const char *la, const char *lb)
{
	(void)tb;
	(void)lb;
	return html_run(f, ctx, ta, la);
}

static int diff_page(FILE *f, const void *ctx, const tl *ta, const tl *tb,
		     const char *la, const char *lb)
{
	return html_diff(f, ctx, ta, tb, la, lb);
}

int htmlrep_run(const cli_opts *o, const res *r, const tl *t, simtime width,
		int partial)
{
	char la[1024];

	if (!o->report)
		return 0;
	if (partial)
		return stopped(o);
	label(la, sizeof la, o);
	return report(o, r, NULL, t, width, run_page, r, la, NULL);
}

/* The toc page: one timeline per step's line. */
static int toc_page(const cli_opts *o, const toc_res *t, tl **tls)
{
	char la[1024];
	ofile of;
	int rc = CLI_OK;

	label(la, sizeof la, o);
	if (ofile_open(&of, o->report) < 0)
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->report, strerror(errno));
	errno = 0;
	if (htoc_page(of.f, t, tls, la) < 0) {
		int e = errno;

		ofile_abort(&of);
		return cli_error(CLI_FAIL, "cannot write %s: %s", o->report,
				 e ? strerror(e) : "write error");
	}
	if (ofile_commit(&of) < 0)
		rc = cli_error(CLI_FAIL, "cannot write %s: %s", o->report, strerror(errno));
	return rc;
}

int htmlrep_toc(const cli_opts *o, const toc_res *t)
{
	tl **tls;
	int rc = 0;

	if (!o->report)
		return 0;
	if (t->stop == TOC_STOP_INTERRUPTED)
		return stopped(o);
	if (!(tls = hb_calloc((size_t)t->nsteps, sizeof *tls)))
		return cli_error(CLI_FAIL, "--report: out of memory");
	for (int k = 0; k < t->nsteps && !rc; k++)
		rc = timeline(t->steps[k].r, 0, &tls[k]);
	rc = rc == HB_STOPPED ? stopped(o) : rc ? cli_exit(rc) : written(o, toc_page(o, t, tls));
	for (int k = 0; k < t->nsteps; k++)
		tl_free(tls[k]);
	hb_free(tls);
	return rc;
}

int htmlrep_diff(const cli_opts *o, const diff_res *d, const char *la,
		 const char *lb)
{
	if (!o->report)
		return 0;
	return written(o, report(o, d->a, d->b, NULL, 0, diff_page, d, la, lb));
}
