/*
 * /track: a case found by its tracking code alone — its state, dates, due
 * date, outcome and public steps.  Every wrong code gets the same answer.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/site.h"
#include "ogi/token.h"

#include "public.h"

static void
track_form(struct buf *b, const char *typed_code, const char *err)
{
	/* A class name or an id as a %s value: escaped, and none needs it. */
	html_printf(b, "<form method=\"post\" action=\"/track\" class=\"track\">\n"
	    "<div class=\"field%s\">\n", err != NULL ? " has-error" : "");
	html_lit(b, "<label for=\"f-code\">查询码</label>\n"
	    "<p class=\"hint\" id=\"h-code\">提交申请时页面显示的20位查询码，如 ABCDE-12345-FGHJK-67890；不区分大小写。"
	    "查询码遗失的，请按<a href=\"/guide#contact\">政府信息公开指南</a>中的联系方式与本机关联系。</p>\n");
	if (err != NULL)
		html_printf(b, "<p class=\"field-error\" id=\"e-code\">%s</p>\n", err);
	html_lit(b, "<input type=\"text\" id=\"f-code\" name=\"code\" "
	    "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"40\" value=\"");
	html_esc(b, typed_code != NULL ? typed_code : "");
	if (err != NULL)
		html_lit(b, "\" aria-describedby=\"h-code e-code\" aria-invalid=\"true\">\n</div>\n");
	else
		html_lit(b, "\" aria-describedby=\"h-code\">\n</div>\n");
	html_lit(b, "<p><button type=\"submit\" class=\"primary\">查询</button></p>\n</form>\n"
	    "<p class=\"hint\">查询码只在提交申请时显示一次；申请时填写了电子邮箱的，也发送到了该邮箱。"
	    "遗失查询码的，请携带申请编号和身份证明与本机关联系，核实身份后发放新的查询码，原查询码随即停止使用。</p>\n");
}

/* The applicant's view: state, dates, due date, the public steps. */
static void
show_case(struct buf *b, struct pub *c, const struct app_rec *r,
    const char *code)
{
	struct case_view v;
	int online = strcmp(app_channel(r), "网络") == 0 && r->received < 0;
	char sub[17];

	case_view(&c->b.cases, r, cases_today(&c->b.cases, site_now()), &v, NULL);
	app_submitted(r, sub);
	html_printf(b, "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">%s</dd>\n"
	    "<dt>当前状态</dt><dd class=\"state\">%s</dd>\n"
	    "<dt>收到申请方式</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
	    "<dt>收到申请日期</dt><dd class=\"received\">", r->id,
	    case_state_labels[v.state], app_channel(r),
	    online ? "提交时间" : "登记时间", sub);
	pub_date(b, v.received, "尚未确认收到");
	html_lit(b, "</dd>\n<dt>答复期限</dt><dd class=\"due\">");
	switch (v.due_status) {
	case DUE_NONE:
		html_lit(b, "确认收到后，按工作日计算并在此显示");
		break;
	case DUE_OK:
		out_due(b, &c->b.cases, v.due, v.prov_from);
		if (v.extended)
			html_lit(b, "（已延长）");
		break;
	case DUE_SUPPLEMENT:
		html_lit(b, "等待您补正，自本机关收到补正材料之日起重新计算");
		if (v.supp_deadline >= 0) {
			html_lit(b, "；补正期限：");
			out_due(b, &c->b.cases, v.supp_deadline,
			    v.supp_deadline_prov ? v.supp_requested : -1);
		}
		break;
	case DUE_CONSULT:
		html_lit(b, "征求第三方或其他机关意见期间，期限暂停计算");
		break;
	case DUE_FEE:
		html_lit(b, "已向您发出收费通知，期限自通知之日起暂停计算，缴费后恢复计算");
		if (v.fee_deadline >= 0) {
			html_lit(b, "；缴费期限：");
			out_due(b, &c->b.cases, v.fee_deadline,
			    cal_first_provisional(&c->b.cases.cal,
			    v.fee_noticed, v.fee_deadline));
		}
		break;
	case DUE_CALENDAR:	/* received before the calendar's first year */
		html_lit(b, "—");
		break;
	}
	html_lit(b, "</dd>\n");
	if (pub_outcome(c, v.outcome)[0] != '\0')
		html_printf(b, "<dt>办理结果</dt><dd class=\"outcome\">%s</dd>\n",
		    pub_outcome(c, v.outcome));
	html_lit(b, "</dl>\n<h2>办理过程</h2>\n<ol class=\"timeline\">\n");
	if (online)
		html_printf(b, "<li>%.10s 在线提交申请</li>\n", sub);
	if (r->received >= 0) {
		html_lit(b, "<li>");
		pub_date(b, r->received, "");
		html_lit(b, " 收到申请</li>\n");
	}
	pub_steps(b, c, &v);
	html_lit(b, "</ol>\n");
	pub_files(b, c, r, &v, code);
}

void
page_track(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	const struct app_rec *r = NULL;
	const char *code = NULL;
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], *body;
	struct form f;
	size_t len;
	int st;

	(void)rest;
	resp->no_store = 1;
	memset(&f, 0, sizeof(f));
	if (req->method == CGI_POST) {
		if ((st = cgi_read_body(req, 4096, &body, &len)) != 0) {
			pub_error(resp, c, st, "查询请求无法识别，请使用本页的查询表单。");
			return;
		}
		if (form_parse(&f, body, len) != FORM_OK) {
			free(body);
			pub_error(resp, c, 400, "查询码含有无效字符，请核对后重新输入。");
			return;
		}
		free(body);
	} else if (form_parse(&f, req->query, strlen(req->query)) != FORM_OK ||
	    form_get(&f, "code") != NULL) {
		/* A code in an address ends up in logs, histories and
		   bookmarks: it is taken only from the form, and not shown. */
		form_free(&f);
		pub_error(resp, c, 400, "为保护您的查询码，请不要把查询码放在网址中："
		    "请打开“查询办理进度”页面，在表单中输入查询码。");
		return;
	}
	code = form_get(&f, "code");
	html_begin(b, &c->b.site, "查询办理进度", "track");
	html_lit(b, "<h1>查询办理进度</h1>\n");
	if (code == NULL || code[0] == '\0') {
		track_form(b, NULL, NULL);
		goto out;
	}
	if (token_code_parse(code, norm) == 0) {
		token_code_hash(norm, hash);
		r = apps_by_code(&c->b.cases.apps, hash);
	}
	if (r == NULL) {
		/* The same answer for every wrong code. */
		resp->status = 404;
		track_form(b, code, "没有找到与该查询码对应的申请。请核对查询码后重新输入；"
		    "查询码遗失的，请按本网站“政府信息公开指南”中的联系方式与本机关联系。");
		goto out;
	}
	show_case(b, c, r, code);
	pub_docs(b, c, r, code);
	html_lit(b, "<h2>查询其他申请</h2>\n");
	track_form(b, NULL, NULL);
out:
	html_end(b, &c->b.site);
	form_free(&f);
}
