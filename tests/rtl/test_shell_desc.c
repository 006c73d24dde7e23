// SPDX-License-Identifier: MIT
/*
 * test_shell_desc.c - descriptor validation (docs/hw-interface.md 5.1): a
 * descriptor breaking each rule ends with BAD_DESC and DETAIL naming the
 * first invalid field, having read and written nothing but its record; NOP
 * rules; then random corruptions of valid descriptors, each judged by the C
 * model of the rules. Valid MATMULs here run in an empty address space and
 * stop with MMU_UNMAPPED at their first byte of A.
 */
#include <string.h>

#include "rtl/shell_harness.h"

#define RING_LOG2	4
#define FUZZ		600

static uint64_t empty_root;
static unsigned cases, valid;
static bool detail_seen[MXA_DESC_SIZE];

/* A batch fills the ring but for one slot, kept for a fence. */
#define BATCH		((1u << RING_LOG2) - 1)

struct batch {
	struct mxa_hw_desc d[BATCH];
	int want[BATCH];		/* -1 valid, else DETAIL */
	uint32_t index[BATCH];
	unsigned n;
};

/* Runs the batch and a NOP behind it: a descriptor with SEQ 0 cannot be
 * waited for by its SEQ, so every record is read once the NOP's is in. */
static void run_batch(struct sh *sh, struct batch *b)
{
	struct mxa_hw_desc fence;
	struct mxa_hw_cmpl rec;
	uint32_t fence_index;

	memset(&fence, 0, sizeof(fence));
	fence.opcode = MXA_HW_OP_NOP;
	fence.seq = sh_next_seq(sh);
	for (unsigned i = 0; i < b->n; i++)
		b->index[i] = sh_put(sh, &b->d[i]);
	fence_index = sh_put(sh, &fence);
	sh_doorbell(sh);
	if (sh_wait(sh, fence_index, fence.seq, 1000000, &rec)) {
		T_CHECK(0, "batch ending at %u: no record", fence_index);
		exit(t_exit());
	}
	for (unsigned i = 0; i < b->n; i++) {
		const struct mxa_hw_desc *d = &b->d[i];
		uint32_t slot = b->index[i] & ((1u << RING_LOG2) - 1);

		sh_pread(sh, SH_CMPL_PA + slot * MXA_CMPL_SIZE, &rec,
			 sizeof(rec));
		T_CHECK(rec.seq == d->seq, "descriptor %u: record SEQ %llu",
			b->index[i], (unsigned long long)rec.seq);
		if (b->want[i] >= 0)
			detail_seen[b->want[i]] = true;
		valid += b->want[i] < 0;
		if (b->want[i] >= 0) {
			T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC &&
				rec.detail == b->want[i],
				"descriptor %u: status %u DETAIL 0x%02x, want "
				"BAD_DESC 0x%02x", b->index[i], rec.status,
				rec.detail, b->want[i]);
			T_CHECK(rec.bytes_read == 0 && rec.bytes_written == 0 &&
				rec.macs == 0 && rec.fault_addr == 0,
				"descriptor %u: a bad one touches nothing",
				b->index[i]);
		} else if (d->opcode == MXA_HW_OP_NOP) {
			T_CHECK(rec.status == MXA_HW_STATUS_OK &&
				rec.detail == 0 && rec.bytes_read == 0,
				"NOP %u: status %u", b->index[i], rec.status);
		} else {
			T_CHECK(rec.status == MXA_HW_STATUS_MMU_UNMAPPED &&
				rec.detail == MXA_HW_STREAM_A &&
				rec.fault_addr == d->a_addr,
				"descriptor %u: valid, so it runs: status %u "
				"DETAIL 0x%x", b->index[i], rec.status,
				rec.detail);
		}
		cases++;
	}
	b->n = 0;
}

/* Queues a descriptor; the model must agree with the expectation given
 * (want_model: -2 means "whatever the model says"). */
static void add(struct sh *sh, struct batch *b, struct mxa_hw_desc *d,
		int want, const char *what)
{
	int model = sh_desc_check(sh, d);

	if (want != -2)
		T_CHECK(model == want, "%s: model says %d, want %d", what,
			model, want);
	b->d[b->n] = *d;
	b->want[b->n] = model;
	if (++b->n == BATCH)
		run_batch(sh, b);
}

