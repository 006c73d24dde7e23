// SPDX-License-Identifier: MIT
/*
 * test_quantize_blocks.c - "mxa quantize --scale mx|nv": the codes, scales
 * and per-tensor scale equal mxa_quantize_blocks() on the same data for
 * every rule, operand and block size; the outputs feed "mxa matmul" to the
 * product the library computes from its own codes; small blocks worked out
 * by hand from docs/numerics.md section 4; and every way the block form
 * must refuse to run.
 */
#include "mxa.h"
#include "tool/tool_test.h"

/* A scale configuration, as the tool's options and the library's opts. */
struct cfg {
	const char *scale, *rule;	/* rule NULL: the default */
	int tensor;
	enum mxa_scale_mode mode;
	enum mxa_scale_rule lib_rule;
};

static const struct cfg cfgs[] = {
	{ "mx", NULL, 0, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR },
	{ "mx", "floor", 0, MXA_SCALE_MX, MXA_SCALE_RULE_FLOOR },
	{ "mx", "ceil", 0, MXA_SCALE_MX, MXA_SCALE_RULE_CEIL },
	{ "nv", NULL, 0, MXA_SCALE_NV, MXA_SCALE_RULE_FLOOR },
	{ "nv", NULL, 1, MXA_SCALE_NV, MXA_SCALE_RULE_FLOOR },
};

#define N_CFGS (sizeof(cfgs) / sizeof(cfgs[0]))

/* Block sizes: 0 is none given (the mode's own). */
static const unsigned sizes[] = { 0, 8, 16, 32, 64 };

/*
 * Values over many binades, so that blocks get scales far apart: each
 * block-sized stretch of K gets its own exponent, with some zero blocks
 * and, @special, a NaN and an infinity.
 */
static void fill(float *x, size_t count, uint64_t seed, int special)
{
	struct t_rng r;

	t_rng_seed(&r, seed);
	for (size_t i = 0; i < count; i++) {
		int e = (int)t_rng_below(&r, 41) - 20;
		float m = (float)t_rng_below(&r, 1u << 20) / (1u << 19) - 1.0f;

		x[i] = ldexpf(m, e);
		if (t_rng_below(&r, 16) == 0)
			x[i] = 0.0f;
	}
	if (special && count > 20) {
		x[3] = NAN;
		x[count - 7] = -INFINITY;
	}
}

/*
 * Builds the tool's command line for @c (the NULL-ended list lands in
 * @args); @bsbuf holds "--block-size=N".
 */
static size_t quant_args(const char **args, const char *fmt,
			 const struct cfg *c, int operand_b, unsigned bs,
			 char *fbuf, size_t fsize, char *bsbuf, size_t bsize,
			 const char *in, const char *codes, const char *scales)
{
	size_t a = 0;

	snprintf(fbuf, fsize, "--format=%s", fmt);
	args[a++] = "quantize";
	args[a++] = fbuf;
	args[a++] = "--scale";
	args[a++] = c->scale;
	args[a++] = operand_b ? "--operand=b" : "--operand=a";
	if (c->rule) {
		args[a++] = "--rule";
		args[a++] = c->rule;
	}
	if (c->tensor)
		args[a++] = "--tensor-scale";
	if (bs) {
		snprintf(bsbuf, bsize, "--block-size=%u", bs);
		args[a++] = bsbuf;
	}
	args[a++] = in;
	args[a++] = codes;
	args[a++] = scales;
	args[a] = NULL;
	return a;
}

/*
 * The tool's stdout after a run with --tensor-scale: one line holding a
 * float that reads back (strtof) as @want exactly; empty without it.
 */
static void check_stdout(int line, int tensor, float want)
{
	char *end;
	float g;

	if (!tensor) {
		T_CHECK(!t_stdout[0], "line %d: output on stdout: %s", line,
			t_stdout);
		return;
	}
	g = strtof(t_stdout, &end);
	T_CHECK(end != t_stdout && !strcmp(end, "\n") &&
		t_float_bits(g) == t_float_bits(want),
		"line %d: tensor scale printed as '%s', want %a (%.9g)", line,
		t_stdout, want, want);
}

