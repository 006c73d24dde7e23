// SPDX-License-Identifier: MIT
/*
 * test_dpu.c - the RTL dot-product unit (hw/rtl/mxa_dpu.sv), Verilated,
 * checked bit for bit against the emulator on every output.
 *
 * Each case is an M x N x K matmul: the emulator computes it through the
 * public API (device "emu"), and the unit computes its M x N outputs one
 * after the other, fed the way the array's feeder feeds it
 * (docs/rtl-dpu.md): element pairs unpacked one per byte, as many per beat
 * as the wider format allows, beats ending at block boundaries, the block's
 * scales and the output's C with the beats. D is compared in fp32 and
 * bf16. The cases: every FP4 x FP4 code pair under every scale mode and a
 * range of scales (alone and inside longer vectors), every format pair with
 * random codes over the whole code space, the trunc mode over W and N, the
 * exact mode with C cancelling the sum, special C values and per-tensor
 * scales, K that is not a multiple of the block size, and streams at full
 * rate as well as with bubbles and short beats.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_hw.h"
#include "rtl/dpu_tb.h"

#define NFMT MXA_NUM_ELEM_FORMATS
#define MAX_REPORTS 20
#define ROUNDS 8		/* of the random cases */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct mxa_device *emu;
static struct dpu_tb *tb;
static struct t_rng rng;
static unsigned lanes;
static unsigned long n_outputs, n_jobs;

/* ---------------------------------------------------------------- jobs */

struct job {
	const char *what;
	unsigned m, n, k;
	enum mxa_format a_fmt, b_fmt;
	enum mxa_scale_mode scale;
	enum mxa_acc acc;
	unsigned w, interval;	/* trunc; 0 = defaults */
	float ga, gb;		/* nv per-tensor scales; 0 = absent */
	int has_c;
	uint8_t *a, *b;		/* m x k and n x k codes */
	uint8_t *sa, *sb;	/* m x nb and n x nb scale codes */
	uint32_t *c;		/* m x n */
};

static unsigned block_size(enum mxa_scale_mode scale)
{
	return mxa_block_size(scale);
}

static unsigned nblocks(const struct job *j)
{
	return (j->k + block_size(j->scale) - 1) / block_size(j->scale);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		perror("calloc");
		exit(T_FAIL);
	}
	return p;
}

static void job_alloc(struct job *j)
{
	j->a = xcalloc((size_t)j->m * j->k, 1);
	j->b = xcalloc((size_t)j->n * j->k, 1);
	j->sa = xcalloc((size_t)j->m * nblocks(j), 1);
	j->sb = xcalloc((size_t)j->n * nblocks(j), 1);
	j->c = xcalloc((size_t)j->m * j->n, 4);
}

static void job_free(struct job *j)
{
	free(j->a);
	free(j->b);
	free(j->sa);
	free(j->sb);
	free(j->c);
}

/* ---------------------------------------------------------------- codes */

static unsigned fmt_bits(enum mxa_format f)
{
	struct mxa_format_info info;

	mxa_format_info(f, &info);
	return info.bits;
}

static unsigned fmt_man(enum mxa_format f)
{
	struct mxa_format_info info;

	mxa_format_info(f, &info);
	return info.man_bits;
}

static int is_special(enum mxa_format f, unsigned code)
{
	if (f == MXA_FMT_E5M2)
		return (code & 0x7c) == 0x7c;
	if (f == MXA_FMT_E4M3)
		return (code & 0x7f) == 0x7f;
	return 0;
}

/* How the codes of an operand are drawn. */
enum profile {
	P_ANY,		/* every valid code alike, specials included */
	P_FINITE,	/* finite codes */
	P_RARE,		/* finite, a special now and then */
	P_SPARSE,	/* half zeros (both signs) */
	P_TINY,		/* the lowest binades and subnormals */
	P_COUNT,
	P_SPECIALS = P_COUNT,	/* many infinities, NaNs and zeros */
};

static unsigned rnd(unsigned n)
{
	return t_rng_below(&rng, n);
}

static bool is_ternary(enum mxa_format f)
{
	return mxa_hw_fmt_encoding(f) == MXA_HW_FMT_ENC_TERNARY;
}

static bool is_int(enum mxa_format f)
{
	return mxa_hw_fmt_encoding(f) == MXA_HW_FMT_ENC_INT;
}

