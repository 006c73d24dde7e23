#!/bin/sh
# The experiment report in headless Chromium: it loads without errors and
# every figure renders. Installs Debian's chromium when missing (as root).
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
		echo "note: apt-get install chromium failed"
fi
exec "$here/pytest_files.sh" "$here/experiment/test_browser.py"
