#!/bin/sh
# SPDX-License-Identifier: MIT
# debug-guest.sh TRANSPORT - the guest tests on the debug kernel
# (tests/qemu/qemu-debug.mk: KASAN, KFENCE, lockdep, debug objects, DMA-API
# debugging, kmemleak, UBSAN, fault injection), through TRANSPORT:
#   platform  the board-like machine: mxa.ko's platform driver bound to
#             QEMU's mxa device model, every streaming DMA mapping through
#             a bounce buffer (swiotlb=65536,force, as on the 6.12 guest);
#   bridge    the virt machine: mxa.ko's simulator bridge, served by
#             mxa-simd inside the guest.
# /init scans for leaks at the end; a report of any checker fails the run
# (run-guest.sh).
#
# The run also fails when a checker was not there to report: each one's
# start-up line must be in the guest's kernel log, none may have turned
# itself off, the leak scan must have run, and test_alloc_faults must have
# run rather than skip.
transport=$1
dir=${MXA_BUILD:-build}/qemu/arm64-debug
# The hang detector: the board-like debug guest runs every test under KASAN
# and takes 15 minutes on a quiet machine, more than 25 beside a busy
# build: the default of run-guest.sh (1500 s) ended it there once.
MXA_QEMU_TIMEOUT=${MXA_QEMU_TIMEOUT:-3600}
export MXA_QEMU_TIMEOUT
case $transport in
platform)
	log=$dir/serial-platform.log.txt
	MXA_QEMU_APPEND="swiotlb=65536,force ${MXA_QEMU_APPEND:-}"
	export MXA_QEMU_APPEND
	;;
bridge) log=$dir/serial.log.txt ;;
*) echo "debug-guest.sh: no transport $transport" >&2; exit 2 ;;
esac
"$(dirname "$0")/run-guest.sh" debug arm64 "$transport"
rc=$?
[ $rc -eq 0 ] || exit $rc

fail=0
while read -r checker line; do
	[ "$checker" = swiotlb ] && [ "$transport" != platform ] && continue
	grep -q "$line" "$log" || {
		echo "the debug kernel's $checker is not on: no \"$line\" in its log"
		fail=1
	}
done <<'LINES'
KASAN KernelAddressSanitizer initialized
KFENCE kfence: initialized
lockdep Lock dependency validator
DMA-API-debugging DMA-API: preallocated
kmemleak mxa-qemu: kmemleak: scanned
swiotlb software IO TLB: mapped .*(128MB)
LINES
# A checker that ran out of its own memory stops checking, saying so.
while read -r line; do
	grep -q "$line" "$log" && {
		echo "a checker of the debug kernel turned itself off: \"$line\" in its log"
		fail=1
	}
done <<'LINES'
Kernel memory leak detector disabled
Memory pool empty
DMA-API: debugging out of memory
dma-debug disabled
LINES
case ${MXA_QEMU_TESTS:-test_alloc_faults} in
*test_alloc_faults*)
	grep -q '^mxa-qemu: result test_alloc_faults PASS' "$log" || {
		echo "test_alloc_faults did not pass: no fault injection on the debug kernel"
		fail=1
	} ;;
esac
exit $fail
