/* SPDX-License-Identifier: MIT */
/*
 * shell_harness.h - what the shell tests share: the simulated device with
 * the test engine (tests/rtl/mxa_test_engine.sv), physical pages, page
 * tables and the command ring as a driver keeps them, and C models written
 * from docs/hw-interface.md and the test engine's description: descriptor
 * validation, the test engine's output, and the MMU's page-table reads.
 */
#ifndef MXA_SHELL_HARNESS_H
#define MXA_SHELL_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "mxa_hw.h"
#include "mxa_sim.h"
#include "common/test_util.h"

/* Physical memory of the tests: ring, completion area, then pages. */
#define SH_RING_PA		0x00100000ull
#define SH_CMPL_PA		0x00500000ull
#define SH_PAGES_PA		0x00800000ull
#define SH_PAGE			4096ull

/* Entries of the MMU's TLB in the shell the tests are built with. */
#define SH_TLB_ENTRIES		16

struct sh {
	struct mxa_sim *sim;
	unsigned data_bytes;		/* CAP_MEM.DATA_BITS / 8 */
	unsigned pa_bits;
	uint32_t cap[MXA_CAPIDX_COUNT];	/* ID, VERSION, CAP_*: MXA_CAPIDX_ */
	uint32_t pages;			/* pages handed out */
	unsigned ring_log2;
	uint32_t tail;			/* descriptors placed since the start */
	uint64_t seq;			/* last SEQ handed out */
};

/* Creates the device (exits 77 when there is no simulator); cfg may be NULL. */
void sh_open(struct sh *sh, const struct mxa_sim_config *cfg);
void sh_close(struct sh *sh);

/* Register access; a bus failure ends the test. */
uint32_t sh_rd(struct sh *sh, uint32_t off);
void sh_wr(struct sh *sh, uint32_t off, uint32_t val);
uint64_t sh_rd64(struct sh *sh, uint32_t off_lo);
void sh_run(struct sh *sh, uint64_t cycles);

/* Physical memory, through the simulator's host access. */
void sh_pwrite(struct sh *sh, uint64_t pa, const void *buf, size_t len);
void sh_pread(struct sh *sh, uint64_t pa, void *buf, size_t len);
uint64_t sh_pread64(struct sh *sh, uint64_t pa);
void sh_pwrite64(struct sh *sh, uint64_t pa, uint64_t v);

/* A zeroed page; consecutive calls give scattered addresses. */
uint64_t sh_page(struct sh *sh);

/* Page tables: an address space is the physical address of its root. */
uint64_t sh_as_new(struct sh *sh);
/* Physical address of the entry of va at a level, creating the tables
 * above it when create is set (else 0 when one is missing). */
uint64_t sh_pte_addr(struct sh *sh, uint64_t root, uint64_t va, int level,
		     bool create);
/* Maps the pages of [va, va + len) that are not mapped yet to fresh pages. */
void sh_map(struct sh *sh, uint64_t root, uint64_t va, uint64_t len,
	    bool writable);
/* Sets the leaf entry of one page to exactly pte. */
void sh_set_leaf(struct sh *sh, uint64_t root, uint64_t va, uint64_t pte);
/* Translates like the device would for a read; false when it faults. */
bool sh_translate(struct sh *sh, uint64_t root, uint64_t va, uint64_t *pa);
void sh_vwrite(struct sh *sh, uint64_t root, uint64_t va, const void *buf,
	       size_t len);
void sh_vread(struct sh *sh, uint64_t root, uint64_t va, void *buf,
	      size_t len);
/* Fills [va, va + len) with bytes from the generator. */
void sh_vfill(struct sh *sh, uint64_t root, uint64_t va, size_t len,
	      struct t_rng *rng);

/* The ring: soft reset, then 2^log2 slots, interrupts enabled, ENABLE. */
void sh_ring_start(struct sh *sh, unsigned log2);
/* Places a descriptor (its SEQ as given) in the next slot; returns its
 * index since the start. The doorbell is sh_doorbell(). */
uint32_t sh_put(struct sh *sh, const struct mxa_hw_desc *d);
void sh_doorbell(struct sh *sh);
uint64_t sh_next_seq(struct sh *sh);
/* Runs until the record of descriptor index holds seq; 0 or -ETIMEDOUT. */
int sh_wait(struct sh *sh, uint32_t index, uint64_t seq, uint64_t max_cycles,
	    struct mxa_hw_cmpl *rec);
/* Places, rings and waits; fails the test on a time-out. */
void sh_run_job(struct sh *sh, const struct mxa_hw_desc *d,
		struct mxa_hw_cmpl *rec);

/* ---------------------------------------------------------------- models */

/* Packed row size of K elements (numerics section 6). */
uint64_t sh_row_bytes(uint32_t k, unsigned fmt);
/* The block size of a job: BLOCK, or 0 for the scale mode's standard one
 * (CAP_BLOCK.NONE, MX, NV: 32, 32, 16). */
uint32_t sh_block_size(unsigned scale_mode, unsigned block);
/* Scale bytes per row, ceil(K / block size). */
uint32_t sh_scale_bytes(uint32_t k, unsigned scale_mode, unsigned block);

/*
 * Descriptor validation as docs/hw-interface.md 5.1 states it, against the
 * capability registers read at open: -1 for a valid descriptor, else the
 * byte offset of the first invalid field.
 */
int sh_desc_check(const struct sh *sh, const struct mxa_hw_desc *d);

/* A valid MATMUL descriptor with packed strides and no scales, no C. */
void sh_desc_matmul(struct mxa_hw_desc *d, uint64_t root, uint32_t m,
		    uint32_t n, uint32_t k, unsigned a_fmt, unsigned b_fmt);

/* The memory a job reads, one row after another, in the engine's order. */
struct sh_row {
	uint64_t va;
	uint64_t len;
	unsigned stream;
};
/* Fills rows (NULL: only counts); returns the number of read rows. */
uint32_t sh_job_reads(const struct mxa_hw_desc *d, struct sh_row *rows);

/* What the test engine does with a job, computed from memory. */
struct sh_expect {
	uint16_t status;		/* OK or INVALID_CODE */
	uint64_t fault_addr;		/* INVALID_CODE: the byte's address */
	uint32_t digest;		/* h after all reads (OK) */
	uint64_t bytes_read;		/* data beats and table reads */
	uint64_t bytes_written;
	uint64_t macs;
};
void sh_expect_job(struct sh *sh, const struct mxa_hw_desc *d,
		   struct sh_expect *e);
/* Byte j of D row i and whether the engine writes it. */
uint8_t sh_d_byte(uint32_t digest, uint32_t i, uint64_t j);
bool sh_d_strobe(uint32_t i, uint64_t j);
/* Snapshot of the pages D lies in, for sh_check_d; free() the result. */
uint8_t *sh_save_d(struct sh *sh, const struct mxa_hw_desc *d);
/* Compares D's pages with the model: the job's bytes where it writes,
 * the snapshot old everywhere else. Returns the number of wrong bytes. */
uint64_t sh_check_d(struct sh *sh, const struct mxa_hw_desc *d,
		    uint32_t digest, const uint8_t *old);

#endif /* MXA_SHELL_HARNESS_H */
