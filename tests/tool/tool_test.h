/* SPDX-License-Identifier: MIT */
/*
 * tool_test.h - what the tests of the mxa tool share: finding and running
 * the tool in a scratch directory, .npy bytes made by hand (independently
 * of the tool's own writer), checks of the one-line error contract, and a
 * decoder of every format written from the tables of docs/numerics.md.
 */
#ifndef MXA_TOOL_TEST_H
#define MXA_TOOL_TEST_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/test_util.h"

/* ---------------------------------------------------------------- setup */

static char t_tool[PATH_MAX];
static char t_root[PATH_MAX];

/* Output of the last t_run(). */
static char t_stdout[65536], t_stderr[65536];

static inline void t_rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	struct stat st;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path))
			continue;
		if (!lstat(path, &st) && S_ISDIR(st.st_mode))
			t_rm_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static inline void t_cleanup(void)
{
	if (chdir("/") == 0 && t_root[0])
		t_rm_tree(t_root);
}

/*
 * Finds the tool ($MXA, else build/bin/mxa beside build/tests/tool/) and
 * moves into an empty scratch directory, <root>/work, removed at exit.
 * Captured output goes to <root>, so the work directory holds only what
 * the test and the tool create there.
 */
static inline void t_setup(void)
{
	const char *env = getenv("MXA");
	const char *tmp = getenv("TMPDIR");
	char self[PATH_MAX - 32];
	ssize_t n;

	if (env && *env) {
		snprintf(t_tool, sizeof(t_tool), "%s", env);
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			T_SKIP_BECAUSE("cannot find the mxa tool: set MXA");
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		snprintf(t_tool, sizeof(t_tool), "%s/../../bin/mxa", self);
	}
	if (access(t_tool, X_OK))
		T_SKIP_BECAUSE("no mxa tool at %s (build it with make tool)",
			       t_tool);
	snprintf(t_root, sizeof(t_root), "%s/mxa-tool-test.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t_root)) {
		perror("mkdtemp");
		exit(T_FAIL);
	}
	atexit(t_cleanup);
	if (chdir(t_root) || mkdir("work", 0700) || chdir("work")) {
		perror("scratch directory");
		exit(T_FAIL);
	}
}

static inline void t_slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/*
 * Runs the tool with the NULL-terminated @args (argv[1] onwards) in the
 * work directory; returns its exit status, or 128 + signal.
 */
static inline int t_runv(const char *const *args)
{
	const char *argv[64];
	int status, fd;
	size_t n = 0;
	pid_t pid;

	argv[n++] = t_tool;
	while (*args && n < 63)
		argv[n++] = *args++;
	argv[n] = NULL;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(T_FAIL);
	}
	if (pid == 0) {
		fd = open("../stdout", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		fd = open("../stderr", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execv(t_tool, (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		exit(T_FAIL);
	}
	t_slurp("../stdout", t_stdout, sizeof(t_stdout));
	t_slurp("../stderr", t_stderr, sizeof(t_stderr));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Entries of the work directory (all names, hidden ones included). */
static inline int t_dir_entries(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static inline int t_exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

/* Case-insensitive substring. */
static inline int t_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] &&
		       (hay[i] | 0x20) == (needle[i] | 0x20))
			i++;
		if (i == n)
			return 1;
	}
	return !n;
}

/*
 * Runs the tool and checks the failure contract: exit status @want (1 or
 * 2), exactly one stderr line "mxa: ...: ..." mentioning @needle, nothing
 * on stdout, and no file created in the work directory (@out in particular).
 */
static inline void t_fails_at(int line, int want, const char *needle,
			      const char *out, const char *const *args)
{
	int before = t_dir_entries();
	int status = t_runv(args);
	const char *nl = strchr(t_stderr, '\n');
	const char *colon = strstr(t_stderr, ": ");

	T_CHECK(status == want, "line %d: exit status %d, want %d (stderr: %s)",
		line, status, want, t_stderr);
	T_CHECK(!strncmp(t_stderr, "mxa: ", 5) && nl && !nl[1] &&
		colon && strstr(colon + 2, ": ") && strstr(colon + 2, ": ") < nl,
		"line %d: stderr is not one line 'mxa: WHAT: WHY': '%s'", line,
		t_stderr);
	T_CHECK(t_contains(t_stderr, needle),
		"line %d: message does not mention '%s': %s", line, needle,
		t_stderr);
	T_CHECK(!t_stdout[0], "line %d: output on stdout: %s", line, t_stdout);
	if (out)
		T_CHECK(!t_exists(out), "line %d: %s exists after a failure",
			line, out);
	T_CHECK(t_dir_entries() == before,
		"line %d: the work directory went from %d to %d entries", line,
		before, t_dir_entries());
}

#define t_fails(want, needle, out, ...)                                      \
	t_fails_at(__LINE__, want, needle, out,                              \
		   (const char *const[]){ __VA_ARGS__, NULL })

/* Runs the tool and checks that it succeeds silently. */
static inline int t_ok_at(int line, const char *const *args)
{
	int status = t_runv(args);

	T_CHECK(status == 0 && !t_stderr[0], "line %d: exit %d, stderr: %s",
		line, status, t_stderr);
	return status == 0;
}

#define t_ok(...) t_ok_at(__LINE__, (const char *const[]){ __VA_ARGS__, NULL })

/* ---------------------------------------------------------------- files */

static inline void t_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(T_FAIL);
	}
}

