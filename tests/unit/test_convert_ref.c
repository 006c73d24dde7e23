// SPDX-License-Identifier: MIT
/*
 * test_convert_ref.c - every conversion of docs/numerics.md section 3, for
 * every format of the format description (hw/interface/mxa_formats.toml),
 * against a brute-force reference, and the decoding of every code: for an input x the reference decodes
 * every code of the format from the description's parameters with its own
 * formula and picks the code the rounding rule asks for (the nearest, ties
 * to the code with an even last bit; or the largest magnitude not above
 * |x|; then saturation and the special values). It covers what the CUDA
 * toolkit has no conversion for (FP8 rz, FP8 without saturation under rz,
 * integers, scaled integers, ternary, ue4m3, every format added to the
 * description) and, as a second opinion, everything else, on floats and
 * doubles.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_hw.h"
#include "mxa_priv.h"

#define RANDOM_INPUTS 200000
#define SHOW_MAX 10

/* A format as the description gives it (one more entry: scaled integers). */
struct rfmt {
	enum mxa_format fmt;
	const char *name;
	unsigned enc;		/* MXA_HW_FMT_ENC_* */
	unsigned width, exp_bits, man_bits;
	int bias;
	unsigned is_signed, specials;	/* MXA_HW_FMT_SPECIALS_* */
	int unit;		/* integers: exponent of a code's unit */
};

#define RFMT(NAME, name_, ROLE, ENC, bits, exp, man, bias_, signed_, SPEC, \
	     max_mag, lsb, scaled_lsb, PACK)				     \
	{ MXA_HW_FMT_##NAME, name_, MXA_HW_FMT_ENC_##ENC, bits, exp, man,    \
	  bias_, signed_, MXA_HW_FMT_SPECIALS_##SPEC, 0 },
#define RFMT_SCALED(NAME, name_, ROLE, ENC, bits, exp, man, bias_, signed_, \
		    SPEC, max_mag, lsb, scaled_lsb, PACK)		     \
	{ MXA_HW_FMT_##NAME, name_ " scaled", MXA_HW_FMT_ENC_##ENC, bits,    \
	  exp, man, bias_, signed_, MXA_HW_FMT_SPECIALS_##SPEC,		     \
	  scaled_lsb },

static const struct rfmt all_formats[] = { MXA_HW_FORMAT_LIST(RFMT) };
static const struct rfmt scaled_formats[] = {
	MXA_HW_FORMAT_LIST(RFMT_SCALED)
};

/* Formats with codes (not BF16 and FP32), scaled integers added. */
static struct rfmt rfmts[2 * MXA_ARRAY_SIZE(all_formats)];
static size_t n_rfmts;

static void list_formats(void)
{
	for (size_t i = 0; i < MXA_ARRAY_SIZE(all_formats); i++) {
		if (mxa_hw_fmt_role(all_formats[i].fmt) ==
		    MXA_HW_FMT_ROLE_OUTPUT)
			continue;
		rfmts[n_rfmts++] = all_formats[i];
		if (all_formats[i].enc == MXA_HW_FMT_ENC_INT &&
		    scaled_formats[i].unit)
			rfmts[n_rfmts++] = scaled_formats[i];
	}
}

static int is_float(const struct rfmt *f)
{
	return f->enc == MXA_HW_FMT_ENC_FLOAT || f->enc == MXA_HW_FMT_ENC_POW2;
}

/* Infinities or NaNs: conversions may overflow to them. */
static int has_specials(const struct rfmt *f)
{
	return is_float(f) && f->specials != MXA_HW_FMT_SPECIALS_NONE;
}

/* One candidate result: a finite value and its code. */
struct cand {
	double v;
	unsigned code;
	int over;	/* the step past the largest value: overflow */
};

struct table {
	const struct rfmt *f;
	struct cand c[260];
	int n;
	unsigned max_code;	/* positive largest finite value */
	unsigned sign_bit;	/* 0 for a format without sign */
	unsigned nan_code;	/* NaN in, or max_code without NaN */
};

/* What a code is, by the definitions. */
enum cv { CV_FINITE, CV_NAN, CV_INF, CV_NEG_ZERO, CV_INVALID };

