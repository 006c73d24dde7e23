// SPDX-License-Identifier: MIT
/*
 * test_codes.c - every code of every element and scale format: its decoded
 * value against the formula of docs/numerics.md sections 1 and 2 (written
 * out here), its integer form, the way back through mxa_encode(), the
 * invalid codes, the format properties and names, and BF16 rounding.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_priv.h"

enum kind { FP, INT8, TERNARY, E8M0, UE4M3 };
enum specials { NONE, IEEE, ONE_NAN };

/* The tables of docs/numerics.md sections 1 and 2. */
static const struct tfmt {
	enum mxa_format fmt;
	const char *name;
	enum kind kind;
	unsigned width, exp_bits, man_bits;
	int bias;
	enum specials specials;
	double max_normal, min_normal, min_subnormal;
} tfmts[] = {
	{ MXA_FMT_E5M2, "e5m2", FP, 8, 5, 2, 15, IEEE, 57344, 0x1p-14,
	  0x1p-16 },
	{ MXA_FMT_E4M3, "e4m3", FP, 8, 4, 3, 7, ONE_NAN, 448, 0x1p-6, 0x1p-9 },
	{ MXA_FMT_E3M2, "e3m2", FP, 6, 3, 2, 3, NONE, 28, 0x1p-2, 0x1p-4 },
	{ MXA_FMT_E2M3, "e2m3", FP, 6, 2, 3, 1, NONE, 7.5, 1, 0x1p-3 },
	{ MXA_FMT_E2M1, "e2m1", FP, 4, 2, 1, 1, NONE, 6, 1, 0.5 },
	{ MXA_FMT_INT8, "int8", INT8, 8, 0, 0, 0, NONE, 127, 0, 1 },
	{ MXA_FMT_TERNARY, "ternary", TERNARY, 2, 0, 0, 0, NONE, 1, 0, 1 },
	{ MXA_FMT_E8M0, "e8m0", E8M0, 8, 8, 0, 127, NONE, 0x1p127, 0x1p-127,
	  0x1p-127 },
	{ MXA_FMT_UE4M3, "ue4m3", UE4M3, 8, 4, 3, 7, ONE_NAN, 448, 0x1p-6,
	  0x1p-9 },
};

/* The unit of each element format (section 1), scaled int8 apart. */
static int unit_exp(enum mxa_format fmt)
{
	static const int units[] = { -16, -9, -4, -3, -1, 0, 0 };

	return units[fmt];
}

enum cls { INVALID, FINITE, POS_INF, NEG_INF, IS_NAN };

/* Value of a code from the definitions alone. */
static enum cls ref_value(const struct tfmt *t, unsigned code, int scaled,
			  double *v)
{
	unsigned sign, e, m, emax;

	*v = 0;
	if (code >> t->width)
		return INVALID;
	switch (t->kind) {
	case INT8:
		*v = ldexp(code < 128 ? (int)code : (int)code - 256,
			   scaled ? -6 : 0);
		return FINITE;
	case TERNARY:
		if (code == 2)
			return INVALID;
		*v = code == 0 ? 0 : code == 1 ? 1 : -1;
		return FINITE;
	case E8M0:
		if (code == 255)
			return IS_NAN;
		*v = ldexp(1, (int)code - 127);
		return FINITE;
	case UE4M3:
		if (code & 0x80)
			return INVALID;
		break;
	case FP:
		break;
	}
	sign = code >> (t->width - 1);
	e = code >> t->man_bits & ((1u << t->exp_bits) - 1);
	m = code & ((1u << t->man_bits) - 1);
	emax = (1u << t->exp_bits) - 1;
	if (t->specials == IEEE && e == emax)
		return m ? IS_NAN : sign ? NEG_INF : POS_INF;
	if (t->specials == ONE_NAN && e == emax && m == (1u << t->man_bits) - 1)
		return IS_NAN;
	if (e)
		*v = ldexp(1, (int)e - t->bias) *
		     (1 + ldexp(m, -(int)t->man_bits));
	else
		*v = ldexp(1, 1 - t->bias) * ldexp(m, -(int)t->man_bits);
	if (sign)
		*v = -*v;
	return FINITE;
}

static int same_float(float a, double b)
{
	return t_float_bits(a) == t_float_bits((float)b);
}

