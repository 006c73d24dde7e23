// SPDX-License-Identifier: MIT
/*
 * test_sim_fault.c - jobs the sim device ends with an error, and the jobs
 * after them. The library builds correct page tables, so the faults come
 * from entries the test spoils through mxa__sim_buffer_pte(): an unmapped
 * page of A (MMU_UNMAPPED), a read-only page of D (MMU_READONLY), an entry
 * with a reserved bit (MMU_BAD_PTE); each gives -EFAULT with a message
 * naming the status, the stream and the faulting device address, and the
 * next job runs right. An invalid code fails as on the emulator (-EINVAL);
 * what the descriptor cannot express fails at submission; a device halted
 * by a wrong doorbell (mxa__sim_reg_write()) fails its job and recovers.
 */
#include <errno.h>
#include <inttypes.h>

#include "mxa_hw.h"
#include "mxa_priv.h"
#include "sim/sim_harness.h"

/*
 * Random modes; A of 128 rows of up to 256 elements spans more than a
 * page, so that its first page holds nothing of the other operands.
 */
static void plain_shape(struct st_ctx *c, struct st_shape *s)
{
	memset(s, 0, sizeof(*s));
	st_random_modes(c, s);
	s->mm.m = 128;
	s->mm.n = 2 * c->info.array_cols + 1;
	s->mm.k = c->info.max_k < 256 ? c->info.max_k : 256;
	s->shared = false;
}

/* A good job, waited for and checked. */
static void good_job(struct st_ctx *c, const char *what)
{
	struct st_shape s;
	struct st_job j;
	int ret;

	plain_shape(c, &s);
	st_job_make(c, &j, &s);
	st_job_submit(c, &j);
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(st_job_check(&j, ret, what) == 0, "%s", st_job_name(&j));
	st_job_free(&j);
}

/*
 * Runs a job with the entry of byte off of buffer buf (an operand of the
 * job) replaced by pte; wants -EFAULT naming status and stream, at an
 * address in that page.
 */
static void fault_job(struct st_ctx *c, bool on_d, uint64_t (*spoil)(uint64_t),
		      const char *status, const char *stream)
{
	struct st_shape s;
	struct st_job j;
	struct mxa_buffer *buf;
	uint64_t off, page, *pte, saved;
	unsigned long long addr = 0;
	const char *at;
	int ret;

	plain_shape(c, &s);
	st_job_make(c, &j, &s);
	buf = on_d ? j.sim_mm.d.buf : j.sim_mm.a.buf;
	off = on_d ? j.sim_mm.d.offset : j.sim_mm.a.offset;
	pte = mxa__sim_buffer_pte(buf, off);
	T_CHECK(pte && (*pte & 1), "no entry for offset %" PRIu64, off);
	if (!pte)
		exit(T_FAIL);
	saved = *pte;
	*pte = spoil(saved);
	page = (buf->dev_addr + off) & ~4095ull;

	st_job_submit(c, &j);
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(ret == -EFAULT, "%s: %d (%s)", status, ret, mxa_last_error());
	T_CHECK(strstr(mxa_last_error(), status) &&
		strstr(mxa_last_error(), stream), "%s: %s", status,
		mxa_last_error());
	at = strstr(mxa_last_error(), "address 0x");
	T_CHECK(at && sscanf(at, "address 0x%llx", &addr) == 1 &&
		addr >= page && addr < page + 4096,
		"%s: fault address 0x%llx, page 0x%" PRIx64 ": %s", status,
		addr, page, mxa_last_error());
	*pte = saved;
	st_job_free(&j);
}

static uint64_t unmapped(uint64_t pte)
{
	return pte & ~1ull;
}

static uint64_t read_only(uint64_t pte)
{
	return pte & ~4ull;
}

static uint64_t reserved_bit(uint64_t pte)
{
	return pte | 8;
}

/* An invalid code: -EINVAL on both devices. */
static void invalid_code(struct st_ctx *c)
{
	struct st_shape s;
	struct st_job j;
	uint8_t *p;
	int ret;

	plain_shape(c, &s);
	if (c->info.formats & 1u << MXA_FMT_TERNARY) {
		s.mm.a_format = MXA_FMT_TERNARY;
	} else if (c->info.scale_modes & 1u << MXA_SCALE_NV) {
		s.mm.scale = MXA_SCALE_NV;
		s.mm.acc = MXA_ACC_FP32;
		s.mm.acc_bits = s.mm.acc_interval = 0;
	} else {
		return;
	}
	st_job_make(c, &j, &s);
	/* Ternary code 10 in A's first byte, or a UE4M3 scale of 0x80. */
	p = mxa_buffer_map(j.sim_in);
	if (s.mm.a_format == MXA_FMT_TERNARY)
		p[j.sim_mm.a.offset] = 0x02;
	else
		p[j.sim_mm.a_scale.offset] = 0x80;
	memcpy(mxa_buffer_map(j.emu_in), p, mxa_buffer_size(j.sim_in));
	j.emu_status = mxa_matmul_run(j.emu_mm.a.buf->dev, &j.emu_mm);
	T_CHECK(j.emu_status == -EINVAL, "emulator: %d", j.emu_status);
	st_job_submit(c, &j);
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(ret == -EINVAL && strstr(mxa_last_error(), "invalid code"),
		"%d: %s", ret, mxa_last_error());
	st_job_free(&j);
}

