/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mxa_drv.h - the objects of the mxa driver core and how its files use
 * one another: the device, an open file with its device address space,
 * buffers and their mappings, jobs and the command ring.
 *
 * Locks, none taken inside another (submit takes sched_lock inside the
 * buffers' reservation objects):
 *   mxa_device.sched_lock  arming and pushing jobs in submission order;
 *   mxa_device.park_lock   the scheduler stopped by the time-out handler,
 *                          or parked for an entity's teardown (taken
 *                          outside ring.lock, the one exception);
 *   mxa_device.ring.lock   the ring, the jobs on it, their hardware fences
 *                          (signalled under it: no allocation inside);
 *   mxa_device.mem_lock    every page table, VA allocator and bus mapping
 *                          of buffers, and bus_gone.
 * Hardware is touched only inside drm_dev_enter(); bus memory (page tables,
 * ring, buffer mappings) only under mem_lock or ring.lock with !bus_gone,
 * because mxa_device_unplug() hands it all back before the transport may
 * free the bus.
 */
#ifndef MXA_DRV_H
#define MXA_DRV_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/dma-fence.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <drm/drm_device.h>
#include <drm/drm_file.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_mm.h>
#include <drm/gpu_scheduler.h>

#include "mxa_bus.h"
#include "mxa_hw.h"
#include "mxa_job_rules.h"

struct dentry;
struct dma_buf;
struct drm_mxa_job;
struct platform_driver;

/* The ring: 128 descriptors; a submission holds up to MXA_MAX_JOBS. */
#define MXA_RING_LOG2		7
#define MXA_RING_SLOTS		BIT(MXA_RING_LOG2)
#define MXA_MAX_JOBS		32
/* Submissions on the ring at once, so that the ring can never overflow. */
#define MXA_SCHED_DEPTH		(MXA_RING_SLOTS / MXA_MAX_JOBS)
#define MXA_MAX_BOS		64
#define MXA_MAX_IN_SYNCS	16
#define MXA_MAX_BO_SIZE		((u64)SZ_1G)

/* Device pages and the address space of each file. */
#define MXA_DEV_PAGE_SIZE	BIT_ULL(MXA_HW_PAGE_SHIFT)
/* The first megabyte stays unmapped: a small address is always a bug. */
#define MXA_VA_START		((u64)SZ_1M)
#define MXA_VA_END		BIT_ULL(MXA_HW_VA_BITS)

/* The ID, VERSION and CAP_* registers, read once at probe. */
struct mxa_caps {
	u32 reg[MXA_CAPIDX_COUNT];
};

/* The register NAME (ID, VERSION, CAP_...) as read when probing. */
#define mxa_cap(caps, NAME)	((caps)->reg[MXA_CAPIDX_##NAME])

/* Counters shown in debugfs: hardware jobs, but timed_out submissions. */
struct mxa_stats {
	atomic64_t submitted;
	atomic64_t completed;
	atomic64_t faulted;
	atomic64_t errors;
	atomic64_t timed_out;
	atomic64_t resets;
};

/* The last job that ended with an error status (ring.lock). */
struct mxa_fault {
	u64 addr;
	u16 status;
	u16 detail;
	bool valid;
};

struct mxa_ring {
	struct mutex lock;		/* everything below, and jobs' ring state */
	struct mxa_hw_desc *desc;
	struct mxa_hw_cmpl *cmpl;
	dma_addr_t desc_bus;
	dma_addr_t cmpl_bus;
	u32 tail;		/* descriptors placed since the last reset */
	u32 completed;		/* records consumed since the last reset */
	u64 seq;		/* the last SEQ given; never reused */
	/* Starts of the ring: a job placed in an older one is off it. */
	u64 epoch;
	struct list_head inflight;	/* jobs on the ring, oldest first */
	bool halted;		/* INT_STATUS.HALT seen, recovery pending */
	bool dead;		/* the device did not come back from a reset */
	struct mxa_fault fault;
};

