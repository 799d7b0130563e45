/*
 * catjson.h: what the two catalog readers (cat.c, mlcat.c) share, internal
 * to models/: finding their files among the embedded ones, parsing each,
 * the JSON path of the value being read, errors placed by that path
 * (file:line:col through jloc and diag), strict key checks, ids, figures
 * {"value", "source"}, objects of entries by id, and the list that owns
 * every string and array a catalog keeps.
 *
 * Every cj_ reader returns 0, or -1 with the reader's diag filled (NULL
 * where it returns a pointer). A failure leaves the path where it was
 * (naming the value at fault): the caller just returns, and frees the
 * catalog, whose cj_own holds whatever was built.
 */
#ifndef CATJSON_H
#define CATJSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cat.h"
#include "embed.h"
#include "input/diag.h"

#define CJ_PATH_CAP	512
#define CJ_MAX_ENTRIES	10000	/* in one object; the catalog has tens */
#define CJ_MAX_ID	63	/* characters of an id or a name in a preset */

/* Blocks from hb_malloc that a catalog keeps, freed together. Zeroed is
 * empty. */
typedef struct cj_own {
	void **p;
	int n, cap;
} cj_own;

void cj_own_release(cj_own *o);	/* frees every block, then the list */

/* One file being read. path always names the value being read. */
typedef struct cj_rd {
	cj_own *own;		/* the catalog's, where cj_keep puts copies */
	diag *d;
	const char *file, *text;	/* the embedded file's; not owned */
	size_t len, plen;
	char path[CJ_PATH_CAP];
} cj_rd;

/* Find each of names[0..nnames) exactly once in files[0..n) into
 * found[0..nnames); other files are ignored. Clears d first; -1 with "catalog
 * file X is there twice" or "... is missing". */
int cj_find_files(const struct embed_file *files, int n,
		  const char *const *names, int nnames,
		  const struct embed_file **found, diag *d);

/* Parse f[0..nf) in order and hand each tree to read(r, root, i, ctx),
 * with a reader set up at the top of file i whose kept blocks go to own.
 * Stops at the first failure: "invalid JSON" where cJSON stopped, or
 * read's. */
typedef int (*cj_file_fn)(cj_rd *r, const cJSON *root, int i, void *ctx);
int cj_read_files(const struct embed_file *const *f, int nf, cj_own *own,
		  diag *d, cj_file_fn read, void *ctx);

/* "out of memory" (no position); -1. */
int cj_oom(cj_rd *r);

/* Record p (from hb_malloc; NULL is an allocation that failed) in r->own.
 * On failure p is freed and -1 returned with "out of memory". */
int cj_adopt(cj_rd *r, void *p);

/* A copy of s owned by r->own, or NULL ("out of memory"). */
const char *cj_keep(cj_rd *r, const char *s);

/* Push a key (jloc.h's syntax: .key, or ["key"] when it has other
 * characters than [A-Za-z0-9_-]) or an index onto r->path; each returns
 * the mark that cj_path_pop restores. A path that does not fit is cut:
 * only the message's place suffers. */
size_t cj_path_key(cj_rd *r, const char *k);
size_t cj_path_index(cj_rd *r, int i);
void cj_path_pop(cj_rd *r, size_t mark);

/* An error at the value being read, or at its key; -1. */
int cj_fail(cj_rd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cj_fail_key(cj_rd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "missing required key "key"" at the value being read; -1. */
int cj_missing(cj_rd *r, const char *key);

/* Every key of obj is in names (NULL: any key), and none repeats. */
int cj_check_keys(cj_rd *r, const cJSON *obj, const char *const *names);

/* s, named by its key, is an id: 1 to CJ_MAX_ID letters, digits, '.',
 * '_', '-' or '+' ('/' is kept for MIG partitions, "gpu0/1"); what says
 * which kind in the message ("id", "device name"). */
int cj_check_id(cj_rd *r, const char *s, const char *what);

/* v is a non-blank string: *out a copy owned by r->own. */
int cj_get_text(cj_rd *r, const cJSON *v, const char **out);

/* A figure {"value": V, "source": "..."}: both keys required, and no
 * other. The value is read by get (kind is the caller's own, passed
 * through), the source by cj_get_text; a missing source says "a figure
 * needs a "source": <what> it comes from". */
typedef int (*cj_value_fn)(cj_rd *r, const cJSON *v, int kind, double *out);
int cj_get_fig(cj_rd *r, const cJSON *v, cj_value_fn get, int kind,
	       const char *what, cat_fig *out);

/* A figure the catalog does not give: { NAN, NULL }. */
cat_fig cj_no_fig(void);

/* An object of entries by their keys ("devices": {"h100-sxm": {...}}),
 * read into an array of one struct per entry. */
typedef int (*cj_entry_fn)(cj_rd *r, const cJSON *v, void *entry,
			   const char *key, void *ctx);
typedef struct cj_table {
	const char *what;	/* the entries: "entries", "devices" */
	const char *by;		/* what the keys are: "id", "name" */
	const char *key;	/* one key, for cj_check_id: "device name" */
	int nonempty;		/* no entry at all is an error */
	size_t size;		/* of one struct */
	cj_entry_fn read;	/* fills one zeroed struct */
} cj_table;

/* Read v by t: at most CJ_MAX_ENTRIES entries, each key a valid id, once.
 * The array (owned by r->own) has an element per entry, in file order,
 * each filled by t->read with the entry's path pushed and its key kept
 * (owned by r->own). Returns the array, with *n, or NULL. */
void *cj_entries(cj_rd *r, const cJSON *v, const cj_table *t, void *ctx,
		 int *n);

#endif
