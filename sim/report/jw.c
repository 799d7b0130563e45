/*
 * jw.c: the JSON writer (see jw.h).
 */
#include "report/jw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hb.h"
#include "input/utf8.h"

void jw_init(jw *w, FILE *f, int pretty)
{
	w->f = f;
	w->depth = 0;
	w->count[0] = 0;
	w->pretty = pretty;
}

static void newline(jw *w)
{
	if (!w->pretty)
		return;
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* s as a JSON string that is valid whatever s holds: control characters
 * (C0, DEL, C1) escaped, and each byte that is not UTF-8 written as
 * U+FFFD. The readers refuse such strings (utf8.h); this keeps --json
 * valid should one come another way. */
static void string(FILE *f, const char *s)
{
	size_t n = strlen(s), i, k;
	unsigned cp = 0;

	fputc('"', f);
	for (i = 0; i < n; i += k) {
		k = utf8_char(s + i, n - i, &cp);
		if (k == 0) {
			fputs("\\ufffd", f);
			k = 1;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (utf8_is_control(cp))
				fprintf(f, "\\u%04x", cp);
			else
				fwrite(s + i, 1, k, f);
		}
	}
	fputc('"', f);
}

/* Separator, indentation and key before a member. */
static void member(jw *w, const char *key)
{
	if (w->depth > 0) {
		if (w->count[w->depth]++ > 0)
			fputc(',', w->f);
		newline(w);
	}
	if (key) {
		string(w->f, key);
		fputs(w->pretty ? ": " : ":", w->f);
	}
}

static void open(jw *w, const char *key, char c)
{
	member(w, key);
	fputc(c, w->f);
	HB_ASSERT(w->depth + 1 < JW_DEPTH);
	w->count[++w->depth] = 0;
}

static void close(jw *w, char c)
{
	int had = w->count[w->depth];

	w->depth--;
	if (had)
		newline(w);
	fputc(c, w->f);
}

void jw_begin_obj(jw *w, const char *key) { open(w, key, '{'); }
void jw_end_obj(jw *w) { close(w, '}'); }
void jw_begin_arr(jw *w, const char *key) { open(w, key, '['); }
void jw_end_arr(jw *w) { close(w, ']'); }

void jw_fmt_double(double v, char *buf, size_t n)
{
	if (!isfinite(v)) {
		snprintf(buf, n, "null");
		return;
	}
	if (v == 0) {
		snprintf(buf, n, "0");	/* also -0: no sign for a zero */
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void jw_num(jw *w, const char *key, double v)
{
	char buf[40];

	jw_fmt_double(v, buf, sizeof buf);
	member(w, key);
	fputs(buf, w->f);
}

void jw_int(jw *w, const char *key, int64_t v)
{
	member(w, key);
	fprintf(w->f, "%lld", (long long)v);
}

void jw_str(jw *w, const char *key, const char *s)
{
	member(w, key);
	string(w->f, s);
}

void jw_bool(jw *w, const char *key, int v)
{
	member(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jw_raw(jw *w, const char *key, const char *json)
{
	member(w, key);
	fputs(json, w->f);
}

void jw_finish(jw *w)
{
	fputc('\n', w->f);
}
