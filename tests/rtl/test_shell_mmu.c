// SPDX-License-Identifier: MIT
/*
 * test_shell_mmu.c - the device MMU and the job errors of the memory path:
 * every way a translation fails (an invalid entry at each level, an address
 * at or above 2^39, a read-only page written, each malformed entry), bus
 * errors on data and on page tables, an invalid code found by the engine;
 * each record names the status, the stream and the address, and a good job
 * right after each one runs correctly. Then the TLB and the walk cache are
 * shown to be emptied between jobs when tables change.
 */
#include "rtl/shell_harness.h"

#define BEYOND_MEMORY	0x80000000ull	/* below 2^PA_BITS, no memory there */

static struct t_rng rng;
static unsigned faults, goods;

/* A small job with every operand mapped and filled in its own pages. */
static void base_job(struct sh *sh, struct mxa_hw_desc *d, uint64_t root,
		     uint64_t base)
{
	sh_desc_matmul(d, root, 3, 2, 64, MXA_HW_FMT_E4M3, MXA_HW_FMT_E5M2);
	d->seq = sh_next_seq(sh);
	d->a_addr = base + 0x0100;
	d->b_addr = base + 0x2100;
	d->d_addr = base + 0x4100;
	d->a_stride = 100;
	sh_map(sh, root, base, 0x6000, true);
	sh_vfill(sh, root, base, 0x6000, &rng);
}

static void good_job(struct sh *sh, uint64_t root, uint64_t base)
{
	struct mxa_hw_desc d;
	struct mxa_hw_cmpl rec;
	struct sh_expect e;
	uint8_t *old;

	base_job(sh, &d, root, base);
	sh_expect_job(sh, &d, &e);
	old = sh_save_d(sh, &d);
	sh_run_job(sh, &d, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_OK && rec.bytes_read == e.bytes_read,
		"good job after a fault: status %u, read %llu want %llu",
		rec.status, (unsigned long long)rec.bytes_read,
		(unsigned long long)e.bytes_read);
	T_CHECK(sh_check_d(sh, &d, e.digest, old) == 0, "good job's D");
	free(old);
	goods++;
}

static void expect_fault(struct sh *sh, const struct mxa_hw_desc *d,
			 unsigned status, unsigned stream, uint64_t addr,
			 const char *what)
{
	struct mxa_hw_cmpl rec;

	sh_run_job(sh, d, &rec);
	T_CHECK(rec.status == status && rec.detail == stream &&
		rec.fault_addr == addr,
		"%s: status %u detail %u address 0x%llx, want %u %u 0x%llx",
		what, rec.status, rec.detail,
		(unsigned long long)rec.fault_addr, status, stream,
		(unsigned long long)addr);
	T_CHECK(rec.macs <= (uint64_t)d->m * d->n * d->k, "%s: MACS", what);
	faults++;
	good_job(sh, d->pt_root, 0x7f000000ull + (uint64_t)goods * 0x10000);
}

static void unmapped(struct sh *sh, uint64_t root)
{
	struct mxa_hw_desc d;
	uint64_t base = 0x10000000;

	/* A's row 1 runs from a mapped page into an unmapped one. */
	base_job(sh, &d, root, base);
	d.a_addr = base + 0x1000 - 150;
	sh_set_leaf(sh, root, base + 0x1000, 0);
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_A,
		     base + 0x1000, "A into an unmapped page");

	/* B in a 2 MiB region without a level-0 table. */
	base_job(sh, &d, root, base + 0x10000);
	d.b_addr = base + 0x200000 + 77;
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_B,
		     d.b_addr, "B, invalid level-1 entry");

	/* Scales of A in a 1 GiB region without a level-1 table. */
	base_job(sh, &d, root, base + 0x20000);
	d.scale_mode = MXA_HW_SCALE_MX;
	d.sa_addr = 0x5000000000ull + 3;
	d.sa_stride = 2;
	d.sb_addr = base + 0x20000 + 0x5000;
	d.sb_stride = 2;
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_SA,
		     d.sa_addr, "SA, invalid level-2 entry");

	/* Row 3 of SB starts in an unmapped page. */
	base_job(sh, &d, root, base + 0x30000);
	d.n = 5;
	d.b_addr = base + 0x30000;
	d.b_stride = 64;
	d.d_stride = 20;
	d.scale_mode = MXA_HW_SCALE_NV;
	d.sa_addr = base + 0x30000 + 0x5000;
	d.sa_stride = 4;
	d.sb_addr = base + 0x30000 + 0x6000 - 3 * 1000;
	d.sb_stride = 1000;
	sh_set_leaf(sh, root, base + 0x30000 + 0x6000, 0);
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_SB,
		     base + 0x30000 + 0x6000, "SB row 3");

	/* C, whose second row is beyond the mapping. */
	base_job(sh, &d, root, base + 0x40000);
	d.flags = MXA_DESC_FLAGS_HAS_C_MASK;
	d.c_addr = base + 0x40000 + 0x6000 - 8;
	d.c_stride = 8;
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_C,
		     base + 0x40000 + 0x6000, "C row 1");

	/* Row 1 of A at or above 2^39: the MMU, not validation, sees it. */
	base_job(sh, &d, root, base + 0x50000);
	d.a_addr = (1ull << 39) - 0x1000 + 16;
	d.a_stride = 0x2000;
	sh_map(sh, root, d.a_addr, 64, false);
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_A,
		     d.a_addr + 0x2000, "A row above 2^39");

	/* A row that crosses 2^39 faults at 2^39 exactly. */
	base_job(sh, &d, root, base + 0x60000);
	d.m = 1;
	d.a_addr = (1ull << 39) - 20;
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_A,
		     1ull << 39, "A row across 2^39");
}

