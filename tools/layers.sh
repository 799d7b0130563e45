#!/bin/sh
# tools/layers.sh: every file includes headers of its own layer or of the
# layers below it, never above (DESIGN.md, "Layers, one way"). make layers.
#
# The layers, lowest first, by folder:
#
#   1 sim/core      simulated time, pools, the event queue, RNG, dists
#   2 sim/stats     Welford, time-weighted, histograms, MSER, active period
#   3 sim/input     diag, jloc, names, unit, jrd (the JSON reader toolkit)
#   4 models        catalogs, roofline, memory, collectives
#   5 sim/scenario  the scenario reader
#   6 sim/line      the line and its step
#   7 sim/run       replications, diff, toc
#   8 sim/report    text and JSON writers
#   9 sim/view      timelines, traces, the HTML pages
#  10 tools         the herbie command
#
# sim/report sits below sim/view as the tree stands: view's html.c and
# htoc.c include report's rtext.h, jw.h, rjson.h and rtoc.h, and report
# includes nothing of view's. (DESIGN.md draws observe below report; its
# HTML pages live in sim/view today.) test/ and bench/ may use anything.
#
# An include "x.h" is found where the compiler finds it: beside the file,
# then under sim/ (-Isim), then under models/ (-Imodels). One that is in
# none of them, and a file in no layer, are errors too: a new folder must
# be given its place here. And a line is built (line_new) and started
# (line_start) in sim/run only. Prints each breach as file:line and exits
# 1; quiet and 0 when there is none. POSIX sh, grep and sed.
set -u
cd "$(dirname "$0")/.." || exit 1

layer() {
	case "$1" in
	sim/core/*) echo 1 ;;
	sim/stats/*) echo 2 ;;
	sim/input/*) echo 3 ;;
	models/*) echo 4 ;;
	sim/scenario/*) echo 5 ;;
	sim/line/*) echo 6 ;;
	sim/run/*) echo 7 ;;
	sim/report/*) echo 8 ;;
	sim/view/*) echo 9 ;;
	tools/*) echo 10 ;;
	*) echo 0 ;;
	esac
}

# The file that `#include "$2"` in file $1 names, or nothing.
resolve() {
	for d in "$(dirname "$1")" sim models; do
		if [ -f "$d/$2" ]; then
			echo "$d/$2" | sed 's,^\./,,'
			return
		fi
	done
}

breaches=$(
	for f in sim/*/*.c sim/*/*.h sim/*/*.inc models/*.c models/*.h \
		 tools/*.c tools/*.h; do
		[ -f "$f" ] || continue
		lf=$(layer "$f")
		if [ "$lf" = 0 ]; then
			echo "$f: in no layer (give its folder one in tools/layers.sh)"
			continue
		fi
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' |
		while read -r ln inc; do
			t=$(resolve "$f" "$inc")
			if [ -z "$t" ]; then
				echo "$f:$ln: includes \"$inc\", which is in no folder of the tree"
				continue
			fi
			lt=$(layer "$t")
			if [ "$lt" -gt "$lf" ]; then
				echo "$f:$ln: includes \"$inc\" ($t, layer $lt) from layer $lf"
			fi
		done
	done
)
# The run owns every replication (DESIGN.md): a line is built and started
# in sim/run only (sim/line defines them; test/ and bench/ may call them).
owners=$(
	grep -n 'line_new[[:space:]]*(\|line_start[[:space:]]*(' \
		sim/*/*.c sim/*/*.h models/*.c tools/*.c 2>/dev/null |
	grep -v '^sim/run/\|^sim/line/' |
	sed 's/^\([^:]*:[0-9]*\):.*/\1: builds or starts a line outside sim\/run (run.h owns every replication)/'
)
if [ -n "$breaches" ] || [ -n "$owners" ]; then
	[ -n "$breaches" ] && echo "$breaches"
	[ -n "$owners" ] && echo "$owners"
	[ -n "$breaches" ] &&
		echo "layers: $(echo "$breaches" | wc -l | tr -d ' ') include(s) against the order (tools/layers.sh)"
	exit 1
fi
exit 0
