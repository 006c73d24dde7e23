// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_bridge.c - the simulator bridge: /dev/mxa-sim. Each open file of it
 * is one mxa device whose registers, memory and interrupt are messages to
 * and from the process that opened it, mxa-simd, which runs the Verilated
 * device (include/uapi/drm/mxa_sim_bridge.h, docs/sim-bridge.md).
 *
 * Register writes are posted into a queue the daemon read()s; a register
 * read is queued the same way, in order with the writes, and waits for the
 * daemon's answer. The daemon reaches memory by bus address through an
 * ioctl; the bus addresses are those this file gave the pages the driver
 * core mapped, and nothing else is reachable. The interrupt is a message
 * from the daemon that a work item turns into a call of the core's
 * handler, which can then read registers while the daemon answers.
 *
 * The device the driver core creates hangs under a platform device, one
 * per plugged bridge, whose driver is here: probe creates the mxa device,
 * remove (when the bridge closes) unplugs it, and managed resources of the
 * core live exactly as long as that binding. A platform device, because
 * that is a bus libdrm's device enumeration knows.
 */

#define pr_fmt(fmt) "mxa-sim: " fmt

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/idr.h>
#include <linux/kfifo.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <drm/drm_mm.h>

#include <drm/mxa_sim_bridge.h>
#include "mxa_bridge.h"
#include "mxa_bus.h"
#include "mxa_compat.h"

/*
 * Messages that may wait for the daemon. The driver core posts a handful
 * per job batch and per interrupt, so a full queue means the daemon stopped
 * reading: the bridge then fails rather than drop a write silently.
 */
#define MXA_BRIDGE_QUEUE_LEN		1024

/*
 * How long a register read waits for its answer. The daemon answers
 * between short bursts of simulated cycles, so this only expires when it
 * is stopped or hung.
 */
#define MXA_BRIDGE_READ_TIMEOUT		(10 * HZ)

/**
 * struct mxa_bridge - one open file of /dev/mxa-sim and the device it is.
 * @bus: the transport as the driver core sees it; @bus.dev is the
 *	platform device's, set when it is probed.
 * @ref: one for the open file, one per mapping in @space: the bus stays
 *	valid until the core has returned every mapping.
 * @id: number of this bridge: the platform device's id.
 * @lock: protects the producer side of @msgs, @reads, @next_tag, @gone,
 *	@broken, @plugged and @irq_pending; taken with interrupts off, as
 *	register writes may come from any context.
 * @msgs: the messages to the daemon, in the order the core issued them.
 * @read_lock: serializes the readers of @msgs (its consumer side).
 * @msg_wq: where the daemon waits for messages.
 * @reply_wq: where register reads wait for their answers.
 * @reads: the register reads waiting (struct mxa_bridge_read).
 * @next_tag: tag of the newest register read; tags start at 1.
 * @gone: the file is being closed: nothing more is queued, register reads
 *	return ~0u.
 * @broken: @msgs overflowed and a message was lost: as @gone, and the
 *	daemon's read() fails with -EOVERFLOW.
 * @plugged: MXA_SIM_IOCTL_PLUG has been accepted.
 * @irq_pending: a MXA_SIM_MSG_IRQ has not been answered by
 *	MXA_SIM_MSG_IRQ_DONE yet.
 * @pa_bits: width of the device's bus addresses, from the plug.
 * @space_end: the bus page numbers the device can address are below it,
 *	2^(@pa_bits - PAGE_SHIFT); 0 before the plug.
 * @wq: ordered: the probe runs before any interrupt is handled, and
 *	interrupts are handled one at a time.
 * @plug_work: creates the platform device, whose probe creates the mxa
 *	device.
 * @irq_work: calls the core's interrupt handler, then answers the daemon.
 * @pdev: the platform device, registered by @plug_work, unregistered by
 *	release once @wq is gone; the mxa device exists while it is bound
 *	to this driver (an unbind and a bind through sysfs end one mxa
 *	device and create another).
 * @mdev: the core's device: set by probe (in @plug_work, or on a bind
 *	through sysfs), read by @irq_work, cleared by remove (in release,
 *	after @wq is gone, or on an unbind through sysfs, which then waits
 *	for @irq_work).
 * @probe_err: what mxa_device_create() failed with, for @plug_work.
 * @space_lock: protects @space.
 * @space: the bus address space in pages: each node is a struct
 *	mxa_bridge_map, memory the core mapped for the device.
 */