/* The value of a code (±1 for an infinity, 0 for others than finite). */
static double code_value(const struct rfmt *f, unsigned code, enum cv *cls)
{
	unsigned mag_bits = f->exp_bits + f->man_bits;
	unsigned sign = f->is_signed ? code >> mag_bits & 1 : 0;
	unsigned e = code >> f->man_bits & ((1u << f->exp_bits) - 1);
	unsigned m = code & ((1u << f->man_bits) - 1);
	unsigned e_ones = (1u << f->exp_bits) - 1;
	unsigned m_ones = (1u << f->man_bits) - 1;
	double v;

	*cls = CV_FINITE;
	if (code >> f->width) {
		*cls = CV_INVALID;
		return 0;
	}
	switch (f->enc) {
	case MXA_HW_FMT_ENC_INT:
		v = code < 1u << (f->width - 1) ? (double)code :
		    (double)code - (double)(1u << f->width);
		return ldexp(v, f->unit);
	case MXA_HW_FMT_ENC_TERNARY:
		if (code == 2)
			*cls = CV_INVALID;
		return code == 1 ? 1 : code == 3 ? -1 : 0;
	}
	if (code >> (mag_bits + f->is_signed)) {
		*cls = CV_INVALID;	/* bits above sign, exponent, mantissa */
		return 0;
	}
	switch (f->specials) {
	case MXA_HW_FMT_SPECIALS_IEEE:
		if (e == e_ones) {
			*cls = m ? CV_NAN : CV_INF;
			return m ? 0 : sign ? -1 : 1;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FN:
		if (e == e_ones && m == m_ones) {
			*cls = CV_NAN;
			return 0;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FNUZ:
		if (sign && !e && !m) {
			*cls = CV_NAN;
			return 0;
		}
		break;
	}
	if (f->enc == MXA_HW_FMT_ENC_POW2)
		return ldexp(1, (int)code - f->bias);
	if (sign && !e && !m) {
		*cls = CV_NEG_ZERO;
		return 0;
	}
	v = e ? ldexp(1 + ldexp(m, -(int)f->man_bits), (int)e - f->bias) :
		ldexp(m, 1 - f->bias - (int)f->man_bits);
	return sign ? -v : v;
}

/* mxa_decode() of every code against the definitions. */
static void check_decode(const struct rfmt *f)
{
	unsigned long bad = 0;

	for (unsigned code = 0; code < 256; code++) {
		enum cv cls;
		double want = code_value(f, code, &cls);
		float got = 0;
		int ret = mxa_decode(f->fmt, (uint8_t)code, f->unit != 0, &got);
		int ok;

		switch (cls) {
		case CV_INVALID:
			ok = ret == -EINVAL;
			break;
		case CV_NAN:
			ok = !ret && isnan(got);
			break;
		case CV_INF:
			ok = !ret && isinf(got) && (got < 0) == (want < 0);
			break;
		case CV_NEG_ZERO:
			ok = !ret && got == 0 && signbit(got);
			break;
		default:
			ok = !ret && (double)got == want && !signbit(got) ==
			     !(want < 0);
			break;
		}
		if (!ok && bad++ < SHOW_MAX)
			printf("  %s: decode 0x%02x: %d %a, want class %d %a\n",
			       f->name, code, ret, got, cls, want);
	}
	printf("%-8s decode: %lu mismatches\n", f->name, bad);
	T_CHECK(bad == 0, "%s decode", f->name);
}

/*
 * All finite codes of a format with their values from the section 1
 * formula. Negative zeros are left out; floats get one more candidate on
 * each side, the value one step past the largest, standing for "rounds
 * beyond".
 */
static void build(struct table *t, const struct rfmt *f)
{
	unsigned codes = 1u << f->width;
	double maxv = 0;

	memset(t, 0, sizeof(*t));
	t->f = f;
	for (unsigned code = 0; code < codes; code++) {
		enum cv cls;
		double v = code_value(f, code, &cls);

		if (cls == CV_FINITE)
			t->c[t->n++] = (struct cand){ v, code, 0 };
	}
	for (int i = 0; i < t->n; i++)
		if (t->c[i].v > maxv) {
			maxv = t->c[i].v;
			t->max_code = t->c[i].code;
		}
	t->sign_bit = is_float(f) && f->is_signed ?
		      1u << (f->exp_bits + f->man_bits) : 0;
	switch (is_float(f) ? f->specials : MXA_HW_FMT_SPECIALS_NONE) {
	case MXA_HW_FMT_SPECIALS_IEEE:
	case MXA_HW_FMT_SPECIALS_FN:
		t->nan_code = (1u << (f->exp_bits + f->man_bits)) - 1;
		break;
	case MXA_HW_FMT_SPECIALS_FNUZ:
		t->nan_code = 1u << (f->exp_bits + f->man_bits);
		break;
	default:
		t->nan_code = f->enc == MXA_HW_FMT_ENC_FLOAT ? t->max_code : 0;
		break;
	}
	if (is_float(f)) {
		double step;

		step = f->enc == MXA_HW_FMT_ENC_POW2 ? maxv :
		       ldexp(1, (int)(t->max_code >> f->man_bits) - f->bias -
			     (int)f->man_bits);
		t->c[t->n++] = (struct cand){ maxv + step, t->max_code + 1, 1 };
		if (t->sign_bit)
			t->c[t->n++] = (struct cand){ -(maxv + step),
						      t->sign_bit |
						      (t->max_code + 1), 1 };
	}
}

/* Overflow without saturation: infinity, or NaN where there is none. */
static unsigned over_code(const struct table *t, unsigned sign)
{
	const struct rfmt *f = t->f;

	if (f->specials == MXA_HW_FMT_SPECIALS_IEEE)
		return sign | ((1u << f->exp_bits) - 1) << f->man_bits;
	if (f->specials == MXA_HW_FMT_SPECIALS_FNUZ)
		return t->nan_code;
	return sign | t->nan_code;
}

/* The reference conversion of an exact (double) x. */
static unsigned ref_convert(const struct table *t, double x,
			    enum mxa_round r, int sat)
{
	const struct rfmt *f = t->f;
	int pow2 = f->enc == MXA_HW_FMT_ENC_POW2;
	int special = has_specials(f);
	const struct cand *lo = NULL, *hi = NULL, *pick;
	unsigned sign = signbit(x) ? t->sign_bit : 0;
	double a = x;

	if (isnan(x))
		return t->nan_code;
	if (pow2)
		a = fabs(x);	/* a scale is a magnitude */
	else if (is_float(f) && !f->is_signed && signbit(x))
		return 0;
	if (isinf(a)) {
		if (pow2)
			return sat ? t->max_code : t->nan_code;
		if (!is_float(f))
			a = a > 0 ? DBL_MAX : -DBL_MAX;
		else
			return !sat && special ? over_code(t, sign) :
			       sign | t->max_code;
	}
	if (!special)
		sat = 1;

	for (int i = 0; i < t->n; i++) {
		const struct cand *c = &t->c[i];

		if (c->v <= a && (!lo || c->v > lo->v))
			lo = c;
		if (c->v >= a && (!hi || c->v < hi->v))
			hi = c;
	}
	if (r == MXA_ROUND_RZ) {
		pick = a >= 0 ? lo : hi;
		if (pow2 && !pick)
			return 0;
	} else if (r == MXA_ROUND_RU) {
		pick = hi;
	} else if (!lo || !hi || lo == hi) {
		pick = lo ? lo : hi;
	} else {
		double mid = (lo->v + hi->v) / 2;

		pick = a < mid ? lo : a > mid ? hi :
		       (lo->code & 1) ? hi : lo;
	}
	if (!pick || pick->over) {
		/* rz never overflows except pow2 (|x| >= 2^(emax+1)). */
		if (pow2)
			return sat ? t->max_code : t->nan_code;
		if (r == MXA_ROUND_RZ || sat)
			return sign | t->max_code;
		return over_code(t, sign);
	}
	if (pick->v == 0 && f->enc == MXA_HW_FMT_ENC_FLOAT)
		return f->specials == MXA_HW_FMT_SPECIALS_FNUZ ? 0 : sign;
	return pick->code;
}

/* x and its float and double neighbours, both signs. */
static void add_around(struct t_dlist *l, double x)
{
	for (int s = 0; s < 2; s++) {
		double y = s ? -x : x;
		float f = (float)y;

		t_dlist_add(l, y);
		t_dlist_add(l, nextafter(y, INFINITY));
		t_dlist_add(l, nextafter(y, -INFINITY));
		t_dlist_add(l, nextafterf(f, INFINITY));
		t_dlist_add(l, nextafterf(f, -INFINITY));
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Every value of every format, every midpoint, and the range limits. */
static void inputs(struct t_dlist *in)
{
	static const uint32_t fbits[] = {
		0x7F800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0xFFFFFFFF,
		0x7F7FFFFF, 0x00800000, 0x00000001, 0x00400000, 0x00400001,
		0x003FFFFF, 0x80000000, 0x00000000,
	};
	struct t_rng rng;

	for (size_t f = 0; f < n_rfmts; f++) {
		struct table t;

		double v[MXA_ARRAY_SIZE(t.c)];

		build(&t, &rfmts[f]);
		for (int i = 0; i < t.n; i++)
			v[i] = t.c[i].v;
		qsort(v, t.n, sizeof(v[0]), cmp_double);
		for (int i = 0; i < t.n; i++) {
			add_around(in, v[i]);
			if (i + 1 < t.n)
				add_around(in, (v[i] + v[i + 1]) / 2);
		}
	}
	for (size_t i = 0; i < MXA_ARRAY_SIZE(fbits); i++) {
		t_dlist_add(in, t_bits_float(fbits[i]));
		t_dlist_add(in, -t_bits_float(fbits[i]));
	}
	t_dlist_add(in, DBL_MAX);
	t_dlist_add(in, -DBL_MAX);
	t_dlist_add(in, 0x1p200);
	t_dlist_add(in, 0x1p-200);
	t_dlist_add(in, DBL_TRUE_MIN);
	t_rng_seed(&rng, 0x726566u);
	for (int i = 0; i < RANDOM_INPUTS / 2; i++)
		t_dlist_add(in, t_bits_float((uint32_t)t_rng_next(&rng)));
	/* Doubles around the formats' ranges, with all 53 bits in use. */
	for (int i = 0; i < RANDOM_INPUTS / 2; i++) {
		uint64_t u = t_rng_next(&rng);
		int e = (int)t_rng_below(&rng, 300) - 150;
		double x = ldexp(1 + ldexp((double)(u >> 12), -52), e);

		t_dlist_add(in, u >> 11 & 1 ? -x : x);
	}
}

int main(void)
{
	static const enum mxa_round rounds[] = {
		MXA_ROUND_RNE, MXA_ROUND_RZ, MXA_ROUND_RU
	};
	struct t_dlist in = { 0 };
	unsigned long checked = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	list_formats();
	inputs(&in);
	printf("%zu inputs\n", in.n);
	for (size_t f = 0; f < n_rfmts; f++) {
		struct table t;

		build(&t, &rfmts[f]);
		check_decode(&rfmts[f]);
		for (size_t r = 0; r < MXA_ARRAY_SIZE(rounds); r++) {
			/* pow2 (e8m0) rounds rz or ru; the others rne or rz. */
			if (rounds[r] != MXA_ROUND_RZ &&
			    (rounds[r] == MXA_ROUND_RU) !=
			    (rfmts[f].enc == MXA_HW_FMT_ENC_POW2))
				continue;
			for (int sat = 0; sat < 2; sat++) {
				struct mxa_convert_opts o = { rounds[r], sat };
				unsigned long bad = 0;

				for (size_t i = 0; i < in.n; i++) {
					double x = in.v[i];
					unsigned want = ref_convert(&t, x,
								    rounds[r],
								    sat);
					uint8_t gd = 0xEE, gf = 0xEE;
					int rd, rf = 0;

					/*
					 * A scaled integer is the integer
					 * conversion of x / unit (exact in
					 * double).
					 */
					rd = mxa_encode_double(t.f->fmt,
							       ldexp(x, -t.f->unit),
							       &o, &gd);
					/* A float input must agree too. */
					if (t.f->unit)
						gf = (uint8_t)want;
					else if ((double)(float)x == x ||
						 isnan(x))
						rf = mxa_encode(t.f->fmt,
								(float)x, &o,
								&gf);
					else
						gf = (uint8_t)want;
					checked++;
					if (!rd && !rf && gd == want &&
					    gf == want)
						continue;
					if (bad++ < SHOW_MAX)
						printf("  %s r%d sat %d: %a: "
						       "double 0x%02x float "
						       "0x%02x, want 0x%02x\n",
						       t.f->name, rounds[r],
						       sat, x, gd, gf, want);
				}
				printf("%-8s round %d sat %d: %lu mismatches\n",
				       t.f->name, rounds[r], sat, bad);
				T_CHECK(bad == 0, "%s round %d sat %d",
					t.f->name, rounds[r], sat);
			}
		}
	}
	printf("%lu conversions checked\n", checked);
	free(in.v);
	return t_exit();
}
