/*
 * doc-fill: which documents a case's steps call for, and a document's text
 * filled from the case for staff to amend.  See include/ogi/doc.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/doc.h"
#include "ogi/form.h"
#include "ogi/law.h"

#define MARK(what)	"【请填写：" what "】"

/* The outcome a concluding step carries: its own, or the one implied. */
static const char *
step_outcome(const struct cases *c, const struct event *e)
{
	switch (e->type) {
	case EV_ANSWER:
		return case_ev_outcome(c, e);
	case EV_SUPP_NONE:
		return "other_no_supplement";
	case EV_FEE_UNPAID:
		return "other_fee_unpaid";
	case EV_WITHDRAW:
		return "other";
	default:
		return NULL;
	}
}

/* The kind a step of the case calls for, or NULL. */
static const struct doc_kind *
kind_for(const struct docs *d, const struct cases *c, enum ev_type t,
    const struct event *e, const char *regulation)
{
	const struct law_outcome *o;
	const char *when = "", *code;
	size_t i;

	if (e != NULL && t == EV_CONSULT_START)
		when = case_ev_reason(c, e);
	else if (e != NULL && (code = step_outcome(c, e)) != NULL) {
		if ((o = law_outcome(&c->law, code)) == NULL)
			return NULL;
		when = o->group;
	}
	for (i = 0; i < d->nkinds; i++) {
		const struct doc_kind *k = &d->kinds[i];

		if ((k->steps & (1u << t)) && strcmp(k->when, when) == 0 &&
		    strcmp(k->regulation, regulation) == 0)
			return k;
	}
	return NULL;
}

static void
add_due(const struct docs *d, const struct app_rec *r, const struct doc_kind *k,
    const struct event *e, enum ev_type t, int n, struct doc_due *out,
    size_t *i, size_t max)
{
	struct doc_due *u;

	if (*i >= max)
		return;
	u = &out[(*i)++];
	u->kind = k;
	u->ev = e;
	u->step = t;
	u->step_n = n;
	doc_step_key(t, n, u->key);
	u->issued = docs_for_step(d, r->id, t, n);
}

size_t
doc_steps(const struct docs *d, const struct cases *c, const struct app_rec *r,
    struct doc_due *out, size_t max)
{
	const struct doc_kind *k;
	const struct event *e;
	struct case_view v;
	int count[EV__MAX] = { 0 };
	size_t i, n = 0;

	case_view(c, r, 0, &v, NULL);
	if (v.lim == NULL)
		return 0;	/* not received: nothing to issue yet */
	/* A case registered with its received date has no receipt step:
	   its receipt comes first, as step 0. */
	for (i = v.first_event; i != 0; i = e->next) {
		e = &c->ev[i - 1];
		if (e->type == EV_RECEIVED)
			break;
	}
	if (i == 0 && (k = kind_for(d, c, EV_RECEIVED, NULL,
	    v.lim->regulation)) != NULL)
		add_due(d, r, k, NULL, EV_RECEIVED, 0, out, &n, max);
	for (i = v.first_event; i != 0; i = e->next) {
		e = &c->ev[i - 1];
		count[e->type]++;
		if ((k = kind_for(d, c, (enum ev_type)e->type, e,
		    v.lim->regulation)) != NULL)
			add_due(d, r, k, e, (enum ev_type)e->type,
			    count[e->type], out, &n, max);
	}
	return n;
}

enum doc_err
doc_resolve(const struct docs *d, const struct cases *c,
    const struct app_rec *r, const struct doc_kind *k, const char *key,
    struct doc_due *due, const char **msg)
{
	struct doc_due all[64];
	struct case_view v;
	size_t n, i;
	int found = -1;

	case_view(c, r, 0, &v, NULL);
	if (v.lim == NULL) {
		*msg = "申请尚未确认收到，不能出具文书。";
		return DOC_ESTEP;
	}
	if (strcmp(v.lim->regulation, k->regulation) != 0) {
		*msg = "本案适用的条例与该文书模板引用的条例不同，请另行制作文书。";
		return DOC_EKIND;
	}
	memset(due, 0, sizeof(*due));
	due->kind = k;
	due->step = EV__MAX;
	if (k->steps == 0) {
		if (key != NULL && key[0] != '\0') {
			*msg = "这种文书不属于某一办理步骤。";
			return DOC_EKIND;
		}
		return DOC_OK;
	}
	n = doc_steps(d, c, r, all, sizeof(all) / sizeof(all[0]));
	for (i = 0; i < n; i++)
		if (all[i].kind == k && (key == NULL || key[0] == '\0' ||
		    strcmp(all[i].key, key) == 0))
			found = (int)i;		/* the latest, without a key */
	if (found < 0) {
		*msg = "本案没有需要出具这种文书的办理步骤。";
		return DOC_ESTEP;
	}
	*due = all[found];
	return DOC_OK;
}

