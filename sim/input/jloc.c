/*
 * jloc.c: all of herbie's scanning of JSON text, because cJSON keeps no
 * places: the place of a JSON path (jloc_find), of an object's member by
 * its position (jloc_member, for a repeated key), and the first syntax
 * error in text cJSON refused, with what is wrong (jloc_diagnose).
 *
 * This is a scanner, not a parser: it walks the text along one path and
 * skips everything else, so it builds nothing and allocates nothing. In
 * normal use cJSON has already accepted the text and the scan only finds
 * places; on text cJSON rejected it must still be safe, so every read is
 * checked against len (the text need not be NUL-terminated), skipping is
 * iterative (a file of a million '[' cannot overflow the stack), and
 * malformed text ends the walk at the deepest value found so far. Blank
 * is what cJSON skips (any byte <= 32): one rule for every scan here, so
 * that a place is found in whatever text cJSON accepted.
 *
 * Keys are compared after decoding JSON escapes (\", \\, \uXXXX with
 * surrogate pairs, to UTF-8), so "a\u002eb" is the key a.b, and path keys
 * written ["..."] are compared after removing their own backslashes. The
 * first of two equal keys is the one found, as cJSON's getters do; the
 * reader reports duplicates separately, placed by jloc_member.
 *
 * Line and column come from a linear scan. jq keeps a table of line starts
 * because it locates many positions in one text; herbie locates one, when
 * it is about to stop with an error, so a table would cost more than it
 * saves.
 */
#include "input/jloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "input/utf8.h"

typedef struct scanner {
	const char *s;
	size_t len, pos;
} scanner;

/* cJSON's blank: any byte <= 32, not only RFC 8259's four. The text
 * scanned is text cJSON accepted (or, for jloc_diagnose, text it is asked
 * why it refused), so its rule is the one that finds the places. */
