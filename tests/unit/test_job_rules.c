// SPDX-License-Identifier: MIT
/*
 * test_job_rules.c - the job rules the driver and the library share
 * (include/mxa_job_rules.h): from a valid job, each change that breaks one
 * rule is reported as that rule with its values, changes that keep every
 * rule pass, and the library refuses what the rules refuse with -EINVAL and
 * the rule's text. Every rule of enum mxa_job_rule is broken at least once.
 */
#include <errno.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_priv.h"

/* A device with everything but e5m2, TRUNC W 8..24, blocks 16 and 32. */
static const struct mxa_job_limits limits = {
	.max_m = 100, .max_n = 200, .max_k = 300,
	.elem_formats = MXA_HW_FMT_ELEMENT_MASK & ~(1u << MXA_HW_FMT_E5M2),
	.out_formats = 3,
	.scale_modes = 7,
	.acc_modes = 7,
	.block_std = { 32, 32, 16 },
	.block_sizes = 16 | 32,
	.trunc_w_min = 8,
	.trunc_w_max = 24,
};

static struct mxa_job_params valid(void)
{
	struct mxa_job_params p = {
		.m = 4, .n = 5, .k = 64,
		.a_fmt = MXA_HW_FMT_E4M3, .b_fmt = MXA_HW_FMT_E2M1,
		.scale_mode = MXA_HW_SCALE_MX, .acc_mode = MXA_HW_ACC_TRUNC,
		.out_fmt = MXA_HW_FMT_FP32,
		.trunc_w = 14, .trunc_n = 128,
	};

	return p;
}

struct rule_case {
	const char *what;
	void (*apply)(struct mxa_job_params *p);
	enum mxa_job_rule rule;
};

#define CASE(name, rule_, body)						\
	static void name(struct mxa_job_params *p) { body; }		\
	static const struct rule_case case_##name = { #name, name, rule_ }

CASE(ok_min, MXA_RULE_OK, p->m = p->n = p->k = 1);
CASE(ok_max, MXA_RULE_OK, p->m = 100; p->n = 200; p->k = 300);
CASE(ok_block16, MXA_RULE_OK, p->block = 16; p->trunc_n = 16);
CASE(ok_nv, MXA_RULE_OK, p->scale_mode = MXA_HW_SCALE_NV;
     p->a_tscale = 0x3f000000; p->trunc_n = 16);
CASE(ok_exact, MXA_RULE_OK, p->scale_mode = MXA_HW_SCALE_NONE;
     p->acc_mode = MXA_HW_ACC_EXACT; p->trunc_w = p->trunc_n = 0);
CASE(m0, MXA_RULE_DIMS, p->m = 0);
CASE(n_big, MXA_RULE_DIMS, p->n = 201);
CASE(k_big, MXA_RULE_DIMS, p->k = 301);
CASE(a_scale_fmt, MXA_RULE_A_FORMAT, p->a_fmt = MXA_HW_FMT_E8M0);
CASE(b_out_fmt, MXA_RULE_B_FORMAT, p->b_fmt = MXA_HW_FMT_FP32);
CASE(a_unknown, MXA_RULE_A_FORMAT, p->a_fmt = 0x1f);
CASE(a_missing, MXA_RULE_A_MISSING, p->a_fmt = MXA_HW_FMT_E5M2);
CASE(b_missing, MXA_RULE_B_MISSING, p->b_fmt = MXA_HW_FMT_E5M2);
CASE(scale3, MXA_RULE_SCALE_MODE, p->scale_mode = 3);
CASE(acc3, MXA_RULE_ACC_MODE, p->acc_mode = 3);
CASE(exact_mx, MXA_RULE_EXACT_SCALED, p->acc_mode = MXA_HW_ACC_EXACT;
     p->trunc_w = p->trunc_n = 0);
CASE(out_e4m3, MXA_RULE_OUT_FORMAT, p->out_fmt = MXA_HW_FMT_E4M3);
CASE(out_missing, MXA_RULE_OUT_FORMAT, p->out_fmt = MXA_HW_FMT_FP32 + 1);
CASE(block_none, MXA_RULE_BLOCK_UNSCALED, p->scale_mode = MXA_HW_SCALE_NONE;
     p->block = 32);
