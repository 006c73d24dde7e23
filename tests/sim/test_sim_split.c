// SPDX-License-Identifier: MIT
/*
 * test_sim_split.c - jobs larger than the device (lib/split.c), bit for
 * bit against the same job on the emulator in one piece:
 *
 * 1. K beyond the device's max_k (the configuration's own limits: 256 on
 *    min, 4096 on default; M and N are 2^24 there), over format pairs in
 *    which every format the device lists is A and is B (4-, 5-, 6- and
 *    8-bit floats, int8, int4, ternary, base-3 ternary), scale none, MX
 *    and NV with block sizes 8 to 64, per-tensor scales, fp32 (and trunc
 *    where the device has it), BF16 or FP32 out, with and without C,
 *    padded strides, operands sharing a buffer with D, rare NaN and
 *    infinity codes; several jobs in flight.
 * 2. M and N beyond them too: the same device opened again with its
 *    max_m, max_n (and max_k) lowered, so that one job is many tiles
 *    and chunks; exact accumulation with K within the limit.
 * 3. trunc on an emulator with the limits of this device: the chunks
 *    of K are multiples of the promotion interval.
 * 4. The refusals: exact with K beyond max_k, a trunc interval beyond
 *    max_k, a base-3 chunk (multiple of lcm(64, 5) = 320) beyond it:
 *    -EINVAL with a message naming the mode and the limit, from
 *    mxa_matmul_validate() as from submission.
 * 5. The fence of a split job: -EBUSY statistics while pending, polling
 *    with a time-out of 0, statistics the sum of the parts' (MACs M x N x
 *    K, cycles and bytes more than one job's), deleting it pending.
 *
 *   test_sim_split [seed]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/mxa_priv.h"
#include "common/split_rule.h"
#include "sim/sim_harness.h"

#define IN_FLIGHT 4

static uint32_t above(uint32_t limit, uint32_t span, struct t_rng *rng)
{
	return limit + 1 + t_rng_below(rng, span);
}

/* The n-th format the device lists. */
static enum mxa_format nth_format(uint32_t formats, unsigned n)
{
	for (unsigned f = 0;; f++)
		if (formats >> f & 1 && n-- == 0)
			return (enum mxa_format)f;
}

/*
 * Makes a K beyond @max_k splittable: a trunc interval down to the
 * block, then smaller blocks, at last fp32.
 */
static void make_splittable(struct st_shape *s, uint32_t max_k)
{
	struct mxa_matmul *mm = &s->mm;

	while (!t_k_splittable(mm, max_k)) {
		unsigned bs = mm->block_size ? mm->block_size :
			      mxa_block_size(mm->scale);

		if (mm->acc == MXA_ACC_TRUNC && mm->acc_interval != bs)
			mm->acc_interval = bs;
		else if (mm->scale != MXA_SCALE_NONE && bs > 8)
			mm->block_size = bs / 2;
		else
			mm->acc = MXA_ACC_FP32;
		if (mm->acc != MXA_ACC_TRUNC)
			mm->acc_bits = mm->acc_interval = 0;
	}
}

/*
 * Random modes for a job beyond the limits: fp32 or trunc (an interval
 * that fits max_k), any scale and block size.
 */
static void split_modes(struct st_ctx *c, struct st_shape *s, uint32_t max_k)
{
	st_random_modes(c, s);
	if (s->mm.acc == MXA_ACC_EXACT)
		s->mm.acc = MXA_ACC_FP32;
	if (s->mm.acc == MXA_ACC_TRUNC && s->mm.acc_interval > max_k)
		s->mm.acc_interval = 0;
	make_splittable(s, max_k);
}

