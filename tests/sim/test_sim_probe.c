// SPDX-License-Identifier: MIT
/*
 * test_sim_probe.c - opening the sim device: its options (each malformed
 * one refused with -EINVAL and a message naming it; latency, bandwidth
 * and ring size changing the timing, never the results), the message when
 * the model is not built, what mxa_device_query reports for the
 * configuration, the probe's decoding of the identification and capability
 * registers (mxa__hw_caps_decode: the version check among them, with a
 * fake VERSION), two configurations open in one process at once, and that
 * a job in an element format the configuration was built without is
 * refused at submission with a message naming the format and the device;
 * model=<dir> opening the same model by its directory, and a directory
 * without one refused with -ENODEV naming the file and how to build it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "mxa_hw.h"
#include "mxa_priv.h"
#include "sim/sim_harness.h"

/* What sim/top.mk builds for SIM_CONFIG (docs/rtl-engine.md 6). */
struct expect {
	uint32_t rows, cols, lane_bits, data_bits, buf_depth;
	bool trunc;
	uint32_t formats;
};

static const struct expect expected = {
	TOP_ROWS, TOP_COLS, TOP_LANE_BITS, TOP_DATA_BITS, TOP_BUF_DEPTH,
	TOP_TRUNC, TOP_FORMATS,
};

static void check_options(void)
{
	static const struct {
		const char *opts, *word;
	} bad[] = {
		{ "bogus", "bogus" },
		{ "foo=1", "unknown option 'foo'" },
		{ "config=huge", "config=huge" },
		{ "latency=0", "latency=0" },
		{ "latency=abc", "latency=abc" },
		{ "latency=-5", "latency=-5" },
		{ "latency=", "latency" },
		{ "bw=0", "bw=0" },
		{ "ring=3", "power of two" },
		{ "ring=65536", "ring=65536" },
		{ "trace=", "trace" },
		{ "model=", "model" },
		{ "config=min,model=/tmp", "give one of them" },
		{ "=5", "=5" },
	};
	struct mxa_device *dev = NULL;

	for (unsigned i = 0; i < ST_ARRAY_SIZE(bad); i++) {
		char spec[64];
		int ret;

		snprintf(spec, sizeof(spec), "sim:%s", bad[i].opts);
		ret = mxa_device_open(spec, &dev);
		T_CHECK(ret == -EINVAL && !dev, "%s: %d", spec, ret);
		T_CHECK(strstr(mxa_last_error(), bad[i].word), "%s: %s", spec,
			mxa_last_error());
		mxa_device_close(dev);
		dev = NULL;
	}
}

/* The memory model's knobs and the ring's size: same results. */
static void check_timing_options(void)
{
	static const char *const opts[] = { "latency=1,bw=4", "latency=300",
					    "ring=2,bw=1" };

	for (unsigned o = 0; o < ST_ARRAY_SIZE(opts); o++) {
		struct st_job j;
		struct st_shape s;
		struct st_ctx c;
		int ret;

		st_open(&c, opts[o], 31 + o);
		memset(&s, 0, sizeof(s));
		st_random_modes(&c, &s);
		s.mm.m = c.info.array_rows + 3;
		s.mm.n = c.info.array_cols + 1;
		s.mm.k = 70;
		st_job_make(&c, &j, &s);
		st_job_submit(&c, &j);
		ret = mxa_fence_wait(j.fence, -1);
		T_CHECK(st_job_check(&j, ret, opts[o]) == 0, "%s", opts[o]);
		st_job_free(&j);
		st_close(&c);
	}
}

static void check_missing_model(void)
{
	const char *dir = getenv("MXA_SIM_MODEL_DIR");
	char *saved = dir ? strdup(dir) : NULL;
	struct mxa_device *dev = NULL;
	int ret;

	setenv("MXA_SIM_MODEL_DIR", "/nonexistent/mxa-models", 1);
	ret = mxa_device_open(st_spec(NULL), &dev);
	T_CHECK(ret == -ENODEV && !dev, "no model: %d", ret);
	T_CHECK(strstr(mxa_last_error(), "not built") &&
		strstr(mxa_last_error(), "make sim-top") &&
		strstr(mxa_last_error(), "/nonexistent/mxa-models/top-"),
		"message: %s", mxa_last_error());
	if (saved)
		setenv("MXA_SIM_MODEL_DIR", saved, 1);
	else
		unsetenv("MXA_SIM_MODEL_DIR");
	free(saved);
}

