// SPDX-License-Identifier: MIT
/*
 * emu.c - the bit-exact emulator of docs/numerics.md section 5: checks every
 * code of a job, picks how to compute it, and holds the reference integer
 * implementation of the three accumulation modes.
 *
 * Element values are integers times a power of two (the format's unit), so
 * a product is an integer below 2^64 and a block sum one below 2^69: the
 * generic path sums blocks in 128-bit integers, multiplies by the scale
 * significands (at most 18 bits each) and rounds once (emu_round.c). It is
 * the reference; jobs run on faster paths that give the same bits:
 * - fp32 whose block sums the formats bound below 2^53: the fast path
 *   (emu_gemm.c), a blocked GEMM in double;
 * - the other fp32 jobs and every exact job: the split path (emu_parts.c),
 *   whose plan (the parts of each operand) is made here;
 * - trunc: the trunc path (emu_trunc.c).
 * Every path computes rectangles of D on as many threads as the job gets.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#else
#include <fenv.h>
#endif

#include "emu.h"

enum mxa__emu_path mxa__emu_force_path = MXA__EMU_PATH_AUTO;

/* ---------------------------------------------------------------- codes */

/* Every code of an element format (or of ue4m3, as e4m3), decoded. */
struct code_table {
	int64_t val[256];	/* value in units of the format's lsb */
	int8_t special[256];	/* 0 finite, 1 +inf, -1 -inf, 2 NaN */
	uint8_t valid[256];
	int64_t max_mag;	/* largest |val| of a finite code */
	/* the split path: distinct nonzero finite |val| ascending, and the
	 * index of each code's |val| among them (-1: zero or special) */
	uint64_t mag[256];
	int16_t mag_index[256];
	unsigned nmag;
};

static struct code_table elem_tables[MXA_NUM_ELEM_FORMATS];
static struct code_table ue4m3_table;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_table(struct code_table *t, enum mxa_format fmt,
		       unsigned ncodes)
{
	for (unsigned c = 0; c < 256; c++) {
		int64_t v = 0;
		int sp = 0;

		t->valid[c] = c < ncodes &&
			      !mxa__elem_int(fmt, (uint8_t)c, &v, &sp);
		t->val[c] = t->valid[c] ? v : 0;
		t->special[c] = t->valid[c] ? (int8_t)sp : 0;
		if (t->valid[c] && !sp && (v < 0 ? -v : v) > t->max_mag)
			t->max_mag = v < 0 ? -v : v;
	}
	for (uint64_t last = 0;;) {	/* the magnitudes, ascending */
		uint64_t next = UINT64_MAX;

		for (unsigned c = 0; c < 256; c++) {
			uint64_t v = (uint64_t)(t->val[c] < 0 ? -t->val[c] :
						t->val[c]);

			if (t->valid[c] && !t->special[c] && v > last && v < next)
				next = v;
		}
		if (next == UINT64_MAX)
			break;
		t->mag[t->nmag++] = next;
		last = next;
	}
	for (unsigned c = 0; c < 256; c++) {
		uint64_t v = (uint64_t)(t->val[c] < 0 ? -t->val[c] : t->val[c]);

		t->mag_index[c] = -1;
		for (unsigned i = 0; i < t->nmag; i++)
			if (t->valid[c] && !t->special[c] && t->mag[i] == v)
				t->mag_index[c] = (int16_t)i;
	}
}

static void build_tables(void)
{
	char saved[512];

	/* Probing the invalid codes records errors; keep the caller's. */
	snprintf(saved, sizeof(saved), "%s", mxa_last_error());
	for (int f = 0; f < MXA_NUM_ELEM_FORMATS; f++)
		fill_table(&elem_tables[f], (enum mxa_format)f, 256);
	/* UE4M3 is E4M3 without its negative half. */
	fill_table(&ue4m3_table, MXA_FMT_E4M3, 0x80);
	if (saved[0])
		mxa__error(0, "%s", saved);
	else
		mxa__clear_error();
}

void mxa__emu_codes(enum mxa_format fmt, const struct mxa__mat *mat,
		    uint32_t row, uint32_t k0, uint32_t n, uint8_t *codes)
{
	/* The format was validated and both pointers are set. */
	mxa__unpack_row(fmt, mat->ptr + (size_t)row * mat->stride, k0, n,
			codes);
}

#define CHECK_CHUNK 4096	/* codes checked at a time */

static int check_elements(const char *name, enum mxa_format fmt,
			  const struct mxa__mat *mat, uint32_t rows,
			  uint32_t k, uint8_t *codes)
{
	const struct code_table *t = &elem_tables[fmt];
	struct mxa_format_info info;
	int all_valid = 1;

	/* Unpacked codes never exceed the format's width. */
	mxa_format_info(fmt, &info);
	for (unsigned c = 0; c < 1u << info.bits; c++)
		all_valid &= t->valid[c];
	if (all_valid)
		return 0;
	for (uint32_t r = 0; r < rows; r++) {
		for (uint32_t k0 = 0; k0 < k; k0 += CHECK_CHUNK) {
			uint32_t n = k - k0 < CHECK_CHUNK ? k - k0 : CHECK_CHUNK;
			unsigned bad = 0;

			mxa__emu_codes(fmt, mat, r, k0, n, codes);
			for (uint32_t i = 0; i < n; i++)
				bad |= !t->valid[codes[i]];
			if (!bad)
				continue;
			for (uint32_t i = 0; i < n; i++)
				if (!t->valid[codes[i]])
					return mxa__error(EINVAL,
							  "matmul: %s row %u, k %u: invalid %s code 0x%02x",
							  name, r, k0 + i,
							  mxa_format_name(fmt),
							  codes[i]);
		}
	}
	return 0;
}

static int check_scales(const char *name, const struct mxa__emu *e,
			const struct mxa__mat *mat, uint32_t rows)
{
	if (e->desc->scale != MXA_SCALE_NV)
		return 0;	/* every e8m0 code is valid */
	for (uint32_t r = 0; r < rows; r++) {
		const uint8_t *s = mat->ptr + (size_t)r * mat->stride;

		for (uint32_t t = 0; t < e->nb; t++)
			if (!ue4m3_table.valid[s[t]])
				return mxa__error(EINVAL,
						  "matmul: %s scale row %u, block %u (k %u): invalid ue4m3 code 0x%02x",
						  name, r, t, t * e->bs, s[t]);
	}
	return 0;
}

