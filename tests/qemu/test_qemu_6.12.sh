#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_6.12.sh - the guest tests on Debian's 6.12 kernel (run-guest.sh).
# test_fuzz and test_unload (about 180 and 200 s here) are left out for CI's
# time: the 6.1 guest unloads through the bridge, and the board-like 6.12
# guest runs both on this series. test_stress runs small here (8 clients of
# 12 jobs, a job taking about a third of a second through mxa-simd in the
# guest), for its restart of mxa-simd under load; the board-like guests run
# 8 x 100.
MXA_QEMU_APPEND="mxa_skip=test_fuzz,test_unload mxa_stress=8,12 ${MXA_QEMU_APPEND:-}" \
	exec "$(dirname "$0")/run-guest.sh" 6.12
