#!/bin/sh
# SPDX-License-Identifier: MIT
# mxa.ko builds against Debian's 6.1 and 6.12 kernel headers with W=1 and
# without a single compiler or modpost warning (driver/kbuild.sh --check,
# into $MXA_BUILD/module/<release>). A failure with either kernel fails;
# exit 77 when the headers of one of them are not installed (after
# checking the other).
set -u

. "$(dirname "$0")/kernels.sh"
build=${MXA_BUILD:-build}
missing=
bad=0
for series in $KERNEL_SERIES; do
	kdir=$(headers_of "$series")
	if [ -z "$kdir" ]; then
		missing="$missing linux-headers-$series.*-amd64"
		continue
	fi
	echo "== $kdir"
	if ! driver/kbuild.sh --check "$kdir" "$build/module"; then
		echo "FAIL: mxa.ko against $kdir"
		bad=1
	fi
done
series_end "$bad" "$missing" "mxa.ko builds warning-free with W=1 against 6.1 and 6.12"
