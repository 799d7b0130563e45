/*
 * diag.h: a bad-input report: where (file:line:col and the JSON path) and
 * what, and its result code (out of memory is reported the same way, with
 * its own code). Library code fills one and returns -1; only tools/
 * prints it.
 *
 * Format, in git's voice with jq's caret (STYLE.md 10):
 *
 *   stop-sign.json:14:21: stations[1].service: "8 parsecs" is not a duration (units: ns us ms s min h)
 *      14 |       "service": "8 parsecs",
 *         |                  ^
 */
#ifndef DIAG_H
#define DIAG_H

#include <stddef.h>

#include "core/hb.h"

typedef struct diag {
	enum hb_rc code;	/* HB_BAD_INPUT, or HB_NOMEM (diag_nomem); HB_OK
				 * after diag_clear. Tell failures apart by
				 * it, never by msg. */
	char file[256];		/* scenario file, or "--set" */
	int line, col;		/* 1-based; 0 when there is no position */
	char path[256];		/* JSON path ("stations[1].service"); "" for the top */
	char msg[768];		/* what is wrong, lower case, no full stop */
	char src[256];		/* the source line, when known */
	int caret;		/* 1-based column of the caret in src; 0 none */
} diag;

void diag_clear(diag *d);

/* Fill d: the position comes from a byte offset in text (offset < 0: no
 * position). Returns -1 so that callers can `return diag_at(...)`. */
int diag_at(diag *d, const char *file, const char *text, size_t len,
	    long offset, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Fill d with no position (command-line and system-level messages). */
int diag_msg(diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fill d with "out of memory" and code HB_NOMEM. Returns -1 as diag_msg
 * does, since readers return -1 for every failure (d->code tells them
 * apart); those that return an hb_rc return HB_NOMEM themselves. */
int diag_nomem(diag *d);

/* The whole report as text ending in a newline, truncated to fit n. */
void diag_format(const diag *d, char *buf, size_t n);

#endif
