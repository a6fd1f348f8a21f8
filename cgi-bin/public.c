/*
 * ogi-public: the citizen's side of the site.
 *
 *   /        what the service is
 *   /apply   the application form (GET) and its submission (POST)
 *   /track   a case looked up by its tracking code
 *
 * Thin by design: route, decode, call the core, render.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/app.h"
#include "ogi/appform.h"
#include "ogi/case.h"
#include "ogi/buf.h"
#include "ogi/cgi.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/site.h"
#include "ogi/token.h"

#define BODY_LIMIT	(64 * 1024)
#define FORM_MAX_AGE	(24 * 60 * 60)	/* a form is good for a day */

struct ctx {
	struct site	site;
	struct cases	cases;
	unsigned char	key[TOKEN_KEY_BYTES];
};

enum page { PAGE_HOME, PAGE_APPLY, PAGE_TRACK, PAGE__MAX };

static const char *const page_paths[PAGE__MAX] = {
	[PAGE_HOME] = "/",
	[PAGE_APPLY] = "/apply",
	[PAGE_TRACK] = "/track",
};

static void
error_page(struct cgi_resp *resp, const struct ctx *c, int status,
    const char *msg)
{
	resp->status = status;
	buf_reset(&resp->body);
	html_error_page(&resp->body, &c->site, status, msg);
}

/* Home */

static void
page_home(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body;

	(void)req;
	html_begin(b, &c->site, "首页", "home");
	buf_adds(b, "<h1>政府信息公开申请</h1>\n<p class=\"lead\">公民、法人或者其他组织可以向");
	html_esc(b, c->site.body_name);
	buf_adds(b, "申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。"
	    "在线提交申请后，您会得到申请编号和查询码，可随时查询办理进度。</p>\n"
	    "<ul class=\"cards\">\n"
	    "<li><a class=\"card\" href=\"/apply\"><strong>提交申请</strong>"
	    "<span>在线填写政府信息公开申请表</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/track\"><strong>查询办理进度</strong>"
	    "<span>凭查询码查看申请状态和答复期限</span></a></li>\n"
	    "<li><div class=\"card card-off\"><strong>申请公开登记</strong>"
	    "<span>已收到、已办结和已答复的申请（即将开放）</span></div></li>\n"
	    "<li><div class=\"card card-off\"><strong>年度报告统计表</strong>"
	    "<span>政府信息公开工作年度报告统计数据（即将开放）</span></div></li>\n"
	    "</ul>\n"
	    "<h2>办理时限</h2>\n<p>本机关确认收到申请之日为收到申请之日。能够当场答复的当场答复；"
	    "不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，经批准可延长不超过20个工作日，"
	    "并告知申请人（《条例》第三十三条）。申请内容不明确的，本机关在收到申请之日起7个工作日内一次性告知补正，"
	    "答复期限自收到补正的申请之日起计算（第三十条）。</p>\n");
	html_end(b, &c->site);
}

/* The application form */

static void
render_form(struct buf *b, const struct ctx *c, const struct appform *v)
{
	html_begin(b, &c->site, v->nerr ? "申请表（请修改）" : "提交申请", "apply");
	buf_adds(b, "<h1>政府信息公开申请表</h1>\n");
	if (v->notice != NULL) {
		buf_adds(b, "<div class=\"notice\" role=\"alert\"><p>");
		html_esc(b, v->notice);
		buf_adds(b, "</p></div>\n");
	}
	appform_errors(b, v);
	buf_adds(b, "<p class=\"lead\">请如实填写。带 <span class=\"req\">*</span> "
	    "的为必填项。您的姓名、证件号码和联系方式只用于办理本申请，不会公开。</p>\n"
	    "<form method=\"post\" action=\"/apply\" class=\"apply\" novalidate>\n");
	buf_adds(b, "<input type=\"hidden\" name=\"form_token\" value=\"");
	html_esc(b, v->token);
	buf_adds(b, "\">\n");
	/* A trap for robots: people never see or fill it. */
	buf_adds(b, "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">"
	    "网站（请勿填写）</label><input type=\"text\" id=\"f-website\" "
	    "name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");

	appform_fields(b, v);

	buf_adds(b, "<div class=\"next\">\n<h2>提交后</h2>\n<p>提交后页面会显示申请编号和查询码，"
	    "请记下或打印。本机关确认收到申请后开始计算答复期限：能够当场答复的当场答复，"
	    "不能当场答复的在收到申请之日起20个工作日内答复，需要延长的最多延长20个工作日。</p>\n</div>\n"
	    "<p><button type=\"submit\" class=\"primary\">提交申请</button></p>\n</form>\n");
	html_end(b, &c->site);
}

