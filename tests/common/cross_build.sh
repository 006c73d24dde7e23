# SPDX-License-Identifier: MIT
# cross_build.sh - sourced by the cross-build tests
# (tests/tool/test_arm64_build.sh, tests/boards/test_board_armhf.sh).
#
# cross_need GROUPS TOOL... -- PACKAGE... exits 77 naming every TOOL not on
# PATH and every Debian PACKAGE not installed, and the groups of
# scripts/deps.sh that install them.
# cross_build TARGET runs `make run-TARGET` and sets $outputs to what `make
# print-TARGET-outputs` lists; it exits 1 when either fails.
# elf_is FILE MACHINE CLASS: FILE's ELF header (every member's, for an
# archive) names MACHINE and CLASS, in readelf's words (AArch64 ELF64, ARM
# ELF32).

cross_need() {
	local groups=$1 missing= item packages=
	shift
	for item in "$@"; do
		if [ "$item" = -- ]; then
			packages=1
		elif [ -z "$packages" ]; then
			command -v "$item" >/dev/null || missing="$missing $item"
		elif [ "$(dpkg-query -W -f='${db:Status-Status}' "$item" \
			2>/dev/null)" != installed ]; then
			missing="$missing $item"
		fi
	done
	if [ -n "$missing" ]; then
		echo "skipped: not installed:$missing (scripts/deps.sh $groups installs them as root)"
		exit 77
	fi
}

cross_build() {
	echo "== make run-$1"
	if ! make --no-print-directory -j2 "run-$1"; then
		echo "FAIL: make run-$1"
		exit 1
	fi
	outputs=$(make --no-print-directory -s "print-$1-outputs")
	[ -n "$outputs" ] || { echo "FAIL: no $1 outputs listed"; exit 1; }
}

elf_is() {
	[ "$(readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p' |
		sort -u)" = "$2" ] &&
		[ "$(readelf -h "$1" 2>/dev/null | sed -n 's/^ *Class: *//p' |
			sort -u)" = "$3" ]
}