/* Runs the jobs IN_FLIGHT at a time; checks each against the emulator. */
static unsigned run_jobs(struct st_ctx *c, const struct st_shape *shapes,
			 unsigned count, const char *what)
{
	struct st_job jobs[IN_FLIGHT];
	unsigned bad = 0;

	for (unsigned first = 0; first < count; first += IN_FLIGHT) {
		unsigned n = count - first < IN_FLIGHT ? count - first : IN_FLIGHT;

		for (unsigned i = 0; i < n; i++) {
			st_job_make(c, &jobs[i], &shapes[first + i]);
			st_job_submit(c, &jobs[i]);
		}
		/* Waited for newest first: parts of all of them queued. */
		for (unsigned i = n; i-- > 0;) {
			struct st_job *j = &jobs[i];
			int status = mxa_fence_wait(j->fence, -1);
			struct mxa_job_stats st;

			bad += st_job_check(j, status, what);
			T_CHECK(mxa_fence_stats(j->fence, &st) == 0, "%s",
				mxa_last_error());
			if (!status && c->info.backend == MXA_BACKEND_SIM)
				T_CHECK(st.macs == (uint64_t)j->sim_mm.m *
						   j->sim_mm.n * j->sim_mm.k &&
					st.cycles > 0,
					"%s: stats: %llu MACs, %llu cycles",
					st_job_name(j),
					(unsigned long long)st.macs,
					(unsigned long long)st.cycles);
			st_job_free(j);
		}
	}
	return bad;
}

/*
 * Part 1: K beyond the device's own max_k; M and N modest. @per_format:
 * each format the device lists as A, then as B, before @count random.
 */
static unsigned k_jobs(struct st_ctx *c, unsigned count, bool per_format)
{
	const struct mxa_device_info *info = &c->info;
	unsigned nf = per_format ? (unsigned)__builtin_popcount(info->formats) : 0;
	struct st_shape *shapes = calloc(count + 2 * nf, sizeof(*shapes));
	bool big = info->max_k > 1024;	/* keep K x M x N small */
	unsigned n = 0, bad;

	for (unsigned i = 0; i < count + 2 * nf; i++, n++) {
		struct st_shape *s = &shapes[n];

		split_modes(c, s, info->max_k);
		if (i < nf)
			s->mm.a_format = nth_format(info->formats, i);
		else if (i < 2 * nf)
			s->mm.b_format = nth_format(info->formats, i - nf);
		make_splittable(s, info->max_k);
		s->mm.m = 1 + t_rng_below(&c->rng, big ? 3 : 10);
		s->mm.n = 1 + t_rng_below(&c->rng, big ? 3 : 10);
		s->mm.k = above(info->max_k, big ? 600 : 2 * info->max_k,
				&c->rng);
	}
	bad = run_jobs(c, shapes, n, "K beyond the device");
	free(shapes);
	return bad;
}

/*
 * Part 2: M, N and K beyond lowered limits: tiles and chunks, up to
 * 1 + @span times the limits.
 */
static unsigned mnk_jobs(struct st_ctx *c, unsigned count, unsigned span)
{
	const struct mxa_device_info *info = &c->info;
	struct st_shape *shapes = calloc(count, sizeof(*shapes));
	unsigned bad;

	for (unsigned i = 0; i < count; i++) {
		struct st_shape *s = &shapes[i];

		split_modes(c, s, info->max_k);
		/* Now and then exact: K within the limit, M and N beyond. */
		if (i % 5 == 4) {
			s->mm.acc = MXA_ACC_EXACT;
			s->mm.scale = MXA_SCALE_NONE;
			s->mm.block_size = 0;
			s->mm.acc_bits = s->mm.acc_interval = 0;
			s->mm.a_tensor_scale = s->mm.b_tensor_scale = 0.0f;
			s->mm.k = 1 + t_rng_below(&c->rng, info->max_k);
		} else {
			s->mm.k = t_rng_below(&c->rng, 3) ?
				  above(info->max_k, span * info->max_k, &c->rng) :
				  1 + t_rng_below(&c->rng, info->max_k);
		}
		s->mm.m = above(info->max_m, span * info->max_m, &c->rng);
		s->mm.n = above(info->max_n, span * info->max_n, &c->rng);
	}
	bad = run_jobs(c, shapes, count, "M, N and K beyond the device");
	free(shapes);
	return bad;
}

/* A job for the refusals: buffers of the right size, codes irrelevant. */
static int try_job(struct st_ctx *c, struct st_shape *s, bool validate)
{
	struct st_job j;
	int ret;

	st_job_make(c, &j, s);
	if (validate) {
		ret = mxa_matmul_validate(c->sim, &j.sim_mm);
	} else {
		ret = mxa_matmul_submit(c->sim, &j.sim_mm, &j.fence);
		if (!ret)
			ret = mxa_fence_wait(j.fence, -1);
	}
	st_job_free(&j);
	return ret;
}

