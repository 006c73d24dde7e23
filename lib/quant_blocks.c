// SPDX-License-Identifier: MIT
/*
 * quant_blocks.c - block-scaled quantization of a float matrix: choosing the
 * scale of each block and converting its elements (docs/numerics.md
 * section 4).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "mxa_priv.h"

#define E8M0_NAN 0xff
#define UE4M3_NAN 0x7f

static const struct mxa_convert_opts rne_sat = { MXA_ROUND_RNE, 1 };
static const struct mxa_convert_opts ru_sat = { MXA_ROUND_RU, 1 };

struct quant {
	enum mxa_format fmt;
	enum mxa_scale_mode mode;
	enum mxa_scale_rule rule;
	float maxv;
	int emax;
	float g;		/* NV per-tensor scale, 1 when not used */
};

MXA_EXPORT unsigned mxa_block_size(enum mxa_scale_mode scale)
{
	switch (scale) {
	case MXA_SCALE_NONE:
	case MXA_SCALE_MX:
		return 32;
	case MXA_SCALE_NV:
		return 16;
	default:
		mxa__error(EINVAL, "block size: unknown scale mode %d",
			   (int)scale);
		return 0;
	}
}

/* @y is the element's value in the format's own (scaled) terms. */
static int encode_elem(const struct quant *q, double y, uint8_t *code)
{
	/* Scaled integers: back to code units (MXINT8: x 2^6). */
	y = ldexp(y, mxa__elem_lsb(q->fmt, 0) - mxa__elem_lsb(q->fmt, 1));
	return mxa_encode_double(q->fmt, y, &rne_sat, code);
}

/* Scale exponent X of an MX block with finite @amax (its code is X + 127). */
static int mx_exponent(const struct quant *q, float amax, int *x_exp)
{
	uint8_t code;
	int ret, e;

	if (q->rule == MXA_SCALE_RULE_CEIL) {
		ret = mxa_encode(MXA_FMT_E8M0, amax / q->maxv, &ru_sat, &code);
		if (ret)
			return ret;
		*x_exp = (int)code - 127;
		return 0;
	}
	if (amax == 0.0f) {
		*x_exp = -127;
		return 0;
	}
	/* amax = f x 2^e with f in [0.5, 1): floor(log2 amax) = e - 1. */
	frexpf(amax, &e);
	e = e - 1 - q->emax;
	*x_exp = e < -127 ? -127 : e > 127 ? 127 : e;
	return 0;
}

static int mx_block(const struct quant *q, float amax, const float *x,
		    size_t n, size_t stride, uint8_t *codes, uint8_t *scale)
{
	int ret, xe;

	ret = mx_exponent(q, amax, &xe);
	if (ret)
		return ret;
	*scale = (uint8_t)(xe + 127);
	/* x 2^-X is exact in double for every float x and |X| <= 127. */
	for (size_t i = 0; i < n; i++) {
		ret = encode_elem(q, ldexp(x[i * stride], -xe),
				  &codes[i * stride]);
		if (ret)
			return ret;
	}
	return 0;
}

static int nv_block(const struct quant *q, float amax, const float *x,
		    size_t n, size_t stride, uint8_t *codes, uint8_t *scale)
{
	float t = (amax / q->maxv) / q->g;
	float sv, d;
	int ret;

	ret = mxa_encode(MXA_FMT_UE4M3, t, &rne_sat, scale);
	if (ret)
		return ret;
	ret = mxa_decode(MXA_FMT_UE4M3, *scale, 0, &sv);
	if (ret)
		return ret;
	d = sv * q->g;
	for (size_t i = 0; i < n; i++) {
		if (d == 0.0f) {
			codes[i * stride] = 0;
			continue;
		}
		ret = encode_elem(q, x[i * stride] / d, &codes[i * stride]);
		if (ret)
			return ret;
	}
	return 0;
}

/* One block: @n elements @stride floats apart, codes laid out alike. */
static int quantize_block(const struct quant *q, const float *x, size_t n,
			  size_t stride, uint8_t *codes, uint8_t *scale)
{
	float amax = 0.0f;
	int special = 0;

	for (size_t i = 0; i < n; i++) {
		float a = fabsf(x[i * stride]);

		if (!isfinite(a))
			special = 1;
		else if (a > amax)
			amax = a;
	}
	if (special) {
		*scale = q->mode == MXA_SCALE_MX ? E8M0_NAN : UE4M3_NAN;
		for (size_t i = 0; i < n; i++)
			codes[i * stride] = 0;
		return 0;
	}
	if (q->mode == MXA_SCALE_MX)
		return mx_block(q, amax, x, n, stride, codes, scale);
	return nv_block(q, amax, x, n, stride, codes, scale);
}

