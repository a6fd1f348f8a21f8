/*
 * store: CSV record files over libcsv.  See include/ogi/store.h.
 *
 * This file uses plain POSIX I/O and never fcgi_stdio.h.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

#include "ogi/buf.h"
#include "ogi/store.h"
#include "store-int.h"


/* libcsv's parser state between rows (ROW_NOT_BEGUN in libcsv.c). */
#define CSV_ROW_NOT_BEGUN 0

struct parse {
	struct store	*s;
	struct buf	 fields;	/* field bytes, each NUL-terminated; room
					   made before each segment is parsed */
	char		**v;		/* the row handed out (ncols + 1) */
	size_t		 nf;		/* fields seen (more than ncols: bad) */
	size_t		 ncols;		/* s->ncols */
	uint64_t	 skip;		/* columns not copied (after the header) */
	int		 header_done;
	int		 nul;		/* a field held a NUL byte */
	int		 check_nul;	/* the chunk has one somewhere */
	enum store_err	 err;
};

static char skipped[] = "";	/* what a column not copied holds */

/* A field into the row: parse_fd has made room for every field the
   segment can end; ncols <= 64.  The copy comes last, so that it is a
   jump and the caller saves no registers. */
static inline void
field_put(struct parse *ps, const void *p, size_t len)
{
	size_t nf = ps->nf++;
	char *d;

	if (nf >= ps->ncols)
		return;			/* counted: on_row refuses the row */
	if (ps->skip >> nf & 1) {
		ps->v[nf] = skipped;
		return;
	}
	d = ps->v[nf] = ps->fields.s + ps->fields.len;
	d[len] = '\0';
	ps->fields.len += len + 1;
	memcpy(d, p, len);
}

static void __attribute__((noinline))
field_checked(struct parse *ps, const void *p, size_t len)
{
	if (len > 0 && memchr(p, '\0', len) != NULL)
		ps->nul = 1;
	field_put(ps, p, len);
}

/* Called by libcsv once per field: the loader's innermost step. */
static void
on_field(void *p, size_t len, void *data)
{
	struct parse *ps = data;

	if (ps->check_nul)
		field_checked(ps, p, len);	/* the chunk has a NUL */
	else
		field_put(ps, p, len);
}

/* Room for n more bytes of fields.  A row that spans segments (a quoted
   line break) has fields already out: they move with the buffer. */
static void
fields_reserve(struct parse *ps, size_t n)
{
	size_t i, k = ps->nf < ps->ncols ? ps->nf : ps->ncols;
	size_t off[STORE_MAX_COLS];
	char *was = ps->fields.s;

	if (ps->fields.len + n + 1 <= ps->fields.cap)
		return;
	for (i = 0; i < k; i++)
		off[i] = ps->v[i] == skipped ? SIZE_MAX :
		    (size_t)(ps->v[i] - was);
	buf_reserve(&ps->fields, n);
	for (i = 0; i < k; i++)
		ps->v[i] = off[i] == SIZE_MAX ? skipped : ps->fields.s + off[i];
}

static int
header_matches(struct parse *ps)
{
	struct store *s = ps->s;
	const char *first;
	size_t i, lo = s->min_cols > 0 && s->min_cols < s->ncols ?
	    s->min_cols : s->ncols;

	if (ps->nf < lo || ps->nf > s->ncols)
		return 0;
	for (i = 0; i < ps->nf; i++) {
		first = ps->v[i];
		if (strcmp(first, s->header[i]) != 0)
			return 0;
	}
	s->file_cols = ps->nf;
	return 1;
}

static void
on_row(int c, void *data)
{
	struct parse *ps = data;
	struct store *s = ps->s;
	char **v;

	(void)c;
	if (ps->err != STORE_OK)
		goto out;
	s->lineno++;
	if (ps->nul) {
		ps->err = STORE_ECORRUPT;
		goto out;
	}
	if (!ps->header_done) {
		if (!header_matches(ps))
			ps->err = STORE_EHEADER;
		else
			s->header_seen = 1;
		ps->header_done = 1;
		ps->skip = s->skip;
		goto out;
	}
	if (ps->nf != (s->file_cols ? s->file_cols : s->ncols)) {
		ps->err = STORE_ECORRUPT;
		goto out;
	}
	v = ps->v;
	/* A file of an older header: the newer columns are empty. */
	while (ps->nf < s->ncols)
		v[ps->nf++] = skipped;
	v[ps->nf] = NULL;
	s->row_off = s->pos;	/* pos moves past the row after this */
	if (s->row != NULL && s->row(s->ctx, v, ps->nf) != 0)
		ps->err = STORE_ECALLBACK;
	else
		s->nrows++;
out:
	ps->fields.len = 0;
	ps->nf = 0;
	ps->nul = 0;
}

