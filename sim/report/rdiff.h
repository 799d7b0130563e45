/*
 * rdiff.h: herbie diff's report: for each figure of the line and of the
 * stations both lines have, its value before and after with their 95%
 * intervals, and the change with the interval of the paired differences,
 * marked when significant. Stations are paired by name; one only a line
 * has is shown as removed (only before) or added (only after), with its
 * figures on that side: in the text, a section marked so after its name;
 * in the JSON, "stations" keeps the pairs and "stations_removed" and
 * "stations_added" hold the others.
 */
#ifndef RDIFF_H
#define RDIFF_H

#include <stdio.h>

#include "run/diff.h"

void rdiff_text(const diff_res *r, const char *before, const char *after,
		FILE *f);
void rdiff_json(const diff_res *r, const char *before, const char *after,
		FILE *f);

#endif
