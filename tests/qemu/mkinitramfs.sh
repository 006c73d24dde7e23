#!/bin/sh
# SPDX-License-Identifier: MIT
# mkinitramfs.sh OUT KROOT KREL MXA_KO SIMD EXTRA PROGRAM... - the initramfs
# of a QEMU test guest, as an uncompressed cpio archive (the guest unpacks
# it faster than a compressed one under TCG).
#
# KROOT is the unpacked Debian kernel image of release KREL (fetch-kernel.sh);
# the modules mxa.ko depends on, and the modules named in EXTRA (a comma
# separated list, maybe empty), are taken from it with their dependencies,
# decompressed, with a list in loading order. PROGRAMs are the guest's test
# programs and helpers: those named test_* run in the order given; a
# module (*.ko) among them goes to /opt/mxa, for a test to load. Every
# binary brings the shared libraries it needs (libmxa from the build tree,
# found through LD_LIBRARY_PATH, goes to /usr/local/lib); drmdevice of
# libdrm-tests (DRMDEVICE, default /usr/bin/drmdevice) comes along when it
# is there.
#
# MXA_GUEST_ARCH=arm64 builds the initramfs of an arm64 guest from arm64
# binaries: their libraries are those of Debian's multiarch directories
# (elf-libs.sh); BUSYBOX and DRMDEVICE name the arm64 busybox and drmdevice
# (scripts/fetch-deb.sh), and python3 is arm64's (stage-python.sh).
set -eu

out=$1 kroot=$2 krel=$3 ko=$4 simd=$5 extra=$6
shift 6

stage=$out.d
rm -rf "$stage"
mkdir -p "$stage"/bin "$stage"/opt/mxa/bin "$stage"/usr/local/lib \
	"$stage"/dev "$stage"/proc "$stage"/sys "$stage"/run "$stage"/tmp

moddir=$kroot/lib/modules/$krel
norm() { echo "$1" | tr - _; }

# modules.dep lists each module's dependencies, closed, so that loading
# them from last to first works.
deps_of() {
	awk -v want="$(norm "$1")" '{
		path = $1; sub(/:$/, "", path)
		name = path; sub(/.*\//, "", name); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", name)
		gsub(/-/, "_", name)
		if (name != want) next
		for (i = NF; i >= 2; i--) print $i
		print path
		found = 1
		exit
	} END { if (!found) exit 1 }' "$moddir/modules.dep"
}

: >"$stage/opt/mxa/modules"
seen=" "
for dep in $(/sbin/modinfo -F depends "$ko" | tr , ' ') $(echo "$extra" | tr , ' '); do
	paths=$(deps_of "$dep") || {
		echo "mkinitramfs.sh: module $dep not in $moddir" >&2
		exit 1
	}
	for p in $paths; do
		case $seen in *" $p "*) continue ;; esac
		seen="$seen$p "
		plain=${p%.xz}
		mkdir -p "$stage/lib/modules/$krel/$(dirname "$plain")"
		case $p in
		*.xz) xz -dc "$moddir/$p" >"$stage/lib/modules/$krel/$plain" ;;
		*) cp "$moddir/$p" "$stage/lib/modules/$krel/$plain" ;;
		esac
		echo "/lib/modules/$krel/$plain" >>"$stage/opt/mxa/modules"
	done
done
cp "$ko" "$stage/opt/mxa/mxa.ko"

cp "${BUSYBOX:-/bin/busybox}" "$stage/bin/busybox"
cp "$(dirname "$0")/init.sh" "$stage/init"
chmod 755 "$stage/init"

# Copies a binary and the libraries it needs.
add_elf() {
	local libs
	cp "$1" "$2"
	libs=$("$(dirname "$0")/elf-libs.sh" "$1") || exit 1
	echo "$libs" |
		while read -r lib; do
			case $lib in
			/lib/* | /lib64/* | /usr/lib/*) dst=$stage$lib ;;
			*) dst=$stage/usr/local/lib/$(basename "$lib") ;;
			esac
			[ -e "$dst" ] && continue
			mkdir -p "$(dirname "$dst")"
			cp -L "$lib" "$dst"
		done
}

add_elf "$simd" "$stage/opt/mxa/bin/mxa-simd"
: >"$stage/opt/mxa/tests"
for prog in "$@"; do
	name=$(basename "$prog" .sh)
	case $prog in
	*.sh) cp "$prog" "$stage/opt/mxa/bin/$name" ;;
	*.ko) cp "$prog" "$stage/opt/mxa/"; continue ;;
	*) add_elf "$prog" "$stage/opt/mxa/bin/" ;;
	esac
	case $name in
	test_*) echo "$name" >>"$stage/opt/mxa/tests" ;;
	esac
done
drmdevice=${DRMDEVICE:-/usr/bin/drmdevice}
if [ -x "$drmdevice" ]; then
	mkdir -p "$stage/usr/bin"
	add_elf "$drmdevice" "$stage/usr/bin/drmdevice"
fi

"$(dirname "$0")/stage-python.sh" "$stage" \
	"$(cd "$(dirname "$0")/../.." && pwd)" "$MXA_BUILD"

(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$stage"
