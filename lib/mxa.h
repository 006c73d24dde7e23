/* SPDX-License-Identifier: MIT */
/*
 * mxa.h - the public interface of libmxa.
 *
 * One header, one prefix. Every function that can fail returns 0 (or a
 * non-negative count) on success and a negative errno value on failure; the
 * human-readable reason for the last failure of the calling thread is kept
 * and returned by mxa_last_error(). Handles are opaque.
 *
 * The arithmetic behind every function here is defined in docs/numerics.md.
 */
#ifndef MXA_H
#define MXA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MXA_VERSION_MAJOR 1
#define MXA_VERSION_MINOR 0

/* ------------------------------------------------------------------------
 * Formats
 */

/**
 * The number formats: those of hw/interface/mxa_formats.toml, with the
 * values of the hardware's enum FMT (part of the ABI). Element formats are
 * 0 to MXA_NUM_ELEM_FORMATS - 1.
 */
/* BEGIN GENERATED formats from hw/interface/mxa_formats.toml, do not edit */
enum mxa_format {
	MXA_FMT_E5M2 = 0,	/* element: OCP FP8 E5M2. */
	MXA_FMT_E4M3 = 1,	/* element: OCP FP8 E4M3. */
	MXA_FMT_E3M2 = 2,	/* element: OCP FP6 E3M2. */
	MXA_FMT_E2M3 = 3,	/* element: OCP FP6 E2M3. */
	MXA_FMT_E2M1 = 4,	/* element: OCP FP4 E2M1. */
	/*
	 * element: Two's complement 8-bit integer; code x 2^-6 under a block
	 * scale (OCP MXINT8).
	 */
	MXA_FMT_INT8 = 5,
	/* element: Ternary weight -1, 0 or +1 (BitNet b1.58). */
	MXA_FMT_TERNARY = 6,
	/*
	 * element: FP8 E3M4 with IEEE-like infinities and NaNs (ml_dtypes
	 * float8_e3m4).
	 */
	MXA_FMT_E3M4 = 7,
	/*
	 * element: FP8 E4M3 without infinities or negative zero (AMD MI300,
	 * Graphcore).
	 */
	MXA_FMT_E4M3FNUZ = 8,
	/*
	 * element: FP8 E5M2 without infinities or negative zero (AMD MI300,
	 * Graphcore).
	 */
	MXA_FMT_E5M2FNUZ = 9,
	/*
	 * element: Two's complement 4-bit integer; code x 2^-2 under a block
	 * scale (MXINT4-style).
	 */
	MXA_FMT_INT4 = 10,
	/* element: A 5-bit float: 2 exponent and 2 mantissa bits, finite only. */
	MXA_FMT_E2M2 = 11,
	/*
	 * element: Ternary weights packed five to a byte in base 3 (1.6 bits
	 * each, the density of llama.cpp's TQ1_0).
	 */
	MXA_FMT_TERNARY_B3 = 12,
	/* scale: Block scale of the MX scale mode: 2^(code - 127); 0xFF is NaN. */
	MXA_FMT_E8M0 = 32,
	/*
	 * scale: Block scale of the NV scale mode: E4M3 without its sign (codes
	 * 0x80 and above are invalid).
	 */
	MXA_FMT_UE4M3 = 33,
	/* output: BF16, rounded to nearest even from the FP32 result. */
	MXA_FMT_BF16 = 48,
	/* output: IEEE binary32, also the accumulator. */
	MXA_FMT_FP32 = 49,
	MXA_FMT_COUNT = 50
};

/** Number of element formats usable as matmul operands. */
#define MXA_NUM_ELEM_FORMATS 13
/** Room for element formats in tables indexed by format. */
#define MXA_ELEM_FORMAT_SLOTS 32
/* END GENERATED formats */

enum mxa_round {
	MXA_ROUND_RNE = 0,	/* to nearest, ties to even (default) */
	MXA_ROUND_RZ = 1,	/* toward zero */
	MXA_ROUND_RU = 2,	/* up, away from zero on magnitude: E8M0 only */
};

enum mxa_scale_mode {
	MXA_SCALE_NONE = 0,	/* no block scales */
	MXA_SCALE_MX = 1,	/* E8M0 per 32 K elements (OCP MX v1.0) */
	MXA_SCALE_NV = 2,	/* UE4M3 per 16 K elements (NVFP4) */
};

