#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
# cross-headers.sh ARCH SERIES DIR - Debian's kernel headers of SERIES (6.1,
# 6.12) for the kernel architecture ARCH, for cross-building mxa.ko; prints
# the kernel build tree (KDIR for driver/kbuild.sh with ARCH and
# CROSS_COMPILE set):
#   arm64  Debian's arm64 flavour    (CROSS_COMPILE=aarch64-linux-gnu-)
#   arm    Debian's armhf armmp one  (CROSS_COMPILE=arm-linux-gnueabihf-:
#          32-bit boards such as the Zynq-7000 of the PYNQ-Z2)
#
# The release is the twin of the installed amd64 headers of the series
# (linux-headers-6.1.0-57-amd64 -> 6.1.0-57-arm64 or -armmp, the newest as
# tests/qemu/qemu.mk picks it), at the same package version: they share
# the architecture-independent linux-headers-<release>-common tree and the
# linux-kbuild package that came with the amd64 headers. The package is
# fetched and unpacked under DIR/<release>, not installed
# (scripts/fetch-deb.sh; its Debian architecture must be known to dpkg:
# scripts/deps.sh arm64 or arm); an unpacked tree of the same version is
# used as it is. Its scripts/ and tools/ links point at the host's own
# linux-kbuild, so the kbuild host programs run on this machine.
# Exits 77 when the headers cannot be had (the reason on stderr): no amd64
# headers of the series, or no archive to download from.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 ARCH SERIES DIR" >&2; exit 2; }
case $1 in
arm64) debarch=arm64 flavour=arm64 group=arm64 ;;
arm) debarch=armhf flavour=armmp group=arm ;;
*) echo "cross-headers.sh: ARCH is arm64 or arm, not '$1'" >&2; exit 2 ;;
esac
series=$2
dir=$3

amd64=$(ls -d /usr/src/linux-headers-"$series".*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$amd64" ]; then
	echo "cross-headers.sh: linux-headers-$series.*-amd64 is not installed (scripts/deps.sh kernel)" >&2
	exit 77
fi
amd64_rel=${amd64#/usr/src/linux-headers-}
rel=${amd64_rel%-amd64}-$flavour
ver=$(dpkg-query -W -f='${Version}' "linux-headers-$amd64_rel")
# The host's kbuild, as the amd64 tree links it.
kbuild=$(readlink -f "$amd64/scripts")
kbuild=${kbuild%/scripts}
[ -d "$kbuild/scripts" ] || { echo "cross-headers.sh: no kbuild scripts at $kbuild" >&2; exit 1; }

out=$dir/$rel
kdir=$out/usr/src/linux-headers-$rel
if [ "$(cat "$out/version" 2>/dev/null || true)" != "$ver" ] || [ ! -f "$kdir/Makefile" ]; then
	pkg=linux-headers-$rel:$debarch
	if ! "$(dirname "$0")/../scripts/fetch-deb.sh" "$pkg=$ver" . "$out" >&2; then
		rm -rf "$out"
		echo "cross-headers.sh: no $pkg=$ver (is the $debarch architecture added? scripts/deps.sh $group)" >&2
		exit 77
	fi
	ln -sfn "$kbuild/scripts" "$kdir/scripts"
	ln -sfn "$kbuild/tools" "$kdir/tools"
	echo "$ver" >"$out/version"
fi
# Its Makefile includes the common tree, which the amd64 headers brought.
common=$(sed -n 's/^include \(.*\)\/Makefile$/\1/p' "$kdir/Makefile")
[ -d "$common" ] || { echo "cross-headers.sh: $kdir needs $common, which is not installed" >&2; exit 1; }
cd "$kdir" && pwd
