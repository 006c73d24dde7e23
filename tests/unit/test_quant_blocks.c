// SPDX-License-Identifier: MIT
/*
 * test_quant_blocks.c - block-scaled quantization (docs/numerics.md
 * section 4): every scale recomputed here from the rules as written, every
 * element checked against its exact scaled value and its rounding error,
 * for the MX floor and ceil rules and the NV recipe, A and B orientations,
 * zero, NaN/Inf and short blocks, and argument errors.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_priv.h"

/* Half the bits of a size_t: 32 on 64-bit targets, 16 on 32-bit ones. */
#define HALF_SIZE_BITS (sizeof(size_t) * 4)

/* The element formats as section 1 tables them (int8 scaled: MXINT8). */
struct fref {
	enum mxa_format fmt;
	double maxv;
	double minv;		/* most negative value (int8 reaches -2) */
	int emax;		/* exponent of maxv */
	int man;		/* mantissa bits (floating point) */
	int emin;		/* exponent of the smallest normal */
	double unit;		/* integer formats: spacing of values */
};

static const struct fref frefs[] = {
	{ MXA_FMT_E5M2, 57344.0, -57344.0, 15, 2, -14, 0 },
	{ MXA_FMT_E4M3, 448.0, -448.0, 8, 3, -6, 0 },
	{ MXA_FMT_E3M2, 28.0, -28.0, 4, 2, -2, 0 },
	{ MXA_FMT_E2M3, 7.5, -7.5, 2, 3, 0, 0 },
	{ MXA_FMT_E2M1, 6.0, -6.0, 2, 1, 0, 0 },
	{ MXA_FMT_INT8, 127.0 / 64.0, -2.0, 0, 0, 0, 1.0 / 64.0 },
	{ MXA_FMT_TERNARY, 1.0, -1.0, 0, 0, 0, 1.0 },
};

static const struct mxa_convert_opts rne_sat = { MXA_ROUND_RNE, 1 };

/* Spacing of the format's values at |y| (y in the element's own terms). */
static double ulp_at(const struct fref *f, double y)
{
	int e;

	if (f->unit)
		return f->unit;
	y = fabs(y);
	if (y < ldexp(1.0, f->emin))
		return ldexp(1.0, f->emin - f->man);
	frexp(y, &e);
	return ldexp(1.0, e - 1 - f->man);
}

static double elem_value(const struct fref *f, uint8_t code)
{
	float v = NAN;
	int ret = mxa_decode(f->fmt, code, 1, &v);

	T_CHECK(ret == 0, "%s code 0x%02x does not decode",
		mxa_format_name(f->fmt), code);
	return v;
}

/* Value of a UE4M3 code from its fields (E4M3, bias 7, sign 0). */
static double ue4m3_value(unsigned c)
{
	unsigned e = c >> 3 & 15, m = c & 7;

	return e ? ldexp(1.0 + m / 8.0, (int)e - 7) : ldexp(m / 8.0, -6);
}

/* Nearest UE4M3 code by search, ties to the even code, saturating. */
static uint8_t ref_ue4m3(float t)
{
	unsigned best = 0;
	double bd = INFINITY;

	if (t > 448.0f)
		return 0x7e;
	for (unsigned c = 0; c <= 0x7e; c++) {
		double d = fabs(ue4m3_value(c) - t);

		if (d < bd || (d == bd && !(c & 1))) {
			bd = d;
			best = c;
		}
	}
	return (uint8_t)best;
}

/* floor(log2 a) of a finite a > 0, through frexp: a = f 2^e, f in [.5,1). */
static int floor_log2(double a)
{
	int e;

	frexp(a, &e);
	return e - 1;
}

/* Smallest n with 2^n >= a, for finite a > 0. */
static int ceil_log2(double a)
{
	int e;
	double f = frexp(a, &e);

	return f == 0.5 ? e - 1 : e;
}

static int clamp127(int n)
{
	return n < -127 ? -127 : n > 127 ? 127 : n;
}

static float ref_tensor_scale(const struct fref *f, const float *x, size_t n)
{
	float amax = 0.0f, g;

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]) && fabsf(x[i]) > amax)
			amax = fabsf(x[i]);
	g = amax / (float)(448.0 * f->maxv);
	return g == 0.0f ? 1.0f : g;
}

