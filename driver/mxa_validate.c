// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_validate.c - one job of DRM_IOCTL_MXA_SUBMIT checked against the
 * device's capability registers and the buffers it names, and turned into
 * a command descriptor. The rules are the device's own (docs/hw-interface.md
 * section 5.1: no descriptor the driver writes ends with BAD_DESC), plus
 * what only the driver can check: every byte a job touches lies inside one
 * of the file's buffers, and D lies in a writable one without overlapping
 * an input. The rules of the job's parameters are the ones the library
 * checks too (mxa_job_rules.h); packed row sizes are those of
 * docs/numerics.md section 6 (mxa_hw_fmt_row_bytes()).
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <drm/drm_print.h>
#include <drm/mxa_accel.h>

#include "mxa_drv.h"

/* The bytes [start, end) of buffer @bo an operand covers. */
struct mxa_extent {
	u32 bo;
	u64 start;
	u64 end;
};

#define mxa_invalid(mdev, fmt, ...) ({					\
	drm_dbg((mdev)->drm, "submit: " fmt "\n", ##__VA_ARGS__);	\
	-EINVAL;							\
})

/*
 * Checks operand @name of @rows rows of @row_bytes bytes, whose address
 * and stride must be multiples of @align (a power of two: masks, no 64-bit
 * division, which 32-bit kernels lack), and gives its device address and
 * extent.
 */
static int mxa_operand(struct mxa_device *mdev, const struct mxa_job *job,
		       const char *name, const struct drm_mxa_operand *op,
		       u64 rows, u64 row_bytes, u32 align, u64 *addr,
		       struct mxa_extent *ext)
{
	u64 end, size;

	if (op->pad)
		return mxa_invalid(mdev, "%s: pad is not zero", name);
	if (op->bo >= job->bo_count)
		return mxa_invalid(mdev, "%s: buffer index %u of %u", name,
				   op->bo, job->bo_count);
	if (op->stride < row_bytes || op->stride > U32_MAX ||
	    !IS_ALIGNED(op->stride, align))
		return mxa_invalid(mdev, "%s: stride %llu for rows of %llu bytes",
				   name, op->stride, row_bytes);
	size = job->bos[op->bo]->size;
	if (check_mul_overflow(rows - 1, op->stride, &end) ||
	    check_add_overflow(end, row_bytes, &end) ||
	    check_add_overflow(end, op->offset, &end) || end > size)
		return mxa_invalid(mdev, "%s: rows %llu stride %llu offset %llu: past %llu bytes",
				   name, rows, op->stride, op->offset, size);
	*addr = job->maps[op->bo]->node.start + op->offset;
	if (!IS_ALIGNED(*addr, align))
		return mxa_invalid(mdev, "%s: not %u-byte aligned", name, align);
	ext->bo = op->bo;
	ext->start = op->offset;
	ext->end = end;
	return 0;
}

static bool mxa_unused(const struct drm_mxa_operand *op)
{
	return !memchr_inv(op, 0, sizeof(*op));
}

static bool mxa_overlap(const struct mxa_extent *x, const struct mxa_extent *y)
{
	return x->bo == y->bo && x->start < y->end && y->start < x->end;
}

/*
 * Formats, modes and their parameters, by the rules the library shares
 * (mxa_job_rules.h); fills those descriptor fields and gives the job's
 * block size.
 */
static int mxa_modes(struct mxa_device *mdev, const struct drm_mxa_job *uj,
		     u32 *block, struct mxa_hw_desc *desc)
{
	struct mxa_job_params p = {
		.m = uj->m, .n = uj->n, .k = uj->k,
		.a_fmt = uj->a_format, .b_fmt = uj->b_format,
		.scale_mode = uj->scale_mode, .acc_mode = uj->acc_mode,
		.out_fmt = uj->out_format, .block = uj->block_size,
		.trunc_w = uj->trunc_w, .trunc_n = uj->trunc_n,
		.a_tscale = uj->a_tensor_scale, .b_tscale = uj->b_tensor_scale,
	};
	struct mxa_job_verdict v;
	char text[160];

	if (mxa_job_check(&mdev->limits, &p, &v)) {
		snprintf(text, sizeof(text), mxa_job_rule_text(v.rule),
			 v.v[0], v.v[1], v.v[2]);
		return mxa_invalid(mdev, "%s", text);
	}
	*block = mxa_job_block(&mdev->limits, &p);

	desc->m = cpu_to_le32(uj->m);
	desc->n = cpu_to_le32(uj->n);
	desc->k = cpu_to_le32(uj->k);
	desc->a_fmt = uj->a_format;
	desc->b_fmt = uj->b_format;
	desc->scale_mode = uj->scale_mode;
	desc->acc_mode = uj->acc_mode;
	desc->out_fmt = uj->out_format;
	desc->block = uj->block_size;
	desc->trunc_w = uj->trunc_w;
	desc->trunc_n = cpu_to_le32(uj->trunc_n);
	desc->a_tscale = cpu_to_le32(uj->a_tensor_scale);
	desc->b_tscale = cpu_to_le32(uj->b_tensor_scale);
	return 0;
}

