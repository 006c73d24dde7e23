// SPDX-License-Identifier: MIT
/*
 * test_drmdevice.c - a DRM client that nobody here wrote sees the device:
 * drmdevice (libdrm's own test program, Debian package libdrm-tests) must
 * list the mxa render node among the devices drmGetDevices2() enumerates,
 * and drmGetDevice2() must describe it. libdrm 2.4.114 knows no accel
 * nodes, so on a kernel where the device is one this test is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/test_util.h"
#include "guest_util.h"

#define DRMDEVICE "/usr/bin/drmdevice"

int main(void)
{
	char path[256], line[512], nodes[300], opening[300];
	int fd, listed = 0, described = 0, after = 0, status;
	FILE *p;

	if (access(DRMDEVICE, X_OK))
		T_SKIP_BECAUSE("%s (Debian package libdrm-tests) not in the guest",
			       DRMDEVICE);
	fd = g_device_open(path, sizeof(path), 10000);
	if (fd < 0) {
		fprintf(stderr, "no mxa device node\n");
		return T_FAIL;
	}
	close(fd);
	if (strncmp(path, "/dev/dri/", 9))
		T_SKIP_BECAUSE("the device is the accel node %s, which libdrm's drmGetDevices2() does not enumerate",
			       path);

	/* drmdevice prints "|   +-> nodes[2] /dev/dri/renderD129" for the
	 * render node, then opens each node and prints what
	 * drmGetDevice2() says about it. */
	snprintf(nodes, sizeof(nodes), "nodes[2] %s", path);
	snprintf(opening, sizeof(opening),
		 "--- Retrieving device info, for node %s ---", path);
	p = popen(DRMDEVICE " 2>&1", "r");
	if (!p) {
		perror("popen");
		return T_FAIL;
	}
	while (fgets(line, sizeof(line), p)) {
		fputs(line, stdout);
		if (strstr(line, nodes))
			listed = 1;
		if (after && !strncmp(line, "device[", 7))
			described = 1;
		after = strstr(line, opening) != NULL;
	}
	status = pclose(p);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"drmdevice exit status 0x%x", status);
	T_CHECK(listed, "drmdevice does not list %s", path);
	T_CHECK(described, "drmGetDevice2() on %s gave nothing", path);
	return t_exit();
}
