#!/bin/sh
# herbie size: the two examples, the seed's numbers and table,
# the KV cache and LoRA terms, JSON, the usage errors (exit 2) and their
# messages.
. test/cli/lib.sh

# has PATTERN NAME: the last command's stdout holds PATTERN (grep -E).
has() {
	if grep -Eq -- "$1" "$T/out"; then pass; else fail "$2" "$T/out"; fi
}
# err_has PATTERN NAME: the same for stderr.
err_has() {
	if grep -Eq -- "$1" "$T/err"; then pass; else fail "$2"; fi
}
quiet_out() {
	if [ ! -s "$T/out" ]; then pass; else fail "$1: output on stdout" "$T/out"; fi
}

# The first example: the seed's 24 bytes per parameter.
expect_ok "7B training" "$HERBIE" size --params 7B --mode train \
	--precision fp32 --optimizer adam
has '^size: 7B parameters, train, fp32, Adam$' "the title"
has '^  weights +28GB \(26\.08 GiB\), 4 bytes/param$' "weights 4 bytes"
has '^  gradients +28GB .*, 4 bytes/param$' "gradients 4 bytes"
has '^  optimizer \(Adam\) +56GB .*, 8 bytes/param$' "Adam 8 bytes"
has '^  activations \(allowance\) +56GB .*, 8 bytes/param$' "allowance 8"
has '^  total +168GB \(156\.5 GiB\), 24 bytes/param$' "total 24 bytes/param"
has "source: the seed's 4 \\+ 4 \\+ 8 \\+ 8 = 24 bytes" "the seed's rule has its source"
n_rule=$(grep -c '^      rule: ' "$T/out")
n_src=$(grep -c '^      source: ' "$T/out")
[ "$n_rule" -eq 4 ] && [ "$n_src" -eq 4 ] && pass ||
	fail "every term has a rule and a source ($n_rule, $n_src)" "$T/out"
[ ! -s "$T/err" ] && pass || fail "size wrote to stderr"

# The second example: int4 weights, an fp16 KV cache, H100s.
expect_ok "70B int4 serving" "$HERBIE" size --params 70B --mode infer \
	--precision int4 --gpu h100-sxm --context 8192 --batch 16
has '^  weights +35GB \(32\.6 GiB\), 0\.5 bytes/param$' "int4 weights"
has '^  KV cache +42\.95GB \(40 GiB\)$' "KV cache 2x80x8x128x8192x16x2"
has 'from llama-70b-decode' "the shape says where it comes from"
has '^  kv cache in fp16 ' "the KV precision default is stated"
has '^  total +77\.95GB' "total"
has '^  gpus: 2 x h100-sxm \(80GB, 72GB usable at 90%\)$' "two H100s"
has 'assumption: 90%' "the usable fraction is an assumption"

# The seed's 1B: 4 GB to hold, 24 GB to train; mixed precision 16 to 18.
expect_ok "1B inference" "$HERBIE" size --params 1B
has '^  total +4GB .*, 4 bytes/param$' "1B fp32 inference = 4 GB"
expect_ok "1B training" "$HERBIE" size --params 1B --mode train
has '^  total +24GB .*, 24 bytes/param$' "1B fp32 training = 24 GB"
expect_ok "mixed precision" "$HERBIE" size --params 1B --mode train \
	--precision bf16
has '^  total +16GB .*, 16 bytes/param$' "ZeRO's 16"
has 'ZeRO' "ZeRO is the source"
expect_ok "fp32 gradients" "$HERBIE" size --params 1B --mode train \
	--precision fp16 --fp32-grads
has '^  total +18GB .*, 18 bytes/param$' "Hugging Face's 18"

# A catalog model: Llama 2 7B's KV cache at 4096 tokens is 2 GiB.
expect_ok "llama 7b kv" "$HERBIE" size --model llama-7b-decode \
	--precision fp16 --context 4096
has '^size: 6\.738B parameters \(llama-7b-decode\), infer, fp16$' "title"
has '^  KV cache +2\.147GB \(2 GiB\)$' "2 GiB exactly"
has 'rule: 2 x 32 layers x 32 kv heads x 128 x 4096 context x 1 batch' \
	"the KV rule's numbers"

# LoRA on a 4-bit base.
expect_ok "qlora" "$HERBIE" size --model llama-7b-decode --mode train \
	--precision int4 --lora-rank 8 --gpu t4
has '^  frozen base weights +3\.369GB' "the frozen base at 0.5 bytes"
has '^  LoRA adapters \(Adam\) +67\.11MB' "4,194,304 adapters x 16 bytes"
has '^  gpus: 1 x t4 ' "one T4"

