/*
 * Unit tests of report: the shipped report data loads; the drafted
 * sentences follow the table (none, one, extended, by outcome); the
 * text-table check finds a number next to a counted thing that disagrees,
 * in ASCII or full-width digits, and leaves other numbers alone.
 */
#include "util.h"

#include "ogi/annual.h"
#include "ogi/report.h"
#include "ogi/site.h"

static struct an_formats fs;
static struct reports rs;
static struct site site;

static int
setup(void **state)
{
	const char *why = NULL;

	(void)state;
	TEST_SITE(site, "/nonexistent", "t", "示例局");
	site.phone = "0000-1";
	if (an_load(&fs, "data", &why) != 0 || report_load(&rs, &fs, "data", &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	report_free(&rs);
	an_free(&fs);
	return 0;
}

static void
set_cell(struct an_table *t, const char *code, const char *col, long long v)
{
	int i = an_row_index(t->f, code);

	assert_true(i >= 0);
	t->v[i][col != NULL ? an_col_index(t->f->row[i].cs, col) : 0] = v * 100;
}

static const struct report_section *
section(const struct report_format *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nsec; i++)
		if (strcmp(r->sec[i].key, key) == 0)
			return &r->sec[i];
	fail();
	return NULL;
}

static void
zero(struct an_table *t)
{
	size_t i, j;

	for (i = 0; i < t->f->nrow; i++)
		for (j = 0; j < t->f->row[i].cs->ncol; j++)
			t->v[i][j] = 0;
}

static void
drafts_2008(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2016);
	const struct report_format *r = report_for(&rs, f);
	struct an_table t;
	struct buf b, w;

	(void)state;
	assert_non_null(r);
	an_table_init(&t, f, 2016);
	zero(&t);
	buf_init(&b);
	buf_init(&w);
	report_draft(&b, r, section(r, "request"), &t, &site, "示例局");
	assert_string_equal(b.s, "2016年，示例局未收到依申请公开政府信息申请。");
	buf_reset(&b);
	report_draft(&b, r, section(r, "review"), &t, &site, "示例局");
	assert_string_equal(b.s, "2016年，示例局未接到政府信息公开工作行政复议、诉讼和申诉。");
	/* Three received and answered, one late, two outcomes. */
	set_cell(&t, "a1", NULL, 3);
	set_cell(&t, "a2", NULL, 3);
	set_cell(&t, "a2_1", NULL, 2);
	set_cell(&t, "a2_2", NULL, 1);
	set_cell(&t, "a3", NULL, 3);
	set_cell(&t, "a3_2", NULL, 2);
	set_cell(&t, "a3_6", NULL, 1);
	set_cell(&t, "lt", NULL, 1);
	buf_reset(&b);
	report_draft(&b, r, section(r, "request"), &t, &site, "示例局");
	assert_string_equal(b.s, "2016年，示例局收到3件依申请公开政府信息申请，答复3件，"
	    "同意公开的2件，申请信息不存在的1件，按时办结2件，延期办结1件。");
	buf_reset(&b);
	report_draft(&b, r, section(r, "review"), &t, &site, "示例局");
	assert_string_equal(b.s, "2016年，示例局涉及政府信息公开工作的行政复议0件，"
	    "行政诉讼1件，举报投诉0件。");
	/* Its own draft agrees with the table. */
	assert_int_equal(report_check(r, &t, b.s, &w), 0);
	buf_reset(&b);
	report_draft(&b, r, section(r, "opening"), &t, &site, "示例局");
	assert_non_null(strstr(b.s, "从2016年1月1日起至2016年12月31日止"));
	assert_non_null(strstr(b.s, "电话：0000-1"));
	/* A narrative section has no draft. */
	buf_reset(&b);
	report_draft(&b, r, section(r, "overview"), &t, &site, "示例局");
	assert_int_equal(b.len, 0);
	buf_free(&b);
	buf_free(&w);
	an_table_free(&t);
}

