// SPDX-License-Identifier: MIT
/*
 * test_top_jobs.c - matmul jobs on the whole simulated accelerator (shell
 * and compute engine), D compared bit for bit with the emulator's, several
 * jobs in flight: edge shapes first (M, N below, at and above the array's
 * rows and columns, K of 1, around the block sizes), the largest K in every
 * format the device lists with its rows running through every finite code
 * (TERNARY_B3's base-3 rows among them); then every format as A and as B
 * in every scale and accumulation mode the device has, NaN and infinity
 * codes among them; every format with itself; then random jobs over a seeded sample of the format
 * pairs (with 13 formats every pair at every size would be 169 jobs and
 * more for each mode), every block size the device lists (CAP_BLOCK.SIZES)
 * or the scale mode's standard one, C or not, FP32 or BF16, per-tensor
 * scales, padded strides and odd addresses, rare NaN and infinity codes.
 *
 *   test_top_jobs [seed [random jobs]]
 */
#include <stdlib.h>

#include "rtl/top_harness.h"

#define IN_FLIGHT	4
#define RANDOM_JOBS	60
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

/* The n-th bit set in mask (n below its population). */
static unsigned nth_bit(uint32_t mask, unsigned n)
{
	for (unsigned b = 0;; b++)
		if (mask >> b & 1 && n-- == 0)
			return b;
}

/*
 * The combinations of a scale and an accumulation mode the device has
 * (EXACT takes no scale): scale + 4 x acc each, in *modes. Returns their
 * number.
 */
static unsigned mode_combos(const struct top_caps *caps, unsigned *modes)
{
	unsigned n = 0;

	for (unsigned acc = 0; acc < 32; acc++) {
		if (!(caps->acc_modes >> acc & 1))
			continue;
		for (unsigned scale = 0; scale < 4; scale++)
			if (caps->scale_modes >> scale & 1 &&
			    (acc != MXA_ACC_EXACT || scale == MXA_SCALE_NONE))
				modes[n++] = scale + 4 * acc;
	}
	return n;
}

/* Random modes, or those of combo (scale + 4 x acc) when it is not -1. */
static void plan_modes(struct plan *p, const struct top_caps *caps, int combo,
		       struct t_rng *rng)
{
	struct mxa_matmul *mm = &p->mm;
	unsigned bs;

	mm->scale = pick_bit(caps->scale_modes, rng);
	mm->acc = pick_bit(caps->acc_modes, rng);
	if (combo >= 0) {
		mm->scale = (enum mxa_scale_mode)(combo % 4);
		mm->acc = (enum mxa_acc)(combo / 4);
	}
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

/* A job of shape m x n x k in formats a and b, modes as plan_modes. */
static struct plan *plan_job(struct plan *p, const struct top_caps *caps,
			     int combo, uint32_t m, uint32_t n, uint32_t k,
			     unsigned a, unsigned b, struct t_rng *rng)
{
	memset(p, 0, sizeof(*p));
	plan_modes(p, caps, combo, rng);
	p->mm.m = m;
	p->mm.n = n;
	p->mm.k = k;
	p->mm.a_format = a;
	p->mm.b_format = b;
	return p;
}

/*
 * The jobs: edge shapes; the largest K in every format; every format as A
 * and as B in every mode combination; then random ones. Returns their
 * number (at most random_jobs + MAX_FIXED_JOBS).
 */
#define MAX_COMBOS	(4 * 32)
#define MAX_FIXED_JOBS	(11 + 32 + MAX_COMBOS * 32 + 32)
static unsigned make_plans(struct plan *plans, unsigned random_jobs,
			   const struct top_caps *caps, struct t_rng *rng)
{
	const unsigned r = caps->rows, c = caps->cols;
	const uint32_t shapes[][3] = {
		{ 1, 1, 1 }, { r, c, 1 }, { r + 1, c + 1, 2 },
		{ 1, c, 32 }, { r, 1, 33 }, { 2 * r + 1, 2 * c - 1, 31 },
		{ r, c, 16 }, { r + 1, 2 * c + 1, 17 }, { 3, 5, 100 },
		{ r + 1, 1, caps->max_k - 1 }, { 1, c + 1, caps->max_k / 2 + 3 },
	};
	const uint32_t fmts = caps->formats;
	const unsigned nf = (unsigned)__builtin_popcount(fmts);
	unsigned modes[MAX_COMBOS], nm = mode_combos(caps, modes);
	unsigned n = 0;

	/* Edge shapes, their formats in turn. */
	for (unsigned s = 0; s < MXA_ARRAY_SIZE(shapes); s++, n++)
		plan_job(&plans[n], caps, -1, shapes[s][0], shapes[s][1],
			 shapes[s][2], nth_bit(fmts, s % nf),
			 nth_bit(fmts, (s + nf / 2) % nf), rng);

	/* K = CAP_MAX_K in each format as A (and the next as B), rows of
	 * every finite code of both. */
	for (unsigned f = 0; f < nf; f++, n++) {
		struct plan *p = plan_job(&plans[n], caps, -1, r, c,
					  caps->max_k, nth_bit(fmts, f),
					  nth_bit(fmts, (f + 1) % nf), rng);

		p->gen.every_code = true;
		p->gen.special_rate = 0;
	}

	/*
	 * Each mode combination with format f as A and the format f + 1 + i
	 * places on as B (i: the combination's index), so every format is
	 * A and B once in each; a third of them with NaN and infinity codes,
	 * each format's share among them.
	 */
	for (unsigned i = 0; i < nm; i++) {
		for (unsigned f = 0; f < nf; f++, n++) {
			struct plan *p = plan_job(&plans[n], caps, (int)modes[i],
						  t_pick_dim(r, rng),
						  t_pick_dim(c, rng),
						  pick_k(caps, rng),
						  nth_bit(fmts, f),
						  nth_bit(fmts, (f + 1 + i) % nf),
						  rng);

			p->gen.special_rate = (f + i) % 3 == 0 ? 64 : 0;
		}
	}

	/*
	 * Each format with itself, at its own peak rate: FP6 beats of more
	 * than LaneBits bits, ternary in every lane.
	 */
	for (unsigned f = 0; f < nf; f++, n++)
		plan_job(&plans[n], caps, -1, t_pick_dim(r, rng),
			 t_pick_dim(c, rng), pick_k(caps, rng),
			 nth_bit(fmts, f), nth_bit(fmts, f), rng);

	/* A random sample of the pairs. */
	for (unsigned i = 0; i < random_jobs; i++, n++)
		plan_job(&plans[n], caps, -1, t_pick_dim(r, rng),
			 t_pick_dim(c, rng), pick_k(caps, rng),
			 pick_bit(fmts, rng), pick_bit(fmts, rng), rng);
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
	plans = calloc(random_jobs + MAX_FIXED_JOBS, sizeof(*plans));
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
