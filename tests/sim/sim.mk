# tests/sim/sim.mk - the tests of libmxa's sim backend (lib/sim_backend.c),
# included by the top-level Makefile after sim/top.mk.
#
# Each tests/sim/test_*.c is built for every configuration of TOP_CONFIGS:
# $(BUILD)/tests/sim/test_<name> opens "sim" (the default configuration),
# test_<name>-<config> opens "sim:config=<config>"; each knows its
# configuration's parameters as sim/top.mk's TOP_* macros (TOP_FORMATS: the
# element formats built). The programs go through the public API (and a few
# internals) of the static library and load the model that sim/top.mk
# builds; they need it built, so they depend on it.
# Without Verilator there is no model and they report a skip.

SIM_TEST_SRCS := $(wildcard tests/sim/test_*.c)
SIM_TEST_HARNESS := tests/sim/sim_harness.c
SIM_TEST_DEPS := $(SIM_TEST_HARNESS) $(wildcard tests/sim/*.h) \
	$(TEST_HELPER_SRCS) $(wildcard tests/common/*.h) include/mxa_hw.h \
	$(LIB_A) tests/sim/sim.mk
sim_test_bin = $(BUILD)/tests/sim/$(1)$(if $(filter-out default,$(2)),-$(2))
SIM_TEST_BINS := $(foreach c,$(TOP_CONFIGS),$(foreach t,$(SIM_TEST_SRCS),\
	$(call sim_test_bin,$(basename $(notdir $(t))),$(c))))

# sim_test_rule(name, config)
define sim_test_rule
$(call sim_test_bin,$(1),$(2)): tests/sim/$(1).c $(SIM_TEST_DEPS) \
		$(if $(filter 1,$(HAVE_VERILATOR)),$(call top_so,$(2)))
	@mkdir -p $$(dir $$@)
	$(CC) $(TEST_CFLAGS) -Iinclude -DSIM_CONFIG='"$(2)"' $(call top_cdefs,$(2)) \
		-DSIM_MODEL_DIR='"$(abspath $(SIM_BUILD))"' \
		-DMXA_HAVE_VERILATOR=$(HAVE_VERILATOR) -o $$@ $$< \
		$(SIM_TEST_HARNESS) $(TEST_HELPER_SRCS) $(LDFLAGS_BASE) \
		$(TEST_LIBS)
endef
$(foreach c,$(TOP_CONFIGS),$(foreach t,$(SIM_TEST_SRCS),\
	$(eval $(call sim_test_rule,$(basename $(notdir $(t))),$(c)))))

TEST_BINS := $(filter-out $(BUILD)/tests/sim/%,$(TEST_BINS)) $(SIM_TEST_BINS)

# Waveforms come from the model built with tracing (sim-top-trace).
ifeq ($(HAVE_VERILATOR),1)
$(call sim_test_bin,test_sim_trace,default): $(call top_so,default-trace)
endif
