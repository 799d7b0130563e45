/*
 * names.h: names in messages. Quoting what the user typed, listing the
 * names that were expected, the type of a JSON value as a message says
 * it, and the "did you mean" hint: one copy for the scenario reader, the
 * catalogs (models/) and the commands (tools/), so that their messages
 * read alike.
 *
 * Every function that writes takes a buffer the caller owns, truncates
 * rather than overflows, and returns that buffer, so that a call can stand
 * in a printf argument list. Nothing here allocates or keeps state.
 */
#ifndef NAMES_H
#define NAMES_H

#include <stddef.h>

struct cJSON;

/* Restricted Damerau-Levenshtein distance between a and b (a swap of two
 * neighbours costs 1), or 99 when either is longer than 32 bytes: long
 * strings are not typos worth a suggestion, and the table stays small. */
int names_distance(const char *a, const char *b);

/* The candidate closest to a typed name, for candidates that are not in
 * one array: names_near_init, then names_near_add for each candidate,
 * then names_near_best. An embedded struct; typed is not copied. */
typedef struct names_near {
	const char *typed;
	int len;		/* strlen(typed) */
	const char *best;	/* NULL until a candidate qualifies */
	int d;			/* names_distance of best */
} names_near;

void names_near_init(names_near *nn, const char *typed);
void names_near_add(names_near *nn, const char *cand);
/* The first candidate at the smallest distance, if that is at most 2 and
 * less than the typed name's length ("x" is not a typo of "p"); NULL if
 * none. */
const char *names_near_best(const names_near *nn);

/* The same over cand[0..n). */
const char *names_closest(const char *typed, const char *const *cand, int n);

/* "; did you mean "x"?" for the closest of cand[0..ncand), or "". */
const char *names_hint(char *buf, size_t n, const char *typed,
		       const char *const *cand, int ncand);

/* s in double quotes: '"' and '\' escaped, control bytes and bytes
 * that are not UTF-8 as \xNN, C1 controls as \uNNNN (what a terminal would
 * act on or mangle), and cut after 60 bytes, between characters, with
 * "...". */
const char *names_quote(char *buf, size_t n, const char *s);

/* names[0..count) separated by sep; with max > 0, at most max names and
 * then sep "...". "" when count is 0. */
const char *names_join(char *buf, size_t n, const char *sep,
		       const char *const *names, int count, int max);

/* How many names come before the NULL that ends the list. */
int names_count(const char *const *names);

/* Index of s in the NULL-terminated names, or -1. */
int names_index(const char *s, const char *const *names);

/* A JSON value's type as a message says it: "an object", "a list",
 * "a string", "a number", "true", "false" or "null". */
const char *names_type(const struct cJSON *v);

#endif
