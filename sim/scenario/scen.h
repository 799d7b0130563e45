/*
 * scen.h: a scenario as typed, checked data (shared/spec/scenario.md).
 *
 * The reader (sim/scenario, which with sim/input and models/ is all that
 * sees cJSON; scen_impl.h says which file does what) turns a JSON file
 * plus --set overrides into this; the engine builds a line from it.
 * Everything here has been checked: names resolve to indices, times are
 * non-negative nanoseconds, counts are in range. A scen owns all its
 * memory; scen_free releases it. Fields a later part of herbie gives
 * meaning to (hardware, goal, levers) are kept as checked text.
 */
#ifndef SCEN_H
#define SCEN_H

#include <stdint.h>

#include "core/dist.h"
#include "core/simtime.h"
#include "input/diag.h"

struct cJSON;

typedef enum scen_src_kind {
	SCEN_SRC_OPEN,		/* `arrival` (or `rate`): draws interarrival times */
	SCEN_SRC_CLOSED,	/* `closed`: clients that think, then submit */
	SCEN_SRC_SATURATE,	/* `saturate`: work is always waiting */
} scen_src_kind;

typedef struct scen_source {
	char *name;
	int to;			/* station index */
	scen_src_kind kind;
	dist arrival;		/* SCEN_SRC_OPEN: time between arrivals (s) */
	int64_t clients;	/* SCEN_SRC_CLOSED */
	dist think;		/* SCEN_SRC_CLOSED: think time (s) */
	int64_t limit;		/* items before the source stops; -1: none */
	double items_per_unit;	/* what one item counts for in throughput; 1 */
	char *unit;		/* what is counted: "items" unless given */
	double bytes;		/* size of one item (B); 0 unless given */
} scen_source;

typedef enum next_kind {
	NEXT_NONE,		/* the item leaves the line */
	NEXT_ONE,		/* routes[0] */
	NEXT_PROB,		/* one of routes[], by p (the ps sum to 1) */
	NEXT_FORK,		/* a copy to every routes[i], joined at `join` */
} next_kind;

#define SCEN_OUT (-1)		/* a route's `to` that leaves the line */

typedef struct scen_route {
	int to;			/* station index, or SCEN_OUT (NEXT_PROB) */
	double p;		/* NEXT_PROB: probability; else 1 */
} scen_route;

typedef enum scen_stn_kind {
	SCEN_STN_PROCESS,
	SCEN_STN_PERIODIC,	/* the dice game */
	SCEN_STN_BARRIER,	/* a collective: waits for `group` replicas */
} scen_stn_kind;

typedef enum full_policy {
	FULL_BLOCK,		/* blocking after service */
	FULL_DROP,		/* rejected and counted */
} full_policy;

typedef enum turn_order {
	TURNS_SEQUENTIAL,	/* in line order; this period's arrivals may move on */
	TURNS_SIMULTANEOUS,	/* each moves only what it held at the period's start */
} turn_order;

typedef enum transport_kind {
	TRANSPORT_NONE,
	TRANSPORT_DELAY,	/* a conveyor: `delay` */
	TRANSPORT_VIA,		/* over links: `via`, `bytes` (hardware) */
} transport_kind;

typedef struct scen_batching {
	int on;
	int64_t max_batch;	/* >= 1 */
	simtime max_delay;	/* ns; 0: never wait to fill */
	int64_t *preferred;	/* ascending sizes, npreferred of them */
	int npreferred;
	int64_t max_queue;	/* -1: none */
	/* batch time: base + per_item * n, or a table of (size, time) */
	double base, per_item;	/* s */
	int64_t *table_n;	/* ascending sizes */
	double *table_t;	/* s */
	int ntable;
} scen_batching;

/* How a GPU's kernels share it (spec: hardware, sharing modes). */
typedef enum share_mode {
	SHARE_EXCLUSIVE,	/* one kernel at a time, FIFO across stations */
	SHARE_TIMESLICE,	/* round-robin: processor sharing that loses
				 * quantum/(quantum+switch) when contexts switch */
	SHARE_MPS,		/* concurrent: weighted processor sharing */
	SHARE_MIG,		/* hardware partitions, each its own device */
} share_mode;

/* What the line simulates a device as; the catalog's finer cat_kind (NIC,
 * switch, storage) all become an endpoint here. */
typedef enum scen_dev_kind {
	SCEN_DEV_CPU,		/* a pool of cores: processor sharing */
	SCEN_DEV_GPU,
	SCEN_DEV_ENDPOINT,	/* a NIC, a switch, a drive: links end here */
} scen_dev_kind;

