/*
 * cat.h: the hardware catalog (spec: scenario.md "hardware"; issue 3).
 *
 * What a scenario's `type` names: device types (CPUs, GPUs, NICs, switches,
 * drives), link types (PCIe, NVLink, InfiniBand, Ethernet, NVMe reads) and
 * presets (whole machines in the scenario's own "hardware" format). The
 * data is models/catalog/{devices,links,presets}.json, compiled into the
 * binary (tools/embed.sh, models/embed.h); every figure in it carries the
 * document or measurement it comes from.
 *
 * Units: every double here is in SI base units: bytes, bytes per second
 * (per direction for links), seconds, hertz, and operations per second
 * for the `tflops` and `gflops_per_core` figures (FLOP/s, or OP/s for the
 * int precisions: the names say where the data sheets put the decimal
 * point, not the unit of v). TFLOPS are dense (no structured sparsity).
 *
 * Ownership: a cat owns everything reachable from it (entries, their
 * strings, MIG profile tables); pointers stay valid until cat_free. The
 * catalog is read-only once loaded, so one cat may be shared by any
 * number of readers.
 */
#ifndef CAT_H
#define CAT_H

#include <stddef.h>

#include "embed.h"
#include "input/diag.h"

/* One figure: its value, and where it comes from (a data sheet, a
 * specification, a named measurement). v is NAN and source NULL when the
 * catalog does not give it; source is never empty when v is a number. */
typedef struct cat_fig {
	double v;
	const char *source;
} cat_fig;

enum cat_kind { CAT_CPU, CAT_GPU, CAT_NIC, CAT_SWITCH, CAT_STORAGE };

/* Tensor (matrix) peak for the low precisions; fp32 is the non-tensor
 * CUDA-core peak and fp64 the best fp64 path the card has (the FP64 Tensor
 * Core figure on A100 and H100): each figure's source says which. */
enum cat_prec {
	CAT_FP64, CAT_FP32, CAT_TF32, CAT_BF16, CAT_FP16, CAT_FP8, CAT_INT8,
	CAT_INT4, CAT_NPREC
};

/* A MIG profile ("3g.40gb"): its share of the card's compute and memory. */
typedef struct cat_mig {
	const char *name;
	int compute_slices, memory_slices;
	double compute;		/* compute_slices / the card's compute slices (7) */
	double memory;		/* bytes, as the profile name states them */
	int max;		/* instances of this profile a card can hold */
} cat_mig;

/* A device type. Which figures are present depends on the kind:
 *   cpu:     cores, clock, memory_bandwidth, gflops_per_core (fp32 peak of
 *            one core), tflops (fp64/fp32 of the whole chip), memory when
 *            the part fixes it (otherwise a preset sets it);
 *   gpu:     memory, memory_bandwidth, tflops, mps_clients, clock when
 *            published; MIG-capable cards also mig_* and mig[];
 *   nic:     bandwidth (line rate per direction);
 *   switch:  bandwidth (aggregate per direction of one chip);
 *   storage: capacity, and bandwidth (sequential read of one drive). */
typedef struct cat_device {
	const char *id, *name;
	enum cat_kind kind;
	cat_fig cores, clock, memory, memory_bandwidth, gflops_per_core;
	cat_fig tflops[CAT_NPREC];
	cat_fig mps_clients;	/* MPS client limit per device */
	cat_fig mig_max;	/* at most this many MIG partitions (7) */
	int mig_compute_slices, mig_memory_slices;	/* 7 and 8; 0 without MIG */
	const cat_mig *mig;	/* nmig profiles; NULL without MIG */
	int nmig;
	const char *mig_source;	/* where the profile table comes from */
	/* Added to the lead's list: what a NIC, switch or drive is rated for
	 * (not a link's figure: the same drive sits behind different links). */
	cat_fig bandwidth, capacity;
} cat_device;

/* A link type. bandwidth is nominal and effective_bandwidth measured or
 * typical achievable (NAN when no published measurement is known), both
 * per direction; duplex: both directions at once, each at full rate. */
typedef struct cat_link {
	const char *id, *name;
	cat_fig bandwidth, effective_bandwidth, latency;
	int duplex;
} cat_link;

/* A device and a link of a preset, as the preset names them. overrides is
 * the compact JSON of the fields besides "type" (and "between"), "{}" when
 * there are none: {"memory":"1TB"}. */
typedef struct cat_pdev {
	const char *name, *type, *overrides;
} cat_pdev;

typedef struct cat_plink {
	const char *name, *type, *from, *to, *overrides;
} cat_plink;

/* A whole machine, in the scenario's "hardware" format: hardware_json is
 * the compact JSON of {"devices": {...}, "links": {...}}, whose device and
 * link types all exist in this catalog, whose overrides name fields of
 * those types with valid values, and whose links join two different
 * devices the preset declares (cat_load checks all of it). devices[] and
 * links[] are the same content, parsed, in file order (added to the
 * lead's list: tools/ must not parse JSON). */
typedef struct cat_preset {
	const char *id, *name, *source;
	const char *hardware_json;
	const cat_pdev *devices;
	int ndevices;
	const cat_plink *links;
	int nlinks;
} cat_preset;

typedef struct cat cat;

/* Load the catalog compiled into the binary. Returns 0 and *out (free it
 * with cat_free), or -1 with *out NULL and d filled: a malformed catalog is
 * a bug in herbie's data, reported like bad input (file name, line:col,
 * JSON path, what is wrong) so that `make check` shows where. Strict like
 * the scenario reader: unknown and duplicate keys, figures without a
 * source, bad units and implausible values are errors. Also -1 ("out of
 * memory") when an allocation fails. */
int cat_load(cat **out, diag *d);

/* The same from any set of files (named "devices.json", "links.json",
 * "presets.json"; each must be present once): what cat_load calls with
 * embed_files, and what tests use to feed it broken data. */
int cat_load_files(cat **out, const struct embed_file *files, int n,
		   diag *d);

void cat_free(cat *c);		/* NULL is a no-op */

/* Entries in file order; i in [0, n). */
int cat_ndevices(const cat *c);
const cat_device *cat_device_at(const cat *c, int i);
int cat_nlinks(const cat *c);
const cat_link *cat_link_at(const cat *c, int i);
int cat_npresets(const cat *c);
const cat_preset *cat_preset_at(const cat *c, int i);

/* By id (case-sensitive), or NULL. */
const cat_device *cat_device_find(const cat *c, const char *id);
const cat_link *cat_link_find(const cat *c, const char *id);
const cat_preset *cat_preset_find(const cat *c, const char *id);

const char *cat_prec_name(enum cat_prec p);	/* "fp64", ..., "int4" */
const char *cat_kind_name(enum cat_kind k);	/* "cpu", "gpu", ... */

/* MIG: is this list of profile names a valid set of partitions for the
 * device? Returns 0, or -1 with a message in err (lower case, no full
 * stop): the device has no MIG, an empty list, an unknown profile (the
 * valid ones listed), more partitions than mig_max, compute slices over
 * mig_compute_slices, memory slices over mig_memory_slices, or a profile
 * used more often than its max. The check is on counts and slice sums, as
 * the MIG user guide's profile table gives them; NVIDIA's placement rules
 * (which slice offsets a profile may start at) are not modelled, so a few
 * combinations whose sums fit but that nvidia-smi cannot place would pass. */
int cat_mig_check(const cat_device *dv, const char *const *profiles, int n,
		  char *err, size_t errlen);

#endif
