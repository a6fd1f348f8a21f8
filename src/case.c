/* case: events, derived state, due dates.  See include/ogi/case.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/site.h"

const char *const ev_codes[EV__MAX] = {
	[EV_RECEIVED] = "received",
	[EV_SUPP_REQ] = "supplement_request",
	[EV_SUPP_RECV] = "supplement_received",
	[EV_SUPP_NONE] = "supplement_none",
	[EV_CONSULT_START] = "consult_start",
	[EV_CONSULT_END] = "consult_end",
	[EV_EXTEND] = "extend",
	[EV_ANSWER] = "answer",
	[EV_REVIEW_FILED] = "review_filed",
	[EV_REVIEW_DECIDED] = "review_decided",
	[EV_SUIT_FILED] = "suit_filed",
	[EV_SUIT_DECIDED] = "suit_decided",
	[EV_WITHDRAW] = "withdraw",
	[EV_WITHHOLD] = "withhold_subject",
	[EV_PUBLISH] = "publish_answer",
	[EV_ASSIGN] = "assign",
	[EV_FEE_NOTICE] = "fee_notice",
	[EV_FEE_PAID] = "fee_paid",
	[EV_FEE_WAIVED] = "fee_waived",
	[EV_FEE_UNPAID] = "fee_unpaid",
};

const char *const ev_labels[EV__MAX] = {
	[EV_RECEIVED] = "确认收到申请",
	[EV_SUPP_REQ] = "告知补正",
	[EV_SUPP_RECV] = "收到补正",
	[EV_SUPP_NONE] = "逾期未补正",
	[EV_CONSULT_START] = "征求意见",
	[EV_CONSULT_END] = "征求意见结束",
	[EV_EXTEND] = "延长答复期限",
	[EV_ANSWER] = "作出答复",
	[EV_REVIEW_FILED] = "申请人申请行政复议",
	[EV_REVIEW_DECIDED] = "行政复议决定",
	[EV_SUIT_FILED] = "申请人提起行政诉讼",
	[EV_SUIT_DECIDED] = "行政诉讼裁判",
	[EV_WITHDRAW] = "申请人撤回申请",
	[EV_WITHHOLD] = "不在登记中公开申请事项名称",
	[EV_PUBLISH] = "答复转为主动公开",
	[EV_ASSIGN] = "指定经办人",
	[EV_FEE_NOTICE] = "收费通知",
	[EV_FEE_PAID] = "缴纳信息处理费",
	[EV_FEE_WAIVED] = "减免信息处理费",
	[EV_FEE_UNPAID] = "逾期未缴纳信息处理费",
};

const char *const case_state_labels[CS__MAX] = {
	[CS_PENDING] = "待确认收到",
	[CS_OPEN] = "办理中",
	[CS_SUPPLEMENT] = "待补正",
	[CS_CONSULT] = "征求意见中",
	[CS_ANSWERED] = "已答复",
	[CS_CLOSED] = "已办结",
};

const char *const ev_file_header[] = { "case_id", "time", "date", "staff",
    "type", "outcome", "reason", "days", "note", "medium" };
enum { E_CASE, E_TIME, E_DATE, E_STAFF, E_TYPE, E_OUTCOME, E_REASON, E_DAYS,
    E_NOTE, E_MEDIUM, E__MAX };

int
ev_parse(const char *s, enum ev_type *t)
{
	int i;

	for (i = 0; i < EV__MAX; i++)
		if (s[0] == ev_codes[i][0] && strcmp(s, ev_codes[i]) == 0) {
			*t = (enum ev_type)i;
			return 0;
		}
	return -1;
}

static void
grow_sums(struct cases *c, size_t n)
{
	size_t old = c->nsum;

	if (n <= old)
		return;
	c->sum = xreallocarray(c->sum, n, sizeof(*c->sum));
	c->dirty = xreallocarray(c->dirty, n, 1);
	memset(c->dirty + old, 1, n - old);
	c->ndirty += n - old;
	c->nsum = n;
	c->gen++;
}

static void
grow_cases(struct cases *c, size_t n)
{
	size_t old = c->ncase;

	grow_sums(c, n);
	if (n <= old)
		return;
	if (n < old * 2)
		n = old * 2;
	c->first = xreallocarray(c->first, n, sizeof(*c->first));
	memset(c->first + old, 0, (n - old) * sizeof(*c->first));
	c->assignee = xreallocarray(c->assignee, n, sizeof(*c->assignee));
	memset(c->assignee + old, 0, (n - old) * sizeof(*c->assignee));
	c->ncase = n;
}

/* Kinds that the derivation needs: carried as a small number. */
static int
word_of(struct cases *c, const char *v)
{
	size_t i;

	if (v[0] == '\0')
		return 0;
	for (i = 1; i < c->nwords; i++)
		if (c->words[i][0] == v[0] && strcmp(c->words[i], v) == 0)
			return (int)i;
	if (c->nwords == 0) {
		c->word_law[0] = -1;
		c->words[c->nwords++] = xstrdup("");
	}
	if (c->nwords == 256)
		return 0;	/* not a code: the row has it */
	c->word_law[c->nwords] = -1;
	for (i = 0; i < c->law.nout; i++)
		if (strcmp(c->law.out[i].code, v) == 0)
			c->word_law[c->nwords] = (int16_t)i;
	c->words[c->nwords] = xstrdup(v);
	return (int)c->nwords++;
}

