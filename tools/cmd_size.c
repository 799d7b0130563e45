/*
 * cmd_size.c: `herbie size`, the GPU memory a model needs, term by term
 * with the rule and source of each, and how many GPUs of a type hold it;
 * `herbie size --table` prints the seed's table for 1B, 175B and 500B
 * parameters.
 *
 * All the arithmetic is models/mem.c's (mem_plan_make, mem_gpus_needed);
 * this file parses the options, finds the model and GPU in the catalogs
 * and lays the plan out as text or JSON. Its options fill a struct of
 * its own (size_opts) by a table read by opt.c, as the scenario
 * commands' fill cli_opts.
 *
 * Exit status: 0 printed, 2 bad usage (an unknown option, a bad value, a
 * question no rule answers), 1 a system failure (out of memory, the
 * built-in catalog not loading, stdout not writable).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "cli.h"
#include "core/hb.h"
#include "mem.h"
#include "mlcat.h"
#include "report/jw.h"
#include "input/unit.h"

#define MAX_WHOLE_OPT 1000000000LL	/* ceiling of whole-number options */
#define SHAPE_MATCH 0.10	/* --params within 10% of a catalog model */

typedef struct size_opts {
	const char *params, *model, *mode, *precision, *optimizer, *gpu;
	const char *kv_precision;
	int json, table, fp32_grads;
	int64_t lora_rank, context, batch, layers, kv_heads, head_dim;
	int64_t hidden;
} size_opts;

/* text alone, wrapped (the table's notes). */
static void wrapped(const char *text, int indent)
{
	cli_wrap("", text, indent);
}

static const char *const see = " (see 'herbie help size')";

/* ------------------------------------------------------------------ */
/* Options                                                             */

#define SIZE_STR(name, field, arg, help) \
	{ name, OPT_STR, offsetof(size_opts, field), 0, 0, 0, arg, NULL, help, 0 }
#define SIZE_WHOLE(name, field, arg, help, with_next) \
	{ name, OPT_WHOLE, offsetof(size_opts, field), 0, 1, MAX_WHOLE_OPT, \
	  arg, "a whole number from 1 to 1000000000", help, with_next }
#define SIZE_FLAG(name, field, help) \
	{ name, OPT_FLAG, offsetof(size_opts, field), 0, 0, 0, NULL, NULL, help, 0 }

