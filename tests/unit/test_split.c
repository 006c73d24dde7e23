// SPDX-License-Identifier: MIT
/*
 * test_split.c - jobs larger than the device (lib/split.c) on the
 * emulator alone: an emulator whose max_m, max_n and max_k are lowered
 * (mxa__device_set_limits()) runs each job as tiles and chunks, the
 * emulator with its own limits in one piece; D (and the bytes around it),
 * the status and the refusals must agree. Random formats (every element
 * format as A and B), scale none, MX and NV with block sizes 8 to 64,
 * per-tensor scales, fp32, trunc (W and N over their ranges) and exact,
 * C or not, FP32 or BF16, packed or padded rows, limits from 1 up; a job
 * that cannot be split (exact beyond K, a chunk unit beyond max_k) must
 * be refused with -EINVAL by validation and by submission.
 *
 *   test_split [seed [jobs]]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/mxa_priv.h"
#include "common/split_rule.h"
#include "common/test_codes.h"
#include "common/test_util.h"

static struct t_rng rng;
/* What the jobs covered: split in K (trunc among them), refused. */
static unsigned n_split_k, n_split_k_trunc, n_split_mn, n_refused;

static uint32_t pick(const uint32_t *v, unsigned n)
{
	return v[t_rng_below(&rng, n)];
}

static void random_modes(struct mxa_matmul *mm)
{
	static const uint32_t blocks[] = { 0, 8, 16, 32, 64 };
	unsigned bs;

	mm->a_format = (enum mxa_format)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
	mm->b_format = (enum mxa_format)t_rng_below(&rng, MXA_NUM_ELEM_FORMATS);
	mm->scale = (enum mxa_scale_mode)t_rng_below(&rng, 3);
	mm->acc = (enum mxa_acc)t_rng_below(&rng, 3);
	if (mm->acc == MXA_ACC_EXACT && t_rng_below(&rng, 3))
		mm->acc = MXA_ACC_FP32;
	if (mm->acc == MXA_ACC_EXACT)
		mm->scale = MXA_SCALE_NONE;
	mm->block_size = mm->scale ? pick(blocks, 5) : 0;
	bs = mm->block_size ? mm->block_size : mxa_block_size(mm->scale);
	if (mm->acc == MXA_ACC_TRUNC && t_rng_below(&rng, 3)) {
		mm->acc_bits = 4 + t_rng_below(&rng, 29);
		mm->acc_interval = bs * (1 + t_rng_below(&rng, 4));
	}
	if (mm->scale == MXA_SCALE_NV && t_rng_below(&rng, 2)) {
		mm->a_tensor_scale = (float)(1 + t_rng_below(&rng, 1000)) / 256;
		mm->b_tensor_scale = (float)(1 + t_rng_below(&rng, 1000)) / 64;
	}
	mm->out_format = t_rng_below(&rng, 2) ? MXA_FMT_BF16 : MXA_FMT_FP32;
}

/* A job's operands, placed one after another in one buffer's bytes. */
struct layout {
	uint64_t at;
};

static void place(struct mxa_operand *op, struct layout *l, uint32_t rows,
		  uint64_t row_bytes, unsigned align)
{
	uint64_t pad = t_rng_below(&rng, 2) ? align * t_rng_below(&rng, 5) : 0;

	op->stride = pad || t_rng_below(&rng, 2) ? row_bytes + pad : 0;
	l->at += t_rng_below(&rng, 8);
	l->at = (l->at + align - 1) / align * align;
	op->offset = l->at;
	l->at += (rows - 1) * (row_bytes + pad) + row_bytes;
}

static void fill_codes(uint8_t *p, const struct mxa_operand *op,
		       enum mxa_format fmt, uint32_t rows, uint32_t k)
{
	uint64_t stride = op->stride ? op->stride : mxa_packed_size(fmt, k);
	uint8_t *codes = malloc(k);

	for (uint32_t i = 0; i < rows; i++) {
		for (uint32_t e = 0; e < k; e++)
			codes[e] = t_elem_code(fmt, 64, &rng);
		T_CHECK(mxa_pack(fmt, codes, k, p + op->offset + i * stride) == 0,
			"pack: %s", mxa_last_error());
	}
	free(codes);
}

