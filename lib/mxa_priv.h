/* SPDX-License-Identifier: MIT */
/*
 * mxa_priv.h - declarations shared inside libmxa. Internal names use the
 * mxa__ prefix and are never exported (see libmxa.map).
 */
#ifndef MXA_PRIV_H
#define MXA_PRIV_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stddef.h>

#include "mxa.h"
#include "mxa_hw.h"
#include "mxa_job_rules.h"

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

/*
 * Largest value of an element format as block scaling sees it (scaled
 * integers: MXINT8 is code x 2^-6) in @maxv, and its exponent
 * floor(log2(maxv)) in @emax. -EINVAL for a format that is no element.
 */
int mxa__elem_range(enum mxa_format fmt, float *maxv, int *emax);

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
	struct mxa_job_params p;	/* the descriptor's fields, defaults set */
	unsigned block;		/* block size along K: p.block or the mode's */
	struct mxa__mat a, b, a_scale, b_scale, c;	/* c.ptr NULL: no C */
	uint8_t *d;
	size_t d_stride;
};

/*
 * mxa__job_params() - sets @rj->desc to @job and @rj->p, @rj->block to the
 * job as a descriptor states it: the TRUNC W and N of acc_bits and
 * acc_interval 0 filled in, per-tensor scales as binary32 bits, the block
 * size resolved.
 */
void mxa__job_params(const struct mxa_matmul *job, struct mxa__job *rj);

/* Bits of one value of a format (32 for FP32), 0 for an unknown one. */
unsigned mxa__format_bits(enum mxa_format fmt);

/*
 * mxa__code_layout() - what packing needs of a format with codes: returns
 * its bits per code (0 for a format without codes: BF16, FP32, unknown
 * values) and sets @invalid_high to the bits no valid code has set (those
 * above the width, or the unused sign bit of UE4M3) and @invalid_code to
 * the one invalid code within the width (ternary 0b10), or -1.
 */
int mxa__code_layout(enum mxa_format fmt, uint8_t *invalid_high,
		     int *invalid_code);

/*
 * Bytes of a packed row of n elements of fmt (the default stride), 0 for
 * an unknown format or a size that does not fit size_t.
 */
size_t mxa__row_bytes(enum mxa_format fmt, size_t n);

/*
 * Elements @first … @first + @count - 1 of the packed row at @row, one code
 * per byte (mxa_unpack() of a row that starts at any element). @fmt has a
 * packed layout.
 */
void mxa__unpack_row(enum mxa_format fmt, const uint8_t *row, size_t first,
		     size_t count, uint8_t *codes);

/*
 * The binary32 bits of a per-tensor scale as a device descriptor holds
 * them: 0 for none, whatever the sign of the zero.
 */
uint32_t mxa__tensor_scale_bits(float scale);

/* The emulator: computes job->d from the operands. Codes are checked. */
int mxa__emu_matmul(const struct mxa__job *job);

/* ---------------------------------------------------------------- hardware */

/*
 * The identification and capability registers of an mxa device
 * (docs/hw-interface.md, section 4): read from the registers by the sim
 * backend, reported by the kernel (struct drm_mxa_device_info) to the drm
 * backend.
 */
struct mxa__hw_regs {
	uint32_t cap[MXA_CAPIDX_COUNT];
};

/* The register NAME (ID, VERSION, CAP_...) of a struct mxa__hw_regs. */
#define MXA__CAP(regs, NAME) ((regs)->cap[MXA_CAPIDX_##NAME])

/*
 * mxa__hw_caps_decode() - the probe of docs/hw-interface.md 3.1: checks ID
 * and VERSION, then fills every field of @info but backend and name from
 * the CAP_* registers (formats and modes this library does not know are
 * left out). Returns 0; -ENODEV when ID is not an mxa device; -ENOTSUP for
 * a major version other than MXA_HW_VERSION_MAJOR (the message names both)
 * or for capabilities this library cannot drive (a job limit of 0 among
 * them: the parts of a split job would be empty).
 */
int mxa__hw_caps_decode(const struct mxa__hw_regs *regs,
			struct mxa_device_info *info);

/* ---------------------------------------------------------------- backends */

/*
 * A backend. fence_del, optional, hears of a fence deleted while its job
 * is still pending, so that the job's end no longer refers to it.
 */
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
	void (*fence_del)(struct mxa_device *dev, struct mxa_fence *fence);
};

