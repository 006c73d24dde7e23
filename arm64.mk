# arm64.mk - the user-space programs cross-built for arm64 (AArch64) with
# Debian's aarch64-linux-gnu toolchain (docs/arm64.md); included by the
# top-level Makefile.
#
#   make arm64   builds, under build/arm64/: libmxa (lib/libmxa.a and
#                libmxa.so), the mxa tool, mxa-simd (bin/), the test programs
#                of tests/{unit,oracle,tool,driver,python} (tests/) and the
#                QEMU guest programs (qemu/bin/)
#
# The same rules as the native build, run by a second make with BUILD,
# SIM_BUILD, CC, CXX and AR pointing at the cross build and pkg-config at
# the arm64 libraries (libdrm-dev:arm64 and the others of scripts/deps.sh's
# arm64 group, through Debian's multiarch). The library gets the portable
# kernels: the AVX ones are for x86-64 targets only (Makefile). mxa-simd
# links the Verilated accelerator: the sources the host's Verilator
# generated under $(SIM_BUILD) are compiled again with the cross compiler
# under build/arm64/sim (sim/top.mk), together with Verilator's run-time.
# The arm64 mxa.ko is driver/driver.mk's `make module ARCH=arm64`.
# tests/tool/test_arm64_build.sh builds all of it and checks that every
# output is an AArch64 ELF; nothing here runs on arm64.

ARM64_BUILD := build/arm64
ARM64_MULTIARCH := aarch64-linux-gnu
# $(call cross_make,MULTIARCH,BUILD): a make that runs the native rules
# with Debian's cross toolchain for MULTIARCH (aarch64-linux-gnu, ...),
# its libraries found through multiarch, building under BUILD.
cross_make = PKG_CONFIG_LIBDIR=/usr/lib/$(1)/pkgconfig:/usr/share/pkgconfig \
	$(MAKE) --no-print-directory BUILD=$(2) SANITIZE=0 \
	SIM_BUILD=$(2)/sim SIM_GEN_BUILD=$(SIM_BUILD) \
	CC=$(1)-gcc CXX=$(1)-g++ AR=$(1)-ar HAVE_CUDA=0
# The make that runs the native rules for arm64.
ARM64_MAKE = $(call cross_make,$(ARM64_MULTIARCH),$(ARM64_BUILD))

# What the second make builds (its BUILD is build/arm64).
ARM64_TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
ARM64_OUTPUTS = $(LIB_A) $(LIB_SO) $(BUILD)/bin/mxa $(BUILD)/bin/mxa-simd \
	$(ARM64_TEST_BINS) $(filter $(QEMU_DIR)/bin/%,$(QEMU_GUEST_BINS))

.PHONY: run-arm64 arm64-outputs print-arm64-outputs arm64-guest-programs

# The host verilates (build/sim); the second make compiles.
run-arm64: $(call top_dir,default)/Vmxa_model.mk
	+$(ARM64_MAKE) arm64-outputs

arm64-outputs: $(ARM64_OUTPUTS)

# What the arm64 QEMU guests run (tests/qemu/qemu.mk).
arm64-guest-programs: $(filter $(QEMU_DIR)/bin/%,$(QEMU_GUEST_BINS)) \
	$(BUILD)/bin/mxa-simd

# The list of outputs, for tests/tool/test_arm64_build.sh.
print-arm64-outputs:
	@$(ARM64_MAKE) -s print-ARM64_OUTPUTS
