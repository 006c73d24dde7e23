# SPDX-License-Identifier: GPL-2.0-only OR MIT
# driver/driver.mk - mxa.ko, the Linux kernel driver (included by the
# top-level Makefile).
#
#   make module [KDIR=dir] [W=1]  builds build/module/<release>/mxa.ko
#   make module-check             W=1 builds against Debian's 6.1 and 6.12
#                                 headers, failing on any warning, and
#                                 checkpatch --strict on the driver and the
#                                 uAPI header
#   make module ARCH=arm64|arm [MODULE_SERIES=6.12] [W=1]
#                                 cross-builds build/<ARCH>/module/<release>/mxa.ko
#                                 against Debian's arm64 (or 32-bit armhf
#                                 armmp) headers of that series (6.1 unless
#                                 told; fetched and unpacked by
#                                 driver/cross-headers.sh under
#                                 build/<ARCH>/kernel) with
#                                 CROSS_COMPILE=aarch64-linux-gnu- (or
#                                 arm-linux-gnueabihf-); for arm with
#                                 Debian's headers only up to a checked
#                                 mxa.o (driver/kbuild.sh --objects says
#                                 why; docs/board.md builds mxa.ko on the
#                                 board, or pass KDIR= a configured tree)
#   make module-clean             removes build/module and build/<ARCH>/module
#
# KDIR defaults to the running kernel's build tree when it is installed,
# else to Debian's 6.1 headers.

ifneq ($(filter arm64 arm,$(ARCH)),)
MODULE_SERIES ?= 6.1
CROSS_COMPILE ?= $(if $(filter arm64,$(ARCH)),aarch64-linux-gnu-,arm-linux-gnueabihf-)
MODULE_OUT := build/$(ARCH)/module
# Fetched only when a module is built (a failure says why).
ifeq ($(origin KDIR)$(filter module,$(MAKECMDGOALS)),undefinedmodule)
KDIR := $(shell driver/cross-headers.sh $(ARCH) $(MODULE_SERIES) build/$(ARCH)/kernel)
ifeq ($(ARCH),arm)
KBUILD_MODE := --objects
endif
endif
# Kbuild (through driver/kbuild.sh) takes them from the environment.
export ARCH CROSS_COMPILE
else
MODULE_OUT := build/module
MXA_KDIR_61 := $(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.0-*-amd64)))
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),$(MXA_KDIR_61))
endif

.PHONY: module module-check module-clean

module:
	@if [ -z "$(KDIR)" ]; then \
		echo "module: no kernel build tree found; pass KDIR=<dir>" >&2; exit 1; \
	fi
	@if [ -n "$(KBUILD_MODE)" ]; then \
		driver/kbuild.sh $(KBUILD_MODE) "$(KDIR)" $(MODULE_OUT); \
	elif [ "$(W)" = 1 ]; then \
		driver/kbuild.sh --check "$(KDIR)" $(MODULE_OUT); \
	else \
		driver/kbuild.sh "$(KDIR)" $(MODULE_OUT); \
	fi

# A test that is skipped (exit 77) says why and does not fail the target.
module-check:
	@for t in $(wildcard tests/driver/test_*.sh); do \
		echo "== $$t"; \
		$$t; rc=$$?; \
		if [ $$rc -eq 77 ]; then echo "$$t: skipped"; \
		elif [ $$rc -ne 0 ]; then echo "$$t: FAILED" >&2; exit 1; fi; \
	done

module-clean:
	rm -rf build/module build/module-sparse build/arm64/module build/arm/module
