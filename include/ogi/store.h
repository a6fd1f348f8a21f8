/*
 * store: CSV record files over libcsv.
 *
 * A file is a header row and data rows of a fixed column count (RFC 4180,
 * UTF-8, '\n' line ends, every field quoted on write).  Readers keep their
 * place: store_refresh() parses only the bytes appended since the last call
 * and hands each complete row to the callback.  A row is complete when its
 * terminating newline is on disk; anything after the last complete row is a
 * torn write (a crash mid-append) and is never handed out.
 *
 * Writers take an exclusive lock (store_lock), which also catches up on rows
 * appended by other processes and cuts off a torn tail (the cut bytes are
 * kept in PATH.torn), append whole rows with fdatasync (store_append), and
 * unlock.  Files that are rewritten rather than appended are replaced
 * atomically (store_replace), and changed with store_update: the lock, a
 * fresh read, the change and the write in one.
 */
#ifndef OGI_STORE_H
#define OGI_STORE_H

#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum store_err {
	STORE_OK = 0,
	STORE_EIO,		/* open, read, lock or sync failed */
	STORE_ENOSPC,		/* disk full or quota: nothing was written */
	STORE_ECORRUPT,		/* a complete row does not parse or has the
				   wrong column count: refuse to append */
	STORE_EHEADER,		/* the header row is not the expected one */
	STORE_EFIELD,		/* a field to write holds a NUL byte */
	STORE_ECALLBACK		/* the row callback refused a row */
};

/* Return 0 to go on, non-zero to stop with STORE_ECALLBACK. */
typedef int	(*store_row_fn)(void *ctx, char *const *fields, size_t n);
typedef void	(*store_reset_fn)(void *ctx);

struct store {
	char			*path;
	const char *const	*header;
	size_t			 ncols;
	store_row_fn		 row;
	store_reset_fn		 reset;	/* the file was replaced: forget rows */
	void			*ctx;
	off_t			 pos;	/* end of the last complete row read */
	dev_t			 dev;
	ino_t			 ino;
	size_t			 nrows;	/* data rows handed out */
	int			 fd;	/* open while locked, else -1 */
	int			 rfd;	/* kept open for reading, or -1 */
	time_t			 rseen;	/* when the path was last looked at */
	int			 append_only;	/* never replaced in normal use:
					   its path looked at once a second,
					   else the open file (set by the
					   owner after store_init) */
	off_t			 lineno; /* for messages: rows read incl. header */
	off_t			 row_off; /* in the row callback: where it starts */
	int			 header_seen;
	size_t			 min_cols; /* an older header, its first min_cols
					   names or more, is read too: its rows
					   get "" for the newer columns (set by
					   the owner; 0: ncols only) */
	size_t			 file_cols; /* the columns of the file's header
					   as read (0 until read) */
	uint64_t		 skip;	/* bit i: column i is not read by the
					   row callback, which gets "" for it
					   when the file is parsed (saves the
					   copy; set by the owner) */
};

/* The widest file (applications.csv has 28 columns): a program error
   beyond it, caught by store_init. */
#define STORE_MAX_COLS	64

void		 store_init(struct store *, const char *path,
		    const char *const *header, size_t ncols,
		    store_row_fn, store_reset_fn, void *ctx);
void		 store_free(struct store *);
/* Read what was appended since the last call (a missing file is empty). */
enum store_err	 store_refresh(struct store *);
/* Read the file from the top again at the next refresh (no reset call). */
void		 store_rewind(struct store *);
enum store_err	 store_lock(struct store *);
enum store_err	 store_append(struct store *, const char *const *fields);
/* nrows rows of ncols cells (row-major) in one write and one sync: all
   of them or, on failure, none. */
enum store_err	 store_append_many(struct store *, const char *const *cells,
		    size_t nrows);
/* While locked: the file's size, and cutting it back (undoing an append
   whose companion in another file failed). */
