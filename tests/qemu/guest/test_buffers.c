// SPDX-License-Identifier: MIT
/*
 * test_buffers.c - buffers through the uAPI: creation rounds up to pages,
 * zeroes, places buffers page aligned and apart in the file's address
 * space; mmap sees and keeps the data (also after the handle is closed);
 * BO_INFO and BO_WAIT describe them; PRIME shares one with another client;
 * absurd sizes, unknown flags, nonzero pads and bad handles fail cleanly
 * with -EINVAL, -ENOMEM or -ENOENT, without touching memory.
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

#define PAGE 4096ull
#define NSIZES 7

static int fd;
static struct drm_mxa_device_info info;

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE - 1) & ~(PAGE - 1);
}

static int bo_info(int f, uint32_t handle, struct drm_mxa_bo_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->handle = handle;
	return g_ioctl(f, DRM_IOCTL_MXA_BO_INFO, bi);
}

static void check_sizes(void)
{
	const uint64_t sizes[NSIZES] = { 1, 4095, 4096, 4097, 65536,
					 1 << 20, (3 << 20) + 5 };
	uint64_t addr[NSIZES], len[NSIZES];
	uint32_t h[NSIZES];

	for (int i = 0; i < NSIZES; i++) {
		struct drm_mxa_bo_info bi;
		uint8_t *p, *q;
		int ret;

		ret = g_bo_create(fd, sizes[i], 0, &h[i], &addr[i]);
		T_CHECK(ret == 0, "create %llu: %s",
			(unsigned long long)sizes[i], strerror(-ret));
		if (ret) {
			h[i] = 0;
			continue;
		}
		len[i] = page_up(sizes[i]);
		T_CHECK(addr[i] % PAGE == 0, "dev_addr 0x%llx not page aligned",
			(unsigned long long)addr[i]);
		T_CHECK(addr[i] + len[i] <= info.va_size,
			"dev_addr 0x%llx beyond va_size",
			(unsigned long long)addr[i]);
		for (int j = 0; j < i; j++)
			T_CHECK(!h[j] || addr[i] + len[i] <= addr[j] ||
				addr[j] + len[j] <= addr[i],
				"buffers %d and %d overlap in device space", i,
				j);
		ret = bo_info(fd, h[i], &bi);
		T_CHECK(ret == 0 && bi.size == len[i] && bi.flags == 0 &&
			bi.dev_addr == addr[i],
			"BO_INFO of %llu bytes: ret %d size %llu flags %u",
			(unsigned long long)sizes[i], ret,
			(unsigned long long)bi.size, bi.flags);

		p = g_bo_map(fd, h[i], len[i]);
		T_CHECK(p != NULL, "mmap %llu: %s",
			(unsigned long long)len[i], strerror(errno));
		if (!p)
			continue;
		for (uint64_t b = 0; b < len[i]; b++) {
			if (p[b]) {
				T_CHECK(0, "new buffer not zero at %llu",
					(unsigned long long)b);
				break;
			}
		}
		for (uint64_t b = 0; b < len[i]; b++)
			p[b] = (uint8_t)(b * 7 + (uint64_t)i);
		/* A second mapping shows the same pages. */
		q = g_bo_map(fd, h[i], len[i]);
		T_CHECK(q && q[len[i] - 1] == (uint8_t)((len[i] - 1) * 7 + (uint64_t)i) &&
			q[0] == (uint8_t)i, "second mapping differs");
		if (q)
			munmap(q, len[i]);
		/* A mapping longer than the buffer is refused. */
		q = g_bo_map(fd, h[i], len[i] + PAGE);
		T_CHECK(q == NULL, "mapping beyond the buffer's %llu bytes",
			(unsigned long long)len[i]);
		if (q)
			munmap(q, len[i] + PAGE);
		/* The mapping outlives the handle. */
		if (i == NSIZES - 1) {
			T_CHECK(g_bo_close(fd, h[i]) == 0, "close");
			h[i] = 0;
			p[0] = 0x5a;
			T_CHECK(p[0] == 0x5a && p[len[i] - 1] ==
				(uint8_t)((len[i] - 1) * 7 + (uint64_t)i),
				"mapping lost its pages");
		}
		munmap(p, len[i]);
	}
	for (int i = 0; i < NSIZES; i++)
		if (h[i])
			T_CHECK(g_bo_close(fd, h[i]) == 0, "close %d", i);
}

static void check_absurd(void)
{
	const uint64_t bad_sizes[] = {
		0, info.max_bo_size + 1, page_up(info.max_bo_size) + PAGE,
		info.va_size + 1, 1ull << 62, 1ull << 63, ~0ull,
		~0ull - PAGE + 2,	/* rounds up past 2^64 */
	};
	uint32_t h;
	int ret;

	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(*bad_sizes); i++) {
		h = 0;
		ret = g_bo_create(fd, bad_sizes[i], 0, &h, NULL);
		T_CHECK(ret == -EINVAL || ret == -ENOMEM,
			"create of %llu bytes: %s",
			(unsigned long long)bad_sizes[i],
			ret ? strerror(-ret) : "succeeded");
		if (!ret)
			g_bo_close(fd, h);
	}
	for (int b = 1; b < 32; b++) {
		ret = g_bo_create(fd, PAGE, 1u << b, &h, NULL);
		T_CHECK(ret == -EINVAL, "create with flag bit %d: %s", b,
			ret ? strerror(-ret) : "succeeded");
		if (!ret)
			g_bo_close(fd, h);
	}
}

