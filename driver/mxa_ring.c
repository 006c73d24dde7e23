// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_ring.c - the hardware side of jobs (docs/hw-interface.md section 3):
 * starting and resetting the device, placing a submission's descriptors on
 * the command ring and ringing the doorbell, consuming completion records
 * when the interrupt comes, and recovery after a time-out or a halt.
 *
 * The hot path reads no register: the doorbell is a posted write and the
 * records are in memory. Only the interrupt without a new record (a halt,
 * perhaps), recovery and debugfs read registers, all in process context
 * as the simulator bridge needs.
 */
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <drm/drm_drv.h>
#include <drm/drm_print.h>

#include "mxa_drv.h"

#define MXA_DESC_BYTES		(MXA_RING_SLOTS * MXA_DESC_SIZE)
#define MXA_CMPL_BYTES		(MXA_RING_SLOTS * MXA_CMPL_SIZE)
#define MXA_RESET_POLL_US	2000
/* A simulated device in an emulated guest takes its time. */
#define MXA_RESET_TIMEOUT_US	(5 * USEC_PER_SEC)
#define MXA_INT_JOBS		(MXA_REG_INT_STATUS_JOB_DONE_MASK | \
				 MXA_REG_INT_STATUS_JOB_ERROR_MASK)

/* CTRL.SOFT_RESET and its sleepable wait; -ENODEV once the bus reads ~0. */
static int mxa_hw_reset(struct mxa_device *mdev)
{
	u32 ctrl;
	int ret;

	mxa_write(mdev, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	ret = read_poll_timeout(mxa_read, ctrl,
				ctrl == ~0u ||
				!(ctrl & MXA_REG_CTRL_SOFT_RESET_MASK),
				MXA_RESET_POLL_US, MXA_RESET_TIMEOUT_US, false,
				mdev, MXA_REG_CTRL);
	if (ctrl == ~0u)
		return -ENODEV;
	return ret;
}

/* Reset, then an empty ring (section 3.2); ring.lock held. */
static int mxa_hw_start(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;
	int ret;

	ret = mxa_hw_reset(mdev);
	if (ret)
		return ret;
	memset(ring->cmpl, 0, MXA_CMPL_BYTES);
	ring->tail = 0;
	ring->completed = 0;
	ring->epoch++;
	mxa_write(mdev, MXA_REG_RING_BASE_LO, lower_32_bits(ring->desc_bus));
	mxa_write(mdev, MXA_REG_RING_BASE_HI, upper_32_bits(ring->desc_bus));
	mxa_write(mdev, MXA_REG_RING_SIZE, MXA_RING_LOG2);
	mxa_write(mdev, MXA_REG_CMPL_BASE_LO, lower_32_bits(ring->cmpl_bus));
	mxa_write(mdev, MXA_REG_CMPL_BASE_HI, upper_32_bits(ring->cmpl_bus));
	mxa_write(mdev, MXA_REG_INT_ENABLE,
		  MXA_INT_JOBS | MXA_REG_INT_ENABLE_HALT_MASK);
	mxa_write(mdev, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	return 0;
}

static void *mxa_ring_alloc(struct mxa_device *mdev, size_t size,
			    dma_addr_t *bus)
{
	void *p = mdev->bus->ops->alloc_coherent(mdev->bus, size, bus);

	if (p && !mxa_bus_range_ok(mdev, *bus, size)) {
		drm_err(mdev->drm, "ring memory at %pad out of the device's reach\n",
			bus);
		mdev->bus->ops->free_coherent(mdev->bus, size, p, *bus);
		p = NULL;
	}
	return p;
}

static void mxa_ring_free(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;

	if (ring->desc)
		mdev->bus->ops->free_coherent(mdev->bus, MXA_DESC_BYTES,
					      ring->desc, ring->desc_bus);
	if (ring->cmpl)
		mdev->bus->ops->free_coherent(mdev->bus, MXA_CMPL_BYTES,
					      ring->cmpl, ring->cmpl_bus);
	ring->desc = NULL;
	ring->cmpl = NULL;
}

int mxa_ring_init(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;
	int ret;

	ring->desc = mxa_ring_alloc(mdev, MXA_DESC_BYTES, &ring->desc_bus);
	ring->cmpl = mxa_ring_alloc(mdev, MXA_CMPL_BYTES, &ring->cmpl_bus);
	if (!ring->desc || !ring->cmpl) {
		mxa_ring_free(mdev);
		return -ENOMEM;
	}
	mutex_lock(&ring->lock);
	ret = mxa_hw_start(mdev);
	mutex_unlock(&ring->lock);
	if (ret) {
		drm_err(mdev->drm, "device did not come out of reset: %d\n",
			ret);
		mxa_ring_free(mdev);
	}
	return ret;
}

/*
 * The device goes away: it is stopped (a board's device must not write
 * memory that goes back), the jobs on the ring end with -ENODEV and the
 * ring's memory goes back to the transport. No job is placed after this:
 * the DRM device is unplugged, or was never registered.
 */
void mxa_ring_fini(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;
	struct mxa_job *job, *tmp;

	mutex_lock(&ring->lock);
	mxa_write(mdev, MXA_REG_INT_ENABLE, 0);
	mxa_hw_reset(mdev);
	list_for_each_entry_safe(job, tmp, &ring->inflight, link) {
		list_del_init(&job->link);
		mxa_job_end(mdev, job, -ENODEV);
	}
	ring->dead = true;
	mxa_ring_free(mdev);
	mutex_unlock(&ring->lock);
}

/* One completion record of @job; ring.lock held. */
static void mxa_ring_account(struct mxa_device *mdev, struct mxa_job *job,
			     const struct mxa_hw_cmpl *rec)
{
	struct mxa_ring *ring = &mdev->ring;
	u16 status = le16_to_cpu(rec->status);
	int err = -mxa_hw_status_errno(status);

	if (!err) {
		atomic64_inc(&mdev->stats.completed);
		return;
	}
	atomic64_inc(err == -EFAULT ? &mdev->stats.faulted :
				      &mdev->stats.errors);
	ring->fault.status = status;
	ring->fault.detail = le16_to_cpu(rec->detail);
	ring->fault.addr = le64_to_cpu(rec->fault_addr);
	ring->fault.valid = true;
	if (!job->error)
		job->error = err;
	/* The driver validates every descriptor: this one is its own bug. */
	if (status == MXA_HW_STATUS_BAD_DESC)
		drm_err_ratelimited(mdev->drm,
				    "descriptor rejected at field offset %#x\n",
				    ring->fault.detail);
}

/*
 * Consumes the records the device has written, oldest job first, and ends
 * the jobs all of whose records are in; ring.lock held. A record is
 * complete once its SEQ is the job's (section 3.4). Returns how many.
 */
static unsigned int mxa_ring_reap(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;
	struct mxa_job *job, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(job, tmp, &ring->inflight, link) {
		while (job->done < job->count) {
			const struct mxa_hw_cmpl *rec =
				&ring->cmpl[job->slot[job->done]];

			if (le64_to_cpu(READ_ONCE(rec->seq)) !=
			    job->seq[job->done])
				return n;
			/* The rest of the record was written before SEQ. */
			dma_rmb();
			mxa_ring_account(mdev, job, rec);
			if (job->records)
				job->cmpl[job->done] = *rec;
			job->done++;
			ring->completed++;
			n++;
		}
		list_del_init(&job->link);
		mxa_job_end(mdev, job, job->error);
	}
	return n;
}

/*
 * Places what is left of @job on the ring (all of it, or what a reset
 * interrupted) with fresh SEQs and its file's page tables, and rings the
 * doorbell; ring.lock held. When it cannot, the job ends with the reason.
 */
void mxa_ring_run(struct mxa_device *mdev, struct mxa_job *job)
{
	struct mxa_ring *ring = &mdev->ring;
	const struct mxa_bus_ops *ops;
	int idx, err = 0;
	u32 i;

	/* After an unplug the transport, and with it mdev->bus, may be gone. */
	if (!drm_dev_enter(mdev->drm, &idx)) {
		mxa_job_end(mdev, job, -ENODEV);
		return;
	}
	ops = mdev->bus->ops;
	/* The scheduler's depth keeps this from ever being true. */
	if (ring->tail - ring->completed + (job->count - job->done) >
	    MXA_RING_SLOTS)
		err = -ENOSPC;
	if (ring->dead)
		err = -EIO;
	if (err) {
		drm_dev_exit(idx);
		mxa_job_end(mdev, job, err);
		return;
	}
	if (ops->sync_for_device)
		for (i = 0; i < job->bo_count; i++)
			ops->sync_for_device(mdev->bus,
					     to_mxa_bo(job->bos[i])->sgt,
					     to_mxa_bo(job->bos[i])->dir);
	for (i = job->done; i < job->count; i++) {
		u32 slot = ring->tail % MXA_RING_SLOTS;
		struct mxa_hw_desc *desc = &ring->desc[slot];

		*desc = job->desc[i];
		desc->seq = cpu_to_le64(++ring->seq);
		desc->pt_root = cpu_to_le64(job->vm->root.bus);
		job->slot[i] = slot;
		job->seq[i] = ring->seq;
		ring->tail++;
	}
	job->epoch = ring->epoch;
	list_add_tail(&job->link, &ring->inflight);
	/* The transport orders this write after the descriptors. */
	mxa_write(mdev, MXA_REG_RING_TAIL, ring->tail);
	drm_dev_exit(idx);
}

/*
 * The scheduler timed out @bad, or the device halted. After taking in
 * what completed meanwhile: unless @bad is done after all, it ends with
 * -ETIMEDOUT (-EIO after a halt), the device is reset and starts with an
 * empty ring, and every other job is off it, for the scheduler to place
 * again. Inside drm_dev_enter(), ring.lock held. Returns whether it reset.
 */
bool mxa_ring_recover(struct mxa_device *mdev, struct mxa_job *bad)
{
	struct mxa_ring *ring = &mdev->ring;
	struct mxa_job *job, *tmp;
	int err;

	mxa_ring_reap(mdev);
	if (!bad->hw_fence_ready || dma_fence_is_signaled(bad->hw_fence))
		return false;

	if (ring->halted) {
		err = -EIO;
		drm_err(mdev->drm, "device halted: resetting it\n");
	} else {
		err = -ETIMEDOUT;
		atomic64_inc(&mdev->stats.timed_out);
		drm_info(mdev->drm, "job timed out: resetting the device\n");
	}
	list_for_each_entry_safe(job, tmp, &ring->inflight, link)
		list_del_init(&job->link);
	mxa_job_end(mdev, bad, err);
	atomic64_inc(&mdev->stats.resets);
	ring->halted = false;
	if (mxa_hw_start(mdev)) {
		drm_err(mdev->drm, "device did not come out of reset: failing all jobs\n");
		ring->dead = true;
	}
	return true;
}

void mxa_device_irq(struct mxa_device *mdev)
{
	struct mxa_ring *ring = &mdev->ring;
	unsigned int n;
	u32 status;
	int idx;

	if (!drm_dev_enter(mdev->drm, &idx))
		return;
	/*
	 * Acknowledged first, so that a job ending meanwhile raises the line
	 * again; the read makes the posted acknowledgment land before the
	 * records are read, or it could clear the cause of a record written
	 * after the reap looked.
	 */
	mxa_write(mdev, MXA_REG_INT_STATUS, MXA_INT_JOBS);
	mxa_read(mdev, MXA_REG_INT_STATUS);
	mutex_lock(&ring->lock);
	n = mxa_ring_reap(mdev);
	mutex_unlock(&ring->lock);

	/*
	 * The scheduler times whole submissions, up to MXA_MAX_JOBS jobs
	 * each: any job ending is progress, and restarts the clock.
	 */
	if (n && mdev->sched.timeout != MAX_SCHEDULE_TIMEOUT)
		drm_sched_resume_timeout(&mdev->sched, mdev->sched.timeout);
	if (!n) {
		status = mxa_read(mdev, MXA_REG_INT_STATUS);
		if (status != ~0u && (status & MXA_REG_INT_STATUS_HALT_MASK)) {
			u32 cause = mxa_read(mdev, MXA_REG_HALT_CAUSE);
			u64 addr = mxa_read(mdev, MXA_REG_HALT_ADDR_LO);

			addr |= (u64)mxa_read(mdev, MXA_REG_HALT_ADDR_HI) << 32;
			mxa_write(mdev, MXA_REG_INT_STATUS,
				  MXA_REG_INT_STATUS_HALT_MASK);
			drm_err(mdev->drm, "device halted: cause %u, address %#llx\n",
				cause, addr);
			mutex_lock(&ring->lock);
			ring->halted = true;
			mutex_unlock(&ring->lock);
			/* Recovery is the time-out's, right away. */
			drm_sched_fault(&mdev->sched);
		}
	}
	drm_dev_exit(idx);
}
