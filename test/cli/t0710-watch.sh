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

# Each watch writes files of its own: a job started with & truncates its
# output only once it runs, so a file an earlier watch wrote can match
# before the new one has started (and a signal then reaches the shell's
# child, not herbie: this test once failed so, with exit 130).
"$HERBIE" watch "$T/line.json" --reps 2 --runs 3 >"$T/w1.out" 2>"$T/w1.err" </dev/null &
pid=$!
until_has "$T/w1.out" '^  constraint' && pass || fail "no first summary" "$T/w1.out"
# a bad edit, written in place (truncate, write) by the shell itself, so
# that the write follows the truncation at once: a cat exec'd after it can
# come later than the watch's 0.3 s of quiet on a loaded machine, and the
# empty file would run
bad=$(cat "$T/bad.json")
printf '%s\n' "$bad" >"$T/line.json"
until_has "$T/w1.err" "line.json:15:34: stations\[2\].servers" && pass || fail "no error for the bad edit" "$T/w1.err"
# a good one, the way editors save: a new file renamed over the old
cp "$T/two.json" "$T/line.new" && mv "$T/line.new" "$T/line.json"
reap $pid
[ "$rc" -eq 0 ] && pass || fail "watch --runs 3: exit $rc, want 0" "$T/w1.err"
grep -q "^$T/line.json: run 1 (2 replications, seed 1)\$" "$T/w1.out" && pass || fail "no run 1" "$T/w1.out"
grep -q "^$T/line.json changed: run 2: the scenario is bad\$" "$T/w1.out" && pass || fail "no bad run 2" "$T/w1.out"
grep -q "^$T/line.json changed: run 3 (2 replications, seed 1)\$" "$T/w1.out" && pass || fail "no run 3" "$T/w1.out"
grep -q '^  constraint    station label -> station fill$' "$T/w1.out" && pass || fail "the constraint did not move" "$T/w1.out"

# the figures are run's, before and after
expect_ok "run before" "$HERBIE" run scenarios/coffee-line.json --reps 2
before=$(sed -n 's/^  throughput  *\([^ ]*\) .*/\1/p' "$T/out")
expect_ok "run after" "$HERBIE" run "$T/two.json" --reps 2
after=$(sed -n 's/^  throughput  *\([^ ]*\) .*/\1/p' "$T/out")
grep -q "^  throughput    $before -> $after bottles/s   +[0-9.]*%\$" "$T/w1.out" && pass ||
	fail "throughput is not $before -> $after" "$T/w1.out"
p50=$(sed -n 's/.* p50 \([^ ]*\) .*/\1/p' "$T/out")
grep -q "^  latency p50   .* -> $p50   -[0-9.]*%\$" "$T/w1.out" && pass || fail "latency p50 is not -> $p50" "$T/w1.out"

# The same bytes saved again (a new mtime) rerun nothing, and the watch
# says so: that line is the state to wait for, where a sleep would only
# hope the watch had looked. The mtime is set, not waited for: libev's
# ev_stat compares whole seconds.
cp scenarios/coffee-line.json "$T/line.json"
"$HERBIE" watch "$T/line.json" --reps 1 --runs 2 >"$T/w2.out" 2>"$T/w2.err" </dev/null &
pid=$!
until_has "$T/w2.err" 'for changes (Ctrl-C ends)' && pass || fail "touch: not watching" "$T/w2.err"
touch -t 200001010000 "$T/line.json"
until_has "$T/w2.err" "watch: $T/line.json saved with the same bytes; nothing to rerun" && pass ||
	fail "touch: the same bytes saved went unanswered" "$T/w2.err"
grep -q 'run 2' "$T/w2.out" && fail "an unchanged file ran again" "$T/w2.out" || pass
cp "$T/two.json" "$T/line.new" && mv "$T/line.new" "$T/line.json"
reap $pid
[ "$rc" -eq 0 ] && pass || fail "watch --runs 2: exit $rc, want 0" "$T/w2.err"
grep -q '^  constraint    station label -> station fill$' "$T/w2.out" && pass || fail "touch: no rerun after the change" "$T/w2.out"

# Ctrl-C (SIGINT) and SIGTERM end the watch with status 0 at any moment:
# each case waits for a state, then signals. A long run (50000 h, minutes
# of CPU) shows that a run under way is stopped, not waited for: reap
# would give up first.
sed 's/"duration": "1h"/"duration": "50000h"/' scenarios/coffee-line.json >"$T/long.json"
cmp -s "$T/long.json" scenarios/coffee-line.json && fail "long.json is not longer"
cp scenarios/coffee-line.json "$T/line.json"

# signal N SIG WHEN FILE ARGS...: start a watch of FILE (output $T/sN.out
# and .err), wait for WHEN, send SIG; then $rc is its status.
#   WHEN is "ready" (herbie catches SIG: the first thing it does), "run K"
#   (the header of run K is out: the run is under way), or "idle" (the
#   watch waits for a change).
signal() {
	n=$1 sig=$2 when=$3 file=$4
	shift 4
	"$HERBIE" watch "$file" "$@" >"$T/s$n.out" 2>"$T/s$n.err" </dev/null &
	pid=$!
	case $when in
	ready) sig_ready $pid "$(signum "$sig")" ;;
	idle) until_has "$T/s$n.err" 'for changes (Ctrl-C ends)' ;;
	*) until_has "$T/s$n.out" ": $when" ;;
	esac || fail "case $n: never $when" "$T/s$n.err"
	kill -"$sig" $pid
	reap $pid
	[ "$rc" -eq 0 ] && pass || fail "case $n: watch after SIG$sig ($when): exit $rc, want 0" "$T/s$n.err"
}

