// SPDX-License-Identifier: MIT
/*
 * split.c - jobs larger than the device: a job whose M, N or K exceeds the
 * device's max_m, max_n or max_k runs as parts that each fit, chained so
 * that D is bit for bit what one job would give (docs/numerics.md 5):
 *
 * - M and N: tiles of at most max_m x max_n outputs, independent jobs over
 *   row ranges of A, B, their scales, C and D (offsets and strides).
 * - K: for each tile, chunks of K run one after the other, each one's C the
 *   previous one's FP32 result. In fp32 accumulation acc starts at C and
 *   every block adds to it (5.1), so a chunk boundary on a block boundary
 *   changes nothing: the FP32 value written between two chunks is acc
 *   itself (a NaN is canonical either way, the per-tensor scale applies
 *   per block). In trunc the partial sum is promoted at every multiple of
 *   the interval N (5.2), so chunks are multiples of N. exact rounds once
 *   over all of K (5.3): its K is never split.
 * - A chunk starts on a byte of every packed row (docs/numerics.md 6): a
 *   multiple of the elements that fill whole bytes in both formats (2 for
 *   4-bit, 4 for 6-bit, 8 for 5-bit, 5 for base 3), and a block boundary,
 *   so the scale rows start at chunk / bs.
 *
 * The intermediate FP32 results of a chain alternate between D (when D
 * is FP32) and a scratch buffer of the device, arranged so that the last
 * chunk writes D: no part's D overlaps its C. The parts go to the backend
 * in order, and every backend runs one device's jobs in that order (emu at
 * submission, sim on its ring, drm by implicit synchronisation on the
 * buffers a job reads and writes). The caller's fence covers all parts.
 * docs/large-jobs.md says the same for users, with what is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxa_priv.h"

/* A job split into parts: tiles of tm x tn outputs, chunks of tk of K. */
struct plan {
	const struct mxa_matmul *job;
	uint32_t tm, tn, tk;		/* part sizes (the last ones smaller) */
	uint32_t mt, nt, kt;		/* number of tiles and chunks */
	unsigned block;
	uint64_t stride[6];		/* resolved: A, B, SA, SB, C, D */
	unsigned d_elem;		/* bytes of a D element */
	unsigned scratch_tiles;		/* FP32 tiles of scratch: 0, 1 or 2 */
};

enum { S_A, S_B, S_SA, S_SB, S_C, S_D };

/* The parts of a submitted split job, behind the caller's fence. */
struct mxa__split {
	struct mxa_fence **parts;
	uint64_t count;
	struct mxa_buffer *scratch;	/* NULL when no chain needs one */
};

int mxa__split_needed(const struct mxa_device_info *info,
		      const struct mxa_matmul *job)
{
	return job->m > info->max_m || job->n > info->max_n ||
	       job->k > info->max_k;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static uint64_t lcm(uint64_t a, uint64_t b)
{
	return a / gcd(a, b) * b;
}

/*
 * The fewest elements of a packed row of @fmt that end on a byte boundary:
 * 5 for base 3, 8 / gcd(bits, 8) for a bit string.
 */
static unsigned k_grain(enum mxa_format fmt)
{
	if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3)
		return 5;
	return 8 / (unsigned)gcd((uint64_t)mxa_hw_fmt_bits(fmt), 8);
}

/*
 * The K chunk of a job whose K exceeds max_k: the largest multiple of the
 * unit a chunk must be a multiple of (block or trunc interval, and each
 * packing's grain) up to max_k; -EINVAL with a message when none is.
 */
