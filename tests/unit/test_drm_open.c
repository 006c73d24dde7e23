// SPDX-License-Identifier: MIT
/*
 * test_drm_open.c - opening "drm" devices through the real libdrm on the
 * machine at hand: a missing path, a file that is no DRM node, each DRM
 * node there is (mxa's opens, another driver's is refused naming that
 * driver), discovery (an mxa device, or -ENODEV saying where it looked)
 * and "auto" (drm exactly when discovery finds a device, else emu).
 */
#include <dirent.h>
#include <errno.h>

#include "common/test_util.h"
#include "mxa.h"

static void check_paths(void)
{
	struct mxa_device *dev = NULL;

	T_CHECK(mxa_device_open("drm:/nonexistent/mxa-node", &dev) == -ENOENT &&
		!dev, "missing node");
	T_CHECK(strstr(mxa_last_error(), "'drm:/nonexistent/mxa-node': cannot open it: No such file or directory"),
		"%s", mxa_last_error());
	T_CHECK(mxa_device_open("drm:/dev/null", &dev) == -ENODEV && !dev,
		"/dev/null");
	T_CHECK(strstr(mxa_last_error(), "'drm:/dev/null': not a DRM device node"),
		"%s", mxa_last_error());
}

/* Every node of @dir named @prefix<N>: mxa's opens, others are refused. */
static unsigned check_nodes(const char *dir, const char *prefix)
{
	unsigned seen = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct mxa_device_info info;
		struct mxa_device *dev = NULL;
		char spec[300];
		int ret;

		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		seen++;
		snprintf(spec, sizeof(spec), "drm:%s/%s", dir, e->d_name);
		ret = mxa_device_open(spec, &dev);
		if (!ret) {
			T_CHECK(!mxa_device_query(dev, &info) &&
				info.backend == MXA_BACKEND_DRM, "%s", spec);
			mxa_device_close(dev);
		} else if (ret == -ENODEV) {
			T_CHECK(strstr(mxa_last_error(), "a DRM node of driver '"),
				"%s: %s", spec, mxa_last_error());
		} else {
			T_CHECK(ret == -EACCES || ret == -EPERM, "%s: %d %s",
				spec, ret, mxa_last_error());
		}
		printf("%s: %s\n", spec, ret ? mxa_last_error() : "mxa");
	}
	closedir(d);
	return seen;
}

static void check_discovery(void)
{
	struct mxa_device_info info;
	struct mxa_device *dev = NULL;
	int found, ret;

	ret = mxa_device_open("drm", &dev);
	found = ret == 0;
	if (found) {
		T_CHECK(!mxa_device_query(dev, &info) &&
			info.backend == MXA_BACKEND_DRM, "drm device");
		printf("drm: %s\n", info.name);
		mxa_device_close(dev);
	} else {
		T_CHECK(ret == -ENODEV && !dev, "drm: %d", ret);
		T_CHECK(strstr(mxa_last_error(), "no mxa DRM device found (looked at ") &&
			strstr(mxa_last_error(), " render node") &&
			strstr(mxa_last_error(), " in /dev/accel)"),
			"%s", mxa_last_error());
		printf("drm: %s\n", mxa_last_error());
	}

	T_CHECK(!mxa_device_open("auto", &dev), "auto: %s", mxa_last_error());
	T_CHECK(!mxa_device_query(dev, &info) &&
		info.backend == (found ? MXA_BACKEND_DRM : MXA_BACKEND_EMU),
		"auto chose backend %d, drm %s", info.backend,
		found ? "found" : "not found");
	mxa_device_close(dev);
}

int main(void)
{
	unsigned render, accel;

	check_paths();
	render = check_nodes("/dev/dri", "renderD");
	accel = check_nodes("/dev/accel", "accel");
	printf("%u render nodes, %u accel nodes here\n", render, accel);
	check_discovery();
	return t_exit();
}