/*
 * Non-finite elements are left out of the tensor's amax: their blocks get
 * the NaN scale whatever g is, and g must stay finite and positive.
 */
static float nv_tensor_scale(const struct quant *q, const float *x,
			     size_t count)
{
	const float denom = 448.0f * q->maxv;	/* exact for every format */
	float amax = 0.0f, g;

	for (size_t i = 0; i < count; i++) {
		float a = fabsf(x[i]);

		if (isfinite(a) && a > amax)
			amax = a;
	}
	g = amax / denom;
	return g == 0.0f ? 1.0f : g;
}

static int check_args(const struct mxa_block_quant_opts *opts, const float *x,
		      size_t rows, size_t cols, const uint8_t *codes,
		      const uint8_t *scales)
{
	static const char what[] = "quantize blocks";

	if (!opts)
		return mxa__error(EINVAL, "%s: NULL opts", what);
	if (!mxa__is_elem_format(opts->format))
		return mxa__error(EINVAL, "%s: format %d is not an element "
				  "format", what, (int)opts->format);
	if (opts->scale != MXA_SCALE_MX && opts->scale != MXA_SCALE_NV)
		return mxa__error(EINVAL, "%s: scale mode %d: need mx or nv",
				  what, (int)opts->scale);
	if (opts->rule != MXA_SCALE_RULE_FLOOR &&
	    opts->rule != MXA_SCALE_RULE_CEIL)
		return mxa__error(EINVAL, "%s: unknown scale rule %d", what,
				  (int)opts->rule);
	if (opts->rule != MXA_SCALE_RULE_FLOOR && opts->scale != MXA_SCALE_MX)
		return mxa__error(EINVAL, "%s: the ceil rule is for mx scales "
				  "only", what);
	if (opts->tensor_scale && opts->scale != MXA_SCALE_NV)
		return mxa__error(EINVAL, "%s: a per-tensor scale needs nv "
				  "scales", what);
	if (opts->block_size && (opts->block_size & (opts->block_size - 1) ||
				 !(MXA_BLOCK_SIZES & opts->block_size)))
		return mxa__error(EINVAL, "%s: block size %u: need 8, 16, 32 "
				  "or 64", what, opts->block_size);
	if (!rows || !cols)
		return mxa__error(EINVAL, "%s: empty matrix %zu x %zu", what,
				  rows, cols);
	if (rows > SIZE_MAX / sizeof(float) / cols)
		return mxa__error(EINVAL, "%s: matrix %zu x %zu too large",
				  what, rows, cols);
	if (!x || !codes || !scales)
		return mxa__error(EINVAL, "%s: NULL %s", what,
				  !x ? "x" : !codes ? "codes" : "scales");
	return 0;
}

MXA_EXPORT int mxa_quantize_blocks(const struct mxa_block_quant_opts *opts,
				   const float *x, size_t rows, size_t cols,
				   int k_along_rows, uint8_t *codes,
				   uint8_t *scales, float *tensor_scale)
{
	struct quant q;
	size_t bs;
	int ret;

	ret = check_args(opts, x, rows, cols, codes, scales);
	if (ret)
		return ret;

	q.fmt = opts->format;
	q.mode = opts->scale;
	q.rule = opts->rule;
	ret = mxa__elem_range(q.fmt, &q.maxv, &q.emax);
	if (ret)
		return ret;
	q.g = opts->tensor_scale ? nv_tensor_scale(&q, x, rows * cols) : 1.0f;
	bs = opts->block_size ? opts->block_size : mxa_block_size(q.mode);

	if (k_along_rows) {
		size_t nb = (cols + bs - 1) / bs;

		for (size_t r = 0; r < rows; r++) {
			for (size_t j = 0; j < nb; j++) {
				size_t k0 = j * bs, off = r * cols + k0;
				size_t n = cols - k0 < bs ? cols - k0 : bs;

				ret = quantize_block(&q, x + off, n, 1,
						     codes + off,
						     scales + r * nb + j);
				if (ret)
					return ret;
			}
		}
	} else {
		size_t nb = (rows + bs - 1) / bs;

		/*
		 * Column after column within one band of bs rows: the band's
		 * cache lines serve neighbouring columns in turn.
		 */
		for (size_t j = 0; j < nb; j++) {
			size_t k0 = j * bs;
			size_t n = rows - k0 < bs ? rows - k0 : bs;

			for (size_t c = 0; c < cols; c++) {
				size_t off = k0 * cols + c;

				ret = quantize_block(&q, x + off, n, cols,
						     codes + off,
						     scales + j * cols + c);
				if (ret)
					return ret;
			}
		}
	}
	if (tensor_scale)
		*tensor_scale = q.g;
	return 0;
}
