// SPDX-License-Identifier: MIT
/*
 * emu_trunc.c - the emulator's trunc path (docs/numerics.md 5.2) in double
 * precision, with the portable kernel.
 *
 * Every scaled product q_k = (a_k * sa) * (b_k * sb) is exact in double
 * (at most 8 + 4 significant bits per operand), and so is P: a sum of at
 * most 65 truncated terms, each below 2^W <= 2^32 units of 2^(E-W+1). For
 * one block of one output the kernel finds E from the largest |q_k| and |P|
 * (floor(log2 x) is x's exponent field), scales every term by the power of
 * two s = 2^(W-1-E) (exact: no term leaves the normal range), truncates it
 * towards zero to an integer (exact), sums the integers (exact below 2^53)
 * and scales back. P starts each sum at +0, so an exact zero is +0.
 *
 * Blocks with a special code or a NaN scale are computed apart: the codes
 * are zeros in the panels and the block flagged; its value (NaN or an
 * infinity, in IEEE double as on the split path) makes P special until the
 * next promotion, as section 5.2 says.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define TR MXA__EMU_TR
#define NR MXA__EMU_NR

/* Cache blocking as on the split path. */
#define KC 256
#define MC 96
#define NC 512
#define MO 256
#define LD (NC + 8)
#define MAX_BLK (KC / 8)
#define MAX_TR MXA__EMU_TRUNC_MAX_TR

_Static_assert(MC % MAX_TR == 0 && MC % TR == 0, "MC holds whole tiles");
_Static_assert(NC % MXA__EMU_TRUNC_MAX_NR == 0, "NC holds whole tiles");

static double from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, 8);
	return d;
}

static void trunc_dbl_c(size_t bs, const double *a, const double *aabs,
			const double *b, const double *babs, double *p,
			size_t ld, unsigned w)
{
	for (int r = 0; r < TR; r++) {
		for (int j = 0; j < NR; j++) {
			double *pp = &p[r * ld + j];
			double m = fabs(*pp), s, sum = 0;
			uint64_t u;
			int ef;

			for (size_t k = 0; k < bs; k++)
				m = fmax(m, aabs[k * TR + r] * babs[k * NR + j]);
			if (m == 0) {
				*pp = 0;	/* every term is zero */
				continue;
			}
			memcpy(&u, &m, 8);
			ef = (int)(u >> 52);	/* E + 1023 */
			s = from_bits((uint64_t)(2045 + (int)w - ef) << 52);
			for (size_t k = 0; k < bs; k++)
				sum += trunc(a[k * TR + r] * b[k * NR + j] * s);
			sum += trunc(*pp * s);
			*pp = sum * from_bits((uint64_t)(ef - (int)w + 1) << 52);
		}
	}
}

/*
 * For W <= 25: the products of unscaled values have at most 16 significant
 * bits and lie within 2^-34 .. 2^32, so they and their maximum are exact
 * in float. With c = sa * sb (at most 8 bits) and s = 2^(W-1-E), every
 * term is p_k * (c * s), exact in float when c * s is a normal float; when
 * it is below, every term is below 1 and truncates to 0 all the same (and
 * it never overflows: c * max p >= 2^E). The truncated terms of a block,
 * at most 64 below 2^25, are int32s and sum exactly in int32; P's term
 * stays in double.
 */
static void trunc_f32_c(size_t bs, const float *a, const float *aabs,
			const float *b, const float *babs, const double *sa,
			const double *sb, double *p, size_t ld, unsigned w)
{
	for (int r = 0; r < TR; r++) {
		for (int j = 0; j < NR; j++) {
			double *pp = &p[r * ld + j];
			double c = (sa ? sa[r] : 1.0) * (sb ? sb[j] : 1.0);
			double m, s;
			float mp = 0, sf;
			int32_t sum = 0;
			uint64_t u;
			int ef;

			for (size_t k = 0; k < bs; k++)
				mp = fmaxf(mp, aabs[k * TR + r] * babs[k * NR + j]);
			m = fmax((double)mp * c, fabs(*pp));
			if (m == 0) {
				*pp = 0;	/* every term is zero */
				continue;
			}
			memcpy(&u, &m, 8);
			ef = (int)(u >> 52);	/* E + 1023 */
			s = from_bits((uint64_t)(2045 + (int)w - ef) << 52);
			sf = mp == 0 ? 0.0f : (float)(c * s);
			for (size_t k = 0; k < bs; k++)
				sum += (int32_t)(a[k * TR + r] * b[k * NR + j] *
						 sf);
			*pp = ((double)sum + trunc(*pp * s)) *
			      from_bits((uint64_t)(ef - (int)w + 1) << 52);
		}
	}
}

