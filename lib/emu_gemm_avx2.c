// SPDX-License-Identifier: MIT
/*
 * emu_gemm_avx2.c - the fast path's micro-kernel for CPUs with AVX2 and FMA
 * (built with -mavx2 -mfma, called only where the CPU has both). Same
 * contract as mxa__emu_kernel_c(): the products and partial sums are exact
 * in double, so fusing the multiply and the add changes nothing.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "emu.h"

#define MR MXA__EMU_MR
#define NR MXA__EMU_NR

/* One k step of the 6 x 8 tile: two B vectors, six broadcasts of A. */
#define ROW(r)                                                          \
	do {                                                            \
		__m256d x = _mm256_broadcast_sd(a + (r));               \
		c##r##0 = _mm256_fmadd_pd(x, b0, c##r##0);              \
		c##r##1 = _mm256_fmadd_pd(x, b1, c##r##1);              \
	} while (0)

#define STORE(r)                                                        \
	do {                                                            \
		__m256 f = _mm256_set_m128(_mm256_cvtpd_ps(c##r##1),    \
					   _mm256_cvtpd_ps(c##r##0));   \
		float *p = acc + (r) * ldacc;                           \
		if (g)                                                  \
			f = _mm256_mul_ps(f, gv);                       \
		_mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), f)); \
	} while (0)

/* Inlined with a constant @bs so that the k loop unrolls. */
static inline __attribute__((always_inline)) void
kernel(size_t nblk, size_t bs, const double *a, const double *b, float *acc,
       size_t ldacc, const float *g)
{
	__m256 gv = _mm256_set1_ps(g ? *g : 1.0f);

	for (size_t t = 0; t < nblk; t++) {
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

void mxa__emu_kernel_avx2(size_t nblk, size_t bs, const double *a,
			  const double *b, float *acc, size_t ldacc,
			  const float *g)
{
	if (bs == 32)
		kernel(nblk, 32, a, b, acc, ldacc, g);
	else if (bs == 16)
		kernel(nblk, 16, a, b, acc, ldacc, g);
	else
		kernel(nblk, bs, a, b, acc, ldacc, g);
}
#endif
