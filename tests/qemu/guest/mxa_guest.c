// SPDX-License-Identifier: MIT
/*
 * mxa_guest.c - the helper the guest's /init runs around each test:
 *
 *   mxa-guest ensure          load mxa.ko and start mxa-simd unless a
 *                             device is already there; exit 0 once it is
 *   mxa-guest run SECS PROG   run PROG in a process group of its own, kill
 *                             the whole group when it ends or after SECS
 *                             seconds; exit with PROG's status (124 on
 *                             time-out)
 *
 * The process group is what keeps a test's leftover children from leaking
 * into the next test.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

static int run(int secs, char **argv)
{
	uint64_t end = g_now_ns() + (uint64_t)secs * 1000000000ull;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execv(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (g_now_ns() >= end) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			printf("timed out after %d s\n", secs);
			return 124;
		}
		g_sleep_ms(50);
	}
	kill(-pid, SIGKILL);
	if (WIFSIGNALED(status)) {
		printf("killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "ensure"))
		return g_device_ensure() ? 1 : 0;
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return run(atoi(argv[2]), argv + 3);
	fprintf(stderr, "usage: mxa-guest ensure | run SECS PROG [ARG...]\n");
	return 2;
}
