// SPDX-License-Identifier: MIT
/*
 * drm_backend.c - the "drm" device: mxa.ko through libdrm. Buffers are GEM
 * objects mapped into the caller; a job is one DRM_IOCTL_MXA_SUBMIT whose
 * fence lands in a sync object of its own, the library fence.
 *
 * Each pending job has a slot in the device's records buffer, where mxa.ko
 * copies the job's completion record (DRM_MXA_SUBMIT_RECORDS): the fence's
 * statistics and exact status come from it, as on the sim device. A job
 * submitted while every slot is taken goes without: its statistics hold
 * only its multiply-accumulates (M x N x K, what the hardware's PERF_MACS
 * counts for a job that ends well) and its status is the fence's error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/sync_file.h>
#include <xf86drm.h>

#include "../include/mxa_hw.h"
#include "drm_priv.h"

#define RECORD_SLOTS 1024
#define RECORDS_SIZE (RECORD_SLOTS * sizeof(struct mxa_hw_cmpl))

/*
 * The fences still pending are linked through their priv pointers, so that
 * closing the device can settle them: a closed file's jobs are the
 * kernel's to finish or drop, and their sync objects go with the file.
 */
struct drm_dev {
	int fd;
	uint64_t max_bo_size;
	char path[256];
	struct mxa_fence *pending;
	uint32_t records_handle;
	struct mxa_hw_cmpl *records;	/* mapped */
	uint64_t slot_used[RECORD_SLOTS / 64];
};

struct drm_bo {
	uint32_t handle;
};

static struct drm_dev *drm_dev(struct mxa_device *dev)
{
	return dev->priv;
}

/* ---------------------------------------------------------------- device */

/* Reads the device description and checks that its uAPI is ours. */
static int query_device(struct mxa_device *dev)
{
	struct drm_dev *d = drm_dev(dev);
	struct drm_mxa_device_info di;
	struct mxa__hw_regs regs;
	struct drm_mxa_query q = {
		.what = DRM_MXA_QUERY_DEVICE,
		.size = sizeof(di),
		.ptr = (uintptr_t)&di,
	};
	int ret;

	memset(&di, 0, sizeof(di));
	if (drmIoctl(d->fd, DRM_IOCTL_MXA_QUERY, &q)) {
		int err = errno;

		return mxa__error(err, "device 'drm:%s': query failed: %s",
				  d->path, strerror(err));
	}
	if (q.size < sizeof(di.uapi_major) + sizeof(di.uapi_minor) ||
	    di.uapi_major != DRM_MXA_UAPI_MAJOR)
		return mxa__error(EPROTO,
				  "device 'drm:%s': mxa.ko has uAPI version %u.%u, this libmxa knows %u.%u",
				  d->path, di.uapi_major, di.uapi_minor,
				  DRM_MXA_UAPI_MAJOR, DRM_MXA_UAPI_MINOR);
	if (q.size < sizeof(di))
		return mxa__error(EPROTO,
				  "device 'drm:%s': the device description has %u bytes, uAPI %u.%u has %zu",
				  d->path, q.size, di.uapi_major,
				  di.uapi_minor, sizeof(di));

	if (di.cap_count < MXA_CAPIDX_COUNT)
		return mxa__error(EPROTO,
				  "device 'drm:%s': mxa.ko reports %u capability registers, this libmxa needs %u",
				  d->path, di.cap_count, MXA_CAPIDX_COUNT);
	memcpy(regs.cap, di.caps, sizeof(regs.cap));
	ret = mxa__hw_caps_decode(&regs, &dev->info);
	if (ret)
		return ret;
	dev->info.backend = MXA_BACKEND_DRM;
	/* Informative only: a long path is cut short. */
	snprintf(dev->info.name, sizeof(dev->info.name), "mxa%s at %.40s",
		 dev->info.simulated ? " (simulated)" : "", d->path);
	d->max_bo_size = di.max_bo_size;
	return 0;
}

