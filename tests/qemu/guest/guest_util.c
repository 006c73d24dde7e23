// SPDX-License-Identifier: MIT
/*
 * guest_util.c - module, daemon, device node, uAPI and kernel log helpers
 * of the QEMU guest programs (guest_util.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sync_file.h>
#include <xf86drm.h>

#include "guest_util.h"

/* ---------------------------------------------------------------- misc */

/*
 * The guest collects a test's stdout and stderr in one file: line
 * buffering keeps the two in the order they were written.
 */
__attribute__((constructor)) static void line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

uint64_t g_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void g_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Polls @done every 20 ms for up to @wait_ms; 0 once it holds. */
static int poll_until(int (*done)(void), int wait_ms)
{
	uint64_t end = g_now_ns() + (uint64_t)wait_ms * 1000000ull;

	for (;;) {
		if (done())
			return 0;
		if (g_now_ns() >= end)
			return -ETIMEDOUT;
		g_sleep_ms(20);
	}
}

/* ---------------------------------------------------------------- module */

int g_module_loaded(void)
{
	return access("/sys/module/mxa", F_OK) == 0;
}

int g_platform(void)
{
	static int platform = -1;
	char cmdline[4096] = "";
	FILE *f;

	if (platform >= 0)
		return platform;
	f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(cmdline, sizeof(cmdline), f))
			cmdline[0] = 0;
		fclose(f);
	}
	platform = strstr(cmdline, "mxa_transport=platform") != NULL;
	return platform;
}

static int bridge_node_present(void)
{
	return access(G_BRIDGE_NODE, F_OK) == 0;
}

