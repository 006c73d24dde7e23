/* SPDX-License-Identifier: MIT */
/*
 * test_util.h - what every test program shares: exit codes, a check macro
 * that reports where it failed, and a deterministic random generator.
 */
#ifndef MXA_TEST_UTIL_H
#define MXA_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_PASS 0
#define T_FAIL 1
#define T_SKIP 77

/* Counts failures; a test returns t_exit() at the end. */
static int t_failures;

#define T_CHECK(cond, ...)                                                   \
	do {                                                                 \
		if (!(cond)) {                                               \
			if (t_failures < 50) {                               \
				fprintf(stderr, "%s:%d: check failed: %s: ",  \
					__FILE__, __LINE__, #cond);           \
				fprintf(stderr, __VA_ARGS__);                \
				fputc('\n', stderr);                         \
			}                                                    \
			t_failures++;                                        \
		}                                                            \
	} while (0)

/* Prints why and exits 77: the runner shows the last line as the reason. */
#define T_SKIP_BECAUSE(...)                                                  \
	do {                                                                 \
		printf("skipped: ");                                         \
		printf(__VA_ARGS__);                                         \
		printf("\n");                                                \
		exit(T_SKIP);                                                \
	} while (0)

static inline int t_exit(void)
{
	if (t_failures) {
		fprintf(stderr, "%d check(s) failed\n", t_failures);
		return T_FAIL;
	}
	return T_PASS;
}

/* xoshiro256** seeded by splitmix64: same sequence on every machine. */
struct t_rng {
	uint64_t s[4];
};

static inline uint64_t t_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline void t_rng_seed(struct t_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = t_splitmix(&seed);
}

static inline uint64_t t_rng_next(struct t_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return res;
}

/* Uniform in [0, n). */
static inline uint32_t t_rng_below(struct t_rng *r, uint32_t n)
{
	return (uint32_t)(((t_rng_next(r) >> 32) * n) >> 32);
}

/*
 * A matrix dimension for a device that works in tiles of @unit rows: the
 * edges (1, one tile, one tile and a row) often, anything up to three
 * tiles otherwise.
 */
static inline uint32_t t_pick_dim(uint32_t unit, struct t_rng *r)
{
	switch (t_rng_below(r, 5)) {
	case 0:
		return 1;
	case 1:
		return unit;
	case 2:
		return unit + 1;
	default:
		return 1 + t_rng_below(r, 3 * unit + 3);
	}
}

static inline float t_bits_float(uint32_t u)
{
	float f;

	memcpy(&f, &u, sizeof(f));
	return f;
}

static inline uint32_t t_float_bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));
	return u;
}

/* A growable list of doubles: the inputs a conversion test builds up. */
struct t_dlist {
	double *v;
	size_t n, cap;
};

static inline void t_dlist_add(struct t_dlist *l, double x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			perror("realloc");
			exit(T_FAIL);
		}
	}
	l->v[l->n++] = x;
}

#endif /* MXA_TEST_UTIL_H */
