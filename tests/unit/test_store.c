/* Unit tests of store: CSV files read incrementally, appended, repaired. */
#include "util.h"

#include <sys/wait.h>

#include <pthread.h>

#include "ogi/buf.h"
#include "ogi/store.h"

static const char *const hdr[3] = { "id", "text", "n" };

/* What a reader saw: every row joined as "a|b|c\n". */
struct seen {
	struct buf	rows;
	size_t		n;
	int		resets;
};

static int
on_row(void *ctx, char *const *f, size_t n)
{
	struct seen *s = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_addc(&s->rows, '|');
		buf_adds(&s->rows, f[i]);
	}
	buf_addc(&s->rows, '\n');
	s->n++;
	return 0;
}

static void
on_reset(void *ctx)
{
	struct seen *s = ctx;

	buf_reset(&s->rows);
	s->n = 0;
	s->resets++;
}

static void
open_store(struct store *st, struct seen *s, const char *path)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->rows);
	store_init(st, path, hdr, 3, on_row, on_reset, s);
}

static void
close_store(struct store *st, struct seen *s)
{
	store_free(st);
	buf_free(&s->rows);
}

static void
append(struct store *st, const char *a, const char *b, const char *c)
{
	const char *row[3] = { a, b, c };

	assert_int_equal(store_lock(st), STORE_OK);
	assert_int_equal(store_append(st, row), STORE_OK);
	store_unlock(st);
}

/* Rows with every awkward character come back exactly. */
static void
roundtrip(void **state)
{
	char *dir = tmpdir_new(), path[256];
	struct store w, r;
	struct seen sw, sr;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	open_store(&w, &sw, path);
	append(&w, "1", "comma, \"quote\"\nnew line\r\n", "");
	append(&w, "2", "中文，全角", "=1+1");
	assert_int_equal(sw.n, 2);

	open_store(&r, &sr, path);
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(sr.n, 2);
	assert_string_equal(sr.rows.s,
	    "1|comma, \"quote\"\nnew line\r\n|\n2|中文，全角|=1+1\n");
	/* Nothing new: nothing handed out again. */
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(sr.n, 2);
	/* Appended by another writer: only the new row. */
	append(&w, "3", "three", "3");
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(sr.n, 3);
	assert_non_null(strstr(sr.rows.s, "3|three|3\n"));
	close_store(&w, &sw);
	close_store(&r, &sr);
	rm_rf(dir);
	free(dir);
}

/*
 * Columns marked skipped come to the callback as "", the others whole;
 * the header is still checked in full.  A row whose quoted field spans
 * many lines and outgrows the parser's buffers between lines keeps every
 * field (the fields already out move with the buffer).
 */
static void
skipped_columns_and_long_rows(void **state)
{
	char *dir = tmpdir_new(), path[256];
	struct store w, r;
	struct seen sw, sr;
	struct buf big, want;
	size_t i;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	buf_init(&big);
	buf_init(&want);
	for (i = 0; i < 3000; i++)
		buf_printf(&big, "第%zu行，line %zu\n", i, i);
	open_store(&w, &sw, path);
	append(&w, "1", "secret one", "10");
	append(&w, big.s, big.s, "20");
	append(&w, "3", "secret three", "30");

	open_store(&r, &sr, path);
	r.skip = 1u << 1;		/* "text" is not read */
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(sr.n, 3);
	buf_printf(&want, "1||10\n%s||20\n3||30\n", big.s);
	assert_string_equal(sr.rows.s, want.s);
	assert_null(strstr(sr.rows.s, "secret"));
	close_store(&r, &sr);

	/* Nothing skipped: the same file, whole. */
	open_store(&r, &sr, path);
	assert_int_equal(store_refresh(&r), STORE_OK);
	buf_reset(&want);
	buf_printf(&want, "1|secret one|10\n%s|%s|20\n3|secret three|30\n",
	    big.s, big.s);
	assert_string_equal(sr.rows.s, want.s);
	close_store(&r, &sr);

	/* A skipped column is still part of the header check. */
	write_file(path, "id,txet,n\n1,a,2\n", 16);
	open_store(&r, &sr, path);
	r.skip = 1u << 1;
	assert_int_equal(store_refresh(&r), STORE_EHEADER);
	close_store(&r, &sr);
	close_store(&w, &sw);
	buf_free(&big);
	buf_free(&want);
	rm_rf(dir);
	free(dir);
}

