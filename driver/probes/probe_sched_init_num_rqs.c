// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* drm_sched_init_args has num_rqs (the scheduler allocates its run queues). */
#include <drm/gpu_scheduler.h>

int mxa_probe(struct drm_gpu_scheduler *sched);
int mxa_probe(struct drm_gpu_scheduler *sched)
{
	struct drm_sched_init_args args = { .num_rqs = 1 };

	return drm_sched_init(sched, &args);
}
