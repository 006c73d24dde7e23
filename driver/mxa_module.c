// SPDX-License-Identifier: GPL-2.0-only
/*
 * mxa_module.c - mxa.ko: the driver of the mxa low-precision matrix
 * accelerator, for boards (the platform driver) and for the Verilated
 * device served by mxa-simd (the simulator bridge, /dev/mxa-sim).
 */
#include <linux/module.h>
#include <linux/platform_device.h>

#include "mxa_bridge.h"
#include "mxa_drv.h"

static int __init mxa_init(void)
{
	int ret;

	ret = platform_driver_register(&mxa_platform_driver);
	if (ret)
		return ret;
	ret = mxa_bridge_init();
	if (ret)
		platform_driver_unregister(&mxa_platform_driver);
	return ret;
}

static void __exit mxa_exit(void)
{
	mxa_bridge_exit();
	platform_driver_unregister(&mxa_platform_driver);
}

module_init(mxa_init);
module_exit(mxa_exit);

MODULE_DESCRIPTION("mxa low-precision matrix accelerator");
MODULE_LICENSE("GPL");
