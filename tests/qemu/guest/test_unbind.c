// SPDX-License-Identifier: MIT
/*
 * test_unbind.c - the device unbound from its driver through sysfs while
 * a client has it open with jobs on it, then bound again, three times.
 * Each round: a first job ends and is right; TEST.STALL holds the next
 * ones on the device, and more wait for a fence of vgem that the test
 * holds back; "unbind": the stalled jobs' fences signal with an error,
 * every ioctl of the open client answers -ENODEV, the node goes, and the
 * client's mapping of the first job's D still reads the right values;
 * then vgem's fence signals and the waiting jobs run, after the device
 * and its transport's memory have gone: they end with -ENODEV (KASAN on
 * the debug kernel caught them reading freed memory once); "bind": a new
 * node, on which a new client's job is right, while the old client still
 * gets -ENODEV; only then does the old client close (a late
 * close). The device is the bridge's platform device, or in the
 * board-like guest the device-tree node bound by the platform driver. At
 * the end mxa-simd (if any) stops and mxa.ko unloads: no device, file or
 * buffer of any round holds it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"
#include "guest_vgem.h"

#define ROUNDS 3
/* Job 0, jobs 1 to STALLED on the stalled device, the rest behind vgem. */
#define JOBS 7
#define STALLED 3
static const char *driver_dir;

/* Writes @name to the driver's "bind" or "unbind" file. */
static int driver_write(const char *what, const char *name)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", driver_dir, what);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, name, strlen(name));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

/*
 * One round; returns 1 when vgem's fence signalled by itself (10 s after
 * it was attached) before the test signalled it: the jobs behind it may
 * then have reached the device before the unbind, and the round says
 * nothing of jobs run after it. A guest paused by a busy host sees such
 * a pause as time gone by.
 */
static int round_trip(int round, int vfd, struct mxa_device *emu,
		      const struct mxa_device_info *linfo, const char *name,
		      struct t_rng *rng)
{
	struct g_raw_job j[JOBS];
	struct g_data d[JOBS];
	struct drm_mxa_device_info info;
	struct g_vgem_bo v;
	struct mxa_device *dev;
	struct g_plan p;
	uint32_t sync[JOBS], held = 0, h;
	int sf[JOBS], fd, ret, failed = 0, expired;

	fd = g_device_open(NULL, 0, 20000);
	T_CHECK(fd >= 0, "round %d: no device node", round);
	if (fd < 0)
		return 0;
	for (int i = 0; i < JOBS; i++) {
		sf[i] = -1;
		g_plan_random(&p, linfo, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 128,
			      rng);
		if (g_data_make(&d[i], &p, emu, rng) ||
		    g_raw_job_make(&j[i], fd, &d[i], 0) ||
		    drmSyncobjCreate(fd, 0, &sync[i])) {
			T_CHECK(0, "round %d: job %d not made", round, i);
			return 0;
		}
	}
	T_CHECK(g_submit(fd, &j[0].job, 1, j[0].bos, j[0].bo_count, NULL, 0,
			 sync[0]) == 0, "submit 0");
	ret = g_sync_wait(fd, sync[0], 30000);
	T_CHECK(ret == 0, "round %d: job 0: %s", round, strerror(-ret));
	T_CHECK(g_raw_job_check(&j[0], &d[0], "before the unbind") == 0,
		"round %d: job 0", round);
	T_CHECK(g_test_stall(1) == 0, "setting TEST.STALL");
	if (g_vgem_bo_new(vfd, 4096, &v) ||
	    g_syncobj_from_dmabuf(fd, v.dmabuf, &held)) {
		T_CHECK(0, "round %d: no vgem fence to hold jobs back", round);
		return 0;
	}
	/* Their fences as sync files, which the unbind leaves usable. */
	for (int i = 1; i < JOBS; i++) {
		T_CHECK(g_submit(fd, &j[i].job, 1, j[i].bos, j[i].bo_count,
				 i > STALLED ? &held : NULL, i > STALLED,
				 sync[i]) == 0, "submit %d", i);
		sf[i] = g_sync_file(fd, sync[i]);
		T_CHECK(sf[i] >= 0, "round %d: job %d's sync file", round, i);
	}

