// SPDX-License-Identifier: MIT
/*
 * test_matmul.c - "mxa matmul" on the emu device: small products worked
 * out by hand, and larger ones against a reference that follows
 * docs/numerics.md section 5.1 in double arithmetic on inputs chosen so
 * that every double step is exact; C input, BF16 output, MX and NV scales,
 * per-tensor scales, the trunc and exact accumulators, int8 and Fortran
 * inputs; and every way the command must refuse to run.
 */
#include "tool_test.h"

enum { SC_NONE, SC_MX, SC_NV };

/* A problem as the reference sees it; codes one per byte, row-major. */
struct mm {
	const char *afmt, *bfmt;
	int scale;
	size_t m, n, k;
	const uint8_t *a, *b, *sa, *sb;
	const float *c;		/* NULL: none */
	float ga, gb;		/* 0: none */
	unsigned bs;		/* --block-size; 0: the scale mode's */
};

static unsigned block_of(const struct mm *p)
{
	return p->bs ? p->bs : p->scale == SC_NV ? 16 : 32;
}

static double value(const char *fmt, uint8_t code, int scaled)
{
	double v = 0;

	T_CHECK(t_decode((unsigned)t_fmt_index(fmt), code, &v),
		"test bug: invalid %s code 0x%02x", fmt, code);
	if (scaled && !strcmp(fmt, "int8"))
		v = ldexp(v, -6);
	return v;
}

/*
 * Section 5.1 for finite inputs: per block, r = fl32(sum * sa * sb),
 * r = r (x) g, acc = acc (+) r. The callers keep every product, block sum
 * and scaled sum exact in double, so (float) of it is the one rounding.
 */
static float reference(const struct mm *p, size_t i, size_t j)
{
	unsigned bs = block_of(p);
	size_t nb = (p->k + bs - 1) / bs;
	float acc = p->c ? p->c[i * p->n + j] : 0.0f;
	float g = (p->ga ? p->ga : 1.0f) * (p->gb ? p->gb : 1.0f);

	for (size_t t = 0; t < nb; t++) {
		double s = 0, sa = 1, sb = 1;
		float r;

		for (size_t k = t * bs; k < p->k && k < (t + 1) * bs; k++)
			s += value(p->afmt, p->a[i * p->k + k], p->scale) *
			     value(p->bfmt, p->b[k * p->n + j], p->scale);
		if (p->scale != SC_NONE) {
			const char *sf = p->scale == SC_MX ? "e8m0" : "ue4m3";

			sa = value(sf, p->sa[i * nb + t], 0);
			sb = value(sf, p->sb[t * p->n + j], 0);
		}
		r = (float)(s * sa * sb);
		if (r == 0)
			r = 0.0f;	/* a zero block is +0 */
		if (p->scale == SC_NV)
			r = r * g;
		acc = acc + r;
	}
	return acc;
}

static void write_codes(const char *path, const char *descr, size_t rows,
			size_t cols, const uint8_t *codes)
{
	t_npy(path, descr, 0, 2, (size_t[]){ rows, cols }, codes, rows * cols);
}

static void write_f32(const char *path, size_t rows, size_t cols,
		      const float *x)
{
	t_npy_f32(path, 2, (size_t[]){ rows, cols }, x);
}

/* Reads D.npy (M, N) into @d; returns 0 when it is there and well-formed. */
static int read_d(int line, size_t m, size_t n, float *d)
{
	float *x = t_npy_read_f32(line, "d.npy", 2, (size_t[]){ m, n });

	if (!x)
		return -1;
	memcpy(d, x, m * n * sizeof(*d));
	free(x);
	unlink("d.npy");
	return 0;
}

/*
 * Writes the operands of @p, runs matmul with @extra options (a NULL-ended
 * list, may be empty) and compares D bit for bit with the reference.
 */
