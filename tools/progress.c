/*
 * progress.c: the progress line. The library calls prog_update every
 * RUN_PROGRESS_EVENTS events or so; the wall clock is read here, and the
 * line drawn only when PROG_EVERY has passed (the first time only after
 * PROG_AFTER: a short run shows nothing).
 */
#include "progress.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "run/run.h"

#define PROG_AFTER 0.5
#define PROG_EVERY 0.25

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void prog_clock(char *buf, size_t n, simtime t)
{
	double s = st_to_s(t);

	if (s >= 60) {
		long long whole = (long long)(s / 60);

		snprintf(buf, n, "%lld:%02lld:%04.1f", whole / 60, whole % 60,
			 s - 60.0 * (double)whole);
	} else if (s >= 1) {
		snprintf(buf, n, "%.3fs", s);
	} else if (s >= 1e-3) {
		snprintf(buf, n, "%.3fms", s * 1e3);
	} else {
		snprintf(buf, n, "%.3fus", s * 1e6);
	}
}

/* Wall seconds as people say them: 42s, 3min 5s, 2h 10min. */
static void span(char *buf, size_t n, double s)
{
	long long x = (long long)(s + 0.5);

	if (x < 60)
		snprintf(buf, n, "%llds", x);
	else if (x < 3600)
		snprintf(buf, n, "%lldmin %llds", x / 60, x % 60);
	else
		snprintf(buf, n, "%lldh %lldmin", x / 3600, x % 3600 / 60);
}

/* The replication's end in simulated time, when it is known. */
static simtime end_of(const scen *s, int pilot)
{
	const scen_run *r = &s->run;

	if (r->duration <= 0)
		return 0;
	if (pilot || r->warm == WARM_NONE)
		return r->duration;
	return r->warm == WARM_TIME ? r->warm_time + r->duration : 0;
}

static int columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

void prog_start(prog *p, const scen *s)
{
	p->s = s;
	p->t0 = wall();
	p->t_draw = 0;
	p->ev_draw = 0;
	p->shown = 0;
}

void prog_update(void *ctx, const run_progress *rp)
{
	prog *p = ctx;
	double now = wall(), el = now - p->t0, dt;
	char msg[256], a[32], b[32], left[48] = "";
	simtime end = end_of(p->s, rp->pilot);
	int n;

	if (el < PROG_AFTER || (p->t_draw > 0 && now - p->t_draw < PROG_EVERY))
		return;
	dt = p->t_draw > 0 ? now - p->t_draw : el;
	prog_clock(a, sizeof a, rp->now);
	prog_clock(b, sizeof b, end);
	if (rp->total > 0 && rp->total < 1) {
		char t[24];

		span(t, sizeof t, el * (1 - rp->total) / rp->total);
		snprintf(left, sizeof left, ", about %s left", t);
	}
	if (rp->pilot)
		n = snprintf(msg, sizeof msg, "pilot for the warm-up");
	else
		n = snprintf(msg, sizeof msg, "replication %lld of %lld",
			     (long long)rp->rep + 1, (long long)rp->reps);
	n += snprintf(msg + n, sizeof msg - (size_t)n, ", sim %s", a);
	if (end > 0)
		n += snprintf(msg + n, sizeof msg - (size_t)n, " of %s", b);
	else if (rp->done >= 0)
		n += snprintf(msg + n, sizeof msg - (size_t)n, " (%.0f%%)",
			      100 * rp->done);
	snprintf(msg + n, sizeof msg - (size_t)n, ", %.3g M events/s%s",
		 dt > 0 ? (double)(rp->events - p->ev_draw) / dt * 1e-6 : 0.0,
		 left);
	/* one screen line, or \r could not take it back */
	fprintf(stderr, "\r%.*s\033[K", columns() - 1, msg);
	fflush(stderr);
	p->t_draw = now;
	p->ev_draw = rp->events;
	p->shown = 1;
}

void prog_end(prog *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
