// SPDX-License-Identifier: MIT
/*
 * top_harness.c - random matmul jobs for the whole accelerator, placed in
 * simulated memory, their expected D from the emulator, and the checks of
 * the results (see top_harness.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_codes.h"
#include "mxa_hw.h"
#include "rtl/top_harness.h"

#define SPAN	(64ull << 20)	/* address space of one job */

static void *xcalloc(size_t n)
{
	void *p = calloc(n ? n : 1, 1);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	return p;
}

void top_caps_read(struct sh *sh, struct top_caps *caps)
{
	uint32_t arr = sh->cap[MXA_CAPIDX_CAP_ARRAY];
	uint32_t modes = sh->cap[MXA_CAPIDX_CAP_MODES];
	uint32_t trunc = sh->cap[MXA_CAPIDX_CAP_TRUNC];

	memset(caps, 0, sizeof(*caps));
	caps->rows = MXA_HW_GET(MXA_REG_CAP_ARRAY_ROWS, arr);
	caps->cols = MXA_HW_GET(MXA_REG_CAP_ARRAY_COLS, arr);
	caps->lane_bits = MXA_HW_GET(MXA_REG_CAP_ARRAY_LANE_BITS, arr);
	caps->data_bits = sh->data_bytes * 8;
	caps->formats = MXA_HW_GET(MXA_REG_CAP_FORMATS_ELEM,
				   sh->cap[MXA_CAPIDX_CAP_FORMATS]);
	caps->scale_modes = MXA_HW_GET(MXA_REG_CAP_MODES_SCALE, modes);
	caps->acc_modes = MXA_HW_GET(MXA_REG_CAP_MODES_ACC, modes);
	caps->max_m = sh->cap[MXA_CAPIDX_CAP_MAX_M];
	caps->max_n = sh->cap[MXA_CAPIDX_CAP_MAX_N];
	caps->max_k = sh->cap[MXA_CAPIDX_CAP_MAX_K];
	caps->buf_depth = MXA_HW_GET(MXA_REG_CAP_BUF_DEPTH,
				     sh->cap[MXA_CAPIDX_CAP_BUF]);
	caps->trunc_w_min = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MIN, trunc);
	caps->trunc_w_max = MXA_HW_GET(MXA_REG_CAP_TRUNC_W_MAX, trunc);
	caps->block_sizes = MXA_HW_GET(MXA_REG_CAP_BLOCK_SIZES,
				       sh->cap[MXA_CAPIDX_CAP_BLOCK]);
	/* CAP_LANE_ELEMS<i>: a byte per element format, four a register. */
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++)
		caps->elems[f] = sh->cap[MXA_CAPIDX_CAP_LANE_ELEMS0 + f / 4] >>
				 (8 * (f % 4)) & 0xff;
}

/* ---------------------------------------------------------------- codes */

static uint8_t scale_code(enum mxa_scale_mode mode, const struct top_gen *gen,
			  struct t_rng *rng)
{
	if (mode == MXA_SCALE_MX) {
		if (gen->wide_scales)
			return (uint8_t)t_rng_next(rng);
		return (uint8_t)(120 + t_rng_below(rng, 15));
	}
	if (t_one_in(rng, gen->special_rate))
		return 0x7f;		/* NaN */
	return (uint8_t)t_rng_below(rng, 0x7f);
}

static float c_value(const struct top_gen *gen, struct t_rng *rng)
{
	static const uint32_t special[] = {
		0x7fc00000u, 0xffc00001u, 0x7f800000u, 0xff800000u,
		0x80000000u, 0x00000000u, 0x00000001u, 0x807fffffu,
	};
	uint32_t bits;
	float f;

	if (t_one_in(rng, gen->special_rate))
		bits = special[t_rng_below(rng, 8)];
	else
		bits = (uint32_t)(t_rng_next(rng) & 0x807fffffu) |
		       (uint32_t)(117 + t_rng_below(rng, 20)) << 23;
	memcpy(&f, &bits, 4);
	return f;
}

static unsigned elem_bits(enum mxa_format fmt)
{
	return (unsigned)mxa_hw_fmt_bits(fmt);
}

/*
 * Rows of packed elements at a stride: the padding between rows and the
 * unused high bits of a partly filled last byte are random (readers ignore
 * them), except TERNARY's, where 10 there must not be taken for a code. In
 * base 3 the digits past K of the last byte are random (the byte stays a
 * valid one, at most 242).
 */
static uint8_t *pack_rows(enum mxa_format fmt, uint32_t rows, uint32_t k,
			  uint32_t stride, const struct top_gen *gen,
			  struct t_rng *rng)
{
	size_t len = mxa__row_bytes(fmt, k);
	unsigned used = (unsigned)(((uint64_t)k * elem_bits(fmt)) % 8);
	uint8_t *buf = xcalloc((size_t)rows * stride);
	uint8_t *codes = xcalloc(k);

