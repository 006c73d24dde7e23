#!/bin/sh
# The shared library exports the public API and nothing else: every dynamic
# symbol it defines starts with mxa_ and sits in a version node of
# lib/libmxa.map; internal mxa__ helpers stay hidden.
set -u
lib="${MXA_BUILD:-build}/lib/libmxa.so"
command -v nm >/dev/null || { echo "skipped: nm (binutils) not installed"; exit 77; }
[ -f "$lib" ] || { echo "no $lib"; exit 1; }

syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }')
[ -n "$syms" ] || { echo "no exported symbols"; exit 1; }
bad=0
for s in $syms; do
	case "$s" in
	mxa__*) echo "internal symbol exported: $s"; bad=1 ;;
	mxa_*@@MXA_*) ;;
	MXA_*) ;;
	*) echo "symbol outside the API or without a version: $s"; bad=1 ;;
	esac
done
# Every function the header declares is exported.
for f in $(sed -n 's/^[a-z].*[ *]\(mxa_[a-z0-9_]*\)(.*/\1/p' lib/mxa.h | sort -u); do
	echo "$syms" | grep -q "^$f@@" || { echo "declared but not exported: $f"; bad=1; }
done
exit $bad
