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

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_msg(fread(buf, 1, (size_t)n, f) == (size_t)n, "cannot read %s", path);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

scen *tu_load(const char *path, const char *const *sets, int nsets)
{
	size_t n;
	char *text = tu_slurp(path, &n);
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	if (scen_parse(path, text, n, sets, nsets, &s, &d) < 0) {
		char buf[2048];

		diag_format(&d, buf, sizeof buf);
		free(text);
		ck_abort_msg("%s", buf);
	}
	free(text);
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
	char path[160], *want;
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "test/golden/%s", name);
	if (mode && !strcmp(mode, "update")) {
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(text, f);
		ck_assert_int_eq(fclose(f), 0);
	}
	want = tu_slurp(path, &n);
	ck_assert_msg(n == strlen(text) && !memcmp(want, text, n),
		      "%s changed (HERBIE_GOLDEN=update accepts it)", path);
	free(want);
}
