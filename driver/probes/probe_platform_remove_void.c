// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* platform_driver.remove returns void. */
#include <linux/platform_device.h>

static void mxa_probe_remove(struct platform_device *pdev)
{
}

struct platform_driver mxa_probe_driver = {
	.remove = mxa_probe_remove,
};
