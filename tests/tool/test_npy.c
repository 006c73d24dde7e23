// SPDX-License-Identifier: MIT
/*
 * test_npy.c - the .npy files of the mxa tool: every header variant NumPy
 * can produce is read, the files written are byte for byte what NumPy
 * writes, and every malformed, truncated or unsupported file is refused
 * with a one-line reason and no output.
 */
#include "tool_test.h"

/* float32 (2, 3) holding 0.5, 1, 1.5, 2, 3, 4: e2m1 codes 1 to 6. */
static const float vals[6] = { 0.5f, 1, 1.5f, 2, 3, 4 };

static void le_bytes(uint8_t *b)
{
	t_f32_le(b, vals, 6);
}

/* Quantizes @path to e2m1 and checks the six codes 1..6 in (2, 3). */
static void check_reads(int line, const char *path)
{
	size_t shape[2] = { 2, 3 }, count;
	uint8_t *c;

	if (!t_ok_at(line, (const char *const[]){ "quantize", "--format",
						  "e2m1", path, "o.npy",
						  NULL }))
		return;
	c = t_npy_check(line, "o.npy", "|u1", 2, shape, &count);
	for (size_t i = 0; c && i < 6; i++)
		T_CHECK(c[i] == i + 1, "line %d: element %zu is %u", line, i,
			c[i]);
	free(c);
	unlink("o.npy");
	unlink(path);
}

static void test_variants(void)
{
	uint8_t le[24], be[24], fo[24];

	le_bytes(le);
	for (int i = 0; i < 24; i++)
		be[i] = le[i / 4 * 4 + 3 - i % 4];
	/* Fortran order: column by column. */
	for (int r = 0; r < 2; r++)
		for (int c = 0; c < 3; c++)
			memcpy(fo + 4 * (c * 2 + r), le + 4 * (r * 3 + c), 4);

	t_npy_raw("v1.npy", 1,
		  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
		  le, 24);
	check_reads(__LINE__, "v1.npy");
	t_npy_raw("v2.npy", 2,
		  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
		  le, 24);
	check_reads(__LINE__, "v2.npy");
	t_npy_raw("v3.npy", 3,
		  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
		  le, 24);
	check_reads(__LINE__, "v3.npy");
	t_npy_raw("be.npy", 1,
		  "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
		  be, 24);
	check_reads(__LINE__, "be.npy");
	t_npy_raw("fo.npy", 1,
		  "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
		  fo, 24);
	check_reads(__LINE__, "fo.npy");
	{
		/* Big-endian and Fortran order together. */
		uint8_t bfo[24];

		for (int i = 0; i < 24; i++)
			bfo[i] = fo[i / 4 * 4 + 3 - i % 4];
		t_npy_raw("bf.npy", 1,
			  "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }",
			  bfo, 24);
		check_reads(__LINE__, "bf.npy");
	}
	/* Other spellings of the same dict: order, quotes, spaces, Python 2. */
	t_npy_raw("sp.npy", 1,
		  "{\"shape\":(2,3),\"fortran_order\":False,\"descr\":\"<f4\"}",
		  le, 24);
	check_reads(__LINE__, "sp.npy");
	t_npy_raw("py2.npy", 1,
		  " { 'descr' : '<f4' ,\t'fortran_order' : False , "
		  "'shape' : ( 2L , 3L , ) , } ", le, 24);
	check_reads(__LINE__, "py2.npy");
	{
		/* A header neither padded nor aligned. */
		static const char hdr[] =
			"\x93NUMPY\x01\x00\x34\x00"
			"{'descr':'<f4','fortran_order':False,'shape':(2,3)}\n";
		uint8_t file[sizeof(hdr) - 1 + 24];

		memcpy(file, hdr, sizeof(hdr) - 1);
		memcpy(file + sizeof(hdr) - 1, le, 24);
		t_write_file("old.npy", file, sizeof(file));
		check_reads(__LINE__, "old.npy");
	}
}

/* One-byte dtypes with any byte order character NumPy may write. */
static void test_byte_dtypes(void)
{
	static const char *const descrs[] = { "|u1", "<u1", ">u1" };
	const uint8_t codes[2] = { 0x81, 0x7F };
	size_t shape[1] = { 2 };

	for (size_t d = 0; d < 3; d++) {
		float *x;

		t_npy("u.npy", descrs[d], 0, 1, shape, codes, 2);
		if (!t_ok("dequantize", "--format", "int8", "u.npy", "x.npy"))
			continue;
		x = t_npy_read_f32(__LINE__, "x.npy", 1, shape);
		T_CHECK(x && x[0] == -127 && x[1] == 127, "%s: int8 values",
			descrs[d]);
		free(x);
		unlink("x.npy");
	}
	unlink("u.npy");
}

