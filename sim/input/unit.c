/*
 * unit.c: quantities with units (spec: "Values with units").
 *
 * A quantity string is exactly <number><spaces?><unit>: no space before the
 * number, none after the unit, and the unit spelled as in the tables below
 * (case-sensitive, so "MB" is bytes and "Mb" is bits). The number is
 * scanned here against a fixed decimal grammar first and only then handed
 * to strtod, for two reasons: strtod alone would accept "nan", "inf" and
 * hex floats, and it reads the decimal point of the current locale. herbie
 * never calls setlocale, so the C locale holds; the scan keeps a comma from
 * ever being a decimal point even if an embedder changes that.
 *
 * Each unit scales by mul / div rather than by one factor so that the
 * common cases are a single correctly rounded operation: "8ms" is 8 / 1000,
 * which is the same double as the literal 0.008, where 8 * 0.001 need not
 * be.
 *
 * Workload: a few hundred calls while reading a scenario; nothing here is
 * on the engine's path.
 */
#include "input/unit.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct unit_def {
	const char *name;
	double mul, div;	/* base units = number * mul / div */
} unit_def;

/* Each table lists its units from small to large; unit_format picks from
 * the first `nshow` entries only (the decimal ones: we print "1.2GB", never
 * "1.118GiB"). */
static const unit_def duration_units[] = {
	{ "ns", 1, 1e9 }, { "us", 1, 1e6 }, { "ms", 1, 1e3 },
	{ "s", 1, 1 }, { "min", 60, 1 }, { "h", 3600, 1 },
};

static const unit_def size_units[] = {
	{ "B", 1, 1 }, { "KB", 1e3, 1 }, { "MB", 1e6, 1 },
	{ "GB", 1e9, 1 }, { "TB", 1e12, 1 },
	{ "KiB", 1024.0, 1 }, { "MiB", 1048576.0, 1 },
	{ "GiB", 1073741824.0, 1 }, { "TiB", 1099511627776.0, 1 },
};

static const unit_def bandwidth_units[] = {
	{ "B/s", 1, 1 }, { "KB/s", 1e3, 1 }, { "MB/s", 1e6, 1 },
	{ "GB/s", 1e9, 1 }, { "TB/s", 1e12, 1 },
	{ "KiB/s", 1024.0, 1 }, { "MiB/s", 1048576.0, 1 },
	{ "GiB/s", 1073741824.0, 1 }, { "TiB/s", 1099511627776.0, 1 },
	{ "Kb/s", 1e3, 8 }, { "Mb/s", 1e6, 8 }, { "Gb/s", 1e9, 8 },
	{ "Tb/s", 1e12, 8 },
};

/* Listed /h first so that unit_format, which wants the largest number that
 * stays readable, can treat all tables alike: the scale grows left to
 * right (1/3600 < 1/60 < 1). */
static const unit_def rate_units[] = {
	{ "/h", 1, 3600 }, { "/min", 1, 60 }, { "/s", 1, 1 },
};

/* The empty name is what lets a count, and only a count, go bare. G is
 * read (FLOP counts: "6.8G") but not printed: counts print with B, as
 * parameter counts are written ("7B"). */
static const unit_def count_units[] = {
	{ "", 1, 1 }, { "K", 1e3, 1 }, { "M", 1e6, 1 }, { "B", 1e9, 1 },
	{ "T", 1e12, 1 }, { "G", 1e9, 1 },
};

typedef struct unit_table {
	const char *noun, *list;
	const unit_def *units;
	int n, nshow;
} unit_table;

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const unit_table tables[] = {
	[UNIT_DURATION] = { "a duration", "ns us ms s min h",
			    duration_units, NELEM(duration_units), 6 },
	[UNIT_SIZE] = { "a size", "B KB MB GB TB KiB MiB GiB TiB",
			size_units, NELEM(size_units), 5 },
	[UNIT_BANDWIDTH] = { "a bandwidth",
			     "B/s KB/s MB/s GB/s TB/s KiB/s MiB/s GiB/s TiB/s "
			     "Kb/s Mb/s Gb/s Tb/s",
			     bandwidth_units, NELEM(bandwidth_units), 5 },
	[UNIT_RATE] = { "a rate", "/s /min /h",
			rate_units, NELEM(rate_units), 3 },
	[UNIT_COUNT] = { "a count", "K M G B T",
			 count_units, NELEM(count_units), 5 },
};

static const unit_table *table_of(unit_kind k)
{
	if ((unsigned)k >= sizeof tables / sizeof tables[0])
		return NULL;
	return &tables[k];
}

const char *unit_noun(unit_kind k)
{
	const unit_table *t = table_of(k);

	return t ? t->noun : "a quantity";
}

