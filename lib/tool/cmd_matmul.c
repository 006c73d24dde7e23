// SPDX-License-Identifier: MIT
/*
 * cmd_matmul.c - "mxa matmul": D = C + A x B on a device, from .npy arrays
 * of one code per byte. The tool checks the arrays against each other,
 * packs them into device buffers in the layout of docs/numerics.md section
 * 6 (A as M rows of K, B as its N columns) and runs one job.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxa.h"
#include "npy.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa matmul --a-format F --b-format F --a A.npy --b B.npy --out D.npy\n"
	"                  [--device D] [--scale none|mx|nv] [--block-size N]\n"
	"                  [--a-scale SA.npy --b-scale SB.npy]\n"
	"                  [--a-tensor-scale X] [--b-tensor-scale Y]\n"
	"                  [--acc fp32|trunc|exact] [--acc-bits W] [--acc-interval N]\n"
	"                  [--c C.npy] [--out-format fp32|bf16]\n"
	"\n"
	"Computes D = C + A x B in the arithmetic of docs/numerics.md section 5 and\n"
	"writes D as float32 (M, N).\n"
	"\n"
	"Arrays:\n"
	"  --a A.npy            codes of A, shape (M, K), uint8 (for int8 and int4\n"
	"                       also int8 values: -1 is the code 0xF of int4)\n"
	"  --b B.npy            codes of B, shape (K, N), likewise\n"
	"  --a-scale SA.npy     scale codes of A, uint8 (M, ceil(K/bs))\n"
	"  --b-scale SB.npy     scale codes of B, uint8 (ceil(K/bs), N)\n"
	"                       (both required with --scale mx or nv, refused without)\n"
	"  --c C.npy            float32 (M, N) added to the product (default: none)\n"
	"  --out D.npy          the result, float32 (M, N) (required)\n"
	"\n"
	"Options:\n"
	"  --device D           emu, sim[:options], drm[:path] or auto (default: emu)\n"
	"  --a-format F         format of A: an element format of docs/numerics.md\n"
	"                       (e4m3, e2m1, int8, ...; a wrong name lists them)\n"
	"                       (required)\n"
	"  --b-format F         format of B, likewise (required)\n"
	"  --scale MODE         none (the default), mx (e8m0 scale per 32 K elements,\n"
	"                       bs = 32) or nv (ue4m3 scale per 16, bs = 16)\n"
	"  --block-size N       mx or nv: K elements per scale instead, bs = N:\n"
	"                       8, 16, 32 or 64 (a device lists those it has)\n"
	"  --a-tensor-scale X   per-tensor float32 scale of A, --scale nv only\n"
	"  --b-tensor-scale Y   per-tensor float32 scale of B, --scale nv only\n"
	"                       (finite and positive; default: none, i.e. 1)\n"
	"  --acc MODE           fp32 (the default), trunc or exact (--scale none only)\n"
	"  --acc-bits W         trunc: bits kept, 4 to 32 (default: 14)\n"
	"  --acc-interval N     trunc: promotion interval, a multiple of bs up to\n"
	"                       65536 (default: 128)\n"
	"  --out-format FMT     fp32 (the default) or bf16; bf16 results are widened\n"
	"                       to float32 exactly in D (the BF16 bits << 16)\n"
	"  --help               show this help and exit\n";

enum {
	O_DEVICE, O_A_FORMAT, O_B_FORMAT, O_SCALE, O_BLOCK_SIZE, O_ACC, O_ACC_BITS,
	O_ACC_INTERVAL, O_OUT_FORMAT, O_A, O_B, O_A_SCALE, O_B_SCALE,
	O_A_TSCALE, O_B_TSCALE, O_C, O_OUT, O_COUNT
};

static const char *const scale_names[] = {
	[MXA_SCALE_NONE] = "none",
	[MXA_SCALE_MX] = "mx",
	[MXA_SCALE_NV] = "nv",
};

static const char *const acc_names[] = {
	[MXA_ACC_FP32] = "fp32",
	[MXA_ACC_TRUNC] = "trunc",
	[MXA_ACC_EXACT] = "exact",
};

static const char *const out_names[] = { "fp32", "bf16" };

/* Everything a run holds, so that one function releases it on any path. */
struct matmul_ctx {
	struct mxa_matmul job;
	const char *device, *out_path;
	const char *path[4];		/* A, B, SA, SB */
	struct npy_array arr[4];	/* A, B, SA, SB */
	const char *c_path;
	struct npy_array c;
	struct mxa_device *dev;
	struct mxa_buffer *buf[6];	/* A, B, SA, SB, C, D */
	float *d;
};