struct stats {
	long blocks, elems, saturated;
	double worst;		/* largest error in ulps, unsaturated */
};

/*
 * Checks one block: @x the inputs, @codes what the library wrote, @scale
 * its scale code, @g the per-tensor scale (NV).
 */
static void check_block(const struct fref *f,
			const struct mxa_block_quant_opts *o, const float *x,
			const uint8_t *codes, size_t n, uint8_t scale, float g,
			struct stats *st, const char *where)
{
	const char *name = mxa_format_name(f->fmt);
	int special = 0, mx = o->scale == MXA_SCALE_MX;
	float amax = 0.0f, d = 0.0f;
	uint8_t want;
	int xe = 0;

	st->blocks++;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]))
			special = 1;
		else if (fabsf(x[i]) > amax)
			amax = fabsf(x[i]);
	}
	if (special) {
		want = mx ? 0xff : 0x7f;
		T_CHECK(scale == want, "%s %s: NaN/Inf block scale 0x%02x",
			where, name, scale);
		for (size_t i = 0; i < n; i++)
			T_CHECK(codes[i] == 0, "%s %s: NaN/Inf block code "
				"0x%02x at %zu", where, name, codes[i], i);
		return;
	}

	if (mx && o->rule == MXA_SCALE_RULE_FLOOR) {
		xe = amax == 0.0f ? -127 :
		     clamp127(floor_log2(amax) - f->emax);
		want = (uint8_t)(xe + 127);
	} else if (mx) {
		float s = amax / (float)f->maxv;

		xe = s == 0.0f ? -127 : clamp127(ceil_log2(s));
		want = (uint8_t)(xe + 127);
	} else {
		float t = (amax / (float)f->maxv) / g;

		want = ref_ue4m3(t);
		d = (float)ue4m3_value(want) * g;
	}
	T_CHECK(scale == want, "%s %s amax %a: scale 0x%02x, want 0x%02x",
		where, name, amax, scale, want);
	if (scale != want)
		return;

	for (size_t i = 0; i < n; i++) {
		double y, v, err;
		uint8_t enc;

		st->elems++;
		if (!mx && d == 0.0f) {
			T_CHECK(codes[i] == 0, "%s %s: code 0x%02x with d = 0",
				where, name, codes[i]);
			continue;
		}
		y = mx ? ldexp(x[i], -xe) : (double)(x[i] / d);

		/* The element is the conversion of the exact scaled value. */
		T_CHECK(mxa_encode_double(f->fmt, f->fmt == MXA_FMT_INT8 ?
					  y * 64 : y, &rne_sat, &enc) == 0,
			"encode");
		T_CHECK(codes[i] == enc, "%s %s x %a (y %a): code 0x%02x, "
			"want 0x%02x", where, name, x[i], y, codes[i], enc);

		v = elem_value(f, codes[i]);
		if (y > f->maxv || y < f->minv) {
			st->saturated++;
			T_CHECK(v == (y > 0 ? f->maxv : f->minv),
				"%s %s y %a: %a, want saturation", where, name,
				y, v);
			continue;
		}
		err = fabs(v - y) / ulp_at(f, y);
		if (err > st->worst)
			st->worst = err;
		T_CHECK(err <= 0.5, "%s %s x %a: y %a -> %a, %g ulp", where,
			name, x[i], y, v, err);
		if (y != 0)
			T_CHECK(v == 0 || (v < 0) == (y < 0),
				"%s %s: sign of %a lost", where, name, y);
		if (o->rule == MXA_SCALE_RULE_CEIL && mx)
			T_CHECK(y <= f->maxv * (1 + 0x1p-23) &&
				y >= f->minv * (1 + 0x1p-23),
				"%s %s: ceil rule saturates %a", where, name,
				y);
	}
}

/* Quantizes @x and checks every block, gathered here by its own indices. */
static void check_matrix(const struct fref *f,
			 const struct mxa_block_quant_opts *o, const float *x,
			 size_t rows, size_t cols, int a_side,
			 struct stats *st)
{
	size_t bs = o->scale == MXA_SCALE_NV ? 16 : 32;
	size_t kdim = a_side ? cols : rows, other = a_side ? rows : cols;
	size_t nb = (kdim + bs - 1) / bs, count = rows * cols;
	uint8_t *codes = malloc(count), *scales = malloc(nb * other);
	float bx[32], g = -1.0f, want_g;
	uint8_t bc[32];
	char where[96];
	int ret;

