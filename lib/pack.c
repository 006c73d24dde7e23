// SPDX-License-Identifier: MIT
/*
 * pack.c - the packed row layouts of docs/numerics.md section 6: conversion
 * between one code per byte and the bit layout the hardware reads.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mxa_priv.h"

size_t mxa__row_bytes(enum mxa_format fmt, size_t n)
{
	switch (fmt) {
	case MXA_FMT_E5M2:
	case MXA_FMT_E4M3:
	case MXA_FMT_INT8:
	case MXA_FMT_E8M0:
	case MXA_FMT_UE4M3:
		return n;
	case MXA_FMT_E3M2:
	case MXA_FMT_E2M3:
		/* Split so that 6n cannot overflow. */
		return n / 4 * 3 + (n % 4 * 6 + 7) / 8;
	case MXA_FMT_E2M1:
		return n / 2 + n % 2;
	case MXA_FMT_TERNARY:
		return n / 4 + (n % 4 != 0);
	case MXA_FMT_BF16:
		return n > SIZE_MAX / 2 ? 0 : n * 2;
	case MXA_FMT_FP32:
		return n > SIZE_MAX / 4 ? 0 : n * 4;
	default:
		return 0;
	}
}

MXA_EXPORT size_t mxa_packed_size(enum mxa_format fmt, size_t count)
{
	if ((unsigned)fmt >= MXA_FMT_COUNT) {
		mxa__error(EINVAL, "packed size: unknown format %d", (int)fmt);
		return 0;
	}
	return mxa__row_bytes(fmt, count);
}

/*
 * Bits that no valid code of the format has set, or -1 when the format has
 * no per-byte code (BF16 and FP32 are not packed through these functions).
 */
static int invalid_bits(enum mxa_format fmt)
{
	switch (fmt) {
	case MXA_FMT_E5M2:
	case MXA_FMT_E4M3:
	case MXA_FMT_INT8:
	case MXA_FMT_E8M0:
		return 0x00;
	case MXA_FMT_UE4M3:
		return 0x80;
	case MXA_FMT_E3M2:
	case MXA_FMT_E2M3:
		return 0xc0;
	case MXA_FMT_E2M1:
		return 0xf0;
	case MXA_FMT_TERNARY:
		return 0xfc;
	default:
		return -1;
	}
}

static int check_format(const char *what, enum mxa_format fmt)
{
	if (invalid_bits(fmt) < 0) {
		if ((unsigned)fmt < MXA_FMT_COUNT)
			return mxa__error(EINVAL, "%s: %s has no packed layout",
					  what, mxa_format_name(fmt));
		return mxa__error(EINVAL, "%s: unknown format %d", what,
				  (int)fmt);
	}
	return 0;
}

/*
 * Index of the first invalid code, or count when all are valid. The scan
 * runs in chunks with no branch per code (so the compiler can vectorize
 * it) and searches a chunk one code at a time only when it holds a fault.
 */
static size_t first_invalid(enum mxa_format fmt, const uint8_t *codes,
			    size_t count)
{
	const uint8_t high = (uint8_t)invalid_bits(fmt);
	const uint8_t two = fmt == MXA_FMT_TERNARY ? 2 : 0xff;
	const size_t chunk = 4096;

	if (fmt == MXA_FMT_E4M3 || fmt == MXA_FMT_E5M2 ||
	    fmt == MXA_FMT_INT8 || fmt == MXA_FMT_E8M0)
		return count;

	for (size_t base = 0; base < count; base += chunk) {
		size_t n = count - base < chunk ? count - base : chunk;
		const uint8_t *c = codes + base;
		unsigned bad = 0;

		/* 0xff is never tested as "2": it already fails on high. */
		for (size_t i = 0; i < n; i++)
			bad |= (c[i] & high) | (c[i] == two);
		if (!bad)
			continue;
		for (size_t i = 0; i < n; i++)
			if ((c[i] & high) || c[i] == two)
				return base + i;
	}
	return count;
}

static void pack_fp6(const uint8_t *c, size_t count, uint8_t *d)
{
	size_t groups = count / 4, rem = count % 4;
	uint32_t v = 0;

	for (size_t i = 0; i < groups; i++, c += 4, d += 3) {
		v = c[0] | (uint32_t)c[1] << 6 | (uint32_t)c[2] << 12 |
		    (uint32_t)c[3] << 18;
		d[0] = (uint8_t)v;
		d[1] = (uint8_t)(v >> 8);
		d[2] = (uint8_t)(v >> 16);
	}
	if (!rem)
		return;
	v = 0;
	for (size_t j = 0; j < rem; j++)
		v |= (uint32_t)c[j] << (6 * j);
	for (size_t j = 0; j < (rem * 6 + 7) / 8; j++)
		d[j] = (uint8_t)(v >> (8 * j));
}

