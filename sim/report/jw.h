/*
 * jw.h: a small streaming JSON writer. Output is deterministic and never
 * depends on the locale: numbers are printed in the shortest form that
 * reads back to the same double (%.15g, else %.16g, else %.17g); NaN and
 * infinities, which JSON cannot hold, are written as null.
 */
#ifndef JW_H
#define JW_H

#include <stdint.h>
#include <stdio.h>

#define JW_DEPTH 32

typedef struct jw {
	FILE *f;
	int depth;
	int count[JW_DEPTH];	/* members written at each depth */
	int pretty;
} jw;

void jw_init(jw *w, FILE *f, int pretty);

/* `key` names the member inside an object; NULL inside a list and at the
 * top. */
void jw_begin_obj(jw *w, const char *key);
void jw_end_obj(jw *w);
void jw_begin_arr(jw *w, const char *key);
void jw_end_arr(jw *w);
void jw_num(jw *w, const char *key, double v);
void jw_int(jw *w, const char *key, int64_t v);
void jw_str(jw *w, const char *key, const char *s);
void jw_bool(jw *w, const char *key, int v);
/* Raw, already valid JSON text (e.g. a scenario's kept section). */
void jw_raw(jw *w, const char *key, const char *json);
/* Ends the document with a newline. */
void jw_finish(jw *w);

/* The shortest round-trip text of v into buf (n >= 32). */
void jw_fmt_double(double v, char *buf, size_t n);

#endif