static void promote_c(int tr, int nr, double *p, float *acc, size_t ld,
		      const float *g)
{
	for (int r = 0; r < tr; r++) {
		for (int j = 0; j < nr; j++) {
			float f = (float)p[r * ld + j];

			if (g)
				f = f * *g;
			acc[r * ld + j] = acc[r * ld + j] + f;
			p[r * ld + j] = 0;
		}
	}
}

const struct mxa__emu_trunc_kernels mxa__emu_trunc_c = {
	.dbl = trunc_dbl_c,
	.f32 = trunc_f32_c,
	.promote = promote_c,
	.f32_tr = TR,
	.f32_nr = NR,
	.f32_max_w = MXA__EMU_TRUNC_F32_W,
};

/* What the loops need, and their buffers (one set per thread). */
struct run {
	const struct mxa__emu *e;
	const struct mxa__emu_trunc_kernels *k;
	const double *aval, *bval, *sval;
	int f32;		/* single precision kernel: W <= f32_max_w */
	int tr, nr;		/* the kernel's tile */
	double *ap, *aabs, *bp, *babs;	/* packed A block, B panel */
	double *ascale, *bscale;	/* f32: [block][row] scale values */
	uint8_t *aspec, *bspec;		/* per packed row: MAX_BLK flags */
	uint8_t *aany, *bany;		/* per panel of rows: any flag */
	float *acc, *pf;	/* D tile; P while it is special */
	double *p;		/* P */
	uint8_t *psp;		/* P is special */
	size_t npsp;		/* how many outputs' P is special */
	uint8_t *codes, *codes2;
};

/*
 * Packs rows row0 .. row0+rows-1 over k0 .. k0+kc-1 into panels of @w rows
 * (zeros past the rows and past kc up to kcp): scaled values and their
 * magnitudes. Special codes and NaN scales leave zeros and flag the block.
 */
static void pack(const struct run *u, enum mxa_format fmt,
		 const struct mxa__mat *mat, const struct mxa__mat *scales,
		 const double *val, uint32_t row0, uint32_t rows, uint32_t k0,
		 uint32_t kc, uint32_t kcp, unsigned w, double *dst,
		 double *dabs, uint8_t *spec, uint8_t *any, double *scale,
		 size_t ldscale)
{
	unsigned bs = u->e->bs;
	uint32_t rows_p = (uint32_t)mxa__round_up(rows, w);
	float *fdst = (float *)dst, *fabs_ = (float *)dabs;

	for (uint32_t r = 0; r < rows_p; r++) {
		size_t off = (size_t)(r / w) * w * kcp + r % w;
		const uint8_t *sc = NULL;

		memset(spec + (size_t)r * MAX_BLK, 0, MAX_BLK);
		for (uint32_t k = 0; k < kcp; k++) {
			if (u->f32) {
				fdst[off + (size_t)k * w] = 0.0f;
				fabs_[off + (size_t)k * w] = 0.0f;
			} else {
				dst[off + (size_t)k * w] = 0.0;
				dabs[off + (size_t)k * w] = 0.0;
			}
		}
		if (u->f32 && u->sval)
			for (uint32_t t = 0; t < kcp / bs; t++)
				scale[t * ldscale + r] = 0.0;
		if (r >= rows)
			continue;
		mxa__emu_codes(fmt, mat, row0 + r, k0, kc, u->codes);
		if (u->sval)
			sc = scales->ptr + (size_t)(row0 + r) * scales->stride +
			     k0 / bs;
		if (u->f32 && sc) {
			/* The kernel scales; a NaN scale flags its block. */
			for (uint32_t t = 0; t < kcp / bs; t++) {
				double x = u->sval[sc[t]];

				if (isnan(x))
					spec[(size_t)r * MAX_BLK + t] = 1;
				scale[t * ldscale + r] = isnan(x) ? 0.0 : x;
			}
		}
		for (uint32_t k = 0; k < kc; k++) {
			double v = val[u->codes[k]];

			if (sc && !u->f32)
				v *= u->sval[sc[k / bs]];
			if (!isfinite(v)) {	/* special code or NaN scale */
				spec[(size_t)r * MAX_BLK + k / bs] = 1;
				continue;
			}
			if (u->f32) {
				fdst[off + (size_t)k * w] = (float)v;
				fabs_[off + (size_t)k * w] = (float)fabs(v);
			} else {
				dst[off + (size_t)k * w] = v;
				dabs[off + (size_t)k * w] = fabs(v);
			}
		}
	}
	/* Whether a panel of w rows has any flagged block. */
	for (uint32_t r = 0; r < rows_p; r += w) {
		any[r / w] = 0;
		for (size_t x = 0; x < (size_t)w * MAX_BLK; x++)
			any[r / w] |= spec[(size_t)r * MAX_BLK + x];
	}
}

