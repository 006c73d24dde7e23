#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-deb.sh PACKAGE:ARCH[=VERSION] PATH OUT - the file or directory PATH
# (relative to the root) of Debian's package PACKAGE of architecture ARCH, at
# VERSION or else the archive's candidate version, copied to
# OUT, without installing anything: the QEMU guests' kernels
# (tests/qemu/fetch-kernel.sh), the arm64 kernel headers
# (driver/cross-headers.sh), and for the arm64 guests programs whose native
# package is installed and cannot be installed beside it (busybox-static,
# drmdevice, python3.11, NumPy). PATH . is the whole package. An
# architecture other than the machine's must have been added with dpkg
# --add-architecture (scripts/deps.sh arm64); the package comes with
# apt-get download, which needs no root.
# Fails, saying so, when the archive cannot be reached or PATH is not in
# the package.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 PACKAGE:ARCH[=VERSION] PATH OUT" >&2; exit 2; }
want=$1 path=$2 out=$3
pkg=${want%%:*} arch=${want#*:}
arch=${arch%%=*}
tmp=$out.d

rm -rf "$tmp"
mkdir -p "$tmp"
(cd "$tmp" && apt-get download -q "$want" 2>&1 |
	grep -v '^W: Download is performed unsandboxed') || true
deb=
for f in "$tmp/$pkg"_*_"$arch".deb; do
	[ -f "$f" ] && deb=$f
done
if [ -z "$deb" ]; then
	rm -rf "$tmp"
	echo "fetch-deb.sh: apt-get download $want failed" >&2
	exit 1
fi
dpkg-deb -x "$deb" "$tmp/root"
if [ ! -e "$tmp/root/$path" ]; then
	rm -rf "$tmp"
	echo "fetch-deb.sh: $want holds no $path" >&2
	exit 1
fi
rm -rf "$out"
cp -a "$tmp/root/$path" "$out"
rm -rf "$tmp"
