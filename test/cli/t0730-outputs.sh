#!/bin/sh
# Output files the Unix way (sim/view/ofile.h), and nothing lost:
# - a link is written through to its target, an existing file keeps its
#   mode, a FIFO or a device is written in place, "-" is stdout;
# - an output that is the scenario or another output is refused (2)
#   before anything runs;
# - a signal while an output is written finishes it or removes it, never
#   leaves a temporary file, and herbie says which files were written;
# - a write to stdout that fails is exit 1 and a message, for every
#   command.
#
# Devices: a broken herbie run as root would replace a device node with a
# regular file, so the devices written here are nodes made in $T when
# root can (mknod), never /dev's own; without root /dev's are safe.
. test/cli/lib.sh

S=$PWD/scenarios/coffee-line.json
mkdir "$T/o"
expect_ok "a timeline for reference" "$HERBIE" run $S --reps 1 --timeline "$T/ref.csv"
expect_ok "a report for reference" "$HERBIE" run $S --reps 1 --report "$T/ref.html"

# only NAMES: $T/o holds exactly these entries (no temporary file)
only() {
	left=$(cd "$T/o" && ls -A | tr '\n' ' ')
	[ "$left" = "$1" ] && pass || fail "$T/o holds '$left', want '$1'"
}

# ---- finding 2: what the path points to -------------------------------

# a link to a file: the file is written, the link stays a link
echo old >"$T/o/target.csv"
ln -s target.csv "$T/o/link.csv"
expect_ok "--timeline through a link" "$HERBIE" run $S --reps 1 --timeline "$T/o/link.csv"
[ -L "$T/o/link.csv" ] && pass || fail "the link was replaced by a file"
expect_same "the link's target holds the timeline" "$T/ref.csv" "$T/o/target.csv"
# a dangling link: its target is created
ln -s made.html "$T/o/dangling.html"
expect_ok "--report through a dangling link" "$HERBIE" run $S --reps 1 --report "$T/o/dangling.html"
[ -L "$T/o/dangling.html" ] && pass || fail "the dangling link was replaced by a file"
expect_same "the dangling link's target holds the report" "$T/ref.html" "$T/o/made.html"
# a link in another directory, relative to its own
mkdir "$T/o/sub"
ln -s ../target.csv "$T/o/sub/rel.csv"
echo old >"$T/o/target.csv"
expect_ok "--timeline through a relative link" "$HERBIE" run $S --reps 1 --timeline "$T/o/sub/rel.csv"
[ -L "$T/o/sub/rel.csv" ] && pass || fail "the relative link was replaced"
expect_same "the relative link's target holds the timeline" "$T/ref.csv" "$T/o/target.csv"
rm -rf "$T/o/"*

# an existing file keeps its mode
echo old >"$T/o/p.csv"
chmod 0600 "$T/o/p.csv"
expect_ok "--timeline over a 0600 file" "$HERBIE" run $S --reps 1 --timeline "$T/o/p.csv"
mode=$(stat -c %a "$T/o/p.csv")
[ "$mode" = 600 ] && pass || fail "a 0600 file came back $mode"
echo old >"$T/o/g.html"
chmod 0640 "$T/o/g.html"
expect_ok "--report over a 0640 file" "$HERBIE" run $S --reps 1 --report "$T/o/g.html"
mode=$(stat -c %a "$T/o/g.html")
[ "$mode" = 640 ] && pass || fail "a 0640 file came back $mode"
# a new file: 0666 less the umask, as the shell's > gives
(umask 027 && "$HERBIE" run $S --reps 1 --timeline "$T/o/new.csv" >/dev/null)
mode=$(stat -c %a "$T/o/new.csv")
[ "$mode" = 640 ] && pass || fail "a new file under umask 027 is $mode, want 640"
only "g.html new.csv p.csv "
rm -f "$T/o/"*

# a FIFO is written in place, to its reader
mkfifo "$T/o/fifo"
cat "$T/o/fifo" >"$T/fifo.got" &
reader=$!
expect_ok "--timeline into a FIFO" "$HERBIE" run $S --reps 1 --timeline "$T/o/fifo"
if [ -p "$T/o/fifo" ]; then
	pass
	reap $reader
	expect_same "the FIFO's reader got the timeline" "$T/ref.csv" "$T/fifo.got"
else
	fail "the FIFO was replaced by a file"
	kill $reader 2>/dev/null
fi
only "fifo "
rm -f "$T/o/"*