/*
 * The files written, byte for byte as NumPy's np.save writes them: keys
 * sorted, room for 21 digits of the first axis, a 64-byte aligned data
 * offset, the data little-endian.
 */
static void test_written_bytes(void)
{
	static const char dict_u1[] =
		"{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }";
	static const char dict_f4[] =
		"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
	static const uint8_t codes[3] = { 0x38, 0xB8, 0x7E };
	static const uint8_t f4[12] = {
		0x00, 0x00, 0x80, 0x3F,		/* 1.0 */
		0x00, 0x00, 0x80, 0xBF,		/* -1.0 */
		0x00, 0x00, 0xE0, 0x43,		/* 448.0 */
	};
	uint8_t want[140], le[24], *got;
	size_t len;

	le_bytes(le);
	t_npy_raw("in.npy", 1,
		  "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
		  le, 24);
	memset(want, ' ', sizeof(want));
	memcpy(want, "\x93NUMPY\x01\x00\x76\x00", 10);
	memcpy(want + 10, dict_u1, sizeof(dict_u1) - 1);
	want[127] = '\n';
	for (int i = 0; i < 6; i++)
		want[128 + i] = (uint8_t)(i + 1);
	if (t_ok("quantize", "--format", "e2m1", "in.npy", "out.npy")) {
		got = t_read_file("out.npy", &len);
		T_CHECK(got && len == 134 && !memcmp(got, want, 134),
			"uint8 (2, 3) file is not NumPy's bytes");
		free(got);
	}

	t_npy("c.npy", "|u1", 0, 1, (size_t[]){ 3 }, codes, 3);
	memset(want, ' ', sizeof(want));
	memcpy(want, "\x93NUMPY\x01\x00\x76\x00", 10);
	memcpy(want + 10, dict_f4, sizeof(dict_f4) - 1);
	want[127] = '\n';
	memcpy(want + 128, f4, 12);
	if (t_ok("dequantize", "--format", "e4m3", "c.npy", "f.npy")) {
		got = t_read_file("f.npy", &len);
		T_CHECK(got && len == 140 && !memcmp(got, want, 140),
			"float32 (3,) file is not NumPy's bytes");
		free(got);
	}

	/*
	 * Sixteen dimensions of 1: the 101-character dict fits 128 bytes, but
	 * not with the 20 spaces of growth room, so NumPy writes 192.
	 */
	{
		size_t ones[16];
		float one = 1.0f;
		uint8_t b[4];

		for (int i = 0; i < 16; i++)
			ones[i] = 1;
		t_f32_le(b, &one, 1);
		t_npy("one.npy", "<f4", 0, 16, ones, b, 4);
		if (t_ok("quantize", "--format", "e4m3", "one.npy", "o16.npy")) {
			got = t_read_file("o16.npy", &len);
			T_CHECK(got && len == 193 && got[8] == 182 && !got[9] &&
				got[191] == '\n' && got[192] == 0x38,
				"16-dimension header is not NumPy's");
			free(got);
		}
		unlink("one.npy");
		unlink("o16.npy");
	}

	/* Written files read back: the reader accepts the writer's output. */
	if (t_ok("quantize", "--format", "e4m3", "f.npy", "c2.npy")) {
		uint8_t *c = t_read_file("c2.npy", &len);

		T_CHECK(c && len == 131 && !memcmp(c + 128, codes, 3),
			"round trip through written files");
		free(c);
	}
	unlink("in.npy");
	unlink("out.npy");
	unlink("c.npy");
	unlink("f.npy");
	unlink("c2.npy");
}

/* A header with the given dict and the 24 data bytes of (2, 3) float32. */
static void bad_dict(int line, const char *dict, const char *needle)
{
	uint8_t le[24];

	le_bytes(le);
	t_npy_raw("bad.npy", 1, dict, le, 24);
	t_fails_at(line, 1, needle, "o.npy",
		   (const char *const[]){ "quantize", "--format", "e2m1",
					  "bad.npy", "o.npy", NULL });
	unlink("bad.npy");
}

static void bad_bytes(int line, const void *bytes, size_t len,
		      const char *needle)
{
	t_write_file("bad.npy", bytes, len);
	t_fails_at(line, 1, needle, "o.npy",
		   (const char *const[]){ "quantize", "--format", "e2m1",
					  "bad.npy", "o.npy", NULL });
	unlink("bad.npy");
}

