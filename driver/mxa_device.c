// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_device.c - one mxa as a DRM device: what a transport calls
 * (mxa_device_create() and mxa_device_unplug() of driver/mxa_bus.h), the
 * DRM driver (node, file operations, ioctls), open files and the query
 * ioctl. The device's memory stays until its last client has gone; the
 * transport's resources go back when it is unplugged.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/mxa_accel.h>

#include "mxa_compat.h"
#include "mxa_drv.h"

static int mxa_open(struct drm_device *drm, struct drm_file *file)
{
	struct mxa_device *mdev = to_mxa_device(drm);
	struct mxa_file *mfile;
	int ret;

	mfile = kzalloc(sizeof(*mfile), GFP_KERNEL);
	if (!mfile)
		return -ENOMEM;
	mfile->vm = mxa_vm_create(mdev);
	if (IS_ERR(mfile->vm)) {
		ret = PTR_ERR(mfile->vm);
		goto err_free;
	}
	ret = drm_sched_entity_init(&mfile->entity, DRM_SCHED_PRIORITY_NORMAL,
				    mdev->sched_list, 1, NULL);
	if (ret)
		goto err_vm;
	mfile->tgid = task_tgid_nr(current);
	get_task_comm(mfile->comm, current);
	file->driver_priv = mfile;
	return 0;

err_vm:
	mxa_vm_put(mfile->vm);
err_free:
	kfree(mfile);
	return ret;
}

/*
 * The file's handles are closed by now. Its queued jobs are flushed or
 * killed; those on the device keep the address space until they end.
 */
static void mxa_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct mxa_device *mdev = to_mxa_device(drm);
	struct mxa_file *mfile = file->driver_priv;

	mxa_sched_entity_destroy(&mdev->sched, &mfile->entity,
				 &mdev->park_lock);
	mxa_vm_put(mfile->vm);
	kfree(mfile);
}

static void mxa_fill_info(struct mxa_device *mdev,
			  struct drm_mxa_device_info *info)
{
	const struct mxa_caps *caps = &mdev->caps;

	memset(info, 0, sizeof(*info));
	info->uapi_major = DRM_MXA_UAPI_MAJOR;
	info->uapi_minor = DRM_MXA_UAPI_MINOR;
	if (mxa_cap(caps, CAP_FLAGS) & MXA_REG_CAP_FLAGS_SIM_MASK)
		info->flags |= DRM_MXA_DEVICE_SIMULATED;
	BUILD_BUG_ON(MXA_CAPIDX_COUNT > DRM_MXA_CAP_SLOTS);
	info->cap_count = MXA_CAPIDX_COUNT;
	memcpy(info->caps, caps->reg, sizeof(caps->reg));
	info->max_jobs = MXA_MAX_JOBS;
	info->va_size = MXA_VA_END - MXA_VA_START;
	info->max_bo_size = MXA_MAX_BO_SIZE;
}

static int mxa_ioctl_query(struct drm_device *drm, void *data,
			   struct drm_file *file)
{
	struct drm_mxa_query *args = data;
	struct drm_mxa_device_info info;
	u32 size;

	if (args->what != DRM_MXA_QUERY_DEVICE)
		return -EINVAL;
	mxa_fill_info(to_mxa_device(drm), &info);
	size = min_t(u32, args->size, sizeof(info));
	if (copy_to_user(u64_to_user_ptr(args->ptr), &info, size))
		return -EFAULT;
	args->size = size;
	return 0;
}

