/*
 * opt.h: a command's options as one table (git's parse-options), read by
 * getopt_long and printed as the command's help from the same entries, so
 * that `herbie CMD --help`, `herbie CMD -h` and `herbie help CMD` print
 * one text and no option is taken that the help does not list
 * (test/cli/t0120-help.sh checks both).
 *
 * A table fills a struct of the command's (cli_opts for the commands that
 * read a scenario, size_opts for `size`) through offsets: the parser
 * knows the kinds of values, never the options. Names are taken whole,
 * never abbreviated (getopt_long's default): an abbreviation a script
 * used would break the day a new option made it ambiguous.
 */
#ifndef OPT_H
#define OPT_H

#include <stddef.h>
#include <stdio.h>

enum opt_kind {
	OPT_FLAG,	/* int set to 1; takes no value */
	OPT_STR,	/* const char *, any value, "" too */
	OPT_PATH,	/* const char *, not "" (a file, a time) */
	OPT_WHOLE,	/* int64_t, a whole number from lo to hi */
	OPT_REAL,	/* double, above lo and at most hi */
	OPT_SEED,	/* uint64_t from lo to hi, and int at off2 set to 1 */
	OPT_SET,	/* repeatable: appended to the const char ** at off
			 * (an array the parser allocates with hb_calloc and
			 * the caller frees), counted in the int at off2 */
};

typedef struct opt_item {
	const char *name;	/* --name; NULL ends the table */
	enum opt_kind kind;
	size_t off, off2;	/* where the value goes in the command's struct */
	double lo, hi;		/* OPT_WHOLE, OPT_REAL, OPT_SEED: the range */
	const char *arg;	/* the value's name in the help ("N", "FILE") */
	const char *want;	/* a bad value: "--NAME wants WANT, not 'V'" */
	const char *help;	/* its help, lines split by '\n'; NULL: not in
				 * the list (the usage line shows it) */
	int with_next;		/* listed on one line with the next entry */
} opt_item;

typedef struct opt_cmd {
	const char *name;	/* "run" */
	const char *text;	/* the help before the options: usage, what it does */
	const opt_item *opts;	/* ended by { NULL }; NULL: none */
	const char *tail;	/* the help after the options, or NULL */
	int maxpos;		/* positional arguments it takes, at most */
} opt_cmd;

/* opt_parse printed the help (--help, -h): the command ends with status 0
 * (main maps it, as it is no exit status). */
#define OPT_HELP (-1)

/* Parse argv (argv[0] is the command's name) into dst, in order. The
 * positional arguments go to pos, which has room for c->maxpos + 1 (the
 * first one too many, which the caller refuses in its own words): *npos
 * is their count, all of them. --help and -h anywhere print the help,
 * unless a bad option comes first. 0; OPT_HELP after printing the help;
 * or CLI_USAGE (CLI_FAIL out of memory) after printing why. */
int opt_parse(const opt_cmd *c, int argc, char **argv, void *dst,
	      const char **pos, int *npos);

/* The command's whole help. */
void opt_help(const opt_cmd *c, FILE *f);

#endif
