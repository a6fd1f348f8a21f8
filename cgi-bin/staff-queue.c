/*
 * /staff/: the queue as a worklist — the account's cases (「我的案件」: its
 * own and those no one has taken yet) or all of them, in the order they
 * need action: online applications waiting for confirmation of receipt
 * first (oldest first: the legal clock starts at confirmation), then by
 * working days left (overdue first, negative), then the cases whose clock
 * is stopped, then the concluded.  Counts per state and per 经办人, filters
 * and a search by id, applicant or 所需信息; only the cases of the
 * account's agencies (staff.h).  The case page's 上一件/下一件 follow the
 * same order and filter (desk_queue).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/html.h"
#include "ogi/site.h"

#include "staff.h"

#define QUEUE_MAX	500
#define SUBJECT_SHOWN	24	/* characters of 所需信息 in a row */

static const char *const state_codes[CS__MAX] = { "pending", "open",
    "supplement", "consult", "answered", "closed" };

/* Working days from today to the due day: negative when overdue. */
static int
days_left(const struct req *q, cal_day due)
{
	const struct cal *cal = &q->c->b.cases.cal;
	int n;

	if (due >= q->today)
		n = cal_workdays_between(cal, q->today, due);
	else
		n = -cal_workdays_between(cal, due, q->today);
	return n;
}

/* Which band a row sorts in. */
static int
band(const struct qrow *w)
{
	if (w->v.state == CS_PENDING)
		return 0;
	if (desk_concluded(w->v.state))
		return 3;
	return w->v.due_status == DUE_OK ? 1 : 2;
}

static int
by_need(const void *a, const void *b)
{
	const struct qrow *x = a, *y = b;
	int bx = band(x), by = band(y);

	if (bx != by)
		return bx < by ? -1 : 1;
	if (bx == 0) {		/* waiting longest first */
		if (x->r->sub_day != y->r->sub_day)
			return x->r->sub_day < y->r->sub_day ? -1 : 1;
		if (x->r->sub_min != y->r->sub_min)
			return x->r->sub_min < y->r->sub_min ? -1 : 1;
	} else if (bx == 1 && x->left != y->left)
		return x->left < y->left ? -1 : 1;
	return strcmp(x->r->id, y->r->id);
}

void
desk_queue_filter(struct desk_filter *qf, const struct form *f)
{
	const char *v;

	memset(qf, 0, sizeof(*qf));
	qf->who = (v = form_get(f, "who")) != NULL && v[0] != '\0' ? v : "mine";
	qf->state = (v = form_get(f, "state")) != NULL ? v : "";
	qf->channel = (v = form_get(f, "channel")) != NULL ? v : "";
	qf->year = (v = form_get(f, "year")) != NULL ? v : "";
	qf->term = (v = form_get(f, "q")) != NULL ? v : "";
}

/* The filter as a query string (for links that keep it). */
void
desk_queue_query(struct buf *b, const struct desk_filter *qf)
{
	html_lit(b, "who=");
	html_urlarg(b, qf->who);
	if (qf->state[0] != '\0') {
		html_lit(b, "&amp;state=");
		html_urlarg(b, qf->state);
	}
	if (qf->channel[0] != '\0') {
		html_lit(b, "&amp;channel=");
		html_urlarg(b, qf->channel);
	}
	if (qf->year[0] != '\0') {
		html_lit(b, "&amp;year=");
		html_urlarg(b, qf->year);
	}
	if (qf->term[0] != '\0') {
		html_lit(b, "&amp;q=");
		html_urlarg(b, qf->term);
	}
}

static int
whose(const struct req *q, const struct desk_filter *qf, const char *assignee)
{
	if (strcmp(qf->who, "all") == 0)
		return 1;
	if (strcmp(qf->who, "mine") == 0)
		return assignee == NULL || strcmp(assignee, q->s.who->login) == 0;
	if (strcmp(qf->who, "none") == 0)
		return assignee == NULL;
	return assignee != NULL && strcmp(assignee, qf->who) == 0;
}