static const struct drm_ioctl_desc mxa_ioctls[] = {
	DRM_IOCTL_DEF_DRV(MXA_QUERY, mxa_ioctl_query, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MXA_BO_CREATE, mxa_ioctl_bo_create, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MXA_BO_MMAP_OFFSET, mxa_ioctl_bo_mmap_offset,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MXA_BO_INFO, mxa_ioctl_bo_info, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MXA_SUBMIT, mxa_ioctl_submit, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(MXA_BO_WAIT, mxa_ioctl_bo_wait, DRM_RENDER_ALLOW),
};

MXA_DEFINE_FOPS(mxa_fops);

static const struct drm_driver mxa_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE | MXA_DRIVER_NODE,
	.open = mxa_open,
	.postclose = mxa_postclose,
	.gem_create_object = mxa_gem_create_object,
	.gem_prime_import = mxa_gem_prime_import,
	MXA_DRIVER_PRIME_CALLBACKS
	.ioctls = mxa_ioctls,
	.num_ioctls = ARRAY_SIZE(mxa_ioctls),
	.fops = &mxa_fops,
	.name = "mxa",
	.desc = "mxa low-precision matrix accelerator",
	.date = "20250101",
	.major = DRM_MXA_UAPI_MAJOR,
	.minor = DRM_MXA_UAPI_MINOR,
};

/*
 * ID, VERSION and the capabilities (docs/hw-interface.md section 3.1),
 * and what this driver needs of them.
 */
/* One line in the log: what was found. */
static void mxa_report(struct mxa_device *mdev)
{
	const struct mxa_caps *caps = &mdev->caps;
	u32 version = mxa_cap(caps, VERSION), array = mxa_cap(caps, CAP_ARRAY);
	bool sim = mxa_cap(caps, CAP_FLAGS) & MXA_REG_CAP_FLAGS_SIM_MASK;

	drm_info(mdev->drm, "mxa %u.%u%s: %ux%u array, M/N/K up to %u/%u/%u\n",
		 MXA_HW_GET(MXA_REG_VERSION_MAJOR, version),
		 MXA_HW_GET(MXA_REG_VERSION_MINOR, version),
		 sim ? " (simulated)" : "",
		 MXA_HW_GET(MXA_REG_CAP_ARRAY_ROWS, array),
		 MXA_HW_GET(MXA_REG_CAP_ARRAY_COLS, array),
		 mxa_cap(caps, CAP_MAX_M), mxa_cap(caps, CAP_MAX_N),
		 mxa_cap(caps, CAP_MAX_K));
}

static int mxa_read_caps(struct mxa_bus *bus, struct mxa_caps *caps)
{
	static const u32 offsets[MXA_CAPIDX_COUNT] = MXA_REG_CAP_OFFSETS;
	u32 (*rd)(struct mxa_bus *bus, u32 offset) = bus->ops->reg_read;
	u32 major, minor, pa_bits, va_bits;
	unsigned int i;

	mxa_cap(caps, ID) = rd(bus, MXA_REG_ID);
	if (mxa_cap(caps, ID) != MXA_HW_ID) {
		dev_err(bus->dev, "no mxa device: ID reads %#x, not %#x\n",
			mxa_cap(caps, ID), MXA_HW_ID);
		return -ENODEV;
	}
	mxa_cap(caps, VERSION) = rd(bus, MXA_REG_VERSION);
	major = MXA_HW_GET(MXA_REG_VERSION_MAJOR, mxa_cap(caps, VERSION));
	minor = MXA_HW_GET(MXA_REG_VERSION_MINOR, mxa_cap(caps, VERSION));
	if (major != MXA_HW_VERSION_MAJOR) {
		dev_err(bus->dev, "hardware interface version %u.%u is not supported: this driver knows %u.%u\n",
			major, minor, MXA_HW_VERSION_MAJOR, MXA_HW_VERSION_MINOR);
		return -ENODEV;
	}
	for (i = MXA_CAPIDX_VERSION + 1; i < MXA_CAPIDX_COUNT; i++)
		caps->reg[i] = rd(bus, offsets[i]);

	pa_bits = MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS, mxa_cap(caps, CAP_MEM));
	va_bits = MXA_HW_GET(MXA_REG_CAP_MEM_VA_BITS, mxa_cap(caps, CAP_MEM));
	if (pa_bits <= MXA_HW_PAGE_SHIFT || pa_bits > 64 ||
	    va_bits != MXA_HW_VA_BITS) {
		dev_err(bus->dev, "unusable memory port: %u physical, %u virtual address bits\n",
			pa_bits, va_bits);
		return -ENODEV;
	}
	return 0;
}