static int check_codes(const struct mxa__emu *e)
{
	const struct mxa__job *job = e->job;
	const struct mxa_matmul *d = e->desc;
	uint8_t *codes = malloc(CHECK_CHUNK);
	int ret;

	if (!codes)
		return mxa__error(ENOMEM, "matmul: out of memory");
	ret = check_elements("A", d->a_format, &job->a, d->m, d->k, codes);
	if (!ret)
		ret = check_elements("B", d->b_format, &job->b, d->n, d->k,
				     codes);
	if (!ret)
		ret = check_scales("A", e, &job->a_scale, d->m);
	if (!ret)
		ret = check_scales("B", e, &job->b_scale, d->n);
	free(codes);
	return ret;
}

/* ---------------------------------------------------------------- C and D */

void mxa__emu_load_c(const struct mxa__emu *e, uint32_t i, uint32_t j0,
		     uint32_t n, float *acc)
{
	const struct mxa__mat *c = &e->job->c;

	if (c->ptr)
		memcpy(acc, c->ptr + (size_t)i * c->stride + 4 * (size_t)j0,
		       4 * (size_t)n);
	else
		memset(acc, 0, 4 * (size_t)n);	/* +0 */
}

void mxa__emu_store_d(const struct mxa__emu *e, uint32_t i, uint32_t j0,
		      uint32_t n, const float *acc)
{
	uint8_t *row = e->job->d + (size_t)i * e->job->d_stride;

	if (e->desc->out_format == MXA_FMT_BF16) {
		for (uint32_t j = 0; j < n; j++) {
			uint16_t h = mxa_fp32_to_bf16(acc[j]);

			memcpy(row + 2 * ((size_t)j0 + j), &h, 2);
		}
		return;
	}
	for (uint32_t j = 0; j < n; j++) {
		uint32_t u;

		memcpy(&u, &acc[j], 4);
		if ((u & 0x7FFFFFFF) > 0x7F800000)
			u = 0x7FC00000;
		memcpy(row + 4 * ((size_t)j0 + j), &u, 4);
	}
}

/* ---------------------------------------------------------------- generic */

#define GEN_TM 32	/* rows of A per tile */
#define GEN_TN 32	/* columns of B per tile */
#define GEN_KC 512	/* k per decoded chunk: a multiple of every block size */
#define EMU_MAX_BLOCK 64	/* the largest block size (MXA_BLOCK_SIZES) */
_Static_assert(MXA_BLOCK_SIZES < 2 * EMU_MAX_BLOCK, "a block size above EMU_MAX_BLOCK");
#define GEN_BLKS (GEN_KC / 8)	/* blocks of the smallest size in a chunk */

/* A scale: sig * 2^exp, or NaN. sig is 0 for the nv zero scale. */
struct scale_val {
	int64_t sig;
	int exp;
	int nan;
};

static struct scale_val scale_value(enum mxa_scale_mode mode, uint8_t code)
{
	struct scale_val s = { 1, 0, 0 };

	if (mode == MXA_SCALE_MX) {
		s.nan = code == 0xFF;
		s.exp = code - 127;
	} else if (mode == MXA_SCALE_NV) {
		s.nan = ue4m3_table.special[code] != 0;
		s.sig = ue4m3_table.val[code];
		s.exp = mxa__elem_lsb(MXA_FMT_E4M3, 0);
	}
	return s;
}

/* The rows of one operand over a chunk of K, decoded. */
struct chunk {
	int64_t val[GEN_TM][GEN_KC];
	int8_t special[GEN_TM][GEN_KC];
	uint8_t blk_special[GEN_TM][GEN_BLKS];	/* the block has a special */
	struct scale_val scale[GEN_TM][GEN_BLKS];
};

static void decode_chunk(const struct mxa__emu *e, enum mxa_format fmt,
			 const struct mxa__mat *mat,
			 const struct mxa__mat *smat, uint32_t row0,
			 uint32_t rows, uint32_t k0, uint32_t kc,
			 uint8_t *codes, struct chunk *ch)
{
	const struct code_table *t = &elem_tables[fmt];
	uint32_t nblk = (kc + e->bs - 1) / e->bs;

	for (uint32_t r = 0; r < rows; r++) {
		mxa__emu_codes(fmt, mat, row0 + r, k0, kc, codes);
		for (uint32_t k = 0; k < kc; k++) {
			ch->val[r][k] = t->val[codes[k]];
			ch->special[r][k] = t->special[codes[k]];
		}
		for (uint32_t b = 0; b < nblk; b++) {
			uint32_t end = (b + 1) * e->bs < kc ? (b + 1) * e->bs : kc;
			uint8_t any = 0;
			uint8_t sc = 0;

			for (uint32_t k = b * e->bs; k < end; k++)
				any |= ch->special[r][k] != 0;
			ch->blk_special[r][b] = any;
			if (e->desc->scale != MXA_SCALE_NONE)
				sc = smat->ptr[(size_t)(row0 + r) * smat->stride +
					       k0 / e->bs + b];
			ch->scale[r][b] = scale_value(e->desc->scale, sc);
		}
	}
}

/* Specials among a run of products, as flags. */
#define SP_NAN 1u
#define SP_PINF 2u
#define SP_NINF 4u

static unsigned product_specials(const int64_t *av, const int8_t *as,
				 const int64_t *bv, const int8_t *bs, uint32_t n)
{
	unsigned f = 0;

	for (uint32_t k = 0; k < n; k++) {
		int sa = as[k], sb = bs[k], sign;

		if (!sa && !sb)
			continue;
		if (sa == 2 || sb == 2) {
			f |= SP_NAN;
			continue;
		}
		/* One operand infinite: the other's sign, NaN when zero. */
		if (sa && sb)
			sign = sa * sb;
		else if (sa)
			sign = bv[k] ? sa * (bv[k] > 0 ? 1 : -1) : 0;
		else
			sign = av[k] ? sb * (av[k] > 0 ? 1 : -1) : 0;
		f |= sign > 0 ? SP_PINF : sign < 0 ? SP_NINF : SP_NAN;
	}
	return f;
}

