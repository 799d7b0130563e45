#!/bin/sh
# make bench: herbie's engine against its floor and its recorded baseline.
#
# Time is the process's CPU time (bench.c, floor.c): on a shared machine a
# run also waits for a core, and that wait is in the wall clock, not in
# what the engine costs. Wall time is printed beside it.
#
# The floor ratios: herbie and the hand-written floor (bench/floor.c) run
# in BENCH_PAIRS interleaved pairs (floor, herbie; herbie, floor; ...: the
# order alternates so that neither always runs first), each pair gives one
# ratio of CPU times, and the verdict is on the median ratio. A burst of
# load hits both runs of a pair alike, and it takes more than half the
# pairs disturbed the same way to move the median: measured on this
# two-core machine over an afternoon, single M/M/1 ratios ranged from
# 1.46x to 2.38x while seven medians of 15 pairs, two of them with a busy
# loop running on each core, stayed between 1.73x and 1.87x.
#
# Bounds (exit 1 when one is broken):
#   - no regression: the M/M/1 ratio to the floor at most 15% above the
#     ratio bench/baseline.tsv records (ratios, not times, carry from one
#     machine to another), and the cost of an event at k = 10000 over
#     k = 1 at most 1.5x the baseline's (that ratio is not interleaved and
#     swings by a fifth; a cost that grew with k would be tens of times);
#   - the tandem of ten at most 2x the floor;
#   - at most 16 MiB at 10^6 and 10^7 customers;
#   - processor sharing costs O(log n) an event in the n jobs sharing:
#     M/M/1-PS at rho 0.99 (99 jobs on average) at most 3x an event at
#     rho 0.5 (one job), where a linear scan would cost tens of times more;
#   - lines that grow: a tandem of k exponential stations, k = 1, 10, 100,
#     1000, 10000, each started full (9 items at every station, its mean
#     queue at rho 0.9) and run for about 2 * 10^6 events.
# Targets not met yet (issue 10), printed as such and not failed on:
# M/M/1 at most 1.5x the floor, an event at k = 10000 at most 3x one at
# k = 1. A target is not a bound until the engine meets it.
# Also runs the coffee line and a DGX H100 under load (8 GPUs, 2 CPUs, 24
# links carrying traffic), the median of BENCH_RUNS runs each.
#
#   BUILD=dir      the build to measure (default build/rel)
#   BENCH_PAIRS=N  interleaved pairs for the floor ratios (default 15)
#   BENCH_RUNS=N   runs per other case, the median kept (default 3)
#   BENCH_UPDATE=1 rewrite bench/baseline.tsv with this machine's numbers
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/rel}
pairs=${BENCH_PAIRS:-15}
runs=${BENCH_RUNS:-3}
out=$BUILD/bench
tab=$(printf '\t')
mkdir -p "$out"
make -s BUILD="$BUILD" "$BUILD/libherbie.a"
CFLAGS="-std=c11 -O3 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Isim -D_POSIX_C_SOURCE=200809L"
cc $CFLAGS bench/floor.c -o "$out/floor" -lm
# The library's objects are LTO objects: the link compiles them again, as
# the Makefile's does, without -Werror (their warnings were checked when
# they were built).
cc $CFLAGS -flto=auto -c bench/bench.c -o "$out/bench.o"
cc -O3 -flto=auto "$out/bench.o" "$BUILD/libherbie.a" -o "$out/bench" -lcjson -lm

# A tandem of $1 exponential stations (10 ms, rho 0.9 at 90 arrivals/s),
# each holding 9 items at time 0, run for $2 departures.
tandem() {
	awk -v k="$1" -v n="$2" 'BEGIN {
		printf "{\"name\": \"tandem-k%d\", \"seed\": 1, \"run\": {\"items\": %d},\n", k, n
		printf " \"sources\": [{\"name\": \"in\", \"to\": \"s1\", \"rate\": \"90/s\"}],\n"
		printf " \"stations\": [\n"
		for (i = 1; i <= k; i++)
			printf "  {\"name\": \"s%d\", \"initial\": 9, \"service\": {\"exponential\": \"10ms\"}%s}%s\n",
			       i, i < k ? sprintf(", \"next\": \"s%d\"", i + 1) : "", i < k ? "," : ""
		print " ]}"
	}'
}
sweep="1:1000000 10:200000 100:20000 1000:2000 10000:200"
for kn in $sweep; do
	tandem "${kn%:*}" "${kn#*:}" > "$out/tandem-k${kn%:*}.json"
