// SPDX-License-Identifier: MIT
/*
 * cmd_quantize.c - "mxa quantize": a float32 array to one code per byte in
 * any format, element by element (docs/numerics.md section 3), or a matrix
 * to element codes and block scales with the scale rules of section 4, in
 * the layout "mxa matmul" reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mxa.h"
#include "npy.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa quantize --format F [--round MODE] [--saturate|--no-saturate]\n"
	"                    IN.npy OUT.npy\n"
	"       mxa quantize --format F --scale mx|nv --operand a|b [--block-size N]\n"
	"                    [--rule floor|ceil] [--tensor-scale]\n"
	"                    IN.npy CODES.npy SCALES.npy\n"
	"\n"
	"The first form converts every element of IN (float32, any shape) to a\n"
	"code of format F (docs/numerics.md section 3) and writes OUT: uint8\n"
	"('|u1'), the same shape, one code per byte in the low bits. int8 codes\n"
	"are written as their two's complement bytes (-1 is 255), also as uint8.\n"
	"\n"
	"The second form quantizes a matrix with block scales chosen as\n"
	"docs/numerics.md section 4 says, into what 'mxa matmul' takes: IN is\n"
	"float32, 2-D; CODES (uint8, IN's shape) receives the element codes and\n"
	"SCALES (uint8) the scale codes, e8m0 for mx, ue4m3 for nv. With\n"
	"--operand a, IN is A (M, K): blocks of bs consecutive elements of a row,\n"
	"SCALES (M, ceil(K/bs)), for --a and --a-scale. With --operand b, IN is\n"
	"B (K, N): blocks of bs elements down a column, SCALES (ceil(K/bs), N),\n"
	"for --b and --b-scale. Elements round to nearest even and saturate.\n"
	"\n"
	"Options:\n"
	"  --format F      an element or scale format of docs/numerics.md (e4m3,\n"
	"                  e2m1, int8, e8m0, ...; a wrong name lists them);\n"
	"                  with --scale, an element format (required)\n"
	"  --round MODE    rne (to nearest, ties to even; the default) or rz (toward\n"
	"                  zero); for e8m0, rz (the default) or ru (up)\n"
	"  --saturate      values beyond the format's range become its largest\n"
	"                  finite value (the default)\n"
	"  --no-saturate   they become infinity or NaN instead, in the formats that\n"
	"                  have either (e5m2, e4m3, e8m0, ...; not FP6, FP4, int)\n"
	"  --scale MODE    none (the first form, the default), mx (an e8m0 scale\n"
	"                  per 32 K elements, bs = 32) or nv (a ue4m3 scale per 16,\n"
	"                  bs = 16)\n"
	"  --operand a|b   mx or nv: IN is A (M, K) or B (K, N) (required)\n"
	"  --block-size N  mx or nv: K elements per scale instead, bs = N: 8, 16,\n"
	"                  32 or 64 (matmul needs the same --block-size)\n"
	"  --rule RULE     mx: floor (2^(floor(log2 amax) - emax), OCP MX; the\n"
	"                  default) or ceil (amax / max rounded up to a power of\n"
	"                  two: no element saturates)\n"
	"  --tensor-scale  nv: divide the block scales by a per-tensor float32\n"
	"                  scale g (the tensor's amax / (448 x max)) and print g\n"
	"                  on stdout, one line of 9 significant digits, which\n"
	"                  matmul's --a-tensor-scale or --b-tensor-scale reads\n"
	"                  back as the same float32\n"
	"  --help          show this help and exit\n";

enum {
	O_FORMAT, O_ROUND, O_SATURATE, O_NO_SATURATE, O_SCALE, O_OPERAND,
	O_BLOCK_SIZE, O_RULE, O_TENSOR_SCALE, O_COUNT
};

static const char *const round_names[] = {
	[MXA_ROUND_RNE] = "rne",
	[MXA_ROUND_RZ] = "rz",
	[MXA_ROUND_RU] = "ru",
};

static const char *const scale_names[] = {
	[MXA_SCALE_NONE] = "none",
	[MXA_SCALE_MX] = "mx",
	[MXA_SCALE_NV] = "nv",
};

static const char *const operand_names[] = { "a", "b" };

static const char *const rule_names[] = {
	[MXA_SCALE_RULE_FLOOR] = "floor",
	[MXA_SCALE_RULE_CEIL] = "ceil",
};

/* What the block form does, from its command line. */
struct block_job {
	struct mxa_block_quant_opts q;
	int k_along_rows;		/* --operand a */
	const char *in, *codes, *scales;
};

