// SPDX-License-Identifier: MIT
/*
 * test_concurrent.c - four processes, each its own client of the device
 * (its own address space), submitting matmul jobs at the same time, two in
 * flight each; every D compared bit for bit with the emulator's. The
 * processes' buffers sit at the same device addresses with different data,
 * so a job that ran in the wrong address space shows up as a wrong D.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_job.h"
#include "guest_util.h"

#define PROCS 4
#define JOBS 6
#define IN_FLIGHT 2

static int client(int id)
{
	struct g_lib_job jobs[IN_FLIGHT];
	struct g_data data[IN_FLIGHT];
	struct mxa_device *dev, *emu;
	struct mxa_device_info info;
	struct t_rng rng;
	int bad = 0;

	t_rng_seed(&rng, 1000 + (uint64_t)id);
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &info) ||
	    mxa_device_open("emu", &emu)) {
		fprintf(stderr, "client %d: %s\n", id, mxa_last_error());
		return 1;
	}
	for (int j = 0; j < JOBS; j += IN_FLIGHT) {
		for (int i = 0; i < IN_FLIGHT; i++) {
			struct g_plan p;
			int a, b;

			do {
				a = (int)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
				b = (int)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
			} while (!(info.formats >> a & 1) ||
				 !(info.formats >> b & 1));
			g_plan_random(&p, &info, a, b, 16, 64, &rng);
			if (g_data_make(&data[i], &p, emu, &rng) ||
			    g_lib_job_make(&jobs[i], dev, &data[i]) ||
			    g_lib_job_submit(&jobs[i], dev)) {
				fprintf(stderr, "client %d: job %d not made\n",
					id, j + i);
				return 1;
			}
		}
		for (int i = 0; i < IN_FLIGHT; i++) {
			char what[160], name[128];

			snprintf(what, sizeof(what), "client %d job %d (%s)",
				 id, j + i,
				 g_plan_name(&data[i].plan, name, sizeof(name)));
			if (g_lib_job_check(&jobs[i], &data[i], 120000, what))
				bad++;
			else
				printf("%s: ok\n", what);
			g_lib_job_free(&jobs[i]);
			g_data_free(&data[i]);
		}
	}
	mxa_device_close(emu);
	mxa_device_close(dev);
	return bad ? 1 : 0;
}

int main(void)
{
	pid_t pids[PROCS];

	for (int i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			return T_FAIL;
		}
		if (pids[i] == 0) {
			int rc = client(i);

			fflush(NULL);
			_exit(rc);
		}
	}
	for (int i = 0; i < PROCS; i++) {
		int status;

		T_CHECK(waitpid(pids[i], &status, 0) == pids[i] &&
			WIFEXITED(status) && WEXITSTATUS(status) == 0,
			"client %d failed (status 0x%x)", i, status);
	}
	return t_exit();
}
