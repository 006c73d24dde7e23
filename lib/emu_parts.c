// SPDX-License-Identifier: MIT
/*
 * emu_parts.c - the emulator's split path: fp32 accumulation for the format
 * pairs whose block sums can exceed 2^53 units (the e5m2 pairs), and the
 * exact mode for every pair, as double GEMMs (docs/numerics.md section 7).
 *
 * fp32: one GEMM of the values and one of their magnitudes give each
 * block's sum s, rounded, and the sum m of its products' magnitudes. The
 * error of s is below gamma(63) * m < 2^-47 * m (recursive summation of at
 * most 64 exact products, in any order: Higham, Accuracy and Stability of
 * Numerical Algorithms, 4.2), so the exact c * sum (c = sa * sb, the
 * block's scales) lies within a bound of c * s that the kernels widen for
 * their own roundings (emu.h). Where both ends of that interval round to
 * the same float, every value inside does (rounding is monotonic): that is
 * the block's result. Where they do not - the sum near a rounding boundary
 * or cancelling to far below m - the block is recomputed exactly from its
 * codes: with the random codes of `make bench`, one block in 10^4 to
 * 10^5, about 1 % of the time of an e5m2 job.
 *
 * exact: emu.c splits each operand's finite values by magnitude into parts
 * such that, for any part of A and any part of B, run * (max/unit of the A
 * part) * (max/unit of the B part) is at most 2^53: the sum of the
 * (unscaled) values of that pair of parts over the run is then exact in
 * double. A value lives in one part and is zero in the others, so the sum
 * of the job is the sum of the pairs' sums, each exact. They are added with
 * TwoSum into a double-double hi + lo per output, exact because every term
 * is a multiple of 2^(lsb(A) + lsb(B)) and the whole sum stays below 2^86
 * of those units; C enters at the end, in integers.
 *
 * Special codes are zeros in every part (an infinity times the zero that
 * stands for a value of another part would be a NaN). The blocks of a row
 * or column that hold one are flagged while packing; their value is always
 * NaN or an infinity, computed from the codes in IEEE double as the fast
 * path does (section 5's rules follow from IEEE arithmetic).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR
#define TILE (MR * NR)

/* Cache blocking as in emu_gemm.c; smaller D tiles (three of doubles). */
#define KC 256
#define MC 96
#define NC 512
#define MO 256
#define LD (NC + 8)
#define MAX_BLK (KC / 8)	/* blocks in a panel */
#define MAX_PAIRS (MXA__EMU_MAX_PARTS * MXA__EMU_MAX_PARTS)

/* ---------------------------------------------------------------- kernels */

static void sums_c(size_t nblk, size_t bs, const double *a, const double *b,
		   double *sums)
{
	for (size_t t = 0; t < nblk; t++, sums += TILE) {
		double c[MR][NR] = { { 0 } };

		for (size_t k = 0; k < bs; k++, a += MR, b += NR)
			for (int r = 0; r < MR; r++)
				for (int j = 0; j < NR; j++)
					c[r][j] += a[r] * b[j];
		memcpy(sums, c, sizeof(c));
	}
}

/* s + t = a + b exactly, s = a + b rounded (Knuth's TwoSum). */
static inline void two_sum(double a, double b, double *s, double *t)
{
	double x = a + b, bb = x - a;

	*s = x;
	*t = (a - (x - bb)) + (b - bb);
}

/*
 * fl32(s + t) where s = fl64(s + t): s rounded to odd at 53 bits (its last
 * bit set when t is not zero and s is even: the neighbour towards t), then
 * to float.
 */
static inline float round_odd_float(double s, double t)
{
	uint64_t u, v;

	memcpy(&u, &s, 8);
	memcpy(&v, &t, 8);
	if (t != 0 && !(u & 1))
		u += (u ^ v) >> 63 ? ~0ull : 1;	/* magnitude down or up */
	memcpy(&s, &u, 8);
	return (float)s;
}

static double tile_scale(const struct mxa__emu_tile_scales *sc, size_t t,
			 int r, int j)
{
	return sc->sa ? sc->sa[t * sc->lda + r] * sc->sb[t * sc->ldb + j] : 1.0;
}

static void add_blocks_c(size_t nblk, const float *out, float *acc,
			 size_t ld, const float *g)
{
	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			for (int j = 0; j < NR; j++) {
				float f = out[t * TILE + r * NR + j];

				if (g)
					f = f * *g;
				acc[r * ld + j] = acc[r * ld + j] + f;
			}
		}
	}
}

