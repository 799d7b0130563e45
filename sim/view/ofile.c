/*
 * ofile.c: write to "<path>.XXXXXX", then rename(2) it over path.
 */
#include "view/ofile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hb.h"

static void release(ofile *o)
{
	hb_free(o->path);
	hb_free(o->tmp);
	o->path = o->tmp = NULL;
	o->f = NULL;
}

int ofile_open(ofile *o, const char *path)
{
	size_t n = strlen(path);
	int fd;

	memset(o, 0, sizeof *o);
	o->path = hb_strdup(path);
	o->tmp = hb_malloc(n + 8);
	if (!o->path || !o->tmp) {
		release(o);
		errno = ENOMEM;
		return -1;
	}
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	if ((fd = mkstemp(o->tmp)) < 0) {
		release(o);
		return -1;
	}
	/* mkstemp makes it 0600; the target gets what a plain fopen would */
	mode_t mask = umask(0);

	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if (!(o->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		release(o);
		errno = e;
		return -1;
	}
	return 0;
}

int ofile_commit(ofile *o)
{
	int bad = ferror(o->f);
	int e;

	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (!bad && rename(o->tmp, o->path) == 0) {
		release(o);
		return 0;
	}
	e = errno ? errno : EIO;
	unlink(o->tmp);
	release(o);
	errno = e;
	return -1;
}

void ofile_abort(ofile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}
