// SPDX-License-Identifier: MIT
/*
 * test_drm_job.c - a library job as the uAPI job of mxa.ko: format and
 * mode codes of the hardware (include/mxa_hw.h), operands by buffer index
 * with their offsets and resolved strides, TRUNC defaults as the emulator
 * applies them, the block size, per-tensor scales as binary32 bits, unused
 * fields zero, and what the uAPI cannot carry refused with -EINVAL (the
 * job rules themselves are test_job_rules.c's).
 */
#include <errno.h>

#include "../../include/mxa_hw.h"
#include "common/test_util.h"
#include "drm_priv.h"

#define M 5
#define N 3
#define K 40

static struct mxa_buffer buffers[6];

/* A valid job: A, B, C, D in buffers 0..3, packed rows, e4m3, FP32. */
static struct mxa_matmul base_job(void)
{
	struct mxa_matmul mm = {
		.m = M, .n = N, .k = K,
		.a_format = MXA_FMT_E4M3,
		.b_format = MXA_FMT_E4M3,
		.scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_FP32,
		.out_format = MXA_FMT_FP32,
	};

	mm.a.buf = &buffers[0];
	mm.b.buf = &buffers[1];
	mm.c.buf = &buffers[2];
	mm.d.buf = &buffers[3];
	return mm;
}

static int translate(const struct mxa_matmul *mm, struct drm_mxa_job *job,
		     struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS],
		     uint32_t *count)
{
	struct mxa__job rj;

	memset(job, 0xA5, sizeof(*job));
	mxa__job_params(mm, &rj);
	return mxa__drm_job_from_matmul(&rj, job, bos, count);
}

static int operand_is(const struct drm_mxa_operand *op, uint32_t bo,
		      uint64_t offset, uint64_t stride)
{
	return op->bo == bo && op->pad == 0 && op->offset == offset &&
	       op->stride == stride;
}

static int operand_is_zero(const struct drm_mxa_operand *op)
{
	return operand_is(op, 0, 0, 0);
}

static void check_basic(void)
{
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct mxa_matmul mm = base_job();
	struct drm_mxa_job job;
	uint32_t count;

	mm.a.offset = 7;
	mm.b.offset = 64;
	mm.b.stride = 48;
	mm.c.offset = 12;
	mm.d.offset = 4096;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.m == M && job.n == N && job.k == K, "dims %u %u %u",
		job.m, job.n, job.k);
	T_CHECK(job.flags == DRM_MXA_JOB_HAS_C, "flags %#x", job.flags);
	T_CHECK(job.a_format == MXA_HW_FMT_E4M3 &&
		job.b_format == MXA_HW_FMT_E4M3, "formats %u %u",
		job.a_format, job.b_format);
	T_CHECK(job.scale_mode == MXA_HW_SCALE_NONE &&
		job.acc_mode == MXA_HW_ACC_FP32 &&
		job.out_format == MXA_HW_FMT_FP32, "modes %u %u %u",
		job.scale_mode, job.acc_mode, job.out_format);
	T_CHECK(job.trunc_w == 0 && job.trunc_n == 0 && job.pad == 0,
		"trunc %u %u pad %u", job.trunc_w, job.trunc_n, job.pad);
	T_CHECK(job.a_tensor_scale == 0 && job.b_tensor_scale == 0,
		"tensor scales %#x %#x", job.a_tensor_scale,
		job.b_tensor_scale);
	T_CHECK(count == 4, "bo count %u", count);
	for (uint32_t i = 0; i < count && i < 4; i++)
		T_CHECK(bos[i] == &buffers[i], "bo %u", i);
	T_CHECK(operand_is(&job.a, 0, 7, K), "A %u %llu %llu", job.a.bo,
		(unsigned long long)job.a.offset,
		(unsigned long long)job.a.stride);
	T_CHECK(operand_is(&job.b, 1, 64, 48), "B %u %llu %llu", job.b.bo,
		(unsigned long long)job.b.offset,
		(unsigned long long)job.b.stride);
	T_CHECK(operand_is(&job.c, 2, 12, 4 * N), "C");
	T_CHECK(operand_is(&job.d, 3, 4096, 4 * N), "D");
	T_CHECK(operand_is_zero(&job.a_scale) && operand_is_zero(&job.b_scale),
		"scale operands of a job without scales");

	/* Without C: no flag, operand C all zero. */
	mm.c.buf = NULL;
	mm.c.offset = 0;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.flags == 0 && operand_is_zero(&job.c) && count == 3,
		"no C: flags %#x count %u", job.flags, count);
	T_CHECK(operand_is(&job.d, 2, 4096, 4 * N), "D renumbered");
}

