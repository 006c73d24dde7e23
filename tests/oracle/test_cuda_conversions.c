// SPDX-License-Identifier: MIT
/*
 * test_cuda_conversions.c - mxa_encode() and mxa_encode_double() against the
 * CUDA toolkit's host conversions (cuda_fp8.h, cuda_fp6.h, cuda_fp4.h), code
 * for code, on every rounding boundary of every format, the range limits
 * and a million random float32 bit patterns, plus doubles that lie between
 * floats (what block quantization feeds mxa_encode_double()).
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"

#if MXA_HAVE_CUDA
#include "common/cuda_conv.h"

#define RANDOM_FLOATS 1000000
#define RANDOM_DOUBLES 200000
#define SHOW_MAX 10

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The non-negative values of a sign-exponent-mantissa format, written from
 * the formula of docs/numerics.md section 1, one binade further than the
 * format reaches so that the overflow boundaries are covered too.
 */
static void grid(struct t_dlist *g, int exp_bits, int man_bits, int bias)
{
	for (int e = 0; e <= 1 << exp_bits; e++)
		for (int m = 0; m < 1 << man_bits; m++)
			t_dlist_add(g, e ? ldexp(1.0 + ldexp(m, -man_bits), e - bias) :
				   ldexp(m, 1 - bias - man_bits));
}

/* A value, its float neighbours, and all of it negated. */
static void add_around_float(struct t_dlist *in, double v)
{
	float f = (float)v;

	for (int s = 0; s < 2; s++) {
		float x = s ? -f : f;

		t_dlist_add(in, x);
		t_dlist_add(in, nextafterf(x, INFINITY));
		t_dlist_add(in, nextafterf(x, -INFINITY));
	}
}

/* Doubles just around a value: what only a double input can express. */
static void add_around_double(struct t_dlist *in, double v)
{
	for (int s = 0; s < 2; s++) {
		double x = s ? -v : v;

		t_dlist_add(in, x);
		t_dlist_add(in, nextafter(x, INFINITY));
		t_dlist_add(in, nextafter(x, -INFINITY));
	}
}

/* Every value and every midpoint between neighbours of every format. */
static void boundaries(struct t_dlist *fl, struct t_dlist *dbl)
{
	static const int fmts[][3] = {
		{ 5, 2, 15 }, { 4, 3, 7 }, { 3, 2, 3 }, { 2, 3, 1 },
		{ 2, 1, 1 },
	};
	struct t_dlist g = { 0 };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		grid(&g, fmts[f][0], fmts[f][1], fmts[f][2]);
	/* e8m0: its boundaries are the powers of two themselves. */
	for (int c = 0; c <= 256; c++)
		t_dlist_add(&g, ldexp(1.0, c - 127));
	qsort(g.v, g.n, sizeof(*g.v), cmp_double);
	for (size_t i = 0; i < g.n; i++) {
		add_around_float(fl, g.v[i]);
		add_around_double(dbl, g.v[i]);
		if (i + 1 < g.n && g.v[i + 1] != g.v[i]) {
			double mid = (g.v[i] + g.v[i + 1]) / 2;

			add_around_float(fl, mid);
			add_around_double(dbl, mid);
		}
	}
	free(g.v);
}

static void range_limits(struct t_dlist *fl)
{
	static const uint32_t bits[] = {
		0x00000000, 0x80000000,			/* zeros */
		0x7F800000, 0xFF800000,			/* infinities */
		0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001,
		0x7FBFFFFF, 0x7FFFFFFF, 0xFFFFFFFF,	/* NaNs */
		0x7F7FFFFF, 0x7F7FFFFE, 0x7F000000,	/* near FLT_MAX */
		0x00800000, 0x00800001, 0x007FFFFF,	/* FLT_MIN */
		0x00000001, 0x00000002, 0x00000003,	/* subnormals */
		0x00400000, 0x00400001, 0x003FFFFF,	/* 2^-127 */
		0x00200000, 0x00200001, 0x001FFFFF,	/* 2^-128 */
		0x00012345, 0x00654321,
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		t_dlist_add(fl, t_bits_float(bits[i]));
		t_dlist_add(fl, t_bits_float(bits[i] ^ 0x80000000u));
	}
}