/*
 * The last reference to the DRM device is gone: every file has closed and
 * the transport has unplugged. Jobs still on their way out of the
 * scheduler (freed by its worker) are waited for before it goes.
 */
static void mxa_device_release(struct drm_device *drm, void *data)
{
	struct mxa_device *mdev = data;

	wait_var_event(&mdev->jobs_alive, !atomic_read(&mdev->jobs_alive));
	if (mdev->sched_ready)
		drm_sched_fini(&mdev->sched);
	mutex_destroy(&mdev->sched_lock);
	mutex_destroy(&mdev->park_lock);
	mutex_destroy(&mdev->ring.lock);
	mutex_destroy(&mdev->mem_lock);
	kfree(mdev);
}

struct mxa_device *mxa_device_create(struct mxa_bus *bus)
{
	struct mxa_device *mdev;
	struct drm_device *drm;
	struct mxa_caps caps;
	int ret;

	ret = mxa_read_caps(bus, &caps);
	if (ret)
		return ERR_PTR(ret);

	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return ERR_PTR(-ENOMEM);
	mdev->bus = bus;
	mdev->syncs_for_device = !!bus->ops->sync_for_device;
	mdev->caps = caps;
	mxa_job_limits_from_caps(caps.reg, &mdev->limits);
	mdev->pa_bits = MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS,
				   mxa_cap(&caps, CAP_MEM));
	mutex_init(&mdev->mem_lock);
	INIT_LIST_HEAD(&mdev->vms);
	INIT_LIST_HEAD(&mdev->bos);
	mutex_init(&mdev->ring.lock);
	INIT_LIST_HEAD(&mdev->ring.inflight);
	mutex_init(&mdev->sched_lock);
	mutex_init(&mdev->park_lock);
	spin_lock_init(&mdev->fence_lock);
	atomic_set(&mdev->jobs_alive, 0);

	/*
	 * Not devm: devm memory goes when the transport's device unbinds,
	 * and clients may still hold this one open after an unplug.
	 */
	drm = drm_dev_alloc(&mxa_drm_driver, bus->dev);
	if (IS_ERR(drm)) {
		kfree(mdev);
		return ERR_CAST(drm);
	}
	drm->dev_private = mdev;
	mdev->drm = drm;
	ret = drmm_add_action_or_reset(drm, mxa_device_release, mdev);
	if (ret)
		goto err_put;

	ret = mxa_ring_init(mdev);
	if (ret)
		goto err_put;
	ret = mxa_sched_setup(mdev);
	if (ret)
		goto err_ring;
	ret = drm_dev_register(drm, 0);
	if (ret)
		goto err_ring;
	mxa_debugfs_init(mdev);
	mxa_report(mdev);
	return mdev;

err_ring:
	mxa_ring_fini(mdev);
err_put:
	drm_dev_put(drm);
	return ERR_PTR(ret);
}

/*
 * No new hardware access after drm_dev_unplug() (it waits for those in
 * progress); then the device is stopped, its jobs fail with -ENODEV and
 * every piece of bus memory (ring, page tables, buffer mappings) goes back
 * to the transport. Clients get -ENODEV; their files, buffers and address
 * spaces are freed as they close.
 */
void mxa_device_unplug(struct mxa_device *mdev)
{
	struct drm_device *drm = mdev->drm;

	/* Before DRM removes the directory it is in. */
	mxa_debugfs_fini(mdev);
	drm_dev_unplug(drm);
	mxa_ring_fini(mdev);
	mutex_lock(&mdev->mem_lock);
	mxa_bo_unplug(mdev);
	mxa_vm_unplug(mdev);
	mdev->bus_gone = true;
	mutex_unlock(&mdev->mem_lock);
	drm_dev_put(drm);
}
