// SPDX-License-Identifier: MIT
/*
 * emu_trunc_avx512.c - the trunc path's kernels (emu_trunc.c) for CPUs with
 * AVX-512 (F, DQ, VL, BW): the operations of emu_trunc_avx2.c, eight
 * doubles or sixteen floats (a row of the tile) at a time. Every
 * product, scaling by a power of two and truncation is exact, so the order
 * of the (integer) sums does not matter. The truncated terms are converted
 * to integers (one instruction, where rounding toward zero in place takes
 * two) and summed as such: below 2^W <= 2^25 each, at most 64 of them, a
 * float block fits int32; a double block (2^32 each) fits int64. Both give the
 * same +0 for a sum of zeros.
 */
#if defined(__x86_64__)
#include <float.h>
#include <immintrin.h>

#include "emu.h"

#define TR MXA__EMU_TR
#define NR MXA__EMU_NR

_Static_assert(NR == 8, "a row of the tile is one vector of 8 doubles");

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

/*
 * The single-precision kernel: the steps of trunc_f32_c() in emu_trunc.c on
 * a tile of FTR rows by FNR columns, a row of the tile one vector of
 * sixteen floats (A's value is a broadcast from memory, which costs no
 * arithmetic port): per sixteen products a multiply and a maximum for E,
 * then two multiplies, a conversion and an add.
 *
 * @wide: 25 < W <= 31. A term is still exact in float (at most 24
 * significant bits) and converts to an int32 (below 2^W <= 2^31), but a
 * block's sum, up to 2^37, does not fit: the int32s are summed modulo
 * 2^32, and the terms themselves in float beside them, one more add per
 * sixteen products. That float sum F is within 64 * 2^(W+6-24) of the sum
 * of the terms, which is within 64 of the sum S of the truncated terms:
 * |F - S| < 2^20, so S is trunc(F) plus the difference of the two modulo
 * 2^32, taken as a signed int32. The double kernel, the
 * only other way to W of 26 to 31, takes 1.4 times as long.
 */
#define FTR 8
#define FNR 16

_Static_assert(FTR <= MXA__EMU_TRUNC_MAX_TR && FNR <= MXA__EMU_TRUNC_MAX_NR,
	       "the tile fits the path's buffers");

static inline __attribute__((always_inline)) void
kernel_f32(size_t bs, int scaled, int wide, const float *a,
	   const float *aabs, const float *b, const float *babs,
	   const double *sa, const double *sb, double *p, size_t ld,
	   unsigned w)
{
	const __m512d sign = _mm512_set1_pd(-0.0);
	const __m512d fmax = _mm512_set1_pd(FLT_MAX);
	const __m512i emask = _mm512_set1_epi64(0x7ffll << 52);
	const __m512i sbase = _mm512_set1_epi64((long long)((2045ull + w) << 52));
	const __m512i ibase = _mm512_set1_epi64((long long)((w - 1ull) << 52));
	/*
	 * s and its inverse per output, in memory while the terms are
	 * summed: the sums and the scales take the registers.
	 */
	double sd[FTR][FNR] __attribute__((aligned(64)));
	double id[FTR][FNR] __attribute__((aligned(64)));
	__m512 m[FTR], sf[FTR], fsum[FTR];
	__m512i sum[FTR];

	for (int r = 0; r < FTR; r++)
		m[r] = _mm512_setzero_ps();
	/* E: the largest product magnitude (then |P|). */
	for (size_t k = 0; k < bs; k++, aabs += FTR, babs += FNR) {
		__m512 bb = _mm512_loadu_ps(babs);

		for (int r = 0; r < FTR; r++)
			m[r] = _mm512_max_ps(m[r], _mm512_mul_ps(
				_mm512_set1_ps(aabs[r]), bb));
	}
	for (int r = 0; r < FTR; r++) {
		__m256 f[2];

		for (int h = 0; h < 2; h++) {
			__m512d mp = _mm512_cvtps_pd(h ?
				_mm512_extractf32x8_ps(m[r], 1) :
				_mm512_extractf32x8_ps(m[r], 0));
			__m512d c = scaled ? _mm512_mul_pd(_mm512_set1_pd(sa[r]),
				_mm512_loadu_pd(sb + 8 * h)) : _mm512_set1_pd(1.0);
			__m512d mx, sv;
			__m512i ef;	/* the exponent field of max, E + 1023 */
			__mmask8 nonzero;

			mx = _mm512_max_pd(scaled ? _mm512_mul_pd(mp, c) : mp,
					   _mm512_andnot_pd(sign, _mm512_loadu_pd(
						   p + r * ld + 8 * h)));
			/* max is 0 or normal: its exponent field is 0 for 0 */
			ef = _mm512_and_si512(_mm512_castpd_si512(mx), emask);
			nonzero = _mm512_test_epi64_mask(ef, ef);
			sv = _mm512_castsi512_pd(_mm512_sub_epi64(sbase, ef));
			_mm512_store_pd(sd[r] + 8 * h, sv);
			/*
			 * No nonzero term and P = 0: the inverse 0 makes the
			 * new P +0 (s is then finite, P * s a zero).
			 */
			_mm512_store_pd(id[r] + 8 * h, _mm512_castsi512_pd(
				_mm512_maskz_sub_epi64(nonzero, ef, ibase)));
			/*
			 * c * s as float, at most FLT_MAX: where every
			 * product is 0, E may come from P alone and c * s
			 * overflow (0 times infinity would be a NaN); where
			 * one is not, c * s < 2^(W+34) already. Without
			 * scales s stays below 2^83 (P >= 2^(-34-W+1)).
			 */
			f[h] = _mm512_cvtpd_ps(scaled ? _mm512_min_pd(
				_mm512_mul_pd(c, sv), fmax) : sv);
		}
		sf[r] = _mm512_insertf32x8(_mm512_castps256_ps512(f[0]), f[1], 1);
		sum[r] = _mm512_setzero_si512();
		fsum[r] = _mm512_setzero_ps();
	}
	/*
	 * The truncated terms, summed; two k at a time (bs is even), which
	 * also keeps GCC from copying every sum between registers each k.
	 */
	for (size_t k = 0; k < bs; k += 2, a += 2 * FTR, b += 2 * FNR) {
		__m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + FNR);

		for (int r = 0; r < FTR; r++) {
			__m512 y0 = _mm512_mul_ps(_mm512_mul_ps(
				_mm512_set1_ps(a[r]), b0), sf[r]);
			__m512 y1 = _mm512_mul_ps(_mm512_mul_ps(
				_mm512_set1_ps(a[FTR + r]), b1), sf[r]);

			sum[r] = _mm512_add_epi32(sum[r], _mm512_add_epi32(
				_mm512_cvttps_epi32(y0), _mm512_cvttps_epi32(y1)));
			if (wide)
				fsum[r] = _mm512_add_ps(fsum[r],
							_mm512_add_ps(y0, y1));
		}
	}
	/* P = (the sum + trunc(P * s)) / s. */
	for (int r = 0; r < FTR; r++) {
		for (int h = 0; h < 2; h++) {
			double *pp = p + r * ld + 8 * h;
			__m256i s32 = h ? _mm512_extracti64x4_epi64(sum[r], 1) :
					  _mm512_extracti64x4_epi64(sum[r], 0);
			__m512d t, tp;

			if (wide) {
				/* S = trunc(F) + (int32)(S - trunc(F) mod 2^32) */
				__m512i f = _mm512_cvttpd_epi64(_mm512_cvtps_pd(h ?
					_mm512_extractf32x8_ps(fsum[r], 1) :
					_mm512_extractf32x8_ps(fsum[r], 0)));

				t = _mm512_cvtepi64_pd(_mm512_add_epi64(f,
					_mm512_cvtepi32_epi64(_mm256_sub_epi32(s32,
						_mm512_cvtepi64_epi32(f)))));
			} else {
				t = _mm512_cvtepi32_pd(s32);
			}
			tp = _mm512_roundscale_pd(_mm512_mul_pd(
				_mm512_loadu_pd(pp), _mm512_load_pd(sd[r] + 8 * h)),
				TRUNC);

			_mm512_storeu_pd(pp, _mm512_mul_pd(_mm512_add_pd(t, tp),
				_mm512_load_pd(id[r] + 8 * h)));
		}
	}
}

