// SPDX-License-Identifier: MIT
/*
 * test_convert_ref.c - every conversion of docs/numerics.md section 3
 * against a brute-force reference: for an input x the reference decodes
 * every code of the format with its own formula and picks the code the
 * rounding rule asks for (the nearest, ties to the code with an even last
 * bit; or the largest magnitude not above |x|; then saturation and the
 * special values). It covers what the CUDA toolkit has no conversion for
 * (FP8 rz, FP8 without saturation under rz, int8, scaled int8, ternary,
 * ue4m3) and, as a second opinion, everything else, on floats and doubles.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_priv.h"

#define RANDOM_INPUTS 200000
#define SHOW_MAX 10

enum kind { FP, INT8, TERNARY, E8M0, UE4M3 };
enum specials { NONE, IEEE, ONE_NAN };

static const struct rfmt {
	enum mxa_format fmt;
	const char *name;
	enum kind kind;
	unsigned width, exp_bits, man_bits;
	int bias;
	enum specials specials;
	int scaled;	/* int8 under block scales: code x 2^-6 */
} rfmts[] = {
	{ MXA_FMT_E5M2, "e5m2", FP, 8, 5, 2, 15, IEEE, 0 },
	{ MXA_FMT_E4M3, "e4m3", FP, 8, 4, 3, 7, ONE_NAN, 0 },
	{ MXA_FMT_E3M2, "e3m2", FP, 6, 3, 2, 3, NONE, 0 },
	{ MXA_FMT_E2M3, "e2m3", FP, 6, 2, 3, 1, NONE, 0 },
	{ MXA_FMT_E2M1, "e2m1", FP, 4, 2, 1, 1, NONE, 0 },
	{ MXA_FMT_INT8, "int8", INT8, 8, 0, 0, 0, NONE, 0 },
	{ MXA_FMT_INT8, "int8*2^-6", INT8, 8, 0, 0, 0, NONE, 1 },
	{ MXA_FMT_TERNARY, "ternary", TERNARY, 2, 0, 0, 0, NONE, 0 },
	{ MXA_FMT_E8M0, "e8m0", E8M0, 8, 8, 0, 127, NONE, 0 },
	{ MXA_FMT_UE4M3, "ue4m3", UE4M3, 8, 4, 3, 7, ONE_NAN, 0 },
};

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
	unsigned nan_code, inf_code;
};

/*
 * All finite codes of a format with their values from the section 1
 * formula. Negative zeros are left out (the sign of a zero result is set
 * afterwards); sign-magnitude formats get one more candidate on each side,
 * the value one step past the largest, standing for "rounds beyond".
 */
static void build(struct table *t, const struct rfmt *f)
{
	unsigned codes = 1u << f->width;
	double maxv = 0;

	memset(t, 0, sizeof(*t));
	t->f = f;
	for (unsigned code = 0; code < codes; code++) {
		unsigned sign = code >> (f->width - 1);
		unsigned e = code >> f->man_bits & ((1u << f->exp_bits) - 1);
		unsigned m = code & ((1u << f->man_bits) - 1);
		unsigned emax = (1u << f->exp_bits) - 1;
		double v;

		switch (f->kind) {
		case INT8:
			v = code < 128 ? (double)code : (double)code - 256;
			v = ldexp(v, f->scaled ? -6 : 0);
			break;
		case TERNARY:
			if (code == 2)
				continue;
			v = code == 0 ? 0 : code == 1 ? 1 : -1;
			break;
		case E8M0:
			if (code == 255)
				continue;
			v = ldexp(1, (int)code - 127);
			break;
		default:
			if (f->kind == UE4M3 && sign)
				continue;
			if (f->specials == IEEE && e == emax)
				continue;
			if (f->specials == ONE_NAN && e == emax &&
			    m == (1u << f->man_bits) - 1)
				continue;
			if (sign && !e && !m)
				continue;
			v = e ? ldexp(1 + ldexp(m, -(int)f->man_bits),
				      (int)e - f->bias) :
				ldexp(m, 1 - f->bias - (int)f->man_bits);
			if (sign)
				v = -v;
			break;
		}
		t->c[t->n++] = (struct cand){ v, code, 0 };
	}
	for (int i = 0; i < t->n; i++)
		if (t->c[i].v > maxv) {
			maxv = t->c[i].v;
			t->max_code = t->c[i].code;
		}
	t->nan_code = f->specials == NONE ? t->max_code : 0x7F;
	t->inf_code = f->specials == IEEE ? 0x7C : t->nan_code;
	if (f->kind == FP || f->kind == UE4M3 || f->kind == E8M0) {
		unsigned sbit = 1u << (f->width - 1);
		double step;

		step = f->kind == E8M0 ? maxv :
		       ldexp(1, (int)(t->max_code >> f->man_bits) - f->bias -
			     (int)f->man_bits);
		t->c[t->n++] = (struct cand){ maxv + step, t->max_code + 1, 1 };
		if (f->kind == FP)
			t->c[t->n++] = (struct cand){ -(maxv + step),
						      sbit | (t->max_code + 1),
						      1 };
	}
}

