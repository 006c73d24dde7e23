// SPDX-License-Identifier: MIT
/*
 * test_shell_perf.c - the DMA keeps the memory busy and the memory model
 * does what its configuration says: long rows and short rows (many reads
 * outstanding) are read at nearly one beat per cycle with the default
 * model, half the bandwidth takes twice the time, more latency than the
 * read queue covers costs bandwidth; the caller's memory through callbacks
 * gives the same results as the built-in memory, and a callback's failure
 * is a bus error.
 */
#include <stdlib.h>
#include <string.h>

#include "rtl/shell_harness.h"

#define CB_MEM_SIZE	(256ull << 20)

static uint8_t *cb_mem;
static uint64_t cb_fail_at = ~0ull;	/* accesses here fail */

static int cb_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr >= CB_MEM_SIZE || len > CB_MEM_SIZE - addr ||
	    (addr <= cb_fail_at && cb_fail_at < addr + len))
		return -1;
	memcpy(buf, cb_mem + addr, len);
	return 0;
}

static int cb_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	(void)ctx;
	if (addr >= CB_MEM_SIZE || len > CB_MEM_SIZE - addr)
		return -1;
	memcpy(cb_mem + addr, buf, len);
	return 0;
}

struct result {
	struct mxa_hw_cmpl rec;
	uint64_t cycles;	/* doorbell to record */
	double beats_per_cycle;
	uint32_t digest;
};

/* N rows of K E4M3 bytes in B (stride K + pad), one row of A, D one row
 * of N FP32 (a few long bursts): a job that is nearly all reads. */
static void run_reads(const struct mxa_sim_config *cfg, uint32_t n,
		      uint32_t k, uint32_t pad, struct result *r)
{
	struct sh sh;
	struct t_rng rng;
	struct mxa_hw_desc d;
	struct sh_expect e;
	uint8_t *old;
	uint64_t root, start;

	sh_open(&sh, cfg);
	t_rng_seed(&rng, 17);
	sh_ring_start(&sh, 1);
	root = sh_as_new(&sh);
	sh_desc_matmul(&d, root, 1, n, k, MXA_HW_FMT_E4M3, MXA_HW_FMT_E4M3);
	d.seq = sh_next_seq(&sh);
	d.a_addr = 0x10000000;
	d.b_addr = 0x20000000 + 5;
	d.b_stride = k + pad;
	d.d_addr = 0x30000000;
	sh_map(&sh, root, d.a_addr, k, false);
	sh_vfill(&sh, root, d.a_addr, k, &rng);
	sh_map(&sh, root, d.b_addr, (uint64_t)n * d.b_stride, false);
	sh_vfill(&sh, root, d.b_addr, (uint64_t)n * d.b_stride, &rng);
	sh_map(&sh, root, d.d_addr, 4ull * n, true);
	sh_expect_job(&sh, &d, &e);
	old = sh_save_d(&sh, &d);
	start = mxa_sim_cycles(sh.sim);
	sh_run_job(&sh, &d, &r->rec);
	r->cycles = mxa_sim_cycles(sh.sim) - start;
	r->beats_per_cycle = (double)r->rec.bytes_read / sh.data_bytes /
			     (double)r->rec.cycles;
	r->digest = e.digest;
	T_CHECK(r->rec.status == MXA_HW_STATUS_OK, "status %u",
		r->rec.status);
	T_CHECK(r->rec.bytes_read == e.bytes_read, "bytes read");
	T_CHECK(sh_check_d(&sh, &d, e.digest, old) == 0, "D");
	free(old);
	sh_close(&sh);
}

