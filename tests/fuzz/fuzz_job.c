// SPDX-License-Identifier: MIT
/*
 * fuzz_job.c - the library's checking of matmul jobs (lib/device.c, the
 * shared rules of include/mxa_job_rules.h, the splitting rules of
 * lib/split.c) on the emulator, with every field of struct mxa_matmul
 * from the fuzz input: dimensions, formats, modes, block size, trunc
 * parameters, per-tensor scales, and each operand's buffer (none, one of
 * a few small buffers, one of another device), offset and stride. The
 * device's limits may be lowered (mxa__device_set_limits) so that small
 * jobs run as parts.
 *
 * Invariants besides the sanitizers': validation and submission agree; a
 * refusal is a negative errno with a reason; an accepted job ends, with a
 * reason when it fails (codes the format lacks, say); it writes nothing
 * but the rows of D; and a job run as parts gives D bit for bit as the
 * same job run whole on a device of the full limits. Buffers stay at most
 * 4 KiB and jobs small, so that an execution takes microseconds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mxa.h"
#include "mxa_priv.h"

#define MAX_BUFS 4
#define MAX_BUF_SIZE 4096
/* Jobs submitted at most: multiply-adds, and parts when split. */
#define MAX_MACS 4096
#define MAX_PARTS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bufs {
	unsigned count;
	struct mxa_buffer *buf[MAX_BUFS];
	uint8_t *before[MAX_BUFS];	/* contents before the job */
};

/* A u32 that is mostly small, sometimes anything. */
static uint32_t pick_u32(struct fz *f, uint32_t small)
{
	uint8_t how = fz_u8(f);

	if (how < 0xF0)
		return fz_below(f, small);
	return how == 0xFF ? 0xFFFFFFFFu : fz_u32(f);
}

static uint64_t pick_u64(struct fz *f, uint32_t small)
{
	uint8_t how = fz_u8(f);

	if (how < 0xF0)
		return fz_below(f, small);
	return how == 0xFF ? UINT64_MAX - fz_u8(f) : fz_u64(f);
}

/* An enum value: mostly one of the defined ones, sometimes anything. */
static int pick_enum(struct fz *f, const int *known, size_t n)
{
	uint8_t how = fz_u8(f);

	if (how < 0xF8)
		return known[how % n];
	return (int)fz_u32(f);
}

