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

#include "mxa_hw.h"
#include "mxa_priv.h"

/*
 * One entry per format, from the description of every format
 * (hw/interface/mxa_formats.toml, through include/mxa_hw.h). Values of enum
 * mxa_format that name no format have a NULL name.
 */
struct fmt_desc {
	const char *name;
	unsigned role;		/* MXA_HW_FMT_ROLE_* */
	unsigned encoding;	/* MXA_HW_FMT_ENC_* */
	unsigned bits;
	unsigned exp_bits, man_bits;
	int bias;
	unsigned is_signed;
	unsigned specials;	/* MXA_HW_FMT_SPECIALS_* */
	uint32_t max_mag;	/* magnitude code of the largest finite value */
	int lsb;		/* exponent of the smallest nonzero magnitude */
	int scaled_lsb;		/* integers under a block scale */
};

#define FMT_DESC(NAME, name_, ROLE, ENC, bits_, exp_, man_, bias_, signed_, \
		 SPECIALS, max_mag_, lsb_, scaled_lsb_, PACK)		       \
	[MXA_HW_FMT_##NAME] = {						       \
		.name = name_, .role = MXA_HW_FMT_ROLE_##ROLE,		       \
		.encoding = MXA_HW_FMT_ENC_##ENC, .bits = bits_,	       \
		.exp_bits = exp_, .man_bits = man_, .bias = bias_,	       \
		.is_signed = signed_,					       \
		.specials = MXA_HW_FMT_SPECIALS_##SPECIALS,		       \
		.max_mag = max_mag_, .lsb = lsb_, .scaled_lsb = scaled_lsb_ },

static const struct fmt_desc fmt_table[MXA_HW_FMT_VALUES] = {
	MXA_HW_FORMAT_LIST(FMT_DESC)
};

static const struct fmt_desc *desc_of(enum mxa_format fmt)
{
	if ((unsigned)fmt >= MXA_HW_FMT_VALUES || !fmt_table[fmt].name)
		return NULL;
	return &fmt_table[fmt];
}

static int valid_format(enum mxa_format fmt)
{
	return desc_of(fmt) != NULL;
}

/* Formats that have codes: the element and scale formats. */
static int is_code_format(enum mxa_format fmt)
{
	const struct fmt_desc *d = desc_of(fmt);

	return d && d->role != MXA_HW_FMT_ROLE_OUTPUT;
}

int mxa__is_elem_format(enum mxa_format fmt)
{
	const struct fmt_desc *d = desc_of(fmt);

	return d && d->role == MXA_HW_FMT_ROLE_ELEMENT;
}

int mxa__elem_lsb(enum mxa_format fmt, int scaled)
{
	const struct fmt_desc *d = desc_of(fmt);

	if (!mxa__is_elem_format(fmt))
		return INT_MIN;
	if (d->encoding == MXA_HW_FMT_ENC_INT && scaled)
		return d->scaled_lsb;
	return d->lsb;
}

unsigned mxa__format_bits(enum mxa_format fmt)
{
	const struct fmt_desc *d = desc_of(fmt);

	return d ? d->bits : 0;
}

int mxa__code_layout(enum mxa_format fmt, uint8_t *invalid_high,
		     int *invalid_code)
{
	const struct fmt_desc *d = desc_of(fmt);
	unsigned valid_bits;

	if (!d || d->role == MXA_HW_FMT_ROLE_OUTPUT)
		return 0;
	valid_bits = d->bits;
	if (d->encoding == MXA_HW_FMT_ENC_FLOAT ||
	    d->encoding == MXA_HW_FMT_ENC_POW2)
		valid_bits = d->is_signed + d->exp_bits + d->man_bits;
	*invalid_high = (uint8_t)(0xFFu << valid_bits);
	*invalid_code = d->encoding == MXA_HW_FMT_ENC_TERNARY ? 2 : -1;
	return (int)d->bits;
}

/* Bits of the magnitude: exponent and mantissa (the code without sign). */
static unsigned mag_bits(const struct fmt_desc *d)
{
	return d->exp_bits + d->man_bits;
}

/* Exact value of a finite magnitude code of a float or pow2 format. */
static double mag_value(const struct fmt_desc *d, uint32_t mag)
{
	uint32_t e = mag >> d->man_bits;
	uint32_t m = mag & ((1u << d->man_bits) - 1);

	if (d->encoding == MXA_HW_FMT_ENC_POW2)
		return ldexp(1.0, (int)mag - d->bias);
	if (!e)
		return ldexp(m, d->lsb);
	return ldexp((1u << d->man_bits) | m, (int)e - 1 + d->lsb);
}

