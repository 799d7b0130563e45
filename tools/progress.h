/*
 * progress.h: the progress line of a long run, on stderr: replication k
 * of n, the simulated time reached and the total, events per second and
 * the time left, redrawn in place about four times a second and erased at
 * the end. The caller decides whether stderr is a terminal.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/simtime.h"
#include "scenario/scen.h"

typedef struct prog {
	const scen *s;
	double t0;		/* wall clock at the start, s */
	double t_draw;		/* ... at the last drawing; 0: none yet */
	uint64_t ev_draw;	/* events at the last drawing */
	int shown;		/* a line is on the screen */
} prog;

void prog_start(prog *p, const scen *s);

/* run_opts.progress, with p as its ctx. */
struct run_progress;
void prog_update(void *p, const struct run_progress *rp);

/* Erase the line, if one was drawn. */
void prog_end(prog *p);

/* Simulated time as a clock: 1:05:00.0 from a minute on, else 12.345s,
 * 3.200ms, 41.000us. */
void prog_clock(char *buf, size_t n, simtime t);

#endif
