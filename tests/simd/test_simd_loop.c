// SPDX-License-Identifier: MIT
/*
 * test_simd_loop.c - mxa-simd's serving loop (sim/simd.c) against a fake
 * bridge: this program plays the kernel on one end of a socket pair and
 * gives the device a window of memory, then checks that register accesses
 * are applied in order and answered, that jobs run and complete through
 * memory, that the interrupt is raised once per IRQ_DONE with the clock
 * standing still until INT_STATUS is acknowledged, that refused memory
 * accesses reach the device as bus errors, and how the loop ends: stop
 * descriptor, end of file, a protocol error, a refused plug.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/test_util.h"
#include "drm/mxa_sim_bridge.h"
#include "mxa_hw.h"
#include "simd.h"

/* The memory the fake bridge has mapped: [MEM_BASE, MEM_BASE + MEM_SIZE). */
#define MEM_BASE	0x100000u
#define MEM_SIZE	0x4000u
#define RING		MEM_BASE
#define CMPL		(MEM_BASE + 0x1000u)
#define UNMAPPED	0x800000u

#define WAIT_MS		60000

struct fake {
	pthread_mutex_t lock;
	uint8_t mem[MEM_SIZE];
	unsigned refused;
};

struct kernel {
	int fd;			/* the kernel's end of the socket pair */
	int daemon_fd;		/* the daemon's end */
	int stop[2];		/* the daemon stops when stop[0] is readable */
	uint64_t tag;
	unsigned irqs;		/* IRQ messages received and not handled yet */
	struct fake fake;
	struct simd *d;
	pthread_t thread;
	int served;		/* what simd_serve() returned */
};

static int fake_dma(void *ctx, uint64_t addr, void *buf, size_t len,
		    bool write)
{
	struct fake *f = ctx;
	int ret = 0;

	pthread_mutex_lock(&f->lock);
	if (addr < MEM_BASE || addr - MEM_BASE > MEM_SIZE ||
	    len > MEM_SIZE - (addr - MEM_BASE)) {
		f->refused++;
		ret = -EFAULT;
	} else if (write) {
		memcpy(f->mem + (addr - MEM_BASE), buf, len);
	} else {
		memcpy(buf, f->mem + (addr - MEM_BASE), len);
	}
	pthread_mutex_unlock(&f->lock);
	return ret;
}

static void mem_put(struct kernel *k, uint64_t addr, const void *p, size_t n)
{
	pthread_mutex_lock(&k->fake.lock);
	memcpy(k->fake.mem + (addr - MEM_BASE), p, n);
	pthread_mutex_unlock(&k->fake.lock);
}

static uint64_t mem_seq(struct kernel *k, unsigned slot)
{
	struct mxa_hw_cmpl rec;

	pthread_mutex_lock(&k->fake.lock);
	memcpy(&rec, k->fake.mem + (CMPL - MEM_BASE) + slot * sizeof(rec),
	       sizeof(rec));
	pthread_mutex_unlock(&k->fake.lock);
	return rec.seq;
}

static void *serve_thread(void *arg)
{
	struct kernel *k = arg;

	k->served = simd_serve(k->d);
	return NULL;
}

/* Starts a daemon; false when the simulation library is the stub. */
static bool start(struct kernel *k)
{
	/* A slow memory: a NOP job takes some 15000 cycles, far more than
	 * the loop runs between two looks at the interrupt line. */
	struct simd_config cfg = { .dma = fake_dma, .mem_latency = 5000 };
	int sv[2];
	int ret;

	memset(k, 0, sizeof(*k));
	pthread_mutex_init(&k->fake.lock, NULL);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) || pipe(k->stop)) {
		perror("socketpair");
		exit(T_FAIL);
	}
	k->fd = sv[0];
	k->daemon_fd = cfg.fd = sv[1];
	cfg.stop_fd = k->stop[0];
	cfg.dma_ctx = &k->fake;
	ret = simd_create(&cfg, &k->d);
	if (ret == -ENOSYS)
		return false;
	if (ret) {
		fprintf(stderr, "simd_create: %s\n", strerror(-ret));
		exit(T_FAIL);
	}
	pthread_create(&k->thread, NULL, serve_thread, k);
	return true;
}

/* Waits for the daemon's loop to end; returns what it returned. */
static int finish(struct kernel *k)
{
	pthread_join(k->thread, NULL);
	simd_destroy(k->d);
	close(k->fd);
	close(k->daemon_fd);
	close(k->stop[0]);
	close(k->stop[1]);
	pthread_mutex_destroy(&k->fake.lock);
	return k->served;
}