static char *
sample_file(size_t *len)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "\"id\",\"text\",\"n\"\n");
	buf_adds(&b, "\"1\",\"plain\",\"10\"\n");
	buf_adds(&b, "\"2\",\"two\nlines, \"\"quoted\"\"\",\"20\"\n");
	buf_adds(&b, "\"3\",\"中文\",\"30\"\n");
	buf_adds(&b, "\"4\",\"\",\"\"\n");
	*len = b.len;
	return buf_detach(&b);
}

/* The bytes of the sample file that end complete rows. */
static size_t
rows_within(const char *data, size_t cut)
{
	static const char *const ends[] = { "\"10\"\n", "\"20\"\n", "\"30\"\n",
	    "\"\",\"\"\n" };
	size_t i, n = 0;
	const char *p;

	for (i = 0; i < 4; i++) {
		p = strstr(data, ends[i]);
		if ((size_t)(p - data) + strlen(ends[i]) <= cut)
			n++;
	}
	return n;
}

/* The end of the last complete row (or the header) within cut bytes. */
static size_t
last_row_end(const char *data, size_t cut)
{
	static const char *const ends[] = { "\"n\"\n", "\"10\"\n", "\"20\"\n",
	    "\"30\"\n", "\"\",\"\"\n" };
	size_t i, best = 0, e;

	for (i = 0; i < 5; i++) {
		e = (size_t)(strstr(data, ends[i]) - data) + strlen(ends[i]);
		if (e <= cut)
			best = e;
	}
	return best;
}

/*
 * A file cut at every byte: the reader sees exactly the complete rows; the
 * next append cuts off the torn tail, keeps it in .torn, and loses no
 * complete row.
 */
static void
torn_tail_every_cut(void **state)
{
	char *dir = tmpdir_new(), path[256], torn[300], *data, *after;
	struct store st;
	struct seen s;
	size_t len, cut, want;

	(void)state;
	data = sample_file(&len);
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	(void)snprintf(torn, sizeof(torn), "%s.torn", path);
	for (cut = 16; cut <= len; cut++) {	/* 16: the header's length */
		write_file(path, data, cut);
		unlink(torn);
		want = rows_within(data, cut);
		open_store(&st, &s, path);
		assert_int_equal(store_refresh(&st), STORE_OK);
		assert_int_equal(s.n, want);
		append(&st, "9", "new", "90");
		assert_int_equal(s.n, want + 1);
		close_store(&st, &s);

		open_store(&st, &s, path);
		assert_int_equal(store_refresh(&st), STORE_OK);
		assert_int_equal(s.n, want + 1);
		assert_non_null(strstr(s.rows.s, "9|new|90\n"));
		close_store(&st, &s);
		/* The file is the complete rows plus the new one, nothing else. */
		after = read_file(path, NULL);
		assert_non_null(strstr(after, "\"9\",\"new\",\"90\"\n"));
		assert_int_equal(strlen(after) - strlen("\"9\",\"new\",\"90\"\n"),
		    strstr(after, "\"9\",\"new\",\"90\"\n") - after);
		free(after);
		/* The cut-off bytes are kept beside the file. */
		{
			size_t keep = last_row_end(data, cut), tl;
			char *t = read_file(torn, &tl);

			if (keep == cut)
				assert_null(t);
			else {
				assert_non_null(t);
				assert_int_equal(tl, cut - keep + 1);
				assert_memory_equal(t, data + keep, cut - keep);
				free(t);
			}
		}
	}
	free(data);
	rm_rf(dir);
	free(dir);
}

/* Bytes arriving in chunks of every size: the same rows, each once. */
static void
incremental_every_chunk(void **state)
{
	char *dir = tmpdir_new(), path[256], *data, *full = NULL;
	struct store st;
	struct seen s;
	size_t len, k, off, n;
	int fd;

	(void)state;
	data = sample_file(&len);
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	for (k = 1; k <= len; k++) {
		unlink(path);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		open_store(&st, &s, path);
		for (off = 0; off < len; off += n) {
			n = len - off < k ? len - off : k;
			assert_int_equal(write(fd, data + off, n), (ssize_t)n);
			assert_int_equal(store_refresh(&st), STORE_OK);
		}
		close(fd);
		assert_int_equal(s.n, 4);
		if (full == NULL)
			full = strdup(s.rows.s);
		else
			assert_string_equal(s.rows.s, full);
		assert_int_equal(s.resets, 0);
		close_store(&st, &s);
	}
	assert_string_equal(full, "1|plain|10\n2|two\nlines, \"quoted\"|20\n"
	    "3|中文|30\n4||\n");
	free(full);
	free(data);
	rm_rf(dir);
	free(dir);
}

