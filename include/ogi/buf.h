/*
 * buf: a growable byte buffer, always NUL-terminated.
 * Allocation failure aborts: a request that cannot get memory cannot be
 * answered sensibly, and the process manager restarts the program.
 */
#ifndef OGI_BUF_H
#define OGI_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*s;	/* NUL-terminated contents (never NULL after buf_init) */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
/* Make room for n more bytes (and the NUL) without changing len. */
void	 buf_reserve(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*buf_detach(struct buf *);

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif
