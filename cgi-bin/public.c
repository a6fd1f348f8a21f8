/*
 * ogi-public: the citizen's side of the site.
 *
 *   /        what the service is
 *   /apply   the application form (GET) and its submission (POST)
 *   /track   a case looked up by its tracking code
 *
 * Thin by design: route, decode, call the core, render.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/annual.h"
#include "ogi/app.h"
#include "ogi/boot.h"
#include "ogi/appform.h"
#include "ogi/case.h"
#include "ogi/buf.h"
#include "ogi/cgi.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/limit.h"
#include "ogi/register.h"
#include "ogi/site.h"
#include "ogi/token.h"

#define BODY_LIMIT	(64 * 1024)
#define FORM_MAX_AGE	(24 * 60 * 60)	/* a form is good for a day */

struct ctx {
	struct boot	b;	/* site, key, cases, formats, agencies */
	struct reg	reg;
	struct limiter	limit;
	struct cgi_cache cache;	/* pages every reader sees alike */
	char		*annual_dir;
	int		 annual_fd;	/* the directory, once it exists */
};

enum page { PAGE_HOME, PAGE_APPLY, PAGE_TRACK, PAGE_REQUESTS, PAGE_CSV,
    PAGE_ATOM, PAGE_REQUEST, PAGE_ANNUALS, PAGE_ANNUAL, PAGE__MAX };

static const char *const page_paths[PAGE__MAX] = {
	[PAGE_HOME] = "/",
	[PAGE_APPLY] = "/apply",
	[PAGE_TRACK] = "/track",
	[PAGE_REQUESTS] = "/requests",
	[PAGE_CSV] = "/requests.csv",
	[PAGE_ATOM] = "/requests.atom",
	[PAGE_REQUEST] = "/requests/",		/* a prefix: /requests/ID */
	[PAGE_ANNUALS] = "/annual/",
	[PAGE_ANNUAL] = "/annual/YEAR",		/* /annual/2016, /annual/2016.csv */
};

static void
error_page(struct cgi_resp *resp, const struct ctx *c, int status,
    const char *msg)
{
	resp->status = status;
	buf_reset(&resp->body);
	html_error_page(&resp->body, &c->b.site, status, msg);
}

/* The time limits in force today, from data/limits.csv. */
static const struct law_limits *
limits_now(const struct ctx *c)
{
	return law_limits_for(&c->b.cases.law, cases_today(&c->b.cases, site_now()));
}

/* Home */

static void
page_home(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body;
	const struct law_limits *lim;

	(void)req;
	html_begin(b, &c->b.site, "首页", "home");
	buf_adds(b, "<h1>政府信息公开申请</h1>\n<p class=\"lead\">公民、法人或者其他组织可以向");
	html_esc(b, c->b.site.body_name);
	buf_adds(b, "申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。"
	    "在线提交申请后，您会得到申请编号和查询码，可随时查询办理进度。</p>\n"
	    "<ul class=\"cards\">\n"
	    "<li><a class=\"card\" href=\"/apply\"><strong>提交申请</strong>"
	    "<span>在线填写政府信息公开申请表</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/track\"><strong>查询办理进度</strong>"
	    "<span>凭查询码查看申请状态和答复期限</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/requests\"><strong>申请公开登记</strong>"
	    "<span>本机关收到、办结和答复的申请（不含申请人信息）</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/annual/\"><strong>年度报告统计表</strong>"
	    "<span>政府信息公开工作年度报告的统计数据</span></a></li>\n"
	    "</ul>\n");
	lim = limits_now(c);
	buf_printf(b, "<h2>办理时限</h2>\n<p>本机关确认收到申请之日为收到申请之日。能够当场答复的当场答复；"
	    "不能当场答复的，自收到申请之日起%d个工作日内答复；需要延长的，经批准可延长不超过%d个工作日，"
	    "并告知申请人（《条例》第三十三条）。", lim->answer_days, lim->extension_days);
	if (lim->supplement_notice_days > 0)
		buf_printf(b, "申请内容不明确的，本机关在收到申请之日起%d个工作日内一次性告知补正，"
		    "答复期限自收到补正的申请之日起计算（第三十条）。", lim->supplement_notice_days);
	buf_adds(b, "</p>\n");
	html_end(b, &c->b.site);
}

/* The application form */

static void
render_form(struct buf *b, const struct ctx *c, const struct appform *v)
{
	const struct law_limits *lim = limits_now(c);

	html_begin(b, &c->b.site, v->nerr ? "申请表（请修改）" : "提交申请", "apply");
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

	buf_printf(b, "<div class=\"next\">\n<h2>提交后</h2>\n<p>提交后页面会显示申请编号和查询码，"
	    "请记下或打印。本机关确认收到申请后开始计算答复期限：能够当场答复的当场答复，"
	    "不能当场答复的在收到申请之日起%d个工作日内答复，需要延长的最多延长%d个工作日。</p>\n</div>\n"
	    "<p><button type=\"submit\" class=\"primary\">提交申请</button></p>\n</form>\n",
	    lim->answer_days, lim->extension_days);
	html_end(b, &c->b.site);
}

