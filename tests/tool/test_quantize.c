// SPDX-License-Identifier: MIT
/*
 * test_quantize.c - "mxa quantize" and "mxa dequantize": codes of values
 * worked out by hand from docs/numerics.md, every code of every format
 * through dequantize and back, arrays of 0 to 3 dimensions and Fortran
 * order, and every way the two commands must refuse to run.
 */
#include <float.h>

#include "tool_test.h"

struct known {
	float x;
	uint8_t code;
};

/*
 * Quantizes @n values with @opts (options separated by spaces) and checks
 * every code.
 */
static void check_known(int line, const char *opts, const struct known *k,
			size_t n)
{
	const char *args[16];
	size_t shape[1] = { n }, count, a = 0;
	char buf[256], *save, *tok;
	float x[64];
	uint8_t *codes;

	for (size_t i = 0; i < n; i++)
		x[i] = k[i].x;
	t_npy_f32("in.npy", 1, shape, x);
	snprintf(buf, sizeof(buf), "%s", opts);
	args[a++] = "quantize";
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		args[a++] = tok;
	args[a++] = "in.npy";
	args[a++] = "out.npy";
	args[a] = NULL;
	if (!t_ok_at(line, args))
		return;
	unlink("in.npy");
	codes = t_npy_check(line, "out.npy", "|u1", 1, shape, &count);
	for (size_t i = 0; codes && i < n; i++)
		T_CHECK(codes[i] == k[i].code,
			"line %d: %s: %a gives 0x%02x, want 0x%02x", line,
			opts, k[i].x, codes[i], k[i].code);
	free(codes);
	unlink("out.npy");
}

#define KNOWN(opts, ...)                                                     \
	do {                                                                 \
		const struct known k_[] = { __VA_ARGS__ };                   \
		check_known(__LINE__, opts, k_, sizeof(k_) / sizeof(k_[0])); \
	} while (0)

