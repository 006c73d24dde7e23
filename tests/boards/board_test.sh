# SPDX-License-Identifier: MIT
# board_test.sh - sourced by the board tests (tests/boards/test_board_*.sh).
#
# board_test_begin NAME TOOL:PACKAGE... exits 77 naming the first TOOL not
# on PATH (and its Debian PACKAGE), then sets $dir to the test's own empty
# folder, $MXA_BUILD/boards-test/NAME, as an absolute path (tclsh runs the
# generated scripts in their own folder), and $fail to 0.
# no MESSAGE... reports a failure of the preset $board and sets $fail.

board_test_begin() {
	local name=$1 tool
	shift
	for tool in "$@"; do
		command -v "${tool%%:*}" >/dev/null || {
			echo "skipped: ${tool%%:*} not found (Debian package ${tool#*:})"
			exit 77
		}
	done
	dir=${MXA_BUILD:-build}/boards-test/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	fail=0
}

no() {
	echo "$board: $*"
	fail=1
}
