// SPDX-License-Identifier: MIT
/*
 * test_drm_mock.c - the drm backend against a stand-in for libdrm and
 * mxa.ko. This program defines the libdrm functions the backend calls, so
 * its calls land here (the definitions of the executable come before those
 * of libdrm.so); device nodes are plain files in a temporary directory,
 * each given a driver name. What it checks: finding the node by driver
 * name among render and accel nodes, refusing other drivers and a uAPI
 * of another major version, buffers created, mapped and closed, one
 * submission per job with its buffer list and an out-sync object, waits
 * with absolute deadlines, each fence error mapped to its status and
 * message, job records in a slot of the device's records buffer turned
 * into statistics and exact statuses (a slot for each pending job, none
 * when all are taken, a stale record never read), and no sync object or
 * buffer handle left behind.
 *
 * The real kernel interface is exercised by the QEMU tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/sync_file.h>
#include <xf86drm.h>

#include "../../include/mxa_hw.h"
#include "common/test_util.h"
#include "drm_priv.h"

/* ---------------------------------------------------------------- nodes */

static char root[64];

struct fake_node {
	char path[128];
	const char *driver;
	dev_t dev;
	ino_t ino;
};

static struct fake_node nodes[8];
static unsigned node_count;

/* Render node paths the fake drmGetDevices2() lists (paths of nodes[]). */
static const char *listed[4];
static unsigned listed_count;

/* A path under the test's directory, valid for the next seven calls. */
static const char *node_path(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *node_path(const char *fmt, ...)
{
	static char path[8][128];
	static unsigned next;
	char *p = path[next++ % 8];
	int len = snprintf(p, 128, "%s/", root);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p + len, 128 - (size_t)len, fmt, ap);
	va_end(ap);
	return p;
}

static const char *add_node(const char *path, const char *driver)
{
	struct fake_node *n = &nodes[node_count++];
	struct stat st;
	int fd;

	snprintf(n->path, sizeof(n->path), "%s", path);
	n->driver = driver;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		exit(T_FAIL);
	}
	close(fd);
	n->dev = st.st_dev;
	n->ino = st.st_ino;
	return n->path;
}

static void remove_nodes(void)
{
	for (unsigned i = 0; i < node_count; i++)
		unlink(nodes[i].path);
	node_count = 0;
	listed_count = 0;
}

static const struct fake_node *node_of_fd(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return NULL;
	for (unsigned i = 0; i < node_count; i++)
		if (nodes[i].dev == st.st_dev && nodes[i].ino == st.st_ino)
			return &nodes[i];
	return NULL;
}

/* ---------------------------------------------------------------- mxa.ko */

#define MAX_BOS 16
/* More than the library's records slots (1024), to run out of them. */
#define MAX_SYNCOBJS 1100
#define BO_SPAN (1u << 20)	/* mmap offsets: handle x BO_SPAN */

static struct {
	uint32_t uapi_major;
	int submit_errno;	/* what SUBMIT fails with, 0 for success */
	int fd;			/* the fd the device was queried on */
	int bo_live[MAX_BOS];	/* by handle */
	uint64_t bo_size[MAX_BOS];
	/* sync objects by handle: existing, signalled, with what status */
	int sync_live[MAX_SYNCOBJS];
	int sync_signalled[MAX_SYNCOBJS];
	int sync_status[MAX_SYNCOBJS];
	int export_syncobj;	/* whose sync file is open */
	int64_t last_deadline;
	unsigned submits;
	struct drm_mxa_submit submit;
	struct drm_mxa_job job;
	uint32_t handles[64];
} k;

static const struct drm_mxa_device_info device_info = {
	.uapi_minor = DRM_MXA_UAPI_MINOR,
	.flags = DRM_MXA_DEVICE_SIMULATED,
	.max_jobs = 32,
	.cap_count = MXA_CAPIDX_COUNT,
	.caps = {
		[MXA_CAPIDX_ID] = MXA_HW_ID,
		[MXA_CAPIDX_VERSION] = MXA_HW_VERSION_MAJOR << 16 |
				       MXA_HW_VERSION_MINOR,
		[MXA_CAPIDX_CAP_FLAGS] = MXA_REG_CAP_FLAGS_SIM_MASK,
		[MXA_CAPIDX_CAP_FORMATS] = 0x7f,
		[MXA_CAPIDX_CAP_FORMATS_SO] = 3u | 3u << 16,
		[MXA_CAPIDX_CAP_MODES] = 0x7 | 0x7 << MXA_REG_CAP_MODES_ACC_SHIFT,
		[MXA_CAPIDX_CAP_ARRAY] = 4 | 8 << 8 | 64u << 16,
		[MXA_CAPIDX_CAP_LANE_ELEMS0] = 0x0a0a0808,
		[MXA_CAPIDX_CAP_LANE_ELEMS1] = 0x20081010,
		[MXA_CAPIDX_CAP_BLOCK] = 0x78102020,
		[MXA_CAPIDX_CAP_TRUNC] = 8 | 24 << 8,
		[MXA_CAPIDX_CAP_MAX_M] = 4096,
		[MXA_CAPIDX_CAP_MAX_N] = 4096,
		[MXA_CAPIDX_CAP_MAX_K] = 8192,
		[MXA_CAPIDX_CAP_MEM] = 40 | MXA_HW_VA_BITS << 8 | 128u << 16,
		[MXA_CAPIDX_CAP_BUF] = 512,
	},
	.va_size = 1ull << MXA_HW_VA_BITS,
	.max_bo_size = BO_SPAN,
};

