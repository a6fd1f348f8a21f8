/* Unit tests of case: states, steps allowed, due dates worked by hand. */
#include "util.h"

#include <time.h>

#include "ogi/case.h"
#include "ogi/site.h"

static struct site site;
static struct cases cs;
static char *dir;
static time_t NOW;	/* 2026-12-31 12:00 in Beijing */

static int
setup(void **state)
{
	const char *why = NULL;
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 31, .tm_hour = 4 };

	(void)state;
	NOW = timegm(&tm);
	if (token_init() != 0)
		return -1;
	dir = tmpdir_new();
	TEST_SITE(site, dir, "t", "b");
	if (cases_open(&cs, &site, &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cases_close(&cs);
	rm_rf(dir);
	free(dir);
	return 0;
}

/* A letter received on `received` ("" for an online one, unconfirmed). */
static const struct app_rec *
new_case(const char *received, char id[16])
{
	char *vals[APP_FIELD__MAX], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { received[0] ? "信函" : "网络", received, NULL, NULL, 0 };
	const struct app_rec *dup;
	size_t i;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	assert_int_equal(apps_submit(&cs.apps, vals, &how, NOW, id, code, &dup), APP_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	return apps_by_id(&cs.apps, id);
}

static enum case_err
act(const char *id, enum ev_type t, const char *date, const char *outcome,
    const char *reason, int days)
{
	struct case_step s = { t, date, "clerk", outcome, reason, "note",
	    t == EV_ANSWER ? "email" : NULL, days };
	const char *msg;
	enum case_err e;

	e = cases_act(&cs, id, &s, NOW, &msg);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	return e;
}

static void
view(const char *id, struct case_view *v, struct buf *b)
{
	case_view(&cs, apps_by_id(&cs.apps, id), cases_today(&cs, NOW), v, b);
}

static void
expect_date(cal_day d, const char *want)
{
	char got[CAL_DATE_LEN];

	cal_format(d, got);
	assert_string_equal(got, want);
}

/*
 * Received Friday 2026-02-13 (20 working days): due Thursday 2026-03-19,
 * as worked out in test_cal.c.  Answered that day: 20 days taken, on time.
 */
static void
plain_case_and_explanation(void **state)
{
	struct case_view v;
	struct buf b;
	char id[16];

	(void)state;
	new_case("2026-02-13", id);
	buf_init(&b);
	view(id, &v, &b);
	assert_int_equal(v.state, CS_OPEN);
	assert_string_equal(v.lim->regulation, "2019");
	assert_int_equal(v.due_status, DUE_OK);
	expect_date(v.due, "2026-03-19");
	/* 补正 must be asked within 7 working days: 2-14, 2-24 … 2-28 (6), 3-2 (7). */
	expect_date(v.supp_notice_by, "2026-03-02");
	assert_non_null(strstr(b.s, "收到申请：2026-02-13（星期五），当日不计入"));
	assert_non_null(strstr(b.s, "不计：2026-02-15（星期日，春节）"));
	assert_non_null(strstr(b.s, "不计：2026-03-01（星期日）"));
	assert_non_null(strstr(b.s, "第20个工作日：2026-03-19"));
	assert_int_equal(act(id, EV_ANSWER, "2026-03-19", "grant", NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_ANSWERED);
	assert_int_equal(v.taken, 20);
	assert_true(v.on_time);
	assert_string_equal(v.outcome, "grant");
	buf_free(&b);
}

/*
 * 补正: received Monday 2026-03-02, asked 3-4, supplied Tuesday 3-10.  The
 * 20 days run from 3-10: 3-11 to 3-13 (1-3), 3-16 to 3-20 (4-8), 3-23 to
 * 3-27 (9-13), 3-30 to 4-3 (14-18), 4-4 to 4-6 清明, 4-7 (19), 4-8 (20).
 * While waiting, no due date; the applicant's limit of 10 working days
 * from 3-4 is 3-18.
 */
static void
supplement_restarts_the_clock(void **state)
{
	struct case_view v;
	char id[16];

	(void)state;
	new_case("2026-03-02", id);
	assert_int_equal(act(id, EV_SUPP_REQ, "2026-03-04", NULL, NULL, 10), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_SUPPLEMENT);
	assert_int_equal(v.due_status, DUE_SUPPLEMENT);
	expect_date(v.supp_deadline, "2026-03-18");
	/* Once only; no answer while waiting. */
	assert_int_equal(act(id, EV_ANSWER, "2026-03-05", "grant", NULL, 0), CASE_ESTATE);
	assert_int_equal(act(id, EV_SUPP_RECV, "2026-03-03", NULL, NULL, 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_SUPP_RECV, "2026-03-10", NULL, NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_OPEN);
	expect_date(v.due, "2026-04-08");
	assert_int_equal(act(id, EV_SUPP_REQ, "2026-03-11", NULL, NULL, 10), CASE_ESTATE);
}

/* No supplement came: concluded as other_no_supplement. */
static void
no_supplement(void **state)
{
	struct case_view v;
	char id[16];

	(void)state;
	new_case("2026-03-02", id);
	assert_int_equal(act(id, EV_SUPP_REQ, "2026-03-04", NULL, NULL, 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_SUPP_REQ, "2026-03-04", NULL, NULL, 5), CASE_OK);
	assert_int_equal(act(id, EV_SUPP_NONE, "2026-03-20", NULL, NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_CLOSED);
	assert_string_equal(v.outcome, "other_no_supplement");
}

/*
 * Extension: received Monday 2026-06-01.  6-2 to 6-5 (1-4), 6-8 to 6-12
 * (5-9), 6-15 to 6-18 (10-13), 6-19 端午, 6-22 to 6-26 (14-18), 6-29 (19),
 * 6-30 (20): the original limit.  Twenty more: 7-1 to 7-3 (1-3), 7-6 to
 * 7-10 (4-8), 7-13 to 7-17 (9-13), 7-20 to 7-24 (14-18), 7-27 (19),
 * 7-28 (20).  Answered 7-10: late against the original, not overdue.
 */
static void
extension(void **state)
{
	struct case_view v;
	struct buf b;
	char id[16];

	(void)state;
	new_case("2026-06-01", id);
	assert_int_equal(act(id, EV_EXTEND, "2026-06-20", NULL, "", 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_EXTEND, "2026-06-20", NULL, "王局长", 0), CASE_OK);
	assert_int_equal(act(id, EV_EXTEND, "2026-06-21", NULL, "王局长", 0), CASE_ESTATE);
	buf_init(&b);
	view(id, &v, &b);
	expect_date(v.due_orig, "2026-06-30");
	expect_date(v.due, "2026-07-28");
	assert_non_null(strstr(b.s, "延长20个工作日（批准人：王局长），延长后期限：2026-07-28"));
	assert_int_equal(act(id, EV_ANSWER, "2026-07-10", "partial", NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_false(v.on_time);
	assert_int_equal(v.taken, 28);	/* 20 to 6-30, 8 more to 7-10 */
	buf_free(&b);
}

/*
 * Consultation: received Monday 2026-11-02, a third party asked 11-4, reply
 * 11-11: 11-5, 11-6, 11-9, 11-10, 11-11 do not count.  11-3 (1), 11-4 (2),
 * 11-12 (3), 11-13 (4), 11-16 to 11-20 (5-9), 11-23 to 11-27 (10-14),
 * 11-30 (15), 12-1 to 12-4 (16-19), 12-7 (20).  Unpaused it would be 11-30.
 */
static void
consultation_pause(void **state)
{
	struct case_view v;
	char id[16];

	(void)state;
	new_case("2026-11-02", id);
	assert_int_equal(act(id, EV_CONSULT_START, "2026-11-04", NULL, "someone", 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_CONSULT_START, "2026-11-04", NULL, "third_party", 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_CONSULT);
	assert_int_equal(v.due_status, DUE_CONSULT);
	assert_int_equal(act(id, EV_ANSWER, "2026-11-05", "grant", NULL, 0), CASE_ESTATE);
	assert_int_equal(act(id, EV_CONSULT_END, "2026-11-11", NULL, NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.due_status, DUE_OK);
	expect_date(v.due, "2026-12-07");
}

/* A 2018 case has 15 days and the 2008 codes; a 2019 case the new ones. */
static void
regulations(void **state)
{
	struct case_view v;
	char a[16], b[16];

	(void)state;
	new_case("2018-04-27", a);
	view(a, &v, NULL);
	assert_string_equal(v.lim->regulation, "2008");
	expect_date(v.due, "2018-05-21");
	assert_int_equal(act(a, EV_ANSWER, "2018-05-10", "refuse_internal", NULL, 0), CASE_EINPUT);
	assert_int_equal(act(a, EV_ANSWER, "2018-05-10", "nonsense", NULL, 0), CASE_EINPUT);
	assert_int_equal(act(a, EV_ANSWER, "2018-05-10", "refuse_trade_secret", NULL, 0), CASE_OK);

	new_case("2019-05-20", b);
	view(b, &v, NULL);
	assert_string_equal(v.lim->regulation, "2019");
	expect_date(v.due, "2019-06-18");
	assert_int_equal(act(b, EV_ANSWER, "2019-06-01", "not_exist", NULL, 0), CASE_EINPUT);
	assert_int_equal(act(b, EV_ANSWER, "2019-06-01", "unable_not_held", NULL, 0), CASE_OK);
}

/* Online: waits for confirmation, which fixes the received date. */
static void
online_confirmation_and_dates(void **state)
{
	struct case_view v;
	char id[16];

	(void)state;
	new_case("", id);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_PENDING);
	assert_int_equal(v.due_status, DUE_NONE);
	assert_int_equal(act(id, EV_ANSWER, "2026-12-31", "grant", NULL, 0), CASE_ESTATE);
	assert_int_equal(act(id, EV_RECEIVED, "2027-01-01", NULL, NULL, 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_RECEIVED, "2026-12-30", NULL, NULL, 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_RECEIVED, "2026-12-31", NULL, NULL, 0), CASE_OK);
	assert_int_equal(act(id, EV_RECEIVED, "2026-12-31", NULL, NULL, 0), CASE_ESTATE);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_OPEN);
	/* Its due date lies in 2027, before the year's notice: counted on
	   the statutory days (元旦 Friday 2027-01-01; 1-04 to 1-29 are the
	   20 working days) and marked provisional. */
	assert_int_equal(v.due_status, DUE_OK);
	expect_date(v.due, "2027-01-29");
	assert_int_equal(v.due_prov, 1);
	assert_int_equal(act("2026-999999", EV_ANSWER, "2026-12-31", "grant", NULL, 0),
	    CASE_ENOCASE);
}

static void
review_and_suit(void **state)
{
	struct case_view v;
	char id[16];

	(void)state;
	new_case("2026-05-06", id);
	assert_int_equal(act(id, EV_REVIEW_FILED, "2026-05-20", NULL, NULL, 0), CASE_ESTATE);
	assert_int_equal(act(id, EV_ANSWER, "2026-05-20", "refuse_process", NULL, 0), CASE_OK);
	assert_int_equal(act(id, EV_ANSWER, "2026-05-21", "grant", NULL, 0), CASE_ESTATE);
	assert_int_equal(act(id, EV_REVIEW_FILED, "2026-06-01", NULL, NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.review, 1);
	assert_int_equal(act(id, EV_REVIEW_DECIDED, "2026-07-01", "kept", NULL, 0), CASE_EINPUT);
	assert_int_equal(act(id, EV_REVIEW_DECIDED, "2026-07-01", "upheld", NULL, 0), CASE_OK);
	assert_int_equal(act(id, EV_SUIT_FILED, "2026-07-10", NULL, "after_review", 0), CASE_OK);
	assert_int_equal(act(id, EV_SUIT_DECIDED, "2026-09-10", "corrected", NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.review, 2);
	assert_int_equal(v.suit, 2);
	assert_string_equal(v.review_outcome, "upheld");
	assert_string_equal(v.suit_outcome, "corrected");
	assert_int_equal(act(id, EV_WITHDRAW, "2026-09-11", NULL, NULL, 0), CASE_ESTATE);
}

/* Another process sees the same events from the file. */
static void
another_reader(void **state)
{
	struct cases other;
	struct case_view v;
	const char *why;
	char id[16];

	(void)state;
	new_case("2026-04-01", id);
	assert_int_equal(act(id, EV_WITHDRAW, "2026-04-02", NULL, NULL, 0), CASE_OK);
	assert_int_equal(cases_open(&other, &site, &why), 0);
	assert_int_equal(cases_refresh(&other), STORE_OK);
	assert_int_equal(other.nev, cs.nev);
	case_view(&other, apps_by_id(&other.apps, id), cases_today(&other, NOW), &v, NULL);
	assert_int_equal(v.state, CS_CLOSED);
	assert_string_equal(v.outcome, "other");
	cases_close(&other);
}

static size_t
index_of(const char *id)
{
	return (size_t)(apps_by_id(&cs.apps, id) - cs.apps.v);
}

/*
 * Received Tuesday 2026-12-15: due 2027-01-13 over 元旦 2027, a statutory
 * day of a year without a notice (worked out in test_cal.c).  Answered on
 * 2026-12-28, before any day of 2027: 9 working days, on time for certain.
 * Another answered on 2027-01-05 is on time only as far as 2027 is known.
 */
static void
provisional_due_dates(void **state)
{
	struct case_view v;
	struct buf b;
	char id[16], id2[16];
	const struct case_sum *sum;

	(void)state;
	new_case("2026-12-15", id);
	buf_init(&b);
	view(id, &v, &b);
	assert_int_equal(v.due_status, DUE_OK);
	expect_date(v.due, "2027-01-13");
	assert_int_equal(v.due_prov, 1);
	expect_date(v.prov_from, "2027-01-01");
	assert_non_null(strstr(b.s, "不计：2027-01-01（星期五，元旦，按法定节假日推算）"));
	assert_non_null(strstr(b.s, "不计：2027-01-02（星期六）"));
	assert_non_null(strstr(b.s, "预计：2027年的放假安排尚未公布"));
	assert_non_null(strstr(b.s, "国务院公布2027年放假安排后以正式安排为准"));
	buf_free(&b);
	sum = cases_sum(&cs, index_of(id));
	assert_int_equal(sum->due_prov, 1);

	assert_int_equal(act(id, EV_ANSWER, "2026-12-28", "grant", NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.taken, 9);
	assert_int_equal(v.taken_prov, 0);
	assert_int_equal(v.on_time, 1);
	assert_int_equal(v.verdict_prov, 0);
	sum = cases_sum(&cs, index_of(id));
	assert_int_equal(sum->timeliness, TL_ON_TIME);
	assert_int_equal(sum->verdict_prov, 0);

	/* The supplement's deadline into 2027 is provisional too. */
	new_case("2026-12-15", id2);
	assert_int_equal(act(id2, EV_SUPP_REQ, "2026-12-21", NULL, NULL, 15), CASE_OK);
	view(id2, &v, NULL);
	assert_int_equal(v.supp_deadline_prov, 1);
	assert_int_equal(v.supp_notice_prov, 0);

	NOW += 10 * 86400;		/* 2027-01-10 */
	new_case("2026-12-15", id2);
	assert_int_equal(act(id2, EV_ANSWER, "2027-01-05", "grant", NULL, 0), CASE_OK);
	view(id2, &v, NULL);
	assert_int_equal(v.taken, 14);	/* 12 in 2026, then 1-04 and 1-05 */
	assert_int_equal(v.taken_prov, 1);
	assert_int_equal(v.verdict_prov, 1);
	sum = cases_sum(&cs, index_of(id2));
	assert_int_equal(sum->taken_prov, 1);
	assert_int_equal(sum->verdict_prov, 1);
	NOW -= 10 * 86400;
}

/*
 * Received Thursday 2027-04-01 and extended.  Friday 4-02 (1); Monday
 * 4-05 is 清明节 by law; 4-06 to 4-09 (2-5), 4-12 to 4-30 (6-20): due
 * 2027-04-30.  The extension's 20 days cross 劳动节 (Saturday 5-01 and
 * Sunday 5-02, weekend days either way): 5-03 to 5-28, due 2027-05-28.
 */
static void
extension_across_labour_day_2027(void **state)
{
	struct case_view v;
	struct buf b;
	char id[16];
	time_t saved = NOW;

	(void)state;
	NOW += 181 * 86400;		/* 2027-06-30 */
	new_case("2027-04-01", id);
	assert_int_equal(act(id, EV_EXTEND, "2027-04-20", NULL, "主任", 0), CASE_OK);
	buf_init(&b);
	view(id, &v, &b);
	expect_date(v.due_orig, "2027-04-30");
	expect_date(v.due, "2027-05-28");
	assert_int_equal(v.due_prov, 1);
	assert_non_null(strstr(b.s, "不计：2027-04-05（星期一，清明节，按法定节假日推算）"));
	assert_non_null(strstr(b.s, "不计：2027-05-01（星期六，劳动节，按法定节假日推算）"));
	buf_free(&b);
	NOW = saved;
}

/*
 * The official 2027 notice imported (made up here: 元旦 1-01 to 1-03 and
 * Saturday 1-09 worked): the case received 2026-12-15 is due 2027-01-12,
 * no longer provisional.
 */
static void
imported_notice_makes_dates_final(void **state)
{
	static const char ov[] = "date,kind,name\n"
	    "2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n"
	    "2027-01-03,holiday,元旦\n2027-01-09,workday,元旦调休上班\n";
	struct case_view v;
	char id[16], path[512];
	const char *why;
	unsigned long gen = cs.gen;

	(void)state;
	new_case("2026-12-15", id);
	(void)snprintf(path, sizeof(path), "%s/%s", dir, CASES_HOLIDAYS_IMPORTED);
	write_file(path, ov, sizeof(ov) - 1);
	assert_int_equal(cases_reload_calendar(&cs, &why), 0);
	assert_true(cs.gen != gen);
	view(id, &v, NULL);
	expect_date(v.due, "2027-01-12");
	assert_int_equal(v.due_prov, 0);
	assert_int_equal(cases_sum(&cs, index_of(id))->due_prov, 0);
	unlink(path);
	assert_int_equal(cases_reload_calendar(&cs, &why), 0);
	view(id, &v, NULL);
	expect_date(v.due, "2027-01-13");
}

/* A step keeps only what it uses; hostile text is refused. */
static void
steps_store_what_they_use(void **state)
{
	struct case_step st = { EV_SUPP_REQ, "2026-06-02", "clerk", "refuse_state_secret",
	    "x", "请补充\xE2\x80\xAE证明", "email", 10 };
	const struct event *e;
	struct ev_text t;
	struct case_view v;
	const char *msg;
	char id[16];

	(void)state;
	new_case("2026-06-01", id);
	assert_int_equal(cases_act(&cs, id, &st, NOW, &msg), CASE_EINPUT);
	assert_non_null(strstr(msg, "方向"));
	st.note = "请补充\xEF\xBF\xBF";
	assert_int_equal(cases_act(&cs, id, &st, NOW, &msg), CASE_EINPUT);
	assert_non_null(strstr(msg, "非字符"));
	st.note = "请补充身份证明";
	assert_int_equal(cases_act(&cs, id, &st, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	view(id, &v, NULL);
	for (e = &cs.ev[v.first_event - 1]; e->next != 0; e = &cs.ev[e->next - 1])
		;
	assert_int_equal(e->type, EV_SUPP_REQ);
	assert_int_equal(cases_event_text(&cs, e, &t), 0);
	assert_string_equal(t.outcome, "");	/* not 属于国家秘密 */
	assert_string_equal(t.reason, "");
	assert_string_equal(t.medium, "");
	assert_string_equal(t.note, "请补充身份证明");
	case_ev_text_free(&t);
}


/* ---- 信息处理费 ---- */

/* An application of one identity: channel 信函 (received that day) or 网络
   (unconfirmed, counted on the day submitted). */
static const struct app_rec *
new_app_of(const char *received, const char *type, const char *idtype,
    const char *number, char id[16])
{
	char *vals[APP_FIELD__MAX], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { received[0] ? "信函" : "网络", received, NULL, NULL, 0 };
	const struct app_rec *dup;
	size_t i;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	vals[APP_APPLICANT_TYPE] = (char *)type;
	if (strcmp(type, "org") == 0)
		vals[APP_ORG_CODE] = (char *)number;
	else {
		vals[APP_ID_TYPE] = (char *)idtype;
		vals[APP_ID_NUMBER] = (char *)number;
	}
	assert_int_equal(apps_submit(&cs.apps, vals, &how, NOW, id, code, &dup), APP_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	return apps_by_id(&cs.apps, id);
}

static enum case_err
fee_act(const char *id, enum ev_type t, const char *date, const char *outcome,
    const char *reason, const char *medium, const char *note)
{
	struct case_step s = { t, date, "clerk", outcome, reason, note, medium, 0 };
	const char *msg;
	enum case_err e;

	e = cases_act(&cs, id, &s, NOW, &msg);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	return e;
}

/* The events file as it stands (a static copy, replaced each call). */
static const char *
read_file_events(void)
{
	static char *text;
	char path[512];
	size_t len;

	free(text);
	(void)snprintf(path, sizeof(path), "%s/events.csv", dir);
	text = read_file(path, &len);
	assert_non_null(text);
	return text;
}

static void
expect_month(const char *id, size_t count, size_t nth, int month)
{
	struct case_month m;

	assert_int_equal(cases_month_count(&cs, apps_by_id(&cs.apps, id), &m), 0);
	if (m.count != count || m.nth != nth || m.month != month)
		fail_msg("%s: %zu of %zu in month %d, want %zu of %zu in %d", id,
		    m.nth, m.count, m.month, nth, count, month);
}

/*
 * One person's month across channels: a letter received 2026-12-01 and an
 * online application submitted 2026-12-31 (not yet confirmed) with the same
 * ID written with spaces and a small x; a letter of November and another
 * person's letter of December do not count.  Organisations by their code.
 */
static void
fee_month_count(void **state)
{
	char a[16], b[16], c[16], d[16], o1[16], o2[16], n[16];
	struct case_month m;

	(void)state;
	new_app_of("2026-11-30", "person", "resident", "11010519491231002X", a);
	new_app_of("2026-12-01", "person", "resident", "11010519491231002X", b);
	new_app_of("2026-12-02", "person", "resident", "110105199003071239", c);
	new_app_of("", "person", "resident", "110105 19491231002x", d);
	new_app_of("2026-12-03", "org", "", "91110000ma0012345c", o1);
	new_app_of("2026-12-04", "org", "", "91110000MA0012345C", o2);
	new_app_of("2026-12-04", "person", "passport", "11010519491231002X", n);
	expect_month(a, 1, 1, 11);
	expect_month(b, 2, 1, 12);
	expect_month(d, 2, 2, 12);
	expect_month(c, 1, 1, 12);
	expect_month(o2, 2, 2, 12);
	expect_month(o1, 2, 1, 12);
	/* Another kind of document with the same number: another identity. */
	expect_month(n, 1, 1, 12);
	/* Without an identity, no count. */
	new_case("2026-12-04", n);
	assert_int_equal(cases_month_count(&cs, apps_by_id(&cs.apps, n), &m), -1);
}

/*
 * Received Monday 2026-03-02: due 2026-03-30.  A notice of 250 pages on
 * Wednesday 3-4 (4700 元; to be paid by 4-1, 20 working days from 3-5),
 * paid Wednesday 3-11: 3-5, 3-6, 3-9, 3-10, 3-11 do not count, so the due
 * date moves five working days: 3-31, 4-1, 4-2, 4-3, (清明 4-4 to 4-6), 4-7.
 */
static void
fee_notice_suspends_the_clock(void **state)
{
	struct case_view v;
	struct buf b;
	char id[16];

	(void)state;
	new_app_of("2026-03-02", "person", "resident", "110105199003071239", id);
	view(id, &v, NULL);
	expect_date(v.due, "2026-03-30");
	assert_true(v.fee_allowed);
	/* Neither method: refused; 按量 within the free pages: refused. */
	assert_int_equal(fee_act(id, EV_FEE_NOTICE, "2026-03-04", "", NULL, "250", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_NOTICE, "2026-03-04", "pages", NULL, "30", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_NOTICE, "2026-03-04", "pages", NULL, "250", NULL), CASE_OK);
	buf_init(&b);
	view(id, &v, &b);
	assert_int_equal(v.fee, FEE_DUE);
	assert_int_equal(v.due_status, DUE_FEE);
	expect_date(v.fee_deadline, "2026-04-01");
	assert_non_null(strstr(b.s, "收费通知：2026-03-04发出，等待申请人缴费（缴费期限2026-04-01）"));
	/* No answer, and no second notice, while it is unpaid; not yet
	   unpaid on the last day to pay. */
	assert_int_equal(act(id, EV_ANSWER, "2026-03-05", "grant", NULL, 0), CASE_ESTATE);
	assert_int_equal(fee_act(id, EV_FEE_NOTICE, "2026-03-05", "pages", NULL, "250", NULL), CASE_ESTATE);
	/* More than the notice, or without a receipt: refused. */
	assert_int_equal(fee_act(id, EV_FEE_PAID, "2026-03-11", NULL, "4701", "NO.1", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_PAID, "2026-03-11", NULL, "4700", "", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_PAID, "2026-03-11", NULL, "4000", "NO.1", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_PAID, "2026-03-03", NULL, "4700", "NO.1", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_PAID, "2026-03-11", NULL, "4700", "NO.1", NULL), CASE_OK);
	buf_reset(&b);
	view(id, &v, &b);
	assert_int_equal(v.fee, FEE_PAID);
	assert_int_equal(v.due_status, DUE_OK);
	expect_date(v.due, "2026-04-07");
	assert_non_null(strstr(b.s, "不计：2026-03-05（星期四，收费通知至缴费期间）"));
	assert_non_null(strstr(b.s, "不计：2026-03-11（星期三，收费通知至缴费期间）"));
	assert_non_null(strstr(b.s, "收费通知：2026-03-04发出，2026-03-11缴费，其间的工作日（5个）不计入期限"));
	assert_null(strstr(b.s, "不计：2026-03-12"));
	assert_int_equal(act(id, EV_ANSWER, "2026-04-07", "grant", NULL, 0), CASE_OK);
	view(id, &v, NULL);
	assert_true(v.on_time);
	assert_int_equal(v.taken, 20);
	buf_free(&b);
}

/* Unpaid: other_fee_unpaid only after the 20 working days; a waiver
   resumes the clock like a payment. */
static void
fee_unpaid_and_waived(void **state)
{
	struct case_view v;
	char id[16], w[16];

	(void)state;
	new_app_of("2026-03-02", "person", "resident", "110105199003071239", id);
	assert_int_equal(fee_act(id, EV_FEE_NOTICE, "2026-03-04", "pages", NULL, "31", NULL), CASE_OK);
	assert_int_equal(fee_act(id, EV_FEE_UNPAID, "2026-04-01", NULL, NULL, NULL, NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id, EV_FEE_UNPAID, "2026-04-02", NULL, NULL, NULL, NULL), CASE_OK);
	view(id, &v, NULL);
	assert_int_equal(v.state, CS_CLOSED);
	assert_int_equal(v.fee, FEE_UNPAID);
	assert_string_equal(v.outcome, "other_fee_unpaid");
	assert_int_equal(v.due_status, DUE_OK);
	/* The days of the notice do not count against the body. */
	assert_true(v.on_time);

	new_app_of("2026-03-02", "person", "resident", "110105199003071239", w);
	assert_int_equal(fee_act(w, EV_FEE_NOTICE, "2026-03-04", "pages", NULL, "31", NULL), CASE_OK);
	assert_int_equal(fee_act(w, EV_FEE_WAIVED, "2026-03-06", NULL, NULL, NULL, ""), CASE_EINPUT);
	assert_int_equal(fee_act(w, EV_FEE_WAIVED, "2026-03-06", NULL, NULL, NULL, "申请人生活困难"), CASE_OK);
	view(w, &v, NULL);
	assert_int_equal(v.fee, FEE_WAIVED);
	/* 3-5 and 3-6 paused: 3-30 + 2 working days. */
	expect_date(v.due, "2026-04-01");
}

/* 按件计收: the 11th application of the month costs 100 元, the 10th
   nothing. */
static void
fee_per_count(void **state)
{
	char id[11][16];
	int k;

	(void)state;
	for (k = 0; k < 11; k++)
		new_app_of("2026-05-06", "org", "", "91110000MA0012345C", id[k]);
	assert_int_equal(fee_act(id[9], EV_FEE_NOTICE, "2026-05-07", "count", NULL, "", NULL), CASE_EINPUT);
	assert_int_equal(fee_act(id[10], EV_FEE_NOTICE, "2026-05-07", "count", NULL, "", NULL), CASE_OK);
	assert_non_null(strstr(read_file_events(), "\"fee_notice\",\"count\",\"100\",\"20\",\"\",\"11\""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_case_and_explanation),
		cmocka_unit_test(supplement_restarts_the_clock),
		cmocka_unit_test(no_supplement),
		cmocka_unit_test(extension),
		cmocka_unit_test(consultation_pause),
		cmocka_unit_test(regulations),
		cmocka_unit_test(online_confirmation_and_dates),
		cmocka_unit_test(review_and_suit),
		cmocka_unit_test(another_reader),
		cmocka_unit_test(steps_store_what_they_use),
		cmocka_unit_test(provisional_due_dates),
		cmocka_unit_test(extension_across_labour_day_2027),
		cmocka_unit_test(imported_notice_makes_dates_final),
		cmocka_unit_test(fee_month_count),
		cmocka_unit_test(fee_notice_suspends_the_clock),
		cmocka_unit_test(fee_unpaid_and_waived),
		cmocka_unit_test(fee_per_count),
	};

	return cmocka_run_group_tests_name("case", tests, setup, teardown);
}
