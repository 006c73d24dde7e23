#!/bin/sh
# SPDX-License-Identifier: MIT
# elf-libs.sh ELF - the shared libraries, with the dynamic loader, that the
# program or library ELF needs, one path of this machine per line, for the
# initramfs of a QEMU guest (mkinitramfs.sh, stage-python.sh). Fails, saying
# which, when one cannot be found.
#
# A native ELF file asks ldd. For MXA_GUEST_ARCH=arm64 ldd cannot run the
# loader, so the ELF files' own records are followed: the loader named in
# the program header, then each NEEDED library, and theirs, looked up in
# LD_LIBRARY_PATH and Debian's arm64 multiarch directories (the libraries
# of scripts/deps.sh's arm64 group, installed through multiarch).
set -eu

elf=$1

native_libs() {
	if ldd "$elf" | grep 'not found' >&2; then
		echo "elf-libs.sh: $elf needs libraries ldd cannot find" >&2
		exit 1
	fi
	ldd "$elf" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'
}

arm64_libs() {
	local todo=$elf seen=" " f lib dir found
	readelf -l "$elf" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p'
	while [ -n "$todo" ]; do
		f=${todo%% *}
		todo=${todo#"$f"}
		todo=${todo# }
		for lib in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			found=
			for dir in $(echo "${LD_LIBRARY_PATH:-}" | tr : ' ') \
				/lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu; do
				if [ -e "$dir/$lib" ]; then
					found=$dir/$lib
					break
				fi
			done
			if [ -z "$found" ]; then
				echo "elf-libs.sh: $elf needs $lib, which no arm64 library directory holds" >&2
				exit 1
			fi
			echo "$found"
			todo="$todo $found"
			todo=${todo# }
		done
	done
}

case ${MXA_GUEST_ARCH:-native} in
arm64) arm64_libs ;;
native) native_libs ;;
*) echo "elf-libs.sh: unknown guest architecture ${MXA_GUEST_ARCH}" >&2; exit 2 ;;
esac
