/*
 * A row of the public register, made once from a case's summary and shown
 * three ways: a row of /requests' table, the facts of /requests/ID, a row
 * of /requests.csv.  A column is added here, in one place.
 */
#include <stdio.h>

#include "ogi/html.h"
#include "ogi/out.h"

#include "public.h"

static const struct {
	const char	*head;		/* the table's and the CSV's */
	const char	*fact;		/* in the facts, or NULL: not shown */
	const char	*cls;		/* the fact's class, or NULL */
	int		 optional;	/* a fact only when it has a value */
} cols[PC__MAX] = {
	[PC_ID] =	  { "申请编号", NULL, NULL, 0 },
	[PC_RECEIVED] =	  { "收到日期", "收到日期", NULL, 0 },
	[PC_CHANNEL] =	  { "收到方式", "收到方式", NULL, 0 },
	[PC_TYPE] =	  { "申请人类型", "申请人类型", NULL, 0 },
	[PC_SUBJECT] =	  { "所需信息名称", "所需信息名称", "subject", 0 },
	[PC_STATE] =	  { "状态", "状态", "state", 0 },
	[PC_OUTCOME] =	  { "办理结果", "办理结果", "outcome", 1 },
	[PC_ANSWERED] =	  { "答复日期", "答复日期", NULL, 1 },
	[PC_TAKEN] =	  { "用时（工作日）", "用时", NULL, 1 },
	[PC_TIMELINESS] = { "时效", "时效", NULL, 1 },
};

void
pub_row(const struct pub *c, const struct app_rec *a, const struct case_sum *s,
    struct pub_row *w)
{
	w->recv[0] = w->ans[0] = w->taken[0] = '\0';
	if (s->received >= 0)
		cal_format(s->received, w->recv);
	if (s->answered >= 0)
		cal_format(s->answered, w->ans);
	if (s->taken >= 0)
		(void)snprintf(w->taken, sizeof(w->taken), "%d", s->taken);
	w->taken_prov = s->taken >= 0 && s->taken_prov;
	w->verdict_prov = s->timeliness != TL_NONE && s->verdict_prov;
	w->v[PC_ID] = a->id;
	w->v[PC_RECEIVED] = w->recv;
	w->v[PC_CHANNEL] = app_channel(a);
	w->v[PC_TYPE] = pub_applicant(a);
	w->v[PC_SUBJECT] = reg_subject(&c->b.cases.apps, a, s);
	w->v[PC_STATE] = case_state_labels[s->state];
	w->v[PC_OUTCOME] = pub_outcome_of(c, s);
	w->v[PC_ANSWERED] = w->ans;
	w->v[PC_TAKEN] = w->taken;
	w->v[PC_TIMELINESS] = reg_timeliness(s);
	w->doc = "";
	w->doc_date[0] = '\0';
	if (s->answered >= 0) {
		const struct doc_rec *d = docs_answer(&c->b.docs, a->id);

		if (d != NULL) {
			w->doc = doc_number(&c->b.docs, d);
			cal_format(d->date, w->doc_date);
		}
	}
}

int
pub_row_prov(const struct pub_row *w)
{
	return w->taken_prov || w->verdict_prov;
}

/* A column's value as a page shows it: 用时 and 时效 marked 预计. */
static void
value(struct buf *b, const struct pub_row *w, enum pub_col i, int facts)
{
	html_esc(b, w->v[i]);
	if (i == PC_TAKEN && facts)
		html_lit(b, " 个工作日");
	if ((i == PC_TAKEN && w->taken_prov) ||
	    (i == PC_TIMELINESS && w->verdict_prov))
		html_lit(b, "（预计）");
	if (i == PC_ANSWERED && w->doc[0] != '\0' && !facts)
		html_printf(b, "<br><span class=\"doc-number\">%s</span>", w->doc);
}

void
pub_row_head_html(struct buf *b)
{
	size_t i;

	html_lit(b, "<thead><tr>");
	for (i = 0; i < PC__MAX; i++)
		html_printf(b, "<th scope=\"col\">%s</th>", cols[i].head);
	html_lit(b, "</tr></thead>\n");
}

void
pub_row_html(struct buf *b, const struct pub_row *w)
{
	size_t i;

	html_lit(b, "<tr>");
	for (i = 0; i < PC__MAX; i++) {
		html_printf(b, "<td data-label=\"%s\">", cols[i].head);
		if (i == PC_ID) {
			html_lit(b, "<a href=\"/requests/");
			html_urlarg(b, w->v[i]);
			html_printf(b, "\">%s</a>", w->v[i]);
		} else
			value(b, w, i, 0);
		html_lit(b, "</td>");
	}
	html_lit(b, "</tr>\n");
}

void
pub_row_facts(struct buf *b, const struct pub_row *w)
{
	size_t i;

	for (i = 0; i < PC__MAX; i++) {
		if (cols[i].fact == NULL ||
		    (cols[i].optional && w->v[i][0] == '\0'))
			continue;
		html_printf(b, "<dt>%s</dt><dd", cols[i].fact);
		if (cols[i].cls != NULL)
			html_printf(b, " class=\"%s\"", cols[i].cls);
		html_lit(b, ">");
		value(b, w, i, 1);
		html_lit(b, "</dd>\n");
	}
	if (w->doc[0] != '\0')
		html_printf(b, "<dt>答复书</dt><dd class=\"doc-number\">%s（%s）</dd>\n",
		    w->doc, w->doc_date);
}

void
pub_row_head_csv(struct buf *b)
{
	const char *head[PC__MAX + 1];
	size_t i;

	for (i = 0; i < PC__MAX; i++)
		head[i] = cols[i].head;
	head[PC__MAX] = "预计";
	out_csv_row(b, head, PC__MAX + 1);
}

void
pub_row_csv(struct buf *b, const struct pub_row *w)
{
	const char *cell[PC__MAX + 1];
	size_t i;

	for (i = 0; i < PC__MAX; i++)
		cell[i] = w->v[i];
	/* 用时 or 时效 rest on a year without a holiday notice. */
	cell[PC__MAX] = pub_row_prov(w) ? "是" : "否";
	out_csv_row(b, cell, PC__MAX + 1);
}
