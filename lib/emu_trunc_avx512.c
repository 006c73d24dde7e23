// SPDX-License-Identifier: MIT
/*
 * emu_trunc_avx512.c - the trunc path's kernels (emu_trunc.c) for CPUs with
 * AVX-512 (F, DQ, VL, BW): the operations of emu_trunc_avx2.c, eight
 * doubles (a row of the tile) or sixteen floats (two rows) at a time. Every
 * product, scaling by a power of two and truncation is exact, so the order
 * of the (integer) sums does not matter. The truncated terms are converted
 * to integers (one instruction, where rounding toward zero in place takes
 * two) and summed as such: below 2^W <= 2^18 each, at most 64 of them, a
 * float block fits int32 (and its sum stays exact in float, as the other
 * kernels keep it); a double block (2^32 each) fits int64. Both give the
 * same +0 for a sum of zeros.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define TR MXA__EMU_TR
#define NR MXA__EMU_NR

_Static_assert(NR == 8, "a row of the tile is one vector of 8 doubles");
_Static_assert(TR % 2 == 0, "the float kernel takes rows two by two");

#define TRUNC (_MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)

static inline __attribute__((always_inline)) void
kernel(size_t bs, const double *a, const double *aabs, const double *b,
       const double *babs, double *p, size_t ld, unsigned w)
{
	const __m512d sign = _mm512_set1_pd(-0.0);
	const __m512i sbase = _mm512_set1_epi64(2045 + (long long)w);
	const __m512i ibase = _mm512_set1_epi64((long long)w - 1);
	__m512d m[TR], pv[TR], sc[TR], inv[TR];
	__m512i sum[TR];
	__mmask8 zero[TR];

	for (int r = 0; r < TR; r++) {
		pv[r] = _mm512_loadu_pd(p + r * ld);
		m[r] = _mm512_andnot_pd(sign, pv[r]);
	}
	/* E: the largest |q_k| and |P|. */
	for (size_t k = 0; k < bs; k++, aabs += TR, babs += NR) {
		__m512d bb = _mm512_loadu_pd(babs);

		for (int r = 0; r < TR; r++)
			m[r] = _mm512_max_pd(m[r], _mm512_mul_pd(
				_mm512_set1_pd(aabs[r]), bb));
	}
	/* s = 2^(W-1-E) and its inverse, from the exponent field of max. */
	for (int r = 0; r < TR; r++) {
		__m512i ef = _mm512_srli_epi64(_mm512_castpd_si512(m[r]), 52);

		zero[r] = _mm512_cmp_pd_mask(m[r], _mm512_setzero_pd(),
					     _CMP_EQ_OQ);
		sc[r] = _mm512_castsi512_pd(_mm512_slli_epi64(
			_mm512_sub_epi64(sbase, ef), 52));
		inv[r] = _mm512_castsi512_pd(_mm512_slli_epi64(
			_mm512_sub_epi64(ef, ibase), 52));
		sum[r] = _mm512_setzero_si512();
	}
	/* The truncated terms, summed. */
	for (size_t k = 0; k < bs; k++, a += TR, b += NR) {
		__m512d bv = _mm512_loadu_pd(b);

		for (int r = 0; r < TR; r++) {
			__m512d y = _mm512_mul_pd(_mm512_mul_pd(
				_mm512_set1_pd(a[r]), bv), sc[r]);

			sum[r] = _mm512_add_epi64(sum[r],
						  _mm512_cvttpd_epi64(y));
		}
	}
	for (int r = 0; r < TR; r++) {
		__m512d tp = _mm512_roundscale_pd(_mm512_mul_pd(pv[r], sc[r]),
						  TRUNC);
		__m512d np = _mm512_mul_pd(_mm512_add_pd(
			_mm512_cvtepi64_pd(sum[r]), tp), inv[r]);

		/* No nonzero term: P = 0 (s and its inverse unused). */
		_mm512_storeu_pd(p + r * ld, _mm512_maskz_mov_pd(
			(__mmask8)~zero[r], np));
	}
}

static void trunc_dbl_avx512(size_t bs, const double *a, const double *aabs,
			     const double *b, const double *babs, double *p,
			     size_t ld, unsigned w)
{
	switch (bs) {
	case 16:
		kernel(16, a, aabs, b, babs, p, ld, w);
		break;
	case 32:
		kernel(32, a, aabs, b, babs, p, ld, w);
		break;
	default:
		kernel(bs, a, aabs, b, babs, p, ld, w);
		break;
	}
}

/* Lanes 8h .. 8h+7 of x as doubles. */
static inline __attribute__((always_inline)) __m512d half(__m512 x, int h)
{
	return _mm512_cvtps_pd(h ? _mm512_extractf32x8_ps(x, 1) :
			       _mm512_extractf32x8_ps(x, 0));
}

/*
 * A vector of 16 floats holding a[0] in lanes 0-7 and a[1] in lanes 8-15
 * (rows r and r + 1 of the tile): two broadcasts from memory and a blend,
 * which runs on more ports than a permute.
 */
static inline __attribute__((always_inline)) __m512 rows2(const float *a)
{
	return _mm512_mask_mov_ps(_mm512_set1_ps(a[0]), 0xff00,
				  _mm512_set1_ps(a[1]));
}

