/*
 * names.c: names in messages (names.h).
 *
 * Workload: only on the way to an error message, over lists of at most a
 * few thousand names; the distance is a full table per candidate, which
 * at 33 x 33 costs less than the message's formatting.
 */
#include "input/names.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "input/utf8.h"

#define LONGEST	32	/* longer names get no suggestion */

int names_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int dp[LONGEST + 1][LONGEST + 1];

	if (la > LONGEST || lb > LONGEST)
		return 99;
	for (i = 0; i <= la; i++)
		dp[i][0] = i;
	for (j = 0; j <= lb; j++)
		dp[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int c = dp[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (dp[i - 1][j] + 1 < c)
				c = dp[i - 1][j] + 1;
			if (dp[i][j - 1] + 1 < c)
				c = dp[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && dp[i - 2][j - 2] + 1 < c)
				c = dp[i - 2][j - 2] + 1;
			dp[i][j] = c;
		}
	return dp[la][lb];
}

void names_near_init(names_near *nn, const char *typed)
{
	nn->typed = typed;
	nn->len = (int)strlen(typed);
	nn->best = NULL;
	nn->d = 3;		/* more than 2 edits is not a typo */
}

void names_near_add(names_near *nn, const char *cand)
{
	int d = names_distance(nn->typed, cand);

	if (d < nn->d && d < nn->len) {
		nn->d = d;
		nn->best = cand;
	}
}

const char *names_near_best(const names_near *nn)
{
	return nn->best;
}

const char *names_closest(const char *typed, const char *const *cand, int n)
{
	names_near nn;

	names_near_init(&nn, typed);
	for (int i = 0; i < n; i++)
		names_near_add(&nn, cand[i]);
	return names_near_best(&nn);
}

const char *names_hint(char *buf, size_t n, const char *typed,
		       const char *const *cand, int ncand)
{
	const char *c = names_closest(typed, cand, ncand);
	char q[96];

	buf[0] = '\0';
	if (c)
		snprintf(buf, n, "; did you mean %s?",
			 names_quote(q, sizeof q, c));
	return buf;
}

const char *names_quote(char *buf, size_t n, const char *s)
{
	size_t o = 0, i = 0, len = strlen(s), k;
	unsigned cp = 0;

	buf[o++] = '"';
	/* Whole characters only, so that a cut never splits one. */
	while (i < len && o + 8 < n) {
		unsigned char c = (unsigned char)s[i];

		if (i >= 60) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		k = utf8_char(s + i, len - i, &cp);
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (k == 0 || cp < 0x20 || cp == 0x7f) {
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
		} else if (utf8_is_control(cp)) {
			o += (size_t)snprintf(buf + o, n - o, "\\u%04x", cp);
		} else if (o + k + 5 < n) {
			memcpy(buf + o, s + i, k);
			o += k;
		} else {
			break;
		}
		i += k ? k : 1;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

const char *names_join(char *buf, size_t n, const char *sep,
		       const char *const *names, int count, int max)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < count && o + 1 < n; i++) {
		if (max > 0 && i == max) {
			snprintf(buf + o, n - o, "%s...", sep);
			break;
		}
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? sep : "",
				      names[i]);
	}
	return buf;
}

int names_count(const char *const *names)
{
	int n = 0;

	while (names[n])
		n++;
	return n;
}

int names_index(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

const char *names_type(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsArray(v))
		return "a list";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	return "null";
}
