// SPDX-License-Identifier: MIT
/*
 * emu_buffers.c - the working buffers of the emulator's paths (packed
 * panels, tiles of D, flags), allocated and freed as one list, so that a
 * path names each buffer once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

/* Stores @p in the pointer at b->ptr, whatever its pointed-to type. */
static void set_ptr(const struct mxa__emu_buf *b, void *p)
{
	memcpy(b->ptr, &p, sizeof(p));
}

static void *get_ptr(const struct mxa__emu_buf *b)
{
	void *p;

	memcpy(&p, b->ptr, sizeof(p));
	return p;
}

int mxa__emu_bufs_alloc(const struct mxa__emu_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		set_ptr(&b[i], NULL);
	for (size_t i = 0; i < n; i++) {
		/* aligned_alloc wants a multiple of the alignment */
		size_t size = mxa__round_up(b[i].size ? b[i].size : 1, 64);
		void *p = aligned_alloc(64, size);

		if (!p) {
			mxa__emu_bufs_free(b, n);
			return mxa__error(ENOMEM, "matmul: out of memory");
		}
		if (b[i].zero)
			memset(p, 0, size);
		set_ptr(&b[i], p);
	}
	return 0;
}

void mxa__emu_bufs_free(const struct mxa__emu_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(get_ptr(&b[i]));
		set_ptr(&b[i], NULL);
	}
}