done

# The row of the median CPU time (column 5) of the runs in file $1.
median_row() {
	sort -t "$tab" -k5,5g "$1" | awk -v n="$(wc -l < "$1")" 'NR == int((n + 1) / 2)'
}

# $runs runs of a command, their TSV lines in $out/$1.all, the median's in
# $out/$1.tsv.
median_of() {
	name=$1
	shift
	: > "$out/$name.all"
	i=0
	while [ $i -lt "$runs" ]; do
		"$@" 2>/dev/null >> "$out/$name.all"
		i=$((i + 1))
	done
	median_row "$out/$name.all" > "$out/$name.tsv"
}

# Interleaved pairs: one line per run in $out/<case>.all.
for f in floor-mm1 mm1 floor-tandem tandem10; do : > "$out/$f.all"; done
i=0
while [ $i -lt "$pairs" ]; do
	if [ $((i % 2)) = 0 ]; then
		"$out/floor" mm1 1000000 2>/dev/null >> "$out/floor-mm1.all"
		"$out/bench" bench/mm1.json >> "$out/mm1.all"
		"$out/floor" tandem 1000000 2>/dev/null >> "$out/floor-tandem.all"
		"$out/bench" bench/tandem10.json >> "$out/tandem10.all"
	else
		"$out/bench" bench/mm1.json >> "$out/mm1.all"
		"$out/floor" mm1 1000000 2>/dev/null >> "$out/floor-mm1.all"
		"$out/bench" bench/tandem10.json >> "$out/tandem10.all"
		"$out/floor" tandem 1000000 2>/dev/null >> "$out/floor-tandem.all"
	fi
	i=$((i + 1))
done
for f in floor-mm1 mm1 floor-tandem tandem10; do
	median_row "$out/$f.all" > "$out/$f.tsv"
done
# pairwise ratios of CPU time (column 5) and of wall time (column 4)
paste "$out/floor-mm1.all" "$out/mm1.all" |
	awk -F '\t' '{ print $12 / $5 "\t" $11 / $4 }' > "$out/ratio-mm1.all"
paste "$out/floor-tandem.all" "$out/tandem10.all" |
	awk -F '\t' '{ print $12 / $5 "\t" $11 / $4 }' > "$out/ratio-tandem.all"

median_of coffee "$out/bench" scenarios/coffee-line.json
median_of dgx "$out/bench" bench/dgx.json
median_of ps50 "$out/bench" bench/ps50.json
median_of ps99 "$out/bench" bench/ps99.json
for kn in $sweep; do
	median_of "tandem-k${kn%:*}" "$out/bench" "$out/tandem-k${kn%:*}.json"
done
"$out/bench" bench/mm1.json 10000000 > "$out/mm1-1e7.tsv"

cases="floor-mm1 floor-tandem mm1 tandem10 coffee dgx ps50 ps99"
kcases=""
for kn in $sweep; do kcases="$kcases tandem-k${kn%:*}"; done

