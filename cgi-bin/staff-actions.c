/*
 * The forms of a case's next steps: each step its state allows, with the
 * fields that step records (补正, consultation, extension, the answer and
 * its outcome, withdrawal, 复议, 诉讼, withholding the subject, publishing
 * the 答复书 once issued).
 */
#include <stdio.h>
#include <string.h>

#include "ogi/app.h"

#include "ogi/html.h"

#include "staff.h"

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
	{ EV_PUBLISH, "依申请公开转主动公开（第四十四条）", "在公开登记中公开答复书" },
	{ EV_FEE_NOTICE, "收费通知（信息处理费）", "记录收费通知" },
	{ EV_FEE_PAID, "申请人缴纳信息处理费", "记录缴费" },
	{ EV_FEE_WAIVED, "减免信息处理费", "记录减免" },
	{ EV_FEE_UNPAID, "申请人逾期未缴纳信息处理费", "记录逾期未缴费（办结）" },
};

void
desk_text_field(struct buf *b, const char *step, const char *name,
    const char *label, const char *value, const char *type, int maxlen)
{
	html_printf(b, "<div class=\"field\"><label for=\"a-%s-%s\">%s</label>\n"
	    "<input type=\"%s\" id=\"a-%s-%s\" name=\"%s\" value=\"%s\"", step, name,
	    label, type, step, name, name, value);
	if (maxlen > 0)
		html_printf(b, " maxlength=\"%d\"", maxlen);
	html_lit(b, "></div>\n");
}

static void
choice_field(struct buf *b, const char *step, const char *name,
    const char *label, const char *cur, const struct form_choice *t)
{
	size_t i;

	html_printf(b, "<div class=\"field\"><label for=\"a-%s-%s\">%s</label>\n"
	    "<select id=\"a-%s-%s\" name=\"%s\">\n", step, name, label, step, name,
	    name);
	html_option(b, "", "请选择", 0);
	for (i = 0; t[i].code != NULL; i++)
		html_option(b, t[i].code, t[i].label, strcmp(cur, t[i].code) == 0);
	html_lit(b, "</select></div>\n");
}

/* The outcomes of the case's regulation, grouped, as the table names them. */
static void
outcome_field(struct buf *b, const struct req *q, const struct case_view *v,
    const char *cur)
{
	const struct law *law = &q->c->b.cases.law;
	const char *group = NULL;
	size_t i;

	html_lit(b, "<div class=\"field\"><label for=\"a-answer-outcome\">答复结果</label>\n"
	    "<select id=\"a-answer-outcome\" name=\"outcome\">\n");
	html_option(b, "", "请选择", 0);
	for (i = 0; i < law->nout; i++) {
		const struct law_outcome *o = &law->out[i];

		if (!law_outcome_in(o, v->lim->regulation))
			continue;
		html_optgroup(b, &group, o->group);
		html_option(b, o->code, o->label, strcmp(cur, o->code) == 0);
	}
	html_optgroup(b, &group, NULL);
	html_lit(b, "</select></div>\n");
}