static void check_info(const struct mxa_device_info *info)
{
	const struct expect *e = &expected;
	uint32_t least = UINT32_MAX;

	T_CHECK(info->backend == MXA_BACKEND_SIM, "backend %d", info->backend);
	T_CHECK(info->simulated == 1, "simulated %d", info->simulated);
	T_CHECK(info->hw_version >> 16 == MXA_HW_VERSION_MAJOR, "version 0x%x",
		info->hw_version);
	T_CHECK(strstr(info->name, "sim") && strstr(info->name, SIM_CONFIG),
		"name %s", info->name);
	T_CHECK(info->array_rows == e->rows && info->array_cols == e->cols &&
		info->lane_bits == e->lane_bits, "array %ux%ux%u",
		info->array_rows, info->array_cols, info->lane_bits);
	T_CHECK(info->data_bits == e->data_bits, "data bits %u",
		info->data_bits);
	T_CHECK(info->buf_depth == e->buf_depth, "depth %u", info->buf_depth);
	T_CHECK(!!(info->acc_modes & 1u << MXA_ACC_TRUNC) == e->trunc &&
		(e->trunc ? info->trunc_w_min >= 4 &&
		 info->trunc_w_min <= info->trunc_w_max :
		 !info->trunc_w_min && !info->trunc_w_max),
		"trunc %u..%u", info->trunc_w_min, info->trunc_w_max);
	T_CHECK(info->formats == e->formats, "formats 0x%x, built with 0x%x",
		info->formats, e->formats);
	T_CHECK(info->scale_modes & 1u << MXA_SCALE_NONE && info->acc_modes &
		1u << MXA_ACC_FP32, "modes 0x%x 0x%x", info->scale_modes,
		info->acc_modes);
	T_CHECK(info->max_m && info->max_n && info->max_k, "limits");
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		bool listed = info->formats >> f & 1;

		T_CHECK(listed == (info->lane_elems[f] != 0),
			"format %u: %u elements", f, info->lane_elems[f]);
		if (listed && info->lane_elems[f] < least)
			least = info->lane_elems[f];
	}
	if (e->formats >> MXA_FMT_E4M3 & 1 && e->formats >> MXA_FMT_E2M1 & 1)
		T_CHECK(mxa_device_peak_macs(info, MXA_FMT_E4M3, MXA_FMT_E2M1) ==
			(uint64_t)e->rows * e->cols *
			(info->lane_elems[MXA_FMT_E4M3] <
			 info->lane_elems[MXA_FMT_E2M1] ?
			 info->lane_elems[MXA_FMT_E4M3] :
			 info->lane_elems[MXA_FMT_E2M1]), "peak");
}

/*
 * Each element format the configuration lacks, as A and as B: refused by
 * mxa_matmul_submit (no fence, nothing run), the message naming the format
 * and the device, e.g. "A format e5m2 is not built into mxa sim (subset
 * 2x1x32)".
 */
static void check_left_out(void)
{
	enum mxa_format built;
	struct st_shape s;
	struct st_job j;
	struct st_ctx c;
	unsigned left_out = 0;

	st_open(&c, NULL, 42);
	built = st_plain_format(&c.info);
	memset(&s, 0, sizeof(s));
	s.mm.m = 3;
	s.mm.n = 2;
	s.mm.k = 40;
	s.mm.a_format = s.mm.b_format = built;
	s.mm.out_format = MXA_FMT_FP32;
	st_job_make(&c, &j, &s);
	for (unsigned f = 0; f < MXA_NUM_ELEM_FORMATS; f++) {
		if (expected.formats >> f & 1)
			continue;
		left_out++;
		for (unsigned as_b = 0; as_b < 2; as_b++) {
			struct mxa_matmul mm = j.sim_mm;
			struct mxa_fence *fence = NULL;
			char want[160];
			int ret;

			snprintf(want, sizeof(want),
				 "%s format %s is not built into mxa sim "
				 "(%s %ux%ux%u)", as_b ? "B" : "A",
				 mxa_format_name(f), SIM_CONFIG, TOP_ROWS,
				 TOP_COLS, TOP_LANE_BITS);
			if (as_b)
				mm.b_format = f;
			else
				mm.a_format = f;
			ret = mxa_matmul_submit(c.sim, &mm, &fence);
			T_CHECK(ret == -EINVAL && !fence &&
				!strcmp(mxa_last_error(), want),
				"%s left out: %d \"%s\", want \"%s\"",
				mxa_format_name(f), ret, mxa_last_error(), want);
			mxa_fence_del(fence);
		}
	}
	/* The job in the formats it has still runs. */
	st_job_submit(&c, &j);
	T_CHECK(st_job_check(&j, mxa_fence_wait(j.fence, -1), "built") == 0,
		"a job after the refused ones");
	st_job_free(&j);
	st_close(&c);
	printf("%u element formats left out\n", left_out);
}

