// SPDX-License-Identifier: MIT
/*
 * test_pack.c - packed row layouts (docs/numerics.md section 6): the bytes
 * mxa_pack() writes, checked against the layout rebuilt here bit by bit and
 * byte by byte, round trips through mxa_unpack(), and the rejection of
 * invalid codes with nothing written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/test_util.h"
#include "mxa.h"
#include "mxa_priv.h"

#define SENTINEL 0xa5
#define SLACK 16

/* Formats that have one code per byte, with their storage width. */
static const struct {
	enum mxa_format fmt;
	unsigned width;
} code_fmts[] = {
	{ MXA_FMT_E5M2, 8 }, { MXA_FMT_E4M3, 8 }, { MXA_FMT_E3M2, 6 },
	{ MXA_FMT_E2M3, 6 }, { MXA_FMT_E2M1, 4 }, { MXA_FMT_INT8, 8 },
	{ MXA_FMT_TERNARY, 2 }, { MXA_FMT_E8M0, 8 }, { MXA_FMT_UE4M3, 8 },
};

static int code_valid(enum mxa_format fmt, unsigned width, unsigned c)
{
	if (c >> width)
		return 0;
	if (fmt == MXA_FMT_TERNARY && c == 2)
		return 0;
	if (fmt == MXA_FMT_UE4M3 && (c & 0x80))
		return 0;
	return 1;
}

static uint8_t random_code(struct t_rng *r, enum mxa_format fmt,
			   unsigned width)
{
	unsigned c;

	do
		c = t_rng_below(r, 1u << width);
	while (!code_valid(fmt, width, c));
	return (uint8_t)c;
}

static size_t expected_bytes(unsigned width, size_t n)
{
	return (width * n + 7) / 8;
}

/* The row as a little-endian bit string: bit w*k + j is bit j of code k. */
static void ref_pack_bits(unsigned width, const uint8_t *c, size_t n,
			  uint8_t *dst)
{
	memset(dst, 0, expected_bytes(width, n));
	for (size_t k = 0; k < n; k++)
		for (unsigned j = 0; j < width; j++) {
			size_t p = width * k + j;

			if (c[k] >> j & 1)
				dst[p / 8] |= (uint8_t)(1u << (p % 8));
		}
}

/* FP6 as the table of section 6 words it, one element position at a time. */
static void ref_pack_fp6_bytes(const uint8_t *c, size_t n, uint8_t *dst)
{
	memset(dst, 0, expected_bytes(6, n));
	for (size_t k = 0; k < n; k++) {
		size_t i = k / 4;

		switch (k % 4) {
		case 0:	/* bits 0-5 of byte 3i */
			dst[3 * i] |= c[k];
			break;
		case 1:	/* bits 6-7 of byte 3i, bits 0-3 of byte 3i+1 */
			dst[3 * i] |= (uint8_t)((c[k] & 0x03) << 6);
			dst[3 * i + 1] |= c[k] >> 2;
			break;
		case 2:	/* bits 4-7 of byte 3i+1, bits 0-1 of byte 3i+2 */
			dst[3 * i + 1] |= (uint8_t)((c[k] & 0x0f) << 4);
			dst[3 * i + 2] |= c[k] >> 4;
			break;
		case 3:	/* bits 2-7 of byte 3i+2 */
			dst[3 * i + 2] |= (uint8_t)(c[k] << 2);
			break;
		}
	}
}

/* FP4: byte k/2, low nibble for even k; ternary: byte k/4, bits 2(k%4). */
static void ref_pack_small(unsigned width, const uint8_t *c, size_t n,
			   uint8_t *dst)
{
	unsigned per = 8 / width;

	memset(dst, 0, expected_bytes(width, n));
	for (size_t k = 0; k < n; k++)
		dst[k / per] |= (uint8_t)(c[k] << (width * (k % per)));
}

