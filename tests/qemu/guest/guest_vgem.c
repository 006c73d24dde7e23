// SPDX-License-Identifier: MIT
/*
 * guest_vgem.c - fences held back by a test: vgem's (guest_vgem.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <xf86drm.h>

#include "guest_util.h"
#include "guest_vgem.h"

/* vgem's uAPI (the kernel's include/uapi/drm/vgem_drm.h), which libdrm's
 * headers do not carry. */
struct vgem_fence_attach {
	__u32 handle;
	__u32 flags;
	__u32 out_fence;
	__u32 pad;
};

struct vgem_fence_signal {
	__u32 fence;
	__u32 flags;
};

#define VGEM_FENCE_WRITE 0x1
#define VGEM_IOCTL_FENCE_ATTACH \
	DRM_IOWR(DRM_COMMAND_BASE + 0x1, struct vgem_fence_attach)
#define VGEM_IOCTL_FENCE_SIGNAL \
	DRM_IOW(DRM_COMMAND_BASE + 0x2, struct vgem_fence_signal)

int g_vgem_open(void)
{
	char path[64];

	for (int i = 0; i < 16; i++) {
		drmVersionPtr v;
		int fd, ok;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		ok = v && v->name && !strcmp(v->name, "vgem");
		if (v)
			drmFreeVersion(v);
		if (ok)
			return fd;
		close(fd);
	}
	return -ENODEV;
}

int g_vgem_bo_new(int vfd, size_t size, struct g_vgem_bo *bo)
{
	struct drm_mode_create_dumb c = {
		.width = (uint32_t)((size + 3) / 4), .height = 1, .bpp = 32,
	};
	struct drm_mode_map_dumb m = { 0 };
	struct vgem_fence_attach a = { 0 };
	int ret;

	memset(bo, 0, sizeof(*bo));
	bo->dmabuf = -1;
	ret = g_ioctl(vfd, DRM_IOCTL_MODE_CREATE_DUMB, &c);
	if (ret)
		return ret;
	bo->handle = c.handle;
	bo->size = c.size;
	m.handle = c.handle;
	ret = g_ioctl(vfd, DRM_IOCTL_MODE_MAP_DUMB, &m);
	if (ret)
		return ret;
	bo->map = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, vfd,
		       (off_t)m.offset);
	if (bo->map == MAP_FAILED) {
		bo->map = NULL;
		return -errno;
	}
	if (drmPrimeHandleToFD(vfd, bo->handle, DRM_CLOEXEC | DRM_RDWR,
			       &bo->dmabuf))
		return -errno;
	a.handle = bo->handle;
	a.flags = VGEM_FENCE_WRITE;
	ret = g_ioctl(vfd, VGEM_IOCTL_FENCE_ATTACH, &a);
	bo->fence = a.out_fence;
	return ret;
}

int g_vgem_signal(int vfd, struct g_vgem_bo *bo)
{
	struct vgem_fence_signal s = { .fence = bo->fence };

	return g_ioctl(vfd, VGEM_IOCTL_FENCE_SIGNAL, &s);
}

void g_vgem_bo_del(int vfd, struct g_vgem_bo *bo)
{
	if (bo->map)
		munmap(bo->map, bo->size);
	if (bo->dmabuf >= 0)
		close(bo->dmabuf);
	if (bo->handle)
		g_bo_close(vfd, bo->handle);
}

int g_syncobj_from_dmabuf(int fd, int dmabuf, uint32_t *syncobj)
{
	struct dma_buf_export_sync_file e = { .flags = DMA_BUF_SYNC_READ };
	int ret;

	if (ioctl(dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &e))
		return -errno;
	ret = drmSyncobjCreate(fd, 0, syncobj);
	if (!ret)
		ret = drmSyncobjImportSyncFile(fd, *syncobj, e.fd);
	close(e.fd);
	return ret;
}
