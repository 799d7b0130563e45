/*
 * cli.h: what the subcommands share: exit codes, the options of the
 * commands that read a scenario (their table entries too), reading a
 * scenario with its overrides, printing a diagnostic. Only tools/ prints.
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>

#include "input/diag.h"
#include "opt.h"
#include "scenario/scen.h"

/* Exit codes (jq names them too). */
enum cli_exit {
	CLI_OK = 0,
	CLI_FAIL = 1,		/* a system failure: out of memory, I/O */
	CLI_USAGE = 2,		/* bad usage or a bad scenario */
};

/* The options of the commands that read a scenario, filled by their
 * tables (opt.h): each command's table names the fields it takes. */
typedef struct cli_opts {
	const char *file;
	const char *file2;	/* diff: the second line, when given */
	const char **sets;
	int nsets;
	int json;
	int quiet;
	int64_t reps;		/* 0: the scenario's */
	int have_seed;
	uint64_t seed;
	/* outputs (run, toc, diff): file paths, NULL when not asked for */
	const char *timeline;	/* --timeline FILE (.csv, or .json) */
	const char *bucket;	/* --bucket 100ms: as the scenario writes times */
	const char *trace;	/* --trace FILE */
	int64_t trace_items;	/* --trace-items N; 0: the default */
	const char *report;	/* --report FILE.html */
	double speed;		/* live: simulated s per wall s; 0: default */
	int64_t steps;		/* toc --steps N; 0: the default */
	int until_goal;		/* toc --until-goal */
	double for_s;		/* live --for S: wall seconds; 0: to the end */
	int64_t runs;		/* watch --runs N: stop after N runs; 0: never */
	const char *max_memory;	/* --max-memory SIZE; NULL: cli_memory's default */
} cli_opts;

/* Entries that several commands' tables share, each with its help. */
#define CLI_OPT(name, kind, field, ...) \
	{ name, kind, offsetof(cli_opts, field), __VA_ARGS__ }
#define CLI_OPT_JSON(help) CLI_OPT("json", OPT_FLAG, json, 0, 0, 0, NULL, NULL, help, 0)
#define CLI_OPT_QUIET(help) CLI_OPT("quiet", OPT_FLAG, quiet, 0, 0, 0, NULL, NULL, help, 0)
#define CLI_OPT_REPS(help) CLI_OPT("reps", OPT_WHOLE, reps, 0, 1, 1000000, \
	"N", "a whole number from 1 to 1000000", help, 0)
#define CLI_OPT_SEED(help) CLI_OPT("seed", OPT_SEED, seed, \
	offsetof(cli_opts, have_seed), 0, 9007199254740991.0, "N", \
	"a whole number from 0 to 2^53 - 1", help, 0)
#define CLI_OPT_SET(help) CLI_OPT("set", OPT_SET, sets, \
	offsetof(cli_opts, nsets), 0, 0, "PATH=VALUE", NULL, help, 0)
#define CLI_OPT_REPORT(help) CLI_OPT("report", OPT_PATH, report, 0, 0, 0, \
	"FILE.html", NULL, help, 0)
#define CLI_OPT_MAX_MEMORY CLI_OPT("max-memory", OPT_PATH, max_memory, 0, 0, 0, \
	"SIZE", NULL, "the memory a line may hold, e.g. 4GB (default:\n" \
	"a quarter of the machine's): a line that needs more is\n" \
	"refused, one whose work in progress grows past it stops\n" \
	"there (exit 1)", 0)
#define CLI_OPT_END { NULL, OPT_FLAG, 0, 0, 0, 0, NULL, NULL, NULL, 0 }

/* Parse argv (argv[0] is the command's name) by c's table into o: a
 * scenario, and with c->maxpos 2 a second one (file2). An output path
 * (--timeline, --trace, --report) that is a scenario or another output's
 * file is refused (CLI_USAGE, naming both). 0; OPT_HELP after
 * printing the help; else the exit code after printing why. Then
 * cli_opts_free, whatever it returned. */
int cli_parse(int argc, char **argv, const opt_cmd *c, cli_opts *o);
void cli_opts_free(cli_opts *o);

/* The exit status of a result code (core/hb.h), the one place the two
 * meet: 0 done, or stopped (what was measured is printed, marked
 * partial); 2 bad input; 1 out of memory or I/O. */
int cli_exit(int code);

/* Read and check o->file with its overrides. Returns 0 and *out, or the
 * exit code after printing the diagnostic. */
int cli_load(const cli_opts *o, scen **out);
int cli_load_file(const char *path, const char *const *sets, int nsets,
		  scen **out);

void cli_print_diag(const diag *d);

/* After a command's results: 0 when everything written to stdout so far
 * went out; else CLI_FAIL after printing "cannot write WHAT: reason".
 * (main checks stdout once more at the end, for every command.) */
int cli_flush(const char *what);

/* The whole file, NUL-terminated, in *out (the caller frees it) and its
 * length; 0, or the exit code after printing why. */
int cli_slurp(const char *path, char **out, size_t *len);

/* cli_slurp for a regular file only, whose open never blocks: a FIFO or
 * a device is refused (2) at once (watch: the file it watches may be
 * replaced by anything). */
int cli_slurp_regular(const char *path, char **out, size_t *len);

/* The memory budget in bytes: --max-memory as a size ("4GB"), or a
 * quarter of the machine's memory. 0 and *bytes, or the exit code after
 * printing why. */
int cli_memory(const cli_opts *o, double *bytes);

/* A whole number from 0 to max written plainly (no sign, nothing after
 * it), or -1. */
int64_t cli_whole(const char *s, int64_t max);

/* label, then text from column indent + strlen(label) on, wrapped at 78
 * columns on spaces, continuation lines under the text. */
void cli_wrap(const char *label, const char *text, int indent);
int cli_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Subcommands: argc/argv start at the command's name. Each returns its
 * exit status, or OPT_HELP when it printed its help (main makes it 0). */
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_toc(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_live(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* Their tables and help texts, beside each command's code. */
extern const opt_cmd cmd_run_opts, cmd_check_opts, cmd_diff_opts,
	cmd_toc_opts, cmd_catalog_opts, cmd_size_opts, cmd_live_opts,
	cmd_watch_opts, cmd_help_opts;

#endif