/*
 * Quantizes @x (rows x cols) with the tool and with the library and
 * compares the shapes and every byte.
 */
static void compare_one(const char *fmt, enum mxa_format f, const struct cfg *c,
			int operand_b, unsigned bs, const float *x, size_t rows,
			size_t cols)
{
	struct mxa_block_quant_opts q = {
		f, c->mode, c->lib_rule, c->tensor, bs
	};
	unsigned b = bs ? bs : mxa_block_size(c->mode);
	size_t nb = ((operand_b ? rows : cols) + b - 1) / b;
	size_t sshape[2] = { operand_b ? nb : rows, operand_b ? cols : nb };
	size_t shape[2] = { rows, cols }, n, ns;
	uint8_t *want_c = malloc(rows * cols), *want_s = malloc(nb * 64 * 64);
	uint8_t *got_c = NULL, *got_s = NULL;
	char fbuf[32], bsbuf[32], what[96];
	const char *args[24];
	float g = 0;
	int ret;

	snprintf(what, sizeof(what), "%s %s%s%s%s, %s, bs %u", fmt, c->scale,
		 c->rule ? " " : "", c->rule ? c->rule : "",
		 c->tensor ? " tensor" : "", operand_b ? "B" : "A", bs);
	ret = mxa_quantize_blocks(&q, x, rows, cols, !operand_b, want_c,
				  want_s, &g);
	T_CHECK(!ret, "%s: library: %s", what, mxa_last_error());

	t_npy_f32("x.npy", 2, shape, x);
	quant_args(args, fmt, c, operand_b, bs, fbuf, sizeof(fbuf), bsbuf,
		   sizeof(bsbuf), "x.npy", "c.npy", "s.npy");
	if (!ret && t_ok_at(__LINE__, args)) {
		check_stdout(__LINE__, c->tensor, g);
		got_c = t_npy_check(__LINE__, "c.npy", "|u1", 2, shape, &n);
		got_s = t_npy_check(__LINE__, "s.npy", "|u1", 2, sshape, &ns);
		/* The first difference of each array tells all. */
		for (size_t i = 0; got_c && i < n; i++) {
			T_CHECK(got_c[i] == want_c[i],
				"%s: code %zu is 0x%02x, want 0x%02x", what, i,
				got_c[i], want_c[i]);
			if (got_c[i] != want_c[i])
				break;
		}
		for (size_t i = 0; got_s && i < ns; i++) {
			T_CHECK(got_s[i] == want_s[i],
				"%s: scale %zu is 0x%02x, want 0x%02x", what, i,
				got_s[i], want_s[i]);
			if (got_s[i] != want_s[i])
				break;
		}
	}
	free(got_c);
	free(got_s);
	free(want_c);
	free(want_s);
	unlink("x.npy");
	unlink("c.npy");
	unlink("s.npy");
}

/* (a) Every rule, both operands, every block size, several formats. */
static void test_matches_library(void)
{
	static const char *const fmts[] = { "e4m3", "e2m1", "int8", "int4",
					    "e2m2" };
	/* K = 70: a partial last block for every block size. */
	const size_t m = 5, k = 70;
	float x[5 * 70];

	for (size_t fi = 0; fi < sizeof(fmts) / sizeof(fmts[0]); fi++) {
		int f = mxa_format_parse(fmts[fi]);

		T_CHECK(f >= 0, "format %s", fmts[fi]);
		for (size_t ci = 0; ci < N_CFGS; ci++)
			for (size_t si = 0; si < 5; si++)
				for (int b = 0; b < 2; b++) {
					fill(x, m * k, 100 * fi + 10 * ci + si,
					     fi == 0 && si == 1);
					compare_one(fmts[fi], (enum mxa_format)f,
						    &cfgs[ci], b, sizes[si], x,
						    b ? k : m, b ? m : k);
				}
	}
}