static void
show_form(struct cgi_resp *resp, const struct ctx *c, struct appform *v)
{
	char tok[TOKEN_FORM_LEN + 1];

	if (v->token == NULL) {
		token_form_new(c->b.key, site_now(), tok);
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
	const struct law_limits *lim;
	char when[SITE_TIME_LEN];
	struct tm tm;

	site_localtime(&c->b.site, now, &tm);
	(void)snprintf(when, sizeof(when), "%04d年%d月%d日 %02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	resp->no_store = 1;
	html_begin(b, &c->b.site, "申请已提交", "apply");
	buf_adds(b, "<div class=\"receipt\">\n<h1>申请已提交</h1>\n"
	    "<p class=\"lead\">您的政府信息公开申请已保存。请记下或打印本页。</p>\n"
	    "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, id);
	buf_adds(b, "</dd>\n<dt>查询码</dt><dd class=\"code\">");
	html_esc(b, code);
	buf_adds(b, "</dd>\n<dt>提交时间</dt><dd>");
	html_esc(b, when);
	buf_adds(b, "</dd>\n<dt>受理机关</dt><dd>");
	html_esc(b, c->b.site.body_name);
	buf_adds(b, "</dd>\n<dt>所需信息名称</dt><dd>");
	html_esc(b, vals[APP_SUBJECT]);
	buf_adds(b, "</dd>\n<dt>当前状态</dt><dd>已提交，待确认收到</dd>\n</dl>\n"
	    "<p class=\"warn\"><strong>查询码只显示这一次。</strong>本机关只保存查询码的摘要，"
	    "无法找回或重新显示；遗失后请携带申请编号和身份证明与本机关联系。</p>\n"
	    "<h2>接下来</h2>\n<ol>\n"
	    "<li>工作人员确认收到您的申请，确认之日为收到申请之日（《条例》第三十一条）。</li>\n");
	lim = limits_now(c);
	buf_printf(b, "<li>本机关自收到申请之日起%d个工作日内答复；需要延长的，经批准最多延长%d个工作日，"
	    "并告知您（第三十三条）。</li>\n", lim->answer_days, lim->extension_days);
	if (lim->supplement_notice_days > 0)
		buf_printf(b, "<li>申请内容不明确的，本机关在%d个工作日内一次性告知需要补正的事项，"
		    "答复期限自收到补正之日起计算（第三十条）。</li>\n", lim->supplement_notice_days);
	buf_adds(b, "</ol>\n<p>您可以随时在<a href=\"/track\">查询办理进度</a>页面输入查询码查看状态和答复期限。"
	    "可使用浏览器的“打印”功能打印本页。</p>\n</div>\n");
	html_end(b, &c->b.site);
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
	char id[16], code[TOKEN_CODE_SHOWN + 1], msg[512];
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
	if (tok == NULL || token_form_check(c->b.key, tok, &issued, form_id) != 0 ||
	    now - issued > FORM_MAX_AGE || issued - now > 300) {
		/* Keep what was typed; a fresh token comes with the form. */
		v.notice = "申请表已过期或不是从本网站打开的，申请未提交。请核对下面的内容后再次提交。";
		v.nerr = nerr;
		show_form(resp, c, &v);
		resp->status = 400;
		goto out;
	}
	if (now - issued < c->b.site.apply_min_seconds) {
		/* Filled in faster than a person can: likely a robot. */
		(void)snprintf(msg, sizeof(msg), "为防止自动程序提交，申请表打开后至少%d秒才能提交。"
		    "您填写的内容已保留，请核对后再次提交。", c->b.site.apply_min_seconds);
		v.notice = msg;
		v.nerr = nerr;
		v.token = tok;
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
	switch (limit_take(&c->limit, req->remote, now, c->b.site.apply_per_ip_per_hour)) {
	case 0:
		break;
	case 1:
		(void)snprintf(msg, sizeof(msg), "同一网络地址一小时内最多提交%d份申请，"
		    "这份申请没有提交。您填写的内容已保留，请稍后再试，或以信函、当面等方式提交。",
		    c->b.site.apply_per_ip_per_hour);
		v.notice = msg;
		v.token = tok;
		show_form(resp, c, &v);
		resp->status = 429;
		goto out;
	default:
		v.notice = "系统暂时无法保存申请，您的申请没有提交。您填写的内容保留在下面，请稍后再次提交。";
		v.token = tok;
		show_form(resp, c, &v);
		resp->status = 503;
		goto out;
	}
	how.channel = "网络";
	how.received = "";	/* fixed when staff confirm receipt */
	how.form_id = form_id;
	how.agency = NULL;
	ae = apps_submit(&c->b.cases.apps, vals, &how, now, id, code, &dup);
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
	buf_adds(b, err ? "\" aria-describedby=\"h-code e-code\" aria-invalid=\"true\">\n</div>\n" :
	    "\" aria-describedby=\"h-code\">\n</div>\n");
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

/* The steps anyone may see: no staff names, no notes, no withholding. */
static void
public_steps(struct buf *b, const struct ctx *c, const struct case_view *v)
{
	const struct law_outcome *o;
	const struct event *e;
	size_t i;

	for (i = v->first_event; i != 0; i = e->next) {
		e = &c->b.cases.ev[i - 1];
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
		    (o = law_outcome(&c->b.cases.law,
		    case_ev_outcome(&c->b.cases, e))) != NULL) {
			buf_adds(b, "：");
			html_esc(b, o->label);
		}
		if (e->type == EV_REVIEW_DECIDED || e->type == EV_SUIT_DECIDED) {
			buf_adds(b, "：");
			html_esc(b, decision_label(case_ev_outcome(&c->b.cases, e)));
		}
		buf_adds(b, "</li>\n");
	}
}

/* A due date, marked when it rests on a year without a holiday notice. */
static void
due_text(struct buf *b, const struct cases *cs, cal_day due, cal_day from)
{
	struct buf t;

	buf_init(&t);
	case_due_text(cs, due, from, &t);
	html_esc(b, t.s);
	buf_free(&t);
}

/* The note under a page whose figures rest on days in (from, to]. */
static void
prov_footnote(struct buf *b, const struct cases *cs, const char *what,
    cal_day from, cal_day to)
{
	struct buf t;

	if (from < 0)
		return;
	buf_init(&t);
	case_prov_note(cs, from, to, &t);
	buf_adds(b, "<p class=\"note\">注：标“预计”的");
	html_esc(b, what);
	html_esc(b, t.s);
	buf_adds(b, "。</p>\n");
	buf_free(&t);
}

/* The applicant's view: state, dates, due date, the public steps. */
static void
show_case(struct buf *b, const struct ctx *c, const struct app_rec *r)
{
	const struct law_outcome *o;
	struct case_view v;
	int online = strcmp(app_channel(r), "网络") == 0 && r->received < 0;
	char sub[17], day[CAL_DATE_LEN];

	case_view(&c->b.cases, r, cases_today(&c->b.cases, site_now()), &v, NULL);
	buf_adds(b, "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, r->id);
	buf_adds(b, "</dd>\n<dt>当前状态</dt><dd class=\"state\">");
	html_esc(b, case_state_labels[v.state]);
	buf_adds(b, "</dd>\n<dt>收到申请方式</dt><dd>");
	html_esc(b, app_channel(r));
	buf_adds(b, online ? "</dd>\n<dt>提交时间</dt><dd>" :
	    "</dd>\n<dt>登记时间</dt><dd>");
	app_submitted(r, sub);
	html_esc(b, sub);
	buf_adds(b, "</dd>\n<dt>收到申请日期</dt><dd class=\"received\">");
	date_or(b, v.received, "尚未确认收到");
	buf_adds(b, "</dd>\n<dt>答复期限</dt><dd class=\"due\">");
	switch (v.due_status) {
	case DUE_NONE:
		buf_adds(b, "确认收到后，按工作日计算并在此显示");
		break;
	case DUE_OK:
		due_text(b, &c->b.cases, v.due, v.prov_from);
		if (v.extended)
			buf_adds(b, "（已延长）");
		break;
	case DUE_SUPPLEMENT:
		buf_adds(b, "等待您补正，自本机关收到补正材料之日起重新计算");
		if (v.supp_deadline >= 0) {
			buf_adds(b, "；补正期限：");
			due_text(b, &c->b.cases, v.supp_deadline,
			    v.supp_deadline_prov ? v.supp_requested : -1);
		}
		break;
	case DUE_CONSULT:
		buf_adds(b, "征求第三方或其他机关意见期间，期限暂停计算");
		break;
	case DUE_CALENDAR:	/* received before the calendar's first year */
		buf_adds(b, "—");
		break;
	}
	buf_adds(b, "</dd>\n");
	if (v.outcome != NULL && (o = law_outcome(&c->b.cases.law, v.outcome)) != NULL) {
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
		html_escn(b, sub, strnlen(sub, 10));
		buf_adds(b, " 在线提交申请</li>\n");
	}
	if (r->received >= 0) {
		buf_adds(b, "<li>");
		cal_format(r->received, day);
		html_esc(b, day);
		buf_adds(b, " 收到申请</li>\n");
	}
	public_steps(b, c, &v);
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
	html_begin(b, &c->b.site, "查询办理进度", "track");
	buf_adds(b, "<h1>查询办理进度</h1>\n");
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
		track_form(b, code, "没有找到与该查询码对应的申请。请核对查询码后重新输入。");
		goto out;
	}
	show_case(b, c, r);
	buf_adds(b, "<h2>查询其他申请</h2>\n");
	track_form(b, NULL, NULL);
out:
	html_end(b, &c->b.site);
	form_free(&f);
}


/* The register */

static const char *
outcome_label(const struct ctx *c, const struct case_sum *s)
{
	return s->outcome >= 0 ? c->b.cases.law.out[s->outcome].label : "";
}

static void
sum_date(struct buf *b, cal_day d)
{
	char ds[CAL_DATE_LEN];

	if (d < 0)
		return;
	cal_format(d, ds);
	buf_adds(b, ds);
}

static int
parse_query(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c,
    struct reg_query *q)
{
	const char *err = NULL;
	struct form f;

	if (form_parse(&f, req->query, strlen(req->query)) != FORM_OK) {
		error_page(resp, c, 400, "查询条件含有无效字符。");
		return -1;
	}
	if (reg_parse(q, &f, &err) != 0) {
		form_free(&f);
		error_page(resp, c, 400, err);
		return -1;
	}
	form_free(&f);
	return 0;
}

static void
option(struct buf *b, const char *value, const char *label, int selected)
{
	buf_adds(b, "<option value=\"");
	html_esc(b, value);
	buf_printf(b, "\"%s>", selected ? " selected" : "");
	html_esc(b, label);
	buf_adds(b, "</option>\n");
}

static void
filters(struct buf *b, const struct ctx *c, const struct reg_query *q, int year)
{
	const char *group = NULL;
	char v[16];
	size_t i;
	int y;

	buf_printf(b, "<form method=\"get\" action=\"/requests\" class=\"filters\">\n"
	    "<input type=\"hidden\" name=\"view\" value=\"%s\">\n"
	    "<div class=\"field\"><label for=\"f-year\">年份</label>\n"
	    "<select id=\"f-year\" name=\"year\">\n", reg_view_codes[q->view]);
	option(b, "", "全部", q->year == 0);
	for (y = year; y >= c->b.cases.cal.first_year; y--) {
		(void)snprintf(v, sizeof(v), "%d", y % 10000);
		option(b, v, v, q->year == y);
	}
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-month\">月份</label>\n"
	    "<select id=\"f-month\" name=\"month\">\n");
	option(b, "", "全部", q->month == 0);
	for (y = 1; y <= 12; y++) {
		char l[16];

		(void)snprintf(v, sizeof(v), "%d", y % 100);
		(void)snprintf(l, sizeof(l), "%d月", y % 100);
		option(b, v, l, q->month == y);
	}
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-channel\">收到方式</label>\n"
	    "<select id=\"f-channel\" name=\"channel\">\n");
	option(b, "", "全部", q->channel[0] == '\0');
	for (i = 0; app_channels[i] != NULL; i++)
		option(b, app_channels[i], app_channels[i],
		    strcmp(q->channel, app_channels[i]) == 0);
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-type\">申请人类型</label>\n"
	    "<select id=\"f-type\" name=\"type\">\n");
	option(b, "", "全部", q->atype[0] == '\0');
	option(b, "person", "自然人", strcmp(q->atype, "person") == 0);
	option(b, "org", "法人或其他组织", strcmp(q->atype, "org") == 0);
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-outcome\">办理结果</label>\n"
	    "<select id=\"f-outcome\" name=\"outcome\">\n");
	option(b, "", "全部", q->outcome[0] == '\0');
	for (i = 0; i < c->b.cases.law.nout; i++) {
		const struct law_outcome *o = &c->b.cases.law.out[i];

		if (group == NULL || strcmp(group, o->group) != 0) {
			if (group != NULL)
				buf_adds(b, "</optgroup>\n");
			buf_adds(b, "<optgroup label=\"");
			html_esc(b, o->group);
			buf_adds(b, "\">\n");
			group = o->group;
		}
		option(b, o->code, o->label, strcmp(q->outcome, o->code) == 0);
	}
	if (group != NULL)
		buf_adds(b, "</optgroup>\n");
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-sort\">排序</label>\n"
	    "<select id=\"f-sort\" name=\"sort\">\n");
	option(b, "new", "最新在前", !q->by_id);
	option(b, "id", "按申请编号", q->by_id);
	buf_adds(b, "</select></div>\n<p><button type=\"submit\">筛选</button></p>\n</form>\n");
}