static void check_decode(const struct tfmt *t, unsigned code, int scaled)
{
	double want;
	enum cls c = ref_value(t, code, scaled, &want);
	float got = 12345.0f;
	int ret = mxa_decode(t->fmt, (uint8_t)code, scaled, &got);

	if (c == INVALID) {
		T_CHECK(ret == -EINVAL, "%s decode 0x%02x: ret %d", t->name,
			code, ret);
		T_CHECK(mxa_last_error()[0], "%s 0x%02x: no message", t->name,
			code);
		return;
	}
	T_CHECK(ret == 0, "%s decode 0x%02x: ret %d (%s)", t->name, code, ret,
		mxa_last_error());
	switch (c) {
	case FINITE:
		T_CHECK(same_float(got, want), "%s 0x%02x%s: %a, want %a",
			t->name, code, scaled ? " scaled" : "", got, want);
		break;
	case POS_INF:
	case NEG_INF:
		T_CHECK(isinf(got) && (got < 0) == (c == NEG_INF),
			"%s 0x%02x: %a, want infinity", t->name, code, got);
		break;
	default:
		T_CHECK(t_float_bits(got) == 0x7FC00000,
			"%s 0x%02x: 0x%08x, want the canonical NaN", t->name,
			code, t_float_bits(got));
		break;
	}
}

static void check_elem_int(const struct tfmt *t, unsigned code)
{
	double want;
	enum cls c = ref_value(t, code, 0, &want);
	int64_t v = 99;
	int special = 99;
	int ret = mxa__elem_int(t->fmt, (uint8_t)code, &v, &special);

	T_CHECK(mxa__elem_lsb(t->fmt, 0) == unit_exp(t->fmt),
		"%s lsb %d", t->name, mxa__elem_lsb(t->fmt, 0));
	if (c == INVALID) {
		T_CHECK(ret == -EINVAL, "%s elem_int 0x%02x: ret %d", t->name,
			code, ret);
		return;
	}
	T_CHECK(ret == 0, "%s elem_int 0x%02x: ret %d", t->name, code, ret);
	if (c == FINITE) {
		T_CHECK(special == 0 && ldexp((double)v, unit_exp(t->fmt)) ==
			want, "%s 0x%02x: int %lld special %d, want %a",
			t->name, code, (long long)v, special, want);
		if (t->kind == INT8)
			T_CHECK(v == (int8_t)code, "int8 0x%02x: %lld", code,
				(long long)v);
	} else {
		int s = c == POS_INF ? 1 : c == NEG_INF ? -1 : 2;

		T_CHECK(special == s && v == 0, "%s 0x%02x: special %d int "
			"%lld, want %d", t->name, code, special, (long long)v,
			s);
	}
}

static uint8_t enc(enum mxa_format fmt, double x, enum mxa_round r, int sat)
{
	struct mxa_convert_opts o = { r, sat };
	uint8_t code = 0xEE;
	int ret = mxa_encode_double(fmt, x, &o, &code);

	T_CHECK(ret == 0, "encode %s %a: ret %d (%s)", mxa_format_name(fmt), x,
		ret, mxa_last_error());
	return code;
}

/*
 * What one mode gives for the value of a code: the code itself when the
 * value is finite (e8m0 NaN too), 0x7F for a NaN, the code or the largest
 * finite value for an infinity.
 */
static void check_back(const struct tfmt *t, enum cls c, double v,
		       unsigned code, enum mxa_round r, int sat)
{
	uint8_t got, want = (uint8_t)code;

	if (c == IS_NAN && t->kind != E8M0)
		want = 0x7F;
	else if ((c == POS_INF || c == NEG_INF) && sat)
		want = (code & 0x80) | 0x7B;
	got = enc(t->fmt, v, r, sat);
	T_CHECK(got == want, "%s %a (round %d sat %d): 0x%02x, want 0x%02x",
		t->name, v, r, sat, got, want);
}

/* Every finite value converts back to its own code, whatever the mode. */
static void check_roundtrip(const struct tfmt *t, unsigned code)
{
	double v;
	enum cls c = ref_value(t, code, 0, &v);
	unsigned sign = code >> (t->width - 1);
	enum mxa_round first = t->kind == E8M0 ? MXA_ROUND_RU : MXA_ROUND_RNE;

	if (c == INVALID)
		return;
	if (c == IS_NAN)
		v = NAN;
	else if (c != FINITE)
		v = c == POS_INF ? INFINITY : -INFINITY;
	else if (t->kind == FP && v == 0 && sign)
		v = -0.0;
	for (int sat = 0; sat < 2; sat++) {
		check_back(t, c, v, code, first, sat);
		check_back(t, c, v, code, MXA_ROUND_RZ, sat);
	}
	/* Scaled int8 converts x * 2^6. */
	if (t->kind == INT8) {
		double s;

		ref_value(t, code, 1, &s);
		T_CHECK(enc(t->fmt, ldexp(s, 6), MXA_ROUND_RNE, 1) == code,
			"scaled int8 0x%02x", code);
	}
}

