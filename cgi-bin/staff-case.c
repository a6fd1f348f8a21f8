/*
 * /staff/case/ID: a case — the whole record, its steps, the due date and,
 * on request, how it was computed; a step posted here is checked against
 * the case as it stands on disk and appended.  A case of an agency out of
 * the account's scope is not found (404), for a look and for every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/html.h"

#include "staff.h"

static void
fact(struct buf *b, const char *dt, const char *dd)
{
	html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", dt, dd[0] ? dd : "—");
}
/* The 经办人 line, with the form that changes it for an admin, the
   current 经办人, or anyone while there is none. */
static void
assignee_line(struct buf *b, const struct req *q, const struct app_rec *r,
    const char *cur)
{
	const struct auth *a = &q->c->auth;
	size_t i;

	html_printf(b, "<div class=\"assignee\"><span>经办人：<strong>%s</strong></span>",
	    desk_staff_name(q, cur));
	if (q->s.who->role != ROLE_ADMIN && cur != NULL &&
	    strcmp(cur, q->s.who->login) != 0) {
		html_lit(b, "</div>\n");
		return;
	}
	html_printf(b, "<form method=\"post\" action=\"/staff/case/%s\" class=\"inline\">\n", r->id);
	desk_csrf_field(b, q);
	html_lit(b, "<input type=\"hidden\" name=\"step\" value=\"assign\">"
	    "<label for=\"f-assign\" class=\"sr-only\">改为</label>"
	    "<select id=\"f-assign\" name=\"reason\">\n");
	for (i = 0; i < a->nstaff; i++) {
		const struct staff *s = &a->staff[i];

		/* Accounts that may work on the case: its agency in their
		   scope. */
		if (s->disabled || !an_reaches(&q->c->b.agencies,
		    q->c->b.site.agency, s->agency, s->role == ROLE_ADMIN,
		    apps_agency(&q->c->b.cases.apps, r)))
			continue;
		html_option(b, s->login, s->name[0] != '\0' ? s->name : s->login,
		    cur != NULL && strcmp(cur, s->login) == 0);
	}
	html_lit(b, "</select> <button type=\"submit\">指定经办人</button></form></div>\n");
}

/* 上一件 / 下一件 in the queue's order under the filter the case was
   opened from (the query string), or 「我的案件」. */
static void
neighbours(struct buf *b, struct req *q, const struct app_rec *r,
    const struct form *f)
{
	const struct app_rec *prev, *next;
	struct desk_filter qf;

	desk_queue_filter(&qf, f);
	(void)desk_queue_near(q, &qf, r, &prev, &next);
	html_lit(b, "<nav class=\"pager\" aria-label=\"案件之间\">");
	if (prev != NULL) {
		html_printf(b, "<a rel=\"prev\" href=\"/staff/case/%s?", prev->id);
		desk_queue_query(b, &qf);
		html_printf(b, "\">← 上一件 %s</a> ", prev->id);
	}
	html_lit(b, "<a href=\"/staff/?");
	desk_queue_query(b, &qf);
	html_lit(b, "\">返回列表</a>");
	if (next != NULL) {
		html_printf(b, " <a rel=\"next\" href=\"/staff/case/%s?", next->id);
		desk_queue_query(b, &qf);
		html_printf(b, "\">下一件 %s →</a>", next->id);
	}
	html_lit(b, "</nav>\n");
}

/* What the case needs now: its due date with the working days left, its
   经办人, the next steps (the chosen one's form in place). */