/* The kernels' rounding of a block sum (emu.h), one output at a time. */
static int round_c(size_t nblk, const double *sums, const double *mags,
		   const struct mxa__emu_tile_scales *sc, float *out,
		   uint8_t *fail, float *acc, size_t ld, const float *g)
{
	int failed = 0;

	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			fail[t * MR + r] = 0;
			for (int j = 0; j < NR; j++) {
				size_t i = t * TILE + r * NR + j;
				double c = tile_scale(sc, t, r, j);
				double x = c * sums[i];
				double err = c * mags[i] * 0x1p-46;
				float lo = (float)(x - err), hi = (float)(x + err);

				if (memcmp(&lo, &hi, sizeof(lo))) {
					fail[t * MR + r] |= (uint8_t)(1u << j);
					failed = 1;
				}
				out[i] = lo;
			}
		}
	}
	if (!failed && acc)
		add_blocks_c(nblk, out, acc, ld, g);
	return failed;
}

static void exact_c(size_t nblk, size_t npairs, size_t stride,
		    const double *sums, double *hi, double *lo, size_t ld)
{
	for (int r = 0; r < MR; r++) {
		for (int j = 0; j < NR; j++) {
			double h = hi[r * ld + j], l = lo[r * ld + j], t;

			for (size_t b = 0; b < nblk; b++) {
				for (size_t p = 0; p < npairs; p++) {
					two_sum(h, sums[p * stride + b * TILE +
							r * NR + j], &h, &t);
					l += t;
				}
			}
			/* Renormalized: lo stays below half an ulp of hi. */
			two_sum(h, l, &hi[r * ld + j], &lo[r * ld + j]);
		}
	}
}

const struct mxa__emu_parts_kernels mxa__emu_parts_c = {
	.sums = sums_c,
	.round = round_c,
	.add_blocks = add_blocks_c,
	.exact = exact_c,
};

/* ---------------------------------------------------------------- packing */

struct operand {
	enum mxa_format fmt;
	const struct mxa__mat *mat, *scales;
	const double *val;	/* every code's value */
	const int8_t *part;	/* every code's part, -1 special */
	unsigned nparts;
};

/* What the loops need, and their buffers (one set per thread). */
struct run {
	const struct mxa__emu *e;
	const struct mxa__emu_parts_kernels *k;
	const struct mxa__emu_parts *pl;
	const double *sval;	/* NULL for scale none */
	struct operand a, b;
	int exact;
	int lab;		/* exact: lsb(A) + lsb(B) */
	double *ap, *bp;	/* packed parts: A block, B panel */
	size_t ap_part, bp_part;	/* doubles between two parts */
	uint8_t *aspec, *bspec;	/* per packed row: MAX_BLK flags */
	uint8_t *aany, *bany;	/* per panel of rows: any flag */
	double *ascale, *bscale;	/* fp32: [block][row] scale values */
	double *sums;		/* MAX_PAIRS x MAX_BLK x TILE */
	float *acc, *rv;	/* fp32: D tile; block results of a tile */
	uint8_t *fail;		/* fp32: MAX_BLK x MR, a bit per column */
	double *hi, *lo, *sp;	/* exact: sums and specials of the D tile */
	uint8_t *codes, *codes2;
};

/*
 * Packs rows row0 .. row0+rows-1 over k0 .. k0+kc-1 into panels of @w rows
 * (zeros past the rows and past kc up to kcp), one set of panels per part:
 * a value goes to its part, zeros to the others (fp32: one part, then the
 * magnitudes); a special code is zero everywhere and flags its block (blk
 * k) of its row in @spec.
 */
static void pack(const struct run *u, const struct operand *op,
		 uint32_t row0, uint32_t rows, uint32_t k0, uint32_t kc,
		 uint32_t kcp, unsigned w, double *dst, size_t part_stride,
		 uint8_t *spec, uint8_t *any, double *scale, size_t ldscale)
{
	const struct mxa__emu *e = u->e;
	unsigned blk = u->pl->blk;
	uint32_t rows_p = (uint32_t)mxa__round_up(rows, w);
	unsigned panels = u->exact ? op->nparts : 2;

	for (uint32_t r = 0; r < rows_p; r++) {
		size_t off = (size_t)(r / w) * w * kcp + r % w;

		memset(spec + (size_t)r * MAX_BLK, 0, MAX_BLK);
		for (unsigned p = 0; p < panels; p++)
			for (uint32_t k = 0; k < kcp; k++)
				dst[p * part_stride + off + (size_t)k * w] = 0.0;
		if (u->sval)	/* fp32: blk is bs */
			for (uint32_t t = 0; t < kcp / blk; t++)
				scale[t * ldscale + r] = r >= rows ? 0.0 :
					u->sval[op->scales->ptr[(size_t)(row0 + r) *
								op->scales->stride +
								k0 / e->bs + t]];
		if (r >= rows)
			continue;
		mxa__emu_codes(op->fmt, op->mat, row0 + r, k0, kc, u->codes);
		for (uint32_t k = 0; k < kc; k++) {
			uint8_t c = u->codes[k];
			int p = op->part[c];

			if (p < 0) {
				spec[(size_t)r * MAX_BLK + k / blk] = 1;
				continue;
			}
			dst[(size_t)p * part_stride + off + (size_t)k * w] =
				op->val[c];
			if (!u->exact)
				dst[part_stride + off + (size_t)k * w] =
					fabs(op->val[c]);
		}
	}
	/* Whether a panel of w rows has any flagged block. */
	for (uint32_t r = 0; r < rows_p; r += w) {
		any[r / w] = 0;
		for (size_t x = 0; x < (size_t)w * MAX_BLK; x++)
			any[r / w] |= spec[(size_t)r * MAX_BLK + x];
	}
}

