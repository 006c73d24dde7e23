// SPDX-License-Identifier: MIT
/*
 * guest_job.c - matmul jobs of the guest tests and their emulator
 * reference (guest_job.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/test_codes.h"
#include "guest_job.h"
#include "guest_util.h"

/* What D is filled with before a job: no job result has these bytes in
 * every position by chance. */
#define D_PATTERN 0xA5

static const char *const scale_names[] = { "none", "mx", "nv" };
static const char *const acc_names[] = { "fp32", "trunc", "exact" };

static unsigned pick_bit(uint32_t mask, struct t_rng *rng)
{
	unsigned k = t_rng_below(rng, (uint32_t)__builtin_popcount(mask));

	for (unsigned b = 0;; b++)
		if (mask >> b & 1 && k-- == 0)
			return b;
}

static uint32_t up_to(uint32_t limit, uint32_t cap, struct t_rng *rng)
{
	if (cap && cap < limit)
		limit = cap;
	return 1 + t_rng_below(rng, limit);
}

void g_plan_random(struct g_plan *p, const struct mxa_device_info *info,
		   enum mxa_format a_format, enum mxa_format b_format,
		   uint32_t max_mn, uint32_t max_k, struct t_rng *rng)
{
	unsigned bs;

	memset(p, 0, sizeof(*p));
	p->a_format = a_format;
	p->b_format = b_format;
	p->m = up_to(max_mn, info->max_m, rng);
	p->n = up_to(max_mn, info->max_n, rng);
	p->k = up_to(max_k, info->max_k, rng);
	p->scale = pick_bit(info->scale_modes, rng);
	p->acc = pick_bit(info->acc_modes, rng);
	if (p->acc == MXA_ACC_EXACT)
		p->scale = MXA_SCALE_NONE;
	/* Half the scaled jobs take a block size the device lists. */
	if (p->scale != MXA_SCALE_NONE && info->block_sizes &&
	    t_rng_below(rng, 2))
		p->block_size = 1u << pick_bit(info->block_sizes, rng);
	bs = g_plan_block(p);
	if (p->acc == MXA_ACC_TRUNC) {
		uint32_t lo = info->trunc_w_min ? info->trunc_w_min : 4;
		uint32_t hi = info->trunc_w_max ? info->trunc_w_max : 32;

		p->acc_bits = lo + t_rng_below(rng, hi - lo + 1);
		p->acc_interval = bs * (1 + t_rng_below(rng, 8));
	}
	if (p->scale == MXA_SCALE_NV && t_rng_below(rng, 2)) {
		p->a_tensor_scale = (float)(1 + t_rng_below(rng, 1000)) / 256.0f;
		p->b_tensor_scale = (float)(1 + t_rng_below(rng, 1000)) / 64.0f;
	}
	p->out_format = t_rng_below(rng, 2) ? MXA_FMT_BF16 : MXA_FMT_FP32;
	p->has_c = t_rng_below(rng, 2);
}

unsigned g_plan_block(const struct g_plan *p)
{
	return p->block_size ? p->block_size : mxa_block_size(p->scale);
}

const char *g_plan_name(const struct g_plan *p, char *buf, size_t size)
{
	char acc[32];

	if (p->acc == MXA_ACC_TRUNC)
		snprintf(acc, sizeof(acc), "trunc(%u,%u)", p->acc_bits,
			 p->acc_interval);
	else
		snprintf(acc, sizeof(acc), "%s", acc_names[p->acc]);
	snprintf(buf, size, "%s x %s %ux%ux%u %s/%u %s%s %s",
		 mxa_format_name(p->a_format), mxa_format_name(p->b_format),
		 p->m, p->n, p->k, scale_names[p->scale], g_plan_block(p), acc,
		 p->has_c ? " +C" : "", mxa_format_name(p->out_format));
	return buf;
}

/* ------------------------------------------------------------ data */

/* Scale codes near 1.0, so that sums stay in range most of the time. */
static uint8_t scale_code(enum mxa_scale_mode mode, struct t_rng *rng)
{
	if (mode == MXA_SCALE_MX)
		return (uint8_t)(120 + t_rng_below(rng, 15));
	return (uint8_t)(0x28 + t_rng_below(rng, 0x30));
}

