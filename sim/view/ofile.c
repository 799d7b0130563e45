/*
 * ofile.c: output files (ofile.h). A regular file is written to
 * "<target>.XXXXXX" and renamed over its target; anything else is written
 * in place.
 *
 * The rejected alternative is to write every path in place, as a shell's
 * > does: a run interrupted or failing halfway would leave half a report
 * where a whole one was (git's lock files and SQLite's journal exist for
 * the same reason). The rename is kept where it is safe, for regular
 * files, and the rest of the shell's behaviour is kept around it: links
 * followed, the mode kept, devices and FIFOs written as they are.
 */
/* realpath(3) is XSI: glibc declares it only with _XOPEN_SOURCE */
#define _XOPEN_SOURCE 700

#include "view/ofile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hb.h"

/* Links followed before giving up (Linux's MAXSYMLINKS). */
#define OFILE_HOPS 40

/* The temporaries that exist, for ofile_remove_temps: at most this many
 * at once (run has three outputs; a command never holds more). */
#define OFILE_TEMPS 16

static const char *volatile temps[OFILE_TEMPS];

static int hook_sig;
static const char *hook_path;

/* Change the table with every signal blocked: a handler reads it. */
static int temp_add(const char *tmp)
{
	sigset_t all, old;
	int slot = -1;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < OFILE_TEMPS && slot < 0; i++)
		if (!temps[i]) {
			temps[i] = tmp;
			slot = i;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return slot;
}

