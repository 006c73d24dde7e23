# top.mk - the accelerator (hw/rtl/mxa_top.sv: the shell and the compute
# engine) as a simulated device, its tests, lint, synthesis and benchmark;
# included by the top-level Makefile after sim/sim.mk.
#
# $(SIM_BUILD)/top-<config>/libmxa_sim.a is sim/mxa_sim.cpp around the
# Verilated mxa_top in one of TOP_CONFIGS (docs/rtl-engine.md 6), and
# libmxa_sim.so next to it the same as the shared object libmxa's sim
# backend loads (docs/sim-backend.md):
#   default   Rows 8, Cols 2, LaneBits 64, DataBits 256, BufDepth 512
#   min       Rows 2, Cols 1, LaneBits 32, DataBits 64, BufDepth 64, no TRUNC
#   subset    min's shape with only the element formats of TOP_FORMATS_subset
# built without waveform support (it triples the C++ build time of the
# default configuration); top-default-trace/ is the default with it
# (make sim-top-trace). Each tests/rtl/test_top_*.c is built for every
# configuration: $(BUILD)/tests/rtl/test_top_<name> for the default, with
# -<config> appended for the others. Without Verilator the static library is
# the stub, there is no shared object, and the tests report a skip.
# The board presets (hw/boards/) are configurations too: boards.mk gives
# them these rules.
#
# Targets: sim-top, sim-top-trace, lint-top (every configuration),
# synth-top (Yosys generic synthesis of configuration SYNTH_TOP_CONFIG, min
# unless told), synth-top-xilinx (synth_xilinx of the default: LUT, FF, DSP
# and block RAM counts; about 2.5 minutes and 1.5 GB), bench-top
# (tests/rtl/bench_top.c on the default); sim-model and synth-model (one
# configuration of any parameters, below).

TOP_RTL := $(shell cat hw/rtl/mxa_top.f)
TOP_VLT := hw/lint/shell.vlt hw/lint/waivers.vlt hw/lint/engine.vlt
TOP_CONFIGS := default min subset

# The element formats of each configuration, by name as the command line
# spells them (docs/numerics.md); empty: every element format of
# hw/interface/mxa_formats.toml. scripts/fmt_mask.py turns a list into the
# Formats parameter of mxa_top (Verilator and Yosys) and into TOP_FORMATS of
# the C tests, so the list is the one place a configuration's formats are
# given.
TOP_FORMATS_default :=
TOP_FORMATS_min :=
TOP_FORMATS_subset := e4m3 e2m1 e2m2 int4

# The other Verilator parameters and the C tests' view of them.
TOP_PARAMS_default :=
TOP_DEFS_default := -DTOP_ROWS=8 -DTOP_COLS=2 -DTOP_LANE_BITS=64 \
	-DTOP_DATA_BITS=256 -DTOP_BUF_DEPTH=512 -DTOP_TRUNC=1 \
	-DTOP_BLOCK_SIZES=0x78
TOP_PARAMS_min := -GRows=2 -GCols=1 -GLaneBits=32 -GDataBits=64 \
	-GBufDepth=64 -GTruncMode=1\'b0
TOP_DEFS_min := -DTOP_ROWS=2 -DTOP_COLS=1 -DTOP_LANE_BITS=32 \
	-DTOP_DATA_BITS=64 -DTOP_BUF_DEPTH=64 -DTOP_TRUNC=0 \
	-DTOP_BLOCK_SIZES=0x78
TOP_PARAMS_subset := $(TOP_PARAMS_min)
TOP_DEFS_subset := $(TOP_DEFS_min)

# Formats of each configuration as a SystemVerilog literal (N'hX). Without
# python3 (before scripts/deps.sh has installed it) the masks are empty and
# only the targets that need them fail.
ifneq ($(shell command -v python3 2>/dev/null),)
$(foreach c,$(TOP_CONFIGS),$(eval TOP_FMASK_$(c) := \
	$(shell scripts/fmt_mask.py $(TOP_FORMATS_$(c)))))
$(foreach c,$(TOP_CONFIGS),$(if $(TOP_FMASK_$(c)),,$(error \
	TOP_FORMATS_$(c) ($(TOP_FORMATS_$(c))) is not a list of element formats)))
