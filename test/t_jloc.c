/*
 * t_jloc.c: positions in JSON text, and the reports built on them
 * (suite `jloc`: jloc and diag).
 *
 * Oracle for jloc_find: the scenario text below is written so that each
 * value looked up has a unique marker string around it; strstr finds the
 * expected offset independently of the scanner. The text is written with
 * ' for " to stay readable and converted on load (so \\' in the C source
 * is \" in the JSON). Decoys sit on purpose before the real targets: the
 * same key in a string, in a nested object, in a string with brackets
 * and escaped quotes, and a duplicate key after the first.
 *
 * Every jloc_find call runs on a heap copy of exactly len bytes with no
 * NUL after it, so that the sanitizer build catches any read past len.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/diag.h"
#include "input/jloc.h"

Suite *jloc_suite(void);

static const char scen_src[] =
	"{\n"							/*  1 */
	"  'name': 'stop-sign',\n"				/*  2 */
	"  'description': 'a {\\'service\\': \\'decoy\\'} [x]',\n"	/*  3 */
	"  'seed': 1,\n"					/*  4 */
	"  'run': {'duration': '60s', 'replications': 5},\n"	/*  5 */
	"  'hardware': {\n"					/*  6 */
	"    'devices': {\n"					/*  7 */
	"      'gpu0': {'type': 'a100', 'sharing': {'mode': 'mig',\n"	/*  8 */
	"               'partitions': ['3g.40gb', '2g.20gb']}},\n"	/*  9 */
	"      'cpu.big': {'type': 'cpu', 'cores': 32},\n"	/* 10 */
	"      'say \\'hi\\'': {'cores': 2},\n"			/* 11 */
	"      'caf\\u00e9': {'cores': 3}\n"			/* 12 */
	"    }\n"						/* 13 */
	"  },\n"						/* 14 */
	"  'sources': [\n"					/* 15 */
	"    {'name': 'cameras', 'to': 'detect',\n"		/* 16 */
	"     'arrival': {'exponential': '4ms'}, 'bytes': '600KB'}\n"	/* 17 */
	"  ],\n"						/* 18 */
	"  'stations': [\n"					/* 19 */
	"    {\n"						/* 20 */
	"      'name': 'detect',\n"				/* 21 */
	"      'meta': {'servers': 99, 'service': ['}]']},\n"	/* 22 */
	"      'service': {'lognormal': {'mean': '8ms', 'cv': 0.2}},\n"	/* 23 */
	"      'next': [{'to': 'crop', 'p': 0.7},\n"		/* 24 */
	"               {'to': 'drop\\']}', 'p': 0.3}]\n"	/* 25 */
	"    },\n"						/* 26 */
	"    {\n"						/* 27 */
	"      'name': 'crop',\n"				/* 28 */
	"      'servers': 2,\n"					/* 29 */
	"      'service': '8 parsecs',\n"			/* 30 */
	"      'service': 'dup',\n"				/* 31 */
	"\t'note':\t'tab, \\u00e9 and \\\\',\n"			/* 32 */
	"      'batching': {'max_batch': 8, 'preferred': [4, 8],\n"	/* 33 */
	"                   'time': {'base': '3ms', 'per_item': '0.7ms'}},\n"
	"      'flags': [true, false, null, -1.5e3, [], {}, 'a\\\\'],\n"
	"      'a\\u002eb': 5\n"				/* 36 */
	"    }\n"						/* 37 */
	"  ]\n"							/* 38 */
	"}\n";							/* 39 */

