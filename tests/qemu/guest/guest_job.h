/* SPDX-License-Identifier: MIT */
/*
 * guest_job.h - matmul jobs of the guest tests, checked bit for bit against
 * the emulator: random operands for a job's shape and modes, the D the
 * emulator computes from those bytes, and the same bytes run on the device,
 * through libmxa (mxa_device_open("drm")) or through the raw uAPI.
 */
#ifndef MXA_GUEST_JOB_H
#define MXA_GUEST_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "common/test_util.h"
#include "mxa.h"
#include "uapi/drm/mxa_accel.h"

/* The operands of a job, in the order of the uAPI's struct drm_mxa_job. */
enum { G_A, G_B, G_AS, G_BS, G_C, G_D, G_OPS };

/* A job's shape and modes. */
struct g_plan {
	uint32_t m, n, k;
	enum mxa_format a_format, b_format, out_format;
	enum mxa_scale_mode scale;
	uint32_t block_size;	/* MX, NV: 0 = the mode's own */
	enum mxa_acc acc;
	uint32_t acc_bits, acc_interval;	/* TRUNC only */
	float a_tensor_scale, b_tensor_scale;	/* NV only; 0 for none */
	int has_c;
};

/*
 * The bytes of a job: each operand as packed rows (stride = row bytes),
 * and D as the emulator computes it. Unused operands have length 0.
 */
struct g_data {
	struct g_plan plan;
	uint8_t *bytes[G_OPS];
	size_t len[G_OPS];
	uint64_t stride[G_OPS];
};

/*
 * A plan of @a_format x @b_format with every other choice random among
 * what @info supports, M, N up to @max_mn and K up to @max_k (both capped
 * by the device's limits).
 */
void g_plan_random(struct g_plan *p, const struct mxa_device_info *info,
		   enum mxa_format a_format, enum mxa_format b_format,
		   uint32_t max_mn, uint32_t max_k, struct t_rng *rng);
/* A plan's name for messages: "e4m3 x e2m1 16x8x64 mx trunc(14,32) +C bf16". */
const char *g_plan_name(const struct g_plan *p, char *buf, size_t size);
/* The plan's block size along K: block_size, or its scale mode's. */
unsigned g_plan_block(const struct g_plan *p);

/* Random operands for @p and the D of the emulator @emu. */
int g_data_make(struct g_data *d, const struct g_plan *p,
		struct mxa_device *emu, struct t_rng *rng);
void g_data_free(struct g_data *d);
/* Replaces C (the plan must have one) and recomputes the emulator's D. */
int g_data_set_c(struct g_data *d, const void *c, struct mxa_device *emu);
/* Compares @got (D as the device wrote it) with d's D; prints the first
 * difference under @what. Returns 0 when equal. */
int g_data_check(const struct g_data *d, const void *got, const char *what);

/* ------------------------------------------------------------ libmxa */

struct g_lib_job {
	struct mxa_buffer *buf[G_OPS];
	struct mxa_matmul mm;
	struct mxa_fence *fence;
};

/* Buffers of @dev holding d's operands; D filled with a pattern. */
int g_lib_job_make(struct g_lib_job *j, struct mxa_device *dev,
		   const struct g_data *d);
int g_lib_job_submit(struct g_lib_job *j, struct mxa_device *dev);
/*
 * Waits for the job (up to @timeout_ms), compares its D and checks the
 * statistics of its completion record: cycles, bytes read and written, and
 * M x N x K multiply-accumulates.
 */
int g_lib_job_check(struct g_lib_job *j, const struct g_data *d,
		    int timeout_ms, const char *what);
void g_lib_job_free(struct g_lib_job *j);

/*
 * What most tests start with: the drm device's @info through libmxa (the
 * device is closed again) and the emulator in @emu. 0, or -1 with
 * libmxa's message printed.
 */
int g_info_and_emu(struct mxa_device_info *info, struct mxa_device **emu);

/* Makes, runs and checks one job of @p on @dev: 0 when D is right. */
int g_lib_run_check(struct mxa_device *dev, struct mxa_device *emu,
		    const struct g_plan *p, struct t_rng *rng, const char *what);

/* ------------------------------------------------------------ raw uAPI */

/* One buffer per operand used, created with DRM_IOCTL_MXA_BO_CREATE. */
struct g_raw_job {
	int fd;
	uint32_t handle[G_OPS];
	void *map[G_OPS];
	size_t size[G_OPS];
	uint32_t bos[G_OPS];	/* handles in order of index */
	uint32_t bo_count;
	struct drm_mxa_job job;
};

/*
 * Buffers of the file @fd holding d's operands, D filled with a pattern,
 * and the uAPI job naming them. @d_flags: DRM_MXA_BO_* of D's buffer.
 */
int g_raw_job_make(struct g_raw_job *j, int fd, const struct g_data *d,
		   uint32_t d_flags);
/* Writes d's operands into the buffers again and D's pattern. */
void g_raw_job_reset(struct g_raw_job *j, const struct g_data *d);
/* Compares the D buffer with d's D. */
int g_raw_job_check(const struct g_raw_job *j, const struct g_data *d,
		    const char *what);
/* 1 when D still holds the pattern g_raw_job_make() filled it with. */
int g_raw_job_d_untouched(const struct g_raw_job *j);
void g_raw_job_free(struct g_raw_job *j);

#endif /* MXA_GUEST_JOB_H */