static int fail(int err)
{
	errno = err;
	return -1;
}

static int fake_query(int fd, struct drm_mxa_query *q)
{
	struct drm_mxa_device_info di = device_info;

	T_CHECK(q->what == DRM_MXA_QUERY_DEVICE && q->size == sizeof(di),
		"query %u %u", q->what, q->size);
	di.uapi_major = k.uapi_major;
	memcpy((void *)(uintptr_t)q->ptr, &di, sizeof(di));
	k.fd = fd;
	return 0;
}

static int fake_bo_create(int fd, struct drm_mxa_bo_create *c)
{
	struct stat st;
	uint32_t h;

	T_CHECK(c->flags == 0 && c->size >= 1 && c->size <= BO_SPAN,
		"bo create %#x %llu", c->flags, (unsigned long long)c->size);
	for (h = 1; h < MAX_BOS && k.bo_live[h]; h++)
		;
	if (h == MAX_BOS)
		return fail(ENOMEM);
	/* The node file backs every buffer's pages; it only grows. */
	if (fstat(fd, &st) ||
	    (st.st_size < (off_t)(h + 1) * BO_SPAN &&
	     ftruncate(fd, (off_t)(h + 1) * BO_SPAN)))
		return -1;
	k.bo_live[h] = 1;
	k.bo_size[h] = c->size;
	c->handle = h;
	c->dev_addr = (uint64_t)h << 32;
	return 0;
}

static int fake_mmap_offset(struct drm_mxa_bo_mmap_offset *mo)
{
	if (mo->handle >= MAX_BOS || !k.bo_live[mo->handle] || mo->pad)
		return fail(EINVAL);
	mo->offset = (uint64_t)mo->handle * BO_SPAN;
	return 0;
}

static int fake_submit(struct drm_mxa_submit *s)
{
	k.submits++;
	k.submit = *s;
	if (s->job_count != 1 || s->bo_count < 1 || s->bo_count > 64 ||
	    s->in_sync_count || s->flags & ~DRM_MXA_SUBMIT_RECORDS ||
	    s->out_sync >= MAX_SYNCOBJS || !k.sync_live[s->out_sync] ||
	    s->job_size != sizeof(struct drm_mxa_job) || s->pad)
		return fail(EINVAL);
	if (!(s->flags & DRM_MXA_SUBMIT_RECORDS) &&
	    (s->record_bo || s->record_offset))
		return fail(EINVAL);
	memcpy(&k.job, (void *)(uintptr_t)s->jobs, sizeof(k.job));
	memcpy(k.handles, (void *)(uintptr_t)s->bos,
	       s->bo_count * sizeof(uint32_t));
	for (uint32_t i = 0; i < s->bo_count; i++)
		if (k.handles[i] >= MAX_BOS || !k.bo_live[k.handles[i]])
			return fail(ENOENT);
	if (s->flags & DRM_MXA_SUBMIT_RECORDS &&
	    (s->record_bo >= s->bo_count || s->record_offset % MXA_CMPL_SIZE ||
	     s->record_offset + MXA_CMPL_SIZE >
	     k.bo_size[k.handles[s->record_bo]]))
		return fail(EINVAL);
	if (k.submit_errno)
		return fail(k.submit_errno);
	k.sync_signalled[s->out_sync] = 0;
	return 0;
}

int drmIoctl(int fd, unsigned long request, void *arg)
{
	if (request == SYNC_IOC_FILE_INFO) {
		struct sync_file_info *si = arg;

		T_CHECK(si->num_fences == 0, "sync file info with fences");
		si->status = k.sync_status[k.export_syncobj];
		return 0;
	}
	if (!node_of_fd(fd))
		return fail(ENOTTY);
	switch (request) {
	case DRM_IOCTL_MXA_QUERY:
		return fake_query(fd, arg);
	case DRM_IOCTL_MXA_BO_CREATE:
		return fake_bo_create(fd, arg);
	case DRM_IOCTL_MXA_BO_MMAP_OFFSET:
		return fake_mmap_offset(arg);
	case DRM_IOCTL_MXA_SUBMIT:
		return fake_submit(arg);
	default:
		return fail(ENOTTY);
	}
}

