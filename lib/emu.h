/* SPDX-License-Identifier: MIT */
/*
 * emu.h - internals of the emulator (docs/numerics.md section 5) shared by
 * its files and its tests: exact-to-float32 rounding, the wide accumulator
 * of the exact mode, the threads, and the kernels and drivers of the fast,
 * split and trunc paths.
 */
#ifndef MXA_EMU_H
#define MXA_EMU_H

#include <stddef.h>
#include <stdint.h>

#include "int128.h"
#include "mxa_priv.h"

/* ---------------------------------------------------------------- rounding */

/*
 * fl32((-1)^neg * (mag + d) * 2^exp) with round to nearest even, subnormals
 * kept and overflow to infinity, where d is 0 when !sticky and some number
 * strictly between 0 and 1 otherwise (bits lost below mag). sticky may be set
 * only when mag >= 2^25, which puts the rounding point above mag's last bit.
 * Zero (mag 0) gives +0; a nonzero value that rounds to zero keeps its sign.
 */
float mxa__emu_round(int neg, mxa__u128 mag, int exp, int sticky);

/*
 * An exact two's complement fixed-point sum (a Kulisch accumulator) with
 * bit 0 worth 2^MXA__WIDE_LSB: wide enough for every float32 and for the
 * sum of 2^32 products of any two element formats.
 */
#define MXA__WIDE_WORDS 6
#define MXA__WIDE_LSB (-192)

struct mxa__wide {
	uint64_t w[MXA__WIDE_WORDS];	/* little-endian words */
};

/* Adds m * 2^exp; exp >= MXA__WIDE_LSB and the sum stays below 2^190. */
void mxa__wide_add(struct mxa__wide *acc, mxa__i128 m, int exp);
/* The sum rounded once to float32 (mxa__emu_round()'s rules). */
float mxa__wide_round(const struct mxa__wide *acc);

/* ---------------------------------------------------------------- jobs */

/* A validated job with what every path derives from it. */
struct mxa__emu {
	const struct mxa__job *job;
	const struct mxa_matmul *desc;
	unsigned bs;		/* K elements per block */
	uint32_t nb;		/* blocks along K */
	int scaled;		/* int8 elements are MXINT8 (block scales) */
	const float *g;		/* nv per-tensor scale product, or NULL */
	unsigned threads;	/* how many threads compute the job */
};

/* A rectangle of D: rows i0 .. i1-1, columns j0 .. j1-1. */
struct mxa__emu_rect {
	uint32_t i0, i1, j0, j1;
};

/* Computes the outputs of one rectangle; 0 or -errno. */
typedef int mxa__emu_part_fn(void *ctx, const struct mxa__emu_rect *r);

/*
 * Splits D into e->threads rectangles along its longer side and computes
 * them on as many threads (the caller's among them). Every output is
 * computed the same way whichever rectangle holds it, so D does not depend
 * on the number of threads. Returns the first error of a part.
 */
int mxa__emu_parallel(const struct mxa__emu *e, mxa__emu_part_fn *fn,
		      void *ctx);

/* acc[0..n) = C[i][j0..j0+n), or +0 without C. */
void mxa__emu_load_c(const struct mxa__emu *e, uint32_t i, uint32_t j0,
		     uint32_t n, float *acc);
/* D[i][j0..j0+n) = acc[0..n) as fp32 or bf16, NaNs made canonical. */
void mxa__emu_store_d(const struct mxa__emu *e, uint32_t i, uint32_t j0,
		      uint32_t n, const float *acc);
/* Codes k0..k0+n-1 of row @row of a packed operand; k0 a multiple of 4. */
void mxa__emu_codes(enum mxa_format fmt, const struct mxa__mat *mat,
		    uint32_t row, uint32_t k0, uint32_t n, uint8_t *codes);

/* x rounded up to a multiple of m. */
static inline size_t mxa__round_up(size_t x, size_t m)
{
	return (x + m - 1) / m * m;
}