const char *unit_list(unit_kind k)
{
	const unit_table *t = table_of(k);

	return t ? t->list : "";
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the longest prefix of s that is a decimal number:
 * [+-] (digits [. digits?] | . digits) [(e|E) [+-] digits]. 0: none.
 * An exponent marker without digits is left for the unit to reject. */
static size_t scan_number(const char *s)
{
	size_t i = 0, mant = 0, e;

	if (s[i] == '+' || s[i] == '-')
		i++;
	while (is_digit(s[i]))
		i++, mant++;
	if (s[i] == '.') {
		i++;
		while (is_digit(s[i]))
			i++, mant++;
	}
	if (mant == 0)
		return 0;
	if (s[i] == 'e' || s[i] == 'E') {
		e = i + 1;
		if (s[e] == '+' || s[e] == '-')
			e++;
		if (is_digit(s[e])) {
			while (is_digit(s[e]))
				e++;
			i = e;
		}
	}
	return i;
}

/* strtod on the first len bytes of s, which scan_number has checked. The
 * copy swaps '.' for the locale's decimal point (as cJSON does), so the
 * value does not depend on the locale. Longer numbers than the buffer are
 * not quantities anyone writes; they fail. */
static int to_double(const char *s, size_t len, double *out)
{
	char buf[128];
	const char *dp = localeconv()->decimal_point;
	size_t i, o = 0, dpl = dp && *dp ? strlen(dp) : 1;
	char *end;

	for (i = 0; i < len; i++) {
		if (o + dpl + 1 > sizeof buf)
			return -1;
		if (s[i] == '.' && dp && *dp) {
			memcpy(buf + o, dp, dpl);
			o += dpl;
		} else {
			buf[o++] = s[i];
		}
	}
	buf[o] = '\0';
	*out = strtod(buf, &end);
	if (end != buf + o)
		return -1;
	return 0;
}

static int not_a(const unit_table *t, char *err, size_t errlen)
{
	if (err && errlen)
		snprintf(err, errlen, "is not %s (units: %s)", t->noun,
			 t->list);
	return -1;
}

int unit_parse(unit_kind k, const char *s, double *out, char *err,
	       size_t errlen)
{
	const unit_table *t = table_of(k);
	size_t nlen;
	const char *u;
	double v;
	int i;

	if (!t) {
		if (err && errlen)
			snprintf(err, errlen, "has an unknown kind of unit");
		return -1;
	}
	if (!s || (nlen = scan_number(s)) == 0)
		return not_a(t, err, errlen);
	u = s + nlen;
	while (*u == ' ')
		u++;
	if (*u == '\0' && u != s + nlen)
		return not_a(t, err, errlen);	/* "8 ": no unit */
	for (i = 0; i < t->n; i++)
		if (strcmp(u, t->units[i].name) == 0)
			break;
	if (i == t->n)
		return not_a(t, err, errlen);
	if (to_double(s, nlen, &v) < 0)
		return not_a(t, err, errlen);
	v = v * t->units[i].mul / t->units[i].div;
	if (!isfinite(v)) {
		if (err && errlen)
			snprintf(err, errlen, "is out of range for %s",
				 t->noun);
		return -1;
	}
	*out = v;
	return 0;
}

/* x rounded to the 4 significant digits that unit_format prints. */
static double round4(double x)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.4g", x);
	return strtod(buf, NULL);
}

/* Make a printed number locale-proof: with a comma locale, %g writes ','. */
static void fix_point(char *s)
{
	for (; *s; s++)
		if (*s == ',')
			*s = '.';
}

void unit_format(unit_kind k, double v, char *buf, size_t n)
{
	const unit_table *t = table_of(k);
	const unit_def *best;
	int i;

	if (!buf || n == 0)
		return;
	if (!t) {
		snprintf(buf, n, "%.4g", v);
		fix_point(buf);
		return;
	}
	/* The base unit for 0 ("0s", not "0ns") and for inf and NaN. The base
	 * unit is the entry with scale 1. */
	for (i = 0; i < t->nshow; i++)
		if (t->units[i].mul == 1 && t->units[i].div == 1)
			break;
	best = &t->units[i];
	if (v != 0 && isfinite(v)) {
		/* The largest unit in which the printed number is still >= 1:
		 * it keeps the number in [1, 1000) where the table allows,
		 * and rounding first makes 0.99999 s print as "1s", not
		 * "1000ms". Below the smallest unit the smallest one stays. */
		best = &t->units[0];
		for (i = t->nshow - 1; i >= 0; i--) {
			const unit_def *d = &t->units[i];

			if (fabs(round4(v * d->div / d->mul)) >= 1) {
				best = d;
				break;
			}
		}
	}
	snprintf(buf, n, "%.4g%s", v * best->div / best->mul, best->name);
	fix_point(buf);
}
