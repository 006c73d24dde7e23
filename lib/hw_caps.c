// SPDX-License-Identifier: MIT
/*
 * hw_caps.c - what an mxa device can do, decoded from its ID, VERSION and
 * CAP_* registers (docs/hw-interface.md 3.1 and 4), for every backend that
 * drives the hardware.
 */
#include <errno.h>

#include "mxa_hw.h"
#include "mxa_priv.h"

/* The modes and formats this library knows (enum mxa_scale_mode, ...). */
#define KNOWN_SCALE_MODES (1u << MXA_SCALE_NONE | 1u << MXA_SCALE_MX | \
			   1u << MXA_SCALE_NV)
#define KNOWN_ACC_MODES (1u << MXA_ACC_FP32 | 1u << MXA_ACC_TRUNC | \
			 1u << MXA_ACC_EXACT)
#define KNOWN_ELEM_FORMATS MXA_HW_FMT_ELEMENT_MASK
#define KNOWN_OUT_FORMATS (1u << (MXA_FMT_BF16 - MXA_HW_FMT_OUTPUT_FIRST) | \
			   1u << (MXA_FMT_FP32 - MXA_HW_FMT_OUTPUT_FIRST))

int mxa__hw_caps_decode(const struct mxa__hw_regs *r,
			struct mxa_device_info *info)
{
	unsigned major = MXA_HW_GET(MXA_REG_VERSION_MAJOR, MXA__CAP(r, VERSION));
	unsigned minor = MXA_HW_GET(MXA_REG_VERSION_MINOR, MXA__CAP(r, VERSION));
	unsigned va_bits = MXA_HW_GET(MXA_REG_CAP_MEM_VA_BITS, MXA__CAP(r, CAP_MEM));

	if (MXA__CAP(r, ID) != MXA_HW_ID)
		return mxa__error(ENODEV,
				  "no mxa device: ID register reads 0x%08x, not 0x%08x",
				  MXA__CAP(r, ID), MXA_HW_ID);
	if (major != MXA_HW_VERSION_MAJOR)
		return mxa__error(ENOTSUP,
				  "mxa hardware interface version %u.%u is not supported: this library drives version %u.x",
				  major, minor, MXA_HW_VERSION_MAJOR);
	/*
	 * The numerics fix the standard block sizes and the page tables fix
	 * the virtual-address width; a device that differs is one this
	 * library would drive wrongly.
	 */
	if (MXA_HW_GET(MXA_REG_CAP_BLOCK_NONE, MXA__CAP(r, CAP_BLOCK)) !=
	    mxa_block_size(MXA_SCALE_NONE) ||
	    MXA_HW_GET(MXA_REG_CAP_BLOCK_MX, MXA__CAP(r, CAP_BLOCK)) !=
	    mxa_block_size(MXA_SCALE_MX) ||
	    MXA_HW_GET(MXA_REG_CAP_BLOCK_NV, MXA__CAP(r, CAP_BLOCK)) !=
	    mxa_block_size(MXA_SCALE_NV))
		return mxa__error(ENOTSUP,
				  "mxa device with block sizes CAP_BLOCK 0x%08x: this library needs 32, 32 and 16",
				  MXA__CAP(r, CAP_BLOCK));
	if (va_bits != MXA_HW_VA_BITS)
		return mxa__error(ENOTSUP,
				  "mxa device with %u-bit virtual addresses: this library builds page tables for %u",
				  va_bits, MXA_HW_VA_BITS);
	/* Jobs beyond the limits are split into parts of at most the limits. */
	if (!MXA__CAP(r, CAP_MAX_M) || !MXA__CAP(r, CAP_MAX_N) ||
	    !MXA__CAP(r, CAP_MAX_K))
		return mxa__error(ENOTSUP,
				  "mxa device with job limits %ux%ux%u (CAP_MAX_M, _N, _K): it runs no job",
				  MXA__CAP(r, CAP_MAX_M), MXA__CAP(r, CAP_MAX_N),
				  MXA__CAP(r, CAP_MAX_K));

	info->hw_version = MXA__CAP(r, VERSION);
	info->formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_ELEM, MXA__CAP(r, CAP_FORMATS)) &
			KNOWN_ELEM_FORMATS;
	info->scale_modes = MXA_HW_GET(MXA_REG_CAP_MODES_SCALE, MXA__CAP(r, CAP_MODES)) &
			    KNOWN_SCALE_MODES;
	info->acc_modes = MXA_HW_GET(MXA_REG_CAP_MODES_ACC, MXA__CAP(r, CAP_MODES)) &
			  KNOWN_ACC_MODES;
	info->out_formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_SO_OUT,
				       MXA__CAP(r, CAP_FORMATS_SO)) &
			    KNOWN_OUT_FORMATS;
	info->block_sizes = MXA_HW_GET(MXA_REG_CAP_BLOCK_SIZES, MXA__CAP(r, CAP_BLOCK)) &
			    MXA_BLOCK_SIZES;
	info->array_rows = MXA_HW_GET(MXA_REG_CAP_ARRAY_ROWS, MXA__CAP(r, CAP_ARRAY));
	info->array_cols = MXA_HW_GET(MXA_REG_CAP_ARRAY_COLS, MXA__CAP(r, CAP_ARRAY));
	info->lane_bits = MXA_HW_GET(MXA_REG_CAP_ARRAY_LANE_BITS, MXA__CAP(r, CAP_ARRAY));
	info->max_m = MXA__CAP(r, CAP_MAX_M);
	info->max_n = MXA__CAP(r, CAP_MAX_N);
	info->max_k = MXA__CAP(r, CAP_MAX_K);
	info->simulated = MXA_HW_GET(MXA_REG_CAP_FLAGS_SIM, MXA__CAP(r, CAP_FLAGS));
	/* CAP_LANE_ELEMS<i>: one byte per element format, four a register. */
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		uint32_t reg = r->cap[MXA_CAPIDX_CAP_LANE_ELEMS0 + f / 4];

		info->lane_elems[f] = info->formats >> f & 1 ?
				      reg >> (8 * (f % 4)) & 0xff : 0;
	}
	info->data_bits = MXA_HW_GET(MXA_REG_CAP_MEM_DATA_BITS, MXA__CAP(r, CAP_MEM));
	info->buf_depth = MXA_HW_GET(MXA_REG_CAP_BUF_DEPTH, MXA__CAP(r, CAP_BUF));
	if (info->acc_modes & 1u << MXA_ACC_TRUNC) {
		info->trunc_w_min = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MIN,
					       MXA__CAP(r, CAP_TRUNC));
		info->trunc_w_max = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MAX,
					       MXA__CAP(r, CAP_TRUNC));
	} else {
		info->trunc_w_min = 0;
		info->trunc_w_max = 0;
	}
	return 0;
}