/* The reason is a code for these steps (else it is a name or text). */
static int
reason_is_code(enum ev_type t)
{
	return t == EV_SUIT_FILED || t == EV_CONSULT_START;
}

const char *
case_ev_outcome(const struct cases *c, const struct event *e)
{
	return reason_is_code((enum ev_type)e->type) || e->word >= c->nwords ?
	    "" : c->words[e->word];
}

const char *
case_ev_reason(const struct cases *c, const struct event *e)
{
	return !reason_is_code((enum ev_type)e->type) || e->word >= c->nwords ?
	    "" : c->words[e->word];
}

/* A login an assignment names, as its index + 1 (0 when the table is
   full: the case then shows no 经办人 rather than a wrong one). */
static uint16_t
login_of(struct cases *c, const char *v)
{
	size_t i;

	for (i = 0; i < c->nlogins; i++)
		if (strcmp(c->logins[i], v) == 0)
			return (uint16_t)(i + 1);
	if (c->nlogins >= UINT16_MAX - 1)
		return 0;
	c->logins = xreallocarray(c->logins, c->nlogins + 1, sizeof(*c->logins));
	c->logins[c->nlogins++] = xstrdup(v);
	return (uint16_t)c->nlogins;
}

const char *
cases_assignee(const struct cases *c, size_t i)
{
	if (i >= c->ncase || c->assignee[i] == 0)
		return NULL;
	return c->logins[c->assignee[i] - 1];
}

static int
on_event(void *ctx, char *const *f, size_t n)
{
	struct cases *c = ctx;
	const struct app_rec *r;
	struct event *e;
	enum ev_type t;
	size_t ai, k;
	const char *p;
	long days = 0;

	(void)n;
	r = apps_by_id(&c->apps, f[E_CASE]);
	if (r == NULL || ev_parse(f[E_TYPE], &t) != 0 || c->nev >= UINT32_MAX - 1) {
		/* Not ours to judge here: keep reading, and say so. */
		fprintf(stderr, "ogi: events.csv: a row for %s skipped\n",
		    r == NULL ? "an unknown case" : "an unknown step");
		return 0;
	}
	for (p = f[E_DAYS]; *p >= '0' && *p <= '9' && days <= 1000; p++)
		days = days * 10 + *p - '0';
	if (*p != '\0' || days > 1000)
		days = 0;
	ai = (size_t)(r - c->apps.v);
	grow_cases(c, c->apps.n);
	if (c->nev == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->ev = xreallocarray(c->ev, c->cap, sizeof(*c->ev));
	}
	e = &c->ev[c->nev];
	memset(e, 0, sizeof(*e));
	e->type = (uint8_t)t;
	if (cal_parse_memo(&c->day_memo, f[E_DATE], &e->date) != 0)
		e->date = -1;
	e->days = (uint8_t)(days > 255 ? 255 : days);
	e->off_lo = (uint32_t)((unsigned long long)c->st.row_off & 0xffffffffu);
	e->off_hi = (uint8_t)((unsigned long long)c->st.row_off >> 32);
	e->word = (uint8_t)word_of(c, reason_is_code(t) ? f[E_REASON] :
	    f[E_OUTCOME]);
	if (t == EV_ASSIGN)
		c->assignee[ai] = f[E_REASON][0] != '\0' ? login_of(c, f[E_REASON]) : 0;
	c->nev++;
	if (!c->dirty[ai]) {
		c->dirty[ai] = 1;
		c->ndirty++;
	}
	c->gen++;
	/* At the end of the case's chain: cases have few steps. */
	if (c->first[ai] == 0)
		c->first[ai] = (uint32_t)c->nev;
	else {
		for (k = c->first[ai]; c->ev[k - 1].next != 0; k = c->ev[k - 1].next)
			;
		c->ev[k - 1].next = (uint32_t)c->nev;
	}
	return 0;
}

