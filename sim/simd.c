// SPDX-License-Identifier: MIT
/*
 * simd.c - the serving loop of mxa-simd (simd.h): the kernel's messages
 * applied to the simulated device in order, its clock run in short bursts
 * while it has work, its interrupt raised as a message, its memory reached
 * through the bridge.
 *
 * The clock stands still while the device is idle (the loop sleeps in
 * poll()), and from the moment an interrupt is raised until the driver
 * acknowledges INT_STATUS, the first step of its handler
 * (docs/hw-interface.md 3.4): that write is posted, and the handler looks
 * at the completion records without waiting for it, so a device that ran
 * on could set a cause the late acknowledgement would then clear, and that
 * job's completion would go unnoticed. Once the acknowledgement is applied
 * the clock runs again, even before the handler ends (which may take
 * locks held by a thread that polls a register meanwhile). Register
 * accesses take the cycles the bus takes in any case.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drm/mxa_sim_bridge.h"
#include "mxa_hw.h"
#include "mxa_sim.h"
#include "simd.h"

/*
 * Cycles per burst adapt so that a burst takes about CHUNK_NS_MIN to
 * CHUNK_NS_MAX: the driver's register reads wait at most about that long,
 * and the checks between bursts stay cheap against the simulation.
 */
#define CHUNK_NS_MIN	500000
#define CHUNK_NS_MAX	2000000
#define CHUNK_MIN	16
#define CHUNK_MAX	(1u << 20)
#define CHUNK_START	256

/* Messages read or written at once. */
#define BATCH		64

/* Refused memory accesses reported one by one, then only counted. */
#define REFUSED_REPORTED	16

struct simd {
	struct simd_config cfg;
	struct mxa_sim *sim;
	uint64_t chunk;		/* cycles of the next burst */
	bool busy;		/* STATUS.IDLE read 0 after the last burst */
	bool kick;		/* a register was written: run a burst */
	bool irq_wait;		/* an IRQ message awaits its IRQ_DONE */
	bool paused;		/* the clock waits for INT_STATUS's write */
	/* What it did, for -v. */
	uint64_t reads, writes, irqs, dma_ops, dma_bytes, refused;
};

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mxa-simd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int dma(struct simd *d, uint64_t addr, void *buf, size_t len,
	       bool write)
{
	int ret = d->cfg.dma(d->cfg.dma_ctx, addr, buf, len, write);

	d->dma_ops++;
	if (!ret) {
		d->dma_bytes += len;
		return 0;
	}
	/* Refused accesses are the device's own errors (an AXI SLVERR it
	 * reports in a completion record); others are the bridge's. */
	if (ret != -EFAULT)
		say("memory %s of %zu bytes at 0x%llx failed: %s",
		    write ? "write" : "read", len, (unsigned long long)addr,
		    strerror(-ret));
	else if (d->cfg.verbose && d->refused < REFUSED_REPORTED)
		say("memory %s of %zu bytes at 0x%llx refused%s",
		    write ? "write" : "read", len, (unsigned long long)addr,
		    d->refused + 1 == REFUSED_REPORTED ?
		    " (further ones only counted)" : "");
	d->refused++;
	return 1;
}

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return dma(ctx, addr, buf, len, false);
}

static int mem_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	/* The bridge takes one buffer pointer for both directions. */
	return dma(ctx, addr, (void *)(uintptr_t)buf, len, true);
}

int simd_create(const struct simd_config *cfg, struct simd **dp)
{
	struct mxa_sim_config sc;
	struct simd *d;
	int ret;

	d = calloc(1, sizeof(*d));
	if (!d) {
		say("out of memory");
		return -ENOMEM;
	}
	d->cfg = *cfg;
	d->chunk = CHUNK_START;

	mxa_sim_config_init(&sc);
	if (cfg->mem_latency)
		sc.mem_latency = cfg->mem_latency;
	sc.mem_bytes_per_cycle = cfg->mem_bytes_per_cycle;
	sc.mem_read = mem_read;
	sc.mem_write = mem_write;
	sc.mem_ctx = d;
	sc.trace_path = cfg->trace_path;
	ret = mxa_sim_create(&sc, &d->sim);
	if (ret) {
		say("cannot create the simulated device: %s",
		    mxa_sim_last_error());
		free(d);
		return ret;
	}
	*dp = d;
	return 0;
}

void simd_destroy(struct simd *d)
{
	if (!d)
		return;
	if (d->cfg.verbose)
		say("%llu cycles, %llu register reads, %llu writes, %llu interrupts, "
		    "%llu memory accesses (%llu bytes, %llu refused)",
		    (unsigned long long)mxa_sim_cycles(d->sim),
		    (unsigned long long)d->reads, (unsigned long long)d->writes,
		    (unsigned long long)d->irqs, (unsigned long long)d->dma_ops,
		    (unsigned long long)d->dma_bytes,
		    (unsigned long long)d->refused);
	mxa_sim_destroy(d->sim);
	free(d);
}

unsigned int simd_pa_bits(struct simd *d)
{
	uint32_t cap = 0;

	mxa_sim_reg_read(d->sim, MXA_REG_CAP_MEM, &cap);
	return MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS, cap);
}

