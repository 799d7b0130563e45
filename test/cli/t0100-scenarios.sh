#!/bin/sh
# Every shipped scenario checks and runs; the same run twice gives the same
# bytes, as text and as JSON; --set and --reps change what they should.
. test/cli/lib.sh

for f in scenarios/*.json; do
	expect_ok "check $f" "$HERBIE" check "$f"
	expect_ok "run $f" "$HERBIE" run "$f" --reps 2
	cp "$T/out" "$T/a"
	expect_ok "run $f again" "$HERBIE" run "$f" --reps 2
	expect_same "same seed, same bytes: $f" "$T/a" "$T/out"
	expect_ok "run $f --json" "$HERBIE" run "$f" --reps 2 --json
	cp "$T/out" "$T/a"
	expect_ok "run $f --json again" "$HERBIE" run "$f" --reps 2 --json
	expect_same "same seed, same JSON: $f" "$T/a" "$T/out"
done

expect_ok "--set changes servers" "$HERBIE" run scenarios/stop-sign.json --json --reps 2 --set stations.detect.servers=2
grep -q '"servers": 2' "$T/out" && pass || fail "--set stations.detect.servers=2 not applied"
expect_ok "--reps 3" "$HERBIE" run scenarios/stop-sign.json --json --reps 3
grep -q '"replications": 3' "$T/out" && pass || fail "--reps 3 not applied"
expect_ok "--seed 9 differs from the default" "$HERBIE" run scenarios/stop-sign.json --json --reps 2 --seed 9
cp "$T/out" "$T/a"
expect_ok "default seed" "$HERBIE" run scenarios/stop-sign.json --json --reps 2
cmp -s "$T/a" "$T/out" && fail "--seed 9 gave the default seed's results" || pass
finish