/* The buffer of the job records, for the life of the device. */
static int records_new(struct drm_dev *d)
{
	struct drm_mxa_bo_create create = { .size = RECORDS_SIZE };
	struct drm_mxa_bo_mmap_offset mo = { 0 };
	void *map;
	int err;

	if (drmIoctl(d->fd, DRM_IOCTL_MXA_BO_CREATE, &create)) {
		err = errno;
		return mxa__error(err, "device 'drm:%s': cannot create the job records buffer: %s",
				  d->path, strerror(err));
	}
	mo.handle = create.handle;
	map = MAP_FAILED;
	if (!drmIoctl(d->fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &mo))
		map = mmap(NULL, RECORDS_SIZE, PROT_READ | PROT_WRITE,
			   MAP_SHARED, d->fd, (off_t)mo.offset);
	if (map == MAP_FAILED) {
		err = errno;
		drmCloseBufferHandle(d->fd, create.handle);
		return mxa__error(err, "device 'drm:%s': cannot map the job records buffer: %s",
				  d->path, strerror(err));
	}
	d->records_handle = create.handle;
	d->records = map;
	return 0;
}

static int drm_open(struct mxa_device *dev, const char *options)
{
	struct drm_dev *d;
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d)
		return mxa__error(ENOMEM, "device 'drm': out of memory");
	d->fd = -1;
	if (options[0]) {
		if (strlen(options) >= sizeof(d->path)) {
			free(d);
			return mxa__error(ENAMETOOLONG,
					  "device 'drm': path of %zu bytes is too long",
					  strlen(options));
		}
		strcpy(d->path, options);
		ret = mxa__drm_open_node(d->path, &d->fd);
	} else {
		ret = mxa__drm_find(MXA__DRM_DRI_DIR, MXA__DRM_ACCEL_DIR,
				    &d->fd, d->path, sizeof(d->path));
	}
	if (!ret) {
		dev->priv = d;
		ret = query_device(dev);
	}
	if (!ret)
		ret = records_new(d);
	if (ret) {
		if (d->fd >= 0)
			close(d->fd);
		free(d);
		dev->priv = NULL;
	}
	return ret;
}

/*
 * A pending fence's seqno holds its sync object in the low 32 bits and
 * its records slot plus one above them (0: none).
 */
static uint32_t fence_syncobj(const struct mxa_fence *fence)
{
	return (uint32_t)fence->seqno;
}

static int fence_slot(const struct mxa_fence *fence)
{
	return (int)(fence->seqno >> 32) - 1;
}

/* A free records slot, zeroed so that an unwritten record shows; or -1. */
static int slot_get(struct drm_dev *d)
{
	for (unsigned i = 0; i < MXA_ARRAY_SIZE(d->slot_used); i++) {
		int slot;

		if (!~d->slot_used[i])
			continue;
		slot = (int)(i * 64) + __builtin_ctzll(~d->slot_used[i]);
		d->slot_used[i] |= 1ull << (slot % 64);
		memset(&d->records[slot], 0, sizeof(d->records[slot]));
		return slot;
	}
	return -1;
}

static void slot_put(struct drm_dev *d, int slot)
{
	if (slot >= 0)
		d->slot_used[slot / 64] &= ~(1ull << (slot % 64));
}

static void pending_remove(struct drm_dev *d, struct mxa_fence *fence)
{
	struct mxa_fence **p = &d->pending;

	while (*p && *p != fence)
		p = (struct mxa_fence **)&(*p)->priv;
	if (*p)
		*p = fence->priv;
	fence->priv = NULL;
}

/*
 * Buffers may outlive the device: their mappings stay, their handles go
 * with the file. So do the job records: a fence settled here keeps none.
 */
static void drm_close(struct mxa_device *dev)
{
	struct drm_dev *d = drm_dev(dev);

	while (d->pending) {
		struct mxa_fence *fence = d->pending;

		d->pending = fence->priv;
		fence->priv = NULL;
		fence->seqno = 0;
		fence->status = -ECANCELED;
		fence->stats.macs = 0;
		snprintf(fence->error, sizeof(fence->error),
			 "matmul: cancelled: the device was closed before the job's end was seen");
	}
	munmap(d->records, RECORDS_SIZE);
	drmCloseBufferHandle(d->fd, d->records_handle);
	close(d->fd);
	free(d);
	dev->priv = NULL;
}

/* ---------------------------------------------------------------- buffers */

