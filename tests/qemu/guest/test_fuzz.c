// SPDX-License-Identifier: MIT
/*
 * test_fuzz.c - malformed ioctls: calls of every ioctl of the driver until
 * 10,000 have been refused (about 11,000 in all), from a fixed seed
 * (printed; a seed and a count may be given): mutated versions of valid
 * arguments (a field set to a boundary or random value, bits flipped, bad
 * handles, unknown flags, nonzero pads, sizes and offsets that overflow,
 * completion records misplaced (misaligned, out of range, a bad buffer
 * index, fields without the flag),
 * counts past the limits, pointers to nothing, to the kernel or to
 * read-only memory), wholly random ones, ioctl numbers the driver does not
 * have and argument sizes it does not expect, and mmap at offsets nobody
 * handed out.
 *
 * A call must return; a call whose arguments are invalid for certain (what
 * the uAPI header says is rejected) must fail, and every failure must be
 * one of the errors a bad argument gives. The kernel log is read after
 * every 500 calls. Afterwards the device must answer and compute the right
 * D.
 *
 * Between the calls come random lifecycles, valid structures in random
 * orders: a job submitted through a dup() of the file, closed before or
 * after its fence; a fork() whose child makes calls on the shared file and
 * exits or is killed at a random moment; a file of its own whose job is
 * waited for and checked bit for bit, or whose buffers or file are closed
 * with the job in flight.
 *
 * Several processes fuzz at once (3 unless told), each with a file, a seed
 * and a share of the calls of its own; the counts are summed in memory
 * they share.
 *
 * The template jobs are small and three submissions in four get one
 * certainly invalid field last, so that the valid jobs made by chance are
 * few and short on the simulated device; buffer sizes between 1 MiB and the
 * largest buffer are never asked for, so that the guest's memory is not
 * exhausted.
 *
 *   test_fuzz [seed [refused calls [processes]]]
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"
#include "mxa_hw.h"

/* Refused calls to make: each one a malformed ioctl. */
#define MALFORMED 10000
/* Processes fuzzing at once. */
#define PROCESSES 3
/* Accepted submissions that may be pending before the fuzzer waits. */
#define PENDING 12
/* Room for the description of a call's mutations. */
#define WHAT_SIZE 256
#define TEMPLATES 4

static int fd, klog;
static struct drm_mxa_device_info info;
static struct mxa_device_info linfo;
static struct mxa_device *emu;
static struct t_rng rng;

/* Valid jobs and their buffers, the starting points of mutations. */
static struct g_data tdata[TEMPLATES];
static struct g_raw_job tjob[TEMPLATES];
static uint32_t syncobjs[2];

/* Pointers a mutation may put in an argument. */
static void *ro_page, *guard;	/* read-only; unmapped */

static unsigned long calls, refused, accepted, bad_errno, wrongly_ok;
static unsigned long lifecycles, children;
static unsigned submitted;

/* The counts of every process, summed as each one ends. */
struct totals {
	unsigned long calls, refused, accepted, bad_errno, wrongly_ok;
	unsigned long lifecycles, children;
};
static struct totals *totals;

static void counts_reset(void)
{
	calls = refused = accepted = bad_errno = wrongly_ok = 0;
	lifecycles = children = 0;
}

/* Adds this process's counts to the totals, and starts them again. */
static void totals_add(void)
{
	__atomic_add_fetch(&totals->calls, calls, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->refused, refused, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->accepted, accepted, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->bad_errno, bad_errno, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->wrongly_ok, wrongly_ok, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->lifecycles, lifecycles, __ATOMIC_RELAXED);
	__atomic_add_fetch(&totals->children, children, __ATOMIC_RELAXED);
	counts_reset();
}

/* ------------------------------------------------------------ values */

static uint32_t r32(void)
{
	return (uint32_t)t_rng_next(&rng);
}

static unsigned below(unsigned n)
{
	return t_rng_below(&rng, n);
}

/* A boundary or random 64-bit value. */
static uint64_t edge64(void)
{
	static const uint64_t e[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 255, 256, 4095,
		4096, 4097, 65535, 65536, 1u << 20, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ull, 0x100001000ull, 1ull << 40,
		1ull << 48, 0x7fffffffffffffffull, 0x8000000000000000ull,
		0xfffffffffffff000ull, 0xffffffffffffffffull,
		0xfffffffffffffffeull, 0xffff888000000000ull,
	};

	switch (below(4)) {
	case 0:
		return t_rng_next(&rng);
	case 1:
		return (uint64_t)r32() >> below(32);
	default:
		return e[below(sizeof(e) / sizeof(*e))];
	}
}

static uint32_t edge32(void)
{
	return below(4) ? (uint32_t)edge64() : r32();
}

/* A pointer for an argument: mostly bad ones. */
static uint64_t bad_ptr(void)
{
	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)guard;
	case 2:
		return (uintptr_t)ro_page;
	case 3:
		return 0xffff888000000000ull + (r32() & ~7u);
	case 4:
		/* Not 4 before: one u32 there may be readable, and valid. */
		return (uintptr_t)guard - 2;	/* runs into the guard page */
	default:
		return edge64();
	}
}

