// SPDX-License-Identifier: MIT
/*
 * cmd_info.c - "mxa info": what a device supports, from mxa_device_query().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxa.h"
#include "tool.h"

static const char help[] =
	"Usage: mxa info [--device D]\n"
	"\n"
	"Opens a device and prints its capabilities: backend, element formats,\n"
	"scale modes, accumulation modes, job size limits and, for hardware\n"
	"(sim, drm), what its capability registers say: array geometry,\n"
	"elements per cycle of each format, memory port.\n"
	"\n"
	"Options:\n"
	"  --device D   emu, sim[:options], drm[:path] or auto (default: emu)\n"
	"  --help       show this help and exit\n";

static const char *const backend_names[] = {
	[MXA_BACKEND_EMU] = "emu",
	[MXA_BACKEND_SIM] = "sim",
	[MXA_BACKEND_DRM] = "drm",
};

static const char *const scale_names[] = { "none", "mx", "nv" };
static const char *const acc_names[] = { "fp32", "trunc", "exact" };

static void print_names(const char *label, uint32_t bits,
			const char *const *names, unsigned n)
{
	const char *sep = "";

	printf("%-14s", label);
	for (unsigned i = 0; i < n; i++) {
		if (bits & (1u << i)) {
			printf("%s%s", sep, names[i]);
			sep = " ";
		}
	}
	printf("%s\n", *sep ? "" : "(none)");
}

/* The block sizes a job may ask for with MX or NV scales. */
static void print_blocks(const struct mxa_device_info *info)
{
	const char *sep = "";

	printf("%-14s", "block sizes:");
	for (unsigned i = 0; i < 32; i++)
		if (info->block_sizes >> i & 1) {
			printf("%s%u", sep, 1u << i);
			sep = " ";
		}
	printf("%s (mx %u, nv %u unless a job asks)\n", *sep ? "" : "none",
	       mxa_block_size(MXA_SCALE_MX), mxa_block_size(MXA_SCALE_NV));
}

/* Elements per cycle per unit, and the peak MACs per cycle of the array. */
static void print_lanes(const struct mxa_device_info *info)
{
	const char *label = "lanes:";
	int width = 0;

	/* One column for the names, the same on every device. */
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		int len = (int)strlen(mxa_format_name((enum mxa_format)f));

		if (len > width)
			width = len;
	}
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		if (!(info->formats & (1u << f)))
			continue;
		printf("%-14s%-*s%3u per unit per cycle, peak %llu MACs/cycle\n",
		       label, width, mxa_format_name((enum mxa_format)f),
		       info->lane_elems[f],
		       (unsigned long long)mxa_device_peak_macs(info,
			       (enum mxa_format)f, (enum mxa_format)f));
		label = "";
	}
}

int cmd_info(int argc, char **argv)
{
	struct tool_opt opts[] = {
		{ "device", 1, NULL },
	};
	const char *formats[MXA_NUM_ELEM_FORMATS];
	struct mxa_device_info info;
	struct mxa_device *dev;
	struct tool_args args;
	const char *spec;
	int ret;

	ret = tool_parse("info", argc, argv, opts, 1, &args);
	if (ret)
		return ret;
	if (tool_show_help(help, &args))
		return 0;
	ret = tool_want_pos("info", &args, 0, "");
	free(args.pos);
	if (ret)
		return ret;

	spec = opts[0].value ? opts[0].value : "emu";
	if (mxa_device_open(spec, &dev))
		return tool_fail(TOOL_EXIT_FAIL, "--device", "%s",
				 mxa_last_error());
	ret = mxa_device_query(dev, &info);
	mxa_device_close(dev);
	if (ret)
		return tool_fail(TOOL_EXIT_FAIL, spec, "%s", mxa_last_error());

	for (unsigned i = 0; i < MXA_NUM_ELEM_FORMATS; i++)
		formats[i] = mxa_format_name((enum mxa_format)i);
	printf("%-14s%s\n", "device:", info.name);
	printf("%-14s%s%s\n", "backend:",
	       (unsigned)info.backend <= MXA_BACKEND_DRM ?
	       backend_names[info.backend] : "unknown",
	       info.simulated ? " (simulated hardware)" : "");
	printf("%-14s0x%08x\n", "hw version:", info.hw_version);
	print_names("formats:", info.formats, formats, MXA_NUM_ELEM_FORMATS);
	print_names("scale modes:", info.scale_modes, scale_names, 3);
	print_blocks(&info);
	print_names("accumulate:", info.acc_modes, acc_names, 3);
	if (info.array_rows) {
		printf("%-14s%u x %u dot-product units, %u-bit lanes\n",
		       "array:", info.array_rows, info.array_cols,
		       info.lane_bits);
		print_lanes(&info);
		printf("%-14s%u-bit data, operand memories of %u lane words\n",
		       "memory port:", info.data_bits, info.buf_depth);
		if (info.acc_modes & (1u << MXA_ACC_TRUNC))
			printf("%-14skept bits %u to %u\n", "trunc:",
			       info.trunc_w_min, info.trunc_w_max);
	} else
		printf("%-14snone (computed on the host)\n", "array:");
	printf("%-14sM %u, N %u, K %u\n", "max job:", info.max_m, info.max_n,
	       info.max_k);
	return 0;
}
