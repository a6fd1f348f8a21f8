#include <fcntl.h>
#include <sys/stat.h>
#include <sys/mman.h>
/*
 * cgi: the FastCGI/CGI request loop over fcgiapp.h (never fcgi_stdio.h).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sys/socket.h>

#include <pthread.h>

#include <fcgiapp.h>
#include <fastcgi.h>
#include <zlib.h>

#include "ogi/buf.h"
#include "ogi/cgi.h"
#include "ogi/store.h"
#include "ogi/html.h"

struct io {
	FCGX_Request	*fcgi;		/* NULL under plain CGI */
};

/* The variables a request is made of, found in one pass over them. */
enum { V_METHOD, V_SCRIPT, V_PATH_INFO, V_QUERY, V_CTYPE, V_CLEN, V_COOKIE,
    V_AE, V_HOST, V_PORT, V_REMOTE, V_HTTPS, V__MAX };
static const char *const var_names[V__MAX] = { "REQUEST_METHOD",
    "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE",
    "CONTENT_LENGTH", "HTTP_COOKIE", "HTTP_ACCEPT_ENCODING", "HTTP_HOST",
    "SERVER_PORT", "REMOTE_ADDR", "HTTPS" };

/* Each thread's buffers, kept from one request to the next so that a page
   is built without growing them again; freed when the thread ends. */
static __thread struct buf t_path, t_h, t_headers, t_body;

static void
thread_bufs_free(void)
{
	buf_free(&t_path);
	buf_free(&t_h);
	buf_free(&t_headers);
	buf_free(&t_body);
}

static void
vars_of(struct io *io, const char *vars[V__MAX])
{
	extern char **environ;
	char **env = io->fcgi != NULL ? io->fcgi->envp : environ;
	static size_t len[V__MAX];
	const char *e, *eq;
	size_t i, n;

	if (len[0] == 0)
		for (i = 0; i < V__MAX; i++)
			len[i] = strlen(var_names[i]);
	memset(vars, 0, V__MAX * sizeof(*vars));
	for (; env != NULL && *env != NULL; env++) {
		e = *env;
		if ((eq = strchr(e, '=')) == NULL)
			continue;
		n = (size_t)(eq - e);
		for (i = 0; i < V__MAX; i++)
			if (len[i] == n && var_names[i][0] == e[0] &&
			    memcmp(var_names[i], e, n) == 0) {
				if (vars[i] == NULL)	/* the first counts */
					vars[i] = eq + 1;
				break;
			}
	}
}

/* "gzip" among the codings of an Accept-Encoding, and not with q=0. */
static int
accepts_gzip(const char *v)
{
	const char *p = v, *end, *semi;
	size_t n;

	while (*p != '\0') {
		p += strspn(p, " \t,");
		end = p + strcspn(p, ",");
		semi = memchr(p, ';', (size_t)(end - p));
		n = (size_t)((semi != NULL ? semi : end) - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 4 && strncasecmp(p, "gzip", 4) == 0) {
			if (semi == NULL)
				return 1;
			semi += strspn(semi + 1, " \t") + 1;
			/* q=0, q=0.0, q=0.000: refused */
			if (strncasecmp(semi, "q=", 2) != 0)
				return 1;
			semi += 2;
			if (*semi != '0')
				return 1;
			for (semi++; *semi == '.' || *semi == '0'; semi++)
				;
			return *semi != '\0' && *semi != ',' && *semi != ' ' &&
			    *semi != ';' && *semi >= '1' && *semi <= '9';
		}
		p = end;
	}
	return 0;
}

