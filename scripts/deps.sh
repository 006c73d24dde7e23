#!/bin/sh
# deps.sh GROUP... - make sure the Debian packages a build step needs are
# installed. As root it installs what is missing with apt-get; otherwise it
# prints the exact command to run and fails.
#
# A package that only some tests need (optional_why says which) may be
# missing from the configured apt suites: it is then left out with a note
# saying which suite carries it, and those tests report a skip with the
# reason. Any other package that cannot be installed fails.
set -eu

pkgs_for() {
	case "$1" in
	build) echo "gcc make libc6-dev pkg-config python3 libdrm-dev" ;;
	# The Python package and the experiments (Debian's python3, not another
	# on PATH: the Makefile runs /usr/bin/python3).
	python) echo "python3-numpy python3-pytest python3-matplotlib python3-sklearn" ;;
	rtl) echo "verilator yosys g++ zlib1g-dev" ;;
	test) echo "libmpfr-dev libgmp-dev libopenblas-dev" ;;
	# The libFuzzer targets (tests/fuzz): Debian's clang and its
	# compiler-rt, which holds libFuzzer and the sanitizer runtimes.
	fuzz) echo "clang libclang-rt-14-dev" ;;
	# The QEMU guests: the kernel headers mxa.ko is built against (Debian's
	# 6.1 and the 6.12 of bookworm-security), the tools that make and boot
	# the initramfs, and drmdevice, a DRM client of libdrm's own; the arm64
	# guests' machine (their programs are the arm64 group's cross build).
	qemu) echo "qemu-system-x86 qemu-system-arm busybox-static cpio xz-utils kmod libdrm-tests linux-headers-amd64 linux-headers-6.12-amd64" ;;
	# mxa.ko: the two kernels' headers, the 6.1 source for checkpatch.pl and
	# Coccinelle's semantic patches (with the OCaml compiler that spatch
	# needs for those written with OCaml scripts), sparse, dt-schema and
	# dtc for the device-tree binding.
	kernel) echo "linux-headers-amd64 linux-headers-6.12-amd64 linux-source-6.1 xz-utils sparse coccinelle ocaml-nox dt-schema device-tree-compiler" ;;
	# The arm64 cross build (arm64.mk, make module ARCH=arm64): Debian's
	# cross toolchain and the arm64 libraries it links, through multiarch
	# (the arm64 architecture is added to dpkg first). The arm64 kernel
	# headers are fetched, not installed (driver/cross-headers.sh). The
	# arm64 guests' python3 needs its own library (libexpat1), its standard
	# library's extension modules and NumPy's BLAS and LAPACK
	# (tests/qemu/stage-python.sh).
	arm64) echo "gcc-aarch64-linux-gnu g++-aarch64-linux-gnu file libdrm-dev:arm64 libmpfr-dev:arm64 libgmp-dev:arm64 zlib1g-dev:arm64 libpython3-stdlib:arm64 libexpat1:arm64 libblas3:arm64 liblapack3:arm64" ;;
	# 32-bit ARM boards (the PYNQ-Z2's Zynq-7000): mxa.ko checked against
	# Debian's armhf armmp headers (fetched by driver/cross-headers.sh,
	# which needs the armhf architecture known to dpkg: foreign_arch_for),
	# and libmxa, the tool and the library's tests cross-built (armhf.mk)
	# with the armhf libraries they link, run here by qemu-user.
	arm) echo "gcc-arm-linux-gnueabihf libdrm-dev:armhf libmpfr-dev:armhf libgmp-dev:armhf zlib1g-dev:armhf qemu-user" ;;
	# qemu-system-aarch64 with the mxa device model (sim/qemu/build-qemu.sh):
	# QEMU's build tools and libraries, and its Debian source package, for
	# which the deb-src lines are added (below).
	qemu-src) echo "dpkg-dev patch ninja-build meson pkg-config libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev" ;;
	# The board-like guest's debug kernel (tests/qemu/debug-kernel.sh):
	# Linux's build tools and the arm64 cross compiler; the source package
	# is downloaded, not installed.
	debug-kernel) echo "gcc-aarch64-linux-gnu make flex bison bc xz-utils kmod patch" ;;
	# The board presets' tests (tests/boards): tclsh runs the generated
	# Vivado scripts, dtc and dt-schema compile and validate the overlays.
	boards) echo "tcl device-tree-compiler dt-schema" ;;
	*) echo "deps.sh: unknown group '$1'" >&2; exit 2 ;;
	esac
}

