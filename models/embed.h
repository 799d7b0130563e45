/*
 * embed.h: files compiled into herbie (the catalog's JSON), generated into
 * the build by tools/embed.sh from the JSON files of models/catalog.
 */
#ifndef EMBED_H
#define EMBED_H

struct embed_file {
	const char *name;	/* file name without its folder: "devices.json" */
	const char *text;	/* NUL-terminated contents */
};

extern const struct embed_file embed_files[];
extern const int embed_nfiles;

#endif
