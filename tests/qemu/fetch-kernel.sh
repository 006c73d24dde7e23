#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-kernel.sh RELEASE DIR [ARCH] - the Debian kernel image of RELEASE (the
# one whose headers mxa.ko is built against, so that its modversions match)
# for a QEMU guest: downloads linux-image-RELEASE of the Debian architecture
# ARCH (default: this machine's; another one must have been added with
# dpkg --add-architecture) with apt-get (no installation),
# unpacks it under DIR/root, indexes its modules (depmod) and copies the
# kernel to DIR/vmlinuz. Needs no root; fails when the archive cannot be
# reached.
set -eu

rel=$1
dir=$2
pkg=linux-image-$rel
want=$pkg${3:+:$3}

rm -rf "$dir/deb" "$dir/root" "$dir/vmlinuz"
mkdir -p "$dir/deb"
(cd "$dir/deb" && apt-get download -q "$want" 2>&1 | grep -v '^W: Download is performed unsandboxed') ||
	true
deb=
for f in "$dir"/deb/"$pkg"_*.deb; do
	[ -f "$f" ] && deb=$f
done
if [ -z "$deb" ]; then
	echo "fetch-kernel.sh: apt-get download $want failed" >&2
	exit 1
fi
dpkg-deb -x "$deb" "$dir/root"
/sbin/depmod -b "$dir/root" "$rel"
rm -rf "$dir/deb"
cp "$dir/root/boot/vmlinuz-$rel" "$dir/vmlinuz"
