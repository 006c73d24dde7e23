#!/bin/bash
# test_fuzz_short.sh - a short run of every libFuzzer target (tests/fuzz,
# docs/fuzzing.md): FUZZ_SHORT_RUNS executions each (default 20000), seed 1,
# from the seed corpus; any crash, leak, sanitizer report or broken
# invariant fails. `make fuzz` does the long runs.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${MXA_FUZZ_BUILD:-$root/build/fuzz}

if ! command -v clang >/dev/null; then
	echo "SKIP: clang is not installed (Debian package clang)"
	exit 77
fi
rt=$(clang -print-runtime-dir)/libclang_rt.fuzzer-$(uname -m).a
if [ ! -f "$rt" ]; then
	echo "SKIP: libFuzzer ($rt) is not installed (Debian package libclang-rt-14-dev)"
	exit 77
fi

targets=()
for src in "$root"/tests/fuzz/fuzz_*.c; do
	t=${src##*/fuzz_}
	t=${t%.c}
	if [ ! -x "$build/fuzz_$t" ]; then
		echo "$build/fuzz_$t is not built (make fuzz-build)"
		exit 1
	fi
	targets+=("$t")
done

# New inputs go to a scratch corpus: the seed corpus stays as committed.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$root/tests/fuzz/fuzz_run.sh" "$build" "${FUZZ_SHORT_RUNS:-20000}" \
	"$scratch" "${targets[@]}"
