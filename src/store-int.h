/* store: what its two files share (not part of the API). */
#ifndef OGI_STORE_INT_H
#define OGI_STORE_INT_H

#include <sys/types.h>

#include "ogi/store.h"

/* Write all n bytes (EINTR retried): STORE_OK, STORE_ENOSPC or STORE_EIO. */
enum store_err	 store_write_all(int fd, const char *, size_t n);
/* errno after a failed sync or write, as a store_err. */
enum store_err	 store_sync_err(void);

/*
 * A record file's mode, and its lock's, by its name (SECURITY.md): the
 * staff side's own files 0600, applications.csv 0660 (the public program
 * appends to it as a member of the group), every other 0640 (the public
 * program reads them).  store_create opens PATH for appending, making it
 * with that mode whatever the umask.
 */
mode_t		 store_mode(const char *path);
int		 store_create(const char *path, int flags);

#define CHUNK	65536	/* bytes read at a time */

/* Parse fd's bytes from s->pos to size into s's callback; *tail is what
   is left of an unfinished last row. */
enum store_err	 parse_fd(struct store *, int fd, off_t size, off_t *tail,
		    size_t block);
/* store_init's setup without a path (a one-off parse). */
void		 store_set(struct store *, const char *const *header,
		    size_t ncols, store_row_fn, void (*reset)(void *), void *ctx);

#endif
