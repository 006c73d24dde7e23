// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* The scheduler runs in a kthread of its own (before the workqueues). */
#include <drm/gpu_scheduler.h>
#include <linux/kthread.h>

void mxa_probe(struct drm_gpu_scheduler *sched);
void mxa_probe(struct drm_gpu_scheduler *sched)
{
	kthread_park(sched->thread);
	kthread_unpark(sched->thread);
}
