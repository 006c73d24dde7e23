# package.mk - the Python package mxa (python/mxa: formats, quantization,
# devices and matmul jobs over libmxa with ctypes; workloads and the digits
# model), its tests and its trained model; included by the top-level
# Makefile.
#
# tests/python/test_package.sh runs the package tests (tests/python/package)
# in `make check` against $(BUILD)/lib/libmxa.so and the tool, which
# `tests` builds. The digits MLP (python/mxa/digits.py) is trained at build
# time (`make`, `make check`) into $(DIGITS_MODEL) when scikit-learn is
# installed; without it the tests that need it report a skip.
#
# Targets: python-test (the package tests alone), digits-model,
# digits-report (test accuracy of the model per format on emu and sim).

PYTHON ?= /usr/bin/python3
DIGITS_MODEL := $(BUILD)/python/digits_mlp.npz
PY_ENV := PYTHONPATH=$(CURDIR)/python MXA_BUILD=$(abspath $(BUILD))

.PHONY: python-test digits-model digits-report

$(DIGITS_MODEL): python/mxa/digits.py $(LIB_SO)
	@mkdir -p $(dir $@)
	@if $(PYTHON) -c 'import numpy, sklearn' 2>/dev/null; then \
		echo "$(PYTHON) -m mxa.digits train --out $@"; \
		$(PY_ENV) $(PYTHON) -m mxa.digits train --out $@ >/dev/null; \
	else \
		echo "$(PYTHON) lacks numpy or sklearn (python3-sklearn): the digits model is not trained"; \
	fi

digits-model: $(DIGITS_MODEL)

# `make` trains the model, and so does `make check` before the tests run.
# Not with SANITIZE=1: python3 cannot load an instrumented libmxa (the
# package tests skip there).
run-all tests: $(if $(filter 1,$(SANITIZE)),,$(DIGITS_MODEL))

# The QEMU guests carry the package, its tests and the model
# (tests/qemu/stage-python.sh) for their test_python: the model must be
# trained before any guest's initramfs is made, or that guest's digits test
# skips.
$(foreach s,$(QEMU_BUILT_SERIES),$(QEMU_DIR)/$(s)/initramfs.cpio \
		$(QEMU_DIR)/arm64-$(s)/initramfs.cpio) \
		$(QEMU_DEBUG_DIR)/initramfs.cpio: \
	$(wildcard python/mxa/*.py python/mxa/*/*.py tests/python/package/*.py) \
	$(DIGITS_MODEL)

python-test: $(LIB_SO) $(BUILD)/bin/mxa $(DIGITS_MODEL)
	$(PY_ENV) MXA=$(abspath $(BUILD)/bin/mxa) PYTHON=$(PYTHON) \
		tests/python/test_package.sh

digits-report: $(DIGITS_MODEL)
	$(PY_ENV) $(PYTHON) -m mxa.digits report --device emu \
		--device sim:config=min
