/*
 * t_mem.c: GPU memory sizing (suite `mem`).
 *
 * The oracles are the numbers the sources print:
 *
 *   the seed      1B parameters: 4 GB to hold in fp32, 24 GB to train in
 *                 fp32 with Adam (4 + 4 + 8 + 8 bytes); its table's 175B
 *                 and 500B rows follow (700 GB / 4.2 TB, 2 TB / 12 TB);
 *   ZeRO          16 bytes per parameter for mixed-precision Adam
 *                 (2 + 2 + 12), and Hugging Face's 18 with fp32 gradients;
 *   KV cache      Llama 2 7B at context 4096, batch 1, fp16:
 *                 2 x 32 x 32 x 128 x 4096 x 2 = 2^31 bytes, 2 GiB exactly;
 *   LoRA          the paper's |Theta| = 2 x L x d_model x r for W_q and
 *                 W_v of a multi-head model (L = 2 matrices per layer);
 *   GPUs          ceil(total / (memory x 0.9)) at the boundaries.
 *
 * Every amount here is a small multiple of a power of ten or two, so the
 * comparisons are exact: a rule that drifts by one byte fails.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cat.h"
#include "mem.h"

Suite *mem_suite(void);

static mem_req req(double params, enum mem_mode mode, enum cat_prec p)
{
	return (mem_req){ .params = params, .mode = mode, .prec = p,
			  .optim = MEM_ADAM, .batch = 1, .kv_prec = CAT_FP16 };
}

static mem_plan plan(const mem_req *rq)
{
	mem_plan pl;
	char err[200];

	if (mem_plan_make(rq, &pl, err, sizeof err) < 0)
		ck_abort_msg("mem_plan_make: %s", err);
	return pl;
}

/* The plan's terms, by bytes per parameter, are exactly `want`, and each
 * has a rule and a source. */
static void terms_are(const mem_plan *pl, const double *want, int n)
{
	ck_assert_int_eq(pl->nterms, n);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(pl->term[i].per_param == want[i], "term %d (%s): "
			      "%g bytes/param, want %g", i, pl->term[i].name,
			      pl->term[i].per_param, want[i]);
		ck_assert(pl->term[i].name && *pl->term[i].name);
		ck_assert(*pl->term[i].rule);
		ck_assert(pl->term[i].source && strlen(pl->term[i].source) >
			  20);
	}
}

START_TEST(bytes_per_param)
{
	static const double want[CAT_NPREC] = {
		[CAT_FP64] = 8, [CAT_FP32] = 4, [CAT_TF32] = 4,
		[CAT_BF16] = 2, [CAT_FP16] = 2, [CAT_FP8] = 1,
		[CAT_INT8] = 1, [CAT_INT4] = 0.5,
	};

	for (int p = 0; p < CAT_NPREC; p++)
		ck_assert(mem_bytes_per_param((enum cat_prec)p) == want[p]);
}
END_TEST

/* "about 24 GB of GPU memory per billion parameters in full precision,
 * 4 GB to hold them for inference". */
START_TEST(seed_one_billion)
{
	mem_req rq = req(1e9, MEM_TRAIN, CAT_FP32);
	mem_plan pl = plan(&rq);
	static const double seed[] = { 4, 4, 8, 8 };

	ck_assert(pl.total == 24e9);
	ck_assert(pl.per_param == 24);
	terms_are(&pl, seed, 4);
	ck_assert_str_eq(pl.term[0].name, "weights");
	ck_assert_str_eq(pl.term[1].name, "gradients");
	ck_assert_str_eq(pl.term[2].name, "optimizer (Adam)");
	ck_assert(strstr(pl.term[3].name, "activations"));
	ck_assert(strstr(pl.term[0].source, "24"));
	ck_assert_str_eq(pl.term[0].rule, "1B params x 4 bytes (fp32)");
	ck_assert(pl.note && strstr(pl.note, "activations"));
	rq = req(1e9, MEM_INFER, CAT_FP32);
	pl = plan(&rq);
	ck_assert(pl.total == 4e9);
	ck_assert_int_eq(pl.nterms, 1);
	/* tf32 stores fp32: the same rule. */
	rq = req(1e9, MEM_TRAIN, CAT_TF32);
	ck_assert(plan(&rq).total == 24e9);
}
END_TEST

