// SPDX-License-Identifier: MIT
/*
 * device.c - devices, buffers, fences and job validation, common to every
 * backend. A backend sees only jobs that passed mxa_matmul_validate(), with
 * every operand resolved to a host pointer and a byte stride.
 */
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxa_hw.h"
#include "mxa_priv.h"

/* The backends, by the name used in device specs. */
static const struct mxa_backend_ops *const backends[] = {
	&mxa__emu_backend,
	&mxa__sim_backend,
	&mxa__drm_backend,
};

static const struct mxa_backend_ops *find_backend(const char *name, size_t len)
{
	for (size_t i = 0; i < MXA_ARRAY_SIZE(backends); i++)
		if (strlen(backends[i]->name) == len &&
		    !strncmp(backends[i]->name, name, len))
			return backends[i];
	return NULL;
}

MXA_EXPORT int mxa_device_open(const char *spec, struct mxa_device **out)
{
	const struct mxa_backend_ops *ops;
	struct mxa_device *dev;
	const char *options;
	size_t name_len;
	int is_auto, ret;

	if (!spec || !out)
		return mxa__error(EINVAL, "mxa_device_open: NULL argument");
	*out = NULL;

	options = strchr(spec, ':');
	name_len = options ? (size_t)(options - spec) : strlen(spec);
	options = options ? options + 1 : "";

	/* "auto" prefers an mxa DRM device and falls back on the emulator. */
	is_auto = name_len == 4 && !strncmp(spec, "auto", 4);
	if (is_auto && options[0])
		return mxa__error(EINVAL, "device 'auto' takes no options (got '%s')",
				  options);
	if (is_auto)
		ops = &mxa__drm_backend;
	else
		ops = find_backend(spec, name_len);
	if (!ops)
		return mxa__error(EINVAL,
				  "device '%s': unknown backend (expected emu, sim, drm or auto)",
				  spec);

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return mxa__error(ENOMEM, "device '%s': out of memory", spec);
	dev->ops = ops;
	ret = ops->open(dev, options);
	if (is_auto && ret == -ENODEV) {
		memset(dev, 0, sizeof(*dev));
		dev->ops = &mxa__emu_backend;
		ret = dev->ops->open(dev, options);
	}
	if (ret) {
		free(dev);
		return ret;
	}
	atomic_init(&dev->refs, 1);
	*out = dev;
	return 0;
}

/* Drops a reference: the open handle's or a buffer's. */
static void device_put(struct mxa_device *dev)
{
	if (atomic_fetch_sub(&dev->refs, 1) == 1)
		free(dev);
}

/*
 * Buffers may outlive the handle: the device stops at once (jobs still
 * queued end with -ECANCELED), and its memory goes with the last buffer.
 */
MXA_EXPORT void mxa_device_close(struct mxa_device *dev)
{
	if (!dev)
		return;
	dev->ops->close(dev);
	device_put(dev);
}

MXA_EXPORT int mxa_device_query(struct mxa_device *dev,
				struct mxa_device_info *info)
{
	if (!dev || !info)
		return mxa__error(EINVAL, "mxa_device_query: NULL argument");
	*info = dev->info;
	return 0;
}

/* ---------------------------------------------------------------- buffers */

MXA_EXPORT int mxa_buffer_new(struct mxa_device *dev, size_t size,
			      struct mxa_buffer **out)
{
	struct mxa_buffer *buf;
	int ret;

	if (!dev || !out)
		return mxa__error(EINVAL, "mxa_buffer_new: NULL argument");
	*out = NULL;
	if (size == 0)
		return mxa__error(EINVAL, "mxa_buffer_new: size 0");

	buf = calloc(1, sizeof(*buf));
	if (!buf)
		return mxa__error(ENOMEM, "mxa_buffer_new: out of memory");
	buf->dev = dev;
	buf->size = size;
	ret = dev->ops->buffer_new(dev, buf);
	if (ret) {
		free(buf);
		return ret;
	}
	atomic_fetch_add(&dev->refs, 1);
	*out = buf;
	return 0;
}

MXA_EXPORT void mxa_buffer_del(struct mxa_buffer *buf)
{
	struct mxa_device *dev;

	if (!buf)
		return;
	dev = buf->dev;
	dev->ops->buffer_del(dev, buf);
	free(buf);
	device_put(dev);
}

MXA_EXPORT void *mxa_buffer_map(struct mxa_buffer *buf)
{
	return buf ? buf->map : NULL;
}

