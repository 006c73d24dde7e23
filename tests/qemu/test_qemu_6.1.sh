#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_6.1.sh - the guest tests on Debian's 6.1 kernel (run-guest.sh).
# test_fuzz (about 400 s here, mxa-simd running the Verilated model inside
# the guest) is left out for CI's time: the board-like guests run it on 6.1
# and 6.12 in about 10 s, the ioctls' checks being the same on every
# transport. test_stress (a load test) runs on the 6.12 bridge guest and
# the board-like ones.
MXA_QEMU_APPEND="mxa_skip=test_fuzz,test_stress ${MXA_QEMU_APPEND:-}" \
	exec "$(dirname "$0")/run-guest.sh" 6.1