/*
 * A device lives while its handle is open or a buffer of it exists: after
 * close, buffer_del comes for the buffers still there and frees only what
 * is theirs.
 */
struct mxa_device {
	const struct mxa_backend_ops *ops;
	struct mxa_device_info info;
	void *priv;		/* backend state */
	atomic_uint refs;	/* the open handle and each buffer */
};

struct mxa_buffer {
	struct mxa_device *dev;
	void *map;
	size_t size;
	uint64_t dev_addr;	/* device virtual address (sim, drm) */
	void *priv;
};

/*
 * A job's fence. A backend that ends a job after its submission returned
 * sets status and stats, and for a failure the detail message in error:
 * mxa_fence_wait() reports it to the thread that waits.
 */
struct mxa_fence {
	struct mxa_device *dev;
	int status;		/* 0 done, -errno failed, 1 pending */
	uint64_t seqno;
	struct mxa_job_stats stats;	/* set by the backend when it ends */
	char error[256];	/* why it failed, when status < 0 */
	void *priv;
	struct mxa__split *split;	/* the parts of a split job, or NULL */
};

/*
 * mxa__resolve_job() - checks @job (the rules of splitting included for a
 * job beyond the device's limits) and resolves its operands into @rj:
 * mxa_matmul_validate().
 */
int mxa__resolve_job(struct mxa_device *dev, const struct mxa_matmul *job,
		     struct mxa__job *rj);
/* Hands a resolved job that fits the device to its backend. */
int mxa__submit_resolved(struct mxa_device *dev, const struct mxa__job *rj,
			 struct mxa_fence *fence);

/* ---------------------------------------------------------------- split.c */

/* Whether @job exceeds the device's max_m, max_n or max_k. */
int mxa__split_needed(const struct mxa_device_info *info,
		      const struct mxa_matmul *job);
/*
 * What a job beyond the limits must obey besides the job rules: a K beyond
 * max_k needs fp32 or trunc accumulation and chunks of K that fit (block or
 * trunc interval, whole bytes of both packings); else -EINVAL naming them.
 */
int mxa__split_check(const struct mxa_device_info *info,
		     const struct mxa_matmul *job,
		     const struct mxa_job_params *p, unsigned block);
/*
 * Submits a validated job beyond the limits as parts that fit; @fence
 * (dev set, status 1) covers them all.
 */
int mxa__split_submit(struct mxa_device *dev, const struct mxa_matmul *job,
		      struct mxa_fence *fence);
/* mxa_fence_wait() and mxa_fence_del() of such a fence. */
int mxa__split_wait(struct mxa_fence *fence, int64_t timeout_ns);
void mxa__split_del(struct mxa_fence *fence);
/*
 * Lowers a device's max_m, max_n and max_k (for tests of splitting on a
 * device whose limits are large); -EINVAL for a raise or a 0.
 */
int mxa__device_set_limits(struct mxa_device *dev, uint32_t max_m,
			   uint32_t max_n, uint32_t max_k);

/*
 * mxa__hw_record_end() - ends @fence from the completion record of its job
 * (little-endian, as the device wrote it): statistics from its counters,
 * status and message from its status (MMU faults -EFAULT naming stream and
 * address, INVALID_CODE -EINVAL as on emu, ABORTED -ECANCELED, the rest
 * -EIO naming the status). Returns 0, or -ENOENT with @fence untouched
 * when the record was never written (its SEQ is 0).
 */
struct mxa_hw_cmpl;
int mxa__hw_record_end(struct mxa_fence *fence,
		       const struct mxa_hw_cmpl *rec);

extern const struct mxa_backend_ops mxa__emu_backend;
extern const struct mxa_backend_ops mxa__sim_backend;

/*
 * The sim device's level-0 page-table entry that maps byte @offset of
 * @buf, for tests that make the device fault; NULL for a buffer of another
 * backend or an offset outside it.
 */
uint64_t *mxa__sim_buffer_pte(struct mxa_buffer *buf, uint64_t offset);
/* A register write to the sim device behind the backend's back, for tests
 * of how it recovers (a doorbell that halts it, say). */
int mxa__sim_reg_write(struct mxa_device *dev, uint32_t offset, uint32_t value);
extern const struct mxa_backend_ops mxa__drm_backend;

#endif /* MXA_PRIV_H */
