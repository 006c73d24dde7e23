#!/bin/sh
# SPDX-License-Identifier: MIT
# test_qemu_arm64_platform_6.12.sh - the guest tests that apply to a board on
# Debian's arm64 6.12 kernel, mxa.ko's platform driver bound to QEMU's mxa
# device model (run-guest.sh). With swiotlb=65536,force every streaming
# DMA mapping goes through a bounce buffer (128 MB of them), which only
# dma_sync_*() copies to and from the pages the CPU uses: a sync the driver
# missed leaves the device or the CPU with stale data, and a bit-exact check
# fails (the 6.1 guest maps the pages directly).
MXA_QEMU_APPEND="swiotlb=65536,force ${MXA_QEMU_APPEND:-}" \
	"$(dirname "$0")/run-guest.sh" 6.12 arm64 platform
rc=$?
[ $rc -eq 0 ] || exit $rc
log=${MXA_BUILD:-build}/qemu/arm64-6.12/serial-platform.log.txt
grep -q 'software IO TLB: mapped .*(128MB)' "$log" || {
	echo "swiotlb=65536,force did not take: no 128 MB bounce buffer in the guest's kernel log"
	exit 1
}
