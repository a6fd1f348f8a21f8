/* case: a case's state and due date derived from its steps, and how that
   date was reached.  See include/ogi/case.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/case.h"

static const char *const weekdays[8] = { "", "星期一", "星期二", "星期三",
    "星期四", "星期五", "星期六", "星期日" };

/* Pauses (a consultation, a fee notice until payment): working days d
   with start < d <= end do not count. */
struct pause {
	cal_day start, end;	/* end -1 while open */
	const char *why;	/* "征求意见期间" */
};

#define MAX_PAUSES 16

static void line(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
line(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	if (b == NULL)
		return;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_addc(b, '\n');
}

static int
year_of(cal_day d)
{
	int y, m, dd;

	cal_to_ymd(d, &y, &m, &dd);
	return y;
}

static const struct pause *
paused(const struct pause *p, size_t np, cal_day d)
{
	size_t i;

	for (i = 0; i < np; i++)
		if (d > p[i].start && (p[i].end < 0 || d <= p[i].end))
			return &p[i];
	return NULL;
}

/*
 * Count n working days after start, skipping pauses; each day skipped
 * goes to b.  0, or -1 when the calendar runs out.
 */
static int
walk(const struct cases *c, cal_day start, int n, const struct pause *p,
    size_t np, cal_day *out, struct buf *b)
{
	char ds[CAL_DATE_LEN];
	const char *name;
	const struct pause *in = NULL;
	cal_day d = start;
	int w;

	while (n > 0) {
		d++;
		if ((w = cal_is_workday(&c->cal, d)) < 0)
			return -1;
		if (w && (np == 0 || (in = paused(p, np, d)) == NULL)) {
			n--;
			continue;
		}
		if (b == NULL)
			continue;	/* only the working is left to write */
		cal_format(d, ds);
		if (w) {
			line(b, "不计：%s（%s，%s）", ds,
			    weekdays[cal_weekday(d)], in->why);
			continue;
		}
		name = cal_name_of(&c->cal, d);
		line(b, "不计：%s（%s%s%s%s）", ds, weekdays[cal_weekday(d)],
		    name[0] ? "，" : "", name, name[0] &&
		    cal_provisional(&c->cal, d) ? "，按法定节假日推算" : "");
	}
	*out = d;
	return 0;
}

/* Working days in (from, to] outside the pauses. */
static int
counted(const struct cases *c, cal_day from, cal_day to,
    const struct pause *p, size_t np)
{
	cal_day d;
	int n = 0, w;

	for (d = from + 1; d <= to; d++) {
		if ((w = cal_is_workday(&c->cal, d)) < 0)
			return -1;
		if (w && !paused(p, np, d))
			n++;
	}
	return n;
}

void
case_view(const struct cases *c, const struct app_rec *r, cal_day today,
    struct case_view *v, struct buf *b)
{
	struct pause p[MAX_PAUSES];
	const struct event *e;
	size_t np = 0, ai = (size_t)(r - c->apps.v), i;
	char ds[CAL_DATE_LEN], ds2[CAL_DATE_LEN];
	const struct event *approver = NULL;
	const struct law_outcome *fo;
	cal_day answered = -1;
	int fee_pause = -1;

	memset(v, 0, sizeof(*v));
	v->app = r;
	v->received = v->clock_start = v->supp_requested = -1;
	v->supp_deadline = v->supp_notice_by = v->concluded = -1;
	v->due = v->due_orig = v->prov_from = -1;
	v->fee_noticed = v->fee_deadline = v->fee_settled = -1;
	v->received = r->received;
	v->state = v->received >= 0 ? CS_OPEN : CS_PENDING;
	v->first_event = ai < c->ncase ? c->first[ai] : 0;

	for (i = v->first_event; i != 0; i = e->next) {
		e = &c->ev[i - 1];
		switch (e->type) {
		case EV_RECEIVED:
			v->received = e->date;
			v->state = CS_OPEN;
			break;
		case EV_SUPP_REQ:
			v->supp_asked = 1;
			v->supp_requested = e->date;
			v->state = CS_SUPPLEMENT;
			if (cal_add_workdays(&c->cal, e->date, e->days,
			    &v->supp_deadline) != 0)
				v->supp_deadline = -1;
			v->supp_deadline_prov = v->supp_deadline >= 0 &&
			    cal_first_provisional(&c->cal, e->date,
			    v->supp_deadline) >= 0;
			break;
		case EV_SUPP_RECV:
			v->clock_start = e->date;
			v->state = CS_OPEN;
			np = 0;		/* the count starts over */
			fee_pause = -1;
			break;
		case EV_SUPP_NONE:
		case EV_WITHDRAW:
			/* A withdrawal ends a fee notice's pause. */
			if (v->fee == FEE_DUE && fee_pause >= 0 &&
			    (size_t)fee_pause < np)
				p[fee_pause].end = e->date;
			v->state = CS_CLOSED;
			v->concluded = e->date;
			v->outcome = c->words[e->type == EV_WITHDRAW ?
			    c->w_other : c->w_no_supp];
			break;
		case EV_CONSULT_START:
			v->state = CS_CONSULT;
			if (np < MAX_PAUSES) {
				p[np].start = e->date;
				p[np].why = "征求意见期间";
				p[np++].end = -1;
			}
			break;
		case EV_CONSULT_END:
			v->state = CS_OPEN;
			if (np > 0)
				p[np - 1].end = e->date;
			break;
		case EV_FEE_NOTICE:
			v->fee = FEE_DUE;
			v->fee_noticed = e->date;
			v->fee_event = i;
			/* The applicant pays within days working days from
			   the day after the notice. */
			if (cal_add_workdays(&c->cal, e->date, e->days,
			    &v->fee_deadline) != 0)
				v->fee_deadline = -1;
			fee_pause = np < MAX_PAUSES ? (int)np : -1;
			if (np < MAX_PAUSES) {
				p[np].start = e->date;
				p[np].why = "收费通知至缴费期间";
				p[np++].end = -1;
			}
			break;
		case EV_FEE_PAID:
		case EV_FEE_WAIVED:
		case EV_FEE_UNPAID:
			v->fee = e->type == EV_FEE_PAID ? FEE_PAID :
			    e->type == EV_FEE_WAIVED ? FEE_WAIVED : FEE_UNPAID;
			v->fee_settled = e->date;
			if (fee_pause >= 0 && (size_t)fee_pause < np)
				p[fee_pause].end = e->date;
			if (e->type == EV_FEE_UNPAID) {
				v->state = CS_CLOSED;
				v->concluded = e->date;
				v->outcome = c->words[c->w_fee_unpaid];
			}
			break;
		case EV_EXTEND:
			v->extended = 1;
			approver = e;
			break;
		case EV_ANSWER:
			v->state = CS_ANSWERED;
			v->concluded = answered = e->date;
			v->outcome = case_ev_outcome(c, e);
			break;
		case EV_REVIEW_FILED:
			v->review = 1;
			break;
		case EV_REVIEW_DECIDED:
			v->review = 2;
			v->review_outcome = case_ev_outcome(c, e);
			break;
		case EV_SUIT_FILED:
			v->suit = 1;
			break;
		case EV_SUIT_DECIDED:
			v->suit = 2;
			v->suit_outcome = case_ev_outcome(c, e);
			break;
		case EV_WITHHOLD:
			v->withheld = 1;
			break;
		case EV_PUBLISH:
			v->published = 1;
			break;
		case EV_ASSIGN:		/* who does it, not what happened */
		case EV__MAX:
			break;
		}
	}
	if (v->received < 0) {
		v->due_status = DUE_NONE;
		return;
	}
	v->lim = law_limits_for(&c->law, v->received);
	fo = law_outcome(&c->law, "other_fee_unpaid");
	v->fee_allowed = fo != NULL && law_outcome_in(fo, v->lim->regulation);
	v->fee_overdue = v->fee == FEE_DUE && v->fee_deadline >= 0 &&
	    today > v->fee_deadline;
	if (v->lim->supplement_notice_days > 0 &&
	    cal_add_workdays(&c->cal, v->received,
	    v->lim->supplement_notice_days, &v->supp_notice_by) != 0)
		v->supp_notice_by = -1;
	v->supp_notice_prov = v->supp_notice_by >= 0 &&
	    cal_first_provisional(&c->cal, v->received, v->supp_notice_by) >= 0;
	if (v->clock_start < 0)
		v->clock_start = v->received;

	cal_format(v->received, ds);
	line(b, "适用：%s，答复期限%d个工作日", v->lim->name, v->lim->answer_days);
	line(b, "收到申请：%s（%s），当日不计入", ds,
	    weekdays[cal_weekday(v->received)]);
	if (v->clock_start != v->received) {
		cal_format(v->supp_requested, ds);
		cal_format(v->clock_start, ds2);
		line(b, "补正：%s告知补正，%s收到补正，期限自收到补正之日起重新计算",
		    ds, ds2);
	}
	if (v->state == CS_SUPPLEMENT) {
		v->due_status = DUE_SUPPLEMENT;
		line(b, "等待申请人补正：答复期限自收到补正之日起计算");
		return;
	}
	for (i = 0; i < np; i++) {
		int fee = (int)i == fee_pause;

		cal_format(p[i].start, ds);
		if (p[i].end < 0 && fee) {
			cal_format(v->fee_deadline, ds2);
			line(b, "收费通知：%s发出，等待申请人缴费（缴费期限%s），"
			    "期限暂停计算，缴费之日起恢复计算", ds,
			    v->fee_deadline >= 0 ? ds2 : "—");
			v->due_status = DUE_FEE;
			return;
		}
		if (p[i].end < 0) {
			line(b, "征求意见：自%s起，尚未结束，期限暂停计算", ds);
			v->due_status = DUE_CONSULT;
			return;
		}
		cal_format(p[i].end, ds2);
		if (fee)
			line(b, "收费通知：%s发出，%s%s，其间的工作日（%d个）不计入期限",
			    ds, ds2, v->fee == FEE_PAID ? "缴费" :
			    v->fee == FEE_WAIVED ? "决定减免" : "办结",
			    counted(c, p[i].start, p[i].end, NULL, 0));
		else
			line(b, "征求意见：%s至%s，其间的工作日不计入期限", ds, ds2);
	}
	if (walk(c, v->clock_start, v->lim->answer_days, p, np, &v->due_orig,
	    b) != 0) {
		v->due_status = DUE_CALENDAR;
		line(b, "收到日期早于节假日安排的首年（%d年）", c->cal.first_year);
		return;
	}
	cal_format(v->due_orig, ds);
	line(b, "第%d个工作日：%s", v->lim->answer_days, ds);
	v->due = v->due_orig;
	if (v->extended) {
		if (walk(c, v->due_orig, v->lim->extension_days, p, np, &v->due,
		    b) != 0) {
			v->due_status = DUE_CALENDAR;	/* cannot happen */
			return;
		}
		if (b != NULL) {
			struct ev_text t;

			cal_format(v->due, ds);
			/* A row that cannot be read gives "" for the
			   approver's name: the working still shows. */
			if (approver != NULL)
				(void)cases_event_text(c, approver, &t);
			line(b, "延长%d个工作日（批准人：%s），延长后期限：%s",
			    v->lim->extension_days, approver ? t.reason : "", ds);
			if (approver != NULL)
				case_ev_text_free(&t);
		}
	}
	v->due_status = DUE_OK;
	if (answered >= 0) {
		v->taken = counted(c, v->clock_start, answered, p, np);
		v->taken_prov = cal_first_provisional(&c->cal, v->clock_start,
		    answered) >= 0;
	}
	if (v->concluded >= 0)
		v->on_time = v->concluded <= v->due_orig;
	/* Concluded before the first day that rests on a provisional year,
	   the verdict stands whatever the notice says: the limit ends in
	   that year or later either way. */
	v->prov_from = cal_first_provisional(&c->cal, v->clock_start, v->due);
	v->due_prov = v->prov_from >= 0;
	v->verdict_prov = v->due_prov && v->concluded >= v->prov_from;
	if (v->due_prov && b != NULL) {
		struct buf t;

		buf_init(&t);
		case_prov_note(c, v->prov_from, v->due, &t);
		line(b, "预计：%d年的放假安排尚未公布，以上只按法定节假日和周末计算，不含调休；%s",
		    year_of(v->prov_from), t.s);
		buf_free(&t);
	}
}

void
case_due_text(const struct cases *c, cal_day due, cal_day from, struct buf *b)
{
	char ds[CAL_DATE_LEN];

	cal_format(due, ds);
	if (from < 0) {
		buf_adds(b, ds);
		return;
	}
	buf_printf(b, "预计 %s（", ds);
	case_prov_note(c, from, due, b);
	buf_adds(b, "）");
}

void
case_prov_note(const struct cases *c, cal_day from, cal_day to, struct buf *b)
{
	int y, y0 = year_of(from), y1 = year_of(to), n = 0;

	buf_adds(b, "按法定节假日推算，国务院公布");
	for (y = y0; y <= y1; y++) {
		if (cal_year_status(&c->cal, y) == CAL_Y_OFFICIAL)
			continue;
		buf_printf(b, "%s%d", n++ ? "、" : "", y);
	}
	if (n == 0)
		buf_printf(b, "%d", y0);
	buf_adds(b, "年放假安排后以正式安排为准");
}