static void
show_form(struct cgi_resp *resp, const struct ctx *c, struct appform *v)
{
	char tok[TOKEN_FORM_LEN + 1];

	if (v->token == NULL) {
		token_form_new(c->key, site_now(), tok);
		v->token = tok;
	}
	buf_reset(&resp->body);
	render_form(&resp->body, c, v);
	resp->no_store = 1;
}

static void
receipt(struct cgi_resp *resp, const struct ctx *c, const char *id,
    const char *code, time_t now, char *const *vals)
{
	struct buf *b = &resp->body;
	char when[SITE_TIME_LEN];
	struct tm tm;

	site_localtime(&c->site, now, &tm);
	(void)snprintf(when, sizeof(when), "%04d年%d月%d日 %02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	resp->no_store = 1;
	html_begin(b, &c->site, "申请已提交", "apply");
	buf_adds(b, "<div class=\"receipt\">\n<h1>申请已提交</h1>\n"
	    "<p class=\"lead\">您的政府信息公开申请已保存。请记下或打印本页。</p>\n"
	    "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, id);
	buf_adds(b, "</dd>\n<dt>查询码</dt><dd class=\"code\">");
	html_esc(b, code);
	buf_adds(b, "</dd>\n<dt>提交时间</dt><dd>");
	html_esc(b, when);
	buf_adds(b, "</dd>\n<dt>受理机关</dt><dd>");
	html_esc(b, c->site.body_name);
	buf_adds(b, "</dd>\n<dt>所需信息名称</dt><dd>");
	html_esc(b, vals[APP_SUBJECT]);
	buf_adds(b, "</dd>\n<dt>当前状态</dt><dd>已提交，待确认收到</dd>\n</dl>\n"
	    "<p class=\"warn\"><strong>查询码只显示这一次。</strong>本机关只保存查询码的摘要，"
	    "无法找回或重新显示；遗失后请携带申请编号和身份证明与本机关联系。</p>\n"
	    "<h2>接下来</h2>\n<ol>\n"
	    "<li>工作人员确认收到您的申请，确认之日为收到申请之日（《条例》第三十一条）。</li>\n"
	    "<li>本机关自收到申请之日起20个工作日内答复；需要延长的，经批准最多延长20个工作日，并告知您（第三十三条）。</li>\n"
	    "<li>申请内容不明确的，本机关在7个工作日内一次性告知需要补正的事项，答复期限自收到补正之日起计算（第三十条）。</li>\n"
	    "</ol>\n<p>您可以随时在<a href=\"/track\">查询办理进度</a>页面输入查询码查看状态和答复期限。"
	    "可使用浏览器的“打印”功能打印本页。</p>\n</div>\n");
	html_end(b, &c->site);
}

static void
apply_post(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct appform v;
	struct form f;
	struct app_new how;
	const struct app_rec *dup;
	const char *errs[APP_FIELD__MAX], *tok, *hp;
	char *vals[APP_FIELD__MAX], *body, form_id[TOKEN_HASH_HEX + 1];
	char id[16], code[TOKEN_CODE_SHOWN + 1], msg[256];
	enum form_err fe;
	enum app_err ae;
	time_t issued, now = site_now();
	size_t len, nerr;
	int st;

	if ((st = cgi_read_body(req, BODY_LIMIT, &body, &len)) != 0) {
		error_page(resp, c, st, st == 413 ?
		    "提交的内容超过了64 KB的上限，申请未保存。请缩短内容描述后重试。" :
		    st == 415 ? "请使用本网站的申请表提交申请，申请未保存。" :
		    st == 411 ? "请求缺少内容长度，申请未保存。请使用本网站的申请表提交。" :
		    "提交的数据不完整，申请未保存。请返回重新提交。");
		return;
	}
	fe = form_parse(&f, body, len);
	free(body);
	if (fe != FORM_OK) {
		error_page(resp, c, 400, form_strerror(fe));
		return;
	}
	hp = form_get(&f, "website");
	if (hp != NULL && hp[0] != '\0') {
		/* Only robots fill the hidden field. */
		form_free(&f);
		error_page(resp, c, 400, "申请未提交：表单中填写了不应填写的隐藏项目。"
		    "如果您使用了自动填表工具，请关闭后重新打开申请表填写。");
		return;
	}
	memset(&v, 0, sizeof(v));
	v.in = &f;
	v.errs = errs;
	nerr = app_validate(&f, vals, errs);
	tok = form_get(&f, "form_token");
	if (tok == NULL || token_form_check(c->key, tok, &issued, form_id) != 0 ||
	    now - issued > FORM_MAX_AGE || issued - now > 300) {
		/* Keep what was typed; a fresh token comes with the form. */
		v.notice = "申请表已过期或不是从本网站打开的，申请未提交。请核对下面的内容后再次提交。";
		v.nerr = nerr;
		show_form(resp, c, &v);
		resp->status = 400;
		goto out;
	}
	if (nerr > 0) {
		v.nerr = nerr;
		v.token = tok;
		show_form(resp, c, &v);
		resp->status = 400;
		goto out;
	}
	how.channel = "网络";
	how.received = "";	/* fixed when staff confirm receipt */
	how.form_id = form_id;
	ae = apps_submit(&c->cases.apps, vals, &how, now, id, code, &dup);
	switch (ae) {
	case APP_OK:
		receipt(resp, c, id, code, now, vals);
		break;
	case APP_DUP:
		(void)snprintf(msg, sizeof(msg), "这份申请表已经提交过（申请编号 %s），"
		    "没有再次保存。查询码只在第一次提交时显示；如需再提交一份新的申请，请重新打开申请表。",
		    dup->id);
		error_page(resp, c, 409, msg);
		break;
	case APP_ENOSPC:
	case APP_EIO:
		fprintf(stderr, "ogi-public: applications.csv: %s\n",
		    ae == APP_ENOSPC ? "disk full" : "write failed");
		v.notice = "系统暂时无法保存申请，您的申请没有提交。您填写的内容保留在下面，请稍后再次提交。";
		v.token = tok;
		show_form(resp, c, &v);
		resp->status = 503;
		break;
	}
out:
	form_vals_free(vals, APP_FIELD__MAX);
	form_free(&f);
}

static void
page_apply(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct appform v;

	if (req->method == CGI_POST) {
		apply_post(req, resp, c);
		return;
	}
	memset(&v, 0, sizeof(v));
	show_form(resp, c, &v);
}

/* Tracking */

static void
track_form(struct buf *b, const char *typed_code, const char *err)
{
	buf_adds(b, "<form method=\"post\" action=\"/track\" class=\"track\">\n"
	    "<div class=\"field");
	buf_adds(b, err ? " has-error\">\n" : "\">\n");
	buf_adds(b, "<label for=\"f-code\">查询码</label>\n"
	    "<p class=\"hint\" id=\"h-code\">提交申请时页面显示的20位查询码，如 ABCDE-12345-FGHJK-67890；不区分大小写。</p>\n");
	if (err != NULL) {
		buf_adds(b, "<p class=\"field-error\" id=\"e-code\">");
		html_esc(b, err);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<input type=\"text\" id=\"f-code\" name=\"code\" "
	    "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"40\" value=\"");
	html_esc(b, typed_code != NULL ? typed_code : "");
	buf_printf(b, "\" aria-describedby=\"h-code%s\">\n</div>\n",
	    err ? " e-code\" aria-invalid=\"true" : "");
	buf_adds(b, "<p><button type=\"submit\" class=\"primary\">查询</button></p>\n</form>\n");
}

static void
date_or(struct buf *b, cal_day d, const char *none)
{
	char ds[CAL_DATE_LEN];

	if (d < 0) {
		buf_adds(b, none);
		return;
	}
	cal_format(d, ds);
	buf_adds(b, ds);
}

static const char *
decision_label(const char *code)
{
	if (code == NULL)
		return "";
	if (strcmp(code, "upheld") == 0)
		return "维持";
	if (strcmp(code, "corrected") == 0)
		return "纠正";
	return "其他结果";
}

/* The applicant's view: state, dates, due date, the public steps. */
static void
show_case(struct buf *b, const struct ctx *c, const struct app_rec *r)
{
	const struct law_outcome *o;
	const struct event *e;
	struct case_view v;
	size_t i;
	int online = strcmp(r->channel, "网络") == 0 && r->received[0] == '\0';

	case_view(&c->cases, r, cases_today(&c->cases, site_now()), &v, NULL);
	buf_adds(b, "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, r->id);
	buf_adds(b, "</dd>\n<dt>当前状态</dt><dd class=\"state\">");
	html_esc(b, case_state_labels[v.state]);
	buf_adds(b, "</dd>\n<dt>收到申请方式</dt><dd>");
	html_esc(b, r->channel);
	buf_adds(b, online ? "</dd>\n<dt>提交时间</dt><dd>" :
	    "</dd>\n<dt>登记时间</dt><dd>");
	/* 2026-11-28T09:30:00+08:00 → 2026-11-28 09:30 */
	html_escn(b, r->submitted, strnlen(r->submitted, 10));
	if (strlen(r->submitted) >= 16) {
		buf_addc(b, ' ');
		html_escn(b, r->submitted + 11, 5);
	}
	buf_adds(b, "</dd>\n<dt>收到申请日期</dt><dd class=\"received\">");
	date_or(b, v.received, "尚未确认收到");
	buf_adds(b, "</dd>\n<dt>答复期限</dt><dd class=\"due\">");
	switch (v.due_status) {
	case DUE_NONE:
		buf_adds(b, "确认收到后，按工作日计算并在此显示");
		break;
	case DUE_OK:
		date_or(b, v.due, "");
		if (v.extended)
			buf_adds(b, "（已延长）");
		break;
	case DUE_SUPPLEMENT:
		buf_adds(b, "等待您补正，自本机关收到补正材料之日起重新计算");
		if (v.supp_deadline >= 0) {
			buf_adds(b, "；补正期限：");
			date_or(b, v.supp_deadline, "");
		}
		break;
	case DUE_CONSULT:
		buf_adds(b, "征求第三方或其他机关意见期间，期限暂停计算");
		break;
	case DUE_CALENDAR:
		buf_adds(b, "待本机关公布下一年度节假日安排后计算");
		break;
	}
	buf_adds(b, "</dd>\n");
	if (v.outcome != NULL && (o = law_outcome(&c->cases.law, v.outcome)) != NULL) {
		buf_adds(b, "<dt>办理结果</dt><dd class=\"outcome\">");
		if (strcmp(o->group, o->label) != 0) {
			html_esc(b, o->group);
			buf_adds(b, "：");
		}
		html_esc(b, o->label);
		buf_adds(b, "</dd>\n");
	}
	buf_adds(b, "</dl>\n<h2>办理过程</h2>\n<ol class=\"timeline\">\n");
	if (online) {
		buf_adds(b, "<li>");
		html_escn(b, r->submitted, strnlen(r->submitted, 10));
		buf_adds(b, " 在线提交申请</li>\n");
	}
	if (r->received[0] != '\0') {
		buf_adds(b, "<li>");
		html_esc(b, r->received);
		buf_adds(b, " 收到申请</li>\n");
	}
	for (i = v.first_event; i != 0; i = e->next) {
		e = &c->cases.ev[i - 1];
		if (e->type == EV_WITHHOLD)
			continue;	/* staff's business */
		buf_adds(b, "<li>");
		date_or(b, e->date, "");
		buf_addc(b, ' ');
		html_esc(b, ev_labels[e->type]);
		if (e->type == EV_SUPP_REQ && e->days > 0)
			buf_printf(b, "（补正期限%d个工作日）", e->days);
		if (e->type == EV_EXTEND && e->days > 0)
			buf_printf(b, "（延长%d个工作日）", e->days);
		if (e->type == EV_ANSWER &&
		    (o = law_outcome(&c->cases.law, e->outcome)) != NULL) {
			buf_adds(b, "：");
			html_esc(b, o->label);
		}
		if (e->type == EV_REVIEW_DECIDED || e->type == EV_SUIT_DECIDED) {
			buf_adds(b, "：");
			html_esc(b, decision_label(e->outcome));
		}
		buf_adds(b, "</li>\n");
	}
	buf_adds(b, "</ol>\n");
}

static void
page_track(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body;
	const struct app_rec *r = NULL;
	const char *code = NULL;
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], *body;
	struct form f;
	size_t len;
	int st;

	resp->no_store = 1;
	memset(&f, 0, sizeof(f));
	if (req->method == CGI_POST) {
		if ((st = cgi_read_body(req, 4096, &body, &len)) != 0) {
			error_page(resp, c, st, "查询请求无法识别，请使用本页的查询表单。");
			return;
		}
		if (form_parse(&f, body, len) != FORM_OK) {
			free(body);
			error_page(resp, c, 400, "查询码含有无效字符，请核对后重新输入。");
			return;
		}
		free(body);
	} else if (form_parse(&f, req->query, strlen(req->query)) != FORM_OK) {
		error_page(resp, c, 400, "查询码含有无效字符，请核对后重新输入。");
		return;
	}
	code = form_get(&f, "code");
	html_begin(b, &c->site, "查询办理进度", "track");
	buf_adds(b, "<h1>查询办理进度</h1>\n");
	if (code == NULL || code[0] == '\0') {
		track_form(b, NULL, NULL);
		goto out;
	}
	if (token_code_parse(code, norm) == 0) {
		token_code_hash(norm, hash);
		r = apps_by_code(&c->cases.apps, hash);
	}
	if (r == NULL) {
		/* The same answer for every wrong code. */
		resp->status = 404;
		track_form(b, code, "没有找到与该查询码对应的申请。请核对查询码后重新输入。");
		goto out;
	}
	show_case(b, c, r);
	buf_adds(b, "<h2>查询其他申请</h2>\n");
	track_form(b, NULL, NULL);
out:
	html_end(b, &c->site);
	form_free(&f);
}

static void
dispatch(struct cgi_req *req, struct cgi_resp *resp, void *arg)
{
	struct ctx *c = arg;
	enum store_err e;
	size_t p;

	for (p = 0; p < PAGE__MAX; p++)
		if (strcmp(req->path, page_paths[p]) == 0)
			break;
	if (p == PAGE__MAX) {
		error_page(resp, c, 404, "您要访问的页面不存在。");
		return;
	}
	if (req->method == CGI_OTHER ||
	    (req->method == CGI_POST && p == PAGE_HOME)) {
		buf_adds(&resp->headers, p == PAGE_HOME ?
		    "Allow: GET, HEAD\r\n" : "Allow: GET, HEAD, POST\r\n");
		error_page(resp, c, 405, "不支持这种请求方式。");
		return;
	}
	if ((e = cases_refresh(&c->cases)) != STORE_OK) {
		fprintf(stderr, "ogi-public: records: %s\n",
		    store_strerror(e));
		error_page(resp, c, 503, "系统暂时无法读取申请记录，请稍后再试。");
		return;
	}
	switch ((enum page)p) {
	case PAGE_HOME:  page_home(req, resp, c); break;
	case PAGE_APPLY: page_apply(req, resp, c); break;
	case PAGE_TRACK: page_track(req, resp, c); break;
	case PAGE__MAX:  break;
	}
}

int
main(void)
{
	struct ctx c;
	const char *why = NULL;
	int rc;

	if (token_init() != 0) {
		fprintf(stderr, "ogi-public: libsodium failed to start\n");
		return 1;
	}
	if (site_load(&c.site, &why) != 0) {
		fprintf(stderr, "ogi-public: site.csv: %s\n", why);
		return 1;
	}
	if (token_key_load(c.site.data_dir, c.key) != 0) {
		fprintf(stderr, "ogi-public: %s/secret.key: cannot read or create\n",
		    c.site.data_dir);
		return 1;
	}
	if (cases_open(&c.cases, &c.site, &why) != 0) {
		fprintf(stderr, "ogi-public: %s\n", why);
		return 1;
	}
	rc = cgi_serve(dispatch, &c);
	cases_close(&c.cases);
	site_free(&c.site);
	return rc;
}