static int k_chunk(const struct mxa_device_info *info,
		   const struct mxa_matmul *job, const struct mxa_job_params *p,
		   unsigned block, uint32_t *tk)
{
	uint64_t step, unit;

	if (job->acc == MXA_ACC_EXACT)
		return mxa__error(EINVAL,
				  "matmul: K %u exceeds the device's limit %u, and exact accumulation rounds once over all of K: its K cannot be split (max %ux%ux%u; M and N can)",
				  job->k, info->max_k, info->max_m,
				  info->max_n, info->max_k);
	step = job->acc == MXA_ACC_TRUNC ? p->trunc_n : block;
	unit = lcm(lcm(step, k_grain(job->a_format)), k_grain(job->b_format));
	if (unit > info->max_k) {
		if (job->acc == MXA_ACC_TRUNC && step > info->max_k)
			return mxa__error(EINVAL,
					  "matmul: K %u exceeds the device's limit %u, and trunc accumulation can be split only at its promotion interval %u, which exceeds it too",
					  job->k, info->max_k, p->trunc_n);
		return mxa__error(EINVAL,
				  "matmul: K %u exceeds the device's limit %u, and K can be split only at multiples of %llu (the %s %llu, whole bytes of %s and %s rows), which exceed it",
				  job->k, info->max_k,
				  (unsigned long long)unit,
				  job->acc == MXA_ACC_TRUNC ?
				  "trunc interval" : "block size",
				  (unsigned long long)step,
				  mxa_format_name(job->a_format),
				  mxa_format_name(job->b_format));
	}
	*tk = (uint32_t)(info->max_k / unit * unit);
	return 0;
}

int mxa__split_check(const struct mxa_device_info *info,
		     const struct mxa_matmul *job,
		     const struct mxa_job_params *p, unsigned block)
{
	uint32_t tk;

	if (job->k <= info->max_k)
		return 0;
	return k_chunk(info, job, p, block, &tk);
}

/* The parts of a job that mxa_matmul_validate() accepted. */
static int make_plan(const struct mxa_device_info *info,
		     const struct mxa_matmul *job, struct plan *pl)
{
	struct mxa__job rj;
	int ret;

	memset(pl, 0, sizeof(*pl));
	mxa__job_params(job, &rj);
	pl->job = job;
	pl->block = rj.block;
	pl->tm = job->m < info->max_m ? job->m : info->max_m;
	pl->tn = job->n < info->max_n ? job->n : info->max_n;
	pl->tk = job->k;
	if (job->k > info->max_k) {
		ret = k_chunk(info, job, &rj.p, rj.block, &pl->tk);
		if (ret)
			return ret;
	}
	pl->mt = (job->m + pl->tm - 1) / pl->tm;
	pl->nt = (job->n + pl->tn - 1) / pl->tn;
	pl->kt = (job->k + pl->tk - 1) / pl->tk;
	pl->d_elem = (unsigned)mxa_hw_fmt_bits(job->out_format) / 8;

	/* Chunks keep the whole job's rows: strides made explicit. */
	{
		uint64_t nb = (job->k + rj.block - 1) / rj.block;
		const struct mxa_operand *op[] = {
			&job->a, &job->b, &job->a_scale, &job->b_scale,
			&job->c, &job->d,
		};
		uint64_t packed[] = {
			mxa__row_bytes(job->a_format, job->k),
			mxa__row_bytes(job->b_format, job->k),
			nb, nb, 4ull * job->n,
			(uint64_t)pl->d_elem * job->n,
		};

		for (unsigned i = 0; i < 6; i++)
			pl->stride[i] = op[i]->stride ? op[i]->stride : packed[i];
	}
	/*
	 * Chains of more than one chunk need FP32 room besides D: one tile
	 * when D is FP32 (the results alternate between it and D), two when
	 * D is BF16.
	 */
	if (pl->kt > 1)
		pl->scratch_tiles = job->out_format == MXA_FMT_FP32 ? 1 : 2;
	return 0;
}

static uint64_t plan_parts(const struct plan *pl)
{
	return (uint64_t)pl->mt * pl->nt * pl->kt;
}

/* An operand @rows rows down and @bytes bytes into its rows. */
static struct mxa_operand moved(const struct mxa_operand *op, uint64_t stride,
				uint64_t rows, uint64_t bytes)
{
	struct mxa_operand r = *op;

	r.offset = op->offset + rows * stride + bytes;
	r.stride = stride;
	return r;
}

