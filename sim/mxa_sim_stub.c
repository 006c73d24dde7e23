// SPDX-License-Identifier: MIT
/*
 * mxa_sim_stub.c - the simulation library where Verilator is not
 * installed: the C ABI of mxa_sim.h whose mxa_sim_create() fails with
 * -ENOSYS, so that programs using it build everywhere and can say why they
 * have no device.
 */
#include <errno.h>
#include <string.h>

#include "mxa_sim.h"

static const char no_sim[] =
	"verilator not installed: this build has no simulated device";

void mxa_sim_config_init(struct mxa_sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

int mxa_sim_create(const struct mxa_sim_config *cfg, struct mxa_sim **simp)
{
	(void)cfg;
	if (simp)
		*simp = NULL;
	return -ENOSYS;
}

void mxa_sim_destroy(struct mxa_sim *sim)
{
	(void)sim;
}

int mxa_sim_reg_read(struct mxa_sim *sim, uint32_t offset, uint32_t *value)
{
	(void)sim;
	(void)offset;
	(void)value;
	return -ENOSYS;
}

int mxa_sim_reg_write(struct mxa_sim *sim, uint32_t offset, uint32_t value)
{
	(void)sim;
	(void)offset;
	(void)value;
	return -ENOSYS;
}

int mxa_sim_run(struct mxa_sim *sim, uint64_t cycles)
{
	(void)sim;
	(void)cycles;
	return -ENOSYS;
}

int mxa_sim_run_until_irq(struct mxa_sim *sim, uint64_t max_cycles,
			  uint64_t *ran)
{
	(void)sim;
	(void)max_cycles;
	if (ran)
		*ran = 0;
	return -ENOSYS;
}

int mxa_sim_irq(const struct mxa_sim *sim)
{
	(void)sim;
	return 0;
}

uint64_t mxa_sim_cycles(const struct mxa_sim *sim)
{
	(void)sim;
	return 0;
}

int mxa_sim_reset(struct mxa_sim *sim)
{
	(void)sim;
	return -ENOSYS;
}

int mxa_sim_mem_read(struct mxa_sim *sim, uint64_t addr, void *buf,
		     size_t len)
{
	(void)sim;
	(void)addr;
	(void)buf;
	(void)len;
	return -ENOSYS;
}

int mxa_sim_mem_write(struct mxa_sim *sim, uint64_t addr, const void *buf,
		      size_t len)
{
	(void)sim;
	(void)addr;
	(void)buf;
	(void)len;
	return -ENOSYS;
}

int mxa_sim_trace_start(struct mxa_sim *sim, const char *path)
{
	(void)sim;
	(void)path;
	return -ENOSYS;
}

int mxa_sim_trace_stop(struct mxa_sim *sim)
{
	(void)sim;
	return -ENOSYS;
}

const char *mxa_sim_last_error(void)
{
	return no_sim;
}