/* Reads a whole file into a malloc'd buffer; NULL when it does not exist. */
static inline uint8_t *t_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(T_FAIL);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * A .npy file from a literal header dict: magic, @major.0, the header
 * length (2 bytes for 1.0, else 4), @dict, spaces up to a multiple of 64
 * with the newline, then @len bytes of data.
 */
static inline void t_npy_raw(const char *path, int major, const char *dict,
			     const void *data, size_t len)
{
	size_t pre = major == 1 ? 10 : 12;
	size_t hlen = strlen(dict) + 1;
	size_t total, pad;
	uint8_t *buf;

	pad = (64 - (pre + hlen) % 64) % 64;
	total = pre + hlen + pad + len;
	buf = malloc(total);
	memcpy(buf, "\x93NUMPY", 6);
	buf[6] = (uint8_t)major;
	buf[7] = 0;
	hlen += pad;
	buf[8] = (uint8_t)hlen;
	buf[9] = (uint8_t)(hlen >> 8);
	if (major != 1) {
		buf[10] = (uint8_t)(hlen >> 16);
		buf[11] = (uint8_t)(hlen >> 24);
	}
	memcpy(buf + pre, dict, strlen(dict));
	memset(buf + pre + strlen(dict), ' ', pad);
	buf[pre + hlen - 1] = '\n';
	memcpy(buf + pre + hlen, data, len);
	t_write_file(path, buf, total);
	free(buf);
}

/* "(2, 3)", "(5,)", "()": the Python repr of a shape. */
static inline void t_shape_repr(char *buf, size_t size, int ndim,
				const size_t *shape)
{
	size_t n = (size_t)snprintf(buf, size, "(");

	for (int i = 0; i < ndim; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%zu", i ? ", " : "",
				      shape[i]);
	snprintf(buf + n, size - n, ndim == 1 ? ",)" : ")");
}

/* A version 1.0 file with the usual dict. */
static inline void t_npy(const char *path, const char *descr, int fortran,
			 int ndim, const size_t *shape, const void *data,
			 size_t len)
{
	char dict[512], sh[256];

	t_shape_repr(sh, sizeof(sh), ndim, shape);
	snprintf(dict, sizeof(dict),
		 "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr,
		 fortran ? "True" : "False", sh);
	t_npy_raw(path, 1, dict, data, len);
}

/* Little-endian float32 bytes. */
static inline void t_f32_le(uint8_t *dst, const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t u = t_float_bits(x[i]);

		dst[4 * i] = (uint8_t)u;
		dst[4 * i + 1] = (uint8_t)(u >> 8);
		dst[4 * i + 2] = (uint8_t)(u >> 16);
		dst[4 * i + 3] = (uint8_t)(u >> 24);
	}
}

static inline void t_npy_f32(const char *path, int ndim, const size_t *shape,
			     const float *x)
{
	size_t n = 1;
	uint8_t *buf;

	for (int i = 0; i < ndim; i++)
		n *= shape[i];
	buf = malloc(4 * n + 1);
	t_f32_le(buf, x, n);
	t_npy(path, "<f4", 0, ndim, shape, buf, 4 * n);
	free(buf);
}

/*
 * Reads an output of the tool and checks its header against what NumPy
 * writes: format 1.0, keys in order, the shape, C order, spaces for 21
 * digits of the first axis, a newline ending a 64-byte multiple. Returns
 * the data (NULL on a mismatch, reported); *count receives the elements.
 */