/* Operands sharing buffers name the same index, in order of first use. */
static void check_shared_buffers(void)
{
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct mxa_matmul mm = base_job();
	struct drm_mxa_job job;
	uint32_t count;

	mm.scale = MXA_SCALE_MX;
	mm.a.buf = &buffers[4];
	mm.b.buf = &buffers[5];
	mm.a_scale.buf = &buffers[4];
	mm.a_scale.offset = 1000;
	mm.b_scale.buf = &buffers[5];
	mm.b_scale.offset = 2000;
	mm.c.buf = &buffers[4];
	mm.c.offset = 3000;
	mm.d.buf = &buffers[5];
	mm.d.offset = 4000;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(count == 2 && bos[0] == &buffers[4] && bos[1] == &buffers[5],
		"two buffers: count %u", count);
	T_CHECK(job.a.bo == 0 && job.a_scale.bo == 0 && job.c.bo == 0 &&
		job.b.bo == 1 && job.b_scale.bo == 1 && job.d.bo == 1,
		"indices %u %u %u %u %u %u", job.a.bo, job.b.bo,
		job.a_scale.bo, job.b_scale.bo, job.c.bo, job.d.bo);
}

static void check_formats(void)
{
	static const struct {
		enum mxa_format fmt;
		unsigned hw;
		uint64_t row;	/* packed bytes of K = 40 elements */
	} formats[] = {
		{ MXA_FMT_E5M2, MXA_HW_FMT_E5M2, 40 },
		{ MXA_FMT_E4M3, MXA_HW_FMT_E4M3, 40 },
		{ MXA_FMT_E3M2, MXA_HW_FMT_E3M2, 30 },
		{ MXA_FMT_E2M3, MXA_HW_FMT_E2M3, 30 },
		{ MXA_FMT_E2M1, MXA_HW_FMT_E2M1, 20 },
		{ MXA_FMT_INT8, MXA_HW_FMT_INT8, 40 },
		{ MXA_FMT_TERNARY, MXA_HW_FMT_TERNARY, 10 },
	};
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct drm_mxa_job job;
	uint32_t count;

	for (size_t i = 0; i < MXA_ARRAY_SIZE(formats); i++) {
		size_t j = (i + 3) % MXA_ARRAY_SIZE(formats);
		struct mxa_matmul mm = base_job();

		mm.a_format = formats[i].fmt;
		mm.b_format = formats[j].fmt;
		T_CHECK(!translate(&mm, &job, bos, &count), "%s",
			mxa_last_error());
		T_CHECK(job.a_format == formats[i].hw &&
			job.b_format == formats[j].hw,
			"%s x %s: codes %u %u", mxa_format_name(formats[i].fmt),
			mxa_format_name(formats[j].fmt), job.a_format,
			job.b_format);
		T_CHECK(job.a.stride == formats[i].row &&
			job.b.stride == formats[j].row,
			"%s x %s: packed strides %llu %llu",
			mxa_format_name(formats[i].fmt),
			mxa_format_name(formats[j].fmt),
			(unsigned long long)job.a.stride,
			(unsigned long long)job.b.stride);
	}

	/* BF16 output: its code, rows of 2N bytes, D 2-byte aligned. */
	{
		struct mxa_matmul mm = base_job();

		mm.out_format = MXA_FMT_BF16;
		mm.d.offset = 2;
		T_CHECK(!translate(&mm, &job, bos, &count), "%s",
			mxa_last_error());
		T_CHECK(job.out_format == MXA_HW_FMT_BF16 &&
			operand_is(&job.d, 3, 2, 2 * N), "bf16 D %u %llu %llu",
			job.out_format, (unsigned long long)job.d.offset,
			(unsigned long long)job.d.stride);
	}
}

