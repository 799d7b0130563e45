/*
 * intr.c: the one SIGINT/SIGTERM handler (intr.h).
 *
 * The handler's state is static: a process has one set of signal
 * dispositions, so there is nothing to pass. The wake hook is a pointer,
 * which is not sig_atomic_t: the handler reads it only while wake_armed
 * is set, and it is written only while wake_armed is clear.
 */
#include "intr.h"

#include <stddef.h>
#include <string.h>

static volatile sig_atomic_t raised;
static volatile sig_atomic_t wake_armed;
static void (*wake_fn)(void);
static void (*volatile cleanup_fn)(void);

/* SA_RESETHAND put the default action back and SA_NODEFER lets the
 * signal through again: raising it ends the process as it would have. */
static void on_fatal(int sig)
{
	if (cleanup_fn)
		cleanup_fn();
	raise(sig);
}

void intr_cleanup(void (*cleanup)(void))
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE,
				    SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
				    SIGXFSZ, SIGVTALRM, SIGPROF };
	struct sigaction sa, old;

	cleanup_fn = cleanup;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
}

static void on_signal(int sig)
{
	(void)sig;
	raised = 1;
	if (wake_armed)
		wake_fn();
}

void intr_catch(int hangup)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	int n = hangup ? 3 : 2;
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigemptyset(&set);
	for (int i = 0; i < n; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

volatile sig_atomic_t *intr_flag(void)
{
	return &raised;
}

void intr_wake(void (*wake)(void))
{
	wake_armed = 0;
	wake_fn = wake;
	wake_armed = wake != NULL;
	if (wake && raised)
		wake();
}
