// SPDX-License-Identifier: MIT
/*
 * format.c - the element and scale formats: their properties, decoding of
 * codes, and the correctly rounded conversions from float and double of
 * docs/numerics.md sections 1 to 3.
 *
 * Every conversion works on the bits of a double, which holds any float
 * (and any quantization input x * 2^-X) exactly, so rounding is decided on
 * the exact input value with integer arithmetic only.
 */
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mxa_priv.h"

enum special_kind {
	SPECIAL_NONE,		/* finite only (FP6, FP4) */
	SPECIAL_IEEE,		/* e5m2: exponent 11111: inf (m = 0) or NaN */
	SPECIAL_ONE_NAN,	/* e4m3: only S.1111.111 is NaN */
};

struct fmt_desc {
	const char *name;
	unsigned bits;
	unsigned exp_bits, man_bits;
	int bias;
	enum special_kind special;
	uint8_t max_mag;	/* magnitude code of the largest finite value */
	int lsb;		/* exponent of the smallest subnormal */
};

/*
 * Indexed by enum mxa_format. Integer formats, e8m0, bf16 and fp32 are
 * described here for mxa_format_info() only; their conversions have their
 * own code below.
 */
static const struct fmt_desc fmt_table[MXA_FMT_COUNT] = {
	[MXA_FMT_E5M2] = { "e5m2", 8, 5, 2, 15, SPECIAL_IEEE, 0x7B, -16 },
	[MXA_FMT_E4M3] = { "e4m3", 8, 4, 3, 7, SPECIAL_ONE_NAN, 0x7E, -9 },
	[MXA_FMT_E3M2] = { "e3m2", 6, 3, 2, 3, SPECIAL_NONE, 0x1F, -4 },
	[MXA_FMT_E2M3] = { "e2m3", 6, 2, 3, 1, SPECIAL_NONE, 0x1F, -3 },
	[MXA_FMT_E2M1] = { "e2m1", 4, 2, 1, 1, SPECIAL_NONE, 0x07, -1 },
	[MXA_FMT_INT8] = { "int8", 8, 0, 0, 0, SPECIAL_NONE, 127, 0 },
	[MXA_FMT_TERNARY] = { "ternary", 2, 0, 0, 0, SPECIAL_NONE, 1, 0 },
	[MXA_FMT_E8M0] = { "e8m0", 8, 8, 0, 127, SPECIAL_NONE, 0xFE, -127 },
	[MXA_FMT_UE4M3] = { "ue4m3", 8, 4, 3, 7, SPECIAL_ONE_NAN, 0x7E, -9 },
	[MXA_FMT_BF16] = { "bf16", 16, 8, 7, 127, SPECIAL_IEEE, 0, -133 },
	[MXA_FMT_FP32] = { "fp32", 32, 8, 23, 127, SPECIAL_IEEE, 0, -149 },
};

static int valid_format(enum mxa_format fmt)
{
	return (unsigned)fmt < MXA_FMT_COUNT;
}

/* Formats that have codes (everything but bf16 and fp32). */
static int is_code_format(enum mxa_format fmt)
{
	return (unsigned)fmt <= MXA_FMT_UE4M3;
}

int mxa__is_elem_format(enum mxa_format fmt)
{
	return (unsigned)fmt < MXA_NUM_ELEM_FORMATS;
}

int mxa__elem_lsb(enum mxa_format fmt, int scaled)
{
	if (!mxa__is_elem_format(fmt))
		return INT_MIN;
	if (fmt == MXA_FMT_INT8 && scaled)
		return -6;
	return fmt_table[fmt].lsb;
}

MXA_EXPORT int mxa_format_info(enum mxa_format fmt,
			       struct mxa_format_info *info)
{
	const struct fmt_desc *d;

