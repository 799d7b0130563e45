#!/bin/sh
# test/fuzz/run.sh: libFuzzer on the scenario reader and the engine (make fuzz).
#
# Builds build/fuzz/fuzz_scen with ASan and UBSan (UB aborts, so the
# fuzzer sees it) and runs it for FUZZ_SECONDS (600 by default) on a
# working copy of test/fuzz/corpus in build/fuzz/corpus, which keeps what
# it learns between runs. Crashes land in build/fuzz/ as crash-*; add a
# small reproducer to test/bad/ (with its .err) once it is fixed.
set -eu
cd "$(dirname "$0")/../.."
mkdir -p build/fuzz/corpus
FUZZ=1 tools/install-deps
# the reader resolves hardware against the catalog, compiled in
sh tools/embed.sh build/fuzz/catalog_data.c models/catalog/*.json
clang -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -std=c11 -Isim -Imodels -D_POSIX_C_SOURCE=200809L \
	test/fuzz/fuzz_scen.c sim/core/*.c sim/stats/*.c sim/input/*.c \
	sim/scenario/*.c sim/line/*.c models/*.c build/fuzz/catalog_data.c \
	-lcjson -lm -o build/fuzz/fuzz_scen
cp test/fuzz/corpus/* build/fuzz/corpus/
exec build/fuzz/fuzz_scen -max_total_time="${FUZZ_SECONDS:-600}" \
	-max_len=65536 -dict=test/fuzz/scen.dict \
	-artifact_prefix=build/fuzz/ build/fuzz/corpus
