/*
 * Unit tests of annual: the shipped formats load; the vocabulary; every
 * name a format file may get wrong stops the load with file, line and
 * value; cells computed from made-up records; a failing check named; a
 * roll-up that meets a department's corrupt year stops instead of summing
 * it as empty; the layout every renderer draws covers each table's grid.
 */
#include "util.h"

#include <time.h>

#include "ogi/annual.h"
#include "ogi/site.h"

static struct site site;
static struct cases cs;
static struct an_formats fs;
static char *dir;		/* the records */
static time_t NOW;		/* 2026-12-31 12:00 in Beijing */

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
	if (cases_open(&cs, &site, &why) != 0 || an_load(&fs, "data", &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	an_free(&fs);
	cases_close(&cs);
	rm_rf(dir);
	free(dir);
	return 0;
}

/* Helpers */

static char *
path_in(const char *d, const char *name)
{
	size_t n = strlen(d) + strlen(name) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	(void)snprintf(p, n, "%s/%s", d, name);
	return p;
}

/* A copy of the shipped reference data, to spoil. */
static char *
conf_copy(void)
{
	char *d = tmpdir_new(), cmd[512];

	(void)snprintf(cmd, sizeof(cmd), "cp data/*.csv '%s'/", d);
	assert_int_equal(system(cmd), 0);
	return d;
}

/* Replace the first `from` in d/name by `to`; the line it is on. */
static int
spoil(const char *d, const char *name, const char *from, const char *to)
{
	char *p = path_in(d, name), *s, *at, *out, *c;
	size_t len = 0, n;
	int line = 1;

	s = read_file(p, &len);
	assert_non_null(s);
	at = strstr(s, from);
	assert_non_null(at);	/* the data still has what the test spoils */
	for (c = s; c < at; c++)
		line += *c == '\n';
	n = len - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	(void)snprintf(out, n + 1, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	write_file(p, out, n);
	free(out);
	free(s);
	free(p);
	return line;
}

/* The load fails, saying "d/name:line: msg". */
static void
refused(const char *d, const char *name, int line, const char *msg)
{
	struct an_formats bad;
	const char *why = NULL;
	char want[1024];

	(void)snprintf(want, sizeof(want), "%s/%s:%d: %s", d, name, line, msg);
	assert_int_equal(an_load(&bad, d, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, want);
	assert_int_equal(bad.n, 0);
	an_free(&bad);
}

/* One spoilt value, one refusal naming it. */
static void
spoilt(const char *name, const char *from, const char *to, const char *msg)
{
	char *d = conf_copy();
	int line = spoil(d, name, from, to);

	refused(d, name, line, msg);
	rm_rf(d);
	free(d);
}

static const struct an_row *
row(const struct an_format *f, const char *code)
{
	int i = an_row_index(f, code);

	assert_true(i >= 0);
	return &f->row[i];
}

/* A cell of t as the table prints it. */
static void
expect_cell(const struct an_table *t, const char *code, const char *col,
    const char *want)
{
	const struct an_row *r = row(t->f, code);
	int i = an_row_index(t->f, code), j = an_col_index(r->cs, col);
	struct buf b;

	assert_true(j >= 0);
	buf_init(&b);
	an_format_value(&b, t->v[i][j], r->decimals);
	if (strcmp(b.s, want) != 0)
		fprintf(stderr, "%s/%s: %s, wanted %s\n", code, col, b.s, want);
	assert_string_equal(b.s, want);
	buf_free(&b);
}

static void
set_cell(struct an_table *t, const char *code, const char *col, long long v)
{
	int i = an_row_index(t->f, code);

	assert_true(i >= 0);
	t->v[i][an_col_index(t->f->row[i].cs, col)] = v * 100;
}

/* An application by letter, received on `received`, of kind ("person",
   or an organisation's: "legal" …), for an agency (NULL: the site's). */
static void
new_case(const char *received, const char *kind, const char *agency,
    char id[16])
{
	char *vals[APP_FIELD__MAX], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { "信函", received, NULL, agency, 0 };
	const struct app_rec *dup;
	size_t i;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	if (strcmp(kind, "person") != 0) {
		vals[APP_APPLICANT_TYPE] = "org";
		vals[APP_ORG_KIND] = (char *)kind;
	}
	assert_int_equal(apps_submit(&cs.apps, vals, &how, NOW, id, code, &dup), APP_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
}

static void
act(const char *id, enum ev_type t, const char *date, const char *outcome,
    const char *reason)
{
	struct case_step s = { t, date, "clerk", outcome, reason, "note",
	    t == EV_ANSWER ? "email" : NULL, 0 };
	const char *msg;

	assert_int_equal(cases_act(&cs, id, &s, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
}

static void
write_year(const char *agency, int year, const char *body)
{
	char name[128], *d = path_in(dir, "annual"), *p;

	(void)mkdir(d, 0750);
	(void)snprintf(name, sizeof(name), "%s-%d.csv", agency, year);
	p = path_in(d, name);
	write_file(p, body, strlen(body));
	free(p);
	free(d);
}

/* The shipped formats */

static void
shipped_formats_load(void **state)
{
	const struct an_format *f08, *f21;
	const struct an_row *r;

	(void)state;
	assert_int_equal(fs.n, 2);
	f08 = an_format_for(&fs, 2016);
	f21 = an_format_for(&fs, 2022);
	assert_non_null(f08);
	assert_non_null(f21);
	assert_null(an_format_for(&fs, 2007));
	assert_string_equal(f08->name, "2008");
	assert_string_equal(f21->name, "2021");
	assert_false(f08->grid);
	assert_true(f21->grid);
	assert_int_equal(f08->nrow, 65);	/* the 2016 seed's rows */
	/* Decimals come from the file's column, not from the unit. */
	assert_int_equal(row(f08, "fee")->decimals, 2);
	assert_int_equal(row(f08, "o4")->decimals, 2);
	assert_int_equal(row(f08, "o3")->decimals, 0);
	assert_int_equal(row(f21, "s20_8a")->decimals, 2);
	/* Metrics, resolved. */
	r = row(f08, "a1_4");
	assert_int_equal(r->src, AN_COMPUTED);
	assert_int_equal(r->metric, AN_M_RECEIVED);
	assert_string_equal(app_channels[r->arg], "信函");
	assert_int_equal(row(f21, "n")->metric, AN_M_NEW);
	assert_int_equal(row(f21, "lit")->metric, AN_M_BY_COLUMN);
	assert_int_equal(row(f08, "rv1")->metric, AN_M_REVIEW);
	assert_string_equal(an_results[row(f08, "rv1")->arg], "upheld");
	/* Sums, resolved to their rows. */
	r = row(f08, "a3_4");
	assert_int_equal(r->src, AN_SUM);
	assert_int_equal(r->sum.n, 6);
	assert_string_equal(f08->row[r->sum.i[5]].code, "a3_4f");
	r = row(f21, "n");
	assert_string_equal(r->cs->name, AN_SET_APPLICANT);
	assert_int_equal(r->cs->col[6].parts.n, 6);	/* 总计 */
	/* The map and the checks. */
	assert_int_equal(f21->nmap, 29);
	assert_string_equal(f21->row[f21->map_ri[0]].code, "r1");
	assert_int_equal(f21->nchk, 2);
	assert_int_equal(f21->chk[1].r.next, 1);
	assert_string_equal(f21->row[f21->chk[1].r.i[0]].code, "c");
	assert_int_equal(f08->nchk, 1);
}

static void
vocabulary(void **state)
{
	enum an_metric m;
	int arg;

	(void)state;
	assert_int_equal(an_metric_parse("received:网络", &m, &arg), 0);
	assert_int_equal(m, AN_M_RECEIVED);
	assert_string_equal(app_channels[arg], "网络");
	assert_int_equal(an_metric_parse("result", &m, &arg), 0);
	assert_int_equal(m, AN_M_ANSWER);
	assert_int_equal(an_metric_parse("received", &m, &arg), -1);
	assert_int_equal(an_metric_parse("new:x", &m, &arg), -1);
	assert_int_equal(an_metric_parse("suit:open", &m, &arg), 0);
	assert_string_equal(an_results[arg], "open");
	assert_int_equal(an_lit_parse("suit_direct:open", &arg), AN_LIT_SUIT_DIRECT);
	assert_string_equal(an_results[arg], "open");
	assert_int_equal(an_lit_parse("suit_directly:open", &arg), AN_LIT_NONE);
	assert_int_equal(an_lit_parse("review:opened", &arg), AN_LIT_NONE);
	assert_int_equal(arg, -1);
	assert_true(an_applicant_type("person"));
	assert_true(an_applicant_type("legal"));
	assert_false(an_applicant_type("org"));
}

/* Each name a format file may get wrong */

static void
unknown_metric(void **state)
{
	(void)state;
	spoilt("format-2021.csv", "\"computed:new\"", "\"computed:recieved:online\"",
	    "unknown metric \"recieved:online\"");
	/* A known metric with an unknown channel. */
	spoilt("format-2008.csv", "computed:received:当面", "computed:received:在线",
	    "unknown metric \"received:在线\"");
	spoilt("format-2008.csv", "computed:review:upheld", "computed:review:kept",
	    "unknown metric \"review:kept\"");
	spoilt("format-2008.csv", "\"o3_2\",\"\",\"2.兼职人员数\",\"人\",\"0\",\"2\",\"v\",\"entered\"",
	    "\"o3_2\",\"\",\"2.兼职人员数\",\"人\",\"0\",\"2\",\"v\",\"enterd\"",
	    "unknown source \"enterd\"");
}

static void
unknown_outcome(void **state)
{
	(void)state;
	spoilt("outcome-map-2021.csv", "\"grant\",\"r1\"", "\"grnt\",\"r1\"",
	    "unknown outcome \"grnt\"");
	spoilt("outcome-map-2008.csv", "\"partial\",\"a3_3\"", "\"grant\",\"a3_3\"",
	    "outcome \"grant\" again");
}

static void
unknown_row(void **state)
{
	(void)state;
	/* In the outcome map. */
	spoilt("outcome-map-2021.csv", "\"partial\",\"r2\"", "\"partial\",\"r22\"",
	    "unknown row \"r22\"");
	spoilt("outcome-map-2021.csv", "\"partial\",\"r2\"", "\"partial\",\"n\"",
	    "row \"n\" does not count answers");
	/* In a sum. */
	spoilt("format-2021.csv", "+r6_3\"", "+r6_9\"", "unknown row \"r6_9\"");
	spoilt("format-2008.csv", "sum:a1_1+a1_2", "sum:a1_1+a\xE2\x80\x8B" "1_2",
	    "unknown row \"a\xE2\x80\x8B" "1_2\"");
	spoilt("format-2008.csv", "sum:a2_1+a2_2", "sum:a2_1+a2", "row \"a2\" is a sum of itself");
	spoilt("format-2021.csv", "sum:r1+r2+", "sum:r1+r2+r3+", "row \"r3\" is a heading");
	spoilt("format-2021.csv", "\"lit\",\"computed:by_column\"", "\"lit\",\"sum:r1\"",
	    "row \"r1\" is not in column set \"lit\"");
	/* A section is one table: a row of another column set in it. */
	spoilt("format-2021.csv", "\"applicant\",\"sum:", "\"lit\",\"sum:",
	    "column set \"lit\" in a section whose rows have \"applicant\"");
	/* A label too long for a table's cell. */
	spoilt("format-2021.csv", "\"（七）总计\"",
	    "\"（七）总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计"
	    "总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计"
	    "总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计"
	    "总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计总计\"",
	    "label longer than 120 characters");
}

static void
unknown_column_set(void **state)
{
	char *d;
	int line;

	(void)state;
	spoilt("format-2021.csv", "\"applicant\",\"computed:new\"",
	    "\"aplicant\",\"computed:new\"", "unknown column set \"aplicant\"");
	/* Columns: a sum of an unknown one, an applicant type, a litigation
	   result nobody decides. */
	spoilt("format-2021-columns.csv", "sum:person+", "sum:persn+",
	    "unknown column \"persn\"");
	spoilt("format-2021-columns.csv", "\"applicant\",\"legal\"",
	    "\"applicant\",\"lawyer\"", "unknown applicant type \"lawyer\"");
	d = conf_copy();
	line = spoil(d, "format-2021-columns.csv", "\"lit\",\"suit_after:other\"",
	    "\"lit\",\"suit_after:dismissed\"");
	(void)spoil(d, "format-2021-columns.csv", "+suit_after:other+",
	    "+suit_after:dismissed+");
	refused(d, "format-2021-columns.csv", line,
	    "unknown review or suit column \"suit_after:dismissed\"");
	rm_rf(d);
	free(d);
	spoilt("format-2008.csv", "\"万元\",\"2\"", "\"万元\",\"3\"",
	    "decimals \"3\" is not 0 to 2");
	/* formats.csv names a file that is not there. */
	d = conf_copy();
	line = spoil(d, "formats.csv", "\"format-2021-checks.csv\"",
	    "\"format-2021-chekcs.csv\"");
	{
		char msg[512];

		(void)snprintf(msg, sizeof(msg), "cannot read \"%s/format-2021-chekcs.csv\": "
		    "No such file or directory", d);
		refused(d, "formats.csv", line, msg);
	}
	rm_rf(d);
	free(d);
	spoilt("formats.csv", "\"2019\",\"2100\"", "\"2018\",\"2100\"",
	    "years 2018-2100 overlap format \"2008\"");
	spoilt("formats.csv", "\"grid\"", "\"grd\"", "unknown layout \"grd\"");
}

static void
unknown_check(void **state)
{
	(void)state;
	spoilt("format-2021-checks.csv", "\"n+c\",\"r7+o\"", "\"n+c\",\"r7+oo\"",
	    "unknown row \"oo\"");
	spoilt("format-2021-checks.csv", "\"o\",\"next:c\"", "\"o\",\"c+next:c\"",
	    "unknown row \"next:c\"");
	spoilt("format-2008-checks.csv", "\"o3\",\"o3_1+o3_2\"", "\"o\",\"o3_1+o3_2\"",
	    "row \"o\" is a heading");
	spoilt("format-2021-checks.csv", "\"n+c\",\"r7+o\"", "\"n+c\",\"r7+s20_8a\"",
	    "row \"s20_8a\" is not in column set \"applicant\"");
	spoilt("format-2021-checks.csv", "\"n+c\",\"r7+o\"", "\"n+c\",\"r7++o\"",
	    "no row code in \"+o\"");
}

/* Computation from made-up records */

static void
computed_cells(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2025);
	const char *scope[] = { "t" };
	struct an_year y, *yp = &y;
	struct an_table t;
	struct buf chk;
	char a[16], b[16], c[16], d[16];

	(void)state;
	/* a: a person's letter answered in the year, then a review upheld;
	   b: carried in from 2024, answered in part; c: still open at the
	   year's end; d: a law firm's, refused as a state secret. */
	new_case("2025-03-03", "person", NULL, a);
	act(a, EV_ANSWER, "2025-03-10", "grant", NULL);
	act(a, EV_REVIEW_FILED, "2025-04-01", NULL, NULL);
	act(a, EV_REVIEW_DECIDED, "2025-05-06", "upheld", NULL);
	new_case("2024-12-02", "person", NULL, b);
	act(b, EV_ANSWER, "2025-01-10", "partial", NULL);
	new_case("2025-11-03", "person", NULL, c);
	new_case("2025-02-03", "legal", NULL, d);
	act(d, EV_ANSWER, "2025-02-20", "refuse_state_secret", NULL);
	memset(&y, 0, sizeof(y));
	an_year_set(&y, "s20_8a", "amount", "0.25");
	an_compute(&t, f, &cs, scope, 1, &yp, 1, 2025);
	expect_cell(&t, "n", "person", "2");
	expect_cell(&t, "n", "legal", "1");
	expect_cell(&t, "n", "total", "3");
	expect_cell(&t, "c", "person", "1");
	expect_cell(&t, "r1", "person", "1");
	expect_cell(&t, "r2", "person", "1");
	expect_cell(&t, "r3_1", "legal", "1");
	expect_cell(&t, "r3_1", "person", "0");
	expect_cell(&t, "r7", "person", "2");
	expect_cell(&t, "r7", "total", "3");
	expect_cell(&t, "o", "person", "1");
	expect_cell(&t, "lit", "review:upheld", "1");
	expect_cell(&t, "lit", "review:total", "1");
	expect_cell(&t, "lit", "suit_direct:open", "0");
	expect_cell(&t, "s20_8a", "amount", "0.25");
	expect_cell(&t, "s20_1a", "made", "0");
	/* 一 + 二 = 三（七）+ 四 in every column: no check fails. */
	buf_init(&chk);
	assert_int_equal(an_checks(&t, NULL, &chk), 0);
	assert_string_equal(chk.s, "");
	buf_free(&chk);
	an_table_free(&t);
	/* The same records counted by the 2008-era list: received by letter,
	   concluded on time (b, answered after its due date 2024-12-30, is
	   not), answers by outcome. */
	an_compute(&t, an_format_for(&fs, 2016), &cs, scope, 1, &yp, 1, 2025);
	expect_cell(&t, "a1", "value", "3");
	expect_cell(&t, "a1_4", "value", "3");
	expect_cell(&t, "a1_1", "value", "0");
	expect_cell(&t, "a2_1", "value", "2");
	expect_cell(&t, "a2_2", "value", "1");
	expect_cell(&t, "a3_2", "value", "1");
	expect_cell(&t, "a3_3", "value", "1");
	expect_cell(&t, "a3_4a", "value", "1");
	expect_cell(&t, "a3_4", "value", "1");
	expect_cell(&t, "a3", "value", "3");
	expect_cell(&t, "rv1", "value", "1");
	expect_cell(&t, "rv", "value", "1");
	expect_cell(&t, "p", "value", "——");
	an_table_free(&t);
	an_year_free(&y);
}


/* The fees paid in a year (issue 23): an_fees_collected in 元, and a
   format's row computed:fees in its unit (万元 here: the 2008-era row 七
   switched to it in a copy of the data). */
static void
fees_collected(void **state)
{
	struct case_step notice = { EV_FEE_NOTICE, "2025-03-04", "clerk",
	    "pages", NULL, NULL, "250", 0 };
	struct case_step paid = { EV_FEE_PAID, "2025-03-11", "clerk", NULL,
	    "4700", NULL, "NO.1", 0 };
	const char *scope[] = { "t" }, *msg, *why = NULL;
	struct an_year y, *yp = &y;
	struct an_formats mine;
	struct an_table t;
	char a[16], b[16], c[16], *d;

	(void)state;
	new_case("2025-03-02", "person", NULL, a);
	assert_int_equal(cases_act(&cs, a, &notice, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	assert_int_equal(cases_act(&cs, a, &paid, NOW, &msg), CASE_OK);
	/* Another paid 10 元 in 2025; a third in 2026 does not count. */
	new_case("2025-12-01", "person", NULL, b);
	notice.date = "2025-12-02";
	notice.medium = "31";
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	assert_int_equal(cases_act(&cs, b, &notice, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	paid.date = "2025-12-03";
	paid.reason = "10";
	assert_int_equal(cases_act(&cs, b, &paid, NOW, &msg), CASE_OK);
	new_case("2025-12-15", "person", NULL, c);
	notice.date = "2025-12-16";
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	assert_int_equal(cases_act(&cs, c, &notice, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	paid.date = "2026-01-05";
	assert_int_equal(cases_act(&cs, c, &paid, NOW, &msg), CASE_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	assert_int_equal(an_fees_collected(&cs, scope, 1, 2025), 4710);
	assert_int_equal(an_fees_collected(&cs, scope, 1, 2026), 10);
	assert_int_equal(an_fees_collected(&cs, scope, 1, 2024), 0);

	d = conf_copy();
	(void)spoil(d, "format-2008.csv",
	    "\"fee\",\"\",\"七、依申请公开信息收取的费用\",\"万元\",\"2\",\"0\",\"v\",\"entered\"",
	    "\"fee\",\"\",\"七、依申请公开信息收取的费用\",\"万元\",\"2\",\"0\",\"v\",\"computed:fees\"");
	if (an_load(&mine, d, &why) != 0)
		fail_msg("%s", why);
	memset(&y, 0, sizeof(y));
	an_compute(&t, an_format_for(&mine, 2016), &cs, scope, 1, &yp, 1, 2025);
	expect_cell(&t, "fee", "value", "0.47");	/* 4710 元 */
	an_table_free(&t);
	an_free(&mine);
	rm_rf(d);
	free(d);
}

static void
values_and_decimals(void **state)
{
	struct buf b;
	long long v;

	(void)state;
	assert_int_equal(an_parse_value("1,234.25", 2, &v), 0);
	assert_int_equal(v, 123425);
	assert_int_equal(an_parse_value("1.5", 0, &v), -1);
	assert_int_equal(an_parse_value("1.255", 2, &v), -1);
	assert_int_equal(an_parse_value("", 2, &v), -1);
	buf_init(&b);
	an_format_value(&b, 150, 2);
	buf_adds(&b, " ");
	an_format_value(&b, 125, 2);
	buf_adds(&b, " ");
	an_format_value(&b, 200, 2);
	buf_adds(&b, " ");
	an_format_value(&b, 150, 0);
	buf_adds(&b, " ");
	an_format_value(&b, AN_NONE, 0);
	assert_string_equal(b.s, "1.5 1.25 2 1 ——");
	buf_free(&b);
}

/* A failing check, named with its rows and difference */

static void
failing_check_named(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2023);
	struct an_table t, next;
	struct buf out;

	(void)state;
	an_table_init(&t, f, 2023);
	set_cell(&t, "n", "person", 2);
	set_cell(&t, "c", "person", 1);
	set_cell(&t, "r7", "person", 1);
	set_cell(&t, "o", "person", 1);
	buf_init(&out);
	assert_int_equal(an_checks(&t, NULL, &out), 1);
	assert_string_equal(out.s, "第一项加第二项之和，等于第三项加第四项之和（自然人）："
	    "一、本年新收政府信息公开申请数量 + 二、上年结转政府信息公开申请数量 = 3，"
	    "（七）总计 + 四、结转下年度继续办理 = 2，相差 1\n");
	/* Next year's 上年结转 against this year's 结转下年度. */
	an_table_init(&next, f, 2024);
	set_cell(&next, "c", "person", 3);
	buf_reset(&out);
	assert_int_equal(an_checks(&t, &next, &out), 2);
	assert_non_null(strstr(out.s, "本年“结转下年度继续办理”等于下一年度“上年结转”（自然人）："
	    "四、结转下年度继续办理 = 1，2024年二、上年结转政府信息公开申请数量 = 3，相差 2\n"));
	/* Agreeing now. */
	set_cell(&t, "r7", "person", 2);
	set_cell(&next, "c", "person", 1);
	buf_reset(&out);
	assert_int_equal(an_checks(&t, &next, &out), 0);
	buf_free(&out);
	an_table_free(&next);
	an_table_free(&t);
}

/* The roll-up */

static void
rollup_stops_at_a_corrupt_department(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2024);
	const char *scope[] = { "region", "dept1", "dept2" };
	struct an_table t;
	struct buf err;
	char id[16], want[512];

	(void)state;
	new_case("2024-03-04", "person", "dept1", id);
	new_case("2024-03-05", "person", "dept2", id);
	new_case("2024-03-06", "person", "region", id);
	write_year("region", 2024, "\"code\",\"column\",\"value\"\n"
	    "\"s20_8a\",\"amount\",\"1\"\n");
	write_year("dept1", 2024, "\"code\",\"column\",\"value\"\n"
	    "\"s20_8a\",\"amount\",\"0.5\"\n");
	/* dept2 has entered nothing: that is an empty year. */
	buf_init(&err);
	assert_int_equal(an_compute_scope(&t, f, &cs, dir, scope, 3, NULL, 2024,
	    &err), 0);
	expect_cell(&t, "n", "person", "3");
	expect_cell(&t, "s20_8a", "amount", "1.5");
	an_table_free(&t);

	/* dept2's file is cut in the middle of a row's quotes. */
	write_year("dept2", 2024, "\"code\",\"column\",\"value\"\n"
	    "\"s20_8a\",\"amount\",\"2\"\n\"s20_5a\",\"decis\"ions\",\"1\"\n");
	assert_int_equal(an_compute_scope(&t, f, &cs, dir, scope, 3, NULL, 2024,
	    &err), -1);
	assert_null(t.v);
	(void)snprintf(want, sizeof(want), "%s/annual/dept2-2024.csv: row 3: ", dir);
	if (strncmp(err.s, want, strlen(want)) != 0)
		fprintf(stderr, "%s\n", err.s);
	assert_int_equal(strncmp(err.s, want, strlen(want)), 0);

	/* A department's entered cell that is not a number. */
	write_year("dept2", 2024, "\"code\",\"column\",\"value\"\n"
	    "\"s20_5a\",\"decisions\",\"1.5\"\n");
	buf_reset(&err);
	assert_int_equal(an_compute_scope(&t, f, &cs, dir, scope, 3, NULL, 2024,
	    &err), -1);
	(void)snprintf(want, sizeof(want), "%s/annual/dept2-2024.csv: s20_5a/decisions: "
	    "\"1.5\" is not a number with at most 0 decimals", dir);
	assert_string_equal(err.s, want);
	buf_free(&err);
}

static void
agencies_unknown_parent(void **state)
{
	struct an_agencies ag;
	struct site s = site;
	const char *why = NULL;
	char *d = tmpdir_new(), *p = path_in(d, "agencies.csv"), want[512];
	static const char good[] = "code,name,parent\nregion,区,\ndept1,甲局,region\n";
	static const char bad[] = "code,name,parent\nregion,区,\ndept1,甲局,regoin\n";

	(void)state;
	s.conf_dir = d;
	write_file(p, good, sizeof(good) - 1);
	assert_int_equal(an_agencies_load(&ag, &s, &why), 0);
	assert_int_equal(ag.n, 2);
	assert_true(an_has_children(&ag, "region"));
	an_agencies_free(&ag);
	write_file(p, bad, sizeof(bad) - 1);
	assert_int_equal(an_agencies_load(&ag, &s, &why), -1);
	(void)snprintf(want, sizeof(want), "%s:3: unknown parent \"regoin\"", p);
	assert_string_equal(why, want);
	assert_int_equal(ag.n, 0);
	free(p);
	rm_rf(d);
	free(d);
}

/*
 * The layout every renderer draws (an_layout): in each part of each
 * shipped format, every slot of the grid is covered by exactly one cell —
 * no hole, no overlap — headers first, then one row per row of the format
 * that has values, each value once, in its row and column; the 2021 grid
 * as the page shows it (申请人情况 over seven columns, （三）不予公开 over
 * its eight rows).
 */
/* an_diff: the cells where a table differs from its published snapshot. */
static void
diff_names_changed_cells(void **state)
{
	const struct an_format *f = an_format_for(&fs, 2022);
	struct an_table was, now;
	struct buf b;
	size_t i, j;

	(void)state;
	an_table_init(&was, f, 2022);
	an_table_init(&now, f, 2022);
	for (i = 0; i < f->nrow; i++)
		for (j = 0; j < f->row[i].cs->ncol; j++)
			was.v[i][j] = now.v[i][j] = 100;
	buf_init(&b);
	assert_int_equal(an_diff(&was, &now, &b), 0);
	assert_int_equal(b.len, 0);
	set_cell(&now, "n", "total", 3);
	assert_int_equal(an_diff(&was, &now, &b), 1);
	assert_string_equal(b.s, "一、本年新收政府信息公开申请数量（总计）：已发布 1，现为 3\n");
	buf_free(&b);
	an_table_free(&was);
	an_table_free(&now);
}

static void
layout_covers_the_grid(void **state)
{
	struct an_parts ps;
	struct an_table t;
	size_t i, k, n, values, want;
	int r, c, *hit, top = 0, group = 0;

	(void)state;
	for (i = 0; i < fs.n; i++) {
		an_table_init(&t, &fs.f[i], fs.f[i].from);
		an_layout(&ps, &t, NULL);
		assert_true(ps.n > 0);
		values = 0;
		for (k = 0; k < ps.n; k++) {
			const struct an_part *p = &ps.p[k];

			assert_true(p->nhead >= 1 && p->nrow > p->nhead && p->ncol >= 1);
			hit = xcalloc((size_t)(p->nrow * p->ncol), sizeof(*hit));
			for (n = 0; n < p->ncell; n++) {
				const struct an_cell *e = &p->cell[n];

				assert_true(e->rows >= 1 && e->cols >= 1);
				assert_true(e->row + e->rows <= p->nrow);
				assert_true(e->col + e->cols <= p->ncol);
				assert_true(n == 0 || e->row >= p->cell[n - 1].row);
				assert_true((e->kind == AN_C_NUM) == (e->text == NULL));
				assert_true((e->row < p->nhead) == (e->kind != AN_C_NUM &&
				    e->kind != AN_C_LABEL && e->kind != AN_C_UNIT &&
				    e->kind != AN_C_ROWGROUP));
				if (e->kind == AN_C_NUM)
					values++;
				if (e->kind == AN_C_TOP && e->cols == 7 &&
				    strcmp(e->text, "申请人情况") == 0)
					top++;
				if (e->kind == AN_C_ROWGROUP && e->rows == 8 &&
				    strncmp(e->text, "（三）不予公开", e->len) == 0)
					group++;
				for (r = e->row; r < e->row + e->rows; r++)
					for (c = e->col; c < e->col + e->cols; c++)
						hit[r * p->ncol + c]++;
			}
			for (r = 0; r < p->nrow; r++)
				for (c = 0; c < p->ncol; c++) {
					if (hit[r * p->ncol + c] != 1)
						fprintf(stderr, "%s part %zu: slot %d,%d "
						    "covered %d times\n", fs.f[i].name, k,
						    r, c, hit[r * p->ncol + c]);
					assert_int_equal(hit[r * p->ncol + c], 1);
				}
			free(hit);
		}
		for (want = 0, n = 0; n < fs.f[i].nrow; n++)
			if (fs.f[i].grid ? fs.f[i].row[n].src != AN_HEADING : 1)
				want += fs.f[i].grid ? fs.f[i].row[n].cs->ncol : 1;
		assert_int_equal(values, want);
		an_layout_free(&ps);
		an_table_free(&t);
	}
	assert_true(top >= 1);
	assert_true(group >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_formats_load),
		cmocka_unit_test(vocabulary),
		cmocka_unit_test(unknown_metric),
		cmocka_unit_test(unknown_outcome),
		cmocka_unit_test(unknown_row),
		cmocka_unit_test(unknown_column_set),
		cmocka_unit_test(unknown_check),
		cmocka_unit_test(computed_cells),
		cmocka_unit_test(values_and_decimals),
		cmocka_unit_test(failing_check_named),
		cmocka_unit_test(rollup_stops_at_a_corrupt_department),
		cmocka_unit_test(agencies_unknown_parent),
		cmocka_unit_test(fees_collected),
		cmocka_unit_test(layout_covers_the_grid),
		cmocka_unit_test(diff_names_changed_cells),
	};

	return cmocka_run_group_tests_name("annual", tests, setup, teardown);
}
