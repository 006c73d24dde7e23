// SPDX-License-Identifier: MIT
/*
 * test_top_perf.c - the simulated accelerator keeps its array busy with the
 * default memory model (100 cycles latency, one bus beat per cycle): on a
 * job of several panels and K of a few blocks, MXFP8 (e4m3 x e4m3) and
 * MXFP4 (e2m1 x e2m1) reach at least 85% of the peak MACs per cycle the
 * capability registers give, so FP4 computes nearly twice as fast as FP8,
 * and the stall counters are consistent with the cycles lost. (bench_top
 * measures the 512 x 512 x 512 figures.)
 */
#include <stdlib.h>

#include "rtl/top_harness.h"

#define MIN_UTIL	0.85

static double run(struct sh *sh, const struct top_caps *caps, uint64_t root,
		  enum mxa_format fmt, struct t_rng *rng)
{
	struct top_gen gen = { 0, false, false };
	struct mxa_hw_cmpl rec;
	struct mxa_matmul mm;
	struct top_job j;
	double peak = (double)caps->rows * caps->cols * caps->elems[fmt];
	double util, lost;

	memset(&mm, 0, sizeof(mm));
	mm.m = 8 * caps->rows;
	mm.n = 64 * caps->cols;
	mm.k = caps->max_k < 512 ? caps->max_k : 512;
	mm.a_format = fmt;
	mm.b_format = fmt;
	mm.scale = MXA_SCALE_MX;
	mm.out_format = MXA_FMT_FP32;
	if (top_job_make(sh, &j, &mm, false, root, 1ull << 30, false, &gen,
			 rng)) {
		fprintf(stderr, "emulator: %s\n", mxa_last_error());
		exit(T_FAIL);
	}
	top_job_put(sh, &j);
	sh_doorbell(sh);
	top_job_wait(sh, &j, &rec);
	T_CHECK(top_job_check(sh, &j, &rec, "perf") == 0, "%s",
		top_job_name(&j));
	util = (double)rec.macs / ((double)rec.cycles * peak);
	lost = (double)rec.cycles - (double)rec.macs / peak;
	printf("%s: %llu cycles, %.1f MACs/cycle of %.0f (%.1f%%), "
	       "DMA stall %u, compute stall %u\n", top_job_name(&j),
	       (unsigned long long)rec.cycles,
	       (double)rec.macs / (double)rec.cycles, peak, 100 * util,
	       rec.dma_stall, rec.compute_stall);
	T_CHECK(util >= MIN_UTIL, "%s: utilization %.3f", top_job_name(&j),
		util);
	/* The array waits only in DMA-stall cycles (and before its first
	 * beat, while the first panel loads). */
	T_CHECK(rec.dma_stall <= rec.cycles && (double)rec.dma_stall <= lost,
		"%s: DMA stall %u, cycles lost %.0f", top_job_name(&j),
		rec.dma_stall, lost);
	T_CHECK(rec.compute_stall <= rec.cycles, "%s: compute stall %u",
		top_job_name(&j), rec.compute_stall);
	top_job_free(&j);
	return (double)rec.macs / (double)rec.cycles;
}

int main(void)
{
	struct top_caps caps;
	struct t_rng rng;
	struct sh sh;
	double fp8, fp4;
	uint64_t root;

	t_rng_seed(&rng, 1);
	sh_open(&sh, NULL);
	top_caps_read(&sh, &caps);
	if (!(caps.formats >> MXA_FMT_E4M3 & 1) ||
	    !(caps.formats >> MXA_FMT_E2M1 & 1))
		T_SKIP_BECAUSE("the build lacks E4M3 or E2M1");
	sh_ring_start(&sh, 1);
	root = sh_as_new(&sh);
	fp8 = run(&sh, &caps, root, MXA_FMT_E4M3, &rng);
	fp4 = run(&sh, &caps, root, MXA_FMT_E2M1, &rng);
	T_CHECK(fp4 >= 1.8 * fp8, "FP4 %.1f MACs/cycle, FP8 %.1f", fp4, fp8);
	sh_close(&sh);
	return t_exit();
}