struct mxa_device {
	struct drm_device *drm;
	struct mxa_bus *bus;
	struct mxa_caps caps;
	struct mxa_job_limits limits;	/* what jobs may ask, from caps */
	u32 pa_bits;			/* CAP_MEM.PA_BITS, 13 to 64 */
	bool syncs_for_device;		/* the bus copies buffers to the device */

	struct mutex mem_lock;		/* bus memory, see the top */
	struct list_head vms;		/* mem_lock */
	struct list_head bos;		/* bus-mapped buffers, mem_lock */
	bool bus_gone;			/* mem_lock */

	struct mxa_ring ring;
	struct drm_gpu_scheduler sched;
	struct drm_gpu_scheduler *sched_list[1];
	bool sched_ready;
	struct mutex sched_lock;		/* job arm and push in one order */
	struct mutex park_lock;		/* see the top */
	spinlock_t fence_lock;		/* of the hardware fences */
	u64 fence_context;
	u64 fence_seqno;		/* ring.lock */
	atomic_t jobs_alive;		/* the release waits for 0 */

	struct mxa_stats stats;
	struct dentry *debugfs;
};

/* One 4 KiB device page table; child[] only above level 0. */
struct mxa_pt {
	__le64 *entry;
	dma_addr_t bus;
	struct mxa_pt **child;
};

/* A device address space: that of one open file. */
struct mxa_vm {
	struct kref ref;
	struct mxa_device *mdev;
	struct list_head link;		/* mdev->vms, mem_lock */
	struct drm_mm mm;		/* mem_lock */
	struct mxa_pt root;		/* mem_lock; freed when bus_gone */
};

struct mxa_bo {
	struct drm_gem_shmem_object base;
	u32 flags;			/* DRM_MXA_BO_* */
	enum dma_data_direction dir;
	bool pinned;
	struct sg_table *sgt;		/* the pages, bus-mapped while mapped */
	bool bus_mapped;		/* mem_lock */
	struct list_head link;		/* mdev->bos, mem_lock */
	struct list_head mappings;	/* mem_lock */
};

/*
 * A buffer in one address space. Referenced by each handle of the file
 * and by each job that uses it, so that the address stays mapped (and
 * unused by another buffer) until the last job using it has ended.
 */
struct mxa_mapping {
	struct kref ref;		/* released under mem_lock */
	struct mxa_bo *bo;
	struct mxa_vm *vm;
	struct drm_mm_node node;
	struct list_head link;		/* bo->mappings */
};

/* An open file; @tgid and @comm name the process that opened it. */
struct mxa_file {
	struct mxa_vm *vm;
	struct drm_sched_entity entity;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
};

/* One submission: up to MXA_MAX_JOBS hardware jobs, run in order. */
struct mxa_job {
	struct drm_sched_job base;
	struct mxa_device *mdev;
	struct mxa_vm *vm;
	struct dma_fence *hw_fence;	/* initialised by the first run */
	bool hw_fence_ready;		/* ring.lock */
	struct list_head link;		/* ring.inflight, ring.lock */
	u64 epoch;			/* ring epoch it was placed in, 0 never */
	u32 count;
	u32 done;			/* descriptors completed, ring.lock */
	int error;			/* first error, ring.lock */
	u32 bo_count;
	u64 written;			/* bit i: bos[i] is written */
	u64 dev_written;		/* bit i: the device writes bos[i] */
	bool records;			/* DRM_MXA_SUBMIT_RECORDS */
	u32 record_bo;			/* index into bos */
	u64 record_offset;
	struct drm_gem_object *bos[MXA_MAX_BOS];
	struct mxa_mapping *maps[MXA_MAX_BOS];
	struct mxa_hw_desc desc[MXA_MAX_JOBS];	/* all but SEQ and PT_ROOT */
	u32 slot[MXA_MAX_JOBS];
	u64 seq[MXA_MAX_JOBS];
	/* Records of the jobs done, kept across a reset that clears the ring. */
	struct mxa_hw_cmpl cmpl[MXA_MAX_JOBS];
};