/*
 * CUDA's double conversions keep a NaN's sign and payload bits where mxa
 * (like CUDA's float conversions) gives one NaN code; e8m0 from double goes
 * through a float, so beyond the float range it follows float overflow.
 * Those inputs are left out of the double comparison.
 */
static int double_comparable(const struct cuda_conv *cv, double x)
{
	if (isnan(x))
		return 0;
	if (cv->fmt == MXA_FMT_E8M0)
		return fabs(x) <= FLT_MAX;
	return 1;
}

static unsigned long check_floats(const struct cuda_conv *cv,
				  const struct t_dlist *in)
{
	unsigned long bad = 0;

	for (size_t i = 0; i < in->n; i++) {
		float x = (float)in->v[i];
		uint8_t want = cv->from_float(x), got = 0xEE;
		int ret = mxa_encode(cv->fmt, x, &cv->opts, &got);

		if (!ret && got == want)
			continue;
		if (bad++ < SHOW_MAX)
			printf("  %s: float 0x%08x (%.9g): mxa 0x%02x "
			       "(ret %d), CUDA 0x%02x\n", cv->name,
			       t_float_bits(x), x, got, ret, want);
	}
	return bad;
}

static unsigned long check_doubles(const struct cuda_conv *cv,
				   const struct t_dlist *in)
{
	unsigned long bad = 0;

	for (size_t i = 0; i < in->n; i++) {
		double x = in->v[i];
		uint8_t want, got = 0xEE;
		uint64_t u;
		int ret;

		if (!double_comparable(cv, x))
			continue;
		want = cv->from_double(x);
		ret = mxa_encode_double(cv->fmt, x, &cv->opts, &got);
		if (!ret && got == want)
			continue;
		memcpy(&u, &x, sizeof(u));
		if (bad++ < SHOW_MAX)
			printf("  %s: double 0x%016llx (%.17g): mxa 0x%02x "
			       "(ret %d), CUDA 0x%02x\n", cv->name,
			       (unsigned long long)u, x, got, ret, want);
	}
	return bad;
}

int main(void)
{
	struct t_dlist fl = { 0 }, dbl = { 0 };
	struct t_rng rng;
	size_t nbound;

	setvbuf(stdout, NULL, _IOLBF, 0);
	boundaries(&fl, &dbl);
	range_limits(&fl);
	nbound = fl.n;
	t_rng_seed(&rng, 0x6d7861u);
	for (int i = 0; i < RANDOM_FLOATS; i++)
		t_dlist_add(&fl, t_bits_float((uint32_t)t_rng_next(&rng)));
	/* Floats are doubles too; then doubles of every magnitude nearby. */
	for (size_t i = 0; i < fl.n; i++)
		t_dlist_add(&dbl, fl.v[i]);
	for (int i = 0; i < RANDOM_DOUBLES; i++) {
		uint64_t u = t_rng_next(&rng);
		int e = (int)t_rng_below(&rng, 320) - 160;
		double x = ldexp(1.0 + ldexp((double)(u >> 12), -52), e);

		t_dlist_add(&dbl, u >> 11 & 1 ? -x : x);
	}
	printf("%zu boundary floats, %d random floats, %zu doubles\n", nbound,
	       RANDOM_FLOATS, dbl.n);

	for (size_t c = 0; c < N_CUDA_CONVS; c++) {
		const struct cuda_conv *cv = &cuda_convs[c];
		unsigned long bf = check_floats(cv, &fl);
		unsigned long bd = check_doubles(cv, &dbl);

		printf("%-16s floats: %lu mismatches, doubles: %lu "
		       "mismatches\n", cv->name, bf, bd);
		T_CHECK(bf == 0 && bd == 0, "%s disagrees with CUDA", cv->name);
	}
	free(fl.v);
	free(dbl.v);
	return t_exit();
}
#else
int main(void)
{
	T_SKIP_BECAUSE("CUDA toolkit headers (cuda_fp8.h) not found; install "
		       "the CUDA toolkit for the conversion oracle");
}
#endif
