// SPDX-License-Identifier: MIT
/*
 * test_device.c - the device layer: opening devices by spec, buffers, fences,
 * and the validation of every field of a matmul job (each bad field gives
 * -EINVAL with a message naming it, and D is left untouched).
 */
#include <errno.h>
#include <math.h>

#include "common/test_util.h"
#include "mxa.h"

#define M 5
#define N 3
#define K 40

struct fixture {
	struct mxa_device *dev;
	struct mxa_buffer *a, *b, *sa, *sb, *c, *d;
	struct mxa_matmul job;
};

static void setup(struct fixture *f, enum mxa_scale_mode scale)
{
	unsigned nb = (K + mxa_block_size(scale) - 1) / mxa_block_size(scale);

	T_CHECK(!mxa_device_open("emu", &f->dev), "open: %s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, M * K, &f->a), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, N * K, &f->b), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, M * nb, &f->sa), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, N * nb, &f->sb), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, 4 * M * N, &f->c), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(f->dev, 4 * M * N, &f->d), "%s", mxa_last_error());
	/* e4m3 0x38 is 1.0, e8m0 0x7F is 1.0: every output is C + K. */
	memset(mxa_buffer_map(f->a), 0x38, M * K);
	memset(mxa_buffer_map(f->b), 0x38, N * K);
	memset(mxa_buffer_map(f->sa), 0x7F, M * nb);
	memset(mxa_buffer_map(f->sb), 0x7F, N * nb);
	for (int i = 0; i < M * N; i++)
		((float *)mxa_buffer_map(f->c))[i] = (float)i;

	memset(&f->job, 0, sizeof(f->job));
	f->job.m = M;
	f->job.n = N;
	f->job.k = K;
	f->job.a_format = MXA_FMT_E4M3;
	f->job.b_format = MXA_FMT_E4M3;
	f->job.scale = scale;
	f->job.acc = MXA_ACC_FP32;
	f->job.out_format = MXA_FMT_FP32;
	f->job.a.buf = f->a;
	f->job.b.buf = f->b;
	if (scale != MXA_SCALE_NONE) {
		f->job.a_scale.buf = f->sa;
		f->job.b_scale.buf = f->sb;
	}
	f->job.c.buf = f->c;
	f->job.d.buf = f->d;
}

static void teardown(struct fixture *f)
{
	mxa_buffer_del(f->a);
	mxa_buffer_del(f->b);
	mxa_buffer_del(f->sa);
	mxa_buffer_del(f->sb);
	mxa_buffer_del(f->c);
	mxa_buffer_del(f->d);
	mxa_device_close(f->dev);
}

/* The good job computes D = C + K everywhere. */
static void check_good_job(void)
{
	struct fixture f;

	setup(&f, MXA_SCALE_MX);
	T_CHECK(!mxa_matmul_validate(f.dev, &f.job), "%s", mxa_last_error());
	T_CHECK(!mxa_matmul_run(f.dev, &f.job), "%s", mxa_last_error());
	for (int i = 0; i < M * N; i++)
		T_CHECK(((float *)mxa_buffer_map(f.d))[i] == (float)(i + K),
			"D[%d] = %g", i, ((float *)mxa_buffer_map(f.d))[i]);
	teardown(&f);
}

/* One way to spoil a job, and a word its error message must contain. */
struct bad_case {
	const char *what;
	void (*spoil)(struct fixture *f);
	const char *word;
};

#define SPOIL(name, body) \
	static void name(struct fixture *f) { body; }

SPOIL(zero_m, f->job.m = 0)
SPOIL(zero_k, f->job.k = 0)
/* Beyond the emulator's K of 2^20 a job is split; exact's K cannot be. */
SPOIL(exact_huge_k, { f->job.acc = MXA_ACC_EXACT; f->job.scale = MXA_SCALE_NONE;
		      f->job.k = (1u << 20) + 1; })
SPOIL(a_fmt_scale, f->job.a_format = MXA_FMT_E8M0)
SPOIL(b_fmt_bad, f->job.b_format = (enum mxa_format)99)
SPOIL(scale_bad, f->job.scale = (enum mxa_scale_mode)3)
SPOIL(acc_bad, f->job.acc = (enum mxa_acc)7)
SPOIL(out_bad, f->job.out_format = MXA_FMT_E4M3)
SPOIL(bits_fp32, f->job.acc_bits = 14)
SPOIL(bits_low, { f->job.acc = MXA_ACC_TRUNC; f->job.acc_bits = 3; })
SPOIL(bits_high, { f->job.acc = MXA_ACC_TRUNC; f->job.acc_bits = 33; })
SPOIL(interval_odd, { f->job.acc = MXA_ACC_TRUNC; f->job.acc_interval = 48; })
SPOIL(interval_big, { f->job.acc = MXA_ACC_TRUNC; f->job.acc_interval = 65568; })
SPOIL(exact_mx, f->job.acc = MXA_ACC_EXACT)
SPOIL(tscale_mx, f->job.a_tensor_scale = 2.0f)
SPOIL(no_a, f->job.a.buf = NULL)
SPOIL(a_offset, f->job.a.offset = 1)
SPOIL(a_stride_small, f->job.a.stride = K - 1)
SPOIL(a_stride_big, f->job.a.stride = K + 1)
SPOIL(b_offset_huge, f->job.b.offset = UINT64_MAX - 8)
SPOIL(b_stride_wrap, f->job.b.stride = UINT64_MAX / 2)
SPOIL(no_scales, f->job.a_scale.buf = NULL)
SPOIL(sb_short, f->job.b_scale.offset = 1)
SPOIL(c_short, f->job.c.offset = 4)
SPOIL(d_short, f->job.d.stride = 4 * N + 4)
SPOIL(d_bf16_odd, { f->job.out_format = MXA_FMT_BF16; f->job.d.offset = 1; })
SPOIL(d_bf16_stride, { f->job.out_format = MXA_FMT_BF16; f->job.d.stride = 2 * N + 1; })
SPOIL(d_is_c, f->job.d.buf = f->c)
SPOIL(d_is_a, { f->job.d.buf = f->a; f->job.d.offset = 0; })

static const struct bad_case bad_cases[] = {
	{ "M = 0", zero_m, "dimensions" },
	{ "K = 0", zero_k, "dimensions" },
	{ "exact with K beyond the limit", exact_huge_k, "cannot be split" },
	{ "A format a scale format", a_fmt_scale, "A format" },
	{ "B format unknown", b_fmt_bad, "B format" },
	{ "scale mode unknown", scale_bad, "scale mode" },
	{ "acc mode unknown", acc_bad, "accumulation" },
	{ "output e4m3", out_bad, "output format" },
	{ "acc_bits with fp32", bits_fp32, "trunc" },
	{ "trunc W = 3", bits_low, "4..32" },
	{ "trunc W = 33", bits_high, "4..32" },
	{ "trunc N = 48", interval_odd, "multiple" },
	{ "trunc N > 65536", interval_big, "multiple" },
	{ "exact with mx", exact_mx, "exact" },
	{ "tensor scale with mx", tscale_mx, "per-tensor" },
	{ "no A buffer", no_a, "A: no buffer" },
	{ "A past its buffer", a_offset, "A:" },
	{ "A stride below a row", a_stride_small, "stride" },
	{ "A stride past the buffer", a_stride_big, "A:" },
	{ "B offset overflowing", b_offset_huge, "B:" },
	{ "B stride overflowing", b_stride_wrap, "B:" },
	{ "scales missing", no_scales, "A scales" },
	{ "B scales past buffer", sb_short, "B scales" },
	{ "C past its buffer", c_short, "C:" },
	{ "D past its buffer", d_short, "D:" },
	{ "D at an odd offset", d_bf16_odd, "multiples of 2" },
	{ "D stride odd", d_bf16_stride, "multiples of 2" },
	{ "D overlapping C", d_is_c, "overlaps" },
	{ "D overlapping A", d_is_a, "overlaps" },
};

static void check_bad_jobs(void)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct mxa_fence *fence = NULL;
		struct fixture f;
		int ret;

		setup(&f, MXA_SCALE_MX);
		memset(mxa_buffer_map(f.d), 0xA5, 4 * M * N);
		bc->spoil(&f);
		ret = mxa_matmul_validate(f.dev, &f.job);
		T_CHECK(ret == -EINVAL, "%s: validate gave %d", bc->what, ret);
		T_CHECK(strstr(mxa_last_error(), bc->word) != NULL,
			"%s: message '%s' lacks '%s'", bc->what,
			mxa_last_error(), bc->word);
		ret = mxa_matmul_submit(f.dev, &f.job, &fence);
		T_CHECK(ret == -EINVAL && !fence, "%s: submit gave %d", bc->what,
			ret);
		for (int j = 0; j < 4 * M * N; j++)
			if (((uint8_t *)mxa_buffer_map(f.d))[j] != 0xA5) {
				T_CHECK(0, "%s: D written", bc->what);
				break;
			}
		teardown(&f);
	}
}

