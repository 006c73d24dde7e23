// SPDX-License-Identifier: MIT
/*
 * test_load.c - loading and unloading mxa.ko, with and without a device:
 * the module cannot go while mxa-simd or a client holds it, the bridge node
 * and the device node come and go with the module and the daemon, a client
 * that outlives its device gets -ENODEV, and every cycle leaves a device
 * that answers DRM_IOCTL_MXA_QUERY.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/test_util.h"
#include "guest_util.h"

#define CYCLES 3

static int query_ok(int fd)
{
	struct drm_mxa_device_info info;
	int ret = g_query(fd, &info);

	if (ret)
		fprintf(stderr, "QUERY: %s\n", strerror(-ret));
	return ret == 0 && info.uapi_major == DRM_MXA_UAPI_MAJOR;
}

/* Stops the daemon with @sig; the device must be gone afterwards. */
static void stop_daemon(int sig, const char *when)
{
	T_CHECK(g_simd_kill(sig, 20000) == 0, "%s: mxa-simd did not end", when);
	T_CHECK(g_device_wait_gone(20000) == 0,
		"%s: device still there 20 s after mxa-simd ended", when);
}

static int start_daemon(const char *when)
{
	char path[256];
	int fd;

	T_CHECK(g_simd_start(NULL) > 0, "%s: cannot start mxa-simd", when);
	fd = g_device_open(path, sizeof(path), G_DEVICE_WAIT_MS);
	T_CHECK(fd >= 0, "%s: no device after starting mxa-simd", when);
	if (fd >= 0)
		printf("%s: device %s\n", when, path);
	return fd;
}

static void unload(const char *when)
{
	int ret = g_module_unload();

	T_CHECK(ret == 0, "%s: unloading mxa.ko: %s", when, strerror(-ret));
	T_CHECK(!g_module_loaded(), "%s: /sys/module/mxa still there", when);
	T_CHECK(access(G_BRIDGE_NODE, F_OK) != 0, "%s: %s still there", when,
		G_BRIDGE_NODE);
}

static void load(const char *when)
{
	int ret = g_module_load();

	T_CHECK(ret == 0, "%s: loading mxa.ko: %s", when, strerror(-ret));
}

int main(void)
{
	char when[64];
	int fd, ret, klog = g_klog_open();

	/* /init left the module loaded and the daemon running. */
	T_CHECK(g_module_loaded(), "mxa.ko not loaded at the start");
	ret = g_module_unload();
	T_CHECK(ret == -EAGAIN || ret == -EBUSY,
		"unloading under a running mxa-simd: %s, expected EAGAIN",
		ret ? strerror(-ret) : "it went");
	stop_daemon(SIGTERM, "start");
	unload("start");

	/* Without a device at all. */
	load("bare");
	unload("bare");

	for (int c = 0; c < CYCLES; c++) {
		snprintf(when, sizeof(when), "cycle %d", c);
		load(when);
		fd = start_daemon(when);
		if (fd >= 0) {
			T_CHECK(query_ok(fd), "%s: device does not answer", when);
			close(fd);
		}
		stop_daemon(c % 2 ? SIGKILL : SIGTERM, when);
		unload(when);
	}

	/* A client holds the module past its device. */
	load("client");
	fd = start_daemon("client");
	if (fd >= 0) {
		stop_daemon(SIGKILL, "client");
		ret = g_query(fd, &(struct drm_mxa_device_info){ 0 });
		T_CHECK(ret == -ENODEV, "QUERY on an unplugged device: %s",
			ret ? strerror(-ret) : "succeeded");
		ret = g_module_unload();
		T_CHECK(ret == -EAGAIN || ret == -EBUSY,
			"unloading under an open client: %s",
			ret ? strerror(-ret) : "it went");
		close(fd);
	}
	unload("client");

	load("end");
	fd = start_daemon("end");
	if (fd >= 0) {
		T_CHECK(query_ok(fd), "end: device does not answer");
		close(fd);
	}
	if (klog >= 0)
		T_CHECK(g_klog_check(klog, "during load/unload") == 0,
			"kernel log");
	return t_exit();
}
