// SPDX-License-Identifier: MIT
/*
 * fuzz_spec.c - device spec strings: mxa_device_open() on "backend[:options]"
 * from the fuzz input (lib/device.c splits the spec and picks the backend;
 * lib/sim_backend.c parses "config=...,latency=...,bw=...,ring=...,
 * model=...,trace=..."; the emu backend refuses options; drm takes a path).
 *
 * Nothing is started: the fuzz build names a directory of simulation
 * models that does not exist (tests/fuzz/fuzz.mk), so a sim spec that
 * parses ends at the missing model; a model= or drm: path that exists is
 * skipped, so no file is opened but by the library's own search for DRM
 * nodes.
 *
 * Invariants besides the sanitizers': a handle only on success, a
 * negative errno with a reason otherwise; "emu" opens and "emu:..."
 * does not ("name:" with nothing after the colon is "name"); "auto" opens
 * (falling back on the emulator) and "auto:..." does not; a sim spec fails
 * with EINVAL (its options) or ENODEV/ENAMETOOLONG (the model).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "mxa.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The build's directory of models, which does not exist; no waveform. */
	unsetenv("MXA_SIM_MODEL_DIR");
	unsetenv("MXA_TRACE");
	return 0;
}

/* Whether a model= option of sim options @opts names a real model. */
static int names_a_model(const char *opts)
{
	char *copy = strdup(opts), *save = NULL;
	int found = 0;

	if (!copy)
		abort();
	for (char *w = strtok_r(copy, ",", &save); w && !found;
	     w = strtok_r(NULL, ",", &save)) {
		if (!strncmp(w, "model=", 6)) {
			char *path = malloc(strlen(w) + 32);

			if (!path)
				abort();
			sprintf(path, "%s/libmxa_sim.so", w + 6);
			found = !access(path, F_OK);
			free(path);
		}
	}
	free(copy);
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = malloc(size + 1);
	const char *colon, *opts;
	struct mxa_device_info info;
	/* Not NULL: a failure must clear it. */
	struct mxa_device *dev = (struct mxa_device *)spec;
	struct stat st;
	size_t name_len;
	int ret;

	if (!spec)
		abort();
	memcpy(spec, data, size);
	spec[size] = '\0';
	colon = strchr(spec, ':');
	name_len = colon ? (size_t)(colon - spec) : strlen(spec);
	opts = colon ? colon + 1 : "";
#define IS(name) (name_len == strlen(name) && !strncmp(spec, name, name_len))
	if ((IS("drm") && *opts && !lstat(opts, &st)) ||
	    (IS("sim") && names_a_model(opts)))
		goto out;

	ret = mxa_device_open(spec, &dev);
	FZ_CHECK(ret <= 0, "mxa_device_open: %d", ret);
	if (ret) {
		FZ_CHECK(!dev, "a handle from a failure");
		FZ_CHECK(mxa_last_error()[0], "failure %d without a reason", ret);
	} else {
		FZ_CHECK(dev && !mxa_device_query(dev, &info), "no device");
	}
	if (IS("emu"))
		FZ_CHECK(!ret == !*opts && (ret || info.backend == MXA_BACKEND_EMU),
			 "'%s': %d", spec, ret);
	if (IS("auto"))
		FZ_CHECK(!ret == !*opts, "'%s': %d", spec, ret);
	if (IS("sim"))
		FZ_CHECK(ret == -EINVAL || ret == -ENODEV || ret == -ENAMETOOLONG,
			 "'%s': %d %s", spec, ret, mxa_last_error());
	if (!IS("emu") && !IS("sim") && !IS("drm") && !IS("auto"))
		FZ_CHECK(ret == -EINVAL, "'%s': %d", spec, ret);
#undef IS
	if (!ret)
		mxa_device_close(dev);
out:
	free(spec);
	return 0;
}
