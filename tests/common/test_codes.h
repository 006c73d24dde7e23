/* SPDX-License-Identifier: MIT */
/*
 * test_codes.h - random element codes for the job tests of every device
 * (the RTL, the sim backend, the drm device in QEMU guests): any valid code
 * of a format, with NaN and infinity let through at a chosen rate.
 */
#ifndef MXA_TEST_CODES_H
#define MXA_TEST_CODES_H

#include <stdbool.h>

#include "mxa.h"
#include "common/test_util.h"

/* True once in @n draws; never when @n is 0. */
static inline bool t_one_in(struct t_rng *rng, unsigned n)
{
	return n && t_rng_below(rng, n) == 0;
}

/*
 * A random valid code of element format @fmt; a NaN or infinity code is
 * kept once in @special_rate draws (0: never) and drawn again otherwise.
 */
static inline uint8_t t_elem_code(enum mxa_format fmt, unsigned special_rate,
				  struct t_rng *rng)
{
	static const uint8_t tern[3] = { 0, 1, 3 };
	uint8_t c = (uint8_t)t_rng_next(rng);

	switch (fmt) {
	case MXA_FMT_E5M2:
		/* exponent 31: infinity or NaN */
		while ((c & 0x7c) == 0x7c && !t_one_in(rng, special_rate))
			c = (uint8_t)t_rng_next(rng);
		return c;
	case MXA_FMT_E4M3:
		while ((c & 0x7f) == 0x7f && !t_one_in(rng, special_rate))
			c = (uint8_t)t_rng_next(rng);
		return c;
	case MXA_FMT_E3M2:
	case MXA_FMT_E2M3:
		return c & 0x3f;
	case MXA_FMT_E2M1:
		return c & 0x0f;
	case MXA_FMT_TERNARY:
		return tern[t_rng_below(rng, 3)];
	default:
		return c;
	}
}

#endif /* MXA_TEST_CODES_H */