	for (size_t i = 0; i < (size_t)rows * stride; i++)
		buf[i] = (uint8_t)t_rng_next(rng);
	for (uint32_t i = 0; i < rows; i++) {
		uint8_t *row = buf + (size_t)i * stride;

		for (uint32_t e = 0; e < k; e++) {
			/* Row i starts at code 37 i, so that rows differ. */
			uint8_t c = (uint8_t)((e + 37 * i) &
					      ((1u << elem_bits(fmt)) - 1));
			float v;

			if (gen->every_code && !mxa_decode(fmt, c, 0, &v) &&
			    isfinite(v))
				codes[e] = c;
			else
				codes[e] = t_elem_code(fmt, gen->special_rate,
						       rng);
		}
		if (mxa_pack(fmt, codes, k, row)) {
			fprintf(stderr, "pack: %s\n", mxa_last_error());
			exit(T_FAIL);
		}
		if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3) {
			unsigned low = 1, high = 243;

			for (uint32_t e = 0; e < k % 5; e++)
				low *= 3;
			if (k % 5)
				row[len - 1] = (uint8_t)(row[len - 1] + low *
					t_rng_below(rng, high / low));
		} else if (used) {
			row[len - 1] |= (uint8_t)(t_rng_next(rng) << used);
		}
	}
	free(codes);
	return buf;
}

static uint8_t *scale_rows(enum mxa_scale_mode mode, uint32_t rows,
			   uint32_t nb, uint32_t stride,
			   const struct top_gen *gen, struct t_rng *rng)
{
	uint8_t *buf = xcalloc((size_t)rows * stride);

	for (size_t i = 0; i < (size_t)rows * stride; i++)
		buf[i] = (uint8_t)t_rng_next(rng);
	for (uint32_t i = 0; i < rows; i++)
		for (uint32_t t = 0; t < nb; t++)
			buf[(size_t)i * stride + t] = scale_code(mode, gen, rng);
	return buf;
}

/* ---------------------------------------------------------------- jobs */

/* Next address for an operand of len bytes: a random gap, aligned. */
static uint64_t take(uint64_t *cursor, uint64_t len, unsigned align,
		     struct t_rng *rng)
{
	uint64_t a = *cursor + t_rng_below(rng, 4096);

	a = (a + align - 1) / align * align;
	*cursor = a + len;
	return a;
}

static uint32_t pad_of(bool pad, unsigned unit, struct t_rng *rng)
{
	return pad && t_rng_below(rng, 3) ? unit * t_rng_below(rng, 40) : 0;
}

