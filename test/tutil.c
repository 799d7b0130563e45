/*
 * tutil.c: checks the test suites share (see tutil.h).
 */
#include "tutil.h"

#include <check.h>
#include <math.h>

int tu_near(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fabs(b);
}

int tu_blank(const char *s)
{
	if (!s)
		return 1;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

void tu_check_fig(const char *who, const char *what, cat_fig f)
{
	if (isnan(f.v)) {
		ck_assert_msg(f.source == NULL, "%s.%s: a source without a "
			      "value", who, what);
		return;
	}
	ck_assert_msg(!tu_blank(f.source), "%s.%s has no source", who, what);
	ck_assert_msg(isfinite(f.v) && f.v > 0, "%s.%s = %g", who, what, f.v);
}
