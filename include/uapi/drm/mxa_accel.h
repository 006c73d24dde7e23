/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * mxa_accel.h - the userspace interface of mxa.ko, the Linux driver of the
 * mxa low-precision matrix accelerator.
 *
 * A client opens the device's node (a DRM render node on kernels without the
 * accel subsystem, /dev/accel/accelN where it exists; both found by the
 * driver name "mxa"), creates buffers, fills them through mmap, and submits
 * matmul jobs whose operands name buffers of its own. Every open file has its
 * own device address space: a job can reach only the buffers of the file that
 * submitted it.
 *
 * Conventions: every structure is 64-bit aligned with no implicit padding;
 * fields named pad or reserved must be zero and flags the kernel does not
 * know are rejected, both with -EINVAL, so that later versions can give them
 * a meaning. Sizes and offsets are in bytes.
 */
#ifndef _UAPI_DRM_MXA_ACCEL_H_
#define _UAPI_DRM_MXA_ACCEL_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/* Version of this interface, reported by DRM_IOCTL_MXA_QUERY. */
#define DRM_MXA_UAPI_MAJOR		2
#define DRM_MXA_UAPI_MINOR		2

#define DRM_MXA_QUERY			0x00
#define DRM_MXA_BO_CREATE		0x01
#define DRM_MXA_BO_MMAP_OFFSET		0x02
#define DRM_MXA_BO_INFO			0x03
#define DRM_MXA_SUBMIT			0x04
#define DRM_MXA_BO_WAIT			0x05

/* ------------------------------------------------------------------ query */

/** DRM_MXA_QUERY_DEVICE: fills struct drm_mxa_device_info. */
#define DRM_MXA_QUERY_DEVICE		0

/**
 * DRM_MXA_DEVICE_SIMULATED: the device is the Verilated model behind
 * the simulator bridge (the hardware's CAP_FLAGS.SIM).
 */
#define DRM_MXA_DEVICE_SIMULATED	(1 << 0)

/**
 * DRM_MXA_CAP_SLOTS: room for the hardware's identification and capability
 * registers in struct drm_mxa_device_info (more than the interface has).
 */
#define DRM_MXA_CAP_SLOTS		64

/**
 * struct drm_mxa_device_info - what DRM_MXA_QUERY_DEVICE returns.
 * @uapi_major: DRM_MXA_UAPI_MAJOR of the running driver.
 * @uapi_minor: DRM_MXA_UAPI_MINOR of the running driver.
 * @flags: DRM_MXA_DEVICE_* bits.
 * @max_jobs: most jobs one DRM_IOCTL_MXA_SUBMIT accepts.
 * @va_size: bytes of device address space each open file has; buffers are
 *	placed in it by the kernel.
 * @max_bo_size: largest buffer DRM_IOCTL_MXA_BO_CREATE accepts.
 * @cap_count: how many entries of @caps the kernel filled.
 * @pad: zero.
 * @caps: the hardware's ID, VERSION and CAP_* registers as read when the
 *	device was probed: @caps[i] is the register with index i in
 *	MXA_REG_CAP_LIST of include/mxa_hw.h (MXA_CAPIDX_<REG>), generated
 *	from the hardware description; entries from @cap_count on are zero.
 *
 * The registers are those of docs/hw-interface.md: userspace decodes them
 * with the same definitions as the hardware (include/mxa_hw.h). A newer
 * interface appends registers to the list, so an older program finds the
 * ones it knows at the same indices.
 */
struct drm_mxa_device_info {
	__u32 uapi_major;
	__u32 uapi_minor;
	__u32 flags;
	__u32 max_jobs;
	__u64 va_size;
	__u64 max_bo_size;
	__u32 cap_count;
	__u32 pad;
	__u32 caps[DRM_MXA_CAP_SLOTS];
};

/**
 * struct drm_mxa_query - argument of DRM_IOCTL_MXA_QUERY.
 * @what: DRM_MXA_QUERY_*.
 * @size: in: bytes at @ptr; out: bytes the kernel wrote. A smaller buffer
 *	than the structure gets its first @size bytes, so that an older
 *	program keeps working with a newer kernel.
 * @ptr: user pointer to the structure @what names.
 */