/* The largest block sum of products in magnitude: bs * max|a| * max|b|. */
static mxa__u128 block_bound(const struct mxa__emu *e)
{
	const struct mxa_matmul *d = e->desc;

	return mxa__u128_mul64(mxa__u128_mul64(mxa__u128_make(0,
		(uint64_t)elem_tables[d->a_format].max_mag),
		(uint64_t)elem_tables[d->b_format].max_mag), e->bs);
}

/* The block sum of the products (units 2^(lsb(A) + lsb(B))). */
static mxa__i128 dot(const int64_t *a, const int64_t *b, uint32_t n, int wide)
{
	mxa__i128 s = mxa__i128_of(0);
	int64_t s64 = 0;

	if (wide) {
		for (uint32_t k = 0; k < n; k++)
			s = mxa__i128_add(s, mxa__i128_mul64(a[k], b[k]));
		return s;
	}
	for (uint32_t k = 0; k < n; k++)
		s64 += a[k] * b[k];
	return mxa__i128_of(s64);
}

/* The special value of a block (section 5), from its flags and scales. */
static int block_special(unsigned flags, const struct scale_val *sa,
			 const struct scale_val *sb, float *f)
{
	if (sa->nan || sb->nan || (flags & SP_NAN) ||
	    ((flags & SP_PINF) && (flags & SP_NINF)) ||
	    ((flags & (SP_PINF | SP_NINF)) && (!sa->sig || !sb->sig))) {
		*f = NAN;
		return 1;
	}
	if (flags) {
		*f = flags & SP_PINF ? INFINITY : -INFINITY;
		return 1;
	}
	return 0;
}

/* What the generic path knows of the job and the current tile. */
struct gen {
	const struct mxa__emu *e;
	int lab;		/* lsb(A) + lsb(B) */
	int wide;		/* block sums need more than 64 bits */
	unsigned bits;		/* trunc: W */
	uint32_t interval;	/* trunc: N */
	struct chunk *a, *b;
};

struct out_state {
	float acc;
	/* trunc: the partial sum P = pm * 2^pe, or pf while it is special */
	int pspecial;
	float pf;
	int64_t pm;
	int pe;
	/* exact: the sum of the products (units 2^lab) and the specials */
	unsigned flags;
	mxa__i128 sum;
};

/* One block of one output: where its operands are in the chunks. */
struct blk {
	const int64_t *av, *bv;
	const int8_t *as, *bs;
	const struct scale_val *sa, *sb;
	int special;		/* a special code is among them */
	uint32_t n;
};

static void get_blk(const struct gen *g, uint32_t ra, uint32_t rb,
		    uint32_t b, uint32_t k, uint32_t n, struct blk *x)
{
	x->av = &g->a->val[ra][k];
	x->bv = &g->b->val[rb][k];
	x->as = &g->a->special[ra][k];
	x->bs = &g->b->special[rb][k];
	x->sa = &g->a->scale[ra][b];
	x->sb = &g->b->scale[rb][b];
	x->special = g->a->blk_special[ra][b] | g->b->blk_special[rb][b];
	x->n = n;
}

static unsigned blk_flags(const struct blk *x)
{
	return x->special ? product_specials(x->av, x->as, x->bv, x->bs, x->n) :
	       0;
}

static void add_block(const struct gen *g, struct out_state *st, float r)
{
	if (g->e->g)
		r = r * *g->e->g;
	st->acc = st->acc + r;
}

static void fp32_block(const struct gen *g, struct out_state *st,
		       const struct blk *x)
{
	mxa__i128 m;
	float r;

	if (!block_special(blk_flags(x), x->sa, x->sb, &r)) {
		m = mxa__i128_mul(dot(x->av, x->bv, x->n, g->wide),
				  x->sa->sig * x->sb->sig);
		r = mxa__emu_round(mxa__i128_negative(m), mxa__i128_abs(m),
				   g->lab + x->sa->exp + x->sb->exp, 0);
	}
	add_block(g, st, r);
}

float mxa__emu_fp32_block(const struct mxa__emu *e, uint32_t ia, uint32_t jb,
			  uint32_t k0, uint32_t n, uint8_t *ca, uint8_t *cb)
{
	const struct mxa_matmul *d = e->desc;
	const struct mxa__job *job = e->job;
	const struct code_table *ta = &elem_tables[d->a_format];
	const struct code_table *tb = &elem_tables[d->b_format];
	struct scale_val sa = { 1, 0, 0 }, sb = { 1, 0, 0 };
	uint32_t t = k0 / e->bs;
	mxa__i128 m = mxa__i128_of(0);

	mxa__emu_codes(d->a_format, &job->a, ia, k0, n, ca);
	mxa__emu_codes(d->b_format, &job->b, jb, k0, n, cb);
	for (uint32_t k = 0; k < n; k++)
		m = mxa__i128_add(m, mxa__i128_mul64(ta->val[ca[k]],
						     tb->val[cb[k]]));
	if (d->scale != MXA_SCALE_NONE) {
		sa = scale_value(d->scale, job->a_scale.ptr[(size_t)ia *
						job->a_scale.stride + t]);
		sb = scale_value(d->scale, job->b_scale.ptr[(size_t)jb *
						job->b_scale.stride + t]);
	}
	if (sa.nan || sb.nan)
		return NAN;
	m = mxa__i128_mul(m, sa.sig * sb.sig);
	return mxa__emu_round(mxa__i128_negative(m), mxa__i128_abs(m),
			      mxa__elem_lsb(d->a_format, e->scaled) +
			      mxa__elem_lsb(d->b_format, e->scaled) + sa.exp +
			      sb.exp, 0);
}

/*
 * |x| = mag * 2^exp truncated to a multiple of 2^unit, in units of 2^unit.
 * Callers keep |x| below 2^(unit + 32); a zero may have any exp.
 */