struct mxa_bridge {
	struct mxa_bus bus;
	struct kref ref;
	int id;

	spinlock_t lock;		/* see above */
	DECLARE_KFIFO_PTR(msgs, struct mxa_sim_msg);
	struct mutex read_lock;		/* see above */
	wait_queue_head_t msg_wq;
	wait_queue_head_t reply_wq;
	struct list_head reads;
	u64 next_tag;
	bool gone;
	bool broken;
	bool plugged;
	bool irq_pending;

	unsigned int pa_bits;
	u64 space_end;
	struct workqueue_struct *wq;
	struct work_struct plug_work;
	struct work_struct irq_work;
	struct platform_device *pdev;
	struct mxa_device *mdev;
	int probe_err;

	spinlock_t space_lock;		/* see above */
	struct drm_mm space;
};

/**
 * struct mxa_bridge_read - a register read waiting for its answer.
 * @node: in mxa_bridge.reads.
 * @tag: the tag of its MXA_SIM_MSG_REG_READ.
 * @value: the answer, once @done.
 * @done: the answer has come.
 */
struct mxa_bridge_read {
	struct list_head node;
	u64 tag;
	u32 value;
	bool done;
};

/**
 * struct mxa_bridge_page - one page of a mapping.
 * @page: the page; the mapping holds a reference (sg tables) or owns it
 *	(coherent memory).
 * @start: first byte of the page the device may reach.
 * @end: the byte after the last one it may reach.
 */
struct mxa_bridge_page {
	struct page *page;
	unsigned int start;
	unsigned int end;
};

/**
 * struct mxa_bridge_map - memory the core mapped for the device: an sg
 *	table or a coherent allocation, at consecutive bus pages.
 * @node: its bus pages in mxa_bridge.space: node.start is the bus page
 *	number of @pages[0], node.size is @count.
 * @ref: one while it is in mxa_bridge.space, one per DMA using it.
 * @bridge: the bridge whose bus space it is in (holds a reference).
 * @owner: the sg table or the coherent memory's address: what unmapping
 *	must name.
 * @vaddr: coherent memory: the vmalloc area to free; NULL for sg tables.
 * @count: number of @pages.
 * @writable: the device may write, not only read.
 * @pages: the pages, in bus address order.
 */
struct mxa_bridge_map {
	struct drm_mm_node node;
	struct kref ref;
	struct mxa_bridge *bridge;
	const void *owner;
	void *vaddr;
	unsigned long count;
	bool writable;
	struct mxa_bridge_page pages[];
};

static DEFINE_IDA(mxa_bridge_ida);
static struct miscdevice mxa_bridge_misc;

static struct mxa_bridge *to_bridge(struct mxa_bus *bus)
{
	return container_of(bus, struct mxa_bridge, bus);
}

/*
 * The platform data of a bridge's device is the bridge: probe and remove
 * run while the bridge is open.
 */
static struct mxa_bridge *pdev_to_bridge(struct platform_device *pdev)
{
	return *(struct mxa_bridge **)dev_get_platdata(&pdev->dev);
}

static bool mxa_bridge_dead(struct mxa_bridge *br)
{
	return READ_ONCE(br->gone) || READ_ONCE(br->broken);
}

/*
 * Queues a message for the daemon; the caller wakes @msg_wq after dropping
 * the lock. Returns false when the message cannot be delivered.
 */