	if (!valid_format(fmt))
		return mxa__error(EINVAL, "unknown format %d", (int)fmt);
	if (!info)
		return mxa__error(EINVAL, "format info: NULL output");
	d = &fmt_table[fmt];
	memset(info, 0, sizeof(*info));
	info->name = d->name;
	info->bits = d->bits;
	info->exp_bits = d->exp_bits;
	info->man_bits = d->man_bits;
	info->bias = d->bias;
	info->has_inf = d->special == SPECIAL_IEEE;
	info->has_nan = d->special != SPECIAL_NONE || fmt == MXA_FMT_E8M0;
	switch (fmt) {
	case MXA_FMT_INT8:
		info->max_normal = 127.0f;
		info->min_subnormal = 1.0f;
		break;
	case MXA_FMT_TERNARY:
		info->max_normal = 1.0f;
		info->min_subnormal = 1.0f;
		break;
	case MXA_FMT_E8M0:
		info->max_normal = ldexpf(1.0f, 127);
		info->min_normal = ldexpf(1.0f, -127);
		info->min_subnormal = ldexpf(1.0f, -127);
		break;
	case MXA_FMT_BF16:
		info->max_normal = ldexpf(255.0f, 120);
		info->min_normal = FLT_MIN;
		info->min_subnormal = ldexpf(1.0f, -133);
		break;
	case MXA_FMT_FP32:
		info->max_normal = FLT_MAX;
		info->min_normal = FLT_MIN;
		info->min_subnormal = FLT_TRUE_MIN;
		break;
	default:
		mxa_decode(fmt, d->max_mag, 0, &info->max_normal);
		info->min_normal = ldexpf(1.0f, 1 - d->bias);
		info->min_subnormal = ldexpf(1.0f, d->lsb);
		break;
	}
	return 0;
}

MXA_EXPORT int mxa_format_parse(const char *name)
{
	if (!name)
		return mxa__error(EINVAL, "format name: NULL");
	for (int f = 0; f < MXA_FMT_COUNT; f++)
		if (!strcasecmp(name, fmt_table[f].name))
			return f;
	return mxa__error(EINVAL, "unknown format '%s' (e5m2, e4m3, e3m2, "
			  "e2m3, e2m1, int8, ternary, e8m0, ue4m3, bf16, fp32)",
			  name);
}

MXA_EXPORT const char *mxa_format_name(enum mxa_format fmt)
{
	return valid_format(fmt) ? fmt_table[fmt].name : "unknown";
}

/* ---------------------------------------------------------------- decode */

static int check_code(enum mxa_format fmt, uint8_t code)
{
	unsigned bits = fmt_table[fmt].bits;

	if (bits < 8 && code >> bits)
		return mxa__error(EINVAL, "%s code 0x%02x has bits above its "
				  "%u-bit width", fmt_table[fmt].name, code,
				  bits);
	if (fmt == MXA_FMT_TERNARY && code == 2)
		return mxa__error(EINVAL, "ternary code 0b10 is invalid");
	if (fmt == MXA_FMT_UE4M3 && (code & 0x80))
		return mxa__error(EINVAL, "ue4m3 code 0x%02x has the sign bit "
				  "set", code);
	return 0;
}

/*
 * Integer value of a minifloat code in units of its smallest subnormal,
 * or a special. The code has been checked.
 */
static void minifloat_int(const struct fmt_desc *d, uint8_t code,
			  int64_t *value, int *special)
{
	unsigned all_ones = (1u << (d->bits - 1)) - 1;
	unsigned sign = code >> (d->bits - 1) & 1;
	unsigned mag = code & all_ones;
	unsigned e = mag >> d->man_bits;
	unsigned m = mag & ((1u << d->man_bits) - 1);
	int64_t v;

	*special = 0;
	if ((d->special == SPECIAL_IEEE && e == (1u << d->exp_bits) - 1) ||
	    (d->special == SPECIAL_ONE_NAN && mag == all_ones)) {
		*value = 0;
		*special = m == 0 && d->special == SPECIAL_IEEE ?
			   (sign ? -1 : 1) : 2;
		return;
	}
	v = e ? (int64_t)((1u << d->man_bits) | m) << (e - 1) : m;
	*value = sign ? -v : v;
}

int mxa__elem_int(enum mxa_format fmt, uint8_t code, int64_t *value,
		  int *special)
{
	int ret;

	if (!mxa__is_elem_format(fmt))
		return mxa__error(EINVAL, "%s is not an element format",
				  mxa_format_name(fmt));
	ret = check_code(fmt, code);
	if (ret)
		return ret;
	*special = 0;
	switch (fmt) {
	case MXA_FMT_INT8:
		*value = (int8_t)code;
		break;
	case MXA_FMT_TERNARY:
		*value = code == 1 ? 1 : code == 3 ? -1 : 0;
		break;
	default:
		minifloat_int(&fmt_table[fmt], code, value, special);
		break;
	}
	return 0;
}