static uint8_t gen_code(enum mxa_format f, enum profile p)
{
	unsigned bits = fmt_bits(f), code;

	for (;;) {
		code = rnd(1u << bits);
		if (is_ternary(f) && code == 2)
			continue;
		switch (p) {
		case P_ANY:
			return (uint8_t)code;
		case P_SPECIALS:
			if (f == MXA_FMT_E5M2 && !rnd(3))
				return (uint8_t)(rnd(2) << 7 | 0x7c |
						 (rnd(6) ? 0 : 1 + rnd(3)));
			if (f == MXA_FMT_E4M3 && !rnd(6))
				return (uint8_t)(rnd(2) << 7 | 0x7f);
			if (!rnd(3))
				return 0;
			break;
		case P_RARE:
			if (is_special(f, code) && rnd(16))
				continue;
			return (uint8_t)code;
		case P_SPARSE:
			if (rnd(2)) {
				code = is_int(f) || is_ternary(f) ?
				       0 : (rnd(2) << (bits - 1));
				return (uint8_t)code;
			}
			break;
		case P_TINY:
			if (is_int(f)) {
				code = (rnd(9) - 4) & ((1u << bits) - 1);
			} else if (!is_ternary(f)) {
				/* exponent field 0 or 1 */
				unsigned man = fmt_man(f);

				code &= (1u << (bits - 1)) | (1u << man) |
					((1u << man) - 1);
			}
			break;
		default:
			break;
		}
		if (!is_special(f, code))
			return (uint8_t)code;
	}
}

/*
 * The negated value's code (an integer's most negative value has none: it
 * becomes the largest, as int8 -128 becomes 127).
 */
static uint8_t neg_code(enum mxa_format f, uint8_t code)
{
	unsigned mask = (1u << fmt_bits(f)) - 1, min = 1u << (fmt_bits(f) - 1);

	if (is_int(f))
		return (uint8_t)(code == min ? min - 1 : -code & mask);
	if (is_ternary(f))
		return code ? code ^ 2 : 0;
	return (uint8_t)(code ^ (1u << (fmt_bits(f) - 1)));
}

/* How block scales are drawn. */
enum sprofile {
	S_UNIT,		/* near 1 */
	S_WIDE,		/* anywhere: overflow, underflow, subnormal results */
	S_SPECIAL,	/* with NaN and (nv) zero scales */
	S_COUNT,
	S_ZEROS = S_COUNT,	/* (nv) many zero scales */
};

static uint8_t gen_scale(enum mxa_scale_mode mode, enum sprofile p)
{
	if (mode == MXA_SCALE_MX) {
		switch (p) {
		case S_UNIT:
			return (uint8_t)(127 - 12 + rnd(25));
		case S_WIDE:
			return (uint8_t)rnd(255);
		default:
			return rnd(8) ? (uint8_t)(100 + rnd(60)) :
			       (uint8_t)(rnd(2) ? 0xff : rnd(256));
		}
	}
	if (mode == MXA_SCALE_NV) {
		switch (p) {
		case S_UNIT:
			return (uint8_t)(0x30 + rnd(0x10));	/* 0.25 .. 0.94 */
		case S_WIDE:
			return (uint8_t)rnd(0x7f);
		case S_ZEROS:
			return rnd(3) ? (uint8_t)(rnd(16) ? 0x38 : 0x7f) : 0;
		default:
			return rnd(6) ? (uint8_t)rnd(0x7f) :
			       (uint8_t)(rnd(2) ? 0x7f : 0);
		}
	}
	return (uint8_t)rnd(256);	/* ignored: junk */
}

/* C values: finite of every size, signed zeros, infinities, NaNs. */
static uint32_t gen_c(int kind)
{
	static const uint32_t specials[] = {
		0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
		0xffc00001, 0x7f800001, 0x00000001, 0x807fffff, 0x7f7fffff,
		0xff7fffff, 0x00800000, 0x3f800000, 0xbf800000,
	};
	uint32_t e;

	switch (kind) {
	case 0:
		return 0;
	case 1:
		/* |C| between 2^-20 and 2^20 */
		e = 127 - 20 + rnd(41);
		return (uint32_t)rnd(2) << 31 | e << 23 |
		       ((uint32_t)t_rng_next(&rng) & 0x7fffff);
	case 2:
		return specials[rnd(ARRAY_LEN(specials))];
	default:
		return (uint32_t)t_rng_next(&rng);
	}
}

/* ---------------------------------------------------------------- emulator */

static struct mxa_buffer *buf_with(const void *data, size_t size)
{
	struct mxa_buffer *buf;

