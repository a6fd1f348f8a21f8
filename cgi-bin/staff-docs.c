/*
 * A case's documents (告知书, 答复书; include/ogi/doc.h) on the staff desk:
 *
 *   on /staff/case/ID         every document issued, with its 文号, a view,
 *                             the PDF and a reprint; each document the
 *                             steps call for, filled from the case as an
 *                             editable text, with 签发; one in force may be
 *                             corrected (a new document naming it)
 *   POST /staff/case/ID/doc   issue one (kind, step, text, replaces)
 *   /staff/case/ID/doc/N      the case's Nth document as a letter on A4
 *   /staff/case/ID/doc/N.pdf  the same as PDF
 *
 * N counts the case's documents from 1 in the order issued, so that an
 * address names no 文号 (not ASCII) and another case's documents cannot be
 * reached through this one: a case out of the account's scope is not
 * found (404), as on the case page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/doc.h"
#include "ogi/html.h"

#include "staff.h"

#define DOC_TEXT_MAX	20000	/* characters of an amended text */

/* The case's nth document (from 1), or NULL. */
static const struct doc_rec *
nth_doc(const struct docs *d, const char *id, long n)
{
	const struct doc_rec *x;

	for (x = docs_first(d, id); x != NULL && n > 1; x = docs_next(d, x))
		n--;
	return n == 1 ? x : NULL;
}

static const char *
kind_title(const struct docs *d, const struct doc_rec *x)
{
	return x->kind < d->nkinds ? d->kinds[x->kind].title : "（已停用的文书）";
}

/* The issued documents, oldest first. */
static void
issued_list(struct buf *b, const struct req *q, const struct app_rec *r)
{
	const struct docs *d = &q->c->b.docs;
	const struct doc_rec *x;
	char ds[CAL_DATE_LEN];
	int i = 0;

	if (docs_first(d, r->id) == NULL) {
		html_lit(b, "<p>尚未签发文书。</p>\n");
		return;
	}
	html_lit(b, "<table class=\"docs\">\n<thead><tr><th scope=\"col\">文号</th>"
	    "<th scope=\"col\">文书</th><th scope=\"col\">签发日期</th>"
	    "<th scope=\"col\">状态</th><th scope=\"col\">查看</th></tr></thead>\n<tbody>\n");
	for (x = docs_first(d, r->id); x != NULL; x = docs_next(d, x)) {
		i++;
		cal_format(x->date, ds);
		html_printf(b, "<tr><td class=\"doc-number\">%s</td><td>%s</td>"
		    "<td>%s</td><td>", doc_number(d, x), kind_title(d, x), ds);
		if (x->replaced_by != 0)
			html_printf(b, "已由%s更正", doc_number(d,
			    &d->v[x->replaced_by - 1]));
		else
			html_lit(b, "有效");
		html_printf(b, "</td><td><a href=\"/staff/case/%s/doc/%d\">查看和打印</a>"
		    " · <a href=\"/staff/case/%s/doc/%d.pdf\">PDF</a></td></tr>\n",
		    r->id, i, r->id, i);
	}
	html_lit(b, "</tbody></table>\n");
}

/* One document's form: its text, filled from the case or as typed, and
   签发.  replaces: the 文号 it corrects, or NULL. */