static struct mxa_buffer *buffer(struct mxa_device *dev, size_t size,
				 const uint8_t *bytes)
{
	struct mxa_buffer *buf;

	if (mxa_buffer_new(dev, size, &buf)) {
		fprintf(stderr, "buffer: %s\n", mxa_last_error());
		exit(T_FAIL);
	}
	memcpy(mxa_buffer_map(buf), bytes, size);
	return buf;
}

/* Runs @mm on @dev over copies of @in and @d; returns the status. */
static int run_on(struct mxa_device *dev, struct mxa_matmul mm,
		  const uint8_t *in, size_t in_len, const uint8_t *d,
		  size_t d_len, uint8_t *d_out)
{
	struct mxa_buffer *bi = buffer(dev, in_len, in);
	struct mxa_buffer *bd = buffer(dev, d_len, d);
	int ret;

	mm.a.buf = mm.b.buf = bi;
	if (mm.scale != MXA_SCALE_NONE)
		mm.a_scale.buf = mm.b_scale.buf = bi;
	if (mm.c.offset != UINT64_MAX)
		mm.c.buf = bi;
	else
		memset(&mm.c, 0, sizeof(mm.c));
	mm.d.buf = bd;
	ret = mxa_matmul_run(dev, &mm);
	memcpy(d_out, mxa_buffer_map(bd), d_len);
	mxa_buffer_del(bi);
	mxa_buffer_del(bd);
	return ret;
}

