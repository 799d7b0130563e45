/*
 * mem.c: GPU memory sizing rules (mem.h), each with its source.
 *
 * A plan is a list of terms; each term carries its bytes, its bytes per
 * parameter when it scales with the model, the arithmetic with the
 * request's numbers, and the static text of where its rule comes from, so
 * that `herbie size` can print every line with its justification and a
 * test can check every rule against the number its source gives.
 *
 * Sources (repeated in the strings below, which the command prints):
 *
 *   bytes per parameter   the formats' widths: IEEE 754 binary32 (4),
 *                         binary16 and bfloat16 (2), FP8 and INT8 (1),
 *                         INT4 two to a byte (0.5); the same factors as
 *                         CoreWeave's instance guide (GB per billion
 *                         parameters: FP16 x2, INT8 x1, INT4 x0.5)
 *   fp32 training, Adam   the seed: 4 + 4 + 8 + 8 = 24 bytes per
 *                         parameter, "24 GB per billion parameters, 4 GB
 *                         to hold them for inference", the rule of Fregly,
 *                         Barth and Eigenbrode, Generative AI on AWS
 *                         (O'Reilly 2023, ch. 4) and the DeepLearning.AI /
 *                         AWS course Generative AI with Large Language
 *                         Models: weights 4, Adam's two states 8,
 *                         gradients 4, activations and temporaries 8 ("a
 *                         high-end estimate")
 *   mixed precision, Adam Rajbhandari et al., ZeRO (SC 2020), section 3.1:
 *                         2 (fp16 weights) + 2 (fp16 gradients) + K = 12
 *                         (fp32 weights, momentum, variance) = 16 bytes;
 *                         Hugging Face Transformers, "GPU memory usage"
 *                         (model memory anatomy): weights 6 (fp16 + fp32
 *                         copies) + optimizer 8 + gradients 4 (kept in
 *                         fp32) = 18 bytes
 *   LoRA                  Hu et al., LoRA (ICLR 2022), section 4.1: W0 of
 *                         d x k gets B (d x r) and A (r x k), r(d + k)
 *                         trainable parameters, applied to W_q and W_v in
 *                         the paper's experiments; the base stays frozen
 *                         (no gradients, no optimizer state), at 4 bits in
 *                         QLoRA (Dettmers et al., NeurIPS 2023)
 *   KV cache              K and V of every layer, KV head and position:
 *                         2 x layers x kv_heads x head_dim x context x
 *                         batch x bytes (Pope et al., Efficiently Scaling
 *                         Transformer Inference, MLSys 2023, section 2)
 *   usable fraction       an assumption: 90% of a GPU's memory for these
 *                         terms
 */
#include "mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hb.h"
#include "input/unit.h"

const char *const mem_usable_source =
	"assumption: 90% of each GPU's memory holds these terms; the rest "
	"goes to the CUDA context (300 MB to 2 GB), the allocator's "
	"fragmentation, workspaces and activations; the count assumes the "
	"bytes split evenly across GPUs (tensor or pipeline parallelism, "
	"ZeRO-3/FSDP), which plain data parallelism does not do";

static const char SRC_BYTES[] =
	"the formats' widths: IEEE 754 binary32 4 bytes, binary16 and "
	"bfloat16 2, FP8 and INT8 1, INT4 two per byte (0.5); CoreWeave's "
	"instance guide gives the same GB per billion parameters (FP16 x2, "
	"INT8 x1, INT4 x0.5)";
static const char SRC_SEED[] =
	"the seed's 4 + 4 + 8 + 8 = 24 bytes per parameter for fp32 training "
	"with Adam (Fregly, Barth and Eigenbrode, Generative AI on AWS, "
	"O'Reilly 2023, ch. 4; DeepLearning.AI/AWS course 'Generative AI with "
	"Large Language Models': 4 GB to hold 1B parameters, 24 GB to train "
	"them)";
static const char SRC_GRAD32[] =
	"one fp32 gradient per parameter (Hugging Face Transformers docs, "
	"'GPU memory usage': gradients 4 bytes per parameter); part of the "
	"seed's 24";
