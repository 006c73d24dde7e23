// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_job.c - jobs through the DRM GPU scheduler. DRM_IOCTL_MXA_SUBMIT
 * looks up and validates everything before anything can run, makes the
 * submission wait for its in-fences and, implicitly, for the jobs using
 * its buffers, and hands its fence to the out syncobj and the buffers'
 * reservation objects. The scheduler's callbacks put it on the ring,
 * recover from a time-out (reset, fail the guilty submission only, place
 * the others again: stop / resubmit / start) and free it.
 */
#include <linux/dma-fence-chain.h>
#include <linux/dma-resv.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/mxa_accel.h>

#include "mxa_compat.h"
#include "mxa_drv.h"

static unsigned int mxa_timeout_ms = 10000;
module_param_named(timeout_ms, mxa_timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms,
		 "Time the device may spend without ending a job before it is reset, in ms (0: no limit; default 10000, for a simulated device in an emulated guest)");

static const char *mxa_fence_driver_name(struct dma_fence *fence)
{
	return "mxa";
}

static const char *mxa_fence_timeline_name(struct dma_fence *fence)
{
	return "mxa-ring";
}

static const struct dma_fence_ops mxa_fence_ops = {
	.get_driver_name = mxa_fence_driver_name,
	.get_timeline_name = mxa_fence_timeline_name,
};

/*
 * Copies the records of the jobs that ended on the hardware into the
 * buffer userspace named. The pages are pinned for the buffer's life and a
 * record, 64-byte aligned, never crosses a page. Called after the sync for
 * the CPU, which on a non-coherent transport would discard these writes.
 * That sync covers only the buffers the device writes: the records buffer,
 * shared by the jobs in flight, is written by the CPU alone, and a sync of
 * it when a later job ends would discard (or, through a bounce buffer,
 * overwrite with a stale copy) the records of the jobs before it.
 */
static void mxa_job_write_records(struct mxa_job *job)
{
	struct mxa_bo *bo = to_mxa_bo(job->bos[job->record_bo]);
	u32 i;

	for (i = 0; i < job->done; i++) {
		u64 pos = job->record_offset + (u64)i * MXA_CMPL_SIZE;
		struct page *page = bo->base.pages[pos >> PAGE_SHIFT];
		void *vaddr = kmap_local_page(page);

		memcpy(vaddr + offset_in_page(pos), &job->cmpl[i],
		       MXA_CMPL_SIZE);
		kunmap_local(vaddr);
		flush_dcache_page(page);
	}
}

/* The buffers the device wrote, handed back to the CPU. */
static void mxa_job_sync_for_cpu(struct mxa_device *mdev, struct mxa_job *job)
{
	const struct mxa_bus_ops *ops = mdev->bus->ops;
	u32 i;

	if (!ops->sync_for_cpu)
		return;
	for (i = 0; i < job->bo_count; i++)
		if (job->dev_written & BIT_ULL(i))
			ops->sync_for_cpu(mdev->bus, to_mxa_bo(job->bos[i])->sgt,
					  to_mxa_bo(job->bos[i])->dir);
}

/*
 * The submission has ended, with @error or none: its hardware fence
 * signals, and the scheduler's fence carries the error on every kernel
 * (6.1's scheduler does not pass it along). ring.lock held. Only a job
 * that ended on the device, inside drm_dev_enter(), touches the bus: one
 * failed after an unplug may end when the transport's memory, mdev->bus
 * included, has gone back.
 */
void mxa_job_end(struct mxa_device *mdev, struct mxa_job *job, int error)
{
	if (error) {
		dma_fence_set_error(&job->base.s_fence->finished, error);
		dma_fence_set_error(job->hw_fence, error);
	} else {
		mxa_job_sync_for_cpu(mdev, job);
	}
	if (job->records)
		mxa_job_write_records(job);
	dma_fence_signal(job->hw_fence);
}

static void mxa_job_destroy(struct mxa_job *job)
{
	struct mxa_device *mdev = job->mdev;
	u32 i;

	for (i = 0; i < job->bo_count; i++) {
		if (job->maps[i])
			mxa_mapping_put(job->maps[i]);
		drm_gem_object_put(job->bos[i]);
	}
	if (job->vm)
		mxa_vm_put(job->vm);
	if (job->hw_fence_ready)
		dma_fence_put(job->hw_fence);
	else
		kfree(job->hw_fence);
	kvfree(job);
	/* Last: the device may be released as soon as no job is left. */
	if (atomic_dec_and_test(&mdev->jobs_alive))
		wake_up_var(&mdev->jobs_alive);
}