int top_job_make(struct sh *sh, struct top_job *j, const struct mxa_matmul *mm,
		 bool has_c, uint64_t root, uint64_t va, bool pad,
		 const struct top_gen *gen, struct t_rng *rng)
{
	struct mxa_hw_desc *d = &j->desc;
	bool scaled = mm->scale != MXA_SCALE_NONE;
	unsigned esz = mm->out_format == MXA_FMT_BF16 ? 2 : 4;
	uint64_t cursor = va;
	uint64_t spans[6];
	struct mxa__job ej;

	memset(j, 0, sizeof(*j));
	j->mm = *mm;
	j->nb = scaled ? sh_scale_bytes(mm->k, mm->scale, mm->block_size) : 0;

	sh_desc_matmul(d, root, mm->m, mm->n, mm->k, mm->a_format, mm->b_format);
	d->flags = has_c ? MXA_DESC_FLAGS_HAS_C_MASK : 0;
	d->scale_mode = (uint8_t)mm->scale;
	d->block = (uint8_t)mm->block_size;
	d->acc_mode = (uint8_t)mm->acc;
	d->out_fmt = (uint8_t)mm->out_format;
	if (mm->acc == MXA_ACC_TRUNC) {
		d->trunc_w = (uint8_t)mm->acc_bits;
		d->trunc_n = mm->acc_interval;
	}
	if (mm->scale == MXA_SCALE_NV) {
		d->a_tscale = t_float_bits(mm->a_tensor_scale);
		d->b_tscale = t_float_bits(mm->b_tensor_scale);
	}
	d->a_stride += pad_of(pad, 1, rng);
	d->b_stride += pad_of(pad, 1, rng);
	if (scaled) {
		d->sa_stride = j->nb + pad_of(pad, 1, rng);
		d->sb_stride = j->nb + pad_of(pad, 1, rng);
	}
	if (has_c)
		d->c_stride = 4 * mm->n + pad_of(pad, 4, rng);
	d->d_stride = esz * mm->n + pad_of(pad, esz, rng);

	j->a = pack_rows(mm->a_format, mm->m, mm->k, d->a_stride, gen, rng);
	j->b = pack_rows(mm->b_format, mm->n, mm->k, d->b_stride, gen, rng);
	spans[0] = (uint64_t)(mm->m - 1) * d->a_stride +
		   mxa__row_bytes(mm->a_format, mm->k);
	spans[1] = (uint64_t)(mm->n - 1) * d->b_stride +
		   mxa__row_bytes(mm->b_format, mm->k);
	d->a_addr = take(&cursor, spans[0], 1, rng);
	d->b_addr = take(&cursor, spans[1], 1, rng);
	if (scaled) {
		j->sa = scale_rows(mm->scale, mm->m, j->nb, d->sa_stride, gen,
				   rng);
		j->sb = scale_rows(mm->scale, mm->n, j->nb, d->sb_stride, gen,
				   rng);
		spans[2] = (uint64_t)(mm->m - 1) * d->sa_stride + j->nb;
		spans[3] = (uint64_t)(mm->n - 1) * d->sb_stride + j->nb;
		d->sa_addr = take(&cursor, spans[2], 1, rng);
		d->sb_addr = take(&cursor, spans[3], 1, rng);
	}
	if (has_c) {
		j->c = xcalloc((size_t)mm->m * d->c_stride);
		for (uint32_t i = 0; i < mm->m; i++)
			for (uint32_t c = 0; c < mm->n; c++) {
				float v = c_value(gen, rng);

				memcpy(j->c + (size_t)i * d->c_stride + 4 * c,
				       &v, 4);
			}
		spans[4] = (uint64_t)(mm->m - 1) * d->c_stride + 4ull * mm->n;
		d->c_addr = take(&cursor, spans[4], 4, rng);
	}
	j->d_span = (uint64_t)(mm->m - 1) * d->d_stride +
		    (uint64_t)esz * mm->n;
	d->d_addr = take(&cursor, j->d_span, esz, rng);
	if (cursor - va > SPAN) {
		fprintf(stderr, "test bug: job of %s does not fit\n",
			top_job_name(j));
		exit(T_FAIL);
	}

	/* Writable everywhere: a later job may place D where this one
	 * placed an operand. */
	sh_map(sh, root, d->a_addr, spans[0], true);
	sh_vwrite(sh, root, d->a_addr, j->a, spans[0]);
	sh_map(sh, root, d->b_addr, spans[1], true);
	sh_vwrite(sh, root, d->b_addr, j->b, spans[1]);
	if (scaled) {
		sh_map(sh, root, d->sa_addr, spans[2], true);
		sh_vwrite(sh, root, d->sa_addr, j->sa, spans[2]);
		sh_map(sh, root, d->sb_addr, spans[3], true);
		sh_vwrite(sh, root, d->sb_addr, j->sb, spans[3]);
	}
	if (has_c) {
		sh_map(sh, root, d->c_addr, spans[4], true);
		sh_vwrite(sh, root, d->c_addr, j->c, spans[4]);
	}
	j->d_old = xcalloc(j->d_span);
	j->d_want = xcalloc(j->d_span);
	for (uint64_t i = 0; i < j->d_span; i++)
		j->d_old[i] = (uint8_t)t_rng_next(rng);
	memcpy(j->d_want, j->d_old, j->d_span);
	sh_map(sh, root, d->d_addr, j->d_span, true);
	sh_vwrite(sh, root, d->d_addr, j->d_old, j->d_span);

	memset(&ej, 0, sizeof(ej));
	mxa__job_params(&j->mm, &ej);
	ej.a.ptr = j->a;
	ej.a.stride = d->a_stride;
	ej.b.ptr = j->b;
	ej.b.stride = d->b_stride;
	ej.a_scale.ptr = j->sa;
	ej.a_scale.stride = d->sa_stride;
	ej.b_scale.ptr = j->sb;
	ej.b_scale.stride = d->sb_stride;
	ej.c.ptr = j->c;
	ej.c.stride = d->c_stride;
	ej.d = j->d_want;
	ej.d_stride = d->d_stride;
	return mxa__emu_matmul(&ej);
}

void top_job_free(struct top_job *j)
{
	free(j->a);
	free(j->b);
	free(j->sa);
	free(j->sb);
	free(j->c);
	free(j->d_old);
	free(j->d_want);
	memset(j, 0, sizeof(*j));
}

void top_job_rewrite(struct sh *sh, struct top_job *j, unsigned stream)
{
	const struct mxa_hw_desc *d = &j->desc;
	uint32_t rows = stream == MXA_HW_STREAM_A || stream == MXA_HW_STREAM_SA
		      ? d->m : d->n;
	uint64_t addr, len;
	uint32_t stride;
	uint8_t *src;

	switch (stream) {
	case MXA_HW_STREAM_A:
		addr = d->a_addr;
		stride = d->a_stride;
		len = mxa__row_bytes(j->mm.a_format, d->k);
		src = j->a;
		break;
	case MXA_HW_STREAM_B:
		addr = d->b_addr;
		stride = d->b_stride;
		len = mxa__row_bytes(j->mm.b_format, d->k);
		src = j->b;
		break;
	case MXA_HW_STREAM_SA:
		addr = d->sa_addr;
		stride = d->sa_stride;
		len = j->nb;
		src = j->sa;
		break;
	default:
		addr = d->sb_addr;
		stride = d->sb_stride;
		len = j->nb;
		src = j->sb;
		break;
	}
	sh_vwrite(sh, d->pt_root, addr, src, (uint64_t)(rows - 1) * stride + len);
}

