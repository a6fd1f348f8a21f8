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

#include "ogi/buf.h"

enum cgi_method { CGI_GET, CGI_HEAD, CGI_POST, CGI_OTHER };

struct cgi_req {
	enum cgi_method	 method;
	char		*path;		/* PATH_INFO, else SCRIPT_NAME */
	char		*query;		/* QUERY_STRING, "" if none */
	char		*content_type;
	char		*content_length; /* NULL when not given */
	char		*cookie;
	char		*host;		/* HTTP_HOST, for absolute links */
	char		*port;		/* SERVER_PORT */
	char		*remote;	/* REMOTE_ADDR: for rate limits, never logged */
	int		 https;
	void		*io;		/* private */
};

struct cgi_resp {
	int		 status;
	const char	*content_type;	/* default text/html; charset=utf-8 */
	int		 no_store;	/* Cache-Control: no-store */
	struct buf	 headers;	/* extra header lines, each "\r\n"-ended */
	struct buf	 body;
};

/* Read a urlencoded body of at most limit bytes.  Returns 0, or the HTTP
   status to refuse with (411, 413, 415, 400) before reading anything
   more. */
int	cgi_read_body(struct cgi_req *, size_t limit, char **body, size_t *len);

typedef void (*cgi_handler)(struct cgi_req *, struct cgi_resp *, void *arg);

/* Returns the process exit status. */
int	cgi_serve(cgi_handler, void *arg);

#endif
