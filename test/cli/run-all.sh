#!/bin/sh
# Run every test/cli/tNNNN-*.sh against $HERBIE; print the totals in the
# plain form 'N passed, N failed'.
set -u
cd "$(dirname "$0")/../.."
: "${HERBIE:?set HERBIE to the herbie binary}"
ok=0 bad=0 status=0
for t in test/cli/t[0-9][0-9][0-9][0-9]-*.sh; do
	line=$(HERBIE="$HERBIE" sh "$t" | tee /dev/stderr | tail -n 1) || status=1
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	ok=$((ok + ${p:-0}))
	bad=$((bad + ${f:-1}))
done 2>&1
echo "cli: $ok passed, $bad failed"
[ "$bad" -eq 0 ] && [ "$status" -eq 0 ]
