/*
 * /staff/new: registering an application that came in person, by fax,
 * letter or e-mail, with its received date, for the account's agency (or
 * one below it, chosen); the receipt gives the application id and the
 * tracking code (shown once).
 */
#include <string.h>

#include "ogi/annual.h"
#include "ogi/app.h"
#include "ogi/appform.h"
#include "ogi/html.h"
#include "ogi/token.h"

#include "staff.h"

/* An agency the account may register an application for: in its scope,
   and its own or one agencies.csv names (no made-up code is written). */
static int
agency_ok(const struct req *q, const char *code)
{
	return desk_reaches(q, code) && (strcmp(code, q->s.who->agency) == 0 ||
	    an_agency(&q->c->b.agencies, code) != NULL);
}

/* Which agency received it, when the account has more than one. */
static void
agency_field(struct req *q)
{
	const struct an_agencies *l = &q->c->b.agencies;
	const struct an_agency *own = an_agency(l, q->s.who->agency);
	struct buf *b = &q->resp->body;
	const char *cur = desk_posted(q, "agency");
	size_t i, n = own == NULL && agency_ok(q, q->s.who->agency);

	for (i = 0; i < l->n; i++)
		n += agency_ok(q, l->a[i].code);
	if (n < 2)
		return;
	if (cur[0] == '\0')
		cur = q->s.who->agency;
	html_lit(b, "<div class=\"field\"><label for=\"f-agency\">受理机关</label>\n"
	    "<select id=\"f-agency\" name=\"agency\">\n");
	if (own == NULL)
		html_option(b, q->s.who->agency, q->s.who->agency,
		    strcmp(cur, q->s.who->agency) == 0);
	for (i = 0; i < l->n; i++)
		if (agency_ok(q, l->a[i].code))
			html_option(b, l->a[i].code, l->a[i].name,
			    strcmp(cur, l->a[i].code) == 0);
	html_lit(b, "</select></div>\n");
}

static void
intake_form(struct req *q, struct appform *v, const char *err_channel,
    const char *err_date)
{
	struct buf *b = &q->resp->body;
	const char *ch = desk_posted(q, "channel"), *rd = desk_posted(q, "received");
	char today[CAL_DATE_LEN];
	size_t i;

	cal_format(q->today, today);
	buf_reset(b);
	desk_begin(q, "登记申请", "new");
	html_lit(b, "<h1>登记申请</h1>\n<p class=\"lead\">登记当面、传真、信函或电子邮件收到的申请。"
	    "登记后得到申请编号和查询码，请交给申请人。</p>\n");
	appform_errors(b, v);
	html_lit(b, "<form method=\"post\" action=\"/staff/new\" class=\"apply\" novalidate>\n");
	desk_csrf_field(b, q);
	html_printf(b, "<fieldset class=\"group\">\n<legend>收到方式和日期</legend>\n"
	    "<fieldset class=\"field radios%s\" id=\"f-channel\"",
	    err_channel != NULL ? " has-error" : "");
	if (err_channel != NULL)
		html_lit(b, " aria-describedby=\"e-channel\"");
	html_lit(b, ">\n<legend>收到申请的方式（请选择）<span class=\"req\" aria-hidden=\"true\">*"
	    "</span></legend>\n");
	if (err_channel != NULL)
		html_printf(b, "<p class=\"field-error\" id=\"e-channel\">%s</p>\n",
		    err_channel);
	/* The stored channels' labels: what a case's channel is. */
	for (i = 0; app_channels[i] != NULL; i++) {
		html_printf(b, "<label class=\"choice\"><input type=\"radio\" name=\"channel\" "
		    "id=\"f-channel-%zu\" value=\"%s\"", i, app_channels[i]);
		if (strcmp(ch, app_channels[i]) == 0)
			html_lit(b, " checked");
		html_printf(b, "> %s%s</label>\n", app_channels[i],
		    strcmp(app_channels[i], "网络") == 0 ? "（电子邮件等）" : "");
	}
	html_printf(b, "</fieldset>\n<div class=\"field%s\">",
	    err_date != NULL ? " has-error" : "");
	html_lit(b, "<label for=\"f-received\">收到日期"
	    "<span class=\"req\" aria-hidden=\"true\">*</span></label>\n"
	    "<p class=\"hint\" id=\"h-received\">当面提交的为提交之日；邮寄的为签收之日；"
	    "传真、电子邮件为双方确认之日（《条例》第三十一条）。</p>\n");
	if (err_date != NULL)
		html_printf(b, "<p class=\"field-error\" id=\"e-received\">%s</p>\n", err_date);
	html_printf(b, "<input type=\"date\" id=\"f-received\" name=\"received\" value=\"%s\" "
	    "max=\"%s\" aria-describedby=\"h-received%s\"></div>\n",
	    rd[0] ? rd : today, today, err_date ? " e-received" : "");
	agency_field(q);
	html_lit(b, "</fieldset>\n");
	appform_fields(b, v);
	html_lit(b, "<p><button type=\"submit\" class=\"primary\">登记</button></p>\n</form>\n");
	html_end(b, &q->c->b.site);
}

