/* SPDX-License-Identifier: MIT */
/*
 * int128.h - the 128-bit integers of the emulator's reference paths (block
 * sums, the rounding to float32, the wide accumulator), as a small set of
 * operations. 64-bit compilers have __int128 and each operation is its
 * operator; 32-bit targets (the 32-bit ARM of Zynq-7000 boards) have no
 * 128-bit type, and the same operations work on two 64-bit words.
 * MXA_PORTABLE_INT128 selects the two-word form on any target, which is how
 * tests/unit/test_int128.c holds it to __int128.
 *
 * mxa__u128 is unsigned, mxa__i128 two's complement; both wrap modulo 2^128
 * like the built-in types, and every shift count is below 128.
 */
#ifndef MXA_INT128_H
#define MXA_INT128_H

#include <stdint.h>

#if defined(__SIZEOF_INT128__) && !defined(MXA_PORTABLE_INT128)

typedef __int128 mxa__i128;
typedef unsigned __int128 mxa__u128;

static inline mxa__u128 mxa__u128_make(uint64_t hi, uint64_t lo)
{
	return (mxa__u128)hi << 64 | lo;
}

static inline uint64_t mxa__u128_lo(mxa__u128 x) { return (uint64_t)x; }
static inline uint64_t mxa__u128_hi(mxa__u128 x) { return (uint64_t)(x >> 64); }

static inline mxa__u128 mxa__u128_shl(mxa__u128 x, unsigned n) { return x << n; }
static inline mxa__u128 mxa__u128_shr(mxa__u128 x, unsigned n) { return x >> n; }
static inline mxa__u128 mxa__u128_or(mxa__u128 a, mxa__u128 b) { return a | b; }
static inline mxa__u128 mxa__u128_add(mxa__u128 a, mxa__u128 b) { return a + b; }
static inline mxa__u128 mxa__u128_sub(mxa__u128 a, mxa__u128 b) { return a - b; }

static inline mxa__u128 mxa__u128_mul64(mxa__u128 a, uint64_t b)
{
	return a * b;
}

/* -1, 0 or 1 as a < b, a == b, a > b. */
static inline int mxa__u128_cmp(mxa__u128 a, mxa__u128 b)
{
	return (a > b) - (a < b);
}

static inline mxa__i128 mxa__i128_of(int64_t v) { return v; }

/* a * b, exact. */
static inline mxa__i128 mxa__i128_mul64(int64_t a, int64_t b)
{
	return (mxa__i128)a * b;
}

/* Signed overflow would be undefined: both wrap as unsigned numbers. */
static inline mxa__i128 mxa__i128_mul(mxa__i128 a, int64_t b)
{
	return (mxa__i128)((mxa__u128)a * (mxa__u128)(mxa__i128)b);
}

static inline mxa__i128 mxa__i128_add(mxa__i128 a, mxa__i128 b)
{
	return (mxa__i128)((mxa__u128)a + (mxa__u128)b);
}

static inline mxa__i128 mxa__i128_shl(mxa__i128 a, unsigned n)
{
	return (mxa__i128)((mxa__u128)a << n);
}

static inline int mxa__i128_negative(mxa__i128 a) { return a < 0; }

/* |a| (2^127 for the most negative value). */
static inline mxa__u128 mxa__i128_abs(mxa__i128 a)
{
	return a < 0 ? -(mxa__u128)a : (mxa__u128)a;
}

/* The two's complement bits of a, and back. */
static inline mxa__u128 mxa__i128_bits(mxa__i128 a) { return (mxa__u128)a; }
static inline mxa__i128 mxa__i128_from_bits(mxa__u128 u) { return (mxa__i128)u; }

/* d, an integer below 2^127 in magnitude. */
static inline mxa__i128 mxa__i128_of_double(double d) { return (mxa__i128)d; }

#else

typedef struct {
	uint64_t lo, hi;
} mxa__u128;

typedef struct {
	uint64_t lo, hi;	/* two's complement */
} mxa__i128;

static inline mxa__u128 mxa__u128_make(uint64_t hi, uint64_t lo)
{
	mxa__u128 r = { lo, hi };

	return r;
}

static inline uint64_t mxa__u128_lo(mxa__u128 x) { return x.lo; }
static inline uint64_t mxa__u128_hi(mxa__u128 x) { return x.hi; }

static inline mxa__u128 mxa__u128_shl(mxa__u128 x, unsigned n)
{
	if (n >= 64)
		return mxa__u128_make(x.lo << (n - 64), 0);
	if (!n)
		return x;
	return mxa__u128_make(x.hi << n | x.lo >> (64 - n), x.lo << n);
}

static inline mxa__u128 mxa__u128_shr(mxa__u128 x, unsigned n)
{
	if (n >= 64)
		return mxa__u128_make(0, x.hi >> (n - 64));
	if (!n)
		return x;
	return mxa__u128_make(x.hi >> n, x.lo >> n | x.hi << (64 - n));
}

