// SPDX-License-Identifier: MIT
/*
 * test_stress.c - the device under load: PROCS client processes run JOBS
 * random matmul jobs each (random formats and modes, small shapes, two in
 * flight per client) through libmxa's drm backend, each D compared bit
 * for bit with the emulator's. Meanwhile clients are killed (SIGKILL) at
 * random moments and replaced by new ones that run the rest of their
 * jobs, and once, halfway, the device goes away and comes back: mxa-simd
 * is killed and started again, or in the board-like guest the device is
 * unbound from the driver and bound again. Clients whose device went away
 * open the new one and go on. Through the bridge, mxa-simd runs with a
 * memory latency of one cycle: the test is about the device's life, not
 * its timing, and a job takes a fifth of the time.
 *
 * Every job a living client submitted must end (none lost): right (D
 * bit-exact, none wrong), or with an error status only if the device went
 * away while it was in flight. At the end no client is left in the
 * driver's list and the guest's shared memory (where buffers live) is
 * back to what it was before.
 *
 *   test_stress [procs [jobs]]     (default 8 x 100; make stress-guest
 *                                   runs 8 x 1,000)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_job.h"
#include "guest_util.h"

#define MAX_PROCS 32
#define IN_FLIGHT 2
/* A job's fence must end within this, restarts included. */
#define JOB_WAIT_MS 60000
/*
 * Shared memory may differ this much for other reasons: less than the
 * three pages of the smallest job's buffers.
 */
#define SHMEM_SLACK_KB 8

/* Counts shared by the clients and the parent. */
struct shared {
	long done[MAX_PROCS];	/* jobs of each slot ended and accounted */
	long right, ended_by_restart, wrong, lost, bad_status, not_made;
	long epoch;		/* odd while the device is going or coming */
};

static struct shared *sh;
static int jobs_per_slot;

static long epoch_now(void)
{
	return __atomic_load_n(&sh->epoch, __ATOMIC_SEQ_CST);
}

static void count(long *c)
{
	__atomic_add_fetch(c, 1, __ATOMIC_SEQ_CST);
}

/* The device of a client, opened again after the device went away. */
static struct mxa_device *device_open(int slot)
{
	struct mxa_device *dev = NULL;
	uint64_t end = g_now_ns() + 120000000000ull;

	while (mxa_device_open("drm", &dev)) {
		if (g_now_ns() > end) {
			fprintf(stderr, "client %d: no device for 120 s: %s\n",
				slot, mxa_last_error());
			return NULL;
		}
		/* Until the restart brings a node back. */
		int fd = g_device_open(NULL, 0, 1000);

		if (fd >= 0)
			close(fd);
	}
	return dev;
}

struct flight {
	struct g_lib_job job;
	struct g_data data;
	long epoch;		/* when it was submitted */
	int live;
};

/* Waits for one job and accounts for it. */
static void settle(int slot, struct flight *f)
{
	int ret = mxa_fence_wait(f->job.fence, (int64_t)JOB_WAIT_MS * 1000000);

	if (ret == 0) {
		if (g_data_check(&f->data, mxa_buffer_map(f->job.buf[G_D]),
				 "stress job"))
			count(&sh->wrong);
		else
			count(&sh->right);
	} else if (ret == -ETIME) {
		fprintf(stderr, "client %d: a job's fence did not end in %d s\n",
			slot, JOB_WAIT_MS / 1000);
		count(&sh->lost);
	} else if (f->epoch != epoch_now() || (f->epoch & 1)) {
		count(&sh->ended_by_restart);
	} else {
		fprintf(stderr, "client %d: a job ended with %s, no restart\n",
			slot, strerror(-ret));
		count(&sh->bad_status);
	}
	count(&sh->done[slot]);
	g_lib_job_free(&f->job);
	g_data_free(&f->data);
	f->live = 0;
}

