// SPDX-License-Identifier: MIT
/*
 * mxa_simd.c - mxa-simd: the simulated mxa accelerator (the Verilated RTL)
 * as a device of the kernel driver, through the simulator bridge
 * /dev/mxa-sim (docs/sim-bridge.md). It opens the bridge, builds the
 * device with the bridge as its memory, plugs it and serves it until
 * SIGINT or SIGTERM; closing the bridge unplugs the device.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "drm/mxa_sim_bridge.h"
#include "simd.h"

#define EXIT_USAGE 2

static const char help[] =
	"Usage: mxa-simd [OPTION]...\n"
	"\n"
	"Runs the simulated mxa accelerator (the Verilated RTL) behind the\n"
	"simulator bridge of the mxa kernel driver: while it runs, the driver\n"
	"has one more mxa device, whose registers, memory and interrupt are\n"
	"this process. SIGINT or SIGTERM stops it and unplugs the device (its\n"
	"clients get ENODEV); so does any other end of the process.\n"
	"\n"
	"Options:\n"
	"  -d, --device PATH    the bridge (default /dev/mxa-sim)\n"
	"  -l, --latency N      memory latency in cycles (default 100)\n"
	"  -b, --bandwidth N    memory bytes per cycle in each direction\n"
	"                       (default: one data beat per cycle)\n"
	"  -t, --trace FILE     write an FST waveform of the whole run; needs a\n"
	"                       build with waveform support (mxa-simd-trace)\n"
	"  -v, --verbose        say what happens; twice: every message too\n"
	"  -h, --help           show this help and exit\n";

static const struct option options[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "latency", required_argument, NULL, 'l' },
	{ "bandwidth", required_argument, NULL, 'b' },
	{ "trace", required_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "mxa-simd: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see mxa-simd --help)\n");
	return EXIT_USAGE;
}

/* A count from 1 to 1,000,000. */
static int parse_count(const char *arg, uint32_t *value)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v < 1 ||
	    v > 1000000)
		return -EINVAL;
	*value = (uint32_t)v;
	return 0;
}

static int bridge_dma(void *ctx, uint64_t addr, void *buf, size_t len,
		      bool write)
{
	struct mxa_sim_dma req = {
		.addr = addr,
		.data = (uint64_t)(uintptr_t)buf,
		.len = (uint32_t)len,
		.flags = write ? MXA_SIM_DMA_WRITE : 0,
	};

	if (len > MXA_SIM_DMA_MAX_LEN)
		return -EINVAL;
	return ioctl(*(int *)ctx, MXA_SIM_IOCTL_DMA, &req) ? -errno : 0;
}

static int plug(int fd, const char *path, unsigned int pa_bits)
{
	struct mxa_sim_plug req = {
		.version = MXA_SIM_BRIDGE_VERSION,
		.pa_bits = pa_bits,
	};

	if (!ioctl(fd, MXA_SIM_IOCTL_PLUG, &req))
		return 0;
	if (errno == EPROTONOSUPPORT)
		fprintf(stderr, "mxa-simd: %s speaks another version of the bridge protocol than %d\n",
			path, MXA_SIM_BRIDGE_VERSION);
	else
		fprintf(stderr, "mxa-simd: cannot plug the device into %s: %s\n",
			path, strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	struct simd_config cfg = { .fd = -1, .stop_fd = -1, .dma = bridge_dma };
	const char *path = "/dev/mxa-sim";
	struct simd *d = NULL;
	sigset_t stop;
	int opt, ret, status = EXIT_FAILURE;

	while ((opt = getopt_long(argc, argv, "d:l:b:t:vh", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'd':
			path = optarg;
			break;
		case 'l':
			if (parse_count(optarg, &cfg.mem_latency))
				return usage_error("bad latency '%s': cycles from 1 to 1000000",
						   optarg);
			break;
		case 'b':
			if (parse_count(optarg, &cfg.mem_bytes_per_cycle))
				return usage_error("bad bandwidth '%s': bytes per cycle from 1 to 1000000",
						   optarg);
			break;
		case 't':
			cfg.trace_path = optarg;
			break;
		case 'v':
			cfg.verbose++;
			break;
		case 'h':
			fputs(help, stdout);
			return EXIT_SUCCESS;
		default:
			/* getopt has said what was wrong. */
			return usage_error("%s", "invalid command line");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	/* The signals that stop the daemon are read from a file descriptor
	 * the loop polls, so they end it between two bursts, never inside a
	 * system call or the simulation. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) ||
	    (cfg.stop_fd = signalfd(-1, &stop, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, "mxa-simd: signalfd: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}

	cfg.fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (cfg.fd < 0) {
		fprintf(stderr, "mxa-simd: cannot open %s: %s%s\n", path,
			strerror(errno),
			errno == ENOENT ? " (is the mxa module loaded?)" : "");
		goto out;
	}
	cfg.dma_ctx = &cfg.fd;

	ret = simd_create(&cfg, &d);
	if (ret) {
		if (ret == -ENOTSUP && cfg.trace_path)
			fprintf(stderr, "mxa-simd: waveforms need mxa-simd-trace (make simd-trace)\n");
		goto out;
	}
	if (plug(cfg.fd, path, simd_pa_bits(d)))
		goto out;
	if (cfg.verbose)
		fprintf(stderr, "mxa-simd: serving %s\n", path);

	if (!simd_serve(d))
		status = EXIT_SUCCESS;
out:
	simd_destroy(d);
	if (cfg.fd >= 0)
		close(cfg.fd);
	close(cfg.stop_fd);
	return status;
}