CASE(block8, MXA_RULE_BLOCK_SIZE, p->block = 8);
CASE(block24, MXA_RULE_BLOCK_SIZE, p->block = 24);
CASE(block48, MXA_RULE_BLOCK_SIZE, p->block = 48);
CASE(w_low, MXA_RULE_TRUNC_W, p->trunc_w = 7);
CASE(w_high, MXA_RULE_TRUNC_W, p->trunc_w = 25);
CASE(n_zero, MXA_RULE_TRUNC_N, p->trunc_n = 0);
CASE(n_odd, MXA_RULE_TRUNC_N, p->trunc_n = 48);
CASE(n_huge, MXA_RULE_TRUNC_N, p->trunc_n = MXA_HW_TRUNC_N_MAX + 32);
CASE(n_block, MXA_RULE_TRUNC_N, p->block = 16; p->trunc_n = 8);
CASE(w_fp32, MXA_RULE_TRUNC_UNUSED, p->acc_mode = MXA_HW_ACC_FP32;
     p->trunc_n = 0);
CASE(tscale_neg, MXA_RULE_TSCALE, p->scale_mode = MXA_HW_SCALE_NV;
     p->trunc_n = 16; p->b_tscale = 0xbf800000);
CASE(tscale_inf, MXA_RULE_TSCALE, p->scale_mode = MXA_HW_SCALE_NV;
     p->trunc_n = 16; p->a_tscale = 0x7f800000);
CASE(tscale_mx, MXA_RULE_TSCALE_UNSCALED, p->a_tscale = 0x3f800000);

static const struct rule_case *const cases[] = {
	&case_ok_min, &case_ok_max, &case_ok_block16, &case_ok_nv,
	&case_ok_exact, &case_m0, &case_n_big, &case_k_big, &case_a_scale_fmt,
	&case_b_out_fmt, &case_a_unknown, &case_a_missing, &case_b_missing,
	&case_scale3, &case_acc3, &case_exact_mx, &case_out_e4m3,
	&case_out_missing, &case_block_none, &case_block8, &case_block24,
	&case_block48, &case_w_low, &case_w_high, &case_n_zero, &case_n_odd,
	&case_n_huge, &case_n_block, &case_w_fp32, &case_tscale_neg,
	&case_tscale_inf, &case_tscale_mx,
};

static void check_rules(void)
{
	unsigned broken = 0;

	for (size_t i = 0; i < MXA_ARRAY_SIZE(cases); i++) {
		struct mxa_job_params p = valid();
		struct mxa_job_verdict v;
		int bad;

		cases[i]->apply(&p);
		bad = mxa_job_check(&limits, &p, &v);
		T_CHECK(v.rule == cases[i]->rule && bad == (v.rule != MXA_RULE_OK),
			"%s: rule %d (%d), want %d", cases[i]->what, v.rule, bad,
			cases[i]->rule);
		broken |= 1u << v.rule;
		T_CHECK(strlen(mxa_job_rule_text(v.rule)) > 10, "%s: text",
			cases[i]->what);
	}
	T_CHECK(broken == (1u << MXA_RULE_COUNT) - 1,
		"rules never seen: %#x", ~broken & ((1u << MXA_RULE_COUNT) - 1));

	/* The values the messages show. */
	{
		struct mxa_job_params p = valid();
		struct mxa_job_verdict v;

		p.trunc_w = 30;
		mxa_job_check(&limits, &p, &v);
		T_CHECK(v.v[0] == 30 && v.v[1] == 8 && v.v[2] == 24,
			"trunc W values %llu %llu %llu", v.v[0], v.v[1], v.v[2]);
		p = valid();
		p.block = 16;
		T_CHECK(mxa_job_block(&limits, &p) == 16, "block 16");
		p.block = 0;
		p.scale_mode = MXA_HW_SCALE_NV;
		T_CHECK(mxa_job_block(&limits, &p) == 16, "nv standard block");
	}
}

