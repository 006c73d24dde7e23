// SPDX-License-Identifier: MIT
/*
 * fuzz_hw.c - what the library reads from a device (docs/hw-interface.md):
 * its capability registers (lib/hw_caps.c, the probe of every hardware
 * backend) and a job's completion record (lib/hw_record.c, how a job on
 * sim or drm ends), both from the fuzz input.
 *
 * Invariants besides the sanitizers': a device the probe accepts is one
 * the library can drive (its limits at least 1, only formats and modes the
 * library knows); a record ends a fence with status 0 exactly when its
 * STATUS is OK, otherwise with the interface's errno and a reason, and an
 * unwritten record (SEQ 0) ends nothing.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "mxa_hw.h"
#include "mxa_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_caps(struct fz *f)
{
	struct mxa__hw_regs regs;
	struct mxa_device_info info;
	uint8_t real = fz_u8(f);
	int ret;

	for (unsigned i = 0; i < MXA_CAPIDX_COUNT; i++)
		regs.cap[i] = fz_u32(f);
	/* Mostly an mxa device of the version driven, so the rest is read. */
	if (real & 1)
		regs.cap[MXA_CAPIDX_ID] = MXA_HW_ID;
	if (real & 2)
		regs.cap[MXA_CAPIDX_VERSION] =
			(regs.cap[MXA_CAPIDX_VERSION] & ~MXA_REG_VERSION_MAJOR_MASK) |
			MXA_HW_SET(MXA_REG_VERSION_MAJOR, MXA_HW_VERSION_MAJOR);
	memset(&info, 0, sizeof(info));
	ret = mxa__hw_caps_decode(&regs, &info);
	FZ_CHECK(ret == 0 || ret == -ENODEV || ret == -ENOTSUP, "%d", ret);
	if (ret) {
		FZ_CHECK(mxa_last_error()[0], "refusal %d without a reason", ret);
		return;
	}
	FZ_CHECK(info.max_m && info.max_n && info.max_k,
		 "accepted limits %ux%ux%u", info.max_m, info.max_n, info.max_k);
	FZ_CHECK(!(info.formats & ~MXA_HW_FMT_ELEMENT_MASK), "formats 0x%x",
		 info.formats);
	FZ_CHECK(!(info.block_sizes & ~MXA_BLOCK_SIZES), "block sizes 0x%x",
		 info.block_sizes);
	FZ_CHECK(info.scale_modes < 8 && info.acc_modes < 8 &&
		 info.out_formats < 4, "modes %x %x %x", info.scale_modes,
		 info.acc_modes, info.out_formats);
	for (unsigned i = 0; i < MXA_NUM_ELEM_FORMATS; i++)
		FZ_CHECK(info.formats >> i & 1 || !info.lane_elems[i],
			 "lanes for format %u the device lacks", i);
}

static void check_record(struct fz *f)
{
	struct mxa_hw_cmpl rec;
	struct mxa_fence fence;
	unsigned status;
	int ret;

	memset(&rec, 0, sizeof(rec));
	for (size_t i = 0; i < sizeof(rec); i++)
		((uint8_t *)&rec)[i] = fz_u8(f);
	/* Mostly a STATUS of the interface's. */
	if (!(fz_u8(f) & 3))
		rec.status = htole16(fz_u8(f) % 16);
	status = le16toh(rec.status);
	memset(&fence, 0, sizeof(fence));
	fence.status = 1;
	ret = mxa__hw_record_end(&fence, &rec);
	if (!rec.seq) {
		FZ_CHECK(ret == -ENOENT && fence.status == 1,
			 "an unwritten record ended a fence: %d", ret);
		return;
	}
	FZ_CHECK(!ret, "record: %d", ret);
	if (status == MXA_HW_STATUS_OK) {
		FZ_CHECK(!fence.status, "status OK gave %d", fence.status);
		return;
	}
	FZ_CHECK(fence.status < 0 && fence.status == -mxa_hw_status_errno(status),
		 "status %u gave %d", status, fence.status);
	FZ_CHECK(fence.error[0] && memchr(fence.error, '\0', sizeof(fence.error)),
		 "status %u without a reason", status);
	FZ_CHECK(fence.stats.macs == le64toh(rec.macs) &&
		 fence.stats.cycles == le64toh(rec.cycles),
		 "statistics not the record's");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	if (fz_u8(&f) & 1)
		check_record(&f);
	else
		check_caps(&f);
	return 0;
}