	if (mxa_buffer_new(emu, size ? size : 1, &buf)) {
		fprintf(stderr, "buffer: %s\n", mxa_last_error());
		exit(T_FAIL);
	}
	if (data)
		memcpy(mxa_buffer_map(buf), data, size);
	return buf;
}

static struct mxa_buffer *packed(enum mxa_format f, const uint8_t *codes,
				 unsigned rows, unsigned k)
{
	size_t row = mxa_packed_size(f, k);
	struct mxa_buffer *buf = buf_with(NULL, row * rows);
	uint8_t *p = mxa_buffer_map(buf);

	for (unsigned r = 0; r < rows; r++)
		if (mxa_pack(f, codes + (size_t)r * k, k, p + r * row)) {
			fprintf(stderr, "pack: %s\n", mxa_last_error());
			exit(T_FAIL);
		}
	return buf;
}

/*
 * The format of the codes a unit sees: the feeders turn a base-3 row into
 * the 2-bit codes of the dense ternary format, whose arithmetic is the
 * same (docs/numerics.md section 6), so the emulator takes them as that.
 */
static enum mxa_format unit_format(enum mxa_format f)
{
	return mxa_hw_fmt_packing(f) == MXA_HW_FMT_PACK_BASE3 ?
	       MXA_FMT_TERNARY : f;
}

/* The emulator's D of @j, in fp32 and in bf16. */
static int emu_run(const struct job *j, uint32_t *d32, uint16_t *d16)
{
	struct mxa_matmul mm = {
		.m = j->m, .n = j->n, .k = j->k,
		.a_format = unit_format(j->a_fmt),
		.b_format = unit_format(j->b_fmt),
		.scale = j->scale, .acc = j->acc,
		.acc_bits = j->w, .acc_interval = j->interval,
		.a_tensor_scale = j->ga, .b_tensor_scale = j->gb,
	};
	struct mxa_buffer *a, *b, *sa = NULL, *sb = NULL, *c = NULL, *d;
	int ret;

	a = packed(mm.a_format, j->a, j->m, j->k);
	b = packed(mm.b_format, j->b, j->n, j->k);
	mm.a.buf = a;
	mm.b.buf = b;
	if (j->scale != MXA_SCALE_NONE) {
		sa = buf_with(j->sa, (size_t)j->m * nblocks(j));
		sb = buf_with(j->sb, (size_t)j->n * nblocks(j));
		mm.a_scale.buf = sa;
		mm.b_scale.buf = sb;
	}
	if (j->has_c) {
		c = buf_with(j->c, (size_t)j->m * j->n * 4);
		mm.c.buf = c;
	}
	d = buf_with(NULL, (size_t)j->m * j->n * 4);
	mm.d.buf = d;
	mm.out_format = MXA_FMT_FP32;
	ret = mxa_matmul_run(emu, &mm);
	if (!ret) {
		memcpy(d32, mxa_buffer_map(d), (size_t)j->m * j->n * 4);
		mm.out_format = MXA_FMT_BF16;
		ret = mxa_matmul_run(emu, &mm);
		memcpy(d16, mxa_buffer_map(d), (size_t)j->m * j->n * 2);
	}
	if (ret)
		fprintf(stderr, "%s: emulator: %s\n", j->what, mxa_last_error());
	mxa_buffer_del(a);
	mxa_buffer_del(b);
	mxa_buffer_del(sa);
	mxa_buffer_del(sb);
	mxa_buffer_del(c);
	mxa_buffer_del(d);
	return ret;
}

/* ---------------------------------------------------------------- the unit */

/* How beats are offered. */
struct stream {
	int bubbles;	/* cycles without a beat, at random */
	int ragged;	/* beats shorter than the rate (not in trunc) */
	int junk;	/* junk above each code's width and in unused lanes */
};

/*
 * Pairs per beat: LaneBits / element bits of the wider format, rounded up
 * (mxa_dpu_pkg::rate()).
 */
static unsigned rate(const struct job *j)
{
	unsigned bits = fmt_bits(j->a_fmt) > fmt_bits(j->b_fmt) ?
			fmt_bits(j->a_fmt) : fmt_bits(j->b_fmt);

	return (2 * lanes + bits - 1) / bits;
}

static uint32_t g_bits(const struct job *j)
{
	float ga = j->ga != 0.0f ? j->ga : 1.0f;
	float gb = j->gb != 0.0f ? j->gb : 1.0f;

	return t_float_bits(ga * gb);
}

