#!/bin/sh
# --report FILE.html for run and diff: a whole page or nothing, the same
# bytes for the same run, stdout unchanged. (What the page holds: the Check
# suite "html"; what a browser makes of it: test/browser/run.sh.)
. test/cli/lib.sh

expect_ok "run without --report" "$HERBIE" run scenarios/coffee-line.json --reps 2
cp "$T/out" "$T/plain"
expect_ok "run --report" "$HERBIE" run scenarios/coffee-line.json --reps 2 --report "$T/r.html"
expect_same "--report leaves stdout alone" "$T/plain" "$T/out"
head -c 15 "$T/r.html" | grep -q '^<!DOCTYPE html>' && pass || fail "no doctype" "$T/r.html"
[ "$(tail -n 1 "$T/r.html")" = '</html>' ] && pass || fail "the page does not end with </html>"
grep -q 'class="chart diagram"' "$T/r.html" && pass || fail "no diagram"
grep -q 'data-station="label"' "$T/r.html" && pass || fail "no row for station label"
[ "$(ls "$T" | grep -c '^r\.html')" -eq 1 ] && pass || fail "a temporary file was left beside the report"
expect_ok "again" "$HERBIE" run scenarios/coffee-line.json --reps 2 --report "$T/r2.html"
expect_same "the same run gives the same page" "$T/r.html" "$T/r2.html"
expect_ok "--report=FILE" "$HERBIE" run scenarios/stop-sign.json --reps 1 --report="$T/s.html"
grep -q 'class="chart latency' "$T/s.html" && pass || fail "no latency chart" "$T/s.html"

expect_exit 1 "a directory that does not exist" "$HERBIE" run scenarios/coffee-line.json --reps 1 --report "$T/no/such/dir/r.html"
grep -q "cannot write $T/no/such/dir/r.html" "$T/err" && pass || fail "no message for an unwritable report"
expect_exit 2 "--report without a file" "$HERBIE" run scenarios/coffee-line.json --report
expect_exit 2 "--report= empty" "$HERBIE" run scenarios/coffee-line.json --report=
expect_exit 2 "check takes no --report" "$HERBIE" check scenarios/coffee-line.json --report "$T/x.html"
[ -e "$T/x.html" ] && fail "check wrote a report" || pass

expect_ok "diff --report" "$HERBIE" diff scenarios/coffee-line.json --set stations.label.servers=2 --reps 2 --report "$T/d.html"
[ "$(grep -o 'class="chart diagram"' "$T/d.html" | wc -l)" -eq 2 ] && pass || fail "diff: not two diagrams"
grep -q '<td class="sig">\*</td>' "$T/d.html" && pass || fail "diff: a second labeler changes nothing significantly?"
expect_ok "diff --report again" "$HERBIE" diff scenarios/coffee-line.json --set stations.label.servers=2 --reps 2 --report "$T/d2.html"
expect_same "the same comparison gives the same page" "$T/d.html" "$T/d2.html"
expect_ok "help run" "$HERBIE" help run
grep -q -- '--report FILE.html' "$T/out" && pass || fail "help run says nothing of --report"
expect_ok "help diff" "$HERBIE" help diff
grep -q -- '--report FILE.html' "$T/out" && pass || fail "help diff says nothing of --report"
expect_ok "--bucket shapes the report's timelines" "$HERBIE" run scenarios/coffee-line.json --bucket 1min --report "$T/bucket.html"
grep -q 'in 65 buckets of 1min' "$T/bucket.html" && pass || fail "the report ignores --bucket (65 minutes in buckets of 1min)" "$T/bucket.html"
expect_ok "report beside a timeline" "$HERBIE" run scenarios/coffee-line.json --timeline "$T/tl.csv" --report "$T/with-tl.html"
expect_ok "report alone" "$HERBIE" run scenarios/coffee-line.json --report "$T/alone.html"
expect_same "the report draws the timeline --timeline wrote (collected once)" "$T/alone.html" "$T/with-tl.html"
finish
