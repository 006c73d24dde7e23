// SPDX-License-Identifier: MIT
/*
 * mxa.c - entry point of the mxa command-line tool: the table of
 * subcommands, the top-level --help and --version.
 */
#include <stdio.h>
#include <string.h>

#include "mxa.h"
#include "tool.h"

static const struct tool_cmd commands[] = {
	{ "info", "show what a device supports", cmd_info },
	{ "quantize", "convert a float32 array to codes (and block scales)",
	  cmd_quantize },
	{ "dequantize", "convert codes of a format to float32 values",
	  cmd_dequantize },
	{ "matmul", "compute D = C + A x B on a device", cmd_matmul },
	{ "bench", "run a job of random operands and show what it cost",
	  cmd_bench },
	{ "experiment", "run a design-space experiment (Python: mxa.experiment)",
	  cmd_experiment },
};

static void print_help(void)
{
	printf("Usage: mxa COMMAND [OPTION]... [ARG]...\n"
	       "       mxa COMMAND --help\n"
	       "\n"
	       "Converts arrays between float32 and the low-precision formats of mxa and\n"
	       "runs matrix multiplications on an mxa device. Arrays are NumPy .npy files\n"
	       "(format 1.0, 2.0 or 3.0, C or Fortran order; outputs are written in C\n"
	       "order, format 1.0).\n"
	       "\n"
	       "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-12s%s\n", commands[i].name, commands[i].summary);
	printf("\n"
	       "Options:\n"
	       "  --help      show this help and exit\n"
	       "  --version   show the version and exit\n"
	       "\n"
	       "Exit status: 0 on success; 1 when a command fails (an unreadable or\n"
	       "malformed file, a wrong dtype or shape, an invalid code, a device error);\n"
	       "2 for a command line in error (unknown command or option, a missing or\n"
	       "extra argument, an invalid option value or combination). A failure prints\n"
	       "one line \"mxa: WHAT: WHY\" on stderr and writes no output file: outputs\n"
	       "appear complete or not at all.\n");
}

int main(int argc, char **argv)
{
	const char *name;

	if (argc < 2)
		return tool_fail(TOOL_EXIT_USAGE, "usage",
				 "no command given (see mxa --help)");
	name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
	    !strcmp(name, "help")) {
		print_help();
		return 0;
	}
	if (!strcmp(name, "--version")) {
		printf("mxa %d.%d\n", MXA_VERSION_MAJOR, MXA_VERSION_MINOR);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	if (name[0] == '-')
		return tool_fail(TOOL_EXIT_USAGE, name,
				 "unknown option (see mxa --help)");
	return tool_fail(TOOL_EXIT_USAGE, name,
			 "unknown command (see mxa --help)");
}
