#!/bin/sh
# The experiment runner's --slurm on a private one-node Slurm cluster
# (slurm_cluster.sh). Installs Debian's slurm-wlm and munge when missing
# (as root); the test is skipped, saying so, only when they cannot be.
here=$(cd "$(dirname "$0")" && pwd)
if ! { command -v sbatch && command -v munged || [ -x /usr/sbin/munged ]; } >/dev/null 2>&1 &&
	[ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 ||
		echo "note: apt-get install slurm-wlm munge failed"
fi
exec "$here/pytest_files.sh" "$here/experiment/test_slurm.py"
