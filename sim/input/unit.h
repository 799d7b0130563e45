/*
 * unit.h: quantities with units (spec: "Values with units").
 *
 * Strings like "8ms", "1.5 s", "600KB", "400Gb/s", "300/s", "7B". A bare
 * JSON number is already in SI base units and does not come here. Numbers
 * are decimal (C locale, never the user's), optionally signed, with an
 * optional exponent; spaces may stand between number and unit.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stddef.h>

typedef enum unit_kind {
	UNIT_DURATION,		/* seconds:   ns us ms s min h */
	UNIT_SIZE,		/* bytes:     B KB MB GB TB (1000^n) KiB MiB GiB TiB */
	UNIT_BANDWIDTH,		/* bytes/s:   B/s KB/s MB/s GB/s TB/s, bits Kb/s Mb/s Gb/s Tb/s */
	UNIT_RATE,		/* per second: N/s N/min N/h */
	UNIT_COUNT,		/* plain:     K M G B T (1e3 1e6 1e9 1e9 1e12), e.g. "7B", "6.8G" */
} unit_kind;

/* Parse s as a quantity of kind k into base units. Returns 0, or -1 with
 * err set to the reason after the quoted value, e.g.
 * `is not a duration (units: ns us ms s min h)`. Rejects NaN, infinities
 * and trailing garbage. Sign is not checked here. */
int unit_parse(unit_kind k, const char *s, double *out, char *err,
	       size_t errlen);

const char *unit_noun(unit_kind k);	/* "a duration", "a size", ... */
const char *unit_list(unit_kind k);	/* "ns us ms s min h", ... */

/* Print v (base units) the way a person reads it: "8ms", "1.2 GB/s". */
void unit_format(unit_kind k, double v, char *buf, size_t n);

#endif
