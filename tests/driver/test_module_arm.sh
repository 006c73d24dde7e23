#!/bin/sh
# SPDX-License-Identifier: MIT
# mxa.ko for 32-bit ARM (the PYNQ-Z2's Zynq-7000 runs an armhf kernel):
# compiled against Debian's armhf armmp headers of 6.1 and 6.12
# (driver/cross-headers.sh arm) with W=1 and without a single warning, and
# linked into mxa.o, every symbol of which the kernel must export
# (driver/kbuild.sh --objects). That catches what 64-bit builds cannot: a
# 64-bit division compiles to a call of __aeabi_uldivmod, which no 32-bit
# ARM kernel exports. Debian's modpost cannot finish a 32-bit module on
# this machine (driver/kbuild.sh says why); docs/board.md builds mxa.ko on
# the board. Exit 77 when the cross compiler or the headers of a series
# cannot be had (after checking the other).
set -u

. "$(dirname "$0")/kernels.sh"
cross=arm-linux-gnueabihf-
if ! command -v "${cross}gcc" >/dev/null; then
	echo "skipped: ${cross}gcc not installed (scripts/deps.sh arm installs it as root)"
	exit 77
fi
missing=
bad=0
for series in $KERNEL_SERIES; do
	kdir=$(driver/cross-headers.sh arm "$series" "$BUILD_ABS/arm/kernel")
	rc=$?
	if [ $rc -eq 77 ]; then
		missing="$missing linux-headers-$series.*-armmp:armhf"
		continue
	elif [ $rc -ne 0 ]; then
		echo "FAIL: armhf headers of $series"
		bad=1
		continue
	fi
	echo "== $kdir"
	if ! out=$(ARCH=arm CROSS_COMPILE=$cross driver/kbuild.sh --objects \
		"$kdir" "$BUILD_ABS/arm/module" 2>&1); then
		echo "$out"
		echo "FAIL: mxa.o against $kdir"
		bad=1
		continue
	fi
	obj=$(echo "$out" | tail -n 1)
	# An ARM ELF32 object of the kernel's own ABI (EABI5).
	if ! readelf -h "$obj" | grep -q 'Class: *ELF32' ||
		! readelf -h "$obj" | grep -q 'Machine: *ARM'; then
		echo "FAIL: $obj is not a 32-bit ARM object"
		bad=1
	fi
done
series_end "$bad" "$missing" "mxa.o for 32-bit ARM: W=1 warning-free against 6.1 and 6.12, every symbol it needs exported"
