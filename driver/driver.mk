# SPDX-License-Identifier: GPL-2.0-only OR MIT
# driver/driver.mk - mxa.ko, the Linux kernel driver (included by the
# top-level Makefile).
#
#   make module [KDIR=dir] [W=1]  builds build/module/<release>/mxa.ko
#   make module-check             W=1 builds against Debian's 6.1 and 6.12
#                                 headers, failing on any warning, and
#                                 checkpatch --strict on the driver and the
#                                 uAPI header
#   make module-clean             removes build/module
#
# KDIR defaults to the running kernel's build tree when it is installed,
# else to Debian's 6.1 headers.

MXA_KDIR_61 := $(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.0-*-amd64)))
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),$(MXA_KDIR_61))

.PHONY: module module-check module-clean

module:
	@if [ -z "$(KDIR)" ]; then \
		echo "module: no kernel build tree found; pass KDIR=<dir>" >&2; exit 1; \
	fi
	@if [ "$(W)" = 1 ]; then \
		driver/kbuild.sh --check "$(KDIR)" build/module; \
	else \
		driver/kbuild.sh "$(KDIR)" build/module; \
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
	rm -rf build/module build/module-sparse
