// SPDX-License-Identifier: MIT
/*
 * test_query.c - the device as a client finds it: a node of the driver
 * named "mxa" (a render node without the accel subsystem, an accel node
 * with it), DRM_IOCTL_MXA_QUERY's answer against the hardware interface
 * (ID, version, the simulator flag, capability fields), the same figures
 * through libmxa's drm backend, short and long query buffers, the
 * query's errors, and the answers about dumb buffers, which mxa has not:
 * the DRM core's, as for every upstream driver without them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "common/test_util.h"
#include "guest_util.h"
#include "mxa.h"
#include "mxa_hw.h"

#define FIELD(reg, field, v) \
	(((v) & MXA_REG_##reg##_##field##_MASK) >> MXA_REG_##reg##_##field##_SHIFT)

static int query_raw(int fd, uint32_t what, uint32_t size, void *ptr,
		     uint32_t *size_out)
{
	struct drm_mxa_query q = {
		.what = what, .size = size, .ptr = (uintptr_t)ptr,
	};
	int ret = g_ioctl(fd, DRM_IOCTL_MXA_QUERY, &q);

	if (size_out)
		*size_out = q.size;
	return ret;
}

static void check_node(int fd, const char *path)
{
	int accel = access("/sys/class/accel", F_OK) == 0;
	drmVersionPtr v = drmGetVersion(fd);

	T_CHECK(v && v->name && !strcmp(v->name, "mxa"), "driver name");
	if (v) {
		printf("driver %s %d.%d.%d (%s)\n", v->name, v->version_major,
		       v->version_minor, v->version_patchlevel,
		       v->desc ? v->desc : "");
		T_CHECK(v->desc && v->desc[0], "driver description empty");
		drmFreeVersion(v);
	}
	if (accel)
		T_CHECK(!strncmp(path, "/dev/accel/accel", 16),
			"kernel has the accel subsystem, device at %s", path);
	else
		T_CHECK(!strncmp(path, "/dev/dri/renderD", 16),
			"kernel without the accel subsystem, device at %s",
			path);
}

static void check_info(const struct drm_mxa_device_info *i)
{
	uint32_t elem = FIELD(CAP_FORMATS, ELEM, G_CAP(i, CAP_FORMATS));
	uint32_t array = G_CAP(i, CAP_ARRAY);
	uint32_t max_m = G_CAP(i, CAP_MAX_M), max_n = G_CAP(i, CAP_MAX_N);
	uint32_t max_k = G_CAP(i, CAP_MAX_K);

	printf("uapi %u.%u, hw id 0x%08x version 0x%08x, flags 0x%x, "
	       "%u x %u units, M/N/K <= %u/%u/%u, max_jobs %u, va %llu, "
	       "max bo %llu, %u capability registers\n", i->uapi_major,
	       i->uapi_minor, G_CAP(i, ID), G_CAP(i, VERSION), i->flags,
	       FIELD(CAP_ARRAY, ROWS, array), FIELD(CAP_ARRAY, COLS, array),
	       max_m, max_n, max_k, i->max_jobs,
	       (unsigned long long)i->va_size,
	       (unsigned long long)i->max_bo_size, i->cap_count);
	T_CHECK(i->uapi_major == DRM_MXA_UAPI_MAJOR, "uapi_major %u",
		i->uapi_major);
	T_CHECK(i->cap_count == MXA_CAPIDX_COUNT, "cap_count %u", i->cap_count);
	for (uint32_t c = i->cap_count; c < DRM_MXA_CAP_SLOTS; c++)
		T_CHECK(i->caps[c] == 0, "caps[%u] beyond cap_count: 0x%x", c,
			i->caps[c]);
	T_CHECK(G_CAP(i, ID) == MXA_HW_ID, "hw_id 0x%08x", G_CAP(i, ID));
	T_CHECK(G_CAP(i, VERSION) >> 16 == MXA_HW_VERSION_MAJOR,
		"hw_version 0x%08x", G_CAP(i, VERSION));
	T_CHECK(i->flags & DRM_MXA_DEVICE_SIMULATED,
		"the device behind mxa-simd is not flagged simulated");
	T_CHECK(!(i->flags & ~(uint32_t)DRM_MXA_DEVICE_SIMULATED),
		"unknown flags 0x%x", i->flags);
	T_CHECK(FIELD(CAP_FLAGS, SIM, G_CAP(i, CAP_FLAGS)),
		"CAP_FLAGS.SIM clear");
	T_CHECK(elem != 0, "no element format in CAP_FORMATS");
	T_CHECK(FIELD(CAP_ARRAY, ROWS, array) && FIELD(CAP_ARRAY, COLS, array),
		"empty array");
	T_CHECK(max_m && max_n && max_k, "zero limits");
	T_CHECK(i->max_jobs >= 1, "max_jobs 0");
	T_CHECK(i->pad == 0, "pad %u", i->pad);
	T_CHECK(i->va_size >= 1ull << 20, "va_size %llu",
		(unsigned long long)i->va_size);
	T_CHECK(i->max_bo_size >= 4096 && i->max_bo_size <= i->va_size,
		"max_bo_size %llu", (unsigned long long)i->max_bo_size);
}

/* libmxa's drm backend sees the device the ioctl describes. */
static void check_library(const struct drm_mxa_device_info *i)
{
	uint32_t array = G_CAP(i, CAP_ARRAY);
	struct mxa_device_info li;
	struct mxa_device *dev;
	int ret = mxa_device_open("drm", &dev);

	T_CHECK(ret == 0, "mxa_device_open(drm): %s", mxa_last_error());
	if (ret)
		return;
	T_CHECK(mxa_device_query(dev, &li) == 0, "mxa_device_query: %s",
		mxa_last_error());
	printf("libmxa: %s\n", li.name);
	T_CHECK(li.backend == MXA_BACKEND_DRM, "backend %d", li.backend);
	T_CHECK(li.simulated, "library says not simulated");
	T_CHECK(li.hw_version == G_CAP(i, VERSION), "hw_version 0x%x vs 0x%x",
		li.hw_version, G_CAP(i, VERSION));
	T_CHECK(li.formats == FIELD(CAP_FORMATS, ELEM, G_CAP(i, CAP_FORMATS)),
		"formats 0x%x vs CAP_FORMATS 0x%x", li.formats,
		G_CAP(i, CAP_FORMATS));
	T_CHECK(li.array_rows == FIELD(CAP_ARRAY, ROWS, array) &&
		li.array_cols == FIELD(CAP_ARRAY, COLS, array),
		"array %ux%u vs CAP_ARRAY 0x%x", li.array_rows, li.array_cols,
		array);
	T_CHECK(li.max_m == G_CAP(i, CAP_MAX_M) &&
		li.max_n == G_CAP(i, CAP_MAX_N) &&
		li.max_k == G_CAP(i, CAP_MAX_K), "limits %u/%u/%u", li.max_m,
		li.max_n, li.max_k);
	mxa_device_close(dev);
}

