// SPDX-License-Identifier: MIT
/*
 * test_int128.c - the two-word form of lib/int128.h, which 32-bit targets
 * build the emulator with, held to the compiler's __int128 on every
 * operation: random operands of every width, both signs and the edges
 * (0, 1, 2^64 - 1, 2^127, -1), every shift count.
 */
#define MXA_PORTABLE_INT128
#include "int128.h"

#include <math.h>
#include <stdio.h>

#include "common/test_util.h"
#include "mxa_priv.h"

#ifdef __SIZEOF_INT128__

typedef unsigned __int128 u128;
typedef __int128 i128;

static u128 native(mxa__u128 x)
{
	return (u128)mxa__u128_hi(x) << 64 | mxa__u128_lo(x);
}

static mxa__u128 words(u128 x)
{
	return mxa__u128_make((uint64_t)(x >> 64), (uint64_t)x);
}

static i128 native_i(mxa__i128 x)
{
	return (i128)native(mxa__i128_bits(x));
}

static mxa__i128 words_i(i128 x)
{
	return mxa__i128_from_bits(words((u128)x));
}

/* A 64-bit value of a random width, or an edge. */
static uint64_t draw64(struct t_rng *r)
{
	static const uint64_t edges[] = {
		0, 1, 2, UINT64_MAX, UINT64_MAX - 1, 1ull << 63,
		(1ull << 63) - 1, 1ull << 32, (1ull << 32) - 1,
	};
	unsigned bits = t_rng_below(r, 65);

	if (!t_rng_below(r, 8))
		return edges[t_rng_below(r, MXA_ARRAY_SIZE(edges))];
	return bits ? t_rng_next(r) >> (64 - bits) : 0;
}

static u128 draw128(struct t_rng *r)
{
	u128 x = (u128)draw64(r) << 64 | draw64(r);

	switch (t_rng_below(r, 4)) {
	case 0:
		return x >> t_rng_below(r, 128);	/* narrower */
	case 1:
		return -x;	/* a negative one as i128 */
	default:
		return x;
	}
}

#define EQ(got, want, what)                                                 \
	T_CHECK((got) == (want), "%s: %016llx%016llx, want %016llx%016llx",  \
		what, (unsigned long long)((u128)(got) >> 64),               \
		(unsigned long long)(got), (unsigned long long)((u128)(want) >> 64), \
		(unsigned long long)(want))

static void test_random(void)
{
	struct t_rng r;

	t_rng_seed(&r, 0x128128);
	for (int i = 0; i < 1000000; i++) {
		u128 a = draw128(&r), b = draw128(&r);
		uint64_t s64 = draw64(&r);
		unsigned n = t_rng_below(&r, 128);
		mxa__u128 wa = words(a), wb = words(b);
		mxa__i128 ia = words_i((i128)a), ib = words_i((i128)b);
		int cmp = (a > b) - (a < b);

		EQ(native(mxa__u128_shl(wa, n)), a << n, "shl");
		EQ(native(mxa__u128_shr(wa, n)), a >> n, "shr");
		EQ(native(mxa__u128_or(wa, wb)), a | b, "or");
		EQ(native(mxa__u128_add(wa, wb)), a + b, "add");
		EQ(native(mxa__u128_sub(wa, wb)), a - b, "sub");
		EQ(native(mxa__u128_mul64(wa, s64)), a * s64, "u128 * u64");
		EQ(native(mxa__u128_low_bits(wa, n)), a & (((u128)1 << n) - 1),
		   "low bits");
		T_CHECK(mxa__u128_cmp(wa, wb) == cmp, "cmp");
		T_CHECK(mxa__u128_cmp(wa, wa) == 0, "cmp with itself");
		T_CHECK(mxa__u128_is_zero(wa) == !a, "is_zero");
		T_CHECK(mxa__bit_length(wa) ==
			(a >> 64 ? 128 - __builtin_clzll((uint64_t)(a >> 64)) :
			 (uint64_t)a ? 64 - __builtin_clzll((uint64_t)a) : 0),
			"bit_length");

		EQ((u128)native_i(mxa__i128_of((int64_t)s64)),
		   (u128)(i128)(int64_t)s64, "of");
		EQ((u128)native_i(mxa__i128_mul64((int64_t)s64, (int64_t)a)),
		   (u128)((i128)(int64_t)s64 * (int64_t)a), "i64 * i64");
		EQ((u128)native_i(mxa__i128_mul(ia, (int64_t)s64)),
		   a * (u128)(i128)(int64_t)s64, "i128 * i64");
		EQ((u128)native_i(mxa__i128_add(ia, ib)), a + b, "i128 add");
		EQ((u128)native_i(mxa__i128_shl(ia, n)), a << n, "i128 shl");
		T_CHECK(mxa__i128_negative(ia) == ((i128)a < 0), "negative");
		EQ(native(mxa__i128_abs(ia)),
		   (i128)a < 0 ? -a : a, "abs");
	}
}

/* Integers up to 2^127 in magnitude from doubles: 53 bits at any place. */
static void test_of_double(void)
{
	struct t_rng r;

	t_rng_seed(&r, 0xd0b1e);
	for (int i = 0; i < 200000; i++) {
		double d = (double)(t_rng_next(&r) >> 11);	/* exact */
		int sh = (int)t_rng_below(&r, 75);

		d = ldexp(d, sh);
		if (t_rng_below(&r, 2))
			d = -d;
		EQ((u128)native_i(mxa__i128_of_double(d)), (u128)(i128)d,
		   "of_double");
	}
	EQ((u128)native_i(mxa__i128_of_double(0.0)), (u128)0, "of_double 0");
	EQ((u128)native_i(mxa__i128_of_double(-0x1p126)),
	   (u128)(i128)-0x1p126, "of_double -2^126");
}

int main(void)
{
	test_random();
	test_of_double();
	return t_exit();
}

#else

int main(void)
{
	T_SKIP_BECAUSE("this compiler has no __int128 to compare the two-word "
		       "form with (it is the form this target builds)");
}

#endif
