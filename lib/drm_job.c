// SPDX-License-Identifier: MIT
/*
 * drm_job.c - a library job as the job of mxa.ko's uAPI (struct
 * drm_mxa_job): the fields of the hardware's command descriptor
 * (docs/hw-interface.md, section 5) with operands named by buffer index.
 * The fields are the job's parameters as the library resolved and checked
 * them (mxa__job_params(), mxa_job_rules.h), so the device computes what
 * the emulator computes.
 */
#include <errno.h>
#include <string.h>

#include "../include/mxa_hw.h"
#include "drm_priv.h"

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

int mxa__drm_job_from_matmul(const struct mxa__job *rj,
			     struct drm_mxa_job *job,
			     struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
			     uint32_t *bo_count)
{
	const struct mxa_matmul *mm = rj->desc;
	const struct mxa_job_params *p = &rj->p;
	uint64_t nb = (p->k + rj->block - 1) / rj->block;
	unsigned out_bytes = (unsigned)mxa_hw_fmt_bits(p->out_fmt) / 8;
	int ret;

	/* The fields the job rules checked, as they checked them. */
	memset(job, 0, sizeof(*job));
	*bo_count = 0;
	job->m = p->m;
	job->n = p->n;
	job->k = p->k;
	job->a_format = p->a_fmt;
	job->b_format = p->b_fmt;
	job->scale_mode = p->scale_mode;
	job->acc_mode = p->acc_mode;
	job->out_format = p->out_fmt;
	job->block_size = p->block;
	job->trunc_w = (uint8_t)p->trunc_w;
	job->trunc_n = p->trunc_n;
	job->a_tensor_scale = p->a_tscale;
	job->b_tensor_scale = p->b_tscale;

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