/* The six texts in one allocation (t->time is its start). */
static void
text_set(struct ev_text *t, const char *const v[6])
{
	size_t len[6], total = 0, k;
	char *p, **dst[6] = { &t->time, &t->staff, &t->outcome, &t->reason,
	    &t->note, &t->medium };

	for (k = 0; k < 6; k++)
		total += (len[k] = strlen(v[k])) + 1;
	p = xmalloc(total);
	for (k = 0; k < 6; k++) {
		memcpy(p, v[k], len[k] + 1);
		*dst[k] = p;
		p += len[k] + 1;
	}
}

static int
on_text(void *ctx, char *const *f, size_t n)
{
	const char *v[6] = { f[E_TIME], f[E_STAFF], f[E_OUTCOME], f[E_REASON],
	    f[E_NOTE], f[E_MEDIUM] };

	(void)n;
	text_set(ctx, v);
	return 0;
}

int
cases_event_text(const struct cases *c, const struct event *e, struct ev_text *t)
{
	static const char *const none[6] = { "", "", "", "", "", "" };
	off_t off = (off_t)((unsigned long long)e->off_hi << 32 | e->off_lo);

	memset(t, 0, sizeof(*t));
	if (store_read_row(&c->st, off, on_text, t) == STORE_OK &&
	    t->time != NULL)
		return 0;
	case_ev_text_free(t);
	text_set(t, none);
	return -1;
}

void
case_ev_text_free(struct ev_text *t)
{
	free(t->time);		/* all six */
	memset(t, 0, sizeof(*t));
}

static void
free_events(struct cases *c)
{
	c->nev = 0;
	if (c->ncase > 0) {
		memset(c->first, 0, c->ncase * sizeof(*c->first));
		memset(c->assignee, 0, c->ncase * sizeof(*c->assignee));
	}
	if (c->nsum > 0)
		memset(c->dirty, 1, c->nsum);
	c->ndirty = c->nsum;
	c->gen++;
}

static void
on_events_reset(void *ctx)
{
	free_events(ctx);
}

/* The overlay's identity: its inode and time (zero when there is none). */
static void
overlay_id(const struct cases *c, struct timespec *t, ino_t *ino)
{
	struct stat st;

	memset(t, 0, sizeof(*t));
	*ino = 0;
	if (stat(c->cal_overlay, &st) == 0) {
		*t = st.st_mtim;
		*ino = st.st_ino;
	}
}

static int
load_calendar(struct cases *c, struct cal *into, const char **why)
{
	overlay_id(c, &c->cal_mtime, &c->cal_ino);
	return cal_load_with(into, c->cal_path, c->cal_overlay, why);
}

int
cases_reload_calendar(struct cases *c, const char **why)
{
	struct cal n;

	if (load_calendar(c, &n, why) != 0)
		return -1;
	cal_free(&c->cal);
	c->cal = n;
	/* Every due date is computed again, every kept page made again. */
	if (c->nsum > 0)
		memset(c->dirty, 1, c->nsum);
	c->ndirty = c->nsum;
	c->gen++;
	return 0;
}

/* Once a second at most: has an import replaced the overlay? */
static void
calendar_refresh(struct cases *c)
{
	struct timespec t;
	ino_t ino;
	time_t now = time(NULL);
	const char *why;

	if (now == c->cal_seen)
		return;
	c->cal_seen = now;
	overlay_id(c, &t, &ino);
	if (ino == c->cal_ino && t.tv_sec == c->cal_mtime.tv_sec &&
	    t.tv_nsec == c->cal_mtime.tv_nsec)
		return;
	if (cases_reload_calendar(c, &why) != 0)
		fprintf(stderr, "ogi: calendar kept as it was: %s\n", why);
}

