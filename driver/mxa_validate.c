// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_validate.c - one job of DRM_IOCTL_MXA_SUBMIT checked against the
 * device's capability registers and the buffers it names, and turned into
 * a command descriptor. The rules are the device's own (docs/hw-interface.md
 * section 5.1: no descriptor the driver writes ends with BAD_DESC), plus
 * what only the driver can check: every byte a job touches lies inside one
 * of the file's buffers, and D lies in a writable one without overlapping
 * an input. Packed row sizes are those of docs/numerics.md section 6.
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
 * Bytes of a packed row of @k elements of operand format @fmt: a dense bit
 * string (docs/numerics.md section 6), with bits from the format table.
 */
static u64 mxa_row_bytes(u8 fmt, u64 k)
{
	return DIV_ROUND_UP(k * mxa_hw_fmt_bits(fmt), 8);
}

/* An element format CAP_FORMATS lists. */
static bool mxa_elem_format_ok(const struct mxa_caps *caps, u8 fmt)
{
	return mxa_hw_fmt_role(fmt) == MXA_HW_FMT_ROLE_ELEMENT &&
	       (mxa_cap(caps, CAP_FORMATS) & BIT(fmt - MXA_HW_FMT_ELEMENT_FIRST));
}

/* An output format CAP_FORMATS_SO.OUT lists. */
static bool mxa_out_format_ok(const struct mxa_caps *caps, u8 fmt)
{
	u32 out = MXA_HW_GET(MXA_REG_CAP_FORMATS_SO_OUT,
			     mxa_cap(caps, CAP_FORMATS_SO));

	return mxa_hw_fmt_role(fmt) == MXA_HW_FMT_ROLE_OUTPUT &&
	       (out & BIT(fmt - MXA_HW_FMT_OUTPUT_FIRST));
}

/* A per-tensor scale: 0 (none), or a positive finite binary32. */
static bool mxa_tensor_scale_ok(u32 bits)
{
	return !(bits >> 31) && ((bits >> 23) & 0xff) != 0xff;
}

/*
 * Checks operand @name of @rows rows of @row_bytes bytes, whose address
 * and stride must be multiples of @align, and gives its device address
 * and extent.
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
	    op->stride % align)
		return mxa_invalid(mdev, "%s: stride %llu for rows of %llu bytes",
				   name, op->stride, row_bytes);
	size = job->bos[op->bo]->size;
	if (check_mul_overflow(rows - 1, op->stride, &end) ||
	    check_add_overflow(end, row_bytes, &end) ||
	    check_add_overflow(end, op->offset, &end) || end > size)
		return mxa_invalid(mdev, "%s: rows %llu stride %llu offset %llu: past %llu bytes",
				   name, rows, op->stride, op->offset, size);
	*addr = job->maps[op->bo]->node.start + op->offset;
	if (*addr % align)
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

/* Formats, modes and their parameters; fills those descriptor fields. */
static int mxa_modes(struct mxa_device *mdev, const struct drm_mxa_job *uj,
		     u32 *block, struct mxa_hw_desc *desc)
{
	const struct mxa_caps *caps = &mdev->caps;
	u32 w_min = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MIN, mxa_cap(caps, CAP_TRUNC));
	u32 w_max = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MAX, mxa_cap(caps, CAP_TRUNC));

	if (!mxa_elem_format_ok(caps, uj->a_format) ||
	    !mxa_elem_format_ok(caps, uj->b_format))
		return mxa_invalid(mdev, "operand formats %u, %u not supported",
				   uj->a_format, uj->b_format);
	if (uj->scale_mode > MXA_HW_SCALE_NV ||
	    !(mxa_cap(caps, CAP_MODES) & MXA_REG_CAP_MODES_SCALE_MASK & BIT(uj->scale_mode)))
		return mxa_invalid(mdev, "scale mode %u not supported",
				   uj->scale_mode);
	if (uj->acc_mode > MXA_HW_ACC_EXACT ||
	    !(mxa_cap(caps, CAP_MODES) & MXA_REG_CAP_MODES_ACC_MASK &
	      BIT(MXA_REG_CAP_MODES_ACC_SHIFT + uj->acc_mode)))
		return mxa_invalid(mdev, "accumulation mode %u not supported",
				   uj->acc_mode);
	if (uj->acc_mode == MXA_HW_ACC_EXACT &&
	    uj->scale_mode != MXA_HW_SCALE_NONE)
		return mxa_invalid(mdev, "exact accumulation needs scale mode none");
	if (!mxa_out_format_ok(caps, uj->out_format))
		return mxa_invalid(mdev, "output format %u not supported",
				   uj->out_format);

	*block = (mxa_cap(caps, CAP_BLOCK) >> (8 * uj->scale_mode)) & 0xff;
	if (!*block)
		return mxa_invalid(mdev, "no block size for scale mode %u",
				   uj->scale_mode);
	if (uj->acc_mode == MXA_HW_ACC_TRUNC) {
		if (uj->trunc_w < w_min || uj->trunc_w > w_max)
			return mxa_invalid(mdev, "trunc_w %u outside %u..%u",
					   uj->trunc_w, w_min, w_max);
		if (uj->trunc_n < *block || uj->trunc_n > MXA_HW_TRUNC_N_MAX ||
		    uj->trunc_n % *block)
			return mxa_invalid(mdev, "trunc_n %u is not a multiple of %u up to %u",
					   uj->trunc_n, *block,
					   MXA_HW_TRUNC_N_MAX);
	} else if (uj->trunc_w || uj->trunc_n) {
		return mxa_invalid(mdev, "trunc_w and trunc_n without trunc accumulation");
	}
	if (uj->scale_mode == MXA_HW_SCALE_NV) {
		if (!mxa_tensor_scale_ok(uj->a_tensor_scale) ||
		    !mxa_tensor_scale_ok(uj->b_tensor_scale))
			return mxa_invalid(mdev, "tensor scales must be positive and finite");
	} else if (uj->a_tensor_scale || uj->b_tensor_scale) {
		return mxa_invalid(mdev, "tensor scales without scale mode nv");
	}

	desc->a_fmt = uj->a_format;
	desc->b_fmt = uj->b_format;
	desc->scale_mode = uj->scale_mode;
	desc->acc_mode = uj->acc_mode;
	desc->out_fmt = uj->out_format;
	desc->trunc_w = uj->trunc_w;
	desc->trunc_n = cpu_to_le32(uj->trunc_n);
	desc->a_tscale = cpu_to_le32(uj->a_tensor_scale);
	desc->b_tscale = cpu_to_le32(uj->b_tensor_scale);
	return 0;
}

