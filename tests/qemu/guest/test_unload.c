// SPDX-License-Identifier: MIT
/*
 * test_unload.c - the module unloads at once after its last user: 200
 * cycles of load mxa.ko, start mxa-simd, open a client, run a job (checked
 * against the emulator), leave a second job in flight, stop the daemon
 * (SIGTERM and SIGKILL in turn), close the client and unload. In the
 * board-like guest there is no daemon: the client closes with its second
 * job in flight on the device, and the unload removes the platform device's
 * driver under it. Once the
 * daemon has exited and the client is closed, the first unload must
 * succeed: there is no retry. The first cycle that fails ends the test.
 *
 *   test_unload [cycles]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

#define CYCLES 200
#define STEP_MS 20000

static struct g_data data;

/* Time spent in each part of the cycles, for the report. */
enum { T_LOAD, T_START, T_JOB, T_STOP, T_UNLOAD, T_PARTS };
static const char *const part_name[T_PARTS] = {
	"load", "start mxa-simd", "jobs", "stop mxa-simd", "close and unload",
};
static uint64_t part_ns[T_PARTS], part_start;

static void part_end(int part)
{
	uint64_t now = g_now_ns();

	part_ns[part] += now - part_start;
	part_start = now;
}

/* One cycle; returns the step that failed, or NULL. */
static const char *cycle(int sig)
{
	struct drm_mxa_device_info info;
	struct g_raw_job j;
	uint32_t sync = 0;
	int fd, ret;

	part_start = g_now_ns();
	if (g_module_load())
		return "load";
	part_end(T_LOAD);
	/* A memory latency of one cycle: jobs take a tenth of the time. */
	if (!g_platform() && g_simd_start("--latency=1") <= 0)
		return "start mxa-simd";
	fd = g_device_open(NULL, 0, STEP_MS);
	if (fd < 0)
		return "open a client";
	part_end(T_START);
	if (g_raw_job_make(&j, fd, &data, 0) ||
	    drmSyncobjCreate(fd, 0, &sync) ||
	    g_submit(fd, &j.job, 1, j.bos, j.bo_count, NULL, 0, sync) ||
	    g_sync_wait(fd, sync, STEP_MS))
		return "run a job";
	if (g_raw_job_check(&j, &data, "job"))
		return "the job's D";
	g_raw_job_reset(&j, &data);
	if (g_submit(fd, &j.job, 1, j.bos, j.bo_count, NULL, 0, 0))
		return "submit a second job";
	part_end(T_JOB);

	if (!g_platform()) {
		if (g_simd_kill(sig, STEP_MS))
			return "mxa-simd did not exit";
		part_end(T_STOP);
		/* Its file is closed: the device has been unplugged. */
		ret = g_query(fd, &info);
		if (ret != -ENODEV) {
			fprintf(stderr, "QUERY: %s\n",
				ret ? strerror(-ret) : "answered");
			return "QUERY after the daemon exited";
		}
	}
	drmSyncobjDestroy(fd, sync);
	g_raw_job_free(&j);
	close(fd);

	ret = g_module_unload();
	if (ret) {
		fprintf(stderr, "delete_module: %s\n", strerror(-ret));
		return "unload";
	}
	if (g_module_loaded() || access(G_BRIDGE_NODE, F_OK) == 0)
		return "module or /dev/mxa-sim still there after the unload";
	part_end(T_UNLOAD);
	return NULL;
}

int main(int argc, char **argv)
{
	int cycles = argc > 1 ? atoi(argv[1]) : CYCLES;
	struct mxa_device *dev, *emu;
	struct mxa_device_info linfo;
	uint64_t start;
	struct g_plan p;
	struct t_rng rng;
	int c;

	t_rng_seed(&rng, 9);
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &linfo) ||
	    mxa_device_open("emu", &emu)) {
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
		return T_FAIL;
	}
	mxa_device_close(dev);
	g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E2M1, 4, 32, &rng);
	T_CHECK(g_data_make(&data, &p, emu, &rng) == 0, "job data");
	mxa_device_close(emu);

	/* /init left the module loaded and its daemon (if any) running. */
	if (!g_platform())
		T_CHECK(g_simd_kill(SIGTERM, STEP_MS) == 0,
			"mxa-simd did not exit");
	T_CHECK(g_module_unload() == 0, "first unload");

	start = g_now_ns();
	for (c = 0; !t_failures && c < cycles; c++) {
		int sig = c % 2 ? SIGKILL : SIGTERM;
		const char *failed = cycle(sig);

		T_CHECK(!failed, "cycle %d (%s): %s", c, strsignal(sig),
			failed);
		if (c % 50 == 49 || c < 3)
			printf("%d cycles, %.1f s\n", c + 1,
			       (g_now_ns() - start) / 1e9);
	}
	printf("%d cycles in %.1f s; per cycle:", c, (g_now_ns() - start) / 1e9);
	for (int i = 0; i < T_PARTS; i++)
		printf("%s %s %.0f ms", i ? "," : "", part_name[i],
		       c ? part_ns[i] / 1e6 / c : 0.0);
	printf("\n");
	g_data_free(&data);
	return t_exit();
}
