#!/bin/sh
# The bad-input corpus: each test/bad/NNN-*.json (with the --set arguments
# of its .set file, one a line) must be refused by `herbie check` and by
# `herbie run` with exit status 2 and exactly the text of its .err file.
. test/cli/lib.sh

for f in test/bad/*.json; do
	base=${f%.json}
	set --
	if [ -f "$base.set" ]; then
		while IFS= read -r a; do set -- "$@" --set "$a"; done < "$base.set"
	fi
	expect_exit 2 "check $f" "$HERBIE" check "$f" "$@"
	expect_same "message of $f" "$base.err" "$T/err"
	expect_exit 2 "run $f" "$HERBIE" run "$f" "$@"
done
finish