static int drm_buffer_new(struct mxa_device *dev, struct mxa_buffer *buf)
{
	struct drm_dev *d = drm_dev(dev);
	struct drm_mxa_bo_create create = { .size = buf->size };
	struct drm_mxa_bo_mmap_offset mo = { 0 };
	struct drm_bo *bo;
	int err;

	/* Same answer as the emulator for a size no device can hold. */
	if (buf->size > d->max_bo_size)
		return mxa__error(ENOMEM,
				  "buffer of %zu bytes: the device's largest is %llu",
				  buf->size,
				  (unsigned long long)d->max_bo_size);
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return mxa__error(ENOMEM, "buffer of %zu bytes: out of memory",
				  buf->size);
	if (drmIoctl(d->fd, DRM_IOCTL_MXA_BO_CREATE, &create)) {
		err = errno;
		free(bo);
		return mxa__error(err, "buffer of %zu bytes: %s", buf->size,
				  strerror(err));
	}
	bo->handle = create.handle;
	mo.handle = create.handle;
	if (drmIoctl(d->fd, DRM_IOCTL_MXA_BO_MMAP_OFFSET, &mo)) {
		err = errno;
		goto fail;
	}
	buf->map = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			d->fd, (off_t)mo.offset);
	if (buf->map == MAP_FAILED) {
		err = errno;
		buf->map = NULL;
		goto fail;
	}
	buf->dev_addr = create.dev_addr;
	buf->priv = bo;
	return 0;

fail:
	drmCloseBufferHandle(d->fd, bo->handle);
	free(bo);
	return mxa__error(err, "buffer of %zu bytes: cannot map it: %s",
			  buf->size, strerror(err));
}

static void drm_buffer_del(struct mxa_device *dev, struct mxa_buffer *buf)
{
	struct drm_bo *bo = buf->priv;

	munmap(buf->map, buf->size);
	if (drm_dev(dev))
		drmCloseBufferHandle(drm_dev(dev)->fd, bo->handle);
	free(bo);
}

/* ---------------------------------------------------------------- jobs */

/*
 * The fence of a drm job is the sync object the kernel signals when the
 * job ends; its handle is the fence's seqno until the end is seen.
 */
static int drm_submit(struct mxa_device *dev, const struct mxa__job *rj,
		      struct mxa_fence *fence)
{
	const struct mxa_matmul *mm = rj->desc;
	struct drm_dev *d = drm_dev(dev);
	struct mxa_buffer *bufs[MXA__DRM_MAX_OPERANDS];
	uint32_t handles[MXA__DRM_MAX_OPERANDS + 1];
	struct drm_mxa_submit submit = { .job_size = sizeof(struct drm_mxa_job) };
	struct drm_mxa_job job;
	uint32_t bo_count, syncobj;
	int ret, err, slot;

	ret = mxa__drm_job_from_matmul(rj, &job, bufs, &bo_count);
	if (ret)
		return ret;
	for (uint32_t i = 0; i < bo_count; i++)
		handles[i] = ((struct drm_bo *)bufs[i]->priv)->handle;

	if (drmSyncobjCreate(d->fd, 0, &syncobj)) {
		err = errno;
		return mxa__error(err, "matmul: cannot create a sync object: %s",
				  strerror(err));
	}
	slot = slot_get(d);
	if (slot >= 0) {
		handles[bo_count] = d->records_handle;
		submit.flags = DRM_MXA_SUBMIT_RECORDS;
		submit.record_bo = bo_count++;
		submit.record_offset = (uint64_t)slot * sizeof(*d->records);
	}
	submit.jobs = (uintptr_t)&job;
	submit.job_count = 1;
	submit.bo_count = bo_count;
	submit.bos = (uintptr_t)handles;
	submit.out_sync = syncobj;
	if (drmIoctl(d->fd, DRM_IOCTL_MXA_SUBMIT, &submit)) {
		err = errno;
		slot_put(d, slot);
		drmSyncobjDestroy(d->fd, syncobj);
		if (err == EINVAL)
			return mxa__error(EINVAL,
					  "matmul: mxa.ko rejected the %ux%ux%u job as invalid",
					  mm->m, mm->n, mm->k);
		return mxa__error(err, "matmul: submission failed: %s",
				  strerror(err));
	}
	fence->seqno = syncobj | (uint64_t)(slot + 1) << 32;
	fence->stats.macs = (uint64_t)mm->m * mm->n * mm->k;
	fence->priv = d->pending;
	d->pending = fence;
	return 0;
}

