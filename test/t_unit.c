/*
 * t_unit.c: quantities with units (suite `unit`).
 *
 * Oracles: each accepted string is checked for the exact double it must
 * give. unit_parse scales by a single multiply and/or divide of exact
 * operands, so "8ms" is 8 / 1000 rounded once, the same double as the
 * literal 0.008; the expected values below are written as the literal or
 * the one operation that names the same real number. Rejections are
 * checked for their exact message, since the reader prints it as it is.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/unit.h"

Suite *unit_suite(void);

typedef struct good {
	unit_kind k;
	const char *s;
	double want;
} good;

static void check_good(const good *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double v = -12345;
		char err[256] = "";
		int r = unit_parse(g[i].k, g[i].s, &v, err, sizeof err);

		ck_assert_msg(r == 0, "\"%s\" rejected: %s", g[i].s, err);
		ck_assert_msg(v == g[i].want, "\"%s\" gave %.17g, want %.17g",
			      g[i].s, v, g[i].want);
	}
}

START_TEST(durations)
{
	static const good g[] = {
		{ UNIT_DURATION, "3ns", 3e-9 },
		{ UNIT_DURATION, "250us", 250e-6 },
		{ UNIT_DURATION, "8ms", 0.008 },
		{ UNIT_DURATION, "1.5 s", 1.5 },
		{ UNIT_DURATION, "1.5min", 90 },
		{ UNIT_DURATION, "12min", 720 },
		{ UNIT_DURATION, "2h", 7200 },
		{ UNIT_DURATION, "0.5h", 1800 },
		{ UNIT_DURATION, "8  ms", 0.008 },	/* several spaces */
		{ UNIT_DURATION, "0s", 0 },
	};

	check_good(g, sizeof g / sizeof g[0]);
}
END_TEST

START_TEST(sizes)
{
	static const good g[] = {
		{ UNIT_SIZE, "512B", 512 },
		{ UNIT_SIZE, "600KB", 6e5 },
		{ UNIT_SIZE, "1.5MB", 1.5e6 },
		{ UNIT_SIZE, "12 GB", 1.2e10 },
		{ UNIT_SIZE, "2.5TB", 2.5e12 },
		{ UNIT_SIZE, "3KiB", 3072 },
		{ UNIT_SIZE, "2MiB", 2097152 },
		{ UNIT_SIZE, "1.4GiB", 1.4 * 1073741824.0 }, /* exact: * 2^30 */
		{ UNIT_SIZE, "1TiB", 1099511627776.0 },
	};

	check_good(g, sizeof g / sizeof g[0]);
}
END_TEST

START_TEST(bandwidths)
{
	static const good g[] = {
		{ UNIT_BANDWIDTH, "10B/s", 10 },
		{ UNIT_BANDWIDTH, "5KB/s", 5e3 },
		{ UNIT_BANDWIDTH, "7MB/s", 7e6 },
		{ UNIT_BANDWIDTH, "64GB/s", 6.4e10 },
		{ UNIT_BANDWIDTH, "2TB/s", 2e12 },
		{ UNIT_BANDWIDTH, "1KiB/s", 1024 },
		{ UNIT_BANDWIDTH, "1.5MiB/s", 1572864 },
		{ UNIT_BANDWIDTH, "2GiB/s", 2147483648.0 },
		{ UNIT_BANDWIDTH, "1TiB/s", 1099511627776.0 },
		/* bits: divided by 8 */
		{ UNIT_BANDWIDTH, "8Kb/s", 1000 },
		{ UNIT_BANDWIDTH, "100Mb/s", 1.25e7 },
		{ UNIT_BANDWIDTH, "1Gb/s", 1.25e8 },
		{ UNIT_BANDWIDTH, "400Gb/s", 5e10 },
		{ UNIT_BANDWIDTH, "1 Tb/s", 1.25e11 },
	};

	check_good(g, sizeof g / sizeof g[0]);
}
END_TEST

