// SPDX-License-Identifier: MIT
/*
 * test_mmio_abuse.c - the board-like guest's device under nonsense from
 * the guest, with mxa.ko unloaded and the register window mapped through
 * /dev/mem: a ring at guest physical memory where nothing is must halt the
 * device with a descriptor bus error at that address (QEMU answers the
 * DMA with an error, the RTL records it), then thousands of random writes
 * to every register of the window (the address registers kept on
 * unassigned memory, so that no DMA of the device can reach the guest's
 * RAM), each followed by a doorbell and reads of every register. QEMU must
 * survive all of it, and once mxa.ko is loaded again its platform driver
 * must bind the device and run jobs bit for bit as before.
 *
 * Only in the board-like guest: the bridge's device has no register window.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest_job.h"
#include "guest_util.h"

#define ROUNDS 4000
/* Guest physical memory where the virt machine has nothing (its 1 GiB of
 * RAM ends at 0x80000000), below any CAP_MEM.PA_BITS of 32 or more. */
#define NOWHERE 0xc0000000u
#define WAIT_MS 20000

static volatile uint32_t *regs;

static uint32_t rd(uint32_t off)
{
	return regs[off / 4];
}

static void wr(uint32_t off, uint32_t v)
{
	regs[off / 4] = v;
}

static int is_address_register(uint32_t off)
{
	return off == MXA_REG_RING_BASE_LO || off == MXA_REG_RING_BASE_HI ||
	       off == MXA_REG_CMPL_BASE_LO || off == MXA_REG_CMPL_BASE_HI;
}

/* Points the ring and the completion area at unassigned memory. */
static void aim_nowhere(struct t_rng *rng)
{
	wr(MXA_REG_RING_BASE_LO, NOWHERE + (t_rng_below(rng, 1024) << 12));
	wr(MXA_REG_RING_BASE_HI, 0);
	wr(MXA_REG_CMPL_BASE_LO, NOWHERE + (t_rng_below(rng, 1024) << 12));
	wr(MXA_REG_CMPL_BASE_HI, 0);
}

static int wait_halted(void)
{
	uint64_t end = g_now_ns() + WAIT_MS * 1000000ull;

	while (!(rd(MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK)) {
		if (g_now_ns() > end)
			return -ETIMEDOUT;
		g_sleep_ms(1);
	}
	return 0;
}

/* A ring where nothing is: the first descriptor's fetch fails. */
static void ring_nowhere(void)
{
	uint64_t addr;

	wr(MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	while (rd(MXA_REG_CTRL) & MXA_REG_CTRL_SOFT_RESET_MASK)
		g_sleep_ms(1);
	wr(MXA_REG_INT_ENABLE, 0);
	wr(MXA_REG_RING_BASE_LO, NOWHERE);
	wr(MXA_REG_RING_BASE_HI, 0);
	wr(MXA_REG_RING_SIZE, 4);
	wr(MXA_REG_CMPL_BASE_LO, NOWHERE + 0x100000);
	wr(MXA_REG_CMPL_BASE_HI, 0);
	wr(MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
	wr(MXA_REG_RING_TAIL, 1);
	T_CHECK(wait_halted() == 0, "no halt %d s after a doorbell on a ring at 0x%x",
		WAIT_MS / 1000, NOWHERE);
	addr = rd(MXA_REG_HALT_ADDR_LO) | (uint64_t)rd(MXA_REG_HALT_ADDR_HI) << 32;
	T_CHECK(rd(MXA_REG_HALT_CAUSE) == MXA_HW_HALT_DESC_BUS_ERROR,
		"HALT_CAUSE %u, expected %u (descriptor bus error)",
		rd(MXA_REG_HALT_CAUSE), MXA_HW_HALT_DESC_BUS_ERROR);
	T_CHECK(addr == NOWHERE, "HALT_ADDR 0x%llx, expected 0x%x",
		(unsigned long long)addr, NOWHERE);
	T_CHECK(rd(MXA_REG_INT_STATUS) & MXA_REG_INT_STATUS_HALT_MASK,
		"INT_STATUS 0x%x without HALT", rd(MXA_REG_INT_STATUS));
	printf("ring at 0x%x: halted, cause %u at 0x%llx\n", NOWHERE,
	       rd(MXA_REG_HALT_CAUSE), (unsigned long long)addr);
}

static void garbage(struct t_rng *rng)
{
	uint32_t halts = 0, id_bad = 0;

	for (int r = 0; r < ROUNDS; r++) {
		uint32_t off = t_rng_below(rng, MXA_HW_REG_SPACE_SIZE / 4) * 4;

		if (!is_address_register(off))
			wr(off, (uint32_t)t_rng_next(rng));
		if (r % 16 == 0) {
			aim_nowhere(rng);
			wr(MXA_REG_RING_TAIL, (uint32_t)t_rng_next(rng));
		}
		if (r % 256 == 255) {
			for (uint32_t o = 0; o < MXA_HW_REG_SPACE_SIZE; o += 4)
				(void)rd(o);
			halts += !!(rd(MXA_REG_STATUS) &
				    MXA_REG_STATUS_HALTED_MASK);
			id_bad += rd(MXA_REG_ID) != MXA_HW_ID;
		}
	}
	T_CHECK(!id_bad, "ID read wrong %u times", id_bad);
	printf("%d random register writes; halted at %u of %d checks\n",
	       ROUNDS, halts, ROUNDS / 256);
}

int main(void)
{
	struct mxa_device *dev, *emu;
	struct mxa_device_info info;
	struct t_rng rng;
	struct g_plan p;
	int ret;

	if (!g_platform())
		T_SKIP_BECAUSE("the bridge's device has no register window (only in the board-like guest)");
	t_rng_seed(&rng, 13);
	ret = g_module_unload();
	T_CHECK(ret == 0, "unloading mxa.ko: %s", strerror(-ret));
	regs = g_platform_map(0, MXA_HW_REG_SPACE_SIZE);
	if (!regs)
		return T_FAIL;
	T_CHECK(rd(MXA_REG_ID) == MXA_HW_ID, "ID 0x%08x", rd(MXA_REG_ID));

	ring_nowhere();
	garbage(&rng);
	munmap((void *)regs, MXA_HW_REG_SPACE_SIZE);

	ret = g_module_load();
	T_CHECK(ret == 0, "loading mxa.ko again: %s", strerror(-ret));
	if (mxa_device_open("drm", &dev) || mxa_device_open("emu", &emu)) {
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
		return T_FAIL;
	}
	T_CHECK(mxa_device_query(dev, &info) == 0, "query: %s", mxa_last_error());
	for (int i = 0; i < 3; i++) {
		g_plan_random(&p, &info, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 128, &rng);
		T_CHECK(g_lib_run_check(dev, emu, &p, &rng, "after the abuse") == 0,
			"job %d after the abuse", i);
	}
	mxa_device_close(dev);
	mxa_device_close(emu);
	return t_exit();
}
