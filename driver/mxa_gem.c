// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_gem.c - buffers. A buffer is a GEM shmem object, zeroed, pinned for
 * its whole life and mapped for the device once, through the transport
 * (never the DMA API on the DRM device's parent: the simulator bridge has
 * no DMA of its own). Every file holding a handle to it sees it in its own
 * address space (mxa_vm.c), from the moment the handle exists to the last
 * job of that file using it. The ioctls that create, find, describe and
 * wait for buffers.
 */
#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/drm_utils.h>
#include <drm/drm_vma_manager.h>
#include <drm/mxa_accel.h>

#include "mxa_drv.h"

static void mxa_bo_free(struct drm_gem_object *obj)
{
	struct mxa_device *mdev = to_mxa_device(obj->dev);
	struct mxa_bo *bo = to_mxa_bo(obj);

	mutex_lock(&mdev->mem_lock);
	if (bo->bus_mapped) {
		mdev->bus->ops->unmap_sgt(mdev->bus, bo->sgt, bo->dir);
		bo->bus_mapped = false;
		list_del(&bo->link);
	}
	mutex_unlock(&mdev->mem_lock);
	if (bo->sgt) {
		sg_free_table(bo->sgt);
		kfree(bo->sgt);
	}
	if (bo->pinned)
		drm_gem_shmem_unpin(&bo->base);
	drm_gem_shmem_free(&bo->base);
}

/* A new handle, in the creating file or by PRIME import in another. */
static int mxa_bo_open(struct drm_gem_object *obj, struct drm_file *file)
{
	struct mxa_file *mfile = file->driver_priv;

	return mxa_vm_map_bo(mfile->vm, to_mxa_bo(obj));
}

static void mxa_bo_close(struct drm_gem_object *obj, struct drm_file *file)
{
	struct mxa_file *mfile = file->driver_priv;

	mxa_vm_unmap_bo(mfile->vm, to_mxa_bo(obj));
}

static const struct drm_gem_object_funcs mxa_bo_funcs = {
	.free = mxa_bo_free,
	.open = mxa_bo_open,
	.close = mxa_bo_close,
	.print_info = drm_gem_shmem_object_print_info,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.mmap = drm_gem_shmem_object_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
};

struct drm_gem_object *mxa_gem_create_object(struct drm_device *drm,
					     size_t size)
{
	struct mxa_bo *bo;

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&bo->link);
	INIT_LIST_HEAD(&bo->mappings);
	bo->base.base.funcs = &mxa_bo_funcs;
	return &bo->base.base;
}

/*
 * PRIME: only buffers of this very device come back in (they are the same
 * object, mapped into the importing file's address space by mxa_bo_open).
 * Another device's pages were never mapped for this device's transport.
 */
struct drm_gem_object *mxa_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dma_buf)
{
	struct drm_gem_object *obj;

	/* Exported by a device of this driver: priv is its GEM object. */
	if (dma_buf->owner != THIS_MODULE)
		return ERR_PTR(-EOPNOTSUPP);
	obj = dma_buf->priv;
	if (obj->dev != drm)
		return ERR_PTR(-EOPNOTSUPP);
	drm_gem_object_get(obj);
	return obj;
}

/* Gives the pinned pages of @bo their bus addresses, checked. */
static int mxa_bo_bus_map(struct mxa_device *mdev, struct mxa_bo *bo)
{
	struct scatterlist *sg;
	unsigned int i;
	u64 total = 0;
	int ret;

	mutex_lock(&mdev->mem_lock);
	if (mdev->bus_gone) {
		ret = -ENODEV;
		goto out;
	}
	ret = mdev->bus->ops->map_sgt(mdev->bus, bo->sgt, bo->dir);
	if (ret)
		goto out;
	for_each_sgtable_dma_sg(bo->sgt, sg, i) {
		if (!mxa_bus_range_ok(mdev, sg_dma_address(sg), sg_dma_len(sg)))
			break;
		total += sg_dma_len(sg);
	}
	if (total != bo->base.base.size) {
		drm_err(mdev->drm, "buffer pages mapped out of the device's reach\n");
		mdev->bus->ops->unmap_sgt(mdev->bus, bo->sgt, bo->dir);
		ret = -EIO;
		goto out;
	}
	bo->bus_mapped = true;
	list_add(&bo->link, &mdev->bos);
out:
	mutex_unlock(&mdev->mem_lock);
	return ret;
}

