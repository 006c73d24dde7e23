# mxa top-level build. `make` builds libmxa and the mxa tool; `make check`
# runs every test; `make bench` prints benchmark figures; `make demo` runs a
# matmul job and checks it. Kernel module builds go through Kbuild.
#
# Variables: SANITIZE=1 builds everything with ASan+UBSan into build/san.

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# Tests check that absurd allocations fail with -ENOMEM rather than abort.
export ASAN_OPTIONS := allocator_may_return_null=1
else
BUILD ?= build
SANFLAGS :=
endif

# The Verilated models take minutes to build and are not instrumented by
# SANITIZE: one copy in build/sim serves every build directory.
SIM_BUILD := build/sim

CC ?= cc
OPT ?= -O2
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-D_FILE_OFFSET_BITS=64 -g $(OPT) \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-ffp-contract=off -fno-fast-math $(SANFLAGS)
# libdrm: the drm backend's enumeration, ioctls and sync objects.
LIBDRM_CFLAGS := $(shell pkg-config --cflags libdrm 2>/dev/null)
LIBDRM_LIBS := $(or $(shell pkg-config --libs libdrm 2>/dev/null),-ldrm)
LIB_CFLAGS := $(CFLAGS_BASE) -fPIC -fvisibility=hidden -Ilib -Iinclude -Isim \
	$(LIBDRM_CFLAGS)
LDFLAGS_BASE := $(SANFLAGS)

# The CUDA toolkit provides the independent conversion oracle for the tests.
CUDA_INC ?= $(firstword $(wildcard /usr/local/cuda/include /usr/include))
HAVE_CUDA := $(if $(wildcard $(CUDA_INC)/cuda_fp8.h),1,0)

MXA_SOVERSION := 1
MXA_VERSION := 1.0.0

.PHONY: all lib tool check check-unit bench bench-top demo deps clean \
	run-all run-check run-check-unit run-bench run-demo run-sweep-conversions \
	run-synth synth \
	sweep-conversions hw-interface print-%

# `make` installs the packages the build needs first (as the targets below
# that need packages do), then builds.
.DEFAULT_GOAL := all
run-all: hw-interface lib tool

