#!/bin/sh
# The experiment runner (python/mxa/experiment): experiment files and their
# errors, a sweep with -j 2 on the emulator, the RTL and the cycle model,
# resume, interruption, the report's figures. About 30 s.
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/pytest_files.sh" "$here/experiment/test_spec.py" \
	"$here/experiment/test_report.py" "$here/experiment/test_progress.py" \
	"$here/experiment/test_publish.py" \
	"$here/experiment/test_run.py"
