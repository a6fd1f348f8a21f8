/*
 * Unit tests of ledger: a 台账 CSV's good rows become applications and
 * their events; each kind of bad row stops the import with its line
 * number and nothing is written, not even the good rows before it, nor
 * when the second of the two files cannot be written.
 */
#include "util.h"

#include <signal.h>
#include <time.h>
#include <sys/resource.h>

#include "ogi/case.h"
#include "ogi/ledger.h"
#include "ogi/site.h"

static struct site site;
static char *dir;
static time_t NOW;	/* 2026-11-30 12:00 in Beijing */

#define HEADER "received,channel,applicant_kind,subject,extended,answered,outcome\n"

static int
setup(void **state)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 30, .tm_hour = 4 };

	(void)state;
	NOW = timegm(&tm);
	if (token_init() != 0)
		return -1;
	dir = tmpdir_new();
	TEST_SITE(site, dir, "t", "b");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rm_rf(dir);
	free(dir);
	return 0;
}

/* Import text as a ledger file: ledger_import's result; its summary in
   out (if not NULL), its reason in *why. */
static int
import(const char *text, const char *agency, char *out, size_t outlen,
    const char **why)
{
	char path[512], *s = NULL;
	size_t n = 0;
	FILE *f;
	int rc;

	(void)snprintf(path, sizeof(path), "%s/ledger-in.csv", dir);
	write_file(path, text, strlen(text));
	f = open_memstream(&s, &n);
	assert_non_null(f);
	*why = NULL;
	rc = ledger_import(&site, path, agency, NOW, f, why);
	fclose(f);
	if (out != NULL)
		(void)snprintf(out, outlen, "%s", s);
	free(s);
	return rc;
}

/* A file of the data directory ("" if there is none). */
static char *
data_file(const char *name)
{
	char *path = site_data_path(&site, name), *text;

	text = read_file(path, NULL);
	free(path);
	return text != NULL ? text : strdup("");
}

/*
 * The good ledger, line by line (the header is line 1):
 * 2  a letter from a person received Friday 2026-02-13, answered 3-19 (its
 *    20th working day: see test_case.c), grant.
 * 3  a fax from a business received Monday 2026-06-01, extended, answered
 *    7-10: the extension is dated the last day of the first limit, 6-30
 *    (6-2 to 6-5, 6-8 to 6-12, 6-15 to 6-18, 6-22 to 6-26, 6-29, 6-30:
 *    20, with 端午 6-19 skipped); extended limit 7-28.
 * 4  in person, research body, received 6-01, extended, answered 6-18,
 *    before the first limit ended: the extension is dated the answer's day.
 * 5  online, a person, received Wednesday 2026-07-01, extended, open: the
 *    extension on its 20th working day, 7-29 (7-2, 7-3, 7-6 to 7-10, 7-13
 *    to 7-17, 7-20 to 7-24, 7-27 to 7-29).
 * 6  a letter from a nonprofit received 2025-03-03, answered 3-20: numbered
 *    in 2025.
 * 7  a letter from a legal body received 2018-05-02: the 2008 条例 and one
 *    of its codes.
 * 8  a fax, kind other, extended left empty (0), open.
 */
static const char good[] = HEADER
    "2026-02-13,letter,person,公交线路调整方案,0,2026-03-19,grant\n"
    "2026-06-01,fax,business,\"道路养护合同, 含逗号\",1,2026-07-10,refuse_process\n"
    "2026-06-01,in_person,research,学校划片方案,1,2026-06-18,partial\n"
    "2026-07-01,online,person,公园改造图纸,1,,\n"
    "2025-03-03,letter,nonprofit,二〇二四年决算,0,2025-03-20,grant\n"
    "2018-05-02,letter,legal,旧条例的申请,0,2018-05-10,refuse_trade_secret\n"
    "2026-02-13,fax,other,补录的申请,,,\n";

struct want {
	const char *id, *received, *channel, *type, *kind, *subject;
	enum case_state state;
	const char *outcome, *extension, *answer, *regulation;
};

static const struct want wants[] = {
	{ "2026-000001", "2026-02-13", "信函", "person", "", "公交线路调整方案",
	  CS_ANSWERED, "grant", NULL, "2026-03-19", "2019" },
	{ "2026-000002", "2026-06-01", "传真", "org", "business", "道路养护合同, 含逗号",
	  CS_ANSWERED, "refuse_process", "2026-06-30", "2026-07-10", "2019" },
	{ "2026-000003", "2026-06-01", "当面", "org", "research", "学校划片方案",
	  CS_ANSWERED, "partial", "2026-06-18", "2026-06-18", "2019" },
	{ "2026-000004", "2026-07-01", "网络", "person", "", "公园改造图纸",
	  CS_OPEN, NULL, "2026-07-29", NULL, "2019" },
	{ "2025-000001", "2025-03-03", "信函", "org", "nonprofit", "二〇二四年决算",
	  CS_ANSWERED, "grant", NULL, "2025-03-20", "2019" },
	{ "2018-000001", "2018-05-02", "信函", "org", "legal", "旧条例的申请",
	  CS_ANSWERED, "refuse_trade_secret", NULL, "2018-05-10", "2008" },
	{ "2026-000005", "2026-02-13", "传真", "org", "other", "补录的申请",
	  CS_OPEN, NULL, NULL, NULL, "2019" },
};