static uint64_t trunc_units(mxa__u128 mag, int exp, int unit)
{
	int s = unit - exp;

	if (mxa__u128_is_zero(mag))
		return 0;
	if (s <= 0)
		return mxa__u128_lo(mxa__u128_shl(mag, (unsigned)-s));
	return s < 128 ? mxa__u128_lo(mxa__u128_shr(mag, (unsigned)s)) : 0;
}

/*
 * The truncated products of a block in units of 2^unit, summed. Every q_k
 * is |q_k| = hi:lo * 2^qexp with the same qexp, so all shift by the same
 * s = unit - qexp; each result is below 2^W <= 2^32.
 */
static int64_t trunc_sum(const uint64_t *lo, const uint64_t *hi, uint64_t neg,
			 uint32_t n, int s)
{
	int64_t sum = 0;

	/* s <= 0: nothing is lost, and every |q_k| < 2^(W+s) fits lo. */
	if (s <= 0) {
		for (uint32_t k = 0; k < n; k++) {
			int64_t t = (int64_t)(lo[k] << -s);

			sum += neg >> k & 1 ? -t : t;
		}
	} else if (s < 64) {
		for (uint32_t k = 0; k < n; k++) {
			int64_t t = (int64_t)(lo[k] >> s | hi[k] << (64 - s));

			sum += neg >> k & 1 ? -t : t;
		}
	} else if (s < 128) {
		for (uint32_t k = 0; k < n; k++) {
			int64_t t = (int64_t)(hi[k] >> (s - 64));

			sum += neg >> k & 1 ? -t : t;
		}
	}
	return sum;
}

static void trunc_block(const struct gen *g, struct out_state *st,
			const struct blk *x)
{
	int64_t sig = x->sa->sig * x->sb->sig;
	int qexp = g->lab + x->sa->exp + x->sb->exp;	/* unit of every q_k */
	uint64_t lo[EMU_MAX_BLOCK], hi[EMU_MAX_BLOCK] = { 0 };	/* |q_k| */
	mxa__u128 all = mxa__u128_make(0, 0), pmag;
	uint64_t neg = 0;	/* bit k: q_k < 0 */
	int64_t sum;
	int top, unit;
	float f;

	if (block_special(blk_flags(x), x->sa, x->sb, &f)) {
		st->pf = st->pspecial ? st->pf + f : f;
		st->pspecial = 1;
		return;
	}
	if (st->pspecial)
		return;

	/* The scaled products q_k, and their top bit. */
	if (!g->wide && sig == 1) {
		uint64_t or = 0;

		for (uint32_t k = 0; k < x->n; k++) {
			int64_t q = x->av[k] * x->bv[k];

			neg |= (uint64_t)(q < 0) << k;
			lo[k] = q < 0 ? -(uint64_t)q : (uint64_t)q;
			or |= lo[k];
		}
		all = mxa__u128_make(0, or);
	} else {
		for (uint32_t k = 0; k < x->n; k++) {
			mxa__i128 q = mxa__i128_mul(mxa__i128_mul64(x->av[k],
								    x->bv[k]), sig);
			mxa__u128 m = mxa__i128_abs(q);

			neg |= (uint64_t)mxa__i128_negative(q) << k;
			lo[k] = mxa__u128_lo(m);
			hi[k] = mxa__u128_hi(m);
			all = mxa__u128_or(all, m);
		}
	}
	pmag = mxa__i128_abs(mxa__i128_of(st->pm));
	if (mxa__u128_is_zero(all) && mxa__u128_is_zero(pmag))
		return;	/* P stays 0 */

	/* E: the largest floor(log2 |term|) over P and the q_k. */
	top = !mxa__u128_is_zero(all) ? mxa__bit_length(all) - 1 + qexp :
					INT32_MIN;
	if (!mxa__u128_is_zero(pmag) &&
	    mxa__bit_length(pmag) - 1 + st->pe > top)
		top = mxa__bit_length(pmag) - 1 + st->pe;

	/*
	 * Each term keeps the bits top .. top-W+1: in units of 2^unit it is
	 * below 2^W <= 2^32, and P, the sum of at most 65 of them (a block of
	 * 64 and P), fits 39 bits.
	 */
	unit = top - (int)g->bits + 1;
	sum = !mxa__u128_is_zero(all) ?
	      trunc_sum(lo, hi, neg, x->n, unit - qexp) : 0;
	if (!mxa__u128_is_zero(pmag)) {
		int64_t t = (int64_t)trunc_units(pmag, st->pe, unit);

		sum += st->pm < 0 ? -t : t;
	}
	st->pm = sum;
	st->pe = unit;
}

static void trunc_promote(const struct gen *g, struct out_state *st)
{
	float r;

	if (st->pspecial)
		r = st->pf;
	else
		r = mxa__emu_round(st->pm < 0,
				   mxa__i128_abs(mxa__i128_of(st->pm)), st->pe, 0);
	add_block(g, st, r);
	st->pspecial = 0;
	st->pm = 0;
}

static void exact_block(const struct gen *g, struct out_state *st,
			const struct blk *x)
{
	st->flags |= blk_flags(x);
	st->sum = mxa__i128_add(st->sum, dot(x->av, x->bv, x->n, g->wide));
}

/* D = fl32(C + sum) with C exact (section 5.3). */
static float exact_finish(const struct gen *g, const struct out_state *st)
{
	unsigned flags = st->flags;
	struct mxa__wide w;
	uint32_t u, e, m;

	memcpy(&u, &st->acc, 4);	/* C */
	e = u >> 23 & 0xFF;
	m = u & 0x7FFFFF;
	if (e == 0xFF)
		flags |= m ? SP_NAN : u >> 31 ? SP_NINF : SP_PINF;
	if ((flags & SP_NAN) || ((flags & SP_PINF) && (flags & SP_NINF)))
		return NAN;
	if (flags)
		return flags & SP_PINF ? INFINITY : -INFINITY;

	memset(&w, 0, sizeof(w));
	mxa__wide_add(&w, st->sum, g->lab);
	if (e)
		m |= 1u << 23;
	/* C = m * 2^(e-150) for normals, m * 2^-149 for subnormals. */
	mxa__wide_add(&w, mxa__i128_of(u >> 31 ? -(int64_t)m : (int64_t)m),
		      (e ? (int)e : 1) - 150);
	return mxa__wide_round(&w);
}