int
cases_open(struct cases *c, const struct site *site, const char **why)
{
	char *path;

	memset(c, 0, sizeof(*c));
	c->site = site;
	c->cal_path = site_conf_path(site, "holidays.csv");
	c->cal_overlay = site_data_path(site, CASES_HOLIDAYS_IMPORTED);
	if (load_calendar(c, &c->cal, why) != 0 ||
	    law_load(&c->law, site->conf_dir, why) != 0) {
		cal_free(&c->cal);
		free(c->cal_path);
		free(c->cal_overlay);
		return -1;
	}
	apps_open(&c->apps, site);
	c->w_other = (uint8_t)word_of(c, "other");
	c->w_no_supp = (uint8_t)word_of(c, "other_no_supplement");
	c->w_fee_unpaid = (uint8_t)word_of(c, "other_fee_unpaid");
	path = site_data_path(site, "events.csv");
	store_init(&c->st, path, ev_file_header, E__MAX, on_event, on_events_reset, c);
	/* What on_event does not read is not copied out of the parser. */
	c->st.skip = 1u << E_TIME | 1u << E_STAFF | 1u << E_NOTE | 1u << E_MEDIUM;
	c->st.append_only = 1;
	free(path);
	return 0;
}

void
cases_close(struct cases *c)
{
	size_t i;

	free_events(c);
	free(c->ev);
	free(c->first);
	free(c->assignee);
	for (i = 0; i < c->nlogins; i++)
		free(c->logins[i]);
	free(c->logins);
	for (i = 0; i < c->nwords; i++)
		free(c->words[i]);
	free(c->sum);
	free(c->dirty);
	store_free(&c->st);
	apps_close(&c->apps);
	law_free(&c->law);
	cal_free(&c->cal);
	free(c->cal_path);
	free(c->cal_overlay);
	memset(c, 0, sizeof(*c));
}

enum store_err
cases_refresh(struct cases *c)
{
	enum store_err e;
	size_t n = c->apps.n;

	calendar_refresh(c);
	if ((e = apps_refresh(&c->apps)) != STORE_OK)
		return e;
	/* The application file was replaced: event links are stale. */
	if (c->apps.n < n) {
		free_events(c);
		store_rewind(&c->st);
	}
	grow_cases(c, c->apps.n);
	return store_refresh(&c->st);
}

cal_day
cases_today(const struct cases *c, time_t now)
{
	struct tm tm;

	site_localtime(c->site, now, &tm);
	return cal_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}


cal_day
cases_received(const struct cases *c, size_t i)
{
	const struct event *e;
	cal_day d;
	size_t k;

	if (i < c->nsum && !c->dirty[i])
		return c->sum[i].received;
	d = c->apps.v[i].received;
	for (k = i < c->ncase ? c->first[i] : 0; k != 0; k = e->next) {
		e = &c->ev[k - 1];
		if (e->type == EV_RECEIVED)
			d = e->date;
	}
	return d;
}

const struct case_sum *
cases_sum(struct cases *c, size_t i)
{
	struct case_sum *s;
	struct case_view v;
	size_t k;

	grow_cases(c, c->apps.n);
	s = &c->sum[i];
	if (!c->dirty[i])
		return s;
	case_view(c, &c->apps.v[i], 0, &v, NULL);
	memset(s, 0, sizeof(*s));
	s->state = (unsigned)v.state & 7;
	s->due_status = (unsigned)v.due_status & 7;
	s->extended = v.extended != 0;
	s->withheld = v.withheld != 0;
	s->received = v.received;
	s->concluded = v.concluded;
	s->answered = v.state == CS_ANSWERED ? v.concluded : -1;
	s->due = v.due;
	s->taken = (int16_t)(v.state == CS_ANSWERED && v.due_status == DUE_OK &&
	    v.taken <= INT16_MAX ? v.taken : -1);
	s->outcome = -1;
	if (v.outcome != NULL)		/* always one of the words */
		for (k = 0; k < c->nwords; k++)
			if (c->words[k] == v.outcome)
				s->outcome = c->word_law[k];
	s->due_prov = v.due_prov != 0;
	s->taken_prov = v.taken_prov != 0;
	s->verdict_prov = v.verdict_prov != 0;
	if (v.concluded >= 0 && v.due_status == DUE_OK)
		s->timeliness = (unsigned)(v.concluded <= v.due_orig ? TL_ON_TIME :
		    v.extended && v.concluded <= v.due ? TL_EXTENDED : TL_LATE) & 3;
	c->dirty[i] = 0;
	c->ndirty--;
	return s;
}