drmVersionPtr drmGetVersion(int fd)
{
	const struct fake_node *n = node_of_fd(fd);
	drmVersionPtr v;

	if (!n) {
		errno = ENOTTY;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	v->name = strdup(n->driver);
	v->name_len = (int)strlen(n->driver);
	return v;
}

void drmFreeVersion(drmVersionPtr v)
{
	free(v->name);
	free(v);
}

int drmGetDevices2(uint32_t flags, drmDevicePtr devices[], int max)
{
	T_CHECK(flags == 0, "drmGetDevices2 flags %#x", flags);
	if (!devices)
		return (int)listed_count;
	for (int i = 0; i < max && i < (int)listed_count; i++) {
		drmDevicePtr d = calloc(1, sizeof(*d));

		d->nodes = calloc(DRM_NODE_MAX, sizeof(char *));
		d->nodes[DRM_NODE_RENDER] = strdup(listed[i]);
		d->available_nodes = 1 << DRM_NODE_RENDER;
		devices[i] = d;
	}
	return max < (int)listed_count ? max : (int)listed_count;
}

void drmFreeDevices(drmDevicePtr devices[], int count)
{
	for (int i = 0; i < count; i++) {
		free(devices[i]->nodes[DRM_NODE_RENDER]);
		free(devices[i]->nodes);
		free(devices[i]);
	}
}

int drmCloseBufferHandle(int fd, uint32_t handle)
{
	T_CHECK(fd == k.fd, "close handle on fd %d", fd);
	if (handle >= MAX_BOS || !k.bo_live[handle])
		return fail(EINVAL);
	k.bo_live[handle] = 0;
	return 0;
}

int drmSyncobjCreate(int fd, uint32_t flags, uint32_t *handle)
{
	uint32_t h;

	T_CHECK(fd == k.fd && flags == 0, "syncobj create %d %#x", fd, flags);
	for (h = 1; h < MAX_SYNCOBJS && k.sync_live[h]; h++)
		;
	if (h == MAX_SYNCOBJS)
		return fail(ENOMEM);
	k.sync_live[h] = 1;
	*handle = h;
	return 0;
}

int drmSyncobjDestroy(int fd, uint32_t handle)
{
	T_CHECK(fd == k.fd, "syncobj destroy on fd %d", fd);
	if (handle >= MAX_SYNCOBJS || !k.sync_live[handle])
		return fail(EINVAL);
	k.sync_live[handle] = 0;
	return 0;
}

int drmSyncobjWait(int fd, uint32_t *handles, unsigned num_handles,
		   int64_t timeout_nsec, unsigned flags,
		   uint32_t *first_signaled)
{
	(void)first_signaled;
	T_CHECK(fd == k.fd && num_handles == 1 && flags == 0,
		"syncobj wait %d %u %#x", fd, num_handles, flags);
	k.last_deadline = timeout_nsec;
	if (handles[0] >= MAX_SYNCOBJS || !k.sync_live[handles[0]]) {
		errno = EINVAL;
		return -EINVAL;
	}
	if (!k.sync_signalled[handles[0]]) {
		errno = ETIME;
		return -ETIME;
	}
	return 0;
}

int drmSyncobjExportSyncFile(int fd, uint32_t handle, int *sync_file_fd)
{
	T_CHECK(fd == k.fd, "export on fd %d", fd);
	if (handle >= MAX_SYNCOBJS || !k.sync_live[handle])
		return fail(EINVAL);
	k.export_syncobj = (int)handle;
	*sync_file_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return *sync_file_fd < 0 ? -1 : 0;
}

static void signal_job(uint32_t syncobj, int status)
{
	k.sync_signalled[syncobj] = 1;
	k.sync_status[syncobj] = status;
}

/*
 * The last submission's job ends with record @rec, written where it asked
 * (as mxa.ko does, before the fence signals), and fence status @status.
 */
static void end_job(const struct mxa_hw_cmpl *rec, int status)
{
	const struct drm_mxa_submit *s = &k.submit;
	off_t at = (off_t)k.handles[s->record_bo] * BO_SPAN +
		   (off_t)s->record_offset;

	T_CHECK(s->flags & DRM_MXA_SUBMIT_RECORDS, "no records asked for");
	T_CHECK(pwrite(k.fd, rec, sizeof(*rec), at) == sizeof(*rec),
		"record write");
	signal_job(s->out_sync, status);
}

static unsigned live(const int *table, unsigned size)
{
	unsigned n = 0;

	for (unsigned i = 0; i < size; i++)
		n += table[i] != 0;
	return n;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---------------------------------------------------------------- finding */

static int find(int *fd, char *path, size_t size)
{
	return mxa__drm_find(node_path("dri"), node_path("accel"), fd, path,
			     size);
}

static void check_find(void)
{
	char path[256];
	int fd = -1;

	T_CHECK(find(&fd, path, sizeof(path)) == -ENODEV, "nothing there");
	T_CHECK(strstr(mxa_last_error(), "no mxa DRM device found (looked at 0 render nodes and 0 accel nodes in ") &&
		strstr(mxa_last_error(), "/accel)"), "%s", mxa_last_error());

	/* Another driver's node, listed by libdrm and in the directory. */
	listed[listed_count++] = add_node(node_path("dri/renderD128"), "i915");
	add_node(node_path("dri/card0"), "mxa");
	T_CHECK(find(&fd, path, sizeof(path)) == -ENODEV, "i915 only");
	T_CHECK(strstr(mxa_last_error(), "looked at 1 render node and 0 accel nodes") &&
		strstr(mxa_last_error(), "other drivers: i915 ("),
		"%s", mxa_last_error());

	/* The accel node of mxa, after the render node of another driver. */
	add_node(node_path("accel/accel1"), "mxa");
	add_node(node_path("accel/accel0"), "vpu");
	add_node(node_path("accel/accel"), "mxa");
	T_CHECK(!find(&fd, path, sizeof(path)), "%s", mxa_last_error());
	T_CHECK(!strcmp(path, node_path("accel/accel1")), "found %s", path);
	T_CHECK(fd >= 0 && node_of_fd(fd) == &nodes[2], "fd of accel1");
	T_CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, "close-on-exec");
	close(fd);

	/* Render nodes come first, lowest number first, whoever lists them. */
	listed[listed_count++] = add_node(node_path("dri/renderD130"), "mxa");
	add_node(node_path("dri/renderD129"), "mxa");
	T_CHECK(!find(&fd, path, sizeof(path)), "%s", mxa_last_error());
	T_CHECK(!strcmp(path, node_path("dri/renderD129")), "found %s", path);
	close(fd);
	remove_nodes();
}

static void check_open_node(void)
{
	struct mxa_device *dev = NULL;
	char spec[160];

	add_node(node_path("dri/renderD128"), "vgem");
	snprintf(spec, sizeof(spec), "drm:%s", nodes[0].path);
	T_CHECK(mxa_device_open(spec, &dev) == -ENODEV && !dev, "vgem node");
	T_CHECK(strstr(mxa_last_error(), "driver 'vgem', not of mxa"), "%s",
		mxa_last_error());
	T_CHECK(mxa_device_open("drm:/dev/null", &dev) == -ENODEV, "/dev/null");
	T_CHECK(strstr(mxa_last_error(), "not a DRM device node"), "%s",
		mxa_last_error());
	snprintf(spec, sizeof(spec), "drm:%s", node_path("dri/renderD200"));
	T_CHECK(mxa_device_open(spec, &dev) == -ENOENT, "missing node");
	T_CHECK(strstr(mxa_last_error(), "renderD200': cannot open it: "), "%s",
		mxa_last_error());
	remove_nodes();
}

/* ---------------------------------------------------------------- device */

/* Opens a new mxa node by its path; 0 or what mxa_device_open() says. */
static int try_open_mxa(struct mxa_device **dev)
{
	char spec[160];

	add_node(node_path("dri/renderD128"), "mxa");
	snprintf(spec, sizeof(spec), "drm:%s", nodes[0].path);
	return mxa_device_open(spec, dev);
}

static struct mxa_device *open_mxa(void)
{
	struct mxa_device *dev = NULL;

	T_CHECK(!try_open_mxa(&dev) && dev, "%s", mxa_last_error());
	return dev;
}

static void check_query(void)
{
	struct mxa_device_info info;
	struct mxa_device *dev;
	char want[64];

	k.uapi_major = DRM_MXA_UAPI_MAJOR + 1;
	dev = NULL;
	T_CHECK(try_open_mxa(&dev) == -EPROTO && !dev,
		"uAPI of another major version");
	snprintf(want, sizeof(want), "uAPI version %u.%u, this libmxa knows %u.%u",
		 DRM_MXA_UAPI_MAJOR + 1, DRM_MXA_UAPI_MINOR, DRM_MXA_UAPI_MAJOR,
		 DRM_MXA_UAPI_MINOR);
	T_CHECK(strstr(mxa_last_error(), want), "%s", mxa_last_error());
	T_CHECK(fcntl(k.fd, F_GETFD) < 0 && errno == EBADF, "node left open");
	mxa_device_close(dev);
	remove_nodes();

	k.uapi_major = DRM_MXA_UAPI_MAJOR;
	dev = open_mxa();
	T_CHECK(!mxa_device_query(dev, &info), "query");
	T_CHECK(info.backend == MXA_BACKEND_DRM && info.simulated,
		"backend %d simulated %d", info.backend, info.simulated);
	T_CHECK(info.formats == 0x7f && info.scale_modes == 7 &&
		info.acc_modes == 7, "caps %#x %#x %#x", info.formats,
		info.scale_modes, info.acc_modes);
	T_CHECK(info.array_rows == 4 && info.array_cols == 8 &&
		info.max_k == 8192 && info.trunc_w_min == 8 &&
		info.trunc_w_max == 24 && info.lane_elems[MXA_FMT_E2M1] == 16,
		"decoded caps");
	T_CHECK(strstr(info.name, "simulated") && strstr(info.name, "renderD128"),
		"name '%s'", info.name);
	mxa_device_close(dev);
	T_CHECK(fcntl(k.fd, F_GETFD) < 0 && errno == EBADF, "node left open");
	remove_nodes();
}

static void check_buffers(void)
{
	struct mxa_device *dev = open_mxa();
	struct mxa_buffer *a = NULL, *b = NULL, *big = NULL;

	T_CHECK(!mxa_buffer_new(dev, 100, &a), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(dev, BO_SPAN, &b), "%s", mxa_last_error());
	T_CHECK(mxa_buffer_new(dev, BO_SPAN + 1, &big) == -ENOMEM && !big,
		"larger than max_bo_size");
	T_CHECK(mxa_buffer_new(dev, SIZE_MAX, &big) == -ENOMEM && !big,
		"absurd size");
	T_CHECK(a && b && mxa_buffer_size(a) == 100, "sizes");
	/* Handle 1 is the device's records buffer. */
	T_CHECK(live(k.bo_live, MAX_BOS) == 3, "two handles and the records");
	if (a && b) {
		uint8_t *pa = mxa_buffer_map(a), *pb = mxa_buffer_map(b);
		uint8_t byte = 0;

		T_CHECK(a->dev_addr == 2ull << 32 && b->dev_addr == 3ull << 32,
			"dev_addr %llx %llx", (unsigned long long)a->dev_addr,
			(unsigned long long)b->dev_addr);
		/* The maps are the node's pages at each buffer's offset. */
		pa[5] = 0x5a;
		pb[BO_SPAN - 1] = 0x77;
		T_CHECK(pread(k.fd, &byte, 1, 2 * BO_SPAN + 5) == 1 &&
			byte == 0x5a, "A at its mmap offset: %#x", byte);
		T_CHECK(pread(k.fd, &byte, 1, 4 * BO_SPAN - 1) == 1 &&
			byte == 0x77, "B at its mmap offset: %#x", byte);
	}
	mxa_buffer_del(a);
	mxa_buffer_del(b);
	T_CHECK(live(k.bo_live, MAX_BOS) == 1, "handles left open");
	mxa_device_close(dev);
	T_CHECK(live(k.bo_live, MAX_BOS) == 0, "records buffer left open");
	remove_nodes();
}

/* ---------------------------------------------------------------- jobs */

struct fixture {
	struct mxa_device *dev;
	struct mxa_buffer *a, *b, *cd;
	struct mxa_matmul job;
};

static void setup(struct fixture *f)
{
	f->dev = open_mxa();
	T_CHECK(!mxa_buffer_new(f->dev, 4 * 64, &f->a), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, 3 * 64, &f->b), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, 4096, &f->cd), "%s", mxa_last_error());
	memset(&f->job, 0, sizeof(f->job));
	f->job.m = 4;
	f->job.n = 3;
	f->job.k = 64;
	f->job.a_format = MXA_FMT_E4M3;
	f->job.b_format = MXA_FMT_E2M1;
	f->job.acc = MXA_ACC_TRUNC;
	f->job.out_format = MXA_FMT_FP32;
	f->job.a.buf = f->a;
	f->job.b.buf = f->b;
	f->job.c.buf = f->cd;
	f->job.d.buf = f->cd;
	f->job.d.offset = 2048;
}