/* Absolute CLOCK_MONOTONIC deadline of a relative time-out (< 0: none). */
static int64_t deadline_ns(int64_t timeout_ns)
{
	struct timespec now;
	int64_t t;

	if (timeout_ns < 0)
		return INT64_MAX;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	return t > INT64_MAX - timeout_ns ? INT64_MAX : t + timeout_ns;
}

/*
 * The error a signalled fence carries, read through a sync file: its
 * status is 1 for success and -errno for a failed job.
 */
static int fence_error(int fd, uint32_t syncobj, int *status)
{
	struct sync_file_info si;
	int sync_fd, err;

	*status = 0;
	if (drmSyncobjExportSyncFile(fd, syncobj, &sync_fd))
		return -errno;
	memset(&si, 0, sizeof(si));
	err = drmIoctl(sync_fd, SYNC_IOC_FILE_INFO, &si) ? -errno : 0;
	close(sync_fd);
	*status = si.status;
	return err;
}

/* The library status of a job whose fence carries @status. */
static int job_status(int status)
{
	switch (status) {
	case 1:
		return 0;
	case -EFAULT:
		return mxa__error(EFAULT, "matmul: MMU fault: the job reached an address outside its buffers, or wrote a read-only one");
	case -ETIMEDOUT:
		return mxa__error(ETIMEDOUT, "matmul: the job ran past the kernel's time-out and was stopped");
	case -EIO:
		return mxa__error(EIO, "matmul: the device reported an error for the job");
	case -EINVAL:
		return mxa__error(EINVAL, "matmul: the device found an invalid code in an operand");
	case -ENODEV:
		return mxa__error(ENODEV, "matmul: the device is gone");
	case -ECANCELED:
		return mxa__error(ECANCELED, "matmul: the kernel cancelled the job (device reset or removal)");
	default:
		if (status < 0)
			return mxa__error(-status, "matmul: the job failed: %s",
					  strerror(-status));
		return mxa__error(EPROTO, "matmul: the fence signalled with status %d",
				  status);
	}
}

static int drm_wait(struct mxa_device *dev, struct mxa_fence *fence,
		    int64_t timeout_ns)
{
	struct drm_dev *d = drm_dev(dev);
	uint32_t syncobj = fence_syncobj(fence);
	int slot = fence_slot(fence);
	int ret, status;

	if (drmSyncobjWait(d->fd, &syncobj, 1, deadline_ns(timeout_ns), 0,
			   NULL)) {
		int err = errno;

		if (err == ETIME)
			return mxa__error(ETIME, "fence: the job has not ended after %lld ns",
					  (long long)timeout_ns);
		return mxa__error(err, "fence: waiting failed: %s",
				  strerror(err));
	}
	ret = fence_error(d->fd, syncobj, &status);
	if (ret)
		return mxa__error(-ret, "fence: cannot read the job's status: %s",
				  strerror(-ret));
	/* The job has ended: its sync object has nothing more to say. */
	drmSyncobjDestroy(d->fd, syncobj);
	pending_remove(d, fence);
	fence->seqno = 0;
	ret = slot >= 0 ? mxa__hw_record_end(fence, &d->records[slot]) :
			  -ENOENT;
	slot_put(d, slot);
	/* Without a record (or against one), the fence's own error holds. */
	if (ret || (!fence->status && status != 1)) {
		fence->status = job_status(status);
		if (fence->status) {
			snprintf(fence->error, sizeof(fence->error), "%s",
				 mxa_last_error());
			if (ret)
				fence->stats.macs = 0;
		}
	}
	return 0;
}

static void drm_fence_del(struct mxa_device *dev, struct mxa_fence *fence)
{
	struct drm_dev *d = drm_dev(dev);

	pending_remove(d, fence);
	slot_put(d, fence_slot(fence));
	if (fence->seqno)
		drmSyncobjDestroy(d->fd, fence_syncobj(fence));
}

const struct mxa_backend_ops mxa__drm_backend = {
	.name = "drm",
	.open = drm_open,
	.close = drm_close,
	.buffer_new = drm_buffer_new,
	.buffer_del = drm_buffer_del,
	.submit = drm_submit,
	.wait = drm_wait,
	.fence_del = drm_fence_del,
};