static void
expect_date(cal_day d, const char *want)
{
	char got[CAL_DATE_LEN];

	assert_non_null(want);
	cal_format(d, got);
	assert_string_equal(got, want);
}

/* Every row on file as the ledger said, with the events it implies. */
static void
good_rows(void **state)
{
	struct cases c;
	struct case_view v;
	const char *why;
	char out[256], *vals[APP_FIELD__MAX];
	size_t i, k;

	(void)state;
	assert_int_equal(import(good, NULL, out, sizeof(out), &why), 0);
	assert_string_equal(out, "imported 7 applications (2026-000001 to "
	    "2026-000005) and 8 events\n");
	assert_int_equal(cases_open(&c, &site, &why), 0);
	assert_int_equal(cases_refresh(&c), STORE_OK);
	assert_int_equal(c.apps.n, 7);
	assert_int_equal(c.nev, 8);
	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct want *w = &wants[i];
		const struct app_rec *a = apps_by_id(&c.apps, w->id);
		const struct event *e;
		int ext = 0, ans = 0;

		assert_non_null(a);
		assert_int_equal(a - c.apps.v, (ptrdiff_t)i);	/* in file order */
		case_view(&c, a, cases_today(&c, NOW), &v, NULL);
		expect_date(v.received, w->received);
		assert_string_equal(app_channel(a), w->channel);
		assert_string_equal(app_type(a), w->type);
		assert_string_equal(app_org_kind(a), w->kind);
		assert_string_equal(apps_agency(&c.apps, a), "t");
		/* The ledger has no consent to publish the subject. */
		assert_null(apps_subject(&c.apps, a));
		assert_int_equal(apps_read_fields(&c.apps, a, vals), 0);
		assert_string_equal(vals[APP_SUBJECT], w->subject);
		assert_string_equal(vals[APP_NAME], "");
		form_vals_free(vals, APP_FIELD__MAX);
		assert_int_equal(v.state, w->state);
		assert_string_equal(v.lim->regulation, w->regulation);
		if (w->outcome != NULL)
			assert_string_equal(v.outcome, w->outcome);
		else
			assert_null(v.outcome);
		assert_int_equal(v.extended, w->extension != NULL);
		for (k = v.first_event; k != 0; k = e->next) {
			e = &c.ev[k - 1];
			if (e->type == EV_EXTEND) {
				expect_date(e->date, w->extension);
				assert_int_equal(e->days, 20);
				ext++;
			} else {
				assert_int_equal(e->type, EV_ANSWER);
				expect_date(e->date, w->answer);
				ans++;
			}
		}
		assert_int_equal(ext, w->extension != NULL);
		assert_int_equal(ans, w->answer != NULL);
	}
	/* Row 3: the extended limit and 延期后按时 follow from the events. */
	case_view(&c, apps_by_id(&c.apps, "2026-000002"), cases_today(&c, NOW), &v, NULL);
	expect_date(v.due, "2026-07-28");
	assert_int_equal(v.taken, 28);
	assert_int_equal(cases_sum(&c, 1)->timeliness, TL_EXTENDED);
	case_view(&c, apps_by_id(&c.apps, "2026-000004"), cases_today(&c, NOW), &v, NULL);
	expect_date(v.due, "2026-08-26");
	cases_close(&c);
}

/* A second import is numbered after what is on file, for another agency. */
static void
numbering_and_agency(void **state)
{
	struct cases c;
	const char *why;
	char out[256];

	(void)state;
	assert_int_equal(import(good, NULL, NULL, 0, &why), 0);
	assert_int_equal(import(HEADER
	    "2026-03-02,letter,person,第二批,0,,\n"
	    "2025-12-31,letter,person,第二批,0,,\n"
	    "2024-05-06,letter,person,第二批,0,,\n", "sub1", out, sizeof(out), &why), 0);
	assert_string_equal(out, "imported 3 applications (2026-000006 to "
	    "2024-000001) and 0 events\n");
	assert_int_equal(cases_open(&c, &site, &why), 0);
	assert_int_equal(cases_refresh(&c), STORE_OK);
	assert_non_null(apps_by_id(&c.apps, "2025-000002"));
	assert_string_equal(apps_agency(&c.apps, apps_by_id(&c.apps, "2026-000006")), "sub1");
	assert_string_equal(apps_agency(&c.apps, apps_by_id(&c.apps, "2026-000005")), "t");
	cases_close(&c);
	/* A header and no rows: nothing to do, and said so. */
	assert_int_equal(import(HEADER, NULL, out, sizeof(out), &why), 0);
	assert_string_equal(out, "imported 0 applications and 0 events\n");
}

