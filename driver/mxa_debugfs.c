// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_debugfs.c - the device's state for people and tests, in the mxa
 * directory of its DRM debugfs directory (dri/<minor>/mxa on kernels
 * without the accel subsystem, accel/<minor>/mxa with it):
 *   state       every register, and the ring as the driver sees it;
 *   stats       job counters and the last fault;
 *   clients     the open files, each with the process that opened it (DRM's
 *               own "clients" file is missing where the device is an accel
 *               node);
 *   test_stall  TEST.STALL (simulated devices only): 1 makes the job in
 *               progress hang, so that tests can reach the time-out.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <drm/drm_drv.h>

#include "mxa_compat.h"
#include "mxa_drv.h"

#define MXA_REG_NAME(name)	{ #name, MXA_REG_##name },

static const struct {
	const char *name;
	u32 offset;
} mxa_regs[] = {
	MXA_REG_LIST(MXA_REG_NAME)
};

static int mxa_state_show(struct seq_file *m, void *unused)
{
	struct mxa_device *mdev = m->private;
	struct mxa_ring *ring = &mdev->ring;
	struct mxa_job *job;
	unsigned int i, jobs = 0;
	int idx;

	if (drm_dev_enter(mdev->drm, &idx)) {
		for (i = 0; i < ARRAY_SIZE(mxa_regs); i++)
			seq_printf(m, "%-24s 0x%08x\n", mxa_regs[i].name,
				   mxa_read(mdev, mxa_regs[i].offset));
		drm_dev_exit(idx);
	} else {
		seq_puts(m, "device unplugged\n");
	}

	mutex_lock(&ring->lock);
	list_for_each_entry(job, &ring->inflight, link)
		jobs++;
	seq_printf(m, "ring slots %lu tail %u completed %u seq %llu epoch %llu submissions %u%s%s\n",
		   MXA_RING_SLOTS, ring->tail, ring->completed, ring->seq,
		   ring->epoch, jobs, ring->halted ? " halted" : "",
		   ring->dead ? " dead" : "");
	mutex_unlock(&ring->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mxa_state);

static int mxa_stats_show(struct seq_file *m, void *unused)
{
	struct mxa_device *mdev = m->private;
	struct mxa_stats *s = &mdev->stats;
	struct mxa_fault fault;

	seq_printf(m, "submitted %lld\n", atomic64_read(&s->submitted));
	seq_printf(m, "completed %lld\n", atomic64_read(&s->completed));
	seq_printf(m, "faulted %lld\n", atomic64_read(&s->faulted));
	seq_printf(m, "errors %lld\n", atomic64_read(&s->errors));
	seq_printf(m, "timed_out %lld\n", atomic64_read(&s->timed_out));
	seq_printf(m, "resets %lld\n", atomic64_read(&s->resets));

	mutex_lock(&mdev->ring.lock);
	fault = mdev->ring.fault;
	mutex_unlock(&mdev->ring.lock);
	if (fault.valid)
		seq_printf(m, "last_fault status %u stream %u address 0x%llx\n",
			   fault.status, fault.detail, fault.addr);
	else
		seq_puts(m, "last_fault none\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mxa_stats);

static int mxa_test_stall_get(void *data, u64 *val)
{
	struct mxa_device *mdev = data;
	int idx;

	if (!drm_dev_enter(mdev->drm, &idx))
		return -ENODEV;
	*val = MXA_HW_GET(MXA_REG_TEST_STALL, mxa_read(mdev, MXA_REG_TEST));
	drm_dev_exit(idx);
	return 0;
}

static int mxa_test_stall_set(void *data, u64 val)
{
	struct mxa_device *mdev = data;
	int idx;

	if (val > 1)
		return -EINVAL;
	if (!drm_dev_enter(mdev->drm, &idx))
		return -ENODEV;
	mxa_write(mdev, MXA_REG_TEST, MXA_HW_SET(MXA_REG_TEST_STALL, val));
	drm_dev_exit(idx);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(mxa_test_stall_fops, mxa_test_stall_get,
			 mxa_test_stall_set, "%llu\n");

static int mxa_clients_show(struct seq_file *m, void *unused)
{
	struct mxa_device *mdev = m->private;
	struct drm_device *drm = mdev->drm;
	struct drm_file *file;

	seq_printf(m, "%-16s %7s\n", "command", "pid");
	/* DRM lists a file once its open() succeeded, until it is closed. */
	mutex_lock(&drm->filelist_mutex);
	list_for_each_entry(file, &drm->filelist, lhead) {
		const struct mxa_file *mfile = file->driver_priv;

		seq_printf(m, "%-16s %7d\n", mfile->comm, mfile->tgid);
	}
	mutex_unlock(&drm->filelist_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mxa_clients);

void mxa_debugfs_init(struct mxa_device *mdev)
{
	struct dentry *dir;

	dir = debugfs_create_dir("mxa", mxa_debugfs_parent(mdev->drm));
	mdev->debugfs = dir;
	debugfs_create_file("state", 0444, dir, mdev, &mxa_state_fops);
	debugfs_create_file("stats", 0444, dir, mdev, &mxa_stats_fops);
	debugfs_create_file("clients", 0444, dir, mdev, &mxa_clients_fops);
	if (mxa_cap(&mdev->caps, CAP_FLAGS) & MXA_REG_CAP_FLAGS_SIM_MASK)
		debugfs_create_file_unsafe("test_stall", 0600, dir, mdev,
					   &mxa_test_stall_fops);
}

/* Waits for the file operations in progress: none reaches @mdev after. */
void mxa_debugfs_fini(struct mxa_device *mdev)
{
	debugfs_remove(mdev->debugfs);
	mdev->debugfs = NULL;
}
