/*
 * t_ml.c: the ML catalog and the roofline (suite `ml`).
 *
 * Four kinds of check:
 *
 *   data     the real, embedded models.json and runtimes.json: every
 *            entry the issue asks for is there, every figure carries a
 *            source, and the figures that their sources derive (Llama's
 *            parameter count from its config, BERT's FLOPs from Kaplan's
 *            formula, an efficiency from a measured throughput) agree with
 *            that derivation redone here;
 *   roof     roofline times computed by hand: a compute-bound and a
 *            memory-bound batch, the crossover between them, batching
 *            amortizing the launch and the weights, the nanosecond
 *            rounding, the checks on a roof_in;
 *   prepare  roof_prepare on the real catalogs: the figures it resolves
 *            and the errors it gives (a device without the precision);
 *   bad      the loader's strictness: a small valid catalog broken one way
 *            at a time must be refused with the right file, path and
 *            message; every allocation failing in turn fails cleanly.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "tutil.h"
#include "core/hb.h"
#include "mem.h"
#include "mlcat.h"
#include "roof.h"

Suite *ml_suite(void);

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static mlcat *load(void)
{
	diag d;
	mlcat *c = NULL;
	char buf[2048];

	if (mlcat_load(&c, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("the ML catalog does not load:\n%s", buf);
	}
	ck_assert_ptr_nonnull(c);
	return c;
}

static cat *load_hw(void)
{
	diag d;
	cat *c = NULL;
	char buf[2048];

	if (cat_load(&c, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("the hardware catalog does not load:\n%s", buf);
	}
	return c;
}




/* ------------------------------------------------------------------ */
/* data                                                                */

START_TEST(required_entries)
{
	static const char *const models[] = {
		"resnet50", "pixellink-mnv2", "crnn", "bert-base",
		"llama-7b-decode",
	};
	static const char *const runtimes[][2] = {
		{ "onnx", "fp32" }, { "onnx", "fp16" }, { "tensorrt", "fp32" },
		{ "tensorrt", "fp16" }, { "tensorrt", "int8" },
		{ "pytorch", "fp32" }, { "pytorch", "bf16" },
	};
	mlcat *c = load();

	for (int i = 0; i < N(models); i++)
		ck_assert_msg(mlcat_model_find(c, models[i]), "no model %s",
			      models[i]);
	for (int i = 0; i < N(runtimes); i++) {
		const mlcat_runtime *rt = mlcat_runtime_find(c, runtimes[i][0],
							     runtimes[i][1]);
		char id[64];

		ck_assert_msg(rt, "no runtime %s-%s", runtimes[i][0],
			      runtimes[i][1]);
		snprintf(id, sizeof id, "%s-%s", runtimes[i][0],
			 runtimes[i][1]);
		ck_assert_str_eq(rt->id, id);
		ck_assert_ptr_eq(mlcat_runtime_find_id(c, id), rt);
		ck_assert_str_eq(rt->precision, cat_prec_name(rt->prec));
	}
	ck_assert_ptr_null(mlcat_model_find(c, "resnet51"));
	ck_assert_ptr_null(mlcat_runtime_find(c, "tensorrt", "fp12"));
	ck_assert_ptr_null(mlcat_runtime_find(c, "tensor", "fp16"));
	ck_assert_ptr_null(mlcat_runtime_find_id(c, "tensorrt"));
	for (int i = 0; i < mlcat_nmodels(c); i++)
		ck_assert_ptr_eq(mlcat_model_find(c, mlcat_model_at(c, i)->id),
				 mlcat_model_at(c, i));
	mlcat_free(c);
	mlcat_free(NULL);
}
END_TEST

START_TEST(every_figure_has_a_source)
{
	mlcat *c = load();

	for (int i = 0; i < mlcat_nmodels(c); i++) {
		const mlcat_model *m = mlcat_model_at(c, i);

		ck_assert(!tu_blank(m->name) && !tu_blank(m->item));
		tu_check_fig(m->id, "params", m->params);
		tu_check_fig(m->id, "flops_per_item", m->flops_per_item);
		tu_check_fig(m->id, "activation_bytes_per_item",
			  m->activation_bytes_per_item);
		ck_assert(!isnan(m->params.v) && !isnan(m->flops_per_item.v) &&
			  !isnan(m->activation_bytes_per_item.v));
		tu_check_fig(m->id, "layers", m->layers);
		tu_check_fig(m->id, "kv_heads", m->kv_heads);
		tu_check_fig(m->id, "head_dim", m->head_dim);
		tu_check_fig(m->id, "hidden", m->hidden);
	}
	for (int i = 0; i < mlcat_nruntimes(c); i++) {
		const mlcat_runtime *rt = mlcat_runtime_at(c, i);
		const cat_fig *f[] = { &rt->compute_efficiency,
				       &rt->memory_efficiency,
				       &rt->launch_overhead };

		ck_assert(!tu_blank(rt->name));
		for (int k = 0; k < N(f); k++) {
			tu_check_fig(rt->id, "figure", *f[k]);
			/* No efficiency is a number read off a page: each
			 * is worked out from a measurement or assumed, and
			 * its source must say which. */
			ck_assert_msg(strstr(f[k]->source, "derived") ||
				      strstr(f[k]->source, "assumption"),
				      "%s: a source that says neither "
				      "\"derived\" nor \"assumption\"", rt->id);
		}
		ck_assert(rt->compute_efficiency.v <= 1 &&
			  rt->memory_efficiency.v <= 1);
		ck_assert(rt->launch_overhead.v < 0.1);
	}
	mlcat_free(c);
}
END_TEST