static void run_case(int line, const struct mm *p, const char *const *extra)
{
	unsigned bs = block_of(p);
	size_t nb = (p->k + bs - 1) / bs;
	char ga[32], gb[32], bsz[32];
	const char *args[48];
	float d[64 * 64];
	size_t a = 0;

	write_codes("a.npy", "|u1", p->m, p->k, p->a);
	write_codes("b.npy", "|u1", p->k, p->n, p->b);
	args[a++] = "matmul";
	args[a++] = "--a-format";
	args[a++] = p->afmt;
	args[a++] = "--b-format";
	args[a++] = p->bfmt;
	args[a++] = "--a=a.npy";
	args[a++] = "--b=b.npy";
	args[a++] = "--out=d.npy";
	if (p->scale != SC_NONE) {
		write_codes("sa.npy", "|u1", p->m, nb, p->sa);
		write_codes("sb.npy", "|u1", nb, p->n, p->sb);
		args[a++] = p->scale == SC_MX ? "--scale=mx" : "--scale=nv";
		args[a++] = "--a-scale=sa.npy";
		args[a++] = "--b-scale=sb.npy";
	}
	if (p->bs) {
		snprintf(bsz, sizeof(bsz), "--block-size=%u", p->bs);
		args[a++] = bsz;
	}
	if (p->ga) {
		snprintf(ga, sizeof(ga), "%a", p->ga);
		args[a++] = "--a-tensor-scale";
		args[a++] = ga;
	}
	if (p->gb) {
		snprintf(gb, sizeof(gb), "%.9g", p->gb);
		args[a++] = "--b-tensor-scale";
		args[a++] = gb;
	}
	if (p->c) {
		write_f32("c.npy", p->m, p->n, p->c);
		args[a++] = "--c";
		args[a++] = "c.npy";
	}
	while (*extra)
		args[a++] = *extra++;
	args[a] = NULL;

	if (t_ok_at(line, args) && !read_d(line, p->m, p->n, d)) {
		for (size_t i = 0; i < p->m; i++)
			for (size_t j = 0; j < p->n; j++) {
				float want = reference(p, i, j);

				T_CHECK(t_float_bits(d[i * p->n + j]) ==
					t_float_bits(want),
					"line %d: D[%zu][%zu] = %a, want %a",
					line, i, j, d[i * p->n + j], want);
			}
	}
	unlink("a.npy");
	unlink("b.npy");
	unlink("sa.npy");
	unlink("sb.npy");
	unlink("c.npy");
}

#define RUN(p, ...) run_case(__LINE__, p, (const char *const[]){ __VA_ARGS__ NULL })

/*
 * 2x3x2 in e2m1, by hand:
 *	A = | 1  2  -0.5 |	B = | 1   -1 |
 *	    | 6  0   1.5 |	    | 0.5  2 |
 *				    | 4    3 |
 *	A x B = | 1 + 1 - 2   -1 + 4 - 1.5 | = |  0   1.5 |
 *		| 6 + 0 + 6   -6 + 0 + 4.5 |   | 12  -1.5 |
 */
static const uint8_t hand_a[6] = { 0x2, 0x4, 0x9, 0x7, 0x0, 0x3 };
static const uint8_t hand_b[6] = { 0x2, 0xA, 0x1, 0x4, 0x6, 0x5 };

