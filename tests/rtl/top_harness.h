/* SPDX-License-Identifier: MIT */
/*
 * top_harness.h - what the tests of the whole accelerator (mxa_top: shell
 * and compute engine) share: matmul jobs with random operands placed in the
 * simulated device's memory as a driver places them, their expected D from
 * the emulator (mxa__emu_matmul on the same packed bytes), and the check of
 * D, bit for bit, and of the bytes around it. The device, page tables and
 * ring are those of shell_harness.h.
 */
#ifndef MXA_TOP_HARNESS_H
#define MXA_TOP_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "mxa_priv.h"
#include "rtl/shell_harness.h"

/* What the device says it can do (its capability registers). */
struct top_caps {
	unsigned rows, cols, lane_bits, data_bits;
	uint32_t formats, scale_modes, acc_modes;
	uint32_t max_m, max_n, max_k, buf_depth;
	unsigned trunc_w_min, trunc_w_max;
	uint32_t block_sizes;	/* CAP_BLOCK.SIZES: bit i for blocks of 2^i */
	unsigned elems[MXA_ELEM_FORMAT_SLOTS];	/* CAP_LANE_ELEMS per format */
};
void top_caps_read(struct sh *sh, struct top_caps *caps);

/* How random the operands of a job are. */
struct top_gen {
	unsigned special_rate;	/* 1 in special_rate codes may be NaN or inf (0: none) */
	bool wide_scales;	/* E8M0 scales over the whole range, NaN included */
	bool every_code;	/* rows run through every finite code in turn */
};

/* A matmul job: the library's description, the device's, and host copies. */
struct top_job {
	struct mxa_matmul mm;	/* shape, formats and modes (no buffers) */
	struct mxa_hw_desc desc;
	uint32_t nb;			/* scale bytes per row */
	uint8_t *a, *b, *sa, *sb;	/* packed rows at the descriptor's strides */
	uint8_t *c;			/* C rows, or NULL */
	uint8_t *d_old;		/* D's span before the job (a pattern) */
	uint8_t *d_want;		/* the expected span after it */
	uint64_t d_span;
	uint32_t index;			/* its descriptor's index in the ring */
};

/*
 * Fills j for an M x N x K job of mm's formats and modes (mm.acc_bits and
 * acc_interval explicit for TRUNC; its buffers unused), with random codes,
 * scales and, with has_c, C, rows
 * padded by a random amount when pad is set, every operand at a random
 * byte address in [va, va + 64 MiB) of address space root. Maps and writes
 * the operands and D's span (writable), and computes the expected D with
 * the emulator. Returns 0, or the emulator's -errno.
 */
int top_job_make(struct sh *sh, struct top_job *j, const struct mxa_matmul *mm,
		 bool has_c, uint64_t root, uint64_t va, bool pad,
		 const struct top_gen *gen, struct t_rng *rng);
void top_job_free(struct top_job *j);

/* Rewrites the packed bytes of A (or B, SA, SB) in device memory from the
 * host copy, after a test changed them. */
void top_job_rewrite(struct sh *sh, struct top_job *j, unsigned stream);

/* Byte address of element k of row i of A or B (stream A or B): the byte
 * that holds the element, or its first byte. */
uint64_t top_elem_addr(const struct top_job *j, unsigned stream, uint32_t i,
		       uint32_t k);

/* Places the job's descriptor (a fresh SEQ) in the ring; no doorbell. */
void top_job_put(struct sh *sh, struct top_job *j);
/* Waits for its record (fails the test on a time-out). */
void top_job_wait(struct sh *sh, struct top_job *j, struct mxa_hw_cmpl *rec);
/*
 * Checks an OK record (status, MACS, BYTES_WRITTEN) and D's span against
 * the expectation; prints what differs under the name what. Returns the
 * number of problems.
 */
unsigned top_job_check(struct sh *sh, const struct top_job *j,
		       const struct mxa_hw_cmpl *rec, const char *what);

/* A one-line description of a job, for messages. */
const char *top_job_name(const struct top_job *j);

#endif /* MXA_TOP_HARNESS_H */
