// SPDX-License-Identifier: MIT
/*
 * test_fault_inject.c - what a board's interconnect may do to the device,
 * injected by the QEMU model's test port (sim/qemu/mxa-sim-device.c) under
 * a bound mxa.ko: a memory read or a memory write of a job that fails with
 * an AXI SLVERR or DECERR (in turn) at a random point, and a lost
 * interrupt. Each time the
 * injection must fire, only that job may end badly (a read or write fault:
 * its fence fails with -EIO or -EFAULT; a lost interrupt: the driver's
 * time-out finds it done, or fails it with -ETIMEDOUT), and the next job
 * on the same buffers must be right bit for bit.
 *
 * Only in the board-like guest: the bridge's device has no test port.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

/* The test port: the page after the register window. */
#define TEST_PORT_OFFSET 0x1000
#define TEST_FAIL_READ 0x00
#define TEST_FAIL_WRITE 0x04
#define TEST_DROP_IRQ 0x08
#define TEST_INJECTED 0x0c
#define TEST_FAIL_RESP 0x10
#define TEST_OFF 0xffffffffu

/* A lost interrupt waits for the driver's time-out (10 s by default). */
#define WAIT_MS 60000

enum kind { READ_FAULT, WRITE_FAULT, LOST_IRQ, KINDS };
static const char *const kind_name[KINDS] = {
	"read fault", "write fault", "lost interrupt",
};
static const int rounds[KINDS] = { 6, 6, 2 };

static volatile uint32_t *port;

/* Arms the fault; a read or write fault of an odd round is a DECERR. */
static void arm(enum kind k, int r, struct t_rng *rng)
{
	port[TEST_FAIL_RESP / 4] = (uint32_t)r & 1;
	switch (k) {
	case READ_FAULT:
		port[TEST_FAIL_READ / 4] = t_rng_below(rng, 16);
		break;
	case WRITE_FAULT:
		port[TEST_FAIL_WRITE / 4] = t_rng_below(rng, 4);
		break;
	default:
		port[TEST_DROP_IRQ / 4] = 1;
		break;
	}
}

static void disarm(void)
{
	port[TEST_FAIL_READ / 4] = TEST_OFF;
	port[TEST_FAIL_WRITE / 4] = TEST_OFF;
	port[TEST_DROP_IRQ / 4] = 0;
}

/* One job under an injected fault, then one without on the same data. */
static void round_trip(int fd, enum kind k, int r, struct mxa_device *emu,
		       const struct mxa_device_info *info, struct t_rng *rng)
{
	const char *what = kind_name[k];
	struct g_raw_job j;
	struct g_data d;
	struct g_plan p;
	uint32_t sync, before;
	int ret;

	g_plan_random(&p, info, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 96, rng);
	if (g_data_make(&d, &p, emu, rng) || g_raw_job_make(&j, fd, &d, 0) ||
	    drmSyncobjCreate(fd, 0, &sync)) {
		T_CHECK(0, "%s %d: job not made", what, r);
		return;
	}
	before = port[TEST_INJECTED / 4];
	arm(k, r, rng);
	T_CHECK(port[TEST_FAIL_RESP / 4] == ((uint32_t)r & 1),
		"%s %d: the test port has no FAIL_RESP", what, r);
	ret = g_submit(fd, &j.job, 1, j.bos, j.bo_count, NULL, 0, sync);
	T_CHECK(ret == 0, "%s %d: submit: %s", what, r, strerror(-ret));
	ret = g_sync_wait(fd, sync, WAIT_MS);
	disarm();
	T_CHECK(port[TEST_INJECTED / 4] == before + 1,
		"%s %d: the injection did not fire", what, r);
	if (k == LOST_IRQ) {
		T_CHECK(ret == 0 || ret == -ETIMEDOUT,
			"%s %d: the job ended with %s", what, r, strerror(-ret));
		if (ret == 0)
			T_CHECK(g_raw_job_check(&j, &d, what) == 0,
				"%s %d: D of the job", what, r);
	} else {
		T_CHECK(ret == -EIO || ret == -EFAULT,
			"%s %d: the job ended with %s, expected an error", what,
			r, ret ? strerror(-ret) : "success");
	}
	printf("%s %d%s: %dx%dx%d, the job ended with %s\n", what, r,
	       k == LOST_IRQ ? "" : r & 1 ? " (DECERR)" : " (SLVERR)", p.m,
	       p.n, p.k, ret ? strerror(-ret) : "success");

	g_raw_job_reset(&j, &d);
	drmSyncobjReset(fd, &sync, 1);
	ret = g_submit(fd, &j.job, 1, j.bos, j.bo_count, NULL, 0, sync);
	if (!ret)
		ret = g_sync_wait(fd, sync, WAIT_MS);
	T_CHECK(ret == 0, "%s %d: the next job: %s", what, r, strerror(-ret));
	if (!ret)
		T_CHECK(g_raw_job_check(&j, &d, "the next job") == 0,
			"%s %d: D of the next job", what, r);
	drmSyncobjDestroy(fd, sync);
	g_raw_job_free(&j);
	g_data_free(&d);
}

int main(void)
{
	struct mxa_device *emu;
	struct mxa_device_info info;
	struct t_rng rng;
	int fd;

	if (!g_platform())
		T_SKIP_BECAUSE("the bridge's device has no test port (only in the board-like guest)");
	t_rng_seed(&rng, 17);
	port = g_platform_map(TEST_PORT_OFFSET, 4096);
	if (!port)
		return T_FAIL;
	disarm();

	if (g_info_and_emu(&info, &emu))
		return T_FAIL;
	fd = g_device_open(NULL, 0, 0);
	T_CHECK(fd >= 0, "no device node");
	if (fd < 0)
		return t_exit();
	for (int k = 0; k < KINDS; k++)
		for (int r = 0; r < rounds[k]; r++)
			round_trip(fd, k, r, emu, &info, &rng);
	close(fd);
	mxa_device_close(emu);
	munmap((void *)port, 4096);
	return t_exit();
}