static void test_known_values(void)
{
	const float tiny = ldexpf(1, -130);

	KNOWN("--format=e4m3",
	      { 1.0f, 0x38 }, { 448, 0x7E }, { 500, 0x7E }, { -0.0f, 0x80 },
	      { 0.5f, 0x30 }, { ldexpf(1, -9), 0x01 }, { ldexpf(1, -10), 0x00 },
	      { ldexpf(3, -10), 0x02 }, { 17, 0x58 }, { NAN, 0x7F },
	      { -NAN, 0x7F }, { -INFINITY, 0xFE }, { -1.875f, 0xBF });
	KNOWN("--format e4m3 --no-saturate",
	      { 464, 0x7E }, { 465, 0x7F }, { -500, 0xFF },
	      { INFINITY, 0x7F }, { -INFINITY, 0xFF }, { 448, 0x7E });
	KNOWN("--format=e4m3 --round=rz",
	      { 17.9f, 0x58 }, { -1.99f, 0xBF }, { 1e6f, 0x7E });
	KNOWN("--format=e5m2",
	      { 1.0f, 0x3C }, { -0.0f, 0x80 }, { 57344, 0x7B }, { 61440, 0x7B },
	      { -INFINITY, 0xFB }, { NAN, 0x7F }, { 1.125f, 0x3C },
	      { 1.375f, 0x3E }, { ldexpf(1, -16), 0x01 },
	      { ldexpf(1, -17), 0x00 }, { -ldexpf(1, -17), 0x80 });
	KNOWN("--format=e5m2 --no-saturate",
	      { 61440, 0x7C }, { 61439, 0x7B }, { INFINITY, 0x7C },
	      { -1e6f, 0xFC });
	KNOWN("--format=e5m2 --round rz", { 1.49f, 0x3D }, { 1e6f, 0x7B });
	KNOWN("--format=e3m2",
	      { 1.0f, 0x0C }, { 28, 0x1F }, { 100, 0x1F }, { -0.0f, 0x20 },
	      { -28, 0x3F }, { 0.0625f, 0x01 }, { NAN, 0x1F },
	      { -INFINITY, 0x3F }, { 1.125f, 0x0C });
	KNOWN("--format=e2m3",
	      { 1.0f, 0x08 }, { 7.5f, 0x1F }, { -1, 0x28 }, { 0.125f, 0x01 },
	      { 8, 0x1F }, { -0.0f, 0x20 }, { 1.0625f, 0x08 }, { NAN, 0x1F });
	KNOWN("--format=e2m1",
	      { 6.0f, 0x7 }, { 1.0f, 0x2 }, { 0.5f, 0x1 }, { -0.0f, 0x8 },
	      { 0.25f, 0x0 }, { 0.75f, 0x2 }, { 2.5f, 0x4 }, { -5, 0xE },
	      { 100, 0x7 }, { -0.25f, 0x8 }, { 1.25f, 0x2 }, { 1.75f, 0x4 },
	      { NAN, 0x7 });
	KNOWN("--format=e2m1 --round=rz", { 5.9f, 0x6 }, { -2.9f, 0xC });
	KNOWN("--format=int8",
	      { 3.5f, 0x04 }, { 2.5f, 0x02 }, { -2.5f, 0xFE }, { -1, 0xFF },
	      { 200, 0x7F }, { -300, 0x80 }, { NAN, 0x00 }, { 127.4f, 0x7F },
	      { -128, 0x80 }, { -0.0f, 0x00 }, { 0.5f, 0x00 });
	KNOWN("--format=int8 --round=rz", { -2.7f, 0xFE }, { 2.7f, 0x02 });
	KNOWN("--format=ternary",
	      { -1, 0x3 }, { 1, 0x1 }, { 0.5f, 0x0 }, { 0.6f, 0x1 },
	      { -0.5f, 0x0 }, { -0.6f, 0x3 }, { -7, 0x3 }, { NAN, 0x0 },
	      { -0.0f, 0x0 });
	KNOWN("--format=ternary --round=rz", { 0.99f, 0x0 }, { -1.5f, 0x3 });
	KNOWN("--format=e8m0",
	      { 1.0f, 0x7F }, { 3.0f, 0x80 }, { 0.75f, 0x7E }, { 0, 0x00 },
	      { -4, 0x81 }, { NAN, 0xFF }, { INFINITY, 0xFE },
	      { ldexpf(1, -127), 0x00 }, { tiny, 0x00 }, { FLT_MAX, 0xFE });
	KNOWN("--format=e8m0 --round=ru",
	      { 3.0f, 0x81 }, { 1.0f, 0x7F }, { 0.75f, 0x7F }, { tiny, 0x00 },
	      { FLT_MAX, 0xFE });
	KNOWN("--format=e8m0 --round=ru --no-saturate",
	      { FLT_MAX, 0xFF }, { INFINITY, 0xFF }, { 2.0f, 0x80 });
	KNOWN("--format=e8m0 --round=rz --saturate", { 3.0f, 0x80 });
	KNOWN("--format=ue4m3",
	      { 1.0f, 0x38 }, { -1, 0x00 }, { -0.0f, 0x00 }, { NAN, 0x7F },
	      { 448, 0x7E }, { 1000, 0x7E });
	KNOWN("--format=ue4m3 --no-saturate", { 1000, 0x7F });
}

/*
 * Every code of every format: dequantize gives the value of the format
 * tables, and quantizing that value gives the code back (NaNs come back
 * as the canonical NaN code, infinities need --no-saturate).
 */
