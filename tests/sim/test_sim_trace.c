// SPDX-License-Identifier: MIT
/*
 * test_sim_trace.c - FST waveforms of the sim device: the trace= option
 * and the MXA_TRACE environment variable each load the model built with
 * tracing and leave a non-empty waveform of a job (which still matches the
 * emulator); a file that cannot be written fails the open. Where that
 * model is not built, opening with a waveform must fail with -ENODEV and
 * say how to build it: the test checks that and, for the configuration
 * `make sim-top-trace` builds, reports a skip.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/sim_harness.h"

/* Runs one job on a device opened with extra options; 0 or -errno. */
static int traced_job(const char *extra, uint64_t seed)
{
	struct st_shape s;
	struct st_job j;
	struct st_ctx c;
	int ret;

	ret = st_try_open(&c, extra, seed);
	if (ret)
		return ret;
	memset(&s, 0, sizeof(s));
	st_random_modes(&c, &s);
	s.mm.m = c.info.array_rows + 1;
	s.mm.n = c.info.array_cols;
	s.mm.k = 40;
	st_job_make(&c, &j, &s);
	st_job_submit(&c, &j);
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(st_job_check(&j, ret, extra) == 0, "%s", extra);
	st_job_free(&j);
	st_close(&c);
	return 0;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

int main(void)
{
	char dir[] = "/tmp/mxa-sim-trace-XXXXXX";
	char opt[128], env_path[128], bad[160];
	int ret;

	if (!MXA_HAVE_VERILATOR)
		T_SKIP_BECAUSE("verilator not installed");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return T_FAIL;
	}
	snprintf(opt, sizeof(opt), "trace=%s/option.fst", dir);
	snprintf(env_path, sizeof(env_path), "%s/env.fst", dir);
	unsetenv("MXA_TRACE");

	ret = traced_job(opt, 51);
	if (ret) {
		T_CHECK(ret == -ENODEV && strstr(mxa_last_error(),
						  "make sim-top-trace"),
			"%s: %d %s", opt, ret, mxa_last_error());
		rmdir(dir);
		if (t_failures)
			return t_exit();
		if (!strcmp(SIM_CONFIG, "default"))
			T_SKIP_BECAUSE("the waveform model is not built (make sim-top-trace)");
		printf("config %s has no waveform model: %s\n", SIM_CONFIG,
		       mxa_last_error());
		return t_exit();
	}
	T_CHECK(file_size(opt + 6) > 1000, "%s: %ld bytes", opt + 6,
		file_size(opt + 6));

	setenv("MXA_TRACE", env_path, 1);
	ret = traced_job(NULL, 52);
	T_CHECK(ret == 0, "MXA_TRACE: %d %s", ret, mxa_last_error());
	T_CHECK(file_size(env_path) > 1000, "%s: %ld bytes", env_path,
		file_size(env_path));
	unsetenv("MXA_TRACE");

	snprintf(bad, sizeof(bad), "trace=%s/no/such/dir.fst", dir);
	ret = traced_job(bad, 53);
	T_CHECK(ret < 0 && strstr(mxa_last_error(), "dir.fst"), "%s: %d %s",
		bad, ret, mxa_last_error());

	unlink(opt + 6);
	unlink(env_path);
	rmdir(dir);
	return t_exit();
}
