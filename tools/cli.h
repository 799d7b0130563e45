/*
 * cli.h: what the subcommands share: exit codes, reading a scenario with
 * its overrides, printing a diagnostic. Only tools/ prints.
 */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>

#include "input/diag.h"
#include "scenario/scen.h"

/* Exit codes (jq names them too). */
enum cli_exit {
	CLI_OK = 0,
	CLI_FAIL = 1,		/* a system failure: out of memory, I/O */
	CLI_USAGE = 2,		/* bad usage or a bad scenario */
};

/* Options common to the commands that read a scenario. */
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
} cli_opts;

/* Parse argv (after the command name) into o. Returns 0, or CLI_USAGE
 * after printing why. `allowed` lists the options this command takes, as
 * a string of their names ("json reps seed set quiet"). */
int cli_parse(int argc, char **argv, const char *cmd, const char *allowed,
	      cli_opts *o);
void cli_opts_free(cli_opts *o);

/* Read and check o->file with its overrides. Returns 0 and *out, or the
 * exit code after printing the diagnostic. */
int cli_load(const cli_opts *o, scen **out);
int cli_load_file(const char *path, const char *const *sets, int nsets,
		  scen **out);

void cli_print_diag(const diag *d);

/* The whole file, NUL-terminated, in *out (the caller frees it) and its
 * length; 0, or the exit code after printing why. */
int cli_slurp(const char *path, char **out, size_t *len);

/* A whole number from 0 to max written plainly (no sign, nothing after
 * it), or -1. */
int64_t cli_whole(const char *s, int64_t max);

/* label, then text from column indent + strlen(label) on, wrapped at 78
 * columns on spaces, continuation lines under the text. */
void cli_wrap(const char *label, const char *text, int indent);
int cli_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Subcommands: argc/argv start at the command's name. */
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_toc(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_live(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* The usage text of a command, or NULL. */
const char *cli_usage(const char *cmd);

#endif