static void gen_chunk(const struct gen *g, struct out_state *states,
		      uint32_t tm, uint32_t tn, uint32_t k0, uint32_t kc)
{
	const struct mxa__emu *e = g->e;
	uint32_t nblk = (kc + e->bs - 1) / e->bs;

	for (uint32_t r = 0; r < tm; r++) {
		for (uint32_t c = 0; c < tn; c++) {
			struct out_state *st = &states[r * GEN_TN + c];

			for (uint32_t b = 0; b < nblk; b++) {
				uint32_t k = b * e->bs;
				uint32_t n = kc - k < e->bs ? kc - k : e->bs;
				uint32_t kend = k0 + k + n;
				struct blk x;

				get_blk(g, r, c, b, k, n, &x);
				if (e->desc->acc == MXA_ACC_FP32) {
					fp32_block(g, st, &x);
				} else if (e->desc->acc == MXA_ACC_EXACT) {
					exact_block(g, st, &x);
				} else {
					trunc_block(g, st, &x);
					if (kend % g->interval == 0 ||
					    kend == e->desc->k)
						trunc_promote(g, st);
				}
			}
		}
	}
}

/*
 * The outputs of one rectangle of D, computed by the generic path. Kept out
 * of line so that no arithmetic moves across the FP mode switch.
 */
static __attribute__((noinline)) int generic_part(void *ctx,
						  const struct mxa__emu_rect *rect)
{
	const struct mxa__emu *e = ctx;
	const struct mxa_matmul *d = e->desc;
	struct out_state *states = malloc(sizeof(*states) * GEN_TM * GEN_TN);
	struct chunk *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	uint8_t *codes = malloc(GEN_KC);
	float row[GEN_TN];
	struct gen g = {
		.e = e,
		.lab = mxa__elem_lsb(d->a_format, e->scaled) +
		       mxa__elem_lsb(d->b_format, e->scaled),
		.wide = mxa__bit_length(block_bound(e)) > 63,
		.bits = e->job->p.trunc_w,
		.interval = e->job->p.trunc_n,
		.a = a,
		.b = b,
	};
	int ret = 0;

	if (!states || !a || !b || !codes) {
		ret = mxa__error(ENOMEM, "matmul: out of memory");
		goto out;
	}
	for (uint32_t i0 = rect->i0; i0 < rect->i1; i0 += GEN_TM) {
		uint32_t tm = rect->i1 - i0 < GEN_TM ? rect->i1 - i0 : GEN_TM;

		for (uint32_t j0 = rect->j0; j0 < rect->j1; j0 += GEN_TN) {
			uint32_t tn = rect->j1 - j0 < GEN_TN ? rect->j1 - j0 :
				      GEN_TN;

			memset(states, 0, sizeof(*states) * GEN_TM * GEN_TN);
			for (uint32_t r = 0; r < tm; r++) {
				mxa__emu_load_c(e, i0 + r, j0, tn, row);
				for (uint32_t c = 0; c < tn; c++)
					states[r * GEN_TN + c].acc = row[c];
			}
			for (uint32_t k0 = 0; k0 < d->k; k0 += GEN_KC) {
				uint32_t kc = d->k - k0 < GEN_KC ? d->k - k0 :
					      GEN_KC;

				decode_chunk(e, d->a_format, &e->job->a,
					     &e->job->a_scale, i0, tm, k0, kc,
					     codes, a);
				decode_chunk(e, d->b_format, &e->job->b,
					     &e->job->b_scale, j0, tn, k0, kc,
					     codes, b);
				gen_chunk(&g, states, tm, tn, k0, kc);
			}
			for (uint32_t r = 0; r < tm; r++) {
				for (uint32_t c = 0; c < tn; c++) {
					const struct out_state *st =
						&states[r * GEN_TN + c];

					row[c] = d->acc == MXA_ACC_EXACT ?
						 exact_finish(&g, st) : st->acc;
				}
				mxa__emu_store_d(e, i0 + r, j0, tn, row);
			}
		}
	}
out:
	free(codes);
	free(b);
	free(a);
	free(states);
	return ret;
}

/* ----------------------------------------------------------------- kernels */

/* The kernel families of the fast, split and trunc paths. */
enum kernels {
	KERNELS_C,		/* portable */
	KERNELS_AVX2,		/* *_avx2.c: AVX2 and FMA */
	KERNELS_AVX512,		/* *_avx512.c: AVX-512 F, DQ, VL, BW and FMA */
};

int mxa__emu_path_runs(enum mxa__emu_path path)
{
#if defined(__x86_64__)
	__builtin_cpu_init();
	switch (path) {
	case MXA__EMU_PATH_FAST_AVX2:
		return __builtin_cpu_supports("avx2") &&
		       __builtin_cpu_supports("fma");
	case MXA__EMU_PATH_FAST_AVX512:
		return __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512dq") &&
		       __builtin_cpu_supports("avx512vl") &&
		       __builtin_cpu_supports("avx512bw") &&
		       __builtin_cpu_supports("fma");
	default:
		return 1;
	}
#else
	return path != MXA__EMU_PATH_FAST_AVX2 &&
	       path != MXA__EMU_PATH_FAST_AVX512;
#endif
}

/*
 * The kernels @path runs on this CPU. Auto: the fastest it has, or the
 * family $MXA_EMU_KERNELS names (portable, avx2, avx512; for comparing
 * them in benchmarks) where the CPU has it.
 */
static enum kernels kernels_for(enum mxa__emu_path path)
{
	const char *env = getenv("MXA_EMU_KERNELS");

