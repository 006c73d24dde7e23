/* SPDX-License-Identifier: MIT */
/*
 * cuda_conv.h - the CUDA toolkit's host conversions from float and double
 * that mxa's conversions are held to, one entry per format, rounding mode
 * and saturation mode that CUDA implements. Included only when the toolkit
 * headers exist (MXA_HAVE_CUDA).
 */
#ifndef MXA_CUDA_CONV_H
#define MXA_CUDA_CONV_H

#include <cuda_fp8.h>
#include <cuda_fp6.h>
#include <cuda_fp4.h>

#include "mxa.h"

struct cuda_conv {
	const char *name;
	enum mxa_format fmt;
	struct mxa_convert_opts opts;
	uint8_t (*from_float)(float x);
	uint8_t (*from_double)(double x);
};

/*
 * FP8 conversions exist for round-to-nearest only; FP6 and FP4 take
 * cudaRoundNearest and cudaRoundZero and always saturate; e8m0 takes
 * cudaRoundZero and cudaRoundPosInf, saturating or not.
 */
#define CUDA_FP8(fn, sat, kind)                                              \
	static uint8_t fn##_f(float x)                                       \
	{                                                                    \
		return __nv_cvt_float_to_fp8(x, sat, kind);                  \
	}                                                                    \
	static uint8_t fn##_d(double x)                                      \
	{                                                                    \
		return __nv_cvt_double_to_fp8(x, sat, kind);                 \
	}
#define CUDA_FP6(fn, kind, rnd)                                              \
	static uint8_t fn##_f(float x)                                       \
	{                                                                    \
		return __nv_cvt_float_to_fp6(x, kind, rnd);                  \
	}                                                                    \
	static uint8_t fn##_d(double x)                                      \
	{                                                                    \
		return __nv_cvt_double_to_fp6(x, kind, rnd);                 \
	}
#define CUDA_FP4(fn, rnd)                                                    \
	static uint8_t fn##_f(float x)                                       \
	{                                                                    \
		return __nv_cvt_float_to_fp4(x, __NV_E2M1, rnd);             \
	}                                                                    \
	static uint8_t fn##_d(double x)                                      \
	{                                                                    \
		return __nv_cvt_double_to_fp4(x, __NV_E2M1, rnd);            \
	}
#define CUDA_E8M0(fn, sat, rnd)                                              \
	static uint8_t fn##_f(float x)                                       \
	{                                                                    \
		return __nv_cvt_float_to_e8m0(x, sat, rnd);                  \
	}                                                                    \
	static uint8_t fn##_d(double x)                                      \
	{                                                                    \
		return __nv_cvt_double_to_e8m0(x, sat, rnd);                 \
	}

CUDA_FP8(e4m3_sat, __NV_SATFINITE, __NV_E4M3)
CUDA_FP8(e4m3_nosat, __NV_NOSAT, __NV_E4M3)
CUDA_FP8(e5m2_sat, __NV_SATFINITE, __NV_E5M2)
CUDA_FP8(e5m2_nosat, __NV_NOSAT, __NV_E5M2)
CUDA_FP6(e3m2_rne, __NV_E3M2, cudaRoundNearest)
CUDA_FP6(e3m2_rz, __NV_E3M2, cudaRoundZero)
CUDA_FP6(e2m3_rne, __NV_E2M3, cudaRoundNearest)
CUDA_FP6(e2m3_rz, __NV_E2M3, cudaRoundZero)
CUDA_FP4(e2m1_rne, cudaRoundNearest)
CUDA_FP4(e2m1_rz, cudaRoundZero)
CUDA_E8M0(e8m0_rz_sat, __NV_SATFINITE, cudaRoundZero)
CUDA_E8M0(e8m0_rz_nosat, __NV_NOSAT, cudaRoundZero)
CUDA_E8M0(e8m0_ru_sat, __NV_SATFINITE, cudaRoundPosInf)
CUDA_E8M0(e8m0_ru_nosat, __NV_NOSAT, cudaRoundPosInf)

#define CONV(label, f, rnd, sat, fn) \
	{ label, MXA_FMT_##f, { MXA_ROUND_##rnd, sat }, fn##_f, fn##_d }

/*
 * FP6 and FP4 appear twice: mxa ignores the saturate flag for them, so the
 * non-saturating request must give CUDA's (saturating) result too.
 */
static const struct cuda_conv cuda_convs[] = {
	CONV("e4m3 rne sat", E4M3, RNE, 1, e4m3_sat),
	CONV("e4m3 rne nosat", E4M3, RNE, 0, e4m3_nosat),
	CONV("e5m2 rne sat", E5M2, RNE, 1, e5m2_sat),
	CONV("e5m2 rne nosat", E5M2, RNE, 0, e5m2_nosat),
	CONV("e3m2 rne", E3M2, RNE, 1, e3m2_rne),
	CONV("e3m2 rne nosat", E3M2, RNE, 0, e3m2_rne),
	CONV("e3m2 rz", E3M2, RZ, 1, e3m2_rz),
	CONV("e3m2 rz nosat", E3M2, RZ, 0, e3m2_rz),
	CONV("e2m3 rne", E2M3, RNE, 1, e2m3_rne),
	CONV("e2m3 rne nosat", E2M3, RNE, 0, e2m3_rne),
	CONV("e2m3 rz", E2M3, RZ, 1, e2m3_rz),
	CONV("e2m3 rz nosat", E2M3, RZ, 0, e2m3_rz),
	CONV("e2m1 rne", E2M1, RNE, 1, e2m1_rne),
	CONV("e2m1 rne nosat", E2M1, RNE, 0, e2m1_rne),
	CONV("e2m1 rz", E2M1, RZ, 1, e2m1_rz),
	CONV("e2m1 rz nosat", E2M1, RZ, 0, e2m1_rz),
	CONV("e8m0 rz sat", E8M0, RZ, 1, e8m0_rz_sat),
	CONV("e8m0 rz nosat", E8M0, RZ, 0, e8m0_rz_nosat),
	CONV("e8m0 ru sat", E8M0, RU, 1, e8m0_ru_sat),
	CONV("e8m0 ru nosat", E8M0, RU, 0, e8m0_ru_nosat),
};

#define N_CUDA_CONVS (sizeof(cuda_convs) / sizeof(cuda_convs[0]))

#undef CONV
#undef CUDA_FP8
#undef CUDA_FP6
#undef CUDA_FP4
#undef CUDA_E8M0

#endif /* MXA_CUDA_CONV_H */
