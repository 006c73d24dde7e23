// SPDX-License-Identifier: MIT
/*
 * sweep_conversions.c - every one of the 2^32 float32 bit patterns through
 * every conversion CUDA has (tests/common/cuda_conv.h), compared code for
 * code with mxa_quantize(). Too long for `make check`: run by
 * `make sweep-conversions`.
 *
 * Usage: sweep_conversions [NAME...] - only the conversions whose name
 * contains one of the NAMEs ("e4m3", "rz", "e8m0 ru sat", ...).
 * Exits 0 when all agree, 1 on any mismatch, 77 without the CUDA headers.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/test_util.h"
#include "mxa.h"

#if MXA_HAVE_CUDA
#include "common/cuda_conv.h"

#define CHUNK (1u << 16)
#define SHOW_MAX 10

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return 1;
	return 0;
}

/* Returns the number of inputs on which mxa and CUDA disagree. */
static uint64_t sweep(const struct cuda_conv *cv)
{
	static float x[CHUNK];
	static uint8_t codes[CHUNK];
	uint64_t bad = 0;
	double t0 = now();

	for (uint64_t base = 0; base < 1ull << 32; base += CHUNK) {
		for (uint32_t i = 0; i < CHUNK; i++)
			x[i] = t_bits_float((uint32_t)(base + i));
		if (mxa_quantize(cv->fmt, x, CHUNK, &cv->opts, codes)) {
			printf("%s: mxa_quantize failed: %s\n", cv->name,
			       mxa_last_error());
			return 1;
		}
		for (uint32_t i = 0; i < CHUNK; i++) {
			uint8_t want = cv->from_float(x[i]);

			if (codes[i] == want)
				continue;
			if (bad < SHOW_MAX)
				printf("  %s: x = 0x%08x (%.9g): mxa 0x%02x, "
				       "CUDA 0x%02x\n", cv->name,
				       (uint32_t)(base + i), x[i], codes[i],
				       want);
			bad++;
		}
		if (((base + CHUNK) & ((1u << 28) - 1)) == 0) {
			printf("  %s: %3u/16 done, %.0f s\r", cv->name,
			       (unsigned)((base + CHUNK) >> 28), now() - t0);
			fflush(stdout);
		}
	}
	printf("%-16s %s: %llu mismatches in 2^32 inputs, %.0f s\n", cv->name,
	       bad ? "FAIL" : "ok", (unsigned long long)bad, now() - t0);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned convs = 0, failed = 0;
	double t0 = now();

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < N_CUDA_CONVS; i++) {
		if (!selected(cuda_convs[i].name, argc, argv))
			continue;
		convs++;
		if (sweep(&cuda_convs[i]))
			failed++;
	}
	if (!convs) {
		fprintf(stderr, "no conversion matches the names given\n");
		return 2;
	}
	printf("%u conversion(s) swept, %u failed, %.0f s in all\n", convs,
	       failed, now() - t0);
	return failed ? T_FAIL : T_PASS;
}
#else
int main(void)
{
	T_SKIP_BECAUSE("CUDA toolkit headers (cuda_fp8.h) not found; install "
		       "the CUDA toolkit to sweep the conversions");
}
#endif