MXA_EXPORT size_t mxa_buffer_size(const struct mxa_buffer *buf)
{
	return buf ? buf->size : 0;
}

/* ---------------------------------------------------------------- validation */

struct extent {
	uint64_t start, end;	/* byte range [start, end) in one buffer */
};

/*
 * Resolves one operand of @rows rows of @row_bytes bytes: checks that it
 * belongs to @dev and lies inside its buffer, fills @mat and @ext.
 */
static int resolve_operand(struct mxa_device *dev, const char *what,
			   const struct mxa_operand *op, uint64_t rows,
			   uint64_t row_bytes, struct mxa__mat *mat,
			   struct extent *ext)
{
	uint64_t stride = op->stride ? op->stride : row_bytes;
	uint64_t last;

	if (!op->buf)
		return mxa__error(EINVAL, "%s: no buffer", what);
	if (op->buf->dev != dev)
		return mxa__error(EINVAL, "%s: buffer belongs to another device",
				  what);
	if (stride < row_bytes)
		return mxa__error(EINVAL,
				  "%s: stride %llu is smaller than a row (%llu bytes)",
				  what, (unsigned long long)stride,
				  (unsigned long long)row_bytes);
	/* Extent = offset + (rows - 1) * stride + row_bytes, overflow-checked. */
	if (__builtin_mul_overflow(rows - 1, stride, &last) ||
	    __builtin_add_overflow(last, row_bytes, &last) ||
	    __builtin_add_overflow(last, op->offset, &last) ||
	    last > op->buf->size)
		return mxa__error(EINVAL,
				  "%s: %llu rows of stride %llu at offset %llu do not fit its %zu-byte buffer",
				  what, (unsigned long long)rows,
				  (unsigned long long)stride,
				  (unsigned long long)op->offset, op->buf->size);
	mat->ptr = (const uint8_t *)op->buf->map + op->offset;
	mat->stride = stride;
	ext->start = op->offset;
	ext->end = last;
	return 0;
}

static int overlaps(const struct mxa_operand *x, const struct extent *ex,
		    const struct mxa_operand *y, const struct extent *ey)
{
	return x->buf == y->buf && ex->start < ey->end && ey->start < ex->end;
}

/*
 * What a device accepts, as the shared job rules read it; with @split,
 * any M, N and K (the library splits the job into parts that fit).
 */
static void job_limits(const struct mxa_device_info *info, int split,
		       struct mxa_job_limits *l)
{
	l->max_m = split ? UINT32_MAX : info->max_m;
	l->max_n = split ? UINT32_MAX : info->max_n;
	l->max_k = split ? UINT32_MAX : info->max_k;
	l->elem_formats = info->formats;
	l->out_formats = info->out_formats;
	l->scale_modes = info->scale_modes;
	l->acc_modes = info->acc_modes;
	for (unsigned s = MXA_SCALE_NONE; s <= MXA_SCALE_NV; s++)
		l->block_std[s] = mxa_block_size((enum mxa_scale_mode)s);
	l->block_sizes = info->block_sizes;
	l->trunc_w_min = info->trunc_w_min;
	l->trunc_w_max = info->trunc_w_max;
}

void mxa__job_params(const struct mxa_matmul *job, struct mxa__job *rj)
{
	struct mxa_job_params *p = &rj->p;
	int trunc = job->acc == MXA_ACC_TRUNC;

	rj->desc = job;
	memset(p, 0, sizeof(*p));
	p->m = job->m;
	p->n = job->n;
	p->k = job->k;
	p->a_fmt = (unsigned)job->a_format;
	p->b_fmt = (unsigned)job->b_format;
	p->scale_mode = (unsigned)job->scale;
	p->acc_mode = (unsigned)job->acc;
	p->out_fmt = (unsigned)job->out_format;
	p->block = job->block_size;
	p->trunc_w = trunc && !job->acc_bits ? MXA_TRUNC_DEFAULT_BITS :
		     job->acc_bits;
	p->trunc_n = trunc && !job->acc_interval ? MXA_TRUNC_DEFAULT_INTERVAL :
		     job->acc_interval;
	p->a_tscale = mxa__tensor_scale_bits(job->a_tensor_scale);
	p->b_tscale = mxa__tensor_scale_bits(job->b_tensor_scale);
	rj->block = p->block ? p->block :
		    mxa_block_size((enum mxa_scale_mode)p->scale_mode);
}

/*
 * The shared job rules (mxa_job_rules.h); the message of a format this
 * library knows but the device lacks names the format and the device.
 */