static void teardown(struct fixture *f)
{
	mxa_buffer_del(f->a);
	mxa_buffer_del(f->b);
	mxa_buffer_del(f->cd);
	mxa_device_close(f->dev);
	T_CHECK(live(k.bo_live, MAX_BOS) == 0, "buffer handles left open");
	T_CHECK(live(k.sync_live, MAX_SYNCOBJS) == 0, "sync objects left");
	remove_nodes();
}

static uint32_t handle_of(const struct mxa_buffer *buf)
{
	return (uint32_t)(buf->dev_addr >> 32);
}

static void check_job(void)
{
	struct mxa_job_stats stats;
	struct mxa_fence *fence = NULL;
	struct fixture f;
	uint32_t syncobj;
	int64_t before;

	setup(&f);
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence) && fence, "%s",
		mxa_last_error());
	if (!fence) {
		teardown(&f);
		return;
	}
	syncobj = k.submit.out_sync;
	T_CHECK(k.submits == 1 && k.submit.job_count == 1 &&
		k.submit.bo_count == 4 && k.submit.in_sync_count == 0,
		"submission: %u jobs, %u bos", k.submit.job_count,
		k.submit.bo_count);
	/* The records buffer, last, is none of the job's. */
	T_CHECK(k.handles[0] == handle_of(f.a) &&
		k.handles[1] == handle_of(f.b) &&
		k.handles[2] == handle_of(f.cd) && k.handles[3] == 1,
		"bo list %u %u %u %u", k.handles[0], k.handles[1],
		k.handles[2], k.handles[3]);
	T_CHECK(k.submit.flags == DRM_MXA_SUBMIT_RECORDS &&
		k.submit.record_bo == 3 && k.submit.record_offset == 0,
		"records: flags %#x bo %u offset %llu", k.submit.flags,
		k.submit.record_bo,
		(unsigned long long)k.submit.record_offset);
	T_CHECK(k.job.a_format == MXA_HW_FMT_E4M3 &&
		k.job.b_format == MXA_HW_FMT_E2M1 &&
		k.job.acc_mode == MXA_HW_ACC_TRUNC &&
		k.job.trunc_w == MXA_TRUNC_DEFAULT_BITS &&
		k.job.flags == DRM_MXA_JOB_HAS_C && k.job.c.bo == 2 &&
		k.job.d.bo == 2 && k.job.d.offset == 2048 &&
		k.job.b.stride == 32, "job as submitted");

	/* Pending: a poll and a bounded wait time out, stats are busy. */
	before = now_ns();
	T_CHECK(mxa_fence_wait(fence, 0) == -ETIME, "poll");
	T_CHECK(k.last_deadline >= before && k.last_deadline <= now_ns(),
		"poll deadline %lld", (long long)k.last_deadline);
	before = now_ns();
	T_CHECK(mxa_fence_wait(fence, 5000000) == -ETIME, "bounded wait");
	T_CHECK(strstr(mxa_last_error(), "not ended after 5000000 ns"), "%s",
		mxa_last_error());
	T_CHECK(k.last_deadline >= before + 5000000 &&
		k.last_deadline <= now_ns() + 5000000, "deadline");
	T_CHECK(mxa_fence_stats(fence, &stats) == -EBUSY, "stats pending");

	end_job(&(struct mxa_hw_cmpl){
			.seq = 9, .cycles = 1234, .bytes_read = 700,
			.bytes_written = 48, .macs = 4 * 3 * 64,
			.dma_stall = 55, .compute_stall = 66 }, 1);
	T_CHECK(mxa_fence_wait(fence, -1) == 0, "%s", mxa_last_error());
	T_CHECK(k.last_deadline == INT64_MAX, "no time-out: %lld",
		(long long)k.last_deadline);
	T_CHECK(!k.sync_live[syncobj], "sync object kept after the end");
	T_CHECK(mxa_fence_wait(fence, 0) == 0, "second wait");
	T_CHECK(!mxa_fence_stats(fence, &stats), "stats");
	T_CHECK(stats.macs == 4 * 3 * 64 && stats.cycles == 1234 &&
		stats.bytes_read == 700 && stats.bytes_written == 48 &&
		stats.dma_stall_cycles == 55 && stats.compute_stall_cycles == 66,
		"stats from the record: macs %llu cycles %llu",
		(unsigned long long)stats.macs,
		(unsigned long long)stats.cycles);
	mxa_fence_del(fence);

	/*
	 * The same slot again, its old record cleared: a job the kernel wrote
	 * no record for has only its MACs, and the fence's status.
	 */
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence), "%s",
		mxa_last_error());
	T_CHECK(k.submit.record_offset == 0, "slot 0 reused");
	signal_job(k.submit.out_sync, 1);
	T_CHECK(mxa_fence_wait(fence, -1) == 0, "%s", mxa_last_error());
	T_CHECK(!mxa_fence_stats(fence, &stats) &&
		stats.macs == 4 * 3 * 64 && !stats.cycles &&
		!stats.bytes_read && !stats.bytes_written &&
		!stats.dma_stall_cycles && !stats.compute_stall_cycles,
		"stats without a record: macs %llu cycles %llu",
		(unsigned long long)stats.macs,
		(unsigned long long)stats.cycles);
	mxa_fence_del(fence);

	/* A fence deleted while its job runs lets go of its sync object. */
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence), "%s",
		mxa_last_error());
	T_CHECK(live(k.sync_live, MAX_SYNCOBJS) == 1, "one sync object");
	mxa_fence_del(fence);
	T_CHECK(live(k.sync_live, MAX_SYNCOBJS) == 0, "pending fence deleted");

	/* Rejected by the kernel: -EINVAL, nothing left behind. */
	k.submit_errno = EINVAL;
	fence = NULL;
	T_CHECK(mxa_matmul_submit(f.dev, &f.job, &fence) == -EINVAL && !fence,
		"rejected");
	T_CHECK(strstr(mxa_last_error(), "rejected the 4x3x64 job"), "%s",
		mxa_last_error());
	k.submit_errno = ENODEV;
	T_CHECK(mxa_matmul_submit(f.dev, &f.job, &fence) == -ENODEV && !fence,
		"device gone at submission");
	k.submit_errno = 0;
	T_CHECK(live(k.sync_live, MAX_SYNCOBJS) == 0, "failed submissions");
	teardown(&f);
}

