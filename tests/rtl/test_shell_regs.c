// SPDX-License-Identifier: MIT
/*
 * test_shell_regs.c - the register window of the shell against
 * docs/hw-interface.md: identification, capabilities, reset values, what
 * each register keeps of a write, offsets without a register, W1C and the
 * interrupt line, the soft reset, and the doorbell check that halts.
 */
#include "rtl/shell_harness.h"

struct reg_rule {
	uint32_t off;
	uint32_t reset;
	uint32_t writable;	/* bits that keep a write of 1 (ENABLE 0) */
};

/* Registers that keep what is written, with PA_BITS = 40. */
static const struct reg_rule rw_regs[] = {
	{ MXA_REG_INT_ENABLE, 0, 0x7 },
	{ MXA_REG_RING_BASE_LO, 0, 0xfffff000 },
	{ MXA_REG_RING_BASE_HI, 0, 0xff },
	{ MXA_REG_RING_SIZE, 0, 0xf },
	{ MXA_REG_CMPL_BASE_LO, 0, 0xfffff000 },
	{ MXA_REG_CMPL_BASE_HI, 0, 0xff },
	{ MXA_REG_TEST, 0, 0x1 },
};

/* An offset the interface gives a register (every 32-bit half). */
static bool is_register(uint32_t off)
{
#define REG_OFFSET(NAME) MXA_REG_##NAME,
	static const uint32_t offsets[] = { MXA_REG_LIST(REG_OFFSET) };
#undef REG_OFFSET

	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
		if (offsets[i] == off)
			return true;
	return false;
}

static void check_identity(struct sh *sh)
{
	uint32_t mem = sh_rd(sh, MXA_REG_CAP_MEM);
	uint32_t bits = MXA_HW_GET(MXA_REG_CAP_MEM_DATA_BITS, mem);

	T_CHECK(sh_rd(sh, MXA_REG_ID) == 0x4d584131, "ID");
	T_CHECK(sh_rd(sh, MXA_REG_VERSION) ==
		(MXA_HW_VERSION_MAJOR << 16 | MXA_HW_VERSION_MINOR), "VERSION");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_FLAGS) == 1, "a simulation build");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_BLOCK) == 0x38102020, "block sizes");
	T_CHECK(MXA_HW_GET(MXA_REG_CAP_MEM_VA_BITS, mem) == 39, "VA_BITS");
	T_CHECK(MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS, mem) == 40, "PA_BITS");
	T_CHECK(bits == 64 || bits == 128 || bits == 256 || bits == 512,
		"DATA_BITS %u", bits);
	/* The test engine's capabilities, passed through unchanged. */
	T_CHECK(sh_rd(sh, MXA_REG_CAP_FORMATS) == 0x105f, "CAP_FORMATS");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_FORMATS_SO) == 0x00030003,
		"CAP_FORMATS_SO");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_MODES) == 0x707, "CAP_MODES");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_ARRAY) == 0x00400101, "CAP_ARRAY");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_LANE_ELEMS0) == 0x0a0a0808, "LANE0");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_LANE_ELEMS1) == 0x00200010, "LANE1");
	for (uint32_t off = MXA_REG_CAP_LANE_ELEMS2;
	     off <= MXA_REG_CAP_LANE_ELEMS7; off += 4)
		T_CHECK(sh_rd(sh, off) == 0, "LANE 0x%03x", off);
	T_CHECK(sh_rd(sh, MXA_REG_CAP_TRUNC) == 0x2808, "CAP_TRUNC");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_MAX_M) == 4096, "MAX_M");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_MAX_N) == 4096, "MAX_N");
	T_CHECK(sh_rd(sh, MXA_REG_CAP_MAX_K) == 65536, "MAX_K");
}

