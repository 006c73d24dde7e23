/* SPDX-License-Identifier: MIT */
/*
 * mxa_sim.h - the simulated mxa device: the Verilated RTL behind a small C
 * ABI. A caller creates a device, reads and writes its registers through the
 * AXI4-Lite port, runs the clock, looks at the interrupt line, and gives it
 * memory: a built-in memory model, or its own through callbacks, either way
 * behind the same latency and bandwidth model. docs/rtl-shell.md describes
 * the memory model.
 *
 * Every function returning int returns 0 or -errno; on failure
 * mxa_sim_last_error() holds a one-line description (per thread).
 * Register accesses and mxa_sim_run() advance simulated time.
 */
#ifndef MXA_SIM_H
#define MXA_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mxa_sim;

/*
 * The caller's memory, seen by the device's AXI4 master: read or write len
 * bytes at bus address addr. A nonzero return makes the access fail on the
 * bus: MXA_SIM_DECERR with an AXI DECERR (nothing answers at that
 * address), any other value with an AXI SLVERR (the slave refused it).
 * Writes come as runs of bytes whose strobes were set.
 */
#define MXA_SIM_SLVERR 1
#define MXA_SIM_DECERR 2

typedef int (*mxa_sim_mem_read_fn)(void *ctx, uint64_t addr, void *buf,
				   size_t len);
typedef int (*mxa_sim_mem_write_fn)(void *ctx, uint64_t addr,
				    const void *buf, size_t len);

/**
 * struct mxa_sim_config - how to build a simulated device.
 * @mem_size: bytes of built-in memory from bus address 0 (pages are
 *	allocated when first touched); accesses at or above it fail with
 *	AXI DECERR. Ignored when @mem_read and @mem_write are set.
 * @mem_latency: cycles from the cycle an address is accepted to the first
 *	cycle its data (read) or its response (write, counted from the last
 *	data beat) can be returned; at least 1.
 * @mem_bytes_per_cycle: bandwidth of each direction (read data, write
 *	data) in bytes per cycle; 0 means one data beat per cycle.
 * @mem_read: the caller's memory, or NULL for the built-in memory.
 * @mem_write: with @mem_read.
 * @mem_ctx: passed to @mem_read and @mem_write.
 * @trace_path: write an FST waveform of the whole run to this file; NULL
 *	takes the MXA_TRACE environment variable, if set and not empty.
 *
 * mxa_sim_config_init() fills in the defaults: 256 MiB, 100 cycles, one
 * beat per cycle, built-in memory, no waveform.
 */
struct mxa_sim_config {
	uint64_t mem_size;
	uint32_t mem_latency;
	uint32_t mem_bytes_per_cycle;
	mxa_sim_mem_read_fn mem_read;
	mxa_sim_mem_write_fn mem_write;
	void *mem_ctx;
	const char *trace_path;
};

void mxa_sim_config_init(struct mxa_sim_config *cfg);

/* Builds the device and applies its reset input; cfg NULL: the defaults. */
int mxa_sim_create(const struct mxa_sim_config *cfg, struct mxa_sim **simp);
/* Ends the simulation (and the waveform); sim may be NULL. */
void mxa_sim_destroy(struct mxa_sim *sim);

/* One aligned 32-bit register access at a byte offset of the register
 * window, taking the cycles the bus takes. */
int mxa_sim_reg_read(struct mxa_sim *sim, uint32_t offset, uint32_t *value);
int mxa_sim_reg_write(struct mxa_sim *sim, uint32_t offset, uint32_t value);

/* Runs the clock for a number of cycles. */
int mxa_sim_run(struct mxa_sim *sim, uint64_t cycles);
/*
 * Runs until the interrupt line is high (returns at once if it is) or
 * max_cycles have passed; *ran (may be NULL) gets the cycles run. Returns
 * -ETIMEDOUT when the line stayed low.
 */
int mxa_sim_run_until_irq(struct mxa_sim *sim, uint64_t max_cycles,
			  uint64_t *ran);
/* The interrupt line: 1 high, 0 low. */
int mxa_sim_irq(const struct mxa_sim *sim);
/* Cycles run since the device was created. */
uint64_t mxa_sim_cycles(const struct mxa_sim *sim);
/*
 * Applies the device's reset input for a few cycles. Transactions the
 * memory model had accepted are dropped with it.
 */
int mxa_sim_reset(struct mxa_sim *sim);

/* Host access to the device's memory, taking no simulated time. */
int mxa_sim_mem_read(struct mxa_sim *sim, uint64_t addr, void *buf,
		     size_t len);
int mxa_sim_mem_write(struct mxa_sim *sim, uint64_t addr, const void *buf,
		      size_t len);

/* Starts or stops writing an FST waveform (one file at a time). */
int mxa_sim_trace_start(struct mxa_sim *sim, const char *path);
int mxa_sim_trace_stop(struct mxa_sim *sim);

/* What the last failing call of this thread said. */
const char *mxa_sim_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* MXA_SIM_H */
