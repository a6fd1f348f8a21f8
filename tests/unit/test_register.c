/*
 * Unit tests of register: the three views, filters, orders, pages, the
 * year's summary, subjects and timeliness labels, against a set of cases
 * whose dates are worked out by hand below.  Made-up people only.
 */
#include "util.h"

#include <time.h>

#include "ogi/case.h"
#include "ogi/register.h"
#include "ogi/site.h"

static struct site site;
static struct cases cs;
static struct reg reg;
static char *dir;
static time_t NOW;	/* 2026-12-31 12:00 in Beijing */

static time_t
utc(int y, int m, int d, int h)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
	    .tm_hour = h };

	return timegm(&tm);
}

static int
setup(void **state)
{
	const char *why = NULL;

	(void)state;
	NOW = utc(2026, 12, 31, 4);
	if (token_init() != 0)
		return -1;
	dir = tmpdir_new();
	TEST_SITE(site, dir, "t", "b");
	if (cases_open(&cs, &site, &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	reg_init(&reg, &cs);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	reg_free(&reg);
	cases_close(&cs);
	rm_rf(dir);
	free(dir);
	return 0;
}

/* A case received on `received` ("" for one waiting online), submitted at
   `now`, which gives its id's year. */
static void
new_case_at(time_t now, const char *channel, const char *received,
    const char *type, const char *subject, int publish, char id[16])
{
	char *vals[APP_FIELD__MAX], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { channel, received, NULL, NULL, 0 };
	const struct app_rec *dup;
	size_t i;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	vals[APP_APPLICANT_TYPE] = (char *)type;
	if (strcmp(type, "org") == 0) {
		vals[APP_ORG_NAME] = "示例测试有限公司";
		vals[APP_ORG_KIND] = "business";
		vals[APP_CONTACT_NAME] = "测试联系人";
	} else
		vals[APP_NAME] = "测试申请人";
	vals[APP_PHONE] = "13800000000";
	vals[APP_SUBJECT] = (char *)subject;
	vals[APP_PUBLISH_SUBJECT] = publish ? "1" : "";
	assert_int_equal(apps_submit(&cs.apps, vals, &how, now, id, code, &dup),
	    APP_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
}

static void
new_case(const char *channel, const char *received, const char *type,
    const char *subject, int publish, char id[16])
{
	new_case_at(NOW, channel, received, type, subject, publish, id);
}

static void
act(const char *id, enum ev_type t, const char *date, const char *outcome)
{
	struct case_step s = { t, date, "clerk", outcome,
	    t == EV_EXTEND ? "测试负责人" : NULL, NULL,
	    t == EV_ANSWER ? "email" : NULL, 0 };
	const char *msg = NULL;

	if (cases_act(&cs, id, &s, NOW, &msg) != CASE_OK)
		fail_msg("%s %s %s: %s", id, ev_codes[t], date, msg ? msg : "?");
	assert_int_equal(cases_refresh(&cs), STORE_OK);
}

/*
 * The set, in id order (all numbered in 2026):
 *
 * 1  信函 person, subject published.  Received Friday 2026-02-13; the 20
 *    working days run 2-14 (a make-up Saturday), 2-24 to 2-28 (2-6, the
 *    28th a make-up Saturday), 3-2 to 3-6 (7-11), 3-9 to 3-13 (12-16),
 *    3-16 to 3-19 (17-20): due 3-19.  Answered 3-19, grant: 20 days, 按时.
 * 2  传真 org, subject not agreed.  Received 2-13 too, answered 3-20,
 *    partial: 21 days, 逾期.
 * 3  当面 person, published, later withheld.  Received Monday 2026-06-01:
 *    6-2 to 6-5 (1-4), 6-8 to 6-12 (5-9), 6-15 to 6-18 (10-13), 6-19 端午,
 *    6-22 to 6-26 (14-18), 6-29, 6-30 (19, 20): due 6-30.  Extended on
 *    6-20 by twenty more: 7-1 to 7-3 (1-3), 7-6 to 7-10 (4-8), 7-13 to
 *    7-17, 7-20 to 7-24 (9-18), 7-27, 7-28 (19, 20): due 7-28.  Answered
 *    7-10, refuse_process: 28 days, 延期后按时.
 * 4  信函 org.  Received 6-01, extended, answered 7-29, grant: past the
 *    extended limit by a day, 41 days, 逾期.
 * 5  信函 person.  Received 6-01, withdrawn 6-05: concluded, not answered.
 * 6  传真 person.  Received 2026-07-01, open.
 * 7  网络 person.  Submitted online, receipt not confirmed: in no view.
 */
static char id[8][16];

static void
fixture(void)
{
	new_case("信函", "2026-02-13", "person", "公交线路调整方案", 1, id[1]);
	new_case("传真", "2026-02-13", "org", "某项目环评批复", 0, id[2]);
	new_case("当面", "2026-06-01", "person", "二〇二五年部门预算", 1, id[3]);
	new_case("信函", "2026-06-01", "org", "道路养护合同", 1, id[4]);
	new_case("信函", "2026-06-01", "person", "学校划片方案", 1, id[5]);
	new_case("传真", "2026-07-01", "person", "公园改造图纸", 1, id[6]);
	new_case("网络", "", "person", "路灯维修记录", 1, id[7]);
	act(id[1], EV_ANSWER, "2026-03-19", "grant");
	act(id[2], EV_ANSWER, "2026-03-20", "partial");
	act(id[3], EV_EXTEND, "2026-06-20", NULL);
	act(id[3], EV_ANSWER, "2026-07-10", "refuse_process");
	act(id[3], EV_WITHHOLD, "2026-07-11", NULL);
	act(id[4], EV_EXTEND, "2026-06-20", NULL);
	act(id[4], EV_ANSWER, "2026-07-29", "grant");
	act(id[5], EV_WITHDRAW, "2026-06-05", NULL);
}

/* The query with every filter empty. */
static struct reg_query
query(enum reg_view v)
{
	struct reg_query q;

	memset(&q, 0, sizeof(q));
	q.view = v;
	q.page = 1;
	return q;
}

/* Run q and compare the whole answer with the cases named by number
   ("6 5 4" for id[6], id[5], id[4]). */
static void
expect_rows(const struct reg_query *q, const char *want)
{
	size_t rows[16], n, i;
	char got[128];
	int len = 0, k;

	for (i = 0; i < 16; i++)
		rows[i] = (size_t)-1;
	n = reg_run(&reg, q, 0, 0, rows);
	assert_true(n < 16);
	got[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_true(rows[i] < cs.apps.n);
		for (k = 1; k < 8; k++)
			if (strcmp(cs.apps.v[rows[i]].id, id[k]) == 0)
				break;
		len += snprintf(got + len, sizeof(got) - (size_t)len, "%s%d",
		    i ? " " : "", k < 8 ? k : 0);
	}
	assert_string_equal(got, want);
}

static size_t
index_of(const char *want)
{
	const struct app_rec *a = apps_by_id(&cs.apps, want);

	assert_non_null(a);
	return (size_t)(a - cs.apps.v);
}

static const struct case_sum *
sum_of(int k)
{
	return cases_sum(&cs, index_of(id[k]));
}

static void
expect_date(cal_day d, const char *want)
{
	char got[CAL_DATE_LEN];

	if (want == NULL) {
		assert_true(d < 0);
		return;
	}
	cal_format(d, got);
	assert_string_equal(got, want);
}

/* Each view holds what it says, newest first, the highest id first
   within a day; the online case waiting for receipt is in none. */
static void
views_newest_first(void **state)
{
	struct reg_query q;

	(void)state;
	fixture();
	q = query(REG_RECEIVED);
	expect_rows(&q, "6 5 4 3 2 1");
	q = query(REG_HANDLED);
	expect_rows(&q, "4 3 5 2 1");
	q = query(REG_ANSWERED);
	expect_rows(&q, "4 3 2 1");
	q = query(REG_RECEIVED);
	q.by_id = 1;
	expect_rows(&q, "1 2 3 4 5 6");
	q = query(REG_HANDLED);
	q.by_id = 1;
	expect_rows(&q, "1 2 3 4 5");
}

/* The date each view is about. */
static void
view_dates(void **state)
{
	(void)state;
	fixture();
	expect_date(reg_date(sum_of(3), REG_RECEIVED), "2026-06-01");
	expect_date(reg_date(sum_of(3), REG_HANDLED), "2026-07-10");
	expect_date(reg_date(sum_of(3), REG_ANSWERED), "2026-07-10");
	expect_date(reg_date(sum_of(5), REG_HANDLED), "2026-06-05");
	expect_date(reg_date(sum_of(5), REG_ANSWERED), NULL);
	expect_date(reg_date(sum_of(6), REG_RECEIVED), "2026-07-01");
	expect_date(reg_date(sum_of(6), REG_HANDLED), NULL);
	expect_date(reg_date(sum_of(7), REG_RECEIVED), NULL);
}

/* Each filter alone, on the view's own date, and combined. */
static void
filters(void **state)
{
	struct reg_query q;

	(void)state;
	fixture();
	q = query(REG_RECEIVED);
	q.year = 2026;
	expect_rows(&q, "6 5 4 3 2 1");
	q.year = 2025;
	expect_rows(&q, "");
	q = query(REG_RECEIVED);
	q.month = 6;
	expect_rows(&q, "5 4 3");
	q = query(REG_HANDLED);		/* concluded in June: the withdrawal */
	q.month = 6;
	expect_rows(&q, "5");
	q = query(REG_ANSWERED);
	q.year = 2026;
	q.month = 7;
	expect_rows(&q, "4 3");
	q = query(REG_RECEIVED);
	strcpy(q.channel, "信函");
	expect_rows(&q, "5 4 1");
	strcpy(q.channel, "传真");
	expect_rows(&q, "6 2");
	strcpy(q.channel, "网络");
	expect_rows(&q, "");
	q = query(REG_RECEIVED);
	strcpy(q.atype, "org");
	expect_rows(&q, "4 2");
	strcpy(q.atype, "person");
	expect_rows(&q, "6 5 3 1");
	q = query(REG_ANSWERED);
	strcpy(q.outcome, "grant");
	expect_rows(&q, "4 1");
	strcpy(q.outcome, "partial");
	expect_rows(&q, "2");
	strcpy(q.outcome, "no_such_code");
	expect_rows(&q, "");
	q = query(REG_HANDLED);
	strcpy(q.outcome, "other");	/* a withdrawal's */
	expect_rows(&q, "5");
	q = query(REG_ANSWERED);
	strcpy(q.channel, "信函");
	strcpy(q.outcome, "grant");
	strcpy(q.atype, "org");
	expect_rows(&q, "4");
	q.atype[0] = '\0';
	expect_rows(&q, "4 1");
	q.by_id = 1;
	expect_rows(&q, "1 4");
}

/* A page is a slice of the whole answer; the total is the whole's. */
static void
pages(void **state)
{
	struct reg_query q = query(REG_RECEIVED);
	size_t rows[8], n;

	(void)state;
	fixture();
	n = reg_run(&reg, &q, 2, 2, rows);
	assert_int_equal(n, 6);
	assert_string_equal(cs.apps.v[rows[0]].id, id[4]);
	assert_string_equal(cs.apps.v[rows[1]].id, id[3]);
	n = reg_run(&reg, &q, 4, 50, rows);
	assert_int_equal(n, 6);
	assert_string_equal(cs.apps.v[rows[0]].id, id[2]);
	assert_string_equal(cs.apps.v[rows[1]].id, id[1]);
	rows[0] = 99;
	assert_int_equal(reg_run(&reg, &q, 6, 50, rows), 6);
	assert_int_equal(rows[0], 99);		/* nothing written */
	q.by_id = 1;
	strcpy(q.channel, "信函");
	assert_int_equal(reg_run(&reg, &q, 1, 1, rows), 3);
	assert_string_equal(cs.apps.v[rows[0]].id, id[4]);
}

/*
 * Ids not in file order: an application numbered in 2025 (submitted on
 * 2025-03-03, received that Monday) appended after the 2026 ones.  By id
 * it comes first; newest first it is last.  Answered 2025-03-20: 3-4 to
 * 3-7 (1-4), 3-10 to 3-14 (5-9), 3-17 to 3-20 (10-13): 13 days.
 */
static void
ids_out_of_file_order(void **state)
{
	struct reg_query q;
	struct reg_stats st;
	char old[16];

	(void)state;
	fixture();
	new_case_at(utc(2025, 3, 3, 2), "当面", "2025-03-03", "person",
	    "二〇二四年决算", 1, old);
	assert_string_equal(old, "2025-000001");
	act(old, EV_ANSWER, "2025-03-20", "grant");
	memcpy(id[7], old, sizeof(old));	/* in place of the online one */
	q = query(REG_RECEIVED);
	q.by_id = 1;
	expect_rows(&q, "7 1 2 3 4 5 6");
	q = query(REG_RECEIVED);
	expect_rows(&q, "6 5 4 3 2 1 7");
	q.year = 2025;
	expect_rows(&q, "7");
	q = query(REG_ANSWERED);
	q.by_id = 1;
	q.year = 2026;
	expect_rows(&q, "1 2 3 4");
	reg_stats(&reg, 2025, &st);
	assert_int_equal(st.received, 1);
	assert_int_equal(st.answered, 1);
	assert_int_equal(st.on_time, 1);
	assert_int_equal(st.median_days, 13);
}

/*
 * The summary of 2026: 6 received, 5 concluded, 4 answered, of which 1
 * and 3 on time (3 after its extension); the days taken 20, 21, 28, 41:
 * the median of an even count is the mean of the middle two, rounded up:
 * (21 + 28) / 2 = 24.5 → 25.
 */
static void
summary(void **state)
{
	struct reg_stats st;

	(void)state;
	fixture();
	reg_stats(&reg, 2026, &st);
	assert_int_equal(st.received, 6);
	assert_int_equal(st.handled, 5);
	assert_int_equal(st.answered, 4);
	assert_int_equal(st.on_time, 2);
	assert_int_equal(st.median_days, 25);
	reg_stats(&reg, 2025, &st);
	assert_int_equal(st.received, 0);
	assert_int_equal(st.answered, 0);
	assert_int_equal(st.median_days, -1);
	/* An odd count: the middle one.  Case 6 answered 2026-07-02: 1 day. */
	act(id[6], EV_ANSWER, "2026-07-02", "grant");
	reg_stats(&reg, 2026, &st);
	assert_int_equal(st.answered, 5);
	assert_int_equal(st.handled, 6);
	assert_int_equal(st.on_time, 3);
	assert_int_equal(st.median_days, 21);	/* 1 20 [21] 28 41 */
}

/* Timeliness as each row says it, and the working days behind it. */
static void
timeliness(void **state)
{
	(void)state;
	fixture();
	assert_string_equal(reg_timeliness(sum_of(1)), "按时");
	assert_int_equal(sum_of(1)->taken, 20);
	assert_string_equal(reg_timeliness(sum_of(2)), "逾期");
	assert_int_equal(sum_of(2)->taken, 21);
	assert_string_equal(reg_timeliness(sum_of(3)), "延期后按时");
	assert_int_equal(sum_of(3)->taken, 28);
	expect_date(sum_of(3)->due, "2026-07-28");
	assert_string_equal(reg_timeliness(sum_of(4)), "逾期");
	assert_int_equal(sum_of(4)->taken, 41);
	assert_string_equal(reg_timeliness(sum_of(6)), "");	/* open */
	assert_int_equal(sum_of(6)->taken, -1);
	assert_string_equal(reg_timeliness(sum_of(7)), "");	/* pending */
}

/* The subject only where the applicant agreed and staff did not withhold
   it; never the applicant's name. */
static void
subjects(void **state)
{
	const struct app_rec *a;

	(void)state;
	fixture();
	a = &cs.apps.v[index_of(id[1])];
	assert_string_equal(reg_subject(&cs.apps, a, sum_of(1)), "公交线路调整方案");
	a = &cs.apps.v[index_of(id[2])];
	assert_string_equal(reg_subject(&cs.apps, a, sum_of(2)), "申请人未同意公开");
	a = &cs.apps.v[index_of(id[3])];
	assert_true(sum_of(3)->withheld);
	assert_string_equal(reg_subject(&cs.apps, a, sum_of(3)), "不予公开");
	/* Withheld after the first look: the next look says so. */
	a = &cs.apps.v[index_of(id[4])];
	assert_string_equal(reg_subject(&cs.apps, a, sum_of(4)), "道路养护合同");
	act(id[4], EV_WITHHOLD, "2026-08-01", NULL);
	assert_string_equal(reg_subject(&cs.apps, a, sum_of(4)), "不予公开");
}

/* A step taken after a page was made shows on the next page: orders,
   kept filters (more of them than the cache holds) and the summary. */
static void
changes_show_at_once(void **state)
{
	struct reg_query q;
	struct reg_stats st;
	int m;

	(void)state;
	fixture();
	q = query(REG_ANSWERED);
	expect_rows(&q, "4 3 2 1");
	strcpy(q.outcome, "grant");
	expect_rows(&q, "4 1");
	for (m = 1; m <= 12; m++) {	/* push the grant filter out */
		struct reg_query f = query(REG_RECEIVED);

		f.month = m;
		(void)reg_run(&reg, &f, 0, 0, (size_t[16]){ 0 });
	}
	expect_rows(&q, "4 1");
	reg_stats(&reg, 2026, &st);
	assert_int_equal(st.answered, 4);
	act(id[6], EV_ANSWER, "2026-08-03", "grant");
	expect_rows(&q, "6 4 1");
	q = query(REG_ANSWERED);
	expect_rows(&q, "6 4 3 2 1");
	reg_stats(&reg, 2026, &st);
	assert_int_equal(st.answered, 5);
	q = query(REG_RECEIVED);
	q.month = 7;
	expect_rows(&q, "6");
}

static struct reg_query
parsed(const char *qs, int want_rc, const char *want_err)
{
	struct reg_query q;
	struct form f;
	const char *err = NULL;

	assert_int_equal(form_parse(&f, qs, strlen(qs)), FORM_OK);
	assert_int_equal(reg_parse(&q, &f, &err), want_rc);
	if (want_err != NULL) {
		assert_non_null(err);
		assert_string_equal(err, want_err);
	}
	form_free(&f);
	return q;
}

/* Query strings: every filter read, every bad value refused by name,
   and the link made from a query reads back as the same query. */
static void
parse_and_link(void **state)
{
	struct reg_query q, back;
	struct buf b;
	char *amp;

	(void)state;
	q = parsed("", 0, NULL);
	assert_int_equal(q.view, REG_RECEIVED);
	assert_int_equal(q.page, 1);
	assert_int_equal(q.year, 0);
	assert_int_equal(q.by_id, 0);
	q = parsed("view=answered&year=2026&month=3&channel=%E4%BF%A1%E5%87%BD"
	    "&type=org&outcome=grant&sort=id&page=2", 0, NULL);
	assert_int_equal(q.view, REG_ANSWERED);
	assert_int_equal(q.year, 2026);
	assert_int_equal(q.month, 3);
	assert_string_equal(q.channel, "信函");
	assert_string_equal(q.atype, "org");
	assert_string_equal(q.outcome, "grant");
	assert_int_equal(q.by_id, 1);
	assert_int_equal(q.page, 2);
	q = parsed("year=&month=&sort=new&view=handled", 0, NULL);
	assert_int_equal(q.view, REG_HANDLED);
	assert_int_equal(q.year, 0);
	assert_int_equal(q.by_id, 0);

	(void)parsed("view=everything", -1, "未知的登记类别。");
	(void)parsed("year=1999", -1, "年份应为四位数字。");
	(void)parsed("year=20x6", -1, "年份应为四位数字。");
	(void)parsed("month=0", -1, "月份应为1至12。");
	(void)parsed("month=13", -1, "月份应为1至12。");
	(void)parsed("page=0", -1, "页码无效。");
	(void)parsed("page=abc", -1, "页码无效。");
	(void)parsed("channel=%E9%B8%BD%E5%AD%90", -1, "未知的收到申请方式。");
	(void)parsed("type=robot", -1, NULL);
	(void)parsed("sort=oldest", -1, "未知的排序方式。");
	(void)parsed("outcome=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -1, NULL);

	q = parsed("view=answered&year=2026&month=3&channel=%E4%BF%A1%E5%87%BD"
	    "&type=org&outcome=grant&sort=id", 0, NULL);
	buf_init(&b);
	reg_link(&b, &q, 3);
	assert_string_equal(b.s, "view=answered&amp;year=2026&amp;month=3"
	    "&amp;channel=%E4%BF%A1%E5%87%BD&amp;type=org&amp;outcome=grant"
	    "&amp;sort=id&amp;page=3");
	while ((amp = strstr(b.s, "&amp;")) != NULL)	/* as a browser reads it */
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	back = parsed(b.s, 0, NULL);
	assert_int_equal(back.page, 3);
	assert_int_equal(back.view, q.view);
	assert_int_equal(back.year, q.year);
	assert_int_equal(back.month, q.month);
	assert_string_equal(back.channel, q.channel);
	assert_string_equal(back.atype, q.atype);
	assert_string_equal(back.outcome, q.outcome);
	assert_int_equal(back.by_id, q.by_id);
	buf_reset(&b);
	q = parsed("", 0, NULL);
	reg_link(&b, &q, 1);
	assert_string_equal(b.s, "view=received");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(views_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(view_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(filters, setup, teardown),
		cmocka_unit_test_setup_teardown(pages, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_out_of_file_order, setup, teardown),
		cmocka_unit_test_setup_teardown(summary, setup, teardown),
		cmocka_unit_test_setup_teardown(timeliness, setup, teardown),
		cmocka_unit_test_setup_teardown(subjects, setup, teardown),
		cmocka_unit_test_setup_teardown(changes_show_at_once, setup, teardown),
		cmocka_unit_test(parse_and_link),
	};

	return cmocka_run_group_tests_name("register", tests, NULL, NULL);
}
