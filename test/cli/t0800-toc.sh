#!/bin/sh
# herbie toc: the five focusing steps, and the constraint in run's summary.
. test/cli/lib.sh

expect_ok "toc on the bottling line" "$HERBIE" toc scenarios/coffee-line.json
for step in "1. Identify." "2. Exploit." "3. Subordinate." "4. Elevate." "5. Repeat."; do
	grep -q "^  $step" "$T/out" && pass || fail "no paragraph '$step'" "$T/out"
done
grep -q '^Chain of constraints: label -> fill -> pack$' "$T/out" && pass || fail "not the chain label -> fill -> pack" "$T/out"
grep -q '^Stopped: the goal is met.$' "$T/out" && pass || fail "the goal of 1.3/s is not met" "$T/out"
grep -q '^   > stations.label.servers=2 ' "$T/out" && pass || fail "a second labeller is not the first lever applied" "$T/out"
expect_ok "toc --until-goal" "$HERBIE" toc scenarios/training-input-pipeline.json --until-goal
grep -q '^Chain of constraints: cpu0 -> cpu0 -> train$' "$T/out" && pass || fail "not cpu0 -> cpu0 -> train" "$T/out"
expect_ok "toc --json" "$HERBIE" toc scenarios/coffee-line.json --json --steps 1
grep -q '"stopped": "steps"' "$T/out" && pass || fail "--steps 1 did not stop the chain" "$T/out"
grep -q '"protective_buffer": ' "$T/out" && pass || fail "no protective buffer in the JSON" "$T/out"
grep -q '"rope": ' "$T/out" && pass || fail "no rope in the JSON" "$T/out"
cp "$T/out" "$T/a"
expect_ok "again" "$HERBIE" toc scenarios/coffee-line.json --json --steps 1
expect_same "toc is deterministic" "$T/a" "$T/out"
expect_ok "a line that keeps up" "$HERBIE" toc scenarios/stop-sign.json
grep -q 'No constraint inside the line' "$T/out" && pass || fail "stop-sign at 40/s: the market is not named" "$T/out"
grep -q '^Stopped: the constraint is outside the line' "$T/out" && pass || fail "no stop for a constraint outside the line" "$T/out"
expect_ok "run names the verdict" "$HERBIE" run scenarios/dice-game.json
grep -q 'constraint: statistical' "$T/out" && pass || fail "the dice game's constraint is not statistical" "$T/out"
expect_ok "run --json carries it" "$HERBIE" run scenarios/coffee-line.json --json
grep -q '"verdict": "one"' "$T/out" && pass || fail "no verdict in the results" "$T/out"
grep -q '"utilization_ranking"' "$T/out" && pass || fail "no utilization ranking in the results" "$T/out"
expect_exit 2 "--until-goal without a goal" "$HERBIE" toc scenarios/stop-sign.json --until-goal
grep -q 'needs a "goal"' "$T/err" && pass || fail "no message for --until-goal without a goal" "$T/err"
expect_exit 2 "a lever that does not apply" "$HERBIE" toc scenarios/coffee-line.json --set 'levers[0].set=stations.nosuch.servers'
grep -q 'levers\[0\]' "$T/err" && pass || fail "the bad lever is not named" "$T/err"
expect_exit 2 "bad --steps" "$HERBIE" toc scenarios/coffee-line.json --steps 0
expect_ok "toc --report" "$HERBIE" toc scenarios/coffee-line.json --steps 2 --report "$T/toc.html"
[ "$(grep -c '<h2>Step ' "$T/toc.html")" -eq 2 ] && pass || fail "the report has not two steps" "$T/toc.html"
grep -q 'Chain of constraints: <strong>label</strong> &rarr; <strong>fill</strong>' "$T/toc.html" && pass || fail "no chain in the report" "$T/toc.html"
ls "$T" | grep -q 'toc.html\.' && fail "a temporary file is left" || pass
# Ctrl-C: the step under way is left out, nothing made up, status 0
"$HERBIE" toc scenarios/coffee-line.json > "$T/int.out" 2> "$T/int.err" &
pid=$!
sig_ready $pid 2 || fail "toc never got under way"
kill -INT $pid
reap $pid
[ "$rc" -eq 0 ] && pass || fail "toc interrupted: exit status $rc"
{ grep -q '^Stopped: interrupted' "$T/int.out" || grep -q 'no line was measured' "$T/int.err"; } && pass ||
	fail "toc interrupted: not said so" "$T/int.out"
grep -q 'throughput 0 ' "$T/int.out" && fail "toc interrupted: empty runs reported" "$T/int.out" || pass
expect_exit 1 "an unwritable report" "$HERBIE" toc scenarios/coffee-line.json --steps 1 --report /nonexistent/dir/toc.html
expect_ok "help toc" "$HERBIE" help toc
finish
