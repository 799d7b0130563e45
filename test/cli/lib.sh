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

# Waiting for a state, never for a time: a loaded machine (or a sanitizer
# build) can take any time to get anywhere, so a test that sleeps and then
# looks fails now and then. These wait for something herbie did, and time
# out only to end a test that hangs.
#
#   until_has FILE PATTERN    FILE holds a line matching PATTERN (grep)
#   sig_ready PID SIG...      process PID, no longer the shell, catches
#                             or blocks each signal SIG (see signum)
#   until_cpu PID SECONDS     process PID has used SECONDS of CPU time
#   reap PID                  PID ends (killed after the wait); $rc is its
#                             status
#   pending_start SIG OUT ERR CMD...
#                             start CMD in the background, SIG pending
#                             from its first instruction; $pid is its
#                             process
# Each but reap returns 1 when the wait ran out.
#
# Write each process's output to a file of its own: a background job
# truncates its output only once it runs, so a file used before can match
# the old run's lines.
WAIT_LIMIT=${WAIT_LIMIT:-60}	# s before a wait gives up

until_has() {
	_i=0
	while [ $_i -lt $((WAIT_LIMIT * 20)) ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

# signum NAME: the number of signal NAME (dash's kill -l does not say).
signum() {
	case $1 in
	HUP) echo 1 ;;
	INT) echo 2 ;;
	TERM) echo 15 ;;
	*) echo "signum: no number for $1" >&2; echo 0 ;;
	esac
}

# A signal sent before sig_ready tests the shell, not herbie: sh starts a
# background job with SIGINT ignored, and until exec the child is the
# shell (a SIGINT before it ignores it ends the child: exit 130). The
# process may also be a launcher that blocks SIG and execs herbie
# (env --block-signal): a signal sent then is pending when herbie starts.
# Linux only: it reads SigBlk and SigCgt in /proc/PID/status.
sig_ready() {
	_pid=$1
	shift
	[ -r /proc/$$/status ] || return 1	# no /proc: cannot tell
	# the shell's own name: the child has it until it execs
	_sh=
	while IFS=':	 ' read -r _k _v _; do
		[ "$_k" = Name ] && _sh=$_v
	done 2>/dev/null </proc/$$/status
	_i=0
	while [ $_i -lt $((WAIT_LIMIT * 100)) ] && kill -0 "$_pid" 2>/dev/null; do
		_name='' _blk='' _cgt=''
		while IFS=':	 ' read -r _k _v _; do
			case $_k in
			Name) _name=$_v ;;
			State) [ "$_v" = Z ] && return 1 ;;	# it ended
			SigBlk) _blk=$_v ;;
			SigCgt) _cgt=$_v ;;
			esac
		done 2>/dev/null <"/proc/$_pid/status"
		if [ -n "$_name" ] && [ "$_name" != "$_sh" ] && [ -n "$_blk" ] && [ -n "$_cgt" ]; then
			# the low 32 signals: 8 hex digits fit the shell's arithmetic
			_m=$((0x${_blk#????????} | 0x${_cgt#????????}))
			_all=1
			for _s in "$@"; do
				[ $((_m & (1 << (_s - 1)))) -ne 0 ] || _all=
			done
			[ -n "$_all" ] && return 0
		fi
		sleep 0.01
		_i=$((_i + 1))
	done
	return 1
}

# CPU time is the work done, whatever the load; 0.5 s of it is well past
# the setup of a run (reading a scenario takes milliseconds).
until_cpu() {
	_pid=$1
	_hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	_want=$(awk -v s="$2" -v hz="$_hz" 'BEGIN { printf "%d", s * hz + 0.5 }')
	_i=0
	while [ $_i -lt $((WAIT_LIMIT * 20)) ] && kill -0 "$_pid" 2>/dev/null; do
		read -r _stat 2>/dev/null <"/proc/$_pid/stat" || return 1
		# utime and stime are fields 14 and 15 (herbie's comm has no
		# space to shift them)
		# shellcheck disable=SC2086
		set -- $_stat
		[ "$3" = Z ] && return 1	# it ended
		[ $((${14} + ${15})) -ge "$_want" ] && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	return 1
}

reap() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt $((WAIT_LIMIT * 20)) ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		fail "process $1 did not end in $WAIT_LIMIT s"
	fi
	wait "$1"
	# shellcheck disable=SC2034 # for the caller
	rc=$?
}

# pending_start: CMD starts with SIG blocked (env --block-signal) and SIG
# is sent before it is exec'd, from a shell that waits at a fifo: a mask
# and a pending signal both go through exec, so CMD meets SIG before its
# first instruction, before it can have any handler. No sleep makes it
# so. 1 without env --block-signal (coreutils before 8.31).
pending_start() {
	_sig=$1 _out=$2 _err=$3
	shift 3
	env --block-signal=INT true 2>/dev/null || return 1
	rm -f "$T/.gate" "$T/.ready"
	mkfifo "$T/.gate" || return 1
	# shellcheck disable=SC2016
	env --block-signal="$_sig" sh -c \
		'echo ready >"$1/.ready"; read -r _ <"$1/.gate"; shift; exec "$@"' \
		sh "$T" "$@" >"$_out" 2>"$_err" </dev/null &
	pid=$!
	until_has "$T/.ready" ready || return 1
	kill -"$_sig" $pid
	echo go >"$T/.gate"
}