# devices: written in place, the node left as it is. Never /dev's own
# as root (see the top): $null and $full are nodes of our own then.
mkdir "$T/dev"
if [ "$(id -u)" != 0 ]; then
	null=/dev/null full=/dev/full
elif mknod "$T/dev/null" c 1 3 2>/dev/null && mknod "$T/dev/full" c 1 7 2>/dev/null &&
	echo x >"$T/dev/null" 2>/dev/null; then
	null="$T/dev/null" full="$T/dev/full"
else
	null='' full=''
	echo "t0730-outputs.sh: root, and no device node can be made in $T: skipping the devices"
fi
if [ -n "$null" ]; then
expect_ok "--report to a null device" "$HERBIE" run $S --reps 1 --report "$null" --timeline "$null"
[ -c "$null" ] && pass || fail "the null device was replaced by a file"
expect_exit 1 "--timeline to a full device" "$HERBIE" run $S --reps 1 --timeline "$full"
grep -q "herbie: cannot write $full: No space left on device" "$T/err" && pass ||
	fail "no message for a full device"
[ -c "$full" ] && pass || fail "the full device was replaced by a file"
expect_exit 1 "--trace to a full device" "$HERBIE" run $S --reps 1 --trace "$full"
grep -q "cannot write $full: No space left on device" "$T/err" && pass || fail "no message for a trace on a full device"
expect_exit 1 "toc --report to a full device" "$HERBIE" toc $S --reps 1 --steps 1 --report "$full"
grep -q "cannot write $full: No space left on device" "$T/err" && pass || fail "no message for a report on a full device"
fi
only ""
[ -c /dev/null ] && [ -c /dev/full ] && pass || fail "/dev/null or /dev/full is no longer a device"

# "-" is standard output, after the results (run in $T/o: a herbie that
# took "-" for a file name writes it there)
in_o() { (cd "$T/o" && "$@"); }
expect_ok "--timeline -" in_o "$HERBIE" run $S --reps 1 --timeline -
tail -n "$(wc -l <"$T/ref.csv")" "$T/out" >"$T/tail.csv"
expect_same "--timeline - writes the timeline after the results" "$T/ref.csv" "$T/tail.csv"
head -n 1 "$T/out" | grep -q '^coffee-line: 1 replication' && pass || fail "the results are not first" "$T/out"
expect_ok "--report -" in_o "$HERBIE" diff $S --set stations.label.servers=2 --reps 1 --report -
grep -q '^</html>$' "$T/out" && pass || fail "diff --report - wrote no page on stdout" "$T/out"
only ""

# an output that is an input or another output: refused before running
cp $S "$T/o/mine.json"
cp $S "$T/mine.orig"
expect_exit 2 "--timeline over the scenario" "$HERBIE" run "$T/o/mine.json" --timeline "$T/o/mine.json"
grep -q "herbie: run: --timeline $T/o/mine.json is the scenario $T/o/mine.json: it would be overwritten" "$T/err" &&
	pass || fail "no message for --timeline over the scenario"
[ -s "$T/out" ] && fail "ran before refusing" "$T/out" || pass
expect_same "the scenario is unchanged" "$T/mine.orig" "$T/o/mine.json"
ln -s mine.json "$T/o/alias.html"
expect_exit 2 "--report through a link to the scenario" "$HERBIE" run "$T/o/mine.json" --report "$T/o/alias.html"
grep -q -- "--report $T/o/alias.html is the scenario" "$T/err" && pass || fail "a link to the scenario is not the scenario"
expect_exit 2 "--trace over the scenario, by another path" "$HERBIE" run "$T/o/mine.json" --trace "$T/o/../o/mine.json"
expect_exit 2 "diff --report over the second scenario" "$HERBIE" diff $S "$T/o/mine.json" --report "$T/o/mine.json"
grep -q -- "--report $T/o/mine.json is the second scenario" "$T/err" && pass || fail "diff: no message for the second scenario"
expect_exit 2 "toc --report over the scenario" "$HERBIE" toc "$T/o/mine.json" --report "$T/o/mine.json"
expect_same "the scenario is still unchanged" "$T/mine.orig" "$T/o/mine.json"
expect_exit 2 "the same path for --timeline and --report" "$HERBIE" run $S --timeline "$T/o/x" --report "$T/o/x"
grep -q -- "herbie: run: --timeline $T/o/x and --report $T/o/x are the same file: each output needs its own" "$T/err" &&
	pass || fail "no message naming both options"
