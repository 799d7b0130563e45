/*
 * bench.c: herbie's engine on one scenario, timed, with every statistic of
 * the results on (the same run_scenario `herbie run` calls).
 *
 *   bench <scenario.json> [items]
 *
 * items, when given, replaces run.items (the 10^7-customer memory check).
 * stdout: one TSV line, name customers events wall_s cpu_s events_per_s
 * peak_rss_kib. cpu_s is the process's CPU time over the run (what the
 * engine costs, whatever else the machine runs: time spent waiting for a
 * core is not in it) and events_per_s is taken from it; wall_s is the
 * clock's. The peak resident set is the whole process's, so each case runs
 * in a process of its own (bench/run.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/hb.h"
#include "run/res.h"
#include "run/run.h"
#include "scenario/scen.h"

static double clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = 0;
		*len = (size_t)n;
	}
	return buf;
}

int main(int argc, char **argv)
{
	char set[64], buf[2048];
	const char *sets[1] = { set };
	run_opts o = { 0 };
	struct rusage ru;
	size_t len = 0;
	char *text;
	scen *s = NULL;
	res *r = NULL;
	double t0, t1, c0, c1, items;
	diag d;

	if (argc < 2) {
		fputs("usage: bench <scenario.json> [items]\n", stderr);
		return 2;
	}
	if (!(text = slurp(argv[1], &len))) {
		perror(argv[1]);
		return 1;
	}
	if (argc > 2)
		snprintf(set, sizeof set, "run.items=%s", argv[2]);
	diag_clear(&d);
	if (scen_parse(argv[1], text, len, sets, argc > 2, &s, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		fputs(buf, stderr);
		return 2;
	}
	free(text);
	t0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (run_scenario(s, &o, &r, &d) != RUN_OK) {
		diag_format(&d, buf, sizeof buf);
		fputs(buf, stderr);
		return 1;
	}
	c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	t1 = clock_s(CLOCK_MONOTONIC);
	getrusage(RUSAGE_SELF, &ru);
	items = stat_mean(&r->line[LF_DEPARTED]) * (double)r->reps;
	printf("%s\t%.0f\t%llu\t%.4f\t%.4f\t%.0f\t%ld\n", s->name, items,
	       (unsigned long long)r->events, t1 - t0, c1 - c0,
	       (double)r->events / (c1 - c0), ru.ru_maxrss);
	res_free(r);
	scen_free(s);
	return 0;
}