static void test_all_codes(void)
{
	for (unsigned f = 0; f < T_NUM_FMTS; f++) {
		const struct t_fmt *d = &t_fmts[f];
		int scale = !strcmp(d->name, "e8m0");
		int fp8 = !strcmp(d->name, "e5m2") || !strcmp(d->name, "e4m3") ||
			  !strcmp(d->name, "ue4m3");
		uint8_t codes[256], *back;
		double want[256];
		char fmt[32];
		size_t n = 0, shape[1], count;
		float *x;

		for (unsigned c = 0; c < 1u << d->bits; c++) {
			if (t_decode(f, c, &want[n]))
				codes[n++] = (uint8_t)c;
		}
		shape[0] = n;
		snprintf(fmt, sizeof(fmt), "--format=%s", d->name);
		t_npy("codes.npy", "|u1", 0, 1, shape, codes, n);
		if (!t_ok("dequantize", fmt, "codes.npy", "values.npy"))
			continue;
		x = t_npy_read_f32(__LINE__, "values.npy", 1, shape);
		for (size_t i = 0; x && i < n; i++) {
			int same = isnan(want[i]) ? isnan(x[i]) :
				   x[i] == want[i] &&
				   !signbit(x[i]) == !signbit(want[i]);

			T_CHECK(same, "%s code 0x%02x decodes to %a, want %a",
				d->name, codes[i], x[i], want[i]);
		}
		free(x);

		if (!t_ok("quantize", fmt, fp8 || scale ? "--no-saturate" : "--",
			  "values.npy", "back.npy"))
			continue;
		back = t_npy_check(__LINE__, "back.npy", "|u1", 1, shape, &count);
		for (size_t i = 0; back && i < n; i++) {
			uint8_t expect = codes[i];

			if (isnan(want[i]))
				expect = scale ? 0xFF : 0x7F;
			T_CHECK(back[i] == expect,
				"%s code 0x%02x comes back as 0x%02x, want 0x%02x",
				d->name, codes[i], back[i], expect);
		}
		free(back);
		unlink("codes.npy");
		unlink("values.npy");
		unlink("back.npy");
	}
}

/* int8 codes may come as int8 ('|i1'); the values are the integers. */
static void test_int8_dtype(void)
{
	const int8_t codes[4] = { -128, -1, 0, 127 };
	size_t shape[2] = { 2, 2 };
	float *x;

	t_npy("i8.npy", "|i1", 0, 2, shape, codes, 4);
	if (t_ok("dequantize", "--format", "int8", "i8.npy", "v.npy")) {
		x = t_npy_read_f32(__LINE__, "v.npy", 2, shape);
		T_CHECK(x && x[0] == -128 && x[1] == -1 && x[2] == 0 &&
			x[3] == 127, "int8 values from an int8 array");
		free(x);
	}
	unlink("v.npy");
	t_fails(1, "dtype", "v.npy", "dequantize", "--format", "e4m3",
		"i8.npy", "v.npy");
	unlink("i8.npy");
}

/*
 * Shapes of 0 to 3 dimensions keep their shape, and Fortran-order inputs
 * come out in C order: e2m1 codes of the values 0.5 * i are i's code.
 */
