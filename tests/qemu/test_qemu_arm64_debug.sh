#!/bin/sh
# test_qemu_arm64_debug.sh - the guest tests of the simulator bridge on the
# debug kernel, in the virt machine with mxa-simd (debug-guest.sh bridge).
# Three tests too long for the checkers' pace run in the board-like debug
# guest only: test_unload's 200 load cycles, test_fuzz and test_stress;
# test_python, whose kernel side is test_matmul's, too.
MXA_QEMU_APPEND="mxa_skip=test_unload,test_fuzz,test_stress,test_python ${MXA_QEMU_APPEND:-}" \
	exec "$(dirname "$0")/debug-guest.sh" bridge
