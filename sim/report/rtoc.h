/*
 * rtoc.h: the five focusing steps for people (a short paragraph per step,
 * in the words of the theory of constraints and of the ML system) and as
 * data (--json).
 */
#ifndef RTOC_H
#define RTOC_H

#include <stdio.h>

#include "run/toc.h"

void rtoc_text(const toc_res *t, const char *file, FILE *f);
void rtoc_json(const toc_res *t, const char *file, FILE *f);

/* What entity e of r is, in the ML system's words: "station detect (on
 * gpu0)", "GPU gpu0 (t4, running detect, recognize)", "link pcie0
 * (pcie3-x16)". */
void rtoc_entity(const res *r, int e, char *buf, size_t n);

/* "stations.label.servers=2" as a person reads it: the path and the value
 * without JSON quotes. */
void rtoc_set_label(const char *set, char *buf, size_t n);

#endif
