// SPDX-License-Identifier: MIT
/*
 * sim_harness.c - the sim device next to the emulator and random jobs on
 * both (see sim_harness.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_codes.h"
#include "mxa_hw.h"
#include "sim/sim_harness.h"

const char *st_spec(const char *extra)
{
	static char spec[256];

	snprintf(spec, sizeof(spec), "sim:config=%s%s%s", SIM_CONFIG,
		 extra ? "," : "", extra ? extra : "");
	return spec;
}

int st_try_open(struct st_ctx *c, const char *extra, uint64_t seed)
{
	int ret;

	memset(c, 0, sizeof(*c));
	t_rng_seed(&c->rng, seed);
	ret = mxa_device_open(st_spec(extra), &c->sim);
	if (ret)
		return ret;
	if (mxa_device_open("emu", &c->emu) ||
	    mxa_device_query(c->sim, &c->info)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		exit(T_FAIL);
	}
	return 0;
}

void st_open(struct st_ctx *c, const char *extra, uint64_t seed)
{
	int ret = st_try_open(c, extra, seed);

	if (ret && !MXA_HAVE_VERILATOR)
		T_SKIP_BECAUSE("verilator not installed");
	if (ret) {
		fprintf(stderr, "%s: %s (%d)\n", st_spec(extra),
			mxa_last_error(), ret);
		exit(T_FAIL);
	}
}

void st_close(struct st_ctx *c)
{
	mxa_device_close(c->sim);
	mxa_device_close(c->emu);
}

/* ---------------------------------------------------------------- modes */

static unsigned pick_bit(uint32_t mask, struct t_rng *rng)
{
	unsigned k = t_rng_below(rng, (uint32_t)__builtin_popcount(mask));

	for (unsigned b = 0;; b++)
		if (mask >> b & 1 && k-- == 0)
			return b;
}

enum mxa_format st_plain_format(const struct mxa_device_info *info)
{
	enum mxa_format best = MXA_FMT_INT8;

	if (info->formats >> MXA_FMT_INT8 & 1)
		return MXA_FMT_INT8;
	for (unsigned f = MXA_NUM_ELEM_FORMATS; f-- > 0;)
		if (info->formats >> f & 1 &&
		    (!(info->formats >> best & 1) ||
		     mxa_hw_fmt_bits(f) >= mxa_hw_fmt_bits(best)))
			best = (enum mxa_format)f;
	return best;
}

void st_random_modes(struct st_ctx *c, struct st_shape *s)
{
	const struct mxa_device_info *info = &c->info;
	struct mxa_matmul *mm = &s->mm;
	struct t_rng *rng = &c->rng;
	unsigned bs;

	mm->a_format = pick_bit(info->formats, rng);
	mm->b_format = pick_bit(info->formats, rng);
	mm->scale = pick_bit(info->scale_modes, rng);
	mm->acc = pick_bit(info->acc_modes, rng);
	if (mm->acc == MXA_ACC_EXACT)
		mm->scale = MXA_SCALE_NONE;
	/* Half the scaled jobs ask for a block size the device lists. */
	mm->block_size = 0;
	if (mm->scale != MXA_SCALE_NONE && info->block_sizes &&
	    t_rng_below(rng, 2))
		mm->block_size = 1u << pick_bit(info->block_sizes, rng);
	bs = mm->block_size ? mm->block_size : mxa_block_size(mm->scale);
	mm->acc_bits = 0;
	mm->acc_interval = 0;
	/* TRUNC: sometimes the defaults, else W and N over their ranges. */
	if (mm->acc == MXA_ACC_TRUNC && t_rng_below(rng, 4)) {
		mm->acc_bits = info->trunc_w_min +
			t_rng_below(rng, info->trunc_w_max - info->trunc_w_min + 1);
		mm->acc_interval = bs * (1 + t_rng_below(rng, t_rng_below(rng, 4) ?
							 8 : 65536 / bs));
	}
	mm->a_tensor_scale = 0.0f;
	mm->b_tensor_scale = 0.0f;
	if (mm->scale == MXA_SCALE_NV && t_rng_below(rng, 3)) {
		mm->a_tensor_scale = t_rng_below(rng, 4) ? 0.0f :
			(float)(1 + t_rng_below(rng, 1000)) / 256.0f;
		mm->b_tensor_scale = t_rng_below(rng, 4) == 0 ? 0.0f :
			(float)(1 + t_rng_below(rng, 1000)) / 64.0f;
	}
	mm->out_format = t_rng_below(rng, 2) ? MXA_FMT_BF16 : MXA_FMT_FP32;
	s->has_c = t_rng_below(rng, 2);
	s->pad = t_rng_below(rng, 2);
	s->shared = t_rng_below(rng, 4) == 0;
	s->special_rate = t_rng_below(rng, 4) == 0 ? 64 : 0;
}

