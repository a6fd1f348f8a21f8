/* Unit tests of cal: dates and working days from data/holidays.csv. */
#include "util.h"

#include "ogi/cal.h"

static struct cal c;

static int
setup(void **state)
{
	const char *why = NULL;

	(void)state;
	if (cal_load(&c, "data/holidays.csv", &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cal_free(&c);
	return 0;
}

static cal_day
D(const char *s)
{
	cal_day d;

	assert_int_equal(cal_parse(s, &d), 0);
	return d;
}

static void
expect_add(const char *start, int n, const char *want)
{
	char got[CAL_DATE_LEN];
	cal_day d;

	assert_int_equal(cal_add_workdays(&c, D(start), n, &d), 0);
	cal_format(d, got);
	assert_string_equal(got, want);
}

static void
dates(void **state)
{
	char s[CAL_DATE_LEN];
	cal_day d;
	int y, m, dd;

	(void)state;
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(cal_weekday(D("1970-01-01")), 4);	/* Thursday */
	assert_int_equal(cal_weekday(D("2026-02-13")), 5);	/* Friday */
	assert_int_equal(cal_weekday(D("2026-11-29")), 7);	/* Sunday */
	cal_format(D("2024-02-29"), s);
	assert_string_equal(s, "2024-02-29");
	cal_to_ymd(D("2000-03-01") - 1, &y, &m, &dd);
	assert_true(y == 2000 && m == 2 && dd == 29);
	assert_int_equal(cal_parse("2025-02-29", &d), -1);
	assert_int_equal(cal_parse("1900-02-29", &d), -1);	/* not a leap year */
	assert_int_equal(cal_parse("2000-02-29", &d), 0);
	assert_int_equal(d, D("2000-03-01") - 1);
	assert_int_equal(cal_parse("2026-12-31", &d), 0);
	assert_int_equal(cal_parse("2026-13-01", &d), -1);
	assert_int_equal(cal_parse("2026", &d), -1);
	assert_int_equal(cal_parse("2026-04-31", &d), -1);
	assert_int_equal(cal_parse("2026-4-1", &d), -1);
	assert_int_equal(cal_parse("2026-04-01x", &d), -1);
	assert_int_equal(cal_parse("", &d), -1);
}

static void
calendar_covers_2004_to_ten_years_ahead(void **state)
{
	(void)state;
	assert_int_equal(c.first_year, 2004);
	assert_true(c.last_year >= 2036);
	assert_int_equal(cal_year_status(&c, 2026), CAL_Y_OFFICIAL);
	assert_int_equal(cal_year_status(&c, 2027), CAL_Y_PROVISIONAL);
	assert_int_equal(cal_year_status(&c, 2036), CAL_Y_PROVISIONAL);
	assert_int_equal(cal_year_status(&c, c.last_year + 1), CAL_Y_NONE);
	assert_int_equal(cal_kind_of(&c, D("2026-02-14")), CAL_MAKEUP);
	assert_int_equal(cal_kind_of(&c, D("2026-02-16")), CAL_HOLIDAY);
	assert_string_equal(cal_name_of(&c, D("2026-02-16")), "春节");
	assert_int_equal(cal_kind_of(&c, D("2026-03-01")), CAL_WEEKEND);
	assert_int_equal(cal_kind_of(&c, D("2026-03-02")), CAL_WORK);
	assert_int_equal(cal_kind_of(&c, D("2027-01-04")), CAL_WORK);
	assert_int_equal(cal_kind_of(&c, D("2027-01-01")), CAL_HOLIDAY);
	assert_string_equal(cal_name_of(&c, D("2027-01-01")), "元旦");
	assert_int_equal(cal_provisional(&c, D("2026-12-31")), 0);
	assert_int_equal(cal_provisional(&c, D("2027-01-04")), 1);
	assert_int_equal(cal_kind_of(&c, D("2003-12-31")), CAL_UNKNOWN);
	assert_int_equal(cal_is_workday(&c, D("2003-12-31")), -1);
	/* Past the file's last year: weekends only, and provisional. */
	assert_int_equal(cal_kind_of(&c, cal_from_ymd(c.last_year + 1, 1, 1)),
	    cal_weekday(cal_from_ymd(c.last_year + 1, 1, 1)) >= 6 ?
	    CAL_WEEKEND : CAL_WORK);
	assert_int_equal(cal_provisional(&c, cal_from_ymd(c.last_year + 5, 3, 3)), 1);
}

/*
 * Received Friday 2026-02-13; 20 working days (2019 条例).  The day of
 * receipt does not count.  Sat 2-14 is worked (1); 2-15 to 2-23 are the
 * Spring Festival; Tue 2-24 to Fri 2-27 (2-5); Sat 2-28 worked (6);
 * 3-2 to 3-6 (7-11); 3-9 to 3-13 (12-16); 3-16 to 3-19 (17-20).
 */
static void
spring_festival_2026(void **state)
{
	(void)state;
	expect_add("2026-02-13", 20, "2026-03-19");
	expect_add("2026-02-13", 1, "2026-02-14");
	expect_add("2026-02-13", 2, "2026-02-24");
	assert_int_equal(cal_workdays_between(&c, D("2026-02-13"), D("2026-03-19")), 20);
}

/*
 * Received Wednesday 2026-09-30: National Day 10-1 to 10-7 off; Thu 10-8
 * (1), Fri 10-9 (2), Sat 10-10 worked (3), 10-12 to 10-16 (4-8), 10-19 to
 * 10-23 (9-13), 10-26 to 10-30 (14-18), Mon 11-2 (19), Tue 11-3 (20).
 * Received on the holiday Saturday 10-3 the count is the same: no working
 * day lies between.  Mid-Autumn: received Thu 9-24, 9-25 to 9-27 off,
 * Mon 9-28 (1), 9-29 (2), 9-30 (3).
 */
static void
national_day_2026(void **state)
{
	(void)state;
	expect_add("2026-09-30", 20, "2026-11-03");
	expect_add("2026-10-03", 20, "2026-11-03");
	expect_add("2026-10-03", 5, "2026-10-13");
	expect_add("2026-09-24", 3, "2026-09-30");
}

/*
 * A 2018 case (2008 条例, 15 working days), received Friday 2018-04-27:
 * Sat 4-28 worked (1); 4-29 to 5-1 Labour Day; 5-2 to 5-4 (2-4); 5-7 to
 * 5-11 (5-9); 5-14 to 5-18 (10-14); Mon 5-21 (15).
 * A 2019 case received Monday 2019-05-20 (20 working days): 5-21 to 5-24
 * (1-4); 5-27 to 5-31 (5-9); 6-3 to 6-6 (10-13); Fri 6-7 is 端午;
 * 6-10 to 6-14 (14-18); 6-17 (19), Tue 6-18 (20).
 */
static void
regulations_2018_and_2019(void **state)
{
	(void)state;
	expect_add("2018-04-27", 15, "2018-05-21");
	expect_add("2019-05-20", 20, "2019-06-18");
}

/*
 * Received Tuesday 2026-12-15, 20 working days.  December 2026 is
 * official and has no holiday: 12-16 to 12-18 (1-3), 12-21 to 12-25
 * (4-8), 12-28 to 12-31 (9-12).  2027 has no notice yet: Friday 2027-01-01
 * is 元旦 by law (provisional), 1-2 and 1-3 the weekend; 1-4 to 1-8
 * (13-17), 1-11 to 1-13 (18-20).  Due 2027-01-13, provisional from
 * 2027-01-01.
 */
static void
into_2027_over_new_year(void **state)
{
	(void)state;
	expect_add("2026-12-15", 20, "2027-01-13");
	assert_int_equal(cal_first_provisional(&c, D("2026-12-15"), D("2027-01-13")),
	    D("2027-01-01"));
	assert_int_equal(cal_first_provisional(&c, D("2026-12-15"), D("2026-12-31")), -1);
	assert_int_equal(cal_workdays_between(&c, D("2026-12-20"), D("2027-01-10")), 14);
	/* Within 2026 it is official. */
	expect_add("2026-12-20", 5, "2026-12-25");
}

/*
 * Received Monday 2027-01-25.  春节 2027 by the 2025 rule: 除夕 Friday
 * 2-05 through 初三 Monday 2-08, so 2-05 and 2-08 are holidays besides the
 * weekend.  1-26 to 1-29 (1-4), 2-01 to 2-04 (5-8), 2-09 to 2-12 (9-12),
 * 2-15 to 2-19 (13-17), 2-22 to 2-24 (18-20): due 2027-02-24.
 */
static void
spring_festival_2027(void **state)
{
	(void)state;
	assert_int_equal(cal_kind_of(&c, D("2027-02-05")), CAL_HOLIDAY);
	assert_int_equal(cal_kind_of(&c, D("2027-02-08")), CAL_HOLIDAY);
	assert_int_equal(cal_kind_of(&c, D("2027-02-09")), CAL_WORK);
	expect_add("2027-01-25", 20, "2027-02-24");
}

/*
 * The 20th working day would be Wednesday 2027-06-09, 端午节 by law:
 * received Wednesday 2027-05-12, 5-13 to 5-14 (1-2), 5-17 to 5-21 (3-7),
 * 5-24 to 5-28 (8-12), 5-31 to 6-04 (13-17), 6-07 to 6-08 (18-19); 6-09
 * is skipped, so the 20th is Thursday 2027-06-10.
 */
static void
ends_on_a_provisional_day(void **state)
{
	(void)state;
	assert_string_equal(cal_name_of(&c, D("2027-06-09")), "端午节");
	expect_add("2027-05-12", 19, "2027-06-08");
	expect_add("2027-05-12", 20, "2027-06-10");
}

static void
bad_calendar_files(void **state)
{
	char *dir = tmpdir_new(), path[256];
	struct cal bad;
	const char *why = NULL;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/h.csv", dir);
	write_file(path, "date,kind,name\n2026-13-01,holiday,x\n", 36);
	assert_int_equal(cal_load(&bad, path, &why), -1);
	assert_non_null(strstr(why, "2026-13-01"));
	write_file(path, "date,kind,name\n2026-10-01,day off,x\n", 36);
	assert_int_equal(cal_load(&bad, path, &why), -1);
	write_file(path, "date,kind,name\n", 15);
	assert_int_equal(cal_load(&bad, path, &why), -1);
	/* One year is either the notice or the law's festivals, not both. */
	write_file(path, "date,kind,name\n2027-01-01,holiday,x\n2027-02-05,provisional,y\n", 62);
	assert_int_equal(cal_load(&bad, path, &why), -1);
	assert_non_null(strstr(why, "2027: both official and provisional"));
	write_file(path, "date,kind,name\n2027-01-01,holiday,x\n2027-01-01,workday,y\n", 58);
	assert_int_equal(cal_load(&bad, path, &why), -1);
	assert_non_null(strstr(why, "2027-01-01: listed twice"));
	rm_rf(dir);
	free(dir);
}

/* An imported official year replaces that year's provisional rows. */
static void
imported_year_replaces_provisional(void **state)
{
	static const char ov[] = "date,kind,name\n"
	    "2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n"
	    "2027-01-03,holiday,元旦\n2027-01-09,workday,元旦调休上班\n";
	char *dir = tmpdir_new(), path[256];
	struct cal n;
	const char *why = NULL;

	(void)state;
	(void)snprintf(path, sizeof(path), "%s/imported.csv", dir);
	write_file(path, ov, sizeof(ov) - 1);
	assert_int_equal(cal_load_with(&n, "data/holidays.csv", path, &why), 0);
	assert_int_equal(cal_year_status(&n, 2027), CAL_Y_OFFICIAL);
	assert_int_equal(cal_year_status(&n, 2028), CAL_Y_PROVISIONAL);
	/* The made-up notice has no 春节: the provisional rows are gone. */
	assert_int_equal(cal_kind_of(&n, D("2027-02-05")), CAL_WORK);
	assert_int_equal(cal_kind_of(&n, D("2027-01-09")), CAL_MAKEUP);
	assert_int_equal(cal_first_provisional(&n, D("2026-12-15"), D("2027-12-31")), -1);
	/* Saturday 2027-01-09 worked: 12-15 + 20 ends on 2027-01-12. */
	{
		cal_day d;
		char got[CAL_DATE_LEN];

		assert_int_equal(cal_add_workdays(&n, D("2026-12-15"), 20, &d), 0);
		cal_format(d, got);
		assert_string_equal(got, "2027-01-12");
	}
	cal_free(&n);
	/* The import may not hold provisional rows. */
	write_file(path, "date,kind,name\n2027-01-01,provisional,x\n", 40);
	assert_int_equal(cal_load_with(&n, "data/holidays.csv", path, &why), -1);
	assert_non_null(strstr(why, "imported.csv"));
	/* No import at all: the reference file alone. */
	(void)snprintf(path, sizeof(path), "%s/none.csv", dir);
	assert_int_equal(cal_load_with(&n, "data/holidays.csv", path, &why), 0);
	assert_int_equal(cal_year_status(&n, 2027), CAL_Y_PROVISIONAL);
	cal_free(&n);
	rm_rf(dir);
	free(dir);
}

/* The memo gives what cal_parse gives, whatever came before: the same
   date, a prefix of it, "", a bad date after a good one. */
static void
parse_memo_matches_parse(void **state)
{
	static const char *const seq[] = { "2026-11-28", "2026-11-28",
	    "2026-11-2", "", "2026-11-28", "2026-11-29", "2026-02-29",
	    "2026-11-28x", "2026-11-28", "2024-02-29", "", "x" };
	struct cal_memo m;
	cal_day a, b;
	size_t i;
	int ra, rb;

	(void)state;
	memset(&m, 0, sizeof(m));
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		a = b = -7;
		ra = cal_parse(seq[i], &a);
		rb = cal_parse_memo(&m, seq[i], &b);
		assert_int_equal(ra, rb);
		if (ra == 0)
			assert_int_equal(a, b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates),
		cmocka_unit_test(parse_memo_matches_parse),
		cmocka_unit_test(calendar_covers_2004_to_ten_years_ahead),
		cmocka_unit_test(spring_festival_2026),
		cmocka_unit_test(national_day_2026),
		cmocka_unit_test(regulations_2018_and_2019),
		cmocka_unit_test(into_2027_over_new_year),
		cmocka_unit_test(spring_festival_2027),
		cmocka_unit_test(ends_on_a_provisional_day),
		cmocka_unit_test(imported_year_replaces_provisional),
		cmocka_unit_test(bad_calendar_files),
	};

	return cmocka_run_group_tests_name("cal", tests, setup, teardown);
}