enum mxa_acc {
	MXA_ACC_FP32 = 0,	/* canonical: exact block sums, FP32 adds */
	MXA_ACC_TRUNC = 1,	/* aligned, truncated fixed point, promoted */
	MXA_ACC_EXACT = 2,	/* Kulisch: one rounding per output (scale none) */
};

/** Options of a conversion from float. */
struct mxa_convert_opts {
	enum mxa_round round;
	int saturate;		/* FP8 only: 1 saturates (default), 0 does not */
};

/** Properties of a format (see docs/numerics.md for the tables). */
struct mxa_format_info {
	const char *name;	/* "e4m3", ... */
	unsigned bits;		/* storage bits per element */
	unsigned exp_bits, man_bits;
	int bias;
	float max_normal;	/* largest finite value */
	float min_normal;	/* smallest positive normal (0 for integers) */
	float min_subnormal;	/* smallest positive value */
	int has_inf, has_nan;
};

int mxa_format_info(enum mxa_format fmt, struct mxa_format_info *info);
/** Parses "e4m3", "int8", ...; returns the format or -EINVAL. */
int mxa_format_parse(const char *name);
const char *mxa_format_name(enum mxa_format fmt);

/**
 * mxa_decode() - value of one code as a float (exact for every format).
 * @scaled: for MXA_FMT_INT8, nonzero gives the MXINT8 value code x 2^-6.
 * Returns 0 or -EINVAL for an unknown format or an invalid code (ternary 10,
 * a UE4M3 code with the sign bit set, bits above the format's width).
 */
int mxa_decode(enum mxa_format fmt, uint8_t code, int scaled, float *value);

/** mxa_encode() - code of a float, rounded and saturated as @opts says. */
int mxa_encode(enum mxa_format fmt, float x, const struct mxa_convert_opts *opts,
	       uint8_t *code);

/** Encodes a double (exact inputs beyond float, used by block quantization). */
int mxa_encode_double(enum mxa_format fmt, double x,
		      const struct mxa_convert_opts *opts, uint8_t *code);

/** Element-wise array conversions; one code per byte. */
int mxa_quantize(enum mxa_format fmt, const float *x, size_t count,
		 const struct mxa_convert_opts *opts, uint8_t *codes);
int mxa_dequantize(enum mxa_format fmt, const uint8_t *codes, size_t count,
		   float *x);

/** FP32 to BF16, round to nearest even; NaN becomes 0x7FC0. */
uint16_t mxa_fp32_to_bf16(float x);

/* ------------------------------------------------------------------------
 * Block-scaled quantization of a matrix
 */

enum mxa_scale_rule {
	MXA_SCALE_RULE_FLOOR = 0,	/* OCP MX: 2^(floor(log2 amax) - emax) */
	MXA_SCALE_RULE_CEIL = 1,	/* round amax/max_elem up to 2^n */
};

struct mxa_block_quant_opts {
	enum mxa_format format;		/* element format */
	enum mxa_scale_mode scale;	/* MX or NV */
	enum mxa_scale_rule rule;	/* MX only */
	int tensor_scale;		/* NV only: compute a per-tensor scale */
	unsigned block_size;		/* 8, 16, 32 or 64; 0: the mode's own */
};

/**
 * Standard block size along K of a scale mode (32 for none and MX, 16 for
 * NV): what a job or a quantization with block_size 0 uses.
 */
unsigned mxa_block_size(enum mxa_scale_mode scale);

/**
 * mxa_quantize_blocks() - quantize a row-major float matrix with block scales.
 * @x: @rows x @cols floats, row-major.
 * @k_along_rows: nonzero when K runs along a row (A, shape M x K): blocks are
 *	consecutive elements of a row, scales are rows x ceil(cols/bs). Zero when
 *	K runs down a column (B, shape K x N): scales are ceil(rows/bs) x cols.
 * @codes: rows x cols element codes, one per byte, row-major.
 * @scales: scale codes, row-major in the shape above.
 * @tensor_scale: NV with tensor_scale: receives the FP32 per-tensor scale
 *	(1.0 otherwise); may be NULL when not wanted.
 */
int mxa_quantize_blocks(const struct mxa_block_quant_opts *opts, const float *x,
			size_t rows, size_t cols, int k_along_rows, uint8_t *codes,
			uint8_t *scales, float *tensor_scale);

