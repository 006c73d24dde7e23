// SPDX-License-Identifier: MIT
/*
 * test_sim_jobs.c - matmul jobs through the public API on the sim device,
 * bit for bit against the emulator on the same bytes, several in flight:
 * edge shapes (M and N below, at and above the array, K around the block
 * sizes and at the device's largest K), then every format the device lists
 * as A and as B, then random ones over the pairs; every scale and
 * accumulation mode the device
 * lists (TRUNC with its defaults and over its W and N ranges), C or not,
 * FP32 or BF16, per-tensor scales, packed and padded strides, odd offsets,
 * operands sharing one buffer with D, rare NaN and infinity codes. Each
 * job's statistics must be those its record gives for a job of its size.
 *
 *   test_sim_jobs [seed [random jobs]]
 */
#include <stdlib.h>

#include "sim/sim_harness.h"

#define IN_FLIGHT	5
#define RANDOM_JOBS	40

static uint32_t pick_k(const struct mxa_device_info *info, struct t_rng *rng)
{
	static const uint32_t edges[] = { 1, 2, 3, 15, 16, 17, 31, 32, 33, 64 };

	switch (t_rng_below(rng, 8)) {
	case 0:
		return edges[t_rng_below(rng, ST_ARRAY_SIZE(edges))];
	case 1:
		return info->max_k - t_rng_below(rng, 40);
	default:
		return 1 + t_rng_below(rng, 200);
	}
}

/* The n-th format the device lists. */
static enum mxa_format nth_format(uint32_t formats, unsigned n)
{
	for (unsigned f = 0;; f++)
		if (formats >> f & 1 && n-- == 0)
			return (enum mxa_format)f;
}

static unsigned make_shapes(struct st_ctx *c, struct st_shape *shapes,
			    unsigned random_jobs)
{
	const struct mxa_device_info *info = &c->info;
	const uint32_t r = info->array_rows, q = info->array_cols;
	const uint32_t edges[][3] = {
		{ 1, 1, 1 }, { r, q, 1 }, { r + 1, q + 1, 2 },
		{ 1, q, 32 }, { r, 1, 33 }, { 2 * r + 1, 2 * q + 1, 31 },
		{ r, q, 16 }, { r + 1, 2 * q + 1, 17 }, { 3, 5, 100 },
		{ r, q, info->max_k }, { r + 1, 1, info->max_k - 1 },
	};
	unsigned nf = (unsigned)__builtin_popcount(info->formats);
	unsigned n = 0;

	for (unsigned e = 0; e < ST_ARRAY_SIZE(edges); e++, n++) {
		memset(&shapes[n], 0, sizeof(shapes[n]));
		st_random_modes(c, &shapes[n]);
		shapes[n].mm.m = edges[e][0];
		shapes[n].mm.n = edges[e][1];
		shapes[n].mm.k = edges[e][2];
	}
	for (unsigned i = 0; i < 2 * nf + random_jobs; i++, n++) {
		struct st_shape *s = &shapes[n];

		memset(s, 0, sizeof(*s));
		st_random_modes(c, s);
		s->mm.m = t_pick_dim(r, &c->rng);
		s->mm.n = t_pick_dim(q, &c->rng);
		s->mm.k = pick_k(info, &c->rng);
		/* each format as A, then as B; the other one random */
		if (i < nf)
			s->mm.a_format = nth_format(info->formats, i);
		else if (i < 2 * nf)
			s->mm.b_format = nth_format(info->formats, i - nf);
	}
	return n;
}

static unsigned check_stats(const struct st_job *j)
{
	const struct mxa_matmul *mm = &j->sim_mm;
	uint64_t esize = mm->out_format == MXA_FMT_BF16 ? 2 : 4;
	struct mxa_job_stats st;

	if (mxa_fence_stats(j->fence, &st)) {
		fprintf(stderr, "%s: stats: %s\n", st_job_name(j),
			mxa_last_error());
		return 1;
	}
	if (j->emu_status)
		return 0;
	if (st.macs != (uint64_t)mm->m * mm->n * mm->k ||
	    st.bytes_written != esize * mm->m * mm->n || !st.cycles ||
	    !st.bytes_read || st.dma_stall_cycles > st.cycles ||
	    st.compute_stall_cycles > st.cycles) {
		fprintf(stderr, "%s: stats: %llu cycles, %llu bytes read, "
			"%llu written, %llu MACs, stalls %llu + %llu\n",
			st_job_name(j), (unsigned long long)st.cycles,
			(unsigned long long)st.bytes_read,
			(unsigned long long)st.bytes_written,
			(unsigned long long)st.macs,
			(unsigned long long)st.dma_stall_cycles,
			(unsigned long long)st.compute_stall_cycles);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	unsigned random_jobs = argc > 2 ? (unsigned)atoi(argv[2]) : RANDOM_JOBS;
	struct st_job jobs[IN_FLIGHT];
	struct st_shape *shapes;
	unsigned count, next = 0, done = 0;
	struct st_ctx c;

	st_open(&c, NULL, seed);
	printf("%s: %s, seed %llu\n", st_spec(NULL), c.info.name,
	       (unsigned long long)seed);
	shapes = calloc(random_jobs + 64, sizeof(*shapes));
	if (!shapes)
		return T_FAIL;
	count = make_shapes(&c, shapes, random_jobs);

	while (done < count) {
		struct st_job *j;
		int status;

		/* Keep IN_FLIGHT jobs queued, then check the oldest. */
		while (next < count && next - done < IN_FLIGHT) {
			j = &jobs[next % IN_FLIGHT];
			st_job_make(&c, j, &shapes[next]);
			st_job_submit(&c, j);
			next++;
		}
		j = &jobs[done % IN_FLIGHT];
		status = mxa_fence_wait(j->fence, -1);
		T_CHECK(st_job_check(j, status, "job") == 0, "job %u: %s",
			done, st_job_name(j));
		T_CHECK(check_stats(j) == 0, "job %u", done);
		st_job_free(j);
		done++;
	}
	printf("%u jobs\n", count);
	free(shapes);
	st_close(&c);
	return t_exit();
}