/* Writes a rows x cols matrix of codes into a new buffer, transposed or not. */
static struct mxa_buffer *pack(struct mxa_device *dev, enum mxa_format fmt,
			       const uint8_t *codes, size_t rows, size_t cols,
			       int transpose)
{
	size_t out_rows = transpose ? cols : rows, len = transpose ? rows : cols;
	size_t row_bytes = mxa_packed_size(fmt, len);
	uint8_t line[256];
	struct mxa_buffer *buf = NULL;
	uint8_t *map;

	if (mxa_buffer_new(dev, out_rows * row_bytes, &buf)) {
		T_CHECK(0, "buffer: %s", mxa_last_error());
		return NULL;
	}
	map = mxa_buffer_map(buf);
	for (size_t r = 0; r < out_rows; r++) {
		for (size_t i = 0; i < len; i++)
			line[i] = transpose ? codes[i * cols + r] :
					      codes[r * cols + i];
		T_CHECK(!mxa_pack(fmt, line, len, map + r * row_bytes),
			"pack: %s", mxa_last_error());
	}
	return buf;
}

/*
 * D = A x B computed by the library from codes it quantized itself: the
 * job "mxa matmul" describes, built here without the tool.
 */
static int library_product(const struct mxa_block_quant_opts *qa,
			   const struct mxa_block_quant_opts *qb,
			   const float *a, const float *b, size_t m, size_t k,
			   size_t n, float *d)
{
	unsigned bs = qa->block_size ? qa->block_size :
		      mxa_block_size(qa->scale);
	size_t nb = (k + bs - 1) / bs;
	enum mxa_format sf = qa->scale == MXA_SCALE_NV ? MXA_FMT_UE4M3 :
							 MXA_FMT_E8M0;
	uint8_t ca[8 * 128], cb[128 * 8], sa[8 * 16], sb[16 * 8];
	struct mxa_matmul job;
	struct mxa_device *dev;
	struct mxa_buffer *buf[5] = { NULL };
	float ga, gb;
	int ret;

	if (mxa_quantize_blocks(qa, a, m, k, 1, ca, sa, &ga) ||
	    mxa_quantize_blocks(qb, b, k, n, 0, cb, sb, &gb) ||
	    mxa_device_open("emu", &dev)) {
		T_CHECK(0, "library: %s", mxa_last_error());
		return -1;
	}
	memset(&job, 0, sizeof(job));
	job.m = (uint32_t)m;
	job.n = (uint32_t)n;
	job.k = (uint32_t)k;
	job.a_format = qa->format;
	job.b_format = qb->format;
	job.scale = qa->scale;
	job.block_size = qa->block_size;
	job.acc = MXA_ACC_FP32;
	job.out_format = MXA_FMT_FP32;
	job.a_tensor_scale = qa->tensor_scale ? ga : 0;
	job.b_tensor_scale = qb->tensor_scale ? gb : 0;
	buf[0] = pack(dev, qa->format, ca, m, k, 0);
	buf[1] = pack(dev, qb->format, cb, k, n, 1);
	buf[2] = pack(dev, sf, sa, m, nb, 0);
	buf[3] = pack(dev, sf, sb, nb, n, 1);
	ret = mxa_buffer_new(dev, m * n * 4, &buf[4]);
	if (!ret && buf[0] && buf[1] && buf[2] && buf[3]) {
		job.a.buf = buf[0];
		job.b.buf = buf[1];
		job.a_scale.buf = buf[2];
		job.b_scale.buf = buf[3];
		job.d.buf = buf[4];
		ret = mxa_matmul_run(dev, &job);
		T_CHECK(!ret, "library matmul: %s", mxa_last_error());
		if (!ret) {
			const uint8_t *p = mxa_buffer_map(buf[4]);

			for (size_t i = 0; i < m * n; i++)
				d[i] = t_bits_float((uint32_t)p[4 * i] |
						    (uint32_t)p[4 * i + 1] << 8 |
						    (uint32_t)p[4 * i + 2] << 16 |
						    (uint32_t)p[4 * i + 3] << 24);
		}
	} else {
		ret = -1;
	}
	for (size_t i = 0; i < 5; i++)
		mxa_buffer_del(buf[i]);
	mxa_device_close(dev);
	return ret;
}

