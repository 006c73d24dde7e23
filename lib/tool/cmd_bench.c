// SPDX-License-Identifier: MIT
/*
 * cmd_bench.c - "mxa bench": one matmul job of random operands on a device,
 * and what it cost there: cycles, MACs per cycle against the array's peak,
 * bytes moved, the stall cycles that tell a DMA-bound job from a
 * compute-bound one, and the wall-clock speed of the run. The result is
 * checked against the emulator, so a figure never comes from a wrong job.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxa.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa bench [--device D] [--m M] [--n N] [--k K]\n"
	"                 [--a-format F] [--b-format F] [--scale none|mx|nv]\n"
	"                 [--acc fp32|trunc] [--seed S] [--no-check]\n"
	"\n"
	"Runs one D = A x B job of random operands (quantized from random float32\n"
	"values, with block scales under mx and nv) and prints what the device\n"
	"reports for it: cycles, multiply-accumulates per cycle and the\n"
	"utilization of the array (achieved / peak MACs per cycle, the peak from\n"
	"the capability registers), bytes read and written, the cycles the array\n"
	"waited for data (DMA-bound) and the DMA waited for the array\n"
	"(compute-bound), and the wall-clock speed (simulated cycles per second on\n"
	"sim). D is then compared bit for bit with the emulator's.\n"
	"\n"
	"Options:\n"
	"  --device D     sim[:options], drm[:path], emu or auto (default: sim)\n"
	"  --m M          rows of A and D (default: 256)\n"
	"  --n N          columns of D (default: 256)\n"
	"  --k K          the inner dimension (default: 256)\n"
	"  --a-format F   format of A (default: e4m3)\n"
	"  --b-format F   format of B (default: e4m3)\n"
	"  --scale MODE   none, mx (the default) or nv\n"
	"  --acc MODE     fp32 (the default) or trunc (14 bits, interval 128)\n"
	"  --seed S       seed of the random operands (default: 1)\n"
	"  --no-check     skip the comparison with the emulator\n"
	"  --help         show this help and exit\n";

enum { O_DEVICE, O_M, O_N, O_K, O_A_FORMAT, O_B_FORMAT, O_SCALE, O_ACC,
	O_SEED, O_NO_CHECK, O_COUNT };

/* The host side of the job: packed operands, made once, run twice. */
struct bench_data {
	struct mxa_matmul job;	/* shape, formats and modes; buffers unset */
	uint8_t *a, *b, *sa, *sb;	/* packed rows, as the device reads them */
	size_t a_len, b_len, sa_len, sb_len, d_len;
};