static bool mxa_bridge_post(struct mxa_bridge *br,
			    const struct mxa_sim_msg *msg)
{
	lockdep_assert_held(&br->lock);

	if (br->gone || br->broken)
		return false;
	if (!kfifo_put(&br->msgs, *msg)) {
		WRITE_ONCE(br->broken, true);
		pr_err("bridge %d: the daemon stopped reading its messages; the device is lost\n",
		       br->id);
		wake_up_all(&br->reply_wq);
		return false;
	}
	return true;
}

static void mxa_bridge_send(struct mxa_bridge *br,
			    const struct mxa_sim_msg *msg)
{
	unsigned long flags;

	spin_lock_irqsave(&br->lock, flags);
	mxa_bridge_post(br, msg);
	spin_unlock_irqrestore(&br->lock, flags);
	wake_up_interruptible(&br->msg_wq);
}

/* ------------------------------------------------------------ memory */

static void mxa_bridge_free(struct kref *ref)
{
	struct mxa_bridge *br = container_of(ref, struct mxa_bridge, ref);

	drm_mm_takedown(&br->space);
	kfree(br);
}

static void mxa_bridge_map_release(struct kref *ref)
{
	struct mxa_bridge_map *map = container_of(ref, struct mxa_bridge_map,
						  ref);
	struct mxa_bridge *br = map->bridge;
	unsigned long i;

	if (map->vaddr) {
		vfree(map->vaddr);
	} else {
		for (i = 0; i < map->count; i++)
			put_page(map->pages[i].page);
	}
	kvfree(map);
	kref_put(&br->ref, mxa_bridge_free);
}

static struct mxa_bridge_map *mxa_bridge_map_alloc(struct mxa_bridge *br,
						   unsigned long count)
{
	struct mxa_bridge_map *map;

	map = kvzalloc(struct_size(map, pages, count), GFP_KERNEL);
	if (!map)
		return NULL;
	kref_init(&map->ref);
	map->bridge = br;
	map->count = count;
	return map;
}

/* Gives the map its bus pages; from then on the device can reach them. */
static int mxa_bridge_map_insert(struct mxa_bridge *br,
				 struct mxa_bridge_map *map)
{
	int ret;

	/* Page 0 stays unused: a bus address of 0 is never valid. */
	spin_lock(&br->space_lock);
	ret = drm_mm_insert_node_in_range(&br->space, &map->node, map->count,
					  0, 0, 1, READ_ONCE(br->space_end),
					  DRM_MM_INSERT_LOW);
	spin_unlock(&br->space_lock);
	if (ret)
		return ret == -ENOSPC ? -ENOMEM : ret;
	kref_get(&br->ref);
	return 0;
}

/* The map at bus page @pfn, with a reference, or NULL. */
static struct mxa_bridge_map *mxa_bridge_map_get(struct mxa_bridge *br,
						 u64 pfn)
{
	struct mxa_bridge_map *map = NULL;
	struct drm_mm_node *node;

	spin_lock(&br->space_lock);
	drm_mm_for_each_node_in_range(node, &br->space, pfn, pfn + 1) {
		map = container_of(node, struct mxa_bridge_map, node);
		kref_get(&map->ref);
		break;
	}
	spin_unlock(&br->space_lock);
	return map;
}

/*
 * Takes the map that starts at bus page @pfn and belongs to @owner out of
 * the bus space and drops its reference; a DMA still using it keeps its
 * pages until it ends. Returns false when there is no such map.
 */
static bool mxa_bridge_map_remove(struct mxa_bridge *br, u64 pfn,
				  const void *owner)
{
	struct mxa_bridge_map *map = NULL;
	struct drm_mm_node *node;

	spin_lock(&br->space_lock);
	drm_mm_for_each_node_in_range(node, &br->space, pfn, pfn + 1) {
		if (node->start == pfn &&
		    container_of(node, struct mxa_bridge_map, node)->owner == owner) {
			map = container_of(node, struct mxa_bridge_map, node);
			drm_mm_remove_node(node);
		}
		break;
	}
	spin_unlock(&br->space_lock);

	if (!map)
		return false;
	kref_put(&map->ref, mxa_bridge_map_release);
	return true;
}