/* A handle: bad, closed, or one of the template buffers. */
static uint32_t some_handle(void)
{
	switch (below(4)) {
	case 0:
		return tjob[below(TEMPLATES)].bos[0];
	case 1:
		return 0;
	default:
		return edge32();
	}
}

/* ------------------------------------------------------------ calls */

static const int allowed[] = {
	EINVAL, ENOENT, EFAULT, ENOMEM, ENOSPC, E2BIG, EOVERFLOW, ERANGE,
	ENOTTY, EOPNOTSUPP, EPERM, EACCES, EBADF, ETIME, ETIMEDOUT, EBUSY,
	ENOSYS, ENXIO,
};

/*
 * Makes one call and classifies its result. @must_fail: the arguments are
 * invalid for certain.
 */
static int call(unsigned long request, void *arg, int must_fail,
		const char *what)
{
	int ret = ioctl(fd, request, arg) ? -errno : 0;

	calls++;
	if (!ret) {
		accepted++;
		if (must_fail) {
			wrongly_ok++;
			if (wrongly_ok <= 20)
				fprintf(stderr, "call %lu (%s): accepted\n",
					calls, what);
		}
		return 0;
	}
	refused++;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(*allowed); i++)
		if (-ret == allowed[i])
			return ret;
	bad_errno++;
	if (bad_errno <= 20)
		fprintf(stderr, "call %lu (%s): %s\n", calls, what,
			strerror(-ret));
	return ret;
}

static void fuzz_query(void)
{
	struct drm_mxa_device_info out;
	struct drm_mxa_query q = {
		.what = DRM_MXA_QUERY_DEVICE, .size = sizeof(out),
		.ptr = (uintptr_t)&out,
	};
	int must = 0;

	switch (below(4)) {
	case 0:
		q.what = edge32();
		must = q.what != DRM_MXA_QUERY_DEVICE;
		break;
	case 1:
		/* Sizes up to the structure's, into room for all of it. */
		q.size = below(sizeof(out) + 1);
		break;
	case 2:
		q.ptr = bad_ptr();
		must = q.size && q.ptr != (uintptr_t)&out;
		break;
	default:
		q.what = r32();
		q.size = r32();
		q.ptr = t_rng_next(&rng);
		must = q.what != DRM_MXA_QUERY_DEVICE;
		break;
	}
	call(DRM_IOCTL_MXA_QUERY, &q, must, "QUERY");
}

static void fuzz_bo_create(void)
{
	struct drm_mxa_bo_create c = { .size = 4096 };
	int must = 0;

	switch (below(4)) {
	case 0:
		c.size = edge64();
		if (c.size > (1u << 20) && c.size <= info.max_bo_size)
			c.size = 0;	/* see the file's comment */
		must = c.size == 0 || c.size > info.max_bo_size;
		break;
	case 1:
		c.flags = r32() | (2u << below(31));
		must = (c.flags & ~(uint32_t)DRM_MXA_BO_READ_ONLY) != 0;
		break;
	case 2:
		/* Output fields hold garbage on the way in. */
		c.handle = r32();
		c.dev_addr = t_rng_next(&rng);
		c.size = 1 + below(1 << 16);
		break;
	default:
		c.size = ~0ull - below(1 << 13);
		c.flags = below(2);
		must = 1;
		break;
	}
	if (!call(DRM_IOCTL_MXA_BO_CREATE, &c, must, "BO_CREATE"))
		g_bo_close(fd, c.handle);
}

static void fuzz_mmap_offset(void)
{
	struct drm_mxa_bo_mmap_offset o = { .handle = some_handle() };
	size_t len = 4096u << below(6);
	int must = 0;
	void *p;

	if (below(3) == 0) {
		o.pad = r32() | 1;
		must = 1;
	}
	o.offset = t_rng_next(&rng);
	if (call(DRM_IOCTL_MXA_BO_MMAP_OFFSET, &o, must, "BO_MMAP_OFFSET"))
		return;
	/* A length past the buffer, or at an offset beside it. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)(o.offset + (below(2) ? 0 : 4096u * (1 + below(64)))));
	if (p != MAP_FAILED)
		munmap(p, len);
}

static void fuzz_bo_info(void)
{
	struct drm_mxa_bo_info b = {
		.handle = some_handle(), .flags = r32(),
		.size = t_rng_next(&rng), .dev_addr = t_rng_next(&rng),
	};

	call(DRM_IOCTL_MXA_BO_INFO, &b, 0, "BO_INFO");
}

static void fuzz_bo_wait(void)
{
	struct drm_mxa_bo_wait w = { .handle = some_handle() };
	int must = 0;

	switch (below(3)) {
	case 0:
		w.pad = r32() | 1;
		must = 1;
		break;
	case 1:
		/* Times in the past, far past, or just ahead. */
		w.timeout_ns = below(2) ? -(int64_t)(edge64() >> 1) :
			(int64_t)(g_now_ns() + 1000000ull * below(5));
		break;
	default:
		w.timeout_ns = (int64_t)edge64();
		if (w.timeout_ns > (int64_t)g_now_ns() + 5000000)
			w.timeout_ns = 0;
		break;
	}
	call(DRM_IOCTL_MXA_BO_WAIT, &w, must, "BO_WAIT");
}

