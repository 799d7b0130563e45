/*
 * catjson.h: what the two catalog readers (cat.c, mlcat.c) share on top
 * of the JSON toolkit (input/jrd.h), internal to models/: finding their
 * files among the embedded ones, reading each with a reader in the
 * catalogs' brief wording whose kept blocks go to the catalog's list,
 * ids, figures {"value", "source"}, and objects of entries by id.
 *
 * Every cj_ reader returns 0, or -1 with the reader's diag filled (NULL
 * where it returns a pointer). A failure leaves the path where it was
 * (naming the value at fault): the caller just returns, and frees the
 * catalog, whose jrd_own holds whatever was built.
 */
#ifndef CATJSON_H
#define CATJSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cat.h"
#include "embed.h"
#include "input/diag.h"
#include "input/jrd.h"

#define CJ_MAX_ENTRIES	10000	/* in one object; the catalog has tens */
#define CJ_MAX_ID	63	/* characters of an id or a name in a preset */

/* Find each of names[0..nnames) exactly once in files[0..n) into
 * found[0..nnames); other files are ignored. Clears d first; -1 with "catalog
 * file X is there twice" or "... is missing". */
int cj_find_files(const struct embed_file *files, int n,
		  const char *const *names, int nnames,
		  const struct embed_file **found, diag *d);

/* Parse f[0..nf) in order and hand each tree to read(r, root, i, ctx),
 * with a brief reader set up at the top of file i whose kept blocks go to
 * own. Stops at the first failure: "invalid JSON" where cJSON stopped, or
 * read's. */
typedef int (*cj_file_fn)(jrd *r, const cJSON *root, int i, void *ctx);
int cj_read_files(const struct embed_file *const *f, int nf, jrd_own *own,
		  diag *d, cj_file_fn read, void *ctx);

/* v is a non-blank string: *out a copy owned by the catalog's list. */
int cj_get_text(jrd *r, const cJSON *v, const char **out);

/* A figure {"value": V, "source": "..."}: both keys required, and no
 * other. The value is read by get (kind is the caller's own, passed
 * through), the source by cj_get_text; a missing source says "a figure
 * needs a "source": <what> it comes from". */
typedef int (*cj_value_fn)(jrd *r, const cJSON *v, int kind, double *out);
int cj_get_fig(jrd *r, const cJSON *v, cj_value_fn get, int kind,
	       const char *what, cat_fig *out);

/* A figure the catalog does not give: { NAN, NULL }. */
cat_fig cj_no_fig(void);

/* An object of entries by their keys ("devices": {"h100-sxm": {...}}),
 * read into an array of one struct per entry. */
typedef int (*cj_entry_fn)(jrd *r, const cJSON *v, void *entry,
			   const char *key, void *ctx);
typedef struct cj_table {
	const char *what;	/* the entries: "entries", "devices" */
	const char *by;		/* what the keys are: "id", "name" */
	const char *key;	/* one key, in a bad id's message: "device name" */
	int nonempty;		/* no entry at all is an error */
	size_t size;		/* of one struct */
	cj_entry_fn read;	/* fills one zeroed struct */
} cj_table;

/* Read v by t: at most CJ_MAX_ENTRIES entries, each key a valid id (1 to
 * CJ_MAX_ID letters, digits, '.', '_', '-', '+' or '/'), once.
 * The array (owned by the catalog's list) has an element per entry, in
 * file order, each filled by t->read with the entry's path pushed and its
 * key kept (owned by the list too). Returns the array, with *n, or NULL. */
void *cj_entries(jrd *r, const cJSON *v, const cj_table *t, void *ctx,
		 int *n);

#endif