static void
lead_panel(struct buf *b, struct req *q, const struct app_rec *r,
    const struct case_view *v, const struct form *f, enum ev_type shown,
    int again)
{
	char ds[DESK_CN_LEN];
	int left;

	html_lit(b, "<section class=\"lead-panel\" aria-labelledby=\"h-now\">\n"
	    "<h2 id=\"h-now\">当前办理</h2>\n<p class=\"due-line\">");
	if (v->due_status == DUE_OK && !desk_concluded(v->state)) {
		desk_date_cn(v->due, ds);
		left = v->due >= q->today ?
		    cal_workdays_between(&q->c->b.cases.cal, q->today, v->due) :
		    -cal_workdays_between(&q->c->b.cases.cal, v->due, q->today);
		html_printf(b, "答复期限 <strong class=\"nowrap\">%s%s</strong> ",
		    v->due_prov ? "预计 " : "", ds);
		if (left < 0)
			html_printf(b, "<strong class=\"flag overdue\">已逾期%d个工作日</strong>", -left);
		else
			html_printf(b, "<span class=\"left%s\">剩余 <strong>%d</strong> 个工作日</span>",
			    left <= 3 ? " soon" : "", left);
	} else if (v->state == CS_PENDING)
		html_lit(b, "<strong>待确认收到</strong>：确认收到之日起计算答复期限");
	else if (v->due_status == DUE_SUPPLEMENT)
		html_lit(b, "<strong>等待补正</strong>：收到补正之日起重新计算答复期限");
	else if (v->due_status == DUE_CONSULT)
		html_lit(b, "<strong>征求意见中</strong>：答复期限暂停计算");
	else
		html_printf(b, "<strong>%s</strong>", case_state_labels[v->state]);
	html_lit(b, "</p>\n");
	assignee_line(b, q, r, cases_assignee(&q->c->b.cases,
	    (size_t)(r - q->c->b.cases.apps.v)));
	desk_next_steps(b, q, r, v, shown);
	if (shown != EV__MAX) {
		html_lit(b, "<div class=\"act-here\">\n");
		if (desk_action_form(b, q, r, v, shown, again) != 0)
			html_printf(b, "<p class=\"warn\">案件目前的状态不能进行“%s”。</p>\n",
			    ev_labels[shown]);
		html_lit(b, "</div>\n");
	}
	neighbours(b, q, r, f);
	html_lit(b, "</section>\n");
}

static void
render_case(struct req *q, const struct app_rec *r, const char *msg,
    enum ev_type failed)
{
	struct buf *b = &q->resp->body, ex, ex2;
	struct case_view v;
	const struct law_outcome *o;
	const struct event *e;
	char *vals[APP_FIELD__MAX], title[64];
	const char *explain, *act;
	enum ev_type shown;
	struct form f;
	size_t i;
	int have;

	memset(&f, 0, sizeof(f));
	(void)form_parse(&f, q->r->query, strlen(q->r->query));
	explain = form_get(&f, "explain");
	if (msg != NULL && failed != EV__MAX)
		shown = failed;		/* again, with what was typed */
	else if ((act = form_get(&f, "act")) == NULL || ev_parse(act, &shown) != 0)
		shown = EV__MAX;
	buf_init(&ex);
	buf_init(&ex2);
	case_view(&q->c->b.cases, r, q->today, &v, &ex);
	have = apps_read_fields(&q->c->b.cases.apps, r, vals) == 0;

