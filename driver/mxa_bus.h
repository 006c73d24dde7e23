/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mxa_bus.h - what the driver core needs from a transport, and what a
 * transport calls in the core.
 *
 * The core (DRM device, buffers, address spaces, scheduler, ring) is the
 * same for every mxa device; a transport is the bus glue around one: the
 * platform driver of a board (registers through MMIO, DMA through the DMA
 * API, a real interrupt line) or the simulator bridge (registers and DMA
 * as messages to the mxa-simd process behind /dev/mxa-sim).
 */
#ifndef MXA_BUS_H
#define MXA_BUS_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

struct mxa_bus;
struct mxa_device;

/**
 * struct mxa_bus_ops - a transport's access to its device.
 * @reg_read: reads a 32-bit register; may sleep (the bridge waits for the
 *	daemon's answer), so only called from process context. Returns
 *	~0u when the device is gone.
 * @reg_write: writes a 32-bit register; posted, in order with the other
 *	writes and reads of the device, callable from any context.
 * @map_sgt: gives each entry of an sg table a device (bus) address for
 *	the device, in sg_dma_address()/sg_dma_len(); the device may then
 *	read, or with DMA_BIDIRECTIONAL also write, those pages.
 * @unmap_sgt: undoes @map_sgt; the device can no longer reach the pages.
 * @sync_for_device: optional (NULL when the device sees the CPU's writes
 *	without help): makes what the CPU wrote to pages mapped by @map_sgt
 *	visible to the device; called before each job that uses them.
 * @sync_for_cpu: optional, as @sync_for_device: makes what the device
 *	wrote visible to the CPU; called after each job that wrote them.
 * @alloc_coherent: memory for the ring, the completion area and the page
 *	tables: page aligned, zeroed, seen by the CPU at the returned address
 *	and by the device at *@bus_addr without cache maintenance.
 * @free_coherent: frees what @alloc_coherent returned.
 */
struct mxa_bus_ops {
	u32 (*reg_read)(struct mxa_bus *bus, u32 offset);
	void (*reg_write)(struct mxa_bus *bus, u32 offset, u32 value);
	int (*map_sgt)(struct mxa_bus *bus, struct sg_table *sgt,
		       enum dma_data_direction dir);
	void (*unmap_sgt)(struct mxa_bus *bus, struct sg_table *sgt,
			  enum dma_data_direction dir);
	void (*sync_for_device)(struct mxa_bus *bus, struct sg_table *sgt,
				enum dma_data_direction dir);
	void (*sync_for_cpu)(struct mxa_bus *bus, struct sg_table *sgt,
			     enum dma_data_direction dir);
	void *(*alloc_coherent)(struct mxa_bus *bus, size_t size,
				dma_addr_t *bus_addr);
	void (*free_coherent)(struct mxa_bus *bus, size_t size, void *vaddr,
			      dma_addr_t bus_addr);
};

/**
 * struct mxa_bus - one device as its transport sees it.
 * @ops: the transport's operations.
 * @dev: the struct device the DRM device hangs under (the platform
 *	device, or one the bridge creates per daemon).
 */
struct mxa_bus {
	const struct mxa_bus_ops *ops;
	struct device *dev;
};

/*
 * mxa_device_create() - probes the device behind @bus (ID, VERSION, CAP_*
 * registers; a VERSION major other than MXA_HW_VERSION_MAJOR is refused
 * with a message naming both), starts it and registers its DRM device.
 * Process context. Returns the device or an ERR_PTR.
 */
struct mxa_device *mxa_device_create(struct mxa_bus *bus);

/*
 * mxa_device_unplug() - the device is gone or being removed: no new
 * hardware access happens, jobs in flight and queued fail with -ENODEV,
 * open clients get -ENODEV from every ioctl, and the core's memory is
 * freed when the last client closes. @bus may be freed once it returns.
 * The transport calls it once, after its last call of mxa_device_irq()
 * has returned and with no further one to come: @mdev itself may be freed
 * before mxa_device_unplug() returns. Process context.
 */
void mxa_device_unplug(struct mxa_device *mdev);

/*
 * mxa_device_irq() - the device's interrupt line is high. Called by the
 * transport in process context where @reg_read can be answered (a threaded
 * interrupt handler; for the bridge a work item, never the daemon's own
 * write() call); the core reads and acknowledges INT_STATUS and handles
 * the completion records.
 */
void mxa_device_irq(struct mxa_device *mdev);

#endif /* MXA_BUS_H */
