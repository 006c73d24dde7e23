/* SPDX-License-Identifier: MIT */
/*
 * mxa_job_rules.h - the rules a matmul job's parameters obey
 * (docs/hw-interface.md section 5.1), written once for the driver
 * (driver/mxa_validate.c) and the library (lib/device.c, whose resolved
 * parameters the sim and drm backends turn into descriptors and ioctls).
 * The hardware checks the same rules on its descriptors
 * (hw/rtl/mxa_desc_check.sv); tests hold it to them.
 *
 * Plain C types only: the header builds in the kernel and in userspace.
 * Include mxa_hw.h first.
 */
#ifndef MXA_JOB_RULES_H
#define MXA_JOB_RULES_H

/*
 * struct mxa_job_limits - what a device accepts, from its capability
 * registers (mxa_job_limits_from_caps()) or, for the emulator, from the
 * numerics alone.
 */
struct mxa_job_limits {
	unsigned int max_m, max_n, max_k;	/* CAP_MAX_M, _N, _K */
	unsigned int elem_formats;	/* CAP_FORMATS: bit f, format f */
	unsigned int out_formats;	/* bit o: output format 0x30 + o */
	unsigned int scale_modes;	/* bit s: enum SCALE value s */
	unsigned int acc_modes;		/* bit a: enum ACC value a */
	unsigned int block_std[3];	/* standard block size per scale mode */
	unsigned int block_sizes;	/* CAP_BLOCK.SIZES: bit i, size 2^i */
	unsigned int trunc_w_min, trunc_w_max;	/* CAP_TRUNC, 0 without TRUNC */
};

/*
 * struct mxa_job_params - the fields of a descriptor that the rules read,
 * in host order: what the uAPI's struct drm_mxa_job and the library's
 * struct mxa_matmul say, once software defaults are filled in.
 */
struct mxa_job_params {
	unsigned int m, n, k;
	/* Wider than their fields: a value that does not fit breaks a rule. */
	unsigned int a_fmt, b_fmt, scale_mode, acc_mode, out_fmt;
	unsigned int block;		/* 0: the scale mode's standard size */
	unsigned int trunc_w, trunc_n;
	unsigned int a_tscale, b_tscale;	/* FP32 bits, 0: none */
};

/* The rule a job breaks; MXA_RULE_OK when it breaks none. */
enum mxa_job_rule {
	MXA_RULE_OK = 0,
	MXA_RULE_DIMS,		/* v: M, N, K */
	MXA_RULE_A_FORMAT,	/* v: the format (not an element format) */
	MXA_RULE_B_FORMAT,
	MXA_RULE_A_MISSING,	/* v: an element format the device lacks */
	MXA_RULE_B_MISSING,
	MXA_RULE_SCALE_MODE,	/* v: the scale mode */
	MXA_RULE_ACC_MODE,	/* v: the accumulation mode */
	MXA_RULE_EXACT_SCALED,	/* v: the scale mode */
	MXA_RULE_OUT_FORMAT,	/* v: the format */
	MXA_RULE_BLOCK_UNSCALED,	/* v: BLOCK */
	MXA_RULE_BLOCK_SIZE,	/* v: BLOCK, CAP_BLOCK.SIZES */
	MXA_RULE_TRUNC_W,	/* v: W, the device's W_MIN, W_MAX */
	MXA_RULE_TRUNC_N,	/* v: N, the block size, TRUNC_N_MAX */
	MXA_RULE_TRUNC_UNUSED,	/* v: W, N */
	MXA_RULE_TSCALE,	/* v: the bits of A's, B's tensor scale */
	MXA_RULE_TSCALE_UNSCALED,	/* v: the same */
	MXA_RULE_COUNT
};

/* The broken rule and the values its message shows. */
struct mxa_job_verdict {
	enum mxa_job_rule rule;
	unsigned long long v[3];
};

/*
 * mxa_job_rule_text() - the message of a broken rule: a printf format that
 * takes the verdict's three values as unsigned long long (those it does
 * not show are ignored, as printf() allows), one text on
 * every path.
 */
