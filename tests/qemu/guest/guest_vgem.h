/* SPDX-License-Identifier: MIT */
/*
 * guest_vgem.h - fences a test holds back and signals when it wants: those
 * of vgem, a second DRM driver (loaded by the guest's /init), attached to a
 * vgem buffer and put into a syncobj of the mxa device through the
 * buffer's dma-buf. vgem signals such a fence by itself 10 s after it was
 * attached. Functions return 0 or a negative errno value.
 */
#ifndef MXA_GUEST_VGEM_H
#define MXA_GUEST_VGEM_H

#include <stddef.h>
#include <stdint.h>

struct g_vgem_bo {
	uint32_t handle, fence;
	size_t size;
	void *map;
	int dmabuf;
};

/* A file of vgem's card node, or -ENODEV. */
int g_vgem_open(void);
/* A vgem buffer of @size bytes (mapped, exported) with a write fence. */
int g_vgem_bo_new(int vfd, size_t size, struct g_vgem_bo *bo);
int g_vgem_signal(int vfd, struct g_vgem_bo *bo);
void g_vgem_bo_del(int vfd, struct g_vgem_bo *bo);
/*
 * A syncobj of @fd holding the fences a reader of @dmabuf must wait for
 * (its writers'), through a sync file.
 */
int g_syncobj_from_dmabuf(int fd, int dmabuf, uint32_t *syncobj);

#endif