static const opt_item size_opts_table[] = {
	SIZE_STR("params", params, "N", "parameter count: 7B, 110M, 6.7e9"),
	SIZE_STR("model", model, "ID",
		 "a catalog model (its params and shape): resnet50,\n"
		 "bert-base, llama-7b-decode, llama-70b-decode, ..."),
	SIZE_STR("mode", mode, "train|infer", "default infer"),
	SIZE_STR("precision", precision, "P",
		 "fp32 (default) tf32 bf16 fp16 fp8 int8 int4"),
	SIZE_STR("optimizer", optimizer, "O",
		 "adam (default), adamw, sgd (with momentum)"),
	SIZE_FLAG("fp32-grads", fp32_grads,
		  "mixed precision with fp32 gradients (18 bytes/param)"),
	SIZE_WHOLE("lora-rank", lora_rank, "R",
		   "train LoRA adapters of rank R on a frozen base", 0),
	SIZE_WHOLE("context", context, "N",
		   "size a KV cache of N tokens per sequence ...", 0),
	SIZE_WHOLE("batch", batch, "N", "... for N sequences (default 1)", 0),
	SIZE_STR("kv-precision", kv_precision, "P",
		 "the KV cache's precision (default: the weights',\n"
		 "fp16 for int8/int4 weights)"),
	SIZE_WHOLE("layers", layers, "N", NULL, 1),
	SIZE_WHOLE("kv-heads", kv_heads, "N", NULL, 1),
	SIZE_WHOLE("head-dim", head_dim, "N", NULL, 1),
	SIZE_WHOLE("hidden", hidden, "N",
		   "the transformer's shape, when not from --model", 0),
	SIZE_STR("gpu", gpu, "ID", "count the GPUs of this catalog type it takes"),
	SIZE_FLAG("json", json, "print the same as JSON"),
	SIZE_FLAG("table", table, NULL),	/* in the usage line */
	{ NULL, OPT_FLAG, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

const opt_cmd cmd_size_opts = {
	"size",
	"usage: herbie size (--params N | --model ID) [options]\n"
	"       herbie size --table [--gpu ID] [--json]\n\n"
	"The GPU memory a model needs, term by term (weights, gradients,\n"
	"optimizer state, LoRA adapters, KV cache), each with its rule and the\n"
	"source of the rule, the total, and how many GPUs of a type hold it.\n"
	"--table prints the seed's table for 1B, 175B and 500B parameters.\n",
	size_opts_table,
	"exit status: 0 shown, 2 bad usage or a question no rule answers,\n"
	"1 any other failure\n",
	0,
};

/* 0, OPT_HELP, or the exit code after printing why. */
static int parse(int argc, char **argv, size_opts *o)
{
	const char *pos[1];
	int n, rc;

	memset(o, 0, sizeof *o);
	if ((rc = opt_parse(&cmd_size_opts, argc, argv, o, pos, &n)))
		return rc;
	if (n > 0)
		return cli_error(CLI_USAGE, "size: unexpected argument '%s'%s",
				 pos[0], see);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output helpers                                                      */


/* "28GB (26.08 GiB)": decimal, as the seed counts, then binary. */
static void size_str(double bytes, char *buf, size_t n)
{
	char dec[32];

	unit_format(UNIT_SIZE, bytes, dec, sizeof dec);
	snprintf(buf, n, "%s (%.4g GiB)", dec, bytes / 1073741824.0);
}

/* "7B" style for a parameter count. */
static void count_str(double x, char *buf, size_t n)
{
	unit_format(UNIT_COUNT, x, buf, n);
}

/* ------------------------------------------------------------------ */
/* The question                                                        */

typedef struct question {
	mem_req rq;
	const mlcat_model *model;	/* --model, or NULL */
	const mlcat_model *shape_from;	/* the model the shape came from */
	int shape_guessed;		/* shape_from matched by params */
	const cat_device *gpu;		/* NULL: no GPU count */
	int kv_default;			/* kv_prec not given */
} question;

static int prec_opt(const char *opt, const char *s, enum cat_prec *out)
{
	if (mlcat_prec_parse(s, out) < 0)
		return cli_error(CLI_USAGE, "size: --%s: unknown precision "
				 "'%s' (fp64 fp32 tf32 bf16 fp16 fp8 int8 "
				 "int4)", opt, s);
	return 0;
}

/* The catalog transformer whose parameter count is nearest params,
 * within SHAPE_MATCH of it, or NULL. */
static const mlcat_model *nearest_shape(const mlcat *ml, double params)
{
	const mlcat_model *best = NULL;
	double bestd = SHAPE_MATCH;

	for (int i = 0; i < mlcat_nmodels(ml); i++) {
		const mlcat_model *m = mlcat_model_at(ml, i);
		double d = fabs(m->params.v - params) / params;

		if (!isnan(m->kv_heads.v) && d <= bestd) {
			best = m;
			bestd = d;
		}
	}
	return best;
}

static void shape_from_model(mem_req *rq, const mlcat_model *m)
{
	if (!isnan(m->layers.v) && !rq->layers)
		rq->layers = (int64_t)m->layers.v;
	if (!isnan(m->kv_heads.v)) {
		if (!rq->kv_heads)
			rq->kv_heads = (int64_t)m->kv_heads.v;
		if (!rq->head_dim)
			rq->head_dim = (int64_t)m->head_dim.v;
		if (!rq->hidden)
			rq->hidden = (int64_t)m->hidden.v;
	}
}

static int model_opt(const mlcat *ml, const char *id,
		     const mlcat_model **out)
{
	char list[256];
	size_t o = 0;

	if ((*out = mlcat_model_find(ml, id)))
		return 0;
	list[0] = '\0';
	for (int i = 0; i < mlcat_nmodels(ml) && o + 1 < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
				      i ? " " : "", mlcat_model_at(ml, i)->id);
	return cli_error(CLI_USAGE, "size: no model '%s' in the catalog "
			 "(models: %s)", id, list);
}

static int gpu_opt(const cat *c, const char *id, const cat_device **out)
{
	const cat_device *dv = cat_device_find(c, id);

	if (!dv)
		return cli_error(CLI_USAGE, "size: no device '%s' in the "
				 "catalog (try 'herbie catalog')", id);
	if (dv->kind != CAT_GPU || isnan(dv->memory.v))
		return cli_error(CLI_USAGE, "size: '%s' is a %s, not a gpu",
				 id, cat_kind_name(dv->kind));
	*out = dv;
	return 0;
}

/* The KV cache's precision when not given: the weights' when they are
 * a 2- or 4-byte float, else fp16 (an assumption: int8/int4 schemes
 * quantize the weights and usually keep the cache in fp16). */
static enum cat_prec kv_default(enum cat_prec p)
{
	switch (p) {
	case CAT_FP32:
	case CAT_FP16:
	case CAT_BF16:
		return p;
	case CAT_TF32:
		return CAT_FP32;
	default:
		return CAT_FP16;
	}
}

static int mode_opt(const size_opts *o, mem_req *rq)
{
	if (!o->mode || !strcmp(o->mode, "infer") ||
	    !strcmp(o->mode, "inference"))
		rq->mode = MEM_INFER;
	else if (!strcmp(o->mode, "train") || !strcmp(o->mode, "training"))
		rq->mode = MEM_TRAIN;
	else
		return cli_error(CLI_USAGE, "size: --mode is train or infer, "
				 "not '%s'", o->mode);
	if (!o->optimizer || !strcmp(o->optimizer, "adam") ||
	    !strcmp(o->optimizer, "adamw"))
		rq->optim = MEM_ADAM;
	else if (!strcmp(o->optimizer, "sgd"))
		rq->optim = MEM_SGD;
	else
		return cli_error(CLI_USAGE, "size: --optimizer is adam, adamw "
				 "or sgd, not '%s'", o->optimizer);
	if (rq->mode == MEM_INFER && (o->optimizer || o->fp32_grads))
		return cli_error(CLI_USAGE, "size: --%s applies to --mode "
				 "train", o->optimizer ? "optimizer" :
				 "fp32-grads");
	return 0;
}

/* Everything but the arithmetic: options to a mem_req, the model and the
 * shape resolved. */
static int ask(const size_opts *o, const mlcat *ml, const cat *c,
	       question *q)
{
	mem_req *rq = &q->rq;
	char err[200];
	int rc;

	memset(q, 0, sizeof *q);
	if ((rc = mode_opt(o, rq)))
		return rc;
	if (prec_opt("precision", o->precision ? o->precision : "fp32",
		     &rq->prec))
		return CLI_USAGE;
	if (o->params && o->model)
		return cli_error(CLI_USAGE, "size: give --params or --model, "
				 "not both");
	if (o->model) {
		if ((rc = model_opt(ml, o->model, &q->model)))
			return rc;
		rq->params = q->model->params.v;
	} else if (o->params) {
		if (unit_parse(UNIT_COUNT, o->params, &rq->params, err,
			       sizeof err) < 0)
			return cli_error(CLI_USAGE, "size: --params '%s' %s",
					 o->params, err);
		if (!(rq->params >= 1) || rq->params > 1e16)
			return cli_error(CLI_USAGE, "size: --params must be "
					 "from 1 to 1e16, not '%s'", o->params);
	} else {
		return cli_error(CLI_USAGE, "size: how big? give --params N "
				 "(e.g. 7B) or --model ID%s", see);
	}
	if (o->gpu && (rc = gpu_opt(c, o->gpu, &q->gpu)))
		return rc;
	rq->fp32_grads = o->fp32_grads;
	rq->lora_rank = o->lora_rank;
	rq->context = o->context;
	rq->batch = o->batch ? o->batch : 1;
	if (o->batch && !o->context)
		return cli_error(CLI_USAGE, "size: --batch sizes the KV cache: "
				 "give --context too");
	rq->layers = o->layers;
	rq->kv_heads = o->kv_heads;
	rq->head_dim = o->head_dim;
	rq->hidden = o->hidden;
	q->kv_default = !o->kv_precision;
	rq->kv_prec = kv_default(rq->prec);
	if (o->kv_precision && prec_opt("kv-precision", o->kv_precision,
					&rq->kv_prec))
		return CLI_USAGE;
	if (q->model) {
		shape_from_model(rq, q->model);
		q->shape_from = q->model;
	} else if ((rq->context || rq->lora_rank) && !o->layers &&
		   !o->kv_heads && !o->head_dim && !o->hidden &&
		   (q->shape_from = nearest_shape(ml, rq->params))) {
		/* A shape is needed and none was given: borrow the catalog
		 * transformer of about this size, and say so. */
		shape_from_model(rq, q->shape_from);
		q->shape_guessed = 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */

static const char *mode_name(const mem_req *rq)
{
	return rq->mode == MEM_TRAIN ? "train" : "infer";
}

static void print_shape(const question *q)
{
	const mem_req *rq = &q->rq;
	char p[32];

	if (!rq->layers || !(rq->context || rq->lora_rank))
		return;
	printf("  shape: %lld layers, %lld kv heads x %lld, hidden %lld",
	       (long long)rq->layers, (long long)rq->kv_heads,
	       (long long)rq->head_dim, (long long)rq->hidden);
	if (q->shape_guessed) {
		char note[256];

		count_str(q->shape_from->params.v, p, sizeof p);
		printf(", from %s\n", q->shape_from->id);
		snprintf(note, sizeof note, "(%s parameters, the catalog's "
			 "transformer nearest this size; give --model, or "
			 "--layers, --kv-heads, --head-dim and --hidden, to "
			 "choose)", p);
		cli_wrap("", note, 4);
	} else {
		putchar('\n');
	}
}

static void print_gpus(const cat_device *dv, double total)
{
	char m[32], u[32];
	int64_t n = mem_gpus_needed(total, dv->memory.v);

	unit_format(UNIT_SIZE, dv->memory.v, m, sizeof m);
	unit_format(UNIT_SIZE, dv->memory.v * MEM_USABLE, u, sizeof u);
	printf("\n  gpus: %lld x %s (%s, %s usable at %.0f%%)\n",
	       (long long)n, dv->id, m, u, MEM_USABLE * 100);
	cli_wrap("source: ", mem_usable_source, 6);
}

static void print_plan(const question *q, const mem_plan *pl)
{
	const mem_req *rq = &q->rq;
	char p[32], b[64];

	count_str(rq->params, p, sizeof p);
	printf("size: %s parameters", p);
	if (q->model)
		printf(" (%s)", q->model->id);
	printf(", %s, %s", mode_name(rq), cat_prec_name(rq->prec));
	if (rq->mode == MEM_TRAIN)
		printf(", %s%s", rq->lora_rank ? "LoRA, " : "",
		       rq->optim == MEM_ADAM ? "Adam" : "SGD with momentum");
	putchar('\n');
	print_shape(q);
	if (rq->context && q->kv_default)
		printf("  kv cache in %s (the default for %s weights; "
		       "--kv-precision to change)\n",
		       cat_prec_name(rq->kv_prec), cat_prec_name(rq->prec));
	putchar('\n');
	for (int i = 0; i < pl->nterms; i++) {
		const mem_term *t = &pl->term[i];

		size_str(t->bytes, b, sizeof b);
		if (isnan(t->per_param))
			printf("  %-26s %s\n", t->name, b);
		else
			printf("  %-26s %s, %g bytes/param\n", t->name, b,
			       t->per_param);
		cli_wrap("rule: ", t->rule, 6);
		cli_wrap("source: ", t->source, 6);
	}
	size_str(pl->total, b, sizeof b);
	/* bytes/param only when every term is per parameter. */
	if (pl->per_param * rq->params == pl->total)
		printf("  %-26s %s, %g bytes/param\n", "total", b,
		       pl->per_param);
	else
		printf("  %-26s %s\n", "total", b);
	printf("  not included:\n");
	cli_wrap("", pl->note, 6);
	if (q->gpu)
		print_gpus(q->gpu, pl->total);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void json_plan(const question *q, const mem_plan *pl)
{
	const mem_req *rq = &q->rq;
	jw w;

	jw_init(&w, stdout, 1);
	jw_begin_obj(&w, NULL);
	jw_num(&w, "params", rq->params);
	if (q->model)
		jw_str(&w, "model", q->model->id);
	jw_str(&w, "mode", mode_name(rq));
	jw_str(&w, "precision", cat_prec_name(rq->prec));
	if (rq->mode == MEM_TRAIN) {
		jw_str(&w, "optimizer", rq->optim == MEM_ADAM ? "adam" : "sgd");
		if (rq->lora_rank)
			jw_int(&w, "lora_rank", rq->lora_rank);
	}
	if (rq->layers && (rq->context || rq->lora_rank)) {
		jw_begin_obj(&w, "shape");
		jw_int(&w, "layers", rq->layers);
		jw_int(&w, "kv_heads", rq->kv_heads);
		jw_int(&w, "head_dim", rq->head_dim);
		jw_int(&w, "hidden", rq->hidden);
		if (q->shape_from)
			jw_str(&w, "from", q->shape_from->id);
		jw_bool(&w, "guessed", q->shape_guessed);
		jw_end_obj(&w);
	}
	if (rq->context) {
		jw_int(&w, "context", rq->context);
		jw_int(&w, "batch", rq->batch);
		jw_str(&w, "kv_precision", cat_prec_name(rq->kv_prec));
	}
	jw_begin_arr(&w, "terms");
	for (int i = 0; i < pl->nterms; i++) {
		const mem_term *t = &pl->term[i];

		jw_begin_obj(&w, NULL);
		jw_str(&w, "name", t->name);
		jw_num(&w, "bytes", t->bytes);
		jw_num(&w, "bytes_per_param", t->per_param);
		jw_str(&w, "rule", t->rule);
		jw_str(&w, "source", t->source);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_num(&w, "total_bytes", pl->total);
	/* null when some term does not scale with the parameters. */
	jw_num(&w, "bytes_per_param", pl->per_param * rq->params == pl->total ?
	       pl->per_param : NAN);
	jw_str(&w, "not_included", pl->note);
	if (q->gpu) {
		jw_begin_obj(&w, "gpu");
		jw_str(&w, "id", q->gpu->id);
		jw_num(&w, "memory", q->gpu->memory.v);
		jw_num(&w, "usable_fraction", MEM_USABLE);
		jw_int(&w, "count", mem_gpus_needed(pl->total,
						    q->gpu->memory.v));
		jw_str(&w, "source", mem_usable_source);
		jw_end_obj(&w);
	}
	jw_end_obj(&w);
	jw_finish(&w);
}

/* ------------------------------------------------------------------ */
/* The seed's table                                                    */

enum { T_INF32, T_INF16, T_TRAIN32, T_MIX16, T_MIX18, NCOLS };

/* The five sizes of one row, each from mem_plan_make. */
static void table_row(double params, double out[NCOLS])
{
	static const struct {
		enum mem_mode mode;
		enum cat_prec prec;
		int fp32_grads;
	} col[NCOLS] = {
		[T_INF32] = { MEM_INFER, CAT_FP32, 0 },
		[T_INF16] = { MEM_INFER, CAT_FP16, 0 },
		[T_TRAIN32] = { MEM_TRAIN, CAT_FP32, 0 },
		[T_MIX16] = { MEM_TRAIN, CAT_FP16, 0 },
		[T_MIX18] = { MEM_TRAIN, CAT_FP16, 1 },
	};

	for (int k = 0; k < NCOLS; k++) {
		mem_req rq = { .params = params, .mode = col[k].mode,
			       .prec = col[k].prec, .optim = MEM_ADAM,
			       .fp32_grads = col[k].fp32_grads, .batch = 1,
			       .kv_prec = CAT_FP16 };
		mem_plan pl;

		if (mem_plan_make(&rq, &pl, NULL, 0) < 0)
			HB_BUG("the table's request %d is invalid", k);
		out[k] = pl.total;
	}
}

static const double table_params[] = { 1e9, 175e9, 500e9 };
#define NROWS (sizeof table_params / sizeof table_params[0])

static void table_text(const cat_device *dv)
{
	char p[16], c[NCOLS][16], g[32];

	printf("the seed's table: GPU memory for 1B, 175B and 500B "
	       "parameters\n\n");
	printf("  %-7s %-11s %-11s %-12s %-15s %s\n", "params", "infer fp32",
	       "infer fp16", "train fp32", "train mixed", dv->id);
	printf("  %-7s %-11s %-11s %-12s %-15s %s\n", "", "4 B/param",
	       "2 B/param", "Adam, 24", "Adam, 16-18", "infer / train");
	for (size_t r = 0; r < NROWS; r++) {
		double v[NCOLS];
		char mix[40];

		table_row(table_params[r], v);
		count_str(table_params[r], p, sizeof p);
		for (int k = 0; k < NCOLS; k++)
			unit_format(UNIT_SIZE, v[k], c[k], sizeof c[k]);
		snprintf(mix, sizeof mix, "%s-%s", c[T_MIX16], c[T_MIX18]);
		snprintf(g, sizeof g, "%lld / %lld",
			 (long long)mem_gpus_needed(v[T_INF32], dv->memory.v),
			 (long long)mem_gpus_needed(v[T_TRAIN32],
						    dv->memory.v));
		printf("  %-7s %-11s %-11s %-12s %-15s %s\n", p, c[T_INF32],
		       c[T_INF16], c[T_TRAIN32], mix, g);
	}
	printf("\n  infer: parameters x bytes per parameter at the "
	       "precision\n");
	wrapped("train fp32: weights 4 + gradients 4 + Adam 8 + activations "
		"8 = 24 bytes/param", 2);
	wrapped("the seed's rule: 24 GB per billion parameters to train in "
		"full precision, 4 GB to hold them for inference (Fregly, "
		"Barth and Eigenbrode, Generative AI on AWS, O'Reilly 2023, "
		"ch. 4)", 6);
	wrapped("train mixed: 16 (ZeRO: 2 + 2 + 12) to 18 (fp32 gradients, "
		"Hugging Face) bytes/param", 2);
	wrapped("Rajbhandari et al., ZeRO (SC 2020), section 3.1; Hugging "
		"Face Transformers docs, 'GPU memory usage'; activations not "
		"included", 6);
	printf("  gpus: %s holds %.0f%% of its memory for these (train: "
	       "fp32)\n", dv->id, MEM_USABLE * 100);
	cli_wrap("", mem_usable_source, 6);
}

static void table_json(const cat_device *dv)
{
	static const char *const keys[NCOLS] = {
		"infer_fp32", "infer_fp16", "train_fp32_adam",
		"train_mixed_adam", "train_mixed_adam_fp32_grads",
	};
	jw w;

	jw_init(&w, stdout, 1);
	jw_begin_obj(&w, NULL);
	jw_begin_arr(&w, "rows");
	for (size_t r = 0; r < NROWS; r++) {
		double v[NCOLS];

		table_row(table_params[r], v);
		jw_begin_obj(&w, NULL);
		jw_num(&w, "params", table_params[r]);
		for (int k = 0; k < NCOLS; k++)
			jw_num(&w, keys[k], v[k]);
		jw_int(&w, "gpus_infer_fp32",
		       mem_gpus_needed(v[T_INF32], dv->memory.v));
		jw_int(&w, "gpus_train_fp32",
		       mem_gpus_needed(v[T_TRAIN32], dv->memory.v));
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	jw_begin_obj(&w, "gpu");
	jw_str(&w, "id", dv->id);
	jw_num(&w, "memory", dv->memory.v);
	jw_num(&w, "usable_fraction", MEM_USABLE);
	jw_str(&w, "source", mem_usable_source);
	jw_end_obj(&w);
	jw_end_obj(&w);
	jw_finish(&w);
}

/* --table takes only --gpu and --json. */
static int table_only(const size_opts *o)
{
	if (o->params || o->model || o->mode || o->precision ||
	    o->optimizer || o->kv_precision || o->fp32_grads ||
	    o->lora_rank || o->context || o->batch || o->layers ||
	    o->kv_heads || o->head_dim || o->hidden)
		return cli_error(CLI_USAGE, "size: --table takes only --gpu "
				 "and --json");
	return 0;
}

/* ------------------------------------------------------------------ */

static int run(const size_opts *o, const mlcat *ml, const cat *c)
{
	question q;
	mem_plan pl;
	char err[200];
	int rc;

	if (o->table) {
		const cat_device *dv;

		if ((rc = table_only(o)) ||
		    (rc = gpu_opt(c, o->gpu ? o->gpu : "h100-sxm", &dv)))
			return rc;
		if (o->json)
			table_json(dv);
		else
			table_text(dv);
		return CLI_OK;
	}
	if ((rc = ask(o, ml, c, &q)))
		return rc;
	if (mem_plan_make(&q.rq, &pl, err, sizeof err) < 0) {
		if ((q.rq.context || q.rq.lora_rank) && !q.rq.layers)
			return cli_error(CLI_USAGE, "size: %s: give --model ID "
					 "or --layers, --kv-heads, --head-dim "
					 "and --hidden (no catalog model is "
					 "within %.0f%% of this size)", err,
					 SHAPE_MATCH * 100);
		return cli_error(CLI_USAGE, "size: %s", err);
	}
	if (o->json)
		json_plan(&q, &pl);
	else
		print_plan(&q, &pl);
	return CLI_OK;
}

int cmd_size(int argc, char **argv)
{
	size_opts o;
	mlcat *ml = NULL;
	cat *c = NULL;
	diag d;
	int rc;

	if ((rc = parse(argc, argv, &o)))
		return rc;
	if (mlcat_load(&ml, &d) < 0 || cat_load(&c, &d) < 0) {
		cli_print_diag(&d);
		rc = cli_error(CLI_FAIL, "the built-in catalog does not load "
			       "(a bug in herbie's data)");
		goto out;
	}
	rc = run(&o, ml, c);
	if (rc == CLI_OK)
		rc = cli_flush("the results");
out:
	cat_free(c);
	mlcat_free(ml);
	return rc;
}