uint64_t top_elem_addr(const struct top_job *j, unsigned stream, uint32_t i,
		       uint32_t k)
{
	const struct mxa_hw_desc *d = &j->desc;

	enum mxa_format fmt = stream == MXA_HW_STREAM_A ? j->mm.a_format :
			      j->mm.b_format;
	uint64_t byte = mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3 ?
			k / 5 : (uint64_t)k * elem_bits(fmt) / 8;

	if (stream == MXA_HW_STREAM_A)
		return d->a_addr + (uint64_t)i * d->a_stride + byte;
	return d->b_addr + (uint64_t)i * d->b_stride + byte;
}

void top_job_put(struct sh *sh, struct top_job *j)
{
	j->desc.seq = sh_next_seq(sh);
	j->index = sh_put(sh, &j->desc);
}

void top_job_wait(struct sh *sh, struct top_job *j, struct mxa_hw_cmpl *rec)
{
	if (sh_wait(sh, j->index, j->desc.seq, 50000000, rec)) {
		fprintf(stderr, "%s: no completion record\n", top_job_name(j));
		exit(T_FAIL);
	}
}

unsigned top_job_check(struct sh *sh, const struct top_job *j,
		       const struct mxa_hw_cmpl *rec, const char *what)
{
	const struct mxa_hw_desc *d = &j->desc;
	unsigned esz = d->out_fmt == MXA_HW_FMT_BF16 ? 2 : 4;
	uint64_t macs = (uint64_t)d->m * d->n * d->k;
	uint8_t *got = xcalloc(j->d_span);
	unsigned bad = 0, shown = 0;

	if (rec->status != MXA_HW_STATUS_OK) {
		fprintf(stderr, "%s: %s: status %u detail %u addr 0x%llx\n",
			what, top_job_name(j), rec->status, rec->detail,
			(unsigned long long)rec->fault_addr);
		free(got);
		return 1;
	}
	if (rec->macs != macs) {
		fprintf(stderr, "%s: %s: MACS %llu, want %llu\n", what,
			top_job_name(j), (unsigned long long)rec->macs,
			(unsigned long long)macs);
		bad++;
	}
	if (rec->bytes_written != (uint64_t)d->m * d->n * esz) {
		fprintf(stderr, "%s: %s: BYTES_WRITTEN %llu, want %llu\n",
			what, top_job_name(j),
			(unsigned long long)rec->bytes_written,
			(unsigned long long)d->m * d->n * esz);
		bad++;
	}
	sh_vread(sh, d->pt_root, d->d_addr, got, j->d_span);
	for (uint64_t o = 0; o < j->d_span; o++) {
		uint64_t row = o / d->d_stride, col = o % d->d_stride;

		if (got[o] == j->d_want[o])
			continue;
		bad++;
		if (shown++ < 8)
			fprintf(stderr, "%s: %s: D row %llu byte %llu "
				"(element %llu): 0x%02x, want 0x%02x%s\n",
				what, top_job_name(j),
				(unsigned long long)row,
				(unsigned long long)col,
				(unsigned long long)col / esz, got[o],
				j->d_want[o],
				col >= (uint64_t)esz * d->n ?
				" (outside D)" : "");
	}
	free(got);
	return bad;
}

const char *top_job_name(const struct top_job *j)
{
	static const char *const acc[] = { "fp32", "trunc", "exact" };
	static const char *const scale[] = { "none", "mx", "nv" };
	static char buf[160];
	const struct mxa_matmul *mm = &j->mm;

	snprintf(buf, sizeof(buf), "%ux%ux%u %s x %s scale %s/%u acc %s%s%s%s",
		 mm->m, mm->n, mm->k, mxa_format_name(mm->a_format),
		 mxa_format_name(mm->b_format), scale[mm->scale % 3],
		 mm->scale ? sh_block_size(mm->scale, mm->block_size) : 0,
		 acc[mm->acc % 3], j->desc.flags ? " C" : "",
		 mm->out_format == MXA_FMT_BF16 ? " bf16" : "",
		 mm->scale == MXA_SCALE_NV &&
		 (mm->a_tensor_scale != 0.0f || mm->b_tensor_scale != 0.0f) ?
		 " g" : "");
	return buf;
}
