/*
 * ogi-public: the citizen's side of the site — its page table and main.
 * The pages are in the pub-*.c files beside this one (see public.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/html.h"
#include "ogi/site.h"

#include "public.h"

/* What a kept page is made of, beyond the records and the day. */
enum keep { K_NO, K_RECORDS, K_ANNUAL };

/*
 * The pages, first match wins: path (exact, or a prefix whose rest goes to
 * the handler), the methods it answers, whether every reader sees it alike
 * (kept in the page cache, and on what it depends), the handler.
 */
static const struct page {
	struct cgi_page	 p;		/* path, prefix, methods */
	enum keep	 keep;
	pub_page	*fn;
} pages[] = {
	{ { "/",		0, CGI_ALLOW_GET },	K_RECORDS, page_home },
	{ { "/apply",		0, CGI_ALLOW_GET | CGI_ALLOW_POST }, K_NO, page_apply },
	{ { "/track",		0, CGI_ALLOW_GET | CGI_ALLOW_POST }, K_NO, page_track },
	{ { "/track/doc",	0, CGI_ALLOW_POST },	K_NO,	   page_track_doc },
	{ { "/track/file",	0, CGI_ALLOW_POST },	K_NO,	   page_track_file },
	{ { "/track/supplement", 0, CGI_ALLOW_POST },	K_NO,	   page_track_supplement },
	{ { "/requests",	0, CGI_ALLOW_GET },	K_RECORDS, page_requests },
	{ { "/requests.csv",	0, CGI_ALLOW_GET },	K_RECORDS, page_csv },
	{ { "/requests.atom",	0, CGI_ALLOW_GET },	K_RECORDS, page_atom },
	{ { "/requests/",	1, CGI_ALLOW_GET },	K_NO,	   page_request },
	{ { "/annual",		0, CGI_ALLOW_GET },	K_ANNUAL,  page_annuals },
	{ { "/annual/",		0, CGI_ALLOW_GET },	K_ANNUAL,  page_annuals },
	{ { "/annual/",		1, CGI_ALLOW_GET },	K_ANNUAL,  page_annual },
	{ { "/guide",		0, CGI_ALLOW_GET },	K_RECORDS, page_guide },
};

/* The stamp a kept page was made under: the records (the cases, and the
   documents: the register shows an answer's 文号), the day (due dates,
   the limits in force) and, for the annual tables, the directory they are
   published into, whose own time changes as a year is published (kept
   open: one fstat tells). */
static void
stamp_of(struct pub *c, enum keep k, unsigned long long stamp[CGI_STAMP])
{
	struct stat st;

	stamp[0] = c->b.cases.gen ^ ((unsigned long long)c->b.docs.gen << 40);
	stamp[1] = c->b.cases.apps.n;
	stamp[2] = (unsigned long long)cases_today(&c->b.cases, site_now());
	stamp[3] = 0;
	if (k != K_ANNUAL)
		return;
	if (c->annual_fd == -1)
		c->annual_fd = open(c->annual_dir, O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
	if (c->annual_fd != -1 && fstat(c->annual_fd, &st) == 0)
		stamp[3] = ((unsigned long long)st.st_mtim.tv_sec *
		    1000000000ULL + (unsigned long long)st.st_mtim.tv_nsec) ^
		    ((unsigned long long)st.st_ino << 40);
}

static void
dispatch(struct cgi_req *req, struct cgi_resp *resp, void *arg)
{
	struct pub *c = arg;
	unsigned long long stamp[CGI_STAMP];
	const struct page *p;
	const char *rest;
	enum store_err e;
	int keep;

	if ((p = cgi_route(pages, sizeof(pages) / sizeof(pages[0]),
	    sizeof(pages[0]), req->path, &rest)) == NULL) {
		pub_error(resp, c, 404, "您要访问的页面不存在。");
		return;
	}
	if (!cgi_method_ok(req, p->p.methods)) {
		cgi_allow_header(resp, p->p.methods);
		pub_error(resp, c, 405, "不支持这种请求方式。");
		return;
	}
	if ((e = cases_refresh(&c->b.cases)) != STORE_OK ||
	    (e = docs_refresh(&c->b.docs)) != STORE_OK) {
		fprintf(stderr, "ogi-public: records: %s\n", store_strerror(e));
		pub_error(resp, c, 503, "系统暂时无法读取申请记录，请稍后再试。");
		return;
	}
	keep = p->keep != K_NO && req->method != CGI_POST;
	if (keep) {
		stamp_of(c, p->keep, stamp);
		if (cgi_cache_get(&c->cache, req, stamp, resp))
			return;
		(void)cgi_header(resp, "Vary", "Accept-Encoding");	/* a literal */
	}
	p->fn(req, resp, c, rest);
	if (keep && (resp->status == 200 || resp->status == 404))
		cgi_cache_put(&c->cache, req, stamp, resp);
}

int
main(void)
{
	static struct pub c;	/* big: not on the stack */
	int rc;

	if (boot_open(&c.b, "ogi-public", BOOT_PUBLIC) != 0)
		return 1;
	reg_init(&c.reg, &c.b.cases);
	c.annual_dir = site_data_path(&c.b.site, "annual");
	c.annual_fd = -1;
	/* Big pages (the register's CSV of every case) kept as files. */
	{
		char *dir = site_data_path(&c.b.site, "pages");

		cgi_cache_set_dir(&c.cache, dir);
		free(dir);
	}
	limit_open(&c.limit, &c.b.site, c.b.key);
	outbox_open(&c.ob, &c.b.site);
	if (!c.ob.have_pk)
		fprintf(stderr, "ogi-public: outbox.key cannot be read: receipts "
		    "are not mailed (ogi-admin keys makes it)\n");
	rc = cgi_serve(dispatch, &c);
	outbox_close(&c.ob);
	limit_close(&c.limit);
	cgi_cache_free(&c.cache);
	free(c.annual_dir);
	if (c.annual_fd != -1)
		close(c.annual_fd);
	reg_free(&c.reg);
	boot_close(&c.b);
	return rc;
}
