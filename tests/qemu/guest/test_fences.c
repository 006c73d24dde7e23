// SPDX-License-Identifier: MIT
/*
 * test_fences.c - ordering of jobs by fences, checked on data:
 *
 * 1. a job's out-fence signals, without error, once D is written;
 * 2. a job waits for an in-fence the test holds back (a fence of vgem, the
 *    kernel's virtual GEM driver, imported as a sync file), and a job of
 *    another client waits for that job's out-fence: neither runs until the
 *    vgem fence is signalled, then both D are right;
 * 3. implicit synchronisation: a job of a second client that reads, as C,
 *    the buffer a held-back job of the first client writes (shared by
 *    PRIME) waits for it and sees its D;
 * 4. a buffer of vgem cannot be imported (-EOPNOTSUPP): the device's
 *    transport reaches only pages mapped for it;
 * 5. bad in- and out-syncs fail the submission and run nothing;
 * 6. timeline syncobjs (uAPI 2.2): out-fences added at points 1 and 2 of
 *    a timeline, the second job waiting for point 1; a job waiting for a
 *    point that holds vgem's fence (transferred there) is held until it
 *    signals; the timeline ioctls (wait, query) see the points; a point
 *    nothing was submitted for, points without syncs, and bad pointers
 *    are refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"
#include "guest_vgem.h"

#define WAIT_MS 60000

static struct mxa_device *emu;
static struct drm_mxa_device_info info;
static struct mxa_device_info linfo;
static struct t_rng rng;

/* ------------------------------------------------------------ jobs */

static int make_plan(struct g_plan *p, uint32_t mn, uint32_t k, int has_c)
{
	enum mxa_format f = linfo.formats >> MXA_FMT_E4M3 & 1 ? MXA_FMT_E4M3 :
			    (enum mxa_format)__builtin_ctz(linfo.formats);

	g_plan_random(p, &linfo, f, f, mn, k, &rng);
	p->m = mn;
	p->n = mn;
	p->k = k;
	p->has_c = has_c;
	p->out_format = MXA_FMT_FP32;
	return 0;
}

struct job {
	struct g_data d;
	struct g_raw_job r;
	uint32_t out;
};

static int job_make(struct job *j, int fd, uint32_t mn, uint32_t k,
		    int has_c)
{
	struct g_plan p;

	memset(j, 0, sizeof(*j));
	make_plan(&p, mn, k, has_c);
	if (g_data_make(&j->d, &p, emu, &rng))
		return -EIO;
	if (g_raw_job_make(&j->r, fd, &j->d, 0))
		return -EIO;
	return drmSyncobjCreate(fd, 0, &j->out);
}

static int job_submit(struct job *j, const uint32_t *in, uint32_t nin)
{
	int ret = g_submit(j->r.fd, &j->r.job, 1, j->r.bos, j->r.bo_count, in,
			   nin, j->out);

	if (ret)
		fprintf(stderr, "SUBMIT: %s\n", strerror(-ret));
	return ret;
}

static void job_free(struct job *j)
{
	if (j->out)
		drmSyncobjDestroy(j->r.fd, j->out);
	g_raw_job_free(&j->r);
	g_data_free(&j->d);
}

/* The job's fence signalled without error and its D is right. */
static void check_done(struct job *j, const char *what)
{
	int ret = g_sync_wait(j->r.fd, j->out, WAIT_MS);

	T_CHECK(ret == 0, "%s: out-fence: %s", what, strerror(-ret));
	if (!ret)
		T_CHECK(g_raw_job_check(&j->r, &j->d, what) == 0, "%s: D", what);
}

/* A sync file of @j's out-fence, imported into a syncobj of @fd. */
static int share_fence(struct job *j, int fd, uint32_t *syncobj)
{
	int sf, ret;

	ret = drmSyncobjExportSyncFile(j->r.fd, j->out, &sf);
	if (ret)
		return ret;
	ret = drmSyncobjCreate(fd, 0, syncobj);
	if (!ret)
		ret = drmSyncobjImportSyncFile(fd, *syncobj, sf);
	close(sf);
	return ret;
}

/* ------------------------------------------------------------ parts */

static void out_fence(int fd)
{
	struct job a;

	printf("out-fence\n");

	T_CHECK(job_make(&a, fd, 16, 64, 0) == 0, "job A");
	if (!job_submit(&a, NULL, 0))
		check_done(&a, "out-fence");
	job_free(&a);
}