static void check_one(struct t_rng *r, enum mxa_format fmt, unsigned width,
		      size_t n)
{
	size_t bytes = expected_bytes(width, n);
	uint8_t *codes = malloc(n), *back = malloc(n + SLACK);
	uint8_t *packed = malloc(bytes + SLACK), *ref = malloc(bytes);
	uint8_t *ref2 = malloc(bytes);
	const char *name = mxa_format_name(fmt);
	int ret;

	if (!codes || !back || !packed || !ref || !ref2) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	for (size_t k = 0; k < n; k++)
		codes[k] = random_code(r, fmt, width);

	T_CHECK(mxa_packed_size(fmt, n) == bytes,
		"%s n=%zu: %zu bytes, want %zu", name, n,
		mxa_packed_size(fmt, n), bytes);
	T_CHECK(mxa__row_bytes(fmt, n) == bytes, "%s n=%zu: row bytes %zu",
		name, n, mxa__row_bytes(fmt, n));

	memset(packed, SENTINEL, bytes + SLACK);
	ret = mxa_pack(fmt, codes, n, packed);
	T_CHECK(ret == 0, "%s n=%zu: pack failed %d (%s)", name, n, ret,
		mxa_last_error());

	ref_pack_bits(width, codes, n, ref);
	if (width == 6)
		ref_pack_fp6_bytes(codes, n, ref2);
	else if (width < 8)
		ref_pack_small(width, codes, n, ref2);
	else
		memcpy(ref2, codes, n);
	T_CHECK(!memcmp(ref, ref2, bytes), "%s n=%zu: the references disagree",
		name, n);
	for (size_t b = 0; b < bytes; b++)
		if (packed[b] != ref[b]) {
			T_CHECK(packed[b] == ref[b],
				"%s n=%zu byte %zu: 0x%02x, want 0x%02x",
				name, n, b, packed[b], ref[b]);
			break;
		}
	for (size_t b = bytes; b < bytes + SLACK; b++)
		if (packed[b] != SENTINEL) {
			T_CHECK(packed[b] == SENTINEL,
				"%s n=%zu: byte %zu past the row written",
				name, n, b);
			break;
		}

	/* Readers ignore the unused bits of a partly filled last byte. */
	if ((width * n) % 8)
		packed[bytes - 1] |= (uint8_t)(0xff << ((width * n) % 8));
	memset(back, SENTINEL, n + SLACK);
	ret = mxa_unpack(fmt, packed, n, back);
	T_CHECK(ret == 0, "%s n=%zu: unpack failed %d (%s)", name, n, ret,
		mxa_last_error());
	for (size_t k = 0; k < n; k++)
		if (back[k] != codes[k]) {
			T_CHECK(back[k] == codes[k],
				"%s n=%zu element %zu: 0x%02x, want 0x%02x",
				name, n, k, back[k], codes[k]);
			break;
		}
	for (size_t k = n; k < n + SLACK; k++)
		if (back[k] != SENTINEL) {
			T_CHECK(back[k] == SENTINEL,
				"%s n=%zu: unpack wrote code %zu", name, n, k);
			break;
		}
	free(codes);
	free(back);
	free(packed);
	free(ref);
	free(ref2);
}

static void test_round_trips(void)
{
	struct t_rng r;

	t_rng_seed(&r, 1);
	for (size_t f = 0; f < MXA_ARRAY_SIZE(code_fmts); f++) {
		enum mxa_format fmt = code_fmts[f].fmt;
		unsigned w = code_fmts[f].width;

		for (size_t n = 1; n <= 70; n++)
			check_one(&r, fmt, w, n);
		for (int i = 0; i < 40; i++)
			check_one(&r, fmt, w, 1 + t_rng_below(&r, 5000));
		check_one(&r, fmt, w, 100003);
		check_one(&r, fmt, w, 1 << 17);
	}
}

struct vec {
	enum mxa_format fmt;
	size_t n;
	uint8_t codes[8];
	size_t bytes;
	uint8_t packed[8];
};