static void check_job_errors(void)
{
	static const struct {
		int status;
		const char *words;
	} cases[] = {
		{ -EFAULT, "MMU fault" },
		{ -ETIMEDOUT, "time-out" },
		{ -EIO, "device reported an error" },
		{ -ENODEV, "device is gone" },
		{ -ECANCELED, "cancelled" },
		{ -ENOMEM, "the job failed: " },
	};
	struct fixture f;

	setup(&f);
	for (size_t i = 0; i < MXA_ARRAY_SIZE(cases); i++) {
		struct mxa_fence *fence = NULL;
		struct mxa_job_stats stats;

		T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence), "%s",
			mxa_last_error());
		if (!fence)
			continue;
		signal_job(k.submit.out_sync, cases[i].status);
		T_CHECK(mxa_fence_wait(fence, -1) == cases[i].status,
			"status %d", cases[i].status);
		T_CHECK(strstr(mxa_last_error(), cases[i].words), "%d: %s",
			cases[i].status, mxa_last_error());
		/* Reported again, to whoever waits again. */
		mxa__clear_error();
		T_CHECK(mxa_fence_wait(fence, 0) == cases[i].status &&
			strstr(mxa_last_error(), cases[i].words), "again: %s",
			mxa_last_error());
		T_CHECK(!mxa_fence_stats(fence, &stats) && stats.macs == 0,
			"no MACs for a failed job");
		mxa_fence_del(fence);
	}
	teardown(&f);
}