static void
check_finds_disagreement(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2016);
	const struct report_format *r = report_for(&rs, f);
	struct an_table t;
	struct buf b, w;

	(void)state;
	an_table_init(&t, f, 2016);
	zero(&t);
	set_cell(&t, "a1", NULL, 1);
	set_cell(&t, "a3", NULL, 1);
	buf_init(&b);
	buf_init(&w);
	assert_int_equal(report_check(r, &t, "2016年，全市收到1件依申请公开政府信息申请，"
	    "并按时限要求进行了答复。", &b), 0);
	assert_int_equal(report_check(r, &t, "2016年，全市收到2件依申请公开政府信息申请，"
	    "并按时限要求进行了答复。", &b), 1);
	assert_string_equal(b.s, "「全市收到2件依申请公开政府信息申请」：文中为2件，"
	    "统计表“收到申请数”为1件\n");
	/* Full-width digits and a space before 件; 答复 and 复议 each its own. */
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "共答复２ 件；行政复议3件、行政诉讼0件。", &b), 2);
	assert_non_null(strstr(b.s, "文中为2件，统计表“申请答复数”为1件"));
	assert_non_null(strstr(b.s, "「行政复议3件」：文中为3件，统计表“行政复议数量”为0件"));
	/* In Chinese numerals: 一 agrees, 两 and 十二 do not; ordinals and
	   每一件 are not counts. */
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "全年共收到一件申请，答复一件。", &b), 0);
	assert_int_equal(report_check(r, &t, "全年共收到两件申请。", &b), 1);
	assert_string_equal(b.s, "「全年共收到两件申请」：文中为两件（2件），"
	    "统计表“收到申请数”为1件\n");
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "收到十二件申请；答复一百零五件；"
	    "行政复议二十件。", &b), 3);
	assert_non_null(strstr(b.s, "文中为十二件（12件）"));
	assert_non_null(strstr(b.s, "文中为一百零五件（105件）"));
	assert_non_null(strstr(b.s, "文中为二十件（20件）"));
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "第二件申请已答复，每一件申请都按时答复，"
	    "统一件申请", &b), 0);
	/* Not numbers: 十十, 百千, 一二, 万万. */
	assert_int_equal(report_check(r, &t, "收到十十件申请，收到百千件申请，"
	    "收到一二件申请，收到一万万件申请", &b), 0);
	/* 一万二千件 is 12000. */
	assert_int_equal(report_check(r, &t, "收到一万二千零三件申请", &b), 1);
	assert_non_null(strstr(b.s, "（12003件）"));
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	/* A number too long to be a count: left alone (it once overflowed). */
	assert_int_equal(report_check(r, &t, "收到99999999999999999999999件申请",
	    &b), 0);
	/* Numbers of other things, years, percentages: left alone. */
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "2016年收到网上信访25件，办结22件，"
	    "承办建议47件，答复率100%。", &b), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	buf_free(&w);
	an_table_free(&t);
}

static void
drafts_2021(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2021);
	const struct report_format *r = report_for(&rs, f);
	struct an_table t;
	struct buf b, w;

	(void)state;
	an_table_init(&t, f, 2021);
	zero(&t);
	set_cell(&t, "n", "total", 5);
	set_cell(&t, "c", "total", 1);
	set_cell(&t, "r7", "total", 4);
	set_cell(&t, "r1", "total", 2);
	set_cell(&t, "o", "total", 2);
	buf_init(&b);
	buf_init(&w);
	report_draft(&b, r, section(r, "request"), &t, &site, "示例局");
	assert_string_equal(b.s, "2021年，示例局新收政府信息公开申请5件，上年结转1件；"
	    "本年度办理完毕4件，其中予以公开2件；结转下年度继续办理2件。");
	assert_int_equal(report_check(r, &t, b.s, &w), 0);
	buf_reset(&b);
	assert_int_equal(report_check(r, &t, "结转下年度继续办理3件。", &b), 1);
	assert_non_null(strstr(b.s, "统计表“结转下年度继续办理”为2件"));
	buf_free(&b);
	buf_free(&w);
	an_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drafts_2008),
		cmocka_unit_test(check_finds_disagreement),
		cmocka_unit_test(drafts_2021),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
