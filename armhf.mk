# armhf.mk - libmxa and the mxa tool cross-built for 32-bit ARM (armhf: the
# PYNQ-Z2's Zynq-7000 runs a 32-bit kernel and user space) with Debian's
# arm-linux-gnueabihf toolchain; included by the top-level Makefile.
#
#   make armhf   builds, under build/armhf/: libmxa (lib/libmxa.a and
#                libmxa.so), the mxa tool (bin/) and the test programs of
#                tests/unit and tests/oracle (tests/)
#
# The native rules run by a second make (arm64.mk's cross_make). A 32-bit
# compiler has no __int128: the emulator's reference paths then use
# lib/int128.h's two-word form. The simulator device needs mxa-simd, which
# a board has no use for, so it is not built here. mxa.ko for these boards
# is driver/driver.mk's `make module ARCH=arm`.
# tests/boards/test_board_armhf.sh builds all of it and runs the library's
# tests under qemu-user.

ARMHF_BUILD := build/armhf
ARMHF_MAKE = $(call cross_make,arm-linux-gnueabihf,$(ARMHF_BUILD))

# What the second make builds (its BUILD is build/armhf).
ARMHF_TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,\
	$(wildcard tests/unit/test_*.c tests/oracle/test_*.c))
ARMHF_OUTPUTS = $(LIB_A) $(LIB_SO) $(BUILD)/bin/mxa $(ARMHF_TEST_BINS)

.PHONY: run-armhf armhf-outputs print-armhf-outputs

run-armhf:
	+$(ARMHF_MAKE) armhf-outputs

armhf-outputs: $(ARMHF_OUTPUTS)

# The list of outputs, for tests/boards/test_board_armhf.sh.
print-armhf-outputs:
	@$(ARMHF_MAKE) -s print-ARMHF_OUTPUTS