/*
 * A record's status, mapped as the sim backend and the driver map it (the
 * errno of enum STATUS in the interface description).
 */
static void check_record_errors(void)
{
	static const struct {
		uint16_t status, detail;
		int fence_status;	/* what the kernel's fence carries */
		int ret;
		const char *words;
	} cases[] = {
		{ MXA_HW_STATUS_MMU_READONLY, MXA_HW_STREAM_D, -EFAULT, -EFAULT,
		  "job 77: MMU fault MMU_READONLY on stream D at device address 0x1234000" },
		{ MXA_HW_STATUS_MMU_UNMAPPED, MXA_HW_STREAM_A, -EFAULT, -EFAULT,
		  "MMU fault MMU_UNMAPPED on stream A at device address 0x1234000" },
		{ MXA_HW_STATUS_MMU_BAD_PTE, MXA_HW_STREAM_B, -EFAULT, -EFAULT,
		  "MMU fault MMU_BAD_PTE on stream B" },
		{ MXA_HW_STATUS_INVALID_CODE, MXA_HW_STREAM_A, -EINVAL, -EINVAL,
		  "invalid code in stream A at device address 0x1234000" },
		{ MXA_HW_STATUS_BAD_DESC, 0x18, -EIO, -EIO,
		  "BAD_DESC at field offset 0x18" },
		{ MXA_HW_STATUS_BUS_ERROR, MXA_HW_STREAM_C, -EIO, -EIO,
		  "bus error on stream C at bus address 0x1234000" },
		{ MXA_HW_STATUS_ABORTED, 0, -ECANCELED, -ECANCELED,
		  "job 77: aborted" },
		{ 99, 3, -EIO, -EIO, "device status 99 (detail 3" },
	};
	struct fixture f;

	setup(&f);
	for (size_t i = 0; i < MXA_ARRAY_SIZE(cases); i++) {
		struct mxa_fence *fence = NULL;
		struct mxa_job_stats stats;

		T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence), "%s",
			mxa_last_error());
		if (!fence)
			continue;
		end_job(&(struct mxa_hw_cmpl){
				.seq = 77, .status = cases[i].status,
				.detail = cases[i].detail,
				.fault_addr = 0x1234000, .cycles = 40,
				.bytes_read = 16 }, cases[i].fence_status);
		T_CHECK(mxa_fence_wait(fence, -1) == cases[i].ret,
			"status %u: %d", cases[i].status, cases[i].ret);
		T_CHECK(strstr(mxa_last_error(), cases[i].words), "%u: %s",
			cases[i].status, mxa_last_error());
		/* What the device did before it failed. */
		T_CHECK(!mxa_fence_stats(fence, &stats) && stats.cycles == 40 &&
			stats.bytes_read == 16 && stats.macs == 0,
			"stats of a failed job");
		mxa_fence_del(fence);
	}
	teardown(&f);
}

