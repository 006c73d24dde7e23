# boards.mk - the board presets (hw/boards/<board>.toml, docs/board.md) as
# configurations of the accelerator; included by the top-level Makefile
# after sim/top.mk, whose rules build, test and synthesize them.
#
# Each preset is read once by scripts/board_preset.py into
# build/boards/<board>.mk (sim/top.mk's TOP_PARAMS_, TOP_DEFS_ and
# TOP_FMASK_ of the board), so a preset is a configuration like `min`:
#   $(SIM_BUILD)/top-<board>/libmxa_sim.so   libmxa's sim:config=<board>
#   make sim-boards          every preset's model
#   make check-boards        the RTL tests of every preset's model and a
#                            512^3 bench on each (minutes: the kv260 and
#                            zcu104 models take a minute or two of C++ each)
#   make synth BOARD=<b>     synth_xilinx for the preset's family: resources
#                            against the part, the path against the clock
#   make vivado BOARD=<b>    the Vivado project in build/vivado/<b>/; run to
#                            a bitstream where vivado is on PATH
#   make overlay BOARD=<b>   the device-tree overlay, build/boards/<b>/
# make check runs the smallest preset's model tests (BOARD_CHECK) and the
# tests of tests/boards/.

BOARDS := $(sort $(basename $(notdir $(wildcard hw/boards/*.toml))))
BOARD_VARS_DIR := build/boards
# The preset whose model make check builds and tests: the smallest, whose
# C++ builds in seconds.
BOARD_CHECK := pynq-z2

# Without python3 (before scripts/deps.sh has installed it) the presets are
# not read and only the targets that need them fail.
ifneq ($(shell command -v python3 2>/dev/null),)
include $(BOARDS:%=$(BOARD_VARS_DIR)/%.mk)
endif
$(BOARD_VARS_DIR)/%.mk: hw/boards/%.toml scripts/board_preset.py \
		scripts/fmt_mask.py hw/interface/mxa_formats.toml
	@mkdir -p $(dir $@)
	@# Rewritten only when the configuration changed: a preset's clock or
	@# addresses do not rebuild its model. (So it stays older than what
	@# changed, and every make reads the preset again: the temporary file
	@# is its own, for makes that run side by side.)
	@scripts/board_preset.py make-vars $* >$@.$$$$.tmp && \
		if cmp -s $@.$$$$.tmp $@; then rm $@.$$$$.tmp; else mv $@.$$$$.tmp $@; fi

# libmxa's sim backend takes the names of the configurations and presets
# (config=<name>).
$(BUILD)/obj/lib/sim_backend.o: LIB_CFLAGS += \
	-DMXA_SIM_CONFIGS='"$(TOP_CONFIGS) $(BOARDS)"'
$(BUILD)/obj/lib/sim_backend.o: sim/top.mk boards.mk

# ---------------------------------------------------------------- models
$(foreach b,$(BOARDS),$(eval $(call top_rules,$(b),$(call top_vparams,$(b)),)))
# A model follows its preset.
$(foreach b,$(BOARDS),$(eval $(call top_dir,$(b))/Vmxa_model.mk \
	$(call top_lib,$(b)) $(call top_so,$(b)): $(BOARD_VARS_DIR)/$(b).mk))

.PHONY: sim-boards check-boards run-check-boards synth-board vivado overlay \
	overlays board-check
sim-boards: $(foreach b,$(BOARDS),$(call top_so,$(b)))

# test_top_jobs, _caps, _errors and _perf built for each preset, as sim/top.mk
# builds them for its configurations.
BOARD_TESTS := test_top_jobs test_top_caps test_top_errors test_top_perf
$(foreach b,$(BOARDS),$(foreach t,$(BOARD_TESTS),$(eval $(call top_prog,\
	$(call top_test_bin,$(t),$(b)),tests/rtl/$(t).c,$(b)))))
board_test_bins = $(foreach t,$(BOARD_TESTS),$(call top_test_bin,$(t),$(1)))
# Their TOP_* macros come from the preset.
$(foreach b,$(BOARDS),$(eval $(call board_test_bins,$(b)): $(BOARD_VARS_DIR)/$(b).mk))

# make check: the smallest preset's jobs and capabilities.
TEST_BINS += $(call top_test_bin,test_top_jobs,$(BOARD_CHECK)) \
	$(call top_test_bin,test_top_caps,$(BOARD_CHECK))
# The lint test covers the presets' parameters too.
MXA_TOP_PARAMS := $(MXA_TOP_PARAMS)$(subst \',',$(foreach b,$(BOARDS),$(call \
	top_vparams,$(b));))

check-boards:
	@scripts/deps.sh build test rtl
	@$(MAKE) --no-print-directory run-check-boards

# Every preset's tests, then 512^3 MXFP8 and MXFP4 on each through the
# library (utilization and bit-exactness, docs/board.md).
run-check-boards: $(foreach b,$(BOARDS),$(call board_test_bins,$(b))) \
		$(foreach b,$(BOARDS),$(call top_so,$(b))) $(BUILD)/bin/mxa
	MXA=$(abspath $(BUILD)/bin/mxa) MXA_BUILD=$(abspath $(BUILD)) \
		tests/run-tests.sh $(foreach b,$(BOARDS),$(call board_test_bins,$(b)))
	$(foreach b,$(BOARDS),$(foreach f,e4m3 e2m1,$(BUILD)/bin/mxa bench \
		--device sim:config=$(b) --m 512 --n 512 --k 512 --a-format $(f) \
		--b-format $(f) --scale mx &&)) true

# ---------------------------------------------------------------- synth, vivado, overlay
board-check:
	@test -n "$(BOARD)" || { echo "BOARD=<board> is required (presets: $(BOARDS))" >&2; exit 1; }
	@test -f hw/boards/$(BOARD).toml || { echo "no preset hw/boards/$(BOARD).toml (presets: $(BOARDS))" >&2; exit 1; }

# make synth BOARD=<b> (the Makefile's run-synth comes here with BOARD set).
synth-board: board-check
	scripts/board_synth.sh $(BOARD)

overlay: board-check
	scripts/gen_board_dtso.py $(BOARD) $(BOARD_VARS_DIR)/$(BOARD)

overlays:
	$(foreach b,$(BOARDS),scripts/gen_board_dtso.py $(b) $(BOARD_VARS_DIR)/$(b) &&) true

# The project's scripts; Vivado runs them when it is there.
vivado: board-check
	@scripts/gen_board_vivado.py $(BOARD) build/vivado/$(BOARD)
	@scripts/gen_board_dtso.py $(BOARD) build/vivado/$(BOARD)
	@if command -v vivado >/dev/null; then \
		cd build/vivado/$(BOARD) && vivado -mode batch -source build.tcl; \
	else \
		echo "vivado not found: wrote the project's scripts to build/vivado/$(BOARD)/ (run 'vivado -mode batch -source build.tcl' there)"; \
	fi