/* The rows of the worklist, in file order. */
static size_t
queue_rows(struct req *q, const struct desk_filter *qf, struct qrow **out,
    size_t count[CS__MAX])
{
	struct cases *cs = &q->c->b.cases;
	size_t i, n = 0, *hits = NULL, nhits = 0, next_hit = 0;
	unsigned char *sees;
	struct qrow *rows;
	int searching = qf->term[0] != '\0';

	if (count != NULL)
		memset(count, 0, CS__MAX * sizeof(*count));
	/* Every record whose names match (in file order), not the first
	   few: other agencies' matches, left out below, must not crowd out
	   the account's own. */
	if (searching && apps_by_id(&cs->apps, qf->term) == NULL) {
		hits = xcalloc(cs->apps.n + 1, sizeof(size_t));
		nhits = apps_find_by_name(&cs->apps, qf->term, hits, cs->apps.n);
	}
	/* The account's agencies, by the records' agency index: the
	   queue, its counts and its search show no other agency's case. */
	sees = xcalloc(cs->apps.nagency + 1, 1);
	for (i = 0; i < cs->apps.nagency; i++)
		sees[i] = (unsigned char)desk_reaches(q, cs->apps.agency[i]);
	rows = xcalloc(cs->apps.n + 1, sizeof(*rows));
	for (i = 0; i < cs->apps.n; i++) {
		const struct app_rec *r = &cs->apps.v[i];
		struct qrow *w = &rows[n];

		if (r->agency >= cs->apps.nagency || !sees[r->agency])
			continue;
		w->v = *cases_sum(cs, i);
		w->r = r;
		w->i = i;
		w->assignee = cases_assignee(cs, i);
		if (!whose(q, qf, w->assignee))
			continue;
		if (count != NULL)
			count[w->v.state]++;
		if (searching) {
			while (next_hit < nhits && hits[next_hit] < i)
				next_hit++;
			if (strcmp(r->id, qf->term) != 0 &&
			    (next_hit == nhits || hits[next_hit] != i))
				continue;
		} else {
			if (qf->state[0] == '\0' && desk_concluded(w->v.state))
				continue;
			if (qf->state[0] != '\0' && strcmp(qf->state, "all") != 0 &&
			    strcmp(qf->state, state_codes[w->v.state]) != 0)
				continue;
			if (qf->channel[0] != '\0' &&
			    strcmp(qf->channel, app_channel(r)) != 0)
				continue;
			if (qf->year[0] != '\0' && strncmp(qf->year, r->id, 4) != 0)
				continue;
		}
		if (w->v.due_status == DUE_OK && !desk_concluded(w->v.state))
			w->left = days_left(q, w->v.due);
		n++;
	}
	free(sees);
	free(hits);
	*out = rows;
	return n;
}

size_t
desk_queue(struct req *q, const struct desk_filter *qf, struct qrow **out,
    size_t count[CS__MAX])
{
	size_t n = queue_rows(q, qf, out, count);

	qsort(*out, n, sizeof(**out), by_need);
	return n;
}

int
desk_queue_near(struct req *q, const struct desk_filter *qf,
    const struct app_rec *r, const struct app_rec **prev,
    const struct app_rec **next)
{
	struct qrow *rows;
	const struct qrow *cur = NULL, *p = NULL, *x = NULL;
	size_t n = queue_rows(q, qf, &rows, NULL), i;

	*prev = *next = NULL;
	for (i = 0; i < n && cur == NULL; i++)
		if (rows[i].r == r)
			cur = &rows[i];
	/* One pass, no sort: the rows just before and after it in the
	   queue's order (by_need is total: it ends on the id). */
	for (i = 0; cur != NULL && i < n; i++) {
		if (&rows[i] == cur)
			continue;
		if (by_need(&rows[i], cur) < 0) {
			if (p == NULL || by_need(&rows[i], p) > 0)
				p = &rows[i];
		} else if (x == NULL || by_need(&rows[i], x) < 0)
			x = &rows[i];
	}
	if (p != NULL)
		*prev = p->r;
	if (x != NULL)
		*next = x->r;
	free(rows);
	return cur != NULL;
}

