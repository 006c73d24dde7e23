/* SPDX-License-Identifier: MIT */
/*
 * split_rule.h - whether a job whose K exceeds a device's limit can be
 * split, stated again from docs/large-jobs.md and docs/numerics.md 6 for
 * the tests of the library's splitting (emu with lowered limits, sim).
 */
#ifndef MXA_TEST_SPLIT_RULE_H
#define MXA_TEST_SPLIT_RULE_H

#include <stdbool.h>

#include "mxa.h"
#include "mxa_priv.h"

/* Elements of a packed row that end on a byte (docs/numerics.md 6). */
static inline unsigned t_grain(enum mxa_format fmt)
{
	static const unsigned by_bits[9] = { 1, 8, 4, 8, 2, 8, 4, 8, 1 };

	if (fmt == MXA_FMT_TERNARY_B3)
		return 5;
	return by_bits[mxa_hw_fmt_bits(fmt)];
}

static inline unsigned t_lcm(unsigned a, unsigned b)
{
	unsigned x = a, y = b;

	while (y) {
		unsigned t = x % y;

		x = y;
		y = t;
	}
	return a / x * b;
}

/*
 * Whether K may exceed @max_k: never for exact; else every chunk must end
 * on a block (fp32) or a promotion (trunc) and on a byte of each packing.
 */
static inline bool t_k_splittable(const struct mxa_matmul *mm,
				  uint32_t max_k)
{
	unsigned bs = mm->block_size ? mm->block_size : mxa_block_size(mm->scale);
	unsigned step = mm->acc == MXA_ACC_TRUNC ?
			(mm->acc_interval ? mm->acc_interval :
			 MXA_TRUNC_DEFAULT_INTERVAL) : bs;

	return mm->acc != MXA_ACC_EXACT &&
	       t_lcm(t_lcm(step, t_grain(mm->a_format)),
		     t_grain(mm->b_format)) <= max_k;
}

#endif