/*
 * Part @index of the plan: tile (i, j), chunk c, in the order the parts
 * run (a tile's chunks one after the other). An intermediate chunk
 * @r = kt - 1 - c chunks before the last writes FP32 to scratch tile 0
 * when r is odd; when r is even, to D itself if D is FP32, else to scratch
 * tile 1. So the last chunk writes D and every chunk reads another place
 * than it writes.
 */
static void plan_part(const struct plan *pl, uint64_t index,
		      struct mxa_buffer *scratch, struct mxa_matmul *part)
{
	const struct mxa_matmul *job = pl->job;
	uint32_t c = (uint32_t)(index % pl->kt);
	uint64_t tile = index / pl->kt;
	uint32_t i = (uint32_t)(tile / pl->nt), j = (uint32_t)(tile % pl->nt);
	uint32_t m0 = i * pl->tm, n0 = j * pl->tn, k0 = c * pl->tk;
	uint64_t tile_bytes = 4ull * pl->tm * pl->tn;
	struct mxa_operand fp32_at[2];
	uint32_t r;

	*part = *job;
	part->m = job->m - m0 < pl->tm ? job->m - m0 : pl->tm;
	part->n = job->n - n0 < pl->tn ? job->n - n0 : pl->tn;
	part->k = job->k - k0 < pl->tk ? job->k - k0 : pl->tk;
	part->a = moved(&job->a, pl->stride[S_A], m0,
			mxa__row_bytes(job->a_format, k0));
	part->b = moved(&job->b, pl->stride[S_B], n0,
			mxa__row_bytes(job->b_format, k0));
	if (job->scale != MXA_SCALE_NONE) {
		part->a_scale = moved(&job->a_scale, pl->stride[S_SA], m0,
				      k0 / pl->block);
		part->b_scale = moved(&job->b_scale, pl->stride[S_SB], n0,
				      k0 / pl->block);
	}

	/* Where chunks r = odd and r = even (r > 0) keep their FP32 acc. */
	memset(fp32_at, 0, sizeof(fp32_at));
	if (pl->scratch_tiles) {
		fp32_at[1].buf = scratch;
		fp32_at[1].stride = 4ull * pl->tn;
		if (job->out_format == MXA_FMT_FP32) {
			fp32_at[0] = moved(&job->d, pl->stride[S_D], m0,
					   4ull * n0);
		} else {
			fp32_at[0] = fp32_at[1];
			fp32_at[0].offset = tile_bytes;
		}
	}

	if (c == 0 && job->c.buf)
		part->c = moved(&job->c, pl->stride[S_C], m0, 4ull * n0);
	else if (c > 0)
		part->c = fp32_at[(pl->kt - c) % 2];	/* chunk c - 1's */
	r = pl->kt - 1 - c;
	if (r == 0) {
		part->d = moved(&job->d, pl->stride[S_D], m0,
				(uint64_t)pl->d_elem * n0);
	} else {
		part->d = fp32_at[r % 2];
		part->out_format = MXA_FMT_FP32;
	}
}

/* --------------------------------------------------------------- fences */

static void split_free(struct mxa_device *dev, struct mxa__split *s)
{
	for (uint64_t i = 0; i < s->count; i++) {
		struct mxa_fence *f = s->parts[i];

		if (f->status == 1 && dev->ops->fence_del)
			dev->ops->fence_del(dev, f);
		free(f);
	}
	free(s->parts);
	/* A scratch buffer that queued parts still use waits for them. */
	mxa_buffer_del(s->scratch);
	free(s);
}

int mxa__split_submit(struct mxa_device *dev, const struct mxa_matmul *job,
		      struct mxa_fence *fence)
{
	struct mxa_matmul part;
	struct mxa__split *s;
	struct mxa__job rj;
	struct plan pl;
	uint64_t count;
	int ret;