static void
bad_header_and_columns(void **state)
{
	char *dir = tmpdir_new(), path[256];
	struct store st;
	struct seen s;
	const char *row[3] = { "1", "x", "y" };

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	write_file(path, "\"id\",\"other\",\"n\"\n\"1\",\"a\",\"b\"\n", 29);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_EHEADER);
	assert_int_equal(s.n, 0);
	close_store(&st, &s);

	write_file(path, "id,text,n\n1,a\n", 14);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_ECORRUPT);
	/* A writer refuses to add to a corrupt file, and leaves it alone. */
	assert_int_equal(store_lock(&st), STORE_ECORRUPT);
	assert_int_equal(store_append(&st, row), STORE_EIO);
	close_store(&st, &s);
	{
		size_t n;
		char *p = read_file(path, &n);

		assert_int_equal(n, 14);
		free(p);
	}
	/* A strict parse error (a quote in an unquoted field). */
	write_file(path, "id,text,n\n1,a\"b,c\n", 18);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_ECORRUPT);
	close_store(&st, &s);
	/* A spreadsheet's BOM is fine, before a quoted header too. */
	write_file(path, "\xEF\xBB\xBF\"id\",\"text\",\"n\"\n1,a,b\n", 25);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 1);
	close_store(&st, &s);
	/* An empty line before the header, read in two parts (found by the
	   fuzzer): the header is still the header. */
	write_file(path, "\nid,text,n\n1,a,b\n", 3);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	write_file(path, "\nid,text,n\n1,a,b\n", 17);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rows.s, "1|a|b\n");
	close_store(&st, &s);
	/* And before a bare one. */
	write_file(path, "\xEF\xBB\xBFid,text,n\n1,a,b\n", 19);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 1);
	close_store(&st, &s);
	rm_rf(dir);
	free(dir);
}

static void
missing_file_is_empty_and_header_written(void **state)
{
	char *dir = tmpdir_new(), path[256], *p;
	struct store st;
	struct seen s;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/new.csv", dir);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 0);
	append(&st, "1", "a", "b");
	close_store(&st, &s);
	p = read_file(path, NULL);
	assert_string_equal(p, "\"id\",\"text\",\"n\"\n\"1\",\"a\",\"b\"\n");
	free(p);
	rm_rf(dir);
	free(dir);
}

static void
replace_is_atomic_and_readers_start_over(void **state)
{
	char *dir = tmpdir_new(), path[256], tmp[300];
	const char *cells[6] = { "7", "seven", "", "8", "eight", "" };
	struct store st;
	struct seen s;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	open_store(&st, &s, path);
	append(&st, "1", "one", "");
	assert_int_equal(s.n, 1);
	assert_int_equal(store_replace(path, hdr, 3, cells, 2), STORE_OK);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.resets, 1);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rows.s, "7|seven|\n8|eight|\n");
	close_store(&st, &s);
	rm_rf(dir);
	free(dir);
}

/* Where each row the reader saw starts. */
static off_t row_offs[8];
static size_t nrow_offs;
static struct store *offs_of;

static int
on_row_off(void *ctx, char *const *f, size_t n)
{
	if (nrow_offs < 8)
		row_offs[nrow_offs++] = offs_of->row_off;
	return on_row(ctx, f, n);
}

/*
 * store_read_row gives the row at an offset the store handed out, read
 * through the file the store has open: still that row after the path was
 * replaced by a file with other rows (the offsets are the old file's).
 * Nothing whole at an offset: STORE_ECORRUPT.
 */
static void
read_row_at_offsets(void **state)
{
	char *dir = tmpdir_new(), path[256];
	const char *cells[3] = { "9", "nine, replaced", "99" };
	struct store w, r;
	struct seen sw, sr, one;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	open_store(&w, &sw, path);
	append(&w, "1", "one", "10");
	append(&w, "2", "two\nlines", "20");
	open_store(&r, &sr, path);
	r.row = on_row_off;
	offs_of = &r;
	nrow_offs = 0;
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(nrow_offs, 2);

	memset(&one, 0, sizeof(one));
	buf_init(&one.rows);
	assert_int_equal(store_read_row(&r, row_offs[1], on_row, &one), STORE_OK);
	assert_string_equal(one.rows.s, "2|two\nlines|20\n");
	assert_int_equal(store_replace(path, hdr, 3, cells, 1), STORE_OK);
	buf_reset(&one.rows);
	assert_int_equal(store_read_row(&r, row_offs[0], on_row, &one), STORE_OK);
	assert_string_equal(one.rows.s, "1|one|10\n");
	/* Past the end of the file. */
	assert_int_equal(store_read_row(&r, 100000, on_row, &one), STORE_ECORRUPT);
	buf_free(&one.rows);
	close_store(&r, &sr);
	close_store(&w, &sw);
	rm_rf(dir);
	free(dir);
}

