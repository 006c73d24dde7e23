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

int mxa__hw_caps_decode(const struct mxa__hw_regs *r,
			struct mxa_device_info *info)
{
	unsigned major = MXA_HW_GET(MXA_REG_VERSION_MAJOR, r->version);
	unsigned minor = MXA_HW_GET(MXA_REG_VERSION_MINOR, r->version);
	unsigned va_bits = MXA_HW_GET(MXA_REG_CAP_MEM_VA_BITS, r->cap_mem);

	if (r->id != MXA_HW_ID)
		return mxa__error(ENODEV,
				  "no mxa device: ID register reads 0x%08x, not 0x%08x",
				  r->id, MXA_HW_ID);
	if (major != MXA_HW_VERSION_MAJOR)
		return mxa__error(ENOTSUP,
				  "mxa hardware interface version %u.%u is not supported: this library drives version %u.x",
				  major, minor, MXA_HW_VERSION_MAJOR);
	/*
	 * The numerics fix the block sizes and the page tables fix the
	 * virtual-address width; a device that differs is one this library
	 * would drive wrongly.
	 */
	if (MXA_HW_GET(MXA_REG_CAP_BLOCK_NONE, r->cap_block) !=
	    mxa_block_size(MXA_SCALE_NONE) ||
	    MXA_HW_GET(MXA_REG_CAP_BLOCK_MX, r->cap_block) !=
	    mxa_block_size(MXA_SCALE_MX) ||
	    MXA_HW_GET(MXA_REG_CAP_BLOCK_NV, r->cap_block) !=
	    mxa_block_size(MXA_SCALE_NV))
		return mxa__error(ENOTSUP,
				  "mxa device with block sizes CAP_BLOCK 0x%08x: this library needs 32, 32 and 16",
				  r->cap_block);
	if (va_bits != MXA_HW_VA_BITS)
		return mxa__error(ENOTSUP,
				  "mxa device with %u-bit virtual addresses: this library builds page tables for %u",
				  va_bits, MXA_HW_VA_BITS);

	info->hw_version = r->version;
	info->formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_ELEM, r->cap_formats) &
			KNOWN_ELEM_FORMATS;
	info->scale_modes = MXA_HW_GET(MXA_REG_CAP_MODES_SCALE, r->cap_modes) &
			    KNOWN_SCALE_MODES;
	info->acc_modes = MXA_HW_GET(MXA_REG_CAP_MODES_ACC, r->cap_modes) &
			  KNOWN_ACC_MODES;
	info->array_rows = MXA_HW_GET(MXA_REG_CAP_ARRAY_ROWS, r->cap_array);
	info->array_cols = MXA_HW_GET(MXA_REG_CAP_ARRAY_COLS, r->cap_array);
	info->lane_bits = MXA_HW_GET(MXA_REG_CAP_ARRAY_LANE_BITS, r->cap_array);
	info->max_m = r->cap_max_m;
	info->max_n = r->cap_max_n;
	info->max_k = r->cap_max_k;
	info->simulated = MXA_HW_GET(MXA_REG_CAP_FLAGS_SIM, r->cap_flags);
	/* CAP_LANE_ELEMS0/1: one byte per format, formats 0-3 then 4-6. */
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		uint32_t reg = f < 4 ? r->cap_lane_elems0 : r->cap_lane_elems1;

		info->lane_elems[f] = info->formats >> f & 1 ?
				      reg >> (8 * (f % 4)) & 0xff : 0;
	}
	info->data_bits = MXA_HW_GET(MXA_REG_CAP_MEM_DATA_BITS, r->cap_mem);
	info->buf_depth = MXA_HW_GET(MXA_REG_CAP_BUF_DEPTH, r->cap_buf);
	if (info->acc_modes & 1u << MXA_ACC_TRUNC) {
		info->trunc_w_min = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MIN,
					       r->cap_trunc);
		info->trunc_w_max = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MAX,
					       r->cap_trunc);
	} else {
		info->trunc_w_min = 0;
		info->trunc_w_max = 0;
	}
	return 0;
}