int
case_allows(const struct case_view *v, enum ev_type t)
{
	int concluded = v->state == CS_ANSWERED || v->state == CS_CLOSED;

	switch (t) {
	case EV_RECEIVED:
		return v->state == CS_PENDING;
	case EV_SUPP_REQ:
		return v->state == CS_OPEN && !v->supp_asked && v->fee != FEE_DUE;
	case EV_SUPP_RECV:
	case EV_SUPP_NONE:
		return v->state == CS_SUPPLEMENT;
	case EV_CONSULT_START:
		return v->state == CS_OPEN && v->fee != FEE_DUE;
	case EV_CONSULT_END:
		return v->state == CS_CONSULT;
	case EV_EXTEND:
		return (v->state == CS_OPEN || v->state == CS_CONSULT) &&
		    !v->extended && v->fee != FEE_DUE;
	case EV_ANSWER:
		return v->state == CS_OPEN && v->fee != FEE_DUE;
	case EV_WITHDRAW:
		return v->state == CS_OPEN || v->state == CS_SUPPLEMENT ||
		    v->state == CS_CONSULT;
	case EV_REVIEW_FILED:
		return concluded && v->review == 0;
	case EV_REVIEW_DECIDED:
		return v->review == 1;
	case EV_SUIT_FILED:
		return concluded && v->suit == 0;
	case EV_SUIT_DECIDED:
		return v->suit == 1;
	case EV_WITHHOLD:
		return !v->withheld;
	case EV_PUBLISH:
		/* An answer, once given: not a withdrawal or a missed 补正. */
		return v->state == CS_ANSWERED && !v->published;
	case EV_ASSIGN:
		return 1;	/* who may: the desk decides (staff-case.c) */
	case EV_FEE_NOTICE:
		/* Once a case: one method, never both. */
		return v->state == CS_OPEN && v->fee == FEE_NONE &&
		    v->fee_allowed;
	case EV_FEE_PAID:
	case EV_FEE_WAIVED:
		return v->state == CS_OPEN && v->fee == FEE_DUE;
	case EV_FEE_UNPAID:
		return v->state == CS_OPEN && v->fee == FEE_DUE &&
		    v->fee_overdue;
	case EV__MAX:
		break;
	}
	return 0;
}

/* The codes a step carries, with the words staff see. */
const struct form_choice case_media[] = {
	{ "paper", "纸质" }, { "electronic", "电子" }, { "email", "电子邮件" },
	{ "post", "邮寄" }, { "pickup", "自行领取" }, { "onsite", "当场阅读、抄录" },
	{ "fax", "传真" }, { NULL, NULL }
};
const struct form_choice case_decisions[] = {
	{ "upheld", "维持" }, { "corrected", "纠正" }, { "other", "其他结果" },
	{ NULL, NULL }
};
const struct form_choice case_consult_kinds[] = {
	{ "third_party", "第三方" }, { "agency", "其他机关" }, { NULL, NULL }
};
const struct form_choice case_suit_kinds[] = {
	{ "direct", "未经复议直接起诉" }, { "after_review", "复议后起诉" },
	{ NULL, NULL }
};

/* The answer's medium: one code of case_media (as before), or
   "carrier+delivery" (纸质/电子, then 邮寄/电子邮件/…). */
const struct form_choice case_carriers[] = {
	{ "paper", "纸质" }, { "electronic", "电子" }, { NULL, NULL }
};
const struct form_choice case_deliveries[] = {
	{ "post", "邮寄" }, { "email", "电子邮件" }, { "pickup", "当面领取" },
	{ "onsite", "现场查阅" }, { "fax", "传真" }, { NULL, NULL }
};

static int
in_set(const char *v, size_t len, const struct form_choice *set)
{
	size_t i;

	for (i = 0; set[i].code != NULL; i++)
		if (strlen(set[i].code) == len && strncmp(set[i].code, v, len) == 0)
			return (int)i;
	return -1;
}