static void
summary(struct buf *b, struct ctx *c, int year)
{
	struct reg_stats st;

	reg_stats(&c->reg, year, &st);
	buf_printf(b, "<section class=\"summary\" aria-labelledby=\"sum-h\">\n"
	    "<h2 id=\"sum-h\">%d年</h2>\n<ul class=\"stats\">\n"
	    "<li><a href=\"/requests?view=received&amp;year=%d\">收到申请 <strong>%zu</strong> 件</a></li>\n"
	    "<li><a href=\"/requests?view=handled&amp;year=%d\">办结 <strong>%zu</strong> 件</a></li>\n"
	    "<li><a href=\"/requests?view=answered&amp;year=%d\">答复 <strong>%zu</strong> 件</a></li>\n",
	    year, year, st.received, year, st.handled, year, st.answered);
	if (st.answered > 0)
		buf_printf(b, "<li><a href=\"/requests?view=answered&amp;year=%d\">按期答复 "
		    "<strong>%zu%%</strong></a></li>\n", year,
		    (st.on_time * 100 + st.answered / 2) / st.answered);
	if (st.median_days >= 0)
		buf_printf(b, "<li><a href=\"/requests?view=answered&amp;year=%d&amp;sort=new\">"
		    "答复用时中位数 <strong>%d</strong> 个工作日</a></li>\n", year,
		    st.median_days);
	buf_adds(b, "</ul>\n</section>\n");
}

