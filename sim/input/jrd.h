/*
 * jrd.h: the one strict JSON reader toolkit, shared by the scenario
 * reader (sim/scenario) and the catalogs (models/). STYLE.md 9 in code:
 *
 *   - the text is parsed by cJSON with its length counting the NUL, and
 *     when cJSON refuses it jloc_diagnose says where and why;
 *   - a reader keeps the JSON path of the value it reads as a stack
 *     (jrd_key, jrd_index, jrd_pop), and an error is placed by that path
 *     only when it is made: jloc re-scans the text (or a hook finds the
 *     place elsewhere: the scenario's --set arguments);
 *   - every object's keys are checked: each known, each once;
 *   - the typed getters say what they expected and what they got.
 *
 * Failure contract: every function that returns int returns 0, or -1
 * with the reader's diag filled; a failure leaves the path naming the
 * value at fault, so callers just return -1 up the stack (and free what
 * they built, which they own).
 *
 * Two wordings. The scenario reader's messages are pinned byte for byte
 * by test/bad; the catalogs' (herbie's own data: a message there is a
 * defect in a data edit) are older and terser, and t_cat and t_ml pin
 * parts of them. A reader with `brief` set speaks the catalogs' words:
 * syntax errors are "invalid JSON" at cJSON's offset, an unknown key is
 * listed without a suggestion, a repeated key is reported at its object,
 * and an integer is a plain JSON number "from lo to hi". Making them one
 * wording would change what herbie prints; it is kept apart on purpose,
 * in this file only.
 */
#ifndef JRD_H
#define JRD_H

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "input/diag.h"
#include "input/unit.h"

#define JRD_PATH_CAP	512

/* Blocks from hb_malloc that a reader's result keeps, freed together (the
 * catalogs' strings and arrays). Zeroed is empty. */
typedef struct jrd_own {
	void **p;
	int n, cap;
} jrd_own;

void jrd_own_release(jrd_own *o);	/* frees every block, then the list */

typedef struct jrd jrd;

/* A place that is not in the text: the scenario's --set arguments. path
 * as in jrd_vfail. Returns 1 with *file, *text (NUL-terminated) and *off
 * when the path lies there, 0 when it is the text's. */
typedef int (*jrd_place_fn)(void *ctx, const char *path, int want_key,
			    int member, const char **file, const char **text,
			    long *off);

/* One text being read. Set up by jrd_init; the rest is optional. path
 * always names the value being read. Not owned: file, text, d, own. */
struct jrd {
	diag *d;
	const char *file;	/* for messages */
	const char *text;	/* len bytes; need not be NUL-terminated */
	size_t len;
	size_t bom;		/* 3 when the text starts with a UTF-8 BOM */
	int brief;		/* the catalogs' wording (above) */
	jrd_own *own;		/* where jrd_keep and jrd_adopt put blocks */
	jrd_place_fn place;	/* NULL: every place is in the text */
	void *place_ctx;
	size_t plen;
	char path[JRD_PATH_CAP];
};

/* A reader of text (len bytes) named file in messages, at the top. */
void jrd_init(jrd *r, const char *file, const char *text, size_t len,
	      diag *d);

/* Parse the whole text into *root (the caller frees it with
 * cJSON_Delete). A UTF-8 BOM is skipped, as cJSON does, and r->bom set.
 * -1 with the syntax error, or with the first string herbie could not
 * hold (jrd_check_strings); *root is then NULL. */
int jrd_parse(jrd *r, cJSON **root);


/* ---- paths ---- */

/* Push a key (jloc.h's syntax: .key, or ["key"]) or a list index onto
 * r->path; each returns the mark that jrd_pop restores. A path that does
 * not fit is cut: only the message's place suffers. */
size_t jrd_key(jrd *r, const char *k);
size_t jrd_index(jrd *r, long i);
void jrd_pop(jrd *r, size_t mark);