static struct dma_fence *mxa_job_run(struct drm_sched_job *sched_job)
{
	struct mxa_job *job = to_mxa_job(sched_job);
	struct mxa_device *mdev = job->mdev;
	struct mxa_ring *ring = &mdev->ring;
	struct dma_fence *fence = NULL;

	mutex_lock(&ring->lock);
	if (!job->hw_fence_ready) {
		/* A failed dependency or a killed entity: nothing runs. */
		if (sched_job->s_fence->finished.error)
			goto out;
		dma_fence_init(job->hw_fence, &mxa_fence_ops, &mdev->fence_lock,
			       mdev->fence_context, ++mdev->fence_seqno);
		job->hw_fence_ready = true;
	}
	/*
	 * First run, or again after a reset took it off the ring; a job still
	 * on it (the recovery found nothing to reset) stays as it is.
	 */
	if (!dma_fence_is_signaled(job->hw_fence) && job->epoch != ring->epoch)
		mxa_ring_run(mdev, job);
	fence = dma_fence_get(job->hw_fence);
out:
	mutex_unlock(&ring->lock);
	return fence;
}

/*
 * The stop / resubmit / start pattern of the scheduler, for both kernels:
 * stopping reinserts @sched_job (the scheduler took it off its list) and
 * frees the jobs that ended, resubmitting runs every remaining job again
 * (mxa_job_run() places only those the reset took off the ring) and
 * starting re-arms their callbacks. When the device is gone, the jobs have
 * ended with -ENODEV already and only the scheduler's part is done.
 */
static enum drm_gpu_sched_stat mxa_job_timedout(struct drm_sched_job *sched_job)
{
	struct mxa_job *job = to_mxa_job(sched_job);
	struct mxa_device *mdev = job->mdev;
	bool present;
	int idx;

	mutex_lock(&mdev->park_lock);
	drm_sched_stop(&mdev->sched, sched_job);
	present = drm_dev_enter(mdev->drm, &idx);
	if (present) {
		mutex_lock(&mdev->ring.lock);
		mxa_ring_recover(mdev, job);
		mutex_unlock(&mdev->ring.lock);
		drm_dev_exit(idx);
	}
	drm_sched_resubmit_jobs(&mdev->sched);
	mxa_sched_start(&mdev->sched);
	mutex_unlock(&mdev->park_lock);
	return present ? DRM_GPU_SCHED_STAT_NOMINAL : DRM_GPU_SCHED_STAT_ENODEV;
}

static void mxa_job_free(struct drm_sched_job *sched_job)
{
	drm_sched_job_cleanup(sched_job);
	mxa_job_destroy(to_mxa_job(sched_job));
}

static const struct drm_sched_backend_ops mxa_sched_ops = {
	.run_job = mxa_job_run,
	.timedout_job = mxa_job_timedout,
	.free_job = mxa_job_free,
};

int mxa_sched_setup(struct mxa_device *mdev)
{
	long timeout = mxa_timeout_ms ? msecs_to_jiffies(mxa_timeout_ms) :
					MAX_SCHEDULE_TIMEOUT;
	int ret;

	mdev->fence_context = dma_fence_context_alloc(1);
	ret = mxa_sched_init(&mdev->sched, &mxa_sched_ops, MXA_SCHED_DEPTH,
			     timeout, "mxa", mdev->drm->dev);
	if (ret)
		return ret;
	mdev->sched_list[0] = &mdev->sched;
	mdev->sched_ready = true;
	return 0;
}

/*
 * Looks up the submission's buffers (each once) and their mappings in the
 * file's address space.
 */