static void check_reset_values(struct sh *sh, const char *when)
{
	T_CHECK(sh_rd(sh, MXA_REG_CTRL) == 0, "%s: CTRL", when);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) == MXA_REG_STATUS_IDLE_MASK,
		"%s: STATUS 0x%x", when, sh_rd(sh, MXA_REG_STATUS));
	T_CHECK(sh_rd(sh, MXA_REG_HALT_CAUSE) == 0, "%s: HALT_CAUSE", when);
	T_CHECK(sh_rd64(sh, MXA_REG_HALT_ADDR_LO) == 0, "%s: HALT_ADDR", when);
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) == 0, "%s: INT_STATUS", when);
	T_CHECK(sh_rd(sh, MXA_REG_RING_TAIL) == 0, "%s: RING_TAIL", when);
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 0, "%s: RING_HEAD", when);
	for (unsigned i = 0; i < sizeof(rw_regs) / sizeof(rw_regs[0]); i++)
		T_CHECK(sh_rd(sh, rw_regs[i].off) == rw_regs[i].reset,
			"%s: register 0x%03x", when, rw_regs[i].off);
	for (uint32_t off = MXA_REG_PERF_BUSY_LO; off <= MXA_REG_PERF_JOBS_HI;
	     off += 4)
		T_CHECK(sh_rd(sh, off) == 0, "%s: counter 0x%03x", when, off);
	T_CHECK(mxa_sim_irq(sh->sim) == 0, "%s: interrupt line low", when);
}

static void check_writes(struct sh *sh)
{
	uint32_t before[0x1000 / 4];

	for (unsigned i = 0; i < sizeof(rw_regs) / sizeof(rw_regs[0]); i++) {
		sh_wr(sh, rw_regs[i].off, 0xffffffff);
		T_CHECK(sh_rd(sh, rw_regs[i].off) == rw_regs[i].writable,
			"register 0x%03x keeps 0x%08x", rw_regs[i].off,
			sh_rd(sh, rw_regs[i].off));
		sh_wr(sh, rw_regs[i].off, 0);
		T_CHECK(sh_rd(sh, rw_regs[i].off) == 0,
			"register 0x%03x cleared", rw_regs[i].off);
	}

	/* Read-only registers and offsets without a register ignore writes;
	 * the latter read 0. Counters move, so they are left out. */
	for (uint32_t off = 0; off < 0x1000; off += 4)
		before[off / 4] = sh_rd(sh, off);
	for (uint32_t off = 0; off < 0x1000; off += 4) {
		if (off >= MXA_REG_PERF_CYCLES_LO && off <= MXA_REG_PERF_JOBS_HI)
			continue;
		if (off == MXA_REG_CTRL || off == MXA_REG_RING_TAIL ||
		    off == MXA_REG_INT_STATUS)
			continue;
		bool rw = false;
		for (unsigned i = 0; i < sizeof(rw_regs) / sizeof(rw_regs[0]); i++)
			rw |= rw_regs[i].off == off;
		if (rw)
			continue;
		sh_wr(sh, off, 0xffffffff);
		T_CHECK(sh_rd(sh, off) == before[off / 4],
			"offset 0x%03x changed by a write", off);
		if (!is_register(off))
			T_CHECK(before[off / 4] == 0, "offset 0x%03x reads 0x%x",
				off, before[off / 4]);
	}

	/* Ring configuration is frozen while ENABLE is 1. */
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	T_CHECK(sh_rd(sh, MXA_REG_CTRL) == MXA_REG_CTRL_ENABLE_MASK, "ENABLE");
	sh_wr(sh, MXA_REG_RING_BASE_LO, 0x12345000);
	sh_wr(sh, MXA_REG_RING_SIZE, 3);
	sh_wr(sh, MXA_REG_CMPL_BASE_HI, 0x12);
	T_CHECK(sh_rd(sh, MXA_REG_RING_BASE_LO) == 0, "RING_BASE frozen");
	T_CHECK(sh_rd(sh, MXA_REG_RING_SIZE) == 0, "RING_SIZE frozen");
	T_CHECK(sh_rd(sh, MXA_REG_CMPL_BASE_HI) == 0, "CMPL_BASE frozen");
	/* ABORT without a job in progress does nothing. */
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK |
	      MXA_REG_CTRL_ABORT_MASK);
	T_CHECK(sh_rd(sh, MXA_REG_CTRL) == MXA_REG_CTRL_ENABLE_MASK,
		"ABORT with no job");
	sh_wr(sh, MXA_REG_CTRL, 0);
}

static void check_counters(struct sh *sh)
{
	uint64_t c1 = sh_rd64(sh, MXA_REG_PERF_CYCLES_LO);
	uint64_t c2;

	sh_run(sh, 1000);
	c2 = sh_rd64(sh, MXA_REG_PERF_CYCLES_LO);
	T_CHECK(c2 >= c1 + 1000 && c2 < c1 + 1100, "PERF_CYCLES %llu -> %llu",
		(unsigned long long)c1, (unsigned long long)c2);
	T_CHECK(sh_rd64(sh, MXA_REG_PERF_BUSY_LO) == 0, "never busy");
	T_CHECK(sh_rd64(sh, MXA_REG_PERF_JOBS_LO) == 0, "no job");
}