static void test_by_hand(void)
{
	static const float c[4] = { 0.25f, -1, 0.5f, 100 };
	float d[4];

	write_codes("a.npy", "|u1", 2, 3, hand_a);
	write_codes("b.npy", "|u1", 3, 2, hand_b);
	if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "e2m1",
		 "--a", "a.npy", "--b", "b.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 2, 2, d))
		T_CHECK(t_float_bits(d[0]) == 0 && d[1] == 1.5f &&
			d[2] == 12 && d[3] == -1.5f,
			"e2m1 2x3x2: %g %g %g %g", d[0], d[1], d[2], d[3]);

	/* With C; --device emu and the defaults spelled out change nothing. */
	write_f32("c.npy", 2, 2, c);
	if (t_ok("matmul", "--device", "emu", "--a-format", "e2m1",
		 "--b-format", "e2m1", "--scale", "none", "--acc", "fp32",
		 "--out-format", "fp32", "--a", "a.npy", "--b", "b.npy",
		 "--c", "c.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 2, 2, d))
		T_CHECK(d[0] == 0.25f && d[1] == 0.5f && d[2] == 12.5f &&
			d[3] == 98.5f, "e2m1 2x3x2 + C: %g %g %g %g", d[0],
			d[1], d[2], d[3]);

	/*
	 * BF16 output: 1 + 2^-8 + 2^-10 lies above the midpoint 1 + 2^-8 of
	 * 1 and 1 + 2^-7, so it rounds up (0x3F81); 2.5 + 2^-8 - 1.5 is that
	 * midpoint itself and goes to the even 1.0 (0x3F80). A NaN in C
	 * comes out as the canonical NaN.
	 */
	{
		const float cb[4] = { 1 + 0x1p-8f + 0x1p-10f, t_bits_float(0x7FA00001),
				      0, 2.5f + 0x1p-8f };

		write_f32("c.npy", 2, 2, cb);
	}
	if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "e2m1",
		 "--out-format", "bf16", "--a", "a.npy", "--b", "b.npy",
		 "--c", "c.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 2, 2, d))
		T_CHECK(t_float_bits(d[0]) == 0x3F810000 &&
			t_float_bits(d[1]) == 0x7FC00000 &&
			t_float_bits(d[2]) == 0x41400000 &&
			t_float_bits(d[3]) == 0x3F800000,
			"bf16 output: %08x %08x %08x %08x",
			t_float_bits(d[0]), t_float_bits(d[1]),
			t_float_bits(d[2]), t_float_bits(d[3]));

	/* The same A in Fortran order, and int8 B as int8 ('|i1'). */
	{
		const uint8_t af[6] = { 0x2, 0x7, 0x4, 0x0, 0x9, 0x3 };
		const int8_t bi[6] = { 1, -1, 2, 0, -3, 4 };

		t_npy("af.npy", "|u1", 1, 2, (size_t[]){ 2, 3 }, af, 6);
		if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "e2m1",
			 "--a", "af.npy", "--b", "b.npy", "--out", "d.npy") &&
		    !read_d(__LINE__, 2, 2, d))
			T_CHECK(t_float_bits(d[0]) == 0 && d[1] == 1.5f &&
				d[2] == 12 && d[3] == -1.5f,
				"Fortran-order A: %g %g %g %g", d[0], d[1],
				d[2], d[3]);
		/* | 1 2 -0.5 | x | 1 -1 ; 2 0 ; -3 4 | = | 6.5 -3 ; 1.5 0 | */
		t_npy("bi.npy", "|i1", 0, 2, (size_t[]){ 3, 2 }, bi, 6);
		if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "int8",
			 "--a", "a.npy", "--b", "bi.npy", "--out", "d.npy") &&
		    !read_d(__LINE__, 2, 2, d))
			T_CHECK(d[0] == 6.5f && d[1] == -3 && d[2] == 1.5f &&
				t_float_bits(d[3]) == 0,
				"int8 B: %g %g %g %g", d[0], d[1], d[2], d[3]);
		/* The same values as int4 (-3 is the code 0xD). */
		if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "int4",
			 "--a", "a.npy", "--b", "bi.npy", "--out", "d.npy") &&
		    !read_d(__LINE__, 2, 2, d))
			T_CHECK(d[0] == 6.5f && d[1] == -3 && d[2] == 1.5f &&
				t_float_bits(d[3]) == 0,
				"int4 B: %g %g %g %g", d[0], d[1], d[2], d[3]);
		/* A value int4 cannot hold is named with its index. */
		{
			const int8_t b8[6] = { 1, -1, 2, 0, 8, 4 };

			t_npy("b8.npy", "|i1", 0, 2, (size_t[]){ 3, 2 }, b8, 6);
			t_fails(1, "b8.npy: value 8 at index 4 is outside int4's -8..7",
				"d.npy", "matmul", "--a-format", "e2m1",
				"--b-format", "int4", "--a", "a.npy", "--b",
				"b8.npy", "--out", "d.npy");
			unlink("b8.npy");
		}
		unlink("af.npy");
		unlink("bi.npy");
	}
	unlink("a.npy");
	unlink("b.npy");
	unlink("c.npy");
}

