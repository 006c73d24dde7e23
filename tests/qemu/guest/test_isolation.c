// SPDX-License-Identifier: MIT
/*
 * test_isolation.c - a client cannot reach another client's buffers:
 *
 * - a job naming the other client's GEM handle is refused (-ENOENT or
 *   -EINVAL): handles are per file;
 * - a job whose operand, by offset from its own buffer, would reach the
 *   device address where the other client's buffer sits (directly, or by
 *   wrapping around 2^64) is refused with -EINVAL before it runs;
 * - both clients keep buffers at the same device addresses with different
 *   data, and each one's job computes on its own data;
 * - a job that writes a buffer the device may only read ends with a fault
 *   (-EFAULT on its fence, MMU_READONLY on stream D in the completion
 *   record the kernel copies for it) and writes nothing, and the next job
 *   is right, its record with its counters;
 * - after all that, the first client's secret is unchanged and appears in
 *   none of the second client's buffers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"
#include "mxa_hw.h"

#define SECRET 0x5e
#define PAGE 4096u

static struct mxa_device *emu;
static struct mxa_device_info linfo;
static struct t_rng rng;

static int plan_data(struct g_data *d, uint32_t mn, uint32_t k)
{
	struct g_plan p;
	enum mxa_format f = linfo.formats >> MXA_FMT_INT8 & 1 ? MXA_FMT_INT8 :
			    (enum mxa_format)__builtin_ctz(linfo.formats);

	g_plan_random(&p, &linfo, f, f, mn, k, &rng);
	p.m = mn;
	p.n = mn;
	p.k = k;
	return g_data_make(d, &p, emu, &rng);
}

/*
 * Runs @j, its completion record copied to byte @offset of the buffer @rec,
 * and waits for its end: 0 or its error.
 */
static int run_wait_record(struct g_raw_job *j, uint32_t syncobj,
			   uint32_t rec, uint64_t offset)
{
	uint32_t bos[G_OPS + 1];
	struct drm_mxa_submit s = {
		.jobs = (uintptr_t)&j->job,
		.job_count = 1,
		.bos = (uintptr_t)bos,
		.bo_count = j->bo_count + 1,
		.out_sync = syncobj,
		.flags = DRM_MXA_SUBMIT_RECORDS,
		.record_bo = j->bo_count,
		.record_offset = offset,
		.job_size = sizeof(struct drm_mxa_job),
	};
	int ret;

	memcpy(bos, j->bos, j->bo_count * sizeof(bos[0]));
	bos[j->bo_count] = rec;
	ret = g_ioctl(j->fd, DRM_IOCTL_MXA_SUBMIT, &s);
	if (ret)
		return ret;
	return g_sync_wait(j->fd, syncobj, 60000);
}

/* Bytes of @p other than [@from, @from + @len) are still @byte. */
static int untouched_but(const uint8_t *p, size_t n, size_t from, size_t len,
			 uint8_t byte)
{
	for (size_t i = 0; i < n; i++)
		if ((i < from || i >= from + len) && p[i] != byte)
			return 0;
	return 1;
}

static int all_secret(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != SECRET)
			return 0;
	return 1;
}

static int has_secret_run(const uint8_t *p, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		run = p[i] == SECRET ? run + 1 : 0;
		if (run >= 64)
			return 1;
	}
	return 0;
}

/* Whether @rows rows of @row bytes at @offset, @stride apart, fit @size. */
static int fits(uint64_t offset, uint64_t stride, uint64_t rows, uint64_t row,
		uint64_t size)
{
	uint64_t last = rows - 1;

	if (offset > size || row > size - offset)
		return 0;
	if (last && stride > (size - offset - row) / last)
		return 0;
	return 1;
}

/*
 * Operands of client 2's job @j that would reach, from its own buffers,
 * the device address @secret_addr of client 1's buffer, directly or by
 * wrapping around 2^64, or any other place outside them: refused.
 */
