#!/bin/sh
# The HTML report in a real browser: headless Chromium renders the reports
# of two scenarios and of a comparison, and the test checks what it drew.
#
#   - the DOM (--dump-dom) holds every chart the file has, at least the
#     ones the scenario calls for (the diagram, the line's two, a states
#     and a queue chart per station, the latency), the diagram's
#     constraint mark on the entity `herbie run` names, and a results row
#     for every station `herbie run` lists;
#   - the screenshot (1200 x 2000) is a PNG that compresses to at least
#     five times a blank page's size at the same window (a page that did
#     not draw compresses like a blank one); with python3 (not required)
#     it has many colors, among them the charts' working green and the
#     constraint's red, exactly.
#
# Without Chromium it prints "skipped: no chromium" and passes, unless
# BROWSER=1 (CI) asks for a real browser: then it fails.
cd "$(dirname "$0")/../.."
: "${HERBIE:=$PWD/herbie}"
browser=
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		browser=$c
		break
	fi
done
if [ -z "$browser" ]; then
	if [ "${BROWSER:-0}" = 1 ]; then
		echo "FAIL run.sh: BROWSER=1 but neither chromium nor chromium-browser is installed"
		exit 1
	fi
	echo "skipped: no chromium"
	exit 0
fi
. test/cli/lib.sh

limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 180"

# headless FILE ARGS...: the browser on FILE, its own profile in $T.
headless() {
	file=$1
	shift
	$limit "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
		--no-first-run --user-data-dir="$T/profile" "$@" "file://$file" \
		2>>"$T/browser.err"
}

# render NAME: $T/NAME.html to $T/NAME.dom and $T/NAME.png
render() {
	headless "$T/$1.html" --dump-dom >"$T/$1.dom" ||
		fail "$1: the browser did not dump the DOM" "$T/browser.err"
	headless "$T/$1.html" --screenshot="$T/$1.png" --window-size=1200,2000 >/dev/null ||
		fail "$1: the browser took no screenshot" "$T/browser.err"
}

occurrences() {	# occurrences STRING FILE
	grep -o -- "$1" "$2" | wc -l | tr -d ' '
}

# The screenshot drew: a PNG, well above a blank page's size, and (with
# python3) the colors of what it shows.
check_png() {
	name=$1
	shift
	png=$T/$name.png
	if [ "$(head -c 4 "$png" 2>/dev/null | od -An -c | tr -d ' ')" != '211PNG' ]; then
		fail "$name: the screenshot is not a PNG"
		return
	fi
	pass
	size=$(wc -c <"$png" | tr -d ' ')
	if [ "$size" -ge $((5 * blank)) ]; then pass; else
		fail "$name: the screenshot is $size bytes, a blank page's is $blank: nothing drew?"
	fi
	command -v python3 >/dev/null 2>&1 || return 0
	python3 test/browser/pngstat.py "$png" "$@" >"$T/$name.colors" 2>&1 ||
		{ fail "$name: pngstat failed" "$T/$name.colors"; return; }
	colors=$(sed -n 's/^colors //p' "$T/$name.colors")
	if [ "${colors:-0}" -ge 16 ]; then pass; else
		fail "$name: the screenshot has $colors colors" "$T/$name.colors"
	fi
	for c in "$@"; do
		n=$(sed -n "s/^$c //p" "$T/$name.colors")
		if [ "${n:-0}" -gt 0 ]; then pass; else
			fail "$name: no pixel of #$c in the screenshot" "$T/$name.colors"
		fi
	done
}

printf '<!DOCTYPE html>\n<html><head><title>blank</title></head><body></body></html>\n' >"$T/blank.html"
headless "$T/blank.html" --screenshot="$T/blank.png" --window-size=1200,2000 >/dev/null
blank=$(wc -c <"$T/blank.png" 2>/dev/null | tr -d ' ')
[ "${blank:-0}" -gt 0 ] || { fail "the browser cannot take a screenshot of a blank page" "$T/browser.err"; finish; exit; }

GREEN=2e9e4f	# working
RED=c0143c	# the constraint's outline

