# SPDX-License-Identifier: MIT
# shellcheck shell=sh disable=SC2034 # sourced: the tests use what it sets
# kernels.sh - what the driver tests share, sourced by them: the kernel
# series they check against, where each one's headers are, the Linux
# source they take tools from, and how a run over the series ends.

# The series mxa.ko supports (docs/driver.md section 2).
KERNEL_SERIES="6.1 6.12"

# The build tree ($MXA_BUILD, build by default) as an absolute path: the
# tests run make and tools in other directories.
BUILD_ABS=${MXA_BUILD:-build}
case $BUILD_ABS in
/*) ;;
*) BUILD_ABS=$(pwd)/$BUILD_ABS ;;
esac

# headers_of SERIES: the newest installed Debian headers of the series
# (/usr/src/linux-headers-<release>-amd64), or nothing.
headers_of() {
	find /usr/src -maxdepth 1 -name "linux-headers-$1.*-amd64" | sort -V |
		tail -n 1
}

# source_extract DIR MEMBER...: extracts the members (paths under
# scripts/...) of Debian's linux-source-6.1 into DIR once; exits 77 when
# the source is not installed.
source_extract() {
	src=/usr/src/linux-source-6.1.tar.xz
	dest=$1
	shift
	[ -e "$dest/$1" ] && return 0
	[ -f "$src" ] || {
		echo "skipped: $src missing (Debian package linux-source-6.1)"
		exit 77
	}
	members=$(for m in "$@"; do printf ' linux-source-6.1/%s' "$m"; done)
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	# shellcheck disable=SC2086 # the members split into words
	tar -xJf "$src" -C "$dest.tmp" --strip-components=1 $members || exit 1
	mkdir -p "$dest"
	cp -a "$dest.tmp"/. "$dest"/ && rm -rf "$dest.tmp"
}

# series_end FAIL MISSING DONE: exits 1 when FAIL is not 0, 77 naming the
# headers in MISSING when some series had none, else prints DONE.
series_end() {
	[ "$1" -eq 0 ] || exit 1
	if [ -n "$2" ]; then
		echo "skipped: not installed:$2 (scripts/deps.sh says which apt suite has it)"
		exit 77
	fi
	echo "$3"
	exit 0
}