static void
doc_form(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct doc_kind *k, const char *key, const char *replaces, int n)
{
	const char *msg = NULL, *pk = desk_posted(q, "kind"),
	    *ps = desk_posted(q, "step"), *pr = desk_posted(q, "replaces");
	struct buf text;
	int again;

	again = q->r->method == CGI_POST && strcmp(pk, k->code) == 0 &&
	    strcmp(ps, key) == 0 && strcmp(pr, replaces ? replaces : "") == 0;
	buf_init(&text);
	if (again)
		buf_adds(&text, desk_posted(q, "text"));
	else if (doc_fill(&q->c->b.docs, &q->c->b.cases, r, k, key, &text,
	    &msg) != DOC_OK) {
		html_printf(b, "<p class=\"error-msg\">%s：%s</p>\n", k->title,
		    msg != NULL ? msg : "无法填写");
		buf_free(&text);
		return;
	}
	html_printf(b, "<form method=\"post\" action=\"/staff/case/%s/doc\" "
	    "class=\"action doc-draft\" id=\"doc-%d\">\n", r->id, n);
	desk_csrf_field(b, q);
	html_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\">\n"
	    "<input type=\"hidden\" name=\"step\" value=\"%s\">\n", k->code, key);
	if (replaces != NULL)
		html_printf(b, "<input type=\"hidden\" name=\"replaces\" value=\"%s\">\n",
		    replaces);
	html_printf(b, "<div class=\"field\"><label for=\"doc-%d-text\">%s%s的正文"
	    "（每行一段，可修改；{doc_number} 和 {date} 在签发时填入）</label>\n"
	    "<textarea id=\"doc-%d-text\" name=\"text\" rows=\"14\" maxlength=\"%d\">",
	    n, k->title, replaces != NULL ? "（更正）" : "", n, DOC_TEXT_MAX);
	html_esc(b, text.s);
	html_printf(b, "</textarea></div>\n<p><button type=\"submit\">%s</button></p>\n"
	    "</form>\n", replaces != NULL ? "签发更正文书" : "签发");
	buf_free(&text);
}

void
desk_docs(struct buf *b, const struct req *q, const struct app_rec *r)
{
	const struct docs *d = &q->c->b.docs;
	struct doc_due due[64];
	size_t n, i;
	int f = 0;

	html_lit(b, "<h2 id=\"docs\">文书</h2>\n");
	issued_list(b, q, r);
	n = doc_steps(d, &q->c->b.cases, r, due, sizeof(due) / sizeof(due[0]));
	for (i = 0; i < n; i++) {
		f++;
		if (due[i].issued == NULL) {
			html_printf(b, "<h3>待签发：%s</h3>\n", due[i].kind->title);
			doc_form(b, q, r, due[i].kind, due[i].key, NULL, f);
			continue;
		}
		html_printf(b, "<details class=\"doc-fix\"><summary>更正%s（%s）</summary>\n",
		    due[i].kind->title, doc_number(d, due[i].issued));
		doc_form(b, q, r, due[i].kind, due[i].key,
		    doc_number(d, due[i].issued), f);
		html_lit(b, "</details>\n");
	}
	/* Kinds at staff's choice (说明理由告知书), for a received case. */
	if (r->received < 0 && n == 0)
		return;
	for (i = 0; i < d->nkinds; i++) {
		if (d->kinds[i].steps != 0)
			continue;
		f++;
		html_printf(b, "<details class=\"doc-extra\"><summary>另行签发%s</summary>\n",
		    d->kinds[i].title);
		doc_form(b, q, r, &d->kinds[i], "", NULL, f);
		html_lit(b, "</details>\n");
	}
}

