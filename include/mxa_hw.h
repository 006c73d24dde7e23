/* SPDX-License-Identifier: MIT */
/*
 * mxa_hw.h - the mxa hardware interface: register map, command
 * descriptor, completion record, page-table entry, enumerations and
 * capability bits, explained in docs/hw-interface.md.
 *
 * Generated from hw/interface/mxa_hw.toml by scripts/gen_hw_interface.py:
 * do not edit; change the description and run `make`.
 *
 * Usable from the Linux kernel (with __KERNEL__ defined) and from C11
 * userspace. Registers are 32-bit; a 64-bit register NAME has halves
 * MXA_REG_NAME_LO and MXA_REG_NAME_HI and its field masks apply to the
 * 64-bit value. Memory records are little-endian: the kernel's __le
 * types say so; userspace uses the structs on little-endian hosts only.
 */
#ifndef MXA_HW_H
#define MXA_HW_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#define MXA_HW_U8				__u8
#define MXA_HW_LE16				__le16
#define MXA_HW_LE32				__le32
#define MXA_HW_LE64				__le64
#else
#include <errno.h>
#include <stdint.h>
#define MXA_HW_U8				uint8_t
#define MXA_HW_LE16				uint16_t
#define MXA_HW_LE32				uint32_t
#define MXA_HW_LE64				uint64_t
#endif

/*
 * Field access: MXA_HW_GET(MXA_REG_CTRL_ENABLE, v) extracts a field from a
 * register or entry value, MXA_HW_SET(MXA_REG_CTRL_ENABLE, 1) places a value
 * in it. f is a name with _SHIFT and _MASK macros.
 */