static void k_send(struct kernel *k, uint32_t type, uint32_t offset,
		   uint32_t value, uint64_t tag)
{
	struct mxa_sim_msg m = {
		.type = type, .offset = offset, .value = value, .tag = tag,
	};

	if (write(k->fd, &m, sizeof(m)) != (ssize_t)sizeof(m)) {
		perror("write");
		exit(T_FAIL);
	}
}

/* The next message from the daemon; false after timeout_ms without one. */
static bool k_recv(struct kernel *k, struct mxa_sim_msg *m, int timeout_ms)
{
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };

	if (poll(&pfd, 1, timeout_ms) != 1)
		return false;
	if (read(k->fd, m, sizeof(*m)) != (ssize_t)sizeof(*m)) {
		perror("read");
		exit(T_FAIL);
	}
	return true;
}

static void k_write(struct kernel *k, uint32_t offset, uint32_t value)
{
	k_send(k, MXA_SIM_MSG_REG_WRITE, offset, value, 0);
}

static uint32_t k_read(struct kernel *k, uint32_t offset)
{
	uint64_t tag = ++k->tag;
	struct mxa_sim_msg m;

	k_send(k, MXA_SIM_MSG_REG_READ, offset, 0, tag);
	while (k_recv(k, &m, WAIT_MS)) {
		if (m.type == MXA_SIM_MSG_IRQ) {
			k->irqs++;
			continue;
		}
		T_CHECK(m.type == MXA_SIM_MSG_READ_DATA && m.tag == tag &&
			!m.offset && !m.reserved,
			"read of 0x%03x answered with type %#x tag %llu",
			offset, m.type, (unsigned long long)m.tag);
		return m.value;
	}
	T_CHECK(0, "no answer to the read of 0x%03x", offset);
	return ~0u;
}

static bool k_wait_irq(struct kernel *k, int timeout_ms)
{
	struct mxa_sim_msg m;

	if (k->irqs) {
		k->irqs--;
		return true;
	}
	if (!k_recv(k, &m, timeout_ms))
		return false;
	T_CHECK(m.type == MXA_SIM_MSG_IRQ, "message %#x instead of IRQ",
		m.type);
	return m.type == MXA_SIM_MSG_IRQ;
}

static void put_nop(struct kernel *k, unsigned slot, uint64_t seq)
{
	struct mxa_hw_desc desc;

	memset(&desc, 0, sizeof(desc));
	desc.opcode = MXA_HW_OP_NOP;
	desc.seq = seq;
	mem_put(k, RING + slot * sizeof(desc), &desc, sizeof(desc));
}

static void start_ring(struct kernel *k, uint64_t cmpl)
{
	k_write(k, MXA_REG_RING_BASE_LO, RING);
	k_write(k, MXA_REG_RING_BASE_HI, 0);
	k_write(k, MXA_REG_RING_SIZE, 2);
	k_write(k, MXA_REG_CMPL_BASE_LO, (uint32_t)cmpl);
	k_write(k, MXA_REG_CMPL_BASE_HI, 0);
	k_write(k, MXA_REG_INT_ENABLE, 7);
	k_write(k, MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK);
}