/* POST /staff/case/ID/doc */
static void
issue(struct req *q, const struct app_rec *r)
{
	struct doc_issue in;
	const struct doc_rec *x = NULL, *y;
	const char *msg = NULL, *p;
	struct buf text;
	char loc[96];
	enum doc_err e;
	int i;

	memset(&in, 0, sizeof(in));
	in.case_id = r->id;
	in.kind = desk_posted(q, "kind");
	in.step = desk_posted(q, "step");
	in.staff = q->s.who->name;
	in.text = desk_posted(q, "text");
	in.replaces = desk_posted(q, "replaces");
	if (docs_kind(&q->c->b.docs, in.kind) == NULL) {
		desk_error(q, 400, "未知的文书种类。");
		return;
	}
	if (utf8_len(in.text) > DOC_TEXT_MAX) {
		desk_case(q, r, "文书正文过长。", 400);
		return;
	}
	/* A browser sends a textarea's lines ended by CR LF (HTML's
	   normalisation of CR, LF and CR LF): a paragraph a line, as the
	   template's. */
	buf_init(&text);
	for (p = in.text; *p != '\0'; p++)
		if (*p != '\r')
			buf_addc(&text, *p);
		else if (p[1] != '\n')
			buf_addc(&text, '\n');
	in.text = text.s;
	e = doc_issue(&q->c->b.docs, &q->c->b.cases, &in, q->now, &x, &msg);
	buf_free(&text);
	switch (e) {
	case DOC_OK:
		for (i = 1, y = docs_first(&q->c->b.docs, r->id); y != NULL &&
		    y != x; y = docs_next(&q->c->b.docs, y))
			i++;
		(void)snprintf(loc, sizeof(loc), "/staff/case/%s/doc/%d", r->id, i);
		desk_redirect(q, loc);
		return;
	case DOC_ENOCASE:
		desk_error(q, 404, "没有这个申请编号。");
		return;
	case DOC_EKIND:
	case DOC_ESTEP:
	case DOC_EINPUT:
		desk_case(q, r, msg != NULL ? msg : "文书无法签发。", 400);
		return;
	case DOC_EDUP:
		(void)docs_refresh(&q->c->b.docs);
		desk_case(q, r, "这一步的文书已经签发，请查看文书列表；如需更正，请使用“更正”。", 409);
		return;
	case DOC_ESETTINGS:
		fprintf(stderr, "ogi-staff: documents: %s\n", msg ? msg : "settings");
		desk_case(q, r, "本机关的文号或落款未设置，无法签发，请联系管理员。", 500);
		return;
	case DOC_ENOSPC:
	case DOC_EIO:
		break;
	}
	desk_case(q, r, "系统暂时无法保存文书，请稍后再试。", 503);
}

/* GET /staff/case/ID/doc/N[.pdf] */
static void
show(struct req *q, const struct app_rec *r, const char *which)
{
	struct docs *d = &q->c->b.docs;
	const struct doc_rec *x;
	struct doc_text t;
	const char *why = NULL;
	struct buf *b = &q->resp->body;
	char *end, back[64];
	long n;
	int pdf;

	n = strtol(which, &end, 10);
	pdf = strcmp(end, ".pdf") == 0;
	if (which[0] < '1' || which[0] > '9' || (*end != '\0' && !pdf) ||
	    (x = nth_doc(d, r->id, n)) == NULL) {
		desk_error(q, 404, "没有这份文书。");
		return;
	}
	if (pdf) {
		buf_reset(b);
		if (boot_pdf(&q->c->b, x, b, &why) != 0) {
			fprintf(stderr, "ogi-staff: PDF of %s: %s\n", doc_number(d, x),
			    why);
			desk_error(q, 500, "无法生成PDF文件。");
			return;
		}
		q->resp->content_type = "application/pdf";
		(void)cgi_header(q->resp, "Content-Disposition",
		    "inline; filename=\"%s-%ld.pdf\"", r->id, n);
		return;
	}
	if (docs_read(d, x, &t) != 0) {
		desk_error(q, 503, "系统暂时无法读取这份文书，请稍后再试。");
		return;
	}
	(void)snprintf(back, sizeof(back), "/staff/case/%s#docs", r->id);
	buf_reset(b);
	doc_page(b, &q->c->b.site, &t, back, "返回案件");
	html_printf(b, "<footer class=\"screen letter-tools wrap\"><p>"
	    "<a href=\"/staff/case/%s/doc/%ld.pdf\">下载PDF</a>"
	    "（重新打印：使用浏览器的打印功能，或打印PDF）</p></footer>\n</body>\n</html>\n",
	    r->id, n);
	doc_text_free(&t);
}

void
desk_case_doc(struct req *q, const struct app_rec *r, const char *rest)
{
	if (strcmp(rest, "doc") == 0) {
		if (q->r->method != CGI_POST) {
			cgi_allow_header(q->resp, CGI_ALLOW_POST);
			desk_error(q, 405, "请使用案件页面上的“签发”按钮。");
			return;
		}
		issue(q, r);
		return;
	}
	if (strncmp(rest, "doc/", 4) != 0) {
		desk_error(q, 404, "您要访问的页面不存在。");
		return;
	}
	if (q->r->method == CGI_POST) {
		cgi_allow_header(q->resp, CGI_ALLOW_GET);
		desk_error(q, 405, "不支持这种请求方式。");
		return;
	}
	show(q, r, rest + 4);
}
