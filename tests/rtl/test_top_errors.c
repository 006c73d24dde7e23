// SPDX-License-Identifier: MIT
/*
 * test_top_errors.c - how the whole simulated accelerator ends jobs early
 * and goes on: an invalid code (TERNARY 10 in A or in B at a random element,
 * a TERNARY_B3 byte above 242 in A or in B at a random byte of a row, the
 * last one included, whose digits past K do not make it valid, a UE4M3 scale of 0x80 or more in SA or in SB) ends the job with
 * INVALID_CODE, the stream and the address of the byte holding it, while
 * the same pattern where it is not a code (pairs past K in a row's last
 * byte) does not; CTRL.ABORT at many moments of a running job,
 * a soft reset in the middle of one, and K above CAP_MAX_K. After each, a
 * good job must give D bit for bit as the emulator. The formats beside the
 * invalid codes and of the good jobs take every format the device lists in
 * turn (the ternary cases need TERNARY built).
 */
#include <stdlib.h>

#include "rtl/top_harness.h"

#define REGION	(64ull << 20)

static struct sh sh;
static struct top_caps caps;
static struct t_rng rng;
static uint64_t root;
static unsigned region, aborted, turn;

/* The n-th format the device lists, counting round. */
static enum mxa_format nth_format(unsigned n)
{
	n %= (unsigned)__builtin_popcount(caps.formats);
	for (unsigned f = 0;; f++)
		if (caps.formats >> f & 1 && n-- == 0)
			return (enum mxa_format)f;
}

/* The device's formats in turn, one a call. */
static enum mxa_format next_format(void)
{
	return nth_format(turn++);
}

/* A pair of them: A in turn, B a varying distance ahead. */
static void next_pair(enum mxa_format *a, enum mxa_format *b)
{
	unsigned t = turn++;

	*a = nth_format(t);
	*b = nth_format(t + 1 + t / (unsigned)__builtin_popcount(caps.formats));
}

static bool has(enum mxa_format f)
{
	return caps.formats >> f & 1;
}

static uint64_t next_region(void)
{
	return (1 + region++ % 8) * REGION;
}

static void base_mm(struct mxa_matmul *mm, uint32_t m, uint32_t n, uint32_t k,
		    enum mxa_format a, enum mxa_format b)
{
	memset(mm, 0, sizeof(*mm));
	mm->m = m;
	mm->n = n;
	mm->k = k;
	mm->a_format = a;
	mm->b_format = b;
	mm->out_format = MXA_FMT_FP32;
}

static void make(struct top_job *j, const struct mxa_matmul *mm)
{
	struct top_gen gen = { 0, false, false };

	if (top_job_make(&sh, j, mm, t_rng_below(&rng, 2), root,
			 next_region(), true, &gen, &rng)) {
		fprintf(stderr, "emulator: %s: %s\n", top_job_name(j),
			mxa_last_error());
		exit(T_FAIL);
	}
}

/* A random job that must come out right, after whatever happened before. */
static void good_job(const char *after)
{
	struct mxa_hw_cmpl rec;
	struct mxa_matmul mm;
	struct top_job j;
	enum mxa_format a, b;

	next_pair(&a, &b);
	base_mm(&mm, 1 + t_rng_below(&rng, 3 * caps.rows),
		1 + t_rng_below(&rng, 3 * caps.cols),
		1 + t_rng_below(&rng, caps.max_k), a, b);
	mm.scale = MXA_SCALE_MX;
	make(&j, &mm);
	top_job_put(&sh, &j);
	sh_doorbell(&sh);
	top_job_wait(&sh, &j, &rec);
	T_CHECK(top_job_check(&sh, &j, &rec, after) == 0,
		"the job after %s", after);
	top_job_free(&j);
}

