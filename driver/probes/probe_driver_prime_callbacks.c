// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* drm_driver still has the PRIME callbacks that the core later took over. */
#include <drm/drm_drv.h>
#include <drm/drm_prime.h>

const struct drm_driver mxa_probe_driver = {
	.prime_handle_to_fd = drm_gem_prime_handle_to_fd,
	.prime_fd_to_handle = drm_gem_prime_fd_to_handle,
	.gem_prime_mmap = drm_gem_prime_mmap,
};
