/*
 * The 信息处理费 on a case's page (第四十二条, data/fees.csv): the
 * applicant's applications this month and whether 按件计收 applies, the
 * fee notice, payment, waiver and non-payment — their forms, their rows in
 * the timeline and what their posted fields mean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/fee.h"
#include "ogi/html.h"

#include "staff.h"

static const char *
method_label(const char *code)
{
	enum fee_method m;

	return fee_method_parse(code, &m) == 0 ? fee_method_labels[m] : code;
}

static void
due_of(struct buf *b, const struct req *q, cal_day from, cal_day due)
{
	desk_due(b, q, due,
	    cal_first_provisional(&q->c->b.cases.cal, from, due));
}

void
desk_fee_facts(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v)
{
	const struct cases *c = &q->c->b.cases;
	const struct fee_scale *fs = &c->law.fee;
	struct case_month m;
	struct ev_text t;
	char ds[CAL_DATE_LEN];
	long unit;

	html_lit(b, "<h2 id=\"fee\">信息处理费</h2>\n<dl class=\"facts fee\">\n");
	if (cases_month_count(c, r, &m) != 0)
		html_lit(b, "<dt>申请人本月申请</dt><dd>无法统计：申请人的证件号码或统一社会信用代码缺失</dd>\n");
	else {
		unit = fee_unit(fs, FEE_COUNT, (long)m.nth);
		html_printf(b, "<dt>申请人本月申请</dt><dd class=\"month-count\">"
		    "%d年%d月向本机关提出%zu件，本件为第%zu件</dd>\n", m.year,
		    m.month, m.count, m.nth);
		html_lit(b, "<dt>按件计收</dt><dd class=\"per-count\">");
		if (unit > 0)
			html_printf(b, "适用：按收费标准，本件应收%ld元", unit);
		else
			html_lit(b, "不适用：在每月免费件数以内");
		html_lit(b, "</dd>\n");
	}
	html_printf(b, "<dt>收费依据</dt><dd>%s（%s）</dd>\n", fs->document,
	    fs->number);
	if (v->fee_event != 0) {
		(void)cases_event_text(c, &c->ev[v->fee_event - 1], &t);
		desk_date(v->fee_noticed, ds);
		html_printf(b, "<dt>收费通知</dt><dd class=\"fee-notice\">%s，%s，"
		    "%s元</dd>\n<dt>缴费期限</dt><dd class=\"fee-deadline\">", ds,
		    method_label(t.outcome), t.reason);
		case_ev_text_free(&t);
		due_of(b, q, v->fee_noticed, v->fee_deadline);
		if (v->fee == FEE_DUE && v->fee_overdue)
			html_lit(b, " <strong class=\"flag overdue\">已逾期未缴费</strong>");
		html_lit(b, "</dd>\n<dt>缴费情况</dt><dd class=\"fee-state\">");
		desk_date(v->fee_settled, ds);
		switch (v->fee) {
		case FEE_DUE:
			html_lit(b, "待缴费（答复期限暂停计算）");
			break;
		case FEE_PAID:
			html_printf(b, "%s已缴费", ds);
			break;
		case FEE_WAIVED:
			html_printf(b, "%s决定减免", ds);
			break;
		default:
			html_printf(b, "%s因逾期未缴费办结", ds);
			break;
		}
		html_lit(b, "</dd>\n");
	}
	html_lit(b, "</dl>\n");
}

int
desk_fee_step(struct buf *b, const struct event *e, const struct ev_text *t)
{
	switch (e->type) {
	case EV_FEE_NOTICE:
		if (strcmp(t->outcome, "pages") == 0)
			html_printf(b, "按量计收（%s页）", t->medium);
		else
			html_printf(b, "%s（申请人本月第%s件）",
			    method_label(t->outcome), t->medium);
		html_printf(b, "，收费%s元，%d个工作日内缴纳。", t->reason,
		    e->days);
		break;
	case EV_FEE_PAID:
		html_printf(b, "缴费%s元，票据号码%s。", t->reason, t->medium);
		break;
	case EV_FEE_WAIVED:
		html_printf(b, "减免%s元。", t->reason);
		break;
	case EV_FEE_UNPAID:
		html_lit(b, "申请人逾期未按收费通知要求缴纳费用，不再处理其申请。");
		break;
	default:
		return 0;
	}
	html_esc_lines(b, t->note);
	return 1;
}

void
desk_fee_posted(const struct req *q, struct case_step *s)
{
	switch (s->type) {
	case EV_FEE_NOTICE:
		s->outcome = desk_posted(q, "method");
		s->medium = desk_posted(q, "pages");
		break;
	case EV_FEE_PAID:
		s->reason = desk_posted(q, "amount");
		s->medium = desk_posted(q, "receipt");
		break;
	default:
		break;
	}
}

/* The notice's form: the scale, the amount for 按件 now, for 按量 once the
   pages are given (计算金额 shows it without recording). */