static uint8_t with_junk(enum mxa_format f, uint8_t code, int junk)
{
	unsigned bits = fmt_bits(f);

	if (!junk || bits == 8)
		return code;
	return (uint8_t)(code | (rnd(256) << bits));
}

/*
 * Streams every output of @j through the unit and collects its results.
 * Returns the cycles the unit refused a beat.
 */
static unsigned long dut_run(const struct job *j, const struct stream *s,
			     struct dpu_tb_result *res)
{
	struct dpu_tb_cfg cfg = {
		.a_fmt = j->a_fmt, .b_fmt = j->b_fmt,
		.scale = j->scale, .acc = j->acc,
		.trunc_w = j->w ? j->w : MXA_TRUNC_DEFAULT_BITS,
		.trunc_blocks = (j->interval ? j->interval :
				 MXA_TRUNC_DEFAULT_INTERVAL) / block_size(j->scale),
		.g = g_bits(j),
	};
	unsigned bs = block_size(j->scale), nb = nblocks(j), r = rate(j);
	size_t want = (size_t)j->m * j->n, got = 0;
	unsigned long refused = 0;
	struct dpu_tb_beat beat;

	dpu_tb_configure(tb, &cfg);
	for (unsigned i = 0; i < j->m; i++) {
		for (unsigned col = 0; col < j->n; col++) {
			const uint8_t *arow = j->a + (size_t)i * j->k;
			const uint8_t *bcol = j->b + (size_t)col * j->k;

			for (unsigned t = 0; t < nb; t++) {
				unsigned kend = (t + 1) * bs < j->k ?
						(t + 1) * bs : j->k;

				for (unsigned k = t * bs; k < kend;
				     k += beat.count) {
					unsigned cnt = kend - k < r ? kend - k : r;

					if (s->ragged && j->acc != MXA_ACC_TRUNC)
						cnt = 1 + rnd(cnt);
					for (unsigned p = 0; p < lanes; p++) {
						beat.a[p] = p < cnt ?
							with_junk(j->a_fmt, arow[k + p], s->junk) :
							(s->junk ? (uint8_t)rnd(256) : 0);
						beat.b[p] = p < cnt ?
							with_junk(j->b_fmt, bcol[k + p], s->junk) :
							(s->junk ? (uint8_t)rnd(256) : 0);
					}
					beat.count = cnt;
					beat.first = k == 0;
					beat.block_end = k + cnt == kend;
					beat.last = k + cnt == j->k;
					beat.c = j->has_c ? j->c[(size_t)i * j->n + col] : 0;
					beat.a_scale = j->scale == MXA_SCALE_NONE ?
						       (uint8_t)rnd(256) : j->sa[(size_t)i * nb + t];
					beat.b_scale = j->scale == MXA_SCALE_NONE ?
						       (uint8_t)rnd(256) : j->sb[(size_t)col * nb + t];
					for (unsigned wait = 0;; wait++) {
						if (s->bubbles && !rnd(3))
							dpu_tb_cycle(tb, NULL);
						if (dpu_tb_cycle(tb, &beat))
							break;
						refused++;
						if (wait == 1000) {
							T_CHECK(0, "%s: the unit stopped taking beats",
								j->what);
							return refused;
						}
					}
					got += dpu_tb_results(tb, res + got, want - got);
				}
			}
		}
	}
	for (unsigned idle = 0; idle < 200 && (got < want || !dpu_tb_idle(tb));
	     idle++) {
		dpu_tb_cycle(tb, NULL);
		got += dpu_tb_results(tb, res + got, want - got);
	}
	T_CHECK(got == want, "%s: %zu results of %zu", j->what, got, want);
	T_CHECK(dpu_tb_idle(tb), "%s: the unit is not idle after the job",
		j->what);
	return refused;
}

static const char *const acc_names[] = { "fp32", "trunc", "exact" };
static const char *const scale_names[] = { "none", "mx", "nv" };

