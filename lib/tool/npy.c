// SPDX-License-Identifier: MIT
/*
 * npy.c - reading and writing NumPy .npy files.
 *
 * A file is the magic "\x93NUMPY", a version byte pair, the length of the
 * header (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), a
 * header that is a Python dict literal
 *	{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
 * padded with spaces and ended by a newline, and then the raw elements.
 * The reader accepts exactly that grammar (either quote style, any spacing,
 * keys in any order) and rejects everything else with a reason, since a
 * misread shape or dtype would silently corrupt every result downstream.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "npy.h"

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
/* Far above any header a 64-dimension shape needs; guards the allocation. */
#define NPY_MAX_HEADER (1u << 20)
/* Data offset alignment NumPy writes. */
#define NPY_ALIGN 64
/* NumPy leaves room to grow the first axis in place: digits of 2^67. */
#define NPY_GROWTH_DIGITS 21

static int fail(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *const dtype_names[] = {
	[NPY_F32] = "float32 ('<f4')",
	[NPY_U8] = "uint8 ('|u1')",
	[NPY_I8] = "int8 ('|i1')",
};

static const char *const dtype_descrs[] = {
	[NPY_F32] = "<f4",
	[NPY_U8] = "|u1",
	[NPY_I8] = "|i1",
};

static size_t dtype_size(enum npy_dtype dtype)
{
	return dtype == NPY_F32 ? 4 : 1;
}

/* ---------------------------------------------------------------- header */

struct header {
	char descr[32];
	int fortran;
	unsigned ndim;
	size_t shape[NPY_MAX_DIMS];
};

struct cursor {
	const char *p, *end;
	char *why;
	size_t why_size;
};

static int bad(struct cursor *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct cursor *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(c->why, c->why_size, "malformed .npy header: %s", msg);
}

static void skip_ws(struct cursor *c)
{
	while (c->p < c->end &&
	       (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* Consumes @ch after optional spaces; 0 when it is there. */
static int eat(struct cursor *c, char ch)
{
	skip_ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return -1;
}

static int parse_string(struct cursor *c, char *out, size_t size,
			const char *what)
{
	const char *start;
	char quote;

	skip_ws(c);
	if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
		return bad(c, "%s is not a quoted string", what);
	quote = *c->p++;
	start = c->p;
	while (c->p < c->end && *c->p != quote && *c->p != '\\' &&
	       *c->p != '\n')
		c->p++;
	if (c->p >= c->end || *c->p != quote)
		return bad(c, "%s: unterminated or escaped string", what);
	if ((size_t)(c->p - start) >= size)
		return bad(c, "%s: string too long", what);
	memcpy(out, start, (size_t)(c->p - start));
	out[c->p - start] = '\0';
	c->p++;
	return 0;
}

static int parse_bool(struct cursor *c, int *v)
{
	skip_ws(c);
	if (c->end - c->p >= 4 && !memcmp(c->p, "True", 4)) {
		c->p += 4;
		*v = 1;
	} else if (c->end - c->p >= 5 && !memcmp(c->p, "False", 5)) {
		c->p += 5;
		*v = 0;
	} else {
		return bad(c, "'fortran_order' is not True or False");
	}
	return 0;
}

static int parse_dim(struct cursor *c, size_t *v)
{
	size_t x = 0;

	skip_ws(c);
	if (c->p >= c->end || *c->p < '0' || *c->p > '9')
		return bad(c, "'shape' holds something other than non-negative integers");
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (__builtin_mul_overflow(x, 10, &x) ||
		    __builtin_add_overflow(x, (size_t)(*c->p - '0'), &x))
			return bad(c, "'shape' has a dimension too large");
		c->p++;
	}
	/* Python 2 wrote long integers with an L suffix. */
	if (c->p < c->end && *c->p == 'L')
		c->p++;
	*v = x;
	return 0;
}

/* A Python tuple of integers: (), (n,), (n, m), (n, m,), ... */
static int parse_shape(struct cursor *c, struct header *h)
{
	if (eat(c, '('))
		return bad(c, "'shape' is not a tuple");
	h->ndim = 0;
	if (!eat(c, ')'))
		return 0;
	for (;;) {
		if (h->ndim == NPY_MAX_DIMS)
			return bad(c, "'shape' has more than %d dimensions",
				   NPY_MAX_DIMS);
		if (parse_dim(c, &h->shape[h->ndim++]))
			return -1;
		if (!eat(c, ')')) {
			/* (n) is a parenthesized integer in Python, not a tuple. */
			if (h->ndim == 1)
				return bad(c, "'shape' (n) is not a tuple (write (n,))");
			return 0;
		}
		if (eat(c, ','))
			return bad(c, "'shape' tuple is not closed");
		if (!eat(c, ')'))
			return 0;
	}
}

static int parse_header(const char *text, size_t len, struct header *h,
			char *why, size_t why_size)
{
	struct cursor c = { text, text + len, why, why_size };
	int seen_descr = 0, seen_fortran = 0, seen_shape = 0;
	char key[32];

	if (eat(&c, '{'))
		return bad(&c, "not a dict");
	for (;;) {
		int *seen;

		if (!eat(&c, '}'))
			break;
		if (parse_string(&c, key, sizeof(key), "a key"))
			return -1;
		if (eat(&c, ':'))
			return bad(&c, "no ':' after key '%s'", key);
		if (!strcmp(key, "descr")) {
			seen = &seen_descr;
			skip_ws(&c);
			if (c.p < c.end && *c.p == '[')
				return fail(why, why_size,
					    "structured dtypes are not supported");
			if (parse_string(&c, h->descr, sizeof(h->descr),
					 "'descr'"))
				return -1;
		} else if (!strcmp(key, "fortran_order")) {
			seen = &seen_fortran;
			if (parse_bool(&c, &h->fortran))
				return -1;
		} else if (!strcmp(key, "shape")) {
			seen = &seen_shape;
			if (parse_shape(&c, h))
				return -1;
		} else {
			return bad(&c, "unexpected key '%s'", key);
		}
		if (*seen)
			return bad(&c, "key '%s' appears twice", key);
		*seen = 1;
		if (!eat(&c, '}'))
			break;
		if (eat(&c, ','))
			return bad(&c, "no ',' or '}' after the value of '%s'",
				   key);
	}
	skip_ws(&c);
	if (c.p != c.end)
		return bad(&c, "unexpected text after the dict");
	if (!seen_descr || !seen_fortran || !seen_shape)
		return bad(&c, "key '%s' is missing",
			   !seen_descr ? "descr" :
			   !seen_fortran ? "fortran_order" : "shape");
	return 0;
}

/*
 * Maps a descr to a dtype. One-byte types have no byte order: NumPy writes
 * '|', and '<' or '>' mean the same.
 */
static int descr_dtype(const char *descr, enum npy_dtype *dtype, int *swap)
{
	char order = descr[0];

	if (order != '<' && order != '>' && order != '|')
		return -1;
	*swap = order == '>';
	if (!strcmp(descr + 1, "f4") && order != '|')
		*dtype = NPY_F32;
	else if (!strcmp(descr + 1, "u1"))
		*dtype = NPY_U8;
	else if (!strcmp(descr + 1, "i1"))
		*dtype = NPY_I8;
	else
		return -1;
	return 0;
}

static void expected_dtypes(unsigned mask, char *buf, size_t size)
{
	size_t len = 0;
	unsigned n = 0;

	buf[0] = '\0';
	for (unsigned t = NPY_F32; t <= NPY_I8; t++) {
		if (!(mask & NPY_MASK(t)) || len >= size)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					n++ ? " or " : "", dtype_names[t]);
	}
}

/* ---------------------------------------------------------------- read */

static uint32_t load_u32(const uint8_t *b, int big)
{
	if (big)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		       (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[1] << 8 | b[0];
}

/* Copies elements from Fortran order (first index fastest) to C order. */
static void fortran_to_c(const uint8_t *src, uint8_t *dst, size_t item,
			 const size_t *shape, unsigned ndim, size_t count)
{
	size_t idx[NPY_MAX_DIMS] = { 0 };
	size_t fstride[NPY_MAX_DIMS];
	size_t s = 1, off = 0;

	for (unsigned d = 0; d < ndim; d++) {
		fstride[d] = s;
		s *= shape[d];
	}
	for (size_t i = 0; i < count; i++) {
		memcpy(dst + i * item, src + off * item, item);
		for (unsigned d = ndim; d-- > 0;) {
			if (++idx[d] < shape[d]) {
				off += fstride[d];
				break;
			}
			off -= (shape[d] - 1) * fstride[d];
			idx[d] = 0;
		}
	}
}

/* Reads the magic, version and header; leaves @f at the first element. */
static int read_header(FILE *f, struct header *h, size_t *data_offset,
		       char *why, size_t why_size)
{
	uint8_t pre[12];
	size_t got, len_bytes;
	uint32_t hlen;
	char *text;
	int ret;

	got = fread(pre, 1, 8, f);
	if (ferror(f))
		return fail(why, why_size, "cannot read: %s", strerror(errno));
	if (got == 0)
		return fail(why, why_size, "not a .npy file (empty)");
	if (got < NPY_MAGIC_LEN || memcmp(pre, NPY_MAGIC, NPY_MAGIC_LEN))
		return fail(why, why_size, "not a .npy file (no \\x93NUMPY magic)");
	if (got < 8)
		return fail(why, why_size, "truncated .npy header");
	if (pre[6] < 1 || pre[6] > 3 || pre[7] != 0)
		return fail(why, why_size,
			    "unsupported .npy format version %u.%u (1.0, 2.0 and 3.0 are)",
			    pre[6], pre[7]);
	len_bytes = pre[6] == 1 ? 2 : 4;
	if (fread(pre + 8, 1, len_bytes, f) != len_bytes)
		return fail(why, why_size, "truncated .npy header");
	hlen = len_bytes == 2 ? (uint32_t)pre[8] | (uint32_t)pre[9] << 8 :
				load_u32(pre + 8, 0);
	if (hlen > NPY_MAX_HEADER)
		return fail(why, why_size, ".npy header of %u bytes is too large",
			    hlen);
	text = malloc(hlen ? hlen : 1);
	if (!text)
		return fail(why, why_size, "out of memory");
	if (fread(text, 1, hlen, f) != hlen) {
		free(text);
		return fail(why, why_size, "truncated .npy header");
	}
	ret = parse_header(text, hlen, h, why, why_size);
	free(text);
	*data_offset = 8 + len_bytes + hlen;
	return ret;
}

int npy_read(const char *path, unsigned dtypes, struct npy_array *arr,
	     char *why, size_t why_size)
{
	struct header h = { .ndim = 0 };
	char expected[128];
	size_t offset = 0, count = 1, item, bytes;
	uint8_t *raw = NULL, *data = NULL;
	struct stat st;
	int swap;
	FILE *f;

	memset(arr, 0, sizeof(*arr));
	f = fopen(path, "rb");
	if (!f)
		return fail(why, why_size, "cannot open: %s", strerror(errno));
	if (read_header(f, &h, &offset, why, why_size))
		goto err_close;

	if (descr_dtype(h.descr, &arr->dtype, &swap) ||
	    !(dtypes & NPY_MASK(arr->dtype))) {
		expected_dtypes(dtypes, expected, sizeof(expected));
		fail(why, why_size, "dtype '%s': expected %s", h.descr, expected);
		goto err_close;
	}
	for (unsigned d = 0; d < h.ndim; d++) {
		if (__builtin_mul_overflow(count, h.shape[d], &count)) {
			fail(why, why_size, "shape too large");
			goto err_close;
		}
	}
	item = dtype_size(arr->dtype);
	if (__builtin_mul_overflow(count, item, &bytes)) {
		fail(why, why_size, "shape too large");
		goto err_close;
	}

	/*
	 * Check the size first so that a bad shape cannot force a huge
	 * allocation. The header was read whole, so the data part is the rest.
	 */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size - offset != bytes) {
		uint64_t avail = (uint64_t)st.st_size - offset;

		if (avail < bytes)
			fail(why, why_size,
			     "truncated data: shape needs %zu bytes, the file holds %llu",
			     bytes, (unsigned long long)avail);
		else
			fail(why, why_size, "%llu bytes of unexpected data after the array",
			     (unsigned long long)(avail - bytes));
		goto err_close;
	}

	raw = malloc(bytes ? bytes : 1);
	if (!raw) {
		fail(why, why_size, "out of memory for %zu bytes", bytes);
		goto err_close;
	}
	if (fread(raw, 1, bytes, f) != bytes) {
		fail(why, why_size, "truncated data: shape needs %zu bytes", bytes);
		goto err_free;
	}
	if (fgetc(f) != EOF) {
		fail(why, why_size, "unexpected data after the array");
		goto err_free;
	}
	fclose(f);

	if (h.fortran && h.ndim > 1) {
		data = malloc(bytes ? bytes : 1);
		if (!data) {
			free(raw);
			return fail(why, why_size, "out of memory for %zu bytes",
				    bytes);
		}
		fortran_to_c(raw, data, item, h.shape, h.ndim, count);
		free(raw);
	} else {
		data = raw;
	}
	if (arr->dtype == NPY_F32) {
		for (size_t i = 0; i < count; i++) {
			uint32_t u = load_u32(data + 4 * i, swap);

			memcpy(data + 4 * i, &u, 4);
		}
	}

	arr->ndim = h.ndim;
	memcpy(arr->shape, h.shape, sizeof(h.shape[0]) * h.ndim);
	arr->count = count;
	arr->data = data;
	return 0;

err_free:
	free(raw);
err_close:
	fclose(f);
	return -1;
}

void npy_free(struct npy_array *arr)
{
	free(arr->data);
	arr->data = NULL;
}

/* ---------------------------------------------------------------- write */

/*
 * The header NumPy itself writes (format 1.0): sorted keys, Python reprs,
 * room to grow the first axis, spaces up to a 64-byte aligned data offset,
 * a newline. 64 dimensions need far less than the 65535 bytes 1.0 allows.
 */
static size_t make_header(enum npy_dtype dtype, unsigned ndim,
			  const size_t *shape, char *buf, size_t size)
{
	size_t len, total;
	int n;

	memcpy(buf, NPY_MAGIC "\x01\x00", 8);
	len = 10;
	n = snprintf(buf + len, size - len,
		     "{'descr': '%s', 'fortran_order': False, 'shape': (",
		     dtype_descrs[dtype]);
	len += (size_t)n;
	for (unsigned d = 0; d < ndim; d++)
		len += (size_t)snprintf(buf + len, size - len, "%s%zu",
					d ? ", " : "", shape[d]);
	len += (size_t)snprintf(buf + len, size - len, "%s), }",
				ndim == 1 ? "," : "");
	if (ndim) {
		n = snprintf(NULL, 0, "%zu", shape[0]);
		memset(buf + len, ' ', (size_t)(NPY_GROWTH_DIGITS - n));
		len += (size_t)(NPY_GROWTH_DIGITS - n);
	}
	/* Like NumPy: the newline included, an aligned length gains 64 more. */
	total = len + 1 + (NPY_ALIGN - (len + 1) % NPY_ALIGN);
	memset(buf + len, ' ', total - 1 - len);
	buf[total - 1] = '\n';
	buf[8] = (char)((total - 10) & 0xFF);
	buf[9] = (char)((total - 10) >> 8);
	return total;
}

static int write_data(FILE *f, enum npy_dtype dtype, const void *data,
		      size_t count)
{
	const float *x = data;
	uint8_t chunk[4096];

	if (dtype != NPY_F32)
		return fwrite(data, 1, count, f) == count ? 0 : -1;
	/* Little-endian whatever the host: convert a chunk at a time. */
	for (size_t i = 0; i < count;) {
		size_t n = 0;

		for (; i < count && n < sizeof(chunk); i++, n += 4) {
			uint32_t u;

			memcpy(&u, &x[i], 4);
			chunk[n] = (uint8_t)u;
			chunk[n + 1] = (uint8_t)(u >> 8);
			chunk[n + 2] = (uint8_t)(u >> 16);
			chunk[n + 3] = (uint8_t)(u >> 24);
		}
		if (fwrite(chunk, 1, n, f) != n)
			return -1;
	}
	return 0;
}

/* Writes a temporary file beside @path and renames it to @path. */
static int write_replace(const char *path, enum npy_dtype dtype,
			 unsigned ndim, const size_t *shape, const void *data,
			 char *why, size_t why_size)
{
	char header[NPY_MAX_DIMS * 24 + 256];
	const char *base = strrchr(path, '/');
	size_t dir_len, hlen, count = 1;
	char *tmp;
	mode_t mask;
	FILE *f;
	int fd, err;

	base = base ? base + 1 : path;
	if (!*base)
		return fail(why, why_size, "not a file name");
	for (unsigned d = 0; d < ndim; d++)
		count *= shape[d];
	hlen = make_header(dtype, ndim, shape, header, sizeof(header));

	/* Same directory, so that the final rename cannot cross filesystems. */
	dir_len = (size_t)(base - path);
	tmp = malloc(dir_len + strlen(base) + 16);
	if (!tmp)
		return fail(why, why_size, "out of memory");
	sprintf(tmp, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fail(why, why_size, "cannot create a temporary file beside it: %s",
		     strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp() makes the file 0600; an output gets the usual 0666 & ~umask. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		err = errno;
		close(fd);
		goto err_unlink;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		err = errno;
		close(fd);
		goto err_unlink;
	}
	errno = 0;
	if (fwrite(header, 1, hlen, f) != hlen ||
	    write_data(f, dtype, data, count) || fflush(f)) {
		err = errno ? errno : EIO;
		fclose(f);
		goto err_unlink;
	}
	if (fclose(f)) {
		err = errno;
		goto err_unlink;
	}
	if (rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		free(tmp);
		return fail(why, why_size, "cannot rename the written file into place: %s",
			    strerror(err));
	}
	free(tmp);
	return 0;

err_unlink:
	unlink(tmp);
	free(tmp);
	return fail(why, why_size, "cannot write: %s", strerror(err));
}

/*
 * The file a chain of symbolic links ends at, existing or not (malloc'd,
 * NULL when out of memory); @path itself when it is no link.
 */
static char *follow_links(const char *path)
{
	char *cur = strdup(path), *next;
	char link[PATH_MAX];
	struct stat st;
	ssize_t n;

	/* Linux gives up after 40 links too (ELOOP). */
	for (int i = 0; cur && i < 40; i++) {
		const char *slash;
		size_t dir_len;

		if (lstat(cur, &st) || !S_ISLNK(st.st_mode))
			break;
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0)
			break;
		link[n] = '\0';
		/* A relative link is relative to the directory holding it. */
		slash = strrchr(cur, '/');
		dir_len = link[0] != '/' && slash ? (size_t)(slash - cur + 1) : 0;
		next = malloc(dir_len + (size_t)n + 1);
		if (next) {
			memcpy(next, cur, dir_len);
			memcpy(next + dir_len, link, (size_t)n + 1);
		}
		free(cur);
		cur = next;
	}
	return cur;
}

int npy_write(const char *path, enum npy_dtype dtype, unsigned ndim,
	      const size_t *shape, const void *data, char *why,
	      size_t why_size)
{
	struct stat st;
	char *target;
	int ret;

	/* A rename would replace a directory entry such as /dev/stdout. */
	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return fail(why, why_size, "not a regular file");
	/* A symbolic link stays: the file it points to is replaced. */
	target = follow_links(path);
	if (!target)
		return fail(why, why_size, "out of memory");
	ret = write_replace(target, dtype, ndim, shape, data, why, why_size);
	free(target);
	return ret;
}
