/*
 * cli.c: what the subcommands share: the scenario commands' parse (their
 * tables are theirs, opt.c reads them), scenario loading and messages.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hb.h"
#include "input/unit.h"
#include "view/ofile.h"

/* A scenario file larger than this is refused before it is read. */
#define CLI_MAX_FILE (64L << 20)

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("herbie: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void cli_print_diag(const diag *d)
{
	char buf[2048];

	diag_format(d, buf, sizeof buf);
	fputs(buf, stderr);
}

int cli_memory(const cli_opts *o, double *bytes)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	char err[128];

	if (!o->max_memory) {
		*bytes = pages > 0 && size > 0 ? (double)pages * (double)size / 4 : 0;
		return 0;
	}
	if (unit_parse(UNIT_SIZE, o->max_memory, bytes, err, sizeof err) < 0 ||
	    !(*bytes >= 1e6))
		return cli_error(CLI_USAGE, "--max-memory: \"%s\" is not a size of "
				 "1MB or more (e.g. 4GB)", o->max_memory);
	return 0;
}

int64_t cli_whole(const char *s, int64_t max)
{
	char *end;
	long long v;

	/* digits only: strtoll would also take leading blanks (' 3') and
	 * a sign */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

/* No output may be written over an input or over another output: the
 * scenario would be lost, or one output silently replaced by the next.
 * Checked before anything runs, for every command that has outputs, on
 * the files the paths lead to (a link to the scenario is the scenario). */
static int outputs_apart(const opt_cmd *c, const cli_opts *o)
{
	const char *const in[] = { o->file, o->file2 };
	const char *const in_name[] = { "the scenario", "the second scenario" };
	const char *const out[] = { o->timeline, o->trace, o->report };
	const char *const out_name[] = { "--timeline", "--trace", "--report" };

	for (int i = 0; i < 3; i++) {
		if (!out[i])
			continue;
		for (int j = 0; j < 2; j++)
			if (in[j] && ofile_same(out[i], in[j]))
				return cli_error(CLI_USAGE, "%s: %s %s is %s %s: "
						 "it would be overwritten",
						 c->name, out_name[i], out[i],
						 in_name[j], in[j]);
		for (int j = 0; j < i; j++)
			if (out[j] && ofile_same(out[i], out[j]))
				return cli_error(CLI_USAGE, "%s: %s %s and %s %s are "
						 "the same file: each output needs its own",
						 c->name, out_name[j], out[j],
						 out_name[i], out[i]);
	}
	return 0;
}

int cli_parse(int argc, char **argv, const opt_cmd *c, cli_opts *o)
{
	const char *pos[3];
	int n, rc;

	HB_ASSERT(c->maxpos >= 1 && c->maxpos <= 2);
	memset(o, 0, sizeof *o);
	if ((rc = opt_parse(c, argc, argv, o, pos, &n)))
		return rc;
	if (n > c->maxpos)
		return cli_error(CLI_USAGE, "%s: one scenario at a time ('%s' is extra)", c->name, pos[c->maxpos]);
	if (n == 0)
		return cli_error(CLI_USAGE, "%s: which scenario? (usage: herbie %s <scenario.json>)", c->name, c->name);
	o->file = pos[0];
	o->file2 = n > 1 ? pos[1] : NULL;
	return outputs_apart(c, o);
}

void cli_opts_free(cli_opts *o)
{
	hb_free(o->sets);
	o->sets = NULL;
}

int cli_exit(int code)
{
	switch (code) {
	case HB_OK:
	case HB_STOPPED:
		return CLI_OK;
	case HB_BAD_INPUT:
		return CLI_USAGE;
	case HB_NOMEM:
	case HB_IO:
		return CLI_FAIL;
	}
	HB_BUG("result code %d", code);
}

int cli_flush(const char *what)
{
	int e = errno;	/* what a write that failed before left, if any */

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno)
		e = errno;
	return cli_error(CLI_FAIL, "cannot write %s: %s", what, strerror(e ? e : EIO));
}

/* A name the user gave that leads to no file it can read: a usage error
 * (2), where an error of the system is 1. */
static int named_wrongly(int e)
{
	return e == ENOENT || e == EACCES || e == ENAMETOOLONG ||
	       e == ENOTDIR || e == ELOOP;
}

/* f (opened from path, closed here) read whole, as cli_slurp says. */
static int slurp(FILE *f, const char *path, char **out, size_t *len)
{
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	struct stat st;
	int rc;

	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cli_error(CLI_USAGE, "%s is a directory, not a scenario", path);
		goto fail;
	}
	do {
		if (cap - n < 65536) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > (size_t)CLI_MAX_FILE + 65536) {
				rc = cli_error(CLI_USAGE, "%s: larger than %ld MiB; is it a scenario?", path, CLI_MAX_FILE >> 20);
				goto fail;
			}
			if (!(nb = hb_realloc(buf, cap + 1))) {
				rc = cli_error(CLI_FAIL, "out of memory reading %s", path);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		rc = cli_error(CLI_FAIL, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
fail:
	fclose(f);
	hb_free(buf);
	return rc;
}

/* 2 for what the user named wrongly, 1 for the system. */
int cli_slurp(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");

	*out = NULL;
	if (!f)
		return cli_error(named_wrongly(errno) ? CLI_USAGE : CLI_FAIL,
				 "cannot open %s: %s", path, strerror(errno));
	return slurp(f, path, out, len);
}

/* Opened without blocking, then checked: open() of a FIFO waits for a
 * writer, forever if none comes, and a file that is not regular (a FIFO,
 * a device) is no scenario to watch. */
int cli_slurp_regular(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	*out = NULL;
	if (fd < 0)
		return cli_error(named_wrongly(errno) ? CLI_USAGE : CLI_FAIL,
				 "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		close(fd);
		return cli_error(CLI_USAGE, "%s is not a regular file (a FIFO or "
				 "a device), not a scenario", path);
	}
	if (!(f = fdopen(fd, "rb"))) {
		int e = errno;

		close(fd);
		return cli_error(CLI_FAIL, "cannot open %s: %s", path, strerror(e));
	}
	return slurp(f, path, out, len);
}

int cli_load(const cli_opts *o, scen **out)
{
	return cli_load_file(o->file, o->sets, o->nsets, out);
}

int cli_load_file(const char *path, const char *const *sets, int nsets,
		  scen **out)
{
	size_t len = 0;
	char *text;
	diag d;
	int rc;

	*out = NULL;
	if ((rc = cli_slurp(path, &text, &len)))
		return rc;
	diag_clear(&d);
	rc = scen_parse(path, text, len, sets, nsets, out, &d);
	hb_free(text);
	if (rc < 0) {
		cli_print_diag(&d);
		HB_ASSERT(d.code < 0);	/* a failure says which */
		return cli_exit(d.code);
	}
	return 0;
}

/* Columns of wrapped text: sources and rules in `catalog` and `size`. */
#define CLI_WRAP 78

void cli_wrap(const char *label, const char *text, int indent)
{
	int col;

	printf("%*s%s", indent, "", label);
	indent += (int)strlen(label);
	col = indent;
	while (*text) {
		const char *sp = strchr(text, ' ');
		int w = sp ? (int)(sp - text) : (int)strlen(text);

		if (col > indent && col + 1 + w > CLI_WRAP) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		printf("%.*s", w, text);
		col += w;
		text += w;
		while (*text == ' ')
			text++;
	}
	putchar('\n');
}
