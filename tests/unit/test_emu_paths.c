// SPDX-License-Identifier: MIT
/*
 * test_emu_paths.c - the emulator's implementations against each other and
 * against worked examples of docs/numerics.md section 5.
 *
 * - The fast, split and trunc paths, with each kernel family the CPU runs
 *   (portable, AVX2, AVX-512), and the generic integer path give the same
 *   bits on random jobs of every kind: format pairs, scale modes, shapes around the
 *   kernel tile and cache blocks, C, bf16 output, special values, strides.
 * - The trunc and exact modes agree with the fp32 mode where the definitions
 *   make them equal (no truncation possible; a single block without C).
 * - The rounding helper and the wide accumulator against MPFR.
 * - Hand-worked cases of every mode, the special-value rules, NaN
 *   canonicalization and the rejection of invalid codes.
 */
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>	/* after stdint.h: that enables its intmax_t functions */

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

#include "common/test_util.h"
#include "emu.h"
#include "mxa.h"
#include "mxa_priv.h"

#define SENTINEL 0xa5

/* ---------------------------------------------------------------- jobs */

/* A job given as one code per byte, turned into packed operands. */
struct tspec {
	uint32_t m, n, k;
	enum mxa_format fa, fb, out;
	enum mxa_scale_mode scale;
	unsigned bs;		/* the job's block_size: 0 = the mode's own */
	enum mxa_acc acc;
	uint32_t bits, interval;
	float ga, gb;
	const uint8_t *a, *b;	/* m x k and n x k codes */
	const uint8_t *sa, *sb;	/* m x nb and n x nb scale codes */
	const float *c;		/* m x n, or NULL */
	unsigned pad;		/* extra bytes at the end of every row */
};

struct tjob {
	struct mxa_matmul desc;
	struct mxa__job job;
	uint8_t *mem[6];	/* a, b, sa, sb, c, d */
	size_t d_size;
};

static uint8_t *alloc_rows(size_t rows, size_t stride)
{
	uint8_t *p = malloc(rows * stride + 1);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	memset(p, SENTINEL, rows * stride + 1);
	return p;
}

static void pack_rows(enum mxa_format fmt, const uint8_t *codes, size_t rows,
		      size_t k, struct mxa__mat *mat, uint8_t **mem, unsigned pad)
{
	size_t stride = mxa_packed_size(fmt, k) + pad;

	*mem = alloc_rows(rows, stride);
	for (size_t r = 0; r < rows; r++)
		if (mxa_pack(fmt, codes + r * k, k, *mem + r * stride)) {
			fprintf(stderr, "pack: %s\n", mxa_last_error());
			exit(T_FAIL);
		}
	mat->ptr = *mem;
	mat->stride = stride;
}

static void build(const struct tspec *s, struct tjob *t)
{
	unsigned bs = s->bs ? s->bs : mxa_block_size(s->scale);
	size_t nb = (s->k + bs - 1) / bs;
	size_t dstride = (s->out == MXA_FMT_BF16 ? 2 : 4) * (size_t)s->n + s->pad;

	memset(t, 0, sizeof(*t));
	t->desc = (struct mxa_matmul){
		.m = s->m, .n = s->n, .k = s->k,
		.a_format = s->fa, .b_format = s->fb,
		.scale = s->scale, .block_size = s->bs, .acc = s->acc,
		.acc_bits = s->bits, .acc_interval = s->interval,
		.out_format = s->out,
		.a_tensor_scale = s->ga, .b_tensor_scale = s->gb,
	};
	mxa__job_params(&t->desc, &t->job);
	pack_rows(s->fa, s->a, s->m, s->k, &t->job.a, &t->mem[0], s->pad);
	pack_rows(s->fb, s->b, s->n, s->k, &t->job.b, &t->mem[1], s->pad);
	if (s->scale != MXA_SCALE_NONE) {
		pack_rows(MXA_FMT_E8M0, s->sa, s->m, nb, &t->job.a_scale,
			  &t->mem[2], s->pad);
		pack_rows(MXA_FMT_E8M0, s->sb, s->n, nb, &t->job.b_scale,
			  &t->mem[3], s->pad);
	}
	if (s->c) {
		size_t cstride = 4 * (size_t)s->n + s->pad;

		t->mem[4] = alloc_rows(s->m, cstride);
		for (size_t i = 0; i < s->m; i++)
			memcpy(t->mem[4] + i * cstride, s->c + i * s->n,
			       4 * (size_t)s->n);
		t->job.c.ptr = t->mem[4];
		t->job.c.stride = cstride;
	}
	t->d_size = s->m * dstride + 1;
	t->mem[5] = alloc_rows(s->m, dstride);
	t->job.d = t->mem[5];
	t->job.d_stride = dstride;
}

static void destroy(struct tjob *t)
{
	for (int i = 0; i < 6; i++)
		free(t->mem[i]);
}

/* Runs the job on one path; D (with its gaps) goes to @out. */
static int run(struct tjob *t, enum mxa__emu_path path, uint8_t *out)
{
	int ret;

	memset(t->job.d, SENTINEL, t->d_size);
	mxa__emu_force_path = path;
	ret = mxa__emu_matmul(&t->job);
	mxa__emu_force_path = MXA__EMU_PATH_AUTO;
	memcpy(out, t->job.d, t->d_size);
	return ret;
}

static const char *const path_names[] = {
	"auto", "generic", "fast-c", "fast-avx2", "fast-avx512",
};

static uint32_t d_bits(const struct tjob *t, const uint8_t *d, uint32_t i,
		       uint32_t j)
{
	const uint8_t *p = d + i * t->job.d_stride;
	uint32_t u = 0;

	if (t->desc.out_format == MXA_FMT_BF16) {
		uint16_t h;

		memcpy(&h, p + 2 * j, 2);
		return h;
	}
	memcpy(&u, p + 4 * j, 4);
	return u;
}

/*
 * Every path gives @want (fp32 bits or bf16 codes, M x N) and leaves the
 * row gaps of D alone.
 */
static void expect(const char *what, const struct tspec *s,
		   const uint32_t *want)
{
	struct tjob t;
	uint8_t *d;

	build(s, &t);
	d = malloc(t.d_size);
	for (int p = 0; p < (int)MXA_ARRAY_SIZE(path_names); p++) {
		int ret;

		if (!mxa__emu_path_runs((enum mxa__emu_path)p))
			continue;	/* kernels this CPU does not have */
		ret = run(&t, (enum mxa__emu_path)p, d);

		T_CHECK(ret == 0, "%s (%s): ret %d: %s", what, path_names[p],
			ret, mxa_last_error());
		for (uint32_t i = 0; i < s->m; i++)
			for (uint32_t j = 0; j < s->n; j++)
				T_CHECK(d_bits(&t, d, i, j) == want[i * s->n + j],
					"%s (%s): D[%u][%u] = 0x%08x, want 0x%08x",
					what, path_names[p], i, j,
					d_bits(&t, d, i, j), want[i * s->n + j]);
		T_CHECK(d[t.d_size - 1] == SENTINEL, "%s: wrote past D", what);
	}
	free(d);
	destroy(&t);
}

/* ---------------------------------------------------------------- random jobs */

struct code_set {
	uint8_t finite[256], special[256];
	unsigned nfinite, nspecial;
	uint8_t sign;		/* the sign bit, 0 for int8 and ternary */
};

static struct code_set code_sets[MXA_NUM_ELEM_FORMATS];

static void init_code_sets(void)
{
	for (int f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		struct code_set *cs = &code_sets[f];
		struct mxa_format_info info;

		mxa_format_info((enum mxa_format)f, &info);
		cs->sign = f <= MXA_FMT_E2M1 ? 1u << (info.bits - 1) : 0;
		for (unsigned c = 0; c < 1u << info.bits; c++) {
			float v;

			if (mxa_decode((enum mxa_format)f, (uint8_t)c, 0, &v))
				continue;
			if (isfinite(v))
				cs->finite[cs->nfinite++] = (uint8_t)c;
			else
				cs->special[cs->nspecial++] = (uint8_t)c;
		}
	}
}

/* How a random operand's codes are drawn. */
struct draw {
	unsigned special_ppm;	/* chance of a NaN or inf code */
	unsigned zero_pct;	/* chance of a zero code */
	unsigned few;		/* when nonzero: draw from this many codes */
	uint8_t pool[4];	/* ... and their negatives */
};

