/*
 * jloc.c: find a JSON path's place in the text, because cJSON keeps none.
 *
 * This is a scanner, not a parser: it walks the text along one path and
 * skips everything else, so it builds nothing and allocates nothing. In
 * normal use cJSON has already accepted the text and the scan only finds
 * places; on text cJSON rejected it must still be safe, so every read is
 * checked against len (the text need not be NUL-terminated, and a NUL in
 * it is an ordinary byte), skipping is iterative (a file of a million '['
 * cannot overflow the stack), and malformed text ends the walk at the
 * deepest value found so far.
 *
 * Keys are compared after decoding JSON escapes (\", \\, \uXXXX with
 * surrogate pairs, to UTF-8), so "a\u002eb" is the key a.b, and path keys
 * written ["..."] are compared after removing their own backslashes. The
 * first of two equal keys is the one found, as cJSON's getters do; the
 * reader reports duplicates separately.
 *
 * Line and column come from a linear scan. jq keeps a table of line starts
 * because it locates many positions in one text; herbie locates one, when
 * it is about to stop with an error, so a table would cost more than it
 * saves.
 */
#include "input/jloc.h"

#include <stdio.h>
#include <string.h>

typedef struct scanner {
	const char *s;
	size_t len, pos;
} scanner;

static void skip_ws(scanner *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

/* The byte at pos, or 0 at the end (the caller tells the two apart by pos
 * when it matters: a NUL is never valid outside a string). */
static char peek(const scanner *sc)
{
	return sc->pos < sc->len ? sc->s[sc->pos] : '\0';
}

/* pos is at an opening quote; move past the closing one. -1 if the text
 * ends first. */
static int skip_string(scanner *sc)
{
	sc->pos++;
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos++];

		if (c == '"')
			return 0;
		if (c == '\\')
			sc->pos++;	/* escaped; \u's digits are plain */
	}
	sc->pos = sc->len;
	return -1;
}

static int match_word(scanner *sc, const char *w)
{
	size_t n = strlen(w);

	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, w, n) != 0)
		return -1;
	sc->pos += n;
	return 0;
}

static int is_number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	       c == 'e' || c == 'E';
}

/* pos is at the first byte of a value: skip it whole. Containers are
 * skipped by counting depth rather than by recursion; brackets inside
 * strings do not count. Returns -1 on text that ends or is not a value. */
static int skip_value(scanner *sc)
{
	size_t depth = 0;
	char c;

	do {
		skip_ws(sc);
		if (sc->pos >= sc->len)
			return -1;
		c = sc->s[sc->pos];
		if (c == '"') {
			if (skip_string(sc) < 0)
				return -1;
		} else if (c == '{' || c == '[') {
			depth++;
			sc->pos++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return -1;
			depth--;
			sc->pos++;
		} else if (depth > 0 && (c == ',' || c == ':')) {
			sc->pos++;
		} else if (c == 't') {
			if (match_word(sc, "true") < 0)
				return -1;
		} else if (c == 'f') {
			if (match_word(sc, "false") < 0)
				return -1;
		} else if (c == 'n') {
			if (match_word(sc, "null") < 0)
				return -1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			while (is_number_char(peek(sc)))
				sc->pos++;
		} else {
			return -1;
		}
	} while (depth > 0);
	return 0;
}

/* Does a value start at pos? Only the first byte is checked, except for
 * literals, whose word must be whole. Does not move pos. */
static int value_starts(const scanner *sc)
{
	scanner t = *sc;
	char c = peek(sc);

	if (sc->pos >= sc->len)
		return 0;
	if (c == 't')
		return match_word(&t, "true") == 0;
	if (c == 'f')
		return match_word(&t, "false") == 0;
	if (c == 'n')
		return match_word(&t, "null") == 0;
	return c == '{' || c == '[' || c == '"' || c == '-' ||
	       (c >= '0' && c <= '9');
}

/* One step of a path: a key (bytes key[0..klen), with backslash escapes
 * when quoted) or a list index. */
typedef struct step {
	int is_key, quoted;
	const char *key;
	size_t klen;
	unsigned long index;
} step;

/* Parse the step at *pp and advance past it. Returns 1 for a step, 0 at
 * the end of the path, -1 for a malformed path (which then "does not
 * exist" beyond this point). */