/*
 * A path's working buffers, allocated together (emu_buffers.c): *ptr (the
 * address of a T * pointer) gets @size bytes aligned to 64, zeroed when
 * @zero.
 */
struct mxa__emu_buf {
	void *ptr;
	size_t size;
	int zero;
};

/*
 * Allocates every buffer of @b; 0, or -ENOMEM with the library's message
 * and none left allocated.
 */
int mxa__emu_bufs_alloc(const struct mxa__emu_buf *b, size_t n);
/* Frees them (the pointers may be NULL). */
void mxa__emu_bufs_free(const struct mxa__emu_buf *b, size_t n);

/* ---------------------------------------------------------------- fast path */

/*
 * The micro-kernel tile: MR rows of A by NR columns of B. A panels hold MR
 * values per k, B panels NR values per k (rows and columns past the matrix
 * are zeros, as are the k past K in the last block).
 */
#define MXA__EMU_MR 6
#define MXA__EMU_NR 8

/*
 * For each of @nblk blocks of @bs k: the exact block sums of an MR x NR tile
 * in double, each converted to float (times *g when g is not NULL) and added
 * to acc[r * ldacc + j]. @a and @b advance by MR and NR values per k.
 */
typedef void mxa__emu_kernel_fn(size_t nblk, size_t bs, const double *a,
				const double *b, float *acc, size_t ldacc,
				const float *g);

mxa__emu_kernel_fn mxa__emu_kernel_c;
#if defined(__x86_64__)
mxa__emu_kernel_fn mxa__emu_kernel_avx2;	/* AVX2 + FMA CPUs only */
mxa__emu_kernel_fn mxa__emu_kernel_avx512;	/* AVX-512 F/DQ/VL/BW only */
#endif

/*
 * Computes an fp32-accumulation job whose block sums are exact in double
 * (see emu.c). @aval, @bval: element values of every code; @sval: scale
 * values of every code (NULL for scale none).
 */
int mxa__emu_gemm(const struct mxa__emu *e, mxa__emu_kernel_fn *kernel,
		  const double *aval, const double *bval, const double *sval,
		  const struct mxa__emu_rect *rect);

/* ---------------------------------------------------------------- parts */

/*
 * The split path (emu_parts.c): fp32 jobs whose block sums may exceed 2^53
 * units (the e5m2 pairs) and every exact job.
 *
 * exact: each operand's finite values are split by magnitude into parts
 * (at most MXA__EMU_MAX_PARTS) so that the products of any two parts sum
 * exactly in double over a run of k; every pair of parts is a double GEMM
 * of the unscaled values, and the pairs' sums are added exactly.
 *
 * fp32: one part (the whole values). A block's double sum is rounded, but
 * within a bound computed from the sum of the products' magnitudes (a
 * second GEMM, of the magnitudes): where every value within the bound
 * rounds to the same float, that float is the block's result; where not (a
 * sum near a rounding boundary, or cancellation), the block is recomputed
 * exactly from its codes (mxa__emu_fp32_block()).
 *
 * Special codes are zeros in every part; the blocks that hold one are
 * computed apart.
 */
#define MXA__EMU_MAX_PARTS 4

struct mxa__emu_parts {
	unsigned na, nb;	/* parts of A and of B */
	int8_t apart[256], bpart[256];	/* part of each code, -1 special */
	double aval[256], bval[256];	/* every code's value (NaN, inf) */
	double sval[256];	/* scale values (unused for scale none) */
	unsigned blk;		/* k per block sum: bs (fp32), longer (exact) */
};

/*
 * Block sums of an MR x NR tile: sums[t * MR * NR + r * NR + j] is the
 * double sum of block t (@bs k) of row r of @a and column j of @b.
 */
typedef void mxa__emu_sums_fn(size_t nblk, size_t bs, const double *a,
			      const double *b, double *sums);

struct mxa__emu_tile_scales {
	const double *sa, *sb;	/* NULL for scale none */
	size_t lda, ldb;
};

