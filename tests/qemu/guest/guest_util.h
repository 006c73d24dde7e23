/* SPDX-License-Identifier: MIT */
/*
 * guest_util.h - what the programs of a QEMU test guest share: where the
 * guest keeps mxa.ko and mxa-simd, loading and unloading the module,
 * starting and stopping the daemon, finding the device node by driver name,
 * the uAPI calls as functions returning 0 or -errno, and watching the
 * kernel log.
 *
 * Every function returning int returns 0 (or a file descriptor, a pid) on
 * success and a negative errno value on failure.
 */
#ifndef MXA_GUEST_UTIL_H
#define MXA_GUEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mxa_hw.h"
#include "uapi/drm/mxa_accel.h"

/* Register NAME (ID, VERSION, CAP_...) of a struct drm_mxa_device_info. */
#define G_CAP(info, NAME)	((info)->caps[MXA_CAPIDX_##NAME])

/* Where the initramfs (tests/qemu/mkinitramfs.sh) puts things. */
#define G_MXA_KO	"/opt/mxa/mxa.ko"
#define G_SIMD		"/opt/mxa/bin/mxa-simd"
#define G_SIMD_PIDFILE	"/run/mxa-simd.pid"
#define G_SIMD_LOG	"/run/mxa-simd.log"
#define G_BRIDGE_NODE	"/dev/mxa-sim"

/*
 * The board-like guest (run-guest.sh's platform transport): the device is
 * QEMU's model behind a device-tree node, bound by mxa.ko's platform
 * driver; there is no bridge and no mxa-simd. Its platform device and
 * driver in sysfs; the bridge's are "mxa-sim.N" of driver "mxa-sim".
 */
#define G_PLATFORM_DRIVER	"/sys/bus/platform/drivers/mxa"
#define G_BRIDGE_DRIVER		"/sys/bus/platform/drivers/mxa-sim"

/* How long the daemon may take to bring its device up under TCG. */
#define G_DEVICE_WAIT_MS	60000

/* ---------------------------------------------------------------- module */

/* 1 in the board-like guest: the kernel command line has
 * mxa_transport=platform. */
int g_platform(void);

/* 1 when mxa.ko is loaded. */
int g_module_loaded(void);
/* Loads G_MXA_KO (finit_module) and waits for G_BRIDGE_NODE, or in the
 * board-like guest for the device node. */
int g_module_load(void);
/* Unloads mxa.ko without waiting: -EBUSY while anything holds it. */
int g_module_unload(void);

/* ---------------------------------------------------------------- daemon */

/*
 * Starts mxa-simd in a session of its own (so that the end of a test's
 * process group does not end it), its output appended to G_SIMD_LOG, its
 * pid in G_SIMD_PIDFILE, @option (one of its options, or NULL) on its
 * command line. Returns the pid.
 */
pid_t g_simd_start(const char *option);
/* The running daemon's pid, or -ESRCH. */
pid_t g_simd_pid(void);
/*
 * Sends @sig to the daemon and waits up to @wait_ms for every thread of it
 * to have exited: its files, /dev/mxa-sim among them, are closed then.
 */
int g_simd_kill(int sig, int wait_ms);

/* ---------------------------------------------------------------- device */

/*
 * Opens the first node of the mxa driver (render nodes, then accel nodes),
 * waiting up to @wait_ms for one to appear; its path goes to @path. Returns
 * the file descriptor or -ENODEV.
 */
int g_device_open(char *path, size_t path_size, int wait_ms);
/* Waits up to @wait_ms until no mxa node is left: 0 or -ETIMEDOUT. */
int g_device_wait_gone(int wait_ms);
/* Makes sure mxa.ko is loaded and a device is there: behind a daemon,
 * started if need be, or in the board-like guest the platform device. */
int g_device_ensure(void);
/*
 * The device's debugfs directory (where DRM's "name" file names the mxa
 * driver) into @dir: /sys/kernel/debug/dri/... or .../accel/...
 */
int g_debugfs_dir(char *dir, size_t size);
/*
 * The platform device of the transport and its driver's sysfs directory
 * (G_PLATFORM_DRIVER or G_BRIDGE_DRIVER), for unbind and bind.
 */
int g_transport_device(char *name, size_t size, const char **driver_dir);
/*
 * In the board-like guest: maps @size bytes at @offset from the start of
 * the device-tree device's register window through /dev/mem (its unit
 * address is the start of its platform device's name). Returns the
 * mapping, or NULL having said why.
 */
volatile uint32_t *g_platform_map(uint64_t offset, size_t size);
/* Sets TEST.STALL of the simulated device through debugfs mxa/test_stall. */
int g_test_stall(int on);

/* ---------------------------------------------------------------- uAPI */

/* ioctl() returning 0 or -errno, restarted after EINTR and EAGAIN. */
int g_ioctl(int fd, unsigned long request, void *arg);
int g_query(int fd, struct drm_mxa_device_info *info);
int g_bo_create(int fd, uint64_t size, uint32_t flags, uint32_t *handle,
		uint64_t *dev_addr);
/* Maps @size bytes of a buffer; NULL with errno set on failure. */
void *g_bo_map(int fd, uint32_t handle, size_t size);
int g_bo_close(int fd, uint32_t handle);
/* Submits @count jobs on the buffers @bos; @out_sync 0 for none. */
int g_submit(int fd, const struct drm_mxa_job *jobs, uint32_t count,
	     const uint32_t *bos, uint32_t bo_count, const uint32_t *in_syncs,
	     uint32_t in_count, uint32_t out_sync);
/*
 * Waits for a syncobj's fence up to @timeout_ms and returns its status:
 * 0 signalled without error, the fence's error (-EFAULT, -EIO, -ETIMEDOUT,
 * -ENODEV, ...), or -ETIME when it did not signal in time.
 */
int g_sync_wait(int fd, uint32_t syncobj, int timeout_ms);
/*
 * A sync file of a syncobj's fence, and the same wait on one: a sync file
 * outlives the device (after an unplug every ioctl of its DRM files
 * answers -ENODEV, syncobj waits included).
 */
int g_sync_file(int fd, uint32_t syncobj);
int g_sync_file_wait(int sf, int timeout_ms);

/* ---------------------------------------------------------------- misc */

uint64_t g_now_ns(void);
void g_sleep_ms(int ms);

/*
 * Kernel log watch: g_klog_open() starts reading /dev/kmsg at its end;
 * g_klog_check() prints each line logged since that holds a forbidden
 * string (WARNING:, BUG:, Oops, ...) and returns how many did.
 */
int g_klog_open(void);
int g_klog_check(int fd, const char *when);

#endif /* MXA_GUEST_UTIL_H */