# before herbie runs: the signal is pending when it starts (and blocked,
# which it must undo); it reads its arguments and stops, no run started
if pending_start INT "$T/s0.out" "$T/s0.err" "$HERBIE" watch "$T/long.json"; then
	reap $pid
	[ "$rc" -eq 0 ] && pass || fail "case 0: watch with SIGINT pending: exit $rc, want 0" "$T/s0.err"
	[ ! -s "$T/s0.out" ] && pass || fail "case 0: a run started" "$T/s0.out"
else
	echo "t0710-watch.sh: env has no --block-signal (coreutils < 8.31): skipping case 0"
fi
# at once: the run, if it started, was stopped; no summary
signal 1 INT ready "$T/long.json"
grep -q '^  constraint' "$T/s1.out" && fail "case 1: a run of 50000h ran to its end" "$T/s1.out" || pass
[ ! -s "$T/s1.out" ] || grep -qxF "$T/long.json: run 1: interrupted" "$T/s1.out" && pass ||
	fail "case 1: the output is not empty or run 1 interrupted" "$T/s1.out"
signal 2 TERM ready "$T/long.json"
grep -q '^  constraint' "$T/s2.out" && fail "case 2: a run of 50000h ran to its end" "$T/s2.out" || pass
# during the first run, before any summary
signal 3 INT "run 1" "$T/long.json"
grep -qxF "$T/long.json: run 1: interrupted" "$T/s3.out" && pass || fail "case 3: run 1 not interrupted" "$T/s3.out"
signal 4 TERM "run 1" "$T/long.json"
grep -qxF "$T/long.json: run 1: interrupted" "$T/s4.out" && pass || fail "case 4: run 1 not interrupted" "$T/s4.out"
# waiting for a change, after the first summary
signal 5 INT idle "$T/line.json" --reps 1
grep -q '^  constraint' "$T/s5.out" && pass || fail "case 5: no first summary" "$T/s5.out"
# during a rerun: run 2 starts in the loop's callback, and is stopped there
"$HERBIE" watch "$T/line.json" --reps 1 >"$T/s6.out" 2>"$T/s6.err" </dev/null &
pid=$!
until_has "$T/s6.err" 'for changes (Ctrl-C ends)' || fail "case 6: not watching" "$T/s6.err"
cp "$T/long.json" "$T/line.new" && mv "$T/line.new" "$T/line.json"
until_has "$T/s6.out" ': run 2' || fail "case 6: no run 2" "$T/s6.out"
kill -INT $pid
reap $pid
[ "$rc" -eq 0 ] && pass || fail "case 6: watch after SIGINT in run 2: exit $rc, want 0" "$T/s6.err"
grep -qxF "$T/line.json changed: run 2: interrupted" "$T/s6.out" && pass || fail "case 6: run 2 not interrupted" "$T/s6.out"

# A FIFO is no file to watch: open() of one waits for a writer, and the
# watch waited with it, forever (issue 12, 13). Refused at the start, and
# said when the file is replaced by one, the watch going on. (timeout's
# KILL ends a watch that hangs in open(), where even SIGTERM left it: its
# exit 137 fails the test.)
mkfifo "$T/fifo.json"
expect_exit 2 "a FIFO" timeout -s KILL 20 "$HERBIE" watch "$T/fifo.json"
grep -q "fifo.json is not a regular file" "$T/err" && pass || fail "a FIFO: no message"
cp scenarios/coffee-line.json "$T/line.json"
timeout -s KILL 60 "$HERBIE" watch "$T/line.json" --reps 1 --runs 2 >"$T/f.out" 2>"$T/f.err" </dev/null &
pid=$!
until_has "$T/f.err" 'for changes (Ctrl-C ends)' || fail "FIFO: not watching" "$T/f.err"
rm "$T/line.json" && mkfifo "$T/line.json"
until_has "$T/f.err" "line.json is not a regular file" && pass || fail "FIFO: nothing said" "$T/f.err"
rm "$T/line.json" && cp scenarios/dice-game.json "$T/line.json"
reap $pid
[ "$rc" -eq 0 ] && pass || fail "FIFO: the watch did not go on to run 2: exit $rc" "$T/f.err"
grep -q "line.json changed: run 2 " "$T/f.out" && pass || fail "FIFO: no run 2" "$T/f.out"

expect_exit 2 "a missing file" "$HERBIE" watch "$T/no.json"
expect_exit 2 "--runs 0" "$HERBIE" watch "$T/line.json" --runs 0
expect_ok "help watch" "$HERBIE" help watch
grep -q -- '--runs N' "$T/out" && pass || fail "help watch does not explain --runs"
finish