/* A uniform float in [-1, 1) from a 64-bit LCG. */
static float uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (float)((*s >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
}

/*
 * @rows rows of @k elements of @fmt, from random values spread over a few
 * binades (so block scales differ), packed row by row into *@out; the
 * scales of each row into *@scales under mx and nv.
 */
static int make_operand(enum mxa_format fmt, enum mxa_scale_mode scale,
			uint32_t rows, uint32_t k, uint64_t *seed,
			uint8_t **out, size_t *len, uint8_t **scales,
			size_t *scales_len)
{
	struct mxa_block_quant_opts qo = {
		.format = fmt, .scale = scale, .rule = MXA_SCALE_RULE_FLOOR,
	};
	struct mxa_format_info fi;
	size_t count = (size_t)rows * k, row_bytes = mxa_packed_size(fmt, k);
	float *x = malloc(count * sizeof(*x));
	uint8_t *codes = malloc(count);
	int ret;

	*out = malloc(rows * row_bytes);
	*len = rows * row_bytes;
	*scales = NULL;
	*scales_len = 0;
	if (!x || !codes || !*out) {
		ret = tool_fail(TOOL_EXIT_FAIL, "bench", "out of memory");
		goto out;
	}
	mxa_format_info(fmt, &fi);
	for (size_t i = 0; i < count; i++) {
		float v = uniform(seed);

		/* Magnitudes over 2^-4..2^4 of the format's largest value / 8. */
		x[i] = v * fi.max_normal / 8.0f * exp2f(4.0f * uniform(seed));
	}
	if (scale == MXA_SCALE_NONE) {
		ret = mxa_quantize(fmt, x, count, NULL, codes);
	} else {
		size_t nb = (k + mxa_block_size(scale) - 1) / mxa_block_size(scale);

		*scales_len = rows * nb;
		*scales = malloc(*scales_len);
		ret = *scales ? mxa_quantize_blocks(&qo, x, rows, k, 1, codes,
						    *scales, NULL) : -1;
	}
	for (uint32_t r = 0; r < rows && !ret; r++)
		ret = mxa_pack(fmt, codes + (size_t)r * k, k,
			       *out + r * row_bytes);
	if (ret)
		ret = tool_fail(TOOL_EXIT_FAIL, "bench", "making operands: %s",
				mxa_last_error());
out:
	free(x);
	free(codes);
	return ret;
}

/* Runs the job on @dev; D lands in @d, what it cost in @stats and @wall. */
static int run_job(struct mxa_device *dev, const char *spec,
		   const struct bench_data *bd, void *d,
		   struct mxa_job_stats *stats, double *wall)
{
	const void *src[4] = { bd->a, bd->b, bd->sa, bd->sb };
	const size_t len[4] = { bd->a_len, bd->b_len, bd->sa_len, bd->sb_len };
	struct mxa_buffer *buf[5] = { NULL };
	struct mxa_operand *op[5];
	struct mxa_matmul job = bd->job;
	struct mxa_fence *fence = NULL;
	struct timespec t0, t1;
	int ret = 0, i;

	op[0] = &job.a;
	op[1] = &job.b;
	op[2] = &job.a_scale;
	op[3] = &job.b_scale;
	op[4] = &job.d;
	for (i = 0; i < 5 && !ret; i++) {
		size_t n = i < 4 ? len[i] : bd->d_len;

		if (!n)
			continue;
		ret = mxa_buffer_new(dev, n, &buf[i]);
		if (!ret && i < 4)
			memcpy(mxa_buffer_map(buf[i]), src[i], n);
		op[i]->buf = buf[i];
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!ret)
		ret = mxa_matmul_submit(dev, &job, &fence);
	if (!ret)
		ret = mxa_fence_wait(fence, -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!ret)
		ret = mxa_fence_stats(fence, stats);
	if (ret)
		ret = tool_fail(TOOL_EXIT_FAIL, spec, "%s", mxa_last_error());
	else
		memcpy(d, mxa_buffer_map(buf[4]), bd->d_len);
	*wall = (double)(t1.tv_sec - t0.tv_sec) +
		(double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	mxa_fence_del(fence);
	for (i = 0; i < 5; i++)
		mxa_buffer_del(buf[i]);
	return ret;
}

static int parse_opts(struct tool_opt *o, struct bench_data *bd,
		      uint64_t *seed)
{
	static const char *const scale_names[] = { "none", "mx", "nv" };
	static const char *const acc_names[] = { "fp32", "trunc" };
	struct mxa_matmul *job = &bd->job;
	uint32_t dims[3] = { 256, 256, 256 }, s = 1;
	int fa = MXA_FMT_E4M3, fb = MXA_FMT_E4M3, sc = MXA_SCALE_MX;
	int acc = MXA_ACC_FP32, ret = 0;
	static const char *const dim_opts[] = { "--m", "--n", "--k" };

	memset(bd, 0, sizeof(*bd));
	*seed = s;
	for (int i = 0; i < 3 && !ret; i++)
		if (o[O_M + i].value)
			ret = tool_parse_u32(dim_opts[i], o[O_M + i].value,
					     &dims[i]);
	if (!ret && o[O_A_FORMAT].value)
		ret = tool_parse_format("--a-format", o[O_A_FORMAT].value,
					TOOL_FMT_ELEMENT, &fa);
	if (!ret && o[O_B_FORMAT].value)
		ret = tool_parse_format("--b-format", o[O_B_FORMAT].value,
					TOOL_FMT_ELEMENT, &fb);
	if (!ret && o[O_SCALE].value)
		ret = tool_parse_choice("--scale", o[O_SCALE].value,
					scale_names, 3, &sc);
	if (!ret && o[O_ACC].value)
		ret = tool_parse_choice("--acc", o[O_ACC].value, acc_names, 2,
					&acc);
	if (!ret && o[O_SEED].value)
		ret = tool_parse_u32("--seed", o[O_SEED].value, &s);
	if (ret)
		return ret;

	job->m = dims[0];
	job->n = dims[1];
	job->k = dims[2];
	job->a_format = (enum mxa_format)fa;
	job->b_format = (enum mxa_format)fb;
	job->scale = (enum mxa_scale_mode)sc;
	job->acc = (enum mxa_acc)acc;
	if (job->acc == MXA_ACC_TRUNC) {
		job->acc_bits = MXA_TRUNC_DEFAULT_BITS;
		job->acc_interval = MXA_TRUNC_DEFAULT_INTERVAL;
	}
	job->out_format = MXA_FMT_FP32;
	bd->d_len = (size_t)job->m * job->n * sizeof(float);
	*seed = s;
	return 0;
}

static void print_figures(const struct mxa_matmul *job,
			  const struct mxa_device_info *info,
			  const struct mxa_job_stats *st, double wall)
{
	uint64_t peak = mxa_device_peak_macs(info, job->a_format,
					     job->b_format);
	double macs = (double)job->m * job->n * job->k;

	printf("  wall time          %.3f s\n", wall);
	if (!st->cycles) {
		printf("  speed              %.3g MAC/s (%s)\n", macs / wall,
		       info->backend == MXA_BACKEND_EMU ?
		       "the emulator has no cycle model" :
		       "the device reported no counters for this job");
		return;
	}
	printf("  cycles             %llu\n", (unsigned long long)st->cycles);
	printf("  MACs               %llu\n", (unsigned long long)st->macs);
	printf("  MACs/cycle         %.2f (peak %llu)\n",
	       (double)st->macs / (double)st->cycles, (unsigned long long)peak);
	if (peak)
		printf("  utilization        %.1f%%\n",
		       100.0 * (double)st->macs / ((double)st->cycles * (double)peak));
	printf("  bytes read         %llu (%.2f per cycle)\n",
	       (unsigned long long)st->bytes_read,
	       (double)st->bytes_read / (double)st->cycles);
	printf("  bytes written      %llu\n", (unsigned long long)st->bytes_written);
	printf("  DMA-bound stall    %llu cycles (%.1f%%)\n",
	       (unsigned long long)st->dma_stall_cycles,
	       100.0 * (double)st->dma_stall_cycles / (double)st->cycles);
	printf("  compute-bound stall %llu cycles (%.1f%%)\n",
	       (unsigned long long)st->compute_stall_cycles,
	       100.0 * (double)st->compute_stall_cycles / (double)st->cycles);
	if (info->simulated)
		printf("  simulation speed   %.0f cycles/s\n",
		       (double)st->cycles / wall);
}

static int bench(const char *spec, struct bench_data *bd, uint64_t seed,
		 int check)
{
	struct mxa_job_stats st, st_emu;
	struct mxa_device_info info;
	struct mxa_device *dev = NULL, *emu = NULL;
	struct mxa_matmul *job = &bd->job;
	uint8_t *d = NULL, *d_emu = NULL;
	double wall, wall_emu;
	size_t diff = 0;
	int ret;

	ret = make_operand(job->a_format, job->scale, job->m, job->k, &seed,
			   &bd->a, &bd->a_len, &bd->sa, &bd->sa_len);
	if (!ret)
		ret = make_operand(job->b_format, job->scale, job->n, job->k,
				   &seed, &bd->b, &bd->b_len, &bd->sb,
				   &bd->sb_len);
	if (ret)
		return ret;
	d = malloc(bd->d_len);
	d_emu = malloc(bd->d_len);
	if (!d || !d_emu) {
		ret = tool_fail(TOOL_EXIT_FAIL, "bench", "out of memory");
		goto out;
	}
	if (mxa_device_open(spec, &dev) || mxa_device_query(dev, &info)) {
		ret = tool_fail(TOOL_EXIT_FAIL, "--device", "%s",
				mxa_last_error());
		goto out;
	}
	ret = run_job(dev, spec, bd, d, &st, &wall);
	if (ret)
		goto out;
	printf("mxa bench: %ux%ux%u, A %s, B %s, scale %s, acc %s, on %s\n",
	       job->m, job->n, job->k, mxa_format_name(job->a_format),
	       mxa_format_name(job->b_format),
	       job->scale == MXA_SCALE_NONE ? "none" :
	       job->scale == MXA_SCALE_MX ? "mx" : "nv",
	       job->acc == MXA_ACC_FP32 ? "fp32" : "trunc", info.name);
	print_figures(job, &info, &st, wall);
	if (!check || info.backend == MXA_BACKEND_EMU)
		goto out;
	if (mxa_device_open("emu", &emu)) {
		ret = tool_fail(TOOL_EXIT_FAIL, "emu", "%s", mxa_last_error());
		goto out;
	}
	ret = run_job(emu, "emu", bd, d_emu, &st_emu, &wall_emu);
	if (ret)
		goto out;
	for (size_t i = 0; i < bd->d_len; i += sizeof(float))
		diff += !!memcmp(d + i, d_emu + i, sizeof(float));
	printf("  check vs emulator  %s\n", diff ? "MISMATCH" : "bit-exact");
	if (diff)
		ret = tool_fail(TOOL_EXIT_FAIL, spec,
				"%zu of %zu outputs differ from the emulator's",
				diff, bd->d_len / sizeof(float));
out:
	mxa_device_close(dev);
	mxa_device_close(emu);
	free(d);
	free(d_emu);
	return ret;
}

int cmd_bench(int argc, char **argv)
{
	struct tool_opt opts[O_COUNT] = {
		[O_DEVICE] = { "device", 1, NULL },
		[O_M] = { "m", 1, NULL },
		[O_N] = { "n", 1, NULL },
		[O_K] = { "k", 1, NULL },
		[O_A_FORMAT] = { "a-format", 1, NULL },
		[O_B_FORMAT] = { "b-format", 1, NULL },
		[O_SCALE] = { "scale", 1, NULL },
		[O_ACC] = { "acc", 1, NULL },
		[O_SEED] = { "seed", 1, NULL },
		[O_NO_CHECK] = { "no-check", 0, NULL },
	};
	struct bench_data bd;
	struct tool_args args;
	uint64_t seed;
	int ret;

	ret = tool_parse("bench", argc, argv, opts, O_COUNT, &args);
	if (ret)
		return ret;
	if (tool_show_help_formats(help, &args, TOOL_FMT_ELEMENT))
		return 0;
	ret = tool_want_pos("bench", &args, 0, "");
	free(args.pos);
	if (ret)
		return ret;
	ret = parse_opts(opts, &bd, &seed);
	if (ret)
		return ret;
	ret = bench(opts[O_DEVICE].value ? opts[O_DEVICE].value : "sim", &bd,
		    seed, !opts[O_NO_CHECK].value);
	free(bd.a);
	free(bd.b);
	free(bd.sa);
	free(bd.sb);
	return ret;
}
