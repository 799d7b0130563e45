#!/bin/sh
# A barrier's all-reduce on the wire (issue 11): the DGX's NVLinks carry
# its bytes, in the JSON results and in the text's link table, and a `via`
# that contradicts the placement is refused where it stands.
. test/cli/lib.sh

dp=scenarios/data-parallel-dgx.json
big="stations.allreduce.allreduce.bytes=14GB"

# The figure after "mean" of the first object named $2 in file $1 after
# the key $3 (the JSON is one key a line).
figure() {
	awk -v name="\"name\": \"$2\"" -v key="\"$3\"" '
		index($0, name) { found = 1 }
		found && index($0, key) { want = 1; next }
		want && /"mean"/ { sub(/.*"mean": /, ""); sub(/,$/, ""); print; exit }
	' "$1"
}

expect_ok "run $dp --json with 14 GB" "$HERBIE" run "$dp" --json --reps 1 --set "$big"
cp "$T/out" "$T/json"
# Every round (8 replicas x 256 images) all-reduces 14 GB by a ring of 8:
# each NVLink carries 2 x 7/8 x 14 GB out and as much in, 49 GB a round.
# The window (50 s) may cut one collective between its bytes and its
# items: one collective's bytes over the window, about 1 GB/s, is the
# tolerance.
rounds=$(awk -v t="$(awk '/"throughput_per_s"/ { getline; sub(/.*"mean": /, ""); sub(/,$/, ""); print; exit }' "$T/json")" \
	'BEGIN { print t / 2048 }')
for l in nvlink0 nvlink7; do
	got=$(figure "$T/json" "$l" bytes_per_s)
	awk -v g="$got" -v r="$rounds" 'BEGIN { w = r * 49e9; d = g - w; if (d < 0) d = -d; exit !(g > 0 && d <= 49e9 / 50) }' \
		&& pass || fail "$l carries $got B/s, want $rounds rounds/s x 49 GB"
done
got=$(figure "$T/json" ib0 bytes_per_s)
[ "$got" = 0 ] && pass || fail "ib0 carries $got B/s, want nothing (one node)"

expect_ok "run $dp as text with 14 GB" "$HERBIE" run "$dp" --reps 1 --set "$big"
grep -q '^  nvlink0 .*nvlink4-nvswitch .*GB/s$' "$T/out" && pass ||
	fail "no nvlink0 row in the link table" "$T/out"
grep -q 'and 24 links that carried nothing' "$T/out" && pass ||
	fail "the NVLinks are still counted as idle" "$T/out"

# the algorithm is a word of four; a via that the routing contradicts is
# refused with its path
expect_ok "tree" "$HERBIE" check "$dp" --set stations.allreduce.allreduce.algorithm=tree
expect_exit 2 "an unknown algorithm" "$HERBIE" check "$dp" --set stations.allreduce.allreduce.algorithm=butterfly
grep -q 'stations\[16\].allreduce.algorithm' "$T/err" && pass || fail "no path in the message"
expect_exit 2 "a via off the route" "$HERBIE" check "$dp" --set 'stations.allreduce.allreduce.via=["nvlink0","nvlink2"]'
grep -q 'stations\[16\].allreduce.via: the collective is routed over the hardware links between its replicas.* devices, and from gpu0 to gpu1 that is nvlink0, nvlink1' "$T/err" &&
	pass || fail "the via message" "$T/err"
finish