static void check_sizes(int fd, const struct drm_mxa_device_info *full)
{
	const uint32_t sizes[] = { 4, 8, 12, sizeof(*full) - 8,
				   sizeof(*full) + 64 };
	uint8_t buf[sizeof(*full) + 64];
	uint32_t out;
	int ret;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
		uint32_t want = sizes[s] < sizeof(*full) ? sizes[s] :
			(uint32_t)sizeof(*full);

		memset(buf, 0xEE, sizeof(buf));
		ret = query_raw(fd, DRM_MXA_QUERY_DEVICE, sizes[s], buf, &out);
		T_CHECK(ret == 0, "size %u: %s", sizes[s], strerror(-ret));
		if (ret)
			continue;
		T_CHECK(out == want, "size %u: kernel says it wrote %u",
			sizes[s], out);
		T_CHECK(!memcmp(buf, full, want), "size %u: other bytes",
			sizes[s]);
		for (size_t b = want; b < sizeof(buf); b++) {
			if (buf[b] != 0xEE) {
				T_CHECK(0, "size %u: byte %zu written", sizes[s],
					b);
				break;
			}
		}
	}
}

static void check_errors(int fd)
{
	struct drm_mxa_device_info info;
	void *ro;
	int ret;

	ret = query_raw(fd, 1, sizeof(info), &info, NULL);
	T_CHECK(ret == -EINVAL, "unknown query: %s", strerror(-ret));
	ret = query_raw(fd, ~0u, sizeof(info), &info, NULL);
	T_CHECK(ret == -EINVAL, "query ~0: %s", strerror(-ret));
	ret = query_raw(fd, DRM_MXA_QUERY_DEVICE, sizeof(info), NULL, NULL);
	T_CHECK(ret == -EFAULT, "NULL pointer: %s", strerror(-ret));
	ret = query_raw(fd, DRM_MXA_QUERY_DEVICE, sizeof(info),
			(void *)0xffff888000000000ull, NULL);
	T_CHECK(ret == -EFAULT, "kernel pointer: %s", strerror(-ret));
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro != MAP_FAILED) {
		ret = query_raw(fd, DRM_MXA_QUERY_DEVICE, sizeof(info), ro,
				NULL);
		T_CHECK(ret == -EFAULT, "read-only page: %s", strerror(-ret));
		munmap(ro, 4096);
	}
}

