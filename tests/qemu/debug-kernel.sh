#!/bin/bash
# SPDX-License-Identifier: MIT
# debug-kernel.sh OUT - the debug kernel of the board-like guest
# (make check-qemu-debug, docs/qemu-tests.md): Debian's Linux 6.12 source
# (the linux-source-6.12 package at the version of the installed
# linux-headers-6.12-amd64, so the same kernel as the 6.12 guests, or the
# archive's newest when those headers are missing) with the fix of
# tests/qemu/debug-kernel.patch (a DRM core bug that fault injection
# reaches), configured for QEMU's
# virt machine from allnoconfig and tests/qemu/debug-kernel.config (KASAN,
# KFENCE, lockdep, kmemleak, DMA-API debugging, UBSAN, fault injection and
# the DRM pieces mxa.ko needs), cross-built for arm64. Writes
#   OUT/krel      the kernel's release (uname -r)
#   OUT/vmlinuz   its Image
#   OUT/root      its modules, installed and indexed (a link)
#   OUT/kdir      the build tree to build mxa.ko against (driver/kbuild.sh)
#
# Every option the fragment sets is checked in the final configuration: one
# that Kconfig dropped (a dependency missing) fails the build rather than
# leave a check silently off.
#
# The build (about 6 minutes on 2 cores, 1.8 GB) is cached in
# ${XDG_CACHE_HOME:-~/.cache}/mxa/debug-kernel/<version>-<key>, the key
# a hash of the fragment, the patch, this script's code and the cross
# compiler's version; the source tree stays there (the build tree refers
# to it) with the objects deleted. Builds unused for a week go.
#
# Exit 77, the reason on the last line, when the cross compiler, a tool
# of the kernel's build or the source package cannot be had.
set -euo pipefail

# A build of its own: the jobserver of a calling make is not passed down.
unset MAKEFLAGS MFLAGS MAKELEVEL

out=$1
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug-kernel.config
fixes=$here/debug-kernel.patch
cross=aarch64-linux-gnu-

skip() {
	echo "debug-kernel.sh: $*"
	exit 77
}

for tool in ${cross}gcc flex bison bc make xz patch /sbin/depmod apt-get; do
	command -v $tool >/dev/null ||
		skip "$tool not found (scripts/deps.sh debug-kernel installs the tools)"
done

# The version: that of the 6.12 guests' kernel, else the archive's newest.
headers=$( (ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null || true) |
	sort -V | tail -n 1)
version=
[ -n "$headers" ] &&
	version=$(dpkg-query -W -f='${Version}' "${headers#/usr/src/}" 2>/dev/null)
[ -n "$version" ] ||
	version=$(apt-cache policy linux-source-6.12 2>/dev/null |
		sed -n 's/^  Candidate: \([^(].*\)$/\1/p')
[ -n "$version" ] ||
	skip "no version of linux-source-6.12 in the apt sources (Debian 12 has it in bookworm-security)"

# The script's comments are not part of the key: editing them rebuilds
# nothing.
key=$( { cat "$fragment" "$fixes"; grep -v '^[[:space:]]*#' "$0"; ${cross}gcc --version | head -n 1; } |
	sha256sum | cut -c1-12)
top=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mxa/debug-kernel
cache=$top/$version-$key
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9

make_k() {
	make -s -C "$cache/src" ARCH=arm64 CROSS_COMPILE=$cross O="$cache/build" "$@"
}

if [ ! -f "$cache/done" ]; then
	echo "debug-kernel.sh: building the debug kernel $version for arm64 (about 6 minutes on 2 cores)"
	rm -rf "$cache/fetch" "$cache/src" "$cache/build" "$cache/root"
	mkdir -p "$cache/fetch"
	( cd "$cache/fetch" && apt-get download -q "linux-source-6.12=$version" ) \
		>"$cache/fetch.log" 2>&1 ||
		skip "apt-get download linux-source-6.12=$version failed: $(tail -n 1 "$cache/fetch.log")"
	mkdir -p "$cache/src"
	dpkg-deb --fsys-tarfile "$cache"/fetch/linux-source-6.12_*.deb |
		tar -xO ./usr/src/linux-source-6.12.tar.xz | xz -dc |
		tar -x -C "$cache/src" --strip-components=1
	rm -rf "$cache/fetch"
	patch -s -d "$cache/src" -p1 <"$fixes"

	make_k allnoconfig >/dev/null
	"$cache/src/scripts/kconfig/merge_config.sh" -m -O "$cache/build" \
		"$cache/build/.config" "$fragment" >/dev/null
	make_k olddefconfig
	# Every line of the fragment must hold in the final configuration.
	missing=$(grep -E '^CONFIG_|^# CONFIG_' "$fragment" | while read -r line; do
		case $line in
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			grep -q "^$opt=" "$cache/build/.config" && echo "$line"
			;;
		*)
			grep -qxF "$line" "$cache/build/.config" || echo "$line"
			;;
		esac
	done)
	if [ -n "$missing" ]; then
		echo "$missing"
		echo "debug-kernel.sh: Kconfig did not keep the options above (a dependency missing from $fragment)"
		exit 1
	fi
	make_k -j"$(nproc)" Image modules >"$cache/build.log" 2>&1 || {
		grep -B2 -A12 -m 3 'error:' "$cache/build.log" || tail -n 30 "$cache/build.log"
		echo "debug-kernel.sh: the kernel build failed (log in $cache/build.log)"
		exit 1
	}
	make_k INSTALL_MOD_PATH="$cache/root" modules_install >/dev/null
	rel=$(make_k kernelrelease)
	rm -f "$cache/root/lib/modules/$rel/build" "$cache/root/lib/modules/$rel/source"
	/sbin/depmod -b "$cache/root" "$rel"
	# External modules need the configuration, the generated headers,
	# the host programs and Module.symvers, not the objects.
	find "$cache/build" -name '*.o' -delete
	echo "$rel" >"$cache/krel"
	touch "$cache/done"
fi

# A week unused, a build goes; each use marks its own.
touch "$cache"
find "$top" -mindepth 1 -maxdepth 1 -type d -mtime +7 -exec rm -rf {} +

mkdir -p "$out"
rel=$(cat "$cache/krel")
echo "$rel" | cmp -s - "$out/krel" || echo "$rel" >"$out/krel"
cmp -s "$cache/build/arch/arm64/boot/Image" "$out/vmlinuz" ||
	cp "$cache/build/arch/arm64/boot/Image" "$out/vmlinuz"
ln -sfn "$cache/root" "$out/root"
echo "$cache/build" | cmp -s - "$out/kdir" || echo "$cache/build" >"$out/kdir"
echo "debug-kernel.sh: $out ($rel, Debian's linux-source-6.12 $version)"