double mxa__emu_special_sum(const struct mxa__emu *e, const double *aval,
			    const double *bval, const double *sval,
			    uint32_t ia, uint32_t jb, uint32_t k0, uint32_t n,
			    uint8_t *ca, uint8_t *cb)
{
	const struct mxa__job *job = e->job;
	double s = 0;

	mxa__emu_codes(e->desc->a_format, &job->a, ia, k0, n, ca);
	mxa__emu_codes(e->desc->b_format, &job->b, jb, k0, n, cb);
	for (uint32_t k = 0; k < n; k++) {
		double x = aval[ca[k]], y = bval[cb[k]];

		if (sval) {
			uint32_t t = (k0 + k) / e->bs;

			x *= sval[job->a_scale.ptr[(size_t)ia *
						   job->a_scale.stride + t]];
			y *= sval[job->b_scale.ptr[(size_t)jb *
						   job->b_scale.stride + t]];
		}
		s += x * y;
	}
	return s;
}

static double special_sum(const struct run *u, uint32_t ia, uint32_t jb,
			  uint32_t k0, uint32_t n)
{
	return mxa__emu_special_sum(u->e, u->a.val, u->b.val, u->sval, ia, jb,
				    k0, n, u->codes, u->codes2);
}

/* ---------------------------------------------------------------- exact */

/* D = fl32(C + hi + lo + specials) (numerics.md 5.3). */
static float exact_finish(const struct run *u, float c, double hi, double lo,
			  double sp)
{
	double s, t, unit = ldexp(1.0, -u->lab);
	mxa__i128 sum, cm;
	mxa__u128 mag;
	uint32_t bits, ce, cf;
	int ec, sh;

	if (!isfinite(sp) || !isfinite(c))
		return (float)((double)c + sp);	/* IEEE: the special rules */
	if (c == 0) {
		two_sum(hi, lo, &s, &t);
		return round_odd_float(s, t);
	}
	/* hi + lo and C as integers: the sum in units of 2^lab (< 2^86). */
	sum = mxa__i128_add(mxa__i128_of_double(hi * unit),
			    mxa__i128_of_double(lo * unit));
	memcpy(&bits, &c, 4);
	ce = bits >> 23 & 0xFF;
	cf = bits & 0x7FFFFF;
	if (ce)
		cf |= 1u << 23;
	ec = (ce ? (int)ce : 1) - 150;	/* C = cf * 2^ec */
	cm = mxa__i128_of(bits >> 31 ? -(int64_t)cf : (int64_t)cf);
	mag = mxa__i128_abs(sum);
	if (ec >= u->lab && ec - u->lab <= 100) {
		sum = mxa__i128_add(sum, mxa__i128_shl(cm,
						       (unsigned)(ec - u->lab)));
		ec = u->lab;
	} else if (ec < u->lab &&
		   (sh = u->lab - ec) + mxa__bit_length(mag) <= 125) {
		sum = mxa__i128_add(mxa__i128_shl(sum, (unsigned)sh), cm);
	} else {
		struct mxa__wide w;

		memset(&w, 0, sizeof(w));
		mxa__wide_add(&w, sum, u->lab);
		mxa__wide_add(&w, cm, ec);
		return mxa__wide_round(&w);
	}
	return mxa__emu_round(mxa__i128_negative(sum), mxa__i128_abs(sum), ec,
			      0);
}

/* ---------------------------------------------------------------- loops */

/*
 * The results of one kernel tile (rows ia.., columns jb.., of which @mr
 * and @nr are in D) for the @nblk blocks of the panel at k0: every pair of
 * parts and the exact sums, or (fp32) the sums of the values and of their
 * magnitudes and the rounding.
 */
