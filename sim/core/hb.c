/*
 * hb.c: bug reports and the one allocator. The failure counter is the
 * only mutable global in herbie; it exists for tests alone and is never set
 * outside them.
 */
#include "core/hb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fail_at;	/* 0: never fail */
static long n_allocs;

void hb_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "herbie: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void hb_fail_after(long n)
{
	fail_at = n > 0 ? n_allocs + n : 0;
}

long hb_alloc_count(void)
{
	return n_allocs;
}

static int should_fail(void)
{
	return fail_at > 0 && n_allocs + 1 >= fail_at;
}

void *hb_malloc(size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	p = malloc(n ? n : 1);
	if (p)
		n_allocs++;
	return p;
}

void *hb_calloc(size_t count, size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	p = calloc(count ? count : 1, size ? size : 1);
	if (p)
		n_allocs++;
	return p;
}

void *hb_realloc(void *p, size_t n)
{
	void *q;

	if (should_fail())
		return NULL;
	q = realloc(p, n ? n : 1);
	if (q)
		n_allocs++;
	return q;
}

void hb_free(void *p)
{
	free(p);
}

char *hb_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = hb_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int hb_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