static void
notice_form(struct buf *b, const struct req *q, const struct app_rec *r,
    int again)
{
	const struct cases *c = &q->c->b.cases;
	const char *method = again ? desk_posted(q, "method") : "";
	const char *pages = again ? desk_posted(q, "pages") : "";
	const char *msg = NULL;
	struct buf w, scale;
	long amount, units;
	int m;

	buf_init(&w);
	buf_init(&scale);
	html_printf(b, "<p class=\"hint\">依据%s（%s）。按件计收与按量计收只能选择其一；"
	    "申请人自收到通知次日起%d个工作日内缴纳，其间答复期限暂停计算。</p>\n",
	    c->law.fee.document, c->law.fee.number, c->law.fee.pay_days);
	html_lit(b, "<table class=\"fee-scale\"><caption>收费标准</caption>\n<tbody>\n");
	for (m = 0; m < FEE__MAX; m++) {
		buf_reset(&scale);
		fee_describe(&c->law.fee, (enum fee_method)m, &scale);
		html_printf(b, "<tr><th scope=\"row\">%s</th><td><ul>\n",
		    fee_method_labels[m]);
		desk_lines(b, scale.s);
		html_lit(b, "</ul></td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n");
	html_lit(b, "<div class=\"field\"><label for=\"a-fee_notice-method\">计收方式</label>\n"
	    "<select id=\"a-fee_notice-method\" name=\"method\">\n");
	html_option(b, "", "请选择", 0);
	for (m = 0; m < FEE__MAX; m++)
		html_option(b, fee_method_codes[m], fee_method_labels[m],
		    strcmp(method, fee_method_codes[m]) == 0);
	html_lit(b, "</select></div>\n");
	desk_text_field(b, "fee_notice", "pages", "提供的页数（按量计收时填写）", pages,
	    "number", 0);
	/* The amount, as it would be recorded. */
	for (m = 0; m < FEE__MAX; m++) {
		if (!again && m != FEE_COUNT)
			continue;
		if (again && strcmp(method, fee_method_codes[m]) != 0)
			continue;
		buf_reset(&w);
		amount = cases_fee_amount(c, r, fee_method_codes[m], pages, &units,
		    &w, &msg);
		html_printf(b, "<div class=\"fee-amount\" id=\"fee-%s\"><p>%s：",
		    fee_method_codes[m], fee_method_labels[m]);
		if (amount < 0)
			html_printf(b, "%s</p>\n", msg);
		else {
			html_printf(b, "<strong>%ld元</strong></p>\n<ul>\n", amount);
			desk_lines(b, w.s);
			html_lit(b, "</ul>\n");
		}
		html_lit(b, "</div>\n");
	}
	html_lit(b, "<p><button type=\"submit\" name=\"preview\" value=\"1\">计算金额</button></p>\n");
	desk_text_field(b, "fee_notice", "note", "备注（仅工作人员可见）", again ?
	    desk_posted(q, "note") : "", "text", 500);
	buf_free(&w);
	buf_free(&scale);
}

void
desk_fee_form(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, enum ev_type t, int again)
{
	const char *step = ev_codes[t];
	struct ev_text et;
	char ds[CAL_DATE_LEN];

#define VAL(k, d) (again ? desk_posted(q, k) : (d))
	switch (t) {
	case EV_FEE_NOTICE:
		notice_form(b, q, r, again);
		break;
	case EV_FEE_PAID:
		memset(&et, 0, sizeof(et));
		if (v->fee_event != 0)
			(void)cases_event_text(&q->c->b.cases,
			    &q->c->b.cases.ev[v->fee_event - 1], &et);
		desk_text_field(b, step, "amount", "缴费金额（元）", VAL("amount",
		    et.reason != NULL ? et.reason : ""), "number", 0);
		case_ev_text_free(&et);
		desk_text_field(b, step, "receipt", "缴费票据号码", VAL("receipt", ""), "text",
		    60);
		desk_text_field(b, step, "note", "说明（少于通知金额的，写明减收理由）",
		    VAL("note", ""), "text", 500);
		break;
	case EV_FEE_WAIVED:
		desk_text_field(b, step, "note", "减免理由", VAL("note", ""), "text", 500);
		break;
	case EV_FEE_UNPAID:
		desk_date(v->fee_deadline, ds);
		html_printf(b, "<p class=\"hint\">缴费期限%s已届满，申请人未缴费的，"
		    "本机关不再处理其申请（办理结果：其他处理）。</p>\n", ds);
		desk_text_field(b, step, "note", "说明", VAL("note", ""), "text", 500);
		break;
	default:
		break;
	}
#undef VAL
}

void
desk_fee_year(struct buf *b, const struct req *q, const char *const *agencies,
    size_t n, int year)
{
	const struct fee_scale *fs = &q->c->b.cases.law.fee;
	long long yuan = an_fees_collected(&q->c->b.cases, agencies, n, year);
	struct buf wan;

	buf_init(&wan);
	/* 万元 with two decimals, as the tables print amounts. */
	an_format_value(&wan, (yuan + 50) / 100, 2);
	html_printf(b, "<section class=\"fees\">\n<h2>信息处理费</h2>\n"
	    "<p>%d年度依%s（%s）收取信息处理费 <strong id=\"fees-collected\">%lld</strong> 元"
	    "（%s万元），按缴费记录计算；可在年度报告“其他需要报告的事项”中说明。</p>\n"
	    "</section>\n", year, fs->document, fs->number, yuan, wan.s);
	buf_free(&wan);
}