static void
action_form(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, const struct action *a, int again)
{
	const char *step = ev_codes[a->type];
	char today[CAL_DATE_LEN];

	/* Keep what was typed when this very form is shown again. */
#define VAL(k, d) (again ? desk_posted(q, k) : (d))
	cal_format(q->today, today);
	html_printf(b, "<form method=\"post\" action=\"/staff/case/%s\" class=\"action\" "
	    "id=\"act-%s\">\n<h3>%s</h3>\n", r->id, step, a->title);
	desk_csrf_field(b, q);
	html_printf(b, "<input type=\"hidden\" name=\"step\" value=\"%s\">\n", step);
	desk_text_field(b, step, "date", "日期", VAL("date", today), "date", 0);
	switch (a->type) {
	case EV_SUPP_REQ:
		html_printf(b, "<div class=\"field\"><label for=\"a-%s-note\">需要补正的事项</label>\n"
		    "<textarea id=\"a-%s-note\" name=\"note\" rows=\"3\" maxlength=\"2000\">"
		    "%s</textarea></div>\n", step, step, VAL("note", ""));
		html_printf(b, "<div class=\"field\"><label for=\"a-%s-days\">补正期限（工作日）</label>\n"
		    "<input type=\"number\" id=\"a-%s-days\" name=\"days\" value=\"%s\" "
		    "min=\"1\" max=\"60\"></div>\n", step, step, VAL("days", "15"));
		break;
	case EV_CONSULT_START:
		choice_field(b, step, "reason", "征求意见的对象", VAL("reason", ""),
		    case_consult_kinds);
		desk_text_field(b, step, "note", "说明", VAL("note", ""), "text", 500);
		break;
	case EV_EXTEND:
		html_printf(b, "<p class=\"hint\">延长%d个工作日，须经机关负责人同意并告知申请人。</p>\n",
		    v->lim != NULL ? v->lim->extension_days : 0);
		desk_text_field(b, step, "reason", "批准人", VAL("reason", ""), "text", 50);
		html_printf(b, "<div class=\"field\"><label for=\"a-%s-note\">延期理由</label>\n"
		    "<textarea id=\"a-%s-note\" name=\"note\" rows=\"3\" maxlength=\"2000\">"
		    "%s</textarea></div>\n", step, step, VAL("note", ""));
		break;
	case EV_ANSWER:
		outcome_field(b, q, v, VAL("outcome", ""));
		html_printf(b, "<div class=\"field\"><label for=\"a-%s-reason\">理由和依据</label>\n"
		    "<textarea id=\"a-%s-reason\" name=\"reason\" rows=\"4\" maxlength=\"500\">"
		    "%s</textarea></div>\n", step, step, VAL("reason", ""));
		{
			/* As the applicant asked (载体 and 获取方式), unless
			   typed otherwise. */
			char *vals[APP_FIELD__MAX];
			char carrier[16] = "", delivery[16] = "";

			if (!again && apps_read_fields(&q->c->b.cases.apps, r,
			    vals) == 0) {
				/* 纸质文本 asked (alone or first): paper;
				   e-mail, a disc, electronic text: electronic. */
				(void)snprintf(carrier, sizeof(carrier), "%s",
				    vals[APP_MEDIUM][0] == '\0' ? "" :
				    strncmp(vals[APP_MEDIUM], "paper", 5) == 0 ?
				    "paper" : "electronic");
				(void)snprintf(delivery, sizeof(delivery), "%s",
				    vals[APP_DELIVERY]);
				form_vals_free(vals, APP_FIELD__MAX);
			}
			choice_field(b, step, "carrier", "载体", again ?
			    desk_posted(q, "carrier") : carrier, case_carriers);
			choice_field(b, step, "delivery", "送达方式", again ?
			    desk_posted(q, "delivery") : delivery, case_deliveries);
		}
		html_printf(b, "<div class=\"field\"><label for=\"a-%s-note\">备注（仅工作人员可见）</label>\n"
		    "<textarea id=\"a-%s-note\" name=\"note\" rows=\"2\" maxlength=\"2000\">"
		    "%s</textarea></div>\n", step, step, VAL("note", ""));
		break;
	case EV_REVIEW_DECIDED:
	case EV_SUIT_DECIDED:
		choice_field(b, step, "outcome", "结果", VAL("outcome", ""),
		    case_decisions);
		break;
	case EV_SUIT_FILED:
		choice_field(b, step, "reason", "起诉情形", VAL("reason", ""),
		    case_suit_kinds);
		break;
	case EV_PUBLISH:
		html_printf(b, "<p class=\"hint\">答复书%s的全文将在公开登记中显示，"
		    "申请人的姓名、证件号码、联系方式、地址等个人信息以「申请人」代替。</p>\n",
		    doc_number(&q->c->b.docs, docs_answer(&q->c->b.docs, r->id)));
		break;
	case EV_FEE_NOTICE:
	case EV_FEE_PAID:
	case EV_FEE_WAIVED:
	case EV_FEE_UNPAID:
		desk_fee_form(b, q, r, v, a->type, again);
		break;
	case EV_WITHDRAW:
	case EV_SUPP_NONE:
	case EV_REVIEW_FILED:
		desk_text_field(b, step, "note", "说明", VAL("note", ""), "text", 500);
		break;
	default:
		break;
	}
#undef VAL
	html_printf(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", a->button);
}


/* The steps most likely next, first the one most likely. */
static const enum ev_type likely[][4] = {
	[CS_PENDING] = { EV_RECEIVED, EV__MAX },
	[CS_OPEN] = { EV_ANSWER, EV_SUPP_REQ, EV_EXTEND, EV_CONSULT_START },
	[CS_SUPPLEMENT] = { EV_SUPP_RECV, EV_SUPP_NONE, EV__MAX },
	[CS_CONSULT] = { EV_CONSULT_END, EV_EXTEND, EV__MAX },
	[CS_ANSWERED] = { EV_PUBLISH, EV_REVIEW_FILED, EV_SUIT_FILED, EV__MAX },
	[CS_CLOSED] = { EV_REVIEW_FILED, EV_SUIT_FILED, EV__MAX },
};

static const struct action *
action_of(enum ev_type t)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (actions[i].type == t)
			return &actions[i];
	return NULL;
}

static int
offered(const struct req *q, const struct app_rec *r,
    const struct case_view *v, enum ev_type t)
{
	/* Publication: of an issued 答复书. */
	return t < EV__MAX && case_allows(v, t) &&
	    (t != EV_PUBLISH || docs_answer(&q->c->b.docs, r->id) != NULL);
}

void
desk_next_steps(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, enum ev_type shown)
{
	const enum ev_type *l = likely[v->state < CS__MAX ? v->state : CS_CLOSED];
	const struct action *a;
	size_t i;
	int first = 1;

	html_lit(b, "<nav class=\"next-steps\" aria-label=\"下一步\">");
	for (i = 0; i < 4 && l[i] != EV__MAX; i++) {
		if (!offered(q, r, v, l[i]) || (a = action_of(l[i])) == NULL)
			continue;
		html_printf(b, "<a class=\"button%s\" href=\"/staff/case/%s?act=%s#act-%s\"",
		    first ? " primary" : "", r->id, ev_codes[l[i]], ev_codes[l[i]]);
		if (l[i] == shown)
			html_lit(b, " aria-current=\"true\"");
		html_printf(b, ">%s</a> ", a->title);
		first = 0;
	}
	html_printf(b, "<a class=\"button quiet\" href=\"#steps\">其他办理步骤</a></nav>\n");
}

int
desk_action_form(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, enum ev_type t, int again)
{
	const struct action *a = action_of(t);

	if (a == NULL || !offered(q, r, v, t))
		return -1;
	action_form(b, q, r, v, a, again);
	return 0;
}

void
desk_actions(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v, enum ev_type skip)
{
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (actions[i].type == skip || !offered(q, r, v, actions[i].type))
			continue;
		/* Folded: a step's form opens where it is chosen. */
		html_printf(b, "<details class=\"action\"><summary>%s</summary>\n",
		    actions[i].title);
		action_form(b, q, r, v, &actions[i], 0);
		html_lit(b, "</details>\n");
	}
}
