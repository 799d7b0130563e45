/*
 * herbie.c: the `herbie` command. A table of subcommands (git's commands[]),
 * each a thin layer over the library: anything a subcommand computes, a
 * test can call directly.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "intr.h"
#include "view/ofile.h"

/* Each command's options and help are one table, beside its code (opt.h):
 * `help CMD` prints what `CMD --help` does. */
static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const opt_cmd *opts;
	const char *summary;
} commands[] = {
	{ "run", cmd_run, &cmd_run_opts, "run a scenario and print its results" },
	{ "check", cmd_check, &cmd_check_opts, "check a scenario without running it" },
	{ "diff", cmd_diff, &cmd_diff_opts, "compare two lines over paired replications" },
	{ "toc", cmd_toc, &cmd_toc_opts, "the five focusing steps: find the constraint, try the fixes, repeat" },
	{ "catalog", cmd_catalog, &cmd_catalog_opts, "list the hardware catalog, or show one entry with its sources" },
	{ "size", cmd_size, &cmd_size_opts, "GPU memory a model needs to train or serve, term by term with sources" },
	{ "live", cmd_live, &cmd_live_opts, "play the line in the terminal at a chosen speed" },
	{ "watch", cmd_watch, &cmd_watch_opts, "rerun a scenario each time its file changes" },
	{ "help", cmd_help, &cmd_help_opts, "explain a command" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void overview(FILE *f)
{
	fputs("usage: herbie <command> [<args>]\n\n"
	      "herbie simulates ML systems as conveyor lines: it finds the\n"
	      "line's constraint and measures what each fix would bring.\n\n"
	      "commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'herbie help <command>' explains one; the README teaches the rest.\n", f);
}

const opt_cmd cmd_help_opts = {
	"help",
	"usage: herbie help [<command>]\n\nList the commands, or explain one.\n",
	NULL, NULL, 1,
};

int cmd_help(int argc, char **argv)
{
	const char *name[2];
	int n, rc;

	if ((rc = opt_parse(&cmd_help_opts, argc, argv, NULL, name, &n)))
		return rc;
	if (n > 1)
		return cli_error(CLI_USAGE, "help: one command at a time ('%s' is extra)", name[1]);
	if (n == 0) {
		overview(stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name[0], commands[i].name)) {
			opt_help(commands[i].opts, stdout);
			return CLI_OK;
		}
	return cli_error(CLI_USAGE, "no command '%s' (try 'herbie help')", name[0]);
}

/* A command's result as the process's exit status: the help it printed
 * on --help is a success. */
static int exit_status(int rc)
{
	return rc == OPT_HELP ? CLI_OK : rc;
}

/* Everything written to stdout must have arrived: a full disk, a closed
 * pipe or /dev/full is a failure (status 1) however small the output, as
 * git's run_builtin checks. stdio reports a failed write only at the next
 * flush, so the last one is here, for every command, and fclose catches
 * what only a close tells (NFS). A command that failed already keeps its
 * status and said why. */
static int stdout_closed(int rc)
{
	int bad, e;

	errno = 0;
	bad = fflush(stdout) != 0;
	e = errno;
	bad |= ferror(stdout) != 0;
	errno = 0;
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad || rc != CLI_OK)
		return rc;
	/* a write failed before the last flush: stdio keeps no errno, and
	 * the one the failed write(2) left is the best guess */
	if (!e)
		e = errno ? errno : EIO;
	return cli_error(CLI_FAIL, "cannot write to standard output: %s", strerror(e));
}

/* The test hook of ofile.h: HERBIE_TEST_RAISE=SIG:PATH raises SIG (INT,
 * TERM, HUP, QUIT or PIPE) once the output file PATH is open, so that a
 * test lands a signal while it is written (test/cli/t0730-outputs.sh). */
static void test_hook(void)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "INT:", SIGINT }, { "TERM:", SIGTERM }, { "HUP:", SIGHUP },
		{ "QUIT:", SIGQUIT }, { "PIPE:", SIGPIPE },
	};
	const char *v = getenv("HERBIE_TEST_RAISE");

	for (size_t i = 0; v && i < sizeof sigs / sizeof sigs[0]; i++)
		if (!strncmp(v, sigs[i].name, strlen(sigs[i].name)))
			ofile_test_raise(sigs[i].sig, v + strlen(sigs[i].name));
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		overview(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		overview(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		puts("herbie 0.1");
		return CLI_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return exit_status(commands[i].fn(argc - 1, argv + 1));
	return cli_error(CLI_USAGE, "'%s' is not a herbie command (try 'herbie help')", argv[1]);
}

int main(int argc, char **argv)
{
	/* first of all: a signal that kills takes the temporary output
	 * files with it */
	intr_cleanup(ofile_remove_temps);
	test_hook();
	return stdout_closed(dispatch(argc, argv));
}
