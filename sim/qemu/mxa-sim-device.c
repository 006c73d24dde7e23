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
 * reaches on the host, a few hundred thousand cycles per guest second.
 * Register accesses take the cycles the AXI4-Lite handshake takes in the
 * model, as on the bridge.
 *
 * Errors. A memory access of the device that QEMU's memory API refuses
 * (no RAM or device there) ends as an AXI SLVERR: the RTL records the
 * fault in the job's completion record and the driver reports it. A
 * register access the model fails reads as all ones and is logged as a
 * guest error. Nothing the guest writes ends QEMU.
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
};

static void mxa_dev_update_irq(MxaSimState *s)
{
    qemu_set_irq(s->irq, s->fn.irq(s->sim));
}

static int mxa_dev_dma(MxaSimState *s, uint64_t addr, void *buf, size_t len,
                       bool write)
{
    MemTxResult r;

    /*
     * A DMA into the device's own register window reaches
     * mxa_dev_read()/mxa_dev_write() while the model runs; they refuse
     * it, as the model cannot be re-entered.
     */
    if (write) {
        r = address_space_write(&address_space_memory, addr,
                                MEMTXATTRS_UNSPECIFIED, buf, len);
    } else {
        r = address_space_read(&address_space_memory, addr,
                               MEMTXATTRS_UNSPECIFIED, buf, len);
    }
    if (r == MEMTX_OK) {
        return 0;
    }
    if (s->refused < REFUSED_LOGGED) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "mxa: %s of %zu bytes at 0x%" PRIx64
                      " refused (AXI SLVERR)%s\n",
                      write ? "write" : "read", len, addr,
                      s->refused + 1 == REFUSED_LOGGED ?
                      "; further ones only counted" : "");
    }
    s->refused++;
    return 1;
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