/* The models' figures against the documents and derivations their
 * sources name. */
START_TEST(model_figures)
{
	mlcat *c = load();
	const mlcat_model *r = mlcat_model_find(c, "resnet50");
	const mlcat_model *b = mlcat_model_find(c, "bert-base");
	const mlcat_model *l7 = mlcat_model_find(c, "llama-7b-decode");
	const mlcat_model *l70 = mlcat_model_find(c, "llama-70b-decode");
	double nonemb;

	/* ResNet-50: 25.6M parameters, 4.1 GMACs = 8.2 GFLOPs an image. */
	ck_assert(tu_near(r->params.v, 25.6e6, 0.01));
	ck_assert(tu_near(r->flops_per_item.v, 2 * 4.1e9, 0.01));
	/* 11.115M activations x 2 bytes x written and read. */
	ck_assert(tu_near(r->activation_bytes_per_item.v, 11.115e6 * 2 * 2,
		       1e-3));
	/* BERT-base: 110M; Kaplan's 2N + 2 n_layer n_ctx d per token with
	 * N = 12 n_layer d^2, over 128 tokens. */
	ck_assert(b->params.v == 110e6);
	nonemb = 12.0 * 12 * 768 * 768;
	ck_assert(tu_near(b->flops_per_item.v,
		       (2 * nonemb + 2.0 * 12 * 128 * 768) * 128, 1e-3));
	ck_assert(b->kv_heads.v * b->head_dim.v == b->hidden.v);
	/* Llama 2 7B from its config: embeddings and head, 32 layers of
	 * attention (4 d^2) and SwiGLU MLP (3 d x 11008), 65 norms. */
	ck_assert(l7->params.v == 2.0 * 32000 * 4096 +
		  32.0 * (4.0 * 4096 * 4096 + 3.0 * 4096 * 11008) +
		  65.0 * 4096);
	ck_assert(tu_near(l7->params.v, 6.7e9, 0.01));
	ck_assert(tu_near(l7->flops_per_item.v, 2 * l7->params.v, 1e-3));
	ck_assert(l7->layers.v == 32 && l7->kv_heads.v == 32 &&
		  l7->head_dim.v == 128 && l7->hidden.v == 4096);
	/* Llama 2 70B: grouped-query attention, 8 KV heads of 64. */
	ck_assert(l70->params.v == 2.0 * 32000 * 8192 +
		  80.0 * (2.0 * 8192 * 8192 + 2.0 * 8192 * 1024 +
			  3.0 * 8192 * 28672) + 161.0 * 8192);
	ck_assert(tu_near(l70->flops_per_item.v, 2 * l70->params.v, 1e-3));
	ck_assert(tu_near(l70->activation_bytes_per_item.v,
		       ((8.0 * 8192 + 3.0 * 28672) * 80 + 32000) * 4, 1e-3));
	ck_assert(l70->kv_heads.v == 8 && l70->layers.v == 80);
	/* A CNN has no transformer shape. */
	ck_assert(isnan(r->kv_heads.v) && isnan(r->head_dim.v));
	mlcat_free(c);
}
END_TEST

/* The runtimes' efficiencies redone from the measurements their sources
 * cite, to the two digits the data keeps. */