static int device_node_present(void)
{
	int fd = g_device_open(NULL, 0, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int g_module_load(void)
{
	int fd, ret = 0;

	fd = open(G_MXA_KO, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		ret = -errno;
	close(fd);
	if (ret)
		return ret;
	return poll_until(g_platform() ? device_node_present :
			  bridge_node_present, 20000);
}

int g_module_unload(void)
{
	if (syscall(SYS_delete_module, "mxa", O_NONBLOCK))
		return -errno;
	return 0;
}

/* ---------------------------------------------------------------- daemon */

pid_t g_simd_start(const char *option)
{
	FILE *f;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open(G_SIMD_LOG, O_WRONLY | O_CREAT | O_APPEND, 0644);

		setsid();
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execl(G_SIMD, "mxa-simd", option, (char *)NULL);
		_exit(127);
	}
	f = fopen(G_SIMD_PIDFILE, "w");
	if (f) {
		fprintf(f, "%d\n", (int)pid);
		fclose(f);
	}
	return pid;
}

/*
 * A pidfd of @pid (-errno when there is no such process). It polls
 * readable once every thread of the process has exited, which is when the
 * process has closed its files: a thread-group leader is a zombie while
 * its other threads are still exiting, and the last of them may be the
 * one that closes a file (and runs its release) last.
 */
static int pidfd_of(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : fd;
}

/* Waits up to @wait_ms for the process of @pidfd to have exited whole. */
static int pidfd_wait(int pidfd, int wait_ms)
{
	uint64_t end = g_now_ns() + (uint64_t)wait_ms * 1000000ull;

	for (;;) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };
		uint64_t now = g_now_ns();
		int n;

		n = poll(&p, 1, now >= end ? 0 : (int)((end - now) / 1000000ull));
		if (n > 0)
			return 0;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/* 1 while a thread of @pid runs. */
static int pid_alive(pid_t pid)
{
	int fd, alive;

	/* A child of ours is reaped here, so that it does not linger. */
	waitpid(pid, NULL, WNOHANG);
	fd = pidfd_of(pid);
	if (fd < 0)
		return 0;
	alive = pidfd_wait(fd, 0) == -ETIMEDOUT;
	close(fd);
	return alive;
}

pid_t g_simd_pid(void)
{
	FILE *f = fopen(G_SIMD_PIDFILE, "r");
	int pid = 0;

	if (!f)
		return -ESRCH;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 && pid_alive(pid) ? pid : -ESRCH;
}

int g_simd_kill(int sig, int wait_ms)
{
	pid_t pid = g_simd_pid();
	int fd, ret;

	if (pid < 0)
		return pid;
	/* The pidfd first: it names this process even if the pid is reused. */
	fd = pidfd_of(pid);
	if (fd < 0)
		return fd;
	ret = kill(pid, sig) ? -errno : pidfd_wait(fd, wait_ms);
	close(fd);
	/* Reaps it when it is a child of ours. */
	waitpid(pid, NULL, WNOHANG);
	return ret;
}

/* ---------------------------------------------------------------- device */

/* 0 and *@fd open when @path is a node of the mxa driver. */
static int open_mxa_node(const char *path, int *fd)
{
	drmVersionPtr v;
	int ok;

	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	v = drmGetVersion(*fd);
	ok = v && v->name && !strcmp(v->name, "mxa");
	if (v)
		drmFreeVersion(v);
	if (!ok) {
		close(*fd);
		*fd = -1;
		return -ENODEV;
	}
	return 0;
}

/* The first mxa node among @dir's entries starting with @prefix. */
static int scan_dir(const char *dir, const char *prefix, char *path,
		    size_t path_size)
{
	size_t plen = strlen(prefix);
	struct dirent *e;
	int fd = -ENODEV;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -ENODEV;
	while ((e = readdir(d))) {
		char p[512];

		if (strncmp(e->d_name, prefix, plen))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (!open_mxa_node(p, &fd)) {
			if (path)
				snprintf(path, path_size, "%s", p);
			break;
		}
	}
	closedir(d);
	return fd;
}

static int find_node(char *path, size_t path_size)
{
	int fd = scan_dir("/dev/dri", "renderD", path, path_size);

	if (fd < 0)
		fd = scan_dir("/dev/accel", "accel", path, path_size);
	return fd;
}

static int found_fd;

static int node_present(void)
{
	found_fd = find_node(NULL, 0);
	return found_fd >= 0;
}

static int node_absent(void)
{
	int fd = find_node(NULL, 0);

	if (fd >= 0)
		close(fd);
	return fd < 0;
}

int g_device_open(char *path, size_t path_size, int wait_ms)
{
	if (poll_until(node_present, wait_ms))
		return -ENODEV;
	if (!path)
		return found_fd;
	close(found_fd);
	return find_node(path, path_size);
}

int g_device_wait_gone(int wait_ms)
{
	return poll_until(node_absent, wait_ms);
}

int g_device_ensure(void)
{
	int fd, ret;

	if (!g_module_loaded()) {
		ret = g_module_load();
		if (ret) {
			fprintf(stderr, "cannot load %s: %s\n", G_MXA_KO,
				strerror(-ret));
			return ret;
		}
	}
	fd = g_device_open(NULL, 0, g_platform() ? G_DEVICE_WAIT_MS : 0);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (g_platform()) {
		fprintf(stderr, "no mxa device: the platform driver did not bind the device-tree node (see the kernel log)\n");
		return fd;
	}
	if (g_simd_pid() < 0) {
		ret = g_simd_start(NULL);
		if (ret < 0) {
			fprintf(stderr, "cannot start %s: %s\n", G_SIMD,
				strerror(-ret));
			return ret;
		}
	}
	fd = g_device_open(NULL, 0, G_DEVICE_WAIT_MS);
	if (fd < 0) {
		fprintf(stderr, "no mxa device %d s after starting %s (see %s)\n",
			G_DEVICE_WAIT_MS / 1000, G_SIMD, G_SIMD_LOG);
		return fd;
	}
	close(fd);
	return 0;
}

/* The first directory under @root whose "name" file starts with "mxa". */
static int debugfs_scan(const char *root, char *dir, size_t size)
{
	struct dirent *e;
	int ret = -ENOENT;
	DIR *d;

	d = opendir(root);
	if (!d)
		return -ENOENT;
	while (ret && (e = readdir(d))) {
		char path[512], name[64] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/name", root, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && !strncmp(name, "mxa", 3) &&
		    (name[3] == ' ' || name[3] == '\n' || !name[3])) {
			snprintf(dir, size, "%s/%s", root, e->d_name);
			ret = 0;
		}
		fclose(f);
	}
	closedir(d);
	return ret;
}

/* 1 when platform device @name is the mxa node of the device tree. */
static int is_dt_mxa(const char *name)
{
	char path[512], alias[256] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/platform/devices/%s/modalias",
		 name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(alias, sizeof(alias), f))
		alias[0] = 0;
	fclose(f);
	return strstr(alias, "Cmxa,mxa-1.0") != NULL;
}

int g_transport_device(char *name, size_t size, const char **driver_dir)
{
	DIR *d = opendir("/sys/bus/platform/devices");
	int platform = g_platform();
	struct dirent *e;
	int ret = -ENOENT;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (platform ? is_dt_mxa(e->d_name) :
		    !strncmp(e->d_name, "mxa-sim.", 8)) {
			snprintf(name, size, "%s", e->d_name);
			ret = 0;
			break;
		}
	}
	closedir(d);
	*driver_dir = platform ? G_PLATFORM_DRIVER : G_BRIDGE_DRIVER;
	return ret;
}

volatile uint32_t *g_platform_map(uint64_t offset, size_t size)
{
	unsigned long long base;
	const char *driver_dir;
	char name[256];
	void *map;
	int fd;

	if (!g_platform() ||
	    g_transport_device(name, sizeof(name), &driver_dir)) {
		fprintf(stderr, "no device-tree mxa device\n");
		return NULL;
	}
	/* A device-tree device is named <unit address>.<node name>. */
	base = strtoull(name, NULL, 16);
	fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "/dev/mem: %s\n", strerror(errno));
		return NULL;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   (off_t)(base + offset));
	if (map == MAP_FAILED)
		fprintf(stderr, "mapping %zu bytes of %s at 0x%llx: %s\n",
			size, name, base + offset, strerror(errno));
	/* The mapping holds what it needs of the file. */
	close(fd);
	return map == MAP_FAILED ? NULL : map;
}

