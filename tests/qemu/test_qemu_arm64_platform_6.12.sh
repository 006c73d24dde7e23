#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_arm64_platform_6.12.sh - the guest tests that apply to a board on
# Debian's arm64 6.12 kernel, mxa.ko's platform driver bound to QEMU's mxa
# device model (run-guest.sh).
exec "$(dirname "$0")/run-guest.sh" 6.12 arm64 platform
