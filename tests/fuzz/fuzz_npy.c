// SPDX-License-Identifier: MIT
/*
 * fuzz_npy.c - the .npy reader (lib/tool/npy.c) on arbitrary files.
 *
 * The input is the whole file, held in a memfd and read through its
 * /proc/self/fd path, so nothing touches the file system. Besides the
 * sanitizers' checks, a file the reader accepts must make sense: the
 * dtype is one asked for, the element count is the product of the shape,
 * the elements are the file's last bytes (as a multiset: order and byte
 * order are the reader's to change), and a mask without that dtype
 * refuses the same file; a refusal gives a one-line reason.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "npy.h"

static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("npy", 0);
	if (memfd < 0)
		abort();
	snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	return 0;
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static uint32_t bswap_if(uint32_t v, int swap)
{
	return swap ? __builtin_bswap32(v) : v;
}

/*
 * Whether the @count items of @item bytes at @data are those of @tail
 * in some order, with float32 items taken in either byte order.
 */
static int same_items(const uint8_t *data, const uint8_t *tail, size_t count,
		      size_t item)
{
	uint32_t *a = malloc(count * sizeof(*a) + 1);
	uint32_t *b = malloc(count * sizeof(*b) + 1);
	int same = 0;

	if (!a || !b)
		abort();
	for (int swap = 0; swap < 2 && !same; swap++) {
		for (size_t i = 0; i < count; i++) {
			uint32_t u = 0, v = 0;

			memcpy(&u, data + i * item, item);
			memcpy(&v, tail + i * item, item);
			a[i] = u;
			b[i] = item == 4 ? bswap_if(v, swap) : v;
		}
		qsort(a, count, sizeof(*a), cmp_u32);
		qsort(b, count, sizeof(*b), cmp_u32);
		same = !memcmp(a, b, count * sizeof(*a));
	}
	free(a);
	free(b);
	return same;
}

static void check_reason(const char *why)
{
	FZ_CHECK(why[0], "a refusal without a reason");
	FZ_CHECK(!strchr(why, '\n'), "a reason of more than one line: %s", why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned all = NPY_MASK(NPY_F32) | NPY_MASK(NPY_U8) |
			     NPY_MASK(NPY_I8);
	struct npy_array arr, again;
	char why[512];
	size_t count = 1, item;

	if (ftruncate(memfd, 0) || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	why[0] = '\0';
	if (npy_read(memfd_path, all, &arr, why, sizeof(why))) {
		check_reason(why);
		FZ_CHECK(!arr.data, "a refusal left data to free");
		return 0;
	}

	FZ_CHECK(arr.dtype <= NPY_I8, "dtype %d", (int)arr.dtype);
	FZ_CHECK(arr.ndim <= NPY_MAX_DIMS, "ndim %u", arr.ndim);
	for (unsigned d = 0; d < arr.ndim; d++)
		FZ_CHECK(!__builtin_mul_overflow(count, arr.shape[d], &count),
			 "the shape's product overflows");
	FZ_CHECK(arr.count == count, "count %zu, shape product %zu",
		 arr.count, count);
	FZ_CHECK(arr.data, "no data");
	item = arr.dtype == NPY_F32 ? 4 : 1;
	/* Magic, version and header length come first: 10 bytes at least. */
	FZ_CHECK(count * item + 10 <= size,
		 "%zu elements of %zu bytes from a file of %zu", count, item,
		 size);
	FZ_CHECK(same_items(arr.data, data + size - count * item, count, item),
		 "the elements are not the file's last %zu bytes",
		 count * item);

	/* The same file with its dtype not accepted is refused. */
	why[0] = '\0';
	FZ_CHECK(npy_read(memfd_path, all & ~NPY_MASK(arr.dtype), &again, why,
			  sizeof(why)) == -1,
		 "dtype %d read when not accepted", (int)arr.dtype);
	check_reason(why);
	FZ_CHECK(strstr(why, "expected"), "the refusal names no dtype: %s", why);
	npy_free(&arr);
	return 0;
}