static uint8_t draw_code(struct t_rng *r, enum mxa_format fmt,
			 const struct draw *dr)
{
	const struct code_set *cs = &code_sets[fmt];

	if (cs->nspecial && t_rng_below(r, 1000000) < dr->special_ppm)
		return cs->special[t_rng_below(r, cs->nspecial)];
	if (t_rng_below(r, 100) < dr->zero_pct)
		return 0;
	if (dr->few) {
		uint8_t c = dr->pool[t_rng_below(r, dr->few)];

		if (!t_rng_below(r, 2))
			return c;
		if (cs->sign)
			return c ^ cs->sign;
		if (fmt == MXA_FMT_INT8)
			return c == 0x80 ? c : (uint8_t)-c;
		return c == 1 ? 3 : c == 3 ? 1 : c;
	}
	return cs->finite[t_rng_below(r, cs->nfinite)];
}

static void random_draw(struct t_rng *r, enum mxa_format fmt, struct draw *dr)
{
	static const unsigned ppm[] = { 0, 0, 300, 3000, 30000 };

	memset(dr, 0, sizeof(*dr));
	dr->special_ppm = ppm[t_rng_below(r, 5)];
	dr->zero_pct = t_rng_below(r, 3) ? 0 : t_rng_below(r, 90);
	if (!t_rng_below(r, 3)) {
		dr->few = 1 + t_rng_below(r, 4);
		for (unsigned i = 0; i < dr->few; i++)
			dr->pool[i] = code_sets[fmt].finite[t_rng_below(
				r, code_sets[fmt].nfinite)];
	}
}

static uint8_t draw_scale(struct t_rng *r, enum mxa_scale_mode mode,
			  unsigned style)
{
	static const uint8_t mx_edges[] = { 0, 1, 2, 100, 126, 127, 128, 200,
					    253, 254 };

	if (mode == MXA_SCALE_MX) {
		if (style == 1 && !t_rng_below(r, 200))
			return 0xFF;
		switch (style) {
		case 0:
			return (uint8_t)(117 + t_rng_below(r, 21));
		case 1:
			return (uint8_t)t_rng_below(r, 255);
		default:
			return mx_edges[t_rng_below(r, sizeof(mx_edges))];
		}
	}
	if (style == 1 && !t_rng_below(r, 200))
		return 0x7F;
	if (style == 2 && !t_rng_below(r, 10))
		return 0x00;
	return (uint8_t)t_rng_below(r, 0x7F);
}

static float draw_c(struct t_rng *r)
{
	switch (t_rng_below(r, 8)) {
	case 0:
		return t_bits_float((uint32_t)t_rng_next(r));	/* any bits */
	case 1:
		return t_rng_below(r, 2) ? -0.0f : 0.0f;
	case 2:
		return t_bits_float((uint32_t)t_rng_below(r, 1u << 23) |
				    (t_rng_below(r, 2) ? 0x80000000u : 0));
	default:
		return ((float)t_rng_below(r, 2000000) - 1e6f) /
		       (float)(1u << t_rng_below(r, 30));
	}
}

static float draw_tensor_scale(struct t_rng *r)
{
	static const float picks[] = { 0.0f, 0.5f, 3.0f, 1e-3f, 0.3f, 1e20f };

	if (t_rng_below(r, 3))
		return picks[t_rng_below(r, sizeof(picks) / sizeof(picks[0]))];
	return t_bits_float(0x30000000u + (uint32_t)t_rng_below(r, 0x1F000000u));
}

struct rjob {
	struct tspec s;
	uint8_t *a, *b, *sa, *sb;
	float *c;
};

static void random_job(struct t_rng *r, struct rjob *j, uint32_t m,
		       uint32_t n, uint32_t k, enum mxa_format fa,
		       enum mxa_format fb, enum mxa_scale_mode scale)
{
	/* Half the scaled jobs take another block size (8 … 64). */
	unsigned req = scale != MXA_SCALE_NONE && t_rng_below(r, 2) ?
		       8u << t_rng_below(r, 4) : 0;
	unsigned bs = req ? req : mxa_block_size(scale);
	size_t nb = (k + bs - 1) / bs;
	unsigned sstyle = t_rng_below(r, 3);
	struct draw da, db;

	memset(j, 0, sizeof(*j));
	j->s = (struct tspec){
		.m = m, .n = n, .k = k, .fa = fa, .fb = fb,
		.out = t_rng_below(r, 4) ? MXA_FMT_FP32 : MXA_FMT_BF16,
		.scale = scale, .bs = req, .acc = MXA_ACC_FP32,
		.pad = t_rng_below(r, 2) ? 0 : t_rng_below(r, 9),
	};
	j->a = malloc((size_t)m * k);
	j->b = malloc((size_t)n * k);
	random_draw(r, fa, &da);
	random_draw(r, fb, &db);
	for (size_t i = 0; i < (size_t)m * k; i++)
		j->a[i] = draw_code(r, fa, &da);
	for (size_t i = 0; i < (size_t)n * k; i++)
		j->b[i] = draw_code(r, fb, &db);
	j->s.a = j->a;
	j->s.b = j->b;
	if (scale != MXA_SCALE_NONE) {
		j->sa = malloc((size_t)m * nb);
		j->sb = malloc((size_t)n * nb);
		for (size_t i = 0; i < (size_t)m * nb; i++)
			j->sa[i] = draw_scale(r, scale, sstyle);
		for (size_t i = 0; i < (size_t)n * nb; i++)
			j->sb[i] = draw_scale(r, scale, sstyle);
		j->s.sa = j->sa;
		j->s.sb = j->sb;
	}
	if (scale == MXA_SCALE_NV && t_rng_below(r, 2)) {
		j->s.ga = draw_tensor_scale(r);
		j->s.gb = draw_tensor_scale(r);
	}
	if (t_rng_below(r, 2)) {
		j->c = malloc(sizeof(float) * m * n);
		for (size_t i = 0; i < (size_t)m * n; i++)
			j->c[i] = draw_c(r);
		j->s.c = j->c;
	}
}

static void free_job(struct rjob *j)
{
	free(j->a);
	free(j->b);
	free(j->sa);
	free(j->sb);
	free(j->c);
}

static void describe(const struct tspec *s, char *buf, size_t size)
{
	snprintf(buf, size, "%ux%ux%u %s x %s scale %d/%u acc %d out %s%s pad %u",
		 s->m, s->n, s->k, mxa_format_name(s->fa),
		 mxa_format_name(s->fb), (int)s->scale, s->bs, (int)s->acc,
		 mxa_format_name(s->out), s->c ? " C" : "", s->pad);
}

/* The same job on two paths (or two specs on one) gives the same bytes. */
static void compare(const char *what, const struct tspec *s1,
		    enum mxa__emu_path p1, const struct tspec *s2,
		    enum mxa__emu_path p2)
{
	struct tjob t1, t2;
	uint8_t *d1, *d2;
	char desc[160];
	int r1, r2;

	build(s1, &t1);
	build(s2, &t2);
	d1 = malloc(t1.d_size);
	d2 = malloc(t2.d_size);
	r1 = run(&t1, p1, d1);
	r2 = run(&t2, p2, d2);
	describe(s1, desc, sizeof(desc));
	T_CHECK(r1 == 0 && r2 == 0, "%s: %s: ret %d %d: %s", what, desc, r1,
		r2, mxa_last_error());
	if (memcmp(d1, d2, t1.d_size)) {
		int shown = 0;

		for (uint32_t i = 0; i < s1->m && !shown; i++)
			for (uint32_t j = 0; j < s1->n && !shown; j++)
				if (d_bits(&t1, d1, i, j) != d_bits(&t2, d2, i, j))
					shown = 1;
		for (uint32_t i = 0; i < s1->m && shown == 1; i++)
			for (uint32_t j = 0; j < s1->n && shown == 1; j++)
				if (d_bits(&t1, d1, i, j) != d_bits(&t2, d2, i, j)) {
					T_CHECK(0, "%s: %s: D[%u][%u] %s 0x%08x, %s 0x%08x",
						what, desc, i, j, path_names[p1],
						d_bits(&t1, d1, i, j),
						path_names[p2],
						d_bits(&t2, d2, i, j));
					shown = 2;
				}
		T_CHECK(shown, "%s: %s: the gaps between rows of D differ",
			what, desc);
	}
	free(d1);
	free(d2);
	destroy(&t1);
	destroy(&t2);
}