int mxa_job_validate(struct mxa_device *mdev, const struct drm_mxa_job *uj,
		     struct mxa_job *job, u32 index)
{
	const struct mxa_caps *caps = &mdev->caps;
	struct mxa_hw_desc *desc = &job->desc[index];
	struct mxa_extent in[5], d;
	bool has_c = uj->flags & DRM_MXA_JOB_HAS_C;
	bool scaled = uj->scale_mode != MXA_HW_SCALE_NONE;
	u32 out_size, block, n_in = 0, i, max_m, max_n, max_k;
	u64 addr, k_blocks;
	int ret;

	memset(desc, 0, sizeof(*desc));
	if (uj->flags & ~DRM_MXA_JOB_HAS_C)
		return mxa_invalid(mdev, "unknown job flags %#x", uj->flags);
	if (uj->pad || uj->pad2)
		return mxa_invalid(mdev, "pad is not zero");
	max_m = mxa_cap(caps, CAP_MAX_M);
	max_n = mxa_cap(caps, CAP_MAX_N);
	max_k = mxa_cap(caps, CAP_MAX_K);
	if (!uj->m || uj->m > max_m || !uj->n || uj->n > max_n ||
	    !uj->k || uj->k > max_k)
		return mxa_invalid(mdev, "dimensions %ux%ux%u outside 1..%ux%ux%u",
				   uj->m, uj->n, uj->k, max_m, max_n, max_k);
	ret = mxa_modes(mdev, uj, &block, desc);
	if (ret)
		return ret;

	desc->opcode = cpu_to_le16(MXA_HW_OP_MATMUL);
	desc->flags = cpu_to_le16(has_c ? MXA_DESC_FLAGS_HAS_C_MASK : 0);
	desc->m = cpu_to_le32(uj->m);
	desc->n = cpu_to_le32(uj->n);
	desc->k = cpu_to_le32(uj->k);

	ret = mxa_operand(mdev, job, "A", &uj->a, uj->m,
			  mxa_row_bytes(uj->a_format, uj->k), 1, &addr,
			  &in[n_in++]);
	if (ret)
		return ret;
	desc->a_addr = cpu_to_le64(addr);
	desc->a_stride = cpu_to_le32(uj->a.stride);
	ret = mxa_operand(mdev, job, "B", &uj->b, uj->n,
			  mxa_row_bytes(uj->b_format, uj->k), 1, &addr,
			  &in[n_in++]);
	if (ret)
		return ret;
	desc->b_addr = cpu_to_le64(addr);
	desc->b_stride = cpu_to_le32(uj->b.stride);

	if (scaled) {
		k_blocks = DIV_ROUND_UP((u64)uj->k, block);
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
	return 0;
}