static inline const char *mxa_job_rule_text(enum mxa_job_rule rule)
{
	static const char *const text[MXA_RULE_COUNT] = {
		[MXA_RULE_OK] = "no rule broken",
		[MXA_RULE_DIMS] = "dimensions %llux%llux%llu are 0 or exceed the device's limits",
		[MXA_RULE_A_FORMAT] = "A format %llu is not an element format",
		[MXA_RULE_B_FORMAT] = "B format %llu is not an element format",
		[MXA_RULE_A_MISSING] = "A format %llu is not built into the device",
		[MXA_RULE_B_MISSING] = "B format %llu is not built into the device",
		[MXA_RULE_SCALE_MODE] = "scale mode %llu not supported",
		[MXA_RULE_ACC_MODE] = "accumulation mode %llu not supported",
		[MXA_RULE_EXACT_SCALED] = "exact accumulation needs scale mode none, not %llu",
		[MXA_RULE_OUT_FORMAT] = "format %llu is not an output format of the device",
		[MXA_RULE_BLOCK_UNSCALED] = "block size %llu without block scales",
		[MXA_RULE_BLOCK_SIZE] = "block size %llu not supported (sizes 0x%llx: bit i, 2^i)",
		[MXA_RULE_TRUNC_W] = "trunc accumulator bits %llu outside the device's %llu..%llu",
		[MXA_RULE_TRUNC_N] =
			"trunc interval %llu is not a multiple of %llu (the block) up to %llu",
		[MXA_RULE_TRUNC_UNUSED] = "trunc bits %llu, interval %llu without trunc",
		[MXA_RULE_TSCALE] =
			"per-tensor scales 0x%08llx, 0x%08llx: not positive, finite",
		[MXA_RULE_TSCALE_UNSCALED] =
			"per-tensor scales 0x%08llx, 0x%08llx without scale nv",
	};

	return (unsigned int)rule < MXA_RULE_COUNT ? text[rule] : text[0];
}

/* What a device with capability registers @cap (MXA_CAPIDX_ order) accepts. */
static inline void mxa_job_limits_from_caps(const unsigned int *cap,
					    struct mxa_job_limits *l)
{
	unsigned int block = cap[MXA_CAPIDX_CAP_BLOCK];
	unsigned int trunc = cap[MXA_CAPIDX_CAP_TRUNC];

	l->max_m = cap[MXA_CAPIDX_CAP_MAX_M];
	l->max_n = cap[MXA_CAPIDX_CAP_MAX_N];
	l->max_k = cap[MXA_CAPIDX_CAP_MAX_K];
	l->elem_formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_ELEM,
				     cap[MXA_CAPIDX_CAP_FORMATS]);
	l->out_formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_SO_OUT,
				    cap[MXA_CAPIDX_CAP_FORMATS_SO]);
	l->scale_modes = MXA_HW_GET(MXA_REG_CAP_MODES_SCALE,
				    cap[MXA_CAPIDX_CAP_MODES]);
	l->acc_modes = MXA_HW_GET(MXA_REG_CAP_MODES_ACC,
				  cap[MXA_CAPIDX_CAP_MODES]);
	l->block_std[MXA_HW_SCALE_NONE] = MXA_HW_GET(MXA_REG_CAP_BLOCK_NONE, block);
	l->block_std[MXA_HW_SCALE_MX] = MXA_HW_GET(MXA_REG_CAP_BLOCK_MX, block);
	l->block_std[MXA_HW_SCALE_NV] = MXA_HW_GET(MXA_REG_CAP_BLOCK_NV, block);
	l->block_sizes = MXA_HW_GET(MXA_REG_CAP_BLOCK_SIZES, block);
	l->trunc_w_min = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MIN, trunc);
	l->trunc_w_max = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MAX, trunc);
}

/*
 * mxa_job_block() - the block size along K of a job whose parameters
 * passed mxa_job_check(): BLOCK, or the standard size of its scale mode.
 */
static inline unsigned int mxa_job_block(const struct mxa_job_limits *l,
					 const struct mxa_job_params *p)
{
	if (p->block)
		return p->block;
	return p->scale_mode <= MXA_HW_SCALE_NV ? l->block_std[p->scale_mode] : 0;
}

/* A per-tensor scale: 0 (none), or a positive finite binary32. */
static inline int mxa_job_tscale_ok(unsigned int bits)
{
	return !(bits >> 31) && ((bits >> 23) & 0xff) != 0xff;
}

static inline int mxa_job_fail(struct mxa_job_verdict *v, enum mxa_job_rule rule,
			       unsigned long long v0, unsigned long long v1,
			       unsigned long long v2)
{
	v->rule = rule;
	v->v[0] = v0;
	v->v[1] = v1;
	v->v[2] = v2;
	return rule != MXA_RULE_OK;
}