static void
page_requests(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body;
	struct reg_query q;
	size_t rows[REG_PAGE], n, total, pages, i;
	cal_day pfrom = -1, pto = -1;
	int year, m, d;

	if (parse_query(req, resp, c, &q) != 0)
		return;
	cal_to_ymd(cases_today(&c->b.cases, site_now()), &year, &m, &d);
	total = reg_run(&c->reg, &q, (q.page - 1) * REG_PAGE, REG_PAGE, rows);
	pages = total == 0 ? 1 : (total + REG_PAGE - 1) / REG_PAGE;
	if (q.page > pages) {
		error_page(resp, c, 404, "没有这一页。");
		return;
	}
	n = total - (q.page - 1) * REG_PAGE;
	if (n > REG_PAGE)
		n = REG_PAGE;
	html_begin(b, &c->b.site, "申请公开登记", "requests");
	buf_adds(b, "<h1>申请公开登记</h1>\n<p class=\"lead\">本机关收到、办结和答复的政府信息公开申请。"
	    "登记不含申请人的姓名、证件号码、联系方式等任何个人信息；“所需信息名称”仅在申请人同意时显示。</p>\n");
	summary(b, c, year);
	buf_adds(b, "<nav class=\"tabs\" aria-label=\"登记类别\"><ul>\n");
	for (i = 0; i < REG__MAX; i++)
		buf_printf(b, "<li><a href=\"/requests?view=%s\"%s>%s</a></li>\n",
		    reg_view_codes[i], i == q.view ? " aria-current=\"page\"" : "",
		    reg_view_labels[i]);
	buf_adds(b, "</ul></nav>\n");
	filters(b, c, &q, year);
	buf_printf(b, "<p class=\"count\">共 <strong>%zu</strong> 件，第 %zu / %zu 页。"
	    "<a href=\"/requests.csv?", total, q.page, pages);
	reg_link(b, &q, 1);
	buf_adds(b, "\">下载 CSV</a> · <a href=\"/requests.atom\">订阅最新答复（Atom）</a></p>\n");
	if (n == 0) {
		buf_adds(b, "<p class=\"empty\">没有符合条件的申请。</p>\n");
		goto end;
	}
	buf_adds(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table class=\"register\">\n<caption class=\"sr-only\">");
	html_esc(b, reg_view_labels[q.view]);
	buf_adds(b, "的申请</caption>\n<thead><tr><th scope=\"col\">申请编号</th>"
	    "<th scope=\"col\">收到日期</th><th scope=\"col\">收到方式</th>"
	    "<th scope=\"col\">申请人类型</th><th scope=\"col\">所需信息名称</th>"
	    "<th scope=\"col\">状态</th><th scope=\"col\">办理结果</th>"
	    "<th scope=\"col\">答复日期</th><th scope=\"col\">用时（工作日）</th>"
	    "<th scope=\"col\">时效</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const struct app_rec *a = &c->b.cases.apps.v[rows[i]];
		const struct case_sum *s = cases_sum(&c->b.cases, rows[i]);

		buf_adds(b, "<tr><td data-label=\"申请编号\"><a href=\"/requests/");
		html_urlarg(b, a->id);
		buf_adds(b, "\">");
		html_esc(b, a->id);
		buf_adds(b, "</a></td><td data-label=\"收到日期\">");
		sum_date(b, s->received);
		buf_adds(b, "</td><td data-label=\"收到方式\">");
		html_esc(b, app_channel(a));
		buf_adds(b, "</td><td data-label=\"申请人类型\">");
		buf_adds(b, a->org ? "法人或其他组织" : "自然人");
		buf_adds(b, "</td><td data-label=\"所需信息名称\">");
		html_esc(b, reg_subject(&c->b.cases.apps, a, s));
		buf_adds(b, "</td><td data-label=\"状态\">");
		html_esc(b, case_state_labels[s->state]);
		buf_adds(b, "</td><td data-label=\"办理结果\">");
		html_esc(b, outcome_label(c, s));
		buf_adds(b, "</td><td data-label=\"答复日期\">");
		sum_date(b, s->answered);
		buf_adds(b, "</td><td data-label=\"用时（工作日）\">");
		if (s->taken >= 0)
			buf_printf(b, "%d%s", s->taken, s->taken_prov ? "（预计）" : "");
		buf_adds(b, "</td><td data-label=\"时效\">");
		html_esc(b, reg_timeliness(s));
		if (s->timeliness != TL_NONE && s->verdict_prov)
			buf_adds(b, "（预计）");
		buf_adds(b, "</td></tr>\n");
		if ((s->taken >= 0 && s->taken_prov) ||
		    (s->timeliness != TL_NONE && s->verdict_prov)) {
			if (pfrom < 0 || s->received < pfrom)
				pfrom = s->received;
			if (s->concluded > pto)
				pto = s->concluded;
		}
	}
	buf_adds(b, "</tbody></table></div>\n");
	prov_footnote(b, &c->b.cases, "用时和时效", pfrom, pto);
	if (pages > 1) {
		buf_adds(b, "<nav class=\"pager\" aria-label=\"分页\"><ul>\n");
		if (q.page > 1) {
			buf_adds(b, "<li><a rel=\"prev\" href=\"/requests?");
			reg_link(b, &q, q.page - 1);
			buf_adds(b, "\">上一页</a></li>\n");
		}
		buf_printf(b, "<li>第 %zu / %zu 页</li>\n", q.page, pages);
		if (q.page < pages) {
			buf_adds(b, "<li><a rel=\"next\" href=\"/requests?");
			reg_link(b, &q, q.page + 1);
			buf_adds(b, "\">下一页</a></li>\n");
		}
		buf_adds(b, "</ul></nav>\n");
	}
end:
	html_end(b, &c->b.site);
}

