// SPDX-License-Identifier: MIT
/*
 * dpu_tb.cpp - the C interface of dpu_tb.h over the Verilated model of
 * mxa_dpu: one VerilatedContext and one model, a plain clock loop. C++
 * only because Verilator's models are C++ classes.
 */
#include <cstring>
#include <deque>
#include <memory>
#include <new>

#include "Vmxa_dpu.h"
#include "verilated.h"

#include "dpu_tb.h"

/* The build passes the parameters it gave Verilator. */
#if !defined(DPU_TB_LaneBits) || !defined(DPU_TB_Formats) || \
	!defined(DPU_TB_TruncMode) || !defined(DPU_TB_ExactMode)
#error "the unit's LaneBits, Formats, TruncMode and ExactMode must be defined"
#endif
static_assert(DPU_TB_LaneBits / 2 <= DPU_TB_MAX_LANES, "too many lanes");

struct dpu_tb {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vmxa_dpu> top;
	std::deque<dpu_tb_result> results;
	uint64_t cycles = 0;
};

/* Bits 8p+7:8p of a packed port of any width Verilator gives it. */
template <typename T> static void set_bytes(T &port, const uint8_t *v,
					    unsigned n)
{
	port = 0;
	for (unsigned p = 0; p < n; p++)
		port |= static_cast<T>(v[p]) << (8 * p);
}

template <std::size_t W>
static void set_bytes(VlWide<W> &port, const uint8_t *v, unsigned n)
{
	for (std::size_t w = 0; w < W; w++)
		port[w] = 0;
	for (unsigned p = 0; p < n; p++)
		port[p / 4] |= static_cast<uint32_t>(v[p]) << (8 * (p % 4));
}

static void tick(dpu_tb *tb)
{
	tb->top->clk_i = 0;
	tb->top->eval();
	tb->ctx->timeInc(1);
	tb->top->clk_i = 1;
	tb->top->eval();
	tb->ctx->timeInc(1);
	tb->cycles++;
	if (tb->top->res_valid_o)
		tb->results.push_back({ tb->top->res_fp32_o,
					tb->top->res_bf16_o });
}

extern "C" {

unsigned dpu_tb_lanes(void)
{
	return DPU_TB_LaneBits / 2;
}

int dpu_tb_has_fmt(unsigned fmt)
{
	return fmt < 32 && (DPU_TB_Formats >> fmt & 1);
}

int dpu_tb_has_acc(unsigned acc)
{
	/* enum acc_e of mxa_hw_pkg: FP32, TRUNC, EXACT */
	return acc == 0 || (acc == 1 && DPU_TB_TruncMode) ||
	       (acc == 2 && DPU_TB_ExactMode);
}

struct dpu_tb *dpu_tb_new(void)
{
	dpu_tb *tb = new (std::nothrow) dpu_tb;

	if (!tb)
		return nullptr;
	tb->ctx.reset(new VerilatedContext);
	/* Single-threaded model: no idle worker threads (sim/mxa_sim.cpp). */
	tb->ctx->threads(1);
	tb->top.reset(new Vmxa_dpu{ tb->ctx.get() });
	tb->top->beat_valid_i = 0;
	tb->top->rst_ni = 0;
	tb->top->clk_i = 0;
	tb->top->eval();
	for (int i = 0; i < 4; i++)
		tick(tb);
	tb->top->rst_ni = 1;
	tick(tb);
	tb->cycles = 0;
	return tb;
}

void dpu_tb_del(struct dpu_tb *tb)
{
	if (!tb)
		return;
	tb->top->final();
	delete tb;
}

void dpu_tb_configure(struct dpu_tb *tb, const struct dpu_tb_cfg *cfg)
{
	tb->top->a_fmt_i = cfg->a_fmt;
	tb->top->b_fmt_i = cfg->b_fmt;
	tb->top->scale_i = cfg->scale;
	tb->top->acc_i = cfg->acc;
	tb->top->trunc_w_i = cfg->trunc_w;
	tb->top->trunc_blocks_i = cfg->trunc_blocks;
	tb->top->g_i = cfg->g;
}

int dpu_tb_cycle(struct dpu_tb *tb, const struct dpu_tb_beat *beat)
{
	Vmxa_dpu *t = tb->top.get();
	int taken;

	t->beat_valid_i = beat != nullptr;
	if (beat) {
		set_bytes(t->a_codes_i, beat->a, beat->count);
		set_bytes(t->b_codes_i, beat->b, beat->count);
		t->beat_count_i = beat->count;
		t->beat_first_i = beat->first;
		t->c_i = beat->c;
		t->beat_block_end_i = beat->block_end;
		t->beat_last_i = beat->last;
		t->a_scale_i = beat->a_scale;
		t->b_scale_i = beat->b_scale;
	}
	/* beat_ready_o depends on registered state only. */
	t->clk_i = 0;
	t->eval();
	taken = beat && t->beat_ready_o;
	tick(tb);
	return taken;
}

size_t dpu_tb_results(struct dpu_tb *tb, struct dpu_tb_result *out,
		      size_t max)
{
	size_t n = 0;

	while (n < max && !tb->results.empty()) {
		out[n++] = tb->results.front();
		tb->results.pop_front();
	}
	return n;
}

int dpu_tb_idle(struct dpu_tb *tb)
{
	tb->top->eval();
	return tb->top->idle_o;
}

uint64_t dpu_tb_cycles(const struct dpu_tb *tb)
{
	return tb->cycles;
}

} // extern "C"
