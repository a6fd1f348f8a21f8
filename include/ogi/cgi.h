/*
 * cgi: one request and its response, under FastCGI or plain CGI.
 *
 * A program calls cgi_serve() with its handler.  Under FastCGI (fd 0 is a
 * listening socket) it loops until SIGTERM, finishing the request in hand
 * first; under CGI it serves the one request in its environment.
 * The handler renders the whole body into resp->body; cgi_serve then sends
 * the status, headers and (except for HEAD) the body.
 */
#ifndef OGI_CGI_H
#define OGI_CGI_H

#include <stddef.h>
#include <sys/types.h>

#include "ogi/buf.h"

enum cgi_method { CGI_GET, CGI_HEAD, CGI_POST, CGI_OTHER };

/* The strings are the server's, good until the response is sent. */
struct cgi_req {
	enum cgi_method	 method;
	const char	*path;		/* PATH_INFO, else SCRIPT_NAME */
	const char	*query;		/* QUERY_STRING, "" if none */
	const char	*content_type;
	const char	*content_length; /* NULL when not given */
	const char	*cookie;
	int		 gzip;		/* Accept-Encoding allows gzip */
	const char	*host;		/* HTTP_HOST, for absolute links */
	const char	*port;		/* SERVER_PORT */
	const char	*remote;	/* REMOTE_ADDR: for rate limits, never logged */
	int		 https;
	void		*io;		/* private */
};

struct cgi_resp {
	int		 status;
	const char	*content_type;	/* default text/html; charset=utf-8 */
	int		 no_store;	/* Cache-Control: no-store */
	struct buf	 headers;	/* extra header lines, each "\r\n"-ended */
	struct buf	 body;
	const struct buf *shared;	/* instead of body: a kept page's */
	int		 gzipped;	/* shared is gzip-compressed */
	int		 mapped;	/* shared is a kept file, mapped for this
					   answer alone (sent after the lock) */
};

/*
 * An extra header line of the response, "Name: value": the name and the
 * format are literals (a variable does not compile), the values are put in
 * as printf does.  A value holding CR or LF is refused: nothing is added
 * and it returns -1.
 */
#define cgi_header(resp, name, ...) \
	cgi_header_((resp), "" name "", "" __VA_ARGS__)
int	cgi_header_(struct cgi_resp *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * What a program's page table says of a page: its path, matched exactly
 * or as a prefix, and the methods it answers.  GET goes with HEAD.
 */
#define CGI_ALLOW_GET	((1u << CGI_GET) | (1u << CGI_HEAD))
#define CGI_ALLOW_POST	(1u << CGI_POST)

struct cgi_page {
	const char	*path;
	int		 prefix;	/* path is a prefix of the page's */
	unsigned	 methods;	/* CGI_ALLOW_GET | CGI_ALLOW_POST */
};

/* A program's page table: n entries of size bytes, each beginning with a
   struct cgi_page.  The first entry path names, or NULL; *rest is what
   follows a prefix ("" otherwise). */
const void *cgi_route(const void *table, size_t n, size_t size,
	    const char *path, const char **rest);
/* Is the request's method among allow? */
int	cgi_method_ok(const struct cgi_req *, unsigned allow);
/* The Allow: header of a 405 answer. */
void	cgi_allow_header(struct cgi_resp *, unsigned allow);

/* Read a urlencoded body of at most limit bytes.  Returns 0, or the HTTP
   status to refuse with (411, 413, 415, 400) before reading anything
   more. */
int	cgi_read_body(struct cgi_req *, size_t limit, char **body, size_t *len);

/* For bodies read as they stream (multipart/form-data): CONTENT_LENGTH,
   or -1 if absent or malformed; up to n bytes of the body (0 at its end,
   -1 on error); what the server holds of a refused body taken off the
   connection (see cgi_read_body). */
long long cgi_body_length(const struct cgi_req *);
ssize_t	cgi_read_some(struct cgi_req *, char *, size_t n);
void	cgi_drain(struct cgi_req *, size_t n);

typedef void (*cgi_handler)(struct cgi_req *, struct cgi_resp *, void *arg);

/*
 * Responses kept for pages that every reader sees alike (the register,
 * the annual tables): a page is served from here while the stamp it was
 * made under — the records' generation, the day, whatever else it
 * depends on — is unchanged.  Keyed by host, path and query.  Each is
 * also kept gzip-compressed, for the browsers that accept it (all of
 * them): a 30 KB register page goes out as 4 KB.
 */
#define CGI_STAMP 4
#define CGI_CACHE_SLOTS 64
#define CGI_CACHE_MAX_BODY (512 * 1024)	/* bigger pages are kept in files */

struct cgi_cached {
	char			*key;
	size_t			 keylen;
	unsigned long long	 stamp[CGI_STAMP];
	unsigned long		 used;
	int			 status;
	const char		*content_type;	/* a literal */
	int			 no_store;
	struct buf		 headers, body;
	struct buf		 gz;		/* body, gzip-compressed */
	char			*file, *gzfile;	/* a big page: kept in files */
};

struct cgi_cache {
	struct cgi_cached	 e[CGI_CACHE_SLOTS];
	unsigned long		 tick;
	char			*dir;		/* for the big pages, or NULL */
};

/* Keep pages over CGI_CACHE_MAX_BODY (a register's CSV of every case) as
   files in dir, mapped for each answer, instead of making them again for
   every reader.  Without a directory they are not kept. */
void	cgi_cache_set_dir(struct cgi_cache *, const char *dir);
void	cgi_cache_free(struct cgi_cache *);
/* 1 if a response made under stamp is kept: resp then refers to it. */
int	cgi_cache_get(struct cgi_cache *, const struct cgi_req *,
	    const unsigned long long stamp[CGI_STAMP], struct cgi_resp *);
/* Keep resp (made under stamp) for the next readers of the same page;
   resp then refers to the kept page, as after cgi_cache_get. */
void	cgi_cache_put(struct cgi_cache *, const struct cgi_req *,
	    const unsigned long long stamp[CGI_STAMP], struct cgi_resp *);

/* Returns the process exit status. */
int	cgi_serve(cgi_handler, void *arg);

/*
 * Run fn(arg) without the program's lock, which every handler holds: for
 * work that touches nothing shared (a password's Argon2id check on a copy
 * of its hash), so that the other requests go on meanwhile.  The handler
 * must take nothing it read under the lock for still valid afterwards.
 */
void	 cgi_unlocked(void (*fn)(void *), void *arg);

#endif