static void check_reach(struct g_raw_job *j, uint64_t secret_addr)
{
	struct drm_mxa_bo_info bi = { .handle = j->handle[G_A] };
	const uint64_t arow = j->job.a.stride, drow = j->job.d.stride;
	uint64_t off[6];
	struct drm_mxa_job bad;
	int ret, tried = 0;

	T_CHECK(g_ioctl(j->fd, DRM_IOCTL_MXA_BO_INFO, &bi) == 0, "BO_INFO");
	off[0] = secret_addr - bi.dev_addr;
	off[1] = secret_addr + 16 * PAGE;
	off[2] = bi.dev_addr + (1ull << 40);
	off[3] = 0ull - bi.dev_addr + secret_addr;
	off[4] = ~0ull - 31;
	off[5] = 1ull << 63;
	for (int i = 0; i < 6; i++) {
		uint64_t o = off[i] & ~3ull;

		if (!fits(o, arow, j->job.m, arow, j->size[G_A])) {
			tried++;
			bad = j->job;
			bad.a.offset = o;
			ret = g_submit(j->fd, &bad, 1, j->bos, j->bo_count, NULL,
				       0, 0);
			T_CHECK(ret == -EINVAL, "A at offset 0x%llx: %s",
				(unsigned long long)o,
				ret ? strerror(-ret) : "accepted");
		}
		if (!fits(o, drow, j->job.m, drow, j->size[G_D])) {
			tried++;
			bad = j->job;
			bad.d.offset = o;
			ret = g_submit(j->fd, &bad, 1, j->bos, j->bo_count, NULL,
				       0, 0);
			T_CHECK(ret == -EINVAL, "D at offset 0x%llx: %s",
				(unsigned long long)o,
				ret ? strerror(-ret) : "accepted");
		}
		if (!fits(0, o | 1, j->job.m, arow, j->size[G_A])) {
			tried++;
			bad = j->job;
			bad.a.stride = o | 1;
			ret = g_submit(j->fd, &bad, 1, j->bos, j->bo_count, NULL,
				       0, 0);
			T_CHECK(ret == -EINVAL, "A with stride 0x%llx: %s",
				(unsigned long long)(o | 1),
				ret ? strerror(-ret) : "accepted");
		}
	}
	printf("%d operands reaching out of client 2's buffers (client 1's at 0x%llx, client 2's A at 0x%llx)\n",
	       tried, (unsigned long long)secret_addr,
	       (unsigned long long)bi.dev_addr);
	T_CHECK(tried >= 12, "only %d operands reached out", tried);
}

