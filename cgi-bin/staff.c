/*
 * ogi-staff: the staff desk, under /staff/ — its page table and main.
 * The pages are in the staff-*.c files beside this one (see staff.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ogi/html.h"
#include "ogi/site.h"

#include "staff.h"

#define BODY_LIMIT	(64 * 1024)

/* Who may see a page.  W_ADMIN: an admin of the site's own agency
   (accounts and holidays are the installation's, not one agency's). */
/* W_UPLOAD: staff, and the page takes multipart bodies (files). */
enum who { W_ANYONE, W_STAFF, W_ADMIN, W_UPLOAD };

/*
 * The pages, first match wins: path (exact, or a prefix whose rest goes to
 * the handler), the methods it answers, who may see it (and what an
 * account without the role is told), the handler.  No page of the desk is
 * kept in the page cache: each shows who is logged in.
 */
static const struct page {
	struct cgi_page	 p;		/* path, prefix, methods */
	enum who	 who;
	const char	*refused;	/* what a refused request is told (a
					   clerk at an admin page, a link to a
					   POST-only page), or NULL */
	desk_page	*fn;
} pages[] = {
	{ { "/staff/login",	0, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_ANYONE, NULL,
	    page_login },
	{ { "/staff/logout",	0, CGI_ALLOW_POST }, W_STAFF,
	    "请使用页面上的“退出”按钮。", page_logout },
	{ { "/staff/",		0, CGI_ALLOW_GET }, W_STAFF, NULL, page_queue },
	{ { "/staff",		0, CGI_ALLOW_GET }, W_STAFF, NULL, page_queue },
	{ { "/staff/new",	0, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_STAFF, NULL,
	    page_new },
	{ { "/staff/case/",	1, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_UPLOAD, NULL,
	    page_case },
	{ { "/staff/users",	0, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_ADMIN,
	    "只有本系统主管机关的管理员可以管理工作人员账户。", page_users },
	{ { "/staff/holidays",	0, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_ADMIN,
	    "只有本系统主管机关的管理员可以导入节假日安排。", page_holidays },
	{ { "/staff/annual/",	0, CGI_ALLOW_GET }, W_STAFF, NULL, page_annuals },
	{ { "/staff/annual",	0, CGI_ALLOW_GET }, W_STAFF, NULL, page_annuals },
	{ { "/staff/annual/",	1, CGI_ALLOW_GET | CGI_ALLOW_POST }, W_STAFF, NULL,
	    page_annual },
};

static int
read_post(struct req *q)
{
	char *body;
	size_t len;
	int st;
	enum form_err fe;

	if ((st = cgi_read_body(q->r, BODY_LIMIT, &body, &len)) != 0) {
		desk_error(q, st, st == 413 ? "提交的内容过大。" :
		    "提交的数据无法识别，请使用工作台的表单。");
		return -1;
	}
	fe = form_parse(&q->post, body, len);
	free(body);
	if (fe != FORM_OK) {
		desk_error(q, 400, form_strerror(fe));
		return -1;
	}
	return 0;
}

/* A multipart body (files), read once the session is known, so that no
   one without a session has anything written; its text fields become the
   POST's form. */
static int
read_upload(struct req *q)
{
	static const char *const fields[] = { "files", NULL };
	struct upload_limits lim;
	char *m;
	int st;

	lim.max_file = q->c->b.site.max_file_bytes;
	lim.max_files = (size_t)q->c->b.site.max_files;
	lim.max_request = q->c->b.site.max_request_bytes;
	st = upload_read(&q->up, q->r, &q->c->b.files, &lim, fields);
	q->post = q->up.form;
	memset(&q->up.form, 0, sizeof(q->up.form));
	if (st != 0) {
		m = upload_message(&q->up, &lim);
		desk_error(q, st, m);
		free(m);
		return -1;
	}
	return 0;
}

static int
is_multipart(const struct cgi_req *r)
{
	return r->method == CGI_POST && r->content_type != NULL &&
	    strncasecmp(r->content_type, "multipart/form-data", 19) == 0;
}

static void
dispatch(struct cgi_req *r, struct cgi_resp *resp, void *arg)
{
	struct desk *c = arg;
	const struct page *p;
	const char *rest;
	struct req q;

	memset(&q, 0, sizeof(q));
	q.r = r;
	q.resp = resp;
	q.c = c;
	q.now = site_now();
	q.today = cases_today(&c->b.cases, q.now);
	resp->no_store = 1;
	if ((p = cgi_route(pages, sizeof(pages) / sizeof(pages[0]),
	    sizeof(pages[0]), r->path, &rest)) == NULL) {
		desk_error(&q, 404, "您要访问的页面不存在。");
		return;
	}
	if (!cgi_method_ok(r, p->p.methods)) {
		cgi_allow_header(resp, p->p.methods);
		desk_error(&q, 405, p->refused != NULL && p->who != W_ADMIN ?
		    p->refused : "不支持这种请求方式。");
		return;
	}
	if (cases_refresh(&c->b.cases) != STORE_OK ||
	    docs_refresh(&c->b.docs) != STORE_OK ||
	    auth_refresh(&c->auth) != STORE_OK) {
		fprintf(stderr, "ogi-staff: cannot read the records\n");
		desk_error(&q, 503, "系统暂时无法读取记录，请稍后再试。");
		return;
	}
	if (is_multipart(r) && p->who != W_UPLOAD) {
		desk_error(&q, 415, "这个页面不接受上传文件。");
		goto out;
	}
	if (r->method == CGI_POST && !is_multipart(r) && read_post(&q) != 0)
		goto out;
	if (p->who != W_ANYONE) {
		if (auth_session(&c->auth, r->cookie, q.now, &q.s) != 0) {
			if (is_multipart(r))
				cgi_drain(r, 256 * 1024);
			desk_redirect(&q, "/staff/login");
			goto out;
		}
		desk_cookie(&q, q.s.cookie, 0);	/* idle time starts again */
		if (is_multipart(r) && read_upload(&q) != 0)
			goto out;
		if (r->method == CGI_POST &&
		    !auth_csrf_ok(&q.s, form_get(&q.post, "csrf"))) {
			desk_error(&q, 403, "表单已失效（缺少或过期的安全令牌）。请返回，刷新页面后重试。");
			goto out;
		}
		if (p->who == W_ADMIN && !desk_top_admin(&q)) {
			desk_error(&q, 403, p->refused);
			goto out;
		}
	}
	p->fn(&q, rest);
out:
	form_free(&q.post);
	upload_free(&q.up);
}

int
main(void)
{
	static struct desk c;	/* big: not on the stack */
	int rc;

	if (boot_open(&c.b, "ogi-staff", BOOT_STAFF) != 0)
		return 1;
	c.b.cases.apps.keep_names = 1;	/* for the search by name */
	auth_open(&c.auth, &c.b.site, c.b.key);
	outbox_open(&c.ob, &c.b.site);
	rc = cgi_serve(dispatch, &c);
	outbox_close(&c.ob);
	auth_close(&c.auth);
	boot_close(&c.b);
	return rc;
}