/* A buffer of another device is refused. */
static void check_foreign_buffer(void)
{
	struct mxa_device *other;
	struct mxa_buffer *buf;
	struct fixture f;

	setup(&f, MXA_SCALE_NONE);
	T_CHECK(!mxa_device_open("emu", &other), "%s", mxa_last_error());
	T_CHECK(!mxa_buffer_new(other, N * K, &buf), "%s", mxa_last_error());
	f.job.b.buf = buf;
	T_CHECK(mxa_matmul_run(f.dev, &f.job) == -EINVAL, "foreign B accepted");
	T_CHECK(strstr(mxa_last_error(), "another device") != NULL, "%s",
		mxa_last_error());
	mxa_buffer_del(buf);
	mxa_device_close(other);
	teardown(&f);
}

static void check_open_and_buffers(void)
{
	struct mxa_device_info info;
	struct mxa_device *dev = NULL;
	struct mxa_buffer *buf = NULL;

	T_CHECK(mxa_device_open("nonsense", &dev) == -EINVAL && !dev,
		"unknown backend");
	T_CHECK(strstr(mxa_last_error(), "unknown backend") != NULL, "%s",
		mxa_last_error());
	T_CHECK(mxa_device_open("emu:x=1", &dev) == -EINVAL && !dev,
		"emu options");
	T_CHECK(mxa_device_open(NULL, &dev) == -EINVAL, "NULL spec");
	T_CHECK(!mxa_device_open("auto", &dev), "auto: %s", mxa_last_error());
	T_CHECK(!mxa_device_query(dev, &info), "query");
	T_CHECK(info.formats == (1u << MXA_NUM_ELEM_FORMATS) - 1 &&
		info.scale_modes == 7 && info.acc_modes == 7,
		"emu capabilities %x %x %x",
		info.formats, info.scale_modes, info.acc_modes);
	T_CHECK(mxa_buffer_new(dev, 0, &buf) == -EINVAL && !buf, "size 0");
	T_CHECK(mxa_buffer_new(dev, SIZE_MAX, &buf) == -ENOMEM && !buf,
		"absurd size");
	T_CHECK(!mxa_buffer_new(dev, 100, &buf), "%s", mxa_last_error());
	T_CHECK(mxa_buffer_size(buf) == 100, "size");
	for (int i = 0; i < 100; i++)
		T_CHECK(((uint8_t *)mxa_buffer_map(buf))[i] == 0, "not zeroed");
	mxa_buffer_del(buf);
	mxa_buffer_del(NULL);
	mxa_device_close(dev);
	mxa_device_close(NULL);
	T_CHECK(mxa_fence_wait(NULL, 0) == -EINVAL, "NULL fence");
}

/* A job that reads an invalid code fails through its fence. */
static void check_failed_job(void)
{
	struct mxa_fence *fence = NULL;
	struct fixture f;

	setup(&f, MXA_SCALE_NONE);
	f.job.b_format = MXA_FMT_TERNARY;
	memset(mxa_buffer_map(f.b), 0x55, N * K);	/* ternary +1 */
	((uint8_t *)mxa_buffer_map(f.b))[7] = 0x95;	/* element 30: 10 */
	T_CHECK(!mxa_matmul_submit(f.dev, &f.job, &fence) && fence, "submit: %s",
		mxa_last_error());
	T_CHECK(mxa_fence_wait(fence, -1) == -EINVAL, "fence status");
	T_CHECK(strstr(mxa_last_error(), "ternary") != NULL, "%s",
		mxa_last_error());
	mxa_fence_del(fence);
	teardown(&f);
}

int main(void)
{
	check_open_and_buffers();
	check_good_job();
	check_bad_jobs();
	check_foreign_buffer();
	check_failed_job();
	return t_exit();
}