int
case_medium_ok(const char *m)
{
	const char *plus = strchr(m, '+');

	if (plus == NULL)
		return in_set(m, strlen(m), case_media) >= 0;
	return in_set(m, (size_t)(plus - m), case_carriers) >= 0 &&
	    in_set(plus + 1, strlen(plus + 1), case_deliveries) >= 0;
}

void
case_medium_label(const char *m, char out[64])
{
	const char *plus = strchr(m, '+');
	int a, b;

	out[0] = '\0';
	if (plus == NULL) {
		if ((a = in_set(m, strlen(m), case_media)) >= 0)
			(void)snprintf(out, 64, "%s", case_media[a].label);
		return;
	}
	a = in_set(m, (size_t)(plus - m), case_carriers);
	b = in_set(plus + 1, strlen(plus + 1), case_deliveries);
	if (a >= 0 && b >= 0)
		(void)snprintf(out, 64, "%s，%s", case_carriers[a].label,
		    case_deliveries[b].label);
}

static int
one_of(const char *v, const struct form_choice *set)
{
	return form_choice_index(set, v) >= 0;
}

/* The day the step happened, checked against the case; *msg on error. */
static int
check_date(const struct case_view *v, const struct case_step *s,
    cal_day today, cal_day *d, const char **msg)
{
	cal_day floor = v->received, sub;

	if (s->date == NULL || cal_parse(s->date, d) != 0) {
		*msg = "日期应为 YYYY-MM-DD 格式的有效日期。";
		return -1;
	}
	if (*d > today) {
		*msg = "日期不能晚于今天。";
		return -1;
	}
	if (s->type == EV_RECEIVED) {
		/* Not before it was submitted: "2026-11-28T09:30:00+08:00". */
		sub = v->app->sub_day;
		if (sub >= 0 && *d < sub) {
			*msg = "收到日期不能早于申请提交日期。";
			return -1;
		}
		return 0;
	}
	if (v->clock_start > floor)
		floor = v->clock_start;
	if (s->type == EV_SUPP_RECV || s->type == EV_SUPP_NONE)
		floor = v->supp_requested;
	if (v->fee == FEE_DUE && v->fee_noticed > floor)
		floor = v->fee_noticed;
	if (s->type == EV_FEE_UNPAID && *d <= v->fee_deadline) {
		*msg = "缴费期限尚未届满，不能以逾期未缴费办结。";
		return -1;
	}
	if (floor >= 0 && *d < floor) {
		*msg = "日期不能早于此前的办理步骤。";
		return -1;
	}
	return 0;
}

/* What each step carries: a value it does not use is not stored. */
enum { U_OUTCOME = 1, U_REASON = 2, U_MEDIUM = 4, U_NOTE = 8, U_DAYS = 16 };
static const unsigned char step_uses[EV__MAX] = {
	[EV_SUPP_REQ] = U_NOTE | U_DAYS,
	[EV_SUPP_NONE] = U_NOTE,
	[EV_CONSULT_START] = U_REASON | U_NOTE,
	[EV_EXTEND] = U_REASON | U_NOTE,
	[EV_ANSWER] = U_OUTCOME | U_REASON | U_MEDIUM | U_NOTE,
	[EV_REVIEW_FILED] = U_NOTE,
	[EV_REVIEW_DECIDED] = U_OUTCOME,
	[EV_SUIT_FILED] = U_REASON,
	[EV_SUIT_DECIDED] = U_OUTCOME,
	[EV_WITHDRAW] = U_NOTE,
	[EV_PUBLISH] = U_REASON,	/* the 文号 of the 答复书 published */
	[EV_ASSIGN] = U_REASON,		/* the 经办人's login */
	[EV_FEE_NOTICE] = U_OUTCOME | U_MEDIUM | U_NOTE,
	[EV_FEE_PAID] = U_REASON | U_MEDIUM | U_NOTE,
	[EV_FEE_WAIVED] = U_NOTE,
	[EV_FEE_UNPAID] = U_NOTE,
};

/* A staff text: one line of up to max characters, or several lines. */
static int
text_ok(const char *v, int multiline, size_t max, const char *what,
    const char **msg)
{
	static __thread char m[160];
	const char *why;

	if (v == NULL || v[0] == '\0')
		return 1;
	if ((why = text_problem(v, multiline)) == NULL && utf8_len(v) <= max)
		return 1;
	(void)snprintf(m, sizeof(m), "%s%s", what, why != NULL ? why :
	    "过长。");
	*msg = m;
	return 0;
}