static void run_expect(struct top_job *j, uint16_t status, uint16_t detail,
		       uint64_t addr, const char *what)
{
	struct mxa_hw_cmpl rec;

	top_job_put(&sh, j);
	sh_doorbell(&sh);
	top_job_wait(&sh, j, &rec);
	if (status == MXA_HW_STATUS_OK) {
		T_CHECK(top_job_check(&sh, j, &rec, what) == 0, "%s", what);
	} else {
		T_CHECK(rec.status == status && rec.detail == detail &&
			rec.fault_addr == addr,
			"%s: %s: status %u detail %u addr 0x%llx, want %u %u "
			"0x%llx", what, top_job_name(j), rec.status, rec.detail,
			(unsigned long long)rec.fault_addr, status, detail,
			(unsigned long long)addr);
		T_CHECK(rec.macs <= (uint64_t)j->desc.m * j->desc.n * j->desc.k,
			"%s: MACS %llu", what, (unsigned long long)rec.macs);
	}
	good_job(what);
}

/* TERNARY 10 at element k of row i of A or B. */
static void invalid_ternary(unsigned stream)
{
	bool in_a = stream == MXA_HW_STREAM_A;
	struct mxa_matmul mm;
	struct top_job j;
	uint32_t i, k;
	uint8_t *row;

	base_mm(&mm, 1 + t_rng_below(&rng, 2 * caps.rows),
		1 + t_rng_below(&rng, 2 * caps.cols),
		1 + t_rng_below(&rng, caps.max_k),
		in_a ? MXA_FMT_TERNARY : next_format(),
		in_a ? next_format() : MXA_FMT_TERNARY);
	make(&j, &mm);
	i = t_rng_below(&rng, in_a ? mm.m : mm.n);
	k = t_rng_below(&rng, mm.k);
	row = (in_a ? j.a + (size_t)i * j.desc.a_stride
		    : j.b + (size_t)i * j.desc.b_stride);
	row[k / 4] = (uint8_t)((row[k / 4] & ~(3u << 2 * (k % 4))) |
			       2u << 2 * (k % 4));
	top_job_rewrite(&sh, &j, stream);
	run_expect(&j, MXA_HW_STATUS_INVALID_CODE, (uint16_t)stream,
		   top_elem_addr(&j, stream, i, k),
		   in_a ? "ternary 10 in A" : "ternary 10 in B");
	top_job_free(&j);
}

/* A base-3 byte above 242 at a random byte of row i of A or B (the row's
 * last byte half the time). */
static void invalid_b3(unsigned stream)
{
	bool in_a = stream == MXA_HW_STREAM_A;
	struct mxa_matmul mm;
	struct top_job j;
	uint32_t i, k, len;
	uint8_t *row;

	base_mm(&mm, 1 + t_rng_below(&rng, 2 * caps.rows),
		1 + t_rng_below(&rng, 2 * caps.cols),
		1 + t_rng_below(&rng, caps.max_k),
		in_a ? MXA_FMT_TERNARY_B3 : MXA_FMT_E4M3,
		in_a ? MXA_FMT_E2M1 : MXA_FMT_TERNARY_B3);
	if (t_rng_below(&rng, 2))
		mm.scale = MXA_SCALE_NV;
	make(&j, &mm);
	len = (uint32_t)mxa__row_bytes(MXA_FMT_TERNARY_B3, mm.k);
	i = t_rng_below(&rng, in_a ? mm.m : mm.n);
	k = t_rng_below(&rng, 2) ? 5 * (len - 1) : t_rng_below(&rng, mm.k);
	row = (in_a ? j.a + (size_t)i * j.desc.a_stride
		    : j.b + (size_t)i * j.desc.b_stride);
	row[k / 5] = (uint8_t)(243 + t_rng_below(&rng, 13));
	top_job_rewrite(&sh, &j, stream);
	run_expect(&j, MXA_HW_STATUS_INVALID_CODE, (uint16_t)stream,
		   top_elem_addr(&j, stream, i, k),
		   in_a ? "base-3 byte > 242 in A" : "base-3 byte > 242 in B");
	top_job_free(&j);
}