/*
 * The results of a part whose jobs wait for a vgem fence: whether they
 * were seen held, trustworthy only while that fence had not signalled.
 * vgem signals a fence by itself 10 s after it was attached, and on a
 * loaded machine a part may take that long: it is then run again.
 */
enum { PART_DONE, PART_AGAIN };

/* 1 while the fence in syncobj @sv of @fd has not signalled. */
static int pending(int fd, uint32_t sv)
{
	return g_sync_wait(fd, sv, 0) == -ETIME;
}

/*
 * A job of its own client @fd3 runs to its end: what was submitted before
 * it and could run has been taken up by the scheduler meanwhile.
 */
static void probe(int fd3)
{
	struct job p;

	T_CHECK(job_make(&p, fd3, 4, 32, 0) == 0, "probe job");
	if (!job_submit(&p, NULL, 0))
		check_done(&p, "probe");
	job_free(&p);
}

/* The job has not run: fence pending, D untouched. */
static int held(const struct job *j)
{
	return g_sync_wait(j->r.fd, j->out, 0) == -ETIME &&
	       g_raw_job_d_untouched(&j->r);
}

/*
 * After a probe job of @fd3, @x and @y (which wait, directly or not, for
 * the vgem fence in syncobj @sv of @fd) must not have run; then vgem's
 * fence is signalled. PART_AGAIN when that fence had signalled by itself
 * before the jobs were seen, which makes what was seen meaningless.
 */
static int check_held_then_signal(int fd, uint32_t sv, int fd3, int vfd,
				  struct g_vgem_bo *v, struct job *x,
				  const char *x_ran, struct job *y,
				  const char *y_ran)
{
	int x_held, y_held, ret = PART_DONE;

	probe(fd3);
	x_held = held(x);
	y_held = held(y);
	if (!pending(fd, sv)) {
		ret = PART_AGAIN;
	} else {
		T_CHECK(x_held, "%s", x_ran);
		T_CHECK(y_held, "%s", y_ran);
	}
	/* Refused when the fence expired meanwhile. */
	g_vgem_signal(vfd, v);
	return ret;
}

static int foreign_in_fence_once(int fd, int fd2, int fd3, int vfd)
{
	struct job b, c;
	struct g_vgem_bo v;
	uint32_t sv = 0, sb2 = 0;
	int again = PART_DONE;

	T_CHECK(job_make(&b, fd, 8, 32, 0) == 0, "job B");
	T_CHECK(job_make(&c, fd2, 8, 32, 0) == 0, "job C");
	T_CHECK(g_vgem_bo_new(vfd, 4096, &v) == 0, "vgem buffer");
	T_CHECK(g_syncobj_from_dmabuf(fd, v.dmabuf, &sv) == 0,
		"vgem fence into a syncobj");
	if (!t_failures && !job_submit(&b, &sv, 1) &&
	    share_fence(&b, fd2, &sb2) == 0 && !job_submit(&c, &sb2, 1)) {
		again = check_held_then_signal(fd, sv, fd3, vfd, &v, &b,
				"B ran before vgem's fence signalled", &c,
				"C ran before B, whose fence it waits for");
		check_done(&c, "C");
		T_CHECK(g_sync_wait(fd, b.out, 0) == 0,
			"C ended before B, whose fence it waited for");
		check_done(&b, "B");
	}
	if (sb2)
		drmSyncobjDestroy(fd2, sb2);
	if (sv)
		drmSyncobjDestroy(fd, sv);
	job_free(&c);
	job_free(&b);
	g_vgem_bo_del(vfd, &v);
	return again;
}

static int implicit_shared_once(int fd, int fd2, int fd3, int vfd)
{
	struct job e, f;
	struct g_vgem_bo v;
	uint32_t sv = 0, x2 = 0;
	int dmabuf = -1, again = PART_DONE;

	T_CHECK(job_make(&e, fd, 12, 64, 0) == 0, "job E");
	T_CHECK(job_make(&f, fd2, 12, 32, 1) == 0, "job F");
	/* F's C is E's D, shared by PRIME. */
	T_CHECK(drmPrimeHandleToFD(fd, e.r.handle[G_D], DRM_CLOEXEC | DRM_RDWR,
				   &dmabuf) == 0, "export E's D");
	T_CHECK(dmabuf >= 0 && drmPrimeFDToHandle(fd2, dmabuf, &x2) == 0,
		"import E's D");
	T_CHECK(g_data_set_c(&f.d, e.d.bytes[G_D], emu) == 0, "F reference");
	T_CHECK(g_vgem_bo_new(vfd, 4096, &v) == 0, "vgem buffer");
	T_CHECK(g_syncobj_from_dmabuf(fd, v.dmabuf, &sv) == 0,
		"vgem fence into a syncobj");
	if (!t_failures) {
		f.r.bos[f.r.job.c.bo] = x2;
		if (!job_submit(&e, &sv, 1) && !job_submit(&f, NULL, 0)) {
			again = check_held_then_signal(fd, sv, fd3, vfd, &v,
					&e, "E ran before vgem's fence signalled",
					&f, "F read E's D before E wrote it");
			check_done(&f, "F");
			check_done(&e, "E");
		}
	}
	if (x2)
		g_bo_close(fd2, x2);
	if (dmabuf >= 0)
		close(dmabuf);
	if (sv)
		drmSyncobjDestroy(fd, sv);
	job_free(&f);
	job_free(&e);
	g_vgem_bo_del(vfd, &v);
	return again;
}

