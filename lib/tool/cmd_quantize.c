// SPDX-License-Identifier: MIT
/*
 * cmd_quantize.c - "mxa quantize": a float32 array to one code per byte in
 * any format, element by element (docs/numerics.md section 3).
 */
#include <stdio.h>
#include <stdlib.h>

#include "mxa.h"
#include "npy.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa quantize --format F [--round MODE] [--saturate|--no-saturate]\n"
	"                    IN.npy OUT.npy\n"
	"\n"
	"Converts every element of IN (float32, any shape) to a code of format F\n"
	"(docs/numerics.md section 3) and writes OUT: uint8 ('|u1'), the same\n"
	"shape, one code per byte in the low bits. int8 codes are written as their\n"
	"two's complement bytes (-1 is 255), also as uint8.\n"
	"\n"
	"Options:\n"
	"  --format F      an element or scale format of docs/numerics.md (e4m3,\n"
	"                  e2m1, int8, e8m0, ...; a wrong name lists them)\n"
	"                  (required)\n"
	"  --round MODE    rne (to nearest, ties to even; the default) or rz (toward\n"
	"                  zero); for e8m0, rz (the default) or ru (up)\n"
	"  --saturate      values beyond the format's range become its largest\n"
	"                  finite value (the default)\n"
	"  --no-saturate   they become infinity or NaN instead, in the formats that\n"
	"                  have either (e5m2, e4m3, e8m0, ...; not FP6, FP4, int)\n"
	"  --help          show this help and exit\n";

enum { O_FORMAT, O_ROUND, O_SATURATE, O_NO_SATURATE };

static const char *const round_names[] = {
	[MXA_ROUND_RNE] = "rne",
	[MXA_ROUND_RZ] = "rz",
	[MXA_ROUND_RU] = "ru",
};

static int parse_opts(struct tool_opt *opts, enum mxa_format *fmt,
		      struct mxa_convert_opts *conv)
{
	struct mxa_format_info info;
	int f, r, ret;

	if (!opts[O_FORMAT].value)
		return tool_missing("quantize", "format");
	ret = tool_parse_format("--format", opts[O_FORMAT].value,
				TOOL_FMT_ELEMENT | TOOL_FMT_SCALE, &f);
	if (ret)
		return ret;
	*fmt = (enum mxa_format)f;

	conv->round = *fmt == MXA_FMT_E8M0 ? MXA_ROUND_RZ : MXA_ROUND_RNE;
	if (opts[O_ROUND].value) {
		ret = tool_parse_choice("--round", opts[O_ROUND].value,
					round_names, 3, &r);
		if (ret)
			return ret;
		if (*fmt == MXA_FMT_E8M0 && r == MXA_ROUND_RNE)
			return tool_fail(TOOL_EXIT_USAGE, "--round",
					 "e8m0 does not round rne (it takes rz or ru)");
		if (*fmt != MXA_FMT_E8M0 && r == MXA_ROUND_RU)
			return tool_fail(TOOL_EXIT_USAGE, "--round",
					 "%s does not round ru (it takes rne or rz; only e8m0 takes ru)",
					 mxa_format_name(*fmt));
		conv->round = (enum mxa_round)r;
	}

	if (opts[O_SATURATE].value && opts[O_NO_SATURATE].value)
		return tool_fail(TOOL_EXIT_USAGE, "--no-saturate",
				 "contradicts --saturate");
	conv->saturate = !opts[O_NO_SATURATE].value;
	if (!conv->saturate && !mxa_format_info(*fmt, &info) &&
	    !info.has_inf && !info.has_nan)
		return tool_fail(TOOL_EXIT_USAGE, "--no-saturate",
				 "%s always saturates (it has no infinity or NaN)",
				 mxa_format_name(*fmt));
	return 0;
}

int cmd_quantize(int argc, char **argv)
{
	struct tool_opt opts[] = {
		[O_FORMAT] = { "format", 1, NULL },
		[O_ROUND] = { "round", 1, NULL },
		[O_SATURATE] = { "saturate", 0, NULL },
		[O_NO_SATURATE] = { "no-saturate", 0, NULL },
	};
	struct mxa_convert_opts conv = { MXA_ROUND_RNE, 1 };
	struct tool_args args;
	struct npy_array in;
	enum mxa_format fmt = MXA_FMT_E5M2;
	const char *in_path, *out_path;
	uint8_t *codes;
	char why[512];
	int ret;

	ret = tool_parse("quantize", argc, argv, opts, 4, &args);
	if (ret)
		return ret;
	if (tool_show_help_formats(help, &args,
				   TOOL_FMT_ELEMENT | TOOL_FMT_SCALE))
		return 0;
	ret = tool_want_pos("quantize", &args, 2, "IN.npy OUT.npy");
	if (!ret)
		ret = parse_opts(opts, &fmt, &conv);
	in_path = args.pos[0];
	out_path = args.pos[1];
	free(args.pos);
	if (ret)
		return ret;

	if (npy_read(in_path, NPY_MASK(NPY_F32), &in, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, in_path, "%s", why);
	codes = malloc(in.count ? in.count : 1);
	if (!codes) {
		npy_free(&in);
		return tool_fail(TOOL_EXIT_FAIL, in_path, "out of memory");
	}
	ret = mxa_quantize(fmt, in.data, in.count, &conv, codes);
	if (ret)
		ret = tool_fail(TOOL_EXIT_FAIL, "quantize", "%s",
				mxa_last_error());
	else if (npy_write(out_path, NPY_U8, in.ndim, in.shape, codes, why,
			   sizeof(why)))
		ret = tool_fail(TOOL_EXIT_FAIL, out_path, "%s", why);
	free(codes);
	npy_free(&in);
	return ret;
}
