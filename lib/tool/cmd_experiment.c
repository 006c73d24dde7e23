// SPDX-License-Identifier: MIT
/*
 * cmd_experiment.c - mxa experiment: the design-space experiment runner,
 * which is Python (python/mxa/experiment, docs/codesign.md); the tool
 * only starts it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool.h"

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
int cmd_experiment(int argc, char **argv)
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
