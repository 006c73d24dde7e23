#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
# arm64-headers.sh SERIES DIR - Debian's arm64 kernel headers of SERIES (6.1,
# 6.12) for cross-building mxa.ko; prints the kernel build tree (KDIR for
# driver/kbuild.sh with ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-).
#
# The release is the arm64 twin of the installed amd64 headers of the series
# (linux-headers-6.1.0-57-amd64 -> 6.1.0-57-arm64, the newest as
# tests/qemu/qemu.mk picks it), at the same package version: the two share
# the architecture-independent linux-headers-<release>-common tree and the
# linux-kbuild package that came with the amd64 headers. The arm64 package
# is fetched and unpacked under DIR/<release>, not installed
# (scripts/fetch-deb.sh; the arm64 architecture must be known to dpkg:
# scripts/deps.sh arm64); an unpacked tree of the same version is used
# as it is. Its scripts/ and tools/ links point at the host's own
# linux-kbuild, so the kbuild host programs run on this machine.
# Exits 77 when the headers cannot be had (the reason on stderr): no amd64
# headers of the series, or no archive to download from.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 SERIES DIR" >&2; exit 2; }
series=$1
dir=$2

amd64=$(ls -d /usr/src/linux-headers-"$series".*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$amd64" ]; then
	echo "arm64-headers.sh: linux-headers-$series.*-amd64 is not installed (scripts/deps.sh kernel)" >&2
	exit 77
fi
amd64_rel=${amd64#/usr/src/linux-headers-}
rel=${amd64_rel%-amd64}-arm64
ver=$(dpkg-query -W -f='${Version}' "linux-headers-$amd64_rel")
# The host's kbuild, as the amd64 tree links it.
kbuild=$(readlink -f "$amd64/scripts")
kbuild=${kbuild%/scripts}
[ -d "$kbuild/scripts" ] || { echo "arm64-headers.sh: no kbuild scripts at $kbuild" >&2; exit 1; }

out=$dir/$rel
kdir=$out/usr/src/linux-headers-$rel
if [ "$(cat "$out/version" 2>/dev/null || true)" != "$ver" ] || [ ! -f "$kdir/Makefile" ]; then
	pkg=linux-headers-$rel:arm64
	if ! "$(dirname "$0")/../scripts/fetch-deb.sh" "$pkg=$ver" . "$out" >&2; then
		rm -rf "$out"
		echo "arm64-headers.sh: no $pkg=$ver (is the arm64 architecture added? scripts/deps.sh arm64)" >&2
		exit 77
	fi
	ln -sfn "$kbuild/scripts" "$kdir/scripts"
	ln -sfn "$kbuild/tools" "$kdir/tools"
	echo "$ver" >"$out/version"
fi
# Its Makefile includes the common tree, which the amd64 headers brought.
common=$(sed -n 's/^include \(.*\)\/Makefile$/\1/p' "$kdir/Makefile")
[ -d "$common" ] || { echo "arm64-headers.sh: $kdir needs $common, which is not installed" >&2; exit 1; }
cd "$kdir" && pwd