/*
 * From 1 December, an admin is reminded of the year's annual report and
 * its deadline (第四十九条: 31 January, or 31 March for a people's
 * government), until the account's own agency has published it or the
 * deadline has passed.
 */
static void
report_reminder(struct req *q)
{
	struct buf *b = &q->resp->body;
	const struct an_agency *ag;
	struct an_year y;
	int year, m, d, dm, dd, published;
	cal_day due;

	if (q->s.who->role != ROLE_ADMIN)
		return;
	cal_to_ymd(q->today, &year, &m, &d);
	if (m != 12)
		year--;		/* January to March: last year's report */
	site_report_deadline(&q->c->b.site, year, &dm, &dd);
	due = cal_from_ymd(year + 1, dm, dd);
	if ((m != 12 && q->today > due) || an_format_for(&q->c->b.formats, year) == NULL)
		return;
	if ((ag = an_agency(&q->c->b.agencies, q->s.who->agency)) == NULL &&
	    (ag = an_agency(&q->c->b.agencies, q->c->b.site.agency)) == NULL)
		return;
	published = an_year_load(&y, q->c->b.site.data_dir, ag->code, year) == 0 &&
	    an_year_published(&y);
	an_year_free(&y);
	if (published)
		return;
	html_printf(b, "<div class=\"notice reminder\" role=\"status\"><p>%d年政府信息公开工作年度报告应于"
	    "%d年%d月%d日前公布（《条例》第四十九条）。<a href=\"/staff/annual/%d/report?agency=",
	    year, year + 1, dm, dd, year);
	html_urlarg(b, ag->code);
	html_lit(b, "\">撰写年度报告</a></p></div>\n");
}

static void
state_filter(struct buf *b, const char *cur)
{
	size_t i;

	html_lit(b, "<div class=\"field\"><label for=\"f-state\">状态</label>\n"
	    "<select id=\"f-state\" name=\"state\">\n");
	html_option(b, "", "未办结的全部", cur[0] == '\0');
	html_option(b, "all", "全部", strcmp(cur, "all") == 0);
	for (i = 0; i < CS__MAX; i++)
		html_option(b, state_codes[i], case_state_labels[i],
		    strcmp(cur, state_codes[i]) == 0);
	html_lit(b, "</select></div>\n");
}

/* An account's name for a login ("—" for none, the login if unknown). */
const char *
desk_staff_name(const struct req *q, const char *login)
{
	const struct staff *s;

	if (login == NULL)
		return "未指定";
	s = auth_staff(&q->c->auth, login);
	return s != NULL && s->name[0] != '\0' ? s->name : login;
}

/* At most n characters of s, with 「…」 when cut. */
static void
cut(char *s, size_t n)
{
	size_t i = 0, k = 0;

	while (s[i] != '\0') {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (k == n) {
				(void)snprintf(s + i, 4, "…");
				return;
			}
			k++;
		}
		i++;
	}
}

/* Counts per 经办人 among the account's cases not concluded. */
static void
per_assignee(struct req *q, struct buf *b, const struct desk_filter *qf)
{
	struct desk_filter all = *qf;
	struct qrow *rows;
	const char *names[64];
	size_t n, i, k, cnt[64] = { 0 }, nn = 0, none = 0;

	all.who = "all";
	all.state = "";
	all.term = "";
	n = desk_queue(q, &all, &rows, NULL);
	for (i = 0; i < n; i++) {
		if (rows[i].assignee == NULL) {
			none++;
			continue;
		}
		for (k = 0; k < nn && strcmp(names[k], rows[i].assignee) != 0; k++)
			;
		if (k == nn && nn < 64)
			names[nn++] = rows[i].assignee;
		if (k < 64)
			cnt[k]++;
	}
	html_lit(b, "<ul class=\"counts assignees\" aria-label=\"各经办人未办结的案件\">\n");
	for (k = 0; k < nn; k++) {
		html_lit(b, "<li><a href=\"/staff/?who=");
		html_urlarg(b, names[k]);
		html_printf(b, "\">%s <strong>%zu</strong></a></li>\n",
		    desk_staff_name(q, names[k]), cnt[k]);
	}
	html_printf(b, "<li><a href=\"/staff/?who=none\">未指定 <strong>%zu</strong></a></li>\n"
	    "</ul>\n", none);
	free(rows);
}