endif
# top_vparams(config): every Verilator parameter of a configuration;
# top_cdefs(config): the C tests' view of them; top_yparams(config): the
# same parameters as Yosys' -chparam options.
top_vparams = $(TOP_PARAMS_$(1)) -GFormats=$(subst ',\',$(TOP_FMASK_$(1)))
top_cdefs = $(TOP_DEFS_$(1)) \
	-DTOP_FORMATS=0x$(lastword $(subst 'h, ,$(TOP_FMASK_$(1))))
top_yparams = $(call vparams_to_yosys,$(call top_vparams,$(1)))
vparams_to_yosys = $(foreach p,$(subst \',',$(1)),\
	-chparam $(subst =, ,$(patsubst -G%,%,$(p))))
SYNTH_TOP_CONFIG ?= min
# tests/rtl/test_top_lint.sh lints and elaborates every configuration: their
# Verilator parameters, separated by ';'.
export MXA_TOP_PARAMS := $(subst \',',$(foreach c,$(TOP_CONFIGS),$(call \
	top_vparams,$(c));))

# libmxa's sim backend takes the names of TOP_CONFIGS and of the board
# presets (config=<name>): boards.mk gives it both.

# top_vargs(dir, parameters, extra Verilator options) are Verilator's
# arguments for mxa_top, and top_verilate(the same) verilates it into dir;
# top_compile(dir) builds both libraries there with one sub-make (two would
# compile the same objects at once under make -j). sim-model uses them; the
# configurations' rules hand top_vargs to sim/build-model.sh, which caches
# what it builds.
top_verilate = $(VERILATOR) $(top_vargs) -Mdir $(1)
top_vargs = --cc --prefix Vmxa_model --top-module mxa_top -GSim=1\'b1 $(2) \
	--assert $(3) $(TOP_VLT) $(TOP_RTL)
top_compile = $(MAKE) -s -C $(1) -f $(abspath sim/model.mk) \
	MXA_SIM_DIR=$(abspath sim) libmxa_sim.a libmxa_sim.so

top_dir = $(SIM_BUILD)/top-$(1)
top_lib = $(call top_dir,$(1))/libmxa_sim.a
top_so = $(call top_dir,$(1))/libmxa_sim.so

.PHONY: sim-top sim-top-trace lint-top synth-top synth-top-xilinx run-bench-top

ifeq ($(HAVE_VERILATOR),1)
sim-top: $(foreach c,$(TOP_CONFIGS),$(call top_lib,$(c)) $(call top_so,$(c)))
sim-top-trace: $(call top_lib,default-trace) $(call top_so,default-trace)

# top_rules(dir name, parameters, extra Verilator options)
ifeq ($(SIM_GEN_BUILD),)
# The sources and both libraries in one step, sim/build-model.sh, which
# takes a directory built before from its cache.
define top_rules
$(call top_dir,$(1))/Vmxa_model.mk $(call top_lib,$(1)) $(call top_so,$(1)) &: \
		$(TOP_RTL) $(TOP_VLT) hw/rtl/mxa_top.f sim/top.mk sim/model.mk \
		sim/mxa_sim.map sim/mxa_sim.cpp sim/mxa_sim.h sim/build-model.sh
	+VERILATOR=$(VERILATOR) CXX=$(CXX) sim/build-model.sh \
		$(call top_dir,$(1)) $(top_vargs)
endef
else
# A cross build (arm64.mk) compiles the very sources the host verilated in
# $(SIM_GEN_BUILD) with its own compiler: copied with their times, so that
# only what the host regenerated is compiled again.
define top_model_sources
$(call top_dir,$(1))/Vmxa_model.mk: $(SIM_GEN_BUILD)/top-$(1)/Vmxa_model.mk
	@mkdir -p $$(dir $$@)
	@echo "copying the Verilated sources of $$(dir $$<) to $$(dir $$@)"
	@cp -p $$(addprefix $$(dir $$<),$$(shell cd $$(dir $$<) && \
		ls *.cpp *.h *.mk *.dat)) $$(dir $$@)
endef

define top_rules
$(call top_model_sources,$(1),$(2),$(3))

$(call top_lib,$(1)) $(call top_so,$(1)) &: $(call top_dir,$(1))/Vmxa_model.mk \
		sim/model.mk sim/mxa_sim.map sim/mxa_sim.cpp sim/mxa_sim.h
	+$(call top_compile,$(call top_dir,$(1)))
endef
endif
else
sim-top: $(foreach c,$(TOP_CONFIGS),$(call top_lib,$(c)))
sim-top-trace: $(call top_lib,default-trace)

define top_rules
$(call top_lib,$(1)): sim/mxa_sim_stub.c sim/mxa_sim.h
	@mkdir -p $$(dir $$@)
	$(CC) $(CFLAGS_BASE) -Isim -c $$< -o $(call top_dir,$(1))/mxa_sim_stub.o
	rm -f $$@ && $(AR) rcs $$@ $(call top_dir,$(1))/mxa_sim_stub.o
endef
endif
$(foreach c,$(TOP_CONFIGS),$(eval $(call top_rules,$(c),$(call top_vparams,$(c)),)))
$(eval $(call top_rules,default-trace,$(call top_vparams,default),--trace-fst))

# ---------------------------------------------------------------- tests
TOP_TEST_SRCS := $(wildcard tests/rtl/test_top_*.c)
TOP_TEST_SCRIPTS := $(wildcard tests/rtl/test_top_*.sh)
TOP_HARNESS := tests/rtl/shell_harness.c tests/rtl/top_harness.c
TOP_TEST_DEPS := $(TOP_HARNESS) tests/rtl/shell_harness.h \
	tests/rtl/top_harness.h $(TEST_HELPER_SRCS) \
	$(wildcard tests/common/*.h) include/mxa_hw.h sim/mxa_sim.h $(LIB_A)
top_test_bin = $(BUILD)/tests/rtl/$(1)$(if $(filter-out default,$(2)),-$(2))
TOP_TEST_BINS := $(foreach c,$(TOP_CONFIGS),$(foreach t,$(TOP_TEST_SRCS),\
	$(call top_test_bin,$(basename $(notdir $(t))),$(c))))

# top_prog(binary, source, config)
define top_prog
$(1): $(2) $(TOP_TEST_DEPS) $(call top_lib,$(3))
	@mkdir -p $$(dir $$@)
	$(CC) $(TEST_CFLAGS) $(call top_cdefs,$(3)) -Iinclude -Isim -o $$@ $$< \
		$(TOP_HARNESS) $(TEST_HELPER_SRCS) $(LDFLAGS_BASE) \
		$(call top_lib,$(3)) $(SIM_LDLIBS) $(TEST_LIBS)
endef
$(foreach c,$(TOP_CONFIGS),$(foreach t,$(TOP_TEST_SRCS),$(eval $(call \
	top_prog,$(call top_test_bin,$(basename $(notdir $(t))),$(c)),$(t),$(c)))))

TEST_BINS := $(filter-out $(BUILD)/tests/rtl/test_top_%,$(TEST_BINS)) \
	$(TOP_TEST_BINS)
TEST_SCRIPTS := $(filter-out $(TOP_TEST_SCRIPTS),$(TEST_SCRIPTS)) \
	$(TOP_TEST_SCRIPTS)

# ---------------------------------------------------------------- bench
BENCH_TOP := $(BUILD)/tests/rtl/bench_top
$(eval $(call top_prog,$(BENCH_TOP),tests/rtl/bench_top.c,default))

run-bench-top: $(BENCH_TOP)
	$(BENCH_TOP)

# ---------------------------------------------------------------- lint, synth
# The RTL's own defaults, then every configuration.
lint-top:
	$(VERILATOR) --lint-only -Wall --top-module mxa_top $(TOP_VLT) $(TOP_RTL)
	$(foreach c,$(TOP_CONFIGS),$(VERILATOR) --lint-only -Wall \
		--top-module mxa_top $(call top_vparams,$(c)) $(TOP_VLT) \
		$(TOP_RTL) &&) true

synth-top:
	@mkdir -p $(BUILD)/synth
	$(YOSYS) -q -l $(BUILD)/synth/top-$(SYNTH_TOP_CONFIG).log -p "read_verilog \
		-sv -noautowire $(TOP_RTL); hierarchy -check -top mxa_top \
		$(call top_yparams,$(SYNTH_TOP_CONFIG)); synth -top mxa_top; stat"
	@sed -n '/=== design hierarchy ===/,$$p' \
		$(BUILD)/synth/top-$(SYNTH_TOP_CONFIG).log

# top_synth_xilinx(Yosys parameters, log, stat file, commands after stat)
top_synth_xilinx = $(YOSYS) -q -l $(2) -p "read_verilog -sv -noautowire \
	$(TOP_RTL); hierarchy -check -top mxa_top $(1); synth_xilinx -top \
	mxa_top; tee -q -o $(3) stat$(4)"

# Minutes: the report is cached by a hash of the RTL, the script and Yosys'
# version (scripts/yosys_cached.sh).
synth-top-xilinx:
	@scripts/yosys_cached.sh top-xilinx $(BUILD)/synth/top-xilinx.stat \
		$(BUILD)/synth/top-xilinx.log "read_verilog -sv -noautowire \
		$(TOP_RTL); hierarchy -check -top mxa_top $(call \
		top_yparams,default); synth_xilinx -top mxa_top; tee -q -o @OUT@ stat"
	@sed -n '/=== design hierarchy ===/,$$p' $(BUILD)/synth/top-xilinx.stat \
		| sed -n '/Number of cells/,$$p'

# ---------------------------------------------------------------- any configuration
# One configuration of any parameters, for the tools that explore them
# (python/mxa/hw, docs/codesign.md):
#   make sim-model MODEL_DIR=<dir> MODEL_PARAMS='-GRows=4 -GCols=2 ...' \
#        [MODEL_FORMATS='e4m3 e2m1'] [MODEL_TRACE=1]
# builds <dir>/libmxa_sim.so (libmxa opens it as sim:model=<dir>) with the
# rules of the configurations above; MODEL_PARAMS are mxa_top's Verilator
# parameters but Formats, which comes from the names of MODEL_FORMATS (empty:
# every element format) through scripts/fmt_mask.py.
#   make synth-model MODEL_DIR=<dir> MODEL_PARAMS=... [MODEL_FORMATS=...]
# runs synth_xilinx of the same configuration: <dir>/synth.stat (the cells),
# <dir>/synth.ltp (the longest combinational path of the flattened netlist,
# flip-flops and block RAMs cut out: logic levels, not a timing analysis).
MODEL_FMASK = $(shell scripts/fmt_mask.py $(MODEL_FORMATS))
# (quotes escaped for the shell whether MODEL_PARAMS has them escaped or not)
model_vparams = $(subst ',\',$(subst \',',$(MODEL_PARAMS)) \
	-GFormats=$(MODEL_FMASK))
.PHONY: sim-model synth-model model-check

model-check:
	@test -n "$(MODEL_DIR)" || { echo "MODEL_DIR=<directory> is required" >&2; exit 1; }
	@test -n "$(MODEL_FMASK)" || exit 1

ifeq ($(HAVE_VERILATOR),1)
sim-model: model-check
	@mkdir -p $(MODEL_DIR)
	$(call top_verilate,$(MODEL_DIR),$(model_vparams),$(if $(filter \
		1,$(MODEL_TRACE)),--trace-fst))
	+$(call top_compile,$(MODEL_DIR))
else
sim-model:
	@echo "sim-model needs Verilator ($(VERILATOR) not found)" >&2; exit 1
endif

synth-model: model-check
	@mkdir -p $(MODEL_DIR)
	$(call top_synth_xilinx,$(call vparams_to_yosys,$(model_vparams)),\
		$(MODEL_DIR)/synth.log,$(MODEL_DIR)/synth.stat,; flatten; \
		delete t:FD*E t:RAMB*; tee -q -o $(MODEL_DIR)/synth.ltp ltp -noff)
	@scripts/synth_summary.sh $(MODEL_DIR)/synth.stat
