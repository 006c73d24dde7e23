// SPDX-License-Identifier: MIT
/*
 * test_alloc_faults.c - every memory allocation on the driver's paths made
 * to fail, one at a time, with the kernel's fault injection: writing N to
 * /proc/thread-self/fail-nth makes the Nth allocation attempt of this
 * thread fail (failslab for slab objects, fail_page_alloc for pages). Each
 * operation below runs with N = 1, 2, ... until it makes fewer than N
 * attempts, so that every allocation it reaches has failed once; all
 * driver allocations are made in the calling thread (open, ioctls, probe),
 * so none escapes. Each injected failure must end the operation with
 * -ENOMEM (or the errno a kernel helper gives instead: ops[]), or let it
 * succeed (an allocation with a fallback), and leave
 * nothing behind: a refused submission writes nothing and leaves its
 * out-sync without a fence, a failed bind leaves no node, and a job on the
 * device is bit-exact afterwards. What a failure path leaks, frees twice or
 * locks wrongly, the debug kernel's checkers report (kmemleak's scan at the
 * end of the guest's run, KASAN, lockdep), and the run fails.
 *
 * Operations: open, QUERY, BO_CREATE (a page and 1 MiB), BO_MMAP_OFFSET,
 * mmap, BO_INFO, PRIME export and import, SUBMIT with a binary out-sync and
 * with timeline points, BO_WAIT, and binding the device to the driver
 * through sysfs (probe: the register window, interrupt, DMA memory, the DRM
 * device). Skips without fail-nth (a kernel without CONFIG_FAULT_INJECTION,
 * Debian's among them: the debug kernel has it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

/* No operation makes nearly this many allocations: a bound on the loop. */
#define MAX_NTH 4000
#define FAULT_DIR "/sys/kernel/debug"

static int nth_fd = -1;
static int fd, fd2;			/* the device, twice */
static struct mxa_device *emu;
static struct mxa_device_info linfo;
static struct t_rng rng;

/* ------------------------------------------------------ fault injection */

static int write_str(const char *path, const char *value)
{
	int f = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (f < 0)
		return -errno;
	n = write(f, value, strlen(value));
	if (n < 0)
		n = -errno;
	close(f);
	return n < 0 ? (int)n : n == (ssize_t)strlen(value) ? 0 : -EIO;
}

/*
 * failslab and fail_page_alloc as fail-nth needs them: GFP_KERNEL and
 * highmem allocations and single pages not exempt (as they are by
 * default), and no stack dump for each failure (a dump is a forbidden
 * line in the guest's log).
 */
