/* SPDX-License-Identifier: MIT */
/*
 * drm_priv.h - what the drm backend's files share: finding and opening the
 * device node of mxa.ko, and turning a library job into the job of the
 * uAPI (include/uapi/drm/mxa_accel.h).
 */
#ifndef MXA_DRM_PRIV_H
#define MXA_DRM_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "../include/uapi/drm/mxa_accel.h"
#include "mxa_priv.h"

/* The name mxa.ko gives its DRM driver (DRM_IOCTL_VERSION). */
#define MXA__DRM_DRIVER_NAME "mxa"

/* Where device nodes live; the finder takes them as arguments for tests. */
#define MXA__DRM_DRI_DIR "/dev/dri"
#define MXA__DRM_ACCEL_DIR "/dev/accel"

/* Operands of a job: A, B, their scales, C and D. */
#define MXA__DRM_MAX_OPERANDS 6

/*
 * mxa__drm_open_node() - opens @path read-write and checks that it is a
 * DRM node of the mxa driver. Returns 0 with *@fd open, -ENOENT (or the
 * errno of open()) when it cannot be opened, -ENODEV when it is not a DRM
 * node or belongs to another driver (the message names that driver).
 */
int mxa__drm_open_node(const char *path, int *fd);

/*
 * mxa__drm_find() - opens the first mxa node: the render nodes libdrm
 * enumerates plus any other renderD* in @dri_dir, then the accel nodes
 * (accel*) in @accel_dir, each in order of its number. Returns 0 with *@fd
 * open and its path in @path, or -ENODEV with a message saying how many
 * nodes were looked at.
 */
int mxa__drm_find(const char *dri_dir, const char *accel_dir, int *fd,
		  char *path, size_t path_size);

/*
 * mxa__drm_job_from_matmul() - the uAPI job of a library job that passed
 * mxa_matmul_validate(): its parameters as resolved and checked (@rj->p:
 * hardware codes, TRUNC defaults, tensor scales as binary32 bits, the
 * block size), strides resolved (0 = packed rows). Operands name their
 * buffers by index into @bos, which
 * receives the distinct buffers in order of first use (A, B, A scales,
 * B scales, C, D); *@bo_count their number. Returns 0 or -EINVAL for what
 * the uAPI cannot express or the device does not support.
 */
int mxa__drm_job_from_matmul(const struct mxa__job *rj,
			     struct drm_mxa_job *job,
			     struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
			     uint32_t *bo_count);

#endif /* MXA_DRM_PRIV_H */
