#!/bin/sh
# SPDX-License-Identifier: MIT
# fetch-kernel.sh RELEASE DIR [ARCH] - the Debian kernel image of RELEASE (the
# one whose headers mxa.ko is built against, so that its modversions match)
# for a QEMU guest: linux-image-RELEASE of the Debian architecture ARCH
# (default: this machine's), unpacked under DIR/root without installing it
# (scripts/fetch-deb.sh), its modules indexed (depmod) and the kernel copied
# to DIR/vmlinuz. Needs no root; fails when the archive cannot be reached.
set -eu

rel=$1
dir=$2
arch=${3:-$(dpkg --print-architecture)}

rm -rf "$dir/root" "$dir/vmlinuz"
"$(dirname "$0")/../../scripts/fetch-deb.sh" "linux-image-$rel:$arch" . "$dir/root"
/sbin/depmod -b "$dir/root" "$rel"
cp "$dir/root/boot/vmlinuz-$rel" "$dir/vmlinuz"
