// SPDX-License-Identifier: MIT
/*
 * test_matmul_ref.c - the emulator's matmul checked bit for bit against an
 * exact reference written from docs/numerics.md alone.
 *
 * The reference decodes element and scale codes with its own code from the
 * parameters of the format description (sections 1 and 2, every element
 * format of hw/interface/mxa_formats.toml), computes every block sum, scaled product, truncated
 * partial sum and Kulisch sum exactly with MPFR (each operation is checked
 * to be exact), rounds to binary32 and BF16 with its own round-to-nearest-
 * even (subnormals and overflow included) and does the FP32 accumulation
 * with C float arithmetic in k order, as section 5 prescribes. Operands are
 * packed here from the layouts of section 6, with junk in the bytes and bits
 * a reader must ignore, and the library is driven only through its public
 * API. D is compared bit for bit; bytes of D between rows must stay intact.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpfr.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_hw.h"

#define NFMT MXA_NUM_ELEM_FORMATS
#define REF_PREC 640		/* every exact sum below spans < 500 bits */
#define MAX_BS 64
#define JUNK_ELEM 0xaa		/* ternary 10 in every position */
#define JUNK_SCALE 0xff		/* NaN (e8m0) or invalid (ue4m3) */
#define JUNK_C 0xff		/* a NaN */
#define FILL_D 0x5a
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ decoding */

enum { V_FIN, V_PINF, V_NINF, V_NAN };

/* A decoded code: v x 2^e when kind is V_FIN (-0 decodes to v = 0). */
struct val {
	int kind;
	long v;
	int e;
};

/*
 * Section 1, as the format description gives it: storage bits, exponent
 * bits, mantissa bits, bias, encoding, specials, sign, integer unit.
 */
#define REF_FMT(NAME, name_, ROLE, ENC, bits_, exp_, man_, bias_, signed_, \
		SPEC, max_mag, lsb, scaled_lsb, PACK)			     \
	[MXA_HW_FMT_##NAME] = { name_, bits_, exp_, man_, bias_,	     \
				MXA_HW_FMT_ENC_##ENC,			     \
				MXA_HW_FMT_SPECIALS_##SPEC, signed_,	     \
				scaled_lsb },

static const struct {
	const char *name;
	unsigned bits, ebits, mbits;
	int bias;
	unsigned enc, specials, is_signed;
	int scaled_unit;
} fmts[MXA_HW_FMT_VALUES] = {
	MXA_HW_FORMAT_LIST(REF_FMT)
};

static const char *const scale_names[] = { "none", "mx", "nv" };
static const char *const acc_names[] = { "fp32", "trunc", "exact" };

/* Section 2: K elements per block, unless a job asks for another size. */
static unsigned block_size(enum mxa_scale_mode scale)
{
	return scale == MXA_SCALE_NV ? 16 : 32;
}

/* The block sizes a job may ask for with scales: 8, 16, 32, 64. */
static const unsigned block_sizes[] = { 8, 16, 32, 64 };