static void read_only(struct sh *sh, uint64_t root)
{
	struct mxa_hw_desc d;
	uint64_t base = 0x11000000;
	uint64_t pa;

	base_job(sh, &d, root, base);
	T_CHECK(sh_translate(sh, root, d.d_addr, &pa), "mapped");
	sh_set_leaf(sh, root, d.d_addr, (pa & ~0xfffull) | MXA_PTE_LEAF_MASK |
		    MXA_PTE_V_MASK);
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_READONLY, MXA_HW_STREAM_D,
		     d.d_addr, "D read-only");

	/* Rows 0 and 1 writable, row 2 in a read-only page. */
	base_job(sh, &d, root, base + 0x10000);
	d.d_addr = base + 0x10000 + 0x5000 - 2 * 0x800;
	d.d_stride = 0x800;
	T_CHECK(sh_translate(sh, root, base + 0x10000 + 0x5000, &pa), "mapped");
	sh_set_leaf(sh, root, base + 0x10000 + 0x5000,
		    (pa & ~0xfffull) | MXA_PTE_LEAF_MASK | MXA_PTE_V_MASK);
	expect_fault(sh, &d, MXA_HW_STATUS_MMU_READONLY, MXA_HW_STREAM_D,
		     base + 0x10000 + 0x5000, "D row 2 read-only");
}

static void bad_entries(struct sh *sh, uint64_t root)
{
	static const struct {
		int level;
		uint64_t set, clear;
		const char *what;
	} cases[] = {
		{ 0, 0, MXA_PTE_LEAF_MASK, "leaf without LEAF" },
		{ 0, 1ull << 5, 0, "leaf with reserved bit 5" },
		{ 0, 1ull << 60, 0, "leaf with reserved bit 60" },
		{ 0, 1ull << 45, 0, "leaf at or above 2^PA_BITS" },
		{ 1, MXA_PTE_LEAF_MASK, 0, "pointer with LEAF" },
		{ 1, MXA_PTE_W_MASK, 0, "pointer with W" },
		{ 2, 1ull << 11, 0, "root entry with reserved bit 11" },
		{ 2, 1ull << 40, 0, "root entry at or above 2^PA_BITS" },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Each case in its own 1 GiB region, so tables are its own. */
		uint64_t base = 0x1000000000ull + (uint64_t)i * 0x40000000;
		struct mxa_hw_desc d;
		uint64_t e, pte;

		base_job(sh, &d, root, base);
		e = sh_pte_addr(sh, root, d.b_addr, cases[i].level, false);
		pte = sh_pread64(sh, e);
		sh_pwrite64(sh, e, (pte | cases[i].set) & ~cases[i].clear);
		/* The good job shares the tables of its own region only. */
		expect_fault(sh, &d, MXA_HW_STATUS_MMU_BAD_PTE,
			     cases[i].level == 0 ? MXA_HW_STREAM_B
						 : MXA_HW_STREAM_A,
			     cases[i].level == 0 ? d.b_addr : d.a_addr,
			     cases[i].what);
	}
}