static int mxa_submit_bos(struct drm_file *file, struct mxa_job *job,
			  const struct drm_mxa_submit *args)
{
	struct mxa_file *mfile = file->driver_priv;
	u32 handles[MXA_MAX_BOS];
	u32 i, j;

	if (copy_from_user(handles, u64_to_user_ptr(args->bos),
			   args->bo_count * sizeof(handles[0])))
		return -EFAULT;
	for (i = 0; i < args->bo_count; i++) {
		struct drm_gem_object *obj;

		obj = drm_gem_object_lookup(file, handles[i]);
		if (!obj)
			return -ENOENT;
		job->bos[i] = obj;
		job->bo_count = i + 1;
		for (j = 0; j < i; j++)
			if (job->bos[j] == obj)
				return -EINVAL;
		job->maps[i] = mxa_vm_mapping_get(mfile->vm, to_mxa_bo(obj));
		if (!job->maps[i])
			return -ENOENT;
	}
	return 0;
}

/*
 * Each job is copied at the size userspace knows (struct drm_mxa_job may
 * grow): fields it lacks read as zero, bytes of a larger one must be zero.
 */
static int mxa_submit_jobs(struct mxa_device *mdev, struct mxa_job *job,
			   const struct drm_mxa_submit *args)
{
	const char __user *src = u64_to_user_ptr(args->jobs);
	struct drm_mxa_job ujob;
	int ret = 0;
	u32 i;

	static_assert(sizeof(ujob) == DRM_MXA_JOB_SIZE_MIN);
	for (i = 0; !ret && i < args->job_count; i++) {
		ret = copy_struct_from_user(&ujob, sizeof(ujob),
					    src + (size_t)i * args->job_size,
					    args->job_size);
		if (!ret)
			ret = mxa_job_validate(mdev, &ujob, job, i);
		if (ret)
			drm_dbg(mdev->drm, "submit: job %u of %u: %d\n",
				i, args->job_count, ret);
	}
	job->count = args->job_count;
	return ret;
}

/* Where the records go: @job_count whole records inside one buffer. */
static int mxa_submit_records(struct mxa_job *job,
			      const struct drm_mxa_submit *args)
{
	u64 end;

	if (!(args->flags & DRM_MXA_SUBMIT_RECORDS))
		return args->record_bo || args->record_offset ? -EINVAL : 0;
	if (args->record_bo >= job->bo_count ||
	    args->record_offset % MXA_CMPL_SIZE ||
	    check_add_overflow(args->record_offset,
			       (u64)args->job_count * MXA_CMPL_SIZE, &end) ||
	    end > job->bos[args->record_bo]->size)
		return -EINVAL;
	job->records = true;
	job->record_bo = args->record_bo;
	job->record_offset = args->record_offset;
	/* Written by the kernel when the jobs end: ordered as a write. */
	job->written |= BIT_ULL(args->record_bo);
	return 0;
}

