/*
 * t_opt.c: the commands' option tables (tools/opt.h) against their help.
 *
 * A table is both the parser and the help, so what can still drift is an
 * entry the help does not show (help NULL, meant for an option the usage
 * line names) or a kind whose value the parser refuses: every entry of
 * every command must appear in its help as --name, and be taken with a
 * value of its kind. test/cli/t0120-help.sh checks the three ways to ask
 * for the help and that each option the help lists is taken.
 */
#include <check.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/cli.h"
#include "core/hb.h"
#include "tutil.h"

Suite *opt_suite(void);

/* Every command but help (herbie.c's, which has no options). */
static const opt_cmd *const cmds[] = {
	&cmd_run_opts, &cmd_check_opts, &cmd_diff_opts, &cmd_toc_opts,
	&cmd_catalog_opts, &cmd_size_opts, &cmd_live_opts, &cmd_watch_opts,
};
#define NCMDS (sizeof cmds / sizeof cmds[0])

/* Room for any command's struct (cli_opts, size_opts). */
typedef struct dst {
	alignas(max_align_t) unsigned char b[1024];
} dst;

static char *help_of(const opt_cmd *c)
{
	tu_mem m;

	opt_help(c, tu_mem_open(&m));
	return tu_mem_close(&m);
}

/* "--name" in text, not as the start of a longer name. */
static int names(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, "--")); p += 2)
		if (!strncmp(p + 2, name, n) &&
		    !strchr("abcdefghijklmnopqrstuvwxyz0123456789-", p[2 + n]))
			return 1;
	return 0;
}

/* A value each kind takes. */
static const char *sample(const opt_item *o)
{
	switch (o->kind) {
	case OPT_WHOLE:
	case OPT_SEED:
		return o->lo > 0 ? "1" : "0";
	case OPT_REAL:
		return "0.5";
	default:
		return "x";
	}
}

/* A field at off is no longer zero (the widest are 8 bytes; what
 * follows a narrower one is another field, still zero). */
static int filled(const dst *d, size_t off)
{
	for (size_t k = 0; k < 8; k++)
		if (d->b[off + k])
			return 1;
	return 0;
}

START_TEST(every_option_of_a_table_is_in_its_help)
{
	for (size_t i = 0; i < NCMDS; i++) {
		char *h = help_of(cmds[i]);

		ck_assert_msg(!strncmp(h, "usage: herbie ", 14), "%s", cmds[i]->name);
		for (const opt_item *o = cmds[i]->opts; o && o->name; o++)
			ck_assert_msg(names(h, o->name), "%s: --%s is not in the help",
				      cmds[i]->name, o->name);
		free(h);
	}
}
END_TEST

/* Each entry alone, as "--name value" and "--name=value", fills its
 * field (so no entry points at a field another fills) and leaves the
 * positional argument alone. */
START_TEST(every_option_of_a_table_is_taken)
{
	for (size_t i = 0; i < NCMDS; i++) {
		const opt_cmd *c = cmds[i];

		for (const opt_item *o = c->opts; o && o->name; o++) {
			char arg[64], eq[96];
			const char *pos[3];
			char *argv[5] = { (char *)c->name, arg, NULL, NULL, NULL };
			int argc = 2, n;
			dst d;

			snprintf(arg, sizeof arg, "--%s", o->name);
			if (o->kind != OPT_FLAG)
				argv[argc++] = (char *)sample(o);
			if (c->maxpos > 0)
				argv[argc++] = "f.json";
			memset(&d, 0, sizeof d);
			ck_assert_msg(opt_parse(c, argc, argv, &d, pos, &n) == 0,
				      "%s --%s", c->name, o->name);
			ck_assert_int_eq(n, c->maxpos > 0);
			ck_assert_msg(filled(&d, o->off) ||
				      (o->kind == OPT_SEED && filled(&d, o->off2)),
				      "%s --%s set nothing", c->name, o->name);
			if (o->kind == OPT_SET)
				hb_free(*(void **)(void *)&d.b[o->off]);
			if (o->kind == OPT_FLAG)
				continue;
			snprintf(eq, sizeof eq, "--%s=%s", o->name, sample(o));
			argv[1] = eq;
			argv[2] = argv[3];
			memset(&d, 0, sizeof d);
			ck_assert_msg(opt_parse(c, argc - 1, argv, &d, pos, &n) == 0,
				      "%s", eq);
			if (o->kind == OPT_SET)
				hb_free(*(void **)(void *)&d.b[o->off]);
		}
	}
}
END_TEST

/* getopt_long would take --rep for --reps: a script's prefix would break
 * the day a new option shared it. */
START_TEST(a_prefix_is_no_option)
{
	char *argv[] = { "run", "--rep", "2", "f.json", NULL };
	const char *pos[2];
	cli_opts o;
	int n;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(opt_parse(&cmd_run_opts, 4, argv, &o, pos, &n), CLI_USAGE);
	ck_assert_int_eq(o.reps, 0);
}
END_TEST

START_TEST(sets_are_kept_in_order_with_the_scenario)
{
	char *argv[] = { "diff", "--set", "a=1", "x.json", "--set=b=2",
			 "--reps", "3", "y.json", NULL };
	cli_opts o;

	ck_assert_int_eq(cli_parse(8, argv, &cmd_diff_opts, &o), 0);
	ck_assert_int_eq(o.nsets, 2);
	ck_assert_str_eq(o.sets[0], "a=1");
	ck_assert_str_eq(o.sets[1], "b=2");
	ck_assert_str_eq(o.file, "x.json");
	ck_assert_str_eq(o.file2, "y.json");
	ck_assert_int_eq(o.reps, 3);
	cli_opts_free(&o);
}
END_TEST

/* The array of --set values is the one allocation of a parse. */
START_TEST(out_of_memory_for_the_sets_is_a_failure)
{
	char *argv[] = { "run", "--set", "a=1", "x.json", NULL };
	cli_opts o;

	hb_fail_after(1);
	ck_assert_int_eq(cli_parse(4, argv, &cmd_run_opts, &o), CLI_FAIL);
	hb_fail_after(0);
	cli_opts_free(&o);
}
END_TEST

Suite *opt_suite(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, every_option_of_a_table_is_in_its_help);
	tcase_add_test(tc, every_option_of_a_table_is_taken);
	tcase_add_test(tc, a_prefix_is_no_option);
	tcase_add_test(tc, sets_are_kept_in_order_with_the_scenario);
	tcase_add_test(tc, out_of_memory_for_the_sets_is_a_failure);
	suite_add_tcase(s, tc);
	return s;
}