/* Worked out by hand from the layout table of section 6. */
static const struct vec vectors[] = {
	{ MXA_FMT_E3M2, 4, { 0x3f, 0, 0, 0 }, 3, { 0x3f, 0x00, 0x00 } },
	{ MXA_FMT_E3M2, 4, { 0, 0x3f, 0, 0 }, 3, { 0xc0, 0x0f, 0x00 } },
	{ MXA_FMT_E2M3, 4, { 0, 0, 0x3f, 0 }, 3, { 0x00, 0xf0, 0x03 } },
	{ MXA_FMT_E2M3, 4, { 0, 0, 0, 0x3f }, 3, { 0x00, 0x00, 0xfc } },
	{ MXA_FMT_E3M2, 4, { 0x01, 0x02, 0x03, 0x04 }, 3,
	  { 0x81, 0x30, 0x10 } },
	{ MXA_FMT_E3M2, 5, { 0x3f, 0x3f, 0x3f, 0x3f, 0x3f }, 4,
	  { 0xff, 0xff, 0xff, 0x3f } },
	{ MXA_FMT_E2M3, 1, { 0x2a }, 1, { 0x2a } },
	{ MXA_FMT_E2M3, 2, { 0x15, 0x2a }, 2, { 0x95, 0x0a } },
	{ MXA_FMT_E2M3, 3, { 0x00, 0x00, 0x21 }, 3, { 0x00, 0x10, 0x02 } },
	{ MXA_FMT_E2M3, 6, { 0, 0, 0, 0, 0x01, 0x20 }, 5,
	  { 0, 0, 0, 0x01, 0x08 } },
	{ MXA_FMT_E2M1, 3, { 0x1, 0x2, 0x3 }, 2, { 0x21, 0x03 } },
	{ MXA_FMT_E2M1, 2, { 0xf, 0x8 }, 1, { 0x8f } },
	{ MXA_FMT_E2M1, 1, { 0x9 }, 1, { 0x09 } },
	{ MXA_FMT_TERNARY, 5, { 1, 3, 0, 1, 3 }, 2, { 0x4d, 0x03 } },
	{ MXA_FMT_TERNARY, 4, { 3, 3, 3, 3 }, 1, { 0xff } },
	{ MXA_FMT_TERNARY, 3, { 0, 0, 1 }, 1, { 0x10 } },
	/* Base 3: digits 0, 1, 2 for codes 0, 1 (+1), 3 (-1), digit i x 3^i. */
	{ MXA_FMT_TERNARY_B3, 5, { 1, 3, 0, 1, 3 }, 1, { 0xc4 } },
	{ MXA_FMT_TERNARY_B3, 5, { 3, 3, 3, 3, 3 }, 1, { 0xf2 } },
	{ MXA_FMT_TERNARY_B3, 3, { 0, 0, 1 }, 1, { 0x09 } },
	{ MXA_FMT_TERNARY_B3, 7, { 1, 1, 1, 1, 1, 3, 0 }, 2, { 0x79, 0x02 } },
	{ MXA_FMT_INT8, 2, { 0x80, 0x7f }, 2, { 0x80, 0x7f } },
	{ MXA_FMT_E5M2, 3, { 0xff, 0x00, 0x7c }, 3, { 0xff, 0x00, 0x7c } },
	{ MXA_FMT_UE4M3, 2, { 0x7f, 0x00 }, 2, { 0x7f, 0x00 } },
};

static void test_vectors(void)
{
	for (size_t v = 0; v < MXA_ARRAY_SIZE(vectors); v++) {
		const struct vec *t = &vectors[v];
		uint8_t out[16], back[16];
		int ret;

		memset(out, SENTINEL, sizeof(out));
		ret = mxa_pack(t->fmt, t->codes, t->n, out);
		T_CHECK(ret == 0, "vector %zu: pack failed (%s)", v,
			mxa_last_error());
		T_CHECK(!memcmp(out, t->packed, t->bytes),
			"vector %zu (%s): %02x %02x %02x %02x", v,
			mxa_format_name(t->fmt), out[0], out[1], out[2],
			out[3]);
		T_CHECK(out[t->bytes] == SENTINEL, "vector %zu: wrote past %zu",
			v, t->bytes);
		T_CHECK(mxa_packed_size(t->fmt, t->n) == t->bytes,
			"vector %zu: size %zu", v,
			mxa_packed_size(t->fmt, t->n));
		ret = mxa_unpack(t->fmt, t->packed, t->n, back);
		T_CHECK(ret == 0 && !memcmp(back, t->codes, t->n),
			"vector %zu: unpack", v);
	}
}

