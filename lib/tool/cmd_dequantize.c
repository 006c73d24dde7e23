// SPDX-License-Identifier: MIT
/*
 * cmd_dequantize.c - "mxa dequantize": one code per byte in any format to
 * the float32 value of each code (docs/numerics.md sections 1 and 2).
 */
#include <stdio.h>
#include <stdlib.h>

#include "mxa.h"
#include "npy.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa dequantize --format F IN.npy OUT.npy\n"
	"\n"
	"Writes OUT (float32, the shape of IN) with the value of every code of IN\n"
	"(uint8 '|u1', one code per byte; for int8 and int4 also int8 '|i1'\n"
	"values). Integer codes give their integer value, unscaled. A code that\n"
	"is not valid in F\n"
	"(ternary 0b10, bits above the format's width, a ue4m3 code with the sign\n"
	"bit set) is an error naming its index.\n"
	"\n"
	"Options:\n"
	"  --format F   an element or scale format of docs/numerics.md (e4m3,\n"
	"               e2m1, int8, e8m0, ...; a wrong name lists them) (required)\n"
	"  --help       show this help and exit\n";

int cmd_dequantize(int argc, char **argv)
{
	struct tool_opt opts[] = {
		{ "format", 1, NULL },
	};
	const char *in_path, *out_path;
	struct tool_args args;
	struct npy_array in;
	unsigned dtypes;
	char why[512];
	float *x;
	int ret, fmt = 0;

	ret = tool_parse("dequantize", argc, argv, opts, 1, &args);
	if (ret)
		return ret;
	if (tool_show_help_formats(help, &args,
				   TOOL_FMT_ELEMENT | TOOL_FMT_SCALE))
		return 0;
	ret = tool_want_pos("dequantize", &args, 2, "IN.npy OUT.npy");
	if (!ret && !opts[0].value)
		ret = tool_missing("dequantize", "format");
	if (!ret)
		ret = tool_parse_format("--format", opts[0].value,
					TOOL_FMT_ELEMENT | TOOL_FMT_SCALE, &fmt);
	in_path = args.pos[0];
	out_path = args.pos[1];
	free(args.pos);
	if (ret)
		return ret;

	dtypes = tool_code_dtypes(fmt);
	if (npy_read(in_path, dtypes, &in, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, in_path, "%s", why);
	ret = tool_codes_from_values(in_path, fmt, &in);
	if (ret) {
		npy_free(&in);
		return ret;
	}
	x = malloc(in.count ? in.count * sizeof(*x) : 1);
	if (!x) {
		npy_free(&in);
		return tool_fail(TOOL_EXIT_FAIL, in_path, "out of memory");
	}
	ret = mxa_dequantize((enum mxa_format)fmt, in.data, in.count, x);
	if (ret)
		ret = tool_fail(TOOL_EXIT_FAIL, in_path, "%s", mxa_last_error());
	else if (npy_write(out_path, NPY_F32, in.ndim, in.shape, x, why,
			   sizeof(why)))
		ret = tool_fail(TOOL_EXIT_FAIL, out_path, "%s", why);
	free(x);
	npy_free(&in);
	return ret;
}