#define MXA_HW_GET(f, v)			(((v) & f##_MASK) >> f##_SHIFT)
#define MXA_HW_SET(f, x) \
	(((unsigned long long)(x) << f##_SHIFT) & f##_MASK)

/* Identification */
#define MXA_HW_ID				0x4d584131U
#define MXA_HW_VERSION_MAJOR			2
#define MXA_HW_VERSION_MINOR			1
#define MXA_HW_REG_SPACE_SIZE			0x1000

/* Constants */
/* log2 of the page size of the device MMU (4 KiB). */
#define MXA_HW_PAGE_SHIFT			12
/* Levels of page tables; the root is level 2, leaves are in level 0. */
#define MXA_HW_PT_LEVELS			3
/*
 * Virtual-address bits translated per level: a table holds 512 eight-byte
 * entries and fills one page.
 */
#define MXA_HW_PT_INDEX_BITS			9
/*
 * Width of a device-virtual address: PAGE_SHIFT + PT_LEVELS x PT_INDEX_BITS.
 */
#define MXA_HW_VA_BITS				39
/* Largest RING_SIZE.LOG2: a ring holds at most 32768 descriptors. */
#define MXA_HW_RING_LOG2_MAX			15
/* Largest promotion interval N of the TRUNC accumulation mode. */
#define MXA_HW_TRUNC_N_MAX			65536
/*
 * The block sizes along K the numerics define for the scale modes MX and NV,
 * bit i for 2^i: 8, 16, 32 and 64 (CAP_BLOCK.SIZES lists those a device
 * supports).
 */
#define MXA_HW_BLOCK_SIZES			120
/*
 * Smallest kept bits W the TRUNC arithmetic defines (numerics section 5.2); a
 * device supports CAP_TRUNC.W_MIN ... W_MAX within TRUNC_W_MIN ...
 * TRUNC_W_MAX.
 */
#define MXA_HW_TRUNC_W_MIN			4
/* Largest kept bits W the TRUNC arithmetic defines. */
#define MXA_HW_TRUNC_W_MAX			32
/*
 * The kept bits W software asks for when a job does not say (the library's
 * acc_bits 0).
 */
#define MXA_HW_TRUNC_W_DEFAULT			14
/*
 * The promotion interval N software asks for when a job does not say (the
 * library's acc_interval 0).
 */
#define MXA_HW_TRUNC_N_DEFAULT			128
/* Index into the level-l table of a device-virtual address. */
#define MXA_HW_PT_INDEX(va, l) \
	(((va) >> (MXA_HW_PAGE_SHIFT + MXA_HW_PT_INDEX_BITS * (l))) & 0x1ff)

/*
 * enum FMT: Number formats. The values are those of `enum mxa_format` in
 * `lib/mxa.h`, so software passes formats through unchanged: element formats
 * 0x00 ... 0x1F, scale formats 0x20 ... 0x2F, output formats 0x30 ... 0x3F.
 * The arithmetic of each format is defined in `docs/numerics.md`; the formats
 * are described in `hw/interface/mxa_formats.toml`.
 */
#define MXA_HW_FMT_E5M2				0
#define MXA_HW_FMT_E4M3				1
#define MXA_HW_FMT_E3M2				2
#define MXA_HW_FMT_E2M3				3
#define MXA_HW_FMT_E2M1				4
#define MXA_HW_FMT_INT8				5
#define MXA_HW_FMT_TERNARY			6
#define MXA_HW_FMT_E3M4				7
#define MXA_HW_FMT_E4M3FNUZ			8
#define MXA_HW_FMT_E5M2FNUZ			9
#define MXA_HW_FMT_INT4				10
#define MXA_HW_FMT_E2M2				11
#define MXA_HW_FMT_TERNARY_B3			12
#define MXA_HW_FMT_E8M0				32
#define MXA_HW_FMT_UE4M3			33
#define MXA_HW_FMT_BF16				48
#define MXA_HW_FMT_FP32				49
#define MXA_HW_FMT_LIST(X) \
	X(E5M2) \
	X(E4M3) \
	X(E3M2) \
	X(E2M3) \
	X(E2M1) \
	X(INT8) \
	X(TERNARY) \
	X(E3M4) \
	X(E4M3FNUZ) \
	X(E5M2FNUZ) \
	X(INT4) \
	X(E2M2) \
	X(TERNARY_B3) \
	X(E8M0) \
	X(UE4M3) \
	X(BF16) \
	X(FP32)

/* enum SCALE: Block-scale modes (`enum mxa_scale_mode`). */
#define MXA_HW_SCALE_NONE			0
#define MXA_HW_SCALE_MX				1
#define MXA_HW_SCALE_NV				2
#define MXA_HW_SCALE_LIST(X) \
	X(NONE) \
	X(MX) \
	X(NV)

/* enum ACC: Accumulation modes (`enum mxa_acc`). */
#define MXA_HW_ACC_FP32				0
#define MXA_HW_ACC_TRUNC			1
#define MXA_HW_ACC_EXACT			2
#define MXA_HW_ACC_LIST(X) \
	X(FP32) \
	X(TRUNC) \
	X(EXACT)

/*
 * enum OP: Descriptor opcodes. 0 is not an opcode, so a zeroed slot is
 * rejected.
 */
#define MXA_HW_OP_MATMUL			1
#define MXA_HW_OP_NOP				2
#define MXA_HW_OP_LIST(X) \
	X(MATMUL) \
	X(NOP)

/*
 * enum STATUS: Completion status of a job. After any status but OK the
 * contents of D are undefined (the job may have written part of it); nothing
 * outside D and the completion record is ever written. Each status has the
 * errno every backend (the driver, the library's sim and drm backends, the
 * emulator for the statuses it can reach) reports for the job: one job, one
 * error.
 */
#define MXA_HW_STATUS_OK			0
#define MXA_HW_STATUS_BAD_DESC			1
#define MXA_HW_STATUS_INVALID_CODE		2
#define MXA_HW_STATUS_MMU_UNMAPPED		3
#define MXA_HW_STATUS_MMU_READONLY		4
#define MXA_HW_STATUS_MMU_BAD_PTE		5
#define MXA_HW_STATUS_BUS_ERROR			6
#define MXA_HW_STATUS_ABORTED			7
#define MXA_HW_STATUS_LIST(X) \
	X(OK) \
	X(BAD_DESC) \
	X(INVALID_CODE) \
	X(MMU_UNMAPPED) \
	X(MMU_READONLY) \
	X(MMU_BAD_PTE) \
	X(BUS_ERROR) \
	X(ABORTED)

/*
 * The errno (positive) of a job that ends with STATUS s: 0 for success, EIO
 * for a value this header does not know.
 */
static inline int mxa_hw_status_errno(unsigned int s)
{
	switch (s) {
	case MXA_HW_STATUS_BAD_DESC:
		return EIO;
	case MXA_HW_STATUS_INVALID_CODE:
		return EINVAL;
	case MXA_HW_STATUS_MMU_UNMAPPED:
		return EFAULT;
	case MXA_HW_STATUS_MMU_READONLY:
		return EFAULT;
	case MXA_HW_STATUS_MMU_BAD_PTE:
		return EFAULT;
	case MXA_HW_STATUS_BUS_ERROR:
		return EIO;
	case MXA_HW_STATUS_ABORTED:
		return ECANCELED;
	default:
		return s ? EIO : 0;
	}
}

/*
 * enum STREAM: The memory stream an error is attributed to (the DETAIL of a
 * completion record).
 */
#define MXA_HW_STREAM_NONE			0
#define MXA_HW_STREAM_A				1
#define MXA_HW_STREAM_B				2
#define MXA_HW_STREAM_SA			3
#define MXA_HW_STREAM_SB			4
#define MXA_HW_STREAM_C				5
#define MXA_HW_STREAM_D				6
#define MXA_HW_STREAM_PT			7
#define MXA_HW_STREAM_LIST(X) \
	X(NONE) \
	X(A) \
	X(B) \
	X(SA) \
	X(SB) \
	X(C) \
	X(D) \
	X(PT)

/* enum HALT: Why the device halted (HALT_CAUSE.CODE). */
#define MXA_HW_HALT_NONE			0
#define MXA_HW_HALT_DESC_BUS_ERROR		1
#define MXA_HW_HALT_CMPL_BUS_ERROR		2
#define MXA_HW_HALT_BAD_TAIL			3
#define MXA_HW_HALT_LIST(X) \
	X(NONE) \
	X(DESC_BUS_ERROR) \
	X(CMPL_BUS_ERROR) \
	X(BAD_TAIL)

/*
 * The number formats, described in hw/interface/mxa_formats.toml.
 *
 * MXA_HW_FORMAT_LIST(X) expands X(NAME, name, ROLE, ENCODING, bits, exp_bits,
 * man_bits, bias, signed, SPECIALS, max_mag, lsb, scaled_lsb, PACK) once per
 * format, in order of value. ROLE, ENCODING, SPECIALS and PACK are the
 * suffixes of the MXA_HW_FMT_ROLE_, _ENC_, _SPECIALS_ and _PACK_ constants
 * below; max_mag is the magnitude code (sign cleared) of the largest finite
 * value, lsb the exponent of the smallest nonzero magnitude, scaled_lsb that
 * of an integer code under a block scale.
 */
#define MXA_HW_FMT_ROLE_ELEMENT			0
#define MXA_HW_FMT_ROLE_SCALE			1
#define MXA_HW_FMT_ROLE_OUTPUT			2
#define MXA_HW_FMT_ENC_FLOAT			0
#define MXA_HW_FMT_ENC_POW2			1
#define MXA_HW_FMT_ENC_INT			2
#define MXA_HW_FMT_ENC_TERNARY			3
#define MXA_HW_FMT_SPECIALS_IEEE		0
#define MXA_HW_FMT_SPECIALS_FN			1
#define MXA_HW_FMT_SPECIALS_FNUZ		2
#define MXA_HW_FMT_SPECIALS_NONE		3
#define MXA_HW_FMT_PACK_DENSE			0
#define MXA_HW_FMT_PACK_BASE3			1
#define MXA_HW_FMT_ELEMENT_FIRST		0x00
#define MXA_HW_FMT_ELEMENT_LAST			0x1f
#define MXA_HW_FMT_SCALE_FIRST			0x20
#define MXA_HW_FMT_SCALE_LAST			0x2f
#define MXA_HW_FMT_OUTPUT_FIRST			0x30
#define MXA_HW_FMT_OUTPUT_LAST			0x3f
#define MXA_HW_FMT_VALUES			50
#define MXA_HW_FMT_ELEMENT_MASK			0x00001fffU
#define MXA_HW_FORMAT_LIST(X) \
	X(E5M2, "e5m2", ELEMENT, FLOAT, 8, 5, 2, 15, 1, IEEE, 0x7b, -16, 0, DENSE) \
	X(E4M3, "e4m3", ELEMENT, FLOAT, 8, 4, 3, 7, 1, FN, 0x7e, -9, 0, DENSE) \
	X(E3M2, "e3m2", ELEMENT, FLOAT, 6, 3, 2, 3, 1, NONE, 0x1f, -4, 0, DENSE) \
	X(E2M3, "e2m3", ELEMENT, FLOAT, 6, 2, 3, 1, 1, NONE, 0x1f, -3, 0, DENSE) \
	X(E2M1, "e2m1", ELEMENT, FLOAT, 4, 2, 1, 1, 1, NONE, 0x7, -1, 0, DENSE) \
	X(INT8, "int8", ELEMENT, INT, 8, 0, 0, 0, 1, NONE, 0x7f, 0, -6, DENSE) \
	X(TERNARY, "ternary", ELEMENT, TERNARY, 2, 0, 0, 0, 1, NONE, 0x1, 0, 0, DENSE) \
	X(E3M4, "e3m4", ELEMENT, FLOAT, 8, 3, 4, 3, 1, IEEE, 0x6f, -6, 0, DENSE) \
	X(E4M3FNUZ, "e4m3fnuz", ELEMENT, FLOAT, 8, 4, 3, 8, 1, FNUZ, 0x7f, -10, 0, DENSE) \
	X(E5M2FNUZ, "e5m2fnuz", ELEMENT, FLOAT, 8, 5, 2, 16, 1, FNUZ, 0x7f, -17, 0, DENSE) \
	X(INT4, "int4", ELEMENT, INT, 4, 0, 0, 0, 1, NONE, 0x7, 0, -2, DENSE) \
	X(E2M2, "e2m2", ELEMENT, FLOAT, 5, 2, 2, 1, 1, NONE, 0xf, -2, 0, DENSE) \
	X(TERNARY_B3, "ternary_b3", ELEMENT, TERNARY, 2, 0, 0, 0, 1, NONE, 0x1, 0, 0, BASE3) \
	X(E8M0, "e8m0", SCALE, POW2, 8, 8, 0, 127, 0, FN, 0xfe, -127, 0, DENSE) \
	X(UE4M3, "ue4m3", SCALE, FLOAT, 8, 4, 3, 7, 0, FN, 0x7e, -9, 0, DENSE) \
	X(BF16, "bf16", OUTPUT, FLOAT, 16, 8, 7, 127, 1, IEEE, 0x7f7f, -133, 0, DENSE) \
	X(FP32, "fp32", OUTPUT, FLOAT, 32, 8, 23, 127, 1, IEEE, 0x7f7fffff, -149, 0, DENSE)

/* MXA_HW_FMT_ROLE_* of a format, or -1 when fmt names none. */
static inline int mxa_hw_fmt_role(unsigned int fmt)
{
	switch (fmt) {
	case MXA_HW_FMT_E5M2:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E4M3:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E3M2:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E2M3:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E2M1:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_INT8:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_TERNARY:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E3M4:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E4M3FNUZ:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E5M2FNUZ:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_INT4:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E2M2:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_TERNARY_B3:
		return MXA_HW_FMT_ROLE_ELEMENT;
	case MXA_HW_FMT_E8M0:
		return MXA_HW_FMT_ROLE_SCALE;
	case MXA_HW_FMT_UE4M3:
		return MXA_HW_FMT_ROLE_SCALE;
	case MXA_HW_FMT_BF16:
		return MXA_HW_FMT_ROLE_OUTPUT;
	case MXA_HW_FMT_FP32:
		return MXA_HW_FMT_ROLE_OUTPUT;
	default:
		return -1;
	}
}

/* MXA_HW_FMT_ENC_* of a format, or -1 when fmt names none. */
static inline int mxa_hw_fmt_encoding(unsigned int fmt)
{
	switch (fmt) {
	case MXA_HW_FMT_E5M2:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E4M3:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E3M2:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E2M3:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E2M1:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_INT8:
		return MXA_HW_FMT_ENC_INT;
	case MXA_HW_FMT_TERNARY:
		return MXA_HW_FMT_ENC_TERNARY;
	case MXA_HW_FMT_E3M4:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E4M3FNUZ:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_E5M2FNUZ:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_INT4:
		return MXA_HW_FMT_ENC_INT;
	case MXA_HW_FMT_E2M2:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_TERNARY_B3:
		return MXA_HW_FMT_ENC_TERNARY;
	case MXA_HW_FMT_E8M0:
		return MXA_HW_FMT_ENC_POW2;
	case MXA_HW_FMT_UE4M3:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_BF16:
		return MXA_HW_FMT_ENC_FLOAT;
	case MXA_HW_FMT_FP32:
		return MXA_HW_FMT_ENC_FLOAT;
	default:
		return -1;
	}
}

/* Bits of one value of a format (32 for FP32), or 0 when fmt names none. */
static inline int mxa_hw_fmt_bits(unsigned int fmt)
{
	switch (fmt) {
	case MXA_HW_FMT_E5M2:
		return 8;
	case MXA_HW_FMT_E4M3:
		return 8;
	case MXA_HW_FMT_E3M2:
		return 6;
	case MXA_HW_FMT_E2M3:
		return 6;
	case MXA_HW_FMT_E2M1:
		return 4;
	case MXA_HW_FMT_INT8:
		return 8;
	case MXA_HW_FMT_TERNARY:
		return 2;
	case MXA_HW_FMT_E3M4:
		return 8;
	case MXA_HW_FMT_E4M3FNUZ:
		return 8;
	case MXA_HW_FMT_E5M2FNUZ:
		return 8;
	case MXA_HW_FMT_INT4:
		return 4;
	case MXA_HW_FMT_E2M2:
		return 5;
	case MXA_HW_FMT_TERNARY_B3:
		return 2;
	case MXA_HW_FMT_E8M0:
		return 8;
	case MXA_HW_FMT_UE4M3:
		return 8;
	case MXA_HW_FMT_BF16:
		return 16;
	case MXA_HW_FMT_FP32:
		return 32;
	default:
		return 0;
	}
}

/* MXA_HW_FMT_PACK_* of a format (DENSE for a value that names none). */
static inline int mxa_hw_fmt_packing(unsigned int fmt)
{
	switch (fmt) {
	case MXA_HW_FMT_E5M2:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E4M3:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E3M2:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E2M3:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E2M1:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_INT8:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_TERNARY:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E3M4:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E4M3FNUZ:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E5M2FNUZ:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_INT4:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_E2M2:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_TERNARY_B3:
		return MXA_HW_FMT_PACK_BASE3;
	case MXA_HW_FMT_E8M0:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_UE4M3:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_BF16:
		return MXA_HW_FMT_PACK_DENSE;
	case MXA_HW_FMT_FP32:
		return MXA_HW_FMT_PACK_DENSE;
	default:
		return MXA_HW_FMT_PACK_DENSE;
	}
}

/*
 * Bytes of a packed row of k elements of format fmt (docs/numerics.md section
 * 6): a dense bit string of mxa_hw_fmt_bits() per element, or five base-3
 * digits to a byte.
 */
static inline unsigned long long mxa_hw_fmt_row_bytes(unsigned int fmt,
						       unsigned int k)
{
	if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3)
		return k / 5 + (k % 5 != 0);
	return ((unsigned long long)k * mxa_hw_fmt_bits(fmt) + 7) >> 3;
}

/*
 * Registers: byte offsets in the register space, fields as _SHIFT/_MASK, the
 * reset value as _RESET where the build configuration does not set it (of the
 * register, or of a field when the configuration sets another one).
 */

/* ID (0x000, RO): Identifies an mxa device. */
#define MXA_REG_ID				0x000
#define MXA_REG_ID_RESET			0x4d584131U
#define MXA_REG_ID_MAGIC_SHIFT			0
#define MXA_REG_ID_MAGIC_MASK			0xffffffffU

/* VERSION (0x004, RO): Version of this interface. */
#define MXA_REG_VERSION				0x004
#define MXA_REG_VERSION_RESET			0x00020001U
#define MXA_REG_VERSION_MINOR_SHIFT		0
#define MXA_REG_VERSION_MINOR_MASK		0x0000ffffU
#define MXA_REG_VERSION_MAJOR_SHIFT		16
#define MXA_REG_VERSION_MAJOR_MASK		0xffff0000U

/* CAP_FLAGS (0x008, RO): Properties of this build of the device. */
#define MXA_REG_CAP_FLAGS			0x008
#define MXA_REG_CAP_FLAGS_SIM_SHIFT		0
#define MXA_REG_CAP_FLAGS_SIM_MASK		0x00000001U

/*
 * CAP_FORMATS (0x00c, RO): Supported element formats: bit f is set when
 * element format f (enum FMT 0x00 ... 0x1F) may be A_FMT or B_FMT (in any
 * pair).
 */
#define MXA_REG_CAP_FORMATS			0x00c
#define MXA_REG_CAP_FORMATS_ELEM_SHIFT		0
#define MXA_REG_CAP_FORMATS_ELEM_MASK		0xffffffffU

/* CAP_MODES (0x010, RO): Supported scale and accumulation modes. */
#define MXA_REG_CAP_MODES			0x010
#define MXA_REG_CAP_MODES_SCALE_SHIFT		0
#define MXA_REG_CAP_MODES_SCALE_MASK		0x000000ffU
#define MXA_REG_CAP_MODES_ACC_SHIFT		8
#define MXA_REG_CAP_MODES_ACC_MASK		0x0000ff00U

/*
 * CAP_ARRAY (0x014, RO): Shape of the compute array: ROWS x COLS dot-product
 * units, each fed LANE_BITS bits of A and of B per cycle.
 */
#define MXA_REG_CAP_ARRAY			0x014
#define MXA_REG_CAP_ARRAY_ROWS_SHIFT		0
#define MXA_REG_CAP_ARRAY_ROWS_MASK		0x000000ffU
#define MXA_REG_CAP_ARRAY_COLS_SHIFT		8
#define MXA_REG_CAP_ARRAY_COLS_MASK		0x0000ff00U
#define MXA_REG_CAP_ARRAY_LANE_BITS_SHIFT	16
#define MXA_REG_CAP_ARRAY_LANE_BITS_MASK	0xffff0000U

/*
 * CAP_FORMATS_SO (0x018, RO): Supported scale and output formats, one bit per
 * value of their enum FMT range.
 */
#define MXA_REG_CAP_FORMATS_SO			0x018
#define MXA_REG_CAP_FORMATS_SO_SCALE_SHIFT	0
#define MXA_REG_CAP_FORMATS_SO_SCALE_MASK	0x0000ffffU
#define MXA_REG_CAP_FORMATS_SO_OUT_SHIFT	16
#define MXA_REG_CAP_FORMATS_SO_OUT_MASK		0xffff0000U

/* CAP_BLOCK (0x020, RO): Block sizes along K. */
#define MXA_REG_CAP_BLOCK			0x020
#define MXA_REG_CAP_BLOCK_NONE_SHIFT		0
#define MXA_REG_CAP_BLOCK_NONE_MASK		0x000000ffU
#define MXA_REG_CAP_BLOCK_NONE_RESET		32
#define MXA_REG_CAP_BLOCK_MX_SHIFT		8
#define MXA_REG_CAP_BLOCK_MX_MASK		0x0000ff00U
#define MXA_REG_CAP_BLOCK_MX_RESET		32
#define MXA_REG_CAP_BLOCK_NV_SHIFT		16
#define MXA_REG_CAP_BLOCK_NV_MASK		0x00ff0000U
#define MXA_REG_CAP_BLOCK_NV_RESET		16
#define MXA_REG_CAP_BLOCK_SIZES_SHIFT		24
#define MXA_REG_CAP_BLOCK_SIZES_MASK		0xff000000U

/*
 * CAP_TRUNC (0x024, RO): Range of the kept bits W of the TRUNC accumulation
 * mode (both 0 when TRUNC is not supported).
 */
#define MXA_REG_CAP_TRUNC			0x024
#define MXA_REG_CAP_TRUNC_W_MIN_SHIFT		0
#define MXA_REG_CAP_TRUNC_W_MIN_MASK		0x000000ffU
#define MXA_REG_CAP_TRUNC_W_MAX_SHIFT		8
#define MXA_REG_CAP_TRUNC_W_MAX_MASK		0x0000ff00U

/* CAP_MAX_M (0x028, RO): Largest M of a job. */
#define MXA_REG_CAP_MAX_M			0x028
#define MXA_REG_CAP_MAX_M_VALUE_SHIFT		0
#define MXA_REG_CAP_MAX_M_VALUE_MASK		0xffffffffU

/* CAP_MAX_N (0x02c, RO): Largest N of a job. */
#define MXA_REG_CAP_MAX_N			0x02c
#define MXA_REG_CAP_MAX_N_VALUE_SHIFT		0
#define MXA_REG_CAP_MAX_N_VALUE_MASK		0xffffffffU

/* CAP_MAX_K (0x030, RO): Largest K of a job. */
#define MXA_REG_CAP_MAX_K			0x030
#define MXA_REG_CAP_MAX_K_VALUE_SHIFT		0
#define MXA_REG_CAP_MAX_K_VALUE_MASK		0xffffffffU

/* CAP_MEM (0x034, RO): The memory port. */
#define MXA_REG_CAP_MEM				0x034
#define MXA_REG_CAP_MEM_PA_BITS_SHIFT		0
#define MXA_REG_CAP_MEM_PA_BITS_MASK		0x000000ffU
#define MXA_REG_CAP_MEM_VA_BITS_SHIFT		8
#define MXA_REG_CAP_MEM_VA_BITS_MASK		0x0000ff00U
#define MXA_REG_CAP_MEM_VA_BITS_RESET		39
#define MXA_REG_CAP_MEM_DATA_BITS_SHIFT		16
#define MXA_REG_CAP_MEM_DATA_BITS_MASK		0xffff0000U

/*
 * CAP_BUF (0x038, RO): Size of the operand memories, for performance models
 * and co-design sweeps (software needs it for nothing else: the device tiles
 * every job itself).
 */
#define MXA_REG_CAP_BUF				0x038
#define MXA_REG_CAP_BUF_DEPTH_SHIFT		0
#define MXA_REG_CAP_BUF_DEPTH_MASK		0x0000ffffU

/*
 * CAP_LANE_ELEMS0 (0x0c0, RO): Elements per cycle of element formats 0 to 3 in
 * one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS0			0x0c0
#define MXA_REG_CAP_LANE_ELEMS0_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS0_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS0_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS0_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS0_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS0_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS0_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS0_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS1 (0x0c4, RO): Elements per cycle of element formats 4 to 7 in
 * one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS1			0x0c4
#define MXA_REG_CAP_LANE_ELEMS1_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS1_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS1_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS1_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS1_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS1_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS1_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS1_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS2 (0x0c8, RO): Elements per cycle of element formats 8 to 11
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS2			0x0c8
#define MXA_REG_CAP_LANE_ELEMS2_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS2_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS2_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS2_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS2_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS2_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS2_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS2_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS3 (0x0cc, RO): Elements per cycle of element formats 12 to 15
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS3			0x0cc
#define MXA_REG_CAP_LANE_ELEMS3_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS3_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS3_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS3_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS3_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS3_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS3_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS3_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS4 (0x0d0, RO): Elements per cycle of element formats 16 to 19
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS4			0x0d0
#define MXA_REG_CAP_LANE_ELEMS4_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS4_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS4_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS4_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS4_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS4_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS4_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS4_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS5 (0x0d4, RO): Elements per cycle of element formats 20 to 23
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS5			0x0d4
#define MXA_REG_CAP_LANE_ELEMS5_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS5_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS5_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS5_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS5_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS5_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS5_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS5_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS6 (0x0d8, RO): Elements per cycle of element formats 24 to 27
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS6			0x0d8
#define MXA_REG_CAP_LANE_ELEMS6_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS6_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS6_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS6_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS6_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS6_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS6_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS6_F3_MASK		0xff000000U

/*
 * CAP_LANE_ELEMS7 (0x0dc, RO): Elements per cycle of element formats 28 to 31
 * in one dot-product unit, a byte each; 0 for an unsupported format.
 */
#define MXA_REG_CAP_LANE_ELEMS7			0x0dc
#define MXA_REG_CAP_LANE_ELEMS7_F0_SHIFT	0
#define MXA_REG_CAP_LANE_ELEMS7_F0_MASK		0x000000ffU
#define MXA_REG_CAP_LANE_ELEMS7_F1_SHIFT	8
#define MXA_REG_CAP_LANE_ELEMS7_F1_MASK		0x0000ff00U
#define MXA_REG_CAP_LANE_ELEMS7_F2_SHIFT	16
#define MXA_REG_CAP_LANE_ELEMS7_F2_MASK		0x00ff0000U
#define MXA_REG_CAP_LANE_ELEMS7_F3_SHIFT	24
#define MXA_REG_CAP_LANE_ELEMS7_F3_MASK		0xff000000U

/* CTRL (0x040, RW/W1S): Control. */
#define MXA_REG_CTRL				0x040
#define MXA_REG_CTRL_RESET			0x00000000U
#define MXA_REG_CTRL_ENABLE_SHIFT		0
#define MXA_REG_CTRL_ENABLE_MASK		0x00000001U
#define MXA_REG_CTRL_ABORT_SHIFT		1
#define MXA_REG_CTRL_ABORT_MASK			0x00000002U
#define MXA_REG_CTRL_SOFT_RESET_SHIFT		2
#define MXA_REG_CTRL_SOFT_RESET_MASK		0x00000004U

/* STATUS (0x044, RO): State of the device. */
#define MXA_REG_STATUS				0x044
#define MXA_REG_STATUS_RESET			0x00000001U
#define MXA_REG_STATUS_IDLE_SHIFT		0
#define MXA_REG_STATUS_IDLE_MASK		0x00000001U
#define MXA_REG_STATUS_BUSY_SHIFT		1
#define MXA_REG_STATUS_BUSY_MASK		0x00000002U
#define MXA_REG_STATUS_HALTED_SHIFT		2
#define MXA_REG_STATUS_HALTED_MASK		0x00000004U

/* HALT_CAUSE (0x048, RO): Why the device halted. */
#define MXA_REG_HALT_CAUSE			0x048
#define MXA_REG_HALT_CAUSE_RESET		0x00000000U
#define MXA_REG_HALT_CAUSE_CODE_SHIFT		0
#define MXA_REG_HALT_CAUSE_CODE_MASK		0x000000ffU

/*
 * HALT_ADDR (LO 0x050, HI 0x054, 64-bit, RO): The address that goes with
 * HALT_CAUSE (see enum HALT).
 */
#define MXA_REG_HALT_ADDR_LO			0x050
#define MXA_REG_HALT_ADDR_HI			0x054
#define MXA_REG_HALT_ADDR_RESET			0x0000000000000000ULL
#define MXA_REG_HALT_ADDR_ADDR_SHIFT		0
#define MXA_REG_HALT_ADDR_ADDR_MASK		0xffffffffffffffffULL

/* INT_STATUS (0x058, W1C): Interrupt causes. */
#define MXA_REG_INT_STATUS			0x058
#define MXA_REG_INT_STATUS_RESET		0x00000000U
#define MXA_REG_INT_STATUS_JOB_DONE_SHIFT	0
#define MXA_REG_INT_STATUS_JOB_DONE_MASK	0x00000001U
#define MXA_REG_INT_STATUS_JOB_ERROR_SHIFT	1
#define MXA_REG_INT_STATUS_JOB_ERROR_MASK	0x00000002U
#define MXA_REG_INT_STATUS_HALT_SHIFT		2
#define MXA_REG_INT_STATUS_HALT_MASK		0x00000004U

/*
 * INT_ENABLE (0x05c, RW): Which interrupt causes drive the interrupt line (1 =
 * enabled).
 */
#define MXA_REG_INT_ENABLE			0x05c
#define MXA_REG_INT_ENABLE_RESET		0x00000000U
#define MXA_REG_INT_ENABLE_JOB_DONE_SHIFT	0
#define MXA_REG_INT_ENABLE_JOB_DONE_MASK	0x00000001U
#define MXA_REG_INT_ENABLE_JOB_ERROR_SHIFT	1
#define MXA_REG_INT_ENABLE_JOB_ERROR_MASK	0x00000002U
#define MXA_REG_INT_ENABLE_HALT_SHIFT		2
#define MXA_REG_INT_ENABLE_HALT_MASK		0x00000004U

/*
 * RING_BASE (LO 0x080, HI 0x084, 64-bit, RW): Physical address of slot 0 of
 * the command ring; slot s holds a descriptor at RING_BASE + s x DESC_SIZE.
 */
#define MXA_REG_RING_BASE_LO			0x080
#define MXA_REG_RING_BASE_HI			0x084
#define MXA_REG_RING_BASE_RESET			0x0000000000000000ULL
#define MXA_REG_RING_BASE_ADDR_SHIFT		12
#define MXA_REG_RING_BASE_ADDR_MASK		0xfffffffffffff000ULL

/* RING_SIZE (0x088, RW): Number of ring slots. */
#define MXA_REG_RING_SIZE			0x088
#define MXA_REG_RING_SIZE_RESET			0x00000000U
#define MXA_REG_RING_SIZE_LOG2_SHIFT		0
#define MXA_REG_RING_SIZE_LOG2_MASK		0x0000000fU

/* RING_TAIL (0x08c, RW): The doorbell. */
#define MXA_REG_RING_TAIL			0x08c
#define MXA_REG_RING_TAIL_RESET			0x00000000U
#define MXA_REG_RING_TAIL_VALUE_SHIFT		0
#define MXA_REG_RING_TAIL_VALUE_MASK		0xffffffffU

/*
 * RING_HEAD (0x090, RO): A free-running count of the completion records the
 * device has written (mod 2^32): slots below it are free again.
 */
#define MXA_REG_RING_HEAD			0x090
#define MXA_REG_RING_HEAD_RESET			0x00000000U
#define MXA_REG_RING_HEAD_VALUE_SHIFT		0
#define MXA_REG_RING_HEAD_VALUE_MASK		0xffffffffU

/*
 * CMPL_BASE (LO 0x098, HI 0x09c, 64-bit, RW): Physical address of the
 * completion area: the record of the job in slot s is written at CMPL_BASE + s
 * x CMPL_SIZE.
 */
#define MXA_REG_CMPL_BASE_LO			0x098
#define MXA_REG_CMPL_BASE_HI			0x09c
#define MXA_REG_CMPL_BASE_RESET			0x0000000000000000ULL
#define MXA_REG_CMPL_BASE_ADDR_SHIFT		12
#define MXA_REG_CMPL_BASE_ADDR_MASK		0xfffffffffffff000ULL

/* PERF_CYCLES (LO 0x100, HI 0x104, 64-bit, RO): Clock cycles since reset. */
#define MXA_REG_PERF_CYCLES_LO			0x100
#define MXA_REG_PERF_CYCLES_HI			0x104
#define MXA_REG_PERF_CYCLES_RESET		0x0000000000000000ULL
#define MXA_REG_PERF_CYCLES_COUNT_SHIFT		0
#define MXA_REG_PERF_CYCLES_COUNT_MASK		0xffffffffffffffffULL

/* PERF_BUSY (LO 0x108, HI 0x10c, 64-bit, RO): Cycles with STATUS.BUSY set. */
#define MXA_REG_PERF_BUSY_LO			0x108
#define MXA_REG_PERF_BUSY_HI			0x10c
#define MXA_REG_PERF_BUSY_RESET			0x0000000000000000ULL
#define MXA_REG_PERF_BUSY_COUNT_SHIFT		0
#define MXA_REG_PERF_BUSY_COUNT_MASK		0xffffffffffffffffULL

/*
 * PERF_DMA_STALL (LO 0x110, HI 0x114, 64-bit, RO): Cycles in which the array
 * waited for operand data or for room for its results (DMA-bound).
 */
#define MXA_REG_PERF_DMA_STALL_LO		0x110
#define MXA_REG_PERF_DMA_STALL_HI		0x114
#define MXA_REG_PERF_DMA_STALL_RESET		0x0000000000000000ULL
#define MXA_REG_PERF_DMA_STALL_COUNT_SHIFT	0
#define MXA_REG_PERF_DMA_STALL_COUNT_MASK	0xffffffffffffffffULL

/*
 * PERF_COMPUTE_STALL (LO 0x118, HI 0x11c, 64-bit, RO): Cycles in which the
 * operand DMA had a read to issue but waited for a free operand-memory bank
 * (compute-bound).
 */
#define MXA_REG_PERF_COMPUTE_STALL_LO		0x118
#define MXA_REG_PERF_COMPUTE_STALL_HI		0x11c
#define MXA_REG_PERF_COMPUTE_STALL_RESET	0x0000000000000000ULL
#define MXA_REG_PERF_COMPUTE_STALL_COUNT_SHIFT	0
#define MXA_REG_PERF_COMPUTE_STALL_COUNT_MASK	0xffffffffffffffffULL

/*
 * PERF_BYTES_READ (LO 0x120, HI 0x124, 64-bit, RO): Bytes read from memory:
 * data beats received x CAP_MEM.DATA_BITS / 8, descriptors and page-table
 * entries included.
 */
#define MXA_REG_PERF_BYTES_READ_LO		0x120
#define MXA_REG_PERF_BYTES_READ_HI		0x124
#define MXA_REG_PERF_BYTES_READ_RESET		0x0000000000000000ULL
#define MXA_REG_PERF_BYTES_READ_COUNT_SHIFT	0
#define MXA_REG_PERF_BYTES_READ_COUNT_MASK	0xffffffffffffffffULL

/*
 * PERF_BYTES_WRITTEN (LO 0x128, HI 0x12c, 64-bit, RO): Bytes written to
 * memory: bytes with their write strobe set, completion records included.
 */
#define MXA_REG_PERF_BYTES_WRITTEN_LO		0x128
#define MXA_REG_PERF_BYTES_WRITTEN_HI		0x12c
#define MXA_REG_PERF_BYTES_WRITTEN_RESET	0x0000000000000000ULL
#define MXA_REG_PERF_BYTES_WRITTEN_COUNT_SHIFT	0
#define MXA_REG_PERF_BYTES_WRITTEN_COUNT_MASK	0xffffffffffffffffULL

/*
 * PERF_MACS (LO 0x130, HI 0x134, 64-bit, RO): Multiply-accumulates of real
 * elements (a job of STATUS OK adds M x N x K; padding at the matrix edges is
 * not counted).
 */
#define MXA_REG_PERF_MACS_LO			0x130
#define MXA_REG_PERF_MACS_HI			0x134
#define MXA_REG_PERF_MACS_RESET			0x0000000000000000ULL
#define MXA_REG_PERF_MACS_COUNT_SHIFT		0
#define MXA_REG_PERF_MACS_COUNT_MASK		0xffffffffffffffffULL

/*
 * PERF_JOBS (LO 0x138, HI 0x13c, 64-bit, RO): Completion records written,
 * whatever their status.
 */
#define MXA_REG_PERF_JOBS_LO			0x138
#define MXA_REG_PERF_JOBS_HI			0x13c
#define MXA_REG_PERF_JOBS_RESET			0x0000000000000000ULL
#define MXA_REG_PERF_JOBS_COUNT_SHIFT		0
#define MXA_REG_PERF_JOBS_COUNT_MASK		0xffffffffffffffffULL

/* TEST (0x180, RW): Test knobs. */
#define MXA_REG_TEST				0x180
#define MXA_REG_TEST_RESET			0x00000000U
#define MXA_REG_TEST_STALL_SHIFT		0
#define MXA_REG_TEST_STALL_MASK			0x00000001U

/*
 * The identification and capability registers (ID, VERSION, CAP_*), read once
 * when a device is probed: MXA_CAPIDX_<REG> numbers them from 0, the order of
 * MXA_REG_CAP_LIST(X), so that software keeps them in an array (the uAPI's
 * caps[] included) indexed by register name.
 */
#define MXA_CAPIDX_ID				0
#define MXA_CAPIDX_VERSION			1
#define MXA_CAPIDX_CAP_FLAGS			2
#define MXA_CAPIDX_CAP_FORMATS			3
#define MXA_CAPIDX_CAP_MODES			4
#define MXA_CAPIDX_CAP_ARRAY			5
#define MXA_CAPIDX_CAP_FORMATS_SO		6
#define MXA_CAPIDX_CAP_BLOCK			7
#define MXA_CAPIDX_CAP_TRUNC			8
#define MXA_CAPIDX_CAP_MAX_M			9
#define MXA_CAPIDX_CAP_MAX_N			10
#define MXA_CAPIDX_CAP_MAX_K			11
#define MXA_CAPIDX_CAP_MEM			12
#define MXA_CAPIDX_CAP_BUF			13
#define MXA_CAPIDX_CAP_LANE_ELEMS0		14
#define MXA_CAPIDX_CAP_LANE_ELEMS1		15
#define MXA_CAPIDX_CAP_LANE_ELEMS2		16
#define MXA_CAPIDX_CAP_LANE_ELEMS3		17
#define MXA_CAPIDX_CAP_LANE_ELEMS4		18
#define MXA_CAPIDX_CAP_LANE_ELEMS5		19
#define MXA_CAPIDX_CAP_LANE_ELEMS6		20
#define MXA_CAPIDX_CAP_LANE_ELEMS7		21
#define MXA_CAPIDX_COUNT			22
#define MXA_REG_CAP_LIST(X) \
	X(ID) \
	X(VERSION) \
	X(CAP_FLAGS) \
	X(CAP_FORMATS) \
	X(CAP_MODES) \
	X(CAP_ARRAY) \
	X(CAP_FORMATS_SO) \
	X(CAP_BLOCK) \
	X(CAP_TRUNC) \
	X(CAP_MAX_M) \
	X(CAP_MAX_N) \
	X(CAP_MAX_K) \
	X(CAP_MEM) \
	X(CAP_BUF) \
	X(CAP_LANE_ELEMS0) \
	X(CAP_LANE_ELEMS1) \
	X(CAP_LANE_ELEMS2) \
	X(CAP_LANE_ELEMS3) \
	X(CAP_LANE_ELEMS4) \
	X(CAP_LANE_ELEMS5) \
	X(CAP_LANE_ELEMS6) \
	X(CAP_LANE_ELEMS7)

#define MXA_REG_LIST(X) \
	X(ID) \
	X(VERSION) \
	X(CAP_FLAGS) \
	X(CAP_FORMATS) \
	X(CAP_MODES) \
	X(CAP_ARRAY) \
	X(CAP_FORMATS_SO) \
	X(CAP_BLOCK) \
	X(CAP_TRUNC) \
	X(CAP_MAX_M) \
	X(CAP_MAX_N) \
	X(CAP_MAX_K) \
	X(CAP_MEM) \
	X(CAP_BUF) \
	X(CAP_LANE_ELEMS0) \
	X(CAP_LANE_ELEMS1) \
	X(CAP_LANE_ELEMS2) \
	X(CAP_LANE_ELEMS3) \
	X(CAP_LANE_ELEMS4) \
	X(CAP_LANE_ELEMS5) \
	X(CAP_LANE_ELEMS6) \
	X(CAP_LANE_ELEMS7) \
	X(CTRL) \
	X(STATUS) \
	X(HALT_CAUSE) \
	X(HALT_ADDR_LO) \
	X(HALT_ADDR_HI) \
	X(INT_STATUS) \
	X(INT_ENABLE) \
	X(RING_BASE_LO) \
	X(RING_BASE_HI) \
	X(RING_SIZE) \
	X(RING_TAIL) \
	X(RING_HEAD) \
	X(CMPL_BASE_LO) \
	X(CMPL_BASE_HI) \
	X(PERF_CYCLES_LO) \
	X(PERF_CYCLES_HI) \
	X(PERF_BUSY_LO) \
	X(PERF_BUSY_HI) \
	X(PERF_DMA_STALL_LO) \
	X(PERF_DMA_STALL_HI) \
	X(PERF_COMPUTE_STALL_LO) \
	X(PERF_COMPUTE_STALL_HI) \
	X(PERF_BYTES_READ_LO) \
	X(PERF_BYTES_READ_HI) \
	X(PERF_BYTES_WRITTEN_LO) \
	X(PERF_BYTES_WRITTEN_HI) \
	X(PERF_MACS_LO) \
	X(PERF_MACS_HI) \
	X(PERF_JOBS_LO) \
	X(PERF_JOBS_HI) \
	X(TEST)
#define MXA_REG_FIELD_LIST(X) \
	X(ID, MAGIC) \
	X(VERSION, MINOR) \
	X(VERSION, MAJOR) \
	X(CAP_FLAGS, SIM) \
	X(CAP_FORMATS, ELEM) \
	X(CAP_MODES, SCALE) \
	X(CAP_MODES, ACC) \
	X(CAP_ARRAY, ROWS) \
	X(CAP_ARRAY, COLS) \
	X(CAP_ARRAY, LANE_BITS) \
	X(CAP_FORMATS_SO, SCALE) \
	X(CAP_FORMATS_SO, OUT) \
	X(CAP_BLOCK, NONE) \
	X(CAP_BLOCK, MX) \
	X(CAP_BLOCK, NV) \
	X(CAP_BLOCK, SIZES) \
	X(CAP_TRUNC, W_MIN) \
	X(CAP_TRUNC, W_MAX) \
	X(CAP_MAX_M, VALUE) \
	X(CAP_MAX_N, VALUE) \
	X(CAP_MAX_K, VALUE) \
	X(CAP_MEM, PA_BITS) \
	X(CAP_MEM, VA_BITS) \
	X(CAP_MEM, DATA_BITS) \
	X(CAP_BUF, DEPTH) \
	X(CAP_LANE_ELEMS0, F0) \
	X(CAP_LANE_ELEMS0, F1) \
	X(CAP_LANE_ELEMS0, F2) \
	X(CAP_LANE_ELEMS0, F3) \
	X(CAP_LANE_ELEMS1, F0) \
	X(CAP_LANE_ELEMS1, F1) \
	X(CAP_LANE_ELEMS1, F2) \
	X(CAP_LANE_ELEMS1, F3) \
	X(CAP_LANE_ELEMS2, F0) \
	X(CAP_LANE_ELEMS2, F1) \
	X(CAP_LANE_ELEMS2, F2) \
	X(CAP_LANE_ELEMS2, F3) \
	X(CAP_LANE_ELEMS3, F0) \
	X(CAP_LANE_ELEMS3, F1) \
	X(CAP_LANE_ELEMS3, F2) \
	X(CAP_LANE_ELEMS3, F3) \
	X(CAP_LANE_ELEMS4, F0) \
	X(CAP_LANE_ELEMS4, F1) \
	X(CAP_LANE_ELEMS4, F2) \
	X(CAP_LANE_ELEMS4, F3) \
	X(CAP_LANE_ELEMS5, F0) \
	X(CAP_LANE_ELEMS5, F1) \
	X(CAP_LANE_ELEMS5, F2) \
	X(CAP_LANE_ELEMS5, F3) \
	X(CAP_LANE_ELEMS6, F0) \
	X(CAP_LANE_ELEMS6, F1) \
	X(CAP_LANE_ELEMS6, F2) \
	X(CAP_LANE_ELEMS6, F3) \
	X(CAP_LANE_ELEMS7, F0) \
	X(CAP_LANE_ELEMS7, F1) \
	X(CAP_LANE_ELEMS7, F2) \
	X(CAP_LANE_ELEMS7, F3) \
	X(CTRL, ENABLE) \
	X(CTRL, ABORT) \
	X(CTRL, SOFT_RESET) \
	X(STATUS, IDLE) \
	X(STATUS, BUSY) \
	X(STATUS, HALTED) \
	X(HALT_CAUSE, CODE) \
	X(HALT_ADDR, ADDR) \
	X(INT_STATUS, JOB_DONE) \
	X(INT_STATUS, JOB_ERROR) \
	X(INT_STATUS, HALT) \
	X(INT_ENABLE, JOB_DONE) \
	X(INT_ENABLE, JOB_ERROR) \
	X(INT_ENABLE, HALT) \
	X(RING_BASE, ADDR) \
	X(RING_SIZE, LOG2) \
	X(RING_TAIL, VALUE) \
	X(RING_HEAD, VALUE) \
	X(CMPL_BASE, ADDR) \
	X(PERF_CYCLES, COUNT) \
	X(PERF_BUSY, COUNT) \
	X(PERF_DMA_STALL, COUNT) \
	X(PERF_COMPUTE_STALL, COUNT) \
	X(PERF_BYTES_READ, COUNT) \
	X(PERF_BYTES_WRITTEN, COUNT) \
	X(PERF_MACS, COUNT) \
	X(PERF_JOBS, COUNT) \
	X(TEST, STALL)

/*
 * DESC: Command descriptor: one per ring slot, written by software, read by
 * the device. A field a job does not use must be 0.
 *
 * MXA_DESC_<FIELD> is the byte offset of a field, MXA_DESC_<FIELD>_SIZE its
 * size in bytes.
 */
#define MXA_DESC_SIZE				128
#define MXA_DESC_OPCODE				0x00
#define MXA_DESC_OPCODE_SIZE			2
#define MXA_DESC_FLAGS				0x02
#define MXA_DESC_FLAGS_SIZE			2
#define MXA_DESC_FLAGS_HAS_C_SHIFT		0
#define MXA_DESC_FLAGS_HAS_C_MASK		0x0001U
#define MXA_DESC_RSVD0				0x04
#define MXA_DESC_RSVD0_SIZE			4
#define MXA_DESC_SEQ				0x08
#define MXA_DESC_SEQ_SIZE			8
#define MXA_DESC_PT_ROOT			0x10
#define MXA_DESC_PT_ROOT_SIZE			8
#define MXA_DESC_M				0x18
#define MXA_DESC_M_SIZE				4
#define MXA_DESC_N				0x1c
#define MXA_DESC_N_SIZE				4
#define MXA_DESC_K				0x20
#define MXA_DESC_K_SIZE				4
#define MXA_DESC_A_FMT				0x24
#define MXA_DESC_A_FMT_SIZE			1
#define MXA_DESC_B_FMT				0x25
#define MXA_DESC_B_FMT_SIZE			1
#define MXA_DESC_SCALE_MODE			0x26
#define MXA_DESC_SCALE_MODE_SIZE		1
#define MXA_DESC_ACC_MODE			0x27
#define MXA_DESC_ACC_MODE_SIZE			1
#define MXA_DESC_OUT_FMT			0x28
#define MXA_DESC_OUT_FMT_SIZE			1
#define MXA_DESC_TRUNC_W			0x29
#define MXA_DESC_TRUNC_W_SIZE			1
#define MXA_DESC_BLOCK				0x2a
#define MXA_DESC_BLOCK_SIZE			1
#define MXA_DESC_RSVD1				0x2b
#define MXA_DESC_RSVD1_SIZE			1
#define MXA_DESC_TRUNC_N			0x2c
#define MXA_DESC_TRUNC_N_SIZE			4
#define MXA_DESC_A_TSCALE			0x30
#define MXA_DESC_A_TSCALE_SIZE			4
#define MXA_DESC_B_TSCALE			0x34
#define MXA_DESC_B_TSCALE_SIZE			4
#define MXA_DESC_A_ADDR				0x38
#define MXA_DESC_A_ADDR_SIZE			8
#define MXA_DESC_B_ADDR				0x40
#define MXA_DESC_B_ADDR_SIZE			8
#define MXA_DESC_SA_ADDR			0x48
#define MXA_DESC_SA_ADDR_SIZE			8
#define MXA_DESC_SB_ADDR			0x50
#define MXA_DESC_SB_ADDR_SIZE			8
#define MXA_DESC_C_ADDR				0x58
#define MXA_DESC_C_ADDR_SIZE			8
#define MXA_DESC_D_ADDR				0x60
#define MXA_DESC_D_ADDR_SIZE			8
#define MXA_DESC_A_STRIDE			0x68
#define MXA_DESC_A_STRIDE_SIZE			4
#define MXA_DESC_B_STRIDE			0x6c
#define MXA_DESC_B_STRIDE_SIZE			4
#define MXA_DESC_SA_STRIDE			0x70
#define MXA_DESC_SA_STRIDE_SIZE			4
#define MXA_DESC_SB_STRIDE			0x74
#define MXA_DESC_SB_STRIDE_SIZE			4
#define MXA_DESC_C_STRIDE			0x78
#define MXA_DESC_C_STRIDE_SIZE			4
#define MXA_DESC_D_STRIDE			0x7c
#define MXA_DESC_D_STRIDE_SIZE			4
#define MXA_DESC_FIELD_LIST(X) \
	X(OPCODE, opcode) \
	X(FLAGS, flags) \
	X(RSVD0, rsvd0) \
	X(SEQ, seq) \
	X(PT_ROOT, pt_root) \
	X(M, m) \
	X(N, n) \
	X(K, k) \
	X(A_FMT, a_fmt) \
	X(B_FMT, b_fmt) \
	X(SCALE_MODE, scale_mode) \
	X(ACC_MODE, acc_mode) \
	X(OUT_FMT, out_fmt) \
	X(TRUNC_W, trunc_w) \
	X(BLOCK, block) \
	X(RSVD1, rsvd1) \
	X(TRUNC_N, trunc_n) \
	X(A_TSCALE, a_tscale) \
	X(B_TSCALE, b_tscale) \
	X(A_ADDR, a_addr) \
	X(B_ADDR, b_addr) \
	X(SA_ADDR, sa_addr) \
	X(SB_ADDR, sb_addr) \
	X(C_ADDR, c_addr) \
	X(D_ADDR, d_addr) \
	X(A_STRIDE, a_stride) \
	X(B_STRIDE, b_stride) \
	X(SA_STRIDE, sa_stride) \
	X(SB_STRIDE, sb_stride) \
	X(C_STRIDE, c_stride) \
	X(D_STRIDE, d_stride)

struct mxa_hw_desc {
	MXA_HW_LE16 opcode;		/* 0x00, enum OP */
	MXA_HW_LE16 flags;		/* 0x02 */
	MXA_HW_LE32 rsvd0;		/* 0x04 */
	MXA_HW_LE64 seq;		/* 0x08 */
	MXA_HW_LE64 pt_root;		/* 0x10 */
	MXA_HW_LE32 m;			/* 0x18 */
	MXA_HW_LE32 n;			/* 0x1c */
	MXA_HW_LE32 k;			/* 0x20 */
	MXA_HW_U8 a_fmt;		/* 0x24, enum FMT */
	MXA_HW_U8 b_fmt;		/* 0x25, enum FMT */
	MXA_HW_U8 scale_mode;		/* 0x26, enum SCALE */
	MXA_HW_U8 acc_mode;		/* 0x27, enum ACC */
	MXA_HW_U8 out_fmt;		/* 0x28, enum FMT */
	MXA_HW_U8 trunc_w;		/* 0x29 */
	MXA_HW_U8 block;		/* 0x2a */
	MXA_HW_U8 rsvd1;		/* 0x2b */
	MXA_HW_LE32 trunc_n;		/* 0x2c */
	MXA_HW_LE32 a_tscale;		/* 0x30 */
	MXA_HW_LE32 b_tscale;		/* 0x34 */
	MXA_HW_LE64 a_addr;		/* 0x38 */
	MXA_HW_LE64 b_addr;		/* 0x40 */
	MXA_HW_LE64 sa_addr;		/* 0x48 */
	MXA_HW_LE64 sb_addr;		/* 0x50 */
	MXA_HW_LE64 c_addr;		/* 0x58 */
	MXA_HW_LE64 d_addr;		/* 0x60 */
	MXA_HW_LE32 a_stride;		/* 0x68 */
	MXA_HW_LE32 b_stride;		/* 0x6c */
	MXA_HW_LE32 sa_stride;		/* 0x70 */
	MXA_HW_LE32 sb_stride;		/* 0x74 */
	MXA_HW_LE32 c_stride;		/* 0x78 */
	MXA_HW_LE32 d_stride;		/* 0x7c */
};

/*
 * CMPL: Completion record: one per ring slot, written by the device when the
 * job of that slot ends, before the interrupt.
 *
 * MXA_CMPL_<FIELD> is the byte offset of a field, MXA_CMPL_<FIELD>_SIZE its
 * size in bytes.
 */
#define MXA_CMPL_SIZE				64
#define MXA_CMPL_SEQ				0x00
#define MXA_CMPL_SEQ_SIZE			8
#define MXA_CMPL_STATUS				0x08
#define MXA_CMPL_STATUS_SIZE			2
#define MXA_CMPL_DETAIL				0x0a
#define MXA_CMPL_DETAIL_SIZE			2
#define MXA_CMPL_RSVD0				0x0c
#define MXA_CMPL_RSVD0_SIZE			4
#define MXA_CMPL_FAULT_ADDR			0x10
#define MXA_CMPL_FAULT_ADDR_SIZE		8
#define MXA_CMPL_CYCLES				0x18
#define MXA_CMPL_CYCLES_SIZE			8
#define MXA_CMPL_BYTES_READ			0x20
#define MXA_CMPL_BYTES_READ_SIZE		8
#define MXA_CMPL_BYTES_WRITTEN			0x28
#define MXA_CMPL_BYTES_WRITTEN_SIZE		8
#define MXA_CMPL_MACS				0x30
#define MXA_CMPL_MACS_SIZE			8
#define MXA_CMPL_DMA_STALL			0x38
#define MXA_CMPL_DMA_STALL_SIZE			4
#define MXA_CMPL_COMPUTE_STALL			0x3c
#define MXA_CMPL_COMPUTE_STALL_SIZE		4
#define MXA_CMPL_FIELD_LIST(X) \
	X(SEQ, seq) \
	X(STATUS, status) \
	X(DETAIL, detail) \
	X(RSVD0, rsvd0) \
	X(FAULT_ADDR, fault_addr) \
	X(CYCLES, cycles) \
	X(BYTES_READ, bytes_read) \
	X(BYTES_WRITTEN, bytes_written) \
	X(MACS, macs) \
	X(DMA_STALL, dma_stall) \
	X(COMPUTE_STALL, compute_stall)

struct mxa_hw_cmpl {
	MXA_HW_LE64 seq;		/* 0x00 */
	MXA_HW_LE16 status;		/* 0x08, enum STATUS */
	MXA_HW_LE16 detail;		/* 0x0a */
	MXA_HW_LE32 rsvd0;		/* 0x0c */
	MXA_HW_LE64 fault_addr;		/* 0x10 */
	MXA_HW_LE64 cycles;		/* 0x18 */
	MXA_HW_LE64 bytes_read;		/* 0x20 */
	MXA_HW_LE64 bytes_written;	/* 0x28 */
	MXA_HW_LE64 macs;		/* 0x30 */
	MXA_HW_LE32 dma_stall;		/* 0x38 */
	MXA_HW_LE32 compute_stall;	/* 0x3c */
};

/*
 * Page-table entry: 8 bytes, little-endian, 512 to a 4 KiB table. With V = 0
 * the other bits are ignored (software may keep its own data there); with V =
 * 1 every rule below holds, or the translation ends in MMU_BAD_PTE.
 */
#define MXA_PTE_SIZE				8
#define MXA_PTE_V_SHIFT				0
#define MXA_PTE_V_MASK				0x0000000000000001ULL
#define MXA_PTE_LEAF_SHIFT			1
#define MXA_PTE_LEAF_MASK			0x0000000000000002ULL
#define MXA_PTE_W_SHIFT				2
#define MXA_PTE_W_MASK				0x0000000000000004ULL
#define MXA_PTE_ADDR_SHIFT			12
#define MXA_PTE_ADDR_MASK			0x000ffffffffff000ULL
#define MXA_PTE_FIELD_LIST(X) \
	X(V) \
	X(LEAF) \
	X(W) \
	X(ADDR)

#endif /* MXA_HW_H */