static int mxa_bridge_map_sgt(struct mxa_bus *bus, struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	struct mxa_bridge *br = to_bridge(bus);
	struct mxa_bridge_map *map;
	struct scatterlist *sg;
	unsigned long count = 0, n = 0;
	int i, ret;

	if (!valid_dma_direction(dir))
		return -EINVAL;
	if (mxa_bridge_dead(br))
		return -ENODEV;

	for_each_sgtable_sg(sgt, sg, i) {
		if (!sg->length)
			return -EINVAL;
		count += DIV_ROUND_UP(offset_in_page(sg->offset) + sg->length,
				      PAGE_SIZE);
	}
	if (!count)
		return -EINVAL;

	map = mxa_bridge_map_alloc(br, count);
	if (!map)
		return -ENOMEM;
	map->owner = sgt;
	map->writable = dir != DMA_TO_DEVICE;

	for_each_sgtable_sg(sgt, sg, i) {
		struct page *page = nth_page(sg_page(sg),
					     sg->offset >> PAGE_SHIFT);
		unsigned int off = offset_in_page(sg->offset);
		unsigned int left = sg->length;

		while (left) {
			struct mxa_bridge_page *p = &map->pages[n++];

			p->page = page;
			p->start = off;
			p->end = min_t(unsigned long, off + left, PAGE_SIZE);
			get_page(page);
			left -= p->end - p->start;
			off = 0;
			page = nth_page(page, 1);
		}
	}

	ret = mxa_bridge_map_insert(br, map);
	if (ret) {
		for (n = 0; n < count; n++)
			put_page(map->pages[n].page);
		kvfree(map);
		return ret;
	}

	n = 0;
	for_each_sgtable_sg(sgt, sg, i) {
		sg_dma_address(sg) = ((map->node.start + n) << PAGE_SHIFT) +
				     offset_in_page(sg->offset);
		sg_dma_len(sg) = sg->length;
		n += DIV_ROUND_UP(offset_in_page(sg->offset) + sg->length,
				  PAGE_SIZE);
	}
	sgt->nents = sgt->orig_nents;
	return 0;
}

static void mxa_bridge_unmap_sgt(struct mxa_bus *bus, struct sg_table *sgt,
				 enum dma_data_direction dir)
{
	struct mxa_bridge *br = to_bridge(bus);

	if (!mxa_bridge_map_remove(br, sg_dma_address(sgt->sgl) >> PAGE_SHIFT,
				   sgt))
		pr_err("bridge %d: unmapping an sg table that is not mapped\n",
		       br->id);
}

static void *mxa_bridge_alloc_coherent(struct mxa_bus *bus, size_t size,
				       dma_addr_t *bus_addr)
{
	struct mxa_bridge *br = to_bridge(bus);
	unsigned long count = DIV_ROUND_UP(size, PAGE_SIZE);
	struct mxa_bridge_map *map;
	unsigned long i;
	void *vaddr;

	if (!count || mxa_bridge_dead(br))
		return NULL;
	map = mxa_bridge_map_alloc(br, count);
	if (!map)
		return NULL;
	/*
	 * A failure goes back to the caller, which reports it (a client's
	 * -ENOMEM, a failed probe): no allocation report in the log on top.
	 */
	vaddr = __vmalloc(count << PAGE_SHIFT,
			  GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!vaddr)
		goto err_map;
	for (i = 0; i < count; i++) {
		map->pages[i].page = vmalloc_to_page(vaddr + (i << PAGE_SHIFT));
		map->pages[i].end = PAGE_SIZE;
	}
	map->owner = vaddr;
	map->writable = true;
	if (mxa_bridge_map_insert(br, map))
		goto err_vaddr;
	/* Only now: the release of a map not yet inserted frees nothing. */
	map->vaddr = vaddr;
	*bus_addr = map->node.start << PAGE_SHIFT;
	return vaddr;

err_vaddr:
	vfree(vaddr);
err_map:
	kvfree(map);
	return NULL;
}