/* Rows io .. io+mo-1 of D against columns jc .. jc+nc-1. */
static void tile(struct run *u, uint32_t io, uint32_t mo, uint32_t jc,
		 uint32_t nc)
{
	const struct mxa__emu *e = u->e;
	const struct mxa_matmul *d = e->desc;
	unsigned bs = e->bs, w = e->job->p.trunc_w;
	uint32_t interval = e->job->p.trunc_n;
	int tr = u->tr, nr = u->nr;
	uint32_t ncp = (uint32_t)mxa__round_up(nc, (size_t)nr);
	size_t nst = (size_t)(mo + MAX_TR) * LD;

	for (uint32_t r = 0; r < mo; r++)
		mxa__emu_load_c(e, io + r, jc, nc, u->acc + (size_t)r * LD);
	memset(u->p, 0, nst * sizeof(double));
	memset(u->psp, 0, nst);
	u->npsp = 0;
	for (uint32_t pc = 0; pc < d->k; pc += KC) {
		uint32_t kc = d->k - pc < KC ? d->k - pc : KC;
		uint32_t kcp = (uint32_t)mxa__round_up(kc, bs);

		pack(u, d->b_format, &e->job->b, &e->job->b_scale, u->bval, jc,
		     nc, pc, kc, kcp, (unsigned)nr, u->bp, u->babs, u->bspec,
		     u->bany, u->bscale, NC);
		for (uint32_t ic = 0; ic < mo; ic += MC) {
			uint32_t mc = mo - ic < MC ? mo - ic : MC;

			pack(u, d->a_format, &e->job->a, &e->job->a_scale,
			     u->aval, io + ic, mc, pc, kc, kcp, (unsigned)tr,
			     u->ap, u->aabs, u->aspec, u->aany, u->ascale, MC);
			for (uint32_t jr = 0; jr < ncp; jr += (uint32_t)nr) {
				for (uint32_t ir = 0; ir < mc; ir += (uint32_t)tr) {
					const uint8_t *as = u->aspec +
							    (size_t)ir * MAX_BLK;
					const uint8_t *bsp = u->bspec +
							     (size_t)jr * MAX_BLK;
					size_t x0 = (size_t)(ic + ir) * LD + jr;
					unsigned any = u->aany[ir / (uint32_t)tr] |
						       u->bany[jr / (uint32_t)nr];
					unsigned psp = 0;

					/* P is special from an earlier panel. */
					for (int r = 0; r < tr && u->npsp; r++)
						for (int j = 0; j < nr; j++)
							psp |= u->psp[x0 + (size_t)r * LD + j];

					for (uint32_t t = 0; t * bs < kc; t++) {
						uint32_t k = t * bs;
						uint32_t n = kc - k < bs ? kc - k : bs;
						uint32_t kend = pc + k + n;
						size_t ao = (size_t)ir * kcp + (size_t)k * (size_t)tr;
						size_t bo = (size_t)jr * kcp + (size_t)k * (size_t)nr;

						if (u->f32)
							u->k->f32(bs, (const float *)u->ap + ao,
								  (const float *)u->aabs + ao,
								  (const float *)u->bp + bo,
								  (const float *)u->babs + bo,
								  u->sval ? u->ascale + t * MC + ir :
									    NULL,
								  u->sval ? u->bscale + t * NC + jr :
									    NULL,
								  u->p + x0, LD, w);
						else
							u->k->dbl(bs, u->ap + ao, u->aabs + ao,
								  u->bp + bo, u->babs + bo,
								  u->p + x0, LD, w);
						for (int r = 0; r < tr && any; r++) {
							for (int j = 0; j < nr; j++) {
								size_t x = x0 + (size_t)r * LD + j;
								float f;

								if (!(as[r * MAX_BLK + t] |
								      bsp[j * MAX_BLK + t]) ||
								    ir + r >= mc || jr + j >= nc)
									continue;
								f = (float)mxa__emu_special_sum(
									e, u->aval, u->bval, u->sval,
									io + ic + ir + r, jc + jr + j,
									pc + k, n, u->codes,
									u->codes2);
								u->pf[x] = u->psp[x] ?
									   u->pf[x] + f : f;
								u->npsp += !u->psp[x];
								u->psp[x] = 1;
								psp = 1;
							}
						}
						if (kend % interval && kend != d->k)
							continue;
						/* Promotion: acc = acc + fl32(P) * g. */
						if (!psp) {
							u->k->promote(tr, nr, u->p + x0,
								      u->acc + x0, LD, e->g);
							continue;
						}
						psp = 0;
						for (int r = 0; r < tr; r++) {
							for (int j = 0; j < nr; j++) {
								size_t x = x0 + (size_t)r * LD + j;
								float f = u->psp[x] ? u->pf[x] :
									  (float)u->p[x];

								if (e->g)
									f = f * *e->g;
								u->acc[x] = u->acc[x] + f;
								u->p[x] = 0;
								u->npsp -= u->psp[x];
								u->psp[x] = 0;
							}
						}
					}
				}
			}
		}
	}
	for (uint32_t r = 0; r < mo; r++)
		mxa__emu_store_d(e, io + r, jc, nc, u->acc + (size_t)r * LD);
}