/* Appends a mutation's description to @what (of WHAT_SIZE bytes). */
static void note(char *what, const char *fmt, ...)
{
	size_t len = strlen(what);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what + len, WHAT_SIZE - len, fmt, ap);
	va_end(ap);
}

/* One field of a job to a boundary or random value, or bits flipped. */
static void mutate_job(struct drm_mxa_job *j, char *what)
{
	static const char *const names[6] = { "a", "b", "a_scale", "b_scale",
					      "c", "d" };
	struct drm_mxa_operand *ops[6] = { &j->a, &j->b, &j->a_scale,
					   &j->b_scale, &j->c, &j->d };
	unsigned o = below(6);
	struct drm_mxa_operand *op = ops[o];

	switch (below(16)) {
	case 0:
		j->m = edge32();
		note(what, " m=%u", j->m);
		break;
	case 1:
		j->n = edge32();
		note(what, " n=%u", j->n);
		break;
	case 2:
		j->k = edge32();
		note(what, " k=%u", j->k);
		break;
	case 3:
		j->flags = r32() | (2u << below(31));
		note(what, " flags=0x%x", j->flags);
		break;
	case 4:
		j->a_format = (uint8_t)(MXA_NUM_ELEM_FORMATS + below(249));
		note(what, " a_format=%u", j->a_format);
		break;
	case 5:
		j->out_format = (uint8_t)r32();
		note(what, " out_format=%u", j->out_format);
		break;
	case 6:
		j->scale_mode = (uint8_t)(3 + below(253));
		note(what, " scale_mode=%u", j->scale_mode);
		break;
	case 7:
		j->acc_mode = (uint8_t)(3 + below(253));
		note(what, " acc_mode=%u", j->acc_mode);
		break;
	case 8:
		if (below(2)) {
			j->pad = (uint8_t)(1 + below(0xff));
			note(what, " pad=%u", j->pad);
		} else {
			j->block_size = (uint8_t)r32();
			note(what, " block_size=%u", j->block_size);
		}
		break;
	case 9:
		j->pad2 = r32() | 1;
		note(what, " pad2=0x%x", j->pad2);
		break;
	case 10:
		op->bo = edge32();
		note(what, " %s.bo=%u", names[o], op->bo);
		break;
	case 11:
		op->pad = r32() | 1;
		note(what, " %s.pad=0x%x", names[o], op->pad);
		break;
	case 12:
		op->offset = edge64();
		note(what, " %s.offset=0x%llx", names[o],
		     (unsigned long long)op->offset);
		break;
	case 13:
		op->stride = edge64();
		note(what, " %s.stride=0x%llx", names[o],
		     (unsigned long long)op->stride);
		break;
	case 14:
		j->trunc_w = (uint8_t)r32();
		j->trunc_n = edge32();
		note(what, " trunc=%u,%u", j->trunc_w, j->trunc_n);
		break;
	default:
		for (int b = 0, n = 1 + below(8); b < n; b++) {
			unsigned at = below(sizeof(*j)), bit = below(8);

			((uint8_t *)j)[at] ^= (uint8_t)(1u << bit);
			note(what, " flip@%u.%u", at, bit);
		}
		break;
	}
}

static int op_zero(const struct drm_mxa_operand *op)
{
	return !op->bo && !op->pad && !op->offset && !op->stride;
}

/* What the uAPI header says is rejected, whatever else the job holds. */
static int job_surely_bad(const struct drm_mxa_job *j)
{
	const struct drm_mxa_operand *ops[6] = { &j->a, &j->b, &j->a_scale,
						 &j->b_scale, &j->c, &j->d };
	uint32_t elems = G_CAP(&info, CAP_FORMATS);
	uint32_t scales = G_CAP(&info, CAP_MODES) & MXA_REG_CAP_MODES_SCALE_MASK;
	uint32_t accs = (G_CAP(&info, CAP_MODES) & MXA_REG_CAP_MODES_ACC_MASK) >>
			MXA_REG_CAP_MODES_ACC_SHIFT;

	if (!j->m || !j->n || !j->k || j->m > G_CAP(&info, CAP_MAX_M) ||
	    j->n > G_CAP(&info, CAP_MAX_N) || j->k > G_CAP(&info, CAP_MAX_K))
		return 1;
	if (j->flags & ~(uint32_t)DRM_MXA_JOB_HAS_C || j->pad || j->pad2)
		return 1;
	if (j->a_format >= 32 || !(elems >> j->a_format & 1) ||
	    j->b_format >= 32 || !(elems >> j->b_format & 1) ||
	    j->scale_mode >= 8 || !(scales >> j->scale_mode & 1) ||
	    j->acc_mode >= 8 || !(accs >> j->acc_mode & 1))
		return 1;
	if (j->out_format != MXA_FMT_FP32 && j->out_format != MXA_FMT_BF16)
		return 1;
	if (j->acc_mode == MXA_ACC_EXACT && j->scale_mode != MXA_SCALE_NONE)
		return 1;
	if (j->acc_mode != MXA_ACC_TRUNC && (j->trunc_w || j->trunc_n))
		return 1;
	if (j->scale_mode != MXA_SCALE_NV &&
	    (j->a_tensor_scale || j->b_tensor_scale))
		return 1;
	if (j->block_size && (j->scale_mode == MXA_SCALE_NONE ||
			      j->block_size & (j->block_size - 1) ||
			      !(MXA_HW_GET(MXA_REG_CAP_BLOCK_SIZES,
					   G_CAP(&info, CAP_BLOCK)) &
				j->block_size)))
		return 1;
	if (j->scale_mode == MXA_SCALE_NONE &&
	    (!op_zero(&j->a_scale) || !op_zero(&j->b_scale)))
		return 1;
	if (!(j->flags & DRM_MXA_JOB_HAS_C) && !op_zero(&j->c))
		return 1;
	for (int i = 0; i < 6; i++)
		if (ops[i]->pad || ops[i]->stride >= 1ull << 32)
			return 1;
	return 0;
}