/* Eight processes appending at once: every row there once, file strict. */
static void
concurrent_appends(void **state)
{
	char *dir = tmpdir_new(), path[256], id[32];
	struct store st;
	struct seen s;
	int p, i, status;
	pid_t pid;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/t.csv", dir);
	for (p = 0; p < 8; p++) {
		if ((pid = fork()) == 0) {
			open_store(&st, &s, path);
			for (i = 0; i < 50; i++) {
				const char *row[3] = { id, "x", "y" };

				(void)snprintf(id, sizeof(id), "%d-%d", p, i);
				if (store_lock(&st) != STORE_OK ||
				    store_append(&st, row) != STORE_OK)
					_exit(1);
				store_unlock(&st);
			}
			close_store(&st, &s);
			free(dir);
			_exit(0);
		}
		assert_true(pid > 0);
	}
	for (p = 0; p < 8; p++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 400);
	for (p = 0; p < 8; p++)
		for (i = 0; i < 50; i++) {
			char line[40];

			(void)snprintf(line, sizeof(line), "%d-%d|x|y\n", p, i);
			assert_non_null(strstr(s.rows.s, line));
		}
	close_store(&st, &s);
	rm_rf(dir);
	free(dir);
}

/* store_update's callback for the tests: row "id" (added when missing)
   gets its n column counted up by one. */
struct bump {
	const char	*id;
	int		 refuse;
	size_t		 seen;	/* rows fn was given */
};

static int
bump_fn(void *ctx, struct store_rows *r)
{
	struct bump *b = ctx;
	char num[24];
	long row;

	b->seen = r->nrows;
	if (b->refuse)
		return 1;
	if ((row = store_rows_find(r, 0, b->id)) == -1) {
		row = (long)store_rows_add(r);
		store_rows_set(r, (size_t)row, 0, b->id);
		store_rows_set(r, (size_t)row, 1, "text, with \"quotes\"\nand a line");
		store_rows_set(r, (size_t)row, 2, "0");
	}
	(void)snprintf(num, sizeof(num), "%ld",
	    strtol(store_rows_get(r, (size_t)row, 2), NULL, 10) + 1);
	store_rows_set(r, (size_t)row, 2, num);
	return 0;
}

/*
 * Read-modify-write under one lock: eight processes, each counting its own
 * row up 25 times (and adding it the first time), lose nothing: 8 rows of
 * 25.  Each change reads the file as the others left it.
 */
static void
update_concurrent_writers(void **state)
{
	char *dir = tmpdir_new(), path[256], id[16];
	struct store st;
	struct seen s;
	int p, i, status;
	pid_t pid;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/u.csv", dir);
	for (p = 0; p < 8; p++) {
		if ((pid = fork()) == 0) {
			struct bump b = { id, 0, 0 };

			(void)snprintf(id, sizeof(id), "w%d", p);
			for (i = 0; i < 25; i++)
				if (store_update(path, hdr, 3, bump_fn, &b) != STORE_OK)
					_exit(1);
			free(dir);
			_exit(0);
		}
		assert_true(pid > 0);
	}
	for (p = 0; p < 8; p++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 8);
	for (p = 0; p < 8; p++) {
		char line[64];

		(void)snprintf(line, sizeof(line), "w%d|text, with \"quotes\"\nand a line|25\n", p);
		assert_non_null(strstr(s.rows.s, line));
	}
	close_store(&st, &s);
	rm_rf(dir);
	free(dir);
}

/*
 * What store_update leaves alone: a refusal from the callback (the file
 * byte for byte as it was), and a file it cannot read strictly (a wrong
 * header, a half row); a missing file is one without rows.  A reader of
 * the file starts over after an update, as after store_replace.
 */