static const char SRC_ADAM32[] =
	"Adam's two fp32 states, momentum and variance (Kingma and Ba 2015; "
	"Hugging Face 'GPU memory usage': 8 bytes per parameter for AdamW); "
	"part of the seed's 24";
static const char SRC_SGD32[] =
	"SGD with momentum keeps one fp32 buffer per parameter (4 bytes); "
	"derived with the seed's other terms";
static const char SRC_ALLOW[] =
	"the seed's allowance for activations and temporary memory, 8 bytes "
	"per parameter, 'a high-end estimate' (Generative AI on AWS, ch. 4); "
	"real activations grow with batch and sequence, not parameters";
static const char SRC_ZERO[] =
	"Rajbhandari et al., ZeRO (SC 2020), section 3.1: mixed-precision "
	"Adam holds fp16 weights 2 + fp16 gradients 2 + K = 12 bytes of fp32 "
	"weights, momentum and variance: 16 bytes per parameter";
static const char SRC_HF18[] =
	"Hugging Face Transformers docs, 'GPU memory usage': mixed precision "
	"keeps gradients in fp32 (4 bytes) with fp16 + fp32 weights (6) and "
	"AdamW's 8: 18 bytes per parameter (ZeRO's 16 has fp16 gradients)";
static const char SRC_SGDMIX[] =
	"derived from ZeRO's accounting (SC 2020, section 3.1) with K = 8 for "
	"SGD with momentum: fp32 weights 4 + momentum 4";
static const char SRC_LORA[] =
	"Hu et al., LoRA (ICLR 2022), section 4.1: a frozen W0 of d x k gets "
	"B (d x r) and A (r x k), r(d + k) trainable parameters, here on W_q "
	"and W_v of every layer as in the paper; adapters trained with Adam "
	"at 16 bytes each (ZeRO's 2 + 2 + 12 in mixed precision, 4 + 4 + 8 "
	"in fp32)";
static const char SRC_FROZEN[] =
	"LoRA freezes the base weights: no gradients, no optimizer state (Hu "
	"et al. 2022); held at the given precision, 4-bit in QLoRA (Dettmers "
	"et al., NeurIPS 2023)";
static const char SRC_KV[] =
	"K and V for every layer, KV head and position: 2 x layers x "
	"kv_heads x head_dim x context x batch x bytes (Pope et al., "
	"Efficiently Scaling Transformer Inference, MLSys 2023, section 2)";

double mem_bytes_per_param(enum cat_prec p)
{
	static const double bytes[CAT_NPREC] = {
		[CAT_FP64] = 8, [CAT_FP32] = 4, [CAT_TF32] = 4,
		[CAT_BF16] = 2, [CAT_FP16] = 2, [CAT_FP8] = 1,
		[CAT_INT8] = 1, [CAT_INT4] = 0.5,
	};

	HB_ASSERT((unsigned)p < CAT_NPREC);
	return bytes[p];
}

double mem_kv_bytes(int64_t layers, int64_t kv_heads, int64_t head_dim,
		    int64_t context, int64_t batch, double bytes_per_elem)
{
	return 2.0 * (double)layers * (double)kv_heads * (double)head_dim *
	       (double)context * (double)batch * bytes_per_elem;
}

double mem_lora_params(int64_t rank, int64_t layers, int64_t hidden,
		       int64_t kv_heads, int64_t head_dim)
{
	/* W_q: hidden x hidden; W_v: hidden x (kv_heads x head_dim). */
	double wq = (double)hidden + (double)hidden;
	double wv = (double)hidden + (double)kv_heads * (double)head_dim;

	return (double)rank * (double)layers * (wq + wv);
}