int mxa_ioctl_bo_create(struct drm_device *drm, void *data,
			struct drm_file *file)
{
	struct mxa_device *mdev = to_mxa_device(drm);
	struct mxa_file *mfile = file->driver_priv;
	struct drm_mxa_bo_create *args = data;
	struct drm_gem_shmem_object *shmem;
	struct mxa_mapping *map;
	struct drm_gem_object *obj;
	struct sg_table *sgt;
	struct mxa_bo *bo;
	gfp_t gfp;
	u32 handle;
	int ret;

	if (args->flags & ~DRM_MXA_BO_READ_ONLY)
		return -EINVAL;
	if (!args->size || args->size > MXA_MAX_BO_SIZE)
		return -EINVAL;

	shmem = drm_gem_shmem_create(drm, args->size);
	if (IS_ERR(shmem))
		return PTR_ERR(shmem);
	obj = &shmem->base;
	bo = to_mxa_bo(obj);
	bo->flags = args->flags;
	bo->dir = bo->flags & DRM_MXA_BO_READ_ONLY ? DMA_TO_DEVICE :
						     DMA_BIDIRECTIONAL;

	/*
	 * The pages stay pinned, so not from ZONE_MOVABLE; a device that
	 * reaches only 4 GiB gets pages it reaches rather than bounce
	 * buffers; and running out of memory fails this call instead of
	 * waking the OOM killer.
	 */
	gfp = mdev->pa_bits <= 32 ? GFP_USER | __GFP_DMA32 : GFP_HIGHUSER;
	mapping_set_gfp_mask(obj->filp->f_mapping,
			     gfp | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	ret = drm_gem_shmem_pin(shmem);
	if (ret)
		goto out_put;
	bo->pinned = true;
	sgt = drm_gem_shmem_get_sg_table(shmem);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		goto out_put;
	}
	bo->sgt = sgt;
	ret = mxa_bo_bus_map(mdev, bo);
	if (ret)
		goto out_put;

	ret = drm_gem_handle_create(file, obj, &handle);
	if (ret)
		goto out_put;
	/* Gone only if another thread closed the new handle already. */
	map = mxa_vm_mapping_get(mfile->vm, bo);
	if (!map) {
		ret = -ENOENT;
		goto out_put;
	}
	args->handle = handle;
	args->dev_addr = map->node.start;
	mxa_mapping_put(map);
out_put:
	drm_gem_object_put(obj);
	return ret;
}

int mxa_ioctl_bo_mmap_offset(struct drm_device *drm, void *data,
			     struct drm_file *file)
{
	struct drm_mxa_bo_mmap_offset *args = data;
	struct drm_gem_object *obj;
	int ret;

	if (args->pad)
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	ret = drm_gem_create_mmap_offset(obj);
	if (!ret)
		args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return ret;
}

int mxa_ioctl_bo_info(struct drm_device *drm, void *data,
		      struct drm_file *file)
{
	struct mxa_file *mfile = file->driver_priv;
	struct drm_mxa_bo_info *args = data;
	struct drm_gem_object *obj;
	struct mxa_mapping *map;
	struct mxa_bo *bo;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	bo = to_mxa_bo(obj);
	map = mxa_vm_mapping_get(mfile->vm, bo);
	if (map) {
		args->flags = bo->flags;
		args->size = obj->size;
		args->dev_addr = map->node.start;
		mxa_mapping_put(map);
	}
	drm_gem_object_put(obj);
	return map ? 0 : -ENOENT;
}

int mxa_ioctl_bo_wait(struct drm_device *drm, void *data,
		      struct drm_file *file)
{
	struct drm_mxa_bo_wait *args = data;
	struct drm_gem_object *obj;
	long timeout, ret;

	if (args->pad)
		return -EINVAL;
	timeout = drm_timeout_abs_to_jiffies(args->timeout_ns);
	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	/* READ: the fences of every job reading or writing the buffer. */
	ret = dma_resv_wait_timeout(obj->resv, DMA_RESV_USAGE_READ, true,
				    timeout);
	drm_gem_object_put(obj);
	if (!ret)
		return -ETIME;
	if (ret < 0)
		return ret;
	return 0;
}

/*
 * The transport goes away: every buffer's bus mapping goes back to it now.
 * The pages stay pinned until the buffer is freed. mem_lock held.
 */
void mxa_bo_unplug(struct mxa_device *mdev)
{
	struct mxa_bo *bo, *tmp;

	lockdep_assert_held(&mdev->mem_lock);
	list_for_each_entry_safe(bo, tmp, &mdev->bos, link) {
		mdev->bus->ops->unmap_sgt(mdev->bus, bo->sgt, bo->dir);
		bo->bus_mapped = false;
		list_del_init(&bo->link);
	}
}