struct drm_mxa_query {
	__u32 what;
	__u32 size;
	__u64 ptr;
};

/* ---------------------------------------------------------------- buffers */

/**
 * DRM_MXA_BO_READ_ONLY: the device may read the buffer but not write it;
 * a job that writes it ends with a fault.
 */
#define DRM_MXA_BO_READ_ONLY		(1 << 0)

/**
 * struct drm_mxa_bo_create - argument of DRM_IOCTL_MXA_BO_CREATE.
 * @size: in: bytes, at least 1; rounded up to whole pages.
 * @flags: in: DRM_MXA_BO_* bits.
 * @handle: out: GEM handle of the new buffer.
 * @dev_addr: out: the buffer's device address in the file's address space,
 *	page aligned; valid until the handle is closed.
 *
 * The buffer's pages are zeroed, pinned for its lifetime and mapped into
 * the device's page tables of this file only.
 */
struct drm_mxa_bo_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
	__u64 dev_addr;
};

/**
 * struct drm_mxa_bo_mmap_offset - argument of DRM_IOCTL_MXA_BO_MMAP_OFFSET.
 * @handle: in: GEM handle.
 * @pad: must be zero.
 * @offset: out: offset to pass to mmap() on the device's file.
 */
struct drm_mxa_bo_mmap_offset {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

/**
 * struct drm_mxa_bo_info - argument of DRM_IOCTL_MXA_BO_INFO.
 * @handle: in: GEM handle (of a buffer created by this file, or a buffer
 *	of this device imported by PRIME, which maps it into this file's
 *	address space; buffers of other devices cannot be imported).
 * @flags: out: DRM_MXA_BO_* bits.
 * @size: out: size in bytes.
 * @dev_addr: out: device address in the file's address space.
 */
struct drm_mxa_bo_info {
	__u32 handle;
	__u32 flags;
	__u64 size;
	__u64 dev_addr;
};

/**
 * struct drm_mxa_bo_wait - argument of DRM_IOCTL_MXA_BO_WAIT.
 * @handle: in: GEM handle.
 * @pad: must be zero.
 * @timeout_ns: in: absolute CLOCK_MONOTONIC time in nanoseconds at which
 *	to give up with -ETIME; a time in the past polls.
 *
 * Waits until every job that reads or writes the buffer has ended.
 */
struct drm_mxa_bo_wait {
	__u32 handle;
	__u32 pad;
	__s64 timeout_ns;
};

/* ---------------------------------------------------------------- jobs */

/**
 * struct drm_mxa_operand - one matrix of a job.
 * @bo: index into drm_mxa_submit.bos of the buffer holding it.
 * @pad: must be zero.
 * @offset: byte offset of its first row in the buffer.
 * @stride: bytes from one row to the next; at least a packed row, and
 *	below 2^32.
 *
 * The kernel checks that every byte the job touches, from the first row's
 * first byte to the last row's last byte, lies inside the buffer.
 */
struct drm_mxa_operand {
	__u32 bo;
	__u32 pad;
	__u64 offset;
	__u64 stride;
};

/** DRM_MXA_JOB_HAS_C: the job adds C (operand @c is used). */
#define DRM_MXA_JOB_HAS_C		(1 << 0)

/**
 * struct drm_mxa_job - one matmul, D = C + A x B, in the arithmetic of
 * docs/numerics.md and with the fields of the hardware's command
 * descriptor (docs/hw-interface.md, section 5).
 * @m: rows of A, C and D; 1 to CAP_MAX_M.
 * @n: rows of B (columns of D); 1 to CAP_MAX_N.
 * @k: elements per row of A and B; 1 to CAP_MAX_K.
 * @flags: DRM_MXA_JOB_* bits.
 * @a_format: element format of A (the hardware's enum FMT).
 * @b_format: element format of B.
 * @scale_mode: the hardware's enum SCALE; scale operands are used unless
 *	it is NONE.
 * @acc_mode: the hardware's enum ACC.
 * @out_format: FP32 or BF16 (enum FMT).
 * @trunc_w: TRUNC accumulation: bits kept; 0 otherwise.
 * @block_size: MX or NV scale mode: elements of K per scale, a size in the
 *	device's CAP_BLOCK.SIZES, or 0 for the scale mode's standard size
 *	(32 for MX, 16 for NV); 0 without scales.
 * @pad: must be zero.
 * @trunc_n: TRUNC accumulation: promotion interval, a multiple of the
 *	block size; 0 otherwise.
 * @a_tensor_scale: per-tensor scale of A (IEEE binary32 bits), NV scale
 *	mode only; 0 means 1.0.
 * @b_tensor_scale: per-tensor scale of B, as @a_tensor_scale.
 * @pad2: must be zero.
 * @a: A, M rows of K elements.
 * @b: B, N rows of K elements.
 * @a_scale: scales of A, M rows of ceil(K / block) bytes.
 * @b_scale: scales of B, N rows of ceil(K / block) bytes.
 * @c: C, M rows of N FP32 values, with DRM_MXA_JOB_HAS_C.
 * @d: D, M rows of N values of @out_format; in a buffer the device may
 *	write, not overlapping the inputs.
 *
 * Operands a job does not use must be all zero.
 */
struct drm_mxa_job {
	__u32 m;
	__u32 n;
	__u32 k;
	__u32 flags;
	__u8 a_format;
	__u8 b_format;
	__u8 scale_mode;
	__u8 acc_mode;
	__u8 out_format;
	__u8 trunc_w;
	__u8 block_size;
	__u8 pad;
	__u32 trunc_n;
	__u32 a_tensor_scale;
	__u32 b_tensor_scale;
	__u32 pad2;
	struct drm_mxa_operand a;
	struct drm_mxa_operand b;
	struct drm_mxa_operand a_scale;
	struct drm_mxa_operand b_scale;
	struct drm_mxa_operand c;
	struct drm_mxa_operand d;
};

/**
 * DRM_MXA_SUBMIT_RECORDS: the kernel copies each job's completion record
 * into a buffer of the submission (drm_mxa_submit.record_bo and
 * .record_offset): the 64 bytes of struct mxa_hw_cmpl, docs/hw-interface.md
 * section 6, little-endian, as the hardware wrote them, with the job's
 * status, fault address and counters (cycles, bytes read and written,
 * multiply-accumulates, stall cycles). Its SEQ field is the sequence number
 * the kernel gave the job on the ring: never zero, otherwise meaningless
 * to userspace. Every record of a job that ran is written by the time the
 * submission's fence signals, whether the submission succeeded or not.
 * The record of a job that never ended on the hardware (a failed
 * dependency, a job cancelled by a reset or a time-out, a device that went
 * away) is left untouched: userspace that zeroes the records before
 * submitting tells them apart by their SEQ of zero, and falls back to the
 * fence's error. The kernel writes the records with the CPU, so the buffer
 * may be one the device only reads (DRM_MXA_BO_READ_ONLY); it counts as
 * written for implicit synchronisation. Give the records a buffer that no
 * job's D is in: where DMA is not cache-coherent, the cache maintenance
 * that ends a job writing a buffer discards the CPU's writes to it.
 */
#define DRM_MXA_SUBMIT_RECORDS		(1 << 0)

/**
 * struct drm_mxa_submit - argument of DRM_IOCTL_MXA_SUBMIT.
 * @jobs: user pointer to @job_count struct drm_mxa_job, run in order.
 * @job_count: 1 to drm_mxa_device_info.max_jobs.
 * @bo_count: number of handles at @bos, 1 to 64.
 * @bos: user pointer to @bo_count GEM handles (__u32), the buffers the
 *	jobs use; operands name them by index. The submission waits for
 *	earlier jobs that write a buffer it reads, and for every earlier job
 *	using a buffer it writes (implicit synchronisation).
 * @in_syncs: user pointer to @in_sync_count syncobj handles (__u32) whose
 *	fences must signal before the jobs start.
 * @in_sync_count: 0 to 16.
 * @out_sync: syncobj handle that receives the fence of the submission
 *	(signalled when every job has ended, with an error when one failed:
 *	the errno of its completion status in docs/hw-interface.md (-EINVAL
 *	for an invalid code, -EFAULT for an MMU fault, -ECANCELED for an
 *	aborted job, -EIO for another error the hardware reported), or
 *	-ETIMEDOUT for a job the kernel stopped); 0 for none.
 * @flags: DRM_MXA_SUBMIT_* bits.
 * @record_bo: with DRM_MXA_SUBMIT_RECORDS, index into @bos of the buffer
 *	that receives the completion records; zero otherwise.
 * @record_offset: with DRM_MXA_SUBMIT_RECORDS, byte offset in that buffer
 *	of the record of the first job, a multiple of 64; the record of job
 *	i is at @record_offset + 64 x i, and the @job_count records must lie
 *	inside the buffer. Zero otherwise.
 * @job_size: bytes of each job at @jobs: sizeof(struct drm_mxa_job) as the
 *	program was built, DRM_MXA_JOB_SIZE_MIN to DRM_MXA_JOB_SIZE_MAX. The
 *	kernel reads the fields it knows, takes those a shorter struct lacks
 *	as zero, and refuses with -E2BIG a job whose bytes beyond the struct
 *	it knows are not zero; so jobs can grow without breaking programs.
 * @pad: zero.
 * @in_points: (uAPI 2.2) user pointer to @in_sync_count timeline points
 *	(__u64), one per in-sync: point p > 0 waits for the fence of point p
 *	of a timeline syncobj (a point nothing has been submitted for yet is
 *	refused with -EINVAL: there is no wait-before-submit), 0 for the
 *	syncobj's current fence. 0 for none: every in-sync binary. Must be 0
 *	when @in_sync_count is.
 * @out_point: (uAPI 2.2) with @out_sync: the point at which the
 *	submission's fence is added to the timeline syncobj @out_sync; 0
 *	replaces @out_sync's fence (binary). Must be 0 without @out_sync.
 *
 * A program built against uAPI 2.1 passes a struct without @in_points and
 * @out_point: the DRM core reads them as zero.
 *
 * The kernel validates every job before anything reaches the hardware; an
 * invalid job fails the whole call with -EINVAL and runs nothing.
 */
struct drm_mxa_submit {
	__u64 jobs;
	__u32 job_count;
	__u32 bo_count;
	__u64 bos;
	__u64 in_syncs;
	__u32 in_sync_count;
	__u32 out_sync;
	__u32 flags;
	__u32 record_bo;
	__u64 record_offset;
	__u32 job_size;
	__u32 pad;
	__u64 in_points;
	__u64 out_point;
};

/** DRM_MXA_JOB_SIZE_MIN: sizeof(struct drm_mxa_job) of uAPI 2.0. */
#define DRM_MXA_JOB_SIZE_MIN		184
/** DRM_MXA_JOB_SIZE_MAX: the largest @job_size a submission may give. */
#define DRM_MXA_JOB_SIZE_MAX		4096

#define DRM_IOCTL_MXA_QUERY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_MXA_QUERY, struct drm_mxa_query)
#define DRM_IOCTL_MXA_BO_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_MXA_BO_CREATE, struct drm_mxa_bo_create)
#define DRM_IOCTL_MXA_BO_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_MXA_BO_MMAP_OFFSET, \
		 struct drm_mxa_bo_mmap_offset)
#define DRM_IOCTL_MXA_BO_INFO \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_MXA_BO_INFO, struct drm_mxa_bo_info)
#define DRM_IOCTL_MXA_SUBMIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_MXA_SUBMIT, struct drm_mxa_submit)
#define DRM_IOCTL_MXA_BO_WAIT \
	DRM_IOW(DRM_COMMAND_BASE + DRM_MXA_BO_WAIT, struct drm_mxa_bo_wait)

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_DRM_MXA_ACCEL_H_ */