enum { T_A, T_B, T_SA, T_SB };

static int parse_opts(struct tool_opt *o, struct matmul_ctx *ctx)
{
	static const int required[] = { O_A_FORMAT, O_B_FORMAT, O_A, O_B, O_OUT };
	struct mxa_matmul *job = &ctx->job;
	int v, ret;

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!o[required[i]].value)
			return tool_missing("matmul", o[required[i]].name);

	ret = tool_parse_format("--a-format", o[O_A_FORMAT].value,
				TOOL_FMT_ELEMENT, &v);
	if (ret)
		return ret;
	job->a_format = (enum mxa_format)v;
	ret = tool_parse_format("--b-format", o[O_B_FORMAT].value,
				TOOL_FMT_ELEMENT, &v);
	if (ret)
		return ret;
	job->b_format = (enum mxa_format)v;

	v = MXA_SCALE_NONE;
	if (o[O_SCALE].value &&
	    (ret = tool_parse_choice("--scale", o[O_SCALE].value, scale_names,
				     3, &v)))
		return ret;
	job->scale = (enum mxa_scale_mode)v;
	if (o[O_BLOCK_SIZE].value) {
		ret = tool_parse_u32("--block-size", o[O_BLOCK_SIZE].value,
				     &job->block_size);
		if (ret)
			return ret;
		if (job->scale == MXA_SCALE_NONE)
			return tool_fail(TOOL_EXIT_USAGE, "--block-size",
					 "needs --scale mx or nv");
		if (job->block_size > 64 || !(MXA_BLOCK_SIZES & job->block_size) ||
		    job->block_size & (job->block_size - 1))
			return tool_fail(TOOL_EXIT_USAGE, "--block-size",
					 "%u: must be 8, 16, 32 or 64",
					 job->block_size);
	}
	v = MXA_ACC_FP32;
	if (o[O_ACC].value &&
	    (ret = tool_parse_choice("--acc", o[O_ACC].value, acc_names, 3, &v)))
		return ret;
	job->acc = (enum mxa_acc)v;
	v = 0;
	if (o[O_OUT_FORMAT].value &&
	    (ret = tool_parse_choice("--out-format", o[O_OUT_FORMAT].value,
				     out_names, 2, &v)))
		return ret;
	job->out_format = v ? MXA_FMT_BF16 : MXA_FMT_FP32;

	if (o[O_ACC_BITS].value &&
	    (ret = tool_parse_u32("--acc-bits", o[O_ACC_BITS].value,
				  &job->acc_bits)))
		return ret;
	if (o[O_ACC_INTERVAL].value &&
	    (ret = tool_parse_u32("--acc-interval", o[O_ACC_INTERVAL].value,
				  &job->acc_interval)))
		return ret;
	if ((job->acc_bits || job->acc_interval) && job->acc != MXA_ACC_TRUNC)
		return tool_fail(TOOL_EXIT_USAGE,
				 job->acc_bits ? "--acc-bits" : "--acc-interval",
				 "only valid with --acc trunc");
	if (job->acc == MXA_ACC_EXACT && job->scale != MXA_SCALE_NONE)
		return tool_fail(TOOL_EXIT_USAGE, "--acc",
				 "exact accumulation needs --scale none");

	if (job->scale == MXA_SCALE_NONE &&
	    (o[O_A_SCALE].value || o[O_B_SCALE].value))
		return tool_fail(TOOL_EXIT_USAGE,
				 o[O_A_SCALE].value ? "--a-scale" : "--b-scale",
				 "scales given without --scale mx or nv");
	if (job->scale != MXA_SCALE_NONE &&
	    (!o[O_A_SCALE].value || !o[O_B_SCALE].value))
		return tool_fail(TOOL_EXIT_USAGE, "--scale",
				 "--scale %s needs --a-scale and --b-scale",
				 scale_names[job->scale]);
	if (job->scale != MXA_SCALE_NV &&
	    (o[O_A_TSCALE].value || o[O_B_TSCALE].value))
		return tool_fail(TOOL_EXIT_USAGE,
				 o[O_A_TSCALE].value ? "--a-tensor-scale" :
				 "--b-tensor-scale",
				 "per-tensor scales need --scale nv");
	if (o[O_A_TSCALE].value &&
	    (ret = tool_parse_float("--a-tensor-scale", o[O_A_TSCALE].value,
				    &job->a_tensor_scale)))
		return ret;
	if (o[O_B_TSCALE].value &&
	    (ret = tool_parse_float("--b-tensor-scale", o[O_B_TSCALE].value,
				    &job->b_tensor_scale)))
		return ret;

	ctx->device = o[O_DEVICE].value ? o[O_DEVICE].value : "emu";
	ctx->path[T_A] = o[O_A].value;
	ctx->path[T_B] = o[O_B].value;
	ctx->path[T_SA] = o[O_A_SCALE].value;
	ctx->path[T_SB] = o[O_B_SCALE].value;
	ctx->c_path = o[O_C].value;
	ctx->out_path = o[O_OUT].value;
	return 0;
}