int64_t mem_gpus_needed(double total_bytes, double gpu_memory)
{
	double n, k;

	HB_ASSERT(total_bytes >= 0 && gpu_memory > 0);
	n = total_bytes / (gpu_memory * MEM_USABLE);
	k = ceil(n);
	/* 0.9 is not exact in binary: a total of exactly k usable GPUs
	 * must not round up to k + 1. */
	if (k > 1 && n - (k - 1) <= 1e-9 * n)
		k -= 1;
	return (int64_t)k;
}

void mem_fit_init(mem_fit *f, double have)
{
	f->have = have;
	f->need = 0;
}

void mem_fit_add(mem_fit *f, double bytes)
{
	if (bytes > 0)
		f->need += bytes;
}

int mem_fit_ok(const mem_fit *f)
{
	return f->have <= 0 || f->need <= f->have;
}

/* Append a term. per_param is NAN for a term that is not per parameter. */
__attribute__((format(printf, 6, 7)))
static void term(mem_plan *pl, const char *name, double bytes,
		 double per_param, const char *source, const char *fmt, ...)
{
	mem_term *t;
	va_list ap;

	HB_ASSERT(pl->nterms < MEM_MAX_TERMS);
	t = &pl->term[pl->nterms++];
	t->name = name;
	t->bytes = bytes;
	t->per_param = per_param;
	t->source = source;
	va_start(ap, fmt);
	vsnprintf(t->rule, sizeof t->rule, fmt, ap);
	va_end(ap);
	pl->total += bytes;
	if (!isnan(per_param))
		pl->per_param += per_param;
}

/* A per-parameter term: params x b bytes. */
static void pterm(mem_plan *pl, const mem_req *rq, const char *name,
		  double b, const char *what, const char *source)
{
	char p[32];

	unit_format(UNIT_COUNT, rq->params, p, sizeof p);
	term(pl, name, rq->params * b, b, source, "%s params x %g bytes (%s)",
	     p, b, what);
}

static int shape_known(const mem_req *rq)
{
	return rq->layers > 0 && rq->kv_heads > 0 && rq->head_dim > 0;
}

static void train_fp32(mem_plan *pl, const mem_req *rq)
{
	pterm(pl, rq, "weights", 4, "fp32", SRC_SEED);
	pterm(pl, rq, "gradients", 4, "fp32", SRC_GRAD32);
	if (rq->optim == MEM_ADAM)
		pterm(pl, rq, "optimizer (Adam)", 8,
		      "fp32 momentum and variance", SRC_ADAM32);
	else
		pterm(pl, rq, "optimizer (SGD)", 4, "fp32 momentum",
		      SRC_SGD32);
	pterm(pl, rq, "activations (allowance)", 8, "the seed's allowance",
	      SRC_ALLOW);
	pl->note = "activations are only the seed's allowance of 8 bytes "
		   "per parameter; they grow with batch and sequence length";
}

static void train_mixed(mem_plan *pl, const mem_req *rq)
{
	const char *w = rq->prec == CAT_BF16 ? "bf16" : "fp16";

	pterm(pl, rq, "weights", 2, w, rq->fp32_grads ? SRC_HF18 : SRC_ZERO);
	if (rq->fp32_grads)
		pterm(pl, rq, "gradients", 4, "fp32", SRC_HF18);
	else
		pterm(pl, rq, "gradients", 2, w, SRC_ZERO);
	pterm(pl, rq, "master weights", 4, "fp32",
	      rq->optim == MEM_ADAM ? SRC_ZERO : SRC_SGDMIX);
	if (rq->optim == MEM_ADAM)
		pterm(pl, rq, "optimizer (Adam)", 8,
		      "fp32 momentum and variance", SRC_ZERO);
	else
		pterm(pl, rq, "optimizer (SGD)", 4, "fp32 momentum",
		      SRC_SGDMIX);
	pl->note = "activations are not included (ZeRO's residual states): "
		   "they grow with batch and sequence length; mixed precision "
		   "takes 16 (ZeRO) to 18 (fp32 gradients) bytes per "
		   "parameter with Adam";
}