START_TEST(rates_and_counts)
{
	static const good g[] = {
		{ UNIT_RATE, "300/s", 300 },
		{ UNIT_RATE, "300 /s", 300 },
		{ UNIT_RATE, "12/min", 0.2 },		/* 12 / 60 */
		{ UNIT_RATE, "5/h", 5.0 / 3600 },
		{ UNIT_COUNT, "8", 8 },
		{ UNIT_COUNT, "3K", 3000 },
		{ UNIT_COUNT, "2.5M", 2.5e6 },
		{ UNIT_COUNT, "7B", 7e9 },
		{ UNIT_COUNT, "6.8G", 6.8e9 },
		{ UNIT_COUNT, "175B", 1.75e11 },
		{ UNIT_COUNT, "7 B", 7e9 },
		{ UNIT_COUNT, "1T", 1e12 },
		{ UNIT_COUNT, "1e3", 1000 },
		{ UNIT_COUNT, "8e3", 8000 },
	};

	check_good(g, sizeof g / sizeof g[0]);
}
END_TEST

/* The decimal grammar: signs (not checked here), fractions, exponents. */
START_TEST(number_forms)
{
	static const good g[] = {
		{ UNIT_DURATION, "+2s", 2 },
		{ UNIT_DURATION, "-1ms", -0.001 },
		{ UNIT_DURATION, ".5s", 0.5 },
		{ UNIT_DURATION, "5.s", 5 },
		{ UNIT_DURATION, "1e-3s", 0.001 },
		{ UNIT_DURATION, "2E3ms", 2 },
		{ UNIT_DURATION, "1.5e+2 s", 150 },
		{ UNIT_COUNT, "-3", -3 },
		{ UNIT_COUNT, "007", 7 },
	};

	check_good(g, sizeof g / sizeof g[0]);
}
END_TEST

typedef struct bad {
	unit_kind k;
	const char *s;
	const char *err;
} bad;

#define NOT_DURATION "is not a duration (units: ns us ms s min h)"
#define NOT_SIZE "is not a size (units: B KB MB GB TB KiB MiB GiB TiB)"
#define NOT_BANDWIDTH "is not a bandwidth (units: B/s KB/s MB/s GB/s " \
	"TB/s KiB/s MiB/s GiB/s TiB/s Kb/s Mb/s Gb/s Tb/s)"
#define NOT_RATE "is not a rate (units: /s /min /h)"
#define NOT_COUNT "is not a count (units: K M G B T)"

START_TEST(rejects)
{
	static const bad b[] = {
		{ UNIT_DURATION, "", NOT_DURATION },
		{ UNIT_DURATION, "ms", NOT_DURATION },
		{ UNIT_DURATION, "8 parsecs", NOT_DURATION },
		{ UNIT_DURATION, "8", NOT_DURATION },	/* no unit */
		{ UNIT_DURATION, "8ms extra", NOT_DURATION },
		{ UNIT_DURATION, "8MS", NOT_DURATION },	/* case matters */
		{ UNIT_DURATION, "8,5ms", NOT_DURATION }, /* comma decimal */
		{ UNIT_DURATION, "nan ms", NOT_DURATION },
		{ UNIT_DURATION, "NaN", NOT_DURATION },
		{ UNIT_DURATION, "inf s", NOT_DURATION },
		{ UNIT_DURATION, "infinity", NOT_DURATION },
		{ UNIT_DURATION, "0x10s", NOT_DURATION },	/* hex float */
		{ UNIT_DURATION, " 8ms", NOT_DURATION },
		{ UNIT_DURATION, "8ms ", NOT_DURATION },
		{ UNIT_DURATION, "8\tms", NOT_DURATION },
		{ UNIT_DURATION, "8es", NOT_DURATION },
		{ UNIT_DURATION, "µs", NOT_DURATION },
		{ UNIT_DURATION, "5µs", NOT_DURATION },	/* not in the spec */
		{ UNIT_DURATION, "- 5ms", NOT_DURATION },
		{ UNIT_DURATION, "1e999ms", "is out of range for a duration" },
		{ UNIT_DURATION, "-1e999ms", "is out of range for a duration" },
		{ UNIT_DURATION, "1e308h", "is out of range for a duration" },
		{ UNIT_SIZE, "5Mb", NOT_SIZE },		/* bits are no size */
		{ UNIT_SIZE, "5kB", NOT_SIZE },
		{ UNIT_SIZE, "600", NOT_SIZE },
		{ UNIT_BANDWIDTH, "1Gbps", NOT_BANDWIDTH },
		{ UNIT_BANDWIDTH, "64GB", NOT_BANDWIDTH },
		{ UNIT_BANDWIDTH, "64 GB /s", NOT_BANDWIDTH },
		{ UNIT_RATE, "300", NOT_RATE },
		{ UNIT_RATE, "300/ s", NOT_RATE },
		{ UNIT_RATE, "300/sec", NOT_RATE },
		{ UNIT_COUNT, "", NOT_COUNT },
		{ UNIT_COUNT, "8 ", NOT_COUNT },
		{ UNIT_COUNT, "7b", NOT_COUNT },
		{ UNIT_COUNT, "7g", NOT_COUNT },
		{ UNIT_COUNT, "1e400", "is out of range for a count" },
	};

	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
		double v = 42;
		char err[256] = "";
		int r = unit_parse(b[i].k, b[i].s, &v, err, sizeof err);

		ck_assert_msg(r == -1, "\"%s\" accepted as %g", b[i].s, v);
		ck_assert_msg(strcmp(err, b[i].err) == 0,
			      "\"%s\": got \"%s\"", b[i].s, err);
		ck_assert_msg(v == 42, "\"%s\" wrote *out on failure", b[i].s);
	}
}
END_TEST