/* The reference conversion of an exact (double) x. */
static unsigned ref_convert(const struct table *t, double x,
			    enum mxa_round r, int sat)
{
	const struct rfmt *f = t->f;
	unsigned sbit = 1u << (f->width - 1);
	int fp8 = f->fmt == MXA_FMT_E5M2 || f->fmt == MXA_FMT_E4M3 ||
		  f->kind == UE4M3;
	const struct cand *lo = NULL, *hi = NULL, *pick;
	unsigned sign = signbit(x) ? sbit : 0;
	double a = x;

	if (f->kind == E8M0) {
		if (isnan(x))
			return 0xFF;
		a = fabs(x);
	} else if (f->kind == UE4M3) {
		if (isnan(x))
			return 0x7F;
		if (signbit(x))
			return 0;
	} else if (isnan(x)) {
		return f->kind == FP ? t->nan_code : 0;
	}
	if (isinf(a)) {
		if (f->kind == E8M0)
			return sat ? t->max_code : 0xFF;
		if (f->kind != FP && f->kind != UE4M3)
			a = a > 0 ? DBL_MAX : -DBL_MAX;
		else
			return !sat && fp8 ? sign | t->inf_code :
			       sign | t->max_code;
	}
	if (!sat && !fp8 && f->kind != E8M0)
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
		if (f->kind == E8M0 && !pick)
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
		/* rz never overflows except e8m0 (|x| >= 2^128). */
		if (f->kind == E8M0)
			return sat ? t->max_code : 0xFF;
		if (r == MXA_ROUND_RZ || sat || !fp8)
			return sign | t->max_code;
		return sign | t->inf_code;
	}
	if (pick->v == 0 && f->kind == FP)
		return sign;
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

	for (size_t f = 0; f < MXA_ARRAY_SIZE(rfmts); f++) {
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
	inputs(&in);
	printf("%zu inputs\n", in.n);
	for (size_t f = 0; f < MXA_ARRAY_SIZE(rfmts); f++) {
		struct table t;

		build(&t, &rfmts[f]);
		for (size_t r = 0; r < MXA_ARRAY_SIZE(rounds); r++) {
			/* e8m0 rounds rz or ru; the others rne or rz. */
			if (rounds[r] != MXA_ROUND_RZ &&
			    (rounds[r] == MXA_ROUND_RU) !=
			    (rfmts[f].kind == E8M0))
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
					 * Scaled int8 is the int8 conversion
					 * of x * 2^6 (exact in double).
					 */
					rd = mxa_encode_double(t.f->fmt,
							       t.f->scaled ?
							       ldexp(x, 6) : x,
							       &o, &gd);
					/* A float input must agree too. */
					if (t.f->scaled)
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