/* ---------------------------------------------------------------- codes */

static uint8_t scale_code(enum mxa_scale_mode mode, unsigned special_rate,
			  struct t_rng *rng)
{
	if (mode == MXA_SCALE_MX)
		return t_one_in(rng, special_rate) ? (uint8_t)t_rng_next(rng) :
		       (uint8_t)(120 + t_rng_below(rng, 15));
	return t_one_in(rng, special_rate) ? 0x7f :
	       (uint8_t)t_rng_below(rng, 0x7f);
}

/* Mostly modest magnitudes; now and then NaN, infinity, zero, subnormal. */
static float c_value(unsigned special_rate, struct t_rng *rng)
{
	static const uint32_t special[] = {
		0x7fc00000u, 0xffc00001u, 0x7f800000u, 0xff800000u,
		0x80000000u, 0x00000000u, 0x00000001u, 0x807fffffu,
	};
	uint32_t bits;

	if (t_one_in(rng, special_rate))
		bits = special[t_rng_below(rng, 8)];
	else
		bits = (uint32_t)(t_rng_next(rng) & 0x807fffffu) |
		       (uint32_t)(117 + t_rng_below(rng, 20)) << 23;
	return t_bits_float(bits);
}

static unsigned elem_bits(enum mxa_format fmt)
{
	struct mxa_format_info fi;

	mxa_format_info(fmt, &fi);
	return fi.bits;
}

/* Random bytes, then rows of packed codes over them (padding stays random,
 * as do the unused high bits of a last byte, except TERNARY's, and the
 * digits past K of a base-3 row's last byte, which stays a valid byte). */
static void fill_rows(uint8_t *p, enum mxa_format fmt, uint32_t rows,
		      uint32_t k, uint64_t stride, unsigned special_rate,
		      struct t_rng *rng)
{
	size_t len = mxa_packed_size(fmt, k);
	unsigned used = (unsigned)((uint64_t)k * elem_bits(fmt) % 8);
	uint8_t *codes = malloc(k);

	if (!codes)
		exit(T_FAIL);
	for (uint32_t i = 0; i < rows; i++) {
		uint8_t *row = p + i * stride;

		for (uint32_t e = 0; e < k; e++)
			codes[e] = t_elem_code(fmt, special_rate, rng);
		if (mxa_pack(fmt, codes, k, row)) {
			fprintf(stderr, "pack: %s\n", mxa_last_error());
			exit(T_FAIL);
		}
		if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3) {
			unsigned low = 1;

			for (uint32_t e = 0; e < k % 5; e++)
				low *= 3;
			if (k % 5)
				row[len - 1] = (uint8_t)(row[len - 1] + low *
					t_rng_below(rng, 243 / low));
		} else if (used && fmt != MXA_FMT_TERNARY) {
			row[len - 1] |= (uint8_t)(t_rng_next(rng) << used);
		}
	}
	free(codes);
}

/* ---------------------------------------------------------------- jobs */

struct layout {
	uint64_t cursor;
};

/* The next operand of len bytes at a random gap, aligned. */
static uint64_t take(struct layout *l, uint64_t len, unsigned align, bool pad,
		     struct t_rng *rng)
{
	uint64_t at = l->cursor + (pad ? t_rng_below(rng, 200) : 0);

	at = (at + align - 1) / align * align;
	l->cursor = at + len;
	return at;
}

static uint64_t pad_of(bool pad, unsigned unit, struct t_rng *rng)
{
	return pad && t_rng_below(rng, 3) ? unit * t_rng_below(rng, 24) : 0;
}

/* An operand of rows rows of row_bytes, stride 0 (packed) or padded. */
static void place(struct mxa_operand *op, struct layout *l, uint32_t rows,
		  uint64_t row_bytes, unsigned align, bool pad,
		  struct t_rng *rng)
{
	uint64_t extra = pad_of(pad, align, rng);
	uint64_t stride = row_bytes + extra;

	op->stride = extra || t_rng_below(rng, 2) ? stride : 0;
	op->offset = take(l, (rows - 1) * stride + row_bytes, align, pad, rng);
}

static struct mxa_buffer *new_buffer(struct mxa_device *dev, uint64_t size)
{
	struct mxa_buffer *buf;