START_TEST(runtime_derivations)
{
	mlcat *c = load();
	const mlcat_runtime *trt16 = mlcat_runtime_find(c, "tensorrt", "fp16");
	const mlcat_runtime *trt32 = mlcat_runtime_find(c, "tensorrt", "fp32");
	const mlcat_runtime *pt32 = mlcat_runtime_find(c, "pytorch", "fp32");
	const mlcat_runtime *ptbf = mlcat_runtime_find(c, "pytorch", "bf16");
	double ce;

	/* V100, TensorRT 4, ResNet-50 (7.6e9 FLOPs), batch 256. */
	ck_assert(fabs(trt16->compute_efficiency.v - 6444 * 7.6e9 / 125e12) <
		  0.005);
	ck_assert(fabs(trt32->compute_efficiency.v - 1592.7 * 7.6e9 /
		       15.7e12) < 0.005);
	/* T4, PyTorch, ResNet-50 v1.5 (8.216e9 FLOPs). */
	ce = 428 * 8.216e9 / 8.1e12;
	ck_assert(fabs(pt32->compute_efficiency.v - ce) < 0.005);
	ck_assert(fabs(ptbf->compute_efficiency.v - 1198 * 8.216e9 / 65e12) <
		  0.005);
	/* Launch: batch-1 latency minus one image's compute time. */
	ck_assert(fabs(pt32->launch_overhead.v -
		       (10.7e-3 - 8.216e9 / (8.1e12 *
					     pt32->compute_efficiency.v))) <
		  0.05e-3);
	ck_assert(fabs(ptbf->launch_overhead.v -
		       (12.96e-3 - 8.216e9 / (65e12 *
					      ptbf->compute_efficiency.v))) <
		  0.05e-3);
	ck_assert(tu_near(trt16->launch_overhead.v, 0.42e-3, 1e-12));
	mlcat_free(c);
}
END_TEST

