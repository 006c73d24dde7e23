#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_arm64_6.1.sh - the guest tests on Debian's arm64 6.1 kernel in
# QEMU's virt machine (run-guest.sh).
exec "$(dirname "$0")/run-guest.sh" 6.1 arm64