/*
 * fp32: the result of block t of output (r, j) of an MR x NR tile, from
 * s = sums[i] and m = mags[i] (i = t * MR * NR + r * NR + j: the double
 * sums, rounded in any order, of the block's products and of their
 * magnitudes, at most 64 of each) and the block's scales c = sa[t * lda +
 * r] * sb[t * ldb + j] (1 for scale none): with x = c * s and e = c * m *
 * 2^-46 (the summation error is below 2^-47 * m for 64 terms, and |x| is
 * at most c * m: the other half covers the roundings of x, e and x +- e),
 * where fl32(x - e) and fl32(x + e) have the same bits, every value between
 * them rounds to that float, the exact result among them: out[i] gets it
 * (an exact zero sum gives x = +0, e = 0; a -0 from a zero scale fails and
 * is recomputed). Where they differ, bit j of fail[t * MR + r] is set (out[i] is
 * then meaningless). Returns whether a bit is set; when none is and @acc
 * is not NULL, adds every out[i] (times *g when g is not NULL), block after
 * block, to acc[r * ld + j].
 */
typedef int mxa__emu_round_fn(size_t nblk, const double *sums,
			      const double *mags,
			      const struct mxa__emu_tile_scales *sc,
			      float *out, uint8_t *fail, float *acc, size_t ld,
			      const float *g);

/*
 * fp32: adds out[t * MR * NR + r * NR + j] (times *g when g is not NULL),
 * block after block, to acc[r * ld + j], for an MR x NR tile.
 */
typedef void mxa__emu_add_blocks_fn(size_t nblk, const float *out, float *acc,
				    size_t ld, const float *g);

/*
 * exact: adds, exactly, every block sum of an MR x NR tile (@nblk blocks of
 * @npairs pairs of parts, pair p's at sums + p * stride, each laid out as
 * mxa__emu_sums_fn writes them) to the double-double hi + lo of each
 * output (rows @ld apart).
 */
typedef void mxa__emu_exact_fn(size_t nblk, size_t npairs, size_t stride,
			       const double *sums, double *hi, double *lo,
			       size_t ld);

struct mxa__emu_parts_kernels {
	mxa__emu_sums_fn *sums;
	mxa__emu_round_fn *round;
	mxa__emu_add_blocks_fn *add_blocks;
	mxa__emu_exact_fn *exact;
};

extern const struct mxa__emu_parts_kernels mxa__emu_parts_c;
#if defined(__x86_64__)
extern const struct mxa__emu_parts_kernels mxa__emu_parts_avx2;
extern const struct mxa__emu_parts_kernels mxa__emu_parts_avx512;
#endif

/*
 * The IEEE double sum of the scaled products of row @ia of A and column
 * @jb of B over k0 .. k0+n-1 (@aval, @bval: every code's value with NaN
 * and infinities; @sval: scale values, NULL for scale none). Called for
 * blocks with a special code or scale, where it is NaN or an infinity as
 * section 5 says; @ca and @cb hold n codes each.
 */
double mxa__emu_special_sum(const struct mxa__emu *e, const double *aval,
			    const double *bval, const double *sval,
			    uint32_t ia, uint32_t jb, uint32_t k0, uint32_t n,
			    uint8_t *ca, uint8_t *cb);

/*
 * fp32: the result of one block without special codes, fl32(sa * sb * the
 * exact sum of the products of row @ia of A and column @jb of B over k0 ..
 * k0+n-1; NaN for a NaN scale), from the codes (@ca and @cb hold n codes
 * each): where the split path's bound does not settle a block.
 */
float mxa__emu_fp32_block(const struct mxa__emu *e, uint32_t ia, uint32_t jb,
			  uint32_t k0, uint32_t n, uint8_t *ca, uint8_t *cb);

/* Computes one rectangle of D of a job on the split path. */
int mxa__emu_parts_gemm(const struct mxa__emu *e,
			const struct mxa__emu_parts_kernels *k,
			const struct mxa__emu_parts *pl,
			const struct mxa__emu_rect *rect);