# The seed's table.
expect_ok "table" "$HERBIE" size --table
has '^  1B +4GB +2GB +24GB +16GB-18GB +1 / 1$' "the 1B row"
has '^  175B +700GB +350GB +4\.2TB +2\.8TB-3\.15TB +10 / 59$' "the 175B row"
has '^  500B +2TB +1TB +12TB +8TB-9TB +28 / 167$' "the 500B row"
long=$(awk 'length > 78' "$T/out" | wc -l)
[ "$long" -eq 0 ] && pass || fail "table lines fit in 78 columns" "$T/out"
expect_ok "table on a100-40gb" "$HERBIE" size --table --gpu a100-40gb
has '^  1B +4GB .* 1 / 1$' "1B fits one A100"
has '^  175B .* 20 / 117$' "175B on 36 GB usable"

# JSON: the same numbers as data.
expect_ok "json" "$HERBIE" size --params 7B --mode train --json
has '"total_bytes": 168000000000,' "total in bytes"
has '"bytes_per_param": 24,' "24 bytes per parameter"
has '"source": "the seed' "sources in the JSON"
expect_ok "json with a KV cache" "$HERBIE" size --model llama-7b-decode \
	--precision fp16 --context 4096 --json
has '"bytes": 2147483648,' "the KV cache in bytes"
has '"bytes_per_param": null,' "no bytes/param for a mixed total"
expect_ok "table json" "$HERBIE" size --table --json
has '"train_fp32_adam": 12000000000000,' "500B train in bytes"
has '"gpus_train_fp32": 59' "175B train GPUs"

# Usage errors: exit 2, a message, nothing on stdout.
expect_exit 2 "no size" "$HERBIE" size
err_has "how big\? give --params N" "asks for a size"
quiet_out "no size"
expect_exit 2 "unknown option" "$HERBIE" size --params 7B --bogus
err_has "unknown option '--bogus'" "names the option"
expect_exit 2 "missing value" "$HERBIE" size --params
err_has "--params needs a value" "names the missing value"
expect_exit 2 "bad count" "$HERBIE" size --params 7X
err_has "'7X' is not a count" "a bad count"
expect_exit 2 "bad mode" "$HERBIE" size --params 7B --mode fly
err_has "--mode is train or infer, not 'fly'" "a bad mode"
expect_exit 2 "bad precision" "$HERBIE" size --params 7B --precision fp12
err_has "unknown precision 'fp12'" "a bad precision"
expect_exit 2 "int8 training" "$HERBIE" size --params 7B --mode train \
	--precision int8
err_has "no rule for training at int8" "training at int8"
expect_exit 2 "kv without a shape" "$HERBIE" size --params 175B --context 2048
err_has "needs the model's shape.*--model ID" "asks for a shape"
expect_exit 2 "unknown model" "$HERBIE" size --model gpt5
err_has "no model 'gpt5'.*llama-7b-decode" "lists the models"
expect_exit 2 "not a gpu" "$HERBIE" size --params 7B --gpu xeon-8480c
err_has "'xeon-8480c' is a cpu, not a gpu" "a cpu is not a gpu"
expect_exit 2 "both sizes" "$HERBIE" size --params 7B --model bert-base
err_has "not both" "params or model"
expect_exit 2 "batch alone" "$HERBIE" size --params 7B --batch 4
err_has "give --context too" "batch needs a context"
expect_exit 2 "zero context" "$HERBIE" size --params 7B --context 0
err_has "--context wants a whole number" "a bad whole number"
expect_exit 2 "table with sizes" "$HERBIE" size --table --params 7B
err_has "--table takes only --gpu and --json" "table options"
expect_exit 2 "stray argument" "$HERBIE" size --params 7B 7B
err_has "unexpected argument '7B'" "a stray argument"
expect_exit 2 "optimizer for inference" "$HERBIE" size --params 7B \
	--optimizer sgd
err_has "--optimizer applies to --mode train" "optimizer needs training"

# Help.
expect_ok "size --help" "$HERBIE" size --help
has '^usage: herbie size' "usage on --help"
expect_ok "help size" "$HERBIE" help size
has '--lora-rank R' "help lists the options"
expect_ok "help lists size" "$HERBIE" help
has '^  size ' "help lists the command"

# The same output twice.
"$HERBIE" size --model llama-70b-decode --context 4096 --batch 8 \
	--precision fp8 --gpu h100-sxm >"$T/a" 2>&1
"$HERBIE" size --model llama-70b-decode --context 4096 --batch 8 \
	--precision fp8 --gpu h100-sxm >"$T/b" 2>&1
expect_same "size is deterministic" "$T/a" "$T/b"
finish