/* A device after the catalog and the scenario's overrides: what the engine
 * needs, in SI units. A MIG partition is a device of its own, named
 * "gpu0/1", with its parent's index. */
typedef struct scen_device {
	char *name;
	char *type;		/* catalog id */
	scen_dev_kind kind;
	int64_t cores;		/* SCEN_DEV_CPU */
	double memory;		/* bytes; 0 when unknown */
	double speed;		/* share of the whole device's compute: 1, or a
				 * MIG partition's fraction (slices / 7) */
	share_mode sharing;
	simtime quantum;	/* SHARE_TIMESLICE */
	simtime switch_cost;	/* SHARE_TIMESLICE */
	int64_t max_clients;	/* SHARE_MPS: the catalog's limit */
	int parent;		/* a MIG partition: its GPU's index; else -1 */
	char *profile;		/* a MIG partition: its profile ("3g.40gb") */
	int npartitions;	/* SHARE_MIG: partitions follow it in order */
	double bandwidth;	/* SCEN_DEV_ENDPOINT: what it is rated for (shown) */
	int cat_kind;		/* the catalog's kind (enum cat_kind): a NIC
				 * bounds a node, a switch may reduce (NVLS) */
} scen_device;

/* A link: a transport over it takes latency + bytes / bandwidth, the
 * bandwidth shared fairly by the transfers under way in one direction. */
typedef struct scen_link {
	char *name;
	char *type;		/* catalog id; NULL when given by its figures */
	double bandwidth;	/* bytes/s per direction, as the engine uses it
				 * (the catalog's effective figure if known) */
	simtime latency;
	int duplex;		/* each direction has its own bandwidth */
	int ends[2];		/* device indices from `between`; -1: none */
} scen_link;

/* One transfer of a collective on one direction of one link (scoll.c):
 * a barrier's collective on the wire is a list of them, sorted by stage;
 * a stage's transfers all start when the stage before has ended. */
typedef struct scen_xfer {
	int link;		/* index into scen.links */
	int dir;		/* its direction there, as a transport's */
	int stage;
	double bytes;
} scen_xfer;

typedef struct scen_station {
	char *name;
	scen_stn_kind kind;
	int64_t servers;	/* >= 1 */
	int64_t capacity;	/* buffer places in front; -1: unbounded */
	full_policy on_full;
	dist service;		/* s; unused for periodic stations */
	int has_service;
	scen_batching batching;
	/* placement (hardware): device names, memory in bytes */
	char **devices;
	int ndevices;
	int *device_idx;	/* resolved: index into scen.devices; server k
				 * runs on device_idx[k % ndevices] */
	double memory;
	double share;		/* weight on an MPS device (its sharing.shares); 1 */
	/* where items go next */
	next_kind next;
	scen_route *routes;
	int nroutes;
	int join;		/* NEXT_FORK: station index; else -1 */
	/* the move to next */
	transport_kind transport;
	dist transport_delay;	/* TRANSPORT_DELAY (s) */
	char **via;		/* TRANSPORT_VIA: link names */
	int nvia;
	int *via_idx;		/* resolved: indices into scen.links */
	double transport_bytes;	/* TRANSPORT_VIA: B; 0: the item's own bytes */
	/* periodic stations */
	simtime period;		/* ns, > 0 */
	dist per_period;	/* a count */
	turn_order turns;
	int64_t initial;	/* items in the buffer at time 0 */
	/* drum-buffer-rope: sources release an item only while fewer than
	 * `rope` items are in the line and have not yet passed this station
	 * (0: no rope; at most one station has one) */
	int64_t rope;
	/* `work`: the service time from a model's cost on its device */
	int has_work;
	char *work_model;	/* catalog model id; NULL: the figures below */
	char *work_runtime;	/* "tensorrt", "onnx", "pytorch" */
	char *work_precision;	/* "fp32", "fp16", ... */
	double work_flops;	/* per item; NAN: the model's */
	double work_params;	/* NAN: the model's */
	double work_bytes;	/* activation bytes per item; NAN: the model's */
	/* barrier stations: a data-parallel all-reduce */
	int64_t group;		/* replicas (distinct upstream stations) */
	double allreduce_bytes;	/* > 0: an all-reduce of these bytes ... */
	int ar_algo;		/* ... by this algorithm (enum coll_algo) ... */
	char **ar_via;		/* ... either as a formula over one hop of
				 * these links (service is its time) ... */
	int nar_via;
	scen_xfer *ar_xfer;	/* ... or on the wire: its transfers, stage by
				 * stage (nar_xfer > 0; scoll.c); service is
				 * then its time on idle links */
	int nar_xfer;
	int ar_nstages;
	simtime ar_latency;	/* added once the last stage is over */
} scen_station;

