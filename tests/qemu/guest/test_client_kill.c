// SPDX-License-Identifier: MIT
/*
 * test_client_kill.c - a client killed (SIGKILL) while its jobs run: at
 * once after submitting, a little later, while it waits in BO_WAIT, and
 * with buffers it shared with a living client. Afterwards its file is gone
 * from the device's client list, the other client's jobs and buffers are
 * intact, and a new job computes the right D.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xf86drm.h>

#include "guest_job.h"
#include "guest_util.h"

#define JOBS 8

static struct mxa_device *emu;
static struct mxa_device_info linfo;

/* Passes @fd over the unix socket @sock. */
static int send_fd(int sock, int fd)
{
	char data = 'f';
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

/* Receives a file descriptor from the unix socket @sock; -1 on failure. */
static int recv_fd(int sock)
{
	char data;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&m);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * The victim: submits JOBS jobs, passes the last one's D as a dma-buf
 * over @share (a unix socket, unless -1), tells the parent through @ready,
 * then waits on that D (so it is killed inside BO_WAIT when @in_wait), or
 * sleeps.
 */
static void victim(int ready, int in_wait, int share)
{
	struct g_raw_job j[JOBS];
	struct g_data d[JOBS];
	struct t_rng rng;
	int fd = g_device_open(NULL, 0, 0);

	t_rng_seed(&rng, 21);
	if (fd < 0)
		_exit(2);
	for (int i = 0; i < JOBS; i++) {
		struct g_plan p;

		g_plan_random(&p, &linfo, MXA_FMT_E2M1, MXA_FMT_E4M3, 24, 256,
			      &rng);
		if (g_data_make(&d[i], &p, emu, &rng) ||
		    g_raw_job_make(&j[i], fd, &d[i], 0))
			_exit(2);
	}
	for (int i = 0; i < JOBS; i++)
		if (g_submit(fd, &j[i].job, 1, j[i].bos, j[i].bo_count, NULL, 0,
			     0))
			_exit(2);
	if (share >= 0) {
		int dmabuf;

		if (drmPrimeHandleToFD(fd, j[JOBS - 1].handle[G_D],
				       DRM_CLOEXEC | DRM_RDWR, &dmabuf) ||
		    send_fd(share, dmabuf))
			_exit(2);
	}
	if (write(ready, "r", 1) != 1)
		_exit(2);
	if (in_wait) {
		struct drm_mxa_bo_wait w = {
			.handle = j[JOBS - 1].handle[G_D],
			.timeout_ns = (int64_t)(g_now_ns() + 600000000000ull),
		};

		for (;;)
			g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w);
	}
	for (;;)
		pause();
}

/*
 * 1 when the driver's debugfs file mxa/clients lists an open file of @pid,
 * 0 when it does not, -1 when it cannot be read.
 */
static int listed(pid_t pid)
{
	char dir[256], path[300], line[256];
	int found = 0;
	FILE *f;

	if (g_debugfs_dir(dir, sizeof(dir)))
		return -1;
	snprintf(path, sizeof(path), "%s/mxa/clients", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char cmd[64];
		int p;

		if (sscanf(line, "%63s %d", cmd, &p) == 2 && p == pid)
			found = 1;
	}
	fclose(f);
	return found;
}

static void round_(int delay_ms, int in_wait, int share, struct t_rng *rng)
{
	int ready[2], fdpipe[2] = { -1, -1 }, status, imported = -1;
	struct mxa_device *dev;
	uint32_t h = 0;
	char c;
	pid_t pid;
	int fd = -1;

	printf("round: kill %d ms after submitting%s%s\n", delay_ms,
	       in_wait ? ", inside BO_WAIT" : "", share ? ", D shared" : "");
	if (pipe(ready) ||
	    (share && socketpair(AF_UNIX, SOCK_STREAM, 0, fdpipe))) {
		T_CHECK(0, "pipe");
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		victim(ready[1], in_wait, share ? fdpipe[1] : -1);
	}
	close(ready[1]);
	if (share) {
		fd = g_device_open(NULL, 0, 0);
		imported = recv_fd(fdpipe[0]);
		T_CHECK(imported >= 0 && fd >= 0 &&
			drmPrimeFDToHandle(fd, imported, &h) == 0,
			"import of the victim's D");
	}
	T_CHECK(read(ready[0], &c, 1) == 1, "victim did not get ready");
	g_sleep_ms(delay_ms);
	T_CHECK(listed(pid) == 1, "victim not in the clients list");
	kill(pid, SIGKILL);
	T_CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status),
		"victim ended by itself (status 0x%x)", status);
	close(ready[0]);
	if (share) {
		struct drm_mxa_bo_wait w = {
			.handle = h,
			.timeout_ns = (int64_t)(g_now_ns() + 60000000000ull),
		};

		/* The survivor's reference keeps the buffer; the victim's
		 * jobs on it end one way or the other. */
		T_CHECK(g_ioctl(fd, DRM_IOCTL_MXA_BO_WAIT, &w) == 0,
			"BO_WAIT on the shared buffer");
		g_bo_close(fd, h);
		close(imported);
		close(fd);
		close(fdpipe[0]);
		close(fdpipe[1]);
	}
	/* Its exit closed its file: waitpid() returns after that. */
	T_CHECK(listed(pid) == 0, "victim still in the clients list");

	/* The device works for the next client. */
	T_CHECK(mxa_device_open("drm", &dev) == 0, "open: %s",
		mxa_last_error());
	{
		struct g_plan p;

		g_plan_random(&p, &linfo, MXA_FMT_E4M3, MXA_FMT_E4M3, 12, 64,
			      rng);
		T_CHECK(g_lib_run_check(dev, emu, &p, rng, "after kill") == 0,
			"job after the kill");
	}
	mxa_device_close(dev);
}

int main(void)
{
	struct mxa_device *dev;
	struct t_rng rng;

	t_rng_seed(&rng, 3);
	if (mxa_device_open("drm", &dev) || mxa_device_query(dev, &linfo) ||
	    mxa_device_open("emu", &emu)) {
		fprintf(stderr, "libmxa: %s\n", mxa_last_error());
		return T_FAIL;
	}
	T_CHECK(listed(getpid()) == 1, "this process not in mxa/clients");
	mxa_device_close(dev);
	T_CHECK(listed(getpid()) == 0, "this process still in mxa/clients");
	round_(0, 0, 0, &rng);
	round_(300, 0, 0, &rng);
	round_(300, 1, 0, &rng);
	round_(100, 0, 1, &rng);
	mxa_device_close(emu);
	return t_exit();
}