START_TEST(precision_names)
{
	enum cat_prec p;

	for (int i = 0; i < CAT_NPREC; i++) {
		ck_assert_int_eq(mlcat_prec_parse(cat_prec_name(i), &p), 0);
		ck_assert_int_eq(p, i);
	}
	ck_assert_int_eq(mlcat_prec_parse("FP16", &p), -1);
	ck_assert_int_eq(mlcat_prec_parse("", &p), -1);
	ck_assert_int_eq(mlcat_prec_parse(NULL, &p), -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* roof                                                                */

/* A device of 100 TFLOPS and 1 TB/s, an ideal runtime. */
static roof_in ideal(void)
{
	return (roof_in){
		.flops_per_item = 0, .act_bytes_per_item = 0,
		.weight_bytes = 0, .peak_flops = 100e12, .mem_bw = 1e12,
		.compute_eff = 1, .mem_eff = 1, .launch = 0,
	};
}

START_TEST(compute_bound_by_hand)
{
	roof_in in = ideal();
	roof_out o;

	/* 8.2 GFLOPs on 100 TFLOPS at efficiency 0.5: 8.2e9 / 5e13 =
	 * 164 us; 1 MB of activations at 1 TB/s (0.8 efficiency) is
	 * 1.25 us, far below. */
	in.flops_per_item = 8.2e9;
	in.compute_eff = 0.5;
	in.act_bytes_per_item = 1e6;
	in.mem_eff = 0.8;
	roof_explain(&in, 1, &o);
	ck_assert(tu_near(o.compute, 164e-6, 1e-12));
	ck_assert(tu_near(o.memory, 1.25e-6, 1e-12));
	ck_assert_int_eq(o.bound, ROOF_COMPUTE);
	ck_assert(tu_near(o.total, 164e-6, 1e-12));
	ck_assert(tu_near(roof_batch_time(&in, 1), 164e-6, 1e-12));
	ck_assert_int_eq(roof_batch_ns(&in, 1), 164000);
	/* Four items, and a launch of 10 us: 4 x 164 + 10 = 666 us. */
	in.launch = 10e-6;
	ck_assert(tu_near(roof_batch_time(&in, 4), 666e-6, 1e-12));
	ck_assert_int_eq(roof_batch_ns(&in, 4), 666000);
	roof_explain(&in, 4, &o);
	ck_assert(tu_near(o.per_item, 166.5e-6, 1e-12));
	ck_assert(tu_near(o.intensity, 8.2e9 / 1e6, 1e-12));
	ck_assert(tu_near(o.ridge, 50e12 / 0.8e12, 1e-12));
	ck_assert_str_eq(roof_bound_name(o.bound), "compute");
}
END_TEST

START_TEST(memory_bound_by_hand)
{
	roof_in in = ideal();
	roof_out o;

	/* A 7B decode step at fp16: 14 GB of weights read at 2 TB/s x 0.7
	 * = 10 ms, while 14 GFLOPs at 312 TFLOPS x 0.5 take 89.7 us; with a
	 * launch of 1 ms the step takes 11 ms. */
	in.weight_bytes = 14e9;
	in.flops_per_item = 14e9;
	in.peak_flops = 312e12;
	in.compute_eff = 0.5;
	in.mem_bw = 2e12;
	in.mem_eff = 0.7;
	in.launch = 1e-3;
	roof_explain(&in, 1, &o);
	ck_assert(tu_near(o.memory, 10e-3, 1e-12));
	ck_assert(tu_near(o.compute, 14e9 / 156e12, 1e-12));
	ck_assert_int_eq(o.bound, ROOF_MEMORY);
	ck_assert_str_eq(roof_bound_name(o.bound), "memory");
	ck_assert(tu_near(o.total, 11e-3, 1e-12));
	ck_assert_int_eq(roof_batch_ns(&in, 1), 11000000);
	/* 16 tokens read the weights once: still 11 ms a step. */
	ck_assert(tu_near(roof_batch_time(&in, 16), 11e-3, 1e-12));
	/* Intensity: 1 FLOP per byte, far below the ridge of 111. */
	ck_assert(tu_near(o.intensity, 1, 1e-12));
	ck_assert(tu_near(o.ridge, 156e12 / 1.4e12, 1e-12));
}
END_TEST

/* Where the bound changes: n x F / P' = (W + n x A) / B', so
 * n* = W / (F B' / P' - A). Below n* the batch is memory bound. */
START_TEST(crossover)
{
	roof_in in = ideal();
	double pe, be, nstar;
	roof_out o;

	in.weight_bytes = 1e9;
	in.act_bytes_per_item = 1e6;
	in.flops_per_item = 1e10;
	in.compute_eff = 0.5;
	in.mem_eff = 0.5;
	pe = in.peak_flops * in.compute_eff;
	be = in.mem_bw * in.mem_eff;
	nstar = in.weight_bytes / (in.flops_per_item * be / pe -
				   in.act_bytes_per_item);
	ck_assert(nstar > 5 && nstar < 1000);
	roof_explain(&in, (int64_t)floor(nstar), &o);
	ck_assert_int_eq(o.bound, ROOF_MEMORY);
	ck_assert(o.intensity < o.ridge);
	roof_explain(&in, (int64_t)ceil(nstar) + 1, &o);
	ck_assert_int_eq(o.bound, ROOF_COMPUTE);
	ck_assert(o.intensity > o.ridge);
	/* On the ridge itself the two times are equal, bit for bit (the same
	 * products: F = A, P ce = B me, no weights): roof.h says a tie is
	 * compute bound. */
	in = ideal();
	in.weight_bytes = 0;
	in.flops_per_item = in.act_bytes_per_item = 1e6;
	in.peak_flops = in.mem_bw = 1e12;
	in.compute_eff = in.mem_eff = 0.5;
	roof_explain(&in, 8, &o);
	ck_assert(o.compute == o.memory);
	ck_assert_int_eq(o.bound, ROOF_COMPUTE);
}
END_TEST

/* Batching amortizes the launch and the weights: with a launch > 0 the
 * time per item falls strictly with every item added, and tends to the
 * larger of the per-item compute and activation times. */
START_TEST(batching_amortizes)
{
	roof_in in = ideal();
	double prev = INFINITY, lim;

	in.weight_bytes = 51.1e6;	/* ResNet-50 at fp16 */
	in.act_bytes_per_item = 44.46e6;
	in.flops_per_item = 8.216e9;
	in.peak_flops = 65e12;		/* T4, fp16 */
	in.mem_bw = 320e9;
	in.compute_eff = 0.39;
	in.mem_eff = 0.8;
	in.launch = 0.42e-3;
	for (int64_t n = 1; n <= 1024; n++) {
		double per = roof_batch_time(&in, n) / (double)n;

		ck_assert_msg(per < prev, "time per item rose at n = %lld",
			      (long long)n);
		prev = per;
	}
	lim = fmax(in.flops_per_item / (in.peak_flops * in.compute_eff),
		   in.act_bytes_per_item / (in.mem_bw * in.mem_eff));
	ck_assert(tu_near(roof_batch_time(&in, 1000000) / 1e6, lim, 1e-4));
	/* Without a launch, a memory-bound batch still gains from reading
	 * the weights once. */
	in.launch = 0;
	in.flops_per_item = 1e6;
	ck_assert(roof_batch_time(&in, 8) / 8 < roof_batch_time(&in, 1));
}
END_TEST

START_TEST(nanoseconds)
{
	roof_in in = ideal();

	/* 1 FLOP at 100 TFLOPS is 1e-14 s: at least 1 ns. */
	in.flops_per_item = 1;
	ck_assert_int_eq(roof_batch_ns(&in, 1), 1);
	/* 1.5e5 FLOPs: 1.5 ns rounds to 2; 1.4e5: 1.4 ns rounds to 1. */
	in.flops_per_item = 1.5e5;
	ck_assert_int_eq(roof_batch_ns(&in, 1), 2);
	in.flops_per_item = 1.4e5;
	ck_assert_int_eq(roof_batch_ns(&in, 1), 1);
	/* An hour. */
	in.flops_per_item = 100e12 * 3600;
	ck_assert_int_eq(roof_batch_ns(&in, 1), INT64_C(3600000000000));
}
END_TEST

START_TEST(check_rejects)
{
	roof_in in = ideal();
	char err[200];

	ck_assert_int_eq(roof_check(&in, err, sizeof err), 0);
	in.compute_eff = 0;
	ck_assert_int_eq(roof_check(&in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "compute efficiency is 0"), "%s", err);
	in = ideal();
	in.mem_eff = 1.5;
	ck_assert_int_eq(roof_check(&in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "in (0, 1]"), "%s", err);
	in = ideal();
	in.peak_flops = NAN;
	ck_assert_int_eq(roof_check(&in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "peak FLOP/s"), "%s", err);
	in = ideal();
	in.flops_per_item = -1;
	ck_assert_int_eq(roof_check(&in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "0 or more"), "%s", err);
	in = ideal();
	in.launch = INFINITY;
	ck_assert_int_eq(roof_check(&in, NULL, 0), -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* prepare                                                             */

static int prep(const cat *hw, const mlcat *ml, const char *dev,
		const char *model, const char *rt, const char *prec,
		roof_in *in, char *err, size_t n)
{
	const cat_device *dv = cat_device_find(hw, dev);
	const mlcat_runtime *r = mlcat_runtime_find_id(ml, rt);

	ck_assert_msg(dv && r, "%s or %s missing", dev, rt);
	return roof_prepare(in, dv, model ? mlcat_model_find(ml, model) :
			    NULL, r, prec, err, n);
}

START_TEST(prepare_resolves)
{
	cat *hw = load_hw();
	mlcat *ml = load();
	const mlcat_model *r = mlcat_model_find(ml, "resnet50");
	const mlcat_runtime *rt = mlcat_runtime_find(ml, "tensorrt", "fp16");
	const cat_device *h = cat_device_find(hw, "h100-sxm");
	roof_in in;
	char err[200];

	ck_assert_int_eq(prep(hw, ml, "h100-sxm", "resnet50", "tensorrt-fp16",
			      NULL, &in, err, sizeof err), 0);
	ck_assert(in.flops_per_item == r->flops_per_item.v);
	ck_assert(in.act_bytes_per_item == r->activation_bytes_per_item.v);
	ck_assert(in.weight_bytes == r->params.v * 2);
	ck_assert(in.peak_flops == h->tflops[CAT_FP16].v);
	ck_assert(in.mem_bw == h->memory_bandwidth.v);
	ck_assert(in.compute_eff == rt->compute_efficiency.v);
	ck_assert(in.mem_eff == rt->memory_efficiency.v);
	ck_assert(in.launch == rt->launch_overhead.v);
	/* The same precision named explicitly. */
	ck_assert_int_eq(prep(hw, ml, "h100-sxm", "resnet50", "tensorrt-fp16",
			      "fp16", &in, err, sizeof err), 0);
	/* int8: one byte a weight, activations halved from fp16. */
	ck_assert_int_eq(prep(hw, ml, "t4", "resnet50", "tensorrt-int8",
			      NULL, &in, err, sizeof err), 0);
	ck_assert(in.weight_bytes == r->params.v);
	ck_assert(in.act_bytes_per_item == r->activation_bytes_per_item.v / 2);
	ck_assert(in.peak_flops == 130e12);
	/* fp32: four bytes a weight, activations doubled. */
	ck_assert_int_eq(prep(hw, ml, "t4", "resnet50", "onnx-fp32", NULL,
			      &in, err, sizeof err), 0);
	ck_assert(in.weight_bytes == r->params.v * 4);
	ck_assert(in.act_bytes_per_item ==
		  r->activation_bytes_per_item.v * 2);
	/* ResNet-50, ONNX Runtime fp32 on a T4, batch 64: compute bound,
	 * 64 x 8.216e9 / (8.1e12 x 0.43) + 1 ms. */
	ck_assert(tu_near(roof_batch_time(&in, 64),
		       64 * 8.216e9 / (8.1e12 * 0.43) + 1e-3, 1e-9));
	/* Without a model, the per-model figures are left for the caller. */
	ck_assert_int_eq(prep(hw, ml, "a100-40gb", NULL, "pytorch-bf16", NULL,
			      &in, err, sizeof err), 0);
	ck_assert(in.flops_per_item == 0 && in.weight_bytes == 0 &&
		  in.act_bytes_per_item == 0);
	ck_assert(in.peak_flops == 312e12);
	mlcat_free(ml);
	cat_free(hw);
}
END_TEST

START_TEST(prepare_errors)
{
	cat *hw = load_hw();
	mlcat *ml = load();
	roof_in in;
	char err[200];

	/* A T4 has no bf16: the message names the card, the precision and
	 * what the card has. */
	ck_assert_int_eq(prep(hw, ml, "t4", "resnet50", "pytorch-bf16", NULL,
			      &in, err, sizeof err), -1);
	ck_assert_str_eq(err, "t4 has no bf16 peak in the catalog (it has: "
			 "fp32 fp16 int8 int4)");
	/* H100 has no int4 path. */
	ck_assert_int_eq(prep(hw, ml, "h100-sxm", "resnet50", "tensorrt-int8",
			      "int4", &in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "runs at int8, not int4"), "%s", err);
	ck_assert_int_eq(prep(hw, ml, "h100-sxm", "resnet50", "tensorrt-fp16",
			      "fp12", &in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "unknown precision \"fp12\""), "%s", err);
	/* A NIC has no peak at all. */
	ck_assert_int_eq(prep(hw, ml, "connectx-7", "resnet50", "onnx-fp32",
			      NULL, &in, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "connectx-7 has no fp32 peak") &&
		      strstr(err, "(it has: none)"), "%s", err);
	/* A CPU with a chip peak and a bandwidth works. */
	ck_assert_int_eq(prep(hw, ml, "xeon-8480c", "resnet50", "onnx-fp32",
			      NULL, &in, err, sizeof err), 0);
	mlcat_free(ml);
	cat_free(hw);
}
END_TEST

/* ------------------------------------------------------------------ */
/* bad                                                                 */

static const char good_models[] =
	"{\n"
	"  \"m\": {\"name\": \"M\", \"item\": \"image\",\n"
	"    \"params\": {\"value\": \"25M\", \"source\": \"s1\"},\n"
	"    \"flops_per_item\": {\"value\": 8e9, \"source\": \"s2\"},\n"
	"    \"activation_bytes_per_item\": {\"value\": \"40MB\", \"source\": \"s3\"}},\n"
	"  \"t\": {\"name\": \"T\", \"item\": \"token\",\n"
	"    \"params\": {\"value\": 7e9, \"source\": \"s4\"},\n"
	"    \"flops_per_item\": {\"value\": 14e9, \"source\": \"s5\"},\n"
	"    \"activation_bytes_per_item\": {\"value\": 8e6, \"source\": \"s6\"},\n"
	"    \"layers\": {\"value\": 32, \"source\": \"s7\"},\n"
	"    \"kv_heads\": {\"value\": 8, \"source\": \"s8\"},\n"
	"    \"head_dim\": {\"value\": 128, \"source\": \"s9\"},\n"
	"    \"hidden\": {\"value\": 4096, \"source\": \"s10\"}}\n"
	"}\n";

static const char good_runtimes[] =
	"{\n"
	"  \"trt-fp16\": {\"name\": \"R\",\n"
	"    \"compute_efficiency\": {\"value\": 0.4, \"source\": \"r1\"},\n"
	"    \"memory_efficiency\": {\"value\": 0.8, \"source\": \"r2\"},\n"
	"    \"launch_overhead\": {\"value\": \"0.5ms\", \"source\": \"r3\"}},\n"
	"  \"my-rt-int8\": {\"name\": \"Q\",\n"
	"    \"compute_efficiency\": {\"value\": 1, \"source\": \"r4\"},\n"
	"    \"memory_efficiency\": {\"value\": 0.5, \"source\": \"r5\"},\n"
	"    \"launch_overhead\": {\"value\": 2e-6, \"source\": \"r6\"}}\n"
	"}\n";

/* The two files among others the loader must ignore. */
static int load2(const char *models, const char *runtimes, mlcat **c,
		 diag *d)
{
	const struct embed_file f[] = {
		{ "devices.json", "not read here" },
		{ "models.json", models }, { "runtimes.json", runtimes },
	};

	return mlcat_load_files(c, f, 3, d);
}

START_TEST(small_catalog_loads)
{
	mlcat *c;
	diag d;
	char buf[2048];
	const mlcat_model *m, *t;
	const mlcat_runtime *r;

	if (load2(good_models, good_runtimes, &c, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("%s", buf);
	}
	ck_assert_int_eq(mlcat_nmodels(c), 2);
	ck_assert_int_eq(mlcat_nruntimes(c), 2);
	m = mlcat_model_at(c, 0);
	t = mlcat_model_find(c, "t");
	ck_assert(m->params.v == 25e6 && m->activation_bytes_per_item.v ==
		  40e6);
	ck_assert_str_eq(m->params.source, "s1");
	ck_assert_str_eq(m->item, "image");
	ck_assert(isnan(m->layers.v) && !m->layers.source);
	ck_assert(t->layers.v == 32 && t->kv_heads.v == 8 &&
		  t->hidden.v == 4096);
	r = mlcat_runtime_find(c, "trt", "fp16");
	ck_assert(tu_near(r->launch_overhead.v, 0.5e-3, 1e-12));
	ck_assert_int_eq(r->prec, CAT_FP16);
	/* The runtime's name splits at the last '-'. */
	r = mlcat_runtime_find(c, "my-rt", "int8");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->id, "my-rt-int8");
	ck_assert(r->compute_efficiency.v == 1);
	mlcat_free(c);
}
END_TEST

typedef struct bad {
	int file;		/* 0 models, 1 runtimes */
	const char *from, *to;
	const char *path;
	const char *msg;
} bad;

static const bad bads[] = {
	{ 0, "{\"value\": 8e9, \"source\": \"s2\"}", "{\"value\": 8e9}",
	  "m.flops_per_item", "needs a \"source\"" },
	{ 0, "\"s3\"", "\" \"", "m.activation_bytes_per_item.source",
	  "must not be empty" },
	{ 0, "\"40MB\"", "\"40 parsecs\"", "m.activation_bytes_per_item.value",
	  "\"40 parsecs\" is not a size" },
	{ 0, "\"item\": \"image\",", "\"item\": \"image\", \"colour\": 1,",
	  "m.colour", "unknown key \"colour\"" },
	{ 0, "\"name\": \"M\",", "\"name\": \"M\", \"name\": \"N\",", "m",
	  "duplicate key \"name\"" },
	{ 0, "\"item\": \"image\",", "", "m", "missing required key \"item\"" },
	{ 0, "    \"params\": {\"value\": \"25M\", \"source\": \"s1\"},\n", "",
	  "m", "missing required key \"params\"" },
	{ 0, "{\"value\": 32,", "{\"value\": 32.5,", "t.layers.value",
	  "whole number" },
	{ 0, "{\"value\": 32,", "{\"value\": \"32\",", "t.layers.value",
	  "expected a whole number" },
	{ 0, "{\"value\": 7e9,", "{\"value\": 7e19,", "t.params.value",
	  "implausibly large" },
	{ 0, "{\"value\": 7e9,", "{\"value\": 0,", "t.params.value",
	  "must be more than 0" },
	{ 0, "    \"head_dim\": {\"value\": 128, \"source\": \"s9\"},\n", "",
	  "t", "needs all of kv_heads, head_dim and hidden (2 of 3" },
	{ 0, "    \"layers\": {\"value\": 32, \"source\": \"s7\"},\n", "", "t",
	  "missing required key \"layers\"" },
	{ 0, "{\"value\": 4096,", "{\"value\": 512,", "t",
	  "kv_heads x head_dim = 1024 is more than hidden 512" },
	{ 0, "\"m\":", "\"m n\":", "[\"m n\"]", "not a valid id" },
	{ 0, "\"s10\"}}\n", "\"s10\"}},\n", "", "invalid JSON" },
	{ 0, "\"name\": \"T\"", "\"name\": 7", "t.name", "expected a string" },
	{ 1, "{\"value\": 0.4,", "{\"value\": 1.5,",
	  "trt-fp16.compute_efficiency.value", "fraction in (0, 1]" },
	{ 1, "{\"value\": 0.8,", "{\"value\": \"80%\",",
	  "trt-fp16.memory_efficiency.value", "expected a fraction" },
	{ 1, "\"0.5ms\"", "\"0.5 parsecs\"",
	  "trt-fp16.launch_overhead.value", "is not a duration" },
	{ 1, "\"0.5ms\"", "\"20s\"", "trt-fp16.launch_overhead.value",
	  "implausibly large" },
	{ 1, "\"trt-fp16\":", "\"trt-fp12\":", "trt-fp12",
	  "is not <runtime>-<precision>" },
	{ 1, "\"trt-fp16\":", "\"tensorrt\":", "tensorrt",
	  "is not <runtime>-<precision>" },
	{ 1, "\"trt-fp16\":", "\"-fp16\":", "-fp16",
	  "is not <runtime>-<precision>" },
	{ 1, "    \"memory_efficiency\": {\"value\": 0.8, \"source\": \"r2\"},\n",
	  "", "trt-fp16", "missing required key \"memory_efficiency\"" },
	{ 1, "\"name\": \"R\",", "\"name\": \"R\", \"batch\": 8,",
	  "trt-fp16.batch", "unknown key \"batch\"" },
	{ 1, "{\"name\": \"Q\",", "[", "", "invalid JSON" },
};

START_TEST(bad_catalog)
{
	const bad *b = &bads[_i];
	const char *good[2] = { good_models, good_runtimes };
	static const char *const names[2] = { "models.json", "runtimes.json" };
	char *broken = tu_replace(good[b->file], b->from, b->to);
	const char *t[2] = { good[0], good[1] };
	mlcat *c = (mlcat *)&c;	/* not NULL: the failure must clear it */
	diag d;

	t[b->file] = broken;
	ck_assert_int_eq(load2(t[0], t[1], &c, &d), -1);
	ck_assert_ptr_null(c);
	tu_check_diag(&d, _i, names[b->file], b->path, b->msg);
	hb_free(broken);
}
END_TEST

/* The real data broken on one line: the report names that line. */
START_TEST(bad_real_data_line)
{
	const char *mod = NULL, *rt = NULL;
	char *broken;
	const char *at;
	int line = 1;
	mlcat *c;
	diag d;

	for (int i = 0; i < embed_nfiles; i++) {
		if (!strcmp(embed_files[i].name, "models.json"))
			mod = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "runtimes.json"))
			rt = embed_files[i].text;
	}
	ck_assert(mod && rt);
	broken = tu_replace(rt, "\"0.42ms\"", "\"0.42 parsecs\"");
	for (at = broken; at < strstr(broken, "parsecs"); at++)
		line += *at == '\n';
	ck_assert_int_eq(load2(mod, broken, &c, &d), -1);
	ck_assert_int_eq(d.line, line);
	ck_assert_str_eq(d.path, "tensorrt-fp32.launch_overhead.value");
	hb_free(broken);
}
END_TEST

START_TEST(missing_and_repeated_files)
{
	const struct embed_file one[] = { { "models.json", good_models } };
	const struct embed_file twice[] = {
		{ "models.json", good_models },
		{ "runtimes.json", good_runtimes },
		{ "models.json", good_models },
	};
	mlcat *c;
	diag d;

	ck_assert_int_eq(mlcat_load_files(&c, one, 1, &d), -1);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(d.msg, "catalog file runtimes.json is missing");
	ck_assert_int_eq(mlcat_load_files(&c, twice, 3, &d), -1);
	ck_assert_str_eq(d.msg, "catalog file models.json is there twice");
}
END_TEST

/* Fail each allocation in turn until a load needs no more: each failure
 * is reported as such and leaks nothing (the SAN build sees leaks). */
static void oom_walk(const char *mod, const char *rt, int step)
{
	int k, ok = 0;

	for (k = 1; k < 100000; k += step) {
		mlcat *c;
		diag d;
		int rc;

		hb_fail_after(k);
		rc = load2(mod, rt, &c, &d);
		hb_fail_after(0);
		if (rc == 0) {
			ok = 1;
			mlcat_free(c);
			break;
		}
		ck_assert_ptr_null(c);
		ck_assert_msg(!strcmp(d.msg, "out of memory"), "allocation %d: "
			      "%s", k, d.msg);
	}
	ck_assert_msg(ok, "never loaded");
	ck_assert_int_gt(k, 1);
}

START_TEST(out_of_memory)
{
	const char *mod = NULL, *rt = NULL;

	oom_walk(good_models, good_runtimes, 1);
	for (int i = 0; i < embed_nfiles; i++) {
		if (!strcmp(embed_files[i].name, "models.json"))
			mod = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "runtimes.json"))
			rt = embed_files[i].text;
	}
	oom_walk(mod, rt, 7);
}
END_TEST

