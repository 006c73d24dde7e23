# tests/rtl/rtl.mk - the RTL checks of the dot-product unit, included by the
# top-level Makefile:
#   make lint-rtl        Verilator -Wall lint and a Yosys elaboration check
#   make synth-rtl-dpu   Yosys synth_xilinx of one unit, with resource counts
#   make check-rtl-dpu   the Verilator tests against the emulator and the
#                        host's binary32 arithmetic
# The test programs join TEST_BINS, so `make check` runs them; without
# Verilator each is a script that reports the skip (exit 77).

VERILATOR ?= verilator
YOSYS ?= yosys
HAVE_VERILATOR := $(if $(shell command -v $(VERILATOR) 2>/dev/null),1,0)

# Packages first: Yosys needs them before their users.
RTL_DPU_PKGS := hw/rtl/mxa_hw_pkg.sv hw/rtl/mxa_dpu_pkg.sv
RTL_DPU_SRCS := $(RTL_DPU_PKGS) $(filter-out $(RTL_DPU_PKGS), \
	$(sort $(wildcard hw/rtl/mxa_dpu*.sv hw/rtl/mxa_fp32_*.sv)))
RTL_WAIVERS := hw/lint/waivers.vlt

# The unit is tested in three builds: the default one, with every element
# format of the description; a minimal one with narrower lanes, formats 0 to
# 6 and without the trunc mode (so with the scale significand applied to
# block sums instead of in the lanes); and a narrow one with four lanes,
# four formats and trunc but not exact. (The shell passes Verilator 1'b1 and
# N'h5a, the widths of the parameters, N being the number of element
# formats; the harness gets 1 and 0x5a.)
RTL_NFMT := $(shell sed -n 's/^\#define MXA_NUM_ELEM_FORMATS //p' lib/mxa.h)
RTL_ALL_FMTS := $(shell printf '%x' $$(( (1 << $(RTL_NFMT)) - 1 )))
RTL_DPU_PARAMS := LaneBits=64 Formats=$(RTL_NFMT)\'h$(RTL_ALL_FMTS) \
	TruncMode=1\'b1 ExactMode=1\'b1
RTL_DPU_PARAMS_MIN := LaneBits=32 Formats=$(RTL_NFMT)\'h7f TruncMode=1\'b0 \
	ExactMode=1\'b1
RTL_DPU_PARAMS_NARROW := LaneBits=16 Formats=$(RTL_NFMT)\'h5a TruncMode=1\'b1 \
	ExactMode=1\'b0
RTL_DPU_TEST := $(BUILD)/tests/rtl/test_dpu
RTL_DPU_TESTS := $(RTL_DPU_TEST) $(BUILD)/tests/rtl/test_dpu_min \
	$(BUILD)/tests/rtl/test_dpu_narrow $(BUILD)/tests/rtl/test_fp32
RTL_TEST_DEPS := tests/common/test_util.h $(LIB_A) tests/rtl/rtl.mk
TEST_BINS += $(RTL_DPU_TESTS)

.PHONY: lint-rtl synth-rtl-dpu check-rtl-dpu

lint-rtl:
	@scripts/deps.sh rtl
	$(VERILATOR) --lint-only -Wall $(RTL_WAIVERS) $(RTL_DPU_SRCS) \
		--top-module mxa_dpu
	$(YOSYS) -q -p "read_verilog -sv -noautowire $(RTL_DPU_SRCS); \
		hierarchy -check -top mxa_dpu; proc; check -assert"

synth-rtl-dpu:
	@scripts/deps.sh rtl
	$(YOSYS) -q -p "read_verilog -sv -noautowire $(RTL_DPU_SRCS); \
		synth_xilinx -flatten -top mxa_dpu; tee -o /dev/stdout stat"

check-rtl-dpu: $(RTL_DPU_TESTS)
	@for t in $(RTL_DPU_TESTS); do echo "$$t"; $$t || exit 1; done

ifeq ($(HAVE_VERILATOR),1)
# rtl_test(binary, top, parameters, harness, test): Verilator builds the
# model of module top with the parameters and links it with the C test,
# its C++ harness (told the same parameters) and the static library.
define rtl_test
$(1): $(RTL_DPU_SRCS) $(4) $(4:.cpp=.h) $(5) $(RTL_TEST_DEPS) $(wildcard tests/rtl/$(2).sv)
	@mkdir -p $(1).d
	$(CC) $(TEST_CFLAGS) -c $(5) -o $(1).d/test.o
	@# Verilator's makefile knows nothing of test.o: make it relink
	@# (under a name its VPATH cannot find elsewhere).
	rm -f $(1).d/rtl_sim
	$(VERILATOR) --cc --exe --build -j 2 --assert --x-assign fast \
		--x-initial fast $(addprefix -G,$(3)) --top-module $(2) \
		-Mdir $(1).d -o rtl_sim -MAKEFLAGS "OPT_FAST=-O1" \
		-CFLAGS "$(addprefix -DDPU_TB_,$(subst $(RTL_NFMT)\'h,0x,$(subst 1\'b,,$(3)))) \
			-I$(abspath tests/rtl)" \
		-LDFLAGS "$(abspath $(1).d/test.o) $(abspath $(LIB_A)) \
			$(LDFLAGS_BASE) $(LIBDRM_LIBS) -lmpfr -lgmp -lm -lpthread" \
		$(RTL_DPU_SRCS) $(wildcard tests/rtl/$(2).sv) $(abspath $(4)) >/dev/null
	cp $(1).d/rtl_sim $(1)
endef
DPU_TB := tests/rtl/dpu_tb.cpp
$(eval $(call rtl_test,$(RTL_DPU_TEST),mxa_dpu,$(RTL_DPU_PARAMS),$(DPU_TB),tests/rtl/test_dpu.c))
$(eval $(call rtl_test,$(BUILD)/tests/rtl/test_dpu_min,mxa_dpu,$(RTL_DPU_PARAMS_MIN),$(DPU_TB),tests/rtl/test_dpu.c))
$(eval $(call rtl_test,$(BUILD)/tests/rtl/test_dpu_narrow,mxa_dpu,$(RTL_DPU_PARAMS_NARROW),$(DPU_TB),tests/rtl/test_dpu.c))
$(eval $(call rtl_test,$(BUILD)/tests/rtl/test_fp32,fp32_units,,tests/rtl/fp32_tb.cpp,tests/rtl/test_fp32.c))
else
$(RTL_DPU_TESTS):
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\necho "skipped: verilator not installed"\nexit 77\n' >$@
	chmod +x $@
endif
