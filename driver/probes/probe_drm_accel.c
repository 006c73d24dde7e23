// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* The accel subsystem: DRIVER_COMPUTE_ACCEL and its file operations. */
#include <linux/module.h>
#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>

DEFINE_DRM_ACCEL_FOPS(mxa_probe_fops);

const struct drm_driver mxa_probe_driver = {
	.driver_features = DRIVER_GEM | DRIVER_COMPUTE_ACCEL,
	.fops = &mxa_probe_fops,
};
