/* SPDX-License-Identifier: MIT */
/*
 * npy.h - NumPy .npy files (format versions 1.0, 2.0 and 3.0): the arrays
 * the mxa tool reads and writes, with the dtypes it needs.
 */
#ifndef MXA_NPY_H
#define MXA_NPY_H

#include <stddef.h>

/* NumPy's own limit on dimensions. */
#define NPY_MAX_DIMS 64

/* Bits of a mask of acceptable dtypes, by enum npy_dtype. */
enum npy_dtype {
	NPY_F32 = 0,		/* '<f4' / '>f4': float32 */
	NPY_U8 = 1,		/* '|u1': uint8 */
	NPY_I8 = 2,		/* '|i1': int8 */
};

#define NPY_MASK(t) (1u << (t))

/*
 * An array in memory: C order whatever the file's order, float32 values in
 * host byte order, one byte per uint8/int8 element.
 */
struct npy_array {
	enum npy_dtype dtype;
	unsigned ndim;
	size_t shape[NPY_MAX_DIMS];
	size_t count;		/* product of the shape (1 for ndim 0) */
	void *data;
};

/*
 * npy_read() - reads the whole of @path.
 * @dtypes: mask of the dtypes accepted; any other is an error naming them.
 * @why: on failure, receives the reason (one line, without the path).
 * Returns 0, or -1 with @why filled and nothing to free.
 */
int npy_read(const char *path, unsigned dtypes, struct npy_array *arr,
	     char *why, size_t why_size);

/*
 * npy_write() - writes an array in C order, byte for byte as NumPy's
 * np.save would (format 1.0, which every header of up to 64 dimensions
 * fits). The file appears at @path only complete: it is written to a
 * temporary file beside @path and renamed into place, so a failure leaves
 * @path as it was. A symbolic link at @path stays and its target is
 * replaced; anything else that is not a regular file (a directory, a
 * device, a FIFO) is refused.
 * Returns 0, or -1 with @why filled.
 */
int npy_write(const char *path, enum npy_dtype dtype, unsigned ndim,
	      const size_t *shape, const void *data, char *why,
	      size_t why_size);

void npy_free(struct npy_array *arr);

#endif /* MXA_NPY_H */