static void test_shapes(void)
{
	static const size_t shapes[][3] = {
		{ 0 }, { 7 }, { 3, 4 }, { 2, 3, 4 }, { 1, 1, 1 }, { 0, 3 },
	};
	static const int ndims[] = { 0, 1, 2, 3, 3, 2 };

	for (size_t s = 0; s < sizeof(ndims) / sizeof(ndims[0]); s++) {
		for (int fortran = 0; fortran < 2; fortran++) {
			int nd = ndims[s];
			size_t n = 1, count, idx[3] = { 0 };
			uint8_t raw[4 * 24], *codes;
			float x[24];

			for (int i = 0; i < nd; i++)
				n *= shapes[s][i];
			/* Element i in C order holds value 0.5 * (i % 8). */
			for (size_t i = 0; i < n; i++) {
				size_t pos = i;

				if (fortran) {
					/* The same element's Fortran position. */
					size_t rem = i, f = 0, st = 1;

					for (int d = nd - 1; d >= 0; d--) {
						idx[d] = rem % shapes[s][d];
						rem /= shapes[s][d];
					}
					for (int d = 0; d < nd; d++) {
						f += idx[d] * st;
						st *= shapes[s][d];
					}
					pos = f;
				}
				x[pos] = 0.5f * (float)(i % 8);
			}
			t_f32_le(raw, x, n);
			t_npy("s.npy", "<f4", fortran, nd, shapes[s], raw, 4 * n);
			if (!t_ok("quantize", "--format", "e2m1", "s.npy",
				  "c.npy"))
				continue;
			codes = t_npy_check(__LINE__, "c.npy", "|u1", nd,
					    shapes[s], &count);
			for (size_t i = 0; codes && i < n; i++) {
				/* 2.5 and 3.5 are ties: to the even codes of 2 and 4. */
				static const uint8_t want[8] = {
					0x0, 0x1, 0x2, 0x3, 0x4, 0x4, 0x5, 0x6
				};

				T_CHECK(codes[i] == want[i % 8],
					"shape %zu fortran %d: element %zu is 0x%x, want 0x%x",
					s, fortran, i, codes[i], want[i % 8]);
			}
			free(codes);
			unlink("s.npy");
			unlink("c.npy");
		}
	}
}