/* Cells a spreadsheet would run as formulas get a leading apostrophe. */
static const char *
neutral(const char *v, char *tmp, size_t n)
{
	if (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
	    v[0] == '\t' || v[0] == '\r') {
		(void)snprintf(tmp, n, "'%s", v);
		return tmp;
	}
	return v;
}

static void
page_csv(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	static const char *const head[] = { "申请编号", "收到日期", "收到方式",
	    "申请人类型", "所需信息名称", "状态", "办理结果", "答复日期",
	    "用时（工作日）", "时效", "预计" };
	struct buf *b = &resp->body;
	struct reg_query q;
	size_t *rows, n, i;
	char recv[CAL_DATE_LEN], ans[CAL_DATE_LEN], days[16], subj[1024];
	const char *cell[11];

	if (parse_query(req, resp, c, &q) != 0)
		return;
	rows = xcalloc(c->b.cases.apps.n + 1, sizeof(size_t));
	n = reg_run(&c->reg, &q, 0, 0, rows);
	resp->content_type = "text/csv; charset=utf-8";
	buf_printf(&resp->headers, "Content-Disposition: attachment; "
	    "filename=\"requests-%s.csv\"\r\n", reg_view_codes[q.view]);
	buf_adds(b, "\xEF\xBB\xBF");	/* so that Excel reads UTF-8 */
	store_format_row(b, head, 11);
	for (i = 0; i < n; i++) {
		const struct app_rec *a = &c->b.cases.apps.v[rows[i]];
		const struct case_sum *s = cases_sum(&c->b.cases, rows[i]);

		if (s->received >= 0)
			cal_format(s->received, recv);
		else
			recv[0] = '\0';
		if (s->answered >= 0)
			cal_format(s->answered, ans);
		else
			ans[0] = '\0';
		(void)snprintf(days, sizeof(days), "%d", s->taken);
		cell[0] = a->id;
		cell[1] = recv;
		cell[2] = app_channel(a);
		cell[3] = a->org ? "法人或其他组织" : "自然人";
		cell[4] = neutral(reg_subject(&c->b.cases.apps, a, s), subj, sizeof(subj));
		cell[5] = case_state_labels[s->state];
		cell[6] = outcome_label(c, s);
		cell[7] = ans;
		cell[8] = s->taken >= 0 ? days : "";
		cell[9] = reg_timeliness(s);
		/* 用时 or 时效 rest on a year without a holiday notice. */
		cell[10] = (s->taken >= 0 && s->taken_prov) ||
		    (s->timeliness != TL_NONE && s->verdict_prov) ? "是" : "否";
		store_format_row(b, cell, 11);
	}
	free(rows);
}

