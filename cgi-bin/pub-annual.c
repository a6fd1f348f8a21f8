/*
 * /annual/: the published annual reports of each agency, each with the
 * day it was published and whether that was by the deadline of 第四十九条
 * (31 January for a department, 31 March for a people's government:
 * site.csv body_kind); /annual/YEAR the whole report — its text, section
 * by section, with the tables in place or as 附件1 (data/report-*.csv) —
 * or, for a year published without text, the table alone, laid out as the
 * official form, with its charts; /annual/YEAR.pdf the same report as a
 * PDF on A4 (pdf-report.c); /annual/YEAR.csv the table as open data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/report.h"
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

/* " · 2017-03-10发布 · 按期" (or "逾期", against the deadline of year's
   report), by the first publication; a later correction is said too.  A
   year published before first_published was kept has only its last. */
static void
published_line(struct buf *b, const struct site *s, const struct an_year *y,
    int year)
{
	const char *last = an_year_get(y, "meta", "published");
	const char *p = an_year_get(y, "meta", "first_published");
	char due[48];
	int m, d;

	if (p == NULL)
		p = last;
	if (p == NULL)
		return;
	site_report_deadline(s, year, &m, &d);
	(void)snprintf(due, sizeof(due), "%04d-%02d-%02d", year + 1, m, d);
	html_printf(b, " · <span class=\"published\">%s发布</span> · ", p);
	if (strcmp(p, due) <= 0)
		html_printf(b, "<span class=\"on-time\">按期（%d年%d月%d日前）</span>",
		    year + 1, m, d);
	else
		html_printf(b, "<span class=\"late\">逾期（应于%d年%d月%d日前）</span>",
		    year + 1, m, d);
	if (last != NULL && strcmp(last, p) != 0)
		html_printf(b, " · <span class=\"corrected\">%s更正</span>", last);
}

void
page_annuals(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	struct an_year y;
	size_t i;
	int year, m, d, dm, dd, any = 0;

	(void)req;
	(void)rest;
	cal_to_ymd(cases_today(&c->b.cases, site_now()), &year, &m, &d);
	html_begin(b, &c->b.site, "年度报告", "annual");
	site_report_deadline(&c->b.site, year, &dm, &dd);
	html_printf(b, "<h1>政府信息公开工作年度报告</h1>\n<p class=\"lead\">依照《条例》第四十九条，"
	    "本机关每年%d月%d日前公布上一年度的政府信息公开工作年度报告。</p>\n<ul class=\"years\">\n",
	    dm, dd);
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
				html_lit(b, "</a>");
				published_line(b, &c->b.site, &y, yy);
				html_printf(b, " · <a href=\"/annual/%d.pdf?agency=", yy);
				html_urlarg(b, a->code);
				html_lit(b, "\">下载 PDF</a></li>\n");
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
	const struct report_format *rf;
	const char *why;
	int csv, pdf, rollup, whole;

	year = strtol(rest, &end, 10);
	csv = strcmp(end, ".csv") == 0;
	pdf = strcmp(end, ".pdf") == 0;
	if (end == rest || end - rest != 4 || (*end != '\0' && !csv && !pdf)) {
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
	rf = report_for(&c->b.reports, f);
	whole = rf != NULL && report_has_text(rf, &y);
	if (pdf) {
		if (boot_report_pdf(rf, &t, &y, ag->code, ag->name, b, &why) != 0) {
			fprintf(stderr, "ogi-public: annual %ld PDF: %s\n", year, why);
			pub_error(resp, c, 500, "年度报告的 PDF 暂时无法生成，请稍后再试，"
			    "或使用浏览器的“打印”功能。");
			goto out;
		}
		resp->content_type = "application/pdf";
		(void)cgi_header(resp, "Content-Disposition",
		    "attachment; filename=\"annual-%ld.pdf\"", year);
		goto out;
	}
	(void)snprintf(title, sizeof(title), whole ? "%ld年度报告" : "%ld年度统计表", year);
	html_begin(b, &c->b.site, title, "annual");
	if (!whole)
		html_printf(b, "<h1 class=\"screen\">%ld年政府信息公开工作年度报告统计表</h1>\n", year);
	html_printf(b, "<p class=\"screen\"><a href=\"/annual/%ld.pdf?agency=", year);
	html_urlarg(b, ag->code);
	html_printf(b, "\">下载%s PDF</a> · <a href=\"/annual/%ld.csv?agency=",
	    whole ? "年度报告" : "统计表", year);
	html_urlarg(b, ag->code);
	html_lit(b, "\">下载统计表 CSV</a> · 可使用浏览器的“打印”功能按 A4 纸打印。");
	if (rollup)
		html_lit(b, " 统计表为本机关及所属部门的汇总。");
	html_lit(b, "</p>\n");
	if (whole)
		report_html(b, rf, &t, &y, ag->name);
	else
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