/* Edges that are allowed: a subject of 200 characters, an answer on the
   day received, received and answered today. */
static void
edges_allowed(void **state)
{
	char text[2048], subj[700];
	const char *why;
	int i;

	(void)state;
	for (subj[0] = '\0', i = 0; i < 200; i++)
		strcat(subj, "事");
	(void)snprintf(text, sizeof(text), HEADER
	    "2026-03-02,letter,person,%s,0,,\n"
	    "2026-03-02,letter,person,当日答复,0,2026-03-02,grant\n"
	    "2026-11-30,letter,person,今日收到今日答复,1,2026-11-30,grant\n", subj);
	if (import(text, NULL, NULL, 0, &why) != 0)
		fail_msg("%s", why);
}

/*
 * Each kind of bad row, as line 3 after a good one, on top of a ledger
 * imported before: refused with its line number and what is wrong, and
 * not a byte written.  Not in the table: a quote never closed, or a last
 * line without its newline; the store takes either for a torn write, and
 * the import leaves it (and all after it) out without a word (reported).
 */
static const struct {
	const char *row, *says;
} bad_rows[] = {
	{ "2026-02-30,letter,person,x,0,,", "received" },
	{ "26-02-03,letter,person,x,0,,", "received" },
	{ "2026-12-01,letter,person,x,0,,", "received" },	/* tomorrow */
	{ "2003-06-02,letter,person,x,0,,", "holidays" },	/* no calendar */
	{ "2026-01-05,pigeon,person,x,0,,", "channel" },
	{ "2026-01-05,信函,person,x,0,,", "channel" },
	{ "2026-01-05,letter,robot,x,0,,", "applicant_kind" },
	{ "2026-01-05,letter,,x,0,,", "applicant_kind" },
	{ "2026-01-05,letter,person,,0,,", "subject" },
	{ "2026-01-05,letter,person,\"两行\n的事项\",0,,", "subject" },
	{ "2026-01-05,letter,person,\"tab\there\",0,,", "subject" },
	{ "2026-01-05,letter,person,x,yes,,", "extended" },
	{ "2026-01-05,letter,person,x,2,,", "extended" },
	{ "2026-01-05,letter,person,x,0,2026-13-01,grant", "answered" },
	{ "2026-01-05,letter,person,x,0,2026-01-04,grant", "answered" },
	{ "2026-01-05,letter,person,x,0,2026-12-01,grant", "answered" },
	{ "2026-01-05,letter,person,x,0,2026-01-10,", "outcome" },
	{ "2026-01-05,letter,person,x,0,2026-01-10,nonsense", "outcome" },
	{ "2026-01-05,letter,person,x,0,2026-01-10,not_exist", "outcome" },
	{ "2018-04-02,letter,person,x,0,2018-04-10,refuse_internal", "outcome" },
	{ "2026-01-05,letter,person,x,0,,grant", "outcome" },
	{ "2026-01-05,letter,person,x,0,", "7列" },
	{ "2026-01-05,letter,person,x,0,,,", "7列" },
	{ "2026-01-05,letter,person,\"x\"y\",0,,", "7列" },
};

static char *before_apps, *before_ev;	/* as they were before */

static void
refused(const char *row, const char *says)
{
	char text[2048], *apps1, *ev1;
	const char *why;

	(void)snprintf(text, sizeof(text), HEADER
	    "2026-01-05,letter,person,好的一行,0,2026-01-09,grant\n%s\n", row);
	if (import(text, NULL, NULL, 0, &why) == 0)
		fail_msg("imported: %s", row);
	assert_non_null(why);
	if (strstr(why, "第3行") == NULL || strstr(why, says) == NULL)
		fail_msg("%s: \"%s\" does not say 第3行, %s", row, why, says);
	assert_non_null(strstr(why, "未导入任何记录"));
	apps1 = data_file("applications.csv");
	ev1 = data_file("events.csv");
	assert_string_equal(apps1, before_apps);
	assert_string_equal(ev1, before_ev);
	free(apps1);
	free(ev1);
}

