/*
 * watch.c: `herbie watch`: rerun a scenario each time its file changes and
 * print the new summary against the last.
 *
 * The file is watched with libev's ev_stat and a change is acted on only
 * once the file has been quiet for WATCH_SETTLE seconds (editors write in
 * several steps: truncate, write, rename). ev_stat compares whole seconds
 * (st_mtime), so a second write within the second of the first, of the
 * same size, goes unseen (ev.pod, "The special problem of stat time
 * resolution"); a recheck WATCH_RECHECK seconds after each run reads the
 * file again. Whether a change is real is decided on the file's bytes, not
 * on its stat data: saving an unchanged file does not rerun.
 *
 * Ctrl-C goes through intr.h's handler, not ev_signal: it must stop a
 * run under way (summ_run's stop flag), when the loop is not running;
 * ev_async_send, which is safe in a signal handler, wakes the loop.
 * SIGINT and SIGTERM end the watch with status 0 whenever they come: they
 * are caught before anything else (the arguments, the file, the first
 * run) and until the process exits, so no moment is left with the
 * default action (exit 130) or a lost signal. A signal before the loop
 * runs only raises the flag, and every step checks it: the first run is
 * not started, a run under way stops, the loop is not entered.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "cli.h"
#include "core/hb.h"
#include "intr.h"
#include "summ.h"

#define WATCH_SETTLE 0.3
#define WATCH_RECHECK 1.02

static const opt_item watch_opts_table[] = {
	CLI_OPT_REPS("run N replications instead of the scenario's"),
	CLI_OPT_SEED("use seed N instead of the scenario's"),
	CLI_OPT_SET("override a field (repeatable)"),
	CLI_OPT("runs", OPT_WHOLE, runs, 0, 1, 1000000, "N",
		"a whole number from 1 to 1000000",
		"stop after N runs, the first included (a run that\n"
		"finds the scenario bad counts); for scripts and tests", 0),
	CLI_OPT_END
};

const opt_cmd cmd_watch_opts = {
	"watch",
	"usage: herbie watch <scenario.json> [options]\n\n"
	"Run the scenario and print a short summary (throughput, latency p50\n"
	"and p99, work in progress, constraint); then watch the file and, about\n"
	"0.3 s after it last changed, run it again and print each figure before\n"
	"and after with the change. A scenario that turns bad prints its error\n"
	"and the watch goes on. Ctrl-C ends it (status 0).\n",
	watch_opts_table,
	"exit status: 0 ended (Ctrl-C or --runs), 2 bad usage or a scenario file\n"
	"that cannot be read, 1 any other failure\n",
	1,
};

typedef struct watch {
	const cli_opts *o;
	struct ev_loop *loop;
	ev_stat st;
	ev_timer settle;	/* WATCH_SETTLE after the last change seen */
	ev_timer recheck;	/* WATCH_RECHECK after a run */
	char *text;		/* the bytes of the last run; NULL: unreadable */
	size_t len;
	summ last;		/* the last good summary */
	int have_last;
	int64_t runs;
	int rc;			/* CLI_FAIL ends the watch */
} watch;

/* What the signal handler wakes: the process has one watch, so these
 * are static; intr_wake brackets their use by the handler. */
static struct ev_loop *wake_loop;
static ev_async wake;

static void send_wake(void)
{
	ev_async_send(wake_loop, &wake);
}