static inline struct mxa_device *to_mxa_device(struct drm_device *drm)
{
	return drm->dev_private;
}

static inline struct mxa_bo *to_mxa_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct mxa_bo, base.base);
}

static inline struct mxa_job *to_mxa_job(struct drm_sched_job *job)
{
	return container_of(job, struct mxa_job, base);
}

/*
 * Whether the device can be given [@addr, @addr + @len) as physical
 * memory: whole device pages, below 2^CAP_MEM.PA_BITS and within what a
 * page-table entry holds.
 */
static inline bool mxa_bus_range_ok(const struct mxa_device *mdev,
				    dma_addr_t addr, u64 len)
{
	u32 bits = min_t(u32, mdev->pa_bits, 52);
	u64 end;

	if (((u64)addr | len) & (MXA_DEV_PAGE_SIZE - 1))
		return false;
	return !check_add_overflow((u64)addr, len, &end) &&
	       end <= (1ull << bits);
}

static inline void mxa_vm_get(struct mxa_vm *vm)
{
	kref_get(&vm->ref);
}

static inline u32 mxa_read(struct mxa_device *mdev, u32 reg)
{
	return mdev->bus->ops->reg_read(mdev->bus, reg);
}

static inline void mxa_write(struct mxa_device *mdev, u32 reg, u32 value)
{
	mdev->bus->ops->reg_write(mdev->bus, reg, value);
}

/* mxa_ring.c: the command ring and the hardware's state */
int mxa_ring_init(struct mxa_device *mdev);
void mxa_ring_fini(struct mxa_device *mdev);
void mxa_ring_run(struct mxa_device *mdev, struct mxa_job *job);
bool mxa_ring_recover(struct mxa_device *mdev, struct mxa_job *bad);

/* mxa_vm.c: device address spaces */
struct mxa_vm *mxa_vm_create(struct mxa_device *mdev);
void mxa_vm_put(struct mxa_vm *vm);
int mxa_vm_map_bo(struct mxa_vm *vm, struct mxa_bo *bo);
void mxa_vm_unmap_bo(struct mxa_vm *vm, struct mxa_bo *bo);
struct mxa_mapping *mxa_vm_mapping_get(struct mxa_vm *vm, struct mxa_bo *bo);
void mxa_mapping_put(struct mxa_mapping *map);
void mxa_vm_unplug(struct mxa_device *mdev);

/* mxa_gem.c: buffers */
struct drm_gem_object *mxa_gem_create_object(struct drm_device *drm,
					     size_t size);
struct drm_gem_object *mxa_gem_prime_import(struct drm_device *drm,
					    struct dma_buf *dma_buf);
int mxa_ioctl_bo_create(struct drm_device *drm, void *data,
			struct drm_file *file);
int mxa_ioctl_bo_mmap_offset(struct drm_device *drm, void *data,
			     struct drm_file *file);
int mxa_ioctl_bo_info(struct drm_device *drm, void *data,
		      struct drm_file *file);
int mxa_ioctl_bo_wait(struct drm_device *drm, void *data,
		      struct drm_file *file);
void mxa_bo_unplug(struct mxa_device *mdev);

/* mxa_job.c: jobs through the GPU scheduler */
int mxa_sched_setup(struct mxa_device *mdev);
int mxa_ioctl_submit(struct drm_device *drm, void *data,
		     struct drm_file *file);
void mxa_job_end(struct mxa_device *mdev, struct mxa_job *job, int error);

/* mxa_validate.c: a uAPI job to a hardware descriptor */
int mxa_job_validate(struct mxa_device *mdev, const struct drm_mxa_job *uj,
		     struct mxa_job *job, u32 index);

/* mxa_debugfs.c */
void mxa_debugfs_init(struct mxa_device *mdev);
void mxa_debugfs_fini(struct mxa_device *mdev);

/* mxa_platform.c */
extern struct platform_driver mxa_platform_driver;

#endif /* MXA_DRV_H */