static int client(int slot, unsigned generation)
{
	struct flight fl[IN_FLIGHT] = { 0 };
	struct mxa_device *dev, *emu;
	struct mxa_device_info info;
	struct t_rng rng;
	long dev_epoch = epoch_now();	/* when the device was opened */

	t_rng_seed(&rng, 7000 + (uint64_t)slot * 131 + generation);
	if (mxa_device_open("emu", &emu))
		return 1;
	dev = device_open(slot);
	if (!dev || mxa_device_query(dev, &info))
		return 1;
	while (__atomic_load_n(&sh->done[slot], __ATOMIC_SEQ_CST) +
	       fl[0].live + fl[1].live < jobs_per_slot) {
		struct flight *f = fl[0].live ? &fl[1] : &fl[0];
		struct g_plan p;
		int a, b;

		do {
			a = (int)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
			b = (int)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
		} while (!(info.formats >> a & 1) || !(info.formats >> b & 1));
		g_plan_random(&p, &info, a, b, 16, 64, &rng);
		if (g_data_make(&f->data, &p, emu, &rng))
			return 1;
		f->epoch = epoch_now();
		if (g_lib_job_make(&f->job, dev, &f->data) ||
		    g_lib_job_submit(&f->job, dev)) {
			/* The device went away under this client: the jobs
			 * in flight end, then a new device. */
			g_lib_job_free(&f->job);
			g_data_free(&f->data);
			if (dev_epoch == epoch_now() && !(dev_epoch & 1)) {
				count(&sh->not_made);
				return 1;
			}
			for (int i = 0; i < IN_FLIGHT; i++)
				if (fl[i].live)
					settle(slot, &fl[i]);
			mxa_device_close(dev);
			dev_epoch = epoch_now();
			dev = device_open(slot);
			if (!dev)
				return 1;
			continue;
		}
		f->live = 1;
		if (fl[0].live && fl[1].live)
			settle(slot, &fl[0]);
	}
	for (int i = 0; i < IN_FLIGHT; i++)
		if (fl[i].live)
			settle(slot, &fl[i]);
	mxa_device_close(dev);
	mxa_device_close(emu);
	return 0;
}

static pid_t spawn(int slot, unsigned generation)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc = client(slot, generation);

		fflush(NULL);
		_exit(rc);
	}
	return pid;
}

static long total_done(int procs)
{
	long n = 0;

	for (int i = 0; i < procs; i++)
		n += __atomic_load_n(&sh->done[i], __ATOMIC_SEQ_CST);
	return n;
}

/*
 * Shmem of /proc/meminfo, in kB: where the buffers' pages live; less what
 * this test's output takes when it goes to a file of the guest's tmpfs
 * (it grows with the clients' messages).
 */
static long shmem_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");
	struct stat out;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Shmem: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	fflush(stdout);
	if (kb >= 0 && fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode))
		kb -= (long)out.st_blocks / 2;
	return kb;
}

/* Through the bridge: mxa-simd as this test runs it. */
#define SIMD_OPTION "--latency=1"

/* Kills mxa-simd and starts it again with @option; waits for its node. */
static int simd_restart(const char *option)
{
	int fd;

	if (g_simd_kill(SIGKILL, 20000)) {
		fprintf(stderr, "mxa-simd did not end\n");
		return -1;
	}
	if (g_simd_start(option) <= 0) {
		fprintf(stderr, "mxa-simd did not start\n");
		return -1;
	}
	fd = g_device_open(NULL, 0, G_DEVICE_WAIT_MS);
	if (fd < 0) {
		fprintf(stderr, "no device after mxa-simd started\n");
		return -1;
	}
	close(fd);
	return 0;
}

/* The device goes away and comes back. */
static void restart(void)
{
	char name[256], path[320];
	const char *driver_dir;
	FILE *f;
	int fd;

	__atomic_add_fetch(&sh->epoch, 1, __ATOMIC_SEQ_CST);
	if (g_platform()) {
		T_CHECK(g_transport_device(name, sizeof(name), &driver_dir) == 0,
			"no platform device");
		snprintf(path, sizeof(path), "%s/unbind", driver_dir);
		f = fopen(path, "w");
		T_CHECK(f && fputs(name, f) >= 0 && fclose(f) == 0, "unbind");
		snprintf(path, sizeof(path), "%s/bind", driver_dir);
		f = fopen(path, "w");
		T_CHECK(f && fputs(name, f) >= 0 && fclose(f) == 0, "bind");
		printf("restart: %s unbound and bound again\n", name);
	} else {
		T_CHECK(simd_restart(SIMD_OPTION) == 0, "mxa-simd restart");
		printf("restart: mxa-simd killed and started again\n");
	}
	fd = g_device_open(NULL, 0, G_DEVICE_WAIT_MS);
	T_CHECK(fd >= 0, "no device after the restart");
	if (fd >= 0)
		close(fd);
	__atomic_add_fetch(&sh->epoch, 1, __ATOMIC_SEQ_CST);
}