	if (mxa_buffer_new(dev, size, &buf)) {
		fprintf(stderr, "buffer of %llu bytes: %s\n",
			(unsigned long long)size, mxa_last_error());
		exit(T_FAIL);
	}
	return buf;
}

/* The same buffer on the emulator, with the same bytes. */
static struct mxa_buffer *emu_twin(struct st_ctx *c, struct mxa_buffer *sim)
{
	struct mxa_buffer *emu = new_buffer(c->emu, mxa_buffer_size(sim));

	memcpy(mxa_buffer_map(emu), mxa_buffer_map(sim), mxa_buffer_size(sim));
	return emu;
}

void st_job_make(struct st_ctx *c, struct st_job *j, const struct st_shape *s)
{
	struct t_rng *rng = &c->rng;
	struct mxa_matmul *mm = &j->sim_mm;
	bool scaled = s->mm.scale != MXA_SCALE_NONE;
	unsigned esize = s->mm.out_format == MXA_FMT_BF16 ? 2 : 4;
	uint32_t bs = s->mm.block_size ? s->mm.block_size :
		      mxa_block_size(s->mm.scale);
	uint32_t nb = (s->mm.k + bs - 1) / bs;
	struct layout in = { 0 }, out = { 0 };
	struct mxa_operand *ops[] = { &mm->a, &mm->b, &mm->a_scale,
				      &mm->b_scale, &mm->c, &mm->d };
	uint8_t *p;

	memset(j, 0, sizeof(*j));
	j->shape = *s;
	*mm = s->mm;
	place(&mm->a, &in, mm->m, mxa_packed_size(mm->a_format, mm->k), 1,
	      s->pad, rng);
	place(&mm->b, &in, mm->n, mxa_packed_size(mm->b_format, mm->k), 1,
	      s->pad, rng);
	if (scaled) {
		place(&mm->a_scale, &in, mm->m, nb, 1, s->pad, rng);
		place(&mm->b_scale, &in, mm->n, nb, 1, s->pad, rng);
	}
	if (s->has_c)
		place(&mm->c, &in, mm->m, 4ull * mm->n, 4, s->pad, rng);
	place(&mm->d, s->shared ? &in : &out, mm->m, (uint64_t)esize * mm->n,
	      esize, s->pad, rng);

	j->sim_in = new_buffer(c->sim, in.cursor + t_rng_below(rng, 100) + 1);
	if (!s->shared)
		j->sim_d = new_buffer(c->sim, out.cursor + t_rng_below(rng, 100) + 1);
	p = mxa_buffer_map(j->sim_in);
	for (size_t i = 0; i < mxa_buffer_size(j->sim_in); i++)
		p[i] = (uint8_t)t_rng_next(rng);
	if (j->sim_d)
		for (size_t i = 0; i < mxa_buffer_size(j->sim_d); i++)
			((uint8_t *)mxa_buffer_map(j->sim_d))[i] =
				(uint8_t)t_rng_next(rng);

	fill_rows(p + mm->a.offset, mm->a_format, mm->m, mm->k,
		  mm->a.stride ? mm->a.stride : mxa_packed_size(mm->a_format, mm->k),
		  s->special_rate, rng);
	fill_rows(p + mm->b.offset, mm->b_format, mm->n, mm->k,
		  mm->b.stride ? mm->b.stride : mxa_packed_size(mm->b_format, mm->k),
		  s->special_rate, rng);
	if (scaled) {
		const struct mxa_operand *sc[] = { &mm->a_scale, &mm->b_scale };
		uint32_t rows[] = { mm->m, mm->n };

		for (unsigned o = 0; o < 2; o++)
			for (uint32_t i = 0; i < rows[o]; i++)
				for (uint32_t t = 0; t < nb; t++)
					p[sc[o]->offset + i * (sc[o]->stride ?
							       sc[o]->stride : nb) + t] =
						scale_code(mm->scale, s->special_rate, rng);
	}
	if (s->has_c)
		for (uint32_t i = 0; i < mm->m; i++)
			for (uint32_t col = 0; col < mm->n; col++) {
				float v = c_value(s->special_rate, rng);

				memcpy(p + mm->c.offset + i * (mm->c.stride ?
					mm->c.stride : 4ull * mm->n) + 4 * col,
				       &v, 4);
			}

	for (unsigned o = 0; o < ST_ARRAY_SIZE(ops); o++)
		ops[o]->buf = NULL;
	mm->a.buf = mm->b.buf = j->sim_in;
	if (scaled)
		mm->a_scale.buf = mm->b_scale.buf = j->sim_in;
	if (s->has_c)
		mm->c.buf = j->sim_in;
	mm->d.buf = s->shared ? j->sim_in : j->sim_d;

	j->emu_in = emu_twin(c, j->sim_in);
	if (j->sim_d)
		j->emu_d = emu_twin(c, j->sim_d);
	j->emu_mm = *mm;
	{
		struct mxa_operand *eops[] = { &j->emu_mm.a, &j->emu_mm.b,
					       &j->emu_mm.a_scale,
					       &j->emu_mm.b_scale,
					       &j->emu_mm.c, &j->emu_mm.d };

		for (unsigned o = 0; o < ST_ARRAY_SIZE(eops); o++)
			if (eops[o]->buf)
				eops[o]->buf = eops[o]->buf == j->sim_in ?
					       j->emu_in : j->emu_d;
	}
	j->emu_status = mxa_matmul_run(c->emu, &j->emu_mm);
}

