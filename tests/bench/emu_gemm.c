// SPDX-License-Identifier: MIT
/*
 * emu_gemm.c - throughput of the emulator's matmul (device "emu", through
 * the public API) next to single-threaded OpenBLAS SGEMM on the same
 * shape, in one process. Each figure is the best of a few runs. Every job
 * runs on one thread ($MXA_EMU_THREADS = 1, the figure compared with
 * SGEMM) and on all online CPUs (the speedup over one thread).
 *
 * Usage: emu_gemm [SIZE [MATCH]]   (M = N = K = SIZE, default 1024; only
 * the rows whose "pair scale acc" text contains MATCH, e.g. "trunc")
 * $MXA_EMU_KERNELS = portable, avx2 or avx512 runs the emulator with that
 * family of kernels (where the CPU has it) instead of the fastest.
 */
#include <cblas.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mxa.h"

struct bench_case {
	enum mxa_format fa, fb;
	enum mxa_scale_mode scale;
	enum mxa_acc acc;
	unsigned w, n;	/* trunc: kept bits and interval, 0 = defaults */
	int slow;	/* over half a second on one thread: fewer runs */
};

static const struct bench_case cases[] = {
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_MX, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NV, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_MX, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E4M3, MXA_FMT_E2M1, MXA_SCALE_MX, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E3M2, MXA_FMT_E2M3, MXA_SCALE_MX, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_INT8, MXA_FMT_INT8, MXA_SCALE_NONE, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_TERNARY, MXA_FMT_INT8, MXA_SCALE_NONE, MXA_ACC_FP32, 0, 0, 0 },
	{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_FP32, 0, 0, 1 },
	{ MXA_FMT_E5M2, MXA_FMT_E4M3, MXA_SCALE_MX, MXA_ACC_FP32, 0, 0, 1 },
	{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NV, MXA_ACC_FP32, 0, 0, 1 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_TRUNC, 0, 0, 1 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_TRUNC, 31, 32, 1 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_TRUNC, 32, 32, 1 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_TRUNC, 4, 1024, 1 },
	{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_TRUNC, 0, 0, 1 },
	{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_TRUNC, 0, 0, 1 },
	{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_EXACT, 0, 0, 0 },
	{ MXA_FMT_INT8, MXA_FMT_INT8, MXA_SCALE_NONE, MXA_ACC_EXACT, 0, 0, 0 },
	{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT, 0, 0, 1 },
};

static const char *const scale_names[] = { "none", "mx", "nv" };
static const char *const acc_names[] = { "fp32", "trunc", "exact" };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x243F6A8885A308D3ull;

static uint32_t rng(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 33);
}

static void die(const char *what, int ret)
{
	fprintf(stderr, "emu_gemm: %s: %d (%s)\n", what, ret, mxa_last_error());
	exit(1);
}

/* Random finite codes of @fmt, packed, @rows rows of @k elements. */
static void fill_packed(enum mxa_format fmt, size_t rows, size_t k, void *dst)
{
	size_t row_bytes = mxa_packed_size(fmt, k);
	uint8_t *codes = malloc(k);
	int ret;

	for (size_t r = 0; r < rows; r++) {
		for (size_t i = 0; i < k; i++) {
			float v;

			do {
				codes[i] = (uint8_t)rng();
				if (fmt == MXA_FMT_TERNARY)
					codes[i] = (uint8_t)(rng() % 3 == 2 ? 3 :
							     rng() % 2);
			} while (mxa_decode(fmt, codes[i], 0, &v) || v != v ||
				 v - v != 0);
		}
		ret = mxa_pack(fmt, codes, k, (uint8_t *)dst + r * row_bytes);
		if (ret)
			die("pack", ret);
	}
	free(codes);
}

static struct mxa_buffer *new_buffer(struct mxa_device *dev, size_t size)
{
	struct mxa_buffer *buf;
	int ret = mxa_buffer_new(dev, size, &buf);

	if (ret)
		die("buffer", ret);
	return buf;
}

/* Best times of a case on one thread (t1) and on every CPU (tall). */
static void time_emu(struct mxa_device *dev, const struct bench_case *bc,
		     uint32_t n, int reps, double *t1, double *tall)
{
	unsigned bs = mxa_block_size(bc->scale);
	size_t nb = (n + bs - 1) / bs;
	struct mxa_matmul job = {
		.m = n, .n = n, .k = n,
		.a_format = bc->fa, .b_format = bc->fb,
		.scale = bc->scale, .acc = bc->acc,
		.acc_bits = bc->w, .acc_interval = bc->n,
		.out_format = MXA_FMT_FP32,
	};
	struct mxa_buffer *a, *b, *sa = NULL, *sb = NULL, *d;
	a = new_buffer(dev, n * mxa_packed_size(bc->fa, n));
	b = new_buffer(dev, n * mxa_packed_size(bc->fb, n));
	d = new_buffer(dev, (size_t)n * n * 4);
	fill_packed(bc->fa, n, n, mxa_buffer_map(a));
	fill_packed(bc->fb, n, n, mxa_buffer_map(b));
	job.a.buf = a;
	job.b.buf = b;
	job.d.buf = d;
	if (bc->scale != MXA_SCALE_NONE) {
		uint8_t *p;

		sa = new_buffer(dev, n * nb);
		sb = new_buffer(dev, n * nb);
		/* Scales around 1: 2^-8 .. 2^7 (mx), 0.125 .. 448 (nv). */
		p = mxa_buffer_map(sa);
		for (size_t i = 0; i < n * nb; i++)
			p[i] = (uint8_t)(bc->scale == MXA_SCALE_MX ?
					 119 + rng() % 16 : 0x20 + rng() % 0x5F);
		p = mxa_buffer_map(sb);
		for (size_t i = 0; i < n * nb; i++)
			p[i] = (uint8_t)(bc->scale == MXA_SCALE_MX ?
					 119 + rng() % 16 : 0x20 + rng() % 0x5F);
		job.a_scale.buf = sa;
		job.b_scale.buf = sb;
	}
	*t1 = *tall = 1e30;
	for (int r = 0; r < 2 * reps; r++) {
		double t0 = now(), t;
		int ret;

		/* Alternate, so that both see the same load of the machine. */
		if (r % 2)
			unsetenv("MXA_EMU_THREADS");
		else
			setenv("MXA_EMU_THREADS", "1", 1);
		ret = mxa_matmul_run(dev, &job);
		t = now() - t0;
		if (ret)
			die("matmul", ret);
		if (r % 2 && t < *tall)
			*tall = t;
		if (!(r % 2) && t < *t1)
			*t1 = t;
	}
	unsetenv("MXA_EMU_THREADS");
	mxa_buffer_del(a);
	mxa_buffer_del(b);
	mxa_buffer_del(sa);
	mxa_buffer_del(sb);
	mxa_buffer_del(d);
}

