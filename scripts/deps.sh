#!/bin/sh
# deps.sh GROUP... - make sure the Debian packages a build step needs are
# installed. As root it installs what is missing with apt-get; otherwise it
# prints the exact command to run and fails.
set -eu

pkgs_for() {
	case "$1" in
	build) echo "gcc make libc6-dev pkg-config python3 libdrm-dev" ;;
	rtl) echo "verilator yosys g++ zlib1g-dev" ;;
	test) echo "libmpfr-dev libgmp-dev libopenblas-dev" ;;
	# The QEMU guests: the kernel headers mxa.ko is built against (Debian's
	# 6.1 and the 6.12 of bookworm-security), the tools that make and boot
	# the initramfs, and drmdevice, a DRM client of libdrm's own.
	qemu) echo "qemu-system-x86 busybox-static cpio xz-utils kmod libdrm-tests linux-headers-amd64 linux-headers-6.12-amd64" ;;
	# mxa.ko: the two kernels' headers, and the 6.1 source for checkpatch.pl.
	kernel) echo "linux-headers-amd64 linux-headers-6.12-amd64 linux-source-6.1 xz-utils" ;;
	*) echo "deps.sh: unknown group '$1'" >&2; exit 2 ;;
	esac
}

missing=""
for group in "$@"; do
	for p in $(pkgs_for "$group"); do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$status" = "installed" ] || missing="$missing $p"
	done
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing
