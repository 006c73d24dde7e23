/* SPDX-License-Identifier: MIT */
/*
 * fuzz_util.h - what the libFuzzer targets share: a reader that takes
 * fields off the fuzz input (zeros once it is used up, so every input is
 * a complete case), and a check that reports a broken invariant as a
 * crash libFuzzer keeps.
 */
#ifndef MXA_FUZZ_UTIL_H
#define MXA_FUZZ_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fz {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fz_bits(struct fz *f, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && f->left; i++, f->p++, f->left--)
		v |= (uint64_t)*f->p << (8 * i);
	return v;
}

static inline uint8_t fz_u8(struct fz *f)
{
	return (uint8_t)fz_bits(f, 1);
}

static inline uint32_t fz_u32(struct fz *f)
{
	return (uint32_t)fz_bits(f, 4);
}

static inline uint64_t fz_u64(struct fz *f)
{
	return fz_bits(f, 8);
}

/* A number below @n (n > 0). */
static inline uint32_t fz_below(struct fz *f, uint32_t n)
{
	return (uint32_t)(fz_bits(f, n <= 256 ? 1 : n <= 65536 ? 2 : 4) % n);
}

/*
 * The check of an invariant: the message goes to file descriptor 2 (the
 * targets point the C library's stderr elsewhere to keep the code under
 * test quiet), then abort() makes libFuzzer save the input.
 */
__attribute__((format(printf, 4, 5), noreturn))
static inline void fz_check_fail(const char *file, int line, const char *expr,
				 const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n, m;

	n = snprintf(msg, sizeof(msg), "invariant broken at %s:%d: %s: ",
		     file, line, expr);
	va_start(ap, fmt);
	m = vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	n += m;
	if (n > (int)sizeof(msg) - 2)
		n = (int)sizeof(msg) - 2;
	msg[n++] = '\n';
	/* Best effort: the abort is what counts. */
	(void)!write(2, msg, (size_t)n);
	abort();
}

#define FZ_CHECK(cond, ...)                                                  \
	do {                                                                 \
		if (!(cond))                                                 \
			fz_check_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/*
 * The code under test writes its one-line errors to stderr through the C
 * library: pointed at /dev/null so that millions of executions do not
 * flood the log. Sanitizer and libFuzzer reports still reach
 * descriptor 2, and so do fz_fail()'s.
 */
static inline void fz_quiet_stdio(void)
{
	FILE *null_out = fopen("/dev/null", "w");

	if (!null_out)
		abort();
	stdout = null_out;
	stderr = null_out;
}

#endif /* MXA_FUZZ_UTIL_H */