static void check_handles(void)
{
	struct drm_mxa_bo_mmap_offset mo;
	struct drm_mxa_bo_info bi;
	struct drm_mxa_bo_wait w;
	uint32_t h, ro, bad[5];
	int ret;

	T_CHECK(g_bo_create(fd, PAGE, 0, &h, NULL) == 0, "create");
	T_CHECK(g_bo_create(fd, PAGE, DRM_MXA_BO_READ_ONLY, &ro, NULL) == 0,
		"create read-only");
	T_CHECK(bo_info(fd, ro, &bi) == 0 && bi.flags == DRM_MXA_BO_READ_ONLY,
		"read-only flag not reported (0x%x)", bi.flags);

	memset(&mo, 0, sizeof(mo));
	mo.handle = h;
	mo.pad = 1;
	ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &mo);
	T_CHECK(ret == -EINVAL, "MMAP_OFFSET with pad: %s", strerror(-ret));

	memset(&w, 0, sizeof(w));
	w.handle = h;
	ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);
	T_CHECK(ret == 0, "BO_WAIT on an idle buffer: %s", strerror(-ret));
	w.timeout_ns = (int64_t)g_now_ns() + 1000000;
	ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);
	T_CHECK(ret == 0, "BO_WAIT with a future time-out: %s",
		strerror(-ret));
	w.pad = 1;
	ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);
	T_CHECK(ret == -EINVAL, "BO_WAIT with pad: %s", strerror(-ret));

	T_CHECK(g_bo_close(fd, h) == 0, "close");
	T_CHECK(g_bo_close(fd, ro) == 0, "close read-only");
	ret = g_bo_close(fd, h);
	T_CHECK(ret == -EINVAL, "second GEM_CLOSE: %s", strerror(-ret));

	bad[0] = 0;
	bad[1] = h;
	bad[2] = ro;
	bad[3] = 0x7fffffff;
	bad[4] = ~0u;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		ret = bo_info(fd, bad[i], &bi);
		T_CHECK(ret == -ENOENT || ret == -EINVAL,
			"BO_INFO of handle %u: %s", bad[i], strerror(-ret));
		memset(&mo, 0, sizeof(mo));
		mo.handle = bad[i];
		ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &mo);
		T_CHECK(ret == -ENOENT || ret == -EINVAL,
			"MMAP_OFFSET of handle %u: %s", bad[i], strerror(-ret));
		memset(&w, 0, sizeof(w));
		w.handle = bad[i];
		ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);
		T_CHECK(ret == -ENOENT || ret == -EINVAL,
			"BO_WAIT of handle %u: %s", bad[i], strerror(-ret));
	}
	/* An offset nobody handed out maps nothing. */
	T_CHECK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 1ll << 40) ==
		MAP_FAILED, "mmap at an unknown offset");
}

/* Many buffers at once, then all freed: address space comes back. */
static void check_many(void)
{
	enum { MANY = 256 };
	uint32_t h[MANY];
	uint64_t first = 0, again = 0;
	int n = 0, ret;

	for (; n < MANY; n++) {
		ret = g_bo_create(fd, 8 * PAGE, 0, &h[n], n ? NULL : &first);
		if (ret) {
			T_CHECK(0, "buffer %d of %d: %s", n, MANY,
				strerror(-ret));
			break;
		}
	}
	for (int i = 0; i < n; i++)
		T_CHECK(g_bo_close(fd, h[i]) == 0, "close %d", i);
	T_CHECK(g_bo_create(fd, 8 * PAGE, 0, &h[0], &again) == 0,
		"create after freeing");
	T_CHECK(again < info.va_size, "dev_addr 0x%llx",
		(unsigned long long)again);
	g_bo_close(fd, h[0]);
}

/* PRIME: a buffer exported by one client and imported by another. */
static void check_prime(void)
{
	struct drm_mxa_bo_info bi;
	uint32_t h, h2;
	uint8_t *p, *q;
	int fd2, dmabuf = -1, ret;

	fd2 = g_device_open(NULL, 0, 0);
	T_CHECK(fd2 >= 0, "second client");
	if (fd2 < 0)
		return;
	T_CHECK(g_bo_create(fd, 2 * PAGE, 0, &h, NULL) == 0, "create");
	p = g_bo_map(fd, h, 2 * PAGE);
	ret = drmPrimeHandleToFD(fd, h, DRM_CLOEXEC | DRM_RDWR, &dmabuf);
	T_CHECK(ret == 0, "PRIME export: %s", strerror(errno));
	if (!ret) {
		ret = drmPrimeFDToHandle(fd2, dmabuf, &h2);
		T_CHECK(ret == 0, "PRIME import: %s", strerror(errno));
	}
	if (!ret && p) {
		memset(p, 0x3c, 2 * PAGE);
		ret = bo_info(fd2, h2, &bi);
		T_CHECK(ret == 0 && bi.size == 2 * PAGE &&
			bi.dev_addr + bi.size <= info.va_size,
			"BO_INFO of the import: %s", strerror(-ret));
		q = g_bo_map(fd2, h2, 2 * PAGE);
		T_CHECK(q && q[0] == 0x3c && q[2 * PAGE - 1] == 0x3c,
			"the import shows other data");
		if (q)
			munmap(q, 2 * PAGE);
		g_bo_close(fd2, h2);
	}
	if (p)
		munmap(p, 2 * PAGE);
	if (dmabuf >= 0)
		close(dmabuf);
	g_bo_close(fd, h);
	close(fd2);
}

int main(void)
{
	char path[256];

	fd = g_device_open(path, sizeof(path), 10000);
	if (fd < 0) {
		fprintf(stderr, "no mxa device node\n");
		return T_FAIL;
	}
	if (g_query(fd, &info)) {
		fprintf(stderr, "QUERY failed\n");
		return T_FAIL;
	}
	check_sizes();
	check_absurd();
	check_handles();
	check_many();
	check_prime();
	close(fd);
	return t_exit();
}
