/* SPDX-License-Identifier: MIT */
/*
 * dpu_tb.h - the Verilated dot-product unit (hw/rtl/mxa_dpu.sv) behind a C
 * interface, so that the test that drives and checks it is plain C. One
 * call is one clock cycle; results are collected as the unit emits them.
 * docs/rtl-dpu.md describes the ports these structures mirror.
 */
#ifndef MXA_DPU_TB_H
#define MXA_DPU_TB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Lanes of the largest unit the harness can drive. */
#define DPU_TB_MAX_LANES 64

/* The job configuration inputs; values of the mxa_hw_pkg enumerations. */
struct dpu_tb_cfg {
	unsigned a_fmt, b_fmt;
	unsigned scale;
	unsigned acc;
	unsigned trunc_w;	/* W */
	unsigned trunc_blocks;	/* N / block size */
	uint32_t g;		/* FP32 bits of ga x gb (1.0 when absent) */
};

/* One beat: pairs 0 .. count-1 of a and b. */
struct dpu_tb_beat {
	uint8_t a[DPU_TB_MAX_LANES], b[DPU_TB_MAX_LANES];
	unsigned count;
	int first;		/* first beat of an output; c is its C */
	int block_end;
	int last;		/* last beat of K */
	uint32_t c;
	uint8_t a_scale, b_scale;
};

struct dpu_tb_result {
	uint32_t fp32;
	uint16_t bf16;
};

struct dpu_tb;

/* A unit held in reset for a few cycles, then released. NULL on ENOMEM. */
struct dpu_tb *dpu_tb_new(void);
void dpu_tb_del(struct dpu_tb *tb);

/* LaneBits / 2 of the Verilated unit: its lanes, the ternary rate. */
unsigned dpu_tb_lanes(void);
/* Nonzero when the unit was built with accumulation mode @acc. */
int dpu_tb_has_acc(unsigned acc);
/* Nonzero when the unit was built with element format @fmt. */
int dpu_tb_has_fmt(unsigned fmt);

/* Sets the configuration inputs (only while the unit is idle). */
void dpu_tb_configure(struct dpu_tb *tb, const struct dpu_tb_cfg *cfg);

/*
 * Runs one cycle offering @beat (NULL: no beat). Returns 1 when the unit
 * took it in this cycle, 0 when it was not ready.
 */
int dpu_tb_cycle(struct dpu_tb *tb, const struct dpu_tb_beat *beat);

/* Moves up to @max results, oldest first, into @out; returns how many. */
size_t dpu_tb_results(struct dpu_tb *tb, struct dpu_tb_result *out,
		      size_t max);

/* Nonzero when nothing is in flight (idle_o). */
int dpu_tb_idle(struct dpu_tb *tb);

/* Cycles run since dpu_tb_new(). */
uint64_t dpu_tb_cycles(const struct dpu_tb *tb);

#ifdef __cplusplus
}
#endif

#endif /* MXA_DPU_TB_H */