for s in coffee-line stop-sign; do
	expect_ok "$s --report" "$HERBIE" run "scenarios/$s.json" --reps 2 --report "$T/$s.html"
	cp "$T/out" "$T/$s.txt"
	render "$s"
	dom=$T/$s.dom
	grep -q '</html>' "$dom" && pass || fail "$s: no DOM" "$T/browser.err"
	# the stations, as `herbie run` lists them
	stations=$(awk '/^  station /{on=1; next} on && NF==0{exit} on{print $1}' "$T/$s.txt")
	nst=$(echo "$stations" | wc -w | tr -d ' ')
	[ "$nst" -gt 0 ] && pass || fail "$s: no stations in herbie's text" "$T/$s.txt"
	for st in $stations; do
		grep -q "<tr class=\"station[^\"]*\" data-station=\"$st\">" "$dom" && pass ||
			fail "$s: no results row for station $st"
	done
	want=$((1 + 2 + 2 * nst + 1))
	in_file=$(occurrences '<svg' "$T/$s.html")
	in_dom=$(occurrences '<svg' "$dom")
	[ "$in_dom" -eq "$in_file" ] && pass || fail "$s: $in_file charts in the file, $in_dom in the DOM"
	[ "$in_dom" -ge "$want" ] && pass || fail "$s: $in_dom charts, want $want at least"
	[ "$(occurrences 'class="chart diagram"' "$dom")" -eq 1 ] && pass || fail "$s: no diagram"
	# the constraint herbie names is the one marked: an entity, the set it
	# shifts among, or (the line keeps up) its sources, for the market
	verdict=$(sed -n 's/^  constraint: //p' "$T/$s.txt")
	case $verdict in
	"none inside the line"*)
		grep -q '<g class="node source constraint">' "$dom" && pass ||
			fail "$s: the market is the constraint but no source is marked" ;;
	"the bottleneck shifts among"*)
		grep -q '<g class="node [a-z]* constraint">' "$dom" && pass ||
			fail "$s: the constraint shifts but nothing is marked" ;;
	station*|device*|link*)
		set -- $verdict
		grep -q "<g class=\"node $1 constraint\"><title>${2%,}:" "$dom" && pass ||
			fail "$s: $1 ${2%,} is the constraint but not marked so in the diagram" ;;
	*)
		fail "$s: herbie names no constraint" "$T/$s.txt" ;;
	esac
	grep -q 'class="ctag constraint-label"' "$dom" && pass || fail "$s: no constraint label"
	check_png "$s" "$GREEN" "$RED"
done

expect_ok "diff --report" "$HERBIE" diff scenarios/stop-sign.json --set stations.recognize.servers=3 --reps 2 --report "$T/diff.html"
render diff
[ "$(occurrences 'class="chart diagram"' "$T/diff.dom")" -eq 2 ] && pass || fail "diff: not two diagrams"
[ "$(occurrences '<td class="sig">\*</td>' "$T/diff.dom")" -ge 1 ] && pass ||
	fail "diff: no significant change marked (the latency's is)"
[ "$(occurrences '<svg' "$T/diff.dom")" -eq "$(occurrences '<svg' "$T/diff.html")" ] && pass ||
	fail "diff: the DOM lost charts"
check_png diff "$GREEN" "$RED"

# toc: a section per line of the chain, each with its diagram and levers
expect_ok "toc --report" "$HERBIE" toc scenarios/coffee-line.json --report "$T/toc.html"
render toc
[ "$(occurrences '<h2>Step ' "$T/toc.dom")" -eq 3 ] && pass || fail "toc: not three steps (label -> fill -> pack)"
[ "$(occurrences 'class="chart diagram"' "$T/toc.dom")" -eq 3 ] && pass || fail "toc: not a diagram per step"
[ "$(occurrences '(applied)' "$T/toc.dom")" -eq 2 ] && pass || fail "toc: not two levers applied"
[ "$(occurrences '<svg' "$T/toc.dom")" -eq "$(occurrences '<svg' "$T/toc.html")" ] && pass ||
	fail "toc: the DOM lost charts"
check_png toc "$GREEN" "$RED"
finish