/* Runs quantize for one operand; *g receives the printed tensor scale. */
static int tool_quantize(const char *fmt, const struct cfg *c, int operand_b,
			 unsigned bs, const char *in, const char *codes,
			 const char *scales, char *g, size_t gsize)
{
	char fbuf[32], bsbuf[32];
	const char *args[24];
	size_t len;

	quant_args(args, fmt, c, operand_b, bs, fbuf, sizeof(fbuf), bsbuf,
		   sizeof(bsbuf), in, codes, scales);
	if (!t_ok_at(__LINE__, args))
		return -1;
	/* The line, less its newline: matmul must take it as printed. */
	len = strcspn(t_stdout, "\n");

	if (len >= gsize) {
		T_CHECK(0, "tensor scale line too long: %s", t_stdout);
		return -1;
	}
	memcpy(g, t_stdout, len);
	g[len] = '\0';
	return 0;
}

/* (b) quantize A and B, then matmul, equals the library's product. */
static void test_round_trip(void)
{
	static const struct {
		const char *af, *bf;
		size_t ci;
		unsigned bs;
	} cases[] = {
		{ "e4m3", "e2m1", 0, 0 },
		{ "int8", "e4m3", 2, 64 },
		{ "e2m2", "int4", 1, 8 },
		{ "e2m1", "e2m1", 4, 0 },
		{ "e2m1", "e4m3", 4, 32 },
		{ "int4", "e2m2", 3, 8 },
		{ "e4m3", "int8", 3, 64 },
	};
	const size_t m = 6, k = 100, n = 5;
	float a[6 * 100], b[100 * 5], want[6 * 5];

	for (size_t t = 0; t < sizeof(cases) / sizeof(cases[0]); t++) {
		const struct cfg *c = &cfgs[cases[t].ci];
		struct mxa_block_quant_opts qa = {
			(enum mxa_format)mxa_format_parse(cases[t].af), c->mode,
			c->lib_rule, c->tensor, cases[t].bs
		};
		struct mxa_block_quant_opts qb = qa;
		char ga[64] = "", gb[64] = "", fa[32], fb[32], bsbuf[32];
		const char *args[32];
		size_t a_n = 0;
		float *d;

		qb.format = (enum mxa_format)mxa_format_parse(cases[t].bf);
		fill(a, m * k, 1000 + t, 0);
		fill(b, k * n, 2000 + t, 0);
		if (library_product(&qa, &qb, a, b, m, k, n, want))
			continue;
		t_npy_f32("a.npy", 2, (size_t[]){ m, k }, a);
		t_npy_f32("b.npy", 2, (size_t[]){ k, n }, b);
		if (tool_quantize(cases[t].af, c, 0, cases[t].bs, "a.npy",
				  "ca.npy", "sa.npy", ga, sizeof(ga)) ||
		    tool_quantize(cases[t].bf, c, 1, cases[t].bs, "b.npy",
				  "cb.npy", "sb.npy", gb, sizeof(gb)))
			goto next;

		snprintf(fa, sizeof(fa), "--a-format=%s", cases[t].af);
		snprintf(fb, sizeof(fb), "--b-format=%s", cases[t].bf);
		args[a_n++] = "matmul";
		args[a_n++] = "--device=emu";
		args[a_n++] = fa;
		args[a_n++] = fb;
		args[a_n++] = "--scale";
		args[a_n++] = c->scale;
		args[a_n++] = "--a=ca.npy";
		args[a_n++] = "--a-scale=sa.npy";
		args[a_n++] = "--b=cb.npy";
		args[a_n++] = "--b-scale=sb.npy";
		args[a_n++] = "--out=d.npy";
		if (cases[t].bs) {
			snprintf(bsbuf, sizeof(bsbuf), "--block-size=%u",
				 cases[t].bs);
			args[a_n++] = bsbuf;
		}
		if (c->tensor) {
			args[a_n++] = "--a-tensor-scale";
			args[a_n++] = ga;
			args[a_n++] = "--b-tensor-scale";
			args[a_n++] = gb;
		}
		args[a_n] = NULL;
		if (!t_ok_at(__LINE__, args))
			goto next;
		d = t_npy_read_f32(__LINE__, "d.npy", 2, (size_t[]){ m, n });
		for (size_t i = 0; d && i < m * n; i++)
			T_CHECK(t_float_bits(d[i]) == t_float_bits(want[i]),
				"%s x %s %s: D[%zu] = %a, library %a",
				cases[t].af, cases[t].bf, c->scale, i, d[i],
				want[i]);
		free(d);
next:
		unlink("a.npy");
		unlink("b.npy");
		unlink("ca.npy");
		unlink("sa.npy");
		unlink("cb.npy");
		unlink("sb.npy");
		unlink("d.npy");
	}
}

