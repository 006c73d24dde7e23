// SPDX-License-Identifier: MIT
/*
 * codes.c - code arrays as the subcommands read them: one code per byte,
 * as uint8, or for an integer format also as int8 values (-8 … 7 for
 * int4), which become the format's two's complement codes.
 */
#include <stdint.h>

#include "mxa.h"
#include "mxa_hw.h"
#include "npy.h"
#include "tool.h"

unsigned tool_code_dtypes(int fmt)
{
	unsigned dtypes = NPY_MASK(NPY_U8);

	if (mxa_hw_fmt_role((unsigned)fmt) == MXA_HW_FMT_ROLE_ELEMENT &&
	    mxa_hw_fmt_encoding((unsigned)fmt) == MXA_HW_FMT_ENC_INT)
		dtypes |= NPY_MASK(NPY_I8);
	return dtypes;
}

int tool_codes_from_values(const char *path, int fmt, struct npy_array *arr)
{
	unsigned bits = (unsigned)mxa_hw_fmt_bits((unsigned)fmt);
	int lo = -(1 << (bits - 1)), hi = (1 << (bits - 1)) - 1;
	uint8_t *p = arr->data;

	if (arr->dtype != NPY_I8)
		return 0;
	for (size_t i = 0; i < arr->count; i++) {
		int v = (int8_t)p[i];

		if (v < lo || v > hi)
			return tool_fail(TOOL_EXIT_FAIL, path,
					 "value %d at index %zu is outside %s's %d..%d",
					 v, i, mxa_format_name((enum mxa_format)fmt),
					 lo, hi);
		p[i] = (uint8_t)(v & ((1 << bits) - 1));
	}
	return 0;
}
