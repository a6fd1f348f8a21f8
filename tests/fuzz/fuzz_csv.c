/*
 * libFuzzer: the CSV reader.  The input is written as a file and read
 * whole, then written again in two parts with a read after each: the
 * incremental reader must hand out exactly the rows the whole read did.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/buf.h"
#include "ogi/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const hdr[3] = { "a", "b", "c" };

static int
on_row(void *ctx, char *const *f, size_t n)
{
	struct buf *b = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		buf_adds(b, f[i]);
		buf_addc(b, '\x1f');
	}
	buf_addc(b, '\x1e');
	return 0;
}

static void
put(const char *path, const uint8_t *d, size_t n, int append)
{
	int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0600);

	if (fd < 0 || (n > 0 && write(fd, d, n) != (ssize_t)n))
		abort();
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct buf whole, parts;
	struct store s;
	enum store_err e1, e2;
	size_t cut;

	if (path[0] == '\0')
		(void)snprintf(path, sizeof(path), "/dev/shm/ogi-fuzz-csv-%d", (int)getpid());
	buf_init(&whole);
	buf_init(&parts);
	put(path, data, size, 0);
	store_init(&s, path, hdr, 3, on_row, NULL, &whole);
	e1 = store_refresh(&s);
	store_free(&s);

	cut = size > 0 ? data[0] % (size + 1) : 0;
	put(path, data, cut, 0);
	store_init(&s, path, hdr, 3, on_row, NULL, &parts);
	e2 = store_refresh(&s);
	if (e2 == STORE_OK) {
		put(path, data + cut, size - cut, 1);
		e2 = store_refresh(&s);
	}
	store_free(&s);
	/* Read in parts or whole: the same rows, the same verdict. */
	if (e1 == STORE_OK && (e2 != STORE_OK || strcmp(whole.s, parts.s) != 0))
		__builtin_trap();
	buf_free(&whole);
	buf_free(&parts);
	return 0;
}