static int
host_ok(const char *h)
{
	for (; *h != '\0'; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') ||
		    (*h >= '0' && *h <= '9') || strchr(".-:[]", *h)))
			return 0;
	return 1;
}

static void
xml_date(struct buf *b, cal_day d, int utc_offset)
{
	char ds[CAL_DATE_LEN];
	int off = utc_offset < 0 ? -utc_offset : utc_offset;

	cal_format(d, ds);
	buf_printf(b, "%sT00:00:00%c%02d:%02d", ds, utc_offset < 0 ? '-' : '+',
	    off / 60 % 100, off % 60);
}

static void
page_atom(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body, base;
	struct reg_query q;
	size_t rows[REG_PAGE], n, i;

	memset(&q, 0, sizeof(q));
	q.view = REG_ANSWERED;
	n = reg_run(&c->reg, &q, 0, REG_PAGE, rows);
	if (n > REG_PAGE)
		n = REG_PAGE;
	buf_init(&base);
	if (c->b.site.base_url[0] != '\0')
		buf_adds(&base, c->b.site.base_url);
	else if (req->host != NULL && host_ok(req->host)) {
		buf_printf(&base, "%s://%s", req->https ? "https" : "http", req->host);
		/* Debian's nginx passes the host without its port. */
		if (strchr(req->host, ':') == NULL && req->port != NULL &&
		    host_ok(req->port) && strcmp(req->port, req->https ? "443" : "80") != 0)
			buf_printf(&base, ":%s", req->port);
	}
	else
		buf_adds(&base, "http://localhost");
	resp->content_type = "application/atom+xml; charset=utf-8";
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n<title>");
	html_esc(b, c->b.site.body_name);
	buf_adds(b, "政府信息公开申请答复</title>\n<id>urn:ogi:");
	html_esc(b, c->b.site.agency);
	buf_adds(b, ":answered</id>\n<link rel=\"self\" href=\"");
	html_esc(b, base.s);
	buf_adds(b, "/requests.atom\"/>\n<link href=\"");
	html_esc(b, base.s);
	buf_adds(b, "/requests?view=answered\"/>\n<updated>");
	if (n > 0)
		xml_date(b, cases_sum(&c->b.cases, rows[0])->answered, c->b.site.utc_offset);
	else
		xml_date(b, cases_today(&c->b.cases, site_now()), c->b.site.utc_offset);
	buf_adds(b, "</updated>\n<author><name>");
	html_esc(b, c->b.site.body_name);
	buf_adds(b, "</name></author>\n");
	for (i = 0; i < n; i++) {
		const struct app_rec *a = &c->b.cases.apps.v[rows[i]];
		const struct case_sum *s = cases_sum(&c->b.cases, rows[i]);

		buf_adds(b, "<entry>\n<title>");
		html_esc(b, a->id);
		buf_adds(b, " 已答复：");
		html_esc(b, outcome_label(c, s));
		buf_adds(b, "</title>\n<id>urn:ogi:");
		html_esc(b, c->b.site.agency);
		buf_adds(b, ":");
		html_esc(b, a->id);
		buf_adds(b, "</id>\n<link href=\"");
		html_esc(b, base.s);
		buf_adds(b, "/requests/");
		html_urlarg(b, a->id);
		buf_adds(b, "\"/>\n<updated>");
		xml_date(b, s->answered, c->b.site.utc_offset);
		buf_adds(b, "</updated>\n<summary>所需信息名称：");
		html_esc(b, reg_subject(&c->b.cases.apps, a, s));
		buf_adds(b, "。收到日期：");
		sum_date(b, s->received);
		buf_adds(b, "；答复日期：");
		sum_date(b, s->answered);
		if (s->taken >= 0)
			buf_printf(b, "；用时%d个工作日%s", s->taken,
			    s->taken_prov ? "（预计）" : "");
		buf_adds(b, "。</summary>\n</entry>\n");
	}
	buf_adds(b, "</feed>\n");
	buf_free(&base);
}

static int
id_ok(const char *id)
{
	int i;

	for (i = 0; i < 11; i++)
		if (i == 4 ? id[i] != '-' : (id[i] < '0' || id[i] > '9'))
			return 0;
	return id[11] == '\0';
}