# A foreign architecture a group needs added to dpkg although it installs
# no package of it (apt-get download of its kernel headers).
foreign_arch_for() {
	case "$1" in
	arm) echo armhf ;;
	esac
}

# What is lost without a package some tests can do without; fails for the
# others.
optional_why() {
	case "$1" in
	linux-headers-6.12-amd64)
		echo "Debian 12 ships its 6.12 kernel in the bookworm-security suite" \
			"('deb http://deb.debian.org/debian-security bookworm-security main'" \
			"in the apt sources); without it the 6.12 module build and QEMU guest" \
			"are skipped" ;;
	*) return 1 ;;
	esac
}

# A name without :arch is the build machine's own package (or an
# architecture-independent one): with a foreign architecture added, dpkg
# lists one instance per architecture.
native=$(dpkg --print-architecture)
installed() {
	case $1 in
	*:*) want="installed ${1##*:}" ;;
	*) want="installed $native|installed all" ;;
	esac
	dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$1" 2>/dev/null |
		grep -Eqx "$want"
}

# Whether apt knows a version of the package to install.
installable() {
	apt-cache policy "$1" 2>/dev/null | grep -q '^  Candidate: [^(]'
}

# apt-get source needs deb-src lines: those of the deb lines' mirrors and
# suites, in a file of ours.
deb_src_file=/etc/apt/sources.list.d/mxa-deb-src.sources
need_deb_src=0
case " $* " in
*" qemu-src "*)
	apt-cache showsrc qemu 2>/dev/null | grep -q '^Package: qemu$' ||
		need_deb_src=1 ;;
esac
add_deb_src() {
	echo "deps.sh: adding deb-src lines for the deb ones ($deb_src_file)"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && [ "$f" != "$deb_src_file" ] || continue
		sed 's/^Types: deb$/Types: deb-src/' "$f"
		echo
	done >"$deb_src_file.new"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [opts] URI SUITE COMPONENTS... as a deb822 stanza.
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) \([^ ]*\) \(.*\)$/Types: deb-src\nURIs: \2\nSuites: \3\nComponents: \4\n/p' "$f"
	done >>"$deb_src_file.new"
	mv "$deb_src_file.new" "$deb_src_file"
}

missing=""
for group in "$@"; do
	for p in $(pkgs_for "$group"); do
		installed "$p" || case " $missing " in
			*" $p "*) ;;
			*) missing="$missing $p" ;;
		esac
	done
done
# Foreign architectures: those groups name, and those of packages
# name:arch, unless dpkg knows them already.
foreign=""
add_foreign() {
	dpkg --print-foreign-architectures | grep -qx "$1" ||
		case " $foreign " in
			*" $1 "*) ;;
			*) foreign="$foreign $1" ;;
		esac
}
for group in "$@"; do
	for arch in $(foreign_arch_for "$group"); do
		add_foreign "$arch"
	done
done
[ -z "$missing" ] && [ -z "$foreign" ] && [ $need_deb_src = 0 ] && exit 0

for p in $missing; do
	case $p in
	*:*) add_foreign "${p##*:}" ;;
	esac
done

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages; run as root:" >&2
	for arch in $foreign; do
		echo "  dpkg --add-architecture $arch" >&2
	done
	[ -z "$foreign" ] || echo "  apt-get update" >&2
	[ $need_deb_src = 0 ] ||
		echo "  add deb-src lines for the deb ones of the apt sources (for apt-get source qemu), then apt-get update" >&2
	[ -z "$missing" ] || echo "  apt-get install -y$missing" >&2
	exit 1
fi
[ $need_deb_src = 0 ] || add_deb_src
export DEBIAN_FRONTEND=noninteractive
for arch in $foreign; do
	echo "deps.sh: dpkg --add-architecture $arch"
	dpkg --add-architecture "$arch"
done
apt-get update -qq -o DPkg::Lock::Timeout=600

wanted=""
for p in $missing; do
	if installable "$p"; then
		wanted="$wanted $p"
	elif why=$(optional_why "$p"); then
		echo "deps.sh: $p is in none of the configured apt suites: $why" >&2
	else
		echo "deps.sh: $p is in none of the configured apt suites (see /etc/apt/sources.list)" >&2
		exit 1
	fi
done
[ -z "$wanted" ] && exit 0
echo "deps.sh: installing$wanted"
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends $wanted
