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
finish
