// SPDX-License-Identifier: MIT
/*
 * test_top_jobs.c - matmul jobs on the whole simulated accelerator (shell
 * and compute engine), D compared bit for bit with the emulator's, several
 * jobs in flight: edge shapes first (M, N below, at and above the array's
 * rows and columns, K of 1, around the block sizes and the largest K), then
 * random jobs over every format pair the device lists (TERNARY_B3's base-3
 * rows among them), every scale and accumulation mode, every block size the
 * device lists (CAP_BLOCK.SIZES) or the scale mode's standard one, C or
 * not, FP32 or BF16, per-tensor scales, padded strides and odd addresses,
 * rare NaN and infinity codes.
 *
 *   test_top_jobs [seed [jobs]]
 */
#include <stdlib.h>

#include "rtl/top_harness.h"

#define IN_FLIGHT	4
#define RANDOM_JOBS	120
#define REGION		(64ull << 20)

struct plan {
	struct mxa_matmul mm;
	bool has_c, pad;
	struct top_gen gen;
};

static unsigned pick_bit(uint32_t mask, struct t_rng *rng)
{
	unsigned n = (unsigned)__builtin_popcount(mask);
	unsigned k = t_rng_below(rng, n);

	for (unsigned b = 0;; b++)
		if (mask >> b & 1 && k-- == 0)
			return b;
}

static void plan_modes(struct plan *p, const struct top_caps *caps,
		       struct t_rng *rng)
{
	struct mxa_matmul *mm = &p->mm;
	unsigned bs;

	mm->scale = pick_bit(caps->scale_modes, rng);
	mm->acc = pick_bit(caps->acc_modes, rng);
	if (mm->acc == MXA_ACC_EXACT)
		mm->scale = MXA_SCALE_NONE;
	/* Half the scaled jobs ask for a block size of the device's list. */
	if (mm->scale != MXA_SCALE_NONE && t_rng_below(rng, 2))
		mm->block_size = 1u << pick_bit(caps->block_sizes, rng);
	bs = sh_block_size(mm->scale, mm->block_size);
	if (mm->acc == MXA_ACC_TRUNC) {
		mm->acc_bits = caps->trunc_w_min +
			t_rng_below(rng, caps->trunc_w_max - caps->trunc_w_min + 1);
		mm->acc_interval = t_rng_below(rng, 4)
			? bs * (1 + t_rng_below(rng, 8))
			: bs * (1 + t_rng_below(rng, MXA_HW_TRUNC_N_MAX / bs));
	}
	if (mm->scale == MXA_SCALE_NV && t_rng_below(rng, 3)) {
		mm->a_tensor_scale = t_rng_below(rng, 4) ? 0.0f :
			(float)(1 + t_rng_below(rng, 1000)) / 256.0f;
		mm->b_tensor_scale = t_rng_below(rng, 4) == 0 ? 0.0f :
			(float)(1 + t_rng_below(rng, 1000)) / 64.0f;
	}
	mm->out_format = t_rng_below(rng, 2) ? MXA_FMT_BF16 : MXA_FMT_FP32;
	p->has_c = t_rng_below(rng, 2);
	p->pad = t_rng_below(rng, 2);
	p->gen.special_rate = t_rng_below(rng, 4) == 0 ? 64 : 0;
	p->gen.wide_scales = t_rng_below(rng, 8) == 0;
}

static uint32_t pick_k(const struct top_caps *caps, struct t_rng *rng)
{
	static const uint32_t edges[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					  15, 16, 17, 31, 32, 33, 63, 64, 65 };

	switch (t_rng_below(rng, 6)) {
	case 0:
		return edges[t_rng_below(rng, MXA_ARRAY_SIZE(edges))];
	case 1:
		return caps->max_k - t_rng_below(rng, 40);
	default:
		return 1 + t_rng_below(rng, caps->max_k < 300 ? caps->max_k : 300);
	}
}

