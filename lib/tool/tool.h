/* SPDX-License-Identifier: MIT */
/*
 * tool.h - what the subcommands of the mxa tool share: the command table
 * entry, the one-line error report, the option parser and the parsers of
 * option values.
 */
#ifndef MXA_TOOL_H
#define MXA_TOOL_H

#include <stddef.h>
#include <stdint.h>

#include "mxa_hw.h"

/* Exit statuses: 1 for a failure, 2 for a command line that makes no sense. */
#define TOOL_EXIT_FAIL 1
#define TOOL_EXIT_USAGE 2

struct tool_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

int cmd_quantize(int argc, char **argv);
int cmd_dequantize(int argc, char **argv);
int cmd_matmul(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_experiment(int argc, char **argv);

/*
 * Prints the single line "mxa: <what>: <why>" to stderr and returns
 * @status, so a failure reads: return tool_fail(1, path, "...", ...).
 */
int tool_fail(int status, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One option of a subcommand, "--name" or "--name VALUE" / "--name=VALUE". */
struct tool_opt {
	const char *name;	/* without the leading "--" */
	int has_arg;
	const char *value;	/* set by tool_parse(): NULL when absent */
};

/* What tool_parse() found, besides the options. */
struct tool_args {
	char **pos;		/* positional arguments, in order */
	size_t npos;
	int help;		/* --help was given */
};

/*
 * Parses argv[1..argc-1] of subcommand @cmd against @opts. An option given
 * twice, an unknown option, or a missing option argument is reported and
 * gives TOOL_EXIT_USAGE; "--" ends the options. Returns 0 on success, with
 * args->pos allocated for the caller to free.
 */
int tool_parse(const char *cmd, int argc, char **argv, struct tool_opt *opts,
	       size_t nopts, struct tool_args *args);

/*
 * With --help given: prints @help, frees args->pos and returns 1 (the
 * subcommand is done); otherwise returns 0.
 */
int tool_show_help(const char *help, struct tool_args *args);

/* Checks the number of positional arguments, reporting a usage error. */
int tool_want_pos(const char *cmd, const struct tool_args *args, size_t n,
		  const char *names);

/* Reports a required option that is missing. */
int tool_missing(const char *cmd, const char *opt);

/*
 * Parsers of option values: each reports a usage error naming --@opt and
 * returns TOOL_EXIT_USAGE, or returns 0 with the result stored.
 */
/* Roles of tool_parse_format(): a bit per MXA_HW_FMT_ROLE_* accepted. */
#define TOOL_FMT_ELEMENT	(1u << MXA_HW_FMT_ROLE_ELEMENT)
#define TOOL_FMT_SCALE		(1u << MXA_HW_FMT_ROLE_SCALE)
int tool_parse_format(const char *opt, const char *s, unsigned roles,
		      int *fmt);
/*
 * tool_show_help() with the names of the formats of @roles (TOOL_FMT_*)
 * after the text, from the format description.
 */
int tool_show_help_formats(const char *help, struct tool_args *args,
			   unsigned roles);
int tool_parse_choice(const char *opt, const char *s,
		      const char *const *choices, size_t n, int *idx);
int tool_parse_u32(const char *opt, const char *s, uint32_t *v);
int tool_parse_float(const char *opt, const char *s, float *v);

/*
 * The dtypes a code array of format @fmt may have (NPY_MASK bits): uint8,
 * and int8 for an integer format.
 */
unsigned tool_code_dtypes(int fmt);
struct npy_array;
/*
 * An int8 array of an integer format's values turned, in place, into its
 * codes (-1 is 0xF for int4); a value outside the format's range fails
 * naming @path. Other arrays are left alone.
 */
int tool_codes_from_values(const char *path, int fmt, struct npy_array *arr);

/* "(2, 3)" - a shape as the messages show it. */
void tool_shape_str(const size_t *shape, unsigned ndim, char *buf,
		    size_t size);

#endif /* MXA_TOOL_H */