/*
 * Every kernel family this CPU runs (portable, AVX2, AVX-512) and the
 * automatic choice, each against the generic path.
 */
static void compare_kernels(const char *what, const struct tspec *s)
{
	static const enum mxa__emu_path paths[] = {
		MXA__EMU_PATH_FAST_C, MXA__EMU_PATH_FAST_AVX2,
		MXA__EMU_PATH_FAST_AVX512, MXA__EMU_PATH_AUTO,
	};
	char name[120];

	for (size_t i = 0; i < MXA_ARRAY_SIZE(paths); i++) {
		if (!mxa__emu_path_runs(paths[i]))
			continue;
		snprintf(name, sizeof(name), "%s: %s vs generic", what,
			 path_names[paths[i]]);
		compare(name, s, paths[i], s, MXA__EMU_PATH_GENERIC);
	}
}

/* Makes a job trunc with random W (often the default 14) and N. */
static void trunc_spec(struct t_rng *r, struct tspec *s)
{
	unsigned bs = s->bs ? s->bs : mxa_block_size(s->scale);

	s->acc = MXA_ACC_TRUNC;
	s->bits = t_rng_below(r, 3) ? 14 : 4 + t_rng_below(r, 29);
	s->interval = t_rng_below(r, 3) ? bs * (1u + t_rng_below(r, 8)) :
		      t_rng_below(r, 2) ? 128 / bs * bs : 65536 / bs * bs;
}

static void test_random_paths(void)
{
	static const uint32_t ms[] = { 1, 2, 3, 5, 6, 7, 11, 12, 13, 25, 48, 97 };
	static const uint32_t ns[] = { 1, 2, 7, 8, 9, 15, 16, 17, 33, 64 };
	static const uint32_t ks[] = { 1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33,
				       47, 63, 64, 65, 100, 255, 256, 257,
				       300, 513 };
	/* Shapes that cross the fast path's cache blocks (MO, NC, MC, KC). */
	static const uint32_t big[][3] = {
		{ 1030, 3, 40 }, { 7, 1030, 40 }, { 100, 20, 300 },
		{ 193, 9, 600 },
	};
	struct t_rng r;
	int jobs = 0;

	t_rng_seed(&r, 0x5eed0001);
	for (int fa = 0; fa < MXA_NUM_ELEM_FORMATS; fa++) {
		for (int fb = 0; fb < MXA_NUM_ELEM_FORMATS; fb++) {
			for (int sc = 0; sc < 3; sc++) {
				for (int rep = 0; rep < 8; rep++) {
					struct rjob j;

					random_job(&r, &j,
						   ms[t_rng_below(&r, MXA_ARRAY_SIZE(ms))],
						   ns[t_rng_below(&r, MXA_ARRAY_SIZE(ns))],
						   ks[t_rng_below(&r, MXA_ARRAY_SIZE(ks))],
						   (enum mxa_format)fa,
						   (enum mxa_format)fb,
						   (enum mxa_scale_mode)sc);
					compare_kernels("fp32", &j.s);
					trunc_spec(&r, &j.s);
					compare_kernels("trunc", &j.s);
					if (sc == MXA_SCALE_NONE) {
						j.s.acc = MXA_ACC_EXACT;
						compare_kernels("exact", &j.s);
					}
					free_job(&j);
					jobs++;
				}
			}
		}
	}
	for (size_t i = 0; i < MXA_ARRAY_SIZE(big); i++) {
		struct rjob j;

		random_job(&r, &j, big[i][0], big[i][1], big[i][2],
			   MXA_FMT_E4M3, (enum mxa_format)(i % 5 + 1),
			   (enum mxa_scale_mode)(i % 3));
		compare_kernels("fp32 (blocks)", &j.s);
		free_job(&j);
		jobs++;
	}
	/* The same shapes on the split path: e5m2 pairs, and exact. */
	for (size_t i = 0; i < 2 * MXA_ARRAY_SIZE(big); i++) {
		static const enum mxa_format wide[] = {
			MXA_FMT_E5M2, MXA_FMT_E4M3, MXA_FMT_E5M2FNUZ, MXA_FMT_INT8,
		};
		int exact = i >= MXA_ARRAY_SIZE(big);
		const uint32_t *sh = big[i % MXA_ARRAY_SIZE(big)];
		struct rjob j;

		random_job(&r, &j, sh[0], sh[1], sh[2], MXA_FMT_E5M2,
			   wide[i % MXA_ARRAY_SIZE(wide)],
			   exact ? MXA_SCALE_NONE : (enum mxa_scale_mode)(i % 3));
		j.s.acc = exact ? MXA_ACC_EXACT : MXA_ACC_FP32;
		compare_kernels("split (blocks)", &j.s);
		trunc_spec(&r, &j.s);
		compare_kernels("trunc (blocks)", &j.s);
		free_job(&j);
		jobs++;
	}
	printf("paths: %d random jobs compared (kernels: portable%s%s)\n",
	       jobs, mxa__emu_path_runs(MXA__EMU_PATH_FAST_AVX2) ? ", avx2" : "",
	       mxa__emu_path_runs(MXA__EMU_PATH_FAST_AVX512) ? ", avx512" : "");
}

/* Runs a job on @path with $MXA_EMU_THREADS = @threads (0: unset). */
static int run_threads(struct tjob *t, enum mxa__emu_path path,
		       unsigned threads, uint8_t *out)
{
	char buf[16];
	int ret;

	snprintf(buf, sizeof(buf), "%u", threads);
	if (threads)
		setenv("MXA_EMU_THREADS", buf, 1);
	else
		unsetenv("MXA_EMU_THREADS");
	ret = run(t, path, out);
	unsetenv("MXA_EMU_THREADS");
	return ret;
}

/*
 * D does not depend on the number of threads: jobs on every path and mode
 * with 1, 2, 3 and 7 threads ($MXA_EMU_THREADS splits any job) and with
 * the default; tall and wide shapes (the split follows the longer side).
 * A bad $MXA_EMU_THREADS is an error.
 */
static void test_threads(void)
{
	static const struct {
		uint32_t m, n, k;
		enum mxa_format fa, fb;
		enum mxa_scale_mode scale;
		enum mxa_acc acc;
	} jobs[] = {
		{ 203, 77, 300, MXA_FMT_E4M3, MXA_FMT_E2M1, MXA_SCALE_MX, MXA_ACC_FP32 },
		{ 45, 330, 290, MXA_FMT_E2M1, MXA_FMT_E2M1, MXA_SCALE_NV, MXA_ACC_FP32 },
		{ 130, 100, 330, MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_FP32 },
		{ 100, 131, 340, MXA_FMT_E4M3, MXA_FMT_E5M2, MXA_SCALE_MX, MXA_ACC_FP32 },
		{ 129, 70, 480, MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_TRUNC },
		{ 66, 140, 470, MXA_FMT_E5M2, MXA_FMT_INT8, MXA_SCALE_MX, MXA_ACC_TRUNC },
		{ 150, 90, 333, MXA_FMT_E4M3, MXA_FMT_E4M3, MXA_SCALE_NONE, MXA_ACC_EXACT },
		{ 90, 150, 333, MXA_FMT_E5M2, MXA_FMT_E5M2, MXA_SCALE_NONE, MXA_ACC_EXACT },
	};
	static const unsigned threads[] = { 2, 3, 7, 0 };
	struct t_rng r;
	struct tjob t;
	uint8_t *d1, *d2;
	char desc[160];
	int ret;

	/* Where threads cannot start (tests/boards/test_board_armhf.sh). */
	if (getenv("MXA_TEST_NO_THREADS")) {
		printf("threads: not tested: %s\n", getenv("MXA_TEST_NO_THREADS"));
		return;
	}
	t_rng_seed(&r, 0x5eed0004);
	for (size_t i = 0; i < MXA_ARRAY_SIZE(jobs); i++) {
		struct rjob j;

		random_job(&r, &j, jobs[i].m, jobs[i].n, jobs[i].k, jobs[i].fa,
			   jobs[i].fb, jobs[i].scale);
		j.s.acc = jobs[i].acc;
		build(&j.s, &t);
		describe(&j.s, desc, sizeof(desc));
		d1 = malloc(t.d_size);
		d2 = malloc(t.d_size);
		for (int p = 0; p < 3; p++) {
			ret = run_threads(&t, (enum mxa__emu_path)p, 1, d1);
			T_CHECK(ret == 0, "threads: %s: ret %d: %s", desc, ret,
				mxa_last_error());
			for (size_t n = 0; n < MXA_ARRAY_SIZE(threads); n++) {
				ret = run_threads(&t, (enum mxa__emu_path)p,
						  threads[n], d2);
				T_CHECK(ret == 0 && !memcmp(d1, d2, t.d_size),
					"threads: %s (%s): %u threads differ from one (ret %d)",
					desc, path_names[p], threads[n], ret);
			}
		}
		free(d1);
		free(d2);
		destroy(&t);
		free_job(&j);
	}

	/* A bad thread count is rejected with a message that names it. */
	{
		struct rjob j;

		random_job(&r, &j, 8, 8, 8, MXA_FMT_E4M3, MXA_FMT_E4M3,
			   MXA_SCALE_NONE);
		build(&j.s, &t);
		d1 = malloc(t.d_size);
		setenv("MXA_EMU_THREADS", "two", 1);
		ret = run(&t, MXA__EMU_PATH_AUTO, d1);
		unsetenv("MXA_EMU_THREADS");
		T_CHECK(ret == -EINVAL && strstr(mxa_last_error(), "MXA_EMU_THREADS"),
			"MXA_EMU_THREADS=two: ret %d (%s)", ret, mxa_last_error());
		free(d1);
		destroy(&t);
		free_job(&j);
	}
	printf("threads: %zu jobs the same on 1, 2, 3, 7 and all threads\n",
	       MXA_ARRAY_SIZE(jobs));
}