/* ' -> " (the test's own notation). Owned by the caller. */
static char *dq(const char *s)
{
	char *t = hb_strdup(s);

	ck_assert_ptr_nonnull(t);
	for (char *p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

static char *scen;		/* scen_src converted, set up per test */
static size_t scen_len;

static void setup(void)
{
	scen = dq(scen_src);
	scen_len = strlen(scen);
}

static void teardown(void)
{
	hb_free(scen);
	scen = NULL;
}

/* jloc_find on an exact-size copy of text[0..len). */
static long find_n(const char *text, size_t len, const char *path, int key)
{
	char *copy = hb_malloc(len);
	long r;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	r = jloc_find(copy, len, path, key);
	hb_free(copy);
	return r;
}

static long find(const char *path, int key)
{
	return find_n(scen, scen_len, path, key);
}

/* Offset of a marker (in ' notation) that occurs once in the scenario,
 * plus skip bytes into it. */
static long at(const char *marker, size_t skip)
{
	char *m = dq(marker);
	const char *p = strstr(scen, m);
	long r;

	ck_assert_msg(p != NULL, "marker %s not found", marker);
	ck_assert_msg(strstr(p + 1, m) == NULL, "marker %s twice", marker);
	r = (long)(p - scen) + (long)skip;
	hb_free(m);
	return r;
}

typedef struct want_at {
	const char *path;
	int key;
	const char *marker;
	size_t skip;
} want_at;

static void check_wants(const want_at *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		long got = find(w[i].path, w[i].key);
		long exp = at(w[i].marker, w[i].skip);

		ck_assert_msg(got == exp, "%s%s: got %ld (%.12s), want %ld",
			      w[i].path, w[i].key ? " (key)" : "", got,
			      got >= 0 ? scen + got : "", exp);
	}
}

START_TEST(find_values)
{
	static const want_at w[] = {
		{ "", 0, "{\n  'name'", 0 },
		{ "name", 0, "'stop-sign'", 0 },
		{ "seed", 0, "1,\n  'run'", 0 },
		{ "run.replications", 0, "5}", 0 },
		{ "hardware.devices.gpu0.sharing.partitions[1]", 0,
		  "'2g.20gb'", 0 },
		{ "hardware.devices[\"cpu.big\"].cores", 0, "32}", 0 },
		{ "hardware.devices[\"say \\\"hi\\\"\"].cores", 0,
		  "'cores': 2}", 9 },
		{ "hardware.devices[\"caf\xc3\xa9\"].cores", 0,
		  "'cores': 3}", 9 },
		{ "sources[0].arrival.exponential", 0, "'4ms'", 0 },
		{ "sources[0].bytes", 0, "'600KB'", 0 },
		/* past the decoys in "meta" and in a string */
		{ "stations[0].service", 0, "{'lognormal'", 0 },
		{ "stations[0].service.lognormal.cv", 0, "0.2}", 0 },
		{ "stations[0].next[1].to", 0, "'drop\\']}'", 0 },
		{ "stations[0].next[1].p", 0, "0.3}", 0 },
		{ "stations[1].servers", 0, "2,\n      'service'", 0 },
		{ "stations[1]", 0, "{\n      'name': 'crop'", 0 },
		/* the first of two equal keys, as cJSON finds it */
		{ "stations[1].service", 0, "'8 parsecs'", 0 },
		{ "stations[1].note", 0, "'tab", 0 },
		{ "stations[1].batching.preferred[1]", 0, "8],", 0 },
		{ "stations[1].batching.time.per_item", 0, "'0.7ms'", 0 },
		{ "stations[1].flags[0]", 0, "true", 0 },
		{ "stations[1].flags[2]", 0, "null", 0 },
		{ "stations[1].flags[3]", 0, "-1.5e3", 0 },
		{ "stations[1].flags[4]", 0, "[]", 0 },
		{ "stations[1].flags[5]", 0, "{}", 0 },
		{ "stations[1].flags[6]", 0, "'a\\\\'", 0 },
		/* a key written with \u002e is the key "a.b" */
		{ "stations[1][\"a.b\"]", 0, "5\n", 0 },
		{ "[\"seed\"]", 0, "1,\n  'run'", 0 },
	};

	check_wants(w, sizeof w / sizeof w[0]);
}
END_TEST

START_TEST(find_keys)
{
	static const want_at w[] = {
		{ "seed", 1, "'seed'", 0 },
		{ "stations[1].service", 1, "'service': '8 parsecs'", 0 },
		{ "stations[0].service", 1, "'service': {", 0 },
		{ "hardware.devices[\"cpu.big\"]", 1, "'cpu.big'", 0 },
		{ "hardware.devices[\"cpu.big\"].cores", 1, "'cores': 32", 0 },
		/* a path ending in an index has no key: its value */
		{ "stations[1]", 1, "{\n      'name': 'crop'", 0 },
		{ "stations[1].flags[3]", 1, "-1.5e3", 0 },
		/* a missing key: its parent, as without want_key */
		{ "stations[1].nope", 1, "{\n      'name': 'crop'", 0 },
		{ "", 1, "{\n  'name'", 0 },
	};

	check_wants(w, sizeof w / sizeof w[0]);
}
END_TEST

/* A path that does not exist ends at the deepest part that does. */
START_TEST(find_missing)
{
	static const want_at w[] = {
		{ "nope", 0, "{\n  'name'", 0 },
		{ "stations[5].service", 0, "[\n    {\n      'name': 'detect'",
		  0 },
		{ "stations[1].nope", 0, "{\n      'name': 'crop'", 0 },
		/* "name" is a prefix of the key looked for, not the key */
		{ "stations[1].names", 0, "{\n      'name': 'crop'", 0 },
		/* the nested "meta.servers" is not stations[0].servers */
		{ "stations[0].servers", 0, "{\n      'name': 'detect'", 0 },
		/* a key inside a string, an index in an object */
		{ "stations[1].service.mean", 0, "'8 parsecs'", 0 },
		{ "run[0]", 0, "{'duration'", 0 },
		{ "stations[1].flags[4][0]", 0, "[]", 0 },
		/* lists are addressed by position here, not by name */
		{ "stations.detect", 0, "[\n    {\n      'name': 'detect'", 0 },
		/* a plain key stops at '.': "cpu.big" needs ["cpu.big"] */
		{ "hardware.devices.cpu.big", 0, "{\n      'gpu0'", 0 },
		/* malformed paths: the part before the fault */
		{ "stations[x]", 0, "[\n    {\n      'name': 'detect'", 0 },
		{ "stations[", 0, "[\n    {\n      'name': 'detect'", 0 },
		{ "stations[99999999999999999999999999]", 0,
		  "[\n    {\n      'name': 'detect'", 0 },
		{ "stations[1]..name", 0, "{\n      'name': 'crop'", 0 },
		{ "[\"seed", 0, "{\n  'name'", 0 },
	};

	check_wants(w, sizeof w / sizeof w[0]);
}
END_TEST

static long find_s(const char *text, const char *path)
{
	return find_n(text, strlen(text), path, 0);
}

START_TEST(find_malformed)
{
	ck_assert_int_eq(find_s("", ""), -1);
	ck_assert_int_eq(find_s(" \n\t", ""), -1);
	ck_assert_int_eq(find_s("xyz", ""), -1);
	ck_assert_int_eq(find_s("tru", ""), -1);
	ck_assert_int_eq(find_s("}", "a"), -1);
	ck_assert_int_eq(find_s("  true", ""), 2);
	ck_assert_int_eq(find_s("42", "a"), 0);
	ck_assert_int_eq(find_s("{\"a\": [1, 2", "a[1]"), 10);
	ck_assert_int_eq(find_s("{\"a\": [1, 2", "a[5]"), 6);
	/* an empty list with blanks inside is empty, not malformed */
	ck_assert_int_eq(find_s("{\"a\": [ \n ], \"b\": 1}", "a[0]"), 6);
	ck_assert_int_eq(find_s("{\"a\": [ \n ], \"b\": 1}", "b"), 18);
	ck_assert_int_eq(find_s("{\"a\": {\"b\": ", "a.b"), 6);
	ck_assert_int_eq(find_s("{\"a\": \"abc, \"b\": 1}", "b"), 0);
	ck_assert_int_eq(find_s("{\"a\": \"unterminated", "b"), 0);
	ck_assert_int_eq(find_s("{\"a\" 1}", "a"), 0);
	ck_assert_int_eq(find_s("{\"a\": 1 \"b\": 2}", "b"), 0);
	ck_assert_int_eq(find_s("[1, }, 2]", "[2]"), 0);
	ck_assert_int_eq(find_s("{\"k\\u12", "k"), 0);
	/* len cuts the text short: what lies beyond is not there */
	ck_assert_int_eq(find_n("{\"a\": 1, \"b\": 2}", 9, "a", 0), 6);
	ck_assert_int_eq(find_n("{\"a\": 1, \"b\": 2}", 9, "b", 0), 0);
	ck_assert_int_eq(find_n("{\"a\\\"\": 1}", 4, "a", 0), 0);
	/* a NUL inside the text is an ordinary (invalid) byte */
	ck_assert_int_eq(find_n("{\"a\": \0, \"b\": 2}", 16, "b", 0), 0);
}
END_TEST

/* Skipping is iterative: 100000 levels neither overflow the stack nor
 * take long. */
START_TEST(find_deep)
{
	enum { DEPTH = 100000 };
	size_t n = 2 * DEPTH + 4, i;
	char *t = hb_malloc(n + 1);

	ck_assert_ptr_nonnull(t);
	t[0] = '[';
	for (i = 0; i < DEPTH; i++) {
		t[1 + i] = '[';
		t[1 + DEPTH + i] = ']';
	}
	memcpy(t + 1 + 2 * DEPTH, ",5]", 4);
	ck_assert_int_eq(find_n(t, n, "[1]", 0), (long)n - 2);
	ck_assert_int_eq(find_n(t, n, "[0][0][0]", 0), 3);
	/* unclosed: the walk stops, it does not run off the end */
	ck_assert_int_eq(find_n(t, 1 + DEPTH, "[1]", 0), 0);
	hb_free(t);
}
END_TEST

/* Any prefix of a valid text (what a truncated file looks like) gives -1
 * or an offset inside the prefix, never past it. */
START_TEST(find_prefixes)
{
	static const char *paths[] = {
		"", "stations[1].service", "stations[0].next[1].p",
		"hardware.devices[\"caf\xc3\xa9\"].cores",
		"stations[1].flags[6]",
	};

	for (size_t len = 0; len <= scen_len; len++)
		for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
			long r = find_n(scen, len, paths[i], (int)(len & 1));

			ck_assert_msg(r >= -1 && (r < 0 || (size_t)r < len),
				      "len %zu %s: %ld", len, paths[i], r);
		}
	/* and the whole text finds what a long enough prefix finds */
	ck_assert_int_eq(find_n(scen, at("'8 parsecs'", 3) + 1,
				"stations[1].service", 0),
			 at("'8 parsecs'", 0));
}
END_TEST

