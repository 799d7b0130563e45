/*
 * mlcat.h: the ML catalog (issue 4): models and runtimes, as data with
 * sources.
 *
 * A model says what one item costs (forward FLOPs, bytes moved beyond the
 * weights) and, for a transformer, its shape (layers, KV heads, head size,
 * hidden size), which the KV cache and LoRA rules of mem.h need. A runtime
 * is a (runtime, precision) pair ("tensorrt-fp16") with the fraction of a
 * device's peak FLOP/s and memory bandwidth it achieves and its fixed cost
 * per batch: what roof.h turns into a batch time. The data is
 * models/catalog/{models,runtimes}.json, compiled into the binary like the
 * hardware catalog (tools/embed.sh, models/embed.h); every figure carries
 * the document, measurement or derivation it comes from, and a figure
 * that is an assumption says so in its source.
 *
 * Units: SI base units as in cat.h: params and FLOPs are plain counts,
 * bytes are bytes, durations seconds, efficiencies fractions in (0, 1].
 *
 * Ownership: an mlcat owns everything reachable from it; pointers stay
 * valid until mlcat_free. It is read-only once loaded, so one mlcat may be
 * shared by any number of readers.
 */
#ifndef MLCAT_H
#define MLCAT_H

#include <stddef.h>

#include "cat.h"
#include "embed.h"
#include "input/diag.h"

/* A model. layers is optional for any model; kv_heads, head_dim and
 * hidden are given together (transformers) or not at all, and when given
 * layers is too. Absent figures are { NAN, NULL } as in cat.h. */
typedef struct mlcat_model {
	const char *id, *name;
	const char *item;	/* what one item is: "image", "token", ... */
	cat_fig params;		/* number of parameters */
	cat_fig flops_per_item;	/* forward FLOPs of one item */
	cat_fig activation_bytes_per_item;	/* bytes moved per item beyond
						 * the weights, at fp16 */
	cat_fig layers;		/* transformer blocks (or the network's depth) */
	cat_fig kv_heads;	/* key/value heads per layer (GQA: < heads) */
	cat_fig head_dim;	/* size of one attention head */
	cat_fig hidden;		/* d_model: the residual stream's width */
} mlcat_model;

/* A runtime at one precision. id is "<runtime>-<precision>"; runtime and
 * precision are its two halves (split at the last '-'), and prec the
 * device peak (cat_device.tflops[prec]) that compute_efficiency is a
 * fraction of. */
typedef struct mlcat_runtime {
	const char *id, *name;
	const char *runtime;	/* "tensorrt" */
	const char *precision;	/* "fp16" */
	enum cat_prec prec;
	cat_fig compute_efficiency;	/* achieved / peak FLOP/s, (0, 1] */
	cat_fig memory_efficiency;	/* achieved / peak bandwidth, (0, 1] */
	cat_fig launch_overhead;	/* seconds per batch */
} mlcat_runtime;

typedef struct mlcat mlcat;

/* Load the catalog compiled into the binary. Returns 0 and *out (free it
 * with mlcat_free), or -1 with *out NULL and d filled (file, line:col,
 * JSON path, what is wrong). As strict as cat_load: unknown and duplicate
 * keys, figures without a source, bad units, implausible values (an
 * efficiency outside (0, 1], a precision cat.h does not know, a
 * transformer shape given in part) are errors. -1 ("out of memory") when
 * an allocation fails. */
int mlcat_load(mlcat **out, diag *d);

/* The same from any set of files: "models.json" and "runtimes.json" must
 * each be present once; other names are ignored (the hardware catalog's
 * files sit in the same set). What tests use to feed it broken data. */
int mlcat_load_files(mlcat **out, const struct embed_file *files, int n,
		     diag *d);

void mlcat_free(mlcat *c);	/* NULL is a no-op */

/* Entries in file order; i in [0, n). */
int mlcat_nmodels(const mlcat *c);
const mlcat_model *mlcat_model_at(const mlcat *c, int i);
int mlcat_nruntimes(const mlcat *c);
const mlcat_runtime *mlcat_runtime_at(const mlcat *c, int i);

/* By id (case-sensitive), or NULL. */
const mlcat_model *mlcat_model_find(const mlcat *c, const char *id);
/* By its two halves: ("tensorrt", "fp16"). */
const mlcat_runtime *mlcat_runtime_find(const mlcat *c, const char *runtime,
					const char *precision);
/* By the whole id: "tensorrt-fp16". */
const mlcat_runtime *mlcat_runtime_find_id(const mlcat *c, const char *id);

/* A precision by its name in cat.h ("fp16" -> CAT_FP16): 0, or -1 when
 * the name is not one of fp64 fp32 tf32 bf16 fp16 fp8 int8 int4. */
int mlcat_prec_parse(const char *name, enum cat_prec *out);

#endif