static int submit_surely_bad(const struct drm_mxa_submit *s,
			     const struct drm_mxa_job *jobs, const uint32_t *bos,
			     const uint32_t *ins)
{
	if (!s->job_count || s->job_count > info.max_jobs || !s->bo_count ||
	    s->bo_count > 64 || s->in_sync_count > 16 ||
	    s->flags & ~DRM_MXA_SUBMIT_RECORDS || s->pad ||
	    s->job_size < DRM_MXA_JOB_SIZE_MIN ||
	    s->job_size > DRM_MXA_JOB_SIZE_MAX ||
	    (s->in_points && !s->in_sync_count) ||
	    (s->out_point && !s->out_sync))
		return 1;
	if (!(s->flags & DRM_MXA_SUBMIT_RECORDS) &&
	    (s->record_bo || s->record_offset))
		return 1;
	/* No buffer is as large as max_bo_size, and none wraps around. */
	if (s->flags & DRM_MXA_SUBMIT_RECORDS &&
	    (s->record_bo >= s->bo_count || s->record_offset % 64 ||
	     s->record_offset >= info.max_bo_size))
		return 1;
	if (s->jobs != (uintptr_t)jobs || s->bos != (uintptr_t)bos ||
	    (s->in_sync_count && s->in_syncs != (uintptr_t)ins))
		return 1;
	/* Jobs of another size are other bytes than jobs[]: no verdict. */
	if (s->job_size != sizeof(struct drm_mxa_job))
		return 0;
	for (uint32_t i = 0; i < s->job_count && i < 3; i++)
		if (job_surely_bad(&jobs[i]))
			return 1;
	return 0;
}

/* One change that makes a submission invalid for certain. */
static void break_submit(struct drm_mxa_submit *s, struct drm_mxa_job *jobs,
			 char *what)
{
	struct drm_mxa_job *j = &jobs[below(s->job_count < 3 && s->job_count ?
					   s->job_count : 1)];

	switch (below(9)) {
	case 0:
		j->pad = (uint8_t)(1 + below(0xff));
		note(what, " !pad=%u", j->pad);
		break;
	case 1:
		j->d.pad = r32() | 1;
		note(what, " !d.pad=0x%x", j->d.pad);
		break;
	case 2:
		j->flags |= 2u << below(31);
		note(what, " !flags=0x%x", j->flags);
		break;
	case 3:
		j->k = below(2) ? 0 :
		       G_CAP(&info, CAP_MAX_K) + 1 + below(1000);
		note(what, " !k=%u", j->k);
		break;
	case 4:
		j->acc_mode = (uint8_t)(3 + below(5));
		note(what, " !acc_mode=%u", j->acc_mode);
		break;
	case 5:
		if (below(2)) {
			s->flags = 0;
			s->record_bo = r32() | 1;
			note(what, " !record_bo=%u without records",
			     s->record_bo);
		} else {
			s->flags = DRM_MXA_SUBMIT_RECORDS;
			s->record_offset = 64 * below(64) + 1 + below(63);
			note(what, " !record_offset=%llu",
			     (unsigned long long)s->record_offset);
		}
		break;
	case 6:
		if (below(2)) {
			s->in_sync_count = 17 + below(1000);
			note(what, " !in_sync_count=%u", s->in_sync_count);
		} else {
			s->job_size = below(2) ? below(DRM_MXA_JOB_SIZE_MIN) :
				      DRM_MXA_JOB_SIZE_MAX + 1 + r32() % 65536;
			note(what, " !job_size=%u", s->job_size);
		}
		break;
	case 7:
		/* Timeline points without the syncs they belong to. */
		if (below(2)) {
			s->in_sync_count = 0;
			s->in_points = t_rng_next(&rng) | 1;
			note(what, " !in_points=0x%llx without in-syncs",
			     (unsigned long long)s->in_points);
		} else {
			s->out_sync = 0;
			s->out_point = t_rng_next(&rng) | 1;
			note(what, " !out_point=%llu without out-sync",
			     (unsigned long long)s->out_point);
		}
		break;
	default:
		j->b_scale.stride = (1ull << 32) + edge32();
		note(what, " !b_scale.stride=0x%llx",
		     (unsigned long long)j->b_scale.stride);
		break;
	}
}

/*
 * The records of a submission: valid (a slot of a template buffer, perhaps
 * past its end), misaligned, out of range or wrapping around, a buffer
 * index past the list, or fields set without the flag.
 */