# ---------------------------------------------------------------- library
LIB_SRCS := $(wildcard lib/*.c)
# The AVX2 and AVX-512 kernels exist for x86-64 targets only; the others
# (arm64.mk's cross build) run the portable kernels.
ifeq ($(filter x86_64-%,$(shell $(CC) -dumpmachine 2>/dev/null)),)
LIB_SRCS := $(filter-out %_avx2.c %_avx512.c,$(LIB_SRCS))
endif
LIB_OBJS := $(LIB_SRCS:lib/%.c=$(BUILD)/obj/lib/%.o)
LIB_A := $(BUILD)/lib/libmxa.a
LIB_SO := $(BUILD)/lib/libmxa.so.$(MXA_VERSION)

# Files named *_avx2.c hold kernels compiled for AVX2+FMA; the library picks
# them at run time only on CPUs that have those extensions.
$(BUILD)/obj/lib/%_avx2.o: lib/%_avx2.c lib/*.h | $(BUILD)/obj/lib
	$(CC) $(LIB_CFLAGS) -O3 -mavx2 -mfma -c $< -o $@

# Files named *_avx512.c hold kernels for AVX-512 (F, DQ, VL, BW) and FMA,
# picked the same way.
$(BUILD)/obj/lib/%_avx512.o: lib/%_avx512.c lib/*.h | $(BUILD)/obj/lib
	$(CC) $(LIB_CFLAGS) -O3 -mavx512f -mavx512dq -mavx512vl -mavx512bw \
		-mfma -c $< -o $@

$(BUILD)/obj/lib/%.o: lib/%.c lib/*.h include/mxa_hw.h \
		include/mxa_job_rules.h | $(BUILD)/obj/lib
	$(CC) $(LIB_CFLAGS) -c $< -o $@

# The sim backend loads the simulation models built in this tree
# (sim/top.mk) unless MXA_SIM_MODEL_DIR names others at run time.
$(BUILD)/obj/lib/sim_backend.o: LIB_CFLAGS += \
	-DMXA_SIM_MODEL_DIR='"$(abspath $(SIM_BUILD))"'
$(BUILD)/obj/lib/sim_backend.o $(BUILD)/obj/lib/sim_vm.o \
	$(BUILD)/obj/lib/hw_caps.o: include/mxa_hw.h sim/mxa_sim.h

# The drm backend follows the uAPI and the hardware header too.
$(patsubst lib/%.c,$(BUILD)/obj/lib/%.o,$(wildcard lib/drm_*.c)): \
	include/uapi/drm/mxa_accel.h include/mxa_hw.h

$(LIB_A): $(LIB_OBJS) | $(BUILD)/lib
	rm -f $@ && $(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJS) lib/libmxa.map | $(BUILD)/lib
	$(CC) -shared -Wl,-soname,libmxa.so.$(MXA_SOVERSION) \
		-Wl,--version-script=lib/libmxa.map -Wl,--no-undefined \
		$(LDFLAGS_BASE) -o $@ $(LIB_OBJS) $(LIBDRM_LIBS) -lm -lpthread
	ln -sf libmxa.so.$(MXA_VERSION) $(BUILD)/lib/libmxa.so.$(MXA_SOVERSION)
	ln -sf libmxa.so.$(MXA_SOVERSION) $(BUILD)/lib/libmxa.so

$(BUILD)/lib/mxa.pc: lib/mxa.pc.in | $(BUILD)/lib
	sed -e 's|@VERSION@|$(MXA_VERSION)|' -e 's|@PREFIX@|/usr/local|' $< > $@

lib: $(LIB_A) $(LIB_SO) $(BUILD)/lib/mxa.pc

# ---------------------------------------------------------------- tool
TOOL_SRCS := $(wildcard lib/tool/*.c)
TOOL_OBJS := $(TOOL_SRCS:lib/tool/%.c=$(BUILD)/obj/tool/%.o)

$(BUILD)/obj/tool/%.o: lib/tool/%.c lib/tool/*.h lib/mxa.h include/mxa_hw.h | $(BUILD)/obj/tool
	$(CC) $(CFLAGS_BASE) -Ilib -Iinclude -Ilib/tool -c $< -o $@

$(BUILD)/bin/mxa: $(TOOL_OBJS) $(LIB_SO) | $(BUILD)/bin
	$(CC) $(LDFLAGS_BASE) -o $@ $(TOOL_OBJS) -L$(BUILD)/lib -lmxa -lm \
		-Wl,-rpath,'$$ORIGIN/../lib'

$(BUILD)/bin/mxa-demo: examples/demo.c $(LIB_A) | $(BUILD)/bin
	$(CC) $(CFLAGS_BASE) -Ilib -o $@ $< $(LIB_A) $(LDFLAGS_BASE) \
		$(LIBDRM_LIBS) -lm -lpthread

tool: $(BUILD)/bin/mxa

# ---------------------------------------------------------------- tests
# Each tests/<group>/test_*.c is one program: exit 0 pass, 1 fail, 77 skip.
# Tests link the static library so they can reach internal helpers too.
TEST_CFLAGS := $(CFLAGS_BASE) -Ilib -Iinclude -Itests $(LIBDRM_CFLAGS) \
	-DMXA_HAVE_CUDA=$(HAVE_CUDA) \
	$(if $(filter 1,$(HAVE_CUDA)),-isystem $(CUDA_INC))
TEST_LIBS := $(LIB_A) $(LIBDRM_LIBS) -lmpfr -lgmp -lm -lpthread
TEST_GROUPS := unit oracle tool driver python fuzz boards
TEST_SRCS := $(foreach g,$(TEST_GROUPS),$(wildcard tests/$(g)/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRCS := $(wildcard tests/common/*.c)
TEST_SCRIPTS := $(foreach g,$(TEST_GROUPS),$(wildcard tests/$(g)/test_*.sh))
include sim/sim.mk
include tests/rtl/rtl.mk
include sim/top.mk
include tests/sim/sim.mk
# The board presets (hw/boards/): configurations, synthesis, Vivado, overlays.
include boards.mk
include sim/simd.mk
include driver/driver.mk
# In this order: arm64.mk's rules name qemu.mk's guest programs, and the
# arm64 guests run arm64.mk's build.
include tests/qemu/qemu.mk
include arm64.mk
include armhf.mk
include tests/qemu/qemu-arm64.mk
include tests/qemu/qemu-debug.mk
# The Python research layer (python/mxa): each concern its own fragment.
include $(sort $(wildcard python/*.mk))
# libFuzzer targets: make fuzz, and a short run in make check.
include tests/fuzz/fuzz.mk

$(BUILD)/tests/%: tests/%.c $(TEST_HELPER_SRCS) $(wildcard tests/*/*.h) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(TEST_HELPER_SRCS) $(LDFLAGS_BASE) $(TEST_LIBS)