static void
bad_row_refused(void **state)
{
	char row[1024];
	const char *why;
	size_t i;

	(void)state;
	assert_int_equal(import(good, NULL, NULL, 0, &why), 0);
	before_apps = data_file("applications.csv");
	before_ev = data_file("events.csv");
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++)
		refused(bad_rows[i].row, bad_rows[i].says);
	(void)snprintf(row, sizeof(row), "2026-01-05,letter,person,");
	for (i = 0; i < 201; i++)	/* one character too many */
		strcat(row, "事");
	strcat(row, ",0,,");
	refused(row, "subject");
	free(before_apps);
	free(before_ev);
}

/* The whole file is checked before anything is written: 50 good rows and
   a bad 52nd line leave nothing on file.  So do a wrong header, an empty
   file and no file. */
static void
no_half_import(void **state)
{
	struct buf b;
	char path[512];
	const char *why;
	int i;

	(void)state;
	buf_init(&b);
	buf_adds(&b, HEADER);
	for (i = 0; i < 50; i++)
		buf_printf(&b, "2026-%02d-%02d,letter,person,事项%d,%d,2026-11-30,grant\n",
		    i % 10 + 1, i % 27 + 1, i, i % 2);
	buf_adds(&b, "2026-11-02,letter,person,事项,0,2026-11-01,grant\n");
	assert_int_equal(import(b.s, NULL, NULL, 0, &why), -1);
	assert_non_null(strstr(why, "第52行"));
	buf_free(&b);
	(void)snprintf(path, sizeof(path), "%s/applications.csv", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	(void)snprintf(path, sizeof(path), "%s/events.csv", dir);
	assert_int_not_equal(access(path, F_OK), 0);

	assert_int_equal(import("when,channel\n2026-01-05,letter\n", NULL, NULL, 0,
	    &why), -1);
	assert_non_null(strstr(why, "第1行"));
	assert_non_null(strstr(why, "received,channel,applicant_kind"));
	assert_int_equal(import("", NULL, NULL, 0, &why), -1);
	assert_non_null(strstr(why, "文件为空或不存在"));
	(void)snprintf(path, sizeof(path), "%s/no-such-ledger.csv", dir);
	assert_int_equal(ledger_import(&site, path, NULL, NOW, stdout, &why), -1);
	assert_non_null(strstr(why, "文件为空或不存在"));
	(void)snprintf(path, sizeof(path), "%s/applications.csv", dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/*
 * The applications are written, then the events: when the events cannot
 * be written (here the file size limit, as a full disk would), the
 * applications written a moment before are cut off again.  events.csv is
 * made the larger file first, so that the limit stops it alone.
 */
static void
second_file_fails(void **state)
{
	struct buf b;
	struct rlimit old, lim;
	struct stat sa, se;
	char *apps0, *ev0, *apps1, *ev1, *pa, *pe;
	void (*was)(int);
	const char *why;
	int i, rc;

	(void)state;
	buf_init(&b);
	buf_adds(&b, HEADER);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "2026-%02d-10,fax,person,x,1,2026-11-30,grant\n", i % 10 + 1);
	assert_int_equal(import(b.s, NULL, NULL, 0, &why), 0);
	buf_free(&b);
	pa = site_data_path(&site, "applications.csv");
	pe = site_data_path(&site, "events.csv");
	assert_int_equal(stat(pa, &sa), 0);
	assert_int_equal(stat(pe, &se), 0);
	assert_true(sa.st_size + 2000 < se.st_size);	/* the premise */
	apps0 = data_file("applications.csv");
	ev0 = data_file("events.csv");

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)se.st_size + 1;
	was = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = import(HEADER "2026-11-02,letter,person,y,1,2026-11-03,grant\n",
	    NULL, NULL, 0, &why);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	(void)signal(SIGXFSZ, was);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(why, "写入失败"));
	apps1 = data_file("applications.csv");
	ev1 = data_file("events.csv");
	assert_string_equal(apps1, apps0);
	assert_string_equal(ev1, ev0);
	free(apps1);
	free(ev1);
	/* Without the limit the same file goes in, numbered as if nothing
	   had happened. */
	assert_int_equal(import(HEADER "2026-11-02,letter,person,y,1,2026-11-03,grant\n",
	    NULL, NULL, 0, &why), 0);
	apps1 = data_file("applications.csv");
	assert_non_null(strstr(apps1, "\"2026-000101\""));
	assert_null(strstr(apps1, "\"2026-000102\""));
	free(apps1);
	free(apps0);
	free(ev0);
	free(pa);
	free(pe);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(good_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(numbering_and_agency, setup, teardown),
		cmocka_unit_test_setup_teardown(edges_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_row_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(no_half_import, setup, teardown),
		cmocka_unit_test_setup_teardown(second_file_fails, setup, teardown),
	};

	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