/*
 * Every pending job holds a slot of its own; with all taken, a job goes
 * without records; a slot comes back with its fence, waited or deleted,
 * and when the device closes with jobs pending.
 */
static void check_record_slots(void)
{
	static struct mxa_fence *fences[1024];
	struct mxa_fence *extra = NULL;
	struct mxa_job_stats stats;
	struct fixture f;
	int distinct = 1;

	setup(&f);
	for (unsigned i = 0; i < MXA_ARRAY_SIZE(fences); i++) {
		T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fences[i]), "%s",
			mxa_last_error());
		if (!(k.submit.flags & DRM_MXA_SUBMIT_RECORDS) ||
		    k.submit.record_offset != (uint64_t)i * MXA_CMPL_SIZE)
			distinct = 0;
	}
	T_CHECK(distinct, "a slot of its own for each of 1024 jobs");
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &extra), "%s",
		mxa_last_error());
	T_CHECK(k.submit.flags == 0 && k.submit.record_bo == 0 &&
		k.submit.record_offset == 0 && k.submit.bo_count == 3,
		"no slot left: flags %#x", k.submit.flags);
	signal_job(k.submit.out_sync, 1);
	T_CHECK(!mxa_fence_wait(extra, -1) && !mxa_fence_stats(extra, &stats) &&
		stats.macs == 4 * 3 * 64 && !stats.cycles,
		"job without a slot: macs %llu", (unsigned long long)stats.macs);
	mxa_fence_del(extra);

	/* Slot 500 comes back by a delete; slot 3 by a wait. */
	mxa_fence_del(fences[500]);
	fences[500] = NULL;
	signal_job((uint32_t)fences[3]->seqno, 1);
	T_CHECK(!mxa_fence_wait(fences[3], -1), "%s", mxa_last_error());
	mxa_fence_del(fences[3]);
	fences[3] = NULL;
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fences[3]) &&
		k.submit.record_offset == 3 * MXA_CMPL_SIZE, "slot 3 again");
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fences[500]) &&
		k.submit.record_offset == 500 * MXA_CMPL_SIZE, "slot 500 again");

	/* Closed with every job pending: settled, the records go too. */
	mxa_device_close(f.dev);
	f.dev = NULL;
	T_CHECK(!k.bo_live[1], "records buffer left open");
	T_CHECK(mxa_fence_wait(fences[0], 0) == -ECANCELED, "settled");
	for (unsigned i = 0; i < MXA_ARRAY_SIZE(fences); i++)
		mxa_fence_del(fences[i]);
	T_CHECK(live(k.sync_live, MAX_SYNCOBJS) == MXA_ARRAY_SIZE(fences),
		"sync objects are the closed file's");
	/* What closing the file does in the kernel. */
	memset(k.sync_live, 0, sizeof(k.sync_live));
	memset(k.bo_live, 0, sizeof(k.bo_live));
	teardown(&f);
}

