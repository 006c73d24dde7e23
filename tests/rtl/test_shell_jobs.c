// SPDX-License-Identifier: MIT
/*
 * test_shell_jobs.c - random MATMUL jobs through the shell and the test
 * engine, several in flight: every operand at any byte address with any
 * stride, rows across pages and bursts, every supported format, scales, C,
 * both outputs, back-pressure from the engine; two address spaces with the
 * same virtual addresses on alternate jobs (the TLB is emptied per job).
 * Each record and each D is checked bit for bit against the C model, and
 * the PERF_* counters against the sums of the records.
 */
#include <stdlib.h>

#include "rtl/shell_harness.h"

#define JOBS		48
#define IN_FLIGHT	5
#define REGION		0x400000ull	/* virtual space of one pair of jobs */

static const unsigned formats[] = {
	MXA_HW_FMT_E5M2, MXA_HW_FMT_E4M3, MXA_HW_FMT_E3M2, MXA_HW_FMT_E2M3,
	MXA_HW_FMT_E2M1, MXA_HW_FMT_TERNARY,
};

struct job {
	struct mxa_hw_desc d;
	struct sh_expect e;
	uint8_t *old_d;
	uint32_t index;
};

/* Maps and fills rows bytes_per_row long, stride apart, at va. */
static void place(struct sh *sh, uint64_t root, uint64_t va, uint32_t rows,
		  uint64_t row_len, uint32_t stride, bool writable,
		  struct t_rng *rng)
{
	uint64_t span = (uint64_t)(rows - 1) * stride + row_len;

	sh_map(sh, root, va, span, writable);
	sh_vfill(sh, root, va, span, rng);
}

/* Ternary A must not hold the invalid code 10: make each such pair 11. */
static void fix_ternary(struct sh *sh, const struct mxa_hw_desc *d)
{
	uint64_t len = sh_row_bytes(d->k, MXA_HW_FMT_TERNARY);
	uint8_t *row = malloc(len);

	if (!row)
		exit(T_FAIL);
	for (uint32_t i = 0; i < d->m; i++) {
		uint64_t va = d->a_addr + (uint64_t)i * d->a_stride;

		sh_vread(sh, d->pt_root, va, row, len);
		for (uint64_t j = 0; j < len; j++)
			for (int q = 0; q < 8; q += 2)
				if ((row[j] >> q & 3) == 2)
					row[j] |= (uint8_t)(1 << q);
		sh_vwrite(sh, d->pt_root, va, row, len);
	}
	free(row);
}