Suite *ml_suite(void)
{
	Suite *s = suite_create("ml");
	TCase *data = tcase_create("data");
	TCase *roof = tcase_create("roof");
	TCase *prepare = tcase_create("prepare");
	TCase *bads_tc = tcase_create("bad");

	tcase_add_test(data, required_entries);
	tcase_add_test(data, every_figure_has_a_source);
	tcase_add_test(data, model_figures);
	tcase_add_test(data, runtime_derivations);
	tcase_add_test(data, precision_names);
	suite_add_tcase(s, data);
	tcase_add_test(roof, compute_bound_by_hand);
	tcase_add_test(roof, memory_bound_by_hand);
	tcase_add_test(roof, crossover);
	tcase_add_test(roof, batching_amortizes);
	tcase_add_test(roof, nanoseconds);
	tcase_add_test(roof, check_rejects);
	suite_add_tcase(s, roof);
	tcase_add_test(prepare, prepare_resolves);
	tcase_add_test(prepare, prepare_errors);
	suite_add_tcase(s, prepare);
	tcase_add_test(bads_tc, small_catalog_loads);
	tcase_add_loop_test(bads_tc, bad_catalog, 0, N(bads));
	tcase_add_test(bads_tc, bad_real_data_line);
	tcase_add_test(bads_tc, missing_and_repeated_files);
	tcase_add_test(bads_tc, out_of_memory);
	tcase_set_timeout(bads_tc, 60);
	suite_add_tcase(s, bads_tc);
	return s;
}