static int mxa_submit_in_syncs(struct drm_file *file, struct mxa_job *job,
			       const struct drm_mxa_submit *args)
{
	u64 points[MXA_MAX_IN_SYNCS] = { 0 };
	u32 handles[MXA_MAX_IN_SYNCS];
	struct dma_fence *fence;
	u32 i;
	int ret;

	if (copy_from_user(handles, u64_to_user_ptr(args->in_syncs),
			   args->in_sync_count * sizeof(handles[0])))
		return -EFAULT;
	if (args->in_points &&
	    copy_from_user(points, u64_to_user_ptr(args->in_points),
			   args->in_sync_count * sizeof(points[0])))
		return -EFAULT;
	for (i = 0; i < args->in_sync_count; i++) {
		ret = drm_syncobj_find_fence(file, handles[i], points[i], 0,
					     &fence);
		if (ret)
			return ret;
		/* Takes the reference, also when it fails. */
		ret = drm_sched_job_add_dependency(&job->base, fence);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Implicit synchronisation, arming and pushing: the reservation objects
 * are locked so that no other submission slips in between the fences
 * this one waits for and the fence it adds.
 */
static int mxa_submit_push(struct mxa_device *mdev, struct mxa_job *job,
			   struct drm_syncobj *out_sync,
			   struct dma_fence_chain **out_chain, u64 out_point)
{
	struct ww_acquire_ctx ctx;
	struct dma_fence *done;
	u32 n = job->bo_count;
	u32 i;
	int ret;

	ret = drm_gem_lock_reservations(job->bos, n, &ctx);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		bool write = job->written & BIT_ULL(i);

		ret = dma_resv_reserve_fences(job->bos[i]->resv, 1);
		if (!ret)
			ret = drm_sched_job_add_implicit_dependencies(&job->base,
								      job->bos[i],
								      write);
		if (ret) {
			drm_gem_unlock_reservations(job->bos, n, &ctx);
			return ret;
		}
	}

	mutex_lock(&mdev->sched_lock);
	drm_sched_job_arm(&job->base);
	done = dma_fence_get(&job->base.s_fence->finished);
	/*
	 * A job that waits for this one would otherwise enter the ring as
	 * soon as this one is scheduled, and on a transport that syncs the
	 * buffers for the device as a job enters the ring (bounce buffers,
	 * caches that do not snoop) its sync would copy the CPU's stale pages
	 * over what this job is writing to a buffer they share.
	 */
	if (mdev->syncs_for_device)
		set_bit(DRM_SCHED_FENCE_DONT_PIPELINE, &done->flags);
	atomic64_add(job->count, &mdev->stats.submitted);
	/* The scheduler owns the job from here: it may be gone on return. */
	drm_sched_entity_push_job(&job->base);
	mutex_unlock(&mdev->sched_lock);

	for (i = 0; i < n; i++)
		dma_resv_add_fence(job->bos[i]->resv, done,
				   job->written & BIT_ULL(i) ?
				   DMA_RESV_USAGE_WRITE : DMA_RESV_USAGE_READ);
	drm_gem_unlock_reservations(job->bos, n, &ctx);
	if (out_sync && out_point) {
		/* The chain node was allocated before: this cannot fail. */
		drm_syncobj_add_point(out_sync, *out_chain, done, out_point);
		*out_chain = NULL;
	} else if (out_sync) {
		drm_syncobj_replace_fence(out_sync, done);
	}
	dma_fence_put(done);
	return 0;
}

int mxa_ioctl_submit(struct drm_device *drm, void *data,
		     struct drm_file *file)
{
	struct mxa_device *mdev = to_mxa_device(drm);
	struct mxa_file *mfile = file->driver_priv;
	struct drm_mxa_submit *args = data;
	struct dma_fence_chain *out_chain = NULL;
	struct drm_syncobj *out_sync = NULL;
	bool sched_job = false;
	struct mxa_job *job;
	int ret;

	if (args->flags & ~DRM_MXA_SUBMIT_RECORDS)
		return -EINVAL;
	if (!args->job_count || args->job_count > MXA_MAX_JOBS ||
	    !args->bo_count || args->bo_count > MXA_MAX_BOS ||
	    args->in_sync_count > MXA_MAX_IN_SYNCS ||
	    args->job_size < DRM_MXA_JOB_SIZE_MIN ||
	    args->job_size > DRM_MXA_JOB_SIZE_MAX || args->pad ||
	    (args->in_points && !args->in_sync_count) ||
	    (args->out_point && !args->out_sync))
		return -EINVAL;

	job = kvzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	atomic_inc(&mdev->jobs_alive);
	job->mdev = mdev;
	INIT_LIST_HEAD(&job->link);
	job->vm = mfile->vm;
	mxa_vm_get(job->vm);
	job->hw_fence = kzalloc(sizeof(*job->hw_fence), GFP_KERNEL);
	if (!job->hw_fence) {
		ret = -ENOMEM;
		goto fail;
	}

	ret = mxa_submit_bos(file, job, args);
	if (!ret)
		ret = mxa_submit_jobs(mdev, job, args);
	if (!ret)
		ret = mxa_submit_records(job, args);
	if (ret)
		goto fail;
	if (args->out_sync) {
		out_sync = drm_syncobj_find(file, args->out_sync);
		if (!out_sync) {
			ret = -ENOENT;
			goto fail;
		}
	}
	if (args->out_point) {
		out_chain = dma_fence_chain_alloc();
		if (!out_chain) {
			ret = -ENOMEM;
			goto fail;
		}
	}

	ret = mxa_sched_job_init(&job->base, &mfile->entity, file);
	if (ret)
		goto fail;
	sched_job = true;
	ret = mxa_submit_in_syncs(file, job, args);
	if (!ret)
		ret = mxa_submit_push(mdev, job, out_sync, &out_chain,
				      args->out_point);
	if (!ret)
		goto out;
fail:
	if (sched_job)
		drm_sched_job_cleanup(&job->base);
	mxa_job_destroy(job);
out:
	dma_fence_chain_free(out_chain);
	if (out_sync)
		drm_syncobj_put(out_sync);
	return ret;
}
