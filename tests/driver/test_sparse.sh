#!/bin/sh
# SPDX-License-Identifier: MIT
# mxa.ko is clean under sparse, the kernel's semantic checker (address
# spaces such as __iomem and __user, endianness, locking annotations), as
# `make C=2` runs it: against Debian's 6.1 and 6.12 headers, in a build
# tree of its own ($MXA_BUILD/module-sparse/<release>, driver/kbuild.sh).
# Any warning or error fails. First a small module that casts __iomem away
# must draw sparse's warning: the check really runs. Exit 77 when sparse or
# a kernel's headers are missing.
set -u

. "$(dirname "$0")/kernels.sh"
build=$BUILD_ABS
unset MAKEFLAGS MFLAGS MAKELEVEL

command -v sparse >/dev/null || {
	echo "skipped: sparse not found (Debian package sparse)"
	exit 77
}

fail=0
missing=
for series in $KERNEL_SERIES; do
	kdir=$(headers_of "$series")
	if [ -z "$kdir" ]; then
		missing="$missing linux-headers-$series.*-amd64"
		continue
	fi

	probe=$build/module-sparse/probe-$series
	rm -rf "$probe"
	mkdir -p "$probe"
	echo 'obj-m := sparse_probe.o' >"$probe/Kbuild"
	cat >"$probe/sparse_probe.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/io.h>
#include <linux/module.h>
int sparse_probe_read(void __iomem *p);
int sparse_probe_read(void __iomem *p) { return *(int *)p; }
MODULE_LICENSE("GPL");
EOF
	if ! make -s -C "$kdir" M="$probe" C=2 CHECK=sparse modules 2>&1 |
		grep -q "sparse_probe.c:.*warning: cast removes address space"; then
		echo "sparse did not flag the probe's __iomem cast against $kdir"
		fail=1
		continue
	fi

	ko=$(driver/kbuild.sh "$kdir" "$build/module-sparse" 2>&1 | tail -n 1)
	case $ko in
	*/mxa.ko) ;;
	*)
		echo "mxa.ko does not build against $kdir: $ko"
		fail=1
		continue
		;;
	esac
	out=$(make -C "$kdir" M="$(dirname "$ko")" C=2 CHECK=sparse modules 2>&1)
	checked=$(echo "$out" | grep -c '^  CHECK ')
	bad=$(echo "$out" | grep -E 'warning:|error:')
	if [ -n "$bad" ] || [ "$checked" -eq 0 ]; then
		echo "sparse against $kdir ($checked files checked):"
		echo "$bad"
		fail=1
	else
		echo "sparse against $kdir: $checked files, clean"
	fi
done
series_end "$fail" "$missing" "mxa.ko is sparse-clean against 6.1 and 6.12"
