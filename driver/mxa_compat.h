/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mxa_compat.h - the differences between the kernels mxa.ko is built
 * against (Debian's 6.1 and 6.12 are tested), in one place.
 *
 * Version numbers say little here: distribution kernels carry backports
 * (Debian's 6.1 has the drm_sched_init_args of 6.15, its 6.12 the
 * drm_sched_job_init() of 6.17). So every difference is decided by a probe
 * that driver/kbuild.sh compiles against the kernel's own headers
 * (driver/probes/probe_<name>.c gives MXA_HAVE_<NAME> in mxa_probes.h).
 * A kernel matching neither variant of a probe fails to compile at the
 * call below, against the kernel's prototype.
 */
#ifndef MXA_COMPAT_H
#define MXA_COMPAT_H

#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_prime.h>
#include <drm/gpu_scheduler.h>

#include "mxa_probes.h"

/*
 * The node: /dev/accel/accelN where the accel subsystem exists, a render
 * node (/dev/dri/renderD*) before it.
 */
#if MXA_HAVE_DRM_ACCEL
#include <drm/drm_accel.h>
#define MXA_DRIVER_NODE			DRIVER_COMPUTE_ACCEL
#define MXA_DEFINE_FOPS(name)		DEFINE_DRM_ACCEL_FOPS(name)
#else
#define MXA_DRIVER_NODE			DRIVER_RENDER
#define MXA_DEFINE_FOPS(name)		DEFINE_DRM_GEM_FOPS(name)
#endif

/*
 * Until the core took PRIME over, a driver named the helpers itself: the
 * handle/fd conversions, and mmap() of an exported dma-buf.
 */
#if MXA_HAVE_DRIVER_PRIME_CALLBACKS
#define MXA_DRIVER_PRIME_CALLBACKS					\
	.prime_handle_to_fd = drm_gem_prime_handle_to_fd,		\
	.prime_fd_to_handle = drm_gem_prime_fd_to_handle,		\
	.gem_prime_mmap = drm_gem_prime_mmap,
#else
#define MXA_DRIVER_PRIME_CALLBACKS
#endif

/* platform_driver: a remove() returning void is .remove, or .remove_new. */
#if MXA_HAVE_PLATFORM_REMOVE_VOID
#define MXA_PLATFORM_REMOVE(fn)		.remove = (fn)
#else
#define MXA_PLATFORM_REMOVE(fn)		.remove_new = (fn)
#endif

static inline int mxa_sched_init(struct drm_gpu_scheduler *sched,
				 const struct drm_sched_backend_ops *ops,
				 u32 credit_limit, long timeout,
				 const char *name, struct device *dev)
{
#if MXA_HAVE_SCHED_INIT_ARGS
	struct drm_sched_init_args args = {
		.ops = ops,
		.credit_limit = credit_limit,
		.timeout = timeout,
		.name = name,
		.dev = dev,
#if MXA_HAVE_SCHED_INIT_NUM_RQS
		.num_rqs = DRM_SCHED_PRIORITY_COUNT,
#endif
	};

	return drm_sched_init(sched, &args);
#else
	/* No hang limit, the system timeout workqueue, no shared score. */
	return drm_sched_init(sched, ops, credit_limit, 0, timeout, NULL,
			      NULL, name, dev);
#endif
}

/* Every mxa job costs one credit: the ring is sized in whole submissions. */
static inline int mxa_sched_job_init(struct drm_sched_job *job,
				     struct drm_sched_entity *entity,
				     struct drm_file *file)
{
#if MXA_HAVE_SCHED_JOB_INIT_CLIENT_ID
	return drm_sched_job_init(job, entity, 1, file, file->client_id);
#else
	return drm_sched_job_init(job, entity, file);
#endif
}

/* Restarts a stopped scheduler, re-arming the callbacks of its jobs. */
static inline void mxa_sched_start(struct drm_gpu_scheduler *sched)
{
#if MXA_HAVE_SCHED_START_ONE_ARG
	drm_sched_start(sched);
#else
	drm_sched_start(sched, true);
#endif
}

/*
 * Tears an entity down once no job of it is in the scheduler's hands.
 * Before 6.2 (Debian's 6.1), drm_sched_entity_fini() waits for the
 * scheduler to leave the entity only while jobs are still queued on it:
 * the scheduler's thread, having just taken the last one, may complete
 * entity->entity_idle after the entity's owner has freed it (the guest
 * fuzzer's close of a file with a job in flight oopsed in complete(),
 * called from drm_sched_main()). Parked, at the top of its loop, that
 * thread holds no entity, so fini runs with it parked. Later kernels
 * always wait (drm_sched_entity_kill()) and have no thread. @park_lock
 * keeps this apart from the time-out handler's drm_sched_stop(), which
 * parks the thread too.
 */
static inline void mxa_sched_entity_destroy(struct drm_gpu_scheduler *sched,
					    struct drm_sched_entity *entity,
					    struct mutex *park_lock)
{
#if MXA_HAVE_SCHED_THREAD
	drm_sched_entity_flush(entity, MAX_WAIT_SCHED_ENTITY_Q_EMPTY);
	mutex_lock(park_lock);
	kthread_park(sched->thread);
	drm_sched_entity_fini(entity);
	kthread_unpark(sched->thread);
	mutex_unlock(park_lock);
#else
	drm_sched_entity_destroy(entity);
#endif
}

/*
 * The device's debugfs directory: its own where drm_device has one (the
 * only one an accel device has), else that of its primary minor.
 */
static inline struct dentry *mxa_debugfs_parent(struct drm_device *drm)
{
#if MXA_HAVE_DRM_DEVICE_DEBUGFS_ROOT
	return drm->debugfs_root;
#else
	return drm->primary->debugfs_root;
#endif
}

#endif /* MXA_COMPAT_H */