/*
 * Runs the block form on @x of @shape and checks the codes and scales
 * against @codes and @scales (@sshape); @opts are the options.
 */
static void check_hand(int line, const char *const *args, const float *x,
		       const size_t *shape, const uint8_t *codes,
		       const size_t *sshape, const uint8_t *scales)
{
	size_t n, ns;
	uint8_t *c, *s;

	t_npy_f32("h.npy", 2, shape, x);
	if (t_ok_at(line, args)) {
		c = t_npy_check(line, "hc.npy", "|u1", 2, shape, &n);
		s = t_npy_check(line, "hs.npy", "|u1", 2, sshape, &ns);
		for (size_t i = 0; c && i < n; i++)
			T_CHECK(c[i] == codes[i],
				"line %d: code %zu (%g) is 0x%02x, want 0x%02x",
				line, i, x[i], c[i], codes[i]);
		for (size_t i = 0; s && i < ns; i++)
			T_CHECK(s[i] == scales[i],
				"line %d: scale %zu is 0x%02x, want 0x%02x",
				line, i, s[i], scales[i]);
		free(c);
		free(s);
	}
	unlink("h.npy");
	unlink("hc.npy");
	unlink("hs.npy");
}

#define HAND(x, shape, codes, sshape, scales, ...)                           \
	check_hand(__LINE__,                                                 \
		   (const char *const[]){ "quantize", __VA_ARGS__, "h.npy",  \
					  "hc.npy", "hs.npy", NULL },        \
		   x, shape, codes, sshape, scales)