static int faults_setup(void)
{
	static const char *const settings[][2] = {
		{ FAULT_DIR "/failslab/ignore-gfp-wait", "N" },
		{ FAULT_DIR "/failslab/verbose", "0" },
		{ FAULT_DIR "/fail_page_alloc/ignore-gfp-wait", "N" },
		{ FAULT_DIR "/fail_page_alloc/ignore-gfp-highmem", "N" },
		{ FAULT_DIR "/fail_page_alloc/min-order", "0" },
		{ FAULT_DIR "/fail_page_alloc/verbose", "0" },
	};

	for (size_t i = 0; i < sizeof(settings) / sizeof(*settings); i++) {
		int ret = write_str(settings[i][0], settings[i][1]);

		if (ret) {
			fprintf(stderr, "%s: %s\n", settings[i][0], strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* Arms fail-nth: the @n-th allocation attempt from now fails. */
static void nth_arm(int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	/* The file has no seek: pread() and pwrite() at 0 reread it. */
	if (pwrite(nth_fd, buf, len, 0) != len) {
		perror("fail-nth");
		exit(T_FAIL);
	}
}

/* Disarms fail-nth; 1 when the armed failure was injected. */
static int nth_disarm(void)
{
	char buf[16] = "";
	ssize_t n;

	n = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	if (pwrite(nth_fd, "0", 1, 0) != 1 || n <= 0) {
		perror("fail-nth");
		exit(T_FAIL);
	}
	return atoi(buf) == 0;
}

/* ------------------------------------------------------------ operations */

/*
 * One operation: prepare() sets up what it needs, run() is the call under
 * fault injection (0 or -errno), after() checks its outcome and undoes
 * it; the first two without faults.
 */
struct op {
	const char *name;
	int (*prepare)(void);
	int (*run)(void);
	void (*after)(int ret, int injected);
	int also;	/* an errno besides -ENOMEM that a failure may give */
};

static uint32_t handle, handle2, sync_obj, timeline;
static uint64_t offset;
static void *map;
static int prime_fd = -1, open_fd = -1;
static struct g_data data;
static struct g_raw_job job;

static int no_prepare(void)
{
	return 0;
}

static void no_after(int ret, int injected)
{
	(void)ret;
	(void)injected;
}

static void close_handle(int f, uint32_t *h)
{
	if (*h)
		g_bo_close(f, *h);
	*h = 0;
}

static int run_open(void)
{
	open_fd = open("/dev/accel/accel0", O_RDWR | O_CLOEXEC);
	if (open_fd < 0 && errno == ENOENT) {
		char path[64];

		open_fd = g_device_open(path, sizeof(path), 0);
		return open_fd < 0 ? open_fd : 0;
	}
	return open_fd < 0 ? -errno : 0;
}

static void after_open(int ret, int injected)
{
	(void)ret;
	(void)injected;
	if (open_fd >= 0)
		close(open_fd);
	open_fd = -1;
}

static int run_query(void)
{
	struct drm_mxa_device_info info;

	return g_query(fd, &info);
}

static int run_create_page(void)
{
	return g_bo_create(fd, 4096, 0, &handle, NULL);
}

static int run_create_mib(void)
{
	return g_bo_create(fd, 1 << 20, 0, &handle, NULL);
}

static void after_create(int ret, int injected)
{
	(void)ret;
	(void)injected;
	close_handle(fd, &handle);
}

static int prepare_bo(void)
{
	return g_bo_create(fd, 1 << 16, 0, &handle, NULL);
}

static int run_mmap_offset(void)
{
	struct drm_mxa_bo_mmap_offset a = { .handle = handle };
	int ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &a);

	offset = a.offset;
	return ret;
}

static int prepare_mmap(void)
{
	int ret = prepare_bo();

	return ret ? ret : run_mmap_offset();
}

static int run_mmap(void)
{
	map = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   (off_t)offset);
	return map == MAP_FAILED ? -errno : 0;
}

static void after_mmap(int ret, int injected)
{
	(void)injected;
	if (ret == 0)
		munmap(map, 1 << 16);
	close_handle(fd, &handle);
}

static int run_bo_info(void)
{
	struct drm_mxa_bo_info a = { .handle = handle };

	return g_ioctl(fd, DRM_IOCTL_MXA_BO_INFO, &a);
}

static int run_export(void)
{
	return drmPrimeHandleToFD(fd, handle, DRM_CLOEXEC, &prime_fd) ? -errno : 0;
}

static void after_export(int ret, int injected)
{
	(void)ret;
	(void)injected;
	if (prime_fd >= 0)
		close(prime_fd);
	prime_fd = -1;
	close_handle(fd, &handle);
}

static int prepare_import(void)
{
	int ret = prepare_bo();

	return ret ? ret : run_export();
}

static int run_import(void)
{
	return drmPrimeFDToHandle(fd2, prime_fd, &handle2) ? -errno : 0;
}

static void after_import(int ret, int injected)
{
	close_handle(fd2, &handle2);
	after_export(ret, injected);
}

/* A job and its out-sync (binary, or a timeline whose point 1 is
 * signalled) without faults. */
static int prepare_job(void)
{
	g_raw_job_reset(&job, &data);
	if (drmSyncobjCreate(fd, 0, &sync_obj) ||
	    drmSyncobjCreate(fd, 0, &timeline) ||
	    drmSyncobjTimelineSignal(fd, &timeline, (uint64_t[]){ 1 }, 1))
		return -errno;
	return 0;
}

static int run_submit(void)
{
	return g_submit(fd, &job.job, 1, job.bos, job.bo_count, NULL, 0,
			sync_obj);
}

/* Waits for timeline @t to reach @point; 0 or -errno. */
static int point_wait(uint32_t t, uint64_t point)
{
	int64_t end = (int64_t)(g_now_ns() + 30000000000ull);

	return drmSyncobjTimelineWait(fd, &t, &point, 1, end,
				      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL) ?
	       -errno : 0;
}

static int run_submit_points(void)
{
	uint64_t in_point = 1;
	struct drm_mxa_submit s = {
		.jobs = (uintptr_t)&job.job,
		.job_count = 1,
		.bo_count = job.bo_count,
		.bos = (uintptr_t)job.bos,
		.in_syncs = (uintptr_t)&timeline,
		.in_sync_count = 1,
		.out_sync = timeline,
		.job_size = sizeof(struct drm_mxa_job),
		.in_points = (uintptr_t)&in_point,
		.out_point = 2,
	};

	return g_ioctl(fd, DRM_IOCTL_MXA_SUBMIT, &s);
}

/*
 * A submission that succeeded: its job ends and D is right. One that
 * failed: D untouched, and no fence where its own would have gone.
 */
static void after_submit(int ret, int injected)
{
	uint64_t last = 0;
	int st;

	(void)injected;
	if (ret == 0) {
		st = g_sync_wait(fd, sync_obj, 30000);
		if (st == -EINVAL)	/* the timeline submission */
			st = point_wait(timeline, 2);
		T_CHECK(st == 0, "the job of a submission: %s", strerror(-st));
		T_CHECK(g_raw_job_check(&job, &data, "after a submission") == 0,
			"D of a submission");
	} else {
		T_CHECK(g_raw_job_d_untouched(&job),
			"a refused submission wrote D");
		T_CHECK(g_sync_wait(fd, sync_obj, 0) == -EINVAL,
			"a refused submission's out-sync got a fence");
		T_CHECK(drmSyncobjQuery(fd, &timeline, &last, 1) == 0 &&
			last == 1, "a refused submission's out point: %llu",
			(unsigned long long)last);
	}
	drmSyncobjDestroy(fd, sync_obj);
	drmSyncobjDestroy(fd, timeline);
}

static int prepare_bo_wait(void)
{
	int ret = prepare_job();

	return ret ? ret : run_submit();
}

static int run_bo_wait(void)
{
	struct drm_mxa_bo_wait a = {
		.handle = job.handle[G_D],
		.timeout_ns = (int64_t)(g_now_ns() + 30000000000ull),
	};

	return g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &a);
}

/* The submission was made without faults: its job ends right whatever
 * the wait answered. */
static void after_bo_wait(int ret, int injected)
{
	(void)ret;
	after_submit(0, injected);
}

/* ------------------------------------------------------------------ bind */

static char dev_name[256];
static const char *driver_dir;

static int driver_write(const char *what)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", driver_dir, what);
	return write_str(path, dev_name);
}