/* Set the whole path (checks after the reading: "stations[2].device"). */
void jrd_goto(jrd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The offset in text of the value at path, or of its key (want_key), or
 * of the key of member number `member` of the object there (member >= 0:
 * a repeated key); -1 if the text is not JSON. */
long jrd_locate(const char *text, size_t len, const char *path,
		int want_key, int member);

/* A path fit to print: control bytes (possible in quoted keys) as '?'. */
void jrd_show_path(char *buf, size_t n, const char *path);

/* ---- errors: each returns -1 ---- */

/* The one place errors are made: placed at path (want_key: at the key of
 * its last step; member >= 0: at that member's key of the object at
 * path), shown as show. */
int jrd_vfail(jrd *r, const char *path, const char *show, int want_key,
	      int member, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* At the value being read; at its key; anywhere. */
int jrd_fail(jrd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int jrd_fail_key(jrd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int jrd_fail_at(jrd *r, const char *path, const char *show, int want_key,
		const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

int jrd_oom(jrd *r);			/* "out of memory", no place */
int jrd_missing(jrd *r, const char *key);	/* at the object */

/* ---- keys ---- */

/* Every key of obj is one of names (NULL: any key will do), and none
 * repeats. Quadratic in the keys of one object, which the caller knows
 * are few (a repeat is met before more than names' count are compared);
 * objects whose keys the user makes many use jrd_check_unique. */
int jrd_check_keys(jrd *r, const cJSON *obj, const char *const *names);

/* The n keys of obj (names the user chose: devices, links) are each
 * there once; O(n log n). */
int jrd_check_unique(jrd *r, const cJSON *obj, int n);

/* A name and its position, for sorting names the user chose (keys,
 * stations) and finding them by bsearch: by name, then by position. */
typedef struct jrd_keyref {
	const char *k;
	int i;
} jrd_keyref;

int jrd_keyref_cmp(const void *pa, const void *pb);

/* The first string of keys[0..n) (by position) equal to an earlier one:
 * *dup its index and *orig the earlier one's, or *dup = -1. -1: out of
 * memory. */
int jrd_first_dup(jrd *r, const char *const *keys, int n, int *dup,
		  int *orig);

/* ---- ownership ---- */

/* Record p (from hb_malloc; NULL is an allocation that failed) in r->own.
 * On failure p is freed and -1 returned with "out of memory". */
int jrd_adopt(jrd *r, void *p);

/* A copy of s owned by r->own, or NULL ("out of memory"). */
const char *jrd_keep(jrd *r, const char *s);

/* ---- typed values ---- */

static inline const cJSON *jrd_member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A number as a person wrote it: 2.5, 1e+20, never 2.50000000000000001. */
const char *jrd_num(char *buf, size_t n, double x);

/* A quantity: a JSON number in base units, or a string with a unit. */
int jrd_get_qty(jrd *r, const cJSON *v, unit_kind k, double *out);

/* An integer in [lo, hi]: a JSON number, or a count like "7B" (brief: a
 * JSON number only). The bounds must be below 2^53 in magnitude (checked:
 * a bug otherwise), so that a whole number in range is the one written
 * and the comparisons in double are exact: 2^53 + 1 reads as 2^53, and
 * must be refused, not rounded. */
int jrd_get_int(jrd *r, const cJSON *v, int64_t lo, int64_t hi,
		int64_t *out);

/* A plain number in [lo, hi] (probabilities, CVs, weights). */
int jrd_get_num(jrd *r, const cJSON *v, double lo, double hi, double *out);

int jrd_get_bool(jrd *r, const cJSON *v, int *out);

/* A string, borrowed from the tree: JRD_ANY, JRD_NONEMPTY (not ""), or
 * JRD_NONBLANK (not only spaces and tabs either), each one line of
 * printable text: no control character (utf8_is_control), since herbie
 * prints it again in tables, messages and --json; or JRD_TEXT, free text
 * that may be "" and may hold line breaks and tabs (\n \t), no other
 * control character (a scenario's notes). Every kind must be UTF-8:
 * jrd_parse checked the file's strings, this checks --set's too. */
enum { JRD_ANY, JRD_NONEMPTY, JRD_NONBLANK, JRD_TEXT };
int jrd_get_string(jrd *r, const cJSON *v, int need, const char **out);

/* A name the user chose as an object's key (devices, links), at
 * r->path: printable UTF-8 as JRD_NONEMPTY's strings. Placed at the
 * key. */
int jrd_check_name(jrd *r, const char *s);

/* One of the words in names (NULL-terminated): *out its index. */
int jrd_get_word(jrd *r, const cJSON *v, const char *const *names,
		 int *out);

/* A list of min..max elements (what: "stations"); *n their count. */
int jrd_get_list(jrd *r, const cJSON *v, const char *what, int min,
		 int max, int *n);

#endif