/* ---------------------------------------------------------------- trunc */

/* The double kernel's tile: TR rows of A by MXA__EMU_NR columns. */
#define MXA__EMU_TR 4

/* The largest tile of a single-precision kernel (struct below). */
#define MXA__EMU_TRUNC_MAX_TR 8
#define MXA__EMU_TRUNC_MAX_NR 16

/*
 * One block of trunc (numerics.md 5.2) for a TR x NR tile: @a and @b hold
 * the scaled values (TR and NR per k, @bs k), @aabs and @babs their
 * magnitudes; p[r * ld + j] is P, exact in double, replaced by the exact
 * sum of the truncated terms (W = @w bits kept).
 */
typedef void mxa__emu_trunc_fn(size_t bs, const double *a, const double *aabs,
			       const double *b, const double *babs, double *p,
			       size_t ld, unsigned w);

/*
 * The same in single precision, for W up to the kernel's f32_max_w (at
 * least MXA__EMU_TRUNC_F32_W), on the kernel's own tile (f32_tr rows by
 * f32_nr columns): @a, @b (and magnitudes) are the element values without
 * scales, @sa and @sb the block's scales of the tile's rows and columns
 * (NULL: 1).
 */
typedef void mxa__emu_trunc_f32_fn(size_t bs, const float *a,
				   const float *aabs, const float *b,
				   const float *babs, const double *sa,
				   const double *sb, double *p, size_t ld,
				   unsigned w);

/*
 * A truncated term below 2^25 is an int32, and a block of at most 64 of
 * them sums exactly in int32 (below 2^31).
 */
#define MXA__EMU_TRUNC_F32_W 25

/*
 * A promotion of a tile of @tr x @nr outputs none of which is special:
 * acc = acc + fl32(P) (times *g when g is not NULL), then P = 0.
 */
typedef void mxa__emu_trunc_promote_fn(int tr, int nr, double *p, float *acc,
				       size_t ld, const float *g);

struct mxa__emu_trunc_kernels {
	mxa__emu_trunc_fn *dbl;		/* TR x MXA__EMU_NR */
	mxa__emu_trunc_f32_fn *f32;	/* f32_tr x f32_nr */
	mxa__emu_trunc_promote_fn *promote;
	int f32_tr, f32_nr;
	unsigned f32_max_w;	/* the largest W of f32 (above: dbl) */
};

extern const struct mxa__emu_trunc_kernels mxa__emu_trunc_c;
#if defined(__x86_64__)
extern const struct mxa__emu_trunc_kernels mxa__emu_trunc_avx2;
extern const struct mxa__emu_trunc_kernels mxa__emu_trunc_avx512;
#endif

/* Computes one rectangle of D of a trunc job (values as for the split path). */
int mxa__emu_trunc_gemm(const struct mxa__emu *e,
			const struct mxa__emu_trunc_kernels *k,
			const double *aval, const double *bval,
			const double *sval, const struct mxa__emu_rect *rect);

/* ---------------------------------------------------------------- testing */

/* Which implementation computes a job. */
enum mxa__emu_path {
	MXA__EMU_PATH_AUTO,	/* the fastest one this CPU runs */
	MXA__EMU_PATH_GENERIC,	/* integer block sums: the reference */
	MXA__EMU_PATH_FAST_C,	/* fast, split or trunc path, portable kernels */
	MXA__EMU_PATH_FAST_AVX2,	/* the same with the AVX2 kernels */
	MXA__EMU_PATH_FAST_AVX512,	/* the same with the AVX-512 kernels */
};

/*
 * Whether this CPU runs the kernels of @path (FAST_AVX2, FAST_AVX512: the
 * extensions they are built for; the others: always). A forced path whose
 * kernels the CPU lacks runs the portable ones.
 */
int mxa__emu_path_runs(enum mxa__emu_path path);

/* Set by tests only, to hold the paths against each other. */
extern enum mxa__emu_path mxa__emu_force_path;

#endif /* MXA_EMU_H */
