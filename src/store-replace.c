/*
 * store: files rewritten whole — replaced atomically (store_replace), or
 * read, changed and written back under one lock (store_update).  See
 * include/ogi/store.h.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/buf.h"
#include "ogi/store.h"
#include "store-int.h"

static int
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc = 0;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || fsync(fd) == -1)
		rc = -1;
	if (fd != -1)
		close(fd);
	free(copy);
	return rc;
}

/* Write PATH afresh through PATH.tmp and a rename; the caller holds
   PATH.lock. */
static enum store_err
replace_locked(const char *path, const char *const *header, size_t ncols,
    const char *const *cells, size_t nrows)
{
	struct buf tmp, out;
	enum store_err e = STORE_OK;
	size_t r;
	int fd;

	buf_init(&tmp);
	buf_init(&out);
	buf_printf(&tmp, "%s.tmp", path);
	store_format_row(&out, header, ncols);
	for (r = 0; r < nrows; r++)
		store_format_row(&out, cells + r * ncols, ncols);
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, store_mode(path));
	if (fd == -1 || fchmod(fd, store_mode(path)) == -1) {
		if (fd != -1)
			close(fd);
		e = errno == ENOSPC || errno == EDQUOT ? STORE_ENOSPC : STORE_EIO;
		goto out;
	}
	if ((e = store_write_all(fd, out.s, out.len)) != STORE_OK)
		goto unlink;
	if (fsync(fd) == -1) {
		e = store_sync_err();
		goto unlink;
	}
	close(fd);
	fd = -1;
	if (rename(tmp.s, path) == -1) {
		e = STORE_EIO;
		goto unlink;
	}
	if (sync_dir(path) == -1)
		e = STORE_EIO;
	goto out;
unlink:
	(void)unlink(tmp.s);
out:
	if (fd != -1)
		close(fd);
	/* The rows may hold secrets (staff.csv's hashes). */
	explicit_bzero(out.s, out.len);
	buf_free(&tmp);
	buf_free(&out);
	return e;
}

/* PATH.lock, taken: its descriptor, or -1.  The lock file is never
   removed, so that every replacer locks the same file. */
static int
lock_path(const char *path)
{
	struct buf lck;
	int lfd;

	buf_init(&lck);
	buf_printf(&lck, "%s.lock", path);
	lfd = store_create(lck.s, O_RDWR);
	buf_free(&lck);
	if (lfd == -1)
		return -1;
	while (flock(lfd, LOCK_EX) == -1)
		if (errno != EINTR) {
			close(lfd);
			return -1;
		}
	return lfd;
}

enum store_err
store_replace(const char *path, const char *const *header, size_t ncols,
    const char *const *cells, size_t nrows)
{
	enum store_err e;
	int lfd;

	if ((lfd = lock_path(path)) == -1)
		return STORE_EIO;
	e = replace_locked(path, header, ncols, cells, nrows);
	close(lfd);
	return e;
}

static void
cell_free(char *c)
{
	if (c != NULL)
		explicit_bzero(c, strlen(c));
	free(c);
}

const char *
store_rows_get(const struct store_rows *r, size_t row, size_t col)
{
	if (row >= r->nrows || col >= r->ncols)
		abort();
	return r->cell[row * r->ncols + col];
}

void
store_rows_set(struct store_rows *r, size_t row, size_t col, const char *v)
{
	char **c;

	if (row >= r->nrows || col >= r->ncols)
		abort();
	c = &r->cell[row * r->ncols + col];
	cell_free(*c);
	*c = xstrdup(v);
}

size_t
store_rows_add(struct store_rows *r)
{
	size_t i;

	r->cell = xreallocarray(r->cell, (r->nrows + 1) * r->ncols,
	    sizeof(*r->cell));
	for (i = 0; i < r->ncols; i++)
		r->cell[r->nrows * r->ncols + i] = xstrdup("");
	return r->nrows++;
}

void
store_rows_del(struct store_rows *r, size_t row)
{
	size_t i;

	if (row >= r->nrows)
		abort();
	for (i = 0; i < r->ncols; i++)
		cell_free(r->cell[row * r->ncols + i]);
	memmove(r->cell + row * r->ncols, r->cell + (row + 1) * r->ncols,
	    (r->nrows - row - 1) * r->ncols * sizeof(*r->cell));
	r->nrows--;
}

long
store_rows_find(const struct store_rows *r, size_t col, const char *v)
{
	size_t i;

	if (col >= r->ncols)
		abort();
	for (i = 0; i < r->nrows; i++)
		if (strcmp(r->cell[i * r->ncols + col], v) == 0)
			return (long)i;
	return -1;
}

static void
rows_free(struct store_rows *r)
{
	size_t i;

	for (i = 0; i < r->nrows * r->ncols; i++)
		cell_free(r->cell[i]);
	free(r->cell);
	r->cell = NULL;
	r->nrows = 0;
}

static int
rows_collect(void *ctx, char *const *f, size_t n)
{
	struct store_rows *r = ctx;
	size_t i, row = store_rows_add(r);

	for (i = 0; i < n; i++)
		store_rows_set(r, row, i, f[i]);
	return 0;
}

enum store_err
store_update(const char *path, const char *const *header, size_t ncols,
    store_update_fn fn, void *ctx)
{
	return store_update_min(path, header, ncols, 0, fn, ctx);
}

enum store_err
store_update_min(const char *path, const char *const *header, size_t ncols,
    size_t min_cols, store_update_fn fn, void *ctx)
{
	struct store_rows rows = { ncols, 0, NULL };
	const char **cells = NULL;
	struct store s;
	struct stat st;
	enum store_err e;
	off_t tail = 0;
	size_t i;
	int lfd, fd;

	if ((lfd = lock_path(path)) == -1)
		return STORE_EIO;
	/* The file as it is now, under the lock: every row, strictly. */
	store_set(&s, header, ncols, rows_collect, NULL, &rows);
	s.min_cols = min_cols;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		e = errno == ENOENT ? STORE_OK : STORE_EIO;
	} else {
		if (fstat(fd, &st) == -1)
			e = STORE_EIO;
		else if (st.st_size == 0)
			e = STORE_OK;
		else if ((e = parse_fd(&s, fd, st.st_size, &tail, CHUNK)) ==
		    STORE_OK && (tail > 0 || !s.header_seen))
			e = STORE_ECORRUPT;	/* not a file store_replace wrote */
		close(fd);
	}
	if (e != STORE_OK)
		goto out;
	if (fn(ctx, &rows) != 0) {
		e = STORE_ECALLBACK;
		goto out;
	}
	cells = xreallocarray(NULL, rows.nrows * ncols + 1, sizeof(*cells));
	for (i = 0; i < rows.nrows * ncols; i++)
		cells[i] = rows.cell[i];
	e = replace_locked(path, header, ncols, cells, rows.nrows);
out:
	free(cells);
	rows_free(&rows);
	close(lfd);
	return e;
}
