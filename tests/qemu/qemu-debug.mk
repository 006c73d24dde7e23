# qemu-debug.mk - the arm64 guests on a debug kernel; included by the
# top-level Makefile after tests/qemu/qemu-arm64.mk, whose rules it shares.
#
# $(BUILD)/qemu/arm64-debug/ holds the debug kernel that
# tests/qemu/debug-kernel.sh builds from Debian's 6.12 source (KASAN,
# KFENCE, lockdep, kmemleak, DMA-API debugging, UBSAN, fault injection;
# cached outside the build tree), mxa.ko built against it, and the same
# initramfs as the other arm64 guests. Three boots of it
# (tests/qemu/debug-guest.sh), each ending with a kmemleak scan, where any
# checker's report fails the run:
#   test_qemu_arm64_platform_debug.sh  the board-like machine: the guest
#       suite that applies to a board, through mxa.ko's platform driver;
#   test_qemu_arm64_debug.sh  the virt machine: the suite through the
#       simulator bridge and mxa-simd;
#   test_qemu_arm64_platform_debug_guards.sh  test_guards alone, whose
#       module (mxa_guards.ko, built here) commits a deliberate bug of each
#       class: every checker's report must fail that run.
#
# Targets: qemu-arm64-debug (builds it), check-qemu-debug (installs the
# packages, builds, runs the guests).
QEMU_DEBUG_DIR := $(QEMU_DIR)/arm64-debug
QEMU_DEBUG_TESTS := tests/qemu/test_qemu_arm64_platform_debug.sh \
	tests/qemu/test_qemu_arm64_platform_debug_guards.sh \
	tests/qemu/test_qemu_arm64_debug.sh

ifneq ($(BUILD),$(ARM64_BUILD))
# The script knows when the kernel is up to date; it rewrites vmlinuz and
# krel only when they change. Without its tools or source (exit 77) there
# is no debug guest, and its test skips saying so.
$(QEMU_DEBUG_DIR)/vmlinuz: FORCE
	@tests/qemu/debug-kernel.sh $(QEMU_DEBUG_DIR); rc=$$?; \
	if [ $$rc -eq 77 ]; then rm -f $@ $(QEMU_DEBUG_DIR)/krel; exit 0; fi; \
	exit $$rc

$(QEMU_DEBUG_DIR)/mxa.ko: $(QEMU_DEBUG_DIR)/vmlinuz FORCE
	@if [ -f $(QEMU_DEBUG_DIR)/vmlinuz ]; then \
		kdir=$$(cat $(QEMU_DEBUG_DIR)/kdir); \
		rel=$$(cat $(QEMU_DEBUG_DIR)/krel); \
		echo "driver/kbuild.sh $$kdir build/arm64/module (ARCH=arm64)"; \
		ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
			driver/kbuild.sh $$kdir build/arm64/module >/dev/null && \
		{ cmp -s build/arm64/module/$$rel/mxa.ko $@ || \
			cp build/arm64/module/$$rel/mxa.ko $@; }; \
	else \
		rm -f $@; \
	fi

# The deliberate bugs of test_guards (tests/qemu/guards), a module of the
# debug kernel only, built out of the source tree.
QEMU_DEBUG_GUARDS := $(QEMU_DEBUG_DIR)/mxa_guards.ko
$(QEMU_DEBUG_GUARDS): $(QEMU_DEBUG_DIR)/vmlinuz tests/qemu/guards/mxa_guards.c \
		tests/qemu/guards/Kbuild
	@if [ -f $(QEMU_DEBUG_DIR)/vmlinuz ]; then \
		kdir=$$(cat $(QEMU_DEBUG_DIR)/kdir); \
		dir=$(abspath $(QEMU_DEBUG_DIR))/guards; \
		echo "make -C $$kdir M=$$dir (ARCH=arm64)"; \
		mkdir -p $$dir && cp -p $(filter tests/%,$^) $$dir/ && \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ARCH=arm64 \
			CROSS_COMPILE=aarch64-linux-gnu- \
			make -s -C $$kdir M=$$dir modules && \
		cp $$dir/mxa_guards.ko $@; \
	else \
		rm -f $@; \
	fi

$(eval $(call qemu_arm64_initramfs_rules,arm64-debug,$(QEMU_DEBUG_GUARDS)))

.PHONY: qemu-arm64-debug check-qemu-debug run-check-qemu-debug
qemu-arm64-debug: $(QEMU_DEBUG_DIR)/initramfs.cpio $(QEMU_MXA) \
	$(call top_so,default)

check-qemu-debug:
	@scripts/deps.sh $(DEPS_check-qemu) debug-kernel
	@$(MAKE) --no-print-directory run-$@

run-check-qemu-debug: qemu-arm64-debug
	MXA_BUILD=$(abspath $(BUILD)) tests/run-tests.sh $(QEMU_DEBUG_TESTS)

# make check runs the board-like ones in their lane, the bridge's with the
# other bridge guests (tests/run-tests.sh).
TEST_SCRIPTS += $(QEMU_DEBUG_TESTS)
run-check: qemu-arm64-debug
endif