static int train_lora(mem_plan *pl, const mem_req *rq, char *err,
		      size_t errlen)
{
	double bpp = mem_bytes_per_param(rq->prec), a;

	if (!shape_known(rq) || rq->hidden <= 0)
		return hb_errf(err, errlen, "LoRA needs the model's shape "
			       "(layers, hidden, kv heads, head size)");
	a = mem_lora_params(rq->lora_rank, rq->layers, rq->hidden,
			    rq->kv_heads, rq->head_dim);
	pterm(pl, rq, "frozen base weights", bpp,
	      cat_prec_name(rq->prec), SRC_FROZEN);
	term(pl, "LoRA adapters (Adam)", a * 16, NAN, SRC_LORA,
	     "r %lld x %lld layers x (2 x %lld + %lld + %lld) = %.0f "
	     "params x 16 bytes", (long long)rq->lora_rank,
	     (long long)rq->layers, (long long)rq->hidden,
	     (long long)rq->hidden, (long long)(rq->kv_heads * rq->head_dim),
	     a);
	pl->note = "activations are not included: with LoRA they are those "
		   "of the whole base model and grow with batch and "
		   "sequence length";
	return 0;
}

static int train(mem_plan *pl, const mem_req *rq, char *err, size_t errlen)
{
	if (rq->context > 0)
		return hb_errf(err, errlen, "a KV cache is sized for "
			       "inference, not training");
	if (rq->lora_rank > 0)
		return train_lora(pl, rq, err, errlen);
	switch (rq->prec) {
	case CAT_FP32:
	case CAT_TF32:		/* stored as fp32; tf32 is a compute mode */
		train_fp32(pl, rq);
		return 0;
	case CAT_FP16:
	case CAT_BF16:
		train_mixed(pl, rq);
		return 0;
	default:
		return hb_errf(err, errlen, "no rule for training at %s (fp32, "
			       "tf32, fp16 or bf16; a quantized base trains "
			       "with LoRA)", cat_prec_name(rq->prec));
	}
}

static int infer(mem_plan *pl, const mem_req *rq, char *err, size_t errlen)
{
	double bpp = mem_bytes_per_param(rq->prec), kvb;

	if (rq->lora_rank > 0)
		return hb_errf(err, errlen, "LoRA adapters are sized for "
			       "training (merged, they add nothing at "
			       "inference)");
	pterm(pl, rq, "weights", bpp, cat_prec_name(rq->prec), SRC_BYTES);
	pl->note = "activations and workspaces are not included (see the "
		   "usable fraction)";
	if (rq->context <= 0)
		return 0;
	if (!shape_known(rq))
		return hb_errf(err, errlen, "the KV cache needs the model's "
			       "shape (layers, kv heads, head size)");
	if (rq->batch < 1)
		return hb_errf(err, errlen, "batch must be 1 or more, got %lld",
			       (long long)rq->batch);
	kvb = mem_bytes_per_param(rq->kv_prec);
	term(pl, "KV cache", mem_kv_bytes(rq->layers, rq->kv_heads,
					  rq->head_dim, rq->context,
					  rq->batch, kvb), NAN, SRC_KV,
	     "2 x %lld layers x %lld kv heads x %lld x %lld context x %lld "
	     "batch x %g bytes (%s)", (long long)rq->layers,
	     (long long)rq->kv_heads, (long long)rq->head_dim,
	     (long long)rq->context, (long long)rq->batch, kvb,
	     cat_prec_name(rq->kv_prec));
	return 0;
}

int mem_plan_make(const mem_req *rq, mem_plan *out, char *err,
		  size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!(isfinite(rq->params) && rq->params > 0))
		return hb_errf(err, errlen, "the parameter count must be more "
			       "than 0");
	HB_ASSERT((unsigned)rq->prec < CAT_NPREC &&
		  (unsigned)rq->kv_prec < CAT_NPREC);
	if (rq->lora_rank < 0)
		return hb_errf(err, errlen, "the LoRA rank must be 1 or more");
	return rq->mode == MEM_TRAIN ? train(out, rq, err, errlen) :
				       infer(out, rq, err, errlen);
}