static void
page_request(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c,
    const char *id)
{
	struct buf *b = &resp->body;
	const struct app_rec *a;
	const struct case_sum *s;
	struct case_view v;
	char title[64];

	(void)req;
	if (!id_ok(id)) {
		error_page(resp, c, 400, "申请编号的格式应为“年份-六位数字”，如 2026-000123。");
		return;
	}
	a = apps_by_id(&c->b.cases.apps, id);
	if (a == NULL || (s = cases_sum(&c->b.cases, (size_t)(a - c->b.cases.apps.v)))->received < 0) {
		error_page(resp, c, 404, "登记中没有这个申请编号。");
		return;
	}
	case_view(&c->b.cases, a, 0, &v, NULL);
	(void)snprintf(title, sizeof(title), "申请 %s", a->id);
	html_begin(b, &c->b.site, title, "requests");
	buf_adds(b, "<h1>申请 ");
	html_esc(b, a->id);
	buf_adds(b, "</h1>\n<dl class=\"facts\">\n<dt>收到日期</dt><dd>");
	sum_date(b, s->received);
	buf_adds(b, "</dd>\n<dt>收到方式</dt><dd>");
	html_esc(b, app_channel(a));
	buf_adds(b, "</dd>\n<dt>申请人类型</dt><dd>");
	buf_adds(b, a->org ? "法人或其他组织" : "自然人");
	buf_adds(b, "</dd>\n<dt>所需信息名称</dt><dd class=\"subject\">");
	html_esc(b, reg_subject(&c->b.cases.apps, a, s));
	buf_adds(b, "</dd>\n<dt>状态</dt><dd class=\"state\">");
	html_esc(b, case_state_labels[s->state]);
	buf_adds(b, "</dd>\n");
	if (s->outcome >= 0) {
		buf_adds(b, "<dt>办理结果</dt><dd class=\"outcome\">");
		html_esc(b, outcome_label(c, s));
		buf_adds(b, "</dd>\n");
	}
	if (s->answered >= 0) {
		buf_adds(b, "<dt>答复日期</dt><dd>");
		sum_date(b, s->answered);
		buf_adds(b, "</dd>\n");
	}
	if (s->taken >= 0)
		buf_printf(b, "<dt>用时</dt><dd>%d 个工作日%s</dd>\n", s->taken,
		    s->taken_prov ? "（预计）" : "");
	if (s->timeliness != TL_NONE) {
		buf_adds(b, "<dt>时效</dt><dd>");
		html_esc(b, reg_timeliness(s));
		if (s->verdict_prov)
			buf_adds(b, "（预计）");
		buf_adds(b, "</dd>\n");
	}
	buf_adds(b, "</dl>\n<h2>办理过程</h2>\n<ol class=\"timeline\">\n<li>");
	sum_date(b, s->received);
	buf_adds(b, " 收到申请</li>\n");
	public_steps(b, c, &v);
	buf_adds(b, "</ol>\n");
	if ((s->taken >= 0 && s->taken_prov) ||
	    (s->timeliness != TL_NONE && s->verdict_prov))
		prov_footnote(b, &c->b.cases, "用时和时效", s->received,
		    s->concluded);
	buf_adds(b, "<p><a href=\"/requests\">返回申请公开登记</a></p>\n");
	html_end(b, &c->b.site);
}

/* The annual tables */

static const struct an_agency *
agency_of(struct cgi_req *req, struct ctx *c, int *rollup)
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

static void
page_annuals(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c)
{
	struct buf *b = &resp->body;
	struct an_year y;
	size_t i;
	int year, m, d, any = 0;

	(void)req;
	cal_to_ymd(cases_today(&c->b.cases, site_now()), &year, &m, &d);
	html_begin(b, &c->b.site, "年度报告统计表", "annual");
	buf_adds(b, "<h1>政府信息公开工作年度报告统计表</h1>\n<ul class=\"years\">\n");
	for (i = 0; i < c->b.agencies.n; i++) {
		const struct an_agency *a = &c->b.agencies.a[i];
		int yy;

		for (yy = year; yy >= c->b.cases.cal.first_year; yy--) {
			if (an_year_load(&y, c->b.site.data_dir, a->code, yy) == 0 &&
			    an_year_published(&y)) {
				buf_printf(b, "<li><a href=\"/annual/%d?agency=", yy);
				html_urlarg(b, a->code);
				buf_printf(b, "\">%d年度", yy);
				if (c->b.agencies.n > 1) {
					buf_adds(b, " · ");
					html_esc(b, a->name);
				}
				buf_adds(b, "</a></li>\n");
				any = 1;
			}
			an_year_free(&y);
		}
	}
	buf_adds(b, "</ul>\n");
	if (!any)
		buf_adds(b, "<p class=\"empty\">尚未发布年度统计表。</p>\n");
	html_end(b, &c->b.site);
}

static void
page_annual(struct cgi_req *req, struct cgi_resp *resp, struct ctx *c,
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
		error_page(resp, c, 404, "您要访问的页面不存在。");
		return;
	}
	if ((f = an_format_for(&c->b.formats, (int)year)) == NULL) {
		error_page(resp, c, 404, "没有这一年度的统计表格式。");
		return;
	}
	if ((ag = agency_of(req, c, &rollup)) == NULL) {
		error_page(resp, c, 404, "没有这个机关。");
		return;
	}
	if (an_year_load(&y, c->b.site.data_dir, ag->code, (int)year) != 0 ||
	    !an_year_published(&y) || an_from_snapshot(&t, f, &y, (int)year) != 0) {
		an_year_free(&y);
		error_page(resp, c, 404, "该年度统计表尚未发布。");
		return;
	}
	if (csv) {
		resp->content_type = "text/csv; charset=utf-8";
		buf_printf(&resp->headers, "Content-Disposition: attachment; "
		    "filename=\"annual-%ld.csv\"\r\n", year);
		an_csv(b, &t);
		goto out;
	}
	(void)snprintf(title, sizeof(title), "%ld年度统计表", year);
	html_begin(b, &c->b.site, title, "annual");
	buf_printf(b, "<h1 class=\"screen\">%ld年政府信息公开工作年度报告统计表</h1>\n", year);
	buf_printf(b, "<p class=\"screen\"><a href=\"/annual/%ld.csv?agency=", year);
	html_urlarg(b, ag->code);
	buf_adds(b, "\">下载 CSV</a> · 可使用浏览器的“打印”功能按 A4 纸打印。");
	if (rollup)
		buf_adds(b, " 本表为本机关及所属部门的汇总。");
	buf_adds(b, "</p>\n");
	an_html(b, &t, &y, ag->name);
	n = an_scope(&c->b.agencies, ag->code, rollup, scope, 64);
	an_months(&c->b.cases, scope, n, (int)year, months);
	buf_adds(b, "<section class=\"charts screen\">\n<h2>图示</h2>\n");
	an_chart(b, &t, months);
	buf_adds(b, "</section>\n");
	html_end(b, &c->b.site);
