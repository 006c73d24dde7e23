#!/bin/sh
# SPDX-License-Identifier: MIT
# test_guards - each checker of the debug kernel reports a deliberate bug
# of its class (mxa_guards.ko, tests/qemu/guards), and its report is one
# the guest runner fails a run on. Run only when named (init.sh), in a
# boot of its own, since the reports taint the kernel and the first one
# turns lockdep off: tests/qemu/test_qemu_arm64_platform_debug_guards.sh
# expects this test to be failed for the kernel log it leaves, and checks
# that the runner saw each report (it reads the list of classes below).
# Prints "guards: N of N checkers reported".
ko=/opt/mxa/mxa_guards.ko
if [ ! -f $ko ]; then
	echo "test_guards: no mxa_guards.ko in the initramfs: it is built for the debug kernel only (tests/qemu/qemu-debug.mk)"
	exit 77
fi
insmod $ko || exit 1
trigger=/sys/kernel/debug/mxa_guards/trigger
kmemleak=/sys/kernel/debug/kmemleak

# kmemleak reports an object only once it is five seconds old and two
# scans in a row found no pointer to it: scans until it does, for at most
# five minutes (a scan of the debug kernel takes tens of seconds on a busy
# machine).
leak_found() {
	local end=$(($(cut -d . -f 1 /proc/uptime) + 300))

	[ -w $kmemleak ] || return 1
	while [ "$(cut -d . -f 1 /proc/uptime)" -lt $end ]; do
		echo scan >$kmemleak
		grep -q "\[mxa_guards\]" $kmemleak && return 0
	done
	return 1
}

n=0 reported=0
# Each class, and the start of its report. Lockdep first: the first report
# of any checker turns it off. The hung-task detector's limit goes from
# minutes to a second for its class, the soft-lockup detector's from the
# guest's (run-guest.sh) to two seconds (twice watchdog_thresh).
thresh=$(cat /proc/sys/kernel/watchdog_thresh)
while read -r class report; do
	n=$((n + 1))
	[ "$class" = hung-task ] && echo 1 >/proc/sys/kernel/hung_task_timeout_secs
	[ "$class" = soft-lockup ] && echo 1 >/proc/sys/kernel/watchdog_thresh
	before=$(dmesg | grep -c -E "$report")
	# A subshell that exits: no stale pointer on a live task's stack.
	if ! (echo "$class" >$trigger); then
		echo "guards: $class: the trigger failed"
		continue
	fi
	[ "$class" = hung-task ] && echo 120 >/proc/sys/kernel/hung_task_timeout_secs
	[ "$class" = soft-lockup ] && echo "$thresh" >/proc/sys/kernel/watchdog_thresh
	if [ "$class" = kmemleak ] && ! leak_found; then
		echo "guards: kmemleak: the leaks were not found in five minutes"
		continue
	fi
	line=$(dmesg | grep -E "$report" | tail -n 1)
	if [ "$(dmesg | grep -c -E "$report")" -le "$before" ]; then
		echo "guards: $class: no report (\"$report\") in the kernel log"
	elif ! echo "$line" | grep -q -E "$MXA_KLOG_BAD"; then
		echo "guards: $class: its report is not a forbidden line: $line"
	else
		echo "guards: $class: $line"
		reported=$((reported + 1))
	fi
done <<'CLASSES'
lockdep WARNING: possible circular locking dependency detected
atomic-sleep BUG: sleeping function called from invalid context
ubsan UBSAN: shift-out-of-bounds
debugobjects WARNING: .* at lib/debugobjects.c
dma-api WARNING: .* at kernel/dma/debug.c
hung-task blocked for more than 1 seconds
soft-lockup BUG: soft lockup
kasan BUG: K(ASAN|FENCE): .*use-after-free
kmemleak suspected memory leak
CLASSES
echo "guards: $reported of $n checkers reported"
[ $reported -eq $n ]