/* One invalid code at @at of an otherwise valid row: -EINVAL, no writes. */
static void check_reject(struct t_rng *r, enum mxa_format fmt, unsigned width,
			 size_t n, size_t at, uint8_t bad)
{
	size_t bytes = expected_bytes(width, n);
	uint8_t *codes = malloc(n), *out = malloc(bytes);
	char idx[64], code[16];
	int ret, untouched = 1;

	if (!codes || !out) {
		fprintf(stderr, "out of memory\n");
		exit(T_FAIL);
	}
	for (size_t k = 0; k < n; k++)
		codes[k] = random_code(r, fmt, width);
	codes[at] = bad;
	memset(out, SENTINEL, bytes);
	ret = mxa_pack(fmt, codes, n, out);
	T_CHECK(ret == -EINVAL, "%s: code 0x%02x at %zu of %zu accepted (%d)",
		mxa_format_name(fmt), bad, at, n, ret);
	for (size_t b = 0; b < bytes; b++)
		untouched &= out[b] == SENTINEL;
	T_CHECK(untouched, "%s: failed pack wrote to dst",
		mxa_format_name(fmt));
	snprintf(idx, sizeof(idx), "%zu", at);
	snprintf(code, sizeof(code), "%02x", bad);
	T_CHECK(strstr(mxa_last_error(), idx) && strstr(mxa_last_error(), code),
		"%s: message '%s' names neither index %zu nor code 0x%02x",
		mxa_format_name(fmt), mxa_last_error(), at, bad);
	free(codes);
	free(out);
}

static void test_invalid(void)
{
	struct t_rng r;

	t_rng_seed(&r, 2);
	for (size_t f = 0; f < MXA_ARRAY_SIZE(code_fmts); f++) {
		enum mxa_format fmt = code_fmts[f].fmt;
		unsigned w = code_fmts[f].width;

		/* Every byte value alone: accepted exactly when valid. */
		for (unsigned c = 0; c < 256; c++) {
			uint8_t in = (uint8_t)c, out = SENTINEL;
			int ret = mxa_pack(fmt, &in, 1, &out);

			if (code_valid(fmt, w, c)) {
				T_CHECK(ret == 0, "%s: valid code 0x%02x "
					"rejected", mxa_format_name(fmt), c);
				continue;
			}
			T_CHECK(ret == -EINVAL && out == SENTINEL,
				"%s: invalid code 0x%02x: ret %d out 0x%02x",
				mxa_format_name(fmt), c, ret, out);
			check_reject(&r, fmt, w, 1 + t_rng_below(&r, 300), 0,
				     in);
		}
		if (w == 8 && fmt != MXA_FMT_UE4M3)
			continue;	/* every byte is a valid code */
		for (int i = 0; i < 30; i++) {
			size_t n = 1 + t_rng_below(&r, 20000);
			uint8_t bad;

			do
				bad = (uint8_t)t_rng_below(&r, 256);
			while (code_valid(fmt, w, bad));
			check_reject(&r, fmt, w, n, t_rng_below(&r, n), bad);
			check_reject(&r, fmt, w, n, n - 1, bad);
		}
	}
}