/*
 * trunc with W = 32 and a promotion after every block keeps every bit of
 * formats whose products in a block span at most 32 bit positions (scales
 * add at most 8): it is then the fp32 mode. A single block without C is
 * also the exact mode (scale none).
 */
static void test_random_modes(void)
{
	static const enum mxa_format narrow[] = {
		MXA_FMT_E3M2, MXA_FMT_E2M3, MXA_FMT_E2M1, MXA_FMT_INT8,
		MXA_FMT_TERNARY,
	};
	struct t_rng r;

	t_rng_seed(&r, 0x5eed0002);
	for (int rep = 0; rep < 150; rep++) {
		enum mxa_scale_mode sc = (enum mxa_scale_mode)t_rng_below(&r, 3);
		struct rjob j;
		struct tspec s;

		random_job(&r, &j, 1 + t_rng_below(&r, 9), 1 + t_rng_below(&r, 9),
			   1 + t_rng_below(&r, 200),
			   narrow[t_rng_below(&r, MXA_ARRAY_SIZE(narrow))],
			   narrow[t_rng_below(&r, MXA_ARRAY_SIZE(narrow))], sc);
		s = j.s;
		s.acc = MXA_ACC_TRUNC;
		s.bits = 32;
		s.interval = s.bs ? s.bs : mxa_block_size(sc);
		compare("trunc W=32 vs fp32", &s, MXA__EMU_PATH_AUTO, &j.s,
			MXA__EMU_PATH_AUTO);
		free_job(&j);
	}
	for (int rep = 0; rep < 150; rep++) {
		struct rjob j;
		struct tspec s;

		random_job(&r, &j, 1 + t_rng_below(&r, 9), 1 + t_rng_below(&r, 9),
			   1 + t_rng_below(&r, 32),
			   (enum mxa_format)t_rng_below(&r, MXA_NUM_ELEM_FORMATS),
			   (enum mxa_format)t_rng_below(&r, MXA_NUM_ELEM_FORMATS),
			   MXA_SCALE_NONE);
		j.s.c = NULL;
		s = j.s;
		s.acc = MXA_ACC_EXACT;
		compare("exact vs fp32 (one block)", &s, MXA__EMU_PATH_AUTO,
			&j.s, MXA__EMU_PATH_AUTO);
		free_job(&j);
	}
}

/* ---------------------------------------------------------------- rounding */

static void mpfr_set_i128(mpfr_t x, mxa__i128 v)
{
	mxa__u128 mag = mxa__i128_abs(v);
	mpfr_t lo;

	mpfr_init2(lo, 64);
	mpfr_set_uj(x, (uintmax_t)mxa__u128_hi(mag), MPFR_RNDN);
	mpfr_mul_2ui(x, x, 64, MPFR_RNDN);
	mpfr_set_uj(lo, (uintmax_t)mxa__u128_lo(mag), MPFR_RNDN);
	mpfr_add(x, x, lo, MPFR_RNDN);
	if (mxa__i128_negative(v))
		mpfr_neg(x, x, MPFR_RNDN);
	mpfr_clear(lo);
}

/* fl32 of an exact MPFR value, subnormals included. */
static float mpfr_fl32(mpfr_t x)
{
	mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
	mpfr_t y;
	float f;
	int t;

	mpfr_init2(y, 24);
	mpfr_set_emin(-148);
	mpfr_set_emax(128);
	t = mpfr_set(y, x, MPFR_RNDN);
	t = mpfr_check_range(y, t, MPFR_RNDN);
	mpfr_subnormalize(y, t, MPFR_RNDN);
	f = mpfr_get_flt(y, MPFR_RNDN);
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
	mpfr_clear(y);
	return f;
}

static mxa__i128 random_i128(struct t_rng *r, unsigned max_bits)
{
	unsigned bits = t_rng_below(r, max_bits + 1);
	mxa__u128 v = mxa__u128_make(t_rng_next(r), t_rng_next(r));

	v = bits ? mxa__u128_shr(v, 128 - bits) : mxa__u128_make(0, 0);
	if (t_rng_below(r, 2))
		v = mxa__u128_sub(mxa__u128_make(0, 0), v);
	return mxa__i128_from_bits(v);
}

static void test_round(void)
{
	/* Worked cases: (mag, exp, sticky) -> float bits. */
	static const struct {
		uint64_t mag;
		int exp, sticky;
		uint32_t want;
	} cases[] = {
		/* 2^24 + 1: a tie, to the even 2^24. */
		{ (1u << 24) + 1, 0, 0, 0x4B800000 },
		/* ... any bit below the tie rounds up to 2^24 + 2. */
		{ (1u << 25) + 2, -1, 1, 0x4B800001 },
		/* 2^24 + 3: a tie, to the even 2^24 + 4. */
		{ (1u << 24) + 3, 0, 0, 0x4B800002 },
		/* (2^25 - 1) 2^103 = FLT_MAX + half an ulp: a tie, to 2^128. */
		{ (1u << 25) - 1, 103, 0, 0x7F800000 },
		/* (2^25 - 3) 2^103: the tie below FLT_MAX goes even, down. */
		{ (1u << 25) - 3, 103, 0, 0x7F7FFFFE },
		/* 2^-149, 3 * 2^-151 (0.75 of it): the smallest subnormal. */
		{ 1, -149, 0, 0x00000001 },
		{ 3, -151, 0, 0x00000001 },
		/* 2^-150: a tie between 0 and 2^-149, to 0. */
		{ 1, -150, 0, 0x00000000 },
		/* 2^-126 - 2^-150: rounds up into the smallest normal. */
		{ (1u << 24) - 1, -150, 0, 0x00800000 },
		/* 2^-300: far below, rounds to 0. */
		{ 1, -300, 0, 0x00000000 },
	};

	for (size_t i = 0; i < MXA_ARRAY_SIZE(cases); i++) {
		mxa__u128 mag = mxa__u128_make(0, cases[i].mag);
		uint32_t got = t_float_bits(mxa__emu_round(0, mag, cases[i].exp,
							   cases[i].sticky));
		uint32_t neg = t_float_bits(mxa__emu_round(1, mag, cases[i].exp,
							   cases[i].sticky));

		T_CHECK(got == cases[i].want, "round case %zu: 0x%08x, want 0x%08x",
			i, got, cases[i].want);
		T_CHECK(neg == (cases[i].want | 0x80000000u),
			"round case %zu negated: 0x%08x", i, neg);
	}
	T_CHECK(t_float_bits(mxa__emu_round(1, mxa__u128_make(0, 0), 5, 0)) == 0,
		"exact zero is +0");
}

