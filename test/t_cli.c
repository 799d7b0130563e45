/*
 * t_cli.c: the result code (core/hb.h) from the library to the exit
 * status (tools/cli.c's cli_exit): out of memory is told from bad input
 * by the diag's code, never by its text, and ends in status 1, bad input
 * in 2.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../tools/cli.h"
#include "core/hb.h"
#include "input/diag.h"
#include "scenario/scen.h"

Suite *cli_suite(void);

START_TEST(each_code_has_its_exit_status)
{
	ck_assert_int_eq(cli_exit(HB_OK), 0);
	ck_assert_int_eq(cli_exit(HB_STOPPED), 0);	/* partial results printed */
	ck_assert_int_eq(cli_exit(HB_BAD_INPUT), 2);
	ck_assert_int_eq(cli_exit(HB_NOMEM), 1);
	ck_assert_int_eq(cli_exit(HB_IO), 1);
	/* the codes the modules used before keep their values */
	ck_assert_int_eq(HB_BAD_INPUT, -1);
	ck_assert_int_eq(HB_NOMEM, -2);
}
END_TEST

START_TEST(a_diag_carries_its_code)
{
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(d.code, HB_OK);
	ck_assert_int_eq(diag_msg(&d, "a", "bad %d", 1), -1);
	ck_assert_int_eq(d.code, HB_BAD_INPUT);
	ck_assert_int_eq(diag_nomem(&d), -1);
	ck_assert_int_eq(d.code, HB_NOMEM);
	ck_assert_str_eq(d.msg, "out of memory");
	ck_assert_int_eq(diag_at(&d, "f", "{}", 2, 1, "", "no"), -1);
	ck_assert_int_eq(d.code, HB_BAD_INPUT);
}
END_TEST

/* stderr to /dev/null while fn prints a message per failure. */
static int quiet_stderr(void)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);

	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(null, 0);
	fflush(stderr);
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

static void loud_stderr(int saved)
{
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* Every allocation of loading a scenario, failed in turn: the load fails
 * with status 1 (out of memory), never 2 (the scenario is not bad); a
 * bad override is 2. */
START_TEST(out_of_memory_loading_a_scenario_is_status_1)
{
	const char *path = "scenarios/coffee-line.json";
	const char *bad[] = { "stations[0].servers=0" };
	long before, need;
	scen *s;
	int saved;

	ck_assert_int_eq(cli_load_file(path, NULL, 0, &s), 0);	/* catalogs loaded */
	scen_free(s);
	before = hb_alloc_count();
	ck_assert_int_eq(cli_load_file(path, NULL, 0, &s), 0);
	need = hb_alloc_count() - before;
	scen_free(s);
	ck_assert_int_gt(need, 0);
	saved = quiet_stderr();
	for (long n = 1; n <= need; n++) {
		int rc;

		hb_fail_after(n);
		rc = cli_load_file(path, NULL, 0, &s);
		hb_fail_after(0);
		if (rc != CLI_FAIL)
			loud_stderr(saved);
		ck_assert_msg(rc == CLI_FAIL, "allocation %ld of %ld: status %d",
			      n, need, rc);
		ck_assert_ptr_null(s);
	}
	ck_assert_int_eq(cli_load_file(path, bad, 1, &s), CLI_USAGE);
	loud_stderr(saved);
	ck_assert_ptr_null(s);
}
END_TEST

Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("codes");

	tcase_add_test(tc, each_code_has_its_exit_status);
	tcase_add_test(tc, a_diag_carries_its_code);
	tcase_add_test(tc, out_of_memory_loading_a_scenario_is_status_1);
	suite_add_tcase(s, tc);
	return s;
}