/*
 * MX by hand: e4m3, M = 2, K = 40 (a block of 32 and one of 8), N = 2.
 * A row 0 is all 1, row 1 is 2 then (k >= 32) -0.5; B column 0 is all 1,
 * column 1 is 1 at even k, 0 at odd k. Scales (value 2^(code-127)):
 * SA = | 1 2 ; 1/4 8 |, SB = | 1 1/2 ; 4 1 |.
 *	D00 = 32*1*1 + 8*2*4 = 96	D01 = 16*1*(1/2) + 4*2*1 = 16
 *	D10 = 64/4*1 - 4*8*4 = -112	D11 = 32/4*(1/2) - 2*8*1 = -12
 */
static void test_mx_by_hand(void)
{
	uint8_t a[80], b[80];
	const uint8_t sa[4] = { 127, 128, 125, 130 };
	const uint8_t sb[4] = { 127, 126, 129, 127 };
	struct mm p = { "e4m3", "e4m3", SC_MX, 2, 2, 40, a, b, sa, sb,
			NULL, 0, 0, 0 };
	float d[4];

	for (int k = 0; k < 40; k++) {
		a[k] = 0x38;
		a[40 + k] = k < 32 ? 0x40 : 0xB0;
		b[2 * k] = 0x38;
		b[2 * k + 1] = k % 2 ? 0x00 : 0x38;
	}
	write_codes("a.npy", "|u1", 2, 40, a);
	write_codes("b.npy", "|u1", 40, 2, b);
	write_codes("sa.npy", "|u1", 2, 2, sa);
	write_codes("sb.npy", "|u1", 2, 2, sb);
	if (t_ok("matmul", "--a-format", "e4m3", "--b-format", "e4m3",
		 "--scale", "mx", "--a-scale", "sa.npy", "--b-scale", "sb.npy",
		 "--a", "a.npy", "--b", "b.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 2, 2, d))
		T_CHECK(d[0] == 96 && d[1] == 16 && d[2] == -112 && d[3] == -12,
			"mx by hand: %g %g %g %g", d[0], d[1], d[2], d[3]);
	RUN(&p, );
}

/*
 * NV by hand: e2m1, M = N = 1, K = 20 (blocks of 16 and 4), A all 1,
 * B all 0.5; SA = | 1.5 2 | (ue4m3 0x3C, 0x40), SB = | 0.5 ; 1 | (0x30,
 * 0x38), per-tensor scales 0.5 and 4 (g = 2):
 *	D = (8 * 1.5 * 0.5) * 2 + (2 * 2 * 1) * 2 = 12 + 8 = 20
 */
static void test_nv_by_hand(void)
{
	uint8_t a[20], b[20];
	const uint8_t sa[2] = { 0x3C, 0x40 }, sb[2] = { 0x30, 0x38 };
	float d[1];

	memset(a, 0x2, sizeof(a));
	memset(b, 0x1, sizeof(b));
	write_codes("a.npy", "|u1", 1, 20, a);
	write_codes("b.npy", "|u1", 20, 1, b);
	write_codes("sa.npy", "|u1", 1, 2, sa);
	write_codes("sb.npy", "|u1", 2, 1, sb);
	if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "e2m1",
		 "--scale", "nv", "--a-scale", "sa.npy", "--b-scale", "sb.npy",
		 "--a-tensor-scale", "0.5", "--b-tensor-scale", "4",
		 "--a", "a.npy", "--b", "b.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 1, 1, d))
		T_CHECK(d[0] == 20, "nv by hand: %g", d[0]);
	/* Without per-tensor scales: 6 + 4. */
	if (t_ok("matmul", "--a-format", "e2m1", "--b-format", "e2m1",
		 "--scale", "nv", "--a-scale", "sa.npy", "--b-scale", "sb.npy",
		 "--a", "a.npy", "--b", "b.npy", "--out", "d.npy") &&
	    !read_d(__LINE__, 1, 1, d))
		T_CHECK(d[0] == 10, "nv by hand without g: %g", d[0]);
	unlink("a.npy");
	unlink("b.npy");
	unlink("sa.npy");
	unlink("sb.npy");
}

/*
 * The accumulators, int8 by hand. C = 2^24 and two blocks (K = 33) that
 * each add 1: fp32 adds them one by one and 2^24 + 1 rounds back to 2^24
 * (ties to even) twice; exact and trunc (one promotion at the end) give
 * 2^24 + 2; trunc promoting every block behaves like fp32.
 */
static void test_accumulators(void)
{
	uint8_t a[33] = { 0 }, b[33];
	const float c[1] = { 0x1p24f };
	const uint8_t a2[2] = { 32, 1 }, b2[2] = { 32, 1 };
	float d[1];

	a[0] = 1;
	a[32] = 1;
	memset(b, 1, sizeof(b));
	write_codes("a.npy", "|u1", 1, 33, a);
	write_codes("b.npy", "|u1", 33, 1, b);
	write_f32("c.npy", 1, 1, c);
#define ACC(want, ...)                                                       \
	do {                                                                 \
		if (t_ok("matmul", "--a-format", "int8", "--b-format", "int8", \
			 "--a", "a.npy", "--b", "b.npy", "--c", "c.npy",     \
			 "--out", "d.npy", __VA_ARGS__) &&                   \
		    !read_d(__LINE__, 1, 1, d))                              \
			T_CHECK(d[0] == (want), "%s: %a, want %a", #__VA_ARGS__, \
				d[0], (float)(want));                        \
	} while (0)
	ACC(0x1p24f, "--acc", "fp32");
	ACC(0x1p24f + 2, "--acc", "exact");
	ACC(0x1p24f + 2, "--acc", "trunc");
	ACC(0x1p24f, "--acc", "trunc", "--acc-interval", "32");
	ACC(0x1p24f + 2, "--acc", "trunc", "--acc-interval", "64");

	/*
	 * Products 1024 and 1 in one block: with W = 4 bits kept below the
	 * leading bit 2^10, the 1 is truncated away; the default 14 keeps it.
	 */
	write_codes("a.npy", "|u1", 1, 2, a2);
	write_codes("b.npy", "|u1", 2, 1, b2);
	write_f32("c.npy", 1, 1, (const float[]){ 0 });
	ACC(1024, "--acc", "trunc", "--acc-bits", "4");
	ACC(1025, "--acc", "trunc");
	ACC(1025, "--acc=trunc", "--acc-bits=14", "--acc-interval=128");
#undef ACC
	unlink("a.npy");
	unlink("b.npy");
	unlink("c.npy");
}

/* Random problems against the reference. */
static void random_codes(struct t_rng *r, const char *fmt, uint8_t *dst,
			 size_t n)
{
	unsigned f = (unsigned)t_fmt_index(fmt);
	double v;

	for (size_t i = 0; i < n; i++) {
		unsigned c;

		/* Finite codes only: the reference computes finite results. */
		do
			c = t_rng_below(r, 1u << t_fmts[f].bits);
		while (!t_decode(f, c, &v) || !isfinite(v));
		dst[i] = (uint8_t)c;
	}
}

static void test_random(void)
{
	/* Pairs whose block sums stay exact in double (53 bits). */
	static const char *const pairs[][2] = {
		{ "e2m1", "e2m1" }, { "e3m2", "e2m3" }, { "ternary", "e2m3" },
		{ "int8", "e2m1" }, { "e4m3", "e2m1" }, { "ternary", "int8" },
		{ "e2m3", "ternary" }, { "e4m3", "e4m3" }, { "e5m2", "e2m1" },
	};
	static uint8_t a[16 * 70], b[70 * 8], sa[16 * 9], sb[9 * 8];
	static float c[16 * 8];
	struct t_rng r;

	t_rng_seed(&r, 20240611);
	for (size_t t = 0; t < sizeof(pairs) / sizeof(pairs[0]); t++) {
		for (int scale = SC_NONE; scale <= SC_NV; scale++) {
			struct mm p = { pairs[t][0], pairs[t][1], scale,
					1 + t_rng_below(&r, 16),
					1 + t_rng_below(&r, 8),
					1 + t_rng_below(&r, 70), a, b, sa, sb,
					NULL, 0, 0, 0 };
			unsigned bs;
			size_t nb;

			/* Every block size, with either scale format. */
			if (scale != SC_NONE && t_rng_below(&r, 2))
				p.bs = 8u << t_rng_below(&r, 4);
			bs = block_of(&p);
			nb = (p.k + bs - 1) / bs;

			random_codes(&r, p.afmt, a, p.m * p.k);
			random_codes(&r, p.bfmt, b, p.k * p.n);
			/* Scales near 1: 2^-8 .. 2^8, or ue4m3 0.25 .. 4. */
			for (size_t i = 0; i < p.m * nb; i++)
				sa[i] = (uint8_t)(scale == SC_MX ?
					119 + t_rng_below(&r, 17) :
					0x28 + t_rng_below(&r, 0x21));
			for (size_t i = 0; i < nb * p.n; i++)
				sb[i] = (uint8_t)(scale == SC_MX ?
					119 + t_rng_below(&r, 17) :
					0x28 + t_rng_below(&r, 0x21));
			if (t & 1) {
				for (size_t i = 0; i < p.m * p.n; i++)
					c[i] = (float)((int)t_rng_below(&r, 2001) - 1000) / 8;
				p.c = c;
			}
			if (scale == SC_NV && t % 3 == 0) {
				p.ga = 0.75f;
				p.gb = 3.0f;
			}
			RUN(&p, );
		}
	}
}

/* ---------------------------------------------------------------- errors */

static void test_errors(void)
{
	static const uint8_t a23[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t t23[6] = { 1, 3, 0, 1, 2, 0 };	/* 0b10 at (1, 1) */
	static const uint8_t b32[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t b32bad[6] = { 1, 2, 3, 0x10, 5, 6 };
	static const uint8_t s22[4] = { 127, 127, 127, 127 };
	static const uint8_t nv12[2] = { 0x38, 0x80 };
	static const float c22[4] = { 0 }, c23[6] = { 0 };
	static const float f23[6] = { 0 };

#define MM "matmul", "--a-format", "e2m1", "--b-format", "e2m1"
#define AB "--a", "a.npy", "--b", "b.npy"
	write_codes("a.npy", "|u1", 2, 3, a23);
	write_codes("b.npy", "|u1", 3, 2, b32);
	write_codes("a1.npy", "|u1", 1, 6, a23);
	t_npy("v.npy", "|u1", 0, 1, (size_t[]){ 6 }, a23, 6);
	write_codes("b42.npy", "|u1", 2, 3, b32);
	write_codes("t.npy", "|u1", 2, 3, t23);
	write_codes("bbad.npy", "|u1", 3, 2, b32bad);
	write_codes("s22.npy", "|u1", 2, 1, s22);
	write_codes("s12.npy", "|u1", 1, 2, s22);
	write_codes("s21.npy", "|u1", 2, 1, s22);
	write_codes("s11.npy", "|u1", 1, 1, s22);
	write_codes("nv.npy", "|u1", 1, 2, nv12);
	write_f32("c.npy", 2, 2, c22);
	write_f32("c23.npy", 2, 3, c23);
	write_f32("f.npy", 2, 3, f23);
	t_npy("i8.npy", "|i1", 0, 2, (size_t[]){ 2, 3 }, a23, 6);
	t_npy("z.npy", "|u1", 0, 2, (size_t[]){ 0, 3 }, a23, 0);

	/* Sanity: the arrays above work together. */
	T_CHECK(t_ok(MM, AB, "--out", "d.npy"), "the error fixtures work");
	unlink("d.npy");

	/* Command lines: exit status 2. */
	t_fails(2, "--a-format", "d.npy", "matmul", "--b-format", "e2m1", AB,
		"--out", "d.npy");
	t_fails(2, "--b-format", "d.npy", "matmul", "--a-format", "e2m1", AB,
		"--out", "d.npy");
	t_fails(2, "--out", NULL, MM, AB);
	t_fails(2, "--block-size: needs --scale mx or nv", "d.npy", MM, AB,
		"--block-size", "16", "--out", "d.npy");
	t_fails(2, "24: must be 8, 16, 32 or 64", "d.npy", MM, AB,
		"--scale", "mx", "--block-size", "24", "--out", "d.npy");
	t_fails(2, "--a", "d.npy", MM, "--b", "b.npy", "--out", "d.npy");
	t_fails(2, "e9m9", "d.npy", "matmul", "--a-format", "e9m9",
		"--b-format", "e2m1", AB, "--out", "d.npy");
	t_fails(2, "e8m0", "d.npy", "matmul", "--a-format", "e2m1",
		"--b-format", "e8m0", AB, "--out", "d.npy");
	t_fails(2, "fp8", "d.npy", MM, "--scale", "fp8", AB, "--out", "d.npy");
	t_fails(2, "kulisch", "d.npy", MM, "--acc", "kulisch", AB, "--out",
		"d.npy");
	t_fails(2, "fp16", "d.npy", MM, "--out-format", "fp16", AB, "--out",
		"d.npy");
	t_fails(2, "--acc-bits", "d.npy", MM, "--acc-bits", "8", AB, "--out",
		"d.npy");
	t_fails(2, "--acc-interval", "d.npy", MM, "--acc", "exact",
		"--acc-interval", "64", AB, "--out", "d.npy");
	t_fails(2, "--acc-bits", "d.npy", MM, "--acc", "trunc", "--acc-bits",
		"0", AB, "--out", "d.npy");
	t_fails(2, "--acc-bits", "d.npy", MM, "--acc", "trunc", "--acc-bits",
		"12x", AB, "--out", "d.npy");
	t_fails(2, "exact", "d.npy", MM, "--acc", "exact", "--scale", "mx",
		"--a-scale", "s22.npy", "--b-scale", "s12.npy", AB, "--out",
		"d.npy");
	t_fails(2, "--a-scale", "d.npy", MM, "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", AB, "--out", "d.npy");
	t_fails(2, "--b-scale", "d.npy", MM, "--scale", "none", "--b-scale",
		"s12.npy", AB, "--out", "d.npy");
	t_fails(2, "--b-scale", "d.npy", MM, "--scale", "mx", "--a-scale",
		"s22.npy", AB, "--out", "d.npy");
	t_fails(2, "--a-scale", "d.npy", MM, "--scale", "nv", AB, "--out",
		"d.npy");
	t_fails(2, "tensor", "d.npy", MM, "--scale", "mx", "--a-scale",
		"s22.npy", "--b-scale", "s12.npy", "--a-tensor-scale", "2", AB,
		"--out", "d.npy");
	t_fails(2, "tensor", "d.npy", MM, "--b-tensor-scale", "2", AB,
		"--out", "d.npy");
	t_fails(2, "-1", "d.npy", MM, "--scale", "nv", "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", "--a-tensor-scale", "-1", AB, "--out",
		"d.npy");
	t_fails(2, "nan", "d.npy", MM, "--scale", "nv", "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", "--b-tensor-scale", "nan", AB, "--out",
		"d.npy");
	t_fails(2, "inf", "d.npy", MM, "--scale", "nv", "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", "--b-tensor-scale", "inf", AB, "--out",
		"d.npy");
	t_fails(2, "two", "d.npy", MM, "--scale", "nv", "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", "--b-tensor-scale", "two", AB, "--out",
		"d.npy");
	t_fails(2, "0", "d.npy", MM, "--scale", "nv", "--a-scale", "s22.npy",
		"--b-scale", "s12.npy", "--a-tensor-scale", "0", AB, "--out",
		"d.npy");
	t_fails(2, "extra.npy", "d.npy", MM, AB, "--out", "d.npy",
		"extra.npy");
	t_fails(2, "--bogus", "d.npy", MM, AB, "--out", "d.npy", "--bogus");
	t_fails(2, "twice", "d.npy", MM, AB, "--a", "a.npy", "--out", "d.npy");
	t_fails(2, "--out", NULL, MM, AB, "--out");

	/* Arrays: exit status 1. */
	t_fails(1, "dtype", "d.npy", MM, "--a", "f.npy", "--b", "b.npy",
		"--out", "d.npy");
	t_fails(1, "'|i1'", "d.npy", MM, "--a", "i8.npy", "--b", "b.npy",
		"--out", "d.npy");
	t_fails(1, "shape (6,)", "d.npy", MM, "--a", "v.npy", "--b", "b.npy",
		"--out", "d.npy");
	t_fails(1, "(K, N)", "d.npy", MM, "--a", "a.npy", "--b", "b42.npy",
		"--out", "d.npy");
	t_fails(1, "(K, N)", "d.npy", MM, "--a", "a1.npy", "--b", "b.npy",
		"--out", "d.npy");
	t_fails(1, "M = 0", "d.npy", MM, "--a", "z.npy", "--b", "b.npy",
		"--out", "d.npy");
	t_fails(1, "(M, N)", "d.npy", MM, AB, "--c", "c23.npy", "--out",
		"d.npy");
	t_fails(1, "float32", "d.npy", MM, AB, "--c", "a.npy", "--out",
		"d.npy");
	t_fails(1, "ceil(K/32)", "d.npy", MM, "--scale", "mx", "--a-scale",
		"s11.npy", "--b-scale", "s12.npy", AB, "--out", "d.npy");
	t_fails(1, "ceil(K/32)", "d.npy", MM, "--scale", "mx", "--a-scale",
		"s22.npy", "--b-scale", "s21.npy", AB, "--out", "d.npy");
	t_fails(1, "ceil(K/16)", "d.npy", MM, "--scale", "nv", "--a-scale",
		"s12.npy", "--b-scale", "s12.npy", AB, "--out", "d.npy");
	t_fails(1, "uint8", "d.npy", MM, "--scale", "mx", "--a-scale",
		"c.npy", "--b-scale", "s12.npy", AB, "--out", "d.npy");
	t_fails(1, "0x80", "d.npy", MM, "--scale", "nv", "--a-scale",
		"s22.npy", "--b-scale", "nv.npy", AB, "--out", "d.npy");
	t_fails(1, "0x02", "d.npy", "matmul", "--a-format", "ternary",
		"--b-format", "e2m1", "--a", "t.npy", "--b", "b.npy", "--out",
		"d.npy");
	t_fails(1, "column 1", "d.npy", MM, "--a", "a.npy", "--b", "bbad.npy",
		"--out", "d.npy");
	t_fails(1, "no such file", "d.npy", MM, "--a", "nothere.npy", "--b",
		"b.npy", "--out", "d.npy");
	t_fails(1, "no such file", "d.npy", MM, AB, "--c", "nothere.npy",
		"--out", "d.npy");

	/* The library's refusals carry its reason. */
	t_fails(1, "multiple of 32", "d.npy", MM, "--acc", "trunc",
		"--acc-interval", "48", AB, "--out", "d.npy");
	t_fails(1, "4..32", "d.npy", MM, "--acc", "trunc", "--acc-bits", "40",
		AB, "--out", "d.npy");
	t_fails(1, "warp", "d.npy", MM, "--device", "warp", AB, "--out",
		"d.npy");
	t_fails(1, "fast", "d.npy", MM, "--device", "emu:fast", AB, "--out",
		"d.npy");

	/* Outputs that cannot be written. */
	t_fails(1, "nodir/d.npy", NULL, MM, AB, "--out", "nodir/d.npy");
	mkdir("ddir", 0700);
	t_fails(1, "ddir", NULL, MM, AB, "--out", "ddir");
	rmdir("ddir");
#undef MM
#undef AB

	{
		static const char *const files[] = {
			"a.npy", "b.npy", "a1.npy", "v.npy", "b42.npy", "t.npy",
			"bbad.npy", "s22.npy", "s12.npy", "s21.npy", "s11.npy",
			"nv.npy", "c.npy", "c23.npy", "f.npy", "i8.npy", "z.npy",
		};

		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			unlink(files[i]);
	}
}

int main(void)
{
	t_setup();
	test_by_hand();
	test_mx_by_hand();
	test_nv_by_hand();
	test_accumulators();
	test_random();
	test_errors();
	T_CHECK(t_dir_entries() == 0, "files left in the work directory");
	return t_exit();
}
