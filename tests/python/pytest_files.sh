#!/bin/sh
# pytest_files.sh FILE... - runs pytest on the files as one test of the
# suite: exit 0 when every test passed, 77 with the reason on the last line
# when one was skipped (what is missing), 1 otherwise.
set -u
PYTHON=${PYTHON:-/usr/bin/python3}
if ! $PYTHON -c 'import numpy, pytest, matplotlib' 2>/dev/null; then
	echo "skip: $PYTHON lacks numpy, pytest or matplotlib (python3-numpy python3-pytest python3-matplotlib)"
	exit 77
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
$PYTHON -m pytest -q -rs -p no:cacheprovider "$@" >"$log" 2>&1
rc=$?
cat "$log"
[ $rc -eq 0 ] || exit 1
reason=$(grep '^SKIPPED' "$log" | head -n 1)
if [ -n "$reason" ]; then
	echo "skip: ${reason#SKIPPED }"
	exit 77
fi
exit 0