START_TEST(line_col)
{
	static const char t[] = "ab\ncd\r\nef";	/* 9 bytes */
	static const struct { size_t off; int line, col; } c[] = {
		{ 0, 1, 1 }, { 2, 1, 3 }, { 3, 2, 1 }, { 5, 2, 3 },
		{ 6, 2, 4 }, { 7, 3, 1 }, { 9, 3, 3 }, { 100, 3, 3 },
	};
	int line, col;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		jloc_linecol(t, 9, c[i].off, &line, &col);
		ck_assert_msg(line == c[i].line && col == c[i].col,
			      "offset %zu: %d:%d, want %d:%d", c[i].off, line,
			      col, c[i].line, c[i].col);
	}
	/* "service": "8 parsecs" sits on line 30, its value at column 18
	 * (6 spaces, then "service": and a space take 11 bytes) */
	jloc_linecol(scen, scen_len, (size_t)at("'8 parsecs'", 0), &line, &col);
	ck_assert_int_eq(line, 30);
	ck_assert_int_eq(col, 18);
	jloc_linecol(scen, scen_len, (size_t)at("'tab", 0), &line, &col);
	ck_assert_int_eq(line, 32);
	ck_assert_int_eq(col, 10);
}
END_TEST

/* A lone CR ends a line as LF and CRLF do (a file saved by an old Mac
 * editor): each of the three texts puts "ef" at 3:1. */
