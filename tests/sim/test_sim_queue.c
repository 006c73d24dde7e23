// SPDX-License-Identifier: MIT
/*
 * test_sim_queue.c - many jobs in flight on the sim device: more than the
 * ring has slots (submission waits for a free slot), waited for in another
 * order than submitted, fences deleted before their job ended, a buffer
 * deleted while a queued job still uses it, a wait that times out and is
 * taken up again, polling with a time-out of 0, and a device closed with
 * jobs in flight. Every job that ends must match the emulator.
 */
#include <errno.h>

#include "sim/sim_harness.h"

#define JOBS	11

static void small_shape(struct st_ctx *c, struct st_shape *s, uint32_t k)
{
	memset(s, 0, sizeof(*s));
	st_random_modes(c, s);
	s->mm.m = 1 + t_rng_below(&c->rng, 2 * c->info.array_rows);
	s->mm.n = 1 + t_rng_below(&c->rng, 3 * c->info.array_cols);
	s->mm.k = k;
}

/*
 * A job of some 40000 cycles: the backend looks at the clock every 4096
 * cycles or fewer, so it cannot end in one or two looks.
 */
static void big_shape(struct st_ctx *c, struct st_shape *s)
{
	const struct mxa_device_info *info = &c->info;
	enum mxa_format fmt = st_plain_format(info);
	uint64_t peak = mxa_device_peak_macs(info, fmt, fmt);
	uint64_t tiles = 40000 * peak /
			 ((uint64_t)info->array_rows * info->array_cols * info->max_k);
	uint32_t side = 1;

	while ((uint64_t)side * side < tiles)
		side++;
	memset(s, 0, sizeof(*s));
	s->mm.m = side * info->array_rows;
	s->mm.n = side * info->array_cols;
	s->mm.k = info->max_k;
	s->mm.a_format = fmt;
	s->mm.b_format = fmt;
	s->mm.scale = MXA_SCALE_NONE;
	s->mm.acc = MXA_ACC_FP32;
	s->mm.out_format = MXA_FMT_FP32;
}

/* More jobs than slots, waited for in a shuffled order. */
static void check_order(void)
{
	struct st_job jobs[JOBS];
	unsigned order[JOBS];
	struct st_ctx c;

	st_open(&c, "ring=4", 11);
	for (unsigned i = 0; i < JOBS; i++) {
		struct st_shape s;

		small_shape(&c, &s, 1 + t_rng_below(&c.rng, 100));
		st_job_make(&c, &jobs[i], &s);
		st_job_submit(&c, &jobs[i]);
		order[i] = i;
	}
	for (unsigned i = JOBS - 1; i > 0; i--) {
		unsigned k = t_rng_below(&c.rng, i + 1), t = order[i];

		order[i] = order[k];
		order[k] = t;
	}
	for (unsigned i = 0; i < JOBS; i++) {
		struct st_job *j = &jobs[order[i]];
		int status = mxa_fence_wait(j->fence, -1);

		T_CHECK(st_job_check(j, status, "shuffled") == 0, "job %u",
			order[i]);
		/* A second wait returns the same at once. */
		T_CHECK(mxa_fence_wait(j->fence, 0) == status, "job %u",
			order[i]);
	}
	for (unsigned i = 0; i < JOBS; i++)
		st_job_free(&jobs[i]);
	st_close(&c);
}

/*
 * A ring of one slot: fences deleted unwaited, a buffer deleted while a
 * queued job reads it, and the jobs behind them still right.
 */
