/*
 * /staff/holidays (admin): a year's official holiday notice — checked,
 * previewed (every case date old → new), then imported, audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/holidays.h"
#include "ogi/html.h"

#include "staff.h"

static void
holidays_form(struct req *q, const char *rows, const char *errors)
{
	struct buf *b = &q->resp->body;
	const struct cal *cal = &q->c->b.cases.cal;
	int y, first = 0, last = 0;

	html_lit(b, "<h1>节假日安排</h1>\n<p class=\"lead\">答复期限按工作日计算。");
	for (y = cal->first_year; y <= cal->last_year; y++)
		if (cal_year_status(cal, y) == CAL_Y_OFFICIAL)
			last = y;
		else if (first == 0)
			first = y;
	html_printf(b, "已有国务院正式放假安排的年份：%d年至%d年。", cal->first_year, last);
	if (first != 0)
		html_printf(b, "%d年起尚无正式安排，期限按法定节假日推算并标为“预计”。",
		    first);
	html_lit(b, "</p>\n");
	if (errors != NULL) {
		html_lit(b, "<div class=\"error-summary\" role=\"alert\" id=\"e-rows\">"
		    "<p>放假安排未导入，请改正：</p>\n<ul>\n");
		desk_lines(b, errors);
		html_lit(b, "</ul></div>\n");
	}
	html_lit(b, "<form method=\"post\" action=\"/staff/holidays\">\n");
	desk_csrf_field(b, q);
	html_lit(b, "<div class=\"field\"><label for=\"f-rows\">国务院办公厅关于下一年度部分节假日安排的通知</label>\n"
	    "<p class=\"hint\" id=\"h-rows\">每行一个日期：<code>日期,类别,名称</code>，类别为 "
	    "<code>holiday</code>（放假）或 <code>workday</code>（调休上班）。放假期间的周末也逐日列出。"
	    "例如：<code>2027-01-01,holiday,元旦</code></p>\n"
	    "<textarea id=\"f-rows\" name=\"rows\" rows=\"16\" cols=\"40\" "
	    "aria-describedby=\"h-rows\"");
	if (errors != NULL)
		html_lit(b, " aria-invalid=\"true\"");
	html_printf(b, ">%s</textarea></div>\n<p><button type=\"submit\" name=\"step\" value=\"check\">"
	    "检查并预览</button></p>\n</form>\n", rows);
}

void
page_holidays(struct req *q, const char *rest)
{
	struct buf *b = &q->resp->body, err;
	char detail[128];
	struct cases *cs = &q->c->b.cases;
	struct hol_import h;
	struct hol_change *ch = NULL;
	const char *rows = desk_posted(q, "rows"), *why = NULL;
	size_t n = 0, i, open_n = 0;

	(void)rest;
	if (q->r->method != CGI_POST) {
		desk_begin(q, "节假日安排", "holidays");
		holidays_form(q, "", NULL);
		html_end(b, &q->c->b.site);
		return;
	}
	buf_init(&err);
	if (hol_parse(&h, &cs->cal, rows, strlen(rows), &err) != 0) {
		q->resp->status = 400;
		desk_begin(q, "节假日安排", "holidays");
		holidays_form(q, rows, err.s);
		html_end(b, &q->c->b.site);
		buf_free(&err);
		return;
	}
	if (hol_changes(cs, &h, q->today, &ch, &n, &why) != 0) {
		desk_error(q, 500, why);
		goto out;
	}
	if (strcmp(desk_posted(q, "step"), "confirm") == 0) {
		if (hol_apply(cs, &h, &why) != 0) {
			desk_error(q, 503, why);
			goto out;
		}
		for (i = 0; i < n; i++)
			open_n += !ch[i].concluded;
		(void)snprintf(detail, sizeof(detail),
		    "%d: %zu days, %zu dates changed (%zu open)",
		    h.year, h.n, n, open_n);
		auth_audit(&q->c->auth, q->now, q->s.who->login,
		    "holidays_import", detail);
		desk_begin(q, "节假日安排", "holidays");
		html_printf(b, "<h1>已导入%d年的放假安排</h1>\n<p class=\"lead\" role=\"status\">"
		    "共 %zu 个日期；%zu 个期限随之改变。各期限自此按正式安排计算，不再标为“预计”。</p>\n"
		    "<p><a href=\"/staff/\">返回待办案件</a></p>\n", h.year, h.n, n);
		html_end(b, &q->c->b.site);
		goto out;
	}
	desk_begin(q, "节假日安排", "holidays");
	html_printf(b, "<h1>导入%d年的放假安排：预览</h1>\n<p class=\"lead\">共 %zu 个日期（放假和调休上班），"
	    "导入后 <strong>%zu</strong> 个期限随之改变：</p>\n", h.year, h.n, n);
	if (n > 0) {
		html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">"
		    "<table class=\"queue changes\">\n<thead><tr><th scope=\"col\">申请编号</th>"
		    "<th scope=\"col\">期限</th><th scope=\"col\">现在</th><th scope=\"col\">导入后</th>"
		    "</tr></thead>\n<tbody>\n");
		for (i = 0; i < n; i++) {
			const char *id = cs->apps.v[ch[i].app].id;

			html_lit(b, "<tr><td><a href=\"/staff/case/");
			html_urlarg(b, id);
			html_printf(b, "\">%s</a></td><td>%s", id, ch[i].what);
			if (ch[i].concluded)
				html_lit(b, "（已办结）");
			html_lit(b, "</td><td>");
			if (ch[i].old_prov)
				html_lit(b, "预计 ");
			html_esc(b, ch[i].old);
			html_lit(b, "</td><td>");
			if (ch[i].new_prov)
				html_lit(b, "预计 ");
			html_esc(b, ch[i].new);
			html_lit(b, "</td></tr>\n");
		}
		html_lit(b, "</tbody></table></div>\n");
	}
	html_lit(b, "<form method=\"post\" action=\"/staff/holidays\">\n");
	desk_csrf_field(b, q);
	html_printf(b, "<input type=\"hidden\" name=\"rows\" value=\"%s\">\n", rows);
	html_lit(b, "<p><button type=\"submit\" name=\"step\" value=\"confirm\">确认导入</button> "
	    "<a href=\"/staff/holidays\">取消</a></p>\n</form>\n");
	html_end(b, &q->c->b.site);
out:
	free(ch);
	hol_free(&h);
	buf_free(&err);
}