static void base_desc(struct sh *sh, struct mxa_hw_desc *d)
{
	sh_desc_matmul(d, empty_root, 7, 5, 100, MXA_HW_FMT_E4M3,
		       MXA_HW_FMT_E2M1);
	d->seq = sh_next_seq(sh);
	d->a_addr = 0x1000003;
	d->b_addr = 0x2000001;
	d->d_addr = 0x3000004;
}

/* Block scales of @mode in blocks of @block (0: the mode's standard size). */
static void with_block(struct mxa_hw_desc *d, unsigned mode, unsigned block)
{
	uint32_t nb = sh_scale_bytes(d->k, mode, block);

	d->scale_mode = mode;
	d->block = (uint8_t)block;
	d->sa_addr = 0x4000005;
	d->sb_addr = 0x5000007;
	d->sa_stride = nb;
	d->sb_stride = nb;
}

static void with_scales(struct mxa_hw_desc *d, unsigned mode)
{
	with_block(d, mode, 0);
}

/* One rule at a time: f breaks it (or, with want -1, keeps to it). */
#define CASE(want, what, ...)						\
	do {								\
		struct mxa_hw_desc d;					\
		base_desc(sh, &d);					\
		__VA_ARGS__;						\
		add(sh, b, &d, want, what);				\
	} while (0)