/* A device as the probe would read it: the default configuration. */
static void fake_regs(struct mxa__hw_regs *r)
{
	memset(r, 0, sizeof(*r));
	MXA__CAP(r, ID) = MXA_HW_ID;
	MXA__CAP(r, VERSION) = MXA_HW_VERSION_MAJOR << 16 |
			       MXA_HW_VERSION_MINOR;
	MXA__CAP(r, CAP_FLAGS) = 1;
	MXA__CAP(r, CAP_FORMATS) = 0x7f;
	MXA__CAP(r, CAP_FORMATS_SO) = 0x3 | 0x3 << 16;
	MXA__CAP(r, CAP_MODES) = 0x0707;
	MXA__CAP(r, CAP_ARRAY) = 64u << 16 | 2 << 8 | 8;
	MXA__CAP(r, CAP_LANE_ELEMS0) = 0x0a0a0808;
	MXA__CAP(r, CAP_LANE_ELEMS1) = 0x200810;
	MXA__CAP(r, CAP_BLOCK) = 0x30102020;
	MXA__CAP(r, CAP_TRUNC) = 0x2004;
	MXA__CAP(r, CAP_MAX_M) = 1u << 24;
	MXA__CAP(r, CAP_MAX_N) = 1u << 24;
	MXA__CAP(r, CAP_MAX_K) = 4096;
	MXA__CAP(r, CAP_MEM) = 256u << 16 | 39 << 8 | 40;
	MXA__CAP(r, CAP_BUF) = 512;
}

static void check_decode(void)
{
	struct mxa_device_info info;
	struct mxa__hw_regs r;
	int ret;

	fake_regs(&r);
	T_CHECK(mxa__hw_caps_decode(&r, &info) == 0, "%s", mxa_last_error());
	T_CHECK(info.formats == 0x7f && info.scale_modes == 7 &&
		info.acc_modes == 7 && info.array_rows == 8 &&
		info.array_cols == 2 && info.lane_bits == 64 &&
		info.lane_elems[MXA_FMT_E4M3] == 8 &&
		info.lane_elems[MXA_FMT_E2M3] == 10 &&
		info.lane_elems[MXA_FMT_E2M1] == 16 &&
		info.lane_elems[MXA_FMT_TERNARY] == 32 &&
		info.data_bits == 256 && info.buf_depth == 512 &&
		info.trunc_w_min == 4 && info.trunc_w_max == 32 &&
		info.max_k == 4096 && info.simulated == 1,
		"decoded fields");

	/* The version check: a major version of its own is refused. */
	MXA__CAP(&r, VERSION) = (MXA_HW_VERSION_MAJOR + 1) << 16;
	ret = mxa__hw_caps_decode(&r, &info);
	T_CHECK(ret == -ENOTSUP, "major %d: %d", MXA_HW_VERSION_MAJOR + 1, ret);
	{
		char theirs[16], ours[16];

		snprintf(theirs, sizeof(theirs), "%d.0", MXA_HW_VERSION_MAJOR + 1);
		snprintf(ours, sizeof(ours), "%d.x", MXA_HW_VERSION_MAJOR);
		T_CHECK(strstr(mxa_last_error(), theirs) &&
			strstr(mxa_last_error(), ours), "message: %s",
			mxa_last_error());
	}
	MXA__CAP(&r, VERSION) = 0;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == -ENOTSUP, "version 0");
	/* A later minor version is fine. */
	MXA__CAP(&r, VERSION) = MXA_HW_VERSION_MAJOR << 16 | 0x7fff;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == 0 &&
		info.hw_version == MXA__CAP(&r, VERSION), "minor 0x7fff: %s",
		mxa_last_error());

	fake_regs(&r);
	MXA__CAP(&r, ID) = 0xffffffff;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == -ENODEV &&
		strstr(mxa_last_error(), "0xffffffff"), "ID: %s",
		mxa_last_error());
	fake_regs(&r);
	MXA__CAP(&r, CAP_BLOCK) = 0x202020;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == -ENOTSUP, "block sizes");
	fake_regs(&r);
	MXA__CAP(&r, CAP_MEM) = 256u << 16 | 48 << 8 | 40;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == -ENOTSUP, "48-bit VA");
	/* A limit of 0 would make every split job's parts empty. */
	for (unsigned i = MXA_CAPIDX_CAP_MAX_M; i <= MXA_CAPIDX_CAP_MAX_K; i++) {
		fake_regs(&r);
		r.cap[i] = 0;
		T_CHECK(mxa__hw_caps_decode(&r, &info) == -ENOTSUP &&
			strstr(mxa_last_error(), "runs no job"),
			"limit %u of 0: %s", i, mxa_last_error());
	}

	/* Modes and formats of later versions are left out; without TRUNC
	 * there is no W range. */
	fake_regs(&r);
	MXA__CAP(&r, CAP_FORMATS) = 0xffffffff;
	MXA__CAP(&r, CAP_MODES) = 0xfd0f;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == 0 &&
		info.formats == MXA_HW_FMT_ELEMENT_MASK &&
		info.scale_modes == 7 && info.acc_modes == 5 &&
		!info.trunc_w_min && !info.trunc_w_max, "unknown bits");
	fake_regs(&r);
	MXA__CAP(&r, CAP_FORMATS) = 0x6f;
	T_CHECK(mxa__hw_caps_decode(&r, &info) == 0 &&
		!info.lane_elems[MXA_FMT_E2M1], "e2m1 not listed");
}

