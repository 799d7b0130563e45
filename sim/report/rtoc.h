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

/* Step k's paragraph for focusing step `which` (1 identify, 2 exploit, 3
 * subordinate, 5 repeat: "" when the chain ends at k) into buf, as plain
 * text (the HTML report escapes it). */
void rtoc_paragraph(const toc_res *t, int k, int which, char *buf, size_t n);

/* Why the chain stopped, and step st's link in it ("label", "(market)"). */
const char *rtoc_stop_words(const toc_res *t);
const char *rtoc_chain_name(const toc_step *st);

/* Dollars: "-" when unknown (NAN), two decimals, or two significant
 * digits below a cent. */
void rtoc_money(char *buf, size_t n, double v);

/* The cost per 1000 units at c $/h and x units/s; NAN when unknown. */
double rtoc_per_1000(double c, double x);

/* What entity e of r is, in the ML system's words: "station detect (on
 * gpu0)", "GPU gpu0 (t4, running detect, recognize)", "link pcie0
 * (pcie3-x16)". */
void rtoc_entity(const res *r, int e, char *buf, size_t n);

/* "stations.label.servers=2" as a person reads it: the path and the value
 * without JSON quotes. */
void rtoc_set_label(const char *set, char *buf, size_t n);

#endif