	if (!codes || !scales) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	memset(codes, 0xee, count);
	ret = mxa_quantize_blocks(o, x, rows, cols, a_side, codes, scales, &g);
	snprintf(where, sizeof(where), "%s %zux%zu %s rule %d ts %d",
		 a_side ? "A" : "B", rows, cols,
		 o->scale == MXA_SCALE_MX ? "mx" : "nv", o->rule,
		 o->tensor_scale);
	T_CHECK(ret == 0, "%s: failed %d (%s)", where, ret, mxa_last_error());
	if (ret)
		goto out;

	want_g = o->tensor_scale ? ref_tensor_scale(f, x, count) : 1.0f;
	T_CHECK(t_float_bits(g) == t_float_bits(want_g),
		"%s: tensor scale %a, want %a", where, g, want_g);

	for (size_t r = 0; r < other; r++) {
		for (size_t j = 0; j < nb; j++) {
			size_t n = kdim - j * bs < bs ? kdim - j * bs : bs;
			uint8_t sc = a_side ? scales[r * nb + j] :
					      scales[j * cols + r];

			for (size_t t = 0; t < n; t++) {
				size_t k = j * bs + t;
				size_t idx = a_side ? r * cols + k :
						      k * cols + r;

				bx[t] = x[idx];
				bc[t] = codes[idx];
			}
			check_block(f, o, bx, bc, n, sc, want_g, st, where);
		}
	}
out:
	free(codes);
	free(scales);
}

/*
 * B (K x N, blocks down columns) must be A of the transpose: same codes,
 * transposed, and the scales of column j as row j.
 */
static void check_transpose(const struct mxa_block_quant_opts *o,
			    const float *x, size_t rows, size_t cols)
{
	size_t bs = mxa_block_size(o->scale), nb = (rows + bs - 1) / bs;
	float *xt = malloc(rows * cols * sizeof(float));
	uint8_t *cb = malloc(rows * cols), *ca = malloc(rows * cols);
	uint8_t *sb = malloc(nb * cols), *sa = malloc(nb * cols);
	float gb, ga;
	int same = 1;

	if (!xt || !cb || !ca || !sb || !sa) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	for (size_t k = 0; k < rows; k++)
		for (size_t c = 0; c < cols; c++)
			xt[c * rows + k] = x[k * cols + c];
	T_CHECK(mxa_quantize_blocks(o, x, rows, cols, 0, cb, sb, &gb) == 0 &&
		mxa_quantize_blocks(o, xt, cols, rows, 1, ca, sa, &ga) == 0,
		"transpose pair failed: %s", mxa_last_error());
	for (size_t k = 0; k < rows; k++)
		for (size_t c = 0; c < cols; c++)
			same &= cb[k * cols + c] == ca[c * rows + k];
	for (size_t j = 0; j < nb; j++)
		for (size_t c = 0; c < cols; c++)
			same &= sb[j * cols + c] == sa[c * nb + j];
	T_CHECK(same && gb == ga, "B %zux%zu differs from A of its transpose",
		rows, cols);
	free(xt);
	free(cb);
	free(ca);
	free(sb);
	free(sa);
}

/*
 * Values of varied character: a moderate binade per matrix, zeros of both
 * signs, powers of two and multiples of maxv (scale boundaries), and in
 * "wide" mode any finite float, subnormals included.
 */
static float random_value(struct t_rng *r, const struct fref *f, int base,
			  int wide)
{
	uint32_t pick = t_rng_below(r, 100);
	float sign = t_rng_below(r, 2) ? -1.0f : 1.0f;
	int e = base + (int)t_rng_below(r, 12) - 6;

	if (pick < 8)
		return sign * 0.0f;
	if (pick < 16)
		return sign * ldexpf(1.0f, e);
	if (pick < 22)
		return sign * ldexpf((float)f->maxv, e);
	if (wide && pick < 50) {
		uint32_t u;

		do
			u = (uint32_t)t_rng_next(r);
		while ((u & 0x7f800000) == 0x7f800000);
		return t_bits_float(u);
	}
	return sign * ldexpf(1.0f + (float)(t_rng_next(r) >> 40) * 0x1p-24f,
			     e);
}

