/*
 * roof.h: the roofline time of one batch of a model on a device (issue 4,
 * "model cost on a device").
 *
 *   time(n) = launch + max(n * flops / (peak * ce),
 *                          (weights + n * act) / (bw * me))
 *
 * A batch of n items does n items' FLOPs and moves n items' activations,
 * but reads the weights once and pays the launch once: those two are what
 * batching amortizes, so time(n) / n falls as n grows until the batch is
 * compute bound. peak is the device's dense peak at the precision
 * (cat_device.tflops[]), bw its memory bandwidth, ce and me the runtime's
 * achieved fractions of them (mlcat_runtime). The model is the roofline
 * of Williams, Waterman and Patterson (CACM 52(4), 2009) with the
 * runtime's efficiencies scaling both roofs and a fixed cost added.
 *
 * Everything is in SI base units: FLOPs, bytes, FLOP/s, bytes/s, seconds.
 * No allocation, no I/O; roof_batch_time is cheap enough to call for every
 * batch an engine forms.
 */
#ifndef ROOF_H
#define ROOF_H

#include <stddef.h>
#include <stdint.h>

#include "cat.h"
#include "mlcat.h"

/* What a batch's time depends on. Fill it with roof_prepare, or by hand
 * (a station that gives its own FLOPs and bytes), then roof_check. */
typedef struct roof_in {
	double flops_per_item;	/* FLOPs of one item, >= 0 */
	double act_bytes_per_item;	/* bytes per item beyond the weights,
					 * at the precision, >= 0 */
	double weight_bytes;	/* read once per batch: params x bytes per
				 * parameter at the precision, >= 0 */
	double peak_flops;	/* device peak at the precision, FLOP/s, > 0 */
	double mem_bw;		/* device memory bandwidth, bytes/s, > 0 */
	double compute_eff;	/* runtime's achieved / peak FLOP/s, (0, 1] */
	double mem_eff;		/* runtime's achieved / peak bandwidth, (0, 1] */
	double launch;		/* seconds per batch, >= 0 */
} roof_in;

enum roof_bound { ROOF_COMPUTE, ROOF_MEMORY };

/* One batch's time taken apart (roof_explain). */
typedef struct roof_out {
	int64_t n;		/* items in the batch */
	double compute;		/* n * flops / (peak * ce), seconds */
	double memory;		/* (weights + n * act) / (bw * me), seconds */
	double launch;		/* seconds */
	double total;		/* launch + max(compute, memory) */
	double per_item;	/* total / n */
	enum roof_bound bound;	/* the larger of the two; compute on a tie */
	double intensity;	/* n * flops / (weights + n * act): FLOPs per
				 * byte moved; INFINITY when nothing moves */
	double ridge;		/* (peak * ce) / (bw * me): the intensity above
				 * which the batch is compute bound */
} roof_out;

/* 0 when every field is in its range above, else -1 with the reason in
 * err (lower case, no full stop). */
int roof_check(const roof_in *in, char *err, size_t errlen);

/* Seconds for a batch of n >= 1 items; in must pass roof_check (a bug
 * otherwise: HB_ASSERT). */
double roof_batch_time(const roof_in *in, int64_t n);

/* The same in whole nanoseconds (the engine's clock), rounded to the
 * nearest and at least 1. */
int64_t roof_batch_ns(const roof_in *in, int64_t n);

/* The same time taken apart. */
void roof_explain(const roof_in *in, int64_t n, roof_out *out);

const char *roof_bound_name(enum roof_bound b);	/* "compute", "memory" */

/* The batch sizes a table of batch times needs so that linear
 * interpolation between its rows is the roofline itself at every whole
 * batch size from 1 to max_batch: 1, max_batch, and the two whole sizes
 * around the kink (where compute time overtakes memory time), since both
 * sides of the kink are straight lines in n. Fills n[0..k) ascending and
 * returns k, 1 to ROOF_TABLE_MAX. in must pass roof_check; max_batch >= 1. */
#define ROOF_TABLE_MAX	4
int roof_table(const roof_in *in, int64_t max_batch,
	       int64_t n[ROOF_TABLE_MAX]);

/* Resolve the figures of model m running under runtime rt on device dv.
 * precision names the precision ("fp16"); NULL means the runtime's, and
 * any other value must be the runtime's too. From the catalogs:
 *
 *   flops_per_item     m's flops_per_item
 *   act_bytes_per_item m's activation_bytes_per_item (given at fp16),
 *                      scaled by bytes per element at the precision / 2
 *                      (activations assumed stored at the weights'
 *                      precision, as TensorRT int8 engines do)
 *   weight_bytes       m's params x mem_bytes_per_param(precision)
 *   peak_flops         dv->tflops[precision]
 *   mem_bw             dv->memory_bandwidth
 *   compute_eff, mem_eff, launch   rt's figures
 *
 * m may be NULL: the three per-model fields are then 0, for the caller to
 * fill from a station's own figures. Returns 0, or -1 with err filled:
 * an unknown precision, a precision other than the runtime's, a device
 * without a figure for that precision (naming the device, the precision
 * and the precisions it has), a device without a memory bandwidth. */
int roof_prepare(roof_in *out, const cat_device *dv, const mlcat_model *m,
		 const mlcat_runtime *rt, const char *precision, char *err,
		 size_t errlen);

#endif
