// SPDX-License-Identifier: MIT
/*
 * pack.c - the packed row layouts of docs/numerics.md section 6: conversion
 * between one code per byte and the layout the hardware reads, a dense bit
 * string or (the packing of TERNARY_B3) five base-3 digits to a byte.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mxa_hw.h"
#include "mxa_priv.h"

size_t mxa__row_bytes(enum mxa_format fmt, size_t n)
{
	size_t bits = mxa__format_bits(fmt);

	if (bits && mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3)
		return n / 5 + (n % 5 != 0);
	/* Split so that bits x n cannot overflow before the check. */
	if (!bits || n / 8 > SIZE_MAX / bits)
		return 0;
	return n / 8 * bits + (n % 8 * bits + 7) / 8;
}

MXA_EXPORT size_t mxa_packed_size(enum mxa_format fmt, size_t count)
{
	if (!mxa__format_bits(fmt)) {
		mxa__error(EINVAL, "packed size: unknown format %d", (int)fmt);
		return 0;
	}
	return mxa__row_bytes(fmt, count);
}

static int check_format(const char *what, enum mxa_format fmt,
			uint8_t *invalid_high, int *invalid_code)
{
	int bits = mxa__code_layout(fmt, invalid_high, invalid_code);

	if (!bits) {
		if (mxa__format_bits(fmt))
			return mxa__error(EINVAL, "%s: %s has no packed layout",
					  what, mxa_format_name(fmt));
		return mxa__error(EINVAL, "%s: unknown format %d", what,
				  (int)fmt);
	}
	return bits;
}

/*
 * Index of the first invalid code, or count when all are valid. The scan
 * runs in chunks with no branch per code (so the compiler can vectorize
 * it) and searches a chunk one code at a time only when it holds a fault.
 */
static size_t first_invalid(const uint8_t *codes, size_t count,
			    uint8_t high, int invalid_code)
{
	/* 0xff is never tested as the invalid code: it fails on high. */
	const uint8_t one = invalid_code >= 0 ? (uint8_t)invalid_code : 0xff;
	const size_t chunk = 4096;

	if (!high && invalid_code < 0)
		return count;

	for (size_t base = 0; base < count; base += chunk) {
		size_t n = count - base < chunk ? count - base : chunk;
		const uint8_t *c = codes + base;
		unsigned bad = 0;

		for (size_t i = 0; i < n; i++)
			bad |= (c[i] & high) | (c[i] == one);
		if (!bad)
			continue;
		for (size_t i = 0; i < n; i++)
			if ((c[i] & high) || c[i] == one)
				return base + i;
	}
	return count;
}

/*
 * Every layout is the row read as a little-endian bit string with element
 * k in bits b·k … b·k + b − 1 (docs/numerics.md section 6): eight elements
 * fill b bytes exactly, so whole groups of eight go through one 64-bit
 * word.
 */
static void pack_bits(const uint8_t *c, size_t count, unsigned b, uint8_t *d)
{
	size_t groups = count / 8, rem = count % 8;
	uint64_t v;

	for (size_t i = 0; i < groups; i++, c += 8, d += b) {
		v = 0;
		for (unsigned j = 0; j < 8; j++)
			v |= (uint64_t)c[j] << (b * j);
		for (unsigned j = 0; j < b; j++)
			d[j] = (uint8_t)(v >> (8 * j));
	}
	if (!rem)
		return;
	v = 0;
	for (size_t j = 0; j < rem; j++)
		v |= (uint64_t)c[j] << (b * j);
	for (size_t j = 0; j < (rem * b + 7) / 8; j++)
		d[j] = (uint8_t)(v >> (8 * j));
}

static void unpack_bits(const uint8_t *s, size_t count, unsigned b,
			uint8_t *c)
{
	size_t groups = count / 8, rem = count % 8;
	uint8_t mask = (uint8_t)((1u << b) - 1);
	uint64_t v;

	for (size_t i = 0; i < groups; i++, s += b, c += 8) {
		v = 0;
		for (unsigned j = 0; j < b; j++)
			v |= (uint64_t)s[j] << (8 * j);
		for (unsigned j = 0; j < 8; j++)
			c[j] = (uint8_t)(v >> (b * j)) & mask;
	}
	if (!rem)
		return;
	v = 0;
	for (size_t j = 0; j < (rem * b + 7) / 8; j++)
		v |= (uint64_t)s[j] << (8 * j);
	for (size_t j = 0; j < rem; j++)
		c[j] = (uint8_t)(v >> (b * j)) & mask;
}

