// SPDX-License-Identifier: MIT
/*
 * mxa.c - entry point of the mxa command-line tool: the table of
 * subcommands, the top-level --help and --version.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mxa.h"
#include "tool.h"

static int cmd_experiment(int argc, char **argv);

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

/*
 * Finds the Python package next to the tool: the source tree's python/
 * above build/bin/mxa (any build folder depth). Returns 0 and fills dir,
 * or -1 when the tool is not in a source tree (an installed package is
 * then found on Python's own path).
 */
static int python_dir_of_tree(char *dir, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		char probe[PATH_MAX + 64];

		if (!slash || slash == exe)
			return -1;
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/python/mxa/experiment/__main__.py",
			 exe);
		if (access(probe, R_OK) == 0) {
			if ((size_t)snprintf(dir, size, "%s/python", exe) >= size)
				return -1;
			return 0;
		}
	}
	return -1;
}

/*
 * `mxa experiment ...` is the Python runner (python -m mxa.experiment):
 * the tool hands it the arguments as they are, with $MXA_PYTHON (default
 * Debian's /usr/bin/python3) and the package of the source tree on
 * PYTHONPATH when the tool runs from one.
 */
static int cmd_experiment(int argc, char **argv)
{
	const char *py = getenv("MXA_PYTHON");
	char dir[PATH_MAX];
	char **args = calloc((size_t)argc + 3, sizeof(*args));

	if (!args)
		return tool_fail(TOOL_EXIT_FAIL, "experiment", "out of memory");
	if (!py || !*py)
		py = "/usr/bin/python3";
	if (python_dir_of_tree(dir, sizeof(dir)) == 0) {
		const char *old = getenv("PYTHONPATH");
		char path[2 * PATH_MAX + 2];

		snprintf(path, sizeof(path), "%s%s%s", dir, old && *old ? ":" : "",
			 old && *old ? old : "");
		setenv("PYTHONPATH", path, 1);
	}
	setenv("MXA_EXPERIMENT_PROG", "mxa experiment", 1);
	args[0] = (char *)py;
	args[1] = "-m";
	args[2] = "mxa.experiment";
	for (int i = 1; i < argc; i++)
		args[i + 2] = argv[i];
	args[argc + 2] = NULL;
	execv(py, args);
	free(args);
	return tool_fail(TOOL_EXIT_FAIL, py, "cannot run the experiment runner: %s",
			 strerror(errno));
}

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