void
page_queue(struct req *q, const char *rest)
{
	struct buf *b = &q->resp->body;
	struct cases *cs = &q->c->b.cases;
	struct desk_filter qf;
	struct form f;
	struct qrow *rows = NULL;
	size_t i, n, count[CS__MAX];
	char ds[DESK_CN_LEN], today[DESK_CN_LEN], who[128], subj[512];
	cal_day prov_from = -1, prov_to = -1;

	(void)rest;
	memset(&f, 0, sizeof(f));
	if (form_parse(&f, q->r->query, strlen(q->r->query)) != FORM_OK) {
		desk_error(q, 400, "查询条件含有无效字符。");
		return;
	}
	desk_queue_filter(&qf, &f);
	n = desk_queue(q, &qf, &rows, count);

	desk_begin(q, "待办案件", "queue");
	desk_date_cn(q->today, today);
	html_lit(b, "<h1>待办案件</h1>\n");
	report_reminder(q);
	if (desk_top_admin(q)) {
		/* Notices the MTA has refused for a day: the admins see it. */
		size_t nf = outbox_failing(&q->c->b.site, q->now);

		if (nf > 0)
			html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>"
			    "有 %zu 封邮件通知已连续24小时以上未能交给邮件系统发出（系统仍在重试）。"
			    "请检查 site.csv 的 sendmail_command 和本机的邮件服务。</p></div>\n", nf);
	}
	html_lit(b, "<nav class=\"tabs\" aria-label=\"案件范围\">");
	html_lit(b, "<a href=\"/staff/?who=mine\"");
	if (strcmp(qf.who, "mine") == 0)
		html_lit(b, " aria-current=\"page\"");
	html_lit(b, ">我的案件</a> <a href=\"/staff/?who=all\"");
	if (strcmp(qf.who, "all") == 0)
		html_lit(b, " aria-current=\"page\"");
	html_lit(b, ">全部</a></nav>\n");
	html_lit(b, "<ul class=\"counts\">\n");
	for (i = 0; i < CS__MAX; i++) {
		html_printf(b, "<li><a href=\"/staff/?state=%s&amp;", state_codes[i]);
		html_lit(b, "who=");
		html_urlarg(b, qf.who);
		html_printf(b, "\">%s <strong>%zu</strong></a></li>\n",
		    case_state_labels[i], count[i]);
	}
	html_lit(b, "</ul>\n");
	per_assignee(q, b, &qf);
	html_lit(b, "<form method=\"get\" action=\"/staff/\" class=\"filters\">\n");
	html_printf(b, "<input type=\"hidden\" name=\"who\" value=\"%s\">\n", qf.who);
	state_filter(b, qf.state);
	html_lit(b, "<div class=\"field\"><label for=\"f-channel\">收到方式</label>\n"
	    "<select id=\"f-channel\" name=\"channel\">\n<option value=\"\">全部</option>\n");
	for (i = 0; app_channels[i] != NULL; i++)
		html_option(b, app_channels[i], app_channels[i],
		    strcmp(qf.channel, app_channels[i]) == 0);
	html_printf(b, "</select></div>\n<div class=\"field\"><label for=\"f-year\">年份</label>\n"
	    "<input type=\"text\" id=\"f-year\" name=\"year\" inputmode=\"numeric\" "
	    "maxlength=\"4\" value=\"%s\"></div>\n<div class=\"field\">"
	    "<label for=\"f-q\">申请编号、申请人或所需信息</label>\n"
	    "<input type=\"text\" id=\"f-q\" name=\"q\" maxlength=\"50\" value=\"%s\"></div>\n"
	    "<p><button type=\"submit\">筛选</button></p>\n</form>\n", qf.year, qf.term);
	html_printf(b, "<p>共 %zu 件%s。今天是 <span class=\"nowrap\">%s</span>。</p>\n", n,
	    n > QUEUE_MAX ? "，显示最需要办理的500件" : "", today);
	if (n == 0) {
		html_lit(b, "<p class=\"empty\">没有符合条件的案件。</p>\n");
		goto out;
	}
	html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"案件列表\">"
	    "<table class=\"queue worklist\">\n<thead><tr>"
	    "<th scope=\"col\">申请编号</th><th scope=\"col\">收到日期</th>"
	    "<th scope=\"col\">申请人</th><th scope=\"col\">所需信息</th>"
	    "<th scope=\"col\">状态</th><th scope=\"col\">经办人</th>"
	    "<th scope=\"col\">答复期限</th><th scope=\"col\">剩余工作日</th>"
	    "<th scope=\"col\">提示</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n && i < QUEUE_MAX; i++) {
		struct qrow *w = &rows[i];
		int overdue = band(w) == 1 && w->left < 0;
		int soon = band(w) == 1 && w->left >= 0 && w->left <= 3;

		html_printf(b, "<tr class=\"%s\"><td class=\"nowrap\"><a class=\"row-link\" href=\"/staff/case/",
		    overdue ? "overdue" : soon ? "soon" : "");
		html_urlarg(b, w->r->id);
		html_lit(b, "?");
		desk_queue_query(b, &qf);
		desk_date_cn(w->v.received, ds);
		apps_names(&cs->apps, w->i, who, sizeof(who), subj, sizeof(subj));
		cut(subj, SUBJECT_SHOWN);
		html_printf(b, "\">%s</a></td><td class=\"nowrap\">%s</td><td>%s</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td class=\"nowrap\">",
		    w->r->id, ds[0] ? ds : "待确认", who, subj,
		    case_state_labels[w->v.state], desk_staff_name(q, w->assignee));
		if (w->v.due_status == DUE_OK) {
			desk_date_cn(w->v.due, ds);
			if (w->v.due_prov) {
				html_printf(b, "<span class=\"provisional\">预计 %s</span>", ds);
				if (prov_from < 0 || w->v.due < prov_from)
					prov_from = w->v.due;
				if (w->v.due > prov_to)
					prov_to = w->v.due;
			} else
				html_esc(b, ds);
		} else if (w->v.due_status == DUE_SUPPLEMENT)
			html_lit(b, "待补正");
		else if (w->v.due_status == DUE_CONSULT)
			html_lit(b, "暂停（征求意见）");
		else if (w->v.due_status == DUE_FEE)
			html_lit(b, "暂停（待缴费）");
		else if (w->v.due_status == DUE_CALENDAR)
			html_lit(b, "需补充节假日安排");
		else
			html_lit(b, "—");
		html_lit(b, "</td><td class=\"num\">");
		if (band(w) == 1)
			html_printf(b, "<span class=\"left\">%d</span>", w->left);
		else
			html_lit(b, "—");
		html_lit(b, "</td><td>");
		if (overdue)
			html_printf(b, "<strong class=\"flag overdue\">已逾期%d个工作日</strong>", -w->left);
		else if (soon)
			html_lit(b, "<strong class=\"flag soon\">3 个工作日内到期</strong>");
		else if (w->v.state == CS_PENDING) {
			int waited = q->today - w->r->sub_day;

			html_printf(b, "<strong class=\"flag wait\">待确认收到，已等待%d天</strong>",
			    waited > 0 ? waited : 0);
		}
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table></div>\n");
	if (prov_from >= 0) {
		struct buf note;

		buf_init(&note);
		case_prov_note(cs, prov_from, prov_to, &note);
		html_printf(b, "<p class=\"note\">注：标“预计”的答复期限%s。</p>\n", note.s);
		buf_free(&note);
	}
out:
	html_end(b, &q->c->b.site);
	free(rows);
	form_free(&f);
}