	buf_reset(b);
	(void)snprintf(title, sizeof(title), "案件 %s", r->id);
	desk_begin(q, title, "queue");
	html_printf(b, "<h1>案件 %s <span class=\"state\">%s</span></h1>\n", r->id,
	    case_state_labels[v.state]);
	if (msg != NULL)
		html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
		    msg);
	lead_panel(b, q, r, &v, &f, shown, msg != NULL && failed == shown);
	html_lit(b, "<dl class=\"facts\">\n");
	fact(b, "收到方式", app_channel(r));
	{
		char when[17], cn[DESK_CN_LEN];

		app_submitted(r, when);
		desk_time_cn(when, cn);
		fact(b, strcmp(app_channel(r), "网络") == 0 && r->received < 0 ?
		    "在线提交时间" : "登记时间", cn);
	}
	{
		char cn[DESK_CN_LEN];

		desk_date_cn(v.received, cn);
		fact(b, "收到日期", cn[0] ? cn : "尚未确认收到");
	}
	fact(b, "适用条例", v.lim != NULL ? v.lim->name : "—");
	html_lit(b, "<dt>答复期限</dt><dd class=\"due\">");
	switch (v.due_status) {
	case DUE_OK:
		desk_due(b, q, v.due, v.prov_from);
		if (v.extended) {
			html_lit(b, "（已延期，原期限 ");
			desk_due(b, q, v.due_orig,
			    cal_first_provisional(&q->c->b.cases.cal,
			    v.clock_start, v.due_orig));
			html_lit(b, "）");
		}
		if (!desk_concluded(v.state) && q->today > v.due)
			html_lit(b, " <strong class=\"flag overdue\">已逾期</strong>");
		break;
	case DUE_NONE:
		html_lit(b, "确认收到后计算");
		break;
	case DUE_SUPPLEMENT:
		html_lit(b, "等待补正，收到补正后重新计算");
		break;
	case DUE_CONSULT:
		html_lit(b, "征求意见期间暂停计算");
		break;
	case DUE_FEE:
		html_lit(b, "收费通知发出后暂停计算，缴费后恢复计算");
		break;
	case DUE_CALENDAR:
		html_printf(b, "收到日期早于节假日安排的首年（%d年），无法计算",
		    q->c->b.cases.cal.first_year);
		break;
	}
	if (v.received >= 0) {
		html_lit(b, " <a href=\"/staff/case/");
		html_urlarg(b, r->id);
		html_lit(b, "?explain=1#explain\">计算过程</a>");
	}
	html_lit(b, "</dd>\n");
	if (v.supp_notice_by >= 0 && !v.supp_asked && !desk_concluded(v.state)) {
		html_lit(b, "<dt>补正告知期限</dt><dd>");
		desk_due(b, q, v.supp_notice_by,
		    v.supp_notice_prov ? v.received : -1);
		html_lit(b, "</dd>\n");
	}
	if (v.supp_deadline >= 0) {
		/* Once the supplement came (or the case ended), the deadline
		   is history, not a date to keep. */
		int past = v.state != CS_SUPPLEMENT;

		html_printf(b, "<dt>申请人补正期限</dt><dd%s>", past ? " class=\"past\"" : "");
		desk_due(b, q, v.supp_deadline,
		    v.supp_deadline_prov ? v.supp_requested : -1);
		if (past)
			html_lit(b, "（已过去：补正已收到或案件已办结）");
		html_lit(b, "</dd>\n");
	}
	if (v.outcome != NULL) {
		o = law_outcome(&q->c->b.cases.law, v.outcome);
		fact(b, "办理结果", o != NULL ? o->label : v.outcome);
	}
	html_lit(b, "</dl>\n");
	if (v.fee_allowed || v.lim == NULL)	/* the month counts before receipt too */
		desk_fee_facts(b, q, r, &v);
	if (explain != NULL && v.received >= 0) {
		html_lit(b, "<section id=\"explain\" class=\"explain\">\n<h2>答复期限的计算</h2>\n<ol>\n");
		desk_lines(b, ex.s);
		html_lit(b, "</ol>\n</section>\n");
	}

	if (have) {
		html_lit(b, "<h2>申请人</h2>\n<dl class=\"facts\">\n");
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
		html_lit(b, "</dl>\n<h2>所需信息</h2>\n<dl class=\"facts\">\n");
		fact(b, "所需政府信息的名称", vals[APP_SUBJECT]);
		html_lit(b, "<dt>所需政府信息的内容描述</dt><dd>");
		html_esc_lines(b, vals[APP_DESCRIPTION]);
		html_lit(b, "</dd>\n");
		fact(b, "文号", vals[APP_DOC_NUMBER]);
		fact(b, "指定提供方式", app_choices_label(app_media,
		    vals[APP_MEDIUM], &ex2));
		fact(b, "获取信息的方式", app_choice_label(app_deliveries, vals[APP_DELIVERY]));
		fact(b, "同意公开名称", strcmp(vals[APP_PUBLISH_SUBJECT], "1") == 0 ?
		    (v.withheld ? "同意（已决定不公开）" : "同意") : "不同意");
		html_lit(b, "</dl>\n");
		form_vals_free(vals, APP_FIELD__MAX);
	} else
		html_lit(b, "<p class=\"error-msg\">无法读取申请内容。</p>\n");

	html_lit(b, "<h2 id=\"timeline\">办理记录</h2>\n<div class=\"table-wrap\" tabindex=\"0\" "
	    "role=\"region\" aria-label=\"办理记录\"><table class=\"timeline\">\n<thead><tr>"
	    "<th scope=\"col\">日期</th><th scope=\"col\">步骤</th><th scope=\"col\">内容</th>"
	    "<th scope=\"col\">经办人</th><th scope=\"col\">记录时间</th></tr></thead>\n<tbody>\n");
	for (i = v.first_event; i != 0; i = e->next) {
		struct ev_text t;

		e = &q->c->b.cases.ev[i - 1];
		/* A row that cannot be read shows as empty texts: the step
		   itself (date, type, days) is from memory. */
		(void)cases_event_text(&q->c->b.cases, e, &t);
		{
			char cn[DESK_CN_LEN], tm[DESK_CN_LEN], ml[64];

			desk_date_cn(e->date, cn);
			html_printf(b, "<tr><td class=\"nowrap\">%s</td><td>%s</td><td>",
			    cn, ev_labels[e->type]);
			if (desk_fee_step(b, e, &t))
				;	/* a fee step: its own words */
			else if (e->type == EV_ASSIGN)
				html_printf(b, "经办人：%s。", desk_staff_name(q,
				    t.reason[0] != '\0' ? t.reason : NULL));
			else {
				if (t.outcome[0] != '\0') {
					o = law_outcome(&q->c->b.cases.law, t.outcome);
					desk_sentence(b, o != NULL ? o->label :
					    desk_label(case_decisions, t.outcome));
				}
				if (t.reason[0] != '\0')
					desk_sentence(b, desk_label(case_suit_kinds,
					    desk_label(case_consult_kinds, t.reason)));
			}
			if (e->days > 0)
				html_printf(b, "%d个工作日。", e->days);
			case_medium_label(t.medium, ml);
			if (ml[0] != '\0')
				html_printf(b, "送达：%s。", ml);
			desk_sentence(b, t.note);
			desk_time_cn(t.time, tm);
			html_printf(b, "</td><td>%s</td><td class=\"nowrap\">%s</td></tr>\n",
			    t.staff, tm);
		}
		case_ev_text_free(&t);
	}
	if (v.first_event == 0)
		html_lit(b, "<tr><td colspan=\"5\">暂无办理记录。</td></tr>\n");
	html_lit(b, "</tbody></table></div>\n");
	desk_docs(b, q, r);
	if (files_refresh(&q->c->b.files) == STORE_OK &&
	    files_supp_refresh(&q->c->b.files) == STORE_OK)
		desk_case_files(b, q, r, &v);
	else
		html_lit(b, "<p class=\"warn\">暂时无法读取本案的材料。</p>\n");
	html_lit(b, "<h2 id=\"steps\">其他办理步骤</h2>\n<div class=\"actions\">\n");
	desk_actions(b, q, r, &v, shown);
	html_lit(b, "</div>\n");
	desk_code_form(b, q, r);
	html_end(b, &q->c->b.site);
	buf_free(&ex);
	buf_free(&ex2);
	form_free(&f);
}

