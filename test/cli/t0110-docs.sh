#!/bin/sh
# The docs' examples are herbie's own output: every line shown under a
# "$ ./herbie ..." in README.md and scenarios/README.md (elisions "..."
# aside) is a line that command prints today. What the docs say of the
# shipped scenarios' results in prose is held against runs in
# test/t_lessons.c; the toc paragraphs they quote are checked here.
. test/cli/lib.sh

# examples DOC: write $T/ex.N.cmd and $T/ex.N.want for each example
examples() {
	awk -v dir="$T" -v doc="$1" '
		/^    \$ \.\/herbie / {
			n++; cmd = dir "/ex." n ".cmd"; want = dir "/ex." n ".want"
			sub(/^    \$ \.\/herbie /, ""); print > cmd; close(cmd)
			printf "" > want; inblock = 1; next
		}
		inblock && /^$/ { next }	# a blank line inside the output
		inblock && /^    / {
			if (index($0, "...") == 0) { sub(/^    /, ""); print >> want }
			next
		}
		{ inblock = 0; if (want) close(want) }
	' "$1"
}

for doc in README.md scenarios/README.md; do
	rm -f "$T"/ex.*
	examples "$doc"
	for c in "$T"/ex.*.cmd; do
		[ -e "$c" ] || continue
		w=${c%.cmd}.want
		set -- $(cat "$c")
		[ -e "$2" ] || continue	# an example on a file of the reader's
		eval "\"\$HERBIE\" $(cat "$c")" >"$T/got" 2>&1 </dev/null
		missing=0
		while IFS= read -r line; do
			grep -Fxq -- "$line" "$T/got" || {
				missing=1
				fail "$doc: \`herbie $(cat "$c")\` no longer prints: $line" "$T/got"
			}
		done <"$w"
		[ "$missing" -eq 0 ] && pass
	done
done

# the verdict README.md quotes on its own
"$HERBIE" run scenarios/coffee-line.json >"$T/got" 2>/dev/null
want=$(grep -A2 "The table ends with herbie's verdict" README.md | sed -n 3p | sed 's/^    //')
grep -Fxq -- "$want" "$T/got" && pass || fail "README.md: run no longer prints: $want" "$T/got"

# toc's paragraphs quoted in the lessons
"$HERBIE" toc scenarios/coffee-line.json >"$T/toc" 2>/dev/null
grep -q 'A protective buffer of 4 in front of label' "$T/toc" && pass ||
	fail "coffee-line: no protective buffer of 4" "$T/toc"
tr '\n' ' ' <"$T/toc" | tr -s ' ' >"$T/toc1"
grep -q 'keeps the throughput (the same rule) is 10:' "$T/toc1" && pass ||
	fail "coffee-line: the rope is not 10" "$T/toc"
grep -q 'WIP goes 17.6 -> 12.6' "$T/toc1" && pass ||
	fail "coffee-line: the rope does not take WIP 17.6 -> 12.6" "$T/toc"
"$HERBIE" toc scenarios/training-input-pipeline.json --until-goal >"$T/toc" 2>/dev/null
tr '\n' ' ' <"$T/toc" | tr -s ' ' >"$T/toc1"
grep -q '> hardware.devices.cpu0.cores=12 ' "$T/toc" && pass ||
	fail "training-input-pipeline: 12 cores are not the first lever applied" "$T/toc"
grep -q '> hardware.devices.cpu0.cores=16 ' "$T/toc" && pass ||
	fail "training-input-pipeline: 16 cores are not the second" "$T/toc"
grep -q 'is 9: the sources release only while fewer than 9 .* WIP goes 26.9 -> 9.9 and mean latency from release 1.89s -> 0.696s' "$T/toc1" && pass ||
	fail "training-input-pipeline: not the rope of 9 the lesson quotes" "$T/toc"
finish