static void each_rule(struct sh *sh, struct batch *b)
{
	CASE(-1, "the base descriptor", (void)0);
	CASE(MXA_DESC_OPCODE, "opcode 0", d.opcode = 0);
	CASE(MXA_DESC_OPCODE, "opcode 3", d.opcode = 3);
	CASE(MXA_DESC_OPCODE, "opcode 0xffff", d.opcode = 0xffff);
	CASE(MXA_DESC_FLAGS, "flags bit 1", d.flags = 2);
	CASE(MXA_DESC_FLAGS, "flags bit 15", d.flags = 0x8001);
	CASE(MXA_DESC_RSVD0, "rsvd0", d.rsvd0 = 0x100);
	CASE(MXA_DESC_SEQ, "seq 0", d.seq = 0);
	CASE(MXA_DESC_PT_ROOT, "root not aligned", d.pt_root += 0x800);
	CASE(MXA_DESC_PT_ROOT, "root above PA_BITS", d.pt_root |= 1ull << 40);
	CASE(MXA_DESC_M, "M 0", d.m = 0);
	CASE(MXA_DESC_M, "M above max", d.m = 4097);
	CASE(-1, "M at max", d.m = 4096);
	CASE(MXA_DESC_N, "N 0", d.n = 0);
	CASE(MXA_DESC_N, "N above max", d.n = 4097; d.d_stride = 4 * 4097);
	CASE(MXA_DESC_K, "K 0", d.k = 0);
	CASE(MXA_DESC_K, "K above max", d.k = 65537);
	CASE(-1, "K at max", d.k = 65536; d.a_stride = 65536;
	     d.b_stride = 32768);
	CASE(MXA_DESC_A_FMT, "A INT8, not in CAP_FORMATS",
	     d.a_fmt = MXA_HW_FMT_INT8);
	CASE(MXA_DESC_A_FMT, "A E8M0", d.a_fmt = MXA_HW_FMT_E8M0);
	CASE(MXA_DESC_A_FMT, "A FP32", d.a_fmt = MXA_HW_FMT_FP32);
	CASE(MXA_DESC_A_FMT, "A 255", d.a_fmt = 255);
	CASE(MXA_DESC_A_FMT, "A E3M4, an element format not built",
	     d.a_fmt = MXA_HW_FMT_E3M4);
	CASE(MXA_DESC_A_FMT, "A 31, the last element value",
	     d.a_fmt = MXA_HW_FMT_ELEMENT_LAST);
	CASE(MXA_DESC_B_FMT, "B INT8", d.b_fmt = MXA_HW_FMT_INT8);
	CASE(MXA_DESC_B_FMT, "B UE4M3", d.b_fmt = MXA_HW_FMT_UE4M3);
	CASE(MXA_DESC_SCALE_MODE, "scale mode 3", d.scale_mode = 3);
	CASE(MXA_DESC_SCALE_MODE, "scale mode 255", d.scale_mode = 255);
	CASE(MXA_DESC_ACC_MODE, "acc mode 3", d.acc_mode = 3);
	CASE(MXA_DESC_ACC_MODE, "EXACT with MX", with_scales(&d, 1);
	     d.acc_mode = MXA_HW_ACC_EXACT);
	CASE(-1, "EXACT without scales", d.acc_mode = MXA_HW_ACC_EXACT);
	CASE(MXA_DESC_OUT_FMT, "out E4M3", d.out_fmt = MXA_HW_FMT_E4M3);
	CASE(MXA_DESC_OUT_FMT, "out 11", d.out_fmt = 11);
	CASE(MXA_DESC_OUT_FMT, "out 0x32, an output value without a format",
	     d.out_fmt = MXA_HW_FMT_FP32 + 1);
	CASE(-1, "out BF16", d.out_fmt = MXA_HW_FMT_BF16);
	CASE(MXA_DESC_TRUNC_W, "W without TRUNC", d.trunc_w = 16);
	CASE(MXA_DESC_TRUNC_W, "W below min", d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 7; d.trunc_n = 32);
	CASE(MXA_DESC_TRUNC_W, "W above max", d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 41; d.trunc_n = 32);
	CASE(-1, "W at min", d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 8;
	     d.trunc_n = 32);
	/* BLOCK: the test engine lists 8, 16 and 32 (K 100: 13, 7, 4 scale
	 * bytes a row). */
	CASE(-1, "block 8 MX", with_block(&d, 1, 8));
	CASE(-1, "block 8 NV", with_block(&d, 2, 8));
	CASE(-1, "block 16 MX", with_block(&d, 1, 16));
	CASE(-1, "block 16 NV", with_block(&d, 2, 16));
	CASE(-1, "block 32 MX", with_block(&d, 1, 32));
	CASE(-1, "block 32 NV", with_block(&d, 2, 32));
	CASE(MXA_DESC_BLOCK, "block 64, not in CAP_BLOCK.SIZES",
	     with_block(&d, 1, 64));
	CASE(MXA_DESC_BLOCK, "block 128 NV", with_block(&d, 2, 128));
	CASE(MXA_DESC_BLOCK, "block 4", with_block(&d, 1, 4));
	CASE(MXA_DESC_BLOCK, "block 1", with_block(&d, 2, 1));
	CASE(MXA_DESC_BLOCK, "block 24, not a power of two",
	     with_block(&d, 1, 24));
	CASE(MXA_DESC_BLOCK, "block 48 NV", with_block(&d, 2, 48));
	CASE(MXA_DESC_BLOCK, "block 255", with_block(&d, 1, 255));
	CASE(MXA_DESC_BLOCK, "block 16 without scales", d.block = 16);
	CASE(MXA_DESC_BLOCK, "block 32 without scales, TRUNC",
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 32;
	     d.block = 32);
	CASE(MXA_DESC_BLOCK, "block and rsvd1 bad", with_block(&d, 1, 12);
	     d.rsvd1 = 1);
	CASE(MXA_DESC_RSVD1, "rsvd1", d.rsvd1 = 1);
	CASE(MXA_DESC_RSVD1, "rsvd1 with a good block", with_block(&d, 2, 8);
	     d.rsvd1 = 0x80);
	CASE(MXA_DESC_TRUNC_N, "N without TRUNC", d.trunc_n = 32);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 0", d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 48", d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20; d.trunc_n = 48);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 16 with MX", with_scales(&d, 1);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 16);
	CASE(-1, "TRUNC N 16 with NV", with_scales(&d, 2);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 16);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 24 with NV", with_scales(&d, 2);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 24);
	CASE(-1, "TRUNC N 8 with block 8", with_block(&d, 1, 8);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 8);
	CASE(-1, "TRUNC N 40 with block 8", with_block(&d, 2, 8);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 40);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 4 with block 8", with_block(&d, 1, 8);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 4);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 12 with block 8",
	     with_block(&d, 2, 8); d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20; d.trunc_n = 12);
	CASE(-1, "TRUNC N 16 with MX block 16", with_block(&d, 1, 16);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 16);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 16 with NV block 32",
	     with_block(&d, 2, 32); d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20; d.trunc_n = 16);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N 48 with NV block 32",
	     with_block(&d, 2, 32); d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20; d.trunc_n = 48);
	CASE(-1, "TRUNC N 65536 with block 8", with_block(&d, 1, 8);
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20; d.trunc_n = 65536);
	CASE(-1, "TRUNC N at max", d.acc_mode = MXA_HW_ACC_TRUNC;
	     d.trunc_w = 20; d.trunc_n = 65536);
	CASE(MXA_DESC_TRUNC_N, "TRUNC N above max",
	     d.acc_mode = MXA_HW_ACC_TRUNC; d.trunc_w = 20;
	     d.trunc_n = 65536 + 32);
	CASE(MXA_DESC_A_TSCALE, "tscale without NV", d.a_tscale = 0x3f800000);
	CASE(MXA_DESC_A_TSCALE, "tscale negative", with_scales(&d, 2);
	     d.a_tscale = 0xbf800000);
	CASE(MXA_DESC_A_TSCALE, "tscale -0", with_scales(&d, 2);
	     d.a_tscale = 0x80000000);
	CASE(MXA_DESC_A_TSCALE, "tscale inf", with_scales(&d, 2);
	     d.a_tscale = 0x7f800000);
	CASE(MXA_DESC_B_TSCALE, "tscale NaN", with_scales(&d, 2);
	     d.b_tscale = 0x7fc00000);
	CASE(-1, "tscale subnormal", with_scales(&d, 2); d.b_tscale = 1);
	CASE(MXA_DESC_B_TSCALE, "B tscale with MX", with_scales(&d, 1);
	     d.b_tscale = 0x3f800000);
	CASE(MXA_DESC_A_ADDR, "A at 2^39", d.a_addr = 1ull << 39);
	CASE(MXA_DESC_B_ADDR, "B above 2^63", d.b_addr = 1ull << 63);
	CASE(MXA_DESC_SA_ADDR, "SA without scales", d.sa_addr = 4);
	CASE(MXA_DESC_SA_ADDR, "SA at 2^39", with_scales(&d, 1);
	     d.sa_addr = 1ull << 39);
	CASE(MXA_DESC_SB_ADDR, "SB without scales", d.sb_addr = 4);
	CASE(MXA_DESC_SB_ADDR, "SB at 2^40", with_scales(&d, 2);
	     d.sb_addr = 1ull << 40);
	CASE(MXA_DESC_C_ADDR, "C without HAS_C", d.c_addr = 4);
	CASE(MXA_DESC_C_ADDR, "C unaligned", d.flags = 1; d.c_addr = 0x1002;
	     d.c_stride = 20);
	CASE(MXA_DESC_C_ADDR, "C at 2^39", d.flags = 1;
	     d.c_addr = 1ull << 39; d.c_stride = 20);
	CASE(-1, "C", d.flags = 1; d.c_addr = 0x1004; d.c_stride = 20);
	CASE(MXA_DESC_D_ADDR, "D FP32 2-aligned", d.d_addr = 0x3000002);
	CASE(MXA_DESC_D_ADDR, "D BF16 odd", d.out_fmt = MXA_HW_FMT_BF16;
	     d.d_addr = 0x3000001);
	CASE(-1, "D BF16 2-aligned", d.out_fmt = MXA_HW_FMT_BF16;
	     d.d_addr = 0x3000002);
	CASE(MXA_DESC_D_ADDR, "D at 2^39", d.d_addr = 1ull << 39);
	CASE(MXA_DESC_A_STRIDE, "A stride short", d.a_stride = 99);
	CASE(MXA_DESC_A_STRIDE, "FP6 stride short", d.a_fmt = MXA_HW_FMT_E3M2;
	     d.a_stride = 74);
	CASE(-1, "FP6 stride", d.a_fmt = MXA_HW_FMT_E2M3; d.a_stride = 75);
	CASE(MXA_DESC_A_STRIDE, "ternary stride short",
	     d.a_fmt = MXA_HW_FMT_TERNARY; d.a_stride = 24);
	CASE(-1, "ternary stride", d.a_fmt = MXA_HW_FMT_TERNARY;
	     d.a_stride = 25);
	CASE(MXA_DESC_A_STRIDE, "base-3 ternary stride short",
	     d.a_fmt = MXA_HW_FMT_TERNARY_B3; d.a_stride = 19);
	CASE(-1, "base-3 ternary stride", d.a_fmt = MXA_HW_FMT_TERNARY_B3;
	     d.a_stride = 20);
	CASE(MXA_DESC_B_STRIDE, "base-3 ternary stride K 101 short",
	     d.k = 101; d.a_stride = 101; d.b_fmt = MXA_HW_FMT_TERNARY_B3;
	     d.b_stride = 20);
	CASE(-1, "base-3 ternary stride K 101", d.k = 101; d.a_stride = 101;
	     d.b_fmt = MXA_HW_FMT_TERNARY_B3; d.b_stride = 21);
	CASE(-1, "base-3 ternary stride K 65536", d.k = 65536;
	     d.a_stride = 65536; d.b_fmt = MXA_HW_FMT_TERNARY_B3;
	     d.b_stride = 13108);
	CASE(MXA_DESC_B_STRIDE, "base-3 ternary stride K 65536 short",
	     d.k = 65536; d.a_stride = 65536;
	     d.b_fmt = MXA_HW_FMT_TERNARY_B3; d.b_stride = 13107);
	CASE(MXA_DESC_B_STRIDE, "FP4 stride short", d.b_stride = 49);
	CASE(-1, "FP4 stride odd K", d.k = 101; d.a_stride = 101;
	     d.b_stride = 51);
	CASE(MXA_DESC_B_STRIDE, "FP4 stride odd K short", d.k = 101;
	     d.a_stride = 101; d.b_stride = 50);
	CASE(MXA_DESC_SA_STRIDE, "SA stride without scales", d.sa_stride = 4);
	CASE(MXA_DESC_SA_STRIDE, "SA stride short", with_scales(&d, 1);
	     d.sa_stride = 3);
	CASE(MXA_DESC_SB_STRIDE, "SB stride short NV", with_scales(&d, 2);
	     d.sb_stride = 6);
	CASE(MXA_DESC_SA_STRIDE, "SA stride short block 8",
	     with_block(&d, 1, 8); d.sa_stride = 12);
	CASE(MXA_DESC_SB_STRIDE, "SB stride short NV block 32",
	     with_block(&d, 2, 32); d.sb_stride = 3);
	CASE(-1, "SB stride NV block 32", with_block(&d, 2, 32);
	     d.sa_stride = 4; d.sb_stride = 4);
	CASE(MXA_DESC_SB_STRIDE, "SB stride without scales", d.sb_stride = 1);
	CASE(MXA_DESC_C_STRIDE, "C stride without HAS_C", d.c_stride = 20);
	CASE(MXA_DESC_C_STRIDE, "C stride short", d.flags = 1;
	     d.c_addr = 0x1004; d.c_stride = 16);
	CASE(MXA_DESC_C_STRIDE, "C stride unaligned", d.flags = 1;
	     d.c_addr = 0x1004; d.c_stride = 22);
	CASE(MXA_DESC_D_STRIDE, "D stride short", d.d_stride = 16);
	CASE(MXA_DESC_D_STRIDE, "D stride 2-aligned", d.d_stride = 22);
	CASE(MXA_DESC_D_STRIDE, "D BF16 stride odd",
	     d.out_fmt = MXA_HW_FMT_BF16; d.d_stride = 11);
	CASE(-1, "D BF16 stride", d.out_fmt = MXA_HW_FMT_BF16;
	     d.d_stride = 10);
	/* The first invalid field in layout order is named. */
	CASE(MXA_DESC_M, "M and A_FMT bad", d.m = 0; d.a_fmt = 9);
	CASE(MXA_DESC_A_FMT, "A_FMT and D_STRIDE bad", d.a_fmt = 9;
	     d.d_stride = 0);
	CASE(MXA_DESC_FLAGS, "FLAGS and SEQ bad", d.flags = 4; d.seq = 0);
	/* NOP */
	CASE(-1, "NOP", memset(&d, 0, sizeof(d)); d.opcode = MXA_HW_OP_NOP;
	     d.seq = sh_next_seq(sh));
	CASE(MXA_DESC_SEQ, "NOP without SEQ", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP);
	CASE(MXA_DESC_FLAGS, "NOP with flags", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh); d.flags = 1);
	CASE(MXA_DESC_M, "NOP with M", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh); d.m = 1);
	CASE(MXA_DESC_TRUNC_W, "NOP with W", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh);
	     d.trunc_w = 1);
	CASE(MXA_DESC_BLOCK, "NOP with BLOCK", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh); d.block = 32);
	CASE(MXA_DESC_RSVD1, "NOP with RSVD1", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh); d.rsvd1 = 1);
	CASE(MXA_DESC_D_STRIDE, "NOP with D stride", memset(&d, 0, sizeof(d));
	     d.opcode = MXA_HW_OP_NOP; d.seq = sh_next_seq(sh);
	     d.d_stride = 4);
	CASE(MXA_DESC_PT_ROOT, "NOP with a root", d.opcode = MXA_HW_OP_NOP);
}

