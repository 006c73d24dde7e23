// SPDX-License-Identifier: MIT
/*
 * emu_gemm.c - the emulator's fast path for fp32 accumulation: a blocked
 * GEMM in double precision whose block sums are exact (emu.c checks the
 * bound), with the portable micro-kernel.
 *
 * Each element is decoded and multiplied by its block's scale while the
 * panels are packed. For an MX scale (a power of two) that is exact; for an
 * NV scale (at most 4 significant bits) the product has at most 12 bits and
 * every partial sum of the block is the product of the two scales (at most
 * 8 bits) and an integer, and the bound in emu.c keeps it within 53 bits.
 * So a block sum in double is S * sa * sb exactly, and one conversion to
 * float is the fl32 of docs/numerics.md 5.1. IEEE double arithmetic gives
 * the special values of section 5 by itself: a NaN scale or element makes
 * every product NaN, inf * 0 (a zero scale included) is NaN, and the sum of
 * +inf and -inf is NaN. The accumulator starts each block at +0, so an
 * exactly zero block sum is +0.
 */
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR

/*
 * Cache blocking (sized for 32 KiB L1, 512 KiB L2): a B micro-panel of
 * KC x NR doubles (16 KiB) stays in L1 while the kernel walks an A block of
 * MC x KC (192 KiB) in L2; the B panel of KC x NC and the accumulator tile
 * of MO x NC floats live in L3. KC is a multiple of every block size (8 to 64).
 */
#define KC 256
#define MC 96
#define NC 1024
#define MO 1024
#define LDACC (NC + 16)	/* accumulator rows not 4 KiB apart */

void mxa__emu_kernel_c(size_t nblk, size_t bs, const double *a,
		       const double *b, float *acc, size_t ldacc,
		       const float *g)
{
	for (size_t t = 0; t < nblk; t++) {
		double c[MR][NR] = { { 0 } };

		for (size_t k = 0; k < bs; k++, a += MR, b += NR)
			for (int r = 0; r < MR; r++)
				for (int j = 0; j < NR; j++)
					c[r][j] += a[r] * b[j];
		for (int r = 0; r < MR; r++) {
			for (int j = 0; j < NR; j++) {
				float f = (float)c[r][j];

				if (g)
					f = f * *g;
				acc[r * ldacc + j] = acc[r * ldacc + j] + f;
			}
		}
	}
}

/* What packing needs of one operand. */
struct operand {
	enum mxa_format fmt;
	const struct mxa__mat *mat, *scales;
	const double *val;	/* value of every code */
};

/*
 * Packs rows row0 .. row0+rows-1 (padded with zero rows to a multiple of
 * @w) over k0 .. k0+kc-1 (padded with zeros to kcp) into panels of @w rows,
 * each holding @w values per k, every value times its block's scale.
 */
static void pack(const struct mxa__emu *e, const struct operand *op,
		 const double *sval, uint32_t row0, uint32_t rows, uint32_t k0,
		 uint32_t kc, uint32_t kcp, unsigned w, uint8_t *codes,
		 double *dst)
{
	uint32_t rows_p = (uint32_t)mxa__round_up(rows, w);

	for (uint32_t r = 0; r < rows_p; r++) {
		double *p = dst + (size_t)(r / w) * w * kcp + r % w;
		uint32_t k = 0;

		if (r < rows) {
			mxa__emu_codes(op->fmt, op->mat, row0 + r, k0, kc,
				       codes);
			if (!sval) {
				for (; k < kc; k++)
					p[(size_t)k * w] = op->val[codes[k]];
			} else {
				const uint8_t *sc = op->scales->ptr +
					(size_t)(row0 + r) * op->scales->stride +
					k0 / e->bs;

				for (; k < kc; k++)
					p[(size_t)k * w] = op->val[codes[k]] *
							   sval[sc[k / e->bs]];
			}
		}
		for (; k < kcp; k++)
			p[(size_t)k * w] = 0.0;
	}
}

