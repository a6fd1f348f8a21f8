/*
 * /requests: the public register (申请公开登记) — this year's summary, the
 * three views, the filters, 50 rows a page.  Its rows: pub-row.c.
 */
#include <stdio.h>
#include <string.h>

#include "ogi/html.h"
#include "ogi/site.h"

#include "public.h"

static void
filters(struct buf *b, const struct pub *c, const struct reg_query *q, int year)
{
	const char *group = NULL;
	char v[16];
	size_t i;
	int y;

	html_printf(b, "<form method=\"get\" action=\"/requests\" class=\"filters\">\n"
	    "<input type=\"hidden\" name=\"view\" value=\"%s\">\n"
	    "<div class=\"field\"><label for=\"f-year\">年份</label>\n"
	    "<select id=\"f-year\" name=\"year\">\n", reg_view_codes[q->view]);
	html_option(b, "", "全部", q->year == 0);
	for (y = year; y >= c->b.cases.cal.first_year; y--) {
		(void)snprintf(v, sizeof(v), "%d", y % 10000);
		html_option(b, v, v, q->year == y);
	}
	html_lit(b, "</select></div>\n<div class=\"field\"><label for=\"f-month\">月份</label>\n"
	    "<select id=\"f-month\" name=\"month\">\n");
	html_option(b, "", "全部", q->month == 0);
	for (y = 1; y <= 12; y++) {
		char l[16];

		(void)snprintf(v, sizeof(v), "%d", y % 100);
		(void)snprintf(l, sizeof(l), "%d月", y % 100);
		html_option(b, v, l, q->month == y);
	}
	html_lit(b, "</select></div>\n<div class=\"field\"><label for=\"f-channel\">收到方式</label>\n"
	    "<select id=\"f-channel\" name=\"channel\">\n");
	html_option(b, "", "全部", q->channel[0] == '\0');
	for (i = 0; app_channels[i] != NULL; i++)
		html_option(b, app_channels[i], app_channels[i],
		    strcmp(q->channel, app_channels[i]) == 0);
	html_lit(b, "</select></div>\n<div class=\"field\"><label for=\"f-type\">申请人类型</label>\n"
	    "<select id=\"f-type\" name=\"type\">\n");
	html_option(b, "", "全部", q->atype[0] == '\0');
	for (i = 0; app_applicant_types[i].code != NULL; i++)
		html_option(b, app_applicant_types[i].code, app_applicant_types[i].label,
		    strcmp(q->atype, app_applicant_types[i].code) == 0);
	html_lit(b, "</select></div>\n<div class=\"field\"><label for=\"f-outcome\">办理结果</label>\n"
	    "<select id=\"f-outcome\" name=\"outcome\">\n");
	html_option(b, "", "全部", q->outcome[0] == '\0');
	for (i = 0; i < c->b.cases.law.nout; i++) {
		const struct law_outcome *o = &c->b.cases.law.out[i];

		html_optgroup(b, &group, o->group);
		html_option(b, o->code, o->public, strcmp(q->outcome, o->code) == 0);
	}
	html_optgroup(b, &group, NULL);
	html_lit(b, "</select></div>\n<div class=\"field\"><label for=\"f-sort\">排序</label>\n"
	    "<select id=\"f-sort\" name=\"sort\">\n");
	html_option(b, "new", "最新在前", !q->by_id);
	html_option(b, "id", "按申请编号", q->by_id);
	html_lit(b, "</select></div>\n<p><button type=\"submit\">筛选</button></p>\n</form>\n");
}

static void
summary(struct buf *b, struct pub *c, int year)
{
	struct reg_stats st;

	reg_stats(&c->reg, year, &st);
	html_printf(b, "<section class=\"summary\" aria-labelledby=\"sum-h\">\n"
	    "<h2 id=\"sum-h\">%d年</h2>\n<ul class=\"stats\">\n"
	    "<li><a href=\"/requests?view=received&amp;year=%d\">收到申请 <strong>%zu</strong> 件</a></li>\n"
	    "<li><a href=\"/requests?view=handled&amp;year=%d\">办结 <strong>%zu</strong> 件</a></li>\n"
	    "<li><a href=\"/requests?view=answered&amp;year=%d\">答复 <strong>%zu</strong> 件</a></li>\n",
	    year, year, st.received, year, st.handled, year, st.answered);
	if (st.answered > 0)
		html_printf(b, "<li><a href=\"/requests?view=answered&amp;year=%d\">按期答复 "
		    "<strong>%zu%%</strong></a></li>\n", year,
		    (st.on_time * 100 + st.answered / 2) / st.answered);
	if (st.median_days >= 0)
		html_printf(b, "<li><a href=\"/requests?view=answered&amp;year=%d&amp;sort=new\">"
		    "答复用时中位数 <strong>%d</strong> 个工作日</a></li>\n", year,
		    st.median_days);
	html_lit(b, "</ul>\n</section>\n");
}