/* The row's text: pair, scale and accumulation, as the table prints them. */
static void row_label(const struct bench_case *bc, char *pair, size_t np,
		      char *acc, size_t na)
{
	snprintf(pair, np, "%s x %s", mxa_format_name(bc->fa),
		 mxa_format_name(bc->fb));
	if (bc->w)
		snprintf(acc, na, "%s W=%u N=%u", acc_names[bc->acc], bc->w,
			 bc->n);
	else
		snprintf(acc, na, "%s", acc_names[bc->acc]);
}

static int row_matches(const struct bench_case *bc, const char *match)
{
	char pair[32], acc[32], line[80];

	if (!match)
		return 1;
	row_label(bc, pair, sizeof(pair), acc, sizeof(acc));
	snprintf(line, sizeof(line), "%s %s %s", pair, scale_names[bc->scale],
		 acc);
	return strstr(line, match) != NULL;
}

static double time_sgemm(uint32_t n, int reps)
{
	float *a = malloc(sizeof(float) * n * n);
	float *b = malloc(sizeof(float) * n * n);
	float *c = malloc(sizeof(float) * n * n);
	double best = 1e30;

	for (size_t i = 0; i < (size_t)n * n; i++) {
		a[i] = (float)(rng() % 2001) / 1000.0f - 1.0f;
		b[i] = (float)(rng() % 2001) / 1000.0f - 1.0f;
	}
	/* The emulator's layout: A is M x K, B is N x K (both K-major). */
	for (int r = 0; r < reps; r++) {
		double t0 = now();

		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n,
			    (int)n, (int)n, 1.0f, a, (int)n, b, (int)n, 0.0f,
			    c, (int)n);
		if (now() - t0 < best)
			best = now() - t0;
	}
	free(a);
	free(b);
	free(c);
	return best;
}

int main(int argc, char **argv)
{
	uint32_t size = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 1024;
	const char *match = argc > 2 ? argv[2] : NULL;
	double macs = (double)size * size * size;
	double emu[sizeof(cases) / sizeof(cases[0])], sgemm, t;
	double emu_all[sizeof(cases) / sizeof(cases[0])];
	struct mxa_device *dev;
	int ret;

	if (size < 1 || size > 8192) {
		fprintf(stderr, "usage: emu_gemm [SIZE 1..8192 [MATCH]]\n");
		return 2;
	}
	openblas_set_num_threads(1);
	ret = mxa_device_open("emu", &dev);
	if (ret)
		die("device", ret);

	/* SGEMM before and after the emulator, in case the machine is busy. */
	sgemm = time_sgemm(size, 5);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (row_matches(&cases[i], match))
			time_emu(dev, &cases[i], size, cases[i].slow ? 3 : 5, &emu[i],
				 &emu_all[i]);
	t = time_sgemm(size, 5);
	if (t < sgemm)
		sgemm = t;
	mxa_device_close(dev);

	printf("M = N = K = %u; best of 5 runs (3 for the slow jobs); "
	       "1 thread, and %ld threads (all online CPUs)\n", size,
	       sysconf(_SC_NPROCESSORS_ONLN));
	/* OpenBLAS picks its kernel by CPU model ($OPENBLAS_CORETYPE). */
	printf("SGEMM: OpenBLAS %s kernel, one thread\n", openblas_get_corename());
	printf("emulator kernels: %s\n", getenv("MXA_EMU_KERNELS") ?
	       getenv("MXA_EMU_KERNELS") : "the fastest this CPU runs");
	printf("%-16s %-5s %-16s %9s %8s %7s %9s %7s\n", "pair", "scale", "acc",
	       "seconds", "GMAC/s", "xSGEMM", "s (all)", "speedup");
	printf("%-16s %-5s %-16s %9.4f %8.2f %7.3f\n", "SGEMM (OpenBLAS)",
	       "-", "fp32", sgemm, macs / sgemm * 1e-9, 1.0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bench_case *bc = &cases[i];
		char pair[32], acc[32];

		if (!row_matches(bc, match))
			continue;
		row_label(bc, pair, sizeof(pair), acc, sizeof(acc));
		printf("%-16s %-5s %-16s %9.4f %8.2f %7.3f %9.4f %7.2f\n", pair,
		       scale_names[bc->scale], acc, emu[i],
		       macs / emu[i] * 1e-9, sgemm / emu[i], emu_all[i],
		       emu[i] / emu_all[i]);
	}
	return 0;
}
