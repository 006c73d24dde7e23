# python/experiment.mk - design-space experiments (python/mxa/experiment,
# docs/codesign.md).
#
#   make experiment-quick     examples/experiments/quick.toml into
#                             build/experiments/quick (report.html)
#   make codesign-results     every shipped experiment, then their figures
#                             into docs/codesign/ and tables into
#                             docs/codesign.md
#   make experiment EXP=FILE [JOBS=N] [OUT=DIR]   any experiment file
#   make experiment-test      the runner's tests alone (tests/python/test_experiment*.sh)
PYTHON ?= /usr/bin/python3
EXPERIMENT_JOBS ?= 2
EXPERIMENT_OUT := $(BUILD)/experiments
SHIPPED_EXPERIMENTS := formats accumulation array digits
EXPERIMENT_ENV = PYTHONPATH=$(abspath python) MXA_BUILD=$(abspath $(BUILD))
# What a run needs: the library and the build tree's simulation models
# (other configurations are built into the model cache on first use).
EXPERIMENT_PREREQS = $(LIB_SO) \
	$(if $(filter 1,$(HAVE_VERILATOR)),$(call top_so,default) $(call top_so,min))

# `make check` runs tests/python/test_experiment*.sh: the small sweeps run
# on the build tree's minimal model.
tests: $(EXPERIMENT_PREREQS) $(BUILD)/bin/mxa

experiment-test: $(EXPERIMENT_PREREQS) $(BUILD)/bin/mxa
	MXA=$(abspath $(BUILD)/bin/mxa) MXA_BUILD=$(abspath $(BUILD)) \
		tests/run-tests.sh $(wildcard tests/python/test_experiment*.sh)

experiment-quick experiment codesign-results:
	@scripts/deps.sh build rtl python
	@$(MAKE) --no-print-directory run-$@

run-experiment-quick: $(EXPERIMENT_PREREQS)
	$(EXPERIMENT_ENV) $(PYTHON) -m mxa.experiment run \
		examples/experiments/quick.toml -j $(EXPERIMENT_JOBS) \
		--out $(EXPERIMENT_OUT)/quick

run-experiment: $(EXPERIMENT_PREREQS)
	@test -n "$(EXP)" || { echo "make experiment EXP=FILE.toml [JOBS=N] [OUT=DIR]"; exit 2; }
	$(EXPERIMENT_ENV) $(PYTHON) -m mxa.experiment run $(EXP) \
		-j $(or $(JOBS),$(EXPERIMENT_JOBS)) \
		--out $(or $(OUT),$(EXPERIMENT_OUT)/$(basename $(notdir $(EXP))))

run-codesign-results: $(EXPERIMENT_PREREQS) $(DIGITS_MODEL)
	set -e; for e in $(SHIPPED_EXPERIMENTS); do \
		$(EXPERIMENT_ENV) $(PYTHON) -m mxa.experiment run \
			examples/experiments/$$e.toml -j $(EXPERIMENT_JOBS) \
			--out $(EXPERIMENT_OUT)/$$e; \
	done
	$(EXPERIMENT_ENV) $(PYTHON) -m mxa.experiment publish \
		--doc docs/codesign.md --figures docs/codesign \
		$(addprefix $(EXPERIMENT_OUT)/,$(SHIPPED_EXPERIMENTS))

.PHONY: experiment-quick experiment codesign-results run-experiment-quick \
	run-experiment run-codesign-results experiment-test