/*
 * Parse FD from s->pos to its end, handing out complete rows and moving
 * s->pos past each.  Input is fed one line at a time so that the offset of
 * every row end is known: a row ends at a newline after which libcsv is
 * back in its between-rows state.  *tail is set to the number of bytes
 * after the last complete row.  libcsv runs with its own (fast) notion of
 * blanks and line ends: spaces around an unquoted field are trimmed, and a
 * "\r\n" from a spreadsheet ends a row as "\n" does.
 */
/* One read buffer, row and field space kept for the next parse; a parse
   within a parse (a row callback that reads another file) gets its own.
   The programs' threads parse under one lock. */
static char chunk_buf[CHUNK];
static char *kept_v[STORE_MAX_COLS + 1];
static struct buf kept_fields;
static int chunk_busy;

enum store_err
parse_fd(struct store *s, int fd, off_t size, off_t *tail, size_t block)
{
	struct csv_parser p;
	struct parse ps;
	char *chunk;
	off_t off, line_start;
	ssize_t n;
	size_t i, start;
	int has_cr;

	memset(&ps, 0, sizeof(ps));
	ps.s = s;
	ps.ncols = s->ncols;
	ps.header_done = s->header_seen;
	ps.skip = s->header_seen ? s->skip : 0;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return STORE_EIO;
	if (chunk_busy) {
		chunk = xmalloc(CHUNK);
		ps.v = xreallocarray(NULL, s->ncols + 1, sizeof(*ps.v));
		buf_init(&ps.fields);
	} else {
		chunk = chunk_buf;
		chunk_busy = 1;
		ps.v = kept_v;
		ps.fields = kept_fields;
		ps.fields.len = 0;
	}

	off = line_start = s->pos;
	if (off == 0 && size >= 3) {
		char bom[3];

		/* A spreadsheet may have saved the file with a BOM. */
		if (pread(fd, bom, 3, 0) == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
			off = 3;
	}
	while (off < size && ps.err == STORE_OK) {
		n = pread(fd, chunk, block, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ps.err = STORE_EIO;
			break;
		}
		if (n == 0)
			break;
		ps.check_nul = memchr(chunk, '\0', (size_t)n) != NULL;
		has_cr = memchr(chunk, '\r', (size_t)n) != NULL;
		for (start = 0; start < (size_t)n && ps.err == STORE_OK;) {
			const char *nl = memchr(chunk + start, '\n',
			    (size_t)n - start), *cr;

			/* After the file's last newline nothing is a whole
			   row: not even parsed (a '\r' there would end one). */
			if (nl == NULL && off + n >= size)
				break;
			i = nl != NULL ? (size_t)(nl - chunk) : (size_t)n - 1;
			/* libcsv also ends a row at a bare '\r' (rare: ogi
			   never writes one outside quotes): a segment ends
			   there too, so that such a row's end is known. */
			if (has_cr && (cr = memchr(chunk + start, '\r',
			    i + 1 - start)) != NULL)
				i = (size_t)(cr - chunk);
			/* Room for all the segment can end: what libcsv holds
			   of an open field, the segment's bytes, and a NUL for
			   each field (at most one per byte, and one more). */
			fields_reserve(&ps, p.entry_pos + 2 * (i + 1 - start) + 1);
			if (csv_parse(&p, chunk + start, i + 1 - start,
			    on_field, on_row, &ps) != i + 1 - start) {
				ps.err = STORE_ECORRUPT;
				s->lineno++;	/* the row that does not parse */
				break;
			}
			if ((chunk[i] == '\n' || chunk[i] == '\r') &&
			    ps.err == STORE_OK && p.pstate == CSV_ROW_NOT_BEGUN) {
				line_start = off + (off_t)i + 1;
				s->pos = line_start;
			}
			start = i + 1;
		}
		off += n;
	}
	/* Whatever follows the last complete row is not handed out. */
	(void)csv_fini(&p, NULL, NULL, NULL);
	csv_free(&p);
	if (chunk == chunk_buf) {
		chunk_busy = 0;
		kept_fields = ps.fields;	/* as big as the longest row */
	} else {
		free(chunk);
		free(ps.v);
		buf_free(&ps.fields);
	}
	*tail = size - s->pos;
	return ps.err;
}

/* All of store_init but the path (a parse of one row needs none). */
void
store_set(struct store *s, const char *const *header, size_t ncols,
    store_row_fn row, store_reset_fn reset, void *ctx)
{
	if (ncols == 0 || ncols > STORE_MAX_COLS)
		abort();
	memset(s, 0, sizeof(*s));
	s->header = header;
	s->ncols = ncols;
	s->row = row;
	s->reset = reset;
	s->ctx = ctx;
	s->fd = -1;
	s->rfd = -1;
}

void
store_init(struct store *s, const char *path, const char *const *header,
    size_t ncols, store_row_fn row, store_reset_fn reset, void *ctx)
{
	store_set(s, header, ncols, row, reset, ctx);
	s->path = xstrdup(path);
}

void
store_free(struct store *s)
{
	if (s->fd != -1)
		store_unlock(s);
	if (s->rfd != -1)
		close(s->rfd);
	s->rfd = -1;
	free(s->path);
	s->path = NULL;
}

/* Start again from the top if the file was replaced or shortened. */
static void
check_identity(struct store *s, const struct stat *st)
{
	if (s->pos == 0 && s->ino == 0)
		goto same;
	if (st->st_ino == s->ino && st->st_dev == s->dev && st->st_size >= s->pos)
		return;
	s->pos = 0;
	s->nrows = 0;
	s->lineno = 0;
	s->header_seen = 0;
	s->file_cols = 0;
	if (s->reset != NULL)
		s->reset(s->ctx);
same:
	s->ino = st->st_ino;
	s->dev = st->st_dev;
}

void
store_rewind(struct store *s)
{
	s->pos = 0;
	s->ino = 0;
	s->nrows = 0;
	s->lineno = 0;
	s->header_seen = 0;
	s->file_cols = 0;
}

enum store_err
store_refresh(struct store *s)
{
	struct stat st;
	enum store_err e;
	off_t tail;
	time_t now;
	int fd;

	if (s->fd != -1)
		fd = s->fd;
	else if (s->append_only && s->rfd != -1 &&
	    (now = time(NULL)) == s->rseen) {
		/* Within the second of the last look at the path, the file
		   kept open says whether anything was appended: one fstat,
		   no path to walk. */
		if (fstat(s->rfd, &st) == -1)
			return STORE_EIO;
		if (st.st_ino == s->ino && st.st_dev == s->dev &&
		    st.st_size == s->pos)
			return STORE_OK;
		fd = s->rfd;
	} else {
		/* Once a second the path itself, for a file replaced under
		   the same name. */
		if (stat(s->path, &st) == -1) {
			if (errno != ENOENT)
				return STORE_EIO;
			if (s->rfd != -1)
				close(s->rfd);
			s->rfd = -1;
			return STORE_OK;
		}
		if (s->rfd != -1 && s->ino != 0 && st.st_ino == s->ino &&
		    st.st_dev == s->dev) {
			s->rseen = time(NULL);
			if (st.st_size == s->pos)
				return STORE_OK;
			fd = s->rfd;
		} else {
			if ((fd = open(s->path, O_RDONLY | O_CLOEXEC)) == -1)
				return errno == ENOENT ? STORE_OK : STORE_EIO;
			if (s->rfd != -1)
				close(s->rfd);
			s->rfd = fd;
			s->rseen = time(NULL);
		}
	}
	if (fstat(fd, &st) == -1)
		return STORE_EIO;
	check_identity(s, &st);
	e = st.st_size > s->pos ? parse_fd(s, fd, st.st_size, &tail, CHUNK) : STORE_OK;
	return e;
}

enum store_err
store_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno == ENOSPC || errno == EDQUOT ?
			    STORE_ENOSPC : STORE_EIO;
		p += w;
		n -= (size_t)w;
	}
	return STORE_OK;
}

