// SPDX-License-Identifier: MIT
/*
 * test_tool_sim.c - the mxa tool on the simulated accelerator (the minimal
 * configuration, the fastest to simulate): "mxa matmul --device sim" writes
 * the same D, byte for byte, as "--device emu" for random jobs of several
 * format pairs and scale modes, with and without C, in both output
 * formats; "mxa info --device sim" prints what the capability registers
 * say; "mxa bench --device sim" prints the device's figures and its check
 * against the emulator; a bad sim option is a one-line failure. A job
 * with K beyond the device's 256 runs in parts with the emulator's D,
 * except in exact accumulation, which is refused in one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxa.h"
#include "tool/tool_test.h"

#define SIM "sim:config=min"

/* Random codes of @fmt, NaN and infinities included where it has them. */
static void random_codes(struct t_rng *r, unsigned bits, uint8_t *dst, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (uint8_t)t_rng_below(r, 1u << bits);
}

/* Whole files equal: D of the same job on two devices. */
static void same_file(int line, const char *x, const char *y)
{
	size_t lx = 0, ly = 0;
	uint8_t *a = t_read_file(x, &lx), *b = t_read_file(y, &ly);

	T_CHECK(a && b && lx == ly && !memcmp(a, b, lx),
		"line %d: %s and %s differ", line, x, y);
	free(a);
	free(b);
}

static void test_matmul_same_as_emu(void)
{
	static const char *const pairs[][2] = {
		{ "e4m3", "e2m1" }, { "e5m2", "e5m2" }, { "e3m2", "e2m3" },
		{ "int8", "ternary" }, { "e2m1", "e2m1" }, { "e4m3", "int8" },
	};
	static const char *const scales[] = { "none", "mx", "nv" };
	static uint8_t a[24 * 80], b[80 * 12], sa[24 * 5], sb[5 * 12];
	static float c[24 * 12];
	struct t_rng r;

	t_rng_seed(&r, 7);
	for (size_t t = 0; t < sizeof(pairs) / sizeof(pairs[0]); t++) {
		unsigned scale = t % 3, bs = scale == 2 ? 16 : 32;
		size_t m = 1 + t_rng_below(&r, 24), n = 1 + t_rng_below(&r, 12);
		size_t k = 1 + t_rng_below(&r, 80), nb = (k + bs - 1) / bs;
		int fa = mxa_format_parse(pairs[t][0]);
		int fb = mxa_format_parse(pairs[t][1]);
		struct mxa_format_info ia, ib;
		const char *out_fmt = t & 1 ? "bf16" : "fp32";
		const char *args[32];
		int na = 0;

		mxa_format_info((enum mxa_format)fa, &ia);
		mxa_format_info((enum mxa_format)fb, &ib);
		random_codes(&r, ia.bits, a, m * k);
		random_codes(&r, ib.bits, b, k * n);
		/* Ternary's code 2 is invalid: make it 0. */
		for (size_t i = 0; i < m * k; i++)
			a[i] = fa == MXA_FMT_TERNARY && a[i] == 2 ? 0 : a[i];
		for (size_t i = 0; i < k * n; i++)
			b[i] = fb == MXA_FMT_TERNARY && b[i] == 2 ? 0 : b[i];
		t_npy("a.npy", "|u1", 0, 2, (size_t[]){ m, k }, a, m * k);
		t_npy("b.npy", "|u1", 0, 2, (size_t[]){ k, n }, b, k * n);

		args[na++] = "matmul";
		args[na++] = "--a-format";
		args[na++] = pairs[t][0];
		args[na++] = "--b-format";
		args[na++] = pairs[t][1];
		args[na++] = "--scale";
		args[na++] = scales[scale];
		args[na++] = "--out-format";
		args[na++] = out_fmt;
		args[na++] = "--a";
		args[na++] = "a.npy";
		args[na++] = "--b";
		args[na++] = "b.npy";
		if (scale) {
			/* Any scale code, NaN included (UE4M3: sign 0). */
			random_codes(&r, scale == 2 ? 7 : 8, sa, m * nb);
			random_codes(&r, scale == 2 ? 7 : 8, sb, nb * n);
			t_npy("sa.npy", "|u1", 0, 2, (size_t[]){ m, nb }, sa,
			      m * nb);
			t_npy("sb.npy", "|u1", 0, 2, (size_t[]){ nb, n }, sb,
			      nb * n);
			args[na++] = "--a-scale";
			args[na++] = "sa.npy";
			args[na++] = "--b-scale";
			args[na++] = "sb.npy";
		}
		if (t % 3 == 1) {
			for (size_t i = 0; i < m * n; i++)
				c[i] = (float)((int)t_rng_below(&r, 2001) - 1000) / 8;
			t_npy_f32("c.npy", 2, (size_t[]){ m, n }, c);
			args[na++] = "--c";
			args[na++] = "c.npy";
		}
		args[na++] = "--device";
		args[na + 1] = "--out";
		args[na + 3] = NULL;

		args[na] = "emu";
		args[na + 2] = "d_emu.npy";
		t_ok_at(__LINE__, args);
		args[na] = SIM;
		args[na + 2] = "d_sim.npy";
		if (t_ok_at(__LINE__, args))
			same_file(__LINE__, "d_emu.npy", "d_sim.npy");
		T_CHECK(!t_stdout[0], "matmul printed '%s'", t_stdout);

		unlink("d_emu.npy");
		unlink("d_sim.npy");
		unlink("a.npy");
		unlink("b.npy");
		unlink("sa.npy");
		unlink("sb.npy");
		unlink("c.npy");
	}
}