off_t		 store_size(const struct store *);
enum store_err	 store_truncate(struct store *, off_t);
void		 store_unlock(struct store *);
/* Group commit (threaded servers): with on, appends are written but not
   synced; store_sync_mine (outside any store lock) returns once the
   calling thread's appends are on disk.  store_sync_pending: has it any. */
void		 store_defer_syncs(int on);
int		 store_sync_pending(void);
enum store_err	 store_sync_mine(void);
/* Parse the one row of the store's file that starts at byte off (from
   row_off) and hand it to fn (every column: skip does not apply);
   STORE_ECORRUPT if there is no complete row there. */
enum store_err	 store_read_row(const struct store *, off_t off,
		    store_row_fn fn, void *ctx);
/*
 * Reference data (the CSV files of data/): DIR/NAME read whole through
 * fn, once.  0, or -1 with *why "DIR/NAME:LINE: reason" — the reason the callback wrote
 * into bad (cleared first) when it refused a row, else the store's.  *why
 * stays good until the thread's next call.
 */
int		 store_load(const char *dir, const char *name,
		    const char *const *header, size_t ncols, store_row_fn,
		    void *ctx, char *bad, const char **why);
/* Replace PATH with a header and nrows rows of ncols cells (row-major),
   under PATH.lock. */
enum store_err	 store_replace(const char *path, const char *const *header,
		    size_t ncols, const char *const *cells, size_t nrows);

/*
 * Read-modify-write of a rewritten file (staff.csv, the annual year files)
 * under one lock.  store_update takes PATH.lock (the lock store_replace
 * takes; it is never removed, so it outlives every rename), reads PATH
 * afresh and strictly (a missing or empty file has no rows; a wrong header,
 * a bad row or a half row is an error and nothing is changed), hands the
 * rows to fn, and when fn returns 0 writes them back atomically as
 * store_replace does; then it lets go of the lock.  A non-zero return from
 * fn leaves the file as it was and makes store_update return
 * STORE_ECALLBACK (fn says why through its ctx).
 *
 * Every change of such a file goes through it: a change made to a copy
 * read before the lock was taken silently undoes whatever another writer
 * saved between that read and the write.  Checks that decide whether the
 * change is allowed at all ("is this year published?") belong in fn too,
 * where they see the file as it will be written over.
 *
 * fn may append to other files (the audit row of the change, say) but must
 * not take PATH's lock again: store_replace or store_update of the same
 * path from fn never returns.  Processes and threads exclude each other
 * (one open lock file each).  The rows are freed, wiped, after the write.
 */
struct store_rows {
	size_t	 ncols, nrows;
	char	**cell;		/* nrows * ncols, row-major; change them only
				   through the functions below */
};
typedef int	(*store_update_fn)(void *ctx, struct store_rows *);
enum store_err	 store_update(const char *path, const char *const *header,
		    size_t ncols, store_update_fn fn, void *ctx);
/* The same for a file whose older header had only the first min_cols
   columns: such a file is read (the newer columns ""), and written back
   with the whole header. */
enum store_err	 store_update_min(const char *path, const char *const *header,
		    size_t ncols, size_t min_cols, store_update_fn fn, void *ctx);
const char	*store_rows_get(const struct store_rows *, size_t row,
		    size_t col);
/* The old value is wiped before it is freed. */
void		 store_rows_set(struct store_rows *, size_t row, size_t col,
		    const char *);
/* A new last row of empty cells; its index. */
size_t		 store_rows_add(struct store_rows *);
void		 store_rows_del(struct store_rows *, size_t row);
/* The first row whose column col is v, or -1. */
long		 store_rows_find(const struct store_rows *, size_t col,
		    const char *v);

/* While locked: have the file synced as an append would have it (deferred
   under group commit) although nothing was written, so that an answer
   that wrote nothing takes as long as one that did. */
enum store_err	 store_touch(struct store *);
const char	*store_strerror(enum store_err);
struct buf;
/* One row as the store writes it: every field quoted, '\n' at the end. */
void		 store_format_row(struct buf *, const char *const *fields, size_t n);

#endif
