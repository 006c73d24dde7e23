// SPDX-License-Identifier: MIT
/*
 * test_fp32.c - the binary32 units of the dot-product unit (the accumulator
 * adder, the per-tensor scale multiplier, the BF16 output), Verilated,
 * against the host's IEEE arithmetic (round to nearest even, subnormals
 * kept: the C default) and the library's BF16 conversion.
 *
 * Operands come from the places where adders and multipliers go wrong:
 * uniform bit patterns, exponents a few binades apart, sums that cancel
 * down to a few ulps, subnormals, products that land in the subnormal range
 * or beyond the largest finite value, and every pair of special values.
 * Every NaN the units produce must be the canonical 0x7FC00000.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "rtl/fp32_tb.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define PER_KIND 2000000

static struct fp32_tb *tb;
static struct t_rng rng;
static unsigned long n_checked;

static uint32_t canonical(float f)
{
	return isnan(f) ? 0x7fc00000 : t_float_bits(f);
}

static void check(uint32_t a, uint32_t b)
{
	uint32_t sum, prod;
	uint16_t h;
	float fa = t_bits_float(a), fb = t_bits_float(b);
	uint32_t want_sum = canonical(fa + fb), want_prod = canonical(fa * fb);

	fp32_tb_eval(tb, a, b, &sum, &prod, &h);
	n_checked++;
	T_CHECK(sum == want_sum, "%08x + %08x = %08x, expected %08x", a, b,
		sum, want_sum);
	T_CHECK(prod == want_prod, "%08x x %08x = %08x, expected %08x", a, b,
		prod, want_prod);
	T_CHECK(h == mxa_fp32_to_bf16(fa), "bf16(%08x) = %04x, expected %04x",
		a, h, mxa_fp32_to_bf16(fa));
	if (t_failures > 40)
		exit(t_exit());
}

static uint32_t rnd32(void)
{
	return (uint32_t)t_rng_next(&rng);
}

static uint32_t with_exp(uint32_t x, uint32_t e)
{
	return (x & 0x807fffff) | (e & 0xff) << 23;
}

int main(void)
{
	static const uint32_t specials[] = {
		0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
		0xffc00000, 0x7f800001, 0xffbfffff, 0x00000001, 0x80000001,
		0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff,
		0xff7fffff, 0x3f800000, 0xbf800000, 0x3f800001, 0xbf7fffff,
		0x00400000, 0x7effffff, 0x33800000, 0x4b800000,
	};

	t_rng_seed(&rng, 0x66703332);
	tb = fp32_tb_new();
	if (!tb) {
		fprintf(stderr, "out of memory\n");
		return T_FAIL;
	}

	for (size_t i = 0; i < ARRAY_LEN(specials); i++)
		for (size_t j = 0; j < ARRAY_LEN(specials); j++)
			check(specials[i], specials[j]);

	for (int n = 0; n < PER_KIND; n++) {
		uint32_t a = rnd32(), b = rnd32(), ea = a >> 23 & 0xff, e;

		/* any bits */
		check(a, b);
		/* exponents 0 .. 27 binades apart, either sign */
		e = ea + t_rng_below(&rng, 56) - 28;
		check(a, with_exp(b, e));
		/* -a a few ulps off: cancellation down to the last bits */
		check(a, (a ^ 0x80000000) + t_rng_below(&rng, 9) - 4);
		/* -a with its low bits changed */
		check(a, (a ^ 0x80000000) ^ (b & ((1u << t_rng_below(&rng, 24)) - 1)));
		/* subnormals and the smallest normals */
		check(with_exp(a, ea & 1), with_exp(b, t_rng_below(&rng, 2)));
		/* products near 2^-126 .. 2^-150 and near the largest finite */
		e = t_rng_below(&rng, 100);
		check(with_exp(a, e), with_exp(b, 102 + t_rng_below(&rng, 33) - e));
		check(with_exp(a, 128 + t_rng_below(&rng, 127)),
		      with_exp(b, 250 - (ea & 127) + t_rng_below(&rng, 8)));
		/* bf16 ties and carries: low halves 0x8000 and around it */
		check((a & 0xffff0000) | (0x7fff + t_rng_below(&rng, 3)), b);
	}
	printf("%lu operand pairs\n", n_checked);
	fp32_tb_del(tb);
	return t_exit();
}
