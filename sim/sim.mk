# sim.mk - the simulation library and the shell's tests, lint and
# synthesis; included by the top-level Makefile.
#
# $(SIM_BUILD)/shell-d<bits>/libmxa_sim.a is sim/mxa_sim.cpp around the
# Verilated shell with the test engine (tests/rtl/mxa_shell_test_top.sv) for
# an AXI data width of <bits>. The shell tests (tests/rtl/test_shell_*.c)
# are built against each width of SHELL_WIDTHS: the first width's programs
# are $(BUILD)/tests/rtl/test_shell_*, the others' end in -d<bits>. Without
# Verilator the library is sim/mxa_sim_stub.c, whose mxa_sim_create() fails
# with -ENOSYS, so the tests still build and report a skip.
#
# Targets: sim-shell (the libraries), lint-shell (verilator -Wall),
# synth-shell (Yosys generic synthesis of mxa_shell and its cell counts).

VERILATOR ?= verilator
YOSYS ?= yosys
HAVE_VERILATOR := $(if $(shell command -v $(VERILATOR) 2>/dev/null),1,0)

SHELL_RTL := $(shell cat hw/rtl/mxa_shell.f)
SHELL_TB_RTL := tests/rtl/mxa_test_engine.sv tests/rtl/mxa_shell_test_top.sv
SHELL_VLT := hw/lint/shell.vlt
SHELL_WIDTHS ?= 128 64

SIM_LDLIBS := -lstdc++ -lz -lpthread -lm
sim_dir = $(SIM_BUILD)/shell-d$(1)
sim_lib = $(call sim_dir,$(1))/libmxa_sim.a

.PHONY: sim-shell lint-shell synth-shell

sim-shell: $(foreach w,$(SHELL_WIDTHS),$(call sim_lib,$(w)))

ifeq ($(HAVE_VERILATOR),1)
# Verilate, then build the model, the run-time and the C ABI in the
# model's directory with the makefile Verilator generated (sim/model.mk).
define sim_rules
$(call sim_dir,$(1))/Vmxa_model.mk: $(SHELL_RTL) $(SHELL_TB_RTL) $(SHELL_VLT) \
		hw/rtl/mxa_shell.f
	@mkdir -p $$(dir $$@)
	$(VERILATOR) --cc --prefix Vmxa_model --top-module mxa_shell_test_top \
		-GDataBits=$(1) --assert --trace-fst -Mdir $(call sim_dir,$(1)) \
		$(SHELL_VLT) $(SHELL_RTL) $(SHELL_TB_RTL)
	@# Verilator leaves unchanged files alone: mark this one done.
	touch $$@

$(call sim_lib,$(1)): $(call sim_dir,$(1))/Vmxa_model.mk sim/model.mk \
		sim/mxa_sim.cpp sim/mxa_sim.h
	+$(MAKE) -s -C $(call sim_dir,$(1)) -f $(abspath sim/model.mk) \
		MXA_SIM_DIR=$(abspath sim) libmxa_sim.a
endef
else
define sim_rules
$(call sim_lib,$(1)): sim/mxa_sim_stub.c sim/mxa_sim.h
	@mkdir -p $$(dir $$@)
	$(CC) $(CFLAGS_BASE) -Isim -c $$< -o $(call sim_dir,$(1))/mxa_sim_stub.o
	rm -f $$@ && $(AR) rcs $$@ $(call sim_dir,$(1))/mxa_sim_stub.o
endef
endif
$(foreach w,$(SHELL_WIDTHS),$(eval $(call sim_rules,$(w))))

# ---------------------------------------------------------------- tests
SHELL_TEST_SRCS := $(wildcard tests/rtl/test_shell_*.c)
SHELL_TEST_SCRIPTS := $(wildcard tests/rtl/test_shell_*.sh)
SHELL_HARNESS := tests/rtl/shell_harness.c
SHELL_TEST_DEPS := $(SHELL_HARNESS) tests/rtl/shell_harness.h \
	$(TEST_HELPER_SRCS) $(wildcard tests/common/*.h) include/mxa_hw.h \
	sim/mxa_sim.h $(LIB_A)
shell_test_bin = $(BUILD)/tests/rtl/$(1)$(if $(filter-out \
	$(firstword $(SHELL_WIDTHS)),$(2)),-d$(2))
SHELL_TEST_BINS := $(foreach w,$(SHELL_WIDTHS),$(foreach t,$(SHELL_TEST_SRCS),\
	$(call shell_test_bin,$(basename $(notdir $(t))),$(w))))

define shell_test_rule
$(call shell_test_bin,$(1),$(2)): tests/rtl/$(1).c $(SHELL_TEST_DEPS) \
		$(call sim_lib,$(2))
	@mkdir -p $$(dir $$@)
	$(CC) $(TEST_CFLAGS) -Iinclude -Isim -o $$@ $$< $(SHELL_HARNESS) \
		$(TEST_HELPER_SRCS) $(LDFLAGS_BASE) $(call sim_lib,$(2)) \
		$(SIM_LDLIBS) $(TEST_LIBS)
endef
$(foreach w,$(SHELL_WIDTHS),$(foreach t,$(SHELL_TEST_SRCS),\
	$(eval $(call shell_test_rule,$(basename $(notdir $(t))),$(w)))))

# The programs join the ones `make tests` builds and `make check` runs,
# once each whatever TEST_GROUPS holds.
TEST_BINS := $(filter-out $(BUILD)/tests/rtl/test_shell_%,$(TEST_BINS)) \
	$(SHELL_TEST_BINS)
TEST_SCRIPTS := $(filter-out $(SHELL_TEST_SCRIPTS),$(TEST_SCRIPTS)) \
	$(SHELL_TEST_SCRIPTS)

# ---------------------------------------------------------------- lint, synth
lint-shell:
	$(VERILATOR) --lint-only -Wall --top-module mxa_shell_test_top \
		$(SHELL_VLT) $(SHELL_RTL) $(SHELL_TB_RTL)

synth-shell:
	@mkdir -p $(BUILD)/synth
	$(YOSYS) -q -l $(BUILD)/synth/shell.log -p "read_verilog -sv \
		-noautowire $(SHELL_RTL); synth -top mxa_shell; stat"
	@sed -n '/=== design hierarchy ===/,$$p' $(BUILD)/synth/shell.log