void st_job_submit(struct st_ctx *c, struct st_job *j)
{
	int ret = mxa_matmul_submit(c->sim, &j->sim_mm, &j->fence);

	if (ret) {
		fprintf(stderr, "submit %s: %s (%d)\n", st_job_name(j),
			mxa_last_error(), ret);
		exit(T_FAIL);
	}
}

static unsigned compare(const struct st_job *j, struct mxa_buffer *sim,
			struct mxa_buffer *emu, const char *what)
{
	const uint8_t *s = mxa_buffer_map(sim), *e = mxa_buffer_map(emu);
	const struct mxa_matmul *mm = &j->sim_mm;
	unsigned esize = mm->out_format == MXA_FMT_BF16 ? 2 : 4;
	uint64_t stride = mm->d.stride ? mm->d.stride : (uint64_t)esize * mm->n;
	unsigned bad = 0;

	for (size_t i = 0; i < mxa_buffer_size(sim); i++) {
		if (s[i] == e[i])
			continue;
		if (bad++ < 6) {
			uint64_t off = i - mm->d.offset;
			bool in_d = sim == mm->d.buf && i >= mm->d.offset &&
				    off / stride < mm->m &&
				    off % stride < (uint64_t)esize * mm->n;

			fprintf(stderr, "%s: %s: byte %zu", what,
				st_job_name(j), i);
			if (in_d)
				fprintf(stderr, " (D[%llu][%llu])",
					(unsigned long long)(off / stride),
					(unsigned long long)(off % stride / esize));
			fprintf(stderr, ": 0x%02x, emulator 0x%02x\n", s[i], e[i]);
		}
	}
	return bad;
}

unsigned st_job_check(struct st_job *j, int status, const char *what)
{
	unsigned bad = 0;

	if (status != j->emu_status) {
		fprintf(stderr, "%s: %s: status %d (%s), emulator %d\n", what,
			st_job_name(j), status,
			status ? mxa_last_error() : "", j->emu_status);
		return 1;
	}
	bad += compare(j, j->sim_in, j->emu_in, what);
	if (j->sim_d)
		bad += compare(j, j->sim_d, j->emu_d, what);
	return bad;
}

void st_job_free(struct st_job *j)
{
	mxa_fence_del(j->fence);
	mxa_buffer_del(j->sim_in);
	mxa_buffer_del(j->sim_d);
	mxa_buffer_del(j->emu_in);
	mxa_buffer_del(j->emu_d);
	memset(j, 0, sizeof(*j));
}

const char *st_job_name(const struct st_job *j)
{
	static const char *const scale[] = { "none", "mx", "nv" };
	static char buf[200];
	const struct mxa_matmul *mm = &j->sim_mm;
	char acc[40];

	if (mm->acc == MXA_ACC_TRUNC)
		snprintf(acc, sizeof(acc), "trunc W %u N %u", mm->acc_bits,
			 mm->acc_interval);
	else
		snprintf(acc, sizeof(acc), "%s",
			 mm->acc == MXA_ACC_EXACT ? "exact" : "fp32");
	snprintf(buf, sizeof(buf), "%ux%ux%u %s x %s scale %s acc %s%s%s%s%s%s",
		 mm->m, mm->n, mm->k, mxa_format_name(mm->a_format),
		 mxa_format_name(mm->b_format), scale[mm->scale % 3], acc,
		 j->shape.has_c ? " C" : "",
		 mm->out_format == MXA_FMT_BF16 ? " bf16" : "",
		 j->shape.pad ? " padded" : "",
		 j->shape.shared ? " shared" : "",
		 mm->a_tensor_scale != 0.0f || mm->b_tensor_scale != 0.0f ?
		 " g" : "");
	return buf;
}
