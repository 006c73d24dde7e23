// SPDX-License-Identifier: MIT
/*
 * emu_trunc_avx2.c - the trunc path's kernel (emu_trunc.c) for CPUs with
 * AVX2: the same operations as mxa__emu_trunc_c(), four outputs at a time.
 * Every product, scaling by a power of two and truncation is exact, so the
 * order of the (integer) sums does not matter.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define TR MXA__EMU_TR
#define NR MXA__EMU_NR

static inline __attribute__((always_inline)) void
kernel(size_t bs, const double *a, const double *aabs, const double *b,
       const double *babs, double *p, size_t ld, unsigned w)
{
	const __m256d sign = _mm256_set1_pd(-0.0);
	const __m256i sbase = _mm256_set1_epi64x(2045 + (long long)w);
	const __m256i ibase = _mm256_set1_epi64x((long long)w - 1);
	__m256d m[TR][2], sum[TR][2], pv[TR][2], zero[TR][2];
	double sc[TR][2][4] __attribute__((aligned(32)));
	__m256d inv[TR][2];

	for (int r = 0; r < TR; r++) {
		for (int h = 0; h < 2; h++) {
			pv[r][h] = _mm256_loadu_pd(p + r * ld + 4 * h);
			m[r][h] = _mm256_andnot_pd(sign, pv[r][h]);
		}
	}
	/* E: the largest |q_k| and |P|. */
	for (size_t k = 0; k < bs; k++, aabs += TR, babs += NR) {
		__m256d b0 = _mm256_load_pd(babs), b1 = _mm256_load_pd(babs + 4);

		for (int r = 0; r < TR; r++) {
			__m256d x = _mm256_broadcast_sd(aabs + r);

			m[r][0] = _mm256_max_pd(m[r][0], _mm256_mul_pd(x, b0));
			m[r][1] = _mm256_max_pd(m[r][1], _mm256_mul_pd(x, b1));
		}
	}
	/* s = 2^(W-1-E) and its inverse, from the exponent field of max. */
	for (int r = 0; r < TR; r++) {
		for (int h = 0; h < 2; h++) {
			__m256i ef = _mm256_srli_epi64(_mm256_castpd_si256(m[r][h]),
						       52);

			zero[r][h] = _mm256_cmp_pd(m[r][h], _mm256_setzero_pd(),
						   _CMP_EQ_OQ);
			_mm256_store_pd(sc[r][h], _mm256_castsi256_pd(
				_mm256_slli_epi64(_mm256_sub_epi64(sbase, ef), 52)));
			inv[r][h] = _mm256_castsi256_pd(_mm256_slli_epi64(
				_mm256_sub_epi64(ef, ibase), 52));
			sum[r][h] = _mm256_setzero_pd();
		}
	}
	/* The truncated terms, summed. */
	for (size_t k = 0; k < bs; k++, a += TR, b += NR) {
		__m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);

		for (int r = 0; r < TR; r++) {
			__m256d x = _mm256_broadcast_sd(a + r);
			__m256d y0 = _mm256_mul_pd(_mm256_mul_pd(x, b0),
						   _mm256_load_pd(sc[r][0]));
			__m256d y1 = _mm256_mul_pd(_mm256_mul_pd(x, b1),
						   _mm256_load_pd(sc[r][1]));

			sum[r][0] = _mm256_add_pd(sum[r][0], _mm256_round_pd(
				y0, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
			sum[r][1] = _mm256_add_pd(sum[r][1], _mm256_round_pd(
				y1, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
		}
	}
	for (int r = 0; r < TR; r++) {
		for (int h = 0; h < 2; h++) {
			__m256d tp = _mm256_round_pd(
				_mm256_mul_pd(pv[r][h], _mm256_load_pd(sc[r][h])),
				_MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
			__m256d np = _mm256_mul_pd(_mm256_add_pd(sum[r][h], tp),
						   inv[r][h]);

			/* No nonzero term: P = 0 (s and its inverse unused). */
			_mm256_storeu_pd(p + r * ld + 4 * h,
					 _mm256_andnot_pd(zero[r][h], np));
		}
	}
}

static void trunc_dbl_avx2(size_t bs, const double *a, const double *aabs,
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

/* The single-precision kernel: the steps of trunc_f32_c() in emu_trunc.c. */
static inline __attribute__((always_inline)) void
kernel_f32(size_t bs, const float *a, const float *aabs, const float *b,
	   const float *babs, const double *sa, const double *sb, double *p,
	   size_t ld, unsigned w)
{
	const __m256d sign = _mm256_set1_pd(-0.0);
	const __m256i sbase = _mm256_set1_epi64x(2045 + (long long)w);
	const __m256i ibase = _mm256_set1_epi64x((long long)w - 1);
	__m256 m[TR], sf[TR];
	__m256i sum[TR];
	__m256d s[TR][2], inv[TR][2], zero[TR][2], pv[TR][2];
	__m256d sb0 = sb ? _mm256_loadu_pd(sb) : _mm256_set1_pd(1.0);
	__m256d sb1 = sb ? _mm256_loadu_pd(sb + 4) : _mm256_set1_pd(1.0);

	for (int r = 0; r < TR; r++)
		m[r] = _mm256_setzero_ps();
	for (size_t k = 0; k < bs; k++, aabs += TR, babs += NR) {
		__m256 bb = _mm256_load_ps(babs);

		for (int r = 0; r < TR; r++)
			m[r] = _mm256_max_ps(m[r], _mm256_mul_ps(
				_mm256_broadcast_ss(aabs + r), bb));
	}
	for (int r = 0; r < TR; r++) {
		__m256d sr = _mm256_set1_pd(sa ? sa[r] : 1.0);
		__m256d c[2] = { _mm256_mul_pd(sr, sb0), _mm256_mul_pd(sr, sb1) };
		__m256d mp[2] = { _mm256_cvtps_pd(_mm256_castps256_ps128(m[r])),
				  _mm256_cvtps_pd(_mm256_extractf128_ps(m[r], 1)) };
		__m128 f[2];

		for (int h = 0; h < 2; h++) {
			__m256d mx, cs;
			__m256i ef;

			pv[r][h] = _mm256_loadu_pd(p + r * ld + 4 * h);
			mx = _mm256_max_pd(_mm256_mul_pd(mp[h], c[h]),
					   _mm256_andnot_pd(sign, pv[r][h]));
			zero[r][h] = _mm256_cmp_pd(mx, _mm256_setzero_pd(),
						   _CMP_EQ_OQ);
			ef = _mm256_srli_epi64(_mm256_castpd_si256(mx), 52);
			s[r][h] = _mm256_castsi256_pd(_mm256_slli_epi64(
				_mm256_sub_epi64(sbase, ef), 52));
			inv[r][h] = _mm256_castsi256_pd(_mm256_slli_epi64(
				_mm256_sub_epi64(ef, ibase), 52));
			/* c * s as float; 0 where every product is 0. */
			cs = _mm256_andnot_pd(_mm256_cmp_pd(mp[h], _mm256_setzero_pd(),
							    _CMP_EQ_OQ),
					      _mm256_mul_pd(c[h], s[r][h]));
			f[h] = _mm256_cvtpd_ps(cs);
		}
		sf[r] = _mm256_set_m128(f[1], f[0]);
		sum[r] = _mm256_setzero_si256();
	}
	for (size_t k = 0; k < bs; k++, a += TR, b += NR) {
		__m256 bv = _mm256_load_ps(b);

		for (int r = 0; r < TR; r++) {
			__m256 y = _mm256_mul_ps(_mm256_mul_ps(
				_mm256_broadcast_ss(a + r), bv), sf[r]);

			sum[r] = _mm256_add_epi32(sum[r],
						  _mm256_cvttps_epi32(y));
		}
	}
	for (int r = 0; r < TR; r++) {
		__m256d t[2] = {
			_mm256_cvtepi32_pd(_mm256_castsi256_si128(sum[r])),
			_mm256_cvtepi32_pd(_mm256_extracti128_si256(sum[r], 1)),
		};

		for (int h = 0; h < 2; h++) {
			__m256d tp = _mm256_round_pd(_mm256_mul_pd(pv[r][h], s[r][h]),
						     _MM_FROUND_TO_ZERO |
						     _MM_FROUND_NO_EXC);
			__m256d np = _mm256_mul_pd(_mm256_add_pd(t[h], tp),
						   inv[r][h]);

			_mm256_storeu_pd(p + r * ld + 4 * h,
					 _mm256_andnot_pd(zero[r][h], np));
		}
	}
}

static void trunc_f32_avx2(size_t bs, const float *a, const float *aabs,
			   const float *b, const float *babs, const double *sa,
			   const double *sb, double *p, size_t ld, unsigned w)
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

static void promote_avx2(int tr, int nr, double *p, float *acc, size_t ld,
			 const float *g)
{
	__m128 gv = _mm_set1_ps(g ? *g : 1.0f);

	for (int r = 0; r < tr; r++, p += ld, acc += ld) {
		for (int j = 0; j < nr; j += 4) {
			__m128 f = _mm256_cvtpd_ps(_mm256_loadu_pd(p + j));

			if (g)
				f = _mm_mul_ps(f, gv);
			_mm_storeu_ps(acc + j, _mm_add_ps(_mm_loadu_ps(acc + j), f));
			_mm256_storeu_pd(p + j, _mm256_setzero_pd());
		}
	}
}

const struct mxa__emu_trunc_kernels mxa__emu_trunc_avx2 = {
	.dbl = trunc_dbl_avx2,
	.f32 = trunc_f32_avx2,
	.promote = promote_avx2,
	.f32_tr = TR,
	.f32_nr = NR,
	.f32_max_w = MXA__EMU_TRUNC_F32_W,
};
#endif
