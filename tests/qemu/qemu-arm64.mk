# qemu-arm64.mk - the arm64 QEMU guests; included by the top-level Makefile
# after tests/qemu/qemu.mk, whose rules and variables it shares, and
# arm64.mk, whose cross build it runs.
#
# The arm64 guests (QEMU's virt machine, tests/qemu/run-guest.sh): the same
# tests on Debian's arm64 kernel of each series, the arm64 twin of the
# amd64 release (6.1.0-57-amd64 -> 6.1.0-57-arm64), under
# $(QEMU_DIR)/arm64-<series>/. The programs are arm64.mk's cross build
# (under build/arm64, made by its second make), mxa.ko is built against the
# arm64 headers that driver/cross-headers.sh fetches, busybox and
# drmdevice are those of Debian's arm64 packages (scripts/fetch-deb.sh),
# python3 and NumPy too (stage-python.sh). Headers that cannot be fetched
# (exit 77) leave no mxa.ko, and the guest's test skips saying so; any other
# failure fails. Not in arm64.mk's own make, where BUILD is build/arm64.
ifneq ($(BUILD),$(ARM64_BUILD))
QEMU_ARM64_DIR := $(ARM64_BUILD)/qemu
QEMU_ARM64_PROGS := $(patsubst $(QEMU_DIR)/%,$(QEMU_ARM64_DIR)/%,\
	$(filter $(QEMU_DIR)/bin/%,$(QEMU_GUEST_BINS)))
QEMU_ARM64_BINS := $(patsubst $(QEMU_DIR)/%,$(QEMU_ARM64_DIR)/%,$(QEMU_GUEST_BINS))
QEMU_ARM64_SIMD := $(ARM64_BUILD)/bin/mxa-simd
QEMU_ARM64_BUSYBOX := $(QEMU_DIR)/arm64-busybox
QEMU_ARM64_DRMDEVICE := $(QEMU_DIR)/arm64-drmdevice

# arm64.mk's make knows when they are up to date; they change only with it.
$(QEMU_ARM64_PROGS) $(QEMU_ARM64_SIMD) &: FORCE $(call top_dir,default)/Vmxa_model.mk
	+$(ARM64_MAKE) arm64-guest-programs

$(QEMU_ARM64_BUSYBOX): scripts/fetch-deb.sh
	@mkdir -p $(dir $@)
	scripts/fetch-deb.sh busybox-static:arm64 bin/busybox $@ || \
		echo "qemu: no arm64 busybox for the arm64 guests"

$(QEMU_ARM64_DRMDEVICE): scripts/fetch-deb.sh
	@mkdir -p $(dir $@)
	scripts/fetch-deb.sh libdrm-tests:arm64 usr/bin/drmdevice $@ || \
		echo "qemu: no arm64 drmdevice for the arm64 guests"

# The initramfs of the arm64 guest in $(QEMU_DIR)/$(1)/, for the kernel
# release its krel names (the series guests' and the debug kernel's), with
# the files in $(2) besides the programs (the debug kernel's test module).
define qemu_arm64_initramfs_rules
$(QEMU_DIR)/$(1)/initramfs.cpio: $(QEMU_DIR)/$(1)/vmlinuz \
		$(QEMU_DIR)/$(1)/mxa.ko $(QEMU_ARM64_BUSYBOX) \
		$(QEMU_ARM64_DRMDEVICE) $(QEMU_ARM64_SIMD) $(QEMU_ARM64_BINS) \
		$(QEMU_INITRAMFS_SCRIPTS) $(2)
	@if [ -f $(QEMU_DIR)/$(1)/vmlinuz ] && \
	    [ -f $(QEMU_DIR)/$(1)/mxa.ko ] && [ -f $(QEMU_ARM64_BUSYBOX) ]; then \
		echo "tests/qemu/mkinitramfs.sh $$@"; \
		MXA_GUEST_ARCH=arm64 BUSYBOX=$(QEMU_ARM64_BUSYBOX) \
		DRMDEVICE=$(QEMU_ARM64_DRMDEVICE) \
		LD_LIBRARY_PATH=$(abspath $(ARM64_BUILD)/lib) \
		MXA_BUILD=$(abspath $(BUILD)) tests/qemu/mkinitramfs.sh \
			$$@ $(QEMU_DIR)/$(1)/root $$$$(cat $(QEMU_DIR)/$(1)/krel) \
			$(QEMU_DIR)/$(1)/mxa.ko $(QEMU_ARM64_SIMD) \
			"$(QEMU_EXTRA_MODULES)" $(QEMU_ARM64_BINS) $(2); \
	else \
		rm -f $$@; \
	fi
endef

define qemu_arm64_rules
$(call qemu_kernel_rules,arm64-$(1),$(2),arm64)

$(QEMU_DIR)/arm64-$(1)/mxa.ko: FORCE
	@mkdir -p $$(dir $$@)
	@kdir=$$$$(driver/cross-headers.sh arm64 $(1) build/arm64/kernel); rc=$$$$?; \
	if [ $$$$rc -eq 77 ]; then \
		echo "qemu: no arm64 headers of $(1): no arm64-$(1) guest"; \
		rm -f $$@; exit 0; \
	fi; \
	[ $$$$rc -eq 0 ] || exit $$$$rc; \
	echo "driver/kbuild.sh $$$$kdir build/arm64/module (ARCH=arm64)"; \
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		driver/kbuild.sh $$$$kdir build/arm64/module >/dev/null && \
	{ cmp -s build/arm64/module/$(2)/mxa.ko $$@ || \
		cp build/arm64/module/$(2)/mxa.ko $$@; }

$(call qemu_arm64_initramfs_rules,arm64-$(1))

qemu-arm64-$(1): $(QEMU_DIR)/arm64-$(1)/initramfs.cpio
endef
$(foreach s,$(QEMU_BUILT_SERIES),\
	$(eval $(call qemu_arm64_rules,$(s),$(patsubst %-amd64,%-arm64,$(QEMU_KREL_$(s))))))
endif

# The board-like arm64 guests (run-guest.sh SERIES arm64 platform): the
# same kernels and initramfs in qemu-system-aarch64 built with the mxa
# device model (sim/qemu/build-qemu.sh, cached outside the build tree),
# which runs the default configuration's model. Without QEMU's source or
# build tools (exit 77) there is no such QEMU, and those guests skip saying
# so; any other failure fails.
QEMU_MXA := $(QEMU_DIR)/qemu-system-aarch64-mxa
ifneq ($(BUILD),$(ARM64_BUILD))
$(QEMU_MXA): FORCE
	@sim/qemu/build-qemu.sh $@; rc=$$?; \
	if [ $$rc -eq 77 ]; then rm -f $@; exit 0; fi; exit $$rc

qemu-arm64-platform: $(QEMU_MXA) $(call top_so,default) \
	$(QEMU_BUILT_SERIES:%=qemu-arm64-%)
endif