out:
	an_table_free(&t);
	an_year_free(&y);
}

static void
dispatch(struct cgi_req *req, struct cgi_resp *resp, void *arg)
{
	struct ctx *c = arg;
	unsigned long long stamp[CGI_STAMP];
	enum store_err e;
	size_t p;
	int keep;

	for (p = 0; p < PAGE__MAX; p++)
		if (strcmp(req->path, page_paths[p]) == 0)
			break;
	if (p == PAGE__MAX && strncmp(req->path, "/requests/", 10) == 0)
		p = PAGE_REQUEST;
	if (p == PAGE__MAX && strcmp(req->path, "/annual") == 0)
		p = PAGE_ANNUALS;
	if (p == PAGE__MAX && strncmp(req->path, "/annual/", 8) == 0)
		p = PAGE_ANNUAL;
	if (p == PAGE__MAX) {
		error_page(resp, c, 404, "您要访问的页面不存在。");
		return;
	}
	if (req->method == CGI_OTHER || (req->method == CGI_POST &&
	    p != PAGE_APPLY && p != PAGE_TRACK)) {
		buf_adds(&resp->headers, p != PAGE_APPLY && p != PAGE_TRACK ?
		    "Allow: GET, HEAD\r\n" : "Allow: GET, HEAD, POST\r\n");
		error_page(resp, c, 405, "不支持这种请求方式。");
		return;
	}
	if ((e = cases_refresh(&c->b.cases)) != STORE_OK) {
		fprintf(stderr, "ogi-public: records: %s\n",
		    store_strerror(e));
		error_page(resp, c, 503, "系统暂时无法读取申请记录，请稍后再试。");
		return;
	}
	keep = (req->method == CGI_GET || req->method == CGI_HEAD) &&
	    (p == PAGE_HOME || p == PAGE_REQUESTS || p == PAGE_CSV ||
	    p == PAGE_ATOM || p == PAGE_ANNUALS || p == PAGE_ANNUAL);
	if (keep) {
		struct stat st;

		/* What these pages are made of: the records, the day (due
		   dates, the limits in force), the published tables. */
		stamp[0] = c->b.cases.gen;
		stamp[1] = c->b.cases.apps.n;
		stamp[2] = (unsigned long long)cases_today(&c->b.cases, site_now());
		stamp[3] = 0;
		/* The directory's own time changes as a year is published
		   into it: kept open, one fstat tells. */
		if ((p == PAGE_ANNUALS || p == PAGE_ANNUAL) && c->annual_fd == -1)
			c->annual_fd = open(c->annual_dir, O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
		if ((p == PAGE_ANNUALS || p == PAGE_ANNUAL) && c->annual_fd != -1 &&
		    fstat(c->annual_fd, &st) == 0)
			stamp[3] = ((unsigned long long)st.st_mtim.tv_sec *
			    1000000000ULL + (unsigned long long)st.st_mtim.tv_nsec) ^
			    ((unsigned long long)st.st_ino << 40);
		if (cgi_cache_get(&c->cache, req, stamp, resp))
			return;
		buf_adds(&resp->headers, "Vary: Accept-Encoding\r\n");
	}
	switch ((enum page)p) {
	case PAGE_HOME:  page_home(req, resp, c); break;
	case PAGE_APPLY: page_apply(req, resp, c); break;
	case PAGE_TRACK: page_track(req, resp, c); break;
	case PAGE_REQUESTS: page_requests(req, resp, c); break;
	case PAGE_CSV:   page_csv(req, resp, c); break;
	case PAGE_ATOM:  page_atom(req, resp, c); break;
	case PAGE_REQUEST: page_request(req, resp, c, req->path + 10); break;
	case PAGE_ANNUALS: page_annuals(req, resp, c); break;
	case PAGE_ANNUAL: page_annual(req, resp, c, req->path + 8); break;
	case PAGE__MAX:  break;
	}
	if (keep && (resp->status == 200 || resp->status == 404))
		cgi_cache_put(&c->cache, req, stamp, resp);
}

int
main(void)
{
	static struct ctx c;	/* big: not on the stack */
	int rc;

	if (boot_open(&c.b, "ogi-public") != 0)
		return 1;
	reg_init(&c.reg, &c.b.cases);
	c.annual_dir = site_data_path(&c.b.site, "annual");
	c.annual_fd = -1;
	limit_open(&c.limit, &c.b.site, c.b.key);
	rc = cgi_serve(dispatch, &c);
	limit_close(&c.limit);
	cgi_cache_free(&c.cache);
	free(c.annual_dir);
	if (c.annual_fd != -1)
		close(c.annual_fd);
	reg_free(&c.reg);
	boot_close(&c.b);
	return rc;
}