int main(int argc, char **argv)
{
	int procs = argc > 1 ? atoi(argv[1]) : 8;
	pid_t pid[MAX_PROCS];
	unsigned generation = 0;
	long total, next_kill, kills = 0, shmem_before, shmem_after;
	int restarted = 0, clients_left;
	struct t_rng rng;
	uint64_t start = g_now_ns();

	jobs_per_slot = argc > 2 ? atoi(argv[2]) : 100;
	if (procs < 1 || procs > MAX_PROCS || jobs_per_slot < 1) {
		fprintf(stderr, "usage: test_stress [procs (1-%d) [jobs]]\n",
			MAX_PROCS);
		return T_FAIL;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return T_FAIL;
	memset(sh, 0, sizeof(*sh));
	t_rng_seed(&rng, 99);
	total = (long)procs * jobs_per_slot;
	if (!g_platform() && simd_restart(SIMD_OPTION))
		return T_FAIL;
	shmem_before = shmem_kb();

	for (int i = 0; i < procs; i++)
		pid[i] = spawn(i, generation++);
	/* A kill every 1/16 of the jobs or so; the restart at half. */
	next_kill = 1 + (long)t_rng_below(&rng, (uint32_t)(total / 8 + 1));
	for (;;) {
		long done = total_done(procs);
		int running = 0;

		for (int i = 0; i < procs; i++) {
			int status;

			if (pid[i] > 0 && waitpid(pid[i], &status, WNOHANG) == pid[i]) {
				T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
					"client %d failed (status 0x%x)", i, status);
				pid[i] = 0;
			}
			running += pid[i] > 0;
		}
		if (!running)
			break;
		if (!restarted && done >= total / 2) {
			restart();
			restarted = 1;
		}
		if (done >= next_kill && done < total - procs) {
			int i = (int)t_rng_below(&rng, (uint32_t)procs);

			if (pid[i] > 0) {
				int status;

				kill(pid[i], SIGKILL);
				waitpid(pid[i], &status, 0);
				kills++;
				/* Its jobs in flight died with it. */
				pid[i] = spawn(i, generation++);
			}
			next_kill = done + 1 +
				    (long)t_rng_below(&rng, (uint32_t)(total / 8 + 1));
		}
		g_sleep_ms(20);
	}

	/* Nothing of the clients is left: the driver lists none, and their
	 * buffers' pages are free again. */
	clients_left = -1;
	{
		char dir[256], path[300], line[128];
		FILE *f;

		if (g_debugfs_dir(dir, sizeof(dir)) == 0) {
			snprintf(path, sizeof(path), "%s/mxa/clients", dir);
			f = fopen(path, "r");
			clients_left = 0;
			while (f && fgets(line, sizeof(line), f))
				clients_left++;
			if (f)
				fclose(f);
			clients_left--;	/* the heading */
		}
	}
	/* The last jobs' buffers go when the scheduler has freed the jobs,
	 * after their fences: wait for that, up to 30 s. */
	for (int ms = 0; ms < 30000; ms += 100) {
		shmem_after = shmem_kb();
		if (shmem_after <= shmem_before + SHMEM_SLACK_KB)
			break;
		g_sleep_ms(100);
	}
	printf("%d clients x %d jobs in %.1f s: %ld right, %ld ended by the restart, %ld wrong, %ld lost, %ld with an error without a restart; %ld clients killed; shared memory %ld kB before, %ld kB after\n",
	       procs, jobs_per_slot, (double)(g_now_ns() - start) / 1e9,
	       sh->right, sh->ended_by_restart, sh->wrong, sh->lost,
	       sh->bad_status, kills, shmem_before, shmem_after);
	T_CHECK(restarted, "the device was not restarted");
	T_CHECK(sh->wrong == 0, "%ld wrong results", sh->wrong);
	T_CHECK(sh->lost == 0, "%ld jobs lost", sh->lost);
	T_CHECK(sh->bad_status == 0 && sh->not_made == 0,
		"%ld jobs failed, %ld not made, without a restart",
		sh->bad_status, sh->not_made);
	T_CHECK(total_done(procs) >= total, "only %ld of %ld jobs ended",
		total_done(procs), total);
	T_CHECK(sh->right >= total - procs * IN_FLIGHT * 2,
		"only %ld of %ld jobs right", sh->right, total);
	T_CHECK(clients_left == 0, "%d clients left in the driver's list",
		clients_left);
	T_CHECK(shmem_after <= shmem_before + SHMEM_SLACK_KB,
		"shared memory %ld kB after, %ld kB before", shmem_after,
		shmem_before);
	/* The next test's mxa-simd is the usual one again. */
	if (!g_platform())
		T_CHECK(g_simd_kill(SIGTERM, 20000) == 0, "mxa-simd did not end");
	return t_exit();
}