static void fill(struct t_rng *r, const struct fref *f, float *x, size_t n,
		 int wide, int specials)
{
	int base = (int)t_rng_below(r, 80) - 40;

	for (size_t i = 0; i < n; i++)
		x[i] = random_value(r, f, base, wide);
	/* A few blocks' worth of specials, and whole zero stretches. */
	for (int s = 0; s < specials; s++) {
		static const float sp[] = { NAN, INFINITY, -INFINITY };

		x[t_rng_below(r, (uint32_t)n)] = sp[t_rng_below(r, 3)];
	}
	if (t_rng_below(r, 3) == 0) {
		size_t at = t_rng_below(r, (uint32_t)n);
		size_t len = t_rng_below(r, 70);

		for (size_t i = at; i < n && i < at + len; i++)
			x[i] = 0.0f;
	}
}

static void test_random(void)
{
	static const size_t dims[] = { 1, 2, 5, 15, 16, 17, 31, 32, 33, 47,
				       64, 65, 100 };
	struct t_rng r;

	t_rng_seed(&r, 42);
	for (size_t fi = 0; fi < MXA_ARRAY_SIZE(frefs); fi++) {
		const struct fref *f = &frefs[fi];
		struct stats st = { 0 };

		for (int mode = 0; mode < 4; mode++) {
			struct mxa_block_quant_opts o = {
				.format = f->fmt,
				.scale = mode < 2 ? MXA_SCALE_MX : MXA_SCALE_NV,
				.rule = mode == 1 ? MXA_SCALE_RULE_CEIL :
						    MXA_SCALE_RULE_FLOOR,
				.tensor_scale = mode == 3,
			};

			for (int it = 0; it < 40; it++) {
				size_t rows = dims[t_rng_below(&r,
					MXA_ARRAY_SIZE(dims))];
				size_t cols = dims[t_rng_below(&r,
					MXA_ARRAY_SIZE(dims))];
				size_t n = rows * cols;
				float *x = malloc(n * sizeof(float));

				if (!x) {
					fprintf(stderr, "out of memory\n");
					exit(T_FAIL);
				}
				fill(&r, f, x, n, it % 4 == 3,
				     it % 3 == 2 ? 1 + (int)t_rng_below(&r, 4) :
						   0);
				check_matrix(f, &o, x, rows, cols, 1, &st);
				check_matrix(f, &o, x, rows, cols, 0, &st);
				if (it % 8 == 0)
					check_transpose(&o, x, rows, cols);
				free(x);
			}
		}
		printf("%-8s %ld blocks, %ld elements, %ld saturated, "
		       "worst error %.3f ulp\n", mxa_format_name(f->fmt),
		       st.blocks, st.elems, st.saturated, st.worst);
	}
}

/* A 1 x n row quantized as A; returns the scale of block 0. */
static uint8_t quant_row(enum mxa_format fmt, enum mxa_scale_mode mode,
			 enum mxa_scale_rule rule, int ts, const float *x,
			 size_t n, uint8_t *codes, float *g)
{
	struct mxa_block_quant_opts o = { fmt, mode, rule, ts, 0 };
	uint8_t scales[8] = { 0 };
	int ret = mxa_quantize_blocks(&o, x, 1, n, 1, codes, scales, g);

	T_CHECK(ret == 0, "quant_row failed: %s", mxa_last_error());
	return scales[0];
}