static void mutate_records(struct drm_mxa_submit *s, char *what)
{
	s->flags = DRM_MXA_SUBMIT_RECORDS;
	s->record_bo = below(s->bo_count ? s->bo_count : 1);
	s->record_offset = 64 * below(64);
	switch (below(6)) {
	case 0:
		break;
	case 1:
		s->record_offset += 1 + below(63);
		break;
	case 2:
		s->record_offset = info.max_bo_size + 64 * below(4);
		break;
	case 3:
		s->record_offset = ~63ull - 64 * below(4);
		break;
	case 4:
		s->record_bo = below(2) ? s->bo_count + below(64) : edge32();
		break;
	default:
		s->flags = 0;
		if (below(2))
			s->record_bo = r32() | 1;
		else
			s->record_offset = 64 + 64 * below(64);
		break;
	}
	note(what, " records=%#x:%u@%llu", s->flags, s->record_bo,
	     (unsigned long long)s->record_offset);
}

static void fuzz_submit(void)
{
	struct drm_mxa_job jobs[3];
	uint32_t bos[8] = { 0 }, ins[2];
	struct drm_mxa_submit s;
	char what[WHAT_SIZE];
	int t = (int)below(TEMPLATES);
	unsigned count = 1 + below(3), muts = 1 + below(3);

	snprintf(what, sizeof(what), "SUBMIT template %d x%u:", t, count);
	/* The operands index template t's buffers: its job, repeated. */
	for (unsigned i = 0; i < count; i++)
		jobs[i] = tjob[t].job;
	memcpy(bos, tjob[t].bos, sizeof(tjob[t].bos));
	ins[0] = syncobjs[0];
	ins[1] = syncobjs[1];
	memset(&s, 0, sizeof(s));
	s.jobs = (uintptr_t)jobs;
	s.job_count = count;
	s.bos = (uintptr_t)bos;
	s.bo_count = tjob[t].bo_count;
	s.job_size = sizeof(struct drm_mxa_job);
	for (unsigned m = 0; m < muts; m++) {
		unsigned b;

		switch (below(12)) {
		case 0:
		case 1:
		case 2:
		case 3:
			b = below(count);
			note(what, " job%u", b);
			mutate_job(&jobs[b], what);
			break;
		case 4:
			s.job_count = edge32();
			if (s.job_count > count)
				s.job_count = below(2) ? 0 : 0x7fffffff;
			note(what, " job_count=%u", s.job_count);
			break;
		case 5:
			s.bo_count = edge32();
			if (s.bo_count > 8 && s.bo_count <= 64)
				s.bo_count = 8;
			note(what, " bo_count=%u", s.bo_count);
			break;
		case 6:
			b = below(8);
			bos[b] = some_handle();
			note(what, " bos[%u]=%u", b, bos[b]);
			break;
		case 7:
			s.in_syncs = (uintptr_t)ins;
			s.in_sync_count = below(4) ? 1 + below(2) : edge32();
			if (s.in_sync_count > 2 && s.in_sync_count <= 16)
				s.in_sync_count = 2;
			if (below(2))
				ins[below(2)] = some_handle();
			note(what, " in_syncs=%u:%u,%u", s.in_sync_count,
			     ins[0], ins[1]);
			break;
		case 8:
			s.out_sync = below(2) ? syncobjs[below(2)] : edge32();
			note(what, " out_sync=%u", s.out_sync);
			break;
		case 9:
			s.flags = r32() | 1;
			note(what, " flags=0x%x", s.flags);
			break;
		case 10:
			mutate_records(&s, what);
			break;
		default:
			switch (below(3)) {
			case 0:
				s.jobs = bad_ptr();
				note(what, " jobs=0x%llx",
				     (unsigned long long)s.jobs);
				break;
			case 1:
				s.bos = bad_ptr();
				note(what, " bos=0x%llx",
				     (unsigned long long)s.bos);
				break;
			default:
				s.in_syncs = bad_ptr();
				s.in_sync_count = 1 + below(16);
				note(what, " in_syncs=0x%llx",
				     (unsigned long long)s.in_syncs);
				break;
			}
			break;
		}
	}
	/* A valid job costs the simulated device time: most submissions
	 * get one certain fault last, so that nothing undoes it. */
	if (below(4))
		break_submit(&s, jobs, what);
	if (!call(DRM_IOCTL_MXA_SUBMIT, &s, submit_surely_bad(&s, jobs, bos, ins),
		  what))
		submitted++;
}

/* Wholly random arguments for a driver ioctl, with the right size. */
static void fuzz_random(void)
{
	static const unsigned long reqs[] = {
		DRM_IOCTL_MXA_QUERY, DRM_IOCTL_MXA_BO_CREATE,
		DRM_IOCTL_MXA_BO_MMAP_OFFSET, DRM_IOCTL_MXA_BO_INFO,
		DRM_IOCTL_MXA_SUBMIT, DRM_IOCTL_MXA_BO_WAIT,
	};
	unsigned long req = reqs[below(6)];
	union {
		uint64_t w[16];
		struct drm_mxa_bo_create c;
		struct drm_mxa_bo_wait wait;
		struct drm_mxa_submit s;
	} a;

	for (int i = 0; i < 16; i++)
		a.w[i] = below(2) ? t_rng_next(&rng) : edge64();
	if (req == DRM_IOCTL_MXA_BO_CREATE && a.c.size > (1u << 20) &&
	    a.c.size <= info.max_bo_size)
		a.c.size = 1;
	if (req == DRM_IOCTL_MXA_BO_WAIT)
		a.wait.timeout_ns = 0;
	/* Keeps in-syncs from waiting long on a fence. */
	if (req == DRM_IOCTL_MXA_SUBMIT)
		a.s.in_sync_count &= 1;
	if (!call(req, &a, 0, "random") && req == DRM_IOCTL_MXA_BO_CREATE)
		g_bo_close(fd, a.c.handle);
}