int main(void)
{
	struct mxa_sim_config cfg;
	struct result base, rows, half, slow, cb;
	struct sh probe;
	unsigned db;

	sh_open(&probe, NULL);
	db = probe.data_bytes;
	sh_close(&probe);

	/* 64 rows of 16 KiB: long bursts. */
	mxa_sim_config_init(&cfg);
	run_reads(&cfg, 64, 16384, 0, &base);
	printf("long rows: %.3f beats/cycle (%llu bytes in %llu cycles)\n",
	       base.beats_per_cycle, (unsigned long long)base.rec.bytes_read,
	       (unsigned long long)base.rec.cycles);
	T_CHECK(base.beats_per_cycle >= 0.9, "long rows: %.3f beats/cycle",
		base.beats_per_cycle);

	/* 4096 rows of 61 bytes at odd addresses: many requests outstanding
	 * (one at a time would reach less than a tenth of this). */
	run_reads(&cfg, 4096, 61, 3, &rows);
	printf("short rows: %.3f beats/cycle\n", rows.beats_per_cycle);
	T_CHECK(rows.beats_per_cycle >= 0.8, "short rows: %.3f beats/cycle",
		rows.beats_per_cycle);

	/* Half the bandwidth: twice the time. */
	cfg.mem_bytes_per_cycle = db / 2;
	run_reads(&cfg, 64, 16384, 0, &half);
	T_CHECK(half.digest == base.digest, "same data");
	printf("half the bandwidth: %.2fx the cycles\n",
	       (double)half.rec.cycles / base.rec.cycles);
	T_CHECK(half.rec.cycles > 1.9 * base.rec.cycles &&
		half.rec.cycles < 2.1 * base.rec.cycles, "bandwidth");

	/* A latency the read queue cannot cover costs bandwidth. */
	mxa_sim_config_init(&cfg);
	cfg.mem_latency = 1000;
	run_reads(&cfg, 64, 16384, 0, &slow);
	printf("latency 1000: %.3f beats/cycle\n", slow.beats_per_cycle);
	T_CHECK(slow.beats_per_cycle < 0.5 && slow.rec.cycles > base.rec.cycles,
		"latency: %.3f beats/cycle", slow.beats_per_cycle);

	/* The same job on the caller's memory. */
	cb_mem = calloc(1, CB_MEM_SIZE);
	if (!cb_mem)
		return T_FAIL;
	mxa_sim_config_init(&cfg);
	cfg.mem_read = cb_read;
	cfg.mem_write = cb_write;
	run_reads(&cfg, 64, 16384, 0, &cb);
	T_CHECK(cb.digest == base.digest && cb.rec.cycles == base.rec.cycles &&
		cb.rec.bytes_read == base.rec.bytes_read &&
		cb.rec.bytes_written == base.rec.bytes_written,
		"callbacks: the same job, the same record");

	/* A failing callback is a bus error of the job. */
	memset(cb_mem, 0, CB_MEM_SIZE);
	cb_fail_at = 0;
	{
		struct sh sh;
		struct mxa_hw_desc d;
		struct mxa_hw_cmpl rec;
		uint64_t root, pa;

		sh_open(&sh, &cfg);
		sh_ring_start(&sh, 1);
		root = sh_as_new(&sh);
		sh_desc_matmul(&d, root, 2, 2, 64, MXA_HW_FMT_E4M3,
			       MXA_HW_FMT_E4M3);
		d.seq = sh_next_seq(&sh);
		d.a_addr = 0x10000000;
		d.b_addr = 0x10001000;
		d.d_addr = 0x10002000;
		sh_map(&sh, root, d.a_addr, 0x3000, true);
		T_CHECK(sh_translate(&sh, root, d.b_addr + 64, &pa), "mapped");
		cb_fail_at = pa;
		sh_run_job(&sh, &d, &rec);
		/* Row 1 of B is its own burst, starting at that byte. */
		T_CHECK(rec.status == MXA_HW_STATUS_BUS_ERROR &&
			rec.detail == MXA_HW_STREAM_B && rec.fault_addr == pa,
			"callback failure: status %u detail %u addr 0x%llx",
			rec.status, rec.detail,
			(unsigned long long)rec.fault_addr);
		sh_close(&sh);
	}
	free(cb_mem);
	return t_exit();
}