static void skip_ws(scanner *sc)
{
	while (sc->pos < sc->len && (unsigned char)sc->s[sc->pos] <= ' ')
		sc->pos++;
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
 * found, 0 the list is shorter, -1 malformed; jloc_find treats the two
 * alike (the path ends at the list), so an empty list needs no case of
 * its own: its ']' is no value's start. */
static int find_element(scanner *sc, unsigned long index)
{
	unsigned long i;
	int r;

	sc->pos++;
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

/* Does a line end at text[i]? "\n", "\r\n" (at its '\n') and a lone
 * "\r" (old Mac files) each end one line. */
static int line_end(const char *text, size_t len, size_t i)
{
	return text[i] == '\n' ||
	       (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'));
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
		if (line_end(text, len, i)) {
			ln++;
			start = i + 1;
		}
	if (line)
		*line = ln;
	if (col)
		*col = (int)(offset - start + 1);
}

size_t jloc_bol(const char *text, size_t len, size_t offset)
{
	size_t start = offset > len ? len : offset;

	while (start > 0 && !line_end(text, len, start - 1))
		start--;
	return start;
}

size_t jloc_eol(const char *text, size_t len, size_t offset)
{
	size_t end = offset > len ? len : offset;

	while (end < len && text[end] != '\n' && text[end] != '\r')
		end++;
	return end;
}

void jloc_line(const char *text, size_t len, size_t offset, char *buf,
	       size_t n)
{
	size_t start, end, k, i, c;

	if (!buf || n == 0)
		return;
	buf[0] = '\0';
	if (!text)
		return;
	if (offset > len)
		offset = len;
	start = jloc_bol(text, len, offset);
	end = jloc_eol(text, len, offset);
	k = end - start;
	if (k > n - 1)
		k = utf8_cut(text + start, end - start, n - 1);
	/* Byte for byte, so that columns still count bytes: what a terminal
	 * would act on or mangle becomes '?', one per byte. */
	for (i = 0; i < k; i += c) {
		unsigned cp = 0;

		c = utf8_char(text + start + i, k - i, &cp);
		if (c == 0 || (utf8_is_control(cp) && cp != '\t')) {
			c = c ? c : 1;
			memset(buf + i, '?', c);
		} else {
			memcpy(buf + i, text + start + i, c);
		}
	}
	buf[k] = '\0';
}

/* ------------------------------------------------------------------ */
/* Members by position                                                 */

long jloc_member(const char *text, size_t len, long off, int member)
{
	scanner sc = { text, len, (size_t)off };
	int i;

	if (!text || off < 0 || sc.pos >= len || text[sc.pos] != '{')
		return off;
	sc.pos++;
	for (i = 0;; i++) {
		skip_ws(&sc);
		if (peek(&sc) != '"' || sc.pos >= len)
			return off;
		if (i == member)
			return (long)sc.pos;
		if (skip_string(&sc) < 0)
			return off;
		skip_ws(&sc);
		if (peek(&sc) != ':')
			return off;
		sc.pos++;
		if (skip_value(&sc) < 0)
			return off;
		skip_ws(&sc);
		if (peek(&sc) != ',')
			return off;
		sc.pos++;
	}
}

/* ------------------------------------------------------------------ */
/* Why cJSON refused the text                                          */

/* cJSON's own nesting limit (CJSON_NESTING_LIMIT). */
#define JLOC_MAX_DEPTH	1000

typedef struct jscan {
	scanner sc;
	char *msg;
	size_t n;
	long off;		/* where the error is */
	long multiline;		/* start of the last string if it held a
				 * newline, else -1 */
} jscan;

__attribute__((format(printf, 3, 4)))
static int jerr(jscan *js, size_t off, const char *fmt, ...)
{
	va_list ap;
	int w = snprintf(js->msg, js->n, "invalid JSON: ");

	va_start(ap, fmt);
	vsnprintf(js->msg + w, js->n - (size_t)w, fmt, ap);
	va_end(ap);
	js->off = (long)off;
	return -1;
}

/* The byte at pos as a person would read it in a message. */
static const char *byte_text(char *buf, size_t n, const jscan *js, size_t pos)
{
	unsigned char c = (unsigned char)js->sc.s[pos];

	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
	return buf;
}

/* The text ran out with depth containers open, the innermost `open`:
 * point just after its last non-blank byte. */
static int jend(jscan *js, int depth, char open)
{
	size_t at = js->sc.len;

	while (at > 0 && (unsigned char)js->sc.s[at - 1] <= ' ')
		at--;
	if (depth <= 1)
		return jerr(js, at, "the text ends before the scenario does "
			    "(a '%c' is missing)", open == '[' ? ']' : '}');
	return jerr(js, at, "the text ends before the scenario does (%d "
		    "brackets are still open; the innermost needs a '%c')",
		    depth, open == '[' ? ']' : '}');
}

/* A string at pos, with cJSON's escapes: \u surrogates must pair. */
static int jstring(jscan *js)
{
	size_t start = js->sc.pos;
	unsigned cp, lo;

	js->multiline = -1;
	for (js->sc.pos++; js->sc.pos < js->sc.len; js->sc.pos++) {
		char c = js->sc.s[js->sc.pos];

		if (c == '\n')
			js->multiline = (long)start;
		if (c == '"') {
			js->sc.pos++;
			return 0;
		}
		if (c != '\\')
			continue;
		if (++js->sc.pos >= js->sc.len)
			break;
		c = js->sc.s[js->sc.pos];
		if (c != 'u') {
			if (!strchr("bfnrt\"\\/", c))
				return jerr(js, js->sc.pos - 1,
					    "unknown escape '\\%c' in a "
					    "string", c);
			continue;
		}
		if (hex4(&js->sc, js->sc.pos + 1, &cp) < 0)
			return jerr(js, js->sc.pos - 1, "\\u needs 4 hex digits");
		js->sc.pos += 4;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return jerr(js, js->sc.pos - 5, "a lone \\u surrogate");
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (js->sc.pos + 6 >= js->sc.len ||
			    js->sc.s[js->sc.pos + 1] != '\\' ||
			    js->sc.s[js->sc.pos + 2] != 'u' ||
			    hex4(&js->sc, js->sc.pos + 3, &lo) < 0 ||
			    lo < 0xDC00 || lo > 0xDFFF)
				return jerr(js, js->sc.pos - 5,
					    "a lone \\u surrogate");
			js->sc.pos += 6;
		}
	}
	return jerr(js, start, "this string has no closing '\"'");
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' ||
	       c == '%' || c == '$';
}

/* A bare word where a value belongs: often a string without quotes. */
static int jword(jscan *js)
{
	size_t end = js->sc.pos;

	while (end < js->sc.len && end - js->sc.pos < 40 && word_char(js->sc.s[end]))
		end++;
	return jerr(js, js->sc.pos, "expected a value, got %.*s (a string "
		    "needs double quotes)", (int)(end - js->sc.pos),
		    js->sc.s + js->sc.pos);
}

/* A number as cJSON reads it (strtod over [0-9+-.eE]): at least one digit.
 * A letter right after it is the common slip of an unquoted quantity. */
static int jnumber(jscan *js)
{
	size_t start = js->sc.pos, digits = 0;

	if (js->sc.s[js->sc.pos] == '-')
		js->sc.pos++;
	while (js->sc.pos < js->sc.len && js->sc.s[js->sc.pos] >= '0' &&
	       js->sc.s[js->sc.pos] <= '9')
		js->sc.pos++, digits++;
	if (js->sc.pos < js->sc.len && js->sc.s[js->sc.pos] == '.')
		for (js->sc.pos++; js->sc.pos < js->sc.len && js->sc.s[js->sc.pos] >= '0' &&
		     js->sc.s[js->sc.pos] <= '9'; js->sc.pos++)
			digits++;
	if (digits == 0)
		return jerr(js, start, "expected a number after '-'");
	if (js->sc.pos + 1 < js->sc.len && (js->sc.s[js->sc.pos] == 'e' ||
				      js->sc.s[js->sc.pos] == 'E')) {
		size_t e = js->sc.pos + 1;

		if (js->sc.s[e] == '+' || js->sc.s[e] == '-')
			e++;
		if (e < js->sc.len && js->sc.s[e] >= '0' && js->sc.s[e] <= '9') {
			while (e < js->sc.len && js->sc.s[e] >= '0' && js->sc.s[e] <= '9')
				e++;
			js->sc.pos = e;
		}
	}
	if (js->sc.pos < js->sc.len && word_char(js->sc.s[js->sc.pos]) &&
	    js->sc.s[js->sc.pos] != '.') {
		size_t end = js->sc.pos;

		while (end < js->sc.len && end - start < 40 &&
		       (word_char(js->sc.s[end]) || js->sc.s[end] == ' '))
			end++;
		while (end > js->sc.pos && js->sc.s[end - 1] == ' ')
			end--;
		return jerr(js, start, "%.*s is not a number (a quantity "
			    "with a unit is a string: \"%.*s\")",
			    (int)(end - start), js->sc.s + start,
			    (int)(end - start), js->sc.s + start);
	}
	return 0;
}

/* One scalar value at pos. */
static int jscalar(jscan *js)
{
	char c = js->sc.s[js->sc.pos], b[16];
	const char *w = c == 't' ? "true" : c == 'f' ? "false" : "null";
	size_t wl = strlen(w);

	if (c == '"')
		return jstring(js);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jnumber(js);
	if ((c == 't' || c == 'f' || c == 'n') && js->sc.len - js->sc.pos >= wl &&
	    memcmp(js->sc.s + js->sc.pos, w, wl) == 0) {
		js->sc.pos += wl;
		return 0;
	}
	if (c == '.')
		return jerr(js, js->sc.pos, "a number needs a digit before its "
			    "'.' (0.5, not .5)");
	if (word_char(c))
		return jword(js);
	if (c == '\'')
		return jerr(js, js->sc.pos, "a string needs double quotes, not "
			    "single ones");
	return jerr(js, js->sc.pos, "expected a value, got %s",
		    byte_text(b, sizeof b, js, js->sc.pos));
}

/* A string that ran on over a line end, then broke the syntax: almost
 * always a missing closing quote, which the message should say (cJSON,
 * unlike RFC 8259, accepts a raw newline inside a string). */
static int unclosed(jscan *js)
{
	return jerr(js, (size_t)js->multiline, "this string runs on past the "
		    "end of its line: is its closing '\"' missing?");
}

/*
 * The first syntax error in the text, the way cJSON reads it (it accepts
 * a little more than RFC 8259: leading zeros, "1.", any byte <= 32 as
 * blank). Iterative, with the open containers in a fixed stack as deep as
 * cJSON allows. -1 with js->msg and js->off, or 0 when it finds nothing.
 */
static int diagnose(jscan *js)
{
	char stack[JLOC_MAX_DEPTH + 1], b[16];
	int depth = 0;
	size_t comma = 0;

	skip_ws(&js->sc);
	if (js->sc.pos >= js->sc.len)
		return jerr(js, 0, "the text is empty");
value:
	skip_ws(&js->sc);
	if (js->sc.pos >= js->sc.len)
		return jend(js, depth, depth ? stack[depth - 1] : '{');
	if (js->sc.s[js->sc.pos] == '{' || js->sc.s[js->sc.pos] == '[') {
		if (depth == JLOC_MAX_DEPTH)
			return jerr(js, js->sc.pos, "nested more than %d levels "
				    "deep",
				    JLOC_MAX_DEPTH);
		stack[depth++] = js->sc.s[js->sc.pos++];
		skip_ws(&js->sc);
		if (js->sc.pos < js->sc.len && js->sc.s[js->sc.pos] ==
		    (stack[depth - 1] == '{' ? '}' : ']')) {
			depth--;
			js->sc.pos++;
			goto after;
		}
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	}
	if (jscalar(js) < 0)
		return -1;
after:
	skip_ws(&js->sc);
	if (depth == 0) {
		if (js->sc.pos < js->sc.len)
			return jerr(js, js->sc.pos,
				    "unexpected text after the scenario");
		return 0;
	}
	if (js->sc.pos >= js->sc.len)
		return jend(js, depth, stack[depth - 1]);
	if (js->sc.s[js->sc.pos] == (stack[depth - 1] == '{' ? '}' : ']')) {
		depth--;
		js->sc.pos++;
		goto after;
	}
	if (js->sc.s[js->sc.pos] != ',' && js->multiline >= 0)
		return unclosed(js);
	if (js->sc.s[js->sc.pos] != ',')
		return jerr(js, js->sc.pos, "expected ',' or '%c' before this "
			    "(is a comma missing?)",
			    stack[depth - 1] == '{' ? '}' : ']');
	comma = js->sc.pos++;
	skip_ws(&js->sc);
	if (js->sc.pos < js->sc.len && js->sc.s[js->sc.pos] ==
	    (stack[depth - 1] == '{' ? '}' : ']'))
		return jerr(js, comma, "a comma before '%c' (JSON allows "
			    "no trailing comma)", js->sc.s[js->sc.pos]);
	if (stack[depth - 1] == '[')
		goto value;
key:
	skip_ws(&js->sc);
	if (js->sc.pos >= js->sc.len)
		return jend(js, depth, '{');
	if (js->sc.s[js->sc.pos] == '\'')
		return jerr(js, js->sc.pos, "a key needs double quotes, not "
			    "single ones");
	if (js->sc.s[js->sc.pos] != '"')
		return jerr(js, js->sc.pos, "expected a key in double quotes, "
			    "got %s", byte_text(b, sizeof b, js, js->sc.pos));
	if (jstring(js) < 0)
		return -1;
	skip_ws(&js->sc);
	if (js->sc.pos >= js->sc.len)
		return jend(js, depth, '{');
	if (js->sc.s[js->sc.pos] != ':' && js->multiline >= 0)
		return unclosed(js);
	if (js->sc.s[js->sc.pos] != ':')
		return jerr(js, js->sc.pos, "expected ':' after the key, got %s",
			    byte_text(b, sizeof b, js, js->sc.pos));
	js->sc.pos++;
	goto value;
}

int jloc_diagnose(const char *text, size_t len, size_t start, char *msg,
		  size_t n, long *off)
{
	jscan js = { { text, len, start }, msg, n, -1, -1 };
	int rc = diagnose(&js);

	*off = js.off;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Strings herbie can hold and print                                   */

/* The string at sc->pos (its opening quote): move past it, or stop at
 * what is wrong with it: -1 with msg and *off. */
static int string_ok(scanner *sc, char *msg, size_t n, long *off)
{
	unsigned cp;
	size_t k;

	for (sc->pos++; sc->pos < sc->len;) {
		unsigned char c = (unsigned char)sc->s[sc->pos];

		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c == '\\') {
			if (sc->pos + 1 < sc->len && sc->s[sc->pos + 1] == 'u' &&
			    hex4(sc, sc->pos + 2, &cp) == 0 && cp == 0) {
				snprintf(msg, n, "a string cannot hold \\u0000 "
					 "(a NUL character ends text in herbie)");
				*off = (long)sc->pos;
				return -1;
			}
			sc->pos += 2;	/* \u's digits are plain bytes */
			continue;
		}
		if (c < 0x80) {
			sc->pos++;
			continue;
		}
		if (!(k = utf8_char(sc->s + sc->pos, sc->len - sc->pos, NULL))) {
			snprintf(msg, n, "invalid UTF-8 (byte 0x%02x): text "
				 "must be UTF-8", c);
			*off = (long)sc->pos;
			return -1;
		}
		sc->pos += k;
	}
	return 0;	/* unterminated: not this check's to report */
}

/* The key at sc->pos, decoded into buf (cut to fit), pos past it. */
static void key_text(scanner *sc, char *buf, size_t n)
{
	unsigned char ch[4];
	size_t o = 0;
	int k;

	sc->pos++;
	while ((k = string_char(sc, ch)) > 0)
		if (o + (size_t)k < n) {
			memcpy(buf + o, ch, (size_t)k);
			o += (size_t)k;
		}
	buf[o] = '\0';
}

int jloc_check_strings(const char *text, size_t len, size_t start,
		       char *path, size_t pcap, char *msg, size_t n,
		       long *off)
{
	scanner sc = { text, len, start };
	char kind[JLOC_MAX_DEPTH + 1], key[256];
	long index[JLOC_MAX_DEPTH + 1];
	size_t mark[JLOC_MAX_DEPTH + 1], plen = 0;
	int depth = 0;

	path[0] = '\0';
value:
	skip_ws(&sc);
	if (sc.pos >= sc.len)
		return 0;
	if (peek(&sc) == '{' || peek(&sc) == '[') {
		if (depth == JLOC_MAX_DEPTH)
			return 0;	/* cJSON refuses deeper */
		kind[depth] = peek(&sc);
		index[depth] = 0;
		mark[depth++] = plen;
		sc.pos++;
		skip_ws(&sc);
		if (peek(&sc) == (kind[depth - 1] == '{' ? '}' : ']')) {
			sc.pos++;
			depth--;
			goto after;
		}
		if (kind[depth - 1] == '{')
			goto key;
		jloc_path_index(path, pcap, &plen, 0);
		goto value;
	}
	if (peek(&sc) == '"') {
		if (string_ok(&sc, msg, n, off) < 0)
			return -1;
	} else if (skip_value(&sc) < 0) {
		return 0;
	}
after:
	skip_ws(&sc);
	if (depth == 0 || sc.pos >= sc.len)
		return 0;
	plen = mark[depth - 1];
	path[plen] = '\0';
	if (peek(&sc) == (kind[depth - 1] == '{' ? '}' : ']')) {
		sc.pos++;
		depth--;
		goto after;
	}
	if (peek(&sc) != ',')
		return 0;
	sc.pos++;
	if (kind[depth - 1] == '[') {
		jloc_path_index(path, pcap, &plen, ++index[depth - 1]);
		goto value;
	}
key:
	skip_ws(&sc);
	if (peek(&sc) != '"')
		return 0;
	{
		scanner k = sc;

		if (string_ok(&k, msg, n, off) < 0)
			return -1;	/* at the object that holds the key */
	}
	key_text(&sc, key, sizeof key);
	jloc_path_key(path, pcap, &plen, key);
	skip_ws(&sc);
	if (peek(&sc) != ':')
		return 0;
	sc.pos++;
	goto value;
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
