// SPDX-License-Identifier: MIT
/*
 * test_shell_abort.c - stopping jobs: CTRL.ABORT of a job held by
 * TEST.STALL before and after it reached the engine, and of jobs in full
 * flight at many different moments (reads, writes, table walks on the
 * bus); the jobs queued behind run without being resubmitted. Then
 * CTRL.SOFT_RESET and the reset input in the middle of jobs: no record,
 * registers back to reset values, and a new ring runs correctly (a bus
 * transaction cut short would corrupt what follows).
 */
#include <errno.h>
#include <stdlib.h>

#include "rtl/shell_harness.h"

static struct t_rng rng;
static uint64_t root;
static uint64_t length;		/* cycles of long_job() from its doorbell */
static uint64_t next_va = 0x30000000;

/* A job reading about 140 KiB, then writing 96 KiB in rows of a page
 * (one burst each), in fresh pages. */
static void long_job(struct sh *sh, struct mxa_hw_desc *d, struct sh_expect *e,
		     uint8_t **old)
{
	uint64_t va = next_va;

	next_va += 0x100000;
	sh_desc_matmul(d, root, 24, 1024, 256, MXA_HW_FMT_E4M3,
		       MXA_HW_FMT_E2M1);
	d->seq = sh_next_seq(sh);
	d->a_addr = va + 5;
	d->a_stride = 259;
	d->b_addr = va + 0x10000 + 1;
	d->d_addr = va + 0x40000;
	d->d_stride = 4096 + 64;
	sh_map(sh, root, va, 0x60000, true);
	sh_vfill(sh, root, va, 0x40000, &rng);
	sh_expect_job(sh, d, e);
	*old = sh_save_d(sh, d);
}

static void check_ok(struct sh *sh, const struct mxa_hw_desc *d,
		     const struct sh_expect *e, const uint8_t *old,
		     const struct mxa_hw_cmpl *rec, const char *what)
{
	T_CHECK(rec->status == MXA_HW_STATUS_OK, "%s: status %u", what,
		rec->status);
	T_CHECK(rec->bytes_read == e->bytes_read, "%s: bytes read", what);
	T_CHECK(sh_check_d(sh, d, e->digest, old) == 0, "%s: D", what);
}

static void wait_abort_done(struct sh *sh)
{
	for (int i = 0; sh_rd(sh, MXA_REG_CTRL) & MXA_REG_CTRL_ABORT_MASK; i++)
		if (i > 10000) {
			T_CHECK(0, "ABORT never finishes");
			exit(t_exit());
		}
}

/* A job held by TEST.STALL never ends by itself; ABORT ends it. */
static void abort_stalled(struct sh *sh, bool reach_engine)
{
	struct mxa_hw_desc d, after;
	struct sh_expect e, e_after;
	uint8_t *old, *old_after;
	struct mxa_hw_cmpl rec;
	uint32_t i0, i1;

	long_job(sh, &d, &e, &old);
	long_job(sh, &after, &e_after, &old_after);
	if (!reach_engine)
		sh_wr(sh, MXA_REG_TEST, 1);
	i0 = sh_put(sh, &d);
	i1 = sh_put(sh, &after);
	sh_doorbell(sh);
	if (reach_engine) {
		sh_run(sh, 3000);	/* well into its reads */
		sh_wr(sh, MXA_REG_TEST, 1);
	}
	T_CHECK(sh_wait(sh, i0, d.seq, 200000, &rec) == -ETIMEDOUT,
		"a stalled job does not end");
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) & MXA_REG_STATUS_BUSY_MASK, "busy");
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK |
	      MXA_REG_CTRL_ABORT_MASK);
	T_CHECK(sh_rd(sh, MXA_REG_CTRL) & MXA_REG_CTRL_ABORT_MASK,
		"ABORT reads 1 while it works");
	wait_abort_done(sh);
	T_CHECK(sh_wait(sh, i0, d.seq, 0, &rec) == 0 &&
		rec.status == MXA_HW_STATUS_ABORTED && rec.detail == 0 &&
		rec.fault_addr == 0, "record ABORTED: status %u", rec.status);
	if (!reach_engine)
		T_CHECK(rec.bytes_read == 0 && rec.macs == 0,
			"held before the engine: nothing read");
	else
		T_CHECK(rec.bytes_read > 0 && rec.bytes_read < e.bytes_read,
			"stopped in its reads: %llu bytes",
			(unsigned long long)rec.bytes_read);
	/* The job behind it is held too until the knob is released. */
	sh_wr(sh, MXA_REG_TEST, 0);
	T_CHECK(sh_wait(sh, i1, after.seq, 2000000, &rec) == 0,
		"the next job runs");
	check_ok(sh, &after, &e_after, old_after, &rec, "job after ABORT");
	free(old);
	free(old_after);
}

