// SPDX-License-Identifier: MIT
/*
 * test_shell_ring.c - the command ring as a driver uses it: rings of 1, 2
 * and 16 slots wrapped many times with more jobs than slots, the ring kept
 * full from the records alone (RING_HEAD never lags them), doorbells that
 * cover several descriptors, CTRL.ENABLE, the interrupt causes and the
 * line, and the three ways the device halts (descriptor read error, record
 * write error, doorbell overrun) with the soft reset that recovers.
 */
#include <string.h>

#include "rtl/shell_harness.h"

static struct t_rng rng;
static uint64_t root;

/* A small job, mapped and filled, or (one in three) a NOP. */
static void make(struct sh *sh, struct mxa_hw_desc *d, uint64_t va)
{
	if (t_rng_below(&rng, 3) == 0) {
		memset(d, 0, sizeof(*d));
		d->opcode = MXA_HW_OP_NOP;
		d->seq = sh_next_seq(sh);
		return;
	}
	sh_desc_matmul(d, root, 1 + t_rng_below(&rng, 3),
		       1 + t_rng_below(&rng, 3), 1 + t_rng_below(&rng, 100),
		       MXA_HW_FMT_E2M1, MXA_HW_FMT_E3M2);
	d->seq = sh_next_seq(sh);
	d->a_addr = va + t_rng_below(&rng, 100);
	d->b_addr = va + 0x1000 + t_rng_below(&rng, 100);
	d->d_addr = va + 0x2000 + 4 * t_rng_below(&rng, 100);
	sh_map(sh, root, va, 0x3000, true);
	sh_vfill(sh, root, va, 0x3000, &rng);
}

/*
 * Keeps the ring as full as the records allow: each record seen frees a
 * slot that is refilled at once with one doorbell per refill.
 */
static void wrap(struct sh *sh, unsigned log2, unsigned jobs)
{
	unsigned size = 1u << log2;
	struct mxa_hw_desc *d = calloc(jobs, sizeof(*d));
	struct sh_expect *e = calloc(jobs, sizeof(*e));
	uint8_t **old = calloc(jobs, sizeof(*old));
	unsigned placed = 0, seen = 0;

	if (!d || !e || !old)
		exit(T_FAIL);
	sh_ring_start(sh, log2);
	for (unsigned i = 0; i < jobs; i++) {
		make(sh, &d[i], 0x20000000ull + i * 0x10000ull);
		if (d[i].opcode == MXA_HW_OP_MATMUL) {
			sh_expect_job(sh, &d[i], &e[i]);
			old[i] = sh_save_d(sh, &d[i]);
		}
	}
	while (seen < jobs) {
		struct mxa_hw_cmpl rec;

		while (placed < jobs && placed - seen < size)
			sh_put(sh, &d[placed++]);
		sh_doorbell(sh);
		if (sh_wait(sh, seen, d[seen].seq, 200000, &rec)) {
			T_CHECK(0, "ring of %u: job %u has no record", size,
				seen);
			break;
		}
		T_CHECK(rec.status == MXA_HW_STATUS_OK, "ring of %u: job %u "
			"status %u", size, seen, rec.status);
		if (d[seen].opcode == MXA_HW_OP_MATMUL) {
			T_CHECK(rec.bytes_read == e[seen].bytes_read,
				"job %u read", seen);
			T_CHECK(sh_check_d(sh, &d[seen], e[seen].digest,
					   old[seen]) == 0, "job %u D", seen);
		} else {
			T_CHECK(rec.macs == 0 && rec.bytes_read == 0,
				"NOP %u", seen);
		}
		seen++;
	}
	sh_run(sh, 500);
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == jobs, "ring of %u: RING_HEAD "
		"%u", size, sh_rd(sh, MXA_REG_RING_HEAD));
	T_CHECK(!(sh_rd(sh, MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK),
		"ring of %u: not halted", size);
	for (unsigned i = 0; i < jobs; i++)
		free(old[i]);
	free(old);
	free(e);
	free(d);
}

static void nop(struct sh *sh, struct mxa_hw_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->opcode = MXA_HW_OP_NOP;
	d->seq = sh_next_seq(sh);
}

