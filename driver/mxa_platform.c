// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_platform.c - the transport of a board: an mxa described by the
 * device tree (compatible "mxa,mxa-1.0", docs/bindings/mxa.yaml), its
 * registers memory-mapped, its memory through the DMA API with the mask
 * the device reports (CAP_MEM.PA_BITS), its interrupt line handled in a
 * threaded handler, where register reads are allowed.
 */
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "mxa_compat.h"
#include "mxa_drv.h"

struct mxa_platform {
	struct mxa_bus bus;
	void __iomem *regs;
	int irq;
	struct mxa_device *mdev;	/* NULL until created */
};

static struct mxa_platform *to_mxa_platform(struct mxa_bus *bus)
{
	return container_of(bus, struct mxa_platform, bus);
}

static u32 mxa_platform_read(struct mxa_bus *bus, u32 offset)
{
	return readl(to_mxa_platform(bus)->regs + offset);
}

/* writel() orders the write after the CPU's writes to memory. */
static void mxa_platform_write(struct mxa_bus *bus, u32 offset, u32 value)
{
	writel(value, to_mxa_platform(bus)->regs + offset);
}

static int mxa_platform_map_sgt(struct mxa_bus *bus, struct sg_table *sgt,
				enum dma_data_direction dir)
{
	return dma_map_sgtable(bus->dev, sgt, dir, 0);
}

static void mxa_platform_unmap_sgt(struct mxa_bus *bus, struct sg_table *sgt,
				   enum dma_data_direction dir)
{
	dma_unmap_sgtable(bus->dev, sgt, dir, 0);
}

static void mxa_platform_sync_for_device(struct mxa_bus *bus,
					 struct sg_table *sgt,
					 enum dma_data_direction dir)
{
	dma_sync_sgtable_for_device(bus->dev, sgt, dir);
}

static void mxa_platform_sync_for_cpu(struct mxa_bus *bus,
				      struct sg_table *sgt,
				      enum dma_data_direction dir)
{
	dma_sync_sgtable_for_cpu(bus->dev, sgt, dir);
}

static void *mxa_platform_alloc_coherent(struct mxa_bus *bus, size_t size,
					 dma_addr_t *bus_addr)
{
	return dma_alloc_coherent(bus->dev, size, bus_addr, GFP_KERNEL);
}

static void mxa_platform_free_coherent(struct mxa_bus *bus, size_t size,
				       void *vaddr, dma_addr_t bus_addr)
{
	dma_free_coherent(bus->dev, size, vaddr, bus_addr);
}

static const struct mxa_bus_ops mxa_platform_ops = {
	.reg_read = mxa_platform_read,
	.reg_write = mxa_platform_write,
	.map_sgt = mxa_platform_map_sgt,
	.unmap_sgt = mxa_platform_unmap_sgt,
	.sync_for_device = mxa_platform_sync_for_device,
	.sync_for_cpu = mxa_platform_sync_for_cpu,
	.alloc_coherent = mxa_platform_alloc_coherent,
	.free_coherent = mxa_platform_free_coherent,
};

static irqreturn_t mxa_platform_irq(int irq, void *data)
{
	struct mxa_platform *p = data;
	struct mxa_device *mdev = READ_ONCE(p->mdev);

	if (!mdev)
		return IRQ_NONE;
	mxa_device_irq(mdev);
	return IRQ_HANDLED;
}

static int mxa_platform_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct mxa_device *mdev;
	struct mxa_platform *p;
	struct resource *res;
	u32 id, pa_bits;
	int ret;

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->bus.ops = &mxa_platform_ops;
	p->bus.dev = dev;
	p->regs = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(p->regs))
		return PTR_ERR(p->regs);
	if (resource_size(res) < MXA_HW_REG_SPACE_SIZE)
		return dev_err_probe(dev, -EINVAL, "register window of %llu bytes, %u needed\n",
				     (u64)resource_size(res),
				     MXA_HW_REG_SPACE_SIZE);

	id = readl(p->regs + MXA_REG_ID);
	if (id != MXA_HW_ID)
		return dev_err_probe(dev, -ENODEV, "no mxa device: ID reads %#x\n",
				     id);
	pa_bits = MXA_HW_GET(MXA_REG_CAP_MEM_PA_BITS,
			     readl(p->regs + MXA_REG_CAP_MEM));
	if (pa_bits <= MXA_HW_PAGE_SHIFT || pa_bits > 64)
		return dev_err_probe(dev, -ENODEV, "CAP_MEM.PA_BITS is %u\n",
				     pa_bits);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(pa_bits));
	if (ret)
		return dev_err_probe(dev, ret, "no DMA with %u address bits\n",
				     pa_bits);
	/*
	 * The device's MMU maps each page by itself, so a segment of a
	 * buffer's scatterlist may be as long as the DMA API makes it (the
	 * default limit of 64 KiB is not the device's; DMA-API debugging
	 * holds mappings to it). A platform device has the parameters.
	 */
	dma_set_max_seg_size(dev, UINT_MAX);

	/* Whatever state it was left in: no interrupt before it is set up. */
	writel(0, p->regs + MXA_REG_INT_ENABLE);
	writel(~0u, p->regs + MXA_REG_INT_STATUS);
	p->irq = platform_get_irq(pdev, 0);
	if (p->irq < 0)
		return p->irq;
	ret = devm_request_threaded_irq(dev, p->irq, NULL, mxa_platform_irq,
					IRQF_ONESHOT, dev_name(dev), p);
	if (ret)
		return dev_err_probe(dev, ret, "cannot have IRQ %d\n", p->irq);

	mdev = mxa_device_create(&p->bus);
	if (IS_ERR(mdev))
		return PTR_ERR(mdev);
	WRITE_ONCE(p->mdev, mdev);
	platform_set_drvdata(pdev, p);
	return 0;
}

static void mxa_platform_remove(struct platform_device *pdev)
{
	struct mxa_platform *p = platform_get_drvdata(pdev);

	/* mxa_device_irq() is not called from here on (see mxa_bus.h). */
	devm_free_irq(&pdev->dev, p->irq, p);
	mxa_device_unplug(p->mdev);
}

static const struct of_device_id mxa_of_match[] = {
	{ .compatible = "mxa,mxa-1.0" },
	{ }
};
MODULE_DEVICE_TABLE(of, mxa_of_match);

struct platform_driver mxa_platform_driver = {
	.probe = mxa_platform_probe,
	MXA_PLATFORM_REMOVE(mxa_platform_remove),
	.driver = {
		.name = "mxa",
		.of_match_table = mxa_of_match,
	},
};