static void mxa_bridge_free_coherent(struct mxa_bus *bus, size_t size,
				     void *vaddr, dma_addr_t bus_addr)
{
	struct mxa_bridge *br = to_bridge(bus);

	if (!mxa_bridge_map_remove(br, bus_addr >> PAGE_SHIFT, vaddr))
		pr_err("bridge %d: freeing coherent memory that is not allocated\n",
		       br->id);
}

/* MXA_SIM_IOCTL_DMA: the device reads or writes memory. */
static long mxa_bridge_dma(struct mxa_bridge *br, void __user *argp)
{
	struct mxa_bridge_map *map = NULL;
	struct mxa_sim_dma req;
	u8 __user *data;
	u64 addr, end;
	bool write;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~MXA_SIM_DMA_WRITE || req.len > MXA_SIM_DMA_MAX_LEN)
		return -EINVAL;
	if (!req.len)
		return 0;
	write = req.flags & MXA_SIM_DMA_WRITE;
	data = u64_to_user_ptr(req.data);
	if (check_add_overflow(req.addr, (u64)req.len, &end) ||
	    (end - 1) >> PAGE_SHIFT >= READ_ONCE(br->space_end))
		return -EFAULT;

	for (addr = req.addr; addr < end; ) {
		u64 pfn = addr >> PAGE_SHIFT;
		unsigned int off = offset_in_page(addr);
		unsigned int n = min_t(u64, end - addr, PAGE_SIZE - off);
		const struct mxa_bridge_page *p;
		unsigned long left;
		void *kaddr;

		if (!map || pfn < map->node.start ||
		    pfn - map->node.start >= map->count) {
			if (map)
				kref_put(&map->ref, mxa_bridge_map_release);
			map = mxa_bridge_map_get(br, pfn);
			if (!map) {
				ret = -EFAULT;
				break;
			}
		}
		p = &map->pages[pfn - map->node.start];
		if (off < p->start || off + n > p->end ||
		    (write && !map->writable)) {
			ret = -EFAULT;
			break;
		}

		kaddr = kmap_local_page(p->page);
		if (write)
			left = copy_from_user(kaddr + off, data, n);
		else
			left = copy_to_user(data, kaddr + off, n);
		kunmap_local(kaddr);
		if (write)
			flush_dcache_page(p->page);
		if (left) {
			ret = -EFAULT;
			break;
		}
		addr += n;
		data += n;
		cond_resched();
	}
	if (map)
		kref_put(&map->ref, mxa_bridge_map_release);
	return ret;
}

/* ------------------------------------------------------------ registers */

static u32 mxa_bridge_reg_read(struct mxa_bus *bus, u32 offset)
{
	struct mxa_bridge *br = to_bridge(bus);
	struct mxa_sim_msg msg = {
		.type = MXA_SIM_MSG_REG_READ,
		.offset = offset,
	};
	struct mxa_bridge_read rd = { };
	unsigned long flags;
	long left;
	u32 value;

	might_sleep();

	spin_lock_irqsave(&br->lock, flags);
	msg.tag = ++br->next_tag;
	if (!mxa_bridge_post(br, &msg)) {
		spin_unlock_irqrestore(&br->lock, flags);
		return ~0u;
	}
	rd.tag = msg.tag;
	list_add_tail(&rd.node, &br->reads);
	spin_unlock_irqrestore(&br->lock, flags);
	wake_up_interruptible(&br->msg_wq);

	left = wait_event_killable_timeout(br->reply_wq,
					   READ_ONCE(rd.done) ||
					   mxa_bridge_dead(br),
					   MXA_BRIDGE_READ_TIMEOUT);

	spin_lock_irqsave(&br->lock, flags);
	list_del(&rd.node);
	value = rd.done ? rd.value : ~0u;
	spin_unlock_irqrestore(&br->lock, flags);

	if (!rd.done && !left)
		pr_warn_ratelimited("bridge %d: no answer to the read of register 0x%03x\n",
				    br->id, offset);
	return value;
}

