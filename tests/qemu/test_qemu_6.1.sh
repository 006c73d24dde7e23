#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_6.1.sh - the guest tests on Debian's 6.1 kernel (run-guest.sh).
exec "$(dirname "$0")/run-guest.sh" 6.1