/* ---- values ---- */

/* A value as the text gets it: ASCII braces made full-width, so that
   nothing typed by an applicant or staff reads as a placeholder. */
static void
put(struct buf *b, const char *s)
{
	buf_reset(b);
	for (; *s; s++) {
		if (*s == '{')
			buf_adds(b, "｛");
		else if (*s == '}')
			buf_adds(b, "｝");
		else
			buf_addc(b, *s);
	}
}

static void
put_date(struct buf *b, cal_day day)
{
	char zh[DOC_DATE_LEN];

	doc_date_zh(day, zh);
	put(b, zh);
}

/* Does s end with one of the punctuation marks? */
static size_t
ends_with(const char *s, size_t n, const char *const *marks)
{
	size_t k;

	for (; *marks != NULL; marks++) {
		k = strlen(*marks);
		if (n >= k && memcmp(s + n - k, *marks, k) == 0)
			return k;
	}
	return 0;
}

static const char *const stops[] = { "。", "！", "？", NULL };
static const char *const trailing[] = { "。", "；", "，", "、", "：", ";", ",",
    ".", ":", " ", "\t", "\n", NULL };

/* Staff's words cut of trailing punctuation (to go inside a sentence). */
static void
put_clause(struct buf *b, const char *s)
{
	size_t n, k;

	put(b, s);
	n = b->len;
	while ((k = ends_with(b->s, n, trailing)) > 0)
		n -= k;
	b->len = n;
	b->s[n] = '\0';
}

/* Staff's words as a sentence: ending with 。 (or ！？), or "". */
static void
put_sentence(struct buf *b, const char *s)
{
	put_clause(b, s);
	if (b->len == 0)
		return;
	if (ends_with(b->s, b->len, stops) == 0)
		buf_adds(b, "。");
}

/* The filled text: a paragraph a line, each trimmed, none empty. */
static void
paragraphs(struct buf *out, const char *s)
{
	const char *eol, *e;
	int first = 1;

	for (; *s; s = *eol ? eol + 1 : eol) {
		eol = s + strcspn(s, "\n");
		e = eol;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		for (;;) {
			if (s < e && (*s == ' ' || *s == '\t'))
				s++;
			else if (e - s >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
				s += 3;
			else
				break;
		}
		if (s == e)
			continue;
		if (!first)
			buf_addc(out, '\n');
		first = 0;
		buf_add(out, s, (size_t)(e - s));
	}
}

static const struct doc_finding *
finding_of(const struct docs *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->nfindings; i++)
		if (strcmp(d->findings[i].code, code) == 0)
			return &d->findings[i];
	return NULL;
}

/* The fee notice's values, from its row (method, amount, units, days) and
   the scale of data/fees.csv. */
static void
fee_values(const struct cases *c, const struct app_rec *r,
    const struct event *e, const struct ev_text *t, struct buf *vb)
{
	const struct fee_scale *fs = &c->law.fee;
	struct buf w, line;
	enum fee_method m;
	struct case_view v;
	char num[24];
	const char *p, *eol;
	long units;

	buf_init(&w);
	buf_init(&line);
	buf_printf(&line, "%s（%s）", fs->document, fs->number);
	put(&vb[DP_FEE_BASIS], line.s);
	(void)snprintf(num, sizeof(num), "%d", e->days);
	put(&vb[DP_PAY_DAYS], num);
	case_view(c, r, 0, &v, NULL);
	if (v.fee_deadline >= 0)
		put_date(&vb[DP_PAY_DEADLINE], v.fee_deadline);
	else
		put(&vb[DP_PAY_DEADLINE], MARK("缴费期限"));
	put(&vb[DP_FEE_AMOUNT], t->reason);
	if (vb[DP_FEE_AMOUNT].len == 0)
		put(&vb[DP_FEE_AMOUNT], MARK("金额"));
	units = strtol(t->medium, NULL, 10);
	if (fee_method_parse(t->outcome, &m) != 0 || units < 1) {
		put(&vb[DP_FEE_METHOD], MARK("计收方式"));
		put(&vb[DP_FEE_UNITS], MARK("件数或页数"));
		put(&vb[DP_FEE_WORKING], MARK("计算过程"));
		goto out;
	}
	put(&vb[DP_FEE_METHOD], fee_method_labels[m]);
	buf_reset(&line);
	if (m == FEE_COUNT) {
		buf_printf(&line, "本件为申请人本月第%ld件申请", units);
		(void)fee_range(fs, m, units, units, &w);
	} else {
		buf_printf(&line, "提供%ld页", units);
		(void)fee_total(fs, m, units, &w);
	}
	put(&vb[DP_FEE_UNITS], line.s);
	/* The working's lines in one sentence: "…；…". */
	buf_reset(&line);
	for (p = w.s; p != NULL && *p != '\0'; p = *eol ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		if (line.len > 0)
			buf_adds(&line, "；");
		buf_add(&line, p, (size_t)(eol - p));
	}
	put(&vb[DP_FEE_WORKING], line.s);
out:
	buf_free(&w);
	buf_free(&line);
}

