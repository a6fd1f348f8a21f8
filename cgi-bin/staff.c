/*
 * ogi-staff: the staff desk, under /staff/.
 *
 *   /staff/login, /staff/logout      sign in and out
 *   /staff/                          the queue: open cases by due date
 *   /staff/new                       register an application (当面/传真/信函/网络)
 *   /staff/case/ID                   a case: the record, its steps, what to do next
 *   /staff/users                     staff accounts (admin)
 *
 * Every page needs a session; every POST carries the session's CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/annual.h"
#include "ogi/app.h"
#include "ogi/boot.h"
#include "ogi/appform.h"
#include "ogi/auth.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/cgi.h"
#include "ogi/form.h"
#include "ogi/holidays.h"
#include "ogi/html.h"
#include "ogi/site.h"
#include "ogi/token.h"

#define BODY_LIMIT	(64 * 1024)
#define QUEUE_MAX	500

struct ctx {
	struct boot	b;	/* site, key, cases, formats, agencies */
	struct auth	auth;
};

/* One request's view of things. */
struct req {
	struct cgi_req	*r;
	struct cgi_resp	*resp;
	struct ctx	*c;
	struct session	 s;
	struct form	 post;		/* the decoded body of a POST */
	time_t		 now;
	cal_day		 today;
};

enum page { P_LOGIN, P_LOGOUT, P_QUEUE, P_NEW, P_CASE, P_USERS, P_HOLIDAYS, P_ANNUALS,
    P_ANNUAL, P__MAX };

static void
error_page(struct req *q, int status, const char *msg)
{
	q->resp->status = status;
	buf_reset(&q->resp->body);
	html_error_page(&q->resp->body, &q->c->b.site, status, msg);
}

static void
redirect(struct req *q, const char *to)
{
	q->resp->status = 303;
	buf_printf(&q->resp->headers, "Location: %s\r\n", to);
	buf_reset(&q->resp->body);
	buf_adds(&q->resp->body, "<!DOCTYPE html><title>303</title>\n");
}

static void
set_cookie(struct req *q, const char *value, int expire)
{
	buf_printf(&q->resp->headers, "Set-Cookie: " AUTH_COOKIE "=%s; Path=/staff;"
	    " HttpOnly; SameSite=Strict%s%s\r\n", value,
	    q->r->https ? "; Secure" : "",
	    expire ? "; Max-Age=0" : "");
}

static void
begin(struct req *q, const char *title, const char *nav)
{
	q->resp->no_store = 1;
	html_begin_staff(&q->resp->body, &q->c->b.site, title, nav,
	    q->s.who != NULL ? q->s.who->name : NULL, q->s.csrf,
	    q->s.who != NULL && q->s.who->role == ROLE_ADMIN);
}

static void
csrf_field(struct buf *b, const struct req *q)
{
	buf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(b, q->s.csrf);
	buf_adds(b, "\">\n");
}

static const char *
posted(const struct req *q, const char *key)
{
	const char *v = form_get(&q->post, key);

	return v != NULL ? v : "";
}

static void
date_str(cal_day d, char out[CAL_DATE_LEN])
{
	if (d < 0)
		out[0] = '\0';
	else
		cal_format(d, out);
}

/* Login and logout */

static void
login_form(struct req *q, const char *login, const char *msg)
{
	struct buf *b = &q->resp->body;
	char tok[TOKEN_FORM_LEN + 1];

	token_form_new(q->c->b.key, q->now, tok);
	buf_reset(b);
	begin(q, "工作人员登录", NULL);
	buf_adds(b, "<h1>工作人员登录</h1>\n");
	if (msg != NULL) {
		buf_adds(b, "<div class=\"error-summary\" role=\"alert\"><p id=\"e-login\">");
		html_esc(b, msg);
		buf_adds(b, "</p></div>\n");
	}
	buf_adds(b, "<form method=\"post\" action=\"/staff/login\" class=\"login\">\n"
	    "<input type=\"hidden\" name=\"form_token\" value=\"");
	html_esc(b, tok);
	buf_adds(b, "\">\n<div class=\"field\"><label for=\"f-login\">登录名</label>\n"
	    "<input type=\"text\" id=\"f-login\" name=\"login\" autocomplete=\"username\" "
	    "maxlength=\"32\" spellcheck=\"false\" value=\"");
	html_esc(b, login != NULL ? login : "");
	buf_printf(b, "\"%s></div>\n", msg ? " aria-describedby=\"e-login\"" : "");
	buf_adds(b, "<div class=\"field\"><label for=\"f-password\">密码</label>\n"
	    "<input type=\"password\" id=\"f-password\" name=\"password\" "
	    "autocomplete=\"current-password\" maxlength=\"200\"></div>\n"
	    "<p><button type=\"submit\" class=\"primary\">登录</button></p>\n</form>\n");
	html_end(b, &q->c->b.site);
}

static void
page_login(struct req *q)
{
	const char *login, *pw, *tok;
	char form_id[TOKEN_HASH_HEX + 1];
	time_t issued;

	if (q->r->method != CGI_POST) {
		login_form(q, NULL, NULL);
		return;
	}
	login = posted(q, "login");
	pw = posted(q, "password");
	tok = form_get(&q->post, "form_token");
	if (tok == NULL || token_form_check(q->c->b.key, tok, &issued, form_id) != 0 ||
	    q->now - issued > 3600) {
		login_form(q, login, "登录页面已过期，请重新输入。");
		q->resp->status = 400;
		return;
	}
	switch (auth_login(&q->c->auth, login, pw, q->now, &q->s)) {
	case AUTH_OK:
		set_cookie(q, q->s.cookie, 0);
		redirect(q, "/staff/");
		return;
	case AUTH_BAD:
		login_form(q, login, "登录名或密码不正确。");
		q->resp->status = 401;
		return;
	case AUTH_LOCKED:
		login_form(q, login, "连续登录失败次数过多，该账户已暂时锁定，请稍后再试。");
		q->resp->status = 429;
		return;
	case AUTH_DISABLED:
		login_form(q, login, "该账户已停用，请联系管理员。");
		q->resp->status = 403;
		return;
	case AUTH_EIO:
		break;
	}
	error_page(q, 503, "系统暂时无法登录，请稍后再试。");
}

static void
page_logout(struct req *q)
{
	auth_logout(&q->c->auth, &q->s, q->now);
	set_cookie(q, "", 1);
	redirect(q, "/staff/login");
}

/* The queue */

struct row {
	const struct app_rec	*r;
	struct case_sum		 v;
	int			 overdue, soon;
};

static int
by_due(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	cal_day dx = x->v.due_status == DUE_OK ? x->v.due : 1 << 30;
	cal_day dy = y->v.due_status == DUE_OK ? y->v.due : 1 << 30;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->r->id, y->r->id);
}

static const char *const state_codes[CS__MAX] = { "pending", "open",
    "supplement", "consult", "answered", "closed" };