/* The seed's table: 1B, 175B, 500B parameters. */
START_TEST(seed_table)
{
	static const struct {
		double params, infer, train;
	} rows[] = {
		{ 1e9, 4e9, 24e9 },
		{ 175e9, 700e9, 4.2e12 },
		{ 500e9, 2e12, 12e12 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		mem_req t = req(rows[i].params, MEM_TRAIN, CAT_FP32);
		mem_req f = req(rows[i].params, MEM_INFER, CAT_FP32);

		ck_assert_msg(plan(&t).total == rows[i].train, "%g: train %g",
			      rows[i].params, plan(&t).total);
		ck_assert(plan(&f).total == rows[i].infer);
	}
}
END_TEST

START_TEST(mixed_precision)
{
	mem_req rq = req(1e9, MEM_TRAIN, CAT_FP16);
	mem_plan pl = plan(&rq);
	static const double zero[] = { 2, 2, 4, 8 };
	static const double hf[] = { 2, 4, 4, 8 };
	static const double sgd[] = { 2, 2, 4, 4 };

	/* ZeRO: (2 + 2 + 12) Psi. */
	ck_assert(pl.total == 16e9);
	terms_are(&pl, zero, 4);
	ck_assert(strstr(pl.term[0].source, "ZeRO"));
	ck_assert(strstr(pl.note, "16") && strstr(pl.note, "18"));
	/* Hugging Face: fp32 gradients, 18. */
	rq.fp32_grads = 1;
	pl = plan(&rq);
	ck_assert(pl.total == 18e9);
	terms_are(&pl, hf, 4);
	ck_assert(strstr(pl.term[1].source, "Hugging Face"));
	/* bf16 is the same accounting. */
	rq = req(7e9, MEM_TRAIN, CAT_BF16);
	ck_assert(plan(&rq).total == 7e9 * 16);
	ck_assert(strstr(plan(&rq).term[0].rule, "(bf16)"));
	/* SGD with momentum keeps one state: 12 mixed, 20 in fp32. */
	rq.optim = MEM_SGD;
	pl = plan(&rq);
	terms_are(&pl, sgd, 4);
	ck_assert(pl.total == 7e9 * 12);
	rq = req(7e9, MEM_TRAIN, CAT_FP32);
	rq.optim = MEM_SGD;
	ck_assert(plan(&rq).total == 7e9 * 20);
}
END_TEST

START_TEST(inference_precisions)
{
	static const struct {
		enum cat_prec p;
		double total;
	} c[] = {
		{ CAT_FP32, 280e9 }, { CAT_FP16, 140e9 }, { CAT_BF16, 140e9 },
		{ CAT_INT8, 70e9 }, { CAT_FP8, 70e9 }, { CAT_INT4, 35e9 },
		{ CAT_FP64, 560e9 },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		mem_req rq = req(70e9, MEM_INFER, c[i].p);

		ck_assert(plan(&rq).total == c[i].total);
	}
}
END_TEST

START_TEST(kv_cache)
{
	mem_req rq = req(6738415616.0, MEM_INFER, CAT_FP16);
	mem_plan pl;

	/* Llama 2 7B, 4096 tokens, one sequence, fp16: 2 GiB exactly. */
	ck_assert(mem_kv_bytes(32, 32, 128, 4096, 1, 2) == 2147483648.0);
	ck_assert(mem_kv_bytes(32, 32, 128, 4096, 1, 2) ==
		  2.0 * 32 * 32 * 128 * 4096 * 2);
	rq.layers = 32;
	rq.kv_heads = 32;
	rq.head_dim = 128;
	rq.context = 4096;
	pl = plan(&rq);
	ck_assert_int_eq(pl.nterms, 2);
	ck_assert_str_eq(pl.term[1].name, "KV cache");
	ck_assert(pl.term[1].bytes == 2147483648.0);
	ck_assert(isnan(pl.term[1].per_param));
	ck_assert(pl.total == 6738415616.0 * 2 + 2147483648.0);
	ck_assert(pl.per_param == 2);
	ck_assert(strstr(pl.term[1].source, "2 x layers x kv_heads"));
	/* Llama 2 70B (GQA, 8 KV heads), 8192 tokens, batch 16, fp16:
	 * 2 x 80 x 8 x 128 x 8192 x 16 x 2 = 40 GiB. */
	ck_assert(mem_kv_bytes(80, 8, 128, 8192, 16, 2) ==
		  40.0 * 1073741824);
	/* The cache's precision is its own: fp8 halves it. */
	rq.kv_prec = CAT_FP8;
	ck_assert(plan(&rq).term[1].bytes == 1073741824.0);
	/* Linear in context and batch. */
	ck_assert(mem_kv_bytes(32, 32, 128, 8192, 3, 2) ==
		  6 * mem_kv_bytes(32, 32, 128, 4096, 1, 2));
}
END_TEST

START_TEST(lora)
{
	mem_req rq = req(6738415616.0, MEM_TRAIN, CAT_INT4);
	mem_plan pl;
	double a;

	/* W_q and W_v of Llama 2 7B (multi-head: kv width = hidden), r 8:
	 * the paper's 2 x (2 x 32) x 4096 x 8 = 4,194,304. */
	a = mem_lora_params(8, 32, 4096, 32, 128);
	ck_assert(a == 2.0 * (2 * 32) * 4096 * 8);
	ck_assert(a == 4194304);
	/* GPT-3 175B (96 layers, d 12288), r 1 and 8: 4.72M and 37.7M. */
	ck_assert(mem_lora_params(1, 96, 12288, 96, 128) == 2.0 * 192 * 12288);
	ck_assert(mem_lora_params(8, 96, 12288, 96, 128) ==
		  8 * 2.0 * 192 * 12288);
	/* Grouped-query attention: W_v is hidden x (8 x 128). */
	ck_assert(mem_lora_params(16, 80, 8192, 8, 128) ==
		  16.0 * 80 * (2 * 8192 + 8192 + 1024));
	/* QLoRA-style: a 4-bit frozen base plus adapters at 16 bytes. */
	rq.lora_rank = 8;
	rq.layers = 32;
	rq.kv_heads = 32;
	rq.head_dim = 128;
	rq.hidden = 4096;
	pl = plan(&rq);
	ck_assert_int_eq(pl.nterms, 2);
	ck_assert(pl.term[0].bytes == 6738415616.0 * 0.5);
	ck_assert(pl.term[0].per_param == 0.5);
	ck_assert(pl.term[1].bytes == 4194304.0 * 16);
	ck_assert(isnan(pl.term[1].per_param));
	ck_assert(pl.total == 6738415616.0 * 0.5 + 4194304.0 * 16);
	ck_assert(strstr(pl.term[1].source, "LoRA"));
	ck_assert(strstr(pl.term[1].rule, "4194304 params x 16 bytes"));
}
END_TEST

START_TEST(gpus_needed)
{
	/* h100-sxm's 80 GB at 90%: 72 GB each. */
	ck_assert_int_eq(mem_gpus_needed(0, 80e9), 0);
	ck_assert_int_eq(mem_gpus_needed(1, 80e9), 1);
	ck_assert_int_eq(mem_gpus_needed(24e9, 80e9), 1);
	ck_assert_int_eq(mem_gpus_needed(72e9, 80e9), 1);
	ck_assert_int_eq(mem_gpus_needed(72e9 + 1e4, 80e9), 2);
	ck_assert_int_eq(mem_gpus_needed(144e9, 80e9), 2);
	/* The seed's 175B: 4.2 TB to train = 58.3 GPUs, so 59; 700 GB to
	 * serve = 9.7, so 10. */
	ck_assert_int_eq(mem_gpus_needed(4.2e12, 80e9), 59);
	ck_assert_int_eq(mem_gpus_needed(700e9, 80e9), 10);
	/* 2 GiB of KV cache and 13.5 GB of weights on a 16 GB T4
	 * (14.4 GB usable): 15.6 GB, two cards. */
	ck_assert_int_eq(mem_gpus_needed(6738415616.0 * 2 + 2147483648.0,
					 16e9), 2);
	ck_assert(MEM_USABLE == 0.9);
	ck_assert(strstr(mem_usable_source, "assumption"));
}
END_TEST

static void fails(const mem_req *rq, const char *msg)
{
	mem_plan pl;
	char err[200];

	ck_assert_int_eq(mem_plan_make(rq, &pl, err, sizeof err), -1);
	ck_assert_msg(strstr(err, msg), "got \"%s\", want \"%s\"", err, msg);
	ck_assert_int_eq(mem_plan_make(rq, &pl, NULL, 0), -1);
}

START_TEST(errors)
{
	mem_req rq = req(0, MEM_INFER, CAT_FP16);

	fails(&rq, "more than 0");
	rq.params = NAN;
	fails(&rq, "more than 0");
	rq = req(7e9, MEM_TRAIN, CAT_INT8);
	fails(&rq, "no rule for training at int8");
	rq.prec = CAT_INT4;
	fails(&rq, "no rule for training at int4");
	rq.prec = CAT_FP64;
	fails(&rq, "no rule for training at fp64");
	rq.lora_rank = 8;
	fails(&rq, "LoRA needs the model's shape");
	rq = req(7e9, MEM_INFER, CAT_FP16);
	rq.lora_rank = 8;
	fails(&rq, "sized for training");
	rq = req(7e9, MEM_INFER, CAT_FP16);
	rq.context = 4096;
	fails(&rq, "the KV cache needs the model's shape");
	rq.layers = 32;
	rq.kv_heads = 32;
	rq.head_dim = 128;
	rq.batch = 0;
	fails(&rq, "batch must be 1 or more");
	rq.batch = 1;
	rq.mode = MEM_TRAIN;
	fails(&rq, "for inference, not training");
	rq = req(7e9, MEM_TRAIN, CAT_FP16);
	rq.lora_rank = -1;
	fails(&rq, "rank must be 1 or more");
}
END_TEST

Suite *mem_suite(void)
{
	Suite *s = suite_create("mem");
	TCase *rules = tcase_create("rules");
	TCase *errs = tcase_create("errors");

	tcase_add_test(rules, bytes_per_param);
	tcase_add_test(rules, seed_one_billion);
	tcase_add_test(rules, seed_table);
	tcase_add_test(rules, mixed_precision);
	tcase_add_test(rules, inference_precisions);
	tcase_add_test(rules, kv_cache);
	tcase_add_test(rules, lora);
	tcase_add_test(rules, gpus_needed);
	suite_add_tcase(s, rules);
	tcase_add_test(errs, errors);
	suite_add_tcase(s, errs);
	return s;
}