enum store_err
store_sync_err(void)
{
	return errno == ENOSPC || errno == EDQUOT ? STORE_ENOSPC : STORE_EIO;
}

/* Quote every field; the caller has checked for NUL bytes. */
void
store_format_row(struct buf *out, const char *const *fields, size_t n)
{
	size_t i, len, need;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ',');
		len = strlen(fields[i]);
		need = len * 2 + 2;	/* every quote doubled, two around */
		buf_reserve(out, need);
		out->len += csv_write(out->s + out->len, need, fields[i], len);
		out->s[out->len] = '\0';
	}
	buf_addc(out, '\n');
}

mode_t
store_mode(const char *path)
{
	static const char *const own[] = {
		"staff.csv", "sessions.csv", "audit.csv", "secret.key",
		"mail.csv", "mail.lock", "mail-failing.csv",
	};
	/* Appended by the public program too. */
	static const char *const shared[] = {
		"applications.csv", "files.csv", "supplements.csv", "outbox.csv",
	};
	const char *base = strrchr(path, '/');
	size_t i, n;

	base = base != NULL ? base + 1 : path;
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		n = strlen(own[i]);
		if (strncmp(base, own[i], n) == 0 &&
		    (base[n] == '\0' || base[n] == '.'))
			return 0600;
	}
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		n = strlen(shared[i]);
		if (strncmp(base, shared[i], n) == 0 &&
		    (base[n] == '\0' || base[n] == '.'))
			return 0660;
	}
	return 0640;
}