static int send(struct simd *d, const struct mxa_sim_msg *msgs, size_t n)
{
	size_t len = n * sizeof(*msgs);
	ssize_t done = write(d->cfg.fd, msgs, len);

	if (done < 0) {
		say("writing to the bridge: %s", strerror(errno));
		return -errno;
	}
	if ((size_t)done != len) {
		say("the bridge took %zd of %zu bytes", done, len);
		return -EPROTO;
	}
	return 0;
}

static uint32_t reg_read(struct simd *d, uint32_t offset)
{
	uint32_t value;

	if (mxa_sim_reg_read(d->sim, offset, &value)) {
		say("register read at 0x%03x: %s", offset,
		    mxa_sim_last_error());
		return ~0u;
	}
	return value;
}

/* One message from the kernel; *reply gets the answer of a read. */
static int take(struct simd *d, const struct mxa_sim_msg *m,
		struct mxa_sim_msg *reply, bool *replied)
{
	if (d->cfg.verbose > 1)
		say("message %#x offset 0x%03x value 0x%08x tag %llu", m->type,
		    m->offset, m->value, (unsigned long long)m->tag);

	switch (m->type) {
	case MXA_SIM_MSG_REG_WRITE:
		d->writes++;
		if (mxa_sim_reg_write(d->sim, m->offset, m->value))
			say("register write at 0x%03x: %s", m->offset,
			    mxa_sim_last_error());
		d->kick = true;
		if (m->offset == MXA_REG_INT_STATUS)
			d->paused = false;
		return 0;

	case MXA_SIM_MSG_REG_READ:
		d->reads++;
		*reply = (struct mxa_sim_msg){
			.type = MXA_SIM_MSG_READ_DATA,
			.value = reg_read(d, m->offset),
			.tag = m->tag,
		};
		*replied = true;
		return 0;

	case MXA_SIM_MSG_IRQ_DONE:
		if (!d->irq_wait) {
			say("the bridge ended an interrupt that was not raised");
			return -EPROTO;
		}
		d->irq_wait = false;
		d->paused = false;
		return 0;

	case MXA_SIM_MSG_PLUGGED:
		if (m->value) {
			say("the driver refused the device: %s (the kernel log says more)",
			    strerror((int)m->value));
			return -(int)m->value;
		}
		if (d->cfg.verbose)
			say("device plugged");
		return 0;
	}
	say("unknown message type %#x from the bridge", m->type);
	return -EPROTO;
}

/* Reads what the kernel has sent and answers it. 1: end of file. */
static int serve_messages(struct simd *d)
{
	struct mxa_sim_msg in[BATCH], out[BATCH];
	size_t n, nout = 0;
	ssize_t len;
	int ret;

	len = read(d->cfg.fd, in, sizeof(in));
	if (len < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		if (errno == EOVERFLOW)
			say("the driver queued more messages than it could hold: the device is lost");
		else
			say("reading the bridge: %s", strerror(errno));
		return -errno;
	}
	if (!len)
		return 1;
	if (len % sizeof(in[0])) {
		say("the bridge returned %zd bytes, not whole messages", len);
		return -EPROTO;
	}

	n = (size_t)len / sizeof(in[0]);
	for (size_t i = 0; i < n; i++) {
		bool replied = false;

		ret = take(d, &in[i], &out[nout], &replied);
		if (ret)
			return ret;
		nout += replied;
	}
	return nout ? send(d, out, nout) : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One burst of cycles; then whether the device still has work. */
static int run_burst(struct simd *d)
{
	uint64_t t0 = now_ns(), ns;

	if (mxa_sim_run(d->sim, d->chunk)) {
		say("running the device: %s", mxa_sim_last_error());
		return -EIO;
	}
	ns = now_ns() - t0;
	if (ns < CHUNK_NS_MIN && d->chunk < CHUNK_MAX)
		d->chunk *= 2;
	else if (ns > CHUNK_NS_MAX && d->chunk > CHUNK_MIN)
		d->chunk /= 2;

	d->kick = false;
	/* IDLE covers memory accesses outstanding too; the cause of an
	 * interrupt is set by the time it reads 1. */
	d->busy = !(reg_read(d, MXA_REG_STATUS) & MXA_REG_STATUS_IDLE_MASK);
	return 0;
}

int simd_serve(struct simd *d)
{
	struct pollfd fds[2] = {
		{ .fd = d->cfg.fd, .events = POLLIN },
		{ .fd = d->cfg.stop_fd, .events = POLLIN },
	};
	int ret;

	for (;;) {
		bool clocking = !d->paused && (d->busy || d->kick);

		if (poll(fds, 2, clocking ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return -errno;
		}
		if (fds[1].revents)
			return 0;
		if (fds[0].revents) {
			ret = serve_messages(d);
			if (ret)
				return ret > 0 ? 0 : ret;
		}
		if (!d->paused && (d->busy || d->kick)) {
			ret = run_burst(d);
			if (ret)
				return ret;
		}
		if (!d->irq_wait && mxa_sim_irq(d->sim) == 1) {
			struct mxa_sim_msg irq = { .type = MXA_SIM_MSG_IRQ };

			if (d->cfg.verbose > 1)
				say("interrupt at cycle %llu",
				    (unsigned long long)mxa_sim_cycles(d->sim));
			ret = send(d, &irq, 1);
			if (ret)
				return ret;
			d->irqs++;
			d->irq_wait = true;
			d->paused = true;
		}
	}
}
