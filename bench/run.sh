#!/bin/sh
# make bench: herbie's engine against its floor and its recorded baseline.
#
# For each case: wall time, events per second and peak memory, the best of
# three runs (the least disturbed by whatever else the machine is doing).
# Checks the bounds: herbie takes at most 2x the floor's time on M/M/1 and
# on the tandem line, and stays under 16 MiB at 10^6 and 10^7 customers;
# processor sharing costs O(log n) an event in the n jobs sharing: M/M/1-PS
# at rho 0.99 (99 jobs on average) may cost at most 3x an event at rho 0.5
# (one job), where a linear scan would cost tens of times more. Also runs
# a DGX H100 under load (8 GPUs, 2 CPUs, 24 links carrying traffic).
# Exit 1 when a bound is broken.
#
#   BENCH_RUNS=N   runs per case (default 3)
#   BENCH_UPDATE=1 rewrite bench/baseline.tsv with this machine's numbers
set -eu
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
out=build/bench
mkdir -p "$out"
make -s build/rel/libherbie.a
CFLAGS="-std=c11 -O3 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Isim -D_POSIX_C_SOURCE=200809L"
cc $CFLAGS bench/floor.c -o "$out/floor" -lm
cc $CFLAGS -flto=auto bench/bench.c build/rel/libherbie.a -o "$out/bench" -lcjson -lm

# best of $runs by wall time (column 4) of a command's TSV line
best() {
	i=0
	while [ $i -lt "$runs" ]; do "$@" 2>/dev/null; i=$((i + 1)); done |
		sort -t "$(printf '\t')" -k4,4g | head -n 1
}

best "$out/floor" mm1 1000000 > "$out/floor-mm1.tsv"
best "$out/floor" tandem 1000000 > "$out/floor-tandem.tsv"
best "$out/bench" bench/mm1.json > "$out/mm1.tsv"
best "$out/bench" bench/tandem10.json > "$out/tandem10.tsv"
best "$out/bench" scenarios/coffee-line.json > "$out/coffee.tsv"
best "$out/bench" bench/dgx.json > "$out/dgx.tsv"
best "$out/bench" bench/ps50.json > "$out/ps50.tsv"
best "$out/bench" bench/ps99.json > "$out/ps99.tsv"
"$out/bench" bench/mm1.json 10000000 > "$out/mm1-1e7.tsv"

awk -F '\t' -v OFS='\t' '
	FILENAME == ARGV[1] { if (!/^#/) base[$1] = $5; next }
	{ name = $1 == "bench-mm1" && $2 > 5e6 ? "bench-mm1-1e7" : $1
	  row[++n] = name; wall[name] = $4; eps[name] = $5; rss[name] = name ~ /^floor/ ? 0 : $6 }
	END {
		printf "%-16s %9s %13s %10s %10s\n", "case", "wall s", "events/s", "peak MiB", "vs base"
		for (i = 1; i <= n; i++) {
			k = row[i]
			vs = base[k] ? sprintf("%+.0f%%", 100 * (eps[k] / base[k] - 1)) : "-"
			printf "%-16s %9.3f %13.0f %10s %10s\n", k, wall[k], eps[k],
			       rss[k] ? sprintf("%.1f", rss[k] / 1024) : "-", vs
		}
		bad = 0
		ra = wall["bench-mm1"] / wall["floor-mm1"]
		rb = wall["bench-tandem10"] / wall["floor-tandem"]
		printf "\nherbie / floor, wall time: M/M/1 %.2fx, tandem %.2fx (bound 2x)\n", ra, rb
		if (ra > 2 || rb > 2) { print "FAIL: slower than twice the floor"; bad = 1 }
		rp = eps["bench-ps50"] / eps["bench-ps99"]
		printf "processor sharing, cost of an event with 99 jobs sharing / with 1: %.2fx (bound 3x)\n", rp
		if (rp > 3) { print "FAIL: processor sharing grows faster than log n"; bad = 1 }
		for (k in rss) if (rss[k] / 1024 >= 16) { printf "FAIL: %s peaks at %.1f MiB (bound 16)\n", k, rss[k] / 1024; bad = 1 }
		exit bad
	}' bench/baseline.tsv "$out/floor-mm1.tsv" "$out/floor-tandem.tsv" \
	"$out/mm1.tsv" "$out/tandem10.tsv" "$out/coffee.tsv" "$out/dgx.tsv" \
	"$out/ps50.tsv" "$out/ps99.tsv" "$out/mm1-1e7.tsv"
status=$?

if [ "${BENCH_UPDATE:-0}" = 1 ]; then
	{
		printf '# name\tcustomers\tevents\twall_s\tevents_per_s\tpeak_rss_kib\n'
		printf '# recorded by BENCH_UPDATE=1 make bench on %s\n' "$(date -u +%Y-%m-%d)"
		cat "$out/floor-mm1.tsv" "$out/floor-tandem.tsv" "$out/mm1.tsv" \
			"$out/tandem10.tsv" "$out/coffee.tsv" "$out/dgx.tsv" \
			"$out/ps50.tsv" "$out/ps99.tsv"
	} > bench/baseline.tsv
	echo "bench/baseline.tsv updated"
fi
exit $status