static void
update_refusals(void **state)
{
	char *dir = tmpdir_new(), path[256], *before, *after;
	struct bump b = { "a", 0, 0 };
	struct store st;
	struct seen s;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/u.csv", dir);
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_OK);
	assert_int_equal(b.seen, 0);
	open_store(&st, &s, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_OK);
	assert_int_equal(b.seen, 1);
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_int_equal(s.resets, 1);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.rows.s, "|2\n"));
	close_store(&st, &s);

	before = read_file(path, NULL);
	b.refuse = 1;
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_ECALLBACK);
	after = read_file(path, NULL);
	assert_string_equal(before, after);
	free(after);
	free(before);
	b.refuse = 0;

	write_file(path, "\"id\",\"txt\",\"n\"\n", 15);
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_EHEADER);
	write_file(path, "\"id\",\"text\",\"n\"\n\"a\",\"b\",\"1\"\n\"c\",\"d", 35);
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_ECORRUPT);
	after = read_file(path, NULL);
	assert_string_equal(after, "\"id\",\"text\",\"n\"\n\"a\",\"b\",\"1\"\n\"c\",\"d");
	free(after);
	/* The rows' own functions: delete, find, add. */
	write_file(path, "\"id\",\"text\",\"n\"\n", 16);
	b.id = "x";
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_OK);
	b.id = "y";
	assert_int_equal(store_update(path, hdr, 3, bump_fn, &b), STORE_OK);
	assert_int_equal(b.seen, 1);
	after = read_file(path, NULL);
	assert_non_null(strstr(after, "\"x\""));
	assert_non_null(strstr(after, "\"y\""));
	free(after);
	rm_rf(dir);
	free(dir);
}

/* Group commit: threads append without syncing, each waits for a sync
   that covers its rows; all rows are there, in whole. */
struct gc_arg {
	const char	*path;
	int		 who;
};

static void *
gc_thread(void *p)
{
	const struct gc_arg *a = p;
	struct store st;
	struct seen s;
	char id[32];
	const char *row[3];
	int i, bad = 0;

	open_store(&st, &s, a->path);
	for (i = 0; i < 50; i++) {
		(void)snprintf(id, sizeof(id), "%d-%d", a->who, i);
		row[0] = id;
		row[1] = "组提交, \"quoted\"\nline";
		row[2] = "x";
		bad |= store_lock(&st) != STORE_OK;
		bad |= store_append(&st, row) != STORE_OK;
		store_unlock(&st);
		bad |= !store_sync_pending();
		bad |= store_sync_mine() != STORE_OK;
		bad |= store_sync_pending();
	}
	close_store(&st, &s);
	return bad ? (void *)1 : NULL;
}