START_TEST(line_col_with_any_line_end)
{
	static const char *const t[] = { "ab\ncd\nef", "ab\r\ncd\r\nef",
					 "ab\rcd\ref" };
	char buf[16];
	int line, col;

	for (size_t i = 0; i < 3; i++) {
		size_t len = strlen(t[i]), off = len - 2;

		jloc_linecol(t[i], len, off, &line, &col);
		ck_assert_msg(line == 3 && col == 1, "text %zu: %d:%d", i,
			      line, col);
		jloc_linecol(t[i], len, off - 1, &line, &col);
		ck_assert_int_eq(line, 2);
		jloc_line(t[i], len, off - 3, buf, sizeof buf);
		ck_assert_str_eq(buf, "cd");
		jloc_line(t[i], len, off, buf, sizeof buf);
		ck_assert_str_eq(buf, "ef");
	}
}
END_TEST

/* The excerpt is safe to print: no raw control character (one '?' per
 * byte, so that columns still count bytes), no byte that is not UTF-8,
 * and a cut to fit falls between characters. */
START_TEST(line_text_is_printable)
{
	static const char t[] = "a\x1b[2Jb\tc\xff\xc2\x9b" "d\x7f";
	char buf[64], small[5];

	jloc_line(t, strlen(t), 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "a?[2Jb\tc???d?");
	ck_assert_uint_eq(strlen(buf), strlen(t));
	/* "\xc3\xa9" four times: 4 bytes of room hold two, not two and a
	 * half */
	jloc_line("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, 0, small, sizeof small);
	ck_assert_str_eq(small, "\xc3\xa9\xc3\xa9");
	jloc_line("x\xc3\xa9\xc3\xa9", 5, 0, small, sizeof small);
	ck_assert_str_eq(small, "x\xc3\xa9");
}
END_TEST

static int bad_string(const char *t, char *path, long *off, char *msg)
{
	return jloc_check_strings(t, strlen(t), 0, path, 64, msg, 128, off);
}

/* Every string, key or value, at any depth: UTF-8, and no \u0000 (an
 * escaped backslash before "u0000" is no NUL). */
START_TEST(strings_herbie_cannot_hold)
{
	static const struct {
		const char *t, *path, *at;	/* at: where, by its text */
	} c[] = {
		{ "{\"a\": \"x\\u0000y\"}", "a", "\\u0000" },
		{ "{\"a\": [1, {\"b\": [\"ok\", \"\\u0000\"]}]}", "a[1].b[1]",
		  "\\u0000" },
		{ "{\"a\": {\"k\\u0000\": 1}}", "a", "\\u0000" },
		{ "{\"a\": \"caf\xff\"}", "a", "\xff" },
		{ "{\"b c\": {\"d\": \"\xc0\xaf\"}}", "[\"b c\"].d", "\xc0" },
		{ "[\"\xed\xa0\x80\"]", "[0]", "\xed" },
		{ "{\"\xe9\": 1}", "", "\xe9" },
	};
	static const char *const fine[] = {
		"{\"a\": \"x\\\\u0000\"}", "{\"a\": \"\\u0001 caf\xc3\xa9 \\ud83d\\ude00\"}",
		"[]", "{}", "[[], {}, \"\", 1, true, null]", "\"\xf0\x9f\x98\x80\"",
	};
	char path[64], msg[128];
	long off;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		ck_assert_int_eq(bad_string(c[i].t, path, &off, msg), -1);
		ck_assert_str_eq(path, c[i].path);
		ck_assert_int_eq(off, strstr(c[i].t, c[i].at) - c[i].t);
	}
	ck_assert_msg(strstr(msg, "UTF-8"), "%s", msg);
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
		ck_assert_msg(bad_string(fine[i], path, &off, msg) == 0,
			      "%s: %s", fine[i], msg);
}
END_TEST