/* Buffers of the blocked loops, and what every level needs. */
struct gemm {
	const struct mxa__emu *e;
	mxa__emu_kernel_fn *kernel;
	struct operand a, b;
	const double *sval;
	double *ap, *bp;	/* packed A block, packed B panel */
	float *acc;		/* accumulator tile, LDACC floats per row */
	uint8_t *codes;
};

/*
 * Rows io .. io+mo-1 of D against columns jc .. jc+nc-1: the accumulator
 * tile starts at C, takes every block of K in order, and becomes D.
 */
static void tile(const struct gemm *g, uint32_t io, uint32_t mo, uint32_t jc,
		 uint32_t nc)
{
	const struct mxa__emu *e = g->e;
	uint32_t ncp = (uint32_t)mxa__round_up(nc, NR);

	for (uint32_t r = 0; r < mo; r++)
		mxa__emu_load_c(e, io + r, jc, nc, g->acc + (size_t)r * LDACC);
	for (uint32_t pc = 0; pc < e->desc->k; pc += KC) {
		uint32_t kc = e->desc->k - pc < KC ? e->desc->k - pc : KC;
		uint32_t kcp = (uint32_t)mxa__round_up(kc, e->bs);

		pack(e, &g->b, g->sval, jc, nc, pc, kc, kcp, NR, g->codes,
		     g->bp);
		for (uint32_t ic = 0; ic < mo; ic += MC) {
			uint32_t mc = mo - ic < MC ? mo - ic : MC;

			pack(e, &g->a, g->sval, io + ic, mc, pc, kc, kcp, MR,
			     g->codes, g->ap);
			for (uint32_t jr = 0; jr < ncp; jr += NR)
				for (uint32_t ir = 0; ir < mc; ir += MR)
					g->kernel(kcp / e->bs, e->bs,
						  g->ap + (size_t)ir * kcp,
						  g->bp + (size_t)jr * kcp,
						  g->acc + (size_t)(ic + ir) *
							   LDACC + jr,
						  LDACC, e->g);
		}
	}
	for (uint32_t r = 0; r < mo; r++)
		mxa__emu_store_d(e, io + r, jc, nc, g->acc + (size_t)r * LDACC);
}

int mxa__emu_gemm(const struct mxa__emu *e, mxa__emu_kernel_fn *kernel,
		  const double *aval, const double *bval, const double *sval,
		  const struct mxa__emu_rect *rect)
{
	const struct mxa_matmul *d = e->desc;
	uint32_t m = rect->i1 - rect->i0, n = rect->j1 - rect->j0;
	uint32_t kmax = d->k < KC ? (uint32_t)mxa__round_up(d->k, e->bs) : KC;
	uint32_t nmax = n < NC ? (uint32_t)mxa__round_up(n, NR) : NC;
	uint32_t mmax = m < MO ? (uint32_t)mxa__round_up(m, MR) : MO + MR;
	struct gemm g = {
		.e = e,
		.kernel = kernel,
		.a = { d->a_format, &e->job->a, &e->job->a_scale, aval },
		.b = { d->b_format, &e->job->b, &e->job->b_scale, bval },
		.sval = sval,
	};
	const struct mxa__emu_buf bufs[] = {
		{ &g.ap, sizeof(double) * MC * kmax, 0 },
		{ &g.bp, sizeof(double) * nmax * kmax, 0 },
		{ &g.acc, sizeof(float) * mmax * LDACC, 1 },
		{ &g.codes, KC, 0 },
	};
	int ret = mxa__emu_bufs_alloc(bufs, sizeof(bufs) / sizeof(bufs[0]));

	if (ret)
		return ret;
	for (uint32_t io = rect->i0; io < rect->i1; io += MO)
		for (uint32_t jc = rect->j0; jc < rect->j1; jc += NC)
			tile(&g, io, rect->i1 - io < MO ? rect->i1 - io : MO, jc,
			     rect->j1 - jc < NC ? rect->j1 - jc : NC);
	mxa__emu_bufs_free(bufs, sizeof(bufs) / sizeof(bufs[0]));
	return 0;
}