static void enable_and_interrupts(struct sh *sh)
{
	struct mxa_hw_desc d[3];
	struct mxa_hw_cmpl rec;
	uint64_t ran;

	sh_ring_start(sh, 2);
	sh_wr(sh, MXA_REG_INT_ENABLE, MXA_REG_INT_ENABLE_JOB_ERROR_MASK);
	/* Disabled: the doorbell is taken, nothing runs. */
	sh_wr(sh, MXA_REG_CTRL, 0);
	for (int i = 0; i < 3; i++) {
		nop(sh, &d[i]);
		sh_put(sh, &d[i]);
	}
	d[1].m = 1;	/* a NOP with M: BAD_DESC */
	sh_pwrite(sh, SH_RING_PA + MXA_DESC_SIZE, &d[1], sizeof(d[1]));
	sh_doorbell(sh);
	sh_run(sh, 2000);
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 0, "disabled: nothing ran");
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) == MXA_REG_STATUS_IDLE_MASK,
		"disabled: idle");
	/* Enabled: a good NOP leaves the line low when only errors are
	 * enabled; the bad one raises it. */
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	T_CHECK(sh_wait(sh, 0, d[0].seq, 10000, &rec) == 0, "NOP 0 ran");
	sh_run(sh, 300);
	T_CHECK(!mxa_sim_irq(sh->sim), "JOB_DONE is not enabled");
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) & MXA_REG_INT_STATUS_JOB_DONE_MASK,
		"JOB_DONE set anyway");
	T_CHECK(mxa_sim_run_until_irq(sh->sim, 20000, &ran) == 0,
		"the bad descriptor raises the line");
	T_CHECK(sh_wait(sh, 1, d[1].seq, 0, &rec) == 0 &&
		rec.status == MXA_HW_STATUS_BAD_DESC &&
		rec.detail == MXA_DESC_M, "its record is there first");
	sh_wr(sh, MXA_REG_INT_STATUS, MXA_REG_INT_STATUS_JOB_ERROR_MASK);
	T_CHECK(!mxa_sim_irq(sh->sim), "W1C lowers the line");
	T_CHECK(sh_wait(sh, 2, d[2].seq, 10000, &rec) == 0, "NOP 2 ran");
	sh_run(sh, 300);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) == MXA_REG_STATUS_IDLE_MASK,
		"idle when the ring is empty");
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 3, "RING_HEAD 3");
}

static void expect_halt(struct sh *sh, unsigned code, uint64_t addr,
			const char *what)
{
	sh_run(sh, 2000);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) ==
		(MXA_REG_STATUS_HALTED_MASK | MXA_REG_STATUS_IDLE_MASK),
		"%s: STATUS 0x%x", what, sh_rd(sh, MXA_REG_STATUS));
	T_CHECK(sh_rd(sh, MXA_REG_HALT_CAUSE) == code, "%s: HALT_CAUSE %u",
		what, sh_rd(sh, MXA_REG_HALT_CAUSE));
	T_CHECK(sh_rd64(sh, MXA_REG_HALT_ADDR_LO) == addr,
		"%s: HALT_ADDR 0x%llx, want 0x%llx", what,
		(unsigned long long)sh_rd64(sh, MXA_REG_HALT_ADDR_LO),
		(unsigned long long)addr);
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) & MXA_REG_INT_STATUS_HALT_MASK,
		"%s: INT_STATUS.HALT", what);
	T_CHECK(mxa_sim_irq(sh->sim), "%s: line high", what);
}

static void halts(struct sh *sh)
{
	const uint64_t beyond = 0x80000000ull;
	struct mxa_hw_desc d;
	struct mxa_hw_cmpl rec;

	/* The ring is beyond the memory: its first descriptor fails. */
	sh_ring_start(sh, 2);
	sh_wr(sh, MXA_REG_CTRL, 0);
	sh_wr(sh, MXA_REG_RING_BASE_LO, (uint32_t)beyond);
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	sh_wr(sh, MXA_REG_RING_TAIL, 3);
	expect_halt(sh, MXA_HW_HALT_DESC_BUS_ERROR, beyond, "descriptor");
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 0, "no job ran");

	/* The completion area is beyond the memory: the first record. */
	sh_ring_start(sh, 2);
	sh_wr(sh, MXA_REG_CTRL, 0);
	sh_wr(sh, MXA_REG_CMPL_BASE_LO, (uint32_t)beyond);
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	nop(sh, &d);
	sh_put(sh, &d);
	sh_doorbell(sh);
	expect_halt(sh, MXA_HW_HALT_CMPL_BUS_ERROR, beyond, "record");

	/* A doorbell 5 ahead on a ring of 4, while a job is held. */
	sh_ring_start(sh, 2);
	sh_wr(sh, MXA_REG_TEST, 1);
	nop(sh, &d);
	sh_put(sh, &d);
	sh_doorbell(sh);
	sh_run(sh, 1000);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) & MXA_REG_STATUS_BUSY_MASK,
		"held by TEST.STALL");
	sh_wr(sh, MXA_REG_RING_TAIL, 6);
	expect_halt(sh, MXA_HW_HALT_BAD_TAIL, 6, "doorbell");
	T_CHECK(sh_pread64(sh, SH_CMPL_PA) == 0, "the held job got no record");

	/* The soft reset brings it back. */
	sh_ring_start(sh, 2);
	T_CHECK(sh_rd(sh, MXA_REG_HALT_CAUSE) == 0, "cause cleared");
	nop(sh, &d);
	sh_run_job(sh, &d, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_OK, "runs after the reset");
}

int main(void)
{
	struct sh sh;

	sh_open(&sh, NULL);
	t_rng_seed(&rng, 7);
	root = sh_as_new(&sh);
	wrap(&sh, 0, 9);
	wrap(&sh, 1, 20);
	wrap(&sh, 4, 70);
	enable_and_interrupts(&sh);
	halts(&sh);
	sh_close(&sh);
	return t_exit();
}
