// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_guards.c - deliberate bugs, one of each class the debug kernel's
 * checkers report, so that a test can show that each checker fires and
 * that the guest runner fails a run on its report (test_guards.sh,
 * tests/qemu/test_qemu_arm64_debug_guards.sh). Built only for the debug
 * kernel, loaded only by that test, never part of mxa.ko.
 *
 * Writing a class's name to /sys/kernel/debug/mxa_guards/trigger commits
 * its bug once:
 *   lockdep       two mutexes taken in both orders;
 *   atomic-sleep  might_sleep() under a spinlock;
 *   ubsan         a shift by more than the type's width;
 *   debugobjects  an armed timer freed;
 *   dma-api       a streaming mapping unmapped with the wrong size;
 *   hung-task     five seconds in uninterruptible sleep (the test lowers
 *                 the detector's limit to one second);
 *   soft-lockup   five seconds of busy waiting with preemption off (the
 *                 test lowers the detector's limit to two seconds);
 *   kasan         a read of freed memory;
 *   kmemleak      allocations whose last pointers are dropped.
 * Each is harmless to the kernel's state: the reads and writes stay inside
 * memory the module owns, and the kernel fixes up the armed timer.
 */
#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/uaccess.h>

static DEFINE_MUTEX(guard_a);
static DEFINE_MUTEX(guard_b);
static DEFINE_SPINLOCK(guard_spin);
static struct dentry *guards_dir;
static struct platform_device *guards_pdev;

static void guard_lockdep(void)
{
	mutex_lock(&guard_a);
	mutex_lock(&guard_b);
	mutex_unlock(&guard_b);
	mutex_unlock(&guard_a);
	/* The other order: lockdep reports the cycle before it could bite. */
	mutex_lock(&guard_b);
	mutex_lock(&guard_a);
	mutex_unlock(&guard_a);
	mutex_unlock(&guard_b);
}

static void guard_atomic_sleep(void)
{
	spin_lock(&guard_spin);
	might_sleep();
	spin_unlock(&guard_spin);
}

static void guard_ubsan(void)
{
	unsigned int amount = 40;
	int value = 1;

	/* The compiler must not see the shift's amount, nor warn of it. */
	OPTIMIZER_HIDE_VAR(amount);
	value <<= amount;
	pr_info("mxa_guards: 1 << %u = %d\n", amount, value);
}

static void guard_timer_fn(struct timer_list *t)
{
}

static int guard_debugobjects(void)
{
	struct timer_list *t = kmalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	timer_setup(t, guard_timer_fn, 0);
	mod_timer(t, jiffies + 3600 * HZ);
	/* Freed while armed: debug objects deactivate it, and report. */
	kfree(t);
	return 0;
}

static int guard_dma_api(void)
{
	struct device *dev = &guards_pdev->dev;
	void *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t addr;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	addr = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, addr))
		ret = -EIO;
	else
		dma_unmap_single(dev, addr, 32, DMA_TO_DEVICE);
	kfree(buf);
	return ret;
}

/* The watchdog's per-CPU work cannot run here while this CPU spins. */
static void guard_soft_lockup(void)
{
	preempt_disable();
	mdelay(5000);
	preempt_enable();
}

static int guard_kasan(void)
{
	u8 *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 64);
	kfree(p);
	pr_info("mxa_guards: freed byte reads %#x\n", READ_ONCE(p[8]));
	return 0;
}

/* Overwrites what the calls before it left below the caller's frame. */
static noinline void guard_scrub_stack(void)
{
	u8 buf[512];

	memzero_explicit(buf, sizeof(buf));
}

/*
 * Four of them: a stale copy of a dropped pointer can outlive the call (in
 * the stack of a task that exited, which the kernel keeps for the next
 * one) and hide its block from the scan. Each allocation overwrites the
 * copies of the one before, and the scrub those of the last.
 */
static int guard_kmemleak(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		u8 *p = kmalloc(128, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		/* Not all zeros, so that nothing mistakes it for a free block. */
		memset(p, 0xa5, 128);
	}
	guard_scrub_stack();
	return 0;
}

static ssize_t guards_trigger(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	char name[32];
	int ret = 0;

	if (len >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, ubuf, len))
		return -EFAULT;
	name[len] = '\0';
	strim(name);

	if (!strcmp(name, "lockdep"))
		guard_lockdep();
	else if (!strcmp(name, "atomic-sleep"))
		guard_atomic_sleep();
	else if (!strcmp(name, "ubsan"))
		guard_ubsan();
	else if (!strcmp(name, "debugobjects"))
		ret = guard_debugobjects();
	else if (!strcmp(name, "dma-api"))
		ret = guard_dma_api();
	else if (!strcmp(name, "hung-task"))
		ssleep(5);
	else if (!strcmp(name, "soft-lockup"))
		guard_soft_lockup();
	else if (!strcmp(name, "kasan"))
		ret = guard_kasan();
	else if (!strcmp(name, "kmemleak"))
		ret = guard_kmemleak();
	else
		ret = -EINVAL;
	return ret ? ret : len;
}

static const struct file_operations guards_fops = {
	.owner = THIS_MODULE,
	.write = guards_trigger,
};

static int __init guards_init(void)
{
	int ret;

	/* A device of its own for the DMA API (platform devices have masks). */
	guards_pdev = platform_device_register_simple("mxa-guards",
						      PLATFORM_DEVID_NONE,
						      NULL, 0);
	if (IS_ERR(guards_pdev))
		return PTR_ERR(guards_pdev);
	ret = dma_set_mask_and_coherent(&guards_pdev->dev, DMA_BIT_MASK(32));
	if (ret) {
		platform_device_unregister(guards_pdev);
		return ret;
	}
	guards_dir = debugfs_create_dir("mxa_guards", NULL);
	debugfs_create_file("trigger", 0200, guards_dir, NULL, &guards_fops);
	return 0;
}

static void __exit guards_exit(void)
{
	debugfs_remove_recursive(guards_dir);
	platform_device_unregister(guards_pdev);
}

module_init(guards_init);
module_exit(guards_exit);
MODULE_DESCRIPTION("Deliberate bugs that the debug kernel's checkers must report");
MODULE_LICENSE("GPL");
