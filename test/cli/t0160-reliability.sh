#!/bin/sh
# Issue 12's findings that a run shows: each input here once went wrong.
. test/cli/lib.sh

# A link busy all the time with a transfer that never ends in the window
# (1 TB at 1 MB/s) carried no byte, and was left out of the link table
# while named as the constraint.
cat > "$T/lk.json" <<'E'
{"name": "lk", "run": {"duration": "10s"},
 "hardware": {"devices": {"cpu0": {"type": "cpu", "cores": 4}, "gpu0": {"type": "t4"}},
   "links": {"slow": {"bandwidth": "1MB/s", "between": ["cpu0", "gpu0"]}}},
 "sources": [{"name": "in", "to": "a", "rate": "1/s"}],
 "stations": [{"name": "a", "device": "cpu0", "service": "1ms", "next": "b",
   "transport": {"via": ["slow"], "bytes": "1TB"}},
  {"name": "b", "device": "gpu0", "service": "1ms"}]}
E
expect_ok "a link that never finishes a transfer" "$HERBIE" run "$T/lk.json"
grep -q '^  slow  .* 100.0%  *0B/s$' "$T/out" && pass || fail "the busy link is not in the link table" "$T/out"
grep -q 'carried nothing' "$T/out" && fail "the busy link is counted as idle" "$T/out" || pass

# Overloaded behind small buffers the queue backs up into the stations
# before the GPUs, blocked nearly all their time: the constraint is the
# inference they wait for, not the upload where the work piles up.
expect_ok "dgx at 7000/s" "$HERBIE" run scenarios/dgx-h100-inference.json --set sources.clients.rate=7000/s --reps 2
grep -q '^  constraint: unstable: work piles up in front of station infer[0-7],$' "$T/out" && pass ||
	fail "not an inference station" "$T/out"

# Memory is bounded: an unstable line whose work in progress grows
# without limit stops at the budget, says so, and exits 1; a line whose
# servers alone pass the budget is refused before it runs; the budget
# must be a size.
expect_exit 1 "an unstable line past the budget" "$HERBIE" run scenarios/stop-sign.json \
	--set sources.camera.rate=500/s --set run.duration=1h --max-memory 20MB --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["memory_budget_reached"] is True and d["ended_early"] is True, d["memory_budget_reached"]
assert d["constraint"]["verdict"] == "unstable", d["constraint"]["verdict"]' "$T/out" && pass ||
	fail "the JSON does not say the budget was reached" "$T/out"
grep -q 'reached the memory budget: the line is unstable or too large' "$T/err" && pass ||
	fail "no message for the budget" "$T/err"
cat > "$T/huge.json" <<'E'
{"name": "huge", "run": {"duration": "1s"}, "sources": [{"name": "in", "to": "a", "rate": "1/s"}],
 "stations": [{"name": "a", "servers": 100000, "service": "1ms", "next": "b"},
  {"name": "b", "servers": 100000, "service": "1ms"}]}
E
expect_exit 1 "servers past the budget" "$HERBIE" run "$T/huge.json" --max-memory 10MB
grep -q 'past the memory budget of 0.01 GB (--max-memory)$' "$T/err" && pass || fail "no message" "$T/err"
expect_exit 2 "a budget that is not a size" "$HERBIE" run "$T/huge.json" --max-memory lots
expect_ok "within the default budget" "$HERBIE" run "$T/huge.json" --json
grep -q '"memory_budget_reached": false' "$T/out" && pass || fail "a small run reached the budget" "$T/out"
# Out of memory while reading is not bad input: 3,000,000 numbers (12 MB
# of text) need about 200 MB as a tree; under a 150 MB limit the parse
# fails for want of memory, exit 1, where it once said "invalid JSON" and
# exit 2. (A sanitizer's build cannot start under such a limit: skipped.)
awk 'BEGIN { printf "{\"name\": \"x\", \"big\": ["; for (i = 0; i < 3000000; i++) printf "%s1.5", (i ? "," : ""); print "]}" }' > "$T/big.json"
if (ulimit -v 150000; "$HERBIE" --version) >/dev/null 2>&1; then
	(ulimit -v 150000; exec "$HERBIE" check "$T/big.json") >"$T/out" 2>"$T/err"
	[ $? -eq 1 ] && pass || fail "a tree too big for memory: not exit 1" "$T/err"
	grep -q 'out of memory' "$T/err" && pass || fail "not said to be out of memory" "$T/err"
else
	pass
	pass
fi
# A timeline's table is bounded too: buckets x entities. 10,000 stations
# in buckets of 1 ms over 10 s would be 10^4 x 10^4 x 9 numbers; the
# buckets are capped so that the table stays under 10^8 numbers.
awk 'BEGIN { printf "{\"name\": \"wide\", \"run\": {\"duration\": \"10s\"}, \"sources\": [{\"name\": \"in\", \"to\": \"s0\", \"rate\": \"1/s\"}], \"stations\": [";
	for (i = 0; i < 10000; i++) printf "%s{\"name\": \"s%d\", \"service\": \"1ms\"%s}", (i ? ", " : ""), i, (i < 9999 ? ", \"next\": \"s" (i + 1) "\"" : "");
	print "]}" }' > "$T/wide.json"
expect_exit 2 "a timeline too wide" "$HERBIE" run "$T/wide.json" --timeline "$T/w.csv" --bucket 1ms
grep -q 'buckets of 1ms are more than 1388 over the run.s 10s (the most a timeline of 10000 stations, devices and links holds)' "$T/err" && pass ||
	fail "no message for a timeline too wide" "$T/err"
# A run counted in departures where every item is dropped would wait for
# ever: a million drops and none out ends the replication, early.
cat > "$T/drop.json" <<'E'
{"name": "drop", "run": {"items": 10000000000},
 "sources": [{"name": "in", "to": "a", "rate": "1000/s"}],
 "stations": [{"name": "a", "service": "1000h", "capacity": 0, "on_full": "drop"}]}
E
expect_ok "every item dropped" "$HERBIE" run "$T/drop.json"
grep -q 'ended early: the sources ran dry or items never left' "$T/out" && pass ||
	fail "a run of dropped items did not end early" "$T/out"
finish
