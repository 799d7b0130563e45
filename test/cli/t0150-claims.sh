#!/bin/sh
# What README.md and scenarios/README.md say that `toc` and `diff` print,
# beyond the lines t0110 quotes: each sentence's claim held against the
# command it names (issue 11: a claim about a constraint or a number is
# checked by a test that runs it, or removed). The run figures are held in
# test/t_lessons.c.
. test/cli/lib.sh

# flat: the command's output on one line, runs of spaces squeezed
flat() { tr '\n' ' ' <"$1" | tr -s ' '; }

# coffee-line: the rope of 10 costs 0.3% of the throughput (significant,
# within toc's rule); the levers bought are a second labeler, then a
# second filler, and the goal is met
expect_ok "coffee toc" "$HERBIE" toc scenarios/coffee-line.json
flat "$T/out" >"$T/flat"
grep -q 'is 10: .* With it throughput changes -0\.3% ±0\.1% \*, WIP goes 17\.6 -> 12\.6' "$T/flat" && pass ||
	fail "coffee-line: the rope of 10 does not cost 0.3%" "$T/out"
grep -q '^   > stations\.label\.servers=2 ' "$T/out" && pass || fail "coffee-line: no second labeler bought" "$T/out"
grep -q '^   > stations\.fill\.servers=2 ' "$T/out" && pass || fail "coffee-line: no second filler bought" "$T/out"
[ "$(grep -c '^   > ' "$T/out")" -eq 2 ] && pass || fail "coffee-line: not two levers bought" "$T/out"
grep -q '^Chain of constraints: label -> fill -> pack$' "$T/out" && pass || fail "coffee-line: chain" "$T/out"
grep -q '^Stopped: the goal is met\.$' "$T/out" && pass || fail "coffee-line: goal not met" "$T/out"

# scout-hike: toc ropes Herbie, then elevates him with a second server
expect_ok "scout toc" "$HERBIE" toc scenarios/scout-hike.json
grep -q '^   > stations\.herbie\.servers=2 ' "$T/out" && pass || fail "scout-hike: Herbie not elevated by servers=2" "$T/out"
grep -q '^Chain of constraints: herbie -> david$' "$T/out" && pass || fail "scout-hike: chain" "$T/out"

# stop-sign: no constraint inside the line, no lever raises the
# throughput, the GPU at 80% is the one to watch
expect_ok "stop-sign toc" "$HERBIE" toc scenarios/stop-sign.json
flat "$T/out" >"$T/flat"
grep -q 'No constraint inside the line: it keeps up with what its sources offer, so the market sets the pace\.' "$T/flat" && pass ||
	fail "stop-sign: toc does not say the market" "$T/out"
grep -q 'The busiest resource is GPU gpu0 ([^)]*) at 80%: it is the one to watch as demand grows\.' "$T/flat" && pass ||
	fail "stop-sign: toc does not name gpu0 at 80% to watch" "$T/out"
grep -q '^Stopped: the constraint is outside the line (the market): no change inside it raises the throughput\.$' "$T/out" && pass ||
	fail "stop-sign: toc does not stop at the market" "$T/out"
# a latency goal: toc judges each lever by the p99 it takes off; three
# recognizers take it off, a second detector does not
expect_ok "stop-sign toc, latency goal" "$HERBIE" toc scenarios/stop-sign.json --steps 1 \
	--set 'goal={"latency_p99": "250ms"}' \
	--set 'levers=[{"set": "stations.recognize.servers", "values": [1, 3]}, {"set": "stations.detect.servers", "values": [1, 2]}]'
grep -q '^goal: latency p99 <= 250ms$' "$T/out" && pass || fail "stop-sign: no latency goal" "$T/out"
grep -q '^     lever  *throughput/s  *p99 change ' "$T/out" && pass || fail "stop-sign: levers not judged by p99" "$T/out"
grep -A1 'p99 change' "$T/out" | grep -q 'stations\.recognize\.servers=3 .* -[0-9.]*% ±[0-9.]*% \*' && pass ||
	fail "stop-sign: three recognizers do not come first, taking p99 off" "$T/out"
grep -q 'stations\.detect\.servers=2 .* +0\.0% ±0\.0% ' "$T/out" && pass ||
	fail "stop-sign: a second detector changes the p99" "$T/out"

# training-input-pipeline: 12 cores, then 16 (t0110), where the constraint
# moves to the training step and the goal is met; the rope of 9 keeps the
# throughput (no significant change)
expect_ok "training toc" "$HERBIE" toc scenarios/training-input-pipeline.json --until-goal
flat "$T/out" >"$T/flat"
grep -q '^Chain of constraints: cpu0 -> cpu0 -> train$' "$T/out" && pass || fail "training: chain" "$T/out"
grep -q '^Stopped: the goal is met\.$' "$T/out" && pass || fail "training: goal not met" "$T/out"
grep -q 'is 9: .* With it throughput changes [-+][0-9.]*% ±[0-9.]*%, WIP goes 26\.9' "$T/flat" && pass ||
	fail "training: the rope of 9 changes the throughput" "$T/out"

# README: diff on storage-bound.json, compressing the dataset, ends with the
# constraint moving from the drive's link to the GPU's training step
expect_ok "storage diff" "$HERBIE" diff scenarios/storage-bound.json --set sources.dataset.bytes=28MB --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert (d["verdict_before"], d["constraint_before"]) == ("one", "nvme-read0"), d
assert (d["verdict_after"], d["constraint_after"]) == ("one", "train"), d' "$T/out" && pass ||
	fail "storage-bound: diff does not move the constraint from nvme-read0 to train" "$T/out"
finish