START_TEST(line_text)
{
	static const char t[] = "ab\ncd\r\nef";
	char buf[16];

	jloc_line(t, 9, 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "ab");
	jloc_line(t, 9, 2, buf, sizeof buf);	/* its '\n' ends line 1 */
	ck_assert_str_eq(buf, "ab");
	jloc_line(t, 9, 4, buf, sizeof buf);	/* no '\r' from CRLF */
	ck_assert_str_eq(buf, "cd");
	jloc_line(t, 9, 9, buf, sizeof buf);
	ck_assert_str_eq(buf, "ef");
	jloc_line(t, 9, 100, buf, sizeof buf);
	ck_assert_str_eq(buf, "ef");
	jloc_line(t, 9, 4, buf, 2);		/* truncated to n - 1 */
	ck_assert_str_eq(buf, "c");
	jloc_line(t, 9, 4, buf, 1);
	ck_assert_str_eq(buf, "");
	jloc_line("", 0, 0, buf, sizeof buf);
	ck_assert_str_eq(buf, "");
	jloc_line("x\n", 2, 2, buf, sizeof buf); /* the empty last line */
	ck_assert_str_eq(buf, "");
	jloc_line(scen, scen_len, (size_t)at("'tab", 0), buf, sizeof buf);
	ck_assert_str_eq(buf, "\t\"note\":\t\"tab, ");
}
END_TEST

/* diag_format's text, and every truncation of it: each n gives the first
 * n - 1 bytes and writes nothing past n. */