/* Runs @j on both and compares; returns the cycles beats were refused. */
static unsigned long check_job(const struct job *j, const struct stream *s)
{
	size_t n = (size_t)j->m * j->n;
	uint32_t *d32 = xcalloc(n, 4);
	uint16_t *d16 = xcalloc(n, 2);
	struct dpu_tb_result *res = xcalloc(n, sizeof(*res));
	unsigned long refused = 0;

	if (!dpu_tb_has_acc(j->acc) || !dpu_tb_has_fmt(j->a_fmt) ||
	    !dpu_tb_has_fmt(j->b_fmt))
		goto out;
	n_jobs++;
	if (emu_run(j, d32, d16)) {
		T_CHECK(0, "%s: the emulator rejected the job", j->what);
		goto out;
	}
	refused = dut_run(j, s, res);
	for (size_t o = 0; o < n; o++) {
		unsigned i = (unsigned)(o / j->n), col = (unsigned)(o % j->n);
		int bad = res[o].fp32 != d32[o] || res[o].bf16 != d16[o];

		n_outputs++;
		if (!bad)
			continue;
		T_CHECK(0,
			"%s: %s x %s, scale %s, acc %s (W %u, N %u), K %u, C %s, g %08x: "
			"D[%u][%u] fp32 %08x bf16 %04x, expected %08x %04x",
			j->what, mxa_format_name(j->a_fmt),
			mxa_format_name(j->b_fmt), scale_names[j->scale],
			acc_names[j->acc], j->w, j->interval, j->k,
			j->has_c ? "yes" : "no", g_bits(j), i, col,
			res[o].fp32, res[o].bf16, d32[o], d16[o]);
		if (t_failures < MAX_REPORTS) {
			fprintf(stderr, "  A row:");
			for (unsigned k = 0; k < j->k && k < 64; k++)
				fprintf(stderr, " %02x", j->a[(size_t)i * j->k + k]);
			fprintf(stderr, "\n  B col:");
			for (unsigned k = 0; k < j->k && k < 64; k++)
				fprintf(stderr, " %02x", j->b[(size_t)col * j->k + k]);
			fprintf(stderr, "\n  scales:");
			for (unsigned t = 0; t < nblocks(j) && t < 16; t++)
				fprintf(stderr, " %02x/%02x",
					j->sa[(size_t)i * nblocks(j) + t],
					j->sb[(size_t)col * nblocks(j) + t]);
			fprintf(stderr, "\n  C %08x\n",
				j->c[(size_t)i * j->n + col]);
		}
		if (t_failures > 2 * MAX_REPORTS) {
			fprintf(stderr, "too many failures\n");
			exit(t_exit());
		}
	}
out:
	free(d32);
	free(d16);
	free(res);
	return refused;
}

/* ---------------------------------------------------------------- cases */

static const struct stream full_rate = { 0, 0, 0 };
static const struct stream uneven = { 1, 1, 1 };

/* Random contents for @j's operands, scales and C. */
static void fill_random(struct job *j, enum profile pa, enum profile pb,
			enum sprofile ps, int ckind)
{
	for (size_t x = 0; x < (size_t)j->m * j->k; x++)
		j->a[x] = gen_code(j->a_fmt, pa);
	for (size_t x = 0; x < (size_t)j->n * j->k; x++)
		j->b[x] = gen_code(j->b_fmt, pb);
	for (size_t x = 0; x < (size_t)j->m * nblocks(j); x++)
		j->sa[x] = gen_scale(j->scale, ps);
	for (size_t x = 0; x < (size_t)j->n * nblocks(j); x++)
		j->sb[x] = gen_scale(j->scale, ps);
	j->has_c = ckind != 0;
	for (size_t x = 0; x < (size_t)j->m * j->n; x++)
		j->c[x] = gen_c(ckind == 3 ? (int)rnd(4) : ckind);
}

/* Random per-tensor scales, sometimes extreme enough for g to be 0 or inf. */
static void gen_g(struct job *j)
{
	j->ga = j->gb = 0.0f;
	if (j->scale != MXA_SCALE_NV)
		return;
	switch (rnd(5)) {
	case 0:
		break;
	case 1:
		j->ga = ldexpf(1.0f + (float)rnd(1 << 20) / (1 << 20),
			       (int)rnd(21) - 10);
		break;
	case 2:
		j->ga = ldexpf(1.0f + (float)rnd(1 << 20) / (1 << 20),
			       (int)rnd(41) - 20);
		j->gb = ldexpf(1.0f + (float)rnd(1 << 20) / (1 << 20),
			       (int)rnd(41) - 20);
		break;
	case 3:
		/* the product underflows into subnormals or to zero */
		j->ga = ldexpf(1.0f + (float)rnd(8) / 8, -70 - (int)rnd(10));
		j->gb = ldexpf(1.0f + (float)rnd(8) / 8, -60 - (int)rnd(20));
		break;
	default:
		/* the product overflows */
		j->ga = ldexpf(1.5f, 70 + (int)rnd(10));
		j->gb = ldexpf(1.25f, 50 + (int)rnd(10));
		break;
	}
}

