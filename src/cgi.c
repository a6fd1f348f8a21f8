/*
 * cgi: the FastCGI/CGI request loop over fcgiapp.h (never fcgi_stdio.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "ogi/buf.h"
#include "ogi/cgi.h"
#include "ogi/html.h"

struct io {
	FCGX_Request	*fcgi;		/* NULL under plain CGI */
};

static char *
param(struct io *io, const char *name)
{
	const char *v;

	v = io->fcgi != NULL ? FCGX_GetParam(name, io->fcgi->envp) :
	    getenv(name);
	/* Copy: libfcgi's strings die at the next accept. */
	return v != NULL ? xstrdup(v) : NULL;
}

static void
req_load(struct cgi_req *r, struct io *io)
{
	char *m, *v;

	memset(r, 0, sizeof(*r));
	r->io = io;
	m = param(io, "REQUEST_METHOD");
	if (m == NULL || strcmp(m, "GET") == 0)
		r->method = CGI_GET;
	else if (strcmp(m, "HEAD") == 0)
		r->method = CGI_HEAD;
	else if (strcmp(m, "POST") == 0)
		r->method = CGI_POST;
	else
		r->method = CGI_OTHER;
	free(m);
	/* The path is SCRIPT_NAME followed by PATH_INFO, however the
	   server splits it: nginx gives it all as PATH_INFO, lighttpd and
	   Apache put the prefix a program is mounted on in SCRIPT_NAME. */
	{
		char *sn = param(io, "SCRIPT_NAME"), *pi = param(io, "PATH_INFO");
		struct buf p;

		buf_init(&p);
		buf_adds(&p, sn != NULL ? sn : "");
		buf_adds(&p, pi != NULL ? pi : "");
		if (p.len == 0)
			buf_addc(&p, '/');
		r->path = buf_detach(&p);
		free(sn);
		free(pi);
	}
	r->query = param(io, "QUERY_STRING");
	if (r->query == NULL)
		r->query = xstrdup("");
	r->content_type = param(io, "CONTENT_TYPE");
	r->content_length = param(io, "CONTENT_LENGTH");
	r->cookie = param(io, "HTTP_COOKIE");
	r->host = param(io, "HTTP_HOST");
	r->port = param(io, "SERVER_PORT");
	r->remote = param(io, "REMOTE_ADDR");
	v = param(io, "HTTPS");
	r->https = v != NULL && (strcmp(v, "on") == 0 || strcmp(v, "1") == 0);
	free(v);
}

static void
req_free(struct cgi_req *r)
{
	free(r->path);
	free(r->query);
	free(r->content_type);
	free(r->content_length);
	free(r->cookie);
	free(r->host);
	free(r->port);
	free(r->remote);
}

static int
read_in(struct io *io, char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;
	int k;

	while (got < n) {
		if (io->fcgi != NULL) {
			k = FCGX_GetStr(p + got, (int)(n - got), io->fcgi->in);
			if (k <= 0)
				return -1;
			got += (size_t)k;
		} else {
			r = read(STDIN_FILENO, p + got, n - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return -1;
			got += (size_t)r;
		}
	}
	return 0;
}

/*
 * A body refused for its size is not read, but under FastCGI what the
 * server already holds is taken off the connection (up to 256 KB; servers
 * stop larger ones themselves), or lighttpd reports the early close as 500.
 */
static void
drain(struct io *io, size_t n)
{
	char sink[4096];
	int k;

	if (io->fcgi == NULL)
		return;
	if (n > 256 * 1024)
		n = 256 * 1024;
	while (n > 0 && (k = FCGX_GetStr(sink, (int)(n < sizeof(sink) ?
	    n : sizeof(sink)), io->fcgi->in)) > 0)
		n -= (size_t)k;
}

int
cgi_read_body(struct cgi_req *r, size_t limit, char **body, size_t *len)
{
	const char *ct = r->content_type;
	unsigned long long n;
	char *end;
	size_t tl;

	*body = NULL;
	*len = 0;
	tl = strlen("application/x-www-form-urlencoded");
	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", tl) != 0 ||
	    (ct[tl] != '\0' && ct[tl] != ';' && ct[tl] != ' '))
		return 415;
	if (r->content_length == NULL || r->content_length[0] == '\0')
		return 411;
	errno = 0;
	n = strtoull(r->content_length, &end, 10);
	if (*end != '\0' || errno != 0 || r->content_length[0] == '-')
		return 400;
	if (n > limit) {
		drain(r->io, (size_t)n);
		return 413;
	}
	*body = xmalloc((size_t)n + 1);
	if (read_in(r->io, *body, (size_t)n) == -1) {
		free(*body);
		*body = NULL;
		return 400;
	}
	(*body)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

static void
out(struct io *io, const char *p, size_t n)
{
	if (io->fcgi != NULL)
		(void)FCGX_PutStr(p, (int)n, io->fcgi->out);
	else
		(void)!fwrite(p, 1, n, stdout);
}

static void
respond(struct cgi_req *r, struct cgi_resp *resp)
{
	struct buf h;

	buf_init(&h);
	buf_printf(&h, "Status: %d %s\r\n", resp->status,
	    html_status_text(resp->status));
	buf_printf(&h, "Content-Type: %s\r\n", resp->content_type != NULL ?
	    resp->content_type : "text/html; charset=utf-8");
	buf_printf(&h, "Content-Length: %zu\r\n", resp->body.len);
	buf_adds(&h, resp->no_store ? "Cache-Control: no-store\r\n" :
	    "Cache-Control: no-cache\r\n");
	buf_adds(&h, "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Content-Security-Policy: default-src 'none'; style-src 'self'; "
	    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'\r\n");
	buf_add(&h, resp->headers.s, resp->headers.len);
	buf_adds(&h, "\r\n");
	out(r->io, h.s, h.len);
	if (r->method != CGI_HEAD)
		out(r->io, resp->body.s, resp->body.len);
	if (((struct io *)r->io)->fcgi == NULL)
		(void)fflush(stdout);
	buf_free(&h);
}

static void
handle(struct io *io, cgi_handler fn, void *arg)
{
	struct cgi_req r;
	struct cgi_resp resp;

	req_load(&r, io);
	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	buf_init(&resp.headers);
	buf_init(&resp.body);
	fn(&r, &resp, arg);
	respond(&r, &resp);
	buf_free(&resp.headers);
	buf_free(&resp.body);
	req_free(&r);
}

static void
on_term(int sig)
{
	(void)sig;
	FCGX_ShutdownPending();
}

int
cgi_serve(cgi_handler fn, void *arg)
{
	struct sigaction sa;
	FCGX_Request req;
	struct io io;

	if (FCGX_IsCGI()) {
		io.fcgi = NULL;
		handle(&io, fn, arg);
		return 0;
	}
	/* No SA_RESTART: a blocked accept() returns and the loop ends. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	io.fcgi = &req;
	while (FCGX_Accept_r(&req) >= 0) {
		handle(&io, fn, arg);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	return 0;
}