/* Numbers the driver lacks, and its own with argument sizes it does not
 * expect (DRM copies what fits and zeroes the rest). */
static void fuzz_numbers(void)
{
	static const unsigned dirs[] = { _IOC_NONE, _IOC_READ, _IOC_WRITE,
					 _IOC_READ | _IOC_WRITE };
	uint8_t arg[512];
	unsigned nr = below(2) ? DRM_COMMAND_BASE + 6 + below(0x3a) :
				 DRM_COMMAND_BASE + below(6);
	unsigned size = below(2) ? below(64) : below(sizeof(arg));
	unsigned long req = _IOC(dirs[below(4)], DRM_IOCTL_BASE, nr, size);
	int known = nr < DRM_COMMAND_BASE + 6;

	for (size_t i = 0; i < sizeof(arg); i++)
		arg[i] = (uint8_t)r32();
	/* Zero-extended short arguments of known ioctls can be valid
	 * (BO_CREATE of a random size): keep them small and harmless. */
	if (known && nr == DRM_COMMAND_BASE + DRM_MXA_BO_CREATE) {
		memset(arg, 0, 8);
		arg[0] = (uint8_t)r32();
	}
	if (known && nr == DRM_COMMAND_BASE + DRM_MXA_BO_WAIT)
		memset(arg + 8, 0, 8);
	if (known && nr == DRM_COMMAND_BASE + DRM_MXA_SUBMIT)
		memset(arg + offsetof(struct drm_mxa_submit, in_sync_count), 0,
		       4);
	/* A buffer created is closed when its handle came back. */
	if (!call(req, arg, !known, "number") && known &&
	    nr == DRM_COMMAND_BASE + DRM_MXA_BO_CREATE &&
	    (_IOC_DIR(req) & _IOC_READ) &&
	    size >= offsetof(struct drm_mxa_bo_create, handle) + 4) {
		uint32_t h;

		memcpy(&h, arg + offsetof(struct drm_mxa_bo_create, handle), 4);
		g_bo_close(fd, h);
	}
}

static void fuzz_core(void)
{
	struct drm_gem_close c = { .handle = r32() | 0x10000000 };
	struct drm_prime_handle p = { .handle = some_handle(), .flags = r32() };
	int ret;

	switch (below(3)) {
	case 0:
		call(DRM_IOCTL_GEM_CLOSE, &c, 0, "GEM_CLOSE");
		break;
	case 1:
		if (!call(DRM_IOCTL_PRIME_HANDLE_TO_FD, &p, 0, "PRIME export"))
			close(p.fd);
		break;
	default:
		p.fd = below(2) ? -1 : 0;
		ret = call(DRM_IOCTL_PRIME_FD_TO_HANDLE, &p, 0, "PRIME import");
		if (!ret)
			g_bo_close(fd, p.handle);
		break;
	}
}

/* ------------------------------------------------------------ lifecycles */

static void fuzz_one(int lifecycles_too);

/*
 * A template's job through a dup() of the file, closed before or after
 * its fence signals. The fence must signal; its status may be an error,
 * as valid mutated jobs may have written codes a format lacks into the
 * template's inputs.
 */
static void life_dup(void)
{
	int t = (int)below(TEMPLATES);
	int fd2 = dup(fd), ret;

	T_CHECK(fd2 >= 0, "dup: %s", strerror(errno));
	if (fd2 < 0)
		return;
	ret = g_submit(fd2, &tjob[t].job, 1, tjob[t].bos, tjob[t].bo_count,
		       NULL, 0, syncobjs[1]);
	T_CHECK(ret == 0, "SUBMIT of template %d through a dup(): %s", t,
		strerror(-ret));
	if (below(2)) {
		close(fd2);
		fd2 = -1;
	}
	if (!ret) {
		ret = g_sync_wait(fd, syncobjs[1], 60000);
		T_CHECK(ret != -ETIME && ret != -ETIMEDOUT,
			"fence of template %d's job through a dup(): %s", t,
			strerror(-ret));
	}
	if (fd2 >= 0)
		close(fd2);
}

/* A child on the shared file: a few calls, then it exits, or it is killed
 * at a random moment (its jobs stay the file's). */
static void life_fork(void)
{
	unsigned n = 1 + below(16);
	int kill_it = (int)below(2);
	uint64_t child_seed = t_rng_next(&rng);
	int status, ok;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		T_CHECK(0, "fork: %s", strerror(errno));
		return;
	}
	if (!pid) {
		t_rng_seed(&rng, child_seed);
		klog = -1;	/* the parent's reader */
		counts_reset();
		for (unsigned i = 0; i < n; i++)
			fuzz_one(0);
		ok = !wrongly_ok && !bad_errno;
		totals_add();
		fflush(NULL);
		_exit(ok ? 0 : 1);
	}
	children++;
	if (kill_it) {
		g_sleep_ms((int)below(10));	/* a random moment */
		kill(pid, SIGKILL);
	}
	if (waitpid(pid, &status, 0) != pid) {
		T_CHECK(0, "waitpid: %s", strerror(errno));
		return;
	}
	T_CHECK(WIFEXITED(status) ? WEXITSTATUS(status) == 0 :
		kill_it && WTERMSIG(status) == SIGKILL,
		"a child on the shared file ended with status 0x%x", status);
}