set +e
awk -F '\t' -v OFS='\t' '
	function median(a, n,    i, j, x) {	# sorts a[1..n]
		for (i = 2; i <= n; i++) {
			x = a[i]
			for (j = i - 1; j > 0 && a[j] > x; j--)
				a[j + 1] = a[j]
			a[j + 1] = x
		}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	FILENAME == ARGV[1] { if (!/^#/) base[$1] = $6; next }
	FILENAME ~ /ratio-mm1/ { rm[++nm] = $1; wm[nm] = $2; next }
	FILENAME ~ /ratio-tandem/ { rt[++nt] = $1; wt[nt] = $2; next }
	{ name = $1 == "bench-mm1" && $2 > 5e6 ? "bench-mm1-1e7" : $1
	  row[++n] = name; cust[name] = $2; ev[name] = $3; wall[name] = $4
	  cpu[name] = $5; eps[name] = $6; rss[name] = name ~ /^floor/ ? 0 : $7 }
	END {
		printf "%-16s %9s %9s %13s %10s %10s\n", "case", "cpu s", "wall s",
		       "events/s", "peak MiB", "vs base"
		for (i = 1; i <= n; i++) {
			k = row[i]
			vs = base[k] ? sprintf("%+.0f%%", 100 * (eps[k] / base[k] - 1)) : "-"
			printf "%-16s %9.3f %9.3f %13.0f %10s %10s\n", k, cpu[k], wall[k], eps[k],
			       rss[k] ? sprintf("%.1f", rss[k] / 1024) : "-", vs
		}
		bad = 0
		mlo = median(rm, nm); mwall = median(wm, nm)
		tlo = median(rt, nt); twall = median(wt, nt)
		printf "\nherbie / floor, CPU time, median of %d interleaved pairs (range):\n", nm
		bm = base["floor-mm1"] / base["bench-mm1"]
		printf "  M/M/1  %.2fx (%.2f to %.2f; wall %.2fx)  baseline %.2fx, bound %.2fx; target 1.5x%s\n",
		       mlo, rm[1], rm[nm], mwall, bm, 1.15 * bm, (mlo > 1.5 ? " NOT MET" : " met")
		printf "  tandem %.2fx (%.2f to %.2f; wall %.2fx)  bound 2x\n", tlo, rt[1], rt[nt], twall
		if (mlo > 1.15 * bm) { print "FAIL: M/M/1 more than 15% slower against the floor than the baseline"; bad = 1 }
		if (tlo > 2) { print "FAIL: the tandem slower than twice the floor"; bad = 1 }
		rp = eps["bench-ps50"] / eps["bench-ps99"]
		printf "processor sharing, cost of an event with 99 jobs sharing / with 1: %.2fx (bound 3x)\n", rp
		if (rp > 3) { print "FAIL: processor sharing grows faster than log n"; bad = 1 }
		printf "\nlines that grow: a tandem of k stations, started full\n"
		printf "%8s %10s %9s %13s %10s %10s\n", "k", "events", "cpu s", "events/s", "cost/ev", "peak MiB"
		for (i = 1; i <= n; i++) {
			k = row[i]
			if (k !~ /^tandem-k/)
				continue
			kk = substr(k, 9)
			printf "%8d %10d %9.3f %13.0f %9.2fx %10.1f\n", kk, ev[k], cpu[k], eps[k],
			       eps["tandem-k1"] / eps[k], rss[k] / 1024
		}
		rk = eps["tandem-k1"] / eps["tandem-k10000"]
		bk = base["tandem-k1"] / base["tandem-k10000"]
		printf "an event at k = 10000 costs %.2fx one at k = 1 (baseline %.2fx, bound %.2fx; target 3x%s)\n",
		       rk, bk, 1.5 * bk, (rk > 3 ? " NOT MET" : " met")
		if (rk > 1.5 * bk) { print "FAIL: the cost of an event grows with the line"; bad = 1 }
		for (k in rss)
			if (k !~ /^tandem-k/ && rss[k] / 1024 >= 16) {
				printf "FAIL: %s peaks at %.1f MiB (bound 16)\n", k, rss[k] / 1024
				bad = 1
			}
		exit bad
	}' bench/baseline.tsv "$out/ratio-mm1.all" "$out/ratio-tandem.all" \
	$(for c in $cases $kcases; do echo "$out/$c.tsv"; done) "$out/mm1-1e7.tsv"
status=$?
set -e

if [ "${BENCH_UPDATE:-0}" = 1 ]; then
	{
		printf '# name\tcustomers\tevents\twall_s\tcpu_s\tevents_per_s\tpeak_rss_kib\n'
		printf '# recorded by BENCH_UPDATE=1 make bench on %s: medians (%d pairs, %d runs); events_per_s from cpu_s\n' \
			"$(date -u +%Y-%m-%d)" "$pairs" "$runs"
		for c in $cases $kcases; do cat "$out/$c.tsv"; done
	} > bench/baseline.tsv
	echo "bench/baseline.tsv updated"
fi
exit $status
