/*
 * check_main.c: the one Check runner for every suite (make unit).
 *
 * Each t_<module>.c defines <module>_suite(). Run one suite with
 * CK_RUN_SUITE=<name>, one case with CK_RUN_CASE=<name> (Check's own
 * variables). Suites are declared weak so that the tree builds while a
 * module is being written, but a missing suite fails the run unless
 * HB_ALLOW_MISSING=1: a test that is not there must not pass.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITES(X) \
	X(rng) X(dist) X(stat) X(tw) X(hist) X(eq) X(pool) X(ps) X(ap) \
	X(unit) X(utf8) X(jloc) X(scen) X(line) X(dev) X(mser) X(run) X(diff) X(report) X(valid) \
	X(cat) X(ml) X(mem) X(toc) X(obs) X(tl) X(trace) X(html) X(lessons) \
	X(opt) X(coll) X(wire) X(cli)

#define DECLARE(name) Suite *name##_suite(void) __attribute__((weak));
SUITES(DECLARE)

int main(void)
{
	struct { const char *name; Suite *(*make)(void); } all[] = {
#define ENTRY(name) { #name, name##_suite },
		SUITES(ENTRY)
	};
	const char *allow = getenv("HB_ALLOW_MISSING");
	SRunner *sr = NULL;
	int missing = 0, failed;

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (!all[i].make) {
			fprintf(stderr, "check_herbie: suite %s is missing\n",
				all[i].name);
			missing++;
			continue;
		}
		if (!sr)
			sr = srunner_create(all[i].make());
		else
			srunner_add_suite(sr, all[i].make());
	}
	if (!sr)
		return EXIT_FAILURE;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (missing && !(allow && strcmp(allow, "1") == 0))
		return EXIT_FAILURE;
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