static void bus_errors(struct sh *sh, uint64_t root)
{
	struct mxa_hw_desc d;
	uint64_t base = 0x12000000;
	uint64_t db = sh->data_bytes;
	uint64_t e;

	/* A's page is beyond the memory: the burst's address is named. */
	base_job(sh, &d, root, base);
	d.a_addr = base + 0x3000 + 0x123;
	sh_set_leaf(sh, root, base + 0x3000, BEYOND_MEMORY |
		    MXA_PTE_LEAF_MASK | MXA_PTE_V_MASK);
	expect_fault(sh, &d, MXA_HW_STATUS_BUS_ERROR, MXA_HW_STREAM_A,
		     (BEYOND_MEMORY + 0x123) & ~(db - 1), "A beyond memory");

	/* D's page likewise. */
	base_job(sh, &d, root, base + 0x10000);
	d.d_addr = base + 0x10000 + 0x3000 + 0x44;
	sh_set_leaf(sh, root, base + 0x10000 + 0x3000, BEYOND_MEMORY |
		    MXA_PTE_W_MASK | MXA_PTE_LEAF_MASK | MXA_PTE_V_MASK);
	expect_fault(sh, &d, MXA_HW_STATUS_BUS_ERROR, MXA_HW_STREAM_D,
		     (BEYOND_MEMORY + 0x44) & ~(db - 1), "D beyond memory");

	/* A level-0 table beyond the memory: the entry's address is named. */
	base_job(sh, &d, root, 0x2000000000ull);
	d.b_addr = 0x2000000000ull + 0x200000 + 0x10;
	e = sh_pte_addr(sh, root, d.b_addr, 1, true);
	sh_pwrite64(sh, e, BEYOND_MEMORY | MXA_PTE_V_MASK);
	expect_fault(sh, &d, MXA_HW_STATUS_BUS_ERROR, MXA_HW_STREAM_PT,
		     BEYOND_MEMORY + MXA_HW_PT_INDEX(d.b_addr, 0) * 8,
		     "table beyond memory");
}

static void invalid_code(struct sh *sh, uint64_t root)
{
	struct mxa_hw_desc d;
	uint64_t base = 0x13000000;
	uint8_t zero[64] = { 0 };
	uint8_t bad = 0x21;	/* element 2 of the byte is 10 */

	base_job(sh, &d, root, base);
	d.a_fmt = MXA_HW_FMT_TERNARY;
	d.k = 200;		/* 50 bytes a row */
	d.a_stride = 70;
	d.b_stride = 200;
	d.a_addr = base + 0x1000 - 100;	/* row 1 crosses a page */
	for (uint32_t i = 0; i < d.m; i++)
		sh_vwrite(sh, root, d.a_addr + i * 70ull, zero, 50);
	sh_vwrite(sh, root, d.a_addr + 70 + 37, &bad, 1);
	sh_vwrite(sh, root, d.a_addr + 2 * 70 + 3, &bad, 1);
	expect_fault(sh, &d, MXA_HW_STATUS_INVALID_CODE, MXA_HW_STREAM_A,
		     d.a_addr + 70 + 37, "ternary code 10 in A");
}

/* Tables changed between jobs are seen: the TLB and the walk cache are
 * emptied when a job starts. */
static void table_changes(struct sh *sh, uint64_t root)
{
	uint64_t other = sh_as_new(sh);
	uint64_t base = 0x14000000;

	for (int round = 0; round < 3; round++) {
		/* The same addresses in two address spaces, alternately. */
		good_job(sh, root, base);
		good_job(sh, other, base);
		/* A leaf moved to a new page with new data. */
		sh_set_leaf(sh, root, base + 0x100, 0);
		sh_map(sh, root, base + 0x100, 1, true);
		good_job(sh, root, base);
	}
}

int main(void)
{
	struct sh sh;
	uint64_t root;

	sh_open(&sh, NULL);
	t_rng_seed(&rng, 11);
	sh_ring_start(&sh, 2);
	root = sh_as_new(&sh);

	unmapped(&sh, root);
	read_only(&sh, root);
	bad_entries(&sh, root);
	bus_errors(&sh, root);
	invalid_code(&sh, root);
	table_changes(&sh, root);

	sh_run(&sh, 1000);
	T_CHECK(sh_rd(&sh, MXA_REG_INT_STATUS) ==
		(MXA_REG_INT_STATUS_JOB_DONE_MASK |
		 MXA_REG_INT_STATUS_JOB_ERROR_MASK), "both job interrupts");
	T_CHECK(!(sh_rd(&sh, MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK),
		"job errors never halt");
	printf("%u faulting jobs, %u good jobs\n", faults, goods);
	sh_close(&sh);
	return t_exit();
}