static int prepare_bind(void)
{
	close(fd);
	close(fd2);
	fd = fd2 = -1;
	return driver_write("unbind");
}

static int run_bind(void)
{
	return driver_write("bind");
}

/* 1 when the bound device registered a DRM minor (sysfs accel/ or drm/). */
static int minor_registered(void)
{
	static const char *const kinds[] = { "accel", "drm" };
	char path[320];

	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/%s",
			 dev_name, kinds[i]);
		if (access(path, F_OK) == 0)
			return 1;
	}
	return 0;
}

static int nodeless;	/* binds whose minor got no /dev node */

/*
 * A bind that succeeded registered the DRM device; an unbound device left
 * no node. A node may still be missing after a good bind: devtmpfs makes
 * it, and the driver core ignores its failure to (an allocation failed
 * there); an unbind and bind without faults make it then.
 */
static void after_bind(int ret, int injected)
{
	(void)injected;
	if (ret == 0) {
		T_CHECK(minor_registered(), "a bind that succeeded registered no DRM device");
		fd = g_device_open(NULL, 0, 1000);
		if (fd < 0) {
			nodeless++;
			T_CHECK(driver_write("unbind") == 0 &&
				driver_write("bind") == 0,
				"unbind and bind without faults");
			fd = g_device_open(NULL, 0, 20000);
		}
		fd2 = g_device_open(NULL, 0, 0);
	} else {
		int again;

		T_CHECK(g_device_wait_gone(0) == 0, "a failed bind left a node");
		again = driver_write("bind");
		if (again)
			printf("bind without faults after a failed one: %s\n",
			       strerror(-again));
		T_CHECK(again == 0, "bind without faults: %s", strerror(-again));
		fd = g_device_open(NULL, 0, 20000);
		fd2 = g_device_open(NULL, 0, 0);
	}
	if (fd < 0 || fd2 < 0)
		exit(T_FAIL);
}

/* ------------------------------------------------------------------ main */

/*
 * Two errnos come from the kernel's own helpers: shmem answers -ENOSPC when
 * it cannot allocate the inode of a buffer's backing file, and
 * devm_ioremap_resource() -EBUSY whatever kept it from requesting the
 * register window.
 */