/* Returns -1 for an invalid code. @scaled: an integer under a block scale. */
static int decode_elem(int fmt, unsigned code, int scaled, struct val *x)
{
	unsigned bits = fmts[fmt].bits, mb = fmts[fmt].mbits;
	unsigned eb = fmts[fmt].ebits;
	unsigned ef, mf, neg, e_ones = (1u << eb) - 1, m_ones = (1u << mb) - 1;

	if (code >> bits)
		return -1;
	x->kind = V_FIN;
	x->e = 0;
	if (fmts[fmt].enc == MXA_HW_FMT_ENC_INT) {
		x->v = code < 1u << (bits - 1) ? (long)code :
		       (long)code - (1L << bits);
		x->e = scaled ? fmts[fmt].scaled_unit : 0;
		return 0;
	}
	if (fmts[fmt].enc == MXA_HW_FMT_ENC_TERNARY) {
		if (code == 2)
			return -1;
		x->v = code == 0 ? 0 : code == 1 ? 1 : -1;
		return 0;
	}
	if (code >> (fmts[fmt].is_signed + eb + mb))
		return -1;
	neg = fmts[fmt].is_signed ? code >> (eb + mb) & 1 : 0;
	ef = code >> mb & e_ones;
	mf = code & m_ones;
	switch (fmts[fmt].specials) {
	case MXA_HW_FMT_SPECIALS_IEEE:
		if (ef == e_ones) {
			x->kind = mf ? V_NAN : neg ? V_NINF : V_PINF;
			return 0;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FN:
		if (ef == e_ones && mf == m_ones) {
			x->kind = V_NAN;
			return 0;
		}
		break;
	case MXA_HW_FMT_SPECIALS_FNUZ:
		if (neg && !ef && !mf) {
			x->kind = V_NAN;
			return 0;
		}
		break;
	}
	if (ef == 0) {
		x->v = mf;
		x->e = 1 - fmts[fmt].bias - (int)mb;
	} else {
		x->v = mf | 1u << mb;
		x->e = (int)ef - fmts[fmt].bias - (int)mb;
	}
	if (neg)
		x->v = -x->v;
	return 0;
}

/* Section 2. Returns -1 for an invalid code (ue4m3 with the sign bit). */
static int decode_scale(int mode, unsigned code, struct val *x)
{
	if (mode == MXA_SCALE_MX) {
		x->kind = code == 0xff ? V_NAN : V_FIN;
		x->v = 1;
		x->e = (int)code - 127;
		return 0;
	}
	return decode_elem(MXA_FMT_UE4M3, code, 0, x);
}

static double val_d(const struct val *x)
{
	return ldexp((double)x->v, x->e);
}

/* Every code of a format, sorted into the pools the generators draw from. */
struct ftab {
	struct val val[256];
	uint8_t neg[256];	/* code of the negated value (finite codes) */
	uint8_t all[256], fin[256], spec[16], zero[4], ext[16], pow2[128];
	unsigned nall, nfin, nspec, nzero, next, npow2;
	uint8_t maxpos, maxneg, minpos, minneg;
};

static struct ftab tabs[NFMT][2];

static void build_tables(void)
{
	for (int f = 0; f < NFMT; f++) {
		for (int s = 0; s < 2; s++) {
			struct ftab *t = &tabs[f][s];
			double vmax = 0, vmin = INFINITY;

			memset(t, 0, sizeof(*t));
			for (unsigned c = 0; c < 1u << fmts[f].bits; c++) {
				struct val x;
				unsigned long m;
				double d;

				if (decode_elem(f, c, s, &x))
					continue;
				t->val[c] = x;
				t->all[t->nall++] = (uint8_t)c;
				if (x.kind != V_FIN) {
					t->spec[t->nspec++] = (uint8_t)c;
					continue;
				}
				t->fin[t->nfin++] = (uint8_t)c;
				if (x.v == 0) {
					t->zero[t->nzero++] = (uint8_t)c;
					continue;
				}
				m = (unsigned long)labs(x.v);
				if (!(m & (m - 1)))
					t->pow2[t->npow2++] = (uint8_t)c;
				d = fabs(val_d(&x));
				if (d > vmax || (d == vmax && x.v > 0)) {
					vmax = d;
					t->maxpos = (uint8_t)c;
				}
				if (d < vmin || (d == vmin && x.v > 0)) {
					vmin = d;
					t->minpos = (uint8_t)c;
				}
			}
			for (unsigned i = 0; i < t->nfin; i++) {
				unsigned c = t->fin[i], n;
				double d = val_d(&t->val[c]);

				t->neg[c] = (uint8_t)c;
				for (n = 0; n < t->nfin; n++)
					if (val_d(&t->val[t->fin[n]]) == -d)
						t->neg[c] = t->fin[n];
				if (d == 0 || fabs(d) == vmax ||
				    fabs(d) == vmin)
					t->ext[t->next++] = (uint8_t)c;
			}
			/* integers: -2^(b-1) is the widest, 2^(b-1)-1 the
			 * largest */
			if (t->val[t->maxpos].v < 0)
				t->maxpos = (uint8_t)((1u << (fmts[f].bits -
							      1)) - 1);
			t->maxneg = t->neg[t->maxpos];
			t->minneg = t->neg[t->minpos];
		}
	}
}

/* The limits of the table of section 1, to catch a slip in decode_elem(). */
static void check_tables(void)
{
	static const struct {
		int fmt, scaled;
		double maxv, mins;
		unsigned nspec;
	} lim[] = {
		{ MXA_FMT_E5M2, 0, 57344, 0x1p-16, 8 },
		{ MXA_FMT_E4M3, 0, 448, 0x1p-9, 2 },
		{ MXA_FMT_E3M2, 0, 28, 0x1p-4, 0 },
		{ MXA_FMT_E2M3, 0, 7.5, 0x1p-3, 0 },
		{ MXA_FMT_E2M1, 0, 6, 0.5, 0 },
		{ MXA_FMT_INT8, 0, 127, 1, 0 },
		{ MXA_FMT_INT8, 1, 127.0 / 64, 0x1p-6, 0 },
		{ MXA_FMT_TERNARY, 0, 1, 1, 0 },
	};
	static const double e2m1[8] = { 0, 0.5, 1, 1.5, 2, 3, 4, 6 };
	struct val x;

	for (size_t i = 0; i < ARRAY_LEN(lim); i++) {
		const struct ftab *t = &tabs[lim[i].fmt][lim[i].scaled];

		T_CHECK(val_d(&t->val[t->maxpos]) == lim[i].maxv &&
			val_d(&t->val[t->minpos]) == lim[i].mins &&
			t->nspec == lim[i].nspec,
			"reference decoder disagrees with the table for %s",
			fmts[lim[i].fmt].name);
	}
	for (unsigned c = 0; c < 16; c++) {
		decode_elem(MXA_FMT_E2M1, c, 0, &x);
		T_CHECK(val_d(&x) == (c & 8 ? -e2m1[c & 7] : e2m1[c & 7]),
			"reference e2m1 decode of %#x", c);
	}
	decode_elem(MXA_FMT_E4M3, 0x7e, 0, &x);
	T_CHECK(val_d(&x) == 448, "reference e4m3 0x7e");
	decode_elem(MXA_FMT_E5M2, 0xfc, 0, &x);
	T_CHECK(x.kind == V_NINF, "reference e5m2 0xfc");
	T_CHECK(decode_scale(MXA_SCALE_NV, 0x80, &x) < 0 &&
		decode_scale(MXA_SCALE_NV, 0x7f, &x) == 0 && x.kind == V_NAN,
		"reference ue4m3 decode");
}

/* ------------------------------------------------------- exact rounding */

static mpfr_t rq, rn;		/* scratch of round_exact() only */
static mpfr_t blk, term, pacc, bfx;
static mpfr_t terms[MAX_BS + 1];

static void exact(int ternary)
{
	if (ternary) {
		fprintf(stderr, "reference: an MPFR operation was inexact\n");
		exit(T_FAIL);
	}
}

/*
 * The exact nonzero x rounded to nearest, ties to even, to a binary format
 * with p significand bits, normal exponents emin ... emax and subnormals
 * below emin; magnitudes that round beyond the largest finite value become
 * infinite. The result is returned as a double, which holds every binary32
 * and BF16 value exactly.
 */
static double round_exact(const mpfr_t x, int p, long emin, long emax)
{
	long e = (long)mpfr_get_exp(x) - 1;	/* floor(log2 |x|) */
	long q = (e < emin ? emin : e) - (p - 1);	/* an ulp's exponent */
	double n, v;
	int cmp;

	exact(mpfr_mul_2si(rq, x, -q, MPFR_RNDN));
	exact(mpfr_abs(rq, rq, MPFR_RNDN));
	mpfr_floor(rn, rq);
	exact(mpfr_sub(rq, rq, rn, MPFR_RNDN));
	cmp = mpfr_cmp_d(rq, 0.5);
	n = mpfr_get_d(rn, MPFR_RNDN);	/* at most 2^p: exact */
	if (cmp > 0 || (cmp == 0 && fmod(n, 2.0) != 0))
		n += 1;
	v = ldexp(n, (int)q);
	if (v >= ldexp(1.0, (int)emax + 1))
		v = INFINITY;
	return mpfr_sgn(x) < 0 ? -v : v;
}

/* fl32 of section 5; an exactly zero x gives +0. */
static float fl32(const mpfr_t x)
{
	if (mpfr_zero_p(x))
		return 0.0f;
	return (float)round_exact(x, 24, -126, 127);
}

/* bf16() of section 3, from the float's exact value. */
static uint16_t ref_bf16(float f)
{
	float r;

	if (isnan(f))
		return 0x7fc0;
	if (f == 0 || isinf(f))
		return (uint16_t)(t_float_bits(f) >> 16);
	exact(mpfr_set_flt(bfx, f, MPFR_RNDN));
	r = (float)round_exact(bfx, 8, -126, 127);
	return (uint16_t)(t_float_bits(r) >> 16);
}

/*
 * The rounding above against the two other roundings at hand: the CPU's
 * double-to-float conversion, and the carry trick for BF16.
 */
static void check_rounding(void)
{
	struct t_rng r;
	mpfr_t x;

	mpfr_init2(x, 64);
	t_rng_seed(&r, 0x5eed0001);
	for (int i = 0; i < 200000; i++) {
		uint64_t u = t_rng_next(&r);
		uint64_t e = 1023 - 160 + t_rng_below(&r, 300);
		double d;
		float want, got;

		/* short mantissas make exact ties frequent */
		if (i & 1)
			u &= ~0ull << (20 + t_rng_below(&r, 32));
		u = (u & 0x800fffffffffffffull) | e << 52;
		memcpy(&d, &u, sizeof(d));
		want = (float)d;
		exact(mpfr_set_d(x, d, MPFR_RNDN));
		got = fl32(x);
		if (t_float_bits(got) != t_float_bits(want)) {
			T_CHECK(0, "reference fl32(%a) = %a, CPU %a", d, got,
				want);
			break;
		}
	}
	for (int i = 0; i < 200000; i++) {
		uint32_t u = (uint32_t)t_rng_next(&r), want;
		float f;

		if (i & 1)
			u = (u & 0xffff0000u) | (i & 2 ? 0x8000 : 0x7fff);
		f = t_bits_float(u);
		if (isnan(f))
			continue;
		want = (u + 0x7fff + (u >> 16 & 1)) >> 16;
		if (ref_bf16(f) != want) {
			T_CHECK(0, "reference bf16(%#x) = %#x, expected %#x",
				u, ref_bf16(f), want);
			break;
		}
	}
	mpfr_clear(x);
}

/* ------------------------------------------------------------ reference */

/* One matmul job as the test sees it: codes one per byte, C as floats. */
struct tcase {
	const char *family;
	unsigned index;
	uint32_t m, n, k;
	int fa, fb;
	enum mxa_scale_mode scale;
	unsigned req_bs;	/* the job's block_size: 0 = the mode's own */
	enum mxa_acc acc;
	uint32_t w, ival;	/* trunc: as passed, 0 = default */
	int trunc_set;		/* w and ival chosen by the family */
	enum mxa_format out;
	float ga, gb;		/* 0 = absent */
	int has_c;
	unsigned bs, nb;
	uint8_t *a;		/* a[i*k + kk] */
	uint8_t *b;		/* b[j*k + kk]: B[kk][j], rows of Bt */
	uint8_t *sa, *sb;	/* sa[i*nb + t], sb[j*nb + t] */
	float *c;		/* c[i*n + j] */
};

struct ref {
	const struct tcase *tc;
	struct val *a, *b, *sa, *sb;
	unsigned w, ival;
	float g;
};

static const struct val val_one = { V_FIN, 1, 0 };
static unsigned long n_products;

/* Section 5, "Special values of a block": one product. */
static int prod_kind(const struct val *a, const struct val *b)
{
	int ainf = a->kind == V_PINF || a->kind == V_NINF;
	int binf = b->kind == V_PINF || b->kind == V_NINF;
	int aneg, bneg;

	if (a->kind == V_NAN || b->kind == V_NAN)
		return V_NAN;
	if (!ainf && !binf)
		return V_FIN;
	if ((!ainf && a->v == 0) || (!binf && b->v == 0))
		return V_NAN;
	/* the spec names infinity x finite; infinity x infinity is IEEE's */
	aneg = ainf ? a->kind == V_NINF : a->v < 0;
	bneg = binf ? b->kind == V_NINF : b->v < 0;
	return aneg != bneg ? V_NINF : V_PINF;
}

static int block_kind(const struct val *a, const struct val *b, unsigned n,
		      const struct val *sa, const struct val *sb)
{
	int pinf = 0, ninf = 0;

	if (sa->kind == V_NAN || sb->kind == V_NAN)
		return V_NAN;
	for (unsigned k = 0; k < n; k++) {
		switch (prod_kind(&a[k], &b[k])) {
		case V_NAN:
			return V_NAN;
		case V_PINF:
			pinf = 1;
			break;
		case V_NINF:
			ninf = 1;
			break;
		}
	}
	if (pinf && ninf)
		return V_NAN;
	if ((pinf || ninf) && (sa->v == 0 || sb->v == 0))
		return V_NAN;
	return pinf ? V_PINF : ninf ? V_NINF : V_FIN;
}

static float special_float(int kind)
{
	return kind == V_PINF ? INFINITY : kind == V_NINF ? -INFINITY : NAN;
}

/* IEEE addition of two specials (V_FIN meaning "no special yet"). */
static int add_special(int p, int q)
{
	if (p == V_FIN)
		return q;
	if (p == V_NAN || q == V_NAN || p != q)
		return V_NAN;
	return p;
}

/* dst = a x b x sa x sb exactly (finite operands). */
static void set_product(mpfr_t dst, const struct val *a, const struct val *b,
			const struct val *sa, const struct val *sb)
{
	exact(mpfr_set_si(dst, a->v * b->v * sa->v * sb->v, MPFR_RNDN));
	exact(mpfr_mul_2si(dst, dst, a->e + b->e + sa->e + sb->e,
			   MPFR_RNDN));
	n_products++;
}

/* blk = sum of the block's products x sa x sb, exactly. */
static void block_sum(const struct val *a, const struct val *b, unsigned n,
		      const struct val *sa, const struct val *sb)
{
	mpfr_set_zero(blk, 1);
	for (unsigned k = 0; k < n; k++) {
		set_product(term, &a[k], &b[k], sa, sb);
		exact(mpfr_add(blk, blk, term, MPFR_RNDN));
	}
}

/* Steps 1-4 of section 5.2 for a finite block: pacc becomes the new P. */
static void trunc_block(const struct val *a, const struct val *b, unsigned n,
			const struct val *sa, const struct val *sb, unsigned w)
{
	unsigned nt = 0;
	long e = 0, sh;

	if (!mpfr_zero_p(pacc))
		exact(mpfr_set(terms[nt++], pacc, MPFR_RNDN));
	for (unsigned k = 0; k < n; k++) {
		set_product(terms[nt], &a[k], &b[k], sa, sb);
		if (!mpfr_zero_p(terms[nt]))
			nt++;
	}
	mpfr_set_zero(pacc, 1);
	for (unsigned i = 0; i < nt; i++)
		if (i == 0 || (long)mpfr_get_exp(terms[i]) - 1 > e)
			e = (long)mpfr_get_exp(terms[i]) - 1;
	sh = e - (long)w + 1;
	for (unsigned i = 0; i < nt; i++) {
		exact(mpfr_mul_2si(terms[i], terms[i], -sh, MPFR_RNDN));
		mpfr_trunc(terms[i], terms[i]);
		exact(mpfr_mul_2si(terms[i], terms[i], sh, MPFR_RNDN));
		exact(mpfr_add(pacc, pacc, terms[i], MPFR_RNDN));
	}
}

static float ref_fp32_mode(const struct ref *rf, uint32_t i, uint32_t j,
			   float acc)
{
	const struct tcase *tc = rf->tc;

	for (unsigned t = 0; t < tc->nb; t++) {
		unsigned k0 = t * tc->bs;
		unsigned n = tc->k - k0 < tc->bs ? tc->k - k0 : tc->bs;
		const struct val *a = rf->a + (size_t)i * tc->k + k0;
		const struct val *b = rf->b + (size_t)j * tc->k + k0;
		const struct val *sa = rf->sa ? &rf->sa[i * tc->nb + t]
					      : &val_one;
		const struct val *sb = rf->sb ? &rf->sb[j * tc->nb + t]
					      : &val_one;
		int kind = block_kind(a, b, n, sa, sb);
		float r;

		if (kind != V_FIN) {
			r = special_float(kind);
		} else {
			block_sum(a, b, n, sa, sb);
			r = fl32(blk);
		}
		if (tc->ga != 0 || tc->gb != 0)
			r = r * rf->g;
		acc = acc + r;
	}
	return acc;
}

static float ref_trunc_mode(const struct ref *rf, uint32_t i, uint32_t j,
			    float acc)
{
	const struct tcase *tc = rf->tc;
	int pkind = V_FIN;

	mpfr_set_zero(pacc, 1);
	for (unsigned t = 0; t < tc->nb; t++) {
		unsigned k0 = t * tc->bs;
		unsigned n = tc->k - k0 < tc->bs ? tc->k - k0 : tc->bs;
		const struct val *a = rf->a + (size_t)i * tc->k + k0;
		const struct val *b = rf->b + (size_t)j * tc->k + k0;
		const struct val *sa = rf->sa ? &rf->sa[i * tc->nb + t]
					      : &val_one;
		const struct val *sb = rf->sb ? &rf->sb[j * tc->nb + t]
					      : &val_one;
		int kind = block_kind(a, b, n, sa, sb);

		if (kind != V_FIN)
			pkind = add_special(pkind, kind);
		else if (pkind == V_FIN)
			trunc_block(a, b, n, sa, sb, rf->w);
		if ((k0 + n) % rf->ival == 0 || k0 + n == tc->k) {
			float p = pkind != V_FIN ? special_float(pkind)
						 : fl32(pacc);

			acc = acc + p * rf->g;
			mpfr_set_zero(pacc, 1);
			pkind = V_FIN;
		}
	}
	return acc;
}

static float ref_exact_mode(const struct ref *rf, uint32_t i, uint32_t j,
			    int has_c, float c)
{
	const struct tcase *tc = rf->tc;
	const struct val *a = rf->a + (size_t)i * tc->k;
	const struct val *b = rf->b + (size_t)j * tc->k;
	int nan = has_c && isnan(c);
	int pinf = has_c && c == INFINITY, ninf = has_c && c == -INFINITY;

	for (unsigned k = 0; k < tc->k; k++) {
		int kind = prod_kind(&a[k], &b[k]);

		nan |= kind == V_NAN;
		pinf |= kind == V_PINF;
		ninf |= kind == V_NINF;
	}
	if (nan || (pinf && ninf))
		return NAN;
	if (pinf || ninf)
		return pinf ? INFINITY : -INFINITY;
	mpfr_set_zero(blk, 1);
	if (has_c)
		exact(mpfr_set_flt(blk, c, MPFR_RNDN));
	for (unsigned k = 0; k < tc->k; k++) {
		set_product(term, &a[k], &b[k], &val_one, &val_one);
		exact(mpfr_add(blk, blk, term, MPFR_RNDN));
	}
	return fl32(blk);
}

/* D[i][j] as its output bits (BF16 in the low 16 bits). */
static uint32_t ref_output(const struct ref *rf, uint32_t i, uint32_t j)
{
	const struct tcase *tc = rf->tc;
	float c = tc->has_c ? tc->c[(size_t)i * tc->n + j] : 0.0f;
	float d;

	switch (tc->acc) {
	case MXA_ACC_TRUNC:
		d = ref_trunc_mode(rf, i, j, c);
		break;
	case MXA_ACC_EXACT:
		d = ref_exact_mode(rf, i, j, tc->has_c, c);
		break;
	default:
		d = ref_fp32_mode(rf, i, j, c);
		break;
	}
	if (tc->out == MXA_FMT_BF16)
		return ref_bf16(d);
	return isnan(d) ? 0x7fc00000u : t_float_bits(d);
}

static void ref_init(struct ref *rf, const struct tcase *tc)
{
	int scaled = tc->scale != MXA_SCALE_NONE;
	size_t na = (size_t)tc->m * tc->k, nb = (size_t)tc->n * tc->k;

	rf->tc = tc;
	rf->a = calloc(na, sizeof(*rf->a));
	rf->b = calloc(nb, sizeof(*rf->b));
	rf->sa = rf->sb = NULL;
	if (!rf->a || !rf->b)
		abort();
	for (size_t x = 0; x < na; x++)
		rf->a[x] = tabs[tc->fa][scaled].val[tc->a[x]];
	for (size_t x = 0; x < nb; x++)
		rf->b[x] = tabs[tc->fb][scaled].val[tc->b[x]];
	if (scaled) {
		rf->sa = calloc((size_t)tc->m * tc->nb, sizeof(*rf->sa));
		rf->sb = calloc((size_t)tc->n * tc->nb, sizeof(*rf->sb));
		if (!rf->sa || !rf->sb)
			abort();
		for (size_t x = 0; x < (size_t)tc->m * tc->nb; x++)
			decode_scale(tc->scale, tc->sa[x], &rf->sa[x]);
		for (size_t x = 0; x < (size_t)tc->n * tc->nb; x++)
			decode_scale(tc->scale, tc->sb[x], &rf->sb[x]);
	}
	rf->w = tc->w ? tc->w : 14;
	rf->ival = tc->ival ? tc->ival : 128;
	rf->g = (tc->ga != 0 ? tc->ga : 1.0f) * (tc->gb != 0 ? tc->gb : 1.0f);
}

static void ref_fini(struct ref *rf)
{
	free(rf->a);
	free(rf->b);
	free(rf->sa);
	free(rf->sb);
}

/* ------------------------------------------------------- device operands */

/* Section 6: a row of k elements is a little-endian bit string. */
static size_t packed_bytes(int fmt, size_t k)
{
	return (k * fmts[fmt].bits + 7) / 8;
}

/* Packs any codes, invalid ones included; unused bits get junk. */
static void pack_row(int fmt, const uint8_t *codes, size_t k, uint8_t *dst,
		     int junk)
{
	unsigned w = fmts[fmt].bits;
	size_t nbytes = packed_bytes(fmt, k), used = k * w % 8;

	memset(dst, 0, nbytes);
	for (size_t kk = 0; kk < k; kk++)
		for (unsigned bit = 0; bit < w; bit++) {
			size_t p = kk * w + bit;

			if (codes[kk] >> bit & 1)
				dst[p / 8] |= (uint8_t)(1u << (p % 8));
		}
	if (junk && used)
		dst[nbytes - 1] |= (uint8_t)(JUNK_ELEM & (0xffu << used));
}

static void put_le(uint8_t *p, uint32_t v, size_t bytes)
{
	for (size_t i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le(const uint8_t *p, size_t bytes)
{
	uint32_t v = 0;

	for (size_t i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* A matrix in its own buffer, at an offset, with a row stride. */
struct opnd {
	struct mxa_buffer *buf;
	uint8_t *map;
	size_t off, stride, row, rows, size;
	uint64_t api_stride;
};

struct bufs {
	struct opnd a, b, sa, sb, c, d;
};

static int opnd_new(struct mxa_device *dev, struct t_rng *r, struct opnd *o,
		    size_t rows, size_t row, size_t unit, uint8_t fill)
{
	int ret;

	o->rows = rows;
	o->row = row;
	o->off = unit * t_rng_below(r, 4);
	if (t_rng_below(r, 5) < 2) {
		o->stride = row;
		o->api_stride = t_rng_below(r, 3) ? 0 : row;
	} else {
		o->stride = row + unit * (1 + t_rng_below(r, 6));
		o->api_stride = o->stride;
	}
	o->size = o->off + (rows - 1) * o->stride + row +
		  unit * t_rng_below(r, 2);
	ret = mxa_buffer_new(dev, o->size, &o->buf);
	if (ret)
		return ret;
	o->map = mxa_buffer_map(o->buf);
	if (!o->map)
		return -ENOMEM;
	memset(o->map, fill, o->size);
	return 0;
}

static uint8_t *opnd_row(const struct opnd *o, size_t i)
{
	return o->map + o->off + i * o->stride;
}

static struct mxa_operand opnd_api(const struct opnd *o)
{
	struct mxa_operand op = {
		.buf = o->buf, .offset = o->off, .stride = o->api_stride,
	};

	return op;
}

static void bufs_free(struct bufs *bf)
{
	struct opnd *all[] = { &bf->a, &bf->b, &bf->sa, &bf->sb, &bf->c,
			       &bf->d };

	for (size_t i = 0; i < ARRAY_LEN(all); i++)
		if (all[i]->buf)
			mxa_buffer_del(all[i]->buf);
}

static size_t out_bytes(const struct tcase *tc)
{
	return tc->out == MXA_FMT_BF16 ? 2 : 4;
}

static int setup_job(struct mxa_device *dev, const struct tcase *tc,
		     struct t_rng *r, struct bufs *bf, struct mxa_matmul *job)
{
	size_t esz = out_bytes(tc);
	int junk = (int)t_rng_below(r, 2);
	int ret;

	memset(bf, 0, sizeof(*bf));
	memset(job, 0, sizeof(*job));
	ret = opnd_new(dev, r, &bf->a, tc->m, packed_bytes(tc->fa, tc->k), 1,
		       JUNK_ELEM);
	if (ret)
		return ret;
	for (size_t i = 0; i < tc->m; i++)
		pack_row(tc->fa, tc->a + i * tc->k, tc->k, opnd_row(&bf->a, i),
			 junk);
	ret = opnd_new(dev, r, &bf->b, tc->n, packed_bytes(tc->fb, tc->k), 1,
		       JUNK_ELEM);
	if (ret)
		return ret;
	for (size_t j = 0; j < tc->n; j++)
		pack_row(tc->fb, tc->b + j * tc->k, tc->k, opnd_row(&bf->b, j),
			 junk);
	if (tc->scale != MXA_SCALE_NONE) {
		ret = opnd_new(dev, r, &bf->sa, tc->m, tc->nb, 1, JUNK_SCALE);
		if (ret)
			return ret;
		for (size_t i = 0; i < tc->m; i++)
			memcpy(opnd_row(&bf->sa, i), tc->sa + i * tc->nb,
			       tc->nb);
		ret = opnd_new(dev, r, &bf->sb, tc->n, tc->nb, 1, JUNK_SCALE);
		if (ret)
			return ret;
		for (size_t j = 0; j < tc->n; j++)
			memcpy(opnd_row(&bf->sb, j), tc->sb + j * tc->nb,
			       tc->nb);
		job->a_scale = opnd_api(&bf->sa);
		job->b_scale = opnd_api(&bf->sb);
	}
	if (tc->has_c) {
		ret = opnd_new(dev, r, &bf->c, tc->m, 4 * (size_t)tc->n, 4,
			       JUNK_C);
		if (ret)
			return ret;
		for (size_t i = 0; i < tc->m; i++)
			for (size_t j = 0; j < tc->n; j++)
				put_le(opnd_row(&bf->c, i) + 4 * j,
				       t_float_bits(tc->c[i * tc->n + j]), 4);
		job->c = opnd_api(&bf->c);
	}
	ret = opnd_new(dev, r, &bf->d, tc->m, esz * tc->n, esz, FILL_D);
	if (ret)
		return ret;
	job->m = tc->m;
	job->n = tc->n;
	job->k = tc->k;
	job->a_format = (enum mxa_format)tc->fa;
	job->b_format = (enum mxa_format)tc->fb;
	job->scale = tc->scale;
	job->block_size = tc->req_bs;
	job->acc = tc->acc;
	job->acc_bits = tc->w;
	job->acc_interval = tc->ival;
	job->out_format = tc->out;
	job->a_tensor_scale = tc->ga;
	job->b_tensor_scale = tc->gb;
	job->a = opnd_api(&bf->a);
	job->b = opnd_api(&bf->b);
	job->d = opnd_api(&bf->d);
	return 0;
}

/* ------------------------------------------------------------- checking */

static unsigned long n_cases, n_outputs, n_bad_cases, n_dumps;

static void describe(const struct tcase *tc, char *s, size_t len)
{
	snprintf(s, len,
		 "%s #%u: m=%u n=%u k=%u %s x %s scale=%s bs=%u ga=%a gb=%a "
		 "acc=%s W=%u N=%u out=%s C=%s",
		 tc->family, tc->index, tc->m, tc->n, tc->k, fmts[tc->fa].name,
		 fmts[tc->fb].name, scale_names[tc->scale], tc->bs, tc->ga, tc->gb,
		 acc_names[tc->acc], tc->w, tc->ival,
		 tc->out == MXA_FMT_BF16 ? "bf16" : "fp32",
		 tc->has_c ? "yes" : "no");
}

static void dump_codes(const char *what, const uint8_t *c, size_t n)
{
	fprintf(stderr, "    %s:", what);
	for (size_t x = 0; x < n && x < 160; x++)
		fprintf(stderr, " %02x", c[x]);
	fprintf(stderr, n > 160 ? " ...\n" : "\n");
}

/* The inputs of one output, for the first few mismatches of a run. */
static void dump_output(const struct tcase *tc, uint32_t i, uint32_t j)
{
	dump_codes("A row", tc->a + (size_t)i * tc->k, tc->k);
	dump_codes("B column", tc->b + (size_t)j * tc->k, tc->k);
	if (tc->scale != MXA_SCALE_NONE) {
		dump_codes("SA row", tc->sa + (size_t)i * tc->nb, tc->nb);
		dump_codes("SB row", tc->sb + (size_t)j * tc->nb, tc->nb);
	}
	if (tc->has_c)
		fprintf(stderr, "    C: %#010x\n",
			t_float_bits(tc->c[(size_t)i * tc->n + j]));
}

/* Runs one job; @want_err 0 checks D, otherwise the job must fail so. */
static void check_case(struct mxa_device *dev, const struct tcase *tc,
		       int want_err)
{
	struct t_rng r;
	struct bufs bf;
	struct mxa_matmul job;
	char desc[256];
	unsigned long bad = 0;
	size_t esz = out_bytes(tc);
	struct ref rf;
	int ret;

	describe(tc, desc, sizeof(desc));
	t_rng_seed(&r, (uint64_t)tc->index * 7919 + tc->k * 31 + tc->m);
	n_cases++;
	ret = setup_job(dev, tc, &r, &bf, &job);
	if (ret) {
		T_CHECK(0, "%s: buffer setup failed: %d (%s)", desc, ret,
			mxa_last_error());
		goto out;
	}
	ret = mxa_matmul_run(dev, &job);
	if (want_err) {
		T_CHECK(ret == want_err && mxa_last_error()[0],
			"%s: returned %d, expected %d with a message (\"%s\")",
			desc, ret, want_err, mxa_last_error());
		goto out;
	}
	if (ret) {
		T_CHECK(0, "%s: mxa_matmul_run failed: %d (%s)", desc, ret,
			mxa_last_error());
		goto out;
	}
	ref_init(&rf, tc);
	for (uint32_t i = 0; i < tc->m; i++) {
		for (uint32_t j = 0; j < tc->n; j++) {
			uint32_t want = ref_output(&rf, i, j);
			uint32_t got = get_le(opnd_row(&bf.d, i) + esz * j,
					      esz);

			n_outputs++;
			if (want == got)
				continue;
			if (!bad)
				fprintf(stderr, "MISMATCH %s\n", desc);
			if (bad < 4)
				fprintf(stderr,
					"  D[%u][%u]: expected %#0*x got "
					"%#0*x\n",
					i, j, (int)esz * 2 + 2, want,
					(int)esz * 2 + 2, got);
			if (!bad && n_dumps < 4) {
				dump_output(tc, i, j);
				n_dumps++;
			}
			bad++;
		}
	}
	ref_fini(&rf);
	for (size_t p = 0; p < bf.d.size; p++) {
		size_t q = p - bf.d.off;
		int in_row = p >= bf.d.off && q / bf.d.stride < bf.d.rows &&
			     q % bf.d.stride < bf.d.row;

		if (!in_row && bf.d.map[p] != FILL_D) {
			fprintf(stderr,
				"%s: D byte %zu outside the rows was written\n",
				desc, p);
			bad++;
			break;
		}
	}
	if (bad) {
		fprintf(stderr, "  %lu of %u outputs wrong\n", bad,
			tc->m * tc->n);
		n_bad_cases++;
		t_failures++;
	}
out:
	bufs_free(&bf);
}

/* ---------------------------------------------------------- generators */

/* Element distributions. */
enum {
	D_UNIFORM,	/* the whole valid code space, specials included */
	D_FINITE,
	D_EXTREME,	/* +-max, +-min subnormal, +-0 mixed with the rest */
	D_SPARSE,	/* mostly (signed) zeros */
	D_POW2,
	D_CANCEL,	/* +-max pairs, a min subnormal, zeros: per block */
	D_MAXPOS,	/* all the largest positive value */
};

/* Scale distributions. */
enum { S_NEAR, S_WIDE, S_TINY, S_HUGE, S_MIXED };

/* C distributions. */
enum { C_NONE, C_FINITE, C_ANY, C_SPECIAL };

/* Per-tensor scale choices (nv). */
enum { G_NONE, G_BOTH, G_A, G_B, G_TINY, G_HUGE, G_EXTREME };

struct gen {
	int adist, bdist;
	unsigned spec_pm;	/* specials in A and B, per mille */
	int sadist, sbdist;
	unsigned snan_pm, szero_pm;
	int cdist;
	int gmode;
};

static uint32_t below(struct t_rng *r, uint32_t n)
{
	return t_rng_below(r, n);
}

static void fill_cancel(struct t_rng *r, const struct ftab *t, uint8_t *row,
			uint32_t k, unsigned bs)
{
	for (uint32_t k0 = 0; k0 < k; k0 += bs) {
		unsigned n = k - k0 < bs ? k - k0 : bs, perm[MAX_BS];
		unsigned pairs = below(r, n / 2 + 1), x = 0;

		for (unsigned p = 0; p < n; p++)
			perm[p] = p;
		for (unsigned p = n; p > 1; p--) {
			unsigned q = below(r, p), tmp = perm[p - 1];

			perm[p - 1] = perm[q];
			perm[q] = tmp;
		}
		for (unsigned p = 0; p < n; p++)
			row[k0 + p] = t->zero[below(r, t->nzero)];
		for (unsigned p = 0; p < pairs; p++) {
			row[k0 + perm[x++]] = t->maxpos;
			row[k0 + perm[x++]] = t->maxneg;
		}
		if (x < n)
			row[k0 + perm[x++]] = below(r, 2) ? t->minpos
							   : t->minneg;
		if (x < n && below(r, 3) == 0)
			row[k0 + perm[x++]] = t->fin[below(r, t->nfin)];
	}
}

static void fill_codes(struct t_rng *r, int fmt, int scaled, uint8_t *codes,
		       uint32_t rows, uint32_t k, unsigned bs, int dist,
		       unsigned spec_pm)
{
	const struct ftab *t = &tabs[fmt][scaled];

	for (uint32_t i = 0; i < rows; i++) {
		uint8_t *row = codes + (size_t)i * k;

		if (dist == D_CANCEL) {
			fill_cancel(r, t, row, k, bs);
			continue;
		}
		for (uint32_t kk = 0; kk < k; kk++) {
			uint8_t c;

			if (t->nspec && spec_pm && below(r, 1000) < spec_pm) {
				row[kk] = t->spec[below(r, t->nspec)];
				continue;
			}
			switch (dist) {
			case D_UNIFORM:
				c = t->all[below(r, t->nall)];
				break;
			case D_EXTREME:
				c = below(r, 2) ? t->ext[below(r, t->next)]
						: t->fin[below(r, t->nfin)];
				break;
			case D_SPARSE:
				c = below(r, 5) ? t->zero[below(r, t->nzero)]
						: t->fin[below(r, t->nfin)];
				break;
			case D_POW2:
				c = below(r, 4) ? t->pow2[below(r, t->npow2)]
						: t->zero[below(r, t->nzero)];
				break;
			case D_MAXPOS:
				c = t->maxpos;
				break;
			default:
				c = t->fin[below(r, t->nfin)];
				break;
			}
			row[kk] = c;
		}
	}
}

static uint8_t gen_scale(struct t_rng *r, enum mxa_scale_mode mode, int dist,
			 const struct gen *g)
{
	int mx = mode == MXA_SCALE_MX;

	if (g->snan_pm && below(r, 1000) < g->snan_pm)
		return mx ? 0xff : 0x7f;
	if (!mx && g->szero_pm && below(r, 1000) < g->szero_pm)
		return 0;
	if (dist == S_MIXED)
		dist = (int)below(r, 4);
	switch (dist) {
	case S_NEAR:
		return (uint8_t)(mx ? 119 + below(r, 17)
				    : 0x30 + below(r, 0x18));
	case S_TINY:
		return (uint8_t)(mx ? below(r, 24) : below(r, 0x18));
	case S_HUGE:
		return (uint8_t)(mx ? 231 + below(r, 24)
				    : 0x68 + below(r, 0x17));
	default:
		return (uint8_t)(mx ? below(r, 255) : below(r, 0x7f));
	}
}

static float gen_c(struct t_rng *r, int cdist)
{
	static const unsigned special_kinds[] = { 5, 6, 7, 8, 10, 11 };
	uint32_t sign = below(r, 2) << 31;
	uint32_t man = (uint32_t)t_rng_next(r) & 0x7fffff;
	unsigned kind;

	if (cdist == C_FINITE)
		kind = below(r, 10);
	else if (cdist == C_SPECIAL)
		kind = special_kinds[below(r, ARRAY_LEN(special_kinds))];
	else
		kind = below(r, 16);
	switch (kind) {
	case 5:		/* huge */
		return t_bits_float(sign | (228 + below(r, 27)) << 23 | man);
	case 6:		/* tiny normal */
		return t_bits_float(sign | (1 + below(r, 20)) << 23 | man);
	case 7:		/* subnormal */
		return t_bits_float(sign | man >> below(r, 23));
	case 8:
		return t_bits_float(sign);
	case 9:		/* a power of two: cancels exactly */
		return t_bits_float(sign | (117 + below(r, 21)) << 23);
	case 10:
		return t_bits_float(sign | 0x7f800000u);
	case 11:	/* NaN, quiet or signalling, any payload */
		return t_bits_float(sign | 0x7f800000u | (man ? man : 1));
	case 12: case 13: case 14: case 15:
		return t_bits_float((uint32_t)t_rng_next(r));
	default:	/* moderate */
		return t_bits_float(sign | (107 + below(r, 41)) << 23 | man);
	}
}

static float gen_g1(struct t_rng *r, int lo, int hi)
{
	uint32_t man = below(r, 3) ? (uint32_t)t_rng_next(r) & 0x7fffff : 0;
	int e = lo + (int)below(r, (uint32_t)(hi - lo + 1));

	return t_bits_float((uint32_t)(e + 127) << 23 | man);
}

static void gen_g(struct t_rng *r, int mode, float *ga, float *gb)
{
	*ga = *gb = 0;
	switch (mode) {
	case G_BOTH:
		*ga = gen_g1(r, -12, 12);
		*gb = gen_g1(r, -12, 12);
		break;
	case G_A:
		*ga = gen_g1(r, -12, 12);
		break;
	case G_B:
		*gb = gen_g1(r, -12, 12);
		break;
	case G_TINY:	/* g tiny: results in the subnormal range */
		*ga = gen_g1(r, -75, -55);
		*gb = gen_g1(r, -75, -55);
		break;
	case G_HUGE:	/* results around the overflow threshold */
		*ga = gen_g1(r, 50, 63);
		*gb = gen_g1(r, 50, 63);
		break;
	case G_EXTREME:	/* g itself underflows to 0 or overflows */
		*ga = below(r, 2) ? gen_g1(r, -126, -80) : gen_g1(r, 80, 127);
		*gb = *ga < 1 ? gen_g1(r, -126, -80) : gen_g1(r, 80, 127);
		break;
	}
}

static uint32_t pick_k(struct t_rng *r)
{
	static const uint16_t ks[] = {
		1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 96,
		100, 127, 128, 129, 160, 200, 255, 256, 257, 300,
	};

	if (below(r, 8) == 0)
		return 1 + below(r, 400);
	return ks[below(r, ARRAY_LEN(ks))];
}

static uint32_t pick_dim(struct t_rng *r)
{
	switch (below(r, 5)) {
	case 0:
		return 1;
	case 1:
		return 1 + below(r, 3);
	case 2:
		return 1 + below(r, 20);
	default:
		return 1 + below(r, 8);
	}
}

/*
 * The job's block size: the one it asks for, or its mode's (a family that
 * sets scale none after tc_random() drops the request).
 */
static unsigned tc_block(struct tcase *tc)
{
	if (tc->scale == MXA_SCALE_NONE)
		tc->req_bs = 0;
	return tc->req_bs ? tc->req_bs : block_size(tc->scale);
}

/* A kept-bits W and a promotion interval N valid for the scale mode. */
static void pick_trunc(struct t_rng *r, struct tcase *tc)
{
	static const uint32_t ws[] = { 0, 0, 4, 8, 14, 24, 32, 5, 13, 23 };
	unsigned bs = tc_block(tc);

	tc->w = below(r, 4) ? ws[below(r, ARRAY_LEN(ws))] : 4 + below(r, 29);
	switch (below(r, 9)) {
	case 0:
	case 1:
		tc->ival = 0;
		break;
	case 2:
		tc->ival = bs;
		break;
	case 3:
		tc->ival = 2 * bs;
		break;
	case 4:
		tc->ival = 64;
		break;
	case 5:
		tc->ival = 256;
		break;
	case 6:
		tc->ival = 65536;
		break;
	default:
		tc->ival = bs * (1 + below(r, 20));
		break;
	}
}

static void pick_gen(struct t_rng *r, const struct tcase *tc, struct gen *g)
{
	static const int dists[] = {
		D_UNIFORM, D_FINITE, D_FINITE, D_FINITE, D_FINITE, D_EXTREME,
		D_EXTREME, D_SPARSE, D_POW2,
	};
	static const unsigned spec_rates[] = { 0, 0, 0, 0, 2, 10, 40 };
	static const int cdists[] = {
		C_NONE, C_NONE, C_NONE, C_FINITE, C_FINITE, C_FINITE,
		C_FINITE, C_ANY, C_ANY, C_SPECIAL,
	};

	memset(g, 0, sizeof(*g));
	g->adist = dists[below(r, ARRAY_LEN(dists))];
	g->bdist = dists[below(r, ARRAY_LEN(dists))];
	g->spec_pm = spec_rates[below(r, ARRAY_LEN(spec_rates))];
	g->sadist = below(r, 3) ? S_NEAR : (int)below(r, 5);
	g->sbdist = below(r, 3) ? S_NEAR : (int)below(r, 5);
	g->snan_pm = below(r, 5) ? 0 : 10;
	g->szero_pm = below(r, 5) ? 0 : 30;
	g->cdist = cdists[below(r, ARRAY_LEN(cdists))];
	g->gmode = tc->scale == MXA_SCALE_NV ? (int)below(r, 4) : G_NONE;
}

static void tc_alloc(struct tcase *tc)
{
	tc->bs = tc_block(tc);
	tc->nb = (tc->k + tc->bs - 1) / tc->bs;
	tc->a = calloc((size_t)tc->m * tc->k, 1);
	tc->b = calloc((size_t)tc->n * tc->k, 1);
	tc->sa = calloc((size_t)tc->m * tc->nb, 1);
	tc->sb = calloc((size_t)tc->n * tc->nb, 1);
	tc->c = calloc((size_t)tc->m * tc->n, sizeof(float));
	if (!tc->a || !tc->b || !tc->sa || !tc->sb || !tc->c)
		abort();
}

static void tc_free(struct tcase *tc)
{
	free(tc->a);
	free(tc->b);
	free(tc->sa);
	free(tc->sb);
	free(tc->c);
}

static void tc_fill(struct tcase *tc, struct t_rng *r, const struct gen *g)
{
	int scaled = tc->scale != MXA_SCALE_NONE;

	fill_codes(r, tc->fa, scaled, tc->a, tc->m, tc->k, tc->bs, g->adist,
		   g->spec_pm);
	fill_codes(r, tc->fb, scaled, tc->b, tc->n, tc->k, tc->bs, g->bdist,
		   g->spec_pm);
	if (scaled) {
		for (size_t x = 0; x < (size_t)tc->m * tc->nb; x++)
			tc->sa[x] = gen_scale(r, tc->scale, g->sadist, g);
		for (size_t x = 0; x < (size_t)tc->n * tc->nb; x++)
			tc->sb[x] = gen_scale(r, tc->scale, g->sbdist, g);
	}
	tc->has_c = g->cdist != C_NONE;
	if (tc->has_c)
		for (size_t x = 0; x < (size_t)tc->m * tc->n; x++)
			tc->c[x] = gen_c(r, g->cdist);
	gen_g(r, tc->scale == MXA_SCALE_NV ? g->gmode : G_NONE, &tc->ga,
	      &tc->gb);
}

/* A random case; callers override what their family is about. */
static void tc_random(struct tcase *tc, struct t_rng *r, const char *family,
		      unsigned index)
{
	memset(tc, 0, sizeof(*tc));
	tc->family = family;
	tc->index = index;
	tc->m = pick_dim(r);
	tc->n = pick_dim(r);
	tc->k = pick_k(r);
	tc->fa = (int)below(r, NFMT);
	tc->fb = (int)below(r, NFMT);
	tc->scale = (enum mxa_scale_mode)below(r, 3);
	switch (below(r, 10)) {
	case 0:
	case 1:
	case 2:
		tc->acc = MXA_ACC_TRUNC;
		break;
	case 3:
	case 4:
		tc->acc = tc->scale == MXA_SCALE_NONE ? MXA_ACC_EXACT
						      : MXA_ACC_FP32;
		break;
	default:
		tc->acc = MXA_ACC_FP32;
		break;
	}
	tc->out = below(r, 3) ? MXA_FMT_FP32 : MXA_FMT_BF16;
	/* A quarter of the scaled jobs ask for a block size of their own. */
	if (tc->scale != MXA_SCALE_NONE && !below(r, 4))
		tc->req_bs = block_sizes[below(r, ARRAY_LEN(block_sizes))];
}

/* Settles the trunc parameters, allocates, fills from @g, checks, frees. */
static void run_random(struct mxa_device *dev, struct tcase *tc,
		       struct t_rng *r, const struct gen *g)
{
	struct gen own;

	if (tc->acc == MXA_ACC_TRUNC && !tc->trunc_set)
		pick_trunc(r, tc);
	if (!g) {
		pick_gen(r, tc, &own);
		g = &own;
	}
	tc_alloc(tc);
	tc_fill(tc, r, g);
	check_case(dev, tc, 0);
	tc_free(tc);
}

/* ------------------------------------------------------------ families */

static void seed_family(struct t_rng *r, uint64_t id)
{
	t_rng_seed(r, 0x6d78615f72656600ull ^ id);
}

/* Every format pair under every scale mode and accumulation mode. */
static void fam_pairs(struct mxa_device *dev)
{
	static const struct {
		enum mxa_scale_mode scale;
		enum mxa_acc acc;
		int gmode;
	} modes[] = {
		{ MXA_SCALE_NONE, MXA_ACC_FP32, G_NONE },
		{ MXA_SCALE_MX, MXA_ACC_FP32, G_NONE },
		{ MXA_SCALE_NV, MXA_ACC_FP32, G_NONE },
		{ MXA_SCALE_NV, MXA_ACC_FP32, G_BOTH },
		{ MXA_SCALE_NONE, MXA_ACC_TRUNC, G_NONE },
		{ MXA_SCALE_MX, MXA_ACC_TRUNC, G_NONE },
		{ MXA_SCALE_NV, MXA_ACC_TRUNC, G_BOTH },
		{ MXA_SCALE_NONE, MXA_ACC_EXACT, G_NONE },
	};
	struct t_rng r;
	struct tcase tc;
	struct gen g;
	unsigned idx = 0;

	seed_family(&r, 1);
	for (int fa = 0; fa < NFMT; fa++)
		for (int fb = 0; fb < NFMT; fb++)
			for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
				for (int rep = 0; rep < 10; rep++) {
					tc_random(&tc, &r, "pairs", idx++);
					tc.fa = fa;
					tc.fb = fb;
					tc.scale = modes[m].scale;
					tc.acc = modes[m].acc;
					pick_gen(&r, &tc, &g);
					g.gmode = modes[m].gmode;
					run_random(dev, &tc, &r, &g);
				}
			}
}

/* The K values around block edges, with M = 1 or N = 1. */
static void fam_shapes(struct mxa_device *dev)
{
	static const uint32_t ks[] = {
		1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65,
		100, 127, 128, 129, 255, 256, 257, 383, 384, 385, 600,
	};
	struct t_rng r;
	struct tcase tc;
	unsigned idx = 0;

	seed_family(&r, 2);
	for (size_t x = 0; x < ARRAY_LEN(ks); x++)
		for (int rep = 0; rep < 16; rep++) {
			tc_random(&tc, &r, "shapes", idx++);
			tc.k = ks[x];
			if (rep & 1)
				tc.m = 1;
			if (rep & 2)
				tc.n = 1;
			if (rep == 4)
				tc.m = 12 + below(&r, 5);
			run_random(dev, &tc, &r, NULL);
		}
}

/* The reduced-precision accumulator over many W, N and K. */
static void fam_trunc(struct mxa_device *dev)
{
	static const uint32_t ws[] = { 0, 4, 8, 14, 24, 32 };
	static const uint32_t ivals[] = { 0, 32, 64, 128, 256, 65536 };
	struct t_rng r;
	struct tcase tc;
	unsigned idx = 0;

	seed_family(&r, 3);
	for (size_t w = 0; w < ARRAY_LEN(ws); w++)
		for (size_t v = 0; v < ARRAY_LEN(ivals); v++)
			for (int rep = 0; rep < 10; rep++) {
				uint32_t span;

				tc_random(&tc, &r, "trunc", idx++);
				tc.acc = MXA_ACC_TRUNC;
				tc.w = ws[w];
				tc.ival = ivals[v];
				tc.trunc_set = 1;
				/* N must be a multiple of the block. */
				if (tc.ival % tc_block(&tc))
					tc.req_bs = 0;
				span = ivals[v] && ivals[v] < 300 ? ivals[v]
								  : 128;
				tc.k = 1 + below(&r, 2 * span + 40);
				run_random(dev, &tc, &r, NULL);
			}
	for (int rep = 0; rep < 200; rep++) {
		tc_random(&tc, &r, "trunc", idx++);
		tc.acc = MXA_ACC_TRUNC;
		tc.k = 1 + below(&r, 600);
		run_random(dev, &tc, &r, NULL);
	}
}

/* Inputs built to make exactness, ranges and specials matter. */
static void fam_stress(struct mxa_device *dev)
{
	struct t_rng r;
	struct tcase tc;
	struct gen g;
	unsigned idx = 0;

	seed_family(&r, 4);
	/* x + tiny - x: only exact block sums keep the tiny term */
	for (int rep = 0; rep < 400; rep++) {
		tc_random(&tc, &r, "cancel", idx++);
		if (tc.scale == MXA_SCALE_NONE && below(&r, 3) == 0)
			tc.acc = MXA_ACC_EXACT;
		pick_gen(&r, &tc, &g);
		g.adist = D_CANCEL;
		g.bdist = below(&r, 2) ? D_MAXPOS : D_EXTREME;
		g.spec_pm = 0;
		g.snan_pm = g.szero_pm = 0;
		if (below(&r, 2)) {
			int t = tc.fa;

			tc.fa = tc.fb;
			tc.fb = t;
			g.adist = g.bdist;
			g.bdist = D_CANCEL;
		}
		run_random(dev, &tc, &r, &g);
	}
	/* results in the float32 subnormal range and around overflow */
	for (int rep = 0; rep < 600; rep++) {
		int tiny = rep & 1;

		tc_random(&tc, &r, tiny ? "subnormal" : "overflow", idx++);
		tc.scale = below(&r, 2) ? MXA_SCALE_MX : MXA_SCALE_NV;
		if (tc.acc == MXA_ACC_EXACT)
			tc.acc = MXA_ACC_FP32;
		pick_gen(&r, &tc, &g);
		g.snan_pm = g.szero_pm = 0;
		g.sadist = tiny ? S_TINY : S_HUGE;
		g.sbdist = below(&r, 2) ? g.sadist : S_NEAR;
		if (tc.scale == MXA_SCALE_NV)
			g.gmode = tiny ? G_TINY : G_HUGE;
		if (below(&r, 2))
			g.adist = g.bdist = D_EXTREME;
		run_random(dev, &tc, &r, &g);
	}
	/* per-tensor scales whose product underflows or overflows */
	for (int rep = 0; rep < 60; rep++) {
		tc_random(&tc, &r, "g-extreme", idx++);
		tc.scale = MXA_SCALE_NV;
		if (tc.acc == MXA_ACC_EXACT)
			tc.acc = MXA_ACC_FP32;
		pick_gen(&r, &tc, &g);
		g.gmode = G_EXTREME;
		run_random(dev, &tc, &r, &g);
	}
	/* integer operands */
	for (int rep = 0; rep < 300; rep++) {
		int ints[NFMT], n_ints = 0;

		for (int f = 0; f < NFMT; f++)
			if (fmts[f].enc == MXA_HW_FMT_ENC_INT ||
			    fmts[f].enc == MXA_HW_FMT_ENC_TERNARY)
				ints[n_ints++] = f;
		tc_random(&tc, &r, "int", idx++);
		tc.fa = below(&r, 4) ? ints[below(&r, n_ints)] : tc.fa;
		tc.fb = ints[below(&r, n_ints)];
		if (below(&r, 2)) {
			int t = tc.fa;

			tc.fa = tc.fb;
			tc.fb = t;
		}
		run_random(dev, &tc, &r, NULL);
	}
	/* specials everywhere: codes, scales, C */
	for (int rep = 0; rep < 400; rep++) {
		tc_random(&tc, &r, "specials", idx++);
		if (below(&r, 2))
			tc.fa = MXA_FMT_E5M2;
		if (below(&r, 2))
			tc.fb = below(&r, 2) ? MXA_FMT_E5M2 : MXA_FMT_E4M3;
		pick_gen(&r, &tc, &g);
		g.adist = below(&r, 2) ? D_UNIFORM : D_SPARSE;
		g.bdist = below(&r, 2) ? D_UNIFORM : D_SPARSE;
		g.spec_pm = below(&r, 2) ? 5 : 30;
		g.snan_pm = below(&r, 2) ? 0 : 20;
		g.szero_pm = below(&r, 2) ? 0 : 100;
		g.cdist = below(&r, 2) ? C_SPECIAL : C_ANY;
		run_random(dev, &tc, &r, &g);
	}
}

/*
 * Shapes past the tiles and panels an implementation is likely to cut the
 * matrices into: hundreds of rows, over a thousand columns, K over 512.
 */
static void fam_big(struct mxa_device *dev)
{
	static const struct {
		uint32_t m, n, k;
	} shapes[] = {
		{ 100, 40, 300 }, { 97, 17, 520 }, { 35, 34, 530 },
		{ 3, 1030, 40 }, { 1030, 2, 33 }, { 2, 2, 4200 },
		{ 7, 9, 1100 }, { 40, 70, 64 },
	};
	struct t_rng r;
	struct tcase tc;
	unsigned idx = 0;

	seed_family(&r, 8);
	for (size_t x = 0; x < ARRAY_LEN(shapes); x++)
		for (int rep = 0; rep < 6; rep++) {
			tc_random(&tc, &r, "big", idx++);
			tc.m = shapes[x].m;
			tc.n = shapes[x].n;
			tc.k = shapes[x].k;
			/* the two widest pairs need more than double */
			if (rep < 2)
				tc.fa = tc.fb = rep ? MXA_FMT_E4M3
						    : MXA_FMT_E5M2;
			if (rep < 3 && tc.acc != MXA_ACC_EXACT)
				tc.acc = MXA_ACC_FP32;
			run_random(dev, &tc, &r, NULL);
		}
}

/* Product exponent -> a pair of positive power-of-two codes making it. */
struct pow2_pairs {
	int ok[512];
	uint8_t ca[512], cb[512];
};

#define PP_BIAS 256

static void build_pow2_pairs(struct pow2_pairs *pp, int fa, int fb,
			     int scaled)
{
	const struct ftab *ta = &tabs[fa][scaled], *tb = &tabs[fb][scaled];

	memset(pp, 0, sizeof(*pp));
	for (unsigned x = 0; x < ta->npow2; x++)
		for (unsigned y = 0; y < tb->npow2; y++) {
			const struct val *va = &ta->val[ta->pow2[x]];
			const struct val *vb = &tb->val[tb->pow2[y]];
			int e;

			if (va->v < 0 || vb->v < 0)
				continue;
			e = ilogb(val_d(va)) + ilogb(val_d(vb)) + PP_BIAS;
			pp->ok[e] = 1;
			pp->ca[e] = ta->pow2[x];
			pp->cb[e] = tb->pow2[y];
		}
}

static int pp_ok(const struct pow2_pairs *pp, long e)
{
	return e + PP_BIAS >= 0 && e + PP_BIAS < 512 && pp->ok[e + PP_BIAS];
}

/*
 * One block whose exact scaled sum is a binary32 rounding tie (2^x plus half
 * an ulp), optionally made odd by one ulp or pushed off the tie by a sticky
 * term; under mx, also ties of the subnormal range.
 */
static void tie_case(struct mxa_device *dev, struct t_rng *r, int fa, int fb,
		     enum mxa_scale_mode scale, unsigned idx)
{
	const struct ftab *tb = &tabs[fb][scale != MXA_SCALE_NONE];
	struct pow2_pairs pp;
	struct tcase tc;
	struct gen g;
	long x = 0, s = 0, ea = 0, eb = 0, y = 0, u = 0, rexp;
	unsigned pos[4], npos = 0, t0, bs;
	int found = 0, neg = (int)below(r, 2);

	build_pow2_pairs(&pp, fa, fb, scale != MXA_SCALE_NONE);
	for (int tries = 0; tries < 300 && !found; tries++) {
		x = (long)below(r, 512) - PP_BIAS;
		if (!pp_ok(&pp, x))
			continue;
		if (scale == MXA_SCALE_MX) {
			if (below(r, 2)) {
				rexp = -149 + (long)below(r, 24);
				s = rexp - x;
			} else {
				s = (long)below(r, 41) - 20;
			}
			if (s < -254 || s > 254)
				continue;
			ea = s / 2;
			eb = s - ea;
		} else if (scale == MXA_SCALE_NV) {
			ea = (long)below(r, 18) - 9;
			eb = (long)below(r, 18) - 9;
			s = ea + eb;
		}
		rexp = x + s;
		u = (rexp < -126 ? -126 : rexp) - 23;
		y = u - 1 - s;
		found = y < x && pp_ok(&pp, y);
	}
	if (!found)
		return;

	memset(&tc, 0, sizeof(tc));
	tc.family = "ties";
	tc.index = idx;
	tc.m = tc.n = 1;
	tc.fa = fa;
	tc.fb = fb;
	tc.scale = scale;
	bs = block_size(scale);
	tc.k = bs * (1 + below(r, 3)) - below(r, bs / 2);
	tc.out = below(r, 4) ? MXA_FMT_FP32 : MXA_FMT_BF16;
	switch (below(r, 5)) {
	case 0:
		tc.acc = MXA_ACC_TRUNC;
		tc.w = 24 + below(r, 9);
		tc.trunc_set = 1;
		break;
	case 1:
		tc.acc = scale == MXA_SCALE_NONE ? MXA_ACC_EXACT : MXA_ACC_FP32;
		break;
	default:
		tc.acc = MXA_ACC_FP32;
		break;
	}
	pick_gen(r, &tc, &g);
	g.adist = g.bdist = below(r, 2) ? D_SPARSE : D_FINITE;
	g.spec_pm = g.snan_pm = g.szero_pm = 0;
	g.sadist = g.sbdist = S_NEAR;
	g.cdist = below(r, 2) ? C_NONE : C_FINITE;
	g.gmode = G_NONE;
	tc_alloc(&tc);
	tc_fill(&tc, r, &g);

	/* the tie block: zeros but for the chosen products */
	t0 = below(r, tc.nb);
	for (unsigned k = t0 * bs; k < tc.k && k < (t0 + 1) * bs; k++)
		tc.a[k] = tc.b[k] = 0;
	while (npos < 4 && npos < tc.k - t0 * bs && npos < bs) {
		unsigned p = t0 * bs + below(r, bs), dup = 0;

		for (unsigned q = 0; q < npos; q++)
			dup |= pos[q] == p;
		if (p < tc.k && !dup)
			pos[npos++] = p;
	}
	{
		long want[4] = { x, y, LONG_MIN, LONG_MIN };
		int sign[4] = { neg, neg, neg, (int)below(r, 2) };

		if (below(r, 2) && pp_ok(&pp, u - s) && u - s != y)
			want[2] = u - s;
		if (below(r, 3) == 0) {
			long d = y - 1 - (long)below(r, 12);

			if (pp_ok(&pp, d))
				want[3] = d;
		}
		for (unsigned q = 0; q < npos; q++) {
			long e = want[q] + PP_BIAS;

			if (want[q] == LONG_MIN)
				continue;
			tc.a[pos[q]] = pp.ca[e];
			tc.b[pos[q]] = sign[q] ? tb->neg[pp.cb[e]] : pp.cb[e];
		}
	}
	if (scale == MXA_SCALE_MX) {
		tc.sa[t0] = (uint8_t)(ea + 127);
		tc.sb[t0] = (uint8_t)(eb + 127);
	} else if (scale == MXA_SCALE_NV) {
		/* ue4m3 2^e: subnormal 0x01 << (e + 9) below 2^-6 */
		tc.sa[t0] = (uint8_t)(ea < -6 ? 1 << (ea + 9) : (ea + 7) << 3);
		tc.sb[t0] = (uint8_t)(eb < -6 ? 1 << (eb + 9) : (eb + 7) << 3);
	}
	check_case(dev, &tc, 0);
	tc_free(&tc);
}

static void fam_ties(struct mxa_device *dev)
{
	struct t_rng r;
	unsigned idx = 0;

	seed_family(&r, 5);
	for (int fa = 0; fa < NFMT; fa++)
		for (int fb = 0; fb < NFMT; fb++)
			for (int rep = 0; rep < 48; rep++)
				tie_case(dev, &r, fa, fb,
					 (enum mxa_scale_mode)(rep % 3), idx++);
}

/* Fixed inputs for the cases the definitions single out. */
static void fam_targeted(struct mxa_device *dev)
{
	static const struct {
		int fa, fb;
		enum mxa_scale_mode scale;
		enum mxa_acc acc;
		enum mxa_format out;
		int has_c;
		uint32_t c;
		uint8_t a[4], b[4], sa, sb;
	} cases[] = {
		/*
		 * bf16(fl32(1 + 2^-8 + 2^-30)): the float result is the
		 * BF16 tie, which goes to even (0x3f80); rounding the exact
		 * value to BF16 directly would give 0x3f81.
		 */
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT,
		  MXA_FMT_BF16, 1, 0x3f808000, { 0x02 }, { 0x02 }, 0, 0 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_FP32,
		  MXA_FMT_BF16, 1, 0x3f808000, { 0x02 }, { 0x02 }, 0, 0 },
		/* infinity x infinity, with a finite product beside it */
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_FP32,
		  MXA_FMT_FP32, 0, 0, { 0x7c, 0x3c }, { 0xfc, 0x3c }, 0, 0 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_TRUNC,
		  MXA_FMT_FP32, 0, 0, { 0x7c, 0x3c }, { 0x7c, 0x3c }, 127, 1 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT,
		  MXA_FMT_FP32, 1, 0xff800000, { 0xfc }, { 0x7c }, 0, 0 },
		/* infinity x -0 */
		{ MXA_FMT_E5M2, MXA_FMT_E3M2, MXA_SCALE_NONE, MXA_ACC_FP32,
		  MXA_FMT_FP32, 0, 0, { 0x7c }, { 0x20 }, 0, 0 },
		/* an infinite product under a zero nv scale is NaN */
		{ MXA_FMT_E5M2, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32,
		  MXA_FMT_FP32, 0, 0, { 0x7c }, { 0x2 }, 0x00, 0x38 },
		/* a zero nv scale with finite products gives +0 */
		{ MXA_FMT_E4M3, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32,
		  MXA_FMT_FP32, 1, 0x80000000, { 0xc0 }, { 0x2 }, 0x00, 0x38 },
		/* a NaN scale with zero products is NaN */
		{ MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_MX, MXA_ACC_FP32,
		  MXA_FMT_BF16, 0, 0, { 0x00 }, { 0x80 }, 0xff, 127 },
		/* -0 + (a negative block that underflows to -0) is -0 */
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_FP32,
		  MXA_FMT_FP32, 1, 0x80000000, { 0x81 }, { 0x01 }, 0, 0 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_FP32,
		  MXA_FMT_BF16, 1, 0x80000000, { 0x81 }, { 0x01 }, 0, 0 },
		/* -0 + a zero block is +0; exact mode: an exact zero is +0 */
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_FP32,
		  MXA_FMT_FP32, 1, 0x80000000, { 0x80 }, { 0x3c }, 0, 0 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT,
		  MXA_FMT_FP32, 1, 0x80000000, { 0x80 }, { 0x3c }, 0, 0 },
		/* a signalling NaN in C comes out as the canonical NaN */
		{ MXA_FMT_INT8, MXA_FMT_INT8, MXA_SCALE_NONE, MXA_ACC_FP32,
		  MXA_FMT_FP32, 1, 0xff800001, { 0x01 }, { 0x01 }, 0, 0 },
		{ MXA_FMT_INT8, MXA_FMT_INT8, MXA_SCALE_NONE, MXA_ACC_EXACT,
		  MXA_FMT_BF16, 1, 0xffc00123, { 0x01 }, { 0x01 }, 0, 0 },
		/* the largest products: e5m2 max squared, both signs */
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_FP32,
		  MXA_FMT_FP32, 0, 0, { 0x7b, 0xfb, 0x01 },
		  { 0x7b, 0x7b, 0x01 }, 254, 254 },
		{ MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT,
		  MXA_FMT_FP32, 1, 0x00000001, { 0x7b, 0xfb, 0x01 },
		  { 0x7b, 0x7b, 0x01 }, 0, 0 },
	};
	struct tcase tc;

	for (size_t x = 0; x < ARRAY_LEN(cases); x++) {
		memset(&tc, 0, sizeof(tc));
		tc.family = "targeted";
		tc.index = (unsigned)x;
		tc.m = tc.n = 1;
		tc.k = 4;
		tc.fa = cases[x].fa;
		tc.fb = cases[x].fb;
		tc.scale = cases[x].scale;
		tc.acc = cases[x].acc;
		tc.out = cases[x].out;
		tc_alloc(&tc);
		memcpy(tc.a, cases[x].a, 4);
		memcpy(tc.b, cases[x].b, 4);
		tc.sa[0] = cases[x].sa;
		tc.sb[0] = cases[x].sb;
		tc.has_c = cases[x].has_c;
		tc.c[0] = t_bits_float(cases[x].c);
		check_case(dev, &tc, 0);
		tc_free(&tc);
	}

	/*
	 * trunc: P = 2^-120 from a block under small mx scales, then a block
	 * whose products are all zero under the largest scales, so that the
	 * (zero) terms sit 2^370 above the kept window of P.
	 */
	memset(&tc, 0, sizeof(tc));
	tc.family = "targeted";
	tc.index = ARRAY_LEN(cases);
	tc.m = tc.n = 1;
	tc.k = 64;
	tc.fa = tc.fb = MXA_FMT_E3M2;
	tc.scale = MXA_SCALE_MX;
	tc.acc = MXA_ACC_TRUNC;
	tc.trunc_set = 1;
	tc.out = MXA_FMT_FP32;
	tc_alloc(&tc);
	tc.a[0] = tc.b[0] = 0x0c;	/* 1.0 */
	tc.a[40] = 0x0c;
	tc.sa[0] = tc.sb[0] = 127 - 60;
	tc.sa[1] = tc.sb[1] = 254;
	check_case(dev, &tc, 0);
	tc_free(&tc);
}

