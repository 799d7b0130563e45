#!/bin/sh
# herbie diff: two lines over paired replications.
. test/cli/lib.sh

expect_ok "diff with --set" "$HERBIE" diff scenarios/stop-sign.json --set stations.recognize.servers=3
grep -q '^  latency mean .*  \*$' "$T/out" && pass || fail "the latency change is not marked significant" "$T/out"
grep -q '^constraint before: gpu0$' "$T/out" && pass || fail "no constraint before" "$T/out"
expect_ok "the constraint moves" "$HERBIE" diff scenarios/storage-bound.json --set sources.dataset.bytes=28MB --reps 2
grep -q '^constraint before: nvme-read0$' "$T/out" && pass || fail "storage-bound: not the drive's link before" "$T/out"
grep -q '^constraint after:  train$' "$T/out" && pass || fail "storage-bound: not the GPU's train step after" "$T/out"
expect_ok "diff of two files" "$HERBIE" diff scenarios/coffee-line.json scenarios/coffee-line.json --reps 3
grep -q '\*$' "$T/out" && fail "a line against itself changed significantly" "$T/out" || pass
expect_ok "diff --json" "$HERBIE" diff scenarios/triton-batching.json --set stations.model.batching.max_batch=1 --json --reps 2
grep -q '"significant": true' "$T/out" && pass || fail "batching off is not a significant change" "$T/out"
grep -q '"ci95_independent"' "$T/out" && pass || fail "no independent interval in the JSON" "$T/out"
expect_ok "same seed, same bytes" "$HERBIE" diff scenarios/stop-sign.json --set stations.detect.servers=2 --json --reps 2
cp "$T/out" "$T/a"
expect_ok "again" "$HERBIE" diff scenarios/stop-sign.json --set stations.detect.servers=2 --json --reps 2
expect_same "diff is deterministic" "$T/a" "$T/out"
expect_exit 2 "nothing changes" "$HERBIE" diff scenarios/stop-sign.json
grep -q "what changes?" "$T/err" && pass || fail "no message for a diff without a change"
expect_exit 2 "three files" "$HERBIE" diff scenarios/stop-sign.json scenarios/stop-sign.json scenarios/stop-sign.json
expect_exit 2 "a bad override" "$HERBIE" diff scenarios/stop-sign.json --set stations.nope.servers=2
expect_ok "help diff" "$HERBIE" help diff
finish