	if (path == MXA__EMU_PATH_AUTO && env) {
		if (!strcmp(env, "portable"))
			path = MXA__EMU_PATH_FAST_C;
		else if (!strcmp(env, "avx2"))
			path = MXA__EMU_PATH_FAST_AVX2;
		else if (!strcmp(env, "avx512"))
			path = MXA__EMU_PATH_FAST_AVX512;
	}
	if ((path == MXA__EMU_PATH_AUTO || path == MXA__EMU_PATH_FAST_AVX512) &&
	    mxa__emu_path_runs(MXA__EMU_PATH_FAST_AVX512))
		return KERNELS_AVX512;
	if ((path == MXA__EMU_PATH_AUTO || path == MXA__EMU_PATH_FAST_AVX2) &&
	    mxa__emu_path_runs(MXA__EMU_PATH_FAST_AVX2))
		return KERNELS_AVX2;
	return KERNELS_C;
}

/* ---------------------------------------------------------------- fast path */

/*
 * The block sums are exact in double when every partial sum, in units of
 * the block's smallest product, stays within 2^53. Within a block the
 * scales are constant: the units are lsb(A) + lsb(B) + the exponents of the
 * scales' last significand bits, and the partial sums are at most
 * bs * max|a| * max|b| * (significand bound of the two scales). MX scales
 * are powers of two (bound 1); UE4M3 significands are at most 15.
 */
static int fits_double(const struct mxa__emu *e)
{
	const struct mxa_matmul *d = e->desc;
	mxa__u128 bound = block_bound(e);

	if (d->scale == MXA_SCALE_NV)
		bound = mxa__u128_mul64(bound, 15 * 15);
	return mxa__u128_cmp(bound, mxa__u128_make(0, 1ull << 53)) <= 0;
}

static void elem_doubles(enum mxa_format fmt, int scaled, double *out)
{
	const struct code_table *t = &elem_tables[fmt];
	double unit = ldexp(1.0, mxa__elem_lsb(fmt, scaled));

	for (unsigned c = 0; c < 256; c++) {
		if (t->special[c] == 2)
			out[c] = NAN;
		else if (t->special[c])
			out[c] = t->special[c] * (double)INFINITY;
		else
			out[c] = (double)t->val[c] * unit;
	}
}

static void scale_doubles(enum mxa_scale_mode mode, double *out)
{
	for (unsigned c = 0; c < 256; c++) {
		struct scale_val s = scale_value(mode, (uint8_t)c);

		out[c] = s.nan ? NAN :
			 ldexp((double)s.sig, s.exp);
	}
}

/* What the parts of a fast-path job share. */
struct fast_job {
	const struct mxa__emu *e;
	mxa__emu_kernel_fn *kernel;
	double aval[256], bval[256], sval[256];
};

static int fast_part(void *ctx, const struct mxa__emu_rect *rect)
{
	const struct fast_job *f = ctx;

	return mxa__emu_gemm(f->e, f->kernel, f->aval, f->bval,
			     f->e->desc->scale != MXA_SCALE_NONE ? f->sval : NULL,
			     rect);
}

static int run_fast(const struct mxa__emu *e, enum kernels k)
{
	const struct mxa_matmul *d = e->desc;
	struct fast_job f = { .e = e, .kernel = mxa__emu_kernel_c };

#if defined(__x86_64__)
	if (k == KERNELS_AVX512)
		f.kernel = mxa__emu_kernel_avx512;
	else if (k == KERNELS_AVX2)
		f.kernel = mxa__emu_kernel_avx2;
#else
	(void)k;
#endif
	elem_doubles(d->a_format, e->scaled, f.aval);
	elem_doubles(d->b_format, e->scaled, f.bval);
	if (d->scale != MXA_SCALE_NONE)
		scale_doubles(d->scale, f.sval);
	return mxa__emu_parallel(e, fast_part, &f);
}

/* --------------------------------------------------------------- split path */

/* v > limit * u, exact. */
static int exceeds(uint64_t v, uint64_t limit, uint64_t u)
{
	return mxa__u128_cmp(mxa__u128_make(0, v), mxa__u128_mul64(
		mxa__u128_make(0, limit), u)) > 0;
}

/*
 * Splits the finite nonzero magnitudes of a format (in units) into ranges,
 * smallest first, each as wide as it can be with max <= limit * unit (unit:
 * the largest power of two that divides every value of the range). Sets the
 * part of every code (zeros in part 0, specials -1) and returns the number
 * of parts, or MXA__EMU_MAX_PARTS + 1 when it would take more.
 */
static unsigned split_format(const struct code_table *t, uint64_t limit,
			     int8_t *part)
{
	int8_t mag_part[256];
	unsigned np = 0;
	uint64_t unit = 0;

	for (unsigned i = 0; i < t->nmag; i++) {
		uint64_t v = t->mag[i], low = v & -v;
		uint64_t u = np && unit < low ? unit : low;

		if (!np || exceeds(v, limit, u)) {
			if (exceeds(v, limit, low) ||
			    np == MXA__EMU_MAX_PARTS)
				return MXA__EMU_MAX_PARTS + 1;
			np++;
			u = low;
		}
		unit = u;
		mag_part[i] = (int8_t)(np - 1);
	}
	for (unsigned c = 0; c < 256; c++)
		part[c] = t->special[c] ? -1 :
			  t->mag_index[c] < 0 ? 0 : mag_part[t->mag_index[c]];
	return np ? np : 1;
}

/*
 * The split with the fewest pairs of parts for blocks of @blk k: parts of
 * A with max/unit <= 2^ea, of B with max/unit <= 2^53 / (2^ea * blk), for
 * every ea (the split path applies the scales after the sums). Returns the
 * number of pairs, or 0 if none fits.
 */
static unsigned plan_parts(const struct mxa__emu *e, unsigned blk,
			   struct mxa__emu_parts *pl)
{
	const struct mxa_matmul *d = e->desc;
	uint64_t budget = (1ull << 53) / blk;
	unsigned best = 0;