void
page_requests(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	struct reg_query q;
	size_t rows[REG_PAGE], n, total, pages, i;
	cal_day pfrom = -1, pto = -1;
	int year, m, d;

	(void)rest;
	if (pub_reg_query(req, resp, c, &q) != 0)
		return;
	cal_to_ymd(cases_today(&c->b.cases, site_now()), &year, &m, &d);
	total = reg_run(&c->reg, &q, (q.page - 1) * REG_PAGE, REG_PAGE, rows);
	pages = total == 0 ? 1 : (total + REG_PAGE - 1) / REG_PAGE;
	if (q.page > pages) {
		pub_error(resp, c, 404, "没有这一页。");
		return;
	}
	n = total - (q.page - 1) * REG_PAGE;
	if (n > REG_PAGE)
		n = REG_PAGE;
	html_begin(b, &c->b.site, "申请公开登记", "requests");
	html_lit(b, "<h1>申请公开登记</h1>\n<p class=\"lead\">本机关收到、办结和答复的政府信息公开申请。"
	    "登记不含申请人的姓名、证件号码、联系方式等任何个人信息；“所需信息名称”仅在申请人同意时显示。</p>\n");
	summary(b, c, year);
	html_lit(b, "<nav class=\"tabs\" aria-label=\"登记类别\"><ul>\n");
	for (i = 0; i < REG__MAX; i++) {
		html_printf(b, "<li><a href=\"/requests?view=%s\"", reg_view_codes[i]);
		if (i == q.view)
			html_lit(b, " aria-current=\"page\"");
		html_printf(b, ">%s</a></li>\n", reg_view_labels[i]);
	}
	html_lit(b, "</ul></nav>\n");
	filters(b, c, &q, year);
	html_printf(b, "<p class=\"count\">共 <strong>%zu</strong> 件，第 %zu / %zu 页。"
	    "<a href=\"/requests.csv?", total, q.page, pages);
	reg_link(b, &q, 1);
	html_lit(b, "\">下载 CSV</a> · <a href=\"/requests.atom\">订阅最新答复（Atom）</a></p>\n");
	if (n == 0) {
		html_lit(b, "<p class=\"empty\">没有符合条件的申请。</p>\n");
		goto end;
	}
	html_printf(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
	    "aria-label=\"表格\"><table class=\"register\">\n"
	    "<caption class=\"sr-only\">%s的申请</caption>\n", reg_view_labels[q.view]);
	pub_row_head_html(b);
	html_lit(b, "<tbody>\n");
	for (i = 0; i < n; i++) {
		const struct app_rec *a = &c->b.cases.apps.v[rows[i]];
		const struct case_sum *s = cases_sum(&c->b.cases, rows[i]);
		struct pub_row w;

		pub_row(c, a, s, &w);
		pub_row_html(b, &w);
		if (pub_row_prov(&w)) {
			if (pfrom < 0 || s->received < pfrom)
				pfrom = s->received;
			if (s->concluded > pto)
				pto = s->concluded;
		}
	}
	html_lit(b, "</tbody></table></div>\n");
	pub_prov_note(b, &c->b.cases, "用时和时效", pfrom, pto);
	if (pages > 1) {
		html_lit(b, "<nav class=\"pager\" aria-label=\"分页\"><ul>\n");
		if (q.page > 1) {
			html_lit(b, "<li><a rel=\"prev\" href=\"/requests?");
			reg_link(b, &q, q.page - 1);
			html_lit(b, "\">上一页</a></li>\n");
		}
		html_printf(b, "<li>第 %zu / %zu 页</li>\n", q.page, pages);
		if (q.page < pages) {
			html_lit(b, "<li><a rel=\"next\" href=\"/requests?");
			reg_link(b, &q, q.page + 1);
			html_lit(b, "\">下一页</a></li>\n");
		}
		html_lit(b, "</ul></nav>\n");
	}
end:
	html_end(b, &c->b.site);
}
