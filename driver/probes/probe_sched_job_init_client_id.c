// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* drm_sched_job_init() takes credits, owner and the file's client id. */
#include <drm/drm_file.h>
#include <drm/gpu_scheduler.h>

int mxa_probe(struct drm_sched_job *job, struct drm_sched_entity *entity,
	      struct drm_file *file);
int mxa_probe(struct drm_sched_job *job, struct drm_sched_entity *entity,
	      struct drm_file *file)
{
	return drm_sched_job_init(job, entity, 1, NULL, file->client_id);
}
