# simd.mk - mxa-simd, the daemon behind the kernel driver's simulator
# bridge (/dev/mxa-sim, docs/sim-bridge.md), and its tests; included by the
# top-level Makefile after sim/top.mk.
#
# $(BUILD)/bin/mxa-simd runs the default accelerator configuration built
# without waveform support; mxa-simd-min the minimal configuration (some
# twenty times faster to simulate: for guests under TCG, where the size of
# the array does not matter); mxa-simd-trace (make simd-trace) the default
# with waveform support, for --trace. All need the bridge's uAPI header
# only, not the kernel module. Without Verilator they link the stub model and
# say so when started. tests/simd/test_simd_loop runs the serving loop
# against a fake bridge on the minimal configuration (the fastest).

SIMD_SRCS := sim/mxa_simd.c sim/simd.c
SIMD_HDRS := sim/simd.h sim/mxa_sim.h include/mxa_hw.h \
	include/uapi/drm/mxa_sim_bridge.h
SIMD_CFLAGS := $(CFLAGS_BASE) -Iinclude -Iinclude/uapi -Isim

.PHONY: simd simd-trace

simd: $(BUILD)/bin/mxa-simd $(BUILD)/bin/mxa-simd-min
simd-trace: $(BUILD)/bin/mxa-simd-trace

# simd_prog(binary, accelerator configuration)
define simd_prog
$(1): $(SIMD_SRCS) $(SIMD_HDRS) $(call top_lib,$(2))
	@mkdir -p $$(dir $$@)
	$(CC) $(SIMD_CFLAGS) -o $$@ $(SIMD_SRCS) $(LDFLAGS_BASE) \
		$(call top_lib,$(2)) $(SIM_LDLIBS)
endef
$(eval $(call simd_prog,$(BUILD)/bin/mxa-simd,default))
$(eval $(call simd_prog,$(BUILD)/bin/mxa-simd-min,min))
$(eval $(call simd_prog,$(BUILD)/bin/mxa-simd-trace,default-trace))

# ---------------------------------------------------------------- tests
SIMD_LOOP_TEST := $(BUILD)/tests/simd/test_simd_loop

$(SIMD_LOOP_TEST): tests/simd/test_simd_loop.c sim/simd.c $(SIMD_HDRS) \
		tests/common/test_util.h $(call top_lib,min)
	@mkdir -p $(dir $@)
	$(CC) $(SIMD_CFLAGS) -Itests -o $@ $< sim/simd.c $(LDFLAGS_BASE) \
		$(call top_lib,min) $(SIM_LDLIBS)

# The command-line test finds the program in $MXA_BUILD/bin.
tests: $(BUILD)/bin/mxa-simd
TEST_BINS += $(SIMD_LOOP_TEST)
TEST_SCRIPTS += $(wildcard tests/simd/test_*.sh)
