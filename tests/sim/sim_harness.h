/* SPDX-License-Identifier: MIT */
/*
 * sim_harness.h - what the tests of the sim backend share: the device of
 * the configuration the program was built for (SIM_CONFIG) next to an emu
 * device, and random matmul jobs placed on both with the same bytes, whose
 * fence status and D buffers must come out identical.
 */
#ifndef MXA_SIM_HARNESS_H
#define MXA_SIM_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/test_util.h"
#include "mxa.h"

#ifndef SIM_CONFIG
#error "SIM_CONFIG names the configuration of the simulated device"
#endif

#define ST_ARRAY_SIZE(a) ((unsigned)(sizeof(a) / sizeof((a)[0])))

struct st_ctx {
	struct mxa_device *sim, *emu;
	struct mxa_device_info info;	/* the sim device's */
	struct t_rng rng;
};

/*
 * The spec "sim:config=<SIM_CONFIG>" followed by ",<extra>" when extra is
 * not NULL, in a static buffer.
 */
const char *st_spec(const char *extra);
/*
 * Opens the sim device with st_spec(extra) and an emu device. Exits 77
 * when Verilator is not installed (no model can exist), fails the test
 * when the device does not open otherwise.
 */
void st_open(struct st_ctx *c, const char *extra, uint64_t seed);
/* The same, returning mxa_device_open's error instead. */
int st_try_open(struct st_ctx *c, const char *extra, uint64_t seed);
void st_close(struct st_ctx *c);

/* How a job is laid out and how random its codes are. */
struct st_shape {
	struct mxa_matmul mm;	/* shape, formats, modes; no operands */
	bool has_c;
	bool pad;		/* padded strides and odd offsets */
	bool shared;		/* inputs and D in one buffer */
	unsigned special_rate;	/* 1 in n codes may be NaN or inf (0: none) */
};

/*
 * INT8 when the device lists it, else the widest format it lists: for jobs
 * whose values do not matter, in any build.
 */
enum mxa_format st_plain_format(const struct mxa_device_info *info);

/* Random formats and modes the device lists, for shape mm's dimensions. */
void st_random_modes(struct st_ctx *c, struct st_shape *s);

/* A job on both devices. */
struct st_job {
	struct st_shape shape;
	struct mxa_matmul sim_mm, emu_mm;
	struct mxa_buffer *sim_in, *sim_d;	/* sim_d NULL when shared */
	struct mxa_buffer *emu_in, *emu_d;
	int emu_status;
	struct mxa_fence *fence;
};

/*
 * Builds the buffers of a job of shape s on both devices with the same
 * random bytes (D's buffer too: bytes around D must survive) and runs it
 * on the emulator.
 */
void st_job_make(struct st_ctx *c, struct st_job *j, const struct st_shape *s);
/* Submits it to the sim device; fails the test when submission fails. */
void st_job_submit(struct st_ctx *c, struct st_job *j);
/*
 * Checks the sim job's fence status (what mxa_fence_wait returned) and
 * every byte of its buffers against the emulator's; prints what differs
 * under the name what. Returns the number of problems.
 */
unsigned st_job_check(struct st_job *j, int status, const char *what);
/* Deletes the fence (if any) and the buffers. */
void st_job_free(struct st_job *j);

/* A one-line description of a job, for messages (static buffer). */
const char *st_job_name(const struct st_job *j);

#endif /* MXA_SIM_HARNESS_H */