static void temp_drop(int slot)
{
	sigset_t all, old;

	if (slot < 0)
		return;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	temps[slot] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void ofile_remove_temps(void)
{
	for (int i = 0; i < OFILE_TEMPS; i++)
		if (temps[i])
			unlink(temps[i]);
}

void ofile_test_raise(int sig, const char *path)
{
	hook_sig = sig;
	hook_path = path;
}

static void release(ofile *o)
{
	temp_drop(o->slot);
	hb_free(o->path);
	hb_free(o->tmp);
	hb_free(o->target);
	o->path = o->tmp = o->target = NULL;
	o->f = NULL;
	o->std = 0;
	o->slot = -1;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A path through /proc (/dev/stdout is a link to /proc/self/fd/1, and
 * /dev/fd/N is one): the file behind it is one this process has open,
 * which a rename would take away from it. Written in place. */
static int magic(const char *p)
{
	return starts(p, "/proc/") || starts(p, "/dev/fd/");
}

/* The path at the end of path's links, in *out (the caller frees it):
 * the file to replace, or to create when it does not exist. 0; 1 when a
 * link on the way goes through /proc (*out is then NULL: write path in
 * place); -1 with errno set. */
static int resolve(const char *path, char **out)
{
	char *p = hb_strdup(path);
	char link[PATH_MAX];
	struct stat st;

	*out = NULL;
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	for (int hop = 0;; hop++) {
		ssize_t n;
		char *next, *slash;
		size_t dl;

		if (magic(p)) {
			hb_free(p);
			return 1;
		}
		if (lstat(p, &st) < 0) {
			if (errno == ENOENT)
				break;		/* created there */
			hb_free(p);
			return -1;
		}
		if (!S_ISLNK(st.st_mode))
			break;
		if (hop == OFILE_HOPS) {
			hb_free(p);
			errno = ELOOP;
			return -1;
		}
		if ((n = readlink(p, link, sizeof link - 1)) < 0) {
			hb_free(p);
			return -1;
		}
		link[n] = 0;
		/* relative to the link's directory */
		slash = link[0] == '/' ? NULL : strrchr(p, '/');
		dl = slash ? (size_t)(slash - p) + 1 : 0;
		if (!(next = hb_malloc(dl + (size_t)n + 1))) {
			hb_free(p);
			errno = ENOMEM;
			return -1;
		}
		memcpy(next, p, dl);
		memcpy(next + dl, link, (size_t)n + 1);
		hb_free(p);
		p = next;
	}
	*out = p;
	return 0;
}

/* Open path in place: a device, a FIFO, a file behind /proc. Appending
 * keeps what a file behind /proc/self/fd/1 (stdout redirected) has
 * already been given; a device or a FIFO has no end to append at. */
static int open_in_place(ofile *o, const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (!(o->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return 0;
}

/* The temporary beside target, with the mode (and owner) of what it
 * replaces, st NULL for a new file. */
static int open_temp(ofile *o, const struct stat *st)
{
	size_t n = strlen(o->target);
	int fd;

	if (!(o->tmp = hb_malloc(n + 8))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(o->tmp, o->target, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	if ((fd = mkstemp(o->tmp)) < 0) {
		hb_free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	if ((o->slot = temp_add(o->tmp)) < 0) {
		unlink(o->tmp);
		close(fd);
		errno = EMFILE;
		return -1;
	}
	/* mkstemp makes it 0600: the target keeps its own mode, a new one
	 * gets what a plain fopen would */
	if (st) {
		/* best effort: only root may give a file away */
		if (st->st_uid != geteuid() || st->st_gid != getegid())
			(void)!fchown(fd, st->st_uid, st->st_gid);
		(void)fchmod(fd, st->st_mode & 07777);
	} else {
		mode_t mask = umask(0);

		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if (!(o->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int ofile_open(ofile *o, const char *path)
{
	struct stat st;
	int rc, e;

	memset(o, 0, sizeof *o);
	o->slot = -1;
	if (!(o->path = hb_strdup(path))) {
		errno = ENOMEM;
		return -1;
	}
	if (!strcmp(path, "-")) {
		o->f = stdout;
		o->std = 1;
		goto opened;
	}
	if ((rc = resolve(path, &o->target)) < 0)
		goto fail;
	if (rc == 1) {
		if (open_in_place(o, path) < 0)
			goto fail;
		goto opened;
	}
	if (stat(o->target, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			goto fail;
		}
		if (!S_ISREG(st.st_mode)) {
			if (open_in_place(o, o->target) < 0)
				goto fail;
			goto opened;
		}
		if (open_temp(o, &st) < 0)
			goto fail;
	} else if (errno != ENOENT || open_temp(o, NULL) < 0) {
		goto fail;
	}
opened:
	if (hook_sig && hook_path && !strcmp(path, hook_path))
		raise(hook_sig);
	return 0;
fail:
	e = errno;
	release(o);
	errno = e;
	return -1;
}

int ofile_commit(ofile *o)
{
	int bad, e;

	errno = 0;
	bad = fflush(o->f) != 0;
	e = errno;
	bad |= ferror(o->f) != 0;
	if (!o->std) {
		errno = 0;
		if (fclose(o->f) != 0 && !bad) {
			bad = 1;
			e = errno;
		}
	}
	o->f = NULL;
	if (!bad && o->tmp && rename(o->tmp, o->target) != 0) {
		bad = 1;
		e = errno;
	}
	if (!bad) {
		release(o);
		return 0;
	}
	if (o->tmp)
		unlink(o->tmp);
	release(o);
	errno = e ? e : EIO;
	return -1;
}

void ofile_abort(ofile *o)
{
	if (o->f && !o->std)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	if (o->path)
		release(o);
	o->f = NULL;
}

/* Where path leads when it does not exist: its links followed and its
 * directory made canonical. NULL when that cannot be told. */
static char *place(const char *path)
{
	char *p = NULL, *slash, *canon, *out;
	const char *dir, *base;
	size_t dl, bl;

	if (resolve(path, &p) != 0)
		return NULL;
	if (!(slash = strrchr(p, '/'))) {
		dir = ".";
		base = p;
	} else if (slash == p) {
		dir = "/";
		base = p + 1;
	} else {
		*slash = 0;
		dir = p;
		base = slash + 1;
	}
	if (!(canon = realpath(dir, NULL))) {
		hb_free(p);
		return NULL;
	}
	dl = strlen(canon);
	bl = strlen(base);
	if ((out = hb_malloc(dl + bl + 2))) {
		memcpy(out, canon, dl);
		out[dl] = '/';
		memcpy(out + dl + 1, base, bl + 1);
	}
	free(canon);	/* realpath's, from malloc */
	hb_free(p);
	return out;
}

static int id(const char *path, struct stat *st)
{
	return !strcmp(path, "-") ? fstat(STDOUT_FILENO, st) : stat(path, st);
}

int ofile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	int ea, eb, same = 0;
	char *pa, *pb;

	if (!strcmp(a, "-") || !strcmp(b, "-"))
		if (!strcmp(a, b))
			return 1;
	ea = id(a, &sa) == 0 ? 0 : errno;
	eb = id(b, &sb) == 0 ? 0 : errno;
	if (!ea && !eb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
		       !S_ISCHR(sa.st_mode);
	if (ea != ENOENT || eb != ENOENT)
		return 0;
	pa = place(a);
	pb = place(b);
	same = pa && pb && !strcmp(pa, pb);
	hb_free(pa);
	hb_free(pb);
	return same;
}