static void expect_refusal(struct st_ctx *c, struct st_shape *s,
			   const char *const words[], unsigned nwords)
{
	for (int validate = 1; validate >= 0; validate--) {
		int ret = try_job(c, s, validate);
		const char *msg = mxa_last_error();

		T_CHECK(ret == -EINVAL, "%s %ux%ux%u: %d, want -EINVAL",
			validate ? "validate" : "submit", s->mm.m, s->mm.n,
			s->mm.k, ret);
		for (unsigned w = 0; w < nwords; w++)
			T_CHECK(strstr(msg, words[w]), "message lacks '%s': %s",
				words[w], msg);
	}
}

/* Part 4: what cannot be split is refused, saying why. */
static void refusals(struct st_ctx *c)
{
	const struct mxa_device_info *info = &c->info;
	char limit[16], interval[16];
	struct st_shape s;

	snprintf(limit, sizeof(limit), "%u", info->max_k);
	memset(&s, 0, sizeof(s));
	s.mm.a_format = s.mm.b_format = st_plain_format(info);
	s.mm.out_format = MXA_FMT_FP32;
	s.mm.m = 2;
	s.mm.n = 3;
	s.mm.k = info->max_k + 1;
	s.mm.acc = MXA_ACC_EXACT;
	{
		const char *const words[] = { "exact", "cannot be split", limit };

		expect_refusal(c, &s, words, ST_ARRAY_SIZE(words));
	}
	/* exact within K, and the same job in fp32, are fine. */
	s.mm.k = info->max_k;
	T_CHECK(try_job(c, &s, false) == 0, "exact at max_k: %s",
		mxa_last_error());
	s.mm.k = info->max_k + 1;
	s.mm.acc = MXA_ACC_FP32;
	T_CHECK(try_job(c, &s, true) == 0, "fp32 beyond max_k: %s",
		mxa_last_error());

	if (info->acc_modes >> MXA_ACC_TRUNC & 1) {
		/* An interval of 32 x 2^i beyond max_k, within TRUNC_N_MAX. */
		s.mm.acc = MXA_ACC_TRUNC;
		s.mm.acc_interval = 32;
		while (s.mm.acc_interval <= info->max_k)
			s.mm.acc_interval *= 2;
		s.mm.k = s.mm.acc_interval + 3;
		snprintf(interval, sizeof(interval), "%u", s.mm.acc_interval);
		{
			const char *const words[] = { "trunc", "interval",
						      interval, limit };

			expect_refusal(c, &s, words, ST_ARRAY_SIZE(words));
		}
		s.mm.acc_interval = 0;
	}

	/* Base-3 rows split every 5 elements: with 64-element blocks, 320. */
	if (info->formats >> MXA_FMT_TERNARY_B3 & 1 &&
	    info->scale_modes >> MXA_SCALE_MX & 1 &&
	    info->block_sizes >> 6 & 1 && info->max_k < 320) {
		const char *const words[] = { "320", "ternary_b3", limit };

		s.mm.acc = MXA_ACC_FP32;
		s.mm.a_format = MXA_FMT_TERNARY_B3;
		s.mm.scale = MXA_SCALE_MX;
		s.mm.block_size = 64;
		s.mm.k = info->max_k + 70;
		expect_refusal(c, &s, words, ST_ARRAY_SIZE(words));
		/* With 32-element blocks it splits every 160. */
		s.mm.block_size = 32;
		T_CHECK(try_job(c, &s, false) == 0, "ternary_b3 bs 32: %s",
			mxa_last_error());
	}
}

