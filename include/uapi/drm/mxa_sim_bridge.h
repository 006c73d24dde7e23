/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * mxa_sim_bridge.h - the protocol between mxa.ko and mxa-simd on
 * /dev/mxa-sim: how a process that simulates an mxa device (the Verilated
 * model) becomes a device the driver drives.
 *
 * Each open file of /dev/mxa-sim is one bridge and, once plugged, one mxa
 * device. The daemon
 *
 * - plugs the device with MXA_SIM_IOCTL_PLUG once it is ready to answer;
 *   the driver then probes it (register reads) in the background and
 *   reports the outcome with a MXA_SIM_MSG_PLUGGED message;
 * - read()s the driver's register accesses (MXA_SIM_MSG_REG_WRITE,
 *   MXA_SIM_MSG_REG_READ) and the end of interrupt handling
 *   (MXA_SIM_MSG_IRQ_DONE), in the order the driver issued them;
 * - write()s the answers to register reads (MXA_SIM_MSG_READ_DATA) and
 *   raises the interrupt (MXA_SIM_MSG_IRQ);
 * - reads and writes the memory the driver has mapped for the device with
 *   MXA_SIM_IOCTL_DMA, by bus address;
 * - closes the file to unplug the device.
 *
 * Conventions: every structure is 64-bit aligned with no implicit padding;
 * fields a message type does not use, and fields named reserved, must be
 * zero, and flags the kernel does not know are rejected, both with -EINVAL.
 */
#ifndef _UAPI_DRM_MXA_SIM_BRIDGE_H_
#define _UAPI_DRM_MXA_SIM_BRIDGE_H_

#include <linux/ioctl.h>
#include <linux/types.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* Version of this protocol, passed in struct mxa_sim_plug. */
#define MXA_SIM_BRIDGE_VERSION		1

/* ------------------------------------------------------------ messages */

/*
 * Kernel to daemon (read()). The daemon handles them in the order read;
 * register accesses reach the device in that order.
 */

/**
 * MXA_SIM_MSG_REG_WRITE - write @value to the register at @offset;
 * posted, nothing is answered.
 */
#define MXA_SIM_MSG_REG_WRITE		0x01
/**
 * MXA_SIM_MSG_REG_READ - read the register at @offset and answer with a
 * MXA_SIM_MSG_READ_DATA message of the same @tag.
 */
#define MXA_SIM_MSG_REG_READ		0x02
/**
 * MXA_SIM_MSG_IRQ_DONE - the driver has handled the interrupt of the last
 * MXA_SIM_MSG_IRQ; the daemon may raise the next one.
 */
#define MXA_SIM_MSG_IRQ_DONE		0x03
/**
 * MXA_SIM_MSG_PLUGGED - the probe that MXA_SIM_IOCTL_PLUG started has
 * ended; @value is 0 when the device was created, else the positive errno
 * of the failure (the kernel log says more).
 */
#define MXA_SIM_MSG_PLUGGED		0x04

/* Daemon to kernel (write()). */

/**
 * MXA_SIM_MSG_READ_DATA - @value is the register value that the
 * MXA_SIM_MSG_REG_READ of @tag asked for. An answer that comes after the
 * driver has given up waiting is ignored.
 */
#define MXA_SIM_MSG_READ_DATA		0x81
/**
 * MXA_SIM_MSG_IRQ - the interrupt line is high. The daemon sends no other
 * one until it has read the MXA_SIM_MSG_IRQ_DONE that answers it; then, if
 * the line is still high, it sends the next (level-triggered, like an
 * interrupt controller that masks the line until the end of interrupt).
 */
#define MXA_SIM_MSG_IRQ			0x82

/**
 * struct mxa_sim_msg - one message, in either direction.
 * @type: MXA_SIM_MSG_*.
 * @offset: register offset (REG_WRITE, REG_READ).
 * @value: register value (REG_WRITE, READ_DATA), errno (PLUGGED).
 * @reserved: must be zero.
 * @tag: matches a READ_DATA to its REG_READ; never zero there.
 *
 * read() returns as many whole messages as fit in its buffer (at least
 * one: a buffer smaller than one message gets -EINVAL) and blocks while
 * there is none, unless the file is non-blocking (-EAGAIN). write() takes
 * whole messages; it returns the bytes of the messages it took, which are
 * all of them unless one is invalid (that one and the ones after it are
 * not taken; -EINVAL when it is the first).
 */
struct mxa_sim_msg {
	__u32 type;
	__u32 offset;
	__u32 value;
	__u32 reserved;
	__u64 tag;
};

/* ------------------------------------------------------------ ioctls */

/**
 * struct mxa_sim_plug - argument of MXA_SIM_IOCTL_PLUG.
 * @version: MXA_SIM_BRIDGE_VERSION of the daemon; another version than
 *	the kernel's is refused with -EPROTONOSUPPORT.
 * @pa_bits: width of the device's physical (bus) addresses, the
 *	CAP_MEM.PA_BITS of the model: above the kernel's page shift (13 or
 *	more with 4 KiB pages) and at most 64. Every bus address the driver
 *	hands the device is below 2^@pa_bits.
 * @flags: must be zero.
 * @reserved: must be zero.
 *
 * Plugs the device: the kernel probes it in the background, through
 * register reads the daemon must answer, and sends MXA_SIM_MSG_PLUGGED
 * when done. A bridge plugs once (-EBUSY the second time).
 */
struct mxa_sim_plug {
	__u32 version;
	__u32 pa_bits;
	__u32 flags;
	__u32 reserved;
};

/**
 * MXA_SIM_DMA_WRITE - the device writes memory (from @data); without it
 * the device reads memory (into @data).
 */
#define MXA_SIM_DMA_WRITE		(1 << 0)

/**
 * MXA_SIM_DMA_MAX_LEN - the most bytes one MXA_SIM_IOCTL_DMA moves.
 */
#define MXA_SIM_DMA_MAX_LEN		(1 << 20)

/**
 * struct mxa_sim_dma - argument of MXA_SIM_IOCTL_DMA.
 * @addr: bus address of the first byte.
 * @data: user pointer to @len bytes of the daemon's.
 * @len: bytes, 0 to MXA_SIM_DMA_MAX_LEN.
 * @flags: MXA_SIM_DMA_* bits.
 *
 * A memory access of the device. Every byte must lie in memory the
 * driver has mapped for this device, for writes mapped writable by the
 * device; otherwise the call fails with -EFAULT, the AXI error the model
 * should answer with. The transfer goes in address order and stops at the
 * first byte refused, so a failed write may have written the bytes before
 * it.
 */
struct mxa_sim_dma {
	__u64 addr;
	__u64 data;
	__u32 len;
	__u32 flags;
};

#define MXA_SIM_IOCTL_BASE		0xB8
#define MXA_SIM_IOCTL_PLUG \
	_IOW(MXA_SIM_IOCTL_BASE, 0x00, struct mxa_sim_plug)
#define MXA_SIM_IOCTL_DMA \
	_IOW(MXA_SIM_IOCTL_BASE, 0x01, struct mxa_sim_dma)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_DRM_MXA_SIM_BRIDGE_H_ */
