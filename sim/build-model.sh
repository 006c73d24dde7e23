#!/bin/sh
# build-model.sh DIR VERILATOR-ARG... - one Verilated model in DIR:
# `verilator VERILATOR-ARG... -Mdir DIR`, then libmxa_sim.a and
# libmxa_sim.so built there by sim/model.mk; or the whole directory as an
# earlier build left it, from the cache.
#
# A model takes minutes of C++ (the default configuration about four, its
# waveform build eight), and every fresh clone would build each
# configuration again, so each built directory is kept in
# ${XDG_CACHE_HOME:-~/.cache}/mxa/model/<config>-<key>, keyed by a hash of what
# decides it: the Verilator arguments and the content of every file among
# them (the RTL, the waivers), sim/model.mk, the C ABI around the model
# (sim/mxa_sim.*), this script, and the versions of Verilator and of the
# C++ compiler ($CXX). A directory taken from the cache has every file's
# time set to now, so that make sees it newer than its sources. Entries
# unused for a week are removed. MXA_MODEL_CACHE=0 builds anyway.
#
# Environment: VERILATOR, CXX, MAKE (make's own, so that the compilation
# joins its job server).
set -eu
dir=${1:?usage: build-model.sh DIR VERILATOR-ARG...}
shift
sim=$(cd "$(dirname "$0")" && pwd)
verilator=${VERILATOR:-verilator}
cxx=${CXX:-g++}

key=$( {
	for a in "$@"; do
		printf '%s\n' "$a"
		[ -f "$a" ] && cat "$a"
	done
	cat "$sim/model.mk" "$sim/mxa_sim.cpp" "$sim/mxa_sim.h" \
		"$sim/mxa_sim.map" "$0"
	"$verilator" --version
	"$cxx" --version
} | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mxa/model
entry=$cache/$(basename "$dir")-$key

if [ "${MXA_MODEL_CACHE:-1}" != 0 ] && [ -f "$entry/libmxa_sim.so" ]; then
	echo "model $dir from the cache ($entry)"
	mkdir -p "$dir"
	cp -a "$entry/." "$dir/"
	find "$dir" -type f -exec touch {} +
	touch "$entry"
	exit 0
fi

mkdir -p "$dir"
"$verilator" "$@" -Mdir "$dir"
# Verilator leaves unchanged files alone: mark this one done.
touch "$dir/Vmxa_model.mk"
${MAKE:-make} -s -C "$dir" -f "$sim/model.mk" MXA_SIM_DIR="$sim" \
	libmxa_sim.a libmxa_sim.so

# Copied aside and renamed into place: a build beside this one, or one cut
# short, never leaves half a model in the cache.
mkdir -p "$cache"
find "$cache" -mindepth 1 -maxdepth 1 -type d -mtime +7 \
	-exec rm -rf {} + 2>/dev/null || true
tmp=$entry.tmp.$$
rm -rf "$tmp"
if mkdir -p "$tmp" && cp -a "$dir/." "$tmp/"; then
	mv -T "$tmp" "$entry" 2>/dev/null || rm -rf "$tmp"
else
	echo "build-model.sh: $dir not kept in $cache" >&2
	rm -rf "$tmp"
fi