typedef enum warm_kind {
	WARM_NONE,
	WARM_TIME,		/* warm_time ns */
	WARM_ITEMS,		/* warm_items departures */
	WARM_AUTO,		/* MSER-5 on a pilot replication */
} warm_kind;

typedef struct scen_run {
	simtime duration;	/* ns after warm-up; 0 when `items` is used */
	int64_t items;		/* departures after warm-up; 0 when `duration` */
	warm_kind warm;
	simtime warm_time;
	int64_t warm_items;
	int64_t replications;	/* >= 1 */
} scen_run;

/* What the line must reach (`goal`); 0 where not asked. */
typedef struct scen_goal {
	double throughput;	/* units per second, at least */
	double latency_p99;	/* s, at most */
} scen_goal;

/* What may be changed, and what it costs (`levers`). */
typedef struct scen_lever {
	char *set;		/* a --set path */
	char **values;		/* each a --set value: JSON text ("2", "\"gpu0\"") */
	int nvalues;
	double cost;		/* $ per hour; 0 when not given */
	int per_unit;		/* cost is per unit of the (numeric) value */
} scen_lever;

typedef struct scen {
	char *name;
	char *description;	/* "" when absent */
	char *notes;		/* "" when absent */
	uint64_t seed;
	scen_run run;
	scen_source *sources;
	int nsources;
	scen_station *stations;
	int nstations;
	/* the hardware, resolved against the catalog */
	scen_device *devices;
	int ndevices;
	scen_link *links;
	int nlinks;
	/* kept as compact JSON text, NULL when absent; goal_text and
	 * levers_text are the file's own words, read into goal and lever
	 * below, which are what runs use */
	char *hardware, *goal_text, *levers_text;
	char *json;		/* the whole scenario after the overrides */
	struct cJSON *tree;	/* the same, parsed (owned): what scen_value
				 * walks, so that it parses nothing */
	scen_goal goal;
	scen_lever *lever;
	int nlevers;
	/* owned storage that dists point into (empirical values) */
	double **owned;
	int nowned;
} scen;

/* The catalogs a scenario is read against (models/): device and link
 * types and machine presets (cat.h), ML models and runtimes (mlcat.h).
 * Read-only once loaded, so one pair serves any number of reads, from
 * any thread; a scen keeps no pointer into them. */
typedef struct scen_cat {
	const struct cat *hw;
	const struct mlcat *ml;
} scen_cat;

/*
 * Read a scenario from text (len bytes; need not be NUL-terminated) named
 * file for messages, against the catalogs c, then apply the `path=value`
 * overrides in sets[0..nsets-1] in order. Returns 0 and *out, or -1 with
 * d filled: for a problem in the file, its line:col and JSON path; for a
 * problem in an override, file is "--set" and the column points into that
 * argument.
 */
int scen_read(const scen_cat *c, const char *file, const char *text,
	      size_t len, const char *const *sets, int nsets, scen **out,
	      diag *d);

/* The catalogs compiled into herbie, loaded on the first call and kept
 * until the process ends (never freed: every later call, from any thread,
 * gets the same pair). 0 and *out; -1 with d filled when loading fails
 * ("out of memory", or a defect in herbie's own data, reported like bad
 * input); a failed load is tried again by the next call. */
int scen_builtin_cat(const scen_cat **out, diag *d);

/* scen_read against scen_builtin_cat(): what the commands use. */
int scen_parse(const char *file, const char *text, size_t len,
	       const char *const *sets, int nsets, scen **out, diag *d);

void scen_free(scen *s);	/* scen_free(NULL) is a no-op */

/* Does station st run on device k (one of its servers at least)? */
int scen_station_on(const scen_station *st, int k);

/* The value at a --set path (stations.detect.servers, stations[0].name,
 * hardware.devices.cpu0.cores) of s as read, overrides applied, as compact
 * JSON text in out (n bytes); a station's servers when the file leaves
 * them out: "1". 0; -1 when the path names nothing (or out is too small,
 * or memory ran out). */
int scen_value(const scen *s, const char *path, char *out, size_t n);

/* Index of the station, source, device or link with that name, or -1. */
int scen_station_index(const scen *s, const char *name);
int scen_source_index(const scen *s, const char *name);
int scen_device_index(const scen *s, const char *name);
int scen_link_index(const scen *s, const char *name);

#endif