static void tile_blocks(const struct run *u, const double *ap,
			const double *bp, uint32_t kcp, const uint8_t *aspec,
			const uint8_t *bspec, unsigned any, uint32_t ia, uint32_t jb,
			uint32_t k0, uint32_t kc, size_t di, size_t dj,
			int mr, int nr)
{
	const struct mxa__emu *e = u->e;
	unsigned blk = u->pl->blk;
	size_t nblk = kcp / blk, stride = nblk * TILE;
	size_t npairs = (size_t)u->a.nparts * u->b.nparts;
	struct mxa__emu_tile_scales sc;

	if (u->exact) {
		for (unsigned pa = 0; pa < u->a.nparts; pa++)
			for (unsigned pb = 0; pb < u->b.nparts; pb++)
				u->k->sums(nblk, blk, ap + pa * u->ap_part,
					   bp + pb * u->bp_part,
					   u->sums + (pa * u->b.nparts + pb) *
						     stride);
	} else {
		u->k->sums(nblk, blk, ap, bp, u->sums);
		u->k->sums(nblk, blk, ap + u->ap_part, bp + u->bp_part,
			   u->sums + stride);
	}

	if (u->exact) {
		u->k->exact(nblk, npairs, stride, u->sums, u->hi + di * LD + dj,
			    u->lo + di * LD + dj, LD);
		if (!any)
			return;
		for (int r = 0; r < mr; r++)
			for (int j = 0; j < nr; j++)
				for (size_t t = 0; t < nblk; t++)
					if (aspec[r * MAX_BLK + t] |
					    bspec[j * MAX_BLK + t]) {
						uint32_t k = (uint32_t)t * blk;

						u->sp[(di + r) * LD + dj + j] +=
							special_sum(u, ia + r, jb + j,
								    k0 + k,
								    kc - k < blk ? kc - k : blk);
					}
		return;
	}

	sc = (struct mxa__emu_tile_scales){
		/* ic is a multiple of MC: di % MC is the row in the A block */
		.sa = u->sval ? u->ascale + di % MC : NULL,
		.sb = u->sval ? u->bscale + dj : NULL,
		.lda = MC,
		.ldb = NC,
	};
	/* Every block settled and none special: added already. */
	if (!u->k->round(nblk, u->sums, u->sums + stride, &sc, u->rv, u->fail,
			 any ? NULL : u->acc + di * LD + dj, LD, e->g) && !any)
		return;
	/* The blocks with a special code, and those not settled. */
	for (int r = 0; r < mr; r++) {
		for (int j = 0; j < nr; j++) {
			for (size_t t = 0; t < nblk; t++) {
				float *f = &u->rv[t * TILE + r * NR + j];
				uint32_t k = (uint32_t)t * blk;
				uint32_t n = kc - k < blk ? kc - k : blk;

				if (any && (aspec[r * MAX_BLK + t] |
					    bspec[j * MAX_BLK + t]))
					*f = (float)special_sum(u, ia + r, jb + j,
								k0 + k, n);
				else if (u->fail[t * MR + r] >> j & 1)
					*f = mxa__emu_fp32_block(e, ia + r, jb + j,
								 k0 + k, n, u->codes,
								 u->codes2);
			}
		}
	}
	u->k->add_blocks(nblk, u->rv, u->acc + di * LD + dj, LD, e->g);
}