MXA_EXPORT int mxa_decode(enum mxa_format fmt, uint8_t code, int scaled,
			  float *value)
{
	int64_t v;
	int special, ret;

	if (!is_code_format(fmt))
		return mxa__error(EINVAL, "cannot decode %s codes",
				  mxa_format_name(fmt));
	ret = check_code(fmt, code);
	if (ret)
		return ret;
	if (fmt == MXA_FMT_E8M0) {
		*value = code == 0xFF ? NAN : ldexpf(1.0f, code - 127);
		return 0;
	}
	if (fmt == MXA_FMT_UE4M3)
		fmt = MXA_FMT_E4M3;
	ret = mxa__elem_int(fmt, code, &v, &special);
	if (ret)
		return ret;
	if (special == 2)
		*value = NAN;
	else if (special)
		*value = special > 0 ? INFINITY : -INFINITY;
	else if (v == 0 && fmt <= MXA_FMT_E2M1 &&
		 code >> (fmt_table[fmt].bits - 1))
		*value = -0.0f;
	else
		*value = ldexpf((float)v, mxa__elem_lsb(fmt, scaled));
	return 0;
}

MXA_EXPORT int mxa_dequantize(enum mxa_format fmt, const uint8_t *codes,
			      size_t count, float *x)
{
	char why[256];

	for (size_t i = 0; i < count; i++) {
		int ret = mxa_decode(fmt, codes[i], 0, &x[i]);

		if (ret) {
			snprintf(why, sizeof(why), "%s", mxa_last_error());
			return mxa__error(-ret, "element %zu: %s", i, why);
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- encode */

/* A double taken apart: |x| = mant * 2^(exp - 52), mant < 2^53. */
struct dparts {
	int sign;
	int nan, inf, zero;	/* zero: double subnormals too, see below */
	int exp;		/* floor(log2 |x|) for a nonzero finite x */
	uint64_t mant;		/* with the implicit bit */
};

/*
 * Double subnormals lie below 2^-1022, far under half the smallest value of
 * every format here, and below the smallest e8m0 value 2^-127: every
 * conversion treats them as (signed) zero.
 */
static void split_double(double x, struct dparts *p)
{
	uint64_t u;
	unsigned be;

	memcpy(&u, &x, sizeof(u));
	be = u >> 52 & 0x7FF;
	p->sign = u >> 63;
	p->mant = (u & ((1ull << 52) - 1)) | 1ull << 52;
	p->exp = (int)be - 1023;
	p->nan = be == 0x7FF && (u << 12);
	p->inf = be == 0x7FF && !(u << 12);
	p->zero = be == 0;
}

/*
 * Rounds |x| / 2^q to an integer. Every caller's unit 2^q is coarser than
 * the last bit of x (q > exp - 52), so the shift s is positive; shifts of 64
 * or more leave a value below 2^-11, which rounds to 0 in both modes.
 */
static uint64_t round_scaled(const struct dparts *p, int q, int rne)
{
	int s = q - (p->exp - 52);
	uint64_t n, rem, half;

	if (s >= 64)
		return 0;
	n = p->mant >> s;
	rem = p->mant & ((1ull << s) - 1);
	half = 1ull << (s - 1);
	if (rne && (rem > half || (rem == half && (n & 1))))
		n++;
	return n;
}

static uint8_t encode_minifloat(const struct fmt_desc *d,
				const struct dparts *p, int rne, int saturate)
{
	unsigned sign = (unsigned)p->sign << (d->bits - 1);
	int emin = 1 - d->bias;
	int emax = (int)(d->max_mag >> d->man_bits) - d->bias;
	unsigned nan = d->special == SPECIAL_IEEE ? 0x7F :
		       (1u << (d->bits - 1)) - 1;
	unsigned over;
	uint64_t mag;
	int q;

	if (p->nan)
		return d->special == SPECIAL_NONE ? d->max_mag : nan;
	/*
	 * Overflow gives inf (e5m2) or NaN with the sign of x (e4m3); FP6 and
	 * FP4 have neither and always saturate.
	 */
	over = !saturate && d->special != SPECIAL_NONE ?
	       sign | (d->special == SPECIAL_IEEE ? 0x7C : nan) :
	       sign | d->max_mag;
	if (p->inf)
		return over;
	if (p->zero)
		return sign;
	if (p->exp > emax + 1)
		return rne ? over : sign | d->max_mag;
	q = (p->exp > emin ? p->exp : emin) - (int)d->man_bits;
	mag = round_scaled(p, q, rne);
	/*
	 * mag < 2^(M+1) is the significand in units of 2^q; adding the
	 * exponent field lets a carry out of the significand step into the
	 * next binade, and subnormals (exp < emin) need nothing added.
	 */
	if (p->exp > emin)
		mag += (uint64_t)(p->exp - emin) << d->man_bits;
	if (mag > d->max_mag)
		return rne ? over : sign | d->max_mag;
	return sign | (unsigned)mag;
}

static uint8_t encode_int8(const struct dparts *p, int rne)
{
	uint64_t n;

	if (p->nan || p->zero)
		return 0;
	n = p->inf || p->exp > 8 ? 256 : round_scaled(p, 0, rne);
	if (p->sign)
		return n >= 128 ? 0x80 : (uint8_t)-(int)n;
	return n >= 127 ? 127 : (uint8_t)n;
}

static uint8_t encode_ternary(const struct dparts *p, int rne)
{
	uint64_t n;

	if (p->nan || p->zero)
		return 0;
	/* Ties at 0.5 go to 0, the even code, like the FP formats do. */
	n = p->inf || p->exp > 1 ? 2 : round_scaled(p, 0, rne);
	if (!n)
		return 0;
	return p->sign ? 3 : 1;
}

static uint8_t encode_e8m0(const struct dparts *p, int ru, int saturate)
{
	int n;

	if (p->nan)
		return 0xFF;
	if (p->inf)
		return saturate ? 0xFE : 0xFF;
	if (p->zero)
		return 0;
	n = p->exp + (ru && (p->mant & ((1ull << 52) - 1)));
	if (n < -127)
		return 0;
	if (n > 127)
		return saturate ? 0xFE : 0xFF;
	return (uint8_t)(n + 127);
}

static int check_opts(enum mxa_format fmt, const struct mxa_convert_opts *opts,
		      int *rne, int *saturate)
{
	enum mxa_round round = fmt == MXA_FMT_E8M0 ? MXA_ROUND_RZ :
			       MXA_ROUND_RNE;

	if (opts)
		round = opts->round;
	if (!is_code_format(fmt))
		return mxa__error(EINVAL, "cannot encode to %s",
				  mxa_format_name(fmt));
	*saturate = opts ? opts->saturate != 0 : 1;
	if (fmt == MXA_FMT_E8M0) {
		if (round == MXA_ROUND_RZ || round == MXA_ROUND_RU) {
			*rne = round == MXA_ROUND_RU;
			return 0;
		}
		return mxa__error(EINVAL, "e8m0 conversions round toward zero "
				  "(rz) or up (ru), not %s",
				  round == MXA_ROUND_RNE ? "to nearest (rne)" :
				  "an unknown mode");
	}
	if (round != MXA_ROUND_RNE && round != MXA_ROUND_RZ)
		return mxa__error(EINVAL, "%s conversions round to nearest "
				  "(rne) or toward zero (rz) only (mode %d)",
				  mxa_format_name(fmt), (int)round);
	*rne = round == MXA_ROUND_RNE;
	return 0;
}

/*
 * The conversion proper, options checked; for e8m0, rne holds "round up".
 */
static uint8_t encode_checked(enum mxa_format fmt, double x, int rne,
			      int saturate)
{
	struct dparts p;

	split_double(x, &p);
	switch (fmt) {
	case MXA_FMT_INT8:
		return encode_int8(&p, rne);
	case MXA_FMT_TERNARY:
		return encode_ternary(&p, rne);
	case MXA_FMT_E8M0:
		return encode_e8m0(&p, rne, saturate);
	case MXA_FMT_UE4M3:
		if (p.nan)
			return 0x7F;
		if (p.sign)
			return 0;
		return encode_minifloat(&fmt_table[fmt], &p, rne, saturate);
	default:
		return encode_minifloat(&fmt_table[fmt], &p, rne, saturate);
	}
}

MXA_EXPORT int mxa_encode_double(enum mxa_format fmt, double x,
				 const struct mxa_convert_opts *opts,
				 uint8_t *code)
{
	int rne, saturate;
	int ret = check_opts(fmt, opts, &rne, &saturate);

	if (ret)
		return ret;
	*code = encode_checked(fmt, x, rne, saturate);
	return 0;
}

MXA_EXPORT int mxa_encode(enum mxa_format fmt, float x,
			  const struct mxa_convert_opts *opts, uint8_t *code)
{
	return mxa_encode_double(fmt, x, opts, code);
}

MXA_EXPORT int mxa_quantize(enum mxa_format fmt, const float *x, size_t count,
			    const struct mxa_convert_opts *opts, uint8_t *codes)
{
	int rne, saturate;
	int ret = check_opts(fmt, opts, &rne, &saturate);

	if (ret)
		return ret;
	for (size_t i = 0; i < count; i++)
		codes[i] = encode_checked(fmt, x[i], rne, saturate);
	return 0;
}

MXA_EXPORT uint16_t mxa_fp32_to_bf16(float x)
{
	uint32_t u;

	if (isnan(x))
		return 0x7FC0;
	memcpy(&u, &x, sizeof(u));
	/* A carry out of the mantissa steps the exponent, up to infinity. */
	return (uint16_t)((u + 0x7FFF + (u >> 16 & 1)) >> 16);
}
