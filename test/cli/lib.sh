# lib.sh: a small harness for command-line tests, after git's t/test-lib.sh.
#
#   expect_ok NAME CMD...        CMD exits 0
#   expect_exit CODE NAME CMD... CMD exits CODE
#   expect_same NAME FILE1 FILE2 files are byte-identical (diff on failure)
#
# $HERBIE is the binary under test; $T a scratch directory of the script.
# The script ends with `finish`, which prints the counts.
set -u
: "${HERBIE:?set HERBIE to the herbie binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/herbie-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
n_ok=0
n_fail=0

pass() { n_ok=$((n_ok + 1)); }
# fail MESSAGE [FILE]: count a failure and show FILE (default: stderr of
# the last command).
fail() {
	n_fail=$((n_fail + 1))
	printf 'FAIL %s: %s\n' "${0##*/}" "$1"
	show=${2:-$T/err}
	[ -s "$show" ] && sed 's/^/    | /' "$show" | head -n 20
	return 0
}

expect_exit() {
	want=$1 name=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	if [ "$got" -eq "$want" ]; then pass; else fail "$name: exit $got, want $want"; fi
}

expect_ok() {
	name=$1
	shift
	expect_exit 0 "$name" "$@"
}

expect_same() {
	if cmp -s "$2" "$3"; then
		pass
	else
		diff -u "$2" "$3" >"$T/diff" 2>&1
		fail "$1: $2 and $3 differ" "$T/diff"
	fi
}

finish() {
	echo "${0##*/}: $n_ok passed, $n_fail failed"
	[ "$n_fail" -eq 0 ]
}