static void mxa_bridge_reg_write(struct mxa_bus *bus, u32 offset, u32 value)
{
	struct mxa_sim_msg msg = {
		.type = MXA_SIM_MSG_REG_WRITE,
		.offset = offset,
		.value = value,
	};

	mxa_bridge_send(to_bridge(bus), &msg);
}

static const struct mxa_bus_ops mxa_bridge_bus_ops = {
	.reg_read = mxa_bridge_reg_read,
	.reg_write = mxa_bridge_reg_write,
	.map_sgt = mxa_bridge_map_sgt,
	.unmap_sgt = mxa_bridge_unmap_sgt,
	.alloc_coherent = mxa_bridge_alloc_coherent,
	.free_coherent = mxa_bridge_free_coherent,
};

/* ------------------------------------------------------------ device */

static int mxa_bridge_probe(struct platform_device *pdev)
{
	struct mxa_bridge *br = pdev_to_bridge(pdev);
	struct mxa_device *mdev;

	/* A bind through sysfs after the daemon has gone. */
	if (mxa_bridge_dead(br))
		return -ENODEV;
	br->bus.dev = &pdev->dev;
	mdev = mxa_device_create(&br->bus);
	if (IS_ERR(mdev)) {
		br->probe_err = PTR_ERR(mdev);
		return br->probe_err;
	}
	WRITE_ONCE(br->mdev, mdev);
	return 0;
}

/*
 * When the bridge closes, and on an unbind through sysfs while the daemon
 * still serves (a later bind probes a new device on the same bridge). An
 * interrupt being handled ends first; later ones find no device.
 */
static void mxa_bridge_remove(struct platform_device *pdev)
{
	struct mxa_bridge *br = pdev_to_bridge(pdev);
	struct mxa_device *mdev = br->mdev;

	WRITE_ONCE(br->mdev, NULL);
	flush_work(&br->irq_work);
	mxa_device_unplug(mdev);
}