/* The amount of the case's fee notice, in 元 (0 if it cannot be read). */
static long
notice_amount(const struct cases *c, const struct case_view *v)
{
	struct ev_text t;
	long n = 0;

	if (v->fee_event == 0)
		return 0;
	if (cases_event_text(c, &c->ev[v->fee_event - 1], &t) == 0)
		n = strtol(t.reason, NULL, 10);
	case_ev_text_free(&t);
	return n;
}

/* The fee steps: the amount computed, or checked against the notice. */
static int
check_fee(const struct cases *c, const struct case_view *v,
    struct case_step *s, const char **msg)
{
	static __thread char amount[24], units[24];
	long n, due, u;
	char *end = "";
	cal_day d;

	switch (s->type) {
	case EV_FEE_NOTICE:
		if (cal_parse(s->date, &d) != 0 || d < c->law.fee.from) {
			*msg = "收费标准自其施行之日起适用（见 data/fees.csv）。";
			return -1;
		}
		n = cases_fee_amount(c, v->app, s->outcome, s->medium, &u, NULL,
		    msg);
		if (n < 0)
			return -1;
		(void)snprintf(amount, sizeof(amount), "%ld", n);
		(void)snprintf(units, sizeof(units), "%ld", u);
		s->reason = amount;
		s->medium = units;
		s->days = c->law.fee.pay_days;
		return 0;
	case EV_FEE_PAID:
		due = notice_amount(c, v);
		n = s->reason != NULL && s->reason[0] >= '0' &&
		    s->reason[0] <= '9' ? strtol(s->reason, &end, 10) : -1;
		if (n < 1 || *end != '\0' || n > due) {
			(void)snprintf(amount, sizeof(amount), "%ld", due);
			*msg = "缴费金额应为不超过收费通知金额的整数（元）。";
			return -1;
		}
		if (n < due && (s->note == NULL || s->note[0] == '\0')) {
			*msg = "缴费金额少于收费通知金额的，请在说明中写明减收的理由。";
			return -1;
		}
		if (s->medium == NULL || s->medium[0] == '\0' ||
		    strlen(s->medium) > 60 || text_problem(s->medium, 0) != NULL) {
			*msg = "请填写缴费票据号码（60个字符以内）。";
			return -1;
		}
		return 0;
	case EV_FEE_WAIVED:
		if (s->note == NULL || s->note[0] == '\0') {
			*msg = "请写明减免的理由。";
			return -1;
		}
		(void)snprintf(amount, sizeof(amount), "%ld", notice_amount(c, v));
		s->reason = amount;
		return 0;
	case EV_FEE_UNPAID:
		s->outcome = "other_fee_unpaid";
		return 0;
	default:
		return 0;
	}
}

static int
check_step(const struct cases *c, const struct case_view *v,
    struct case_step *s, const char **msg)
{
	const struct law_outcome *o;
	unsigned uses = step_uses[s->type];