/* What validation lets through but the descriptor cannot say. */
static void refused(struct st_ctx *c)
{
	struct mxa_buffer *big, *small;
	struct mxa_fence *fence = NULL;
	struct mxa_matmul mm;
	int ret;

	T_CHECK(!mxa_buffer_new(c->sim, (5ull << 30) + 64, &big), "%s",
		mxa_last_error());
	T_CHECK(!mxa_buffer_new(c->sim, 4096, &small), "%s", mxa_last_error());
	memset(&mm, 0, sizeof(mm));
	mm.m = 2;
	mm.n = 1;
	mm.k = 1;
	mm.a_format = mm.b_format = st_plain_format(&c->info);
	mm.out_format = MXA_FMT_FP32;
	mm.a.buf = big;
	mm.a.stride = 5ull << 30;
	mm.b.buf = small;
	mm.d.buf = small;
	mm.d.offset = 64;
	ret = mxa_matmul_submit(c->sim, &mm, &fence);
	T_CHECK(ret == -EINVAL && strstr(mxa_last_error(), "4 GiB"),
		"stride 5 GiB: %d %s", ret, mxa_last_error());
	mxa_fence_del(fence);
	fence = NULL;

	/* One row: its stride does not matter. */
	mm.m = 1;
	ret = mxa_matmul_run(c->sim, &mm);
	T_CHECK(ret == 0, "one row of stride 5 GiB: %d %s", ret,
		mxa_last_error());

	mm.m = 2;
	mm.a.buf = small;
	mm.a.stride = 0;
	mm.d.offset = 66;
	ret = mxa_matmul_submit(c->sim, &mm, &fence);
	T_CHECK(ret == -EINVAL && strstr(mxa_last_error(), "multiples"),
		"D at offset 66: %d %s", ret, mxa_last_error());
	mxa_fence_del(fence);
	mxa_buffer_del(big);
	mxa_buffer_del(small);
}

/*
 * A doorbell far beyond the ring halts the device (BAD_TAIL): the job in
 * flight fails with -EIO, the device is started again, the next job runs.
 */
static void halt(struct st_ctx *c)
{
	struct st_shape s;
	struct st_job j;
	int ret;

	memset(&s, 0, sizeof(s));
	s.mm.m = 16 * c->info.array_rows;
	s.mm.n = 16 * c->info.array_cols;
	s.mm.k = c->info.max_k;
	s.mm.a_format = s.mm.b_format = st_plain_format(&c->info);
	s.mm.out_format = MXA_FMT_FP32;
	st_job_make(c, &j, &s);
	st_job_submit(c, &j);
	T_CHECK(mxa_fence_wait(j.fence, 0) == -ETIME, "%s", mxa_last_error());
	T_CHECK(mxa__sim_reg_write(c->sim, MXA_REG_RING_TAIL, 0x80000000u) == 0,
		"%s", mxa_last_error());
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(ret == -EIO && strstr(mxa_last_error(), "halted") &&
		strstr(mxa_last_error(), "cause 3"), "halt: %d %s", ret,
		mxa_last_error());
	st_job_free(&j);
}

int main(void)
{
	struct st_ctx c;

	st_open(&c, NULL, 21);
	good_job(&c, "first");
	fault_job(&c, false, unmapped, "MMU_UNMAPPED", "stream A");
	good_job(&c, "after MMU_UNMAPPED");
	fault_job(&c, true, read_only, "MMU_READONLY", "stream D");
	good_job(&c, "after MMU_READONLY");
	fault_job(&c, false, reserved_bit, "MMU_BAD_PTE", "stream A");
	good_job(&c, "after MMU_BAD_PTE");
	invalid_code(&c);
	good_job(&c, "after an invalid code");
	refused(&c);
	good_job(&c, "after refused jobs");
	halt(&c);
	good_job(&c, "after a halt");
	st_close(&c);
	return t_exit();
}