/* A file of its own with a valid job: waited for and checked bit for bit,
 * or its buffers or the file closed with the job in flight. */
static void life_file(void)
{
	int t = (int)below(TEMPLATES);
	int fd2 = g_device_open(NULL, 0, 10000), ret;
	struct g_raw_job j;
	uint32_t so;

	if (fd2 < 0) {
		T_CHECK(0, "open: %s", strerror(-fd2));
		return;
	}
	if (g_raw_job_make(&j, fd2, &tdata[t], 0)) {
		T_CHECK(0, "buffers of template %d in a file of its own", t);
		close(fd2);
		return;
	}
	if (drmSyncobjCreate(fd2, 0, &so)) {
		T_CHECK(0, "syncobj: %s", strerror(errno));
		g_raw_job_free(&j);
		close(fd2);
		return;
	}
	ret = g_submit(fd2, &j.job, 1, j.bos, j.bo_count, NULL, 0, so);
	T_CHECK(ret == 0, "SUBMIT of template %d in a file of its own: %s", t,
		strerror(-ret));
	switch (ret ? 0 : below(3)) {
	case 0:
		T_CHECK(ret || (g_sync_wait(fd2, so, 60000) == 0 &&
				g_raw_job_check(&j, &tdata[t],
						"a file of its own") == 0),
			"template %d's job in a file of its own", t);
		g_raw_job_free(&j);
		break;
	case 1:
		/* The buffers unmapped and closed before the fence. */
		g_raw_job_free(&j);
		T_CHECK(g_sync_wait(fd2, so, 60000) == 0,
			"fence of a job whose buffers were closed");
		break;
	default:
		/* The file closed, its mappings after: the job is the
		 * kernel's to finish or drop. */
		memset(j.handle, 0, sizeof(j.handle));
		close(fd2);
		fd2 = -1;
		g_raw_job_free(&j);
		break;
	}
	if (fd2 >= 0)
		close(fd2);
}

static void fuzz_lifecycle(void)
{
	lifecycles++;
	switch (below(3)) {
	case 0:
		life_dup();
		break;
	case 1:
		life_fork();
		break;
	default:
		life_file();
		break;
	}
}

/*
 * One call of a random kind; now and then a lifecycle, if allowed (one in
 * 64: two kinds in three run a valid job and wait for it, behind the jobs
 * every process has queued, about 0.1 s in the board-like guest).
 */
static void fuzz_one(int lifecycles_too)
{
	if (lifecycles_too && below(64) == 0) {
		fuzz_lifecycle();
		return;
	}
	switch (below(16)) {
	case 0:
		fuzz_query();
		break;
	case 1:
	case 2:
		fuzz_bo_create();
		break;
	case 3:
		fuzz_mmap_offset();
		break;
	case 4:
		fuzz_bo_info();
		break;
	case 5:
		fuzz_bo_wait();
		break;
	case 6:
	case 7:
		fuzz_random();
		break;
	case 8:
		fuzz_numbers();
		break;
	case 9:
		fuzz_core();
		break;
	default:
		fuzz_submit();
		break;
	}
}

/* ------------------------------------------------------------ setup */

static int setup(void)
{
	for (int t = 0; t < TEMPLATES; t++) {
		struct g_plan p;
		int f = (int)below(MXA_NUM_ELEM_FORMATS);

		while (!(linfo.formats >> f & 1))
			f = (f + 1) % MXA_NUM_ELEM_FORMATS;
		g_plan_random(&p, &linfo, f, f, 8, 64, &rng);
		if (g_data_make(&tdata[t], &p, emu, &rng) ||
		    g_raw_job_make(&tjob[t], fd, &tdata[t], 0))
			return -1;
	}
	if (drmSyncobjCreate(fd, DRM_SYNCOBJ_CREATE_SIGNALED, &syncobjs[0]) ||
	    drmSyncobjCreate(fd, 0, &syncobjs[1]))
		return -1;
	ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);
	guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return ro_page == MAP_FAILED || guard == MAP_FAILED ? -1 : 0;
}

/* Lets what the fuzzing queued end. */
static void drain(void)
{
	for (int t = 0; t < TEMPLATES; t++) {
		for (uint32_t b = 0; b < tjob[t].bo_count; b++) {
			struct drm_mxa_bo_wait w = {
				.handle = tjob[t].bos[b],
				.timeout_ns = (int64_t)(g_now_ns() +
							120000000000ull),
			};
			int ret = g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);

			T_CHECK(ret == 0, "BO_WAIT on template %d's buffer %u: %s",
				t, b, strerror(-ret));
		}
	}
	submitted = 0;
}

/*
 * One process's share: @n refused calls from @seed on a file of its own,
 * then the checks that the device still answers and computes.
 */