static int check_rules(const struct mxa_device_info *info,
		       const struct mxa_job_params *p, int split)
{
	struct mxa_job_limits l;
	struct mxa_job_verdict v;
	char text[160];

	job_limits(info, split, &l);
	if (!mxa_job_check(&l, p, &v))
		return 0;
	switch (v.rule) {
	case MXA_RULE_A_MISSING:
	case MXA_RULE_B_MISSING:
		return mxa__error(EINVAL, "%s format %s is not built into %s",
				  v.rule == MXA_RULE_A_MISSING ? "A" : "B",
				  mxa_format_name((enum mxa_format)v.v[0]),
				  info->name);
	case MXA_RULE_DIMS:
		/* Beyond the limits a job is split: only a 0 breaks this. */
		return mxa__error(EINVAL,
				  "matmul: dimensions %ux%ux%u: M, N and K must be at least 1",
				  p->m, p->n, p->k);
	default:
		snprintf(text, sizeof(text), mxa_job_rule_text(v.rule),
			 v.v[0], v.v[1], v.v[2]);
		return mxa__error(EINVAL, "%s", text);
	}
}

int mxa__resolve_job(struct mxa_device *dev, const struct mxa_matmul *job,
		     struct mxa__job *rj)
{
	const struct mxa_device_info *info = &dev->info;
	struct extent ea, eb, esa, esb, ec, ed;
	struct mxa__mat dmat;
	unsigned d_elem;
	uint64_t nb;
	int split, ret;

	if (!job)
		return mxa__error(EINVAL, "matmul: NULL job");
	memset(rj, 0, sizeof(*rj));
	mxa__job_params(job, rj);
	/* Beyond the device's limits, the rules of splitting (split.c). */
	split = mxa__split_needed(info, job);
	ret = check_rules(info, &rj->p, split);
	if (!ret && split)
		ret = mxa__split_check(info, job, &rj->p, rj->block);
	if (ret)
		return ret;
	ret = resolve_operand(dev, "A", &job->a, job->m,
			      mxa__row_bytes(job->a_format, job->k), &rj->a, &ea);
	if (ret)
		return ret;
	ret = resolve_operand(dev, "B", &job->b, job->n,
			      mxa__row_bytes(job->b_format, job->k), &rj->b, &eb);
	if (ret)
		return ret;

	nb = (job->k + rj->block - 1) / rj->block;
	if (job->scale == MXA_SCALE_NONE) {
		if (job->a_scale.buf || job->b_scale.buf)
			return mxa__error(EINVAL, "scale buffers given with scale none");
	} else {
		ret = resolve_operand(dev, "A scales", &job->a_scale, job->m,
				      nb, &rj->a_scale, &esa);
		if (ret)
			return ret;
		ret = resolve_operand(dev, "B scales", &job->b_scale, job->n,
				      nb, &rj->b_scale, &esb);
		if (ret)
			return ret;
	}

	if (job->c.buf) {
		ret = resolve_operand(dev, "C", &job->c, job->m,
				      4ull * job->n, &rj->c, &ec);
		if (ret)
			return ret;
	}

	ret = resolve_operand(dev, "D", &job->d, job->m,
			      mxa__row_bytes(job->out_format, job->n), &dmat,
			      &ed);
	if (ret)
		return ret;
	rj->d = (uint8_t *)dmat.ptr;
	rj->d_stride = dmat.stride;

	/* The device reads C and writes D in whole elements. */
	if (job->c.buf && (job->c.offset % 4 || rj->c.stride % 4))
		return mxa__error(EINVAL, "C: offset %llu and stride %llu must be multiples of 4",
				  (unsigned long long)job->c.offset,
				  (unsigned long long)rj->c.stride);
	d_elem = (unsigned)mxa_hw_fmt_bits(job->out_format) / 8;
	if (job->d.offset % d_elem || rj->d_stride % d_elem)
		return mxa__error(EINVAL, "D: offset %llu and stride %zu must be multiples of %u",
				  (unsigned long long)job->d.offset,
				  rj->d_stride, d_elem);

	/* D is written while the inputs are read: it may not overlap them. */
	if (overlaps(&job->d, &ed, &job->a, &ea) ||
	    overlaps(&job->d, &ed, &job->b, &eb) ||
	    (job->c.buf && overlaps(&job->d, &ed, &job->c, &ec)) ||
	    (job->scale != MXA_SCALE_NONE &&
	     (overlaps(&job->d, &ed, &job->a_scale, &esa) ||
	      overlaps(&job->d, &ed, &job->b_scale, &esb))))
		return mxa__error(EINVAL, "D overlaps an input operand");
	return 0;
}

