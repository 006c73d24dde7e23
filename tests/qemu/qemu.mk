# qemu.mk - full-stack tests in QEMU guests; included by the top-level
# Makefile.
#
# For each kernel series of QEMU_SERIES (Debian's 6.1, and the 6.12 of
# bookworm-security that the linux-headers-6.12-amd64 package installs),
# the release is the one whose headers are installed
# (/usr/src/linux-headers-<release>), so that mxa.ko's modversions match.
# $(BUILD)/qemu/<series>/ then holds:
#   krel            the release
#   root/, vmlinuz  linux-image-<release>, fetched with apt-get download
#                   (tests/qemu/fetch-kernel.sh; no installation)
#   mxa.ko          the module built against those headers
#   initramfs.cpio  busybox, the DRM modules mxa.ko needs, mxa.ko, mxa-simd,
#                   the guest programs and their shared libraries; python3
#                   with NumPy and pytest, the mxa package and its tests
#                   (tests/qemu/mkinitramfs.sh, stage-python.sh; /init is
#                   tests/qemu/init.sh)
#   serial.log      the guest's console of the last run
# tests/qemu/test_qemu_<series>.sh boots one guest (tests/qemu/run-guest.sh)
# and reports its tests; a series whose headers are missing is skipped.
# The arm64 guests of the same series (qemu-<series> becomes
# qemu-arm64-<series>, $(BUILD)/qemu/arm64-<series>/) are
# tests/qemu/qemu-arm64.mk's.
#
# Targets: qemu (everything the guests need), check-qemu (installs the
# packages, builds, boots both guests and prints each one's results).
# MXA_QEMU_TESTS=test_a,test_b limits a run to those guest tests.

QEMU_SERIES := 6.1 6.12
QEMU_DIR := $(BUILD)/qemu
# QEMU_KREL_<series>: the newest release of the series with headers, or
# nothing.
$(foreach s,$(QEMU_SERIES),$(eval QEMU_KREL_$(s) := $(patsubst \
	linux-headers-%,%,$(notdir $(shell ls -d \
	/usr/src/linux-headers-$(s).*-amd64 2>/dev/null | sort -V | tail -n 1)))))
QEMU_BUILT_SERIES := $(foreach s,$(QEMU_SERIES),$(if $(QEMU_KREL_$(s)),$(s)))

# The guest tests, run in this order (cheap and basic first, the
# destructive ones last): each tests/qemu/guest/test_*.c is a program,
# each tests/qemu/guest/test_*.sh a script for the guest's busybox sh.
QEMU_GUEST_TESTS := test_load test_unload test_query test_buffers test_matmul \
	test_python test_concurrent test_fences test_isolation test_client_kill \
	test_stall test_simd_kill test_unbind test_mmio_abuse test_fault_inject \
	test_alloc_faults test_stress test_fuzz test_drmdevice test_guards
ifneq ($(filter-out $(QEMU_GUEST_TESTS),$(basename $(notdir \
	$(wildcard tests/qemu/guest/test_*.c tests/qemu/guest/test_*.sh)))),)
$(error tests/qemu/qemu.mk: add the new guest tests to QEMU_GUEST_TESTS)
endif
QEMU_GUEST_SCRIPTS := $(wildcard tests/qemu/guest/test_*.sh)
QEMU_GUEST_COMMON := tests/qemu/guest/guest_util.c tests/qemu/guest/guest_job.c \
	tests/qemu/guest/guest_vgem.c
