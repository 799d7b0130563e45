/*
 * opt.c: option tables read by getopt_long, and the help printed from
 * them (opt.h).
 *
 * getopt_long runs in order ("-" first in its string: a positional comes
 * back as code 1 where it stands, so the first bad option in argv is the
 * one reported, as before) and silent (opterr = 0): the messages are
 * herbie's own, in the words test/cli pins ("run: unknown option
 * '--fast' (see 'herbie help run')"). A long option comes back as 256 +
 * its index in the table, above any short option's character.
 */
#include "opt.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/hb.h"

#define OPT_MAX 32	/* entries in a table, at most */
#define OPT_LONG 256	/* getopt_long's code of the first entry */
#define OPT_COL 23	/* the column of the options' help */
#define OPT_LABEL 128	/* the room for a line's "--a N, --b N" */

/* getopt_long's table: the entries, then --help, then the end. */
static void long_opts(const opt_cmd *c, struct option *lo)
{
	int n = 0;

	for (const opt_item *o = c->opts; o && o->name; o++, n++) {
		HB_ASSERT(n < OPT_MAX);
		lo[n] = (struct option){ o->name, o->kind == OPT_FLAG ?
					 no_argument : required_argument,
					 NULL, OPT_LONG + n };
	}
	lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The argument that held the long option just returned: the last one
 * read, or the one before when the value came apart ("--reps 3"). */
static const char *held(char **argv)
{
	return optarg && optarg == argv[optind - 1] ? argv[optind - 2] :
	       argv[optind - 1];
}

/* Was it written whole ("--name" or "--name=...")? getopt_long also takes
 * a prefix, which opt.h refuses. */
static int whole_name(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, "--", 2) && !strncmp(arg + 2, name, n) &&
	       (arg[2 + n] == 0 || arg[2 + n] == '=');
}

static int unknown(const opt_cmd *c, const char *arg)
{
	return cli_error(CLI_USAGE, "%s: unknown option '%.*s' (see 'herbie help %s')",
			 c->name, (int)strcspn(arg, "="), arg, c->name);
}

static int bad_value(const opt_cmd *c, const opt_item *o, const char *v)
{
	return cli_error(CLI_USAGE, "%s: --%s wants %s, not '%s'", c->name,
			 o->name, o->want, v);
}

static int take_set(const opt_item *o, const char *v, char *at, int argc)
{
	const char ***sets = (const char ***)(void *)at;
	int *n = (int *)(void *)(at - o->off + o->off2);

	if (!*sets && !(*sets = hb_calloc((size_t)argc + 1, sizeof **sets)))
		return cli_error(CLI_FAIL, "out of memory");
	(*sets)[(*n)++] = v;
	return 0;
}

/* Store v, the value of option o, into dst. */
static int take(const opt_cmd *c, const opt_item *o, const char *v, void *dst,
		int argc)
{
	char *at = (char *)dst + o->off, *end;
	int64_t x;
	double r;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)(void *)at = 1;
		return 0;
	case OPT_PATH:
		if (!*v)
			return cli_error(CLI_USAGE, "%s: --%s needs a value", c->name, o->name);
		/* "dir/" names no file to write (fopen's "Not a directory" or
		 * "Is a directory" said it obscurely), nor any time */
		if (v[strlen(v) - 1] == '/')
			return cli_error(CLI_USAGE, "%s: --%s wants a file name, "
					 "not a directory ('%s')", c->name,
					 o->name, v);
		/* fall through */
	case OPT_STR:
		*(const char **)(void *)at = v;
		return 0;
	case OPT_WHOLE:
	case OPT_SEED:
		if ((x = cli_whole(v, (int64_t)o->hi)) < (int64_t)o->lo)
			return bad_value(c, o, v);
		if (o->kind == OPT_WHOLE) {
			*(int64_t *)(void *)at = x;
		} else {
			*(uint64_t *)(void *)at = (uint64_t)x;
			*(int *)(void *)((char *)dst + o->off2) = 1;
		}
		return 0;
	case OPT_REAL:
		/* a number as written: strtod would also take leading
		 * blanks (' 3'), hex (0x10), "inf" and "nan" */
		if (v[strspn(v, "0123456789.eE+-")] != '\0' || !*v)
			return bad_value(c, o, v);
		errno = 0;
		r = strtod(v, &end);
		if (errno || *end || !(r > o->lo) || r > o->hi)
			return bad_value(c, o, v);
		*(double *)(void *)at = r;
		return 0;
	case OPT_SET:
		return take_set(o, v, at, argc);
	}
	HB_BUG("option kind %d", (int)o->kind);
}