/* Cases worked out by hand from section 4. */
static void test_hand(void)
{
	float x[32] = { 0 }, g;
	uint8_t c[32], sc;

	/* e4m3 floor: amax 1 = 2^0, X = 0 - 8; 1 x 2^8 = 256 is 0x78. */
	x[0] = 1.0f;
	x[1] = -0.5f;
	sc = quant_row(MXA_FMT_E4M3, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 119 && c[0] == 0x78 && c[1] == 0xf0 && c[2] == 0 &&
		g == 1.0f, "e4m3 floor: scale %u codes %02x %02x", sc, c[0],
		c[1]);

	/* e2m1 floor: amax 7, X = 2 - 2 = 0; 7 saturates to 6 (0x7). */
	x[0] = 7.0f;
	x[1] = 0.25f;	/* tie between 0 and 0.5: even code 0 */
	sc = quant_row(MXA_FMT_E2M1, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 127 && c[0] == 0x7 && c[1] == 0x0, "e2m1 floor: scale "
		"%u codes %x %x", sc, c[0], c[1]);

	/* e2m1 ceil: 7/6 rounds up to 2; 7/2 = 3.5 ties to 4 (0x6). */
	sc = quant_row(MXA_FMT_E2M1, MXA_SCALE_MX, MXA_SCALE_RULE_CEIL, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 128 && c[0] == 0x6, "e2m1 ceil: scale %u code %x", sc,
		c[0]);

	/* int8 floor: amax 3, X = 1; 3/2 = 1.5 is code 96 in 2^-6 units. */
	x[0] = 3.0f;
	x[1] = -1.0f;
	sc = quant_row(MXA_FMT_INT8, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 128 && c[0] == 96 && c[1] == (uint8_t)-32,
		"int8 floor: scale %u codes %d %d", sc, c[0], (int8_t)c[1]);

	/* nv e2m1: amax 6 gives t = 1 (0x38), d = 1; 3 is 0x5. */
	memset(x, 0, sizeof(x));
	x[0] = 6.0f;
	x[15] = -3.0f;
	x[16] = 12.0f;	/* second block: t = 2 (0x40) */
	x[17] = 3.0f;	/* 3 / 2 = 1.5: 0x3 */
	{
		struct mxa_block_quant_opts o = { MXA_FMT_E2M1, MXA_SCALE_NV,
						  MXA_SCALE_RULE_FLOOR, 0, 0 };
		uint8_t s2[2];

		T_CHECK(mxa_quantize_blocks(&o, x, 1, 18, 1, c, s2, NULL) == 0,
			"nv hand: %s", mxa_last_error());
		T_CHECK(s2[0] == 0x38 && s2[1] == 0x40 && c[0] == 0x7 &&
			c[15] == 0xd && c[16] == 0x7 && c[17] == 0x3,
			"nv e2m1: scales %02x %02x codes %x %x %x %x", s2[0],
			s2[1], c[0], c[15], c[16], c[17]);
		/* Tensor amax 2688 = 448 x 6: g = 1 exactly. */
		x[1] = 2688.0f;
		o.tensor_scale = 1;
		T_CHECK(mxa_quantize_blocks(&o, x, 1, 18, 1, c, s2, &g) == 0 &&
			g == 1.0f && s2[0] == 0x7e, "nv tensor: g %a scale "
			"%02x", g, s2[0]);
	}

	/* All-zero tensor: g = 1, scales 0, codes keep the sign of zero. */
	memset(x, 0, sizeof(x));
	x[3] = -0.0f;
	sc = quant_row(MXA_FMT_E4M3, MXA_SCALE_NV, MXA_SCALE_RULE_FLOOR, 1,
		       x, 16, c, &g);
	T_CHECK(sc == 0 && g == 1.0f && c[0] == 0 && c[3] == 0,
		"nv zeros: scale %u g %a", sc, g);
	sc = quant_row(MXA_FMT_E4M3, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 0 && c[0] == 0 && c[3] == 0x80, "mx zeros: scale %u "
		"codes %02x %02x", sc, c[0], c[3]);
	sc = quant_row(MXA_FMT_E4M3, MXA_SCALE_MX, MXA_SCALE_RULE_CEIL, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 0, "mx ceil zeros: scale %u", sc);

	/* A NaN in one block leaves g and the other block alone. */
	x[0] = NAN;
	x[20] = 2688.0f * 2;
	sc = quant_row(MXA_FMT_E2M1, MXA_SCALE_NV, MXA_SCALE_RULE_FLOOR, 1,
		       x, 32, c, &g);
	T_CHECK(sc == 0x7f && g == 2.0f && c[20] == 0x7, "nv NaN: scale "
		"%02x g %a code %x", sc, g, c[20]);

	/* Tiny amax: the floor rule clamps X at -127. */
	memset(x, 0, sizeof(x));
	x[0] = 0x1p-149f;
	sc = quant_row(MXA_FMT_E2M1, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 0 && c[0] == 0, "clamped scale %u code %x", sc, c[0]);
	/* Huge amax: FLT_MAX, X = 127 - 15 for e5m2. */
	x[0] = FLT_MAX;
	sc = quant_row(MXA_FMT_E5M2, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR, 0,
		       x, 32, c, &g);
	T_CHECK(sc == 127 + 112 && c[0] == 0x7b, "FLT_MAX: scale %u code %x",
		sc, c[0]);
}

