/*
 * /annual/: the published annual statistics tables (政府信息公开情况统计表)
 * of each agency; /annual/YEAR the table laid out as the official form,
 * with its charts; /annual/YEAR.csv the same as open data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/site.h"

#include "public.h"


static const struct an_agency *
agency_of(struct cgi_req *req, struct pub *c, int *rollup)
{
	const struct an_agency *a = NULL;
	struct form f;
	const char *code;

	*rollup = 0;
	if (form_parse(&f, req->query, strlen(req->query)) != FORM_OK)
		return NULL;
	code = form_get(&f, "agency");
	a = an_agency(&c->b.agencies, code != NULL && *code ? code : c->b.site.agency);
	if (a == NULL && (code == NULL || *code == '\0'))
		a = &c->b.agencies.a[0];
	form_free(&f);
	if (a != NULL)
		*rollup = an_has_children(&c->b.agencies, a->code);
	return a;
}

void
page_annuals(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	struct an_year y;
	size_t i;
	int year, m, d, any = 0;

	(void)req;
	(void)rest;
	cal_to_ymd(cases_today(&c->b.cases, site_now()), &year, &m, &d);
	html_begin(b, &c->b.site, "年度报告统计表", "annual");
	html_lit(b, "<h1>政府信息公开工作年度报告统计表</h1>\n<ul class=\"years\">\n");
	for (i = 0; i < c->b.agencies.n; i++) {
		const struct an_agency *a = &c->b.agencies.a[i];
		int yy;

		for (yy = year; yy >= c->b.cases.cal.first_year; yy--) {
			if (an_year_load(&y, c->b.site.data_dir, a->code, yy) == 0 &&
			    an_year_published(&y)) {
				html_printf(b, "<li><a href=\"/annual/%d?agency=", yy);
				html_urlarg(b, a->code);
				html_printf(b, "\">%d年度", yy);
				if (c->b.agencies.n > 1) {
					html_lit(b, " · ");
					html_esc(b, a->name);
				}
				html_lit(b, "</a></li>\n");
				any = 1;
			}
			an_year_free(&y);
		}
	}
	html_lit(b, "</ul>\n");
	if (!any)
		html_lit(b, "<p class=\"empty\">尚未发布年度统计表。</p>\n");
	html_end(b, &c->b.site);
}

void
page_annual(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	const struct an_agency *ag;
	const struct an_format *f;
	const char *scope[64];
	struct an_table t;
	struct an_year y;
	size_t months[12], n;
	char title[96], *end;
	long year;
	int csv, rollup;

	year = strtol(rest, &end, 10);
	csv = strcmp(end, ".csv") == 0;
	if (end == rest || end - rest != 4 || (*end != '\0' && !csv)) {
		pub_error(resp, c, 404, "您要访问的页面不存在。");
		return;
	}
	if ((f = an_format_for(&c->b.formats, (int)year)) == NULL) {
		pub_error(resp, c, 404, "没有这一年度的统计表格式。");
		return;
	}
	if ((ag = agency_of(req, c, &rollup)) == NULL) {
		pub_error(resp, c, 404, "没有这个机关。");
		return;
	}
	if (an_year_load(&y, c->b.site.data_dir, ag->code, (int)year) != 0 ||
	    !an_year_published(&y) || an_from_snapshot(&t, f, &y, (int)year) != 0) {
		an_year_free(&y);
		pub_error(resp, c, 404, "该年度统计表尚未发布。");
		return;
	}
	if (csv) {
		resp->content_type = "text/csv; charset=utf-8";
		/* Cannot fail: a number. */
		(void)cgi_header(resp, "Content-Disposition",
		    "attachment; filename=\"annual-%ld.csv\"", year);
		an_csv(b, &t);
		goto out;
	}
	(void)snprintf(title, sizeof(title), "%ld年度统计表", year);
	html_begin(b, &c->b.site, title, "annual");
	html_printf(b, "<h1 class=\"screen\">%ld年政府信息公开工作年度报告统计表</h1>\n", year);
	html_printf(b, "<p class=\"screen\"><a href=\"/annual/%ld.csv?agency=", year);
	html_urlarg(b, ag->code);
	html_lit(b, "\">下载 CSV</a> · 可使用浏览器的“打印”功能按 A4 纸打印。");
	if (rollup)
		html_lit(b, " 本表为本机关及所属部门的汇总。");
	html_lit(b, "</p>\n");
	an_html(b, &t, &y, ag->name);
	n = an_scope(&c->b.agencies, ag->code, rollup, scope, 64);
	an_months(&c->b.cases, scope, n, (int)year, months);
	html_lit(b, "<section class=\"charts screen\">\n<h2>图示</h2>\n");
	an_chart(b, &t, months);
	html_lit(b, "</section>\n");
	html_end(b, &c->b.site);
out:
	an_table_free(&t);
	an_year_free(&y);
}