	if (!(uses & U_OUTCOME))
		s->outcome = NULL;
	if (!(uses & U_REASON))
		s->reason = NULL;
	if (!(uses & U_MEDIUM))
		s->medium = NULL;
	if (!(uses & U_NOTE))
		s->note = NULL;
	if (!(uses & U_DAYS))
		s->days = 0;
	if (!text_ok(s->note, 1, 2000, "说明或备注", msg) ||
	    !text_ok(s->reason, 0, 500, "填写的内容", msg))
		return -1;
	switch (s->type) {
	case EV_SUPP_REQ:
		if (s->note == NULL || s->note[0] == '\0') {
			*msg = "请写明需要补正的事项。";
			return -1;
		}
		if (s->days < 1 || s->days > 60) {
			*msg = "补正期限应为1至60个工作日。";
			return -1;
		}
		break;
	case EV_CONSULT_START:
		if (s->reason == NULL || !one_of(s->reason, case_consult_kinds)) {
			*msg = "请选择征求意见的对象（第三方或其他机关）。";
			return -1;
		}
		break;
	case EV_EXTEND:
		if (s->reason == NULL || s->reason[0] == '\0') {
			*msg = "请填写批准延期的负责人。";
			return -1;
		}
		s->days = v->lim->extension_days;
		break;
	case EV_ANSWER:
		o = s->outcome != NULL ? law_outcome(&c->law, s->outcome) : NULL;
		if (o == NULL || !law_outcome_in(o, v->lim->regulation)) {
			*msg = "请选择适用本案条例的答复结果。";
			return -1;
		}
		if (s->medium == NULL || !case_medium_ok(s->medium)) {
			*msg = "请选择提供信息的载体和送达方式。";
			return -1;
		}
		break;
	case EV_REVIEW_DECIDED:
	case EV_SUIT_DECIDED:
		if (s->outcome == NULL || !one_of(s->outcome, case_decisions)) {
			*msg = "请选择结果：维持、纠正或其他。";
			return -1;
		}
		break;
	case EV_SUIT_FILED:
		if (s->reason == NULL || !one_of(s->reason, case_suit_kinds)) {
			*msg = "请选择：未经复议直接起诉，或复议后起诉。";
			return -1;
		}
		break;
	case EV_SUPP_NONE:
		s->outcome = "other_no_supplement";
		break;
	case EV_ASSIGN:
		if (s->reason == NULL || s->reason[0] == '\0') {
			*msg = "请选择经办人。";
			return -1;
		}
		break;
	case EV_WITHDRAW:
		s->outcome = "other";
		break;
	case EV_FEE_NOTICE:
	case EV_FEE_PAID:
	case EV_FEE_WAIVED:
	case EV_FEE_UNPAID:
		return check_fee(c, v, s, msg);
	default:
		break;
	}
	return 0;
}

void
case_fill_event_row(const char *id, const char *when, const char *date,
    const char *staff, enum ev_type t, const char *outcome, const char *reason,
    const char *days, const char *note, const char *medium, const char **row)
{
	row[E_CASE] = id;
	row[E_TIME] = when;
	row[E_DATE] = date;
	row[E_STAFF] = staff != NULL ? staff : "";
	row[E_TYPE] = ev_codes[t];
	row[E_OUTCOME] = outcome != NULL ? outcome : "";
	row[E_REASON] = reason != NULL ? reason : "";
	row[E_DAYS] = days != NULL ? days : "";
	row[E_NOTE] = note != NULL ? note : "";
	row[E_MEDIUM] = medium != NULL ? medium : "";
}

enum case_err
cases_act(struct cases *c, const char *id, const struct case_step *in,
    time_t now, const char **msg)
{
	const struct app_rec *r;
	struct case_view v;
	struct case_step s = *in;
	char when[SITE_TIME_LEN], days[16], ds[CAL_DATE_LEN];
	const char *row[E__MAX];
	enum store_err e;
	cal_day today = cases_today(c, now), d;

	*msg = NULL;
	if ((e = store_lock(&c->st)) != STORE_OK)
		return e == STORE_ENOSPC ? CASE_ENOSPC : CASE_EIO;
	/* Under the lock: the applications too, then the case as it is. */
	if (apps_refresh(&c->apps) != STORE_OK) {
		store_unlock(&c->st);
		return CASE_EIO;
	}
	grow_cases(c, c->apps.n);
	if ((r = apps_by_id(&c->apps, id)) == NULL) {
		store_unlock(&c->st);
		return CASE_ENOCASE;
	}
	case_view(c, r, today, &v, NULL);
	if ((unsigned)s.type >= EV__MAX || !case_allows(&v, s.type)) {
		store_unlock(&c->st);
		*msg = "当前状态下不能进行这一步。";
		return CASE_ESTATE;
	}
	if (check_date(&v, &s, today, &d, msg) != 0 ||
	    check_step(c, &v, &s, msg) != 0) {
		store_unlock(&c->st);
		return CASE_EINPUT;
	}
	site_isotime(c->site, now, when);
	cal_format(d, ds);
	(void)snprintf(days, sizeof(days), "%d", s.days > 0 ? s.days : 0);
	case_fill_event_row(r->id, when, ds, s.staff, s.type, s.outcome,
	    s.reason, s.days > 0 ? days : "", s.note, s.medium, row);
	e = store_append(&c->st, row);
	store_unlock(&c->st);
	if (e != STORE_OK)
		return e == STORE_ENOSPC ? CASE_ENOSPC : CASE_EIO;
	return CASE_OK;
}
