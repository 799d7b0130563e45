/*
 * ofile.h: an output file that appears whole or not at all. It is written
 * to a temporary file beside the target (same directory, so the rename is
 * atomic) and renamed over the target on commit; an abort, or a run that
 * is interrupted, leaves the target as it was.
 */
#ifndef OFILE_H
#define OFILE_H

#include <stdio.h>

typedef struct ofile {
	FILE *f;		/* write here between open and commit/abort */
	char *path;		/* the target */
	char *tmp;		/* the temporary file: "<path>.XXXXXX" */
} ofile;

/* 0 and o->f open for writing; -1 with errno set (nothing is created). */
int ofile_open(ofile *o, const char *path);

/* Flush, close and rename over the target. 0; -1 with errno set, and then
 * the temporary file is removed too. */
int ofile_commit(ofile *o);

/* Close and remove the temporary file. Safe on a closed ofile. */
void ofile_abort(ofile *o);

#endif