QEMU_GUEST_HDRS := $(wildcard tests/qemu/guest/*.h) $(wildcard tests/common/*.h) \
	include/uapi/drm/mxa_accel.h lib/mxa.h
QEMU_GUEST_BINS := $(QEMU_DIR)/bin/mxa-guest $(foreach t,$(QEMU_GUEST_TESTS),\
	$(or $(filter %/$(t).sh,$(QEMU_GUEST_SCRIPTS)),$(QEMU_DIR)/bin/$(t)))
QEMU_GUEST_CFLAGS := $(CFLAGS_BASE) -Ilib -Itests -Itests/qemu/guest \
	-Iinclude $(LIBDRM_CFLAGS)

$(QEMU_DIR)/bin/mxa-guest: tests/qemu/guest/mxa_guest.c $(QEMU_GUEST_COMMON) \
		$(QEMU_GUEST_HDRS) $(LIB_SO)
	@mkdir -p $(dir $@)
	$(CC) $(QEMU_GUEST_CFLAGS) -o $@ $< $(QEMU_GUEST_COMMON) \
		$(LDFLAGS_BASE) -L$(BUILD)/lib -lmxa $(LIBDRM_LIBS) -lm

$(QEMU_DIR)/bin/test_%: tests/qemu/guest/test_%.c $(QEMU_GUEST_COMMON) \
		$(QEMU_GUEST_HDRS) $(LIB_SO)
	@mkdir -p $(dir $@)
	$(CC) $(QEMU_GUEST_CFLAGS) -o $@ $< $(QEMU_GUEST_COMMON) \
		$(LDFLAGS_BASE) -L$(BUILD)/lib -lmxa $(LIBDRM_LIBS) -lm -lpthread

# The daemon, and the kernel's modules the guest loads besides mxa.ko's
# dependencies: vgem, a second DRM driver whose fences test_fences holds
# back and signals.
QEMU_SIMD := $(BUILD)/bin/mxa-simd
QEMU_EXTRA_MODULES := vgem

QEMU_INITRAMFS_SCRIPTS := tests/qemu/mkinitramfs.sh tests/qemu/elf-libs.sh \
	tests/qemu/stage-python.sh scripts/fetch-deb.sh tests/qemu/init.sh

# A kernel that cannot be fetched (no archive in reach) leaves no vmlinuz
# and no initramfs: its test then reports a skip saying so.
# qemu_kernel_rules(guest dir, release, Debian architecture or empty)
define qemu_kernel_rules
$(QEMU_DIR)/$(1)/krel: FORCE
	@mkdir -p $$(dir $$@)
	@echo $(2) | cmp -s - $$@ || echo $(2) >$$@

$(QEMU_DIR)/$(1)/vmlinuz: $(QEMU_DIR)/$(1)/krel tests/qemu/fetch-kernel.sh \
		scripts/fetch-deb.sh
	tests/qemu/fetch-kernel.sh $(2) $(QEMU_DIR)/$(1) $(3) || \
		echo "qemu: no kernel image for the $(1) guest"
endef

define qemu_series_rules
$(call qemu_kernel_rules,$(1),$(2))

# Kbuild knows when mxa.ko is up to date; the copy changes only with it.
$(QEMU_DIR)/$(1)/mxa.ko: FORCE
	@mkdir -p $$(dir $$@)
	driver/kbuild.sh /usr/src/linux-headers-$(2) build/module >/dev/null
	@cmp -s build/module/$(2)/mxa.ko $$@ || cp build/module/$(2)/mxa.ko $$@

$(QEMU_DIR)/$(1)/initramfs.cpio: $(QEMU_DIR)/$(1)/vmlinuz \
		$(QEMU_DIR)/$(1)/mxa.ko $(QEMU_SIMD) $(QEMU_GUEST_BINS) \
		$(QEMU_INITRAMFS_SCRIPTS)
	@if [ -f $(QEMU_DIR)/$(1)/vmlinuz ]; then \
		echo "tests/qemu/mkinitramfs.sh $$@"; \
		LD_LIBRARY_PATH=$(abspath $(BUILD)/lib) \
		MXA_BUILD=$(abspath $(BUILD)) tests/qemu/mkinitramfs.sh \
			$$@ $(QEMU_DIR)/$(1)/root $(2) $(QEMU_DIR)/$(1)/mxa.ko \
			$(QEMU_SIMD) "$(QEMU_EXTRA_MODULES)" $(QEMU_GUEST_BINS); \
	else \
		rm -f $$@; \
	fi

qemu-$(1): $(QEMU_DIR)/$(1)/initramfs.cpio
endef
$(foreach s,$(QEMU_BUILT_SERIES),\
	$(eval $(call qemu_series_rules,$(s),$(QEMU_KREL_$(s)))))

QEMU_TEST_SCRIPTS := $(QEMU_SERIES:%=tests/qemu/test_qemu_%.sh) \
	$(QEMU_SERIES:%=tests/qemu/test_qemu_arm64_%.sh) \
	$(QEMU_SERIES:%=tests/qemu/test_qemu_arm64_platform_%.sh)

.PHONY: qemu check-qemu run-check-qemu FORCE $(QEMU_SERIES:%=qemu-%) \
	$(QEMU_SERIES:%=qemu-arm64-%) qemu-arm64-platform
qemu: $(QEMU_BUILT_SERIES:%=qemu-%) $(QEMU_BUILT_SERIES:%=qemu-arm64-%) \
	qemu-arm64-platform
FORCE:

check-qemu:
	@scripts/deps.sh $(DEPS_$@)
	@$(MAKE) --no-print-directory run-$@

DEPS_check-qemu := build rtl qemu arm64 qemu-src

# Each guest's results and its "N passed, N failed, N skipped" line.
run-check-qemu: qemu
	@fail=0; for t in $(QEMU_TEST_SCRIPTS); do \
		MXA_BUILD=$(abspath $(BUILD)) $$t; rc=$$?; \
		[ $$rc -eq 0 ] || [ $$rc -eq 77 ] || fail=1; \
	done; exit $$fail

# guest_long_run TEST,APPEND,SECONDS,SCRIPTS: TEST alone in the guest of
# each of SCRIPTS, APPEND added to its kernel command line, the guest
# stopped after SECONDS; fails when one guest failed.
comma := ,
guest_long_run = fail=0; for t in $(4); do \
		MXA_BUILD=$(abspath $(BUILD)) MXA_QEMU_TESTS=$(1) \
		MXA_QEMU_APPEND=$(2) MXA_QEMU_TIMEOUT=$(3) $$t || fail=1; \
	done; exit $$fail

# The guest's ioctl fuzzer at length (docs/fuzzing.md): FUZZ_GUEST_CALLS
# refused calls in each board-like guest, where the device model runs on
# the host and a job takes milliseconds.
FUZZ_GUEST_CALLS ?= 1000000
.PHONY: fuzz-guest run-fuzz-guest
fuzz-guest:
	@scripts/deps.sh $(DEPS_check-qemu)
	@$(MAKE) --no-print-directory run-fuzz-guest

run-fuzz-guest: qemu
	@$(call guest_long_run,test_fuzz,mxa_fuzz_calls=$(FUZZ_GUEST_CALLS),$$((900 + $(FUZZ_GUEST_CALLS) * 10 / 1000)),$(QEMU_SERIES:%=tests/qemu/test_qemu_arm64_platform_%.sh))

# The load test at length (docs/qemu-tests.md): 8 clients of
# STRESS_GUEST_JOBS jobs each, with kills and one restart of the device, in
# each board-like guest (an unbind and bind) and in the amd64 6.12 bridge
# guest (mxa-simd killed and started again; there a job takes a third of
# a second).
STRESS_GUEST_JOBS ?= 1000
STRESS_GUEST_SCRIPTS ?= $(QEMU_SERIES:%=tests/qemu/test_qemu_arm64_platform_%.sh) \
	tests/qemu/test_qemu_6.12.sh
.PHONY: stress-guest run-stress-guest
stress-guest:
	@scripts/deps.sh $(DEPS_check-qemu)
	@$(MAKE) --no-print-directory run-stress-guest

run-stress-guest: qemu
	@$(call guest_long_run,test_stress,mxa_stress=8$(comma)$(STRESS_GUEST_JOBS),$$((900 + 8 * $(STRESS_GUEST_JOBS) / 2)),$(STRESS_GUEST_SCRIPTS))

# make check boots the board-like guests beside the other tests and the
# bridge guests last (tests/run-tests.sh).
TEST_SCRIPTS += $(QEMU_TEST_SCRIPTS)
run-check: qemu