/* TERNARY 10 in the pairs past K of every row's last byte: not a code. */
static void ternary_padding(void)
{
	struct mxa_matmul mm;
	struct top_job j;
	uint32_t k = 4 * (1 + t_rng_below(&rng, caps.max_k / 4 - 1)) - 1 -
		     t_rng_below(&rng, 3);
	size_t len = mxa__row_bytes(MXA_FMT_TERNARY, k);

	base_mm(&mm, 1 + t_rng_below(&rng, 2 * caps.rows),
		1 + t_rng_below(&rng, 2 * caps.cols), k, MXA_FMT_TERNARY,
		MXA_FMT_TERNARY);
	make(&j, &mm);
	for (uint32_t i = 0; i < mm.m; i++)
		j.a[(size_t)i * j.desc.a_stride + len - 1] |= 0xaa &
			(uint8_t)(0xff << 2 * (k % 4));
	for (uint32_t i = 0; i < mm.n; i++)
		j.b[(size_t)i * j.desc.b_stride + len - 1] |= 0xaa &
			(uint8_t)(0xff << 2 * (k % 4));
	top_job_rewrite(&sh, &j, MXA_HW_STREAM_A);
	top_job_rewrite(&sh, &j, MXA_HW_STREAM_B);
	run_expect(&j, MXA_HW_STATUS_OK, 0, 0, "ternary 10 past K");
	top_job_free(&j);
}

/* A UE4M3 scale with bit 7 set at block t of row i of SA or SB. (E8M0
 * scales of 0x80 and above are ordinary: test_top_jobs has them.) */
static void scale_bit7(unsigned stream)
{
	bool in_a = stream == MXA_HW_STREAM_SA;
	struct mxa_matmul mm;
	struct top_job j;
	uint32_t i, t;
	uint64_t addr;
	enum mxa_format a, b;

	next_pair(&a, &b);
	base_mm(&mm, 1 + t_rng_below(&rng, 2 * caps.rows),
		1 + t_rng_below(&rng, 2 * caps.cols),
		1 + t_rng_below(&rng, caps.max_k), a, b);
	mm.scale = MXA_SCALE_NV;
	make(&j, &mm);
	i = t_rng_below(&rng, in_a ? mm.m : mm.n);
	t = t_rng_below(&rng, j.nb);
	if (in_a) {
		j.sa[(size_t)i * j.desc.sa_stride + t] |= 0x80;
		addr = j.desc.sa_addr + (uint64_t)i * j.desc.sa_stride + t;
	} else {
		j.sb[(size_t)i * j.desc.sb_stride + t] |= 0x80;
		addr = j.desc.sb_addr + (uint64_t)i * j.desc.sb_stride + t;
	}
	top_job_rewrite(&sh, &j, stream);
	run_expect(&j, MXA_HW_STATUS_INVALID_CODE, (uint16_t)stream, addr,
		   in_a ? "UE4M3 0x80+ in SA" : "UE4M3 0x80+ in SB");
	top_job_free(&j);
}

/* The job the aborts and resets cut short: several panels and tiles, in
 * the first and the last format the device lists. */
static void long_mm(struct mxa_matmul *mm)
{
	base_mm(mm, 3 * caps.rows + 1, 4 * caps.cols + 1, caps.max_k / 2 + 7,
		(enum mxa_format)__builtin_ctz(caps.formats),
		(enum mxa_format)(31 - __builtin_clz(caps.formats)));
	mm->scale = MXA_SCALE_NV;
}

