/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mxa-virt.h - the mxa accelerator on the arm virt machine: the sysbus
 * device (mxa-sim-device.c) and where the machine puts it (mxa-virt.c).
 */
#ifndef HW_ARM_MXA_VIRT_H
#define HW_ARM_MXA_VIRT_H

#include "hw/arm/virt.h"

#define TYPE_MXA_SIM "mxa-sim"

/* Adds the machine property mxa-model (the model's libmxa_sim.so). */
void mxa_virt_class_init(ObjectClass *oc);
/*
 * With mxa-model set: the device, its register window, its interrupt line
 * and its device-tree node.
 */
void mxa_virt_create(VirtMachineState *vms);

#endif