static int fill_elems(enum mxa_format fmt, uint32_t rows, uint32_t k,
		      uint8_t *dst, struct t_rng *rng)
{
	size_t row = mxa_packed_size(fmt, k);
	uint8_t *codes = malloc(k);
	int ret = 0;

	if (!codes)
		return -ENOMEM;
	for (uint32_t r = 0; r < rows && !ret; r++) {
		for (uint32_t e = 0; e < k; e++)
			codes[e] = t_elem_code(fmt, 64, rng);	/* NaN, inf rarely */
		ret = mxa_pack(fmt, codes, k, dst + r * row);
	}
	free(codes);
	return ret;
}

static int alloc_op(struct g_data *d, int op, uint64_t rows, uint64_t row)
{
	d->stride[op] = row;
	d->len[op] = rows * row;
	d->bytes[op] = calloc(1, d->len[op]);
	return d->bytes[op] ? 0 : -ENOMEM;
}

/* D as the emulator computes it from d's operands. */
static int reference(struct g_data *d, struct mxa_device *emu)
{
	struct g_lib_job j;
	int ret;

	ret = g_lib_job_make(&j, emu, d);
	if (ret)
		return ret;
	ret = mxa_matmul_run(emu, &j.mm);
	if (ret)
		fprintf(stderr, "emulator: %s\n", mxa_last_error());
	else
		memcpy(d->bytes[G_D], mxa_buffer_map(j.buf[G_D]), d->len[G_D]);
	g_lib_job_free(&j);
	return ret;
}

int g_data_make(struct g_data *d, const struct g_plan *p,
		struct mxa_device *emu, struct t_rng *rng)
{
	uint64_t nb = (p->k + g_plan_block(p) - 1) / g_plan_block(p);
	unsigned out_bytes = p->out_format == MXA_FMT_BF16 ? 2 : 4;
	int ret;

	memset(d, 0, sizeof(*d));
	d->plan = *p;
	ret = alloc_op(d, G_A, p->m, mxa_packed_size(p->a_format, p->k));
	if (!ret)
		ret = alloc_op(d, G_B, p->n, mxa_packed_size(p->b_format, p->k));
	if (!ret && p->scale != MXA_SCALE_NONE) {
		ret = alloc_op(d, G_AS, p->m, nb);
		if (!ret)
			ret = alloc_op(d, G_BS, p->n, nb);
	}
	if (!ret && p->has_c)
		ret = alloc_op(d, G_C, p->m, 4ull * p->n);
	if (!ret)
		ret = alloc_op(d, G_D, p->m, (uint64_t)out_bytes * p->n);
	if (ret)
		goto fail;

	ret = fill_elems(p->a_format, p->m, p->k, d->bytes[G_A], rng);
	if (!ret)
		ret = fill_elems(p->b_format, p->n, p->k, d->bytes[G_B], rng);
	if (ret)
		goto fail;
	for (size_t i = 0; i < d->len[G_AS]; i++)
		d->bytes[G_AS][i] = scale_code(p->scale, rng);
	for (size_t i = 0; i < d->len[G_BS]; i++)
		d->bytes[G_BS][i] = scale_code(p->scale, rng);
	for (size_t i = 0; i < d->len[G_C]; i += 4) {
		uint32_t bits = (uint32_t)(t_rng_next(rng) & 0x807fffffu) |
				(117u + t_rng_below(rng, 20)) << 23;

		memcpy(d->bytes[G_C] + i, &bits, 4);
	}

	ret = reference(d, emu);
	if (!ret)
		return 0;
fail:
	g_data_free(d);
	return ret;
}

int g_data_set_c(struct g_data *d, const void *c, struct mxa_device *emu)
{
	memcpy(d->bytes[G_C], c, d->len[G_C]);
	return reference(d, emu);
}

void g_data_free(struct g_data *d)
{
	for (int i = 0; i < G_OPS; i++)
		free(d->bytes[i]);
	memset(d, 0, sizeof(*d));
}

int g_data_check(const struct g_data *d, const void *got, const char *what)
{
	const uint8_t *g = got, *want = d->bytes[G_D];
	char name[128];

	if (!memcmp(g, want, d->len[G_D]))
		return 0;
	for (size_t i = 0; i < d->len[G_D]; i++) {
		if (g[i] != want[i]) {
			size_t row = i / d->stride[G_D];
			unsigned eb = d->plan.out_format == MXA_FMT_BF16 ? 2 : 4;

			fprintf(stderr,
				"%s: %s: D differs from the emulator's at row %zu column %zu (byte %zu: 0x%02x, emulator 0x%02x)\n",
				what, g_plan_name(&d->plan, name, sizeof(name)),
				row, (i % d->stride[G_D]) / eb, i, g[i],
				want[i]);
			break;
		}
	}
	return -EIO;
}