static int create_dumb(int fd)
{
	struct drm_mode_create_dumb c = { .width = 64, .height = 64, .bpp = 32 };

	return g_ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c);
}

/*
 * Generic DRM userspace asks DRM_CAP_DUMB_BUFFER first: the core answers
 * -EOPNOTSUPP for a driver without modesetting. CREATE_DUMB itself is a
 * core ioctl that render nodes may not call (-EACCES) and that gives
 * -ENOSYS on the primary node (kernels without the accel subsystem) and
 * on the accel node, as for v3d, etnaviv or ivpu; the driver cannot and
 * does not change these answers.
 */
static void check_dumb(int fd, int accel)
{
	uint64_t cap = 0;
	char card[32];
	int ret, i, cfd, found = 0;

	errno = 0;
	ret = drmGetCap(fd, DRM_CAP_DUMB_BUFFER, &cap);
	T_CHECK(ret == -1 && errno == EOPNOTSUPP,
		"DRM_CAP_DUMB_BUFFER: %d (%s), value %llu", ret,
		strerror(errno), (unsigned long long)cap);
	ret = create_dumb(fd);
	T_CHECK(ret == (accel ? -ENOSYS : -EACCES),
		"CREATE_DUMB on the %s node: %s", accel ? "accel" : "render",
		strerror(-ret));

	for (i = 0; i < 16; i++) {
		drmVersionPtr v;

		snprintf(card, sizeof(card), "/dev/dri/card%d", i);
		cfd = open(card, O_RDWR | O_CLOEXEC);
		if (cfd < 0)
			continue;
		v = drmGetVersion(cfd);
		if (v && v->name && !strcmp(v->name, "mxa")) {
			found = 1;
			ret = create_dumb(cfd);
			T_CHECK(ret == -ENOSYS, "CREATE_DUMB on %s: %s", card,
				strerror(-ret));
		}
		drmFreeVersion(v);
		close(cfd);
	}
	T_CHECK(found == !accel, "primary node of mxa %s",
		found ? "found on an accel kernel" : "not found");
}

int main(void)
{
	struct drm_mxa_device_info info, again;
	char path[256];
	int fd, fd2;

	fd = g_device_open(path, sizeof(path), 10000);
	if (fd < 0) {
		fprintf(stderr, "no mxa device node\n");
		return T_FAIL;
	}
	printf("device %s\n", path);
	check_node(fd, path);
	T_CHECK(g_query(fd, &info) == 0, "QUERY failed");
	check_info(&info);
	check_library(&info);
	check_sizes(fd, &info);
	check_errors(fd);
	check_dumb(fd, access("/sys/class/accel", F_OK) == 0);

	/* Another client sees the same device. */
	fd2 = g_device_open(NULL, 0, 0);
	T_CHECK(fd2 >= 0, "second open");
	if (fd2 >= 0) {
		T_CHECK(g_query(fd2, &again) == 0 &&
			!memcmp(&info, &again, sizeof(info)),
			"second client's answer differs");
		close(fd2);
	}
	close(fd);
	return t_exit();
}
