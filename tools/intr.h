/*
 * intr.h: Ctrl-C (SIGINT) and SIGTERM for every command, one flag and
 * one handler: a signal only raises the flag, and what stops is the
 * command's business (run_opts.stop, tl_collect_stop, trace_write read
 * the flag; watch and live wake their loop).
 *
 * Once caught, the signals stay caught until the process exits: putting
 * the old action back (the default: exit 130) would leave a moment, while
 * the results or the last words are written, where a Ctrl-C kills the
 * process halfway through its output. So the commands that document
 * Ctrl-C (run, toc, watch, live) catch them first of all, before their
 * arguments are read, and a signal at any moment after the start is
 * handled as they say: run and toc keep what was measured, watch and live
 * end with status 0.
 */
#ifndef INTR_H
#define INTR_H

#include <signal.h>

/* Catch SIGINT and SIGTERM (with hangup, SIGHUP too: live's terminal
 * closed) from now on, and unblock them: a mask inherited through exec
 * would keep the handler from ever running, and a signal pending since
 * then runs it now. An ignored SIGINT (sh's background jobs) is caught
 * too: the commands promise that a kill -INT stops them. Writes restart
 * after the handler (SA_RESTART): stdio must not drop output on EINTR.
 * Calling it again changes nothing but may add SIGHUP. */
void intr_catch(int hangup);

/* For the signals that end the process by default and are not ignored
 * (SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
 * SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF), call cleanup (async-signal-safe)
 * and then die of the signal as before, the status a shell expects (130,
 * 143, ...): what git's sigchain does for its lock files. herbie's main
 * sets it first of all with ofile_remove_temps, so that no temporary
 * output file survives a signal; intr_catch then takes SIGINT and SIGTERM
 * (and SIGHUP) over for the commands that document them. */
void intr_cleanup(void (*cleanup)(void));

/* Non-zero once a caught signal came; never lowered. */
volatile sig_atomic_t *intr_flag(void);

/* wake is called from the handler after the flag rises (so it must be
 * async-signal-safe, as libev's ev_async_send is), and at once when the
 * flag rose already; NULL stops the calls. For an event loop that must
 * stop when a signal comes while it waits. */
void intr_wake(void (*wake)(void));

#endif