int
store_create(const char *path, int flags)
{
	mode_t mode = store_mode(path);
	int fd;

	for (;;) {
		if ((fd = open(path, flags | O_CLOEXEC)) != -1 || errno != ENOENT)
			return fd;
		fd = open(path, flags | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd != -1) {
			if (fchmod(fd, mode) == -1) {
				close(fd);
				return -1;
			}
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
}

/* Keep the bytes of a torn row beside the file, then cut them off. */
static enum store_err
repair_tail(struct store *s, off_t size)
{
	struct buf torn;
	char *bytes;
	size_t len = (size_t)(size - s->pos);
	ssize_t n;
	int tfd;

	bytes = xmalloc(len);
	n = pread(s->fd, bytes, len, s->pos);
	if (n != (ssize_t)len) {
		free(bytes);
		return STORE_EIO;
	}
	buf_init(&torn);
	buf_printf(&torn, "%s.torn", s->path);
	tfd = open(torn.s, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	buf_free(&torn);
	if (tfd != -1) {
		/* Best effort: the torn bytes were never acknowledged. */
		(void)store_write_all(tfd, bytes, len);
		(void)store_write_all(tfd, "\n", 1);
		(void)fdatasync(tfd);
		close(tfd);
	}
	free(bytes);
	if (ftruncate(s->fd, s->pos) == -1 || fdatasync(s->fd) == -1)
		return STORE_EIO;
	return STORE_OK;
}

enum store_err
store_lock(struct store *s)
{
	struct buf hdr;
	struct stat st;
	enum store_err e;
	off_t tail = 0;

	if (s->fd != -1)
		return STORE_OK;
	s->fd = store_create(s->path, O_RDWR | O_APPEND);
	if (s->fd == -1)
		return STORE_EIO;
	while (flock(s->fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			e = STORE_EIO;
			goto fail;
		}
	}
	if (fstat(s->fd, &st) == -1) {
		e = STORE_EIO;
		goto fail;
	}
	check_identity(s, &st);
	if (st.st_size == 0) {
		buf_init(&hdr);
		store_format_row(&hdr, s->header, s->ncols);
		e = store_write_all(s->fd, hdr.s, hdr.len);
		buf_free(&hdr);
		if (e == STORE_OK && fdatasync(s->fd) == -1)
			e = store_sync_err();
		if (e != STORE_OK) {
			(void)ftruncate(s->fd, 0);
			goto fail;
		}
		if (fstat(s->fd, &st) == -1) {
			e = STORE_EIO;
			goto fail;
		}
	}
	if (st.st_size > s->pos &&
	    (e = parse_fd(s, s->fd, st.st_size, &tail, CHUNK)) != STORE_OK)
		goto fail;
	if (tail > 0 && (e = repair_tail(s, st.st_size)) != STORE_OK)
		goto fail;
	return STORE_OK;
fail:
	store_unlock(s);
	return e;
}

/*
 * Group commit.  A threaded server (cgi_serve) lets a request's appends
 * go without their fdatasync; before its answer goes out, the request
 * waits in store_sync_mine for one fdatasync that covers its rows and
 * those of every request written meanwhile.  One sync at a time; writes
 * made during it are covered by the next.
 */
#define SYNC_FILES 16

static int defer_on;
static pthread_mutex_t sync_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sync_cv = PTHREAD_COND_INITIALIZER;
static unsigned long long sync_issued, sync_done;
static int sync_busy, sync_broken;
static struct { int fd; dev_t dev; ino_t ino; } sync_files[SYNC_FILES];
static size_t sync_nfiles;
static __thread unsigned long long my_ticket;

void
store_defer_syncs(int on)
{
	defer_on = on;
}

static enum store_err
sync_or_defer(int fd)
{
	struct stat st;
	size_t i;

	if (!defer_on)
		return fdatasync(fd) == -1 ? store_sync_err() : STORE_OK;
	if (fstat(fd, &st) == -1)
		return STORE_EIO;
	pthread_mutex_lock(&sync_mu);
	for (i = 0; i < sync_nfiles; i++)
		if (sync_files[i].dev == st.st_dev && sync_files[i].ino == st.st_ino)
			break;
	if (i == sync_nfiles) {
		if (sync_nfiles == SYNC_FILES ||
		    (sync_files[i].fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1) {
			pthread_mutex_unlock(&sync_mu);
			return fdatasync(fd) == -1 ? store_sync_err() : STORE_OK;
		}
		sync_files[i].dev = st.st_dev;
		sync_files[i].ino = st.st_ino;
		sync_nfiles++;
	}
	my_ticket = ++sync_issued;
	pthread_mutex_unlock(&sync_mu);
	return STORE_OK;
}

int
store_sync_pending(void)
{
	return my_ticket != 0;
}

enum store_err
store_sync_mine(void)
{
	unsigned long long t = my_ticket, target;
	int fds[SYNC_FILES], ok;
	size_t i, n;

	if (t == 0)
		return STORE_OK;
	my_ticket = 0;
	pthread_mutex_lock(&sync_mu);
	while (sync_done < t) {
		if (sync_busy) {
			pthread_cond_wait(&sync_cv, &sync_mu);
			continue;
		}
		/* Lead: one sync for everything written so far. */
		sync_busy = 1;
		target = sync_issued;
		n = sync_nfiles;
		for (i = 0; i < n; i++)
			fds[i] = sync_files[i].fd;
		sync_nfiles = 0;
		pthread_mutex_unlock(&sync_mu);
		for (ok = 1, i = 0; i < n; i++) {
			if (fdatasync(fds[i]) == -1)
				ok = 0;
			close(fds[i]);
		}
		pthread_mutex_lock(&sync_mu);
		/* After a failed sync nothing written is known to be on
		   disk: every later answer says so, until a restart. */
		if (!ok)
			sync_broken = 1;
		sync_done = target;
		sync_busy = 0;
		pthread_cond_broadcast(&sync_cv);
	}
	ok = !sync_broken;
	pthread_mutex_unlock(&sync_mu);
	return ok ? STORE_OK : STORE_EIO;
}

enum store_err
store_append(struct store *s, const char *const *fields)
{
	return store_append_many(s, fields, 1);
}

enum store_err
store_append_many(struct store *s, const char *const *cells, size_t nrows)
{
	struct buf rows;
	struct stat st;
	enum store_err e;
	size_t i, *ends;
	off_t start;

	if (s->fd == -1)
		return STORE_EIO;
	if (s->file_cols != 0 && s->file_cols != s->ncols)
		return STORE_EHEADER;	/* an older file: rewritten, never appended to */
	for (i = 0; i < s->ncols * nrows; i++)
		if (cells[i] == NULL)
			return STORE_EFIELD;
	if (fstat(s->fd, &st) == -1)
		return STORE_EIO;
	start = st.st_size;
	buf_init(&rows);
	ends = xreallocarray(NULL, nrows + 1, sizeof(*ends));
	for (i = 0; i < nrows; i++) {
		store_format_row(&rows, cells + i * s->ncols, s->ncols);
		ends[i] = rows.len;
	}
	e = store_write_all(s->fd, rows.s, rows.len);
	buf_free(&rows);
	if (e == STORE_OK)
		e = sync_or_defer(s->fd);
	if (e != STORE_OK) {
		/* Leave no half row behind (a full disk, say). */
		if (ftruncate(s->fd, start) == 0)
			(void)fdatasync(s->fd);
		free(ends);
		return e;
	}
	/*
	 * Hand the new rows to the reader like any others.  Under the lock
	 * the reader had caught up with the file (store_lock), so they follow
	 * what it has read: given as written, not parsed back.
	 */
	if (s->pos != start) {
		free(ends);
		if (fstat(s->fd, &st) == -1)
			return STORE_EIO;
		return parse_fd(s, s->fd, st.st_size, &start, CHUNK);
	}
	for (i = 0; i < nrows; i++) {
		s->row_off = s->pos;
		s->lineno++;
		if (s->row != NULL && s->row(s->ctx, (char *const *)(uintptr_t)
		    (cells + i * s->ncols), s->ncols) != 0) {
			free(ends);
			return STORE_ECALLBACK;
		}
		s->nrows++;
		s->pos = start + (off_t)ends[i];
	}
	free(ends);
	return STORE_OK;
}

off_t
store_size(const struct store *s)
{
	struct stat st;

	return s->fd != -1 && fstat(s->fd, &st) == 0 ? st.st_size : -1;
}

enum store_err
store_truncate(struct store *s, off_t size)
{
	if (s->fd == -1 || ftruncate(s->fd, size) == -1 || fdatasync(s->fd) == -1)
		return STORE_EIO;
	if (s->pos > size)
		s->pos = size;
	return STORE_OK;
}

void
store_unlock(struct store *s)
{
	if (s->fd == -1)
		return;
	(void)flock(s->fd, LOCK_UN);
	close(s->fd);
	s->fd = -1;
}

enum store_err
store_touch(struct store *s)
{
	if (s->fd == -1)
		return STORE_EIO;
	return sync_or_defer(s->fd);
}

struct one {
	store_row_fn	 fn;
	void		*ctx;
	int		 got, rc;
};

static int
one_row(void *ctx, char *const *f, size_t n)
{
	struct one *o = ctx;

	o->rc = o->fn(o->ctx, f, n);
	o->got = 1;
	return 1;	/* one is enough: stop here */
}

/* The row at off of the open file fd (size bytes long), through a parse of
   its own that stops after one row. */
static enum store_err
read_row_at(const struct store *st, int fd, off_t size, off_t off,
    store_row_fn fn, void *ctx)
{
	struct one o = { fn, ctx, 0, 0 };
	struct store s;
	enum store_err e;
	off_t tail;

	if (off <= 0 || off >= size)
		return STORE_ECORRUPT;
	store_set(&s, NULL, st->ncols, one_row, NULL, &o);
	s.pos = off;
	s.header_seen = 1;	/* past the header: not checked */
	s.file_cols = st->file_cols;
	e = parse_fd(&s, fd, size, &tail, 4096);	/* a row or two */
	if (o.got)
		return o.rc ? STORE_ECALLBACK : STORE_OK;
	return e == STORE_OK ? STORE_ECORRUPT : e;
}

enum store_err
store_read_row(const struct store *st, off_t off, store_row_fn fn, void *ctx)
{
	struct stat sb;
	enum store_err e;
	int fd;

	/* A row the store has read is in the file it keeps open, before
	   pos (rows there are whole and never change): no path to walk,
	   and the right file even if the path was replaced since. */
	if (st->rfd != -1 && off < st->pos)
		return read_row_at(st, st->rfd, st->pos, off, fn, ctx);
	if ((fd = open(st->path, O_RDONLY | O_CLOEXEC)) == -1)
		return STORE_EIO;
	e = fstat(fd, &sb) == -1 ? STORE_EIO :
	    read_row_at(st, fd, sb.st_size, off, fn, ctx);
	close(fd);
	return e;
}

const char *
store_strerror(enum store_err e)
{
	switch (e) {
	case STORE_OK:		return "ok";
	case STORE_EIO:		return "input/output error";
	case STORE_ENOSPC:	return "no space left on device";
	case STORE_ECORRUPT:	return "malformed row";
	case STORE_EHEADER:	return "unexpected header row";
	case STORE_EFIELD:	return "field holds a NUL byte";
	case STORE_ECALLBACK:	return "row refused";
	}
	return "unknown error";
}

int
store_load(const char *dir, const char *name, const char *const *header,
    size_t ncols, store_row_fn fn, void *ctx, char *bad, const char **why)
{
	static __thread char msg[512];
	struct store st;
	struct buf path;
	enum store_err e;

	buf_init(&path);
	buf_printf(&path, "%s/%s", dir, name);
	bad[0] = '\0';
	store_init(&st, path.s, header, ncols, fn, NULL, ctx);
	e = store_refresh(&st);
	if (e != STORE_OK)
		(void)snprintf(msg, sizeof(msg), "%s:%lld: %s", path.s,
		    (long long)st.lineno, e != STORE_ECALLBACK ? store_strerror(e) :
		    bad[0] != '\0' ? bad : "a value is not valid");
	store_free(&st);
	buf_free(&path);
	if (e != STORE_OK) {
		*why = msg;
		return -1;
	}
	return 0;
}