	for (int ea = 0; ea <= 53 && budget >> ea; ea++) {
		int8_t pa[256], pb[256];
		unsigned na = split_format(&elem_tables[d->a_format],
					   1ull << ea, pa);
		unsigned nb = split_format(&elem_tables[d->b_format],
					   budget >> ea, pb);

		if (na > MXA__EMU_MAX_PARTS || nb > MXA__EMU_MAX_PARTS ||
		    (best && na * nb >= best))
			continue;
		best = na * nb;
		pl->na = na;
		pl->nb = nb;
		memcpy(pl->apart, pa, sizeof(pa));
		memcpy(pl->bpart, pb, sizeof(pb));
		pl->blk = blk;
	}
	return best;
}

/*
 * The exact split: exact sums runs of k of any length (no rounding between
 * them): longer runs may need more pairs, shorter ones more exact
 * additions. The cost model counts a pair's k as one and the exact addition
 * of a run's sum (TwoSum) as eight k.
 * Returns 0 when no split of at most MXA__EMU_MAX_PARTS parts fits.
 */
static int plan_exact(const struct mxa__emu *e, struct mxa__emu_parts *pl)
{
	static const unsigned runs[] = { 256, 128, 64, 32, 16, 8 };
	struct mxa__emu_parts p;
	unsigned best = 0;

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		unsigned n = plan_parts(e, runs[i], &p);
		unsigned cost = n * (runs[i] + 8) * (256 / runs[i]);

		if (n && (!best || cost < best)) {
			best = cost;
			*pl = p;
		}
	}
	return best != 0;
}

/*
 * The exact plans, worked out once per pair of formats: the search above
 * costs more than a small job itself. (Only the pairs used touch their
 * pages.)
 */
static struct exact_plan {
	enum { PLAN_UNKNOWN, PLAN_FITS, PLAN_NONE } state;
	struct mxa__emu_parts plan;
} exact_plans[MXA_NUM_ELEM_FORMATS][MXA_NUM_ELEM_FORMATS];
static pthread_mutex_t exact_plans_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * The split path's plan: fp32 takes one part of each operand, its blocks of
 * bs (emu.h); exact the plan above. Returns 0 when none fits.
 */
static int plan_job(const struct mxa__emu *e, struct mxa__emu_parts *pl)
{
	struct exact_plan *cached;
	int fits;

	if (e->desc->acc != MXA_ACC_EXACT) {
		const struct code_table *ta = &elem_tables[e->desc->a_format];
		const struct code_table *tb = &elem_tables[e->desc->b_format];

		pl->na = pl->nb = 1;
		pl->blk = e->bs;
		for (unsigned c = 0; c < 256; c++) {
			pl->apart[c] = ta->special[c] ? -1 : 0;
			pl->bpart[c] = tb->special[c] ? -1 : 0;
		}
		return 1;
	}
	cached = &exact_plans[e->desc->a_format][e->desc->b_format];
	pthread_mutex_lock(&exact_plans_lock);
	if (cached->state == PLAN_UNKNOWN)
		cached->state = plan_exact(e, &cached->plan) ? PLAN_FITS :
							       PLAN_NONE;
	fits = cached->state == PLAN_FITS;
	if (fits)
		*pl = cached->plan;
	pthread_mutex_unlock(&exact_plans_lock);
	return fits;
}

struct parts_job {
	const struct mxa__emu *e;
	const struct mxa__emu_parts_kernels *k;
	struct mxa__emu_parts pl;
};

static int parts_part(void *ctx, const struct mxa__emu_rect *rect)
{
	const struct parts_job *p = ctx;

	return mxa__emu_parts_gemm(p->e, p->k, &p->pl, rect);
}

/* Runs a job on the split path; 1 when no split fits (nothing done). */
static int run_parts(const struct mxa__emu *e, enum kernels k)
{
	const struct mxa_matmul *d = e->desc;
	struct parts_job p = { .e = e, .k = &mxa__emu_parts_c };

	if (!plan_job(e, &p.pl))
		return 1;
#if defined(__x86_64__)
	if (k == KERNELS_AVX512)
		p.k = &mxa__emu_parts_avx512;
	else if (k == KERNELS_AVX2)
		p.k = &mxa__emu_parts_avx2;
#else
	(void)k;
#endif
	elem_doubles(d->a_format, e->scaled, p.pl.aval);
	elem_doubles(d->b_format, e->scaled, p.pl.bval);
	if (d->scale != MXA_SCALE_NONE)
		scale_doubles(d->scale, p.pl.sval);
	return mxa__emu_parallel(e, parts_part, &p);
}

/* --------------------------------------------------------------- trunc path */

struct trunc_job {
	const struct mxa__emu *e;
	const struct mxa__emu_trunc_kernels *k;
	double aval[256], bval[256], sval[256];
};

static int trunc_part(void *ctx, const struct mxa__emu_rect *rect)
{
	const struct trunc_job *t = ctx;

	return mxa__emu_trunc_gemm(t->e, t->k, t->aval, t->bval, t->sval, rect);
}

static int run_trunc(const struct mxa__emu *e, enum kernels k)
{
	const struct mxa_matmul *d = e->desc;
	struct trunc_job t = { .e = e, .k = &mxa__emu_trunc_c };

#if defined(__x86_64__)
	if (k == KERNELS_AVX512)
		t.k = &mxa__emu_trunc_avx512;
	else if (k == KERNELS_AVX2)
		t.k = &mxa__emu_trunc_avx2;
#else
	(void)k;
#endif
	elem_doubles(d->a_format, e->scaled, t.aval);
	elem_doubles(d->b_format, e->scaled, t.bval);
	if (d->scale != MXA_SCALE_NONE)
		scale_doubles(d->scale, t.sval);
	return mxa__emu_parallel(e, trunc_part, &t);
}

/* ---------------------------------------------------------------- threads */

/*
 * The arithmetic is IEEE round to nearest even with subnormals. A caller
 * may have changed the rounding mode or turned on flush-to-zero (as some
 * fast-math start-up code does): run in the default environment and give
 * the caller's back afterwards.
 */
#if defined(__x86_64__)
typedef unsigned int fp_env;

static void fp_env_enter(fp_env *saved)
{
	*saved = _mm_getcsr();
	_mm_setcsr(0x1F80);	/* all exceptions masked, RNE, no FTZ/DAZ */
}