static int next_step(const char **pp, step *st)
{
	const char *p = *pp;

	if (*p == '\0')
		return 0;
	if (*p == '.')
		p++;
	memset(st, 0, sizeof *st);
	if (*p == '[' && p[1] == '"') {
		p += 2;
		st->is_key = st->quoted = 1;
		st->key = p;
		while (*p && *p != '"')
			p += (*p == '\\' && p[1]) ? 2 : 1;
		if (p[0] != '"' || p[1] != ']')
			return -1;
		st->klen = (size_t)(p - st->key);
		p += 2;
	} else if (*p == '[') {
		unsigned long i = 0;

		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (i > (~0UL - 9) / 10)
				return -1;	/* no list is that long */
			i = i * 10 + (unsigned long)(*p - '0');
		}
		if (*p != ']')
			return -1;
		p++;
		st->index = i;
	} else {
		st->is_key = 1;
		st->key = p;
		while (*p && *p != '.' && *p != '[')
			p++;
		st->klen = (size_t)(p - st->key);
		if (st->klen == 0)
			return -1;
	}
	*pp = p;
	return 1;
}

/* The next byte of a path key with its backslashes removed. */
static int key_byte(const step *st, size_t *i, unsigned char *b)
{
	if (*i >= st->klen)
		return 0;
	if (st->quoted && st->key[*i] == '\\' && *i + 1 < st->klen)
		(*i)++;
	*b = (unsigned char)st->key[(*i)++];
	return 1;
}

static int hex4(const scanner *sc, size_t at, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (at + 4 > sc->len)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = sc->s[at + i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t utf8(unsigned cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode the next character of a JSON string at pos (past the opening
 * quote) into o. Returns its byte count, 0 at the closing quote (pos then
 * past it), -1 on malformed or unterminated text. */
static int string_char(scanner *sc, unsigned char *o)
{
	char c;
	unsigned cp, lo;

	if (sc->pos >= sc->len)
		return -1;
	c = sc->s[sc->pos++];
	if (c == '"')
		return 0;
	if (c != '\\') {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (sc->pos >= sc->len)
		return -1;
	c = sc->s[sc->pos++];
	switch (c) {
	case 'b': o[0] = '\b'; return 1;
	case 'f': o[0] = '\f'; return 1;
	case 'n': o[0] = '\n'; return 1;
	case 'r': o[0] = '\r'; return 1;
	case 't': o[0] = '\t'; return 1;
	case 'u':
		if (hex4(sc, sc->pos, &cp) < 0)
			return -1;
		sc->pos += 4;
		/* A high surrogate joins the low one after it; an unpaired
		 * one is kept as it is: it can match no sensible key. */
		if (cp >= 0xD800 && cp < 0xDC00 && sc->pos + 6 <= sc->len &&
		    sc->s[sc->pos] == '\\' && sc->s[sc->pos + 1] == 'u' &&
		    hex4(sc, sc->pos + 2, &lo) == 0 &&
		    lo >= 0xDC00 && lo < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			sc->pos += 6;
		}
		return (int)utf8(cp, o);
	default:
		/* \" \\ \/, and any other escape read leniently */
		o[0] = (unsigned char)c;
		return 1;
	}
}

/* pos is at a key's opening quote: move past the string and say whether it
 * equals the step's key. -1 on malformed text. */
static int key_equals(scanner *sc, const step *st)
{
	unsigned char ch[4], b;
	size_t ki = 0;
	int n, i, same = 1;

	sc->pos++;
	while ((n = string_char(sc, ch)) > 0)
		for (i = 0; i < n; i++)
			if (!key_byte(st, &ki, &b) || b != ch[i])
				same = 0;
	if (n < 0)
		return -1;
	return same && ki == st->klen;
}

/* Past the value at sc->pos, to the next member of an object or list that
 * ends with `close`: 1 at the next one (after its comma), 0 at the end,
 * -1 malformed. */
static int next_member(scanner *sc, char close)
{
	if (skip_value(sc) < 0)
		return -1;
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return -1;
	if (peek(sc) == close)
		return 0;
	if (peek(sc) != ',')
		return -1;
	sc->pos++;
	return 1;
}

/* sc->pos is at an object's '{'. Find the first member whose key is the
 * step's key; leave pos at its value and set *keypos. Returns 1 found, 0
 * not there, -1 malformed. */
static int find_member(scanner *sc, const step *st, size_t *keypos)
{
	int eq, r;

	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == '}')
		return 0;
	for (;;) {
		skip_ws(sc);
		if (sc->pos >= sc->len || peek(sc) != '"')
			return -1;
		*keypos = sc->pos;
		if ((eq = key_equals(sc, st)) < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) != ':')
			return -1;
		sc->pos++;
		skip_ws(sc);
		if (!value_starts(sc))
			return -1;
		if (eq)
			return 1;
		if ((r = next_member(sc, '}')) <= 0)
			return r;
	}
}

/* sc->pos is at a list's '['. Leave pos at element `index`. Returns 1
 * found, 0 the list is shorter, -1 malformed. */
static int find_element(scanner *sc, unsigned long index)
{
	unsigned long i;
	int r;

	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == ']')
		return 0;
	for (i = 0;; i++) {
		skip_ws(sc);
		if (!value_starts(sc))
			return -1;
		if (i == index)
			return 1;
		if ((r = next_member(sc, ']')) <= 0)
			return r;
	}
}

long jloc_find(const char *text, size_t len, const char *path, int want_key)
{
	scanner sc = { text, len, 0 };
	size_t cur, keypos = 0;
	const char *p = path ? path : "";
	step st;
	int r;

	if (!text)
		return -1;
	skip_ws(&sc);
	if (!value_starts(&sc))
		return -1;
	cur = sc.pos;
	/* Invariant: cur is the offset of the value at the path so far. */
	while ((r = next_step(&p, &st)) > 0) {
		sc.pos = cur;
		if (st.is_key && peek(&sc) == '{')
			r = find_member(&sc, &st, &keypos);
		else if (!st.is_key && peek(&sc) == '[')
			r = find_element(&sc, st.index);
		else	/* a key in a list, an index in an object */
			r = 0;
		if (r <= 0)
			return (long)cur;
		cur = sc.pos;
		if (want_key && st.is_key && *p == '\0')
			return (long)keypos;
	}
	return (long)cur;
}

void jloc_linecol(const char *text, size_t len, size_t offset, int *line,
		  int *col)
{
	size_t i, start = 0;
	int ln = 1;

	if (!text)
		offset = 0;
	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++)
		if (text[i] == '\n') {
			ln++;
			start = i + 1;
		}
	if (line)
		*line = ln;
	if (col)
		*col = (int)(offset - start + 1);
}