tests: $(TEST_BINS) $(BUILD)/bin/mxa

# Targets that need packages install them first, then run in a fresh make:
# what a package brings (Verilator, say) is looked for when make starts.
all check check-unit bench bench-top demo sweep-conversions synth arm64 armhf:
	@scripts/deps.sh $(DEPS_$@)
	@$(MAKE) --no-print-directory run-$@

DEPS_all := build
DEPS_check := build test rtl kernel qemu qemu-src python arm64 arm fuzz boards \
	debug-kernel
DEPS_check-unit := build test rtl
DEPS_bench := build test
DEPS_bench-top := build test rtl
DEPS_demo := build rtl
DEPS_sweep-conversions := build test
DEPS_synth := build rtl
DEPS_arm64 := build rtl arm64
DEPS_armhf := build arm

# The runner gets the list of programs; shell tests find the tool in $MXA.
run-check: tests
	MXA=$(abspath $(BUILD)/bin/mxa) MXA_BUILD=$(abspath $(BUILD)) \
		tests/run-tests.sh $(TEST_BINS) $(TEST_SCRIPTS)

# Only the programs that exercise library code, for sanitizer runs.
run-check-unit: tests
	MXA=$(abspath $(BUILD)/bin/mxa) MXA_BUILD=$(abspath $(BUILD)) \
		tests/run-tests.sh $(filter $(BUILD)/tests/unit/%,$(TEST_BINS)) \
		$(filter $(BUILD)/tests/tool/%,$(TEST_BINS)) \
		$(filter $(BUILD)/tests/sim/%,$(TEST_BINS)) \
		$(filter tests/unit/% tests/tool/%,$(TEST_SCRIPTS))

# Every one of the 2^32 float32 inputs against the CUDA conversions (long).
run-sweep-conversions: $(BUILD)/tests/oracle/sweep_conversions
	$(BUILD)/tests/oracle/sweep_conversions

$(BUILD)/tests/oracle/sweep_conversions: tests/oracle/sweep_conversions.c \
		$(TEST_HELPER_SRCS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -O3 -o $@ $< $(TEST_HELPER_SRCS) $(LDFLAGS_BASE) $(TEST_LIBS)

# ---------------------------------------------------------------- hw interface
# One description of registers, descriptor, completion record and page
# tables, and one of the number formats; the generated files are committed, so a machine without python3
# builds with them as they are (tests/unit/test_hw_interface.sh catches
# stale ones).
HW_IF_OUT := include/mxa_hw.h hw/rtl/mxa_hw_pkg.sv docs/hw-interface.md \
	docs/numerics.md lib/mxa.h

hw-interface: $(HW_IF_OUT)

$(HW_IF_OUT) &: hw/interface/mxa_hw.toml hw/interface/mxa_formats.toml \
		scripts/gen_hw_interface.py
	@if command -v python3 >/dev/null; then \
		echo "python3 scripts/gen_hw_interface.py"; \
		python3 scripts/gen_hw_interface.py; \
	else \
		echo "python3 not found: using the committed $(HW_IF_OUT)"; \
	fi

$(BUILD)/tests/unit/test_hw_header: include/mxa_hw.h

# ---------------------------------------------------------------- bench, demo
$(BUILD)/bench/emu_gemm: tests/bench/emu_gemm.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Ilib -O3 -o $@ $< $(LIB_A) $(LDFLAGS_BASE) \
		-lopenblas $(LIBDRM_LIBS) -lm -lpthread

run-bench: $(BUILD)/bench/emu_gemm
	OPENBLAS_NUM_THREADS=1 $(BUILD)/bench/emu_gemm

# The default configuration of the whole accelerator through Yosys'
# synth_xilinx, and its resource counts; with BOARD=<board>, that board's
# preset for its part (boards.mk).
ifeq ($(BOARD),)
run-synth: synth-top-xilinx
	@scripts/synth_summary.sh $(BUILD)/synth/top-xilinx.stat
else
run-synth: synth-board
endif

# The demo runs on the simulated accelerator: the default model.
run-demo: $(BUILD)/bin/mxa-demo $(if $(filter 1,$(HAVE_VERILATOR)),$(call top_so,default))
	$(BUILD)/bin/mxa-demo sim

deps:
	@scripts/deps.sh build test rtl

# ---------------------------------------------------------------- misc
$(BUILD)/obj/lib $(BUILD)/obj/tool $(BUILD)/lib $(BUILD)/bin:
	mkdir -p $@

clean:
	rm -rf build

print-%:
	@echo $($*)