static unsigned one_job(struct mxa_device *whole, unsigned index)
{
	static const uint32_t max_ks[] = { 1, 32, 40, 64, 100, 160, 200, 333 };
	struct mxa_device *dev;
	struct mxa_device_info info;
	struct mxa_matmul mm;
	struct layout in = { 0 }, out = { 0 };
	uint32_t lm = 1 + t_rng_below(&rng, 5), ln = 1 + t_rng_below(&rng, 5);
	uint32_t lk = pick(max_ks, sizeof(max_ks) / sizeof(*max_ks));
	unsigned bs, nb, esize, bad = 0;
	uint8_t *bin, *bd, *d_whole, *d_split;
	int r_whole, r_split, expect_refusal;

	memset(&mm, 0, sizeof(mm));
	random_modes(&mm);
	mm.m = 1 + t_rng_below(&rng, 3 * lm);
	mm.n = 1 + t_rng_below(&rng, 3 * ln);
	mm.k = 1 + t_rng_below(&rng, 3 * lk + 70);
	bs = mm.block_size ? mm.block_size : mxa_block_size(mm.scale);
	nb = (mm.k + bs - 1) / bs;
	esize = mm.out_format == MXA_FMT_BF16 ? 2 : 4;
	place(&mm.a, &in, mm.m, mxa_packed_size(mm.a_format, mm.k), 1);
	place(&mm.b, &in, mm.n, mxa_packed_size(mm.b_format, mm.k), 1);
	if (mm.scale != MXA_SCALE_NONE) {
		place(&mm.a_scale, &in, mm.m, nb, 1);
		place(&mm.b_scale, &in, mm.n, nb, 1);
	}
	mm.c.offset = UINT64_MAX;
	if (t_rng_below(&rng, 2))
		place(&mm.c, &in, mm.m, 4ull * mm.n, 4);
	place(&mm.d, &out, mm.m, (uint64_t)esize * mm.n, esize);
	in.at += 16;
	out.at += 16;

	bin = malloc(in.at);
	bd = malloc(out.at);
	d_whole = malloc(out.at);
	d_split = malloc(out.at);
	for (uint64_t i = 0; i < in.at; i++)
		bin[i] = (uint8_t)t_rng_next(&rng);
	for (uint64_t i = 0; i < out.at; i++)
		bd[i] = (uint8_t)t_rng_next(&rng);
	fill_codes(bin, &mm.a, mm.a_format, mm.m, mm.k);
	fill_codes(bin, &mm.b, mm.b_format, mm.n, mm.k);
	if (mm.scale != MXA_SCALE_NONE) {
		const struct mxa_operand *sc[] = { &mm.a_scale, &mm.b_scale };
		uint32_t rows[] = { mm.m, mm.n };

		for (int o = 0; o < 2; o++)
			for (uint32_t i = 0; i < rows[o]; i++)
				for (uint32_t t = 0; t < nb; t++)
					bin[sc[o]->offset + i * (sc[o]->stride ?
						sc[o]->stride : nb) + t] =
						mm.scale == MXA_SCALE_MX ?
						(uint8_t)(120 + t_rng_below(&rng, 15)) :
						(uint8_t)t_rng_below(&rng, 0x7f);
	}
	if (mm.c.offset != UINT64_MAX)
		for (uint32_t i = 0; i < mm.m; i++)
			for (uint32_t j = 0; j < mm.n; j++) {
				uint32_t bits = t_rng_below(&rng, 50) ?
					(uint32_t)(t_rng_next(&rng) & 0x807fffffu) |
					(120 + t_rng_below(&rng, 14)) << 23 :
					(t_rng_below(&rng, 2) ? 0x7f800000u : 0x80000000u);

				memcpy(bin + mm.c.offset + i * (mm.c.stride ?
					mm.c.stride : 4ull * mm.n) + 4 * j, &bits, 4);
			}

	if (mxa_device_open("emu", &dev) ||
	    mxa__device_set_limits(dev, lm, ln, lk) ||
	    mxa_device_query(dev, &info)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		exit(T_FAIL);
	}
	T_CHECK(info.max_m == lm && info.max_n == ln && info.max_k == lk,
		"lowered limits");
	r_whole = run_on(whole, mm, bin, in.at, bd, out.at, d_whole);
	r_split = run_on(dev, mm, bin, in.at, bd, out.at, d_split);
	expect_refusal = mm.k > lk && !t_k_splittable(&mm, lk);
	n_refused += expect_refusal;
	n_split_k += mm.k > lk && !expect_refusal;
	n_split_k_trunc += mm.k > lk && !expect_refusal && mm.acc == MXA_ACC_TRUNC;
	n_split_mn += mm.m > lm || mm.n > ln;
	if (expect_refusal) {
		T_CHECK(r_split == -EINVAL && strstr(mxa_last_error(), "exceeds the device's limit"),
			"job %u %ux%ux%u (limits %ux%ux%u) acc %d: %d: %s",
			index, mm.m, mm.n, mm.k, lm, ln, lk, mm.acc, r_split,
			mxa_last_error());
		T_CHECK(!memcmp(d_split, bd, out.at), "refused job wrote D");
		bad += r_split != -EINVAL;
	} else if (r_split != r_whole || memcmp(d_split, d_whole, out.at)) {
		size_t at = 0;

		while (at < out.at && d_split[at] == d_whole[at])
			at++;
		T_CHECK(0, "job %u %s x %s %ux%ux%u scale %d bs %u acc %d W %u N %u out %s%s (limits %ux%ux%u): status %d / %d, first byte differing %zu of D at %llu",
			index, mxa_format_name(mm.a_format),
			mxa_format_name(mm.b_format), mm.m, mm.n, mm.k,
			mm.scale, bs, mm.acc, mm.acc_bits, mm.acc_interval,
			esize == 2 ? "bf16" : "fp32",
			mm.c.offset != UINT64_MAX ? " C" : "", lm, ln, lk,
			r_split, r_whole, at,
			(unsigned long long)mm.d.offset);
		bad++;
	}
	mxa_device_close(dev);
	free(bin);
	free(bd);
	free(d_whole);
	free(d_split);
	return bad;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 4321;
	unsigned jobs = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 3000;
	struct mxa_device *whole;
	unsigned bad = 0;

	t_rng_seed(&rng, seed);
	if (mxa_device_open("emu", &whole)) {
		fprintf(stderr, "emu: %s\n", mxa_last_error());
		return T_FAIL;
	}
	for (unsigned i = 0; i < jobs; i++)
		bad += one_job(whole, i);
	mxa_device_close(whole);
	printf("%u jobs: %u split in K (%u trunc), %u in M or N, %u refused; %u bad\n",
	       jobs, n_split_k, n_split_k_trunc, n_split_mn, n_refused, bad);
	T_CHECK(n_split_k > jobs / 4 && n_split_k_trunc > jobs / 40 &&
		n_split_mn > jobs / 2 && n_refused > jobs / 20,
		"too few jobs of a kind");
	return t_exit();
}
