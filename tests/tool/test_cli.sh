#!/bin/bash
# SPDX-License-Identifier: MIT
# test_cli.sh - the command line of the mxa tool itself: --help of the tool
# and of every subcommand (each option listed), --version, "mxa info", and
# the usage errors that need no input file (exit status 2, one line
# "mxa: WHAT: WHY" on stderr, nothing on stdout).
set -u

MXA=${MXA:-$(dirname "$0")/../../build/bin/mxa}
if [ ! -x "$MXA" ]; then
	echo "skipped: no mxa tool at $MXA (build it with make tool)"
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run ARGS...: runs the tool; sets $rc, $out and $err.
run() {
	"$MXA" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# ok ARGS...: the command succeeds with an empty stderr.
ok() {
	run "$@"
	[ "$rc" -eq 0 ] && [ -z "$err" ] || fail "mxa $*: exit $rc, stderr: $err"
}

# mentions WHAT WORD...: stdout of the last run contains every WORD.
mentions() {
	local what=$1 word
	shift
	for word in "$@"; do
		grep -qF -e "$word" "$tmp/out" || fail "$what does not mention '$word'"
	done
}

# usage_error NEEDLE ARGS...: exit 2, one line "mxa: WHAT: WHY" naming NEEDLE.
usage_error() {
	local needle=$1
	shift
	run "$@"
	[ "$rc" -eq 2 ] || fail "mxa $*: exit $rc, want 2"
	[ -z "$out" ] || fail "mxa $*: output on stdout"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "mxa $*: stderr is not one line: $err"
	[[ $err == "mxa: "*": "* ]] || fail "mxa $*: stderr is not 'mxa: WHAT: WHY': $err"
	grep -qiF -e "$needle" "$tmp/err" || fail "mxa $*: message does not mention '$needle': $err"
}

# The top level.
ok --help
mentions "mxa --help" "Usage: mxa" info quantize dequantize matmul bench \
	--version "Exit status"
ok -h
mentions "mxa -h" "Usage: mxa"
ok --version
[[ $out =~ ^mxa\ [0-9]+\.[0-9]+$ ]] || fail "mxa --version prints '$out'"

# Every subcommand's help lists its options and their defaults.
ok quantize --help
mentions "quantize --help" "Usage: mxa quantize" --format --round --saturate \
	--no-saturate --help rne rz ru default e5m2 e4m3 e3m2 e2m3 e2m1 int8 \
	ternary e3m4 e4m3fnuz e5m2fnuz int4 e2m2 e8m0 ue4m3 "two's complement" \
	--scale --operand --block-size --rule --tensor-scale floor ceil \
	CODES.npy SCALES.npy
ok dequantize --help
mentions "dequantize --help" "Usage: mxa dequantize" --format --help "'|i1'"
ok matmul --help
mentions "matmul --help" "Usage: mxa matmul" --device --a-format --b-format \
	--scale --acc --acc-bits --acc-interval --out-format --a --b --a-scale \
	--b-scale --a-tensor-scale --b-tensor-scale --c --out --help \
	"default: emu" "none (the default)" "fp32 (the default)" "default: 14" \
	"default: 128" "bs = 32" "bs = 16" bf16
ok info --help
mentions "info --help" "Usage: mxa info" --device "default: emu" --help
ok bench --help
mentions "bench --help" "Usage: mxa bench" --device --m --n --k --a-format \
	--b-format --scale --acc --seed --no-check --help "default: sim" \
	"default: 256" "default: e4m3" "mx (the default)" utilization cycles
# --help wins over whatever else is on the line.
ok quantize --format nonsense --help
mentions "quantize --format nonsense --help" "Usage: mxa quantize"
ok matmul --help extra
mentions "matmul --help extra" "Usage: mxa matmul"

# info on the emulator.
ok info
mentions "mxa info" "mxa emulator" "backend:" emu e5m2 e4m3 e3m2 e2m3 e2m1 \
	int8 ternary none mx nv fp32 trunc exact "max job:"
ok info --device emu
ok info --device=emu

# bench on the emulator: the figures the host has (no cycle model).
ok bench --device emu --m 17 --n 5 --k 70 --a-format e2m3 --b-format int8 --scale nv
mentions "bench --device emu" "17x5x70" "A e2m3, B int8, scale nv" "wall time" \
	"no cycle model"

# Usage errors.
usage_error "no command"
usage_error frobnicate frobnicate
usage_error --frob --frob
usage_error extra info extra
usage_error --device info --device
usage_error --bogus info --bogus
usage_error --device info --device emu --device emu
usage_error missing quantize
usage_error --format dequantize a.npy b.npy
usage_error --a-format matmul
usage_error --m bench --device emu --m 0
usage_error --k bench --device emu --k x
usage_error --a-format bench --a-format e8m0
usage_error --scale bench --scale big
usage_error --acc bench --acc exact
usage_error "takes no value" bench --no-check=1
usage_error "takes no value" quantize --format e4m3 --saturate=yes a.npy b.npy
usage_error --operand quantize --format e4m3 --scale mx a.npy c.npy s.npy
usage_error --rule quantize --format e4m3 --scale nv --operand a --rule ceil \
	a.npy c.npy s.npy

# Device failures are failures (1), naming the device.
run info --device bogus
[ "$rc" -eq 1 ] || fail "info --device bogus: exit $rc, want 1"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "bogus" "$tmp/err" ||
	fail "info --device bogus: message: $err"

# A job beyond the device's limits (M 2^20 on emu) runs in parts.
run bench --device emu --m 1048600 --n 2 --k 3
[ "$rc" -eq 0 ] && grep -qF "1048600x2x3" "$tmp/out" ||
	fail "bench beyond the device limits: exit $rc, message: $err"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
exit 0