static void check_format(const diag *d, const char *want)
{
	char buf[4096];
	size_t len = strlen(want), n;

	diag_format(d, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
	for (n = 0; n <= len + 2; n++) {
		size_t k = n ? (n - 1 < len ? n - 1 : len) : 0;

		memset(buf, 'Z', sizeof buf);
		diag_format(d, buf, n);
		if (n > 0) {
			ck_assert_uint_eq(strlen(buf), k);
			ck_assert(memcmp(buf, want, k) == 0);
		}
		ck_assert_msg(buf[n] == 'Z', "n %zu: wrote past the end", n);
	}
}

START_TEST(diag_positioned)
{
	diag d;
	long off = find("stations[1].service", 0);

	ck_assert_int_eq(diag_at(&d, "stop-sign.json", scen, scen_len, off,
				 "stations[1].service",
				 "\"%s\" is not %s (units: %s)", "8 parsecs",
				 "a duration", "ns us ms s min h"), -1);
	ck_assert_int_eq(d.line, 30);
	ck_assert_int_eq(d.col, 18);
	ck_assert_int_eq(d.caret, 18);
	ck_assert_str_eq(d.src, "      \"service\": \"8 parsecs\",");
	check_format(&d,
		"stop-sign.json:30:18: stations[1].service: \"8 parsecs\" is "
		"not a duration (units: ns us ms s min h)\n"
		"   30 |       \"service\": \"8 parsecs\",\n"
		"      |                  ^\n");

	/* no file: the position still leads */
	diag_at(&d, "", scen, scen_len, off, "stations[1].service", "bad");
	check_format(&d,
		"30:18: stations[1].service: bad\n"
		"   30 |       \"service\": \"8 parsecs\",\n"
		"      |                  ^\n");

	/* a --set override is a one-line text of its own */
	static const char set[] = "stations.detect.servers=x";
	diag_at(&d, "--set", set, strlen(set), 24, "stations.detect.servers",
		"\"x\" is not a count");
	check_format(&d,
		"--set:1:25: stations.detect.servers: \"x\" is not a count\n"
		"    1 | stations.detect.servers=x\n"
		"      |                         ^\n");

	/* at the very end of the text (what "unexpected end" points at) */
	diag_at(&d, "f.json", "{\"a\": ", 6, 6, "", "unexpected end");
	check_format(&d,
		"f.json:1:7: unexpected end\n"
		"    1 | {\"a\": \n"
		"      |       ^\n");
}
END_TEST

/* Tabs before the caret are copied into the caret line. */
START_TEST(diag_tab)
{
	diag d;

	diag_at(&d, "stop-sign.json", scen, scen_len,
		find("stations[1].note", 0), "stations[1].note", "too long");
	ck_assert_int_eq(d.caret, 10);
	check_format(&d,
		"stop-sign.json:32:10: stations[1].note: too long\n"
		"   32 | \t\"note\":\t\"tab, \\u00e9 and \\\\\",\n"
		"      | \t       \t^\n");
}
END_TEST

START_TEST(diag_unpositioned)
{
	diag d;

	ck_assert_int_eq(diag_msg(&d, "stations[1].servers",
				  "must be at least %d", 1), -1);
	ck_assert_int_eq(d.line, 0);
	ck_assert_int_eq(d.caret, 0);
	check_format(&d, "stations[1].servers: must be at least 1\n");

	diag_msg(&d, "", "no scenario given");
	check_format(&d, "no scenario given\n");

	diag_at(&d, "stop-sign.json", scen, scen_len, -1, "stations[1]",
		"station %s is never reached", "crop");
	check_format(&d,
		"stop-sign.json: stations[1]: station crop is never reached\n");

	diag_at(&d, "stop-sign.json", scen, scen_len, -1, "", "empty");
	check_format(&d, "stop-sign.json: empty\n");

	diag_clear(&d);
	ck_assert_int_eq(d.line, 0);
	ck_assert_str_eq(d.msg, "");
	check_format(&d, "\n");
}
END_TEST

/* Multi-byte characters take one column on a terminal: the caret skips
 * their continuation bytes. "{"café": 1}": the 1 is at byte column 11. */
START_TEST(diag_utf8)
{
	static const char t[] = "{\"caf\xc3\xa9\": 1}";
	diag d;

	diag_at(&d, "u.json", t, strlen(t), find_n(t, strlen(t), "caf\xc3\xa9",
						   0), "caf\xc3\xa9", "odd");
	ck_assert_int_eq(d.col, 11);
	check_format(&d,
		"u.json:1:11: caf\xc3\xa9: odd\n"
		"    1 | {\"caf\xc3\xa9\": 1}\n"
		"      |          ^\n");
}
END_TEST

/* A line longer than src (a minified file) is cut around the caret so
 * that the caret still points at the right byte; long fields are cut,
 * never overflowed. */
START_TEST(diag_long)
{
	enum { N = 2000 };
	char *t = hb_malloc(N + 1), big[2000];
	diag d;
	size_t k, room = sizeof d.src - 1;
	char fit[sizeof d.src + 1];

	ck_assert_ptr_nonnull(t);
	for (k = 0; k < N; k++)
		t[k] = (char)('a' + k % 26);
	t[N] = '\0';

	diag_at(&d, "m.json", t, N, 1500, "x", "here");
	ck_assert_int_eq(d.line, 1);
	ck_assert_int_eq(d.col, 1501);
	ck_assert(strncmp(d.src, "...", 3) == 0);
	ck_assert_uint_eq(strlen(d.src), sizeof d.src - 1);
	ck_assert_int_gt(d.caret, 3);
	ck_assert_int_lt(d.caret, (int)strlen(d.src));
	ck_assert_int_eq(d.src[d.caret - 1], t[1500]);
	ck_assert_int_eq(d.src[d.caret - 2], t[1499]);

	diag_at(&d, "m.json", t, N, 9, "x", "early");	/* no window */
	ck_assert_int_eq(d.caret, 10);
	ck_assert_uint_eq(strlen(d.src), sizeof d.src - 1);
	ck_assert(strncmp(d.src, t, sizeof d.src - 1) == 0);

	/* The edges: on a line longer than src, a caret up to column
	 * room - 8 keeps the line's start, one column further gets the
	 * window; a line of exactly room bytes fits whole, caret anywhere. */
	diag_at(&d, "m.json", t, N, (long)room - 9, "x", "last unwindowed");
	ck_assert_int_eq(d.caret, (int)room - 8);
	ck_assert(strncmp(d.src, t, room) == 0);
	diag_at(&d, "m.json", t, N, (long)room - 8, "x", "first windowed");
	ck_assert(strncmp(d.src, "...", 3) == 0);
	ck_assert_int_eq(d.src[d.caret - 1], t[room - 8]);
	memcpy(fit, t, room);
	fit[room] = '\n';
	fit[room + 1] = '\0';
	diag_at(&d, "m.json", fit, room + 1, (long)room - 1, "x", "fits");
	ck_assert_int_eq(d.caret, (int)room);
	ck_assert(strncmp(d.src, t, room) == 0);

	memset(big, 'm', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	diag_at(&d, big, t, N, 1999, big, "%s", big);
	ck_assert_uint_eq(strlen(d.file), sizeof d.file - 1);
	ck_assert_uint_eq(strlen(d.path), sizeof d.path - 1);
	ck_assert_uint_eq(strlen(d.msg), sizeof d.msg - 1);
	ck_assert_int_eq(d.src[d.caret - 1], t[1999]);
	hb_free(t);
}
END_TEST

Suite *jloc_suite(void)
{
	Suite *s = suite_create("jloc");
	TCase *fnd = tcase_create("find");
	TCase *pos = tcase_create("position");
	TCase *dg = tcase_create("diag");

	tcase_add_checked_fixture(fnd, setup, teardown);
	tcase_add_checked_fixture(pos, setup, teardown);
	tcase_add_checked_fixture(dg, setup, teardown);
	tcase_add_test(fnd, find_values);
	tcase_add_test(fnd, find_keys);
	tcase_add_test(fnd, find_missing);
	tcase_add_test(fnd, find_malformed);
	tcase_add_test(fnd, find_deep);
	tcase_add_test(fnd, find_prefixes);
	tcase_add_test(pos, line_col);
	tcase_add_test(pos, line_text);
	tcase_add_test(pos, line_col_with_any_line_end);
	tcase_add_test(pos, line_text_is_printable);
	tcase_add_test(pos, strings_herbie_cannot_hold);
	tcase_add_test(dg, diag_positioned);
	tcase_add_test(dg, diag_tab);
	tcase_add_test(dg, diag_unpositioned);
	tcase_add_test(dg, diag_utf8);
	tcase_add_test(dg, diag_long);
	suite_add_tcase(s, fnd);
	suite_add_tcase(s, pos);
	suite_add_tcase(s, dg);
	return s;
}