/* Random values and sums of two against MPFR. */
static void test_round_random(void)
{
	struct t_rng r;
	mpfr_t x, y;

	mpfr_init2(x, 1024);
	mpfr_init2(y, 1024);
	t_rng_seed(&r, 0x5eed0003);
	for (int i = 0; i < 200000; i++) {
		mxa__i128 v = random_i128(&r, 127);
		int exp = (int)t_rng_below(&r, 600) - 350;
		float got, want;

		if (i & 1) {
			/* Through the wide accumulator, with a second term. */
			struct mxa__wide w;
			mxa__i128 u = random_i128(&r, 100);
			int uexp = (int)t_rng_below(&r, 250) - 180;

			v = random_i128(&r, 87);
			exp = (int)t_rng_below(&r, 200) - 180;
			memset(&w, 0, sizeof(w));
			mxa__wide_add(&w, v, exp);
			mxa__wide_add(&w, u, uexp);
			mpfr_set_i128(x, v);
			mpfr_mul_2si(x, x, exp, MPFR_RNDN);
			mpfr_set_i128(y, u);
			mpfr_mul_2si(y, y, uexp, MPFR_RNDN);
			mpfr_add(x, x, y, MPFR_RNDN);
			got = mxa__wide_round(&w);
		} else {
			mpfr_set_i128(x, v);
			mpfr_mul_2si(x, x, exp, MPFR_RNDN);
			got = mxa__emu_round(mxa__i128_negative(v),
					     mxa__i128_abs(v), exp, 0);
		}
		want = mpfr_zero_p(x) ? 0.0f : mpfr_fl32(x);
		T_CHECK(t_float_bits(got) == t_float_bits(want),
			"round %d: 0x%08x, MPFR 0x%08x", i, t_float_bits(got),
			t_float_bits(want));
	}
	mpfr_clear(x);
	mpfr_clear(y);
}

/* ---------------------------------------------------------------- worked cases */

#define F(x) t_float_bits(x)
#define QNAN 0x7FC00000u

/*
 * fp32 mode, e4m3, scale none, K = 35 (a full block and a short one).
 * Codes: 0x78 = 256, 0x38 = 1, 0x28 = 2^-2, 0x18 = 2^-4, 0x08 = 2^-6,
 * 0x01 = 2^-9.
 * Block 0: 256*256 + 2^-6*2^-2 + 2^-9*2^-9 = 2^16 + 2^-8 + 2^-18. The float
 * ulp at 2^16 is 2^-7: the sum lies just above the tie and rounds once, up,
 * to 2^16 + 2^-7 (adding in float would give 2^16).
 * Block 1: 1*1 + 2^-4*2^-4 = 1 + 2^-8, exact.
 * Row 0 (no C): 65536 + 2^-7 + 1 + 2^-8 = 65537 + 1.5 ulps, a tie between
 * 0x47800081 and the even 0x47800082 (65537 is 0x47800080).
 * Row 1 (C = -65536): -65536 + 65536 + 2^-7 = 2^-7, then + 1 + 2^-8 =
 * 1 + 3 * 2^-8 exactly: 0x3F818000.
 * As bf16: 65537.015625 -> 0x4780 (bf16 ulp 512 there); 0x3F818000 is a
 * tie between 0x3F81 and the even 0x3F82.
 */
static void test_fp32_worked(void)
{
	uint8_t a[2 * 35] = { 0 }, b[35] = { 0 };
	float c[2] = { 0.0f, -65536.0f };
	uint32_t want[2] = { 0x47800082, 0x3F818000 };
	struct tspec s = {
		.m = 2, .n = 1, .k = 35, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_FP32, .a = a, .b = b, .c = c,
	};

	for (int r = 0; r < 2; r++) {
		a[r * 35 + 0] = 0x78;
		a[r * 35 + 1] = 0x08;
		a[r * 35 + 2] = 0x01;
		a[r * 35 + 32] = 0x38;
		a[r * 35 + 34] = 0x18;
	}
	b[0] = 0x78;
	b[1] = 0x28;
	b[2] = 0x01;
	b[32] = 0x38;
	b[34] = 0x18;
	expect("fp32 worked", &s, want);

	s.out = MXA_FMT_BF16;
	want[0] = 0x4780;
	want[1] = 0x3F82;
	expect("fp32 worked bf16", &s, want);
}

/*
 * bf16 ties, e4m3, a = {1, 2^-4, 2^-4}:
 * column 0, b = {1, 2^-4, 0}: 1 + 2^-8, halfway between 1.0 (0x3F80) and
 * 1 + 2^-7 (0x3F81): the even 0x3F80.
 * column 1, b = {1, 2^-3, 2^-4}: 1 + 2^-7 + 2^-8, halfway between 0x3F81
 * and 0x3F82: the even 0x3F82.
 */
static void test_bf16_ties(void)
{
	uint8_t a[3] = { 0x38, 0x18, 0x18 };
	uint8_t b[2 * 3] = { 0x38, 0x18, 0x00, 0x38, 0x20, 0x18 };
	uint32_t want[2] = { 0x3F80, 0x3F82 };
	struct tspec s = {
		.m = 1, .n = 2, .k = 3, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_BF16, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_FP32, .a = a, .b = b,
	};

	expect("bf16 ties", &s, want);
}

/*
 * trunc, int8 x int8, scale none (values are the codes), W = 4, K = 34.
 * Block 0 (k 0..31) products 100, 7, -13, 1: E = 6 (64 <= 100 < 128), the
 * kept positions are 6..3, so terms truncate toward zero to multiples of 8:
 * 96, 0, -8, 0 -> P = 88.
 * Block 1 (k 32, 33) products 9, 5.
 * N = 64: no promotion after block 0; terms P = 88, 9, 5: E = 6, multiples
 * of 8: 88, 8, 0 -> P = 96; end of K: D = 96.
 * N = 32: after block 0, acc = 88; block 1 alone: E = 3, multiples of 1:
 * P = 14; D = 102.
 * fp32 mode for comparison: 100 + 7 - 13 + 1 + 9 + 5 = 109.
 */
static void test_trunc_worked(void)
{
	uint8_t a[34], b[34] = { 0 };
	uint32_t want;
	struct tspec s = {
		.m = 1, .n = 1, .k = 34, .fa = MXA_FMT_INT8, .fb = MXA_FMT_INT8,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_TRUNC, .bits = 4, .interval = 64, .a = a, .b = b,
	};

	memset(a, 1, sizeof(a));
	b[0] = 100;
	b[1] = 7;
	b[2] = (uint8_t)-13;
	b[3] = 1;
	b[32] = 9;
	b[33] = 5;
	want = F(96.0f);
	expect("trunc W=4 N=64", &s, &want);
	s.interval = 32;
	want = F(102.0f);
	expect("trunc W=4 N=32", &s, &want);
	s.acc = MXA_ACC_FP32;
	s.bits = s.interval = 0;
	want = F(109.0f);
	expect("trunc example in fp32", &s, &want);
}

/*
 * trunc defaults (W = 14, N = 128), int8, K = 160 (5 blocks): k 0 holds
 * -128 * -128 = 2^14, k 32 holds 1 * 1, k 128 holds 1 * 1.
 * Block 0: E = 14, kept positions 14..1: P = 16384. Block 1: the 1
 * truncates to 0. Blocks 2, 3: P alone. Promotion at k = 128: acc = 16384.
 * Block 4 alone: P = 1; end: D = 16385 (fp32 mode: 16386).
 */
static void test_trunc_defaults(void)
{
	uint8_t a[160] = { 0 }, b[160] = { 0 };
	uint32_t want = F(16385.0f);
	struct tspec s = {
		.m = 1, .n = 1, .k = 160, .fa = MXA_FMT_INT8,
		.fb = MXA_FMT_INT8, .out = MXA_FMT_FP32,
		.scale = MXA_SCALE_NONE, .acc = MXA_ACC_TRUNC, .a = a, .b = b,
	};

	a[0] = b[0] = 0x80;
	a[32] = b[32] = 1;
	a[128] = b[128] = 1;
	expect("trunc defaults", &s, &want);
	s.acc = MXA_ACC_FP32;
	want = F(16386.0f);
	expect("trunc defaults example in fp32", &s, &want);
}

/*
 * trunc with MX scales: products are scaled before truncation. e2m1, one
 * block: a = {6, 0.5}, b = {6, 0.5}, sa = 2^3 (code 130), sb = 2^-1 (126):
 * q = {36 * 4, 0.25 * 4} = {144, 1}. W = 4: E = 7, kept 7..4 (multiples
 * of 16): 144 = 9 * 16 stays, 1 -> 0. D = 144 (fp32 mode: 145).
 * A NaN in block 0 (e4m3 0x7F) makes P NaN through a finite block 1 until
 * the promotion at the end.
 */
