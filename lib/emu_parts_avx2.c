// SPDX-License-Identifier: MIT
/*
 * emu_parts_avx2.c - the split path's kernels (emu_parts.c) for CPUs with
 * AVX2 and FMA: the same results as the portable ones, four doubles at a
 * time. The products and block sums are exact in double, so fusing the
 * multiply and the add changes nothing; TwoSum and rounding to odd are the
 * same operations in vector form.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR
#define TILE (MR * NR)

#define ROW(r)                                                          \
	do {                                                            \
		__m256d x = _mm256_broadcast_sd(a + (r));               \
		c##r##0 = _mm256_fmadd_pd(x, b0, c##r##0);              \
		c##r##1 = _mm256_fmadd_pd(x, b1, c##r##1);              \
	} while (0)

#define STORE(r)                                                        \
	do {                                                            \
		_mm256_store_pd(sums + (r) * NR, c##r##0);              \
		_mm256_store_pd(sums + (r) * NR + 4, c##r##1);          \
	} while (0)

static inline __attribute__((always_inline)) void
sums_kernel(size_t nblk, size_t bs, const double *a, const double *b,
	    double *sums)
{
	for (size_t t = 0; t < nblk; t++, sums += TILE) {
		__m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
		__m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
		__m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
		__m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
		__m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
		__m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();

		for (size_t k = 0; k < bs; k++, a += MR, b += NR) {
			__m256d b0 = _mm256_load_pd(b);
			__m256d b1 = _mm256_load_pd(b + 4);

			ROW(0);
			ROW(1);
			ROW(2);
			ROW(3);
			ROW(4);
			ROW(5);
		}
		STORE(0);
		STORE(1);
		STORE(2);
		STORE(3);
		STORE(4);
		STORE(5);
	}
}

static void sums_avx2(size_t nblk, size_t bs, const double *a,
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
two_sum(__m256d a, __m256d b, __m256d *s, __m256d *t)
{
	__m256d x = _mm256_add_pd(a, b), bb = _mm256_sub_pd(x, a);

	*s = x;
	*t = _mm256_add_pd(_mm256_sub_pd(a, _mm256_sub_pd(x, bb)),
			   _mm256_sub_pd(b, bb));
}

/* fl32 of c times the sum over the pairs of four block sums. */
static inline __attribute__((always_inline)) __m128
round4(const double *sums, size_t npairs, size_t stride, __m256d c,
       int scaled)
{
	const __m256i one = _mm256_set1_epi64x(1);
	__m256d s = _mm256_load_pd(sums), e = _mm256_setzero_pd(), t, move;
	__m256i u, v, odd, grow, step;

	for (size_t p = 1; p < npairs; p++) {
		two_sum(s, _mm256_load_pd(sums + p * stride), &s, &t);
		e = _mm256_add_pd(e, t);
	}
	two_sum(s, e, &s, &t);
	if (scaled) {
		/* c * (s + t) exactly: c * s, its error, and c * t. */
		__m256d p = _mm256_mul_pd(c, s);

		e = _mm256_add_pd(_mm256_fmsub_pd(c, s, p), _mm256_mul_pd(c, t));
		two_sum(p, e, &s, &t);
	}
	/* Round to odd: an even s with t != 0 steps towards t. */
	u = _mm256_castpd_si256(s);
	v = _mm256_castpd_si256(t);
	move = _mm256_cmp_pd(t, _mm256_setzero_pd(), _CMP_NEQ_UQ);
	odd = _mm256_and_si256(u, one);
	grow = _mm256_srli_epi64(_mm256_xor_si256(u, v), 63);
	step = _mm256_sub_epi64(one, _mm256_add_epi64(grow, grow));
	step = _mm256_andnot_si256(_mm256_cmpeq_epi64(odd, one), step);
	step = _mm256_and_si256(step, _mm256_castpd_si256(move));
	return _mm256_cvtpd_ps(_mm256_castsi256_pd(_mm256_add_epi64(u, step)));
}

/* The scales of block t, row r, columns j .. j+3. */
static inline __attribute__((always_inline)) __m256d
scale4(const struct mxa__emu_tile_scales *sc, size_t t, int r, int j)
{
	if (!sc->sa)
		return _mm256_set1_pd(1.0);
	return _mm256_mul_pd(_mm256_set1_pd(sc->sa[t * sc->lda + r]),
			     _mm256_loadu_pd(sc->sb + t * sc->ldb + j));
}

static void round_avx2(size_t nblk, size_t npairs, size_t stride,
		       const double *sums,
		       const struct mxa__emu_tile_scales *sc, float *out)
{
	for (size_t t = 0; t < nblk; t++)
		for (int r = 0; r < MR; r++)
			for (int j = 0; j < NR; j += 4) {
				size_t i = t * TILE + r * NR + j;

				_mm_store_ps(out + i, round4(sums + i, npairs, stride,
							     scale4(sc, t, r, j),
							     sc->sa != NULL));
			}
}

static void round_acc_avx2(size_t nblk, size_t npairs, size_t stride,
			   const double *sums,
			   const struct mxa__emu_tile_scales *sc, float *acc,
			   size_t ld, const float *g)
{
	__m128 gv = _mm_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++, sums += TILE) {
		for (int r = 0; r < MR; r++) {
			for (int j = 0; j < NR; j += 4) {
				__m128 f = round4(sums + r * NR + j, npairs, stride,
						  scale4(sc, t, r, j), sc->sa != NULL);
				float *p = acc + r * ld + j;

				if (g)
					f = _mm_mul_ps(f, gv);
				_mm_storeu_ps(p, _mm_add_ps(_mm_loadu_ps(p), f));
			}
		}
	}
}

static void exact_avx2(size_t nblk, size_t npairs, size_t stride,
		       const double *sums, double *hi, double *lo, size_t ld)
{
	for (int r = 0; r < MR; r++) {
		for (int j = 0; j < NR; j += 4) {
			__m256d h = _mm256_loadu_pd(hi + r * ld + j);
			__m256d l = _mm256_loadu_pd(lo + r * ld + j), t;

			for (size_t b = 0; b < nblk; b++) {
				for (size_t p = 0; p < npairs; p++) {
					two_sum(h, _mm256_load_pd(sums + p * stride +
								  b * TILE + r * NR + j),
						&h, &t);
					l = _mm256_add_pd(l, t);
				}
			}
			two_sum(h, l, &h, &l);
			_mm256_storeu_pd(hi + r * ld + j, h);
			_mm256_storeu_pd(lo + r * ld + j, l);
		}
	}
}

const struct mxa__emu_parts_kernels mxa__emu_parts_avx2 = {
	.sums = sums_avx2,
	.round = round_avx2,
	.round_acc = round_acc_avx2,
	.exact = exact_avx2,
};
#endif
