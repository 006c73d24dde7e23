// SPDX-License-Identifier: MIT
/*
 * emu_backend.c - the "emu" device: buffers in host memory, jobs computed by
 * the bit-exact emulator when they are submitted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mxa_hw.h"
#include "mxa_priv.h"

/* The emulator's limits: large enough for any job a host can hold. */
#define EMU_MAX_DIM (1u << 20)

static int emu_open(struct mxa_device *dev, const char *options)
{
	struct mxa_device_info *info = &dev->info;

	if (options[0])
		return mxa__error(EINVAL, "device 'emu' takes no options (got '%s')",
				  options);
	info->backend = MXA_BACKEND_EMU;
	info->hw_version = 0;
	info->formats = MXA_HW_FMT_ELEMENT_MASK;
	info->scale_modes = 1u << MXA_SCALE_NONE | 1u << MXA_SCALE_MX |
			    1u << MXA_SCALE_NV;
	info->acc_modes = 1u << MXA_ACC_FP32 | 1u << MXA_ACC_TRUNC |
			  1u << MXA_ACC_EXACT;
	info->out_formats = 1u << (MXA_FMT_BF16 - MXA_HW_FMT_OUTPUT_FIRST) |
			    1u << (MXA_FMT_FP32 - MXA_HW_FMT_OUTPUT_FIRST);
	info->block_sizes = MXA_BLOCK_SIZES;
	info->trunc_w_min = MXA_HW_TRUNC_W_MIN;
	info->trunc_w_max = MXA_HW_TRUNC_W_MAX;
	info->max_m = EMU_MAX_DIM;
	info->max_n = EMU_MAX_DIM;
	info->max_k = EMU_MAX_DIM;
	info->simulated = 0;
	strcpy(info->name, "mxa emulator");
	return 0;
}

static void emu_close(struct mxa_device *dev)
{
	(void)dev;
}

static int emu_buffer_new(struct mxa_device *dev, struct mxa_buffer *buf)
{
	(void)dev;
	/* Zeroed like the pages of a fresh GEM buffer. */
	buf->map = calloc(1, buf->size);
	if (!buf->map)
		return mxa__error(ENOMEM, "buffer of %zu bytes: out of memory",
				  buf->size);
	return 0;
}

static void emu_buffer_del(struct mxa_device *dev, struct mxa_buffer *buf)
{
	(void)dev;
	free(buf->map);
}

static int emu_submit(struct mxa_device *dev, const struct mxa__job *job,
		      struct mxa_fence *fence)
{
	(void)dev;
	fence->status = mxa__emu_matmul(job);
	return 0;
}

static int emu_wait(struct mxa_device *dev, struct mxa_fence *fence,
		    int64_t timeout_ns)
{
	(void)dev;
	(void)fence;
	(void)timeout_ns;
	return 0;	/* jobs complete at submission */
}

const struct mxa_backend_ops mxa__emu_backend = {
	.name = "emu",
	.open = emu_open,
	.close = emu_close,
	.buffer_new = emu_buffer_new,
	.buffer_del = emu_buffer_del,
	.submit = emu_submit,
	.wait = emu_wait,
};
