// SPDX-License-Identifier: MIT
/*
 * test_shell_trace.c - waveforms on request: MXA_TRACE=file.fst at create,
 * and mxa_sim_trace_start/stop during a run, each write an FST file (the
 * format GTKWave reads: it starts with a header block, type 0, whose
 * simulation start time follows), and nothing is written otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rtl/shell_harness.h"

static char dir[] = "/tmp/mxa-trace-XXXXXX";

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

/* An FST file opens with a header block: type byte 0, then its length. */
static bool looks_fst(const char *path)
{
	unsigned char head[9];
	FILE *f = fopen(path, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(head, 1, sizeof(head), f) == sizeof(head) && head[0] == 0;
	fclose(f);
	return ok;
}

static void some_work(struct sh *sh)
{
	struct mxa_hw_desc d;
	struct mxa_hw_cmpl rec;

	memset(&d, 0, sizeof(d));
	d.opcode = MXA_HW_OP_NOP;
	d.seq = sh_next_seq(sh);
	sh_run_job(sh, &d, &rec);
	T_CHECK(rec.status == MXA_HW_STATUS_OK, "NOP");
}

int main(void)
{
	char env_path[64], api_path[64], again_path[64];
	struct mxa_sim_config cfg;
	struct sh sh;
	int err;

	/* Skips before anything is created where there is no simulator. */
	sh_open(&sh, NULL);
	sh_close(&sh);
	if (!mkdtemp(dir))
		return T_FAIL;
	snprintf(env_path, sizeof(env_path), "%s/env.fst", dir);
	snprintf(api_path, sizeof(api_path), "%s/api.fst", dir);
	snprintf(again_path, sizeof(again_path), "%s/again.fst", dir);

	/* Through the environment, for the whole run. */
	setenv("MXA_TRACE", env_path, 1);
	sh_open(&sh, NULL);
	sh_ring_start(&sh, 1);
	some_work(&sh);
	sh_close(&sh);
	unsetenv("MXA_TRACE");
	T_CHECK(file_size(env_path) > 1000 && looks_fst(env_path),
		"MXA_TRACE wrote %s (%ld bytes)", env_path, file_size(env_path));

	/* Through the calls, for part of a run; none by default. */
	mxa_sim_config_init(&cfg);
	sh_open(&sh, &cfg);
	sh_ring_start(&sh, 1);
	err = mxa_sim_trace_start(sh.sim, api_path);
	T_CHECK(err == 0, "trace_start: %s", mxa_sim_last_error());
	T_CHECK(mxa_sim_trace_start(sh.sim, api_path) == -EBUSY,
		"one waveform at a time");
	some_work(&sh);
	T_CHECK(mxa_sim_trace_stop(sh.sim) == 0, "trace_stop");
	T_CHECK(file_size(api_path) > 1000 && looks_fst(api_path),
		"trace_start wrote %s", api_path);
	some_work(&sh);
	/* A second waveform of the same device. */
	T_CHECK(mxa_sim_trace_start(sh.sim, again_path) == 0, "again: %s",
		mxa_sim_last_error());
	some_work(&sh);
	sh_close(&sh);
	T_CHECK(file_size(again_path) > 1000 && looks_fst(again_path),
		"a second waveform, closed with the device");

	unlink(env_path);
	unlink(api_path);
	unlink(again_path);
	T_CHECK(rmdir(dir) == 0, "nothing else was written in %s", dir);
	return t_exit();
}
