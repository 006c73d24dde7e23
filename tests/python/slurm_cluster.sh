#!/bin/sh
# slurm_cluster.sh start DIR | stop DIR - a private one-node Slurm cluster
# for the tests: munged, slurmctld and slurmd of this machine with every
# file (key, sockets, state, logs, slurm.conf) under DIR and free ports.
#
# start prints the line to eval in the caller (export SLURM_CONF=...) once
# the node accepts jobs; stop ends the daemons it started, by their pids.
# Needs Debian's slurm-wlm and munge, and root (slurmd runs jobs as their
# user).
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

stop() {
	for name in slurmd slurmctld munged; do
		f="$dir/$name.pid"
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		if kill "$pid" 2>/dev/null; then
			# wait for the daemon to go (its state dir is removed next)
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
				sleep 0.1; i=$((i + 1))
			done
			kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$f"
	done
}

# Waits until a command succeeds, up to about 30 s.
until_ok() {
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -ge 300 ]; then return 1; fi
		sleep 0.1
	done
}

case "$cmd" in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

for p in munged slurmctld slurmd sbatch squeue; do
	command -v $p >/dev/null 2>&1 || [ -x /usr/sbin/$p ] || {
		echo "slurm_cluster.sh: $p not found (Debian packages slurm-wlm and munge)" >&2
		exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm_cluster.sh: slurmd must run as root" >&2; exit 77; }
PATH=$PATH:/usr/sbin

mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
dir=$(cd "$dir" && pwd)
chmod 700 "$dir/munge"
# Fail: stop what was started and show the logs.
trap 'status=$?; if [ $status -ne 0 ]; then stop; tail -n 20 "$dir"/*.log >&2 2>/dev/null || true; fi' EXIT

head -c 1024 /dev/urandom >"$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" \
	--socket="$dir/munge/munge.socket" --pid-file="$dir/munged.pid" \
	--log-file="$dir/munged.log" --seed-file="$dir/munge/munge.seed"
until_ok munge -n -S "$dir/munge/munge.socket"

# Two free TCP ports for slurmctld and slurmd.
ports=$(/usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
host=$(hostname -s)
node=$(slurmd -C | head -n 1)   # NodeName=HOST CPUs=... RealMemory=...
cat >"$dir/slurm.conf" <<CONF
ClusterName=mxatest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
ReturnToService=2
MinJobAge=300
MaxArraySize=1001
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$dir/slurm.conf"
# -i: a fresh state; daemons write their pid files themselves.
slurmctld -i -f "$SLURM_CONF"
until_ok scontrol ping
slurmd -f "$SLURM_CONF"
# The node is up when sinfo reports it idle.
ready() { [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; }
until_ok ready
trap - EXIT
echo "export SLURM_CONF=$dir/slurm.conf"