/* An element format the device lists: 0 fine, else the rule broken. */
static inline enum mxa_job_rule mxa_job_elem_rule(const struct mxa_job_limits *l,
						  unsigned int fmt, int is_b)
{
	if (mxa_hw_fmt_role(fmt) != MXA_HW_FMT_ROLE_ELEMENT)
		return is_b ? MXA_RULE_B_FORMAT : MXA_RULE_A_FORMAT;
	if (!(l->elem_formats >> (fmt - MXA_HW_FMT_ELEMENT_FIRST) & 1))
		return is_b ? MXA_RULE_B_MISSING : MXA_RULE_A_MISSING;
	return MXA_RULE_OK;
}

/*
 * mxa_job_check() - checks the parameters of one job against a device's
 * limits; returns 0 when they obey every rule, else nonzero with the first
 * rule broken (in the order below) and its values in @v. The operands'
 * addresses and sizes are the caller's to check (they live in buffers
 * only the caller knows).
 */
static inline int mxa_job_check(const struct mxa_job_limits *l,
				const struct mxa_job_params *p,
				struct mxa_job_verdict *v)
{
	enum mxa_job_rule r;
	unsigned int block;

	if (!p->m || p->m > l->max_m || !p->n || p->n > l->max_n ||
	    !p->k || p->k > l->max_k)
		return mxa_job_fail(v, MXA_RULE_DIMS, p->m, p->n, p->k);
	r = mxa_job_elem_rule(l, p->a_fmt, 0);
	if (r)
		return mxa_job_fail(v, r, p->a_fmt, 0, 0);
	r = mxa_job_elem_rule(l, p->b_fmt, 1);
	if (r)
		return mxa_job_fail(v, r, p->b_fmt, 0, 0);
	if (p->scale_mode > MXA_HW_SCALE_NV ||
	    !(l->scale_modes >> p->scale_mode & 1))
		return mxa_job_fail(v, MXA_RULE_SCALE_MODE, p->scale_mode, 0, 0);
	if (p->acc_mode > MXA_HW_ACC_EXACT || !(l->acc_modes >> p->acc_mode & 1))
		return mxa_job_fail(v, MXA_RULE_ACC_MODE, p->acc_mode, 0, 0);
	if (p->acc_mode == MXA_HW_ACC_EXACT && p->scale_mode != MXA_HW_SCALE_NONE)
		return mxa_job_fail(v, MXA_RULE_EXACT_SCALED, p->scale_mode, 0, 0);
	if (mxa_hw_fmt_role(p->out_fmt) != MXA_HW_FMT_ROLE_OUTPUT ||
	    !(l->out_formats >> (p->out_fmt - MXA_HW_FMT_OUTPUT_FIRST) & 1))
		return mxa_job_fail(v, MXA_RULE_OUT_FORMAT, p->out_fmt, 0, 0);

	if (p->block && p->scale_mode == MXA_HW_SCALE_NONE)
		return mxa_job_fail(v, MXA_RULE_BLOCK_UNSCALED, p->block, 0, 0);
	if (p->block && ((p->block & (p->block - 1)) ||
			 !(l->block_sizes & p->block)))
		return mxa_job_fail(v, MXA_RULE_BLOCK_SIZE, p->block,
				    l->block_sizes, 0);
	block = mxa_job_block(l, p);

	if (p->acc_mode == MXA_HW_ACC_TRUNC) {
		if (p->trunc_w < l->trunc_w_min || p->trunc_w > l->trunc_w_max)
			return mxa_job_fail(v, MXA_RULE_TRUNC_W, p->trunc_w,
					    l->trunc_w_min, l->trunc_w_max);
		if (!block || p->trunc_n < block || p->trunc_n % block ||
		    p->trunc_n > MXA_HW_TRUNC_N_MAX)
			return mxa_job_fail(v, MXA_RULE_TRUNC_N, p->trunc_n,
					    block, MXA_HW_TRUNC_N_MAX);
	} else if (p->trunc_w || p->trunc_n) {
		return mxa_job_fail(v, MXA_RULE_TRUNC_UNUSED, p->trunc_w,
				    p->trunc_n, 0);
	}

	if (p->scale_mode == MXA_HW_SCALE_NV) {
		if (!mxa_job_tscale_ok(p->a_tscale) ||
		    !mxa_job_tscale_ok(p->b_tscale))
			return mxa_job_fail(v, MXA_RULE_TSCALE, p->a_tscale,
					    p->b_tscale, 0);
	} else if (p->a_tscale || p->b_tscale) {
		return mxa_job_fail(v, MXA_RULE_TSCALE_UNSCALED, p->a_tscale,
				    p->b_tscale, 0);
	}
	return mxa_job_fail(v, MXA_RULE_OK, 0, 0, 0);
}

#endif /* MXA_JOB_RULES_H */
