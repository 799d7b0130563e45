/*
 * rtext.h: the results as a table a person reads at a glance: per station
 * its throughput, utilization, the split of its time into working, starved
 * and blocked, mean queue and mean wait; then the line's throughput,
 * latency (mean, p50, p90, p99), work in progress and dropped items. With
 * more than one replication each figure carries its 95% interval.
 */
#ifndef RTEXT_H
#define RTEXT_H

#include <stdio.h>

#include "run/res.h"

void rtext_write(const res *r, FILE *f);

/* mean, and when h > 0 "±h" to two significant digits, as a plain number
 * or a duration: how every figure of herbie's text reports reads. */
void rtext_value(char *buf, size_t n, double mean, double h, int duration);

/* The verdict and the constraint it names, in a few words ("station
 * detect", "the market: ...", "unstable: ...", "deadlock: a -> b -> a"):
 * what `diff`, `toc` and `live` print where `run` prints its sentence. */
void rtext_verdict(char *buf, size_t n, const res *r);

#endif
