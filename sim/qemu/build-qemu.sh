#!/bin/bash
# SPDX-License-Identifier: MIT
# build-qemu.sh OUT - builds qemu-system-aarch64 with the mxa device model
# (mxa-sim-device.c, and mxa-virt.c placing it on the virt machine) from
# Debian's source package of the installed QEMU, and installs it as OUT.
#
# The source is fetched with `apt-get source` (the deb-src lines of the
# apt sources: scripts/deps.sh qemu-src adds them), unpacked with Debian's
# patches, and given the project's files and virt.patch. Only the aarch64
# system emulator is configured, with the virt machine alone and without
# tools, docs or optional features: about 5 minutes on 2 cores. The binary
# is cached under ${XDG_CACHE_HOME:-~/.cache}/mxa/qemu/<hash>, the hash of
# the source version and of every input file, so it is rebuilt only when
# one of them changes; the configured source tree is kept beside it
# (tree-<hash> of the version, the patch and the configuration), so that a
# change of the device's files rebuilds only them. The device loads the RTL
# at run time (its 'model' property), so the RTL is not an input.
#
# Exit 77, the reason on the last line, when the source or a build tool is
# missing.
set -euo pipefail

out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
inputs=("$here/mxa-sim-device.c" "$here/mxa-virt.c" "$here/mxa-virt.h"
	"$here/virt.patch" "$here/build-qemu.sh" "$root/include/mxa_hw.h"
	"$root/sim/mxa_sim.h")

skip() {
	echo "build-qemu.sh: $*"
	exit 77
}

version=$(dpkg-query -W -f '${source:Version}' qemu-system-arm 2>/dev/null) ||
	skip "qemu-system-arm is not installed: the source version to build is unknown"
for tool in apt-get dpkg-source ninja meson pkg-config cc; do
	command -v $tool >/dev/null ||
		skip "$tool not found (scripts/deps.sh qemu-src installs the build tools)"
done

# The aarch64 system emulator alone, without tools, documentation or
# optional features, and with only the virt machine (and the M-profile
# interrupt controller, which the Arm target's code links whatever the
# machines) instead of every Arm board as devices.
configure_options=(--target-list=aarch64-softmmu --disable-docs
	--disable-tools --disable-user --disable-werror
	--without-default-features --without-default-devices
	--enable-fdt=system --disable-slirp)
devices="CONFIG_ARM_VIRT=y CONFIG_ARM_V7M=y"

# The binary: one per version and inputs. The build tree: one per version,
# patch and configuration, kept, so that a change of the device's files
# rebuilds only them.
hash=$( { echo "$version"; cat "${inputs[@]}"; } | sha256sum | cut -c1-16)
tree_hash=$( { echo "$version" "${configure_options[@]}" $devices; cat "$here/virt.patch"; } |
	sha256sum | cut -c1-16)
top=${XDG_CACHE_HOME:-$HOME/.cache}/mxa/qemu
cache=$top/$hash
tree=$top/tree-$tree_hash
mkdir -p "$tree"
exec 9>"$tree/lock"
flock 9
if [ ! -x "$cache/qemu-system-aarch64" ]; then
	src=$tree/src
	if [ ! -f "$tree/configured" ]; then
		echo "build-qemu.sh: building qemu-system-aarch64 $version with the mxa device (about 5 minutes)"
		rm -rf "$tree/fetch" "$src"
		mkdir -p "$tree/fetch"
		( cd "$tree/fetch" && apt-get source -q --download-only "qemu=$version" ) >"$tree/fetch.log" 2>&1 ||
			skip "apt-get source qemu=$version failed (no deb-src lines in the apt sources? scripts/deps.sh qemu-src adds them): $(tail -n 1 "$tree/fetch.log")"
		dpkg-source -q -x "$tree"/fetch/qemu_*.dsc "$src" >"$tree/unpack.log" 2>&1 || {
			echo "build-qemu.sh: dpkg-source could not unpack the source (log in $tree/unpack.log)"
			exit 1
		}
		rm -rf "$tree/fetch"
		patch -s -d "$src" -p1 <"$here/virt.patch"
		mkdir -p "$src/include/mxa" "$src/build"
	else
		echo "build-qemu.sh: rebuilding qemu-system-aarch64 $version with the changed mxa device"
	fi
	# Copied only when changed, so that ninja rebuilds only what changed.
	install -C -m 644 "$here/mxa-sim-device.c" "$here/mxa-virt.c" "$src/hw/arm/"
	install -C -m 644 "$here/mxa-virt.h" "$src/include/hw/arm/"
	install -C -m 644 "$root/include/mxa_hw.h" "$root/sim/mxa_sim.h" "$src/include/mxa/"
	if [ ! -f "$tree/configured" ]; then
		printf '%s\n' $devices >"$src/configs/devices/aarch64-softmmu/default.mak"
		( cd "$src/build" && ../configure "${configure_options[@]}" ) \
			>"$tree/configure.log" 2>&1 || {
			tail -n 20 "$tree/configure.log"
			echo "build-qemu.sh: QEMU's configure failed (log in $tree/configure.log)"
			exit 1
		}
		touch "$tree/configured"
	fi
	ninja -C "$src/build" qemu-system-aarch64 >"$tree/build.log" 2>&1 || {
		grep -B2 -A12 -m 3 'error:' "$tree/build.log" || tail -n 30 "$tree/build.log"
		echo "build-qemu.sh: the build failed (log in $tree/build.log)"
		exit 1
	}
	mkdir -p "$cache"
	cp "$src/build/qemu-system-aarch64" "$cache/qemu-system-aarch64.new"
	mv "$cache/qemu-system-aarch64.new" "$cache/qemu-system-aarch64"
fi
# Binaries of other inputs unused for a day go: the tree rebuilds any of
# them in seconds. Another checkout (a CI clone beside a working tree) may
# be using one now, so only old ones, and each use marks its own.
touch "$cache"
find "$top" -mindepth 1 -maxdepth 1 -name '????????????????' -mmin +1440 \
	-exec rm -rf {} +
mkdir -p "$(dirname "$out")"
ln -sf "$cache/qemu-system-aarch64" "$out"
echo "build-qemu.sh: $out ($version with the mxa device)"