/* The jobs: edge shapes, then random ones. */
static unsigned make_plans(struct plan *plans, unsigned random_jobs,
			   const struct top_caps *caps, struct t_rng *rng)
{
	const unsigned r = caps->rows, c = caps->cols;
	const uint32_t shapes[][3] = {
		{ 1, 1, 1 }, { r, c, 1 }, { r + 1, c + 1, 2 },
		{ 1, c, 32 }, { r, 1, 33 }, { 2 * r + 1, 2 * c - 1, 31 },
		{ r, c, 16 }, { r + 1, 2 * c + 1, 17 }, { 3, 5, 100 },
		{ r, c, caps->max_k }, { r + 1, 1, caps->max_k - 1 },
		{ 1, c + 1, caps->max_k / 2 + 3 },
	};
	unsigned n = 0;
	uint32_t fmts = caps->formats;

	for (unsigned s = 0; s < MXA_ARRAY_SIZE(shapes); s++, n++) {
		struct plan *p = &plans[n];

		memset(p, 0, sizeof(*p));
		plan_modes(p, caps, rng);
		p->mm.m = shapes[s][0];
		p->mm.n = shapes[s][1];
		p->mm.k = shapes[s][2];
		p->mm.a_format = pick_bit(fmts, rng);
		p->mm.b_format = pick_bit(fmts, rng);
	}
	for (unsigned i = 0; i < random_jobs; i++, n++) {
		struct plan *p = &plans[n];
		unsigned pairs = (unsigned)__builtin_popcount(fmts);

		memset(p, 0, sizeof(*p));
		plan_modes(p, caps, rng);
		p->mm.m = t_pick_dim(r, rng);
		p->mm.n = t_pick_dim(c, rng);
		p->mm.k = pick_k(caps, rng);
		/* every pair in turn, then random ones */
		if (i < pairs * pairs) {
			unsigned ka = i / pairs, kb = i % pairs;

			p->mm.a_format = pick_bit(fmts, rng);
			for (unsigned b = 0, q = 0; b < 32; b++) {
				if (!(fmts >> b & 1))
					continue;
				if (q == ka)
					p->mm.a_format = b;
				if (q == kb)
					p->mm.b_format = b;
				q++;
			}
		} else {
			p->mm.a_format = pick_bit(fmts, rng);
			p->mm.b_format = pick_bit(fmts, rng);
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	unsigned random_jobs = argc > 2 ? (unsigned)atoi(argv[2]) : RANDOM_JOBS;
	struct top_job jobs[IN_FLIGHT];
	struct top_caps caps;
	struct t_rng rng;
	struct plan *plans;
	struct sh sh;
	unsigned count, next = 0, done = 0;
	uint64_t root;

	t_rng_seed(&rng, seed);
	sh_open(&sh, NULL);
	top_caps_read(&sh, &caps);
	printf("device: %ux%u units of %u lane bits, %u-bit bus, K <= %u; "
	       "seed %llu\n", caps.rows, caps.cols, caps.lane_bits,
	       caps.data_bits, caps.max_k, (unsigned long long)seed);
	plans = calloc(random_jobs + 32, sizeof(*plans));
	if (!plans)
		return T_FAIL;
	count = make_plans(plans, random_jobs, &caps, &rng);
	sh_ring_start(&sh, 3);
	root = sh_as_new(&sh);

	while (done < count) {
		struct mxa_hw_cmpl rec;
		struct top_job *j;

		/* Keep IN_FLIGHT jobs queued, then check the oldest. */
		while (next < count && next - done < IN_FLIGHT) {
			struct plan *p = &plans[next];

			j = &jobs[next % IN_FLIGHT];
			if (top_job_make(&sh, j, &p->mm, p->has_c, root,
					 (1 + next % (2 * IN_FLIGHT)) * REGION,
					 p->pad, &p->gen, &rng)) {
				fprintf(stderr, "emulator: %s: %s\n",
					top_job_name(j), mxa_last_error());
				return T_FAIL;
			}
			top_job_put(&sh, j);
			next++;
			sh_doorbell(&sh);
		}
		j = &jobs[done % IN_FLIGHT];
		top_job_wait(&sh, j, &rec);
		T_CHECK(top_job_check(&sh, j, &rec, "job") == 0, "job %u: %s",
			done, top_job_name(j));
		top_job_free(j);
		done++;
	}
	printf("%u jobs\n", count);
	free(plans);
	sh_close(&sh);
	return t_exit();
}