	ret = make_plan(&dev->info, job, &pl);
	if (ret)
		return ret;
	count = plan_parts(&pl);
	s = calloc(1, sizeof(*s));
	if (!s || count > SIZE_MAX / sizeof(*s->parts) ||
	    !(s->parts = calloc(count, sizeof(*s->parts)))) {
		free(s);
		return mxa__error(ENOMEM, "matmul: out of memory for %llu parts",
				  (unsigned long long)count);
	}
	if (pl.scratch_tiles) {
		ret = mxa_buffer_new(dev, 4ull * pl.tm * pl.tn * pl.scratch_tiles,
				     &s->scratch);
		if (ret)
			goto fail;
	}
	for (; s->count < count; s->count++) {
		struct mxa_fence *f;

		plan_part(&pl, s->count, s->scratch, &part);
		ret = mxa__resolve_job(dev, &part, &rj);
		if (ret)
			goto fail;
		f = calloc(1, sizeof(*f));
		if (!f) {
			ret = mxa__error(ENOMEM, "matmul: out of memory");
			goto fail;
		}
		ret = mxa__submit_resolved(dev, &rj, f);
		if (ret) {
			free(f);
			goto fail;
		}
		s->parts[s->count] = f;
	}
	fence->split = s;
	return 0;

fail:
	/* Parts already queued run to their end unobserved. */
	{
		char why[200];
		uint64_t failed = s->count;

		snprintf(why, sizeof(why), "%s", mxa_last_error());
		split_free(dev, s);
		return mxa__error(-ret, "%s (part %llu of the %llu of a %ux%ux%u job)",
				  why, (unsigned long long)failed + 1,
				  (unsigned long long)count, job->m, job->n,
				  job->k);
	}
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Waits for every part in order; the fence ends when the last has ended,
 * failed with the first failure (later parts still ran: D is settled),
 * its statistics the sums of the parts'. A time-out leaves it pending.
 */
int mxa__split_wait(struct mxa_fence *fence, int64_t timeout_ns)
{
	struct mxa__split *s = fence->split;
	struct mxa_device *dev = fence->dev;
	int64_t deadline = timeout_ns < 0 ? 0 : now_ns() + timeout_ns;
	struct mxa_job_stats sum = { 0 };
	int status = 0;

	for (uint64_t i = 0; i < s->count; i++) {
		struct mxa_fence *f = s->parts[i];

		if (f->status == 1) {
			int64_t left = 0;
			int ret;

			if (timeout_ns < 0)
				left = -1;
			else if (deadline > now_ns())
				left = deadline - now_ns();
			ret = dev->ops->wait(dev, f, left);
			if (ret)
				return ret;
		}
		if (f->status < 0 && !status) {
			status = f->status;
			snprintf(fence->error, sizeof(fence->error),
				 "%.200s (part %llu of %llu)", f->error,
				 (unsigned long long)i + 1,
				 (unsigned long long)s->count);
		}
		sum.cycles += f->stats.cycles;
		sum.bytes_read += f->stats.bytes_read;
		sum.bytes_written += f->stats.bytes_written;
		sum.macs += f->stats.macs;
		sum.dma_stall_cycles += f->stats.dma_stall_cycles;
		sum.compute_stall_cycles += f->stats.compute_stall_cycles;
	}
	fence->stats = sum;
	fence->status = status;
	return 0;
}

void mxa__split_del(struct mxa_fence *fence)
{
	split_free(fence->dev, fence->split);
	fence->split = NULL;
}

int mxa__device_set_limits(struct mxa_device *dev, uint32_t max_m,
			   uint32_t max_n, uint32_t max_k)
{
	if (!dev || !max_m || !max_n || !max_k || max_m > dev->info.max_m ||
	    max_n > dev->info.max_n || max_k > dev->info.max_k)
		return mxa__error(EINVAL, "device limits can only be lowered");
	dev->info.max_m = max_m;
	dev->info.max_n = max_n;
	dev->info.max_k = max_k;
	return 0;
}