static void check_scales(void)
{
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct drm_mxa_job job;
	uint32_t count;
	struct mxa_matmul mm = base_job();

	mm.scale = MXA_SCALE_MX;
	mm.a_scale.buf = &buffers[4];
	mm.b_scale.buf = &buffers[5];
	mm.b_scale.offset = 9;
	mm.b_scale.stride = 16;
	mm.a_tensor_scale = 0.0f;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.scale_mode == MXA_HW_SCALE_MX, "mx code %u",
		job.scale_mode);
	/* K = 40 in blocks of 32: 2 scale bytes a row. */
	T_CHECK(operand_is(&job.a_scale, 2, 0, 2) &&
		operand_is(&job.b_scale, 3, 9, 16), "mx scales %u %llu, %u %llu",
		job.a_scale.bo, (unsigned long long)job.a_scale.stride,
		job.b_scale.bo, (unsigned long long)job.b_scale.stride);
	T_CHECK(count == 6 && operand_is(&job.c, 4, 0, 4 * N) &&
		operand_is(&job.d, 5, 0, 4 * N), "order A B SA SB C D");
	T_CHECK(job.block_size == 0, "standard block size 0, not %u",
		job.block_size);

	/* Blocks of 8: 5 scale bytes a row, the size in the job. */
	mm.block_size = 8;
	mm.b_scale.stride = 0;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.block_size == 8 && job.a_scale.stride == 5 &&
		job.b_scale.stride == 5, "block 8: %u, strides %llu %llu",
		job.block_size, (unsigned long long)job.a_scale.stride,
		(unsigned long long)job.b_scale.stride);
	mm.block_size = 0;

	/* NV: blocks of 16 (3 bytes a row), tensor scales as FP32 bits. */
	mm.scale = MXA_SCALE_NV;
	mm.a_format = mm.b_format = MXA_FMT_E2M1;
	mm.b_scale.stride = 0;
	mm.a_tensor_scale = 0.5f;
	mm.b_tensor_scale = 0.0f;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.scale_mode == MXA_HW_SCALE_NV, "nv code %u",
		job.scale_mode);
	T_CHECK(job.a_scale.stride == 3 && job.b_scale.stride == 3,
		"nv scale strides %llu %llu",
		(unsigned long long)job.a_scale.stride,
		(unsigned long long)job.b_scale.stride);
	T_CHECK(job.a_tensor_scale == 0x3F000000u && job.b_tensor_scale == 0,
		"tensor scale bits %#x %#x", job.a_tensor_scale,
		job.b_tensor_scale);
	mm.a_tensor_scale = -0.0f;
	mm.b_tensor_scale = 3.0f;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.a_tensor_scale == 0 && job.b_tensor_scale == 0x40400000u,
		"-0 means none: %#x %#x", job.a_tensor_scale,
		job.b_tensor_scale);
}

static void check_acc(void)
{
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct mxa_matmul mm = base_job();
	struct drm_mxa_job job;
	uint32_t count;

	mm.acc = MXA_ACC_EXACT;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.acc_mode == MXA_HW_ACC_EXACT && !job.trunc_w &&
		!job.trunc_n, "exact %u %u %u", job.acc_mode, job.trunc_w,
		job.trunc_n);

	/* TRUNC defaults are those of the emulator. */
	mm.acc = MXA_ACC_TRUNC;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.acc_mode == MXA_HW_ACC_TRUNC &&
		job.trunc_w == MXA_TRUNC_DEFAULT_BITS &&
		job.trunc_n == MXA_TRUNC_DEFAULT_INTERVAL,
		"trunc defaults %u %u %u", job.acc_mode, job.trunc_w,
		job.trunc_n);
	mm.acc_bits = 20;
	mm.acc_interval = 64;
	T_CHECK(!translate(&mm, &job, bos, &count), "%s", mxa_last_error());
	T_CHECK(job.trunc_w == 20 && job.trunc_n == 64, "trunc %u %u",
		job.trunc_w, job.trunc_n);
}

/* What the uAPI or the device cannot take: -EINVAL naming the operand. */
static void check_refused(void)
{
	struct mxa_buffer *bos[MXA__DRM_MAX_OPERANDS];
	struct drm_mxa_job job;
	uint32_t count;
	struct mxa_matmul mm = base_job();

	mm.b.stride = 1ull << 32;
	T_CHECK(translate(&mm, &job, bos, &count) == -EINVAL, "stride 2^32");
	T_CHECK(strstr(mxa_last_error(), "B: stride 4294967296") != NULL,
		"%s", mxa_last_error());
	mm.b.stride = (1ull << 32) - 1;
	T_CHECK(!translate(&mm, &job, bos, &count), "stride 2^32 - 1: %s",
		mxa_last_error());

	mm = base_job();
	mm.d.offset = 2;
	T_CHECK(translate(&mm, &job, bos, &count) == -EINVAL, "D offset 2");
	T_CHECK(strstr(mxa_last_error(), "D:") != NULL, "%s",
		mxa_last_error());
	mm = base_job();
	mm.c.stride = 4 * N + 2;
	T_CHECK(translate(&mm, &job, bos, &count) == -EINVAL, "C stride");
	T_CHECK(strstr(mxa_last_error(), "C:") != NULL, "%s",
		mxa_last_error());
	mm = base_job();
	mm.out_format = MXA_FMT_BF16;
	mm.d.stride = 2 * N + 1;
	T_CHECK(translate(&mm, &job, bos, &count) == -EINVAL, "bf16 stride");
}

int main(void)
{
	check_basic();
	check_shared_buffers();
	check_formats();
	check_scales();
	check_acc();
	check_refused();
	return t_exit();
}