/* Limits decoded from capability registers. */
static void check_caps(void)
{
	unsigned cap[MXA_CAPIDX_COUNT] = { 0 };
	struct mxa_job_limits l;

	cap[MXA_CAPIDX_CAP_MAX_M] = 7;
	cap[MXA_CAPIDX_CAP_MAX_N] = 8;
	cap[MXA_CAPIDX_CAP_MAX_K] = 9;
	cap[MXA_CAPIDX_CAP_FORMATS] = 0x5f;
	cap[MXA_CAPIDX_CAP_FORMATS_SO] = 0x00020003;
	cap[MXA_CAPIDX_CAP_MODES] = 0x0307;
	cap[MXA_CAPIDX_CAP_BLOCK] = 0x78102020;
	cap[MXA_CAPIDX_CAP_TRUNC] = 0x2004;
	mxa_job_limits_from_caps(cap, &l);
	T_CHECK(l.max_m == 7 && l.max_n == 8 && l.max_k == 9 &&
		l.elem_formats == 0x5f && l.out_formats == 2 &&
		l.scale_modes == 7 && l.acc_modes == 3 &&
		l.block_std[0] == 32 && l.block_std[1] == 32 &&
		l.block_std[2] == 16 && l.block_sizes == 0x78 &&
		l.trunc_w_min == 4 && l.trunc_w_max == 32, "limits from caps");
}

/* The library refuses with the rule's text, on the emulator. */
static void check_library(void)
{
	struct mxa_device *dev;
	struct mxa_buffer *buf;
	struct mxa_matmul mm = {
		.m = 2, .n = 2, .k = 64,
		.a_format = MXA_FMT_E4M3, .b_format = MXA_FMT_E4M3,
		.scale = MXA_SCALE_MX, .acc = MXA_ACC_FP32,
		.out_format = MXA_FMT_FP32,
	};

	T_CHECK(mxa_device_open("emu", &dev) == 0, "%s", mxa_last_error());
	T_CHECK(mxa_buffer_new(dev, 4096, &buf) == 0, "%s", mxa_last_error());
	mm.a.buf = mm.b.buf = mm.a_scale.buf = mm.b_scale.buf = buf;
	mm.b.offset = 256;
	mm.a_scale.offset = 512;
	mm.b_scale.offset = 768;
	mm.d.buf = buf;
	mm.d.offset = 1024;
	T_CHECK(mxa_matmul_validate(dev, &mm) == 0, "valid: %s",
		mxa_last_error());
	for (unsigned bs = 8; bs <= 64; bs *= 2) {
		mm.block_size = bs;
		T_CHECK(mxa_matmul_validate(dev, &mm) == 0, "block %u: %s", bs,
			mxa_last_error());
	}
	mm.block_size = 12;
	T_CHECK(mxa_matmul_validate(dev, &mm) == -EINVAL &&
		strstr(mxa_last_error(), "block size 12 not supported"),
		"block 12: %s", mxa_last_error());
	mm.block_size = 256 + 16;
	T_CHECK(mxa_matmul_validate(dev, &mm) == -EINVAL &&
		strstr(mxa_last_error(), "block size 272"),
		"block 272 (16 in a byte): %s", mxa_last_error());
	mm.block_size = 16;
	mm.acc = MXA_ACC_TRUNC;
	mm.acc_interval = 24;
	T_CHECK(mxa_matmul_validate(dev, &mm) == -EINVAL &&
		strstr(mxa_last_error(), "not a multiple of block 16"),
		"interval 24: %s", mxa_last_error());
	mm.acc_interval = 0;
	mm.acc_bits = 33;
	T_CHECK(mxa_matmul_validate(dev, &mm) == -EINVAL &&
		strstr(mxa_last_error(), "bits 33 outside the device's 4..32"),
		"bits 33: %s", mxa_last_error());
	mm.acc_bits = 0;
	mm.scale = MXA_SCALE_NONE;
	mm.a_scale.buf = mm.b_scale.buf = NULL;
	mm.a_scale.offset = mm.b_scale.offset = 0;
	T_CHECK(mxa_matmul_validate(dev, &mm) == -EINVAL &&
		strstr(mxa_last_error(), "without block scales"),
		"block with scale none: %s", mxa_last_error());
	mxa_buffer_del(buf);
	mxa_device_close(dev);
}

int main(void)
{
	check_rules();
	check_caps();
	check_library();
	return t_exit();
}