/* Part 5: the fence of a split job. */
static void fences(struct st_ctx *c)
{
	const struct mxa_device_info *info = &c->info;
	struct mxa_job_stats st;
	struct st_shape s;
	struct st_job j;
	unsigned polls = 0;
	int ret;

	memset(&s, 0, sizeof(s));
	s.mm.a_format = s.mm.b_format = st_plain_format(info);
	s.mm.out_format = MXA_FMT_BF16;
	s.mm.m = 3;
	s.mm.n = 2;
	s.mm.k = 2 * info->max_k + 64;	/* three chunks */
	s.has_c = true;
	st_job_make(c, &j, &s);
	st_job_submit(c, &j);
	ret = mxa_fence_stats(j.fence, &st);
	T_CHECK(ret == -EBUSY, "stats of a pending split job: %d", ret);
	while ((ret = mxa_fence_wait(j.fence, 0)) == -ETIME)
		polls++;
	T_CHECK(st_job_check(&j, ret, "polled split job") == 0, "polled");
	T_CHECK(mxa_fence_stats(j.fence, &st) == 0, "%s", mxa_last_error());
	T_CHECK(st.macs == 3ull * 2 * s.mm.k && st.cycles && st.bytes_read &&
		st.bytes_written >= 3 * 2 * (2 + 4 + 4),
		"stats: %llu MACs, %llu cycles, %llu bytes read, %llu written",
		(unsigned long long)st.macs, (unsigned long long)st.cycles,
		(unsigned long long)st.bytes_read,
		(unsigned long long)st.bytes_written);
	printf("split job %ux%ux%u: %u polls, %llu cycles, %llu bytes written\n",
	       s.mm.m, s.mm.n, s.mm.k, polls, (unsigned long long)st.cycles,
	       (unsigned long long)st.bytes_written);
	st_job_free(&j);

	/* Deleted while pending: its parts and scratch go, the device goes on. */
	st_job_make(c, &j, &s);
	st_job_submit(c, &j);
	mxa_fence_del(j.fence);
	j.fence = NULL;
	st_job_submit(c, &j);
	T_CHECK(st_job_check(&j, mxa_fence_wait(j.fence, -1),
			     "after a deleted split job") == 0, "after delete");
	st_job_free(&j);
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 20261206;
	struct st_ctx c, emu_c;
	unsigned bad = 0;
	bool big;

	st_open(&c, NULL, seed);
	printf("%s: max M %u, N %u, K %u\n", c.info.name, c.info.max_m,
	       c.info.max_n, c.info.max_k);
	/* Formats and modes on the small configurations, a few on default. */
	if (c.info.max_k > 1024)
		bad += k_jobs(&c, 8, false);
	else
		bad += k_jobs(&c, 30, true);
	refusals(&c);
	fences(&c);
	st_close(&c);

	/*
	 * The same device with small M and N limits (and K, on default:
	 * each part of a job costs the slower model a few thousand cycles).
	 */
	st_open(&c, NULL, seed + 1);
	big = c.info.max_k > 1024;
	T_CHECK(mxa__device_set_limits(c.sim, big ? 8 : 3, 2,
				       big ? 1024 : c.info.max_k) == 0,
		"%s", mxa_last_error());
	T_CHECK(mxa_device_query(c.sim, &c.info) == 0, "query");
	T_CHECK(mxa__device_set_limits(c.sim, 9, 2, 256) == -EINVAL,
		"limits raised");
	bad += big ? mnk_jobs(&c, 4, 1) : mnk_jobs(&c, 20, 3);
	st_close(&c);

	/*
	 * An emulator with this device's limits (M and N lowered too) as the
	 * device under test, trunc included, against the emulator in one piece.
	 */
	st_open(&c, NULL, seed + 2);
	memset(&emu_c, 0, sizeof(emu_c));
	emu_c.emu = c.emu;
	emu_c.rng = c.rng;
	if (mxa_device_open("emu", &emu_c.sim) ||
	    mxa__device_set_limits(emu_c.sim, 5, 4, c.info.max_k < 256 ?
				   c.info.max_k : 256) ||
	    mxa_device_query(emu_c.sim, &emu_c.info)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		return T_FAIL;
	}
	bad += mnk_jobs(&emu_c, 60, 3);
	bad += k_jobs(&emu_c, 40, true);
	refusals(&emu_c);
	mxa_device_close(emu_c.sim);
	st_close(&c);

	T_CHECK(bad == 0, "%u mismatches", bad);
	return t_exit();
}
