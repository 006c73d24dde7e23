#!/bin/bash
# SPDX-License-Identifier: MIT
# run-guest.sh SERIES [arm64 [platform]] - boots the QEMU test guest of
# Debian's SERIES kernel (6.1 or 6.12, or debug: the arm64 debug kernel of
# tests/qemu/qemu-debug.mk; what `make qemu` built under
# $MXA_BUILD/qemu/SERIES, or for arm64 under $MXA_BUILD/qemu/arm64-SERIES:
# the arm64 kernel in qemu-system-aarch64's virt machine), runs the guest
# tests in it and reports each, then
#   RELEASE: N passed, N failed, N skipped
# The run fails when a test fails, when the guest does not finish, or when
# the kernel logs a WARNING, BUG, Oops, general protection fault, refcount_t
# or UBSAN report, a panic, a call trace or a hung task. Exit 77 (the reason
# on the last line) when a tool, the kernel's headers or the module is
# missing.
#
# With platform, the guest is board-like: its virt machine is the
# qemu-system-aarch64 built with the mxa device model (sim/qemu,
# $MXA_BUILD/qemu/qemu-system-aarch64-mxa), which runs the default RTL
# configuration's model ($MXA_BUILD/sim/top-default/libmxa_sim.so) behind a
# device-tree node; mxa.ko binds it through its platform driver, and there
# is no bridge and no mxa-simd. The same initramfs; the console goes to
# serial-platform.log.
#
# Environment: MXA_QEMU_TESTS=test_a,test_b runs only those tests;
# MXA_QEMU_APPEND adds to the kernel command line; MXA_QEMU_LOG names the
# serial log in the guest's directory (for a second run of the same guest);
# MXA_QEMU_TIMEOUT (seconds, default 1500) bounds the whole guest: a hang
# detector, far above the 4 to 8 minutes a guest takes on a quiet or a
# loaded 2-core machine.
set -u

series=$1
arch=${2:-amd64}
transport=${3:-bridge}
build=${MXA_BUILD:-build}
case $arch in
amd64) dir=$build/qemu/$series ;;
arm64) dir=$build/qemu/arm64-$series ;;
*) echo "run-guest.sh: unknown architecture $arch" >&2; exit 2 ;;
esac
case $arch-$transport in
*-bridge | arm64-platform) ;;
*) echo "run-guest.sh: no transport $transport on $arch" >&2; exit 2 ;;
esac
timeout_s=${MXA_QEMU_TIMEOUT:-1500}

skip() {
	echo "skipped: $*"
	exit 77
}

# The machine: a PC for amd64; for arm64 the virt board with a Cortex-A72
# (an Armv8.0 core: -cpu max would add pointer authentication, whose
# emulated QARMA cipher makes every call and return slow under TCG).
case $arch in
amd64)
	qemu=qemu-system-x86_64 qemu_pkg=qemu-system-x86 console=ttyS0
	machine="-cpu max -vga none"
	;;
arm64)
	qemu=qemu-system-aarch64 qemu_pkg=qemu-system-arm console=ttyAMA0
	machine="-M virt -cpu cortex-a72"
	;;
esac
if [ "$transport" = platform ]; then
	model=$build/sim/top-default/libmxa_sim.so
	qemu=$build/qemu/qemu-system-aarch64-mxa
	[ -x "$qemu" ] ||
		skip "$qemu missing: sim/qemu/build-qemu.sh could not build QEMU with the mxa device (see make qemu)"
	[ -f "$model" ] || skip "$model missing: no Verilator (make sim-top)"
	machine="-M virt,mxa-model=$model -cpu cortex-a72"
fi
command -v $qemu >/dev/null ||
	skip "$qemu not found (Debian package $qemu_pkg)"
if [ "$series" = debug ]; then
	[ -f "$dir/krel" ] ||
		skip "no debug kernel: tests/qemu/debug-kernel.sh could not build it (see make qemu-arm64-debug)"
else
	ls -d /usr/src/linux-headers-"$series".*-amd64 >/dev/null 2>&1 ||
		skip "no linux-headers-$series.*-amd64 installed (scripts/deps.sh says which apt suite has it): mxa.ko cannot be built for the $series guest"
	[ -f "$dir/krel" ] || skip "$dir/krel missing: run make qemu"
fi
rel=$(cat "$dir/krel")
[ -f "$dir/vmlinuz" ] ||
	skip "no kernel image for $rel: apt-get download linux-image-$rel failed (see make qemu)"
[ -f "$dir/mxa.ko" ] || skip "mxa.ko not built for $rel (for arm64: no arm64 headers, see make qemu)"
[ -f "$dir/initramfs.cpio" ] || skip "$dir/initramfs.cpio missing: run make qemu (for arm64: needs the arm64 busybox-static)"

