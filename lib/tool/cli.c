// SPDX-License-Identifier: MIT
/*
 * cli.c - command-line plumbing shared by the subcommands: the one-line
 * error report, option parsing and the parsers of option values, so that
 * every subcommand words its usage errors the same way.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxa.h"
#include "mxa_hw.h"
#include "tool.h"

int tool_fail(int status, const char *what, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* The report is one line whatever a file name or a library says. */
	for (char *p = why; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "mxa: %s: %s\n", what, why);
	return status;
}

static struct tool_opt *find_opt(struct tool_opt *opts, size_t nopts,
				 const char *name, size_t len)
{
	for (size_t i = 0; i < nopts; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return &opts[i];
	return NULL;
}

static int parse_args(const char *cmd, int argc, char **argv,
		      struct tool_opt *opts, size_t nopts,
		      struct tool_args *args)
{
	int only_pos = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq;
		struct tool_opt *o;
		size_t len;

		/* "-" alone is an ordinary argument; so is anything after "--". */
		if (only_pos || arg[0] != '-' || !arg[1]) {
			args->pos[args->npos++] = argv[i];
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			args->help = 1;
			continue;
		}
		if (arg[1] != '-')
			return tool_fail(TOOL_EXIT_USAGE, cmd,
					 "unknown option '%s' (see mxa %s --help)",
					 arg, cmd);
		eq = strchr(arg + 2, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		o = find_opt(opts, nopts, arg + 2, len);
		if (!o)
			return tool_fail(TOOL_EXIT_USAGE, cmd,
					 "unknown option '%.*s' (see mxa %s --help)",
					 (int)len + 2, arg, cmd);
		if (o->value)
			return tool_fail(TOOL_EXIT_USAGE, cmd,
					 "option --%s given twice", o->name);
		if (!o->has_arg) {
			if (eq)
				return tool_fail(TOOL_EXIT_USAGE, cmd,
						 "option --%s takes no value",
						 o->name);
			o->value = "";
		} else if (eq) {
			o->value = eq + 1;
		} else if (i + 1 < argc) {
			o->value = argv[++i];
		} else {
			return tool_fail(TOOL_EXIT_USAGE, cmd,
					 "option --%s needs a value", o->name);
		}
	}
	return 0;
}

int tool_parse(const char *cmd, int argc, char **argv, struct tool_opt *opts,
	       size_t nopts, struct tool_args *args)
{
	int ret;

	args->pos = calloc((size_t)argc + 1, sizeof(*args->pos));
	if (!args->pos)
		return tool_fail(TOOL_EXIT_FAIL, cmd, "out of memory");
	args->npos = 0;
	args->help = 0;
	ret = parse_args(cmd, argc, argv, opts, nopts, args);
	if (ret) {
		free(args->pos);
		args->pos = NULL;
	}
	return ret;
}

int tool_want_pos(const char *cmd, const struct tool_args *args, size_t n,
		  const char *names)
{
	if (args->npos < n)
		return tool_fail(TOOL_EXIT_USAGE, cmd,
				 "missing argument%s: expected %s",
				 n - args->npos > 1 ? "s" : "", names);
	if (args->npos > n)
		return tool_fail(TOOL_EXIT_USAGE, cmd,
				 "unexpected argument '%s' (expected %s%s)",
				 args->pos[n], n ? "only " : "no arguments",
				 n ? names : "");
	return 0;
}

int tool_missing(const char *cmd, const char *opt)
{
	return tool_fail(TOOL_EXIT_USAGE, cmd, "option --%s is required", opt);
}

/* The names of the formats of @roles, in order of value. */
static void format_names(unsigned roles, char *names, size_t size)
{
	size_t len = 0;

	names[0] = '\0';
	for (int i = 0; i < MXA_FMT_COUNT && len < size; i++) {
		int role = mxa_hw_fmt_role((unsigned)i);

		if (role < 0 || !(roles >> role & 1))
			continue;
		len += (size_t)snprintf(names + len, size - len, "%s%s",
					len ? ", " : "",
					mxa_format_name((enum mxa_format)i));
	}
}

int tool_parse_format(const char *opt, const char *s, unsigned roles,
		      int *fmt)
{
	char names[512];
	int f = mxa_format_parse(s);

	if (f >= 0 && roles >> mxa_hw_fmt_role((unsigned)f) & 1) {
		*fmt = f;
		return 0;
	}
	format_names(roles, names, sizeof(names));
	return tool_fail(TOOL_EXIT_USAGE, opt, "%s format '%s' (expected %s)",
			 f < 0 ? "unknown" : "unsupported", s, names);
}

int tool_parse_choice(const char *opt, const char *s,
		      const char *const *choices, size_t n, int *idx)
{
	char names[256] = "";

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(s, choices[i])) {
			*idx = (int)i;
			return 0;
		}
		strcat(names, i ? (i + 1 == n ? " or " : ", ") : "");
		strcat(names, choices[i]);
	}
	return tool_fail(TOOL_EXIT_USAGE, opt, "invalid value '%s' (expected %s)",
			 s, names);
}

int tool_parse_u32(const char *opt, const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || x == 0 ||
	    x > UINT32_MAX)
		return tool_fail(TOOL_EXIT_USAGE, opt,
				 "invalid value '%s' (expected a positive integer)",
				 s);
	*v = (uint32_t)x;
	return 0;
}

int tool_parse_float(const char *opt, const char *s, float *v)
{
	char *end;
	float x;

	/* Underflow to a subnormal sets ERANGE but is a valid scale. */
	x = strtof(s, &end);
	if (end == s || *end || !isfinite(x) || !(x > 0))
		return tool_fail(TOOL_EXIT_USAGE, opt,
				 "invalid value '%s' (expected a finite positive float32)",
				 s);
	*v = x;
	return 0;
}

void tool_shape_str(const size_t *shape, unsigned ndim, char *buf, size_t size)
{
	size_t len = 0;

	len += (size_t)snprintf(buf, size, "(");
	for (unsigned i = 0; i < ndim && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%zu",
					i ? ", " : "", shape[i]);
	if (len < size)
		snprintf(buf + len, size - len, ndim == 1 ? ",)" : ")");
}

int tool_show_help(const char *help, struct tool_args *args)
{
	return tool_show_help_formats(help, args, 0);
}

int tool_show_help_formats(const char *help, struct tool_args *args,
			   unsigned roles)
{
	static const char *const role_names[] = {
		[MXA_HW_FMT_ROLE_ELEMENT] = "element",
		[MXA_HW_FMT_ROLE_SCALE] = "scale",
		[MXA_HW_FMT_ROLE_OUTPUT] = "output",
	};
	char names[512];

	if (!args->help)
		return 0;
	fputs(help, stdout);
	if (roles)
		printf("\nFormats (docs/numerics.md):\n");
	for (unsigned r = 0; r < 3; r++) {
		if (!(roles >> r & 1))
			continue;
		format_names(1u << r, names, sizeof(names));
		printf("  %-9s %s\n", role_names[r], names);
	}
	free(args->pos);
	return 1;
}
