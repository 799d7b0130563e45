#!/bin/sh
# herbie live: without a terminal, status lines and the replication's
# measured figures (those of `herbie run --reps 1`: the same replication);
# in a terminal (tmux), the boxes, the constraint, the keys, SIGWINCH, and
# the terminal put back on every way out.
. test/cli/lib.sh

# Not a terminal. The coffee line's replication is 3900 s: at x2000 it
# plays in about 2 s, one status line a second.
expect_ok "live without a terminal" "$HERBIE" live scenarios/coffee-line.json --speed 2000
grep -q '^sim [0-9:.]*  throughput [0-9.]* bottles/s  wip [0-9]*  constraint [a-z]*$' "$T/out" && pass ||
	fail "no status line" "$T/out"
grep -q "$(printf '\033')" "$T/out" && fail "escapes without a terminal" "$T/out" || pass
grep -q '^coffee-line: replication 0 ended at 1:05:00.0, measured: throughput ' "$T/out" && pass ||
	fail "no last words at the end" "$T/out"
# the same replication as run's first: the same figures, to the digit
thr=$(sed -n 's/.*measured: throughput \([^ ]*\) bottles.*/\1/p' "$T/out")
p50=$(sed -n 's/.*latency p50 \([^ ]*\) p99.*/\1/p' "$T/out")
con=$(sed -n 's/.*, constraint station \([a-z]*\)$/\1/p' "$T/out")
expect_ok "run --reps 1" "$HERBIE" run scenarios/coffee-line.json --reps 1
grep -q "^  throughput        $thr bottles/s\$" "$T/out" && pass || fail "live's throughput $thr is not run's" "$T/out"
grep -q "  p50 $p50  " "$T/out" && pass || fail "live's latency p50 $p50 is not run's" "$T/out"
grep -q "^  constraint: station $con," "$T/out" && pass || fail "live's constraint $con is not run's" "$T/out"

# --for bounds the play: at speed 1 the replication would take an hour.
# The wall time would bound it only loosely (a loaded machine can take
# seconds to start a sanitizer build), so the bound is on the simulated
# time live says it stopped at. That clock starts once the line is built
# and, at speed 1, follows live's own: each status line (at 0, 1, 2 ... s
# of it) runs the line up to the wall clock, and the limit at 1.5 s stops
# it after the 1 s line and before the 2 s one: stopped at about 1 s.
# libev runs due timers in order, so however late the process wakes, the
# 1 s line has run before the limit (never below 1 s, bar the
# microseconds between arming the timers and starting the clock); it ends
# above 1.5 s only if the process, asleep, got no CPU from 1.5 s on, and
# above 5 s if that lasted 3.5 s. A --for read 10 times too long stops at
# about 15 s, 10 times too short at 0.
expect_ok "live --for" "$HERBIE" live scenarios/coffee-line.json --speed 1 --for 1.5
grep -q '^coffee-line: stopped at [0-9.]*m\?s of 1:05:00.0 (--for elapsed): throughput ' "$T/out" && pass ||
	fail "no word of where it stopped" "$T/out"
at=$(sed -n 's/^coffee-line: stopped at \([^ ]*\) of .*/\1/p' "$T/out")
echo "$at" | awk '/^[0-9.]+us$/ { s = $0 / 1e6 } /^[0-9.]+ms$/ { s = $0 / 1e3 }
	/^[0-9.]+s$/ { s = $0 + 0 } /:/ { n = split($0, f, ":"); s = f[n] + 60 * f[n - 1] + 3600 * f[n - 2] }
	END { exit !(s >= 0.9 && s <= 5) }' && pass ||
	fail "--for 1.5 at speed 1 stopped at $at, not about 1 s" "$T/out"

# --for holds however the line's work comes: here it is sparse for
# minutes of simulated time, then a rework loop of 2e7 passes, which one
# step of the line ran whole, past the limit (a --for 1 took 4 s). The
# budget's alarm cuts a step short, so --for 1 ends within a frame (1 s)
# of 1 s. Measured in CPU time, which a loaded machine does not stretch
# as it does the wall clock: the burst costs about 4 s of it; a second of
# wall time, at most a second of CPU; 2.5 s is between.
cat >"$T/rework.json" <<'JSON'
{"name": "rework", "run": {"duration": "1000h"},
 "sources": [{"name": "in", "to": "a", "arrival": {"exponential": "100s"}}],
 "stations": [{"name": "a", "service": "1ns",
               "next": [{"to": "a", "p": 0.99999995}, {"to": "b", "p": 0.00000005}]},
              {"name": "b", "service": "100s"}]}
