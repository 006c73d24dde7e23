// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * drm_sched_init() takes its parameters in a struct drm_sched_init_args
 * (6.15, and Debian's later 6.1 kernels by backport), not one by one as
 * in bookworm's 6.1.0-50.
 */
#include <drm/gpu_scheduler.h>

int mxa_probe(struct drm_gpu_scheduler *sched);
int mxa_probe(struct drm_gpu_scheduler *sched)
{
	struct drm_sched_init_args args = { .name = "mxa" };

	return drm_sched_init(sched, &args);
}
