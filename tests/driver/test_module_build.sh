#!/bin/sh
# SPDX-License-Identifier: MIT
# mxa.ko builds against Debian's 6.1 and 6.12 kernel headers with W=1 and
# without a single compiler or modpost warning (driver/kbuild.sh --check,
# into $MXA_BUILD/module/<release>). A failure with either kernel fails;
# exit 77 when the headers of one of them are not installed (after
# checking the other).
set -u

build=${MXA_BUILD:-build}
missing=
bad=0
for series in 6.1 6.12; do
	kdir=$(ls -d /usr/src/linux-headers-"$series".*-amd64 2>/dev/null | sort -V | tail -n 1)
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
[ $bad -eq 0 ] || exit 1
if [ -n "$missing" ]; then
	echo "skipped: not installed:$missing (scripts/deps.sh says which apt suite has it)"
	exit 77
fi
echo "mxa.ko builds warning-free with W=1 against 6.1 and 6.12"
