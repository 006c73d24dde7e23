#!/bin/sh
# SPDX-License-Identifier: MIT
# The smallest board preset (boards.mk's BOARD_CHECK, pynq-z2) as a
# configuration of libmxa's sim backend: `mxa info --device
# sim:config=pynq-z2` reports the preset's array, and an MXFP8 x MXFP4 job
# through the library (ring, page tables, completion records) is bit-exact
# against the emulator. The RTL tests of the same model (test_top_jobs and
# test_top_caps built for it) run beside this one in make check; every
# preset's tests: make check-boards.
set -u
mxa=${MXA:-build/bin/mxa}
board=pynq-z2
build=${MXA_BUILD:-build}
command -v verilator >/dev/null || { echo "skipped: verilator not installed (no simulation models)"; exit 77; }

info=$("$mxa" info --device sim:config=$board 2>&1) || {
	echo "mxa info --device sim:config=$board failed: $info"
	exit 1
}
rows=$(scripts/board_preset.py get $board array.rows)
cols=$(scripts/board_preset.py get $board array.cols)
lanes=$(scripts/board_preset.py get $board array.lane_bits)
want="array:        $rows x $cols dot-product units, $lanes-bit lanes"
printf '%s\n' "$info" | grep -qxF "$want" || {
	echo "mxa info does not show the preset's array ($want):"
	echo "$info"
	exit 1
}

out=$("$mxa" bench --device sim:config=$board --m 64 --n 48 --k 320 \
	--a-format e4m3 --b-format e2m1 --scale mx 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q "check vs emulator  bit-exact" || {
	echo "the job on sim:config=$board is not bit-exact against the emulator (exit $rc)"
	exit 1
}
echo "sim:config=$board: $rows x $cols units of $lanes bits, bit-exact"