static int fuzz_process(int id, uint64_t seed, unsigned long n)
{
	uint64_t start = g_now_ns();
	struct drm_mxa_device_info after;
	struct mxa_device *dev;

	t_rng_seed(&rng, seed);
	klog = g_klog_open();
	fd = g_device_open(NULL, 0, 10000);
	if (fd < 0 || g_query(fd, &info)) {
		fprintf(stderr, "process %d: no mxa device\n", id);
		return T_FAIL;
	}
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &linfo) ||
	    mxa_device_open("emu", &emu)) {
		fprintf(stderr, "process %d: libmxa: %s\n", id,
			mxa_last_error());
		return T_FAIL;
	}
	mxa_device_close(dev);
	if (setup()) {
		fprintf(stderr, "process %d: setup failed\n", id);
		return T_FAIL;
	}

	while (refused < n) {
		unsigned long before = calls;

		fuzz_one(1);
		if (before / 500 != calls / 500 && klog >= 0) {
			char when[64];

			snprintf(when, sizeof(when), "by call %lu of process %d",
				 calls, id);
			T_CHECK(g_klog_check(klog, when) == 0, "kernel log %s",
				when);
		}
		if (submitted >= PENDING)
			drain();
		if (before / 20000 != calls / 20000)
			printf("process %d: %lu calls, %.1f s\n", id, calls,
			       (double)(g_now_ns() - start) / 1e9);
	}
	drain();
	printf("process %d: %lu calls: %lu accepted, %lu refused; %lu lifecycles (%lu children)\n",
	       id, calls, accepted, refused, lifecycles, children);

	/* The device still answers and computes. */
	T_CHECK(g_query(fd, &after) == 0 && !memcmp(&info, &after, sizeof(info)),
		"QUERY after fuzzing");
	for (int t = 0; t < TEMPLATES; t++) {
		/* Valid mutated jobs may have written over the inputs. */
		g_raw_job_reset(&tjob[t], &tdata[t]);
		T_CHECK(g_submit(fd, &tjob[t].job, 1, tjob[t].bos,
				 tjob[t].bo_count, NULL, 0, syncobjs[1]) == 0 &&
			g_sync_wait(fd, syncobjs[1], 60000) == 0 &&
			g_raw_job_check(&tjob[t], &tdata[t], "after fuzzing") == 0,
			"template job %d after fuzzing", t);
	}
	for (int t = 0; t < TEMPLATES; t++) {
		g_raw_job_free(&tjob[t]);
		g_data_free(&tdata[t]);
	}
	close(fd);
	mxa_device_close(emu);
	totals_add();
	return t_exit();
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x6d7861;
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : MALFORMED;
	unsigned procs = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) :
				    PROCESSES;
	uint64_t start = g_now_ns();
	pid_t pids[16];
	struct t_rng client_rng;
	struct mxa_device *dev = NULL;

	if (procs < 1 || procs > 16) {
		fprintf(stderr, "processes: 1 to 16\n");
		return T_FAIL;
	}
	printf("seed 0x%llx, %lu refused calls to make in %u processes\n",
	       (unsigned long long)seed, n, procs);
	totals = mmap(NULL, sizeof(*totals), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (totals == MAP_FAILED) {
		perror("mmap");
		return T_FAIL;
	}
	klog = g_klog_open();
	fflush(NULL);
	for (unsigned i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			return T_FAIL;
		}
		/* Process 0 makes the calls a single process would. */
		if (!pids[i])
			exit(fuzz_process((int)i,
					  seed + i * 0x9e3779b97f4a7c15ull,
					  n / procs + (i < n % procs)));
	}
	for (unsigned i = 0; i < procs; i++) {
		int status;

		T_CHECK(waitpid(pids[i], &status, 0) == pids[i] &&
			WIFEXITED(status) && WEXITSTATUS(status) == 0,
			"fuzzing process %u failed (status 0x%x)", i, status);
	}
	printf("%lu calls in %.1f s: %lu accepted, %lu refused; %lu accepted although invalid, %lu with an unexpected error; %lu lifecycles (%lu children)\n",
	       totals->calls, (double)(g_now_ns() - start) / 1e9,
	       totals->accepted, totals->refused, totals->wrongly_ok,
	       totals->bad_errno, totals->lifecycles, totals->children);
	T_CHECK(totals->wrongly_ok == 0, "%lu invalid calls accepted",
		totals->wrongly_ok);
	T_CHECK(totals->bad_errno == 0, "%lu calls failed with an unexpected error",
		totals->bad_errno);

	/* A new client afterwards. */
	t_rng_seed(&client_rng, seed);
	T_CHECK(mxa_device_open("drm", &dev) == 0 &&
		mxa_device_query(dev, &linfo) == 0 &&
		mxa_device_open("emu", &emu) == 0, "open: %s", mxa_last_error());
	if (dev && emu) {
		struct g_plan p;

		g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E2M1, 16, 64,
			      &client_rng);
		T_CHECK(g_lib_run_check(dev, emu, &p, &client_rng,
					"new client") == 0,
			"job of a new client after fuzzing");
	}
	if (dev)
		mxa_device_close(dev);
	if (emu)
		mxa_device_close(emu);
	if (klog >= 0)
		T_CHECK(g_klog_check(klog, "at the end") == 0, "kernel log");
	return t_exit();
}
