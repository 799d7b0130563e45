#!/bin/sh
# herbie watch: a run, then a rerun on each change of the file with each
# figure before -> after (the same figures `herbie run` prints for each
# version of the file); a bad edit prints its error and the watch goes on;
# saving the same bytes again reruns nothing; Ctrl-C ends it with 0.
. test/cli/lib.sh

cp scenarios/coffee-line.json "$T/line.json"
# label with a second server: the throughput rises and fill becomes the
# constraint (README); the bad version's servers is not a number
sed 's/"name": "label", "capacity": 6/"name": "label", "servers": 2, "capacity": 6/' \
	scenarios/coffee-line.json >"$T/two.json"
sed 's/"name": "label", "capacity": 6/"name": "label", "servers": "two", "capacity": 6/' \
	scenarios/coffee-line.json >"$T/bad.json"
cmp -s "$T/two.json" scenarios/coffee-line.json && fail "the edit changed nothing"

# until FILE PATTERN: up to 10 s for FILE to hold PATTERN.
until_has() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ends PID: up to 10 s for it to end; then $rc is its status.
ends() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		fail "watch did not end"
	fi
	wait "$1"
	rc=$?
}

"$HERBIE" watch "$T/line.json" --reps 2 --runs 3 >"$T/w.out" 2>"$T/w.err" </dev/null &
pid=$!
until_has "$T/w.out" '^  constraint' && pass || fail "no first summary" "$T/w.out"
# a bad edit, written in place (truncate, write)
cat "$T/bad.json" >"$T/line.json"
until_has "$T/w.err" "line.json:15:34: stations\[2\].servers" && pass || fail "no error for the bad edit" "$T/w.err"
# a good one, the way editors save: a new file renamed over the old
cp "$T/two.json" "$T/line.new" && mv "$T/line.new" "$T/line.json"
ends $pid
[ "$rc" -eq 0 ] && pass || fail "watch --runs 3: exit $rc, want 0" "$T/w.err"
grep -q "^$T/line.json: run 1 (2 replications, seed 1)\$" "$T/w.out" && pass || fail "no run 1" "$T/w.out"
grep -q "^$T/line.json changed: run 2: the scenario is bad\$" "$T/w.out" && pass || fail "no bad run 2" "$T/w.out"
grep -q "^$T/line.json changed: run 3 (2 replications, seed 1)\$" "$T/w.out" && pass || fail "no run 3" "$T/w.out"
grep -q '^  constraint    label -> fill$' "$T/w.out" && pass || fail "the constraint did not move" "$T/w.out"

# the figures are run's, before and after
expect_ok "run before" "$HERBIE" run scenarios/coffee-line.json --reps 2
before=$(sed -n 's/^  throughput  *\([^ ]*\) .*/\1/p' "$T/out")
expect_ok "run after" "$HERBIE" run "$T/two.json" --reps 2
after=$(sed -n 's/^  throughput  *\([^ ]*\) .*/\1/p' "$T/out")
grep -q "^  throughput    $before -> $after bottles/s   +[0-9.]*%\$" "$T/w.out" && pass ||
	fail "throughput is not $before -> $after" "$T/w.out"
p50=$(sed -n 's/.* p50 \([^ ]*\) .*/\1/p' "$T/out")
grep -q "^  latency p50   .* -> $p50   -[0-9.]*%\$" "$T/w.out" && pass || fail "latency p50 is not -> $p50" "$T/w.out"

# the same bytes saved again (a new mtime) rerun nothing; a real change does
cp scenarios/coffee-line.json "$T/line.json"
"$HERBIE" watch "$T/line.json" --reps 1 --runs 2 >"$T/w.out" 2>"$T/w.err" </dev/null &
pid=$!
until_has "$T/w.out" '^  constraint' && pass || fail "touch: no first summary" "$T/w.out"
sleep 1.1
touch "$T/line.json"
sleep 1.5
grep -q 'run 2' "$T/w.out" && fail "an unchanged file ran again" "$T/w.out" || pass
cat "$T/two.json" >"$T/line.json"
ends $pid
[ "$rc" -eq 0 ] && pass || fail "watch --runs 2: exit $rc, want 0" "$T/w.err"
grep -q '^  constraint    label -> fill$' "$T/w.out" && pass || fail "touch: no rerun after the change" "$T/w.out"

# Ctrl-C ends it, status 0
"$HERBIE" watch "$T/line.json" --reps 1 >"$T/w.out" 2>"$T/w.err" </dev/null &
pid=$!
until_has "$T/w.out" '^  constraint' && pass || fail "ctrl-c: no first summary" "$T/w.out"
kill -INT $pid
ends $pid
[ "$rc" -eq 0 ] && pass || fail "watch after Ctrl-C: exit $rc, want 0"

expect_exit 2 "a missing file" "$HERBIE" watch "$T/no.json"
expect_exit 2 "--runs 0" "$HERBIE" watch "$T/line.json" --runs 0
expect_ok "help watch" "$HERBIE" help watch
grep -q -- '--runs N' "$T/out" && pass || fail "help watch does not explain --runs"
finish
