#!/bin/sh
# herbie run --timeline and --trace: the files appear whole, the same
# bytes for the same seed, bad buckets are refused with a message, and no
# temporary file is ever left behind (not even after Ctrl-C).
. test/cli/lib.sh

# nothing in $T/o but the files named
only() {
	left=$(cd "$T/o" && ls -A | sort | tr '\n' ' ')
	[ "$left" = "$1" ] && pass || fail "files left: '$left', want '$1'"
}
mkdir "$T/o"

expect_ok "timeline and trace" "$HERBIE" run scenarios/stop-sign.json --reps 2 \
	--timeline "$T/o/util.csv" --bucket 100ms --trace "$T/o/stop.trace.json" --trace-items 50
only "stop.trace.json util.csv "
head -n 1 "$T/o/util.csv" | grep -q '^t_start_s,t_end_s,kind,name,working,starved,blocked,waiting,utilization,queue,wip,throughput,bytes_per_s$' &&
	pass || fail "no CSV header" "$T/o/util.csv"
# 65 s in buckets of 100 ms, 11 entities (the line, 7 stations, 2 devices, a link)
rows=$(wc -l < "$T/o/util.csv")
[ "$rows" -eq $((650 * 11 + 1)) ] && pass || fail "util.csv has $rows lines, want $((650 * 11 + 1))"
grep -q '^0.1,0.2,station,detect,' "$T/o/util.csv" && pass || fail "no row for detect's second bucket" "$T/o/util.csv"
head -c 40 "$T/o/stop.trace.json" | grep -q '^{"displayTimeUnit":"ns"' && pass ||
	fail "not a trace" "$T/o/stop.trace.json"
tail -c 3 "$T/o/stop.trace.json" | grep -q '\]}' && pass || fail "the trace does not end" "$T/o/stop.trace.json"
grep -q '"ph":"X","name":"recognize"' "$T/o/stop.trace.json" && pass || fail "no recognize slices"
grep -q '"ph":"f","name":"item 1"' "$T/o/stop.trace.json" && pass || fail "no flow for item 1"

mv "$T/o/util.csv" "$T/util1.csv"
mv "$T/o/stop.trace.json" "$T/trace1.json"
expect_ok "again" "$HERBIE" run scenarios/stop-sign.json --reps 2 \
	--timeline "$T/o/util.csv" --bucket 100ms --trace "$T/o/stop.trace.json" --trace-items 50
expect_same "same seed, same timeline" "$T/util1.csv" "$T/o/util.csv"
expect_same "same seed, same trace" "$T/trace1.json" "$T/o/stop.trace.json"
rm -f "$T/o/"*

expect_ok "timeline as JSON, default bucket" "$HERBIE" run scenarios/coffee-line.json --reps 1 --timeline "$T/o/util.json"
only "util.json "
grep -q '^{"bucket_s":20,"warmup_s":300,"end_s":3900,"t_s":\[0,20,40,' "$T/o/util.json" && pass ||
	fail "not the JSON timeline of 195 buckets of 20 s" "$T/o/util.json"
rm -f "$T/o/"*

expect_exit 2 "a bucket that is not a time" "$HERBIE" run scenarios/stop-sign.json --timeline "$T/o/u.csv" --bucket 5parsecs
grep -q 'herbie: run: --bucket: "5parsecs" is not a duration (units: ns us ms s min h)' "$T/err" && pass || fail "no message for --bucket 5parsecs"
expect_exit 2 "a bucket of 0" "$HERBIE" run scenarios/stop-sign.json --timeline "$T/o/u.csv" --bucket 0s
grep -q 'is not a duration of 1ns or more' "$T/err" && pass || fail "no message for --bucket 0s"
expect_exit 2 "too many buckets" "$HERBIE" run scenarios/stop-sign.json --timeline "$T/o/u.csv" --bucket 1us
grep -q 'herbie: run: --bucket: buckets of 1us are more than 100000 over the run' "$T/err" && pass || fail "no message for too many buckets"
[ -s "$T/out" ] && fail "ran before refusing the bucket" "$T/out" || pass
expect_exit 2 "--bucket without --timeline" "$HERBIE" run scenarios/stop-sign.json --bucket 1s
grep -q -- '--bucket goes with --timeline' "$T/err" && pass || fail "no message for a lone --bucket"
expect_exit 2 "--trace-items 0" "$HERBIE" run scenarios/stop-sign.json --trace "$T/o/t.json" --trace-items 0
expect_exit 1 "a trace that cannot be written" "$HERBIE" run scenarios/stop-sign.json --reps 1 --trace "$T/o/no/such/t.json"
grep -q "cannot write $T/o/no/such/t.json" "$T/err" && pass || fail "no message for an unwritable trace"
only ""

# Ctrl-C: results marked partial, no output file, no temporary file.
"$HERBIE" run scenarios/coffee-line.json --set run.duration=2000h --reps 1 \
	--timeline "$T/o/u.csv" --trace "$T/o/t.json" >"$T/out" 2>"$T/err" </dev/null &
pid=$!
# wait for a state, never for a time: herbie catches SIGINT and is running
{ sig_ready $pid 2 && until_cpu $pid 0.5; } || fail "the run never got under way"
kill -INT $pid
reap $pid
[ "$rc" -eq 0 ] && pass || fail "interrupted run: exit $rc, want 0"
grep -q 'interrupted' "$T/err" && pass || fail "no word of the interruption"
only ""

expect_ok "help run" "$HERBIE" help run
grep -q -- '--timeline FILE' "$T/out" && grep -q -- '--trace-items N' "$T/out" && pass ||
	fail "help run does not list the output options" "$T/out"
# a station of 50,000 servers: only the threads that served a sampled item
# are named, so the file keeps trace.h's bound (1 item: a few events)
cat > "$T/wide.json" <<'JSON'
{"name": "wide", "run": {"duration": "1s"}, "sources": [{"name": "in", "to": "c", "rate": "1000/s"}],
 "stations": [{"name": "c", "servers": 50000, "service": "10ms"}]}
JSON
expect_ok "a trace of a wide station" "$HERBIE" run "$T/wide.json" --trace "$T/wide.trace.json" --trace-items 1
[ "$(wc -c < "$T/wide.trace.json")" -lt 4096 ] && pass || fail "50,000 servers' names written for one sampled item"
finish
