#!/bin/sh
# SPDX-License-Identifier: MIT
# stage-python.sh STAGE REPO BUILD - puts Debian's python3 with NumPy and
# pytest, the mxa package, its tests and the trained digits model into the
# initramfs tree STAGE (mkinitramfs.sh), so that the guests' test_python
# runs the package's tests on the DRM device.
#
# The interpreter and its libraries keep their host paths (/usr/bin,
# /usr/lib/python3.11, /usr/lib/python3/dist-packages), where Debian's
# python3 looks for them; the standard library comes without what no test
# imports (its own tests, Tk, the static library). Every extension module
# brings the shared libraries it needs (elf-libs.sh). Without python3, NumPy
# or pytest on the host nothing is staged, and the guest's test_python says
# so and skips.
#
# For an arm64 guest (MXA_GUEST_ARCH=arm64) the pure-Python parts are the
# host's too, the interpreter and NumPy are the arm64 builds of the same
# versions, fetched from the archive into BUILD/qemu/arm64-python
# (scripts/fetch-deb.sh), and the standard library's extension modules
# are those of libpython3.x-stdlib:arm64, installed beside the native ones
# through multiarch (scripts/deps.sh arm64).
set -eu

stage=$(cd "$1" && pwd) repo=$2 build=$3
PYTHON=${PYTHON:-/usr/bin/python3}
here=$(cd "$(dirname "$0")" && pwd)

if ! "$PYTHON" -c 'import numpy, pytest' 2>/dev/null; then
	echo "stage-python.sh: $PYTHON with numpy and pytest not found;" \
		"the guests' test_python will skip" >&2
	exit 0
fi

py=$(readlink -f "$PYTHON")
stdlib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
site=$("$PYTHON" -c 'import numpy, os; print(os.path.dirname(os.path.dirname(numpy.__file__)))')
numpy=$site/numpy
multiarch=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH"))')

if [ "${MXA_GUEST_ARCH:-native}" = arm64 ]; then
	multiarch=aarch64-linux-gnu
	pyver=$(basename "$py")
	libpy=lib${pyver}-minimal:arm64
	if ! ver=$(dpkg-query -W -f '${Version}' "$libpy" 2>/dev/null) ||
		[ -z "$ver" ]; then
		echo "stage-python.sh: $libpy is not installed (scripts/deps.sh arm64);" \
			"the arm64 guests' test_python will skip" >&2
		exit 0
	fi
	numpy_ver=$(dpkg-query -W -f '${Version}' python3-numpy)
	cache=$build/qemu/arm64-python
	# Both arm64 guests' initramfs may be made at once (make -j): one
	# fetches, the other waits for it and finds the cache filled.
	mkdir -p "$build/qemu"
	exec 9>"$cache.lock"
	flock 9
	if [ "$(cat "$cache/versions" 2>/dev/null || true)" != "$ver $numpy_ver" ]; then
		rm -rf "$cache"
		mkdir -p "$cache"
		"$here/../../scripts/fetch-deb.sh" "$pyver-minimal:arm64=$ver" "usr/bin/$pyver" \
			"$cache/$pyver" &&
			"$here/../../scripts/fetch-deb.sh" "python3-numpy:arm64=$numpy_ver" \
				"${site#/}/numpy" "$cache/numpy" || {
			echo "stage-python.sh: no arm64 $pyver or NumPy;" \
				"the arm64 guests' test_python will skip" >&2
			exit 0
		}
		echo "$ver $numpy_ver" >"$cache/versions"
	fi
	exec 9>&-
	py=$cache/$pyver
	numpy=$cache/numpy
fi

# Copies the shared libraries that the ELF file $1 needs.
add_libs() {
	local libs
	libs=$("$here/elf-libs.sh" "$1") || exit 1
	echo "$libs" |
		while read -r lib; do
			[ -e "$stage$lib" ] && continue
			mkdir -p "$stage$(dirname "$lib")"
			cp -L "$lib" "$stage$lib"
		done
}

mkdir -p "$stage/usr/bin" "$stage$stdlib" "$stage$site"
cp "$py" "$stage/usr/bin/"
ln -sf "$(basename "$py")" "$stage/usr/bin/python3"
add_libs "$py"

# Extension modules of the guest's architecture only (multiarch installs
# those of others beside them).
(cd "$stdlib" && find . \( -path ./test -o -path ./tkinter -o \
	-path ./lib2to3 -o -path ./idlelib -o -path ./turtledemo -o \
	-path ./ensurepip -o -path './config-*' -o -path ./pydoc_data -o \
	-name '_tkinter.*' -o \( -name '*-linux-gnu.so' ! \
	-name "*-$multiarch.so" \) \) -prune \
	-o -print | cpio -pdm --quiet "$stage$stdlib")

# NumPy, then pytest and what pytest imports (Debian's python3-pytest
# depends).
(cd "$(dirname "$numpy")" && find numpy -path '*/tests' -prune -o -print |
	cpio -pdm --quiet "$stage$site")
for pkg in _pytest pytest pluggy iniconfig packaging py attr; do
	[ -e "$site/$pkg" ] || continue
	(cd "$site" && find "$pkg" -path '*/tests' -prune -o -print |
		cpio -pdm --quiet "$stage$site")
done

for f in "$stdlib/os.py" "$stdlib/lib-dynload" "$site/numpy/__init__.py" \
	"$site/pytest/__init__.py"; do
	if [ ! -e "$stage$f" ]; then
		echo "stage-python.sh: $f was not staged" >&2
		exit 1
	fi
done
find "$stage$stdlib/lib-dynload" "$stage$site/numpy" -name '*.so' |
	while read -r so; do add_libs "$so"; done

# The package, its tests and the model make trained, in the layout the
# tests expect (REPO/python, REPO/tests/python/package, BUILD/python).
mkdir -p "$stage/opt/mxa/repo/python" "$stage/opt/mxa/repo/tests/python" \
	"$stage/opt/mxa/build/python"
cp -r "$repo/python/mxa" "$stage/opt/mxa/repo/python/"
cp -r "$repo/tests/python/package" "$stage/opt/mxa/repo/tests/python/"
find "$stage/opt/mxa/repo" -name __pycache__ -prune -exec rm -rf {} +
# Without scikit-learn on the host there is no model, and the guest's
# digits test skips, saying so.
model=$build/python/digits_mlp.npz
[ -f "$model" ] && cp "$model" "$stage/opt/mxa/build/python/"
exit 0
