/*
 * scen_impl.h: the scenario reader's insides, shared by its files (as
 * line_impl.h is the line's). Nothing outside sim/scenario includes it.
 *
 *   scen.c    the entry points: parse, then --set, the typed reading and
 *             the checks; scen_free, the lookups, scen_value
 *   setp.c    --set: path=value edits the tree, and errors in what an
 *             override made are placed in its argument
 *   sget.c    the scenario's values: times, sizes, rates, names, with
 *             the scenario's limits (on jrd's typed getters)
 *   sdist.c   distributions
 *   sread.c   the top level, run, sources, goal, levers
 *   sstn.c    stations
 *   shw.c     hardware: the catalog's presets, devices and links, then
 *             placing the stations on them and the costs that follow
 *   sgraph.c  the line as a graph: names resolve, every station is fed,
 *             every item can leave, every fork branch reaches its join
 *
 * The reading goes in four passes over one cJSON tree:
 *
 *   1. parse (jrd_parse): cJSON builds the tree; if it refuses,
 *      jloc_diagnose scans the text itself to say where and why;
 *   2. --set: each `path=value` edits the tree, in order, and leaves an
 *      ovr record of the subtree it made;
 *   3. typed reading: every object's children are walked in document
 *      order, so that unknown and duplicate keys are errors and the first
 *      problem in the file is the one reported;
 *   4. structure: names resolve, the hardware is placed, every station is
 *      fed, every item can leave, every fork branch reaches its join.
 *
 * Errors know their JSON path (r->j.path, kept as a stack while reading)
 * and nothing else: the position is found only when the error is
 * reported, by jloc re-scanning the text along the path, or, when the
 * path lies in a subtree that an override made, by scanning that --set
 * argument instead (setp_place, jrd's place hook).
 *
 * Invariants: r->j.path always names the value being read; every pointer
 * in a half-built scen is NULL or owned, so scen_free can release it at
 * any point, which is how every error path cleans up. Memory that the
 * input can make large is bounded by the input's size (lists) or by the
 * limits below (what the engine will allocate or run through).
 *
 * Every function here returns 0, or -1 with r->j.d filled.
 */
#ifndef SCEN_IMPL_H
#define SCEN_IMPL_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "cat.h"
#include "input/jrd.h"
#include "mlcat.h"
#include "scenario/scen.h"

/*
 * Limits. They refuse values that would make the engine allocate or run
 * without end, not values that are merely unusual; each message names its
 * bound.
 */
#define MAX_SERVERS	100000		/* per station */
#define MAX_CAPACITY	1000000000	/* buffer places; also max_queue */
#define MAX_INITIAL	10000000	/* initial items, all stations together */
#define MAX_CLIENTS	10000000	/* closed clients, all sources together */
#define MAX_REPS	1000000
#define MAX_ITEMS	INT64_C(1000000000000000)	/* a source's limit */
/* run.items and a warm-up's items: at a few events an item and 10^7
 * events a second, about an hour of work; more is a run that would not
 * end in a session (replications split it) */
#define MAX_RUN_ITEMS	INT64_C(10000000000)
#define MAX_SEED	((INT64_C(1) << 53) - 1)	/* below 2^53: jrd_get_int */
#define MAX_LIST	10000		/* stations, sources, levers, routes, ... */
#define MAX_EMPIRICAL	1000000		/* values of one empirical dist */
#define MAX_ERLANG_K	1000
#define MAX_COUNT	1e9		/* a value of a count distribution */
#define MAX_BATCH	100000
#define MAX_CV		100.0
#define MAX_RATE	1e9		/* per second: 1 ns between arrivals */
#define MAX_PER_UNIT	1e12		/* items_per_unit */
#define MAX_BYTES	1e15
#define MAX_BYTES_TEXT	"1000TB"
/* Every time fits in int64 ns (292 years) with room for sums. */
#define MAX_SECONDS	(87660.0 * 3600)
#define MAX_SECONDS_TEXT "87660h (10 years)"

#define NAMES_SHOWN	8		/* names listed in "no station named" */

/* What one --set made: the tree under path[0..ends[fresh]) is its work. */
typedef struct ovr {
	const char *arg;	/* sets[i], not owned */
	size_t vpos;		/* offset of the value in arg */
	int is_json;		/* the value parsed as JSON (else a string) */
	char *path;		/* normalized: "stations[1].capacity"; owned */
	size_t *ends;		/* strlen of path after each step; owned */
	size_t *cols;		/* offset in arg where each step starts; owned */
	int nsteps;
	int fresh;		/* first step whose node this override made */
} ovr;

typedef struct rd {
	jrd j;			/* the text, the diag, the path being read */
	const char *const *sets;
	ovr *ov;		/* the overrides applied so far; owned */
	int nov;
	scen *s;
	const cJSON *jsources, *jstations;
	const cJSON *jhardware;	/* the hardware object, once read */
	const cat *cat;		/* the catalog: device and link types */
	const mlcat *ml;	/* the catalog's models and runtimes */
	int64_t initial, clients;	/* totals so far */
} rd;

/* setp.c */
int setp_apply(rd *r, cJSON *root, int i);
void setp_release(ovr *o);
int setp_place(void *ctx, const char *path, int want_key, int member,
	       const char **file, const char **text, long *off);

/* sget.c: each reads v at r->j.path */
int sget_time(rd *r, const cJSON *v, int positive, double *out);
int sget_simtime(rd *r, const cJSON *v, int positive, simtime *out);
int sget_size(rd *r, const cJSON *v, double *out);
int sget_rate(rd *r, const cJSON *v, double *out);
int sget_string(rd *r, const cJSON *v, int need, char **out);
int sget_name(rd *r, const cJSON *v, char **out);
int sget_names(rd *r, const cJSON *v, int one_ok, char ***out, int *n);
int sget_elements(rd *r, const cJSON *v,
		  int (*fn)(rd *, const cJSON *, int));
int sget_text(rd *r, const cJSON *v, char **out);

/* sdist.c */
int sdist_get(rd *r, const cJSON *v, int is_time, dist *out);

/* sread.c */
int sread_top(rd *r, const cJSON *root);

/* sstn.c */
int sstn_read(rd *r, const cJSON *v);

/* shw.c */
int shw_read(rd *r, const cJSON *v);
int shw_resolve(rd *r);
void shw_free(scen *s);

/* scoll.c */
int scoll_resolve(rd *r, int i);

/* sgraph.c */
int sgraph_names(rd *r);
int sgraph_check(rd *r);

#endif