/* The trunc parameters of a random job. */
static void gen_trunc(struct job *j)
{
	static const unsigned ws[] = { 4, 5, 8, 13, 14, 16, 23, 24, 25, 31, 32 };
	unsigned bs = block_size(j->scale);

	j->w = ws[rnd(ARRAY_LEN(ws))];
	switch (rnd(4)) {
	case 0:
		j->interval = bs;
		break;
	case 1:
		j->interval = bs * (1 + rnd(5));
		break;
	case 2:
		j->interval = 0;	/* 128 */
		break;
	default:
		j->interval = 65536;
		break;
	}
}

/*
 * Every FP4 x FP4 code pair, each with a range of scales: row i of A holds
 * code i % 16 under scale i / 16, column j of B likewise, at position @pos
 * of K; the other elements are random FP4 codes.
 */
static void fp4_pairs(enum mxa_scale_mode scale, enum mxa_acc acc,
		      unsigned k, unsigned pos)
{
	static const uint8_t mx_scales[] = { 0, 1, 90, 127, 128, 160, 254, 255 };
	static const uint8_t nv_scales[] = { 0x00, 0x01, 0x08, 0x38, 0x41,
					     0x77, 0x7e, 0x7f };
	const uint8_t *scales = scale == MXA_SCALE_MX ? mx_scales : nv_scales;
	unsigned ns = scale == MXA_SCALE_NONE ? 1 : 8;
	struct job j = {
		.what = "fp4 pairs", .m = 16 * ns, .n = 16 * ns, .k = k,
		.a_fmt = MXA_FMT_E2M1, .b_fmt = MXA_FMT_E2M1,
		.scale = scale, .acc = acc,
	};

	if (acc == MXA_ACC_TRUNC)
		gen_trunc(&j);
	job_alloc(&j);
	fill_random(&j, P_ANY, P_ANY, S_UNIT, 3);
	gen_g(&j);
	for (unsigned i = 0; i < j.m; i++) {
		j.a[(size_t)i * k + pos] = (uint8_t)(i % 16);
		for (unsigned t = 0; t < nblocks(&j); t++)
			j.sa[(size_t)i * nblocks(&j) + t] = scales[i / 16];
	}
	for (unsigned c = 0; c < j.n; c++) {
		j.b[(size_t)c * k + pos] = (uint8_t)(c % 16);
		for (unsigned t = 0; t < nblocks(&j); t++)
			j.sb[(size_t)c * nblocks(&j) + t] = scales[c / 16];
	}
	check_job(&j, &full_rate);
	job_free(&j);
}

static void test_fp4_exhaustive(void)
{
	for (int s = 0; s < 3; s++) {
		for (int a = 0; a < 3; a++) {
			if (a == MXA_ACC_EXACT && s != MXA_SCALE_NONE)
				continue;
			fp4_pairs(s, a, 1, 0);
			fp4_pairs(s, a, 37, 3);
			fp4_pairs(s, a, 37, 36);
		}
	}
}

/* One random job of the given kind. */
static void random_job(const char *what, enum mxa_format fa,
		       enum mxa_format fb, enum mxa_scale_mode scale,
		       enum mxa_acc acc, unsigned m, unsigned n, unsigned k,
		       const struct stream *s)
{
	struct job j = {
		.what = what, .m = m, .n = n, .k = k,
		.a_fmt = fa, .b_fmt = fb, .scale = scale, .acc = acc,
	};

	if (acc == MXA_ACC_TRUNC)
		gen_trunc(&j);
	job_alloc(&j);
	fill_random(&j, (enum profile)rnd(P_COUNT), (enum profile)rnd(P_COUNT),
		    (enum sprofile)rnd(S_COUNT), (int)rnd(4));
	gen_g(&j);
	/* Now and then, pairs of products that cancel. */
	if (!rnd(4)) {
		for (unsigned i = 0; i < m; i++)
			for (unsigned x = 1; x < k; x += 2)
				j.a[(size_t)i * k + x] =
					neg_code(fa, j.a[(size_t)i * k + x - 1]);
		for (unsigned c = 0; c < n; c++)
			for (unsigned x = 1; x < k; x += 2)
				j.b[(size_t)c * k + x] = j.b[(size_t)c * k + x - 1];
	}
	check_job(&j, s);
	job_free(&j);
}

