#!/bin/bash
# run-tests.sh TEST... - run test programs, each under a time limit.
#
# A test exits 0 (pass), 77 (skip, the reason on its last output line) or
# anything else (fail). Output of each test goes to $LOGDIR/<name>.log and is
# shown in full when the test fails. The last line is the summary
# "N passed, N failed, N skipped"; the exit status is 1 when any test failed.
#
# Two lanes: the board-like QEMU guests
# (tests/qemu/test_qemu_arm64_platform_*.sh) run one after another beside
# most other tests, which also run one after another, each in the order
# given: a guest is long (minutes), mostly one emulated CPU, and only reads
# what make built, so it keeps the second core busy while the rest run on
# the first. The other guests run last, alone: their device is mxa-simd
# inside the emulated guest, and the driver's time-out (10 s of guest time)
# must not see it slowed down by another process on the host. A line is
# printed as each test ends. MXA_TEST_LANES=1 runs everything in one lane,
# in the order given.
set -u

# A hang detector: above the longest test's own bound (a QEMU guest's, 1500 s).
TEST_TIMEOUT=${TEST_TIMEOUT:-1800}
LOGDIR=${LOGDIR:-${MXA_BUILD:-build}/test-logs}
LANES=${MXA_TEST_LANES:-2}
mkdir -p "$LOGDIR"
results=$LOGDIR/.results
: >"$results"

# run_one TEST: runs it, then prints its line (and a failure's log) and
# records its result, under a lock so that the lanes' lines stay whole.
run_one() {
	local t=$1 name log start rc secs line why
	name=${t##*tests/}
	log="$LOGDIR/$(echo "$name" | tr '/' '_').log"
	start=$EPOCHREALTIME
	timeout --kill-after=10 "$TEST_TIMEOUT" "$t" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0) line=$(printf 'PASS  %-40s %6ss' "$name" "$secs") ;;
	77) line=$(printf 'SKIP  %-40s %s' "$name" "$(tail -n 1 "$log")") ;;
	*)
		why="exit $rc"
		[ $rc -eq 124 ] && why="timed out after ${TEST_TIMEOUT}s"
		line=$(printf 'FAIL  %-40s %s' "$name" "$why")
		;;
	esac
	{
		flock 9
		echo "$line"
		[ "${line%% *}" = FAIL ] && sed 's/^/    | /' "$log" | tail -n 60
		echo "${line%% *} $name" >>"$results"
	} 9>>"$results.lock"
}

# run_lane TEST...: one after another.
run_lane() {
	local t
	for t in "$@"; do
		run_one "$t"
	done
}

beside=() others=() alone=()
for t in "$@"; do
	if [ "$LANES" -le 1 ]; then
		others+=("$t")
		continue
	fi
	case $t in
	*tests/qemu/test_qemu_arm64_platform_*.sh) beside+=("$t") ;;
	*tests/qemu/test_qemu_*.sh) alone+=("$t") ;;
	*) others+=("$t") ;;
	esac
done

lane=
if [ ${#beside[@]} -gt 0 ]; then
	run_lane "${beside[@]}" &
	lane=$!
fi
run_lane "${others[@]}"
[ -n "$lane" ] && wait "$lane"
run_lane "${alone[@]}"

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
skipped=$(grep -c '^SKIP ' "$results")
failures=$(sed -n 's/^FAIL //p' "$results" | tr '\n' ' ')
[ "$failed" -gt 0 ] && echo "failed: ${failures% }"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
