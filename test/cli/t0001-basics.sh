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
finish