/*
 * t = (amax / maxv) / g is two divisions in that order: find blocks where
 * amax / (maxv x g) would round to another scale, and check the order.
 */
static void test_nv_order(void)
{
	const struct fref *f = &frefs[4];	/* e2m1 */
	struct mxa_block_quant_opts o = { f->fmt, MXA_SCALE_NV,
					  MXA_SCALE_RULE_FLOOR, 1, 0 };
	float x[32], g, maxv = (float)f->maxv;
	uint8_t codes[32], scales[2];
	struct t_rng r;
	int found = 0;

	t_rng_seed(&r, 7);
	for (int it = 0; it < 200000 && found < 20; it++) {
		float tmax = ldexpf(1.0f + (float)(t_rng_next(&r) >> 40) *
				    0x1p-24f, (int)t_rng_below(&r, 40) - 10);
		float gg = tmax / (float)(448.0 * f->maxv);
		/* Block amax near maxv x g x a UE4M3 midpoint in [1, 2). */
		float mid = (float)ue4m3_value(0x38 + t_rng_below(&r, 8)) +
			    0x1p-4f;
		float a = nextafterf(mid * maxv * gg,
				     t_rng_below(&r, 2) ? 0.0f : INFINITY);

		for (int k = (int)t_rng_below(&r, 4); k > 0; k--)
			a = nextafterf(a, t_rng_below(&r, 2) ? 0.0f : INFINITY);
		if (ref_ue4m3((a / maxv) / gg) == ref_ue4m3(a / (maxv * gg)))
			continue;
		found++;
		memset(x, 0, sizeof(x));
		x[0] = tmax;
		x[16] = a;
		x[17] = -a / 3;
		T_CHECK(mxa_quantize_blocks(&o, x, 1, 32, 1, codes, scales,
					    &g) == 0 && g == gg,
			"nv order: %s", mxa_last_error());
		T_CHECK(scales[1] == ref_ue4m3((a / maxv) / gg),
			"nv order: amax %a g %a: scale 0x%02x, want 0x%02x",
			a, gg, scales[1], ref_ue4m3((a / maxv) / gg));
	}
	T_CHECK(found == 20, "only %d blocks tell the orders apart", found);
}

static void expect_einval(const struct mxa_block_quant_opts *o,
			  const float *x, size_t rows, size_t cols,
			  uint8_t *codes, uint8_t *scales, const char *what)
{
	int ret = mxa_quantize_blocks(o, x, rows, cols, 1, codes, scales,
				      NULL);

	T_CHECK(ret == -EINVAL, "%s: returned %d", what, ret);
	T_CHECK(mxa_last_error()[0] != '\0', "%s: no message", what);
}

