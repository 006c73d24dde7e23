// SPDX-License-Identifier: MIT
/*
 * test_matmul.c - matmul jobs through libmxa on the drm backend (mxa.ko and
 * mxa-simd), D compared bit for bit with the emulator's on the same bytes:
 * every element format against itself, a set of mixed pairs, each with
 * random scale and accumulation modes, C or not, FP32 or BF16; then edge
 * shapes, jobs whose K exceeds the device's (run by libmxa in parts
 * chained through C; exact accumulation refused), and several jobs in
 * flight at once.
 *
 *   test_matmul [seed]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_job.h"
#include "guest_util.h"

#define MAX_MN 20
#define MAX_K 96
#define IN_FLIGHT 6

static const enum mxa_format mixed[][2] = {
	{ MXA_FMT_E4M3, MXA_FMT_E5M2 }, { MXA_FMT_E2M1, MXA_FMT_E4M3 },
	{ MXA_FMT_E3M2, MXA_FMT_E2M3 }, { MXA_FMT_INT8, MXA_FMT_TERNARY },
	{ MXA_FMT_E5M2, MXA_FMT_INT8 }, { MXA_FMT_TERNARY, MXA_FMT_E2M1 },
	{ MXA_FMT_E3M4, MXA_FMT_E4M3FNUZ }, { MXA_FMT_E5M2FNUZ, MXA_FMT_INT4 },
	{ MXA_FMT_E2M2, MXA_FMT_TERNARY_B3 }, { MXA_FMT_INT4, MXA_FMT_E2M2 },
	{ MXA_FMT_TERNARY_B3, MXA_FMT_E4M3 },
};

static struct mxa_device *dev, *emu;
static struct mxa_device_info info;

static void run_one(const struct g_plan *p, struct t_rng *rng)
{
	char name[128];

	g_plan_name(p, name, sizeof(name));
	printf("%s\n", name);
	T_CHECK(g_lib_run_check(dev, emu, p, rng, name) == 0, "%s", name);
}

static int supported(enum mxa_format f)
{
	return info.formats >> f & 1;
}

/*
 * K beyond the device's max_k with M and N small: libmxa splits K at
 * block boundaries (and whole bytes: 4 elements of a 6-bit format) and
 * chains the parts through C; D and the summed statistics as one job's.
 * fp32 accumulation and cheap formats: under TCG a part as long as the
 * device's K already takes several of the kernel's 10 s per job (trunc
 * and base-3 operands make the model slower; the sim tests cover them).
 */
static void beyond_k(struct t_rng *rng)
{
	static const enum mxa_format pairs[][2] = {
		{ MXA_FMT_E4M3, MXA_FMT_E2M1 }, { MXA_FMT_E3M2, MXA_FMT_E2M1 },
	};
	struct mxa_matmul mm;
	struct mxa_buffer *buf;
	struct g_plan p;
	int ret;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++) {
		if (!supported(pairs[i][0]) || !supported(pairs[i][1]))
			continue;
		g_plan_random(&p, &info, pairs[i][0], pairs[i][1], 2, 64, rng);
		p.acc = MXA_ACC_FP32;
		p.acc_bits = p.acc_interval = 0;
		p.has_c = (int)(i % 2);
		p.out_format = i % 2 ? MXA_FMT_FP32 : MXA_FMT_BF16;
		p.k = info.max_k + 1 + t_rng_below(rng, 300);
		run_one(&p, rng);
	}

	/* exact rounds once over all of K: refused, naming mode and limit. */
	memset(&mm, 0, sizeof(mm));
	mm.m = 2;
	mm.n = 2;
	mm.k = info.max_k + 1;
	mm.a_format = mm.b_format = MXA_FMT_E4M3;
	mm.acc = MXA_ACC_EXACT;
	mm.out_format = MXA_FMT_FP32;
	if (mxa_buffer_new(dev, 8ull * mm.k + 16, &buf)) {
		T_CHECK(0, "buffer: %s", mxa_last_error());
		return;
	}
	mm.a.buf = mm.b.buf = mm.d.buf = buf;
	mm.b.offset = 2ull * mm.k;
	mm.d.offset = 4ull * mm.k;
	ret = mxa_matmul_validate(dev, &mm);
	T_CHECK(ret == -EINVAL && strstr(mxa_last_error(), "exact") &&
		strstr(mxa_last_error(), "cannot be split"),
		"exact beyond K: %d: %s", ret, mxa_last_error());
	printf("exact, K %u: %s\n", mm.k, mxa_last_error());
	mxa_buffer_del(buf);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	struct g_lib_job jobs[IN_FLIGHT];
	struct g_data data[IN_FLIGHT];
	struct g_plan p;
	struct t_rng rng;

	printf("seed %llu\n", (unsigned long long)seed);
	t_rng_seed(&rng, seed);
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &info)) {
		fprintf(stderr, "drm device: %s\n", mxa_last_error());
		return T_FAIL;
	}
	if (mxa_device_open("emu", &emu)) {
		fprintf(stderr, "emu device: %s\n", mxa_last_error());
		return T_FAIL;
	}

	for (int f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		if (!supported(f))
			continue;
		g_plan_random(&p, &info, f, f, MAX_MN, MAX_K, &rng);
		run_one(&p, &rng);
	}
	for (size_t i = 0; i < sizeof(mixed) / sizeof(*mixed); i++) {
		if (!supported(mixed[i][0]) || !supported(mixed[i][1]))
			continue;
		g_plan_random(&p, &info, mixed[i][0], mixed[i][1], MAX_MN,
			      MAX_K, &rng);
		run_one(&p, &rng);
	}

	/* Edge shapes: one element, one array tile, the longest K. */
	g_plan_random(&p, &info, MXA_FMT_E4M3, MXA_FMT_E4M3, 1, 1, &rng);
	run_one(&p, &rng);
	g_plan_random(&p, &info, MXA_FMT_E2M1, MXA_FMT_E2M1, 1, 1, &rng);
	p.m = info.array_rows;
	p.n = info.array_cols;
	p.k = 64;
	run_one(&p, &rng);
	g_plan_random(&p, &info, MXA_FMT_E4M3, MXA_FMT_E2M1, 2, 1, &rng);
	p.k = info.max_k < 4096 ? info.max_k : 4096;
	run_one(&p, &rng);

	beyond_k(&rng);

	/*
	 * Several jobs queued before the first is waited for, then waited
	 * for newest first: each job's completion record (in the buffer the
	 * jobs share) must outlast the ends of the jobs after it.
	 */
	for (int i = 0; i < IN_FLIGHT; i++) {
		int f = (int)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);

		while (!supported(f))
			f = (f + 1) % MXA_NUM_ELEM_FORMATS;
		g_plan_random(&p, &info, f, f, MAX_MN, MAX_K, &rng);
		if (g_data_make(&data[i], &p, emu, &rng) ||
		    g_lib_job_make(&jobs[i], dev, &data[i]) ||
		    g_lib_job_submit(&jobs[i], dev)) {
			T_CHECK(0, "queued job %d could not be made", i);
			return t_exit();
		}
	}
	for (int i = IN_FLIGHT - 1; i >= 0; i--) {
		char name[128];

		g_plan_name(&data[i].plan, name, sizeof(name));
		T_CHECK(g_lib_job_check(&jobs[i], &data[i], 120000, name) == 0,
			"queued job %d: %s", i, name);
		g_lib_job_free(&jobs[i]);
		g_data_free(&data[i]);
	}

	mxa_device_close(emu);
	mxa_device_close(dev);
	return t_exit();
}
