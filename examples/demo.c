// SPDX-License-Identifier: MIT
/*
 * demo.c - one real job end to end: MXFP8 (e4m3) activations times MXFP4
 * (e2m1) weights, 256 x 256 x 256, quantized from float32 with the OCP scale
 * rule, run on a device and checked.
 *
 * The check: the device result must equal, bit for bit, the emulator's; and
 * its distance to a double-precision product of the dequantized operands
 * must be within FP32 rounding. The error against the float32 product of the
 * unquantized inputs shows what the formats cost.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mxa.h"

#define M 256
#define N 256
#define K 256
#define BS 32
#define NB (K / BS)

struct operands {
	float a[M * K], b[K * N];		/* unquantized, row-major */
	uint8_t qa[M * K], qb[K * N];		/* element codes */
	uint8_t sa[M * NB], sb[NB * N];		/* scale codes */
	uint8_t qbt[N * K], sbt[N * NB];	/* B and SB transposed: K-major */
};

/* Deterministic inputs: activations ~ N(0,1)-ish, weights smaller. */
static float uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (float)((*s >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
}

static void make_inputs(struct operands *op)
{
	uint64_t s = 42;

	for (int i = 0; i < M * K; i++)
		op->a[i] = (uniform(&s) + uniform(&s) + uniform(&s)) * 1.7f;
	for (int i = 0; i < K * N; i++)
		op->b[i] = uniform(&s) * 0.05f;
}

static int die(const char *what, int ret)
{
	fprintf(stderr, "mxa-demo: %s: %s (%s)\n", what, mxa_last_error(),
		strerror(-ret));
	return 1;
}

/* What a run on a device cost. */
struct run_cost {
	struct mxa_device_info info;
	struct mxa_job_stats stats;
	double wall;		/* seconds, submission to completion */
};

/* Runs the job on @spec; the result lands in @d. */
static int run_on(const char *spec, const struct operands *op, float *d,
		  struct run_cost *cost)
{
	struct mxa_buffer *ba, *bb, *bsa, *bsb, *bd;
	struct mxa_device *dev;
	struct mxa_fence *fence;
	struct mxa_matmul job;
	struct timespec t0, t1;
	int ret;

	ret = mxa_device_open(spec, &dev);
	if (ret)
		return die(spec, ret);
	mxa_device_query(dev, &cost->info);

	ret = mxa_buffer_new(dev, mxa_packed_size(MXA_FMT_E4M3, M * K), &ba);
	ret = ret ? ret : mxa_buffer_new(dev, mxa_packed_size(MXA_FMT_E2M1, N * K), &bb);
	ret = ret ? ret : mxa_buffer_new(dev, M * NB, &bsa);
	ret = ret ? ret : mxa_buffer_new(dev, N * NB, &bsb);
	ret = ret ? ret : mxa_buffer_new(dev, sizeof(float) * M * N, &bd);
	if (ret)
		return die("buffers", ret);

	ret = mxa_pack(MXA_FMT_E4M3, op->qa, M * K, mxa_buffer_map(ba));
	ret = ret ? ret : mxa_pack(MXA_FMT_E2M1, op->qbt, N * K, mxa_buffer_map(bb));
	if (ret)
		return die("pack", ret);
	memcpy(mxa_buffer_map(bsa), op->sa, M * NB);
	memcpy(mxa_buffer_map(bsb), op->sbt, N * NB);

	memset(&job, 0, sizeof(job));
	job.m = M;
	job.n = N;
	job.k = K;
	job.a_format = MXA_FMT_E4M3;
	job.b_format = MXA_FMT_E2M1;
	job.scale = MXA_SCALE_MX;
	job.acc = MXA_ACC_FP32;
	job.out_format = MXA_FMT_FP32;
	job.a.buf = ba;
	job.b.buf = bb;
	job.a_scale.buf = bsa;
	job.b_scale.buf = bsb;
	job.d.buf = bd;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = mxa_matmul_submit(dev, &job, &fence);
	if (ret)
		return die("matmul", ret);
	ret = mxa_fence_wait(fence, -1);
	if (ret)
		return die("matmul", ret);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cost->wall = (double)(t1.tv_sec - t0.tv_sec) +
		     (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	mxa_fence_stats(fence, &cost->stats);
	mxa_fence_del(fence);
	memcpy(d, mxa_buffer_map(bd), sizeof(float) * M * N);

	mxa_buffer_del(ba);
	mxa_buffer_del(bb);
	mxa_buffer_del(bsa);
	mxa_buffer_del(bsb);
	mxa_buffer_del(bd);
	mxa_device_close(dev);
	return 0;
}

/* Value of element (i,k) of A and (k,j) of B after quantization. */
static double deq(enum mxa_format fmt, uint8_t code, uint8_t scale)
{
	float v, s;

	mxa_decode(fmt, code, 1, &v);
	mxa_decode(MXA_FMT_E8M0, scale, 0, &s);
	return (double)v * s;
}

static void print_cost(const struct run_cost *c)
{
	const struct mxa_job_stats *st = &c->stats;
	uint64_t peak = mxa_device_peak_macs(&c->info, MXA_FMT_E4M3,
					     MXA_FMT_E2M1);

	if (!st->cycles) {
		printf("  time:                   %.3f s on the host\n", c->wall);
		return;
	}
	printf("  device cycles:          %llu, %.1f MACs/cycle of a peak %llu (%.1f%% utilization)\n",
	       (unsigned long long)st->cycles,
	       (double)st->macs / (double)st->cycles, (unsigned long long)peak,
	       100.0 * (double)st->macs / ((double)st->cycles * (double)peak));
	printf("  memory traffic:         %llu bytes read, %llu written\n",
	       (unsigned long long)st->bytes_read,
	       (unsigned long long)st->bytes_written);
	printf("  stalls:                 %llu cycles waiting for data, %llu waiting for the array\n",
	       (unsigned long long)st->dma_stall_cycles,
	       (unsigned long long)st->compute_stall_cycles);
	if (c->info.simulated)
		printf("  simulation:             %.2f s, %.0f cycles/s\n", c->wall,
		       (double)st->cycles / c->wall);
}

int main(int argc, char **argv)
{
	const char *spec = argc > 1 ? argv[1] : "sim";
	struct mxa_block_quant_opts qa = { MXA_FMT_E4M3, MXA_SCALE_MX,
					   MXA_SCALE_RULE_FLOOR, 0 };
	struct mxa_block_quant_opts qb = { MXA_FMT_E2M1, MXA_SCALE_MX,
					   MXA_SCALE_RULE_FLOOR, 0 };
	static struct operands op;
	static float d_dev[M * N], d_emu[M * N];
	double max_q = 0, err2 = 0, ref2 = 0, max_rel_round = 0;
	struct run_cost cost, emu_cost;
	int ret, on_emu, mismatches = 0;

	make_inputs(&op);
	ret = mxa_quantize_blocks(&qa, op.a, M, K, 1, op.qa, op.sa, NULL);
	ret = ret ? ret : mxa_quantize_blocks(&qb, op.b, K, N, 0, op.qb, op.sb, NULL);
	if (ret)
		return die("quantize", ret);
	for (int k = 0; k < K; k++)
		for (int j = 0; j < N; j++)
			op.qbt[j * K + k] = op.qb[k * N + j];
	for (int t = 0; t < NB; t++)
		for (int j = 0; j < N; j++)
			op.sbt[j * NB + t] = op.sb[t * N + j];

	on_emu = !strcmp(spec, "emu");
	if (run_on(spec, &op, d_dev, &cost))
		return 1;
	if (!on_emu && run_on("emu", &op, d_emu, &emu_cost))
		return 1;
	if (on_emu)
		memcpy(d_emu, d_dev, sizeof(d_emu));

	for (int i = 0; i < M * N; i++)
		if (memcmp(&d_dev[i], &d_emu[i], sizeof(float)))
			mismatches++;

	for (int i = 0; i < M; i++) {
		for (int j = 0; j < N; j++) {
			double exact = 0, full = 0, mag = 0;

			for (int k = 0; k < K; k++) {
				double x = deq(MXA_FMT_E4M3, op.qa[i * K + k],
					       op.sa[i * NB + k / BS]);
				double y = deq(MXA_FMT_E2M1, op.qb[k * N + j],
					       op.sb[(k / BS) * N + j]);

				exact += x * y;
				mag += fabs(x * y);
				full += (double)op.a[i * K + k] * op.b[k * N + j];
			}
			/* Rounding of 8 blocks + 8 adds, relative to sum |x*y|. */
			if (mag > 0 && fabs(d_dev[i * N + j] - exact) / mag > max_rel_round)
				max_rel_round = fabs(d_dev[i * N + j] - exact) / mag;
			err2 += (d_dev[i * N + j] - full) * (d_dev[i * N + j] - full);
			ref2 += full * full;
			if (fabs(d_dev[i * N + j] - full) > max_q)
				max_q = fabs(d_dev[i * N + j] - full);
		}
	}

	printf("mxa demo: D = A x B, %dx%dx%d, A MXFP8 (e4m3), B MXFP4 (e2m1), scale mx, acc fp32\n",
	       M, N, K);
	printf("  device:                 %s (%s)\n", cost.info.name, spec);
	print_cost(&cost);
	if (on_emu)
		printf("  bit-exact vs emulator:  not compared: the job ran on the emulator itself\n");
	else
		printf("  bit-exact vs emulator:  %s (%d of %d outputs differ)\n",
		       mismatches ? "NO" : "yes", mismatches, M * N);
	printf("  vs exact dequantized:   max error %.2e of sum|a*b| (FP32 rounding only)\n",
	       max_rel_round);
	printf("  vs float32 unquantized: relative RMS error %.3f%%, max abs error %.4f\n",
	       100.0 * sqrt(err2 / ref2), max_q);
	if (mismatches || max_rel_round > 16 * 0x1p-24) {
		printf("FAILED\n");
		return 1;
	}
	printf("OK\n");
	return 0;
}
