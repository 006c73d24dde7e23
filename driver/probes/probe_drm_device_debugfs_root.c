// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* drm_device has its own debugfs directory (accel devices have no other). */
#include <drm/drm_device.h>

struct dentry *mxa_probe(struct drm_device *drm);
struct dentry *mxa_probe(struct drm_device *drm)
{
	return drm->debugfs_root;
}
