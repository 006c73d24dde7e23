/* SPDX-License-Identifier: MIT */
/*
 * fp32_tb.h - the Verilated binary32 units (tests/rtl/fp32_units.sv)
 * behind a C interface.
 */
#ifndef MXA_FP32_TB_H
#define MXA_FP32_TB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fp32_tb;

struct fp32_tb *fp32_tb_new(void);
void fp32_tb_del(struct fp32_tb *tb);
/* Evaluates a + b, a x b and bf16(a) as the units compute them. */
void fp32_tb_eval(struct fp32_tb *tb, uint32_t a, uint32_t b, uint32_t *sum,
		  uint32_t *prod, uint16_t *bf16);

#ifdef __cplusplus
}
#endif

#endif /* MXA_FP32_TB_H */