static inline uint8_t *t_npy_check(int line, const char *path,
				   const char *descr, int ndim,
				   const size_t *shape, size_t *count)
{
	char dict[512], sh[256];
	size_t len, hlen, dlen, item = descr[2] == '4' ? 4 : 1, n = 1;
	uint8_t *buf = t_read_file(path, &len), *data;

	for (int i = 0; i < ndim; i++)
		n *= shape[i];
	*count = n;
	if (!buf) {
		T_CHECK(0, "line %d: %s was not written", line, path);
		return NULL;
	}
	t_shape_repr(sh, sizeof(sh), ndim, shape);
	dlen = (size_t)snprintf(dict, sizeof(dict),
				"{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
				descr, sh);
	hlen = len >= 10 ? (size_t)(buf[8] | buf[9] << 8) : 0;
	if (!(len >= 10 && !memcmp(buf, "\x93NUMPY\x01\x00", 8) &&
	      (10 + hlen) % 64 == 0 && 10 + hlen <= len &&
	      !memcmp(buf + 10, dict, dlen) && buf[10 + hlen - 1] == '\n' &&
	      len - 10 - hlen == n * item)) {
		T_CHECK(0, "line %d: %s: header or size is not NumPy's for %s %s",
			line, path, descr, sh);
		free(buf);
		return NULL;
	}
	for (size_t i = 10 + dlen; i < 10 + hlen - 1; i++) {
		if (buf[i] != ' ') {
			T_CHECK(0, "line %d: %s: header padding is not spaces",
				line, path);
			free(buf);
			return NULL;
		}
	}
	/* NumPy reserves room for 21 digits of the growing axis. */
	if (ndim) {
		int digits = snprintf(NULL, 0, "%zu", shape[0]);

		T_CHECK(hlen - 1 - dlen >= (size_t)(21 - digits),
			"line %d: %s: no growth room in the header", line, path);
	}
	data = malloc(n * item + 1);
	memcpy(data, buf + 10 + hlen, n * item);
	free(buf);
	return data;
}

/* Reads a float32 output (C order, little-endian) into host floats. */
static inline float *t_npy_read_f32(int line, const char *path, int ndim,
				    const size_t *shape)
{
	size_t n;
	uint8_t *b = t_npy_check(line, path, "<f4", ndim, shape, &n);
	float *x;

	if (!b)
		return NULL;
	x = malloc(4 * n + 4);
	for (size_t i = 0; i < n; i++)
		x[i] = t_bits_float((uint32_t)b[4 * i] |
				    (uint32_t)b[4 * i + 1] << 8 |
				    (uint32_t)b[4 * i + 2] << 16 |
				    (uint32_t)b[4 * i + 3] << 24);
	free(b);
	return x;
}

/* ---------------------------------------------------------------- formats */

/* The tables of docs/numerics.md, sections 1 and 2. */
struct t_fmt {
	const char *name;
	unsigned bits, ebits, mbits;
	int bias;
};

static const struct t_fmt t_fmts[] = {
	{ "e5m2", 8, 5, 2, 15 },
	{ "e4m3", 8, 4, 3, 7 },
	{ "e3m2", 6, 3, 2, 3 },
	{ "e2m3", 6, 2, 3, 1 },
	{ "e2m1", 4, 2, 1, 1 },
	{ "int8", 8, 0, 0, 0 },
	{ "ternary", 2, 0, 0, 0 },
	{ "e8m0", 8, 8, 0, 127 },
	{ "ue4m3", 8, 4, 3, 7 },
};

#define T_NUM_FMTS (sizeof(t_fmts) / sizeof(t_fmts[0]))

/*
 * Value of @code in format @f (index into t_fmts), int8 unscaled; returns
 * 0 for an invalid code.
 */
static inline int t_decode(unsigned f, unsigned code, double *v)
{
	const struct t_fmt *d = &t_fmts[f];
	unsigned s, e, m;

	if (code >> d->bits)
		return 0;
	if (!strcmp(d->name, "int8")) {
		*v = (int8_t)code;
		return 1;
	}
	if (!strcmp(d->name, "ternary")) {
		*v = code == 0 ? 0 : code == 1 ? 1 : -1;
		return code != 2;
	}
	if (!strcmp(d->name, "e8m0")) {
		*v = code == 0xFF ? NAN : ldexp(1, (int)code - 127);
		return 1;
	}
	if (!strcmp(d->name, "ue4m3") && code >> 7)
		return 0;
	s = code >> (d->bits - 1);
	e = (code >> d->mbits) & ((1u << d->ebits) - 1);
	m = code & ((1u << d->mbits) - 1);
	if (!strcmp(d->name, "e5m2") && e == 31)
		*v = m ? NAN : INFINITY;
	else if ((!strcmp(d->name, "e4m3") || !strcmp(d->name, "ue4m3")) &&
		 e == 15 && m == 7)
		*v = NAN;
	else if (e)
		*v = ldexp(1.0 + ldexp(m, -(int)d->mbits), (int)e - d->bias);
	else
		*v = ldexp(m, 1 - d->bias - (int)d->mbits);
	if (s)
		*v = -*v;
	return 1;
}

static inline int t_fmt_index(const char *name)
{
	for (unsigned i = 0; i < T_NUM_FMTS; i++)
		if (!strcmp(t_fmts[i].name, name))
			return (int)i;
	fprintf(stderr, "unknown format %s\n", name);
	exit(T_FAIL);
}

#endif /* MXA_TOOL_TEST_H */
