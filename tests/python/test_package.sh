#!/bin/sh
# test_package.sh - the tests of the Python package mxa (tests/python/package)
# with Debian's python3 and pytest, against the libmxa of $MXA_BUILD.
# Exit 77 (skip) with the reason when a package they need is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
MXA_BUILD=${MXA_BUILD:-$repo/build}
export MXA_BUILD

if [ ! -x "$PYTHON" ]; then
	echo "test_package: $PYTHON not found (Debian package python3)"
	exit 77
fi
for mod in numpy:python3-numpy pytest:python3-pytest; do
	if ! "$PYTHON" -c "import ${mod%%:*}" 2>/dev/null; then
		echo "test_package: $PYTHON cannot import ${mod%%:*} (Debian package ${mod#*:})"
		exit 77
	fi
done
lib=$MXA_BUILD/lib/libmxa.so
if [ ! -e "$lib" ]; then
	echo "test_package: $lib is missing (make lib)"
	exit 1
fi
# A sanitizer build cannot be loaded into an uninstrumented interpreter.
if ldd "$lib" 2>/dev/null | grep -q 'libasan'; then
	echo "test_package: $lib is built with sanitizers (SANITIZE=1), which python3 cannot load"
	exit 77
fi

cd "$repo" || exit 1
PYTHONPATH=$repo/python${PYTHONPATH:+:$PYTHONPATH} \
	exec "$PYTHON" -m pytest -q -p no:cacheprovider tests/python/package "$@"
