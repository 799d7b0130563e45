/*
 * utf8.c: valid UTF-8, control characters and cuts (utf8.h).
 *
 * The decoder follows RFC 3629's table of well-formed sequences (its
 * section 4) rather than decoding first and checking the code point
 * after: each lead byte names the range its second byte may take, which
 * refuses overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates
 * (ED A0..BF) and code points past U+10FFFF (F4 90.., F5..FF) in one
 * comparison, as glibc's and Go's decoders do.
 *
 * Workload: every string of a scenario once, at parse time (kilobytes),
 * and a few bytes when a message is cut.
 */
#include "input/utf8.h"

#include <string.h>

size_t utf8_char(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	unsigned c;
	size_t len, i;

	if (u[0] < 0x80) {
		if (cp)
			*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		c = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (u[0] == 0xED)
			hi = 0x9F;	/* U+D800..DFFF: surrogates */
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (u[0] == 0xF4)
			hi = 0x8F;	/* past U+10FFFF */
	} else {
		return 0;	/* 80..BF continue, C0 C1 F5..FF never */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if (u[i] < lo || u[i] > hi)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	if (cp)
		*cp = c;
	return len;
}

size_t utf8_check(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (!(k = utf8_char(s + i, n - i, NULL)))
			return i;
		i += k;
	}
	return n;
}

int utf8_is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

long utf8_find_control(const char *s, const char *allow, size_t *at)
{
	size_t n = strlen(s), i = 0, k;
	unsigned cp;

	while (i < n) {
		if (!(k = utf8_char(s + i, n - i, &cp))) {
			i++;	/* not for this function to judge */
			continue;
		}
		if (utf8_is_control(cp) &&
		    !(cp < 0x80 && allow && cp && strchr(allow, (int)cp))) {
			if (at)
				*at = i;
			return (long)cp;
		}
		i += k;
	}
	return -1;
}

size_t utf8_cut(const char *s, size_t len, size_t n)
{
	size_t k = n;

	if (n >= len)
		return len;
	/* Back over continuation bytes (at most 3) to the lead byte of the
	 * character that s[n] belongs to. */
	while (k > 0 && n - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	if (k < n && ((unsigned char)s[k] & 0xC0) != 0x80 &&
	    utf8_char(s + k, len - k, NULL) > n - k)
		return k;
	return n;
}
