// SPDX-License-Identifier: MIT
/*
 * emu_gemm_avx512.c - the fast path's micro-kernel for CPUs with AVX-512
 * (F, DQ, VL, BW; built with -mavx512f -mavx512dq -mavx512vl -mavx512bw
 * -mfma, called only where the CPU has them): a row of the 6 x 8 tile is
 * one vector of eight doubles. Same contract as mxa__emu_kernel_c(): the
 * products and partial sums are exact in double, so fusing the multiply
 * and the add changes nothing.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR

_Static_assert(NR == 8, "a row of the tile is one vector of 8 doubles");

/* Inlined with a constant @bs so that the k loop unrolls. */
static inline __attribute__((always_inline)) void
kernel(size_t nblk, size_t bs, const double *a, const double *b, float *acc,
       size_t ldacc, const float *g)
{
	__m256 gv = _mm256_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++) {
		__m512d c[MR];

		for (int r = 0; r < MR; r++)
			c[r] = _mm512_setzero_pd();
		for (size_t k = 0; k < bs; k++, a += MR, b += NR) {
			__m512d bv = _mm512_loadu_pd(b);

			for (int r = 0; r < MR; r++)
				c[r] = _mm512_fmadd_pd(_mm512_set1_pd(a[r]), bv,
						       c[r]);
		}
		for (int r = 0; r < MR; r++) {
			__m256 f = _mm512_cvtpd_ps(c[r]);
			float *p = acc + r * ldacc;

			if (g)
				f = _mm256_mul_ps(f, gv);
			_mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), f));
		}
	}
}

void mxa__emu_kernel_avx512(size_t nblk, size_t bs, const double *a,
			    const double *b, float *acc, size_t ldacc,
			    const float *g)
{
	/* One copy per block size of the numerics (MXA_BLOCK_SIZES). */
	switch (bs) {
	case 8:
		kernel(nblk, 8, a, b, acc, ldacc, g);
		break;
	case 16:
		kernel(nblk, 16, a, b, acc, ldacc, g);
		break;
	case 32:
		kernel(nblk, 32, a, b, acc, ldacc, g);
		break;
	default:
		kernel(nblk, bs, a, b, acc, ldacc, g);
		break;
	}
}
#endif