static int
concluded(enum case_state s)
{
	return s == CS_ANSWERED || s == CS_CLOSED;
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

static void
flags(struct req *q, struct row *w)
{
	int left;

	if (concluded(w->v.state) || w->v.due_status != DUE_OK)
		return;
	if (q->today > w->v.due)
		w->overdue = 1;
	else if ((left = cal_workdays_between(&q->c->b.cases.cal, q->today,
	    w->v.due)) >= 0 && left <= 3)
		w->soon = 1;
}

static void
state_filter(struct buf *b, const char *cur)
{
	size_t i;

	buf_adds(b, "<div class=\"field\"><label for=\"f-state\">状态</label>\n"
	    "<select id=\"f-state\" name=\"state\">\n");
	buf_printf(b, "<option value=\"\"%s>未办结的全部</option>\n",
	    cur[0] == '\0' ? " selected" : "");
	buf_printf(b, "<option value=\"all\"%s>全部</option>\n",
	    strcmp(cur, "all") == 0 ? " selected" : "");
	for (i = 0; i < CS__MAX; i++) {
		buf_printf(b, "<option value=\"%s\"%s>%s</option>\n", state_codes[i],
		    strcmp(cur, state_codes[i]) == 0 ? " selected" : "",
		    case_state_labels[i]);
	}
	buf_adds(b, "</select></div>\n");
}

static void
page_queue(struct req *q)
{
	struct buf *b = &q->resp->body;
	struct cases *cs = &q->c->b.cases;
	struct form f;
	const char *state = "", *channel = "", *year = "", *term = "";
	struct row *rows;
	size_t i, n = 0, count[CS__MAX] = { 0 }, *hits = NULL, nhits = 0;
	char ds[CAL_DATE_LEN], today[CAL_DATE_LEN];
	cal_day prov_from = -1, prov_to = -1;
	int searching;

	memset(&f, 0, sizeof(f));
	if (form_parse(&f, q->r->query, strlen(q->r->query)) != FORM_OK) {
		error_page(q, 400, "查询条件含有无效字符。");
		return;
	}
	if (form_get(&f, "state")) state = form_get(&f, "state");
	if (form_get(&f, "channel")) channel = form_get(&f, "channel");
	if (form_get(&f, "year")) year = form_get(&f, "year");
	if (form_get(&f, "q")) term = form_get(&f, "q");
	searching = term[0] != '\0';
	if (searching && apps_by_id(&cs->apps, term) == NULL) {
		hits = xcalloc(QUEUE_MAX, sizeof(size_t));
		nhits = apps_find_by_name(&cs->apps, term, hits, QUEUE_MAX);
	}

	rows = xcalloc(cs->apps.n + 1, sizeof(*rows));
	for (i = 0; i < cs->apps.n; i++) {
		const struct app_rec *r = &cs->apps.v[i];
		struct row *w = &rows[n];

		w->v = *cases_sum(cs, i);
		w->r = r;
		count[w->v.state]++;
		if (searching) {
			size_t k;

			if (strcmp(r->id, term) != 0) {
				for (k = 0; k < nhits && hits[k] != i; k++)
					;
				if (k == nhits)
					continue;
			}
		} else {
			if (state[0] == '\0' && concluded(w->v.state))
				continue;
			if (state[0] != '\0' && strcmp(state, "all") != 0 &&
			    strcmp(state, state_codes[w->v.state]) != 0)
				continue;
			if (channel[0] != '\0' && strcmp(channel, app_channel(r)) != 0)
				continue;
			if (year[0] != '\0' && strncmp(year, r->id, 4) != 0)
				continue;
		}
		flags(q, w);
		n++;
	}
	qsort(rows, n, sizeof(*rows), by_due);

	begin(q, "待办案件", "queue");
	cal_format(q->today, today);
	buf_adds(b, "<h1>待办案件</h1>\n<ul class=\"counts\">\n");
	for (i = 0; i < CS__MAX; i++)
		buf_printf(b, "<li><a href=\"/staff/?state=%s\">%s <strong>%zu</strong></a></li>\n",
		    state_codes[i], case_state_labels[i], count[i]);
	buf_adds(b, "</ul>\n<form method=\"get\" action=\"/staff/\" class=\"filters\">\n");
	state_filter(b, state);
	buf_adds(b, "<div class=\"field\"><label for=\"f-channel\">收到方式</label>\n"
	    "<select id=\"f-channel\" name=\"channel\">\n<option value=\"\">全部</option>\n");
	for (i = 0; app_channels[i] != NULL; i++) {
		buf_printf(b, "<option%s>%s</option>\n",
		    strcmp(channel, app_channels[i]) == 0 ? " selected" : "",
		    app_channels[i]);
	}
	buf_adds(b, "</select></div>\n<div class=\"field\"><label for=\"f-year\">年份</label>\n"
	    "<input type=\"text\" id=\"f-year\" name=\"year\" inputmode=\"numeric\" maxlength=\"4\" value=\"");
	html_esc(b, year);
	buf_adds(b, "\"></div>\n<div class=\"field\"><label for=\"f-q\">申请编号或申请人</label>\n"
	    "<input type=\"text\" id=\"f-q\" name=\"q\" maxlength=\"50\" value=\"");
	html_esc(b, term);
	buf_adds(b, "\"></div>\n<p><button type=\"submit\">筛选</button></p>\n</form>\n");

	buf_printf(b, "<p>共 %zu 件%s。今天是 %s。</p>\n", n,
	    n > QUEUE_MAX ? "，显示最早到期的500件" : "", today);
	if (n == 0) {
		buf_adds(b, "<p class=\"empty\">没有符合条件的案件。</p>\n");
		goto out;
	}
	buf_adds(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table class=\"queue\">\n<thead><tr>"
	    "<th scope=\"col\">申请编号</th><th scope=\"col\">收到方式</th>"
	    "<th scope=\"col\">收到日期</th><th scope=\"col\">状态</th>"
	    "<th scope=\"col\">答复期限</th><th scope=\"col\">提示</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n && i < QUEUE_MAX; i++) {
		struct row *w = &rows[i];

		buf_printf(b, "<tr%s><td><a href=\"/staff/case/", w->overdue ?
		    " class=\"overdue\"" : w->soon ? " class=\"soon\"" : "");
		html_urlarg(b, w->r->id);
		buf_adds(b, "\">");
		html_esc(b, w->r->id);
		buf_adds(b, "</a></td><td>");
		html_esc(b, app_channel(w->r));
		date_str(w->v.received, ds);
		buf_adds(b, "</td><td>");
		buf_adds(b, ds[0] ? ds : "待确认");
		buf_adds(b, "</td><td>");
		html_esc(b, case_state_labels[w->v.state]);
		buf_adds(b, "</td><td>");
		if (w->v.due_status == DUE_OK) {
			date_str(w->v.due, ds);
			if (w->v.due_prov) {
				buf_adds(b, "<span class=\"provisional\">预计 ");
				html_esc(b, ds);
				buf_adds(b, "</span>");
				if (prov_from < 0 || w->v.due < prov_from)
					prov_from = w->v.due;
				if (w->v.due > prov_to)
					prov_to = w->v.due;
			} else
				html_esc(b, ds);
		} else if (w->v.due_status == DUE_SUPPLEMENT)
			buf_adds(b, "待补正");
		else if (w->v.due_status == DUE_CONSULT)
			buf_adds(b, "暂停（征求意见）");
		else if (w->v.due_status == DUE_CALENDAR)
			buf_adds(b, "需补充节假日安排");
		else
			buf_adds(b, "—");
		buf_adds(b, "</td><td>");
		if (w->overdue)
			buf_adds(b, "<strong class=\"flag overdue\">已逾期</strong>");
		else if (w->soon)
			buf_adds(b, "<strong class=\"flag soon\">3 个工作日内到期</strong>");
		else if (w->v.state == CS_PENDING)
			buf_adds(b, "待确认收到");
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table></div>\n");
	if (prov_from >= 0) {
		struct buf note;

		buf_init(&note);
		case_prov_note(cs, prov_from, prov_to, &note);
		buf_adds(b, "<p class=\"note\">注：标“预计”的答复期限");
		html_esc(b, note.s);
		buf_adds(b, "。</p>\n");
		buf_free(&note);
	}
out:
	html_end(b, &q->c->b.site);
	free(rows);
	free(hits);
	form_free(&f);
}

/* Intake */

static const char *const intake_channels[] = { "当面", "传真", "信函", "网络", NULL };

static void
intake_form(struct req *q, struct appform *v, const char *err_channel,
    const char *err_date)
{
	struct buf *b = &q->resp->body;
	const char *ch = posted(q, "channel"), *rd = posted(q, "received");
	char today[CAL_DATE_LEN];
	size_t i;

	cal_format(q->today, today);
	buf_reset(b);
	begin(q, "登记申请", "new");
	buf_adds(b, "<h1>登记申请</h1>\n<p class=\"lead\">登记当面、传真、信函或电子邮件收到的申请。"
	    "登记后得到申请编号和查询码，请交给申请人。</p>\n");
	appform_errors(b, v);
	buf_adds(b, "<form method=\"post\" action=\"/staff/new\" class=\"apply\" novalidate>\n");
	csrf_field(b, q);
	buf_printf(b, "<fieldset class=\"group\">\n<legend>收到方式和日期</legend>\n"
	    "<fieldset class=\"field radios%s\" id=\"f-channel\"%s>\n<legend>收到申请的方式"
	    "<span class=\"req\" aria-hidden=\"true\">*</span></legend>\n",
	    err_channel ? " has-error" : "",
	    err_channel ? " aria-describedby=\"e-channel\"" : "");
	if (err_channel != NULL) {
		buf_adds(b, "<p class=\"field-error\" id=\"e-channel\">");
		html_esc(b, err_channel);
		buf_adds(b, "</p>\n");
	}
	for (i = 0; intake_channels[i] != NULL; i++) {
		buf_printf(b, "<label class=\"choice\"><input type=\"radio\" name=\"channel\" "
		    "id=\"f-channel-%zu\" value=\"%s\"%s> %s%s</label>\n", i,
		    intake_channels[i], strcmp(ch, intake_channels[i]) == 0 ? " checked" : "",
		    intake_channels[i], strcmp(intake_channels[i], "网络") == 0 ?
		    "（电子邮件等）" : "");
	}
	buf_printf(b, "</fieldset>\n<div class=\"field%s\"><label for=\"f-received\">收到日期"
	    "<span class=\"req\" aria-hidden=\"true\">*</span></label>\n"
	    "<p class=\"hint\" id=\"h-received\">当面提交的为提交之日；邮寄的为签收之日；"
	    "传真、电子邮件为双方确认之日（《条例》第三十一条）。</p>\n",
	    err_date ? " has-error" : "");
	if (err_date != NULL) {
		buf_adds(b, "<p class=\"field-error\" id=\"e-received\">");
		html_esc(b, err_date);
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "<input type=\"date\" id=\"f-received\" name=\"received\" value=\"");
	html_esc(b, rd[0] ? rd : today);
	buf_printf(b, "\" max=\"%s\" aria-describedby=\"h-received%s\"></div>\n</fieldset>\n",
	    today, err_date ? " e-received" : "");
	appform_fields(b, v);
	buf_adds(b, "<p><button type=\"submit\" class=\"primary\">登记</button></p>\n</form>\n");
	html_end(b, &q->c->b.site);
}

static void
intake_receipt(struct req *q, const char *id, const char *code, const char *received)
{
	struct buf *b = &q->resp->body;

	buf_reset(b);
	begin(q, "申请已登记", "new");
	buf_adds(b, "<div class=\"receipt\">\n<h1>申请已登记</h1>\n<dl class=\"facts\">\n"
	    "<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, id);
	buf_adds(b, "</dd>\n<dt>查询码</dt><dd class=\"code\">");
	html_esc(b, code);
	buf_adds(b, "</dd>\n<dt>收到日期</dt><dd>");
	html_esc(b, received);
	buf_adds(b, "</dd>\n</dl>\n<p class=\"warn\"><strong>查询码只显示这一次。</strong>"
	    "请打印本页或抄给申请人；申请人可凭查询码在网站查询办理进度。</p>\n<p><a href=\"/staff/case/");
	html_urlarg(b, id);
	buf_adds(b, "\">打开此案件</a> · <a href=\"/staff/new\">继续登记</a></p>\n</div>\n");
	html_end(b, &q->c->b.site);
}

static void
page_new(struct req *q)
{
	struct appform v;
	const struct app_rec *dup;
	struct app_new how;
	const char *errs[APP_FIELD__MAX], *ch, *rd, *e_ch = NULL, *e_rd = NULL;
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	cal_day d;
	size_t i;

	memset(&v, 0, sizeof(v));
	if (q->r->method != CGI_POST) {
		intake_form(q, &v, NULL, NULL);
		return;
	}
	v.in = &q->post;
	v.errs = errs;
	v.nerr = app_validate(&q->post, vals, errs);
	ch = posted(q, "channel");
	rd = posted(q, "received");
	for (i = 0; intake_channels[i] != NULL; i++)
		if (strcmp(ch, intake_channels[i]) == 0)
			break;
	if (intake_channels[i] == NULL) {
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
	how.agency = NULL;
	switch (apps_submit(&q->c->b.cases.apps, vals, &how, q->now, id, code, &dup)) {
	case APP_OK:
		intake_receipt(q, id, code, rd);
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

/* A case */

static const struct {
	const char *code, *label;
} media[] = {
	{ "paper", "纸质" }, { "electronic", "电子" }, { "email", "电子邮件" },
	{ "post", "邮寄" }, { "pickup", "自行领取" }, { "onsite", "当场阅读、抄录" },
	{ "fax", "传真" },
}, decisions[] = {
	{ "upheld", "维持" }, { "corrected", "纠正" }, { "other", "其他结果" },
}, consult_kinds[] = {
	{ "third_party", "第三方" }, { "agency", "其他机关" },
}, suit_kinds[] = {
	{ "direct", "未经复议直接起诉" }, { "after_review", "复议后起诉" },
};

static const char *
label_of(const char *code, int which)
{
	size_t i;

#define FIND(t) for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) \
		if (strcmp(t[i].code, code) == 0) return t[i].label;
	switch (which) {
	case 0: FIND(media); break;
	case 1: FIND(decisions); break;
	case 2: FIND(consult_kinds); break;
	case 3: FIND(suit_kinds); break;
	}
#undef FIND
	return code;
}

static void
fact(struct buf *b, const char *dt, const char *dd)
{
	buf_adds(b, "<dt>");
	html_esc(b, dt);
	buf_adds(b, "</dt><dd>");
	html_esc(b, dd[0] ? dd : "—");
	buf_adds(b, "</dd>\n");
}

/* An action's form: a heading, its fields, a button. */
struct action {
	enum ev_type	 type;
	const char	*title, *button;
};

static const struct action actions[] = {
	{ EV_RECEIVED, "确认收到申请", "确认收到" },
	{ EV_SUPP_REQ, "告知补正", "记录补正告知" },
	{ EV_SUPP_RECV, "收到补正", "记录收到补正" },
	{ EV_SUPP_NONE, "申请人逾期未补正", "记录逾期未补正（办结）" },
	{ EV_CONSULT_START, "征求第三方或其他机关意见", "记录开始征求意见" },
	{ EV_CONSULT_END, "征求意见结束", "记录征求意见结束" },
	{ EV_EXTEND, "延长答复期限", "记录延期" },
	{ EV_ANSWER, "作出答复", "记录答复（办结）" },
	{ EV_WITHDRAW, "申请人撤回申请", "记录撤回（办结）" },
	{ EV_REVIEW_FILED, "申请人申请行政复议", "记录复议申请" },
	{ EV_REVIEW_DECIDED, "行政复议决定", "记录复议决定" },
	{ EV_SUIT_FILED, "申请人提起行政诉讼", "记录起诉" },
	{ EV_SUIT_DECIDED, "行政诉讼裁判", "记录裁判结果" },
	{ EV_WITHHOLD, "不在公开登记中显示申请事项名称", "不公开名称" },
};

static void
text_field(struct buf *b, const char *step, const char *name, const char *label,
    const char *value, const char *type, const char *extra)
{
	buf_printf(b, "<div class=\"field\"><label for=\"a-%s-%s\">%s</label>\n"
	    "<input type=\"%s\" id=\"a-%s-%s\" name=\"%s\" value=\"", step, name,
	    label, type, step, name, name);
	html_esc(b, value);
	buf_printf(b, "\"%s%s></div>\n", extra ? " " : "", extra ? extra : "");
}

static void
choice_field(struct buf *b, const char *step, const char *name,
    const char *label, const char *cur, int which, size_t n)
{
	size_t i;

	buf_printf(b, "<div class=\"field\"><label for=\"a-%s-%s\">%s</label>\n"
	    "<select id=\"a-%s-%s\" name=\"%s\">\n<option value=\"\">请选择</option>\n",
	    step, name, label, step, name, name);
	for (i = 0; i < n; i++) {
		const char *code = which == 0 ? media[i].code : which == 1 ?
		    decisions[i].code : which == 2 ? consult_kinds[i].code :
		    suit_kinds[i].code;

		buf_printf(b, "<option value=\"%s\"%s>%s</option>\n", code,
		    strcmp(cur, code) == 0 ? " selected" : "", label_of(code, which));
	}
	buf_adds(b, "</select></div>\n");
}

static void
outcome_field(struct buf *b, const struct req *q, const struct case_view *v,
    const char *cur)
{
	const struct law *law = &q->c->b.cases.law;
	const char *group = NULL;
	size_t i;

	buf_adds(b, "<div class=\"field\"><label for=\"a-answer-outcome\">答复结果</label>\n"
	    "<select id=\"a-answer-outcome\" name=\"outcome\">\n<option value=\"\">请选择</option>\n");
	for (i = 0; i < law->nout; i++) {
		const struct law_outcome *o = &law->out[i];

		if (!law_outcome_in(o, v->lim->regulation))
			continue;
		if (group == NULL || strcmp(group, o->group) != 0) {
			if (group != NULL)
				buf_adds(b, "</optgroup>\n");
			buf_adds(b, "<optgroup label=\"");
			html_esc(b, o->group);
			buf_adds(b, "\">\n");
			group = o->group;
		}
		buf_adds(b, "<option value=\"");
		html_esc(b, o->code);
		buf_printf(b, "\"%s>", strcmp(cur, o->code) == 0 ? " selected" : "");
		html_esc(b, o->label);
		buf_adds(b, "</option>\n");
	}
	if (group != NULL)
		buf_adds(b, "</optgroup>\n");
	buf_adds(b, "</select></div>\n");
}

static void
action_form(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, const struct action *a, int again)
{
	const char *step = ev_codes[a->type];
	char today[CAL_DATE_LEN], dflt[8];

	/* Keep what was typed when this very form is shown again. */
#define VAL(k, d) (again ? posted(q, k) : (d))
	cal_format(q->today, today);
	buf_printf(b, "<form method=\"post\" action=\"/staff/case/%s\" class=\"action\" "
	    "id=\"act-%s\">\n<h3>%s</h3>\n", r->id, step, a->title);
	csrf_field(b, q);
	buf_printf(b, "<input type=\"hidden\" name=\"step\" value=\"%s\">\n", step);
	text_field(b, step, "date", "日期", VAL("date", today), "date", NULL);
	switch (a->type) {
	case EV_SUPP_REQ:
		buf_printf(b, "<div class=\"field\"><label for=\"a-%s-note\">需要补正的事项</label>\n"
		    "<textarea id=\"a-%s-note\" name=\"note\" rows=\"3\" maxlength=\"2000\">",
		    step, step);
		html_esc(b, VAL("note", ""));
		buf_adds(b, "</textarea></div>\n");
		(void)snprintf(dflt, sizeof(dflt), "%d", 15);
		text_field(b, step, "days", "补正期限（工作日）", VAL("days", dflt),
		    "number", "min=\"1\" max=\"60\"");
		break;
	case EV_CONSULT_START:
		choice_field(b, step, "reason", "征求意见的对象", VAL("reason", ""), 2, 2);
		text_field(b, step, "note", "说明", VAL("note", ""), "text", "maxlength=\"500\"");
		break;
	case EV_EXTEND:
		buf_printf(b, "<p class=\"hint\">延长%d个工作日，须经机关负责人同意并告知申请人。</p>\n",
		    v->lim != NULL ? v->lim->extension_days : 0);
		text_field(b, step, "reason", "批准人", VAL("reason", ""), "text", "maxlength=\"50\"");
		text_field(b, step, "note", "说明", VAL("note", ""), "text", "maxlength=\"500\"");
		break;
	case EV_ANSWER:
		outcome_field(b, q, v, VAL("outcome", ""));
		text_field(b, step, "reason", "理由和依据", VAL("reason", ""), "text", "maxlength=\"500\"");
		choice_field(b, step, "medium", "送达方式", VAL("medium", ""), 0,
		    sizeof(media) / sizeof(media[0]));
		text_field(b, step, "note", "备注（仅工作人员可见）", VAL("note", ""), "text",
		    "maxlength=\"2000\"");
		break;
	case EV_REVIEW_DECIDED:
	case EV_SUIT_DECIDED:
		choice_field(b, step, "outcome", "结果", VAL("outcome", ""), 1, 3);
		break;
	case EV_SUIT_FILED:
		choice_field(b, step, "reason", "起诉情形", VAL("reason", ""), 3, 2);
		break;
	case EV_WITHDRAW:
	case EV_SUPP_NONE:
	case EV_REVIEW_FILED:
		text_field(b, step, "note", "说明", VAL("note", ""), "text", "maxlength=\"500\"");
		break;
	default:
		break;
	}
#undef VAL
	buf_printf(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", a->button);
}

static void
render_case(struct req *q, const struct app_rec *r, const char *msg,
    enum ev_type failed)
{
	struct buf *b = &q->resp->body, ex;
	struct case_view v;
	const struct law_outcome *o;
	const struct event *e;
	char *vals[APP_FIELD__MAX], ds[CAL_DATE_LEN], title[64];
	const char *explain;
	struct form f;
	size_t i;
	int have;

	memset(&f, 0, sizeof(f));
	(void)form_parse(&f, q->r->query, strlen(q->r->query));
	explain = form_get(&f, "explain");
	buf_init(&ex);
	case_view(&q->c->b.cases, r, q->today, &v, &ex);
	have = apps_read_fields(&q->c->b.cases.apps, r, vals) == 0;

	buf_reset(b);
	(void)snprintf(title, sizeof(title), "案件 %s", r->id);
	begin(q, title, "queue");
	buf_adds(b, "<h1>案件 ");
	html_esc(b, r->id);
	buf_adds(b, " <span class=\"state\">");
	html_esc(b, case_state_labels[v.state]);
	buf_adds(b, "</span></h1>\n");
	if (msg != NULL) {
		buf_adds(b, "<div class=\"error-summary\" role=\"alert\"><p>");
		html_esc(b, msg);
		buf_adds(b, "</p></div>\n");
	}
	buf_adds(b, "<dl class=\"facts\">\n");
	fact(b, "收到方式", app_channel(r));
	{
		char when[17];

		app_submitted(r, when);
		fact(b, strcmp(app_channel(r), "网络") == 0 && r->received < 0 ?
		    "在线提交时间" : "登记时间", when);
	}
	date_str(v.received, ds);
	fact(b, "收到日期", ds[0] ? ds : "尚未确认收到");
	fact(b, "适用条例", v.lim != NULL ? v.lim->name : "—");
	buf_adds(b, "<dt>答复期限</dt><dd class=\"due\">");
	switch (v.due_status) {
	case DUE_OK:
		due_text(b, &q->c->b.cases, v.due, v.prov_from);
		if (v.extended) {
			buf_adds(b, "（已延期，原期限 ");
			due_text(b, &q->c->b.cases, v.due_orig,
			    cal_first_provisional(&q->c->b.cases.cal,
			    v.clock_start, v.due_orig));
			buf_adds(b, "）");
		}
		if (!concluded(v.state) && q->today > v.due)
			buf_adds(b, " <strong class=\"flag overdue\">已逾期</strong>");
		break;
	case DUE_NONE:
		buf_adds(b, "确认收到后计算");
		break;
	case DUE_SUPPLEMENT:
		buf_adds(b, "等待补正，收到补正后重新计算");
		break;
	case DUE_CONSULT:
		buf_adds(b, "征求意见期间暂停计算");
		break;
	case DUE_CALENDAR:
		buf_printf(b, "收到日期早于节假日安排的首年（%d年），无法计算",
		    q->c->b.cases.cal.first_year);
		break;
	}
	if (v.received >= 0) {
		buf_adds(b, " <a href=\"/staff/case/");
		html_urlarg(b, r->id);
		buf_adds(b, "?explain=1#explain\">计算过程</a>");
	}
	buf_adds(b, "</dd>\n");
	if (v.supp_notice_by >= 0 && !v.supp_asked && !concluded(v.state)) {
		buf_adds(b, "<dt>补正告知期限</dt><dd>");
		due_text(b, &q->c->b.cases, v.supp_notice_by,
		    v.supp_notice_prov ? v.received : -1);
		buf_adds(b, "</dd>\n");
	}
	if (v.supp_deadline >= 0) {
		buf_adds(b, "<dt>申请人补正期限</dt><dd>");
		due_text(b, &q->c->b.cases, v.supp_deadline,
		    v.supp_deadline_prov ? v.supp_requested : -1);
		buf_adds(b, "</dd>\n");
	}
	if (v.outcome != NULL) {
		o = law_outcome(&q->c->b.cases.law, v.outcome);
		fact(b, "办理结果", o != NULL ? o->label : v.outcome);
	}
	buf_adds(b, "</dl>\n");
	if (explain != NULL && v.received >= 0) {
		const char *p = ex.s, *nl;

		buf_adds(b, "<section id=\"explain\" class=\"explain\">\n<h2>答复期限的计算</h2>\n<ol>\n");
		while ((nl = strchr(p, '\n')) != NULL) {
			buf_adds(b, "<li>");
			html_escn(b, p, (size_t)(nl - p));
			buf_adds(b, "</li>\n");
			p = nl + 1;
		}
		buf_adds(b, "</ol>\n</section>\n");
	}

	if (have) {
		buf_adds(b, "<h2>申请人</h2>\n<dl class=\"facts\">\n");
		fact(b, "申请人类型", app_choice_label(app_applicant_types, vals[APP_APPLICANT_TYPE]));
		if (strcmp(vals[APP_APPLICANT_TYPE], "org") == 0) {
			fact(b, "名称", vals[APP_ORG_NAME]);
			fact(b, "统一社会信用代码", vals[APP_ORG_CODE]);
			fact(b, "类型", app_choice_label(app_org_kinds, vals[APP_ORG_KIND]));
			fact(b, "法定代表人", vals[APP_LEGAL_REP]);
			fact(b, "联系人", vals[APP_CONTACT_NAME]);
		} else {
			fact(b, "姓名", vals[APP_NAME]);
			fact(b, "工作单位", vals[APP_EMPLOYER]);
			fact(b, "证件类型", app_choice_label(app_id_types, vals[APP_ID_TYPE]));
			fact(b, "证件号码", vals[APP_ID_NUMBER]);
		}
		fact(b, "联系电话", vals[APP_PHONE]);
		fact(b, "电子邮箱", vals[APP_EMAIL]);
		fact(b, "通信地址", vals[APP_ADDRESS]);
		fact(b, "邮政编码", vals[APP_POSTCODE]);
		buf_adds(b, "</dl>\n<h2>所需信息</h2>\n<dl class=\"facts\">\n");
		fact(b, "所需信息名称", vals[APP_SUBJECT]);
		buf_adds(b, "<dt>内容描述</dt><dd>");
		html_esc_lines(b, vals[APP_DESCRIPTION]);
		buf_adds(b, "</dd>\n");
		fact(b, "文号", vals[APP_DOC_NUMBER]);
		fact(b, "提供形式", app_choice_label(app_media, vals[APP_MEDIUM]));
		fact(b, "获取方式", app_choice_label(app_deliveries, vals[APP_DELIVERY]));
		fact(b, "同意公开名称", strcmp(vals[APP_PUBLISH_SUBJECT], "1") == 0 ?
		    (v.withheld ? "同意（已决定不公开）" : "同意") : "不同意");
		buf_adds(b, "</dl>\n");
		form_vals_free(vals, APP_FIELD__MAX);
	} else
		buf_adds(b, "<p class=\"error-msg\">无法读取申请内容。</p>\n");

	buf_adds(b, "<h2 id=\"timeline\">办理记录</h2>\n<table class=\"timeline\">\n<thead><tr>"
	    "<th scope=\"col\">日期</th><th scope=\"col\">步骤</th><th scope=\"col\">内容</th>"
	    "<th scope=\"col\">经办人</th><th scope=\"col\">记录时间</th></tr></thead>\n<tbody>\n");
	for (i = v.first_event; i != 0; i = e->next) {
		struct ev_text t;

		e = &q->c->b.cases.ev[i - 1];
		(void)cases_event_text(&q->c->b.cases, e, &t);
		date_str(e->date, ds);
		buf_printf(b, "<tr><td>%s</td><td>", ds);
		html_esc(b, ev_labels[e->type]);
		buf_adds(b, "</td><td>");
		if (t.outcome[0] != '\0') {
			o = law_outcome(&q->c->b.cases.law, t.outcome);
			html_esc(b, o != NULL ? o->label : label_of(t.outcome, 1));
			buf_adds(b, "。");
		}
		if (t.reason[0] != '\0') {
			html_esc(b, label_of(label_of(t.reason, 2), 3));
			buf_adds(b, "。");
		}
		if (e->days > 0)
			buf_printf(b, "%d个工作日。", e->days);
		if (t.medium[0] != '\0') {
			buf_adds(b, "送达：");
			html_esc(b, label_of(t.medium, 0));
			buf_adds(b, "。");
		}
		html_esc_lines(b, t.note);
		buf_adds(b, "</td><td>");
		html_esc(b, t.staff);
		buf_adds(b, "</td><td>");
		html_escn(b, t.time, strnlen(t.time, 16));
		buf_adds(b, "</td></tr>\n");
		case_ev_text_free(&t);
	}
	if (v.first_event == 0)
		buf_adds(b, "<tr><td colspan=\"5\">暂无办理记录。</td></tr>\n");
	buf_adds(b, "</tbody></table>\n<h2>办理</h2>\n<div class=\"actions\">\n");
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (case_allows(&v, actions[i].type))
			action_form(b, q, r, &v, &actions[i],
			    msg != NULL && failed == actions[i].type);
	buf_adds(b, "</div>\n");
	html_end(b, &q->c->b.site);
	buf_free(&ex);
	form_free(&f);
}

static void
page_case(struct req *q, const char *id)
{
	const struct app_rec *r = apps_by_id(&q->c->b.cases.apps, id);
	struct case_step s;
	enum ev_type t;
	const char *msg = NULL, *days;
	char *end, loc[64];
	long n;

	if (r == NULL) {
		error_page(q, 404, "没有这个申请编号。");
		return;
	}
	if (q->r->method != CGI_POST) {
		render_case(q, r, NULL, EV__MAX);
		return;
	}
	if (ev_parse(posted(q, "step"), &t) != 0) {
		error_page(q, 400, "未知的办理步骤。");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.type = t;
	s.date = posted(q, "date");
	s.staff = q->s.who->name;
	s.outcome = posted(q, "outcome");
	s.reason = posted(q, "reason");
	s.note = posted(q, "note");
	s.medium = posted(q, "medium");
	days = posted(q, "days");
	n = strtol(days, &end, 10);
	s.days = days[0] != '\0' && *end == '\0' && n > 0 && n <= 1000 ? (int)n : 0;
	if (utf8_len(s.note) > 2000 || utf8_len(s.reason) > 500) {
		render_case(q, r, "填写的内容过长。", t);
		q->resp->status = 400;
		return;
	}
	switch (cases_act(&q->c->b.cases, r->id, &s, q->now, &msg)) {
	case CASE_OK:
		(void)snprintf(loc, sizeof(loc), "/staff/case/%s#timeline", r->id);
		redirect(q, loc);
		return;
	case CASE_ESTATE:
		(void)cases_refresh(&q->c->b.cases);
		render_case(q, r, "案件状态已变化，不能进行这一步。请查看最新的办理记录。", EV__MAX);
		q->resp->status = 409;
		return;
	case CASE_EINPUT:
		render_case(q, r, msg, t);
		q->resp->status = 400;
		return;
	case CASE_ENOCASE:
		error_page(q, 404, "没有这个申请编号。");
		return;
	case CASE_ENOSPC:
	case CASE_EIO:
		break;
	}
	render_case(q, r, "系统暂时无法保存这一步，请稍后再试。", t);
	q->resp->status = 503;
}

/* Accounts (admin) */

static void
page_users(struct req *q)
{
	struct buf *b = &q->resp->body;
	struct auth *a = &q->c->auth;
	const char *why = NULL, *login;
	size_t i;

	if (q->s.who->role != ROLE_ADMIN) {
		error_page(q, 403, "只有管理员可以管理工作人员账户。");
		return;
	}
	if (q->r->method == CGI_POST) {
		login = posted(q, "login");
		if (strcmp(login, q->s.who->login) == 0) {
			error_page(q, 400, "不能停用自己的账户。");
			return;
		}
		if (auth_disable(a, login, q->now, &why) != 0) {
			error_page(q, 400, "没有这个账户。");
			return;
		}
		redirect(q, "/staff/users");
		return;
	}
	begin(q, "工作人员", "users");
	buf_adds(b, "<h1>工作人员账户</h1>\n<p class=\"lead\">新增账户和重设密码请在服务器上使用 "
	    "<code>ogi-admin</code>。</p>\n<table class=\"queue\">\n<thead><tr><th scope=\"col\">登录名</th>"
	    "<th scope=\"col\">姓名</th><th scope=\"col\">角色</th><th scope=\"col\">状态</th>"
	    "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < a->nstaff; i++) {
		const struct staff *s = &a->staff[i];

		buf_adds(b, "<tr><td>");
		html_esc(b, s->login);
		buf_adds(b, "</td><td>");
		html_esc(b, s->name);
		buf_printf(b, "</td><td>%s</td><td>%s</td><td>",
		    s->role == ROLE_ADMIN ? "管理员" : "办理人员",
		    s->disabled ? "已停用" : "正常");
		if (!s->disabled && s != q->s.who) {
			buf_adds(b, "<form method=\"post\" action=\"/staff/users\" class=\"inline\">");
			csrf_field(b, q);
			buf_adds(b, "<input type=\"hidden\" name=\"login\" value=\"");
			html_esc(b, s->login);
			buf_adds(b, "\"><button type=\"submit\">停用</button></form>");
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table>\n");
	html_end(b, &q->c->b.site);
}

/* The holiday calendar (admin): a year's official notice imported */

static void
holidays_form(struct req *q, const char *rows, const char *errors)
{
	struct buf *b = &q->resp->body;
	const struct cal *cal = &q->c->b.cases.cal;
	int y, first = 0, last = 0;

	buf_adds(b, "<h1>节假日安排</h1>\n<p class=\"lead\">答复期限按工作日计算。");
	for (y = cal->first_year; y <= cal->last_year; y++)
		if (cal_year_status(cal, y) == CAL_Y_OFFICIAL)
			last = y;
		else if (first == 0)
			first = y;
	buf_printf(b, "已有国务院正式放假安排的年份：%d年至%d年。", cal->first_year, last);
	if (first != 0)
		buf_printf(b, "%d年起尚无正式安排，期限按法定节假日推算并标为“预计”。",
		    first);
	buf_adds(b, "</p>\n");
	if (errors != NULL) {
		const char *p = errors, *nl;

		buf_adds(b, "<div class=\"error-summary\" role=\"alert\" id=\"e-rows\">"
		    "<p>放假安排未导入，请改正：</p>\n<ul>\n");
		while ((nl = strchr(p, '\n')) != NULL) {
			buf_adds(b, "<li>");
			html_escn(b, p, (size_t)(nl - p));
			buf_adds(b, "</li>\n");
			p = nl + 1;
		}
		buf_adds(b, "</ul></div>\n");
	}
	buf_adds(b, "<form method=\"post\" action=\"/staff/holidays\">\n");
	csrf_field(b, q);
	buf_adds(b, "<div class=\"field\"><label for=\"f-rows\">国务院办公厅关于下一年度部分节假日安排的通知</label>\n"
	    "<p class=\"hint\" id=\"h-rows\">每行一个日期：<code>日期,类别,名称</code>，类别为 "
	    "<code>holiday</code>（放假）或 <code>workday</code>（调休上班）。放假期间的周末也逐日列出。"
	    "例如：<code>2027-01-01,holiday,元旦</code></p>\n"
	    "<textarea id=\"f-rows\" name=\"rows\" rows=\"16\" cols=\"40\" "
	    "aria-describedby=\"h-rows\"");
	if (errors != NULL)
		buf_adds(b, " aria-invalid=\"true\"");
	buf_adds(b, ">");
	html_esc(b, rows);
	buf_adds(b, "</textarea></div>\n<p><button type=\"submit\" name=\"step\" value=\"check\">检查并预览</button></p>\n</form>\n");
}

static void
page_holidays(struct req *q)
{
	struct buf *b = &q->resp->body, err, detail;
	struct cases *cs = &q->c->b.cases;
	struct hol_import h;
	struct hol_change *ch = NULL;
	const char *rows = posted(q, "rows"), *why = NULL;
	size_t n = 0, i, open_n = 0;

	if (q->s.who->role != ROLE_ADMIN) {
		error_page(q, 403, "只有管理员可以导入节假日安排。");
		return;
	}
	if (q->r->method != CGI_POST) {
		begin(q, "节假日安排", "holidays");
		holidays_form(q, "", NULL);
		html_end(b, &q->c->b.site);
		return;
	}
	buf_init(&err);
	buf_init(&detail);
	if (hol_parse(&h, &cs->cal, rows, strlen(rows), &err) != 0) {
		q->resp->status = 400;
		begin(q, "节假日安排", "holidays");
		holidays_form(q, rows, err.s);
		html_end(b, &q->c->b.site);
		buf_free(&err);
		return;
	}
	if (hol_changes(cs, &h, q->today, &ch, &n, &why) != 0) {
		error_page(q, 500, why);
		goto out;
	}
	if (strcmp(posted(q, "step"), "confirm") == 0) {
		if (hol_apply(cs, &h, &why) != 0) {
			error_page(q, 503, why);
			goto out;
		}
		for (i = 0; i < n; i++)
			open_n += !ch[i].concluded;
		buf_printf(&detail, "%d: %zu days, %zu dates changed (%zu open)",
		    h.year, h.n, n, open_n);
		auth_audit(&q->c->auth, q->now, q->s.who->login,
		    "holidays_import", detail.s);
		begin(q, "节假日安排", "holidays");
		buf_printf(b, "<h1>已导入%d年的放假安排</h1>\n<p class=\"lead\" role=\"status\">"
		    "共 %zu 个日期；%zu 个期限随之改变。各期限自此按正式安排计算，不再标为“预计”。</p>\n"
		    "<p><a href=\"/staff/\">返回待办案件</a></p>\n", h.year, h.n, n);
		html_end(b, &q->c->b.site);
		goto out;
	}
	begin(q, "节假日安排", "holidays");
	buf_printf(b, "<h1>导入%d年的放假安排：预览</h1>\n<p class=\"lead\">共 %zu 个日期（放假和调休上班），"
	    "导入后 <strong>%zu</strong> 个期限随之改变：</p>\n", h.year, h.n, n);
	if (n > 0) {
		buf_adds(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">"
		    "<table class=\"queue changes\">\n<thead><tr><th scope=\"col\">申请编号</th>"
		    "<th scope=\"col\">期限</th><th scope=\"col\">现在</th><th scope=\"col\">导入后</th>"
		    "</tr></thead>\n<tbody>\n");
		for (i = 0; i < n; i++) {
			const char *id = cs->apps.v[ch[i].app].id;

			buf_adds(b, "<tr><td><a href=\"/staff/case/");
			html_urlarg(b, id);
			buf_adds(b, "\">");
			html_esc(b, id);
			buf_adds(b, "</a></td><td>");
			html_esc(b, ch[i].what);
			if (ch[i].concluded)
				buf_adds(b, "（已办结）");
			buf_adds(b, "</td><td>");
			if (ch[i].old_prov)
				buf_adds(b, "预计 ");
			html_esc(b, ch[i].old);
			buf_adds(b, "</td><td>");
			if (ch[i].new_prov)
				buf_adds(b, "预计 ");
			html_esc(b, ch[i].new);
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "</tbody></table></div>\n");
	}
	buf_adds(b, "<form method=\"post\" action=\"/staff/holidays\">\n");
	csrf_field(b, q);
	buf_adds(b, "<input type=\"hidden\" name=\"rows\" value=\"");
	html_esc(b, rows);
	buf_adds(b, "\">\n<p><button type=\"submit\" name=\"step\" value=\"confirm\">确认导入</button> "
	    "<a href=\"/staff/holidays\">取消</a></p>\n</form>\n");
	html_end(b, &q->c->b.site);
out:
	free(ch);
	hol_free(&h);
	buf_free(&err);
	buf_free(&detail);
}

/* The annual table */

static void
page_annuals(struct req *q)
{
	struct buf *b = &q->resp->body;
	struct an_year y;
	size_t i;
	int year, m, d, yy;

	cal_to_ymd(q->today, &year, &m, &d);
	begin(q, "年度报告统计表", "annual");
	buf_adds(b, "<h1>年度报告统计表</h1>\n<p class=\"lead\">申请相关的数据由记录计算，其余数据在表单中填写。"
	    "核对无误后发布，公众即可在网站查看和下载。</p>\n<table class=\"queue\">\n<thead><tr>"
	    "<th scope=\"col\">年度</th><th scope=\"col\">机关</th><th scope=\"col\">格式</th>"
	    "<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < q->c->b.agencies.n; i++) {
		const struct an_agency *a = &q->c->b.agencies.a[i];

		for (yy = year; yy >= year - 10 && yy >= q->c->b.cases.cal.first_year; yy--) {
			const struct an_format *f = an_format_for(&q->c->b.formats, yy);

			if (f == NULL)
				continue;
			(void)an_year_load(&y, q->c->b.site.data_dir, a->code, yy);
			buf_printf(b, "<tr><td><a href=\"/staff/annual/%d?agency=", yy);
			html_urlarg(b, a->code);
			buf_printf(b, "\">%d年度</a></td><td>", yy);
			html_esc(b, a->name);
			buf_adds(b, "</td><td>");
			html_esc(b, f->name);
			buf_printf(b, "</td><td>%s</td></tr>\n", an_year_published(&y) ?
			    "已发布" : y.n > 0 ? "填写中" : "未填写");
			an_year_free(&y);
		}
	}
	buf_adds(b, "</tbody></table>\n");
	html_end(b, &q->c->b.site);
}

struct annual_ctx {
	const struct an_agency	*ag;
	const struct an_format	*f;
	int			 year, rollup;
	struct an_year		 y, last;
	const char		*scope[64];
	size_t			 nscope;
};

/* The live table: computed cells and every scope agency's entered cells. */
static void
compute(struct req *q, struct annual_ctx *a, struct an_table *t, int year)
{
	const struct an_format *f = an_format_for(&q->c->b.formats, year);
	struct an_year ys[64], *yp[64];
	size_t i;

	if (f == NULL)
		f = a->f;

	for (i = 0; i < a->nscope; i++) {
		if (year == a->year && strcmp(a->scope[i], a->ag->code) == 0)
			ys[i] = a->y, ys[i].path = NULL;
		else
			(void)an_year_load(&ys[i], q->c->b.site.data_dir, a->scope[i], year);
		yp[i] = &ys[i];
	}
	an_compute(t, f, &q->c->b.cases, a->scope, a->nscope, yp, a->nscope, year);
	for (i = 0; i < a->nscope; i++)
		if (!(year == a->year && strcmp(a->scope[i], a->ag->code) == 0))
			an_year_free(&ys[i]);
}

static const char *
field_name(struct buf *tmp, const struct an_row *r, const struct an_col *col)
{
	buf_reset(tmp);
	buf_printf(tmp, "v:%s:%s", r->code, col->code);
	return tmp->s;
}

static void
annual_form(struct req *q, struct annual_ctx *a, const char **errs, size_t nerr,
    const char *notice)
{
	struct buf *b = &q->resp->body, name, chk;
	struct an_table t, next;
	const struct an_format *f = a->f;
	size_t i, j, k = 0, nbad;
	int m, d, year, have_next;

	buf_init(&name);
	buf_init(&chk);
	buf_reset(b);
	compute(q, a, &t, a->year);
	cal_to_ymd(q->today, &year, &m, &d);
	have_next = a->year < year && an_format_for(&q->c->b.formats, a->year + 1) == f;
	if (have_next)
		compute(q, a, &next, a->year + 1);
	nbad = an_checks(&t, have_next ? &next : NULL, &chk);

	begin(q, "年度报告统计表", "annual");
	buf_printf(b, "<h1>%d年度统计表 <span class=\"state\">%s</span></h1>\n", a->year,
	    an_year_published(&a->y) ? "已发布" : "未发布");
	buf_adds(b, "<p>");
	html_esc(b, a->ag->name);
	if (a->rollup)
		buf_adds(b, "（含所属部门汇总）");
	buf_adds(b, " · 格式：");
	html_esc(b, f->title);
	buf_adds(b, "</p>\n");
	if (notice != NULL) {
		buf_adds(b, "<div class=\"notice\" role=\"status\"><p>");
		html_esc(b, notice);
		buf_adds(b, "</p></div>\n");
	}
	if (nerr > 0)
		buf_printf(b, "<div class=\"error-summary\" role=\"alert\"><h2>未保存：有 %zu 处需要修改</h2></div>\n", nerr);
	buf_adds(b, "<section class=\"checks\">\n<h2>核对</h2>\n");
	if (nbad == 0)
		buf_adds(b, "<p class=\"ok\">各项勾稽关系均已核对一致。</p>\n");
	else {
		const char *p = chk.s, *nl;

		buf_printf(b, "<p class=\"field-error\">%zu 处不一致（系统不会自动更正，请核对填写的数据）：</p>\n<ul class=\"bad\">\n", nbad);
		while ((nl = strchr(p, '\n')) != NULL) {
			buf_adds(b, "<li>");
			html_escn(b, p, (size_t)(nl - p));
			buf_adds(b, "</li>\n");
			p = nl + 1;
		}
		buf_adds(b, "</ul>\n");
	}
	if (!have_next && f->grid)
		buf_adds(b, "<p class=\"hint\">下一年度尚未结束，“结转下年度”与下一年度“上年结转”的核对在下一年度进行。</p>\n");
	buf_adds(b, "</section>\n<h2>预览</h2>\n");
	an_html(b, &t, &a->y, a->ag->name);

	buf_printf(b, "<h2>填写</h2>\n<form method=\"post\" action=\"/staff/annual/%d?agency=", a->year);
	html_urlarg(b, a->ag->code);
	buf_adds(b, "\" class=\"annual-form\">\n");
	csrf_field(b, q);
	buf_adds(b, "<fieldset class=\"group\"><legend>填报信息</legend>\n");
	for (i = 0; i + 1 < AN_META_KEYS; i++) {
		const char *v = errs != NULL ? posted(q, an_meta_keys[i]) :
		    an_year_get(&a->y, "meta", an_meta_keys[i]);

		buf_printf(b, "<div class=\"field\"><label for=\"m-%s\">%s</label>"
		    "<input type=\"text\" id=\"m-%s\" name=\"%s\" maxlength=\"100\" value=\"",
		    an_meta_keys[i], an_meta_labels[i], an_meta_keys[i], an_meta_keys[i]);
		html_esc(b, v != NULL ? v : "");
		buf_adds(b, "\"></div>\n");
	}
	buf_adds(b, "</fieldset>\n<table class=\"queue entered\">\n<thead><tr><th scope=\"col\">统计指标</th>"
	    "<th scope=\"col\">单位</th><th scope=\"col\">本年</th><th scope=\"col\">上年</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++, k++) {
			const struct an_col *col = &r->cs->col[j];
			const char *v, *last, *e = errs != NULL ? errs[k] : NULL;

			if (col->sum[0] != '\0')
				continue;
			field_name(&name, r, col);
			v = errs != NULL ? posted(q, name.s) : an_year_get(&a->y, r->code, col->code);
			last = an_year_get(&a->last, r->code, col->code);
			/* The name comes from the format's codes: escaped too. */
			buf_printf(b, "<tr%s><th scope=\"row\"><label for=\"", e ? " class=\"has-error\"" : "");
			html_esc(b, name.s);
			buf_adds(b, "\">");
			html_esc(b, r->label);
			if (r->cs->ncol > 1) {
				buf_adds(b, " — ");
				html_esc(b, col->label);
			}
			buf_adds(b, "</label>");
			if (e != NULL) {
				buf_adds(b, "<p class=\"field-error\" id=\"e-");
				html_esc(b, name.s);
				buf_adds(b, "\">");
				html_esc(b, e);
				buf_adds(b, "</p>");
			}
			buf_adds(b, "</th><td>");
			html_esc(b, r->unit);
			buf_adds(b, "</td><td><input type=\"text\" inputmode=\"decimal\" id=\"");
			html_esc(b, name.s);
			buf_adds(b, "\" name=\"");
			html_esc(b, name.s);
			buf_adds(b, "\" maxlength=\"16\" value=\"");
			html_esc(b, v != NULL ? v : "");
			buf_adds(b, "\"");
			if (e != NULL) {
				buf_adds(b, " aria-invalid=\"true\" aria-describedby=\"e-");
				html_esc(b, name.s);
				buf_adds(b, "\"");
			}
			buf_adds(b, "></td><td class=\"num\">");
			html_esc(b, last != NULL ? last : "—");
			buf_adds(b, "</td></tr>\n");
		}
	}
	buf_adds(b, "</tbody></table>\n<p><button type=\"submit\" name=\"step\" value=\"save\" class=\"primary\">保存</button>");
	buf_adds(b, " <button type=\"submit\" name=\"step\" value=\"publish\">保存并发布</button></p>\n");
	if (an_year_published(&a->y))
		buf_adds(b, "<p class=\"hint\">本年度已发布：修改需要管理员，并记入审计记录。</p>\n");
	buf_adds(b, "</form>\n");
	html_end(b, &q->c->b.site);
	an_table_free(&t);
	if (have_next)
		an_table_free(&next);
	buf_free(&name);
	buf_free(&chk);
}

static void
snapshot(struct req *q, struct annual_ctx *a)
{
	struct an_table t;

	compute(q, a, &t, a->year);
	an_snapshot(&a->y, &t, q->today);
	an_table_free(&t);
}

static void
page_annual(struct req *q, const char *rest)
{
	struct annual_ctx a;
	struct buf name, detail;
	const char **errs = NULL;
	const char *step;
	size_t i, j, k, nerr = 0, ncell = 0;
	char *end;
	long year;
	int was_published;
	long long v;

	memset(&a, 0, sizeof(a));
	year = strtol(rest, &end, 10);
	if (end == rest || *end != '\0' || end - rest != 4 ||
	    (a.f = an_format_for(&q->c->b.formats, (int)year)) == NULL) {
		error_page(q, 404, "没有这一年度的统计表。");
		return;
	}
	a.year = (int)year;
	{
		struct form f;
		const char *code;

		memset(&f, 0, sizeof(f));
		(void)form_parse(&f, q->r->query, strlen(q->r->query));
		code = form_get(&f, "agency");
		a.ag = an_agency(&q->c->b.agencies, code != NULL && *code ? code : q->c->b.site.agency);
		if (a.ag == NULL && (code == NULL || *code == '\0'))
			a.ag = &q->c->b.agencies.a[0];
		form_free(&f);
	}
	if (a.ag == NULL) {
		error_page(q, 404, "没有这个机关。");
		return;
	}
	a.rollup = an_has_children(&q->c->b.agencies, a.ag->code);
	a.nscope = an_scope(&q->c->b.agencies, a.ag->code, a.rollup, a.scope, 64);
	if (an_year_load(&a.y, q->c->b.site.data_dir, a.ag->code, a.year) != 0) {
		error_page(q, 503, "无法读取该年度的填写记录。");
		return;
	}
	(void)an_year_load(&a.last, q->c->b.site.data_dir, a.ag->code, a.year - 1);
	if (q->r->method != CGI_POST) {
		annual_form(q, &a, NULL, 0, NULL);
		goto out;
	}
	was_published = an_year_published(&a.y);
	if (was_published && q->s.who->role != ROLE_ADMIN) {
		error_page(q, 403, "本年度统计表已发布，修改需要管理员。");
		goto out;
	}
	step = posted(q, "step");
	buf_init(&name);
	for (i = 0; i < a.f->nrow; i++)
		if (strcmp(a.f->row[i].source, "entered") == 0)
			ncell += a.f->row[i].cs->ncol;
	errs = xcalloc(ncell + 1, sizeof(char *));
	for (i = 0, k = 0; i < a.f->nrow; i++) {
		const struct an_row *r = &a.f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++, k++) {
			const char *val;

			if (r->cs->col[j].sum[0] != '\0')
				continue;
			val = posted(q, field_name(&name, r, &r->cs->col[j]));
			if (val[0] == '\0' || an_parse_value(val, strcmp(r->unit, "万元") == 0 ? 2 : 0, &v) != 0) {
				errs[k] = strcmp(r->unit, "万元") == 0 ?
				    "请填写不小于0的数，最多两位小数。" : "请填写不小于0的整数。";
				nerr++;
			}
		}
	}
	for (i = 0; i + 1 < AN_META_KEYS; i++)
		if (utf8_len(posted(q, an_meta_keys[i])) > 100)
			nerr++;
	if (nerr > 0) {
		annual_form(q, &a, errs, nerr, NULL);
		q->resp->status = 400;
		buf_free(&name);
		goto out;
	}
	for (i = 0; i < a.f->nrow; i++) {
		const struct an_row *r = &a.f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++)
			if (r->cs->col[j].sum[0] == '\0')
				an_year_set(&a.y, r->code, r->cs->col[j].code,
				    posted(q, field_name(&name, r, &r->cs->col[j])));
	}
	buf_free(&name);
	for (i = 0; i + 1 < AN_META_KEYS; i++)
		an_year_set(&a.y, "meta", an_meta_keys[i], posted(q, an_meta_keys[i]));
	if (strcmp(step, "publish") == 0 || was_published)
		snapshot(q, &a);	/* an admin's change re-publishes */
	if (an_year_save(&a.y) != 0) {
		error_page(q, 503, "系统暂时无法保存，数据没有保存。");
		goto out;
	}
	buf_init(&detail);
	buf_printf(&detail, "%s %d", a.ag->code, a.year);
	auth_audit(&q->c->auth, q->now, q->s.who->login,
	    was_published ? "annual_change_after_publish" :
	    strcmp(step, "publish") == 0 ? "annual_publish" : "annual_save", detail.s);
	buf_free(&detail);
	{
		struct buf to;

		buf_init(&to);
		buf_printf(&to, "/staff/annual/%d?agency=", a.year);
		html_urlarg(&to, a.ag->code);
		redirect(q, to.s);
		buf_free(&to);
	}
out:
	free(errs);
	an_year_free(&a.y);
	an_year_free(&a.last);
}

/* Routing */

static enum page
route(const char *path, const char **id)
{
	static const char prefix[] = "/staff/case/";

	*id = NULL;
	if (strcmp(path, "/staff/login") == 0)
		return P_LOGIN;
	if (strcmp(path, "/staff/logout") == 0)
		return P_LOGOUT;
	if (strcmp(path, "/staff/") == 0 || strcmp(path, "/staff") == 0)
		return P_QUEUE;
	if (strcmp(path, "/staff/new") == 0)
		return P_NEW;
	if (strcmp(path, "/staff/users") == 0)
		return P_USERS;
	if (strcmp(path, "/staff/holidays") == 0)
		return P_HOLIDAYS;
	if (strcmp(path, "/staff/annual/") == 0 || strcmp(path, "/staff/annual") == 0)
		return P_ANNUALS;
	if (strncmp(path, "/staff/annual/", 14) == 0) {
		*id = path + 14;
		return P_ANNUAL;
	}
	if (strncmp(path, prefix, sizeof(prefix) - 1) == 0) {
		*id = path + sizeof(prefix) - 1;
		return P_CASE;
	}
	return P__MAX;
}

static int
read_post(struct req *q)
{
	char *body;
	size_t len;
	int st;
	enum form_err fe;

	if ((st = cgi_read_body(q->r, BODY_LIMIT, &body, &len)) != 0) {
		error_page(q, st, st == 413 ? "提交的内容过大。" :
		    "提交的数据无法识别，请使用工作台的表单。");
		return -1;
	}
	fe = form_parse(&q->post, body, len);
	free(body);
	if (fe != FORM_OK) {
		error_page(q, 400, form_strerror(fe));
		return -1;
	}
	return 0;
}

static void
dispatch(struct cgi_req *r, struct cgi_resp *resp, void *arg)
{
	struct ctx *c = arg;
	struct req q;
	const char *id;
	enum page p;

	memset(&q, 0, sizeof(q));
	q.r = r;
	q.resp = resp;
	q.c = c;
	q.now = site_now();
	q.today = cases_today(&c->b.cases, q.now);
	resp->no_store = 1;
	if ((p = route(r->path, &id)) == P__MAX) {
		error_page(&q, 404, "您要访问的页面不存在。");
		return;
	}
	if (r->method == CGI_OTHER) {
		buf_adds(&resp->headers, "Allow: GET, HEAD, POST\r\n");
		error_page(&q, 405, "不支持这种请求方式。");
		return;
	}
	if (cases_refresh(&c->b.cases) != STORE_OK || auth_refresh(&c->auth) != STORE_OK) {
		fprintf(stderr, "ogi-staff: cannot read the records\n");
		error_page(&q, 503, "系统暂时无法读取记录，请稍后再试。");
		return;
	}
	if (r->method == CGI_POST && read_post(&q) != 0)
		goto out;
	if (p == P_LOGIN) {
		page_login(&q);
		goto out;
	}
	if (auth_session(&c->auth, r->cookie, q.now, &q.s) != 0) {
		redirect(&q, "/staff/login");
		goto out;
	}
	set_cookie(&q, q.s.cookie, 0);	/* idle time starts again */
	if (r->method == CGI_POST && !auth_csrf_ok(&q.s, form_get(&q.post, "csrf"))) {
		error_page(&q, 403, "表单已失效（缺少或过期的安全令牌）。请返回，刷新页面后重试。");
		goto out;
	}
	if (p == P_LOGOUT && r->method != CGI_POST) {
		buf_adds(&resp->headers, "Allow: POST\r\n");
		error_page(&q, 405, "请使用页面上的“退出”按钮。");
		goto out;
	}
	switch (p) {
	case P_LOGOUT: page_logout(&q); break;
	case P_QUEUE:  page_queue(&q); break;
	case P_NEW:    page_new(&q); break;
	case P_CASE:   page_case(&q, id); break;
	case P_USERS:  page_users(&q); break;
	case P_HOLIDAYS: page_holidays(&q); break;
	case P_ANNUALS: page_annuals(&q); break;
	case P_ANNUAL: page_annual(&q, id); break;
	case P_LOGIN:
	case P__MAX:   break;
	}
out:
	form_free(&q.post);
}

int
main(void)
{
	static struct ctx c;	/* big: not on the stack */
	int rc;

	if (boot_open(&c.b, "ogi-staff") != 0)
		return 1;
	c.b.cases.apps.keep_names = 1;	/* for the search by name */
	auth_open(&c.auth, &c.b.site, c.b.key);
	rc = cgi_serve(dispatch, &c);
	auth_close(&c.auth);
	boot_close(&c.b);
	return rc;
}
