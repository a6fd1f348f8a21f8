/*
 * /staff/annual/YEAR/report: the whole annual report's text — one textarea
 * per narrative section of the format's report (data/report-sections.csv),
 * the sentences ogi drafts from the computed table offered where a section
 * has never been written — saved into the year's file under its lock
 * (an_year_update), audited, and published with the table: one
 * publication, one snapshot.  Before publishing, each number the text
 * gives for a counted thing is checked against the table; a disagreement
 * is shown and holds the publication until it is confirmed, and is never
 * corrected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/html.h"
#include "ogi/pdf.h"
#include "ogi/report.h"

#include "staff.h"

#define REPORT_MAX_CHARS 10000	/* a section's text, in characters */

static const char *
field(struct buf *tmp, const struct report_section *s)
{
	buf_reset(tmp);
	buf_printf(tmp, "t:%s", s->key);
	return tmp->s;
}

/*
 * The page.  posted: the form is shown again with what was posted (a
 * publication held for its warnings, a text too long); else the saved
 * text, or the draft where a section was never saved.
 */
static void
report_form(struct req *q, struct annual_ctx *a, const struct report_format *r,
    int posted, const char *notice, const char *error)
{
	struct buf *b = &q->resp->body, name, chk, draft;
	struct an_year shown;
	struct an_table t;
	const char *v;
	size_t i, nbad;

	if (annual_compute(q, a, &t, a->year, &a->y) != 0)
		return;
	buf_init(&name);
	buf_init(&chk);
	buf_init(&draft);
	memset(&shown, 0, sizeof(shown));
	for (i = 0; i < r->nsec; i++)
		if (r->sec[i].kind != RK_ANNEX) {
			v = posted ? desk_posted(q, field(&name, &r->sec[i])) :
			    an_year_get(&a->y, "text", r->sec[i].key);
			if (v != NULL)
				an_year_set(&shown, "text", r->sec[i].key, v);
		}
	nbad = report_check_year(r, &t, &shown, &chk);
	buf_reset(b);
	desk_begin(q, "年度报告", "annual");
	html_printf(b, "<h1>%d年政府信息公开工作年度报告 <span class=\"state\">%s</span></h1>\n",
	    a->year, an_year_published(&a->y) ? "已发布" : "未发布");
	html_printf(b, "<p>%s · 格式：%s · <a href=\"/staff/annual/%d?agency=",
	    a->ag->name, a->f->title, a->year);
	html_urlarg(b, a->ag->code);
	html_lit(b, "\">统计表</a>");
	html_printf(b, " · <a href=\"/staff/annual/%d/report.pdf?agency=", a->year);
	html_urlarg(b, a->ag->code);
	html_printf(b, "\">%s PDF</a>", an_year_published(&a->y) ? "按现在的数据预览" :
	    "预览（草稿）");
	if (an_year_published(&a->y)) {
		html_printf(b, " · <a href=\"/annual/%d?agency=", a->year);
		html_urlarg(b, a->ag->code);
		html_lit(b, "\">公开的报告</a>");
	}
	html_lit(b, "</p>\n");
	if (notice != NULL)
		html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
		    notice);
	if (error != NULL)
		html_printf(b, "<div class=\"error-summary\" role=\"alert\"><h2>%s</h2></div>\n",
		    error);
	html_lit(b, "<section class=\"checks\">\n<h2>文字与统计表核对</h2>\n");
	if (nbad == 0)
		html_lit(b, "<p class=\"ok\">文字中写明的申请、答复、复议、诉讼件数与统计表一致。</p>\n");
	else {
		html_printf(b, "<p class=\"field-error\">%zu 处文字与统计表不一致（系统不会自动更正，请核对文字）：</p>\n<ul class=\"bad\" id=\"text-checks\">\n", nbad);
		desk_lines(b, chk.s);
		html_lit(b, "</ul>\n");
	}
	html_lit(b, "</section>\n");
	annual_changed(q, a, &t);

	html_printf(b, "<form method=\"post\" action=\"/staff/annual/%d/report?agency=",
	    a->year);
	html_urlarg(b, a->ag->code);
	html_lit(b, "\" class=\"report-form\">\n");
	desk_csrf_field(b, q);
	for (i = 0; i < r->nsec; i++) {
		const struct report_section *s = &r->sec[i];
		int drafted = 0;

		if (s->kind == RK_ANNEX) {
			html_lit(b, "<p class=\"hint\">");
			html_esc(b, s->title);
			html_lit(b, "：统计表全表，排在正文之后（在统计表页面填写）。</p>\n");
			continue;
		}
		v = an_year_get(&shown, "text", s->key);
		if (v == NULL) {
			buf_reset(&draft);
			report_draft(&draft, r, s, &t, &q->c->b.site, a->ag->name);
			v = draft.s != NULL ? draft.s : "";
			drafted = v[0] != '\0';
		}
		field(&name, s);
		html_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>\n",
		    name.s, s->title[0] != '\0' ? s->title : "开头段落（报告说明、统计期限、查阅和联系方式）");
		if (drafted)
			html_printf(b, "<p class=\"hint\" id=\"d-%s\">以下文字由系统根据统计表和网站设置草拟，可以保留或修改。</p>\n",
			    name.s);
		if (s->kind == RK_TABLE)
			html_lit(b, "<p class=\"hint\">本部分的统计表排在这段文字之后。</p>\n");
		html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"8\">%s</textarea></div>\n",
		    name.s, name.s, v);
	}
	html_lit(b, "<p class=\"hint\">每段一行；“㈠”“⒈”等序号照原样保留。</p>\n"
	    "<div class=\"field\"><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> "
	    "已核对：文字与统计表的不一致之处仍照此发布</label></div>\n"
	    "<p><button type=\"submit\" name=\"step\" value=\"save\" class=\"primary\">保存</button> "
	    "<button type=\"submit\" name=\"step\" value=\"publish\">保存并发布（连同统计表）</button></p>\n");
	if (an_year_published(&a->y))
		html_lit(b, "<p class=\"hint\">本年度已发布：修改需要管理员，并记入审计记录；修改后重新发布。</p>\n");
	html_lit(b, "</form>\n");
	html_end(b, &q->c->b.site);
	an_table_free(&t);
	buf_free(&name);
	buf_free(&chk);
	buf_free(&draft);
	an_year_free(&shown);
}