/* Where to put an invalid code: anywhere, or the last row or element. */
static size_t bad_index(struct t_rng *r, uint32_t rows, uint32_t cols)
{
	uint32_t i = below(r, rows), j = below(r, cols);

	switch (below(r, 4)) {
	case 0:
		j = cols - 1;
		break;
	case 1:
		i = rows - 1;
		break;
	}
	return (size_t)i * cols + j;
}

/* Invalid codes anywhere in the operands make the job fail. */
static void fam_invalid(struct mxa_device *dev)
{
	struct t_rng r;
	struct tcase tc;
	struct gen g;
	unsigned idx = 0;

	seed_family(&r, 6);
	for (int rep = 0; rep < 60; rep++) {
		int where = rep % 4;	/* A, B, SA, SB */

		tc_random(&tc, &r, "invalid", idx++);
		if (where < 2) {
			if (where == 0)
				tc.fa = MXA_FMT_TERNARY;
			else
				tc.fb = MXA_FMT_TERNARY;
		} else {
			tc.scale = MXA_SCALE_NV;
			if (tc.acc == MXA_ACC_EXACT)
				tc.acc = MXA_ACC_FP32;
		}
		if (rep % 3 == 2) {	/* deep in K, in a late row */
			tc.k = 4097 + below(&r, 300);
			tc.m = 33 + below(&r, 8);
		}
		if (tc.acc == MXA_ACC_TRUNC)
			pick_trunc(&r, &tc);
		pick_gen(&r, &tc, &g);
		tc_alloc(&tc);
		tc_fill(&tc, &r, &g);
		switch (where) {
		case 0:
			tc.a[bad_index(&r, tc.m, tc.k)] = 2;
			break;
		case 1:
			tc.b[bad_index(&r, tc.n, tc.k)] = 2;
			break;
		case 2:
			tc.sa[bad_index(&r, tc.m, tc.nb)] =
				(uint8_t)(0x80 | below(&r, 128));
			break;
		default:
			tc.sb[bad_index(&r, tc.n, tc.nb)] =
				(uint8_t)(0x80 | below(&r, 128));
			break;
		}
		check_case(dev, &tc, -EINVAL);
		tc_free(&tc);
	}
}