/* The message is cut, never overflowed, and err may be left out. */
START_TEST(error_buffer)
{
	char err[8];
	double v = 0;

	memset(err, 'x', sizeof err);
	ck_assert_int_eq(unit_parse(UNIT_DURATION, "8", &v, err, sizeof err),
			 -1);
	ck_assert_str_eq(err, "is not ");
	ck_assert_int_eq(unit_parse(UNIT_DURATION, "8", &v, NULL, 0), -1);
	ck_assert_int_eq(unit_parse(UNIT_DURATION, NULL, &v, err, sizeof err),
			 -1);
}
END_TEST

START_TEST(nouns_and_lists)
{
	ck_assert_str_eq(unit_noun(UNIT_DURATION), "a duration");
	ck_assert_str_eq(unit_noun(UNIT_SIZE), "a size");
	ck_assert_str_eq(unit_noun(UNIT_BANDWIDTH), "a bandwidth");
	ck_assert_str_eq(unit_noun(UNIT_RATE), "a rate");
	ck_assert_str_eq(unit_noun(UNIT_COUNT), "a count");
	ck_assert_str_eq(unit_list(UNIT_DURATION), "ns us ms s min h");
	ck_assert_str_eq(unit_list(UNIT_SIZE), "B KB MB GB TB KiB MiB GiB TiB");
	ck_assert_str_eq(unit_list(UNIT_RATE), "/s /min /h");
	ck_assert_str_eq(unit_list(UNIT_COUNT), "K M G B T");
}
END_TEST

typedef struct shown {
	unit_kind k;
	double v;
	const char *want;
} shown;