/* Cycles from the doorbell to the record of the long job. */
static uint64_t long_job_cycles(void)
{
	struct mxa_hw_cmpl rec;
	struct mxa_matmul mm;
	struct top_job j;
	uint64_t c0;

	long_mm(&mm);
	make(&j, &mm);
	c0 = mxa_sim_cycles(sh.sim);
	top_job_put(&sh, &j);
	sh_doorbell(&sh);
	top_job_wait(&sh, &j, &rec);
	T_CHECK(top_job_check(&sh, &j, &rec, "long job") == 0, "long job");
	top_job_free(&j);
	return mxa_sim_cycles(sh.sim) - c0;
}

/* ABORT after a number of cycles: ABORTED (or OK if it finished first). */
static void abort_at(uint64_t cycles)
{
	struct mxa_hw_cmpl rec;
	struct mxa_matmul mm;
	struct top_job j;

	long_mm(&mm);
	make(&j, &mm);
	top_job_put(&sh, &j);
	sh_doorbell(&sh);
	sh_run(&sh, cycles);
	sh_wr(&sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK |
	      MXA_REG_CTRL_ABORT_MASK);
	top_job_wait(&sh, &j, &rec);
	if (rec.status == MXA_HW_STATUS_OK)
		T_CHECK(top_job_check(&sh, &j, &rec, "abort too late") == 0,
			"abort after %llu cycles", (unsigned long long)cycles);
	else
		T_CHECK(rec.status == MXA_HW_STATUS_ABORTED,
			"abort after %llu cycles: status %u",
			(unsigned long long)cycles, rec.status);
	aborted += rec.status == MXA_HW_STATUS_ABORTED;
	top_job_free(&j);
	good_job("an abort");
}

/* SOFT_RESET in the middle of a job, then a new ring. */
static void soft_reset_at(uint64_t cycles)
{
	struct mxa_matmul mm;
	struct top_job j;

	long_mm(&mm);
	make(&j, &mm);
	top_job_put(&sh, &j);
	sh_doorbell(&sh);
	sh_run(&sh, cycles);
	sh_ring_start(&sh, 2);
	top_job_free(&j);
	good_job("a soft reset");
}

static void k_too_large(void)
{
	struct mxa_matmul mm;
	struct mxa_hw_cmpl rec;
	struct top_job j;
	enum mxa_format f = next_format();

	base_mm(&mm, 2, 2, caps.max_k, f, f);
	make(&j, &mm);
	j.desc.k = caps.max_k + 1;
	top_job_put(&sh, &j);
	sh_doorbell(&sh);
	top_job_wait(&sh, &j, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC && rec.detail == MXA_DESC_K,
		"K = CAP_MAX_K + 1: status %u detail %u", rec.status,
		rec.detail);
	top_job_free(&j);
	good_job("K too large");
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	uint64_t span;

	t_rng_seed(&rng, seed);
	sh_open(&sh, NULL);
	top_caps_read(&sh, &caps);
	sh_ring_start(&sh, 2);
	root = sh_as_new(&sh);

	for (int i = 0; i < 6; i++) {
		if (has(MXA_FMT_TERNARY)) {
			invalid_ternary(MXA_HW_STREAM_A);
			invalid_ternary(MXA_HW_STREAM_B);
			ternary_padding();
		}
		if (has(MXA_FMT_TERNARY_B3)) {
			invalid_b3(MXA_HW_STREAM_A);
			invalid_b3(MXA_HW_STREAM_B);
		}
		scale_bit7(MXA_HW_STREAM_SA);
		scale_bit7(MXA_HW_STREAM_SB);
	}
	k_too_large();
	span = long_job_cycles();
	for (unsigned i = 0; i < 24; i++)
		abort_at(span * i / 24 + t_rng_below(&rng, 16));
	printf("%u of 24 jobs aborted while running (%llu cycles each)\n",
	       aborted, (unsigned long long)span);
	T_CHECK(aborted >= 12, "too few aborts hit a running job");
	for (unsigned i = 0; i < 6; i++)
		soft_reset_at(span * i / 6 + t_rng_below(&rng, 16));
	sh_close(&sh);
	return t_exit();
}