static void make_job(struct sh *sh, struct job *j, uint64_t root,
		     uint64_t base, struct t_rng *rng)
{
	struct mxa_hw_desc *d = &j->d;
	/* Small, long (rows of many pages), or wide (D rows of pages). */
	uint32_t shape = t_rng_below(rng, 4);
	uint32_t m = 1 + t_rng_below(rng, shape ? 9 : 4);
	uint32_t n = 1 + t_rng_below(rng, shape == 0 ? 3000 : 9);
	uint32_t k = 1 + t_rng_below(rng, shape == 0 ? 40 :
				     shape == 1 ? 20000 : 300);
	unsigned af = formats[t_rng_below(rng, 6)];
	unsigned bf = formats[t_rng_below(rng, 6)];
	uint32_t esize, nb;

	sh_desc_matmul(d, root, m, n, k, af, bf);
	d->seq = sh_next_seq(sh) | (t_rng_below(rng, 3) == 0 ? 1ull << 63 : 0);
	d->scale_mode = t_rng_below(rng, 3);
	if (t_rng_below(rng, 4) == 0) {
		d->acc_mode = MXA_HW_ACC_TRUNC;
		d->trunc_w = 8 + t_rng_below(rng, 33);
		d->trunc_n = (d->scale_mode == MXA_HW_SCALE_NV ? 16 : 32) *
			     (1 + t_rng_below(rng, 8));
	} else if (d->scale_mode == MXA_HW_SCALE_NONE &&
		   t_rng_below(rng, 3) == 0) {
		d->acc_mode = MXA_HW_ACC_EXACT;
	}
	if (d->scale_mode == MXA_HW_SCALE_NV) {
		d->a_tscale = 0x3f800000;
		d->b_tscale = t_rng_below(rng, 2) ? 0 : 0x40400000;
	}
	d->out_fmt = t_rng_below(rng, 2) ? MXA_HW_FMT_BF16 : MXA_HW_FMT_FP32;
	esize = d->out_fmt == MXA_HW_FMT_BF16 ? 2 : 4;

	/* Operands at any byte, strides with slack, rows across pages. */
	d->a_addr = base + t_rng_below(rng, 4096);
	d->a_stride += t_rng_below(rng, 100);
	place(sh, root, d->a_addr, m, sh_row_bytes(k, af), d->a_stride, false,
	      rng);
	d->b_addr = base + 0x100000 + t_rng_below(rng, 4096);
	d->b_stride += t_rng_below(rng, 100);
	place(sh, root, d->b_addr, n, sh_row_bytes(k, bf), d->b_stride, false,
	      rng);
	if (d->scale_mode != MXA_HW_SCALE_NONE) {
		nb = sh_scale_bytes(k, d->scale_mode, d->block);
		d->sa_addr = base + 0x200000 + t_rng_below(rng, 4096);
		d->sa_stride = nb + t_rng_below(rng, 20);
		place(sh, root, d->sa_addr, m, nb, d->sa_stride, false, rng);
		d->sb_addr = base + 0x280000 + t_rng_below(rng, 4096);
		d->sb_stride = nb + t_rng_below(rng, 20);
		place(sh, root, d->sb_addr, n, nb, d->sb_stride, false, rng);
	}
	if (t_rng_below(rng, 2)) {
		d->flags = MXA_DESC_FLAGS_HAS_C_MASK;
		d->c_addr = base + 0x300000 + 4 * t_rng_below(rng, 1024);
		d->c_stride = 4 * (n + t_rng_below(rng, 8));
		place(sh, root, d->c_addr, m, 4ull * n, d->c_stride, false, rng);
	}
	d->d_addr = base + 0x380000 + esize * t_rng_below(rng, 4096 / esize);
	d->d_stride = esize * (n + t_rng_below(rng, 600));
	place(sh, root, d->d_addr, m, (uint64_t)esize * n, d->d_stride, true,
	      rng);
	if (af == MXA_HW_FMT_TERNARY)
		fix_ternary(sh, d);

	T_CHECK(sh_desc_check(sh, d) < 0, "test bug: invalid descriptor at %d",
		sh_desc_check(sh, d));
	sh_expect_job(sh, d, &j->e);
	j->old_d = sh_save_d(sh, d);
}

static void check_job(struct sh *sh, struct job *j, struct mxa_hw_cmpl *rec)
{
	const struct mxa_hw_desc *d = &j->d;

	T_CHECK(rec->status == MXA_HW_STATUS_OK, "job %u: status %u detail "
		"0x%x addr 0x%llx", j->index, rec->status, rec->detail,
		(unsigned long long)rec->fault_addr);
	T_CHECK(rec->detail == 0 && rec->rsvd0 == 0 && rec->fault_addr == 0,
		"job %u: detail, reserved, address", j->index);
	T_CHECK(rec->bytes_read == j->e.bytes_read, "job %u: read %llu, "
		"model %llu", j->index, (unsigned long long)rec->bytes_read,
		(unsigned long long)j->e.bytes_read);
	T_CHECK(rec->bytes_written == j->e.bytes_written, "job %u: wrote "
		"%llu, model %llu", j->index,
		(unsigned long long)rec->bytes_written,
		(unsigned long long)j->e.bytes_written);
	T_CHECK(rec->macs == j->e.macs, "job %u: MACS %llu", j->index,
		(unsigned long long)rec->macs);
	T_CHECK(rec->cycles > 0, "job %u: cycles", j->index);
	T_CHECK(sh_check_d(sh, d, j->e.digest, j->old_d) == 0,
		"job %u (M %u N %u K %u, A fmt %u at 0x%llx, stride %u): D "
		"differs", j->index, d->m, d->n, d->k, d->a_fmt,
		(unsigned long long)d->a_addr, d->a_stride);
}

