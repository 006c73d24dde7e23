// SPDX-License-Identifier: MIT
/*
 * test_stall.c - a device that stops making progress: with the simulated
 * device's TEST.STALL set (debugfs mxa/test_stall), a job never ends by
 * itself. The driver's time-out must stop it (its fence ends with
 * -ETIMEDOUT), reset the device, fail only that job (another client's job
 * queued behind it computes the right D) and leave a device on which the
 * next job is right. The driver's stats count the time-out and the reset.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

/* The driver's default time-out is 10 s; a simulated job under TCG may
 * take a few seconds more to be stopped and the device reset. */
#define WAIT_MS 60000

static char stats[300];

/* A counter of the driver's stats file; -1 when it cannot be read. */
static long long stat_of(const char *name)
{
	char line[128], key[64];
	long long v, found = -1;
	FILE *f = fopen(stats, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

struct job {
	struct g_data d;
	struct g_raw_job r;
	uint32_t sync;
};

static int job_make(struct job *j, int fd, const struct mxa_device_info *li,
		    struct mxa_device *emu, struct t_rng *rng)
{
	struct g_plan p;

	g_plan_random(&p, li, MXA_FMT_E4M3, MXA_FMT_E4M3, 8, 64, rng);
	if (g_data_make(&j->d, &p, emu, rng) ||
	    g_raw_job_make(&j->r, fd, &j->d, 0) ||
	    drmSyncobjCreate(fd, 0, &j->sync))
		return -1;
	return g_submit(fd, &j->r.job, 1, j->r.bos, j->r.bo_count, NULL, 0,
			j->sync);
}

static void job_free(struct job *j)
{
	drmSyncobjDestroy(j->r.fd, j->sync);
	g_raw_job_free(&j->r);
	g_data_free(&j->d);
}

int main(void)
{
	struct mxa_device *dev, *emu;
	struct mxa_device_info li;
	struct job stuck, innocent, next;
	long long timed_out, resets;
	char dir[256];
	struct t_rng rng;
	int fd1, fd2, ret;

	t_rng_seed(&rng, 13);
	if (g_debugfs_dir(dir, sizeof(dir))) {
		fprintf(stderr, "no debugfs directory of the mxa device\n");
		return T_FAIL;
	}
	snprintf(stats, sizeof(stats), "%s/mxa/stats", dir);
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &li) ||
	    mxa_device_open("emu", &emu)) {
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
		return T_FAIL;
	}
	fd1 = g_device_open(NULL, 0, 0);
	fd2 = g_device_open(NULL, 0, 0);
	if (fd1 < 0 || fd2 < 0)
		return T_FAIL;
	timed_out = stat_of("timed_out");
	resets = stat_of("resets");

	T_CHECK(g_test_stall(1) == 0, "setting TEST.STALL");
	T_CHECK(job_make(&stuck, fd1, &li, emu, &rng) == 0, "stuck job");
	T_CHECK(job_make(&innocent, fd2, &li, emu, &rng) == 0, "innocent job");
	if (t_failures) {
		g_test_stall(0);
		return t_exit();
	}
	ret = g_sync_wait(fd1, stuck.sync, WAIT_MS);
	/* The stall goes before the innocent job runs, if the reset has
	 * not cleared it already. */
	T_CHECK(g_test_stall(0) == 0, "clearing TEST.STALL");
	T_CHECK(ret == -ETIMEDOUT, "stuck job's fence: %s",
		ret ? strerror(-ret) : "no error");
	T_CHECK(g_raw_job_d_untouched(&stuck.r) ||
		g_raw_job_check(&stuck.r, &stuck.d, "stuck") == 0,
		"stuck job left a wrong D");

	ret = g_sync_wait(fd2, innocent.sync, WAIT_MS);
	T_CHECK(ret == 0, "innocent job behind the stuck one: %s",
		strerror(-ret));
	if (!ret)
		T_CHECK(g_raw_job_check(&innocent.r, &innocent.d, "innocent") == 0,
			"innocent job's D");

	T_CHECK(job_make(&next, fd1, &li, emu, &rng) == 0, "next job");
	ret = g_sync_wait(fd1, next.sync, WAIT_MS);
	T_CHECK(ret == 0 && g_raw_job_check(&next.r, &next.d, "next") == 0,
		"next job on the stuck job's client: %s", strerror(-ret));
	{
		struct g_plan p;

		g_plan_random(&p, &li, MXA_FMT_E2M1, MXA_FMT_E4M3, 16, 64, &rng);
		T_CHECK(g_lib_run_check(dev, emu, &p, &rng, "libmxa") == 0,
			"libmxa job after the reset");
	}

	if (timed_out >= 0 && resets >= 0) {
		printf("stats: timed_out %lld -> %lld, resets %lld -> %lld\n",
		       timed_out, stat_of("timed_out"), resets,
		       stat_of("resets"));
		T_CHECK(stat_of("timed_out") == timed_out + 1,
			"time-outs counted");
		T_CHECK(stat_of("resets") > resets, "resets counted");
	}
	job_free(&next);
	job_free(&innocent);
	job_free(&stuck);
	close(fd2);
	close(fd1);
	mxa_device_close(emu);
	mxa_device_close(dev);
	return t_exit();
}