int g_debugfs_dir(char *dir, size_t size)
{
	if (!debugfs_scan("/sys/kernel/debug/dri", dir, size))
		return 0;
	return debugfs_scan("/sys/kernel/debug/accel", dir, size);
}

int g_test_stall(int on)
{
	char dir[256], path[300];
	FILE *f;
	int ok;

	if (g_debugfs_dir(dir, sizeof(dir)))
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/mxa/test_stall", dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	ok = fprintf(f, "%d\n", on) > 0;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

/* ---------------------------------------------------------------- uAPI */

int g_ioctl(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret == -1 ? -errno : 0;
}

int g_query(int fd, struct drm_mxa_device_info *info)
{
	struct drm_mxa_query q = {
		.what = DRM_MXA_QUERY_DEVICE,
		.size = sizeof(*info),
		.ptr = (uintptr_t)info,
	};

	memset(info, 0, sizeof(*info));
	return g_ioctl(fd, DRM_IOCTL_MXA_QUERY, &q);
}

int g_bo_create(int fd, uint64_t size, uint32_t flags, uint32_t *handle,
		uint64_t *dev_addr)
{
	struct drm_mxa_bo_create c = { .size = size, .flags = flags };
	int ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_CREATE, &c);

	if (ret)
		return ret;
	*handle = c.handle;
	if (dev_addr)
		*dev_addr = c.dev_addr;
	return 0;
}

void *g_bo_map(int fd, uint32_t handle, size_t size)
{
	struct drm_mxa_bo_mmap_offset o = { .handle = handle };
	void *p;
	int ret;

	ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &o);
	if (ret) {
		errno = -ret;
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)o.offset);
	return p == MAP_FAILED ? NULL : p;
}

int g_bo_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return g_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

int g_submit(int fd, const struct drm_mxa_job *jobs, uint32_t count,
	     const uint32_t *bos, uint32_t bo_count, const uint32_t *in_syncs,
	     uint32_t in_count, uint32_t out_sync)
{
	struct drm_mxa_submit s = {
		.jobs = (uintptr_t)jobs,
		.job_count = count,
		.bo_count = bo_count,
		.bos = (uintptr_t)bos,
		.in_syncs = (uintptr_t)in_syncs,
		.in_sync_count = in_count,
		.out_sync = out_sync,
		.job_size = sizeof(struct drm_mxa_job),
	};

	return g_ioctl(fd, DRM_IOCTL_MXA_SUBMIT, &s);
}

int g_sync_file(int fd, uint32_t syncobj)
{
	struct drm_syncobj_handle h = {
		.handle = syncobj,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	int ret = g_ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);

	return ret ? ret : h.fd;
}

/* The fence's error is what the sync file reports as status. */
static int sync_file_status(int sf)
{
	struct sync_file_info info = { 0 };
	int ret = g_ioctl(sf, SYNC_IOC_FILE_INFO, &info);

	if (ret)
		return ret;
	return info.status < 0 ? info.status : 0;
}

int g_sync_file_wait(int sf, int timeout_ms)
{
	struct pollfd p = { .fd = sf, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n ? sync_file_status(sf) : -ETIME;
}

int g_sync_wait(int fd, uint32_t syncobj, int timeout_ms)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&syncobj,
		.count_handles = 1,
		.timeout_nsec = (int64_t)(g_now_ns() +
					  (uint64_t)timeout_ms * 1000000ull),
	};
	int ret, sf;

	ret = g_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
	if (ret)
		return ret;
	sf = g_sync_file(fd, syncobj);
	if (sf < 0)
		return sf;
	ret = sync_file_status(sf);
	close(sf);
	return ret;
}

/* ---------------------------------------------------------------- klog */

/*
 * Whether @msg holds one of the forbidden strings: those of /init's list
 * (tests/qemu/init.sh), which it passes on as MXA_KLOG_BAD, separated by |.
 */
static int klog_forbidden(const char *msg)
{
	const char *list = getenv("MXA_KLOG_BAD");
	char item[64];

	if (!list || !*list) {
		fprintf(stderr, "MXA_KLOG_BAD is not set: run under the guest's /init\n");
		return 1;
	}
	while (*list) {
		size_t len = strcspn(list, "|");

		if (len && len < sizeof(item)) {
			memcpy(item, list, len);
			item[len] = 0;
			if (strstr(msg, item))
				return 1;
		}
		list += len + (list[len] == '|');
	}
	return 0;
}

int g_klog_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	lseek(fd, 0, SEEK_END);
	return fd;
}

int g_klog_check(int fd, const char *when)
{
	char rec[8192];
	int bad = 0;

	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		const char *msg;

		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (klog_forbidden(msg)) {
			fprintf(stderr, "kernel log %s: %s", when, msg);
			bad++;
		}
	}
	return bad;
}
