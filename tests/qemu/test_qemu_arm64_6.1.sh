#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_arm64_6.1.sh - the guest tests on Debian's arm64 6.1 kernel in
# QEMU's virt machine (run-guest.sh), through the simulator bridge. The two
# longest, test_unload and test_fuzz (about 320 s of the guest's 500 under
# TCG, mxa-simd running inside it), are left out here: the amd64 guests run
# them through the bridge and the board-like arm64 guests on arm64; so
# does test_stress, a load test.
MXA_QEMU_APPEND="mxa_skip=test_unload,test_fuzz,test_stress ${MXA_QEMU_APPEND:-}" \
	exec "$(dirname "$0")/run-guest.sh" 6.1 arm64
