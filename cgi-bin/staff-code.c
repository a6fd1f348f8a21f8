/*
 * /staff/case/ID/code (POST): a new tracking code for an applicant who
 * lost theirs.  Audited first (a change that cannot be audited is not
 * made), queued for the applicant's e-mail address if one was given, then
 * stored: from then on the old code is not found, as any wrong code.  The
 * answer is a page with the new code, to print for an applicant at the
 * counter; it is never stored by the browser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/app.h"
#include "ogi/html.h"
#include "ogi/mail.h"
#include "ogi/outbox.h"
#include "ogi/token.h"

#include "staff.h"

/* The case page's section: what the button does. */
void
desk_code_form(struct buf *b, const struct req *q, const struct app_rec *r)
{
	html_lit(b, "<h2 id=\"code\">查询码</h2>\n<p>申请人遗失查询码时，核实身份后可发放新的查询码："
	    "原查询码立即停止使用，新查询码只显示一次（可打印交给申请人），申请人填写了电子邮箱的同时发送到该邮箱。</p>\n"
	    "<form method=\"post\" action=\"/staff/case/");
	html_urlarg(b, r->id);
	html_lit(b, "/code\">\n");
	desk_csrf_field(b, q);
	html_lit(b, "<p><button type=\"submit\">发放新的查询码</button></p>\n</form>\n");
}

void
desk_case_code(struct req *q, const struct app_rec *r)
{
	struct buf *b = &q->resp->body, m;
	char code[TOKEN_CODE_SHOWN + 1], title[64];
	char *vals[APP_FIELD__MAX];
	int have, mailed = 0;

	if (q->r->method != CGI_POST) {
		desk_error(q, 405, "请使用案件页面上的“发放新的查询码”按钮。");
		return;
	}
	if (auth_audit(&q->c->auth, q->now, q->s.who->login, "code_reissue",
	    r->id) != STORE_OK) {
		desk_error(q, 503, "系统暂时无法记录这一操作，没有发放新的查询码。请稍后再试。");
		return;
	}
	have = apps_read_fields(&q->c->b.cases.apps, r, vals) == 0;
	token_code_new(code);
	if (have && vals[APP_EMAIL][0] != '\0' &&
	    q->c->b.site.mail_from[0] != '\0') {
		if (outbox_queue_code(&q->c->ob, "code", r->id, code, q->now) == STORE_OK)
			mailed = 1;
		else
			fprintf(stderr, "ogi-staff: outbox.csv: cannot queue a "
			    "new code's notice\n");
	}
	switch (apps_new_code(&q->c->b.cases.apps, r->id, q->s.who->name, q->now,
	    code)) {
	case APP_OK:
		break;
	default:
		if (have)
			form_vals_free(vals, APP_FIELD__MAX);
		desk_error(q, 503, "系统暂时无法保存新的查询码，原查询码仍然有效。请稍后再试。");
		return;
	}
	buf_reset(b);
	(void)snprintf(title, sizeof(title), "案件 %s 的新查询码", r->id);
	desk_begin(q, title, "queue");
	q->resp->no_store = 1;
	html_lit(b, "<div class=\"receipt\">\n<h1>新的查询码</h1>\n<dl class=\"facts\">\n"
	    "<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, r->id);
	html_lit(b, "</dd>\n<dt>新查询码</dt><dd class=\"code\">");
	html_esc(b, code);
	html_lit(b, "</dd>\n</dl>\n<p class=\"warn\"><strong>新查询码只显示这一次。</strong>"
	    "原查询码已经停止使用。请打印本页（使用浏览器的“打印”功能）交给申请人，"
	    "或告诉申请人记下。</p>\n");
	if (mailed) {
		buf_init(&m);
		mail_mask(vals[APP_EMAIL], &m);
		html_lit(b, "<p>新查询码也将发送到申请人的电子邮箱 ");
		html_esc(b, m.s);
		html_lit(b, "。</p>\n");
		buf_free(&m);
	}
	html_lit(b, "<p><a href=\"/staff/case/");
	html_urlarg(b, r->id);
	html_lit(b, "\">返回案件</a></p>\n</div>\n");
	html_end(b, &q->c->b.site);
	sodium_memzero(code, sizeof(code));
	if (have)
		form_vals_free(vals, APP_FIELD__MAX);
}