int mxa__elem_range(enum mxa_format fmt, float *maxv, int *emax)
{
	const struct fmt_desc *d = desc_of(fmt);
	double v;

	if (!mxa__is_elem_format(fmt))
		return mxa__error(EINVAL, "%s is not an element format",
				  mxa_format_name(fmt));
	if (d->encoding == MXA_HW_FMT_ENC_FLOAT)
		v = mag_value(d, d->max_mag);
	else
		v = ldexp(d->max_mag, mxa__elem_lsb(fmt, 1));
	*maxv = (float)v;
	frexp(v, emax);
	(*emax)--;
	return 0;
}

MXA_EXPORT int mxa_format_info(enum mxa_format fmt,
			       struct mxa_format_info *info)
{
	const struct fmt_desc *d = desc_of(fmt);

	if (!d)
		return mxa__error(EINVAL, "unknown format %d", (int)fmt);
	if (!info)
		return mxa__error(EINVAL, "format info: NULL output");
	memset(info, 0, sizeof(*info));
	info->name = d->name;
	info->bits = d->bits;
	info->exp_bits = d->exp_bits;
	info->man_bits = d->man_bits;
	info->bias = d->bias;
	switch (d->encoding) {
	case MXA_HW_FMT_ENC_INT:
	case MXA_HW_FMT_ENC_TERNARY:
		info->max_normal = (float)d->max_mag;
		info->min_subnormal = 1.0f;
		break;
	case MXA_HW_FMT_ENC_POW2:
		info->has_nan = d->specials != MXA_HW_FMT_SPECIALS_NONE;
		info->max_normal = (float)mag_value(d, d->max_mag);
		info->min_normal = (float)mag_value(d, 0);
		info->min_subnormal = info->min_normal;
		break;
	default:
		info->has_inf = d->specials == MXA_HW_FMT_SPECIALS_IEEE;
		info->has_nan = d->specials != MXA_HW_FMT_SPECIALS_NONE;
		info->max_normal = (float)mag_value(d, d->max_mag);
		info->min_normal = (float)ldexp(1.0, 1 - d->bias);
		info->min_subnormal = (float)ldexp(1.0, d->lsb);
		break;
	}
	return 0;
}

MXA_EXPORT int mxa_format_parse(const char *name)
{
	char known[256];
	size_t len = 0;

	if (!name)
		return mxa__error(EINVAL, "format name: NULL");
	known[0] = '\0';
	for (int f = 0; f < MXA_HW_FMT_VALUES; f++) {
		if (!fmt_table[f].name)
			continue;
		if (!strcasecmp(name, fmt_table[f].name))
			return f;
		len += (size_t)snprintf(known + len, sizeof(known) - len,
					"%s%s", len ? ", " : "",
					fmt_table[f].name);
		if (len >= sizeof(known))
			len = sizeof(known) - 1;
	}
	return mxa__error(EINVAL, "unknown format '%s' (%s)", name, known);
}

MXA_EXPORT const char *mxa_format_name(enum mxa_format fmt)
{
	return valid_format(fmt) ? fmt_table[fmt].name : "unknown";
}

/* ---------------------------------------------------------------- decode */

static int check_code(enum mxa_format fmt, uint8_t code)
{
	const struct fmt_desc *d = &fmt_table[fmt];
	unsigned payload = d->is_signed + mag_bits(d);

	if (d->bits < 8 && code >> d->bits)
		return mxa__error(EINVAL, "%s code 0x%02x has bits above its "
				  "%u-bit width", d->name, code, d->bits);
	if (d->encoding == MXA_HW_FMT_ENC_TERNARY && code == 2)
		return mxa__error(EINVAL, "ternary code 0b10 is invalid");
	if ((d->encoding == MXA_HW_FMT_ENC_FLOAT ||
	     d->encoding == MXA_HW_FMT_ENC_POW2) && payload < d->bits &&
	    code >> payload)
		return mxa__error(EINVAL, "%s code 0x%02x has the sign bit "
				  "set", d->name, code);
	return 0;
}

/*
 * Integer value of a float code in units of its smallest subnormal, or a
 * special: 1 or -1 for an infinity, 2 for NaN. The code has been checked.
 */