/* Runs a held-back part until vgem's fence outlives its checks. */
static void held_back(int (*part)(int, int, int, int), const char *name,
		      int fd, int fd2, int fd3, int vfd)
{
	for (int attempt = 1; attempt <= 3; attempt++) {
		printf("%s\n", name);
		if (part(fd, fd2, fd3, vfd) == PART_DONE)
			return;
		printf("vgem's fence signalled by itself (10 s) before the jobs were seen held: again\n");
	}
	T_CHECK(0, "%s: vgem's fence expired in each of 3 attempts", name);
}

/*
 * A buffer of another device cannot become an operand: the device's
 * transport has never mapped its pages. The import is refused cleanly.
 */
static void foreign_buffer(int fd, int vfd)
{
	struct g_vgem_bo v;
	uint32_t h = 0;
	int ret;

	printf("import of another device's buffer\n");

	T_CHECK(g_vgem_bo_new(vfd, 4096, &v) == 0, "vgem buffer");
	ret = drmPrimeFDToHandle(fd, v.dmabuf, &h) ? -errno : 0;
	T_CHECK(ret == -EOPNOTSUPP,
		"import of a vgem buffer: %s, expected EOPNOTSUPP",
		ret ? strerror(-ret) : "accepted");
	if (!ret)
		g_bo_close(fd, h);
	T_CHECK(g_vgem_signal(vfd, &v) == 0, "vgem signal");
	g_vgem_bo_del(vfd, &v);
}

static void bad_syncs(int fd)
{
	uint32_t empty = 0, many[17] = { 0 };
	struct job h;
	int ret;

	printf("bad syncs\n");

	T_CHECK(job_make(&h, fd, 4, 32, 0) == 0, "job H");
	T_CHECK(drmSyncobjCreate(fd, 0, &empty) == 0, "syncobj");
	for (int i = 0; i < 17; i++)
		many[i] = h.out;

	ret = g_submit(fd, &h.r.job, 1, h.r.bos, h.r.bo_count,
		       (uint32_t[]){ 0xdead }, 1, h.out);
	T_CHECK(ret == -ENOENT || ret == -EINVAL, "unknown in-sync: %s",
		strerror(-ret));
	ret = g_submit(fd, &h.r.job, 1, h.r.bos, h.r.bo_count, &empty, 1,
		       h.out);
	T_CHECK(ret == -EINVAL || ret == -ENOENT,
		"in-sync without a fence: %s", strerror(-ret));
	ret = g_submit(fd, &h.r.job, 1, h.r.bos, h.r.bo_count, many, 17,
		       h.out);
	T_CHECK(ret == -EINVAL, "17 in-syncs: %s", strerror(-ret));
	ret = g_submit(fd, &h.r.job, 1, h.r.bos, h.r.bo_count, NULL, 1, h.out);
	T_CHECK(ret == -EFAULT, "in-syncs at NULL: %s", strerror(-ret));
	ret = g_submit(fd, &h.r.job, 1, h.r.bos, h.r.bo_count, NULL, 0,
		       0xdead);
	T_CHECK(ret == -ENOENT || ret == -EINVAL, "unknown out-sync: %s",
		strerror(-ret));
	/* A later job of the same client runs after any queued before it. */
	probe(fd);
	T_CHECK(g_raw_job_d_untouched(&h.r), "a refused submission ran");
	T_CHECK(g_sync_wait(fd, h.out, 0) == -EINVAL ||
		g_sync_wait(fd, h.out, 0) == -ETIME,
		"out-sync of refused submissions got a fence");
	drmSyncobjDestroy(fd, empty);
	job_free(&h);
}