static float pick_tscale(struct fz *f)
{
	uint32_t bits;
	float x;

	switch (fz_u8(f) % 4) {
	case 0:
		return 0.0f;
	case 1:
		return 1.0f;
	default:
		bits = fz_u32(f);
		memcpy(&x, &bits, 4);
		return x;
	}
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void make_bufs(struct fz *f, struct mxa_device *dev, struct bufs *b)
{
	b->count = 1 + fz_below(f, MAX_BUFS);
	for (unsigned i = 0; i < b->count; i++) {
		size_t n = 1 + fz_below(f, MAX_BUF_SIZE);
		uint64_t seed = fz_u32(f) | 1;
		uint8_t fill = fz_u8(f), *p;

		FZ_CHECK(!mxa_buffer_new(dev, n, &b->buf[i]), "%s",
			 mxa_last_error());
		p = mxa_buffer_map(b->buf[i]);
		/* Random codes (some invalid) or one repeated byte. */
		for (size_t j = 0; j < n; j++)
			p[j] = fill & 1 ? (uint8_t)xorshift(&seed) : fill;
		b->before[i] = malloc(n);
		if (!b->before[i])
			abort();
		memcpy(b->before[i], p, n);
	}
}

static void free_bufs(struct bufs *b)
{
	for (unsigned i = 0; i < b->count; i++) {
		mxa_buffer_del(b->buf[i]);
		free(b->before[i]);
	}
}

static void pick_operand(struct fz *f, const struct bufs *b,
			 struct mxa_buffer *foreign, struct mxa_operand *op)
{
	unsigned which = fz_u8(f) % (b->count + 2);

	/* 0: no buffer, 1..count: ours, count + 1: another device's. */
	op->buf = !which ? NULL : which <= b->count ? b->buf[which - 1] :
		  foreign;
	op->offset = pick_u64(f, MAX_BUF_SIZE);
	op->stride = fz_u8(f) & 1 ? 0 : pick_u64(f, 512);
}

static void pick_job(struct fz *f, const struct bufs *b,
		     struct mxa_buffer *foreign, struct mxa_matmul *job)
{
	static const int formats[] = {
		MXA_FMT_E5M2, MXA_FMT_E4M3, MXA_FMT_E3M2, MXA_FMT_E2M3,
		MXA_FMT_E2M1, MXA_FMT_INT8, MXA_FMT_TERNARY, MXA_FMT_E3M4,
		MXA_FMT_E4M3FNUZ, MXA_FMT_E5M2FNUZ, MXA_FMT_INT4,
		MXA_FMT_E2M2, MXA_FMT_TERNARY_B3, MXA_FMT_E8M0,
		MXA_FMT_UE4M3, MXA_FMT_BF16, MXA_FMT_FP32, 13, -1,
	};
	static const int outs[] = { MXA_FMT_FP32, MXA_FMT_BF16, MXA_FMT_E4M3 };
	static const int scales[] = { MXA_SCALE_NONE, MXA_SCALE_MX,
				      MXA_SCALE_NV, 3 };
	static const int accs[] = { MXA_ACC_FP32, MXA_ACC_TRUNC, MXA_ACC_EXACT,
				    3 };
	uint8_t bs = fz_u8(f);

	memset(job, 0, sizeof(*job));
	job->m = pick_u32(f, 40);
	job->n = pick_u32(f, 40);
	job->k = pick_u32(f, 300);
	job->a_format = (enum mxa_format)pick_enum(f, formats, 19);
	job->b_format = (enum mxa_format)pick_enum(f, formats, 19);
	job->scale = (enum mxa_scale_mode)pick_enum(f, scales, 4);
	/* 0 (the mode's own), a power of two, or anything. */
	job->block_size = bs < 0x80 ? 0 : bs < 0xF0 ? 1u << (bs % 8) :
			  fz_u32(f);
	job->acc = (enum mxa_acc)pick_enum(f, accs, 4);
	job->acc_bits = fz_u8(f) & 1 ? 0 : pick_u32(f, 40);
	job->acc_interval = fz_u8(f) & 1 ? 0 : pick_u32(f, 512);
	job->out_format = (enum mxa_format)pick_enum(f, outs, 3);
	job->a_tensor_scale = pick_tscale(f);
	job->b_tensor_scale = pick_tscale(f);
	pick_operand(f, b, foreign, &job->a);
	pick_operand(f, b, foreign, &job->b);
	pick_operand(f, b, foreign, &job->a_scale);
	pick_operand(f, b, foreign, &job->b_scale);
	pick_operand(f, b, foreign, &job->c);
	pick_operand(f, b, foreign, &job->d);
}

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* Whether byte @at of buffer @buf lies in a row of D. */
static int in_d(const struct mxa_matmul *job, const struct mxa_buffer *buf,
		uint64_t at)
{
	uint64_t row = mxa__row_bytes(job->out_format, job->n);
	uint64_t stride = job->d.stride ? job->d.stride : row;

	if (buf != job->d.buf || at < job->d.offset)
		return 0;
	at -= job->d.offset;
	return at / stride < job->m && at % stride < row;
}

/* The job's status after waiting, with the checks every end obeys. */
static int run(struct mxa_device *dev, const struct mxa_matmul *job)
{
	struct mxa_fence *fence;
	int ret;

	ret = mxa_matmul_submit(dev, job, &fence);
	FZ_CHECK(!ret, "submit refused a validated job: %d %s", ret,
		 mxa_last_error());
	ret = mxa_fence_wait(fence, -1);
	FZ_CHECK(ret <= 0, "fence wait: %d", ret);
	FZ_CHECK(!ret || mxa_last_error()[0], "job failed (%d) without a reason",
		 ret);
	mxa_fence_del(fence);
	return ret;
}

/* The same job on @whole (full limits), on copies of the buffers. */
static void check_whole(struct mxa_device *whole, const struct mxa_matmul *job,
			const struct bufs *b, int split_ret)
{
	struct mxa_buffer *copy[MAX_BUFS];
	struct mxa_operand *ops[6];
	struct mxa_matmul same = *job;
	int ret;

	ops[0] = &same.a;
	ops[1] = &same.b;
	ops[2] = &same.a_scale;
	ops[3] = &same.b_scale;
	ops[4] = &same.c;
	ops[5] = &same.d;
	for (unsigned i = 0; i < b->count; i++) {
		size_t n = mxa_buffer_size(b->buf[i]);

		FZ_CHECK(!mxa_buffer_new(whole, n, &copy[i]), "%s",
			 mxa_last_error());
		memcpy(mxa_buffer_map(copy[i]), b->before[i], n);
		for (unsigned o = 0; o < 6; o++)
			if (ops[o]->buf == b->buf[i])
				ops[o]->buf = copy[i];
	}
	ret = run(whole, &same);
	FZ_CHECK(ret == split_ret, "in parts %d, whole %d (%s)", split_ret, ret,
		 mxa_last_error());
	for (unsigned i = 0; i < b->count && !ret; i++)
		FZ_CHECK(!memcmp(mxa_buffer_map(copy[i]),
				 mxa_buffer_map(b->buf[i]),
				 mxa_buffer_size(b->buf[i])),
			 "buffer %u: D in parts differs from D whole", i);
	for (unsigned i = 0; i < b->count; i++)
		mxa_buffer_del(copy[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct mxa_device *dev, *other;
	struct mxa_buffer *foreign;
	struct mxa_device_info info;
	struct mxa_matmul job;
	struct bufs b;
	int valid, ret, split;

	FZ_CHECK(!mxa_device_open("emu", &dev), "%s", mxa_last_error());
	FZ_CHECK(!mxa_device_open("emu", &other), "%s", mxa_last_error());
	if (fz_u8(&f) & 1)
		FZ_CHECK(!mxa__device_set_limits(dev, 1 + fz_below(&f, 64),
						 1 + fz_below(&f, 64),
						 1 + fz_below(&f, 512)),
			 "%s", mxa_last_error());
	mxa_device_query(dev, &info);
	memset(&b, 0, sizeof(b));
	make_bufs(&f, dev, &b);
	FZ_CHECK(!mxa_buffer_new(other, 4096, &foreign), "%s",
		 mxa_last_error());
	pick_job(&f, &b, foreign, &job);

	valid = mxa_matmul_validate(dev, &job);
	FZ_CHECK(valid <= 0, "validate: %d", valid);
	if (valid) {
		FZ_CHECK(valid == -EINVAL && mxa_last_error()[0],
			 "refused with %d '%s'", valid, mxa_last_error());
		/* Submission refuses it the same way. */
		struct mxa_fence *fence = NULL;

		ret = mxa_matmul_submit(dev, &job, &fence);
		FZ_CHECK(ret == valid && !fence, "submit %d, validate %d", ret,
			 valid);
		goto out;
	}

	/* An accepted job: run it if it is small. */
	split = mxa__split_needed(&info, &job);
	if ((uint64_t)job.m * job.n * job.k > MAX_MACS ||
	    div_up(job.m, info.max_m) * div_up(job.n, info.max_n) *
	    div_up(2ull * job.k, info.max_k) > MAX_PARTS)
		goto out;
	ret = run(dev, &job);
	for (unsigned i = 0; i < b.count; i++) {
		const uint8_t *now = mxa_buffer_map(b.buf[i]);

		for (size_t j = 0; j < mxa_buffer_size(b.buf[i]); j++)
			FZ_CHECK(now[j] == b.before[i][j] ||
				 in_d(&job, b.buf[i], j),
				 "byte %zu of buffer %u outside D written", j, i);
	}
	if (split)
		check_whole(other, &job, &b, ret);
out:
	free_bufs(&b);
	mxa_buffer_del(foreign);
	mxa_device_close(dev);
	mxa_device_close(other);
	return 0;
}