START_TEST(format_exact)
{
	static const shown f[] = {
		{ UNIT_DURATION, 0.008, "8ms" },
		{ UNIT_DURATION, 1.5, "1.5s" },
		{ UNIT_DURATION, 90, "1.5min" },
		{ UNIT_DURATION, 7200, "2h" },
		{ UNIT_DURATION, 2.5e-7, "250ns" },
		{ UNIT_DURATION, 1e-5, "10us" },
		{ UNIT_DURATION, 0.0123456, "12.35ms" },	/* 4 digits */
		{ UNIT_DURATION, 0.99999, "1s" },	/* not "1000ms" */
		{ UNIT_DURATION, 59.999, "1min" },	/* not "60s" */
		{ UNIT_DURATION, 0, "0s" },
		{ UNIT_DURATION, -0.008, "-8ms" },
		{ UNIT_DURATION, 5e-10, "0.5ns" },	/* below the smallest */
		{ UNIT_SIZE, 1.2e9, "1.2GB" },
		{ UNIT_SIZE, 6e5, "600KB" },
		{ UNIT_SIZE, 512, "512B" },
		{ UNIT_SIZE, 0, "0B" },
		{ UNIT_SIZE, 3e12, "3TB" },
		{ UNIT_BANDWIDTH, 2.4e10, "24GB/s" },
		{ UNIT_BANDWIDTH, 1.25e8, "125MB/s" },
		{ UNIT_RATE, 300, "300/s" },
		{ UNIT_RATE, 0.2, "12/min" },
		{ UNIT_RATE, 5.0 / 3600, "5/h" },
		{ UNIT_COUNT, 7e9, "7B" },
		{ UNIT_COUNT, 8, "8" },
		{ UNIT_COUNT, 1500, "1.5K" },
		{ UNIT_COUNT, 999999, "1M" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		unit_format(f[i].k, f[i].v, buf, sizeof buf);
		ck_assert_msg(strcmp(buf, f[i].want) == 0,
			      "%.17g printed \"%s\", want \"%s\"", f[i].v, buf,
			      f[i].want);
	}
	unit_format(UNIT_DURATION, 0.008, buf, 3);	/* cut, terminated */
	ck_assert_str_eq(buf, "8m");
}
END_TEST

/*
 * Format, then parse: %.4g keeps 4 significant digits, so the printed
 * number m (leading digit >= 1) is off by at most half a unit of its 4th
 * digit, i.e. |error| <= 0.5e-3 * |m|: a relative error of 5e-4. The
 * parse adds at most a few ulps (2e-16 each). A value that has 4 digits
 * or fewer in the chosen unit must come back within those ulps alone.
 * Inside each kind's span of units the printed number must be in
 * [1, 1000): that is what "readable" means here.
 */
static void round_trip(unit_kind k, double lo, double hi)
{
	char buf[64], err[256];
	double v, back, m;
	int e;

	/* 7 values per decade: log-spaced, so none is a round number. */
	for (e = (int)floor(7 * log10(lo)); e < 7 * log10(hi); e++) {
		v = pow(10, e / 7.0);
		if (v < lo || v >= hi)
			continue;
		unit_format(k, v, buf, sizeof buf);
		ck_assert_msg(unit_parse(k, buf, &back, err, sizeof err) == 0,
			      "%.17g printed \"%s\", which fails: %s", v, buf,
			      err);
		ck_assert_msg(fabs(back - v) <= 5e-4 * v * (1 + 1e-12),
			      "%.17g -> \"%s\" -> %.17g", v, buf, back);
		m = strtod(buf, NULL);
		ck_assert_msg(m >= 1 && m < 1000, "%.17g printed \"%s\"", v,
			      buf);
	}
}

START_TEST(format_round_trip)
{
	static const shown exact[] = {
		{ UNIT_DURATION, 0.008, NULL }, { UNIT_DURATION, 1.5, NULL },
		{ UNIT_DURATION, 90, NULL }, { UNIT_DURATION, 3e-9, NULL },
		{ UNIT_SIZE, 6e5, NULL }, { UNIT_SIZE, 1.2e10, NULL },
		{ UNIT_BANDWIDTH, 6.4e10, NULL },
		{ UNIT_BANDWIDTH, 5e10, NULL },
		{ UNIT_RATE, 0.2, NULL }, { UNIT_RATE, 250, NULL },
		{ UNIT_COUNT, 7e9, NULL }, { UNIT_COUNT, 1.75e11, NULL },
	};
	char buf[64], err[256];
	double back;

	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
		unit_format(exact[i].k, exact[i].v, buf, sizeof buf);
		ck_assert(unit_parse(exact[i].k, buf, &back, err,
				     sizeof err) == 0);
		ck_assert_msg(fabs(back - exact[i].v) <= 1e-15 * exact[i].v,
			      "%.17g -> \"%s\" -> %.17g", exact[i].v, buf,
			      back);
	}
	/* Spans: smallest unit up to 1000 of the largest (with a margin so
	 * that rounding cannot reach "1000"); rates stay in /s above 1/s,
	 * so they stop below 1000/s. */
	round_trip(UNIT_DURATION, 1e-9, 3.6e6 / 1.01);
	round_trip(UNIT_SIZE, 1, 1e15 / 1.01);
	round_trip(UNIT_BANDWIDTH, 1, 1e15 / 1.01);
	round_trip(UNIT_RATE, 1.0 / 3600, 1000 / 1.01);
	round_trip(UNIT_COUNT, 1, 1e15 / 1.01);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("unit");
	TCase *parse = tcase_create("parse");
	TCase *format = tcase_create("format");

	tcase_add_test(parse, durations);
	tcase_add_test(parse, sizes);
	tcase_add_test(parse, bandwidths);
	tcase_add_test(parse, rates_and_counts);
	tcase_add_test(parse, number_forms);
	tcase_add_test(parse, rejects);
	tcase_add_test(parse, error_buffer);
	tcase_add_test(parse, nouns_and_lists);
	tcase_add_test(format, format_exact);
	tcase_add_test(format, format_round_trip);
	suite_add_tcase(s, parse);
	suite_add_tcase(s, format);
	return s;
}