static struct platform_driver mxa_bridge_driver = {
	.probe = mxa_bridge_probe,
	MXA_PLATFORM_REMOVE(mxa_bridge_remove),
	.driver = {
		.name = "mxa-sim",
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

/* Creates the platform device, whose probe creates the mxa device. */
static int mxa_bridge_plug_device(struct mxa_bridge *br)
{
	struct platform_device_info info = {
		.parent = mxa_bridge_misc.this_device,
		.name = "mxa-sim",
		.id = br->id,
		.data = &br,
		.size_data = sizeof(br),
		.dma_mask = DMA_BIT_MASK(br->pa_bits),
	};
	struct platform_device *pdev;

	br->probe_err = -ENODEV;
	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	if (!br->mdev) {
		platform_device_unregister(pdev);
		return br->probe_err;
	}
	br->pdev = pdev;
	return 0;
}

static void mxa_bridge_plug_work(struct work_struct *work)
{
	struct mxa_bridge *br = container_of(work, struct mxa_bridge,
					     plug_work);
	struct mxa_sim_msg msg = { .type = MXA_SIM_MSG_PLUGGED };

	msg.value = -mxa_bridge_plug_device(br);
	mxa_bridge_send(br, &msg);
}

static void mxa_bridge_irq_work(struct work_struct *work)
{
	struct mxa_bridge *br = container_of(work, struct mxa_bridge,
					     irq_work);
	struct mxa_sim_msg msg = { .type = MXA_SIM_MSG_IRQ_DONE };
	struct mxa_device *mdev = READ_ONCE(br->mdev);
	unsigned long flags;

	if (mdev && !mxa_bridge_dead(br))
		mxa_device_irq(mdev);

	spin_lock_irqsave(&br->lock, flags);
	br->irq_pending = false;
	mxa_bridge_post(br, &msg);
	spin_unlock_irqrestore(&br->lock, flags);
	wake_up_interruptible(&br->msg_wq);
}

/* MXA_SIM_IOCTL_PLUG */
static long mxa_bridge_plug(struct mxa_bridge *br, void __user *argp)
{
	struct mxa_sim_plug req;
	unsigned long flags;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.version != MXA_SIM_BRIDGE_VERSION)
		return -EPROTONOSUPPORT;
	if (req.flags || req.reserved || req.pa_bits <= PAGE_SHIFT ||
	    req.pa_bits > 64)
		return -EINVAL;

	spin_lock_irqsave(&br->lock, flags);
	if (br->plugged) {
		ret = -EBUSY;
	} else {
		br->plugged = true;
		br->pa_bits = req.pa_bits;
		WRITE_ONCE(br->space_end, 1ULL << (req.pa_bits - PAGE_SHIFT));
	}
	spin_unlock_irqrestore(&br->lock, flags);

	if (!ret)
		queue_work(br->wq, &br->plug_work);
	return ret;
}

/* ------------------------------------------------------------ the file */

/* One message from the daemon. */
static int mxa_bridge_take(struct mxa_bridge *br,
			   const struct mxa_sim_msg *msg)
{
	struct mxa_bridge_read *rd;
	unsigned long flags;
	int ret = 0;

	if (msg->offset || msg->reserved)
		return -EINVAL;

	switch (msg->type) {
	case MXA_SIM_MSG_READ_DATA:
		if (!msg->tag)
			return -EINVAL;
		spin_lock_irqsave(&br->lock, flags);
		if (msg->tag > br->next_tag) {
			ret = -EINVAL;
		} else {
			/* A read that gave up is no longer listed. */
			list_for_each_entry(rd, &br->reads, node) {
				if (rd->tag == msg->tag) {
					rd->value = msg->value;
					WRITE_ONCE(rd->done, true);
					break;
				}
			}
		}
		spin_unlock_irqrestore(&br->lock, flags);
		if (!ret)
			wake_up_all(&br->reply_wq);
		return ret;

	case MXA_SIM_MSG_IRQ:
		if (msg->value || msg->tag)
			return -EINVAL;
		spin_lock_irqsave(&br->lock, flags);
		if (br->irq_pending)
			ret = -EINVAL;
		else
			br->irq_pending = true;
		spin_unlock_irqrestore(&br->lock, flags);
		if (!ret)
			queue_work(br->wq, &br->irq_work);
		return ret;
	}
	return -EINVAL;
}

static ssize_t mxa_bridge_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	struct mxa_bridge *br = file->private_data;
	struct mxa_sim_msg msg;
	size_t done = 0;
	int ret = 0;

	if (!count || count % sizeof(msg))
		return -EINVAL;
	while (done < count) {
		if (copy_from_user(&msg, buf + done, sizeof(msg))) {
			ret = -EFAULT;
			break;
		}
		ret = mxa_bridge_take(br, &msg);
		if (ret)
			break;
		done += sizeof(msg);
		cond_resched();
	}
	return done ? done : ret;
}

static ssize_t mxa_bridge_read(struct file *file, char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct mxa_bridge *br = file->private_data;
	unsigned int copied;
	ssize_t ret;

	if (count < sizeof(struct mxa_sim_msg))
		return -EINVAL;
	if (mutex_lock_interruptible(&br->read_lock))
		return -ERESTARTSYS;
	for (;;) {
		if (READ_ONCE(br->broken)) {
			ret = -EOVERFLOW;
			break;
		}
		if (!kfifo_is_empty(&br->msgs)) {
			ret = kfifo_to_user(&br->msgs, buf, count, &copied);
			if (!ret)
				ret = copied;
			break;
		}
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(br->msg_wq,
					       !kfifo_is_empty(&br->msgs) ||
					       READ_ONCE(br->broken));
		if (ret)
			break;
	}
	mutex_unlock(&br->read_lock);
	return ret;
}

