#!/bin/bash
# fuzz_run.sh FUZZ_BUILD RUNS WORKDIR TARGET... - runs each libFuzzer
# target of FUZZ_BUILD (fuzz_<target>) for RUNS executions, one after the
# other, from its seed corpus tests/fuzz/corpus/<target> (read only) and
# WORKDIR/corpus/<target> (where new inputs go), its log in
# WORKDIR/logs/<target>.log. Prints per target the executions, the time
# and the executions per second; a crash, leak, sanitizer report or
# broken invariant fails it, its input saved as
# FUZZ_BUILD/artifacts/<target>-crash-* (or leak-, timeout-, oom-).
# With FUZZ_MAX_TIME set, each target also stops after that many seconds,
# and fewer than RUNS executions are no failure (slow targets).
# Exit status 1 when any target failed.
set -u

build=$1 runs=$2 work=$3
shift 3
seeds=$(cd "$(dirname "$0")" && pwd)/corpus
mkdir -p "$build/artifacts" "$work/logs"
# Leaks are failures too; a report names its stack.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=0
for t in "$@"; do
	bin=$build/fuzz_$t
	log=$work/logs/$t.log
	corpus=$work/corpus/$t
	mkdir -p "$corpus"
	start=$EPOCHREALTIME
	# -timeout: an input that runs for 10 s is a hang, reported as one.
	"$bin" -runs="$runs" ${FUZZ_MAX_TIME:+-max_total_time="$FUZZ_MAX_TIME"} \
		-seed=1 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$t-" \
		"$corpus" "$seeds/$t" >"$log" 2>&1
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(awk -v n="${execs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
	units=$(find "$corpus" -type f | wc -l)
	if [ $rc -eq 0 ] && { [ "${execs:-0}" -ge "$runs" ] || [ -n "${FUZZ_MAX_TIME:-}" ]; } &&
	   ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|invariant broken' "$log"; then
		printf '%-6s %10s executions in %7ss, %6s exec/s, corpus %s, 0 crashes\n' \
			"$t" "$execs" "$secs" "$rate" "$units"
	else
		failed=1
		printf '%-6s FAILED (exit %s after %ss, %s executions)\n' "$t" "$rc" \
			"$secs" "${execs:-?}"
		grep -v -E '^#[0-9]+ ' "$log" | tail -n 40 | sed 's/^/    | /'
	fi
done
exit $failed