/* ------------------------------------------------------------ timelines */

static int submit_points(struct job *j, const uint32_t *in,
			 const uint64_t *in_points, uint32_t nin, uint32_t out,
			 uint64_t out_point)
{
	struct drm_mxa_submit s = {
		.jobs = (uintptr_t)&j->r.job,
		.job_count = 1,
		.bo_count = j->r.bo_count,
		.bos = (uintptr_t)j->r.bos,
		.in_syncs = (uintptr_t)in,
		.in_sync_count = nin,
		.out_sync = out,
		.job_size = sizeof(struct drm_mxa_job),
		.in_points = (uintptr_t)in_points,
		.out_point = out_point,
	};

	return g_ioctl(j->r.fd, DRM_IOCTL_MXA_SUBMIT, &s);
}

/* Waits for point @point of timeline @t; 0 or -errno. */
static int point_wait(int fd, uint32_t t, uint64_t point, int timeout_ms)
{
	int64_t end = (int64_t)(g_now_ns() + (uint64_t)timeout_ms * 1000000ull);

	return drmSyncobjTimelineWait(fd, &t, &point, 1, end,
				      DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL) ?
	       -errno : 0;
}

static void timeline_chain(int fd)
{
	struct job a, b;
	uint32_t t = 0;
	uint64_t one = 1, value = 0;
	int ret;

	printf("timeline: points 1 and 2, the second job waiting for point 1\n");
	T_CHECK(job_make(&a, fd, 8, 64, 0) == 0, "job TA");
	T_CHECK(job_make(&b, fd, 8, 32, 0) == 0, "job TB");
	T_CHECK(drmSyncobjCreate(fd, 0, &t) == 0, "timeline syncobj");
	if (!t_failures) {
		ret = submit_points(&a, NULL, NULL, 0, t, 1);
		T_CHECK(ret == 0, "TA to point 1: %s", strerror(-ret));
		ret = submit_points(&b, &t, &one, 1, t, 2);
		T_CHECK(ret == 0, "TB after point 1, to point 2: %s",
			strerror(-ret));
		ret = point_wait(fd, t, 2, WAIT_MS);
		T_CHECK(ret == 0, "point 2: %s", strerror(-ret));
		T_CHECK(point_wait(fd, t, 1, 0) == 0, "point 1 after point 2");
		T_CHECK(drmSyncobjQuery(fd, &t, &value, 1) == 0 && value == 2,
			"timeline value %llu, expected 2",
			(unsigned long long)value);
		T_CHECK(g_raw_job_check(&a.r, &a.d, "TA") == 0, "TA's D");
		T_CHECK(g_raw_job_check(&b.r, &b.d, "TB") == 0, "TB's D");
	}
	if (t)
		drmSyncobjDestroy(fd, t);
	job_free(&b);
	job_free(&a);
}

static int timeline_held_once(int fd, int fd2, int fd3, int vfd)
{
	struct job h, after;
	struct g_vgem_bo v;
	uint32_t sv = 0, t = 0;
	uint64_t three = 3;
	int again = PART_DONE, ret;

	(void)fd2;
	T_CHECK(job_make(&h, fd, 8, 32, 0) == 0, "job TH");
	T_CHECK(job_make(&after, fd, 4, 32, 0) == 0, "job TH2");
	T_CHECK(g_vgem_bo_new(vfd, 4096, &v) == 0, "vgem buffer");
	T_CHECK(g_syncobj_from_dmabuf(fd, v.dmabuf, &sv) == 0,
		"vgem fence into a syncobj");
	T_CHECK(drmSyncobjCreate(fd, 0, &t) == 0, "timeline syncobj");
	T_CHECK(drmSyncobjTransfer(fd, t, 3, sv, 0, 0) == 0,
		"vgem's fence to point 3: %s", strerror(errno));
	if (!t_failures) {
		ret = submit_points(&h, &t, &three, 1, h.out, 0);
		T_CHECK(ret == 0, "TH after point 3: %s", strerror(-ret));
		/* A second job waits on point 3 by its binary out-sync. */
		ret = submit_points(&after, &h.out, (uint64_t[]){ 0 }, 1,
				    after.out, 0);
		T_CHECK(ret == 0, "TH2 after TH: %s", strerror(-ret));
		if (!t_failures) {
			again = check_held_then_signal(fd, sv, fd3, vfd, &v, &h,
					"TH ran before point 3 signalled",
					&after, "TH2 ran before TH");
			check_done(&h, "TH");
			check_done(&after, "TH2");
		}
	}
	if (t)
		drmSyncobjDestroy(fd, t);
	if (sv)
		drmSyncobjDestroy(fd, sv);
	job_free(&after);
	job_free(&h);
	g_vgem_bo_del(vfd, &v);
	return again;
}