static void check_codes(void)
{
	for (size_t f = 0; f < MXA_ARRAY_SIZE(tfmts); f++) {
		const struct tfmt *t = &tfmts[f];

		for (unsigned code = 0; code < 256; code++) {
			check_decode(t, code, 0);
			if (t->kind == INT8)
				check_decode(t, code, 1);
			if (mxa__is_elem_format(t->fmt))
				check_elem_int(t, code);
			check_roundtrip(t, code);
		}
	}
	T_CHECK(mxa__elem_lsb(MXA_FMT_INT8, 1) == -6, "scaled int8 lsb");
	for (int f = MXA_NUM_ELEM_FORMATS; f <= MXA_FMT_COUNT; f++) {
		int64_t v;
		int s;

		T_CHECK(!mxa__is_elem_format(f), "%d is an element format", f);
		T_CHECK(mxa__elem_int(f, 0, &v, &s) == -EINVAL,
			"elem_int on %d", f);
	}
	for (int f = 0; f < MXA_NUM_ELEM_FORMATS; f++)
		T_CHECK(mxa__is_elem_format(f), "%d is not an element format",
			f);
}

/* The figures of the tables, and that they are what the codes give. */
static void check_info(void)
{
	struct mxa_format_info info;

	for (size_t f = 0; f < MXA_ARRAY_SIZE(tfmts); f++) {
		const struct tfmt *t = &tfmts[f];
		double maxv = 0, minv = INFINITY;

		T_CHECK(mxa_format_info(t->fmt, &info) == 0, "info %s",
			t->name);
		T_CHECK(!strcmp(info.name, t->name), "name %s", info.name);
		T_CHECK(info.bits == t->width && info.bias == t->bias &&
			info.exp_bits == t->exp_bits &&
			info.man_bits == t->man_bits, "%s shape", t->name);
		T_CHECK(info.max_normal == t->max_normal &&
			info.min_normal == t->min_normal &&
			info.min_subnormal == t->min_subnormal,
			"%s figures %a %a %a", t->name, info.max_normal,
			info.min_normal, info.min_subnormal);
		T_CHECK(info.has_inf == (t->specials == IEEE) &&
			info.has_nan == (t->specials != NONE ||
					 t->kind == E8M0), "%s specials",
			t->name);
		for (unsigned code = 0; code < 256; code++) {
			float v;

			if (mxa_decode(t->fmt, code, 0, &v) || !isfinite(v))
				continue;
			/* Positive values: int8 reaches -128 but 127 only. */
			if (v > maxv)
				maxv = v;
			if (v != 0 && fabsf(v) < minv)
				minv = fabsf(v);
		}
		T_CHECK(maxv == t->max_normal && minv == t->min_subnormal,
			"%s: codes reach %a .. %a", t->name, minv, maxv);
	}
	T_CHECK(mxa_format_info(MXA_FMT_FP32, &info) == 0 &&
		info.max_normal == FLT_MAX && info.min_normal == FLT_MIN &&
		info.min_subnormal == FLT_TRUE_MIN && info.bits == 32 &&
		info.has_inf && info.has_nan, "fp32 info");
	T_CHECK(mxa_format_info(MXA_FMT_BF16, &info) == 0 &&
		info.max_normal == 0x1.FEp127f && info.min_normal == FLT_MIN &&
		info.min_subnormal == 0x1p-133f && info.bits == 16 &&
		info.exp_bits == 8 && info.man_bits == 7, "bf16 info");
	T_CHECK(mxa_format_info(MXA_FMT_COUNT, &info) == -EINVAL, "bad info");
	T_CHECK(mxa_format_info(MXA_FMT_E4M3, NULL) == -EINVAL, "NULL info");
}

