// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* drm_sched_start() takes the scheduler only (no recovery argument). */
#include <drm/gpu_scheduler.h>

void mxa_probe(struct drm_gpu_scheduler *sched);
void mxa_probe(struct drm_gpu_scheduler *sched)
{
	drm_sched_start(sched);
}