/* ------------------------------------------------------------------------
 * Packed layouts (what the hardware reads): K contiguous, rows byte aligned.
 */

/** Bytes taken by @count packed elements of @fmt (rounded up). */
size_t mxa_packed_size(enum mxa_format fmt, size_t count);

/** Packs @count codes (one per byte) into @dst; checks every code. */
int mxa_pack(enum mxa_format fmt, const uint8_t *codes, size_t count, void *dst);
/** Unpacks @count elements from @src into one code per byte. */
int mxa_unpack(enum mxa_format fmt, const void *src, size_t count,
	       uint8_t *codes);

/* ------------------------------------------------------------------------
 * Devices, buffers and jobs
 */

struct mxa_device;
struct mxa_buffer;
struct mxa_fence;

enum mxa_backend {
	MXA_BACKEND_EMU = 0,	/* bit-exact C emulator */
	MXA_BACKEND_SIM = 1,	/* Verilated RTL, in process */
	MXA_BACKEND_DRM = 2,	/* mxa.ko */
};

struct mxa_device_info {
	enum mxa_backend backend;
	uint32_t hw_version;
	uint32_t formats;	/* bit (1 << enum mxa_format) per element format */
	uint32_t out_formats;	/* bit (1 << (format - MXA_FMT_BF16)) */
	uint32_t scale_modes;	/* bit (1 << enum mxa_scale_mode) */
	uint32_t acc_modes;	/* bit (1 << enum mxa_acc) */
	uint32_t block_sizes;	/* bit (1 << i): MX and NV blocks of 2^i */
	uint32_t array_rows, array_cols;
	uint32_t lane_bits;
	/*
	 * The largest job the device runs as one; larger ones run as parts
	 * (mxa_matmul_submit()).
	 */
	uint32_t max_m, max_n, max_k;
	int simulated;
	char name[64];
	uint32_t trunc_w_min, trunc_w_max;	/* TRUNC kept bits range */
	/* Hardware backends (sim, drm); 0 on emu. */
	uint32_t lane_elems[MXA_ELEM_FORMAT_SLOTS];	/* per unit per cycle */
	uint32_t data_bits;	/* memory port width */
	uint32_t buf_depth;	/* operand memory depth, in lane words */
};

/*
 * Peak multiply-accumulates per cycle of a device for a format pair:
 * rows x cols x the smaller of the two formats' lane elements; 0 on emu.
 */
uint64_t mxa_device_peak_macs(const struct mxa_device_info *info,
			      enum mxa_format a_format,
			      enum mxa_format b_format);

/**
 * mxa_device_open() - open a device.
 * @spec: "emu", "sim[:options]", "drm[:path]" or "auto".
 */
int mxa_device_open(const char *spec, struct mxa_device **dev);
/*
 * Closes the handle: jobs whose end has not been waited for are stopped or
 * abandoned and their fences fail with -ECANCELED; buffers stay mapped
 * until mxa_buffer_del(), and the device's memory goes with the last one.
 */
void mxa_device_close(struct mxa_device *dev);
int mxa_device_query(struct mxa_device *dev, struct mxa_device_info *info);

/** Device memory: mapped into the caller, addressed by the device. */
int mxa_buffer_new(struct mxa_device *dev, size_t size, struct mxa_buffer **buf);
void mxa_buffer_del(struct mxa_buffer *buf);
void *mxa_buffer_map(struct mxa_buffer *buf);
size_t mxa_buffer_size(const struct mxa_buffer *buf);

/** Where a matrix lives: a buffer, a byte offset and a row stride in bytes. */
struct mxa_operand {
	struct mxa_buffer *buf;
	uint64_t offset;
	uint64_t stride;
};

/**
 * struct mxa_matmul - D = C + A x B in the arithmetic of docs/numerics.md.
 *
 * Layouts (docs/numerics.md, "Packed layouts"): A is M rows of K packed
 * elements; B is N rows (the columns of B) of K packed elements; a_scale is M
 * rows of ceil(K/bs) scale bytes, b_scale N rows of ceil(K/bs), bs the block
 * size (block_size, or mxa_block_size() of the scale mode); C and D are M
 * rows of N FP32 (D: BF16 when out_format is MXA_FMT_BF16). A stride of 0
 * means "packed rows".
 */
