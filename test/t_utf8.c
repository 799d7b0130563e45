/*
 * t_utf8.c: valid UTF-8, control characters and cuts (suite `utf8`).
 *
 * Oracle for utf8_char: a decoder written the other way round, from the
 * bit patterns (the length from the lead byte's high bits, each
 * continuation 10xxxxxx, then the code point checked: not overlong for
 * its length, no surrogate, at most U+10FFFF), where utf8_char works
 * from RFC 3629's table of byte ranges. They must agree on every
 * sequence of one to three bytes, and on every four-byte one whose last
 * two bytes are taken from the edges of their ranges.
 */
#include <check.h>
#include <string.h>

#include "input/utf8.h"

Suite *utf8_suite(void);

/* The oracle: the length of the character at s[0..n), or 0. */
static size_t ref_char(const unsigned char *s, size_t n, unsigned *cp)
{
	static const unsigned least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	unsigned c;

	if ((s[0] & 0x80) == 0)
		len = 1, c = s[0];
	else if ((s[0] & 0xE0) == 0xC0)
		len = 2, c = s[0] & 0x1Fu;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3, c = s[0] & 0x0Fu;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4, c = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < least[len] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

static void agree(const unsigned char *s, size_t n)
{
	unsigned a = 0, b = 0;
	size_t x = utf8_char((const char *)s, n, &a), y = ref_char(s, n, &b);

	ck_assert_msg(x == y && (x == 0 || a == b),
		      "%02x %02x %02x %02x (n %zu): utf8_char %zu U+%04X, "
		      "oracle %zu U+%04X", s[0], n > 1 ? s[1] : 0,
		      n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, n, x, a, y, b);
}

START_TEST(every_short_sequence_agrees_with_the_oracle)
{
	unsigned char s[4];

	for (unsigned v = 0; v < (1u << 24); v++) {
		s[0] = (unsigned char)(v >> 16);
		s[1] = (unsigned char)(v >> 8);
		s[2] = (unsigned char)v;
		if ((v & 0xFFFF) == 0)
			agree(s, 1);
		if ((v & 0xFF) == 0)
			agree(s, 2);
		agree(s, 3);
	}
}
END_TEST

START_TEST(four_byte_sequences_agree_with_the_oracle)
{
	static const unsigned char edge[] = {
		0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF
	};
	unsigned char s[4];

	for (unsigned a = 0xF0; a <= 0xFF; a++)
		for (unsigned b = 0; b < 256; b++)
			for (size_t i = 0; i < sizeof edge; i++)
				for (size_t j = 0; j < sizeof edge; j++) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = edge[i];
					s[3] = edge[j];
					agree(s, 4);
					agree(s, 3);	/* cut short */
				}
}
END_TEST

START_TEST(the_first_byte_that_is_not_utf8_is_found)
{
	static const struct { const char *s; size_t at; } c[] = {
		{ "plain", 5 }, { "caf\xc3\xa9", 5 }, { "a\xff", 1 },
		{ "\xc0\xaf", 0 },		/* overlong '/' */
		{ "ab\xed\xa0\x80", 2 },	/* a surrogate */
		{ "\xf4\x90\x80\x80", 0 },	/* past U+10FFFF */
		{ "\xe2\x82", 0 },		/* cut short */
		{ "\xf0\x9f\x98\x80!", 5 },	/* an emoji */
		{ "\x80", 0 },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		ck_assert_uint_eq(utf8_check(c[i].s, strlen(c[i].s)), c[i].at);
}
END_TEST

START_TEST(control_characters_are_c0_del_and_c1)
{
	size_t at = 99;

	ck_assert(utf8_is_control(0) && utf8_is_control(0x1F));
	ck_assert(utf8_is_control(0x7F) && utf8_is_control(0x80) &&
		  utf8_is_control(0x9F));
	ck_assert(!utf8_is_control(' ') && !utf8_is_control(0xA0) &&
		  !utf8_is_control(0xE9));
	ck_assert_int_eq(utf8_find_control("plain caf\xc3\xa9", "", &at), -1);
	ck_assert_int_eq(utf8_find_control("a\x1b[31m", NULL, &at), 0x1B);
	ck_assert_uint_eq(at, 1);
	ck_assert_int_eq(utf8_find_control("ab\xc2\x9b", "", &at), 0x9B);
	ck_assert_uint_eq(at, 2);
	ck_assert_int_eq(utf8_find_control("x\x7f", "", &at), 0x7F);
	/* free text: line breaks and tabs, nothing else */
	ck_assert_int_eq(utf8_find_control("one\ntwo\tthree", "\n\t", &at), -1);
	ck_assert_int_eq(utf8_find_control("one\ntwo\r", "\n\t", &at), '\r');
	ck_assert_uint_eq(at, 7);
}
END_TEST

/* Every cut of a text of one- to four-byte characters ends between two
 * characters, as late as it can. */
START_TEST(a_cut_never_splits_a_character)
{
	static const char t[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
	static const size_t bounds[] = { 0, 1, 3, 6, 10, 11 };
	size_t len = strlen(t);

	for (size_t n = 0; n <= len + 1; n++) {
		size_t k = utf8_cut(t, len, n), want = 0;

		for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
			if (bounds[i] <= n)
				want = bounds[i];
		ck_assert_msg(k == want, "cut at %zu: %zu, want %zu", n, k, want);
		ck_assert_uint_eq(utf8_check(t, k), k);
	}
	/* bytes that are not UTF-8 are cut where asked */
	ck_assert_uint_eq(utf8_cut("ab\x80\x80\x80\x80", 6, 4), 4);
}
END_TEST

Suite *utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_short_sequence_agrees_with_the_oracle);
	tcase_add_test(tc, four_byte_sequences_agree_with_the_oracle);
	tcase_add_test(tc, the_first_byte_that_is_not_utf8_is_found);
	tcase_add_test(tc, control_characters_are_c0_del_and_c1);
	tcase_add_test(tc, a_cut_never_splits_a_character);
	suite_add_tcase(s, tc);
	return s;
}