int mxa_job_validate(struct mxa_device *mdev, const struct drm_mxa_job *uj,
		     struct mxa_job *job, u32 index)
{
	struct mxa_hw_desc *desc = &job->desc[index];
	struct mxa_extent in[5], d;
	bool has_c = uj->flags & DRM_MXA_JOB_HAS_C;
	bool scaled = uj->scale_mode != MXA_HW_SCALE_NONE;
	u32 out_size, block, n_in = 0, i;
	u64 addr, k_blocks;
	int ret;

	memset(desc, 0, sizeof(*desc));
	if (uj->flags & ~DRM_MXA_JOB_HAS_C)
		return mxa_invalid(mdev, "unknown job flags %#x", uj->flags);
	if (uj->pad || uj->pad2)
		return mxa_invalid(mdev, "pad is not zero");
	ret = mxa_modes(mdev, uj, &block, desc);
	if (ret)
		return ret;

	desc->opcode = cpu_to_le16(MXA_HW_OP_MATMUL);
	desc->flags = cpu_to_le16(has_c ? MXA_DESC_FLAGS_HAS_C_MASK : 0);

	ret = mxa_operand(mdev, job, "A", &uj->a, uj->m,
			  mxa_hw_fmt_row_bytes(uj->a_format, uj->k), 1, &addr,
			  &in[n_in++]);
	if (ret)
		return ret;
	desc->a_addr = cpu_to_le64(addr);
	desc->a_stride = cpu_to_le32(uj->a.stride);
	ret = mxa_operand(mdev, job, "B", &uj->b, uj->n,
			  mxa_hw_fmt_row_bytes(uj->b_format, uj->k), 1, &addr,
			  &in[n_in++]);
	if (ret)
		return ret;
	desc->b_addr = cpu_to_le64(addr);
	desc->b_stride = cpu_to_le32(uj->b.stride);

	if (scaled) {
		k_blocks = DIV_ROUND_UP(uj->k, block);
		ret = mxa_operand(mdev, job, "A scales", &uj->a_scale, uj->m,
				  k_blocks, 1, &addr, &in[n_in++]);
		if (ret)
			return ret;
		desc->sa_addr = cpu_to_le64(addr);
		desc->sa_stride = cpu_to_le32(uj->a_scale.stride);
		ret = mxa_operand(mdev, job, "B scales", &uj->b_scale, uj->n,
				  k_blocks, 1, &addr, &in[n_in++]);
		if (ret)
			return ret;
		desc->sb_addr = cpu_to_le64(addr);
		desc->sb_stride = cpu_to_le32(uj->b_scale.stride);
	} else if (!mxa_unused(&uj->a_scale) || !mxa_unused(&uj->b_scale)) {
		return mxa_invalid(mdev, "scale operands without a scale mode");
	}

	if (has_c) {
		ret = mxa_operand(mdev, job, "C", &uj->c, uj->m, 4ull * uj->n,
				  4, &addr, &in[n_in++]);
		if (ret)
			return ret;
		desc->c_addr = cpu_to_le64(addr);
		desc->c_stride = cpu_to_le32(uj->c.stride);
	} else if (!mxa_unused(&uj->c)) {
		return mxa_invalid(mdev, "operand C without DRM_MXA_JOB_HAS_C");
	}

	out_size = mxa_hw_fmt_bits(uj->out_format) / 8;
	ret = mxa_operand(mdev, job, "D", &uj->d, uj->m,
			  (u64)out_size * uj->n, out_size, &addr, &d);
	if (ret)
		return ret;
	desc->d_addr = cpu_to_le64(addr);
	desc->d_stride = cpu_to_le32(uj->d.stride);
	/*
	 * D in a read-only buffer is let through on purpose: its pages are
	 * mapped without the write bit, so the device MMU stops the job with
	 * a fault before a byte is written, as the uAPI promises.
	 */
	for (i = 0; i < n_in; i++)
		if (mxa_overlap(&d, &in[i]))
			return mxa_invalid(mdev, "D overlaps an input");
	job->written |= BIT_ULL(d.bo);
	job->dev_written |= BIT_ULL(d.bo);
	return 0;
}