static void fp_env_leave(const fp_env *saved)
{
	_mm_setcsr(*saved);
}
#else
typedef fenv_t fp_env;

static void fp_env_enter(fp_env *saved)
{
	fegetenv(saved);
	fesetenv(FE_DFL_ENV);
}

static void fp_env_leave(const fp_env *saved)
{
	fesetenv(saved);
}
#endif

#define MAX_THREADS 256
/*
 * Without $MXA_EMU_THREADS, jobs below this many multiply-adds run on one
 * thread (a few ms on the fast path: starting threads would not pay).
 */
#define PARALLEL_MACS (1u << 25)

/*
 * How many threads a job gets: $MXA_EMU_THREADS when set, else every
 * online CPU for jobs of PARALLEL_MACS or more; at most one per GEN_TM
 * rows (or columns) of the longer side, so that no part is a sliver.
 */
static int job_threads(const struct mxa__emu *e, unsigned *threads)
{
	const struct mxa_matmul *d = e->desc;
	const char *env = getenv("MXA_EMU_THREADS");
	uint32_t side = d->m > d->n ? d->m : d->n;
	long n;

	if (env && env[0]) {
		char *end;

		n = strtol(env, &end, 10);
		if (*end || n < 1 || n > MAX_THREADS)
			return mxa__error(EINVAL,
					  "MXA_EMU_THREADS is '%s': give a number of threads from 1 to %d",
					  env, MAX_THREADS);
	} else {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n < 1)
			n = 1;
		if (n > MAX_THREADS)
			n = MAX_THREADS;
		if ((uint64_t)d->m * d->n * d->k < PARALLEL_MACS)
			n = 1;
	}
	if ((uint32_t)n > (side + GEN_TM - 1) / GEN_TM)
		n = (side + GEN_TM - 1) / GEN_TM;
	*threads = (unsigned)n;
	return 0;
}

struct part {
	mxa__emu_part_fn *fn;
	void *ctx;
	struct mxa__emu_rect rect;
	int ret;
};

static void *part_main(void *arg)
{
	struct part *p = arg;
	fp_env env;

	/* A new thread need not start in the caller's FP environment. */
	fp_env_enter(&env);
	p->ret = p->fn(p->ctx, &p->rect);
	fp_env_leave(&env);
	return NULL;
}

static int rect_empty(const struct mxa__emu_rect *r)
{
	return r->i0 >= r->i1 || r->j0 >= r->j1;
}

int mxa__emu_parallel(const struct mxa__emu *e, mxa__emu_part_fn *fn,
		      void *ctx)
{
	const struct mxa_matmul *d = e->desc;
	unsigned n = e->threads ? e->threads : 1;
	int rows = d->m >= d->n;	/* split the longer side */
	uint32_t side = rows ? d->m : d->n;
	struct part parts[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	int started[MAX_THREADS] = { 0 };
	int ret = 0;

	for (unsigned t = 0; t < n; t++) {
		/* Cuts on multiples of 8: whole kernel tiles where possible. */
		uint32_t lo = (uint32_t)((uint64_t)side * t / n) & ~7u;
		uint32_t hi = t + 1 == n ? side :
			      (uint32_t)((uint64_t)side * (t + 1) / n) & ~7u;

		parts[t] = (struct part){
			.fn = fn, .ctx = ctx,
			.rect = rows ? (struct mxa__emu_rect){ lo, hi, 0, d->n } :
				       (struct mxa__emu_rect){ 0, d->m, lo, hi },
		};
	}
	/* Parts 1 .. n-1 on new threads; one that cannot start runs here. */
	for (unsigned t = 1; t < n; t++)
		started[t] = !rect_empty(&parts[t].rect) &&
			     !pthread_create(&tid[t], NULL, part_main, &parts[t]);
	parts[0].ret = rect_empty(&parts[0].rect) ? 0 :
		       fn(ctx, &parts[0].rect);
	for (unsigned t = 1; t < n; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else if (!rect_empty(&parts[t].rect))
			parts[t].ret = fn(ctx, &parts[t].rect);
	}
	for (unsigned t = 0; t < n && !ret; t++)
		ret = parts[t].ret;
	return ret;
}

/* ---------------------------------------------------------------- entry */


int mxa__emu_matmul(const struct mxa__job *job)
{
	const struct mxa_matmul *d = job->desc;
	float ga, gb, g = 1.0f;
	struct mxa__emu e = {
		.job = job,
		.desc = d,
		.bs = job->block,
		.scaled = d->scale != MXA_SCALE_NONE,
	};
	fp_env env;
	int ret;

	pthread_once(&tables_once, build_tables);
	e.nb = (d->k + e.bs - 1) / e.bs;
	ret = check_codes(&e);
	if (ret)
		return ret;

	ret = job_threads(&e, &e.threads);
	if (ret)
		return ret;

	fp_env_enter(&env);
	if (d->scale == MXA_SCALE_NV &&
	    (d->a_tensor_scale != 0.0f || d->b_tensor_scale != 0.0f)) {
		/* An absent per-tensor scale (0) is 1. */
		ga = d->a_tensor_scale != 0.0f ? d->a_tensor_scale : 1.0f;
		gb = d->b_tensor_scale != 0.0f ? d->b_tensor_scale : 1.0f;
		g = ga * gb;
		e.g = &g;
	}
	ret = 1;	/* not computed yet */
	if (d->acc == MXA_ACC_FP32 &&
	    mxa__emu_force_path != MXA__EMU_PATH_GENERIC && fits_double(&e))
		ret = run_fast(&e, kernels_for(mxa__emu_force_path));
	else if (d->acc == MXA_ACC_TRUNC &&
		 mxa__emu_force_path != MXA__EMU_PATH_GENERIC)
		ret = run_trunc(&e, kernels_for(mxa__emu_force_path));
	else if (mxa__emu_force_path != MXA__EMU_PATH_GENERIC)
		ret = run_parts(&e, kernels_for(mxa__emu_force_path));
	if (ret == 1)
		ret = mxa__emu_parallel(&e, generic_part, &e);
	fp_env_leave(&env);
	return ret;
}
