/*
 * herbie.c: the `herbie` command. A table of subcommands (git's commands[]),
 * each a thin layer over the library: anything a subcommand computes, a
 * test can call directly.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "run a scenario and print its results" },
	{ "check", cmd_check, "check a scenario without running it" },
	{ "diff", cmd_diff, "compare two lines over paired replications" },
	{ "toc", cmd_toc, "the five focusing steps: find the constraint, try the fixes, repeat" },
	{ "catalog", cmd_catalog, "list the hardware catalog, or show one entry with its sources" },
	{ "size", cmd_size, "GPU memory a model needs to train or serve, term by term with sources" },
	{ "live", cmd_live, "play the line in the terminal at a chosen speed" },
	{ "watch", cmd_watch, "rerun a scenario each time its file changes" },
	{ "help", cmd_help, "explain a command" },
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

int cmd_help(int argc, char **argv)
{
	const char *u;

	if (argc < 2) {
		overview(stdout);
		return CLI_OK;
	}
	u = cli_usage(argv[1]);
	if (!u)
		return cli_error(CLI_USAGE, "no command '%s' (try 'herbie help')", argv[1]);
	fputs(u, stdout);
	return CLI_OK;
}

int main(int argc, char **argv)
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
			return commands[i].fn(argc - 1, argv + 1);
	return cli_error(CLI_USAGE, "'%s' is not a herbie command (try 'herbie help')", argv[1]);
}
