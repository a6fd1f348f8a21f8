/* Unit tests of html: escaping by context and the page frame. */
#include "util.h"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "ogi/buf.h"
#include "ogi/html.h"
#include "ogi/out.h"
#include "ogi/site.h"

static void
escapes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_esc(&b, "<script>alert(\"x\" & 'y')</script>");
	assert_string_equal(b.s, "&lt;script&gt;alert(&quot;x&quot; &amp; "
	    "&#39;y&#39;)&lt;/script&gt;");
	buf_reset(&b);
	html_esc(&b, "中文无需转义");
	assert_string_equal(b.s, "中文无需转义");
	buf_reset(&b);
	html_esc_lines(&b, "a<b\nc&d");
	assert_string_equal(b.s, "a&lt;b<br>c&amp;d");
	buf_reset(&b);
	html_urlarg(&b, "a b&c=中");
	assert_string_equal(b.s, "a%20b%26c%3D%E4%B8%AD");
	buf_free(&b);
}

static void
error_page(void **state)
{
	struct site site = { .body_name = "<示例>机关" };
	struct buf b;

	(void)state;
	buf_init(&b);
	html_error_page(&b, &site, 404, "找不到 <b>x</b>");
	assert_non_null(strstr(b.s, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(b.s, "页面不存在"));
	assert_non_null(strstr(b.s, "找不到 &lt;b&gt;x&lt;/b&gt;"));
	assert_non_null(strstr(b.s, "&lt;示例&gt;机关"));
	assert_null(strstr(b.s, "<b>"));
	assert_null(strstr(b.s, "<示例>"));
	assert_non_null(strstr(b.s, "</html>"));
	assert_string_equal(html_status_text(413), "Content Too Large");
	buf_free(&b);
}

/* Literal markup goes in as it is. */
static void
literal(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_lit(&b, "<p class=\"x\">");
	html_lit(&b, "a" "b");
	html_lit(&b, "");
	assert_string_equal(b.s, "<p class=\"x\">ab");
	assert_int_equal(b.len, strlen("<p class=\"x\">ab"));
	buf_free(&b);
}

/* html_printf: the format is markup, every %s escaped, numbers as such. */
static void
printf_escapes(void **state)
{
	struct buf b;
	const char *id = "2026-000123", *evil = "\"><script>&'";

	(void)state;
	buf_init(&b);
	html_printf(&b, "<a href=\"/requests/%s\">%s</a>", id, evil);
	assert_string_equal(b.s, "<a href=\"/requests/2026-000123\">"
	    "&quot;&gt;&lt;script&gt;&amp;&#39;</a>");
	buf_reset(&b);
	html_printf(&b, "%d|%5d|%-3d|%03d|%u|%ld|%lld|%zu|%zd|%x|%hhd|100%%",
	    -7, 42, 1, 5, 3000000000u, -2147483649L, 9007199254740993LL,
	    (size_t)18446744073709551615ULL, (ssize_t)-1, 255, 65);
	assert_string_equal(b.s, "-7|   42|1  |005|3000000000|-2147483649|"
	    "9007199254740993|18446744073709551615|-1|ff|65|100%");
	buf_reset(&b);
	html_printf(&b, "[%.10s][%.2s][%s][%.*s]", "2026-11-28 09:30", "<<<", "",
	    3, "a&bc");
	assert_string_equal(b.s, "[2026-11-28][&lt;&lt;][][a&amp;b]");
	buf_reset(&b);
	html_printf(&b, "no conversions <b>");
	assert_string_equal(b.s, "no conversions <b>");
	buf_free(&b);
}

/* Does html_printf_ with this format stop the program?  (The compiler
   refuses such formats when they are literals: -Wformat=2 -Werror.) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int
aborts(const char *fmt, const char *arg)
{
	int st;
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct buf b;

		buf_init(&b);
		html_printf_(&b, fmt, arg);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}
#pragma GCC diagnostic pop

/* A conversion html_printf does not know stops the program. */
static void
printf_refuses(void **state)
{
	(void)state;
	assert_true(aborts("%c", "x"));
	assert_true(aborts("%5s", "x"));
	assert_true(aborts("%p", "x"));
	assert_true(aborts("%n", "x"));
	assert_true(aborts("%f", "x"));
	assert_true(aborts("%*d", "x"));
	assert_true(aborts("%ls", "x"));
	assert_false(aborts("%s", "x"));
	assert_false(aborts("%.3s", "x"));
}

/* Options and their groups: values and labels escaped. */
static void
options(void **state)
{
	const char *open = NULL;
	struct buf b;

	(void)state;
	buf_init(&b);
	html_optgroup(&b, &open, "A&B");
	html_option(&b, "x\"y", "<1>", 1);
	html_optgroup(&b, &open, "A&B");
	html_option(&b, "", "全部", 0);
	html_optgroup(&b, &open, "C");
	html_optgroup(&b, &open, NULL);
	assert_string_equal(b.s, "<optgroup label=\"A&amp;B\">\n"
	    "<option value=\"x&quot;y\" selected>&lt;1&gt;</option>\n"
	    "<option value=\"\">全部</option>\n</optgroup>\n"
	    "<optgroup label=\"C\">\n</optgroup>\n");
	assert_null(open);
	buf_free(&b);
}

/* CSV: formula cells neutralised, every cell quoted, the BOM first. */
static void
csv_cells(void **state)
{
	const char *row[] = { "=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\ry",
	    "ok", "", "a\"b", "2026-000123" };
	char tmp[8];
	struct buf b;

	(void)state;
	buf_init(&b);
	out_csv_begin(&b);
	out_csv_row(&b, row, sizeof(row) / sizeof(row[0]));
	assert_string_equal(b.s, "\xEF\xBB\xBF\"'=1+1\",\"'+86\",\"'-3\","
	    "\"'@SUM(A1)\",\"'\tx\",\"'\ry\",\"ok\",\"\",\"a\"\"b\","
	    "\"2026-000123\"\n");
	assert_string_equal(out_csv_neutral("=HYPERLINK(1)", tmp, sizeof(tmp)),
	    "'=HYPER");
	assert_string_equal(out_csv_neutral("plain", tmp, sizeof(tmp)), "plain");
	assert_string_equal(out_csv_neutral("", tmp, sizeof(tmp)), "");
	assert_false(out_csv_formula("1-1"));
	assert_true(out_csv_formula("-"));
	buf_free(&b);
}

/* A formula hidden behind a blank or written full-width is a formula. */
static void
csv_formula_disguised(void **state)
{
	static const char *const hidden[] = {
		" =1+1", "\xC2\xA0=1+1", "\xE2\x80\x8B=HYPERLINK(\"x\")",
		"\xE2\x80\xA8@SUM(A1)", "\xE3\x80\x80+1", "\xEF\xBB\xBF-1",
		"\xEF\xBC\x9D" "1+1", "\xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "1",
		"\xEF\xBC\xA0" "A1", "  \xC2\xA0 =x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		assert_true(out_csv_formula(hidden[i]));
	assert_false(out_csv_formula(" 1+1"));
	assert_false(out_csv_formula("\xC2\xA0\xE4\xB8\x80"));	/* NBSP 一 */
	assert_false(out_csv_formula("\xEF\xBC\x91"));		/* １ */
	assert_false(out_csv_formula("   "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes),
		cmocka_unit_test(error_page),
		cmocka_unit_test(literal),
		cmocka_unit_test(printf_escapes),
		cmocka_unit_test(printf_refuses),
		cmocka_unit_test(options),
		cmocka_unit_test(csv_cells),
		cmocka_unit_test(csv_formula_disguised),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