int main(void)
{
	struct g_raw_job j1, j2;
	struct g_data d1, d2;
	struct drm_mxa_job bad;
	uint64_t secret_addr;
	uint32_t secret, s1, s2, h2;
	uint8_t *sp;
	int fd1, fd2, ret;

	t_rng_seed(&rng, 11);
	fd1 = g_device_open(NULL, 0, 10000);
	fd2 = g_device_open(NULL, 0, 0);
	if (fd1 < 0 || fd2 < 0) {
		fprintf(stderr, "no mxa device\n");
		return T_FAIL;
	}
	{
		struct mxa_device *d;

		if (mxa_device_open("drm", &d) || mxa_device_query(d, &linfo) ||
		    mxa_device_open("emu", &emu)) {
			fprintf(stderr, "libmxa: %s\n", mxa_last_error());
			return T_FAIL;
		}
		mxa_device_close(d);
	}

	/* Client 1's secret, client 2 without any buffer yet. */
	T_CHECK(g_bo_create(fd1, 16 * PAGE, 0, &secret, &secret_addr) == 0,
		"secret buffer");
	sp = g_bo_map(fd1, secret, 16 * PAGE);
	if (!sp)
		return T_FAIL;
	memset(sp, SECRET, 16 * PAGE);

	T_CHECK(plan_data(&d2, 8, 64) == 0, "data");
	T_CHECK(drmSyncobjCreate(fd2, 0, &s2) == 0, "syncobj");
	T_CHECK(drmSyncobjCreate(fd1, 0, &s1) == 0, "syncobj");

	/* Client 2 names client 1's handle before it has any of its own. */
	memset(&bad, 0, sizeof(bad));
	bad.m = bad.n = 1;
	bad.k = 32;
	bad.a_format = bad.b_format = MXA_FMT_E4M3;
	bad.out_format = MXA_FMT_FP32;
	bad.b.stride = bad.a.stride = 32;
	bad.d.stride = 4;
	ret = g_submit(fd2, &bad, 1, &secret, 1, NULL, 0, s2);
	T_CHECK(ret == -ENOENT || ret == -EINVAL,
		"job on another client's handle: %s",
		ret ? strerror(-ret) : "accepted");

	/* Both clients' buffers at the same device addresses (each file's
	 * address space starts empty), different data. */
	T_CHECK(plan_data(&d1, 8, 64) == 0, "data");
	T_CHECK(g_raw_job_make(&j1, fd1, &d1, 0) == 0, "job 1");
	T_CHECK(g_raw_job_make(&j2, fd2, &d2, 0) == 0, "job 2");
	if (t_failures)
		return t_exit();
	T_CHECK(g_submit(fd1, &j1.job, 1, j1.bos, j1.bo_count, NULL, 0, s1) == 0 &&
		g_submit(fd2, &j2.job, 1, j2.bos, j2.bo_count, NULL, 0, s2) == 0,
		"submit both");
	T_CHECK(g_sync_wait(fd1, s1, 60000) == 0 &&
		g_raw_job_check(&j1, &d1, "client 1") == 0, "client 1's job");
	T_CHECK(g_sync_wait(fd2, s2, 60000) == 0 &&
		g_raw_job_check(&j2, &d2, "client 2") == 0, "client 2's job");

	check_reach(&j2, secret_addr);

	/*
	 * A write to a read-only buffer faults and writes nothing; its
	 * completion record names the exact status, the stream and the
	 * address, and the record of the job after it its counters. Nothing
	 * else of the records buffer is written.
	 */
	{
		struct g_raw_job ro;
		struct mxa_hw_cmpl rec;
		uint32_t rh;
		uint8_t *rp;

		T_CHECK(g_bo_create(fd2, PAGE, 0, &rh, NULL) == 0,
			"records buffer");
		rp = g_bo_map(fd2, rh, PAGE);
		if (!rp)
			return T_FAIL;
		memset(rp, 0xa5, PAGE);
		T_CHECK(g_raw_job_make(&ro, fd2, &d2, DRM_MXA_BO_READ_ONLY) == 0,
			"read-only job");
		ret = run_wait_record(&ro, s2, rh, PAGE - 64);
		T_CHECK(ret == -EFAULT,
			"job writing a read-only buffer: %s",
			ret ? strerror(-ret) : "succeeded");
		T_CHECK(g_raw_job_d_untouched(&ro),
			"the faulting job wrote its read-only D");
		memcpy(&rec, rp + PAGE - 64, sizeof(rec));
		T_CHECK(rec.seq && rec.status == MXA_HW_STATUS_MMU_READONLY &&
			rec.detail == MXA_HW_STREAM_D && rec.fault_addr,
			"record of the fault: seq %llu status %u detail %u address %#llx",
			(unsigned long long)rec.seq, rec.status, rec.detail,
			(unsigned long long)rec.fault_addr);
		g_raw_job_free(&ro);
		g_raw_job_reset(&j2, &d2);
		ret = run_wait_record(&j2, s2, rh, 128);
		T_CHECK(ret == 0 && g_raw_job_check(&j2, &d2, "after fault") == 0,
			"job after the fault: %s", strerror(-ret));
		memcpy(&rec, rp + 128, sizeof(rec));
		T_CHECK(rec.seq && rec.status == MXA_HW_STATUS_OK &&
			rec.cycles && rec.bytes_read && rec.bytes_written &&
			rec.macs == (uint64_t)d2.plan.m * d2.plan.n * d2.plan.k,
			"record of the job: status %u, %llu cycles, %llu MACs",
			rec.status, (unsigned long long)rec.cycles,
			(unsigned long long)rec.macs);
		T_CHECK(untouched_but(rp, PAGE - 64, 128, 64, 0xa5),
			"bytes around the records written");
		munmap(rp, PAGE);
		g_bo_close(fd2, rh);
	}

	/* Nothing of client 1 leaked to client 2, nor changed. */
	T_CHECK(all_secret(sp, 16 * PAGE), "client 1's buffer changed");
	for (int i = 0; i < G_OPS; i++)
		if (j2.map[i])
			T_CHECK(!has_secret_run(j2.map[i], j2.size[i]),
				"client 2's operand %d holds client 1's data", i);
	T_CHECK(g_bo_create(fd2, 16 * PAGE, 0, &h2, NULL) == 0, "new buffer");
	{
		uint8_t *p = g_bo_map(fd2, h2, 16 * PAGE);

		T_CHECK(p && !has_secret_run(p, 16 * PAGE),
			"client 2's new buffer holds client 1's data");
		if (p)
			munmap(p, 16 * PAGE);
	}

	g_raw_job_free(&j2);
	g_raw_job_free(&j1);
	g_data_free(&d2);
	g_data_free(&d1);
	munmap(sp, 16 * PAGE);
	close(fd2);
	close(fd1);
	mxa_device_close(emu);
	return t_exit();
}
