// SPDX-License-Identifier: MIT
/*
 * test_hw_header.c - invariants of the generated hardware interface header
 * include/mxa_hw.h (docs/hw-interface.md): the record structs have the
 * documented offsets and sizes with no padding and every byte covered once;
 * register offsets are aligned and distinct; field masks are contiguous, fit
 * their register and do not overlap; the encodings equal those of mxa.h and
 * the block sizes those of the library; the page-table macros agree with the
 * entry format.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "../../include/mxa_hw.h"

/* ---------------------------------------------------------- compile time */

#define DESC_FIELD(N, m)                                                     \
	_Static_assert(offsetof(struct mxa_hw_desc, m) == MXA_DESC_##N &&    \
		       sizeof(((struct mxa_hw_desc *)0)->m) ==               \
			       MXA_DESC_##N##_SIZE &&                        \
		       MXA_DESC_##N % MXA_DESC_##N##_SIZE == 0,              \
		       "descriptor field " #N);
MXA_DESC_FIELD_LIST(DESC_FIELD)
#define CMPL_FIELD(N, m)                                                     \
	_Static_assert(offsetof(struct mxa_hw_cmpl, m) == MXA_CMPL_##N &&    \
		       sizeof(((struct mxa_hw_cmpl *)0)->m) ==               \
			       MXA_CMPL_##N##_SIZE &&                        \
		       MXA_CMPL_##N % MXA_CMPL_##N##_SIZE == 0,              \
		       "completion field " #N);
MXA_CMPL_FIELD_LIST(CMPL_FIELD)

_Static_assert(sizeof(struct mxa_hw_desc) == MXA_DESC_SIZE, "desc size");
_Static_assert(sizeof(struct mxa_hw_cmpl) == MXA_CMPL_SIZE, "cmpl size");
_Static_assert(MXA_DESC_SIZE % 8 == 0 && MXA_CMPL_SIZE % 8 == 0,
	       "records are whole 8-byte words");

/* The hardware encodings are the library's, so values pass unchanged. */
#define SAME_FMT(n) _Static_assert(MXA_HW_FMT_##n == MXA_FMT_##n, #n);
MXA_HW_FMT_LIST(SAME_FMT)
#define SAME_SCALE(n) _Static_assert(MXA_HW_SCALE_##n == MXA_SCALE_##n, #n);
MXA_HW_SCALE_LIST(SAME_SCALE)
#define SAME_ACC(n) _Static_assert(MXA_HW_ACC_##n == MXA_ACC_##n, #n);
MXA_HW_ACC_LIST(SAME_ACC)

/*
 * The capability bitmaps hold one bit per value of their role's range:
 * CAP_FORMATS all 32 element formats, CAP_FORMATS_SO 16 scale and 16
 * output formats.
 */
_Static_assert(MXA_REG_CAP_FORMATS_ELEM_MASK == 0xffffffffu &&
	       MXA_HW_FMT_ELEMENT_LAST - MXA_HW_FMT_ELEMENT_FIRST == 31 &&
	       MXA_REG_CAP_FORMATS_SO_SCALE_MASK >>
		       MXA_REG_CAP_FORMATS_SO_SCALE_SHIFT ==
		       (1u << (MXA_HW_FMT_SCALE_LAST -
			       MXA_HW_FMT_SCALE_FIRST + 1)) - 1 &&
	       MXA_REG_CAP_FORMATS_SO_OUT_MASK >>
		       MXA_REG_CAP_FORMATS_SO_OUT_SHIFT ==
		       (1u << (MXA_HW_FMT_OUTPUT_LAST -
			       MXA_HW_FMT_OUTPUT_FIRST + 1)) - 1,
	       "capability bitmaps cover the format ranges");
/* Every element format has a byte in CAP_LANE_ELEMS<f / 4>. */
_Static_assert(MXA_CAPIDX_CAP_LANE_ELEMS7 - MXA_CAPIDX_CAP_LANE_ELEMS0 + 1 ==
	       MXA_ELEM_FORMAT_SLOTS / 4 &&
	       MXA_REG_CAP_LANE_ELEMS7 - MXA_REG_CAP_LANE_ELEMS0 == 28,
	       "CAP_LANE_ELEMS covers the element formats");
_Static_assert(MXA_NUM_ELEM_FORMATS <= MXA_ELEM_FORMAT_SLOTS &&
	       MXA_FMT_E8M0 >= MXA_HW_FMT_SCALE_FIRST &&
	       MXA_FMT_FP32 >= MXA_HW_FMT_OUTPUT_FIRST,
	       "format ranges");

_Static_assert(MXA_HW_VA_BITS == MXA_HW_PAGE_SHIFT +
				 MXA_HW_PT_LEVELS * MXA_HW_PT_INDEX_BITS,
	       "VA width");
_Static_assert((MXA_PTE_SIZE << MXA_HW_PT_INDEX_BITS) ==
		       1 << MXA_HW_PAGE_SHIFT,
	       "a page table fills one page");
_Static_assert(MXA_PTE_ADDR_SHIFT == MXA_HW_PAGE_SHIFT &&
	       MXA_REG_RING_BASE_ADDR_SHIFT == MXA_HW_PAGE_SHIFT &&
	       MXA_REG_CMPL_BASE_ADDR_SHIFT == MXA_HW_PAGE_SHIFT,
	       "page-aligned addresses");
_Static_assert((1 << MXA_HW_PAGE_SHIFT) % MXA_DESC_SIZE == 0 &&
	       (1 << MXA_HW_PAGE_SHIFT) % MXA_CMPL_SIZE == 0,
	       "no record crosses a page");
_Static_assert(MXA_REG_ID_RESET == MXA_HW_ID, "ID");

/* ---------------------------------------------------------- run time */

struct reg {
	const char *name;
	unsigned offset;
};

#define REG(n) { #n, MXA_REG_##n },
static const struct reg regs[] = { MXA_REG_LIST(REG) };

struct named {
	const char *reg, *name;
	unsigned shift;
	unsigned long long mask;
};

#define FIELD(r, f)                                                          \
	{ #r, #f, MXA_REG_##r##_##f##_SHIFT, MXA_REG_##r##_##f##_MASK },
static const struct named fields[] = { MXA_REG_FIELD_LIST(FIELD) };
#define PTE(f) { "PTE", #f, MXA_PTE_##f##_SHIFT, MXA_PTE_##f##_MASK },
static const struct named pte_fields[] = { MXA_PTE_FIELD_LIST(PTE) };

struct rec_field {
	const char *name;
	unsigned offset, size;
};

#define DESC_REC(N, m) { #N, MXA_DESC_##N, MXA_DESC_##N##_SIZE },
static const struct rec_field desc_fields[] = {
	MXA_DESC_FIELD_LIST(DESC_REC)
};
#define CMPL_REC(N, m) { #N, MXA_CMPL_##N, MXA_CMPL_##N##_SIZE },
static const struct rec_field cmpl_fields[] = {
	MXA_CMPL_FIELD_LIST(CMPL_REC)
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct reg *find_reg(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		if (!strcmp(regs[i].name, name))
			return &regs[i];
	return NULL;
}

static void check_regs(void)
{
	char hi_name[64];

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		const struct reg *r = &regs[i];

		T_CHECK(r->offset % 4 == 0 && r->offset < MXA_HW_REG_SPACE_SIZE,
			"%s at %#x", r->name, r->offset);
		for (size_t j = 0; j < i; j++)
			T_CHECK(r->offset != regs[j].offset, "%s and %s share %#x",
				r->name, regs[j].name, r->offset);
	}
	/* The halves of a 64-bit register: LO 8-byte aligned, HI above it. */
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		size_t len = strlen(regs[i].name);
		const struct reg *hi;

		if (len < 3 || strcmp(regs[i].name + len - 3, "_LO"))
			continue;
		snprintf(hi_name, sizeof(hi_name), "%.*s_HI", (int)(len - 3),
			 regs[i].name);
		hi = find_reg(hi_name);
		T_CHECK(hi && hi->offset == regs[i].offset + 4, "%s", hi_name);
		T_CHECK(regs[i].offset % 8 == 0, "%s", regs[i].name);
	}
}

/* Masks contiguous, placed at their shift, disjoint within a register. */
static void check_masks(const struct named *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned long long m = f[i].mask >> f[i].shift;

		T_CHECK(f[i].mask && (m & 1) && (m & (m + 1)) == 0 &&
				m << f[i].shift == f[i].mask,
			"%s.%s mask %#llx shift %u", f[i].reg, f[i].name,
			f[i].mask, f[i].shift);
		for (size_t j = 0; j < i; j++)
			T_CHECK(strcmp(f[i].reg, f[j].reg) ||
					!(f[i].mask & f[j].mask),
				"%s.%s overlaps %s", f[i].reg, f[i].name,
				f[j].name);
	}
}

static void check_fields(void)
{
	char lo[64];

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		unsigned width = 32;

		/* A register without a 32-bit offset is a 64-bit pair. */
		if (!find_reg(fields[i].reg)) {
			snprintf(lo, sizeof(lo), "%s_LO", fields[i].reg);
			T_CHECK(find_reg(lo), "%s has no offset", fields[i].reg);
			width = 64;
		}
		T_CHECK(width == 64 || fields[i].mask >> 32 == 0,
			"%s.%s mask %#llx exceeds 32 bits", fields[i].reg,
			fields[i].name, fields[i].mask);
	}
	check_masks(fields, ARRAY_SIZE(fields));
	check_masks(pte_fields, ARRAY_SIZE(pte_fields));
}

