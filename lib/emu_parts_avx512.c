// SPDX-License-Identifier: MIT
/*
 * emu_parts_avx512.c - the split path's kernels (emu_parts.c) for CPUs with
 * AVX-512 (F, DQ, VL, BW): the operations of emu_parts_avx2.c, eight
 * doubles (a row of the tile) at a time. The products and block sums are
 * exact in double, so fusing the multiply and the add changes nothing;
 * TwoSum and rounding to odd are the same operations in vector form.
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

/* fl32 of c times the sum over the pairs of eight block sums. */
static inline __attribute__((always_inline)) __m256
round8(const double *sums, size_t npairs, size_t stride, __m512d c,
       int scaled)
{
	const __m512i one = _mm512_set1_epi64(1);
	__m512d s = _mm512_loadu_pd(sums), e = _mm512_setzero_pd(), t;
	__m512i u, v, grow, step;
	__mmask8 move, odd;

	for (size_t p = 1; p < npairs; p++) {
		two_sum(s, _mm512_loadu_pd(sums + p * stride), &s, &t);
		e = _mm512_add_pd(e, t);
	}
	two_sum(s, e, &s, &t);
	if (scaled) {
		/* c * (s + t) exactly: c * s, its error, and c * t. */
		__m512d p = _mm512_mul_pd(c, s);

		e = _mm512_add_pd(_mm512_fmsub_pd(c, s, p), _mm512_mul_pd(c, t));
		two_sum(p, e, &s, &t);
	}
	/* Round to odd: an even s with t != 0 steps towards t. */
	u = _mm512_castpd_si512(s);
	v = _mm512_castpd_si512(t);
	move = _mm512_cmp_pd_mask(t, _mm512_setzero_pd(), _CMP_NEQ_UQ);
	odd = _mm512_test_epi64_mask(u, one);
	grow = _mm512_srli_epi64(_mm512_xor_si512(u, v), 63);
	step = _mm512_sub_epi64(one, _mm512_add_epi64(grow, grow));
	step = _mm512_maskz_mov_epi64(move & (__mmask8)~odd, step);
	return _mm512_cvtpd_ps(_mm512_castsi512_pd(_mm512_add_epi64(u, step)));
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

static void round_avx512(size_t nblk, size_t npairs, size_t stride,
			 const double *sums,
			 const struct mxa__emu_tile_scales *sc, float *out)
{
	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			size_t i = t * TILE + r * NR;

			_mm256_storeu_ps(out + i, round8(sums + i, npairs, stride,
							 scale8(sc, t, r),
							 sc->sa != NULL));
		}
	}
}

static void round_acc_avx512(size_t nblk, size_t npairs, size_t stride,
			     const double *sums,
			     const struct mxa__emu_tile_scales *sc, float *acc,
			     size_t ld, const float *g)
{
	__m256 gv = _mm256_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++, sums += TILE) {
		for (int r = 0; r < MR; r++) {
			__m256 f = round8(sums + r * NR, npairs, stride,
					  scale8(sc, t, r), sc->sa != NULL);
			float *p = acc + r * ld;

			if (g)
				f = _mm256_mul_ps(f, gv);
			_mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), f));
		}
	}
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
	.round_acc = round_acc_avx512,
	.exact = exact_avx512,
};
#endif
