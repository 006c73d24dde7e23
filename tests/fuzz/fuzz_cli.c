// SPDX-License-Identifier: MIT
/*
 * fuzz_cli.c - the mxa tool's command line: the tool's own main() and
 * subcommands on fuzzed argument vectors, and every value parser of
 * lib/tool/cli.c on each argument.
 *
 * The input is the arguments, separated by NUL bytes. The tool runs as it
 * does from a shell up to what it would read, write or open, which this
 * target stands in for (the linker's --wrap, tests/fuzz/fuzz.mk): npy_read
 * and npy_write fail, as does mxa_device_open, and `mxa bench` stops where
 * it starts making operands (its first call, mxa_packed_size). `mxa
 * experiment` only hands its arguments to Python and is left out. What the
 * tool prints goes to /dev/null.
 *
 * Invariants besides the sanitizers': the exit status is 0, 1 or 2; 0 only
 * with a help or version request; 1 only after the tool reached a file or
 * device (no command line alone fails otherwise); 2, a usage error, only
 * before it did. Each value parser accepts exactly what it documents.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_util.h"
#include "mxa.h"
#include "mxa_priv.h"
#include "npy.h"
#include "tool.h"

#define MAX_ARGS 32
/* The value parsers see the first few: their messages cost printf time. */
#define MAX_VALUE_ARGS 4

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int mxa_tool_main(int argc, char **argv);
const char *__asan_default_options(void);

/*
 * The tool words every refusal with printf: ASan's check of each printf
 * argument (check_printf) would take two thirds of the time of an
 * execution, and the arguments are this target's own NUL-terminated
 * strings. Memory the tool itself reads stays checked.
 */
const char *__asan_default_options(void)
{
	return "check_printf=0";
}

/* ------------------------------------------------ what the tool would touch */

static int reached_io;		/* a file or a device was asked for */
static int in_bench;
static jmp_buf bench_stop;

int __wrap_npy_read(const char *path, unsigned dtypes, struct npy_array *arr,
		    char *why, size_t why_size);
int __wrap_npy_write(const char *path, enum npy_dtype dtype, unsigned ndim,
		     const size_t *shape, const void *data, char *why,
		     size_t why_size);
int __wrap_mxa_device_open(const char *spec, struct mxa_device **dev);
size_t __wrap_mxa_packed_size(enum mxa_format fmt, size_t count);
size_t __real_mxa_packed_size(enum mxa_format fmt, size_t count);

int __wrap_npy_read(const char *path, unsigned dtypes, struct npy_array *arr,
		    char *why, size_t why_size)
{
	(void)path;
	(void)dtypes;
	memset(arr, 0, sizeof(*arr));
	reached_io = 1;
	snprintf(why, why_size, "no files while fuzzing the command line");
	return -1;
}

int __wrap_npy_write(const char *path, enum npy_dtype dtype, unsigned ndim,
		     const size_t *shape, const void *data, char *why,
		     size_t why_size)
{
	(void)path;
	(void)dtype;
	(void)ndim;
	(void)shape;
	(void)data;
	reached_io = 1;
	snprintf(why, why_size, "no files while fuzzing the command line");
	return -1;
}

int __wrap_mxa_device_open(const char *spec, struct mxa_device **dev)
{
	(void)spec;
	*dev = NULL;
	reached_io = 1;
	return mxa__error(ENODEV, "no devices while fuzzing the command line");
}

/* mxa bench has accepted its options and starts making operands. */
size_t __wrap_mxa_packed_size(enum mxa_format fmt, size_t count)
{
	if (in_bench)
		longjmp(bench_stop, 1);
	return __real_mxa_packed_size(fmt, count);
}

/* Hands its arguments to Python: nothing of the tool's to parse. */
int cmd_experiment(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdio();
	return 0;
}

/* ------------------------------------------------ the whole tool */

static int is_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h");
}

static void run_tool(int argc, char **argv)
{
	int help = 0, ret;

	reached_io = 0;
	in_bench = argc > 1 && !strcmp(argv[1], "bench");
	if (setjmp(bench_stop)) {
		/* bench got past its options: only the work was left. */
		in_bench = 0;
		return;
	}
	ret = mxa_tool_main(argc, argv);
	in_bench = 0;

	if (argc > 1)
		help = is_help(argv[1]) || !strcmp(argv[1], "help") ||
		       !strcmp(argv[1], "--version") ||
		       !strcmp(argv[1], "experiment");
	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++)
		help |= is_help(argv[i]);
	FZ_CHECK(ret >= 0 && ret <= 2, "exit status %d", ret);
	FZ_CHECK(ret != 0 || help, "exit status 0 without help or version");
	FZ_CHECK(ret != TOOL_EXIT_FAIL || reached_io,
		 "a failure (1) from the command line alone");
	FZ_CHECK(ret != TOOL_EXIT_USAGE || !reached_io,
		 "a usage error (2) after a file or device was opened");
}

/* ------------------------------------------------ tool_parse() itself */

static int points_into(const char *p, int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return 1;
	return 0;
}