static void test_trunc_scaled(void)
{
	uint8_t a[2] = { 0x7, 0x1 }, b[2] = { 0x7, 0x1 };
	uint8_t sa[1] = { 130 }, sb[1] = { 126 };
	uint8_t a2[40] = { 0 }, b2[40] = { 0 };
	uint32_t want = F(144.0f);
	struct tspec s = {
		.m = 1, .n = 1, .k = 2, .fa = MXA_FMT_E2M1, .fb = MXA_FMT_E2M1,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_MX,
		.acc = MXA_ACC_TRUNC, .bits = 4, .a = a, .b = b, .sa = sa,
		.sb = sb,
	};
	struct tspec s2 = {
		.m = 1, .n = 1, .k = 40, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_TRUNC, .bits = 4, .a = a2, .b = b2,
	};

	expect("trunc mx", &s, &want);
	s.acc = MXA_ACC_FP32;
	s.bits = 0;
	want = F(145.0f);
	expect("trunc mx example in fp32", &s, &want);

	a2[3] = 0x7F;
	b2[3] = 0x38;
	a2[35] = b2[35] = 0x38;
	want = QNAN;
	expect("trunc NaN block", &s2, &want);
}

/*
 * trunc on products wider than 64 bits: e5m2 x e5m2 with NV scales 1.0
 * (0x38). a = {57344, 57344} (0x7B), b = {57344, -40960} (0x7B, 0xF9):
 * q = {49 * 2^26, -35 * 2^26}, E = 31 (49 * 2^26 < 2^32).
 * W = 4 keeps positions 31..28: 12.25 * 2^28 -> 12 * 2^28 and
 * -8.75 * 2^28 -> -8 * 2^28: D = 4 * 2^28 = 2^30.
 * W = 32 keeps positions 31..0: nothing is lost, D = 14 * 2^26.
 */
static void test_trunc_wide(void)
{
	static const uint8_t a[2] = { 0x7B, 0x7B }, b[2] = { 0x7B, 0xF9 };
	static const uint8_t sa = 0x38, sb = 0x38;
	uint32_t want = F(1073741824.0f);
	struct tspec s = {
		.m = 1, .n = 1, .k = 2, .fa = MXA_FMT_E5M2, .fb = MXA_FMT_E5M2,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NV,
		.acc = MXA_ACC_TRUNC, .bits = 4, .a = a, .b = b, .sa = &sa,
		.sb = &sb,
	};

	expect("trunc wide W=4", &s, &want);
	s.bits = 32;
	want = F(939524096.0f);
	expect("trunc wide W=32", &s, &want);
}

/*
 * fp32 blocks that the split path's error bound cannot settle (emu.h), so
 * that they are recomputed from their codes; e5m2 x e5m2, scale none, one
 * block of three products each. In double:
 * - {57344^2, 2^-32, -57344^2} sums to 0, the exact sum is 2^-32;
 * - {57344^2, -57344^2} sums to 0 exactly, but the bound is not 0: +0;
 * - {2^24, 1, 2^-32} sums to 2^24 + 1, a tie that rounds to 2^24; the
 *   exact sum is above it: 2^24 + 2.
 */
static void test_fp32_unsettled(void)
{
	static const struct {
		uint8_t a[3], b[3];
		uint32_t want;
	} cases[] = {
		{ { 0x7B, 0x01, 0x7B }, { 0x7B, 0x01, 0xFB }, 0x2F800000 },
		{ { 0x7B, 0x7B, 0x00 }, { 0x7B, 0xFB, 0x00 }, 0x00000000 },
		{ { 0x6C, 0x3C, 0x01 }, { 0x6C, 0x3C, 0x01 }, 0x4B800001 },
	};

	for (size_t i = 0; i < MXA_ARRAY_SIZE(cases); i++) {
		struct tspec s = {
			.m = 1, .n = 1, .k = 3, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E5M2, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NONE, .acc = MXA_ACC_FP32,
			.a = cases[i].a, .b = cases[i].b,
		};

		expect("fp32 block the bound does not settle", &s,
		       &cases[i].want);
	}
}

/*
 * exact mode, e4m3, scale none; products 1*1 (k 0) and x*2^-9 (k 32, in
 * another block).
 * Row 0, C = 2^24, x = 2^-9: 2^24 + 1 + 2^-18 is above the tie between 2^24
 * and 2^24 + 2: D = 2^24 + 2 (0x4B800001). The fp32 mode first rounds
 * 2^24 + 1 to the even 2^24, then adds 2^-18 to no effect: 0x4B800000.
 * Row 1, C = 1e30 (0x7149F2CA), x = 2^-9: unchanged.
 * Row 2, C = -3, x = 2: -3 + 1 + 2^-8 = -1.99609375, exact.
 */
static void test_exact_worked(void)
{
	uint8_t a[3 * 33] = { 0 }, b[33] = { 0 };
	float c[3] = { 16777216.0f, 1e30f, -3.0f };
	uint32_t want[3] = { 0x4B800001, 0x7149F2CA, F(-1.99609375f) };
	struct tspec s = {
		.m = 3, .n = 1, .k = 33, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_EXACT, .a = a, .b = b, .c = c,
	};

	T_CHECK(F(1e30f) == 0x7149F2CA, "1e30f is 0x%08x", F(1e30f));
	for (int r = 0; r < 3; r++) {
		a[r * 33] = 0x38;
		a[r * 33 + 32] = r == 2 ? 0x40 : 0x01;
	}
	b[0] = 0x38;
	b[32] = 0x01;
	expect("exact worked", &s, want);
	s.acc = MXA_ACC_FP32;
	want[0] = 0x4B800000;
	expect("exact example in fp32", &s, want);
}

/*
 * Block sums of more than 53 bits whose double is a float tie: 2^30 + 2^6
 * + 2^-32 (e5m2: 2^15 * 2^15, 2^3 * 2^3, 2^-16 * 2^-16) is just above the
 * midpoint of 2^30 and 2^30 + 2^7, so fl32 is 2^30 + 2^7, where rounding
 * to double first would give 2^30 (a tie, to even). With -2^-32 it is just
 * below: 2^30. In fp32 (one block) and in exact; K = 40 puts a second
 * block of zeros after it.
 */
static void test_double_rounding(void)
{
	uint8_t a[3 * 40] = { 0 }, b[40] = { 0x78, 0x48, 0x01 };
	static const uint8_t rows[3][3] = {
		{ 0x78, 0x48, 0x01 }, { 0x78, 0x48, 0x81 }, { 0xF8, 0xC8, 0x81 },
	};
	uint32_t want[3] = { 0x4E800001, 0x4E800000, 0xCE800001 };
	struct tspec s = {
		.m = 3, .n = 1, .k = 40, .fa = MXA_FMT_E5M2, .fb = MXA_FMT_E5M2,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_FP32, .a = a, .b = b,
	};

	for (int r = 0; r < 3; r++)
		memcpy(a + r * 40, rows[r], 3);
	expect("double rounding fp32", &s, want);
	s.acc = MXA_ACC_EXACT;
	expect("double rounding exact", &s, want);

	/*
	 * An odd double sum with an error towards the midpoint: 2^30 + 2^6 +
	 * 2^-22 - 2^-32 is 2^30 + 2^6 + 2^-22 (odd) in double, error -2^-32;
	 * it stays odd, above the midpoint 2^30 + 2^6 of two floats. Stepping
	 * it towards the error (as for an even sum) would make it a tie.
	 */
	{
		uint8_t a4[40] = { 0x78, 0x48, 0x10, 0x81 };
		uint8_t b4[40] = { 0x78, 0x48, 0x10, 0x01 };
		uint32_t want4 = 0x4E800001;
		struct tspec s4 = {
			.m = 1, .n = 1, .k = 40, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E5M2, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NONE, .acc = MXA_ACC_FP32,
			.a = a4, .b = b4,
		};

		expect("double rounding fp32, odd sum", &s4, &want4);
		s4.acc = MXA_ACC_EXACT;
		expect("double rounding exact, odd sum", &s4, &want4);
	}

	/*
	 * The same after an NV scale of 3: 3 * (2^30 + 2^7 - 2^-32) is just
	 * below the midpoint 3 * 2^30 + 384 of two floats: 3 * 2^30 + 256.
	 */
	{
		uint8_t a2[40] = { 0x78, 0x48, 0x81 }, b2[40] = { 0x78, 0x4C, 0x01 };
		uint8_t sa[3] = { 0x44, 0x38, 0x38 }, sb[3] = { 0x38, 0x38, 0x38 };
		uint32_t want2 = 0x4F400001;
		struct tspec s2 = {
			.m = 1, .n = 1, .k = 40, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E5M2, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NV, .acc = MXA_ACC_FP32,
			.a = a2, .b = b2, .sa = sa, .sb = sb,
		};

		expect("double rounding fp32 nv", &s2, &want2);
	}

	/*
	 * A block sum S of 53 bits (ten products) just above a third of the
	 * float midpoint 2^31 + 2^7: 3 * S = 2^31 + 2^7 + 2^-23, whose double
	 * is the midpoint itself; fl32 is 2^31 + 2^8 only if the error of the
	 * product by the scale is kept. NV scales 3 and 1, blocks of 32.
	 */
	{
		uint8_t a3[32] = { 0x76, 0x6A, 0x5E, 0x52, 0x46, 0x3A, 0x2E, 0x22,
				   0x16, 0x0C };
		uint8_t b3[32] = { 0x77, 0x6B, 0x5F, 0x53, 0x4B, 0x3F, 0x33, 0x27,
				   0x1B, 0x10 };
		uint8_t sa = 0x44, sb = 0x38;
		uint32_t want3 = 0x4F000001;
		struct tspec s3 = {
			.m = 1, .n = 1, .k = 32, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E5M2, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NV, .bs = 32, .acc = MXA_ACC_FP32,
			.a = a3, .b = b3, .sa = &sa, .sb = &sb,
		};

		expect("product error of the scale", &s3, &want3);
	}
}