static __poll_t mxa_bridge_poll(struct file *file, poll_table *wait)
{
	struct mxa_bridge *br = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &br->msg_wq, wait);
	if (READ_ONCE(br->broken))
		mask |= EPOLLERR;
	else if (!kfifo_is_empty(&br->msgs))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static long mxa_bridge_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	struct mxa_bridge *br = file->private_data;

	switch (cmd) {
	case MXA_SIM_IOCTL_PLUG:
		return mxa_bridge_plug(br, (void __user *)arg);
	case MXA_SIM_IOCTL_DMA:
		return mxa_bridge_dma(br, (void __user *)arg);
	}
	return -ENOTTY;
}

static int mxa_bridge_open(struct inode *inode, struct file *file)
{
	struct mxa_bridge *br;
	int ret;

	br = kzalloc(sizeof(*br), GFP_KERNEL);
	if (!br)
		return -ENOMEM;
	br->bus.ops = &mxa_bridge_bus_ops;
	kref_init(&br->ref);
	spin_lock_init(&br->lock);
	mutex_init(&br->read_lock);
	init_waitqueue_head(&br->msg_wq);
	init_waitqueue_head(&br->reply_wq);
	INIT_LIST_HEAD(&br->reads);
	INIT_WORK(&br->plug_work, mxa_bridge_plug_work);
	INIT_WORK(&br->irq_work, mxa_bridge_irq_work);
	spin_lock_init(&br->space_lock);
	/* Every page number of a 64-bit bus address; the plug narrows it. */
	drm_mm_init(&br->space, 0, 1ULL << (64 - PAGE_SHIFT));

	ret = kfifo_alloc(&br->msgs, MXA_BRIDGE_QUEUE_LEN, GFP_KERNEL);
	if (ret)
		goto err_free;
	br->id = ida_alloc(&mxa_bridge_ida, GFP_KERNEL);
	if (br->id < 0) {
		ret = br->id;
		goto err_fifo;
	}
	br->wq = alloc_ordered_workqueue("mxa-sim.%d", 0, br->id);
	if (!br->wq) {
		ret = -ENOMEM;
		goto err_ida;
	}

	file->private_data = br;
	return stream_open(inode, file);

err_ida:
	ida_free(&mxa_bridge_ida, br->id);
err_fifo:
	kfifo_free(&br->msgs);
err_free:
	kfree(br);
	return ret;
}

/*
 * The daemon has gone, whatever it was doing: the device is unplugged
 * (its clients get -ENODEV from the core), waiting register reads return
 * ~0u, and the bus space stays until the core has returned the last
 * mapping.
 */
static int mxa_bridge_release(struct inode *inode, struct file *file)
{
	struct mxa_bridge *br = file->private_data;
	unsigned long flags;

	spin_lock_irqsave(&br->lock, flags);
	WRITE_ONCE(br->gone, true);
	spin_unlock_irqrestore(&br->lock, flags);
	wake_up_all(&br->reply_wq);

	/* The probe and the interrupt handler see @gone and end. */
	destroy_workqueue(br->wq);
	if (br->pdev)
		platform_device_unregister(br->pdev);

	kfifo_free(&br->msgs);
	ida_free(&mxa_bridge_ida, br->id);
	kref_put(&br->ref, mxa_bridge_free);
	return 0;
}

static const struct file_operations mxa_bridge_fops = {
	.owner = THIS_MODULE,
	.open = mxa_bridge_open,
	.release = mxa_bridge_release,
	.read = mxa_bridge_read,
	.write = mxa_bridge_write,
	.poll = mxa_bridge_poll,
	.unlocked_ioctl = mxa_bridge_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice mxa_bridge_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mxa-sim",
	.fops = &mxa_bridge_fops,
	.mode = 0600,
};

int mxa_bridge_init(void)
{
	int ret;

	ret = platform_driver_register(&mxa_bridge_driver);
	if (ret)
		return ret;
	ret = misc_register(&mxa_bridge_misc);
	if (ret)
		platform_driver_unregister(&mxa_bridge_driver);
	return ret;
}

void mxa_bridge_exit(void)
{
	misc_deregister(&mxa_bridge_misc);
	platform_driver_unregister(&mxa_bridge_driver);
}
