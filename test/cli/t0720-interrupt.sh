#!/bin/sh
# herbie run (and toc): Ctrl-C stops at once (not at the end of the
# replication under way) and prints the results so far marked partial,
# exit status 0;
# no file is left behind. Progress shows on stderr only when it is a
# terminal (through tmux), and is erased at the end.
. test/cli/lib.sh

# A run that would take a minute or more: 3 replications of 5000 h of the
# coffee line, about 1.3e8 events each (25e6 per 1000 h, measured).
long="scenarios/coffee-line.json --set run.duration=5000h --reps 3"

# interrupt SIGNAL ARGS...: start a long run, send SIGNAL once it is under
# way, and wait at most 10 s for it to end. "Under way" is a state, not a
# time: herbie catches SIGNAL and has used 0.5 s of CPU (the scenario is
# read in milliseconds), so the signal lands inside replication 0 however
# loaded the machine. A stop at the end of the replication would take
# tens of seconds, but the proof is the output: replication 0 cut short.
# Sets $rc and $waited (tenths of a second).
interrupt() {
	sig=$1
	shift
	# shellcheck disable=SC2086
	"$HERBIE" run $long "$@" >"$T/out" 2>"$T/err" </dev/null &
	pid=$!
	sig_ready $pid "$(signum "$sig")" && until_cpu $pid 0.5 ||
		fail "$sig: the run never got under way"
	kill -"$sig" $pid
	waited=0
	while kill -0 $pid 2>/dev/null && [ $waited -lt 100 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid
		fail "$sig: still running 10 s after the signal"
	fi
	wait $pid
	rc=$?
}

mkdir "$T/o"
interrupt INT --timeline "$T/o/u.csv"
[ "$rc" -eq 0 ] && pass || fail "interrupted run: exit $rc, want 0"
grep -q '^  (partial' "$T/out" && pass || fail "the results are not marked partial" "$T/out"
# stopped inside replication 0: the only one, so its figures so far are kept
grep -q '^coffee-line: 1 replication of ' "$T/out" && pass || fail "not the one replication cut short" "$T/out"
grep -q '^  throughput  ' "$T/out" && pass || fail "no throughput in the partial results" "$T/out"
grep -q '^coffee-line: 1 replication of 5000h' "$T/out" && fail "the replication ran to its end" "$T/out" || pass
left=$(ls -A "$T/o")
[ -z "$left" ] && pass || fail "files left after Ctrl-C: $left"

interrupt INT --json
[ "$rc" -eq 0 ] && pass || fail "interrupted --json: exit $rc, want 0"
grep -q '"partial": true' "$T/out" && pass || fail "the JSON is not marked partial" "$T/out"
grep -q '"replications": 1,' "$T/out" && pass || fail "the JSON does not hold the one replication" "$T/out"
tail -n 1 "$T/out" | grep -q '^}$' && pass || fail "the JSON is cut short" "$T/out"

interrupt TERM
[ "$rc" -eq 0 ] && pass || fail "terminated run: exit $rc, want 0"
grep -q '^  (partial' "$T/out" && pass || fail "SIGTERM: the results are not marked partial" "$T/out"

# A signal at any moment after the start, even before the scenario is
# read (tools/intr.h catches it first of all): pending from herbie's
# first instruction, run still prints what it measured, marked partial,
# and toc says it measured nothing; both with status 0.
if pending_start INT "$T/p.out" "$T/p.err" "$HERBIE" run $long; then
	reap "$pid"
	[ "$rc" -eq 0 ] && pass || fail "run, signal pending at the start: exit $rc, want 0" "$T/p.err"
	grep -q '^  (partial' "$T/p.out" && pass || fail "run, signal pending at the start: not partial" "$T/p.out"
	pending_start TERM "$T/q.out" "$T/q.err" "$HERBIE" toc $long
	reap "$pid"
	[ "$rc" -eq 0 ] && pass || fail "toc, signal pending at the start: exit $rc, want 0" "$T/q.err"
	grep -q 'interrupted' "$T/q.err" && pass || fail "toc, signal pending at the start: no word of it" "$T/q.err"
else
	echo "t0720-interrupt.sh: env has no --block-signal (coreutils < 8.31): skipping the pending signals"
fi

# not a terminal: not a byte on stderr
expect_ok "a plain run" "$HERBIE" run scenarios/coffee-line.json
[ -s "$T/err" ] && fail "progress on a stderr that is not a terminal" || pass
grep -q '(partial' "$T/out" && fail "a whole run marked partial" "$T/out" || pass

if ! command -v tmux >/dev/null 2>&1; then
	echo "t0720-interrupt.sh: tmux is not installed: skipping the progress line (tools/install-deps installs it)"
	finish
	exit
fi

# Progress on a terminal: tmux gives the run a terminal for stderr while
# stdout goes to a file; the pane is read while it runs and after. 400 h
# twice is 2e7 events: seconds, and the line shows after half a second
# (minutes for a sanitizer build on a loaded machine: the wait is for the
# status file, up to 5 x WAIT_LIMIT).
sock="$T/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tmux -S "$sock" new-session -d -s prog -x 120 -y 10 -c "$PWD" \
	"'$HERBIE' run scenarios/coffee-line.json --set run.duration=400h --reps 2 >'$T/prog.out'; echo \"status \$?\" >'$T/prog.status'; sleep 60"
seen=""
i=0
while [ ! -s "$T/prog.status" ] && [ $i -lt $((WAIT_LIMIT * 50)) ]; do
	tmux -S "$sock" capture-pane -p -t prog >"$T/pane" 2>/dev/null
	grep -q 'replication [12] of 2, sim [0-9:.]* of 400:05:00.0, .* M events/s' "$T/pane" && seen=1
	sleep 0.1
	i=$((i + 1))
done
[ -n "$seen" ] && pass || fail "no progress line on the terminal" "$T/pane"
grep -q '^status 0$' "$T/prog.status" 2>/dev/null && pass || fail "the run with progress failed"
tmux -S "$sock" capture-pane -p -t prog >"$T/pane"
grep -q 'events/s' "$T/pane" && fail "the progress line was not erased" "$T/pane" || pass
grep -q '^coffee-line: 2 replications of 400h' "$T/prog.out" && pass || fail "progress went to stdout" "$T/prog.out"
expect_ok "the same run without a terminal" "$HERBIE" run scenarios/coffee-line.json --set run.duration=400h --reps 2
expect_same "progress changes no result" "$T/out" "$T/prog.out"
finish
