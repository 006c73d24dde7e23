// SPDX-License-Identifier: MIT
/*
 * emu_parts_avx512.c - the split path's kernels (emu_parts.c) for CPUs with
 * AVX-512 (F, DQ, VL, BW): the operations of emu_parts_avx2.c, eight
 * doubles (a row of the tile) at a time. The products are exact in double,
 * so fusing the multiply and the add changes nothing; the rounding check
 * and TwoSum are the same operations in vector form. Sums rounded in
 * another order than the portable kernels' give the same results: a block
 * is either settled by its bound or recomputed exactly.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR
#define TILE (MR * NR)

_Static_assert(NR == 8, "a row of the tile is one vector of 8 doubles");

static inline __attribute__((always_inline)) void
sums_kernel(size_t nblk, size_t bs, const double *a, const double *b,
	    double *sums)
{
	for (size_t t = 0; t < nblk; t++, sums += TILE) {
		__m512d c[MR];

		for (int r = 0; r < MR; r++)
			c[r] = _mm512_setzero_pd();
		for (size_t k = 0; k < bs; k++, a += MR, b += NR) {
			__m512d bv = _mm512_loadu_pd(b);

			for (int r = 0; r < MR; r++)
				c[r] = _mm512_fmadd_pd(_mm512_set1_pd(a[r]), bv,
						       c[r]);
		}
		for (int r = 0; r < MR; r++)
			_mm512_storeu_pd(sums + r * NR, c[r]);
	}
}

static void sums_avx512(size_t nblk, size_t bs, const double *a,
			const double *b, double *sums)
{
	switch (bs) {
	case 8:
		sums_kernel(nblk, 8, a, b, sums);
		break;
	case 16:
		sums_kernel(nblk, 16, a, b, sums);
		break;
	case 32:
		sums_kernel(nblk, 32, a, b, sums);
		break;
	default:
		sums_kernel(nblk, bs, a, b, sums);
		break;
	}
}

/* s + t = a + b exactly (TwoSum). */
static inline __attribute__((always_inline)) void
two_sum(__m512d a, __m512d b, __m512d *s, __m512d *t)
{
	__m512d x = _mm512_add_pd(a, b), bb = _mm512_sub_pd(x, a);

	*s = x;
	*t = _mm512_add_pd(_mm512_sub_pd(a, _mm512_sub_pd(x, bb)),
			   _mm512_sub_pd(b, bb));
}

/* The scales of block t, row r (all NR columns). */
static inline __attribute__((always_inline)) __m512d
scale8(const struct mxa__emu_tile_scales *sc, size_t t, int r)
{
	if (!sc->sa)
		return _mm512_set1_pd(1.0);
	return _mm512_mul_pd(_mm512_set1_pd(sc->sa[t * sc->lda + r]),
			     _mm512_loadu_pd(sc->sb + t * sc->ldb));
}

static void add_blocks_avx512(size_t nblk, const float *out, float *acc,
			      size_t ld, const float *g)
{
	__m256 gv = _mm256_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			__m256 f = _mm256_loadu_ps(out + t * TILE + r * NR);
			float *p = acc + r * ld;

			if (g)
				f = _mm256_mul_ps(f, gv);
			_mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), f));
		}
	}
}

/* The rounding of emu.h's mxa__emu_round_fn, a row of the tile at a time. */
static int round_avx512(size_t nblk, const double *sums, const double *mags,
			const struct mxa__emu_tile_scales *sc, float *out,
			uint8_t *fail, float *acc, size_t ld, const float *g)
{
	const __m512d e46 = _mm512_set1_pd(0x1p-46);
	int failed = 0;

	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			size_t i = t * TILE + r * NR;
			__m512d c = scale8(sc, t, r);
			__m512d x = _mm512_mul_pd(c, _mm512_loadu_pd(sums + i));
			__m512d err = _mm512_mul_pd(_mm512_mul_pd(c,
				_mm512_loadu_pd(mags + i)), e46);
			__m256 lo = _mm512_cvtpd_ps(_mm512_sub_pd(x, err));
			__m256 hi = _mm512_cvtpd_ps(_mm512_add_pd(x, err));
			__mmask8 bad = _mm256_cmpneq_epi32_mask(
				_mm256_castps_si256(lo), _mm256_castps_si256(hi));

			fail[t * MR + r] = (uint8_t)bad;
			failed |= bad != 0;
			_mm256_storeu_ps(out + i, lo);
		}
	}
	if (!failed && acc)
		add_blocks_avx512(nblk, out, acc, ld, g);
	return failed;
}

static void exact_avx512(size_t nblk, size_t npairs, size_t stride,
			 const double *sums, double *hi, double *lo, size_t ld)
{
	for (int r = 0; r < MR; r++) {
		__m512d h = _mm512_loadu_pd(hi + r * ld);
		__m512d l = _mm512_loadu_pd(lo + r * ld), t;

		for (size_t b = 0; b < nblk; b++) {
			for (size_t p = 0; p < npairs; p++) {
				two_sum(h, _mm512_loadu_pd(sums + p * stride +
							   b * TILE + r * NR),
					&h, &t);
				l = _mm512_add_pd(l, t);
			}
		}
		two_sum(h, l, &h, &l);
		_mm512_storeu_pd(hi + r * ld, h);
		_mm512_storeu_pd(lo + r * ld, l);
	}
}

const struct mxa__emu_parts_kernels mxa__emu_parts_avx512 = {
	.sums = sums_avx512,
	.round = round_avx512,
	.add_blocks = add_blocks_avx512,
	.exact = exact_avx512,
};
#endif