struct report_post {
	struct req			*q;
	struct annual_ctx		*a;
	const struct report_format	*r;
	int				 publish, confirm, was_published;
	size_t				 warnings;
};

/*
 * Under the year file's lock: a published year changes only by an admin;
 * the posted text; a publication (or an admin's change of a published
 * year) snapshots the table with it, unless the text disagrees with the
 * table and that was not confirmed: then nothing is written (2).
 */
static int
report_locked(void *ctx, struct an_year *y)
{
	struct report_post *p = ctx;
	struct req *q = p->q;
	struct an_table t;
	struct buf name, warn;
	size_t i;

	p->was_published = an_year_published(y);
	if (p->was_published && q->s.who->role != ROLE_ADMIN) {
		desk_error(q, 403, "本年度报告已发布，修改需要管理员。");
		return 1;
	}
	buf_init(&name);
	for (i = 0; i < p->r->nsec; i++)
		if (p->r->sec[i].kind != RK_ANNEX)
			an_year_set(y, "text", p->r->sec[i].key,
			    desk_posted(q, field(&name, &p->r->sec[i])));
	buf_free(&name);
	if (!p->publish && !p->was_published)
		return 0;
	if (annual_compute(q, p->a, &t, p->a->year, y) != 0)
		return 1;
	buf_init(&warn);
	p->warnings = report_check_year(p->r, &t, y, &warn);
	buf_free(&warn);
	if (p->warnings > 0 && !p->confirm) {
		an_table_free(&t);
		return 2;
	}
	an_snapshot(y, &t, q->today);
	an_table_free(&t);
	return 0;
}

