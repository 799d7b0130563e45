/*
 * roof.c: the roofline time of a batch (roof.h).
 *
 * Pure arithmetic on a roof_in that roof_check has accepted: no state, no
 * allocation, so the engine may call roof_batch_time for every batch it
 * forms. roof_prepare is the one place that reads the catalogs, and it is
 * where a device without a figure for the precision is reported.
 */
#include "roof.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "mem.h"

/* x is finite and in [lo, hi] (lo excluded when open). */
static int in_range(double x, double lo, int open, double hi)
{
	return isfinite(x) && (open ? x > lo : x >= lo) && x <= hi;
}

int roof_check(const roof_in *in, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		size_t off;
		double lo, hi;
		int open;
	} f[] = {
		{ "flops per item", offsetof(roof_in, flops_per_item), 0,
		  INFINITY, 0 },
		{ "activation bytes per item",
		  offsetof(roof_in, act_bytes_per_item), 0, INFINITY, 0 },
		{ "weight bytes", offsetof(roof_in, weight_bytes), 0, INFINITY,
		  0 },
		{ "peak FLOP/s", offsetof(roof_in, peak_flops), 0, INFINITY,
		  1 },
		{ "memory bandwidth", offsetof(roof_in, mem_bw), 0, INFINITY,
		  1 },
		{ "compute efficiency", offsetof(roof_in, compute_eff), 0, 1,
		  1 },
		{ "memory efficiency", offsetof(roof_in, mem_eff), 0, 1, 1 },
		{ "launch overhead", offsetof(roof_in, launch), 0, INFINITY,
		  0 },
	};

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		double x = *(const double *)((const char *)in + f[i].off);

		if (!in_range(x, f[i].lo, f[i].open, f[i].hi))
			return hb_errf(err, errlen, "%s is %g: it must be %s",
				       f[i].name, x, f[i].hi == 1 ?
				       "in (0, 1]" : f[i].open ?
				       "more than 0" : "0 or more");
	}
	return 0;
}

void roof_explain(const roof_in *in, int64_t n, roof_out *out)
{
	double moved;

	HB_ASSERT(n >= 1);
	HB_ASSERT(roof_check(in, NULL, 0) == 0);
	moved = in->weight_bytes + (double)n * in->act_bytes_per_item;
	out->n = n;
	out->compute = (double)n * in->flops_per_item /
		       (in->peak_flops * in->compute_eff);
	out->memory = moved / (in->mem_bw * in->mem_eff);
	out->launch = in->launch;
	out->bound = out->compute >= out->memory ? ROOF_COMPUTE : ROOF_MEMORY;
	out->total = in->launch + (out->bound == ROOF_COMPUTE ? out->compute :
							       out->memory);
	out->per_item = out->total / (double)n;
	out->intensity = moved > 0 ? (double)n * in->flops_per_item / moved :
				     INFINITY;
	out->ridge = in->peak_flops * in->compute_eff /
		     (in->mem_bw * in->mem_eff);
}

double roof_batch_time(const roof_in *in, int64_t n)
{
	roof_out o;

	roof_explain(in, n, &o);
	return o.total;
}

int64_t roof_batch_ns(const roof_in *in, int64_t n)
{
	double ns = roof_batch_time(in, n) * 1e9;

	/* 2^62 ns is 146 years: a batch longer than that is a bug in the
	 * figures, which roof_check bounds only from below. */
	HB_ASSERT(ns < 4.6e18);
	return ns < 1 ? 1 : (int64_t)llround(ns);
}

const char *roof_bound_name(enum roof_bound b)
{
	return b == ROOF_COMPUTE ? "compute" : "memory";
}

int roof_table(const roof_in *in, int64_t max_batch,
	       int64_t n[ROOF_TABLE_MAX])
{
	int64_t B = max_batch;
	double slope = in->flops_per_item / (in->peak_flops * in->compute_eff) -
		       in->act_bytes_per_item / (in->mem_bw * in->mem_eff);
	double kink = slope > 0 ? in->weight_bytes / (in->mem_bw * in->mem_eff) /
				  slope : 0;
	int k = 0;

	HB_ASSERT(max_batch >= 1);
	n[k++] = 1;
	if (kink > 1 && kink < (double)B) {
		if ((int64_t)floor(kink) > 1)
			n[k++] = (int64_t)floor(kink);
		if ((int64_t)ceil(kink) < B && (int64_t)ceil(kink) > n[k - 1])
			n[k++] = (int64_t)ceil(kink);
	}
	if (B > n[k - 1])
		n[k++] = B;
	return k;
}

/* The precisions dv has a peak for, as "fp32 fp16 int8". */
static void precisions_of(const cat_device *dv, char *buf, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int p = 0; p < CAT_NPREC && o + 1 < n; p++)
		if (!isnan(dv->tflops[p].v))
			o += (size_t)snprintf(buf + o, n - o, "%s%s",
					      o ? " " : "",
					      cat_prec_name((enum cat_prec)p));
}

int roof_prepare(roof_in *out, const cat_device *dv, const mlcat_model *m,
		 const mlcat_runtime *rt, const char *precision, char *err,
		 size_t errlen)
{
	enum cat_prec p;
	double bpp;
	char have[96];

	HB_ASSERT(out && dv && rt);
	if (!precision)
		precision = rt->precision;
	if (mlcat_prec_parse(precision, &p) < 0)
		return hb_errf(err, errlen, "unknown precision \"%.40s\" "
			       "(precisions: fp64 fp32 tf32 bf16 fp16 fp8 int8 "
			       "int4)", precision);
	if (p != rt->prec)
		return hb_errf(err, errlen, "runtime %s runs at %s, not %s",
			       rt->id, rt->precision, precision);
	if (isnan(dv->tflops[p].v)) {
		precisions_of(dv, have, sizeof have);
		return hb_errf(err, errlen, "%s has no %s peak in the catalog "
			       "(it has: %s)", dv->id, precision,
			       *have ? have : "none");
	}
	if (isnan(dv->memory_bandwidth.v))
		return hb_errf(err, errlen, "%s has no memory bandwidth in the "
			       "catalog (a %s; a model runs on a cpu or gpu)",
			       dv->id, cat_kind_name(dv->kind));
	bpp = mem_bytes_per_param(p);
	memset(out, 0, sizeof *out);
	if (m) {
		out->flops_per_item = m->flops_per_item.v;
		/* The catalog gives activations at fp16 (2 bytes). */
		out->act_bytes_per_item = m->activation_bytes_per_item.v *
					  bpp / 2;
		out->weight_bytes = m->params.v * bpp;
	}
	out->peak_flops = dv->tflops[p].v;
	out->mem_bw = dv->memory_bandwidth.v;
	out->compute_eff = rt->compute_efficiency.v;
	out->mem_eff = rt->memory_efficiency.v;
	out->launch = rt->launch_overhead.v;
	return roof_check(out, err, errlen);
}