/* The latest event of a type in the case, or NULL. */
static const struct event *
last_event(const struct cases *c, const struct case_view *v, enum ev_type t)
{
	const struct event *e, *found = NULL;
	size_t i;

	for (i = v->first_event; i != 0; i = e->next) {
		e = &c->ev[i - 1];
		if (e->type == (uint8_t)t)
			found = e;
	}
	return found;
}

enum doc_err
doc_fill(const struct docs *d, const struct cases *c, const struct app_rec *r,
    const struct doc_kind *k, const char *key, struct buf *out,
    const char **msg)
{
	struct buf vb[DP__MAX], tmp;
	const char *vals[DP__MAX];
	const struct doc_issuer *iss;
	const struct doc_finding *fi = NULL;
	const struct event *e, *supp;
	const struct doc_rec *sd;
	struct doc_due due;
	struct case_view v;
	struct ev_text t;
	char *app[APP_FIELD__MAX], num[16];
	const char *outcome = NULL;
	enum doc_err rc;
	int org, have_text = 0;
	size_t i;

	*msg = NULL;
	if ((rc = doc_resolve(d, c, r, k, key, &due, msg)) != DOC_OK)
		return rc;
	if ((iss = docs_issuer(d, apps_agency(&c->apps, r))) == NULL) {
		*msg = "本机关的署名和救济途径未设置（letters/issuers.csv）。";
		return DOC_ESETTINGS;
	}
	if (apps_read_fields(&c->apps, r, app) != 0) {
		*msg = "无法读取申请内容。";
		return DOC_EIO;
	}
	case_view(c, r, 0, &v, NULL);
	for (i = 0; i < DP__MAX; i++)
		buf_init(&vb[i]);
	buf_init(&tmp);
	e = due.ev;
	memset(&t, 0, sizeof(t));
	/* A step's row that cannot be read gives "" for its texts, and the
	   letter 【请填写：…】 where it needs them: staff see it. */
	if (e != NULL) {
		(void)cases_event_text(c, e, &t);
		have_text = 1;
	}

	org = strcmp(app[APP_APPLICANT_TYPE], "org") == 0;
	put(&vb[DP_APPLICANT], org ? app[APP_ORG_NAME] : app[APP_NAME]);
	if (vb[DP_APPLICANT].len == 0)
		put(&vb[DP_APPLICANT], MARK("申请人姓名或者名称"));
	put(&vb[DP_YOU], org ? "贵单位" : "您");
	put(&vb[DP_ID], r->id);
	put_date(&vb[DP_RECEIVED], v.received);
	put(&vb[DP_CHANNEL], app_channel(r));
	put_clause(&vb[DP_SUBJECT], app[APP_SUBJECT]);
	if (vb[DP_SUBJECT].len == 0)
		put(&vb[DP_SUBJECT], MARK("申请公开的政府信息"));
	put(&vb[DP_BODY_NAME], iss->signer);
	put(&vb[DP_CONTACT], iss->contact);
	put(&vb[DP_REVIEW_BODY], iss->review_body);
	put(&vb[DP_COURT], iss->court);
	/* The receipt gives the limit as it stood then, before an
	   extension; other letters the limit in force. */
	if (v.due_status == DUE_OK) {
		put_date(&vb[DP_DUE], due.step == EV_RECEIVED ? v.due_orig : v.due);
		if (v.due_prov)
			buf_adds(&vb[DP_DUE], "（按法定节假日推算，如国务院公布的"
			    "放假安排有调整，以调整后的日期为准）");
	} else
		put(&vb[DP_DUE], MARK("答复期限"));
	(void)snprintf(num, sizeof(num), "%d", v.lim->answer_days);
	put(&vb[DP_ANSWER_DAYS], num);
	(void)snprintf(num, sizeof(num), "%d", v.lim->extension_days);
	put(&vb[DP_EXTENSION_DAYS], num);

	/* The 补正 asked, for the notice and for an answer after it. */
	if ((supp = last_event(c, &v, EV_SUPP_REQ)) != NULL) {
		struct ev_text st;

		(void)snprintf(num, sizeof(num), "%d", supp->days);
		put(&vb[DP_SUPP_DAYS], num);
		put_date(&vb[DP_SUPP_REQUESTED], supp->date);
		if (v.supp_deadline >= 0)
			put_date(&vb[DP_SUPP_DEADLINE], v.supp_deadline);
		if (cases_event_text(c, supp, &st) == 0)
			put(&vb[DP_ITEMS], st.note);
		case_ev_text_free(&st);
		if ((sd = docs_for_step(d, r->id, EV_SUPP_REQ, 1)) != NULL) {
			buf_adds(&vb[DP_SUPP_DOC], "（");
			buf_adds(&vb[DP_SUPP_DOC], doc_number(d, sd));
			buf_adds(&vb[DP_SUPP_DOC], "）");
		}
	}
	if (vb[DP_ITEMS].len == 0)
		put(&vb[DP_ITEMS], MARK("需要补正的事项"));
	if (vb[DP_SUPP_DEADLINE].len == 0)
		put(&vb[DP_SUPP_DEADLINE], MARK("补正期限"));

	switch (due.step) {
	case EV_EXTEND:
		put_clause(&vb[DP_REASON], have_text ? t.note : "");
		if (vb[DP_REASON].len == 0)
			put(&vb[DP_REASON], MARK("延期的理由"));
		put(&vb[DP_APPROVER], have_text ? t.reason : "");
		break;
	case EV_CONSULT_START:
		put(&vb[DP_CONSULTEE], strcmp(k->when, "agency") == 0 ?
		    MARK("被征求意见机关的名称") : MARK("第三方的姓名或者名称"));
		put_sentence(&vb[DP_NOTE], have_text ? t.note : "");
		break;
	case EV_ANSWER:
		outcome = have_text ? t.outcome : "";
		put_clause(&vb[DP_REASON], have_text ? t.reason : "");
		{
			char ml[64];

			case_medium_label(have_text ? t.medium : "", ml);
			put(&vb[DP_MEDIUM], ml);
		}
		if (vb[DP_MEDIUM].len == 0)
			put(&vb[DP_MEDIUM], MARK("提供方式"));
		break;
	case EV_SUPP_NONE:
		outcome = "other_no_supplement";
		break;
	case EV_FEE_UNPAID:
		outcome = "other_fee_unpaid";
		break;
	case EV_FEE_NOTICE:
		fee_values(c, r, e, &t, vb);
		break;
	case EV_WITHDRAW:
		outcome = "withdraw";
		put_date(&vb[DP_WITHDRAWN], e->date);
		break;
	default:
		break;
	}
	/* The late ones stay for doc_issue. */
	for (i = 0; i < DP__MAX; i++)
		vals[i] = vb[i].s;
	vals[DP_DOC_NUMBER] = "{doc_number}";
	vals[DP_DATE] = "{date}";

	if (outcome != NULL && (fi = finding_of(d, outcome)) != NULL) {
		doc_tmpl_fill(fi->finding, vals, &tmp);
		put(&vb[DP_FINDING], tmp.s);
		/* What staff wrote of this case follows the standard words. */
		if (due.step == EV_ANSWER && vb[DP_REASON].len > 0) {
			buf_add(&vb[DP_FINDING], vb[DP_REASON].s, vb[DP_REASON].len);
			buf_adds(&vb[DP_FINDING], "。");
		}
		put(&vb[DP_BASIS], fi->basis);
		if (fi->basis[0] != '\0') {
			buf_reset(&tmp);
			buf_printf(&tmp, "根据%s的规定，", vb[DP_BASIS].s);
			put(&vb[DP_ACCORDING], tmp.s);
		}
		buf_reset(&tmp);
		doc_tmpl_fill(fi->decision, vals, &tmp);
		put(&vb[DP_DECISION], tmp.s);
	} else if (outcome != NULL) {
		put(&vb[DP_FINDING], MARK("认定的事实和理由"));
		put(&vb[DP_BASIS], MARK("法律依据"));
		put(&vb[DP_ACCORDING], "根据" MARK("法律依据") "的规定，");
		put(&vb[DP_DECISION], MARK("处理决定"));
	}
	buf_reset(&tmp);
	doc_tmpl_fill(d->remedies, vals, &tmp);
	put(&vb[DP_REMEDIES], tmp.s);
	for (i = 0; i < DP__MAX; i++)
		vals[i] = vb[i].s;
	vals[DP_DOC_NUMBER] = "{doc_number}";
	vals[DP_DATE] = "{date}";

	buf_reset(&tmp);
	doc_tmpl_fill(k->tmpl, vals, &tmp);
	paragraphs(out, tmp.s);

	if (have_text)
		case_ev_text_free(&t);
	form_vals_free(app, APP_FIELD__MAX);
	for (i = 0; i < DP__MAX; i++)
		buf_free(&vb[i]);
	buf_free(&tmp);
	return DOC_OK;
}