static void check_names(void)
{
	static const struct {
		int fmt;
		const char *name;
	} names[] = {
		{ MXA_FMT_E5M2, "e5m2" }, { MXA_FMT_E4M3, "e4m3" },
		{ MXA_FMT_E3M2, "e3m2" }, { MXA_FMT_E2M3, "e2m3" },
		{ MXA_FMT_E2M1, "e2m1" }, { MXA_FMT_INT8, "int8" },
		{ MXA_FMT_TERNARY, "ternary" }, { MXA_FMT_E3M4, "e3m4" },
		{ MXA_FMT_E4M3FNUZ, "e4m3fnuz" },
		{ MXA_FMT_E5M2FNUZ, "e5m2fnuz" }, { MXA_FMT_INT4, "int4" },
		{ MXA_FMT_E2M2, "e2m2" }, { MXA_FMT_TERNARY_B3, "ternary_b3" },
		{ MXA_FMT_E8M0, "e8m0" },
		{ MXA_FMT_UE4M3, "ue4m3" }, { MXA_FMT_BF16, "bf16" },
		{ MXA_FMT_FP32, "fp32" },
	};
	int named = 0;

	for (size_t i = 0; i < MXA_ARRAY_SIZE(names); i++) {
		T_CHECK(!strcmp(mxa_format_name(names[i].fmt), names[i].name),
			"name %d: %s", names[i].fmt,
			mxa_format_name(names[i].fmt));
		T_CHECK(mxa_format_parse(names[i].name) == names[i].fmt,
			"parse %s", names[i].name);
	}
	/* Values between the roles' ranges name no format. */
	for (int f = 0; f < MXA_FMT_COUNT; f++)
		named += strcmp(mxa_format_name(f), "unknown") != 0;
	T_CHECK(named == (int)MXA_ARRAY_SIZE(names), "%d formats named",
		named);
	T_CHECK(!strcmp(mxa_format_name(MXA_NUM_ELEM_FORMATS), "unknown"),
		"the value after the element formats has a name");
	T_CHECK(mxa_format_parse("E4M3") == MXA_FMT_E4M3, "upper case");
	T_CHECK(mxa_format_parse("e4m") == -EINVAL, "prefix parsed");
	T_CHECK(mxa_format_parse("e4m3x") == -EINVAL, "suffix parsed");
	T_CHECK(mxa_format_parse("") == -EINVAL, "empty parsed");
	T_CHECK(strstr(mxa_last_error(), "format"), "message: %s",
		mxa_last_error());
	T_CHECK(mxa_format_parse(NULL) == -EINVAL, "NULL parsed");
	T_CHECK(mxa_format_name(MXA_FMT_COUNT) != NULL, "bad name is NULL");
}

static void check_opts(void)
{
	struct mxa_convert_opts rne = { MXA_ROUND_RNE, 1 };
	struct mxa_convert_opts ru = { MXA_ROUND_RU, 1 };
	struct mxa_convert_opts bad = { (enum mxa_round)7, 1 };
	uint8_t code = 0;
	float v;

	T_CHECK(mxa_encode(MXA_FMT_E8M0, 3.0f, &rne, &code) == -EINVAL,
		"e8m0 rne accepted");
	T_CHECK(strstr(mxa_last_error(), "e8m0"), "message: %s",
		mxa_last_error());
	T_CHECK(mxa_encode(MXA_FMT_E4M3, 3.0f, &ru, &code) == -EINVAL,
		"e4m3 ru accepted");
	T_CHECK(mxa_encode(MXA_FMT_INT8, 3.0f, &bad, &code) == -EINVAL,
		"mode 7 accepted");
	T_CHECK(mxa_encode(MXA_FMT_BF16, 3.0f, NULL, &code) == -EINVAL,
		"bf16 encode accepted");
	T_CHECK(mxa_encode(MXA_FMT_COUNT, 3.0f, NULL, &code) == -EINVAL,
		"bad format encode accepted");
	T_CHECK(mxa_decode(MXA_FMT_FP32, 0, 0, &v) == -EINVAL,
		"fp32 decode accepted");
	/* Defaults: rne (rz for e8m0), saturating. */
	T_CHECK(mxa_encode(MXA_FMT_E8M0, 3.9f, NULL, &code) == 0 &&
		code == 128, "e8m0 default: 0x%02x", code);
	T_CHECK(mxa_encode(MXA_FMT_E4M3, 1e6f, NULL, &code) == 0 &&
		code == 0x7E, "e4m3 default: 0x%02x", code);
	T_CHECK(mxa_encode(MXA_FMT_E2M1, 2.5f, NULL, &code) == 0 &&
		code == 0x4, "e2m1 default: 0x%02x", code);
}