/*
 * Exactly zero results are +0: 1*1 + 1*2 with C = -3; 1*1 + (-1)*2 with
 * C = 1; 0*1 + (-0)*2 with C = -0.
 */
static void test_exact_zero(void)
{
	uint8_t a[3 * 2] = { 0x38, 0x38, 0x38, 0xB8, 0x00, 0x80 };
	uint8_t b[2] = { 0x38, 0x40 };
	float c[3] = { -3.0f, 1.0f, -0.0f };
	uint32_t want[3] = { 0, 0, 0 };
	struct tspec s = {
		.m = 3, .n = 1, .k = 2, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_EXACT, .a = a, .b = b, .c = c,
	};

	expect("exact zero is +0", &s, want);
	s.acc = MXA_ACC_FP32;
	expect("fp32 zero is +0", &s, want);
}

/*
 * exact, K = 2^20 products of e5m2 57344 * 57344 (0x7B) = 49 * 2^26: the
 * sum is 49 * 2^46 exactly, a float; C = 1 disappears below its ulp (2^28).
 * Row 1 alternates signs: the products cancel and D = C = 1.
 * Specials: C = +inf with a -inf product is NaN; C = -inf with a finite
 * product is -inf.
 */
static void test_exact_large(void)
{
	uint32_t k = 1u << 20;
	uint8_t *a = malloc(2 * (size_t)k), *b = malloc(k);
	float c[2] = { 1.0f, 1.0f };
	uint32_t want[2] = { F(49.0f * 70368744177664.0f), F(1.0f) };
	struct tspec s = {
		.m = 2, .n = 1, .k = k, .fa = MXA_FMT_E5M2, .fb = MXA_FMT_E5M2,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_EXACT, .a = a, .b = b, .c = c,
	};
	uint8_t a2[2] = { 0xFC, 0x3C }, b2[1] = { 0x3C };	/* -inf, 1 */
	float c2[2] = { INFINITY, -INFINITY };
	uint32_t want2[2] = { QNAN, 0xFF800000 };
	struct tspec s2 = {
		.m = 2, .n = 1, .k = 1, .fa = MXA_FMT_E5M2, .fb = MXA_FMT_E5M2,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_EXACT, .a = a2, .b = b2, .c = c2,
	};

	for (uint32_t i = 0; i < k; i++) {
		a[i] = 0x7B;
		a[k + i] = i & 1 ? 0xFB : 0x7B;
		b[i] = 0x7B;
	}
	expect("exact K = 2^20", &s, want);
	free(a);
	free(b);
	expect("exact specials", &s2, want2);
}

/*
 * Range of a block, e4m3 with MX scales, one product each (sa, sb codes):
 * 0: 448 * 448 * 2^127 * 2^127 (254, 254)      -> +inf
 * 1: 1 * 1 * 2^-127 * 2^-20 (0, 107) = 2^-147  -> 0x00000004
 * 2: 1.5 * 1 * 2^-127 * 2^-23 = 0.75 * 2^-149  -> 2^-149, 0x00000001
 * 3: 1 * 1 * 2^-127 * 2^-23 = 2^-150, a tie    -> +0
 * 4: -2^-150 rounds to -0; with C = -0: -0 + -0 -> -0, 0x80000000
 * 5: 0 * 1, exactly zero: +0; C = -0: -0 + +0  -> +0
 * Then +inf and -inf from two overflowing blocks: NaN (bf16 0x7FC0).
 */
static void test_range(void)
{
	static const uint8_t a[6] = { 0x7E, 0x38, 0x3C, 0x38, 0xB8, 0x00 };
	static const uint8_t b[6] = { 0x7E, 0x38, 0x38, 0x38, 0x38, 0x38 };
	static const uint8_t sa[6] = { 254, 0, 0, 0, 0, 0 };
	static const uint8_t sb[6] = { 254, 107, 104, 104, 104, 104 };
	static const uint32_t w[6] = { 0x7F800000, 0x00000004, 0x00000001,
				       0x00000000, 0x80000000, 0x00000000 };
	uint8_t a2[33] = { 0 }, b2[33] = { 0 };
	uint8_t sa2[2] = { 254, 254 }, sb2[2] = { 254, 254 };
	uint32_t want = QNAN;
	struct tspec s2 = {
		.m = 1, .n = 1, .k = 33, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_MX,
		.acc = MXA_ACC_FP32, .a = a2, .b = b2, .sa = sa2, .sb = sb2,
	};

	for (int i = 0; i < 6; i++) {
		float c = i >= 4 ? -0.0f : 0.0f;
		struct tspec s = {
			.m = 1, .n = 1, .k = 1, .fa = MXA_FMT_E4M3,
			.fb = MXA_FMT_E4M3, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_MX, .acc = MXA_ACC_FP32,
			.a = &a[i], .b = &b[i], .sa = &sa[i], .sb = &sb[i],
			.c = &c,
		};

		expect("range", &s, &w[i]);
	}

	a2[0] = 0x7E;
	b2[0] = 0x7E;
	a2[32] = 0xFE;	/* -448 */
	b2[32] = 0x7E;
	expect("inf - inf", &s2, &want);
	s2.out = MXA_FMT_BF16;
	want = 0x7FC0;
	expect("inf - inf bf16", &s2, &want);
}

/*
 * Special-value rules of one block, e5m2 (0x7C +inf, 0xFC -inf, 0x7F NaN,
 * 0x3C 1, 0x40 2), scale none:
 *  0: inf * 0                      -> NaN
 *  1: +inf and -inf products       -> NaN
 *  2: inf * 2 plus 1 * 1           -> +inf
 *  3: -inf * 2 plus 0 * 2          -> -inf
 *  4: a NaN element                -> NaN
 * Rows 0-3 again with B in e2m1 (0x4 2, 0x2 1), a pair the fast path takes.
 */
static void test_specials(void)
{
	static const uint8_t a[5][2] = {
		{ 0x7C, 0x00 }, { 0x7C, 0xFC }, { 0x7C, 0x3C }, { 0xFC, 0x00 },
		{ 0x7F, 0x3C },
	};
	static const uint8_t b[5][2] = {
		{ 0x00, 0x00 }, { 0x40, 0x40 }, { 0x40, 0x3C }, { 0x40, 0x40 },
		{ 0x3C, 0x3C },
	};
	static const uint8_t b_e2m1[4][2] = {
		{ 0x0, 0x0 }, { 0x4, 0x4 }, { 0x4, 0x2 }, { 0x4, 0x4 },
	};
	static const uint32_t want[5] = { QNAN, QNAN, 0x7F800000, 0xFF800000,
					  QNAN };

	for (int i = 0; i < 5; i++) {
		struct tspec s = {
			.m = 1, .n = 1, .k = 2, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E5M2, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NONE, .acc = MXA_ACC_FP32,
			.a = a[i], .b = b[i],
		};

		expect("specials", &s, &want[i]);
		if (i < 4) {
			s.fb = MXA_FMT_E2M1;
			s.b = b_e2m1[i];
			expect("specials e2m1", &s, &want[i]);
		}
	}
}