/* K = 600 on a device of K 256: in three parts, D as on the emulator. */
static void test_matmul_beyond_k(void)
{
	enum { M = 5, N = 3, K = 600, NB = (K + 31) / 32 };
	static uint8_t a[M * K], b[K * N], sa[M * NB], sb[NB * N];
	struct t_rng r;

	t_rng_seed(&r, 11);
	random_codes(&r, 8, a, M * K);
	random_codes(&r, 4, b, K * N);
	random_codes(&r, 8, sa, M * NB);
	random_codes(&r, 8, sb, NB * N);
	t_npy("a.npy", "|u1", 0, 2, (size_t[]){ M, K }, a, M * K);
	t_npy("b.npy", "|u1", 0, 2, (size_t[]){ K, N }, b, K * N);
	t_npy("sa.npy", "|u1", 0, 2, (size_t[]){ M, NB }, sa, M * NB);
	t_npy("sb.npy", "|u1", 0, 2, (size_t[]){ NB, N }, sb, NB * N);
	if (t_ok("matmul", "--device", "emu", "--a-format", "e4m3",
		 "--b-format", "e2m1", "--scale", "mx", "--out-format", "bf16",
		 "--a", "a.npy", "--b", "b.npy", "--a-scale", "sa.npy",
		 "--b-scale", "sb.npy", "--out", "d_emu.npy") &&
	    t_ok("matmul", "--device", SIM, "--a-format", "e4m3",
		 "--b-format", "e2m1", "--scale", "mx", "--out-format", "bf16",
		 "--a", "a.npy", "--b", "b.npy", "--a-scale", "sa.npy",
		 "--b-scale", "sb.npy", "--out", "d_sim.npy"))
		same_file(__LINE__, "d_emu.npy", "d_sim.npy");
	unlink("d_emu.npy");
	unlink("d_sim.npy");
	/* exact rounds once over K: not split, refused naming the limit. */
	for (size_t i = 0; i < M * K; i++)
		a[i] &= 0x3f;	/* no e4m3 NaN */
	t_npy("a.npy", "|u1", 0, 2, (size_t[]){ M, K }, a, M * K);
	t_fails(1, "exact accumulation", NULL, "matmul", "--device", SIM,
		"--a-format", "e4m3", "--b-format", "e2m1", "--acc", "exact",
		"--a", "a.npy", "--b", "b.npy", "--out", "d_sim.npy");
	T_CHECK(t_contains(t_stderr, "limit 256"), "exact refusal: %s",
		t_stderr);
	unlink("d_sim.npy");
	unlink("a.npy");
	unlink("b.npy");
	unlink("sa.npy");
	unlink("sb.npy");
}

static void test_info_bench(void)
{
	if (t_ok("info", "--device", SIM)) {
		T_CHECK(t_contains(t_stdout, "backend:      sim (simulated hardware)"),
			"info: %s", t_stdout);
		T_CHECK(t_contains(t_stdout, "2 x 1 dot-product units, 32-bit lanes"),
			"info: array: %s", t_stdout);
		T_CHECK(t_contains(t_stdout, "e2m1        8 per unit per cycle, peak 16 MACs/cycle"),
			"info: lanes: %s", t_stdout);
		T_CHECK(t_contains(t_stdout, "64-bit data"), "info: %s",
			t_stdout);
	}
	if (t_ok("bench", "--device", SIM, "--m", "20", "--n", "9", "--k",
		 "70", "--a-format", "e2m1", "--b-format", "e4m3", "--scale",
		 "nv")) {
		static const char *const words[] = {
			"20x9x70, A e2m1, B e4m3, scale nv", "cycles",
			"MACs/cycle", "(peak 8)", "utilization", "bytes read",
			"bytes written", "DMA-bound stall",
			"compute-bound stall", "simulation speed",
			"check vs emulator  bit-exact",
		};

		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			T_CHECK(t_contains(t_stdout, words[i]),
				"bench does not say '%s': %s", words[i],
				t_stdout);
		T_CHECK(t_contains(t_stdout, "MACs               12600"),
			"bench: MACs are not 20 x 9 x 70: %s", t_stdout);
	}
	t_fails(1, "config", NULL, "info", "--device", "sim:config=huge");
	/* Beyond the device's K of 256: in parts, the figures their sums. */
	if (t_ok("bench", "--device", SIM, "--m", "4", "--n", "3", "--k",
		 "300"))
		T_CHECK(t_contains(t_stdout, "MACs               3600") &&
			t_contains(t_stdout, "check vs emulator  bit-exact"),
			"bench beyond K: %s", t_stdout);
}

int main(void)
{
	struct mxa_device *dev;
	int ret;

	ret = mxa_device_open(SIM, &dev);
	if (ret)
		T_SKIP_BECAUSE("no simulated device (%s)", mxa_last_error());
	mxa_device_close(dev);

	t_setup();
	test_matmul_same_as_emu();
	test_matmul_beyond_k();
	test_info_bench();
	T_CHECK(t_dir_entries() == 0, "files left in the work directory");
	return t_exit();
}