static void test_args(void)
{
	uint8_t codes[4] = { 0 }, out[8];

	T_CHECK(mxa_pack(MXA_FMT_BF16, codes, 4, out) == -EINVAL, "bf16 pack");
	T_CHECK(mxa_pack(MXA_FMT_FP32, codes, 4, out) == -EINVAL, "fp32 pack");
	T_CHECK(mxa_pack((enum mxa_format)99, codes, 4, out) == -EINVAL,
		"format 99 pack");
	T_CHECK(mxa_unpack(MXA_FMT_FP32, out, 4, codes) == -EINVAL,
		"fp32 unpack");
	T_CHECK(mxa_unpack((enum mxa_format)-1, out, 4, codes) == -EINVAL,
		"format -1 unpack");
	T_CHECK(mxa_pack(MXA_FMT_E2M1, NULL, 4, out) == -EINVAL, "NULL codes");
	T_CHECK(mxa_pack(MXA_FMT_E2M1, codes, 4, NULL) == -EINVAL, "NULL dst");
	T_CHECK(mxa_unpack(MXA_FMT_E2M1, NULL, 4, codes) == -EINVAL,
		"NULL src");
	T_CHECK(mxa_unpack(MXA_FMT_E2M1, out, 4, NULL) == -EINVAL,
		"NULL codes out");
	T_CHECK(mxa_pack(MXA_FMT_E2M1, codes, 0, out) == 0, "empty pack");
	T_CHECK(mxa_unpack(MXA_FMT_E2M1, out, 0, codes) == 0, "empty unpack");
	T_CHECK(mxa_packed_size((enum mxa_format)99, 4) == 0, "size format 99");

	/* Scale and output rows: one byte, two or four per element. */
	T_CHECK(mxa__row_bytes(MXA_FMT_E8M0, 7) == 7, "e8m0 row");
	T_CHECK(mxa__row_bytes(MXA_FMT_UE4M3, 7) == 7, "ue4m3 row");
	T_CHECK(mxa__row_bytes(MXA_FMT_BF16, 7) == 14, "bf16 row");
	T_CHECK(mxa__row_bytes(MXA_FMT_FP32, 7) == 28, "fp32 row");
	T_CHECK(mxa__row_bytes(MXA_FMT_E3M2, SIZE_MAX) ==
		SIZE_MAX / 4 * 3 + 3, "e3m2 row of SIZE_MAX elements");
}

/*
 * Elements first … first + count - 1 of a packed row, as the emulator
 * reads a chunk of K, are the codes packed there: every start and length
 * of a random row of every format with a packed layout.
 */
static void test_unpack_row(void)
{
	struct t_rng r;
	uint8_t codes[100], row[100], got[100];

	t_rng_seed(&r, 7);
	for (int f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		enum mxa_format fmt = (enum mxa_format)f;
		struct mxa_format_info info;

		mxa_format_info(fmt, &info);
		for (size_t k = 0; k < sizeof(codes); k++)
			codes[k] = random_code(&r, fmt == MXA_FMT_TERNARY_B3 ?
					       MXA_FMT_TERNARY : fmt, info.bits);
		T_CHECK(mxa_pack(fmt, codes, sizeof(codes), row) == 0, "%s: %s",
			info.name, mxa_last_error());
		for (size_t first = 0; first < 40; first++)
			for (size_t n = 1; first + n <= sizeof(codes); n += 7) {
				mxa__unpack_row(fmt, row, first, n, got);
				T_CHECK(!memcmp(got, codes + first, n),
					"%s: elements %zu + %zu", info.name,
					first, n);
			}
	}
}

/* A base-3 byte above 242 holds no digits: five invalid codes. */
static void test_base3_invalid(void)
{
	uint8_t row[2] = { 0xf3, 0x01 }, got[7];

	T_CHECK(mxa_unpack(MXA_FMT_TERNARY_B3, row, 7, got) == 0, "%s",
		mxa_last_error());
	T_CHECK(got[0] == 2 && got[4] == 2 && got[5] == 1 && got[6] == 0,
		"unpacked %u %u %u %u", got[0], got[4], got[5], got[6]);
	row[0] = 0xff;
	T_CHECK(mxa_unpack(MXA_FMT_TERNARY_B3, row, 1, got) == 0 &&
		got[0] == 2, "0xff: %u", got[0]);
	got[0] = 2;
	T_CHECK(mxa_pack(MXA_FMT_TERNARY_B3, got, 1, row) == -EINVAL,
		"pack of code 2");
	T_CHECK(mxa_packed_size(MXA_FMT_TERNARY_B3, 11) == 3, "11 in 3 bytes");
}

int main(void)
{
	test_vectors();
	test_unpack_row();
	test_base3_invalid();
	test_round_trips();
	test_invalid();
	test_args();
	return t_exit();
}
