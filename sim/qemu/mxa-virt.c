// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mxa-virt.c - the mxa accelerator on the arm virt machine, placed as a
 * board's block design places it: a 4 KiB register window, a level
 * interrupt on a GIC SPI, DMA straight to guest memory, and the
 * device-tree node of docs/bindings/mxa.yaml, without "dma-coherent" (the
 * HP ports of Zynq boards are not cache-coherent), so that the guest's
 * mxa.ko binds through its platform driver as on a board.
 *
 * The window sits in the gap the virt machine leaves between its secure
 * GPIO (0x090b0000) and the virtio-mmio transports (0x0a000000); SPI 10 is
 * free between ACPI's GED (9) and the virtio-mmio lines (16 to 47).
 */
#include "qemu/osdep.h"

#include "hw/arm/fdt.h"
#include "hw/arm/mxa-virt.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qapi/error.h"
#include "sysemu/device_tree.h"

#include "mxa/mxa_hw.h"

#define MXA_VIRT_BASE 0x090c0000
#define MXA_VIRT_SPI 10
/* The model's test port (mxa-sim-device.c), after the register window. */
#define MXA_VIRT_TEST_PORT 0x1000

static char *mxa_virt_get_model(Object *obj, Error **errp)
{
    return g_strdup(VIRT_MACHINE(obj)->mxa_model);
}

static void mxa_virt_set_model(Object *obj, const char *value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    g_free(vms->mxa_model);
    vms->mxa_model = g_strdup(value);
}

void mxa_virt_class_init(ObjectClass *oc)
{
    object_class_property_add_str(oc, "mxa-model", mxa_virt_get_model,
                                  mxa_virt_set_model);
    object_class_property_set_description(oc, "mxa-model",
                                          "Add the mxa accelerator, simulated "
                                          "by this model (the libmxa_sim.so "
                                          "of an RTL configuration)");
}

void mxa_virt_create(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    hwaddr base = MXA_VIRT_BASE, size = MXA_HW_REG_SPACE_SIZE;
    DeviceState *dev;
    char *node;

    if (!vms->mxa_model || !*vms->mxa_model) {
        return;
    }
    dev = qdev_new(TYPE_MXA_SIM);
    qdev_prop_set_string(dev, "model", vms->mxa_model);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, base);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, base + MXA_VIRT_TEST_PORT);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0,
                       qdev_get_gpio_in(vms->gic, MXA_VIRT_SPI));

    node = g_strdup_printf("/npu@%" PRIx64, base);
    qemu_fdt_add_subnode(ms->fdt, node);
    qemu_fdt_setprop_string(ms->fdt, node, "compatible", "mxa,mxa-1.0");
    qemu_fdt_setprop_sized_cells(ms->fdt, node, "reg", 2, base, 2, size);
    qemu_fdt_setprop_cells(ms->fdt, node, "interrupts",
                           GIC_FDT_IRQ_TYPE_SPI, MXA_VIRT_SPI,
                           GIC_FDT_IRQ_FLAGS_LEVEL_HI);
    g_free(node);
}
