// SPDX-License-Identifier: MIT
/*
 * fp32_tb.cpp - the C interface of fp32_tb.h over the Verilated model of
 * fp32_units (combinational: one eval per operand pair).
 */
#include <memory>
#include <new>

#include "Vfp32_units.h"
#include "verilated.h"

#include "fp32_tb.h"

struct fp32_tb {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vfp32_units> top;
};

extern "C" {

struct fp32_tb *fp32_tb_new(void)
{
	fp32_tb *tb = new (std::nothrow) fp32_tb;

	if (!tb)
		return nullptr;
	tb->ctx.reset(new VerilatedContext);
	/* Single-threaded model: no idle worker threads (sim/mxa_sim.cpp). */
	tb->ctx->threads(1);
	tb->top.reset(new Vfp32_units{ tb->ctx.get() });
	return tb;
}

void fp32_tb_del(struct fp32_tb *tb)
{
	if (!tb)
		return;
	tb->top->final();
	delete tb;
}

void fp32_tb_eval(struct fp32_tb *tb, uint32_t a, uint32_t b, uint32_t *sum,
		  uint32_t *prod, uint16_t *bf16)
{
	tb->top->a_i = a;
	tb->top->b_i = b;
	tb->top->eval();
	*sum = tb->top->sum_o;
	*prod = tb->top->prod_o;
	*bf16 = tb->top->bf16_o;
}

} // extern "C"