/* getopt_long's '?' and ':': an unknown option, or a known one with a
 * value it does not take, or without the value it needs. */
static int refused(const opt_cmd *c, int code, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *name = optopt == 'h' ? "help" :
			   optopt >= OPT_LONG ? c->opts[optopt - OPT_LONG].name : NULL;

	if (optopt > 0 && optopt < OPT_LONG && optopt != 'h')
		return cli_error(CLI_USAGE, "%s: unknown option '-%c' (see 'herbie help %s')",
				 c->name, optopt, c->name);
	if (!name || !whole_name(arg, name))
		return unknown(c, arg);
	return cli_error(CLI_USAGE, code == ':' ? "%s: --%s needs a value" :
			 "%s: --%s takes no value", c->name, name);
}

int opt_parse(const opt_cmd *c, int argc, char **argv, void *dst,
	      const char **pos, int *npos)
{
	struct option lo[OPT_MAX + 2];
	int ch, idx, rc;

	long_opts(c, lo);
	*npos = 0;
	optind = 0;	/* glibc: start afresh (tests parse many times) */
	opterr = 0;
	for (;;) {
		idx = -1;
		if ((ch = getopt_long(argc, argv, "-:h", lo, &idx)) == -1)
			break;
		if (ch == '?' || ch == ':')
			return refused(c, ch, argv);
		if (idx >= 0 && !whole_name(held(argv), lo[idx].name))
			return unknown(c, held(argv));
		if (ch == 'h') {
			opt_help(c, stdout);
			return OPT_HELP;
		}
		if (ch == 1) {
			if (*npos <= c->maxpos)
				pos[*npos] = optarg;
			++*npos;
		} else if ((rc = take(c, &c->opts[ch - OPT_LONG], optarg, dst, argc))) {
			return rc;
		}
	}
	/* after "--", all are positional */
	for (; optind < argc; optind++, ++*npos)
		if (*npos <= c->maxpos)
			pos[*npos] = argv[optind];
	return 0;
}

/* One line of the list (more when its help has several): the label, and
 * the help from OPT_COL on, or from the next line when the label is too
 * wide. */
static void item(FILE *f, const char *label, const char *help)
{
	int col = fprintf(f, "  %s", label);

	if (col > OPT_COL - 1) {
		fputc('\n', f);
		col = 0;
	}
	do {
		size_t n = strcspn(help, "\n");

		fprintf(f, "%*s%.*s\n", OPT_COL - col, "", (int)n, help);
		col = 0;
		help += n;
	} while (*help++);
}

static int listed(const opt_item *o)
{
	return o->help || o->with_next;
}

void opt_help(const opt_cmd *c, FILE *f)
{
	char label[OPT_LABEL];
	size_t len = 0;
	int any = 0;

	fputs(c->text, f);
	for (const opt_item *o = c->opts; o && o->name; o++) {
		if (!listed(o))
			continue;
		if (!any++)
			fputs("\noptions:\n", f);
		len += (size_t)snprintf(label + len, sizeof label - len, "--%s%s%s%s",
					o->name, o->arg ? " " : "",
					o->arg ? o->arg : "", o->with_next ? ", " : "");
		HB_ASSERT(len < sizeof label);
		if (o->with_next)
			continue;
		item(f, label, o->help);
		len = 0;
	}
	if (c->tail) {
		fputc('\n', f);
		fputs(c->tail, f);
	}
}