/* (c) Blocks worked out by hand from docs/numerics.md section 4. */
static void test_by_hand(void)
{
	/*
	 * e4m3 (maxv 448, emax 8), rows of one block of 32. Row 0: amax 3,
	 * floor rule X = floor(log2 3) - 8 = -7, code 120; elements x 2^7:
	 * 384 = 1.5 x 2^8 is 0x7C, 128 is 0x70, -64 is 0xE8. Row 1: zeros,
	 * X = -127, code 0. Row 2: a NaN: scale 0xFF, codes 0.
	 */
	float x[3 * 32] = { 3.0f, 1.0f, -0.5f };
	uint8_t codes[3 * 32] = { 0x7C, 0x70, 0xE8 };
	const uint8_t scales[3] = { 120, 0, 0xFF };
	/* Row 0 of 500 and 1: floor X = 0 saturates 500 to 448 (0x7E). */
	float y[32] = { 500.0f, 1.0f };
	const uint8_t floor_c[32] = { 0x7E, 0x38 }, floor_s[1] = { 127 };
	/* Ceil: 500 / 448 rounds up to 2^1 (code 128); 250 -> 256, 0.5. */
	const uint8_t ceil_c[32] = { 0x78, 0x30 }, ceil_s[1] = { 128 };
	/* int8 (MXINT8, emax 0): amax 3 gives X = 1; 1.5 x 2^6 = 96, -32. */
	float z[32] = { 3.0f, -1.0f };
	const uint8_t int8_c[32] = { 0x60, 0xE0 }, int8_s[1] = { 128 };
	/* e2m1 nv: amax 6 = maxv: scale 1.0 (ue4m3 0x38); 6, -1, 0.5. */
	float v[16] = { 6.0f, -1.0f, 0.5f };
	const uint8_t nv_c[16] = { 0x7, 0xA, 0x1 }, nv_s[1] = { 0x38 };

	x[2 * 32 + 5] = NAN;
	x[2 * 32 + 6] = 1.0f;
	HAND(x, ((size_t[]){ 3, 32 }), codes, ((size_t[]){ 3, 1 }), scales,
	     "--format=e4m3", "--scale=mx", "--operand=a");
	/* The same columns as B: K down the column, one scale per column. */
	{
		float xt[32 * 3];
		uint8_t ct[32 * 3];

		for (size_t i = 0; i < 3; i++)
			for (size_t j = 0; j < 32; j++) {
				xt[j * 3 + i] = x[i * 32 + j];
				ct[j * 3 + i] = codes[i * 32 + j];
			}
		HAND(xt, ((size_t[]){ 32, 3 }), ct, ((size_t[]){ 1, 3 }),
		     scales, "--format=e4m3", "--scale=mx", "--operand=b");
	}
	/*
	 * K of 33 in blocks of 32: a second block of one element, 2, with
	 * X = 1 - 8 = -7 like the first: 2 x 2^7 = 256 = 2^8 is 0x78.
	 */
	{
		float w[33] = { 3.0f };
		uint8_t wc[33] = { 0x7C };

		w[32] = 2.0f;
		wc[32] = 0x78;
		HAND(w, ((size_t[]){ 1, 33 }), wc, ((size_t[]){ 1, 2 }),
		     ((const uint8_t[]){ 120, 120 }), "--format=e4m3",
		     "--scale=mx", "--operand=a");
	}
	HAND(y, ((size_t[]){ 1, 32 }), floor_c, ((size_t[]){ 1, 1 }), floor_s,
	     "--format=e4m3", "--scale=mx", "--operand=a", "--rule=floor");
	HAND(y, ((size_t[]){ 1, 32 }), ceil_c, ((size_t[]){ 1, 1 }), ceil_s,
	     "--format=e4m3", "--scale=mx", "--operand=a", "--rule=ceil");
	HAND(z, ((size_t[]){ 1, 32 }), int8_c, ((size_t[]){ 1, 1 }), int8_s,
	     "--format=int8", "--scale=mx", "--operand=a");
	HAND(v, ((size_t[]){ 1, 16 }), nv_c, ((size_t[]){ 1, 1 }), nv_s,
	     "--format=e2m1", "--scale=nv", "--operand=a");
	/* Blocks of 8: two scales for 16 elements, the second block zero. */
	HAND(v, ((size_t[]){ 1, 16 }), nv_c, ((size_t[]){ 1, 2 }),
	     ((const uint8_t[]){ 0x38, 0x00 }), "--format=e2m1", "--scale=nv",
	     "--operand=a", "--block-size=8");

	/*
	 * With a per-tensor scale: g = 6 / (448 x 6), printed; the block's
	 * t = 1 / g rounds to ue4m3 448 (0x7E), and d = 448 g is 1 within
	 * an ulp, which leaves the codes as they were.
	 */
	t_npy_f32("h.npy", 2, (size_t[]){ 1, 16 }, v);
	if (t_ok("quantize", "--format=e2m1", "--scale=nv", "--operand=a",
		 "--tensor-scale", "h.npy", "hc.npy", "hs.npy")) {
		size_t n;
		uint8_t *c = t_npy_check(__LINE__, "hc.npy", "|u1", 2,
					 (size_t[]){ 1, 16 }, &n);
		uint8_t *s = t_npy_check(__LINE__, "hs.npy", "|u1", 2,
					 (size_t[]){ 1, 1 }, &n);

		check_stdout(__LINE__, 1, 6.0f / 2688.0f);
		T_CHECK(c && !memcmp(c, nv_c, 16) && s && s[0] == 0x7E,
			"nv with a tensor scale: codes or scale differ");
		free(c);
		free(s);
	}
	unlink("h.npy");
	unlink("hc.npy");
	unlink("hs.npy");
}