/* Rows io .. io+mo-1 of D against columns jc .. jc+nc-1. */
static void tile(struct run *u, uint32_t io, uint32_t mo, uint32_t jc,
		 uint32_t nc)
{
	const struct mxa__emu *e = u->e;
	unsigned blk = u->pl->blk;
	uint32_t ncp = (uint32_t)mxa__round_up(nc, NR);
	float row[NC];

	for (uint32_t r = 0; r < mo; r++)
		mxa__emu_load_c(e, io + r, jc, nc, u->acc + (size_t)r * LD);
	if (u->exact) {
		size_t n = (size_t)(mo + MR) * LD;

		memset(u->hi, 0, n * sizeof(double));
		memset(u->lo, 0, n * sizeof(double));
		memset(u->sp, 0, n * sizeof(double));
	}
	for (uint32_t pc = 0; pc < e->desc->k; pc += KC) {
		uint32_t kc = e->desc->k - pc < KC ? e->desc->k - pc : KC;
		uint32_t kcp = (uint32_t)mxa__round_up(kc, blk);

		u->bp_part = (size_t)ncp * kcp;
		pack(u, &u->b, jc, nc, pc, kc, kcp, NR, u->bp, u->bp_part,
		     u->bspec, u->bany, u->bscale, NC);
		for (uint32_t ic = 0; ic < mo; ic += MC) {
			uint32_t mc = mo - ic < MC ? mo - ic : MC;

			u->ap_part = mxa__round_up(mc, MR) * kcp;
			pack(u, &u->a, io + ic, mc, pc, kc, kcp, MR, u->ap,
			     u->ap_part, u->aspec, u->aany, u->ascale, MC);
			for (uint32_t jr = 0; jr < ncp; jr += NR)
				for (uint32_t ir = 0; ir < mc; ir += MR)
					tile_blocks(u, u->ap + (size_t)ir * kcp,
						    u->bp + (size_t)jr * kcp, kcp,
						    u->aspec + (size_t)ir * MAX_BLK,
						    u->bspec + (size_t)jr * MAX_BLK,
						    u->aany[ir / MR] | u->bany[jr / NR],
						    io + ic + ir, jc + jr, pc, kc,
						    ic + ir, jr,
						    mc - ir < MR ? (int)(mc - ir) : MR,
						    nc - jr < NR ? (int)(nc - jr) : NR);
		}
	}
	for (uint32_t r = 0; r < mo; r++) {
		const float *acc = u->acc + (size_t)r * LD;

		if (u->exact) {
			for (uint32_t j = 0; j < nc; j++) {
				size_t x = (size_t)r * LD + j;

				row[j] = exact_finish(u, acc[j], u->hi[x],
						      u->lo[x], u->sp[x]);
			}
			acc = row;
		}
		mxa__emu_store_d(e, io + r, jc, nc, acc);
	}
}

int mxa__emu_parts_gemm(const struct mxa__emu *e,
			const struct mxa__emu_parts_kernels *k,
			const struct mxa__emu_parts *pl,
			const struct mxa__emu_rect *rect)
{
	const struct mxa_matmul *d = e->desc;
	/* As in emu_gemm.c, the buffers no larger than the part needs. */
	uint32_t m = rect->i1 - rect->i0, n = rect->j1 - rect->j0;
	uint32_t kmax = d->k < KC ? (uint32_t)mxa__round_up(d->k, pl->blk) : KC;
	uint32_t nmax = n < NC ? (uint32_t)mxa__round_up(n, NR) : NC;
	uint32_t mcmax = m < MC ? (uint32_t)mxa__round_up(m, MR) : MC;
	size_t dtile = (size_t)((m < MO ? mxa__round_up(m, MR) : MO) + MR) * LD;
	int exact = d->acc == MXA_ACC_EXACT;
	struct run u = {
		.e = e,
		.k = k,
		.pl = pl,
		.sval = d->scale != MXA_SCALE_NONE ? pl->sval : NULL,
		.a = { d->a_format, &e->job->a, &e->job->a_scale, pl->aval,
		       pl->apart, pl->na },
		.b = { d->b_format, &e->job->b, &e->job->b_scale, pl->bval,
		       pl->bpart, pl->nb },
		.exact = exact,
		.lab = mxa__elem_lsb(d->a_format, e->scaled) +
		       mxa__elem_lsb(d->b_format, e->scaled),
	};
	size_t dtile_exact = exact ? dtile : 0;
	const struct mxa__emu_buf bufs[] = {
		/* fp32: the values and their magnitudes */
		{ &u.ap, sizeof(double) * (exact ? pl->na : 2) * (mcmax + MR) * kmax, 0 },
		{ &u.bp, sizeof(double) * (exact ? pl->nb : 2) * nmax * kmax, 0 },
		{ &u.aspec, (MC + MR) * MAX_BLK, 0 },
		{ &u.ascale, sizeof(double) * MAX_BLK * MC, 0 },
		{ &u.bscale, sizeof(double) * MAX_BLK * NC, 0 },
		{ &u.bspec, NC * MAX_BLK, 0 },
		{ &u.aany, MC / MR + 1, 0 },
		{ &u.bany, NC / NR, 0 },
		{ &u.sums, sizeof(double) * MAX_PAIRS * MAX_BLK * TILE, 0 },
		{ &u.acc, sizeof(float) * dtile, 1 },
		{ &u.rv, sizeof(float) * MAX_BLK * TILE, 0 },
		{ &u.fail, MAX_BLK * MR, 0 },
		{ &u.codes, KC, 0 },
		{ &u.codes2, KC, 0 },
		{ &u.hi, sizeof(double) * dtile_exact, 0 },
		{ &u.lo, sizeof(double) * dtile_exact, 0 },
		{ &u.sp, sizeof(double) * dtile_exact, 0 },
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
