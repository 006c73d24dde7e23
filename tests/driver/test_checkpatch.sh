#!/bin/sh
# SPDX-License-Identifier: MIT
# The kernel driver's C sources and headers, the uAPI header and the debug
# guest's test module pass the kernel's checkpatch.pl --strict without an error, a warning or a check.
# checkpatch comes from Debian's linux-source-6.1, extracted once into
# $MXA_BUILD/driver/checkpatch; exit 77 when it is not installed.
set -u

. "$(dirname "$0")/kernels.sh"
top=$(pwd)
dir=$BUILD_ABS/driver/checkpatch
cp=$dir/scripts/checkpatch.pl

command -v perl >/dev/null || { echo "skipped: perl not installed"; exit 77; }
source_extract "$dir" scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch

files=$(ls driver/*.c driver/*.h driver/probes/*.c include/uapi/drm/mxa_accel.h \
	include/mxa_job_rules.h tests/qemu/guards/*.c)
# Run where the project's paths resolve (so that include/uapi is known as
# such) but outside the source tree, where checkpatch writes its CamelCase
# cache; it learns the project's CamelCase names from git.
run=$dir/run
mkdir -p "$run"
ln -sfn "$top/driver" "$run/driver"
ln -sfn "$top/include" "$run/include"
ln -sfn "$top/tests" "$run/tests"
(cd "$run" && GIT_DIR=$top/.git perl "$cp" --no-tree --strict --terse \
	--show-types -f $files) || exit 1
echo "checkpatch --strict: $(echo "$files" | wc -w) files clean"
