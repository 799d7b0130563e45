/*
 * ofile.h: an output file (--timeline, --trace, --report) written the way
 * a Unix tool writes it, and never left half-written where that can be
 * avoided.
 *
 * - A regular file, or a path that does not exist yet, is written to a
 *   temporary file beside its target (same directory, so the rename is
 *   atomic) and renamed over the target on commit: it appears whole or
 *   not at all, and an abort leaves the target as it was. The target is
 *   what the path points to: a symbolic link is followed (dangling ones
 *   too) and its target replaced, never the link. An existing file keeps
 *   its permission bits (and, where allowed, its owner and group); a new
 *   one gets 0666 less the umask, as a plain fopen gives.
 * - Anything else (a device such as /dev/null or /dev/full, a FIFO, a
 *   socket, a path through /proc such as /dev/stdout) is opened and
 *   written in place: there is nothing to rename, and replacing a device
 *   node with a regular file would be a bug. "-" is standard output.
 * - A directory is refused (EISDIR).
 *
 * Every temporary file that exists is listed in a process-wide table
 * (a process has one set of files: the same reason tools/intr.c's state
 * is static) so that a fatal signal's handler can remove them all
 * (ofile_remove_temps, async-signal-safe). The table is only changed with
 * every signal blocked, so a handler never sees it half-changed.
 */
#ifndef OFILE_H
#define OFILE_H

#include <stdio.h>

typedef struct ofile {
	FILE *f;		/* write here between open and commit/abort */
	char *path;		/* the path as given (messages) */
	char *tmp;		/* the temporary file "<target>.XXXXXX", or NULL
				 * when written in place */
	char *target;		/* what tmp is renamed to (links followed) */
	int std;		/* f is stdout ("-"): flushed, never closed */
	int slot;		/* tmp's place in the table of temporaries; -1 */
} ofile;

/* 0 and o->f open for writing; -1 with errno set (nothing is created).
 * A FIFO blocks here until a reader opens it, as a shell's > does. */
int ofile_open(ofile *o, const char *path);

/* Flush, close, and rename the temporary file over the target (a file
 * written in place is flushed and closed). 0; -1 with errno set, and then
 * the temporary file is removed too (the target is as it was). */
int ofile_commit(ofile *o);

/* Close and remove the temporary file. Safe on a closed ofile (and on
 * one zeroed by memset). A file written in place keeps what it got. */
void ofile_abort(ofile *o);

/* Would writing to path a write the file b is (an input or another
 * output)? 1 when both are "-"; when both exist and are the same file
 * (device and inode) that is not a character device (writing /dev/null
 * or a terminal twice is harmless); when neither exists and both lead to
 * the same place (links followed, directories made canonical). Else 0. */
int ofile_same(const char *a, const char *b);

/* Remove every temporary file that exists. Async-signal-safe: for a
 * fatal signal's handler (tools/intr.c), which then dies of the signal. */
void ofile_remove_temps(void);

/* Test hook (test/cli/t0730-outputs.sh): raise signal sig right after an
 * output file whose path as given equals path is opened, that is, while
 * it is being written, so that a signal lands there deterministically.
 * tools/herbie.c sets it from HERBIE_TEST_RAISE=SIG:PATH; sig 0 turns it
 * off. path must outlive the hook. */
void ofile_test_raise(int sig, const char *path);

#endif
