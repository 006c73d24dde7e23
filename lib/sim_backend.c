// SPDX-License-Identifier: MIT
/*
 * sim_backend.c - the "sim" device: the Verilated accelerator
 * (hw/rtl/mxa_top.sv) in the calling process, driven the way a kernel
 * driver drives the hardware (docs/hw-interface.md 3). The model is a
 * shared object (libmxa_sim.so, built by `make sim-top`) loaded at run
 * time, so that libmxa links neither Verilator nor C++.
 *
 * Buffers are host memory that the model reaches through its memory
 * callbacks: a buffer's mapping is the device memory itself. The library
 * builds the page tables, the command ring and the completion area in that
 * memory, writes descriptors and rings the doorbell; the simulation clock
 * runs only inside calls that wait (mxa_fence_wait(), a full ring, deleting
 * a buffer a queued job uses, closing the device). docs/sim-backend.md
 * describes the options.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "mxa_hw.h"
#include "mxa_priv.h"
#include "mxa_sim.h"
#include "sim_vm.h"

#ifndef MXA_SIM_MODEL_DIR
#error "MXA_SIM_MODEL_DIR must name the directory of the simulation models"
#endif

#define DEFAULT_RING_SLOTS	16
/* Most cycles run between two looks at the clock and the records. */
#define RUN_CHUNK		4096
/* Cycles a reset or a stop may take before the device counts as failed. */
#define STOP_CYCLES		1000000

/*
 * The functions of mxa_sim.h, from the model's shared object. A model once
 * loaded stays for the life of the process (dlopen() of it again only
 * counts): the Verilator run-time in it keeps state that an unload and a
 * reload would lose track of.
 */
struct sim_model {
	void *dl;
	void (*config_init)(struct mxa_sim_config *cfg);
	int (*create)(const struct mxa_sim_config *cfg, struct mxa_sim **simp);
	void (*destroy)(struct mxa_sim *sim);
	int (*reg_read)(struct mxa_sim *sim, uint32_t offset, uint32_t *value);
	int (*reg_write)(struct mxa_sim *sim, uint32_t offset, uint32_t value);
	int (*run)(struct mxa_sim *sim, uint64_t cycles);
	int (*run_until_irq)(struct mxa_sim *sim, uint64_t max_cycles,
			     uint64_t *ran);
	int (*irq)(const struct mxa_sim *sim);
	const char *(*last_error)(void);
};

/* A ring slot from the doorbell that covers it to its completion record. */
struct sim_slot {
	struct mxa_fence *fence;	/* NULL once deleted */
	uint64_t seq;
};

struct sim_buf {
	uint64_t pa;		/* bus address of the first page */
	uint64_t len;		/* whole pages */
	uint64_t last_seq;	/* SEQ of the last job that used it */
};

struct sim_dev {
	pthread_mutex_t lock;
	struct sim_model model;
	struct mxa_sim *sim;
	char config[21];	/* the configuration's name, or model=<dir>'s last
				 * component (up to 20 characters of it) */
	struct mxa__hw_regs regs;
	struct mxa__sim_mem mem;
	struct mxa__sim_vm vm;

	struct mxa_hw_desc *ring;
	struct mxa_hw_cmpl *cmpl;
	uint64_t ring_pa, cmpl_pa;
	unsigned ring_log2;
	struct sim_slot *slots;
	uint32_t tail;		/* descriptors placed since the start */
	uint32_t head;		/* of them, the ones whose record was seen */
	uint64_t seq;		/* last SEQ handed out */
	uint64_t done_seq;	/* SEQ of the last job that ended */
	char failed[256];	/* why the model stopped working, once it has */
};

struct sim_opts {
	const char *config;
	const char *model;	/* a model's directory; NULL: config's, in the build's */
	unsigned latency;	/* 0: the model's default */
	unsigned bw;
	unsigned ring_slots;
	const char *trace;	/* NULL: no waveform */
};

static struct sim_dev *sim_of(struct mxa_device *dev)
{
	return dev->priv;
}

/* ---------------------------------------------------------------- options */

static int parse_uint(const char *key, const char *val, unsigned min,
		      unsigned max, unsigned *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (!*val || *end || errno || *val == '-' || v < min || v > max)
		return mxa__error(EINVAL,
				  "device 'sim': %s=%s: expected a number from %u to %u",
				  key, val, min, max);
	*out = (unsigned)v;
	return 0;
}