void
page_annual_report(struct req *q, struct annual_ctx *a)
{
	const struct report_format *r = report_for(&q->c->b.reports, a->f);
	struct report_post post;
	struct buf name, to;
	char detail[128];
	size_t i;

	if (r == NULL) {
		desk_error(q, 404, "这一年度的格式没有年度报告的结构。");
		return;
	}
	if (q->r->method != CGI_POST) {
		report_form(q, a, r, 0, NULL, NULL);
		return;
	}
	if (an_year_published(&a->y) && q->s.who->role != ROLE_ADMIN) {
		desk_error(q, 403, "本年度报告已发布，修改需要管理员。");
		return;
	}
	buf_init(&name);
	for (i = 0; i < r->nsec; i++)
		if (r->sec[i].kind != RK_ANNEX &&
		    utf8_len(desk_posted(q, field(&name, &r->sec[i]))) > REPORT_MAX_CHARS)
			break;
	buf_free(&name);
	if (i < r->nsec) {
		report_form(q, a, r, 1, NULL, "未保存：每部分文字最多10000字。");
		q->resp->status = 400;
		return;
	}
	memset(&post, 0, sizeof(post));
	post.q = q;
	post.a = a;
	post.r = r;
	post.publish = strcmp(desk_posted(q, "step"), "publish") == 0;
	post.confirm = strcmp(desk_posted(q, "confirm"), "1") == 0;
	switch (an_year_update(q->c->b.site.data_dir, a->ag->code, a->year,
	    report_locked, &post)) {
	case 0:
		break;
	case 2:
		report_form(q, a, r, 1, NULL, "未发布，也没有保存：文字与统计表有不一致之处。"
		    "请核对下列各处；确认无误后勾选“已核对”再发布。");
		q->resp->status = 409;
		return;
	case -1:
		desk_error(q, 503, "系统暂时无法保存，报告没有保存。");
		return;
	default:	/* refused: the page says why */
		return;
	}
	(void)snprintf(detail, sizeof(detail), "%s %d", a->ag->code, a->year);
	auth_audit(&q->c->auth, q->now, q->s.who->login,
	    post.was_published ? "annual_report_change_after_publish" :
	    post.publish ? "annual_report_publish" : "annual_report_save", detail);
	buf_init(&to);
	buf_printf(&to, "/staff/annual/%d/report?agency=", a->year);
	html_urlarg(&to, a->ag->code);
	desk_redirect(q, to.s);
	buf_free(&to);
}

void
page_annual_report_pdf(struct req *q, struct annual_ctx *a)
{
	const struct report_format *r = report_for(&q->c->b.reports, a->f);
	struct an_year shown;
	struct an_table t;
	struct buf draft;
	const char *why;
	size_t i;

	if (q->r->method == CGI_POST) {
		desk_error(q, 405, "这个地址只能查看。");
		return;
	}
	if (annual_compute(q, a, &t, a->year, &a->y) != 0)
		return;
	/* What a publication now would show: the saved rows, and the draft
	   of each section never saved (as the page's textareas offer). */
	memset(&shown, 0, sizeof(shown));
	for (i = 0; i < a->y.n; i++)
		an_year_set(&shown, a->y.e[i].code, a->y.e[i].column,
		    a->y.e[i].value);
	buf_init(&draft);
	for (i = 0; r != NULL && i < r->nsec; i++)
		if (r->sec[i].kind != RK_ANNEX &&
		    an_year_get(&a->y, "text", r->sec[i].key) == NULL) {
			buf_reset(&draft);
			report_draft(&draft, r, &r->sec[i], &t, &q->c->b.site,
			    a->ag->name);
			if (draft.len > 0)
				an_year_set(&shown, "text", r->sec[i].key, draft.s);
		}
	buf_free(&draft);
	buf_reset(&q->resp->body);
	if (report_pdf(r, &t, &shown, a->ag->name, "", &q->resp->body,
	    &why) != 0) {
		fprintf(stderr, "ogi-staff: annual %d draft PDF: %s\n", a->year, why);
		desk_error(q, 500, "无法生成PDF文件。");
	} else {
		q->resp->content_type = "application/pdf";
		(void)cgi_header(q->resp, "Content-Disposition",
		    "inline; filename=\"annual-%d-draft.pdf\"", a->year);
	}
	an_year_free(&shown);
	an_table_free(&t);
}