void jloc_line(const char *text, size_t len, size_t offset, char *buf,
	       size_t n)
{
	size_t start, end, k;

	if (!buf || n == 0)
		return;
	buf[0] = '\0';
	if (!text)
		return;
	if (offset > len)
		offset = len;
	start = offset;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	end = offset;
	while (end < len && text[end] != '\n')
		end++;
	if (end > start && text[end - 1] == '\r')
		end--;		/* a CRLF file shows no stray '\r' */
	k = end - start;
	if (k > n - 1)
		k = n - 1;
	memcpy(buf, text + start, k);
	buf[k] = '\0';
}

/* ------------------------------------------------------------------ */
/* Writing paths                                                       */

/* A key that can stand bare in a path; others are written ["key"]. */
static int plain_key(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		      (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return 0;
	return 1;
}

void jloc_path_key(char *buf, size_t cap, size_t *len, const char *k)
{
	size_t o = *len;

	if (plain_key(k)) {
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? "." : "",
				      k);
	} else {
		o += (size_t)snprintf(buf + o, cap - o, "[\"");
		for (; *k && o + 4 < cap; k++) {
			if (*k == '"' || *k == '\\')
				buf[o++] = '\\';
			buf[o++] = *k;
		}
		o += (size_t)snprintf(buf + (o < cap ? o : cap - 1),
				      cap - (o < cap ? o : cap - 1), "\"]");
	}
	*len = o < cap ? o : cap - 1;
	buf[*len] = '\0';
}

void jloc_path_index(char *buf, size_t cap, size_t *len, long i)
{
	size_t o = *len + (size_t)snprintf(buf + *len, cap - *len, "[%ld]", i);

	*len = o < cap ? o : cap - 1;
	buf[*len] = '\0';
}