/* Every byte of a record belongs to exactly one naturally aligned field. */
static void check_record(const char *what, const struct rec_field *f, size_t n,
			 unsigned size)
{
	unsigned char owner[256] = { 0 };

	T_CHECK(size <= sizeof(owner), "%s size %u", what, size);
	for (size_t i = 0; i < n && size <= sizeof(owner); i++) {
		T_CHECK(f[i].size == 1 || f[i].size == 2 || f[i].size == 4 ||
				f[i].size == 8,
			"%s.%s size %u", what, f[i].name, f[i].size);
		T_CHECK(f[i].offset % f[i].size == 0, "%s.%s misaligned", what,
			f[i].name);
		for (unsigned b = f[i].offset; b < f[i].offset + f[i].size; b++) {
			T_CHECK(b < size && !owner[b], "%s byte %u (%s)", what, b,
				f[i].name);
			if (b < size)
				owner[b]++;
		}
	}
	for (unsigned b = 0; b < size && b < sizeof(owner); b++)
		T_CHECK(owner[b] == 1, "%s byte %u not covered", what, b);
}

static void check_values(void)
{
	/* The reset values of the identification registers. */
	T_CHECK(MXA_HW_GET(MXA_REG_VERSION_MAJOR, MXA_REG_VERSION_RESET) ==
			MXA_HW_VERSION_MAJOR &&
		MXA_HW_GET(MXA_REG_VERSION_MINOR, MXA_REG_VERSION_RESET) ==
			MXA_HW_VERSION_MINOR && MXA_HW_VERSION_MAJOR >= 1,
		"VERSION reset %#x", MXA_REG_VERSION_RESET);
	T_CHECK(MXA_HW_SET(MXA_REG_VERSION_MAJOR, 1) == 0x10000,
		"MXA_HW_SET places a field");

	/* Block sizes the device reports are the library's. */
	T_CHECK(MXA_REG_CAP_BLOCK_NONE_RESET == mxa_block_size(MXA_SCALE_NONE),
		"NONE block");
	T_CHECK(MXA_REG_CAP_BLOCK_MX_RESET == mxa_block_size(MXA_SCALE_MX),
		"MX block");
	T_CHECK(MXA_REG_CAP_BLOCK_NV_RESET == mxa_block_size(MXA_SCALE_NV),
		"NV block");
	/* The standard sizes are among those the numerics define. */
	T_CHECK((MXA_BLOCK_SIZES & (MXA_REG_CAP_BLOCK_MX_RESET |
				    MXA_REG_CAP_BLOCK_NV_RESET)) ==
		(MXA_REG_CAP_BLOCK_MX_RESET | MXA_REG_CAP_BLOCK_NV_RESET),
		"standard sizes in MXA_BLOCK_SIZES");

	/* The ring size field holds every allowed log2, and no more. */
	T_CHECK(MXA_HW_GET(MXA_REG_RING_SIZE_LOG2,
			   MXA_HW_SET(MXA_REG_RING_SIZE_LOG2,
				      MXA_HW_RING_LOG2_MAX)) ==
			MXA_HW_RING_LOG2_MAX &&
		MXA_HW_GET(MXA_REG_RING_SIZE_LOG2, ~0u) == MXA_HW_RING_LOG2_MAX,
		"RING_SIZE.LOG2");

	/* Descriptor fields are the BAD_DESC sub-codes: they fit DETAIL. */
	T_CHECK(MXA_DESC_SIZE <= 1u << (8 * MXA_CMPL_DETAIL_SIZE), "DETAIL");
	/* Enum values that share a descriptor field fit it. */
	T_CHECK(MXA_HW_FMT_FP32 < 1u << (8 * MXA_DESC_OUT_FMT_SIZE) &&
		MXA_HW_OP_NOP < 1u << (8 * MXA_DESC_OPCODE_SIZE) &&
		MXA_HW_STATUS_ABORTED < 1u << (8 * MXA_CMPL_STATUS_SIZE),
		"enum widths");
}