static void unpack_fp6(const uint8_t *s, size_t count, uint8_t *c)
{
	size_t groups = count / 4, rem = count % 4;
	uint32_t v;

	for (size_t i = 0; i < groups; i++, s += 3, c += 4) {
		v = s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
		c[0] = v & 0x3f;
		c[1] = (v >> 6) & 0x3f;
		c[2] = (v >> 12) & 0x3f;
		c[3] = (uint8_t)(v >> 18);
	}
	if (!rem)
		return;
	v = 0;
	for (size_t j = 0; j < (rem * 6 + 7) / 8; j++)
		v |= (uint32_t)s[j] << (8 * j);
	for (size_t j = 0; j < rem; j++)
		c[j] = (v >> (6 * j)) & 0x3f;
}

static void pack_fp4(const uint8_t *c, size_t count, uint8_t *d)
{
	size_t pairs = count / 2;

	for (size_t i = 0; i < pairs; i++)
		d[i] = (uint8_t)(c[2 * i] | c[2 * i + 1] << 4);
	if (count % 2)
		d[pairs] = c[count - 1];
}

static void unpack_fp4(const uint8_t *s, size_t count, uint8_t *c)
{
	size_t pairs = count / 2;

	for (size_t i = 0; i < pairs; i++) {
		c[2 * i] = s[i] & 0x0f;
		c[2 * i + 1] = s[i] >> 4;
	}
	if (count % 2)
		c[count - 1] = s[pairs] & 0x0f;
}

static void pack_ternary(const uint8_t *c, size_t count, uint8_t *d)
{
	size_t quads = count / 4, rem = count % 4;
	unsigned v = 0;

	for (size_t i = 0; i < quads; i++, c += 4)
		d[i] = (uint8_t)(c[0] | c[1] << 2 | c[2] << 4 | c[3] << 6);
	if (!rem)
		return;
	for (size_t j = 0; j < rem; j++)
		v |= (unsigned)c[j] << (2 * j);
	d[quads] = (uint8_t)v;
}

static void unpack_ternary(const uint8_t *s, size_t count, uint8_t *c)
{
	size_t quads = count / 4, rem = count % 4;

	for (size_t i = 0; i < quads; i++, c += 4) {
		c[0] = s[i] & 3;
		c[1] = (s[i] >> 2) & 3;
		c[2] = (s[i] >> 4) & 3;
		c[3] = s[i] >> 6;
	}
	for (size_t j = 0; j < rem; j++)
		c[j] = (s[quads] >> (2 * j)) & 3;
}

MXA_EXPORT int mxa_pack(enum mxa_format fmt, const uint8_t *codes,
			size_t count, void *dst)
{
	size_t bad;
	int ret;

	ret = check_format("pack", fmt);
	if (ret)
		return ret;
	if (!count)
		return 0;
	if (!codes || !dst)
		return mxa__error(EINVAL, "pack: NULL %s",
				  codes ? "dst" : "codes");

	/* Every code is checked before the first byte is written. */
	bad = first_invalid(fmt, codes, count);
	if (bad < count)
		return mxa__error(EINVAL, "pack: invalid %s code 0x%02x at "
				  "index %zu", mxa_format_name(fmt), codes[bad],
				  bad);

	switch (fmt) {
	case MXA_FMT_E3M2:
	case MXA_FMT_E2M3:
		pack_fp6(codes, count, dst);
		break;
	case MXA_FMT_E2M1:
		pack_fp4(codes, count, dst);
		break;
	case MXA_FMT_TERNARY:
		pack_ternary(codes, count, dst);
		break;
	default:
		memcpy(dst, codes, count);
		break;
	}
	return 0;
}

/*
 * Unpacking moves bits and interprets none: a ternary 10 or a UE4M3 code
 * with the sign bit set comes out as it is stored, so that a tool can show
 * what a buffer holds; whatever decodes the codes rejects them.
 */
MXA_EXPORT int mxa_unpack(enum mxa_format fmt, const void *src, size_t count,
			  uint8_t *codes)
{
	int ret;

	ret = check_format("unpack", fmt);
	if (ret)
		return ret;
	if (!count)
		return 0;
	if (!src || !codes)
		return mxa__error(EINVAL, "unpack: NULL %s",
				  src ? "codes" : "src");

	switch (fmt) {
	case MXA_FMT_E3M2:
	case MXA_FMT_E2M3:
		unpack_fp6(src, count, codes);
		break;
	case MXA_FMT_E2M1:
		unpack_fp4(src, count, codes);
		break;
	case MXA_FMT_TERNARY:
		unpack_ternary(src, count, codes);
		break;
	default:
		memcpy(codes, src, count);
		break;
	}
	return 0;
}
