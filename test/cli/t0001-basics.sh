#!/bin/sh
# The command itself: help, version, usage errors and their exit codes.
. test/cli/lib.sh

expect_ok "help lists the commands" "$HERBIE" help
grep -q '^  run ' "$T/out" && pass || fail "help does not list run"
expect_ok "--help" "$HERBIE" --help
expect_ok "help run" "$HERBIE" help run
grep -q -- '--set PATH=VALUE' "$T/out" && pass || fail "help run does not explain --set"
expect_ok "help check" "$HERBIE" help check
expect_ok "--version" "$HERBIE" --version
expect_exit 2 "no command" "$HERBIE"
expect_exit 2 "unknown command" "$HERBIE" frobnicate
grep -q "'frobnicate' is not a herbie command" "$T/err" && pass || fail "unknown command message"
expect_exit 2 "help for an unknown command" "$HERBIE" help frobnicate
expect_exit 2 "run without a scenario" "$HERBIE" run
expect_exit 2 "run with two scenarios" "$HERBIE" run scenarios/coffee-line.json scenarios/dice-game.json
expect_exit 2 "run with an unknown option" "$HERBIE" run scenarios/coffee-line.json --fast
grep -q "unknown option '--fast'" "$T/err" && pass || fail "unknown option message"
expect_exit 2 "--reps 0" "$HERBIE" run scenarios/coffee-line.json --reps 0
expect_exit 2 "--reps abc" "$HERBIE" run scenarios/coffee-line.json --reps abc
expect_exit 2 "--seed -1" "$HERBIE" run scenarios/coffee-line.json --seed -1
expect_exit 2 "--json=1" "$HERBIE" run scenarios/coffee-line.json --json=1
expect_exit 2 "--set without a value" "$HERBIE" run scenarios/coffee-line.json --set
expect_exit 2 "a missing file" "$HERBIE" run no/such/file.json
grep -q "cannot open no/such/file.json" "$T/err" && pass || fail "missing file message"
expect_exit 2 "a directory" "$HERBIE" check scenarios
expect_exit 2 "an empty file" "$HERBIE" check /dev/null

# Numbers as written: strtoll and strtod would also take leading blanks,
# hex, "inf" (issue 12, 13).
for v in ' 3' '3 ' '+3' '0x3' '３'; do
	expect_exit 2 "--reps '$v'" "$HERBIE" run scenarios/coffee-line.json --reps "$v"
done
grep -q "run: --reps wants a whole number from 1 to 1000000, not '３'" "$T/err" && pass ||
	fail "--reps: no message"
for v in ' 1' '0x1' 'inf' 'nan' '1 '; do
	expect_exit 2 "live --for '$v'" "$HERBIE" live scenarios/coffee-line.json --for "$v"
done
# a seed is what it says up to 2^53 - 1, in the file and here alike
expect_exit 2 "--seed 2^53" "$HERBIE" run scenarios/coffee-line.json --reps 1 --seed 9007199254740992
expect_ok "--seed 2^53 - 1" "$HERBIE" run scenarios/coffee-line.json --reps 1 --seed 9007199254740991
# after --, a file (the -- is no file)
expect_ok "check -- FILE" "$HERBIE" check -- scenarios/coffee-line.json
grep -q "^scenarios/coffee-line.json: ok" "$T/out" && pass || fail "check -- FILE: not the file" "$T/out"
# a name too long for the system is the user's error, as a missing file
long=$(printf "%0300d.json" 0)
expect_exit 2 "a file name too long" "$HERBIE" check "$long"
grep -q "cannot open 0*\.json: File name too long" "$T/err" && pass || fail "too long: no message"
expect_exit 2 "a path through a file" "$HERBIE" check scenarios/coffee-line.json/x.json
# an output named as a directory says so, before anything runs
expect_exit 2 "--timeline dir/" "$HERBIE" run scenarios/coffee-line.json --timeline "$T/"
grep -q "run: --timeline wants a file name, not a directory ('$T/')" "$T/err" && pass ||
	fail "--timeline dir/: no message"
expect_exit 2 "--report dir/" "$HERBIE" run scenarios/coffee-line.json --report no/such/
finish
