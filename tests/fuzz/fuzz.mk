# tests/fuzz/fuzz.mk - libFuzzer targets (docs/fuzzing.md), included by the
# top-level Makefile.
#
# Each tests/fuzz/fuzz_<target>.c is one LLVMFuzzerTestOneInput, linked
# with the library and tool sources compiled here with the same
# instrumentation (coverage for libFuzzer, ASan, UBSan) by Debian's clang
# and its compiler-rt (libclang-rt-14-dev): never the uninstrumented
# build/lib. `make fuzz` runs every target FUZZ_RUNS times, one after the
# other; make check runs tests/fuzz/test_fuzz_short.sh, a short run of each.

FUZZ_BUILD := build/fuzz
FUZZ_CC ?= clang
FUZZ_RUNS ?= 10000000
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# libFuzzer's runtime, where clang looks for it: without it (or clang)
# nothing here is built and the short run reports a skip naming the package.
FUZZ_RT := $(shell $(FUZZ_CC) -print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-$(shell uname -m).a
HAVE_FUZZ := $(if $(wildcard $(FUZZ_RT)),1,0)

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# The sources keep their warnings and C dialect; the fuzz build has no
# simulation models, so a sim spec that parses stops at the missing model.
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-ffp-contract=off -fno-fast-math -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
	-Ilib -Iinclude -Isim -Ilib/tool $(LIBDRM_CFLAGS) \
	-DMXA_SIM_MODEL_DIR='"/nonexistent/mxa-fuzz-has-no-models"' \
	-DMXA_SIM_CONFIGS='"$(TOP_CONFIGS)"'
FUZZ_LIBS := $(LIBDRM_LIBS) -lm -lpthread -ldl

# The library and the tool, less the experiment command (it hands its
# arguments to Python, see fuzz_cli.c) and with the tool's main() renamed
# so that fuzz_cli.c calls it.
FUZZ_LIB_OBJS := $(LIB_SRCS:lib/%.c=$(FUZZ_BUILD)/obj/lib/%.o)
FUZZ_TOOL_OBJS := $(patsubst lib/tool/%.c,$(FUZZ_BUILD)/obj/tool/%.o,\
	$(filter-out lib/tool/cmd_experiment.c,$(TOOL_SRCS)))
FUZZ_A := $(FUZZ_BUILD)/libmxa-fuzz.a

$(FUZZ_BUILD)/obj/lib/%_avx2.o: lib/%_avx2.c lib/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -mavx2 -mfma -c $< -o $@

$(FUZZ_BUILD)/obj/lib/%_avx512.o: lib/%_avx512.c lib/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -mavx512f -mavx512dq -mavx512vl -mavx512bw \
		-mfma -c $< -o $@

$(FUZZ_BUILD)/obj/lib/%.o: lib/%.c lib/*.h include/mxa_hw.h \
		include/mxa_job_rules.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/obj/tool/mxa.o: FUZZ_CFLAGS += -Dmain=mxa_tool_main \
	-Wno-missing-prototypes
$(FUZZ_BUILD)/obj/tool/%.o: lib/tool/%.c lib/tool/*.h lib/mxa.h include/mxa_hw.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_A): $(FUZZ_LIB_OBJS) $(FUZZ_TOOL_OBJS)
	rm -f $@ && ar rcs $@ $^

# fuzz_cli.c stands in for what the tool would read, write or open.
FUZZ_LDFLAGS_cli := -Wl,--wrap=npy_read,--wrap=npy_write \
	-Wl,--wrap=mxa_device_open,--wrap=mxa_packed_size

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_A)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_A) \
		$(FUZZ_LDFLAGS_$*) $(FUZZ_LIBS)

.PHONY: fuzz fuzz-build run-fuzz
fuzz-build: $(FUZZ_BINS)

fuzz:
	@scripts/deps.sh $(DEPS_fuzz)
	@$(MAKE) --no-print-directory run-fuzz

DEPS_fuzz := build fuzz

# Long runs, one target at a time (one core): FUZZ_RUNS executions each,
# the corpus growing in build/fuzz/long/corpus/<target>, logs beside it.
# FUZZ_MAX_TIME=S (in the environment or on the command line) also stops
# each target after S seconds: the job and cli targets run a few thousand
# executions a second (docs/fuzzing.md).
run-fuzz: fuzz-build
	tests/fuzz/fuzz_run.sh $(FUZZ_BUILD) $(FUZZ_RUNS) $(FUZZ_BUILD)/long \
		$(FUZZ_TARGETS)

# make check builds the targets for the short run when clang can.
ifeq ($(HAVE_FUZZ),1)
tests: $(FUZZ_BINS)
endif
