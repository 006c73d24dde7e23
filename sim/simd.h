/* SPDX-License-Identifier: MIT */
/*
 * simd.h - the serving loop of mxa-simd: a simulated device (sim/mxa_sim.h)
 * answering the driver's side of the simulator bridge
 * (include/uapi/drm/mxa_sim_bridge.h). Kept apart from the program so that
 * a test can run it against a fake bridge: messages go through a file
 * descriptor, memory through a callback.
 */
#ifndef MXA_SIMD_H
#define MXA_SIMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The device's access to memory: len bytes at bus address addr, into buf
 * (write false) or from it (write true). Returns 0, or -errno: -EFAULT when
 * the bridge refused the address.
 */
typedef int (*simd_dma_fn)(void *ctx, uint64_t addr, void *buf, size_t len,
			   bool write);

/**
 * struct simd_config - what the loop serves and how.
 * @fd: the bridge: messages are read from and written to it. Reading it
 *	must not block once poll() says it is readable.
 * @stop_fd: the loop returns when it becomes readable (a signalfd of the
 *	signals that stop the daemon); -1 for none.
 * @dma: the memory of the device.
 * @dma_ctx: passed to @dma.
 * @mem_latency: memory latency in cycles; 0: the model's default.
 * @mem_bytes_per_cycle: memory bandwidth; 0: one data beat per cycle.
 * @trace_path: FST waveform of the whole run, or NULL (the model then
 *	looks at MXA_TRACE).
 * @verbose: 1: say what happens to the device; 2: also every message.
 */
struct simd_config {
	int fd;
	int stop_fd;
	simd_dma_fn dma;
	void *dma_ctx;
	uint32_t mem_latency;
	uint32_t mem_bytes_per_cycle;
	const char *trace_path;
	int verbose;
};

struct simd;

/* Builds the simulated device. Returns 0 or -errno, having said why. */
int simd_create(const struct simd_config *cfg, struct simd **dp);
/* Ends the simulation; with verbose set, prints what it did. d may be NULL. */
void simd_destroy(struct simd *d);

/* CAP_MEM.PA_BITS of the device: what the bridge needs to plug it. */
unsigned int simd_pa_bits(struct simd *d);

/*
 * Serves the bridge: applies the register writes in order, answers the
 * register reads, clocks the device while it has work, raises its
 * interrupt. Returns 0 when stop_fd became readable or the bridge reached
 * end of file, -errno (having said why) when the bridge failed, broke the
 * protocol or refused the device.
 */
int simd_serve(struct simd *d);

#endif /* MXA_SIMD_H */