static void check_deletes(void)
{
	struct st_job jobs[6];
	struct st_ctx c;

	st_open(&c, "ring=1", 12);
	for (unsigned i = 0; i < 6; i++) {
		struct st_shape s;

		small_shape(&c, &s, 1 + t_rng_below(&c.rng, c.info.max_k < 300 ?
							 c.info.max_k : 300));
		st_job_make(&c, &jobs[i], &s);
		st_job_submit(&c, &jobs[i]);
	}
	/* Job 1 is forgotten; job 2 loses its buffers while queued. */
	mxa_fence_del(jobs[1].fence);
	jobs[1].fence = NULL;
	mxa_fence_del(jobs[2].fence);
	jobs[2].fence = NULL;
	mxa_buffer_del(jobs[2].sim_in);
	jobs[2].sim_in = NULL;
	mxa_buffer_del(jobs[2].sim_d);
	jobs[2].sim_d = NULL;
	for (unsigned i = 0; i < 6; i++) {
		int status;

		if (!jobs[i].fence)
			continue;
		status = mxa_fence_wait(jobs[i].fence, -1);
		T_CHECK(st_job_check(&jobs[i], status, "deletes") == 0,
			"job %u", i);
	}
	/* Job 1 ran all the same. */
	T_CHECK(st_job_check(&jobs[1], jobs[1].emu_status, "unwaited") == 0,
		"job 1");
	for (unsigned i = 0; i < 6; i++)
		st_job_free(&jobs[i]);
	st_close(&c);
}

/* Time-outs: -ETIME while the job runs, then the same job waited for. */
static void check_timeout(void)
{
	struct mxa_job_stats st;
	struct st_shape s;
	struct st_job j;
	struct st_ctx c;
	int ret, polls = 0;

	st_open(&c, NULL, 13);
	big_shape(&c, &s);
	st_job_make(&c, &j, &s);
	st_job_submit(&c, &j);
	ret = mxa_fence_wait(j.fence, 0);
	T_CHECK(ret == -ETIME, "wait 0: %d (%s)", ret, mxa_last_error());
	T_CHECK(strstr(mxa_last_error(), "not finished"), "message: %s",
		mxa_last_error());
	T_CHECK(mxa_fence_stats(j.fence, &st) == -EBUSY, "stats while pending");
	ret = mxa_fence_wait(j.fence, 1000000);
	T_CHECK(ret == -ETIME, "wait 1 ms: %d (%s)", ret, mxa_last_error());
	/* Polling with 0 makes progress. */
	while ((ret = mxa_fence_wait(j.fence, 0)) == -ETIME)
		polls++;
	T_CHECK(polls > 0, "the job ended at the third look");
	T_CHECK(st_job_check(&j, ret, "timeout") == 0, "timed-out job");
	T_CHECK(mxa_fence_stats(j.fence, &st) == 0 &&
		st.macs == (uint64_t)s.mm.m * s.mm.n * s.mm.k,
		"stats: %s", mxa_last_error());
	st_job_free(&j);
	st_close(&c);
}

/*
 * Closing with jobs in flight: the running one is aborted, the queued ones
 * cancelled; fences and buffers outlive the device and are deleted after.
 */
static void check_close(void)
{
	struct st_job jobs[3];
	struct st_ctx c;
	int ret;

	st_open(&c, NULL, 14);
	for (unsigned i = 0; i < 3; i++) {
		struct st_shape s;

		big_shape(&c, &s);
		st_job_make(&c, &jobs[i], &s);
		st_job_submit(&c, &jobs[i]);
	}
	/* The first job has started; the ones behind it have not. */
	T_CHECK(mxa_fence_wait(jobs[0].fence, 0) == -ETIME, "%s",
		mxa_last_error());
	st_close(&c);
	for (unsigned i = 0; i < 3; i++) {
		ret = mxa_fence_wait(jobs[i].fence, -1);
		T_CHECK(ret == -ECANCELED, "job %u after close: %d", i, ret);
		T_CHECK(strstr(mxa_last_error(), i ? "closed" : "aborted"),
			"job %u: %s", i, mxa_last_error());
		/* The inputs are still there and unchanged. */
		T_CHECK(!memcmp(mxa_buffer_map(jobs[i].sim_in),
				mxa_buffer_map(jobs[i].emu_in),
				mxa_buffer_size(jobs[i].sim_in)), "job %u", i);
		st_job_free(&jobs[i]);
	}
}

int main(void)
{
	check_order();
	check_deletes();
	check_timeout();
	check_close();
	return t_exit();
}