expect_exit 2 "the same file by two paths, not there yet" "$HERBIE" run $S --trace "$T/o/x" --report "$T/o/./x"
expect_exit 2 "the same file by two paths, there" "$HERBIE" run $S --timeline "$T/mine.orig" --trace "$T/o/../mine.orig"
expect_exit 2 "--timeline, --trace and --report all one" "$HERBIE" run $S --timeline "$T/o/y" --trace "$T/o/y" --report "$T/o/y"
expect_exit 2 "stdout twice" in_o "$HERBIE" run $S --timeline - --trace -
[ -n "$null" ] && expect_ok "a null device twice is harmless" "$HERBIE" run $S --reps 1 --timeline "$null" --report "$null"
only "alias.html mine.json "
rm -f "$T/o/"*

# ---- finding 3: a signal while an output is written --------------------

# A signal that lands while the file is written, deterministically: a FIFO
# whose reader stops after 100 bytes. herbie cannot finish the timeline
# (far more than a pipe holds) until the reader goes on, so the signal
# comes while it writes; the timeline is finished and said to be, the
# report after it is not written, and the status is 0.
mkfifo "$T/o/tl" "$T/gate"
{ dd bs=100 count=1 of="$T/part" 2>/dev/null; cat "$T/gate" >/dev/null; cat >"$T/rest"; } <"$T/o/tl" &
reader=$!
"$HERBIE" run $S --reps 1 --timeline "$T/o/tl" --report "$T/o/r.html" >"$T/sig.out" 2>"$T/sig.err" </dev/null &
pid=$!
if until_has "$T/part" t_start_s; then
	kill -INT $pid
	echo go >"$T/gate"
	reap $pid
	[ "$rc" -eq 0 ] && pass || fail "a signal while the timeline is written: exit $rc, want 0" "$T/sig.err"
	reap $reader
	cat "$T/part" "$T/rest" >"$T/whole.csv"
	expect_same "the timeline was finished" "$T/ref.csv" "$T/whole.csv"
	grep -qxF "herbie: run: interrupted: the --timeline file $T/o/tl written in full" "$T/sig.err" && pass ||
		fail "the timeline is not said to be written" "$T/sig.err"
	grep -qxF "herbie: run: interrupted: the --report file $T/o/r.html not written" "$T/sig.err" && pass ||
		fail "the report is not said to be left out" "$T/sig.err"
else
	# the reader never got past opening the FIFO: killing it is enough
	fail "herbie never wrote to the FIFO"
	kill $pid $reader 2>/dev/null
fi
only "tl "
rm -f "$T/o/"*

