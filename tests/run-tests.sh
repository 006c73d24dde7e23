#!/bin/bash
# run-tests.sh TEST... - run test programs, each under a time limit.
#
# A test exits 0 (pass), 77 (skip, the reason on its last output line) or
# anything else (fail). Output of each test goes to $LOGDIR/<name>.log and is
# shown in full when the test fails. The last line is the summary
# "N passed, N failed, N skipped"; the exit status is 1 when any test failed.
set -u

# A hang detector: above the longest test's own bound (a QEMU guest's, 1500 s).
TEST_TIMEOUT=${TEST_TIMEOUT:-1800}
LOGDIR=${LOGDIR:-${MXA_BUILD:-build}/test-logs}
mkdir -p "$LOGDIR"

passed=0 failed=0 skipped=0
failures=()
for t in "$@"; do
	name=${t##*tests/}
	log="$LOGDIR/$(echo "$name" | tr '/' '_').log"
	start=$EPOCHREALTIME
	timeout --kill-after=10 "$TEST_TIMEOUT" "$t" >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	case $rc in
	0)
		passed=$((passed + 1))
		printf 'PASS  %-40s %6ss\n' "$name" "$secs"
		;;
	77)
		skipped=$((skipped + 1))
		printf 'SKIP  %-40s %s\n' "$name" "$(tail -n 1 "$log")"
		;;
	*)
		failed=$((failed + 1))
		failures+=("$name")
		why="exit $rc"
		[ $rc -eq 124 ] && why="timed out after ${TEST_TIMEOUT}s"
		printf 'FAIL  %-40s %s\n' "$name" "$why"
		sed 's/^/    | /' "$log" | tail -n 60
		;;
	esac
done

[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
