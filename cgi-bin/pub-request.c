/*
 * /requests/ID: one request of the register, its public steps, the 答复书's
 * 文号 and date, and, once staff have published it (依申请公开转主动公开,
 * the case's EV_PUBLISH step), the 答复书's text without the applicant's
 * personal data (pub-doc.c).
 */
#include <stdio.h>

#include "ogi/html.h"

#include "public.h"

/* "2026-000123": a year, a dash, six digits. */
static int
id_ok(const char *id)
{
	int i;

	for (i = 0; i < 11; i++)
		if (i == 4 ? id[i] != '-' : (id[i] < '0' || id[i] > '9'))
			return 0;
	return id[11] == '\0';
}

void
page_request(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *id)
{
	struct buf *b = &resp->body;
	const struct app_rec *a;
	const struct case_sum *s;
	const struct doc_rec *d;
	struct case_view v;
	struct pub_row w;
	char title[64];

	(void)req;
	if (!id_ok(id)) {
		pub_error(resp, c, 400, "申请编号的格式应为“年份-六位数字”，如 2026-000123。");
		return;
	}
	a = apps_by_id(&c->b.cases.apps, id);
	if (a == NULL || (s = cases_sum(&c->b.cases,
	    (size_t)(a - c->b.cases.apps.v)))->received < 0) {
		pub_error(resp, c, 404, "登记中没有这个申请编号。");
		return;
	}
	case_view(&c->b.cases, a, 0, &v, NULL);
	pub_row(c, a, s, &w);
	(void)snprintf(title, sizeof(title), "申请 %s", a->id);
	html_begin(b, &c->b.site, title, "requests");
	html_printf(b, "<h1>申请 %s</h1>\n<dl class=\"facts\">\n", a->id);
	pub_row_facts(b, &w);
	html_printf(b, "</dl>\n<h2>办理过程</h2>\n<ol class=\"timeline\">\n"
	    "<li>%s 收到申请</li>\n", w.recv);
	pub_steps(b, c, &v);
	html_lit(b, "</ol>\n");
	if (v.published && (d = docs_answer(&c->b.docs, a->id)) != NULL)
		pub_published(b, c, a, d);
	if (pub_row_prov(&w))
		pub_prov_note(b, &c->b.cases, "用时和时效", s->received,
		    s->concluded);
	html_lit(b, "<p><a href=\"/requests\">返回申请公开登记</a></p>\n");
	html_end(b, &c->b.site);
}
