// SPDX-License-Identifier: MIT
/*
 * emu_parts_avx2.c - the split path's kernels (emu_parts.c) for CPUs with
 * AVX2 and FMA: the same results as the portable ones, four doubles at a
 * time. The products are exact in double, so fusing the multiply and the
 * add changes nothing; the rounding check and TwoSum are the same
 * operations in vector form (fp32 block sums rounded in another order give
 * the same results: a block is either settled by its bound or recomputed
 * exactly).
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

/* The scales of block t, row r, columns j .. j+3. */
static inline __attribute__((always_inline)) __m256d
scale4(const struct mxa__emu_tile_scales *sc, size_t t, int r, int j)
{
	if (!sc->sa)
		return _mm256_set1_pd(1.0);
	return _mm256_mul_pd(_mm256_set1_pd(sc->sa[t * sc->lda + r]),
			     _mm256_loadu_pd(sc->sb + t * sc->ldb + j));
}

static void add_blocks_avx2(size_t nblk, const float *out, float *acc,
			    size_t ld, const float *g)
{
	__m128 gv = _mm_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			for (int j = 0; j < NR; j += 4) {
				__m128 f = _mm_load_ps(out + t * TILE + r * NR + j);
				float *p = acc + r * ld + j;

				if (g)
					f = _mm_mul_ps(f, gv);
				_mm_storeu_ps(p, _mm_add_ps(_mm_loadu_ps(p), f));
			}
		}
	}
}

/* The rounding of emu.h's mxa__emu_round_fn, four outputs at a time. */
static int round_avx2(size_t nblk, const double *sums, const double *mags,
		      const struct mxa__emu_tile_scales *sc, float *out,
		      uint8_t *fail, float *acc, size_t ld, const float *g)
{
	const __m256d e46 = _mm256_set1_pd(0x1p-46);
	int failed = 0;

	for (size_t t = 0; t < nblk; t++) {
		for (int r = 0; r < MR; r++) {
			unsigned bad = 0;

			for (int j = 0; j < NR; j += 4) {
				size_t i = t * TILE + r * NR + j;
				__m256d c = scale4(sc, t, r, j);
				__m256d x = _mm256_mul_pd(c, _mm256_load_pd(sums + i));
				__m256d err = _mm256_mul_pd(_mm256_mul_pd(c,
					_mm256_load_pd(mags + i)), e46);
				__m128 lo = _mm256_cvtpd_ps(_mm256_sub_pd(x, err));
				__m128 hi = _mm256_cvtpd_ps(_mm256_add_pd(x, err));

				bad |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(
					_mm_cmpeq_epi32(_mm_castps_si128(lo),
							_mm_castps_si128(hi)))) << j;
				_mm_store_ps(out + i, lo);
			}
			bad = ~bad & 0xFFu;	/* the lanes whose bits differ */
			fail[t * MR + r] = (uint8_t)bad;
			failed |= bad != 0;
		}
	}
	if (!failed && acc)
		add_blocks_avx2(nblk, out, acc, ld, g);
	return failed;
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
	.add_blocks = add_blocks_avx2,
	.exact = exact_avx2,
};
#endif
