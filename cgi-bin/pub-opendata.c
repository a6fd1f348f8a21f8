/*
 * The register as open data: /requests.csv (the filters of /requests,
 * UTF-8 with a BOM, every cell neutralised) and /requests.atom (the
 * latest answers).
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/html.h"
#include "ogi/out.h"
#include "ogi/site.h"

#include "public.h"

void
page_csv(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	struct reg_query q;
	struct pub_row w;
	size_t *rows, n, i;

	(void)rest;
	if (pub_reg_query(req, resp, c, &q) != 0)
		return;
	rows = xcalloc(c->b.cases.apps.n + 1, sizeof(size_t));
	n = reg_run(&c->reg, &q, 0, 0, rows);
	resp->content_type = "text/csv; charset=utf-8";
	/* Cannot fail: a view's code is a literal of register.c. */
	(void)cgi_header(resp, "Content-Disposition",
	    "attachment; filename=\"requests-%s.csv\"", reg_view_codes[q.view]);
	out_csv_begin(b);
	pub_row_head_csv(b);
	for (i = 0; i < n; i++) {
		pub_row(c, &c->b.cases.apps.v[rows[i]],
		    cases_sum(&c->b.cases, rows[i]), &w);
		pub_row_csv(b, &w);
	}
	free(rows);
}

static void
xml_date(struct buf *b, cal_day d, int utc_offset)
{
	char ds[CAL_DATE_LEN];
	int off = utc_offset < 0 ? -utc_offset : utc_offset;

	cal_format(d, ds);
	html_printf(b, "%sT00:00:00%s%02d:%02d", ds, utc_offset < 0 ? "-" : "+",
	    off / 60 % 100, off % 60);
}

void
page_atom(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body, base;
	struct reg_query q;
	struct pub_row w;
	size_t rows[REG_PAGE], n, i;

	(void)req;		/* its Host says nothing the feed may trust */

	(void)rest;
	memset(&q, 0, sizeof(q));
	q.view = REG_ANSWERED;
	n = reg_run(&c->reg, &q, 0, REG_PAGE, rows);
	if (n > REG_PAGE)
		n = REG_PAGE;
	/* The site's address from site.csv's base_url, never from what a
	   client says its Host is: without it the links are relative to
	   the feed's own address, as Atom allows. */
	buf_init(&base);
	buf_adds(&base, c->b.site.base_url);
	resp->content_type = "application/atom+xml; charset=utf-8";
	html_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
	    "<title>%s政府信息公开申请答复</title>\n<id>urn:ogi:%s:answered</id>\n"
	    "<link rel=\"self\" href=\"%s/requests.atom\"/>\n"
	    "<link href=\"%s/requests?view=answered\"/>\n<updated>",
	    c->b.site.body_name, c->b.site.agency, base.s, base.s);
	if (n > 0)
		xml_date(b, cases_sum(&c->b.cases, rows[0])->answered, c->b.site.utc_offset);
	else
		xml_date(b, cases_today(&c->b.cases, site_now()), c->b.site.utc_offset);
	html_printf(b, "</updated>\n<author><name>%s</name></author>\n",
	    c->b.site.body_name);
	for (i = 0; i < n; i++) {
		const struct app_rec *a = &c->b.cases.apps.v[rows[i]];
		const struct case_sum *s = cases_sum(&c->b.cases, rows[i]);

		pub_row(c, a, s, &w);
		html_printf(b, "<entry>\n<title>%s 已答复：%s</title>\n"
		    "<id>urn:ogi:%s:%s</id>\n<link href=\"%s/requests/", a->id,
		    w.v[PC_OUTCOME], c->b.site.agency, a->id, base.s);
		html_urlarg(b, a->id);
		html_lit(b, "\"/>\n<updated>");
		xml_date(b, s->answered, c->b.site.utc_offset);
		html_printf(b, "</updated>\n<summary>所需信息名称：%s。收到日期：%s；"
		    "答复日期：%s", w.v[PC_SUBJECT], w.recv, w.ans);
		if (s->taken >= 0)
			html_printf(b, "；用时%d个工作日", s->taken);
		if (w.taken_prov)
			html_lit(b, "（预计）");
		html_lit(b, "。</summary>\n</entry>\n");
	}
	html_lit(b, "</feed>\n");
	buf_free(&base);
}