/* A random descriptor, valid or nearly so, then a few bytes corrupted. */
static void fuzz(struct sh *sh, struct batch *b, struct t_rng *rng)
{
	static const unsigned fmts[] = { 0, 1, 2, 3, 4, 5, 6, 7, 12 };
	static const unsigned blocks[] = { 0, 0, 8, 16, 32, 64 };

	for (int i = 0; i < FUZZ; i++) {
		struct mxa_hw_desc d;
		uint8_t *p = (uint8_t *)&d;
		unsigned flips = t_rng_below(rng, 4);

		sh_desc_matmul(&d, empty_root, 1 + t_rng_below(rng, 4096),
			       1 + t_rng_below(rng, 4096),
			       1 + t_rng_below(rng, 65536),
			       fmts[t_rng_below(rng, 9)],
			       fmts[t_rng_below(rng, 9)]);
		d.seq = sh_next_seq(sh);
		d.a_addr = t_rng_next(rng) >> 25;
		d.b_addr = t_rng_next(rng) >> 25;
		d.d_addr = (t_rng_next(rng) >> 25) & ~3ull;
		if (t_rng_below(rng, 2))
			with_block(&d, 1 + t_rng_below(rng, 2),
				   blocks[t_rng_below(rng, 6)]);
		if (t_rng_below(rng, 3) == 0) {
			uint32_t bs = sh_block_size(d.scale_mode, d.block);

			d.acc_mode = MXA_HW_ACC_TRUNC;
			d.trunc_w = 8 + t_rng_below(rng, 33);
			d.trunc_n = bs * (1 + t_rng_below(rng, 65536 / bs));
		}
		if (t_rng_below(rng, 3) == 0) {
			d.flags = 1;
			d.c_addr = (t_rng_next(rng) >> 25) & ~3ull;
			d.c_stride = 4 * d.n + 4 * t_rng_below(rng, 3);
		}
		if (t_rng_below(rng, 4) == 0)
			d.opcode = MXA_HW_OP_NOP;
		/* Corrupt bytes, leaving PT_ROOT (its rules are above) and
		 * SEQ alone; NOPs keep their SEQ too. */
		for (unsigned f = 0; f < flips; f++) {
			unsigned off;

			do {
				off = t_rng_below(rng, MXA_DESC_SIZE);
			} while (off >= MXA_DESC_SEQ &&
				 off < MXA_DESC_PT_ROOT + 8);
			p[off] ^= (uint8_t)(1 << t_rng_below(rng, 8));
		}
		add(sh, b, &d, -2, "fuzz");
	}
}

int main(void)
{
	struct sh sh;
	struct t_rng rng;
	static struct batch b;
	unsigned details = 0;

	sh_open(&sh, NULL);
	t_rng_seed(&rng, 5);
	sh_ring_start(&sh, RING_LOG2);
	empty_root = sh_as_new(&sh);
	each_rule(&sh, &b);
	fuzz(&sh, &b, &rng);
	run_batch(&sh, &b);
	for (unsigned i = 0; i < MXA_DESC_SIZE; i++)
		details += detail_seen[i];
	printf("%u descriptors checked, %u valid, %u distinct DETAIL values\n",
	       cases, valid, details);
	/* Every one of the 31 fields had a rule broken. */
	T_CHECK(details == 31, "fields seen");
	sh_close(&sh);
	return t_exit();
}
