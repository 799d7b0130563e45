/*
 * tutil.c: checks the test suites share (see tutil.h).
 */
#include "tutil.h"

#include "core/hb.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tu_near(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fabs(b);
}

int tu_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

FILE *tu_mem_open(tu_mem *m)
{
	m->text = NULL;
	m->n = 0;
	m->f = open_memstream(&m->text, &m->n);
	ck_assert_ptr_nonnull(m->f);
	return m->f;
}

char *tu_mem_close(tu_mem *m)
{
	ck_assert_int_eq(fclose(m->f), 0);
	m->f = NULL;
	return m->text;
}

int tu_blank(const char *s)
{
	if (!s)
		return 1;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

void tu_check_fig(const char *who, const char *what, cat_fig f)
{
	if (isnan(f.v)) {
		ck_assert_msg(f.source == NULL, "%s.%s: a source without a "
			      "value", who, what);
		return;
	}
	ck_assert_msg(!tu_blank(f.source), "%s.%s has no source", who, what);
	ck_assert_msg(isfinite(f.v) && f.v > 0, "%s.%s = %g", who, what, f.v);
}

scen *tu_load(const char *path, const char *const *sets, int nsets)
{
	FILE *f = fopen(path, "rb");
	static char text[1 << 16];
	scen *s = NULL;
	size_t n;
	diag d;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(text, 1, sizeof text, f);
	fclose(f);
	diag_clear(&d);
	if (scen_parse(path, text, n, sets, nsets, &s, &d) < 0) {
		char buf[2048];

		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("%s", buf);
	}
	return s;
}

scen *tu_parse(const char *text)
{
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("t", text, strlen(text), NULL, 0, &s, &d), 0);
	return s;
}

char *tu_replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to);
	char *out;

	ck_assert_msg(at != NULL, "the test's text lacks \"%s\"", from);
	out = hb_malloc(n + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	return out;
}

void tu_check_diag(const diag *d, int i, const char *file, const char *path,
		   const char *msg)
{
	char buf[2048];

	diag_format(d, buf, sizeof buf);
	ck_assert_msg(strstr(d->msg, msg), "case %d: got\n%s", i, buf);
	ck_assert_msg(!strcmp(d->path, path), "case %d: path \"%s\", want "
		      "\"%s\"", i, d->path, path);
	ck_assert_str_eq(d->file, file);
	ck_assert_msg(d->line > 0 && d->col > 0, "case %d: no position", i);
}

void tu_golden(const char *name, const char *text)
{
	const char *mode = getenv("HERBIE_GOLDEN");
	size_t len = strlen(text), n;
	char path[160], *want;
	FILE *f;

	snprintf(path, sizeof path, "test/golden/%s", name);
	if (mode && !strcmp(mode, "update")) {
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(text, f);
		ck_assert_int_eq(fclose(f), 0);
	}
	f = fopen(path, "r");
	ck_assert_msg(f, "no %s (HERBIE_GOLDEN=update writes it)", path);
	want = calloc(1, len + 2);
	ck_assert_ptr_nonnull(want);
	n = fread(want, 1, len + 1, f);
	fclose(f);
	ck_assert_msg(n == len && !memcmp(want, text, n),
		      "%s changed (HERBIE_GOLDEN=update accepts it)", path);
	free(want);
}