static void test_errors(void)
{
	static const float x[3] = { 1, 2, 3 };
	static const uint8_t ternary[4] = { 0, 1, 2, 3 };
	static const uint8_t e2m1[2] = { 0x7, 0x10 };
	static const uint8_t ue4m3[2] = { 0x38, 0x80 };
	size_t shape[1] = { 3 };

	t_npy_f32("f.npy", 1, shape, x);
	t_npy("t.npy", "|u1", 0, 1, (size_t[]){ 4 }, ternary, 4);
	t_npy("e.npy", "|u1", 0, 1, (size_t[]){ 2 }, e2m1, 2);
	t_npy("u.npy", "|u1", 0, 1, (size_t[]){ 2 }, ue4m3, 2);

	/* Command lines. */
	t_fails(2, "format", "o.npy", "quantize", "f.npy", "o.npy");
	t_fails(2, "e9m9", "o.npy", "quantize", "--format", "e9m9", "f.npy",
		"o.npy");
	t_fails(2, "bf16", "o.npy", "quantize", "--format", "bf16", "f.npy",
		"o.npy");
	t_fails(2, "ru", "o.npy", "quantize", "--format", "e4m3", "--round",
		"ru", "f.npy", "o.npy");
	t_fails(2, "rne", "o.npy", "quantize", "--format", "e8m0", "--round",
		"rne", "f.npy", "o.npy");
	t_fails(2, "rn", "o.npy", "quantize", "--format", "e4m3", "--round",
		"rn", "f.npy", "o.npy");
	t_fails(2, "saturate", "o.npy", "quantize", "--format", "e2m1",
		"--no-saturate", "f.npy", "o.npy");
	t_fails(2, "saturate", "o.npy", "quantize", "--format", "int8",
		"--no-saturate", "f.npy", "o.npy");
	t_fails(2, "saturate", "o.npy", "quantize", "--format", "e4m3",
		"--saturate", "--no-saturate", "f.npy", "o.npy");
	t_fails(2, "twice", "o.npy", "quantize", "--format", "e4m3",
		"--format", "e5m2", "f.npy", "o.npy");
	t_fails(2, "missing", "o.npy", "quantize", "--format", "e4m3",
		"f.npy");
	t_fails(2, "extra.npy", "o.npy", "quantize", "--format", "e4m3",
		"f.npy", "o.npy", "extra.npy");
	t_fails(2, "--bogus", "o.npy", "quantize", "--bogus", "--format",
		"e4m3", "f.npy", "o.npy");
	t_fails(2, "--round", "o.npy", "quantize", "--format", "e4m3",
		"f.npy", "o.npy", "--round");
	t_fails(2, "--saturate", "o.npy", "quantize", "--format", "e4m3",
		"--saturate=1", "f.npy", "o.npy");
	t_fails(2, "format", "o.npy", "dequantize", "t.npy", "o.npy");
	t_fails(2, "fp32", "o.npy", "dequantize", "--format", "fp32", "t.npy",
		"o.npy");
	t_fails(2, "missing", "o.npy", "dequantize", "--format", "ternary");

	/* Inputs. */
	t_fails(1, "float32", "o.npy", "quantize", "--format", "e4m3",
		"t.npy", "o.npy");
	t_fails(1, "uint8", "o.npy", "dequantize", "--format", "e4m3",
		"f.npy", "o.npy");
	t_fails(1, "no such file", "o.npy", "quantize", "--format", "e4m3",
		"nothere.npy", "o.npy");
	t_fails(1, "element 2", "o.npy", "dequantize", "--format", "ternary",
		"t.npy", "o.npy");
	t_fails(1, "0x10", "o.npy", "dequantize", "--format", "e2m1", "e.npy",
		"o.npy");
	t_fails(1, "0x80", "o.npy", "dequantize", "--format", "ue4m3",
		"u.npy", "o.npy");

	/* Outputs that cannot be written leave nothing behind. */
	t_fails(1, "nodir/o.npy", NULL, "quantize", "--format", "e4m3",
		"f.npy", "nodir/o.npy");
	mkdir("adir", 0700);
	t_fails(1, "adir", NULL, "quantize", "--format", "e4m3", "f.npy",
		"adir");
	T_CHECK(rmdir("adir") == 0, "the directory was written into");

	t_fails(1, "regular file", NULL, "quantize", "--format", "e4m3",
		"f.npy", "/dev/null");

	/* A symbolic link output stays a link to the file written. */
	if (symlink("target.npy", "link.npy") == 0 &&
	    t_ok("quantize", "--format", "e4m3", "f.npy", "link.npy")) {
		struct stat st;
		size_t count;
		uint8_t *c = t_npy_check(__LINE__, "target.npy", "|u1", 1, shape,
					 &count);

		T_CHECK(!lstat("link.npy", &st) && S_ISLNK(st.st_mode) && c &&
			c[0] == 0x38, "output through a symbolic link");
		free(c);
	}
	unlink("link.npy");
	unlink("target.npy");

	/* A failing run leaves an existing output as it was. */
	t_write_file("keep.npy", "old", 3);
	t_fails(1, "element 2", NULL, "dequantize", "--format", "ternary",
		"t.npy", "keep.npy");
	{
		size_t len;
		uint8_t *b = t_read_file("keep.npy", &len);

		T_CHECK(b && len == 3 && !memcmp(b, "old", 3),
			"a failed run changed an existing output");
		free(b);
	}
	unlink("keep.npy");

	/* Options may follow the arguments; "--" ends the options. */
	T_CHECK(t_ok("quantize", "f.npy", "o.npy", "--format", "e4m3") &&
		t_ok("quantize", "--format", "e4m3", "--", "f.npy", "o.npy"),
		"option order");
	unlink("o.npy");

	/* An output may replace its own input: it is read first. */
	if (t_ok("quantize", "--format", "e2m1", "f.npy", "f.npy")) {
		size_t count;
		uint8_t *c = t_npy_check(__LINE__, "f.npy", "|u1", 1, shape,
					 &count);

		T_CHECK(c && c[0] == 0x2 && c[1] == 0x4 && c[2] == 0x5,
			"in-place quantize");
		free(c);
	}
	unlink("f.npy");
	unlink("t.npy");
	unlink("e.npy");
	unlink("u.npy");
	T_CHECK(t_dir_entries() == 0, "files left in the work directory");
}

int main(void)
{
	t_setup();
	test_known_values();
	test_all_codes();
	test_int8_dtype();
	test_shapes();
	test_errors();
	return t_exit();
}
