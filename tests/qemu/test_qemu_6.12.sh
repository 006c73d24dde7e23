#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_6.12.sh - the guest tests on Debian's 6.12 kernel (run-guest.sh).
# test_fuzz (about 180 s here) is left out for CI's time: the 6.1 guest runs
# it through the bridge, and the board-like 6.12 guest on this series.
MXA_QEMU_APPEND="mxa_skip=test_fuzz ${MXA_QEMU_APPEND:-}" \
	exec "$(dirname "$0")/run-guest.sh" 6.12