static void float_int(const struct fmt_desc *d, uint8_t code,
		      int64_t *value, int *special)
{
	unsigned mbits = mag_bits(d);
	unsigned all_ones = (1u << mbits) - 1;
	unsigned sign = d->is_signed ? code >> mbits & 1 : 0;
	unsigned mag = code & all_ones;
	unsigned e = mag >> d->man_bits;
	unsigned m = mag & ((1u << d->man_bits) - 1);
	int64_t v;

	*special = 0;
	*value = 0;
	switch (d->specials) {
	case MXA_HW_FMT_SPECIALS_IEEE:
		if (e == (1u << d->exp_bits) - 1) {
			*special = m ? 2 : sign ? -1 : 1;
			return;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FN:
		if (mag == all_ones) {
			*special = 2;
			return;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FNUZ:
		if (sign && !mag) {
			*special = 2;
			return;
		}
		break;
	}
	v = e ? (int64_t)((1u << d->man_bits) | m) << (e - 1) : m;
	*value = sign ? -v : v;
}

int mxa__elem_int(enum mxa_format fmt, uint8_t code, int64_t *value,
		  int *special)
{
	const struct fmt_desc *d;
	int ret;

	if (!mxa__is_elem_format(fmt))
		return mxa__error(EINVAL, "%s is not an element format",
				  mxa_format_name(fmt));
	ret = check_code(fmt, code);
	if (ret)
		return ret;
	d = &fmt_table[fmt];
	*special = 0;
	switch (d->encoding) {
	case MXA_HW_FMT_ENC_INT:
		/* Sign-extend from the format's width. */
		*value = (int64_t)(code ^ 1u << (d->bits - 1)) -
			 ((int64_t)1 << (d->bits - 1));
		break;
	case MXA_HW_FMT_ENC_TERNARY:
		*value = code == 1 ? 1 : code == 3 ? -1 : 0;
		break;
	default:
		float_int(d, code, value, special);
		break;
	}
	return 0;
}

MXA_EXPORT int mxa_decode(enum mxa_format fmt, uint8_t code, int scaled,
			  float *value)
{
	const struct fmt_desc *d = desc_of(fmt);
	int64_t v;
	int special, ret;

	if (!is_code_format(fmt))
		return mxa__error(EINVAL, "cannot decode %s codes",
				  mxa_format_name(fmt));
	ret = check_code(fmt, code);
	if (ret)
		return ret;
	if (d->encoding == MXA_HW_FMT_ENC_POW2) {
		*value = d->specials == MXA_HW_FMT_SPECIALS_FN &&
			 code == (1u << mag_bits(d)) - 1 ?
			 NAN : (float)mag_value(d, code);
		return 0;
	}
	if (d->encoding == MXA_HW_FMT_ENC_FLOAT) {
		float_int(d, code, &v, &special);
	} else {
		ret = mxa__elem_int(fmt, code, &v, &special);
		if (ret)
			return ret;
	}
	if (special == 2)
		*value = NAN;
	else if (special)
		*value = special > 0 ? INFINITY : -INFINITY;
	else if (v == 0 && d->encoding == MXA_HW_FMT_ENC_FLOAT &&
		 d->is_signed && code >> mag_bits(d))
		*value = -0.0f;
	else if (d->role == MXA_HW_FMT_ROLE_ELEMENT)
		*value = ldexpf((float)v, mxa__elem_lsb(fmt, scaled));
	else
		*value = ldexpf((float)v, d->lsb);
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

/* The NaN code a conversion of NaN, or an overflow without saturation to
 * infinity, gives; formats without NaN saturate instead. */
static uint8_t nan_code(const struct fmt_desc *d, unsigned sign)
{
	unsigned all_ones = (1u << mag_bits(d)) - 1;

	switch (d->specials) {
	case MXA_HW_FMT_SPECIALS_IEEE:
	case MXA_HW_FMT_SPECIALS_FN:
		return (uint8_t)(sign | all_ones);
	case MXA_HW_FMT_SPECIALS_FNUZ:
		return (uint8_t)(1u << mag_bits(d));
	default:
		return (uint8_t)(sign | d->max_mag);
	}
}

static uint8_t encode_float(const struct fmt_desc *d, const struct dparts *p,
			    int rne, int saturate)
{
	unsigned mbits = mag_bits(d);
	unsigned sign = d->is_signed ? (unsigned)p->sign << mbits : 0;
	int emin = 1 - d->bias;
	int emax = (int)(d->max_mag >> d->man_bits) - d->bias;
	unsigned over, max = sign | d->max_mag;
	uint64_t mag;
	int q;

	/* Unsigned formats (ue4m3) take negative values as 0. */
	if (p->nan)
		return nan_code(d, 0);
	if (p->sign && !d->is_signed)
		return 0;
	/*
	 * Overflow gives infinity (ieee) or NaN with the sign of x (fn; fnuz
	 * has one NaN); formats with neither always saturate.
	 */
	if (saturate || d->specials == MXA_HW_FMT_SPECIALS_NONE)
		over = max;
	else if (d->specials == MXA_HW_FMT_SPECIALS_IEEE)
		over = sign | ((1u << d->exp_bits) - 1) << d->man_bits;
	else
		over = nan_code(d, sign);
	if (p->inf)
		return (uint8_t)over;
	/* fnuz has no negative zero: what rounds to zero is +0. */
	if (d->specials == MXA_HW_FMT_SPECIALS_FNUZ)
		sign = p->zero ? 0 : sign;
	if (p->zero)
		return (uint8_t)sign;
	if (p->exp > emax + 1)
		return (uint8_t)(rne ? over : max);
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
		return (uint8_t)(rne ? over : max);
	if (!mag && d->specials == MXA_HW_FMT_SPECIALS_FNUZ)
		return 0;
	return (uint8_t)(sign | (unsigned)mag);
}

/* Two's complement of d->bits bits, saturating at both ends. */
static uint8_t encode_int(const struct fmt_desc *d, const struct dparts *p,
			  int rne)
{
	uint64_t lim = 1ull << (d->bits - 1);
	uint64_t n;

	if (p->nan || p->zero)
		return 0;
	n = p->inf || p->exp > (int)d->bits ? 2 * lim : round_scaled(p, 0, rne);
	if (p->sign)
		return (uint8_t)((n >= lim ? lim : (1ull << d->bits) - n) &
				 ((1u << d->bits) - 1));
	return (uint8_t)(n >= lim - 1 ? lim - 1 : n);
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

/* Powers of two (e8m0): rounded toward zero or up, see numerics 3. */
static uint8_t encode_pow2(const struct fmt_desc *d, const struct dparts *p,
			   int ru, int saturate)
{
	int lo = -d->bias, hi = (int)d->max_mag - d->bias;
	uint8_t nan = nan_code(d, 0);
	int n;

	if (p->nan)
		return nan;
	if (p->inf)
		return saturate ? (uint8_t)d->max_mag : nan;
	if (p->zero)
		return 0;
	n = p->exp + (ru && (p->mant & ((1ull << 52) - 1)));
	if (n < lo)
		return 0;
	if (n > hi)
		return saturate ? (uint8_t)d->max_mag : nan;
	return (uint8_t)(n + d->bias);
}

static int check_opts(enum mxa_format fmt, const struct mxa_convert_opts *opts,
		      int *rne, int *saturate)
{
	const struct fmt_desc *d = desc_of(fmt);
	int pow2 = d && d->encoding == MXA_HW_FMT_ENC_POW2;
	enum mxa_round round = pow2 ? MXA_ROUND_RZ : MXA_ROUND_RNE;

	if (opts)
		round = opts->round;
	if (!is_code_format(fmt))
		return mxa__error(EINVAL, "cannot encode to %s",
				  mxa_format_name(fmt));
	*saturate = opts ? opts->saturate != 0 : 1;
	if (pow2) {
		if (round == MXA_ROUND_RZ || round == MXA_ROUND_RU) {
			*rne = round == MXA_ROUND_RU;
			return 0;
		}
		return mxa__error(EINVAL, "%s conversions round toward zero "
				  "(rz) or up (ru), not %s", d->name,
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
 * The conversion proper, options checked; for a pow2 format, rne holds
 * "round up".
 */
static uint8_t encode_checked(enum mxa_format fmt, double x, int rne,
			      int saturate)
{
	const struct fmt_desc *d = &fmt_table[fmt];
	struct dparts p;

	split_double(x, &p);
	switch (d->encoding) {
	case MXA_HW_FMT_ENC_INT:
		return encode_int(d, &p, rne);
	case MXA_HW_FMT_ENC_TERNARY:
		return encode_ternary(&p, rne);
	case MXA_HW_FMT_ENC_POW2:
		return encode_pow2(d, &p, rne, saturate);
	default:
		return encode_float(d, &p, rne, saturate);
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