int main(void)
{
	struct sh sh;
	struct t_rng rng;
	struct job *jobs = calloc(JOBS, sizeof(*jobs));
	uint64_t roots[2];
	uint64_t sum_read = 0, sum_written = 0, sum_macs = 0;
	uint64_t sum_dstall = 0, sum_cstall = 0, sum_cycles = 0;
	uint32_t next = 0, done = 0;

	if (!jobs)
		return T_FAIL;
	sh_open(&sh, NULL);
	t_rng_seed(&rng, 3);
	sh_ring_start(&sh, 3);
	roots[0] = sh_as_new(&sh);
	roots[1] = sh_as_new(&sh);
	for (uint32_t i = 0; i < JOBS; i++) {
		jobs[i].index = i;
		make_job(&sh, &jobs[i], roots[i & 1],
			 0x40000000ull + (i / 2) * REGION, &rng);
	}

	while (done < JOBS) {
		struct mxa_hw_cmpl rec;

		while (next < JOBS && next - done < IN_FLIGHT)
			sh_put(&sh, &jobs[next++].d);
		sh_doorbell(&sh);
		if (sh_wait(&sh, jobs[done].index, jobs[done].d.seq, 5000000,
			    &rec)) {
			T_CHECK(0, "job %u: no record", done);
			break;
		}
		check_job(&sh, &jobs[done], &rec);
		sum_read += rec.bytes_read;
		sum_written += rec.bytes_written;
		sum_macs += rec.macs;
		sum_dstall += rec.dma_stall;
		sum_cstall += rec.compute_stall;
		sum_cycles += rec.cycles;
		done++;
	}

	/* RING_HEAD and the counters follow a record's SEQ write once its
	 * response is back. */
	sh_run(&sh, 1000);
	T_CHECK(sh_rd(&sh, MXA_REG_RING_HEAD) == done, "RING_HEAD");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_JOBS_LO) == done, "PERF_JOBS");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_MACS_LO) == sum_macs, "PERF_MACS");
	/* Besides the jobs' bytes: each descriptor, each record. */
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_BYTES_READ_LO) ==
		sum_read + (uint64_t)MXA_DESC_SIZE * done, "PERF_BYTES_READ");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_BYTES_WRITTEN_LO) ==
		sum_written + (uint64_t)MXA_CMPL_SIZE * done,
		"PERF_BYTES_WRITTEN");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_DMA_STALL_LO) == sum_dstall,
		"PERF_DMA_STALL");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_COMPUTE_STALL_LO) == sum_cstall,
		"PERF_COMPUTE_STALL");
	T_CHECK(sum_cstall > 0 && sum_dstall > 0, "both stall kinds seen");
	T_CHECK(sh_rd64(&sh, MXA_REG_PERF_BUSY_LO) > sum_cycles,
		"PERF_BUSY covers the jobs");
	T_CHECK(sh_rd(&sh, MXA_REG_INT_STATUS) == MXA_REG_INT_STATUS_JOB_DONE_MASK,
		"INT_STATUS 0x%x", sh_rd(&sh, MXA_REG_INT_STATUS));
	T_CHECK(mxa_sim_irq(sh.sim), "interrupt line");
	printf("%u jobs, %llu bytes read, %llu written, %llu cycles\n", done,
	       (unsigned long long)sum_read, (unsigned long long)sum_written,
	       (unsigned long long)mxa_sim_cycles(sh.sim));
	for (uint32_t i = 0; i < JOBS; i++)
		free(jobs[i].old_d);
	free(jobs);
	sh_close(&sh);
	return t_exit();
}
