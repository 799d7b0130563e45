#!/bin/sh
# Help cannot drift: each command's options and help are one table
# (tools/opt.h), so `herbie CMD --help`, `herbie CMD -h` and `herbie help
# CMD` print the same text, and every option the help lists is taken.
# (test/t_opt.c checks the other way: every entry of a table is in its
# help.)
. test/cli/lib.sh

"$HERBIE" help >"$T/list" || fail "herbie help"
cmds=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$T/list")
[ "$(echo "$cmds" | wc -l)" -ge 9 ] && pass || fail "herbie help lists $(echo $cmds)" "$T/list"

for c in $cmds; do
	expect_ok "help $c" "$HERBIE" help "$c"
	cp "$T/out" "$T/help"
	head -n 1 "$T/help" | grep -q "^usage: herbie $c" && pass ||
		fail "help $c starts with its usage" "$T/help"
	expect_ok "$c --help" "$HERBIE" "$c" --help
	expect_same "$c --help is help $c" "$T/help" "$T/out"
	expect_ok "$c -h" "$HERBIE" "$c" -h
	expect_same "$c -h is help $c" "$T/help" "$T/out"
	# --help after a positional argument, as after an option
	expect_ok "$c x --help" "$HERBIE" "$c" x --help
	expect_same "$c x --help is help $c" "$T/help" "$T/out"
	# each option of the list, with a value when it names one: taken
	# (the value may be refused, the option never)
	sed -n 's/^  \(--.*\)/\1/p' "$T/help" | sed 's/   .*//; s/, /\n/g' |
	while read -r name arg; do
		if [ -n "$arg" ]; then a="$name=x"; else a=$name; fi
		"$HERBIE" "$c" "$a" >"$T/o" 2>"$T/e" </dev/null
		if grep -q "unknown option" "$T/e"; then
			echo "FAIL: $c refuses $a, which its help lists"
			cat "$T/e"
			echo fail >>"$T/refused"
		fi
	done
	[ -s "$T/refused" ] && fail "$c: an option of the help is refused" || pass
	expect_exit 2 "$c --no-such-option" "$HERBIE" "$c" --no-such-option
	grep -q "$c: unknown option '--no-such-option' (see 'herbie help $c')" "$T/err" && pass ||
		fail "$c: the unknown option message"
done

# names are taken whole: a prefix is no option
expect_exit 2 "a prefix of --reps" "$HERBIE" run scenarios/coffee-line.json --rep 2
grep -q "unknown option '--rep'" "$T/err" && pass || fail "a prefix is taken"
expect_exit 2 "--help with a value" "$HERBIE" run scenarios/coffee-line.json --help=1
grep -q -- "--help takes no value" "$T/err" && pass || fail "--help=1 message"
finish