#define BAD_DICT(dict, needle) bad_dict(__LINE__, dict, needle)
#define BAD_BYTES(b, needle) bad_bytes(__LINE__, b, sizeof(b) - 1, needle)

static void test_malformed(void)
{
	uint8_t le[24], file[256];

	BAD_DICT("{'descr': '<f4', 'fortran_order': False}", "'shape'");
	BAD_DICT("{'descr': '<f4', 'shape': (2, 3)}", "'fortran_order'");
	BAD_DICT("{'fortran_order': False, 'shape': (2, 3)}", "'descr'");
	BAD_DICT("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, "
		 "'shape': (2, 3)}", "twice");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), "
		 "'extra': 1}", "'extra'");
	BAD_DICT("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}",
		 "fortran_order");
	BAD_DICT("{'descr': '<f4', 'fortran_order': false, 'shape': (2, 3)}",
		 "fortran_order");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (6)}",
		 "tuple");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}",
		 "tuple");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}",
		 "shape");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}",
		 "shape");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2,, 3)}",
		 "shape");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 3)}",
		 "shape");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': "
		 "(99999999999999999999999, 1)}", "too large");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': "
		 "(4294967296, 4294967296)}", "too large");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': "
		 "(4611686018427387904,)}", "too large");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': "
		 "(1099511627776,)}", "truncated");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': "
		 "(3037000500, 3037000500, 3)}", "too large");
	BAD_DICT("{'descr': <f4, 'fortran_order': False, 'shape': (2, 3)}",
		 "descr");
	BAD_DICT("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}",
		 "malformed");
	BAD_DICT("{descr: '<f4', 'fortran_order': False, 'shape': (2, 3)}",
		 "key");
	BAD_DICT("{'descr' '<f4', 'fortran_order': False, 'shape': (2, 3)}",
		 "':'");
	BAD_DICT("{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}",
		 "malformed");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)",
		 "malformed");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} x",
		 "after the dict");
	BAD_DICT("['descr', '<f4']", "dict");
	BAD_DICT("", "dict");
	BAD_DICT("{'descr': [('x', '<f4')], 'fortran_order': False, "
		 "'shape': (2,)}", "structured");
	BAD_DICT("{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}",
		 "expected float32 ('<f4')");
	BAD_DICT("{'descr': '|f4', 'fortran_order': False, 'shape': (2, 3)}",
		 "'|f4'");
	BAD_DICT("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3)}",
		 "'<i4'");
	BAD_DICT("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3)}",
		 "float32");
	/* Data of the wrong size. */
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4)}",
		 "truncated");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': (5,)}",
		 "after the array");
	BAD_DICT("{'descr': '<f4', 'fortran_order': False, 'shape': ()}",
		 "after the array");

	/* Magic, version and length fields. */
	BAD_BYTES("", "empty");
	BAD_BYTES("hello world, this is not an array", "magic");
	BAD_BYTES("\x93NUMP", "magic");
	BAD_BYTES("\x93NUMPY\x01", "truncated");
	BAD_BYTES("\x93NUMPY\x01\x00\x10", "truncated");
	BAD_BYTES("\x93NUMPY\x04\x00\x10\x00{}", "version 4.0");
	BAD_BYTES("\x93NUMPY\x01\x01\x10\x00{}", "version 1.1");
	BAD_BYTES("\x93NUMPY\x01\x00\x40\x00{'descr': '<f4'}", "truncated");
	BAD_BYTES("\x93NUMPY\x02\x00\xff\xff\xff\x7f{}", "too large");
	BAD_BYTES("\x93NUMPY\x01\x00\x04\x00{\0}\n", "malformed");

	/* A header length that cuts the dict, with the data after it. */
	le_bytes(le);
	memcpy(file, "\x93NUMPY\x01\x00\x20\x00", 10);
	memcpy(file + 10, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)}",
	       55);
	memcpy(file + 65, le, 24);
	bad_bytes(__LINE__, file, 89, "malformed");

	/* Inputs that are not files. */
	mkdir("dir.npy", 0700);
	t_fails(1, "directory", "o.npy", "quantize", "--format", "e2m1",
		"dir.npy", "o.npy");
	rmdir("dir.npy");
	t_fails(1, "no such file", "o.npy", "quantize", "--format", "e2m1",
		"missing.npy", "o.npy");
}

int main(void)
{
	t_setup();
	test_variants();
	test_byte_dtypes();
	test_written_bytes();
	test_malformed();
	T_CHECK(t_dir_entries() == 0, "files left in the work directory");
	return t_exit();
}