/* The single-precision kernel: the steps of trunc_f32_c() in emu_trunc.c. */
static inline __attribute__((always_inline)) void
kernel_f32(size_t bs, const float *a, const float *aabs, const float *b,
	   const float *babs, const double *sa, const double *sb, double *p,
	   size_t ld, unsigned w)
{
	const __m512d sign = _mm512_set1_pd(-0.0);
	const __m512i sbase = _mm512_set1_epi64(2045 + (long long)w);
	const __m512i ibase = _mm512_set1_epi64((long long)w - 1);
	__m512 m[TR / 2], m2[TR / 2], sf[TR / 2];
	__m512i sum[TR / 2];
	__m512d s[TR], inv[TR], pv[TR];
	__mmask8 zero[TR];
	__m512d sbv = sb ? _mm512_loadu_pd(sb) : _mm512_set1_pd(1.0);

	for (int q = 0; q < TR / 2; q++)
		m[q] = m2[q] = _mm512_setzero_ps();
	/*
	 * The maximum in two halves (k even, k odd), joined after: four
	 * independent max chains hide the latency of vmaxps; the maximum
	 * does not depend on the order.
	 */
	for (size_t k = 0; k < bs; k++, aabs += TR, babs += NR) {
		__m512 bb = _mm512_broadcast_f32x8(_mm256_loadu_ps(babs));

		for (int q = 0; q < TR / 2; q++) {
			__m512 x = _mm512_mul_ps(rows2(aabs + 2 * q), bb);

			if (k % 2)
				m2[q] = _mm512_max_ps(m2[q], x);
			else
				m[q] = _mm512_max_ps(m[q], x);
		}
	}
	for (int q = 0; q < TR / 2; q++)
		m[q] = _mm512_max_ps(m[q], m2[q]);
	for (int q = 0; q < TR / 2; q++) {
		__m256 f[2];

		for (int h = 0; h < 2; h++) {
			int r = 2 * q + h;
			__m512d c = _mm512_mul_pd(_mm512_set1_pd(sa ? sa[r] : 1.0),
						  sbv);
			__m512d mp = half(m[q], h);
			__m512d mx, cs;
			__m512i ef;

			pv[r] = _mm512_loadu_pd(p + r * ld);
			mx = _mm512_max_pd(_mm512_mul_pd(mp, c),
					   _mm512_andnot_pd(sign, pv[r]));
			zero[r] = _mm512_cmp_pd_mask(mx, _mm512_setzero_pd(),
						     _CMP_EQ_OQ);
			ef = _mm512_srli_epi64(_mm512_castpd_si512(mx), 52);
			s[r] = _mm512_castsi512_pd(_mm512_slli_epi64(
				_mm512_sub_epi64(sbase, ef), 52));
			inv[r] = _mm512_castsi512_pd(_mm512_slli_epi64(
				_mm512_sub_epi64(ef, ibase), 52));
			/* c * s as float; 0 where every product is 0. */
			cs = _mm512_maskz_mov_pd(
				(__mmask8)~_mm512_cmp_pd_mask(
					mp, _mm512_setzero_pd(), _CMP_EQ_OQ),
				_mm512_mul_pd(c, s[r]));
			f[h] = _mm512_cvtpd_ps(cs);
		}
		sf[q] = _mm512_insertf32x8(_mm512_castps256_ps512(f[0]), f[1], 1);
		sum[q] = _mm512_setzero_si512();
	}
	for (size_t k = 0; k < bs; k++, a += TR, b += NR) {
		__m512 bv = _mm512_broadcast_f32x8(_mm256_loadu_ps(b));

		for (int q = 0; q < TR / 2; q++) {
			__m512 y = _mm512_mul_ps(_mm512_mul_ps(
				rows2(a + 2 * q), bv), sf[q]);

			sum[q] = _mm512_add_epi32(sum[q],
						  _mm512_cvttps_epi32(y));
		}
	}
	for (int q = 0; q < TR / 2; q++) {
		for (int h = 0; h < 2; h++) {
			int r = 2 * q + h;
			__m512d t = _mm512_cvtepi32_pd(h ?
				_mm512_extracti64x4_epi64(sum[q], 1) :
				_mm512_extracti64x4_epi64(sum[q], 0));
			__m512d tp = _mm512_roundscale_pd(
				_mm512_mul_pd(pv[r], s[r]), TRUNC);
			__m512d np = _mm512_mul_pd(_mm512_add_pd(t, tp), inv[r]);

			_mm512_storeu_pd(p + r * ld, _mm512_maskz_mov_pd(
				(__mmask8)~zero[r], np));
		}
	}
}

static void trunc_f32_avx512(size_t bs, const float *a, const float *aabs,
			     const float *b, const float *babs,
			     const double *sa, const double *sb, double *p,
			     size_t ld, unsigned w)
{
	switch (bs) {
	case 16:
		kernel_f32(16, a, aabs, b, babs, sa, sb, p, ld, w);
		break;
	case 32:
		kernel_f32(32, a, aabs, b, babs, sa, sb, p, ld, w);
		break;
	default:
		kernel_f32(bs, a, aabs, b, babs, sa, sb, p, ld, w);
		break;
	}
}

const struct mxa__emu_trunc_kernels mxa__emu_trunc_avx512 = {
	.dbl = trunc_dbl_avx512,
	.f32 = trunc_f32_avx512,
};
#endif
