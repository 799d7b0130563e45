/*
 * live.c: `herbie live`: one replication played in the terminal at a
 * chosen speed (simulated seconds per wall second).
 *
 * The run owns the replication (run.h): live opens a runner for
 * replication 0 (no pilot) and steps it with run_until, reading the line
 * for each frame and the runner's results at the end.
 *
 * libev drives it. A repeating ev_timer paces the line: each tick runs it
 * with run_until up to where the wall clock says it should be
 * (speed x the wall time since the pace was last set, never a sum of
 * ticks, so it does not drift), then redraws from a snapshot. A tick may
 * spend LIVE_BUDGET of its interval simulating; a line too dense for the
 * chosen speed falls behind, says so, and is repaced from where it got
 * (the keys stay live). The budget is enforced inside run_until too: one
 * call cannot be cut between clock checks, and a line that is sparse for
 * a while and then bursts (a rework loop of a million passes) made one
 * call run for seconds, a --for 3 last 5.6 s. So a one-shot SIGALRM at
 * the budget raises the runner's stop flag, which the line reads every
 * few thousand events (line_stop_flag: stopped while the flag is up, free
 * to go on once it is down); the tick then ends where the line got.
 * Checking ev_time() from a sink instead was rejected: the sinks see
 * replication 0's items, not its events, and a burst of rework is one
 * item. ev_io reads the keys, ev_signal handles SIGWINCH
 * (redraw at the new size).
 *
 * SIGINT, SIGTERM and SIGHUP end live with status 0 whenever they come:
 * intr.h catches them first of all (before the arguments and the scenario
 * are read) and until the process exits; its handler wakes the loop
 * through an ev_async, sent at once when one came before the loop runs,
 * so that the loop's first iteration stops. A Ctrl-C during the last
 * words only raises the flag, and is not fatal.
 *
 * The screen is drawn with ANSI escapes, no curses: the alternate screen,
 * the cursor hidden, each frame built in one buffer and written at once
 * (no flicker). The terminal is put back (termios, the main screen, the
 * cursor) on every way out. When stdout is not a terminal there are no
 * escapes and no keys: one status line per second.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

#include <ev.h>

#include "cli.h"
#include "core/hb.h"
#include "intr.h"
#include "line/line.h"
#include "progress.h"
#include "run/run.h"
#include "summ.h"

#define LIVE_TICK_TTY 0.1	/* s between frames */
#define LIVE_TICK_PLAIN 1.0	/* s between status lines */
#define LIVE_BUDGET 0.7		/* share of a tick the simulation may use */
#define LIVE_RING 16		/* ticks behind "recent" throughput */
#define LIVE_SPEED_MIN 1e-9
#define LIVE_SPEED_MAX 1e12
#define LIVE_BOX 20		/* a station box's inner width */
#define LIVE_BAR 10		/* its buffer bar's width */
#define LIVE_MARKS 12		/* servers drawn one mark each up to this */

typedef struct live {
	const scen *s;
	runner *u;		/* the run of replication 0 it plays */
	const line *ln;		/* its line, read for each frame */
	line_snap sn;
	struct ev_loop *loop;
	ev_timer tick, limit;
	ev_io key;
	ev_signal winch;
	ev_async intr;		/* sent by intr.h's handler */
	double speed;
	int tty, keys, paused, ended, behind;
	int clear;		/* the next frame clears the screen first */
	const char *why;	/* how it stopped, when not at the end */
	double wall0;		/* pacing: the clock was at sim0 at wall0 */
	simtime sim0, horizon;	/* horizon: the line has run up to here */
	simtime total;		/* the replication's end when known; 0 */
	simtime step;		/* simulated time run between clock checks */
	double deadline;	/* ev_time() when --for ends; 0 none */
	int rows, cols;
	struct termios saved;	/* the terminal as we found it */
	int raw;
	double ring_t[LIVE_RING], ring_u[LIVE_RING];
	int ring_n, ring_i;
	int64_t *qmax;		/* per station: the longest queue seen */
	char *fb;		/* the frame under construction */
	size_t fb_len, fb_cap;
	int row, col;		/* where the frame's text has got to */
	int rc;
} live;