static void check_arrays(void)
{
	const float x[6] = { 1.0f, -2.0f, 0.3f, 1e9f, -0.0f, 0.75f };
	uint8_t codes[6], bad[4] = { 1, 3, 0, 2 };
	float y[6];
	double ref;

	T_CHECK(mxa_quantize(MXA_FMT_E2M1, x, 6, NULL, codes) == 0, "quantize");
	T_CHECK(mxa_dequantize(MXA_FMT_E2M1, codes, 6, y) == 0, "dequantize");
	for (int i = 0; i < 6; i++) {
		uint8_t one;

		mxa_encode(MXA_FMT_E2M1, x[i], NULL, &one);
		T_CHECK(codes[i] == one, "quantize[%d]: 0x%x vs 0x%x", i,
			codes[i], one);
		ref_value(&tfmts[MXA_FMT_E2M1], codes[i], 0, &ref);
		T_CHECK(y[i] == ref, "dequantize[%d]: %a", i, y[i]);
	}
	T_CHECK(mxa_dequantize(MXA_FMT_TERNARY, bad, 4, y) == -EINVAL,
		"ternary 0b10 dequantized");
	T_CHECK(strstr(mxa_last_error(), "element 3"), "message: %s",
		mxa_last_error());
}

/* BF16 from the definition: the nearer neighbour, ties to the even code. */
static uint16_t ref_bf16(float x)
{
	uint32_t u = t_float_bits(x), lo = u & 0xFFFF0000u;
	double a = fabs((double)x), vlo, vhi;

	if (isnan(x))
		return 0x7FC0;
	if (isinf(x))
		return (uint16_t)(u >> 16);
	vlo = fabs((double)t_bits_float(lo));
	/* Past the largest BF16 the next step would be 2^128: infinity. */
	vhi = (lo & 0x7FFF0000u) == 0x7F7F0000u ? 0x1p128 :
	      fabs((double)t_bits_float(lo + 0x10000u));
	if (a - vlo < vhi - a || (a - vlo == vhi - a && !(lo & 0x10000u)))
		return (uint16_t)(lo >> 16);
	return (uint16_t)((lo >> 16) + 1);
}

static void check_bf16(void)
{
	static const uint32_t low[] = { 0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF };
	static const uint32_t nans[] = { 0x7FC00000, 0xFFC00000, 0x7F800001,
					 0xFFFFFFFF, 0x7FBF0000 };

	for (uint32_t hi = 0; hi < 0x10000; hi++) {
		for (size_t i = 0; i < MXA_ARRAY_SIZE(low); i++) {
			float x = t_bits_float(hi << 16 | low[i]);
			uint16_t got = mxa_fp32_to_bf16(x);
			uint16_t want = ref_bf16(x);

			T_CHECK(got == want, "bf16(0x%08x) = 0x%04x, want "
				"0x%04x", t_float_bits(x), got, want);
		}
	}
	for (size_t i = 0; i < MXA_ARRAY_SIZE(nans); i++)
		T_CHECK(mxa_fp32_to_bf16(t_bits_float(nans[i])) == 0x7FC0,
			"bf16 NaN 0x%08x", nans[i]);
	/* Spot values worked out by hand. */
	T_CHECK(mxa_fp32_to_bf16(1.0f + 0x1p-8f) == 0x3F80, "1+2^-8 tie");
	T_CHECK(mxa_fp32_to_bf16(1.0f + 0x1p-8f + 0x1p-23f) == 0x3F81,
		"above the tie");
	T_CHECK(mxa_fp32_to_bf16(1.0f + 3 * 0x1p-8f) == 0x3F82, "odd tie");
	T_CHECK(mxa_fp32_to_bf16(FLT_MAX) == 0x7F80, "FLT_MAX");
	T_CHECK(mxa_fp32_to_bf16(0x1.FEFFFEp127f) == 0x7F7F, "below max tie");
	T_CHECK(mxa_fp32_to_bf16(-0.0f) == 0x8000, "-0");
	T_CHECK(mxa_fp32_to_bf16(FLT_TRUE_MIN) == 0x0000, "min subnormal");
	T_CHECK(mxa_fp32_to_bf16(0x1p-133f) == 0x0001, "bf16 min subnormal");
}

int main(void)
{
	check_codes();
	check_info();
	check_names();
	check_opts();
	check_arrays();
	check_bf16();
	return t_exit();
}
