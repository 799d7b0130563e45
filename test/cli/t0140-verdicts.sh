#!/bin/sh
# One verdict everywhere (issue 11): for every shipped scenario `run --json`,
# `diff` of the file against itself and `toc --json` name the same verdict
# and constraint; a deadlocked line and an overloaded one say so in every
# command.
. test/cli/lib.sh

# "verdict name" of a results JSON's constraint, or of a toc's first step
verdict() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
if "steps" in d:
	d = d["steps"][0]
c = d["constraint"]
print(c["verdict"], c.get("name", "-"))' "$1"
}

for f in scenarios/*.json; do
	expect_ok "run --json $f" "$HERBIE" run "$f" --json --reps 2
	run=$(verdict "$T/out")
	expect_ok "toc --json $f" "$HERBIE" toc "$f" --json --reps 2 --steps 1
	toc=$(verdict "$T/out")
	[ "$run" = "$toc" ] && pass || fail "$f: run says '$run', toc '$toc'" "$T/out"
	expect_ok "diff --json $f" "$HERBIE" diff "$f" "$f" --json --reps 2
	diff=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["verdict_before"], d["constraint_before"], d["verdict_after"], d["constraint_after"])' "$T/out")
	[ "$diff" = "$run $run" ] && pass || fail "$f: run says '$run', diff '$diff'" "$T/out"
done

# The rework loop of issue 11: no room in front of either station, half
# the parts sent back: a holds a part for b while b holds one for a.
cat > "$T/jam.json" <<'E'
{"name": "jam", "seed": 1, "run": {"duration": "100s", "warmup": "5s", "replications": 3},
 "sources": [{"name": "parts", "to": "a", "rate": "2/s"}],
 "stations": [{"name": "a", "capacity": 0, "service": {"exponential": "0.2s"}, "next": "b"},
  {"name": "b", "capacity": 0, "service": {"exponential": "0.2s"},
   "next": [{"to": "a", "p": 0.5}, {"to": "out", "p": 0.5}]}]}
E
expect_ok "a deadlock is a valid line: exit 0" "$HERBIE" run "$T/jam.json"
grep -q '^  constraint: deadlock: [ab] -> [ab] -> [ab]\. ' "$T/out" && pass || fail "no deadlock sentence" "$T/out"
grep -q 'ended early: the line deadlocked' "$T/out" && pass || fail "not said to have ended early" "$T/out"
expect_ok "run --json" "$HERBIE" run "$T/jam.json" --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = d["constraint"]
assert c["verdict"] == "deadlock", c
assert sorted(c["deadlock"]["cycle"]) == ["a", "b"], c
assert c["deadlock"]["replications"] == 3, c
assert 0 < c["deadlock"]["at_s"] < 100, c
assert d["ended_early"] is True' "$T/out" && pass || fail "the JSON does not carry the deadlock" "$T/out"
expect_ok "toc on a deadlock" "$HERBIE" toc "$T/jam.json"
grep -q '^Stopped: the line deadlocks' "$T/out" && pass || fail "toc does not stop on the deadlock" "$T/out"
grep -q 'Elevate' "$T/out" && fail "toc proposes levers for a stopped line" "$T/out" || pass
expect_ok "diff on a deadlock" "$HERBIE" diff "$T/jam.json" --set stations.b.capacity=1000000 --reps 3
grep -q '^constraint before: deadlock: ' "$T/out" && pass || fail "diff does not say deadlock before" "$T/out"
grep -q '^constraint after:  deadlock' "$T/out" && fail "room in b's buffer did not end the deadlock" "$T/out" || pass

# Overload: the camera at 55 frames a second, more than stop-sign's GPU does
expect_ok "overload" "$HERBIE" run scenarios/stop-sign.json --set sources.camera.rate=55/s
grep -q '^  constraint: unstable: work piles up in front of device gpu0' "$T/out" && pass || fail "overload is not unstable at gpu0" "$T/out"
grep -q 'items/s entered the line and .* left' "$T/out" && pass || fail "no offered against done" "$T/out"
expect_ok "warmup auto on an unstable line" "$HERBIE" run scenarios/stop-sign.json --set sources.camera.rate=55/s --set run.warmup=auto --json
grep -q '"steady_state_found": false' "$T/out" && pass || fail "a steady state reported for a growing line" "$T/out"

# The scout hike: toc names Herbie, ropes him at 5, elevates him, and the
# constraint moves to David (scenarios/README.md)
expect_ok "scout-hike toc" "$HERBIE" toc scenarios/scout-hike.json --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
s = d["steps"][0]
assert s["constraint"]["verdict"] == "unstable", s["constraint"]
assert s["subordinate"]["rope"] == 5, s["subordinate"]
assert d["chain"][:2] == ["herbie", "david"], d["chain"]' "$T/out" && pass || fail "not herbie roped at 5, then david" "$T/out"
finish
