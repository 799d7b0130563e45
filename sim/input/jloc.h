/*
 * jloc.h: positions in JSON text, which cJSON does not keep, and why
 * cJSON refused a text: every scan of JSON text in herbie is here.
 *
 * A semantic error knows its JSON path; jloc_find re-scans the text along
 * that path to find the byte offset (jq's locfile idea). Line and column
 * come from the offset only when an error needs them.
 *
 * Paths: keys joined by '.', list elements as [i]: "stations[1].service".
 * A key with characters other than [A-Za-z0-9_-] is written ["key"].
 */
#ifndef JLOC_H
#define JLOC_H

#include <stddef.h>

/* Byte offset in text of the value at path ("" is the whole document). If
 * want_key and the path ends in an object key, the offset of that key's
 * opening quote instead. If the path does not exist, the offset of the
 * deepest part that does (the enclosing object or list). -1 only when the
 * text is not JSON at all. Never reads past len. */
long jloc_find(const char *text, size_t len, const char *path, int want_key);

/* Offset of the key of member number `member` (0-based, in document
 * order) of the object whose '{' is at off: the place of a repeated key,
 * which jloc_find cannot tell from the first. off itself when there is no
 * object there or no such member. */
long jloc_member(const char *text, size_t len, long off, int member);

/* Why cJSON refused text: the first syntax error, scanning from byte
 * start (past a BOM) the way cJSON 1.7 reads JSON. Returns -1 with msg
 * ("invalid JSON: " and what is wrong, n bytes at most) and *off (where),
 * or 0 when it finds nothing wrong (the caller falls back on cJSON's own
 * end offset). Never reads past len. */
int jloc_diagnose(const char *text, size_t len, size_t start, char *msg,
		  size_t n, long *off);

/* The first string, key or value, that herbie could not hold or print,
 * scanning from byte start text that cJSON accepted: bytes that are not
 * UTF-8 (utf8.h), or a \u0000 (cJSON would cut the string there: "a\u0000x"
 * would be read as "a"). -1 with msg (n bytes at most), *off (the bad
 * byte, or the backslash of \u0000) and path (pcap bytes: the string's
 * JSON path, or for a key the path of its object); 0 when every string is
 * sound. Never reads past len. */
int jloc_check_strings(const char *text, size_t len, size_t start,
		       char *path, size_t pcap, char *msg, size_t n,
		       long *off);

/* 1-based line and column (in bytes) of offset. Lines end at "\n",
 * "\r\n" or a lone "\r". */
void jloc_linecol(const char *text, size_t len, size_t offset, int *line,
		  int *col);

/* The offset where the line holding offset starts, and where it ends
 * (its "\n" or "\r", or len): line ends as jloc_linecol counts them. */
size_t jloc_bol(const char *text, size_t len, size_t offset);
size_t jloc_eol(const char *text, size_t len, size_t offset);

/* Copy the line holding offset into buf, without its line end, cut (to
 * fit n) only between characters. Byte for byte, so that columns still
 * count bytes: tabs are kept, and each byte of a control character or of
 * bytes that are not UTF-8 is shown as '?' (a terminal must never be
 * handed a raw CR or escape). */
void jloc_line(const char *text, size_t len, size_t offset, char *buf,
	       size_t n);

/* Append key k, or list index i, to the path in buf (length *len,
 * capacity cap) in this form: .key, or ["key"] with '"' and '\' escaped,
 * or [i]. An over-long path is cut, never overrun. */
void jloc_path_key(char *buf, size_t cap, size_t *len, const char *k);
void jloc_path_index(char *buf, size_t cap, size_t *len, long i);

#endif
