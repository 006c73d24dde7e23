// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mxa-sim-device.c - the mxa accelerator as a QEMU sysbus device: its
 * register window is the Verilated RTL's AXI4-Lite port, its AXI4 master
 * reads and writes guest memory through QEMU's memory API, its interrupt
 * drives one output line. The RTL is the simulation model libmxa's sim
 * backend loads (libmxa_sim.so, the C ABI of sim/mxa_sim.h), opened with
 * dlopen() when the device is realized, so that QEMU is built once and
 * runs any configuration of the RTL.
 *
 * Time. The model's clock runs in bursts on a QEMU_CLOCK_VIRTUAL timer
 * while the device has work (STATUS.IDLE reads 0, or a register was
 * written since the last burst): one burst of cycles, sized so that it
 * takes BURST_NS_MIN to BURST_NS_MAX of host time, then the timer is armed
 * GAP_NS of guest time later, so that the guest's CPUs run between bursts
 * and a model that never goes idle slows the guest down but cannot hang
 * it. An idle device takes no time. Simulated cycles are therefore not
 * tied to a fixed guest clock: the device runs at whatever rate the model
 * reaches on the host (tens of thousands of cycles per second for the
 * default configuration).
 * Register accesses take the cycles the AXI4-Lite handshake takes in the
 * model, as on the bridge.
 *
 * Errors. A memory access of the device that QEMU's memory API refuses
 * ends on the bus as an AXI DECERR where nothing is mapped at the address
 * and as an AXI SLVERR where something refused it: the RTL records the
 * fault in the job's completion record and the driver reports it. A
 * register access the model fails reads as all ones and is logged as a
 * guest error; one the device makes to its own window while the model
 * runs fails on the bus (the model cannot be re-entered). Nothing the
 * guest writes ends QEMU.
 *
 * Fault injection. A second 4 KiB window, the test port (the device's
 * MMIO region 1, not in the device tree: a board has no such thing),
 * injects what a board's interconnect may do to the device, for the
 * driver's tests: the Nth memory read or write from now fails with an
 * AXI SLVERR or DECERR, or the next interrupt is lost. Its registers, 32
 * bits each:
 *   0x00 FAIL_READ   write N: the read after the next N fails; ~0: off
 *   0x04 FAIL_WRITE  the same for writes
 *   0x08 DROP_IRQ    write 1: the next rising edge of the line is lost:
 *                    the output stays low until the model lowers its
 *                    line or the guest next writes a register (a missed
 *                    edge, which the next doorbell samples again)
 *   0x0c INJECTED    faults injected so far (read only)
 *   0x10 FAIL_RESP   the response of the failures FAIL_READ and
 *                    FAIL_WRITE inject: 0 SLVERR (at reset), 1 DECERR
 * Reads of the first three return what is still armed.
 */
#include "qemu/osdep.h"

#include <dlfcn.h>

#include "exec/address-spaces.h"
#include "hw/arm/mxa-virt.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"

#include "mxa/mxa_hw.h"
#include "mxa/mxa_sim.h"

OBJECT_DECLARE_SIMPLE_TYPE(MxaSimState, MXA_SIM)

#define BURST_NS_MIN 500000
#define BURST_NS_MAX 2000000
#define BURST_CYCLES_MIN 16
#define BURST_CYCLES_MAX (1u << 20)
#define BURST_CYCLES_START 256
#define GAP_NS 100000
/* Refused memory accesses logged one by one, then only counted. */
#define REFUSED_LOGGED 16

/* The test port's registers (see above). */
#define TEST_FAIL_READ 0x00
#define TEST_FAIL_WRITE 0x04
#define TEST_DROP_IRQ 0x08
#define TEST_INJECTED 0x0c
#define TEST_FAIL_RESP 0x10
#define TEST_PORT_SIZE 0x1000
#define TEST_OFF UINT32_MAX