/* Both configurations in one process, each with its own model. */
static void check_two_models(void)
{
	struct mxa_device *other;
	struct mxa_device_info oi;
	struct st_shape s;
	struct st_job j;
	struct st_ctx c;
	int ret;

	st_open(&c, NULL, 41);
	/* The default has every format of the others, min those of it. */
	ret = mxa_device_open(strcmp(SIM_CONFIG, "default") ? "sim" :
			      "sim:config=min", &other);
	T_CHECK(ret == 0, "second model: %s", mxa_last_error());
	if (ret) {
		st_close(&c);
		return;
	}
	mxa_device_query(other, &oi);
	T_CHECK(oi.array_rows != c.info.array_rows, "%s and %s", oi.name,
		c.info.name);
	/* What both configurations support. */
	memset(&s, 0, sizeof(s));
	s.mm.m = 9;
	s.mm.n = 5;
	s.mm.k = 40;
	s.mm.a_format = c.info.formats >> MXA_FMT_E4M3 & 1 ? MXA_FMT_E4M3 :
			st_plain_format(&c.info);
	s.mm.b_format = c.info.formats >> MXA_FMT_E2M1 & 1 ? MXA_FMT_E2M1 :
			st_plain_format(&c.info);
	s.mm.scale = MXA_SCALE_MX;
	s.mm.acc = MXA_ACC_FP32;
	s.mm.out_format = MXA_FMT_BF16;
	s.has_c = true;
	s.pad = true;
	st_job_make(&c, &j, &s);
	st_job_submit(&c, &j);
	/* The same job on the other device, its own buffers. */
	{
		struct mxa_device *mine = c.sim;
		struct st_job k;

		c.sim = other;
		c.info = oi;
		st_job_make(&c, &k, &s);
		st_job_submit(&c, &k);
		ret = mxa_fence_wait(k.fence, -1);
		T_CHECK(st_job_check(&k, ret, "other model") == 0, "%s",
			oi.name);
		st_job_free(&k);
		c.sim = mine;
	}
	ret = mxa_fence_wait(j.fence, -1);
	T_CHECK(st_job_check(&j, ret, "this model") == 0, "%s", SIM_CONFIG);
	st_job_free(&j);
	mxa_device_close(other);
	st_close(&c);
}

/*
 * model=<dir>: the build's model of this configuration by its directory
 * (what `make sim-model` builds elsewhere), named after the directory.
 */
static void check_model_option(void)
{
	const char *dir = getenv("MXA_SIM_MODEL_DIR");
	struct mxa_device *dev = NULL;
	struct mxa_device_info info;
	char spec[PATH_MAX + 32];
	int ret;

	snprintf(spec, sizeof(spec), "sim:model=%s/top-%s/,latency=20",
		 dir && *dir ? dir : SIM_MODEL_DIR, SIM_CONFIG);
	ret = mxa_device_open(spec, &dev);
	T_CHECK(ret == 0, "%s: %s", spec, mxa_last_error());
	if (!ret) {
		char name[64];

		mxa_device_query(dev, &info);
		snprintf(name, sizeof(name), "mxa sim (top-%s ", SIM_CONFIG);
		T_CHECK(!strncmp(info.name, name, strlen(name)), "name %s",
			info.name);
		check_info(&info);
		mxa_device_close(dev);
		dev = NULL;
	}
	ret = mxa_device_open("sim:model=/nonexistent/mxa-model", &dev);
	T_CHECK(ret == -ENODEV && !dev, "no model: %d", ret);
	T_CHECK(strstr(mxa_last_error(), "model=/nonexistent/mxa-model") &&
		strstr(mxa_last_error(), "/nonexistent/mxa-model/libmxa_sim.so") &&
		strstr(mxa_last_error(), "make sim-model"),
		"message: %s", mxa_last_error());
}

int main(void)
{
	struct st_ctx c;

	st_open(&c, NULL, 30);
	printf("%s: %s\n", st_spec(NULL), c.info.name);
	check_info(&c.info);
	st_close(&c);
	check_options();
	check_missing_model();
	check_model_option();
	check_decode();
	check_timing_options();
	check_two_models();
	check_left_out();
	return t_exit();
}
