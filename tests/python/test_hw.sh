#!/bin/sh
# test_hw.sh - the tests of mxa.hw (tests/python/hw): configurations and
# their keys, models built into the cache, Yosys area, the cycle model
# against the RTL. Exit 77 (skip) with the reason when something they need
# is missing. Models and synthesis results go to the cache of
# ${XDG_CACHE_HOME:-~/.cache}/mxa/sim, so a second run reuses them (the
# first builds one model, ~40 s, and synthesizes the minimal
# configuration, ~2 minutes of CPU).
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
MXA_BUILD=${MXA_BUILD:-$repo/build}
export MXA_BUILD

skip() {
	echo "test_hw: $*"
	exit 77
}
[ -x "$PYTHON" ] || skip "$PYTHON not found (Debian package python3)"
for mod in numpy:python3-numpy pytest:python3-pytest; do
	"$PYTHON" -c "import ${mod%%:*}" 2>/dev/null ||
		skip "$PYTHON cannot import ${mod%%:*} (Debian package ${mod#*:})"
done
command -v "${VERILATOR:-verilator}" >/dev/null || skip "verilator not found (Debian package verilator)"
command -v "${YOSYS:-yosys}" >/dev/null || skip "yosys not found (Debian package yosys)"
lib=$MXA_BUILD/lib/libmxa.so
[ -e "$lib" ] || { echo "test_hw: $lib is missing (make lib)"; exit 1; }
if ldd "$lib" 2>/dev/null | grep -q 'libasan'; then
	skip "$lib is built with sanitizers (SANITIZE=1), which python3 cannot load"
fi
for c in default min; do
	so=$repo/build/sim/top-$c/libmxa_sim.so
	[ -e "$so" ] || { echo "test_hw: $so is missing (make sim-top)"; exit 1; }
done

cd "$repo" || exit 1
PYTHONPATH=$repo/python${PYTHONPATH:+:$PYTHONPATH} \
	exec "$PYTHON" -m pytest -q -p no:cacheprovider tests/python/hw "$@"