/* ABORT at moments spread over a running job (its reads, then its writes);
 * the record is ABORTED or, if the job was already done, OK with a correct
 * D. A job placed after it runs correctly. */
static void abort_running(struct sh *sh)
{
	unsigned aborted = 0, in_writes = 0;
	struct mxa_hw_desc d, after;
	struct sh_expect e, e_after;
	uint8_t *old, *old_after;
	struct mxa_hw_cmpl rec;
	uint32_t i0, i1;

	/* How long the job takes from its doorbell. */
	long_job(sh, &d, &e, &old);
	length = mxa_sim_cycles(sh->sim);
	sh_run_job(sh, &d, &rec);
	length = mxa_sim_cycles(sh->sim) - length;
	check_ok(sh, &d, &e, old, &rec, "job run to its end");
	free(old);

	for (unsigned f = 1; f < 24; f++) {
		uint64_t at = length * f / 24;

		long_job(sh, &d, &e, &old);
		long_job(sh, &after, &e_after, &old_after);
		i0 = sh_put(sh, &d);
		sh_doorbell(sh);
		sh_run(sh, at);
		sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK |
		      MXA_REG_CTRL_ABORT_MASK);
		if (sh_wait(sh, i0, d.seq, 100000, &rec)) {
			T_CHECK(0, "abort at %llu: no record",
				(unsigned long long)at);
			break;
		}
		if (rec.status == MXA_HW_STATUS_ABORTED) {
			aborted++;
			in_writes += rec.bytes_written > 0;
			T_CHECK(rec.macs <= e.macs, "MACS of a part");
		} else {
			check_ok(sh, &d, &e, old, &rec, "job done before ABORT");
		}
		wait_abort_done(sh);
		i1 = sh_put(sh, &after);
		sh_doorbell(sh);
		T_CHECK(sh_wait(sh, i1, after.seq, 2000000, &rec) == 0,
			"abort at %llu: next job", (unsigned long long)at);
		check_ok(sh, &after, &e_after, old_after, &rec,
			 "job after an ABORT");
		free(old);
		free(old_after);
	}
	T_CHECK(aborted >= 18 && in_writes >= 5, "%u jobs aborted, %u of "
		"them while writing", aborted, in_writes);
	printf("a job of %llu cycles aborted at 23 moments: %u aborted, %u of "
	       "them while writing\n", (unsigned long long)length, aborted,
	       in_writes);
}

/* SOFT_RESET or the reset input at a moment of a running job. */
static void reset_running(struct sh *sh, uint64_t at, bool input)
{
	struct mxa_hw_desc d;
	struct sh_expect e;
	uint8_t *old;
	struct mxa_hw_cmpl rec;
	uint32_t index;

	sh_ring_start(sh, 3);
	long_job(sh, &d, &e, &old);
	index = sh_put(sh, &d);
	sh_doorbell(sh);
	sh_run(sh, at);
	if (input) {
		T_CHECK(mxa_sim_reset(sh->sim) == 0, "reset input");
	} else {
		sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
		T_CHECK(sh_rd(sh, MXA_REG_CTRL) & MXA_REG_CTRL_SOFT_RESET_MASK,
			"SOFT_RESET reads 1 while the bus drains");
		for (int i = 0; sh_rd(sh, MXA_REG_CTRL) &
			     MXA_REG_CTRL_SOFT_RESET_MASK; i++)
			T_CHECK(i < 10000, "SOFT_RESET finishes");
	}
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 0 &&
		sh_rd(sh, MXA_REG_RING_TAIL) == 0 &&
		sh_rd(sh, MXA_REG_CTRL) == 0 &&
		sh_rd(sh, MXA_REG_STATUS) == MXA_REG_STATUS_IDLE_MASK &&
		sh_rd64(sh, MXA_REG_PERF_JOBS_LO) == 0,
		"reset at %llu: registers reset", (unsigned long long)at);
	sh_run(sh, 5000);
	T_CHECK(sh_wait(sh, index, d.seq, 0, &rec) == -ETIMEDOUT,
		"reset at %llu: no record", (unsigned long long)at);
	free(old);

	/* A new ring, the same job again: all correct. */
	sh_ring_start(sh, 3);
	long_job(sh, &d, &e, &old);
	sh_run_job(sh, &d, &rec);
	check_ok(sh, &d, &e, old, &rec, "job after a reset");
	free(old);
}

int main(void)
{
	struct sh sh;

	sh_open(&sh, NULL);
	t_rng_seed(&rng, 13);
	root = sh_as_new(&sh);
	sh_ring_start(&sh, 3);
	abort_stalled(&sh, false);
	abort_stalled(&sh, true);
	abort_running(&sh);
	for (unsigned f = 0; f < 10; f++) {
		uint64_t at = 20 + length * f / 10;

		reset_running(&sh, at, false);
		reset_running(&sh, at + 7, true);
	}
	sh_close(&sh);
	return t_exit();
}
