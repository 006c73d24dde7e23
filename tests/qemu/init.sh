#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# shellcheck shell=dash
# /init of a QEMU test guest (mkinitramfs.sh). Loads the DRM modules mxa.ko
# needs, then runs each test program of /opt/mxa/tests after making sure
# mxa.ko is loaded and mxa-simd serves a device (mxa-guest ensure), each
# under a time limit. Prints one line per test,
#   mxa-qemu: result NAME PASS|FAIL|SKIP SECONDS [reason]
# then the kernel log between "mxa-qemu: kernel log begin/end", a summary,
# and powers off. The kernel command line may hold mxa_tests=a,b to run only
# those tests; mxa_transport=platform makes it the board-like guest (the
# device is QEMU's model behind a device-tree node, bound by mxa.ko's
# platform driver). The tests of the bridge and its daemon ($bridge_only)
# are left out there, those of a register window ($platform_only) in the
# other guests. mxa_skip=a,b leaves those out too, unless mxa_tests= names
# them; test_guards runs only when named.
#
# A test fails as well when the kernel logs one of the strings in $bad while
# it runs: the log is read and cleared after every test. $bad is the one
# list of them: run-guest.sh reads it from this file, and the test programs
# from MXA_KLOG_BAD. A kernel with kmemleak (the debug kernel) is scanned for
# leaks at the end; what it finds fails the run.
/bin/busybox --install -s /bin
export PATH=/opt/mxa/bin:/bin LD_LIBRARY_PATH=/usr/local/lib
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run

say() { echo "mxa-qemu: $*"; }
# Reports of the kernel's checkers: WARN() (lockdep, DMA-API debugging,
# debug objects and the rest print "WARNING:"), BUG: (KASAN, KFENCE,
# sleeping in atomic context, soft lockups), UBSAN, a stack dump without
# either (x86 prints "Call Trace:", arm64 "Call trace:"), hung tasks,
# kmemleak's finds.
bad='WARNING:|BUG:|Oops|general protection|refcount_t:|UBSAN:|Kernel panic|Call Trace:|Call trace:|blocked for more than|suspected memory leak'
export MXA_KLOG_BAD="$bad"
kmemleak=/sys/kernel/debug/kmemleak

# Appends what the kernel logged since the last call to /tmp/kernel.log;
# prints its first forbidden line, if any.
klog_take() {
	dmesg -c >/tmp/klog.new
	cat /tmp/klog.new >>/tmp/kernel.log
	grep -E -m 1 "$bad" /tmp/klog.new
}

finish() {
	if [ -w $kmemleak ]; then
		# Twice, as the kernel's documentation advises: an object must
		# look unreferenced in two scans in a row to be reported.
		if echo scan >$kmemleak && echo scan >$kmemleak; then
			say "kmemleak: scanned"
		else
			say "kmemleak: the scan failed"
		fi
		cat $kmemleak
	fi
	klog_take >/dev/null
	say "kernel log begin"
	cat /tmp/kernel.log
	say "kernel log end"
	say "summary $passed passed, $failed failed, $skipped skipped"
	say "done"
	sync
	poweroff -f
}

passed=0 failed=0 skipped=0
tests=$(cat /opt/mxa/tests)
want=$(sed -n 's/.*mxa_tests=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' ')
[ -n "$want" ] && tests=$want
bridge_only="test_simd_kill test_load"
platform_only="test_mmio_abuse test_fault_inject"
if grep -q mxa_transport=platform /proc/cmdline; then
	say "transport platform: not run here (they need mxa-simd): $bridge_only"
	leave_out=$bridge_only
else
	say "transport bridge: not run here (they need a register window): $platform_only"
	leave_out=$platform_only
fi
# mxa_skip=a,b: tests other guests run, left out of this one for time;
# tests named with mxa_tests= run all the same.
skip=
[ -z "$want" ] &&
	skip=$(sed -n 's/.*mxa_skip=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' ')
[ -n "$skip" ] && say "left out here (run by other guests): $skip"
# Run only when mxa_tests= names them: test_guards leaves checkers'
# reports in the kernel log on purpose.
[ -z "$want" ] && skip="$skip test_guards"
for t in $leave_out $skip; do
	tests=$(echo "$tests" | tr ' ' '\n' | grep -v -x "$t")
done
say "kernel $(uname -r)"
say "plan $(echo "$tests" | wc -w)"

# Leaks found from here on are the run's: what the kernel's boot left
# unreferenced is scanned for and set aside first.
if [ -w $kmemleak ]; then
	echo scan >$kmemleak
	echo clear >$kmemleak
	say "kmemleak: the boot's objects set aside"
fi
while read -r m; do
	if ! out=$(insmod "$m" 2>&1); then
		say "setup failed: insmod $m: $out"
		finish
	fi
done </opt/mxa/modules
setup_bad=$(klog_take)
[ -n "$setup_bad" ] && say "setup: kernel log: $setup_bad"

# mxa_fuzz_calls=N: test_fuzz makes N refused calls (make fuzz-guest), with
# a limit of 600 s and 10 s for each 1,000 calls. mxa_stress=P,J: test_stress
# runs P clients of J jobs each (make stress-guest), with a limit of 600 s
# and half a second for each job (a bridge guest's pace).
fuzz_calls=$(sed -n 's/.*mxa_fuzz_calls=\([0-9]*\).*/\1/p' /proc/cmdline)
stress=$(sed -n 's/.*mxa_stress=\([0-9]*,[0-9]*\).*/\1/p' /proc/cmdline)
for t in $tests; do
	args=
	case $t in
	test_fuzz | test_unload | test_stress) limit=600 ;;
	*) limit=300 ;;
	esac
	if [ "$t" = test_fuzz ] && [ -n "$fuzz_calls" ]; then
		args="0x6d7861 $fuzz_calls"
		limit=$((600 + fuzz_calls * 10 / 1000))
	fi
	if [ "$t" = test_stress ] && [ -n "$stress" ]; then
		args=$(echo "$stress" | tr , ' ')
		limit=$((600 + ${stress%,*} * ${stress#*,} / 2))
	fi
	say "run $t"
	start=$(cut -d ' ' -f 1 /proc/uptime)
	if ! why=$(mxa-guest ensure 2>&1); then
		rc=1
		echo "$why" >/tmp/out
	else
		# shellcheck disable=SC2086 # $args: words
		mxa-guest run "$limit" "/opt/mxa/bin/$t" $args >/tmp/out 2>&1
		rc=$?
	fi
	cat /tmp/out
	secs=$(awk -v a="$start" -v b="$(cut -d ' ' -f 1 /proc/uptime)" \
		'BEGIN { printf "%.1f", b - a }')
	kbad=$(klog_take)
	if [ -n "$kbad" ]; then
		rc=1
		echo "kernel log: $kbad" >>/tmp/out
	fi
	case $rc in
	0) passed=$((passed + 1)); say "result $t PASS $secs" ;;
	77) skipped=$((skipped + 1)); say "result $t SKIP $secs $(tail -n 1 /tmp/out)" ;;
	*) failed=$((failed + 1)); say "result $t FAIL $secs $(tail -n 1 /tmp/out)" ;;
	esac
done
finish
