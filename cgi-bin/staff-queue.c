/*
 * /staff/: the queue — open cases by due date, flagging 已逾期 and
 * 3 个工作日内到期, with counts per state, filters and a search by id or
 * applicant name; only the cases of the account's agencies (staff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/html.h"

#include "staff.h"

#define QUEUE_MAX	500

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

static void
flags(struct req *q, struct row *w)
{
	int left;

	if (desk_concluded(w->v.state) || w->v.due_status != DUE_OK)
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

	html_lit(b, "<div class=\"field\"><label for=\"f-state\">状态</label>\n"
	    "<select id=\"f-state\" name=\"state\">\n");
	html_option(b, "", "未办结的全部", cur[0] == '\0');
	html_option(b, "all", "全部", strcmp(cur, "all") == 0);
	for (i = 0; i < CS__MAX; i++)
		html_option(b, state_codes[i], case_state_labels[i],
		    strcmp(cur, state_codes[i]) == 0);
	html_lit(b, "</select></div>\n");
}

void
page_queue(struct req *q, const char *rest)
{
	struct buf *b = &q->resp->body;
	struct cases *cs = &q->c->b.cases;
	struct form f;
	const char *state = "", *channel = "", *year = "", *term = "";
	struct row *rows;
	size_t i, n = 0, count[CS__MAX] = { 0 }, *hits = NULL, nhits = 0;
	size_t next_hit = 0;
	char ds[CAL_DATE_LEN], today[CAL_DATE_LEN];
	cal_day prov_from = -1, prov_to = -1;
	unsigned char *sees;
	int searching;

	(void)rest;
	memset(&f, 0, sizeof(f));
	if (form_parse(&f, q->r->query, strlen(q->r->query)) != FORM_OK) {
		desk_error(q, 400, "查询条件含有无效字符。");
		return;
	}
	if (form_get(&f, "state")) state = form_get(&f, "state");
	if (form_get(&f, "channel")) channel = form_get(&f, "channel");
	if (form_get(&f, "year")) year = form_get(&f, "year");
	if (form_get(&f, "q")) term = form_get(&f, "q");
	searching = term[0] != '\0';
	/* Every record whose names match (in file order), not the first
	   few: other agencies' matches, left out below, must not crowd out
	   the account's own. */
	if (searching && apps_by_id(&cs->apps, term) == NULL) {
		hits = xcalloc(cs->apps.n + 1, sizeof(size_t));
		nhits = apps_find_by_name(&cs->apps, term, hits, cs->apps.n);
	}

	/* The account's agencies, by the records' agency index: the
	   queue, its counts and its search show no other agency's case. */
	sees = xcalloc(cs->apps.nagency + 1, 1);
	for (i = 0; i < cs->apps.nagency; i++)
		sees[i] = (unsigned char)desk_reaches(q, cs->apps.agency[i]);
	rows = xcalloc(cs->apps.n + 1, sizeof(*rows));
	for (i = 0; i < cs->apps.n; i++) {
		const struct app_rec *r = &cs->apps.v[i];
		struct row *w = &rows[n];

		if (r->agency >= cs->apps.nagency || !sees[r->agency])
			continue;
		w->v = *cases_sum(cs, i);
		w->r = r;
		count[w->v.state]++;
		if (searching) {
			while (next_hit < nhits && hits[next_hit] < i)
				next_hit++;
			if (strcmp(r->id, term) != 0 &&
			    (next_hit == nhits || hits[next_hit] != i))
				continue;
		} else {
			if (state[0] == '\0' && desk_concluded(w->v.state))
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

	desk_begin(q, "待办案件", "queue");
	cal_format(q->today, today);
	html_lit(b, "<h1>待办案件</h1>\n");
	if (desk_top_admin(q)) {
		/* Notices the MTA has refused for a day: the admins see it. */
		size_t nf = outbox_failing(&q->c->b.site, q->now);

		if (nf > 0)
			html_printf(b, "<div class=\"error-summary\" role=\"alert\"><p>"
			    "有 %zu 封邮件通知已连续24小时以上未能交给邮件系统发出（系统仍在重试）。"
			    "请检查 site.csv 的 sendmail_command 和本机的邮件服务。</p></div>\n", nf);
	}
	html_lit(b, "<ul class=\"counts\">\n");
	for (i = 0; i < CS__MAX; i++)
		html_printf(b, "<li><a href=\"/staff/?state=%s\">%s <strong>%zu</strong></a></li>\n",
		    state_codes[i], case_state_labels[i], count[i]);
	html_lit(b, "</ul>\n<form method=\"get\" action=\"/staff/\" class=\"filters\">\n");
	state_filter(b, state);
	html_lit(b, "<div class=\"field\"><label for=\"f-channel\">收到方式</label>\n"
	    "<select id=\"f-channel\" name=\"channel\">\n<option value=\"\">全部</option>\n");
	for (i = 0; app_channels[i] != NULL; i++)
		html_option(b, app_channels[i], app_channels[i],
		    strcmp(channel, app_channels[i]) == 0);
	html_printf(b, "</select></div>\n<div class=\"field\"><label for=\"f-year\">年份</label>\n"
	    "<input type=\"text\" id=\"f-year\" name=\"year\" inputmode=\"numeric\" "
	    "maxlength=\"4\" value=\"%s\"></div>\n<div class=\"field\">"
	    "<label for=\"f-q\">申请编号或申请人</label>\n"
	    "<input type=\"text\" id=\"f-q\" name=\"q\" maxlength=\"50\" value=\"%s\"></div>\n"
	    "<p><button type=\"submit\">筛选</button></p>\n</form>\n", year, term);
	html_printf(b, "<p>共 %zu 件%s。今天是 %s。</p>\n", n,
	    n > QUEUE_MAX ? "，显示最早到期的500件" : "", today);
	if (n == 0) {
		html_lit(b, "<p class=\"empty\">没有符合条件的案件。</p>\n");
		goto out;
	}
	html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table class=\"queue\">\n<thead><tr>"
	    "<th scope=\"col\">申请编号</th><th scope=\"col\">收到方式</th>"
	    "<th scope=\"col\">收到日期</th><th scope=\"col\">状态</th>"
	    "<th scope=\"col\">答复期限</th><th scope=\"col\">提示</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n && i < QUEUE_MAX; i++) {
		struct row *w = &rows[i];

		if (w->overdue)
			html_lit(b, "<tr class=\"overdue\">");
		else if (w->soon)
			html_lit(b, "<tr class=\"soon\">");
		else
			html_lit(b, "<tr>");
		html_lit(b, "<td><a href=\"/staff/case/");
		html_urlarg(b, w->r->id);
		desk_date(w->v.received, ds);
		html_printf(b, "\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>",
		    w->r->id, app_channel(w->r), ds[0] ? ds : "待确认",
		    case_state_labels[w->v.state]);
		if (w->v.due_status == DUE_OK) {
			desk_date(w->v.due, ds);
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
		else if (w->v.due_status == DUE_CALENDAR)
			html_lit(b, "需补充节假日安排");
		else
			html_lit(b, "—");
		html_lit(b, "</td><td>");
		if (w->overdue)
			html_lit(b, "<strong class=\"flag overdue\">已逾期</strong>");
		else if (w->soon)
			html_lit(b, "<strong class=\"flag soon\">3 个工作日内到期</strong>");
		else if (w->v.state == CS_PENDING)
			html_lit(b, "待确认收到");
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
	free(sees);
	free(hits);
	form_free(&f);
}
