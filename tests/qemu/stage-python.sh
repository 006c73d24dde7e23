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
# brings the shared libraries ldd finds for it. Without python3, NumPy or
# pytest on the host nothing is staged, and the guest's test_python says
# so and skips.
set -eu

stage=$(cd "$1" && pwd) repo=$2 build=$3
PYTHON=${PYTHON:-/usr/bin/python3}

if ! "$PYTHON" -c 'import numpy, pytest' 2>/dev/null; then
	echo "stage-python.sh: $PYTHON with numpy and pytest not found;" \
		"the guests' test_python will skip" >&2
	exit 0
fi

py=$(readlink -f "$PYTHON")
stdlib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
site=$("$PYTHON" -c 'import numpy, os; print(os.path.dirname(os.path.dirname(numpy.__file__)))')

# Copies the shared libraries that the ELF file $1 needs.
add_libs() {
	ldd "$1" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' |
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

(cd "$stdlib" && find . \( -path ./test -o -path ./tkinter -o \
	-path ./lib2to3 -o -path ./idlelib -o -path ./turtledemo -o \
	-path ./ensurepip -o -path './config-*' -o -path ./pydoc_data -o \
	-name '_tkinter.*' \) -prune \
	-o -print | cpio -pdm --quiet "$stage$stdlib")

# NumPy, pytest and what pytest imports (Debian's python3-pytest depends).
for pkg in numpy _pytest pytest pluggy iniconfig packaging py attr; do
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
