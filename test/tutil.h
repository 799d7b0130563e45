/*
 * tutil.h: what the test suites share: the catalogs' rule that a figure
 * is absent or a positive value with a source, and reading scenarios.
 */
#ifndef TUTIL_H
#define TUTIL_H

#include "cat.h"
#include "scenario/scen.h"

#include <stdio.h>

/* How many times needle occurs in hay, without overlaps. */
int tu_count(const char *hay, const char *needle);

/* What a writer under test prints, caught in memory: tu_mem_open gives
 * the stream (it fails the test if it cannot), tu_mem_close closes it and
 * hands back what was written, NUL-terminated; the caller frees it. */
typedef struct tu_mem {
	char *text;
	size_t n;
	FILE *f;
} tu_mem;

FILE *tu_mem_open(tu_mem *m);
char *tu_mem_close(tu_mem *m);

/* The whole file at path, NUL-terminated, its length in *len (the test
 * fails if it cannot be read); the caller frees it. */
char *tu_slurp(const char *path, size_t *len);

/* text is what test/golden/name holds, byte for byte; with
 * HERBIE_GOLDEN=update in the environment it is written there first (for
 * a change meant: review the diff). */
void tu_golden(const char *name, const char *text);

/* |a - b| <= rel * |b| */
int tu_near(double a, double b, double rel);

/* s is NULL, empty or only blanks. */
int tu_blank(const char *s);

/* A figure is absent (NAN, no source) or a positive finite value with a
 * source: never one without the other. Fails the test naming who.what. */
void tu_check_fig(const char *who, const char *what, cat_fig f);

/* text with its first `from` replaced by `to` (which must be there);
 * hb_free it. */
char *tu_replace(const char *text, const char *from, const char *to);

/* Case i of a broken-input table failed as it should: the message holds
 * msg, at the JSON path `path` of file `file`, with a line and column. */
void tu_check_diag(const diag *d, int i, const char *file, const char *path,
		   const char *msg);

/* The scenario in the file at path (at most 64 KiB) with the overrides;
 * fails the test with the reader's message when it is not valid. */
scen *tu_load(const char *path, const char *const *sets, int nsets);

/* The scenario in text, which must be valid. */
scen *tu_parse(const char *text);

#endif
