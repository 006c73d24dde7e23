// SPDX-License-Identifier: MIT
/*
 * test_top_caps.c - the capability registers of the simulated accelerator
 * against the parameters it was built with (passed to this program as
 * TOP_* macros): array shape, lane bits, exactly the element formats of
 * the build (TOP_FORMATS, from sim/top.mk's list of names), elements per
 * cycle of each format (FP4 exactly twice FP8, FP6 and the 5-bit E2M2 in
 * between, none for a format left out), largest K from the operand
 * memories, modes, TRUNC range, bus width; and that descriptors outside
 * them are refused: K above CAP_MAX_K, a mode that is not built, a format
 * left out as A or as B.
 */
#include <stdlib.h>

#include "rtl/top_harness.h"

/* Builds without EXACT (the board presets, hw/boards/) say so; the
 * configurations of sim/top.mk all have it. */
#ifndef TOP_EXACT
#define TOP_EXACT 1
#endif

/* The build has element format f. */
static bool has(unsigned f)
{
	return f < 32 && (TOP_FORMATS >> f & 1);
}

int main(void)
{
	const unsigned lb = TOP_LANE_BITS;
	struct top_caps caps;
	struct mxa_hw_desc d;
	struct mxa_hw_cmpl rec;
	struct sh sh;
	uint64_t root;
	uint32_t acc = 1u | (TOP_TRUNC ? 2u : 0u) | (TOP_EXACT ? 4u : 0u);
	/* A format of the build, for the descriptors that must fail else. */
	unsigned fmt = (unsigned)__builtin_ctz(TOP_FORMATS);

	sh_open(&sh, NULL);
	top_caps_read(&sh, &caps);

	T_CHECK(caps.rows == TOP_ROWS && caps.cols == TOP_COLS &&
		caps.lane_bits == lb, "CAP_ARRAY %ux%u x %u", caps.rows,
		caps.cols, caps.lane_bits);
	T_CHECK(caps.data_bits == TOP_DATA_BITS, "CAP_MEM.DATA_BITS %u",
		caps.data_bits);
	T_CHECK(caps.buf_depth == TOP_BUF_DEPTH, "CAP_BUF %u", caps.buf_depth);
	T_CHECK(caps.max_k == TOP_BUF_DEPTH * lb / 8, "CAP_MAX_K %u",
		caps.max_k);
	T_CHECK(caps.max_m >= 65536 && caps.max_n >= 65536,
		"CAP_MAX_M %u, CAP_MAX_N %u", caps.max_m, caps.max_n);
	T_CHECK(sh.cap[MXA_CAPIDX_CAP_FORMATS] == TOP_FORMATS,
		"CAP_FORMATS 0x%x, built with 0x%x",
		sh.cap[MXA_CAPIDX_CAP_FORMATS], TOP_FORMATS);
	T_CHECK(sh.cap[MXA_CAPIDX_CAP_FORMATS_SO] == 0x00030003,
		"CAP_FORMATS_SO 0x%x", sh.cap[MXA_CAPIDX_CAP_FORMATS_SO]);
	T_CHECK(caps.scale_modes == 7 && caps.acc_modes == acc,
		"CAP_MODES 0x%x", sh.cap[MXA_CAPIDX_CAP_MODES]);
	T_CHECK(TOP_TRUNC ? caps.trunc_w_min == 4 && caps.trunc_w_max == 32
			  : sh.cap[MXA_CAPIDX_CAP_TRUNC] == 0,
		"CAP_TRUNC 0x%x", sh.cap[MXA_CAPIDX_CAP_TRUNC]);
	T_CHECK(sh.cap[MXA_CAPIDX_CAP_FLAGS] & MXA_REG_CAP_FLAGS_SIM_MASK,
		"CAP_FLAGS.SIM");
	/* The standard sizes 32, 32, 16 and the sizes of the build: 8 to 64,
	 * a subset of the interface's and never without 16 and 32. */
	T_CHECK((sh.cap[MXA_CAPIDX_CAP_BLOCK] & 0x00ffffff) == 0x00102020,
		"CAP_BLOCK 0x%x", sh.cap[MXA_CAPIDX_CAP_BLOCK]);
	T_CHECK(caps.block_sizes == TOP_BLOCK_SIZES &&
		(caps.block_sizes & ~(uint32_t)MXA_HW_BLOCK_SIZES) == 0 &&
		(caps.block_sizes & 0x30) == 0x30,
		"CAP_BLOCK.SIZES 0x%x", caps.block_sizes);

	/*
	 * A unit takes LaneBits of each operand a cycle, rounded up to whole
	 * elements (a beat may span a few bits more), at most a pair per 2
	 * bits of it (its lanes); a format left out has no rate.
	 */
	for (unsigned f = 0; f < MXA_ELEM_FORMAT_SLOTS; f++) {
		unsigned bits = f < MXA_NUM_ELEM_FORMATS ?
			(unsigned)mxa_hw_fmt_bits(f) : 0;
		unsigned want = TOP_FORMATS >> f & 1 ?
			(lb + bits - 1) / bits : 0;

		T_CHECK(caps.elems[f] == want,
			"format %u (%u bits): %u elements per cycle, want %u",
			f, bits, caps.elems[f], want);
	}
	if (has(MXA_FMT_E2M1) && has(MXA_FMT_E4M3))
		T_CHECK(caps.elems[MXA_FMT_E2M1] ==
			2 * caps.elems[MXA_FMT_E4M3],
			"FP4 peak %u, FP8 peak %u", caps.elems[MXA_FMT_E2M1],
			caps.elems[MXA_FMT_E4M3]);
	if (has(MXA_FMT_TERNARY) && has(MXA_FMT_E2M1))
		T_CHECK(caps.elems[MXA_FMT_TERNARY] ==
			2 * caps.elems[MXA_FMT_E2M1],
			"ternary peak %u, FP4 peak %u",
			caps.elems[MXA_FMT_TERNARY], caps.elems[MXA_FMT_E2M1]);
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		unsigned bits = (unsigned)mxa_hw_fmt_bits(f);

		if (has(f) && bits > 4 && bits < 8 && has(MXA_FMT_E2M1) &&
		    has(MXA_FMT_E4M3))
			T_CHECK(caps.elems[f] > caps.elems[MXA_FMT_E4M3] &&
				caps.elems[f] < caps.elems[MXA_FMT_E2M1],
				"%s peak %u", mxa_format_name(f),
				caps.elems[f]);
	}

	/* Descriptors beyond what the engine reported are refused. */
	sh_ring_start(&sh, 1);
	root = sh_as_new(&sh);
	sh_desc_matmul(&d, root, 1, 1, caps.max_k + 1, fmt, fmt);
	d.seq = sh_next_seq(&sh);
	sh_run_job(&sh, &d, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC && rec.detail == MXA_DESC_K,
		"K = CAP_MAX_K + 1: status %u detail 0x%x", rec.status,
		rec.detail);
	/* BLOCK beyond the build's sizes, or without scales, is refused. */
	for (unsigned i = 0; i < 8; i++) {
		bool ok = caps.block_sizes >> i & 1;

		sh_desc_matmul(&d, root, 1, 1, 100, MXA_HW_FMT_E4M3,
			       MXA_HW_FMT_E2M1);
		d.scale_mode = MXA_HW_SCALE_MX;
		d.block = (uint8_t)(1u << i);
		d.sa_addr = d.sb_addr = 0x1000;
		d.sa_stride = d.sb_stride = (100 + (1u << i) - 1) >> i;
		d.seq = sh_next_seq(&sh);
		sh_run_job(&sh, &d, &rec);
		/* a good descriptor runs into the empty address space */
		T_CHECK(ok ? rec.status == MXA_HW_STATUS_MMU_UNMAPPED
			   : rec.status == MXA_HW_STATUS_BAD_DESC &&
			     rec.detail == MXA_DESC_BLOCK,
			"BLOCK %u: status %u detail 0x%x", 1u << i, rec.status,
			rec.detail);
	}
	sh_desc_matmul(&d, root, 1, 1, 32, MXA_HW_FMT_E4M3, MXA_HW_FMT_E4M3);
	d.block = 32;
	d.seq = sh_next_seq(&sh);
	sh_run_job(&sh, &d, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC &&
		rec.detail == MXA_DESC_BLOCK,
		"BLOCK without scales: status %u detail 0x%x", rec.status,
		rec.detail);
	/* An accumulation mode the build left out is refused. */
	static const struct {
		uint32_t mode;
		bool built;
		const char *name;
	} modes[] = {
		{ MXA_HW_ACC_TRUNC, TOP_TRUNC, "TRUNC" },
		{ MXA_HW_ACC_EXACT, TOP_EXACT, "EXACT" },
	};
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (modes[i].built)
			continue;
		sh_desc_matmul(&d, root, 1, 1, 32, fmt, fmt);
		d.acc_mode = modes[i].mode;
		if (modes[i].mode == MXA_HW_ACC_TRUNC) {
			d.trunc_w = 14;
			d.trunc_n = 128;
		}
		d.seq = sh_next_seq(&sh);
		sh_run_job(&sh, &d, &rec);
		T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC &&
			rec.detail == MXA_DESC_ACC_MODE,
			"%s without the mode: status %u detail 0x%x",
			modes[i].name, rec.status, rec.detail);
	}
	/* A format left out, as A and as B, even with a built one beside. */
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		if (has(f))
			continue;
		for (unsigned as_b = 0; as_b < 2; as_b++) {
			sh_desc_matmul(&d, root, 1, 1, 32, as_b ? fmt : f,
				       as_b ? f : fmt);
			d.seq = sh_next_seq(&sh);
			sh_run_job(&sh, &d, &rec);
			T_CHECK(rec.status == MXA_HW_STATUS_BAD_DESC &&
				rec.detail == (as_b ? MXA_DESC_B_FMT :
					       MXA_DESC_A_FMT),
				"%s left out, as %s: status %u detail 0x%x",
				mxa_format_name(f), as_b ? "B" : "A",
				rec.status, rec.detail);
		}
	}
	sh_close(&sh);
	return t_exit();
}