/* The model's C ABI, looked up in the shared object. */
struct mxa_sim_fns {
    void (*config_init)(struct mxa_sim_config *cfg);
    int (*create)(const struct mxa_sim_config *cfg, struct mxa_sim **simp);
    int (*reg_read)(struct mxa_sim *sim, uint32_t offset, uint32_t *value);
    int (*reg_write)(struct mxa_sim *sim, uint32_t offset, uint32_t value);
    int (*run)(struct mxa_sim *sim, uint64_t cycles);
    int (*irq)(const struct mxa_sim *sim);
    int (*reset)(struct mxa_sim *sim);
    const char *(*last_error)(void);
};

struct MxaSimState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    MemoryRegion test_port;
    qemu_irq irq;
    QEMUTimer *timer;

    /* Properties. */
    char *model;
    uint32_t mem_latency;
    uint32_t mem_bytes_per_cycle;

    struct mxa_sim_fns fn;
    struct mxa_sim *sim;
    uint64_t burst; /* cycles of the next burst */
    bool in_model; /* inside a call of the model */
    uint64_t refused; /* memory accesses refused so far */

    /* Fault injection (the test port). */
    uint32_t fail_read; /* reads to let through first, or TEST_OFF */
    uint32_t fail_write;
    uint32_t fail_resp; /* injected failures: 1 DECERR, 0 SLVERR */
    bool drop_irq; /* lose the next rising edge */
    bool dropping; /* the model's line is high, the output low */
    bool line; /* the model's line at the last update */
    uint32_t injected;
};

static void mxa_dev_update_irq(MxaSimState *s)
{
    bool line = s->fn.irq(s->sim);

    if (line && !s->line && s->drop_irq) {
        s->drop_irq = false;
        s->dropping = true;
        s->injected++;
    }
    if (!line) {
        s->dropping = false;
    }
    s->line = line;
    qemu_set_irq(s->irq, line && !s->dropping);
}

/* Whether the test port makes this access fail. */
static bool mxa_dev_inject(MxaSimState *s, bool write)
{
    uint32_t *n = write ? &s->fail_write : &s->fail_read;

    if (*n == TEST_OFF) {
        return false;
    }
    if ((*n)--) {
        return false;
    }
    *n = TEST_OFF;
    s->injected++;
    return true;
}

static int mxa_dev_dma(MxaSimState *s, uint64_t addr, void *buf, size_t len,
                       bool write)
{
    MemTxResult r;
    int resp;

    /*
     * A DMA into the device's own register window reaches
     * mxa_dev_read()/mxa_dev_write() while the model runs; they refuse
     * it, as the model cannot be re-entered.
     */
    if (mxa_dev_inject(s, write)) {
        r = s->fail_resp ? MEMTX_DECODE_ERROR : MEMTX_ERROR;
    } else if (write) {
        r = address_space_write(&address_space_memory, addr,
                                MEMTXATTRS_UNSPECIFIED, buf, len);
    } else {
        r = address_space_read(&address_space_memory, addr,
                               MEMTXATTRS_UNSPECIFIED, buf, len);
    }
    if (r == MEMTX_OK) {
        return 0;
    }
    resp = r & MEMTX_DECODE_ERROR ? MXA_SIM_DECERR : MXA_SIM_SLVERR;
    if (s->refused < REFUSED_LOGGED) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: %s of %zu bytes at 0x%" PRIx64
                      " refused (AXI %s)%s\n",
                      write ? "write" : "read", len, addr,
                      resp == MXA_SIM_DECERR ? "DECERR" : "SLVERR",
                      s->refused + 1 == REFUSED_LOGGED ?
                      "; further ones only counted" : "");
    }
    s->refused++;
    return resp;
}

static int mxa_dev_mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    return mxa_dev_dma(ctx, addr, buf, len, false);
}

static int mxa_dev_mem_write(void *ctx, uint64_t addr, const void *buf,
                             size_t len)
{
    return mxa_dev_dma(ctx, addr, (void *)buf, len, true);
}

