#!/bin/sh
# herbie diff: two lines over paired replications.
. test/cli/lib.sh

expect_ok "diff with --set" "$HERBIE" diff scenarios/stop-sign.json --set stations.recognize.servers=3
grep -q '^  latency mean .*  \*$' "$T/out" && pass || fail "the latency change is not marked significant" "$T/out"
# the verdict run prints: stop-sign keeps up with its camera (issue 11's
# "commands disagree": diff said gpu0 where run said the market)
grep -q '^constraint before: the market (the line keeps up with its sources)$' "$T/out" && pass || fail "no constraint before, or not run's verdict" "$T/out"
expect_ok "the constraint moves" "$HERBIE" diff scenarios/storage-bound.json --set sources.dataset.bytes=28MB --reps 2
grep -q '^constraint before: link nvme-read0$' "$T/out" && pass || fail "storage-bound: not the drive's link before" "$T/out"
grep -q '^constraint after:  station train$' "$T/out" && pass || fail "storage-bound: not the GPU's train step after" "$T/out"
expect_ok "diff of two files" "$HERBIE" diff scenarios/coffee-line.json scenarios/coffee-line.json --reps 3
grep -q '\*$' "$T/out" && fail "a line against itself changed significantly" "$T/out" || pass
expect_ok "diff --json" "$HERBIE" diff scenarios/triton-batching.json --set stations.model.batching.max_batch=1 --json --reps 2
grep -q '"significant": true' "$T/out" && pass || fail "batching off is not a significant change" "$T/out"
grep -q '"ci95_independent"' "$T/out" && pass || fail "no independent interval in the JSON" "$T/out"
expect_ok "same seed, same bytes" "$HERBIE" diff scenarios/stop-sign.json --set stations.detect.servers=2 --json --reps 2
cp "$T/out" "$T/a"
expect_ok "again" "$HERBIE" diff scenarios/stop-sign.json --set stations.detect.servers=2 --json --reps 2
expect_same "diff is deterministic" "$T/a" "$T/out"
expect_exit 2 "nothing changes" "$HERBIE" diff scenarios/stop-sign.json
grep -q "what changes?" "$T/err" && pass || fail "no message for a diff without a change"
expect_exit 2 "three files" "$HERBIE" diff scenarios/stop-sign.json scenarios/stop-sign.json scenarios/stop-sign.json
expect_exit 2 "a bad override" "$HERBIE" diff scenarios/stop-sign.json --set stations.nope.servers=2
# stations pair by name: the same line with its stations listed in another
# order changes nothing; a station one side lacks is removed or added
cat >"$T/abc.json" <<'JSON'
{"name": "t", "run": {"duration": "20s", "warmup": "2s", "replications": 3},
 "sources": [{"name": "in", "to": "a", "rate": "50/s"}],
 "stations": [
  {"name": "a", "service": {"exponential": "10ms"}, "next": "b"},
  {"name": "b", "service": {"exponential": "15ms"}, "next": "c"},
  {"name": "c", "service": {"exponential": "5ms"}}]}
JSON
cat >"$T/cab.json" <<'JSON'
{"name": "t", "run": {"duration": "20s", "warmup": "2s", "replications": 3},
 "sources": [{"name": "in", "to": "a", "rate": "50/s"}],
 "stations": [
  {"name": "c", "service": {"exponential": "5ms"}},
  {"name": "a", "service": {"exponential": "10ms"}, "next": "b"},
  {"name": "b", "service": {"exponential": "15ms"}, "next": "c"}]}
JSON
sed 's/"name": "b", "service": {"exponential": "15ms"}/"name": "d", "service": {"exponential": "2ms"}/; s/"next": "b"/"next": "d"/' \
	"$T/cab.json" >"$T/cda.json"
expect_ok "stations in another order" "$HERBIE" diff "$T/abc.json" "$T/cab.json" --report "$T/cab.html"
# 5 figures of the line and 3 of each station, every change exactly 0
[ "$(grep -c -E '      0s?$' "$T/out")" -eq $((5 + 3 * 3)) ] && pass || fail "reordered stations changed" "$T/out"
grep -q 'only before\|only after' "$T/out" && fail "reordered stations seen as removed or added" "$T/out" || pass
# each station's figures before and after are its own: the same (columns as
# rdiff.c prints them: "  %-22s %20s %20s %22s")
awk '/^    [a-z]/ && substr($0, 26, 20) != substr($0, 47, 20) {bad++} END {exit bad > 0}' "$T/out" &&
	pass || fail "a station's figures before and after differ" "$T/out"
grep -o '<tr class="change[^"]*"><th scope="row">[^<]*</th><td>[^<]*</td><td>[^<]*</td>' "$T/cab.html" |
	sed 's|.*</th><td>\([^<]*\)</td><td>\([^<]*\)</td>$|\1\t\2|' >"$T/cells"
[ "$(wc -l <"$T/cells")" -eq $((5 + 3 * 3)) ] && awk -F'\t' '$1 != $2 {bad++} END {exit bad > 0}' "$T/cells" &&
	pass || fail "page: a station's figures before and after differ" "$T/cells"
[ "$(sed -n 's/^  \([a-z]\)$/\1/p' "$T/out" | tr -d '\n')" = abc ] && pass ||
	fail "not the stations a, b, c in before's order" "$T/out"
expect_ok "a station removed, one added" "$HERBIE" diff "$T/abc.json" "$T/cda.json"
grep -q '^  b  (removed: only before)$' "$T/out" && pass || fail "b is not shown removed" "$T/out"
grep -q '^  d  (added: only after)$' "$T/out" && pass || fail "d is not shown added" "$T/out"
[ "$(sed -n 's/^  \([a-z]\)$/\1/p' "$T/out" | tr -d '\n')" = ac ] && pass || fail "a and c are not paired" "$T/out"
expect_ok "removed and added, JSON and page" "$HERBIE" diff "$T/abc.json" "$T/cda.json" --json --report "$T/cda.html"
if command -v jq >/dev/null 2>&1; then
	[ "$(jq -c '[[.stations[].name], [.stations_removed[].name], [.stations_added[].name]]' "$T/out")" = \
		'[["a","c"],["b"],["d"]]' ] && pass || fail "JSON: not a, c paired, b removed, d added" "$T/out"
	[ "$(jq -c '.stations_removed[0].utilization | keys' "$T/out")" = '["before"]' ] && pass ||
		fail "JSON: a removed station has figures after" "$T/out"
	"$HERBIE" diff "$T/abc.json" "$T/cab.json" --json >"$T/json" 2>"$T/err" &&
		[ "$(jq '[.stations[] | .utilization | .before == .after] | all' "$T/json")" = true ] &&
		pass || fail "JSON: reordered stations are not paired with themselves" "$T/json"
else
	grep -q '"stations_removed"' "$T/out" && grep -q '"stations_added"' "$T/out" && pass ||
		fail "JSON: no stations_removed or stations_added" "$T/out"
fi
grep -q '<tr class="group station removed" data-station="b">' "$T/cda.html" && pass || fail "page: b is not shown removed"
grep -q '<tr class="group station added" data-station="d">' "$T/cda.html" && pass || fail "page: d is not shown added"
expect_ok "help diff" "$HERBIE" help diff
finish
