// SPDX-License-Identifier: MIT
/*
 * drm_job.c - a library job as the job of mxa.ko's uAPI (struct
 * drm_mxa_job): the fields of the hardware's command descriptor
 * (docs/hw-interface.md, section 5) with operands named by buffer index.
 * Defaults are resolved here, as the emulator resolves them, so the device
 * computes what the emulator computes.
 */
#include <errno.h>
#include <string.h>

#include "../include/mxa_hw.h"
#include "drm_priv.h"

static const uint8_t hw_scale[] = {
	[MXA_SCALE_NONE] = MXA_HW_SCALE_NONE,
	[MXA_SCALE_MX] = MXA_HW_SCALE_MX,
	[MXA_SCALE_NV] = MXA_HW_SCALE_NV,
};

static const uint8_t hw_acc[] = {
	[MXA_ACC_FP32] = MXA_HW_ACC_FP32,
	[MXA_ACC_TRUNC] = MXA_HW_ACC_TRUNC,
	[MXA_ACC_EXACT] = MXA_HW_ACC_EXACT,
};

/* The index of @buf in @bos, appended when it is not there yet. */
static uint32_t bo_index(struct mxa_buffer *buf,
			 struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
			 uint32_t *count)
{
	uint32_t i;

	for (i = 0; i < *count; i++)
		if (bos[i] == buf)
			return i;
	bos[(*count)++] = buf;
	return i;
}

/*
 * One operand of rows of @row_bytes bytes. @align: what the device needs
 * its offset and stride to be multiples of (C and D rows hold whole
 * elements); 1 for byte-addressed operands.
 */
static int operand(const char *what, const struct mxa_operand *op,
		   uint64_t row_bytes, unsigned align,
		   struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
		   uint32_t *bo_count, struct drm_mxa_operand *out)
{
	uint64_t stride = op->stride ? op->stride : row_bytes;

	if (stride > UINT32_MAX)
		return mxa__error(EINVAL,
				  "%s: stride %llu: the device takes strides below 2^32",
				  what, (unsigned long long)stride);
	if (op->offset % align || stride % align)
		return mxa__error(EINVAL,
				  "%s: offset %llu and stride %llu must be multiples of %u on this device",
				  what, (unsigned long long)op->offset,
				  (unsigned long long)stride, align);
	out->bo = bo_index(op->buf, bos, bo_count);
	out->pad = 0;
	out->offset = op->offset;
	out->stride = stride;
	return 0;
}

int mxa__drm_job_from_matmul(const struct mxa_matmul *mm,
			     const struct mxa_device_info *info,
			     struct drm_mxa_job *job,
			     struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
			     uint32_t *bo_count)
{
	uint64_t nb = (mm->k + mxa_block_size(mm->scale) - 1) /
		      mxa_block_size(mm->scale);
	unsigned out_bytes = (unsigned)mxa_hw_fmt_bits(mm->out_format) / 8;
	int ret;

	memset(job, 0, sizeof(*job));
	*bo_count = 0;
	job->m = mm->m;
	job->n = mm->n;
	job->k = mm->k;
	job->a_format = (uint8_t)mm->a_format;
	job->b_format = (uint8_t)mm->b_format;
	job->scale_mode = hw_scale[mm->scale];
	job->acc_mode = hw_acc[mm->acc];
	job->out_format = (uint8_t)mm->out_format;

	if (mm->acc == MXA_ACC_TRUNC) {
		uint32_t w = mm->acc_bits ? mm->acc_bits :
			     MXA_TRUNC_DEFAULT_BITS;

		if (info->trunc_w_max &&
		    (w < info->trunc_w_min || w > info->trunc_w_max))
			return mxa__error(EINVAL,
					  "trunc accumulator bits %u outside this device's %u..%u",
					  w, info->trunc_w_min,
					  info->trunc_w_max);
		job->trunc_w = (uint8_t)w;
		job->trunc_n = mm->acc_interval ? mm->acc_interval :
			       MXA_TRUNC_DEFAULT_INTERVAL;
	}
	if (mm->scale == MXA_SCALE_NV) {
		job->a_tensor_scale = mxa__tensor_scale_bits(mm->a_tensor_scale);
		job->b_tensor_scale = mxa__tensor_scale_bits(mm->b_tensor_scale);
	}

	ret = operand("A", &mm->a, mxa__row_bytes(mm->a_format, mm->k), 1, bos,
		      bo_count, &job->a);
	if (!ret)
		ret = operand("B", &mm->b, mxa__row_bytes(mm->b_format, mm->k),
			      1, bos, bo_count, &job->b);
	if (!ret && mm->scale != MXA_SCALE_NONE) {
		ret = operand("A scales", &mm->a_scale, nb, 1, bos, bo_count,
			      &job->a_scale);
		if (!ret)
			ret = operand("B scales", &mm->b_scale, nb, 1, bos,
				      bo_count, &job->b_scale);
	}
	if (!ret && mm->c.buf) {
		job->flags |= DRM_MXA_JOB_HAS_C;
		ret = operand("C", &mm->c, 4ull * mm->n, 4, bos, bo_count,
			      &job->c);
	}
	if (!ret)
		ret = operand("D", &mm->d,
			      mxa__row_bytes(mm->out_format, mm->n), out_bytes,
			      bos, bo_count, &job->d);
	return ret;
}