static void mxa_dev_kick(MxaSimState *s)
{
    if (!timer_pending(s->timer)) {
        timer_mod(s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
}

/* One burst of the clock; the next one while the device has work. */
static void mxa_dev_tick(void *opaque)
{
    MxaSimState *s = opaque;
    int64_t t0 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME), ns;
    uint32_t status = 0;
    int err;

    s->in_model = true;
    err = s->fn.run(s->sim, s->burst);
    if (!err) {
        err = s->fn.reg_read(s->sim, MXA_REG_STATUS, &status);
    }
    s->in_model = false;
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR, "mxa: the model failed: %s\n",
                      s->fn.last_error());
        return;
    }
    ns = qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - t0;
    if (ns < BURST_NS_MIN && s->burst < BURST_CYCLES_MAX) {
        s->burst *= 2;
    } else if (ns > BURST_NS_MAX && s->burst > BURST_CYCLES_MIN) {
        s->burst /= 2;
    }
    mxa_dev_update_irq(s);
    if (!(status & MXA_REG_STATUS_IDLE_MASK)) {
        timer_mod(s->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + GAP_NS);
    }
}

static MemTxResult mxa_dev_read(void *opaque, hwaddr addr, uint64_t *data,
                                unsigned size, MemTxAttrs attrs)
{
    MxaSimState *s = opaque;
    uint32_t value;
    int err;

    if (s->in_model) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: the device read its own register 0x%03"
                      HWADDR_PRIx "\n", addr);
        return MEMTX_ERROR;
    }
    s->in_model = true;
    err = s->fn.reg_read(s->sim, addr, &value);
    s->in_model = false;
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: register read at 0x%03" HWADDR_PRIx ": %s\n",
                      addr, s->fn.last_error());
        value = ~0u;
    }
    mxa_dev_update_irq(s);
    *data = value;
    return MEMTX_OK;
}

static MemTxResult mxa_dev_write(void *opaque, hwaddr addr, uint64_t value,
                                 unsigned size, MemTxAttrs attrs)
{
    MxaSimState *s = opaque;
    int err;

    if (s->in_model) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: the device wrote its own register 0x%03"
                      HWADDR_PRIx "\n", addr);
        return MEMTX_ERROR;
    }
    s->dropping = false;
    s->in_model = true;
    err = s->fn.reg_write(s->sim, addr, value);
    s->in_model = false;
    if (err) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: register write at 0x%03" HWADDR_PRIx ": %s\n",
                      addr, s->fn.last_error());
        return MEMTX_OK;
    }
    mxa_dev_update_irq(s);
    mxa_dev_kick(s);
    return MEMTX_OK;
}

static uint64_t mxa_dev_test_read(void *opaque, hwaddr addr, unsigned size)
{
    MxaSimState *s = opaque;

    switch (addr) {
    case TEST_FAIL_READ:
        return s->fail_read;
    case TEST_FAIL_WRITE:
        return s->fail_write;
    case TEST_DROP_IRQ:
        return s->drop_irq;
    case TEST_INJECTED:
        return s->injected;
    case TEST_FAIL_RESP:
        return s->fail_resp;
    }
    return 0;
}

static void mxa_dev_test_write(void *opaque, hwaddr addr, uint64_t value,
                               unsigned size)
{
    MxaSimState *s = opaque;

    switch (addr) {
    case TEST_FAIL_READ:
        s->fail_read = value;
        break;
    case TEST_FAIL_WRITE:
        s->fail_write = value;
        break;
    case TEST_DROP_IRQ:
        s->drop_irq = value & 1;
        break;
    case TEST_FAIL_RESP:
        s->fail_resp = value & 1;
        break;
    }
}

