#!/bin/sh
# test_qemu_arm64_debug.sh - the guest tests of the simulator bridge on the
# debug kernel, in the virt machine with mxa-simd (debug-guest.sh bridge).
exec "$(dirname "$0")/debug-guest.sh" bridge