/* ---- the options ---- */

static const opt_item live_opts_table[] = {
	CLI_OPT("speed", OPT_REAL, speed, 0, 0, 1e12, "S",
		"simulated seconds per wall second, a number above 0",
		"simulated seconds per wall second (default: the\n"
		"slowest station serves an item in a quarter second)", 0),
	CLI_OPT("for", OPT_REAL, for_s, 0, 0, 1e6, "S",
		"wall seconds, a number above 0 and at most 1e6",
		"stop after S wall seconds (default: at the end of\n"
		"the replication)", 0),
	CLI_OPT_SEED("use seed N instead of the scenario's"),
	CLI_OPT_SET("override a field (repeatable)"),
	CLI_OPT_END
};

const opt_cmd cmd_live_opts = {
	"live",
	"usage: herbie live <scenario.json> [options]\n\n"
	"Play one replication of the line in the terminal at a chosen speed:\n"
	"stations as boxes in line order, their buffers as bars filling and\n"
	"emptying, each server working (#), blocked (B), waiting for its device\n"
	"(w) or idle (.), the current constraint (the station whose active\n"
	"period under way is the longest) highlighted, and the running\n"
	"throughput, work in progress and simulated time. At the end it prints\n"
	"the replication's measured figures (those of 'herbie run --reps 1'; with\n"
	"warm-up \"auto\" it runs no pilot and measures from time 0).\n"
	"When stdout is not a terminal it prints one status line a second\n"
	"instead.\n\n"
	"keys: space pause/resume, + faster (x2), - slower (/2), q quit\n",
	live_opts_table,
	"exit status: 0 played (to the end, or stopped by q, --for, Ctrl-C),\n"
	"2 bad usage or bad scenario, 1 any other failure\n",
	1,
};

/* ---- the frame: text that never runs past the screen's edge ---- */

static int fb_reserve(live *l, size_t n)
{
	char *nb;
	size_t cap;

	if (l->fb_len + n <= l->fb_cap)
		return 0;
	cap = (l->fb_len + n) * 2 + 4096;
	if (!(nb = hb_realloc(l->fb, cap)))
		return -1;
	l->fb = nb;
	l->fb_cap = cap;
	return 0;
}

/* Escapes: no width. */
static void esc(live *l, const char *s)
{
	size_t n = strlen(s);

	if (l->row >= l->rows || fb_reserve(l, n) < 0)
		return;
	memcpy(l->fb + l->fb_len, s, n);
	l->fb_len += n;
}

/* Visible text, cut at the last column but one (writing the last one of
 * the last row would scroll the screen). */
static void txt(live *l, const char *s)
{
	size_t n = strlen(s);

	if (l->row >= l->rows)
		return;
	if ((int)n > l->cols - 1 - l->col)
		n = l->cols - 1 - l->col > 0 ? (size_t)(l->cols - 1 - l->col) : 0;
	if (!n || fb_reserve(l, n) < 0)
		return;
	memcpy(l->fb + l->fb_len, s, n);
	l->fb_len += n;
	l->col += (int)n;
}