/*
 * Scales in the special rules, NV, B = {1, 1} in e4m3 (0x38), sa = 1.0
 * (ue4m3 0x38):
 *  0: A = {+inf, 1} (e5m2), sb = 0 (0x00): inf times a zero scale -> NaN
 *  1: A = {1, 1}, sb NaN (0x7F)                                   -> NaN
 *  2: A = {0, -0}, sb = 0                                         -> +0
 * e5m2 x e4m3 is computed by the generic path; rows 1 and 2 again with A in
 * e2m1 (fast path). A NaN MX scale over zero elements is NaN too.
 */
static void test_scale_specials(void)
{
	static const uint8_t a[3][2] = {
		{ 0x7C, 0x3C }, { 0x3C, 0x3C }, { 0x00, 0x80 },
	};
	static const uint8_t a_e2m1[3][2] = {
		{ 0, 0 }, { 0x2, 0x2 }, { 0x0, 0x8 },
	};
	static const uint8_t sb[3] = { 0x00, 0x7F, 0x00 };
	static const uint32_t want[3] = { QNAN, QNAN, 0 };
	static const uint8_t b[2] = { 0x38, 0x38 }, sa = 0x38;
	static const uint8_t zeros[2] = { 0, 0 }, mx_nan = 0xFF, mx_one = 127;

	for (int i = 0; i < 3; i++) {
		struct tspec s = {
			.m = 1, .n = 1, .k = 2, .fa = MXA_FMT_E5M2,
			.fb = MXA_FMT_E4M3, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_NV, .acc = MXA_ACC_FP32,
			.a = a[i], .b = b, .sa = &sa, .sb = &sb[i],
		};

		expect("nv scale specials", &s, &want[i]);
		if (i) {
			s.fa = MXA_FMT_E2M1;
			s.a = a_e2m1[i];
			expect("nv scale specials e2m1", &s, &want[i]);
		}
	}
	{
		uint32_t w = QNAN;
		struct tspec s = {
			.m = 1, .n = 1, .k = 2, .fa = MXA_FMT_E4M3,
			.fb = MXA_FMT_E4M3, .out = MXA_FMT_FP32,
			.scale = MXA_SCALE_MX, .acc = MXA_ACC_FP32,
			.a = zeros, .b = zeros, .sa = &mx_nan, .sb = &mx_one,
		};

		expect("mx NaN scale", &s, &w);
	}
}

/* A NaN in C, whatever its payload, comes out as the canonical NaN. */
static void test_nan_canonical(void)
{
	static const uint8_t a[1] = { 0x38 }, b[1] = { 0x38 };
	float c = t_bits_float(0xFFC01234);
	uint32_t want = QNAN;
	struct tspec s = {
		.m = 1, .n = 1, .k = 1, .fa = MXA_FMT_E4M3, .fb = MXA_FMT_E4M3,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NONE,
		.acc = MXA_ACC_FP32, .a = a, .b = b, .c = &c,
	};

	expect("C NaN payload", &s, &want);
	s.acc = MXA_ACC_EXACT;
	expect("C NaN payload exact", &s, &want);
	s.acc = MXA_ACC_TRUNC;
	expect("C NaN payload trunc", &s, &want);
	s.acc = MXA_ACC_FP32;
	s.out = MXA_FMT_BF16;
	want = 0x7FC0;
	expect("C NaN payload bf16", &s, &want);
}

/*
 * NV with per-tensor scales, e2m1 x e2m1, one block: 6 * 6 * 448 * 448 =
 * 7225344 (exact in float), times g = 0.5 * 0.25 = 0.125: 903168. With
 * only ga = 3 (gb absent = 1): 21676032.
 */
static void test_tensor_scale(void)
{
	uint8_t a[1] = { 0x7 }, b[1] = { 0x7 }, sa[1] = { 0x7E },
		sb[1] = { 0x7E };
	uint32_t want = F(903168.0f);
	struct tspec s = {
		.m = 1, .n = 1, .k = 1, .fa = MXA_FMT_E2M1, .fb = MXA_FMT_E2M1,
		.out = MXA_FMT_FP32, .scale = MXA_SCALE_NV,
		.acc = MXA_ACC_FP32, .ga = 0.5f, .gb = 0.25f, .a = a, .b = b,
		.sa = sa, .sb = sb,
	};

	expect("nv tensor scales", &s, &want);
	s.ga = 3.0f;
	s.gb = 0.0f;
	want = F(21676032.0f);
	expect("nv one tensor scale", &s, &want);
}

/*
 * The caller's floating-point environment does not leak in: with rounding
 * toward zero (and, on x86-64, flush-to-zero and denormals-are-zero) the
 * range cases give the same bits, and the environment is given back.
 */
static void test_fp_env(void)
{
#if defined(__x86_64__)
	unsigned int csr = _mm_getcsr();

	_mm_setcsr(csr | 0x8040);	/* FTZ | DAZ */
#endif
	fesetround(FE_TOWARDZERO);
	test_range();
	test_fp32_worked();
	T_CHECK(fegetround() == FE_TOWARDZERO, "rounding mode not restored");
	fesetround(FE_TONEAREST);
#if defined(__x86_64__)
	T_CHECK((_mm_getcsr() & 0x8040) == 0x8040, "FTZ/DAZ not restored");
	_mm_setcsr(csr);
#endif
}

/* Invalid codes fail with -EINVAL, name where, and leave D alone. */
static void test_invalid(void)
{
	uint8_t a[2 * 5] = { 1, 3, 0, 1, 1, 0, 1, 1, 1, 1 };
	uint8_t b[5] = { 1, 1, 1, 1, 1 };
	uint8_t sa[2] = { 0x38, 0x38 }, sb[1] = { 0x38 };
	struct tspec s = {
		.m = 2, .n = 1, .k = 5, .fa = MXA_FMT_TERNARY,
		.fb = MXA_FMT_TERNARY, .out = MXA_FMT_FP32,
		.scale = MXA_SCALE_NONE, .acc = MXA_ACC_FP32, .a = a, .b = b,
	};
	struct tjob t;
	uint8_t *d;
	int ret;

	build(&s, &t);
	/* Row 1, k 3 of A becomes 0b10 after packing. */
	t.mem[0][t.job.a.stride + 0] = (uint8_t)(t.mem[0][t.job.a.stride] &
						 ~(3u << 6)) | 2u << 6;
	d = malloc(t.d_size);
	ret = run(&t, MXA__EMU_PATH_AUTO, d);
	T_CHECK(ret == -EINVAL, "ternary 0b10: ret %d", ret);
	T_CHECK(strstr(mxa_last_error(), "A row 1, k 3") != NULL,
		"ternary message: '%s'", mxa_last_error());
	T_CHECK(d[0] == SENTINEL && d[4] == SENTINEL, "D written on error");
	free(d);
	destroy(&t);

	s.scale = MXA_SCALE_NV;
	s.sa = sa;
	s.sb = sb;
	build(&s, &t);
	t.mem[3][0] = 0xB8;	/* sign bit set */
	d = malloc(t.d_size);
	ret = run(&t, MXA__EMU_PATH_AUTO, d);
	T_CHECK(ret == -EINVAL, "ue4m3 sign: ret %d", ret);
	T_CHECK(strstr(mxa_last_error(), "B scale row 0, block 0") != NULL,
		"ue4m3 message: '%s'", mxa_last_error());
	T_CHECK(d[0] == SENTINEL, "D written on error");
	free(d);
	destroy(&t);
}

int main(void)
{
	init_code_sets();
	test_round();
	test_round_random();
	test_fp32_worked();
	test_bf16_ties();
	test_trunc_worked();
	test_trunc_defaults();
	test_trunc_scaled();
	test_trunc_wide();
	test_fp32_unsettled();
	test_exact_worked();
	test_exact_zero();
	test_double_rounding();
	test_exact_large();
	test_range();
	test_specials();
	test_scale_specials();
	test_nan_canonical();
	test_tensor_scale();
	test_invalid();
	test_fp_env();
	test_random_paths();
	test_random_modes();
	test_threads();
	return t_exit();
}
