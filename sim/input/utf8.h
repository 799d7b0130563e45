/*
 * utf8.h: what herbie accepts as text and how it cuts it. Every string a
 * scenario or a catalog gives herbie is printed again (tables, --json,
 * reports, messages), so it must be valid UTF-8 (RFC 3629) and, where it
 * is a name or a unit, free of control characters; cutting text for a
 * message must not split a character. One copy of those rules for the
 * JSON readers (jloc, jrd), the --set reader and the writers.
 *
 * Nothing here allocates or keeps state; no function reads past n.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 character that starts s[0..n),
 * with its code point in *cp (cp may be NULL); 0 when the bytes there are
 * not one: a stray continuation byte, an overlong form, a surrogate,
 * beyond U+10FFFF, or cut short by n. n must be > 0. */
size_t utf8_char(const char *s, size_t n, unsigned *cp);

/* The offset of the first byte of s[0..n) that does not start a valid
 * character, or n when all of it is valid UTF-8. */
size_t utf8_check(const char *s, size_t n);

/* A control character: C0 (U+0000 to U+001F), DEL (U+007F) or C1
 * (U+0080 to U+009F), the code points a terminal may act on. */
int utf8_is_control(unsigned cp);

/* The first control character of the valid UTF-8 string s that is not
 * one of the bytes in allow ("" or NULL: none is allowed; "\n\t": line
 * breaks and tabs are): its code point, and its offset in *at; -1 when
 * there is none. */
long utf8_find_control(const char *s, const char *allow, size_t *at);

/* The length of the longest prefix of s[0..n) that does not end inside
 * a character: n, or less when s[n] continues a character that starts
 * before n. s must hold at least n bytes; s[n] is read only when it
 * exists (n < len). */
size_t utf8_cut(const char *s, size_t len, size_t n);

#endif