static void timeline_errors(int fd)
{
	struct job e;
	uint32_t t = 0;
	uint64_t nine = 9;
	int ret;

	printf("timeline: refused submissions\n");
	T_CHECK(job_make(&e, fd, 4, 32, 0) == 0, "job TE");
	T_CHECK(drmSyncobjCreate(fd, 0, &t) == 0, "timeline syncobj");
	T_CHECK(drmSyncobjTimelineSignal(fd, &t, (uint64_t[]){ 1 }, 1) == 0,
		"signal point 1");
	ret = submit_points(&e, &t, &nine, 1, e.out, 0);
	T_CHECK(ret == -EINVAL, "point 9 nothing was submitted for: %s",
		strerror(-ret));
	ret = submit_points(&e, NULL, &nine, 0, e.out, 0);
	T_CHECK(ret == -EINVAL, "in-points without in-syncs: %s",
		strerror(-ret));
	ret = submit_points(&e, NULL, NULL, 0, 0, 5);
	T_CHECK(ret == -EINVAL, "out-point without out-sync: %s",
		strerror(-ret));
	ret = submit_points(&e, &t, (const uint64_t *)8, 1, e.out, 0);
	T_CHECK(ret == -EFAULT, "in-points at a bad address: %s",
		strerror(-ret));
	probe(fd);
	T_CHECK(g_raw_job_d_untouched(&e.r), "a refused submission ran");
	/* Point 1 was signalled from userspace: a job may wait for it. */
	ret = submit_points(&e, &t, (uint64_t[]){ 1 }, 1, t, 2);
	T_CHECK(ret == 0, "after a signalled point 1, to point 2: %s",
		strerror(-ret));
	ret = point_wait(fd, t, 2, WAIT_MS);
	T_CHECK(ret == 0, "point 2: %s", strerror(-ret));
	T_CHECK(g_raw_job_check(&e.r, &e.d, "TE") == 0, "TE's D");
	drmSyncobjDestroy(fd, t);
	job_free(&e);
}

static void timelines(int fd, int fd2, int fd3, int vfd)
{
	uint64_t cap = 0;

	T_CHECK(drmGetCap(fd, DRM_CAP_SYNCOBJ_TIMELINE, &cap) == 0 && cap == 1,
		"DRM_CAP_SYNCOBJ_TIMELINE: %llu", (unsigned long long)cap);
	T_CHECK(info.uapi_minor >= 2, "uAPI %u.%u has no timeline points",
		info.uapi_major, info.uapi_minor);
	if (t_failures)
		return;
	timeline_chain(fd);
	held_back(timeline_held_once, "timeline: a point holding vgem's fence",
		  fd, fd2, fd3, vfd);
	timeline_errors(fd);
}

int main(void)
{
	int fd, fd2, fd3, vfd;

	t_rng_seed(&rng, 7);
	fd = g_device_open(NULL, 0, 10000);
	fd2 = g_device_open(NULL, 0, 0);
	fd3 = g_device_open(NULL, 0, 0);
	if (fd < 0 || fd2 < 0 || fd3 < 0 || g_query(fd, &info)) {
		fprintf(stderr, "no mxa device\n");
		return T_FAIL;
	}
	if (mxa_device_open("emu", &emu)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		return T_FAIL;
	}
	{
		struct mxa_device *d;

		if (mxa_device_open("drm", &d) || mxa_device_query(d, &linfo)) {
			fprintf(stderr, "drm: %s\n", mxa_last_error());
			return T_FAIL;
		}
		mxa_device_close(d);
	}
	vfd = g_vgem_open();
	if (vfd < 0) {
		fprintf(stderr, "vgem not loaded: no /dev/dri/card* of vgem\n");
		return T_FAIL;
	}

	out_fence(fd);
	held_back(foreign_in_fence_once,
		  "in-fence of vgem, out-fence to another client", fd, fd2, fd3,
		  vfd);
	held_back(implicit_shared_once,
		  "implicit synchronisation through a shared buffer", fd, fd2,
		  fd3, vfd);
	foreign_buffer(fd, vfd);
	bad_syncs(fd);
	timelines(fd, fd2, fd3, vfd);

	close(vfd);
	close(fd3);
	close(fd2);
	close(fd);
	mxa_device_close(emu);
	return t_exit();
}
