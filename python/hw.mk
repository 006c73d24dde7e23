# hw.mk - mxa.hw (python/mxa/hw): what a configuration of the accelerator
# costs: models of any parameters built into the cache, Yosys area, the
# cycle model (docs/codesign.md); included by the top-level Makefile.
#
# tests/python/test_hw.sh runs tests/python/hw in `make check`; it needs
# the build tree's default and min models, which it depends on here.
#
# Targets: hw-test (those tests alone), hw-validate (the cycle model against
# the RTL on the held-out jobs of docs/codesign.md: about 5 minutes).

PYTHON ?= /usr/bin/python3
HW_ENV := PYTHONPATH=$(CURDIR)/python MXA_BUILD=$(abspath $(BUILD)) \
	MXA=$(abspath $(BUILD)/bin/mxa)
HW_PREREQS := $(LIB_SO) $(BUILD)/bin/mxa \
	$(if $(filter 1,$(HAVE_VERILATOR)),$(call top_so,default) $(call top_so,min))

.PHONY: hw-test hw-validate

# `make check` runs the script; its models are built with the tests
# ($(LIB_SO) makes the libmxa.so link the package loads).
tests: $(HW_PREREQS)

hw-test: $(HW_PREREQS)
	$(HW_ENV) PYTHON=$(PYTHON) tests/python/test_hw.sh -s

hw-validate: $(HW_PREREQS)
	$(HW_ENV) $(PYTHON) -m mxa.hw.validate --seed 2