/*
 * Base 3: byte j holds elements 5j … 5j + 4 as the digits of
 * d0 + 3 d1 + 9 d2 + 27 d3 + 81 d4, digit 0 for code 0 (zero), 1 for code
 * 1 (+1) and 2 for code 3 (-1). A byte above 242 has no digits: it
 * unpacks as five invalid codes (0b10), which whatever decodes them
 * rejects, as the hardware does.
 */
static const uint8_t digit_of_code[4] = { 0, 1, 0, 2 };
static const uint8_t code_of_digit[3] = { 0, 1, 3 };

static void pack_base3(const uint8_t *c, size_t count, uint8_t *d)
{
	for (size_t i = 0; i < count; i += 5) {
		unsigned v = 0;

		for (size_t j = count - i < 5 ? count - i : 5; j-- > 0;)
			v = 3 * v + digit_of_code[c[i + j]];
		*d++ = (uint8_t)v;
	}
}

/* Elements first … first + count - 1 of a row starting at s. */
static void unpack_base3(const uint8_t *s, size_t first, size_t count,
			 uint8_t *c)
{
	size_t k = first, end = first + count;

	while (k < end) {
		unsigned v = s[k / 5];
		unsigned digit = (unsigned)(k % 5);

		for (unsigned j = 0; j < digit; j++)
			v /= 3;
		for (; digit < 5 && k < end; digit++, k++) {
			*c++ = s[k / 5] > 242 ? 2 : code_of_digit[v % 3];
			v /= 3;
		}
	}
}

MXA_EXPORT int mxa_pack(enum mxa_format fmt, const uint8_t *codes,
			size_t count, void *dst)
{
	uint8_t high;
	int invalid, bits;
	size_t bad;

	bits = check_format("pack", fmt, &high, &invalid);
	if (bits < 0)
		return bits;
	if (!count)
		return 0;
	if (!codes || !dst)
		return mxa__error(EINVAL, "pack: NULL %s",
				  codes ? "dst" : "codes");

	/* Every code is checked before the first byte is written. */
	bad = first_invalid(codes, count, high, invalid);
	if (bad < count)
		return mxa__error(EINVAL, "pack: invalid %s code 0x%02x at "
				  "index %zu", mxa_format_name(fmt), codes[bad],
				  bad);
	if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3)
		pack_base3(codes, count, dst);
	else if (bits == 8)
		memcpy(dst, codes, count);
	else
		pack_bits(codes, count, (unsigned)bits, dst);
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
	uint8_t high;
	int invalid, bits;

	bits = check_format("unpack", fmt, &high, &invalid);
	if (bits < 0)
		return bits;
	if (!count)
		return 0;
	if (!src || !codes)
		return mxa__error(EINVAL, "unpack: NULL %s",
				  src ? "codes" : "src");
	mxa__unpack_row(fmt, src, 0, count, codes);
	return 0;
}

void mxa__unpack_row(enum mxa_format fmt, const uint8_t *row, size_t first,
		     size_t count, uint8_t *codes)
{
	unsigned bits = mxa__format_bits(fmt);
	size_t skip;

	if (mxa_hw_fmt_packing(fmt) == MXA_HW_FMT_PACK_BASE3) {
		unpack_base3(row, first, count, codes);
		return;
	}
	row += first / 8 * bits;
	skip = first % 8;
	if (bits == 8) {
		memcpy(codes, row + skip, count);
	} else if (!skip) {
		unpack_bits(row, count, bits, codes);
	} else {
		/* Unpack from the group of eight that holds the first one. */
		uint8_t head[8];
		size_t n = 8 - skip < count ? 8 - skip : count;

		unpack_bits(row, skip + n, bits, head);
		memcpy(codes, head + skip, n);
		if (count > n)
			unpack_bits(row + bits, count - n, bits, codes + n);
	}
}