static void
intake_receipt(struct req *q, const char *id, const char *code, const char *received,
    const char *agency)
{
	struct buf *b = &q->resp->body;
	const struct an_agency *ag = an_agency(&q->c->b.agencies, agency);

	buf_reset(b);
	desk_begin(q, "申请已登记", "new");
	html_printf(b, "<div class=\"receipt\">\n<h1>申请已登记</h1>\n<dl class=\"facts\">\n"
	    "<dt>申请编号</dt><dd class=\"app-id\">%s</dd>\n"
	    "<dt>查询码</dt><dd class=\"code\">%s</dd>\n"
	    "<dt>收到日期</dt><dd>%s</dd>\n<dt>受理机关</dt><dd>%s</dd>\n", id, code,
	    received, ag != NULL ? ag->name : agency);
	html_lit(b, "</dl>\n<p class=\"warn\"><strong>查询码只显示这一次。</strong>"
	    "请打印本页或抄给申请人；申请人可凭查询码在网站查询办理进度。</p>\n<p><a href=\"/staff/case/");
	html_urlarg(b, id);
	html_lit(b, "\">打开此案件</a> · <a href=\"/staff/new\">继续登记</a></p>\n</div>\n");
	html_end(b, &q->c->b.site);
}

void
page_new(struct req *q, const char *rest)
{
	struct appform v;
	const struct app_rec *dup;
	struct app_new how;
	const char *errs[APP_FIELD__MAX], *ch, *rd, *ag, *e_ch = NULL, *e_rd = NULL;
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	cal_day d;
	size_t i;

	(void)rest;
	memset(&v, 0, sizeof(v));
	if (q->r->method != CGI_POST) {
		intake_form(q, &v, NULL, NULL);
		return;
	}
	/* The record's agency: the account's own, or one below it. */
	ag = desk_posted(q, "agency");
	if (ag[0] == '\0')
		ag = q->s.who->agency;
	if (!agency_ok(q, ag)) {
		desk_error(q, 403, "不能为这一机关登记申请：只能登记本机关及所属部门收到的申请。");
		return;
	}
	v.in = &q->post;
	v.errs = errs;
	v.nerr = app_validate(&q->post, vals, errs);
	ch = desk_posted(q, "channel");
	rd = desk_posted(q, "received");
	for (i = 0; app_channels[i] != NULL; i++)
		if (strcmp(ch, app_channels[i]) == 0)
			break;
	if (app_channels[i] == NULL) {
		e_ch = "请选择收到申请的方式。";
		v.extra[v.nextra].anchor = "f-channel-0";
		v.extra[v.nextra++].msg = "收到申请的方式：请选择。";
		v.nerr++;
	}
	if (cal_parse(rd, &d) != 0 || d > q->today) {
		e_rd = "请填写不晚于今天的有效日期（YYYY-MM-DD）。";
		v.extra[v.nextra].anchor = "f-received";
		v.extra[v.nextra++].msg = "收到日期：请填写不晚于今天的有效日期。";
		v.nerr++;
	}
	if (v.nerr > 0) {
		intake_form(q, &v, e_ch, e_rd);
		q->resp->status = 400;
		goto out;
	}
	how.channel = ch;
	how.received = rd;
	how.form_id = NULL;
	how.agency = ag;
	how.keep_code = 0;
	if (vals[APP_EMAIL][0] != '\0' &&
	    q->c->b.site.mail_from[0] != '\0') {
		/* The code by mail too, queued before the application (the
		   sender mails it once an application with it is on file). */
		token_code_new(code);
		how.keep_code = 1;
		if (outbox_queue_code(&q->c->ob, "receipt", "", code, q->now) != STORE_OK)
			fprintf(stderr, "ogi-staff: outbox.csv: cannot queue a "
			    "receipt notice\n");
	}
	switch (apps_submit(&q->c->b.cases.apps, vals, &how, q->now, id, code, &dup)) {
	case APP_OK:
		/* Who registers a case takes it, until it is given to
		   someone else. */
		{
			const struct app_rec *nr;

			if (cases_refresh(&q->c->b.cases) == STORE_OK &&
			    (nr = apps_by_id(&q->c->b.cases.apps, id)) != NULL)
				desk_assign_self(q, nr);
		}
		intake_receipt(q, id, code, rd, ag);
		break;
	case APP_DUP:
	case APP_ENOSPC:
	case APP_EIO:
		v.notice = "系统暂时无法保存，申请没有登记。";
		intake_form(q, &v, NULL, NULL);
		q->resp->status = 503;
		break;
	}
out:
	form_vals_free(vals, APP_FIELD__MAX);
}
