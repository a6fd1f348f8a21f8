/* What ogi-public's pages share.  See public.h. */
#include <string.h>

#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/out.h"
#include "ogi/site.h"

#include "public.h"

void
pub_error(struct cgi_resp *resp, const struct pub *c, int status,
    const char *msg)
{
	resp->status = status;
	buf_reset(&resp->body);
	html_error_page(&resp->body, &c->b.site, status, msg);
}

const struct law_limits *
pub_limits(const struct pub *c)
{
	return law_limits_for(&c->b.cases.law,
	    cases_today(&c->b.cases, site_now()));
}

void
pub_date(struct buf *b, cal_day d, const char *none)
{
	char ds[CAL_DATE_LEN];

	if (d < 0) {
		html_esc(b, none);
		return;
	}
	cal_format(d, ds);
	html_esc(b, ds);
}

void
pub_prov_note(struct buf *b, const struct cases *cs, const char *what,
    cal_day from, cal_day to)
{
	struct buf t;

	if (from < 0)
		return;
	buf_init(&t);
	case_prov_note(cs, from, to, &t);
	html_printf(b, "<p class=\"note\">注：标“预计”的%s%s。</p>\n", what, t.s);
	buf_free(&t);
}

const char *
pub_applicant(const struct app_rec *a)
{
	return app_choice_label(app_applicant_types, app_type(a));
}

const char *
pub_outcome(const struct pub *c, const char *code)
{
	const struct law_outcome *o;

	if (code == NULL || (o = law_outcome(&c->b.cases.law, code)) == NULL)
		return "";
	return o->public;
}

const char *
pub_outcome_of(const struct pub *c, const struct case_sum *s)
{
	return s->outcome >= 0 ? c->b.cases.law.out[s->outcome].public : "";
}

/* A 复议 or 诉讼 decision; one not known is "other". */
static const char *
decision(const char *code)
{
	const char *l = form_choice_label(case_decisions, code);

	return l[0] != '\0' ? l : form_choice_label(case_decisions, "other");
}

void
pub_steps(struct buf *b, const struct pub *c, const struct case_view *v)
{
	const struct event *e;
	const char *l;
	size_t i;

	for (i = v->first_event; i != 0; i = e->next) {
		e = &c->b.cases.ev[i - 1];
		if (e->type == EV_WITHHOLD || e->type == EV_ASSIGN)
			continue;	/* staff's business */
		html_lit(b, "<li>");
		pub_date(b, e->date, "");
		html_printf(b, " %s", ev_labels[e->type]);
		if (e->type == EV_SUPP_REQ && e->days > 0)
			html_printf(b, "（补正期限%d个工作日）", e->days);
		if (e->type == EV_EXTEND && e->days > 0)
			html_printf(b, "（延长%d个工作日）", e->days);
		if (e->type == EV_FEE_NOTICE && e->days > 0)
			html_printf(b, "（%d个工作日内缴费）", e->days);
		if (e->type == EV_ANSWER && (l = pub_outcome(c,
		    case_ev_outcome(&c->b.cases, e)))[0] != '\0')
			html_printf(b, "：%s", l);
		if (e->type == EV_REVIEW_DECIDED || e->type == EV_SUIT_DECIDED)
			html_printf(b, "：%s",
			    decision(case_ev_outcome(&c->b.cases, e)));
		html_lit(b, "</li>\n");
	}
}

int
pub_reg_query(struct cgi_req *req, struct cgi_resp *resp, const struct pub *c,
    struct reg_query *q)
{
	const char *err = NULL;
	struct form f;

	if (form_parse(&f, req->query, strlen(req->query)) != FORM_OK) {
		pub_error(resp, c, 400, "查询条件含有无效字符。");
		return -1;
	}
	if (reg_parse(q, &f, &err) != 0) {
		form_free(&f);
		pub_error(resp, c, 400, err);
		return -1;
	}
	form_free(&f);
	/* An outcome the law does not know is a mistake, not an empty list. */
	if (q->outcome[0] != '\0' && law_outcome(&c->b.cases.law, q->outcome) == NULL) {
		pub_error(resp, c, 400, "未知的办理结果。");
		return -1;
	}
	return 0;
}

void
pub_law(struct buf *b, const struct pub *c, const struct law_limits *lim,
    enum law_text_key key)
{
	struct buf t;

	buf_init(&t);
	law_text(&c->b.cases.law, lim, key, c->b.site.body_name, &t);
	html_esc(b, t.s);
	buf_free(&t);
}

void
pub_law_item(struct buf *b, const struct pub *c, const struct law_limits *lim,
    enum law_text_key key)
{
	struct buf t;

	buf_init(&t);
	law_text(&c->b.cases.law, lim, key, c->b.site.body_name, &t);
	if (t.len > 0)
		html_printf(b, "<li>%s</li>\n", t.s);
	buf_free(&t);
}