static void test_args(void)
{
	const struct mxa_block_quant_opts ok = { MXA_FMT_E4M3, MXA_SCALE_MX,
						 MXA_SCALE_RULE_FLOOR, 0, 0 };
	static const int bad_formats[] = { MXA_FMT_E8M0, MXA_FMT_UE4M3,
					   MXA_FMT_BF16, MXA_FMT_FP32, 99, -1 };
	struct mxa_block_quant_opts o;
	float x[64] = { 1.0f };
	uint8_t codes[64], scales[4];

	T_CHECK(mxa_block_size(MXA_SCALE_NONE) == 32 &&
		mxa_block_size(MXA_SCALE_MX) == 32 &&
		mxa_block_size(MXA_SCALE_NV) == 16 &&
		mxa_block_size((enum mxa_scale_mode)7) == 0, "block sizes");

	expect_einval(NULL, x, 2, 32, codes, scales, "NULL opts");
	for (size_t i = 0; i < MXA_ARRAY_SIZE(bad_formats); i++) {
		o = ok;
		o.format = (enum mxa_format)bad_formats[i];
		expect_einval(&o, x, 2, 32, codes, scales, "format");
	}
	o = ok;
	o.scale = MXA_SCALE_NONE;
	expect_einval(&o, x, 2, 32, codes, scales, "scale none");
	o.scale = (enum mxa_scale_mode)5;
	expect_einval(&o, x, 2, 32, codes, scales, "scale 5");
	o = ok;
	o.rule = (enum mxa_scale_rule)2;
	expect_einval(&o, x, 2, 32, codes, scales, "rule 2");
	o.scale = MXA_SCALE_NV;
	o.rule = MXA_SCALE_RULE_CEIL;
	expect_einval(&o, x, 2, 32, codes, scales, "nv with ceil rule");
	o = ok;
	o.tensor_scale = 1;
	expect_einval(&o, x, 2, 32, codes, scales, "mx with tensor scale");
	for (unsigned bs = 1; bs <= 256; bs++) {
		o = ok;
		o.block_size = bs;
		if (bs == 8 || bs == 16 || bs == 32 || bs == 64)
			continue;
		expect_einval(&o, x, 2, 32, codes, scales, "block size");
	}
	expect_einval(&ok, x, 0, 32, codes, scales, "no rows");
	expect_einval(&ok, x, 2, 0, codes, scales, "no cols");
	expect_einval(&ok, x, SIZE_MAX / 2, 4, codes, scales, "overflow");
	/* rows * cols fits size_t, rows * cols * 4 bytes does not. */
	expect_einval(&ok, x, (SIZE_MAX >> HALF_SIZE_BITS) + 2,
		      SIZE_MAX >> (HALF_SIZE_BITS + 1), codes, scales,
		      "overflow in bytes");
	expect_einval(&ok, NULL, 2, 32, codes, scales, "NULL x");
	expect_einval(&ok, x, 2, 32, NULL, scales, "NULL codes");
	expect_einval(&ok, x, 2, 32, codes, NULL, "NULL scales");

	/* The tensor scale output is optional; without NV it is 1. */
	T_CHECK(mxa_quantize_blocks(&ok, x, 2, 32, 1, codes, scales, NULL) == 0,
		"NULL tensor_scale: %s", mxa_last_error());
}

/*
 * Another block size takes the scale of each block of that many elements:
 * one row, K = 64, a block of 8 whose largest magnitude is 2^b gets the
 * E8M0 scale of 2^b (OCP floor rule, e4m3: emax 8), at every size.
 */
static void test_block_sizes(void)
{
	struct mxa_block_quant_opts o = { MXA_FMT_E4M3, MXA_SCALE_MX,
					  MXA_SCALE_RULE_FLOOR, 0, 0 };
	float x[64];
	uint8_t codes[64], scales[8];

	for (unsigned i = 0; i < 64; i++)
		x[i] = ldexpf(1.0f, (int)(i / 8)) * (i % 2 ? -1.0f : 0.75f);
	for (unsigned bs = 8; bs <= 64; bs *= 2) {
		o.block_size = bs;
		memset(scales, 0xAA, sizeof(scales));
		T_CHECK(mxa_quantize_blocks(&o, x, 1, 64, 1, codes, scales,
					    NULL) == 0, "bs %u: %s", bs,
			mxa_last_error());
		for (unsigned j = 0; j < 64 / bs; j++) {
			/* The block's largest magnitude is 2^((j+1)bs/8 - 1). */
			unsigned e = (j + 1) * bs / 8 - 1;

			T_CHECK(scales[j] == 127 + e - 8, "bs %u block %u: "
				"scale 0x%02x, want 0x%02x", bs, j, scales[j],
				127 + e - 8);
		}
		T_CHECK(64 / bs == 8 || scales[64 / bs] == 0xAA,
			"bs %u: %u scales only", bs, 64 / bs);
	}
}

int main(void)
{
	test_hand();
	test_nv_order();
	test_args();
	test_block_sizes();
	test_random();
	return t_exit();
}
