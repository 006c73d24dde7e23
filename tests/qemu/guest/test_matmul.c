// SPDX-License-Identifier: MIT
/*
 * test_matmul.c - matmul jobs through libmxa on the drm backend (mxa.ko and
 * mxa-simd), D compared bit for bit with the emulator's on the same bytes:
 * every element format against itself, a set of mixed pairs, each with
 * random scale and accumulation modes, C or not, FP32 or BF16; then edge
 * shapes, and several jobs in flight at once.
 *
 *   test_matmul [seed]
 */
#include <stdio.h>
#include <stdlib.h>

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

	/* Several jobs queued before the first is waited for. */
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
	for (int i = 0; i < IN_FLIGHT; i++) {
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
