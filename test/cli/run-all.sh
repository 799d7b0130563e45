#!/bin/sh
# Run every test/cli/tNNNN-*.sh against $HERBIE; print each script's output
# and the totals in the plain form 'N passed, N failed'.
set -u
cd "$(dirname "$0")/../.."
: "${HERBIE:?set HERBIE to the herbie binary}"
ok=0 bad=0
out=$(mktemp "${TMPDIR:-/tmp}/herbie-cli.XXXXXX")
trap 'rm -f "$out"' EXIT
for t in test/cli/t[0-9][0-9][0-9][0-9]-*.sh; do
	HERBIE="$HERBIE" sh "$t" >"$out" 2>&1
	cat "$out"
	line=$(tail -n 1 "$out")
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$p" ] || { echo "$t: no summary line (crashed?)"; f=1; }
	ok=$((ok + ${p:-0}))
	bad=$((bad + ${f:-1}))
done
echo "cli: $ok passed, $bad failed"
[ "$bad" -eq 0 ]