/* ------------------------------------------------------------ libmxa */

static void lib_operand(struct mxa_operand *op, struct mxa_buffer *buf,
			uint64_t stride)
{
	op->buf = buf;
	op->offset = 0;
	op->stride = stride;
}

int g_lib_job_make(struct g_lib_job *j, struct mxa_device *dev,
		   const struct g_data *d)
{
	const struct g_plan *p = &d->plan;
	struct mxa_operand *ops[G_OPS];
	int ret = 0;

	memset(j, 0, sizeof(*j));
	ops[G_A] = &j->mm.a;
	ops[G_B] = &j->mm.b;
	ops[G_AS] = &j->mm.a_scale;
	ops[G_BS] = &j->mm.b_scale;
	ops[G_C] = &j->mm.c;
	ops[G_D] = &j->mm.d;
	for (int i = 0; i < G_OPS && !ret; i++) {
		if (!d->len[i])
			continue;
		ret = mxa_buffer_new(dev, d->len[i], &j->buf[i]);
		if (ret) {
			fprintf(stderr, "mxa_buffer_new(%zu): %s\n", d->len[i],
				mxa_last_error());
			break;
		}
		if (i == G_D)
			memset(mxa_buffer_map(j->buf[i]), D_PATTERN, d->len[i]);
		else
			memcpy(mxa_buffer_map(j->buf[i]), d->bytes[i],
			       d->len[i]);
		lib_operand(ops[i], j->buf[i], d->stride[i]);
	}
	if (ret) {
		g_lib_job_free(j);
		return ret;
	}
	j->mm.m = p->m;
	j->mm.n = p->n;
	j->mm.k = p->k;
	j->mm.a_format = p->a_format;
	j->mm.b_format = p->b_format;
	j->mm.scale = p->scale;
	j->mm.block_size = p->block_size;
	j->mm.acc = p->acc;
	j->mm.acc_bits = p->acc_bits;
	j->mm.acc_interval = p->acc_interval;
	j->mm.out_format = p->out_format;
	j->mm.a_tensor_scale = p->a_tensor_scale;
	j->mm.b_tensor_scale = p->b_tensor_scale;
	return 0;
}

int g_lib_job_submit(struct g_lib_job *j, struct mxa_device *dev)
{
	int ret = mxa_matmul_submit(dev, &j->mm, &j->fence);

	if (ret)
		fprintf(stderr, "mxa_matmul_submit: %s\n", mxa_last_error());
	return ret;
}

int g_lib_job_check(struct g_lib_job *j, const struct g_data *d,
		    int timeout_ms, const char *what)
{
	int ret = mxa_fence_wait(j->fence, (int64_t)timeout_ms * 1000000);
	const struct g_plan *p = &d->plan;
	struct mxa_job_stats st;

	if (ret) {
		fprintf(stderr, "%s: mxa_fence_wait: %s\n", what,
			mxa_last_error());
		return ret;
	}
	ret = mxa_fence_stats(j->fence, &st);
	if (ret) {
		fprintf(stderr, "%s: mxa_fence_stats: %s\n", what,
			mxa_last_error());
		return ret;
	}
	if (!st.cycles || !st.bytes_read || !st.bytes_written ||
	    st.macs != (uint64_t)p->m * p->n * p->k) {
		fprintf(stderr,
			"%s: statistics: %llu cycles, %llu bytes read, %llu written, %llu MACs (expected %llu)\n",
			what, (unsigned long long)st.cycles,
			(unsigned long long)st.bytes_read,
			(unsigned long long)st.bytes_written,
			(unsigned long long)st.macs,
			(unsigned long long)p->m * p->n * p->k);
		return -EPROTO;
	}
	return g_data_check(d, mxa_buffer_map(j->buf[G_D]), what);
}

void g_lib_job_free(struct g_lib_job *j)
{
	if (j->fence)
		mxa_fence_del(j->fence);
	for (int i = 0; i < G_OPS; i++)
		if (j->buf[i])
			mxa_buffer_del(j->buf[i]);
	memset(j, 0, sizeof(*j));
}

int g_info_and_emu(struct mxa_device_info *info, struct mxa_device **emu)
{
	struct mxa_device *dev;
	int ret;

	if (mxa_device_open("drm", &dev)) {
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
		return -1;
	}
	ret = mxa_device_query(dev, info) || mxa_device_open("emu", emu);
	if (ret)
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
	mxa_device_close(dev);
	return ret ? -1 : 0;
}