/*
 * The configurations the build describes (sim/top.mk's TOP_CONFIGS, a
 * space-separated list), so that a name is checked before a path is made
 * of it.
 */
#ifndef MXA_SIM_CONFIGS
#define MXA_SIM_CONFIGS "default min"
#endif

static bool config_known(const char *name)
{
	size_t len = strlen(name);

	for (const char *p = MXA_SIM_CONFIGS; *p;) {
		size_t n = strcspn(p, " ");

		if (n == len && !strncmp(p, name, n))
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

/* Parses "opt,opt..." in place (the words point into @s). */
static int parse_opts(char *s, struct sim_opts *o)
{
	bool config_given = false;
	char *save = NULL;

	memset(o, 0, sizeof(*o));
	o->config = "default";
	o->ring_slots = DEFAULT_RING_SLOTS;
	for (char *w = strtok_r(s, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		char *val = strchr(w, '=');
		int ret = 0;

		if (!val || val == w || !val[1])
			return mxa__error(EINVAL,
					  "device 'sim': option '%s' is not name=value (options: config, model, latency, bw, ring, trace)",
					  w);
		*val++ = '\0';
		if (!strcmp(w, "config")) {
			if (!config_known(val))
				return mxa__error(EINVAL,
						  "device 'sim': config=%s: expected one of: %s",
						  val, MXA_SIM_CONFIGS);
			o->config = val;
			config_given = true;
		} else if (!strcmp(w, "model")) {
			o->model = val;
		} else if (!strcmp(w, "latency")) {
			ret = parse_uint(w, val, 1, 1000000, &o->latency);
		} else if (!strcmp(w, "bw")) {
			ret = parse_uint(w, val, 1, 1u << 20, &o->bw);
		} else if (!strcmp(w, "ring")) {
			ret = parse_uint(w, val, 1, 1u << MXA_HW_RING_LOG2_MAX,
					 &o->ring_slots);
			if (!ret && (o->ring_slots & (o->ring_slots - 1)))
				ret = mxa__error(EINVAL,
						 "device 'sim': ring=%s: the ring size must be a power of two",
						 val);
		} else if (!strcmp(w, "trace")) {
			o->trace = val;
		} else {
			return mxa__error(EINVAL,
					  "device 'sim': unknown option '%s' (options: config, model, latency, bw, ring, trace)",
					  w);
		}
		if (ret)
			return ret;
	}
	if (config_given && o->model)
		return mxa__error(EINVAL,
				  "device 'sim': config=%s and model=%s: give one of them (model names a model's directory, config one of the build's)",
				  o->config, o->model);
	if (!o->trace) {
		const char *env = getenv("MXA_TRACE");

		o->trace = env && *env ? env : NULL;
	}
	return 0;
}

/* ---------------------------------------------------------------- model */

/* The last component of a model's directory names the device. */
static void model_name(char *out, size_t size, const char *dir)
{
	size_t len = strlen(dir), start;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (start = len; start > 0 && dir[start - 1] != '/'; start--)
		;
	if (start == len)	/* "/" */
		start = 0;
	snprintf(out, size, "%.*s", (int)(len - start), dir + start);
}

/*
 * The model's shared object: model=<dir>'s, a directory used as it is
 * (any parameters, e.g. built by `make sim-model`; waveforms if it was
 * built with them), or config=<name>'s in the build's directory of models.
 */
static int model_path(const struct sim_opts *o, char *path, size_t size)
{
	const char *dir = getenv("MXA_SIM_MODEL_DIR");
	const char *variant = o->trace ? "-trace" : "";

	if (o->model) {
		if ((size_t)snprintf(path, size, "%s/libmxa_sim.so",
				     o->model) >= size)
			return mxa__error(ENAMETOOLONG,
					  "device 'sim': model=%s: path too long",
					  o->model);
		if (access(path, R_OK))
			return mxa__error(ENODEV,
					  "device 'sim': model=%s: no simulation model there (%s is missing): `make sim-model MODEL_DIR=%s MODEL_PARAMS=...` builds one (needs Verilator)",
					  o->model, path, o->model);
		return 0;
	}
	if (!dir || !*dir)
		dir = MXA_SIM_MODEL_DIR;
	if ((size_t)snprintf(path, size, "%s/top-%s%s/libmxa_sim.so",
			     dir, o->config, variant) >= size)
		return mxa__error(ENAMETOOLONG,
				  "device 'sim': model directory %s: path too long",
				  dir);
	if (access(path, R_OK)) {
		if (o->trace)
			return mxa__error(ENODEV,
					  "device 'sim': a waveform (%s) needs the simulation model built with tracing, and %s is missing: `make sim-top-trace` builds it for config default (needs Verilator)",
					  o->trace, path);
		return mxa__error(ENODEV,
				  "device 'sim': the simulation model is not built (%s is missing): `make sim-top` builds it (needs Verilator); MXA_SIM_MODEL_DIR names another directory of models",
				  path);
	}
	return 0;
}

static int load_model(struct sim_model *m, const struct sim_opts *o)
{
	char path[PATH_MAX];
	const struct {
		const char *name;
		void **fn;
	} syms[] = {
		{ "mxa_sim_config_init", (void **)&m->config_init },
		{ "mxa_sim_create", (void **)&m->create },
		{ "mxa_sim_destroy", (void **)&m->destroy },
		{ "mxa_sim_reg_read", (void **)&m->reg_read },
		{ "mxa_sim_reg_write", (void **)&m->reg_write },
		{ "mxa_sim_run", (void **)&m->run },
		{ "mxa_sim_run_until_irq", (void **)&m->run_until_irq },
		{ "mxa_sim_irq", (void **)&m->irq },
		{ "mxa_sim_last_error", (void **)&m->last_error },
	};
	int ret = model_path(o, path, sizeof(path));

	if (ret)
		return ret;
	m->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!m->dl)
		return mxa__error(ENODEV, "device 'sim': cannot load %s: %s",
				  path, dlerror());
	for (size_t i = 0; i < MXA_ARRAY_SIZE(syms); i++) {
		*syms[i].fn = dlsym(m->dl, syms[i].name);
		if (!*syms[i].fn) {
			dlclose(m->dl);
			m->dl = NULL;
			return mxa__error(ENODEV,
					  "device 'sim': %s has no %s: not a simulation model of this version",
					  path, syms[i].name);
		}
	}
	return 0;
}

/* A failure of the model itself: its message, as an -EIO. */
static int model_error(struct sim_dev *d, const char *what, int err)
{
	return mxa__error(EIO, "device 'sim': %s: %s (%d)", what,
			  d->model.last_error(), err);
}

static int rd(struct sim_dev *d, uint32_t off, uint32_t *val)
{
	int err = d->model.reg_read(d->sim, off, val);

	return err ? model_error(d, "register read", err) : 0;
}

static int wr(struct sim_dev *d, uint32_t off, uint32_t val)
{
	int err = d->model.reg_write(d->sim, off, val);

	return err ? model_error(d, "register write", err) : 0;
}

/* The device's DMA: bus addresses backed by the device's memory. */
static int dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct sim_dev *d = ctx;
	void *p = mxa__sim_mem_ptr(&d->mem, addr, len);

	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

static int dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	struct sim_dev *d = ctx;
	void *p = mxa__sim_mem_ptr(&d->mem, addr, len);

	if (!p)
		return -EFAULT;
	memcpy(p, buf, len);
	return 0;
}

/* ---------------------------------------------------------------- ring */

static uint32_t ring_slots(const struct sim_dev *d)
{
	return 1u << d->ring_log2;
}

/* Runs until the bits mask of register off read want (a sleepable poll). */
static int poll_reg(struct sim_dev *d, uint32_t off, uint32_t mask,
		    uint32_t want, const char *what)
{
	uint32_t v;
	int err, ret;

	for (uint64_t ran = 0; ran < STOP_CYCLES; ran += 64) {
		ret = rd(d, off, &v);
		if (ret || (v & mask) == want)
			return ret;
		err = d->model.run(d->sim, 64);
		if (err)
			return model_error(d, "run", err);
	}
	return mxa__error(EIO, "device 'sim': %s did not finish in %u cycles",
			  what, STOP_CYCLES);
}

/* Start (docs/hw-interface.md 3.2): reset, then an empty ring. */
static int ring_start(struct sim_dev *d)
{
	const struct {
		uint32_t off, val;
	} setup[] = {
		{ MXA_REG_RING_BASE_LO, (uint32_t)d->ring_pa },
		{ MXA_REG_RING_BASE_HI, (uint32_t)(d->ring_pa >> 32) },
		{ MXA_REG_RING_SIZE, d->ring_log2 },
		{ MXA_REG_CMPL_BASE_LO, (uint32_t)d->cmpl_pa },
		{ MXA_REG_CMPL_BASE_HI, (uint32_t)(d->cmpl_pa >> 32) },
		{ MXA_REG_INT_ENABLE, MXA_REG_INT_ENABLE_JOB_DONE_MASK |
				      MXA_REG_INT_ENABLE_JOB_ERROR_MASK |
				      MXA_REG_INT_ENABLE_HALT_MASK },
		{ MXA_REG_CTRL, MXA_REG_CTRL_ENABLE_MASK },
	};
	int ret;

	ret = wr(d, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK);
	if (!ret)
		ret = poll_reg(d, MXA_REG_CTRL, MXA_REG_CTRL_SOFT_RESET_MASK, 0,
			       "soft reset");
	memset(d->cmpl, 0, (size_t)MXA_CMPL_SIZE << d->ring_log2);
	d->head = 0;
	d->tail = 0;
	for (size_t i = 0; !ret && i < MXA_ARRAY_SIZE(setup); i++)
		ret = wr(d, setup[i].off, setup[i].val);
	return ret;
}

/* Ends every job in flight with a failure (no record will come). */
static void cancel_all(struct sim_dev *d, int err, const char *why)
{
	for (; d->head != d->tail; d->head++) {
		struct sim_slot *s = &d->slots[d->head & (ring_slots(d) - 1)];

		if (s->fence) {
			snprintf(s->fence->error, sizeof(s->fence->error),
				 "matmul job %llu: %s",
				 (unsigned long long)s->seq, why);
			s->fence->status = -err;
			s->fence = NULL;
		}
		d->done_seq = s->seq;
	}
}

/*
 * The model itself failed (a register access that got no answer, a device
 * that would not stop): nothing more runs on it, and the jobs in flight
 * end with the reason. Returns -EIO for the caller to pass on.
 */
static int fail_device(struct sim_dev *d)
{
	if (!d->failed[0])
		snprintf(d->failed, sizeof(d->failed), "%s", mxa_last_error());
	cancel_all(d, EIO, d->failed);
	return mxa__error(EIO, "%s", d->failed);
}

static int check_alive(struct sim_dev *d)
{
	if (d->failed[0])
		return mxa__error(EIO, "device 'sim' stopped working earlier: %s",
				  d->failed);
	return 0;
}

/* Completion (3.4): the records of the jobs in flight, oldest first. */
static unsigned retire(struct sim_dev *d)
{
	unsigned n = 0;

	for (; d->head != d->tail; d->head++, n++) {
		uint32_t slot = d->head & (ring_slots(d) - 1);
		struct sim_slot *s = &d->slots[slot];

		if (d->cmpl[slot].seq != s->seq)
			break;
		if (s->fence) {
			mxa__hw_record_end(s->fence, &d->cmpl[slot]);
			s->fence = NULL;
		}
		d->done_seq = s->seq;
	}
	return n;
}

/* A halted device has lost its ring (3.5): fail the jobs, start again. */
static int recover_halt(struct sim_dev *d)
{
	uint32_t cause = 0;
	uint64_t addr = 0;
	uint32_t lo = 0, hi = 0;
	char why[128];

	if (!rd(d, MXA_REG_HALT_CAUSE, &cause) &&
	    !rd(d, MXA_REG_HALT_ADDR_LO, &lo) &&
	    !rd(d, MXA_REG_HALT_ADDR_HI, &hi))
		addr = (uint64_t)hi << 32 | lo;
	snprintf(why, sizeof(why),
		 "the device halted (cause %u, address 0x%llx) and was reset",
		 cause, (unsigned long long)addr);
	cancel_all(d, EIO, why);
	return ring_start(d);
}

/*
 * Runs the clock for at most max_cycles or until the interrupt line rises,
 * then handles the interrupt as a driver's handler does and ends the jobs
 * whose records are in memory.
 */
static int interrupt(struct sim_dev *d, uint64_t max_cycles)
{
	uint32_t st;
	int err, ret;

	err = d->model.run_until_irq(d->sim, max_cycles, NULL);
	if (err && err != -ETIMEDOUT)
		return model_error(d, "run", err);
	if (!d->model.irq(d->sim)) {
		retire(d);
		return 0;
	}
	/* Acknowledge before looking, so a job ending now raises it again. */
	ret = wr(d, MXA_REG_INT_STATUS, MXA_REG_INT_STATUS_JOB_DONE_MASK |
		 MXA_REG_INT_STATUS_JOB_ERROR_MASK);
	if (ret || retire(d))
		return ret;
	ret = rd(d, MXA_REG_INT_STATUS, &st);
	if (ret)
		return ret;
	if (st & MXA_REG_INT_STATUS_HALT_MASK)
		return recover_halt(d);
	if (d->model.irq(d->sim))
		return mxa__error(EIO,
				  "device 'sim': the interrupt line stays high (INT_STATUS 0x%x) with no new completion record",
				  st);
	return 0;
}

/* interrupt(), on a device that works; any failure is the device's end. */
static int advance(struct sim_dev *d, uint64_t max_cycles)
{
	int ret = check_alive(d);

	if (!ret && interrupt(d, max_cycles))
		ret = fail_device(d);
	return ret;
}

/* Runs the device until the job of SEQ seq has ended. */
static int wait_seq(struct sim_dev *d, uint64_t seq)
{
	while (d->done_seq < seq) {
		int ret = advance(d, RUN_CHUNK);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---------------------------------------------------------------- open */

static int probe(struct sim_dev *d, struct mxa_device_info *info)
{
	static const uint32_t offsets[MXA_CAPIDX_COUNT] = MXA_REG_CAP_OFFSETS;
	int ret;

	for (size_t i = 0; i < MXA_CAPIDX_COUNT; i++) {
		ret = rd(d, offsets[i], &d->regs.cap[i]);
		if (ret)
			return ret;
	}
	ret = mxa__hw_caps_decode(&d->regs, info);
	if (ret)
		return ret;
	info->backend = MXA_BACKEND_SIM;
	snprintf(info->name, sizeof(info->name), "mxa sim (%s %ux%ux%u)",
		 d->config, info->array_rows, info->array_cols, info->lane_bits);
	return 0;
}

static void sim_free(struct sim_dev *d)
{
	if (d->sim)
		d->model.destroy(d->sim);
	if (d->ring)
		mxa__sim_mem_free(&d->mem, d->ring_pa);
	if (d->cmpl)
		mxa__sim_mem_free(&d->mem, d->cmpl_pa);
	mxa__sim_vm_fini(&d->vm);
	mxa__sim_mem_fini(&d->mem);
	free(d->slots);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static int sim_setup(struct mxa_device *dev, struct sim_dev *d,
		     const struct sim_opts *o)
{
	struct mxa_sim_config cfg;
	int ret;

	ret = load_model(&d->model, o);
	if (ret)
		return ret;
	d->model.config_init(&cfg);
	if (o->latency)
		cfg.mem_latency = o->latency;
	cfg.mem_bytes_per_cycle = o->bw;
	cfg.mem_read = dma_read;
	cfg.mem_write = dma_write;
	cfg.mem_ctx = d;
	cfg.trace_path = o->trace;
	ret = d->model.create(&cfg, &d->sim);
	if (ret)
		return mxa__error(-ret, "device 'sim': %s",
				  d->model.last_error());
	ret = probe(d, &dev->info);
	if (ret)
		return ret;

	mxa__sim_mem_init(&d->mem, MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS,
					      MXA__CAP(&d->regs, CAP_MEM)));
	if (mxa__sim_vm_init(&d->vm, &d->mem))
		return mxa__error(ENOMEM, "device 'sim': out of memory");
	d->ring_log2 = (unsigned)__builtin_ctz(o->ring_slots);
	d->slots = calloc(o->ring_slots, sizeof(*d->slots));
	d->ring = mxa__sim_mem_alloc(&d->mem,
				     (uint64_t)MXA_DESC_SIZE * o->ring_slots,
				     &d->ring_pa);
	d->cmpl = mxa__sim_mem_alloc(&d->mem,
				     (uint64_t)MXA_CMPL_SIZE * o->ring_slots,
				     &d->cmpl_pa);
	if (!d->slots || !d->ring || !d->cmpl)
		return mxa__error(ENOMEM, "device 'sim': out of memory");
	return ring_start(d);
}

static int sim_open(struct mxa_device *dev, const char *options)
{
	struct sim_opts o;
	struct sim_dev *d;
	char *opts;
	int ret;

	opts = strdup(options);
	d = calloc(1, sizeof(*d));
	if (!opts || !d) {
		free(opts);
		free(d);
		return mxa__error(ENOMEM, "device 'sim': out of memory");
	}
	pthread_mutex_init(&d->lock, NULL);
	ret = parse_opts(opts, &o);
	if (!ret) {
		if (o.model)
			model_name(d->config, sizeof(d->config), o.model);
		else
			snprintf(d->config, sizeof(d->config), "%s", o.config);
		ret = sim_setup(dev, d, &o);
	}
	free(opts);
	if (ret) {
		sim_free(d);
		return ret;
	}
	dev->priv = d;
	return 0;
}

/*
 * Closing with jobs in flight stops the device as a driver unbinding
 * does: no more fetching, the job in progress aborted; jobs that had not
 * ended are cancelled. The buffers still there keep their memory.
 */
static void sim_close(struct mxa_device *dev)
{
	struct sim_dev *d = sim_of(dev);

	/* CTRL = ABORT clears ENABLE too. */
	if (d->head != d->tail && !d->failed[0] &&
	    !wr(d, MXA_REG_CTRL, MXA_REG_CTRL_ABORT_MASK) &&
	    !poll_reg(d, MXA_REG_STATUS, MXA_REG_STATUS_IDLE_MASK,
		      MXA_REG_STATUS_IDLE_MASK, "stopping the device"))
		retire(d);
	cancel_all(d, ECANCELED, "cancelled: the device was closed");
	sim_free(d);
	dev->priv = NULL;
}

/* ---------------------------------------------------------------- buffers */

static int sim_buffer_new(struct mxa_device *dev, struct mxa_buffer *buf)
{
	struct sim_dev *d = sim_of(dev);
	struct sim_buf *sb;
	uint64_t len = ((uint64_t)buf->size + MXA__SIM_PAGE - 1) &
		       ~(uint64_t)(MXA__SIM_PAGE - 1);
	void *host;
	int ret;

	if (len < buf->size || len >= 1ull << (MXA_HW_VA_BITS - 1))
		return mxa__error(ENOMEM,
				  "buffer of %zu bytes: larger than the device address space allows",
				  buf->size);
	sb = calloc(1, sizeof(*sb));
	if (!sb)
		return mxa__error(ENOMEM, "buffer of %zu bytes: out of memory",
				  buf->size);
	/* Zeroed pages, like a fresh GEM buffer's. */
	host = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (host == MAP_FAILED) {
		free(sb);
		return mxa__error(ENOMEM, "buffer of %zu bytes: out of memory",
				  buf->size);
	}
	pthread_mutex_lock(&d->lock);
	ret = mxa__sim_mem_add(&d->mem, host, len, &sb->pa);
	if (ret) {
		ret = mxa__error(ENOMEM,
				 "buffer of %zu bytes: the device's physical address space is full",
				 buf->size);
		goto fail_pa;
	}
	ret = mxa__sim_vm_alloc(&d->vm, len, &buf->dev_addr);
	if (ret) {
		ret = mxa__error(ENOMEM,
				 "buffer of %zu bytes: the device address space is full",
				 buf->size);
		goto fail_va;
	}
	ret = mxa__sim_vm_map(&d->vm, buf->dev_addr, sb->pa, len, 1);
	if (ret) {
		ret = mxa__error(ENOMEM,
				 "buffer of %zu bytes: out of memory for page tables",
				 buf->size);
		goto fail_map;
	}
	pthread_mutex_unlock(&d->lock);
	sb->len = len;
	buf->map = host;
	buf->priv = sb;
	return 0;

fail_map:
	mxa__sim_vm_unmap(&d->vm, buf->dev_addr, len);
	mxa__sim_vm_free(&d->vm, buf->dev_addr);
	buf->dev_addr = 0;
fail_va:
	mxa__sim_mem_remove(&d->mem, sb->pa);
fail_pa:
	pthread_mutex_unlock(&d->lock);
	munmap(host, len);
	free(sb);
	return ret;
}

/*
 * The memory of a buffer that queued jobs still use stays theirs until they
 * end, as a GEM object's pages do: deleting it waits for them. After the
 * device was closed, only the buffer's own memory is left.
 */
static void sim_buffer_del(struct mxa_device *dev, struct mxa_buffer *buf)
{
	struct sim_dev *d = sim_of(dev);
	struct sim_buf *sb = buf->priv;

	if (!d) {
		munmap(buf->map, sb->len);
		free(sb);
		return;
	}
	pthread_mutex_lock(&d->lock);
	/* On failure no job is left to use it: the model stopped for good. */
	wait_seq(d, sb->last_seq);
	mxa__sim_vm_unmap(&d->vm, buf->dev_addr, sb->len);
	mxa__sim_vm_free(&d->vm, buf->dev_addr);
	mxa__sim_mem_remove(&d->mem, sb->pa);
	pthread_mutex_unlock(&d->lock);
	munmap(buf->map, sb->len);
	free(sb);
}

/* ---------------------------------------------------------------- jobs */

static uint64_t dev_addr(const struct mxa_operand *op)
{
	return op->buf->dev_addr + op->offset;
}

/*
 * The descriptor of a validated job (docs/hw-interface.md 5), or -EINVAL
 * for what this device cannot run although the library's validation let
 * it through.
 */
static int make_desc(const struct sim_dev *d,
		     const struct mxa__job *job, struct mxa_hw_desc *desc)
{
	const struct mxa_matmul *mm = job->desc;
	const struct mxa_job_params *p = &job->p;
	unsigned esize = (unsigned)mxa_hw_fmt_bits(p->out_fmt) / 8;
	uint32_t nb = (p->k + job->block - 1) / job->block;
	/* The stride of a single row is never used: any will do. */
	size_t strides[] = {
		p->m > 1 ? job->a.stride : mxa__row_bytes(mm->a_format, p->k),
		p->n > 1 ? job->b.stride : mxa__row_bytes(mm->b_format, p->k),
		p->m > 1 ? job->a_scale.stride : nb,
		p->n > 1 ? job->b_scale.stride : nb,
		p->m > 1 ? job->c.stride : 4ull * p->n,
		p->m > 1 ? job->d_stride : (size_t)esize * p->n,
	};

	for (size_t i = 0; i < MXA_ARRAY_SIZE(strides); i++)
		if (strides[i] > UINT32_MAX)
			return mxa__error(EINVAL,
					  "matmul: row strides of this device are below 4 GiB (got %zu)",
					  strides[i]);
	if (job->c.ptr && (dev_addr(&mm->c) % 4 || strides[4] % 4))
		return mxa__error(EINVAL,
				  "matmul: C offset and stride must be multiples of 4 bytes on this device");
	if (dev_addr(&mm->d) % esize || strides[5] % esize)
		return mxa__error(EINVAL,
				  "matmul: D offset and stride must be multiples of its %u-byte elements on this device",
				  esize);

	/* The fields the job rules checked, as they checked them. */
	memset(desc, 0, sizeof(*desc));
	desc->opcode = MXA_HW_OP_MATMUL;
	desc->flags = job->c.ptr ? MXA_DESC_FLAGS_HAS_C_MASK : 0;
	desc->pt_root = d->vm.root;
	desc->m = p->m;
	desc->n = p->n;
	desc->k = p->k;
	desc->a_fmt = p->a_fmt;
	desc->b_fmt = p->b_fmt;
	desc->scale_mode = p->scale_mode;
	desc->acc_mode = p->acc_mode;
	desc->out_fmt = p->out_fmt;
	desc->block = p->block;
	desc->trunc_w = (uint8_t)p->trunc_w;
	desc->trunc_n = p->trunc_n;
	desc->a_tscale = p->a_tscale;
	desc->b_tscale = p->b_tscale;
	desc->a_addr = dev_addr(&mm->a);
	desc->b_addr = dev_addr(&mm->b);
	desc->a_stride = (uint32_t)strides[0];
	desc->b_stride = (uint32_t)strides[1];
	if (mm->scale != MXA_SCALE_NONE) {
		desc->sa_addr = dev_addr(&mm->a_scale);
		desc->sb_addr = dev_addr(&mm->b_scale);
		desc->sa_stride = (uint32_t)strides[2];
		desc->sb_stride = (uint32_t)strides[3];
	}
	if (job->c.ptr) {
		desc->c_addr = dev_addr(&mm->c);
		desc->c_stride = (uint32_t)strides[4];
	}
	desc->d_addr = dev_addr(&mm->d);
	desc->d_stride = (uint32_t)strides[5];
	return 0;
}

static void mark_used(const struct mxa_operand *op, uint64_t seq)
{
	if (op->buf)
		((struct sim_buf *)op->buf->priv)->last_seq = seq;
}

/* Submit (3.3): a descriptor in the next slot, then the doorbell. */
static int sim_submit(struct mxa_device *dev, const struct mxa__job *job,
		      struct mxa_fence *fence)
{
	struct sim_dev *d = sim_of(dev);
	const struct mxa_matmul *mm = job->desc;
	struct mxa_hw_desc desc;
	struct sim_slot *s;
	int ret;

	ret = make_desc(d, job, &desc);
	if (ret)
		return ret;
	pthread_mutex_lock(&d->lock);
	ret = check_alive(d);
	if (ret)
		goto out;
	while (d->tail - d->head == ring_slots(d)) {
		ret = advance(d, RUN_CHUNK);
		if (ret)
			goto out;
	}
	desc.seq = ++d->seq;
	memcpy(&d->ring[d->tail & (ring_slots(d) - 1)], &desc, sizeof(desc));
	s = &d->slots[d->tail & (ring_slots(d) - 1)];
	s->fence = fence;
	s->seq = desc.seq;
	fence->seqno = desc.seq;
	mark_used(&mm->a, desc.seq);
	mark_used(&mm->b, desc.seq);
	mark_used(&mm->a_scale, desc.seq);
	mark_used(&mm->b_scale, desc.seq);
	mark_used(&mm->c, desc.seq);
	mark_used(&mm->d, desc.seq);
	d->tail++;
	if (wr(d, MXA_REG_RING_TAIL, d->tail)) {
		/* A failed submission's fence is the caller's to free. */
		s->fence = NULL;
		ret = fail_device(d);
	}
out:
	pthread_mutex_unlock(&d->lock);
	return ret;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Runs the clock until the fence's job has ended. The time-out is wall
 * time; each call runs the clock at least a little, so that polling with
 * a time-out of 0 makes progress.
 */
static int sim_wait(struct mxa_device *dev, struct mxa_fence *fence,
		    int64_t timeout_ns)
{
	struct sim_dev *d = sim_of(dev);
	int64_t deadline = timeout_ns < 0 ? 0 : now_ns() + timeout_ns;
	int ret = 0;

	pthread_mutex_lock(&d->lock);
	while (fence->status == 1) {
		ret = advance(d, RUN_CHUNK);
		if (ret)
			break;
		if (fence->status == 1 && timeout_ns >= 0 && now_ns() >= deadline) {
			ret = mxa__error(ETIME,
					 "matmul job %llu: not finished after %lld ns",
					 (unsigned long long)fence->seqno,
					 (long long)timeout_ns);
			break;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return ret;
}

static void sim_fence_del(struct mxa_device *dev, struct mxa_fence *fence)
{
	struct sim_dev *d = sim_of(dev);

	pthread_mutex_lock(&d->lock);
	for (uint32_t i = d->head; i != d->tail; i++) {
		struct sim_slot *s = &d->slots[i & (ring_slots(d) - 1)];

		if (s->fence == fence)
			s->fence = NULL;
	}
	pthread_mutex_unlock(&d->lock);
}

/* ---------------------------------------------------------------- tests */

uint64_t *mxa__sim_buffer_pte(struct mxa_buffer *buf, uint64_t offset)
{
	if (buf->dev->ops != &mxa__sim_backend || !buf->dev->priv ||
	    offset >= buf->size)
		return NULL;
	return mxa__sim_vm_pte(&sim_of(buf->dev)->vm, buf->dev_addr + offset);
}

int mxa__sim_reg_write(struct mxa_device *dev, uint32_t offset, uint32_t value)
{
	struct sim_dev *d;
	int ret;

	if (dev->ops != &mxa__sim_backend || !dev->priv)
		return mxa__error(EINVAL, "not an open sim device");
	d = sim_of(dev);
	pthread_mutex_lock(&d->lock);
	ret = wr(d, offset, value);
	pthread_mutex_unlock(&d->lock);
	return ret;
}

const struct mxa_backend_ops mxa__sim_backend = {
	.name = "sim",
	.open = sim_open,
	.close = sim_close,
	.buffer_new = sim_buffer_new,
	.buffer_del = sim_buffer_del,
	.submit = sim_submit,
	.wait = sim_wait,
	.fence_del = sim_fence_del,
};