MXA_EXPORT int mxa_matmul_validate(struct mxa_device *dev,
				   const struct mxa_matmul *job)
{
	struct mxa__job rj;

	if (!dev)
		return mxa__error(EINVAL, "matmul: NULL device");
	return mxa__resolve_job(dev, job, &rj);
}

/* ---------------------------------------------------------------- jobs */

int mxa__submit_resolved(struct mxa_device *dev, const struct mxa__job *rj,
			 struct mxa_fence *fence)
{
	int ret;

	fence->dev = dev;
	fence->status = 1;
	ret = dev->ops->submit(dev, rj, fence);
	if (ret)
		return ret;
	/* A job that failed at once left its reason as the last error. */
	if (fence->status < 0 && !fence->error[0])
		snprintf(fence->error, sizeof(fence->error), "%s",
			 mxa_last_error());
	return 0;
}

MXA_EXPORT int mxa_matmul_submit(struct mxa_device *dev,
				 const struct mxa_matmul *job,
				 struct mxa_fence **out)
{
	struct mxa_fence *fence;
	struct mxa__job rj;
	int ret;

	if (!dev || !out)
		return mxa__error(EINVAL, "mxa_matmul_submit: NULL argument");
	*out = NULL;
	ret = mxa__resolve_job(dev, job, &rj);
	if (ret)
		return ret;

	fence = calloc(1, sizeof(*fence));
	if (!fence)
		return mxa__error(ENOMEM, "mxa_matmul_submit: out of memory");
	/* A job beyond the device's limits goes as parts (split.c). */
	if (mxa__split_needed(&dev->info, job)) {
		fence->dev = dev;
		fence->status = 1;
		ret = mxa__split_submit(dev, job, fence);
	} else {
		ret = mxa__submit_resolved(dev, &rj, fence);
	}
	if (ret) {
		free(fence);
		return ret;
	}
	*out = fence;
	return 0;
}

MXA_EXPORT int mxa_fence_wait(struct mxa_fence *fence, int64_t timeout_ns)
{
	int ret;

	if (!fence)
		return mxa__error(EINVAL, "mxa_fence_wait: NULL fence");
	if (fence->status == 1) {
		ret = fence->split ? mxa__split_wait(fence, timeout_ns) :
		      fence->dev->ops->wait(fence->dev, fence, timeout_ns);
		if (ret)
			return ret;
	}
	if (fence->status < 0)
		return mxa__error(-fence->status, "%s", fence->error);
	return fence->status;
}

MXA_EXPORT void mxa_fence_del(struct mxa_fence *fence)
{
	if (!fence)
		return;
	if (fence->split)
		mxa__split_del(fence);
	else if (fence->status == 1 && fence->dev->ops->fence_del)
		fence->dev->ops->fence_del(fence->dev, fence);
	free(fence);
}

MXA_EXPORT int mxa_matmul_run(struct mxa_device *dev,
			      const struct mxa_matmul *job)
{
	struct mxa_fence *fence;
	int ret;

	ret = mxa_matmul_submit(dev, job, &fence);
	if (ret)
		return ret;
	ret = mxa_fence_wait(fence, -1);
	mxa_fence_del(fence);
	return ret;
}

MXA_EXPORT int mxa_fence_stats(const struct mxa_fence *fence,
			       struct mxa_job_stats *stats)
{
	if (!fence || !stats)
		return mxa__error(EINVAL, "mxa_fence_stats: NULL argument");
	if (fence->status == 1)
		return mxa__error(EBUSY, "mxa_fence_stats: the job is still pending");
	*stats = fence->stats;
	return 0;
}

MXA_EXPORT uint64_t mxa_device_peak_macs(const struct mxa_device_info *info,
					 enum mxa_format a_format,
					 enum mxa_format b_format)
{
	uint32_t ea, eb;

	if (!info || !mxa__is_elem_format(a_format) ||
	    !mxa__is_elem_format(b_format))
		return 0;
	ea = info->lane_elems[a_format];
	eb = info->lane_elems[b_format];
	return (uint64_t)info->array_rows * info->array_cols * (ea < eb ? ea : eb);
}

uint32_t mxa__tensor_scale_bits(float scale)
{
	uint32_t bits;

	if (scale == 0.0f)
		return 0;
	memcpy(&bits, &scale, sizeof(bits));
	return bits;
}