int mxa__emu_trunc_gemm(const struct mxa__emu *e,
			const struct mxa__emu_trunc_kernels *k,
			const double *aval, const double *bval,
			const double *sval, const struct mxa__emu_rect *rect)
{
	/* The D tiles no taller than the part (emu_gemm.c sizes all). */
	uint32_t m = rect->i1 - rect->i0;
	size_t nst = (size_t)((m < MO ? mxa__round_up(m, MAX_TR) : MO) +
			      MAX_TR) * LD;
	int f32 = e->job->p.trunc_w <= k->f32_max_w;
	struct run u = {
		.e = e,
		.k = k,
		.f32 = f32,
		.tr = f32 ? k->f32_tr : TR,
		.nr = f32 ? k->f32_nr : NR,
		.aval = aval,
		.bval = bval,
		.sval = e->desc->scale != MXA_SCALE_NONE ? sval : NULL,
	};
	const struct mxa__emu_buf bufs[] = {
		{ &u.ascale, sizeof(double) * MAX_BLK * MC, 0 },
		{ &u.bscale, sizeof(double) * MAX_BLK * NC, 0 },
		{ &u.ap, sizeof(double) * MC * KC, 0 },
		{ &u.aabs, sizeof(double) * MC * KC, 0 },
		{ &u.bp, sizeof(double) * NC * KC, 0 },
		{ &u.babs, sizeof(double) * NC * KC, 0 },
		{ &u.aspec, MC * MAX_BLK, 0 },
		{ &u.bspec, NC * MAX_BLK, 0 },
		{ &u.aany, MC, 0 },
		{ &u.bany, NC, 0 },
		{ &u.acc, sizeof(float) * nst, 1 },
		{ &u.pf, sizeof(float) * nst, 1 },
		{ &u.p, sizeof(double) * nst, 0 },
		{ &u.psp, nst, 0 },
		{ &u.codes, KC, 0 },
		{ &u.codes2, KC, 0 },
	};
	int ret = mxa__emu_bufs_alloc(bufs, sizeof(bufs) / sizeof(bufs[0]));

	if (ret)
		return ret;
	for (uint32_t io = rect->i0; io < rect->i1; io += MO)
		for (uint32_t jc = rect->j0; jc < rect->j1; jc += NC)
			tile(&u, io, rect->i1 - io < MO ? rect->i1 - io : MO,
			     jc, rect->j1 - jc < NC ? rect->j1 - jc : NC);
	mxa__emu_bufs_free(bufs, sizeof(bufs) / sizeof(bufs[0]));
	return 0;
}