static void
req_load(struct cgi_req *r, struct io *io)
{
	const char *v[V__MAX], *m;

	memset(r, 0, sizeof(*r));
	r->io = io;
	vars_of(io, v);
	m = v[V_METHOD];
	if (m == NULL || strcmp(m, "GET") == 0)
		r->method = CGI_GET;
	else if (strcmp(m, "HEAD") == 0)
		r->method = CGI_HEAD;
	else if (strcmp(m, "POST") == 0)
		r->method = CGI_POST;
	else
		r->method = CGI_OTHER;
	/* The path is SCRIPT_NAME followed by PATH_INFO, however the
	   server splits it: nginx gives it all as PATH_INFO, lighttpd and
	   Apache put the prefix a program is mounted on in SCRIPT_NAME. */
	buf_reset(&t_path);
	buf_adds(&t_path, v[V_SCRIPT] != NULL ? v[V_SCRIPT] : "");
	buf_adds(&t_path, v[V_PATH_INFO] != NULL ? v[V_PATH_INFO] : "");
	if (t_path.len == 0)
		buf_addc(&t_path, '/');
	r->path = t_path.s;
	/* The server's strings: good until the response is sent. */
	r->query = v[V_QUERY] != NULL ? v[V_QUERY] : "";
	r->content_type = v[V_CTYPE];
	r->content_length = v[V_CLEN];
	r->cookie = v[V_COOKIE];
	r->gzip = v[V_AE] != NULL && accepts_gzip(v[V_AE]);
	r->host = v[V_HOST];
	r->port = v[V_PORT];
	r->remote = v[V_REMOTE];
	r->https = v[V_HTTPS] != NULL && (strcmp(v[V_HTTPS], "on") == 0 ||
	    strcmp(v[V_HTTPS], "1") == 0);
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

long long
cgi_body_length(const struct cgi_req *r)
{
	unsigned long long n;
	char *end;

	if (r->content_length == NULL || r->content_length[0] == '\0' ||
	    r->content_length[0] == '-')
		return -1;
	errno = 0;
	n = strtoull(r->content_length, &end, 10);
	if (*end != '\0' || errno != 0 || n > (1ULL << 40))
		return -1;
	return (long long)n;
}

ssize_t
cgi_read_some(struct cgi_req *r, char *p, size_t n)
{
	struct io *io = r->io;
	ssize_t k;
	int got;

	if (n > INT_MAX)
		n = INT_MAX;
	if (io->fcgi != NULL) {
		got = FCGX_GetStr(p, (int)n, io->fcgi->in);
		return got < 0 ? -1 : got;
	}
	do
		k = read(STDIN_FILENO, p, n);
	while (k < 0 && errno == EINTR);
	return k;
}

void
cgi_drain(struct cgi_req *r, size_t n)
{
	drain(r->io, n);
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

int
cgi_header_(struct cgi_resp *resp, const char *name, const char *fmt, ...)
{
	struct buf v;
	va_list ap;
	int rc = 0;

	buf_init(&v);
	va_start(ap, fmt);
	buf_vprintf(&v, fmt, ap);
	va_end(ap);
	if (strpbrk(v.s, "\r\n") != NULL || strlen(v.s) != v.len)
		rc = -1;
	else {
		buf_adds(&resp->headers, name);
		buf_adds(&resp->headers, ": ");
		buf_add(&resp->headers, v.s, v.len);
		buf_adds(&resp->headers, "\r\n");
	}
	buf_free(&v);
	return rc;
}

/* Does path name the page?  With prefix, *rest is what follows it. */
static int
path_is(const char *path, const char *page, int prefix, const char **rest)
{
	size_t n = strlen(page);

	if (!prefix)
		return strcmp(path, page) == 0;
	if (strncmp(path, page, n) != 0)
		return 0;
	*rest = path + n;
	return 1;
}

const void *
cgi_route(const void *table, size_t n, size_t size, const char *path,
    const char **rest)
{
	const struct cgi_page *p;
	size_t i;

	*rest = "";
	for (i = 0; i < n; i++) {
		p = (const void *)((const char *)table + i * size);
		if (path_is(path, p->path, p->prefix, rest))
			return p;
	}
	return NULL;
}

int
cgi_method_ok(const struct cgi_req *r, unsigned allow)
{
	return r->method != CGI_OTHER && (allow & (1u << r->method)) != 0;
}

void
cgi_allow_header(struct cgi_resp *resp, unsigned allow)
{
	/* Cannot fail: no CR or LF in these. */
	(void)cgi_header(resp, "Allow", "%s%s%s",
	    allow & (1u << CGI_GET) ? "GET, HEAD" : "",
	    (allow & CGI_ALLOW_GET) && (allow & CGI_ALLOW_POST) ? ", " : "",
	    allow & CGI_ALLOW_POST ? "POST" : "");
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
add_num(struct buf *b, unsigned long long v)
{
	char d[24];
	size_t n = sizeof(d);

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	buf_add(b, d + n, sizeof(d) - n);
}

static void
respond(struct cgi_req *r, struct cgi_resp *resp)
{
	struct buf *h = &t_h;
	const struct buf *body = resp->shared != NULL ? resp->shared : &resp->body;

	buf_reset(h);
	buf_adds(h, "Status: ");
	add_num(h, (unsigned)resp->status);
	buf_addc(h, ' ');
	buf_adds(h, html_status_text(resp->status));
	buf_adds(h, "\r\nContent-Type: ");
	buf_adds(h, resp->content_type != NULL ? resp->content_type :
	    "text/html; charset=utf-8");
	buf_adds(h, "\r\nContent-Length: ");
	add_num(h, body->len);
	buf_adds(h, "\r\n");
	if (resp->gzipped)
		buf_adds(h, "Content-Encoding: gzip\r\n");
	buf_adds(h, resp->no_store ? "Cache-Control: no-store\r\n" :
	    "Cache-Control: no-cache\r\n");
	buf_adds(h, "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "Content-Security-Policy: default-src 'none'; style-src 'self'; "
	    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'\r\n");
	buf_add(h, resp->headers.s, resp->headers.len);
	buf_adds(h, "\r\n");
	out(r->io, h->s, h->len);
	if (r->method != CGI_HEAD)
		out(r->io, body->s, body->len);
	if (((struct io *)r->io)->fcgi == NULL)
		(void)fflush(stdout);
}

static void
cache_key(struct buf *k, const struct cgi_req *r)
{
	buf_reset(k);
	buf_adds(k, r->https ? "1 " : "0 ");
	buf_adds(k, r->host ? r->host : "");
	buf_addc(k, ':');
	buf_adds(k, r->port ? r->port : "");
	buf_addc(k, ' ');
	buf_adds(k, r->path);
	buf_addc(k, '?');
	buf_adds(k, r->query);
}

static void
cached_clear(struct cgi_cached *e)
{
	/* A reader may still have it mapped: its mapping outlives the name. */
	if (e->file != NULL)
		(void)unlink(e->file);
	if (e->gzfile != NULL)
		(void)unlink(e->gzfile);
	free(e->file);
	free(e->gzfile);
	free(e->key);
	buf_free(&e->headers);
	buf_free(&e->body);
	buf_free(&e->gz);
	memset(e, 0, sizeof(*e));
}

void
cgi_cache_set_dir(struct cgi_cache *c, const char *dir)
{
	free(c->dir);
	c->dir = dir != NULL ? xstrdup(dir) : NULL;
	if (c->dir != NULL && mkdir(c->dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "ogi: %s: %s: big pages are not kept\n", c->dir,
		    strerror(errno));
		free(c->dir);
		c->dir = NULL;
	}
}

void
cgi_cache_free(struct cgi_cache *c)
{
	size_t i;

	for (i = 0; i < CGI_CACHE_SLOTS; i++)
		cached_clear(&c->e[i]);
	free(c->dir);
	c->dir = NULL;
}

/* A big page into a new file of the cache's directory: its name, or NULL. */
static char *
keep_file(const struct cgi_cache *c, const struct buf *b, const char *ext)
{
	struct buf path;
	ssize_t w;
	size_t off = 0;
	int fd;

	buf_init(&path);
	buf_printf(&path, "%s/page-%ld-%lu.%s", c->dir, (long)getpid(), c->tick, ext);
	fd = open(path.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	while (fd != -1 && off < b->len) {
		if ((w = write(fd, b->s + off, b->len - off)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (fd == -1 || off < b->len || close(fd) != 0) {
		if (fd != -1)
			(void)unlink(path.s);
		buf_free(&path);
		return NULL;
	}
	return buf_detach(&path);
}

/* This thread's mapping of a kept file, for the answer in hand. */
static __thread struct buf t_map;

static int
map_kept(const char *file, struct cgi_resp *resp)
{
	struct stat st;
	void *p;
	int fd;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_size == 0) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	t_map.s = p;
	t_map.len = (size_t)st.st_size;
	resp->shared = &t_map;
	resp->mapped = 1;
	return 0;
}

static void
unmap_kept(struct cgi_resp *resp)
{
	if (!resp->mapped)
		return;
	(void)munmap(t_map.s, t_map.len);
	memset(&t_map, 0, sizeof(t_map));
	resp->shared = NULL;
	resp->mapped = 0;
}

static int
req_gzip_ok(const struct cgi_req *r, const struct cgi_cached *e)
{
	return r->gzip && e->gz.len > 0;
}

/* b, gzip-compressed, into gz; nothing if it would not be smaller. */
static void
gzip_body(struct buf *gz, const struct buf *b)
{
	z_stream z;
	uLong bound;

	if (b->len < 256)
		return;
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip header and trailer. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	bound = deflateBound(&z, (uLong)b->len) + 32;
	buf_reserve(gz, (size_t)bound);
	z.next_in = (Bytef *)b->s;
	z.avail_in = (uInt)b->len;
	z.next_out = (Bytef *)gz->s;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < b->len)
		gz->len = (size_t)z.total_out;
	else
		gz->len = 0;
	gz->s[gz->len] = '\0';
	(void)deflateEnd(&z);
}

/* Answer r with the kept page e (its compressed copy if r takes gzip). */
static void
serve_kept(struct cgi_cache *c, struct cgi_cached *e, const struct cgi_req *r,
    struct cgi_resp *resp)
{
	e->used = ++c->tick;
	resp->status = e->status;
	resp->content_type = e->content_type;
	resp->no_store = e->no_store;
	buf_reset(&resp->headers);
	buf_add(&resp->headers, e->headers.s, e->headers.len);
	resp->shared = &e->body;
	resp->gzipped = 0;
	if (e->file != NULL) {
		resp->gzipped = r->gzip && e->gzfile != NULL;
		resp->shared = NULL;
		return;		/* mapped by cgi_cache_get */
	}
	if (req_gzip_ok(r, e)) {
		resp->shared = &e->gz;
		resp->gzipped = 1;
	}
}

int
cgi_cache_get(struct cgi_cache *c, const struct cgi_req *r,
    const unsigned long long stamp[CGI_STAMP], struct cgi_resp *resp)
{
	static struct buf k;		/* kept: no allocation per request */
	struct cgi_cached *e;
	size_t i;

	cache_key(&k, r);
	for (i = 0; i < CGI_CACHE_SLOTS; i++) {
		e = &c->e[i];
		if (e->key == NULL || e->keylen != k.len ||
		    memcmp(e->key, k.s, k.len) != 0)
			continue;
		if (memcmp(e->stamp, stamp, sizeof(e->stamp)) != 0)
			break;		/* made before a change: remade */
		serve_kept(c, e, r, resp);
		if (e->file != NULL && map_kept(resp->gzipped ? e->gzfile :
		    e->file, resp) != 0) {
			resp->gzipped = 0;
			buf_reset(&resp->headers);
			return 0;	/* made again */
		}
		return 1;
	}
	return 0;
}

void
cgi_cache_put(struct cgi_cache *c, const struct cgi_req *r,
    const unsigned long long stamp[CGI_STAMP], struct cgi_resp *resp)
{
	struct cgi_cached *e, *old = &c->e[0];
	struct buf k;
	size_t i;

	if (resp->shared != NULL ||
	    (resp->body.len > CGI_CACHE_MAX_BODY && c->dir == NULL))
		return;
	buf_init(&k);
	cache_key(&k, r);
	/* The same page made again, else an empty slot, else the least
	   recently used. */
	for (i = 0; i < CGI_CACHE_SLOTS; i++) {
		e = &c->e[i];
		if (e->key != NULL && strcmp(e->key, k.s) == 0) {
			old = e;
			break;
		}
		if (old->key != NULL && (e->key == NULL || e->used < old->used))
			old = e;
	}
	cached_clear(old);
	old->keylen = k.len;
	old->key = buf_detach(&k);
	memcpy(old->stamp, stamp, sizeof(old->stamp));
	old->used = ++c->tick;
	old->status = resp->status;
	old->content_type = resp->content_type;
	old->no_store = resp->no_store;
	buf_add(&old->headers, resp->headers.s, resp->headers.len);
	if (resp->body.len > CGI_CACHE_MAX_BODY) {
		/* Big: kept in files, this reader served from its own. */
		struct buf gz;

		if ((old->file = keep_file(c, &resp->body, "body")) == NULL) {
			cached_clear(old);
			return;
		}
		buf_init(&gz);
		if (resp->body.len <= UINT_MAX / 2)
			gzip_body(&gz, &resp->body);
		if (gz.len > 0)
			old->gzfile = keep_file(c, &gz, "gz");
		buf_free(&gz);
		return;
	}
	buf_add(&old->body, resp->body.s, resp->body.len);
	if (resp->body.len <= UINT_MAX / 2)
		gzip_body(&old->gz, &old->body);
	serve_kept(c, old, r, resp);	/* compressed for this reader too */
}

/* A thread's request and answer, kept from one request to the next: a
   page is built without growing its buffers again. */
static __thread struct cgi_req t_req;
static __thread struct cgi_resp t_resp;

/* Make the answer (not yet sent). */
static void
handle(struct io *io, cgi_handler fn, void *arg)
{
	req_load(&t_req, io);
	memset(&t_resp, 0, sizeof(t_resp));
	t_resp.status = 200;
	t_resp.headers = t_headers;
	t_resp.body = t_body;
	buf_reset(&t_resp.headers);
	buf_reset(&t_resp.body);
	fn(&t_req, &t_resp, arg);
}

/* Send it; a very big page's buffer is not kept. */
static void
answer(void)
{
	respond(&t_req, &t_resp);
	unmap_kept(&t_resp);
	if (t_resp.body.cap > 1024 * 1024)
		buf_free(&t_resp.body);
	t_headers = t_resp.headers;
	t_body = t_resp.body;
}

/* What was written for the answer could not be made durable. */
static void
answer_unsaved(void)
{
	t_resp.status = 503;
	t_resp.content_type = NULL;
	t_resp.no_store = 1;
	t_resp.shared = NULL;
	t_resp.gzipped = 0;
	buf_reset(&t_resp.headers);
	buf_reset(&t_resp.body);
	buf_adds(&t_resp.body, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>暂时无法保存</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/ogi.css\">\n</head>\n"
	    "<body>\n<main id=\"main\" class=\"wrap\">\n<h1>暂时无法保存</h1>\n"
	    "<p>系统暂时无法保存您提交的内容，本次提交没有完成。请返回上一页，"
	    "稍后再次提交。</p>\n</main>\n</body>\n</html>\n");
	answer();
}

/*
 * Threads of one process: each accepts a connection and makes its answer
 * holding the one lock the rest of the program assumes (it is written
 * single-threaded).  A request that appended records lets go of the lock,
 * waits for the group's fdatasync (store_sync_mine) and only then answers:
 * while one sync runs, the next requests are made and written, and one
 * sync covers them all.
 *
 * Only a core's worth of threads are at work at a time, between accepting
 * and answering; a thread waiting for its sync is not one of them.  More
 * would only queue inside the process, in no order, for the lock (the
 * kernel's queue of connections is first come, first served), and a
 * request's latency would grow; fewer threads in all would make the syncs
 * cover fewer requests.
 *
 * A thread closes its connection as soon as the answer is written (see
 * close_now): libfcgi's own close would wait, at work, until the server
 * had read the answer and closed its end.
 */
#define CGI_THREADS_MAX 64

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;

/* This thread holds big_lock for a handler (cgi_unlocked may let go);
   it gave its place to the next request meanwhile. */
static __thread int t_locked, t_gave_slot;

static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv = PTHREAD_COND_INITIALIZER;
static int slots_free;

/* The server connects through a Unix socket (set once, before the threads). */
static int listen_unix;

static void
slot_take(void)
{
	pthread_mutex_lock(&slot_mu);
	while (slots_free == 0)
		pthread_cond_wait(&slot_cv, &slot_mu);
	slots_free--;
	pthread_mutex_unlock(&slot_mu);
}

static void
slot_give(void)
{
	pthread_mutex_lock(&slot_mu);
	slots_free++;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

/*
 * Before FCGX_Finish_r.  libfcgi closes a connection by shutting down its
 * sending side and reading until the server closes (up to 2 s), so that
 * input still arriving cannot make a TCP reset that loses the answer.  On
 * a Unix socket nothing is lost that way, and once the request's input is
 * read to its end (for a GET, the empty stdin record already received)
 * nothing more comes: the request is marked detached, and libfcgi closes
 * the connection at once.  Over TCP, or with input left, its close stays.
 */
static void
close_now(FCGX_Request *req)
{
	char sink[512];
	int k, n = 0;

	if (!listen_unix)
		return;
	while ((k = FCGX_GetStr(sink, (int)sizeof(sink), req->in)) > 0)
		if ((n += k) > 64 * 1024)
			return;
	if (FCGX_GetError(req->in) == 0)
		(void)FCGX_Detach(req);
}

void
cgi_unlocked(void (*fn)(void *), void *arg)
{
	if (!t_locked) {		/* plain CGI, or not in a handler */
		fn(arg);
		return;
	}
	/* Its place goes to the next request while fn works alone, for
	   good: a thread waiting for a connection keeps the place it takes,
	   so taking one back here could wait for the next request. */
	t_locked = 0;
	pthread_mutex_unlock(&big_lock);
	if (!t_gave_slot) {
		slot_give();
		t_gave_slot = 1;
	}
	fn(arg);
	pthread_mutex_lock(&big_lock);
	t_locked = 1;
}

struct serve {
	cgi_handler	 fn;
	void		*arg;
	pthread_t	 main;
};

static void *
serve_thread(void *p)
{
	struct serve *sv = p;
	FCGX_Request req;
	struct io io;
	int rc, kept, pending, slot = 0;

	if (FCGX_InitRequest(&req, 0, 0) != 0)
		return NULL;
	io.fcgi = &req;
	for (;;) {
		/* A thread at work keeps its place for the next request. */
		if (!slot) {
			slot_take();
			slot = 1;
		}
		pthread_mutex_lock(&accept_lock);
		rc = FCGX_Accept_r(&req);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0) {
			slot_give();	/* the next thread finds out too */
			break;
		}
		pthread_mutex_lock(&big_lock);
		t_locked = 1;
		handle(&io, sv->fn, sv->arg);
		t_locked = 0;
		if (t_gave_slot) {	/* cgi_unlocked gave it away */
			t_gave_slot = 0;
			slot = 0;
		}
		/* A kept page is the cache's: sent under the lock.  Any other
		   answer is the thread's own, sent after it, and an answer that
		   stored something only once it is on disk. */
		pending = store_sync_pending();
		/* A mapped file is this answer's own: sent after the lock. */
		kept = t_resp.shared != NULL && !t_resp.mapped;
		if (kept && !pending)
			answer();
		pthread_mutex_unlock(&big_lock);
		if (pending) {
			if (slot)	/* the next requests join this sync */
				slot_give();
			slot = 0;
			if (store_sync_mine() == STORE_OK)
				answer();
			else
				answer_unsaved();
		} else if (!kept)
			answer();
		close_now(&req);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	thread_bufs_free();
	/* The listening socket failed or closed: the process ends. */
	pthread_kill(sv->main, SIGTERM);
	return NULL;
}

static int
is_unix(int fd)
{
	struct sockaddr_storage sa;
	socklen_t n = sizeof(sa);

	return getsockname(fd, (struct sockaddr *)&sa, &n) == 0 &&
	    sa.ss_family == AF_UNIX;
}

int
cgi_serve(cgi_handler fn, void *arg)
{
	struct serve sv = { fn, arg, pthread_self() };
	pthread_t t[CGI_THREADS_MAX];
	sigset_t set;
	const char *v;
	int n = 8, i, sig;

	if (FCGX_IsCGI()) {
		struct io io = { NULL };

		handle(&io, fn, arg);
		answer();
		thread_bufs_free();
		return 0;
	}
	if ((v = getenv("OGI_THREADS")) != NULL && atoi(v) > 0)
		n = atoi(v) < CGI_THREADS_MAX ? atoi(v) : CGI_THREADS_MAX;
	/* The threads never see SIGTERM or SIGINT: this one waits for them,
	   then closes the listening socket, which ends their accepts; what
	   they are answering is finished first. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		return 1;
	store_defer_syncs(1);
	listen_unix = is_unix(FCGI_LISTENSOCK_FILENO);
	slots_free = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (slots_free < 2)
		slots_free = 2;
	if (slots_free > n)
		slots_free = n;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, serve_thread, &sv) != 0)
			break;
	n = i;
	if (n == 0)
		return 1;
	(void)sigwait(&set, &sig);
	FCGX_ShutdownPending();
	(void)shutdown(FCGI_LISTENSOCK_FILENO, SHUT_RDWR);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