static unsigned random_k(void)
{
	static const unsigned ks[] = { 1, 2, 15, 16, 17, 31, 32, 33, 48, 63,
				       64, 65, 96, 127, 128, 129, 160 };

	return rnd(2) ? ks[rnd(ARRAY_LEN(ks))] : 1 + rnd(200);
}

static void test_format_pairs(void)
{
	for (int fa = 0; fa < NFMT; fa++)
		for (int fb = 0; fb < NFMT; fb++)
			for (int s = 0; s < 3; s++)
				for (int a = 0; a < 3; a++) {
					if (a == MXA_ACC_EXACT && s != MXA_SCALE_NONE)
						continue;
					random_job("format pairs", fa, fb, s, a,
						   3, 3, random_k(),
						   rnd(2) ? &full_rate : &uneven);
				}
}

static void test_trunc(void)
{
	for (int rep = 0; rep < 150; rep++)
		random_job("trunc", rnd(NFMT), rnd(NFMT), rnd(3), MXA_ACC_TRUNC,
			   2, 2, 1 + rnd(400), &full_rate);
}

/* Exact mode, with C near minus the sum so that most of it cancels. */
static void test_exact(void)
{
	for (int rep = 0; rep < 150; rep++) {
		struct job j = {
			.what = "exact", .m = 2, .n = 3, .k = 1 + rnd(300),
			.a_fmt = rnd(NFMT), .b_fmt = rnd(NFMT),
			.scale = MXA_SCALE_NONE, .acc = MXA_ACC_EXACT,
		};
		size_t n = (size_t)j.m * j.n;
		uint32_t *d32 = xcalloc(n, 4);
		uint16_t *d16 = xcalloc(n, 2);

		job_alloc(&j);
		fill_random(&j, (enum profile)rnd(P_COUNT),
			    (enum profile)rnd(P_COUNT), S_UNIT, 0);
		if (rnd(4) && !emu_run(&j, d32, d16)) {
			for (size_t o = 0; o < n; o++) {
				uint32_t s = d32[o] ^ 0x80000000;

				/* -sum, a few ulps off, or scaled */
				switch (rnd(3)) {
				case 0:
					j.c[o] = s;
					break;
				case 1:
					j.c[o] = (s & 0x7f800000) == 0x7f800000 ?
						 s : s + rnd(5) - 2;
					break;
				default:
					j.c[o] = t_float_bits(ldexpf(t_bits_float(s),
								     (int)rnd(61) - 30));
					break;
				}
			}
			j.has_c = 1;
		} else {
			for (size_t o = 0; o < n; o++)
				j.c[o] = gen_c(1 + (int)rnd(3));
			j.has_c = 1;
		}
		check_job(&j, rnd(2) ? &full_rate : &uneven);
		job_free(&j);
		free(d32);
		free(d16);
	}
}

/*
 * Full rate: one beat per cycle, outputs back to back, no refused beat
 * (trunc included, as long as every block has the same number of beats).
 * nv FP4 ends a block on every beat.
 */
static void test_full_rate(void)
{
	static const struct {
		enum mxa_format fa, fb;
		enum mxa_scale_mode scale;
		enum mxa_acc acc;
		unsigned k;
	} cases[] = {
		{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32, 256 },
		{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_TRUNC, 256 },
		{ MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32, 16 },
		{ MXA_FMT_E4M3, MXA_FMT_E2M1, MXA_SCALE_MX, MXA_ACC_FP32, 256 },
		{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_MX, MXA_ACC_TRUNC, 128 },
		{ MXA_FMT_E3M2, MXA_FMT_E2M3, MXA_SCALE_MX, MXA_ACC_TRUNC, 96 },
		{ MXA_FMT_INT8, MXA_FMT_TERNARY, MXA_SCALE_NONE, MXA_ACC_EXACT, 64 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT, 32 },
		/* The tiny lanes: LaneBits / 2 ternary pairs a beat. */
		{ MXA_FMT_TERNARY, MXA_FMT_TERNARY, MXA_SCALE_NV, MXA_ACC_TRUNC, 256 },
		{ MXA_FMT_TERNARY, MXA_FMT_TERNARY, MXA_SCALE_MX, MXA_ACC_FP32, 256 },
		{ MXA_FMT_TERNARY, MXA_FMT_TERNARY, MXA_SCALE_NONE, MXA_ACC_EXACT, 200 },
		/* FP6: a block of 32 in three beats at LaneBits 64. */
		{ MXA_FMT_E3M2, MXA_FMT_E3M2, MXA_SCALE_MX, MXA_ACC_FP32, 96 },
	};

	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		struct job j = {
			.what = "full rate", .m = 6, .n = 5, .k = cases[c].k,
			.a_fmt = cases[c].fa, .b_fmt = cases[c].fb,
			.scale = cases[c].scale, .acc = cases[c].acc,
		};
		unsigned long refused;
		uint64_t start;

		if (!dpu_tb_has_acc(cases[c].acc) ||
		    !dpu_tb_has_fmt(cases[c].fa) || !dpu_tb_has_fmt(cases[c].fb))
			continue;
		if (j.acc == MXA_ACC_TRUNC)
			gen_trunc(&j);
		job_alloc(&j);
		fill_random(&j, P_RARE, P_FINITE, S_UNIT, 1);
		gen_g(&j);
		start = dpu_tb_cycles(tb);
		refused = check_job(&j, &full_rate);
		T_CHECK(refused == 0, "full rate case %zu: %lu beats refused",
			c, refused);
		printf("full rate: %s x %s %s %s K %u: %u outputs, %llu cycles\n",
		       mxa_format_name(j.a_fmt), mxa_format_name(j.b_fmt),
		       scale_names[j.scale], acc_names[j.acc], j.k, j.m * j.n,
		       (unsigned long long)(dpu_tb_cycles(tb) - start));
		job_free(&j);
	}
}