	ret = driver_write("unbind", name);
	T_CHECK(ret == 0, "round %d: unbind %s: %s", round, name,
		strerror(-ret));
	/* As for a daemon that dies: an error, or (after a time-out's reset
	 * cleared TEST.STALL) the right D. */
	for (int i = 1; i <= STALLED; i++) {
		ret = g_sync_file_wait(sf[i], 30000);
		if (ret == 0)
			T_CHECK(g_raw_job_check(&j[i], &d[i], "ended before") == 0,
				"round %d: job %d", round, i);
		else
			failed++;
		T_CHECK(ret == 0 || ret == -ENODEV || ret == -ETIMEDOUT ||
			ret == -EIO, "round %d: job %d's fence: %s", round, i,
			strerror(-ret));
	}
	T_CHECK(failed > 0, "round %d: the stalled jobs ended by themselves",
		round);
	T_CHECK(g_device_wait_gone(20000) == 0, "round %d: node still there",
		round);
	ret = g_query(fd, &info);
	T_CHECK(ret == -ENODEV, "QUERY after unbind: %s", strerror(-ret));
	ret = g_bo_create(fd, 4096, 0, &h, NULL);
	T_CHECK(ret == -ENODEV, "BO_CREATE after unbind: %s", strerror(-ret));
	T_CHECK(g_raw_job_check(&j[0], &d[0], "mapped after the unbind") == 0,
		"round %d: job 0's D through its mapping", round);
	/* Now the jobs behind vgem's fence run, with no device to run on. */
	ret = g_vgem_signal(vfd, &v);
	expired = ret == -ETIMEDOUT;
	T_CHECK(ret == 0 || expired, "round %d: vgem's signal: %s", round,
		strerror(-ret));
	for (int i = STALLED + 1; i < JOBS; i++) {
		ret = g_sync_file_wait(sf[i], 30000);
		T_CHECK(ret == -ENODEV || (expired && ret != -ETIME),
			"round %d: job %d, run after the unbind: %s", round, i,
			ret ? strerror(-ret) : "no error");
	}
	g_vgem_bo_del(vfd, &v);

	ret = driver_write("bind", name);
	T_CHECK(ret == 0, "round %d: bind %s: %s", round, name, strerror(-ret));
	T_CHECK(mxa_device_open("drm", &dev) == 0, "round %d: open: %s", round,
		mxa_last_error());
	g_plan_random(&p, linfo, MXA_FMT_E4M3, MXA_FMT_E4M3, 12, 64, rng);
	T_CHECK(g_lib_run_check(dev, emu, &p, rng, "after the bind") == 0,
		"round %d: job on the bound device", round);
	mxa_device_close(dev);

	/* The old client still holds the old device, then closes late. */
	ret = g_submit(fd, &j[0].job, 1, j[0].bos, j[0].bo_count, NULL, 0, 0);
	T_CHECK(ret == -ENODEV, "old client's SUBMIT after the bind: %s",
		strerror(-ret));
	for (int i = 0; i < JOBS; i++) {
		if (sf[i] >= 0)
			close(sf[i]);
		drmSyncobjDestroy(fd, sync[i]);
		g_raw_job_free(&j[i]);
		g_data_free(&d[i]);
	}
	drmSyncobjDestroy(fd, held);
	close(fd);
	if (expired) {
		printf("round %d: vgem's fence signalled by itself (10 s) before the test did: again\n",
		       round);
		return 1;
	}
	printf("round %d: %d of %d stalled jobs ended by the unbind, %d run after it\n",
	       round, failed, STALLED, JOBS - 1 - STALLED);
	return 0;
}

int main(void)
{
	struct mxa_device *emu;
	struct mxa_device_info linfo;
	struct t_rng rng;
	char name[256];
	int ret, vfd;

	t_rng_seed(&rng, 11);
	if (g_info_and_emu(&linfo, &emu))
		return T_FAIL;
	vfd = g_vgem_open();
	if (vfd < 0) {
		fprintf(stderr, "no vgem device (/init loads vgem): %s\n",
			strerror(-vfd));
		return T_FAIL;
	}
	if (g_transport_device(name, sizeof(name), &driver_dir)) {
		fprintf(stderr, "no platform device of the %s transport\n",
			g_platform() ? "board" : "bridge");
		return T_FAIL;
	}
	printf("unbinding and binding %s\n", name);
	for (int r = 0; r < ROUNDS; r++) {
		int attempt = 1;

		while (round_trip(r, vfd, emu, &linfo, name, &rng) &&
		       ++attempt <= 3)
			;
		T_CHECK(attempt <= 3,
			"round %d: vgem's fence expired in each of 3 attempts", r);
	}
	mxa_device_close(emu);
	close(vfd);

	if (!g_platform())
		T_CHECK(g_simd_kill(SIGTERM, 20000) == 0,
			"mxa-simd did not exit");
	ret = g_module_unload();
	T_CHECK(ret == 0, "unloading after the rounds: %s", strerror(-ret));
	return t_exit();
}