static int parse_elem_opts(struct tool_opt *opts, enum mxa_format *fmt,
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

/* The block form's --format: an element format, never a scale format. */
static int parse_block_format(const char *s, enum mxa_format *fmt)
{
	int f = mxa_format_parse(s);

	if (f >= 0 && mxa_hw_fmt_role((unsigned)f) == MXA_HW_FMT_ROLE_SCALE)
		return tool_fail(TOOL_EXIT_USAGE, "--format",
				 "%s is a scale format: with --scale, --format names the element format (the scales are e8m0 with mx, ue4m3 with nv)",
				 s);
	if (tool_parse_format("--format", s, TOOL_FMT_ELEMENT, &f))
		return TOOL_EXIT_USAGE;
	*fmt = (enum mxa_format)f;
	return 0;
}

static int parse_block_opts(struct tool_opt *o, struct block_job *job)
{
	static const int elem_only[] = { O_ROUND, O_SATURATE, O_NO_SATURATE };
	struct mxa_block_quant_opts *q = &job->q;
	int v, ret;

	if (!o[O_FORMAT].value)
		return tool_missing("quantize", "format");
	ret = parse_block_format(o[O_FORMAT].value, &q->format);
	if (ret)
		return ret;
	/* mxa_quantize_blocks() has one conversion: rne, saturating. */
	for (size_t i = 0; i < sizeof(elem_only) / sizeof(elem_only[0]); i++) {
		char name[32];

		if (!o[elem_only[i]].value)
			continue;
		snprintf(name, sizeof(name), "--%s", o[elem_only[i]].name);
		return tool_fail(TOOL_EXIT_USAGE, name,
				 "not with --scale %s (block quantization rounds to nearest even and saturates)",
				 scale_names[q->scale]);
	}

	if (!o[O_OPERAND].value)
		return tool_fail(TOOL_EXIT_USAGE, "--scale",
				 "--scale %s needs --operand a (IN is A, (M, K)) or b (IN is B, (K, N))",
				 scale_names[q->scale]);
	ret = tool_parse_choice("--operand", o[O_OPERAND].value,
				operand_names, 2, &v);
	if (ret)
		return ret;
	job->k_along_rows = v == 0;

	/* The checks and the message of matmul, which must take the result. */
	if (o[O_BLOCK_SIZE].value) {
		uint32_t bs;

		ret = tool_parse_u32("--block-size", o[O_BLOCK_SIZE].value, &bs);
		if (ret)
			return ret;
		if (bs > 64 || !(MXA_BLOCK_SIZES & bs) || bs & (bs - 1))
			return tool_fail(TOOL_EXIT_USAGE, "--block-size",
					 "%u: must be 8, 16, 32 or 64", bs);
		q->block_size = bs;
	}

	q->rule = MXA_SCALE_RULE_FLOOR;
	if (o[O_RULE].value) {
		if (q->scale != MXA_SCALE_MX)
			return tool_fail(TOOL_EXIT_USAGE, "--rule",
					 "%s is for --scale mx only (nv scales round to nearest)",
					 o[O_RULE].value);
		ret = tool_parse_choice("--rule", o[O_RULE].value, rule_names,
					2, &v);
		if (ret)
			return ret;
		q->rule = (enum mxa_scale_rule)v;
	}
	if (o[O_TENSOR_SCALE].value && q->scale != MXA_SCALE_NV)
		return tool_fail(TOOL_EXIT_USAGE, "--tensor-scale",
				 "a per-tensor scale needs --scale nv");
	q->tensor_scale = !!o[O_TENSOR_SCALE].value;
	return 0;
}

/* The element form refuses what only the block form means. */
static int refuse_block_opts(struct tool_opt *o)
{
	static const int block_only[] = {
		O_OPERAND, O_BLOCK_SIZE, O_RULE, O_TENSOR_SCALE
	};

	for (size_t i = 0; i < sizeof(block_only) / sizeof(block_only[0]); i++) {
		char name[32];

		if (!o[block_only[i]].value)
			continue;
		snprintf(name, sizeof(name), "--%s", o[block_only[i]].name);
		return tool_fail(TOOL_EXIT_USAGE, name,
				 "needs --scale mx or nv");
	}
	return 0;
}

static int run_elementwise(enum mxa_format fmt,
			   const struct mxa_convert_opts *conv,
			   const char *in_path, const char *out_path)
{
	struct npy_array in;
	uint8_t *codes;
	char why[512];
	int ret;

	if (npy_read(in_path, NPY_MASK(NPY_F32), &in, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, in_path, "%s", why);
	codes = malloc(in.count ? in.count : 1);
	if (!codes) {
		npy_free(&in);
		return tool_fail(TOOL_EXIT_FAIL, in_path, "out of memory");
	}
	ret = mxa_quantize(fmt, in.data, in.count, conv, codes);
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

/*
 * Writes CODES, SCALES and, asked for, g on stdout. Each file appears
 * whole or not at all (npy_write); a failure after CODES is written
 * removes it, so that a failed run leaves no half of a pair behind.
 */
static int write_outputs(const struct block_job *job, const size_t *shape,
			 const uint8_t *codes, const size_t *sshape,
			 const uint8_t *scales, float g)
{
	char why[512];

	if (npy_write(job->codes, NPY_U8, 2, shape, codes, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, job->codes, "%s", why);
	if (npy_write(job->scales, NPY_U8, 2, sshape, scales, why,
		      sizeof(why))) {
		unlink(job->codes);
		return tool_fail(TOOL_EXIT_FAIL, job->scales, "%s", why);
	}
	/* 9 significant digits read back as the same float32 (strtof). */
	if (job->q.tensor_scale &&
	    (printf("%.9g\n", (double)g) < 0 || fflush(stdout))) {
		unlink(job->codes);
		unlink(job->scales);
		return tool_fail(TOOL_EXIT_FAIL, "stdout",
				 "cannot print the tensor scale");
	}
	return 0;
}

static int run_blocks(const struct block_job *job)
{
	size_t rows, cols, bs, nb, sshape[2];
	uint8_t *codes = NULL, *scales = NULL;
	struct npy_array in;
	char why[512], shape[64 * 24];
	float g = 1.0f;
	int ret;

	if (npy_read(job->in, NPY_MASK(NPY_F32), &in, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, job->in, "%s", why);
	tool_shape_str(in.shape, in.ndim, shape, sizeof(shape));
	if (in.ndim != 2 || !in.shape[0] || !in.shape[1]) {
		ret = tool_fail(TOOL_EXIT_FAIL, job->in,
				"shape %s: expected a matrix %s of at least one element",
				shape, job->k_along_rows ? "(M, K)" : "(K, N)");
		goto out;
	}
	rows = in.shape[0];
	cols = in.shape[1];
	bs = job->q.block_size ? job->q.block_size :
	     mxa_block_size(job->q.scale);
	nb = ((job->k_along_rows ? cols : rows) + bs - 1) / bs;
	sshape[0] = job->k_along_rows ? rows : nb;
	sshape[1] = job->k_along_rows ? nb : cols;

	codes = malloc(in.count);
	scales = malloc(sshape[0] * sshape[1]);
	if (!codes || !scales) {
		ret = tool_fail(TOOL_EXIT_FAIL, job->in, "out of memory");
		goto out;
	}
	if (mxa_quantize_blocks(&job->q, in.data, rows, cols,
				job->k_along_rows, codes, scales, &g)) {
		ret = tool_fail(TOOL_EXIT_FAIL, "quantize", "%s",
				mxa_last_error());
		goto out;
	}
	ret = write_outputs(job, in.shape, codes, sshape, scales, g);
out:
	free(codes);
	free(scales);
	npy_free(&in);
	return ret;
}

int cmd_quantize(int argc, char **argv)
{
	struct tool_opt opts[O_COUNT] = {
		[O_FORMAT] = { "format", 1, NULL },
		[O_ROUND] = { "round", 1, NULL },
		[O_SATURATE] = { "saturate", 0, NULL },
		[O_NO_SATURATE] = { "no-saturate", 0, NULL },
		[O_SCALE] = { "scale", 1, NULL },
		[O_OPERAND] = { "operand", 1, NULL },
		[O_BLOCK_SIZE] = { "block-size", 1, NULL },
		[O_RULE] = { "rule", 1, NULL },
		[O_TENSOR_SCALE] = { "tensor-scale", 0, NULL },
	};
	struct mxa_convert_opts conv = { MXA_ROUND_RNE, 1 };
	struct block_job job;
	struct tool_args args;
	enum mxa_format fmt = MXA_FMT_E5M2;
	int scale = MXA_SCALE_NONE, ret;

	ret = tool_parse("quantize", argc, argv, opts, O_COUNT, &args);
	if (ret)
		return ret;
	if (tool_show_help_formats(help, &args,
				   TOOL_FMT_ELEMENT | TOOL_FMT_SCALE))
		return 0;
	memset(&job, 0, sizeof(job));
	/* --scale decides the form, and with it the arguments expected. */
	if (opts[O_SCALE].value)
		ret = tool_parse_choice("--scale", opts[O_SCALE].value,
					scale_names, 3, &scale);
	if (!ret && scale == MXA_SCALE_NONE) {
		ret = tool_want_pos("quantize", &args, 2, "IN.npy OUT.npy");
		if (!ret)
			ret = refuse_block_opts(opts);
		if (!ret)
			ret = parse_elem_opts(opts, &fmt, &conv);
	} else if (!ret) {
		job.q.scale = (enum mxa_scale_mode)scale;
		ret = tool_want_pos("quantize", &args, 3,
				    "IN.npy CODES.npy SCALES.npy");
		if (!ret)
			ret = parse_block_opts(opts, &job);
		if (!ret && !strcmp(args.pos[1], args.pos[2]))
			ret = tool_fail(TOOL_EXIT_USAGE, args.pos[2],
					"CODES.npy and SCALES.npy must differ");
	}
	if (!ret) {
		job.in = args.pos[0];
		job.codes = args.pos[1];
		job.scales = scale == MXA_SCALE_NONE ? NULL : args.pos[2];
	}
	free(args.pos);
	if (ret)
		return ret;
	if (scale == MXA_SCALE_NONE)
		return run_elementwise(fmt, &conv, job.in, job.codes);
	return run_blocks(&job);
}