int g_lib_run_check(struct mxa_device *dev, struct mxa_device *emu,
		    const struct g_plan *p, struct t_rng *rng, const char *what)
{
	struct g_lib_job j;
	struct g_data d;
	int ret;

	ret = g_data_make(&d, p, emu, rng);
	if (ret)
		return ret;
	ret = g_lib_job_make(&j, dev, &d);
	if (!ret) {
		ret = g_lib_job_submit(&j, dev);
		if (!ret)
			ret = g_lib_job_check(&j, &d, 120000, what);
		g_lib_job_free(&j);
	}
	g_data_free(&d);
	return ret;
}

/* ------------------------------------------------------------ raw uAPI */

int g_raw_job_make(struct g_raw_job *j, int fd, const struct g_data *d,
		   uint32_t d_flags)
{
	const struct g_plan *p = &d->plan;
	struct drm_mxa_operand *ops[G_OPS];
	struct drm_mxa_job *job = &j->job;
	int ret = 0;

	memset(j, 0, sizeof(*j));
	j->fd = fd;
	ops[G_A] = &job->a;
	ops[G_B] = &job->b;
	ops[G_AS] = &job->a_scale;
	ops[G_BS] = &job->b_scale;
	ops[G_C] = &job->c;
	ops[G_D] = &job->d;
	for (int i = 0; i < G_OPS; i++) {
		if (!d->len[i])
			continue;
		ret = g_bo_create(fd, d->len[i], i == G_D ? d_flags : 0,
				  &j->handle[i], NULL);
		if (ret) {
			fprintf(stderr, "BO_CREATE(%zu): %s\n", d->len[i],
				strerror(-ret));
			break;
		}
		j->size[i] = d->len[i];
		j->map[i] = g_bo_map(fd, j->handle[i], d->len[i]);
		if (!j->map[i]) {
			ret = -errno;
			fprintf(stderr, "mmap of a buffer: %s\n", strerror(errno));
			break;
		}
		if (i == G_D)
			memset(j->map[i], D_PATTERN, d->len[i]);
		else
			memcpy(j->map[i], d->bytes[i], d->len[i]);
		ops[i]->bo = j->bo_count;
		ops[i]->stride = d->stride[i];
		j->bos[j->bo_count++] = j->handle[i];
	}
	if (ret) {
		g_raw_job_free(j);
		return ret;
	}
	job->m = p->m;
	job->n = p->n;
	job->k = p->k;
	job->flags = p->has_c ? DRM_MXA_JOB_HAS_C : 0;
	/* The library's enums are the hardware's codes. */
	job->a_format = (uint8_t)p->a_format;
	job->b_format = (uint8_t)p->b_format;
	job->scale_mode = (uint8_t)p->scale;
	job->block_size = (uint8_t)p->block_size;
	job->acc_mode = (uint8_t)p->acc;
	job->out_format = (uint8_t)p->out_format;
	if (p->acc == MXA_ACC_TRUNC) {
		job->trunc_w = (uint8_t)p->acc_bits;
		job->trunc_n = p->acc_interval;
	}
	if (p->scale == MXA_SCALE_NV) {
		memcpy(&job->a_tensor_scale, &p->a_tensor_scale, 4);
		memcpy(&job->b_tensor_scale, &p->b_tensor_scale, 4);
	}
	return 0;
}

void g_raw_job_reset(struct g_raw_job *j, const struct g_data *d)
{
	for (int i = 0; i < G_OPS; i++) {
		if (!j->map[i])
			continue;
		if (i == G_D)
			memset(j->map[i], D_PATTERN, d->len[i]);
		else
			memcpy(j->map[i], d->bytes[i], d->len[i]);
	}
}

int g_raw_job_check(const struct g_raw_job *j, const struct g_data *d,
		    const char *what)
{
	return g_data_check(d, j->map[G_D], what);
}

int g_raw_job_d_untouched(const struct g_raw_job *j)
{
	const uint8_t *p = j->map[G_D];

	for (size_t i = 0; i < j->size[G_D]; i++)
		if (p[i] != D_PATTERN)
			return 0;
	return 1;
}

void g_raw_job_free(struct g_raw_job *j)
{
	for (int i = 0; i < G_OPS; i++) {
		if (j->map[i])
			munmap(j->map[i], j->size[i]);
		if (j->handle[i])
			g_bo_close(j->fd, j->handle[i]);
	}
	memset(j, 0, sizeof(*j));
}