static void txtf(live *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void txtf(live *l, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	txt(l, buf);
}

static void nl(live *l)
{
	if (l->row >= l->rows)
		return;
	esc(l, "\033[0m\033[K");
	l->row++;
	l->col = 0;
	if (l->row < l->rows)
		esc(l, "\r\n");
}

static void flush_frame(live *l)
{
	size_t off = 0;

	while (off < l->fb_len) {
		ssize_t n = write(STDOUT_FILENO, l->fb + off, l->fb_len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	l->fb_len = 0;
}

/* ---- figures ---- */

static const char *unit_of(const scen *s)
{
	return s->nsources > 0 ? s->sources[0].unit : "items";
}

/* The station whose active period under way is the longest, or -1. */
static int constraint_now(const live *l)
{
	int best = -1;

	for (int i = 0; i < l->s->nstations; i++) {
		simtime a = l->sn.st[i].active_since;

		if (a >= 0 && (best < 0 || a < l->sn.st[best].active_since))
			best = i;
	}
	return best;
}

static double thr_since_0(const live *l)
{
	return l->horizon > 0 ? l->sn.units / st_to_s(l->horizon) : 0;
}

/* Throughput over the last LIVE_RING ticks of simulated time; -1 when
 * too little has passed. */
static double thr_recent(const live *l)
{
	int old = l->ring_n < LIVE_RING ? 0 : l->ring_i;
	int last = (l->ring_i + LIVE_RING - 1) % LIVE_RING;
	double dt;

	if (l->ring_n < 2)
		return -1;
	dt = l->ring_t[last] - l->ring_t[old];
	return dt > 0 ? (l->ring_u[last] - l->ring_u[old]) / dt : -1;
}

static void remember(live *l)
{
	l->ring_t[l->ring_i] = st_to_s(l->horizon);
	l->ring_u[l->ring_i] = l->sn.units;
	l->ring_i = (l->ring_i + 1) % LIVE_RING;
	if (l->ring_n < LIVE_RING)
		l->ring_n++;
}

/* ---- drawing ---- */

static void header(live *l, int c)
{
	char now[32], tot[32];
	double rec = thr_recent(l);

	prog_clock(now, sizeof now, l->horizon);
	prog_clock(tot, sizeof tot, l->total);
	esc(l, "\033[1m");
	txtf(l, "herbie live: %s", l->s->name);
	esc(l, "\033[0m");
	txtf(l, "   sim %s", now);
	if (l->total > 0)
		txtf(l, " of %s", tot);
	txtf(l, "   speed x%g   ", l->speed);
	esc(l, l->ended ? "\033[1;32m" : l->paused ? "\033[1;33m" : "\033[1m");
	txt(l, l->ended ? "ENDED" : l->paused ? "PAUSED" : "RUNNING");
	esc(l, "\033[0m");
	if (l->behind && !l->paused && !l->ended) {
		esc(l, "\033[31m");
		txt(l, "   behind: this speed is more than the machine can simulate");
	}
	nl(l);
	txtf(l, "throughput %.4g %s/s since 0", thr_since_0(l), unit_of(l->s));
	if (rec >= 0)
		txtf(l, " (recent %.4g)", rec);
	txtf(l, "   wip %lld   entered %lld   left %lld   dropped %lld",
	     (long long)l->sn.wip, (long long)l->sn.entered,
	     (long long)l->sn.left, (long long)l->sn.dropped);
	nl(l);
	txt(l, "constraint now: ");
	if (c < 0) {
		txt(l, "none (no station is active)");
	} else {
		prog_clock(now, sizeof now, l->horizon - l->sn.st[c].active_since);
		esc(l, "\033[1;7m");
		txtf(l, " %s ", l->s->stations[c].name);
		esc(l, "\033[0m");
		txtf(l, " active for %s, the longest active period under way", now);
	}
	nl(l);
	nl(l);
}

/* One server mark a server, colored by state, then busy/servers. */
static void servers_line(live *l, const line_snap_stn *ss)
{
	int64_t idle = ss->servers - ss->working - ss->blocked - ss->waiting;
	int start = l->col;

	if (ss->servers <= LIVE_MARKS) {
		static const struct { const char *color, *mark; } m[4] = {
			{ "\033[32m", "#" }, { "\033[33m", "w" },
			{ "\033[31m", "B" }, { "\033[2m", "." },
		};
		int64_t n[4] = { ss->working, ss->waiting, ss->blocked, idle };

		for (int k = 0; k < 4; k++) {
			esc(l, m[k].color);
			for (int64_t j = 0; j < n[k]; j++)
				txt(l, m[k].mark);
			esc(l, "\033[0m");
		}
		txtf(l, " %lld/%lld", (long long)(ss->servers - idle),
		     (long long)ss->servers);
	} else {
		txtf(l, "#%lld w%lld B%lld .%lld", (long long)ss->working,
		     (long long)ss->waiting, (long long)ss->blocked,
		     (long long)idle);
	}
	txtf(l, "%*s", LIVE_BOX - (l->col - start) > 0 ?
	     LIVE_BOX - (l->col - start) : 0, "");
}

/* The buffer as a bar: full at its capacity, or for an unbounded one at
 * the longest queue seen so far. */
static void buffer_line(live *l, int i, const line_snap_stn *ss)
{
	int64_t cap = l->s->stations[i].capacity;
	int64_t scale = cap > 0 ? cap : l->qmax[i] > 0 ? l->qmax[i] : 1;
	int fill = (int)((ss->queue * LIVE_BAR + scale - 1) / scale);
	char num[32], bar[LIVE_BAR + 1];

	if (fill > LIVE_BAR)
		fill = LIVE_BAR;
	memset(bar, '=', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(LIVE_BAR - fill));
	bar[LIVE_BAR] = 0;
	if (cap > 0)
		snprintf(num, sizeof num, "%lld/%lld", (long long)ss->queue,
			 (long long)cap);
	else if (cap < 0)
		snprintf(num, sizeof num, "%lld", (long long)ss->queue);
	else
		snprintf(num, sizeof num, "no buffer");
	txt(l, "[");
	esc(l, "\033[36m");
	txt(l, bar);
	esc(l, "\033[0m");
	txtf(l, "] %-*.*s", LIVE_BOX - LIVE_BAR - 3, LIVE_BOX - LIVE_BAR - 3, num);
}

/* Line k (0..4) of station i's box. */
static void box_line(live *l, int i, int k, int is_c)
{
	const char *edge = is_c ? "*" : "+", *side = is_c ? "*" : "|";
	char name[LIVE_BOX + 1];

	if (is_c)
		esc(l, "\033[1;35m");
	if (k == 0 || k == 4) {
		txt(l, edge);
		for (int j = 0; j < LIVE_BOX; j++)
			txt(l, is_c ? "=" : "-");
		txt(l, edge);
		esc(l, "\033[0m");
		return;
	}
	txt(l, side);
	esc(l, "\033[0m");
	if (k == 1) {
		const char *tag = is_c ? " CONSTRAINT" : "";
		int room = LIVE_BOX - (int)strlen(tag);

		snprintf(name, sizeof name, "%-*.*s", room, room,
			 l->s->stations[i].name);
		esc(l, "\033[1m");
		txt(l, name);
		esc(l, is_c ? "\033[1;35m" : "\033[0m");
		txt(l, tag);
		esc(l, "\033[0m");
	} else if (k == 2) {
		servers_line(l, &l->sn.st[i]);
	} else {
		buffer_line(l, i, &l->sn.st[i]);
	}
	if (is_c)
		esc(l, "\033[1;35m");
	txt(l, side);
	esc(l, "\033[0m");
}

static void boxes(live *l, int c)
{
	int n = l->s->nstations;
	int per = (l->cols - 1 + 4) / (LIVE_BOX + 2 + 4);

	if (per < 1)
		per = 1;
	for (int first = 0; first < n; first += per) {
		int last = first + per < n ? first + per : n;

		if (l->row + 6 > l->rows - 3) {
			txtf(l, "(%d more station%s: enlarge the terminal)",
			     n - first, n - first == 1 ? "" : "s");
			nl(l);
			return;
		}
		for (int k = 0; k < 5; k++) {
			for (int i = first; i < last; i++) {
				if (i > first)
					txt(l, k == 2 ? " -> " : "    ");
				box_line(l, i, k, i == c);
			}
			if (k == 2 && last < n)
				txt(l, " ->");
			nl(l);
		}
		nl(l);
	}
}

static void legend(live *l)
{
	esc(l, "\033[2m");
	txt(l, "servers: # working  w waiting for its device  B blocked  . idle"
	       "   [==  ] buffer");
	nl(l);
	esc(l, "\033[2m");
	txt(l, "keys: space pause/resume   + faster   - slower   q quit");
	nl(l);
}

static void draw(live *l)
{
	int c;

	line_snapshot(l->ln, &l->sn);
	for (int i = 0; i < l->s->nstations; i++)
		if (l->sn.st[i].queue > l->qmax[i])
			l->qmax[i] = l->sn.st[i].queue;
	c = constraint_now(l);
	l->row = l->col = 0;
	l->fb_len = 0;
	esc(l, l->clear ? "\033[H\033[2J" : "\033[H");
	l->clear = 0;
	header(l, c);
	boxes(l, c);
	legend(l);
	esc(l, "\033[0m\033[J");
	flush_frame(l);
}

/* Not a terminal: one line, no escapes. */
static void status(live *l)
{
	char now[32];
	int c;

	line_snapshot(l->ln, &l->sn);
	c = constraint_now(l);
	prog_clock(now, sizeof now, l->horizon);
	printf("sim %s  throughput %.4g %s/s  wip %lld  constraint %s\n", now,
	       thr_since_0(l), unit_of(l->s), (long long)l->sn.wip,
	       c < 0 ? "none" : l->s->stations[c].name);
	fflush(stdout);
}

/* ---- pacing ---- */

/* Raised by SIGALRM when a tick's budget is spent: the runner's stop
 * flag, which makes run_until return within a few thousand events. */
static volatile sig_atomic_t out_of_budget;

static void on_alarm(int sig)
{
	(void)sig;
	out_of_budget = 1;
}

/* Arm the budget's alarm (s > 0), or disarm it (0) and lower the flag. */
static void budget_alarm(double s)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	if (s > 0) {
		it.it_value.tv_sec = (time_t)s;
		it.it_value.tv_usec = (suseconds_t)((s - (double)(time_t)s) * 1e6);
		if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
			it.it_value.tv_usec = 1;
	}
	setitimer(ITIMER_REAL, &it, NULL);
	if (s <= 0)
		out_of_budget = 0;
}

/* From here on, the clock runs at speed from where it is. */
static void repace(live *l)
{
	l->wall0 = ev_time();
	l->sim0 = l->horizon;
}

/* Run the line up to where the wall clock says it should be, in steps of
 * simulated time that double while they are cheap and halve when they are
 * not (kept from tick to tick), so that however dense the line a tick
 * overruns its budget by little. */
static void advance(live *l)
{
	double want = (double)l->sim0 + l->speed * (ev_time() - l->wall0) * 1e9;
	double t0 = ev_time(), budget;
	simtime target = want >= 4e18 ? ST_MAX / 2 : (simtime)want;

	budget = LIVE_BUDGET * (l->tty ? LIVE_TICK_TTY : LIVE_TICK_PLAIN);
	l->behind = 0;
	/* a tick due with --for's end spends nothing past it */
	if (l->deadline > 0 && t0 + budget > l->deadline)
		budget = l->deadline - t0;
	if (target <= l->horizon || budget <= 0)
		return;
	budget_alarm(budget);
	while (l->horizon < target) {
		simtime t = target - l->horizon > l->step ? l->horizon + l->step : target;
		double s0 = ev_time(), took;
		int rc = run_until(l->u, t);

		if (rc < 0) {
			l->rc = cli_error(CLI_FAIL, "live: out of memory");
			l->ended = 1;
			break;
		}
		if (rc == 1) {
			l->ended = 1;
			l->horizon = line_now(l->ln);
			break;
		}
		if (line_stopped(l->ln)) {
			/* the alarm: the budget is spent inside this call */
			l->horizon = line_now(l->ln);
			if (l->step > 1)
				l->step /= 2;
			l->behind = 1;
			repace(l);
			break;
		}
		l->horizon = t;
		took = ev_time() - s0;
		if (took < budget / 8 && l->step < ST_MAX / 4)
			l->step *= 2;
		else if (took > budget / 4 && l->step > 1)
			l->step /= 2;
		if (ev_time() - t0 > budget) {
			l->behind = 1;
			repace(l);
			break;
		}
	}
	budget_alarm(0);
}

static void show(live *l)
{
	if (l->tty)
		draw(l);
	else
		status(l);
}

static void on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	live *l = w->data;

	(void)revents;
	if (!l->paused && !l->ended) {
		advance(l);
		line_snapshot(l->ln, &l->sn);
		remember(l);
	}
	if (l->ended) {
		if (l->tty)
			draw(l);
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	show(l);
}

static void stop(live *l, const char *why)
{
	l->why = why;
	ev_break(l->loop, EVBREAK_ALL);
}

static void on_limit(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	stop(w->data, "--for elapsed");
}

static void on_key(struct ev_loop *loop, ev_io *w, int revents)
{
	live *l = w->data;
	char buf[64];
	ssize_t n = read(STDIN_FILENO, buf, sizeof buf);

	(void)revents;
	if (n <= 0) {
		if (n == 0 || errno != EINTR)
			ev_io_stop(loop, w);	/* stdin closed: no more keys */
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		switch (buf[i]) {
		case ' ':
			l->paused = !l->paused;
			repace(l);
			break;
		case '+': case '=':
			if (l->speed * 2 <= LIVE_SPEED_MAX)
				l->speed *= 2;
			repace(l);
			break;
		case '-': case '_':
			if (l->speed / 2 >= LIVE_SPEED_MIN)
				l->speed /= 2;
			repace(l);
			break;
		case 'q': case 'Q':
			stop(l, "quit");
			return;
		}
	}
	draw(l);
}

static void screen_size(live *l)
{
	struct winsize ws;

	l->rows = 24;
	l->cols = 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
		l->rows = ws.ws_row;
		l->cols = ws.ws_col;
	}
}

static void on_winch(struct ev_loop *loop, ev_signal *w, int revents)
{
	live *l = w->data;

	(void)loop;
	(void)revents;
	screen_size(l);
	l->clear = 1;	/* what the old size left behind */
	draw(l);
}

static void on_intr(struct ev_loop *loop, ev_async *w, int revents)
{
	(void)loop;
	(void)revents;
	stop(w->data, "interrupted");
}

/* What intr.h's handler wakes: one live a process. */
static live *wake_live;

static void send_wake(void)
{
	ev_async_send(wake_live->loop, &wake_live->intr);
}

/* ---- the terminal ---- */

static void term_enter(live *l)
{
	static const char enter[] = "\033[?1049h\033[?25l\033[2J";

	if (l->keys && tcgetattr(STDIN_FILENO, &l->saved) == 0) {
		struct termios raw = l->saved;

		/* keys one at a time, unechoed; Ctrl-C still signals, and
		 * Ctrl-Z is off (it would stop us with the terminal raw) */
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		raw.c_cc[VSUSP] = _POSIX_VDISABLE;
		l->raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	if (write(STDOUT_FILENO, enter, sizeof enter - 1) < 0)
		l->rc = CLI_FAIL;
}

static void term_leave(live *l)
{
	static const char leave[] = "\033[0m\033[?25h\033[?1049l";

	if (write(STDOUT_FILENO, leave, sizeof leave - 1) < 0)
		l->rc = CLI_FAIL;
	if (l->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &l->saved);
	l->raw = 0;
}

/* ---- the command ---- */

/* Default speed: the slowest station serves one item in a quarter of a
 * wall second, slow enough to follow, fast enough to see the buffers
 * move. 1 when no station says how long it takes. */
static double default_speed(const scen *s)
{
	double pace = 0;

	for (int i = 0; i < s->nstations; i++) {
		const scen_station *st = &s->stations[i];
		double t = st->kind == SCEN_STN_PERIODIC ? st_to_s(st->period) :
			   st->has_service ? dist_mean(&st->service) /
					     (double)st->servers : 0;

		if (t > pace)
			pace = t;
	}
	return pace > 0 ? pace / 0.25 : 1;
}

/* The replication's end, when the scenario fixes it in time. */
static simtime known_end(const scen *s)
{
	if (s->run.duration <= 0)
		return 0;
	return s->run.duration + (s->run.warm == WARM_TIME ? s->run.warm_time : 0);
}

/* Last words on stdout: at the end the measured window's figures (those
 * of `herbie run --reps 1`), else where it stopped. */
static int final_words(live *l)
{
	char now[32], tot[32];
	summ sm;

	prog_clock(now, sizeof now, l->horizon);
	if (!l->ended || l->rc) {
		int c;

		line_snapshot(l->ln, &l->sn);
		c = constraint_now(l);
		prog_clock(tot, sizeof tot, l->total);
		printf("%s: stopped at %s%s%s (%s): throughput %.4g %s/s since 0, wip %lld, constraint now %s\n",
		       l->s->name, now, l->total ? " of " : "",
		       l->total ? tot : "", l->why ? l->why : "failed",
		       thr_since_0(l), unit_of(l->s), (long long)l->sn.wip,
		       c < 0 ? "none" : l->s->stations[c].name);
		return 0;
	}
	run_end(l->u);
	summ_res(&sm, run_res(l->u));
	printf("%s: replication 0 ended at %s, measured: ", l->s->name, now);
	summ_line(stdout, &sm);
	return 0;
}

static void watchers(live *l, double for_s)
{
	ev_timer_init(&l->tick, on_tick, 0., l->tty ? LIVE_TICK_TTY : LIVE_TICK_PLAIN);
	l->tick.data = l;
	ev_timer_again(l->loop, &l->tick);
	if (for_s > 0) {
		l->deadline = ev_time() + for_s;
		ev_timer_init(&l->limit, on_limit, for_s, 0.);
		l->limit.data = l;
		ev_timer_start(l->loop, &l->limit);
	}
	if (l->keys) {
		ev_io_init(&l->key, on_key, STDIN_FILENO, EV_READ);
		l->key.data = l;
		ev_io_start(l->loop, &l->key);
	}
	ev_async_init(&l->intr, on_intr);
	l->intr.data = l;
	ev_async_start(l->loop, &l->intr);
	ev_signal_init(&l->winch, on_winch, SIGWINCH);
	l->winch.data = l;
	if (l->tty)
		ev_signal_start(l->loop, &l->winch);
}

static void play(live *l, const cli_opts *o)
{
	watchers(l, o->for_s);
	if (l->tty) {
		term_enter(l);
		draw(l);
	}
	repace(l);
	/* a signal that came already is sent now, and read by the loop's
	 * first iteration */
	wake_live = l;
	intr_wake(send_wake);
	ev_run(l->loop, 0);
	intr_wake(NULL);
	if (l->tty)
		term_leave(l);
	ev_timer_stop(l->loop, &l->tick);
	ev_timer_stop(l->loop, &l->limit);
	ev_io_stop(l->loop, &l->key);
	ev_signal_stop(l->loop, &l->winch);
	ev_async_stop(l->loop, &l->intr);
}

int cmd_live(int argc, char **argv)
{
	cli_opts o;
	live l = { 0 };
	scen *s = NULL;
	run_opts ro = { .reps = 1, .no_pilot = 1, .stop = &out_of_budget };
	struct sigaction sa;
	diag d;
	int rc;

	/* first of all: see the file's header */
	intr_catch(1);
	rc = cli_parse(argc, argv, &cmd_live_opts, &o);
	if (rc || (rc = cli_load(&o, &s)))
		goto out;
	l.s = s;
	ro.have_seed = o.have_seed;
	ro.seed = o.seed;
	diag_clear(&d);
	/* warm-up "auto" would need a pilot run: live measures from 0 */
	if ((rc = run_open(s, &ro, &l.u, &d)) != RUN_OK) {
		cli_print_diag(&d);
		rc = cli_exit(rc);
		goto out;
	}
	l.ln = run_line(l.u);
	if (line_snap_new(&l.sn, s) < 0 ||
	    !(l.qmax = hb_calloc((size_t)s->nstations + 1, sizeof *l.qmax)) ||
	    run_next(l.u) < 0) {
		rc = cli_error(CLI_FAIL, "live: out of memory");
		goto out;
	}
	if (!(l.loop = ev_default_loop(0))) {
		rc = cli_error(CLI_FAIL, "live: cannot start libev's loop");
		goto out;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	l.speed = o.speed > 0 ? o.speed : default_speed(s);
	l.step = ST_MS;
	l.total = known_end(s);
	l.tty = isatty(STDOUT_FILENO);
	l.keys = l.tty && isatty(STDIN_FILENO);
	screen_size(&l);
	play(&l, &o);
	ev_loop_destroy(l.loop);
	rc = l.rc;
	if (final_words(&l) && !rc)
		rc = CLI_FAIL;
	if (cli_flush("to stdout"))
		rc = CLI_FAIL;
out:
	hb_free(l.fb);
	hb_free(l.qmax);
	line_snap_free(&l.sn);
	run_close(l.u);
	scen_free(s);
	cli_opts_free(&o);
	return rc;
}