/* Reads one array and checks that it is 2-D of the shape wanted (0: any). */
static int load(const char *path, unsigned dtypes, struct npy_array *arr,
		size_t rows, size_t cols, const char *expect)
{
	char why[512], shape[64 * 24];

	if (npy_read(path, dtypes, arr, why, sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, path, "%s", why);
	if (arr->ndim == 2 && (!rows || arr->shape[0] == rows) &&
	    (!cols || arr->shape[1] == cols))
		return 0;
	tool_shape_str(arr->shape, arr->ndim, shape, sizeof(shape));
	if (arr->ndim != 2)
		return tool_fail(TOOL_EXIT_FAIL, path,
				 "shape %s: expected 2 dimensions %s", shape,
				 expect);
	return tool_fail(TOOL_EXIT_FAIL, path, "shape %s: expected %s = (%zu, %zu)",
			 shape, expect, rows ? rows : arr->shape[0],
			 cols ? cols : arr->shape[1]);
}

static int load_all(struct matmul_ctx *ctx)
{
	struct mxa_matmul *job = &ctx->job;
	size_t m, k, n, nb, bs;
	int ret;

	ret = load(ctx->path[T_A], tool_code_dtypes(job->a_format),
		   &ctx->arr[T_A], 0, 0, "(M, K)");
	if (!ret)
		ret = tool_codes_from_values(ctx->path[T_A], job->a_format,
					     &ctx->arr[T_A]);
	if (ret)
		return ret;
	m = ctx->arr[T_A].shape[0];
	k = ctx->arr[T_A].shape[1];
	if (!m || !k || m > UINT32_MAX || k > UINT32_MAX)
		return tool_fail(TOOL_EXIT_FAIL, ctx->path[T_A],
				 "M = %zu, K = %zu: each must be 1 to %u", m, k,
				 UINT32_MAX);
	ret = load(ctx->path[T_B], tool_code_dtypes(job->b_format),
		   &ctx->arr[T_B], k, 0, "(K, N)");
	if (!ret)
		ret = tool_codes_from_values(ctx->path[T_B], job->b_format,
					     &ctx->arr[T_B]);
	if (ret)
		return ret;
	n = ctx->arr[T_B].shape[1];
	if (!n || n > UINT32_MAX)
		return tool_fail(TOOL_EXIT_FAIL, ctx->path[T_B],
				 "N = %zu: must be 1 to %u", n, UINT32_MAX);
	job->m = (uint32_t)m;
	job->k = (uint32_t)k;
	job->n = (uint32_t)n;

	if (job->scale != MXA_SCALE_NONE) {
		char sa[40], sb[40];

		bs = job->block_size ? job->block_size :
		     mxa_block_size(job->scale);
		nb = (k + bs - 1) / bs;
		snprintf(sa, sizeof(sa), "(M, ceil(K/%zu))", bs);
		snprintf(sb, sizeof(sb), "(ceil(K/%zu), N)", bs);
		ret = load(ctx->path[T_SA], NPY_MASK(NPY_U8), &ctx->arr[T_SA],
			   m, nb, sa);
		if (ret)
			return ret;
		ret = load(ctx->path[T_SB], NPY_MASK(NPY_U8), &ctx->arr[T_SB],
			   nb, n, sb);
		if (ret)
			return ret;
	}
	if (ctx->c_path)
		return load(ctx->c_path, NPY_MASK(NPY_F32), &ctx->c, m, n,
			    "(M, N)");
	return 0;
}

/*
 * Packs a rows x cols matrix of codes into a new buffer as rows of packed
 * cols, or, @transpose, as cols rows of packed rows (a column per row).
 */
static int pack_matrix(struct matmul_ctx *ctx, struct mxa_buffer **buf,
		       const char *path, enum mxa_format fmt,
		       const uint8_t *codes, size_t rows, size_t cols,
		       int transpose)
{
	size_t out_rows = transpose ? cols : rows;
	size_t len = transpose ? rows : cols;
	size_t row_bytes = mxa_packed_size(fmt, len);
	uint8_t *map, *line = NULL;
	int ret = 0;

	if (mxa_buffer_new(ctx->dev, out_rows * row_bytes, buf))
		return tool_fail(TOOL_EXIT_FAIL, path, "%s", mxa_last_error());
	map = mxa_buffer_map(*buf);
	if (transpose) {
		line = malloc(len);
		if (!line)
			return tool_fail(TOOL_EXIT_FAIL, path, "out of memory");
	}
	for (size_t r = 0; r < out_rows && !ret; r++) {
		const uint8_t *src = codes + r * cols;

		if (transpose) {
			for (size_t i = 0; i < len; i++)
				line[i] = codes[i * cols + r];
			src = line;
		}
		if (mxa_pack(fmt, src, len, map + r * row_bytes))
			ret = tool_fail(TOOL_EXIT_FAIL, path, "%s %zu: %s",
					transpose ? "column" : "row", r,
					mxa_last_error());
	}
	free(line);
	return ret;
}

static void store_le32(uint8_t *p, uint32_t u)
{
	p[0] = (uint8_t)u;
	p[1] = (uint8_t)(u >> 8);
	p[2] = (uint8_t)(u >> 16);
	p[3] = (uint8_t)(u >> 24);
}

static int setup_buffers(struct matmul_ctx *ctx)
{
	struct mxa_matmul *job = &ctx->job;
	enum mxa_format sfmt = job->scale == MXA_SCALE_NV ? MXA_FMT_UE4M3 :
							    MXA_FMT_E8M0;
	size_t m = job->m, n = job->n, k = job->k;
	size_t d_bytes;
	int ret;

	/* Every input is in memory already; only D (as float32) can overflow. */
	if (__builtin_mul_overflow(m * n, sizeof(float), &d_bytes))
		return tool_fail(TOOL_EXIT_FAIL, ctx->out_path,
				 "D of %zu x %zu is too large", m, n);
	if (job->out_format == MXA_FMT_BF16)
		d_bytes /= 2;

	ret = pack_matrix(ctx, &ctx->buf[0], ctx->path[T_A], job->a_format,
			  ctx->arr[T_A].data, m, k, 0);
	if (!ret)
		ret = pack_matrix(ctx, &ctx->buf[1], ctx->path[T_B],
				  job->b_format, ctx->arr[T_B].data, k, n, 1);
	if (!ret && job->scale != MXA_SCALE_NONE) {
		size_t nb = ctx->arr[T_SA].shape[1];

		ret = pack_matrix(ctx, &ctx->buf[2], ctx->path[T_SA], sfmt,
				  ctx->arr[T_SA].data, m, nb, 0);
		if (!ret)
			ret = pack_matrix(ctx, &ctx->buf[3], ctx->path[T_SB],
					  sfmt, ctx->arr[T_SB].data, nb, n, 1);
	}
	if (ret)
		return ret;
	if (ctx->c_path) {
		const float *c = ctx->c.data;
		uint8_t *map;

		if (mxa_buffer_new(ctx->dev, m * n * 4, &ctx->buf[4]))
			return tool_fail(TOOL_EXIT_FAIL, ctx->c_path, "%s",
					 mxa_last_error());
		map = mxa_buffer_map(ctx->buf[4]);
		for (size_t i = 0; i < m * n; i++) {
			uint32_t u;

			memcpy(&u, &c[i], 4);
			store_le32(map + 4 * i, u);
		}
	}
	if (mxa_buffer_new(ctx->dev, d_bytes, &ctx->buf[5]))
		return tool_fail(TOOL_EXIT_FAIL, ctx->out_path, "%s",
				 mxa_last_error());

	job->a.buf = ctx->buf[0];
	job->b.buf = ctx->buf[1];
	job->a_scale.buf = ctx->buf[2];
	job->b_scale.buf = ctx->buf[3];
	job->c.buf = ctx->buf[4];
	job->d.buf = ctx->buf[5];
	return 0;
}

/* D as float32: FP32 read as is, BF16 widened exactly (its bits << 16). */
static int read_result(struct matmul_ctx *ctx)
{
	const uint8_t *map = mxa_buffer_map(ctx->buf[5]);
	size_t count = (size_t)ctx->job.m * ctx->job.n;
	int bf16 = ctx->job.out_format == MXA_FMT_BF16;

	ctx->d = malloc(count * sizeof(*ctx->d));
	if (!ctx->d)
		return tool_fail(TOOL_EXIT_FAIL, ctx->out_path, "out of memory");
	for (size_t i = 0; i < count; i++) {
		uint32_t u;

		if (bf16)
			u = ((uint32_t)map[2 * i] | (uint32_t)map[2 * i + 1] << 8)
			    << 16;
		else
			u = (uint32_t)map[4 * i] | (uint32_t)map[4 * i + 1] << 8 |
			    (uint32_t)map[4 * i + 2] << 16 |
			    (uint32_t)map[4 * i + 3] << 24;
		memcpy(&ctx->d[i], &u, 4);
	}
	return 0;
}

static int run(struct matmul_ctx *ctx)
{
	size_t shape[2];
	char why[512];
	int ret;

	ret = load_all(ctx);
	if (ret)
		return ret;
	if (mxa_device_open(ctx->device, &ctx->dev))
		return tool_fail(TOOL_EXIT_FAIL, "--device", "%s",
				 mxa_last_error());
	ret = setup_buffers(ctx);
	if (ret)
		return ret;
	if (mxa_matmul_run(ctx->dev, &ctx->job))
		return tool_fail(TOOL_EXIT_FAIL, "matmul", "%s",
				 mxa_last_error());
	ret = read_result(ctx);
	if (ret)
		return ret;
	shape[0] = ctx->job.m;
	shape[1] = ctx->job.n;
	if (npy_write(ctx->out_path, NPY_F32, 2, shape, ctx->d, why,
		      sizeof(why)))
		return tool_fail(TOOL_EXIT_FAIL, ctx->out_path, "%s", why);
	return 0;
}

static void release(struct matmul_ctx *ctx)
{
	for (size_t i = 0; i < 6; i++)
		mxa_buffer_del(ctx->buf[i]);
	mxa_device_close(ctx->dev);
	for (size_t i = 0; i < 4; i++)
		npy_free(&ctx->arr[i]);
	npy_free(&ctx->c);
	free(ctx->d);
}

int cmd_matmul(int argc, char **argv)
{
	struct tool_opt opts[O_COUNT] = {
		[O_DEVICE] = { "device", 1, NULL },
		[O_A_FORMAT] = { "a-format", 1, NULL },
		[O_B_FORMAT] = { "b-format", 1, NULL },
		[O_SCALE] = { "scale", 1, NULL },
		[O_BLOCK_SIZE] = { "block-size", 1, NULL },
		[O_ACC] = { "acc", 1, NULL },
		[O_ACC_BITS] = { "acc-bits", 1, NULL },
		[O_ACC_INTERVAL] = { "acc-interval", 1, NULL },
		[O_OUT_FORMAT] = { "out-format", 1, NULL },
		[O_A] = { "a", 1, NULL },
		[O_B] = { "b", 1, NULL },
		[O_A_SCALE] = { "a-scale", 1, NULL },
		[O_B_SCALE] = { "b-scale", 1, NULL },
		[O_A_TSCALE] = { "a-tensor-scale", 1, NULL },
		[O_B_TSCALE] = { "b-tensor-scale", 1, NULL },
		[O_C] = { "c", 1, NULL },
		[O_OUT] = { "out", 1, NULL },
	};
	struct matmul_ctx ctx;
	struct tool_args args;
	int ret;

	ret = tool_parse("matmul", argc, argv, opts, O_COUNT, &args);
	if (ret)
		return ret;
	memset(&ctx, 0, sizeof(ctx));
	if (tool_show_help_formats(help, &args, TOOL_FMT_ELEMENT))
		return 0;
	ret = tool_want_pos("matmul", &args, 0, "");
	free(args.pos);
	if (ret)
		return ret;
	ret = parse_opts(opts, &ctx);
	if (ret)
		return ret;
	ret = run(&ctx);
	release(&ctx);
	return ret;
}