static void
group_commit(void **state)
{
	char *dir = tmpdir_new(), path[256];
	struct gc_arg a[4];
	pthread_t t[4];
	struct store r, w;
	struct seen sr, sw;
	void *rc;
	int i;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/g.csv", dir);
	store_defer_syncs(1);
	for (i = 0; i < 4; i++) {
		a[i].path = path;
		a[i].who = i;
		assert_int_equal(pthread_create(&t[i], NULL, gc_thread, &a[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
	store_defer_syncs(0);
	assert_false(store_sync_pending());
	open_store(&r, &sr, path);
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_int_equal(sr.n, 200);
	/* A writer hands its own rows to its reader as written: the same
	   as they read back. */
	open_store(&w, &sw, path);
	assert_int_equal(store_refresh(&w), STORE_OK);
	append(&w, "last", "a\"b,c\r\nd", "");
	assert_int_equal(store_refresh(&r), STORE_OK);
	assert_string_equal(sw.rows.s, sr.rows.s);
	close_store(&r, &sr);
	close_store(&w, &sw);
	rm_rf(dir);
	free(dir);
}

/*
 * Modes by file (SECURITY.md), whatever the umask: the staff side's own
 * records 0600 (appended or replaced, with their locks), applications.csv
 * 0660 for the public program's group, the rest 0640.
 */
static int
keep_rows(void *ctx, struct store_rows *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

/* A file of an older header (the first columns of today's) is read with
   the newer columns empty, never appended to, and written back whole by
   an update; a header shorter than the oldest allowed is refused. */
static void
older_header(void **state)
{
	char *dir = tmpdir_new(), path[300], *text;
	struct store st;
	struct seen sn;
	const char *row[3] = { "3", "c", "9" };
	size_t len;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/old.csv", dir);
	{
		static const char old[] = "\"id\",\"text\"\n\"1\",\"a\"\n\"2\",\"b\"\n";

		write_file(path, old, sizeof(old) - 1);
	}
	open_store(&st, &sn, path);
	assert_int_equal(store_refresh(&st), STORE_EHEADER);	/* min_cols 0 */
	close_store(&st, &sn);
	open_store(&st, &sn, path);
	st.min_cols = 2;
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_string_equal(sn.rows.s, "1|a|\n2|b|\n");
	assert_int_equal(store_lock(&st), STORE_OK);
	assert_int_equal(store_append(&st, row), STORE_EHEADER);
	store_unlock(&st);
	close_store(&st, &sn);
	/* An update writes today's header; the file reads as new. */
	assert_int_equal(store_update_min(path, hdr, 3, 2, keep_rows, NULL), STORE_OK);
	text = read_file(path, &len);
	assert_string_equal(text, "\"id\",\"text\",\"n\"\n\"1\",\"a\",\"\"\n\"2\",\"b\",\"\"\n");
	free(text);
	open_store(&st, &sn, path);
	assert_int_equal(store_refresh(&st), STORE_OK);
	append(&st, "3", "c", "9");
	assert_int_equal(store_refresh(&st), STORE_OK);
	assert_string_equal(sn.rows.s, "1|a|\n2|b|\n3|c|9\n");
	close_store(&st, &sn);
	/* Too old: a header of one column. */
	{
		static const char older[] = "\"id\"\n\"1\"\n";

		write_file(path, older, sizeof(older) - 1);
	}
	open_store(&st, &sn, path);
	st.min_cols = 2;
	assert_int_equal(store_refresh(&st), STORE_EHEADER);
	close_store(&st, &sn);
	assert_int_equal(store_update_min(path, hdr, 3, 2, keep_rows, NULL),
	    STORE_EHEADER);
	rm_rf(dir);
	free(dir);
}

static mode_t
mode_of(const char *dir, const char *name)
{
	char path[300];
	struct stat st;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void
file_modes(void **state)
{
	static const char *const names[] = {
		"staff.csv", "sessions.csv", "audit.csv", "applications.csv",
		"events.csv", "documents.csv", "outbox.csv", "mail.csv",
		"mail-failing.csv", "codes.csv",
	};
	static const mode_t want[] = { 0600, 0600, 0600, 0660, 0640, 0640,
		0660, 0600, 0600, 0640 };
	const char *head[3] = { "a", "b", "c" }, *cells[3] = { "1", "2", "3" };
	char *dir = tmpdir_new(), path[300];
	mode_t old = umask(0);
	struct store st;
	struct seen sn;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		open_store(&st, &sn, path);
		append(&st, "1", "2", "3");
		close_store(&st, &sn);
		assert_int_equal(mode_of(dir, names[i]), want[i]);
	}
	/* Replaced through a temporary file and a lock: the same modes. */
	(void)umask(022);
	(void)snprintf(path, sizeof(path), "%s/staff.csv", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_replace(path, head, 3, cells, 1), STORE_OK);
	assert_int_equal(mode_of(dir, "staff.csv"), 0600);
	assert_int_equal(mode_of(dir, "staff.csv.lock"), 0600);
	(void)snprintf(path, sizeof(path), "%s/applications.csv", dir);
	assert_int_equal(store_replace(path, head, 3, cells, 1), STORE_OK);
	assert_int_equal(mode_of(dir, "applications.csv"), 0660);
	(void)snprintf(path, sizeof(path), "%s/x-2026.csv", dir);
	assert_int_equal(store_replace(path, head, 3, cells, 1), STORE_OK);
	assert_int_equal(mode_of(dir, "x-2026.csv"), 0640);
	(void)umask(old);
	rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip),
		cmocka_unit_test(skipped_columns_and_long_rows),
		cmocka_unit_test(read_row_at_offsets),
		cmocka_unit_test(torn_tail_every_cut),
		cmocka_unit_test(incremental_every_chunk),
		cmocka_unit_test(bad_header_and_columns),
		cmocka_unit_test(missing_file_is_empty_and_header_written),
		cmocka_unit_test(replace_is_atomic_and_readers_start_over),
		cmocka_unit_test(concurrent_appends),
		cmocka_unit_test(group_commit),
		cmocka_unit_test(update_concurrent_writers),
		cmocka_unit_test(update_refusals),
		cmocka_unit_test(file_modes),
		cmocka_unit_test(older_header),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
