// SPDX-License-Identifier: MIT
/*
 * bench_top.c - performance of the simulated accelerator (the default
 * configuration) with the default memory model: 512 x 512 x 512 MXFP8
 * (e4m3 x e4m3), MXFP4 (e2m1 x e2m1), MXFP6 (e3m2 x e3m2) and ternary jobs,
 * or one job given on the command line. Prints, from the completion
 * record, the cycles, MACs per cycle, utilization (achieved over peak MACs
 * per cycle, the peak from the capability registers), bytes moved, the
 * stall cycles, and the simulation speed; D is checked bit for bit against
 * the emulator.
 *
 *   bench_top [M N K A_FMT B_FMT [none|mx|nv [fp32|bf16]]]
 */
#include <stdlib.h>
#include <time.h>

#include "rtl/top_harness.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int run(struct sh *sh, const struct top_caps *caps, uint64_t root,
	       const struct mxa_matmul *mm, struct t_rng *rng)
{
	struct top_gen gen = { 0, false, false };
	struct mxa_hw_cmpl rec;
	struct top_job j;
	unsigned ea = caps->elems[mm->a_format], eb = caps->elems[mm->b_format];
	double peak = (double)caps->rows * caps->cols * (ea < eb ? ea : eb);
	uint64_t c0;
	double t0, secs;
	unsigned bad;

	if (top_job_make(sh, &j, mm, false, root, 1ull << 32, false, &gen,
			 rng)) {
		fprintf(stderr, "emulator: %s\n", mxa_last_error());
		return T_FAIL;
	}
	c0 = mxa_sim_cycles(sh->sim);
	t0 = now();
	top_job_put(sh, &j);
	sh_doorbell(sh);
	top_job_wait(sh, &j, &rec);
	secs = now() - t0;
	bad = top_job_check(sh, &j, &rec, "bench");

	printf("%s\n", top_job_name(&j));
	printf("  cycles          %12llu\n", (unsigned long long)rec.cycles);
	printf("  MACs            %12llu\n", (unsigned long long)rec.macs);
	printf("  MACs/cycle      %12.2f   (peak %.0f)\n",
	       (double)rec.macs / (double)rec.cycles, peak);
	printf("  utilization     %11.1f%%\n",
	       100.0 * (double)rec.macs / ((double)rec.cycles * peak));
	printf("  bytes read      %12llu   (%.2f per cycle)\n",
	       (unsigned long long)rec.bytes_read,
	       (double)rec.bytes_read / (double)rec.cycles);
	printf("  bytes written   %12llu\n",
	       (unsigned long long)rec.bytes_written);
	printf("  DMA stall       %12u   (array waited for operands or room)\n",
	       rec.dma_stall);
	printf("  compute stall   %12u   (operand data waited for a bank)\n",
	       rec.compute_stall);
	printf("  simulation      %12.0f cycles/s (%.1f s)\n",
	       (double)(mxa_sim_cycles(sh->sim) - c0) / secs, secs);
	printf("  D               %s\n", bad ? "WRONG" : "bit-exact");
	top_job_free(&j);
	return bad ? T_FAIL : T_PASS;
}

static void job(struct mxa_matmul *mm, uint32_t m, uint32_t n, uint32_t k,
		enum mxa_format a, enum mxa_format b, enum mxa_scale_mode s)
{
	memset(mm, 0, sizeof(*mm));
	mm->m = m;
	mm->n = n;
	mm->k = k;
	mm->a_format = a;
	mm->b_format = b;
	mm->scale = s;
	mm->acc = MXA_ACC_FP32;
	mm->out_format = MXA_FMT_FP32;
}

int main(int argc, char **argv)
{
	struct mxa_matmul mm[4];
	struct top_caps caps;
	struct t_rng rng;
	struct sh sh;
	unsigned count;
	uint64_t root;
	int ret = T_PASS;

	if (argc >= 6) {
		int a = mxa_format_parse(argv[4]), b = mxa_format_parse(argv[5]);
		enum mxa_scale_mode s = MXA_SCALE_MX;

		if (a < 0 || b < 0) {
			fprintf(stderr, "unknown format\n");
			return T_FAIL;
		}
		if (argc > 6)
			s = !strcmp(argv[6], "none") ? MXA_SCALE_NONE :
			    !strcmp(argv[6], "nv") ? MXA_SCALE_NV : MXA_SCALE_MX;
		job(&mm[0], (uint32_t)atoi(argv[1]), (uint32_t)atoi(argv[2]),
		    (uint32_t)atoi(argv[3]), a, b, s);
		if (argc > 7 && !strcmp(argv[7], "bf16"))
			mm[0].out_format = MXA_FMT_BF16;
		count = 1;
	} else if (argc > 1) {
		fprintf(stderr, "usage: %s [M N K A_FMT B_FMT [none|mx|nv "
			"[fp32|bf16]]]\n", argv[0]);
		return T_FAIL;
	} else {
		job(&mm[0], 512, 512, 512, MXA_FMT_E4M3, MXA_FMT_E4M3,
		    MXA_SCALE_MX);
		job(&mm[1], 512, 512, 512, MXA_FMT_E2M1, MXA_FMT_E2M1,
		    MXA_SCALE_MX);
		job(&mm[2], 512, 512, 512, MXA_FMT_E3M2, MXA_FMT_E3M2,
		    MXA_SCALE_MX);
		job(&mm[3], 512, 512, 512, MXA_FMT_TERNARY, MXA_FMT_TERNARY,
		    MXA_SCALE_MX);
		count = 4;
	}

	t_rng_seed(&rng, 1);
	sh_open(&sh, NULL);
	top_caps_read(&sh, &caps);
	printf("device: %ux%u units of %u lane bits, %u-bit bus; memory: "
	       "100 cycles latency, one beat per cycle\n", caps.rows,
	       caps.cols, caps.lane_bits, caps.data_bits);
	sh_ring_start(&sh, 2);
	root = sh_as_new(&sh);
	for (unsigned i = 0; i < count; i++)
		if (run(&sh, &caps, root, &mm[i], &rng))
			ret = T_FAIL;
	sh_close(&sh);
	return ret;
}
