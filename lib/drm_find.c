// SPDX-License-Identifier: MIT
/*
 * drm_find.c - finding the node of mxa.ko by driver name, never by a fixed
 * path: a render node on kernels without the accel subsystem, an accel node
 * (/dev/accel/accelN) where it exists. libdrm enumerates render nodes but
 * not accel nodes, so the accel directory is scanned here; DRM_IOCTL_VERSION
 * answers on both kinds.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "drm_priv.h"

/*
 * Opens @path and reads its driver name. Returns 0 for an mxa node (*fd
 * open), -errno of open(), -ENOTTY for a file that is not a DRM node, or
 * -ENODEV for another driver's node (its name in @driver). *fd is closed
 * on every failure.
 */
static int probe_node(const char *path, int *fd, char *driver,
		      size_t driver_size)
{
	drmVersionPtr version;
	int ret = 0;

	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	version = drmGetVersion(*fd);
	if (!version) {
		ret = -ENOTTY;
	} else {
		if (!version->name ||
		    strcmp(version->name, MXA__DRM_DRIVER_NAME)) {
			snprintf(driver, driver_size, "%s",
				 version->name ? version->name : "");
			ret = -ENODEV;
		}
		drmFreeVersion(version);
	}
	if (ret) {
		close(*fd);
		*fd = -1;
	}
	return ret;
}

int mxa__drm_open_node(const char *path, int *fd)
{
	char driver[64];
	int ret;

	ret = probe_node(path, fd, driver, sizeof(driver));
	if (ret == -ENOTTY)
		return mxa__error(ENODEV, "device 'drm:%s': not a DRM device node",
				  path);
	if (ret == -ENODEV)
		return mxa__error(ENODEV,
				  "device 'drm:%s': a DRM node of driver '%s', not of mxa",
				  path, driver);
	if (ret)
		return mxa__error(-ret, "device 'drm:%s': cannot open it: %s",
				  path, strerror(-ret));
	return 0;
}

/* ---------------------------------------------------------------- lists */

/* Node paths, each kept once. */
struct node_list {
	char **paths;
	size_t count, cap;
};

static int list_add(struct node_list *l, const char *path)
{
	char **grown;

	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->paths[i], path))
			return 0;
	if (l->count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;

		grown = realloc(l->paths, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		l->paths = grown;
		l->cap = cap;
	}
	l->paths[l->count] = strdup(path);
	if (!l->paths[l->count])
		return -ENOMEM;
	l->count++;
	return 0;
}

static void list_free(struct node_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->paths[i]);
	free(l->paths);
}

/* The number at the end of a node name (renderD128, accel3). */
static unsigned long node_number(const char *path)
{
	const char *p = path + strlen(path);

	while (p > path && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtoul(p, NULL, 10);
}

static int compare_nodes(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	unsigned long na = node_number(a), nb = node_number(b);

	if (na != nb)
		return na < nb ? -1 : 1;
	return strcmp(a, b);
}

/* A node name: @prefix followed by at least one digit and nothing else. */
static int is_node_name(const char *name, const char *prefix)
{
	size_t len = strlen(prefix);

	if (strncmp(name, prefix, len) || !name[len])
		return 0;
	for (name += len; *name; name++)
		if (*name < '0' || *name > '9')
			return 0;
	return 1;
}

/* Adds every @prefix<number> entry of @dir; a missing directory adds none. */
static int add_dir(struct node_list *l, const char *dir, const char *prefix)
{
	struct dirent *e;
	char path[4096];
	int ret = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while (!ret && (e = readdir(d))) {
		if (!is_node_name(e->d_name, prefix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ret = list_add(l, path);
	}
	closedir(d);
	return ret;
}

/*
 * The render nodes libdrm enumerates, and those of @dri_dir it leaves out:
 * libdrm lists only devices on a bus it knows (PCI, platform, ...), and a
 * device may hang under another parent.
 */
static int add_render_nodes(struct node_list *l, const char *dri_dir)
{
	drmDevicePtr *devs;
	int n, ret = 0;

	n = drmGetDevices2(0, NULL, 0);
	if (n > 0) {
		devs = calloc((size_t)n, sizeof(*devs));
		if (!devs)
			return -ENOMEM;
		n = drmGetDevices2(0, devs, n);
		for (int i = 0; !ret && i < n; i++) {
			drmDevicePtr dev = devs[i];

			if (dev->available_nodes & (1 << DRM_NODE_RENDER))
				ret = list_add(l, dev->nodes[DRM_NODE_RENDER]);
		}
		if (n > 0)
			drmFreeDevices(devs, n);
		free(devs);
		if (ret)
			return ret;
	}
	return add_dir(l, dri_dir, "renderD");
}

/* ---------------------------------------------------------------- search */

/* What the search saw, for the message when it finds nothing. */
struct seen {
	char drivers[160];	/* "i915 (/dev/dri/renderD128), ..." */
	char open_error[160];	/* the first node that did not open */
};

static void note(struct seen *s, const char *path, int err,
		 const char *driver)
{
	size_t len = strlen(s->drivers);

	if (err == -ENODEV) {
		snprintf(s->drivers + len, sizeof(s->drivers) - len, "%s%s (%s)",
			 len ? ", " : "", driver, path);
	} else if (err != -ENOTTY && !s->open_error[0]) {
		snprintf(s->open_error, sizeof(s->open_error), "%s: %s", path,
			 strerror(-err));
	}
}

/* Tries the nodes of @l in order; 1 when one of them is mxa's. */
static int try_nodes(const struct node_list *l, struct seen *s, int *fd,
		     char *path, size_t path_size)
{
	char driver[64];

	for (size_t i = 0; i < l->count; i++) {
		int err = probe_node(l->paths[i], fd, driver, sizeof(driver));

		if (!err) {
			snprintf(path, path_size, "%s", l->paths[i]);
			return 1;
		}
		note(s, l->paths[i], err, driver);
	}
	return 0;
}

int mxa__drm_find(const char *dri_dir, const char *accel_dir, int *fd,
		  char *path, size_t path_size)
{
	struct node_list render = { 0 }, accel = { 0 };
	struct seen s = { { 0 }, { 0 } };
	int ret;

	ret = add_render_nodes(&render, dri_dir);
	if (!ret)
		ret = add_dir(&accel, accel_dir, "accel");
	if (ret) {
		ret = mxa__error(ENOMEM, "device 'drm': out of memory");
		goto out;
	}
	if (render.count > 1)
		qsort(render.paths, render.count, sizeof(*render.paths),
		      compare_nodes);
	if (accel.count > 1)
		qsort(accel.paths, accel.count, sizeof(*accel.paths),
		      compare_nodes);

	if (try_nodes(&render, &s, fd, path, path_size) ||
	    try_nodes(&accel, &s, fd, path, path_size))
		goto out;
	ret = mxa__error(ENODEV,
			 "no mxa DRM device found (looked at %zu render node%s and %zu accel node%s in %s)%s%s%s%s",
			 render.count, render.count == 1 ? "" : "s",
			 accel.count, accel.count == 1 ? "" : "s", accel_dir,
			 s.drivers[0] ? "; other drivers: " : "", s.drivers,
			 s.open_error[0] ? "; cannot open " : "",
			 s.open_error);
out:
	list_free(&render);
	list_free(&accel);
	return ret;
}
