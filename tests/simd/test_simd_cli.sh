#!/bin/bash
# SPDX-License-Identifier: MIT
# test_simd_cli.sh - mxa-simd's command line without the kernel module:
# --help lists every option, usage errors exit 2 with one line on stderr,
# and a bridge that is missing or is not a bridge fails with exit 1 and a
# message that names it.
set -u

SIMD=${MXA_BUILD:-$(dirname "$0")/../../build}/bin/mxa-simd
if [ ! -x "$SIMD" ]; then
	echo "skipped: no mxa-simd at $SIMD (build it with make simd)"
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run ARGS...: runs the daemon; sets $rc, $out and $err.
run() {
	timeout 60 "$SIMD" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# expect STATUS PATTERN ARGS...: exit STATUS, nothing on stdout, and a
# stderr matching the extended regular expression PATTERN.
expect() {
	local status=$1 pattern=$2
	shift 2
	run "$@"
	[ "$rc" -eq "$status" ] || fail "mxa-simd $*: exit $rc, not $status ($err)"
	[ -z "$out" ] || fail "mxa-simd $*: wrote to stdout: $out"
	echo "$err" | grep -Eq -- "$pattern" ||
		fail "mxa-simd $*: stderr does not match '$pattern': $err"
}

run --help
[ "$rc" -eq 0 ] && [ -z "$err" ] || fail "--help: exit $rc, stderr: $err"
for word in Usage: --device --latency --bandwidth --trace --verbose --help \
	/dev/mxa-sim SIGTERM; do
	echo "$out" | grep -q -- "$word" || fail "--help does not mention $word"
done

expect 2 "bad latency '0'" --latency 0
expect 2 "bad latency 'x'" --latency x
expect 2 "bad bandwidth '-3'" --bandwidth -3
expect 2 "unexpected argument 'extra'" extra
expect 2 "see mxa-simd --help" --no-such-option

expect 1 "cannot open $tmp/none: No such file" --device "$tmp/none"
# A file that is no bridge: the model is built (or the stub says why),
# then the plug fails.
expect 1 "cannot plug the device into /dev/null|[Vv]erilator" \
	--device /dev/null
expect 1 "waveform|[Vv]erilator" --device /dev/null --trace "$tmp/w.fst"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "all passed"