static const MemoryRegionOps mxa_dev_test_ops = {
    .read = mxa_dev_test_read,
    .write = mxa_dev_test_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps mxa_dev_ops = {
    .read_with_attrs = mxa_dev_read,
    .write_with_attrs = mxa_dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static bool mxa_dev_load(MxaSimState *s, Error **errp)
{
    static const struct {
        const char *name;
        size_t offset;
    } syms[] = {
#define SYM(f) { "mxa_sim_" #f, offsetof(struct mxa_sim_fns, f) }
        SYM(config_init), SYM(create), SYM(reg_read), SYM(reg_write),
        SYM(run), SYM(irq), SYM(reset), SYM(last_error),
#undef SYM
    };
    void *dl;

    if (!s->model) {
        error_setg(errp, "mxa: no model: set the 'model' property "
                   "to a libmxa_sim.so");
        return false;
    }
    dl = dlopen(s->model, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        error_setg(errp, "mxa: cannot load the model %s: %s", s->model,
                   dlerror());
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(syms); i++) {
        void *f = dlsym(dl, syms[i].name);

        if (!f) {
            error_setg(errp, "mxa: %s has no %s: not an mxa simulation model",
                       s->model, syms[i].name);
            dlclose(dl);
            return false;
        }
        memcpy((char *)&s->fn + syms[i].offset, &f, sizeof(f));
    }
    /*
     * The model stays loaded for the life of the process: the C++
     * run-time of a Verilated model does not support being unloaded.
     */
    return true;
}

/* The machine's reset is the device's reset input. */
static void mxa_dev_reset(DeviceState *dev)
{
    MxaSimState *s = MXA_SIM(dev);

    timer_del(s->timer);
    s->in_model = true;
    if (s->fn.reset(s->sim)) {
        qemu_log_mask(LOG_GUEST_ERROR, "mxa: reset failed: %s\n",
                      s->fn.last_error());
    }
    s->in_model = false;
    s->burst = BURST_CYCLES_START;
    s->fail_read = s->fail_write = TEST_OFF;
    s->fail_resp = 0;
    s->drop_irq = s->dropping = s->line = false;
    mxa_dev_update_irq(s);
}

static void mxa_dev_realize(DeviceState *dev, Error **errp)
{
    MxaSimState *s = MXA_SIM(dev);
    struct mxa_sim_config cfg;

    if (!mxa_dev_load(s, errp)) {
        return;
    }
    s->fn.config_init(&cfg);
    if (s->mem_latency) {
        cfg.mem_latency = s->mem_latency;
    }
    cfg.mem_bytes_per_cycle = s->mem_bytes_per_cycle;
    cfg.mem_read = mxa_dev_mem_read;
    cfg.mem_write = mxa_dev_mem_write;
    cfg.mem_ctx = s;
    if (s->fn.create(&cfg, &s->sim)) {
        error_setg(errp, "mxa: cannot create the simulated device: %s",
                   s->fn.last_error());
        return;
    }
    s->burst = BURST_CYCLES_START;
    memory_region_init_io(&s->mmio, OBJECT(s), &mxa_dev_ops, s, "mxa",
                          MXA_HW_REG_SPACE_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    memory_region_init_io(&s->test_port, OBJECT(s), &mxa_dev_test_ops, s,
                          "mxa-test-port", TEST_PORT_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->test_port);
    s->fail_read = s->fail_write = TEST_OFF;
    s->fail_resp = 0;
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, mxa_dev_tick, s);
}

static Property mxa_dev_properties[] = {
    DEFINE_PROP_STRING("model", MxaSimState, model),
    DEFINE_PROP_UINT32("mem-latency", MxaSimState, mem_latency, 0),
    DEFINE_PROP_UINT32("mem-bytes-per-cycle", MxaSimState,
                       mem_bytes_per_cycle, 0),
    DEFINE_PROP_END_OF_LIST(),
};

/* The model's state lives in C++ objects QEMU cannot save. */
static const VMStateDescription mxa_dev_vmstate = {
    .name = TYPE_MXA_SIM,
    .unmigratable = 1,
};

static void mxa_dev_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = mxa_dev_realize;
    dc->reset = mxa_dev_reset;
    dc->vmsd = &mxa_dev_vmstate;
    dc->user_creatable = false;
    dc->desc = "mxa accelerator (Verilated RTL)";
    device_class_set_props(dc, mxa_dev_properties);
}

static const TypeInfo mxa_dev_info = {
    .name = TYPE_MXA_SIM,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(MxaSimState),
    .class_init = mxa_dev_class_init,
};

static void mxa_dev_register_types(void)
{
    type_register_static(&mxa_dev_info);
}

type_init(mxa_dev_register_types)
