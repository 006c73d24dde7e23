#!/bin/sh
# SPDX-License-Identifier: MIT
# The 32-bit ARM user space (armhf.mk, docs/board.md's PYNQ-Z2): `make
# run-armhf` builds libmxa, the mxa tool and the library's test programs
# with arm-linux-gnueabihf-gcc; every one must be a 32-bit ARM ELF. A 32-bit
# compiler has no __int128, so this is the build of lib/int128.h's two-word
# form. Then qemu-user runs them: the tool's `info`, and the tests of the
# library, the emulator's among them held to exact MPFR sums
# (test_matmul_ref), split jobs against one job (test_split), block
# quantization, packing and the drm backend against its stand-in.
# qemu-user cannot start a thread of a 32-bit ARM program on this host
# (pthread_create faults, in a five-line program too): MXA_EMU_THREADS=1
# keeps every job on one thread, and MXA_TEST_NO_THREADS leaves out
# test_emu_paths' comparison of thread counts (its rounding of 128-bit
# values against MPFR and its paths run). Not run: test_convert_ref,
# 2.5 minutes of conversions that do not involve the two-word integers.
# Exit 77 when the cross toolchain, an armhf library or qemu-user cannot be
# had.
set -u

cd "$(dirname "$0")/../.." || exit 1
# A build of its own, whatever make runs this test.
unset MAKEFLAGS MFLAGS MAKELEVEL
sysroot=/usr/arm-linux-gnueabihf

. tests/common/cross_build.sh

cross_need arm arm-linux-gnueabihf-gcc arm-linux-gnueabihf-ar qemu-arm readelf \
	file -- libdrm-dev:armhf libmpfr-dev:armhf libgmp-dev:armhf zlib1g-dev:armhf

bad=0
fail() {
	echo "FAIL: $*"
	bad=1
}

cross_build armhf
n=0
for f in $outputs; do
	n=$((n + 1))
	if [ ! -f "$f" ]; then
		fail "$f was not built"
	elif ! elf_is "$f" ARM ELF32; then
		fail "$f is not a 32-bit ARM ELF: $(file -b "$f")"
	fi
done
[ $bad -eq 0 ] || exit 1
echo "$n armhf programs and libraries are 32-bit ARM ELF"

# run PROGRAM [ARGS]: under qemu-user, with the armhf libraries.
run() {
	QEMU_LD_PREFIX=$sysroot MXA_EMU_THREADS=1 \
		MXA_TEST_NO_THREADS="qemu-user cannot start threads of 32-bit ARM programs" \
		LD_LIBRARY_PATH=$(dirname "$(echo "$outputs" | tr ' ' '\n' |
			grep '/libmxa\.so$')") qemu-arm "$@"
}

tool=$(echo "$outputs" | tr ' ' '\n' | grep '/bin/mxa$')
info=$(run "$tool" info --device emu 2>&1) || fail "mxa info: $info"
echo "$info" | grep -q '^accumulate: *fp32 trunc exact' ||
	fail "mxa info on armhf: $info"

for t in $outputs; do
	case $t in
	*/test_convert_ref | */lib/* | */bin/*) continue ;;
	esac
	out=$(run "$t" 2>&1)
	rc=$?
	case $rc in
	0) echo "ok   ${t##*/}: $(echo "$out" | tail -1)" ;;
	77) echo "skip ${t##*/}: $(echo "$out" | tail -1)" ;;
	*)
		echo "$out" | tail -20
		fail "${t##*/} under qemu-arm (exit $rc)"
		;;
	esac
done

[ $bad -eq 0 ] || exit 1
echo "armhf: libmxa, mxa and the library's tests build and pass on 32-bit ARM"
