/*
 * multipart: a multipart/form-data body (RFC 7578, RFC 2046 §5.1) read as
 * it streams in.  The reader holds one part's headers (at most
 * MP_HEADER_MAX bytes) and a boundary's worth of look-behind, never a
 * part's content: that goes to the callbacks in pieces as it arrives.
 * Feed it the body in chunks of any size (a boundary split at any byte is
 * found), then call mp_finish.
 */
#ifndef OGI_MULTIPART_H
#define OGI_MULTIPART_H

#include <stddef.h>

#define MP_BOUNDARY_MAX	70	/* RFC 2046 */
#define MP_HEADER_MAX	8192	/* one part's header block */
#define MP_NAME_MAX	128
#define MP_FILENAME_MAX	512
#define MP_TYPE_MAX	128

struct mp_part {
	char	name[MP_NAME_MAX];	/* Content-Disposition's name */
	char	filename[MP_FILENAME_MAX]; /* its filename as sent ("" if none) */
	int	has_filename;		/* a filename parameter was present */
	char	type[MP_TYPE_MAX];	/* Content-Type as sent, "" if none */
};

/* Each returns 0 to go on; anything else stops the reader (MP_ESTOPPED).
   data comes only between a part's begin and its end, with n > 0, in
   pieces of any size; a part with no content has begin then end.  When
   the body is cut short or refused, a begun part may never see its end.
   The choices left open by the RFCs (padding, escapes, filename*,
   folding) are listed at the top of src/multipart.c. */
struct mp_callbacks {
	int	(*begin)(void *ctx, const struct mp_part *);
	int	(*data)(void *ctx, const char *p, size_t n);
	int	(*end)(void *ctx);
};

enum mp_err {
	MP_OK = 0,
	MP_ESYNTAX,	/* not multipart as the RFC has it */
	MP_EHEADER,	/* a part's headers over MP_HEADER_MAX, or one without
			   form-data Content-Disposition and a name; NUL in a
			   name or filename */
	MP_ENESTED,	/* a part that is itself multipart/mixed (RFC 7578 §4.3
			   deprecates it): refused */
	MP_ESTOPPED,	/* a callback returned non-zero */
	MP_ETRUNCATED,	/* mp_finish before the final boundary */
};

struct mp_reader;

/* The boundary parameter of a Content-Type "multipart/form-data;
   boundary=..." (quoted or not): 0 and out filled, or -1 if it is not
   multipart/form-data or has no valid boundary (1-70 chars). */
int	mp_boundary(const char *content_type, char out[MP_BOUNDARY_MAX + 1]);

/* A reader for the body with that boundary (as mp_boundary gives it):
   NULL if the boundary is not valid or memory is short.  Any of the
   callbacks may be NULL; the struct is copied. */
struct mp_reader *mp_new(const char *boundary, const struct mp_callbacks *,
	    void *ctx);
/* Feed n bytes.  After an error every later call returns it again. */
enum mp_err mp_feed(struct mp_reader *, const char *p, size_t n);
/* The body has ended: MP_OK if the final boundary was seen. */
enum mp_err mp_finish(struct mp_reader *);
void	mp_free(struct mp_reader *);
const char *mp_strerror(enum mp_err);

#endif