/*
 * Blocks full of specials: infinities of both signs, NaNs, zeros, against
 * zero and NaN scales.
 */
static void test_specials(void)
{
	for (int rep = 0; rep < 300; rep++) {
		enum mxa_scale_mode s = rnd(3);
		enum mxa_acc a = s == MXA_SCALE_NONE ? rnd(3) : rnd(2);
		struct job j = {
			.what = "specials", .m = 3, .n = 3, .k = 1 + rnd(70),
			.a_fmt = rnd(2) ? MXA_FMT_E5M2 : rnd(NFMT),
			.b_fmt = rnd(NFMT), .scale = s, .acc = a,
		};

		if (a == MXA_ACC_TRUNC)
			gen_trunc(&j);
		job_alloc(&j);
		fill_random(&j, P_SPECIALS, rnd(2) ? P_SPECIALS : P_SPARSE,
			    rnd(2) ? S_ZEROS : S_SPECIAL, (int)rnd(4));
		gen_g(&j);
		check_job(&j, rnd(2) ? &full_rate : &uneven);
		job_free(&j);
	}
}

/* Special C values and extreme per-tensor scales. */
static void test_c_and_g(void)
{
	for (int rep = 0; rep < 60; rep++) {
		enum mxa_scale_mode s = rnd(3);

		random_job("c and g", rnd(NFMT), rnd(NFMT), s,
			   s == MXA_SCALE_NONE ? rnd(3) : rnd(2), 4, 4,
			   random_k(), &uneven);
	}
}

/* Longer dot products. */
static void test_long(void)
{
	for (int rep = 0; rep < 12; rep++) {
		enum mxa_scale_mode s = rnd(3);

		random_job("long", rnd(NFMT), rnd(NFMT), s,
			   s == MXA_SCALE_NONE ? rnd(3) : rnd(2), 2, 2,
			   1000 + rnd(3000), rnd(2) ? &full_rate : &uneven);
	}
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x6d7861;

	t_rng_seed(&rng, seed);
	if (mxa_device_open("emu", &emu)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		return T_FAIL;
	}
	tb = dpu_tb_new();
	if (!tb) {
		fprintf(stderr, "out of memory\n");
		return T_FAIL;
	}
	lanes = dpu_tb_lanes();
	printf("seed %#llx, %u lanes, trunc %s, exact %s\n",
	       (unsigned long long)seed, lanes,
	       dpu_tb_has_acc(MXA_ACC_TRUNC) ? "yes" : "no",
	       dpu_tb_has_acc(MXA_ACC_EXACT) ? "yes" : "no");

	test_fp4_exhaustive();
	test_full_rate();
	for (int round = 0; round < ROUNDS; round++) {
		test_format_pairs();
		test_trunc();
		test_exact();
		test_specials();
		test_c_and_g();
		test_long();
	}

	printf("%lu jobs, %lu outputs, %llu cycles\n", n_jobs, n_outputs,
	       (unsigned long long)dpu_tb_cycles(tb));
	dpu_tb_del(tb);
	mxa_device_close(emu);
	return t_exit();
}