static void check_parse(int argc, char **argv)
{
	struct tool_opt opts[] = {
		{ "a", 1, NULL },
		{ "flag", 0, NULL },
		{ "a-b", 1, NULL },
	};
	struct tool_args args;
	int ret;

	ret = tool_parse("fuzz", argc, argv, opts, 3, &args);
	FZ_CHECK(ret == 0 || ret == TOOL_EXIT_USAGE, "tool_parse: %d", ret);
	if (ret)
		return;
	FZ_CHECK(args.npos < (size_t)argc, "%zu positional of %d", args.npos,
		 argc);
	for (size_t i = 0; i < args.npos; i++) {
		int found = 0;

		for (int j = 1; j < argc; j++)
			found |= args.pos[i] == argv[j];
		FZ_CHECK(found, "positional %zu is no argument", i);
	}
	FZ_CHECK(!opts[1].value || !strcmp(opts[1].value, ""),
		 "a flag with a value");
	FZ_CHECK(!opts[0].value || points_into(opts[0].value, argc, argv),
		 "--a's value is not from the arguments");
	FZ_CHECK(!opts[2].value || points_into(opts[2].value, argc, argv),
		 "--a-b's value is not from the arguments");
	free(args.pos);
}

/* ------------------------------------------------ value parsers */

/* What tool_parse_u32() documents: decimal digits only, 1 to 2^32 - 1. */
static int u32_ok(const char *s, uint32_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		x = x * 10 + (uint64_t)(*s - '0');
		if (x > UINT32_MAX)
			return 0;
	}
	*v = (uint32_t)x;
	return x > 0;
}

static void check_values(const char *s)
{
	static const char *const choices[] = { "none", "mx", "nv" };
	static const unsigned roles[] = {
		TOOL_FMT_ELEMENT, TOOL_FMT_SCALE,
		TOOL_FMT_ELEMENT | TOOL_FMT_SCALE,
	};
	int f = mxa_format_parse(s), fmt, idx, ret;
	uint32_t u = 0, want;
	float x = 0;
	char *end;

	if (f >= 0) {
		FZ_CHECK(f < MXA_FMT_COUNT && !strcasecmp(mxa_format_name(f), s),
			 "'%s' parsed as format %d", s, f);
	} else {
		FZ_CHECK(f == -EINVAL && mxa_last_error()[0],
			 "mxa_format_parse: %d, '%s'", f, mxa_last_error());
	}
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		int want_ok = f >= 0 &&
			      (roles[i] >> mxa_hw_fmt_role((unsigned)f) & 1);

		fmt = -1;
		ret = tool_parse_format("--format", s, roles[i], &fmt);
		FZ_CHECK(ret == (want_ok ? 0 : TOOL_EXIT_USAGE),
			 "tool_parse_format('%s', roles %u): %d", s, roles[i],
			 ret);
		FZ_CHECK(!want_ok || fmt == f, "format %d, not %d", fmt, f);
	}

	idx = -1;
	ret = tool_parse_choice("--scale", s, choices, 3, &idx);
	FZ_CHECK(ret == 0 || ret == TOOL_EXIT_USAGE, "choice: %d", ret);
	FZ_CHECK(ret || (idx >= 0 && idx < 3 && !strcmp(choices[idx], s)),
		 "'%s' chose %d", s, idx);
	FZ_CHECK(!ret || (strcmp(s, "none") && strcmp(s, "mx") &&
			  strcmp(s, "nv")), "'%s' refused", s);

	ret = tool_parse_u32("--m", s, &u);
	if (u32_ok(s, &want))
		FZ_CHECK(!ret && u == want, "'%s': %d, %u", s, ret, u);
	else
		FZ_CHECK(ret == TOOL_EXIT_USAGE, "'%s' taken as %u", s, u);

	ret = tool_parse_float("--x", s, &x);
	FZ_CHECK(ret == 0 || ret == TOOL_EXIT_USAGE, "float: %d", ret);
	if (!ret) {
		FZ_CHECK(isfinite(x) && x > 0, "'%s' taken as %g", s, (double)x);
		FZ_CHECK(x == strtof(s, &end) && !*end, "'%s' taken as %g", s,
			 (double)x);
	}
}

static void check_shape(const uint8_t *data, size_t size)
{
	size_t shape[NPY_MAX_DIMS];
	unsigned ndim = size ? data[0] % (NPY_MAX_DIMS + 1) : 0;
	size_t buf_size = size > 1 ? 1 + data[1] % 128 : 64;
	char buf[128];

	for (unsigned d = 0; d < ndim; d++)
		shape[d] = d + 2 < size ? (size_t)data[d + 2] << (d % 8 * 8) : d;
	memset(buf, 'x', sizeof(buf));
	tool_shape_str(shape, ndim, buf, buf_size);
	FZ_CHECK(memchr(buf, '\0', buf_size), "shape string not terminated");
	FZ_CHECK(buf_size < 2 || buf[0] == '(', "shape string '%s'", buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	char *text = malloc(size + 1);
	int argc = 1;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	argv[0] = "mxa";
	/* NUL-separated arguments; a final one without its NUL counts too. */
	for (size_t i = 0; i < size && argc <= MAX_ARGS;) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	argv[argc] = NULL;

	run_tool(argc, argv);
	check_parse(argc, argv);
	for (int i = 1; i < argc && i <= MAX_VALUE_ARGS; i++)
		check_values(argv[i]);
	check_shape(data, size);
	free(text);
	return 0;
}