/* Probe, ordered accesses, three jobs, then a halt on a refused write. */
static void test_jobs(void)
{
	struct kernel k;
	struct mxa_sim_msg m;
	unsigned done = 0, rounds = 0, i;
	uint32_t v;

	if (!start(&k))
		T_SKIP_BECAUSE("the simulation library is the stub (Verilator not installed)");

	T_CHECK(k_read(&k, MXA_REG_ID) == MXA_HW_ID, "ID");
	T_CHECK(MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS,
			   k_read(&k, MXA_REG_CAP_MEM)) == simd_pa_bits(k.d),
		"PA_BITS");
	k_send(&k, MXA_SIM_MSG_PLUGGED, 0, 0, 0);

	/* A read comes after the writes before it. */
	k_write(&k, MXA_REG_INT_ENABLE, 5);
	k_write(&k, MXA_REG_INT_ENABLE, 6);
	T_CHECK((v = k_read(&k, MXA_REG_INT_ENABLE)) == 6,
		"INT_ENABLE read 0x%x after writing 5 then 6", v);

	for (i = 0; i < 3; i++)
		put_nop(&k, i, i + 1);
	start_ring(&k, CMPL);
	k_write(&k, MXA_REG_RING_TAIL, 3);

	while (done < 3 && rounds < 10) {
		if (!k_wait_irq(&k, WAIT_MS)) {
			T_CHECK(0, "no interrupt after %u of 3 jobs", done);
			break;
		}
		if (!rounds) {
			/* The clock stands still until the acknowledgement:
			 * the second job is not done. */
			T_CHECK(!k_recv(&k, &m, 300),
				"message %#x before IRQ_DONE", m.type);
			T_CHECK(mem_seq(&k, 1) == 0,
				"the device ran on before the acknowledgement");
			k_write(&k, MXA_REG_INT_STATUS, 7);
			/* Then it runs, but raises nothing before IRQ_DONE. */
			for (i = 0; i < 1000 && mem_seq(&k, 1) != 2; i++)
				usleep(10000);
			T_CHECK(mem_seq(&k, 1) == 2,
				"the device stood still after the acknowledgement");
			T_CHECK(!k_recv(&k, &m, 100),
				"message %#x before IRQ_DONE", m.type);
		} else {
			k_write(&k, MXA_REG_INT_STATUS, 7);
		}
		rounds++;
		while (done < 3 && mem_seq(&k, done) == done + 1)
			done++;
		k_send(&k, MXA_SIM_MSG_IRQ_DONE, 0, 0, 0);
	}
	T_CHECK(done == 3, "%u of 3 completion records", done);
	/* A job that ended after the last acknowledgement raises the line
	 * once more. */
	while (k_wait_irq(&k, 500)) {
		k_write(&k, MXA_REG_INT_STATUS, 7);
		k_send(&k, MXA_SIM_MSG_IRQ_DONE, 0, 0, 0);
	}
	T_CHECK((v = k_read(&k, MXA_REG_RING_HEAD)) == 3, "RING_HEAD %u", v);
	T_CHECK(k_read(&k, MXA_REG_INT_STATUS) == 0, "INT_STATUS not clear");
	T_CHECK(k.fake.refused == 0, "%u memory accesses refused",
		k.fake.refused);

	/* A completion area the bridge refuses: the record cannot be
	 * written, the device halts and says so. */
	k_write(&k, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	for (i = 0; i < 1000; i++)
		if (!(k_read(&k, MXA_REG_CTRL) & MXA_REG_CTRL_SOFT_RESET_MASK))
			break;
	T_CHECK(i < 1000, "SOFT_RESET did not finish");
	put_nop(&k, 0, 4);
	start_ring(&k, UNMAPPED);
	k_write(&k, MXA_REG_RING_TAIL, 1);
	T_CHECK(k_wait_irq(&k, WAIT_MS), "no interrupt for the halt");
	T_CHECK(k_read(&k, MXA_REG_STATUS) & MXA_REG_STATUS_HALTED_MASK,
		"not halted");
	T_CHECK(k_read(&k, MXA_REG_INT_STATUS) & MXA_REG_INT_STATUS_HALT_MASK,
		"INT_STATUS.HALT not set");
	T_CHECK(k.fake.refused > 0, "no memory access refused");
	k_write(&k, MXA_REG_INT_STATUS, 7);
	k_send(&k, MXA_SIM_MSG_IRQ_DONE, 0, 0, 0);
	T_CHECK(k_read(&k, MXA_REG_INT_STATUS) == 0, "INT_STATUS not clear");

	T_CHECK(write(k.stop[1], "", 1) == 1, "stop");
	T_CHECK(finish(&k) == 0, "the loop did not end cleanly on stop");
}

/* How the loop ends on the other occasions. */
static void test_endings(void)
{
	struct kernel k;

	start(&k);
	shutdown(k.fd, SHUT_RDWR);
	T_CHECK(finish(&k) == 0, "end of file is not a clean end");

	start(&k);
	k_send(&k, MXA_SIM_MSG_IRQ_DONE, 0, 0, 0);
	T_CHECK(finish(&k) == -EPROTO, "IRQ_DONE without IRQ accepted");

	start(&k);
	k_send(&k, 0x7f, 0, 0, 0);
	T_CHECK(finish(&k) == -EPROTO, "unknown message accepted");

	start(&k);
	k_send(&k, MXA_SIM_MSG_PLUGGED, 0, ENODEV, 0);
	T_CHECK(finish(&k) == -ENODEV, "a refused plug is not an error");
}

int main(void)
{
	test_jobs();
	test_endings();
	return t_exit();
}