log=$dir/serial.log
[ "$transport" = platform ] && log=$dir/serial-platform.log
[ -n "${MXA_QEMU_LOG:-}" ] && log=$dir/$MXA_QEMU_LOG
# norandmaps: each program loads at the same addresses every time, so TCG
# reuses the code it translated for the last process of the same program
# (mxa-simd starts in a fifth of the time).
#
# Under TCG the guest's clocks follow the host's, so a guest the busy host
# did not run for a while finds that time gone by on every CPU at once: a
# pause of 23 s has been seen to make the soft-lockup detector (twice
# watchdog_thresh, 20 s by default) report every CPU, and a vCPU of the
# board-like debug guest went 105 s without running its timers while its
# device was held busy (RCU's stall detector waits 21 s by default). The
# guests raise both limits to their largest (120 s and 300 s): a real
# lockup still spins until it is reported; test_guards shows the detector
# firing at a lowered limit.
append="console=$console loglevel=5 panic=-1 oops=panic norandmaps"
append="$append watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300"
[ -n "${MXA_QEMU_TESTS:-}" ] && append="$append mxa_tests=$MXA_QEMU_TESTS"
[ "$transport" = platform ] && append="$append mxa_transport=platform"
[ -n "${MXA_QEMU_APPEND:-}" ] && append="$append $MXA_QEMU_APPEND"

# Boots the guest once; the console goes to $log and, without carriage
# returns, to $log.txt. Sets rc (QEMU's exit status) and secs.
boot() {
	local start=$EPOCHREALTIME

	echo "$rel: booting (serial log in $log)"
	rm -f "$log"
	# shellcheck disable=SC2086 # $machine is a list of options
	timeout --kill-after=5 "$timeout_s" $qemu -accel tcg $machine \
		-m 1G -smp 2 -nodefaults -display none \
		-no-reboot -serial "file:$log" -kernel "$dir/vmlinuz" \
		-initrd "$dir/initramfs.cpio" -append "$append" </dev/null
	rc=$?
	secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
	tr -d '\r' <"$log" >"$log.txt" 2>/dev/null || : >"$log.txt"
}

# The kernel's first oops or panic line when the guest died before its
# first test started (before /init loaded mxa.ko); nothing otherwise.
died_before_tests() {
	grep -q '^mxa-qemu: run ' "$log.txt" && return
	grep -q '^mxa-qemu: done' "$log.txt" && return
	grep -E -m 1 'Oops|Kernel panic|BUG:|general protection' "$log.txt"
}

boot
# A guest whose kernel dies before the first test started (before mxa.ko
# is loaded) is booted once more, and says so: Debian's 6.12 kernel has been
# seen to die so under TCG on a loaded machine (docs/qemu-tests.md, "A guest
# that dies while booting"). A guest that died later is never booted again.
why=$(died_before_tests)
if [ -n "$why" ]; then
	cp "$log.txt" "$log.died.txt"
	echo "$rel: the guest died before its first test started (${why#*] }; console in $log.died.txt): booting it once more"
	boot
fi

# Results, each failed test's output, and the kernel's forbidden lines:
# console lines (with a timestamp) and the kernel log the guest prints last.
# The kernel's forbidden lines: the guest's own list (init.sh's $bad).
bad=$(sed -n "s/^bad='\(.*\)'$/\1/p" "$(dirname "$0")/init.sh")
[ -n "$bad" ] || { echo "run-guest.sh: no bad= line in init.sh"; exit 1; }
awk -v rel="$rel" -v rc="$rc" -v secs="$secs" -v limit="$timeout_s" -v bad="$bad" '
	/^mxa-qemu: run / { name = $3; out = ""; next }
	/^mxa-qemu: plan / { plan = $3; next }
	/^mxa-qemu: setup failed/ { print; next }
	/^mxa-qemu: kernel log begin/ { inklog = 1; next }
	/^mxa-qemu: kernel log end/ { inklog = 0; next }
	/^mxa-qemu: done/ { done = 1; next }
	/^mxa-qemu: result / {
		n++
		printf "%-5s %-22s %7ss", $4, $3, $5
		reason = ""
		for (i = 6; i <= NF; i++)
			reason = reason " " $i
		print (reason == "" ? "" : " " reason)
		if ($4 == "PASS")
			passed++
		else if ($4 == "SKIP")
			skipped++
		else {
			failed++
			printf "%s", out
		}
		name = ""
		next
	}
	{
		if (name != "")
			out = out "    | " $0 "\n"
		if ((inklog || /^\[ *[0-9]+\.[0-9]+\]/) && $0 ~ bad && !(seen[$0]++))
			kbad[++nk] = $0
	}
	END {
		if (name != "") {
			print "FAIL  " name " (did not finish)"
			printf "%s", out
		}
		if (!done)
			print "guest did not finish" (rc == 124 || rc == 137 ? " in " limit " s" : " (qemu exit " rc ")")
		if (plan > n)
			failed += plan - n
		for (i = 1; i <= nk && i <= 40; i++)
			print "kernel: " kbad[i]
		if (nk)
			print nk " forbidden line(s) in the kernel log"
		printf "%s: %d passed, %d failed, %d skipped (%s s)\n", rel,
			passed, failed, skipped, secs
		exit (failed || nk || !done || plan == "") ? 1 : 0
	}' "$log.txt"