/* A doorbell more than the ring size ahead halts; W1C and the line. */
static void check_halt_and_interrupts(struct sh *sh)
{
	sh_wr(sh, MXA_REG_RING_SIZE, 2);		/* 4 slots */
	sh_wr(sh, MXA_REG_RING_TAIL, 4);		/* full: fine */
	sh_run(sh, 10);
	T_CHECK(!(sh_rd(sh, MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK),
		"a full ring is no reason to halt");
	sh_wr(sh, MXA_REG_RING_TAIL, 5);
	sh_run(sh, 10);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) ==
		(MXA_REG_STATUS_HALTED_MASK | MXA_REG_STATUS_IDLE_MASK),
		"halted: STATUS 0x%x", sh_rd(sh, MXA_REG_STATUS));
	T_CHECK(sh_rd(sh, MXA_REG_HALT_CAUSE) == MXA_HW_HALT_BAD_TAIL,
		"HALT_CAUSE %u", sh_rd(sh, MXA_REG_HALT_CAUSE));
	T_CHECK(sh_rd64(sh, MXA_REG_HALT_ADDR_LO) == 5, "HALT_ADDR");
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) == MXA_REG_INT_STATUS_HALT_MASK,
		"INT_STATUS.HALT");
	T_CHECK(!mxa_sim_irq(sh->sim), "line low while HALT is not enabled");
	sh_wr(sh, MXA_REG_INT_ENABLE, MXA_REG_INT_ENABLE_JOB_DONE_MASK);
	T_CHECK(!mxa_sim_irq(sh->sim), "line low: another cause enabled");
	sh_wr(sh, MXA_REG_INT_ENABLE, MXA_REG_INT_ENABLE_HALT_MASK);
	T_CHECK(mxa_sim_irq(sh->sim), "line high: HALT enabled");
	sh_wr(sh, MXA_REG_INT_STATUS, 0);
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) == MXA_REG_INT_STATUS_HALT_MASK,
		"writing 0 clears nothing");
	sh_wr(sh, MXA_REG_INT_STATUS, MXA_REG_INT_STATUS_JOB_DONE_MASK |
	      MXA_REG_INT_STATUS_JOB_ERROR_MASK);
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) == MXA_REG_INT_STATUS_HALT_MASK,
		"clearing other bits leaves HALT");
	sh_wr(sh, MXA_REG_INT_STATUS, MXA_REG_INT_STATUS_HALT_MASK);
	T_CHECK(sh_rd(sh, MXA_REG_INT_STATUS) == 0, "W1C");
	T_CHECK(!mxa_sim_irq(sh->sim), "line low after the clear");
	/* Halted, the device stays halted until a reset. */
	sh_wr(sh, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	sh_run(sh, 100);
	T_CHECK(sh_rd(sh, MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK,
		"still halted");
	T_CHECK(sh_rd(sh, MXA_REG_RING_HEAD) == 0, "nothing was run");
}

int main(void)
{
	struct sh sh;
	uint64_t cycles;

	sh_open(&sh, NULL);
	check_identity(&sh);
	check_reset_values(&sh, "after the reset input");
	check_writes(&sh);
	check_counters(&sh);
	check_halt_and_interrupts(&sh);

	/* SOFT_RESET: every register back to its reset value. */
	sh_wr(&sh, MXA_REG_INT_ENABLE, 5);
	sh_wr(&sh, MXA_REG_TEST, 1);
	sh_wr(&sh, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	while (sh_rd(&sh, MXA_REG_CTRL) & MXA_REG_CTRL_SOFT_RESET_MASK)
		;
	cycles = sh_rd64(&sh, MXA_REG_PERF_CYCLES_LO);
	T_CHECK(cycles < 100, "PERF_CYCLES restarted: %llu",
		(unsigned long long)cycles);
	check_reset_values(&sh, "after SOFT_RESET");
	check_identity(&sh);

	/* And the reset input. */
	sh_wr(&sh, MXA_REG_INT_ENABLE, 3);
	T_CHECK(mxa_sim_reset(sh.sim) == 0, "reset");
	check_reset_values(&sh, "after a second reset input");
	sh_close(&sh);
	return t_exit();
}