static void trunc_f32_avx512(size_t bs, const float *a, const float *aabs,
			     const float *b, const float *babs,
			     const double *sa, const double *sb, double *p,
			     size_t ld, unsigned w)
{
	/* Scales come for both operands or for neither. */
	if (w > MXA__EMU_TRUNC_F32_W) {
		if (sa)
			kernel_f32(bs, 1, 1, a, aabs, b, babs, sa, sb, p, ld, w);
		else
			kernel_f32(bs, 0, 1, a, aabs, b, babs, sa, sb, p, ld, w);
	} else if (sa) {
		if (bs == 32)
			kernel_f32(32, 1, 0, a, aabs, b, babs, sa, sb, p, ld, w);
		else if (bs == 16)
			kernel_f32(16, 1, 0, a, aabs, b, babs, sa, sb, p, ld, w);
		else
			kernel_f32(bs, 1, 0, a, aabs, b, babs, sa, sb, p, ld, w);
	} else {
		if (bs == 32)
			kernel_f32(32, 0, 0, a, aabs, b, babs, sa, sb, p, ld, w);
		else
			kernel_f32(bs, 0, 0, a, aabs, b, babs, sa, sb, p, ld, w);
	}
}

/* Eight outputs at a time; the tile's columns are whole vectors. */
static void promote_avx512(int tr, int nr, double *p, float *acc, size_t ld,
			   const float *g)
{
	__m256 gv = _mm256_set1_ps(g ? *g : 1.0f);

	for (int r = 0; r < tr; r++, p += ld, acc += ld) {
		for (int j = 0; j < nr; j += 8) {
			__m256 f = _mm512_cvtpd_ps(_mm512_loadu_pd(p + j));

			if (g)
				f = _mm256_mul_ps(f, gv);
			_mm256_storeu_ps(acc + j,
					 _mm256_add_ps(_mm256_loadu_ps(acc + j), f));
			_mm512_storeu_pd(p + j, _mm512_setzero_pd());
		}
	}
}

const struct mxa__emu_trunc_kernels mxa__emu_trunc_avx512 = {
	.dbl = trunc_dbl_avx512,
	.f32 = trunc_f32_avx512,
	.promote = promote_avx512,
	.f32_tr = FTR,
	.f32_nr = FNR,
	.f32_max_w = 31,
};
#endif
