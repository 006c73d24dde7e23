#!/bin/sh
# test_qemu_arm64_platform_debug.sh - the guest tests that apply to a board
# on the debug kernel, in the board-like machine (debug-guest.sh platform).
exec "$(dirname "$0")/debug-guest.sh" platform
