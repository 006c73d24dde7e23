#!/bin/sh
# yosys_cached.sh NAME OUT LOG SCRIPT - runs the Yosys SCRIPT, whose report
# file is written where SCRIPT says @OUT@, and copies that report to OUT
# (the log to LOG); or copies a report of the same inputs from the cache.
#
# A synthesis of the whole accelerator takes minutes, and every fresh clone
# would run it again, so reports are kept in
# ${XDG_CACHE_HOME:-~/.cache}/mxa/synth/NAME-<key>, keyed by a hash of what
# decides them: SCRIPT, the content of the RTL (hw/rtl/*.sv) and the Yosys
# version. MXA_SYNTH_CACHE=0 synthesizes again anyway.
set -eu
name=${1:?usage: yosys_cached.sh NAME OUT LOG SCRIPT}
out=${2:?}
log=${3:?}
script=${4:?}
cd "$(dirname "$0")/.."
yosys=${YOSYS:-yosys}
command -v "$yosys" >/dev/null || {
	echo "yosys_cached.sh: $yosys not found (Debian package yosys)" >&2
	exit 2
}

key=$( { echo "$script"; cat hw/rtl/*.sv; "$yosys" -V; } | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mxa/synth
entry=$cache/$name-$key
mkdir -p "$cache" "$(dirname "$out")" "$(dirname "$log")"

if [ "${MXA_SYNTH_CACHE:-1}" = 0 ] || [ ! -s "$entry.out" ]; then
	echo "yosys: $name (log: $log)"
	# Written aside and renamed into place: a run beside this one, or one
	# cut short, never leaves half a report in the cache.
	s=$(printf '%s' "$script" | sed "s|@OUT@|$entry.out.$$|")
	if ! "$yosys" -q -l "$log" -p "$s" >/dev/null; then
		rm -f "$entry.out.$$"
		echo "yosys_cached.sh: Yosys failed on $name (log: $log)" >&2
		exit 2
	fi
	cp "$log" "$entry.log.$$" && mv "$entry.log.$$" "$entry.log"
	mv "$entry.out.$$" "$entry.out"
else
	echo "yosys: $name from the cache ($entry.out)"
	cp "$entry.log" "$log"
	touch "$entry.out"
fi
cp "$entry.out" "$out"
