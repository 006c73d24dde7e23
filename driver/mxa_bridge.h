/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mxa_bridge.h - the simulator bridge: /dev/mxa-sim, through which the
 * mxa-simd process (the Verilated device) becomes an mxa device of the
 * driver. The protocol is include/uapi/drm/mxa_sim_bridge.h.
 */
#ifndef MXA_BRIDGE_H
#define MXA_BRIDGE_H

/*
 * mxa_bridge_init() - registers /dev/mxa-sim and the bus driver of the
 * devices it creates; called from the module's init. Returns 0 or -errno.
 */
int mxa_bridge_init(void);

/*
 * mxa_bridge_exit() - undoes mxa_bridge_init(); called from the module's
 * exit, when no bridge can be open any more (an open one holds the module).
 */
void mxa_bridge_exit(void);

#endif /* MXA_BRIDGE_H */