/* Jobs outside the definitions of section 5 are refused. */
static void fam_rejected(struct mxa_device *dev)
{
	enum {
		R_EXACT_MX, R_EXACT_NV, R_G_NONE, R_G_MX, R_G_NEG, R_G_NAN,
		R_G_INF, R_W_LOW, R_W_HIGH, R_N_ODD, R_N_SMALL, R_N_BIG,
		R_K0, R_M0, R_N0, R_OUT, R_FMT, R_COUNT
	};
	struct t_rng r;
	struct tcase tc;
	struct gen g;

	seed_family(&r, 7);
	for (int x = 0; x < R_COUNT; x++) {
		struct bufs bf;
		struct mxa_matmul job;
		char desc[256];
		int ret;

		tc_random(&tc, &r, "rejected", (unsigned)x);
		tc.acc = MXA_ACC_FP32;
		tc.scale = MXA_SCALE_NV;
		pick_gen(&r, &tc, &g);
		tc_alloc(&tc);
		tc_fill(&tc, &r, &g);
		ret = setup_job(dev, &tc, &r, &bf, &job);
		if (ret) {
			T_CHECK(0, "rejected #%d: buffer setup failed: %d", x,
				ret);
			bufs_free(&bf);
			tc_free(&tc);
			continue;
		}
		switch (x) {
		case R_EXACT_MX:
			job.scale = MXA_SCALE_MX;
			job.acc = MXA_ACC_EXACT;
			job.a_tensor_scale = job.b_tensor_scale = 0;
			break;
		case R_EXACT_NV:
			job.acc = MXA_ACC_EXACT;
			job.a_tensor_scale = job.b_tensor_scale = 0;
			break;
		case R_G_NONE:
			job.scale = MXA_SCALE_NONE;
			job.a_tensor_scale = 2;
			break;
		case R_G_MX:
			job.scale = MXA_SCALE_MX;
			job.b_tensor_scale = 0.5f;
			break;
		case R_G_NEG:
			job.a_tensor_scale = -1;
			break;
		case R_G_NAN:
			job.b_tensor_scale = NAN;
			break;
		case R_G_INF:
			job.a_tensor_scale = INFINITY;
			break;
		case R_W_LOW:
			job.acc = MXA_ACC_TRUNC;
			job.acc_bits = 3;
			break;
		case R_W_HIGH:
			job.acc = MXA_ACC_TRUNC;
			job.acc_bits = 33;
			break;
		case R_N_ODD:
			job.acc = MXA_ACC_TRUNC;
			job.scale = MXA_SCALE_MX;
			job.a_tensor_scale = job.b_tensor_scale = 0;
			job.acc_interval = 48;	/* not a multiple of 32 */
			break;
		case R_N_SMALL:
			job.acc = MXA_ACC_TRUNC;
			job.acc_interval = 8;
			break;
		case R_N_BIG:
			job.acc = MXA_ACC_TRUNC;
			job.acc_interval = 65536 + 16;
			break;
		case R_K0:
			job.k = 0;
			break;
		case R_M0:
			job.m = 0;
			break;
		case R_N0:
			job.n = 0;
			break;
		case R_OUT:
			job.out_format = MXA_FMT_E4M3;
			break;
		default:
			job.a_format = MXA_FMT_E8M0;
			break;
		}
		describe(&tc, desc, sizeof(desc));
		ret = mxa_matmul_run(dev, &job);
		T_CHECK(ret == -EINVAL && mxa_last_error()[0],
			"rejected #%d (%s): returned %d (\"%s\")", x, desc, ret,
			mxa_last_error());
		bufs_free(&bf);
		tc_free(&tc);
	}
}

