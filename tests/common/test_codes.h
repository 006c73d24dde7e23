/* SPDX-License-Identifier: MIT */
/*
 * test_codes.h - random element codes for the job tests of every device
 * (the RTL, the sim backend, the drm device in QEMU guests): any valid code
 * of a format, with NaN and infinity let through at a chosen rate.
 */
#ifndef MXA_TEST_CODES_H
#define MXA_TEST_CODES_H

#include <math.h>
#include <stdbool.h>

#include "mxa.h"
#include "common/test_util.h"

/* True once in @n draws; never when @n is 0. */
static inline bool t_one_in(struct t_rng *rng, unsigned n)
{
	return n && t_rng_below(rng, n) == 0;
}

/*
 * A random valid code of element format @fmt, any format the library
 * knows: codes of the format's width are drawn until one decodes (ternary
 * 0b10 does not); a NaN or infinity is kept once in @special_rate draws
 * (0: never) and drawn again otherwise.
 */
static inline uint8_t t_elem_code(enum mxa_format fmt, unsigned special_rate,
				  struct t_rng *rng)
{
	struct mxa_format_info info;
	uint8_t mask, c;
	float v;

	if (mxa_format_info(fmt, &info))
		return 0;
	mask = (uint8_t)((1u << (info.bits < 8 ? info.bits : 8)) - 1);
	for (;;) {
		c = (uint8_t)t_rng_next(rng) & mask;
		if (mxa_decode(fmt, c, 0, &v))
			continue;
		if (isfinite(v) || t_one_in(rng, special_rate))
			return c;
	}
}

#endif /* MXA_TEST_CODES_H */
