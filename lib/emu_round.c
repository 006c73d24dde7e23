// SPDX-License-Identifier: MIT
/*
 * emu_round.c - exact values to float32 with one rounding: an integer times
 * a power of two rounded to nearest even (the fl32 of docs/numerics.md), and
 * the wide fixed-point accumulator of the exact mode that feeds it.
 */
#include <string.h>

#include "emu.h"

float mxa__emu_round(int neg, mxa__u128 mag, int exp, int sticky)
{
	uint64_t q;
	uint32_t bits;
	int n, top, e, s;
	float f;

	if (mxa__u128_is_zero(mag))
		return 0.0f;
	n = mxa__bit_length(mag);
	top = n - 1 + exp;	/* floor(log2 |x|) */
	if (top > 127) {
		bits = 0x7F800000;
	} else {
		/* e: exponent of the result; its last bit is worth 2^(e-23). */
		e = top > -126 ? top : -126;
		s = e - 23 - exp;	/* bits of mag below that last bit */
		if (s <= 0) {
			q = mxa__u128_lo(mag) << -s;	/* mag < 2^24 */
		} else if (s > n) {
			q = 0;	/* below half the smallest subnormal */
		} else {
			/* s <= n <= 128; the quotient is below 2^24 */
			mxa__u128 rem = s < 128 ?
				mxa__u128_low_bits(mag, (unsigned)s) : mag;
			int c = mxa__u128_cmp(rem, mxa__u128_shl(
				mxa__u128_make(0, 1), (unsigned)s - 1));

			q = s < 128 ? mxa__u128_lo(mxa__u128_shr(mag,
							(unsigned)s)) : 0;
			if (c > 0 || (c == 0 && (sticky || (q & 1))))
				q++;
		}
		/*
		 * q < 2^24 holds the implicit bit for normal results; adding it
		 * to the exponent field lets a carry out of the significand
		 * step into the next binade, up to infinity, and makes a
		 * subnormal that rounds up to 2^-126 the smallest normal.
		 */
		bits = ((uint32_t)(e + 126) << 23) + (uint32_t)q;
	}
	bits |= (uint32_t)!!neg << 31;
	memcpy(&f, &bits, sizeof(f));
	return f;
}

void mxa__wide_add(struct mxa__wide *acc, mxa__i128 m, int exp)
{
	unsigned off = (unsigned)(exp - MXA__WIDE_LSB);
	unsigned wi = off / 64, sh = off % 64;
	mxa__u128 bits = mxa__i128_bits(m);
	uint64_t sign = mxa__i128_negative(m) ? ~0ull : 0;
	uint64_t src[3] = { mxa__u128_lo(bits), mxa__u128_hi(bits), sign };
	unsigned carry = 0;

	for (unsigned i = 0; i < MXA__WIDE_WORDS; i++) {
		/* Word i of m, sign-extended, shifted left by off bits. */
		int j = (int)i - (int)wi;
		uint64_t cur = j < 0 ? 0 : j < 3 ? src[j] : sign;
		uint64_t prev = j < 1 ? 0 : j < 4 ? src[j - 1] : sign;
		uint64_t v = sh ? cur << sh | prev >> (64 - sh) : cur;
		uint64_t s = acc->w[i] + v;
		unsigned c = s < v;

		acc->w[i] = s + carry;
		carry = c | (acc->w[i] < s);
	}
}

/* Bits pos .. pos+63 of a little-endian word array (zeros past its end). */
static uint64_t bits64(const uint64_t *w, unsigned pos)
{
	unsigned wi = pos / 64, sh = pos % 64;
	uint64_t lo = wi < MXA__WIDE_WORDS ? w[wi] : 0;
	uint64_t hi = wi + 1 < MXA__WIDE_WORDS ? w[wi + 1] : 0;

	return sh ? lo >> sh | hi << (64 - sh) : lo;
}

float mxa__wide_round(const struct mxa__wide *acc)
{
	uint64_t w[MXA__WIDE_WORDS];
	unsigned top, low, carry = 1;
	int neg = acc->w[MXA__WIDE_WORDS - 1] >> 63, hi = -1, sticky = 0;
	mxa__u128 mag;

	memcpy(w, acc->w, sizeof(w));
	if (neg) {
		for (unsigned i = 0; i < MXA__WIDE_WORDS; i++) {
			w[i] = ~w[i] + carry;
			carry = carry && !w[i];
		}
	}
	for (int i = MXA__WIDE_WORDS - 1; i >= 0 && hi < 0; i--)
		if (w[i])
			hi = i;
	if (hi < 0)
		return 0.0f;
	top = 64 * (unsigned)hi + 63 - (unsigned)__builtin_clzll(w[hi]);

	/* The top 128 bits, and whether anything below them is set. */
	low = top >= 127 ? top - 127 : 0;
	mag = mxa__u128_make(bits64(w, low + 64), bits64(w, low));
	for (unsigned i = 0; i < low / 64; i++)
		sticky |= w[i] != 0;
	if (low % 64)
		sticky |= (w[low / 64] & ((1ull << (low % 64)) - 1)) != 0;
	return mxa__emu_round(neg, mag, MXA__WIDE_LSB + (int)low, sticky);
}
