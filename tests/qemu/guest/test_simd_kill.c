// SPDX-License-Identifier: MIT
/*
 * test_simd_kill.c - mxa-simd killed (SIGKILL) while jobs run: the device
 * unplugs cleanly. A first job ends before the kill and is right; the
 * others are held on the device (TEST.STALL stops the one in progress) when
 * the daemon dies, and their fences signal with an error. Every ioctl of
 * the still open client answers -ENODEV, the device node goes away, and
 * once the client closes nothing holds mxa.ko: it unloads. Then a new
 * daemon brings a new device on which a job computes the right D.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

#define JOBS 6

int main(void)
{
	struct g_raw_job j[JOBS];
	struct g_data d[JOBS];
	struct mxa_device *emu, *dev;
	struct mxa_device_info linfo;
	struct drm_mxa_device_info info;
	struct t_rng rng;
	uint32_t sync[JOBS], h;
	int fd, ret, failed = 0;

	t_rng_seed(&rng, 5);
	if (g_info_and_emu(&linfo, &emu))
		return T_FAIL;
	fd = g_device_open(NULL, 0, 0);
	if (fd < 0 || g_simd_pid() < 0) {
		fprintf(stderr, "no device or no mxa-simd\n");
		return T_FAIL;
	}
	for (int i = 0; i < JOBS; i++) {
		struct g_plan p;

		g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 128,
			      &rng);
		if (g_data_make(&d[i], &p, emu, &rng) ||
		    g_raw_job_make(&j[i], fd, &d[i], 0) ||
		    drmSyncobjCreate(fd, 0, &sync[i])) {
			fprintf(stderr, "job %d not made\n", i);
			return T_FAIL;
		}
	}
	/* The first job ends before the kill. */
	T_CHECK(g_submit(fd, &j[0].job, 1, j[0].bos, j[0].bo_count, NULL, 0,
			 sync[0]) == 0, "submit 0");
	ret = g_sync_wait(fd, sync[0], 30000);
	T_CHECK(ret == 0, "job 0 before the kill: %s", strerror(-ret));
	T_CHECK(g_raw_job_check(&j[0], &d[0], "before the kill") == 0, "job 0");
	/* The others cannot end before it. */
	T_CHECK(g_test_stall(1) == 0, "setting TEST.STALL");
	for (int i = 1; i < JOBS; i++)
		T_CHECK(g_submit(fd, &j[i].job, 1, j[i].bos, j[i].bo_count,
				 NULL, 0, sync[i]) == 0, "submit %d", i);
	T_CHECK(g_simd_kill(SIGKILL, 20000) == 0, "mxa-simd did not exit");

	/*
	 * Each fence signals with an error: the unplug's, or the time-out's
	 * if the kill came more than the driver's time-out after the stall
	 * (the reset that follows clears TEST.STALL, so a job may then even
	 * end, and must be right).
	 */
	for (int i = 1; i < JOBS; i++) {
		ret = g_sync_wait(fd, sync[i], 30000);
		if (ret == 0)
			T_CHECK(g_raw_job_check(&j[i], &d[i], "ended before") == 0,
				"job %d", i);
		else
			failed++;
		T_CHECK(ret == 0 || ret == -ENODEV || ret == -ETIMEDOUT ||
			ret == -EIO, "job %d's fence: %s", i, strerror(-ret));
	}
	printf("%d of %d jobs ended by the unplug\n", failed, JOBS - 1);
	T_CHECK(failed > 0, "the stalled job ended by itself");

	T_CHECK(g_device_wait_gone(20000) == 0, "device node still there");
	ret = g_query(fd, &info);
	T_CHECK(ret == -ENODEV, "QUERY after unplug: %s", strerror(-ret));
	ret = g_bo_create(fd, 4096, 0, &h, NULL);
	T_CHECK(ret == -ENODEV, "BO_CREATE after unplug: %s", strerror(-ret));
	ret = g_submit(fd, &j[0].job, 1, j[0].bos, j[0].bo_count, NULL, 0, 0);
	T_CHECK(ret == -ENODEV, "SUBMIT after unplug: %s", strerror(-ret));
	for (int i = 0; i < JOBS; i++) {
		drmSyncobjDestroy(fd, sync[i]);
		g_raw_job_free(&j[i]);
		g_data_free(&d[i]);
	}
	close(fd);

	ret = g_module_unload();
	T_CHECK(ret == 0, "unloading after the unplug: %s", strerror(-ret));

	/* A new daemon, a new device. */
	ret = g_device_ensure();
	T_CHECK(ret == 0, "no device after restarting: %s", strerror(-ret));
	if (!ret) {
		struct g_plan p;

		T_CHECK(mxa_device_open("drm", &dev) == 0, "open: %s",
			mxa_last_error());
		g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E4M3, 12, 64,
			      &rng);
		T_CHECK(g_lib_run_check(dev, emu, &p, &rng, "new device") == 0,
			"job on the new device");
		mxa_device_close(dev);
	}
	mxa_device_close(emu);
	return t_exit();
}