static void on_wake(struct ev_loop *loop, ev_async *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

/* Parse and run text, print the summary; 0, or CLI_FAIL (out of memory). */
static int run_text(watch *w, const char *text, size_t len)
{
	const cli_opts *o = w->o;
	scen *s = NULL;
	summ now;
	diag d;
	int rc;

	w->runs++;
	/* flushed now: a long run shows it is under way (and a test can
	 * wait for it) */
	printf("%s%s: run %lld", o->file, w->runs > 1 ? " changed" : "",
	       (long long)w->runs);
	fflush(stdout);
	diag_clear(&d);
	rc = scen_parse(o->file, text, len, o->sets, o->nsets, &s, &d);
	if (rc == 0)
		rc = summ_run(s, o->reps, o->have_seed, o->seed, intr_flag(),
			      &now, &d);
	scen_free(s);
	if (rc != 0 || *intr_flag()) {
		/* a bad scenario: its place, and the watch goes on */
		printf(": %s\n", *intr_flag() ? "interrupted" : "the scenario is bad");
		if (cli_flush("the summary"))
			return CLI_FAIL;	/* nobody sees it: stop */
		if (rc != 0)
			cli_print_diag(&d);
		return rc && (rc == HB_NOMEM || d.code == HB_NOMEM) ?
		       CLI_FAIL : 0;
	}
	printf(" (%lld replication%s, seed %llu)\n", (long long)now.reps,
	       now.reps == 1 ? "" : "s", (unsigned long long)now.seed);
	summ_print(stdout, &now, w->have_last ? &w->last : NULL);
	if (cli_flush("the summary"))
		return CLI_FAIL;	/* nobody sees it: stop */
	w->last = now;
	w->have_last = 1;
	return 0;
}

/* Has the file changed since the last run? Then run it. saved: a change
 * of the file's stat data brought us here (not the recheck), so a save of
 * the same bytes is answered, not met with silence. */
static void check(watch *w, int saved)
{
	char *text = NULL;
	size_t len = 0;

	if (access(w->o->file, R_OK) != 0) {
		/* gone (an editor's rename under way, or deleted): say so once */
		if (w->text) {
			cli_error(0, "watch: cannot read %s; waiting for it", w->o->file);
			hb_free(w->text);
			w->text = NULL;
		}
		return;
	}
	/* never cli_slurp: the file may have been replaced by a FIFO, whose
	 * open() would wait for a writer, the watch with it */
	if (cli_slurp_regular(w->o->file, &text, &len))
		return;
	if (w->text && len == w->len && !memcmp(text, w->text, len)) {
		if (saved)
			cli_error(0, "watch: %s saved with the same bytes; nothing to rerun",
				  w->o->file);
		hb_free(text);
		return;
	}
	hb_free(w->text);
	w->text = text;
	w->len = len;
	w->rc = run_text(w, text, len);
	if (w->rc || (w->o->runs > 0 && w->runs >= w->o->runs)) {
		ev_break(w->loop, EVBREAK_ALL);
		return;
	}
	ev_timer_stop(w->loop, &w->recheck);	/* set wants it stopped */
	ev_timer_set(&w->recheck, WATCH_RECHECK, 0);
	ev_timer_start(w->loop, &w->recheck);
}

static void on_stat(struct ev_loop *loop, ev_stat *st, int revents)
{
	watch *w = st->data;

	(void)revents;
	ev_timer_again(loop, &w->settle);	/* wait for quiet */
}

static void on_timer(struct ev_loop *loop, ev_timer *t, int revents)
{
	watch *w = t->data;

	(void)revents;
	ev_timer_stop(loop, t);	/* settle repeats: once quiet, once run */
	check(w, t == &w->settle);
}

static void watch_loop(watch *w)
{
	ev_stat_init(&w->st, on_stat, w->o->file, 0.);
	w->st.data = w;
	ev_timer_init(&w->settle, on_timer, 0., WATCH_SETTLE);
	w->settle.data = w;
	ev_timer_init(&w->recheck, on_timer, WATCH_RECHECK, 0.);
	w->recheck.data = w;
	ev_async_init(&wake, on_wake);
	ev_async_start(w->loop, &wake);
	wake_loop = w->loop;
	intr_wake(send_wake);
	/* watch first: a change while the first run runs is seen. From here
	 * a signal also wakes the loop: one that comes after the test of
	 * the flag below and before ev_run leaves the async pending, and
	 * the loop's first iteration breaks. */
	ev_stat_start(w->loop, &w->st);
	if (!*intr_flag())
		check(w, 0);
	if (!w->rc && !*intr_flag() && !(w->o->runs > 0 && w->runs >= w->o->runs)) {
		cli_error(0, "watching %s for changes (Ctrl-C ends)", w->o->file);
		ev_run(w->loop, 0);
	}
	intr_wake(NULL);
	ev_stat_stop(w->loop, &w->st);
	ev_timer_stop(w->loop, &w->settle);
	ev_timer_stop(w->loop, &w->recheck);
	ev_async_stop(w->loop, &wake);
}

int cmd_watch(int argc, char **argv)
{
	cli_opts o;
	watch w = { 0 };
	char *text;
	size_t len;
	int rc;

	/* first of all (intr.h); libev's own waits see EINTR anyway */
	intr_catch(0);
	rc = cli_parse(argc, argv, &cmd_watch_opts, &o);
	/* a file that cannot be read at the start is a usage error */
	if (rc || (rc = cli_slurp_regular(o.file, &text, &len)))
		goto out;
	hb_free(text);
	w.o = &o;
	if (!(w.loop = ev_default_loop(0))) {
		rc = cli_error(CLI_FAIL, "watch: cannot start libev's loop");
		goto out;
	}
	watch_loop(&w);
	ev_loop_destroy(w.loop);
	hb_free(w.text);
	rc = w.rc;
out:
	cli_opts_free(&o);
	return rc;
}