int main(void)
{
	struct mxa_device *dev;
	struct timespec t0, t1;
	int ret;

	mpfr_inits2(REF_PREC, rq, rn, blk, term, pacc, bfx, (mpfr_ptr)0);
	for (int i = 0; i <= MAX_BS; i++)
		mpfr_init2(terms[i], REF_PREC);
	build_tables();
	check_tables();
	check_rounding();
	for (int f = 0; f < NFMT; f++)
		for (size_t k = 1; k < 100; k++)
			T_CHECK(mxa_packed_size((enum mxa_format)f, k) ==
				packed_bytes(f, k),
				"mxa_packed_size(%s, %zu)", fmts[f].name, k);
	if (t_failures)
		return t_exit();

	ret = mxa_device_open("emu", &dev);
	if (ret) {
		fprintf(stderr, "mxa_device_open(emu): %d (%s)\n", ret,
			mxa_last_error());
		return T_FAIL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fam_targeted(dev);
	fam_pairs(dev);
	fam_shapes(dev);
	fam_trunc(dev);
	fam_stress(dev);
	fam_ties(dev);
	fam_big(dev);
	fam_invalid(dev);
	fam_rejected(dev);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	mxa_device_close(dev);

	printf("%lu jobs, %lu outputs, %lu reference products, "
	       "%lu jobs with wrong outputs (%.1f s)\n",
	       n_cases, n_outputs, n_products, n_bad_cases,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
	for (int i = 0; i <= MAX_BS; i++)
		mpfr_clear(terms[i]);
	mpfr_clears(rq, rn, blk, term, pacc, bfx, (mpfr_ptr)0);
	mpfr_free_cache();
	return t_exit();
}
