/*
 * diag.c: fill and print bad-input reports (STYLE.md 8 and 10).
 *
 * A diag is plain fixed-size data that the caller owns, usually on its
 * stack: filling one never allocates, so a report can be made even when
 * the error is that memory ran out. Every copy truncates rather than
 * overflows. The position is worked out once, in diag_at, from a byte
 * offset; diag_format only lays out what is there.
 */
#include "input/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "input/jloc.h"

/* Bytes of the line shown before the caret when a line is too long for
 * src (a minified scenario is one line): the window starts here, behind
 * an ellipsis. */
#define DIAG_CONTEXT 100

void diag_clear(diag *d)
{
	memset(d, 0, sizeof *d);
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* The source line and caret for a position at line col. A line that fits
 * is copied whole, and so is the start of a longer one when the caret falls
 * in it. Otherwise src is a window of about DIAG_CONTEXT bytes before the
 * caret and what follows, behind "...", so that the caret always points at
 * text that is shown. The window never starts inside a UTF-8 character. */
static void set_source(diag *d, const char *text, size_t len, size_t offset)
{
	size_t start = jloc_bol(text, len, offset);
	size_t end = jloc_eol(text, len, offset);
	size_t room = sizeof d->src - 1, from;

	d->caret = d->col;
	jloc_line(text, len, offset, d->src, sizeof d->src);
	if (end - start <= room || (size_t)d->col <= room - 8)
		return;
	from = offset - DIAG_CONTEXT;
	while (from < offset && ((unsigned char)text[from] & 0xC0) == 0x80)
		from++;
	memcpy(d->src, "...", 3);
	jloc_line(text + from, end - from, 0, d->src + 3, sizeof d->src - 3);
	d->caret = (int)(3 + (offset - from) + 1);
}

int diag_at(diag *d, const char *file, const char *text, size_t len,
	    long offset, const char *path, const char *fmt, ...)
{
	va_list ap;

	diag_clear(d);
	copy(d->file, sizeof d->file, file);
	copy(d->path, sizeof d->path, path);
	d->code = HB_BAD_INPUT;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	if (offset >= 0 && text) {
		size_t off = (size_t)offset > len ? len : (size_t)offset;

		jloc_linecol(text, len, off, &d->line, &d->col);
		set_source(d, text, len, off);
	}
	return -1;
}

int diag_msg(diag *d, const char *path, const char *fmt, ...)
{
	va_list ap;

	diag_clear(d);
	copy(d->path, sizeof d->path, path);
	d->code = HB_BAD_INPUT;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_nomem(diag *d)
{
	diag_msg(d, "", "out of memory");
	d->code = HB_NOMEM;
	return -1;
}

/* Appends to a buffer of n bytes, keeping it NUL-terminated and dropping
 * what does not fit. */
typedef struct out {
	char *buf;
	size_t n, used;
} out;

__attribute__((format(printf, 2, 3)))
static void put(out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (o->used + 1 >= o->n)
		return;
	va_start(ap, fmt);
	w = vsnprintf(o->buf + o->used, o->n - o->used, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	o->used += (size_t)w;
	if (o->used > o->n - 1)
		o->used = o->n - 1;
}

static void put_char(out *o, char c)
{
	if (o->used + 1 >= o->n)
		return;
	o->buf[o->used++] = c;
	o->buf[o->used] = '\0';
}

/* The caret line: under every byte before the caret, a space, or a tab
 * where the source has one, so that the caret lines up however the
 * terminal sets its tab stops. A UTF-8 continuation byte adds nothing:
 * the terminal shows the whole character in one column. */
static void put_caret(out *o, const char *src, int caret)
{
	size_t k = strlen(src);
	int i;

	put(o, "      | ");
	for (i = 0; i < caret - 1; i++) {
		unsigned char c = (size_t)i < k ? (unsigned char)src[i] : ' ';

		if ((c & 0xC0) == 0x80)
			continue;
		put_char(o, c == '\t' ? '\t' : ' ');
	}
	put(o, "^\n");
}

void diag_format(const diag *d, char *buf, size_t n)
{
	out o = { buf, n, 0 };

	if (!buf || n == 0)
		return;
	buf[0] = '\0';
	if (d->file[0])
		put(&o, "%.*s:", (int)sizeof d->file, d->file);
	if (d->line > 0)
		put(&o, "%d:%d:", d->line, d->col);
	if (o.used > 0)
		put(&o, " ");
	if (d->path[0])
		put(&o, "%.*s: ", (int)sizeof d->path, d->path);
	put(&o, "%.*s\n", (int)sizeof d->msg, d->msg);
	if (d->line > 0 && d->caret > 0) {
		put(&o, "%5d | %.*s\n", d->line, (int)sizeof d->src, d->src);
		put_caret(&o, d->src, d->caret);
	}
}