static const struct op ops[] = {
	{ "open", no_prepare, run_open, after_open, 0 },
	{ "QUERY", no_prepare, run_query, no_after, 0 },
	{ "BO_CREATE 4 KiB", no_prepare, run_create_page, after_create, -ENOSPC },
	{ "BO_CREATE 1 MiB", no_prepare, run_create_mib, after_create, -ENOSPC },
	{ "BO_MMAP_OFFSET", prepare_bo, run_mmap_offset, after_create, 0 },
	{ "mmap", prepare_mmap, run_mmap, after_mmap, 0 },
	{ "BO_INFO", prepare_bo, run_bo_info, after_create, 0 },
	{ "PRIME export", prepare_bo, run_export, after_export, 0 },
	{ "PRIME import", prepare_import, run_import, after_import, 0 },
	{ "SUBMIT", prepare_job, run_submit, after_submit, 0 },
	{ "SUBMIT timeline", prepare_job, run_submit_points, after_submit, 0 },
	{ "BO_WAIT", prepare_bo_wait, run_bo_wait, after_bo_wait, 0 },
	{ "bind", prepare_bind, run_bind, after_bind, -EBUSY },
};

/* Runs @op with its 1st, 2nd, ... allocation failing; the number of
 * allocation attempts it makes. */
static int exercise(const struct op *op)
{
	int failed = 0, survived = 0, n;

	for (n = 1; n <= MAX_NTH; n++) {
		int ret, injected;

		ret = op->prepare();
		if (ret) {
			T_CHECK(0, "%s: preparing: %s", op->name, strerror(-ret));
			return -1;
		}
		nth_arm(n);
		ret = op->run();
		injected = nth_disarm();
		op->after(ret, injected);
		if (!injected) {
			T_CHECK(ret == 0, "%s without a fault: %s", op->name,
				strerror(-ret));
			break;
		}
		if (ret == 0)
			survived++;
		else
			failed++;
		T_CHECK(ret == 0 || ret == -ENOMEM || (op->also && ret == op->also),
			"%s with allocation %d failing: %s", op->name, n,
			strerror(-ret));
	}
	T_CHECK(n <= MAX_NTH, "%s: still allocating after %d", op->name,
		MAX_NTH);
	printf("%-16s %4d allocations failed in turn: %d refused, %d recovered\n",
	       op->name, n - 1, failed, survived);
	return n - 1;
}

int main(void)
{
	struct g_plan p;
	int total = 0;

	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nth_fd < 0) {
		printf("no /proc/thread-self/fail-nth: this kernel has no CONFIG_FAULT_INJECTION (the debug kernel has)\n");
		return T_SKIP;
	}
	if (faults_setup())
		return T_FAIL;
	t_rng_seed(&rng, 13);
	if (g_info_and_emu(&linfo, &emu))
		return T_FAIL;
	fd = g_device_open(NULL, 0, 0);
	fd2 = g_device_open(NULL, 0, 0);
	if (fd < 0 || fd2 < 0 || g_transport_device(dev_name, sizeof(dev_name),
						    &driver_dir)) {
		fprintf(stderr, "no mxa device\n");
		return T_FAIL;
	}
	g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 64, &rng);
	if (g_data_make(&data, &p, emu, &rng) ||
	    g_raw_job_make(&job, fd, &data, 0)) {
		fprintf(stderr, "job not made\n");
		return T_FAIL;
	}

	for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++) {
		/* The bind drops the files the job's buffers belong to. */
		if (!strcmp(ops[i].name, "bind"))
			g_raw_job_free(&job);
		total += exercise(&ops[i]);
	}
	printf("binds whose node devtmpfs failed to make: %d\n", nodeless);

	/* The device bound last, without faults, runs a job right. */
	T_CHECK(g_raw_job_make(&job, fd, &data, 0) == 0, "job after the binds");
	T_CHECK(g_submit(fd, &job.job, 1, job.bos, job.bo_count, NULL, 0, 0) == 0 &&
		run_bo_wait() == 0 &&
		g_raw_job_check(&job, &data, "after the binds") == 0,
		"the job after the binds");
	g_raw_job_free(&job);
	g_data_free(&data);
	close(fd);
	close(fd2);
	mxa_device_close(emu);
	printf("%d allocation failures injected\n", total);
	return t_exit();
}