/* A walk rebuilds the address from the indices MXA_HW_PT_INDEX gives. */
static void check_page_tables(void)
{
	struct t_rng rng;

	t_rng_seed(&rng, 3);
	for (int i = 0; i < 10000; i++) {
		uint64_t va = t_rng_next(&rng) & ((1ull << MXA_HW_VA_BITS) - 1);
		uint64_t pa = t_rng_next(&rng) & MXA_PTE_ADDR_MASK;
		uint64_t back = va & ((1u << MXA_HW_PAGE_SHIFT) - 1);
		uint64_t pte = pa | MXA_PTE_V_MASK | MXA_PTE_LEAF_MASK;

		for (int l = 0; l < MXA_HW_PT_LEVELS; l++) {
			uint64_t idx = MXA_HW_PT_INDEX(va, l);

			T_CHECK(idx < 1u << MXA_HW_PT_INDEX_BITS, "index %llu",
				(unsigned long long)idx);
			back |= idx << (MXA_HW_PAGE_SHIFT +
					MXA_HW_PT_INDEX_BITS * l);
		}
		T_CHECK(back == va, "va %#llx rebuilt as %#llx",
			(unsigned long long)va, (unsigned long long)back);
		T_CHECK(MXA_HW_GET(MXA_PTE_ADDR, pte) << MXA_PTE_ADDR_SHIFT == pa &&
				MXA_HW_GET(MXA_PTE_V, pte) == 1 &&
				MXA_HW_GET(MXA_PTE_W, pte) == 0,
			"pte %#llx", (unsigned long long)pte);
	}
}

int main(void)
{
	check_regs();
	check_fields();
	check_record("DESC", desc_fields, ARRAY_SIZE(desc_fields),
		     MXA_DESC_SIZE);
	check_record("CMPL", cmpl_fields, ARRAY_SIZE(cmpl_fields),
		     MXA_CMPL_SIZE);
	check_values();
	check_page_tables();
	return t_exit();
}