# HERBIE_TEST_RAISE=SIG:PATH raises SIG once the output PATH is open (the
# test hook of view/ofile.h): the signal lands while that file is written.
# INT and TERM are caught: the file is finished, said to be written, and
# the status is 0. Any other signal that kills (HUP, QUIT, PIPE) kills as
# it would, and takes every temporary file with it. Every signal starts at
# its default: a shell that runs its commands in the background (make in
# the background, make mutate) hands them SIGINT and SIGQUIT ignored, and
# an ignored QUIT would not kill.
raised() {
	sig=$1 file=$2
	shift 2
	HERBIE_TEST_RAISE="$sig:$file" env --default-signal "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}
for sig in INT TERM; do
	raised $sig "$T/o/r.html" "$HERBIE" run $S --reps 1 --timeline "$T/o/t.csv" --report "$T/o/r.html"
	[ "$rc" -eq 0 ] && pass || fail "run, $sig while the report is written: exit $rc, want 0"
	expect_same "run, $sig: the report is whole" "$T/ref.html" "$T/o/r.html"
	grep -qxF "herbie: run: interrupted: the --report file $T/o/r.html written in full" "$T/err" && pass ||
		fail "run, $sig: the report is not said to be written"
	only "r.html t.csv "
	rm -f "$T/o/"*
	raised $sig "$T/o/t.csv" "$HERBIE" run $S --reps 1 --timeline "$T/o/t.csv" --trace "$T/o/t.json" --report "$T/o/r.html"
	[ "$rc" -eq 0 ] && pass || fail "run, $sig while the timeline is written: exit $rc, want 0"
	grep -qxF "herbie: run: interrupted: the --timeline file $T/o/t.csv written in full" "$T/err" && pass ||
		fail "run, $sig: the timeline written is said not to be"
	grep -qxF "herbie: run: interrupted: the --trace file $T/o/t.json not written" "$T/err" && pass ||
		fail "run, $sig: the trace after it is not said to be left out"
	expect_same "run, $sig: the timeline is whole" "$T/ref.csv" "$T/o/t.csv"
	only "t.csv "
	rm -f "$T/o/"*
	raised $sig "$T/o/d.html" "$HERBIE" diff $S --set stations.label.servers=2 --reps 1 --report "$T/o/d.html"
	[ "$rc" -eq 0 ] && pass || fail "diff, $sig while the report is written: exit $rc, want 0"
	grep -q '^</html>$' "$T/o/d.html" && pass || fail "diff, $sig: the report is not whole"
	grep -qxF "herbie: interrupted: the --report file $T/o/d.html written in full" "$T/err" && pass ||
		fail "diff, $sig: the report is not said to be written"
	only "d.html "
	rm -f "$T/o/"*
	raised $sig "$T/o/c.html" "$HERBIE" toc $S --reps 1 --steps 1 --report "$T/o/c.html"
	[ "$rc" -eq 0 ] && pass || fail "toc, $sig while the report is written: exit $rc, want 0"
	grep -q '^</html>$' "$T/o/c.html" && pass || fail "toc, $sig: the report is not whole"
	grep -qxF "herbie: interrupted: the --report file $T/o/c.html written in full" "$T/err" && pass ||
		fail "toc, $sig: the report is not said to be written"
	only "c.html "
	rm -f "$T/o/"*
done
for sig in HUP QUIT PIPE; do
	want=$((128 + $(case $sig in HUP) echo 1 ;; QUIT) echo 3 ;; PIPE) echo 13 ;; esac)))
	raised $sig "$T/o/r.html" "$HERBIE" run $S --reps 1 --report "$T/o/r.html"
	[ "$rc" -eq $want ] && pass || fail "run, $sig while the report is written: exit $rc, want $want"
	only ""
	# the trace's temporary file is open through the run and the timeline
	raised $sig "$T/o/t.csv" "$HERBIE" run $S --reps 1 --timeline "$T/o/t.csv" --trace "$T/o/t.json"
	[ "$rc" -eq $want ] && pass || fail "run, $sig while the timeline is written: exit $rc, want $want"
	only ""
	raised $sig "$T/o/d.html" "$HERBIE" diff $S --set stations.label.servers=2 --reps 1 --report "$T/o/d.html"
	[ "$rc" -eq $want ] && pass || fail "diff, $sig while the report is written: exit $rc, want $want"
	only ""
	raised $sig "$T/o/c.html" "$HERBIE" toc $S --reps 1 --steps 1 --report "$T/o/c.html"
	[ "$rc" -eq $want ] && pass || fail "toc, $sig while the report is written: exit $rc, want $want"
	only ""
done

# ---- finding 4: standard output full -------------------------------------

# every command, its output to a full device: status 1 and why
full_stdout() {
	name=$1
	shift
	"$@" >/dev/full 2>"$T/err" </dev/null
	rc=$?
	[ "$rc" -eq 1 ] && pass || fail "$name >/dev/full: exit $rc, want 1"
	grep -q 'herbie: cannot write .*: No space left on device' "$T/err" && pass ||
		fail "$name >/dev/full: no message"
}
full_stdout "catalog" "$HERBIE" catalog
full_stdout "catalog ID" "$HERBIE" catalog h100-sxm
full_stdout "check" "$HERBIE" check $S
full_stdout "help" "$HERBIE" help
full_stdout "help run" "$HERBIE" help run
full_stdout "run --help" "$HERBIE" run --help
full_stdout "--help" "$HERBIE" --help
full_stdout "--version" "$HERBIE" --version
full_stdout "run" "$HERBIE" run $S --reps 1
full_stdout "run --json" "$HERBIE" run $S --reps 1 --json
full_stdout "diff" "$HERBIE" diff $S --set stations.label.servers=2 --reps 1
full_stdout "toc" "$HERBIE" toc $S --reps 1 --steps 1
full_stdout "size" "$HERBIE" size --params 7B --mode train
full_stdout "size --table" "$HERBIE" size --table
full_stdout "watch" "$HERBIE" watch $S --reps 1 --runs 1
full_stdout "live" "$HERBIE" live $S --set run.duration=1s --speed 1000
# the results are not written, so neither is the report after them
"$HERBIE" run $S --reps 1 --report "$T/o/r.html" >/dev/full 2>"$T/err"
[ -e "$T/o/r.html" ] && fail "a report written after results that were lost" || pass
# a command that fails already keeps its status and its own words
"$HERBIE" check "$T/no-such.json" >/dev/full 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] && pass || fail "check of a missing file >/dev/full: exit $rc, want 2"
[ "$(wc -l <"$T/err")" -eq 1 ] && pass || fail "more than the one message" "$T/err"
finish
