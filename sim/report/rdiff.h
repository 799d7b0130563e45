/*
 * rdiff.h: herbie diff's report: for each figure of the line and of the
 * stations both lines have, its value before and after with their 95%
 * intervals, and the change with the interval of the paired differences,
 * marked when significant.
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
