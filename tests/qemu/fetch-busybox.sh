#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-busybox.sh ARCH OUT - Debian's static busybox of architecture ARCH
# (arm64 for the arm64 guests; the architecture must have been added with
# dpkg --add-architecture, scripts/deps.sh arm64) as the file OUT: downloads
# busybox-static:ARCH with apt-get and takes bin/busybox out of it, without
# installing anything (the native busybox-static is installed, and the two
# cannot be). Fails when the archive cannot be reached.
set -eu

arch=$1
out=$2
tmp=$out.d

rm -rf "$tmp"
mkdir -p "$tmp"
(cd "$tmp" && apt-get download -q "busybox-static:$arch" 2>&1 |
	grep -v '^W: Download is performed unsandboxed') || true
deb=
for f in "$tmp"/busybox-static_*_"$arch".deb; do
	[ -f "$f" ] && deb=$f
done
if [ -z "$deb" ]; then
	rm -rf "$tmp"
	echo "fetch-busybox.sh: apt-get download busybox-static:$arch failed" >&2
	exit 1
fi
dpkg-deb -x "$deb" "$tmp/root"
cp "$tmp/root/bin/busybox" "$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$tmp"