struct mxa_matmul {
	uint32_t m, n, k;
	enum mxa_format a_format, b_format;
	enum mxa_scale_mode scale;
	uint32_t block_size;	/* MX, NV: K elements per scale, one of the
				 * device's block_sizes (0 = the mode's own) */
	enum mxa_acc acc;
	uint32_t acc_bits;	/* TRUNC: kept bits W (0 = default) */
	uint32_t acc_interval;	/* TRUNC: promotion interval N (0 = default) */
	enum mxa_format out_format;	/* MXA_FMT_FP32 or MXA_FMT_BF16 */
	float a_tensor_scale;	/* NV: per-tensor FP32 scales (0 = none) */
	float b_tensor_scale;
	struct mxa_operand a, b, a_scale, b_scale, c, d;	/* c.buf may be NULL */
};

/*
 * The block sizes a job may ask for with MX or NV scales on the emulator
 * (bit i for 2^i; a device lists its own in mxa_device_info.block_sizes),
 * and what acc_bits and acc_interval 0 ask for.
 */
/* BEGIN GENERATED constants from hw/interface/mxa_hw.toml, do not edit */
#define MXA_BLOCK_SIZES 0x78
#define MXA_TRUNC_DEFAULT_BITS 14
#define MXA_TRUNC_DEFAULT_INTERVAL 128
/* END GENERATED constants */

/**
 * Checks a job against what the device supports and the buffers' sizes.
 * M, N and K may exceed the device's max_m, max_n and max_k, with the rules
 * of splitting (docs/large-jobs.md): -EINVAL for exact accumulation with K
 * beyond max_k (one rounding over all of K cannot be split), for a trunc
 * interval beyond max_k, and for a K whose chunks cannot both end on a
 * block (trunc: interval) boundary and on whole bytes of each packed
 * operand within max_k (ternary_b3 with 64-element blocks on a K of 256).
 */
int mxa_matmul_validate(struct mxa_device *dev, const struct mxa_matmul *job);
/**
 * Queues a job; *fence signals when D is written. A job beyond the device's
 * limits is queued as parts: tiles of M and N, and chunks of K chained
 * through C (FP32 intermediate results in D or in a scratch buffer of the
 * device), which give D bit for bit as one job would (docs/large-jobs.md).
 * Its one fence covers every part: waiting ends when all have ended, with
 * the first part's failure if any; the statistics are the parts' sums.
 */
int mxa_matmul_submit(struct mxa_device *dev, const struct mxa_matmul *job,
		      struct mxa_fence **fence);
/** Waits for a fence; @timeout_ns < 0 waits forever. -ETIME on time-out. */
int mxa_fence_wait(struct mxa_fence *fence, int64_t timeout_ns);
void mxa_fence_del(struct mxa_fence *fence);

/**
 * struct mxa_job_stats - what a finished job cost on the device, from its
 * completion record (docs/hw-interface.md, section 6). All 0 on emu; on
 * drm only @macs for a job submitted while 1024 others were pending (the
 * device's records buffer was full).
 * @cycles: device clock cycles from the descriptor fetch to the record.
 * @bytes_read: bytes read from memory for the job: operands and page-table
 *	entries.
 * @bytes_written: bytes of D written.
 * @macs: multiply-accumulates of real elements (M x N x K).
 * @dma_stall_cycles: cycles the array waited for data (DMA-bound).
 * @compute_stall_cycles: cycles the DMA waited for the array
 *	(compute-bound).
 */
struct mxa_job_stats {
	uint64_t cycles;
	uint64_t bytes_read, bytes_written;
	uint64_t macs;
	uint64_t dma_stall_cycles, compute_stall_cycles;
};

/**
 * Statistics of a fence's job; -EBUSY while it is pending. A job run as
 * parts gives the sums of its parts' (MACs M x N x K; cycles, bytes and
 * stalls of every part, bytes written including the FP32 intermediates).
 */
int mxa_fence_stats(const struct mxa_fence *fence,
		    struct mxa_job_stats *stats);
/** Submits, waits and releases the fence. */
int mxa_matmul_run(struct mxa_device *dev, const struct mxa_matmul *job);

/* ------------------------------------------------------------------------
 * Errors
 */

/** Detail message of the calling thread's last failure ("" if none). */
const char *mxa_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* MXA_H */