/* (d) Every refusal: one line, the right status, nothing left behind. */
static void test_errors(void)
{
	static const float x1[3] = { 1, 2, 3 };
	static const uint8_t u[4] = { 1, 2, 3, 4 };
	float x2[2 * 4] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	t_npy_f32("m.npy", 2, (size_t[]){ 2, 4 }, x2);
	t_npy_f32("v.npy", 1, (size_t[]){ 3 }, x1);
	t_npy_f32("t.npy", 3, (size_t[]){ 1, 2, 4 }, x2);
	t_npy_f32("z.npy", 0, NULL, x1);
	t_npy_f32("e.npy", 2, (size_t[]){ 0, 4 }, x1);
	t_npy("u.npy", "|u1", 0, 2, (size_t[]){ 2, 2 }, u, 4);

	/* Command lines that make no sense. */
	t_fails(2, "ceil is for --scale mx", "c.npy", "quantize", "--format=e4m3", "--scale=nv",
		"--operand=a", "--rule=ceil", "m.npy", "c.npy", "s.npy");
	t_fails(2, "floor is for", "c.npy", "quantize", "--format=e4m3",
		"--scale=nv", "--operand=a", "--rule=floor", "m.npy", "c.npy",
		"s.npy");
	t_fails(2, "round", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "--rule=round", "m.npy", "c.npy", "s.npy");
	t_fails(2, "--rule", "c.npy", "quantize", "--format=e4m3",
		"--rule=ceil", "m.npy", "c.npy");
	t_fails(2, "--block-size", "c.npy", "quantize", "--format=e4m3",
		"--block-size=16", "m.npy", "c.npy");
	t_fails(2, "--block-size", "c.npy", "quantize", "--format=e4m3",
		"--scale=none", "--block-size=16", "m.npy", "c.npy");
	t_fails(2, "12", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "--block-size=12", "m.npy", "c.npy", "s.npy");
	t_fails(2, "128", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "--block-size=128", "m.npy", "c.npy", "s.npy");
	t_fails(2, "4", "c.npy", "quantize", "--format=e4m3", "--scale=nv",
		"--operand=a", "--block-size=4", "m.npy", "c.npy", "s.npy");
	t_fails(2, "--operand", "c.npy", "quantize", "--format=e4m3",
		"--operand=a", "m.npy", "c.npy");
	t_fails(2, "operand", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "m.npy", "c.npy", "s.npy");
	t_fails(2, "'c'", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=c", "m.npy", "c.npy", "s.npy");
	t_fails(2, "--tensor-scale", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "--tensor-scale", "m.npy", "c.npy",
		"s.npy");
	t_fails(2, "--tensor-scale", "c.npy", "quantize", "--format=e4m3",
		"--tensor-scale", "m.npy", "c.npy");
	t_fails(2, "--tensor-scale", "c.npy", "quantize", "--format=e4m3",
		"--scale=nv", "--operand=a", "--tensor-scale=1", "m.npy",
		"c.npy", "s.npy");
	t_fails(2, "e8m0", "c.npy", "quantize", "--format=e8m0", "--scale=mx",
		"--operand=a", "m.npy", "c.npy", "s.npy");
	t_fails(2, "ue4m3", "c.npy", "quantize", "--format=ue4m3",
		"--scale=nv", "--operand=b", "m.npy", "c.npy", "s.npy");
	t_fails(2, "bf16", "c.npy", "quantize", "--format=bf16", "--scale=nv",
		"--operand=b", "m.npy", "c.npy", "s.npy");
	t_fails(2, "format", "c.npy", "quantize", "--scale=mx", "--operand=a",
		"m.npy", "c.npy", "s.npy");
	t_fails(2, "--round", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "--round=rz", "m.npy", "c.npy",
		"s.npy");
	t_fails(2, "--saturate", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "--saturate", "m.npy", "c.npy",
		"s.npy");
	t_fails(2, "--no-saturate", "c.npy", "quantize", "--format=e4m3",
		"--scale=nv", "--operand=a", "--no-saturate", "m.npy",
		"c.npy", "s.npy");
	t_fails(2, "mxfp", "c.npy", "quantize", "--format=e4m3",
		"--scale=mxfp", "--operand=a", "m.npy", "c.npy", "s.npy");
	t_fails(2, "SCALES", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "m.npy", "c.npy");
	t_fails(2, "extra.npy", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "m.npy", "c.npy", "s.npy",
		"extra.npy");
	t_fails(2, "s.npy", "c.npy", "quantize", "--format=e4m3", "m.npy",
		"c.npy", "s.npy");
	t_fails(2, "differ", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "m.npy", "c.npy", "c.npy");

	/* Inputs the block form cannot take. */
	t_fails(1, "(3,)", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "v.npy", "c.npy", "s.npy");
	t_fails(1, "(1, 2, 4)", "c.npy", "quantize", "--format=e4m3",
		"--scale=nv", "--operand=b", "t.npy", "c.npy", "s.npy");
	t_fails(1, "()", "c.npy", "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "z.npy", "c.npy", "s.npy");
	t_fails(1, "(0, 4)", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "e.npy", "c.npy", "s.npy");
	t_fails(1, "float32", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "u.npy", "c.npy", "s.npy");
	t_fails(1, "no such file", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "nothere.npy", "c.npy", "s.npy");

	/* Outputs that cannot be written: neither file is left behind. */
	t_fails(1, "nodir/c.npy", "s.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "m.npy", "nodir/c.npy", "s.npy");
	t_fails(1, "nodir/s.npy", "c.npy", "quantize", "--format=e4m3",
		"--scale=mx", "--operand=a", "m.npy", "c.npy", "nodir/s.npy");
	mkdir("adir", 0700);
	t_fails(1, "adir", "c.npy", "quantize", "--format=e4m3", "--scale=nv",
		"--operand=a", "--tensor-scale", "m.npy", "c.npy", "adir");
	T_CHECK(rmdir("adir") == 0, "the directory was written into");

	/* A failing run leaves existing outputs as they were. */
	t_write_file("keep.npy", "old", 3);
	t_fails(1, "(3,)", NULL, "quantize", "--format=e4m3", "--scale=mx",
		"--operand=a", "v.npy", "keep.npy", "s.npy");
	{
		size_t len;
		uint8_t *b = t_read_file("keep.npy", &len);

		T_CHECK(b && len == 3 && !memcmp(b, "old", 3),
			"a failed run changed an existing output");
		free(b);
	}
	unlink("keep.npy");

	/* --scale none is the element form; the help shows the block form. */
	if (t_ok("quantize", "--format=e4m3", "--scale=none", "m.npy",
		 "c.npy"))
		T_CHECK(t_exists("c.npy"), "--scale none wrote nothing");
	unlink("c.npy");
	if (t_ok("quantize", "--help"))
		T_CHECK(t_contains(t_stdout, "--operand a|b") &&
			t_contains(t_stdout, "--tensor-scale") &&
			t_contains(t_stdout, "SCALES.npy"),
			"the help does not show the block form");

	unlink("m.npy");
	unlink("v.npy");
	unlink("t.npy");
	unlink("z.npy");
	unlink("e.npy");
	unlink("u.npy");
	T_CHECK(t_dir_entries() == 0, "files left in the work directory");
}

int main(void)
{
	t_setup();
	test_by_hand();
	test_errors();
	test_matches_library();
	test_round_trip();
	return t_exit();
}
