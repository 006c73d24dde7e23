/* SPDX-License-Identifier: MIT */
/*
 * mxa_priv.h - declarations shared inside libmxa. Internal names use the
 * mxa__ prefix and are never exported (see libmxa.map).
 */
#ifndef MXA_PRIV_H
#define MXA_PRIV_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

#include "mxa.h"

#define MXA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MXA_EXPORT __attribute__((visibility("default")))

/* ---------------------------------------------------------------- errors */

/*
 * Records a detail message for the calling thread and returns -err, so a
 * failure reads: return mxa__error(EINVAL, "bad K %u", k);
 */
int mxa__error(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mxa__clear_error(void);

/* ---------------------------------------------------------------- formats */

/* Scale decode results. */
int mxa__is_elem_format(enum mxa_format fmt);

/*
 * Value of an element code as an integer multiple of 2^lsb_exp: every
 * finite element value of a format is code_int(x) * 2^lsb(fmt). The integer
 * needs 64 bits: the largest e5m2 value is 7 x 2^29 units. Special codes
 * (NaN, inf) are flagged in *special: 0 finite, 1 +inf, -1 -inf, 2 NaN, with
 * *value 0. Returns -EINVAL for an invalid code or a non-element format.
 */
int mxa__elem_int(enum mxa_format fmt, uint8_t code, int64_t *value,
		  int *special);
/*
 * Exponent of the unit of mxa__elem_int() for a format (scaled int8: -6);
 * INT_MIN for a format that is not an element format.
 */
int mxa__elem_lsb(enum mxa_format fmt, int scaled);

/* ---------------------------------------------------------------- jobs */

/*
 * A validated job with every operand resolved to a host pointer and a byte
 * stride: what the emulator computes from, and what the sim backend copies
 * into device memory.
 */
struct mxa__mat {
	const uint8_t *ptr;
	size_t stride;		/* bytes between rows */
};

struct mxa__job {
	const struct mxa_matmul *desc;
	struct mxa__mat a, b, a_scale, b_scale, c;	/* c.ptr NULL: no C */
	uint8_t *d;
	size_t d_stride;
};

/* Fills the packed-row defaults: stride of a row of n elements of fmt. */
size_t mxa__row_bytes(enum mxa_format fmt, size_t n);

/* The emulator: computes job->d from the operands. Codes are checked. */
int mxa__emu_matmul(const struct mxa__job *job);

/* ---------------------------------------------------------------- backends */

struct mxa_backend_ops {
	const char *name;
	int (*open)(struct mxa_device *dev, const char *options);
	void (*close)(struct mxa_device *dev);
	int (*buffer_new)(struct mxa_device *dev, struct mxa_buffer *buf);
	void (*buffer_del)(struct mxa_device *dev, struct mxa_buffer *buf);
	int (*submit)(struct mxa_device *dev, const struct mxa__job *job,
		      struct mxa_fence *fence);
	int (*wait)(struct mxa_device *dev, struct mxa_fence *fence,
		    int64_t timeout_ns);
};

struct mxa_device {
	const struct mxa_backend_ops *ops;
	struct mxa_device_info info;
	void *priv;		/* backend state */
};

struct mxa_buffer {
	struct mxa_device *dev;
	void *map;
	size_t size;
	uint64_t dev_addr;	/* device virtual address (sim, drm) */
	void *priv;
};

struct mxa_fence {
	struct mxa_device *dev;
	int status;		/* 0 done, -errno failed, 1 pending */
	uint64_t seqno;
	struct mxa_job_stats stats;	/* set by the backend when it ends */
	void *priv;
};

extern const struct mxa_backend_ops mxa__emu_backend;

#endif /* MXA_PRIV_H */