JSON
cpu=$(python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
	rc = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f" % (r.ru_utime + r.ru_stime) if rc == 0 else "failed")' \
	"$T/out" "$HERBIE" live "$T/rework.json" --speed 1000 --for 1)
awk -v c="$cpu" 'BEGIN { exit !(c != "failed" && c + 0 < 2.5) }' && pass ||
	fail "live --for 1 of a line that bursts took $cpu s of CPU" "$T/out"
grep -q '^rework: stopped at .* (--for elapsed)' "$T/out" && pass || fail "rework: no last words" "$T/out"

expect_exit 2 "--speed 0" "$HERBIE" live scenarios/coffee-line.json --speed 0
grep -q 'live: --speed wants simulated seconds per wall second' "$T/err" && pass || fail "no message for --speed 0"
expect_exit 2 "--for nothing" "$HERBIE" live scenarios/coffee-line.json --for x
expect_exit 2 "--reps is not live's" "$HERBIE" live scenarios/coffee-line.json --reps 2
expect_exit 2 "a bad override" "$HERBIE" live scenarios/coffee-line.json --set stations.label.servers=0
expect_exit 2 "no file" "$HERBIE" live no/such.json
expect_ok "help live" "$HERBIE" help live

# SIGINT, SIGTERM and SIGHUP end live with status 0 and its last words at
# any moment: each case waits for a state, then signals (lib.sh). At
# speed 1 the replication would take an hour.
# stopped N: live's last words say it was interrupted
stopped() {
	[ "$rc" -eq 0 ] && pass || fail "case $1: exit $rc, want 0" "$T/l$1.err"
	grep -q '^coffee-line: stopped at [0-9:.]*[mu]\?s\? of 1:05:00.0 (interrupted): throughput ' "$T/l$1.out" && pass ||
		fail "case $1: no word of the interruption" "$T/l$1.out"
}
# pending before live runs (and blocked, which it must undo)
if pending_start INT "$T/l0.out" "$T/l0.err" "$HERBIE" live scenarios/coffee-line.json --speed 1; then
	reap "$pid"
	stopped 0
else
	echo "t0700-live.sh: env has no --block-signal (coreutils < 8.31): skipping case 0"
fi
# as soon as live has the signal in hand (it blocks it first of all)
for c in 1:INT 2:TERM 3:HUP; do
	n=${c%:*} sig=${c#*:}
	"$HERBIE" live scenarios/coffee-line.json --speed 1 >"$T/l$n.out" 2>"$T/l$n.err" </dev/null &
	pid=$!
	sig_ready $pid "$(signum "$sig")" || fail "case $n: never ready for SIG$sig"
	kill -"$sig" $pid
	reap $pid
	stopped "$n"
done
# after the first status line, while it plays
"$HERBIE" live scenarios/coffee-line.json --speed 1 >"$T/l4.out" 2>"$T/l4.err" </dev/null &
pid=$!
until_has "$T/l4.out" '^sim ' || fail "case 4: no status line" "$T/l4.out"
kill -INT $pid
reap $pid
stopped 4

if ! command -v tmux >/dev/null 2>&1; then
	echo "t0700-live.sh: tmux is not installed: skipping the terminal tests (tools/install-deps installs it)"
	finish
	exit
fi

sock="$T/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tm() { tmux -S "$sock" "$@"; }

# start SESSION ARGS...: herbie live in a 120x40 terminal; when it ends the
# pane keeps its exit status and the terminal's settings in files.
start() {
	s=$1
	shift
	tm new-session -d -s "$s" -x 120 -y 40 -c "$PWD" \
		"'$HERBIE' live $*; echo \"status \$?\" >'$T/$s.status'; stty -a >'$T/$s.stty'; sleep 60"
}

# wait_for SESSION PATTERN: up to WAIT_LIMIT s for the pane to show
# PATTERN.
wait_for() {
	i=0
	while [ $i -lt $((WAIT_LIMIT * 10)) ]; do
		tm capture-pane -p -t "$1" >"$T/pane" 2>/dev/null
		grep -q -- "$2" "$T/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_end SESSION: up to WAIT_LIMIT s for it to end; then its status
# and terminal.
wait_end() {
	i=0
	while [ ! -s "$T/$1.stty" ] && [ $i -lt $((WAIT_LIMIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q '^status 0$' "$T/$1.status" 2>/dev/null && pass || fail "$1: did not end with status 0" "$T/$1.status"
	# canonical input and echo are back
	grep -q -- '-icanon' "$T/$1.stty" && fail "$1: the terminal was left raw" "$T/$1.stty" || pass
	grep -q -- '-echo ' "$T/$1.stty" && fail "$1: echo was left off" "$T/$1.stty" || pass
	grep -q ' icanon' "$T/$1.stty" && pass || fail "$1: no terminal settings" "$T/$1.stty"
}

start keys scenarios/coffee-line.json --speed 8
wait_for keys 'RUNNING' && pass || fail "the view did not start" "$T/pane"
grep -q '^herbie live: coffee-line   sim .* of 1:05:00.0   speed x8   RUNNING' "$T/pane" && pass || fail "no header" "$T/pane"
grep -q '+--------------------+' "$T/pane" && pass || fail "no station box" "$T/pane"
grep -q '|label  ' "$T/pane" && pass || fail "no box for label" "$T/pane"
grep -q ' -> ' "$T/pane" && pass || fail "no arrows between the boxes" "$T/pane"
grep -q '^constraint now:  [a-z]* ' "$T/pane" && pass || fail "no constraint named" "$T/pane"
grep -q '\*====================\*' "$T/pane" && grep -q 'CONSTRAINT\*' "$T/pane" && pass ||
	fail "the constraint's box is not marked" "$T/pane"
grep -q '\[[= ]*\] [0-9]*/6' "$T/pane" && pass || fail "no buffer bars" "$T/pane"
tm send-keys -t keys '+'
wait_for keys 'speed x16 ' && pass || fail "+ did not double the speed" "$T/pane"
tm send-keys -t keys '-' '-'
wait_for keys 'speed x4 ' && pass || fail "- did not halve the speed" "$T/pane"
tm send-keys -t keys Space
wait_for keys 'PAUSED' && pass || fail "space did not pause" "$T/pane"
# paused, the clock stands still
head -n 2 "$T/pane" >"$T/p1"
sleep 0.6
tm capture-pane -p -t keys | head -n 2 >"$T/p2"
expect_same "paused, the clock stands still" "$T/p1" "$T/p2"
tm send-keys -t keys Space
wait_for keys 'RUNNING' && pass || fail "space did not resume" "$T/pane"
# a smaller terminal: SIGWINCH redraws to its size
tm resize-window -t keys -x 60 -y 20
wait_for keys '^herbie live: coffee-line' && pass || fail "no redraw after a resize" "$T/pane"
awk 'length > 60 { bad = 1 } END { exit bad }' "$T/pane" && pass || fail "lines wider than the new size" "$T/pane"
tm resize-window -t keys -x 120 -y 40
wait_for keys 'keys: space pause/resume' && pass || fail "no redraw after growing back" "$T/pane"
tm send-keys -t keys q
wait_end keys
wait_for keys '^coffee-line: stopped at .* (quit): throughput ' && pass || fail "no last words after q" "$T/pane"
grep -q 'RUNNING' "$T/pane" && fail "the view was left on the screen" "$T/pane" || pass

# Ctrl-C restores the terminal and ends cleanly, running or paused
start ctrlc scenarios/coffee-line.json
wait_for ctrlc 'RUNNING' && pass || fail "ctrlc: the view did not start" "$T/pane"
tm send-keys -t ctrlc C-c
wait_end ctrlc
wait_for ctrlc '(interrupted)' && pass || fail "no word of the interruption" "$T/pane"
start paused scenarios/coffee-line.json
wait_for paused 'RUNNING' && pass || fail "paused: the view did not start" "$T/pane"
tm send-keys -t paused Space
wait_for paused 'PAUSED' && pass || fail "paused: space did not pause" "$T/pane"
tm send-keys -t paused C-c
wait_end paused
wait_for paused '(interrupted)' && pass || fail "paused: no word of the interruption" "$T/pane"

# the end of the replication ends it too: x20000 plays 3900 s in 0.2 s
start end scenarios/coffee-line.json --speed 20000
wait_end end
wait_for end '^coffee-line: replication 0 ended at 1:05:00.0, measured: ' && pass || fail "no last words at the end" "$T/pane"
finish