static inline mxa__u128 mxa__u128_or(mxa__u128 a, mxa__u128 b)
{
	return mxa__u128_make(a.hi | b.hi, a.lo | b.lo);
}

static inline mxa__u128 mxa__u128_add(mxa__u128 a, mxa__u128 b)
{
	uint64_t lo = a.lo + b.lo;

	return mxa__u128_make(a.hi + b.hi + (lo < a.lo), lo);
}

static inline mxa__u128 mxa__u128_sub(mxa__u128 a, mxa__u128 b)
{
	return mxa__u128_make(a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo);
}

/* a * b, the full 128 bits, from four 32 x 32-bit products. */
static inline mxa__u128 mxa__u64_mul_full(uint64_t a, uint64_t b)
{
	uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;

	return mxa__u128_make(hh + (lh >> 32) + (hl >> 32) + (mid >> 32),
			      mid << 32 | (uint32_t)ll);
}

static inline mxa__u128 mxa__u128_mul64(mxa__u128 a, uint64_t b)
{
	mxa__u128 r = mxa__u64_mul_full(a.lo, b);

	r.hi += a.hi * b;
	return r;
}

static inline int mxa__u128_cmp(mxa__u128 a, mxa__u128 b)
{
	if (a.hi != b.hi)
		return a.hi > b.hi ? 1 : -1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

static inline mxa__i128 mxa__i128_of(int64_t v)
{
	mxa__i128 r = { (uint64_t)v, v < 0 ? ~0ull : 0 };

	return r;
}

static inline mxa__i128 mxa__i128_from_bits(mxa__u128 u)
{
	mxa__i128 r = { u.lo, u.hi };

	return r;
}

static inline mxa__u128 mxa__i128_bits(mxa__i128 a)
{
	return mxa__u128_make(a.hi, a.lo);
}

/*
 * a * b modulo 2^128. a's words already are its value modulo 2^128; b as an
 * unsigned word is b + 2^64 when negative, and the extra a * 2^64 leaves
 * a's low word in the high word.
 */
static inline mxa__i128 mxa__i128_mul(mxa__i128 a, int64_t b)
{
	mxa__u128 r = mxa__u64_mul_full(a.lo, (uint64_t)b);

	r.hi += a.hi * (uint64_t)b;
	if (b < 0)
		r.hi -= a.lo;
	return mxa__i128_from_bits(r);
}

static inline mxa__i128 mxa__i128_mul64(int64_t a, int64_t b)
{
	return mxa__i128_mul(mxa__i128_of(a), b);
}

static inline mxa__i128 mxa__i128_add(mxa__i128 a, mxa__i128 b)
{
	return mxa__i128_from_bits(mxa__u128_add(mxa__i128_bits(a),
						 mxa__i128_bits(b)));
}

static inline mxa__i128 mxa__i128_shl(mxa__i128 a, unsigned n)
{
	return mxa__i128_from_bits(mxa__u128_shl(mxa__i128_bits(a), n));
}

static inline int mxa__i128_negative(mxa__i128 a) { return a.hi >> 63; }

static inline mxa__u128 mxa__i128_abs(mxa__i128 a)
{
	mxa__u128 u = mxa__i128_bits(a);

	return a.hi >> 63 ? mxa__u128_sub(mxa__u128_make(0, 0), u) : u;
}

static inline mxa__i128 mxa__i128_of_double(double d)
{
	double m = d < 0 ? -d : d;
	/* Both parts exact: m is an integer with at most 53 bits. */
	uint64_t hi = (uint64_t)(m * 0x1p-64);
	uint64_t lo = (uint64_t)(m - (double)hi * 0x1p64);
	mxa__u128 u = mxa__u128_make(hi, lo);

	return mxa__i128_from_bits(d < 0 ? mxa__u128_sub(mxa__u128_make(0, 0), u)
					 : u);
}

#endif

static inline int mxa__u128_is_zero(mxa__u128 x)
{
	return !(mxa__u128_lo(x) | mxa__u128_hi(x));
}

/* Number of bits of x: floor(log2 x) + 1, 0 for 0. */
static inline int mxa__bit_length(mxa__u128 x)
{
	uint64_t hi = mxa__u128_hi(x), lo = mxa__u128_lo(x);

	return hi ? 128 - __builtin_clzll(hi) : lo ? 64 - __builtin_clzll(lo) : 0;
}

/* The n low bits of x (n < 128). */
static inline mxa__u128 mxa__u128_low_bits(mxa__u128 x, unsigned n)
{
	mxa__u128 mask = mxa__u128_sub(mxa__u128_shl(mxa__u128_make(0, 1), n),
				       mxa__u128_make(0, 1));

	return mxa__u128_make(mxa__u128_hi(x) & mxa__u128_hi(mask),
			      mxa__u128_lo(x) & mxa__u128_lo(mask));
}

#endif
