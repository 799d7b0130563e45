/*
 * mem.h: GPU memory sizing (issue 4, `herbie size` and a station's
 * `memory`): how many bytes a model needs to be served or trained, term
 * by term, each term with the rule that gives it and where that rule
 * comes from, and how many GPUs of a type hold it.
 *
 * The rules (mem.c gives each source in a comment and in mem_term.source):
 *
 *   weights      params x bytes per parameter at the precision:
 *                fp64 8, fp32 and tf32 4, fp16 and bf16 2, fp8 and int8 1,
 *                int4 0.5
 *   train, fp32  the seed's 4 + 4 + 8 + 8 = 24 bytes per parameter:
 *                weights 4, gradients 4, Adam's two moments 8, and 8 for
 *                activations and temporaries (a high-end allowance, not a
 *                model of them); SGD with momentum keeps one moment (4)
 *   train, fp16 or bf16 (mixed precision), Adam: 16 bytes per parameter
 *                (ZeRO: 2 weights + 2 gradients + 12 of fp32 master
 *                weights, momentum and variance), or 18 with gradients
 *                kept in fp32 (fp32_grads); activations not included
 *   LoRA         the frozen base at its precision, plus r x (d_in + d_out)
 *                adapter parameters per adapted matrix (W_q and W_v of
 *                every layer), trained with Adam at 16 bytes each
 *   KV cache     2 x layers x kv_heads x head_dim x context x batch x bytes
 *
 * Activations are not modelled beyond the seed's fp32 allowance; a GPU is
 * taken to have MEM_USABLE of its memory for these terms, the rest being
 * left for the CUDA context, the allocator's fragmentation, workspaces and
 * activations.
 *
 * Sizes are bytes (1 GB = 1e9 bytes, as the seed's "24 GB per billion
 * parameters" counts them). No allocation, no I/O.
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <stdint.h>

#include "cat.h"

/* The fraction of a GPU's memory the terms may fill: an assumption (the
 * CUDA context alone takes a few hundred MB to 2 GB), stated in
 * mem_usable_source and in `herbie size`'s output. */
#define MEM_USABLE 0.9
extern const char *const mem_usable_source;

/* Bytes per parameter (and per stored element) at precision p; > 0 for
 * every precision of cat.h. */
double mem_bytes_per_param(enum cat_prec p);

/* The KV cache: 2 (K and V) x layers x kv_heads x head_dim x context x
 * batch x bytes_per_elem. Exact in doubles for the sizes that occur. */
double mem_kv_bytes(int64_t layers, int64_t kv_heads, int64_t head_dim,
		    int64_t context, int64_t batch, double bytes_per_elem);

/* LoRA adapter parameters of rank r on W_q (hidden x hidden) and W_v
 * (hidden x kv_heads * head_dim) in each of `layers` layers:
 * layers x r x ((hidden + hidden) + (hidden + kv_heads * head_dim)). */
double mem_lora_params(int64_t rank, int64_t layers, int64_t hidden,
		       int64_t kv_heads, int64_t head_dim);

/* GPUs of gpu_memory bytes needed for total_bytes, each filled to at most
 * MEM_USABLE: ceil(total / (gpu_memory x MEM_USABLE)); 0 for a total of 0.
 * Assumes the bytes can be split evenly across GPUs (tensor or pipeline
 * parallelism, ZeRO-3/FSDP); plain data parallelism does not split them. */
int64_t mem_gpus_needed(double total_bytes, double gpu_memory);

/* Does what is placed on one device fit in its memory? A GPU shared by
 * MPS or time-slicing holds all its clients' memory at once (no isolation
 * between them); a MIG partition is a device of its own and holds only
 * what is placed on it. mem_fit_init with the device's bytes, mem_fit_add
 * for each placed station's resident bytes (<= 0: it keeps none there),
 * then mem_fit_ok. A device whose memory is unknown (<= 0) holds
 * anything. The whole memory counts, as a scenario states its stations'
 * memory: MEM_USABLE is the sizing allowance of mem_plan_make and `herbie
 * size`, not applied here. An embedded struct. */
typedef struct mem_fit {
	double have;		/* the device's bytes */
	double need;		/* the placed stations' sum */
} mem_fit;

void mem_fit_init(mem_fit *f, double have);
void mem_fit_add(mem_fit *f, double bytes);
int mem_fit_ok(const mem_fit *f);

enum mem_mode { MEM_INFER, MEM_TRAIN };
enum mem_optim { MEM_ADAM, MEM_SGD };

/* A sizing question. params > 0. The shape (layers, kv_heads, head_dim,
 * hidden) is needed only by the KV cache (context > 0) and by LoRA
 * (lora_rank > 0); 0 where unknown. */
typedef struct mem_req {
	double params;
	enum mem_mode mode;
	enum cat_prec prec;	/* the weights' precision */
	enum mem_optim optim;	/* training only */
	int fp32_grads;		/* mixed precision: 18 instead of 16 */
	int64_t lora_rank;	/* training only; 0: full training */
	int64_t layers, kv_heads, head_dim, hidden;
	int64_t context, batch;	/* KV cache when context > 0; batch >= 1 */
	enum cat_prec kv_prec;	/* the KV cache's precision */
} mem_req;

#define MEM_MAX_TERMS 8

/* One term of the total. name and source are static text; rule is the
 * arithmetic with this request's numbers, e.g.
 * "7e+09 params x 4 bytes (fp32)". */
typedef struct mem_term {
	const char *name;
	double bytes;
	double per_param;	/* bytes per parameter of the model; NAN for a
				 * term that does not scale with params */
	char rule[160];
	const char *source;
} mem_term;

typedef struct mem_plan {
	mem_term term[MEM_MAX_TERMS];
	int nterms;
	double total;		/* the terms' sum, bytes */
	double per_param;	/* sum of the per-parameter terms */
	const char *note;	/* what the total leaves out (static text) */
} mem_plan;

/* Size rq into *out. Returns 0, or -1 with err filled (lower case, no
 * full stop): params not > 0, training at a precision no rule covers
 * (int8, int4, fp8 without LoRA; fp64), LoRA or a KV cache without the
 * shape they need, LoRA in inference mode, batch < 1 with a context. */
int mem_plan_make(const mem_req *rq, mem_plan *out, char *err,
		  size_t errlen);

#endif