void
desk_case(struct req *q, const struct app_rec *r, const char *msg, int status)
{
	render_case(q, r, msg, EV__MAX);
	q->resp->status = status;
}

void
desk_assign_self(struct req *q, const struct app_rec *r)
{
	struct case_step s;
	const char *msg;
	char today[CAL_DATE_LEN], detail[96];

	if (cases_assignee(&q->c->b.cases, (size_t)(r - q->c->b.cases.apps.v)) != NULL)
		return;
	cal_format(q->today, today);
	memset(&s, 0, sizeof(s));
	s.type = EV_ASSIGN;
	s.date = today;
	s.staff = q->s.who->name;
	s.reason = q->s.who->login;
	if (cases_act(&q->c->b.cases, r->id, &s, q->now, &msg) != CASE_OK) {
		fprintf(stderr, "ogi-staff: a case's 经办人 could not be recorded\n");
		return;
	}
	(void)snprintf(detail, sizeof(detail), "%s %s", r->id, s.reason);
	(void)auth_audit(&q->c->auth, q->now, q->s.who->login, "case_assign",
	    detail);
}

void
page_case(struct req *q, const char *path)
{
	const struct app_rec *r;
	struct case_step s;
	enum ev_type t;
	const char *msg = NULL, *days, *rest;
	char *end, loc[64], id[APP_ID_LEN], medium[48], today[CAL_DATE_LEN];
	size_t len;
	long n;

	/* ID, or ID/doc..., the case's documents (staff-docs.c). */
	rest = strchr(path, '/');
	len = rest != NULL ? (size_t)(rest - path) : strlen(path);
	if (len < sizeof(id)) {
		memcpy(id, path, len);
		id[len] = '\0';
	} else
		id[0] = '\0';
	r = apps_by_id(&q->c->b.cases.apps, id);
	/* Another agency's case is answered as one that does not exist:
	   neither its record nor that it exists is shown, and no step. */
	if (r == NULL || !desk_sees(q, r)) {
		desk_error(q, 404, "没有这个申请编号。");
		return;
	}
	if (rest != NULL && strcmp(rest, "/code") == 0) {
		desk_case_code(q, r);
		return;
	}
	if (rest != NULL) {
		if (!desk_case_file(q, r, rest + 1))
			desk_case_doc(q, r, rest + 1);
		return;
	}
	if (q->r->method != CGI_POST) {
		render_case(q, r, NULL, EV__MAX);
		return;
	}
	if (ev_parse(desk_posted(q, "step"), &t) != 0) {
		desk_error(q, 400, "未知的办理步骤。");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.type = t;
	s.date = desk_posted(q, "date");
	s.staff = q->s.who->name;
	s.outcome = desk_posted(q, "outcome");
	s.reason = desk_posted(q, "reason");
	s.note = desk_posted(q, "note");
	s.medium = desk_posted(q, "medium");
	cal_format(q->today, today);
	if (t == EV_ANSWER && s.medium[0] == '\0' &&
	    (desk_posted(q, "carrier")[0] != '\0' ||
	    desk_posted(q, "delivery")[0] != '\0')) {
		/* 载体 and 送达方式, as the form asks them. */
		(void)snprintf(medium, sizeof(medium), "%s+%s",
		    desk_posted(q, "carrier"), desk_posted(q, "delivery"));
		s.medium = medium;
	}
	if (t == EV_ASSIGN) {
		const char *cur = cases_assignee(&q->c->b.cases,
		    (size_t)(r - q->c->b.cases.apps.v));
		const struct staff *to = auth_staff(&q->c->auth, s.reason);

		/* An admin, the 经办人, or anyone while there is none. */
		if (q->s.who->role != ROLE_ADMIN && cur != NULL &&
		    strcmp(cur, q->s.who->login) != 0) {
			desk_error(q, 403, "只有管理员或本案经办人可以改变经办人。");
			return;
		}
		if (to == NULL || to->disabled || !an_reaches(&q->c->b.agencies,
		    q->c->b.site.agency, to->agency, to->role == ROLE_ADMIN,
		    apps_agency(&q->c->b.cases.apps, r))) {
			render_case(q, r, "请选择能办理本案的工作人员。", t);
			q->resp->status = 400;
			return;
		}
		s.date = today;
	}
	desk_fee_posted(q, &s);
	if (t == EV_FEE_NOTICE && desk_posted(q, "preview")[0] != '\0') {
		render_case(q, r, "已按收费标准计算金额（见下方「收费通知」），尚未记录。", t);
		return;
	}
	if (t == EV_PUBLISH) {
		/* Publication names the 答复书 it puts on the register (its
		   文号 in the step's reason: the audit says what was made
		   public). */
		const struct doc_rec *d = docs_answer(&q->c->b.docs, r->id);

		if (d == NULL) {
			render_case(q, r, "请先签发答复书，再在公开登记中公开。", t);
			q->resp->status = 400;
			return;
		}
		s.reason = doc_number(&q->c->b.docs, d);
	}
	days = desk_posted(q, "days");
	n = strtol(days, &end, 10);
	s.days = days[0] != '\0' && *end == '\0' && n > 0 && n <= 1000 ? (int)n : 0;
	if (utf8_len(s.note) > 2000 || utf8_len(s.reason) > 500) {
		render_case(q, r, "填写的内容过长。", t);
		q->resp->status = 400;
		return;
	}
	switch (cases_act(&q->c->b.cases, r->id, &s, q->now, &msg)) {
	case CASE_OK:
		if (t == EV_ASSIGN) {
			char detail[96];

			(void)snprintf(detail, sizeof(detail), "%s %s", r->id, s.reason);
			if (auth_audit(&q->c->auth, q->now, q->s.who->login,
			    "case_assign", detail) != STORE_OK)
				fprintf(stderr, "ogi-staff: audit.csv: the "
				    "assignment of a case is not recorded\n");
		}
		/* Who confirms receipt of a case no one has taken takes it. */
		if (t == EV_RECEIVED)
			desk_assign_self(q, r);
		(void)snprintf(loc, sizeof(loc), "/staff/case/%s#timeline", r->id);
		desk_redirect(q, loc);
		return;
	case CASE_ESTATE:
		/* To show the steps that came meanwhile; if the records
		   cannot be read now, the page shows what was read before. */
		(void)cases_refresh(&q->c->b.cases);
		render_case(q, r, "案件状态已变化，不能进行这一步。请查看最新的办理记录。", EV__MAX);
		q->resp->status = 409;
		return;
	case CASE_EINPUT:
		render_case(q, r, msg, t);
		q->resp->status = 400;
		return;
	case CASE_ENOCASE:
		desk_error(q, 404, "没有这个申请编号。");
		return;
	case CASE_ENOSPC:
	case CASE_EIO:
		break;
	}
	render_case(q, r, "系统暂时无法保存这一步，请稍后再试。", t);
	q->resp->status = 503;
}
