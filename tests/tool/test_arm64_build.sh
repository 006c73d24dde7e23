#!/bin/sh
# SPDX-License-Identifier: MIT
# The arm64 cross build (arm64.mk, docs/arm64.md): `make run-arm64` builds
# libmxa, the mxa tool, mxa-simd, the test programs and the QEMU guest
# programs with aarch64-linux-gnu-gcc, and every one of them must be an
# AArch64 ELF; libmxa must hold no AVX kernel and mxa-simd the Verilated
# model, not the stub. mxa.ko is built against Debian's arm64 headers of 6.1
# and of 6.12 (driver/cross-headers.sh) with W=1 (driver/kbuild.sh --check)
# and must build without a single warning line and be an AArch64 module for
# that release. What is built is kept: a second run compiles nothing that
# did not change. Nothing runs on arm64 here.
# Exit 77 when the cross toolchain, an arm64 library or the headers of one
# series cannot be had (after checking everything else).
set -u

cd "$(dirname "$0")/../.." || exit 1
# A build of its own, whatever make runs this test.
unset MAKEFLAGS MFLAGS MAKELEVEL
cross=aarch64-linux-gnu-

. tests/common/cross_build.sh

cross_need "arm64 rtl" ${cross}gcc ${cross}g++ ${cross}ar file readelf verilator \
	-- libdrm-dev:arm64 libmpfr-dev:arm64 libgmp-dev:arm64 zlib1g-dev:arm64

bad=0
fail() {
	echo "FAIL: $*"
	bad=1
}

is_aarch64() {
	elf_is "$1" AArch64 ELF64
}

# ---------------------------------------------------------------- user space
cross_build arm64
n=0
for f in $outputs; do
	n=$((n + 1))
	if [ ! -f "$f" ]; then
		fail "$f was not built"
	elif ! is_aarch64 "$f"; then
		fail "$f is not an AArch64 ELF: $(file -b "$f")"
	fi
	case $f in
	*.a) ;;
	*)
		file -b "$f" | grep -q 'ELF 64-bit LSB .*ARM aarch64' ||
			fail "file(1) on $f: $(file -b "$f")"
		;;
	esac
done
echo "$n arm64 programs and libraries are AArch64 ELF"

lib_a=$(echo "$outputs" | tr ' ' '\n' | grep '/libmxa\.a$')
if ar t "$lib_a" | grep -q 'avx'; then
	fail "$lib_a holds x86 kernels: $(ar t "$lib_a" | grep avx | tr '\n' ' ')"
fi
simd=$(echo "$outputs" | tr ' ' '\n' | grep '/bin/mxa-simd$')
readelf -sW "$simd" | grep -q 'Vmxa_model' ||
	fail "$simd does not link the Verilated model"

# ---------------------------------------------------------------- mxa.ko
arm64_build=$(make --no-print-directory -s print-ARM64_BUILD)
skipped=
for series in 6.1 6.12; do
	kdir=$(driver/cross-headers.sh arm64 "$series" "$arm64_build/kernel")
	rc=$?
	if [ $rc -eq 77 ]; then
		skipped="$skipped $series"
		continue
	elif [ $rc -ne 0 ]; then
		fail "arm64 headers of $series"
		continue
	fi
	echo "== $kdir"
	rel=${kdir##*/linux-headers-}
	if ! ARCH=arm64 CROSS_COMPILE=$cross driver/kbuild.sh --check "$kdir" \
		"$arm64_build/module"; then
		fail "mxa.ko against $kdir with W=1"
		continue
	fi
	out=$arm64_build/module/$rel
	if grep -i warning "$out/build.log"; then
		fail "warnings building mxa.ko for $rel"
	fi
	is_aarch64 "$out/mxa.ko" || fail "$out/mxa.ko is not an AArch64 ELF: $(file -b "$out/mxa.ko")"
	readelf -p .modinfo "$out/mxa.ko" | grep -q "vermagic=$rel .*aarch64" ||
		fail "$out/mxa.ko: vermagic is not $rel for aarch64"
done

[ $bad -eq 0 ] || exit 1
if [ -n "$skipped" ]; then
	echo "skipped: no arm64 kernel headers for$skipped (driver/cross-headers.sh said why above)"
	exit 77
fi
echo "arm64: user space and mxa.ko (6.1, 6.12, W=1 warning-free) are AArch64 builds"