/* "auto" takes an mxa device where there is one, else the emulator. */
static void check_auto(void)
{
	struct mxa_device_info info;
	struct mxa_device *dev = NULL;

	T_CHECK(!mxa_device_open("auto", &dev), "%s", mxa_last_error());
	T_CHECK(!mxa_device_query(dev, &info) &&
		info.backend == MXA_BACKEND_EMU, "auto without a device");
	mxa_device_close(dev);

	k.uapi_major = DRM_MXA_UAPI_MAJOR;
	listed[listed_count++] = add_node(node_path("dri/renderD128"), "mxa");
	T_CHECK(!mxa_device_open("auto", &dev), "%s", mxa_last_error());
	T_CHECK(!mxa_device_query(dev, &info) &&
		info.backend == MXA_BACKEND_DRM, "auto with a device: %d",
		info.backend);
	mxa_device_close(dev);
	T_CHECK(mxa_device_open("auto:x", &dev) == -EINVAL, "auto options");
	remove_nodes();
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/mxa-drm-XXXXXX");
	if (!mkdtemp(root)) {
		perror(root);
		return T_FAIL;
	}
	if (mkdir(node_path("dri"), 0700) || mkdir(node_path("accel"), 0700)) {
		perror(root);
		return T_FAIL;
	}

	check_find();
	check_open_node();
	check_query();
	check_buffers();
	check_job();
	check_job_errors();
	check_record_errors();
	check_record_slots();
	check_auto();

	rmdir(node_path("dri"));
	rmdir(node_path("accel"));
	rmdir(root);
	return t_exit();
}
